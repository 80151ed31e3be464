"""From Documents to Articles: run the spaCy pipeline, then the entity and quote layers on each Doc.

This is the plain library: no store, no cache. ``newslens.engine`` adds those around it for the command line,
and ``newslens.parallel`` runs the same ``analyze_batch`` in worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newslens.entities import resolve_entities
from newslens.pipeline import load
from newslens.quotes import extract_quotes
from newslens.readers import Document, from_text
from newslens.records import Article

# Memory, not speed, sets the batch sizes: spaCy's parser and NER hold some 10 KB of working arrays per token
# of a batch (a batch of 128 news articles peaks 500 MB above the model), and their speed per token is the
# same from 8 articles a batch to 256. So a batch is at most BATCH_CHARS characters (or one longer article),
# and an article longer than PIECE_CHARS (or the model's max_length) is parsed in pieces.
BATCH_CHARS = 20_000
BATCH_SIZE = 32
PIECE_CHARS = 50_000


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


def pieces(text: str, limit: int) -> list[str]:
    """The text cut into pieces of at most ``limit`` characters, at a line break when there is one (else at a
    space): a single piece when it is short enough. Joined, the pieces are the text."""
    parts, start = [], 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        cut = cut + 1 if cut > start else start + limit
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


def parse(nlp, documents: Iterable[Document], *, batch_chars: int = BATCH_CHARS) -> Iterator[tuple]:
    """(Doc, Document) pairs, in order. An article longer than PIECE_CHARS (or nlp.max_length) goes through
    the same stream in pieces cut at line breaks, joined back into one Doc (offsets unchanged) before the
    entity and quote layers see it. Texts go to spaCy in groups of at most ``batch_chars`` characters."""
    from spacy.tokens import Doc

    limit = min(nlp.max_length, PIECE_CHARS)

    def texts():
        for document in documents:
            parts = pieces(document.analysis_text(), limit)
            for number, part in enumerate(parts):
                yield part, (document, number, len(parts))

    parsed: list = []
    for group in _groups(texts(), batch_chars):
        for doc, (document, number, count) in nlp.pipe(group, as_tuples=True, batch_size=len(group)):
            if count == 1:
                yield doc, document
                continue
            parsed.append(doc)
            if number == count - 1:
                yield Doc.from_docs(parsed, ensure_whitespace=False), document
                parsed = []


def _groups(items: Iterable[tuple[str, object]], chars: int) -> Iterator[list[tuple[str, object]]]:
    """(text, context) items in groups of at most ``chars`` characters (a longer text alone)."""
    group: list[tuple[str, object]] = []
    size = 0
    for item in items:
        if group and size + len(item[0]) > chars:
            yield group
            group, size = [], 0
        group.append(item)
        size += len(item[0])
    if group:
        yield group


def batches(documents: Iterable[Document], *, size: int = BATCH_SIZE,
            chars: int = BATCH_CHARS) -> Iterator[list[Document]]:
    """Documents in batches of at most ``size`` articles and ``chars`` characters (a longer article alone)."""
    batch: list[Document] = []
    total = 0
    for document in documents:
        if batch and (len(batch) >= size or total + len(document.text) > chars):
            yield batch
            batch, total = [], 0
        batch.append(document)
        total += len(document.text)
    if batch:
        yield batch


def analyze_batch(nlp, documents: Iterable[Document]) -> list[Article]:
    """Articles for a batch of Documents. The Docs live in a spaCy memory zone, so strings that only these
    articles added to the vocabulary are freed afterwards: memory stays flat over a long run."""
    with nlp.memory_zone():
        return [extract(doc, document) for doc, document in parse(nlp, documents)]


def analyze_documents(documents: Iterable[Document], *, model: str | None = None, jobs: int = 1,
                      batch_size: int = BATCH_SIZE) -> Iterator[Article]:
    """Articles for Documents, in order, streaming: at most a few batches of texts are held at once.

    With ``jobs`` > 1 the work runs in that many worker processes (``newslens.parallel``)."""
    if jobs > 1:
        from newslens.parallel import analyze_parallel

        yield from analyze_parallel(documents, model=model, jobs=jobs)
        return
    nlp = load(model)
    for batch in batches(documents, size=batch_size):
        yield from analyze_batch(nlp, batch)


def analyze(text: str, *, id: str = "<text>", model: str | None = None) -> Article:
    return next(analyze_documents([from_text(text, id)], model=model))


def analyze_many(texts: Iterable[str | Document], *, model: str | None = None, jobs: int = 1) -> Iterator[Article]:
    documents = (t if isinstance(t, Document) else from_text(t, f"<text {n}>") for n, t in enumerate(texts, 1))
    return analyze_documents(documents, model=model, jobs=jobs)
