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

from newslens.text import quoted_words

ENTITY_TYPES = ("person", "country", "institution", "place", "other")
SPEAKER_TYPES = ("person", "institution", "unnamed", "document", "unknown")
QUOTE_KINDS = ("direct", "indirect", "mixed")
SPEECH = "speech"
ACTS = (SPEECH, "thought", "stance", "topic")  # what a quote's cue makes of it: words said, a thought, a position
# taken, or what was talked about (`announced a plan`, `discussed the budget`)
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
    """The words of a quote's fragments in ``text``, each without its quotation marks, joined with
    FRAGMENT_JOINER: a Quote's ``text``.

    >>> fragments_text('"A," he said, "B."', ((0, 4), (14, 18)))
    'A … B.'
    """
    return FRAGMENT_JOINER.join(w for w in (quoted_words(text[start:end]) for start, end in spans) if w)


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
    """One place in the text that refers to an entity.

    Attributes:
        article: the id of the article it is in.
        entity: the canonical name of the entity it refers to (an ``Entity.name`` of the same article).
        type: the entity's type, one of ENTITY_TYPES: ``person``, ``country``, ``institution``, ``place``,
            ``other``.
        text: the words of the text, ``article.text[start:end]``.
        start, end: character offsets into the article's text as read.
        form: how it names the entity: ``name`` (the full name or a part of it: `Gao Fei`, `Gao`), ``alias``
            (another name the article gives it), ``acronym`` (`SCO`), ``demonym`` (an adjective or compound naming
            a country: `Chinese`, `Sino-Russian`) or ``pronoun`` (a `he` or `she` that is a quote's speaker).
        iso3: the ISO 3166 alpha-3 code of a country (`CHN`); None for other types.
    """

    article: str
    entity: str
    type: str
    text: str
    start: int
    end: int
    form: str = "name"
    iso3: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict (a row of ``newslens entities --mentions``)."""
        return _as_dict(self)


@dataclass(frozen=True)
class Entity:
    """One real-world entity in one article (or, merged by ``newslens.views.merge_entities`` through the corpus
    links of ``newslens.linking``, across a corpus).

    Attributes:
        name: its canonical name: the fullest name the article gives (`Vladimir Putin` for `Putin`), without `the`.
        type: one of ENTITY_TYPES: ``person``, ``country``, ``institution``, ``place``, ``other``.
        aliases: the other names it goes by in the text (`Putin`, `SCO`).
        mentions: how often it is named (names, aliases, acronyms; not pronouns, not adjectives).
        references: adjectival references to a country (`Chinese`, `Sino-Russian`); 0 for other types.
        iso3: a country's ISO 3166 alpha-3 code; a place's country's.
        role: a person's role or title as the article gives it (`professor`, `Foreign Minister`).
        affiliation: the institution the article attaches a person to (`Chinese Academy of Social Sciences`).
        country: the country of a person, place or institution (ISO alpha-3), when the article says.
        articles: the ids of the articles it is in (one for an article's own entity).
        gender: a person's gender, one of GENDERS (``female``, ``male``, ``unknown``); None for others
            (docs/gender.md).
        gender_source: the evidence for the gender (an honorific, a pronoun, the first name, an override).
        joined: across a corpus, how each of its other names came to it (`Clinton: surname of 'Bill Clinton',
            the only full name ending so in the corpus`); empty for one article's entity.
    """

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    references: int = 0
    iso3: str | None = None
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None
    articles: tuple[str, ...] = ()
    gender: str | None = None
    gender_source: str | None = None
    joined: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict."""
        return _as_dict(self)


@dataclass(frozen=True)
class Quote:
    """One attributed quote: who said what, with offsets for both (docs/quotes.md).

    A quote is one attribution: ``"A," he said, "B."`` is one Quote whose ``text`` is ``A … B`` and whose
    ``spans`` are the offsets of ``A`` and of ``B``.

    Attributes:
        article: the id of the article it is in.
        speaker: who said it: the canonical name of the entity (`Gao Fei` for `Gao` or `he`), or the words
            naming an unnamed source (`analysts`); None when no speaker was found.
        speaker_type: one of SPEAKER_TYPES: ``person``, ``institution`` (or a country speaking as one),
            ``unnamed`` (`officials`, `a spokesman`), ``document`` (`the report found`, `polls show`), ``unknown``
            (none found, or words that name no entity).
        speaker_text: the words of the text that name the speaker here (`he`, `Gao`), or None.
        speaker_start, speaker_end: their character offsets, or None.
        cue: the word or phrase that attributes it, lower-cased (`said`, `told`, `according to`), or None
            (a quote after its attribution sentence, a headline quote).
        kind: one of QUOTE_KINDS: ``direct`` (the words in quotation marks), ``indirect`` (reported speech:
            `Gao said that ...`), ``mixed`` (reported words with a quoted fragment).
        text: the quoted or reported words only (never the attribution's): each fragment's words without its
            quotation marks, joined with `` … ``.
        start, end: the character offsets of the first fragment's start and the last one's end.
        cue_start, cue_end: the cue's character offsets, or None.
        role: the speaker's role or title as the article gives it (`professor`), or None.
        affiliation: the institution the article attaches the speaker to, or None.
        addressee: who was told or asked (`the Global Times`), when the text names them.
        confidence: the trained model's calibrated probability that the quote and its speaker are right, from 0
            to 1; None from the rules alone.
        act: what the cue makes of it, one of ACTS: ``speech`` (words said), ``thought`` (`believes`),
            ``stance`` (`criticized`, or a negated cue: `did not say`), ``topic`` (what was talked about, not
            what was said: `announced a plan`); None in a store written before acts (read as speech).
        spans: ``(start, end)`` of each fragment, in text order (a direct fragment with its quotation marks, as
            it stands in the text; a quotation over several paragraphs has a fragment per paragraph): one,
            ``(start, end)``, for a plain quote (the default when none are given).
    """

    article: str
    speaker: str | None
    speaker_type: str
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    kind: str
    text: str
    start: int
    end: int
    cue_start: int | None = None
    cue_end: int | None = None
    role: str | None = None
    affiliation: str | None = None
    addressee: str | None = None
    confidence: float | None = None
    act: str | None = SPEECH
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
        """The fields as a dict (a row of ``newslens quotes``)."""
        return _as_dict(self)


@dataclass(frozen=True)
class Article:
    """One analyzed article: metadata, entities (with their mentions) and quotes.

    Attributes:
        id: the article's id: the path as given, the record's id in an export, the ``id`` given to
            ``newslens.analyze``, else ``<text>`` (``<text N>`` for the Nth text of ``analyze_many``).
        text: the text as read; every offset of its records points into it.
        title, subtitle, author, source, section: metadata, as given or read from the article's header (the first
            line, a `By ...` byline, `Source:`); None when unknown.
        published: the publication date, ISO 8601 (`2024-05-03` or `2024-05-03T10:15:00`), or None.
        words: the words of the text (tokens that are neither space nor punctuation).
        entities: the article's entities, one per real entity (Entity records).
        mentions: every place the text names one of them (Mention records), in text order.
        quotes: the attributed quotes (Quote records), in text order.
    """

    id: str
    text: str = field(repr=False)
    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    source: str | None = None
    published: str | None = None
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


@dataclass(frozen=True)
class Skipped:
    """What ``newslens.analyze_many`` yields in place of an item it could not analyze (a wrong type, a dict
    without text): the batch goes on, and the item's place in the output is kept.

    Attributes:
        index: the item's position in the input, from 0.
        id: the id the item gave, or None.
        error: the name of the NewslensError subclass that was raised (``InputError``).
        message: what was wrong, and how to fix it.
    """

    index: int
    id: str | None
    error: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict."""
        return _as_dict(self)


# -- records as plain data (lists, strings, numbers), for a Doc's user_data --------------------------------------

def plain_records(records, cls) -> dict[str, Any]:
    """Records of one class as plain data that msgpack and JSON write: the field names once and a list of values
    per record (the ``article`` field left out: it is the article's id). Read back by ``records_from_plain``,
    also by a later newslens with other fields.

    >>> plain_records([Mention("a", "Gao Fei", "person", "Gao", 0, 3)], Mention)["rows"]
    [['Gao Fei', 'person', 'Gao', 0, 3, 'name', None]]
    """
    names = [n for n in field_names(cls) if n != "article"]
    rows = []
    for record in records:
        row = [getattr(record, n) for n in names]
        rows.append([list(map(list, v)) if n == "spans" else list(v) if isinstance(v, tuple) else v
                     for n, v in zip(names, row, strict=True)])
    return {"fields": names, "rows": rows}


def records_from_plain(cls, data: dict[str, Any], article: str) -> tuple:
    """The records ``plain_records`` wrote (lists or tuples, as msgpack reads them back), each with the article's
    id. A field this newslens does not know is left out; one it has that the data lacks takes its default."""
    known = set(field_names(cls))
    names = list(data.get("fields") or ())
    lists = [k for k, n in enumerate(names) if n in list_fields(cls)]
    unknown = [k for k, n in enumerate(names) if n not in known]
    has_article = "article" in known
    out = []
    for row in data.get("rows") or ():
        values = list(row)
        for k in lists:
            if values[k] is not None:
                values[k] = tuple(values[k])
        for k in reversed(unknown):
            del values[k]
        kept = [n for n in names if n in known]
        fields_ = dict(zip(kept, values, strict=True))
        if has_article:
            fields_["article"] = article
        elif cls is Entity and not fields_.get("articles"):
            fields_["articles"] = (article,)
        out.append(cls(**fields_))
    return tuple(out)
