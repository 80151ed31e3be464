"""Turn what the user points at (files, folders, exports, stdin) into Documents ready for analysis.

Plain text is analyzed exactly as decoded, so offsets are offsets into the file. HTML pages give their main
text (extracted with trafilatura); JSONL/JSON/CSV exports give one Document per record, and offsets there are
offsets into the record's text field.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from newslens.decoding import decode
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
SECTION_FIELDS = ("section", "category", "desk", "rubric")
SUBTITLE_FIELDS = ("subtitle", "subheadline", "standfirst", "dek")
# a record's fields newslens keeps: the first non-empty one of each group (any other is reported as not kept)
RECORD_FIELDS = {"text": TEXT_FIELDS, "id": ID_FIELDS, "title": TITLE_FIELDS, "subtitle": SUBTITLE_FIELDS,
                 "author": AUTHOR_FIELDS, "source": SOURCE_FIELDS, "published": DATE_FIELDS,
                 "section": SECTION_FIELDS}
MAX_CHARS = 20_000_000  # an article longer than this is refused (--max-chars); a transcript of 5 MB is fine
# an HTML page whose extracted text is shorter than this is no article (a login page, a list of links)
MIN_HTML_WORDS = 40


@dataclass(frozen=True)
class Document:
    """One article's text, before analysis, with what the reader learned about it. ``newslens.analyze`` takes one
    as it takes a text; ``from_text(text, id, title=..., ...)`` makes one as the readers do (the header read).

    Attributes:
        id: the article's id (a path, a record's id); the records of its analysis carry it.
        text: the text as read: every offset of the analysis points into it.
        title, subtitle, author, source, section: metadata (None when unknown).
        published: the publication date, ISO 8601, or None.
        masked: character ranges kept out of the analysis (a byline, site boilerplate), from its header.
        warnings: what the reader was unsure of (an encoding assumed), for the caller to show.
    """

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


def from_text(text: str, id: str, **meta: str | None) -> Document:
    """A Document from an article's text: its header (title, byline, date) and boilerplate are parsed."""
    header = parse_header(text)
    found = header.metadata
    values = {key: meta.get(key) or found.get(key) for key in ("title", "subtitle", "author", "source", "section")}
    published = meta.get("published")
    values["published"] = (iso_date(published) or published) if published else found.get("published")
    return Document(id=id, text=text, masked=tuple(header.masked), **values)


def _first(record: dict, names: Iterable[str]) -> str | None:
    found = _first_key(record, names)
    if found is None:
        return None
    value = record[found]
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _first_key(record: dict, names: Iterable[str]) -> str | None:
    """The record's key of the first of ``names`` (any case) with a value."""
    keys = {str(k).lower(): k for k in record}
    for name in names:
        if name in keys and record[keys[name]] not in (None, ""):
            return keys[name]
    return None


def fields_not_kept(record: dict) -> list[str]:
    """The fields of a record with a value that newslens does not keep: of no group of RECORD_FIELDS, or a
    second one of a group (`url` beside `id`).

    >>> fields_not_kept({"text": "...", "id": "7", "url": "https://...", "lang": "en", "note": ""})
    ['url', 'lang']
    """
    kept = {_first_key(record, names) for names in RECORD_FIELDS.values()}
    return [str(k) for k, v in record.items() if k not in kept and v not in (None, "")]


def from_record(record: dict, default_id: str) -> Document | None:
    """The Document of an export's record: its text, id and metadata from the first field of each group of
    RECORD_FIELDS that has a value (``fields_not_kept`` names the others)."""
    text = _first(record, TEXT_FIELDS)
    if text is None:
        return None
    return from_text(
        text,
        _first(record, ID_FIELDS) or default_id,
        **{name: _first(record, RECORD_FIELDS[name]) for name in RECORD_FIELDS if name not in ("text", "id")},
    )


def _not_kept(fields: list[str]) -> str:
    return (f"field{'s' if len(fields) != 1 else ''} not kept: {', '.join(fields)} (newslens keeps the text, the "
            f"id and the {', '.join(n for n in RECORD_FIELDS if n not in ('text', 'id'))} of each record)")


OnProblem = Callable[[str, str], None]


def _raise(id: str, message: str) -> None:
    raise ReadError(f"{id}: {message}")


def _records(text: str, suffix: str, id: str, problem: OnProblem) -> Iterator[tuple[str, object]]:
    """(where, record) for each record of an export: ``where`` is `line N` or `row N`, for messages. A line
    that is not JSON is a problem of that line alone: the records after it are read."""
    if suffix in (".jsonl", ".ndjson"):
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield f"line {number}", json.loads(line)
                except json.JSONDecodeError as err:
                    problem(id, f"line {number}: not JSON ({err.msg}); skipped")
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise ReadError(f"not JSON ({err.msg} at line {err.lineno})") from err
        for number, record in enumerate(data if isinstance(data, list) else [data], 1):
            yield f"record {number}", record
    else:
        csv.field_size_limit(sys.maxsize)
        # newline="": the csv module reads line breaks itself (a quoted cell may hold one)
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if suffix == ".tsv" else ",")
        try:
            if not any(str(name).strip().lower() in TEXT_FIELDS for name in reader.fieldnames or ()):
                raise ReadError(f"no text column (one of {', '.join(TEXT_FIELDS)})")
            for record in reader:
                yield f"row {reader.line_num}", record
        except csv.Error as err:  # past a broken quote the rows cannot be told apart any more
            raise ReadError(f"not {suffix[1:].upper()} from line {reader.line_num} on ({err}); the rows before it "
                            "were read") from err


