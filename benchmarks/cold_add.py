"""Cold analysis, one process: `newslens add` over N articles (default 500) into an empty store, against a bare
script that runs spacy.load(the same model) and nlp.pipe over the same texts with the full pipeline.

Prints both wall times and newslens / bare (target: at most 1.10, extraction, storage and start-up included).
Runs alternate (bare, newslens, bare, newslens, ...) and the minimum of each is kept, to damp a noisy machine.
The articles are sampled both ways (``--order``): round-robin over the topic folders, and the first N in path
order, as evaluation scripts take them; each sample's ratio is printed.

    python benchmarks/cold_add.py [--articles 500] [--runs 1] [--order both|round-robin|path] [--corpus FOLDER]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ORDERS, Workspace, conditions, env, newslens, parser, sample, timed, verdict


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=500)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--order", choices=("both", *ORDERS), default="both",
                   help="how the N articles are taken: round-robin over the folders, the first N in path order, "
                        "or both, one after the other [%(default)s]")
    args = p.parse_args()
    from newslens.pipeline import model_name

    model = model_name(args.model)
    results = {}
    for order in ORDERS if args.order == "both" else (args.order,):
        results[order] = cold_add(args, model, order)
    for order, (bare, mine) in results.items():
        print(f"{order}: bare spaCy {bare:.1f}s, newslens add {mine:.1f}s: ratio {mine / bare:.3f}, "
              f"{verdict(mine / bare, 1.10)}")
    print(f"after: {conditions()}")


def cold_add(args, model: str, order: str) -> tuple[float, float]:
    """(bare, newslens) wall seconds, the minimum of the runs, over the sample taken in ``order``."""
    files = sample(args.corpus, args.articles, order)
    print(f"cold add, {order}: {len(files)} articles of {args.corpus}, model {model}; {conditions()}")
    with Workspace(args.keep) as ws:
        folder = ws.stage(files, "sample")
        listing = ws.root / "files.txt"
        listing.write_text("\n".join(str(p) for p in sorted(folder.iterdir())) + "\n", encoding="utf-8")
        bare_times, ours = [], []
        for run in range(args.runs):
            bare_times.append(timed([sys.executable, str(Path(__file__).parent / "bare_spacy.py"), model,
                                     str(listing)], env(model=model)))
            db = ws.db(f"cold-{run}")
            ours.append(timed(newslens("add", folder, "--jobs", "1", "--quiet", "--db", db), env(model=model)))
            print(f"  run {run + 1}: bare {bare_times[-1]:.1f}s, newslens add {ours[-1]:.1f}s")
        return min(bare_times), min(ours)


if __name__ == "__main__":
    main()
