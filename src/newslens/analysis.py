"""The unit of work that every backend of the engine runs: a batch of Documents through the spaCy pipeline,
whose last component is the newslens analysis (``newslens.component``), into Articles. Each Doc is made from
its Document's analysis text and goes through ``nlp.pipe(as_tuples=True)`` with the Document as its context:
the component takes the id, the metadata and the text as read from it.

No store, no cache, no scheduling: ``newslens.engine`` does those around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy

from newslens.batching import batched
from newslens.component import ANALYSIS
from newslens.readers import Document
from newslens.records import Article

# Memory, not speed, sets these: spaCy's parser and NER hold some 10 KB of working arrays per token of a batch
# (a batch of 128 news articles peaks 500 MB above the model), and their speed per token is the same from 8
# articles a batch to 256. So texts go to spaCy in groups of at most BATCH_CHARS characters (or one longer
# article), and an article longer than PIECE_CHARS (or the model's max_length) is parsed in pieces.
BATCH_CHARS = 20_000
PIECE_CHARS = 50_000
OnPiece = Callable[[str, int, int], None]  # (article id, pieces done, pieces in all)


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


def parse(nlp, documents: Iterable[Document], *, batch_chars: int = BATCH_CHARS,
          on_piece: OnPiece | None = None) -> Iterator[tuple]:
    """(analysed Doc, Document) pairs, in order. An article longer than PIECE_CHARS (or nlp.max_length) is
    parsed in pieces cut at line breaks, joined back into one Doc (offsets unchanged), and only then analysed:
    the entity and quote layers see the whole article; ``on_piece(id, done, total)`` hears of each piece."""
    limit = min(nlp.max_length, PIECE_CHARS)
    short: list[tuple] = []
    for document in documents:
        text = document.analysis_text()
        if len(text) <= limit:
            short.append((nlp.make_doc(text), document))
            continue
        yield from _pipe(nlp, short, batch_chars)
        short = []
        yield _in_pieces(nlp, text, document, limit, batch_chars, on_piece), document
    yield from _pipe(nlp, short, batch_chars)


def _pipe(nlp, pairs: list[tuple], batch_chars: int) -> Iterator[tuple]:
    for group in batched(pairs, chars=batch_chars, length=lambda pair: len(pair[0].text)):
        yield from nlp.pipe(group, as_tuples=True, batch_size=len(group))


def _in_pieces(nlp, text: str, document: Document, limit: int, batch_chars: int, on_piece: OnPiece | None):
    from spacy.tokens import Doc

    parts = pieces(text, limit)
    parsed: list = []
    for group in batched(parts, chars=batch_chars):
        for piece in nlp.pipe(group, batch_size=len(group), disable=[ANALYSIS]):
            # the tok2vec's tensor (96 floats a token) is no input of the analysis: 0.4 GB at 5 MB, and twice
            # that while the pieces are joined
            piece.tensor = numpy.zeros((0,), dtype="float32")
            parsed.append(piece)
        if on_piece is not None:
            on_piece(document.id, len(parsed), len(parts))
    doc = Doc.from_docs(parsed, ensure_whitespace=False, exclude=["tensor"])
    del parsed  # the pieces, no longer needed while the whole is analysed
    doc._context = document  # as nlp.pipe(as_tuples=True) gives it to the component
    return nlp.get_pipe(ANALYSIS)(doc)


def analyze_batch(nlp, documents: Iterable[Document], on_piece: OnPiece | None = None) -> list[Article]:
    """Articles for a batch of Documents. The Docs live in a spaCy memory zone, so strings that only these
    articles added to the vocabulary are freed afterwards: memory stays flat over a long run."""
    with nlp.memory_zone():
        return [doc._.article() for doc, _ in parse(nlp, documents, on_piece=on_piece)]
