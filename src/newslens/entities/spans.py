"""Name spans from spaCy's NER, with their boundaries repaired.

The model's spans run over what is not part of a name: scores and figures (`Calderton 212-6`), a lower-case tail
(`Novapress news agency`, `Gansu province`), a leading date word (`Tuesday Harwick Council ...`), a title
(`State Councilor Wang Yi`), a stray bracket (`(SCO`), two names joined by a comma or a preposition
(`Ashcombe at Millbrook`, `Fenwick Park , Bergen`). Each span is cut to the names it holds; a span with no capital
letter left is no name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newslens.entities.gazetteer import country_named, country_of_adjective
from newslens.entities.lexicon import MONTHS, honorifics, party_names, peerage_titles, title_words, titles_by_word
from newslens.entities.scan import Tokens
from newslens.entities.switches import on

_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")
_NOT_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "E.U.", "A.M.", "P.M.", "D.C."})
LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
_SPLIT_WORDS = frozenset({",", ";", "at", "near", "(", ")", "[", "]", "|", "/", "vs", "vs.", "v"})
_LEADING = frozenset({"the", "a", "an", "'s", "’s", "-", "–", "—", "'", '"', "“", "”", "‘", "’", ".", ":",
                      "ex", "former", "late", "then"})
_CONNECTORS = frozenset({"and", "&", "of", "the", ",", "-"})
# lower-case particles inside a person's name (`Ursula von der Leyen`, `Mohammed bin Salman`): the small model often
# ends a span on them or starts the next one after them
PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la", "le",
                       "bin", "ibn", "bint", "al", "el", "ben", "ter", "zu", "y"})
# pronouns are never names, whatever the label (`He` opening a line, which the model sometimes calls a PERSON)
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "his", "hers", "them", "us", "me",
                      "its", "their", "our", "my", "your", "this", "that", "these", "those", "who", "whom"})


@dataclass
class Candidate:
    """A name in the text, and what the entity layer has decided about it so far."""

    start: int  # token index
    end: int
    start_char: int
    end_char: int
    text: str
    label: str  # the spaCy label it came from ("" when found by propagation)
    type: str = "other"  # person | country | institution | place | other
    form: str = "name"
    iso3: str | None = None
    country: str | None = None
    strong: bool = False  # typed by a rule that outranks the model's label
    canonical: str | None = None  # the entity's name, when a rule knows it (`China's defense ministry`)

    @classmethod
    def from_tokens(cls, doc, start: int, end: int, label: str = "", **decided) -> Candidate:
        """The candidate covering tokens [start, end) of the doc."""
        start_char, end_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        # the span's own text (Doc.text would rebuild the whole document's text on every call)
        return cls(start, end, start_char, end_char, doc[start:end].text, label, **decided)

    @property
    def key(self) -> str:
        return self.text.casefold()


def _trim_lead(doc, start: int, end: int, person: bool) -> int:
    while start < end:
        token = doc[start]
        low = token.lower_
        if person and _particle_run(doc, start, end):
            break  # `von der Leyen`: the particles open the surname
        date_word = low in MONTHS and not person and start + 1 < end and doc[start + 1].text[:1].isupper()
        if low in _LEADING or token.is_punct or token.is_space or (date_word and token.text[:1].isupper()):
            start += 1
        elif token.text[:1].islower() and token.is_alpha and start + 1 < end:
            start += 1  # `ex-Norway`, `pro-Kyiv`: a lower-case word does not open a name
        elif person:
            n = title_at(doc, start, end)
            if n and peerage_name(doc, start, end):
                break  # `Lord Falconer`, `Prince Charles`: the title is part of the name
            party = _party_at(doc, start, end)
            if party and end - start - party >= 2:
                start += party  # `Lib Dem MP Lembit Opik`: the party is the person's, not their name
            elif end - start >= 3 and _descriptor_word(doc, start):
                start += 1  # `Broadcaster Chris Evans`, `Keeper Tony Bullock`
            elif n and start + n < end:
                start += n
            elif country_of_adjective(token.text) and start + 1 < end and title_at(doc, start + 1, end):
                start += 1  # `Russian President Vladimir Putin`
            elif low in _CONNECTORS and start + 1 < end:
                start += 1
            else:
                break
        else:
            break
    return start


_ROMAN = re.compile(r"^[IVX]{1,4}$")


def peerage_name(doc, start: int, end: int) -> bool:
    """Tokens [start, end) are a title of nobility or royalty and the one name it goes with: `Lord Falconer`,
    `Baroness Thatcher`, `Prince Charles`, `Queen Elizabeth II`, `Duke of Edinburgh`; not `Prince Charles
    Windsor` nor `Lord Chancellor` (a title)."""
    if end - start < 2 or doc[start].lower_ not in peerage_titles() or not doc[start].text[:1].isupper():
        return False
    rest = list(doc[start + 1:end])
    if rest[0].lower_ == "of":
        return len(rest) >= 2 and all(t.text[:1].isupper() for t in rest[1:])
    if len(rest) == 2 and _ROMAN.match(rest[1].text):
        rest = rest[:1]
    word = rest[0]
    return (len(rest) == 1 and word.text[:1].isupper() and word.text.replace("-", "").isalpha()
            and word.lower_ not in title_words())


def _peerage_start(doc, begin: int, end: int) -> int:
    """A person span of one name (and a numeral) right after a title of nobility or royalty opens with it
    (`Lord` + `Falconer`); a lone title runs on over `of` and the place (`Duke` + `of Edinburgh`)."""
    if begin > 0 and peerage_name(doc, begin - 1, end):
        return begin - 1
    return begin


def _peerage_end(doc, begin: int, end: int) -> int:
    """`Duke` labelled alone before `of Edinburgh`: the span runs on over `of` and the capitalized words."""
    if end - begin == 1 and doc[begin].lower_ in peerage_titles() and end + 1 < len(doc) and doc[end].lower_ == "of":
        k = end + 1
        while k < len(doc) and doc[k].text[:1].isupper() and doc[k].is_alpha and k - end <= 3:
            k += 1
        if k > end + 1:
            return k
    return end


GIVEN_NAME = 10_000  # people the first-name table counts under a word that is surely a given name (`Tony`)
NOT_A_NAME = 20  # ... and how many times fewer a capitalized word before it has, to be no given name (`Lawyer`)


def _descriptor_word(doc, i: int) -> bool:
    """A capitalized word before a surely given name that the first-name table counts twenty times fewer people
    under: a description opening the sentence (`Broadcaster Chris Evans`, `Lawyer Louise Christian`: 1,048
    people against 718,512), not a first name (`Hope Powell`)."""
    from newslens.firstnames import first_name_gender  # (the name table, read once per process)

    word, after = doc[i], doc[i + 1]
    if not word.is_alpha or not word.text[:1].isupper() or word.lower_ in peerage_titles() or (
            not after.text[:1].isupper() or after.text in PARTICLES or not after.whitespace_):
        return False  # `Joost van der Westhuizen`: `van` is no given name here, nor `Mercedes` of `Mercedes-Benz`
    own, given = first_name_gender(word.text), first_name_gender(after.text)
    return given is not None and given.count >= GIVEN_NAME and (own is None or own.count * NOT_A_NAME < given.count)


def _party_at(doc, start: int, end: int) -> int:
    """Length in tokens of a party's name opening the span (`Lib Dem`, `Tory`; models/party_names.txt)."""
    for n in (2, 1):
        if start + n <= end:
            key = " ".join(t.lower_ for t in doc[start:start + n])
            if doc[start].text[:1].isupper() and (key in party_names() or key + "s" in party_names()):
                return n
    return 0


