"""What the parse says of a token, asked by the cue finders and the content proposers alike.

Small predicates over spaCy tokens (does a noun phrase name someone, is a phrase one of time or place, is a
word a dateline) and the two edits every content span goes through (``trim``: punctuation at the edges;
``cut_aside``: a trailing aside set off by a comma). Word lists come from ``lexicon``.

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["the", "analysts", ",", "said"], pos=["DET", "NOUN", "PUNCT", "VERB"])
>>> names_someone(doc[1]), names_someone(doc[0])
(True, False)
"""

from __future__ import annotations

from newslens.entities.lexicon import person_nouns
from newslens.pronouns import GENDERED, pronouns
from newslens.quotes.lexicon import (
    addressee_nouns,
    cue_classes,
    cue_nouns,
    document_nouns,
    institution_nouns,
    noun_forms,
    setting_nouns,
)
from newslens.quotes.marks import MARKS, OPEN

SUBJECTS = ("nsubj",)
QUOTE_TOKENS = frozenset(MARKS) | {"''", "``", "‘‘", "’’"}  # tokens that are quotation marks
OPENING_TOKENS = frozenset(OPEN) | {"''", "``", "‘‘"}
SET_OFF = (",", "--", "—", "–")
THIRD_PERSON_SUBJECTS = pronouns(person="3", case="subject") - pronouns(genders=frozenset({"neuter"}))
PERSONAL_SUBJECTS = pronouns(case="subject") - pronouns(person="2") - pronouns(genders=frozenset({"neuter"}))
GENDERED_POSSESSIVES = pronouns(person="3", genders=GENDERED, case="possessive")
EXPLETIVE = frozenset({"there", "what", "this", "'s", "’s"})  # `Let's say ...` is no one speaking
# prepositions of time and place: an adjunct of when and where something was said, not part of what was said
SETTING_PREPS = frozenset({"in", "at", "during", "after", "before", "since", "until", "amid", "throughout", "earlier",
                           "later", "again"})


def names_someone(token, depth: int = 0) -> bool:
    """A person, an organization, a group (`analysts`), a third-person pronoun, or `who` standing for one.

    `The governor, who declined ...`: a relative pronoun names what its clause modifies."""
    if token.lower_ in THIRD_PERSON_SUBJECTS:
        return True
    if token.lower_ in ("who", "that") and token.head.dep_ == "relcl" and depth == 0:
        return names_someone(token.head.head, 1)
    if token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if token.pos_ != "NOUN":
        return False
    return any(f in person_nouns() or f in institution_nouns() for f in noun_forms(token.lower_))


def names_source(token, depth: int = 0) -> bool:
    """A named person or organization, or a document (`polls`, `a 2019 study`): a source that can show or find
    something. Pronouns are left out (`they found a shortcut` is no report)."""
    if token.lower_ in ("who", "that", "which") and token.head.dep_ == "relcl" and depth == 0:
        return names_source(token.head.head, 1)
    if token.pos_ == "PRON":
        return False
    if token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    return token.lower_ in document_nouns() or token.lower_ in institution_nouns()


def someone_addressed(token) -> bool:
    """`told reporters`, `told the Courier`, `told him`: an object that can be spoken to."""
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ != "" or names_someone(token) or (
        token.lower_ in addressee_nouns())


def set_off(token) -> bool:
    """A comma before the phrase, or a comma and a closing quotation mark (`..., " adding`)."""
    before = token.left_edge.i - 1
    if before >= 1 and token.doc[before].text in QUOTE_TOKENS:
        before -= 1
    return before >= 0 and token.doc[before].text == ","


def dateline(token) -> bool:
    """`MILLBROOK -- Mayor Tessaro said`: an upper-case dateline or section head the parse made a subject
    (an acronym right before its verb, `KRPA argues`, is a subject)."""
    doc = token.doc
    if not (len(token.text) > 2 and token.text.isupper() and token.is_alpha):
        return False
    if not (token.is_sent_start or doc[token.i - 1].text.isupper()):
        return False
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.text == "," and token.i + 2 < len(doc) and doc[token.i + 2].ent_type_ == "DATE":
        return True  # `LOS ANGELES, Sept. 28 (Wire) --`
    return nxt is not None and (nxt.text in ("--", "—", "–", "-", "(") or nxt.is_title)


def figure(token) -> bool:
    return token.like_num or token.ent_type_ in ("PERCENT", "MONEY", "CARDINAL", "QUANTITY")


def place_or_occasion(noun) -> bool:
    """`Washington`, `2019`, `an interview`, `a letter`, `the debate`: where or when something is said."""
    if noun.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "DATE", "TIME", "EVENT", "NORP") or noun.pos_ == "PROPN":
        return True
    return any(w in cue_nouns() or w in document_nouns() or w in addressee_nouns() or w in setting_nouns()
               for w in noun_forms(noun.lower_))