def from_html(html: str, id: str) -> Document:
    import logging

    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan"):  # newslens says itself what it could not find
        logging.getLogger(name).setLevel(logging.CRITICAL)

    # dates from the page's metadata only: a footer's `© 2024` is no publication date
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            date_extraction_params={"extensive_search": False})
    data = {} if extracted is None else extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    words = len(text.split())
    if words < MIN_HTML_WORDS:
        raise ReadError(f"no article body found in the HTML ({words} words of main text)")
    return from_text(text, id, title=data.get("title"), author=data.get("author"),
                     source=data.get("sitename") or data.get("hostname"), published=data.get("date"))


def read_bytes(data: bytes, id: str, suffix: str, *, on_error: OnProblem | None = None,
               max_chars: int = MAX_CHARS) -> Iterator[Document]:
    """Documents from one file's bytes, by its suffix (plain text when unknown). A record of an export that
    cannot be used is passed to ``on_error(id, message)`` and the others are read; without a handler the first
    problem raises ReadError. A problem of the whole file raises ReadError either way."""
    problems = 0

    def problem(where: str, message: str) -> None:
        nonlocal problems
        problems += 1
        (on_error or _raise)(where, message)

    decoded = decode(data)
    warnings = (f"{id}: {decoded.assumed}",) if decoded.assumed else ()
    text = decoded.text
    if suffix in RECORD_SUFFIXES:
        n = 0
        told: set[str] = set()  # each field not kept is told once per file, at the first record that has it
        for n, (where, record) in enumerate(_records(text, suffix, id, problem), 1):
            doc = _from_export(record, f"{id}#{n}", where, id, problem, max_chars)
            if doc is not None:
                new = [name for name in fields_not_kept(record) if name not in told]
                told.update(new)
                yield replace(doc, warnings=(*warnings, *([f"{id}: {where}: {_not_kept(new)}"] if new else [])))
        if n == 0 and not problems:
            raise ReadError("no records")
        return
    if not text.strip():
        raise ReadError("empty file")
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:15].lower()
                                          .startswith(("<!doctype html", "<html")))
    doc = from_html(text, id) if is_html else from_text(text, id)
    if len(doc.text) > max_chars:
        raise ReadError(_too_long(max_chars))
    yield Document(**{**doc.__dict__, "warnings": warnings}) if warnings else doc


def _too_long(max_chars: int) -> str:
    return f"larger than an article may be ({max_chars:,} characters, --max-chars)"


def _from_export(record: object, default_id: str, where: str, id: str, problem: OnProblem,
                 max_chars: int) -> Document | None:
    """The Document of one record, or None (and a problem reported) when it has none."""
    if not isinstance(record, dict):
        problem(id, f"{where}: not an object; skipped")
        return None
    if not any(str(key).lower() in TEXT_FIELDS for key in record):
        problem(id, f"{where}: no text field (one of {', '.join(TEXT_FIELDS)}); skipped")
        return None
    doc = from_record(record, default_id)
    if doc is None or not doc.text.strip():
        problem(id, f"{where}: empty text; skipped")
        return None
    if len(doc.text) > max_chars:
        problem(id, f"{where}: {_too_long(max_chars)}; skipped")
        return None
    return doc


def expand(paths: Iterable[str], on_skip: Callable[[str, str], None] | None = None,
           ) -> Iterator[tuple[str, Path | None]]:
    """(id, path) for every input: folders are walked recursively, sorted; '-' is stdin. In a folder, files
    with a known suffix and files without one (read as text) are articles; others are passed to ``on_skip(id,
    why)``, and hidden files are left out."""
    for given in paths:
        if given == "-":
            yield "-", None
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _hidden(child.relative_to(path)):
                    continue
                id = str(Path(given) / child.relative_to(path))
                if _documentation(child):
                    if on_skip is not None:
                        on_skip(id, "the corpus's own documentation, not an article; skipped")
                elif _article_format(child):
                    yield id, child
                elif on_skip is not None:
                    on_skip(id, f"not an article format ({child.suffix}); skipped")
        else:
            yield given, path


