"""ALL-CAPS lines (headlines, datelines, sports tables) re-read by the NER after true-casing them.

A statistical NER trained on mixed-case text labels `ASHCOMBE CLIMB TO SECOND` or `BERGEN 2031-05-14`
poorly: casing is one of its strongest features. This component finds the lines of a Doc written in capitals,
true-cases each word the way the rest of the article writes it (`climb` -> `climb`, `ASHCOMBE` ->
`Ashcombe`; a word the article never writes otherwise gets a capital initial unless it is a stop word),
runs only the NER (which in the en_core_web_* pipelines has its own tok2vec) on those words, with the Doc's own
tokenization, and puts the entities it finds in place of the ones on those lines. Cost: one NER call over the
capitalized lines of an article, typically a few dozen tokens.
"""

from __future__ import annotations

import re
from collections import Counter

from newslens.text import lines as text_lines

_MIN_LETTERS = 4


def caps_lines(doc, text: str | None = None) -> list[tuple[int, int]]:
    """(first token, end token) of each line written in capitals (``text`` is doc.text, when known)."""
    text = doc.text if text is None else text
    lines = []
    for start, end in text_lines(text):
        if _is_caps(text[start:end]):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                tokens = [t.i for t in span if not t.is_space]
                if tokens:
                    lines.append((tokens[0], tokens[-1] + 1))
    return lines


_LOWER = re.compile(r"[^\W\d_A-ZÀ-ÞĀ-Ž]")
_UPPER = re.compile(r"[A-ZÀ-Þ]")


def _is_caps(text: str) -> bool:
    if len(text) < _MIN_LETTERS:
        return False
    lower = len(_LOWER.findall(text))
    if lower > 0.1 * len(text):
        return False
    upper = len(_UPPER.findall(text))
    return upper >= _MIN_LETTERS and upper >= 9 * lower and any(len(w) > 1 and w.isalpha() for w in text.split())


def true_case(word: str, casing: dict[str, str], stop_words: frozenset[str] | set[str]) -> str:
    """The word as the article writes it elsewhere, else a stop word in lower case, else capitalized."""
    if not any(ch.isupper() for ch in word):
        return word
    lower = word.lower()
    if lower in casing:
        form = casing[lower]
    elif lower in stop_words:
        form = lower
    elif len(word) <= 3 and "." in word:  # an abbreviation (U.S., ST.) keeps its capitals
        form = word
    else:
        form = word.title()
    return form if len(form) == len(word) else word


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _casing(text: str, skip: list[tuple[int, int]]) -> dict[str, str]:
    """How the article writes each word outside the capitalized lines: in lower case if it ever does (a
    sentence start says nothing), else as it most often does."""
    counts: Counter = Counter()
    pos = 0
    for start, end in [*skip, (len(text), len(text))]:
        counts.update(m.group() for m in _WORD.finditer(text, pos, start))
        pos = end
    best: dict[str, tuple[int, str]] = {}
    for word, n in counts.items():
        if len(word) > 1 and word.isupper():
            continue
        key = word.lower()
        if word == key:
            n += 1_000_000  # written in lower case anywhere: a common word, not a name
        if key not in best or n > best[key][0]:
            best[key] = (n, word)
    return {key: word for key, (_, word) in best.items()}


def _plausible(ent, origin: list[int], casing: dict[str, str]) -> tuple[int, int] | None:
    """The part of a name found on a capitalized line that the article supports, as (first, end) token of
    ``ent``'s Doc: cut to the words the article writes as names elsewhere (`ASHCOMBE` ->
    `Ashcombe`; `TAMPERE FLOODS` -> `TAMPERE`), or the whole name when it is a known country or
    place (`MURCIA`). A word the article never writes with a capital (`CURLING`) was only given one by the
    true-caser."""
    from newslens.entities.gazetteer import country_named, place_country

    if any(origin[i] < 0 for i in range(ent.start, ent.end)):
        return None  # ran over a line break
    if country_named(ent.text) is not None or place_country(ent.text) is not None:
        return ent.start, ent.end
    known = [casing.get(t.lower_, "")[:1].isupper() for t in ent]
    if not any(known):
        return None
    first = known.index(True)
    last = len(known) - known[::-1].index(True)
    return ent.start + first, ent.start + last


class CapsNER:
    """The pipeline component (registered as ``newslens_caps_ner`` in ``newslens.component``)."""

    def __init__(self, nlp, name: str = "newslens_caps_ner"):
        self.nlp = nlp
        self.name = name
        self.stop_words = frozenset(nlp.Defaults.stop_words)

    def __call__(self, doc):
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        """Docs in order; the true-cased lines of a whole batch go through the NER together."""
        batch: list = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list) -> list:
        jobs = []
        for doc in docs:
            text = doc.text
            lines = caps_lines(doc, text)
            if lines:
                jobs.append((doc, lines, self._cased(doc, text, lines)))
        if jobs and "ner" in self.nlp.pipe_names:
            ner = self.nlp.get_pipe("ner")
            for (doc, lines, (_, origin, casing)), tagged in zip(jobs, ner.pipe(c[0] for _, _, c in jobs),
                                                                     strict=True):
                self._replace(doc, lines, tagged, origin, casing)
        return docs

    def _cased(self, doc, text: str, lines):
        from spacy.tokens import Doc

        casing = _casing(text, [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in lines])
        words, spaces, origin = [], [], []
        for start, end in lines:
            for token in doc[start:end]:
                if not any(ch.isalpha() for ch in token.text):
                    # figures in a results table: one separator stands for the run, so the NER reads less
                    if origin and origin[-1] == -1:
                        continue
                    words.append(";")
                    spaces.append(True)
                    origin.append(-1)
                    continue
                words.append(true_case(token.text, casing, self.stop_words))
                spaces.append(bool(token.whitespace_))
                origin.append(token.i)
            words.append("\n")
            spaces.append(False)
            origin.append(-1)
        return (Doc(self.nlp.vocab, words=words, spaces=spaces), origin, casing)

    @staticmethod
    def _replace(doc, lines, cased, origin, casing) -> None:
        """The NER's entities on the capitalized lines replace the ones it found there in capitals."""
        from spacy.tokens import Span

        added = []
        for ent in cased.ents:
            kept = _plausible(ent, origin, casing)
            if kept is not None:
                added.append(Span(doc, origin[kept[0]], origin[kept[1] - 1] + 1, label=ent.label_))
        covered = {i for span in added for i in range(span.start, span.end)}
        outside = [doc[i:i + 1] for start, end in lines for i in range(start, end) if i not in covered]
        doc.set_ents(added, outside=outside, default="unmodified")

