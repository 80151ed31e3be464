"""Features of the candidates: one row of named values per candidate, for the gradient-boosted models of
``model``.

A row holds *cue* columns, shared by all the candidates of one cue (the cue word and its lexicon class, its tag
and where it hangs, negation, who the speaker is: a name, a pronoun, a group, a document, and where they
stand), *span* columns, the candidate's own (which proposers made it, its first and last words and the words
around it, its length, its side of the cue, how much of it is quoted, whether it is a clause), and *context*
columns (what the other cues make of the same words, the speech cues between a cue and its words).
Categorical columns hold strings (``model`` maps them to the codes it was trained with, an unseen value to
"other"), the others numbers. Nothing here names a word of an evaluation set: words enter only as the cue and
boundary forms the training articles hold.

>>> COLUMNS.index("klass") < len(COLUMNS), CATEGORICAL["klass"], CATEGORICAL["length"]
(True, True, False)
"""

from __future__ import annotations

import bisect

import numpy

from newslens.entities.lexicon import person_nouns
from newslens.pronouns import pronouns
from newslens.quotes.candidates import RULE_CLASSES, RULE_PROPOSERS, VARIANTS, Candidate
from newslens.quotes.cues import Cue
from newslens.quotes.lexicon import cue_forms, document_nouns, group_nouns, institution_nouns, noun_forms
from newslens.quotes.parsed import Parsed
from newslens.quotes.syntax import in_question_or_condition

_PRONOUNS = pronouns(case="subject") | frozenset({"who", "which", "that", "this", "these"})
_SPEECH = frozenset({"speech", "report", "quote", "label", "source", "noun"})

# proposer names (a proposer may answer under several names) and the variants: one 0/1 column each
PROPOSER_NAMES = (
    "clause_after", "clause_after_whole", "clause_before", "sentence_before",
    "whole_sentence", "infinitive", "infinitive_clause", "object", "object_with_prep", "prep_object", "prep_phrase",
    "light_verb_object",
    "passive_patient", "noun_clause", "rest_of_sentence", "label_turn", "quote_before", "quote_after", "quote_split",
    "quote_and_next", "quote_run", "around_attribution", "block_after_colon", "continuation",
)
# what the other candidates of the same cue are: a two-fragment alternative makes a one-fragment one less likely
SLOT_PROPOSERS = ("quote_and_next", "quote_split", "quote_run", "around_attribution", "whole_sentence", "quote_before",
                  "quote_after", "clause_after")
CUE_COLUMNS = (
    ("ckind", True), ("klass", True), ("word", True), ("tag", True), ("dep", True), ("head_pos", True),
    ("subject_rule", True), ("speaker_kind", True), ("speaker_dep", True), ("aux", True), ("cue_position", True),
    ("negated", False), ("colon", False), ("addressee", False), ("question", False), ("headline", False),
    ("speaker_before", False), ("speaker_gap", False), ("cue_nested", False), ("sentence_cues", False),
    ("speaker_named", False),
)
SPAN_COLUMNS = (
    ("kind", True), ("side", True), ("first", True), ("last", True), ("before", True), ("after", True),
    ("first_dep", True), ("last_dep", True), ("main", True),
    ("length", False), ("fragments", False), ("proposers", False), ("group", False), ("quoted", False),
    ("sentence_start", False), ("sentence_end", False), ("crosses", False), ("gap", False), ("paragraphs", False),
    ("clause", False), ("finite", False), ("cue_inside", False), ("rank_length", False), ("slot_size", False),
    *((f"p:{name}", False) for name in PROPOSER_NAMES),
    *((f"v:{v.__name__}", False) for v in VARIANTS),
)
CONTEXT_COLUMNS = (
    ("others", False), ("other_quote_next", False), ("other_continuation", False), ("other_clause", False),
    ("cues_between", False), ("nested_attribution", False), ("gaps", False), ("gap_verbs", False),
    ("rule_keep", False), ("rule_rank", False),
    *((f"cue_has:{name}", False) for name in SLOT_PROPOSERS),
)
COLUMNS = tuple(name for name, _ in (*CUE_COLUMNS, *SPAN_COLUMNS, *CONTEXT_COLUMNS))
CATEGORICAL = dict((*CUE_COLUMNS, *SPAN_COLUMNS, *CONTEXT_COLUMNS))


def word_shape(token) -> str:
    """A boundary word as the model sees it: function words and marks as themselves, other words by tag."""
    if token is None:
        return "<none>"
    if token.is_punct or token.is_stop or token.is_space:
        return token.lower_.strip() or "<sp>"
    return token.tag_


