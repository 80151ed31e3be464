"""Candidate contents of every cue: what it may report, proposed generously, judged later by the model.

Each proposer of ``PROPOSERS`` is a small function (cue, article) -> spans, for one way English reports what
was said: a clause after the verb (`said that ...`), the clause before it (`..., Sun said.`), the whole sentence
around a parenthetical attribution, an infinitive (`urged them to ...`), an object (`cited figures`), what a
preposition governs (`spoke about ...`), the quotation next to the attribution (`"...," Gao said`), a quotation
split around it (`"A," he said, "B."`). Then ``VARIANTS`` give each proposed span its other plausible
boundaries (with or without `that`, without a leading `But`, without a trailing aside or a last comma's phrase;
never one that ends inside a quotation it opens),
since where a content starts and ends is the commonest error of any rule. Every candidate keeps the names of
all that proposed it: those names are features of the model (``features``), and switching a proposer off in
``PROPOSERS`` is an ablation.

A cue's candidates form group 0 (its own content: the model picks one of them); a quotation that only goes on
after the cue's sentence (`"...," he said. "..."` in the next paragraph) is a group of its own.

>>> import spacy
>>> from spacy.tokens import Doc
>>> from newslens.quotes.cues import find_cues
>>> doc = Doc(spacy.blank("en").vocab, words=["Kim", "said", "that", "it", "rained", "."], heads=[1, 1, 4, 4, 1, 1],
...           deps=["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"], pos=["PROPN", "VERB", "SCONJ", "PRON",
...           "VERB", "PUNCT"], tags=["NNP", "VBD", "IN", "PRP", "VBD", "."])
>>> p = Parsed(doc)
>>> sorted(p.text[c.fragments[0][0]:c.fragments[-1][1]] for c in candidates(p, find_cues(p)))
['it rained', 'that it rained']
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

import numpy

from newslens.quotes.cues import Cue
from newslens.quotes.lexicon import addressee_forms, cue_classes, cue_forms
from newslens.quotes.marks import Quoted
from newslens.quotes.parsed import Parsed
from newslens.quotes.syntax import SUBJECTS, cut_aside, setting, someone_addressed, trim

Span = tuple[int, int]
Proposal = tuple[str, tuple[Span, ...]]
_DISCOURSE = frozenset({"but", "and", "so", "yet", "or", "still", "also", "now", "however", "meanwhile", "indeed"})
_OBJECTS = ("dobj", "oprd", "xcomp", "acomp", "dative")
_ABOUT = frozenset({"for", "about", "against", "of", "on", "over", "with", "toward", "towards", "to", "by"})
_CONTINUE_WINDOW = 2  # paragraphs after the cue's within which a quote may go on attributed to it
# what the rules alone keep, in order of preference within a slot (``attribute.rule_scores``; a feature too)
RULE_PROPOSERS = ("quote_split", "quote_run", "quote_and_next", "quote_before", "quote_after", "label_turn",
                  "clause_after", "clause_before", "sentence_before", "whole_sentence", "noun_clause", "infinitive",
                  "continuation")
RULE_CLASSES = frozenset({"speech", "report", "quote", "label", "source", "noun"})


@dataclass
class Candidate:
    """One proposed attribution: a cue and a content (one or more fragments) it may report."""

    cue: Cue
    fragments: tuple[Span, ...]
    kind: str  # direct | indirect | mixed
    proposers: tuple[str, ...]
    group: int = 0  # 0: the cue's own content; k > 0: the k-th quotation going on after it

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


def _span(p: Parsed, i: int, j: int) -> tuple[Span, ...]:
    i, j = trim(p.doc, i, j)
    chars = p.chars(i, j)
    return (chars,) if chars is not None else ()


def _subject_of_cue(p: Parsed, cue: Cue):
    return p.doc[cue.speaker] if cue.speaker is not None else None


# -- what a verb reports -----------------------------------------------------------------------------------
def _complements(token) -> list:
    return [c for c in token.children if c.dep_ == "ccomp"]


def _new_attribution_within(token, complement) -> int:
    """Where a new attribution starts inside the complement (`said he would ... and warned ...`, `..., arguing
    that ...`): a cue verb of its own without a subject; else the complement's end."""
    right = complement.right_edge.i + 1
    for t in token.doc[complement.i + 1:right]:
        if t.dep_ in ("conj", "advcl") and t.lower_ in cue_classes() and t.tag_.startswith("VB") and not any(
                c.dep_ in SUBJECTS for c in t.children):
            return t.left_edge.i
    return right


