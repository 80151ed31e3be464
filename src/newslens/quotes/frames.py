"""Attribution frames from the dependency parse: a cue, who it is attributed to, and what is reported.

A frame is a cue verb from models/cues.tsv (or a source phrase such as `according to`) with its subject;
its content is the verb's clausal complement (`Gao said that ...`, `..., Sun said.`), the clause an
`according to` phrase modifies, or, for verbs of saying without one, the quotation next to it (the direct
quotes are attached in ``extract``). Verbs inside quotation marks are quoted words, not attributions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newslens.entities.lexicon import person_nouns
from newslens.pronouns import GENDERED, pronouns
from newslens.quotes.lexicon import (
    addressee_forms,
    addressee_nouns,
    causative_forms,
    cue_classes,
    cue_forms,
    cue_nouns,
    directive_forms,
    document_nouns,
    group_nouns,
    institution_nouns,
    noun_forms,
    object_control_forms,
    perception_forms,
    setting_nouns,
    source_phrases,
    stance_adjectives,
)

SUBJECTS = ("nsubj",)
_GAP = re.compile(r"[\s,;:\-–—\"“”'’]*")
_EXPLETIVE = frozenset({"there", "what", "this", "'s", "’s"})  # `Let's say ...` is no one speaking


@dataclass
class Frame:
    cue: str  # lower-case cue as written
    cue_start: int
    cue_end: int
    klass: str  # speech | report | belief | source | label
    speaker_token: object | None  # spaCy Token heading the speaker's noun phrase
    attr_start: int  # chars of the attribution itself (speaker phrase and cue)
    attr_end: int
    sent_start: int
    sent_end: int
    content: tuple[int, int] | None = None  # reported content in characters, before quotes are considered
    addressee_token: object | None = None
    speaker_span: tuple[int, int] | None = None  # for frames whose speaker is no parse token (labels)
    colon: bool = False  # the attribution ends with a colon: what follows is its content
    fallback: tuple[int, int] | None = None  # the verb's object (`called for a repeal`), if no quote is its content
    object_end: int | None = None  # where the verb's objects and complements end (for quotes inside them)


def _subject(verb, depth: int = 0):  # noqa: C901
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if len(subjects) > 1 and subjects[0].i > verb.i:
        # `said co-ordinator Peter Facey`: the parse gave the verb pieces of one phrase after it as subjects; the
        # name wins
        named = [c for c in subjects if c.ent_type_ in ("PERSON", "ORG") or c.pos_ == "PROPN"]
        return named[-1] if named else subjects[0]
    if subjects:
        return subjects[0]
    if depth == 0 and any(c.dep_ == "nsubjpass" for c in verb.children):
        return None  # `it was announced that ...`, `he was told ...`: a passive's agent is no clause's subject
    if depth == 0 and verb.dep_ == "xcomp" and verb.head.lower_ in object_control_forms():
        # `forced Kim to admit ...`, `asked the panel to explain ...`: the object of the verb above does it
        controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if controller is not None and _names_someone(controller):
            return controller
    if depth == 0 and verb.dep_ == "xcomp" and verb.tag_ == "VBG":
        # `uses footage of the mayor asking ...`: the participle is what the one shown does
        shown = next((o for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i and not _names_someone(c)
                      for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                      for o in p.children if o.dep_ == "pobj" and o.right_edge.i + 1 == verb.i), None)
        if shown is not None and _names_someone(shown):
            return shown
    if depth == 0 and verb.dep_ == "advcl" and verb.tag_ == "VBG" and _set_off(verb) and verb.head.dep_ == "ccomp" \
            and cue_classes().get(verb.head.head.lower_) in ("speech", "report"):
        # `Okafor said he had no doubts, arguing that ...`, `Okafor said: "We won," adding that ...`: a participle
        # set off after a reported clause or a quotation is the reporting speaker's, though the parse hangs it
        # inside the clause
        return _subject(verb.head.head, depth + 1)
    clause = _reported_clause_above(verb) if depth == 0 and verb.dep_ == "conj" else None
    if clause is not None:
        # `Okafor said the plan was flawed but urged ...`: the parse hangs the second verb inside the reported
        # clause; when that clause's subject cannot speak and the reporter can, or when a comma sets the verb off
        # (`said the mayor should resign, but did not believe ...`), the verb is the reporter's
        inner = _subject(verb.head, depth + 1)
        reporter = _subject(clause.head, depth + 1)
        doc = verb.doc
        set_off = _set_off(verb) or any(
            c.dep_ == "cc" and c.i < verb.i and doc[c.i - 1].text == "," for c in (*verb.children, *verb.head.children))
        if inner is not None and reporter is not None and (_names_someone(reporter) or reporter.pos_ == "PROPN") and (
                not _names_someone(inner) or set_off):
            return reporter
    if depth == 0 and verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(
            c.dep_ in ("aux", "auxpass") for c in verb.children):
        return None  # `Asked about it, Okafor said ...`, `a plan, announced on Tuesday, ...`: a passive participle
    if depth < 3 and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        # `He was advised to ... and said ...`: coordinated verbs share a subject, a passive one too, when it names
        # someone
        shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        k = verb.i - 1
        while k > 0 and verb.doc[k].dep_ in ("aux", "auxpass", "advmod", "neg"):
            k -= 1
        if shared is not None and _names_someone(shared) and verb.doc[k].dep_ == "cc":
            return shared
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head, depth + 1)
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head.head, depth + 1)  # `won them over ... by assuring them that ...`
    if depth == 0 and verb.dep_ in _CLIMB and verb.tag_ in ("VB", "VBG"):
        return _governing_subject(verb)
    return None


def _set_off(token) -> bool:
    """A comma before the phrase, or a comma and a closing quotation mark (`..., " adding`)."""
    before = token.left_edge.i - 1
    if before >= 1 and token.doc[before].text in ('"', "”", "’", "'", "''"):
        before -= 1
    return before >= 0 and token.doc[before].text == ","


# the links from a subjectless infinitive or participle up to the clause whose subject it shares
_CLIMB = frozenset({"xcomp", "acl", "pcomp", "advcl"})
_CLIMB_THROUGH = frozenset({"prep", "pobj", "dobj", "acomp", "attr", "xcomp", "pcomp"})


def _governing_subject(verb):
    """`was able to tout ...`, `missed no chance to remind ...`, `filed papers opposing ...`, `in the lead in
    advocating ...`: the subject of the clause the infinitive or participle hangs from, through an adjective,
    an object or a preposition (not through a subject: `a statement announcing ...` is the statement's)."""
    node = verb.head
    if verb.dep_ == "acl" and node.pos_ in ("NOUN", "PROPN"):
        if verb.tag_ != "VBG":
            return None  # `Okafor, asked about it by reporters, ...`: a passive participle's subject is no agent
        # `footage of the mayor asking ...`: a participle modifying someone is what they do; one modifying a
        # document (`a statement announcing ...`) is what it says, unless someone's object (`filed papers opposing`)
        governor = node.head if node.dep_ == "dobj" else None
        if governor is not None and node.lower_ in document_nouns() and cue_classes().get(governor.lower_) in (
                "speech", "stance"):
            governor = None  # `denied a report claiming ...`, `cited a study showing ...`: a document talked about
        owner = next((c for c in governor.children if c.dep_ in SUBJECTS), None) if governor is not None else None
        if owner is not None and _names_someone(owner):
            return owner
        if _names_someone(node) or node.lower_ in document_nouns():
            return node
        return None
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in node.children if c.dep_ in SUBJECTS), None)
            if subject is not None:
                return subject if _names_someone(subject) else None
        if node.dep_ not in _CLIMB_THROUGH or node.head.i == node.i:
            return None
        node = node.head
    return None


