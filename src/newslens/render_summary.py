"""``newslens summary`` drawn for a person: one screen of bar charts in the terminal (rich), or one HTML page
with the same figures and matplotlib's charts embedded as base64 PNG (the page stays one file).
"""

from __future__ import annotations

import base64
from html import escape
from typing import IO, Any

from newslens.charts import PLURAL, Chart
from newslens.render_article import STYLES, page

BLOCKS = " ▏▎▍▌▋▊▉█"
BAR_WIDTH = 20


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


def _ranked(title: str, rows: list[tuple[str, int]], style: str):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 1))
    table.add_column(overflow="ellipsis", no_wrap=True, max_width=24)
    table.add_column(justify="right")
    table.add_column(no_wrap=True)
    largest = max((n for _, n in rows), default=0)
    for label, n in rows:
        table.add_row(Text(str(label)), str(n), Text(bar(n, largest), style=style))
    return table


def terminal_panels(summary: dict[str, Any]) -> list:
    """The summary's charts as rich renderables, in reading order."""
    panels = []
    for type_, rows in summary["top"].items():
        if rows:
            panels.append(_ranked(f"Most named {PLURAL[type_]}", [(r["name"], r["mentions"]) for r in rows],
                                  STYLES[type_]))
    if summary["speakers"]:
        panels.append(_ranked("Most quoted speakers", [(r["speaker"], r["quotes"]) for r in summary["speakers"]],
                              "yellow"))
    for column, counts in summary["quote_splits"].items():
        panels.append(_ranked(f"Quotes by {column.replace('_', ' ')}", list(counts.items()), "white"))
    for source, rows in summary["sources_speakers"].items():
        panels.append(_ranked(f"Quoted by {source}", [(r["speaker"], r["quotes"]) for r in rows], "yellow"))
    time = summary["over_time"]
    if time["periods"]:
        for source, counts in list(time["series"].items())[:4]:
            panels.append(_ranked(f"Quotes per {time['period']}: {source}", list(zip(time["periods"], counts,
                                                                                    strict=True)), "blue"))
    return panels


def write_terminal(summary: dict[str, Any], console) -> None:
    from rich.columns import Columns
    from rich.rule import Rule

    console.print(Rule("Summary"))
    console.print(headline(summary))
    console.print()
    console.print(Columns(terminal_panels(summary), padding=(1, 3)))
    time = summary["over_time"]
    if not time["periods"]:
        console.print("No article has a date: no quotes over time.", style="dim")
    elif time["undated_quotes"]:
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
