"""Ablation of the entity layer's genre rules: each rule of entities/switches.py switched off in turn, scored
on CoNLL-style sets (exact span), rules alone and with the shipped classifier.

usage: python benchmarks/entity_ablation.py SETDIR [SETDIR ...] --cache DIR [--rules a,b] [--no-typer]

Prints, for each set, overall and per-type F1 with every rule on, and the change (delta F1, in points x 100)
when each rule is off. The classifier is NOT retrained per ablation (its features read the rules' output), so
its column says how much a rule still matters next to the shipped artifact; scripts/train_entity_typer.py
retrains for a final set of rules. `--cache DIR` holds parsed Docs (outside the repository).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from newslens.entities import switches, training
    from newslens.entities.typer import default_typer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", type=Path, nargs="+")
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--rules", help="comma-separated subset of the switches")
    parser.add_argument("--no-typer", action="store_true", help="rules alone only")
    args = parser.parse_args(argv)
    rules = args.rules.split(",") if args.rules else list(switches.RULES)
    typers = {"rules": None} | ({} if args.no_typer else {"typer": default_typer()})
    for setdir in args.sets:
        data = training.load_set(setdir)
        docs = training.parse(data, setdir, args.cache / setdir.name)
        base = {k: training.score(data, training.predictions(docs, data, t)) for k, t in typers.items()}
        print(f"\n{setdir.name} ({len(data.ids)} documents); F1 with every rule on, then delta F1 x 100 per rule off")
        head = "  ".join(f"{k + ' ' + t:>14}" for k in typers for t in ("overall", "PER", "ORG", "LOC"))
        print(f"{'rule off':20} {head}")
        print(f"{'(none)':20} " + "  ".join(f"{base[k][t][2]:14.3f}" for k in typers
                                          for t in ("overall", "PER", "ORG", "LOC")))
        for rule in rules:
            with switches.off(rule):
                rows = {k: training.score(data, training.predictions(docs, data, t)) for k, t in typers.items()}
            print(f"{rule:20} " + "  ".join(f"{100 * (rows[k][t][2] - base[k][t][2]):+14.2f}" for k in typers
                                          for t in ("overall", "PER", "ORG", "LOC")))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
