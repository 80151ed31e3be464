"""``newslens summary`` drawn for a person: one screen of bar charts in the terminal (rich), or one HTML page
with the same figures and matplotlib's charts embedded as base64 PNG (the page stays one file).
"""

from __future__ import annotations

import base64
from html import escape
from typing import IO, Any

from newslens.charts import PLURAL, Chart, gender_rows
from newslens.render_article import STYLES, page

BLOCKS = " ▏▎▍▌▋▊▉█"
BAR_WIDTH = 20
SOURCES_SHOWN = 3  # sources with a panel of their own (most quotes first); the JSON and the page have them all


def bar(value: float, largest: float, width: int = BAR_WIDTH) -> str:
    """A bar of ``value`` against ``largest`` in eighths of a cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def headline(summary: dict[str, Any]) -> str:
    counts = summary["counts"]
    dates = (f"from {summary['first']} to {summary['last']} ({summary['dated']} dated)" if summary["first"]
             else "no dates")
    sources = ", ".join(f"{s['source']} ({s['articles']})" for s in summary["sources"][:6])
    more = f" and {len(summary['sources']) - 6} more" if len(summary["sources"]) > 6 else ""
    return (f"{summary['articles']} articles, {dates}; sources: {sources}{more}\n"
            f"{counts['entities']} entities ({counts['mentions']} named mentions), {counts['quotes']} quotes "
            f"from {counts['speakers']} speakers")


def _ranked(title: str, rows: list[tuple[str, int]], style: str, apart: list[tuple[str, int]] = ()):
    """Ranked bars; ``apart``: lines after them, dim (the speakers a ranking of people leaves out)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 1))
    table.add_column(overflow="ellipsis", no_wrap=True, max_width=24)
    table.add_column(justify="right")
    table.add_column(no_wrap=True)
    largest = max((n for _, n in [*rows, *apart]), default=0)
    for label, n in rows:
        table.add_row(Text(str(label)), str(n), Text(bar(n, largest), style=style))
    if apart and rows:
        table.add_row("", "", "")  # a gap between the people and the others
    for label, count in apart:
        table.add_row(Text(str(label), style="dim"), Text(str(count), style="dim"),
                      Text(bar(count, largest), style="dim"))
    return table


def _women(series: dict[str, Any]):
    """Women's share of the people quoted per month or source: the share of those of known gender, n and the
    unknowns."""
    from rich.table import Table
    from rich.text import Text

    key = series["key"]
    table = Table(title=f"Women's share of people quoted, by {key}", title_justify="left", box=None,
                  padding=(0, 1), header_style="dim")
    table.add_column(key, overflow="ellipsis", no_wrap=True, max_width=20)
    table.add_column("women", justify="right")
    table.add_column("")
    table.add_column("n", justify="right")
    table.add_column("unknown", justify="right")
    for p in series["points"]:
        share = p["share"]
        table.add_row(Text(str(p[key])), "" if share is None else f"{100 * share:.0f}%",
                      Text(bar(share or 0, 1, 10), style="magenta"), str(p["people"]), str(p["unknown"]))
    return table


def terminal_panels(summary: dict[str, Any]) -> list:
    """The summary's charts as rich renderables, in reading order."""
    panels = []
    for type_, rows in summary["top"].items():
        if rows:
            panels.append(_ranked(f"Most named {PLURAL[type_]}", [(r["name"], r["mentions"]) for r in rows],
                                  STYLES[type_]))
    if summary["speakers"] or summary.get("speakers_apart"):
        apart = [(line["label"], line["quotes"]) for line in summary.get("speakers_apart", ())]
        panels.append(_ranked("Most quoted people", [(r["speaker"], r["quotes"]) for r in summary["speakers"]],
                              "yellow", apart))
    for column, counts in summary["quote_splits"].items():
        if len(counts) > 1:  # one bar (every quote speech, say) says nothing
            panels.append(_ranked(f"Quotes by {column.replace('_', ' ')}", list(counts.items()), "white"))
    if summary.get("people_by_gender"):  # a summary kept by an older version has none
        panels.append(_ranked("People quoted, by gender", gender_rows(summary["people_by_gender"]), "magenta"))
    for key in ("month", "source"):
        series = summary.get(f"women_by_{key}")
        if series and len(series["points"]) >= 2:
            panels.append(_women(series))
    for source, rows in list(summary["sources_speakers"].items())[:SOURCES_SHOWN]:
        panels.append(_ranked(f"Quoted by {source}", [(r["speaker"], r["quotes"]) for r in rows], "yellow"))
    return panels


