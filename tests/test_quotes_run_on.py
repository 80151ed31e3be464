"""Quotes that run on: a paragraph wholly quoted after an attributed one continues its speaker, and a quote
running over several paragraphs is one row with a fragment per paragraph (the real model, on an invented
article)."""

from __future__ import annotations

import pytest

from newslens import analyze
from newslens.records import fragments_text

ARTICLE = """Harbor Master Ana Lobo said the port would reopen on Friday.

"We have checked every berth and every crane. The storm did less damage than we feared," Lobo said.

"The first ships will dock on Friday morning, and the ferries will run again. Nobody should expect delays after that."

The council met on Tuesday.

"It is the right plan at the right time," said councillor Ben Hart. "It pays for itself within five years.

"And it keeps the harbor open to everyone who works there."
"""


@pytest.fixture(scope="module")
def quotes():
    return analyze(ARTICLE).quotes


def test_a_wholly_quoted_paragraph_continues_the_speaker_before(quotes):
    said = next(q for q in quotes if q.text.startswith("We have checked"))
    (run_on,) = [q for q in quotes if q.text.startswith("The first ships")]
    assert run_on.speaker == said.speaker and run_on.kind == "direct"
    assert (run_on.speaker_text, run_on.speaker_start) == (said.speaker_text, said.speaker_start)
    assert run_on.text.endswith("delays after that.")


def test_a_quote_over_two_paragraphs_is_one_row_a_fragment_per_paragraph(quotes):
    (hart,) = [q for q in quotes if q.speaker == "Ben Hart"]
    assert hart.text.endswith("within five years. … And it keeps the harbor open to everyone who works there.")
    assert len(hart.spans) == 3 and not any("\n" in ARTICLE[s:e] for s, e in hart.spans)  # a fragment a paragraph
    assert fragments_text(ARTICLE, hart.spans) == hart.text and "“" not in hart.text and '"' not in hart.text
