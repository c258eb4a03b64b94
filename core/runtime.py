"""The runtime: every long-lived part of ragloop, built once from the settings.

This is the composition root, the one place that builds the database engine and its sessions, the tracer, the
metrics, the embedder, the vector index and the stage services (the answer service, its A/B arm, the ingestion
pipeline and its job runner). The app factory, every CLI command, the nightly job and the benchmarks take a
`Runtime`; a service receives its collaborators from here, and nobody reaches back through a service for them.

Parts are built on first use, so `ragloop users list` never loads the embedder, and `close()` closes what was
built. Being the composition root, this module may import the stages above `core` (import-linter's contracts in
`pyproject.toml` name the exception).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from core import ownership, process
from core.db import open_database, session_scope
from core.errors import ErrorCode, RagloopError
from core.metrics import Metrics
from core.names import use_name_model
from core.settings import Settings
from core.tracing import Tracer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from answer import AnswerService
    from core.embeddings import Embedder
    from eval import ReviewedAnswers
    from ingest import IngestPipeline, JobRunner
    from retrieval import VectorIndex


class Runtime:
    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 index: VectorIndex | None = None):
        """`embedder` and `index` let a caller share parts it already holds (tests, benchmarks over one corpus);
        an index given here is the caller's to close."""
        from answer import Split, cpu_slots

        process.set_defaults()
        self.settings = settings or Settings()
        from retrieval import keep_tables_in

        keep_tables_in(self.settings.model_cache / "frequencies")
        use_name_model(self.settings.pii_name_model == "on")
        # A bad A/B test stops the start, before anything loads.
        self.split = Split.parse(self.settings.ab_test)
        self.split_settings = (self.settings.with_overrides(self.split.overrides, label="RAGLOOP_AB_TEST")
                               if self.split else None)
        self._parts: dict[str, Any] = {"embedder": embedder} if embedder is not None else {}
        if index is not None:
            self._parts["index"] = index
        self._borrowed = {"index"} if index is not None else set()
        self._lock = threading.RLock()
        self.metrics = Metrics()
        self.answer_slots = threading.BoundedSemaphore(cpu_slots(self.settings))  # shared by every answer service

    def _part(self, name: str, build: Callable[[], Any]) -> Any:
        with self._lock:
            if name not in self._parts:
                self._parts[name] = build()
            return self._parts[name]

    # --- the database -------------------------------------------------------------------------------------------

    @property
    def engine(self):
        return self._database[0]

    @property
    def session_factory(self):
        return self._database[1]

    @property
    def _database(self):
        return self._part("database", lambda: open_database(self.settings))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work, committed when the block ends without an error."""
        with session_scope(self.session_factory) as session:
            yield session

    # --- models, index and tracing ----------------------------------------------------------------------------

    @property
    def tracer(self) -> Tracer:
        def build() -> Tracer:
            tracer = Tracer(self.settings)
            tracer.observers.append(self.metrics.observe_stage)
            return tracer

        return self._part("tracer", build)

    @property
    def embedder(self) -> Embedder:
        from core.embeddings import build_embedder

        return self._part("embedder", lambda: build_embedder(self.settings))

    @property
    def index(self) -> VectorIndex:
        """The vector index. The embedded store has one owner: while a server owns it, another process refuses
        before touching it (its handle would break the server's), naming the server."""
        from retrieval import build_index, build_sparse_encoder

        def build() -> VectorIndex:
            owner = self.store_owner()
            if owner is not None:
                raise RagloopError(ErrorCode.CONFLICT, f"the ragloop server at {owner.url} (process {owner.pid}) "
                                   "owns the embedded store: run this through it, or stop it first")
            return build_index(self.settings, embedder=self.embedder, session_factory=self.session_factory,
                               sparse=build_sparse_encoder(self.settings))

        return self._part("index", build)

    # --- the stage services -----------------------------------------------------------------------------------

    @property
    def answers(self) -> AnswerService:
        """The answer service as the settings describe it (arm A of an A/B test), with the fusion tuned on the
        golden set."""
        return self._part("answers", lambda: self.answer_service(self.settings, session_factory=self.session_factory))

    @property
    def answers_b(self) -> AnswerService | None:
        """Arm B of the A/B test: the same embedder and index, only its settings differ. None without a test."""
        if self.split_settings is None:
            return None
        return self._part("answers_b", lambda: self.answer_service(self.split_settings,
                                                                   session_factory=self.session_factory))

    def answer_service(self, settings: Settings, **options) -> AnswerService:
        """An answer service over this runtime's embedder and index with other settings (A/B arms, the
        variants `ragloop eval compare` runs)."""
        from answer import build_answer_service

        return build_answer_service(settings, tracer=self.tracer, embedder=self.embedder, index=self.index,
                                    slots=self.answer_slots, prompt_sessions=self.session_factory, **options)

    def answers_for(self, user: str | None) -> tuple[AnswerService, str | None]:
        """The answer service of this user's A/B arm, and the arm's label ("test:A"); no test: (service, None)."""
        if self.split is None:
            return self.answers, None
        arm = self.split.arm(user or "")
        return (self.answers_b if arm == "B" else self.answers), f"{self.split.name}:{arm}"

    @property
    def reviewed_answers(self) -> ReviewedAnswers:
        """Where the ask-and-record use case finds reviewed answers to serve back (`eval.reviewed`)."""
        from eval import ReviewedAnswers

        return self._part("reviewed", lambda: ReviewedAnswers(settings=self.settings, embedder=self.embedder,
                                                              session_factory=self.session_factory))

    @property
    def pipeline(self) -> IngestPipeline:
        from ingest import IngestPipeline

        return self._part("pipeline", lambda: IngestPipeline(settings=self.settings, embedder=self.embedder,
                                                             index=self.index, session_factory=self.session_factory))

    @property
    def jobs(self) -> JobRunner:
        from ingest import JobRunner

        return self._part("jobs", lambda: JobRunner(self.pipeline, self.session))

    def warm_up(self) -> None:
        """Build what serving needs and load what loads on first use (the model's first run, the Korean
        analyser), so that the first questions wait for nobody and the health check answers from the start."""
        self.answers, self.answers_b, self.jobs  # noqa: B018 (built on first use)
        self.embedder.embed_query("warm up")
        for text in ("warming up the analysers", "형태소 분석기를 준비합니다"):
            self.answers.evidence.terms(text)
        from retrieval import load_frequencies

        load_frequencies()

    # --- who owns the embedded store ---------------------------------------------------------------------------

    def store_owner(self) -> ownership.Owner | None:
        """The running server that owns the embedded store (a CLI job hands its work to it), or None: with a
        Qdrant server nobody owns the store, and without a live server this process may open it."""
        return None if self.settings.qdrant_url else ownership.live_owner(self.settings.data_dir)

    def close(self) -> None:
        """Close what was built, in the reverse order of use."""
        parts = self._parts
        if "jobs" in parts:
            parts["jobs"].close()
        if "tracer" in parts:
            parts["tracer"].shutdown()
        if "index" in parts and "index" not in self._borrowed:
            parts["index"].close()
        if "database" in parts:
            parts["database"][0].dispose()
        self._parts = {key: value for key, value in parts.items() if key == "embedder"}


@contextmanager
def runtime(settings: Settings | None = None, **parts) -> Iterator[Runtime]:
    """A runtime for the length of a command, closed after."""
    built = Runtime(settings, **parts)
    try:
        yield built
    finally:
        built.close()


@contextmanager
def unit_of_work(settings: Settings | None = None) -> Iterator[Session]:
    """One committed database session for a command that needs nothing else (users, grants, the golden set)."""
    with runtime(settings) as built, built.session() as session:
        yield session
