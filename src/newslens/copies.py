"""Copies of one story: the same wire article run again under another id, with another headline or byline, a
trimmed ending, or a few sentences changed. Counted once, a story no longer outweighs a week of original
reporting because forty papers ran it.

A text is seen as the set of its word 5-shingles (runs of five words, lower case). Two texts are one story when
their shingle sets overlap enough: a Jaccard similarity of at least ``JACCARD`` or a containment (the share of
the shorter one's shingles found in the other) of at least ``CONTAINMENT``; two different stories on one topic
share a few names and phrases, far below both. Finding the candidates among a million stored articles uses
MinHash signatures (datasketch) cut into LSH bands of ``ROWS`` values: texts that agree on one band are compared
by their signatures, and the few that come close by their shingles.
"""

from __future__ import annotations

import re
import zlib
from functools import cache

import numpy

NUM_PERM = 64
ROWS = 2  # values per LSH band: with 32 bands a pair at Jaccard 0.35 shares one band 98.5 % of the time
BANDS = NUM_PERM // ROWS
SHINGLE = 5
JACCARD = 0.5
CONTAINMENT = 0.8
SIGNATURE_FLOOR = 0.25  # candidates whose signatures agree less than this are not compared by their text
_SEED = 1
_WORD = re.compile(r"\w+")
_MIX = numpy.uint64(0x9E3779B1)  # an odd multiplier: a shingle's hash depends on the order of its words
_MASK = numpy.uint64(0xFFFFFFFF)


def shingles(text: str) -> numpy.ndarray:
    """The hashes of the text's word 5-shingles (runs of five words, lower case), sorted, each once. A word is
    hashed once (CRC-32) and a shingle's hash is mixed from its words' with array arithmetic: this runs for
    every article added, and hashing every shingle's string cost several percent of the analysis."""
    words = _WORD.findall(text.lower())
    if not words:
        return numpy.zeros(0, dtype=numpy.uint32)
    known: dict[str, int] = {}
    hashes = numpy.fromiter((known.setdefault(w, zlib.crc32(w.encode("utf-8"))) for w in words),
                            dtype=numpy.uint64, count=len(words))
    if len(hashes) < SHINGLE:
        mixed = hashes[:1].copy()
        for h in hashes[1:]:
            mixed = (mixed * _MIX + h) & _MASK
        return mixed.astype(numpy.uint32)
    mixed = hashes[:len(hashes) - SHINGLE + 1].copy()
    for k in range(1, SHINGLE):
        mixed = (mixed * _MIX + hashes[k:len(hashes) - SHINGLE + 1 + k]) & _MASK
    return numpy.unique(mixed.astype(numpy.uint32))


@cache
def _template():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=int)  # its permutations, made once


def signature(grams: numpy.ndarray) -> numpy.ndarray:
    """The MinHash signature (NUM_PERM unsigned 32-bit values) of a text's shingle hashes (datasketch; the
    shingles are hashed already, so its hash function is the identity)."""
    from datasketch import MinHash

    template = _template()
    sketch = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=int, permutations=template.permutations,
                     scheme=template.scheme)
    if len(grams):
        sketch.update_batch(grams.tolist())
    return sketch.hashvalues.astype(numpy.uint32)


def band_keys(sig: numpy.ndarray) -> list[int]:
    """One signed 64-bit key per band (SQLite integers are signed): the band's number in the high bits, its
    values' hash in the low ones, so that equal values in different bands are different keys."""
    values = sig.astype(numpy.uint64).reshape(BANDS, ROWS)
    mixed = values[:, 0]
    for k in range(1, ROWS):
        mixed = (mixed * _MIX + values[:, k]) & _MASK
    keys = (numpy.arange(BANDS, dtype=numpy.uint64) << numpy.uint64(32)) | mixed
    return keys.astype(numpy.int64).tolist()


def agreement(a: numpy.ndarray, b: numpy.ndarray) -> float:
    """The share of signature values two texts agree on: an estimate of their shingles' Jaccard similarity."""
    return float(numpy.count_nonzero(a == b)) / NUM_PERM


def same_story(a: numpy.ndarray, b: numpy.ndarray) -> bool:
    """Whether two texts' shingle hashes (``shingles``) are one story (the rule in the module's docstring)."""
    if not len(a) or not len(b):
        return False
    shared = len(numpy.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared) >= JACCARD or shared / min(len(a), len(b)) >= CONTAINMENT


class CopyFinder:
    """Copies among texts met one after another (the FILEs of one command): ``copy_of(id, text)`` is the id of
    the first text of the same story, or None for a new story."""

    def __init__(self):
        self._by_key: dict[int, list[int]] = {}
        self._seen: list[tuple[str, numpy.ndarray, numpy.ndarray]] = []

    def copy_of(self, id: str, text: str) -> str | None:
        grams = shingles(text)
        sig = signature(grams)
        keys = band_keys(sig)
        candidates = sorted({n for key in keys for n in self._by_key.get(key, ())})
        found = next((self._seen[n][0] for n in candidates
                      if agreement(sig, self._seen[n][1]) >= SIGNATURE_FLOOR and same_story(grams, self._seen[n][2])),
                     None)
        if found is None:
            for key in keys:
                self._by_key.setdefault(key, []).append(len(self._seen))
            self._seen.append((id, sig, grams))
        return found