def _agent(verb):
    """`was first reported by The Riverside Courier`: the object of the passive's `by`."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _trim(doc, i: int, j: int) -> tuple[int, int]:
    """Drop punctuation (not quotation marks) and a complementizer `that` at the edges of tokens [i, j)."""
    while i < j and ((doc[i].is_punct and doc[i].text not in "\"“”‘’'") or doc[i].is_space):
        i += 1
    if i < j - 1 and doc[i].lower_ in ("that",) and doc[i].dep_ == "mark":
        i += 1
    while j > i and ((doc[j - 1].is_punct and doc[j - 1].text not in "\"“”‘’'%") or doc[j - 1].is_space
                     or doc[j - 1].dep_ == "cc"):
        j -= 1
    return i, j


def _aside_mark(token) -> bool:
    """A comma or a dash setting off an aside (a hyphen only with spaces around it, not `D-Va.`)."""
    if token.text in (",", "—", "--"):
        return True
    return token.text in ("-", "–") and bool(token.whitespace_) and token.i > 0 and bool(
        token.doc[token.i - 1].whitespace_)


def _cut_aside(doc, i: int, j: int, participles: bool = False) -> tuple[int, int]:
    """Drop a trailing aside set off by a comma or dash, a non-restrictive relative clause or apposition that ends
    the content (`he did not back Mr. Halvorsen, the early favorite`, `..., which made her cancel the trip`), and
    with ``participles`` a participial adjunct (`to plant 2 million trees, focusing on ...`)."""
    changed = True
    while changed:
        changed = False
        for k in range(j - 1, i, -1):
            t = doc[k]
            if t.dep_ in ("relcl", "appos", "advcl", "acl") and t.right_edge.i >= j - 1 and (
                    t.dep_ == "appos" or t.left_edge.lower_ in ("which", "who", "whose")
                    or (participles and t.dep_ in ("advcl", "acl") and t.tag_ == "VBG" and t.left_edge.i == t.i)):
                left = t.left_edge.i
                if left - 1 > i and _aside_mark(doc[left - 1]) and doc[t.head.i].i < left - 1:
                    i, j = _trim(doc, i, left - 1)
                    changed = True
                    break
    # `..., though she noted that ...`: a concessive clause with an attribution of its own is a new attribution
    for k in range(j - 1, i + 1, -1):
        t = doc[k]
        if t.dep_ in ("advcl", "conj") and t.right_edge.i >= j - 1 and t.lower_ in cue_classes() and any(
                c.dep_ == "mark" and c.lower_ in ("though", "although", "while", "whereas") for c in t.children):
            left = t.left_edge.i
            if left - 1 > i and doc[left - 1].text == ",":
                i, j = _trim(doc, i, left - 1)
            break
    return i, j


def _chars(doc, i: int, j: int) -> tuple[int, int] | None:
    if i >= j:
        return None
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1])


def _between(doc, a: int, b: int) -> str:
    """The text between token a's end and token b's start (Doc.text rebuilds the whole text: avoided)."""
    return "".join(t.text_with_ws for t in doc[a + 1:b]) + doc[a].whitespace_ if b > a else ""


def _attribution_follows_punct(doc, first: int) -> bool:
    """`..., Sun said` / `... -- Sun said`: the attribution is set off from the clause before it."""
    return first > 0 and doc[first - 1].text in (",", "--", "—", "–", "”", "\"", "’", "'", "''")


def _closed_by_punct(token) -> bool:
    """`..., he said, ...`: the attribution's words end at a comma or dash (its own or the next token)."""
    doc, last = token.doc, token.right_edge.i
    return doc[last].text in _SET_OFF or (last + 1 < len(doc) and doc[last + 1].text in _SET_OFF)


_SET_OFF = (",", "--", "—", "–")


