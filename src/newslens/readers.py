"""Turn what the user points at (files, folders, exports, stdin) into Documents ready for analysis.

Plain text is analyzed exactly as decoded, so offsets are offsets into the file. HTML pages give their main
text (extracted with trafilatura); JSONL/JSON/CSV exports give one Document per record, and offsets there are
offsets into the record's text field.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
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
        where: where a record of an export was read (`FILE: line N`), for messages; empty for a file.
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
    where: str = field(default="", compare=False)

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
    """(where, record) for each record of an export: ``where`` is `line N`, `row N` or `record N`, for messages.
    A record that cannot be read is a problem of that record alone: the records after it are read."""
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_records(text, id, problem)
    elif suffix == ".json":
        yield from _json_records(text)
    else:
        yield from _csv_records(text, "\t" if suffix == ".tsv" else ",", suffix[1:].upper(), id, problem)


def _json(text: str) -> object:
    """``json.loads``, with nesting too deep for Python's recursion a JSONDecodeError like any other."""
    try:
        return json.loads(text)
    except RecursionError as err:
        raise json.JSONDecodeError("nested too deeply", text, 0) from err


def _jsonl_records(text: str, id: str, problem: OnProblem) -> Iterator[tuple[str, object]]:
    """One record a line. Lines end at ``\n`` only: a record's text may hold U+2028 or a form feed, which JSON
    allows unescaped and ``str.splitlines`` would take for line ends."""
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            try:
                yield f"line {number}", _json(line)
            except json.JSONDecodeError as err:
                problem(id, f"line {number}: not JSON ({err.msg}); skipped")


def _json_records(text: str) -> Iterator[tuple[str, object]]:
    try:
        data = _json(text)
    except json.JSONDecodeError as err:
        raise ReadError(f"not JSON ({err.msg} at line {err.lineno})") from err
    for number, record in enumerate(data if isinstance(data, list) else [data], 1):
        yield f"record {number}", record


def _csv_records(text: str, delimiter: str, kind: str, id: str, problem: OnProblem,
                 ) -> Iterator[tuple[str, dict]]:
    """The rows of a CSV or TSV export as dicts keyed by the header. A row that is not CSV (an unclosed
    quotation mark, text after a closing one) or that has more cells than the header is reported with its line
    and skipped, and reading starts again on the next line: one stray mark never turns the rows after it into
    fragments. Cells beyond the header that are empty (a trailing comma) are allowed."""
    rows = _csv_rows(text, delimiter, kind, id, problem)
    header = next(rows, None)
    if header is None or not any(str(name).strip().lower() in TEXT_FIELDS for name in header[1]):
        raise ReadError(f"no text column (one of {', '.join(TEXT_FIELDS)})")
    names = header[1]
    for number, cells in rows:
        if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names):]):
            problem(id, f"line {number}: {len(cells)} cells where the header has {len(names)} (a delimiter in an "
                        "unquoted cell?); skipped")
            continue
        yield f"row {number}", dict(zip(names, cells + [""] * (len(names) - len(cells)), strict=False))


