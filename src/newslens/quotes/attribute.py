"""Who said what: the road from a parsed article to its Quote records.

1. ``parsed.Parsed``: offsets, sentences, paragraphs, quotation marks.
2. ``cues.find_cues``: every cue with its speaker token.
3. ``candidates.candidates``: every content each cue may report, each with its proposers.
4. ``features.article_rows``: a row of values per candidate; the token model adds its columns.
5. ``model``: P(exactly right) and P(right) per candidate (or, without a model file, ``rule_scores``).
6. ``decode``: the best candidates first, none taking words another kept one has (the same cue: any
   overlap; another cue: half of the longer, as two claims on one quote).
7. ``speakers.Resolver``: the speakers of the kept ones in text order (a pronoun is who spoke last).
8. ``acts.act_of``, and a record per attribution: its fragments, its quoted words, its confidence.

>>> decode_order([0.2, 0.9], [0.5, 0.5], weight=0.0)
[1, 0]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy

from newslens.entities.index import EntityIndex
from newslens.quotes.acts import act_of
from newslens.quotes.candidates import RULE_CLASSES, RULE_PROPOSERS, Candidate, candidates
from newslens.quotes.cues import find_cues
from newslens.quotes.features import article_rows, slot_key
from newslens.quotes.marks import CLOSE, OPEN
from newslens.quotes.model import QuoteModel, shipped_model
from newslens.quotes.parsed import Parsed
from newslens.quotes.speakers import Resolver, Speaker
from newslens.records import Quote, fragments_text

SYSTEMS = ("model", "rules")
SYSTEM = "model"  # the trained model when the installation ships one, else the rules' scores
TOKEN_COLUMNS = 11


@dataclass
class Kept:
    candidate: Candidate
    confidence: float | None


# -- scoring --------------------------------------------------------------------------------------------
def token_positions(p: Parsed, cands: list[Candidate]) -> numpy.ndarray:
    """Per candidate, the tokens the token model's columns read: its cue, its first and last word (punctuation
    at the edges left out), its speaker (-1: none)."""
    out = numpy.full((len(cands), 4), -1, dtype=numpy.int64)
    doc = p.doc
    for r, c in enumerate(cands):
        i, j = p.tokens(c.start, c.end)
        while i < j - 1 and doc[i].is_punct:
            i += 1
        while j - 1 > i and doc[j - 1].is_punct:
            j -= 1
        out[r] = (c.cue.i, i, j - 1, -1 if c.cue.speaker is None else c.cue.speaker)
    return out


def _window_max(column: numpy.ndarray, radius: int) -> numpy.ndarray:
    """Per token, the largest value within ``radius`` tokens of it."""
    padded = numpy.concatenate([numpy.full(radius, -numpy.inf), column, numpy.full(radius, -numpy.inf)])
    return numpy.lib.stride_tricks.sliding_window_view(padded, 2 * radius + 1).max(axis=1)


def token_columns(positions: numpy.ndarray, probs: numpy.ndarray | None) -> numpy.ndarray:
    """The token model's columns of each candidate: P(cue) at its cue, P(start)/P(end) at its edges, P(inside)
    over it and next to it, how much likelier a nearby edge is, P(source) at its speaker."""
    out = numpy.full((len(positions), TOKEN_COLUMNS), numpy.nan)
    if probs is None or not len(positions):
        return out
    n = len(probs)
    cue, i, j, spk = (positions[:, k] for k in range(4))
    inside = probs[:, 3]
    sums = numpy.concatenate([[0.0], numpy.cumsum(inside)])
    bounds = numpy.empty(2 * len(positions), dtype=numpy.int64)
    bounds[0::2], bounds[1::2] = i, j + 1
    minima = numpy.minimum.reduceat(numpy.append(inside, numpy.inf), bounds)[0::2]  # (a last value for j + 1 = n)
    zero = numpy.zeros(len(positions))
    out[:, 0] = probs[cue, 0]
    out[:, 1] = probs[i, 1]
    out[:, 2] = probs[j, 2]
    out[:, 3] = (sums[j + 1] - sums[i]) / (j + 1 - i)
    out[:, 4] = minima
    out[:, 5] = numpy.where(i > 0, inside[numpy.maximum(i - 1, 0)], zero)
    out[:, 6] = numpy.where(j + 1 < n, inside[numpy.minimum(j + 1, n - 1)], zero)
    out[:, 7] = _window_max(probs[:, 1], 3)[i] - probs[i, 1]
    out[:, 8] = _window_max(probs[:, 2], 3)[j] - probs[j, 2]
    out[:, 9] = numpy.where(spk >= 0, probs[numpy.maximum(spk, 0), 4], zero)
    out[:, 10] = _window_max(probs[:, 0], 1)[cue]
    return out


def model_scores(model: QuoteModel, p: Parsed, cands: list[Candidate]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """P(exactly right) and P(right) of each candidate from the trained model. P(exact) only where P(right) reaches
    the model's threshold (0 elsewhere): decoding never looks at it below (``decode``), and most candidates are
    there."""
    probs = model.token_probabilities(getattr(p.doc, "tensor", None))
    X = model.encode(article_rows(p, cands), token_columns(token_positions(p, cands), probs))
    right = model.right.probability(X)
    exact = numpy.zeros(len(X))
    kept = numpy.flatnonzero(right >= model.threshold)
    if kept.size:
        exact[kept] = model.exact.probability(X[kept])
    return exact, right


def rule_scores(cands: list[Candidate]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Without a model: a cue of a speech lexicon (not negated) keeps its likeliest content, by the order of
    ``RULE_PROPOSERS``; everything else is dropped."""
    exact = numpy.zeros(len(cands))
    right = numpy.zeros(len(cands))
    for r, c in enumerate(cands):
        ranks = [RULE_PROPOSERS.index(name) for name in c.proposers if name in RULE_PROPOSERS]
        if c.cue.klass in RULE_CLASSES and not c.cue.negated and ranks:
            exact[r] = 1.0 - min(ranks) / len(RULE_PROPOSERS)
            right[r] = 1.0
    return exact, right