def _dateline(token) -> bool:
    """`MILLBROOK -- Mayor Tessaro said`: an upper-case dateline or section head the parse made the subject
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


def _extraposed(complement) -> bool:
    """`found it difficult to ...`: an adjective with `it` for subject and a clause of its own (what `it` stands
    for) is an evaluation, not a clause reported (but `ruled it illegal` is a ruling)."""
    children = list(complement.children)
    return complement.pos_ == "ADJ" and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in children) and any(
        c.dep_ in ("xcomp", "advcl", "ccomp", "prep") and c.i > complement.i for c in children)


def _reported_clause_above(verb):
    """The complement of a verb of saying or reporting that a conjoined verb hangs inside (up to three links up):
    `said it was not possible to overstate ... and urged ...`."""
    node = verb.head
    for _ in range(3):
        if node.dep_ == "ccomp" and cue_classes().get(node.head.lower_) in ("speech", "report"):
            return node
        if node.dep_ not in ("conj", "xcomp", "ccomp", "advcl") or node.head.i == node.i:
            return None
        node = node.head
    return None


def _in_question_or_condition(token) -> bool:
    """Is the verb inside a clause opened by `if` or `whether` (itself or a clause above it, up to the root)?"""
    node = token
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _label_before(subject) -> bool:
    """`The Latest: Okafor urges ...`: a colon between the subject the parse chose and its own verb (a subject
    shared through a colon, `Okafor said: "...," adding ...`, is no label)."""
    verb = subject.head
    return subject.i < verb.i and any(t.text == ":" for t in subject.doc[subject.i + 1:verb.i])


def _adjacent_subject(token, quoted, sent=None):
    """The noun phrase right next to a cue verb (in its sentence), when the parse took a word inside a quote as
    its subject (`"... We will win," Chief Brannock said`) or found none (`Said Fenwick: "..."`)."""
    doc = token.doc
    first, end = (sent.start, sent.end) if sent is not None else (0, len(doc))
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
    # a subject after the verb only where English inverts it (`said Fenwick`, `..., warn union leaders`): after
    # punctuation, or at least not after `and` or as a base form (`... and encourage Americans to ...`)
    before = doc[token.i - 1] if token.i > first else None
    inverted = before is None or before.is_punct or (token.tag_ != "VB" and before.dep_ != "cc")
    for k in (i, token.i + 1) if inverted else (i,):
        if first <= k < end and k != token.i and not quoted(k) and doc[k].pos_ in ("PROPN", "NOUN", "PRON") and (
                not _dateline(doc[k])) and doc[k].ent_type_ not in ("DATE", "TIME"):
            head = doc[k]
            while head.dep_ in ("compound", "flat") and head.head.i != head.i and head.head.i != token.i and (
                    not quoted(head.head.i)):
                head = head.head
            return head
    return None


# clauses of when and where something was said, not of what was said
_SAID_WHEN = frozenset({"as", "after", "before", "while", "during", "since", "until", "in"})
_OPENING = frozenset({'"', "“", "‘", "'", "''", "``"})
_PERSONAL_SUBJECTS = pronouns(case="subject") - pronouns(person="2") - pronouns(genders=frozenset({"neuter"}))
_THIRD_PERSON_SUBJECTS = pronouns(person="3", case="subject") - pronouns(genders=frozenset({"neuter"}))
_GENDERED_POSSESSIVES = pronouns(person="3", genders=GENDERED, case="possessive")


def _own_belief(verb) -> bool:
    """`she knows`, `they think`: a belief verb with a personal pronoun as subject."""
    return cue_classes().get(verb.lower_) == "belief" and any(
        g.dep_ == "nsubj" and g.lower_ in _PERSONAL_SUBJECTS for g in verb.children)


_FINITE = frozenset({"VBD", "VBZ", "VBP"})


def _finite_clause(verb) -> bool:
    """A clause with its own subject and a tensed verb or modal (`he would not go`, `the deal was dead`)."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ not in ("who", "which", "that")
               for c in verb.children) and (verb.tag_ in _FINITE or any(c.tag_ == "MD" for c in verb.children))


def _misattached_clause(token):
    """The reported clause of a verb of saying the parse hung elsewhere: after an adjunct (`said after the vote he
    would go`, parsed as an adverbial clause) or after an addressee (`told a meeting of leaders that few people
    understood ...`, parsed as a relative clause of the addressee). Only when nothing but the verb's own
    objects and adjuncts stands between the verb and the clause."""
    doc = token.doc
    candidates = [c for c in token.rights if c.dep_ == "advcl" and not any(g.dep_ == "mark" for g in c.children)]
    for obj in token.rights:
        if obj.dep_ in ("dobj", "dative"):
            # (`warned fans that she wants to ...`: also when the parse made `that` a pronoun inside the clause)
            candidates += [c for c in obj.subtree if c.dep_ == "relcl" and (any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children) or _that_clause_after_addressee(
                token, obj, c))]
    for clause in candidates:
        if not _finite_clause(clause) or clause.left_edge.i <= token.i:
            continue
        subject = next(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl"))
        first = clause.left_edge
        # `said after the vote he would go`: the parse gave the clause the adjunct before its subject
        setting = next((c for c in clause.lefts if c.dep_ in ("prep", "npadvmod") and c.left_edge.i == first.i
                        and c.right_edge.i + 1 == subject.left_edge.i and _setting(c)), None)
        if not (first.i == subject.left_edge.i or setting is not None or (
                first.lower_ == "that" and (first.dep_ == "mark" or subject.lower_ != "that"))):
            continue  # `said when he resigned ...`: a clause of time, not what was said
        between = doc[token.i + 1:clause.left_edge.i]
        if any(t.text in (",", ";", ":", "--", "—") for t in between):
            continue
        return clause, (subject.left_edge.i if setting is not None else first.i + (first.lower_ == "that"))
    return None


def _that_clause_after_addressee(verb, obj, clause) -> bool:
    """`warned fans that she wants ...`, parsed as a relative clause whose object is `that`: after someone told or
    warned, a `that` with a subject of its own after it opens what was said."""
    first = clause.left_edge
    return first.lower_ == "that" and first.dep_ not in ("nsubj", "nsubjpass") and verb.lower_ in addressee_forms() \
        and _someone_addressed(obj) and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > first.i
                                            for c in clause.children)


