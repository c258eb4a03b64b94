"""Knowledge management: upload files (ingested in the background, with live progress), list, delete, re-ingest;
and the local job API that `ragloop ingest` uses to hand work to a running server."""

from __future__ import annotations

import re
import secrets
import unicodedata
from glob import escape as glob_escape
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from core.ownership import TOKEN_HEADER
from ingest import store
from ingest.sources import Source, discover, failing_source, source_name
from web.deps import AUTH_DEPENDENCIES, EditorUser, SettingsDep

router = APIRouter()
MAX_FILES_PER_UPLOAD = 20
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_filename(name: str) -> str:
    """The last path component, with anything but letters, digits, dot, dash, underscore and space replaced."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ")
    return _UNSAFE.sub("_", base)[:200] or "upload"


def _render(request: Request, template: str, context: dict, status: int = 200):
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def _documents(request: Request) -> list:
    with session_scope(request.app.state.session_factory) as session:
        return store.list_documents(session=session)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, settings: SettingsDep, editor: EditorUser):
    return _render(request, "documents.html", {"documents": _documents(request), "collection":
                                               settings.default_collection, "max_files": MAX_FILES_PER_UPLOAD,
                                               "max_bytes": settings.max_upload_bytes})


async def _save_uploads(request: Request, settings, folder: Path) -> tuple[list[Path], list[Source]]:
    """Save each uploaded file, refusing oversized ones by name (the others still go in)."""
    declared = int(request.headers.get("content-length") or 0)
    if declared > settings.max_upload_bytes * MAX_FILES_PER_UPLOAD:
        raise RagloopError(ErrorCode.TOO_LARGE, "the upload is larger than the limit for one request")
    form = await request.form(max_files=MAX_FILES_PER_UPLOAD, max_fields=10)
    files = [item for item in form.getlist("files") if hasattr(item, "filename") and item.filename]
    if not files:
        raise RagloopError(ErrorCode.BAD_INPUT, "choose at least one file to upload")
    if len(files) > MAX_FILES_PER_UPLOAD:  # the CSRF check may have read the form with the default limits
        raise RagloopError(ErrorCode.TOO_LARGE, f"upload at most {MAX_FILES_PER_UPLOAD} files at a time")
    folder.mkdir(parents=True, exist_ok=True)
    saved, rejected = [], []
    for upload in files:
        name = safe_filename(upload.filename)
        data = await upload.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            rejected.append(failing_source(f"upload/{name}", RagloopError(
                ErrorCode.TOO_LARGE, f"file is over the {settings.max_upload_bytes}-byte limit")))
            continue
        (folder / name).write_bytes(data)
        saved.append(folder / name)
        _remove_uploads(settings, name, keep=folder / name)
    return saved, rejected


def _remove_uploads(settings, name: str, *, keep: Path | None = None) -> None:
    """Earlier uploads of a file name (a new upload supersedes them: re-ingest reads the newest), or all of them
    when its document is deleted; upload folders left empty go too."""
    for path in (settings.data_dir / "uploads").glob(f"*/{glob_escape(name)}"):
        if path != keep:
            path.unlink(missing_ok=True)
            if not any(path.parent.iterdir()):
                path.parent.rmdir()


@router.post("/documents/upload", response_class=HTMLResponse)
async def upload(request: Request, settings: SettingsDep, editor: EditorUser):
    folder = settings.data_dir / "uploads" / secrets.token_hex(8)
    saved, rejected = await _save_uploads(request, settings, folder)

    def sources() -> list[Source]:
        found = discover([str(p) for p in saved], max_bytes=settings.max_upload_bytes,
                         max_archive_bytes=settings.max_archive_bytes)
        # Named by file, not by the upload's folder, so uploading a file again updates the same document.
        renamed = [Source("upload/" + s.name.removeprefix(folder.as_posix() + "/"), s.load) for s in found]
        return renamed + rejected

    job = request.app.state.jobs.submit(sources, collection=settings.default_collection,
                                        total=len(saved) + len(rejected))
    return _render(request, "_job.html", {"job": job})


@router.get("/documents/jobs/{job_id}", response_class=HTMLResponse)
def job_status(job_id: str, request: Request, editor: EditorUser):
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no such ingestion job (finished jobs are forgotten after a while)")
    return _render(request, "_job.html", {"job": job})


@router.post("/documents/{document_id}/delete", response_class=HTMLResponse)
def delete_document(document_id: str, request: Request, settings: SettingsDep, editor: EditorUser):
    with session_scope(request.app.state.session_factory) as session:
        row = store.get_document(session=session, document_id=document_id)
        if row is None:
            raise RagloopError(ErrorCode.NOT_FOUND, "no such document")
        source = row.source
    request.app.state.pipeline.delete(document_id=document_id)
    if source.startswith("upload/") and "/" not in source.removeprefix("upload/"):
        _remove_uploads(settings, source.removeprefix("upload/"))
    return _render(request, "_documents_table.html", {"documents": _documents(request)})


@router.post("/documents/{document_id}/reingest", response_class=HTMLResponse)
def reingest_document(document_id: str, request: Request, settings: SettingsDep, editor: EditorUser):
    with session_scope(request.app.state.session_factory) as session:
        row = store.get_document(session=session, document_id=document_id)
        if row is None:
            raise RagloopError(ErrorCode.NOT_FOUND, "no such document")
        source, collection = row.source, row.collection
    path = _source_path(settings, source)
    if path is None:
        raise RagloopError(ErrorCode.NOT_FOUND, f"the file behind {source} is no longer available")
    pipeline = request.app.state.pipeline
    job = request.app.state.jobs.submit(
        lambda: [Source(source, s.load) for s in pipeline.discover([str(path)])],
        collection=collection, total=1, force=True)
    return _render(request, "_job.html", {"job": job})


def _source_path(settings, source: str) -> Path | None:
    """Where a document's file is now: the newest upload of that name, or the path it was ingested from."""
    if source.startswith("upload/"):
        name = source.removeprefix("upload/")
        uploads = sorted((settings.data_dir / "uploads").glob(f"*/{glob_escape(name)}"),
                         key=lambda p: p.stat().st_mtime)
        return uploads[-1] if uploads else None
    path = Path(source)
    return path if path.is_file() else None


