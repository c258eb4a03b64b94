"""Small plots for pages, as PNG data URIs (rendered server-side with matplotlib; no script in the browser)."""

from __future__ import annotations

import base64
import io
from functools import lru_cache

COUNTS = ("answers",)  # series of whole numbers
MONEY = ("cost_usd",)  # series in US dollars
PANEL_INCHES = (3.6, 2.6)  # one chart, drawn at PANEL_DPI: sharp at a phone's width on a high-density screen
PANEL_DPI = 150
KOREAN_FONTS = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "UnDotum")  # Debian's fonts-nanum has the first


@lru_cache(maxsize=1)
def korean_font() -> str | None:
    """A font installed here that draws Hangul (scripts/install.sh installs fonts-nanum), or None; looked up once per
    process, not on every monitoring page."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in KOREAN_FONTS if name in installed), None)


def daily_plots(days: dict[str, dict], series: list[tuple[str, str]], *, font: str | None = None
                ) -> list[tuple[str, str]]:
    """One small chart per (key, label) of the per-day summaries, each from zero (rates, keyed `*_rate`, in percent up
    to 100), as (label, PNG data URI); none when there are no days. Each is an image of its own so that the page lays
    them out for its width: side by side on a desktop, one under another, each the screen's width, on a phone (one
    image of four panels shrank to unreadable text there). `font`: the family the titles are drawn in (a Korean one
    for Korean titles)."""
    if not days:
        return []
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator, PercentFormatter, StrMethodFormatter

    labels = [day[5:] for day in days]
    charts = []
    for key, label in series:
        figure, ax = plt.subplots(figsize=PANEL_INCHES, dpi=PANEL_DPI)
        values = [_value(summary, key) for summary in days.values()]
        ax.plot(labels, [v if v is not None else float("nan") for v in values], marker="o")
        ax.set_title(label, fontsize=10, **({"fontfamily": font} if font else {}))
        ax.tick_params(labelsize=8)
        peak = max((v for v in values if v is not None), default=0)
        ax.set_ylim(bottom=0, top=1.05 if key.endswith("_rate") else (peak * 1.15 or 1))
        if key.endswith("_rate"):
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        elif key in COUNTS:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole answers, not 0.96 of one
        elif key in MONEY:
            ax.yaxis.set_major_formatter(StrMethodFormatter("${x:,.2f}"))
        ax.grid(alpha=0.3)
        figure.autofmt_xdate()
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        plt.close(figure)
        charts.append((label, "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()))
    return charts


def _value(summary: dict, key: str):
    if key == "latency_p95":
        return (summary["latency_ms"].get("total") or {}).get("p95")
    return summary.get(key)
