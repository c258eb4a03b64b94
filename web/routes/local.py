"""Jobs the `ragloop` command on this machine hands to the running server that owns the embedded store:
ingestion (`ragloop ingest`), the nightly run (`ragloop nightly`) and backups (`ragloop backup`)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from core import audit, backup, ownership
from core.errors import ErrorCode, RagloopError
from eval import run_nightly
from ingest import paths_spec
from web.auth import require_local_token
from web.deps import RuntimeDep

router = APIRouter(dependencies=[Depends(require_local_token)])


class JobRequest(BaseModel):
    paths: list[str] = Field(min_length=1, max_length=10_000)  # absolute
    names: list[str] = Field(min_length=1, max_length=10_000)  # as the user typed them
    collection: str | None = Field(default=None, max_length=200)
    prune: bool = False
    force: bool = False  # index unchanged documents again too


@router.post(ownership.INGEST_JOBS)
def submit_job(body: JobRequest, runtime: RuntimeDep) -> dict:
    if len(body.paths) != len(body.names):
        raise RagloopError(ErrorCode.BAD_INPUT, "paths and names must pair up")
    collection = body.collection or runtime.settings.default_collection
    job = runtime.jobs.submit(paths_spec(body.paths, body.names), total=0, prune=body.prune,
                              prune_under=body.paths, collection=collection, force=body.force)
    if body.prune:
        with runtime.session() as session:
            audit.record(session=session, actor=audit.COMMAND, action="prune", target=collection, paths=body.names,
                         job=job.id)
    return job.to_dict()


@router.get(ownership.INGEST_JOBS + "/{job_id}")
def get_job(job_id: str, runtime: RuntimeDep) -> dict:
    job = runtime.jobs.get(job_id)
    if job is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no such ingestion job")
    return job.to_dict()


class NightlyRequest(BaseModel):
    report_dir: str | None = Field(default=None, max_length=4000)


@router.post(ownership.NIGHTLY)
def nightly(body: NightlyRequest, runtime: RuntimeDep) -> dict:
    report_dir = Path(body.report_dir) if body.report_dir else runtime.settings.data_dir / "reports"
    result = run_nightly(runtime, report_dir=report_dir)
    return {**result.to_dict(), "status": result.status, "problems": result.problems}


class BackupRequest(BaseModel):
    folder: str = Field(min_length=1, max_length=4000)  # absolute, on this machine


@router.post(ownership.BACKUP)
def take_backup(body: BackupRequest, runtime: RuntimeDep) -> dict:
    manifest = backup.backup(runtime, Path(body.folder))
    with runtime.session() as session:
        audit.record(session=session, actor=audit.COMMAND, action="backup", target=body.folder,
                     copied=manifest["copied"])
    return manifest
