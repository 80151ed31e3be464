"""What each command shows: Articles turned into rows (plain dicts), filtered and aggregated.

The CLI renders these rows with ``newslens.output``; library users can feed them to pandas directly.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from newslens import gender, linking
from newslens.filters import QuoteFilter
from newslens.linking import Links
from newslens.records import UNKNOWN_SPEAKER, Article, Entity, Mention, Quote

ENTITY_COLUMNS = ["type", "name", "aliases", "iso3", "role", "affiliation", "country", "mentions", "references",
                  "articles", "article", "gender", "gender_source", "joined"]
MENTION_COLUMNS = ["article", "entity", "type", "iso3", "form", "text", "start", "end"]
QUOTE_COLUMNS = ["article", "speaker", "speaker_type", "role", "affiliation", "speaker_text", "speaker_start",
                 "speaker_end", "cue", "cue_start", "cue_end", "kind", "addressee", "text", "start", "end",
                 "confidence", "act", "spans"]
ARTICLE_COLUMNS = ["article", "title", "author", "source", "published", "section", "words", "people", "countries",
                   "institutions", "quotes", "copy_of"]
SPEAKER_COLUMNS = ["speaker", "speaker_type", "role", "quotes", "direct", "indirect", "mixed", "words",
                   "articles", "gender", "gender_source"]

# What a person reads in each command's table: the columns always shown, then those shown while there is room
# (in this order of preference). CSV and JSON keep every column; --columns chooses others.
ENTITY_TABLE = (("type", "name", "mentions", "articles"),
                ("role", "gender", "aliases", "iso3", "country", "references"))
MENTION_TABLE = (("entity", "type", "text"), ("article", "form", "iso3"))
QUOTE_TABLE = (("speaker", "kind", "text"), ("article", "cue", "role"))
SPEAKER_TABLE = (("speaker", "speaker_type", "quotes", "words", "articles"),
                 ("article", "gender", "role", "direct", "indirect", "mixed"))
ARTICLE_TABLE = (("article", "title", "published", "quotes"), ("source", "people", "countries", "institutions",
                                                              "words", "author"))


def merge_entities(entities: Iterable[Entity], links: Links | None = None) -> list[Entity]:
    """One Entity per real entity among the per-article entities given (streamed: no Article is needed, so a
    corpus is aggregated from files or from the store alike).

    ``links`` (``newslens.linking``) says which per-article names are one entity across the corpus (`Clinton`
    and `Bill Clinton`, `KDP` and `Kurdistan Democratic Party`); without it, they are found among the entities
    given."""
    if links is None:
        entities = list(entities)
        links = linking.link(entities)
    merged = [_merged(key, members, links) for key, members in merge_groups(entities, links).items()]
    merged.sort(key=lambda e: (-(e.mentions + e.references), e.type, e.name))
    return merged


def merge_groups(entities: Iterable[Entity], links: Links | None = None) -> dict[tuple[str, str], list[Entity]]:
    """The per-article entities of each real entity, by the corpus entity's (type, name): ``merge_entities``
    before the merge (a view that needs only some of them merges only those)."""
    if links is None:
        entities = list(entities)
        links = linking.link(entities)
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in entities:
        groups[linking.target(links, entity.type, entity.name)].append(entity)
    return groups


def _merged(key: tuple[str, str], entities: list[Entity], links: Links | None = None) -> Entity:
    """One group's per-article entities as one Entity (of the group's type: `Dole` typed an institution by one
    article is the person of the others), with how its other names were joined."""
    type_, name = key
    aliases = list(dict.fromkeys(n for e in entities for n in (e.name, *e.aliases) if n != name))
    articles_ = tuple(dict.fromkeys(a for e in entities for a in e.articles))
    roles = Counter(e.role for e in entities if e.role)
    first = entities[0]
    genders = gender.combine([e if e.type == type_ else _retyped(e, type_) for e in entities])
    joined = () if links is None else tuple(dict.fromkeys(
        f"{e.name}: {links[(e.type, e.name)].how}" for e in entities if (e.type, e.name) in links))
    return Entity(
        name=name, type=type_, aliases=tuple(aliases), mentions=sum(e.mentions for e in entities),
        references=sum(e.references for e in entities), iso3=first.iso3,
        role=roles.most_common(1)[0][0] if roles else None,
        affiliation=next((e.affiliation for e in entities if e.affiliation), None),
        country=next((e.country for e in entities if e.country), None), articles=articles_,
        gender=genders[0], gender_source=genders[1], joined=joined,
    )


def _retyped(entity: Entity, type_: str) -> Entity:
    """An article's entity under the type the corpus gives it, with the gender its name gives a person."""
    if type_ != "person":
        return replace(entity, type=type_, gender=None, gender_source=None)
    retyped = replace(entity, type=type_)
    found = gender.decide(retyped, ())
    return replace(retyped, gender=found[0], gender_source=found[1])


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