MIN_SUPPORT = 20  # right training candidates a cue kind needs before the model decides its contents


def rules_where_unseen(kinds, support: dict, exact, right, rule_exact, rule_right):
    """Where the training set had (almost) no right candidate of a cue's kind (``MIN_SUPPORT``; say, quotations
    signed `"..." ― Jane Doe`, which PolNeAR's training articles never use), the model never learned that kind:
    the rules' scores decide those candidates. Returns exact, right and the mask of the rules' rows.

    >>> rules_where_unseen(["verb", "dash"], {"verb": 900}, [.2, .1], [.6, .1], [0., .9], [0., 1.])[1]
    array([0.6, 1. ])
    """
    mask = numpy.array([support.get(k, 0) < MIN_SUPPORT for k in kinds], dtype=bool)
    return numpy.where(mask, rule_exact, exact), numpy.where(mask, rule_right, right), mask


# -- decoding -------------------------------------------------------------------------------------------
def decode_order(exact, right, weight: float) -> list[int]:
    """Candidates by P(exact) + weight * P(right), best first (ties in text order)."""
    return sorted(range(len(exact)), key=lambda r: (-(exact[r] + weight * right[r]), r))


def _claims(a: tuple, b: tuple, same_cue: bool) -> bool:
    """Do two contents claim the same words? The same cue: any overlap; two cues: half of the longer."""
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    if same_cue:
        return shared > 0
    longer = max(sum(e - s for s, e in a), sum(e - s for s, e in b))
    return shared > 0 and shared >= 0.5 * longer


def decode(cands: list[Candidate], exact, right, weight: float, threshold: float, slot_of=slot_key) -> list[int]:
    """The candidates kept, best first: P(right) at or above the threshold, one per slot (``slot_of``), none
    claiming what a better one took."""
    kept: list[int] = []
    spans: list[tuple[int, int, int]] = []  # (start, end, kept index) sorted by start, for the near ones
    longest = 0
    slots = set()
    for r in decode_order(exact, right, weight):
        if right[r] < threshold:
            continue
        c = cands[r]
        key = slot_of(c)
        if key in slots:
            continue
        near = spans[bisect.bisect_left(spans, (c.start - longest, -1, -1)):bisect.bisect_left(spans, (c.end, -1, -1))]
        if any(_claims(c.fragments, cands[k].fragments, cands[k].cue is c.cue) for _, _, k in near):
            continue
        kept.append(r)
        slots.add(key)
        bisect.insort(spans, (c.start, c.end, r))
        longest = max(longest, c.end - c.start)
    return kept


# -- records --------------------------------------------------------------------------------------------
def _paragraph_pieces(p: Parsed, start: int, end: int) -> list[tuple[int, int]]:
    """A fragment cut at paragraph breaks (a quotation that runs over paragraphs), each piece without the
    marks and spaces at the cut."""
    first, last = p.para_of(start), p.para_of(max(start, end - 1))
    if first == last:
        return [(start, end)]
    pieces = []
    for k in range(first, last + 1):
        s, e = max(start, p.paras[k][0]), min(end, p.paras[k][1])
        if k > first:
            while s < e and (p.text[s] in OPEN + CLOSE or p.text[s].isspace()):
                s += 1
        if k < last:
            while e > s and (p.text[e - 1] in OPEN + CLOSE or p.text[e - 1].isspace()):
                e -= 1
        if any(ch.isalnum() for ch in p.text[s:e]):
            pieces.append((s, e))
    return pieces or [(start, end)]


