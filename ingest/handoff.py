"""Handing an ingestion job to the running server that owns the embedded store, and following its progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx

from core.errors import ErrorCode, RagloopError
from core.ownership import TOKEN_HEADER, Owner
from ingest.pipeline import IngestReport

POLL_SECONDS = 0.5


def run_on_server(owner: Owner, paths: list[str], *, collection: str, prune: bool,
                  on_progress: Callable[[int, int, str], None] | None = None) -> IngestReport:
    """Submit the job and wait for it. The server gets absolute paths (its working folder may differ) and the
    names as typed, so documents are named exactly as a local run would name them."""
    headers = {TOKEN_HEADER: owner.token}
    body = {"paths": [str(Path(p).resolve()) for p in paths], "names": paths, "collection": collection,
            "prune": prune}
    with httpx.Client(base_url=owner.url, headers=headers, timeout=30) as client:
        try:
            job = _checked(client.post("/api/ingest/jobs", json=body))
            while job["status"] in ("queued", "running"):
                time.sleep(POLL_SECONDS)
                job = _checked(client.get(f"/api/ingest/jobs/{job['id']}"))
                if on_progress:
                    on_progress(job["done"], job["total"], job["current"])
        except httpx.HTTPError as exc:
            raise RagloopError(ErrorCode.UNAVAILABLE, f"the running server at {owner.url} did not answer: {exc}. "
                               "Stop it, or try again") from exc
    if job["status"] == "failed":
        raise RagloopError(ErrorCode.UNAVAILABLE, f"the server's ingestion job failed: {job['error']}")
    return IngestReport(**job["report"])


def _checked(response: httpx.Response) -> dict:
    if response.status_code != 200:
        raise RagloopError(ErrorCode.UNAVAILABLE, f"the server refused the job: {response.text[:300]}")
    return response.json()