def mention_rows(mentions: Iterable[Mention], *, types: Iterable[str] = (), forms: Iterable[str] = (),
                 links: Mapping | None = None) -> list[dict]:
    """Mention rows, each under the corpus entity its name belongs to (``links``: ``newslens.linking.Links``)."""
    types, forms = set(types), set(forms)
    rows = []
    for m in mentions:
        if forms and m.form not in forms:
            continue
        row = m.to_dict()
        if links:
            row["type"], row["entity"] = linking.target(links, m.type, m.entity)
        if not types or row["type"] in types:
            rows.append(row)
    return rows


def linked_quotes(quotes: Iterable[Quote], links: Mapping | None) -> list[Quote]:
    """The quotes, each person or institution speaker under the name (and type) of its corpus entity."""
    if not links:
        return list(quotes)
    out = []
    for q in quotes:
        if q.speaker and q.speaker_type in ("person", "institution"):
            type_, name = linking.target(links, q.speaker_type, q.speaker)
            if (type_, name) != (q.speaker_type, q.speaker):
                q = replace(q, speaker=name, speaker_type=type_)
        out.append(q)
    return out


def quote_matches(quote: Quote, article: Article | None, *, speaker: str | None = None,
                  kinds: Iterable[str] = (), speaker_types: Iterable[str] = (), acts: Iterable[str] = (),
                  min_confidence: float | None = None, search: str | None = None) -> bool:
    """Whether a quote passes the query commands' filters (each empty: no filter): ``filters.QuoteFilter``, the
    one object that also writes the store's SQL for them. A quote stored before acts existed has none and passes
    as speech; one without a confidence (the rules alone) fails a minimum; ``search`` keeps the quotes whose
    text has its words (``newslens.search``)."""
    return QuoteFilter(kinds=tuple(kinds), acts=tuple(acts), speaker_types=tuple(speaker_types),
                       min_confidence=min_confidence, search=search, speaker=speaker).keeps(quote, article)


def quote_rows(quotes: Iterable[Quote], links: Mapping | None = None) -> list[dict]:
    return [q.to_dict() for q in linked_quotes(quotes, links)]


def speaker_rows(quotes: Iterable[Quote], *, per_article: bool = False,
                 people: Mapping[tuple[str, str], Entity] | None = None) -> list[dict]:
    """Who is quoted most: quotes, words quoted, articles, by kind; ranked by quotes, then words quoted.

    A speaker is its canonical name and type; its role is the one given most often. Quotes whose speaker
    could not be named rank together as `(unknown)`. With ``per_article`` the ranking is per article (rows
    grouped by article, an `article` column first). ``people`` (``people_index``) gives each person speaker's
    gender: from its article's entity with ``per_article``, from the corpus's otherwise."""
    stats: dict[tuple, dict] = {}
    roles: dict[tuple, Counter] = defaultdict(Counter)
    genders: dict[tuple, set] = defaultdict(set)
    for q in quotes:
        key = (q.article if per_article else None, q.speaker or UNKNOWN_SPEAKER, q.speaker_type)
        row = stats.get(key)
        if row is None:
            row = {"speaker": key[1], "speaker_type": key[2], "role": None, "quotes": 0, "direct": 0,
                   "indirect": 0, "mixed": 0, "words": 0, "articles": set(), "gender": None, "gender_source": None}
            if per_article:
                row = {"article": q.article, **row}
            stats[key] = row
        row["quotes"] += 1
        row[q.kind] = row.get(q.kind, 0) + 1
        row["words"] += len(q.text.split())
        row["articles"].add(q.article)
        if q.role:
            roles[key][q.role] += 1
        if q.speaker_type == "person":
            genders[key].add(speaker_gender(q, people or {}))
    for key, row in stats.items():
        if roles[key]:
            row["role"] = roles[key].most_common(1)[0][0]
        row["articles"] = len(row["articles"])
        if genders[key]:
            row["gender"], row["gender_source"] = _one_gender(genders[key])
    order = sorted(stats, key=lambda k: (k[0] or "", -stats[k]["quotes"], -stats[k]["words"], k[1], k[2]))
    return [stats[k] for k in order]


class Said(NamedTuple):
    """Where a speaker is quoted: enough of a Quote to find the speaker's gender (``speaker_gender``)."""

    article: str
    speaker: str
    speaker_type: str


def speaker_genders(quoted: Iterable[Said | Quote], people: Mapping[tuple[str, str], Entity]) -> dict[str, tuple]:
    """speaker -> (gender, gender_source) over the corpus, as ``speaker_rows`` decides it for a person speaker."""
    found: dict[str, set] = defaultdict(set)
    for q in quoted:
        if q.speaker_type == "person" and q.speaker:
            found[q.speaker].add(speaker_gender(q, people))
    return {speaker: _one_gender(genders) for speaker, genders in found.items()}


