"""Who a speaker is: the words naming them in the text, and the entity those words refer to.

A name resolves through the entity index (`Gao` -> `Gao Fei`); `he`/`she` to the person who spoke or was
named last; `the ministry` to the institution named before whose name has that noun; `analysts` and
`a senior official` are unnamed speakers; anything else keeps its own words and the type `unknown`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from newslens.entities.gender import article_clues
from newslens.entities.index import EntityIndex
from newslens.entities.lexicon import person_nouns
from newslens.gender import strongest
from newslens.pronouns import GENDERED, pronoun_gender, pronouns
from newslens.quotes.lexicon import (
    document_nouns,
    group_nouns,
    institution_nouns,
    noun_forms,
    party_names,
)
from newslens.quotes.syntax import QUOTE_TOKENS
from newslens.records import Mention

PERSONAL = pronouns(person="3", number="singular", genders=GENDERED)  # `his attacks on ...`: owners too
PLURAL = pronouns(number="plural")
NEUTER = pronouns(genders=frozenset({"neuter"}))
RELATIVE = frozenset({"who", "which", "that", "whom"})
_NP_DEPS = frozenset({"det", "poss", "case", "compound", "amod", "nmod", "nummod", "quantmod", "advmod", "predet"})
_DETERMINERS = frozenset({"a", "an", "the", "another", "some", "one", "two", "several", "many", "most", "other",
                          "this", "that", "these", "those"})
_TYPE_OF = {"person": "person", "institution": "institution", "country": "institution", "place": "institution"}


@dataclass(frozen=True)
class Speaker:
    name: str | None
    type: str  # person | institution | unnamed | unknown
    text: str
    start: int
    end: int
    role: str | None = None
    affiliation: str | None = None


def np_span(token) -> tuple[int, int]:
    """Token range [i, j) of the noun phrase headed by token: its left modifiers, not clauses or appositions."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in _NP_DEPS:
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "nummod") or (child.dep_ == "case" and child.i == right + 1):
            right = max(right, child.right_edge.i)
    doc = token.doc
    while left < token.i and (doc[left].is_punct or doc[left].text in QUOTE_TOKENS):
        left += 1
    return left, right + 1


def appositive(token) -> str | None:
    """The apposition after a speaker's name (`Gao Fei, a professor at X, said`), without its article."""
    for child in token.rights:
        if child.dep_ == "appos":
            words = [t for t in child.subtree if not (t.is_punct and t.i in (child.left_edge.i, child.right_edge.i))]
            doc, last = token.doc, child.right_edge.i
            while last + 2 < len(doc) and not doc[last].whitespace_ and doc[last + 1].dep_ == "appos" and (
                    doc[last + 1].head.i == token.i):
                # `Tory co-chairman`: the parse made each piece of a hyphenated word an apposition of its own
                words += list(doc[last + 1].subtree)
                last = doc[last + 1].right_edge.i
            while words and words[0].lower_ in ("a", "an", "the"):
                words = words[1:]
            if child.ent_type_ == "PERSON":
                continue  # `Kelly Holmes, former hurdler Alan Pascoe and ...`: a list of people, not a role
            if len(words) == 1 and words[0].is_upper and child.left_edge.i > 0 and (
                    child.doc[child.left_edge.i - 1].text == "(" or child.left_edge.text == "("):
                continue  # `(QCA)`: the name's acronym, not a role
            if words:
                text = "".join(t.text_with_ws for t in words[:-1]) + words[-1].text
                return text.strip(" ,")
    return None


def _roles_before_name(token) -> bool:
    """`chief executive Bill Owens` conjoined with a role (`president and ...`): lower-case words of a role, no
    article, before the name; `the mayor and Bill Owens` are two people."""
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ != "cc"]
    k = 0
    while k < len(words) and words[k].is_lower and words[k].pos_ in ("NOUN", "ADJ"):
        k += 1
    return 0 < k < len(words) and all(t.pos_ == "PROPN" for t in words[k:])