def _over_time(time: dict[str, Any]):
    """Quotes per period: the total as a bar, and the count of each of the first sources."""
    from rich.table import Table
    from rich.text import Text

    sources = list(time["series"])[:SOURCES_SHOWN]
    table = Table(title=f"Quotes per {time['period']}", title_justify="left", box=None, padding=(0, 1),
                  header_style="dim")
    table.add_column(time["period"])
    table.add_column("quotes", justify="right")
    table.add_column("")
    for source in sources:
        table.add_column(source, justify="right", max_width=14, overflow="ellipsis", no_wrap=True)
    totals = [sum(counts[n] for counts in time["series"].values()) for n in range(len(time["periods"]))]
    for n, period in enumerate(time["periods"]):
        table.add_row(period, str(totals[n]), Text(bar(totals[n], max(totals), 16), style="blue"),
                      *(str(time["series"][s][n]) for s in sources))
    return table


def write_terminal(summary: dict[str, Any], console) -> None:
    from rich.columns import Columns
    from rich.rule import Rule

    console.print(Rule("Summary"))
    console.print(headline(summary))
    context = summary.get("context")
    if context:
        console.print(f"{context['corpus']}; {context['filters']}", style="dim")
    console.print()
    console.print(Columns(terminal_panels(summary), padding=(1, 3)))
    time = summary["over_time"]
    if not time["periods"]:
        console.print("No article has a date: no quotes over time.", style="dim")
        return
    console.print()
    console.print(_over_time(time))
    if time["undated_quotes"]:
        console.print(f"{time['undated_quotes']} quotes of undated articles are left out of the time charts.",
                      style="dim")


# -- HTML -----------------------------------------------------------------------------------------------------------

CSS = """
body { font: 15px/1.5 system-ui, 'DejaVu Sans', sans-serif; margin: 0 auto; max-width: 80rem; padding: 0 1.5rem;
  color: #1d1d1f; background: #fcfcfa; }
h1 { font-size: 1.5rem; } .lead { white-space: pre-line; color: #333; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); gap: 1.2rem; }
figure { margin: 0; background: #fff; border: 1px solid #e5e5e5; padding: .6rem; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
table { border-collapse: collapse; } td, th { border-bottom: 1px solid #ddd; padding: .2rem .6rem; text-align: left; }
td.n { text-align: right; }
"""


def _table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(
        f'<td class="n">{row[c]}</td>' if isinstance(row.get(c), int) else f"<td>{escape(str(row.get(c) or ''))}</td>"
        for c in columns) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_html(summary: dict[str, Any], charts: list[Chart], stream: IO[str]) -> None:
    figures = "".join(
        f'<figure data-chart="{escape(c.name)}">'
        f'<img alt="{escape(c.title)}" src="data:image/png;base64,{base64.b64encode(c.png).decode("ascii")}">'
        "</figure>" for c in charts)
    tables = "".join(f"<h2>Most named {PLURAL[t]}</h2>" + _table(rows, ["name", "role", "mentions", "articles"])
                     for t, rows in summary["top"].items() if rows)
    body = (f"<h1>newslens summary</h1><p class=\"lead\">{escape(headline(summary))}</p>"
            f"<section class=\"charts\">{figures}</section>"
            f"<h2>Most quoted speakers</h2>"
            f"{_table(summary['speakers'], ['speaker', 'speaker_type', 'role', 'quotes', 'words', 'articles'])}"
            f"<h2>Sources</h2>{_table(summary['sources'], ['source', 'articles'])}{tables}")
    stream.write(page("newslens summary", body, css=CSS))
