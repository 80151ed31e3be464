"""The attribute ruler's rules through lookups (newslens.attributes): the same Doc as spaCy's AttributeRuler, on
hand-built Docs with every kind of rule the model's ruler has, and on real parses of the seed and test articles."""

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from conftest import DATA, SEED
from newslens.attributes import TagAttributes, Unsupported, swap_in

ATTRS = [POS, TAG, MORPH, LEMMA, DEP, HEAD]

# every kind of rule the model's ruler has: a tag map, word exceptions, dependency conditions, IN / NOT_IN / REGEX,
# two-token rules with an index (negative too), a rule of two patterns, space tokens, and later rules that win
PATTERNS = [
    {"patterns": [[{"LOWER": "there", "TAG": "RB"}]], "attrs": {"POS": "PRON"}},  # overruled by the tag's, below
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "RB"}]], "attrs": {"POS": "ADV"}},
    {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON", "MORPH": "PronType=Prs"}},
    {"patterns": [[{"TAG": "PRP", "LOWER": "it"}]], "attrs": {"MORPH": "Gender=Neut|Person=3|PronType=Prs"}},
    {"patterns": [[{"LOWER": "it", "DEP": "nsubj"}]], "attrs": {"MORPH": "Case=Nom|Gender=Neut|PronType=Prs"}},
    {"patterns": [[{"TAG": "VBZ"}], [{"TAG": "VBP"}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}, "index": 0},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing", "POS": "PRON"}},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]], "attrs": {"POS": "VERB"}, "index": -1},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"TAG": "_SP", "IS_SPACE": False}]], "attrs": {"POS": "X"}},
]

WORDS = ["It", "is", "gon", "na", "rain", ",", "y'", "all", ":", "nothin'", "is", "there", "\n", "and", "it", "'s",
         "cold", "there", "are", "no", "umbrellas", "left"]
TAGS = ["PRP", "VBZ", "VBG", "TO", "VB", ",", "PRP", "DT", ":", "NN", "VBZ", "RB", "_SP", "CC", "PRP", "VBZ", "JJ",
        "EX", "VBP", "DT", "NNS", "VBN"]
DEPS = ["nsubj", "aux", "ROOT", "aux", "xcomp", "punct", "npadvmod", "det", "punct", "nsubj", "conj", "advmod", "dep",
        "cc", "nsubj", "auxpass", "acomp", "expl", "conj", "det", "attr", "acl"]
HEADS = [2, 2, 2, 4, 2, 2, 2, 6, 2, 10, 2, 10, 11, 2, 15, 2, 15, 18, 2, 20, 18, 20]


def hand_built(vocab=None) -> Doc:
    return Doc(vocab or spacy.blank("en").vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)


def spacys(doc: Doc, patterns) -> Doc:
    ruler = AttributeRuler(doc.vocab)
    ruler.add_patterns(patterns)
    return ruler(doc)


def same(a: Doc, b: Doc) -> bool:
    return (numpy.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)) and [str(t.morph) for t in a] == [
        str(t.morph) for t in b] and [t.lemma_ for t in a] == [t.lemma_ for t in b])


def test_every_kind_of_rule_gives_spacys_doc():
    doc = hand_built()
    theirs = spacys(doc.copy(), PATTERNS)
    ours = TagAttributes(doc.vocab, PATTERNS)(doc.copy())
    assert same(theirs, ours)
    # and the rules did something: precedence, two-token rules, the REGEX, the space token's dependency
    assert [ours[k].pos_ for k in (0, 1, 9, 12, 18, 10)] == ["PRON", "AUX", "PRON", "SPACE", "VERB", "VERB"]
    assert str(ours[0].morph) == "Case=Nom|Gender=Neut|PronType=Prs"  # the later rule won
    assert str(ours[14].morph) == "Case=Nom|Gender=Neut|PronType=Prs"
    assert [ours[k].lemma_ for k in (2, 3, 6, 9)] == ["go", "to", "you", "nothing"]
    assert ours[12].dep_ == "dep" and ours[15].pos_ == "AUX" and ours[11].pos_ == "ADV"


def test_a_rule_it_cannot_read_leaves_spacys_ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([*PATTERNS, {"patterns": [[{"POS": "NOUN", "OP": "+"}]], "attrs": {"TAG": "NN"}}])
    with pytest.raises(Unsupported):
        TagAttributes(nlp.vocab, ruler.patterns)
    assert swap_in(nlp).pipe_names == ["attribute_ruler"]


def test_swap_in_puts_the_rules_in_the_rulers_place():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("attribute_ruler").add_patterns(PATTERNS)
    nlp.add_pipe("sentencizer", name="after")
    assert swap_in(nlp).pipe_names == ["sentencizer", "tag_attributes", "after"]
    doc = hand_built(nlp.vocab)
    assert same(nlp.get_pipe("tag_attributes")(doc.copy()), spacys(doc.copy(), PATTERNS))


def test_the_models_rules_give_the_same_parses():
    """On the model's own ruler and real parses (the seed and the test articles), newslens's Doc is spaCy's."""
    from newslens.pipeline import EXCLUDED, model_name
    from newslens.tokenizer import guard

    nlp = guard(spacy.load(model_name(), exclude=list(EXCLUDED)))
    ruler = nlp.get_pipe("attribute_ruler")
    ours = TagAttributes(nlp.vocab, ruler.patterns)
    texts = [SEED.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8", errors="replace")
                                                   for p in sorted((DATA / "articles").glob("*.txt"))]
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(nlp.pipe(texts))
    assert sum(len(d) for d in docs) > 500
    for doc in docs:
        assert same(ruler(doc.copy()), ours(doc.copy()))