def verb_frame(token, sent, quoted=lambda _i: False, klass: str | None = None) -> Frame | None:  # noqa: C901
    low = token.lower_
    klass = klass or cue_classes().get(low)
    if klass is None or not token.tag_.startswith("VB"):
        return None
    if klass in ("stance", "belief") and _in_question_or_condition(token):
        return None  # `asked whether she would welcome ...`, `if the council rejects ...`: no position taken
    subject = _subject(token)
    passive_content = None
    if subject is None and token.tag_ == "VBN" and klass != "belief":
        agent = _agent(token)
        patient = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if agent is not None and patient is not None and not quoted(agent.i) and patient.tag_ not in ("WP", "WDT"):
            subject = agent
            if low not in addressee_forms():
                # (`was warned by the board`: the one warned is whom it was said to, not what was said)
                passive_content = _chars(token.doc, *_trim(token.doc, patient.left_edge.i, patient.right_edge.i + 1))
    if subject is None and token.dep_ in ("ROOT", "ccomp", "parataxis", "compound", "conj") and klass in (
            "speech", "report", "quote"):
        # the parse lost the subject (`... board of the Harbor Gazette Voss said that ...`, `Said Fenwick:`)
        subject = _adjacent_subject(token, quoted, sent)
        if subject is not None and not (subject.pos_ in ("PROPN", "PRON") or subject.lower_ in group_nouns()):
            subject = None
    elif subject is not None and (quoted(subject.i) or _dateline(subject) or _label_before(subject)
                                  or subject.ent_type_ in ("DATE", "TIME") or subject.pos_ in ("PUNCT", "PART", "SYM")
                                  or not any(ch.isalnum() for ch in subject.text)):
        # `"... Best in the league," Sen. Pemberton (D-Vt.) said`: the parse gave the verb a second subject, the one
        # outside the quote
        other = next((c for c in token.children if c.dep_ in SUBJECTS and c.i != subject.i and not quoted(c.i)
                      and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
        subject = other if other is not None else _adjacent_subject(token, quoted, sent)
    if subject is None or subject.lower_ in _EXPLETIVE:
        return None
    doc = token.doc
    complements = [c for c in token.children if c.dep_ == "ccomp" and not _extraposed(c)]
    content_left = None
    if not complements and klass in ("speech", "report", "belief"):
        found = _misattached_clause(token)
        if found is not None:
            complements, content_left = [found[0]], found[1]
    # `X, the growers said they are convinced ...`: the clause after the verb is what was said
    complement = next((c for c in complements if c.i > token.i), complements[0] if complements else None)
    content = None
    if complement is not None:
        right = complement.right_edge.i + 1
        for t in doc[complement.i + 1:right]:
            if t.dep_ in ("conj", "advcl") and t.lower_ in cue_classes() and t.tag_.startswith("VB") and not any(
                    c.dep_ in SUBJECTS for c in t.children):
                # `said he would ... and warned ...`, `..., arguing that ...`: a new attribution starts there
                right = t.left_edge.i
                break
        if complement.i > token.i and right == complement.right_edge.i + 1:
            # `said X has respect for the staff and his remark was ...`: the parse made the second conjunct a
            # complement of its own, right after the first
            for c in complements:
                if c.i > complement.i and complement.right_edge.i < c.left_edge.i <= right + 1 and not (
                        c.lower_ in cue_classes() and any(g.dep_ in SUBJECTS and (
                            cue_classes()[c.lower_] in ("speech", "report") or _names_someone(g))
                            for g in c.children)):  # `... and Democrats accused ...`, `... - the board wants ...`
                    right = c.right_edge.i + 1
        if complement.i > token.i and right == complement.right_edge.i + 1:
            # `that he wanted no tour, but the board insisted on one`: a clause coordinated
            # with the complement (its own subject, no verb of saying) goes on reporting, and so does a belief of
            # the same speaker (`hopes to win, but she knows that ...`)
            for c in token.rights:
                if c.dep_ == "conj" and c.i > complement.i and (
                        c.lower_ not in cue_classes() or _own_belief(c)) and any(
                        g.dep_ in ("nsubj", "nsubjpass", "expl") or (g.dep_ == "mark" and g.lower_ == "that")
                        for g in c.children) and c.left_edge.i <= right + 2:
                    right = c.right_edge.i + 1
        if complement.i > token.i and right == complement.right_edge.i + 1:
            # `said there remains a gap, when it comes to hiring`: a finite adverbial clause after the complement
            # (the parse hangs it on the verb of saying) goes on with what was said
            for c in token.rights:
                if c.dep_ == "advcl" and c.left_edge.i >= right and c.left_edge.i <= right + 2 and any(
                        g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children) and (
                        c.left_edge.lower_ not in _SAID_WHEN) and c.lower_ not in cue_classes():
                    right = c.right_edge.i + 1
        left = content_left if content_left is not None else complement.left_edge.i
        if content_left is None and complement.i > token.i and not any(c.dep_ in SUBJECTS for c in complement.children):
            # `said being prepared would help`: the parse hung the clause's gerund subject on the verb of saying
            gerund = next((c for c in token.rights if c.dep_ in ("xcomp", "csubj") and c.tag_ == "VBG"
                           and c.i < left and _GAP.fullmatch(_between(doc, c.right_edge.i, left))), None)
            if gerund is not None:
                left = gerund.left_edge.i
        if complement.i < token.i:
            # `X had planned to vote, but the mayor delayed it, a spokeswoman said`: the parse made each
            # coordinated clause a complement of the verb after them; together they are what was said
            before = [c for c in complements if c.i < token.i]
            left = min(c.left_edge.i for c in before)
            right = max(right, max(c.right_edge.i for c in before) + 1)
            colon = next((t for t in reversed(doc[left:right - 1]) if t.text == ":" and doc[t.i + 1].text in _OPENING),
                         None)
            if colon is not None and any(t.tag_.startswith("VB") and t.lower_ in cue_classes()
                                         for t in doc[left:colon.i]):
                # `Okafor scolded him: "...," she said. "..."`: the quote belongs to the attribution before the
                # colon; this one has no clause of its own (it may go on in the next quote)
                complement = None
        i, j = _cut_aside(doc, *_trim(doc, left, right))
        if complement is not None and complement.i > token.i and j < sent.end - 2 and doc[j].text == ":" and (
                doc[j + 1].text not in _OPENING):
            # `notes that three things are happening at once: prices are rising, ...`: what the colon opens
            # goes on with what was said
            j = _trim(doc, i, sent.end)[1]
        if complement is not None and complement.i > token.i:
            # `said that ..., adding` : the complement's subtree ends the content
            content = _chars(doc, i, j)
        elif complement is not None and j > i and _GAP.fullmatch(
                _between(doc, j - 1, min(subject.left_edge.i, token.i))) and not any(
                c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > token.i
                and not (c.dep_ == "dobj" and low in addressee_forms()) for c in token.children):
            # (`We have been here before: X declared war on Y`: a verb with its own object, not an addressee,
            # reports nothing before it)
            # `..., Sun said.`: only punctuation between the reported clause and the attribution
            content = _chars(doc, max(i, sent.start), j)
    elif token.dep_ in ("parataxis", "ccomp") and token.head.i < min(token.i, subject.i) and token.head.pos_ in (
            "VERB", "AUX") and cue_classes().get(token.head.lower_) is None and (
            _attribution_follows_punct(doc, min(subject.left_edge.i, token.i))):
        # `..., Sun said.` parsed as a comment on the clause before it
        first = min(subject.left_edge.i, token.i)
        if token.head.right_edge.i > token.right_edge.i and token.head.right_edge.i > token.i + 1:
            # `To win back X, Lindqvist said, the party must ...`: the clause goes on after the attribution
            i, j = _trim(doc, sent.start, sent.end)
        else:
            i, j = _trim(doc, sent.start, first)
        content = _chars(doc, i, j)
    elif _attribution_follows_punct(doc, min(subject.left_edge.i, token.i)) and _closed_by_punct(token) and (
            (token.dep_ in ("parataxis", "ccomp", "advcl") and token.head.i > token.i
             and token.head.pos_ in ("VERB", "AUX"))
            or (token.dep_ == "parataxis" and token.head.i < token.i and token.head.pos_ in ("NOUN", "PROPN")
                and token.right_edge.i + 2 < sent.end)):
        # an attribution set off inside its sentence reports the whole sentence: before the verb it comments on
        # (`But to avoid delays, he said, clubs should book early`) or between a subject and its verb
        # (`The difference now, he told me on Friday, is that ...`)
        i, j = _trim(doc, sent.start, sent.end)
        content = _chars(doc, i, j)
    elif token.dep_ == "ROOT" and _attribution_follows_punct(doc, min(subject.left_edge.i, token.i)) and any(
            c.dep_ in ("npadvmod", "nsubj", "dep") and c.i < subject.i and c.left_edge.i == sent.start
            and c.pos_ in ("NOUN", "PROPN") for c in token.lefts) and any(
            c.dep_ in ("conj", "ccomp") and c.pos_ in ("VERB", "AUX") and doc[c.left_edge.i - 1].text == ","
            and not any(g.dep_ in SUBJECTS for g in c.children) for c in token.rights):
        # `These workers, Okafor explained at the hearing, were well paid`: the parse made the attribution the
        # root, the subject before it a loose noun and the verb after it a conjunct; the sentence is reported
        i, j = _trim(doc, sent.start, sent.end)
        content = _chars(doc, i, j)
    elif low in directive_forms():
        # `urged growers to join ...`, `vowed to reopen ...`
        # `tells his supporters at a rally to go ...`: after someone addressed, the parse may make the infinitive
        # an adverbial clause of purpose (but `called her on Friday to thank her` is a call made for a purpose)
        addressed = cue_forms().get(low) != "call" and any(
            c.dep_ == "dobj" and _someone_addressed(c) for c in token.children)
        infinitive = next((c for c in token.children if (c.dep_ == "xcomp" or (c.dep_ == "advcl" and addressed))
                           and c.i > token.i and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)),
                          None)
        if infinitive is not None:
            right = infinitive.right_edge.i + 1
            for c in token.rights:
                # `wants to double X, widen Y and build Z`: bare verbs coordinated with the infinitive
                # (a present-tense tag with no subject of its own is such a verb mistagged: `to meet and exceed`)
                if c.dep_ == "conj" and c.tag_ in ("VB", "VBP") and c.i > infinitive.i and c.left_edge.i <= right + 2 \
                        and not any(g.dep_ in SUBJECTS for g in c.children):
                    right = c.right_edge.i + 1
            first = token.i + 1
            if first < infinitive.i and doc[first].dep_ in ("prt", "prep") and doc[first].lower_ in ("on", "upon"):
                first += 1  # `called on the council to ...`: the particle belongs to the cue
            i, j = _cut_aside(doc, *_trim(doc, first, right), participles=True)
            content = _chars(doc, i, j)
    if klass == "belief" and content is None:
        return None
    addressee = None
    if low in addressee_forms():
        addressee = next((c for c in token.children if c.dep_ in ("dobj", "dative") and c.i > token.i), None)
        if addressee is not None and addressee.dep_ == "dobj" and not _someone_addressed(addressee) and (
                cue_forms().get(low) not in ("tell", "ask")):
            # `promised a veto`: what is said, not whom it is said to (but `told the truth`, `asked a question`
            # name a kind of talk, not what was said, and `asked 800 adults` whom it was asked)
            addressee = None
    if passive_content is not None and content is None:
        content = passive_content
    if klass == "quote":
        content = None
    fallback, cue_prep = None, None
    if content is None and (klass in ("speech", "stance") or (klass == "report" and _names_source(subject))):
        # `Polls show a narrow lead`, `The paper published excerpts of ...`: what a document shows
        fallback, cue_prep = _object_content(token, addressee)
    elif content is None and klass == "quote":
        fallback, cue_prep = _object_content(token, addressee, objects=False, preps=_TOPIC)  # `spoke about`
    # `scolded him: "..."`, `told reporters: "..."`: a colon after the verb's object opens a quote, its content
    obj = next((c for c in token.rights if c.dep_ in ("dobj", "dative")), None)
    opens_quote = obj is not None and obj.right_edge.i + 2 < len(doc) and doc[obj.right_edge.i + 1].text == ":" and (
        doc[obj.right_edge.i + 2].text in _OPENING)
    if opens_quote and (content is None or content[0] <= obj.idx):
        content, fallback = None, None
    if klass == "stance" and not opens_quote:
        # a position taken: a clause it takes (`questioned whether ...`) or, when the subject names someone,
        # its object is the content
        if content is None and _names_someone(subject):
            content = fallback
        fallback = None
        if content is None:
            return None
    s_left = subject.left_edge.i if subject.dep_ != "relcl" else subject.i
    attr_tokens = sorted({token.i, subject.i, s_left})
    if subject.head.i != token.i and subject.i < token.i:
        # a subject shared with another verb (`Okafor smiles ... before asking her`): the attribution is the cue
        attr_tokens = [token.i]
    cue_end = token.idx + len(token)
    # particles and prepositions that belong to the cue (`pointed out`)
    for child in token.rights:
        if child.dep_ == "prt" and child.i == token.i + 1:
            cue_end = child.idx + len(child)
    if cue_prep is not None and cue_prep.i <= token.i + 2:
        cue_end = cue_prep.idx + len(cue_prep)
    attr_start = doc[min(attr_tokens)].idx
    attr_end = max(cue_end, subject.right_edge.idx + len(subject.right_edge)) if subject.i > token.i else cue_end
    # `Gao said:` / `Said Fenwick:`: a colon right after the attribution opens what follows
    last = max(token.i, subject.right_edge.i if subject.i > token.i else token.i)
    colon = (last + 1 < len(doc) and doc[last + 1].text == ":") or opens_quote
    cue_text = " ".join(t.lower_ for t in doc[token.i:token.i + 3] if t.idx < cue_end)
    complements = [c for c in token.rights if c.dep_ in (*_OBJECTS, "prep", "ccomp")]
    object_end = None
    if complements:
        last = doc[_trim(doc, token.i + 1, max(c.right_edge.i for c in complements) + 1)[1] - 1]
        object_end = last.idx + len(last)
    return Frame(cue_text, token.idx, cue_end, klass, subject, attr_start, attr_end,
                 sent.start_char, sent.end_char, content, addressee, colon=colon, fallback=fallback,
                 object_end=object_end)


_OBJECTS = ("dobj", "oprd", "xcomp", "acomp", "dative")
_ABOUT = frozenset({"for", "about", "against", "of", "on"})
_TOPIC = frozenset({"about", "of", "on"})
# prepositions of time and place: an adjunct of when and where something was said, not part of what was said
_SETTING = frozenset({"in", "at", "during", "after", "before", "since", "until", "amid", "throughout", "earlier",
                      "later", "again"})


def _setting(prep) -> bool:
    """`in a late-night post`, `at a rally`, `during the hearing`, `on Thursday`: when or where, not what (but
    `put growth at 3%` is a figure)."""
    if prep.lower_ == "at" and any(_figure(o) or any(c.dep_ in ("nummod", "quantmod") and _figure(c)
                                                     for c in o.children)
                                   for o in prep.children if o.dep_ == "pobj"):
        return False
    if prep.lower_ == "in" and not any(_place_or_occasion(o) for o in prep.children if o.dep_ == "pobj"):
        return False  # `revealed a gulf in the way ...`: `in` sets a scene only with a place, time or occasion
    return prep.lower_ in _SETTING or any(c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _place_or_occasion(noun) -> bool:
    """`Washington`, `2019`, `an interview`, `a letter`, `the debate`, `a meeting`: where or when something is
    said."""
    if noun.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "DATE", "TIME", "EVENT", "NORP") or noun.pos_ == "PROPN":
        return True
    return any(w in cue_nouns() or w in document_nouns() or w in addressee_nouns() or w in setting_nouns()
               for w in noun_forms(noun.lower_))


def _figure(token) -> bool:
    return token.like_num or token.ent_type_ in ("PERCENT", "MONEY", "CARDINAL", "QUANTITY")


_TOPIC_NOUN = frozenset({"about", "of", "on", "for", "over", "against"})


def _object_content(token, addressee, objects: bool = True, preps: frozenset[str] = _ABOUT
                    ) -> tuple[tuple[int, int] | None, object | None]:
    """What a verb of saying reports when it has no clause: its object (`mentioned the budget figures`,
    `called the claims baseless`) or the object of `for`/`about`/`against` (`called for a repeal`)."""
    doc = token.doc
    rights = [c for c in token.rights if objects and c.dep_ in _OBJECTS and (addressee is None or c.i != addressee.i)]
    if rights:
        # the object with what the verb says of it (`cited figures ... as signs of ...`)
        last = max(c.right_edge.i for c in rights)
        for c in token.rights:
            if c.dep_ in ("prep", "oprd", "advmod") and c.i == last + 1 and not _setting(c):
                last = c.right_edge.i
        # `by emphasizing fairness, and a need to ...`: a noun coordinated with the object that the parse hung
        # on a verb above
        heads = [token] + [a for a in list(token.ancestors)[:2] if a.pos_ in ("VERB", "AUX", "ADP")]
        for c in (c for h in heads for c in h.rights):
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and last < c.left_edge.i <= last + 3 and all(
                    t.is_punct or t.dep_ == "cc" for t in doc[last + 1:c.left_edge.i]):
                last = c.right_edge.i
        first = token.i + 1
        if first < len(doc) and doc[first].dep_ == "prt" and doc[first].head.i == token.i:
            first += 1  # `ruled out raising rates`: the particle belongs to the cue
        i, j = _cut_aside(doc, *_trim(doc, first, last + 1), participles=True)
        if addressee is not None and i <= addressee.right_edge.i:
            i, j = _trim(doc, addressee.right_edge.i + 1, j)
        if j - i >= 1:
            return _chars(doc, i, j), None
        return None, None
    # `spoke about ...`, `called for ...`, and `about` further on (`talked to reporters on Monday about ...`)
    prep = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in preps and (
        c.i <= token.i + 2 or c.lower_ == "about")), None)
    if prep is not None:
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if objects:
            i, j = _trim(doc, prep.i + 1, max(c.right_edge.i for c in objects) + 1)
            if j - i >= 2:
                return _chars(doc, i, j), prep
    return None, None