def _one_gender(found: set[tuple[str, str]]) -> tuple[str, str]:
    """A speaker's gender from those of the people its quotes name: a name that is two people is unknown."""
    return next(iter(found)) if len(found) == 1 else (gender.UNKNOWN, "the name is more than one person in the corpus")


# -- whose voices: the people quoted, by gender, source and month --

SHARE_KEYS = ("gender", "source", "month", "article")
PEOPLE_FIELDS = ("name", "type", "aliases", "mentions", "references", "gender", "gender_source")  # speaker views need
SHARE_COUNTS = ["people", "quotes", "words"]
SHARES = ["people_share", "known_share", "quotes_share", "words_share"]
_MONTH = re.compile(r"\d{4}-\d{2}")


def people_index(entities: Iterable[Entity]) -> dict[tuple[str, str], Entity]:
    """(article, name the article uses for a person) -> the person's Entity, from per-article entities or from
    corpus ones (``merge_entities``: each lists its articles and the names merged into it)."""
    people = [e for e in entities if e.type == "person"]
    index: dict[tuple[str, str], Entity] = {}
    for e in people:
        for article in e.articles:
            index[(article, e.name)] = e
    for e in people:
        for article in e.articles:
            for alias in e.aliases:
                index.setdefault((article, alias), e)
    return index


def corpus_people(entities: Iterable[Entity], quotes: Iterable[Quote | Said],
                  overrides: gender.Overrides | None = None, links: Mapping | None = None,
                  ) -> dict[tuple[str, str], Entity]:
    """``people_index(merge_entities(entities, links))`` (with the ``overrides``) for the person speakers of
    ``quotes`` only (their speakers under their corpus names, ``linked_quotes``): every entity given takes part
    in the merge, but only the groups of someone quoted are merged into Entities (the slow part, on a corpus)."""
    wanted = {(q.article, q.speaker) for q in quotes if q.speaker_type == "person" and q.speaker}
    groups = merge_groups(entities, links)
    chosen = [_merged(key, members, links) for key, members in groups.items()
              if key[0] == "person" and any((a, key[1]) in wanted for e in members for a in e.articles)]
    chosen.sort(key=lambda e: (-(e.mentions + e.references), e.type, e.name))  # as merge_entities orders them
    return people_index(gender.apply_overrides(chosen, overrides))


def article_people(entities: Iterable[Entity], links: Mapping | None, corpus: Mapping[tuple[str, str], Entity],
                   overrides: gender.Overrides | None = None) -> dict[tuple[str, str], Entity]:
    """(article, corpus name) -> the person's entity in that article, with the article's own gender; where the
    article says nothing that decides (a surname alone, an ambiguous first name), the corpus's (``corpus``:
    ``corpus_people``), its source saying so."""
    index: dict[tuple[str, str], Entity] = {}
    for e in gender.apply_overrides(entities, overrides):
        type_, name = linking.target(links or {}, e.type, e.name)
        if type_ != "person":
            continue
        own = e if e.type == "person" else _retyped(e, "person")
        whole = corpus.get((e.articles[0], name)) if e.articles else None
        if whole is not None and not gender.known(own.gender) and gender.known(whole.gender) and not (
                (own.gender_source or "").startswith(gender.OVERRIDE)):
            own = replace(own, gender=whole.gender, gender_source=f"{gender.CORPUS}: {whole.gender_source}")
        for article in e.articles:
            index[(article, name)] = own
    return index


def speaker_gender(quote: Said | Quote, people: Mapping[tuple[str, str], Entity]) -> tuple[str, str]:
    """(gender, gender_source) of a person speaker; a person the entity layer does not list is unknown."""
    entity = people.get((quote.article, quote.speaker or ""))
    if entity is None or not entity.gender:
        return gender.UNKNOWN, f"{gender.NO_EVIDENCE} (not an entity)"
    return entity.gender, entity.gender_source or ""


def quote_person(quote: Quote, people: Mapping[tuple[str, str], Entity]) -> tuple[str | None, str | None, str | None]:
    """(person, gender, gender_source) of a quote as the people views count it (``gender_shares``, the
    store's ``quote_facts`` view, the Parquet export): the corpus person its speaker is (the entity's name, or
    the speaker's when the entity layer does not list them) with that person's gender; three Nones for a quote
    that is no person's (another speaker type, or no speaker found)."""
    if quote.speaker_type != "person" or not quote.speaker:
        return None, None, None
    entity = people.get((quote.article, quote.speaker))
    gender_, evidence = speaker_gender(quote, people)
    return entity.name if entity is not None else quote.speaker, gender_, evidence