def _addressee(p: Parsed, index: EntityIndex, i: int | None) -> str | None:
    if i is None:
        return None
    token = p.doc[i]
    mention = index.mention_at(token.idx, token.idx + len(token))
    if mention is not None:
        return mention.entity
    words = [t for t in token.subtree if t.dep_ != "det" and t.i <= token.i]
    return p.text[words[0].idx:token.idx + len(token)] if words else token.text


def _speaker(p: Parsed, resolver: Resolver, index: EntityIndex, c: Candidate) -> Speaker:
    cue = c.cue
    if cue.speaker_span is not None:
        s, e = cue.speaker_span
        mention = index.mention_at(s, e)
        if mention is not None and mention.start >= s and mention.end <= e and mention.type in (
                "person", "institution", "country"):
            return resolver.from_mention(mention, s, e)
        words = p.text[s:e]
        return Speaker(words, "unknown", words, s, e)
    return resolver.resolve_token(p.doc[cue.speaker], content=(c.start, c.end))


def records(p: Parsed, index: EntityIndex, article_id: str, kept: list[Kept]) -> list[Quote]:
    """A Quote per kept attribution, speakers resolved in text order (each speaker once per cue)."""
    resolver = Resolver(p.doc, index, p.text, quoted=lambda pos: bool(p.quoted_overlapping(pos, pos + 1)))
    by_cue: dict[int, Speaker] = {}
    out = []
    for k in sorted(kept, key=lambda k: (k.candidate.cue.attr_start, k.candidate.start)):
        c = k.candidate
        speaker = by_cue.get(id(c.cue))
        if speaker is None:
            speaker = by_cue[id(c.cue)] = _speaker(p, resolver, index, c)
            resolver.remember(c.cue.attr_start, speaker)
        pieces = [piece for s, e in c.fragments for piece in _paragraph_pieces(p, s, e)]
        text = fragments_text(p.text, pieces)
        if not text:
            continue
        own_cue = c.group == 0
        out.append(Quote(
            article=article_id, speaker=speaker.name, speaker_type=speaker.type, speaker_text=speaker.text,
            speaker_start=speaker.start, speaker_end=speaker.end, cue=c.cue.text if own_cue else None, kind=c.kind,
            text=text, start=pieces[0][0], end=pieces[-1][1], cue_start=c.cue.start if own_cue else None,
            cue_end=c.cue.end if own_cue else None, role=speaker.role, affiliation=speaker.affiliation,
            addressee=_addressee(p, index, c.cue.addressee), confidence=k.confidence, act=act_of(c, p),
            spans=tuple(pieces)))
    out.sort(key=lambda q: (q.start, q.end))
    return out


def extract_quotes(doc, index: EntityIndex, article_id: str, text: str | None = None,
                   system: str | None = None) -> list[Quote]:
    """Attributed quotes of one parsed article, in text order (``text``: ``doc.text``, when the caller has it).

    ``system``: "model" (the default: the trained model when the installation ships one) or "rules" (the
    rules' scores alone, no confidence). Attribution needs the dependency parse: a Doc from a pipeline
    without a parser has no quotes."""
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    p = Parsed(doc, text)
    cands = candidates(p, find_cues(p))
    if not cands:
        return []
    model = shipped_model() if (system or SYSTEM) == "model" else None
    if model is None:
        exact, right = rule_scores(cands)
        kept = [Kept(cands[r], None) for r in decode(cands, exact, right, 0.0, 0.5)]
    else:
        exact, right = model_scores(model, p, cands)
        confidence = model.confidence(right)
        exact, right, ruled = rules_where_unseen([c.cue.kind for c in cands], model.meta.get("kind_support", {}),
                                                 exact, right, *rule_scores(cands))
        kept = [Kept(cands[r], None if ruled[r] else round(float(confidence[r]), 4))
                for r in decode(cands, exact, right, model.weight, model.threshold)]
    return records(p, index, article_id, kept)


__all__ = ["MIN_SUPPORT", "SYSTEM", "SYSTEMS", "decode", "extract_quotes", "model_scores", "records", "rule_scores",
           "rules_where_unseen", "token_columns", "token_positions"]
