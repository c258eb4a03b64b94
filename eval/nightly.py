"""The nightly job: flag stale golden items, mine thumbs-down answers, group recent questions into topics and
flag those that got worse (`eval.topics`), rerun the pipeline on the approved golden set, score, refit the
confidence and tune the fusion where that is better held out (`eval.recalibrate`, `eval.tuning`), compare with the
previous run and the pinned baseline, gate, report.

A run that could not score every item (an item failed, the run was interrupted) is kept and marked `partial`:
its numbers are averages over the items it did score, it says so, and it never becomes the run the next one is
compared with. A golden set with nothing approved gives an `empty` run that claims no numbers at all.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING

from core.db import utcnow
from eval import store
from eval.golden import flag_stale
from eval.mining import Mined, mine_disliked
from eval.recalibrate import Labelled, golden_labelled, recalibrate
from eval.report import write_report
from eval.single_run import only_run
from eval.topics import offer_gaps, recent_topics
from eval.tuning import tune_fusion
from ingest import content_hashes
from retrieval import language_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from answer import AnswerService
    from core.runtime import Runtime
    from core.settings import Settings
    from core.tracing import Tracer

log = logging.getLogger(__name__)
GATE_ITEMS = 10  # the items named for each regression: those whose score dropped most
REPORTED_TOPICS = 30  # topics kept with the run and shown in its report: flagged ones first, then the busiest


@dataclass
class NightlyResult:
    run_id: int
    items: int
    mined: int
    metrics: dict[str, float]
    deltas: dict[str, float]
    regressions: list[str]
    report: str
    status: str = "complete"
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {key: getattr(self, key) for key in ("run_id", "items", "mined", "metrics", "deltas", "regressions",
                                                    "report")}


def aggregate(per_item: list[dict[str, float]]) -> dict[str, float]:
    names = sorted({name for scores in per_item for name in scores})
    return {name: round(mean(s[name] for s in per_item if name in s), 4) for name in names}


def breakdown(results: list[store.EvalResult], items: list[store.GoldenItem], *,
              default_collection: str) -> dict[str, dict[str, dict]]:
    """The run's metrics per language and per collection: {"language": {"en": {"items": n, metric: value}}, …}."""
    by_id = {item.id: item for item in items}
    groups: dict[str, dict[str, list[dict]]] = {"language": {}, "collection": {}}
    for result in results:
        item = by_id.get(result.golden_item_id)
        if item is None or result.error:
            continue
        language = item.language or language_of(item.question) or "und"
        groups["language"].setdefault(language, []).append(result.metrics)
        groups["collection"].setdefault(item.collection or default_collection, []).append(result.metrics)
    return {dimension: {name: {"items": len(scores), **aggregate(scores)} for name, scores in sorted(found.items())}
            for dimension, found in groups.items()}


def compare(current: dict[str, float], previous: dict[str, float] | None, *, gated: list[str],
            margin: float) -> tuple[dict[str, float], list[str]]:
    """Changes since the previous run, and the gated metrics that dropped by more than `margin`."""
    if not previous:
        return {}, []
    deltas = {name: round(current[name] - previous[name], 4) for name in current if name in previous}
    return deltas, [name for name in gated if deltas.get(name, 0.0) < -margin]


def item_drops(metric: str, current: list[store.EvalResult], earlier: list[store.EvalResult],
               questions: dict[int, str]) -> list[dict]:
    """The items whose score on `metric` fell most between two runs."""
    before = {r.golden_item_id: r.metrics[metric] for r in earlier if metric in (r.metrics or {})}
    drops = [{"question": questions.get(r.golden_item_id, "?"), "before": before[r.golden_item_id],
              "after": r.metrics[metric]}
             for r in current if metric in (r.metrics or {}) and r.golden_item_id in before
             and r.metrics[metric] < before[r.golden_item_id]]
    return sorted(drops, key=lambda d: d["after"] - d["before"])[:GATE_ITEMS]


def common_means(current: list[store.EvalResult], earlier: list[store.EvalResult]) -> tuple[dict, dict]:
    """Per-metric means of both runs over the items both scored: a newly approved (perhaps hard) item is not a
    regression, and an item that left the set is not an improvement."""
    before = {r.golden_item_id: r.metrics or {} for r in earlier if not r.error}
    now_means, then_means = {}, {}
    names = {name for r in current for name in (r.metrics or {})}
    for name in names:
        pairs = [(r.metrics[name], before[r.golden_item_id][name]) for r in current
                 if not r.error and name in (r.metrics or {}) and name in before.get(r.golden_item_id, {})]
        if pairs:
            now_means[name] = mean(p[0] for p in pairs)
            then_means[name] = mean(p[1] for p in pairs)
    return now_means, then_means


