"""What the corpus links (issue 21, ``newslens.linking``) cost `add`: the analysed articles of a store are added
again, without spaCy, into a fresh store as `newslens add` adds them (names counted, linked once per 500
articles and at the end), and into another with the name counting and linking switched off; CPU seconds per
article of each, the difference, and that difference as a share of the spaCy pipeline's CPU time per article
(`--pipeline-ms`, from `benchmarks/entities.py` on the same corpus). Also: the store's links checked equal to
the whole corpus linked at once, and the time of that whole linking.

    python benchmarks/linking_cost.py --db STORE [--pipeline-ms 90] [--limit N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from newslens import linking
from newslens.corpus import RELINK_EVERY
from newslens.store import Store


def add_all(articles, model: str, path: Path, *, names: bool) -> float:
    """CPU seconds to add the articles (relinking as ``add_paths`` does), names counted and linked or not."""
    with Store(path) as store:
        if not names:
            store.names.count = lambda *_: None  # the issue-21 step switched off
            store.names.relink = lambda: None
        started = time.process_time()
        for k, article in enumerate(articles, 1):
            store.add(article, model, relink=False)
            if k % RELINK_EVERY == 0:
                store.relink()
        store.relink()
        return time.process_time() - started


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, type=Path, help="a store of analysed articles (newslens add ...)")
    p.add_argument("--pipeline-ms", type=float, default=None,
                   help="the spaCy pipeline's CPU milliseconds per article on this corpus, for the share")
    p.add_argument("--limit", type=int, default=None)
    args = p.parse_args()
    with Store(args.db, create=False) as source:
        articles = list(source.articles())[: args.limit]
        model = source.db.execute("SELECT model FROM articles LIMIT 1").fetchone()[0]
    n = len(articles)
    with tempfile.TemporaryDirectory() as tmp:
        plain = add_all(articles, model, Path(tmp) / "plain.db", names=False)
        linked = add_all(articles, model, Path(tmp) / "linked.db", names=True)
        with Store(Path(tmp) / "linked.db", create=False) as store:
            entities = list(store.entities())
            started = time.process_time()
            whole = linking.link_names(linking.name_stats(entities))
            once = time.process_time() - started
            equal = store.links() == whole
    extra = (linked - plain) / n * 1000
    print(f"{n} articles: add {plain / n * 1000:.2f} ms/article without the corpus names, {linked / n * 1000:.2f} "
          f"with them: +{extra:.2f} ms/article (CPU)")
    if args.pipeline_ms:
        print(f"  the names' share of the spaCy pipeline's {args.pipeline_ms:.0f} ms/article: "
              f"{extra / args.pipeline_ms:.3f}")
    print(f"  the whole corpus linked at once: {once:.2f} s for {len(whole)} links; the store's links equal to "
          f"it: {equal}")


if __name__ == "__main__":
    main()
