"""Cues: the words that attribute something to someone, each with who it attributes it to.

A cue is a verb (`said`, `warned`, and any verb with someone as its subject: the trained model judges those
outside the lexicon), a noun of saying with its owner (`the mayor's claim`), an adjective of attitude
predicated of someone (`critical of`), a source phrase (`according to`), or a label that opens a paragraph
(`HALVORSEN:`, a headline's `Okafor:`). ``find_cues`` runs the finders of ``FINDERS`` in order; a verb's
speaker is the first answer of the strategies in ``SUBJECT_STRATEGIES``. What a cue reports (its content) is
the next step's question (``candidates``).

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["Kim", "said", "it", "rained", "."], heads=[1, 1, 3, 1, 1],
...           deps=["nsubj", "ROOT", "nsubj", "ccomp", "punct"], pos=["PROPN", "VERB", "PRON", "VERB", "PUNCT"],
...           tags=["NNP", "VBD", "PRP", "VBD", "."], ents=["B-PERSON", "O", "O", "O", "O"])
>>> [(c.text, c.klass, doc[c.speaker].text) for c in find_cues(Parsed(doc))][:1]
[('said', 'speech', 'Kim')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from spacy.symbols import ADJ, AUX, NOUN, PROPN, VERB

from newslens.quotes.lexicon import (
    addressee_forms,
    cue_classes,
    cue_forms,
    cue_nouns,
    group_nouns,
    kicker_labels,
    object_control_forms,
    source_phrase_heads,
    source_phrases,
    stance_adjectives,
)
from newslens.quotes.parsed import Parsed
from newslens.quotes.syntax import (
    EXPLETIVE,
    OPENING_TOKENS,
    SUBJECTS,
    dateline,
    names_someone,
    names_source,
    negated,
    set_off,
    someone_addressed,
)

NOBODY = object()  # a subject strategy's answer that the verb has no speaker (stops the search)
_LABEL_MAX_TOKENS = 5
_HEADLINE_MAX_TOKENS = 12


@dataclass
class Cue:
    """One attribution cue: where it is, what kind, and who it attributes to."""

    i: int  # the head token (for a label: the colon)
    start: int  # the cue's characters (`pointed out`, `according to`)
    end: int
    text: str  # lower-case cue words
    kind: str  # verb | noun | adjective | source | label | headline | dash
    klass: str  # lexicon class: speech | report | belief | stance | quote | noun | adjective | source | label | none
    speaker: int | None  # token heading the speaker's noun phrase
    attr_start: int  # characters of the attribution (speaker phrase and cue)
    attr_end: int
    sent: tuple[int, int]  # token range of the sentence
    speaker_span: tuple[int, int] | None = None  # characters of a speaker that is no parse token (labels)
    addressee: int | None = None
    colon: bool = False  # the attribution ends with a colon: what follows is its content
    negated: bool = False
    subject_rule: str = ""  # which strategy found the speaker


# -- who a verb attributes to ------------------------------------------------------------------------------
def inverted_named_subject(verb, _p: Parsed):
    """`said co-ordinator Peter Facey`: several subjects after the verb, pieces of one phrase: the name wins."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if len(subjects) > 1 and subjects[0].i > verb.i:
        named = [c for c in subjects if c.ent_type_ in ("PERSON", "ORG") or c.pos_ == "PROPN"]
        return named[-1] if named else subjects[0]
    return None


def own_subject(verb, _p: Parsed):
    """`Kim said`: the verb's own subject."""
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def passive(verb, p: Parsed):
    """`was first reported by The Riverside Courier`: a passive's speaker is the object of its `by`; without one
    (`it was announced that ...`, `he was told ...`) it has none."""
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if patient is None:
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and not p.inside_quote(obj.i) and patient.tag_ not in ("WP", "WDT"):
                return obj
    return NOBODY