def title_at(doc, start: int, end: int) -> int:
    """Length in tokens of the title that starts at token ``start`` (0 when none)."""
    for title in titles_by_word().get(doc[start].lower_, ()):
        n = len(title)
        if start + n <= end and all(doc[start + k].lower_ == title[k] for k in range(n)):
            return n
    return 0


def is_pronoun(token) -> bool:
    """`He`, `she`, `I`; not `US` or `IT`, which capitals make names."""
    return token.lower_ in PRONOUNS and not (token.text.isupper() and len(token.text) > 1)


def _particle_run(doc, start: int, end: int) -> bool:
    """Token ``start`` is a lower-case particle, and particles lead from it to a capitalized word inside the span."""
    i = start
    while i < end and doc[i].text in PARTICLES:
        i += 1
    return start < i < end and doc[i].text[:1].isupper()


def extend_person(doc, start: int, end: int) -> tuple[int, int]:
    """A person span widened over the name parts the model cut off: particles and the surname after them
    (`Ursula von der` + `Leyen`), particles before a surname (`von der` + `Leyen`), and the lower-case half of a
    hyphenated given name (`Moon Jae` + `-in`)."""
    n = len(doc)
    while True:
        k = end
        while k < n and k - end < 3 and doc[k].text in PARTICLES and doc[k - 1].whitespace_:
            k += 1  # particles after the span (or ending it) lead on to a capitalized surname
        last_particle = doc[end - 1].text in PARTICLES and end - 1 > start
        if (k > end or last_particle) and k < n and doc[k].text[:1].isupper() and doc[k].is_alpha:
            end = k + 1
            continue
        if (end + 1 < n and doc[end].text in ("-", "‑") and not doc[end - 1].whitespace_ and not doc[end].whitespace_
                and doc[end + 1].is_alpha and doc[end + 1].is_lower and len(doc[end + 1]) <= 4
                and doc[end - 1].text[:1].isupper()):
            end += 2  # `Moon Jae-in`, `Kim Jong-un`
            continue
        break
    for _ in range(3):  # `von der Leyen said`: the model labeled only `Leyen`
        if start < 1 or doc[start - 1].text not in PARTICLES or not doc[start - 1].whitespace_:
            break
        start -= 1
    return start, end


