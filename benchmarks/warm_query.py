"""Warm query: `newslens quotes --speaker NAME` over a stored corpus (default: all of it, 2,225 BBC articles)
against `python -c "import spacy"` on the same machine. Target: at most 0.5.

The store is built first (with every core) unless --db names one that already holds the corpus; the query's
import costs are shown with `python -X importtime` so that a heavy import on the warm path is visible.

    python benchmarks/warm_query.py [--speaker Blair] [--runs 7] [--db STORE] [--articles N]
"""

import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Workspace, conditions, env, median_time, newslens, parser, stored_corpus, timed, verdict


def import_costs(command, environment, top: int = 8) -> list[tuple[int, str]]:
    """The heaviest imports (cumulative microseconds) of one run, from python -X importtime."""
    out = subprocess.run([command[0], "-X", "importtime", *command[1:]], env=environment, capture_output=True,
                         text=True)
    costs = []
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit() and not name.startswith("  "):
                costs.append((int(cumulative), name.strip()))
    return sorted(costs, reverse=True)[:top]


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--speaker", default="Blair")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--db", type=Path, help="an existing store holding the corpus (else one is built)")
    p.add_argument("--articles", type=int, help="store only N articles (default: the whole corpus)")
    args = p.parse_args()
    with Workspace(args.keep) as ws:
        db = stored_corpus(ws, args.db, args.corpus, args.articles, args.model, "warm")
        environment = env(db, args.model)
        out = subprocess.run(newslens("articles", "-f", "csv"), env=environment, capture_output=True, text=True)
        stored = max(0, len(out.stdout.splitlines()) - 1)
        rows = subprocess.run(newslens("quotes", "--speaker", args.speaker), env=environment, capture_output=True,
                              text=True).stdout.count("\n") - 1
        print(f"warm query over {stored} stored articles ({rows} quotes match {args.speaker!r}); {conditions()}")
        query = newslens("quotes", "--speaker", args.speaker)
        spacy_import = [sys.executable, "-c", "import spacy"]
        timed(query, environment)  # a first run warms the page cache for both
        timed(spacy_import, environment)
        ours = [median_time(query, environment, 1) for _ in range(args.runs)]
        theirs = [median_time(spacy_import, environment, 1) for _ in range(args.runs)]
        mine, spacy_ = statistics.median(ours), statistics.median(theirs)
        ratio = mine / spacy_
        print(f"newslens quotes --speaker {args.speaker}: {mine * 1000:.0f} ms (median of {args.runs}); "
              f"import spacy: {spacy_ * 1000:.0f} ms; ratio {ratio:.3f}, {verdict(ratio, 0.5)}")
        print("heaviest imports of the query (cumulative ms):")
        for micros, name in import_costs(query, environment):
            print(f"  {micros / 1000:7.1f}  {name}")
        print(f"after: {conditions()}")


if __name__ == "__main__":
    main()
