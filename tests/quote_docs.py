"""Hand-built Docs for the quote layer's tests: words, tags, heads and dependencies given, so that a rule is
tested without depending on what the statistical model predicts; an entity index from given names."""

from __future__ import annotations

from spacy.tokens import Doc

from newslens.entities.index import EntityIndex
from newslens.records import Entity, Mention

POS = {"NNP": "PROPN", "NNPS": "PROPN", "NN": "NOUN", "NNS": "NOUN", "PRP": "PRON", "VBD": "VERB", "VBZ": "VERB",
       "VBP": "VERB", "VB": "VERB", "VBN": "VERB", "VBG": "VERB", "MD": "AUX", "IN": "ADP", "DT": "DET",
       "TO": "PART", "JJ": "ADJ", "RB": "ADV", ",": "PUNCT", ".": "PUNCT", "``": "PUNCT", "''": "PUNCT",
       ":": "PUNCT", "WP": "PRON", "CC": "CCONJ", "POS": "PART", "UH": "INTJ", "HYPH": "PUNCT", "_SP": "SPACE",
       "CD": "NUM", "JJS": "ADJ", "RP": "ADP", "-LRB-": "PUNCT", "-RRB-": "PUNCT", "WRB": "ADV", "PRP$": "PRON",
       "WDT": "PRON"}


def build(nlp, text: str, spec: str, ents: tuple[tuple[int, int, str], ...] = ()) -> Doc:
    """A Doc of ``text`` from a spec: one `word/TAG/dep/head` per token, heads as token indexes; ``ents`` as
    (first token, end token, label)."""
    rows = [item.replace("NL", "\n\n").rsplit("/", 3) for item in spec.split()]
    words = [w for w, _, _, _ in rows]
    spaces, pos = [], 0
    for word in words:
        start = text.index(word, pos)
        assert text[pos:start].strip() == "", (word, text[pos:start])
        pos = start + len(word)
        spaces.append(pos < len(text) and text[pos] == " " and not word.isspace())
    doc = Doc(nlp.vocab, words=words, spaces=spaces, tags=[t for _, t, _, _ in rows],
              pos=[POS[t] for _, t, _, _ in rows], deps=[d for _, _, d, _ in rows],
              heads=[int(h) for _, _, _, h in rows])
    assert doc.text == text
    if ents:
        from spacy.tokens import Span

        doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def index_of(doc: Doc, people: dict[str, str] = (), institutions: tuple[str, ...] = ()) -> EntityIndex:
    """Mentions for every occurrence of the given surface forms: people maps a form to its full name."""
    text, mentions, entities = doc.text, [], {}
    for forms, type_ in ((dict(people), "person"), ({i: i for i in institutions}, "institution")):
        for form, name in forms.items():
            pos = text.find(form)
            while pos >= 0:
                mentions.append(Mention("t", name, type_, form, pos, pos + len(form),
                                        "name" if form == name else "alias"))
                pos = text.find(form, pos + 1)
            entities[name] = Entity(name, type_)
    return EntityIndex("t", list(entities.values()), mentions)




def quotes_of(nlp, text: str, spec: str, people: dict[str, str] = (), ents=(), system: str = "rules"):
    """The quotes the layer finds in a hand-built Doc, with the given people (the rules' scores by default: the
    test is about what comes after the choice of contents, not the model)."""
    from newslens.quotes import extract_quotes

    doc = build(nlp, text, spec, ents)
    return extract_quotes(doc, index_of(doc, people), "t", system=system)
