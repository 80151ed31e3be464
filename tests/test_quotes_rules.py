"""Quote attribution rules on hand-built Docs: words, tags, heads and dependencies given, so the rules are
tested without depending on what the statistical model predicts. Speakers come from a hand-built entity index.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from newslens.entities.index import EntityIndex
from newslens.quotes import extract_quotes
from newslens.records import Entity, Mention

POS = {"NNP": "PROPN", "NNPS": "PROPN", "NN": "NOUN", "NNS": "NOUN", "PRP": "PRON", "VBD": "VERB", "VBZ": "VERB",
       "VBP": "VERB", "VB": "VERB", "VBN": "VERB", "VBG": "VERB", "MD": "AUX", "IN": "ADP", "DT": "DET",
       "TO": "PART", "JJ": "ADJ", "RB": "ADV", ",": "PUNCT", ".": "PUNCT", "``": "PUNCT", "''": "PUNCT",
       ":": "PUNCT", "WP": "PRON", "CC": "CCONJ", "POS": "PART", "UH": "INTJ", "HYPH": "PUNCT", "_SP": "SPACE",
       "CD": "NUM", "JJS": "ADJ", "RP": "ADP", "-LRB-": "PUNCT", "-RRB-": "PUNCT", "WRB": "ADV", "PRP$": "PRON",
       "WDT": "PRON"}


def build(nlp, text: str, spec: str) -> Doc:
    """A Doc of ``text`` from a spec: one `word/TAG/dep/head` per token, heads as token indexes."""
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


def quotes_of(nlp, text, spec, **index):
    doc = build(nlp, text, spec)
    quotes = extract_quotes(doc, index_of(doc, **index), "t", system="rules")  # the rules, not the trained model
    for q in quotes:
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text
    return quotes


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.blank("en")


def test_direct_quote_before_its_attribution(nlp):
    (q,) = quotes_of(nlp, '"We will win," Gao said.',
                     '"/``/punct/7 We/PRP/nsubj/3 will/MD/aux/3 win/VB/ccomp/7 ,/,/punct/7 "/\'\'/punct/7 '
                     'Gao/NNP/nsubj/7 said/VBD/ROOT/7 ././punct/7',
                     people={"Gao": "Gao Fei"})
    assert (q.speaker, q.speaker_type, q.speaker_text, q.cue, q.kind, q.text) == (
        "Gao Fei", "person", "Gao", "said", "direct", "We will win")


def test_direct_quote_after_a_colon(nlp):
    (q,) = quotes_of(nlp, 'Sun said: "Ties are strong."',
                     'Sun/NNP/nsubj/1 said/VBD/ROOT/1 :/:/punct/1 "/``/punct/5 Ties/NNS/nsubj/5 are/VBP/ccomp/1 '
                     'strong/JJ/acomp/5 ././punct/1 "/\'\'/punct/1', people={"Sun": "Sun Zhuangzhi"})
    assert (q.speaker, q.kind, q.cue, q.text) == ("Sun Zhuangzhi", "direct", "said", "Ties are strong.")


def test_inverted_attribution_with_apposition_and_addressee(nlp):
    text = '"Ties are strong," Gao Fei, a professor, told the Global Times.'
    spec = ('"/``/punct/12 Ties/NNS/nsubj/2 are/VBP/ccomp/12 strong/JJ/acomp/2 ,/,/punct/12 "/\'\'/punct/12 '
            'Gao/NNP/compound/7 Fei/NNP/nsubj/12 ,/,/punct/7 a/DT/det/10 professor/NN/appos/7 ,/,/punct/7 '
            'told/VBD/ROOT/12 the/DT/det/15 Global/NNP/compound/15 Times/NNP/dobj/12 ././punct/12')
    (q,) = quotes_of(nlp, text, spec, people={"Gao Fei": "Gao Fei"}, institutions=("Global Times",))
    assert (q.speaker, q.speaker_text, q.cue, q.addressee, q.role, q.text) == (
        "Gao Fei", "Gao Fei", "told", "Global Times", "professor", "Ties are strong")


def test_reported_speech_with_that(nlp):
    (q,) = quotes_of(nlp, "Gao said that China will win.",
                     "Gao/NNP/nsubj/1 said/VBD/ROOT/1 that/IN/mark/5 China/NNP/nsubj/5 will/MD/aux/5 "
                     "win/VB/ccomp/1 ././punct/1", people={"Gao": "Gao Fei"})
    assert (q.speaker, q.kind, q.cue, q.text) == ("Gao Fei", "indirect", "said", "China will win")


def test_reported_speech_before_an_unnamed_group(nlp):
    (q,) = quotes_of(nlp, "China will win, analysts said.",
                     "China/NNP/nsubj/2 will/MD/aux/2 win/VB/ccomp/5 ,/,/punct/5 analysts/NNS/nsubj/5 "
                     "said/VBD/ROOT/5 ././punct/5")
    assert (q.speaker, q.speaker_type, q.kind, q.text) == ("analysts", "unnamed", "indirect", "China will win")


def test_according_to_names_the_source(nlp):
    (q,) = quotes_of(nlp, "According to TASS, Putin will visit China.",
                     "According/VBG/prep/6 to/IN/prep/0 TASS/NNP/pobj/1 ,/,/punct/6 Putin/NNP/nsubj/6 "
                     "will/MD/aux/6 visit/VB/ROOT/6 China/NNP/dobj/6 ././punct/6", institutions=("TASS",))
    assert (q.speaker, q.speaker_type, q.cue, q.kind, q.text) == (
        "TASS", "institution", "according to", "indirect", "Putin will visit China")


def test_in_sets_the_scene_only_with_a_place_time_or_occasion(nlp):
    (q,) = quotes_of(nlp, "The mayor praised the plan in an interview.",
                     "The/DT/det/1 mayor/NN/nsubj/2 praised/VBD/ROOT/2 the/DT/det/4 plan/NN/dobj/2 in/IN/prep/2 "
                     "an/DT/det/7 interview/NN/pobj/5 ././punct/2")
    assert q.text == "the plan"
    (q,) = quotes_of(nlp, "The mayor rejected tax cuts in favour of grants.",
                     "The/DT/det/1 mayor/NN/nsubj/2 rejected/VBD/ROOT/2 tax/NN/compound/4 cuts/NNS/dobj/2 "
                     "in/IN/prep/2 favour/NN/pobj/5 of/IN/prep/6 grants/NNS/pobj/7 ././punct/2")
    assert q.text == "tax cuts in favour of grants"


def test_a_verb_coordinated_with_a_promised_infinitive_goes_with_it_even_mistagged(nlp):
    (q,) = quotes_of(nlp, "The mayor promised to meet and exceed the goals.",
                     "The/DT/det/1 mayor/NN/nsubj/2 promised/VBD/ROOT/2 to/TO/aux/4 meet/VB/xcomp/2 and/CC/cc/2 "
                     "exceed/VBP/conj/2 the/DT/det/8 goals/NNS/dobj/6 ././punct/2")
    assert q.text == "to meet and exceed the goals"


def test_someone_warned_by_a_board_is_whom_it_was_said_to_not_what(nlp):
    assert quotes_of(nlp, "The coach was warned by the board.",
                     "The/DT/det/1 coach/NN/nsubjpass/3 was/VBD/auxpass/3 warned/VBN/ROOT/3 by/IN/agent/3 "
                     "the/DT/det/6 board/NN/pobj/4 ././punct/3") == []
    (q,) = quotes_of(nlp, "The plan was criticised by the board.",
                     "The/DT/det/1 plan/NN/nsubjpass/3 was/VBD/auxpass/3 criticised/VBN/ROOT/3 by/IN/agent/3 "
                     "the/DT/det/6 board/NN/pobj/4 ././punct/3")
    assert (q.speaker_text, q.text) == ("the board", "The plan")


def test_what_someone_claimed_to_have_done_is_reported(nlp):
    (q,) = quotes_of(nlp, "The mayor claimed to have seen the letter.",
                     "The/DT/det/1 mayor/NN/nsubj/2 claimed/VBD/ROOT/2 to/TO/aux/5 have/VB/aux/5 seen/VBN/xcomp/2 "
                     "the/DT/det/7 letter/NN/dobj/5 ././punct/2")
    assert (q.cue, q.text) == ("claimed", "to have seen the letter")


def test_a_that_clause_after_someone_warned_is_what_was_said_even_parsed_as_relative(nlp):
    (q,) = quotes_of(nlp, "The mayor warned fans that she would ban them.",
                     "The/DT/det/1 mayor/NN/nsubj/2 warned/VBD/ROOT/2 fans/NNS/dobj/2 that/WDT/dobj/8 "
                     "she/PRP/nsubj/7 would/MD/aux/7 ban/VB/relcl/3 them/PRP/dobj/7 ././punct/2")
    assert (q.speaker_text, q.cue, q.text) == ("The mayor", "warned", "she would ban them")


def test_groups_of_institutions_speak_as_unnamed_groups(nlp):
    (q,) = quotes_of(nlp, "Unions said the plan would fail.",
                     "Unions/NNS/nsubj/1 said/VBD/ROOT/1 the/DT/det/3 plan/NN/nsubj/5 would/MD/aux/5 "
                     "fail/VB/ccomp/1 ././punct/1")
    assert (q.speaker, q.speaker_type) == ("unions", "unnamed")


def test_what_someone_saw_happen_is_no_clause_reported(nlp):
    # `rise` tagged as a present-tense verb makes the clause look finite; after `saw` it is what was seen
    assert quotes_of(nlp, "The firm saw sales rise sharply.",
                     "The/DT/det/1 firm/NN/nsubj/2 saw/VBD/ROOT/2 sales/NNS/nsubj/4 rise/VBP/ccomp/2 "
                     "sharply/RB/advmod/4 ././punct/2") == []


def test_what_someone_hopes_to_do_is_reported(nlp):
    (q,) = quotes_of(nlp, "The mayor hopes to reopen the bridge.",
                     "The/DT/det/1 mayor/NN/nsubj/2 hopes/VBZ/ROOT/2 to/TO/aux/4 reopen/VB/xcomp/2 the/DT/det/6 "
                     "bridge/NN/dobj/4 ././punct/2")
    assert (q.cue, q.text) == ("hopes", "to reopen the bridge")


def test_according_to_a_plan_or_to_their_value_names_no_source(nlp):
    assert quotes_of(nlp, "Homes are taxed according to their value in 1991.",
                     "Homes/NNS/nsubjpass/2 are/VBP/auxpass/2 taxed/VBN/ROOT/2 according/VBG/prep/2 to/IN/prep/3 "
                     "their/PRP$/poss/6 value/NN/pobj/4 in/IN/prep/6 1991/CD/pobj/7 ././punct/2") == []
    # a document or someone after a possessive is a source
    (q,) = quotes_of(nlp, "According to its annual report, profits rose sharply.",
                     "According/VBG/prep/7 to/IN/prep/0 its/PRP$/poss/4 annual/JJ/amod/4 report/NN/pobj/1 "
                     ",/,/punct/7 profits/NNS/nsubj/7 rose/VBD/ROOT/7 sharply/RB/advmod/7 ././punct/7")
    assert (q.cue, q.text) == ("according to", "profits rose sharply")


def test_pronoun_resolves_to_the_person_before_and_a_split_quote_is_one_quote(nlp):
    text = 'Gao Fei arrived. "We will win," he said. "They will lose."'
    spec = ('Gao/NNP/compound/1 Fei/NNP/nsubj/2 arrived/VBD/ROOT/2 ././punct/2 '
            '"/``/punct/11 We/PRP/nsubj/7 will/MD/aux/7 win/VB/ccomp/11 ,/,/punct/11 "/\'\'/punct/11 '
            'he/PRP/nsubj/11 said/VBD/ROOT/11 ././punct/11 '
            '"/``/punct/16 They/PRP/nsubj/16 will/MD/aux/16 lose/VB/ROOT/16 ././punct/16 "/\'\'/punct/16')
    (q,) = quotes_of(nlp, text, spec, people={"Gao Fei": "Gao Fei"})
    assert (q.speaker, q.speaker_text, q.kind) == ("Gao Fei", "he", "direct")
    assert q.text == 'We will win," he said. "They will lose.'


def test_quoted_fragment_in_reported_speech_is_mixed(nlp):
    text = 'Okafor says defeat "would be a bad way to end."'
    spec = ('Okafor/NNP/nsubj/1 says/VBZ/ROOT/1 defeat/NN/nsubj/5 "/``/punct/5 would/MD/aux/5 be/VB/ccomp/1 '
            'a/DT/det/8 bad/JJ/amod/8 way/NN/attr/5 to/TO/aux/10 end/VB/relcl/8 ././punct/1 "/\'\'/punct/1')
    (q,) = quotes_of(nlp, text, spec, people={"Okafor": "Okafor"})
    assert (q.kind, q.text) == ("mixed", 'defeat "would be a bad way to end."')


def test_the_ministry_speaks_for_the_institution_named_before(nlp):
    text = "The Foreign Ministry met. The ministry said that talks went well."
    spec = ("The/DT/det/2 Foreign/NNP/compound/2 Ministry/NNP/nsubj/3 met/VBD/ROOT/3 ././punct/3 "
            "The/DT/det/6 ministry/NN/nsubj/7 said/VBD/ROOT/7 that/IN/mark/10 talks/NNS/nsubj/10 "
            "went/VBD/ccomp/7 well/RB/advmod/10 ././punct/7")
    (q,) = quotes_of(nlp, text, spec, institutions=("Foreign Ministry",))
    assert (q.speaker, q.speaker_type, q.speaker_text) == ("Foreign Ministry", "institution", "The ministry")


def test_a_quote_after_the_sentence_that_attributes_it(nlp):
    text = 'Ties are strong, said Sun. "We agree."'
    spec = ('Ties/NNS/nsubj/1 are/VBP/ccomp/4 strong/JJ/acomp/1 ,/,/punct/4 said/VBD/ROOT/4 Sun/NNP/nsubj/4 '
            '././punct/4 "/``/punct/9 We/PRP/nsubj/9 agree/VBP/ROOT/9 ././punct/9 "/\'\'/punct/9')
    first, second = quotes_of(nlp, text, spec, people={"Sun": "Sun Zhuangzhi"})
    assert (first.kind, first.cue, first.text) == ("indirect", "said", "Ties are strong")
    assert (second.speaker, second.kind, second.cue, second.text) == ("Sun Zhuangzhi", "direct", None, "We agree.")


def test_words_of_saying_inside_a_quote_are_not_an_attribution(nlp):
    text = '"I said we would win," Gao said.'
    spec = ('"/``/punct/9 I/PRP/nsubj/2 said/VBD/ccomp/9 we/PRP/nsubj/5 would/MD/aux/5 win/VB/ccomp/2 '
            ',/,/punct/9 "/\'\'/punct/9 Gao/NNP/nsubj/9 said/VBD/ROOT/9 ././punct/9')
    (q,) = quotes_of(nlp, text, spec, people={"Gao": "Gao Fei"})
    assert (q.speaker, q.kind, q.text) == ("Gao Fei", "direct", "I said we would win")


def test_transcript_label(nlp):
    text = "HALVORSEN: Well, it is serious."
    spec = "HALVORSEN/NNP/ROOT/0 :/:/punct/0 Well/UH/intj/4 ,/,/punct/4 it/PRP/nsubj/4 is/VBZ/appos/0 " \
           "serious/JJ/acomp/4 ././punct/0"
    (q,) = quotes_of(nlp, text, spec)
    assert (q.speaker, q.speaker_text, q.cue, q.kind, q.text) == (
        "HALVORSEN", "HALVORSEN", ":", "direct", "Well, it is serious.")


def test_a_quote_signed_with_a_dash(nlp):
    text = '"We agree." ― Jane Doe'
    spec = '"/``/punct/2 We/PRP/nsubj/2 agree/VBP/ROOT/2 ././punct/2 "/\'\'/punct/2 ―/:/punct/2 ' \
           'Jane/NNP/compound/7 Doe/NNP/npadvmod/2'
    (q,) = quotes_of(nlp, text, spec, people={"Jane Doe": "Jane Doe"})
    assert (q.speaker, q.speaker_type, q.kind, q.text) == ("Jane Doe", "person", "direct", "We agree.")


def test_an_unattributed_scare_quote_is_left_out(nlp):
    text = 'The plan is "bold" and new.'
    spec = 'The/DT/det/1 plan/NN/nsubj/2 is/VBZ/ROOT/2 "/``/punct/4 bold/JJ/acomp/2 "/\'\'/punct/4 ' \
           'and/CC/cc/4 new/JJ/conj/4 ././punct/2'
    assert quotes_of(nlp, text, spec) == []


def test_he_skips_a_woman_named_with_her_title(nlp):
    text = 'Mrs. Smith met Mr. Jones. "We won," he said.'
    spec = ('Mrs./NNP/compound/1 Smith/NNP/nsubj/2 met/VBD/ROOT/2 Mr./NNP/compound/4 Jones/NNP/dobj/2 ././punct/2 '
            '"/``/punct/12 We/PRP/nsubj/8 won/VBD/ccomp/12 ,/,/punct/12 "/\'\'/punct/12 he/PRP/nsubj/12 '
            'said/VBD/ROOT/12 ././punct/12')
    (q,) = quotes_of(nlp, text, spec, people={"Smith": "Ann Smith", "Jones": "Bob Jones"})
    assert (q.speaker, q.speaker_text, q.text) == ("Bob Jones", "he", "We won")


def test_inverted_cue_with_a_colon(nlp):
    text = 'Said Fenwick: "We lost."'
    spec = 'Said/VBD/compound/1 Fenwick/NNP/ROOT/1 :/:/punct/1 "/``/punct/5 We/PRP/nsubj/5 lost/VBD/acl/1 ' \
           '././punct/1 "/\'\'/punct/1'
    (q,) = quotes_of(nlp, text, spec, people={"Fenwick": "Fenwick"})
    assert (q.speaker, q.kind, q.cue, q.text) == ("Fenwick", "direct", "said", "We lost.")


def test_a_paragraph_quoted_as_a_block_after_a_colon(nlp):
    text = "The coach added:\n\nIt is typical of them and it never ends."
    spec = ("The/DT/det/1 coach/NN/nsubj/2 added/VBD/ROOT/2 :/:/punct/2 NL/_SP/dep/3 It/PRP/nsubj/6 "
            "is/VBZ/parataxis/2 typical/JJ/acomp/6 of/IN/prep/7 them/PRP/pobj/8 and/CC/cc/6 it/PRP/nsubj/13 "
            "never/RB/neg/13 ends/VBZ/conj/6 ././punct/2")
    (q,) = quotes_of(nlp, text, spec)
    assert (q.speaker_text, q.kind, q.cue, q.text) == ("The coach", "direct", "added",
                                                       "It is typical of them and it never ends.")


def test_a_stance_verb_reports_its_object(nlp):
    text = "She cited remarks by Okafor."
    spec = "She/PRP/nsubj/1 cited/VBD/ROOT/1 remarks/NNS/dobj/1 by/IN/prep/2 Okafor/NNP/pobj/3 ././punct/1"
    (q,) = quotes_of(nlp, text, spec)
    assert (q.speaker_text, q.kind, q.cue, q.text) == ("She", "indirect", "cited", "remarks by Okafor")


def test_a_doc_without_a_parse_has_no_quotes_and_no_error(nlp):
    doc = nlp('"We will win," Gao said.')
    assert extract_quotes(doc, index_of(doc), "t") == []


def test_a_quote_split_around_a_participle_of_its_speaker_is_one_quote(nlp):
    text = ('"We will win this election for the people of the state," Gao said, stressing that ties matter. '
            '"It is time for a change in this country."')
    spec = ('"/``/punct/15 We/PRP/nsubj/3 will/MD/aux/3 win/VB/ccomp/15 this/DT/det/5 election/NN/dobj/3 '
            'for/IN/prep/3 the/DT/det/8 people/NNS/pobj/6 of/IN/prep/8 the/DT/det/11 state/NN/pobj/9 ,/,/punct/15 '
            '"/\'\'/punct/15 Gao/NNP/nsubj/15 said/VBD/ROOT/15 ,/,/punct/15 stressing/VBG/advcl/15 that/IN/mark/20 '
            'ties/NNS/nsubj/20 matter/VBP/ccomp/17 ././punct/15 '
            '"/``/punct/24 It/PRP/nsubj/24 is/VBZ/ROOT/24 time/NN/attr/24 for/IN/prep/25 a/DT/det/28 '
            'change/NN/pobj/26 in/IN/prep/28 this/DT/det/31 country/NN/pobj/29 ././punct/24 "/\'\'/punct/24')
    quotes = quotes_of(nlp, text, spec, people={"Gao": "Gao Fei"})
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    assert direct[0].text.startswith("We will win") and direct[0].text.endswith("in this country.")
    assert direct[0].speaker == "Gao Fei"
    assert [(q.cue, q.text) for q in quotes if q.kind == "indirect"] == [("stressing", "ties matter")]


def test_a_document_reports_what_it_shows(nlp):
    (q,) = quotes_of(nlp, "Polls show a narrow lead.",
                     "Polls/NNS/nsubj/1 show/VBP/ROOT/1 a/DT/det/4 narrow/JJ/amod/4 lead/NN/dobj/1 ././punct/1")
    assert (q.speaker_text, q.kind, q.cue, q.text) == ("Polls", "indirect", "show", "a narrow lead")


def test_a_pronoun_that_finds_something_reports_nothing(nlp):
    assert quotes_of(nlp, "They found a shortcut.",
                     "They/PRP/nsubj/1 found/VBD/ROOT/1 a/DT/det/3 shortcut/NN/dobj/1 ././punct/1") == []


def test_a_stance_verb_reports_a_one_word_object(nlp):
    (q,) = quotes_of(nlp, "He endorsed Okafor.", "He/PRP/nsubj/1 endorsed/VBD/ROOT/1 Okafor/NNP/dobj/1 ././punct/1")
    assert (q.speaker_text, q.cue, q.text) == ("He", "endorsed", "Okafor")


def test_when_and_where_are_not_part_of_the_object(nlp):
    text = "She attacked Smith in a speech on Monday."
    spec = ("She/PRP/nsubj/1 attacked/VBD/ROOT/1 Smith/NNP/dobj/1 in/IN/prep/1 a/DT/det/5 speech/NN/pobj/3 "
            "on/IN/prep/5 Monday/NNP/pobj/6 ././punct/1")
    (q,) = quotes_of(nlp, text, spec)
    assert q.text == "Smith"
    (q,) = quotes_of(nlp, "She cited it as a warning.",
                     "She/PRP/nsubj/1 cited/VBD/ROOT/1 it/PRP/dobj/1 as/IN/prep/1 a/DT/det/5 warning/NN/pobj/3 "
                     "././punct/1")
    assert q.text == "it as a warning"
    (q,) = quotes_of(nlp, "She cited the figure at a rally.",
                     "She/PRP/nsubj/1 cited/VBD/ROOT/1 the/DT/det/3 figure/NN/dobj/1 at/IN/prep/1 a/DT/det/6 "
                     "rally/NN/pobj/4 ././punct/1")
    assert q.text == "the figure"
    (q,) = quotes_of(nlp, "She forecast growth at 3 percent.",
                     "She/PRP/nsubj/1 forecast/VBD/ROOT/1 growth/NN/dobj/1 at/IN/prep/1 3/CD/nummod/5 "
                     "percent/NN/pobj/3 ././punct/1")
    assert q.text == "growth at 3 percent"
    (q,) = quotes_of(nlp, "She ruled out a strike.",
                     "She/PRP/nsubj/1 ruled/VBD/ROOT/1 out/RP/prt/1 a/DT/det/4 strike/NN/dobj/1 ././punct/1")
    assert (q.cue, q.text) == ("ruled out", "a strike")


def test_a_quotation_someone_is_called_as(nlp):
    text = 'He has been pounding the mayor as a "career politician" in speeches.'
    spec = ('He/PRP/nsubj/3 has/VBZ/aux/3 been/VBN/aux/3 pounding/VBG/ROOT/3 the/DT/det/5 mayor/NN/dobj/3 '
            'as/IN/prep/3 a/DT/det/10 "/``/punct/10 career/NN/compound/10 politician/NN/pobj/6 "/\'\'/punct/10 '
            'in/IN/prep/10 speeches/NNS/pobj/12 ././punct/3')
    (q,) = quotes_of(nlp, text, spec)
    assert (q.speaker_text, q.kind, q.cue, q.text) == ("He", "mixed", "pounding", 'the mayor as a "career politician"')


def test_an_adjective_of_attitude_reports_what_it_is_about(nlp):
    text = "The senator has been critical of Smith."
    spec = ("The/DT/det/1 senator/NN/nsubj/3 has/VBZ/aux/3 been/VBN/ROOT/3 critical/JJ/acomp/3 of/IN/prep/4 "
            "Smith/NNP/pobj/5 ././punct/3")
    (q,) = quotes_of(nlp, text, spec)
    assert (q.speaker_text, q.kind, q.cue, q.text) == ("The senator", "indirect", "critical of", "Smith")
    # a relative word is not what the attitude is about
    assert quotes_of(nlp, "It is a cause she is passionate about.",
                     "It/PRP/nsubj/1 is/VBZ/ROOT/1 a/DT/det/3 cause/NN/attr/1 she/PRP/nsubj/5 is/VBZ/relcl/3 "
                     "passionate/JJ/acomp/5 about/IN/prep/6 ././punct/1") == []


def test_called_on_reports_whom_and_what(nlp):
    text = "He called on members to leave."
    spec = ("He/PRP/nsubj/1 called/VBD/ROOT/1 on/IN/prt/1 members/NNS/pobj/2 to/TO/aux/5 leave/VB/xcomp/1 "
            "././punct/1")
    (q,) = quotes_of(nlp, text, spec)
    assert (q.speaker_text, q.cue, q.text) == ("He", "called on", "members to leave")


def test_a_relative_pronoun_names_the_one_it_modifies(nlp):
    text = "The senator, who endorsed Smith, left."
    spec = ("The/DT/det/1 senator/NN/nsubj/7 ,/,/punct/1 who/WP/nsubj/4 endorsed/VBD/relcl/1 Smith/NNP/dobj/4 "
            ",/,/punct/1 left/VBD/ROOT/7 ././punct/7")
    (q,) = quotes_of(nlp, text, spec)
    assert (q.cue, q.text) == ("endorsed", "Smith")


def test_the_subject_outside_the_quote_when_the_parse_gives_the_verb_two(nlp):
    text = '"Best in the league," Pemberton (D) said.'
    spec = ('"/``/punct/11 Best/JJS/nsubj/11 in/IN/prep/1 the/DT/det/4 league/NN/pobj/2 ,/,/punct/11 '
            '"/\'\'/punct/11 Pemberton/NNP/nsubj/11 (/-LRB-/punct/7 D/NNP/appos/7 )/-RRB-/punct/7 said/VBD/ROOT/11 '
            '././punct/11')
    (q,) = quotes_of(nlp, text, spec, people={"Pemberton": "Jane Pemberton"})
    assert (q.speaker, q.speaker_text, q.kind, q.text) == ("Jane Pemberton", "Pemberton", "direct",
                                                          "Best in the league")


def test_a_reported_clause_the_parse_hung_after_an_adjunct(nlp):
    # `said after the vote he would resign`: the parse made the clause an adverbial one with the adjunct in it
    (q,) = quotes_of(nlp, "Okafor said after the vote he would resign.",
                     "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 after/IN/prep/7 the/DT/det/4 vote/NN/pobj/2 he/PRP/nsubj/7 "
                     "would/MD/aux/7 resign/VB/advcl/1 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.kind, q.cue, q.text) == ("Ada Okafor", "indirect", "said", "he would resign")


def test_a_time_clause_after_a_verb_of_saying_is_not_what_was_said(nlp):
    quotes = quotes_of(nlp, "Okafor said when she resigned.",
                       "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 when/WRB/advmod/4 she/PRP/nsubj/4 resigned/VBD/advcl/1 "
                       "././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert quotes == []


def test_a_that_clause_the_parse_made_a_relative_clause_of_the_addressee(nlp):
    (q,) = quotes_of(nlp, "Okafor told a meeting of growers that few people understood the risk.",
                     "Okafor/NNP/nsubj/1 told/VBD/ROOT/1 a/DT/det/3 meeting/NN/dobj/1 of/IN/prep/3 growers/NNS/pobj/4 "
                     "that/IN/mark/9 few/JJ/amod/8 people/NNS/nsubj/9 understood/VBD/relcl/3 the/DT/det/11 "
                     "risk/NN/dobj/9 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.cue, q.text) == ("Ada Okafor", "told", "few people understood the risk")


def test_coordinated_clauses_before_a_trailing_attribution_are_reported_together(nlp):
    (q,) = quotes_of(nlp, "The council had planned a vote, but the mayor delayed it, a spokeswoman said.",
                     "The/DT/det/1 council/NN/nsubj/3 had/VBD/aux/3 planned/VBN/ccomp/15 a/DT/det/5 vote/NN/dobj/3 "
                     ",/,/punct/3 but/CC/cc/3 the/DT/det/9 mayor/NN/nsubj/10 delayed/VBD/ccomp/15 it/PRP/dobj/10 "
                     ",/,/punct/15 a/DT/det/14 spokeswoman/NN/nsubj/15 said/VBD/ROOT/15 ././punct/15")
    assert (q.speaker_text, q.text) == ("a spokeswoman", "The council had planned a vote, but the mayor delayed it")


def test_an_aside_after_a_dash_ends_the_content(nlp):
    (q,) = quotes_of(nlp, "Okafor said the council ignored the farmers \u2014 a group that grows rice.",
                     "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 the/DT/det/3 council/NN/nsubj/4 ignored/VBD/ccomp/1 "
                     "the/DT/det/6 farmers/NNS/dobj/4 \u2014/:/punct/6 a/DT/det/9 group/NN/appos/6 that/WP/nsubj/11 "
                     "grows/VBZ/relcl/9 rice/NN/dobj/11 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert q.text == "the council ignored the farmers"


def test_a_hyphen_inside_a_word_sets_off_no_aside(nlp):
    from newslens.quotes.frames import _aside_mark

    doc = Doc(nlp.vocab, words=["Kim", "(", "D", "-", "Md.", ")", "-", "a", "senator"],
              spaces=[True, False, False, False, False, True, True, True, False])
    assert not _aside_mark(doc[3])
    assert _aside_mark(doc[6])


def test_an_adverbial_clause_after_the_complement_goes_on_reporting(nlp):
    (q,) = quotes_of(nlp, "Okafor said the gap remains, when it comes to hiring.",
                     "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 the/DT/det/3 gap/NN/nsubj/4 remains/VBZ/ccomp/1 ,/,/punct/1 "
                     "when/WRB/advmod/8 it/PRP/nsubj/8 comes/VBZ/advcl/1 to/IN/prep/8 hiring/NN/pobj/9 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert q.text == "the gap remains, when it comes to hiring"
    (q,) = quotes_of(nlp, "Okafor said the gap remains as she left the hall.",
                     "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 the/DT/det/3 gap/NN/nsubj/4 remains/VBZ/ccomp/1 "
                     "as/IN/mark/7 she/PRP/nsubj/7 left/VBD/advcl/1 the/DT/det/9 hall/NN/dobj/7 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert q.text == "the gap remains"


def test_newsroom_kickers_are_no_speakers(nlp):
    (q,) = quotes_of(nlp, "Okafor: The date was wrong.",
                     "Okafor/NNP/ROOT/0 :/:/punct/0 The/DT/det/3 date/NN/nsubj/4 was/VBD/appos/0 wrong/JJ/acomp/4 "
                     "././punct/0",
                     people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.cue, q.text) == ("Ada Okafor", ":", "The date was wrong.")
    assert quotes_of(nlp, "Correction: The date was wrong.",
                     "Correction/NN/ROOT/0 :/:/punct/0 The/DT/det/3 date/NN/nsubj/4 was/VBD/appos/0 wrong/JJ/acomp/4 "
                     "././punct/0") == []
    # a headline's phrase, not a name (`Over` tagged as a proper noun, as the model does in Title Case)
    assert quotes_of(nlp, "Trouble Over Tolls: The date was wrong.",
                     "Trouble/NNP/ROOT/0 Over/NNP/compound/2 Tolls/NNP/appos/0 :/:/punct/0 The/DT/det/5 "
                     "date/NN/nsubj/6 was/VBD/appos/0 wrong/JJ/acomp/6 ././punct/0") == []


def test_an_infinitive_shares_the_subject_of_the_clause_it_hangs_from(nlp):
    # `was able to tout ...`: through the adjective to the clause's subject
    (q,) = quotes_of(nlp, "She was able to tout her record.",
                     "She/PRP/nsubj/1 was/VBD/ROOT/1 able/JJ/acomp/1 to/TO/aux/4 tout/VB/xcomp/2 her/PRP$/poss/6 "
                     "record/NN/dobj/4 ././punct/1")
    assert (q.speaker_text, q.cue, q.text) == ("She", "tout", "her record")


def test_a_participle_on_someones_object_is_theirs(nlp):
    (q,) = quotes_of(nlp, "They filed papers opposing the release.",
                     "They/PRP/nsubj/1 filed/VBD/ROOT/1 papers/NNS/dobj/1 opposing/VBG/acl/2 the/DT/det/5 "
                     "release/NN/dobj/3 ././punct/1")
    assert (q.speaker_text, q.cue, q.text) == ("They", "opposing", "the release")


def test_a_verb_set_off_by_a_comma_after_a_reported_clause_is_the_reporters(nlp):
    # `..., but did not believe ...` hangs inside the reported clause in the parse, whose subject could speak
    quotes = quotes_of(nlp, "Okafor said the mayor should resign, but doubted it would happen.",
                       "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 the/DT/det/3 mayor/NN/nsubj/5 should/MD/aux/5 "
                       "resign/VB/ccomp/1 ,/,/punct/5 but/CC/cc/5 doubted/VBD/conj/5 it/PRP/nsubj/11 "
                       "would/MD/aux/11 happen/VB/ccomp/8 ././punct/1", people={"Okafor": "Ada Okafor"})
    assert ("Okafor", "doubted") in [(q.speaker_text, q.cue) for q in quotes]


def test_a_passive_participle_opening_a_sentence_is_no_one_asking(nlp):
    quotes = quotes_of(nlp, "Asked about the plan, Okafor said it was fine.",
                       "Asked/VBN/advcl/6 about/IN/prep/0 the/DT/det/3 plan/NN/pobj/1 ,/,/punct/6 "
                       "Okafor/NNP/nsubj/6 said/VBD/ROOT/6 it/PRP/nsubj/8 was/VBD/ccomp/6 fine/JJ/acomp/8 ././punct/6",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.cue, q.text) for q in quotes] == [("said", "it was fine")]


def test_a_passive_with_its_own_subject_takes_no_subject_from_the_clause_above(nlp):
    # `told` is passive with its own subject (`she`): `The worst moment` did not tell her anything
    quotes = quotes_of(nlp, "The worst moment was when she was told the plant would close.",
                       "The/DT/det/2 worst/JJS/amod/2 moment/NN/nsubj/3 was/VBD/ROOT/3 when/WRB/advmod/7 "
                       "she/PRP/nsubjpass/7 was/VBD/auxpass/7 told/VBN/advcl/3 the/DT/det/9 plant/NN/nsubj/11 "
                       "would/MD/aux/11 close/VB/ccomp/7 ././punct/3")
    assert quotes == []


def test_a_verb_the_parse_hung_inside_a_reported_clause_is_the_reporters(nlp):
    # `urged` is conjoined with `was`; an image urges no one, so it is the mayor who urged
    quotes = quotes_of(nlp, "The mayor said the image was crude but urged calm.",
                       "The/DT/det/1 mayor/NN/nsubj/2 said/VBD/ROOT/2 the/DT/det/4 image/NN/nsubj/5 "
                       "was/VBD/ccomp/2 crude/JJ/acomp/5 but/CC/cc/5 urged/VBD/conj/5 calm/NN/dobj/8 ././punct/2")
    assert [(q.speaker_text, q.cue, q.text) for q in quotes] == [
        ("The mayor", "said", "the image was crude"), ("The mayor", "urged", "calm")]


def test_a_position_inside_a_question_or_a_condition_is_no_position_taken(nlp):
    quotes = quotes_of(nlp, "The mayor was asked whether she backed the plan.",
                       "The/DT/det/1 mayor/NN/nsubjpass/3 was/VBD/auxpass/3 asked/VBN/ROOT/3 whether/IN/mark/6 "
                       "she/PRP/nsubj/6 backed/VBD/ccomp/3 the/DT/det/8 plan/NN/dobj/6 ././punct/3")
    assert all(q.cue != "backed" for q in quotes)
    assert quotes_of(nlp, "If the mayor rejects the plan, talks end.",
                     "If/IN/mark/3 the/DT/det/2 mayor/NN/nsubj/3 rejects/VBZ/advcl/8 the/DT/det/5 plan/NN/dobj/3 "
                     ",/,/punct/8 talks/NNS/nsubj/8 end/VBP/ROOT/8 ././punct/8") == []


def test_a_passive_whose_subject_is_a_relative_pronoun_reports_nothing(nlp):
    # `people who were found by inspectors to ...`: the content would be `who`
    assert quotes_of(nlp, "They named people who were criticised by inspectors.",
                     "They/PRP/nsubj/1 named/VBD/ROOT/1 people/NNS/dobj/1 who/WP/nsubjpass/5 were/VBD/auxpass/5 "
                     "criticised/VBN/relcl/2 by/IN/agent/5 inspectors/NNS/pobj/6 ././punct/1") == []


def test_a_verb_after_and_takes_no_subject_after_it(nlp):
    # `... and encourage voters to ...`: `voters` is whom she encouraged, not who spoke; English inverts a subject
    # only after the verb of an attribution (`said Fenwick`)
    quotes = quotes_of(nlp, "She wrote to accuse the board of bias and encourage voters to leave.",
                       "She/PRP/nsubj/1 wrote/VBD/ROOT/1 to/TO/aux/3 accuse/VB/xcomp/1 the/DT/det/5 board/NN/dobj/3 "
                       "of/IN/prep/5 bias/NN/pobj/6 and/CC/cc/6 encourage/VB/conj/7 voters/NNS/dobj/9 to/TO/aux/12 "
                       "leave/VB/xcomp/9 ././punct/1")
    assert all(q.speaker_text != "voters" for q in quotes)


def test_a_verb_coordinated_with_a_passive_shares_its_subject(nlp):
    (q,) = quotes_of(nlp, "The mayor was warned and said she had done nothing wrong.",
                     "The/DT/det/1 mayor/NN/nsubjpass/3 was/VBD/auxpass/3 warned/VBN/ROOT/3 and/CC/cc/3 "
                     "said/VBD/conj/3 she/PRP/nsubj/8 had/VBD/aux/8 done/VBN/ccomp/5 nothing/NN/dobj/8 "
                     "wrong/JJ/amod/9 ././punct/3")
    assert (q.speaker_text, q.cue, q.text) == ("The mayor", "said", "she had done nothing wrong")


def test_finding_it_hard_to_do_something_reports_nothing(nlp):
    assert quotes_of(nlp, "The mayor found it hard to vote.",
                     "The/DT/det/1 mayor/NN/nsubj/2 found/VBD/ROOT/2 it/PRP/nsubj/4 hard/JJ/ccomp/2 to/TO/aux/6 "
                     "vote/VB/xcomp/4 ././punct/2") == []
    # a ruling on something is reported
    (q,) = quotes_of(nlp, "The judges ruled it illegal.",
                     "The/DT/det/1 judges/NNS/nsubj/2 ruled/VBD/ROOT/2 it/PRP/nsubj/4 illegal/JJ/ccomp/2 ././punct/2")
    assert q.text == "it illegal"


def test_a_possessive_pronoun_on_a_noun_of_saying_is_resolved(nlp):
    quotes = quotes_of(nlp, "Okafor won. Okafor repeated his attacks on the board.",
                       "Okafor/NNP/nsubj/1 won/VBD/ROOT/1 ././punct/1 Okafor/NNP/nsubj/4 repeated/VBD/ROOT/4 "
                       "his/PRP$/poss/6 attacks/NNS/dobj/4 on/IN/prep/6 the/DT/det/9 board/NN/pobj/7 ././punct/4",
                       people={"Okafor": "Tim Okafor"})
    assert ("Tim Okafor", "his", "attacks on") in [(q.speaker, q.speaker_text, q.cue) for q in quotes]


def test_a_participle_on_a_report_someone_denied_is_the_reports(nlp):
    # (`filed papers opposing ...` above: papers someone files are theirs)
    quotes = quotes_of(nlp, "The mayor denied a report claiming she had resigned.",
                       "The/DT/det/1 mayor/NN/nsubj/2 denied/VBD/ROOT/2 a/DT/det/4 report/NN/dobj/2 "
                       "claiming/VBG/acl/4 she/PRP/nsubj/8 had/VBD/aux/8 resigned/VBN/ccomp/5 ././punct/2")
    assert ("a report", "claiming", "she had resigned") in [(q.speaker_text, q.cue, q.text) for q in quotes]


def test_a_gerund_subject_the_parse_hung_on_the_verb_of_saying_is_reported(nlp):
    (q,) = quotes_of(nlp, "Okafor said being ready would help.",
                     "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 being/VBG/xcomp/1 ready/JJ/acomp/2 would/MD/aux/5 "
                     "help/VB/ccomp/1 ././punct/1", people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.text) == ("Ada Okafor", "being ready would help")


def test_a_dateline_before_a_date_is_no_speaker(nlp):
    from newslens.quotes.frames import _dateline

    doc = build(nlp, "MILLBROOK, Jan. 5 -- Okafor said the vote was close.",
                "MILLBROOK/NNP/nsubj/6 ,/,/punct/0 Jan./NNP/npadvmod/0 5/CD/nummod/2 --/:/punct/6 Okafor/NNP/nsubj/6 "
                "said/VBD/ROOT/6 the/DT/det/8 vote/NN/nsubj/9 was/VBD/ccomp/6 close/JJ/acomp/9 ././punct/6")
    doc.ents = [doc.char_span(11, 17, label="DATE")]
    assert _dateline(doc[0])
    assert not _dateline(doc[5])


def test_the_name_before_an_apposition_when_the_parse_took_a_quoted_word_as_subject(nlp):
    (q,) = quotes_of(nlp, '"We will win," Okafor, a top ally, said.',
                     '"/``/punct/3 We/PRP/nsubj/12 will/MD/aux/3 win/VB/ccomp/12 ,/,/punct/12 "/\'\'/punct/12 '
                     'Okafor/NNP/dep/12 ,/,/punct/6 a/DT/det/10 top/JJ/amod/10 ally/NN/appos/6 ,/,/punct/12 '
                     'said/VBD/ROOT/12 ././punct/12',
                     people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.speaker_text, q.kind, q.text) == ("Ada Okafor", "Okafor", "direct", "We will win")


def test_a_quote_after_a_mixed_quote_ending_in_quoted_words_goes_on_with_it(nlp):
    quotes = quotes_of(nlp, 'The plan did "too little," Okafor said. "We need more."',
                       'The/DT/det/1 plan/NN/nsubj/2 did/VBD/ccomp/9 "/``/punct/5 too/RB/advmod/5 little/JJ/dobj/2 '
                       ',/,/punct/9 "/\'\'/punct/9 Okafor/NNP/nsubj/9 said/VBD/ROOT/9 ././punct/9 "/``/punct/13 '
                       'We/PRP/nsubj/13 need/VBP/ROOT/13 more/JJ/dobj/13 ././punct/13 "/\'\'/punct/13',
                       people={"Okafor": "Ada Okafor"})
    assert [(q.kind, q.speaker) for q in quotes] == [("mixed", "Ada Okafor")]
    assert quotes[0].text.startswith('The plan did "too little,"') and quotes[0].text.endswith("We need more.")


def test_a_quote_opened_by_a_colon_belongs_to_that_attribution_not_to_the_one_after_it(nlp):
    text = 'Okafor scolded him: "You misled us," she said. "It was wrong."'
    doc = build(nlp, text,
                'Okafor/NNP/nsubj/1 scolded/VBD/ccomp/6 him/PRP/dobj/1 :/:/punct/1 "/``/punct/6 You/PRP/nsubj/6 '
                'misled/VBD/ccomp/11 us/PRP/dobj/6 ,/,/punct/11 "/\'\'/punct/11 she/PRP/nsubj/11 said/VBD/ROOT/11 '
                '././punct/11 "/``/punct/15 It/PRP/nsubj/15 was/VBD/ROOT/15 wrong/JJ/acomp/15 ././punct/15 '
                '"/\'\'/punct/15')
    doc.ents = [doc.char_span(0, 6, label="PERSON")]
    quotes = extract_quotes(doc, index_of(doc, people={"Okafor": "Ada Okafor"}), "t")
    assert [(q.speaker_text, q.cue, q.text) for q in quotes] == [
        ("Okafor", "scolded", "You misled us"), ("she", "said", "It was wrong.")]


def test_a_quoted_name_closing_its_sentence_is_not_what_the_next_sentence_reports(nlp):
    quotes = quotes_of(nlp, 'He got the nickname "Big Ed." Okafor called the mayor a "bully."',
                       'He/PRP/nsubj/1 got/VBD/ROOT/1 the/DT/det/4 nickname/NN/dobj/1 "/``/punct/4 Big/NNP/compound/6 '
                       'Ed./NNP/appos/3 "/\'\'/punct/1 Okafor/NNP/nsubj/9 called/VBD/ROOT/9 the/DT/det/11 '
                       'mayor/NN/dobj/9 a/DT/det/15 "/``/punct/15 bully/NN/oprd/9 ././punct/9 "/\'\'/punct/9',
                       people={"Okafor": "Ada Okafor"})
    assert [(q.kind, q.cue) for q in quotes] == [("mixed", "called")]
    assert quotes[0].text.startswith('the mayor a "bully')


def test_a_second_complement_right_after_the_first_goes_on_reporting(nlp):
    # the parse made `his remark was ...` a second complement of `said`, not a conjunct of the first
    (q,) = quotes_of(nlp, "Okafor said Kim has respect for the staff and his remark was a joke.",
                     "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 Kim/NNP/nsubj/3 has/VBZ/ccomp/1 respect/NN/dobj/3 "
                     "for/IN/prep/4 the/DT/det/7 staff/NN/pobj/5 and/CC/cc/7 his/PRP$/poss/10 remark/NN/conj/7 "
                     "was/VBD/ccomp/1 a/DT/det/13 joke/NN/attr/11 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert q.text == "Kim has respect for the staff and his remark was a joke"


def test_a_noun_coordinated_with_the_object_but_hung_on_a_verb_above(nlp):
    (q,) = quotes_of(nlp, "She began by stressing fairness, and a need to cut costs.",
                     "She/PRP/nsubj/1 began/VBD/ROOT/1 by/IN/prep/1 stressing/VBG/pcomp/2 fairness/NN/dobj/3 "
                     ",/,/punct/1 and/CC/cc/1 a/DT/det/8 need/NN/conj/1 to/TO/aux/10 cut/VB/acl/8 costs/NNS/dobj/10 "
                     "././punct/1")
    assert (q.speaker_text, q.cue, q.text) == ("She", "stressing", "fairness, and a need to cut costs")


def test_lets_say_is_no_one_speaking(nlp):
    (q,) = quotes_of(nlp, "Let's say you think the plan will fail.",
                     "Let/VB/ROOT/0 's/PRP/nsubj/2 say/VB/ccomp/0 you/PRP/nsubj/4 think/VBP/ccomp/2 the/DT/det/6 "
                     "plan/NN/nsubj/8 will/MD/aux/8 fail/VB/ccomp/4 ././punct/0")
    assert (q.speaker_text, q.cue, q.text) == ("you", "think", "the plan will fail")


def test_a_verb_with_its_own_object_reports_nothing_before_it(nlp):
    (q,) = quotes_of(nlp, "We have seen this before: Okafor declared war on the council.",
                     "We/PRP/nsubj/2 have/VBP/aux/2 seen/VBN/ccomp/7 this/DT/dobj/2 before/RB/advmod/2 :/:/punct/7 "
                     "Okafor/NNP/nsubj/7 declared/VBD/ROOT/7 war/NN/dobj/7 on/IN/prep/8 the/DT/det/11 "
                     "council/NN/pobj/9 ././punct/7",
                     people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.cue, q.text) == ("Ada Okafor", "declared", "war on the council")


def test_an_attribution_inside_someone_elses_reported_words_is_part_of_them(nlp):
    (q,) = quotes_of(nlp, "Okafor said Kim promised to fix the road.",
                     "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 Kim/NNP/nsubj/3 promised/VBD/ccomp/1 to/TO/aux/5 "
                     "fix/VB/xcomp/3 the/DT/det/7 road/NN/dobj/5 ././punct/1",
                     people={"Okafor": "Ada Okafor", "Kim": "Lee Kim"})
    assert (q.speaker, q.cue, q.text) == ("Ada Okafor", "said", "Kim promised to fix the road")


def test_a_plural_of_a_person_noun_names_someone(nlp):
    from newslens.quotes.frames import names_someone

    doc = Doc(nlp.vocab, words=["judges", "candidates", "agencies", "tables"], pos=["NOUN"] * 4)
    assert [names_someone(t) for t in doc] == [True, True, True, False]


def test_an_attribution_between_a_subject_and_its_verb_reports_the_sentence(nlp):
    (q,) = quotes_of(nlp, "The difference now, he told me, is that the road is open.",
                     "The/DT/det/1 difference/NN/nsubj/8 now/RB/advmod/1 ,/,/punct/5 he/PRP/nsubj/5 "
                     "told/VBD/parataxis/1 me/PRP/dobj/5 ,/,/punct/5 is/VBZ/ROOT/8 that/IN/mark/12 the/DT/det/11 "
                     "road/NN/nsubj/12 is/VBZ/ccomp/8 open/JJ/acomp/12 ././punct/8")
    assert (q.speaker_text, q.cue, q.text) == ("he", "told", "The difference now, he told me, is that the road is open")


def test_what_someone_talked_about_further_on(nlp):
    (q,) = quotes_of(nlp, "Okafor talked to reporters on Monday about the new road.",
                     "Okafor/NNP/nsubj/1 talked/VBD/ROOT/1 to/IN/prep/1 reporters/NNS/pobj/2 on/IN/prep/1 "
                     "Monday/NNP/pobj/4 about/IN/prep/1 the/DT/det/9 new/JJ/amod/9 road/NN/pobj/6 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.text) == ("Ada Okafor", "the new road")


def test_someone_speaking_inside_a_source_phrase_is_kept(nlp):
    quotes = quotes_of(nlp, "According to the Courier, Okafor said the road will close.",
                       "According/VBG/prep/6 to/IN/prep/0 the/DT/det/3 Courier/NNP/pobj/1 ,/,/punct/6 "
                       "Okafor/NNP/nsubj/6 said/VBD/ROOT/6 the/DT/det/8 road/NN/nsubj/10 will/MD/aux/10 "
                       "close/VB/ccomp/6 ././punct/6",
                       people={"Okafor": "Ada Okafor"}, institutions=("Courier",))
    assert ("Ada Okafor", "said", "the road will close") in [(q.speaker, q.cue, q.text) for q in quotes]


def test_what_a_colon_opens_goes_on_with_what_was_said(nlp):
    (q,) = quotes_of(nlp, "Okafor noted that two things changed: rents rose and wages fell.",
                     "Okafor/NNP/nsubj/1 noted/VBD/ROOT/1 that/IN/mark/5 two/CD/nummod/4 things/NNS/nsubj/5 "
                     "changed/VBD/ccomp/1 :/:/punct/1 rents/NNS/nsubj/8 rose/VBD/parataxis/1 and/CC/cc/8 "
                     "wages/NNS/nsubj/11 fell/VBD/conj/8 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert q.text == "two things changed: rents rose and wages fell"


def test_a_belief_of_the_same_speaker_coordinated_with_what_they_said_goes_on(nlp):
    quotes = quotes_of(nlp, "Okafor says she hopes to win, but she knows that Kim is ahead.",
                       "Okafor/NNP/nsubj/1 says/VBZ/ROOT/1 she/PRP/nsubj/3 hopes/VBZ/ccomp/1 to/TO/aux/5 "
                       "win/VB/xcomp/3 ,/,/punct/3 but/CC/cc/3 she/PRP/nsubj/9 knows/VBZ/conj/1 that/IN/mark/12 "
                       "Kim/NNP/nsubj/12 is/VBZ/ccomp/9 ahead/RB/advmod/12 ././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.cue, q.text) for q in quotes] == [("says", "she hopes to win, but she knows that Kim is ahead")]


def test_a_concessive_clause_with_its_own_attribution_is_a_new_one(nlp):
    quotes = quotes_of(nlp, "Okafor said the road is safe, though she noted that repairs are late.",
                       "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 the/DT/det/3 road/NN/nsubj/4 is/VBZ/ccomp/1 "
                       "safe/JJ/acomp/4 ,/,/punct/4 though/IN/mark/9 she/PRP/nsubj/9 noted/VBD/advcl/4 "
                       "that/IN/mark/12 repairs/NNS/nsubj/12 are/VBP/ccomp/9 late/JJ/acomp/12 ././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.cue, q.text) for q in quotes] == [("said", "the road is safe"), ("noted", "repairs are late")]


def test_a_noun_of_saying_from_someone(nlp):
    (q,) = quotes_of(nlp, "The plan drew criticism from the mayor over its cost.",
                     "The/DT/det/1 plan/NN/nsubj/2 drew/VBD/ROOT/2 criticism/NN/dobj/2 from/IN/prep/3 "
                     "the/DT/det/6 mayor/NN/pobj/4 over/IN/prep/3 its/PRP$/poss/9 cost/NN/pobj/7 ././punct/2")
    assert (q.speaker_text, q.cue, q.text) == ("the mayor", "criticism", "its cost")


def test_the_object_of_a_verb_above_does_what_its_infinitive_says(nlp):
    quotes = quotes_of(nlp, "Okafor forced the senator to admit that the audit failed.",
                       "Okafor/NNP/nsubj/1 forced/VBD/ROOT/1 the/DT/det/3 senator/NN/dobj/1 to/TO/aux/5 "
                       "admit/VB/xcomp/1 that/IN/mark/9 the/DT/det/8 audit/NN/nsubj/9 failed/VBD/ccomp/5 "
                       "././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.speaker_text, q.cue, q.text) for q in quotes] == [("the senator", "admit", "the audit failed")]


def test_a_promise_keeps_its_subject_for_the_infinitive(nlp):
    quotes = quotes_of(nlp, "Okafor promised Kim to announce that the road will open.",
                       "Okafor/NNP/nsubj/1 promised/VBD/ROOT/1 Kim/NNP/dobj/1 to/TO/aux/4 announce/VB/xcomp/1 "
                       "that/IN/mark/9 the/DT/det/7 road/NN/nsubj/9 will/MD/aux/9 open/VB/ccomp/4 ././punct/1",
                       people={"Okafor": "Ada Okafor", "Kim": "Lee Kim"})
    assert ("Ada Okafor", "announce", "the road will open") in [(q.speaker, q.cue, q.text) for q in quotes]


def test_a_participle_after_a_reported_clause_is_the_reporting_speakers(nlp):
    quotes = quotes_of(nlp, "Okafor said he had no doubts, arguing that the vote was fair.",
                       "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 he/PRP/nsubj/3 had/VBD/ccomp/1 no/DT/det/5 "
                       "doubts/NNS/dobj/3 ,/,/punct/3 arguing/VBG/advcl/3 that/IN/mark/11 the/DT/det/10 "
                       "vote/NN/nsubj/11 was/VBD/ccomp/7 fair/JJ/acomp/11 ././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert ("Okafor", "arguing", "the vote was fair") in [(q.speaker_text, q.cue, q.text) for q in quotes]


def test_a_participle_after_a_quotation_opened_by_a_colon_is_the_speakers(nlp):
    # the parse hangs `adding` on the verb inside the quotation, and the colon is no headline label
    quotes = quotes_of(nlp, 'Okafor said: "We won," adding that the vote was fair.',
                       'Okafor/NNP/nsubj/1 said/VBD/ROOT/1 :/:/punct/1 "/``/punct/1 We/PRP/nsubj/5 won/VBD/ccomp/1 '
                       ',/,/punct/5 "/\'\'/punct/5 adding/VBG/advcl/5 that/IN/mark/12 the/DT/det/11 '
                       'vote/NN/nsubj/12 was/VBD/ccomp/8 fair/JJ/acomp/12 ././punct/1',
                       people={"Okafor": "Ada Okafor"})
    assert [(q.speaker, q.cue, q.kind, q.text) for q in quotes] == [
        ("Ada Okafor", "said", "direct", "We won"), ("Ada Okafor", "adding", "indirect", "the vote was fair")]


def test_a_thing_promised_is_what_was_said_not_an_addressee(nlp):
    quotes = quotes_of(nlp, "Okafor promised a veto.",
                       "Okafor/NNP/nsubj/1 promised/VBD/ROOT/1 a/DT/det/3 veto/NN/dobj/1 ././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.speaker, q.cue, q.text, q.addressee) for q in quotes] == [("Ada Okafor", "promised", "a veto", None)]


def test_telling_the_truth_or_asking_adults_reports_nothing(nlp):
    assert quotes_of(nlp, "Okafor told the truth.",
                     "Okafor/NNP/nsubj/1 told/VBD/ROOT/1 the/DT/det/3 truth/NN/dobj/1 ././punct/1",
                     people={"Okafor": "Ada Okafor"}) == []
    assert quotes_of(nlp, "They asked 800 adults.",
                     "They/PRP/nsubj/1 asked/VBD/ROOT/1 800/CD/nummod/3 adults/NNS/dobj/1 ././punct/1") == []


def _headline_doc(nlp, text, spec, person):
    doc = build(nlp, text, spec)
    start = text.index(person)
    doc.ents = [doc.char_span(start, start + len(person), label="PERSON")]
    return doc


def test_a_headline_quoting_someone_after_a_colon(nlp):
    text = "Ada Okafor Hammers Bank Chief: 'You Should Resign.'\n\nThe hearing ran late."
    spec = ("Ada/NNP/compound/1 Okafor/NNP/nsubj/2 Hammers/VBZ/ROOT/2 Bank/NNP/compound/4 Chief/NNP/dobj/2 "
            ":/:/punct/2 '/``/punct/8 You/PRP/nsubj/8 Should/MD/aux/9 Resign/VB/ROOT/9 ././punct/9 "
            "'/''/punct/9 NL/_SP/dep/11 The/DT/det/14 hearing/NN/nsubj/15 ran/VBD/ROOT/15 late/RB/advmod/15 "
            "././punct/15")
    doc = _headline_doc(nlp, text, spec, "Ada Okafor")
    (q,) = extract_quotes(doc, index_of(doc, people={"Ada Okafor": "Ada Okafor"}), "t")
    assert (q.speaker, q.speaker_text, q.kind, q.text) == ("Ada Okafor", "Ada Okafor", "direct", "You Should Resign.")


def test_a_headline_with_a_colon_but_no_quotation_names_no_speaker(nlp):
    text = "Ada Okafor Hammers Bank Chief: Hearing Runs Late\n\nThe hearing ran late."
    spec = ("Ada/NNP/compound/1 Okafor/NNP/nsubj/2 Hammers/VBZ/ROOT/2 Bank/NNP/compound/4 Chief/NNP/dobj/2 "
            ":/:/punct/2 Hearing/NNP/nsubj/7 Runs/VBZ/ROOT/7 Late/RB/advmod/7 NL/_SP/dep/7 The/DT/det/11 "
            "hearing/NN/nsubj/12 ran/VBD/ROOT/12 late/RB/advmod/12 ././punct/12")
    doc = _headline_doc(nlp, text, spec, "Ada Okafor")
    assert [q for q in extract_quotes(doc, index_of(doc, people={"Ada Okafor": "Ada Okafor"}), "t")
            if q.cue == ":"] == []


def test_a_headline_label_before_a_quotation_is_a_direct_quote(nlp):
    text = "Okafor: 'I was not told'\n\nThe minister spoke."
    spec = ("Okafor/NNP/ROOT/0 :/:/punct/0 '/``/punct/5 I/PRP/nsubjpass/5 was/VBD/auxpass/5 not/RB/neg/5 "
            "told/VBN/appos/0 '/''/punct/5 NL/_SP/dep/5 The/DT/det/10 minister/NN/nsubj/11 spoke/VBD/ROOT/11 "
            "././punct/11")
    (q,) = quotes_of(nlp, text, spec, people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.cue, q.kind, q.text) == ("Ada Okafor", ":", "direct", "I was not told")


def test_a_headline_label_before_a_quoted_fragment_is_a_mixed_quote(nlp):
    text = "Okafor: Toll row 'a silly fuss'\n\nThe minister spoke."
    spec = ("Okafor/NNP/ROOT/0 :/:/punct/0 Toll/NNP/compound/3 row/NN/appos/0 '/``/punct/7 a/DT/det/7 "
            "silly/JJ/amod/7 fuss/NN/appos/3 '/''/punct/7 NL/_SP/dep/7 The/DT/det/11 minister/NN/nsubj/12 "
            "spoke/VBD/ROOT/12 ././punct/12")
    (q,) = quotes_of(nlp, text, spec, people={"Okafor": "Ada Okafor"})
    assert (q.speaker, q.kind, q.text) == ("Ada Okafor", "mixed", "Toll row 'a silly fuss'")


def test_an_infinitive_after_someone_told_is_what_they_were_told_even_parsed_as_purpose(nlp):
    quotes = quotes_of(nlp, "Okafor told voters at a rally to stay home.",
                       "Okafor/NNP/nsubj/1 told/VBD/ROOT/1 voters/NNS/dobj/1 at/IN/prep/1 a/DT/det/5 "
                       "rally/NN/pobj/3 to/TO/aux/7 stay/VB/advcl/1 home/RB/advmod/7 ././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.cue, q.text) for q in quotes] == [("told", "voters at a rally to stay home")]


def test_a_call_made_for_a_purpose_reports_nothing(nlp):
    quotes = quotes_of(nlp, "Okafor called voters on Friday to thank them.",
                       "Okafor/NNP/nsubj/1 called/VBD/ROOT/1 voters/NNS/dobj/1 on/IN/prep/1 Friday/NNP/pobj/3 "
                       "to/TO/aux/6 thank/VB/advcl/1 them/PRP/dobj/6 ././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert not any("thank" in q.text for q in quotes)


def test_a_possessive_on_a_noun_of_saying_points_to_the_clause_subject_it_refers_to(nlp):
    quotes = quotes_of(nlp, "The senator stepped up her attacks on the plan.",
                       "The/DT/det/1 senator/NN/nsubj/2 stepped/VBD/ROOT/2 up/RP/prt/2 her/PRP$/poss/5 "
                       "attacks/NNS/dobj/2 on/IN/prep/5 the/DT/det/8 plan/NN/pobj/6 ././punct/2")
    assert [(q.speaker_text, q.cue, q.text) for q in quotes] == [("The senator", "attacks on", "the plan")]


def test_a_possessive_on_a_subject_noun_of_saying_stays(nlp):
    quotes = quotes_of(nlp, "Her attacks on the plan continued.",
                       "Her/PRP$/poss/1 attacks/NNS/nsubj/5 on/IN/prep/1 the/DT/det/4 plan/NN/pobj/2 "
                       "continued/VBD/ROOT/5 ././punct/5")
    assert [(q.speaker_text, q.text) for q in quotes] == [("Her", "the plan")]


def test_a_date_after_a_noun_of_saying_is_when_not_what(nlp):
    text = "Okafor's remarks on Friday drew fire."
    doc = build(nlp, text, "Okafor/NNP/poss/2 's/POS/case/0 remarks/NNS/nsubj/5 on/IN/prep/2 Friday/NNP/pobj/3 "
                           "drew/VBD/ROOT/5 fire/NN/dobj/5 ././punct/5")
    doc.ents = [doc.char_span(text.index("Friday"), text.index("Friday") + 6, label="DATE")]
    assert extract_quotes(doc, index_of(doc, people={"Okafor": "Ada Okafor"}), "t") == []


def test_an_attribution_the_parse_made_the_root_between_a_subject_and_its_verb(nlp):
    quotes = quotes_of(nlp, "These workers, Okafor explained at the hearing, were well paid.",
                       "These/DT/det/1 workers/NNS/npadvmod/4 ,/,/punct/4 Okafor/NNP/nsubj/4 explained/VBD/ROOT/4 "
                       "at/IN/prep/4 the/DT/det/7 hearing/NN/pobj/5 ,/,/punct/4 were/VBD/conj/4 well/RB/advmod/11 "
                       "paid/VBN/acomp/9 ././punct/4",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.speaker_text, q.cue, q.text) for q in quotes] == [
        ("Okafor", "explained", "These workers, Okafor explained at the hearing, were well paid")]


def test_an_infinitive_of_purpose_after_an_object_is_the_subjects(nlp):
    quotes = quotes_of(nlp, "Okafor met the senator to announce that the road will open.",
                       "Okafor/NNP/nsubj/1 met/VBD/ROOT/1 the/DT/det/3 senator/NN/dobj/1 to/TO/aux/5 "
                       "announce/VB/xcomp/1 that/IN/mark/10 the/DT/det/8 road/NN/nsubj/10 will/MD/aux/10 "
                       "open/VB/ccomp/5 ././punct/1",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.speaker_text, q.cue, q.text) for q in quotes] == [("Okafor", "announce", "the road will open")]


def test_someone_quoted_saying_something_is_the_one_saying_it(nlp):
    quotes = quotes_of(nlp, "The Courier quoted the senator saying that the road will open.",
                       "The/DT/det/1 Courier/NNP/nsubj/2 quoted/VBD/ROOT/2 the/DT/det/4 senator/NN/dobj/2 "
                       "saying/VBG/xcomp/2 that/IN/mark/10 the/DT/det/8 road/NN/nsubj/10 will/MD/aux/10 "
                       "open/VB/ccomp/5 ././punct/2",
                       institutions=("Courier",))
    assert ("the senator", "saying", "the road will open") in [(q.speaker_text, q.cue, q.text) for q in quotes]


def test_a_percent_sign_ends_what_was_said(nlp):
    (q,) = quotes_of(nlp, "Okafor said growth was 3%.",
                     "Okafor/NNP/nsubj/1 said/VBD/ROOT/1 growth/NN/nsubj/3 was/VBD/ccomp/1 3/CD/nummod/5 "
                     "%/NN/attr/3 ././punct/1",
                     people={"Okafor": "Ada Okafor"})
    assert q.text == "growth was 3%"


def test_a_second_complement_with_its_own_speaker_and_cue_is_a_new_attribution(nlp):
    quotes = quotes_of(nlp, "Okafor wants the fee to be capped - the board wants it doubled.",
                       "Okafor/NNP/nsubj/1 wants/VBZ/ROOT/1 the/DT/det/3 fee/NN/nsubjpass/6 to/TO/aux/6 "
                       "be/VB/auxpass/6 capped/VBN/ccomp/1 -/:/punct/10 the/DT/det/9 board/NN/nsubj/10 "
                       "wants/VBZ/ccomp/1 it/PRP/nsubj/12 doubled/VBN/ccomp/10 ././punct/10",
                       people={"Okafor": "Ada Okafor"})
    assert [(q.speaker_text, q.text) for q in quotes] == [("Okafor", "the fee to be capped"),
                                                          ("the board", "it doubled")]


def test_a_clause_after_a_causative_is_done_not_said(nlp):
    assert quotes_of(nlp, "The senator had a bill voted down.",
                     "The/DT/det/1 senator/NN/nsubj/2 had/VBD/ROOT/2 a/DT/det/4 bill/NN/nsubj/5 voted/VBD/ccomp/2 "
                     "down/RP/prt/5 ././punct/2") == []


def test_footage_of_someone_saying_something_is_theirs(nlp):
    quotes = quotes_of(nlp, "The ad uses footage of the senator saying that taxes will rise.",
                       "The/DT/det/1 ad/NN/nsubj/2 uses/VBZ/ROOT/2 footage/NN/dobj/2 of/IN/prep/3 the/DT/det/6 "
                       "senator/NN/pobj/4 saying/VBG/xcomp/2 that/IN/mark/11 taxes/NNS/nsubj/11 will/MD/aux/11 "
                       "rise/VB/ccomp/7 ././punct/2")
    assert [(q.speaker_text, q.cue, q.text) for q in quotes] == [("the senator", "saying", "taxes will rise")]


def test_she_after_a_spokeswoman_is_the_spokeswoman(nlp):
    text = "A spokeswoman said roads were closed. She added that schools were open."
    spec = ("A/DT/det/1 spokeswoman/NN/nsubj/2 said/VBD/ROOT/2 roads/NNS/nsubjpass/5 were/VBD/auxpass/5 "
            "closed/VBN/ccomp/2 ././punct/2 She/PRP/nsubj/8 added/VBD/ROOT/8 that/IN/mark/12 schools/NNS/nsubj/12 "
            "were/VBD/ccomp/8 open/JJ/acomp/11 ././punct/8")
    quotes = quotes_of(nlp, text, spec)
    assert [(q.speaker, q.speaker_type, q.speaker_text) for q in quotes] == [
        ("spokeswoman", "unnamed", "A spokeswoman"), ("spokeswoman", "unnamed", "She")]


def test_a_name_in_quoted_words_does_not_take_the_next_pronoun(nlp):
    text = 'Okafor said: "Kim is wrong." He added that the vote stands.'
    spec = ('Okafor/NNP/nsubj/1 said/VBD/ROOT/1 :/:/punct/1 "/``/punct/5 Kim/NNP/nsubj/5 is/VBZ/ccomp/1 '
            'wrong/JJ/acomp/5 ././punct/5 "/\'\'/punct/5 He/PRP/nsubj/10 added/VBD/ROOT/10 that/IN/mark/14 '
            'the/DT/det/13 vote/NN/nsubj/14 stands/VBZ/ccomp/10 ././punct/10')
    quotes = quotes_of(nlp, text, spec, people={"Okafor": "Ada Okafor", "Kim": "Lee Kim"})
    assert [(q.speaker, q.speaker_text) for q in quotes] == [("Ada Okafor", "Okafor"), ("Ada Okafor", "He")]


def test_the_role_the_article_gives_one_person_names_that_person(nlp):
    text = "Mayor Ada Okafor opened the bridge. The mayor said traffic would ease."
    spec = ("Mayor/NNP/compound/2 Ada/NNP/compound/2 Okafor/NNP/nsubj/3 opened/VBD/ROOT/3 the/DT/det/5 "
            "bridge/NN/dobj/3 ././punct/3 The/DT/det/8 mayor/NN/nsubj/9 said/VBD/ROOT/9 traffic/NN/nsubj/12 "
            "would/MD/aux/12 ease/VB/ccomp/9 ././punct/9")
    doc = build(nlp, text, spec)
    start = text.index("Ada Okafor")
    index = EntityIndex("t", [Entity("Ada Okafor", "person", role="mayor")],
                        [Mention("t", "Ada Okafor", "person", "Ada Okafor", start, start + 10, "name")])
    (q,) = extract_quotes(doc, index, "t")
    assert (q.speaker, q.speaker_type, q.speaker_text, q.role) == ("Ada Okafor", "person", "The mayor", "mayor")
    # a deputy mayor is someone else
    index = EntityIndex("t", [Entity("Ada Okafor", "person", role="deputy mayor")],
                        [Mention("t", "Ada Okafor", "person", "Ada Okafor", start, start + 10, "name")])
    (q,) = extract_quotes(doc, index, "t")
    assert (q.speaker, q.speaker_text) == ("mayor", "The mayor")


def test_a_person_named_in_apposition_to_a_role_noun_is_the_speaker(nlp):
    text = "Its leader, Ada Okafor, said the vote was fair."
    spec = ("Its/PRP$/poss/1 leader/NN/nsubj/6 ,/,/punct/1 Ada/NNP/compound/4 Okafor/NNP/appos/1 ,/,/punct/1 "
            "said/VBD/ROOT/6 the/DT/det/8 vote/NN/nsubj/9 was/VBD/ccomp/6 fair/JJ/acomp/9 ././punct/6")
    (q,) = quotes_of(nlp, text, spec, people={"Ada Okafor": "Ada Okafor"})
    assert (q.speaker, q.speaker_type, q.speaker_text, q.role) == ("Ada Okafor", "person", "Its leader", "leader")


def test_a_capitalised_role_with_a_name_in_apposition_gives_the_named_person(nlp):
    # `Director` opening a sentence is tagged a proper noun
    text = "Director, Ada Okafor, said the vote was fair."
    spec = ("Director/NNP/nsubj/5 ,/,/punct/0 Ada/NNP/compound/3 Okafor/NNP/appos/0 ,/,/punct/0 "
            "said/VBD/ROOT/5 the/DT/det/7 vote/NN/nsubj/8 was/VBD/ccomp/5 fair/JJ/acomp/8 ././punct/5")
    (q,) = quotes_of(nlp, text, spec, people={"Ada Okafor": "Ada Okafor"})
    assert (q.speaker, q.speaker_type, q.speaker_text, q.role) == ("Ada Okafor", "person", "Director", "Director")


def test_an_acronym_in_brackets_is_no_role(nlp):
    (q,) = quotes_of(nlp, "The Harbour Authority (HA) said rents rose.",
                     "The/DT/det/2 Harbour/NNP/compound/2 Authority/NNP/nsubj/6 (/-LRB-/punct/2 HA/NNP/appos/2 "
                     ")/-RRB-/punct/2 said/VBD/ROOT/6 rents/NNS/nsubj/8 rose/VBD/ccomp/6 ././punct/6",
                     institutions=("Harbour Authority",))
    assert (q.speaker, q.role) == ("Harbour Authority", None)


def test_a_name_after_two_conjoined_roles_is_the_speaker(nlp):
    text = "Acme president and chief executive Ada Okafor said sales rose."
    spec = ("Acme/NNP/compound/1 president/NN/nsubj/7 and/CC/cc/1 chief/JJ/amod/4 executive/NN/compound/6 "
            "Ada/NNP/compound/6 Okafor/NNP/conj/1 said/VBD/ROOT/7 sales/NNS/nsubj/9 rose/VBD/ccomp/7 ././punct/7")
    (q,) = quotes_of(nlp, text, spec, people={"Ada Okafor": "Ada Okafor"})
    assert (q.speaker, q.speaker_text, q.role) == (
        "Ada Okafor", "Acme president and chief executive Ada Okafor", "Acme president and chief executive")


def test_he_is_not_the_man_his_own_quote_names(nlp):
    # people do not name themselves in their own words: `he` is the man named before
    text = 'Brask signed Okafor. Okafor trained. "I talked to Okafor," he said.'
    spec = ('Brask/NNP/nsubj/1 signed/VBD/ROOT/1 Okafor/NNP/dobj/1 ././punct/1 Okafor/NNP/nsubj/5 '
            'trained/VBD/ROOT/5 ././punct/5 "/``/punct/15 I/PRP/nsubj/9 talked/VBD/ccomp/15 to/IN/prep/9 '
            'Okafor/NNP/pobj/10 ,/,/punct/15 "/\'\'/punct/15 he/PRP/nsubj/15 said/VBD/ROOT/15 ././punct/15')
    (q,) = quotes_of(nlp, text, spec, people={"Brask": "Jon Brask", "Okafor": "Tim Okafor"})
    assert (q.speaker, q.speaker_text, q.text) == ("Jon Brask", "he", "I talked to Okafor")


def test_a_post_nominal_title_after_a_name_gives_the_person(nlp):
    text = "Former minister Ada Okafor MP said the plan would fail."
    spec = ("Former/JJ/amod/4 minister/NN/compound/4 Ada/NNP/compound/3 Okafor/NNP/compound/4 MP/NNP/nsubj/5 "
            "said/VBD/ROOT/5 the/DT/det/7 plan/NN/nsubj/9 would/MD/aux/9 fail/VB/ccomp/5 ././punct/5")
    (q,) = quotes_of(nlp, text, spec, people={"Ada Okafor": "Ada Okafor"})
    assert (q.speaker, q.speaker_type, q.speaker_text, q.role) == (
        "Ada Okafor", "person", "Former minister Ada Okafor MP", "Former minister")


def test_a_surname_in_the_headline_is_the_person_named_in_full_below(nlp):
    text = "Okafor criticises plan\n\nMayor Ada Okafor spoke."
    spec = "Okafor/NNP/nsubj/1 criticises/VBZ/ROOT/1 plan/NN/dobj/1 NL/_SP/dep/1 Mayor/NNP/compound/6 " \
           "Ada/NNP/compound/6 Okafor/NNP/nsubj/7 spoke/VBD/ROOT/7 ././punct/7"
    doc = build(nlp, text, spec)
    start = text.index("Ada Okafor")
    index = EntityIndex("t", [Entity("Ada Okafor", "person")],
                        [Mention("t", "Ada Okafor", "person", "Ada Okafor", start, start + 10, "name")])
    (q,) = extract_quotes(doc, index, "t")
    assert (q.speaker, q.speaker_type, q.speaker_text, q.text) == ("Ada Okafor", "person", "Okafor", "plan")


def test_a_person_named_in_apposition_to_any_noun_set_off_by_commas_is_the_speaker(nlp):
    # the noun is no role (`killer`, `One`): the person is the speaker, without a role
    text = "The killer, Jon Brask, denied the charge."
    spec = ("The/DT/det/1 killer/NN/nsubj/6 ,/,/punct/1 Jon/NNP/compound/4 Brask/NNP/appos/1 ,/,/punct/1 "
            "denied/VBD/ROOT/6 the/DT/det/8 charge/NN/dobj/6 ././punct/6")
    (q,) = quotes_of(nlp, text, spec, people={"Jon Brask": "Jon Brask"})
    assert (q.speaker, q.speaker_text, q.role) == ("Jon Brask", "The killer", None)


def test_a_list_of_people_in_apposition_is_no_role(nlp):
    from newslens.quotes.speakers import appositive

    doc = build(nlp, "Okafor, coach Jon Brask and others said so.",
                "Okafor/NNP/nsubj/7 ,/,/punct/0 coach/NN/compound/4 Jon/NNP/compound/4 Brask/NNP/appos/0 "
                "and/CC/cc/4 others/NNS/conj/4 said/VBD/ROOT/7 so/RB/advmod/7 ././punct/7")
    doc.ents = [doc.char_span(14, 23, label="PERSON")]
    assert appositive(doc[0]) is None


def test_a_hyphenated_title_after_said_gives_the_named_person(nlp):
    # the parse made `co` and `Okafor` both subjects of `said`
    text = "Reform is needed, said co-ordinator Ada Okafor."
    spec = ("Reform/NN/nsubjpass/2 is/VBZ/auxpass/2 needed/VBN/ccomp/4 ,/,/punct/4 said/VBD/ROOT/4 "
            "co/NN/nsubj/4 -/HYPH/compound/9 ordinator/NN/compound/9 Ada/NNP/compound/9 Okafor/NNP/nsubj/4 "
            "././punct/4")
    (q,) = quotes_of(nlp, text, spec, people={"Ada Okafor": "Ada Okafor"})
    assert (q.speaker, q.text) == ("Ada Okafor", "Reform is needed")


def test_a_hyphenated_role_in_apposition_is_whole(nlp):
    from newslens.quotes.speakers import appositive

    doc = build(nlp, "Okafor, Tory co-chairman, said so.",
                "Okafor/NNP/nsubj/7 ,/,/punct/0 Tory/NNP/compound/3 co/NN/appos/0 -/HYPH/appos/0 "
                "chairman/NN/appos/0 ,/,/punct/0 said/VBD/ROOT/7 so/RB/advmod/7 ././punct/7")
    assert appositive(doc[0]) == "Tory co-chairman"


def test_an_unnamed_speaker_for_an_institution_has_it_as_affiliation(nlp):
    (q,) = quotes_of(nlp, "A spokesman for the Harbour Authority said rents rose.",
                     "A/DT/det/1 spokesman/NN/nsubj/6 for/IN/prep/1 the/DT/det/5 Harbour/NNP/compound/5 "
                     "Authority/NNP/pobj/2 said/VBD/ROOT/6 rents/NNS/nsubj/8 rose/VBD/ccomp/6 ././punct/6",
                     institutions=("Harbour Authority",))
    assert (q.speaker, q.speaker_type, q.affiliation) == ("spokesman", "unnamed", "Harbour Authority")


def test_a_party_speaking_is_an_institution(nlp):
    (q,) = quotes_of(nlp, "The Tories said the plan would fail.",
                     "The/DT/det/1 Tories/NNPS/nsubj/2 said/VBD/ROOT/2 the/DT/det/4 plan/NN/nsubj/6 "
                     "would/MD/aux/6 fail/VB/ccomp/2 ././punct/2")
    assert (q.speaker, q.speaker_type, q.speaker_text) == ("Tories", "institution", "The Tories")


def test_the_party_after_a_party_named_by_its_short_name_is_that_party(nlp):
    quotes = quotes_of(nlp, "The Tories said taxes would fall. The party added that rents would fall.",
                       "The/DT/det/1 Tories/NNPS/nsubj/2 said/VBD/ROOT/2 taxes/NNS/nsubj/5 would/MD/aux/5 "
                       "fall/VB/ccomp/2 ././punct/2 The/DT/det/8 party/NN/nsubj/9 added/VBD/ROOT/9 that/IN/mark/13 "
                       "rents/NNS/nsubj/13 would/MD/aux/13 fall/VB/ccomp/9 ././punct/9")
    assert [(q.speaker, q.speaker_text) for q in quotes] == [("Tories", "The Tories"), ("Tories", "The party")]


def test_it_after_a_sentence_about_a_committee_is_the_committee(nlp):
    text = "The committee met for hours. It warned that costs would rise."
    spec = ("The/DT/det/1 committee/NN/nsubj/2 met/VBD/ROOT/2 for/IN/prep/2 hours/NNS/pobj/3 ././punct/2 "
            "It/PRP/nsubj/7 warned/VBD/ROOT/7 that/IN/mark/11 costs/NNS/nsubj/11 would/MD/aux/11 rise/VB/ccomp/7 "
            "././punct/7")
    quotes = quotes_of(nlp, text, spec)
    assert ("committee", "institution", "It") in [(q.speaker, q.speaker_type, q.speaker_text) for q in quotes]


def test_they_after_a_sentence_about_things_is_no_one(nlp):
    text = "The measures took effect. They said costs would rise."
    spec = ("The/DT/det/1 measures/NNS/nsubj/2 took/VBD/ROOT/2 effect/NN/dobj/2 ././punct/2 They/PRP/nsubj/6 "
            "said/VBD/ROOT/6 costs/NNS/nsubj/9 would/MD/aux/9 rise/VB/ccomp/6 ././punct/6")
    (q,) = quotes_of(nlp, text, spec)
    assert (q.speaker, q.speaker_text) == (None, "They")
