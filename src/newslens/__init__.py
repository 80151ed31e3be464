"""newslens: who is in the news and who said what.

The library API returns frozen dataclasses; the command line (``newslens``) is a thin layer over it.

    >>> import newslens
    >>> article = newslens.analyze('"We will win," Gao said.')
    >>> [(q.speaker, q.text) for q in article.quotes]
"""

from newslens.errors import NewslensError
from newslens.records import Article, Entity, Mention, Quote
from newslens.version import ANALYSIS_VERSION, __version__

__all__ = ["ANALYSIS_VERSION", "Article", "Entity", "Mention", "NewslensError", "Quote", "__version__", "analyze",
           "analyze_many", "to_frame"]


def analyze(text: str, *, id: str = "<text>", model: str | None = None) -> Article:
    """Analyze one article's text and return its entities, mentions and quotes."""
    from newslens.readers import from_text

    return next(analyze_many([from_text(text, id)], model=model))


def analyze_many(texts, *, model: str | None = None, jobs: int | None = 1):
    """Analyze many texts (strings or ``newslens.readers.Document``); yields one Article each, in order.

    ``jobs=N`` runs the analysis in N worker processes (None: one process for small inputs, every core for large
    ones), through the same engine as the command line."""
    from newslens.engine import Engine
    from newslens.readers import Document, from_text

    documents = (t if isinstance(t, Document) else from_text(t, f"<text {n}>") for n, t in enumerate(texts, 1))
    return Engine(model=model, jobs=jobs).analyze(documents)


def to_frame(records):
    """A pandas DataFrame from records (Mentions, Quotes, Entities, Articles' summaries) or row dicts.

    >>> newslens.to_frame(article.quotes).groupby("speaker").size()
    """
    import pandas as pd

    from newslens.records import Article as _Article

    rows = []
    for record in records:
        if isinstance(record, _Article):
            rows.append(record.summary())
        elif isinstance(record, dict):
            rows.append(record)
        else:
            rows.append(record.to_dict())
    return pd.DataFrame(rows)