def _documentation(path: Path) -> bool:
    """A folder's README, LICENSE or other file that documents the corpus (``models/corpus_documents.txt``).

    >>> _documentation(Path("bbc/README.TXT")), _documentation(Path("LICENSE-MIT")), _documentation(Path("x.txt"))
    (True, True, False)
    """
    from newslens.resources import read_words

    return re.split(r"[-_. ]", path.name, maxsplit=1)[0].casefold() in read_words("corpus_documents.txt")


def _hidden(relative: Path) -> bool:
    """A file or folder whose name starts with a dot is left out of a folder's articles."""
    return any(part.startswith(".") for part in relative.parts)


def _article_format(path: Path) -> bool:
    """A file of a folder is read as an article when its suffix is one newslens reads, or when it has none."""
    return path.suffix.lower() in KNOWN_SUFFIXES or not path.suffix


def reads_from_folder(folder: str | Path, path: str | Path) -> bool:
    """Whether reading ``folder`` reads the file ``path``: inside it (links resolved), not hidden, of an article
    format. The command line refuses an output that is such a file.

    >>> reads_from_folder("news", "news/uk/story.txt"), reads_from_folder("news", "news/.cache/x.txt")
    (True, False)
    >>> reads_from_folder("news", "news/chart.png"), reads_from_folder("news", "elsewhere/story.txt")
    (False, False)
    """
    import os

    try:
        relative = Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
    except ValueError:
        return False
    return bool(relative.parts) and not _hidden(relative) and _article_format(relative)


def _read_input(path: Path | None, max_chars: int) -> bytes:
    """The bytes of one input, never more than an article may need: a device or FIFO is refused (it may never
    end), and so is a text file larger than ``max_chars`` could be. Exports are read whole."""
    limit = None if path is not None and path.suffix.lower() in RECORD_SUFFIXES else 4 * max_chars + 4
    if path is None:
        data = sys.stdin.buffer.read(limit if limit is not None else -1)
    else:
        if not path.is_file():
            raise ReadError("not a regular file (a device or FIFO?); give a file, a folder, or - for stdin")
        with path.open("rb") as fh:
            data = fh.read(limit if limit is not None else -1)
    if limit is not None and len(data) >= limit:
        raise ReadError(_too_long(max_chars))
    return data


_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)


def sniffed(data: bytes) -> str:
    """The format of what stdin holds, as the suffix a file of it would have: `.html` for a page, `.jsonl` for
    JSON Lines (a first line that is a JSON object), `.json` for one JSON document, else `.txt`.

    >>> sniffed(b"<!DOCTYPE html><html>..."), sniffed(b'{"text": "a"}\n{"text": "b"}\n'), sniffed(b"Plain")
    ('.html', '.jsonl', '.txt')
    """
    head = data[:65536].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head):
        return ".html"
    if head[:1] in ("{", "["):
        text = data.decode("utf-8", "replace")
        try:
            json.loads(text)
            return ".json"
        except ValueError:
            pass
        try:
            return ".jsonl" if isinstance(json.loads(head.splitlines()[0]), dict) else ".txt"
        except ValueError:
            return ".txt"
    return ".txt"


def read_documents(paths: Iterable[str], on_error: OnProblem | None = None, *, max_chars: int = MAX_CHARS,
                   stdin_id: str | None = None) -> Iterator[Document]:
    """Every Document under the given paths. A file, or a record of an export, that cannot be read is passed
    to ``on_error(id, msg)`` and the rest are still read; without a handler the first problem raises
    ReadError. Articles read from stdin get ``stdin_id``, else an id from their content (``stdin-`` and twelve
    hex digits of its digest), so that two stdin runs never overwrite each other in the store."""
    for id, path in expand(paths, on_skip=None):
        try:
            data = _read_input(path, max_chars)
            suffix = sniffed(data) if path is None else path.suffix.lower()
            if path is None:
                id = stdin_id or f"stdin-{content_digest(data.decode('utf-8', 'replace'))[:12]}"
            yield from read_bytes(data, id, suffix, on_error=on_error, max_chars=max_chars)
        except (OSError, ReadError) as err:
            message = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            if on_error is None:
                raise ReadError(message if message.startswith(f"{id}: ") else f"{id}: {message}") from err
            on_error(id, message)


def read_files(paths: Iterable[str], on_error: OnProblem | None = None, *, max_chars: int = MAX_CHARS,
               stdin_id: str | None = None, on_skip: Callable[[str, str], None] | None = None,
               ) -> Iterator[tuple[int, Document]]:
    """(file number, Document) for every article under the paths: folders walked, exports split in records.
    The file number tells the engine which articles came from one file. ``on_skip(id, why)`` hears of the files
    of a folder that are no article format."""
    for number, (id, _) in enumerate(expand(paths, on_skip)):
        for document in read_documents([id], on_error=on_error, max_chars=max_chars, stdin_id=stdin_id):
            yield number, document


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles the paths hold, when that is known without reading them (no exports, no stdin)."""
    total = 0
    for id, path in expand(paths):
        if path is None or Path(id).suffix.lower() in RECORD_SUFFIXES:
            return None
        total += 1
    return total
