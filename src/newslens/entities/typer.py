"""The learned type decision: a linear classifier over candidate spans, read from models/entity_typer.npz.

The rules propose names and a type for each (spans.py, kinds.py, people.py, resolve.py); where they guess, the
classifier decides PER / ORG / LOC / none from what the rules said and from the span and its context: the
model's label, the words of the name and around it, honorifics and titles, gazetteers, capitalization and
shape, prepositions and verbs it hangs on, how the article writes the word elsewhere.

Two stages, both multinomial logistic regression trained by ``training.py`` on the CoNLL-2003 train split:
1. each mention on its own (sparse features);
2. the same features plus the evidence the article gives about the same name: stage 1's probabilities summed
   over the name's other mentions, and over the full names a one-word name belongs to (and the one-word names
   a full name has). So one name gets one type per article when the evidence says so, and a mention whose own
   context says otherwise (a founder beside his firm) keeps its type.

Inference needs numpy only: a feature string -> row lookup and a sum of weight rows per mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy

from newslens.entities.gazetteer import (
    country_named,
    country_of_adjective,
    is_region,
    major_place_country,
    place_country,
)
from newslens.entities.lexicon import (
    MONTHS,
    event_cues,
    honorifics,
    institution_cues,
    person_nouns,
    role_words,
    title_words,
)
from newslens.entities.people import title_role
from newslens.entities.spans import Candidate
from newslens.resources import models_dir

CLASSES = ("none", "PER", "ORG", "LOC")
ARTIFACT = "entity_typer.npz"
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
N_DENSE = 22  # stage 2's evidence features, see evidence()


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isupper():
        return "X." if "." in word else ("X" if len(word) == 1 else "XX")
    if word[:1].isupper():
        return "Xx-" if "-" in word else "Xx"
    if word.islower():
        return "x"
    return "o"


def text_is_caps(words: list[str]) -> bool:
    return all(w.isupper() for w in words)


def _word(doc, i: int) -> str:
    if i < 0:
        return "<s>"
    if i >= len(doc):
        return "</s>"
    token = doc[i]
    if token.is_space:
        return "<nl>" if "\n" in token.text else "<sp>"
    return token.lower_ if not token.like_num else "<num>"


@dataclass
class DocContext:
    """What the features need to know about the whole article, computed once."""

    lower_words: set[str]
    sports: bool
    person_words: set[str]  # first and last words of multi-word names the rules typed as people
    counts: dict[str, int]  # mentions per name
    mixed_case: set[str]  # names (casefolded) the article also writes in mixed case


def doc_context(text: str, cands: list[Candidate], sports: bool) -> DocContext:
    person_words: set[str] = set()
    counts: dict[str, int] = {}
    mixed_case: set[str] = set()
    for c in cands:
        counts[c.key] = counts.get(c.key, 0) + 1
        if not c.text.isupper():
            mixed_case.add(c.key)
        words = c.key.split()
        if c.type == "person" and len(words) >= 2:
            person_words.update((words[0], words[-1]))
    return DocContext(set(_LOWER_WORD.findall(text)), sports, person_words, counts, mixed_case)


@lru_cache(maxsize=50_000)
def _gazetteer_features(text: str, one_word: bool) -> tuple[str, ...]:
    """What the gazetteers say about a name (cached: an article repeats its names, a corpus its countries)."""
    f = []
    if country_named(text):
        f.append("gz_country")
    if one_word and country_of_adjective(text):
        f.append("gz_demonym")
    if major_place_country(text):
        f.append("gz_major")
    elif place_country(text):
        f.append("gz_place")
    if is_region(text):
        f.append("gz_region")
    return tuple(f)


def features(doc, c: Candidate, ctx: DocContext) -> list[str]:
    """Feature strings of one candidate (the same at training and at run time)."""
    n = c.end - c.start
    toks = [doc[i] for i in range(c.start, c.end)]
    words = [t.text for t in toks]
    low = [w.lower() for w in words]
    rt = c.type + ("!" if c.strong else "")
    f = ["b", f"rt={rt}", f"lb={c.label}", f"lb_rt={c.label}_{rt}", f"form={c.form}", f"n={min(n, 5)}"]
    chosen = low if n <= 4 else [*low[:2], *low[-2:]]
    f += [f"w={w}" for w in chosen]
    f += [f"first={low[0]}", f"last={low[-1]}", f"suf={low[-1][-3:]}"]
    if n <= 3:
        f.append(f"txt={' '.join(low)}")
    shape = " ".join(_shape(w) for w in words[:4])
    f += [f"shape={shape}", f"shape_rt={shape}_{rt}"]
    p1, p2, n1, n2 = _word(doc, c.start - 1), _word(doc, c.start - 2), _word(doc, c.end), _word(doc, c.end + 1)
    f += [f"p1={p1}", f"p2={p2}", f"n1={n1}", f"n2={n2}", f"p12={p2}_{p1}", f"n12={n1}_{n2}"]
    f += [f"p1_rt={p1}_{rt}", f"n1_rt={n1}_{rt}"]
    f += _neighbour_features(doc, c, words)
    f += _name_features(doc, c, toks, words, low, n)
    f += _article_features(c, ctx, low, rt, n)
    return f


def _neighbour_features(doc, c: Candidate, words: list[str]) -> list[str]:
    """What stands around the name: an honorific, a title or a role before it, brackets."""
    f = []
    if c.start > 0:
        before = doc[c.start - 1]
        f.append(f"p1s={_shape(before.text)}")
        if before.lower_ in honorifics():
            f.append("hon")
        elif before.lower_ in title_words():
            f.append("title")
        if before.lower_ in person_nouns():
            f.append("pnoun")
    if c.end < len(doc):
        f.append(f"n1s={_shape(doc[c.end].text)}")
    if any(doc[i].lower_ in role_words() for i in range(max(0, c.start - 3), c.start)):
        f.append("role_before")
        if title_role(doc, c) is not None:
            f.append("title_role")  # `Minister of National Defense Wei Fenghe`: the rules read a title before it
    if c.start > 0 and doc[c.start - 1].text == "(" and c.end < len(doc) and doc[c.end].text == ")":
        f.append("in_brackets" + ("_caps" if text_is_caps(words) else ""))  # `... Organization (SCO)`
    return f


def _name_features(doc, c: Candidate, toks: list, words: list[str], low: list[str], n: int) -> list[str]:
    """The name itself: its head in the parse, the gazetteers, cue words, where on its line it stands."""
    f = []
    head = toks[-1]
    f.append(f"dep={head.dep_}")
    if not (c.start <= head.head.i < c.end):
        f += [f"hd={head.head.lower_}", f"dep_hd={head.dep_}_{head.head.lower_}"]
    f.append(f"pos={head.pos_}")
    text = c.text
    f += _gazetteer_features(text, n == 1)
    cues = institution_cues()
    if any(w in cues for w in low):
        f.append("inst_cue")
    if words[-1] in event_cues():
        f.append("event_cue")
    if any(w in MONTHS for w in low):
        f.append("month")
    line_start = c.start == 0 or doc[c.start - 1].is_space
    line_end = c.end >= len(doc) or doc[c.end].is_space
    if line_start:
        f.append("line_start")
    if line_start and line_end:
        f.append("whole_line")
    return f


def _article_features(c: Candidate, ctx: DocContext, low: list[str], rt: str, n: int) -> list[str]:
    """What the rest of the article says about the name."""
    f = []
    text = c.text
    if text.isupper():
        # a name in a capitals line (headline, table) is as good as the article's support for it: the same
        # name written in mixed case elsewhere (`CARLOS MENDOZA` ... `Carlos Mendoza`), or not (`RESEARCH ALERT`)
        f += ["caps", f"caps_{c.key in ctx.mixed_case}", f"caps_{c.key in ctx.mixed_case}_{rt}"]
    if n == 1 and low[0] in ctx.lower_words:
        f.append("lower_elsewhere")
    if n == 1 and c.key in ctx.person_words:
        f.append("part_of_person")
    if ctx.sports:
        f += ["sports", f"sports_rt={rt}"]
    repeated = ctx.counts.get(c.key, 1)
    f.append(f"rep={min(repeated, 4)}")
    return f


def name_key(key: str) -> str:
    """The name a mention's evidence is pooled under: casefolded, a plural's `s` off (`Lib Dems` and `Lib Dem`,
    `Democrats` and `Democrat` are one name)."""
    return key[:-1] if len(key) > 3 and key.endswith("s") and not key.endswith("ss") else key


def evidence(cands: list[Candidate], probs: numpy.ndarray) -> numpy.ndarray:
    """Stage 2's dense features: for each mention, the article's evidence about its name.

    Columns: its own stage-1 probabilities (0-3); the mean probabilities of the other mentions of the same name
    (name_key) (4-7) and log(1 + their number) (8); the summed probabilities of those mentions minus its own,
    named classes (14-16). Then the name's family, by the word it shares: for a one-word name, the multi-word
    names it ends (9-12, count 13: `Putin` in `Vladimir Putin`) and those it opens (17-20, count 21: `Greene` in
    `Greene Motors`); for a multi-word name, the one-word mentions of its last word (9-13) and of its first word
    (17-21). A surname and a firm named after the same man so stay apart: the firm shares his first word, not
    his last."""
    n = len(cands)
    out = numpy.zeros((n, N_DENSE), dtype=numpy.float32)
    if n == 0:
        return out
    probs = numpy.asarray(probs, dtype=numpy.float32)
    keys = [name_key(c.key) for c in cands]
    ids: dict[str, int] = {}
    key_id = numpy.array([ids.setdefault(k, len(ids)) for k in keys])
    words_of = [k.split() for k in keys]
    # per-name sums and counts, then per-mention lookups: no Python loop over numpy rows
    sums = numpy.zeros((len(ids), 4), dtype=numpy.float32)
    numpy.add.at(sums, key_id, probs)
    counts = numpy.bincount(key_id, minlength=len(ids)).astype(numpy.float32)
    same_n = counts[key_id] - 1
    same_sum = sums[key_id] - probs
    has = same_n > 0
    out[:, 0:4] = probs
    out[has, 4:8] = same_sum[has] / same_n[has, None]
    out[:, 8] = numpy.log1p(same_n)
    out[:, 14:17] = same_sum[:, 1:] - probs[:, 1:]
    out[~has, 14:17] = 0
    # families: sums over multi-word mentions by the word they end and open
    multi = [k for k in range(n) if len(words_of[k]) >= 2]
    for col, pick in ((9, -1), (17, 0)):
        fam_sum: dict[str, numpy.ndarray] = {}
        fam_n: dict[str, int] = {}
        for k in multi:
            w = words_of[k][pick]
            fam_sum[w] = fam_sum.get(w, 0) + probs[k]
            fam_n[w] = fam_n.get(w, 0) + 1
        for k in range(n):
            words = words_of[k]
            if len(words) == 1:
                total, m = fam_sum.get(keys[k]), fam_n.get(keys[k], 0)
            else:
                j = ids.get(words[pick])
                total, m = (sums[j], int(counts[j])) if j is not None else (None, 0)
            if m:
                out[k, col:col + 4] = total / m
                out[k, col + 4] = numpy.log1p(m)
    return out


class Typer:
    """The two-stage classifier, as read from its artifact."""

    def __init__(self, vocab: list[str], w1: numpy.ndarray, b1: numpy.ndarray, w2: numpy.ndarray,
                 d2: numpy.ndarray, b2: numpy.ndarray):
        self.index = {f: i for i, f in enumerate(vocab)}
        self.w1, self.b1, self.w2, self.d2, self.b2 = w1, b1, w2, d2, b2

    @classmethod
    def load(cls, path) -> Typer:
        with numpy.load(path, allow_pickle=False) as z:
            return cls([str(v) for v in z["vocab"]], z["w1"].astype(numpy.float32), z["b1"], z["w2"].astype(
                numpy.float32), z["d2"], z["b2"])

    def save(self, path) -> None:
        vocab = numpy.array(sorted(self.index, key=self.index.__getitem__))
        numpy.savez_compressed(path, vocab=vocab, w1=self.w1.astype(numpy.float16), b1=self.b1,
                               w2=self.w2.astype(numpy.float16), d2=self.d2, b2=self.b2)

    def rows(self, feats: list[list[str]]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Known feature rows of each mention, and where each mention's rows start."""
        index = self.index
        idx: list[int] = []
        starts: list[int] = []
        for f in feats:
            starts.append(len(idx))
            idx += [index[x] for x in f if x in index]
        return numpy.array(idx, dtype=numpy.int64), numpy.array(starts, dtype=numpy.int64)

    def _sum(self, w: numpy.ndarray, idx: numpy.ndarray, starts: numpy.ndarray) -> numpy.ndarray:
        # every mention has the bias feature "b", so no segment is empty
        return numpy.add.reduceat(w[idx], starts, axis=0)

    def predict(self, cands: list[Candidate], feats: list[list[str]]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(stage-1, stage-2) class probabilities of each mention, columns in CLASSES order."""
        idx, starts = self.rows(feats)
        p1 = softmax(self._sum(self.w1, idx, starts) + self.b1)
        dense = evidence(cands, p1)
        p2 = softmax(self._sum(self.w2, idx, starts) + dense @ self.d2 + self.b2)
        return p1, p2


def softmax(z: numpy.ndarray) -> numpy.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = numpy.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@cache
def default_typer() -> Typer | None:
    """The shipped classifier, or None when the artifact is absent (the rules alone decide then)."""
    path = models_dir() / ARTIFACT
    return Typer.load(path) if path.is_file() else None


_CLASS_OF = {"person": "PER", "institution": "ORG", "country": "LOC", "place": "LOC"}
OVERRULE = 0.0  # how sure the classifier must be to overrule the rules' type (0: it always decides)
OVERRULE_STRONG = 0.0  # the same, for a type a sure rule gave
DROP = 0.75  # how sure it must be that a name the rules typed is no name at all (dropping loses the entity)


def apply_types(cands: list[Candidate], probs: numpy.ndarray, overrule: float | None = None,
                overrule_strong: float | None = None, drop: float | None = None) -> dict[str, dict[str, float]]:
    """Each candidate takes the class the classifier gives it (a country or place for LOC, as the gazetteer
    says) when it is sure enough to overrule the rules; returns the per-name evidence: summed probabilities per
    class over the article's mentions."""
    overrule = OVERRULE if overrule is None else overrule
    overrule_strong = OVERRULE_STRONG if overrule_strong is None else overrule_strong
    drop = DROP if drop is None else drop
    evidence_by_name: dict[str, dict[str, float]] = {}
    best = probs.argmax(axis=1)
    for c, k, p in zip(cands, best.tolist(), probs, strict=True):
        totals = evidence_by_name.setdefault(c.key, dict.fromkeys(CLASSES[1:], 0.0))
        for j, name in enumerate(CLASSES[1:], start=1):
            totals[name] += float(p[j])
        label = CLASSES[k]
        ruled = _CLASS_OF.get(c.type, "none")
        if label != ruled and p[k] < (overrule_strong if c.strong else overrule):
            continue  # not sure enough to overrule the rules
        if label == "none" and ruled != "none" and p[k] < drop:
            continue
        retype(c, label)
    return evidence_by_name


def retype(c: Candidate, label: str) -> None:
    """Set a candidate's newslens type from a CoNLL class."""
    if label == "PER":
        if c.type != "person":
            c.type, c.iso3, c.country, c.canonical = "person", None, None, None
    elif label == "ORG":
        if c.type != "institution":
            c.type, c.iso3, c.country = "institution", None, None
    elif label == "LOC":
        if c.type not in ("country", "place"):
            country = country_named(c.text)
            if country is not None:
                c.type, c.iso3, c.country = "country", country.iso3, None
            else:
                c.type, c.iso3 = "place", None
                c.country = None if is_region(c.text) else place_country(c.text)
    else:
        c.type = "other"
