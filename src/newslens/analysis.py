"""From Documents to Articles: run the spaCy pipeline, then the entity and quote layers on each Doc."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newslens.entities import resolve_entities
from newslens.pipeline import load
from newslens.quotes import extract_quotes
from newslens.readers import Document, from_text
from newslens.records import Article


def extract(doc, document: Document) -> Article:
    """The Article for one parsed Doc (whose text is ``document.analysis_text()``)."""
    index = resolve_entities(doc, document.id)
    quotes = extract_quotes(doc, index, document.id)
    return Article(
        id=document.id,
        text=document.text,
        title=document.title,
        subtitle=document.subtitle,
        author=document.author,
        source=document.source,
        published=document.published,
        section=document.section,
        words=sum(1 for t in doc if not (t.is_space or t.is_punct)),
        entities=tuple(index.entities),
        mentions=tuple(index.mentions),
        quotes=tuple(quotes),
    )


def _pieces(text: str, limit: int) -> list[str]:
    """Split a text longer than the model's max_length at line breaks into pieces under the limit."""
    pieces, start = [], 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        cut = cut + 1 if cut > start else start + limit
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse(nlp, documents: Iterable[Document], *, jobs: int = 1, batch_size: int = 32) -> Iterator[tuple]:
    """(Doc, Document) pairs; an article longer than nlp.max_length is parsed in pieces and joined."""
    from spacy.tokens import Doc

    def short():
        for document in documents:
            text = document.analysis_text()
            if len(text) <= nlp.max_length:
                yield text, document
            else:
                pieces = list(nlp.pipe(_pieces(text, nlp.max_length)))
                yield Doc.from_docs(pieces, ensure_whitespace=False), document

    for item, document in nlp.pipe(
        ((text, doc) if isinstance(text, str) else ("", (text, doc)) for text, doc in short()),
        as_tuples=True, n_process=jobs, batch_size=batch_size,
    ):
        if isinstance(document, tuple):  # parsed in pieces beforehand
            yield document
        else:
            yield item, document


def analyze_documents(documents: Iterable[Document], *, model: str | None = None, jobs: int = 1,
                      batch_size: int = 32) -> Iterator[Article]:
    nlp = load(model)
    for doc, document in parse(nlp, documents, jobs=jobs, batch_size=batch_size):
        yield extract(doc, document)


def analyze(text: str, *, id: str = "<text>", model: str | None = None) -> Article:
    return next(analyze_documents([from_text(text, id)], model=model))


def analyze_many(texts: Iterable[str | Document], *, model: str | None = None, jobs: int = 1) -> Iterator[Article]:
    documents = (t if isinstance(t, Document) else from_text(t, f"<text {n}>") for n, t in enumerate(texts, 1))
    return analyze_documents(documents, model=model, jobs=jobs)
