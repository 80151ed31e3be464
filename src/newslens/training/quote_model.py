"""Training the attribution model: labelled candidates, a logistic regression, its calibration and threshold.

Needs scikit-learn (the optional extra ``newslens[train]``); the model it produces does not (``model``).
Everything is deterministic: folds are fixed by article id, the solver (lbfgs) has no randomness, and the
feature vocabulary is sorted.

Labels follow the PolNeAR scorer (``benchmarks/quotes.py``): a candidate is right when its content overlaps
a gold quote by at least half of the longer of the two and, when the gold quote has a source, its speaker
span overlaps that source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy

from newslens.quotes.candidates import Candidate
from newslens.quotes.model import QuoteModel, select


def _overlap(a: Sequence[Sequence[int]], b: Sequence[Sequence[int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(spans: Sequence[Sequence[int]]) -> int:
    return sum(e - s for s, e in spans)


def is_right(start: int, end: int, speaker_start: int | None, speaker_end: int | None, golds: list[dict]) -> bool:
    """Does the quote match a gold quote (half the longer span) with the right speaker (when gold has one)?"""
    span = [(start, end)]
    for g in golds:
        o = _overlap(span, g["content"])
        if o and o >= 0.5 * max(end - start, _length(g["content"])):
            if not g["source"]:
                return True
            if speaker_start is not None and speaker_end is not None and _overlap(
                    [(speaker_start, speaker_end)], g["source"]) > 0:
                return True
    return False


@dataclass
class Example:
    """One candidate of one training article, featurized and labelled."""

    article: str
    candidate: Candidate
    features: list[str]
    right: bool


def vocabulary(examples: Sequence[Example], min_articles: int) -> list[str]:
    """Features seen in at least ``min_articles`` articles, sorted: a word of one article is no evidence."""
    seen: dict[str, set[str]] = {}
    for ex in examples:
        for f in ex.features:
            seen.setdefault(f, set()).add(ex.article)
    return sorted(f for f, arts in seen.items() if len(arts) >= min_articles)


def design(examples: Sequence[Example], vocab: list[str]):
    """The binary design matrix (scipy CSR) of the examples over the vocabulary."""
    from scipy import sparse

    column = {f: k for k, f in enumerate(vocab)}
    rows, cols = [], []
    for n, ex in enumerate(examples):
        ks = sorted({column[f] for f in ex.features if f in column})
        rows.extend([n] * len(ks))
        cols.extend(ks)
    data = numpy.ones(len(rows))
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(examples), len(vocab)))


def fit_logistic(examples: Sequence[Example], vocab: list[str], c: float):
    from sklearn.linear_model import LogisticRegression

    y = numpy.array([ex.right for ex in examples])
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    model.fit(design(examples, vocab), y)
    return model


def folds_of(articles: Sequence[str], k: int) -> dict[str, int]:
    """Fold of each article: by position in sorted order, so that every fold spans the whole set."""
    return {a: n % k for n, a in enumerate(sorted(set(articles)))}


def out_of_fold(examples: Sequence[Example], c: float, k: int, min_articles: int) -> numpy.ndarray:
    """Each example's probability from a model trained on the other folds (vocabulary from those folds too)."""
    fold = folds_of([ex.article for ex in examples], k)
    which = numpy.array([fold[ex.article] for ex in examples])
    out = numpy.zeros(len(examples))
    for f in range(k):
        train = [ex for ex, w in zip(examples, which, strict=True) if w != f]
        test_idx = numpy.flatnonzero(which == f)
        if not len(test_idx) or len({ex.right for ex in train}) < 2:
            continue
        vocab = vocabulary(train, min_articles)
        model = fit_logistic(train, vocab, c)
        out[test_idx] = model.predict_proba(design([examples[i] for i in test_idx], vocab))[:, 1]
    return out


def isotonic(raw: numpy.ndarray, right: numpy.ndarray) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """An isotonic map from raw probability to the rate of right quotes, as interpolation points."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(raw, right.astype(float))
    return tuple(float(x) for x in iso.X_thresholds_), tuple(float(y) for y in iso.y_thresholds_)


def kept_rows(examples: Sequence[Example], confidence: numpy.ndarray, threshold: float) -> list[int]:
    """Indexes of the examples the model keeps, article by article (``model.select``)."""
    by_article: dict[str, list[int]] = {}
    for n, ex in enumerate(examples):
        by_article.setdefault(ex.article, []).append(n)
    out = []
    for idx in by_article.values():
        kept = select([examples[i].candidate for i in idx], confidence[idx], threshold)
        out.extend(idx[k] for k in kept)
    return sorted(out)


def best_threshold(examples: Sequence[Example], confidence: numpy.ndarray,
                   f1: Callable[[list[int]], float], grid: Sequence[float]) -> tuple[float, float]:
    """The threshold of the grid with the best F1 of what it keeps (ties: the lower threshold)."""
    best = (-1.0, 0.0)
    for t in grid:
        score = f1(kept_rows(examples, confidence, t))
        if score > best[0] + 1e-12:
            best = (score, t)
    return best[1], best[0]


def export(model, vocab: list[str], calibration: tuple[tuple[float, ...], tuple[float, ...]], threshold: float,
           meta: dict) -> QuoteModel:
    weights = {f: float(w) for f, w in zip(vocab, model.coef_[0], strict=True)}
    return QuoteModel(weights, float(model.intercept_[0]), calibration[0], calibration[1], float(threshold), meta)


__all__ = ["Example", "best_threshold", "design", "export", "fit_logistic", "folds_of", "is_right", "isotonic",
           "kept_rows", "out_of_fold", "vocabulary"]