def cue_word(token) -> str:
    """The cue's lemma when the lexicon knows it, else its lower-case form (a plural noun without its -s)."""
    low = token.lower_
    if low in cue_forms():
        return cue_forms()[low]
    if token.pos_ == "NOUN" and low.endswith("s") and len(low) > 3:
        return low[:-1]
    return low


def speaker_kind(token) -> str:
    """A name (by entity type), a pronoun, a group, a role, an institution or a document noun, else the tag."""
    if token is None:
        return "none"
    low = token.lower_
    if low in _PRONOUNS:
        return f"pron:{low}"
    if token.ent_type_:
        return f"ent:{token.ent_type_}"
    forms = noun_forms(low)
    for name, words in (("group", group_nouns()), ("person_noun", person_nouns()),
                        ("institution_noun", institution_nouns()), ("document", document_nouns())):
        if any(f in words for f in forms):
            return name
    return f"pos:{token.pos_}"


class Context:
    """What the features of one article share: the cues in order, and the spans each cue's candidates take."""

    def __init__(self, p: Parsed, cands: list[Candidate]) -> None:
        self.p = p
        self.by_span: dict[tuple, list[Candidate]] = {}
        for c in cands:
            self.by_span.setdefault(c.fragments, []).append(c)
        cues = {id(c.cue): c.cue for c in cands}.values()
        self.speech_cues = sorted(c.start for c in cues if c.klass in _SPEECH)
        self.cue_heads = sorted(c.i for c in cues if c.klass in _SPEECH and c.kind == "verb")
        # the clauses speech cues report (their clause_after spans): a cue inside one is nested
        self.clauses = sorted((c.start, c.end) for c in cands
                              if c.cue.klass in _SPEECH and "clause_after" in c.proposers)
        self.clause_starts = [s for s, _ in self.clauses]
        a = p.arrays
        clause = numpy.isin(a["dep"], p.hashes("nsubj", "nsubjpass", "expl"))
        finite = numpy.isin(a["tag"], p.hashes("VBD", "VBZ", "VBP", "MD"))
        # prefix sums: the subjects and tensed verbs in any token range, without a Token object per word
        self.subjects = numpy.concatenate([[0], numpy.cumsum(clause)])
        self.finite = numpy.concatenate([[0], numpy.cumsum(finite)])
        self.slot_lengths: dict[tuple, list[int]] = {}
        self.cue_proposers: dict[int, set[str]] = {}
        for c in cands:
            self.slot_lengths.setdefault(slot_key(c), []).append(c.end - c.start)
            self.cue_proposers.setdefault(id(c.cue), set()).update(name.split("+")[0] for name in c.proposers)
        for lengths in self.slot_lengths.values():
            lengths.sort()

    def nested(self, cue: Cue) -> bool:
        k = bisect.bisect_right(self.clause_starts, cue.start)
        return any(s <= cue.start < e for s, e in self.clauses[max(0, k - 10):k])


def slot_key(c: Candidate) -> tuple:
    """Which slot of its cue a candidate fills: before the cue, after it, around it, or a later quotation."""
    side = "after" if c.start >= c.cue.end else "before" if c.end <= c.cue.start else "around"
    return (c.cue.i, c.group, side)


