"""Who owns the embedded vector store: a running server leaves its address in DATA_DIR/server.json.

In embedded mode one process owns the store. A CLI job that finds a live owner hands its work to it over HTTP,
authenticated by a random token that only processes able to read the data directory can see.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "server.json"
TOKEN_HEADER = "X-Ragloop-Local-Token"
# The local protocol: where the owning server takes the work a CLI job hands it (`web.routes.local` serves these).
INGEST_JOBS = "/api/ingest/jobs"
NIGHTLY = "/api/local/nightly"
BACKUP = "/api/local/backup"
ASK = "/api/ask"


@dataclass(frozen=True)
class Owner:
    url: str
    pid: int
    token: str


def owner_file(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def claim(data_dir: Path, *, url: str) -> Owner:
    owner = Owner(url=url, pid=os.getpid(), token=secrets.token_urlsafe(32))
    data_dir.mkdir(parents=True, exist_ok=True)
    path = owner_file(data_dir)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(owner.__dict__, out)
    return owner


def release(data_dir: Path, owner: Owner) -> None:
    current = read(data_dir)
    if current is not None and current.pid == owner.pid:
        owner_file(data_dir).unlink(missing_ok=True)


def read(data_dir: Path) -> Owner | None:
    try:
        raw = json.loads(owner_file(data_dir).read_text())
        return Owner(url=raw["url"], pid=int(raw["pid"]), token=raw["token"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def live_owner(data_dir: Path) -> Owner | None:
    """The owner, if its process is still alive (a stale file from a crashed server is ignored)."""
    owner = read(data_dir)
    if owner is None or owner.pid == os.getpid():
        return None
    try:
        os.kill(owner.pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, owned by another user
    return owner


def call_owner(owner: Owner, method: str, path: str, *, json: dict | None = None,
               timeout: float | None = 60) -> dict:
    """One request to the owning server, with its token; any failure is a RagloopError that says what happened."""
    import httpx

    from core.errors import ErrorCode, RagloopError

    try:
        response = httpx.request(method, f"{owner.url}{path}", json=json, headers={TOKEN_HEADER: owner.token},
                                 timeout=timeout)
    except httpx.HTTPError as exc:
        raise RagloopError(ErrorCode.UNAVAILABLE, f"the running server at {owner.url} did not answer: {exc}. "
                           "Stop it, or try again") from exc
    if response.status_code != 200:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        if response.status_code == ErrorCode.CONFLICT.status:  # e.g. a nightly run already in progress there
            raise RagloopError(ErrorCode.CONFLICT, str(detail)[:300])
        raise RagloopError(ErrorCode.UNAVAILABLE, f"the running server refused: {str(detail)[:300]}")
    return response.json()


def submit_ingest(owner: Owner, body: dict) -> dict:
    return call_owner(owner, "POST", INGEST_JOBS, json=body, timeout=30)


def ingest_job(owner: Owner, job_id: str) -> dict:
    return call_owner(owner, "GET", f"{INGEST_JOBS}/{job_id}", timeout=30)


def run_nightly(owner: Owner, body: dict) -> dict:
    return call_owner(owner, "POST", NIGHTLY, json=body, timeout=None)


def run_backup(owner: Owner, body: dict) -> dict:
    return call_owner(owner, "POST", BACKUP, json=body, timeout=None)


def ask(owner: Owner, body: dict) -> dict:
    return call_owner(owner, "POST", ASK, json=body)
