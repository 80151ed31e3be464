"""What the gender layer costs: its share of the analysis, and the per-source and per-month shares over a store.

1. Analysis: N articles (default 300, round-robin over the corpus's topics) through the spaCy pipeline (timed
   alone, the newslens component off), then, on the same Docs, the gender layer timed by its parts: the
   article clues (honorifics, nouns, own pronouns), the pronouns of the quotes and the decision with the
   first-name table (its first load included). Target: at most 0.02 of the pipeline's time.
2. Queries: `newslens speakers --by source,gender` and `--by month,gender` over a stored corpus (default: all
   of it, 2,225 BBC articles; built first unless --db names a store that holds it) against
   `python -c "import spacy"`, medians of --runs each, with bytecode cached as for an installed package (a
   PYTHONDONTWRITEBYTECODE in the environment would have every run compile newslens's sources, some 70 ms,
   while spaCy's come compiled from pip). Target: at most 0.5.

    python benchmarks/gender_cost.py [--articles 300] [--runs 7] [--db STORE] [--skip-analysis] [--skip-queries]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Workspace, conditions, env, median_time, newslens, parser, sample, stored_corpus, timed, verdict


def analysis_share(files: list[Path], model: str | None) -> None:
    from newslens import firstnames, gender
    from newslens.component import ANALYSIS
    from newslens.entities import resolve_entities
    from newslens.entities.gender import article_clues
    from newslens.pipeline import load
    from newslens.quotes import extract_quotes
    from newslens.readers import read_documents

    nlp = load(model) if model else load()
    texts = [d.analysis_text() for d in read_documents([str(f) for f in files])]
    nlp.pipe(texts[:4], disable=[ANALYSIS])  # warm up
    started = time.process_time()
    docs = list(nlp.pipe(texts, disable=[ANALYSIS]))
    pipeline = time.process_time() - started
    started = time.process_time()
    firstnames.first_name_gender("Ada")  # the name table's first use in a process: find and read its file
    load_cost = time.process_time() - started
    clues_cost = decide_cost = 0.0
    for doc in docs:
        index = resolve_entities(doc, "a")
        quotes = extract_quotes(doc, index, "a")
        t0 = time.process_time()
        clues = article_clues(doc, index)
        t1 = time.process_time()
        gender.assign(index.entities, [*clues, *gender.pronoun_clues(quotes)])
        t2 = time.process_time()
        clues_cost += t1 - t0
        decide_cost += t2 - t1
    added = clues_cost + decide_cost + load_cost
    tokens = sum(len(d) for d in docs)
    print(f"analysis: {len(docs)} articles, {tokens} tokens; {conditions()}")
    print(f"  spaCy pipeline {pipeline:.2f} s CPU; gender layer {added:.3f} s = clues {clues_cost:.3f} + decision "
          f"{decide_cost:.3f} + name table load {load_cost:.3f}")
    ratio = added / pipeline
    print(f"  gender layer / pipeline: {ratio:.4f}, {verdict(ratio, 0.02)}")


def query_ratio(args) -> None:
    with Workspace(args.keep) as ws:
        db = stored_corpus(ws, args.db, args.corpus, args.stored, args.model, "gender")
        environment = env(db, args.model)
        # as an installed package runs: its modules' bytecode cached (pip compiles it; here, a cache folder in
        # the workspace, so that nothing is written into the source tree), for newslens and spaCy alike
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(ws.root / "pycache")
        spacy_import = [sys.executable, "-c", "import spacy"]
        out = subprocess.run(newslens("articles", "-f", "csv"), env=environment, capture_output=True, text=True)
        print(f"queries over {max(0, len(out.stdout.splitlines()) - 1)} stored articles; {conditions()}")
        timed(spacy_import, environment)
        for by in ("source,gender", "month,gender"):
            query = newslens("speakers", "--by", by, "-f", "csv")
            timed(query, environment)  # warm the page cache
            ours = [median_time(query, environment, 1) for _ in range(args.runs)]
            theirs = [median_time(spacy_import, environment, 1) for _ in range(args.runs)]
            mine, spacy_ = statistics.median(ours), statistics.median(theirs)
            ratio = mine / spacy_
            print(f"  speakers --by {by}: {mine * 1000:.0f} ms (median of {args.runs}); import spacy: "
                  f"{spacy_ * 1000:.0f} ms; ratio {ratio:.3f}, {verdict(ratio, 0.5)}")


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=300, help="articles for the analysis share [300]")
    p.add_argument("--stored", type=int, help="store only N articles (default: the whole corpus)")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--db", type=Path, help="an existing store holding the corpus (else one is built)")
    p.add_argument("--skip-analysis", action="store_true")
    p.add_argument("--skip-queries", action="store_true")
    args = p.parse_args()
    if not args.skip_analysis:
        analysis_share(sample(args.corpus, args.articles), args.model)
    if not args.skip_queries:
        query_ratio(args)


if __name__ == "__main__":
    main()
