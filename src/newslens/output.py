"""One output module for every command: rows (dicts) become a rich table, CSV, TSV, JSON or JSONL.
CSV, TSV and JSONL stream batch by batch; a table and a JSON array are written when the rows end.

Rows are laid out as a pandas DataFrame of objects would be (columns given or gathered from the first batch,
a missing cell empty), but with the standard library's csv and json: pandas and rich cost more to import than
a query over a stored corpus takes, so rich is imported for a table only.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from newslens.records import spans_text

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
STREAMING = ("csv", "tsv", "jsonl")
LIST_SEPARATOR = "; "
TABLE_HIDDEN_SUFFIXES = ("start", "end", "spans")  # character offsets are for machines: CSV/JSON carry them
# how much of the room left a column gets when text wraps (numbers get none: they never wrap)
WIDE_COLUMNS = {"text": 8, "title": 6, "name": 3, "entity": 3, "role": 3, "affiliation": 2, "aliases": 2, "article": 2,
                "speaker": 2, "speaker_text": 2}


@dataclass(frozen=True)
class TableView:
    """The columns a command's table shows: ``required`` always, ``optional`` in order while there is room
    (each shown in the order of the command's columns). Empty: every column but offsets."""

    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


def default_format(stream: IO[str] | None = None) -> str:
    """A table on a terminal, CSV into a pipe or file."""
    stream = stream or sys.stdout
    return "table" if getattr(stream, "isatty", lambda: False)() else "csv"


def _plain(value: Any) -> Any:
    """A JSON-ready value: tuples become lists, NaN becomes null."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


_MISSING = math.nan


def _cell(value: Any) -> Any:
    """A CSV cell as pandas writes it: None and NaN empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


# A cell a spreadsheet would run as a formula (OWASP's list: = + - @, and tab and carriage return, which some
# spreadsheets strip before looking).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _defused(value: Any) -> Any:
    """A text cell that starts like a formula, with a leading `'` (spreadsheets show it as text)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ALL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text for a terminal: control characters (an article's `ESC[2J` would clear the screen) shown as `�`;
    line breaks and tabs kept.

    >>> printable("a\x1b[2Jb\n")
    'a�[2Jb\n'
    """
    return _CONTROLS.sub("\ufffd", text)


def escaped(text: str) -> str:
    """A message for stderr, on one line: control characters (line breaks too) written as Python escapes
    (``\\x1b``), and bytes of a file name that are not UTF-8 as ``\\xNN``.

    >>> escaped("a\x1b[2J\nb\udce9")
    'a\\x1b[2J\\nb\\xe9'
    """
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no byte explains
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _ALL_CONTROLS.sub(lambda found: ascii(found.group())[1:-1], text)


class TerminalStream:
    """A text stream in front of a terminal: what is written has its control characters shown as `�`
    (``printable``), whatever the format (CSV, JSON and plain text too). ``terminal`` is the stream behind it,
    for rich, which writes its own escape codes (``terminal_console``)."""

    def __init__(self, terminal: IO[str]):
        self.terminal = terminal

    def write(self, text: str) -> int:
        return self.terminal.write(printable(text))

    def flush(self) -> None:
        self.terminal.flush()

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.terminal, name)


def for_terminal(stream: IO[str]) -> IO[str]:
    """``stream``, behind a TerminalStream when it is a terminal."""
    if isinstance(stream, TerminalStream) or not getattr(stream, "isatty", lambda: False)():
        return stream
    return TerminalStream(stream)


def terminal_console(stream: IO[str] | None = None, **options: Any):
    """A rich Console for data (tables, the annotated article, the summary): no markup (an article's `[/b]` is
    text, not a tag), and every piece of text it prints passes ``printable`` after layout, so that no field's
    control characters reach the terminal."""
    from rich.console import Console, RenderHook

    class Printable:
        def __init__(self, inner: Any):
            self.inner = inner

        def __rich_console__(self, console: Any, options: Any) -> Any:
            from rich.segment import Segment

            for segment in console.render(self.inner, options):
                yield segment if segment.control else Segment(printable(segment.text), segment.style)

    class Hook(RenderHook):
        def process_renderables(self, renderables: list) -> list:
            return [Printable(renderable) for renderable in renderables]

    if stream is not None:
        options["file"] = getattr(stream, "terminal", stream)
    console = Console(markup=False, **options)
    console.push_render_hook(Hook())
    return console


