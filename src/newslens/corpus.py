"""The library's jobs, as the command line runs them: analyse files (through the cache, or not), add paths to
the corpus store (skipping articles stored and unchanged), and open what a query command reads (the files
given, or the store).

Each takes a ``Reading`` (how inputs are read, and where their problems are told) and a ``progress`` tracker,
told of each article done and of the end of the work.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from newslens.engine import Engine
from newslens.errors import InputError, NoStore, StoreError
from newslens.filters import ArticleFilter, article_filter, values_of
from newslens.linking import LinkOverrides
from newslens.query import ArticleSource, Source, StoreSource
from newslens.readers import MAX_CHARS, Document, read_files
from newslens.records import Article, Entity
from newslens.store import EDITABLE, Store, acts_of, analysis_version, default_path

OnError = Callable[[str, str], None]
RELINK_EVERY = 1000  # articles added between two linkings of the corpus's names (newslens.linking)
OnWarning = Callable[[str], None]


class Progress(Protocol):
    def advance(self, count: int = 1) -> None: ...

    def piece(self, article: str, done: int, total: int) -> None: ...

    def finish(self) -> None: ...


class _Silent:
    def advance(self, count: int = 1) -> None:
        pass

    def piece(self, article: str, done: int, total: int) -> None:
        pass

    def finish(self) -> None:
        pass


def _nothing(*_args) -> None:
    pass


@dataclass(frozen=True)
class Reading:
    """How inputs are read. ``on_error(id, message)`` hears of an input, or a record of an export, that could not
    be read, and the rest are read; without it (``strict``) the first problem raises ReadError.
    ``on_warning(message)`` hears of what was read with a doubt (an encoding assumed) and of files of a folder
    that are no article. ``max_chars`` caps an article; ``stdin_id`` names what stdin holds; ``metadata``
    (source, section, published, ...) is given to every article read, over what its file says."""

    on_error: OnError | None = None
    on_warning: OnWarning | None = None
    max_chars: int = MAX_CHARS
    stdin_id: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()

    def read(self, paths: Iterable[str]) -> Iterator[tuple[int, Document]]:
        warn = self.on_warning or _nothing
        given = dict(self.metadata)
        for number, document in read_files(paths, on_error=self.on_error, max_chars=self.max_chars,
                                           stdin_id=self.stdin_id, on_skip=lambda id, why: warn(f"{id}: {why}")):
            for message in document.warnings:
                warn(message)
            yield number, replace(document, **given) if given else document


def open_cache(db: str | Path | None = None, *, on_warning: OnWarning | None = None) -> Store | None:
    """The store, to serve as the analysis cache; None, with a warning, when it cannot be opened or created (a
    read-only home, say): the analysis runs all the same, without it."""
    try:
        return Store(db)
    except (OSError, StoreError) as err:
        (on_warning or _nothing)(f"no cache ({err}); analyzing without it")
        return None


def analyze_paths(paths: Iterable[str], *, cache: Store | None = None, model: str | None = None,
                  jobs: int | None = None, keep: ArticleFilter | None = None, reading: Reading = Reading(),
                  progress: Progress | None = None) -> Iterator[Article]:
    """The Articles of every file under the paths, in order, each analysed at most once per content, model and
    analysis version when a ``cache`` (a Store) is given. ``keep`` drops articles before they are analysed."""
    items: Iterable[tuple[int, Document]] = reading.read(paths)
    if keep:
        items = ((n, d) for n, d in items if keep.keeps_document(d))
    progress = progress or _Silent()
    for article in Engine(model=model, jobs=jobs, store=cache, on_piece=progress.piece).run(items):
        yield article
        progress.advance()
    progress.finish()


@dataclass
class Added:
    """What ``add_paths`` did."""

    added: int = 0
    unchanged: int = 0  # stored before, with the same text, model and analysis version: skipped
    retagged: int = 0  # of those, stored with other metadata: the metadata updated, the analysis kept
    analyzed: int = 0
    cached: int = 0  # taken from the analysis cache (the same text stored under another id, say)
    backend: str = "none"
    seconds: float = 0.0


def add_paths(store: Store, paths: Iterable[str], *, model: str | None = None, jobs: int | None = None,
              engine: str = "local", scheduler: str | None = None, reading: Reading = Reading(),
              progress: Progress | None = None) -> Added:
    """Analyse the articles under the paths and store them in the corpus. An article already stored under its
    id with the same text, model and analysis version is not analysed again: its metadata is updated where the
    input gives other values (``new_metadata``); a changed one is analysed again."""
    started = time.perf_counter()
    progress = progress or _Silent()
    runner = Engine(model=model, jobs=jobs, store=store, engine=engine, scheduler=scheduler, on_piece=progress.piece)
    model_key, version = runner.model_id, analysis_version()
    report = Added()

    def changed(item: tuple[int, Document]) -> bool:
        document = item[1]
        if store.stored(document.id) == (document.digest, model_key, version):
            report.unchanged += 1
            changes = new_metadata(document, store.metadata(document.id) or {})
            if changes:
                store.tag([document.id], changes)
                report.retagged += 1
            progress.advance()
            return False
        return True

    with store.batch():  # the analyses and articles written a batch per transaction (``Store.batch``)
        for article in runner.run(filter(changed, reading.read(paths))):
            # the corpus's names are linked once per RELINK_EVERY articles (and for the last few, below)
            store.add(article, model_key, version=version, relink=False)
            report.added += 1
            if report.added % RELINK_EVERY == 0:
                store.relink()
            progress.advance()
    store.relink()
    progress.finish()
    report.analyzed, report.cached, report.backend = runner.stats.analyzed, runner.stats.cached, runner.stats.backend
    report.seconds = time.perf_counter() - started
    return report


def new_metadata(document: Document, stored: dict[str, object]) -> dict[str, str]:
    """The metadata an input gives a stored article that differs from what is stored (a value the input does
    not give is kept: re-adding a file without a source keeps the source a `tag` gave it)."""
    given = {name: getattr(document, name) for name in EDITABLE}
    return {name: value for name, value in given.items() if value is not None and stored.get(name) != value}


@contextmanager
def query_source(files: Iterable[str], *, db: str | Path | None = None, cache: bool = True,
                 model: str | None = None, jobs: int | None = None, keep: ArticleFilter | None = None,
                 reading: Reading = Reading(), progress: Progress | None = None, with_copies: bool = False,
                 link_overrides: LinkOverrides | None = None) -> Iterator[Source]:
    """What a query command reads: the ``files`` given, analysed (through the cache unless ``cache`` is False),
    or, with no file, the corpus store at ``db``, filtered by ``keep`` either way; each story counted once
    (copies, ``newslens.copies``, left out) unless ``with_copies``; names linked across the corpus
    (``newslens.linking``), with the user's ``link_overrides``."""
    files = list(files)
    if files:
        store = open_cache(db, on_warning=reading.on_warning) if cache else None
        articles = analyze_paths(files, cache=store, model=model, jobs=jobs, keep=keep, reading=reading,
                                 progress=progress)
        try:
            yield ArticleSource(articles, with_copies=with_copies, link_overrides=link_overrides)
        finally:
            articles.close()  # a --limit may stop reading early: stop the engine before the store closes
            if store is not None:
                store.close()
        return
    path = db or default_path()
    try:
        store = Store(path, create=False, readonly=True)
    except NoStore:
        (reading.on_warning or _nothing)(f"no articles stored yet at {path}: add some with 'newslens add PATH...', "
                                         "or give FILEs")
        yield ArticleSource(())
        return
    with store:
        store.relink()  # names counted by an add that stopped before linking them
        for message in unknown_filter_values(store, keep):
            (reading.on_warning or _nothing)(message)
        yield StoreSource(store, keep or None, with_copies=with_copies, link_overrides=link_overrides)


