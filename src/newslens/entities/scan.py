"""Finding tokens by character offset, so that rules scan the text with regular expressions (fast) instead of
creating a Python object for every token of every article (slow next to the spaCy pipeline)."""

from __future__ import annotations

import numpy


class Tokens:
    """Token lookups for one Doc: the token that starts at a character offset, and tokens by part of speech."""

    def __init__(self, doc):
        from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, POS

        self.doc = doc
        array = doc.to_array([IDX, LENGTH, POS, ENT_TYPE, ENT_IOB])
        # contiguous int64 columns: searchsorted on a strided or unsigned view copies the column on every call
        self.starts = numpy.ascontiguousarray(array[:, 0], dtype=numpy.int64)
        self.ends = self.starts + array[:, 1].astype(numpy.int64)
        self.pos = array[:, 2]
        # tokens inside a nationality the model labeled (`North Korean` NORP): no place or team inside
        norp = array[:, 3] == doc.vocab.strings["NORP"]
        self.in_entity = bytearray(norp)
        self._norp = norp
        self._begins = array[:, 4] == 3  # IOB code 3: an entity begins here

    def norp_spans(self) -> list[tuple[int, int]]:
        """[start, end) token ranges of the nationalities the model labeled (NORP), without Span objects."""
        out: list[tuple[int, int]] = []
        for i in numpy.flatnonzero(self._norp).tolist():
            if out and out[-1][1] == i and not self._begins[i]:
                out[-1] = (out[-1][0], i + 1)
            else:
                out.append((i, i + 1))
        return out

    def at(self, char: int) -> int | None:
        """Index of the token starting exactly at ``char``, else None."""
        i = int(numpy.searchsorted(self.starts, char))
        return i if i < len(self.starts) and self.starts[i] == char else None

    def ending_at(self, char: int) -> int | None:
        """Index of the token ending exactly at ``char``, else None."""
        i = int(numpy.searchsorted(self.ends, char))
        return i if i < len(self.ends) and self.ends[i] == char else None

    def with_pos(self, pos: str) -> list[int]:
        from spacy.symbols import IDS

        return numpy.nonzero(self.pos == IDS[pos])[0].tolist()