def _can_speak(token) -> bool:
    """An organization, a group of people or a document (`the committee`, `unions`, `the report`), not a thing
    that says nothing (`the measures`)."""
    return token.ent_type_ in ("ORG", "NORP", "GPE") or any(
        w in institution_nouns() or w in document_nouns() or w in group_nouns() or w in party_names()
        for w in noun_forms(token.lower_))


def _one_person(name: str) -> bool:
    """A noun for one person (`spokeswoman`, `cardinal`), not a group (`analysts`)."""
    word = name.split()[-1].lower()
    return word in person_nouns() and not (word.endswith("s") and word[:-1] in person_nouns())


def _names_person(role: str) -> bool:
    """Does an apposition describe a person? Its first noun before `of`/`at`/`from` says so."""
    head = re.split(r"\s+(?:of|at|from|for|with|in|on|and|who|whose)\s+", role.lower(), maxsplit=1)[0]
    words = head.split()
    return bool(words) and words[-1].strip(",.") in person_nouns()


class Resolver:
    """Resolves speakers of one article, remembering who spoke last for pronouns."""

    def __init__(self, doc, index: EntityIndex, text: str | None = None,
                 quoted: Callable[[int], bool] = lambda _pos: False) -> None:
        self.doc = doc
        self.quoted = quoted  # is a character inside a quotation? (a name in someone's quoted words is no subject)
        self.index = index
        self.text = doc.text if text is None else text
        self.last: list[tuple[int, Speaker]] = []  # (position, speaker) of resolved speakers, in text order
        self.last_positions: list[int] = []  # their positions, to find a window of them by bisection
        self.described: tuple[int, Speaker] | None = None  # the last speaker named by a noun (`a spokeswoman`)
        self.person_words: dict[str, Speaker] = {}  # words of full names of people who spoke
        self.gender: dict[str, str] = {}  # person -> m | f, from what the article says of them
        self._learn_genders()

    def remember(self, pos: int, speaker: Speaker) -> None:
        if speaker.name and speaker.type in ("unnamed", "unknown") and _one_person(speaker.name) and (
                speaker.text.split()[0].lower() in ("a", "an")):
            # `a spokeswoman for the council`: someone new (`the chancellor` is more likely someone named before)
            self.described = (pos, speaker)
        if speaker.name and speaker.type != "unknown":
            self.last.append((pos, speaker))
            self.last_positions.append(pos)
        if speaker.type == "person" and speaker.name and len(speaker.name.split()) > 1:
            for word in speaker.name.split():
                self.person_words.setdefault(word, speaker)

    def _known_person(self, word: str, start: int, end: int, role: str | None) -> Speaker | None:
        """A one-word name (`Sun`) of a person who spoke before under a full name (`Sun Zhuangzhi`)."""
        known = self.person_words.get(word)
        if known is None:
            return None
        return Speaker(known.name, "person", self.text[start:end], start, end, known.role or role, known.affiliation)

    def _affiliation(self, token, i: int) -> str | None:
        """`A spokesman for the Casino Association`, `a Home Office official`, `officials at the ministry`: the
        institution an unnamed speaker speaks for, named in the phrase or in its `for`/`at`/`from` phrase."""
        doc = self.doc
        spans = [(doc[i].idx, token.idx)]
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "at", "from", "of") and prep.i == token.i + 1:
                spans.append((prep.idx, prep.right_edge.idx + len(prep.right_edge)))
        for s, e in spans:
            found = [m for m in self.index.mentions_in(s, e) if m.type in ("institution", "country")]
            if found:
                return found[0].entity
        return None

    def _person_inside(self, start: int, end: int) -> Mention | None:
        """The one person named inside [start, end), not as an owner (`Frank Field's spokesman`)."""
        people = [m for m in self.index.mentions_in(start, end) if m.type == "person" and m.form != "pronoun"
                  and self.text[m.end:m.end + 1] not in ("'", "’")]
        return people[0] if len({m.entity for m in people}) == 1 else None

    def _headline_surname(self, word: str, start: int, end: int, role: str | None) -> Speaker | None:
        """`Straw praises Kashmir moves`: a surname in the headline names the one person of that surname the
        article names in full further down."""
        if self.text.find("\n", 0, start) >= 0:
            return None
        people = [e for e in self.index.entities if e.type == "person" and " " in e.name
                  and e.name.split()[-1] == word]
        if len(people) != 1:
            return None
        return Speaker(people[0].name, "person", self.text[start:end], start, end, people[0].role or role,
                       people[0].affiliation)

    def _entity_fields(self, name: str, role: str | None) -> tuple[str | None, str | None]:
        entity = self.index.entity(name)
        if entity is None:
            return role, None
        return entity.role or role, entity.affiliation

    def from_mention(self, mention: Mention, start: int, end: int, role: str | None = None) -> Speaker:
        stype = _TYPE_OF.get(mention.type, "unknown")
        role, affiliation = self._entity_fields(mention.entity, role)
        return Speaker(mention.entity, stype, self.text[start:end], start, end, role, affiliation)

    def _previous(self, pos: int, want: tuple[str, ...], window: int = 1500) -> Speaker | None:
        """The last speaker of the wanted types before pos, within a window of characters."""
        for p, speaker in reversed(self.last):
            if p < pos - window:
                break
            if p < pos and speaker.type in want:
                return speaker
        return None

    def resolve_token(self, token, content: tuple[int, int] | None = None) -> Speaker:
        """The speaker named by the noun phrase headed by token (content: the span of what they said): the first
        of ``TOKEN_STRATEGIES`` with an answer, else the phrase's own words (type `unknown`)."""
        if token.lower_ in RELATIVE and token.head.dep_ == "relcl":
            # `Quarles, who emphasized ...`: the words in the text are `who`, the speaker is the noun it modifies
            head = self.resolve_token(token.head.head)
            start, end = token.idx, token.idx + len(token)
            return Speaker(head.name, head.type, self.text[start:end], start, end, head.role, head.affiliation)
        phrase = _Phrase(self, token, content)
        for strategy in TOKEN_STRATEGIES:
            found = strategy(self, phrase)
            if found is not None:
                return found
        return Speaker(phrase.words, "unknown", self.text[phrase.start:phrase.end], phrase.start, phrase.end,
                       phrase.role)

    def _named_in_apposition(self, token) -> Mention | None:
        """The person an apposition of a noun names (`the chairman, Ian Blake,`)."""
        for child in token.rights:
            if child.dep_ == "appos" or (child.dep_ == "conj" and _roles_before_name(child)):
                mention = self.index.mention_at(child.idx, child.idx + len(child))
                if mention is not None and mention.type == "person" and mention.form != "pronoun" and (
                        child.left_edge.idx <= mention.start and mention.end <= child.right_edge.idx
                        + len(child.right_edge)):
                    return mention
        return None

    def _trim_det(self, i: int, j: int) -> int:
        while i < j - 1 and self.doc[i].lower_ in _DETERMINERS:
            i += 1
        return i

    def _institution_named(self, noun: str, pos: int) -> Mention | None:
        """`the ministry`: the institution named before with that noun in its name (`the party`: else a party by
        its short name, `Labour`)."""
        named = self.index.last_before(pos, "institution", word=noun)
        if named is None and noun == "party":
            named = self.index.last_before(pos, "institution", names=party_names())
        return named

    def _pronoun(self, token, content: tuple[int, int] | None = None) -> Speaker:
        start, end = token.idx, token.idx + len(token)
        # `"I've had a word with Olof," he said`: people do not name themselves in what they say
        named_inside = {m.entity for m in self.index.mentions_in(*content)
                        if m.form != "pronoun" and self.quoted(m.start)} if content else ()
        low = token.lower_
        antecedent: Speaker | None = None
        if low in PERSONAL:
            want = "m" if pronoun_gender(low) == "male" else "f"
            described = self._described_before(start, want)
            for candidate in () if described is not None else self._people_before(start):
                name = candidate.name if isinstance(candidate, Speaker) else candidate.entity
                if self.gender.get(name, want) != want or name in named_inside:
                    continue  # `she` is not the man named last
                if isinstance(candidate, Speaker):
                    antecedent = candidate
                    break
                return self.from_mention(candidate, start, end)
            antecedent = antecedent or described
        elif low in PLURAL:
            antecedent = self._previous(start, ("unnamed", "institution"), window=600)
            antecedent = antecedent or self._subject_before(token, plural=True)
        elif low in NEUTER:
            antecedent = self._previous(start, ("institution",), window=600)
            antecedent = antecedent or self._subject_before(token, plural=False)
        if antecedent is not None:
            return Speaker(antecedent.name, antecedent.type, self.text[start:end], start, end, antecedent.role,
                           antecedent.affiliation)
        return Speaker(None, "unknown", self.text[start:end], start, end)

    def _described_before(self, pos: int, want: str, window: int = 600) -> Speaker | None:
        """`A spokeswoman said ... She added:`: the last speaker, someone new named only by a noun for one
        person, when no person spoke or was named since."""
        if self.described is None:
            return None
        at, speaker = self.described
        since = self.last[bisect.bisect_right(self.last_positions, at):bisect.bisect_left(self.last_positions, pos)]
        if at < pos - window or any(s.type == "person" for _, s in since):
            return None
        if any(m.type == "person" and m.form != "pronoun" and not self.quoted(m.start)
               for m in self.index.mentions_in(at, pos)):
            return None
        word = speaker.name.split()[-1].lower()
        gender = "f" if word.endswith("woman") else "m" if word.endswith("man") else None  # `spokeswoman`
        return speaker if gender in (None, want) else None

    def _subject_before(self, token, plural: bool) -> Speaker | None:
        """`The committee found ... It warned that ...`: for `it`/`they` that no speaker before fits, the subject
        of the sentence before, in the same paragraph, when it is a thing or group of the right number."""
        doc = self.doc
        sent = token.sent
        if sent.start == 0 or "\n" in doc[sent.start - 1].text:
            return None
        root = doc[sent.start - 1].sent.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ not in ("NOUN", "PROPN") or subject.ent_type_ == "PERSON" or (
                subject.lower_ in person_nouns() and subject.tag_ in ("NN", "NNP")):
            return None
        many = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
        if many != plural or not _can_speak(subject):
            return None
        return self.resolve_token(subject)

    def _people_before(self, pos: int, window: int = 1500):
        """Who `he`/`she` may be, likeliest first: people named as a subject since the last speaker, the
        speakers before (latest first), then the person named last."""
        window_start = bisect.bisect_left(self.last_positions, pos - window)
        speakers = [(p, s) for p, s in self.last[window_start:bisect.bisect_left(self.last_positions, pos)]
                    if s.type == "person"]
        last_pos = speakers[-1][0] if speakers else pos - window
        mentions = [m for m in self.index.mentions_in(max(0, pos - window), pos)
                    if m.type == "person" and m.form != "pronoun"]
        for m in reversed(mentions):
            if m.start > last_pos and not self.quoted(m.start):
                tok = self._token_at(m.end - 1)  # the last word of a name heads it
                if tok is not None and tok.dep_ in ("nsubj", "nsubjpass"):
                    yield m
        for _, speaker in reversed(speakers):
            yield speaker
        if mentions:
            yield mentions[-1]

    def _learn_genders(self) -> None:
        """What the article says of its people's gender, for `he`/`she` later on: a person named with `Ms`,
        `Sir`, called `spokeswoman` or `a father of two`, or whose own pronoun the parse shows (`Holmes marked
        her first appearance`): the entity layer's clues; clues of both genders say nothing. (A pronoun this
        resolver attached is not learnt from: one wrong guess would carry on through the article.)"""
        by_person: dict[str, list] = {}
        clues = self.index.clues if self.index.clues is not None else article_clues(self.doc, self.index)
        for clue in clues:
            by_person.setdefault(clue.entity, []).append(clue)
        for name, found in by_person.items():
            genders = {c.gender for c in strongest(found)}  # an honorific or a noun outweighs a pronoun
            if len(genders) == 1:
                self.gender[name] = "m" if genders.pop() == "male" else "f"

    def _token_at(self, char: int):
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None


