"""The newslens results on a spaCy Doc, as data spaCy serializes: plain values in ``doc.user_data`` and spans in
``doc.spans`` groups. The extensions (``doc._.quotes``, ``span._.speaker``, ...) are computed from them.

So a Doc with results goes through ``nlp.pipe(n_process=2)``, ``DocBin`` (with or without user data),
``to_bytes``/``from_bytes``, pickle and ``displacy`` like any other; one without them (never analysed, or
serialized with ``exclude=["user_data"]``) answers empty (``doc._.quotes == []``, ``span._.speaker is None``).

``doc.user_data["newslens"]``: ``{"format": 1, "article": {id, title, subtitle, author, source, published,
section, words}, "text": the text as read when it is not ``doc.text`` (else None), "entities" / "mentions" /
"quotes": {"fields": [...], "rows": [[...], ...]}}`` (``records.plain_records``).

``doc.spans`` groups, each span's ``id_`` the quote's number in the article (``q1``, ``q2``, ... in the
order of ``doc._.quotes``), so that a user of the spans alone can join them:

* ``newslens_quotes``: a span per quote, over its outer bounds; label the kind, ``kb_id_`` the speaker;
* ``newslens_fragments``: a span per fragment of the quoted words (one for a plain quote); label the kind;
* ``newslens_speakers``: the words naming each quote's speaker; label the speaker type, ``kb_id_`` the speaker;
* ``newslens_cues``: each quote's cue; label the act (speech, thought, stance);
* ``newslens_entities``: a span per mention; label the entity type, ``kb_id_`` the entity's canonical name.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span

from newslens.records import (
    DOCUMENT_FIELDS,
    Article,
    Entity,
    Mention,
    Quote,
    plain_records,
    records_from_plain,
)

if TYPE_CHECKING:
    from newslens.readers import Document

KEY = "newslens"  # doc.user_data key of the results
FORMAT = 1
QUOTES, FRAGMENTS, SPEAKERS, CUES, ENTITIES = ("newslens_quotes", "newslens_fragments", "newslens_speakers",
                                              "newslens_cues", "newslens_entities")
GROUPS = (QUOTES, FRAGMENTS, SPEAKERS, CUES, ENTITIES)
_NESTED = (("entities", Entity), ("mentions", Mention), ("quotes", Quote))


@dataclass
class Found:
    """The results of one Doc as records, with the lookups the span extensions need (built when first asked)."""

    article: Article
    _quotes: dict[tuple[int, int], Quote] | None = None
    _mentions: dict[tuple[int, int], Mention] | None = None

    def quote_at(self, start: int, end: int) -> Quote | None:
        """The first quote with these outer bounds, or with a fragment at these offsets."""
        if self._quotes is None:
            self._quotes = {}
            for quote in self.article.quotes:
                for bounds in ((quote.start, quote.end), *quote.spans):
                    self._quotes.setdefault(bounds, quote)
        return self._quotes.get((start, end))

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The first mention with these offsets."""
        if self._mentions is None:
            self._mentions = {}
            for mention in self.article.mentions:
                self._mentions.setdefault((mention.start, mention.end), mention)
        return self._mentions.get((start, end))

    def widened(self, span: Span, record: Mention | Quote) -> None:
        """A Span made from a record but widened to whole tokens finds that record too."""
        key = (span.start_char, span.end_char)
        if isinstance(record, Quote):
            self.quote_at(*key)
            self._quotes.setdefault(key, record)  # type: ignore[union-attr]
        else:
            self.mention_at(*key)
            self._mentions.setdefault(key, record)  # type: ignore[union-attr]


# Decoded results per Doc, so that reading them is free after the first time (and free for the Doc the component
# has just written): a Doc's user_data dict is checked by identity, so results read from bytes are decoded again.
_DECODED: weakref.WeakKeyDictionary[Doc, tuple[dict, Found]] = weakref.WeakKeyDictionary()


def write(doc: Doc, article: Article, text: str) -> None:
    """Leave an article's results on the Doc it was analysed from (or one of the same text); ``text`` is
    ``doc.text`` (spaCy builds it from every token on each access)."""
    data = encode(article, text)
    doc.user_data[KEY] = data
    _write_spans(doc, article)
    _DECODED[doc] = (data, Found(article))


