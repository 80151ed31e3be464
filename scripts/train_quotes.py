"""Train the quote model on PolNeAR's training articles and write models/quote_model.npz.

usage: python scripts/train_quotes.py [--train DIR] [--dev DIR] [--cache DIR] [--out FILE] [--folds K]

Needs scikit-learn (`pip install 'newslens[train]'`); the model it writes is read with numpy alone
(``newslens.quotes.model``). Deterministic: articles go to folds by sorted id, the forests have a fixed seed.

1. Parses the articles (one process; `--cache DIR` keeps the Docs and their tok2vec tensors between runs),
   finds every article's cues and candidates (``quotes.cues``, ``quotes.candidates``) with their feature rows
   (``quotes.features``), each labelled exactly right, right or wrong by the scorer's rule against gold.jsonl.
2. Out of fold on the training articles (`--folds`, by article): the token model, the cue-word rates and the
   two forests are fitted on the other folds, so that every training candidate gets the probabilities of
   models that did not see its article. The decoding settings (the weight of P(right) in the order, the
   threshold on P(right)) with the best out-of-fold attribution F1 + exact content F1 win; an isotonic map
   from the out-of-fold P(right) of the kept candidates to the rate of right ones is the confidence.
3. The models on all training articles, exported with those settings.
4. The table: the rules alone and the model, on the training set (in sample, and out of fold) and on the
   dev set (`--dev`, never fitted on, never chosen on), side by side; then the reliability of the confidence.
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
DEFAULT_OUT = ROOT / "models" / "quote_model.npz"
WEIGHTS = (0.0, 0.5, 1.0)
THRESHOLDS = tuple(round(t, 2) for t in numpy.arange(0.25, 0.56, 0.05))


class GoldSet:
    """One annotated set: its documents, gold quotes and texts by id, and, once parsed, Docs and their data."""

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
        self.arts: list = []
        self.windows: list = []
        self.token_labels: list = []

    def parse(self, nlp, cache: Path | None) -> float | None:
        directory = cache / self.dir.name if cache else None
        self.docs, seconds = parse(nlp, [d.analysis_text() for d in self.documents], directory, "newslens")
        return seconds

    def prepare(self) -> None:
        from newslens.training.quote_model import article_data, token_labels, token_windows

        for doc, key in zip(self.docs, self.ids, strict=True):
            golds = self.gold.get(key, [])
            self.arts.append(article_data(key, doc, self.texts[key], golds))
            self.windows.append(token_windows(doc.tensor))
            self.token_labels.append(token_labels(doc, golds))

    def set_token_probabilities(self, probs: list) -> None:
        from newslens.training.quote_model import with_token_columns

        for art, p in zip(self.arts, probs, strict=True):
            with_token_columns(art, p)


def out_of_fold(train: GoldSet, folds: int):
    """Per training candidate, P(exact) and P(right) from models fitted on the other folds."""
    from newslens.training import quote_model as tm

    fold = tm.folds_of(train.ids, folds)
    probs = [None] * len(train.arts)
    for f in range(folds):
        inside = [n for n in range(len(train.arts)) if fold[n] != f]
        weights, bias = tm.fit_token_model([train.windows[n] for n in inside], [train.token_labels[n] for n in inside])
        for n in range(len(train.arts)):
            if fold[n] == f:
                probs[n] = tm.token_probabilities(weights, bias, train.windows[n])
        print(f"  token model, fold {f + 1}/{folds}", flush=True)
    train.set_token_probabilities(probs)
    vocab = tm.vocabularies(train.arts)
    exact = numpy.zeros(sum(len(a.rows) for a in train.arts))
    right = numpy.zeros_like(exact)
    decided = (numpy.zeros_like(exact), numpy.zeros_like(exact))  # with the rules' scores for unseen cue kinds
    sizes = numpy.cumsum([0] + [len(a.rows) for a in train.arts])
    for f in range(folds):
        inside = [a for n, a in enumerate(train.arts) if fold[n] != f]
        outside = [n for n in range(len(train.arts)) if fold[n] == f]
        enc = tm.encoder(vocab, *tm.cue_rates(inside))
        X = tm.design(inside, enc)
        forest_exact = tm.fit_forest(X, numpy.concatenate([a.exact for a in inside]))
        forest_right = tm.fit_forest(X, numpy.concatenate([a.right for a in inside]))
        rows = numpy.concatenate([numpy.arange(sizes[n], sizes[n + 1]) for n in outside])
        Xo = tm.design([train.arts[n] for n in outside], enc)
        exact[rows] = forest_exact.predict_proba(Xo)[:, 1]
        right[rows] = forest_right.predict_proba(Xo)[:, 1]
        decided[0][rows], decided[1][rows] = tm.with_rules([train.arts[n] for n in outside], tm.kind_support(inside),
                                                           exact[rows], right[rows])
        print(f"  forests, fold {f + 1}/{folds}", flush=True)
    return vocab, exact, right, decided


def choose_decoding(train: GoldSet, exact, right) -> tuple[float, float, float]:
    """The weight and threshold with the best out-of-fold attribution F1 + exact content F1."""
    from newslens.training.quote_model import predictions

    best = None
    for weight, threshold in itertools.product(WEIGHTS, THRESHOLDS):
        result = score(train.gold, train.texts, predictions(train.arts, exact, right, weight, threshold))
        value = result["attribution"][2] + result["quotes_exact"][2]
        if best is None or value > best[0] + 1e-12:
            best = (value, weight, threshold)
    assert best is not None
    return best


def calibration(train: GoldSet, right):
    """An isotonic map from out-of-fold P(right) to the share of right candidates."""
    from sklearn.isotonic import IsotonicRegression

    y = numpy.concatenate([a.right for a in train.arts]).astype(float)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(right, y)
    return tuple(float(x) for x in iso.X_thresholds_), tuple(float(v) for v in iso.y_thresholds_)


def fit_final(train: GoldSet, vocab, weight, threshold, cal, meta):
    from newslens.quotes.model import QuoteModel
    from newslens.training import quote_model as tm

    weights, bias = tm.fit_token_model(train.windows, train.token_labels)
    rates, prior = tm.cue_rates(train.arts)
    enc = tm.encoder(vocab, rates, prior)
    X = tm.design(train.arts, enc)
    forest_exact = tm.export_forest(tm.fit_forest(X, numpy.concatenate([a.exact for a in train.arts])))
    forest_right = tm.export_forest(tm.fit_forest(X, numpy.concatenate([a.right for a in train.arts])))
    return QuoteModel(weights, bias, vocab, rates, prior, forest_exact, forest_right, weight, threshold, cal, meta)


def evaluate(model, gold_set: GoldSet):
    """The model's and the rules' predictions on a set, through the shipped inference code."""
    from newslens.training.quote_model import predictions, with_rules

    gold_set.set_token_probabilities([model.token_probabilities(doc.tensor) for doc in gold_set.docs])
    X = numpy.vstack([model.encode(a.rows, a.token_columns) for a in gold_set.arts])
    exact, right = with_rules(gold_set.arts, model.meta.get("kind_support", {}), *model.probabilities(X))
    ours = predictions(gold_set.arts, exact, right, model.weight, model.threshold)
    rules = predictions(gold_set.arts, numpy.concatenate([a.rule_exact for a in gold_set.arts]),
                        numpy.concatenate([a.rule_right for a in gold_set.arts]), 0.0, 0.5)
    return ours, rules, right


def print_table(columns: dict) -> None:
    order = list(columns)
    print(f"{'measure':22}" + "".join(f" {name + ' P':>17} {'R':>6} {'F1':>6}" for name in order))
    for measure in MEASURES:
        print(f"{measure:22}" + "".join(f" {columns[k][measure][0]:17.3f} {columns[k][measure][1]:6.3f} "
                                        f"{columns[k][measure][2]:6.3f}" for k in order))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="training set [%(default)s]")
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev set, only scored [%(default)s]")
    ap.add_argument("--no-dev", action="store_true", help="score no dev set")
    ap.add_argument("--cache", type=Path, help="keep parsed Docs and tensors here between runs (a folder per set)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the model file to write [%(default)s]")
    ap.add_argument("--folds", type=int, default=3)
    args = ap.parse_args(argv)

    from newslens.pipeline import load, model_name

    began = time.perf_counter()
    nlp = load()
    sets = {"train": GoldSet(args.train)}
    if not args.no_dev and args.dev.is_dir():
        sets["dev"] = GoldSet(args.dev)
    for name, gold_set in sets.items():
        seconds = gold_set.parse(nlp, args.cache)
        gold_set.prepare()
        n = sum(len(a.rows) for a in gold_set.arts)
        print(f"{name}: {len(gold_set.ids)} articles, {sum(map(len, gold_set.gold.values()))} gold quotes, {n} "
              f"candidates ({sum(int(a.right.sum()) for a in gold_set.arts)} right, "
              f"{sum(int(a.exact.sum()) for a in gold_set.arts)} exactly)"
              + (f", parsed in {seconds:.0f}s" if seconds else ", Docs from the cache"), flush=True)
    train = sets["train"]
    vocab, _, oof_right, (decided_exact, decided_right) = out_of_fold(train, args.folds)
    _, weight, threshold = choose_decoding(train, decided_exact, decided_right)
    from newslens.training.quote_model import kind_support, predictions

    oof_rows = predictions(train.arts, decided_exact, decided_right, weight, threshold)
    cal = calibration(train, oof_right)
    meta = {"trained_on": args.train.name, "articles": len(train.ids), "folds": args.folds,
            "spacy_model": model_name(), "weight": weight, "threshold": threshold,
            "kind_support": kind_support(train.arts)}
    model = fit_final(train, vocab, weight, threshold, cal, meta)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, weight {weight}, threshold {threshold}) in "
          f"{time.perf_counter() - began:.0f}s", flush=True)
    columns = {}
    for name, gold_set in sets.items():
        ours, rules, _ = evaluate(model, gold_set)
        columns[f"rules {name}"] = score(gold_set.gold, gold_set.texts, rules)
        columns[f"model {name}"] = score(gold_set.gold, gold_set.texts, ours)
        if name == "train":
            columns["model train-OOF"] = score(train.gold, train.texts, oof_rows)
    print()
    print_table({k: columns[k] for k in ("rules train", "model train", "model train-OOF", "rules dev", "model dev")
                 if k in columns})
    return 0


if __name__ == "__main__":
    sys.exit(main())