class _Phrase:
    """What the speaker strategies ask of the noun phrase headed by a token."""

    def __init__(self, resolver: Resolver, token, content) -> None:
        doc = resolver.doc
        self.token, self.content, self.low = token, content, token.lower_
        self.i, self.j = np_span(token)
        self.start, self.end = doc[self.i].idx, doc[self.j - 1].idx + len(doc[self.j - 1])
        self.role = appositive(token)
        self.mention = resolver.index.mention_at(token.idx, token.idx + len(token))
        first = resolver._trim_det(self.i, self.j)
        self.words_start = doc[first].idx if first < self.j else self.start
        self.words = resolver.text[self.words_start:self.end]


def named_in_apposition(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`Its leader, Roger Knapman, said`: the apposition names the speaker; the noun is their role."""
    token, doc = ph.token, r.doc
    if ph.mention is not None or token.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    named = r._named_in_apposition(token)
    is_role = ph.low in person_nouns()
    if named is None or (not is_role and "," not in r.text[ph.end:named.start]):
        return None  # a noun that is no role names someone only in an apposition set off by commas
    start, end = ph.start, ph.end
    k = r._trim_det(ph.i, ph.j)
    k += k < ph.j - 1 and doc[k].tag_ == "PRP$"  # `its leader`
    # `said Nortel president and chief executive Bill Owens`: a second role before the name goes with it
    between = r.text[end:named.start] if named.start > end else None
    described = r.text[doc[k].idx:named.start if between and "," not in between else end].rstrip()
    if between and "," not in between:
        end = named.end
    base = r.from_mention(named, start, end)
    return Speaker(base.name, base.type, r.text[start:end], start, end, base.role or (described if is_role else None),
                   base.affiliation)


def known_by_one_word(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`Sun`, tagged as no person, who spoke before under a full name."""
    m = ph.mention
    if m is not None and m.type != "person" and " " not in m.text:
        return r._known_person(m.text, m.start, m.end, ph.role)
    return None


def named_entity(r: Resolver, ph: _Phrase) -> Speaker | None:
    """A name the entity layer found: a person by the mention, an institution by its whole noun phrase
    (`China's defense ministry`)."""
    m = ph.mention
    if m is None or m.type not in _TYPE_OF or m.form == "pronoun":
        return None
    if m.type == "person":
        return r.from_mention(m, m.start, m.end, ph.role)
    s, e = (ph.words_start, ph.end) if r._trim_det(ph.i, ph.j) < ph.j else (m.start, m.end)
    if s <= m.start and e >= m.end and (s, e) != (m.start, m.end):
        name = m.entity if ph.low not in institution_nouns() else r.text[s:e]
        base = r.from_mention(m, s, e, ph.role)
        return Speaker(name, base.type, base.text, s, e, base.role, base.affiliation)
    return r.from_mention(m, m.start, m.end, ph.role)


def pronoun(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`he`, `she`, `they`, `it`: who spoke or was named before (``Resolver._pronoun``)."""
    if ph.token.pos_ == "PRON" or ph.low in PERSONAL | PLURAL | NEUTER:
        return r._pronoun(ph.token, ph.content)
    return None


def title_after_name(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`Former welfare minister Frank Field MP said`: the phrase's head is a post-nominal title right after the
    name."""
    token, doc = ph.token, r.doc
    if not (token.is_upper and token.is_alpha and len(token) <= 4):
        return None
    inside = r._person_inside(ph.start, ph.end)
    if inside is None or inside.end >= token.idx or r.text[inside.end:token.idx].strip():
        return None
    described = r.text[doc[r._trim_det(ph.i, ph.j)].idx:inside.start].strip() or None
    return r.from_mention(inside, ph.start, ph.end, described)


def party(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`the Tories say`: a party by its short name."""
    if ph.words.lower() in party_names():
        return Speaker(ph.words, "institution", r.text[ph.start:ph.end], ph.start, ph.end, ph.role)
    return None


def group(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`analysts`, `a senior official`: an unnamed speaker, with the institution they speak for."""
    if ph.low not in group_nouns():
        return None
    doc = r.doc
    name = ph.words if any(t.pos_ == "PROPN" for t in doc[ph.i:ph.j]) else ph.words.lower()
    return Speaker(name, "unnamed", r.text[ph.start:ph.end], ph.start, ph.end, ph.role,
                   r._affiliation(ph.token, ph.i))


def document(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`the report found`, `polls show`, `a 2019 study`: a document speaks for whoever wrote it."""
    if any(w in document_nouns() for w in noun_forms(ph.low)) and ph.token.pos_ == "NOUN":
        return Speaker(ph.words, "document", r.text[ph.start:ph.end], ph.start, ph.end, ph.role)
    return None


def institution_noun(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`the ministry`: the institution named before with that noun in its name; `The party`: the party that
    spoke by its short name; else the noun phrase as an institution."""
    if ph.low not in institution_nouns():
        return None
    doc, start, end = r.doc, ph.start, ph.end
    if doc[ph.i].lower_ == "the" and ph.j - ph.i <= 2:
        antecedent = r._institution_named(ph.low, start)
        if antecedent is not None:
            return r.from_mention(antecedent, start, end, ph.role)
        named = next((sp for p, sp in reversed(r.last) if p < start and sp.type == "institution"
                      and sp.name and sp.name.lower() in party_names()), None) if ph.low == "party" else None
        if named is not None:
            return Speaker(named.name, named.type, r.text[start:end], start, end, ph.role)
    return Speaker(ph.words, "institution", r.text[start:end], start, end, ph.role)


def role_holder(r: Resolver, ph: _Phrase) -> Speaker | None:
    """`the chancellor said`, `the Tory leader`: the person the article names in that role before
    (``EntityIndex.role_holder``: a qualified office, `shadow chancellor`, is another role)."""
    doc = r.doc
    if doc[ph.i].lower_ != "the" or ph.j - ph.i < 2 or ph.token.pos_ != "NOUN":
        return None
    holder = r.index.role_holder(r.text[ph.start:ph.end], ph.start)
    if holder is None:
        return None
    return Speaker(holder.name, "person", r.text[ph.start:ph.end], ph.start, ph.end, holder.role, holder.affiliation)


def proper_name(r: Resolver, ph: _Phrase) -> Speaker | None:
    """A name the entity layer did not list: a surname of someone who spoke or of the headline, or a name with
    an apposition that names a person's occupation (`Sun Zhuangzhi, an expert on ..., said`)."""
    token, doc = ph.token, r.doc
    if token.pos_ != "PROPN":
        return None
    if ph.j - ph.i == 1:
        known = r._known_person(token.text, ph.start, ph.end, ph.role) or r._headline_surname(
            token.text, ph.start, ph.end, ph.role)
        if known is not None:
            return known
    if ph.role and _names_person(ph.role) and all(t.pos_ == "PROPN" for t in doc[ph.i:ph.j]):
        return Speaker(ph.words, "person", r.text[ph.start:ph.end], ph.start, ph.end, ph.role)
    return None


TOKEN_STRATEGIES = (named_in_apposition, known_by_one_word, named_entity, pronoun, title_after_name, party, group,
                    document, institution_noun, role_holder, proper_name)

__all__ = ["TOKEN_STRATEGIES", "Resolver", "Speaker", "appositive", "np_span"]