def object_controller(verb, _p: Parsed):
    """`forced Kim to admit ...`, `asked the panel to explain ...`: the object of the verb above does it."""
    if verb.dep_ == "xcomp" and verb.head.lower_ in object_control_forms():
        controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if controller is not None and names_someone(controller):
            return controller
    return None


def shown_doing(verb, _p: Parsed):
    """`uses footage of the mayor asking ...`: a participle is what the one shown does."""
    if verb.dep_ != "xcomp" or verb.tag_ != "VBG":
        return None
    for c in verb.head.children:
        if c.dep_ == "dobj" and c.i < verb.i and not names_someone(c):
            for prep in c.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    shown = next((o for o in prep.children if o.dep_ == "pobj" and o.right_edge.i + 1 == verb.i), None)
                    if shown is not None and names_someone(shown):
                        return shown
    return None


def reporting_participle(verb, p: Parsed):
    """`Okafor said he had no doubts, arguing that ...`: a participle set off after a reported clause is the
    reporting speaker's, though the parse hangs it inside the clause."""
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and set_off(verb) and verb.head.dep_ == "ccomp" and (
            cue_classes().get(verb.head.head.lower_) in ("speech", "report")):
        return subject_of(verb.head.head, p, depth=1)
    return None


def _reported_clause_above(verb):
    node = verb.head
    for _ in range(3):
        if node.dep_ == "ccomp" and cue_classes().get(node.head.lower_) in ("speech", "report"):
            return node
        if node.dep_ not in ("conj", "xcomp", "ccomp", "advcl") or node.head.i == node.i:
            return None
        node = node.head
    return None


def reporter_of_conjunct(verb, p: Parsed):
    """`Okafor said the plan was flawed but urged ...`: a verb the parse hangs inside a reported clause is the
    reporter's when the clause's own subject cannot speak, or a comma sets the verb off."""
    if verb.dep_ != "conj":
        return None
    clause = _reported_clause_above(verb)
    if clause is None:
        return None
    inner = subject_of(verb.head, p, depth=1)
    reporter = subject_of(clause.head, p, depth=1)
    doc = verb.doc
    comma = set_off(verb) or any(c.dep_ == "cc" and c.i < verb.i and doc[c.i - 1].text == ","
                                 for c in (*verb.children, *verb.head.children))
    if inner is not None and reporter is not None and (names_someone(reporter) or reporter.pos_ == "PROPN") and (
            not names_someone(inner) or comma):
        return reporter
    return None


def passive_participle(verb, _p: Parsed):
    """`Asked about it, Okafor said ...`, `a plan, announced on Tuesday, ...`: a bare passive participle has no
    speaker of its own."""
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return NOBODY
    return None


def shared_passive_subject(verb, _p: Parsed):
    """`He was advised to ... and said ...`: coordinated verbs share a passive subject that names someone."""
    if verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
    k = verb.i - 1
    while k > 0 and verb.doc[k].dep_ in ("aux", "auxpass", "advmod", "neg"):
        k -= 1
    if shared is not None and names_someone(shared) and verb.doc[k].dep_ == "cc":
        return shared
    return None


def subject_above(verb, p: Parsed):
    """`... and said`, `wants to say`, `... by assuring them that`: the subject of the verb this one hangs from."""
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head, p, depth=1)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head.head, p, depth=1)
    return None


_CLIMB = frozenset({"xcomp", "acl", "pcomp", "advcl"})
_CLIMB_THROUGH = frozenset({"prep", "pobj", "dobj", "acomp", "attr", "xcomp", "pcomp"})


def governing_subject(verb, _p: Parsed):
    """`was able to tout ...`, `filed papers opposing ...`, `footage of the mayor asking ...`: the subject of the
    clause an infinitive or participle hangs from (a participle modifying someone is what they do)."""
    if verb.dep_ not in _CLIMB or verb.tag_ not in ("VB", "VBG"):
        return None
    node = verb.head
    if verb.dep_ == "acl" and node.pos_ in ("NOUN", "PROPN"):
        return _owner_of_participle(verb, node)
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in node.children if c.dep_ in SUBJECTS), None)
            if subject is not None:
                return subject if names_someone(subject) else NOBODY
        if node.dep_ not in _CLIMB_THROUGH or node.head.i == node.i:
            return None
        node = node.head
    return None