def store_info(db: str | Path | None = None) -> dict[str, object]:
    """Where the store is and what it holds (zeros when there is none yet)."""
    path = Path(db).expanduser() if db else default_path()
    info: dict[str, object] = {"store": str(path), "articles": 0, "entities": 0, "mentions": 0, "quotes": 0,
                               "cached": 0, "bytes": 0}
    if path.exists():
        with Store(path, create=False, readonly=True) as store:
            counts = store.counts()
        info.update({name: counts[name] for name in ("articles", "entities", "mentions", "quotes")},
                    cached=counts["analyses"], bytes=path.stat().st_size)
    return info


# -- outputs that would destroy what a run reads -----------------------------------------------------------------

STORE_COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a store


def _same_file(a: str | Path, b: str | Path) -> bool:
    """One file under two paths: the same path once links are resolved, or the same inode (a hard link)."""
    import os

    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _guarded(inputs: Iterable[str], db: str | Path | None) -> list[tuple[Path, str]]:
    """(file, what it is) for every file a run reads or keeps: the store and its companions, the input files."""
    store = Path(db).expanduser() if db else default_path()
    guarded = [(store, "the store")]
    guarded += [(Path(f"{store}{end}"), f"the store's {end[1:].upper()} file") for end in STORE_COMPANIONS]
    return guarded + [(Path(f), "an input of this run") for f in inputs if f != "-" and not Path(f).is_dir()]