def clause_after(cue: Cue, p: Parsed) -> list[Proposal]:
    """`Gao said (that) China ...`: the clausal complement after the verb, up to a new attribution inside it."""
    if cue.kind != "verb":
        return []
    token = p.doc[cue.i]
    out = []
    for c in _complements(token):
        if c.i > token.i:
            right = _new_attribution_within(token, c)
            out.append(("clause_after", _span(p, c.left_edge.i, right)))
            if right != c.right_edge.i + 1:
                out.append(("clause_after_whole", _span(p, c.left_edge.i, c.right_edge.i + 1)))
    return out


def clause_before(cue: Cue, p: Parsed) -> list[Proposal]:
    """`China will act, Sun said.`, `X had planned a vote, but the mayor delayed it, a spokeswoman said`: what
    stands before the attribution in its sentence (the complements before the verb, or the sentence up to the
    attribution when only punctuation sets it off)."""
    if cue.kind not in ("verb", "source"):
        return []
    doc = p.doc
    s_start, _ = cue.sent
    first = p.token_at(cue.attr_start)
    if first <= s_start:
        return []
    out = []
    if cue.kind == "verb":
        before = [c for c in _complements(doc[cue.i]) if c.i < cue.i]
        if before:
            out.append(("clause_before", _span(p, min(c.left_edge.i for c in before),
                                               max(c.right_edge.i for c in before) + 1)))
    if doc[first - 1].is_punct:
        out.append(("sentence_before", _span(p, s_start, first)))
    return out


def _set_off(cue: Cue, p: Parsed) -> tuple[int, int] | None:
    """The first and last token of an attribution set off by punctuation inside its sentence, with words on both
    sides (`The plan, he said, would fail`), else None."""
    if cue.kind not in ("verb", "source"):
        return None
    s_start, s_end = cue.sent
    first, last = p.token_at(cue.attr_start), p.token_at(max(cue.attr_start, cue.attr_end - 1))
    if first <= s_start or last + 2 >= s_end or not p.doc[first - 1].is_punct or not p.doc[last + 1].is_punct:
        return None
    return first, last


def whole_sentence(cue: Cue, p: Parsed) -> list[Proposal]:
    """`But to avoid delays, he said, clubs should book early`: an attribution set off inside its sentence
    reports the whole sentence (the attribution's words included, as a reader cites it)."""
    set_off = _set_off(cue, p)
    return [("whole_sentence", _span(p, *cue.sent))] if set_off is not None else []


def around_attribution(cue: Cue, p: Parsed) -> list[Proposal]:
    """`The plan, he said, would cost less`: the sentence on both sides of a parenthetical attribution, as two
    fragments (the attribution's own words left out)."""
    set_off = _set_off(cue, p)
    if set_off is None:
        return []
    first, last = set_off
    before, after = _span(p, cue.sent[0], first), _span(p, last + 1, cue.sent[1])
    return [("around_attribution", before + after)] if before and after else []