def month_of(published: str | None) -> str | None:
    """`2005-03` from an ISO date; None without one."""
    return published[:7] if published and _MONTH.match(published) else None


def share_columns(by: Sequence[str]) -> list[str]:
    return [*by, *SHARE_COUNTS, *(SHARES if "gender" in by else ())]


def gender_shares(quotes: Iterable[Quote], people: Mapping[tuple[str, str], Entity],
                  articles: Mapping[str, Mapping[str, Any]], by: Sequence[str] = ("gender",)) -> list[dict]:
    """Quoted people, their quotes and words quoted, grouped by any of SHARE_KEYS (``gender``, ``source``,
    ``month`` of publication, ``article``). Only people count (institutions and unnamed or unresolved speakers
    have no gender); a person is counted once per group, under the corpus name ``people`` gives them.

    With ``gender`` among the keys, every group has a row for each of female, male and unknown (zero when
    none), and shares within its group: ``people_share`` of all the people quoted (the unknown row's is the
    share left unknown), ``known_share`` of those whose gender is known, ``quotes_share`` and ``words_share``.
    ``articles`` maps an article id to its ``source`` and ``published`` date."""
    by = tuple(by)
    unknown_keys = [k for k in by if k not in SHARE_KEYS]
    if unknown_keys:
        raise ValueError(f"cannot group by {', '.join(unknown_keys)}; one of {', '.join(SHARE_KEYS)}")
    groups: dict[tuple, dict] = {}
    meta: dict[str, tuple[str | None, str | None]] = {}  # article -> (source, month)
    for q in quotes:
        person, known_gender, _ = quote_person(q, people)
        if person is None:
            continue
        if q.article not in meta:
            fields = articles.get(q.article) or {}
            meta[q.article] = (fields.get("source"), month_of(fields.get("published")))
        source, month = meta[q.article]
        values = {"gender": known_gender, "source": source, "month": month, "article": q.article}
        key = tuple(values[k] for k in by)
        row = groups.get(key)
        if row is None:
            row = groups[key] = {**dict(zip(by, key, strict=True)), "people": set(), "quotes": 0, "words": 0}
        row["people"].add(person)
        row["quotes"] += 1
        row["words"] += len(q.text.split())
    if "gender" in by:
        _every_gender(groups, by)
    rows = [{**row, "people": len(row["people"])} for row in groups.values()]
    if "gender" in by:
        _shares(rows, by)
    g = by.index("gender") if "gender" in by else None
    rows.sort(key=lambda r: tuple((r[k] is None, gender.GENDERS.index(r[k]) if n == g else r[k] or "")
                                  for n, k in enumerate(by)))
    return rows


MISSING = {"source": "no source", "month": "no date (or one without a month)"}


def missing_groups(rows: list[dict], by: Sequence[str]) -> list[str]:
    """What a grouping leaves without a value, one message per key: the quotes of articles without a source or
    a date fall in rows with an empty ``source`` or ``month``.

    >>> missing_groups([{"month": None, "quotes": 3}, {"month": "2005-03", "quotes": 1}], ["month"])[0][:41]
    '--by month: 3 of 4 quotes are of articles'
    """
    total = sum(row["quotes"] for row in rows)
    messages = []
    for key in by:
        missing = sum(row["quotes"] for row in rows if key in MISSING and row.get(key) is None)
        if missing:
            messages.append(f"--by {key}: {missing:,} of {total:,} quotes are of articles with {MISSING[key]}: "
                            f"they are counted in the rows with an empty {key}")
    return messages


def _every_gender(groups: dict[tuple, dict], by: tuple[str, ...]) -> None:
    """A row for every gender in every group, zero where no one of it was quoted."""
    g = by.index("gender")
    for key in list(groups):
        for value in gender.GENDERS:
            other = (*key[:g], value, *key[g + 1:])
            groups.setdefault(other, {**dict(zip(by, other, strict=True)), "people": set(), "quotes": 0, "words": 0})


def _shares(rows: list[dict], by: tuple[str, ...]) -> None:
    rest = [k for k in by if k != "gender"]
    totals: dict[tuple, Counter] = defaultdict(Counter)
    for row in rows:
        group = tuple(row[k] for k in rest)
        for count in SHARE_COUNTS:
            totals[group][count] += row[count]
        if gender.known(row["gender"]):
            totals[group]["known"] += row["people"]
    for row in rows:
        total = totals[tuple(row[k] for k in rest)]
        row["people_share"] = _ratio(row["people"], total["people"])
        row["known_share"] = _ratio(row["people"], total["known"]) if gender.known(row["gender"]) else None
        row["quotes_share"] = _ratio(row["quotes"], total["quotes"])
        row["words_share"] = _ratio(row["words"], total["words"])


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
