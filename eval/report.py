"""The nightly quality report: one self-contained HTML file (plots embedded as PNG data), opens offline; written in
English and in Korean (`eval.report_korean`), and shown in its reader's language."""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from eval import store
from eval.report_korean import translator
from eval.topics import MIN_QUESTIONS, RISE
from eval.tuning import MARGIN as TUNING_MARGIN
from eval.tuning import MIN_ITEMS as TUNING_MIN_ITEMS
from feedback import answers_since, compare_arms, rating_counts

_TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html", "j2"]))
WORST_ITEMS = 10
REPORT_LANGUAGES = ("en", "ko")  # each run's report is written in each; the first is the one the run records
# What each metric measures, in words an agent reads (the report shows the name in small print beside it).
METRIC_LABELS = {
    "refusal_correct": "Right to answer or refuse", "recall_at_k": "A reference document retrieved (recall@k)",
    "mrr": "Rank of the first reference document (MRR)", "context_recall": "Reference passages retrieved",
    "context_precision": "Retrieved passages that are relevant", "rouge_l": "Wording of the reference answer",
    "string_presence": "Reference answer contained", "semantic_similarity": "Meaning of the reference answer",
    "faithfulness": "Answer backed by its sources (judge)", "response_relevancy": "Answer on the question (judge)",
    "latency_ms_p50": "Latency, median", "latency_ms_p95": "Latency, 95th percentile", "cost_usd": "Cost of the run",
}


def metric_label(name: str) -> str:
    return METRIC_LABELS.get(name, name.replace("_", " ").capitalize())


def metric_value(name: str, value: float | None, *, change: bool = False) -> str:
    """A metric as a person reads it: scores with three decimals, latency in ms, cost in dollars."""
    if value is None:
        return "–"
    sign = "+" if change else ""
    if name.startswith("latency"):
        return f"{value:{sign},.0f} ms"
    if name.startswith("cost"):
        return f"{'-' if value < 0 else sign if value else ''}${abs(value):.4f}"
    return f"{value:{sign}.3f}"


_TEMPLATES.globals.update(metric_label=metric_label, metric_value=metric_value)
AB_LOOKBACK = timedelta(days=7)  # the A/B comparison of a first run looks this far back


