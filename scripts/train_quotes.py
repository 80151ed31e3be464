"""Train the quote attribution model on PolNeAR's training articles and write models/quote_model.json.

usage: python scripts/train_quotes.py [--train DIR] [--dev DIR] [--cache DIR] [--out FILE]

Needs scikit-learn (`pip install 'newslens[train]'`); the model it writes is read with numpy alone
(``newslens.quotes.model``). Deterministic: articles go to folds by sorted id, the solver has no randomness.

1. Parses the articles (one process; `--cache DIR` keeps the Docs between runs) and turns each into candidate
   attributions (``quotes.candidates``: the rules' quotes and frames outside the lexicons) with their features
   (``quotes.features``), each labelled right or wrong by the scorer's rule against gold.jsonl.
2. Cross-validation on the training articles only (`--folds`, by article): for each regularization strength
   of `--c`, every candidate's probability from a model that did not see its article. The strength and the
   threshold with the best out-of-fold attribution F1 win; an isotonic map from those out-of-fold
   probabilities to the rate of right quotes is the calibration.
3. One model on all training articles, exported with its calibration and threshold.
4. The table: the rules alone and the model, on the training set (in sample, and out of fold) and on the
   dev set (`--dev`, never fitted on), side by side; then the reliability of the confidence on dev.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from quotes import MEASURES, parse, score  # benchmarks/quotes.py: the scorer's rule

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRAIN = ROOT.parent / "shared" / "train" / "polnear-train"
DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "polnear-dev"
DEFAULT_OUT = ROOT / "models" / "quote_model.json"
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)


class GoldSet:
    """One annotated set: its documents, gold quotes and texts by id, and, once parsed, the Docs."""

    def __init__(self, setdir: Path) -> None:
        from newslens.readers import read_documents

        self.dir = setdir
        self.gold: dict[str, list[dict]] = {}
        for line in (setdir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                self.gold[record["id"]] = record["quotes"]
        self.documents = sorted(read_documents([str(setdir / "articles")]), key=lambda d: d.id)
        self.ids = [Path(d.id).stem for d in self.documents]
        self.texts = {Path(d.id).stem: d.text for d in self.documents}
        self.gold = {k: v for k, v in self.gold.items() if k in self.texts}
        self.docs: list = []

    def parse(self, nlp, cache: Path | None) -> float | None:
        directory = cache / self.dir.name if cache else None
        self.docs, seconds = parse(nlp, [d.analysis_text() for d in self.documents], directory, "newslens")
        return seconds


def examples_of(gold_set: GoldSet):
    """Candidates with features and labels, and the rules' own quotes, of every article of the set."""
    from newslens.entities import resolve_entities
    from newslens.quotes import extract_quotes
    from newslens.quotes.candidates import candidates
    from newslens.quotes.features import article_features
    from newslens.training.quote_model import Example, is_right

    examples, rules = [], {}
    for doc, document, key in zip(gold_set.docs, gold_set.documents, gold_set.ids, strict=True):
        index = resolve_entities(doc, document.id)
        rules[key] = [q.to_dict() for q in extract_quotes(doc, index, document.id, system="rules")]
        cands = candidates(doc, index, document.id)
        golds = gold_set.gold.get(key, [])
        for cand, feats in zip(cands, article_features(doc, cands), strict=True):
            q = cand.quote
            examples.append(Example(key, cand, feats, is_right(q.start, q.end, q.speaker_start, q.speaker_end,
                                                                golds)))
    return examples, rules


def rows_of(examples, kept) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for n in kept:
        q = examples[n].candidate.quote
        out.setdefault(examples[n].article, []).append(
            {"start": q.start, "end": q.end, "speaker_start": q.speaker_start, "speaker_end": q.speaker_end})
    return out


