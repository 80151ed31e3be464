"""Training the quote model (``newslens.quotes.model``) from a gold set: labelled candidates, the token model,
the cue-word rates, two gradient-boosted forests, the decoding settings and the calibration.

Needs scikit-learn (the optional extra ``newslens[train]``); the model it produces does not. Deterministic:
folds are fixed by sorted article id, the forests have a fixed seed and no early stopping, the logistic
regressions' solver has no randomness.

Labels follow the PolNeAR scorer (``benchmarks/quotes.py``): a candidate is *right* when its content overlaps
a gold quote by at least half of the longer of the two (fragments taken together) and, when the gold quote has
a source, its speaker's words overlap that source; it is *exactly right* when, besides, its words equal the
gold quote's after trimming spaces, punctuation and quotation marks at both ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy

from newslens.quotes import attribute
from newslens.quotes.attribute import token_columns, token_positions
from newslens.quotes.candidates import Candidate, candidates
from newslens.quotes.cues import find_cues
from newslens.quotes.features import CATEGORICAL, COLUMNS, article_rows, cue_word, slot_key
from newslens.quotes.model import TOKEN_OUTPUTS, Forest, QuoteModel
from newslens.quotes.parsed import Parsed
from newslens.quotes.speakers import np_span

TRIM = " \t\n\"'\u201c\u201d\u2018\u2019.,;:!?\u2014-"
FOREST = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 31, "min_samples_leaf": 40,
          "l2_regularization": 1.0}
VOCABULARY = {"min_count": 20, "top": 250}
RATE_SMOOTHING = 2.0


def trimmed(text: str, spans) -> str:
    return " ".join(" ".join(text[s:e] for s, e in sorted(spans)).strip(TRIM).split())


def overlap(a, b) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(spans) -> int:
    return sum(e - s for s, e in spans)


def matches(a, b) -> bool:
    """The scorer's rule: overlap of at least half of the longer."""
    shared = overlap(a, b)
    return shared > 0 and shared >= 0.5 * max(length(a), length(b))


@dataclass
class ArticleData:
    """One article's candidates as the trainer needs them (no spaCy objects: picklable)."""

    key: str
    rows: list[list]
    fragments: list[tuple]
    speakers: list[tuple[int, int] | None]
    slots: list[tuple]
    cues: list[int]
    token_columns: numpy.ndarray  # filled once the token model's probabilities are known
    exact: numpy.ndarray
    right: numpy.ndarray
    rule_exact: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0))  # ``attribute.rule_scores``
    rule_right: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0))
    words: Counter = field(default_factory=Counter)  # cue-word occurrences in the article
    cue_words: Counter = field(default_factory=Counter)  # ... of them inside a gold cue
    positions: numpy.ndarray = field(default_factory=lambda: numpy.zeros((0, 4), dtype=numpy.int64))


def speaker_chars(doc, c: Candidate) -> tuple[int, int] | None:
    if c.cue.speaker_span is not None:
        return c.cue.speaker_span
    if c.cue.speaker is None:
        return None
    i, j = np_span(doc[c.cue.speaker])
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1])


def label(text: str, fragments, speaker, golds: list[dict]) -> tuple[bool, bool]:
    """(exactly right, right) of one candidate against an article's gold quotes."""
    words = trimmed(text, fragments)
    exact = right = False
    for g in golds:
        if not g["content"] or not matches(list(fragments), g["content"]):
            continue
        if g["source"] and (speaker is None or overlap([speaker], g["source"]) == 0):
            continue
        right = True
        exact = exact or words == trimmed(text, g["content"])
    return exact, right


def word_counts(doc, golds: list[dict]) -> tuple[Counter, Counter]:
    """How often each cue word occurs in the article, and how often inside a gold cue."""
    inside = {pos for g in golds for s, e in g["cue"] for pos in range(s, e)}
    words, cue_words = Counter(), Counter()
    for token in doc:
        if token.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "ADP", "PUNCT"):
            word = cue_word(token)
            words[word] += 1
            if token.idx in inside:
                cue_words[word] += 1
    return words, cue_words