def clause_frame(token, sent, quoted=lambda _i: False) -> Frame | None:
    """A verb outside the cue lexicon that takes a full clause (`Okafor hinted that ...`, `He charges that
    ...`) attributes that clause to its subject when the subject names someone."""
    if token.pos_ != "VERB" or not token.tag_.startswith("VB") or token.lower_ in causative_forms():
        return None  # `had a goal ruled out`, `made them leave`: the clause is what the object does
    complement = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None)
    if complement is None or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in complement.children):
        return None
    # the clause follows the verb directly (`hinted that ...`, `charges countries ...`), not further on
    if complement.left_edge.i > token.i + 2:
        return None
    # and is a finite clause, not the small clause of `allow people to leave`, `made them leave`
    finite = complement.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.tag_ == "MD" or (c.dep_ == "mark" and c.lower_ in ("that", "whether", "if")) for c in complement.children)
    if not finite:
        return None
    if token.lower_ in perception_forms() and not any(
            c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in complement.children):
        return None  # `saw sales rise 8%`, `heard him say`: what was seen or heard, not a clause reported
    subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
    if subject is None or quoted(subject.i) or not _names_someone(subject):
        return None
    frame = verb_frame(token, sent, quoted, klass="belief")
    return frame


def noun_frame(token, sent, quoted=lambda _i: False, any_noun: bool = False) -> Frame | None:
    """`the mayor's claim that ...`, `a Harbor Gazette report that ...`: a noun of saying with its owner.
    With ``any_noun`` a noun outside the lexicon too (a candidate for the trained model to judge)."""
    if token.pos_ != "NOUN" or (token.lower_ not in cue_nouns() and not any_noun):
        return None
    clause = next((c for c in token.rights if c.dep_ in ("acl", "ccomp", "relcl") and any(
        g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    cue_end = token.idx + len(token)
    by = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("from", "by")), None)
    if clause is None:
        # `her criticism of the plan`, `Okafor's comments about the stadium`: what the words were about (also
        # after whom they came from: `criticism from the mayor over its cost`)
        after = {token.i + 1} | ({by.right_edge.i + 1} if by is not None and by.i == token.i + 1 else set())
        prep = next((c for c in token.rights if c.dep_ == "prep" and c.i in after
                     and c.lower_ in _TOPIC_NOUN and not _setting(c)), None)  # `remarks on Friday`: when
        clause = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if clause is None:
            return None
        if prep.i == token.i + 1:
            cue_end = prep.idx + len(prep)  # `criticism of`
    owner = next((c for c in token.lefts if c.dep_ == "poss"), None)
    if owner is None:
        owner = next((c for c in token.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"), None)
    if owner is None and by is not None:
        # `criticism from the council`, `a statement by the ministry`: who it comes from
        owner = next((c for c in by.children if c.dep_ == "pobj" and _names_someone(c)), None)
    if owner is None or quoted(owner.i):
        return None
    if owner.tag_ == "PRP$":
        # `Okafor stepped up her attacks on ...`: the owner named in the clause, not the pronoun that refers back
        owner = _clause_subject_for(owner, token) or owner
    doc = token.doc
    i, j = _cut_aside(doc, *_trim(doc, clause.left_edge.i, clause.right_edge.i + 1))
    content = _chars(doc, i, j)
    if content is None:
        return None
    owner_left = owner.left_edge.i
    return Frame(" ".join(t.lower_ for t in doc[token.i:token.i + 2] if t.idx < cue_end), token.idx, cue_end,
                 "belief", owner, doc[owner_left].idx, cue_end, sent.start_char, sent.end_char, content)


def _clause_subject_for(pronoun, noun):
    """The subject of the clause a noun is part of, when a possessive pronoun on the noun can refer to it: a
    person for `his`/`her`, a plural or coordinated subject for `their`, an organization for `its`."""
    node = noun
    for _ in range(4):
        if node.dep_ in SUBJECTS or node.head.i == node.i:
            return None  # the noun is itself the subject (`Her criticism was ...`)
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in node.children if c.dep_ in SUBJECTS), None)
            if subject is None or subject.i > pronoun.i or subject.pos_ == "PRON":
                return None
            low = pronoun.lower_
            if low in _GENDERED_POSSESSIVES:
                fits = subject.ent_type_ == "PERSON" or (subject.pos_ == "NOUN" and subject.tag_ == "NN"
                                                        and subject.lower_ in person_nouns())
            elif low == "their":
                fits = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
            else:
                fits = subject.ent_type_ in ("ORG", "GPE", "NORP") or subject.lower_ in institution_nouns()
            return subject if fits else None
    return None


_ATTITUDE_PREPS = frozenset({"of", "about", "on", "with", "toward", "towards", "over", "to"})


def adjective_frame(token, sent, quoted=lambda _i: False, any_adjective: bool = False) -> Frame | None:
    """`The senator has been critical of the plan`, `she is confident that ...`: an adjective of attitude, predicated of
    someone, reports what the attitude is about (a `that` clause or the object of its preposition). With
    ``any_adjective`` an adjective outside the lexicon too (a candidate for the trained model to judge)."""
    if token.pos_ != "ADJ" or token.dep_ != "acomp" or (token.lower_ not in stance_adjectives() and not any_adjective):
        return None
    head = token.head
    if head.pos_ not in ("AUX", "VERB"):
        return None
    subject = _subject(head)
    if subject is None or quoted(subject.i) or not _names_someone(subject):
        return None
    doc = token.doc
    cue_end = token.idx + len(token)
    clause = next((c for c in token.rights if c.dep_ == "ccomp"), None)
    if clause is None:
        prep = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in _ATTITUDE_PREPS), None)
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep is not None else []
        if not objects:
            return None
        clause = objects[0]
        cue_end = prep.idx + len(prep)
    i, j = _cut_aside(doc, *_trim(doc, clause.left_edge.i, clause.right_edge.i + 1), participles=True)
    if j - i == 1 and (doc[i].pos_ in ("PRON", "DET", "SCONJ") or len(doc[i]) < 3):
        return None  # `the cause she is passionate about that`: a relative word, not what the attitude is about
    content = _chars(doc, i, j)
    if content is None:
        return None
    s_left = subject.left_edge.i if subject.dep_ != "relcl" else subject.i
    attr_start = doc[min(s_left, token.i)].idx if subject.i < token.i else token.idx
    return Frame(" ".join(t.lower_ for t in doc[token.i:token.i + 2] if t.idx < cue_end), token.idx, cue_end,
                 "stance", subject, attr_start, cue_end, sent.start_char, sent.end_char, content)


