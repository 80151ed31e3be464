"""Features of a candidate attribution, as strings (``name=value``), for the trained model.

The model sees what a reader of the parse would weigh: the cue word and its lexicon class (or none), how the
cue governs its content (clause, object, preposition), who the subject is (a name, a pronoun, a noun of a
group), how long the content is and whether it is quoted, and whether the rules themselves made the
candidate. Conjunctions of the strongest of these (cue word with the shape of its content, lexicon class with
the speaker's kind) let a linear model tell `said that ...` from `said no to ...`. Nothing here names a word
of an evaluation set: words enter only as the cue and speaker forms the training articles hold, and the
trainer keeps only those seen in several training articles.
"""

from __future__ import annotations

import bisect

from spacy.attrs import IDX

from newslens.entities.lexicon import person_nouns
from newslens.pronouns import pronouns
from newslens.quotes.candidates import Candidate
from newslens.quotes.lexicon import (
    cue_classes,
    cue_forms,
    cue_nouns,
    document_nouns,
    group_nouns,
    institution_nouns,
    noun_forms,
    stance_adjectives,
)

# words that stand for a speaker named elsewhere: personal subject pronouns, relatives and demonstratives
_PRONOUNS = pronouns(case="subject") | frozenset({"who", "which", "that", "this", "these"})
_LENGTHS = (1, 2, 3, 5, 8, 12, 20, 30, 45, 70)


def _bucket(n: int, edges: tuple[int, ...] = _LENGTHS) -> str:
    k = bisect.bisect_left(edges, n)
    return str(edges[k]) if k < len(edges) else f">{edges[-1]}"


class ArticleView:
    """What the features of one article's candidates share: token offsets, sentences, the rules' contents."""

    def __init__(self, doc, cands: list[Candidate], text: str | None = None) -> None:
        self.doc = doc
        self.starts = doc.to_array([IDX]).tolist()  # (a Token object per word would cost more than the features)
        text = doc.text if text is None else text  # (spaCy builds Doc.text from every token on each access)
        self.first_para_end = text.find("\n") if "\n" in text.strip() else len(text)
        rule = [c for c in cands if c.origin == "rule"]
        self.rule_spans = sorted((c.quote.start, c.quote.end) for c in rule)
        self.rule_cues = sorted(c.frame.cue_start for c in rule if c.frame.cue_end > c.frame.cue_start)
        self.per_sentence: dict[int, int] = {}
        for c in cands:
            self.per_sentence[c.frame.sent_start] = self.per_sentence.get(c.frame.sent_start, 0) + 1

    def token_at(self, char: int):
        k = bisect.bisect_right(self.starts, char) - 1
        return self.doc[max(0, k)]

    def tokens(self, start: int, end: int) -> tuple[int, int]:
        """Token range [i, j) covering characters [start, end)."""
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        j = bisect.bisect_left(self.starts, end)
        return i, max(j, i + 1)

    def inside_rule_content(self, pos: int, own: tuple[int, int]) -> bool:
        k = bisect.bisect_right(self.rule_spans, (pos, 1 << 60))
        return any(s <= pos < e and (s, e) != own for s, e in self.rule_spans[max(0, k - 12):k])

    def overlaps_rule(self, start: int, end: int) -> str:
        """How the candidate's content meets a rule quote: the same span, one overlapping by half, or none."""
        k = bisect.bisect_left(self.rule_spans, (end, 0))
        best = 0.0
        for s, e in self.rule_spans[max(0, k - 12):k]:
            o = min(e, end) - max(s, start)
            if o > 0:
                if (s, e) == (start, end):
                    return "same"
                best = max(best, o / max(e - s, end - start))
        return "half" if best >= 0.5 else "some" if best > 0 else "none"


def _lexicon_class(cue_token) -> str:
    low = cue_token.lower_
    if cue_token.tag_.startswith("VB") and low in cue_classes():
        return cue_classes()[low]
    if cue_token.pos_ == "NOUN" and low in cue_nouns():
        return "noun"
    if cue_token.pos_ == "ADJ" and low in stance_adjectives():
        return "adjective"
    return "none"


def _cue_word(cue_token) -> str:
    """The cue's lemma when the lexicon knows it, else its lower-case form (a noun without its plural -s)."""
    low = cue_token.lower_
    if low in cue_forms():
        return cue_forms()[low]
    if cue_token.pos_ == "NOUN" and low.endswith("s") and len(low) > 3:
        return low[:-1]
    return low


def _speaker_kind(token) -> str:
    if token is None:
        return "none"
    low = token.lower_
    if low in _PRONOUNS:
        return f"pron:{low}"
    if token.ent_type_:
        return f"ent:{token.ent_type_}"
    forms = noun_forms(low)
    if any(f in group_nouns() for f in forms):
        return "group"
    if any(f in person_nouns() for f in forms):
        return "person_noun"
    if any(f in institution_nouns() for f in forms):
        return "institution_noun"
    if any(f in document_nouns() for f in forms):
        return "document"
    return f"pos:{token.pos_}"


def _content_head(doc, i: int, j: int):
    """The token of [i, j) whose head lies outside it (the first such): what the content hangs from."""
    for k in range(i, j):
        head = doc[k].head
        if head.i < i or head.i >= j or head.i == k:
            return doc[k]
    return doc[i]


def candidate_features(c: Candidate, view: ArticleView) -> list[str]:
    doc = view.doc
    f = c.frame
    p = c.pending
    q = c.quote
    origin = c.origin
    cue_token = view.token_at(f.cue_start) if f.cue_end > f.cue_start else None
    out = [f"origin={origin}", f"klass={f.klass}", f"kind={p.kind}", f"origin*kind={origin}*{p.kind}",
           f"klass*kind={f.klass}*{p.kind}", f"colon={f.colon}", f"stype={q.speaker_type}"]
    out += _cue_features(doc, cue_token, f, p, origin)
    out += _speaker_features(f, q, cue_token, origin)
    out += _content_features(doc, view, cue_token, f, p, origin)
    out += _context_features(view, f, q, origin)
    return out


