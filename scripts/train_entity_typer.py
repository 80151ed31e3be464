"""Retrain the entity type classifier (models/entity_typer.npz) and print train and valid tables side by side.

usage: python scripts/train_entity_typer.py TRAIN_SET [--valid VALID_SET] [--out models/entity_typer.npz]
       [--cache DIR] [--c1 C] [--c2 C] [--min-count N]

TRAIN_SET and VALID_SET are CoNLL-style folders (articles/<id>.txt, gold.jsonl), e.g. ../shared/train/conll2003-train
and ../shared/eval/conll2003-valid. Train on TRAIN_SET only; VALID_SET is for choosing (C values, features), never
for fitting. `--cache DIR` keeps the parsed Docs between runs (outside the repository). Deterministic: the same
data and options give the same artifact. Needs scikit-learn (`pip install newslens[train]`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from newslens.training import entity_typer as training

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--valid", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "entity_typer.npz")
    parser.add_argument("--cache", type=Path, help="folder for parsed Docs (outside the repository)")
    parser.add_argument("--c1", type=float, default=0.5)
    parser.add_argument("--c2", type=float, default=0.5)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--model", help="spaCy pipeline (default: newslens's)")
    args = parser.parse_args(argv)

    started = time.time()
    sets = {"train": args.train} | ({"valid": args.valid} if args.valid else {})
    data, docs = {}, {}
    for name, setdir in sets.items():
        data[name] = training.load_set(setdir)
        docs[name] = training.parse(data[name], setdir, args.cache / name if args.cache else None, args.model)
    exs = training.examples(docs["train"], data["train"])
    typer = training.train(exs, c1=args.c1, c2=args.c2, min_count=args.min_count)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    typer.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    for name in sets:
        columns = {
            "raw spaCy": training.score(data[name], training.raw_predictions(docs[name], data[name])),
            "rules only": training.score(data[name], training.predictions(docs[name], data[name], None)),
            "rules + classifier": training.score(data[name], training.predictions(docs[name], data[name], typer)),
        }
        print(f"\n{name} ({len(data[name].ids)} documents{', trained on' if name == 'train' else ''}):")
        print(training.table(columns))
    print(f"\nwall time {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
