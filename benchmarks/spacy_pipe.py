"""The newslens component inside a user's spaCy pipeline: `nlp.pipe(n_process=2)` against `n_process=1` over N
articles (default 1,000), and what the component costs next to the pipeline before it.

The pipeline is the one a spaCy user makes: `spacy.load(MODEL)` then `nlp.add_pipe("newslens")` (its helpers
added by the factory). Both runs must give the same Article for every text (the worker processes send each Doc
back through `Doc.to_bytes`: the results travel as spaCy data). Target on a 2-core machine: n_process=2 at
least 1.6 times faster. Then, on the first `--share` articles, one process: the pipeline with the component
against the pipeline without it (`disable=["newslens"]`), and within the component the part that writes its
results as spaCy data (`doc_data.write`: plain user_data and the doc.spans groups), each as a share of the
pipeline without the component (docs/performance.md has the entity, quote and gender layers' shares).

With --control, the same two runs for the pipeline without newslens: what the machine itself gives from two
processes at that moment (on a machine whose cores other jobs are using, the ceiling is low).

    python benchmarks/spacy_pipe.py [--articles 1000] [--batch-size 32] [--share 200] [--control]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import conditions, parser, sample, verdict


def articles_of(docs) -> list:
    return [doc._.article() for doc in docs]


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--share", type=int, default=200, help="articles for the component's share [%(default)s]")
    p.add_argument("--control", action="store_true", help="also the pipeline without newslens, 1 vs 2 processes")
    args = p.parse_args(argv)

    import spacy

    from newslens import doc_data
    from newslens.pipeline import model_name

    files = sample(args.corpus, args.articles)
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    nlp = spacy.load(model_name(args.model))
    nlp.add_pipe("newslens")
    print(f"spacy_pipe: {len(texts)} articles of {args.corpus}, pipeline {nlp.pipe_names}; {conditions()}",
          flush=True)
    list(nlp.pipe(texts[:8]))  # warm-up: lexicons and models of the layers load once

    started = time.perf_counter()
    one = articles_of(nlp.pipe(texts, n_process=1, batch_size=args.batch_size))
    single = time.perf_counter() - started
    print(f"  n_process=1: {single:.1f}s ({conditions()})", flush=True)
    started = time.perf_counter()
    two = articles_of(nlp.pipe(texts, n_process=2, batch_size=args.batch_size))
    double = time.perf_counter() - started
    same = sum(a == b for a, b in zip(one, two, strict=True))
    ratio = single / double
    print(f"  n_process=2: {double:.1f}s: {ratio:.2f} times faster, {verdict(ratio, 1.6, False)}; "
          f"the same Article for {same} of {len(texts)} texts", flush=True)

    if args.control:
        control(texts, args.model, args.batch_size)
    share = texts[:args.share]
    started = time.process_time()
    bare = list(nlp.pipe(share, batch_size=args.batch_size, disable=["newslens"]))
    pipeline = time.process_time() - started
    started = time.process_time()
    list(nlp.pipe(share, batch_size=args.batch_size))
    whole = time.process_time() - started
    analysed = [nlp.get_pipe("newslens").analyse(doc, nlp.get_pipe("newslens").document(doc, doc.text), doc.text)
                for doc in bare]  # (the analysis again: the records the write step below turns into spaCy data)
    started = time.process_time()
    for doc, article in zip(bare, analysed, strict=True):
        doc_data.write(doc, article, doc.text)
    write = time.process_time() - started
    print(f"  component share, {len(share)} articles, CPU seconds: pipeline without it {pipeline:.1f}s, with it "
          f"{whole:.1f}s: the component {(whole - pipeline) / pipeline:.3f} x the pipeline; of it, results written "
          f"as spaCy data {write:.2f}s = {write / pipeline:.4f} x")
    print(f"after: {conditions()}")
    return 0 if same == len(texts) else 1


def control(texts: list[str], model: str | None, batch_size: int) -> None:
    import spacy

    from newslens.pipeline import model_name

    bare = spacy.load(model_name(model))
    seconds = []
    for n_process in (1, 2):
        started = time.perf_counter()
        for _ in bare.pipe(texts, n_process=n_process, batch_size=batch_size):
            pass
        seconds.append(time.perf_counter() - started)
    print(f"  control, the pipeline without newslens: n_process=1 {seconds[0]:.1f}s, n_process=2 {seconds[1]:.1f}s: "
          f"{seconds[0] / seconds[1]:.2f} times faster (what this machine gives right now; {conditions()})", flush=True)


if __name__ == "__main__":
    sys.exit(main())