def _cue_features(doc, cue_token, f, p, origin: str) -> list[str]:
    """The cue: its lexicon class, word, tag, the words that modify it, where it hangs."""
    out = []
    if cue_token is not None:
        lex = _lexicon_class(cue_token)
        word = _cue_word(cue_token)
        out += [f"lex={lex}", f"lex*origin={lex}*{origin}", f"w={word}", f"w*kind={word}*{p.kind}",
                f"tag={cue_token.tag_}", f"dep={cue_token.dep_}", f"lex*tag={lex}*{cue_token.tag_}",
                f"cue={f.cue}", f"w*origin={word}*{origin}"]
        for child in cue_token.children:
            if child.dep_ in ("neg", "aux", "auxpass", "prt", "advmod") and child.i < cue_token.i + 3:
                out.append(f"cue_child={child.dep_}:{child.lower_ if child.dep_ != 'advmod' else ''}")
        before = doc[cue_token.i - 1] if cue_token.i > 0 else None
        if before is not None:
            out.append(f"before_cue={before.lower_ if before.is_punct or before.is_stop else before.pos_}")
        out.append(f"head_pos={cue_token.head.pos_ if cue_token.head.i != cue_token.i else 'ROOT'}")
        if cue_token.dep_ in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acl"):
            out.append(f"head_lex={_lexicon_class(cue_token.head)}")
    else:
        out.append("lex=nocue")
    return out


def _speaker_features(f, q, cue_token, origin: str) -> list[str]:
    """The speaker: what kind of word names them, where they stand, how long their words are."""
    st = f.speaker_token
    kind = _speaker_kind(st)
    out = [f"spk={kind}", f"spk*klass={kind}*{f.klass}", f"spk*origin={kind}*{origin}"]
    if st is not None:
        out.append(f"spk_dep={st.dep_}")
        if st.lower_ in _PRONOUNS or st.pos_ == "NOUN":
            out.append(f"spk_word={st.lower_}")
        out.append(f"spk_side={'before' if st.idx < f.cue_start else 'after'}")
        if st.idx < f.cue_start:
            out.append(f"spk_gap={_bucket(max(0, (cue_token.i if cue_token is not None else st.i) - st.i))}")
    if q.speaker_start is None:
        out.append("no_speaker_span")
    else:
        out.append(f"spk_len={_bucket(len(q.speaker_text.split()) if q.speaker_text else 0)}")
    return out


def _content_features(doc, view: ArticleView, cue_token, f, p, origin: str) -> list[str]:
    """What was said: its length, the word it hangs from, its side of the cue, its share of the sentence."""
    i, j = view.tokens(p.start, p.end)
    n = j - i
    out = [f"len={_bucket(n)}", f"len*origin={_bucket(n)}*{origin}", f"len*kind={_bucket(n)}*{p.kind}"]
    head = _content_head(doc, i, j)
    rel = "cue" if cue_token is not None and head.head.i == cue_token.i else "other"
    out += [f"chead_dep={head.dep_}:{rel}", f"chead_pos={head.pos_}", f"chead*origin={head.dep_}:{rel}*{origin}"]
    if head.pos_ == "NOUN":
        # the noun a light verb takes (`made allegations against`, `expressed discomfort with`)
        out.append(f"chead_noun={head.lower_}")
        out.append(f"chead_noun_lex={any(w in cue_nouns() for w in noun_forms(head.lower_))}")
    if head.dep_ == "pobj":
        out.append(f"chead_prep={head.head.lower_}")
    if cue_token is not None:
        out.append(f"w*chead={_cue_word(cue_token)}*{head.dep_}")
        out.append(f"lex*chead={_lexicon_class(cue_token)}*{head.dep_}:{rel}")
    side = "after" if p.start >= f.cue_end else "before" if p.end <= f.cue_start else "around"
    out.append(f"side={side}")
    out.append(f"side*kind={side}*{p.kind}")
    if i > 0 and doc[i - 1].lower_ == "that":
        out.append("after_that")
    if any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in doc[i:j]):
        out.append("content_has_subject")
    first = doc[i]
    out.append(f"c_first={first.lower_ if first.is_stop or first.is_punct else first.pos_}")
    sent_chars = f.sent_end - f.sent_start
    if sent_chars > 0:
        out.append(f"c_share={min(4, int(4 * (p.end - p.start) / sent_chars))}")
    if p.end > f.sent_end or p.start < f.sent_start:
        out.append("crosses_sentence")
    if p.quotes:
        out.append(f"quotes={min(len(p.quotes), 3)}")
    return out


def _context_features(view: ArticleView, f, q, origin: str) -> list[str]:
    """The article around it: a headline, a rule quote it sits in or meets, the other candidates nearby."""
    out = []
    if f.cue_start < view.first_para_end:
        out.append("headline")
    if view.inside_rule_content(f.cue_start, (q.start, q.end)):
        out.append("nested_in_rule")
        out.append(f"nested*origin={origin}")
    if origin != "rule":
        out.append(f"meets_rule={view.overlaps_rule(q.start, q.end)}")
    out.append(f"sent_cands={min(view.per_sentence.get(f.sent_start, 0), 5)}")
    if f.addressee_token is not None:
        out.append("addressee")
    return out


def article_features(doc, cands: list[Candidate], text: str | None = None) -> list[list[str]]:
    view = ArticleView(doc, cands, text)
    return [candidate_features(c, view) for c in cands]


__all__ = ["ArticleView", "article_features", "candidate_features"]
