"""Scores the gender of the most-quoted people against the hand-labelled gold set (benchmarks/gender_gold_bbc.csv:
the 150 people quoted most in the BBC corpus, labelled from what the articles say; docs/gender.md says how).

The system's answer for a person is the corpus-level gender of the person entity their quotes resolve to, as
`newslens speakers` shows it (the articles' evidence, else the first name; a gold name is the corpus name of
the person, `Minister Lord Falconer` whose quotes are under `Falconer`). Precision and recall per label, and the share
left `unknown`, overall and split by the evidence that decided (the article, the first-name table, none).

    newslens add ../shared/eval/bbc --db STORE
    python benchmarks/gender.py --db STORE [--gold benchmarks/gender_gold_bbc.csv] [--knowledge] [--show]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from newslens import views
from newslens.corpus import query_source

GOLD = Path(__file__).resolve().parent / "gender_gold_bbc.csv"
LABELS = ("female", "male")


def _untitled(name: str) -> str:
    """A gold name without the title an older entity layer left in it (`Minister Lord Falconer`)."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 2 and words[0].lower() in ("minister", "lord chancellor") else name


def evidence_of(source: str | None) -> str:
    """Which evidence decided: the article(s), the first-name table, or nothing that decides (an article's
    answer taken from the corpus counts as the evidence the corpus had)."""
    source = (source or "").removeprefix("corpus: ")
    if source.startswith(("article:", "articles:")):
        return "article"
    if source.startswith("first name") and "ambiguous" not in source and "not in" not in source:
        return "name table"
    return "none"


def score(pairs: list[tuple[str, str]]) -> dict[str, float | int]:
    """pairs: (gold, predicted). Precision and recall per label, unknown share."""
    out: dict[str, float | int] = {"n": len(pairs)}
    for label in LABELS:
        predicted = sum(p == label for _, p in pairs)
        gold = sum(g == label for g, _ in pairs)
        right = sum(g == p == label for g, p in pairs)
        out[f"{label}_gold"] = gold
        out[f"{label}_predicted"] = predicted
        out[f"{label}_P"] = right / predicted if predicted else float("nan")
        out[f"{label}_R"] = right / gold if gold else float("nan")
    out["unknown_share"] = sum(p not in LABELS for _, p in pairs) / len(pairs) if pairs else float("nan")
    return out