def require_local_token(request: Request, token: Annotated[str | None, Header(alias=TOKEN_HEADER)] = None) -> None:
    """Only a process that can read the data directory (the `ragloop` CLI on this machine) knows the token."""
    owner = getattr(request.app.state, "owner", None)
    if owner is None or token is None or not secrets.compare_digest(token, owner.token):
        raise RagloopError(ErrorCode.FORBIDDEN, "this endpoint is for the ragloop command on the same machine")


AUTH_DEPENDENCIES.add(require_local_token)


class JobRequest(BaseModel):
    paths: list[str] = Field(min_length=1, max_length=10_000)  # absolute
    names: list[str] = Field(min_length=1, max_length=10_000)  # as the user typed them
    collection: str | None = Field(default=None, max_length=200)
    prune: bool = False


def renamed_sources(pipeline, paths: list[str], names: list[str]) -> list[Source]:
    """Discover absolute paths but name each source after the path the user typed."""
    sources = []
    for path, name in zip(paths, names, strict=True):
        root, typed = source_name(path), source_name(name)
        sources += [Source(typed + s.name[len(root):] if s.name.startswith(root) else s.name, s.load)
                    for s in pipeline.discover([path])]
    return sources


@router.post("/api/ingest/jobs", dependencies=[Depends(require_local_token)])
def submit_job(body: JobRequest, request: Request, settings: SettingsDep) -> dict:
    if len(body.paths) != len(body.names):
        raise RagloopError(ErrorCode.BAD_INPUT, "paths and names must pair up")
    pipeline = request.app.state.pipeline
    job = request.app.state.jobs.submit(lambda: renamed_sources(pipeline, body.paths, body.names), total=0,
                                        prune=body.prune, collection=body.collection or settings.default_collection)
    return job.to_dict()


@router.get("/api/ingest/jobs/{job_id}", dependencies=[Depends(require_local_token)])
def get_job(job_id: str, request: Request) -> dict:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no such ingestion job")
    return job.to_dict()