def trend_plot(runs: list[store.EvalRun]) -> str:
    """Metric values over runs as a base64 PNG (latency and cost left out: they have other scales)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    names = sorted({n for run in runs for n in run.metrics if not n.startswith(("latency", "cost"))})
    figure, axes = plt.subplots(figsize=(8, 3.6), dpi=100)
    for name in names:
        points = [(run.id, run.metrics[name]) for run in runs if name in run.metrics]
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=name)
    axes.set_xlabel("run")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # runs are whole numbers
    if len(runs) == 1:  # one point: its run alone on the axis, not 0.945 to 1.050
        axes.set_xticks([runs[0].id])
    axes.set_ylabel("score")
    axes.set_ylim(-0.02, 1.02)
    axes.grid(alpha=0.3)
    if names:
        axes.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


def _worst(results: list[store.EvalResult], items: dict[int, store.GoldenItem]) -> list[dict]:
    def badness(result: store.EvalResult) -> float:
        scores = [v for k, v in result.metrics.items() if k != "refusal_correct"]
        return (sum(scores) / len(scores) if scores else 1.0) + result.metrics.get("refusal_correct", 1.0)

    ranked = sorted((r for r in results if not r.error), key=badness)[:WORST_ITEMS]
    return [_row(r, items) for r in ranked if r.golden_item_id in items]


def _row(result: store.EvalResult, items: dict[int, store.GoldenItem], change: float | None = None) -> dict:
    return {"question": items[result.golden_item_id].question, "answer": result.answer, "refused": result.refused,
            "metrics": result.metrics, "change": change}


def _most_changed(results: list[store.EvalResult], earlier: list[store.EvalResult],
                  items: dict[int, store.GoldenItem]) -> list[dict]:
    """Items whose average score moved most since the previous run, either way."""
    def average(metrics: dict) -> float | None:
        values = [v for k, v in metrics.items() if not k.startswith("latency")]
        return sum(values) / len(values) if values else None

    before = {r.golden_item_id: average(r.metrics or {}) for r in earlier}
    moved = []
    for result in results:
        now, then = average(result.metrics or {}), before.get(result.golden_item_id)
        if now is not None and then is not None and abs(now - then) > 1e-9 and result.golden_item_id in items:
            moved.append(_row(result, items, round(now - then, 4)))
    return sorted(moved, key=lambda row: -abs(row["change"]))[:WORST_ITEMS]


def _breakdown_metrics(run: store.EvalRun) -> list[str]:
    """The metrics the per-language and per-collection tables show: every score, no latency."""
    groups = [group for found in (run.config or {}).get("breakdown", {}).values() for group in found.values()]
    return sorted({name for group in groups for name in group if name != "items" and not name.startswith("latency")})


def write_report(*, session: Session, run: store.EvalRun, items: list[store.GoldenItem], report_dir: Path,
                 margin: float, default_collection: str, mined=None, topic_days: int = 7) -> Path:
    """The run's HTML report. The collections whose questions it lists go into the run's configuration
    (`collections`), so that only readers of all of them are shown the report."""
    report_dir.mkdir(parents=True, exist_ok=True)
    runs = [r for r in store.list_runs(session=session) if r.metrics]
    by_id = {i.id: i for i in items}
    results = store.results_for(session=session, run_id=run.id)
    previous = next((r for r in reversed(runs) if r.id < run.id and r.status == "complete"), None)
    earlier = store.results_for(session=session, run_id=previous.id) if previous else []
    golden = store.list_golden(session=session)
    gaps = store.content_gaps(session=session, limit=50)
    run.config = {**(run.config or {}), "collections": sorted(
        {entry.collection or default_collection for entry in [*items, *golden, *gaps]}
        | {topic["collection"] for topic in (run.config or {}).get("topics", [])})}
    since = previous.started_at if previous else run.started_at - AB_LOOKBACK
    ab = compare_arms(answers_since(session=session, since=since), rating_counts(session=session, since=since))
    context = dict(
        run=run, margin=margin, runs=runs, mined=mined, previous=previous, ab=ab, ab_since=since,
        plot=trend_plot(runs) if runs else None,
        worst=_worst(results, by_id), changed=_most_changed(results, earlier, by_id),
        failed=[{"question": by_id[r.golden_item_id].question, "error": r.error} for r in results
                if r.error and r.golden_item_id in by_id],
        candidates=[i for i in golden if i.status == "candidate" and i.created_at >= run.started_at],
        stale=[i for i in golden if i.stale_reason and i.status != "retired"],
        gaps=gaps, breakdown_metrics=_breakdown_metrics(run), topic_days=topic_days, rise=RISE, min_questions=MIN_QUESTIONS,
        tuning_min=TUNING_MIN_ITEMS, tuning_margin=TUNING_MARGIN)
    template = _TEMPLATES.get_template("report.html.j2")
    for language in REPORT_LANGUAGES:
        html = template.render(**context, lang=language, t=translator(language))
        for name in (f"report-run-{run.id}", "latest"):
            (report_dir / f"{name}{in_language(language)}.html").write_text(html, encoding="utf-8")
    return report_dir / f"report-run-{run.id}.html"


def in_language(language: str) -> str:
    """What a report file's name holds before ".html" for its `language`: nothing for English, ".ko" for Korean."""
    return "" if language == REPORT_LANGUAGES[0] else f".{language}"


def report_in(path: str, language: str) -> str:
    """The report written at `path` (the English one, which the run records), in `language` when it was written in
    that language too (reports of earlier releases were written in English only)."""
    translated = Path(path).with_suffix("").as_posix() + f"{in_language(language)}.html"
    return translated if language in REPORT_LANGUAGES and Path(translated).exists() else path
