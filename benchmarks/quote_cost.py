"""What the quote layer costs next to the spaCy pipeline, the rules alone and with the trained model, in one run.

usage: python benchmarks/quote_cost.py [--corpus DIR] [-n 300] [--rounds 3]

N articles are taken round-robin from the corpus's folders (default ../shared/eval/bbc, as the other corpus
benchmarks do), parsed once by newslens's pipeline (one process, timed), then the entity layer, the quote
rules and the model (``quotes.model``: cues, candidates, features, the forests) run on the same Docs, the two
quote systems alternating over `--rounds` rounds so that the machine's load falls on both alike. Prints each
layer's seconds and its ratio to the pipeline's (the best round of each).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import parser, sample


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=300, help="articles [%(default)s]; 0 for all")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)

    from newslens.entities import resolve_entities
    from newslens.pipeline import load
    from newslens.quotes import extract_quotes
    from newslens.quotes.model import shipped_model
    from newslens.readers import read_documents

    if shipped_model() is None:
        sys.exit("no models/quote_model.npz: train one with scripts/train_quotes.py")
    documents = list(read_documents([str(p) for p in sample(args.corpus, args.n or None)]))
    nlp = load(args.model)
    started = time.perf_counter()
    docs = list(nlp.pipe([d.analysis_text() for d in documents], batch_size=16))
    pipeline = time.perf_counter() - started
    started = time.perf_counter()
    indexes = [resolve_entities(doc, d.id) for doc, d in zip(docs, documents, strict=True)]
    entities = time.perf_counter() - started
    seconds: dict[str, list[float]] = {"rules": [], "model": []}
    counts: dict[str, int] = {}
    for _ in range(args.rounds):
        for system in ("rules", "model"):
            started = time.perf_counter()
            found = [extract_quotes(doc, index, d.id, system=system)
                     for doc, index, d in zip(docs, indexes, documents, strict=True)]
            seconds[system].append(time.perf_counter() - started)
            counts[system] = sum(map(len, found))
    print(f"{len(documents)} articles from {args.corpus}: spaCy pipeline {pipeline:.1f}s, "
          f"entity layer {entities:.2f}s = {entities / pipeline:.3f} x")
    for system, times in seconds.items():
        best = min(times)
        print(f"quote layer, {system:5}: {best:.2f}s = {best / pipeline:.3f} x the pipeline "
              f"(rounds: {', '.join(f'{t:.2f}' for t in times)}), {counts[system]} quotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