def article_data(key: str, doc, text: str, golds: list[dict]) -> ArticleData:
    p = Parsed(doc, text)
    cands = candidates(p, find_cues(p))
    rows = article_rows(p, cands)
    speakers = [speaker_chars(doc, c) for c in cands]
    labels = [label(text, c.fragments, s, golds) for c, s in zip(cands, speakers, strict=True)]
    words, cue_words = word_counts(doc, golds)
    data = ArticleData(key, rows, [c.fragments for c in cands], speakers, [slot_key(c) for c in cands],
                       [c.cue.i for c in cands], numpy.zeros((len(cands), 0)),
                       numpy.array([e for e, _ in labels], dtype=bool), numpy.array([r for _, r in labels], dtype=bool),
                       *attribute.rule_scores(cands), words, cue_words)
    data.positions = token_positions(p, cands)
    return data


def with_token_columns(data: ArticleData, probs: numpy.ndarray | None) -> None:
    """The token model's columns of every candidate, from the probabilities of a token model."""
    data.token_columns = token_columns(data.positions, probs)


# -- the token model --------------------------------------------------------------------------------------
def token_labels(doc, golds: list[dict]) -> numpy.ndarray:
    """Per token (TOKEN_OUTPUTS): inside a gold cue; first / last word of a content fragment; inside a content;
    inside a gold source."""
    starts = numpy.array([t.idx for t in doc])
    ends = starts + numpy.array([len(t) for t in doc])
    punct = numpy.array([t.is_punct for t in doc], dtype=bool)
    out = numpy.zeros((len(doc), len(TOKEN_OUTPUTS)), dtype=bool)
    for g in golds:
        for s, e in g["cue"]:
            out[(starts < e) & (ends > s), 0] = True
        for s, e in g["source"]:
            out[(starts < e) & (ends > s), 4] = True
        for s, e in g["content"]:
            idx = numpy.flatnonzero((starts >= s) & (ends <= e + 1) & ~punct)
            if len(idx):
                out[idx[0], 1] = out[idx[-1], 2] = True
                out[idx, 3] = True
    return out


def token_windows(tensor: numpy.ndarray) -> numpy.ndarray:
    pad = numpy.zeros((1, tensor.shape[1]), dtype=tensor.dtype)
    return numpy.hstack([tensor, numpy.vstack([pad, tensor[:-1]]), numpy.vstack([tensor[1:], pad])])


def fit_token_model(windows: Sequence[numpy.ndarray], labels: Sequence[numpy.ndarray], c: float = 0.5):
    """A logistic regression per output over the tok2vec windows: (weights, bias)."""
    from sklearn.linear_model import LogisticRegression

    X = numpy.vstack(windows)
    Y = numpy.vstack(labels)
    weights, bias = [], []
    for k in range(Y.shape[1]):
        model = LogisticRegression(C=c, max_iter=150, tol=1e-3)
        model.fit(X, Y[:, k])
        weights.append(model.coef_[0])
        bias.append(model.intercept_[0])
    return numpy.array(weights).T, numpy.array(bias)


def token_probabilities(weights, bias, windows: numpy.ndarray) -> numpy.ndarray:
    return 1.0 / (1.0 + numpy.exp(-(windows @ weights + bias)))


# -- the encoder ------------------------------------------------------------------------------------------
def vocabularies(arts: Sequence[ArticleData], min_count: int = VOCABULARY["min_count"],
                 top: int = VOCABULARY["top"]) -> dict[str, dict[str, int]]:
    """Per categorical column, the values seen at least ``min_count`` times (the ``top`` commonest), coded from
    1 (0: every other value)."""
    out = {}
    for k, name in enumerate(COLUMNS):
        if not CATEGORICAL[name]:
            continue
        counts = Counter(row[k] for a in arts for row in a.rows)
        out[name] = {value: n + 1 for n, (value, count) in enumerate(counts.most_common(top)) if count >= min_count}
    return out


