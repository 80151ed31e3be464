"""Turn what the user points at (files, folders, exports, stdin) into Documents ready for analysis.

Plain text is analyzed exactly as decoded, so offsets are offsets into the file. HTML pages give their main
text (extracted with trafilatura); JSONL/JSON/CSV exports give one Document per record, and offsets there are
offsets into the record's text field.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newslens.errors import ReadError
from newslens.header import iso_date, parse_header
from newslens.records import content_digest
from newslens.text import unify_line_breaks

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".tsv"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
TEXT_FIELDS = ("text", "body", "content", "article", "story", "full_text", "maintext")
ID_FIELDS = ("id", "article_id", "doc_id", "uid", "url", "link", "path", "filename")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "published_at", "publish_date", "pub_date", "datetime", "timestamp")
AUTHOR_FIELDS = ("author", "authors", "byline")
SOURCE_FIELDS = ("source", "publisher", "outlet", "site", "domain")
FALLBACK_ENCODING = "cp1252"  # then latin-1, which decodes any byte


@dataclass(frozen=True)
class Document:
    """One article's text, before analysis, with what the reader learned about it."""

    id: str
    text: str
    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    source: str | None = None
    published: str | None = None
    section: str | None = None
    masked: tuple[tuple[int, int], ...] = ()  # character ranges kept out of the analysis (bylines, boilerplate)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def digest(self) -> str:
        """Content hash: the cache key, so a renamed or copied file is recognized."""
        return content_digest(self.text)

    def analysis_text(self) -> str:
        """The text spaCy sees: masked ranges blanked out and every line break written as ``\\n``
        (``newslens.text``), every other character in place."""
        text = unify_line_breaks(self.text)
        if not self.masked:
            return text
        chars = list(text)
        for start, end in self.masked:
            for i in range(start, end):
                if not chars[i].isspace():
                    chars[i] = " "
        return "".join(chars)


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as UTF-8 (a BOM is dropped); otherwise cp1252, then latin-1. Returns (text, warning)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(FALLBACK_ENCODING), f"not UTF-8, decoded as {FALLBACK_ENCODING}"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8, decoded as latin-1"


def from_text(text: str, id: str, **meta: str | None) -> Document:
    """A Document from an article's text: its header (title, byline, date) and boilerplate are parsed."""
    header = parse_header(text)
    found = header.metadata
    values = {key: meta.get(key) or found.get(key) for key in ("title", "subtitle", "author", "source", "section")}
    published = meta.get("published")
    values["published"] = (iso_date(published) or published) if published else found.get("published")
    return Document(id=id, text=text, masked=tuple(header.masked), **values)


def _first(record: dict, names: Iterable[str]) -> str | None:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if value not in (None, ""):
            if isinstance(value, list):
                value = ", ".join(map(str, value))
            return str(value)
    return None


def from_record(record: dict, default_id: str) -> Document | None:
    text = _first(record, TEXT_FIELDS)
    if text is None:
        return None
    return from_text(
        text,
        _first(record, ID_FIELDS) or default_id,
        title=_first(record, TITLE_FIELDS),
        author=_first(record, AUTHOR_FIELDS),
        source=_first(record, SOURCE_FIELDS),
        published=_first(record, DATE_FIELDS),
    )


def _records(text: str, suffix: str) -> Iterator[dict]:
    if suffix in (".jsonl", ".ndjson"):
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as err:
                    raise ReadError(f"line {number}: not JSON ({err.msg})") from err
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise ReadError(f"not JSON ({err.msg})") from err
        yield from (data if isinstance(data, list) else [data])
    else:
        csv.field_size_limit(sys.maxsize)
        yield from csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")


def from_html(html: str, id: str) -> Document:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise ReadError("no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    if not text.strip():
        raise ReadError("no article text found in the HTML")
    return from_text(text, id, title=data.get("title"), author=data.get("author"),
                     source=data.get("sitename") or data.get("hostname"), published=data.get("date"))


def read_bytes(data: bytes, id: str, suffix: str) -> Iterator[Document]:
    """Documents from one file's bytes, by its suffix (plain text when unknown)."""
    text, warning = decode(data)
    warnings = (f"{id}: {warning}",) if warning else ()
    if suffix in RECORD_SUFFIXES:
        n = 0
        for n, record in enumerate(_records(text, suffix), 1):
            if not isinstance(record, dict):
                raise ReadError(f"record {n} is not an object")
            doc = from_record(record, f"{id}#{n}")
            if doc is None:
                raise ReadError(f"record {n} has no text field (one of {', '.join(TEXT_FIELDS)})")
            if doc.text.strip():
                yield doc
        if n == 0:
            raise ReadError("no records")
        return
    if not text.strip():
        raise ReadError("empty file")
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:15].lower()
                                          .startswith(("<!doctype html", "<html")))
    doc = from_html(text, id) if is_html else from_text(text, id)
    yield Document(**{**doc.__dict__, "warnings": warnings}) if warnings else doc


def expand(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """(id, path) for every input: folders are walked recursively (known suffixes, sorted); '-' is stdin."""
    for given in paths:
        if given == "-":
            yield "-", None
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in KNOWN_SUFFIXES and not child.name.startswith("."):
                    yield str(Path(given) / child.relative_to(path)), child
        else:
            yield given, path


def read_documents(paths: Iterable[str], on_error=None) -> Iterator[Document]:
    """Every Document under the given paths. A file that cannot be read is passed to ``on_error(id, msg)``
    (or raises ReadError when no handler is given) and the rest are still read."""
    for id, path in expand(paths):
        try:
            if path is None:
                data, suffix = sys.stdin.buffer.read(), ".txt"
            else:
                data, suffix = path.read_bytes(), path.suffix.lower()
            yield from read_bytes(data, id, suffix)
        except (OSError, ReadError) as err:
            message = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            if on_error is None:
                raise ReadError(f"{id}: {message}") from err
            on_error(id, message)


def read_files(paths: Iterable[str], on_error=None) -> Iterator[tuple[int, Document]]:
    """(file number, Document) for every article under the paths: folders walked, exports split in records.
    The file number tells the engine which articles came from one file."""
    for number, (id, _) in enumerate(expand(paths)):
        for document in read_documents([id], on_error=on_error):
            yield number, document


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles the paths hold, when that is known without reading them (no exports, no stdin)."""
    total = 0
    for id, path in expand(paths):
        if path is None or Path(id).suffix.lower() in RECORD_SUFFIXES:
            return None
        total += 1
    return total