def infinitive(cue: Cue, p: Parsed) -> list[Proposal]:
    """`urged growers to join ...`, `vowed to reopen ...`: the infinitive a verb takes (with bare verbs
    coordinated with it: `to double X, widen Y and build Z`)."""
    if cue.kind != "verb":
        return []
    token = p.doc[cue.i]
    addressed = cue_forms().get(token.lower_) != "call" and any(
        c.dep_ == "dobj" and someone_addressed(c) for c in token.children)
    inf = next((c for c in token.children if (c.dep_ == "xcomp" or (c.dep_ == "advcl" and addressed))
                and c.i > token.i and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
    if inf is None:
        return []
    right = inf.right_edge.i + 1
    for c in token.rights:
        if c.dep_ == "conj" and c.tag_ in ("VB", "VBP") and c.i > inf.i and c.left_edge.i <= right + 2 and not any(
                g.dep_ in SUBJECTS for g in c.children):
            right = c.right_edge.i + 1
    first = token.i + 1
    doc = p.doc
    if first < inf.i and doc[first].dep_ in ("prt", "prep") and doc[first].lower_ in ("on", "upon"):
        first += 1  # `called on the council to ...`: the particle belongs to the cue
    out = [("infinitive", _span(p, first, right)), ("infinitive_clause", _span(p, inf.left_edge.i, right))]
    i, j = cut_aside(doc, *trim(doc, first, right), participles=True)
    out.append(("infinitive", _span(p, i, j)))
    return out


def verb_object(cue: Cue, p: Parsed) -> list[Proposal]:
    """`mentioned the budget figures`, `called the claims baseless`, `cited figures ... as signs of ...`: the
    verb's object, with what the verb says of it, without the addressee."""
    if cue.kind != "verb":
        return []
    token = p.doc[cue.i]
    doc = p.doc
    rights = [c for c in token.rights if c.dep_ in _OBJECTS and c.i != cue.addressee]
    if not rights:
        return []
    last = max(c.right_edge.i for c in rights)
    first = token.i + 1
    if first < len(doc) and doc[first].dep_ == "prt" and doc[first].head.i == token.i:
        first += 1  # `ruled out raising rates`
    if cue.addressee is not None and first <= doc[cue.addressee].right_edge.i:
        first = doc[cue.addressee].right_edge.i + 1
    out = [("object", _span(p, first, last + 1))]
    extended = last
    for c in token.rights:
        if c.dep_ in ("prep", "oprd", "advmod") and c.i == extended + 1 and not setting(c):
            extended = c.right_edge.i
    if extended != last:
        out.append(("object_with_prep", _span(p, first, extended + 1)))
    i, j = cut_aside(doc, *trim(doc, first, extended + 1), participles=True)
    out.append(("object", _span(p, i, j)))
    return out


def _about(head, limit: int):
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in _ABOUT and prep.i <= head.i + limit and not setting(prep):
            obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return prep, obj
    return None, None


def prepositional_object(cue: Cue, p: Parsed) -> list[Proposal]:
    """`spoke about ...`, `called for a repeal`, `criticism of the plan`, `critical of the plan`: what a
    preposition after the cue governs (with or without the preposition)."""
    if cue.kind not in ("verb", "noun", "adjective"):
        return []
    token = p.doc[cue.i]
    prep, obj = _about(token, 3 if cue.kind == "verb" else 2)
    if prep is None:
        return []
    return [("prep_object", _span(p, obj.left_edge.i, obj.right_edge.i + 1)),
            ("prep_phrase", _span(p, prep.i, obj.right_edge.i + 1))]


def light_verb_object(cue: Cue, p: Parsed) -> list[Proposal]:
    """`expressed misgivings about Clinton`, `sounded a call for the US to ...`, `made allegations against X`: a
    verb whose object is a noun of attitude or speech reports what that noun's preposition governs."""
    if cue.kind != "verb":
        return []
    token = p.doc[cue.i]
    obj = next((c for c in token.rights if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if obj is None:
        return []
    prep, pobj = _about(obj, 2)
    if prep is None:
        return []
    return [("light_verb_object", _span(p, pobj.left_edge.i, pobj.right_edge.i + 1))]


def passive_patient(cue: Cue, p: Parsed) -> list[Proposal]:
    """`the plan was criticized by the mayor`: what a passive with an agent is about."""
    if cue.kind != "verb" or cue.subject_rule != "subject":
        return []
    token = p.doc[cue.i]
    patient = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if patient is None or token.lower_ in addressee_forms():
        return []
    return [("passive_patient", _span(p, patient.left_edge.i, patient.right_edge.i + 1))]


def noun_clause(cue: Cue, p: Parsed) -> list[Proposal]:
    """`the mayor's claim that ...`, `she is confident that ...`: the clause a noun or an adjective takes."""
    if cue.kind not in ("noun", "adjective"):
        return []
    token = p.doc[cue.i]
    clause = next((c for c in token.rights if c.dep_ in ("acl", "ccomp", "relcl")), None)
    if clause is None:
        return []
    return [("noun_clause", _span(p, clause.left_edge.i, clause.right_edge.i + 1))]


def rest_of_sentence(cue: Cue, p: Parsed) -> list[Proposal]:
    """What follows the cue (or its addressee) to the end of its sentence: `According to TASS, ...`, `told
    reporters the plan ...` (when the parse lost the clause), a label's turn."""
    doc = p.doc
    _, s_end = cue.sent
    first = p.token_at(cue.attr_end - 1) + 1
    if cue.kind == "verb" and cue.speaker is not None and cue.speaker > cue.i:
        first = max(first, doc[cue.speaker].right_edge.i + 1)
    if cue.addressee is not None:
        first = max(first, doc[cue.addressee].right_edge.i + 1)
    if cue.kind == "label":
        para = p.paras[p.para_of(cue.start)]
        return [("label_turn", _span(p, cue.i + 1, p.tokens(*para)[1]))]
    if first >= s_end - 1:
        return []
    return [("rest_of_sentence", _span(p, first, s_end))]


# -- quotations next to the attribution -------------------------------------------------------------------
def _quote_before(cue: Cue, p: Parsed) -> int | None:
    """The quoted passage that ends right before the attribution and opens its sentence (`"...," Gao said`,
    `"..." ― Jane Doe`)."""
    if cue.kind == "dash":
        k = bisect.bisect_right(p.quoted_starts, cue.start) - 1
        return k if k >= 0 and p.only_gap(p.quoted[k].end, cue.start, " \u00a0―—–-") else None
    k = max(0, bisect.bisect_right(p.quoted_starts, cue.attr_start) - 1)
    if k >= len(p.quoted):
        return None
    q = p.quoted[k]
    if q.end > cue.attr_start or not p.only_gap(q.end, cue.attr_start, " \t,.;:!?-–—―([\u00a0"):
        return None  # (a quotation ending the paragraph before is no quotation next to this attribution)
    s_start = p.starts[cue.sent[0]]
    if not (q.start <= s_start or p.only_gap(s_start, q.start)):
        # `A reported "…," Gao said`: not opening the sentence; a quote ending a sentence is still possible
        prev_sent = p.sent_bounds(max(0, cue.sent[0] - 1))
        if q.start > s_start or p.starts[prev_sent[0]] > q.start:
            return None
    return k


def _only_adjuncts(p: Parsed, cue: Cue, start: int, end: int, last: str = ",:") -> bool:
    """`said on Friday in Kenansville, "..."`, `told Capital Download, "..."`: nothing between two characters but
    the cue's own objects and adjuncts (no other verb, no other quotation), ending with one of ``last``."""
    gap = p.text[start:end].rstrip()
    if not gap or gap[-1] not in last:
        return p.only_gap(start, end)
    i, j = p.tokens(start, end)
    doc = p.doc
    for t in doc[i:j]:
        if t.is_punct or t.is_space or t.i == cue.i:
            continue
        if t.tag_ in ("VBD", "VBZ", "VBP", "MD") or p.inside_quote(t.i) or cue.i not in {a.i for a in t.ancestors}:
            return False
    return j - i <= 25


def _quote_after(cue: Cue, p: Parsed) -> int | None:
    """The quoted passage right after the attribution (`Gao said: "..."`, `said Sun, "..."`, `told him: "..."`,
    `said during a rally in Kenansville, "..."`), within the sentence or after a colon."""
    k = bisect.bisect_left(p.quoted_starts, cue.end)
    if k >= len(p.quoted):
        return None
    q = p.quoted[k]
    after = max(cue.attr_end, cue.end)
    if q.start < after:
        return None
    _, s_end = cue.sent
    sent_end = p.end_of(s_end - 1)
    gap = p.text[after:q.start]
    if any(ch in ".!?" for ch in gap):
        return None  # `"A," he said. "B."`: the next sentence's quotation goes on (``quote_and_next``)
    if p.only_gap(after, q.start) and (q.start <= sent_end + 2 or gap.strip().endswith(":")):
        return k
    if cue.kind == "verb" and q.start <= sent_end + 2 and _only_adjuncts(p, cue, after, q.start):
        return k
    return None


def _passage(q: Quoted) -> Span:
    return (q.start, q.end)


def adjacent_quote(cue: Cue, p: Parsed) -> list[Proposal]:
    """`"...," Gao said.`, `Gao said: "..."`, `"A," he said, "B."`: the quotations next to the attribution, alone
    and, when there is one on each side, as two fragments of one quote."""
    if cue.kind not in ("verb", "label", "headline", "noun", "source", "dash"):
        return []
    if cue.kind == "dash":
        before = _quote_before(cue, p)
        return [("quote_before", (_passage(p.quoted[before]),))] if before is not None else []
    before, after = _quote_before(cue, p), _quote_after(cue, p)
    out = []
    if before is not None:
        out.append(("quote_before", (_passage(p.quoted[before]),)))
    if after is not None:
        out.append(("quote_after", (_passage(p.quoted[after]),)))
    if before is not None and after is not None:
        out.append(("quote_split", (_passage(p.quoted[before]), _passage(p.quoted[after]))))
    if before is not None and after is None:
        nxt = _quote_opening_next_sentence(cue, p)
        if nxt is not None:
            out.append(("quote_and_next", (_passage(p.quoted[before]), _passage(p.quoted[nxt]))))
    first = after if after is not None else _quote_opening_next_sentence(cue, p)
    if first is not None:
        run = _run_after(p, first)
        lead = (_passage(p.quoted[before]),) if before is not None else ()
        for n in range(2, len(run) + 1):
            out.append(("quote_run", lead + tuple(_passage(p.quoted[k]) for k in run[:n])))
    return out


def _run_after(p: Parsed, first: int, most: int = 3) -> list[int]:
    """The quoted passages that follow one another in its paragraph from ``first`` on (at most ``most``), each
    after a gap of a few words at most (`"A." He paused. "B."`)."""
    run = [first]
    para = p.para_of(p.quoted[first].start)
    k = first + 1
    while k < len(p.quoted) and len(run) < most and p.para_of(p.quoted[k].start) == para:
        gap = p.text[p.quoted[k - 1].end:p.quoted[k].start]
        if len(gap.split()) > 8:
            break
        run.append(k)
        k += 1
    return run


def _quote_opening_next_sentence(cue: Cue, p: Parsed) -> int | None:
    """`"A," said X. "B."`, `"A," X said on Sunday. "B."`: the next quotation in the paragraph, when only the
    attribution's own words and a full stop stand between it and the attribution."""
    k = bisect.bisect_left(p.quoted_starts, cue.end)
    if k >= len(p.quoted) or p.para_of(p.quoted[k].start) != p.para_of(cue.start):
        return None
    q = p.quoted[k]
    gap = p.text[max(cue.attr_end, cue.end):q.start].rstrip()
    if not gap or gap[-1] not in ".!?":
        return None
    if cue.kind == "verb" and not _only_adjuncts(p, cue, max(cue.attr_end, cue.end), q.start, ".!?"):
        return None
    return k


def block_after_colon(cue: Cue, p: Parsed) -> list[Proposal]:
    """`The coach added:` ending a paragraph, and the next paragraph a block quotation without marks."""
    if not cue.colon:
        return []
    para = p.para_of(cue.start)
    if para + 1 >= len(p.paras) or not p.text[:p.paras[para][1]].rstrip().endswith(":"):
        return []
    colon = p.text.rfind(":", cue.end, p.paras[para][1])
    if colon < 0 or not p.only_gap(colon, p.paras[para][1]):
        return []
    start, end = p.paras[para + 1]
    if p.quoted_overlapping(start, end) or len(p.text[start:end].split()) < 4:
        return []
    return [("block_after_colon", ((start, end),))]


PROPOSERS: tuple[Callable[[Cue, Parsed], list[Proposal]], ...] = (
    clause_after, clause_before, whole_sentence, around_attribution, infinitive,
    verb_object,
    prepositional_object, light_verb_object, passive_patient, noun_clause, rest_of_sentence, adjacent_quote,
    block_after_colon,
)


# -- other boundaries of a proposed span --------------------------------------------------------------------
def with_that(p: Parsed, i: int, j: int) -> tuple[int, int] | None:
    """`said that China ...` -> `that China ...`: the complementizer before the content, taken in."""
    return (i - 1, j) if i > 0 and p.doc[i - 1].lower_ == "that" and p.doc[i - 1].dep_ == "mark" else None


def without_that(p: Parsed, i: int, j: int) -> tuple[int, int] | None:
    """`that China ...` -> `China ...`."""
    return (i + 1, j) if j - i > 2 and p.doc[i].lower_ == "that" and p.doc[i].dep_ == "mark" else None


def without_discourse(p: Parsed, i: int, j: int) -> tuple[int, int] | None:
    """`But the goal is ...` -> `the goal is ...`: a sentence connective is the writer's, not the speaker's."""
    doc = p.doc
    if j - i > 3 and doc[i].lower_ in _DISCOURSE and doc[i].dep_ in ("cc", "advmod"):
        k = i + 1 + (doc[i + 1].text == ",")
        return k, j
    return None


def without_aside(p: Parsed, i: int, j: int) -> tuple[int, int] | None:
    """`..., the early favorite`, `..., which made her ...`: without a trailing aside."""
    k, m = cut_aside(p.doc, i, j, participles=True)
    return (k, m) if (k, m) != (i, j) and m > k else None


def to_last_comma(p: Parsed, i: int, j: int) -> tuple[int, int] | None:
    """`..., in an interview on Monday`: up to the last comma or dash that sets off a phrase."""
    marks = numpy.flatnonzero(p.phrase_marks[i + 3:j - 1]) + i + 3
    heads = p.arrays["head"]
    for k in marks[::-1].tolist():
        if heads[k + 1] != k - 1:
            return trim(p.doc, i, k)
    return None


VARIANTS: tuple[Callable[[Parsed, int, int], tuple[int, int] | None], ...] = (
    with_that, without_that, without_discourse, without_aside, to_last_comma,
)


def _kind(p: Parsed, fragments: tuple[Span, ...]) -> str:
    """direct: the content is quotation all through; mixed: some of it is; indirect: none."""
    shares = [p.quoted_share(s, e) for s, e in fragments]
    if all(share > 0.9 for share in shares):
        return "direct"
    return "mixed" if any(share > 0 for share in shares) else "indirect"


def _continuations(cue: Cue, p: Parsed) -> list[tuple[int, Span]]:
    """Quotations that open a sentence after the cue's sentence, in its paragraph or the next ones: each may
    go on with what the cue's speaker said (its own group). A signature (`"..." ― Jane Doe`) ends what its
    speaker said: it has none."""
    if cue.kind == "dash":
        return []
    _, s_end = cue.sent
    sent_end = p.end_of(s_end - 1)
    para = p.para_of(cue.start)
    out = []
    k = bisect.bisect_left(p.quoted_starts, sent_end)
    while k < len(p.quoted) and p.para_of(p.quoted[k].start) <= para + _CONTINUE_WINDOW and len(out) < 3:
        q = p.quoted[k]
        i = p.token_at(q.start)
        s_start = p.starts[p.sent_bounds(i)[0]]
        if q.start <= s_start + 1 or p.only_gap(s_start, q.start):
            out.append((len(out) + 1, _passage(q)))
        k += 1
    return out


def cue_candidates(cue: Cue, p: Parsed, proposers=None, variants=None) -> list[Candidate]:
    """The candidates of one cue: every proposal and its variants, each span once with all its proposers
    (``proposers`` and ``variants``: PROPOSERS and VARIANTS unless given)."""
    proposers = PROPOSERS if proposers is None else proposers
    variants = VARIANTS if variants is None else variants
    found: dict[tuple[Span, ...], set[str]] = {}
    for proposer in proposers:
        for name, fragments in proposer(cue, p):
            if not fragments:
                continue
            found.setdefault(fragments, set()).add(name)
            if len(fragments) != 1 or p.quoted_share(*fragments[0]) > 0.9:
                continue
            i, j = p.tokens(*fragments[0])
            for variant in variants:
                other = variant(p, i, j)
                chars = p.chars(*other) if other is not None else None
                if chars is not None and not p.cuts_quotation(*chars):
                    found.setdefault((chars,), set()).add(f"{name}+{variant.__name__}")
    out = [Candidate(cue, frags, _kind(p, frags), tuple(sorted(names))) for frags, names in found.items()
           if not (frags[0][0] <= cue.start < frags[-1][1] and len(frags) == 1 and "whole_sentence" not in names)]
    for group, span in _continuations(cue, p):
        out.append(Candidate(cue, (span,), "direct", ("continuation",), group))
    return out


def candidates(p: Parsed, cues: list[Cue], proposers=None, variants=None) -> list[Candidate]:
    """Every candidate of every cue, in the cues' order."""
    return [c for cue in cues for c in cue_candidates(cue, p, proposers, variants)]


__all__ = ["PROPOSERS", "RULE_CLASSES", "RULE_PROPOSERS", "VARIANTS", "Candidate", "candidates",
           "cue_candidates"]
