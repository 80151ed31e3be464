"""Candidate attributions for the trained model: everything the rules attribute, and the frames they leave out.

The rules keep a frame only when its cue is in a lexicon (`models/cues.tsv`, `cue_nouns.txt`,
`stance_adjectives.txt`), because a verb outside them with a named subject is an attribution only 5–35 % of the
time. Here every verb, noun and adjective the parse gives a subject (or an owner) and a clause or an object
becomes a candidate, built by the same ``frames`` functions as the rules' own (a verb outside the lexicon is
read as a verb of saying, so that its clause, or else its object, is the content). The model in ``model``
decides which candidates are attributions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import POS, SENT_START
from spacy.symbols import ADJ, NOUN, VERB

from newslens.entities.index import EntityIndex
from newslens.quotes.extract import Pending, _Article
from newslens.quotes.frames import SUBJECTS, Frame, _chars, _setting, _trim, adjective_frame, noun_frame, verb_frame
from newslens.records import Quote

ORIGINS = ("rule", "verb", "noun", "adjective", "predicate")
# prepositions whose object is what a position or a feeling is about (`sparred over spending`, `were
# supporters of Clinton`, `was delighted by the controversy`); not those of place or time (``frames._setting``)
_ABOUT = frozenset({"of", "for", "against", "about", "on", "over", "to", "with", "by", "toward", "towards"})


@dataclass
class Candidate:
    """One proposed attribution: the pending quote (frame and content), its record, and what proposed it."""

    pending: Pending
    quote: Quote

    @property
    def origin(self) -> str:
        return self.pending.origin

    @property
    def frame(self) -> Frame:
        return self.pending.frame


class CandidateArticle(_Article):
    """An article's extraction state that also proposes frames outside the lexicons."""

    def extra_pendings(self, rule: list[Pending]) -> list[Pending]:
        """Frames whose cue is no rule frame's cue, met with the quotation marks one by one (each sees every
        mark: which of them the rules consumed says nothing about a frame the rules never made)."""
        doc = self.doc
        mask = self.inside_quote_mask()
        taken = {p.frame.cue_start for p in rule}
        rows = doc.to_array([POS, SENT_START])
        pos = rows[:, 0]
        # only verbs, nouns and adjectives can head a frame: Token objects for those alone, and a sentence Span
        # only where one of them needs it (``doc.sents`` builds every Span and costs more than the frames)
        heads = numpy.flatnonzero(numpy.isin(pos, (VERB, NOUN, ADJ))).tolist()
        starts = numpy.flatnonzero(rows[:, 1].astype(numpy.int64) == 1).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        bounds = [*starts, len(doc)]
        sent_at = numpy.searchsorted(numpy.array(starts), numpy.arange(len(doc)), side="right") - 1
        sents: dict[int, object] = {}
        consumed = self.consumed
        out = []
        for i in heads:
            if mask[i]:
                continue
            token = doc[i]
            if token.idx in taken:
                continue
            k = int(sent_at[i])
            sent = sents.get(k)
            if sent is None:
                sent = sents[k] = doc[bounds[k]:bounds[k + 1]]
            if pos[i] == VERB:
                frame, origin = verb_frame(token, sent, mask.__getitem__, klass="speech"), "verb"
                if frame is not None and frame.content is None:
                    frame.content = frame.fallback  # the object of a verb outside the lexicon: `imposed a fee`
                if frame is not None and frame.content is None:
                    _prepositional_content(token, frame)  # `sparred over military spending`
            elif pos[i] == NOUN:
                frame, origin = noun_frame(token, sent, mask.__getitem__, any_noun=True), "noun"
                if frame is None and token.dep_ == "attr":
                    frame, origin = _predicate_frame(token, sent, mask.__getitem__), "predicate"
            else:
                frame, origin = adjective_frame(token, sent, mask.__getitem__, any_adjective=True), "adjective"
            if frame is None or frame.content is None:
                continue
            self.consumed = set()
            pending = self.classify(frame)
            if pending is not None and pending.end > pending.start:
                pending.origin = origin
                out.append(pending)
        self.consumed = consumed
        return out


def _about(head, limit: int):
    """The first preposition of ``_ABOUT`` after ``head`` (within ``limit`` tokens) and its object."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in _ABOUT and prep.i <= head.i + limit and not _setting(prep):
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return prep, pobj
    return None, None


def _prepositional_content(token, frame: Frame) -> None:
    """A verb without an object reports what its preposition governs; the preposition joins the cue."""
    prep, pobj = _about(token, 2)
    if prep is None:
        return
    doc = token.doc
    frame.content = _chars(doc, *_trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1))
    frame.cue_end = prep.idx + len(prep)
    frame.cue = f"{frame.cue} {prep.lower_}"


def _predicate_frame(token, sent, quoted) -> Frame | None:
    """`Teachers unions were early supporters of Clinton`: a noun predicated of a subject that names someone,
    with a preposition, reports its object."""
    copula = token.head
    if copula.pos_ not in ("AUX", "VERB"):
        return None
    subject = next((c for c in copula.children if c.dep_ in SUBJECTS), None)
    if subject is None or quoted(subject.i) or subject.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    prep, pobj = _about(token, 1)
    if prep is None:
        return None
    doc = token.doc
    content = _chars(doc, *_trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1))
    if content is None:
        return None
    cue_end = prep.idx + len(prep)
    s_left = subject.left_edge.i if subject.dep_ != "relcl" else subject.i
    return Frame(f"{token.lower_} {prep.lower_}", token.idx, cue_end, "stance", subject, doc[s_left].idx, cue_end,
                 sent.start_char, sent.end_char, content)


def candidates(doc, index: EntityIndex, article_id: str, text: str | None = None) -> list[Candidate]:
    """Every candidate attribution of one parsed article, in text order: the rules' quotes first among equals.

    Speakers are resolved as the rules resolve them; only the rules' speakers are remembered for the pronouns
    after them, so that the rule quotes keep the speakers they have without the model."""
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    article = CandidateArticle(doc, index, text)
    rule = article.pendings()
    extra = article.extra_pendings(rule)
    records = article.records(rule + extra, article_id, remember=lambda p: p.origin == "rule")
    out = [Candidate(p, q) for p, q in records]
    out.sort(key=lambda c: (c.quote.start, c.quote.end, c.origin != "rule"))
    return out


__all__ = ["ORIGINS", "Candidate", "CandidateArticle", "candidates"]
