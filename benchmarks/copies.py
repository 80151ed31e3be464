"""Copy detection measured: the copies inside a corpus, synthetic near copies against hard negatives, and what
detection costs inside `newslens add`, in one run.

usage: python benchmarks/copies.py [--corpus DIR] [--sample 500] [--seed 17] [--examples 8] [-n 200] [--jobs 1]
                                   [--skip-synthetic] [--skip-cost] [--keep]

1. The corpus (default ../shared/eval/bbc, every article, read by ``newslens.readers`` as `add` reads them) is
   added to a fresh store (``Store.add`` of each text, in the order `newslens add FOLDER` walks it; no model
   runs, detection needs only the text). Counted: the exact duplicates (same ``content_digest``) and how many
   the store marks ``copy_of``; the near copies it marks beyond those, with examples to check by eye; the same
   by ``CopyFinder`` (the path of query commands given FILEs); and, as a reference, every pair the rule
   (``copies.same_story``) accepts when all pairs are compared without LSH, and the pairs just below it.
2. Synthetic copies: ``--sample`` articles that have no copy or close relative in the corpus (seeded RNG), each
   edited by kind (a new headline: another article's; a byline added; the ending trimmed by 10-30 % of its
   sentences; all three), with 0, 10 or 20 % of their sentences changed (the count rounded, so a short text
   may have up to 25 %: the recall within 20 % is printed apart; a sentence replaced by one of another article
   of the category, 1-3 of its words deleted, or its two halves swapped). Each copy is added to the
   store of the whole corpus and removed again: found when ``copy_of`` is its original. Negatives: for each
   original, the most similar other story of its category (word overlap), edited alike but with the original
   as the material (its headline, its sentences in place of the changed ones), added while its own original
   is out of the store: any ``copy_of`` is a false merge. Precision and recall per kind and share changed.
   Target: at least 0.98 of both with up to 20 % of the sentences changed.
3. Cost: ``newslens.corpus.add_paths`` of -n articles (round-robin over the topics) into a fresh store, the
   model loaded first (timed apart), with the copy functions timed inside that run (``copies.shingles``,
   ``copies.signature``, ``CopyIndex.copy_of``, ``CopyIndex.index``; nested calls counted once). Target:
   copy detection at most 0.03 of the add's time. The per-add cost against the whole corpus's store (part 2)
   is printed too.
"""

from __future__ import annotations

import functools
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NOT_ARTICLES, Workspace, conditions, parser, sample, verdict

MODEL = "copies-benchmark"  # the model key of the stores of parts 1 and 2: no model runs there
LEVELS = (0.0, 0.1, 0.2)
KINDS = ("sentences", "headline", "byline", "trim", "all")  # "sentences" alone at 0 % would be the text itself
TARGET = 0.98
COST_TARGET = 0.03
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)]))\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_WORDS = re.compile(r"\w+")
BYLINES = ("By Alice Brennan", "By Tom Okafor", "By Priya Raman, Business reporter", "By Mark Lindqvist",
           "By Sarah Jones, Reuters", "By Daniel Ortiz, Associated Press")
OUTLETS = ("BBC News", "Reuters", "The Guardian", "Press Association", "")


# -- reading ------------------------------------------------------------------------------------------------------

def read_corpus(corpus: Path) -> list:
    """Every article of the corpus as `newslens add FOLDER` reads it (sorted walk, README left out), ids
    relative to the corpus (``business/001.txt``)."""
    from newslens.readers import read_documents

    files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith(".")
                   and p.stem.upper() not in NOT_ARTICLES)
    return [replace(d, id=str(Path(d.id).relative_to(corpus))) for d in read_documents([str(f) for f in files])]


def article(id: str, text: str) -> Any:
    from newslens.records import Article

    return Article(id=id, text=text)


# -- timing the copy functions -------------------------------------------------------------------------------