def encode(article: Article, doc_text: str) -> dict[str, Any]:
    """The article as plain data: its metadata, the text as read when the Doc's differs, and its records."""
    data: dict[str, Any] = {"format": FORMAT,
                            "article": {**{n: getattr(article, n) for n in DOCUMENT_FIELDS}, "words": article.words},
                            "text": None if article.text == doc_text else article.text}
    for name, cls in _NESTED:
        data[name] = plain_records(getattr(article, name), cls)
    return data


def decode(data: Any, doc_text: str) -> Article | None:
    """The Article ``encode`` wrote, or None for anything else (no results, another format)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    meta = dict(data.get("article") or {})
    id = meta.get("id") or "<text>"
    nested = {name: records_from_plain(cls, data.get(name) or {}, id) for name, cls in _NESTED}
    return Article(**{n: meta.get(n) for n in DOCUMENT_FIELDS}, words=meta.get("words") or 0,
                   text=data.get("text") or doc_text, **nested)


def found(doc: Doc) -> Found | None:
    """The Doc's results, decoded once; None when it has none."""
    data = doc.user_data.get(KEY)
    if data is None:
        return None
    hit = _DECODED.get(doc)
    if hit is not None and hit[0] is data:
        return hit[1]
    article = decode(data, doc.text)
    if article is None:
        return None
    result = Found(article)
    _DECODED[doc] = (data, result)
    return result


# -- doc.spans ----------------------------------------------------------------------------------------------------

def _write_spans(doc: Doc, article: Article) -> None:
    """The spans groups (the module's docstring): made from the records, so they say what the records say."""
    groups: dict[str, list[Span]] = {name: [] for name in GROUPS}
    for n, quote in enumerate(article.quotes, 1):
        number = f"q{n}"
        speaker = quote.speaker or ""
        _add(groups[QUOTES], doc, quote.start, quote.end, quote.kind, number, speaker)
        for start, end in quote.spans:
            _add(groups[FRAGMENTS], doc, start, end, quote.kind, number)
        if quote.speaker_start is not None and quote.speaker_end is not None:
            _add(groups[SPEAKERS], doc, quote.speaker_start, quote.speaker_end, quote.speaker_type, number, speaker)
        if quote.cue_start is not None and quote.cue_end is not None:
            _add(groups[CUES], doc, quote.cue_start, quote.cue_end, quote.act or "speech", number)
    for mention in article.mentions:
        _add(groups[ENTITIES], doc, mention.start, mention.end, mention.type, "", mention.entity)
    for name, spans in groups.items():
        doc.spans[name] = spans


def _add(group: list[Span], doc: Doc, start: int, end: int, label: str, id: str, kb_id: str = "") -> None:
    span = doc.char_span(start, end, label=label, kb_id=kb_id, span_id=id, alignment_mode="expand")
    if span is not None:
        group.append(span)


# -- the extensions -------------------------------------------------------------------------------------------------

def register_extensions() -> None:
    """The Doc and Span extensions (force=True: a second pipeline, or a reload, registers them again). Every
    getter is a module-level function, so that spaCy's worker processes get them too."""
    Doc.set_extension("article_id", default=None, force=True)
    Doc.set_extension("entities", getter=entity_spans, force=True)
    Doc.set_extension("quotes", getter=quote_spans, force=True)
    Doc.set_extension("article", method=article_of, force=True)
    Span.set_extension("entity", getter=span_entity, force=True)
    Span.set_extension("quote", getter=span_quote, force=True)
    Span.set_extension("fragments", getter=span_fragments, force=True)
    Span.set_extension("speaker", getter=span_speaker, force=True)
    Span.set_extension("speaker_span", getter=span_speaker_span, force=True)
    Span.set_extension("cue", getter=span_cue, force=True)
    Span.set_extension("cue_span", getter=span_cue_span, force=True)
    Span.set_extension("kind", getter=span_kind, force=True)
    Span.set_extension("act", getter=span_act, force=True)


def _span(doc: Doc, start: int, end: int, label: str, record: Mention | Quote, results: Found) -> Span | None:
    """A Span over a record's offsets (widened to whole tokens), which finds the record again."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None and (span.start_char, span.end_char) != (start, end):
        results.widened(span, record)
    return span


def entity_spans(doc: Doc) -> list[Span]:
    """``doc._.entities``: a Span per mention, labelled with the entity's type; [] without results."""
    results = found(doc)
    if results is None:
        return []
    spans = (_span(doc, m.start, m.end, m.type, m, results) for m in results.article.mentions)
    return [s for s in spans if s is not None]


