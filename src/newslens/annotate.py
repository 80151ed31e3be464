"""The annotated article that ``newslens show`` draws: the text cut into runs that each carry what is marked
there (the entity named, the quote, the speaker or cue of a quote), paragraph by paragraph, with the quotes
numbered and the people listed. Built from an Article's records alone (from files or the store), so that the
terminal and the HTML page show exactly the rows the other commands print.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from newslens import views
from newslens.records import Article, Mention, Quote
from newslens.text import paragraphs

MARKED_FORMS = ("name", "alias", "acronym", "demonym")  # pronouns are marked only where they are a speaker


@dataclass(frozen=True)
class NumberedQuote:
    """A quote with its number in the article (1, 2, ... in reading order) and the name to show for its
    speaker."""

    number: int
    quote: Quote

    @property
    def speaker(self) -> str:
        return self.quote.speaker or self.quote.speaker_text or "(unknown)"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one set of marks: inside quote ``quote`` (a number), naming ``entity``, the
    speaker of the quotes ``speaker_of``, the cue of the quotes ``cue_of``."""

    text: str
    start: int
    end: int
    quote: int | None = None
    entity: Mention | None = None
    speaker_of: tuple[int, ...] = ()
    cue_of: tuple[int, ...] = ()


@dataclass(frozen=True)
class Person:
    """A row of the people list: a person (or another speaker) with how often they are named and quoted."""

    name: str
    type: str
    role: str | None
    mentions: int
    quotes: int


@dataclass(frozen=True)
class AnnotatedArticle:
    article: Article
    paragraphs: tuple[tuple[Run, ...], ...]
    notes: tuple[tuple[NumberedQuote, ...], ...]  # per paragraph: the quotes that end there (their side notes)
    quotes: tuple[NumberedQuote, ...]
    people: tuple[Person, ...]


def annotate_source(source) -> Iterator[AnnotatedArticle]:
    """Every article of a query source (``newslens.query``: files or the store), annotated."""
    for article in source.whole():
        yield annotate(article)


def annotate(article: Article) -> AnnotatedArticle:
    quotes = tuple(NumberedQuote(n, q) for n, q in enumerate(sorted(article.quotes, key=lambda q: q.start), 1))
    mentions = sorted((m for m in article.mentions if m.form in MARKED_FORMS or _is_speaker(m, article.quotes)),
                      key=lambda m: (m.start, -m.end))
    spans = paragraphs(article.text)
    runs = tuple(_runs(article.text, start, end, mentions, quotes) for start, end in spans)
    notes: list[list[NumberedQuote]] = [[] for _ in spans]
    for q in quotes:  # in the last paragraph that starts before the quote ends
        where = max((n for n, (start, _) in enumerate(spans) if start < q.quote.end), default=0)
        if notes:
            notes[where].append(q)
    return AnnotatedArticle(article, runs, tuple(map(tuple, notes)), quotes, tuple(people(article)))


def _is_speaker(mention: Mention, quotes: tuple[Quote, ...]) -> bool:
    return any(q.speaker_start == mention.start and q.speaker_end == mention.end for q in quotes)


def _runs(text: str, start: int, end: int, mentions: list[Mention], quotes: tuple[NumberedQuote, ...],
          ) -> tuple[Run, ...]:
    """The paragraph text[start:end] cut where any mark starts or ends; neighbours with the same marks joined.
    A quote marks each of its fragments (``Quote.spans``), not the attribution between them."""
    here = [m for m in mentions if m.start < end and m.end > start]
    quoted = [q for q in quotes if q.quote.start < end and q.quote.end > start]
    cuts = {start, end}
    for m in here:
        cuts.update((m.start, m.end))
    for q in quoted:
        for a, b in q.quote.spans:
            cuts.update((a, b))
        for a, b in ((q.quote.speaker_start, q.quote.speaker_end), (q.quote.cue_start, q.quote.cue_end)):
            if a is not None and b is not None:
                cuts.update((a, b))
    points = sorted(p for p in cuts if start <= p <= end)
    runs: list[Run] = []
    for a, b in pairwise(points):
        run = Run(
            text[a:b], a, b,
            quote=next((q.number for q in quoted if any(s <= a and b <= e for s, e in q.quote.spans)), None),
            entity=next((m for m in here if m.start <= a and b <= m.end), None),
            speaker_of=tuple(q.number for q in quoted if _within(a, b, q.quote.speaker_start, q.quote.speaker_end)),
            cue_of=tuple(q.number for q in quoted if _within(a, b, q.quote.cue_start, q.quote.cue_end)),
        )
        last = runs[-1] if runs else None
        if last and (last.quote, last.entity, last.speaker_of, last.cue_of) == (
                run.quote, run.entity, run.speaker_of, run.cue_of):
            runs[-1] = Run(last.text + run.text, last.start, b, run.quote, run.entity, run.speaker_of, run.cue_of)
        else:
            runs.append(run)
    return tuple(runs)


def _within(a: int, b: int, start: int | None, end: int | None) -> bool:
    return start is not None and end is not None and start <= a and b <= end


def people(article: Article) -> list[Person]:
    """The people of the article (most named first) with their quote counts, then the other speakers quoted
    (institutions, unnamed sources): the rows of ``entities`` and ``speakers`` for this one article."""
    speakers = {(row["speaker"], row["speaker_type"]): row for row in views.speaker_rows(article.quotes)}
    entities = views.entity_rows(views.merge_entities(article.entities))
    found: list[Person] = []
    for row in entities:
        spoke = speakers.pop((row["name"], row["type"]), None)
        if row["type"] == "person" or spoke:
            found.append(Person(row["name"], row["type"], row["role"] or (spoke or {}).get("role"),
                                row["mentions"], spoke["quotes"] if spoke else 0))
    found += [Person(name, type_, row["role"], 0, row["quotes"]) for (name, type_), row in speakers.items()]
    found.sort(key=lambda p: (p.type != "person", -p.quotes, -p.mentions, p.name))
    return found

