"""Ingestion jobs run in the background of the server, one at a time, with progress others can poll."""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from core.db import utcnow
from ingest.pipeline import IngestPipeline, IngestReport
from ingest.sources import Source

log = logging.getLogger(__name__)
KEEP_FINISHED = 50


@dataclass
class Job:
    id: str
    collection: str
    total: int
    done: int = 0
    current: str = ""
    status: str = "queued"  # queued | running | finished | failed
    error: str | None = None
    report: IngestReport | None = None
    created_at: datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict:
        return {"id": self.id, "collection": self.collection, "total": self.total, "done": self.done,
                "current": self.current, "status": self.status, "error": self.error,
                "report": self.report.to_dict() if self.report else None}


class JobRunner:
    """A single worker thread: jobs run in the order they were submitted."""

    def __init__(self, pipeline: IngestPipeline):
        self.pipeline = pipeline
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="ingest-jobs", daemon=True)
        self._thread.start()

    def submit(self, sources: Callable[[], list[Source]], *, collection: str, total: int,
               prune: bool = False, prune_under: list[str] | None = None, force: bool = False,
               after: Callable[[IngestReport], None] | None = None) -> Job:
        """Queue a job; `sources` is called in the worker, so finding the files does not hold up the caller;
        `after` is given the report once the job has run (an upload removes the files that failed)."""
        job = Job(id=uuid.uuid4().hex, collection=collection, total=total)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._queue.put((job, sources, {"prune": prune, "prune_under": prune_under, "force": force}, after))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def close(self, timeout: float = 30) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            job, sources, options, after = item
            job.status = "running"
            try:
                found = sources()
                job.total = len(found)
                job.report = self.pipeline.run(found, collection=job.collection, **options,
                                               on_progress=lambda name, job=job: self._advance(job, name))
                if after:
                    after(job.report)
                job.status = "finished"
            except Exception as exc:  # a job must never take the worker down
                log.exception("ingestion job %s failed", job.id)
                job.status, job.error = "failed", str(exc)

    @staticmethod
    def _advance(job: Job, name: str) -> None:
        job.done += 1
        job.current = name

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.status in ("finished", "failed")]
        for job in sorted(finished, key=lambda j: j.created_at)[:-KEEP_FINISHED or None]:
            del self._jobs[job.id]
