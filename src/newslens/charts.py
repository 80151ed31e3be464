"""The summary's charts as PNG images, drawn by matplotlib with its headless Agg canvas (no display, no pyplot
state): ranked bars for the top lists and splits, one line per source for quotes over time.

matplotlib is imported here only, when a page or PNG files are asked for (``pip install 'newslens[charts]'``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newslens.errors import NewslensError
from newslens.outfiles import replacing

COLORS = {"person": "#0284c7", "country": "#16a34a", "institution": "#c026d3", "speakers": "#ca8a04",
          "split": "#475569"}
DPI = 100
PLURAL = {"person": "people", "country": "countries", "institution": "institutions"}


class ChartsUnavailable(NewslensError):
    """matplotlib is not installed."""


@dataclass(frozen=True)
class Chart:
    name: str  # the file name's stem
    title: str
    png: bytes


def _figure(width: float, height: float):
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as err:
        raise ChartsUnavailable("charts need matplotlib: pip install 'newslens[charts]'") from err
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def bars(title: str, labels: Sequence[str], values: Sequence[int], color: str) -> bytes:
    """Horizontal bars, largest on top, each with its count."""
    figure = _figure(6.4, 0.5 + 0.32 * max(len(labels), 1))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=color)
    axes.set_yticks(positions, [_short(label) for label in labels])
    for y, value in zip(positions, values, strict=True):
        axes.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    axes.set_title(title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.12)
    return _png(figure)


def lines(title: str, periods: Sequence[str], series: dict[str, Sequence[int]]) -> bytes:
    """Quotes per period, one line per source."""
    figure = _figure(7.2, 3.2)
    axes = figure.add_subplot()
    for source, counts in series.items():
        axes.plot(range(len(periods)), counts, marker="o", markersize=3, label=_short(source))
    step = max(1, len(periods) // 12)
    axes.set_xticks(range(0, len(periods), step), periods[::step], rotation=45, ha="right", fontsize=8)
    axes.set_ylabel("quotes")
    axes.set_title(title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, frameon=False)
    return _png(figure)


def _short(label: str, width: int = 32) -> str:
    return label if len(label) <= width else label[:width - 1] + "…"


def gender_rows(shares: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(`female 40%`, people) per gender: the share among all the people quoted, unknowns included."""
    return [(f"{row['gender']} {round(100 * (row['people_share'] or 0))}%", row["people"]) for row in shares]


def summary_charts(summary: dict[str, Any]) -> list[Chart]:
    """Every chart of a summary (``newslens.summary.summarize``): the top lists, the splits, quotes over time."""
    charts = []
    for type_, rows in summary["top"].items():
        if rows:
            charts.append(Chart(f"top-{type_}", f"Most named {PLURAL[type_]}", bars(
                f"Most named {PLURAL[type_]} (mentions)",
                [r["name"] for r in rows], [r["mentions"] for r in rows], COLORS[type_])))
    if summary["speakers"]:
        rows = summary["speakers"]
        charts.append(Chart("speakers", "Most quoted", bars("Most quoted speakers (quotes)",
                                                            [r["speaker"] for r in rows], [r["quotes"] for r in rows],
                                                            COLORS["speakers"])))
    for column, counts in summary["quote_splits"].items():
        if len(counts) > 1:  # one bar (every quote speech, say) is no chart
            charts.append(Chart(f"quotes-by-{column}", f"Quotes by {column}", bars(
                f"Quotes by {column.replace('_', ' ')}", list(counts), list(counts.values()), COLORS["split"])))
    if summary.get("people_by_gender"):
        rows = gender_rows(summary["people_by_gender"])
        charts.append(Chart("people-by-gender", "People quoted, by gender", bars(
            "People quoted, by gender (share of all, unknowns included)", [label for label, _ in rows],
            [n for _, n in rows], COLORS["split"])))
    time = summary["over_time"]
    if time["periods"]:
        charts.append(Chart("quotes-over-time", "Quotes per source over time",
                            lines(f"Quotes per source and {time['period']}", time["periods"], time["series"])))
    return charts


def write_pngs(charts: Iterable[Chart], directory: str | Path) -> list[Path]:
    """Each chart as DIRECTORY/<name>.png (the directory made if needed); the paths written."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for chart in charts:
        path = folder / f"{chart.name}.png"
        with replacing(path, binary=True) as stream:  # whole or absent, never half a PNG
            stream.write(chart.png)
        written.append(path)
    return written