def reliability(examples, confidence: numpy.ndarray, kept: list[int]) -> list[tuple[str, int, float]]:
    """Per confidence bin of the kept quotes: how many, and the share that is right."""
    out = []
    for lo, hi in itertools.pairwise(BINS):
        inside = [n for n in kept if lo <= confidence[n] < hi]
        right = sum(examples[n].right for n in inside)
        out.append((f"[{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}", len(inside),
                    right / len(inside) if inside else float("nan")))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="training set [%(default)s]")
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev set, only scored [%(default)s]")
    ap.add_argument("--no-dev", action="store_true", help="score no dev set")
    ap.add_argument("--cache", type=Path, help="keep parsed Docs here between runs (one folder per set)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the model file to write [%(default)s]")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, nargs="+", default=[0.05, 0.1, 0.3], help="regularization strengths")
    ap.add_argument("--min-articles", type=int, default=3, help="keep features seen in this many articles")
    args = ap.parse_args(argv)

    from newslens.pipeline import load, model_name
    from newslens.training.quote_model import best_threshold, export, fit_logistic, isotonic, kept_rows, out_of_fold
    from newslens.training.quote_model import vocabulary as vocab_of

    began = time.perf_counter()
    nlp = load()
    sets = {"train": GoldSet(args.train)}
    if not args.no_dev and args.dev.is_dir():
        sets["dev"] = GoldSet(args.dev)
    data = {}
    for name, gold_set in sets.items():
        seconds = gold_set.parse(nlp, args.cache)
        examples, rules = examples_of(gold_set)
        data[name] = (gold_set, examples, rules)
        print(f"{name}: {len(gold_set.ids)} articles, {sum(map(len, gold_set.gold.values()))} gold quotes, "
              f"{len(examples)} candidates ({sum(e.right for e in examples)} right)"
              + (f", parsed in {seconds:.0f}s" if seconds else ", Docs from the cache"), flush=True)

    gold_set, examples, rules = data["train"]
    right = numpy.array([e.right for e in examples])

    def train_f1(kept: list[int]) -> float:
        return score(gold_set.gold, gold_set.texts, rows_of(examples, kept))["attribution"][2]

    grid = [round(t, 2) for t in numpy.arange(0.2, 0.71, 0.05)]
    best = None
    for c in args.c:
        raw = out_of_fold(examples, c, args.folds, args.min_articles)
        calibration = isotonic(raw, right)
        confidence = numpy.interp(raw, *calibration)
        threshold, f1 = best_threshold(examples, confidence, train_f1, grid)
        print(f"C={c}: out-of-fold attribution F1 {f1:.4f} at confidence >= {threshold}", flush=True)
        if best is None or f1 > best[0] + 1e-12:
            best = (f1, c, threshold, calibration, confidence)
    assert best is not None
    _, c, threshold, calibration, oof_confidence = best

    vocab = vocab_of(examples, args.min_articles)
    fitted = fit_logistic(examples, vocab, c)
    meta = {"trained_on": args.train.name, "articles": len(gold_set.ids), "candidates": len(examples),
            "features": len(vocab), "C": c, "folds": args.folds, "min_articles": args.min_articles,
            "spacy_model": model_name(), "out_of_fold_attribution_f1": round(best[0], 4)}
    model = export(fitted, vocab, calibration, threshold, meta)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(vocab)} features, C={c}, "
          f"threshold {threshold}) in {time.perf_counter() - began:.0f}s", flush=True)

    columns: dict[str, dict] = {}
    reliabilities = {}
    for name, (gs, exs, rule_rows) in data.items():
        confidence = model.confidence([e.features for e in exs])
        kept = kept_rows(exs, confidence, threshold)
        columns[f"rules {name}"] = score(gs.gold, gs.texts, rule_rows)
        columns[f"model {name}"] = score(gs.gold, gs.texts, rows_of(exs, kept))
        if name == "train":
            oof_kept = kept_rows(exs, oof_confidence, threshold)
            columns["model train-CV"] = score(gs.gold, gs.texts, rows_of(exs, oof_kept))
            reliabilities["train, out of fold"] = reliability(exs, oof_confidence, oof_kept)
        else:
            reliabilities[name] = reliability(exs, confidence, kept)
    order = [k for k in ("rules train", "model train", "model train-CV", "rules dev", "model dev") if k in columns]
    print()
    print(f"{'measure':22}" + "".join(f" {name + ' P':>17} {'R':>6} {'F1':>6}" for name in order))
    for measure in MEASURES:
        print(f"{measure:22}" + "".join(f" {columns[k][measure][0]:17.3f} {columns[k][measure][1]:6.3f} "
                                        f"{columns[k][measure][2]:6.3f}" for k in order))
    for name, table in reliabilities.items():
        print(f"\nreliability ({name}): confidence bin, quotes kept, share right (matched, speaker right)")
        for label, count, share in table:
            print(f"  {label:14} {count:6d}  {share:.3f}" if count else f"  {label:14} {count:6d}      -")
    return 0


if __name__ == "__main__":
    sys.exit(main())
