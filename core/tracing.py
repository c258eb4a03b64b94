"""Langfuse tracing behind a small facade: one trace per question, one span per stage, ratings as scores.

With no Langfuse settings every call is a no-op that costs nothing; trace ids are still made so that answers can
be correlated with logs. Personal data in what is sent is masked (or dropped, or kept) as RAGLOOP_PII_IN_TRACES says.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.pii import masked_everywhere

if TYPE_CHECKING:
    from core.settings import Settings

log = logging.getLogger(__name__)
_stage_ms: ContextVar[dict[str, float] | None] = ContextVar("stage_ms", default=None)


class _NoSpan:
    def update(self, **_fields: Any) -> None:
        pass


@dataclass(frozen=True)
class _DatasetItem:
    """What Langfuse's experiment runner reads from an item of a Langfuse dataset."""

    id: str
    dataset_id: str
    input: Any
    expected_output: Any
    metadata: dict


class Tracer:
    def __init__(self, settings: Settings):
        self._client = None
        self._datasets: dict[str, str] = {}  # name -> Langfuse id, of the datasets synced by this process
        self.observers: list = []  # called with (stage, seconds) as each span ends, Langfuse or not (metrics)
        self._timeout_s = settings.langfuse_timeout_s
        self._fetcher: ThreadPoolExecutor | None = None
        self.pii = settings.pii_in_traces  # mask | drop | keep: personal data in inputs, outputs and metadata
        if settings.tracing_enabled:
            from langfuse import Langfuse

            self._client = Langfuse(public_key=settings.langfuse_public_key,
                                    secret_key=settings.langfuse_secret_key.get_secret_value(),
                                    base_url=settings.langfuse_host.rstrip("/"),
                                    timeout=max(1, int(settings.langfuse_timeout_s)),
                                    flush_interval=1.0, environment=settings.environment,
                                    mask=self._mask)

    def _mask(self, *, data: Any, **_: Any) -> Any:
        """What Langfuse receives of every input, output and metadata: personal data masked or dropped by policy."""
        return data if self.pii == "keep" else masked_everywhere(data, drop=self.pii == "drop")

    @property
    def enabled(self) -> bool:
        return self._client is not None

    def new_trace_id(self) -> str:
        return self._client.create_trace_id() if self._client else uuid.uuid4().hex

    @contextmanager
    def trace(self, name: str, *, trace_id: str, input: Any = None, user_id: str | None = None,
              session_id: str | None = None) -> Iterator[Any]:
        """The root observation of one question; spans opened inside it become its children. `user_id` and
        `session_id` (the conversation) go on every span of the trace."""
        if self._client is None:
            yield _NoSpan()
            return
        from langfuse import propagate_attributes

        with self._client.start_as_current_observation(trace_context={"trace_id": trace_id}, name=name,
                                                       input=input) as root, \
                propagate_attributes(user_id=_ascii_id(user_id), session_id=_ascii_id(session_id)):
            yield root

    @contextmanager
    def span(self, stage: str, *, input: Any = None, as_type: str = "span") -> Iterator[Any]:
        """A stage of the pipeline; `stage` is the span name (retrieval, generation, ...)."""
        started = time.perf_counter()
        try:
            if self._client is None:
                yield _NoSpan()
            else:
                with self._client.start_as_current_observation(name=stage, as_type=as_type, input=input) as span:
                    yield span
        finally:
            seconds = time.perf_counter() - started
            timings = _stage_ms.get()
            if timings is not None:
                timings[stage] = round(timings.get(stage, 0.0) + seconds * 1000, 1)
            for observe in self.observers:
                observe(stage, seconds)

    @contextmanager
    def timing(self) -> Iterator[dict[str, float]]:
        """Milliseconds per stage of the spans that end inside this block (same thread), Langfuse or not: what is
        stored with each answer for the monitoring page."""
        timings: dict[str, float] = {}
        token = _stage_ms.set(timings)
        try:
            yield timings
        finally:
            _stage_ms.reset(token)

    def score(self, *, trace_id: str, name: str, value: float, comment: str | None = None,
              data_type: str = "BOOLEAN") -> None:
        if self._client is None:
            return
        try:
            self._client.create_score(trace_id=trace_id, name=name, value=value, data_type=data_type,
                                      comment=self._mask(data=comment) if comment else None)
        except Exception:  # tracing must never fail a user's request
            log.exception("could not send score %s for trace %s", name, trace_id)

    def sync_dataset(self, name: str, items: list[dict]) -> int:
        """Upsert the golden set into the Langfuse dataset `name`; items are {id, input, expected_output,
        metadata, active}. Returns how many were sent; a Langfuse that fails stops the sync, logged, not raised."""
        if self._client is None:
            return 0
        sent = 0
        try:
            self._datasets[name] = self._client.create_dataset(name=name, description="ragloop golden set").id
            for item in items:
                self._client.create_dataset_item(dataset_name=name, id=item["id"], input=item["input"],
                                                 expected_output=item["expected_output"], metadata=item["metadata"],
                                                 status="ACTIVE" if item["active"] else "ARCHIVED")
                sent += 1
        except Exception as exc:
            log.warning("Langfuse dataset %s: sync stopped after %d items: %s", name, sent, exc)
        return sent

    def record_experiment(self, *, dataset: str, run_name: str, description: str, items: list[dict],
                          run_scores: dict[str, float], metadata: dict[str, str]) -> str | None:
        """An evaluation run as a Langfuse experiment (dataset run) on the synced `dataset`: each item's output
        with its scores, and the run's averages as run-level scores. Items are {id (the dataset item's), input,
        output, expected_output, scores, metadata}. Returns the experiment id; None when tracing is off, the
        dataset was not synced, or Langfuse failed (logged, not raised)."""
        if self._client is None or dataset not in self._datasets:
            return None
        from langfuse import Evaluation

        by_id = {item["id"]: item for item in items}

        def answer(*, item, **_):
            return by_id[item.id]["output"]

        def item_scores(*, metadata, **_):
            return [Evaluation(name=name, value=float(value))
                    for name, value in by_id[metadata["dataset_item_id"]]["scores"].items()]

        def averages(**_):
            return [Evaluation(name=name, value=float(value)) for name, value in run_scores.items()]

        data = [_DatasetItem(id=item["id"], dataset_id=self._datasets[dataset], input=item["input"],
                             expected_output=item["expected_output"],
                             metadata={**item["metadata"], "dataset_item_id": item["id"]}) for item in items]
        try:
            result = self._client.run_experiment(name=f"{dataset} evaluation", run_name=run_name,
                                                 description=description, data=data, task=answer,
                                                 evaluators=[item_scores], run_evaluators=[averages],
                                                 max_concurrency=4, metadata=metadata)
        except Exception as exc:
            log.warning("Langfuse experiment %s on %s not recorded: %s", run_name, dataset, exc)
            return None
        return result.experiment_id

    def chat_prompt(self, name: str, *, label: str) -> tuple[list[dict], int] | None:
        """The chat prompt `name` with `label` from Langfuse prompt management: (messages, version), or None when
        tracing is off, the prompt is missing or Langfuse does not answer within the timeout."""
        if self._client is None:
            return None
        self._fetcher = self._fetcher or ThreadPoolExecutor(max_workers=1, thread_name_prefix="langfuse-prompt")
        future = self._fetcher.submit(self._client.get_prompt, name, label=label, type="chat", max_retries=0,
                                      fetch_timeout_seconds=max(1, math.ceil(self._timeout_s)))
        try:
            prompt = future.result(timeout=self._timeout_s)
        except Exception as exc:  # a missing or unreachable prompt falls back to the repository's
            log.warning("Langfuse prompt %s (%s) unavailable: %s", name, label, exc or type(exc).__name__)
            return None
        messages = [{"role": m["role"], "content": m["content"]} for m in prompt.prompt if "content" in m]
        return messages, prompt.version

    def flush(self) -> None:
        if self._client is not None:
            self._client.flush()

    def shutdown(self) -> None:
        if self._client is not None:
            self._client.shutdown()


def _ascii_id(value: str | None) -> str | None:
    """Langfuse ids are US-ASCII of at most 200 characters: anything else is replaced by a stable digest."""
    if not value:
        return None
    if value.isascii() and len(value) <= 200:
        return value
    return "h-" + hashlib.sha256(value.encode()).hexdigest()[:24]
