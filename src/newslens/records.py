"""The plain records newslens returns: frozen dataclasses, no spaCy objects inside.

Offsets (``start``/``end``) are character offsets into the article's text exactly as read, so that
``article.text[start:end] == text`` holds for every mention. A quote may be in several fragments (``"A," he said,
"B."``): its ``spans`` are the fragments' offsets, its ``text`` the fragments' words joined with `` … ``
(``fragments_text``), and its ``start``/``end`` the outer bounds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

ENTITY_TYPES = ("person", "country", "institution", "place", "other")
SPEAKER_TYPES = ("person", "institution", "unnamed", "unknown")
QUOTE_KINDS = ("direct", "indirect", "mixed")
SPEECH = "speech"
ACTS = (SPEECH, "thought", "stance")  # what a quote's cue makes of it: words said, a thought, a position taken
MENTION_FORMS = ("name", "alias", "acronym", "demonym", "pronoun")
UNKNOWN_SPEAKER = "(unknown)"  # how speaker rankings name the quotes whose speaker could not be named
FRAGMENT_JOINER = " \u2026 "  # between the fragments of a quote's text: `A … B`
GENDERS = ("female", "male", "unknown")  # of a person entity; other entities have none
# Article fields that come from the reader (the file), not from the analysis: a cached analysis of the same
# text takes them from the Document at hand.
DOCUMENT_FIELDS = ("id", "title", "subtitle", "author", "source", "published", "section")


def content_digest(text: str) -> str:
    """SHA-256 of a text: the cache key's content part, so that a renamed or copied file is recognized."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def field_names(cls) -> tuple[str, ...]:
    """A record class's field names, in order."""
    return tuple(f.name for f in fields(cls))


@cache
def field_kinds(cls) -> dict[str, str]:
    """A record class's fields by kind of value: ``spans`` (a tuple of (start, end) pairs), ``list`` (a tuple of
    strings), ``int``, ``float``, ``bool`` or ``text``. The store and the Parquet export map these kinds to their
    own column types."""
    kinds = {}
    for f in fields(cls):
        annotation = str(f.type)
        kinds[f.name] = next((kind for word, kind in (("tuple[tuple[int", "spans"), ("tuple", "list"),
                                                      ("bool", "bool"), ("int", "int"), ("float", "float"))
                              if word in annotation), "text")
    return kinds


def fragments_text(text: str, spans) -> str:
    """The words of a quote's fragments in ``text``, joined with FRAGMENT_JOINER: a Quote's ``text``.

    >>> fragments_text('"A," he said, "B."', ((1, 2), (15, 16)))
    'A … B'
    """
    return FRAGMENT_JOINER.join(text[start:end] for start, end in spans)


def spans_text(spans) -> str:
    """A quote's spans as CSV and TSV write them: ``start-end`` for each fragment, joined with ``;``.

    >>> spans_text(((1, 2), (15, 16)))
    '1-2;15-16'
    """
    return ";".join(f"{start}-{end}" for start, end in spans)


def parse_spans(value) -> tuple[tuple[int, int], ...]:
    """A quote's spans from any form newslens writes them in: pairs (tuples or JSON lists), a JSON text
    (``[[1, 2], [15, 16]]``, the store) or ``1-2;15-16`` (CSV); ``()`` from None or an empty value.

    >>> parse_spans("1-2;15-16")
    ((1, 2), (15, 16))
    """
    if value is None or (isinstance(value, float) and value != value):  # None, NaN (a pandas cell)
        return ()
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return ()
        if value.startswith("["):
            import json

            value = json.loads(value)
        else:
            value = [part.split("-") for part in value.split(";") if part.strip()]
    return tuple((int(start), int(end)) for start, end in value)


@cache
def list_fields(cls) -> tuple[str, ...]:
    """The fields that hold a tuple of strings (aliases, articles)."""
    return tuple(name for name, kind in field_kinds(cls).items() if kind == "list")


def _as_dict(record) -> dict[str, Any]:
    """The record's fields as a dict: what dataclasses.asdict gives for these flat records (strings, numbers,
    tuples of strings), without its deep copy, which cost most of the time of a large query."""
    return {name: getattr(record, name) for name in field_names(type(record))}


@dataclass(frozen=True)
class Mention:
    """One place in the text that refers to an entity."""

    article: str
    entity: str  # canonical name of the entity it refers to
    type: str  # one of ENTITY_TYPES
    text: str
    start: int
    end: int
    form: str = "name"  # name | alias | acronym | demonym (adjective, compound) | pronoun
    iso3: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True)
class Entity:
    """One real-world entity in one article (or, aggregated, across a corpus)."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0  # named mentions (names, aliases, acronyms)
    references: int = 0  # adjectival references (Chinese, Sino-Russian) to a country
    iso3: str | None = None
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None
    articles: tuple[str, ...] = ()
    gender: str | None = None  # people only: one of GENDERS (newslens.gender)
    gender_source: str | None = None  # the evidence for it (docs/gender.md)

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True)
class Quote:
    """One attributed quote: who said what, with offsets for both.

    A quote is one attribution: ``"A," he said, "B."`` is one Quote whose ``text`` is ``A … B`` and whose
    ``spans`` are the offsets of ``A`` and of ``B``."""

    article: str
    speaker: str | None
    speaker_type: str  # one of SPEAKER_TYPES
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    kind: str  # one of QUOTE_KINDS
    text: str
    start: int
    end: int
    cue_start: int | None = None
    cue_end: int | None = None
    role: str | None = None
    affiliation: str | None = None
    addressee: str | None = None
    # the trained model's calibrated probability that the quote and its speaker are right; None from the rules
    confidence: float | None = None
    # speech, thought or stance (ACTS; newslens.quotes.acts); None in a store written before acts existed
    act: str | None = SPEECH
    # (start, end) of each fragment of the quoted words, in text order; one, (start, end), for a plain quote
    spans: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        # a quote of one fragment (or none given) spans its outer bounds: constructors that predate fragments,
        # a store written before them and `replace(quote, start=..., end=...)` all stay right
        spans = self.spans
        if isinstance(spans, str) or type(spans) is not tuple or any(type(pair) is not tuple for pair in spans):
            spans = parse_spans(spans)  # JSON lists, a stored or CSV text: pairs again
        if len(spans) <= 1:
            spans = ((self.start, self.end),)
        if spans != self.spans:
            object.__setattr__(self, "spans", spans)

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True)
class Article:
    """One analyzed article: metadata, entities (with their mentions) and quotes."""

    id: str
    text: str = field(repr=False)
    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    source: str | None = None
    published: str | None = None  # ISO 8601
    section: str | None = None
    words: int = 0
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()

    def summary(self) -> dict[str, Any]:
        """The article's metadata row, as `newslens articles` prints it."""
        return {
            "article": self.id,
            "title": self.title,
            "author": self.author,
            "source": self.source,
            "published": self.published,
            "section": self.section,
            "words": self.words,
            "people": sum(e.type == "person" for e in self.entities),
            "countries": sum(e.type == "country" for e in self.entities),
            "institutions": sum(e.type == "institution" for e in self.entities),
            "quotes": len(self.quotes),
        }
