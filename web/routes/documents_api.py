"""Knowledge management as a JSON API for scripts (`Authorization: Bearer TOKEN`, editor role): upload files into a
background ingestion job, follow it file by file, list, delete and re-ingest documents. The same use cases, checks
and limits as the documents page (`web.routes.documents`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ingest import Job
from web.deps import AccessDep, EditorUser, RuntimeDep
from web.routes.documents import (delete, readable_document, readable_documents, readable_job, start_reingest,
                                  start_upload)

router = APIRouter()


def _accepted(job: Job) -> JSONResponse:
    return JSONResponse({"job_id": job.id, "status": job.status, "status_url": f"/api/jobs/{job.id}"},
                        status_code=202)


def _document_json(row) -> dict:
    return {"id": row.id, "source": row.source, "title": row.title, "collection": row.collection,
            "version": row.version, "chunks": row.chunk_count, "status": row.status, "error": row.error,
            "updated_at": row.updated_at.isoformat() if row.updated_at else None}


@router.post("/api/documents", status_code=202, responses={202: {"description": "the ingestion job was queued"}})
async def api_upload(request: Request, editor: EditorUser, access: AccessDep, runtime: RuntimeDep) -> JSONResponse:
    """Multipart form: `files` (one or more), optional `collection`. Answers 202 with the job's id."""
    return _accepted(await start_upload(request, editor, access, runtime))


@router.get("/api/jobs/{job_id}")
def api_job(job_id: str, editor: EditorUser, access: AccessDep, runtime: RuntimeDep) -> dict:
    """The job's status and progress, and once it has ended what became of each file (added, updated, unchanged,
    failed with the reason)."""
    job = readable_job(runtime, access, job_id)
    return {**job.to_dict(), "files": job.report.files if job.report else []}


@router.get("/api/documents")
def api_documents(editor: EditorUser, access: AccessDep, runtime: RuntimeDep, collection: str | None = None) -> list:
    """The documents of the collections the caller may read (of one, with `?collection=`)."""
    return [_document_json(row) for row in readable_documents(runtime, access, collection)]


@router.delete("/api/documents/{document_id}")
def api_delete(document_id: str, editor: EditorUser, access: AccessDep, runtime: RuntimeDep) -> dict:
    row = delete(runtime, access, editor, document_id)
    return {"id": document_id, "source": row.source, "deleted": True}


@router.post("/api/documents/{document_id}/reingest", status_code=202)
def api_reingest(document_id: str, editor: EditorUser, access: AccessDep, runtime: RuntimeDep) -> JSONResponse:
    return _accepted(start_reingest(runtime, access, editor, document_id))
