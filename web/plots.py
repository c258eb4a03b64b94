"""Small plots for pages, as PNG data URIs (rendered server-side with matplotlib; no script in the browser)."""

from __future__ import annotations

import base64
import io
from functools import lru_cache

COUNTS = ("answers",)  # series of whole numbers
PANELS_PER_ROW = 2
KOREAN_FONTS = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "UnDotum")  # Debian's fonts-nanum has the first


@lru_cache(maxsize=1)
def korean_font() -> str | None:
    """A font installed here that draws Hangul (scripts/install.sh installs fonts-nanum), or None; looked up once per
    process, not on every monitoring page."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in KOREAN_FONTS if name in installed), None)


def daily_plot(days: dict[str, dict], series: list[tuple[str, str]], *, font: str | None = None) -> str | None:
    """One small panel per (key, label) of the per-day summaries, each from zero (rates, keyed `*_rate`, in percent up
    to 100), two to a row so that a phone's width still reads them; None when there are no days. `font`: the family
    the titles are drawn in (a Korean one for Korean titles)."""
    if not days:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    labels = [day[5:] for day in days]
    columns = min(PANELS_PER_ROW, len(series))
    rows = -(-len(series) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 2.4 * rows), dpi=100, squeeze=False)
    for ax in axes.flat[len(series):]:
        ax.set_visible(False)
    for ax, (key, label) in zip(axes.flat, series):
        values = [_value(summary, key) for summary in days.values()]
        ax.plot(labels, [v if v is not None else float("nan") for v in values], marker="o")
        ax.set_title(label, fontsize=9, **({"fontfamily": font} if font else {}))
        ax.tick_params(labelsize=7)
        peak = max((v for v in values if v is not None), default=0)
        ax.set_ylim(bottom=0, top=1.05 if key.endswith("_rate") else (peak * 1.15 or 1))
        if key.endswith("_rate"):
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        elif key in COUNTS:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole answers, not 0.96 of one
        ax.grid(alpha=0.3)
    figure.autofmt_xdate()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _value(summary: dict, key: str):
    if key == "latency_p95":
        return (summary["latency_ms"].get("total") or {}).get("p95")
    return summary.get(key)
