"""spaCy's tokenizer in linear time on any text, with the tokens it gives on ordinary text.

spaCy splits the text at whitespace, then strips prefixes and suffixes off each stretch in a loop. Two steps of
that loop cost time in proportion to what is left of the stretch: the suffix search (a regular expression ending
in ``$``, which Python tries from every position) and the lookups of the rest. A stretch of punctuation loses
one character a turn, so it cost the square of its length: 10,000 ``=`` took 50 s, 100 KB never ended. And a
stretch cut into one token a character costs the parser, the NER and the analysis five times what prose of the
same length costs. Three guards, none of which changes a token of ordinary news (the 2,225 BBC articles
tokenize the same with and without them):

* the suffix search tries the last ``SUFFIX_WINDOW`` positions of a stretch only (``TailSearch``): a suffix
  match ends at the stretch's end, so no suffix shorter than the window is missed;
* a stretch longer than ``MAX_STRETCH`` is tokenized in pieces of that length;
* a stretch of at least ``DENSE_STRETCH`` characters that spaCy would cut into tokens of less than
  ``MIN_TOKEN_CHARS`` characters on average (a run of quotation marks, `=-=-=`, `a:a:a:`) is no prose: it
  becomes tokens of ``JUNK_TOKEN`` characters.

* a region of at least ``DENSE_REGION`` characters with more than ``MAX_DENSITY`` tokens a character, line
  breaks counted (a mark on each line, a letter on each line), becomes tokens of ``JUNK_TOKEN`` characters too:
  spaCy's cost is by the token, so one a character would cost five times prose of the same length.

The Doc is joined from the pieces (``Doc.from_docs``), its text the text given, so every offset stays exact.

>>> [len(p) for p in pieces("=" * 25, limit=10)]
[10, 10, 5]
"""

from __future__ import annotations

import re
from typing import Any

SUFFIX_WINDOW = 100  # longer than any suffix spaCy's English rules match (`km²`, `'s`, `...`)
MAX_STRETCH = 1000  # longer than any stretch without whitespace in prose (a long URL is some 300)
DENSE_STRETCH = 32  # a stretch this long or longer is checked for tokens of a character or two
MIN_TOKEN_CHARS = 2.0
JUNK_TOKEN = 8
_STRETCH = re.compile(rf"\S{{{DENSE_STRETCH},}}")
DENSE_REGION = 200  # a window of this many characters ...
MAX_DENSITY = 0.9  # ... with more tokens than this a character is no prose (lines of dialogue, `"No."`, are 0.83)
EDGE = 10  # a token of such a region is dense within this many characters around it too


class TailSearch:
    """A tokenizer's ``suffix_search`` that tries the last ``SUFFIX_WINDOW`` positions only. spaCy reads the
    compiled pattern back from ``__self__`` when it saves a tokenizer, as for the bound method it replaces."""

    def __init__(self, pattern: re.Pattern):
        self.__self__ = pattern

    def __call__(self, string: str) -> re.Match | None:
        return self.__self__.search(string, max(0, len(string) - SUFFIX_WINDOW))


def pieces(stretch: str, limit: int = MAX_STRETCH) -> list[str]:
    """A stretch cut every ``limit`` characters (its last piece keeps what follows it)."""
    return [stretch[i:i + limit] for i in range(0, len(stretch), limit)] or [stretch]


