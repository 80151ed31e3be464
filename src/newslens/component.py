"""newslens inside spaCy: its three pipeline components.

The factories are registered when this module is imported, which spaCy does itself through the
``spacy_factories`` entry point: ``spacy.load("en_core_web_sm")`` then ``nlp.add_pipe("newslens")`` works without
``import newslens``.

* ``newslens_paragraphs``, before the parser: a line break ends a sentence, a plain word never precedes one.
* ``newslens_caps_ner``, after the NER: ALL-CAPS lines re-read by the NER (``entities/caps.py``).
* ``newslens``, last: the analysis, entities (``entities/``) then quotes (``quotes/``), on the Doc.

``nlp.add_pipe("newslens")`` adds the other two where they belong (unless ``helpers = false``), and the
component reads an article's header and boilerplate itself (``newslens.header``): a byline or a `Follow us` line
is kept out of the analysis by parsing the text again with those lines blanked, as the command line reads them
before the parse. So the component gives exactly what ``newslens quotes`` and ``newslens entities`` give; the
command line runs this same component (``newslens.pipeline.load``).

The results are data spaCy serializes (``newslens.doc_data``): ``doc.spans`` groups and plain values in
``doc.user_data``, from which ``doc._.quotes``, ``doc._.entities``, ``doc._.article()``, ``span._.speaker``...
are computed. An article's id and metadata come from ``nlp.pipe(..., as_tuples=True)`` context (a dict with
``id``, ``title``, ``subtitle``, ``author``, ``source``, ``published``, ``section``, or a ``newslens.Document``),
else from ``doc._.article_id`` set before the component runs, else ``<text>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_TITLE, LIKE_NUM, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from newslens import doc_data
from newslens.errors import NewslensError
from newslens.readers import Document, from_text
from newslens.records import ACTS, DOCUMENT_FIELDS, SPEECH, Article

if TYPE_CHECKING:
    from newslens.entities.index import EntityIndex

ANALYSIS = "newslens"
PARAGRAPHS = "newslens_paragraphs"
CAPS_NER = "newslens_caps_ner"
DEFAULT_ID = "<text>"
ALL_ACTS = "all"
QUOTE_SYSTEMS = ("model", "rules")  # the trained model over the rules' candidates, or the rules alone


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

class Newslens:
    """The newslens analysis as a pipeline component: entities, then the quotes that need them.

    ``acts``: the acts of the quotes kept (``speech``, ``thought``, ``stance``, or ``all``); ``quote_model``:
    ``model`` (the trained model shipped with newslens, over the rules' candidates) or ``rules`` (the rules
    alone); ``min_confidence``: quotes below it left out (a quote of the rules alone has no confidence and is left
    out too); ``header``: read the article's header and boilerplate (title, byline, date; bylines and boilerplate
    kept out of the analysis)."""

    def __init__(self, nlp: Language, name: str = ANALYSIS, *, acts: tuple[str, ...] | list[str] = (SPEECH,),
                 quote_model: str = "model", min_confidence: float | None = None, header: bool = True):
        from newslens.entities import resolve_entities
        from newslens.gender import assign, pronoun_clues
        from newslens.quotes import extract_quotes

        missing = [pipe for pipe in ("parser", "ner") if pipe not in nlp.pipe_names]
        if missing:
            # the entity layer reads the NER's spans, the quote layer the dependency parse
            raise NewslensError(f"the newslens component needs a pipeline with a {' and a '.join(missing)}")
        self.nlp, self.name = nlp, name
        self.acts = _checked_acts(acts)
        if quote_model not in QUOTE_SYSTEMS:
            raise NewslensError(f"quote_model must be one of {', '.join(QUOTE_SYSTEMS)}, not {quote_model!r}")
        self.quote_model, self.min_confidence, self.header = quote_model, min_confidence, header
        self._entities, self._quotes = resolve_entities, extract_quotes
        self._genders, self._pronoun_clues = assign, pronoun_clues
        doc_data.register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built once: spaCy rebuilds it from every token on each access
        document = self.document(doc, text)
        analysed = self._analysable(doc, text, document)
        article = self.analyse(analysed, document, text if analysed is doc else analysed.text)
        doc_data.write(doc, self._kept(article), text)
        return doc

    def document(self, doc: Doc, text: str) -> Document:
        """The Document a Doc stands for: the ``as_tuples`` context when it is one; else the Doc's text with
        the context's metadata (a dict), the id set on the Doc, and what its header says."""
        context = getattr(doc, "_context", None)
        if isinstance(context, Document):
            return context
        meta = _context_metadata(context)
        id = meta.pop("id", None) or doc._.article_id or DEFAULT_ID
        if not self.header:
            return Document(id=id, text=text, **meta)
        return from_text(text, id, **meta)

    def _analysable(self, doc: Doc, text: str, document: Document) -> Doc:
        """The Doc itself when its text is the one to analyse (the command line's are: it parses the analysis
        text); else the analysis text (bylines and boilerplate blanked, line breaks as ``\n``: the same length)
        parsed again by the components before this one."""
        wanted = document.analysis_text() if self.header else document.text
        if wanted == text:
            return doc
        if len(wanted) != len(text):
            raise NewslensError(f"{document.id}: the Document given as context is not the text of this Doc")
        analysed = self.nlp.make_doc(wanted)
        for name, proc in self.nlp.pipeline:
            if name == self.name:
                break
            analysed = proc(analysed)
        return analysed

    def analyse(self, doc: Doc, document: Document, text: str) -> Article:
        """The whole analysis of a parsed Doc (every act: the speakers of one act resolve the pronouns of the
        next), as an Article with the Document's id, metadata and text as read."""
        index = self._entities(doc, document.id, text)
        rules = {"system": self.quote_model} if self.quote_model != "model" else {}  # the model: quotes/'s default
        quotes = tuple(self._quotes(doc, index, document.id, text, **rules))
        index = self._with_genders(index, quotes)
        article = Article(
            id=document.id, text=text, **{n: getattr(document, n) for n in DOCUMENT_FIELDS if n != "id"},
            words=_word_count(doc), entities=tuple(index.entities), mentions=tuple(index.mentions), quotes=quotes)
        return doc_data.with_text(article, document.text)

    def _with_genders(self, index: EntityIndex, quotes: tuple) -> EntityIndex:
        """The index with each person's gender (``newslens.gender``): the article's honorifics and gendered nouns
        (found by the entity layer) and the pronouns the speaker resolution attached, else the first name."""
        clues = [*(index.clues or ()), *self._pronoun_clues(quotes)]
        return replace(index, entities=self._genders(index.entities, clues), clues=clues)

    def _kept(self, article: Article) -> Article:
        """The article with the quotes the configuration keeps (``acts``, ``min_confidence``)."""
        if self.acts is None and self.min_confidence is None:
            return article
        kept = tuple(q for q in article.quotes if (self.acts is None or (q.act or SPEECH) in self.acts) and (
            self.min_confidence is None or (q.confidence is not None and q.confidence >= self.min_confidence)))
        return article if len(kept) == len(article.quotes) else replace(article, quotes=kept)