def gate(*, session: Session, results: list[store.EvalResult], questions: dict[int, str],
         settings: Settings) -> tuple[dict[str, float], list[str], list[dict]]:
    """Compare with the previous complete run and with the pinned baseline, on the items both scored: (changes
    since the previous run, regressed metric names, findings naming the metric, the run it is measured against,
    the change and the items that dropped most)."""
    previous, baseline = store.last_run(session=session), store.pinned_run(session=session)
    deltas, regressions, findings = {}, [], []
    for label, run in (("previous run", previous), ("pinned baseline", baseline)):
        if run is None or (label == "pinned baseline" and previous is not None and run.id == previous.id):
            continue
        earlier = store.results_for(session=session, run_id=run.id)
        changes, dropped = compare(*common_means(results, earlier), gated=settings.gated_metric_names,
                                   margin=settings.gate_margin)
        if label == "previous run":
            deltas = changes
        for name in dropped:
            findings.append({"metric": name, "against": f"{label} {run.id}", "change": changes[name],
                             "items": item_drops(name, results, earlier, questions)})
            regressions += [name] if name not in regressions else []
    return deltas, regressions, findings


def run_configuration(runtime: Runtime, session: Session) -> dict:
    """What produced a run: embedder, retrieval settings, generator, prompt, and a fingerprint of the index."""
    settings, answers = runtime.settings, runtime.answers
    hashes = sorted(content_hashes(session=session, collection=settings.default_collection).items())
    return {"embedder": runtime.embedder.name, "generator": settings.generator,
            "prompt": settings.prompt_name, "retrieval_mode": settings.retrieval_mode, "top_k": settings.top_k,
            "hybrid_weights": [settings.hybrid_dense_weight, settings.hybrid_sparse_weight],
            "reranker": settings.reranker_model or "none", "refusal_threshold": answers.refusal_threshold,
            "vector_store": "server" if settings.qdrant_url else "embedded",
            "index_version": hashlib.sha256(repr(hashes).encode()).hexdigest()[:12], "documents": len(hashes)}


@dataclass
class Evaluated:
    results: list[store.EvalResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    prompts: set[str] = field(default_factory=set)  # prompt name and version of each answer
    traces: dict[int, str] = field(default_factory=dict)  # golden item id -> trace id of its answer
    cost_usd: float = 0.0  # of the answers whose model has a price
    judge: str = "none"  # the judge model and host, when the LLM-judged metrics were asked for
    labelled: list[Labelled] = field(default_factory=list)  # answers whose rightness the items tell


def _evaluate(items, answers: AnswerService, scorer, on_progress) -> Evaluated:
    """Answer and score each item. Stops early, keeping what it has, when interrupted."""
    done = Evaluated()
    try:
        for item in items:
            try:
                answer = answers.ask(item.question, collection=item.collection)
                scores = scorer.score(item=item, answer=answer)
                labelled = golden_labelled(item, answer, collection=answer.collection)
                done.labelled += [labelled] if labelled else []
                done.prompts.add(f"{answer.prompt_name} {answer.prompt_version}".strip())
                done.traces[item.id] = answer.trace_id
                done.cost_usd += answer.cost_usd or 0.0
                done.results.append(store.EvalResult(
                    golden_item_id=item.id, answer=answer.answer, refused=answer.refused, metrics=scores,
                    retrieved_documents=[h["document_id"] for h in answer.retrieved], latency_ms=answer.latency_ms))
            except Exception as exc:  # one bad item must not sink the run; it is recorded and reported
                log.warning("golden item %s failed: %s", item.id, exc)
                done.results.append(store.EvalResult(golden_item_id=item.id, answer="", refused=False, metrics={},
                                                     retrieved_documents=[], latency_ms=0.0,
                                                     error=repr(exc)[:2000]))
            if on_progress:
                on_progress()
    except KeyboardInterrupt:
        done.problems.append(f"interrupted after {len(done.results)} of {len(items)} items")
    failed = sum(1 for r in done.results if r.error)
    if failed:
        done.problems.append(f"{failed} of {len(items)} items failed and were not scored")
    return done


def _score_items(runtime: Runtime, items, on_progress) -> Evaluated:
    """Answer and score every item; what went wrong with the judge joins the run's problems."""
    from eval.judge import build_judge  # RAGAS loads when an evaluation runs
    from eval.metrics import ItemScorer, ReferenceContexts

    settings, embedder = runtime.settings, runtime.embedder
    judge = build_judge(settings, embedder)
    scorer = ItemScorer(embedder=embedder, k=settings.top_k, judge=judge,
                        contexts=ReferenceContexts(session_factory=runtime.session_factory, index=runtime.index))
    try:
        done = _evaluate(items, runtime.answers, scorer, on_progress)
    finally:
        if judge is not None:
            judge.close()
    if judge is not None:
        done.problems += judge.record.problems()
        done.judge = judge.name
    return done


def latency_metrics(results: list[store.EvalResult]) -> dict[str, float]:
    latencies = sorted(r.latency_ms for r in results if not r.error)
    if not latencies:
        return {}
    return {"latency_ms_p50": round(latencies[len(latencies) // 2], 1),
            "latency_ms_p95": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))], 1)}