class CopyTimer:
    """Wraps the copy functions with timers; a call inside another timed one is counted once, by the outer."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self._depth = 0

    def wrap(self, name: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                self.calls[name] += 1
                self._depth -= 1

        return timed

    @contextmanager
    def installed(self) -> Iterator[CopyTimer]:
        from newslens import copies
        from newslens.store.copyindex import CopyIndex

        saved = (copies.shingles, copies.signature, CopyIndex.copy_of, CopyIndex.index)
        copies.shingles = self.wrap("shingles", copies.shingles)
        copies.signature = self.wrap("signature", copies.signature)
        CopyIndex.copy_of = self.wrap("copy_of", CopyIndex.copy_of)
        CopyIndex.index = self.wrap("index", CopyIndex.index)
        try:
            yield self
        finally:
            copies.shingles, copies.signature, CopyIndex.copy_of, CopyIndex.index = saved

    def total(self) -> float:
        return sum(self.seconds.values())

    def parts(self) -> str:
        return ", ".join(f"{name} {self.seconds[name]:.3f}s/{self.calls[name]}" for name in
                         ("shingles", "signature", "copy_of", "index"))


# -- part 1: the copies inside the corpus ---------------------------------------------------------------------

def overlaps(grams: list[numpy.ndarray]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Every pair (i < j) of texts that share a shingle, with their shared count: a sparse product, no LSH."""
    from scipy.sparse import csr_matrix

    sizes = numpy.array([len(g) for g in grams])
    flat = numpy.concatenate(grams)
    _, columns = numpy.unique(flat, return_inverse=True)
    rows = numpy.repeat(numpy.arange(len(grams)), sizes)
    m = csr_matrix((numpy.ones(len(flat), dtype=numpy.int32), (rows, columns)),
                   shape=(len(grams), int(columns.max()) + 1))
    shared = (m @ m.T).tocoo()
    keep = shared.row < shared.col
    return shared.row[keep], shared.col[keep], shared.data[keep]


@dataclass
class Corpus:
    docs: list
    grams: list[numpy.ndarray]
    copy_of: dict[str, str | None]  # as the store marked them
    related: set[int]  # articles with an exact or near copy, or a close relative (containment >= 0.5)


