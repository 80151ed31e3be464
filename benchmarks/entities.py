"""Entity mentions, raw spaCy vs newslens, on a CoNLL-style gold set: exact-span P/R/F1 per type, same run.

usage: python benchmarks/entities.py SETDIR [--cache DIR] [--errors N] [--model NAME] [--limit N]

SETDIR holds articles/<id>.txt and gold.jsonl ({"id", "mentions": [{"start", "end", "type"}]}), as the
scorer ../shared/eval/score_entities.py expects. Both systems see the same parsed Docs (one nlp.pipe pass):
raw spaCy maps PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC; newslens lists the mentions
`newslens entities --mentions` prints (forms name, alias, acronym). The scoring rule is the scorer's: a
leading "the " and a trailing "'s" trimmed from both sides, MISC left out, a predicted span right when its
trimmed offsets and type equal a gold one. Also prints the CPU time newslens's entity layer adds (its ALL-CAPS
component and the resolution), as a ratio of the spaCy pipeline's own CPU time in the same run.
A SETDIR without gold.jsonl is a folder of articles (.txt, read recursively, the first `--limit`): only
the cost is measured. `--cache DIR` keeps the parsed Docs (a DocBin) between runs, for development;
`--errors N` prints N false positives and N misses per type.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from newslens.training.entity_typer import trim  # the scorer's trimming, as the training uses it

NEWSLENS_TYPES = {"person": "PER", "institution": "ORG", "country": "LOC", "place": "LOC"}
RAW_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
LISTED_FORMS = ("name", "alias", "acronym")


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: dict, texts: dict, pred: dict) -> tuple[dict, list]:
    """Per-type (P, R, F1) and the list of (kind, article, type, text) errors."""
    c: Counter = Counter()
    errors = []
    for art, g in gold.items():
        text = texts[art]
        p = {(trim(text, s, e), t) for (s, e), t in pred.get(art, ())}
        for (span, t) in g:
            c[f"gold_{t}"] += 1
            if (span, t) not in p:
                errors.append(("miss", art, t, text[span[0]:span[1]], span))
        for (span, t) in p:
            c[f"pred_{t}"] += 1
            if (span, t) in g:
                c[f"exact_{t}"] += 1
            else:
                errors.append(("false", art, t, text[span[0]:span[1]], span))
    rows = {t: prf(c[f"exact_{t}"], c[f"pred_{t}"], c[f"gold_{t}"]) for t in ("PER", "ORG", "LOC")}
    total = {k: sum(c[f"{k}_{t}"] for t in ("PER", "ORG", "LOC")) for k in ("exact", "pred", "gold")}
    rows["overall"] = prf(total["exact"], total["pred"], total["gold"])
    return rows, errors


def load_gold(setdir: Path) -> tuple[dict, dict]:
    gold, texts = {}, {}
    for line in (setdir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        text = (setdir / "articles" / f"{g['id']}.txt").read_text(encoding="utf-8")
        texts[g["id"]] = text
        gold[g["id"]] = {(trim(text, m["start"], m["end"]), m["type"]) for m in g["mentions"] if m["type"] != "MISC"}
    return gold, texts


def parse_docs(paths: list[Path], model: str | None, cache: Path | None):
    """The Docs as spaCy's own pipeline leaves them (newslens's ALL-CAPS component not yet run)."""
    from spacy.tokens import DocBin

    from newslens.component import ANALYSIS, CAPS_NER
    from newslens.pipeline import load
    from newslens.readers import read_documents

    nlp = load(model)
    cached = cache / "docs.spacy" if cache else None
    if cached and cached.exists():
        return nlp, list(DocBin().from_disk(cached).get_docs(nlp.vocab)), None
    documents = list(read_documents([str(path) for path in paths]))
    started = time.process_time()
    with nlp.select_pipes(disable=[name for name in nlp.pipe_names if name in (CAPS_NER, ANALYSIS)]):
        docs = list(nlp.pipe(d.analysis_text() for d in documents))
    seconds = time.process_time() - started
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(cached)
    return nlp, docs, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("setdir", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--model")
    parser.add_argument("--limit", type=int, default=200, help="without gold: how many articles to time")
    args = parser.parse_args(argv)

    from newslens.component import CAPS_NER as FACTORY
    from newslens.entities import resolve_entities

    timing_only = not (args.setdir / "gold.jsonl").exists()
    if timing_only:  # a folder of articles without gold: the cost only
        paths = sorted(args.setdir.rglob("*.txt"))[: args.limit]
        gold, texts, ids = {}, {}, [str(p) for p in paths]
    else:
        gold, texts = load_gold(args.setdir)
        ids = list(gold)
        paths = [args.setdir / "articles" / f"{i}.txt" for i in ids]
    nlp, docs, parse_seconds = parse_docs(paths, args.model, args.cache)

    raw = {i: [((e.start_char, e.end_char), RAW_TYPES[e.label_]) for e in d.ents if e.label_ in RAW_TYPES]
           for i, d in zip(ids, docs, strict=True)}
    with nlp.select_pipes(disable=["newslens"]):
        resolve_entities(nlp("Warm-up: Paris, Moscow. Mr. K. Jones , a professor"), "warm-up")  # gazetteers load once
    started = time.process_time()
    if FACTORY in nlp.pipe_names:  # the component newslens adds after the NER, timed as part of the entity layer
        docs = list(nlp.get_pipe(FACTORY).pipe(docs))
    caps_seconds = time.process_time() - started
    started = time.process_time()
    indexes = [resolve_entities(d, i) for i, d in zip(ids, docs, strict=True)]
    resolve_seconds = time.process_time() - started
    ours = {i: [((m.start, m.end), NEWSLENS_TYPES[m.type]) for m in index.mentions
                if m.type in NEWSLENS_TYPES and m.form in LISTED_FORMS]
            for i, index in zip(ids, indexes, strict=True)}

    print(f"{len(ids)} documents, {sum(len(d) for d in docs)} tokens, model {nlp.meta.get('name')}-"
          f"{nlp.meta.get('version')}")
    errors = []
    if not timing_only:
        raw_rows, _ = score(gold, texts, raw)
        our_rows, errors = score(gold, texts, ours)
        print("exact-span match:")
        print(f"{'type':8} {'raw P':>7} {'raw R':>7} {'raw F1':>7}   {'nl P':>7} {'nl R':>7} {'nl F1':>7}")
        for t in ("PER", "ORG", "LOC", "overall"):
            (rp, rr, rf), (p, r, f) = raw_rows[t], our_rows[t]
            print(f"{t:8} {rp:7.3f} {rr:7.3f} {rf:7.3f}   {p:7.3f} {r:7.3f} {f:7.3f}")
    layer = caps_seconds + resolve_seconds
    print(f"CPU seconds: spaCy pipeline {parse_seconds or float('nan'):.2f}, newslens ALL-CAPS re-read "
          f"{caps_seconds:.2f}, entity resolution {resolve_seconds:.2f}")
    if parse_seconds:
        print(f"entity layer / pipeline: {layer / parse_seconds:.3f}")
    else:
        print("(pipeline time not measured: Docs from the cache)")
    if args.errors:
        for kind in ("false", "miss"):
            for t in ("PER", "ORG", "LOC"):
                chosen = [e for e in errors if e[0] == kind and e[2] == t][: args.errors]
                print(f"\n## {kind} {t} ({sum(1 for e in errors if e[0] == kind and e[2] == t)})")
                for _, art, _, text, span in chosen:
                    print(f"  {art[-3:]} {span[0]:>5} {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
