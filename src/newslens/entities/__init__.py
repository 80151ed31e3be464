"""Who is in an article: spaCy's NER made document-aware (people, countries, institutions, places).

``resolve_entities(doc, article_id)`` returns an EntityIndex: one Entity per real entity, every Mention of it,
and lookups the quote layer uses to resolve speakers.
"""

from newslens.entities.index import EntityIndex
from newslens.entities.resolve import resolve_entities

__all__ = ["EntityIndex", "resolve_entities"]