def in_corpus(docs: list, db: Path, examples: int) -> Corpus:
    from newslens import copies
    from newslens.store import Store

    grams = [copies.shingles(d.text) for d in docs]
    index = {d.id: n for n, d in enumerate(docs)}
    digests = [d.digest for d in docs]
    started = time.perf_counter()
    with Store(db) as store:
        marked = {d.id: store.add(article(d.id, d.text), MODEL) for d in docs}
    store_seconds = time.perf_counter() - started
    finder = copies.CopyFinder()
    found_by_finder = {d.id: finder.copy_of(d.id, d.text) for d in docs}

    groups: dict[str, list[int]] = defaultdict(list)
    for n, digest in enumerate(digests):
        groups[digest].append(n)
    exact_groups = [g for g in groups.values() if len(g) > 1]
    exact_later = [n for g in exact_groups for n in g[1:]]  # the copies: every one after the first of its group
    print(f"1. copies inside {len(docs)} articles ({store_seconds:.1f}s to add them to a store, no model)")
    print(f"  exact duplicates (same content_digest): {len(exact_later)} copies in {len(exact_groups)} groups "
          f"(largest {max((len(g) for g in exact_groups), default=0)})")
    for name, found in (("store", marked), ("CopyFinder", found_by_finder)):
        hit = sum(1 for n in exact_later if found[docs[n].id] is not None
                  and digests[index[found[docs[n].id]]] == digests[n])
        wrong = sum(1 for n in exact_later if found[docs[n].id] is not None
                    and digests[index[found[docs[n].id]]] != digests[n])
        print(f"    found by the {name}: {hit} of {len(exact_later)}"
              + (f" ({wrong} marked a copy of another text)" if wrong else ""))
    near = [(n, index[marked[d.id]]) for n, d in enumerate(docs)
            if marked[d.id] is not None and digests[index[marked[d.id]]] != digests[n]]
    near_finder = [d.id for d in docs if found_by_finder[d.id] is not None
                   and digests[index[found_by_finder[d.id]]] != d.digest]
    print(f"  near copies beyond the exact ones: store {len(near)}, CopyFinder {len(near_finder)}"
          + (" (the same articles)" if sorted(near_finder) == sorted(docs[n].id for n, _ in near) else ""))

    # the reference: every pair the rule accepts, all pairs compared (no LSH), and those just below it
    rows, cols, shared = overlaps(grams)
    sizes = numpy.array([len(g) for g in grams])
    small = numpy.minimum(sizes[rows], sizes[cols])
    jaccard = shared / (sizes[rows] + sizes[cols] - shared)
    containment = shared / numpy.maximum(small, 1)
    close = numpy.flatnonzero(containment >= 0.5)  # same_story needs jaccard >= 0.5 or containment >= 0.8
    accepted, grey = [], []
    for k in close:
        i, j = int(rows[k]), int(cols[k])
        if digests[i] == digests[j]:
            continue
        (accepted if copies.same_story(grams[i], grams[j]) else grey).append((i, j, jaccard[k], containment[k]))
    root = {n: (index[marked[d.id]] if marked[d.id] is not None else n) for n, d in enumerate(docs)}
    missed = [p for p in accepted if root[p[0]] != root[p[1]]]
    print(f"  reference, all {len(rows)} overlapping pairs compared: {len(accepted)} near-copy pairs the rule "
          f"accepts (other texts); {len(missed)} of them not joined by the store (LSH or order)")
    print(f"    and {len(grey)} pairs below the rule's thresholds but with containment >= 0.5")

    def show(i: int, j: int, jac: float, cont: float) -> None:
        a, b = docs[i], docs[j]
        print(f"    {b.id} ~ {a.id}: jaccard {jac:.2f}, containment {cont:.2f}, {len(grams[j])}/{len(grams[i])} "
              f"shingles; {(b.text.splitlines() or [''])[0][:45]!r} / {(a.text.splitlines() or [''])[0][:45]!r}")

    def measure(i: int, j: int) -> tuple[float, float]:
        s = len(numpy.intersect1d(grams[i], grams[j], assume_unique=True))
        return s / (len(grams[i]) + len(grams[j]) - s), s / max(1, min(len(grams[i]), len(grams[j])))

    if near:
        print(f"  near copies the store marked (copy ~ first of its story), {min(examples, len(near))} of {len(near)}:")
        for j, i in near[:examples]:
            show(i, j, *measure(i, j))
    if missed:
        print(f"  pairs the rule accepts that the store did not join, {min(examples, len(missed))} of {len(missed)}:")
        for i, j, jac, cont in missed[:examples]:
            show(i, j, jac, cont)
    if grey:
        grey.sort(key=lambda p: -p[3])
        print(f"  closest pairs below the thresholds (not joined), {min(examples, len(grey))} of {len(grey)}:")
        for i, j, jac, cont in grey[:examples]:
            show(i, j, jac, cont)
    related = {n for g in exact_groups for n in g} | {n for p in near for n in p}
    related |= {n for i, j, *_ in (*accepted, *grey) for n in (i, j)}
    return Corpus(docs, grams, marked, related)


# -- part 2: synthetic copies and hard negatives -----------------------------------------------------------------

@dataclass
class Parsed:
    headline: str
    sentences: list[tuple[int, str]]  # (paragraph, sentence) of the body, in order


def parse(text: str) -> Parsed:
    lines = text.strip().split("\n")
    headline, body = lines[0].strip(), "\n".join(lines[1:])
    sentences = []
    for p, paragraph in enumerate(q for q in re.split(r"\n\s*\n", body) if q.strip()):
        sentences += [(p, s) for s in _SENTENCE_END.split(" ".join(paragraph.split())) if s]
    return Parsed(headline, sentences)


