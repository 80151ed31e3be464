"""The first-name table: how strongly a given name is gendered female, from the ``nomquamgender`` package (MIT,
Van Buskirk, Clauset and Larremore 2023), read offline from its installed data.

The package states, for some 720,000 names, the number of its 36 sources that know the name, the number of
people they count and p(gf), the estimated probability that a person of that name is gendered female. A name
is ``female`` when p(gf), drawn toward 0.5 by PRIOR people (``shrunk``: the fewer people counted, the more),
is at least 1 - THRESHOLD, ``male`` when at most THRESHOLD, and otherwise (or when the name is missing) it
says nothing: ``Kim`` (0.67), ``Jean`` (0.48), ``Robin`` (0.26) stay unknown.

Loading the package's JSON (22 MB) costs seconds; its keys are written sorted, so a lookup is a binary search
over the file's bytes instead (microseconds, nothing loaded). The file's layout is checked when it is opened;
a layout this module does not know is read whole through ``nomquamgender.dump()``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = "nomquamgender"
# p(gf) at most this is male, at least 1 - this is female (the package's own default is 0.1; 0.25 measured in
# docs/gender.md: on the BBC's article-labelled people, female recall 0.74 -> 0.83 at precision 0.991 -> 0.992)
THRESHOLD = 0.25
# people at p(gf) = 0.5 added to those the sources count before deciding: a rarely counted name's estimate is
# drawn toward even (`Adamu`, 18 people, all men: 0.11, male; `Palaniappan`, 3: 0.31, unknown), a common one's is
# not (docs/gender.md: 5 measured against 0, 10 and 25; the package's own floor was 50 people counted)
PRIOR = 5
_BOUNDARY = b'], "'
_VALUE = re.compile(rb'\s*\[(\d+), (\d+), ([0-9.eE+-]+|NaN)')


@dataclass(frozen=True)
class NameGender:
    name: str  # the key looked up (lower case, no accents)
    gender: str  # female | male | unknown
    p_female: float
    count: int

    def describe(self) -> str:
        return f"first name {self.name} p(female)={self.p_female:.2f}"


class _SortedJSON:
    """Lookups in a JSON object whose keys are written in sorted order, one entry `"key": [sources, count,
    p(gf), ...]` after another, without parsing the whole file."""

    def __init__(self, data: bytes):
        self.data = data

    def _entry_from(self, pos: int) -> tuple[int, str] | None:
        """(start, key) of the first entry that starts at or after pos."""
        if pos <= 1:
            start = 1
        else:
            found = self.data.find(_BOUNDARY, max(0, pos - 3))
            if found < 0:
                return None
            start = found + 3
        end = self.data.find(b'": [', start)
        if end < 0:
            return None
        return start, _key(self.data[start:end + 1])

    def get(self, key: str) -> tuple[int, int, float] | None:
        lo, hi = 0, len(self.data)
        while lo < hi:
            mid = (lo + hi) // 2
            entry = self._entry_from(mid)
            if entry is None or entry[1] >= key:
                hi = mid
            else:
                lo = mid + 1
        entry = self._entry_from(lo)
        if entry is None or entry[1] != key:
            return None
        match = _VALUE.match(self.data, self.data.find(b":", entry[0] + len(key) + 1) + 1)
        if match is None:
            return None
        return int(match.group(1)), int(match.group(2)), float(match.group(3))

    def well_formed(self) -> bool:
        """The layout this reader assumes: an object of sorted keys (checked on a sample of entries)."""
        if not self.data.startswith(b'{"') or not self.data.rstrip().endswith(b"}"):
            return False
        keys = []
        for k in range(64):
            entry = self._entry_from(len(self.data) * k // 64)
            if entry is None:
                return False
            keys.append(entry[1])
        return keys == sorted(keys) and all(self.get(key) is not None for key in keys[::8])


class _Loaded:
    """The whole table as a dict (the fallback for a layout the sorted reader does not know)."""

    def __init__(self, table: dict):
        self.table = table

    def get(self, key: str) -> tuple[int, int, float] | None:
        value = self.table.get(key)
        return (int(value[0]), int(value[1]), float(value[2])) if value else None


def _key(raw: bytes) -> str:
    text = raw.decode("ascii", "replace")
    return json.loads(text) if "\\" in text else text[1:-1]


def data_file() -> Path | None:
    """The package's name data, found without importing it (its import loads the data and pandas)."""
    import importlib.util

    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    return path if path.is_file() else None


@cache
def data_version() -> str:
    """The installed package's version (part of the analysis version: another table, another analysis)."""
    from importlib import metadata  # not at import: the store's queries never need it

    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "none"


@cache
def _table():
    path = data_file()
    if path is None:
        return None
    reader = _SortedJSON(path.read_bytes())
    if reader.well_formed():
        return reader
    import nomquamgender  # a layout this module does not know: the package's own reader (slow)

    return _Loaded(nomquamgender.dump())


def available() -> bool:
    return _table() is not None


def _lookup_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


@cache
def first_name_gender(name: str) -> NameGender | None:
    """What the table says of a first name; None when it has no entry (or the package is not installed)."""
    table = _table()
    key = _lookup_key(name)
    if table is None or not key:
        return None
    found = table.get(key)
    if found is None:
        return None
    _, count, p_female = found
    if p_female != p_female:  # NaN
        return None
    drawn = shrunk(p_female, count)
    gender = "female" if drawn >= 1 - THRESHOLD else "male" if drawn <= THRESHOLD else "unknown"
    return NameGender(key, gender, p_female, count)


def shrunk(p_female: float, count: int) -> float:
    """p(gf) drawn toward 0.5 by PRIOR people: what a name of few people counted can be trusted to say.

    >>> round(shrunk(0.0, 18), 2), round(shrunk(0.0, 3), 2), round(shrunk(0.99, 400000), 2)
    (0.11, 0.31, 0.99)
    """
    return (p_female * count + 0.5 * PRIOR) / (count + PRIOR) if count + PRIOR else 0.5


__all__ = ["PRIOR", "THRESHOLD", "NameGender", "available", "data_version", "first_name_gender", "shrunk"]
