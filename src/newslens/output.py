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
from typing import IO, Any

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
STREAMING = ("csv", "tsv", "jsonl")
LIST_SEPARATOR = "; "
TABLE_HIDDEN_SUFFIXES = ("start", "end")  # character offsets are for machines: CSV/JSON carry them
WIDE_COLUMNS = {"text": 6, "role": 3, "title": 4, "aliases": 2, "article": 2, "speaker_text": 2}


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


def _printable(text: str) -> str:
    """Text for a terminal: control characters (an article's `ESC[2J` would clear the screen) shown as `�`."""
    return _CONTROLS.sub("\ufffd", text)


def _flat(value: Any) -> Any:
    """A cell for CSV or a table: lists are joined."""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


class Renderer:
    """Write rows in one format to one stream. ``write`` takes a batch of rows; ``close`` finishes."""

    def __init__(self, fmt: str, stream: IO[str], *, columns: Sequence[str] | None = None, title: str | None = None,
                 bom: bool = False, raw: bool = False):
        """``raw``: CSV/TSV cells as they are, without defusing those that start like a formula."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt, self.stream, self.columns, self.title, self.bom = fmt, stream, columns, title, bom
        self._cell = _cell if raw else (lambda value: _defused(_cell(value)))
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
        """A table for people: offsets (machine columns) and columns empty in every row are left out."""
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text  # plain text: an article's `[b]` is not rich markup

        console = Console(file=self.stream, soft_wrap=False)
        table = Table(title=self.title, show_lines=False, header_style="bold")
        shown = [n for n, column in enumerate(self.columns or [])
                 if not str(column).endswith(TABLE_HIDDEN_SUFFIXES)
                 and (not cells or any(_flat(row[n]) not in (None, "") for row in cells))]
        for n in shown:
            column = (self.columns or [])[n]
            values = [_flat(row[n]) for row in cells if row[n] is not None]
            numeric = bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
            table.add_column(str(column), justify="right" if numeric else "left", overflow="fold",
                             ratio=WIDE_COLUMNS.get(str(column), 1))
        for row in cells:
            table.add_row(*(Text("" if v is None or (isinstance(v, float) and math.isnan(v)) else _printable(str(v)))
                            for v in (_flat(row[n]) for n in shown)))
        console.print(table)
        console.print(f"{len(cells)} row{'s' if len(cells) != 1 else ''}", style="dim")


def render(rows: Iterable[dict], fmt: str, stream: IO[str], **options: Any) -> int:
    """Render all rows at once; returns how many were written."""
    renderer = Renderer(fmt, stream, **options)
    renderer.write(rows)
    renderer.close()
    return renderer.count


def open_stream(output: str = "-") -> IO[str]:
    """Where the rows go: ``-`` for stdout, else the file (raises OSError when it cannot be written)."""
    return sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")


@contextmanager
def open_renderer(fmt: str | None, stream: IO[str], **options: Any) -> Iterator[Renderer]:
    """A Renderer writing to ``stream``, in ``fmt`` or the default for where the rows go; finished when the
    block ends without an error, and the stream closed either way (unless it is stdout)."""
    try:
        renderer = Renderer(fmt or default_format(stream), stream, **options)
        yield renderer
        renderer.close()
    finally:
        if stream is not sys.stdout:
            stream.close()