def _owner_of_participle(verb, node):
    if verb.tag_ != "VBG":
        return None
    from newslens.quotes.lexicon import document_nouns  # (a document talked about is no speaker)

    governor = node.head if node.dep_ == "dobj" else None
    if governor is not None and node.lower_ in document_nouns() and cue_classes().get(governor.lower_) in (
            "speech", "stance"):
        governor = None  # `denied a report claiming ...`: a document talked about
    owner = next((c for c in governor.children if c.dep_ in SUBJECTS), None) if governor is not None else None
    if owner is not None and names_someone(owner):
        return owner
    if names_someone(node) or node.lower_ in document_nouns():
        return node
    return None


def adjacent_noun_phrase(verb, p: Parsed):
    """`"...," Chief Brannock said` (the parse took a quoted word, or none), `Said Fenwick: "..."`: the name or
    pronoun right next to a verb of saying."""
    if verb.dep_ not in ("ROOT", "ccomp", "parataxis", "compound", "conj") or cue_classes().get(
            verb.lower_, "speech") not in ("speech", "report", "quote"):
        return None
    found = _adjacent_subject(verb, p)
    if found is not None and (found.pos_ in ("PROPN", "PRON") or found.lower_ in group_nouns()):
        return found
    return None


def _adjacent_subject(token, p: Parsed):
    doc = token.doc
    first, end = p.sent_bounds(token.i)
    quoted = p.inside_quote
    i = token.i - 1
    while i >= first and doc[i].dep_ in ("advmod", "aux", "neg") and not quoted(i):
        i -= 1
    if i > first and doc[i].text == ",":
        # `"...," Okafor, a top ally, said`: back over an apposition set off by commas to the name before it
        j = i - 1
        while j > first and doc[j].text != "," and not quoted(j) and i - j <= 15:
            j -= 1
        if doc[j].text == "," and not quoted(j - 1) and doc[j - 1].pos_ == "PROPN":
            i = j - 1
    before = doc[token.i - 1] if token.i > first else None
    inverted = before is None or before.is_punct or (token.tag_ != "VB" and before.dep_ != "cc")
    for k in (i, token.i + 1) if inverted else (i,):
        if first <= k < end and k != token.i and not quoted(k) and doc[k].pos_ in ("PROPN", "NOUN", "PRON") and (
                not dateline(doc[k])) and doc[k].ent_type_ not in ("DATE", "TIME"):
            head = doc[k]
            while head.dep_ in ("compound", "flat") and head.head.i != head.i and head.head.i != token.i and (
                    not quoted(head.head.i)):
                head = head.head
            return head
    return None


SubjectStrategy = Callable[[object, Parsed], object]
SUBJECT_STRATEGIES: tuple[SubjectStrategy, ...] = (
    inverted_named_subject, own_subject, passive, object_controller, shown_doing, reporting_participle,
    reporter_of_conjunct, passive_participle, shared_passive_subject, subject_above, governing_subject,
)
# tried only for the verb the cue is (not for a verb above it): the parse's own subject failed
FALLBACK_STRATEGIES: tuple[SubjectStrategy, ...] = (adjacent_noun_phrase,)


def subject_of(verb, p: Parsed, depth: int = 0, strategies=None):
    """The token heading the verb's speaker, or None: the first strategy with an answer decides (climbing to a
    verb above goes at most three links; at depth > 0 only the parse's own subject links are followed)."""
    if depth > 3:
        return None
    for strategy in SUBJECT_STRATEGIES if strategies is None else strategies:
        if depth and strategy in (object_controller, shown_doing, reporting_participle, reporter_of_conjunct,
                                  passive_participle, passive, governing_subject):
            continue
        found = strategy(verb, p)
        if found is NOBODY:
            return None
        if found is not None:
            return found
    return None


