"""``newslens network``: who appears with whom, as nodes and weighted edges, from the rows the other commands
print (files or the store).

Nodes are the entities of ``entities`` (merged across the corpus), with their type, named mentions and
articles. Two kinds of edge:

* ``cooccurrence``: two entities named in the same sentence (``window="sentence"``) or the same article
  (``"article"``), weighted by the number of sentences or articles. Undirected in meaning; each pair is given
  once, from the node whose id sorts first.
* ``quotes``: from a speaker (a person or institution that is a node) to each other entity named inside their
  quotes, weighted by the number of quotes.

The store keeps each article's text and every mention's offsets but no sentence boundaries, so sentences are
found here by a cheap splitter (``sentence_spans``: a paragraph per line, then a full stop, question or
exclamation mark followed by a capital, not after a title such as `Mr.`). It cuts where spaCy's parser mostly
cuts in news text; it can differ on unusual punctuation, which moves a few edges, never a node.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from newslens import linking, views
from newslens.records import Article, Entity
from newslens.text import paragraphs

WINDOWS = ("sentence", "article")
LINKED_FORMS = ("name", "alias", "acronym", "demonym")  # pronouns are left out: they name nobody by themselves
SPEAKER_NODES = ("person", "institution")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_NOT_AN_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Rev|Jr|Sr|No|Co|Inc|Ltd|vs|"
                         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$")


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    type: str
    mentions: int
    articles: int


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # cooccurrence | quotes
    weight: int


@dataclass
class Network:
    window: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def node_rows(self) -> list[dict]:
        return [vars(n).copy() for n in self.nodes]

    def edge_rows(self) -> list[dict]:
        return [vars(e).copy() for e in self.edges]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: each paragraph (line) cut after sentence-final punctuation."""
    spans = []
    for start, end in paragraphs(text):
        cut = start
        for match in _SENTENCE_END.finditer(text, start, end):
            if _NOT_AN_END.search(text, cut, match.start() + 1):
                continue
            spans.append((cut, match.end()))
            cut = match.end()
        spans.append((cut, end))
    return spans


@dataclass
class _ArticleLinks:
    """What the network needs of one article: its named entities per window, and its quotes' targets."""

    windows: list[set[tuple[str, str]]]
    quotes: list[tuple[tuple[str, str], set[tuple[str, str]]]]


def _links(article: Article, window: str, acts: Iterable[str]) -> _ArticleLinks:
    named = [m for m in article.mentions if m.form in LINKED_FORMS]
    if window == "article":
        windows = [{(m.type, m.entity) for m in named}]
    else:
        spans = sentence_spans(article.text)
        windows = [set() for _ in spans]
        starts = [s for s, _ in spans]
        for m in named:
            index = _last_at_or_before(starts, m.start)
            windows[index].add((m.type, m.entity))
    quotes = []
    for q in article.quotes:
        if q.speaker and q.speaker_type in SPEAKER_NODES and views.quote_matches(q, article, acts=acts):
            inside = {(m.type, m.entity) for m in named if any(s <= m.start and m.end <= e for s, e in q.spans)}
            quotes.append(((q.speaker_type, q.speaker), inside))
    return _ArticleLinks(windows, quotes)


def _last_at_or_before(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(starts, offset) - 1)


def build(articles: Iterable[Article], *, window: str = "sentence", acts: Iterable[str] = (),
          corpus_links: dict | None = None) -> Network:
    """The network of the articles (each read once); speaker edges from the quotes of the ``acts`` (all when
    empty); each name a node of its corpus entity (``corpus_links``, else linked among these articles)."""
    acts = tuple(acts)
    if window not in WINDOWS:
        raise ValueError(f"window must be one of {', '.join(WINDOWS)}")
    entities: list[Entity] = []
    links: list[_ArticleLinks] = []
    for article in articles:
        entities.extend(article.entities)
        links.append(_links(article, window, acts))
    found = linking.link(entities) if corpus_links is None else corpus_links
    merged = views.merge_entities(entities, found)
    ids = _node_ids(merged)
    network = Network(window, [Node(ids[(e.type, e.name)], e.name, e.type, e.mentions, len(e.articles))
                               for e in merged])

    def node(key: tuple[str, str]) -> str | None:
        return ids.get(linking.target(found, *key))

    together: Counter = Counter()
    spoke: Counter = Counter()
    for article in links:
        for named in article.windows:
            present = sorted({n for n in map(node, named) if n})
            together.update(combinations(present, 2))
        for speaker, inside in article.quotes:
            source = node(speaker)
            if source:
                spoke.update((source, t) for t in {n for n in map(node, inside) if n and n != source})
    network.edges = [Edge(a, b, "cooccurrence", w) for (a, b), w in sorted(together.items())]
    network.edges += [Edge(a, b, "quotes", w) for (a, b), w in sorted(spoke.items())]
    return network


def _node_ids(merged: list[Entity]) -> dict[tuple[str, str], str]:
    """A node id per entity: its name, or `name (type)` when entities of two types share the name."""
    types = defaultdict(set)
    for e in merged:
        types[e.name].add(e.type)
    return {(e.type, e.name): e.name if len(types[e.name]) == 1 else f"{e.name} ({e.type})" for e in merged}


def network_of(source, *, window: str = "sentence", acts: Iterable[str] = ()) -> Network:
    """The network of a query source (``newslens.query``: files or the store)."""
    found = source.links() if hasattr(source, "links") else None
    return build(source.whole(), window=window, acts=acts, corpus_links=found)

