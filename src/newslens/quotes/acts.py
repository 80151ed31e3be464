"""What kind of attribution a quote is: its ``act``, `speech`, `thought` or `stance`.

``act_of`` asks small strategies in order; the first with an answer decides:

1. ``said_by_form``: a quotation in marks all through (a direct quote), a transcript label (`Goldsmith: ...`),
   `according to` and the quote verbs are speech: the words are someone's, whatever the verb makes of them.
2. ``listed_cue``: a cue word listed in models/acts.tsv (`want`, `plan`: thought; `criticize`, `call for`,
   `critical`: stance).
3. ``verb_class``: a verb of models/cues.tsv takes its class's act there (speech, report, quote: speech;
   belief: thought; stance: stance).
4. ``noun_of_saying``: a noun of models/cue_nouns.txt (`claim`, `statement`) is speech.
5. ``adjective_of_attitude``: an adjective of models/stance_adjectives.txt (`confident`, `worried`) is thought.
6. ``learned_outside_lexicons``: what the trained model found with a cue outside every lexicon is a stance
   (`sparred over`, `were supporters of`): not words anyone is quoted saying.
7. ``frame_class``: the frame's own class (a frame the rules built without a lexicon cue).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from newslens.quotes.frames import Frame
from newslens.quotes.lexicon import cue_classes, cue_forms, cue_nouns, stance_adjectives
from newslens.records import SPEECH
from newslens.resources import read_table

CLASS_ACTS = {"speech": SPEECH, "report": SPEECH, "quote": SPEECH, "label": SPEECH, "source": SPEECH,
              "belief": "thought", "stance": "stance"}


@cache
def listed_acts() -> dict[str, str]:
    """Cue word (a verb's lemma, a noun, an adjective, a verb with its particle) -> act, from models/acts.tsv."""
    return {row[0].lower(): row[1] for row in read_table("acts.tsv")}


def _words(frame: Frame) -> list[str]:
    return frame.cue.lower().split()


def said_by_form(frame: Frame, _origin: str, kind: str) -> str | None:
    return SPEECH if kind == "direct" or frame.klass in ("label", "source", "quote") else None


def listed_cue(frame: Frame, _origin: str, _kind: str) -> str | None:
    words = _words(frame)
    if not words:
        return None
    lemma = cue_forms().get(words[0], words[0])
    listed = listed_acts()
    return listed.get(" ".join([lemma, *words[1:2]])) or listed.get(lemma) or listed.get(words[0])


def verb_class(frame: Frame, origin: str, _kind: str) -> str | None:
    words = _words(frame)
    klass = cue_classes().get(words[0]) if words and origin == "rule" else None
    return CLASS_ACTS.get(klass) if klass else None


def noun_of_saying(frame: Frame, _origin: str, _kind: str) -> str | None:
    words = _words(frame)
    return SPEECH if words and words[0] in cue_nouns() else None


def adjective_of_attitude(frame: Frame, _origin: str, _kind: str) -> str | None:
    words = _words(frame)
    return "thought" if words and words[0] in stance_adjectives() else None


def learned_outside_lexicons(_frame: Frame, origin: str, _kind: str) -> str | None:
    return "stance" if origin != "rule" else None


def frame_class(frame: Frame, _origin: str, _kind: str) -> str | None:
    return CLASS_ACTS.get(frame.klass)


STRATEGIES: tuple[Callable[[Frame, str, str], str | None], ...] = (
    said_by_form, listed_cue, verb_class, noun_of_saying, adjective_of_attitude, learned_outside_lexicons,
    frame_class,
)


def act_of(frame: Frame, origin: str = "rule", kind: str = "indirect", strategies=STRATEGIES) -> str:
    """The act of a quote from its frame, what proposed it (``Pending.origin``: `rule` or a candidate generator
    of the trained model) and its kind (direct, mixed, indirect); speech when no strategy knows."""
    for strategy in strategies:
        act = strategy(frame, origin, kind)
        if act is not None:
            return act
    return SPEECH
