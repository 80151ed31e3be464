"""Copies among the stored articles (``newslens.copies``): each article's MinHash signature (``copy_signatures``)
and its LSH band keys (``copy_keys``), and the first stored article of the same story. numpy is imported only
when an article is written."""

from __future__ import annotations

import sqlite3

from newslens.store.connection import chunks_of, marks


class CopyIndex:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def copy_of(self, id: str, digest: str, grams: set[str], sig, before: int | None = None) -> str | None:
        """The first stored article (before seq ``before``) of the same story: the same text, else a near copy
        among those that share an LSH band with it (those written before it in the same transaction too)."""
        import numpy

        from newslens import copies

        limit = "" if before is None else f" AND seq < {int(before)}"
        same = self.db.execute(f"SELECT id, copy_of FROM articles WHERE digest=? AND id<>?{limit} ORDER BY seq "
                               "LIMIT 1", (digest, id)).fetchone()
        if same is not None:
            return same[1] or same[0]
        keys = copies.band_keys(sig)
        found = self.db.execute(f"SELECT DISTINCT seq FROM copy_keys WHERE key IN ({marks(keys)}){limit} ORDER BY seq",
                                keys).fetchall()
        for (seq,) in found:
            other = self.db.execute("SELECT sig FROM copy_signatures WHERE seq=?", (seq,)).fetchone()
            if other is None or copies.agreement(sig, numpy.frombuffer(other[0], dtype=numpy.uint32)) < (
                    copies.SIGNATURE_FLOOR):
                continue
            candidate = self.db.execute("SELECT id, copy_of, text FROM articles WHERE seq=?", (seq,)).fetchone()
            if candidate[0] != id and copies.same_story(grams, copies.shingles(candidate[2] or "")):
                return candidate[1] or candidate[0]
        return None

    def index(self, rows: list[tuple[int, object]]) -> None:
        """The signatures of articles (seq, signature) and their band keys, in key order."""
        from newslens import copies

        self.db.executemany("INSERT OR REPLACE INTO copy_signatures(seq, sig) VALUES (?, ?)",
                            [(seq, sig.tobytes()) for seq, sig in rows])
        self.db.executemany("INSERT OR IGNORE INTO copy_keys(key, seq) VALUES (?, ?)",
                            sorted((key, seq) for seq, sig in rows for key in copies.band_keys(sig)))

    def drop(self, seqs: list[int]) -> None:
        """The signatures and band keys of these articles, taken out (the keys in key order: keyed (key, seq), the
        table would be scanned for a seq, a minute at a million articles)."""
        import numpy

        from newslens import copies

        keys = []
        for chunk in chunks_of(seqs):
            for seq, sig in self.db.execute(f"SELECT seq, sig FROM copy_signatures WHERE seq IN ({marks(chunk)})",
                                            chunk):
                keys += [(key, seq) for key in copies.band_keys(numpy.frombuffer(sig, dtype=numpy.uint32))]
            self.db.execute(f"DELETE FROM copy_signatures WHERE seq IN ({marks(chunk)})", chunk)
        self.db.executemany("DELETE FROM copy_keys WHERE key=? AND seq=?", sorted(keys))

    def index_all(self) -> None:
        """Copies among the articles an older store holds, found as `add` finds them, in the order added."""
        from newslens import copies

        for seq, id, digest, text in self.db.execute(
                "SELECT seq, id, digest, text FROM articles ORDER BY seq").fetchall():
            grams = copies.shingles(text or "")
            sig = copies.signature(grams)
            copy_of = self.copy_of(id, digest, grams, sig, before=seq)
            self.db.execute("UPDATE articles SET copy_of=? WHERE seq=?", (copy_of, seq))
            self.index([(seq, sig)])
