"""The header and footer that news-site exports carry: title, byline, source, date, subtitle, boilerplate.

``parse_header(text)`` never changes the text: it returns the metadata it found and the character ranges
(byline lines, boilerplate) that must be kept out of the analysis, so that offsets stay those of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from newslens.resources import read_table
from newslens.text import paragraphs

_BYLINE = re.compile(r"^\s*By\s+(?P<author>[^\n]+?)\s*(?=Source\s*:|Published\s*:|Updated\s*:|\||$)")
_SOURCE = re.compile(r"Source\s*:\s*(?P<source>[^\n]+?)\s*(?=Published\s*:|Updated\s*:|\||$)")
_PUBLISHED = re.compile(r"(?:Published|Updated|Posted|Date)\s*:?\s*(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
                        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)")
# A Reuters-style dateline: "BERGEN 2031-05-14"
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{1,40}\s+(?P<date>\d{4}-\d{2}-\d{2})\s*$")
_HEADER_PARAGRAPHS = 4  # a byline is looked for in the first few paragraphs only


@dataclass
class Header:
    """What the header and boilerplate lines say: the Document's metadata fields (``title``, ``author``, ...,
    those of ``records.DOCUMENT_FIELDS`` but the id) that were found, and the ranges kept out of the analysis."""

    metadata: dict[str, str | None] = field(default_factory=dict)
    masked: list[tuple[int, int]] = field(default_factory=list)


def iso_date(value: str) -> str | None:
    value = value.strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).isoformat()
        except ValueError:
            continue
    return None


def _boilerplate() -> list[tuple[re.Pattern[str], str | None]]:
    rules = []
    for row in read_table("boilerplate.tsv"):
        rules.append((re.compile(row[0], re.IGNORECASE), row[1] if len(row) > 1 and row[1] else None))
    return rules


def parse_header(text: str) -> Header:
    header = Header()
    paras = paragraphs(text)
    if not paras:
        return header
    first_start, first_end = paras[0]
    first = text[first_start:first_end]
    if len(first.split()) <= 30:
        header.metadata["title"] = first
    byline_at = None
    for i, (start, end) in enumerate(paras[:_HEADER_PARAGRAPHS]):
        line = text[start:end]
        by, src, pub = _BYLINE.match(line), _SOURCE.search(line), _PUBLISHED.search(line)
        if (by and (src or pub or len(by.group("author").split()) <= 4)) or (src and pub):
            header.metadata.update(author=by.group("author").strip() if by else None,
                                   source=src.group("source").strip() if src else None,
                                   published=iso_date(pub.group("date")) if pub else None)
            header.masked.append((start, end))
            byline_at = i
            break
        dateline = _DATELINE.match(line)
        if dateline and i <= 2:
            header.metadata["published"] = iso_date(dateline.group("date"))
    if byline_at is not None and byline_at + 1 < len(paras) - 1:
        start, end = paras[byline_at + 1]
        candidate = text[start:end]
        if len(candidate.split()) <= 20 and not candidate.rstrip().endswith((".", '"', "\u201d")):
            header.metadata["subtitle"] = candidate
    rules = _boilerplate()
    for start, end in paras:
        line = text[start:end]
        for pattern, name in rules:
            match = pattern.match(line)
            if match:
                header.masked.append((start, end))
                if name and match.groups():
                    header.metadata[name] = match.group(1).strip()
                break
    return header
