"""newslens inside spaCy: its three pipeline components, and the extensions the analysis leaves its results on.

The factories are registered when this module is imported, which spaCy does itself through the
``spacy_factories`` entry point: ``spacy.load("en_core_web_sm")`` then ``nlp.add_pipe("newslens")`` works without
``import newslens``.

* ``newslens_paragraphs``, before the parser: a line break ends a sentence, a plain word never precedes one.
* ``newslens_caps_ner``, after the NER: ALL-CAPS lines re-read by the NER (``entities/caps.py``).
* ``newslens``, last: the analysis, entities (``entities/``) then quotes (``quotes/``), on the Doc.

The command line and the library run the same three (``newslens.pipeline.load``; ``add_to(nlp)`` adds them to
any English pipeline with a parser and an NER). Extensions, registered when a ``newslens`` component is created:

* ``doc._.entities``: a Span per mention; ``span._.entity`` is its canonical Entity record;
* ``doc._.quotes``: a Span per quote (its content); ``span._.speaker`` (canonical name), ``span._.speaker_span``,
  ``span._.cue``, ``span._.kind`` and ``span._.quote`` (the Quote record);
* ``doc._.article(document=None)``: the Article record; ``doc._.article_id``, settable before the component
  runs, is the id the records carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_TITLE, LIKE_NUM, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from newslens.errors import NewslensError
from newslens.records import Article, Entity, Mention, Quote, fragments_text

if TYPE_CHECKING:
    from newslens.entities.index import EntityIndex
    from newslens.readers import Document

ANALYSIS = "newslens"
PARAGRAPHS = "newslens_paragraphs"
CAPS_NER = "newslens_caps_ner"
DEFAULT_ID = "<text>"
_RESULTS = "newslens"  # doc.user_data key of the component's results


# -- newslens_paragraphs ----------------------------------------------------------------------------------------

@Language.component(PARAGRAPHS)
def paragraph_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence: news exports put one paragraph (or headline) per line. And a
    sentence never starts right after a plain word (`cited remarks Trump had made`: the small parser takes a
    capitalized name for a new sentence). Worked on arrays: a Token object per word would cost a few percent of
    the whole pipeline."""
    if len(doc) < 2:
        return doc
    flags = doc.to_array([IS_SPACE, IS_ALPHA, LIKE_NUM, IS_PUNCT, SPACY, IS_TITLE]).astype(bool)
    space, alpha, num, punct, spaced, title = flags.T
    starts = doc.to_array([SENT_START]).astype(numpy.int64)  # 1 start, -1 no start, 0 the parser's call
    # after a plain word or figure and its space, before a word: no sentence start
    plain = (alpha[:-1] | num[:-1]) & spaced[:-1] & ~space[1:] & ~punct[1:]
    starts[1:][plain] = -1
    for i in numpy.flatnonzero(space[:-1]).tolist():
        if "\n" in doc[i].text:  # the analysis text writes every line break as \n (newslens.text)
            starts[i + 1] = 1
    # `rose to £350m. Shares fell`: the tokenizer keeps `m.` whole, the parser reads on
    units = ~alpha[1:-1] & ~num[1:-1] & ~space[1:-1] & num[:-2] & spaced[1:-1] & title[2:]
    for i in (numpy.flatnonzero(units) + 1).tolist():
        if _unit_with_stop(doc[i].text):
            starts[i + 1] = 1
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))  # -1 wraps, as spaCy stores it
    return doc


def _unit_with_stop(text: str) -> bool:
    """`m.` (after a figure, which the caller checks: `$630m.`): a unit the tokenizer takes for an abbreviation,
    with the full stop."""
    return 2 <= len(text) <= 3 and text.endswith(".") and text[:-1].isalpha()


# -- newslens_caps_ner ------------------------------------------------------------------------------------------

@Language.factory(CAPS_NER)
def make_caps_ner(nlp: Language, name: str):
    from newslens.entities.caps import CapsNER

    return CapsNER(nlp, name)