def _someone_addressed(token) -> bool:
    """`told reporters`, `told the Courier`, `told him`: an object that can be spoken to."""
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ != "" or _names_someone(token) or (
        token.lower_ in addressee_nouns())


def _names_someone(token, depth: int = 0) -> bool:
    if token.lower_ in _THIRD_PERSON_SUBJECTS:
        return True
    if token.lower_ in ("who", "that") and token.head.dep_ == "relcl" and depth == 0:
        # `the governor, who declined to back the mayor`: a relative pronoun names what its clause modifies
        return _names_someone(token.head.head, 1)
    if token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if token.pos_ != "NOUN":
        return False
    # person nouns hold the speaker groups (`analysts`, `lawmakers`)
    return any(f in person_nouns() or f in institution_nouns() for f in noun_forms(token.lower_))



def _names_source(token, depth: int = 0) -> bool:
    """A named person or organization, or a document (`polls`, `a 2019 study`): a source that can show or find
    something. Pronouns are left out (`they found a shortcut` is no report)."""
    if token.lower_ in ("who", "that", "which") and token.head.dep_ == "relcl" and depth == 0:
        return _names_source(token.head.head, 1)
    if token.pos_ == "PRON":
        return False
    if token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    return token.lower_ in document_nouns() or token.lower_ in institution_nouns()