def table(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    print("| evidence | people | female P | female R | male P | male R | unknown |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, s in rows.items():
        print(f"| {name} | {s['n']} | {s['female_P']:.3f} ({s['female_predicted']}) | {s['female_R']:.3f} "
              f"({s['female_gold']}) | {s['male_P']:.3f} ({s['male_predicted']}) | {s['male_R']:.3f} "
              f"({s['male_gold']}) | {s['unknown_share']:.3f} |")


def name_table_sweep(gold: list[dict], quoted, thresholds: list[float], priors: list[int]) -> None:
    """The first-name table alone, at several thresholds: on the gold people, and on every (article, person
    quoted) whose gender the article's own evidence decided (a silver label: independent of the name, except
    that a pronoun alone against a sure name was made unknown, which favours the table a little)."""
    from newslens import firstnames, gender

    people = views.article_people(quoted.people, quoted.links, {})
    seen, silver = set(), []
    for q in quoted.quotes:
        e = people.get((q.article, q.speaker))
        if e is not None and (q.article, e.name) not in seen and (e.gender_source or "").startswith("article:") \
                and e.gender in LABELS:
            seen.add((q.article, e.name))
            silver.append((e.name, e.gender))
    print("\nThe first-name table alone, by threshold (p(female) drawn toward 0.5 by `prior` people: <= t is male,"
          " >= 1 - t female)")
    print("| t | prior | set | people | female P | female R | male P | male R | unknown |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    default = firstnames.THRESHOLD, firstnames.PRIOR
    try:
        for t, prior in [(t, prior) for prior in priors for t in thresholds]:
            firstnames.THRESHOLD, firstnames.PRIOR = t, prior
            firstnames.first_name_gender.cache_clear()
            for name, data in (("gold", [(g["name"], g["label"]) for g in gold if g["label"] in LABELS]),
                               ("article-labelled", silver)):
                s = score([(label, gender.by_first_name(n)[0]) for n, label in data])
                print(f"| {t} | {prior} | {name} | {s['n']} | {s['female_P']:.3f} | {s['female_R']:.3f} | "
                      f"{s['male_P']:.3f} | {s['male_R']:.3f} | {s['unknown_share']:.3f} |")
    finally:
        firstnames.THRESHOLD, firstnames.PRIOR = default
        firstnames.first_name_gender.cache_clear()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="a store holding the corpus the gold set was made from")
    p.add_argument("--gold", type=Path, default=GOLD)
    p.add_argument("--show", action="store_true", help="list every person whose answer is not the gold label")
    p.add_argument("--thresholds", default="0.1,0.15,0.2,0.25,0.3,0.35",
                   help="name-table thresholds to try on the name table alone [%(default)s]")
    p.add_argument("--priors", default="0,10,25",
                   help="name-table priors (people at 0.5 a name's estimate is drawn toward) to try [%(default)s]")
    args = p.parse_args()
    gold = list(csv.DictReader(args.gold.open(encoding="utf-8")))
    with query_source((), db=args.db) as source:
        quoted = source.quoted_people(speaker_types=("person",))
    people = views.corpus_people(quoted.people, quoted.quotes, links=quoted.links)
    found: dict[str, dict] = {}
    for e in (people.get((q.article, q.speaker)) for q in quoted.quotes):
        if e is not None:
            for name in (e.name, *e.aliases):  # a gold name is found under its corpus entity's any name
                found.setdefault(name, {"gender": e.gender, "gender_source": e.gender_source, "entity": e.name})
    pairs: dict[str, list[tuple[str, str]]] = {"all": [], "article": [], "name table": [], "none": []}
    knowledge: list[tuple[str, str]] = []
    skipped = Counter()
    for g in gold:
        row = found.get(g["name"]) or found.get(_untitled(g["name"])) or {}
        predicted, source = row.get("gender") or "unknown", row.get("gender_source")
        if g["knowledge"] in LABELS:
            knowledge.append((g["knowledge"], predicted))
        if g["label"] not in LABELS:
            skipped[g["label"]] += 1
            if args.show:
                print(f"  ({g['label']}) {g['name']}: {predicted} [{source}]")
            continue
        pairs["all"].append((g["label"], predicted))
        pairs[evidence_of(source)].append((g["label"], predicted))
        if args.show and predicted != g["label"]:
            print(f"  {g['name']}: gold {g['label']}, got {predicted} [{source}]{'' if row else ' (not found)'}")
    table(f"Against what the articles say ({len(pairs['all'])} people labelled female or male; left out: "
          f"{dict(skipped)})", {k: score(v) for k, v in pairs.items() if v})
    # per article: every article where a gold person is quoted, that article's own answer for them
    per_article: dict[str, list[tuple[str, str]]] = {"all": [], "article": [], "name table": [], "none": []}
    labels = {(found.get(g["name"]) or found.get(_untitled(g["name"])) or {}).get("entity"): g["label"]
              for g in gold if g["label"] in LABELS}
    own = views.article_people(quoted.people, quoted.links, people)
    seen = set()
    for q in quoted.quotes:
        merged, entity = people.get((q.article, q.speaker)), own.get((q.article, q.speaker))
        if merged is None or entity is None or merged.name not in labels or (q.article, merged.name) in seen:
            continue
        seen.add((q.article, merged.name))
        pair = (labels[merged.name], entity.gender or "unknown")
        per_article["all"].append(pair)
        per_article[evidence_of(entity.gender_source)].append(pair)
    table("Per article (each article's own answer for each gold person it quotes: what `speakers --per-article` "
          "shows)", {k: score(v) for k, v in per_article.items() if v})
    name_table_sweep(gold, quoted, [float(t) for t in args.thresholds.split(",") if t],
                     [int(p) for p in args.priors.split(",") if p])
    table("Against general knowledge (the text label, or a label from knowledge where the text says nothing)",
          {"all": score(knowledge)})


if __name__ == "__main__":
    main()