class LinearTokenizer:
    """``nlp.tokenizer`` behind the guards of this module. Everything else (special cases, rules,
    serialization, memory zones) is the wrapped tokenizer's. A text without a stretch to guard is tokenized
    whole, as spaCy would."""

    def __init__(self, tokenizer: Any):
        search = getattr(tokenizer, "suffix_search", None)
        if search is not None and not isinstance(search, TailSearch) and hasattr(search, "__self__"):
            tokenizer.suffix_search = TailSearch(search.__self__)
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        return self._without_dense_regions(self._tokens(text))

    def _tokens(self, text: str):
        guarded = [(found, doc) for found in _STRETCH.finditer(text)
                   if (doc := self._guarded_stretch(text, found)) is not None]
        if not guarded:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        docs, at = [], 0
        for found, doc in guarded:
            if found.start() > at:
                docs.append(self.tokenizer(text[at:found.start()]))
            docs.append(doc)
            at = found.end() + (text[found.end():found.end() + 1] == " ")  # that space is the last token's
        if at < len(text):
            docs.append(self.tokenizer(text[at:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def _guarded_stretch(self, text: str, found: re.Match):
        """The Doc of a stretch (with the space after it, when one follows) when a guard applies to it, else
        None."""
        from spacy.tokens import Doc

        stretch = found.group()
        spaced = text[found.end():found.end() + 1] == " "
        parts = [self.tokenizer(piece) for piece in pieces(stretch + (" " if spaced else ""))]
        tokens = sum(len(part) for part in parts)
        if tokens * MIN_TOKEN_CHARS > len(stretch):  # dense: tokens of JUNK_TOKEN characters instead
            words = [stretch[i:i + JUNK_TOKEN] for i in range(0, len(stretch), JUNK_TOKEN)]
            return Doc(self.tokenizer.vocab, words=words, spaces=[False] * (len(words) - 1) + [spaced])
        if len(parts) > 1:
            return Doc.from_docs(parts, ensure_whitespace=False)
        return None

    def _without_dense_regions(self, doc):
        """The Doc, its regions denser than ``MAX_DENSITY`` tokens a character made junk tokens."""
        regions = dense_regions(doc)
        if not regions:
            return doc
        from spacy.tokens import Doc

        parts, at = [], 0
        for start, end in regions:
            if start > at:
                parts.append(doc[at:start].as_doc())
            chars = doc.text[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])]
            words = [chars[i:i + JUNK_TOKEN] for i in range(0, len(chars), JUNK_TOKEN)]
            spaced = bool(doc[end - 1].whitespace_)
            parts.append(Doc(doc.vocab, words=words, spaces=[False] * (len(words) - 1) + [spaced]))
            at = end
        if at < len(doc):
            parts.append(doc[at:].as_doc())
        return Doc.from_docs(parts, ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


def dense_regions(doc) -> list[tuple[int, int]]:
    """(first token, end token) of each stretch of tokens covered by a window of ``DENSE_REGION`` characters that
    holds more than ``MAX_DENSITY`` tokens a character, and dense where they stand (``EDGE`` characters around
    each): prose next to such a region keeps its tokens."""
    import numpy
    from spacy.attrs import IDX

    if len(doc) <= DENSE_REGION * MAX_DENSITY:
        return []
    starts = doc.to_array([IDX]).astype(numpy.int64).reshape(-1)
    order = numpy.arange(len(starts))
    ends = numpy.searchsorted(starts, starts + DENSE_REGION)  # the first token past each window
    dense = numpy.flatnonzero(ends - order > DENSE_REGION * MAX_DENSITY)
    if not len(dense):
        return []
    covered = numpy.zeros(len(starts) + 1, dtype=numpy.int64)
    numpy.add.at(covered, dense, 1)
    numpy.add.at(covered, ends[dense], -1)
    near = numpy.searchsorted(starts, starts + EDGE) - numpy.searchsorted(starts, starts - EDGE)
    inside = (numpy.cumsum(covered[:-1]) > 0) & (near > 2 * EDGE * MAX_DENSITY)
    edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([0], inside.astype(numpy.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= EDGE]


def guard(nlp: Any) -> Any:
    """Put ``nlp``'s tokenizer behind the guards (once); returns ``nlp``."""
    if not isinstance(nlp.tokenizer, LinearTokenizer):
        nlp.tokenizer = LinearTokenizer(nlp.tokenizer)
    return nlp
