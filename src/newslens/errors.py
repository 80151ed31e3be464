"""The exceptions newslens raises on purpose: one family, so that a caller (the command line among them) can
tell a problem with the input, the model or the store from a bug. The CLI turns a ``NewslensError`` into one
line and exit status 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class NewslensError(Exception):
    """Something newslens cannot do with what it was given: the message says what and, where it can, how to
    fix it."""


class ModelNotFound(NewslensError):
    """No usable spaCy pipeline is installed under the requested name."""


class ReadError(NewslensError):
    """A file that could not be read as an article."""


class StoreError(NewslensError):
    """The store file cannot be opened or used, or is not a newslens store."""


class NoStore(StoreError):
    """There is no store at the path (and none was to be created)."""


class EngineError(NewslensError):
    """An engine that cannot run (Dask missing, a scheduler out of reach, a worker with another model)."""


class ExportError(NewslensError):
    """The export cannot be written (pyarrow missing)."""


class OutputError(NewslensError):
    """An output that cannot be written to the end (a full disk, a closed stream); what the target held is
    left as it was."""


class NothingFound(NewslensError):
    """A view was asked for articles and none matched (no such id in the store, filters that keep nothing)."""


class GenderFileError(NewslensError):
    """A --genders override file that cannot be read, or a line of it that is not `name,gender`."""


class InputError(NewslensError, ValueError):
    """An item ``newslens.analyze`` or ``analyze_many`` cannot analyze (not a text, a dict without one), or a
    query filter it cannot read (a date that is not one)."""


class QueryError(NewslensError):
    """An SQL query (``newslens sql``) that SQLite cannot run, or one that would write to the store."""


class LinkFileError(NewslensError):
    """A --links override file that cannot be read, or a line of it that is not `name,entity`."""