def output_clash(target: str | Path, *, inputs: Iterable[str] = (), db: str | Path | None = None,
                 suffix: str | None = None) -> str | None:
    """What writing ``target`` would destroy, or None when it is safe: the store (``db``, else the default one,
    with its WAL, SHM and journal files), an input of this run, or an article an input folder holds.
    ``suffix``: ``target`` is a folder, and the files written in it end so (``.png``, ``.parquet``).

    >>> output_clash("story.txt", inputs=["story.txt"])
    'an input of this run'
    >>> output_clash("quotes.csv", inputs=["story.txt"], db="corpus.db") is None
    True
    """
    from newslens.readers import reads_from_folder

    inputs = list(inputs)
    folders = [f for f in inputs if f != "-" and Path(f).is_dir()]
    for path, what in _guarded(inputs, db):
        if suffix is None and _same_file(target, path):
            return what
        if suffix is not None and path.suffix.lower() == suffix and _same_file(path.parent, target):
            return f"the folder of {what} ({path.name})"
    probe = Path(target) if suffix is None else Path(target) / f"x{suffix}"
    for folder in folders:
        if (suffix is not None or probe.exists()) and reads_from_folder(folder, probe):
            return f"an article in the input folder {folder}"
    return None


# -- the corpus views as library calls (newslens.corpus_entities, newslens.corpus_speakers) ----------------------

@contextmanager
def corpus_source(corpus=None, *, source: str | Iterable[str] = (), since: str | None = None,
                  until: str | None = None, article: str | Iterable[str] = (), with_copies: bool = False,
                  section: str | Iterable[str] = ()) -> Iterator[Source]:
    """What a library view reads, as a query command reads it: a Store (or the path of one; None: the default
    store, which must exist), an Article or some Articles, with the command line's filters."""
    keep = article_filter(source=source, since=since, until=until, article=article, section=section)
    if isinstance(corpus, Store):
        yield StoreSource(corpus, keep, with_copies=with_copies)
        return
    if corpus is None or isinstance(corpus, str | Path):
        with Store(corpus, create=False) as store:
            yield StoreSource(store, keep, with_copies=with_copies)
        return
    articles = [corpus] if isinstance(corpus, Article) else list(corpus)
    if not all(isinstance(a, Article) for a in articles):
        raise InputError("a corpus is a Store, the path of one, or Articles (newslens.analyze_many)")
    if keep:
        articles = [a for a in articles if keep.keeps(a.id, a.source, a.published, a.section)]
    yield ArticleSource(articles, with_copies=with_copies)


def _overrides(genders):
    """--genders as the library takes it: the path of a name,gender file, or Overrides already read."""
    if genders is None or not isinstance(genders, str | Path):
        return genders
    from newslens.gender import read_overrides

    return read_overrides(str(genders))


def corpus_entities(corpus=None, *, type: str | Iterable[str] = (), genders=None, **filters) -> list[Entity]:
    """``newslens entities``: the corpus's entities merged across articles (``newslens.corpus_entities``)."""
    from newslens.query import merged_entities

    with corpus_source(corpus, **filters) as source:
        return merged_entities(source, types=values_of(type), genders=_overrides(genders))


