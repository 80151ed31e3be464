"""The parsed article every later step reads: token offsets, sentences, paragraphs and quoted passages.

Built once per article from the Doc (arrays, not a Token object per word), so that the cue finders, the
candidate proposers and the features all ask the same cheap questions: which token covers a character, which
sentence a token is in, whether a token is inside quotation marks.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> p = Parsed(nlp('He said: "We won."'))
>>> p.tokens(10, 16), p.inside_quote(4), p.inside_quote(1)
((4, 6), True, False)
"""

from __future__ import annotations

import bisect
from functools import cached_property

import numpy
from spacy.attrs import DEP, HEAD, IDX, IS_UPPER, LOWER, POS, SENT_START, TAG

from newslens.quotes.marks import Quoted, find_quoted
from newslens.text import paragraphs


class Parsed:
    """One parsed article: the Doc, its text and the indexes over them."""

    def __init__(self, doc, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.n = len(doc)
        self.starts: list[int] = doc.to_array([IDX]).tolist() if self.n else []
        self.paras = paragraphs(self.text)
        self.para_starts = [start for start, _ in self.paras]
        self.quoted: list[Quoted] = find_quoted(self.text)
        self.quoted_starts = [q.start for q in self.quoted]

    # -- characters and tokens -----------------------------------------------------------------------
    def token_at(self, char: int) -> int:
        """The index of the token that covers (or last starts before) a character."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def tokens(self, start: int, end: int) -> tuple[int, int]:
        """Token range [i, j) covering characters [start, end)."""
        i = self.token_at(start)
        j = bisect.bisect_left(self.starts, end)
        return i, max(j, i + 1)

    def end_of(self, i: int) -> int:
        """The character where token i ends."""
        return self.starts[i] + len(self.doc[i])

    def chars(self, i: int, j: int) -> tuple[int, int] | None:
        """Characters of tokens [i, j), or None when the range is empty."""
        if i >= j:
            return None
        return self.starts[i], self.end_of(j - 1)

    # -- token attributes as arrays (a Token object per word costs more than the rules) --------------------
    @cached_property
    def arrays(self) -> dict[str, numpy.ndarray]:
        """Per token: ``pos``, ``tag``, ``dep``, ``lower`` (spaCy's hashes), ``head`` (index), ``upper`` (0/1)."""
        rows = self.doc.to_array([POS, TAG, DEP, LOWER, HEAD, IS_UPPER]) if self.n else numpy.zeros((0, 6), "uint64")
        heads = numpy.arange(self.n) + rows[:, 4].astype(numpy.int64)  # HEAD is relative
        return {"pos": rows[:, 0], "tag": rows[:, 1], "dep": rows[:, 2], "lower": rows[:, 3], "head": heads,
                "upper": rows[:, 5]}

    @cached_property
    def phrase_marks(self) -> numpy.ndarray:
        """Per token: a comma, dash or semicolon (what sets a phrase off)."""
        return numpy.isin(self.arrays["lower"], self.hashes(",", "--", "—", "–", ";"))

    def hashes(self, *words: str) -> numpy.ndarray:
        """The hashes of strings (tags, labels, words) in the Doc's vocabulary."""
        strings = self.doc.vocab.strings
        return numpy.array([strings.add(w) for w in words], dtype=numpy.uint64)

    def where(self, mask: numpy.ndarray) -> list[int]:
        """The indexes of the tokens a mask selects, outside quotation marks."""
        quoted = self.quote_mask
        return [i for i in numpy.flatnonzero(mask).tolist() if not quoted[i]]

    # -- sentences and paragraphs --------------------------------------------------------------------
    @cached_property
    def sent_starts(self) -> list[int]:
        """The first token of every sentence."""
        if not self.n:
            return [0]
        flags = self.doc.to_array([SENT_START]).astype(numpy.int64)
        out = numpy.flatnonzero(flags == 1).tolist()
        if not out or out[0] != 0:
            out.insert(0, 0)
        return out

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """Token range [start, end) of the sentence holding token i."""
        k = bisect.bisect_right(self.sent_starts, i) - 1
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else self.n
        return self.sent_starts[k], end

    def sent_chars(self, i: int) -> tuple[int, int]:
        start, end = self.sent_bounds(i)
        return self.starts[start], self.end_of(end - 1)

    def para_of(self, pos: int) -> int:
        """Index of the paragraph holding a character."""
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    # -- quotation marks -----------------------------------------------------------------------------
    @cached_property
    def quote_mask(self) -> list[bool]:
        """Per token: does it lie inside the marks of a quoted passage?"""
        mask = [False] * self.n
        qi = 0
        for i, idx in enumerate(self.starts):
            while qi < len(self.quoted) and self.quoted[qi].inner_end <= idx:
                qi += 1
            if qi < len(self.quoted) and self.quoted[qi].inner_start <= idx < self.quoted[qi].inner_end:
                mask[i] = True
        return mask

    def inside_quote(self, i: int) -> bool:
        return self.quote_mask[i]

    def quoted_overlapping(self, start: int, end: int) -> list[int]:
        """Indexes of the quoted passages that overlap characters [start, end)."""
        k = max(0, bisect.bisect_left(self.quoted_starts, start) - 1)
        out = []
        while k < len(self.quoted) and self.quoted[k].start < end:
            if self.quoted[k].end > start:
                out.append(k)
            k += 1
        return out

    def cuts_quotation(self, start: int, end: int) -> bool:
        """Does [start, end) end inside a quoted passage that opens within it (`North Korea's "reckless,`)?"""
        return any(start <= self.quoted[k].start and end < self.quoted[k].end
                   for k in self.quoted_overlapping(start, end))

    def quoted_share(self, start: int, end: int) -> float:
        """The share of characters [start, end) inside quotation marks."""
        if end <= start:
            return 0.0
        inside = sum(max(0, min(end, self.quoted[k].end) - max(start, self.quoted[k].start))
                     for k in self.quoted_overlapping(start, end))
        return inside / (end - start)

    def only_gap(self, start: int, end: int, gap: str = " \t\n,.;:!?-–—―([\u00a0") -> bool:
        """Is there nothing but punctuation and space between two characters?"""
        return start <= end and all(ch in gap for ch in self.text[start:end])


__all__ = ["Parsed"]
