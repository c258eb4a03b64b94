"""The nightly quality report: one self-contained HTML file (plots embedded as PNG data), opens offline."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from eval import store

_TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html", "j2"]))
WORST_ITEMS = 10


def trend_plot(runs: list[store.EvalRun]) -> str:
    """Metric values over runs as a base64 PNG (latency left out: it has another scale)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted({n for run in runs for n in run.metrics if not n.startswith("latency")})
    figure, axes = plt.subplots(figsize=(8, 3.6), dpi=100)
    for name in names:
        points = [(run.id, run.metrics[name]) for run in runs if name in run.metrics]
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=name)
    axes.set_xlabel("run")
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

    ranked = sorted(results, key=badness)[:WORST_ITEMS]
    return [{"question": items[r.golden_item_id].question, "answer": r.answer, "refused": r.refused,
             "metrics": r.metrics} for r in ranked if r.golden_item_id in items]


def write_report(*, session: Session, run: store.EvalRun, items: list[store.GoldenItem], report_dir: Path,
                 margin: float) -> Path:
    report_dir.mkdir(parents=True, exist_ok=True)
    runs = store.list_runs(session=session)
    html = _TEMPLATES.get_template("report.html.j2").render(
        run=run, margin=margin, plot=trend_plot(runs), runs=runs,
        worst=_worst(store.results_for(session=session, run_id=run.id), {i.id: i for i in items}))
    path = report_dir / f"report-run-{run.id}.html"
    path.write_text(html, encoding="utf-8")
    (report_dir / "latest.html").write_text(html, encoding="utf-8")
    return path