def corpus_speakers(corpus=None, *, speaker_type: str | Iterable[str] = (), act: str | Iterable[str] | None = "speech",
                    per_article: bool = False, genders=None, limit: int | None = None, **filters) -> list[dict]:
    """``newslens speakers``: who is quoted most, a row per speaker (``newslens.corpus_speakers``)."""
    from newslens.query import arrange, speaker_rows

    with corpus_source(corpus, **filters) as source:
        batches = speaker_rows(source, speaker_types=values_of(speaker_type), acts=acts_of(act),
                               per_article=per_article, genders=_overrides(genders), limit=limit)
        return [row for batch in arrange(batches, limit=limit) for row in batch]


def corpus_summary(corpus=None, *, top: int = 10, act: str | Iterable[str] | None = "speech", **filters) -> dict:
    """``newslens summary``: the corpus at a glance, as the JSON the command writes (``newslens.corpus_summary``)."""
    from newslens.summary import summarize

    with corpus_source(corpus, **filters) as source:
        return summarize(source, top=top, acts=acts_of(act))


def corpus_network(corpus=None, *, window: str = "sentence", act: str | Iterable[str] | None = "speech",
                   **filters):
    """``newslens network``: who appears with whom, a ``newslens.network.Network`` (``newslens.corpus_network``)."""
    from newslens.network import network_of

    if window not in ("sentence", "article"):
        raise InputError(f"window: 'sentence' or 'article', not {window!r}")
    with corpus_source(corpus, **filters) as source:
        return network_of(source, window=window, acts=acts_of(act))


# -- editing the store: metadata, removal, and filters that match nothing ---------------------------------------

def unknown_filter_values(store: Store, keep: ArticleFilter | None) -> list[str]:
    """A message for each --source or --section value no stored article has, with the stored values like it
    (`bbc`: `BBC News`), or the commonest ones when none is like it."""
    messages = []
    for column, asked in (("source", keep.sources if keep else ()), ("section", keep.sections if keep else ())):
        for value in asked:
            if store.has_value(column, value):
                continue
            counts = store.values_of(column)
            if any(value.casefold() == v.casefold() for v in counts):
                continue  # equal once case-folded beyond ASCII: the filter keeps it
            messages.append(_no_such_value(column, value, counts))
    return messages


def _no_such_value(column: str, value: str, counts: dict[str, int]) -> str:
    import difflib

    if not counts:
        return f"no stored article has a {column}: --{column} {value!r} keeps nothing"
    folded = {v.casefold(): v for v in counts}
    wanted = value.casefold()
    like = [v for f, v in folded.items() if wanted in f or f in wanted]
    like += [folded[f] for f in difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.6)]
    like = list(dict.fromkeys(like))[:5]
    shown = like or list(counts)[:5]
    listed = ", ".join(f"{v!r} ({counts[v]:,} article{'s' if counts[v] != 1 else ''})" for v in shown)
    return (f"no stored article has the {column} {value!r}: keeping nothing; "
            f"{'the stored ' + column + 's like it' if like else 'the commonest ' + column + 's'}: {listed}")


@dataclass
class Removed:
    """What ``remove_articles`` did: articles removed, and copies of removed stories kept (``relinked``), each
    story's first copy now its original (``promoted``)."""

    removed: int = 0
    relinked: int = 0
    promoted: int = 0


def chosen_ids(store: Store, keep: ArticleFilter | None) -> list[str]:
    """The stored articles `tag` and `remove` act on: every one the filter keeps, copies included (a copy is an
    article under its own id)."""
    return store.ids(keep or None, with_copies=True)


def tag_articles(store: Store, keep: ArticleFilter | None, values: dict[str, str | None]) -> int:
    """Set the metadata ``values`` of the stored articles the filter keeps; how many (no analysis is run)."""
    return store.tag(chosen_ids(store, keep), values)


def remove_articles(store: Store, keep: ArticleFilter | None) -> Removed:
    """Remove the stored articles the filter keeps (copies of a removed story that are not removed stay, the
    first one its original now)."""
    ids = chosen_ids(store, keep)
    left = store.copies_of(ids)
    report = Removed(relinked=sum(map(len, left.values())), promoted=len(left))
    report.removed = store.remove_many(ids)
    return report
