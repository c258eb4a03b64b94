"""Handing an ingestion job to the running server that owns the embedded store, and following its progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from core.errors import ErrorCode, RagloopError
from core.ownership import Owner, ingest_job, submit_ingest
from ingest.pipeline import IngestReport

POLL_SECONDS = 0.5


def run_on_server(owner: Owner, paths: list[str], *, collection: str, prune: bool, force: bool = False,
                  on_progress: Callable[[int, int, str], None] | None = None) -> IngestReport:
    """Submit the job and wait for it. The server gets absolute paths (its working folder may differ) and the
    names as typed, so documents are named exactly as a local run would name them."""
    body = {"paths": [str(Path(p).resolve()) for p in paths], "names": paths, "collection": collection,
            "prune": prune, "force": force}
    job = submit_ingest(owner, body)
    while job["status"] in ("queued", "running"):
        time.sleep(POLL_SECONDS)
        job = ingest_job(owner, job["id"])
        if on_progress:
            on_progress(job["done"], job["total"], job["current"])
    if job["status"] == "failed":
        raise RagloopError(ErrorCode.UNAVAILABLE, f"the server's ingestion job failed: {job['error']}")
    return IngestReport(**job["report"])
