"""What kind of attribution a quote is: its ``act``, `speech`, `thought`, `stance` or `topic`.

``act_of`` asks small strategies in order; the first with an answer decides:

1. ``not_said``: a negated cue (`did not say`, `has never confirmed`) or `declined/refused to ...` reports no
   words: a stance.
2. ``said_by_form``: a quotation in marks all through (a direct quote), a transcript label, a dash signature,
   a headline's colon and `according to` are speech: the words are someone's, whatever the verb makes of them.
3. ``topic_of_speech``: a cue of saying whose content is a noun phrase without quoted words (`announced a plan`,
   `discussed the budget`) names what was talked about, not what was said: a topic.
4. ``listed_cue``: a cue word listed in models/acts.tsv (`want`, `plan`: thought; `criticize`, `call for`:
   stance).
5. ``lexicon_class``: the cue's class in the lexicons (speech, report, quote, label, noun of saying: speech;
   belief, adjective of attitude: thought; stance: stance).
6. ``outside_lexicons``: what the model keeps with a cue outside every lexicon is a stance (`sparred over`,
   `were supporters of`): not words anyone is quoted saying.

>>> from types import SimpleNamespace as NS
>>> act_of(NS(cue=NS(negated=True, kind="verb", klass="speech", text="said", i=0), kind="indirect"), None)
'stance'
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from newslens.quotes.lexicon import cue_forms
from newslens.records import SPEECH
from newslens.resources import read_table

TOPIC = "topic"
CLASS_ACTS = {"speech": SPEECH, "report": SPEECH, "quote": SPEECH, "label": SPEECH, "source": SPEECH, "noun": SPEECH,
              "belief": "thought", "adjective": "thought", "stance": "stance"}
_SAYING = frozenset({"speech", "report", "quote", "noun"})


@cache
def listed_acts() -> dict[str, str]:
    """Cue word (a verb's lemma, a noun, an adjective, a verb with its particle) -> act, from models/acts.tsv."""
    return {row[0].lower(): row[1] for row in read_table("acts.tsv")}


def not_said(c, _p) -> str | None:
    return "stance" if c.cue.negated else None


def said_by_form(c, _p) -> str | None:
    return SPEECH if c.kind == "direct" or c.cue.kind in ("label", "dash", "headline", "source") else None


def topic_of_speech(c, p) -> str | None:
    if p is None or c.cue.klass not in _SAYING or c.kind != "indirect" or listed_cue(c, p) not in (None, SPEECH):
        return None
    i, j = p.tokens(c.start, c.end)
    if any(t.pos_ in ("VERB", "AUX") for t in p.doc[i:j]):
        return None
    return TOPIC


def listed_cue(c, _p) -> str | None:
    words = c.cue.text.lower().split()
    if not words:
        return None
    lemma = cue_forms().get(words[0], words[0])
    listed = listed_acts()
    return listed.get(" ".join([lemma, *words[1:2]])) or listed.get(lemma) or listed.get(words[0])


def lexicon_class(c, _p) -> str | None:
    return CLASS_ACTS.get(c.cue.klass)


def outside_lexicons(c, _p) -> str | None:
    return "stance" if c.cue.klass == "none" else None


STRATEGIES: tuple[Callable, ...] = (not_said, said_by_form, topic_of_speech, listed_cue, lexicon_class,
                                    outside_lexicons)


def act_of(candidate, p, strategies=STRATEGIES) -> str:
    """The act of a kept candidate (``candidates.Candidate``) in its parsed article; speech when no strategy
    knows."""
    for strategy in strategies:
        act = strategy(candidate, p)
        if act is not None:
            return act
    return SPEECH


__all__ = ["CLASS_ACTS", "STRATEGIES", "TOPIC", "act_of", "listed_acts"]
