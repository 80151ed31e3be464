"""The summary's charts as PNG images, drawn by matplotlib with its headless Agg canvas (no display, no pyplot
state): ranked bars for the top lists and splits (the people quoted ranked apart from the other speakers),
women's share of the people quoted by month and by source with n at each point, and one line per source for
quotes over time. Every chart carries a caption: the corpus, its filters and the n it counts.

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
          "split": "#475569", "apart": "#cbd5e1", "women": "#be185d", "unknown": "#94a3b8"}
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


def _titled(figure, title: str, caption: str | None) -> None:
    """The chart's title over it and its caption under it (the corpus, its filters, the n counted), both from
    the figure's left edge."""
    figure.suptitle(title, x=0.01, ha="left", fontsize=11)
    if caption:
        figure.supxlabel(caption, x=0.01, ha="left", fontsize=7, color="#555555", wrap=True)


def _png(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def bars(title: str, labels: Sequence[str], values: Sequence[int], color: str, *, caption: str | None = None,
         apart: Sequence[tuple[str, int]] = ()) -> bytes:
    """Horizontal bars, largest on top, each with its count; ``apart``: (label, count) bars after a gap, in
    grey (what the ranking leaves out, shown beside it)."""
    rows = len(labels) + (len(apart) + 1 if apart else 0)
    figure = _figure(6.4, 0.8 + 0.32 * max(rows, 1))
    axes = figure.add_subplot()
    positions = list(range(rows))[::-1]
    shown = [*labels, *([""] if apart else []), *(label for label, _ in apart)]
    counts = [*values, *([0] if apart else []), *(n for _, n in apart)]
    colors = [color] * len(labels) + [COLORS["apart"]] * (len(apart) + 1 if apart else 0)
    axes.barh(positions, counts, color=colors)
    axes.set_yticks(positions, [_short(label) for label in shown])
    axes.tick_params(axis="y", length=0)
    for y, value, label in zip(positions, counts, shown, strict=True):
        if label:
            axes.annotate(f"{value:,}", (value, y), xytext=(3, 0), textcoords="offset points", va="center",
                          fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.12)
    _titled(figure, title, caption)
    return _png(figure)


def share_line(title: str, points: Sequence[dict[str, Any]], key: str, *, caption: str | None = None) -> bytes:
    """Women's share of the people quoted per month: women among those whose gender is known, with the number
    of people at each point, and the share whose gender is unknown as a grey line."""
    figure = _figure(7.2, 3.4)
    axes = figure.add_subplot()
    xs = list(range(len(points)))
    share = [100 * p["share"] if p["share"] is not None else float("nan") for p in points]
    unknown = [100 * (p["unknown_share"] or 0) for p in points]
    axes.plot(xs, share, marker="o", markersize=3, color=COLORS["women"], label="women, of people of known gender")
    axes.plot(xs, unknown, linestyle="--", linewidth=1, color=COLORS["unknown"], label="gender unknown, of all")
    if len(points) <= 36:
        for x, y, p in zip(xs, share, points, strict=True):
            axes.annotate(f"n={p['people']}", (x, 0 if y != y else y), xytext=(0, 5), textcoords="offset points",
                          ha="center", fontsize=6, color="#333333")
    step = max(1, len(points) // 12)
    axes.set_xticks(xs[::step], [str(p[key]) for p in points][::step], rotation=45, ha="right", fontsize=8)
    axes.set_ylim(0, 105)
    axes.set_ylabel("% of people quoted")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    _titled(figure, title, caption)
    return _png(figure)


def share_bars(title: str, points: Sequence[dict[str, Any]], key: str, *, caption: str | None = None) -> bytes:
    """Women's share of the people quoted per source, one bar each, labelled with n and the unknowns."""
    figure = _figure(6.4, 0.9 + 0.45 * max(len(points), 1))
    axes = figure.add_subplot()
    positions = list(range(len(points)))[::-1]
    values = [100 * (p["share"] or 0) for p in points]
    axes.barh(positions, values, color=COLORS["women"])
    axes.set_yticks(positions, [f"{_short(str(p[key]), 28)}\nn={p['people']}, {p['unknown']} unknown" for p in points],
                    fontsize=8)
    axes.tick_params(axis="y", length=0)
    for y, value, p in zip(positions, values, points, strict=True):
        label = f"{value:.0f}% of {p['female'] + p['male']}" if p["share"] is not None else "no gender known"
        axes.annotate(label, (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
    axes.set_xlim(0, 125)
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlabel("women, % of the people quoted whose gender is known")
    axes.spines[["top", "right"]].set_visible(False)
    _titled(figure, title, caption)
    return _png(figure)


def lines(title: str, periods: Sequence[str], series: dict[str, Sequence[int]], *,
          caption: str | None = None) -> bytes:
    """Quotes per period, one line per source."""
    figure = _figure(7.2, 3.4)
    axes = figure.add_subplot()
    for source, counts in series.items():
        axes.plot(range(len(periods)), counts, marker="o", markersize=3, label=_short(source))
    step = max(1, len(periods) // 12)
    axes.set_xticks(range(0, len(periods), step), periods[::step], rotation=45, ha="right", fontsize=8)
    axes.set_ylabel("quotes")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, frameon=False)
    _titled(figure, title, caption)
    return _png(figure)


def _short(label: str, width: int = 32) -> str:
    return label if len(label) <= width else label[:width - 1] + "…"


def gender_rows(shares: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(`female 40%`, people) per gender: the share among all the people quoted, unknowns included."""
    return [(f"{row['gender']} {round(100 * (row['people_share'] or 0))}%", row["people"]) for row in shares]


def caption(summary: dict[str, Any], n: int, unit: str, note: str = "") -> str:
    """A chart's caption: the corpus and filters the summary was made of (``summary["context"]``, set by the
    command line), and the n the chart counts."""
    context = summary.get("context") or {}
    corpus = context.get("corpus") or f"{summary['articles']:,} articles"
    filters = context.get("filters") or "no filter"
    return f"{corpus}; {filters}; n = {n:,} {unit}{note}"


def apart_bars(summary: dict[str, Any]) -> list[tuple[str, int]]:
    """(label, quotes) of each kind of speaker that is no person: `institutions (company, government, ...)`."""
    return [(f"{line['label']} ({', '.join(line['examples'])})" if line["examples"] else line["label"], line["quotes"])
            for line in summary.get("speakers_apart", ())]


def summary_charts(summary: dict[str, Any]) -> list[Chart]:
    """Every chart of a summary (``newslens.summary.summarize``): the top lists, the people quoted, the splits,
    the people by gender, women's share by month and by source, quotes over time; each with its caption."""
    charts = [*_top_charts(summary)]
    quotes = summary["counts"]["quotes"]
    if summary["speakers"] or summary.get("speakers_apart"):
        rows = summary["speakers"]
        charts.append(Chart("speakers", "Most quoted people", bars(
            "Most quoted people (quotes); the other speakers apart", [r["speaker"] for r in rows],
            [r["quotes"] for r in rows], COLORS["speakers"], apart=apart_bars(summary),
            caption=caption(summary, quotes, "quotes"))))
    for column, counts in summary["quote_splits"].items():
        if len(counts) > 1:  # one bar (every quote speech, say) is no chart
            charts.append(Chart(f"quotes-by-{column}", f"Quotes by {column}", bars(
                f"Quotes by {column.replace('_', ' ')}", list(counts), list(counts.values()), COLORS["split"],
                caption=caption(summary, quotes, "quotes"))))
    charts += _gender_charts(summary)
    time = summary["over_time"]
    if time["periods"]:
        dated = sum(sum(counts) for counts in time["series"].values())
        undated = f" ({time['undated_quotes']:,} of undated articles left out)" if time["undated_quotes"] else ""
        charts.append(Chart("quotes-over-time", "Quotes per source over time", lines(
            f"Quotes per source and {time['period']}", time["periods"], time["series"],
            caption=caption(summary, dated, "quotes", undated))))
    return charts


def _top_charts(summary: dict[str, Any]) -> list[Chart]:
    return [Chart(f"top-{type_}", f"Most named {PLURAL[type_]}", bars(
        f"Most named {PLURAL[type_]} (mentions)", [r["name"] for r in rows], [r["mentions"] for r in rows],
        COLORS[type_], caption=caption(summary, summary["articles"], "articles")))
        for type_, rows in summary["top"].items() if rows]


def _gender_charts(summary: dict[str, Any]) -> list[Chart]:
    """The people quoted by gender, and women's share of them by month and by source (two points at least)."""
    charts = []
    if summary.get("people_by_gender"):
        rows = gender_rows(summary["people_by_gender"])
        charts.append(Chart("people-by-gender", "People quoted, by gender", bars(
            "People quoted, by gender (share of all, unknowns included)", [label for label, _ in rows],
            [n for _, n in rows], COLORS["split"], caption=caption(summary, sum(n for _, n in rows), "people"))))
    for key, draw, name in (("month", share_line, "women-by-month"), ("source", share_bars, "women-by-source")):
        series = summary.get(f"women_by_{key}") or {"points": [], "missing": 0}
        points = series["points"]
        if len(points) < 2:
            continue
        missing = (f" ({series['missing']:,} of articles without a {'date' if key == 'month' else key} left out)"
                   if series["missing"] else "")
        charts.append(Chart(name, f"Women's share by {key}", draw(
            f"Women's share of the people quoted, by {key}", points, key,
            caption=caption(summary, sum(p["people"] for p in points), f"people (once per {key})", missing))))
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
