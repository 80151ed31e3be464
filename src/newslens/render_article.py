"""``newslens show``: an annotated article drawn for a person, in three forms from one ``AnnotatedArticle``.

* on a terminal, with rich: entities coloured by type, quotes in italics after a ``[n]`` label, speakers and
  cues underlined, and after each paragraph a note per quote (speaker, type, role, kind, cue);
* into a pipe or file, plain text with bracket marks: ``[Gao Fei|person]``, ``{Q3 ... Q3}``, speaker and cue
  tagged ``^Q3``, the same notes;
* ``--html``: one self-contained page (inline styles, no script, no font or image fetched; a Content
  Security Policy of ``default-src 'none'`` says so to the browser), side notes beside each paragraph, a hover
  title on each quote, a legend and the list of people with their quote counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import IO

from newslens.annotate import AnnotatedArticle, NumberedQuote, Person, Run
from newslens.records import SPEECH

STYLES = {"person": "bold cyan", "country": "bold green", "institution": "bold magenta", "place": "yellow",
          "other": "dim"}
QUOTE_STYLE = "italic"
LABEL_STYLE = "bold black on yellow"
SPEAKER_STYLE = "underline"


def note_text(q: NumberedQuote) -> str:
    """One line about a quote: who (type; role), what kind (and act, when not speech), through which cue."""
    quote = q.quote
    who = ", ".join(x for x in (quote.speaker_type, quote.role) if x)
    act = f" {quote.act}" if quote.act and quote.act != SPEECH else ""
    cue = f', cue "{quote.cue}"' if quote.cue else ""
    return f"{q.speaker} ({who}): {quote.kind}{act}{cue}"


def _people_rows(people: Sequence[Person]) -> list[tuple[str, str, str, str, str]]:
    return [(p.name, p.type, p.role or "", str(p.mentions), str(p.quotes)) for p in people]


# -- plain text ---------------------------------------------------------------------------------------------------

def plain_paragraph(runs: Sequence[Run]) -> str:
    """A paragraph with bracket marks: entities ``[text|type]``, quotes ``{Qn ... Qn}``, speaker and cue
    ``^Qn``."""
    out: list[str] = []
    open_quote = None
    for run in runs:
        if run.quote != open_quote:
            if open_quote is not None:
                out.append(f" Q{open_quote}}}")
            if run.quote is not None:
                out.append(f"{{Q{run.quote} ")
            open_quote = run.quote
        text = f"[{run.text}|{run.entity.type}]" if run.entity else run.text
        tags = [f"Q{n}" for n in (*run.speaker_of, *run.cue_of)]
        out.append(text + ("^" + ",".join(tags) if tags else ""))
    if open_quote is not None:
        out.append(f" Q{open_quote}}}")
    return "".join(out)


def write_plain(annotated: Iterable[AnnotatedArticle], stream: IO[str]) -> None:
    for n, article in enumerate(annotated):
        if n:
            stream.write("\n" + "=" * 72 + "\n\n")
        stream.write(f"{article.article.id}: {len(article.quotes)} quotes; marks: [name|type] entity, "
                     "{Qn ... Qn} quote n, ^Qn its speaker or cue\n\n")
        for runs, notes in zip(article.paragraphs, article.notes, strict=True):
            stream.write(plain_paragraph(runs) + "\n")
            for q in notes:
                stream.write(f"    Q{q.number} {note_text(q)}\n")
            stream.write("\n")
        stream.write("People and speakers (name, type, role, mentions, quotes):\n")
        for row in _people_rows(article.people):
            stream.write("  " + " | ".join(row) + "\n")


# -- the terminal ---------------------------------------------------------------------------------------------------

def write_terminal(annotated: Iterable[AnnotatedArticle], console) -> None:
    """Draw on a rich Console (which wraps the paragraphs to its width)."""
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    legend = Text("Legend: ")
    for type_, style in STYLES.items():
        legend.append(type_, style=style).append("  ")
    legend.append("[n]", style=LABEL_STYLE).append(" ").append("quote n", style=QUOTE_STYLE).append("  ")
    legend.append("speaker", style=SPEAKER_STYLE).append(" and ").append("cue", style=SPEAKER_STYLE)
    legend.append(" of quote n, marked ⁿ")
    for n, article in enumerate(annotated):
        if n:
            console.print()
        console.print(Rule(f"{article.article.id}: {len(article.quotes)} quotes"))
        console.print(legend)
        console.print()
        for runs, notes in zip(article.paragraphs, article.notes, strict=True):
            console.print(_rich_paragraph(runs))
            for q in notes:
                console.print(Text.assemble("    ", (f"[{q.number}]", LABEL_STYLE), " ", (note_text(q), "dim")))
            console.print()
        table = Table(title="People and speakers", header_style="bold")
        for column in ("name", "type", "role", "mentions", "quotes"):
            table.add_column(column, justify="right" if column in ("mentions", "quotes") else "left")
        for row in _people_rows(article.people):
            table.add_row(row[0], row[1], row[2], row[3], row[4], style=STYLES.get(row[1], ""))
        console.print(table)


def _superscript(numbers: Iterable[int]) -> str:
    digits = str.maketrans("0123456789,", "⁰¹²³⁴⁵⁶⁷⁸⁹˒")
    return ",".join(str(n) for n in numbers).translate(digits)


def _rich_paragraph(runs: Sequence[Run]):
    from rich.text import Text

    text = Text()
    open_quote = None
    for run in runs:
        if run.quote != open_quote and run.quote is not None:
            text.append(f"[{run.quote}]", style=LABEL_STYLE).append(" ")
        open_quote = run.quote
        styles = [STYLES.get(run.entity.type, "") if run.entity else "", QUOTE_STYLE if run.quote else "",
                  SPEAKER_STYLE if run.speaker_of or run.cue_of else ""]
        text.append(run.text, style=" ".join(s for s in styles if s))
        if run.speaker_of or run.cue_of:
            text.append(_superscript((*run.speaker_of, *run.cue_of)), style="bold")
    return text


# -- HTML -----------------------------------------------------------------------------------------------------------

CSS = """
body { font: 16px/1.55 Georgia, 'DejaVu Serif', serif; margin: 0; color: #1d1d1f; background: #fcfcfa; }
header, main, section { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 .3rem; } h2 { font-size: 1.2rem; }
.meta, .legend, .note, table { font: 14px/1.45 system-ui, 'DejaVu Sans', sans-serif; }
.meta { color: #666; }
.legend span { margin-right: .8rem; }
.para { display: grid; grid-template-columns: minmax(0, 1fr) 19rem; gap: 1.5rem; }
.para p { margin: .45rem 0; }
.notes { border-left: 2px solid #e2c044; padding-left: .6rem; }
.note { margin: .45rem 0; color: #333; }
.note b, .label { background: #e2c044; color: #000; padding: 0 .3em; border-radius: .2em; font: bold 12px system-ui,
  sans-serif; }
.quote { background: #fff6d5; font-style: italic; }
.quote:hover { background: #ffe88a; }
.speaker, .cue { text-decoration: underline 2px #b58900; }
.ent { border-bottom: 2px solid; }
.person { color: #075985; border-color: #38bdf8; } .country { color: #166534; border-color: #4ade80; }
.institution { color: #86198f; border-color: #e879f9; } .place { color: #854d0e; border-color: #facc15; }
.other { color: #444; border-color: #bbb; }
table { border-collapse: collapse; margin-bottom: 2rem; }
td, th { border-bottom: 1px solid #ddd; padding: .25rem .7rem; text-align: left; }
td.n { text-align: right; }
@media (max-width: 50rem) { .para { grid-template-columns: 1fr; } }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def page(title: str, body: str, css: str = CSS) -> str:
    """A whole HTML page that needs nothing from outside it."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def html_paragraph(runs: Sequence[Run], quotes: dict[int, NumberedQuote]) -> str:
    out: list[str] = []
    open_quote = None
    labelled: set[int] = set()
    for run in runs:
        if run.quote != open_quote:
            if open_quote is not None:
                out.append("</span>")
            if run.quote is not None:
                q = quotes[run.quote]
                label = "" if q.number in labelled else f'<span class="label">{q.number}</span> '
                labelled.add(q.number)
                out.append(f'<span class="quote" id="q{q.number}-{run.start}" data-quote="{q.number}" '
                           f'data-speaker="{escape(q.speaker)}" data-kind="{q.quote.kind}" '
                           f'title="{escape(f"[{q.number}] {note_text(q)}")}">{label}')
            open_quote = run.quote
        text = escape(run.text)
        classes = [c for c, on in (("speaker", run.speaker_of), ("cue", run.cue_of)) if on]
        if run.entity:
            classes += ["ent", run.entity.type]
            text = (f'<span class="{" ".join(classes)}" title="{escape(run.entity.type)}: '
                    f'{escape(run.entity.entity)}">{text}</span>')
        elif classes:
            text = f'<span class="{" ".join(classes)}">{text}</span>'
        tags = (*run.speaker_of, *run.cue_of)
        out.append(text + (f"<sup>{','.join(map(str, tags))}</sup>" if tags else ""))
    if open_quote is not None:
        out.append("</span>")
    return "".join(out)


def html_article(annotated: AnnotatedArticle) -> str:
    article = annotated.article
    quotes = {q.number: q for q in annotated.quotes}
    meta = " · ".join(escape(x) for x in (article.id, article.author, article.source, article.published) if x)
    legend = "".join(f'<span class="ent {t}">{t}</span>' for t in STYLES) + (
        '<span class="quote"><span class="label">n</span> quote n</span>'
        '<span><span class="speaker">speaker</span><sup>n</sup> and <span class="cue">cue</span><sup>n</sup> of '
        'quote n</span>')
    parts = [f'<article data-article="{escape(article.id)}">',
             f"<header><h1>{escape(article.title or article.id)}</h1><p class=\"meta\">{meta} · "
             f"{len(annotated.quotes)} quotes</p><p class=\"legend\">{legend}</p></header>", "<main>"]
    for runs, notes in zip(annotated.paragraphs, annotated.notes, strict=True):
        side = "".join(f'<div class="note" data-quote="{q.number}" data-speaker="{escape(q.speaker)}"><b>{q.number}'
                       f'</b> <strong>{escape(q.speaker)}</strong> {escape(note_text(q)[len(q.speaker):])}</div>'
                       for q in notes)
        parts.append(f'<div class="para"><p>{html_paragraph(runs, quotes)}</p><aside class="notes">{side}</aside>'
                     "</div>")
    parts.append("</main>")
    rows = "".join(f'<tr class="{escape(p.type)}"><td>{escape(p.name)}</td><td>{escape(p.type)}</td>'
                   f'<td>{escape(p.role or "")}</td><td class="n">{p.mentions}</td><td class="n">{p.quotes}</td></tr>'
                   for p in annotated.people)
    parts.append('<section class="people"><h2>People and speakers</h2><table><thead><tr><th>name</th><th>type</th>'
                 f"<th>role</th><th>mentions</th><th>quotes</th></tr></thead><tbody>{rows}</tbody></table></section>")
    parts.append("</article>")
    return "\n".join(parts)


def write_html(annotated: Sequence[AnnotatedArticle], stream: IO[str]) -> None:
    title = annotated[0].article.title or annotated[0].article.id if len(annotated) == 1 else (
        f"{len(annotated)} articles")
    stream.write(page(f"newslens: {title}", "\n".join(html_article(a) for a in annotated)))
