"""Knowledge management for editors: upload files (ingested in the background, with live progress), list,
delete, re-ingest."""

from __future__ import annotations

from typing import Annotated

from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from core import audit
from core.errors import ErrorCode, RagloopError
from core.runtime import Runtime
from ingest import (MAX_FILES_PER_UPLOAD, SUPPORTED_SUFFIXES, UPLOAD_PREFIX, Job, Uploads, get_document, list_documents,
                    reingest_spec)
from web.auth import Access, Principal, checked_collection
from web.deps import AccessDep, EditorUser, RuntimeDep
from web.render import render

router = APIRouter()


def readable_documents(runtime: Runtime, access: Access, collection: str | None = None) -> list:
    """The documents of the collections the caller may read (of one collection)."""
    with runtime.session() as session:
        return [d for d in list_documents(session=session, collection=collection) if access.can_read(d.collection)]


def _writable(runtime: Runtime, access: Access, documents: list) -> list[str]:
    """The collections the caller may upload to: the default one and those holding documents, and those granted."""
    known = {runtime.settings.default_collection} | {d.collection for d in documents} | access.writable
    return sorted(c for c in known if access.can_write(c))


def listing(request: Request, runtime: Runtime, access: Access) -> dict:
    """The documents list as the page shows it: every readable document, and the collection the page is filtered
    to (from its address, also when an htmx request refreshes the list)."""
    url = request.headers.get("hx-current-url") or str(request.url)
    shown = (parse_qs(urlsplit(url).query).get("collection") or [""])[0][:200] or None
    return {"documents": readable_documents(runtime, access), "shown_collection": shown}


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, editor: EditorUser, access: AccessDep, runtime: RuntimeDep,
                   collection: Annotated[str | None, Query(max_length=200, description="list one collection")] = None):
    settings = runtime.settings
    shown = listing(request, runtime, access)
    return render(request, "documents.html", {
        **shown, "collection": collection or settings.default_collection,
        "writable": _writable(runtime, access, shown["documents"]),
        "max_files": MAX_FILES_PER_UPLOAD, "max_bytes": settings.max_upload_bytes,
        "accept": ",".join(sorted(SUPPORTED_SUFFIXES | {".zip"}))})


async def start_upload(request: Request, editor: Principal, access: Access, runtime: Runtime) -> Job:
    """The upload use case, for the page and the JSON API: multipart `files` and an optional `collection`, within
    the limits; the files are kept and an ingestion job is queued."""
    settings = runtime.settings
    declared = int(request.headers.get("content-length") or 0)
    if declared > settings.max_upload_bytes * MAX_FILES_PER_UPLOAD:
        raise RagloopError(ErrorCode.TOO_LARGE, "the upload is larger than the limit for one request")
    form = await request.form(max_files=MAX_FILES_PER_UPLOAD, max_fields=10)
    collection = checked_collection(str(form.get("collection") or settings.default_collection))
    access.check_write(collection)
    files = [item for item in form.getlist("files") if hasattr(item, "filename") and item.filename]
    # Read one byte past the limit: enough to tell an oversized file, never the whole of it.
    contents = [(item.filename, await item.read(settings.max_upload_bytes + 1)) for item in files]
    batch = await run_in_threadpool(Uploads(settings, collection).save, contents)
    job = runtime.jobs.submit(batch.to_spec(), collection=collection, total=batch.count)
    await run_in_threadpool(_audit, runtime, editor.name, "upload", collection,
                            files=[name for name, _ in contents], job=job.id)
    return job


@router.post("/documents/upload", response_class=HTMLResponse)
async def upload(request: Request, editor: EditorUser, access: AccessDep, runtime: RuntimeDep):
    return render(request, "_job.html", {"job": await start_upload(request, editor, access, runtime)})


@router.get("/documents/jobs/{job_id}", response_class=HTMLResponse)
def job_status(job_id: str, request: Request, editor: EditorUser, access: AccessDep, runtime: RuntimeDep):
    """The job's progress, for the documents page to poll; opened as a page of its own (a reload, a new tab), the
    documents page, where the job shows."""
    job = readable_job(runtime, access, job_id)
    if "hx-request" not in request.headers:
        return RedirectResponse("/documents", status_code=303)
    finished = job.status not in ("queued", "running")  # the list shows what the job changed
    return render(request, "_job.html", {"job": job, **(listing(request, runtime, access) if finished else {})})


def _audit(runtime: Runtime, actor: str, action: str, target: str, **details) -> None:
    with runtime.session() as session:
        audit.record(session=session, actor=actor, action=action, target=target, **details)


def readable_job(runtime: Runtime, access: Access, job_id: str) -> Job:
    """An ingestion job of a collection the caller may read (its file names and errors are that collection's)."""
    job = runtime.jobs.get(job_id)
    if job is None or not access.can_read(job.collection):
        raise RagloopError(ErrorCode.NOT_FOUND, "no such ingestion job (finished jobs are forgotten after a day)")
    return job


def readable_document(runtime: Runtime, access: Access, document_id: str):
    with runtime.session() as session:
        row = get_document(session=session, document_id=document_id)
    if row is None or not access.can_read(row.collection):
        raise RagloopError(ErrorCode.NOT_FOUND, "no such document")
    return row


def delete(runtime: Runtime, access: Access, editor: Principal, document_id: str):
    """The delete use case: the document's chunks, its record and its stored upload go; returns the record as it
    was."""
    document = readable_document(runtime, access, document_id)
    access.check_write(document.collection)
    runtime.pipeline.delete(document_id=document_id)
    Uploads(runtime.settings, document.collection).forget(document.source)
    _audit(runtime, editor.name, "delete", document.source, collection=document.collection)
    return document


def start_reingest(runtime: Runtime, access: Access, editor: Principal, document_id: str) -> Job:
    """The re-ingest use case: the document read again from its file, whether or not it changed."""
    row = readable_document(runtime, access, document_id)
    source, collection = row.source, row.collection
    access.check_write(collection)
    path = Uploads(runtime.settings, collection).path_of(source)
    if path is None:
        raise RagloopError(ErrorCode.NOT_FOUND, f"the file behind {source} is no longer available")
    job = runtime.jobs.submit(reingest_spec(source, str(path), by_location=not source.startswith(UPLOAD_PREFIX)),
                              collection=collection, total=1, force=True)
    _audit(runtime, editor.name, "reingest", source, collection=collection, job=job.id)
    return job


@router.post("/documents/{document_id}/delete", response_class=HTMLResponse)
def delete_document(document_id: str, request: Request, editor: EditorUser, access: AccessDep,
                    runtime: RuntimeDep):
    delete(runtime, access, editor, document_id)
    return render(request, "_documents_table.html", listing(request, runtime, access))


@router.post("/documents/{document_id}/reingest", response_class=HTMLResponse)
def reingest_document(document_id: str, request: Request, editor: EditorUser, access: AccessDep,
                      runtime: RuntimeDep):
    return render(request, "_job.html", {"job": start_reingest(runtime, access, editor, document_id)})
