"""Quote extraction (first version: direct quotes attributed in their own sentence)."""

from __future__ import annotations

import re
from functools import cache

from newslens.entities.index import EntityIndex
from newslens.records import Quote
from newslens.resources import read_table

_QUOTED = re.compile(r"[\"“]([^\"“”\n]{3,}?)[\"”]")


@cache
def cue_forms() -> dict[str, str]:
    return {form.strip(): lemma for lemma, forms in read_table("cues.tsv") for form in forms.split(",")}


def extract_quotes(doc, index: EntityIndex, article_id: str) -> list[Quote]:
    text = doc.text
    quotes = []
    for match in _QUOTED.finditer(text):
        start, end = match.span(1)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        cue = next((t for t in sent if t.text.lower() in cue_forms() and not start <= t.idx < end), None)
        speaker = None
        if cue is not None:
            speaker = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if speaker is not None:
            subtree = list(speaker.subtree)
            s_start, s_end = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
            mention = index.mention_at(speaker.idx, speaker.idx + len(speaker))
            name = mention.entity if mention else text[s_start:s_end]
            stype = {"person": "person", "institution": "institution"}.get(mention.type if mention else "", "unknown")
            quotes.append(Quote(article_id, name, stype, text[s_start:s_end], s_start, s_end, cue.text.lower(),
                                "direct", text[start:end].rstrip(",. "), start,
                                start + len(text[start:end].rstrip(",. ")), cue.idx, cue.idx + len(cue)))
    return quotes
