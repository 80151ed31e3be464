"""The trained attribution model at run time: which candidate attributions to keep, and how sure it is.

The model is a logistic regression over the string features of ``features`` (trained by
``scripts/train_quotes.py`` on PolNeAR's training articles), stored as JSON under ``models/``: a weight
per feature, a bias, an isotonic calibration map fitted on held-out folds of the training set, and the
threshold on the calibrated confidence that the trainer chose by cross-validation. Inference is a sum of
weights per candidate and a numpy interpolation: no scikit-learn, no network.

Candidates are kept from the most confident down; one whose content overlaps a kept one by half of the longer
(the match criterion of the PolNeAR scorer: both would claim the same quote) is dropped.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy

from newslens.entities.index import EntityIndex
from newslens.quotes.candidates import Candidate, candidates
from newslens.quotes.features import article_features
from newslens.records import Quote
from newslens.resources import models_dir

MODEL_FILE = "quote_model.json"
FORMAT = 1


@dataclass(frozen=True)
class QuoteModel:
    weights: dict[str, float]
    bias: float
    calibration_x: tuple[float, ...]  # isotonic map: raw probability -> calibrated confidence, by interpolation
    calibration_y: tuple[float, ...]
    threshold: float  # keep a candidate whose calibrated confidence reaches this
    meta: dict

    def raw(self, feature_lists: list[list[str]]) -> numpy.ndarray:
        w = self.weights
        scores = numpy.array([self.bias + sum(w.get(f, 0.0) for f in feats) for feats in feature_lists])
        return 1.0 / (1.0 + numpy.exp(-scores))

    def confidence(self, feature_lists: list[list[str]]) -> numpy.ndarray:
        raw = self.raw(feature_lists)
        if not self.calibration_x:
            return raw
        return numpy.interp(raw, self.calibration_x, self.calibration_y)

    def to_json(self) -> dict:
        return {"format": FORMAT, "bias": self.bias, "threshold": self.threshold,
                "calibration": {"x": list(self.calibration_x), "y": list(self.calibration_y)},
                "meta": self.meta, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict) -> QuoteModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"quote model format {data.get('format')!r}, expected {FORMAT}")
        cal = data.get("calibration") or {}
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                   tuple(cal.get("x", ())), tuple(cal.get("y", ())), float(data["threshold"]), data.get("meta", {}))

    def save(self, path: Path) -> None:
        # rounded weights: the artifact stays small and diffs stay readable; 1e-5 changes no decision
        data = self.to_json()
        data["weights"] = {k: round(v, 5) for k, v in data["weights"].items() if abs(v) >= 1e-5}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def read_model(path: Path) -> QuoteModel:
    return QuoteModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@cache
def shipped_model() -> QuoteModel | None:
    """The model shipped under models/, or None when this installation has none (the rules then run alone)."""
    path = models_dir() / MODEL_FILE
    return read_model(path) if path.is_file() else None


def select(cands: list[Candidate], confidence: numpy.ndarray, threshold: float) -> list[int]:
    """Indexes of the candidates kept, most confident first: at or above the threshold, and not claiming half
    of a kept one's content."""
    order = sorted(range(len(cands)), key=lambda k: (-confidence[k], k))
    kept: list[int] = []
    spans: list[tuple[int, int]] = []  # the kept ones, sorted: only those that can overlap are compared
    longest = 0
    for k in order:
        if confidence[k] < threshold:
            break
        s, e = cands[k].quote.start, cands[k].quote.end
        near = spans[bisect.bisect_left(spans, (s - longest, -1)):bisect.bisect_left(spans, (e, -1))]
        if any(min(e, e2) - max(s, s2) >= 0.5 * max(e - s, e2 - s2) for s2, e2 in near):
            continue
        kept.append(k)
        bisect.insort(spans, (s, e))
        longest = max(longest, e - s)
    return kept


def scored_candidates(doc, index: EntityIndex, article_id: str, model: QuoteModel,
                      text: str | None = None) -> tuple[list[Candidate], numpy.ndarray]:
    cands = candidates(doc, index, article_id, text)
    if not cands:
        return cands, numpy.zeros(0)
    return cands, model.confidence(article_features(doc, cands, text))


def model_quotes(doc, index: EntityIndex, article_id: str, model: QuoteModel,
                 text: str | None = None) -> list[Quote]:
    """The quotes the model keeps, in text order, each with its calibrated confidence."""
    cands, confidence = scored_candidates(doc, index, article_id, model, text)
    kept = select(cands, confidence, model.threshold)
    quotes = [replace(cands[k].quote, confidence=_round(confidence[k])) for k in kept]
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _round(value: float) -> float:
    return 0.0 if math.isnan(value) else round(float(min(1.0, max(0.0, value))), 4)


__all__ = ["MODEL_FILE", "QuoteModel", "model_quotes", "read_model", "scored_candidates", "select", "shipped_model"]
