"""One nightly run at a time, however many replicas, schedulers or cron jobs start it.

On Postgres the run holds a session-level advisory lock on a connection of its own for as long as it lasts; on
SQLite (one machine) it holds an exclusive lock on `DATA_DIR/nightly.lock`. Either is released when the run ends or
its process dies. A start that finds the lock taken raises `RunInProgress` at once (`ragloop nightly` exits 75,
EX_TEMPFAIL: try again later).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import text

from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from core.runtime import Runtime

ADVISORY_KEY = 0x7261676C6F6F70  # "ragloop": the nightly run's lock id on Postgres
EX_TEMPFAIL = 75


class RunInProgress(RagloopError):
    def __init__(self):
        super().__init__(ErrorCode.CONFLICT, "a nightly run is already in progress; try again when it has finished")


@contextmanager
def only_run(runtime: Runtime) -> Iterator[None]:
    if runtime.engine.dialect.name == "postgresql":
        with runtime.engine.connect() as connection:
            if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar():
                raise RunInProgress()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                connection.commit()
        return
    runtime.settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(runtime.settings.data_dir / "nightly.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress() from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
