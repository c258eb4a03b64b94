"""The nightly job: mine thumbs-down answers, rerun the pipeline on the golden set, score, compare, gate, report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from statistics import mean

from core.db import session_scope, utcnow
from eval import store
from eval.metrics import ItemScorer
from eval.mining import mine_disliked
from eval.report import write_report


@dataclass
class NightlyResult:
    run_id: int
    items: int
    mined: int
    metrics: dict[str, float]
    deltas: dict[str, float]
    regressions: list[str]
    report: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def aggregate(per_item: list[dict[str, float]]) -> dict[str, float]:
    names = sorted({name for scores in per_item for name in scores})
    return {name: round(mean(s[name] for s in per_item if name in s), 4) for name in names}


def compare(current: dict[str, float], previous: dict[str, float] | None, *, gated: list[str],
            margin: float) -> tuple[dict[str, float], list[str]]:
    """Changes since the previous run, and the gated metrics that dropped by more than `margin`."""
    if not previous:
        return {}, []
    deltas = {name: round(current[name] - previous[name], 4) for name in current if name in previous}
    return deltas, [name for name in gated if deltas.get(name, 0.0) < -margin]


def run_configuration(settings, answers) -> dict:
    return {"embedder": answers.retriever.embedder.name, "generator": settings.generator,
            "prompt": settings.prompt_name, "top_k": settings.top_k,
            "refusal_threshold": answers.refusal_threshold, "vector_store": settings.qdrant_url or "embedded"}


def run_nightly(*, settings, session_factory, answers, embedder, report_dir: Path,
                on_progress=None) -> NightlyResult:
    started = utcnow()
    with session_scope(session_factory) as session:
        previous = store.last_run(session=session)
        mined = mine_disliked(session=session, since=previous.started_at if previous else None)
        items = store.list_golden(session=session, status="approved")
    scorer = ItemScorer(embedder=embedder, k=settings.top_k)
    results, per_item = [], []
    for item in items:
        answer = answers.ask(item.question)
        scores = scorer.score(item=item, answer=answer)
        per_item.append(scores)
        results.append(store.EvalResult(golden_item_id=item.id, answer=answer.answer, refused=answer.refused,
                                        retrieved_documents=[h["document_id"] for h in answer.retrieved],
                                        metrics=scores, latency_ms=answer.latency_ms))
        if on_progress:
            on_progress()
    metrics = aggregate(per_item)
    if results:
        metrics["latency_ms_p50"] = round(sorted(r.latency_ms for r in results)[len(results) // 2], 1)
    deltas, regressions = compare(metrics, previous.metrics if previous else None,
                                  gated=settings.gated_metric_names, margin=settings.gate_margin)
    with session_scope(session_factory) as session:
        run = store.save_run(session=session, run=store.EvalRun(
            started_at=started, finished_at=utcnow(), items=len(items), mined=mined, metrics=metrics,
            deltas=deltas, regressions=regressions, config=run_configuration(settings, answers)), results=results)
        report = write_report(session=session, run=run, items=items, report_dir=report_dir,
                              margin=settings.gate_margin)
        run.report_path = str(report)
    return NightlyResult(run_id=run.id, items=len(items), mined=mined, metrics=metrics, deltas=deltas,
                         regressions=regressions, report=str(report))
