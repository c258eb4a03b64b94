"""Knowledge management for editors: upload files (ingested in the background, with live progress), list,
delete, re-ingest."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from core.errors import ErrorCode, RagloopError
from core.runtime import Runtime
from ingest import MAX_FILES_PER_UPLOAD, Source, Uploads, get_document, list_documents
from web.deps import EditorUser, RuntimeDep
from web.render import render

router = APIRouter()


def _documents(runtime: Runtime) -> list:
    with runtime.session() as session:
        return list_documents(session=session)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, editor: EditorUser, runtime: RuntimeDep):
    settings = runtime.settings
    return render(request, "documents.html", {
        "documents": _documents(runtime), "collection": settings.default_collection,
        "max_files": MAX_FILES_PER_UPLOAD, "max_bytes": settings.max_upload_bytes})


@router.post("/documents/upload", response_class=HTMLResponse)
async def upload(request: Request, editor: EditorUser, runtime: RuntimeDep):
    settings = runtime.settings
    declared = int(request.headers.get("content-length") or 0)
    if declared > settings.max_upload_bytes * MAX_FILES_PER_UPLOAD:
        raise RagloopError(ErrorCode.TOO_LARGE, "the upload is larger than the limit for one request")
    form = await request.form(max_files=MAX_FILES_PER_UPLOAD, max_fields=10)
    files = [item for item in form.getlist("files") if hasattr(item, "filename") and item.filename]
    # Read one byte past the limit: enough to tell an oversized file, never the whole of it.
    contents = [(item.filename, await item.read(settings.max_upload_bytes + 1)) for item in files]
    batch = Uploads(settings).save(contents)
    job = runtime.jobs.submit(batch.sources, collection=settings.default_collection, total=batch.count)
    return render(request, "_job.html", {"job": job})


@router.get("/documents/jobs/{job_id}", response_class=HTMLResponse)
def job_status(job_id: str, request: Request, editor: EditorUser, runtime: RuntimeDep):
    job = runtime.jobs.get(job_id)
    if job is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no such ingestion job (finished jobs are forgotten after a while)")
    return render(request, "_job.html", {"job": job})


def _document(runtime: Runtime, document_id: str):
    with runtime.session() as session:
        row = get_document(session=session, document_id=document_id)
    if row is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no such document")
    return row


@router.post("/documents/{document_id}/delete", response_class=HTMLResponse)
def delete_document(document_id: str, request: Request, editor: EditorUser, runtime: RuntimeDep):
    source = _document(runtime, document_id).source
    runtime.pipeline.delete(document_id=document_id)
    Uploads(runtime.settings).forget(source)
    return render(request, "_documents_table.html", {"documents": _documents(runtime)})


@router.post("/documents/{document_id}/reingest", response_class=HTMLResponse)
def reingest_document(document_id: str, request: Request, editor: EditorUser, runtime: RuntimeDep):
    row = _document(runtime, document_id)
    source, collection = row.source, row.collection
    path = Uploads(runtime.settings).path_of(source)
    if path is None:
        raise RagloopError(ErrorCode.NOT_FOUND, f"the file behind {source} is no longer available")
    pipeline = runtime.pipeline
    job = runtime.jobs.submit(lambda: [Source(source, s.load) for s in pipeline.discover([str(path)])],
                              collection=collection, total=1, force=True)
    return render(request, "_job.html", {"job": job})
