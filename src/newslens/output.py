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

        from newslens.table_layout import ColumnSize, choose, longest_word

        console = terminal_console(self.stream, soft_wrap=False)
        columns = list(self.columns or [])
        texts = {c: [_shown(c, row[n]) for row in cells] for n, c in enumerate(columns)}
        title = self.title
        candidates = self._candidates(columns, texts)
        if "article" in candidates and not self.explicit and len(set(texts["article"])) == 1 and cells:
            candidates.remove("article")  # one article: its id goes in the title, not in every row
            title = f"{title}: {texts['article'][0]}" if title else texts["article"][0]
        sizes = {c: ColumnSize(c, natural=max([cell_len(c), *(cell_len(t) for t in texts[c])]),
                               minimum=max([cell_len(c), *(longest_word(t) for t in texts[c])]),
                               weight=WIDE_COLUMNS.get(c, 0 if self._numeric(cells, columns.index(c)) else 1))
                 for c in candidates}
        required = [c for c in candidates if self.explicit or not self.view.required or c in self.view.required]
        optional = [c for c in self.view.optional if c in candidates and c not in required]
        shown, fitted = choose(sizes, required, optional, console.width, order=columns)
        wraps = fitted is not None and any(sizes[c].natural > w for c, w in zip(shown, fitted, strict=True))
        table = Table(title=title, show_lines=wraps, header_style="bold")
        for n, column in enumerate(shown):
            table.add_column(column, justify="right" if self._numeric(cells, columns.index(column)) else "left",
                             overflow="fold", width=fitted[n] if fitted else None)
        for index in range(len(cells)):
            table.add_row(*(Text(texts[c][index]) for c in shown))
        console.print(table)
        console.print(f"{len(cells)} row{'s' if len(cells) != 1 else ''}", style="dim")

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