def quote_spans(doc: Doc) -> list[Span]:
    """``doc._.quotes``: a Span per quote over its outer bounds, labelled with its kind; [] without results."""
    results = found(doc)
    if results is None:
        return []
    spans = (_span(doc, q.start, q.end, q.kind, q, results) for q in results.article.quotes)
    return [s for s in spans if s is not None]


def article_of(doc: Doc, document: Document | None = None) -> Article | None:
    """``doc._.article()``: the Article record of an analysed Doc (None without results). ``document`` (a
    ``newslens.Document``) supplies another id, metadata and text as read (of the same length: offsets stay)."""
    results = found(doc)
    if results is None:
        return None
    article = results.article
    if document is None:
        return article
    if document.id != article.id:
        article = replace(article, entities=tuple(replace(e, articles=(document.id,)) for e in article.entities),
                          mentions=tuple(replace(m, article=document.id) for m in article.mentions),
                          quotes=tuple(replace(q, article=document.id) for q in article.quotes))
    return with_text(replace(article, **{n: getattr(document, n) for n in DOCUMENT_FIELDS}), document.text)


def with_text(article: Article, text: str) -> Article:
    """The article with its text as read: each quote's and speaker's words as that text has them (masked lines
    or other line breaks in the analysed text)."""
    if text == article.text:
        return article
    return replace(article, text=text, quotes=tuple(_as_read(q, text) for q in article.quotes))


def _as_read(quote: Quote, text: str) -> Quote:
    from newslens.records import fragments_text

    speaker_text = quote.speaker_text
    if quote.speaker_start is not None and quote.speaker_end is not None:
        speaker_text = text[quote.speaker_start:quote.speaker_end]
    words = fragments_text(text, quote.spans)
    if words == quote.text and speaker_text == quote.speaker_text:
        return quote
    return replace(quote, text=words, speaker_text=speaker_text)


def span_quote(span: Span) -> Quote | None:
    """``span._.quote``: the Quote whose outer bounds or fragment the span covers exactly, or None."""
    results = found(span.doc)
    return None if results is None else results.quote_at(span.start_char, span.end_char)


def span_entity(span: Span) -> Entity | None:
    """``span._.entity``: the canonical Entity of the mention the span covers exactly, or None."""
    results = found(span.doc)
    mention = None if results is None else results.mention_at(span.start_char, span.end_char)
    if mention is None:
        return None
    entities = results.article.entities  # type: ignore[union-attr]
    return next((e for e in entities if e.name == mention.entity and e.type == mention.type),
                next((e for e in entities if e.name == mention.entity), None))


def span_fragments(span: Span) -> list[Span]:
    """``span._.fragments``: a Span per fragment of the span's quote (one for a plain quote); [] for no quote."""
    quote = span_quote(span)
    if quote is None:
        return []
    spans = (span.doc.char_span(s, e, label=quote.kind, alignment_mode="expand") for s, e in quote.spans)
    return [s for s in spans if s is not None]


def span_speaker(span: Span) -> str | None:
    """``span._.speaker``: the canonical name of the quote's speaker, or None."""
    quote = span_quote(span)
    return quote.speaker if quote is not None else None


def span_cue(span: Span) -> str | None:
    """``span._.cue``: the quote's cue (`said`), or None."""
    quote = span_quote(span)
    return quote.cue if quote is not None else None


def span_kind(span: Span) -> str | None:
    """``span._.kind``: the quote's kind (direct, indirect, mixed), or None."""
    quote = span_quote(span)
    return quote.kind if quote is not None else None


def span_act(span: Span) -> str | None:
    """``span._.act``: the quote's act (speech, thought, stance), or None."""
    quote = span_quote(span)
    return quote.act if quote is not None else None


def span_speaker_span(span: Span) -> Span | None:
    """``span._.speaker_span``: the words naming the quote's speaker, or None."""
    quote = span_quote(span)
    if quote is None or quote.speaker_start is None or quote.speaker_end is None:
        return None
    return span.doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")


def span_cue_span(span: Span) -> Span | None:
    """``span._.cue_span``: the quote's cue in the text, or None."""
    quote = span_quote(span)
    if quote is None or quote.cue_start is None or quote.cue_end is None:
        return None
    return span.doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