def _csv_rows(text: str, delimiter: str, kind: str, id: str, problem: OnProblem,
              ) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank record, read with the csv module in strict mode; after a record
    that is not CSV (reported), reading starts again on the line after that record's first."""
    csv.field_size_limit(sys.maxsize)
    lines = io.StringIO(text, newline="").readlines()  # line ends as the csv module sees them (\n, \r, \r\n)
    start = 0
    while start < len(lines):
        rest = (lines[i] for i in range(start, len(lines)))  # no copy, no skipping over the lines read
        reader = csv.reader(rest, delimiter=delimiter, strict=True)
        before = 0  # lines the reader had read before the current record
        try:
            for cells in reader:
                if cells:
                    yield start + before + 1, cells
                before = reader.line_num
            return
        except csv.Error as err:
            bad = start + before + 1
            if bad == 1:
                raise ReadError(f"not {kind} at line 1, the header ({err})") from err
            problem(id, f"line {bad}: not {kind} ({err}); skipped")
            start = bad


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
                kept = (f"{id}: {where}: {_not_kept(new)}",) if new else ()
                yield replace(doc, warnings=(*warnings, *doc.warnings, *kept), where=f"{id}: {where}")
                warnings = ()  # the file's own warnings once, with its first article
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
    return _without_surrogates(doc, f"{id}: {where}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(doc: Document, where: str) -> Document:
    """A record whose JSON held lone surrogate escapes (``"\\ud800"``, no character: UTF-8 cannot carry it)
    gets U+FFFD in their place, one character for one, so offsets stay; a warning says so."""
    values = {name: getattr(doc, name) for name in ("id", "text", "title", "subtitle", "author", "source",
                                                   "published", "section")}
    bad = {name: value for name, value in values.items() if value and _SURROGATE.search(value)}
    if not bad:
        return doc
    fixed = {name: _SURROGATE.sub("\ufffd", value) for name, value in bad.items()}
    warning = f"{where}: lone surrogate escapes (not characters) in {', '.join(bad)}, read as U+FFFD"
    return replace(doc, **fixed, warnings=(*doc.warnings, warning))


OnNote = Callable[[str, str], None]  # (id, message)


def shown_name(name: str) -> str:
    """A file name as ids and messages show it: bytes that are not UTF-8 (which Python keeps as surrogate
    escapes) written as ``\\xNN``, so that the id is text every output can carry.

    >>> shown_name("caf\\udce9.txt")
    'caf\\\\xe9.txt'
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def expand(paths: Iterable[str], on_skip: OnNote | None = None, on_error: OnProblem | None = None,
           ) -> Iterator[tuple[str, Path | None]]:
    """(id, path) for every input: folders are walked recursively, sorted, through links to folders (each
    folder once); '-' is stdin; a file given twice is read once. In a folder, files with a known suffix and
    files without one (read as text) are articles, hidden files are left out, and the rest is told:
    ``on_skip(id, why)`` hears of files of another format, ``on_error(id, why)`` of what could be an article
    but cannot be read (a folder without permission, a FIFO, a socket, a link to nothing); without
    ``on_error`` the first of those raises ReadError. Ids are the paths as given, with ``shown_name``."""
    seen: set[tuple[int, int]] = set()
    for given in paths:
        if given == "-":
            yield "-", None
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, shown_name(given), seen, on_skip, on_error or _raise)
        elif _first_time(path, seen):
            yield shown_name(given), path
        elif on_skip is not None:
            on_skip(shown_name(given), "given again; read once")


def _first_time(path: Path, seen: set[tuple[int, int]]) -> bool:
    """Whether the file (or folder) at ``path`` is met for the first time in this run (by device and inode:
    links and two spellings of one path are one file)."""
    try:
        info = path.stat()
    except OSError:
        return True  # reading it will say what is wrong
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(folder: Path, id: str, seen: set[tuple[int, int]], on_skip: OnNote | None,
          on_error: OnProblem) -> Iterator[tuple[str, Path]]:
    """The articles of one folder, depth first in name order (the order of sorted paths)."""
    if not _first_time(folder, seen):
        if on_skip is not None:
            on_skip(id, "a folder read already (a link back to it?); read once")
        return
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as err:
        on_error(id, f"cannot read this folder ({err.strerror or err}); what it holds was skipped")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child, child_id = Path(entry.path), f"{id}/{shown_name(entry.name)}"
        if _is_dir(entry):
            yield from _walk(child, child_id, seen, on_skip, on_error)
        elif _documentation(child):
            if on_skip is not None:
                on_skip(child_id, "the corpus's own documentation, not an article; skipped")
        elif not _article_format(child):
            if on_skip is not None:
                on_skip(child_id, f"not an article format ({shown_name(child.suffix)}); skipped")
        elif (why := _not_a_file(entry)) is not None:
            on_error(child_id, f"{why}; skipped")
        elif _first_time(child, seen):
            yield child_id, child
        elif on_skip is not None:
            on_skip(child_id, "the same file as one read before (a link?); read once")


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # through a link
    except OSError:
        return False


def _not_a_file(entry: os.DirEntry) -> str | None:
    """Why a folder's entry cannot be read as an article (a link to nothing, a FIFO, a socket, a device), or
    None for a regular file."""
    try:
        mode = os.stat(entry.path).st_mode
    except FileNotFoundError:
        return f"a link to nothing ({shown_name(os.readlink(entry.path))})" if entry.is_symlink() else "gone"
    except OSError as err:
        return f"cannot be read ({err.strerror or err})"
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({kind})"


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
    try:
        relative = Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
    except ValueError:
        return False
    return (bool(relative.parts) and not _hidden(relative) and _article_format(relative)
            and not _documentation(relative))


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
    hex digits of its digest), so that two stdin runs never overwrite each other in the store. Two articles
    never share an id (``distinct_ids``)."""
    for _, document in read_files(paths, on_error, max_chars=max_chars, stdin_id=stdin_id):
        yield document


def _documents_of(id: str, path: Path | None, on_error: OnProblem | None, max_chars: int,
                  stdin_id: str | None) -> Iterator[Document]:
    """The Documents of one input (a file, or stdin); its problems passed to ``on_error`` or raised."""
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
               stdin_id: str | None = None, on_skip: OnNote | None = None,
               ) -> Iterator[tuple[int, Document]]:
    """(file number, Document) for every article under the paths: folders walked, exports split in records.
    The file number tells the engine which articles came from one file. ``on_skip(id, why)`` hears of the files
    of a folder that are no article format, and of inputs given twice."""
    seen: dict[str, str] = {}
    for number, (id, path) in enumerate(expand(paths, on_skip, on_error)):
        for document in _documents_of(id, path, on_error, max_chars, stdin_id):
            yield number, distinct_id(document, seen)


def distinct_id(document: Document, seen: dict[str, str]) -> Document:
    """The Document under an id no article of this run had (``seen``: id -> where it was read): a second
    record with the id ``x`` (an export that repeats ids) is kept as ``x#2``, with a warning that says where
    both were read, so that neither replaces the other in the store.

    >>> seen = {}
    >>> [distinct_id(Document(id="x", text=t, where=w), seen).id for t, w in (("a", "e: line 1"), ("b", "e: line 2"))]
    ['x', 'x#2']
    """
    where = document.where or document.id
    if document.id not in seen:
        seen[document.id] = "" if where == document.id else where  # the id itself says where a file was read
        return document
    n = 2
    while f"{document.id}#{n}" in seen:
        n += 1
    new = f"{document.id}#{n}"
    seen[new] = where
    first = seen[document.id] or document.id
    warning = f"{where}: id {document.id!r} was read before ({first}); this article is kept as {new!r}"
    return replace(document, id=new, warnings=(*document.warnings, warning))


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles the paths hold, when that is known without reading them (no exports, no stdin)."""
    total = 0
    for _, path in expand(paths, on_error=_ignore):
        if path is None or path.suffix.lower() in RECORD_SUFFIXES:
            return None
        total += 1
    return total


def _ignore(_id: str, _message: str) -> None:
    pass