def cue_values(cue: Cue, ctx: Context) -> list:
    p = ctx.p
    doc = p.doc
    token = doc[cue.i]
    word = cue_word(token) if cue.kind in ("verb", "noun", "adjective") else cue.text
    speaker = doc[cue.speaker] if cue.speaker is not None else None
    aux = next((c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass") and c.i < token.i), "")
    s_start, s_end = cue.sent
    position = "first" if cue.i - s_start <= 1 else "last" if s_end - cue.i <= 3 else "middle"
    in_sentence = bisect.bisect_left(ctx.speech_cues, p.starts[s_end - 1]) - bisect.bisect_left(
        ctx.speech_cues, p.starts[s_start])
    return [
        cue.kind, cue.klass, word, token.tag_, token.dep_, token.head.pos_ if token.head.i != token.i else "ROOT",
        cue.subject_rule, speaker_kind(speaker), speaker.dep_ if speaker is not None else "", aux, position,
        int(cue.negated), int(cue.colon), int(cue.addressee is not None),
        int(cue.kind == "verb" and in_question_or_condition(token)), int(p.para_of(cue.start) == 0),
        int(speaker is not None and speaker.i < cue.i), abs(cue.i - speaker.i) if speaker is not None else -1,
        int(ctx.nested(cue)), in_sentence, int(speaker is not None and (speaker.pos_ == "PROPN" or bool(
            speaker.ent_type_))),
    ]


def span_values(c: Candidate, ctx: Context) -> list:
    p = ctx.p
    doc, cue = p.doc, c.cue
    i, j = p.tokens(c.start, c.end)
    first, last = doc[i], doc[j - 1]
    before = doc[i - 1] if i > 0 else None
    after = doc[j] if j < len(doc) else None
    s_start, s_end = p.sent_bounds(i)
    side = slot_key(c)[2]
    bases = {name.split("+")[0] for name in c.proposers}
    variants = {name.split("+")[1] for name in c.proposers if "+" in name}
    main = min(c.proposers, key=lambda n: ("+" in n, n)).split("+")[0] if c.proposers else ""
    gap = (i - p.token_at(cue.end - 1) - 1) if side == "after" else (p.token_at(cue.attr_start) - j) if (
        side == "before") else 0
    lengths = ctx.slot_lengths[slot_key(c)]
    clause = ctx.subjects[j] > ctx.subjects[i]
    finite = ctx.finite[j] > ctx.finite[i]
    return [
        c.kind, side, word_shape(first), word_shape(last), word_shape(before), word_shape(after), first.dep_,
        last.dep_, main,
        j - i, len(c.fragments), len(c.proposers), c.group, round(p.quoted_share(c.start, c.end), 2),
        int(i == s_start), int(j >= s_end - 1), int(i < cue.sent[0] or j > cue.sent[1]), max(gap, 0),
        p.para_of(c.start) - p.para_of(cue.start), int(clause), int(finite),
        int(c.start <= cue.start < c.end), bisect.bisect_left(lengths, c.end - c.start) / max(1, len(lengths) - 1),
        len(lengths),
        *(int(name in bases) for name in PROPOSER_NAMES),
        *(int(v.__name__ in variants) for v in VARIANTS),
    ]


def _gaps(c: Candidate, p: Parsed) -> tuple[int, int]:
    """Characters between a candidate's fragments, and the verbs outside quotation marks there."""
    chars = verbs = 0
    for (_, e1), (s2, _) in zip(c.fragments, c.fragments[1:], strict=False):
        chars += s2 - e1
        i, j = p.tokens(e1, s2)
        verbs += sum(1 for t in p.doc[i:j] if t.pos_ == "VERB" and not p.inside_quote(t.i))
    return chars, verbs


def _rule_rank(c: Candidate) -> float:
    """What the rules alone make of it (``attribute.rule_scores``' order): 1 for the likeliest proposer, falling."""
    ranks = [RULE_PROPOSERS.index(n) for n in c.proposers if n in RULE_PROPOSERS]
    return 1.0 - min(ranks) / len(RULE_PROPOSERS) if ranks else 0.0


def context_values(c: Candidate, ctx: Context) -> list:
    others = [o for o in ctx.by_span[c.fragments] if o.cue is not c.cue]
    names = {name.split("+")[0] for o in others for name in o.proposers}
    between = 0
    if c.group or c.start > c.cue.end:
        low, high = (c.cue.end, c.start) if c.start > c.cue.end else (c.end, c.cue.start)
        between = bisect.bisect_left(ctx.speech_cues, high) - bisect.bisect_right(ctx.speech_cues, low)
    p = ctx.p
    i, j = p.tokens(c.start, c.end)
    inner = bisect.bisect_left(ctx.cue_heads, j) - bisect.bisect_left(ctx.cue_heads, i)
    gaps, gap_verbs = _gaps(c, p)
    rank = _rule_rank(c)
    slot = ctx.cue_proposers[id(c.cue)]
    return [
        len(others), int(bool(names & {"quote_before", "quote_after", "quote_split"})), int("continuation" in names),
        int(bool(names & {"clause_after", "clause_before", "sentence_before"})), between, inner, gaps, gap_verbs,
        int(rank > 0 and c.cue.klass in RULE_CLASSES and not c.cue.negated), rank,
        *(int(name in slot) for name in SLOT_PROPOSERS),
    ]


def article_rows(p: Parsed, cands: list[Candidate]) -> list[list]:
    """One row of values per candidate, in COLUMNS order."""
    ctx = Context(p, cands)
    per_cue: dict[int, list] = {}
    rows = []
    for c in cands:
        values = per_cue.get(id(c.cue))
        if values is None:
            values = per_cue[id(c.cue)] = cue_values(c.cue, ctx)
        rows.append([*values, *span_values(c, ctx), *context_values(c, ctx)])
    return rows


__all__ = ["CATEGORICAL", "COLUMNS", "Context", "article_rows", "cue_word", "slot_key", "speaker_kind", "word_shape"]