def unusable_subject(subject, p: Parsed) -> bool:
    """A word inside quotation marks, a dateline, a label before a colon, a date or a bare mark is no speaker."""
    verb = subject.head
    label = subject.i < verb.i and any(t.text == ":" for t in subject.doc[subject.i + 1:verb.i])
    return p.inside_quote(subject.i) or dateline(subject) or label or subject.ent_type_ in ("DATE", "TIME") or (
        subject.pos_ in ("PUNCT", "PART", "SYM")) or not any(ch.isalnum() for ch in subject.text)


def verb_speaker(verb, p: Parsed) -> tuple[object | None, str]:
    """The speaker of a cue verb and the name of the strategy that found it."""
    subject = subject_of(verb, p)
    rule = "subject"
    if subject is not None and unusable_subject(subject, p):
        other = next((c for c in verb.children if c.dep_ in SUBJECTS and c.i != subject.i and not p.inside_quote(c.i)
                      and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
        subject, rule = (other, "second_subject") if other is not None else (None, "")
    if subject is None:
        for strategy in FALLBACK_STRATEGIES:  # (read at call time: a test may switch one off)
            subject = strategy(verb, p)
            if subject is not None:
                rule = strategy.__name__
                break
    if subject is None or subject.lower_ in EXPLETIVE:
        return None, ""
    return subject, rule


# -- the cue finders ---------------------------------------------------------------------------------------
def _sent(p: Parsed, i: int) -> tuple[int, int]:
    return p.sent_bounds(i)


def _cue_end_with_particle(token) -> int:
    """`pointed out`, `called on`: a particle right after the verb belongs to the cue."""
    end = token.idx + len(token)
    for child in token.rights:
        if child.dep_ == "prt" and child.i == token.i + 1:
            end = child.idx + len(child)
    return end


def _addressee(token) -> int | None:
    """`told reporters`: the object of a verb whose object is the one spoken to."""
    if token.lower_ not in addressee_forms():
        return None
    obj = next((c for c in token.children if c.dep_ in ("dobj", "dative") and c.i > token.i), None)
    if obj is not None and obj.dep_ == "dobj" and not someone_addressed(obj) and (
            cue_forms().get(token.lower_) not in ("tell", "ask")):
        return None  # `promised a veto`: what is said, not whom it is said to
    return obj.i if obj is not None else None


def _attribution(doc, token, subject, cue_end: int) -> tuple[int, int]:
    s_left = subject.left_edge.i if subject.dep_ != "relcl" else subject.i
    tokens = sorted({token.i, subject.i, s_left})
    if subject.head.i != token.i and subject.i < token.i:
        tokens = [token.i]  # a subject shared with another verb: the attribution is the cue
    start = doc[min(tokens)].idx
    end = max(cue_end, subject.right_edge.idx + len(subject.right_edge)) if subject.i > token.i else cue_end
    return start, end


def _opens_with_colon(doc, token, subject) -> bool:
    """`Gao said:`, `Said Fenwick:`, `scolded him: "..."`: a colon right after the attribution or its object."""
    last = max(token.i, subject.right_edge.i if subject.i > token.i else token.i)
    if last + 1 < len(doc) and doc[last + 1].text == ":":
        return True
    obj = next((c for c in token.rights if c.dep_ in ("dobj", "dative")), None)
    return obj is not None and obj.right_edge.i + 2 < len(doc) and doc[obj.right_edge.i + 1].text == ":" and (
        doc[obj.right_edge.i + 2].text in OPENING_TOKENS)


def _is_word(text: str) -> bool:
    """A verb has letters: a dash the tagger took for a verb is a signature's (`"..." ― Jane Doe`).

    >>> _is_word("said"), _is_word("”―")
    (True, False)
    """
    return any(ch.isalpha() for ch in text)


def verb_cues(p: Parsed) -> list[Cue]:
    """Every verb outside quotation marks with someone to attribute to: the lexicon's (`models/cues.tsv`) with
    their class, the others with class `none`."""
    doc, out = p.doc, []
    classes = cue_classes()
    a = p.arrays
    verbs = numpy.isin(a["pos"], [VERB, AUX]) & numpy.isin(a["tag"], p.hashes("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"))
    for i in p.where(verbs):
        token = doc[i]
        klass = classes.get(token.lower_, "none")
        if (klass == "none" and token.pos_ == "AUX") or not _is_word(token.text):
            continue
        subject, rule = verb_speaker(token, p)
        if subject is None:
            continue
        cue_end = _cue_end_with_particle(token)
        attr_start, attr_end = _attribution(doc, token, subject, cue_end)
        text = " ".join(t.lower_ for t in doc[token.i:token.i + 3] if t.idx < cue_end)
        out.append(Cue(token.i, token.idx, cue_end, text, "verb", klass, subject.i, attr_start, attr_end,
                       _sent(p, token.i), addressee=_addressee(token), colon=_opens_with_colon(doc, token, subject),
                       negated=negated(token), subject_rule=rule))
    return out


def _noun_owner(token):
    owner = next((c for c in token.lefts if c.dep_ == "poss"), None)
    if owner is None:
        owner = next((c for c in token.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"), None)
    if owner is None:
        by = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
        if by is not None:
            owner = next((c for c in by.children if c.dep_ == "pobj" and names_someone(c)), None)
    return owner


def _owned(p: Parsed) -> numpy.ndarray:
    """Per token: does some word below it name an owner (a possessive, a proper-noun modifier, `from`/`by`)?"""
    a = p.arrays
    owner = (a["dep"] == p.hashes("poss")[0]) | (numpy.isin(a["dep"], p.hashes("compound", "nmod")) & (
        a["pos"] == PROPN)) | ((a["dep"] == p.hashes("prep")[0]) & numpy.isin(a["lower"], p.hashes("from", "by")))
    out = numpy.zeros(p.n, dtype=bool)
    out[a["head"][owner]] = True
    return out


def noun_cues(p: Parsed) -> list[Cue]:
    """`the mayor's claim that ...`, `criticism from the council of ...`: a noun with its owner (nouns of saying
    from models/cue_nouns.txt have class `noun`, the others `none`)."""
    doc, out = p.doc, []
    for i in p.where((p.arrays["pos"] == NOUN) & _owned(p)):
        token = doc[i]
        owner = _noun_owner(token)
        if owner is None or p.inside_quote(owner.i) or owner.i > token.i + 8:
            continue
        klass = "noun" if token.lower_ in cue_nouns() else "none"
        end = token.idx + len(token)
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and nxt.dep_ == "prep" and nxt.head.i == token.i and nxt.lower_ in (
                "of", "about", "on", "for", "over", "against", "with", "to"):
            end = nxt.idx + len(nxt)  # `criticism of`
        text = " ".join(t.lower_ for t in doc[token.i:token.i + 2] if t.idx < end)
        out.append(Cue(token.i, token.idx, end, text, "noun", klass, owner.i, doc[owner.left_edge.i].idx, end,
                       _sent(p, token.i), subject_rule="owner"))
    return out


def adjective_cues(p: Parsed) -> list[Cue]:
    """`The senator has been critical of the plan`, `she is confident that ...`: an adjective predicated of
    someone (models/stance_adjectives.txt: class `adjective`; the others `none`)."""
    doc, out = p.doc, []
    for i in p.where((p.arrays["pos"] == ADJ) & (p.arrays["dep"] == p.hashes("acomp")[0])):
        token = doc[i]
        head = token.head
        if head.pos_ not in ("AUX", "VERB"):
            continue
        subject = subject_of(head, p)
        if subject is None or p.inside_quote(subject.i) or not names_someone(subject):
            continue
        klass = "adjective" if token.lower_ in stance_adjectives() else "none"
        end = token.idx + len(token)
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and nxt.dep_ == "prep" and nxt.head.i == token.i:
            end = nxt.idx + len(nxt)
        s_left = subject.left_edge.i if subject.dep_ != "relcl" else subject.i
        attr_start = doc[min(s_left, token.i)].idx if subject.i < token.i else token.idx
        text = " ".join(t.lower_ for t in doc[token.i:token.i + 2] if t.idx < end)
        out.append(Cue(token.i, token.idx, end, text, "adjective", klass, subject.i, attr_start, end,
                       _sent(p, token.i), negated=negated(head), subject_rule="subject"))
    return out


def source_cues(p: Parsed) -> list[Cue]:
    """`According to TASS, ...`: a phrase of models/source_phrases.tsv names the source of its sentence."""
    doc, out = p.doc, []
    for i in p.where(numpy.isin(p.arrays["lower"], p.hashes(*source_phrase_heads()))):
        token = doc[i]
        for words, cue in source_phrases():
            n = len(words)
            if tuple(t.lower_ for t in doc[token.i:token.i + n]) != words:
                continue
            last = doc[token.i + n - 1]
            objects = [c for c in last.children if c.dep_ == "pobj"] or [c for c in token.subtree if c.dep_ == "pobj"]
            if not objects:
                break
            obj = objects[0]
            owner = next((c for c in obj.children if c.dep_ in ("poss", "det")), None)
            if obj.pos_ == "NOUN" and not (names_source(obj) or names_someone(obj) or obj.lower_ in cue_nouns()) and (
                    owner is None or owner.tag_ == "PRP$"):
                break  # `according to plan`: no source
            p_end = obj.right_edge.i + 1
            comma = next((t.i for t in doc[obj.i + 1:p_end] if t.text == ","), None)
            if comma is not None:
                p_end = comma
            out.append(Cue(token.i, token.idx, last.idx + len(last), cue, "source", "source", obj.i, token.idx,
                           p.end_of(p_end - 1), _sent(p, token.i), subject_rule="source"))
            break
    return out


def _proper_names(p: Parsed) -> frozenset[str]:
    """The words the article writes as names (proper nouns, lower-cased): `Pence` for a label `PENCE:`."""
    a = p.arrays
    strings = p.doc.vocab.strings
    return frozenset(strings[int(h)] for h in numpy.unique(a["lower"][(a["pos"] == PROPN) & (a["upper"] == 0)]))


def _label_is_name(label, names: frozenset[str]) -> bool:
    """A transcript label names someone: a name the model tags (person, organization, group), or words the
    article writes as a name elsewhere (`PENCE:` and `Pence`), with an honorific or not (`MS. CLINTON`); never
    a phrase with a verb or a function word, nor a line label (`ENERGY:`, `Email:`) that names no one."""
    if any(t.pos_ in ("VERB", "AUX") for t in label):
        return False
    if not any(t.ent_type_ in ("PERSON", "ORG", "NORP") or t.lower_ in names for t in label if t.is_alpha):
        return False
    if len(label) > 3 and not all(t.ent_type_ for t in label if t.is_alpha):
        return False  # a headline of its own (`Harbor Plan Stalls Ferry Talks:`)
    if label.text.lower() in kicker_labels():
        return False
    if any(t.pos_ in ("ADP", "CCONJ") or t.is_stop for t in label[1:]) and not any(
            t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in label):
        return False
    return all(t.is_title or t.is_upper or t.text in ".-'’," for t in label)


def label_cues(p: Parsed) -> list[Cue]:
    """`HALVORSEN: Well, frankly, ...`, `Okafor, Courier: ...`: a paragraph that opens with a short name and a
    colon."""
    doc, out = p.doc, []
    names = _proper_names(p)
    for p_start, p_end in p.paras:
        i, j = p.tokens(p_start, p_end)
        if j - i < 4:
            continue
        first = i + 1 if doc[i].text in OPENING_TOKENS else i
        colon = next((t for t in doc[first:min(j, first + _LABEL_MAX_TOKENS + 1)] if t.text == ":"), None)
        if colon is None or colon.i == first or colon.i >= j - 3:
            continue
        label = doc[first:colon.i]
        if (first == i and any(p.inside_quote(t.i) for t in label)) or not _label_is_name(label, names):
            continue
        start, end = label.start_char, label.end_char
        out.append(Cue(colon.i, colon.idx, colon.idx + 1, ":", "label", "label", label.root.i, start, colon.idx + 1,
                       (i, j), speaker_span=(start, end), colon=True, subject_rule="label"))
    return out


def headline_cues(p: Parsed) -> list[Cue]:
    """`Senator Hammers Bank Chief: 'You Should Resign.'`: a headline that quotes someone after a colon quotes the
    one person it names before the colon."""
    if len(p.paras) < 2:
        return []
    doc = p.doc
    i, j = p.tokens(*p.paras[0])
    colon = next((t for t in doc[i:min(j, i + _HEADLINE_MAX_TOKENS)] if t.text == ":"), None)
    if colon is None:
        return []
    last = next((q for q in reversed(p.quoted) if colon.idx < q.start < p.paras[0][1]), None)
    if last is None or not p.only_gap(last.end, p.paras[0][1]):
        return []
    people = [e for e in doc[i:colon.i].ents if e.label_ == "PERSON"]
    if len(people) != 1 or any(t.tag_ == "VBD" for t in doc[i:colon.i]):
        return []
    person = people[0]
    return [Cue(colon.i, colon.idx, colon.idx + 1, ":", "headline", "speech", person.root.i, person.start_char,
                colon.idx + 1, (i, j), colon=True, subject_rule="headline")]


_DASH = re.compile(r"\s*[―—–-]+\s*")


def dash_cues(p: Parsed) -> list[Cue]:
    """`"..." ― Jane Doe`: a quotation signed with a dash and a short name (up to the paragraph's end or the
    next quotation)."""
    doc, out = p.doc, []
    for k, q in enumerate(p.quoted):
        m = _DASH.match(p.text, q.end)
        if m is None or not any(ch in "―—–-" for ch in m.group()):
            continue
        para_end = p.paras[p.para_of(q.start)][1]
        limit = min(para_end, p.quoted[k + 1].start if k + 1 < len(p.quoted) else para_end)
        s, e = m.end(), limit
        while e > s and p.text[e - 1] in " .,;\u00a0":
            e -= 1
        words = p.text[s:e]
        if not words or len(words.split()) > 6 or not words[0].isupper():
            continue
        at = m.start() + len(m.group()) - len(m.group().lstrip())  # the dash (its token may hold the mark too)
        dash = p.token_at(at)
        i, j = p.tokens(s, e)
        out.append(Cue(dash, at, at + 1, p.text[at], "dash", "label", doc[i:j].root.i, s, e,
                       p.sent_bounds(dash), speaker_span=(s, e), subject_rule="dash"))
    return out


Finder = Callable[[Parsed], list[Cue]]
FINDERS: tuple[Finder, ...] = (verb_cues, noun_cues, adjective_cues, source_cues, label_cues, headline_cues,
                               dash_cues)


def find_cues(p: Parsed, finders=None) -> list[Cue]:
    """Every cue of the article, in text order (one per head token: the first finder's); ``finders``: FINDERS
    unless given."""
    if not p.n or not p.doc.has_annotation("DEP"):
        return []
    seen, out = set(), []
    for finder in FINDERS if finders is None else finders:
        for cue in finder(p):
            if cue.i not in seen:
                seen.add(cue.i)
                out.append(cue)
    out.sort(key=lambda c: c.start)
    return out


__all__ = ["FINDERS", "SUBJECT_STRATEGIES", "Cue", "find_cues", "subject_of", "verb_speaker"]

