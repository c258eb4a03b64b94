"""Ingestion jobs: queued in the database, run in the background by whichever replica claims them first, one at a
time per process, with progress any replica can read.

A job says what to ingest as data (`spec`), not as code, so that another process can run it: the files of an
upload (kept on the volume every replica shares), paths the `ragloop` command handed over, or one document to
re-ingest. A worker claims the oldest queued job (`FOR UPDATE SKIP LOCKED` on Postgres; SQLite has one writer),
runs it through the pipeline, and writes its progress and report back.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, JsonColumn, UtcDateTime, utcnow
from ingest.pipeline import IngestPipeline, IngestReport
from ingest.sources import Source
from ingest.store import upload_owners
from ingest.uploads import Batch, Uploads, shelve_earlier_uploads

log = logging.getLogger(__name__)
POLL_S = 1.0  # how often an idle worker looks for jobs queued by other replicas
PROGRESS_EVERY_S = 0.5  # progress is written at most this often
KEEP_FINISHED = timedelta(days=1)


class JobRow(Base):
    __tablename__ = "ingest_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    collection: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), index=True)  # queued | running | finished | failed
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    current: Mapped[str] = mapped_column(String(2000), default="")
    spec: Mapped[dict] = mapped_column(JsonColumn)  # what to ingest
    options: Mapped[dict] = mapped_column(JsonColumn)  # prune, prune_under, force
    report: Mapped[dict | None] = mapped_column(JsonColumn, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)


@dataclass
class Job:
    """A job as the pages and the local API show it."""

    id: str
    collection: str
    total: int
    done: int = 0
    current: str = ""
    status: str = "queued"
    error: str | None = None
    report: IngestReport | None = None
    created_at: datetime = field(default_factory=utcnow)

    @classmethod
    def of(cls, row: JobRow) -> Job:
        return cls(row.id, row.collection, row.total, row.done, row.current, row.status, row.error,
                   IngestReport(**row.report) if row.report else None, row.created_at)

    def to_dict(self) -> dict:
        return {"id": self.id, "collection": self.collection, "total": self.total, "done": self.done,
                "current": self.current, "status": self.status, "error": self.error,
                "report": self.report.to_dict() if self.report else None}


def paths_spec(paths: list[str], names: list[str]) -> dict:
    """Absolute paths the `ragloop` command handed over, named as the user typed them."""
    return {"kind": "paths", "paths": paths, "names": names}


def reingest_spec(source: str, path: str, *, by_location: bool) -> dict:
    """One document again from its file: an upload stays the document of its name, a file that of its location."""
    return {"kind": "reingest", "source": source, "path": path, "by_location": by_location}


class JobRunner:
    def __init__(self, pipeline: IngestPipeline, unit_of_work: Callable[[], AbstractContextManager[Session]]):
        self.pipeline = pipeline
        self.unit_of_work = unit_of_work  # `Runtime.session`
        with unit_of_work() as session:
            shelve_earlier_uploads(pipeline.settings, upload_owners(session=session))
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="ingest-jobs", daemon=True)
        self._thread.start()

    def submit(self, spec: dict, *, collection: str, total: int, prune: bool = False,
               prune_under: list[str] | None = None, force: bool = False) -> Job:
        """Queue a job; whichever replica's worker is free runs it."""
        row = JobRow(id=uuid.uuid4().hex, collection=collection, status="queued", total=total, done=0, current="",
                     spec=spec, options={"prune": prune, "prune_under": prune_under, "force": force})
        with self.unit_of_work() as session:
            session.add(row)
        self._wake.set()
        return Job.of(row)

    def get(self, job_id: str) -> Job | None:
        with self.unit_of_work() as session:
            row = session.get(JobRow, job_id[:32])
            return Job.of(row) if row else None

    def close(self, timeout: float = 30) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                claimed = self._claim()
            except Exception:  # the database away for a moment must not end the worker
                log.exception("could not look for ingestion jobs")
                claimed = None
            if claimed is None:
                self._wake.wait(POLL_S)
                self._wake.clear()
                continue
            self._run(*claimed)

    def _claim(self) -> tuple[str, str, dict, dict] | None:
        """The oldest queued job, marked running by this worker (no other worker gets it)."""
        with self.unit_of_work() as session:
            session.execute(delete(JobRow).where(JobRow.status.in_(("finished", "failed")),
                                                 JobRow.created_at < utcnow() - KEEP_FINISHED))
            row = session.scalars(select(JobRow).where(JobRow.status == "queued").order_by(JobRow.created_at)
                                  .limit(1).with_for_update(skip_locked=True)).first()
            if row is None:
                return None
            row.status = "running"
            return row.id, row.collection, dict(row.spec), dict(row.options)

    def _run(self, job_id: str, collection: str, spec: dict, options: dict) -> None:
        progress = _Progress(self.unit_of_work, job_id)
        try:
            sources, settle = self._sources(spec, collection)
            progress.total(len(sources))
            report = self.pipeline.run(sources, collection=collection, on_progress=progress.advance, **options)
            if settle:
                settle(report)
            progress.finish(report=report)
        except Exception as exc:  # a job must never take the worker down
            log.exception("ingestion job %s failed", job_id)
            progress.finish(error=str(exc))

    def _sources(self, spec: dict, collection: str) -> tuple[list[Source], Callable[[IngestReport], None] | None]:
        if spec["kind"] == "upload":
            batch = Batch.from_spec(Uploads(self.pipeline.settings, collection), spec)
            return batch.sources(), batch.settle
        if spec["kind"] == "paths":
            return self.pipeline.discover_as(spec["paths"], spec["names"]), None
        if spec["kind"] == "reingest":
            return [replace(s, name=spec["source"], location=s.location if spec["by_location"] else None)
                    for s in self.pipeline.discover([spec["path"]])], None
        raise ValueError(f"unknown kind of ingestion job: {spec['kind']!r}")


class _Progress:
    """A running job's progress, written back at most every PROGRESS_EVERY_S (and at the end)."""

    def __init__(self, unit_of_work: Callable[[], AbstractContextManager[Session]], job_id: str):
        self.unit_of_work, self.job_id = unit_of_work, job_id
        self.done, self.current, self.written = 0, "", datetime.min.replace(tzinfo=utcnow().tzinfo)

    def _write(self, **fields) -> None:
        with self.unit_of_work() as session:
            row = session.get(JobRow, self.job_id)
            for name, value in fields.items():
                setattr(row, name, value)
        self.written = utcnow()

    def total(self, count: int) -> None:
        self._write(total=count)

    def advance(self, name: str) -> None:
        self.done, self.current = self.done + 1, name[-2000:]
        if utcnow() - self.written >= timedelta(seconds=PROGRESS_EVERY_S):
            self._write(done=self.done, current=self.current)

    def finish(self, *, report: IngestReport | None = None, error: str | None = None) -> None:
        self._write(done=self.done, current=self.current, status="failed" if error else "finished", error=error,
                    report=report.to_record() if report else None)