def setting(prep) -> bool:
    """`in a late-night post`, `at a rally`, `during the hearing`, `on Thursday`: when or where, not what (but
    `put growth at 3%` is a figure, and `in the way ...` sets no scene)."""
    objects = [o for o in prep.children if o.dep_ == "pobj"]
    if prep.lower_ == "at" and any(figure(o) or any(c.dep_ in ("nummod", "quantmod") and figure(c)
                                                    for c in o.children) for o in objects):
        return False
    if prep.lower_ == "in" and not any(place_or_occasion(o) for o in objects):
        return False
    return prep.lower_ in SETTING_PREPS or any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def in_question_or_condition(token) -> bool:
    """Is the word inside a clause opened by `if` or `whether` (itself or a clause above it)?"""
    node = token
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def negated(token) -> bool:
    """`did not say`, `has never confirmed`, `declined to say`: a cue that reports no words.

    The negation is the cue's own (`not`, `never`), or the cue is the infinitive of `decline`/`refuse`."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    head = token.head
    return token.dep_ == "xcomp" and head.lower_ in ("declined", "declines", "decline", "declining", "refused",
                                                      "refuses", "refuse", "refusing")


def trim(doc, i: int, j: int) -> tuple[int, int]:
    """Tokens [i, j) without punctuation (not quotation marks) and spaces at the edges, nor a trailing
    conjunction."""
    while i < j:
        t = doc[i]
        if not ((t.is_punct and t.text not in QUOTE_TOKENS) or t.is_space):
            break
        i += 1
    while j > i:
        t = doc[j - 1]
        if not ((t.is_punct and t.text not in QUOTE_TOKENS and t.text != "%") or t.is_space or t.dep_ == "cc"):
            break
        j -= 1
    return i, j


def aside_mark(token) -> bool:
    """A comma or a dash setting off an aside (a hyphen only with spaces around it, not `D-Va.`)."""
    if token.text in (",", "—", "--"):
        return True
    return token.text in ("-", "–") and bool(token.whitespace_) and token.i > 0 and bool(
        token.doc[token.i - 1].whitespace_)


def _ending_at(doc, i: int, j: int):
    """The tokens of [i, j) whose subtree holds the span's last token (its ancestors inside the span, and itself),
    right to left: the only ones that can be an aside ending the span."""
    last = doc[j - 1]
    found = [last, *(a for a in last.ancestors if i <= a.i < j)]
    return sorted(found, key=lambda t: -t.i)


def cut_aside(doc, i: int, j: int, participles: bool = False) -> tuple[int, int]:
    """Tokens [i, j) without a trailing aside set off by a comma or dash: a non-restrictive relative clause or
    apposition (`he did not back Halvorsen, the early favorite`), with ``participles`` a participial adjunct
    (`to plant trees, focusing on ...`), and a concessive clause with an attribution of its own (`..., though
    she noted that ...`)."""
    changed = True
    while changed and j > i:
        changed = False
        for t in _ending_at(doc, i, j):
            if t.i <= i:
                break
            if t.dep_ in ("relcl", "appos", "advcl", "acl") and (
                    t.dep_ == "appos" or t.left_edge.lower_ in ("which", "who", "whose")
                    or (participles and t.dep_ in ("advcl", "acl") and t.tag_ == "VBG" and t.left_edge.i == t.i)):
                left = t.left_edge.i
                if left - 1 > i and aside_mark(doc[left - 1]) and t.head.i < left - 1:
                    i, j = trim(doc, i, left - 1)
                    changed = True
                    break
    for t in _ending_at(doc, i, j) if j > i else ():
        if t.i <= i + 1:
            break
        if t.dep_ in ("advcl", "conj") and t.lower_ in cue_classes() and any(
                c.dep_ == "mark" and c.lower_ in ("though", "although", "while", "whereas") for c in t.children):
            left = t.left_edge.i
            if left - 1 > i and doc[left - 1].text == ",":
                i, j = trim(doc, i, left - 1)
            break
    return i, j


def subtree_range(token) -> tuple[int, int]:
    """Tokens [i, j) of a token's subtree."""
    return token.left_edge.i, token.right_edge.i + 1


__all__ = ["EXPLETIVE", "GENDERED_POSSESSIVES", "OPENING_TOKENS", "PERSONAL_SUBJECTS", "QUOTE_TOKENS", "SET_OFF",
           "SUBJECTS", "THIRD_PERSON_SUBJECTS", "aside_mark", "cut_aside", "dateline", "figure",
           "in_question_or_condition", "names_someone", "names_source", "negated", "place_or_occasion", "set_off",
           "setting", "someone_addressed", "subtree_range", "trim"]
