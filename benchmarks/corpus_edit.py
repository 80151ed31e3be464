"""A researcher's questions and edits over a stored corpus (default: all 2,225 BBC articles) against
`python -c "import spacy"` on the same machine: `quotes --search` (a phrase, every match; a common word, the
first 100; a word within a section of the corpus), `sql` over the quote_facts view (warm: its genders made
before), and `tag` and `remove` of about 1,000 articles (two topic folders, in a copy of the store). Targets:
search at most 0.5 x the spaCy import; tag and remove of 1,000 articles under 5 s (the million-article figures
come from store_scale.py).

The store is built first (with every core) unless --db names one that already holds the corpus.

    python benchmarks/corpus_edit.py [--db STORE] [--runs 7]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Workspace, conditions, env, newslens, parser, stored_corpus, timed, verdict

SEARCHES = {
    "phrase": ["quotes", "--search", '"tuition fees"', "-f", "jsonl"],
    "word, first 100": ["quotes", "--search", "government", "--limit", "100", "-f", "jsonl"],
    "prefix in a folder": ["quotes", "--search", "econom*", "--article", "*/business/*", "-f", "jsonl"],
    "sql view": ["sql", "SELECT source, gender, count(DISTINCT person), count(*), sum(words) FROM quote_facts "
                        "WHERE act = 'speech' AND gender IS NOT NULL GROUP BY source, gender", "-f", "csv"],
}
EDITED = ["--article", "*/business/*", "--article", "*/sport/*"]  # 1,021 of the BBC's 2,225


def median(command: list[str], environment: dict[str, str], runs: int) -> float:
    return statistics.median(timed(command, environment) for _ in range(runs))


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--db", type=Path, help="an existing store holding the corpus (else one is built)")
    args = p.parse_args()
    with Workspace(args.keep) as ws:
        db = stored_corpus(ws, args.db, args.corpus, None, args.model, "corpus")
        environment = env(db, args.model)
        print(f"store {db}; {conditions()}")
        spacy_import = [sys.executable, "-c", "import spacy"]
        for command in (spacy_import, *(newslens(*c) for c in SEARCHES.values())):
            timed(command, environment)  # warm the page cache, and make the view's genders once
        spacy_ = median(spacy_import, environment, args.runs)
        print(f"import spacy: {spacy_ * 1000:.0f} ms (median of {args.runs})")
        for name, command in SEARCHES.items():
            seconds = median(newslens(*command), environment, args.runs)
            ratio = seconds / spacy_
            print(f"{name:20} {seconds * 1000:6.0f} ms  ratio {ratio:.3f}, {verdict(ratio, 0.5)}")
        copy = ws.db("edited")
        with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
            source.backup(target)  # the WAL's pages too
        edited = env(copy, args.model)
        timed(newslens("info"), edited)  # any upgrade of an older store, untimed
        tag = median(newslens("tag", "--set", "section=benchmark", *EDITED, "-q"), edited, args.runs)
        remove = timed(newslens("remove", *EDITED, "-q"), edited)
        print(f"tag 1,021 articles: {tag:.2f} s (median of {args.runs}); remove them: {remove:.2f} s (one run); "
              f"{verdict(max(tag, remove), 5.0)}")
        print(f"after: {conditions()}")


if __name__ == "__main__":
    main()