def source_frame(token, sent) -> Frame | None:
    """`According to TASS, ...`: the phrase names the source of the clause it modifies."""
    doc = token.doc
    for words, cue in source_phrases():
        n = len(words)
        if token.i + n > len(doc) or tuple(t.lower_ for t in doc[token.i:token.i + n]) != words:
            continue
        last = doc[token.i + n - 1]
        objects = [c for c in last.children if c.dep_ == "pobj"] or [c for c in token.subtree if c.dep_ == "pobj"]
        if not objects:
            return None
        obj = objects[0]
        owner = next((c for c in obj.children if c.dep_ in ("poss", "det")), None)
        if obj.pos_ == "NOUN" and not (_names_source(obj) or _names_someone(obj) or obj.lower_ in cue_nouns()) and (
                owner is None or owner.tag_ == "PRP$"):
            return None  # `according to plan`, `graded according to their value`: no source
        p_start, p_end = token.i, obj.right_edge.i + 1
        # the source is the noun phrase up to a comma (`According to X, the plan fails ...` misparsed as apposition)
        comma = next((t.i for t in doc[obj.i + 1:p_end] if t.text == ","), None)
        if comma is not None:
            p_end = comma
        # the content is the rest of the sentence on the phrase's longer side
        before = _trim(doc, sent.start, p_start)
        after = _trim(doc, p_end, sent.end)
        side = after if after[1] - after[0] >= before[1] - before[0] else before
        if side[1] - side[0] < 3:
            return None
        return Frame(cue, token.idx, last.idx + len(last), "source", obj, token.idx,
                     doc[p_end - 1].idx + len(doc[p_end - 1]), sent.start_char, sent.end_char,
                     _chars(doc, *side))
    return None


names_someone = _names_someone
subject_of = _subject

__all__ = ["Frame", "adjective_frame", "clause_frame", "names_someone", "noun_frame", "source_frame", "subject_of",
           "verb_frame"]