def dataset_items(items: list[store.GoldenItem]) -> list[dict]:
    """The golden set as Langfuse dataset items (retired ones archived), with ids stable across runs."""
    return [{"id": f"ragloop-golden-{item.id}", "input": {"question": item.question},
             "expected_output": {"answer": item.reference_answer, "documents": item.reference_documents,
                                 "answerable": item.answerable},
             "metadata": {"origin": item.origin, "status": item.status, "language": item.language,
                          "tags": item.tags or []},
             "active": item.status == "approved"} for item in items]


def record_experiment(tracer: Tracer, settings: Settings, run, items: list[store.GoldenItem],
                      results: list[store.EvalResult],
                      traces: dict[int, str]) -> str | None:
    """The run as a Langfuse experiment on the golden-set dataset: each scored item's answer and metrics (with
    the trace of the answer it produced), and the run's averages."""
    entries = {entry["id"]: entry for entry in dataset_items(items)}
    scored = [(entries[f"ragloop-golden-{r.golden_item_id}"], r) for r in results if not r.error]
    return tracer.record_experiment(
        dataset=settings.langfuse_dataset, run_name=f"nightly run {run.id}",
        description=f"{run.status} run of {len(items)} approved golden items",
        items=[{"id": entry["id"], "input": entry["input"], "expected_output": entry["expected_output"],
                "output": {"answer": r.answer, "refused": r.refused}, "scores": r.metrics,
                "metadata": {"answer_trace_id": traces.get(r.golden_item_id)}} for entry, r in scored],
        run_scores=dict(run.metrics),
        metadata={"run_id": str(run.id), "status": run.status, "generator": run.config.get("generator", ""),
                  "embedder": run.config.get("embedder", ""), "index_version": run.config.get("index_version", "")})


def run_nightly(runtime: Runtime, *, report_dir: Path, on_progress=None) -> NightlyResult:
    """One nightly run; raises `RunInProgress` when another is under way (`eval.single_run`)."""
    with only_run(runtime):
        return _run_nightly(runtime, report_dir=report_dir, on_progress=on_progress)


def _run_nightly(runtime: Runtime, *, report_dir: Path, on_progress=None) -> NightlyResult:
    settings, answers = runtime.settings, runtime.answers
    started = utcnow()
    with runtime.session() as session:
        stale = flag_stale(session=session)
        previous = store.last_run(session=session)
        mined: Mined = mine_disliked(session=session, since=previous.started_at if previous else None,
                                     embedder=runtime.embedder, similarity=settings.mining_similarity,
                                     terms=answers.evidence.terms,
                                     default_collection=settings.default_collection)
        topics = recent_topics(runtime, session=session, now=started)
        items = store.list_golden(session=session, status="approved")
        every_item = store.list_golden(session=session) if settings.langfuse_dataset else []
        config = run_configuration(runtime, session)
    # Outside the transaction: a slow Langfuse must not hold the database.
    synced = runtime.tracer.sync_dataset(settings.langfuse_dataset, dataset_items(every_item)) \
        if settings.langfuse_dataset else 0
    done = _score_items(runtime, items, on_progress)
    results, problems = done.results, done.problems
    status = "empty" if not items else ("partial" if problems else "complete")
    refits = [r.to_dict() for r in recalibrate(settings=settings, session_factory=runtime.session_factory,
                                               calibrations=answers.calibrations, golden=done.labelled,
                                               apply=status != "partial")]
    scored = [r for r in results if not r.error]
    metrics = {**aggregate([r.metrics for r in scored]), **latency_metrics(results),
               "cost_usd": round(done.cost_usd, 6)} if scored else {}
    tuning = [t.to_dict() for t in tune_fusion(runtime, items, run_id=None, apply=status == "complete")]
    with runtime.session() as session:
        questions = {item.id: item.question for item in items}
        deltas, regressions, findings = gate(session=session, results=results, questions=questions,
                                             settings=settings) if scored else ({}, [], [])
        run = store.save_run(session=session, run=store.EvalRun(
            started_at=started, finished_at=utcnow(), items=len(items), mined=mined.candidates, metrics=metrics,
            deltas=deltas, regressions=regressions, gate=findings, status=status, problems=problems,
            config={**config, "prompts": sorted(done.prompts), "stale_flagged": stale,
                    "judge": done.judge, "calibration": refits, "tuning": tuning,
                    "breakdown": breakdown(results, items, default_collection=settings.default_collection),
                    "topics": [t.to_dict() for t in topics[:REPORTED_TOPICS]]}), results=results)
        run.config = {**run.config, "gaps_offered": offer_gaps(session=session, topics=topics, run_id=run.id)}
        report = write_report(session=session, run=run, items=items, report_dir=report_dir,
                              margin=settings.gate_margin, default_collection=settings.default_collection,
                              mined=mined, topic_days=settings.topic_days)
        run.report_path = str(report)
    experiment = record_experiment(runtime.tracer, settings, run, items, results, done.traces) if synced else None
    log.info("nightly run %s: %s, %d items, %d synced to Langfuse%s", run.id, status, len(items), synced,
             f", experiment {experiment}" if experiment else "")
    return NightlyResult(run_id=run.id, items=len(items), mined=mined.candidates, metrics=metrics, deltas=deltas,
                         regressions=regressions, report=str(report), status=status, problems=problems)