def unparse(headline: str, byline: str | None, sentences: list[tuple[int, str]]) -> str:
    paragraphs: dict[int, list[str]] = {}
    for p, s in sentences:
        paragraphs.setdefault(p, []).append(s)
    head = [headline, byline] if byline else [headline]
    return "\n\n".join(["\n".join(head), *(" ".join(ss) for ss in paragraphs.values())]) + "\n"


def rewrite(sentence: str, rng: random.Random) -> str:
    """A sentence with 1-3 words deleted, or its two halves swapped (at a comma if it has one)."""
    words = sentence.split()
    if len(words) < 6:
        return " ".join(reversed(words))
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 3)):
            del words[rng.randrange(len(words))]
        return " ".join(words)
    commas = [k + 1 for k, w in enumerate(words[:-2]) if w.endswith(",") and k > 0]
    cut = rng.choice(commas) if commas else rng.randrange(2, len(words) - 2)
    return " ".join(words[cut:] + words[:cut])


def variant(original: Parsed, kind: str, level: float, rng: random.Random, *, headline: str,
            donor: list[str], replace_only: bool) -> tuple[str, float]:
    """The text of an edited copy and the share of its body sentences changed. ``headline`` is the new one,
    ``donor`` the sentences a changed sentence may be replaced by (``replace_only``: always replaced)."""
    sentences = list(original.sentences)
    title, byline = original.headline, None
    if kind in ("headline", "all"):
        title = headline
    if kind in ("byline", "all"):
        outlet = rng.choice(OUTLETS)
        byline = rng.choice(BYLINES) + (f"\n{outlet}" if outlet else "")
    if kind in ("trim", "all") and len(sentences) > 1:
        drop = max(1, round(rng.uniform(0.10, 0.30) * len(sentences)))
        sentences = sentences[:len(sentences) - drop]
    changed = round(level * len(sentences))
    for k in rng.sample(range(len(sentences)), changed):
        p, s = sentences[k]
        if replace_only or rng.random() < 1 / 3:
            sentences[k] = (p, rng.choice(donor))
        else:
            sentences[k] = (p, rewrite(s, rng))
    return unparse(title, byline, sentences), changed / max(1, len(sentences))


def content_words(text: str) -> set[str]:
    return {w for w in _WORDS.findall(text.lower()) if len(w) > 3 and not w.isdigit()}


def names(text: str) -> set[str]:
    """Capitalised words not at a sentence's start: a rough stand-in for the named entities two texts share."""
    return set(re.findall(r"(?<=[a-z,;] )[A-Z][a-z]+", text))


