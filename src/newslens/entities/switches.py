"""Named switches for the genre rules, so that each can be measured by ablation and each test can be checked
to fail without its rule (benchmarks/entity_ablation.py). All rules are on unless a name is put in OFF."""

from __future__ import annotations

from contextlib import contextmanager

RULES = (
    "team_verbs",  # `Ashcombe beat Fernhill`: a place that beats or draws with another is a team (kinds.py)
    "team_scores",  # `Ashcombe 296`, a place followed by its score at the start of a results line (kinds.py)
    "sports_lone_names",  # in a sports report, a one-word `person` that is no person's name is a team
    "team_locatives",  # a team's name after `in`/`at` is the place (resolve.py, _teams)
    "athletes",  # `Tomas Hradil ( Czech Republic )`: a name before its country in brackets is a person
    "coordinated_teams",  # unlabeled names in a sports report with a team context or a results pair are teams
    "event_cues",  # `Marden Cup`: an event, no institution
    "common_words",  # `Relays : the relays ran`: a one-word name opening a line that is a common word
    "score_trim",  # `Calderton 212-6`: trailing figures cut off a span (spans.py)
)
OFF: set[str] = set()


def on(rule: str) -> bool:
    return rule not in OFF


@contextmanager
def off(*rules: str):
    """The given rules switched off inside the block."""
    unknown = set(rules) - set(RULES)
    if unknown:
        raise KeyError(f"no such rule: {sorted(unknown)}")
    before = set(OFF)
    OFF.update(rules)
    try:
        yield
    finally:
        OFF.clear()
        OFF.update(before)