# -- newslens ---------------------------------------------------------------------------------------------------

@dataclass
class Results:
    """What the analysis leaves on a Doc, as records; Spans are made from them when asked for."""

    article_id: str
    index: EntityIndex
    quotes: tuple[Quote, ...]
    words: int
    by_offsets: dict[tuple[int, int], Mention | Quote] = field(default_factory=dict)


class Newslens:
    """The newslens analysis as a pipeline component: entities, then the quotes that need them."""

    def __init__(self, nlp: Language, name: str = ANALYSIS):
        from newslens.entities import resolve_entities
        from newslens.gender import assign, pronoun_clues
        from newslens.quotes import extract_quotes

        missing = [pipe for pipe in ("parser", "ner") if pipe not in nlp.pipe_names]
        if missing:
            # the entity layer reads the NER's spans, the quote layer the dependency parse
            raise NewslensError(f"the newslens component needs a pipeline with a {' and a '.join(missing)}")
        self.name = name
        self._entities, self._quotes = resolve_entities, extract_quotes
        self._genders, self._pronoun_clues = assign, pronoun_clues
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        article_id = doc._.article_id or DEFAULT_ID
        text = doc.text  # built once: spaCy rebuilds it from every token on each access
        index = self._entities(doc, article_id, text)
        quotes = tuple(self._quotes(doc, index, article_id, text))
        index = self._with_genders(index, quotes)
        doc.user_data[_RESULTS] = Results(article_id, index, quotes, _word_count(doc))
        return doc

    def _with_genders(self, index: EntityIndex, quotes: tuple[Quote, ...]) -> EntityIndex:
        """The index with each person's gender (``newslens.gender``): the article's honorifics and gendered nouns
        (found by the entity layer) and the pronouns the speaker resolution attached, else the first name."""
        clues = [*(index.clues or ()), *self._pronoun_clues(quotes)]
        return replace(index, entities=self._genders(index.entities, clues), clues=clues)


@Language.factory(ANALYSIS, requires=["token.dep", "token.pos", "doc.ents"],
                  assigns=["doc._.entities", "doc._.quotes"])
def make_newslens(nlp: Language, name: str) -> Newslens:
    return Newslens(nlp, name)


def _word_count(doc: Doc) -> int:
    """Tokens that are neither space nor punctuation."""
    if not len(doc):
        return 0
    flags = doc.to_array([IS_SPACE, IS_PUNCT])
    return int(numpy.count_nonzero((flags[:, 0] == 0) & (flags[:, 1] == 0)))


def add_to(nlp: Language) -> Language:
    """Add the three newslens components to a pipeline, each where it belongs: paragraph sentence starts before
    the parser, the ALL-CAPS re-read after the NER (only where the NER has a tok2vec of its own: a listener of a
    shared tok2vec or transformer would find a fresh Doc without one), the analysis last. Returns ``nlp``."""
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if "ner" in nlp.pipe_names and CAPS_NER not in nlp.pipe_names:
        tok2vec = nlp.get_pipe_config("ner").get("model", {}).get("tok2vec", {})
        if "Listener" not in str(tok2vec.get("@architectures", "")):
            nlp.add_pipe(CAPS_NER, after="ner")
    if ANALYSIS not in nlp.pipe_names:
        nlp.add_pipe(ANALYSIS)
    return nlp


# -- extensions -------------------------------------------------------------------------------------------------