def cue_rates(arts: Sequence[ArticleData], smoothing: float = RATE_SMOOTHING):
    """Per cue word, how often it was inside a gold cue (smoothed towards the rate of all words), and how often
    it was seen."""
    words, cue_words = Counter(), Counter()
    for a in arts:
        words.update(a.words)
        cue_words.update(a.cue_words)
    prior = sum(cue_words.values()) / max(1, sum(words.values()))
    rates = {w: ((cue_words[w] + smoothing * prior) / (n + smoothing), n) for w, n in words.items()}
    return rates, prior


def encoder(vocab, rates, prior) -> QuoteModel:
    """A model holding only what encoding needs (the forests come later)."""
    empty = Forest(*(numpy.zeros(1) for _ in range(11)))
    return QuoteModel(numpy.zeros((3, 5)), numpy.zeros(5), vocab, rates, prior, empty, empty, 0.0, 0.5, ((), ()), {})


def design(arts: Sequence[ArticleData], enc: QuoteModel) -> numpy.ndarray:
    return numpy.vstack([enc.encode(a.rows, a.token_columns) for a in arts])


# -- the forests ------------------------------------------------------------------------------------------
def fit_forest(X: numpy.ndarray, y: numpy.ndarray, settings: dict | None = None):
    from sklearn.ensemble import HistGradientBoostingClassifier

    categorical = [CATEGORICAL[name] for name in COLUMNS] + [False] * (X.shape[1] - len(COLUMNS))
    model = HistGradientBoostingClassifier(**(settings or FOREST), categorical_features=categorical, random_state=0,
                                           early_stopping=False)
    return model.fit(X, y)


def _original_columns(model) -> tuple[numpy.ndarray, dict[int, numpy.ndarray]]:
    """scikit-learn puts the categorical columns first and codes their values anew (in sorted order): the original
    column of each of its columns, and the original values behind each categorical column's codes."""
    n = model.n_features_in_
    mask = model.is_categorical_
    if mask is None:
        return numpy.arange(n), {}
    order = numpy.concatenate([numpy.flatnonzero(mask), numpy.flatnonzero(~mask)])
    encoder = model._preprocessor.named_transformers_["encoder"]
    values = {k: numpy.array([v for v in cats if v == v], dtype=numpy.int64)  # (NaN != NaN: missing left out)
              for k, cats in enumerate(encoder.categories_)}
    return order, values


def _original_bitset(raw: numpy.ndarray, values: numpy.ndarray, missing_left: bool) -> numpy.ndarray:
    """A node's bitset over the original codes 0..255: a code scikit-learn saw goes where its new code goes; one it
    never saw goes where missing values go (as scikit-learn treats unknown categories)."""
    out = numpy.zeros(8, dtype=numpy.uint32)
    seen = {int(v): k for k, v in enumerate(values)}
    for code in range(256):
        k = seen.get(code)
        left = bool((raw[k >> 5] >> (k & 31)) & 1) if k is not None else missing_left
        if left:
            out[code >> 5] |= numpy.uint32(1 << (code & 31))
    return out


