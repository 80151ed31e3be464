"""Training the entity type classifier (typer.py) on a CoNLL-style set; needs scikit-learn (`newslens[train]`).

A set is a folder with articles/<id>.txt and gold.jsonl ({"id", "mentions": [{"start", "end", "type"}]}), as
../shared/eval/score_entities.py reads it. Each candidate the rules propose (resolve.rule_candidates) is labelled
with the gold type of the span it covers exactly (after the scorer's trimming), `none` when no gold span of
type PER/ORG/LOC has its offsets (MISC counts as none: newslens lists no such entities).

Stage 2 is trained on stage 1's out-of-fold probabilities (five folds by document), so that it learns how far
to trust the article's evidence as it will look at run time, not as it looks on documents stage 1 memorised.
Everything is deterministic: folds by document position, lbfgs, no random state.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy

from newslens.entities.typer import CLASSES, N_DENSE, Typer, doc_context, evidence, features

GOLD_TYPES = ("PER", "ORG", "LOC")
FOLDS = 5


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """The scorer's trimming: a leading `the ` and a trailing `'s` off, then spaces."""
    if text[s:e].lower().startswith("the "):
        s += 4
    span = text[s:e]
    for suffix in ("'s", "\u2019s", " 's"):
        if span.endswith(suffix):
            e -= len(suffix)
            break
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@dataclass
class LabelledSet:
    ids: list[str]
    texts: dict[str, str]
    gold: dict[str, dict[tuple[int, int], str]]  # trimmed span -> PER | ORG | LOC | MISC


def load_set(setdir: Path) -> LabelledSet:
    ids, texts, gold = [], {}, {}
    for line in (setdir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        text = (setdir / "articles" / f"{g['id']}.txt").read_text(encoding="utf-8")
        ids.append(g["id"])
        texts[g["id"]] = text
        gold[g["id"]] = {trim(text, m["start"], m["end"]): m["type"] for m in g["mentions"]}
    return LabelledSet(ids, texts, gold)


def parse(data: LabelledSet, setdir: Path, cache: Path | None = None, model: str | None = None):
    """The Docs of a set, through newslens's own pipeline (its ALL-CAPS component included), cached as a DocBin
    under ``cache`` when given (keep it outside the repository)."""
    from spacy.tokens import DocBin

    from newslens.analysis import parse as parse_documents
    from newslens.component import ANALYSIS
    from newslens.pipeline import load
    from newslens.readers import read_documents

    nlp = load(model)
    path = cache / "docs.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    documents = read_documents([str(setdir / "articles" / f"{i}.txt") for i in data.ids])
    with nlp.select_pipes(disable=[ANALYSIS]):  # the parse alone: the entity layer runs on it here
        docs = [doc for doc, _ in parse_documents(nlp, documents)]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(path)
    return docs


@dataclass
class Example:
    """One document's judged candidates, their feature strings and gold classes."""

    cands: list
    feats: list[list[str]]
    labels: list[int]


def examples(docs, data: LabelledSet) -> list[Example]:
    from newslens.entities.resolve import judged_candidates, rule_candidates, with_extra_candidates
    from newslens.entities.scan import Tokens

    out = []
    for doc, doc_id in zip(docs, data.ids, strict=True):
        text = doc.text
        tokens = Tokens(doc)
        cands, sports = rule_candidates(doc, text, tokens)
        judged = judged_candidates(with_extra_candidates(doc, text, cands, tokens))
        ctx = doc_context(text, judged, sports)
        gold = data.gold[doc_id]
        labels = []
        for c in judged:
            t = gold.get(trim(text, c.start_char, c.end_char))
            labels.append(CLASSES.index(t) if t in GOLD_TYPES else 0)
        out.append(Example(judged, [features(doc, c, ctx) for c in judged], labels))
    return out


def _matrix(exs: list[Example], index: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    r = 0
    for ex in exs:
        for f in ex.feats:
            for x in f:
                j = index.get(x)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
            r += 1
    data = numpy.ones(len(rows), dtype=numpy.float32)
    return csr_matrix((data, (rows, cols)), shape=(r, len(index)))


def _labels(exs: list[Example]) -> numpy.ndarray:
    return numpy.array([y for ex in exs for y in ex.labels], dtype=numpy.int64)


def _fit(x, y, c: float):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000, tol=1e-5)
    model.fit(x, y)
    if list(model.classes_) != list(range(len(CLASSES))):
        raise ValueError(f"training data lacks a class: {model.classes_}")
    return model


def _dense(exs: list[Example], probs: numpy.ndarray) -> numpy.ndarray:
    out, k = [], 0
    for ex in exs:
        n = len(ex.labels)
        out.append(evidence(ex.cands, probs[k:k + n]))
        k += n
    return numpy.vstack(out) if out else numpy.zeros((0, N_DENSE), dtype=numpy.float32)


def train(exs: list[Example], c1: float = 0.5, c2: float = 0.5, min_count: int = 2,
          log=print) -> Typer:
    """The two-stage classifier trained on the examples."""
    from scipy.sparse import hstack

    counts = Counter(x for ex in exs for f in ex.feats for x in set(f))
    vocab = sorted(x for x, k in counts.items() if k >= min_count or x == "b")
    index = {x: i for i, x in enumerate(vocab)}
    x = _matrix(exs, index)
    y = _labels(exs)
    started = time.process_time()
    stage1 = _fit(x, y, c1)
    # out-of-fold stage-1 probabilities for stage 2's evidence
    oof = numpy.zeros((len(y), len(CLASSES)), dtype=numpy.float32)
    fold_of_row = numpy.repeat(numpy.arange(len(exs)) % FOLDS, [len(ex.labels) for ex in exs])
    for fold in range(FOLDS):
        held = fold_of_row == fold
        if held.all() or not held.any() or len(set(y[~held].tolist())) < len(CLASSES):
            oof[held] = stage1.predict_proba(x[held])  # a set too small for this fold to see every class
            continue
        oof[held] = _fit(x[~held], y[~held], c1).predict_proba(x[held])
    dense = _dense(exs, oof)
    stage2 = _fit(hstack([x, dense]).tocsr(), y, c2)
    log(f"trained on {len(y)} candidates, {len(vocab)} features, in {time.process_time() - started:.1f} CPU s")
    w2 = stage2.coef_.T.astype(numpy.float32)
    return Typer(vocab, stage1.coef_.T.astype(numpy.float32), stage1.intercept_.astype(numpy.float32),
                 w2[: len(vocab)], w2[len(vocab):], stage2.intercept_.astype(numpy.float32))


# --- scoring, as ../shared/eval/score_entities.py scores (exact span and type) -------------------------------

NEWSLENS_TYPES = {"person": "PER", "institution": "ORG", "country": "LOC", "place": "LOC"}
LISTED_FORMS = ("name", "alias", "acronym")


def predictions(docs, data: LabelledSet, typer) -> dict[str, set[tuple[tuple[int, int], str]]]:
    from newslens.entities.resolve import resolve_entities

    out = {}
    for doc, doc_id in zip(docs, data.ids, strict=True):
        index = resolve_entities(doc, doc_id, typer=typer)
        text = data.texts[doc_id]
        out[doc_id] = {(trim(text, m.start, m.end), NEWSLENS_TYPES[m.type]) for m in index.mentions
                       if m.type in NEWSLENS_TYPES and m.form in LISTED_FORMS}
    return out


def raw_predictions(docs, data: LabelledSet) -> dict[str, set[tuple[tuple[int, int], str]]]:
    """spaCy's own entities (PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC)."""
    types = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
    return {doc_id: {(trim(data.texts[doc_id], e.start_char, e.end_char), types[e.label_]) for e in doc.ents
                     if e.label_ in types} for doc, doc_id in zip(docs, data.ids, strict=True)}


def score(data: LabelledSet, pred: dict) -> dict[str, tuple[float, float, float]]:
    c: Counter = Counter()
    for doc_id in data.ids:
        gold = {(span, t) for span, t in data.gold[doc_id].items() if t in GOLD_TYPES}
        p = pred.get(doc_id, set())
        for _, t in gold:
            c[f"gold_{t}"] += 1
        for span, t in p:
            c[f"pred_{t}"] += 1
            c[f"exact_{t}"] += (span, t) in gold
    rows = {t: _prf(c[f"exact_{t}"], c[f"pred_{t}"], c[f"gold_{t}"]) for t in GOLD_TYPES}
    rows["overall"] = _prf(*(sum(c[f"{k}_{t}"] for t in GOLD_TYPES) for k in ("exact", "pred", "gold")))
    return rows


def _prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(columns: dict[str, dict[str, tuple[float, float, float]]]) -> str:
    """Score rows side by side: one P/R/F1 group per named column."""
    names = list(columns)
    head = f"{'type':8} " + "   ".join(f"{n[:20]:>20}" for n in names)
    sub = f"{'':8} " + "   ".join(f"{'P':>6} {'R':>6} {'F1':>6}" for _ in names)
    lines = [head, sub]
    for t in (*GOLD_TYPES, "overall"):
        lines.append(f"{t:8} " + "   ".join("{:6.3f} {:6.3f} {:6.3f}".format(*columns[n][t]) for n in names))
    return "\n".join(lines)
