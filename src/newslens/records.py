"""The plain records newslens returns: frozen dataclasses, no spaCy objects inside.

Offsets (``start``/``end``) are character offsets into the article's text exactly as read, so that
``article.text[start:end] == text`` holds for every mention and quote.
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
    """A record class's fields by kind of value: ``list`` (a tuple of strings), ``int``, ``float``, ``bool`` or
    ``text``. The store and the Parquet export map these kinds to their own column types."""
    kinds = {}
    for f in fields(cls):
        annotation = str(f.type)
        kinds[f.name] = next((kind for word, kind in (("tuple", "list"), ("bool", "bool"), ("int", "int"),
                                                      ("float", "float")) if word in annotation), "text")
    return kinds


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
    # across a corpus: how each other name came to the entity (`Clinton: surname of 'Bill Clinton', ...`;
    # newslens.linking); empty for one article's entity
    joined: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True)
class Quote:
    """One attributed quote: who said what, with offsets for both."""

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