def export_forest(model) -> Forest:
    """A fitted HistGradientBoostingClassifier (binary) as flat node arrays over the original columns and codes."""
    order, values = _original_columns(model)
    parts, roots, offset = [], [], 0
    for (tree,) in model._predictors:
        nodes = tree.nodes
        leaf = nodes["is_leaf"].astype(bool)
        categorical = nodes["is_categorical"].astype(bool)
        bitsets = numpy.zeros((len(nodes), 8), dtype=numpy.uint32)
        for k in numpy.flatnonzero(categorical & ~leaf):
            bitsets[k] = _original_bitset(tree.raw_left_cat_bitsets[nodes["bitset_idx"][k]],
                                          values[int(nodes["feature_idx"][k])], bool(nodes["missing_go_to_left"][k]))
        parts.append((order[nodes["feature_idx"].astype(numpy.int64)], nodes["num_threshold"].astype(numpy.float64),
                      numpy.where(leaf, -1, nodes["left"].astype(numpy.int64) + offset),
                      numpy.where(leaf, -1, nodes["right"].astype(numpy.int64) + offset),
                      nodes["value"].astype(numpy.float64), leaf, categorical,
                      nodes["missing_go_to_left"].astype(bool), bitsets))
        roots.append(offset)
        offset += len(nodes)
    columns = [numpy.concatenate([p[k] for p in parts]) for k in range(9)]
    return Forest(numpy.array(model._baseline_prediction).reshape(1), *columns, numpy.array(roots, dtype=numpy.int64))


def folds_of(keys: Sequence[str], k: int) -> list[int]:
    """Fold of each article: by position in sorted order, so that every fold spans the whole set."""
    order = {key: n for n, key in enumerate(sorted(keys))}
    return [order[key] % k for key in keys]


# -- decoding ---------------------------------------------------------------------------------------------
class _Slot:
    """The attributes of a candidate that decoding reads, without spaCy objects."""

    __slots__ = ("cue", "end", "fragments", "group", "start")

    def __init__(self, fragments, cue_key) -> None:
        self.fragments = fragments
        self.start, self.end = fragments[0][0], fragments[-1][1]
        self.cue = cue_key


def kind_support(arts: Sequence[ArticleData]) -> dict[str, int]:
    """Right candidates per cue kind (``features`` column ``ckind``): where the model has seen enough."""
    k = COLUMNS.index("ckind")
    return dict(Counter(row[k] for a in arts for row, right in zip(a.rows, a.right, strict=True) if right))


def with_rules(arts: Sequence[ArticleData], support: dict[str, int], exact, right):
    """The model's scores with the rules' where a cue kind had too little support (``attribute.rules_where_unseen``)."""
    k = COLUMNS.index("ckind")
    kinds = [row[k] for a in arts for row in a.rows]
    rule_exact = numpy.concatenate([a.rule_exact for a in arts])
    rule_right = numpy.concatenate([a.rule_right for a in arts])
    return attribute.rules_where_unseen(kinds, support, exact, right, rule_exact, rule_right)[:2]


def predictions(arts: Sequence[ArticleData], exact: numpy.ndarray, right: numpy.ndarray, weight: float,
                threshold: float) -> dict[str, list[dict]]:
    """What decoding keeps, as the scorer's prediction rows (``spans``, speaker offsets) per article."""
    out, offset = {}, 0
    for a in arts:
        n = len(a.rows)
        cues = {}
        slots = [_Slot(f, cues.setdefault(c, object())) for f, c in zip(a.fragments, a.cues, strict=True)]
        keys = dict(zip(map(id, slots), a.slots, strict=True))
        kept = attribute.decode(slots, exact[offset:offset + n], right[offset:offset + n], weight, threshold,
                                slot_of=lambda s, keys=keys: keys[id(s)])
        out[a.key] = [{"spans": list(a.fragments[r]), "speaker_start": a.speakers[r][0] if a.speakers[r] else None,
                       "speaker_end": a.speakers[r][1] if a.speakers[r] else None} for r in kept]
        offset += n
    return out


__all__ = [
    "FOREST",
    "ArticleData",
    "article_data",
    "cue_rates",
    "design",
    "encoder",
    "export_forest",
    "fit_forest",
    "fit_token_model",
    "folds_of",
    "kind_support",
    "label",
    "matches",
    "predictions",
    "token_labels",
    "token_probabilities",
    "token_windows",
    "trimmed",
    "vocabularies",
    "with_rules",
    "with_token_columns",
]