def _checked_acts(acts) -> frozenset[str] | None:
    """The acts to keep (None: all of them), from a list of ACTS or ``all``."""
    acts = (acts,) if isinstance(acts, str) else tuple(acts)
    unknown = [a for a in acts if a not in (*ACTS, ALL_ACTS)]
    if unknown or not acts:
        raise NewslensError(f"acts must be some of {', '.join(ACTS)} or {ALL_ACTS!r}, not {list(acts)!r}")
    return None if ALL_ACTS in acts else frozenset(acts)


def _context_metadata(context: Any) -> dict[str, Any]:
    """The id and metadata an ``as_tuples`` context gives: a dict's DOCUMENT_FIELDS (other keys are the
    caller's own); nothing from any other context."""
    if not isinstance(context, Mapping):
        return {}
    return {n: str(context[n]) for n in DOCUMENT_FIELDS if context.get(n) not in (None, "")}


@Language.factory(ANALYSIS, default_config={"acts": [SPEECH], "quote_model": "model", "min_confidence": None,
                                             "header": True, "helpers": True},
                  requires=["token.dep", "token.pos", "doc.ents"],
                  assigns=["doc._.entities", "doc._.quotes", "doc._.article", "doc.spans"])
def make_newslens(nlp: Language, name: str, acts: list[str], quote_model: str, min_confidence: float | None,
                  header: bool, helpers: bool) -> Newslens:
    """The ``newslens`` component (config: the ``Newslens`` docstring); with ``helpers`` it also adds the
    paragraph sentence starts before the parser and the ALL-CAPS re-read after the NER (``add_helpers``)."""
    if helpers:
        add_helpers(nlp)
    return Newslens(nlp, name, acts=acts, quote_model=quote_model, min_confidence=min_confidence, header=header)


def _word_count(doc: Doc) -> int:
    """Tokens that are neither space nor punctuation."""
    if not len(doc):
        return 0
    flags = doc.to_array([IS_SPACE, IS_PUNCT])
    return int(numpy.count_nonzero((flags[:, 0] == 0) & (flags[:, 1] == 0)))


def add_helpers(nlp: Language) -> Language:
    """Add newslens's two helper components where they belong: paragraph sentence starts before the parser, the
    ALL-CAPS re-read after the NER (only where the NER has a tok2vec of its own: a listener of a shared tok2vec
    or transformer would find a fresh Doc without one). Returns ``nlp``."""
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if "ner" in nlp.pipe_names and CAPS_NER not in nlp.pipe_names:
        tok2vec = nlp.get_pipe_config("ner").get("model", {}).get("tok2vec", {})
        if "Listener" not in str(tok2vec.get("@architectures", "")):
            nlp.add_pipe(CAPS_NER, after="ner")
    return nlp


def add_to(nlp: Language, **config: Any) -> Language:
    """Add the newslens components to a pipeline (``nlp.add_pipe("newslens", config=config)``, which brings its
    helpers); a pipeline that has it already is left as it is. Returns ``nlp``."""
    if ANALYSIS not in nlp.pipe_names:
        nlp.add_pipe(ANALYSIS, config=config)
    return nlp


def register_extensions() -> None:
    """The Doc and Span extensions (``newslens.doc_data``)."""
    doc_data.register_extensions()


def article_of(doc: Doc, document: Document | None = None) -> Article | None:
    """The Article record of an analysed Doc (``doc._.article()``); None when it has no results."""
    return doc_data.article_of(doc, document)
