"""The trained quote model at run time: numpy only, from one file under ``models/``.

Three parts, all trained on PolNeAR's training articles by ``scripts/train_quotes.py``:

1. A *token model*: logistic regressions over each token's spaCy ``tok2vec`` vector and its neighbours'
   (the pipeline computes them anyway), giving per token the probability that it is part of a cue, starts or
   ends a content, lies inside one, or names a source. Its outputs are columns of the candidates' rows.
2. An *encoder*: the codes of the categorical columns of ``features`` (a value the training articles did not
   hold often enough is "other"), and how often each cue word was a cue in the training articles.
3. Two *forests* of gradient-boosted trees over the encoded rows: the probability that a candidate is exactly
   right (its words, its speaker), and that it is right by the scorer's overlap rule. Trees are flattened into
   arrays and walked for all rows and trees at once, one level per step.

>>> forest = Forest(numpy.array([0.0]), numpy.array([0, 0, 0]), numpy.array([0.5, 0, 0]), numpy.array([1, -1, -1]),
...                 numpy.array([2, -1, -1]), numpy.array([0.0, -1.0, 1.0]), numpy.array([False, True, True]),
...                 numpy.array([False] * 3), numpy.array([True] * 3), numpy.zeros((3, 8), numpy.uint32),
...                 numpy.array([0]))
>>> forest.probability(numpy.array([[0.0], [1.0]])).round(3).tolist()
[0.269, 0.731]
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy

from newslens.quotes.features import CATEGORICAL, COLUMNS
from newslens.resources import models_dir

MODEL_FILE = "quote_model.npz"
FORMAT = 2
TOKEN_OUTPUTS = ("cue", "start", "end", "inside", "source")


@dataclass(frozen=True)
class Forest:
    """Gradient-boosted trees as flat node arrays (``roots`` index the first node of each tree)."""

    baseline: numpy.ndarray  # (1,)
    feature: numpy.ndarray
    threshold: numpy.ndarray
    left: numpy.ndarray
    right: numpy.ndarray
    value: numpy.ndarray
    leaf: numpy.ndarray
    categorical: numpy.ndarray
    missing_left: numpy.ndarray
    bitsets: numpy.ndarray  # (nodes, 8) uint32: categories that go left, for categorical splits
    roots: numpy.ndarray

    def leaves(self, X: numpy.ndarray) -> numpy.ndarray:
        """The leaf value of every tree for each row of X, (rows, trees): every (row, tree) pair walks down one
        level a step, and only the pairs not yet at a leaf are carried on."""
        n, trees = len(X), len(self.roots)
        flat = numpy.ascontiguousarray(X, dtype=numpy.float64).ravel()
        missing = numpy.isnan(flat)
        codes = numpy.where(missing, 0, flat).clip(0, 255).astype(numpy.int64)
        children = numpy.stack([self.right, self.left], axis=1).ravel()  # node * 2 + went left
        node = numpy.tile(self.roots, n)
        cell_base = numpy.repeat(numpy.arange(n) * X.shape[1], trees)
        walking = numpy.flatnonzero(~self.leaf[node])
        while walking.size:
            at = node[walking]
            cell = cell_base[walking] + self.feature[at]
            go_left = flat[cell] <= self.threshold[at]
            categorical = numpy.flatnonzero(self.categorical[at])
            if categorical.size:
                c = codes[cell[categorical]]
                go_left[categorical] = (self.bitsets[at[categorical], c >> 5] >> (c & 31).astype(numpy.uint32) & 1) == 1
            gap = numpy.flatnonzero(missing[cell])
            if gap.size:
                go_left[gap] = self.missing_left[at[gap]]
            nxt = children[at * 2 + go_left]
            node[walking] = nxt
            walking = walking[~self.leaf[nxt]]
        return self.value[node].reshape(n, trees)

    def raw(self, X: numpy.ndarray) -> numpy.ndarray:
        """The summed leaf values of every tree (plus the baseline) for each row of X."""
        return self.baseline[0] + self.leaves(X).sum(axis=1) if len(X) else numpy.zeros(0)

    def probability(self, X: numpy.ndarray) -> numpy.ndarray:
        return 1.0 / (1.0 + numpy.exp(-self.raw(X)))

    def arrays(self, prefix: str) -> dict[str, numpy.ndarray]:
        return {f"{prefix}.{name}": getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_arrays(cls, data, prefix: str) -> Forest:
        return cls(**{name: data[f"{prefix}.{name}"] for name in cls.__dataclass_fields__})


def joined(*forests: Forest) -> Forest:
    """Several forests as one (their trees side by side, in order; the first's baseline), to walk them in one go."""
    offsets = numpy.cumsum([0] + [len(f.feature) for f in forests[:-1]])

    def moved(name: str) -> numpy.ndarray:
        return numpy.concatenate([getattr(f, name) + o for f, o in zip(forests, offsets, strict=True)])

    def stacked(name: str) -> numpy.ndarray:
        return numpy.concatenate([getattr(f, name) for f in forests])

    return Forest(forests[0].baseline, stacked("feature"), stacked("threshold"), moved("left"), moved("right"),
                  stacked("value"), stacked("leaf"), stacked("categorical"), stacked("missing_left"),
                  stacked("bitsets"), moved("roots"))


@dataclass(frozen=True)
class QuoteModel:
    """The token model, the encoder and the two forests, with the decoding settings chosen in training."""

    token_weights: numpy.ndarray  # (3 * tensor width, len(TOKEN_OUTPUTS))
    token_bias: numpy.ndarray
    vocabularies: dict[str, dict[str, int]]  # categorical column -> value -> code (0: other)
    cue_rates: dict[str, tuple[float, int]]  # cue word -> (rate of being a cue, occurrences)
    prior_rate: float
    exact: Forest
    right: Forest
    weight: float  # decoding order: P(exact) + weight * P(right)
    threshold: float  # keep a candidate whose P(right) reaches this
    calibration: tuple[tuple[float, ...], tuple[float, ...]]  # P(right) -> share right, out of fold
    meta: dict

    def token_probabilities(self, tensor: numpy.ndarray | None) -> numpy.ndarray | None:
        """Per token: P(cue), P(start), P(end), P(inside), P(source), from tok2vec windows; None without
        vectors (a pipeline whose width differs, or none)."""
        width = self.token_weights.shape[0] // 3
        if tensor is None or tensor.ndim != 2 or tensor.shape[1] != width or not len(tensor):
            return None
        w = self.token_weights
        own, before, after = tensor @ w[:width], tensor @ w[width:2 * width], tensor @ w[2 * width:]
        z = own + self.token_bias
        z[1:] += before[:-1]  # the token before's vector, weighted as such (none before the first)
        z[:-1] += after[1:]
        return 1.0 / (1.0 + numpy.exp(-z))

    @cached_property
    def _forests(self) -> Forest:
        return joined(self.exact, self.right)

    def probabilities(self, X: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """P(exact) and P(right) of each row of X (the two forests walked together)."""
        if not len(X):
            return numpy.zeros(0), numpy.zeros(0)
        leaves = self._forests.leaves(X)
        k = len(self.exact.roots)
        exact = self.exact.baseline[0] + leaves[:, :k].sum(axis=1)
        right = self.right.baseline[0] + leaves[:, k:].sum(axis=1)
        return 1.0 / (1.0 + numpy.exp(-exact)), 1.0 / (1.0 + numpy.exp(-right))

    def encode(self, rows: list[list], extra: numpy.ndarray) -> numpy.ndarray:
        """Rows of ``features`` values (plus the numeric ``extra`` columns) as the forests' float matrix."""
        out = numpy.zeros((len(rows), len(COLUMNS) + 2 + extra.shape[1]))
        if not rows:
            return out
        for k, name in enumerate(COLUMNS):
            column = [row[k] for row in rows]
            if CATEGORICAL[name]:
                codes = self.vocabularies[name]
                out[:, k] = [codes.get(v, 0) for v in column]
            else:
                out[:, k] = column
        word = COLUMNS.index("word")
        rates = [self.cue_rates.get(row[word], (self.prior_rate, 0)) for row in rows]
        out[:, len(COLUMNS)] = [r for r, _ in rates]
        out[:, len(COLUMNS) + 1] = numpy.log1p([n for _, n in rates])
        out[:, len(COLUMNS) + 2:] = extra
        return out

    def confidence(self, right: numpy.ndarray) -> numpy.ndarray:
        x, y = self.calibration
        return numpy.interp(right, x, y) if x else right

    # -- the file ------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        header = {"format": FORMAT, "vocabularies": self.vocabularies, "prior_rate": self.prior_rate,
                  "cue_rates": {w: [round(r, 5), n] for w, (r, n) in sorted(self.cue_rates.items())},
                  "weight": self.weight, "threshold": self.threshold,
                  "calibration": [list(self.calibration[0]), list(self.calibration[1])], "meta": self.meta}
        arrays = {"token_weights": self.token_weights.astype(numpy.float32),
                  "token_bias": self.token_bias.astype(numpy.float32), **self.exact.arrays("exact"),
                  **self.right.arrays("right"),
                  "header": numpy.frombuffer(json.dumps(header, ensure_ascii=False).encode("utf-8"), dtype=numpy.uint8)}
        buffer = io.BytesIO()
        numpy.savez_compressed(buffer, **arrays)
        Path(path).write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> QuoteModel:
        with numpy.load(path) as data:
            header = json.loads(bytes(data["header"]).decode("utf-8"))
            if header.get("format") != FORMAT:
                raise ValueError(f"quote model format {header.get('format')!r}, expected {FORMAT}")
            return cls(data["token_weights"].astype(numpy.float64), data["token_bias"].astype(numpy.float64),
                       header["vocabularies"], {w: (r, n) for w, (r, n) in header["cue_rates"].items()},
                       header["prior_rate"], Forest.from_arrays(data, "exact"), Forest.from_arrays(data, "right"),
                       header["weight"], header["threshold"],
                       (tuple(header["calibration"][0]), tuple(header["calibration"][1])), header["meta"])


@cache
def shipped_model() -> QuoteModel | None:
    """The model shipped under models/, or None when this installation has none."""
    path = models_dir() / MODEL_FILE
    return QuoteModel.load(path) if path.is_file() else None


__all__ = ["MODEL_FILE", "TOKEN_OUTPUTS", "Forest", "QuoteModel", "shipped_model"]