def register_extensions() -> None:
    """The Doc and Span extensions (force=True: a second pipeline, or a reload, registers them again)."""
    Doc.set_extension("article_id", default=None, force=True)
    Doc.set_extension("entities", getter=_entity_spans, force=True)
    Doc.set_extension("quotes", getter=_quote_spans, force=True)
    Doc.set_extension("article", method=article_of, force=True)
    Span.set_extension("entity", getter=_span_entity, force=True)
    Span.set_extension("quote", getter=_span_quote, force=True)
    Span.set_extension("speaker", getter=lambda span: _quote_attr(span, "speaker"), force=True)
    Span.set_extension("cue", getter=lambda span: _quote_attr(span, "cue"), force=True)
    Span.set_extension("kind", getter=lambda span: _quote_attr(span, "kind"), force=True)
    Span.set_extension("speaker_span", getter=_speaker_span, force=True)


def results(doc: Doc) -> Results:
    found = doc.user_data.get(_RESULTS)
    if found is None:
        raise NewslensError("this Doc has not been through the 'newslens' pipeline component")
    return found


def _span(doc: Doc, start: int, end: int, label: str, record: Mention | Quote) -> Span | None:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None:
        results(doc).by_offsets[(span.start_char, span.end_char)] = record
    return span


def _entity_spans(doc: Doc) -> list[Span]:
    found = results(doc)
    spans = (_span(doc, m.start, m.end, m.type, m) for m in found.index.mentions)
    return [s for s in spans if s is not None]


def _quote_spans(doc: Doc) -> list[Span]:
    found = results(doc)
    spans = (_span(doc, q.start, q.end, q.kind, q) for q in found.quotes)
    return [s for s in spans if s is not None]


def _record(span: Span) -> Mention | Quote | None:
    found = span.doc.user_data.get(_RESULTS)
    if found is None:
        return None
    key = (span.start_char, span.end_char)
    if key not in found.by_offsets:  # a Span the user made: the record with exactly its offsets, if any
        for record in (*found.index.mentions, *found.quotes):
            found.by_offsets.setdefault((record.start, record.end), record)
    return found.by_offsets.get(key)


def _span_entity(span: Span) -> Entity | None:
    record = _record(span)
    return results(span.doc).index.entity(record.entity) if isinstance(record, Mention) else None


def _span_quote(span: Span) -> Quote | None:
    record = _record(span)
    return record if isinstance(record, Quote) else None


def _quote_attr(span: Span, name: str) -> Any:
    quote = _span_quote(span)
    return getattr(quote, name) if quote is not None else None


def _speaker_span(span: Span) -> Span | None:
    quote = _span_quote(span)
    if quote is None or quote.speaker_start is None or quote.speaker_end is None:
        return None
    return span.doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")


def article_of(doc: Doc, document: Document | None = None) -> Article:
    """The Article record of an analysed Doc. ``document`` (a ``newslens.readers.Document``) supplies the id,
    the metadata and the text as read; without it the id is the Doc's and the text is ``doc.text``."""
    found = results(doc)
    if document is None:
        from newslens.readers import Document

        document = Document(id=found.article_id, text=doc.text)
    entities, mentions, quotes = tuple(found.index.entities), tuple(found.index.mentions), found.quotes
    if document.id != found.article_id:
        entities = tuple(replace(e, articles=(document.id,)) for e in entities)
        mentions = tuple(replace(m, article=document.id) for m in mentions)
        quotes = tuple(replace(q, article=document.id) for q in quotes)
    if document.text != doc.text:  # masked lines or other line breaks: a quote's words as the text has them
        quotes = tuple(_as_read(q, document.text) for q in quotes)
    return Article(
        id=document.id, text=document.text, title=document.title, subtitle=document.subtitle,
        author=document.author, source=document.source, published=document.published, section=document.section,
        words=found.words, entities=entities, mentions=mentions, quotes=quotes,
    )


def _as_read(quote: Quote, text: str) -> Quote:
    speaker_text = quote.speaker_text
    if quote.speaker_start is not None and quote.speaker_end is not None:
        speaker_text = text[quote.speaker_start:quote.speaker_end]
    words = fragments_text(text, quote.spans)
    if words == quote.text and speaker_text == quote.speaker_text:
        return quote
    return replace(quote, text=words, speaker_text=speaker_text)