@dataclass
class Tally:
    positives: int = 0
    found: int = 0
    wrong: int = 0  # a copy marked a copy of another article than its original
    negatives: int = 0
    merged: int = 0
    changed: float = 0.0

    def precision(self) -> float:
        merged = self.found + self.wrong + self.merged
        return self.found / merged if merged else 1.0

    def recall(self) -> float:
        return self.found / self.positives if self.positives else 1.0

    def add(self, other: Tally) -> None:
        for name in ("positives", "found", "wrong", "negatives", "merged", "changed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Trial:
    """The originals, their hard negatives and what the store made of their copies."""

    corpus: Corpus
    chosen: list[int]
    negative_of: dict[int, int]
    parsed: dict[int, Parsed]
    peers: dict[int, list[int]]  # the other articles of its topic (no copies, no close relatives)
    tallies: dict[tuple[str, float], Tally]
    copies: list[tuple[str, float, float, bool]]  # (kind, level, share changed, found) of every copy
    misses: list[tuple]  # (id, found, share, text, original), then (id, found, share, jaccard, containment, rule)
    merges: list[tuple[str, str, float]]
    negatives: list[tuple[str, int]] = field(default_factory=list)  # (text, original): how close they came


def choose(corpus: Corpus, n: int, rng: random.Random) -> Trial:
    docs = corpus.docs
    category = [d.id.split("/")[0] for d in docs]
    parsed = {k: parse(docs[k].text) for k in range(len(docs)) if k not in corpus.related}
    distinct = [k for k, p in parsed.items() if len(p.sentences) >= 5]
    by_category: dict[str, list[int]] = defaultdict(list)
    for k in distinct:
        by_category[category[k]].append(k)
    chosen = sorted(rng.sample(distinct, min(n, len(distinct))))
    words = {k: content_words(docs[k].text) for k in distinct}
    peers = {a: [k for k in by_category[category[a]] if k != a] for a in chosen}
    negative_of = {a: max(peers[a], key=lambda b, a=a: (len(words[a] & words[b]) / len(words[a] | words[b]), -b))
                   for a in chosen}
    return Trial(corpus, chosen, negative_of, parsed, peers, defaultdict(Tally), [], [], [])


def grid() -> Iterator[tuple[str, float]]:
    for kind in KINDS:
        for level in LEVELS:
            yield kind, level


def likeness(a: numpy.ndarray, b: numpy.ndarray) -> tuple[float, float, bool]:
    """Jaccard and containment of two shingle sets, and the rule's decision (to tell a miss of the LSH search
    from one of the thresholds)."""
    from newslens import copies

    shared = len(numpy.intersect1d(a, b, assume_unique=True))
    return shared / max(1, len(a) + len(b) - shared), shared / max(1, min(len(a), len(b))), copies.same_story(a, b)


def try_copies(trial: Trial, store: Any, a: int, rng: random.Random) -> None:
    """Copies of a, edited with material from other stories of its topic: found when marked a copy of a."""
    original, own, parsed = trial.corpus.docs[a], trial.parsed[a], trial.parsed
    for kind, level in grid():
        if kind == "sentences" and level == 0:
            continue
        donor = parsed[rng.choice(trial.peers[a])]
        text, share = variant(own, kind, level, rng, headline=parsed[rng.choice(trial.peers[a])].headline,
                              donor=[s for _, s in donor.sentences], replace_only=False)
        id = f"copy/{kind}/{level:.1f}/{original.id}"
        found = store.add(article(id, text), MODEL)
        store.remove(id)
        tally = trial.tallies[(kind, level)]
        tally.positives += 1
        tally.changed += share
        trial.copies.append((kind, level, share, found == original.id))
        if found == original.id:
            tally.found += 1
        else:
            tally.wrong += found is not None
            trial.misses.append((id, found, share, text, a))  # measured after the timed run: see ``synthetic``


def try_negatives(trial: Trial, store: Any, a: int, rng: random.Random) -> None:
    """b, another story of a's topic, edited with a's material (headline, sentences), added while b is out of
    the store: any copy_of is a false merge. b itself, unedited, is counted under "sentences" at 0 %."""
    b, own = trial.corpus.docs[trial.negative_of[a]], trial.parsed[a]
    store.remove(b.id)
    for kind, level in grid():
        if kind == "sentences" and level == 0:
            text, share = b.text, 0.0
        else:
            text, share = variant(trial.parsed[trial.negative_of[a]], kind, level, rng, headline=own.headline,
                                  donor=[s for _, s in own.sentences], replace_only=True)
        id = f"negative/{kind}/{level:.1f}/{b.id}"
        trial.negatives.append((text, a))
        found = store.add(article(id, text), MODEL)
        store.remove(id)
        trial.tallies[(kind, level)].negatives += 1
        if found is not None:
            trial.tallies[(kind, level)].merged += 1
            trial.merges.append((id, found, share))
    store.add(article(b.id, b.text), MODEL)


def row(label: str, level: str, t: Tally) -> str:
    share = f"{t.changed / t.positives:.3f}" if t.positives else "-"
    recall = f"{t.recall():.4f}" if t.positives else "-"
    return (f"  {label:10} {level:>7} {share:>6} {t.positives:>6} {t.found:>6} {t.wrong:>5} {t.negatives:>5} "
            f"{t.merged:>6} {t.precision():>9.4f} {recall:>7}")


def report(trial: Trial, seconds: float, seed: int, examples: int) -> None:
    from newslens import copies

    docs, grams, pairs = trial.corpus.docs, trial.corpus.grams, trial.negative_of.items()
    overlap = [len(numpy.intersect1d(grams[a], grams[b], assume_unique=True)) / max(1, min(len(grams[a]),
               len(grams[b]))) for a, b in pairs]
    shared_words = [len(content_words(docs[a].text) & content_words(docs[b].text))
                    / len(content_words(docs[a].text) | content_words(docs[b].text)) for a, b in pairs]
    shared_names = [len(names(docs[a].text) & names(docs[b].text)) for a, b in pairs]
    print(f"\n2. synthetic copies of {len(trial.chosen)} articles (seed {seed}; of {len(trial.parsed)} with no copy "
          f"or close relative in the corpus, those of 5+ sentences), each added to the store of all {len(docs)} "
          f"and removed ({seconds:.0f}s)")
    print(f"  negatives: each original's most similar other story of its topic (content-word jaccard mean "
          f"{numpy.mean(shared_words):.2f}, max {max(shared_words):.2f}; shingle containment mean "
          f"{numpy.mean(overlap):.3f}, max {max(overlap):.3f}; capitalised names shared, median "
          f"{numpy.median(shared_names):.0f}, max {max(shared_names)}), edited with the original's headline "
          f"and sentences")
    print(f"  {'kind':10} {'changed':>7} {'share':>6} {'copies':>6} {'found':>6} {'wrong':>5} {'negs':>5} "
          f"{'merged':>6} {'precision':>9} {'recall':>7}")
    overall: dict[float, Tally] = defaultdict(Tally)
    for kind, level in grid():
        t = trial.tallies[(kind, level)]
        overall[level].add(t)
        print(row(kind, f"{level:.0%}", t))
    everything = Tally()
    for level in LEVELS:
        everything.add(overall[level])
        print(row("all kinds", f"{level:.0%}", overall[level]))
    print(row("overall", "0-20%", everything))
    print("  (changed: the share asked; share: the mean share of the copies' body sentences changed, the count "
          "rounded; 'sentences' at 0 %: the negative story itself, unedited)")
    within = [found for *_, share, found in trial.copies if share <= 0.2 + 1e-9]
    beyond = [found for *_, share, found in trial.copies if share > 0.2 + 1e-9]
    print(f"  recall of the copies with at most 20 % of their sentences changed: {sum(within)}/{len(within)} = "
          f"{sum(within) / len(within):.4f}, {verdict(sum(within) / len(within), TARGET, at_most=False)}; "
          f"beyond 20 % (rounding up): {sum(beyond)}/{len(beyond)}")
    print(f"  precision {everything.precision():.4f}, {verdict(everything.precision(), TARGET, at_most=False)}")
    if trial.negatives:
        close = [likeness(copies.shingles(text), grams[a])[:2] for text, a in trial.negatives]
        print(f"  the negatives' closest approach to their original (the rule: jaccard >= {copies.JACCARD} or "
              f"containment >= {copies.CONTAINMENT}): jaccard max {max(c[0] for c in close):.2f}, containment "
              f"max {max(c[1] for c in close):.2f}, 99th percentile {numpy.percentile([c[1] for c in close], 99):.2f}")
    worst = min(((k, t) for k, t in trial.tallies.items() if t.positives), key=lambda kt: kt[1].recall())
    print(f"  lowest recall: {worst[0][0]} at {worst[0][1]:.0%} changed, {worst[1].recall():.4f}")
    if trial.misses:
        print(f"  missed copies by kind and share asked: "
              f"{dict(Counter('/'.join(m[0].split('/')[1:3]) for m in trial.misses))}; "
              f"{min(examples, len(trial.misses))} of {len(trial.misses)}:")
        for id, found, share, jaccard, containment, _ in trial.misses[:examples]:
            print(f"    {id}: {share:.0%} of its sentences changed; jaccard {jaccard:.2f}, containment "
                  f"{containment:.2f}; marked {found or 'no copy'}")
        rule = sum(1 for m in trial.misses if not m[-1])
        print(f"  of the misses, {rule} below the rule's thresholds (same_story false), "
              f"{len(trial.misses) - rule} accepted by the rule but not found by the LSH search; containment "
              f"of the misses: max {max(m[4] for m in trial.misses):.2f}, jaccard max "
              f"{max(m[3] for m in trial.misses):.2f}")
    if trial.merges:
        print(f"  false merges, {min(examples, len(trial.merges))} of {len(trial.merges)}:")
        for id, found, share in trial.merges[:examples]:
            print(f"    {id} ({share:.0%} of its sentences from the original) marked a copy of {found}")


def synthetic(corpus: Corpus, db: Path, n: int, seed: int, examples: int) -> None:
    from newslens import copies
    from newslens.store import Store

    rng = random.Random(seed)
    trial = choose(corpus, n, rng)
    timer = CopyTimer()
    started = time.perf_counter()
    with Store(db) as store, timer.installed():
        for a in trial.chosen:
            try_copies(trial, store, a, rng)
            try_negatives(trial, store, a, rng)
    seconds = time.perf_counter() - started
    trial.misses = [(id, found, share, *likeness(copies.shingles(text), corpus.grams[a]))
                    for id, found, share, text, a in trial.misses]
    report(trial, seconds, seed, examples)
    print(f"  copy detection per add against the store of {len(corpus.docs)}: "
          f"{1000 * timer.total() / max(1, timer.calls['copy_of']):.2f} ms ({timer.parts()})")


# -- part 3: the cost inside `newslens add` --------------------------------------------------------------------

def cost(files: list[Path], db: Path, model: str | None, jobs: int) -> None:
    from newslens.corpus import add_paths
    from newslens.pipeline import load
    from newslens.store import Store

    started = time.perf_counter()
    load(model)
    loading = time.perf_counter() - started
    timer = CopyTimer()
    with Store(db) as store, timer.installed():
        started = time.perf_counter()
        report = add_paths(store, [str(f) for f in files], model=model, jobs=jobs)
        adding = time.perf_counter() - started
        copies_marked = sum(1 for row in store.summaries(with_copies=True) if row["copy_of"])
    copy = timer.total()
    print(f"\n3. cost: add_paths of {len(files)} articles into a fresh store, {jobs} job(s), model loaded first "
          f"in {loading:.1f}s; {report.added} added, {report.analyzed} analysed, {copies_marked} marked copies")
    print(f"  add {adding:.2f}s; copy detection {copy:.3f}s ({timer.parts()})")
    print(f"  copy detection / add: {copy / adding:.4f}, {verdict(copy / adding, COST_TARGET)}; "
          f"with the model's load in the add: {copy / (adding + loading):.4f}")
    print(f"  per article: add {1000 * adding / len(files):.1f} ms, copy detection {1000 * copy / len(files):.2f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=500, help="articles copied synthetically [%(default)s]")
    ap.add_argument("--seed", type=int, default=17, help="of the synthetic copies [%(default)s]")
    ap.add_argument("--examples", type=int, default=8, help="examples printed per list [%(default)s]")
    ap.add_argument("-n", type=int, default=200, help="articles added for the cost [%(default)s]")
    ap.add_argument("--jobs", type=int, default=1, help="of the add for the cost [%(default)s]")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--skip-cost", action="store_true")
    args = ap.parse_args(argv)

    print(f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}; {conditions()}")
    docs = read_corpus(args.corpus)
    with Workspace(args.keep) as ws:
        corpus = in_corpus(docs, ws.db("corpus"), args.examples)
        if not args.skip_synthetic:
            synthetic(corpus, ws.db("corpus"), args.sample, args.seed, args.examples)
        if not args.skip_cost:
            cost(sample(args.corpus, args.n), ws.db("cost"), args.model, args.jobs)
    print(f"done; {conditions()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
