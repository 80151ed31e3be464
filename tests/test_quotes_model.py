"""The quote model at run time and in training: the flat forests give scikit-learn's probabilities, the file
keeps everything, decoding keeps the best candidates without double claims, and a model trained end to end on a
small invented gold set (no ../shared) finds its quotes."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy
import pytest

from newslens.quotes import attribute
from newslens.quotes.attribute import decode
from newslens.quotes.features import CATEGORICAL, COLUMNS
from newslens.quotes.model import QuoteModel
from newslens.training import quote_model as tm


def _forest_data(seed: int = 0):
    rng = numpy.random.RandomState(seed)
    # a numeric column first and categorical codes that skip values: scikit-learn reorders and recodes them
    X = numpy.column_stack([rng.normal(size=600), rng.choice([0, 3, 7, 12, 40], 600), rng.normal(size=600)]).astype(
        float)
    X[rng.rand(600) < 0.05, 0] = numpy.nan
    y = (X[:, 1] == 7) | (X[:, 0] > 0.5) | ((X[:, 1] == 40) & (X[:, 2] < 0))
    return X, y


def test_flat_forest_gives_scikit_learns_probabilities():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = _forest_data()
    model = HistGradientBoostingClassifier(max_iter=30, categorical_features=[False, True, False], random_state=0,
                                           early_stopping=False).fit(X, y)
    forest = tm.export_forest(model)
    numpy.testing.assert_allclose(forest.probability(X), model.predict_proba(X)[:, 1], rtol=1e-9, atol=1e-12)
    unseen = X.copy()
    unseen[:, 1] = 5  # a code never seen in training goes where missing values go, as in scikit-learn
    numpy.testing.assert_allclose(forest.probability(unseen), model.predict_proba(unseen)[:, 1], rtol=1e-9, atol=1e-12)


def _tiny_model(weight: float = 0.5, threshold: float = 0.4) -> QuoteModel:
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = _forest_data(1)
    forest = tm.export_forest(HistGradientBoostingClassifier(max_iter=5, random_state=0).fit(X, y))
    vocab = {name: {"speech": 1} for name in COLUMNS if CATEGORICAL[name]}
    return QuoteModel(numpy.ones((288, 5)) * 0.01, numpy.zeros(5), vocab, {"say": (0.9, 40)}, 0.01, forest, forest,
                      weight, threshold, ((0.0, 1.0), (0.1, 0.9)), {"trained_on": "test"})


def test_the_model_file_keeps_every_part(tmp_path):
    model = _tiny_model()
    path = tmp_path / "m.npz"
    model.save(path)
    again = QuoteModel.load(path)
    X, _ = _forest_data(2)
    numpy.testing.assert_allclose(again.exact.probability(X), model.exact.probability(X))
    assert (again.weight, again.threshold, again.meta, again.cue_rates) == (0.5, 0.4, {"trained_on": "test"},
                                                                             {"say": (0.9, 40)})
    assert again.vocabularies == model.vocabularies
    tensor = numpy.random.RandomState(0).normal(size=(7, 96)).astype(numpy.float32)
    numpy.testing.assert_allclose(again.token_probabilities(tensor), model.token_probabilities(tensor), rtol=1e-6)
    assert model.token_probabilities(numpy.zeros((3, 50))) is None  # another pipeline's width: no token model


def test_both_forests_walked_together_give_each_ones_probabilities():
    from dataclasses import replace

    from sklearn.ensemble import HistGradientBoostingClassifier

    X2, y2 = _forest_data(2)
    other = tm.export_forest(HistGradientBoostingClassifier(max_iter=7, random_state=0).fit(X2, y2))
    model = replace(_tiny_model(), right=other)
    X, _ = _forest_data(3)
    X[::4, 0] = numpy.nan
    exact, right = model.probabilities(X)
    numpy.testing.assert_allclose(exact, model.exact.probability(X), rtol=1e-12)
    numpy.testing.assert_allclose(right, model.right.probability(X), rtol=1e-12)


def test_the_token_model_reads_each_token_with_its_neighbours():
    from dataclasses import replace

    model = replace(_tiny_model(), token_weights=numpy.random.RandomState(2).normal(size=(288, 5)))
    tensor = numpy.random.RandomState(1).normal(size=(6, 96)).astype(numpy.float32)
    pad = numpy.zeros((1, 96), dtype=numpy.float32)
    windows = numpy.hstack([tensor, numpy.vstack([pad, tensor[:-1]]), numpy.vstack([tensor[1:], pad])])
    expected = 1.0 / (1.0 + numpy.exp(-(windows @ model.token_weights + model.token_bias)))
    numpy.testing.assert_allclose(model.token_probabilities(tensor), expected, rtol=1e-5)


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    header = numpy.frombuffer(json.dumps({"format": 1}).encode(), dtype=numpy.uint8)
    numpy.savez(path, header=header)
    with pytest.raises(ValueError, match="format"):
        QuoteModel.load(path)


def _cand(start, end, cue, group=0, fragments=None):
    return SimpleNamespace(fragments=fragments or ((start, end),), start=start, end=end, cue=cue, group=group)


def test_decoding_keeps_the_best_and_no_double_claims():
    a, b = SimpleNamespace(i=1, start=50, end=54), SimpleNamespace(i=2, start=200, end=204)
    cands = [_cand(0, 40, a), _cand(0, 30, a), _cand(5, 35, b), _cand(60, 100, a), _cand(100, 180, b)]
    slot = {id(c): (c.cue.i, c.group, "after" if c.start >= c.cue.end else "before") for c in cands}
    exact = [0.9, 0.8, 0.7, 0.6, 0.1]
    right = [0.9, 0.9, 0.9, 0.9, 0.3]
    kept = decode(cands, exact, right, 0.0, 0.5, slot_of=lambda c: slot[id(c)])
    # the second is the first's slot; the third claims more than half of the first; the last is below the threshold
    assert kept == [0, 3]
    assert decode(cands, exact, right, 0.0, 0.2, slot_of=lambda c: slot[id(c)]) == [0, 3, 4]


def test_rules_alone_keep_a_speech_cue_and_drop_a_negated_one():
    say = SimpleNamespace(klass="speech", negated=False)
    no = SimpleNamespace(klass="speech", negated=True)
    other = SimpleNamespace(klass="none", negated=False)
    cands = [SimpleNamespace(cue=say, proposers=("clause_after",)),
             SimpleNamespace(cue=no, proposers=("clause_after",)),
             SimpleNamespace(cue=other, proposers=("clause_after",)), SimpleNamespace(cue=say, proposers=("object",))]
    _, right = attribute.rule_scores(cands)
    assert right.tolist() == [1.0, 0.0, 0.0, 0.0]


def test_the_rules_decide_cue_kinds_training_never_showed(monkeypatch):
    support = {"verb": 5000, "dash": 1}
    exact, right, ruled = attribute.rules_where_unseen(["verb", "dash", "label"], support, [0.5, 0.1, 0.2],
                                                       [0.7, 0.1, 0.3], [0.9, 0.8, 0.0], [1.0, 1.0, 0.0])
    assert (exact.tolist(), right.tolist(), ruled.tolist()) == ([0.5, 0.8, 0.0], [0.7, 1.0, 0.0], [False, True, True])
    monkeypatch.setattr(attribute, "MIN_SUPPORT", 0)  # switched off: the model decides every kind
    assert not attribute.rules_where_unseen(["dash"], support, [0.1], [0.1], [0.8], [1.0])[2].any()


# -- training end to end on an invented gold set ---------------------------------------------------------
ARTICLES = [
    ('Okafor Wins Vote\n\nMayor Ada Okafor said the council will vote on the plan next week. "We have waited long '
     'enough," Okafor told reporters. The plan, she said, would cost less than expected.\n\nCritics argued that the '
     'bridge was too expensive. "It is a waste," said Tom Reyes, a councillor.'),
    ('Harbor Talks Stall\n\nThe union warned that workers would strike on Monday. "Nobody wants a strike," said Lena '
     'Voss, the union leader. Voss said the port authority had refused to meet.\n\nThe authority said it would '
     'respond on Friday. According to the Courier, talks could resume next month.'),
]


def _gold(text: str, triples) -> dict:
    quotes = []
    for content, source, cue in triples:
        c, s, k = text.index(content), text.index(source), text.index(cue)
        quotes.append({"content": [[c, c + len(content)]], "source": [[s, s + len(source)]],
                       "cue": [[k, k + len(cue)]], "direct": content.startswith('"')})
    return {"quotes": quotes}


GOLD = [
    [("the council will vote on the plan next week", "Mayor Ada Okafor", "said"),
     ('"We have waited long enough,"', "Okafor told", "told"),
     ("The plan, she said, would cost less than expected", "she said", "said, would"),
     ("that the bridge was too expensive", "Critics", "argued"),
     ('"It is a waste,"', "Tom Reyes", "said Tom")],
    [("that workers would strike on Monday", "The union", "warned"),
     ('"Nobody wants a strike,"', "Lena Voss", "said Lena"),
     ("the port authority had refused to meet", "Voss said", "said the"),
     ("it would respond on Friday", "The authority", "said it"),
     ("talks could resume next month", "the Courier", "According to")],
]


def _fix_sources(text, gold):
    # sources and cues given with context to find the right occurrence: trim them to their words
    for q in gold["quotes"]:
        for key, words in (("source", {"Okafor told": "Okafor", "she said": "she", "Voss said": "Voss"}),
                           ("cue", {"said, would": "said", "said Tom": "said", "said Lena": "said", "said the": "said",
                                    "said it": "said"})):
            (s, e), = q[key]
            piece = text[s:e]
            if piece in words:
                q[key] = [[s + piece.index(words[piece]), s + piece.index(words[piece]) + len(words[piece])]]
    return gold


@pytest.fixture(scope="module")
def tiny_set(tmp_path_factory):
    root = tmp_path_factory.mktemp("goldset")
    (root / "articles").mkdir()
    lines = []
    for n, (text, triples) in enumerate(zip(ARTICLES * 3, GOLD * 3, strict=True)):
        (root / "articles" / f"a{n}.txt").write_text(text, encoding="utf-8")
        gold = _fix_sources(text, _gold(text, triples))
        lines.append(json.dumps({"id": f"a{n}", **gold}))
    (root / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_training_end_to_end_on_an_invented_set(tiny_set, tmp_path, monkeypatch, capsys):
    import importlib.util
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "train_quotes.py"
    spec = importlib.util.spec_from_file_location("train_quotes_script", script)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(script.parent.parent / "benchmarks"))
    spec.loader.exec_module(module)
    monkeypatch.setattr(tm, "FOREST", {**tm.FOREST, "max_iter": 20, "min_samples_leaf": 5})
    out = tmp_path / "quote_model.npz"
    assert module.main(["--train", str(tiny_set), "--no-dev", "--folds", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "model train-OOF" in printed and "attribution" in printed
    model = QuoteModel.load(out)
    assert model.meta["articles"] == 6 and 0.0 <= model.threshold <= 1.0
    # the trained model runs through the shipped inference code and finds the training quotes again
    from newslens import analyze

    monkeypatch.setattr("newslens.quotes.attribute.shipped_model", lambda: model)
    article = analyze(ARTICLES[0])
    found = {q.text for q in article.quotes}
    assert "We have waited long enough" in found


def _token_columns_slowly(positions, probs):
    """The token columns one candidate at a time: the definition ``attribute.token_columns`` computes with arrays."""
    out = []
    n = len(probs)
    for cue, i, j, spk in positions.tolist():
        inside = probs[i:j + 1, 3]
        out.append([probs[cue, 0], probs[i, 1], probs[j, 2], inside.mean(), inside.min(),
                    probs[i - 1, 3] if i > 0 else 0, probs[j + 1, 3] if j + 1 < n else 0,
                    probs[max(0, i - 3):i + 4, 1].max() - probs[i, 1],
                    probs[max(0, j - 3):j + 4, 2].max() - probs[j, 2], probs[spk, 4] if spk >= 0 else 0,
                    probs[max(0, cue - 1):cue + 2, 0].max()])
    return numpy.array(out)


def test_token_columns_with_arrays_equal_their_definition():
    rng = numpy.random.RandomState(0)
    for _ in range(100):
        n = rng.randint(1, 40)
        probs = rng.rand(n, 5)
        rows = []
        for _ in range(rng.randint(1, 12)):
            i = rng.randint(0, n)
            rows.append((rng.randint(0, n), i, rng.randint(i, n), rng.randint(-1, n)))
        positions = numpy.array(rows)
        expected = _token_columns_slowly(positions, probs)
        numpy.testing.assert_allclose(attribute.token_columns(positions, probs), expected)
    assert numpy.isnan(attribute.token_columns(numpy.array([[0, 0, 0, 0]]), None)).all()  # no vectors: missing