def _trim_tail(doc, start: int, end: int) -> int:
    while end > start:
        token = doc[end - 1]
        text = token.text
        if (token.is_punct and text != ".") or token.is_space or text in ("'s", "’s", "'", "’"):
            end -= 1
        elif on("score_trim") and (any(ch.isdigit() for ch in text) or token.like_num):
            end -= 1  # `Calderton 212-6`, `R. Okoro 87`
        elif text.islower() and token.is_alpha and end - 1 > start and not (
                doc[end - 2].text in ("-", "'", "’") and not doc[end - 2].whitespace_):
            end -= 1  # `Novapress news agency`, `Gansu province`; not `Kim Dae-seo`
        elif text == "." and end - 1 > start and len(doc[end - 2].text) > 1 and not doc[end - 2].text.isupper():
            end -= 1  # a sentence's full stop, not an abbreviation's
        else:
            break
    return end


def _pieces(doc, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at commas, brackets and locative prepositions that join two names, and before an
    honorific that starts a name inside it."""
    out, piece = [], start
    for i in range(start, end):
        token = doc[i]
        if token.lower_ in _SPLIT_WORDS or (token.is_punct and token.text in "()[]"):
            if i > piece:
                out.append((piece, i))
            piece = i + 1
        elif (token.text in ('"', "“", "”") and i > start and i + 1 < end) or (
                token.text in ("-", "–", "—") and token.whitespace_ and i > start and doc[i - 1].whitespace_):
            # a quoted nickname, or a spaced dash between two parts of a headline (`CURLING - NEW ZEALAND`)
            if i > piece:
                out.append((piece, i))
            piece = i + 1
        elif i > piece and i + 1 < end and token.lower_ in honorifics() and doc[i + 1].text[:1].isupper() and (
                doc[i - 1].lower_ not in title_words()):
            # `Foreign Policy Centre Mr Straw`: an honorific inside a span starts a person's name (`Minister Lord
            # Falconer` is one title and name, cut later)
            out.append((piece, i))
            piece = i
    if end > piece:
        out.append((piece, end))
    return out


def is_initial(text: str) -> bool:
    """`K.`, `J.R.`: a given name written as initials."""
    if _INITIAL.match(text) is None or text in _NOT_INITIALS:
        return False
    return len(text) == 2 or country_named(text) is None  # `U.S.` is no one's initials


def _extend_initials(doc, end: int) -> int:
    """A span that ends in an initial (`K.`) runs on over the capitalized name after it (`K. Brannock`)."""
    while end < len(doc) and is_initial(doc[end - 1].text) and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
    return end


_INITIALS_IN_TEXT = re.compile(r"(?<![\w.])(?:[A-Z]\.){1,3}\s*[A-Z]")


def initial_names(doc, text: str, taken: bytearray, tokens: Tokens) -> list[Candidate]:
    """`V. Tennakoon`, `T. O'Dowling`: initials before a capitalized word the model left unlabeled are a person."""
    out = []
    n = len(doc)
    for match in _INITIALS_IN_TEXT.finditer(text):
        i = tokens.at(match.start())
        if i is None or taken[i] or not is_initial(doc[i].text):
            continue
        end = i + 1
        while end < n and is_initial(doc[end].text) and not taken[end]:
            end += 1
        if end < n and not taken[end] and doc[end].text[:1].isupper() and doc[end].text[1:2].islower():
            end += 1
            out.append(Candidate.from_tokens(doc, i, end, type="person", strong=True))
            taken[i:end] = b"\x01" * (end - i)
    return out


def _first_names(doc, start: int, floor: int) -> int:
    """`Margot Delacroix` when the model labeled only `Delacroix`: up to two unlabeled capitalized proper nouns
    right before a one-word person name are the given names."""
    begin = start
    while begin > max(floor, start - 2):
        token = doc[begin - 1]
        word = token.text
        if (token.ent_iob_ != "O" or token.pos_ != "PROPN" or not word[:1].isupper() or not word.isalpha()
                or word.isupper() or token.lower_ in title_words() or token.lower_ in MONTHS
                or country_of_adjective(word) or country_named(word)):
            break
        begin -= 1
    return begin


def _conjoined_name_start(doc, begin: int) -> int:
    """`The Qualifications and Curriculum Authority`: the model may label only the words after `and`; capitalised
    words outside any entity between `the` and the `and` belong to the name."""
    if begin < 3 or doc[begin - 1].lower_ != "and":
        return begin
    i = begin - 2
    while i >= 0 and begin - 1 - i <= 3 and doc[i].is_alpha and doc[i].text[:1].isupper() and not doc[i].ent_type_ \
            and doc[i].lower_ != "the":
        i -= 1
    if i >= 0 and i < begin - 2 and doc[i].lower_ == "the":
        return i + 1
    return begin


def candidates(doc, text: str) -> list[Candidate]:
    """Repaired name spans of the NER labels newslens uses, in text order."""
    out: list[Candidate] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in LABELS:
            continue
        begin, end = ent.start, ent.end
        if label == "PERSON":
            end = _extend_initials(doc, end)
            begin, end = extend_person(doc, begin, end)
        if label == "ORG":
            begin = _conjoined_name_start(doc, begin)
        if label == "PERSON" and ent.end - ent.start == 1:
            begin = _first_names(doc, begin, out[-1].end if out else 0)
        if begin > 0 and is_initial(doc[begin - 1].text) and (not out or out[-1].end < begin) and label in (
                "PERSON", "ORG"):
            begin, label = begin - 1, "PERSON"  # `U. Jayasekera`, the model having labeled only the surname
        if begin > 0 and doc[begin - 1].lower_ in honorifics() and doc[begin].text[:1].isupper():
            label = "PERSON"  # `Mr Cable`, which the model may call an organization: an honorific names a person
        if label in ("PERSON", "ORG", "GPE") and _peerage_start(doc, begin, end) < begin:
            begin, label = begin - 1, "PERSON"  # `Lord` + `Falconer`, `Queen` + `Victoria`: a titled person
        if label == "PERSON":
            end = _peerage_end(doc, begin, end)
        for s, e in _pieces(doc, begin, end):
            # an honorific opening the span (or a piece of it) names a person too, whatever the label
            kind = "PERSON" if e - s >= 2 and doc[s].lower_ in honorifics() and doc[s + 1].text[:1].isupper() else label
            s = _trim_lead(doc, s, e, person=kind == "PERSON")
            e = _trim_tail(doc, s, e)
            if s >= e:
                continue
            span_text = text[doc[s].idx:doc[e - 1].idx + len(doc[e - 1])]
            if not any(ch.isupper() for ch in span_text) or (e - s == 1 and is_pronoun(doc[s])):
                continue
            if e - s == title_at(doc, s, e):
                continue  # a title alone (`Councilor`, `Secretary of State`) is no name
            start_char = doc[s].idx
            if out and s < out[-1].end:
                continue  # the previous span ran over this one (`K.` extended to `K. Brannock`)
            out.append(Candidate(s, e, start_char, start_char + len(span_text), span_text, kind))
    return out


_NAME_POS = frozenset({"PROPN", "NOUN", "VERB", "ADJ", "ADV", "PRON", "NUM"})


_CAPITAL_START = re.compile(r"(?<![\w'’.-])[A-Z]")


def unlabeled_names(doc, text: str, taken: bytearray, tokens: Tokens) -> list[Candidate]:
    """Runs of capitalized words that no rule and no model label covers (`Glamorgan`, tagged NOUN in a table;
    `Danius Gleveckas`, unlabeled): candidates of no type, for the classifier to judge. A capitalized common
    word opening a sentence, a month or a title alone is no run; a run stops at punctuation and spaces."""
    out: list[Candidate] = []
    n = len(doc)
    # only tokens that start with a capital can open a run: found by a regular expression over the text, not by
    # a Python object per token
    capital = bytearray(n)
    for match in _CAPITAL_START.finditer(text):
        i = tokens.at(match.start())
        if i is not None:
            capital[i] = 1
    i = 0
    while i < n:
        i = capital.find(1, i)
        if i < 0:
            break
        if taken[i] or not _run_word(doc[i]):
            i += 1
            continue
        start = i
        while i < n and capital[i] and not taken[i] and _run_word(doc[i]) and (i == start or doc[i - 1].whitespace_):
            i += 1
        while start < i and (doc[start].is_stop or doc[start].lower_ in MONTHS) and (
                doc[start].is_sent_start or start == 0 or not doc[start].text.isupper()):
            start += 1  # `The`, `But`, `Monday` opening the run
        if start >= i or (i - start == 1 and is_pronoun(doc[start])) or all(
                doc[k].lower_ in title_words() for k in range(start, i)):
            continue  # a pronoun, or a title alone (`State Councilor`)
        if i - start == 1 and doc[start].is_sent_start and doc[start].pos_ != "PROPN" and not doc[start].text.isupper():
            continue  # a capitalized common word opening a sentence
        out.append(Candidate.from_tokens(doc, start, i, label="EXTRA"))
    return out


def _run_word(token) -> bool:
    text = token.text
    return text[:1].isupper() and token.pos_ in _NAME_POS and (text.isalpha() or text.replace("-", "").replace(
        ".", "").replace("'", "").isalpha())
