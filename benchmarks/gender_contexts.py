"""For hand-labelling the gender gold set: the N most-quoted people of a stored corpus, and for each, the
sentences of its articles that mention them (and the sentence after each, where a `he`/`she` would be).

Reads a store that `newslens add` filled (the BBC corpus for the gold set in benchmarks/gender_gold_bbc.csv);
prints to stdout, for reading. Nothing it prints goes into the repository.

    python benchmarks/gender_contexts.py --db STORE [--top 150] [--per-person 12] > contexts.txt
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict

from newslens import views
from newslens.store import Store

_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"”’']?|\n|$)")
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|himself|herself)\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


def sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE.finditer(text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def top_people(store: Store, top: int):
    quotes = list(store.quotes(act="all"))
    people = views.people_index(views.merge_entities(store.entities(type="person")))
    counts: dict[str, int] = defaultdict(int)
    merged = {}
    for q in quotes:
        if q.speaker_type == "person" and q.speaker:
            entity = people.get((q.article, q.speaker))
            if entity is not None:
                counts[entity.name] += 1
                merged[entity.name] = entity
    ranked = sorted(counts, key=lambda n: (-counts[n], n))[:top]
    return [(merged[n], counts[n]) for n in ranked]


def word_before(text: str, start: int) -> str:
    found = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return found.group(1) if found else ""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True)
    p.add_argument("--top", type=int, default=150)
    p.add_argument("--per-person", type=int, default=12, help="at most this many sentences per person")
    args = p.parse_args()
    with Store(args.db, create=False) as store:
        ranked = top_people(store, args.top)
        wanted = {a for e, _ in ranked for a in e.articles}
        texts, mentions = {}, defaultdict(list)
        for article in store.articles():
            if article.id in wanted:
                texts[article.id] = article.text
                for m in article.mentions:
                    if m.type == "person":
                        mentions[(article.id, m.entity)].append(m)
        for rank, (entity, quoted) in enumerate(ranked, 1):
            names = {entity.name, *entity.aliases}
            print(f"\n=== {rank}. {entity.name} (quoted {quoted}; aliases {', '.join(entity.aliases) or '-'}; "
                  f"{len(entity.articles)} articles)")
            found = []
            before = defaultdict(int)
            for article in entity.articles:
                text = texts[article]
                spans = sentences(text)
                seen = set()
                for name in names:
                    for m in mentions.get((article, name), ()):
                        before[word_before(text, m.start)] += 1
                        k = next((k for k, (s, e) in enumerate(spans) if s <= m.start < e), None)
                        if k is None or k in seen:
                            continue
                        seen.add(k)
                        here = text[spans[k][0]:spans[k][1]].strip()
                        after = text[spans[k + 1][0]:spans[k + 1][1]].strip() if k + 1 < len(spans) else ""
                        # sentences with a pronoun here or in the next sentence first (where evidence would be)
                        rank = 0 if _PRONOUN.search(here + " " + after) else 1
                        found.append((rank, article, here, after))
            words = ", ".join(f"{w} {n}" for w, n in sorted(before.items(), key=lambda x: -x[1])[:8])
            print(f"  words before a mention: {words}")
            for _, article, here, after in sorted(found, key=lambda f: f[0])[:args.per_person]:
                print(f"  [{article.rsplit('/', 2)[-2]}/{article.rsplit('/', 1)[-1]}] {here[:300]} >> {after[:160]}")


if __name__ == "__main__":
    main()
