"""What each command shows: Articles turned into rows (plain dicts), filtered and aggregated.

The CLI renders these rows with ``newslens.output``; library users can feed them to pandas directly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from newslens.names import speaker_matches, speaker_names
from newslens.records import UNKNOWN_SPEAKER, Article, Entity, Mention, Quote

ENTITY_COLUMNS = ["type", "name", "aliases", "iso3", "role", "affiliation", "country", "mentions", "references",
                  "articles", "article"]
MENTION_COLUMNS = ["article", "entity", "type", "iso3", "form", "text", "start", "end"]
QUOTE_COLUMNS = ["article", "speaker", "speaker_type", "role", "affiliation", "speaker_text", "speaker_start",
                 "speaker_end", "cue", "cue_start", "cue_end", "kind", "addressee", "text", "start", "end",
                 "confidence"]
ARTICLE_COLUMNS = ["article", "title", "author", "source", "published", "section", "words", "people", "countries",
                   "institutions", "quotes", "copy_of"]
SPEAKER_COLUMNS = ["speaker", "speaker_type", "role", "quotes", "direct", "indirect", "mixed", "words",
                   "articles"]

# What a person reads in each command's table: the columns always shown, then those shown while there is room
# (in this order of preference). CSV and JSON keep every column; --columns chooses others.
ENTITY_TABLE = (("type", "name", "mentions", "articles"), ("role", "aliases", "iso3", "country", "references"))
MENTION_TABLE = (("entity", "type", "text"), ("article", "form", "iso3"))
QUOTE_TABLE = (("speaker", "kind", "text"), ("article", "cue", "role"))
SPEAKER_TABLE = (("speaker", "speaker_type", "quotes", "words", "articles"), ("article", "role", "direct", "indirect",
                                                                            "mixed"))
ARTICLE_TABLE = (("article", "title", "published", "quotes"), ("source", "people", "countries", "institutions",
                                                              "words", "author"))


def merge_entities(entities: Iterable[Entity]) -> list[Entity]:
    """One Entity per real entity among the per-article entities given (streamed: no Article is needed, so a
    corpus is aggregated from files or from the store alike).

    A one-word person name (`Putin`) joins the only full name in the corpus that ends or starts with it
    (`Vladimir Putin`); a name that is one other entity's alias joins it (`SCO`)."""
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in entities:
        groups[(entity.type, entity.name)].append(entity)
    by_word: dict[str, set[str]] = defaultdict(set)
    for type_, name in groups:
        if type_ == "person" and len(name.split()) >= 2:
            parts = name.split()
            by_word[parts[-1]].add(name)
            by_word[parts[0]].add(name)
    for type_, name in list(groups):
        if type_ == "person" and len(name.split()) == 1 and len(by_word.get(name, ())) == 1:
            target = ("person", next(iter(by_word[name])))
            groups[target].extend(replace(e, aliases=(*e.aliases, e.name)) for e in groups.pop((type_, name)))
    # A name that one other entity of its type has as an alias (`SCO` of `Shanghai Cooperation Organization`),
    # or writes otherwise only in case (`SANTA ILDA`), joins that entity.
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (type_, name), members in groups.items():
        for alias in {a for e in members for a in e.aliases} | {name}:
            owners[(type_, alias.casefold())].add(name)
    for type_, name in sorted(groups, key=lambda key: not key[1].isupper()):
        targets = owners[(type_, name.casefold())] - {name}
        target = (type_, next(iter(targets))) if len(targets) == 1 else None
        if target in groups and (type_, name) in groups:
            groups[target].extend(replace(e, aliases=(*e.aliases, e.name)) for e in groups.pop((type_, name)))
    merged = []
    for (type_, name), entities in groups.items():
        aliases = list(dict.fromkeys(a for e in entities for a in e.aliases if a != name))
        articles_ = tuple(dict.fromkeys(a for e in entities for a in e.articles))
        roles = Counter(e.role for e in entities if e.role)
        first = entities[0]
        merged.append(Entity(
            name=name, type=type_, aliases=tuple(aliases), mentions=sum(e.mentions for e in entities),
            references=sum(e.references for e in entities), iso3=first.iso3,
            role=roles.most_common(1)[0][0] if roles else None,
            affiliation=next((e.affiliation for e in entities if e.affiliation), None),
            country=next((e.country for e in entities if e.country), None), articles=articles_,
        ))
    merged.sort(key=lambda e: (-(e.mentions + e.references), e.type, e.name))
    return merged


def entity_rows(entities: Iterable[Entity], *, types: Iterable[str] = ()) -> list[dict]:
    types = set(types)
    rows = []
    for e in entities:
        if types and e.type not in types:
            continue
        row = e.to_dict()
        row["article"] = e.articles[0] if len(e.articles) == 1 else None
        row["articles"] = len(e.articles)
        rows.append(row)
    return rows


def mention_rows(mentions: Iterable[Mention], *, types: Iterable[str] = (), forms: Iterable[str] = ()) -> list[dict]:
    types, forms = set(types), set(forms)
    return [m.to_dict() for m in mentions if (not types or m.type in types) and (not forms or m.form in forms)]


def quote_matches(quote: Quote, article: Article | None, *, speaker: str | None = None,
                  kinds: Iterable[str] = (), speaker_types: Iterable[str] = ()) -> bool:
    kinds, speaker_types = set(kinds), set(speaker_types)
    if kinds and quote.kind not in kinds:
        return False
    if speaker_types and quote.speaker_type not in speaker_types:
        return False
    return not speaker or speaker_matches(speaker, speaker_names(quote, article))


def quote_rows(quotes: Iterable[Quote]) -> list[dict]:
    return [q.to_dict() for q in quotes]


def speaker_rows(quotes: Iterable[Quote], *, per_article: bool = False) -> list[dict]:
    """Who is quoted most: quotes, words quoted, articles, by kind; ranked by quotes, then words quoted.

    A speaker is its canonical name and type; its role is the one given most often. Quotes whose speaker
    could not be named rank together as `(unknown)`. With ``per_article`` the ranking is per article (rows
    grouped by article, an `article` column first)."""
    stats: dict[tuple, dict] = {}
    roles: dict[tuple, Counter] = defaultdict(Counter)
    for q in quotes:
        key = (q.article if per_article else None, q.speaker or UNKNOWN_SPEAKER, q.speaker_type)
        row = stats.get(key)
        if row is None:
            row = {"speaker": key[1], "speaker_type": key[2], "role": None, "quotes": 0, "direct": 0,
                   "indirect": 0, "mixed": 0, "words": 0, "articles": set()}
            if per_article:
                row = {"article": q.article, **row}
            stats[key] = row
        row["quotes"] += 1
        row[q.kind] = row.get(q.kind, 0) + 1
        row["words"] += len(q.text.split())
        row["articles"].add(q.article)
        if q.role:
            roles[key][q.role] += 1
    for key, row in stats.items():
        if roles[key]:
            row["role"] = roles[key].most_common(1)[0][0]
        row["articles"] = len(row["articles"])
    order = sorted(stats, key=lambda k: (k[0] or "", -stats[k]["quotes"], -stats[k]["words"], k[1], k[2]))
    return [stats[k] for k in order]