def _flat(value: Any) -> Any:
    """A cell for CSV or a table: lists are joined; a quote's spans, pairs of offsets, are `start-end;start-end`."""
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, list | tuple) and len(v) == 2 for v in value):
            return spans_text(value)
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


class Renderer:
    """Write rows in one format to one stream. ``write`` takes a batch of rows; ``close`` finishes."""

    def __init__(self, fmt: str, stream: IO[str], *, columns: Sequence[str] | None = None, title: str | None = None,
                 bom: bool = False, raw: bool = False, view: TableView | None = None, explicit: bool = False):
        """``raw``: CSV/TSV cells as they are, without defusing those that start like a formula. ``view`` names
        the columns a table shows by default (the rest stay in CSV and JSON); ``explicit`` says the ``columns``
        were chosen by the user (``--columns``): a table shows exactly those."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt, self.stream, self.columns, self.title, self.bom = fmt, stream, columns, title, bom
        self._cell = _cell if raw else (lambda value: _defused(_cell(value)))
        self.view, self.explicit = view or TableView(), explicit
        self.count = 0
        self._pending: list[dict] = []
        self._header_written = False

    def _layout(self, rows: list[dict]) -> list[list[Any]]:
        """The rows as lists of cells in column order; the columns are gathered from the first rows when none
        were given. A missing cell is NaN (as in a DataFrame), an explicit None stays None."""
        if self.columns is None:
            self.columns = list(dict.fromkeys(key for row in rows for key in row))
        return [[row.get(column, _MISSING) for column in self.columns] for row in rows]

    def write(self, rows: Iterable[dict]) -> None:
        rows = list(rows)
        self.count += len(rows)
        if self.fmt not in STREAMING:
            self._pending.extend(rows)
            return
        if not rows:
            return
        if self.fmt == "jsonl":
            self.stream.write("".join(json.dumps({k: _plain(v) for k, v in r.items()}, ensure_ascii=False) + "\n"
                                      for r in rows))
            return
        cells = self._layout(rows)
        if not self._header_written:
            self.write_header()
        writer = csv.writer(self.stream, delimiter="\t" if self.fmt == "tsv" else ",", lineterminator="\n")
        writer.writerows([self._cell(_flat(v)) for v in row] for row in cells)

    def close(self) -> None:
        if self.fmt == "json":
            cells = self._layout(self._pending)
            records = [{k: _plain(v) for k, v in zip(self.columns or [], row, strict=True)} for row in cells]
            json.dump(records, self.stream, ensure_ascii=False, indent=2)
            self.stream.write("\n")
        elif self.fmt == "table":
            self._table(self._layout(self._pending))
        elif self.fmt in ("csv", "tsv") and not self._header_written and self.columns:
            self.write_header()
        self.stream.flush()

    def write_header(self) -> None:
        if self.bom:
            self.stream.write("\ufeff")
        writer = csv.writer(self.stream, delimiter="\t" if self.fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(self.columns or [])
        self._header_written = True

    def _table(self, cells: list[list[Any]]) -> None:
        """A table for people, as wide as the terminal: the command's reading columns that fit (all of them, or
        the ones given with ``columns``), each at least as wide as its longest word so that text wraps between
        words; article ids shortened."""
        from rich.cells import cell_len
        from rich.table import Table
        from rich.text import Text  # plain text: an article's `[b]` is not rich markup

        from newslens.table_layout import ColumnSize, choose, header_lines, header_parts, longest_word

        console = terminal_console(self.stream, soft_wrap=False)
        columns = list(self.columns or [])
        texts = {c: [_shown(c, row[n]) for row in cells] for n, c in enumerate(columns)}
        title = self.title
        candidates = self._candidates(columns, texts)
        if "article" in candidates and not self.explicit and len(set(texts["article"])) == 1 and cells:
            candidates.remove("article")  # one article: its id goes in the title, not in every row
            title = f"{title}: {texts['article'][0]}" if title else texts["article"][0]
        sizes = {c: ColumnSize(c, natural=max([cell_len(c), *(cell_len(t) for t in texts[c])]),
                               minimum=max([*map(cell_len, header_parts(c)), *(longest_word(t) for t in texts[c])]),
                               weight=WIDE_COLUMNS.get(c, 0 if self._numeric(cells, columns.index(c)) else 1))
                 for c in candidates}
        required = [c for c in candidates if self.explicit or not self.view.required or c in self.view.required]
        optional = [c for c in self.view.optional if c in candidates and c not in required]
        shown, fitted = choose(sizes, required, optional, console.width, order=columns)
        wraps = fitted is not None and any(max(map(cell_len, texts[c]), default=0) > w  # a cell over two lines
                                           for c, w in zip(shown, fitted, strict=True))
        table = Table(title=title, show_lines=wraps, header_style="bold")
        for n, column in enumerate(shown):
            table.add_column(Text(header_lines(column, fitted[n]) if fitted else column),
                             justify="right" if self._numeric(cells, columns.index(column)) else "left",
                             overflow="fold", width=fitted[n] if fitted else None)
        for index in range(len(cells)):
            table.add_row(*(Text(texts[c][index]) for c in shown))
        console.print(table)
        left_out = [c for c in required if c not in shown]
        more = f"; not shown at this width: {', '.join(left_out)} (see --columns, -f csv)" if left_out else ""
        console.print(f"{len(cells)} row{'s' if len(cells) != 1 else ''}{more}", style="dim")

    def _candidates(self, columns: list[str], texts: dict[str, list[str]]) -> list[str]:
        """The columns a table may show: all given ones when they were chosen, else the command's reading
        columns (every column but offsets when it named none) that are not empty in every row."""
        if self.explicit:
            return list(columns)
        wanted = set(self.view.required) | set(self.view.optional) if self.view.required else {
            c for c in columns if not str(c).endswith(TABLE_HIDDEN_SUFFIXES)}
        return [c for c in columns if c in wanted and (not texts[c] or any(texts[c]))]

    @staticmethod
    def _numeric(cells: list[list[Any]], n: int) -> bool:
        values = [_flat(row[n]) for row in cells if row[n] is not None and _cell(row[n]) != ""]
        return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def short_id(article: str, parts: int = 2) -> str:
    """An article id for a table: its last ``parts`` path parts after an ellipsis (`…/politics/036.txt`)."""
    pieces = article.replace("\\", "/").split("/")
    return article if len(pieces) <= parts + 1 else "…/" + "/".join(pieces[-parts:])


def _shown(column: str, value: Any) -> str:
    """A cell as a table prints it: empty for a missing value, lists joined, article ids shortened."""
    value = _flat(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return printable(short_id(str(value)) if column == "article" else str(value))


def render(rows: Iterable[dict], fmt: str, stream: IO[str], **options: Any) -> int:
    """Render all rows at once; returns how many were written."""
    renderer = Renderer(fmt, stream, **options)
    renderer.write(rows)
    renderer.close()
    return renderer.count


@contextmanager
def open_renderer(fmt: str | None, stream: IO[str], **options: Any) -> Iterator[Renderer]:
    """A Renderer writing to ``stream``, in ``fmt`` or the default for where the rows go; finished when the
    block ends without an error. The stream is the caller's to close (``newslens.outfiles`` replaces a file only
    when it is complete)."""
    fmt = fmt or default_format(stream)
    renderer = Renderer(fmt, stream if fmt == "table" else for_terminal(stream), **options)
    yield renderer
    renderer.close()


# -- one registry of writers: every command's output, by (row shape, format) ---------------------------------------
#
# A command hands its data and a format to ``write`` (a stream) or ``write_folder`` (a folder of files): rows
# (the query commands, `info`, `sql`, `network --nodes`), the corpus summary, the entity network, the annotated
# article. The heavy renderers (rich, matplotlib, networkx) are imported by the writer that needs them.


@dataclass(frozen=True)
class Writer:
    """How one (shape, format) is written: ``write(data, target, **options)``; ``binary``: into a byte stream;
    ``folder``: files into a folder (``target`` its path), the paths written returned."""

    write: Any
    binary: bool = False
    folder: bool = False


WRITERS: dict[tuple[str, str], Writer] = {}


def writer(shape: str, *formats: str, binary: bool = False, folder: bool = False):
    """Register a function ``(data, target, fmt, **options)`` as the writer of ``shape`` in these formats."""
    def register(function):
        for fmt in formats:
            WRITERS[(shape, fmt)] = Writer(lambda data, target, _f=fmt, **o: function(data, target, _f, **o),
                                           binary, folder)
        return function

    return register


def formats(shape: str) -> tuple[str, ...]:
    """The formats a shape of output can be written in."""
    return tuple(fmt for s, fmt in WRITERS if s == shape)


def writer_for(shape: str, fmt: str) -> Writer:
    found = WRITERS.get((shape, fmt))
    if found is None:
        raise ValueError(f"no {fmt} writer for {shape}; one of {', '.join(formats(shape))}")
    return found


def write(shape: str, fmt: str, data: Any, stream: IO, **options: Any) -> None:
    """Write ``data`` of ``shape`` in ``fmt`` to ``stream`` (bytes when the writer is ``binary``)."""
    writer_for(shape, fmt).write(data, stream, **options)


def write_folder(shape: str, fmt: str, data: Any, folder: Any, **options: Any) -> list:
    """Write ``data`` of ``shape`` as ``fmt`` files in ``folder``; the paths written."""
    found = writer_for(shape, fmt)
    if not found.folder:
        raise ValueError(f"{shape} as {fmt} is written to a stream, not a folder")
    return found.write(data, folder, **options)


@writer("rows", *FORMATS)
def _rows(batches: Iterable[Iterable[dict]], stream: IO[str], fmt: str, **options: Any) -> None:
    """Batches of rows (dicts) through the Renderer: a table, CSV, TSV, JSON or JSONL."""
    with open_renderer(fmt, stream, **options) as out:
        for rows in batches:
            out.write(rows)


@writer("summary", "table", "json")
def _summary_text(summary: dict[str, Any], stream: IO[str], fmt: str) -> None:
    """The summary as bar charts for the terminal (rich), or its figures as JSON."""
    if fmt == "json":
        json.dump(summary, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    from newslens.render_summary import write_terminal

    write_terminal(summary, terminal_console(stream, soft_wrap=False, highlight=False))


@writer("summary", "html")
def _summary_html(summary: dict[str, Any], stream: IO[str], _fmt: str) -> None:
    """One self-contained page: the figures and every chart (matplotlib) embedded."""
    from newslens.charts import summary_charts
    from newslens.render_summary import write_html

    write_html(summary, summary_charts(summary), stream)


@writer("summary", "png", folder=True)
def _summary_pngs(summary: dict[str, Any], folder: Any, _fmt: str) -> list:
    """Each chart as FOLDER/<chart>.png."""
    from newslens.charts import summary_charts, write_pngs

    return write_pngs(summary_charts(summary), folder)


@writer("graph", "csv", "tsv")
def _graph_rows(network: Any, stream: IO[str], fmt: str, *, nodes: bool = False, bom: bool = False) -> None:
    """The network's edge list (Gephi's columns), or its node list."""
    from newslens.graph import EDGE_COLUMNS, NODE_COLUMNS, edge_rows

    _rows([network.node_rows() if nodes else edge_rows(network)], stream, fmt,
          columns=NODE_COLUMNS if nodes else EDGE_COLUMNS, bom=bom)


@writer("graph", "json", "gexf", "graphml", binary=True)
def _graph_file(network: Any, stream: IO[bytes], fmt: str) -> None:
    """Node-link JSON, or GEXF and GraphML written by networkx."""
    from newslens.graph import write_graph

    write_graph(network, fmt, stream)
    stream.flush()


def styled(stream: IO[str]) -> bool:
    """Whether rich would style what goes to ``stream`` (a terminal, or FORCE_COLOR set)."""
    return terminal_console(stream).is_terminal


@writer("article", "table", "text", "html")
def _article(annotated: Any, stream: IO[str], fmt: str) -> None:
    """Annotated articles: coloured for a terminal (rich), plain text with bracket marks, or one HTML page."""
    from newslens import render_article

    if fmt == "html":
        render_article.write_html(annotated, stream)
    elif fmt == "text":
        render_article.write_plain(annotated, for_terminal(stream))
    else:
        render_article.write_terminal(annotated, terminal_console(stream, soft_wrap=False, highlight=False))


@writer("store", "parquet", folder=True)
def _store_parquet(store: Any, folder: Any, _fmt: str, *, keep: Any = None, with_copies: bool = False) -> dict:
    """The stored corpus as Parquet files (``newslens.export``): {path: rows}."""
    from newslens.export import export_parquet

    return export_parquet(store, folder, keep=keep, with_copies=with_copies)
