"""Who said what: direct, indirect and mixed quotes with their speakers.

``extract_quotes(doc, index, article_id)`` returns Quote records; the entity index resolves speakers.
"""

from newslens.quotes.attribute import extract_quotes

__all__ = ["extract_quotes"]
