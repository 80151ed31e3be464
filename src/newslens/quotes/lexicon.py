"""The quote layer's lexicons, read once from data files under ``models/``."""

from __future__ import annotations

from functools import cache

from newslens.resources import read_lines, read_table, read_words


@cache
def cue_classes() -> dict[str, str]:
    """Inflected cue form (lower case) -> class (speech | report | belief), from models/cues.tsv."""
    out: dict[str, str] = {}
    for row in read_table("cues.tsv"):
        klass = row[2] if len(row) > 2 and row[2] else "speech"
        for form in row[1].split(","):
            out.setdefault(form.strip().lower(), klass)
    return out


@cache
def cue_forms() -> dict[str, str]:
    """Inflected cue form -> lemma."""
    return {form.strip().lower(): row[0] for row in read_table("cues.tsv") for form in row[1].split(",")}


def _forms(table: str, column: int | None = None, flag: str = "") -> frozenset[str]:
    """The inflected forms (second column) of a table's rows, of those whose ``column`` holds ``flag`` if given."""
    return frozenset(form.strip().lower() for row in read_table(table)
                     if column is None or (len(row) > column and row[column] == flag) for form in row[1].split(","))


@cache
def object_control_forms() -> frozenset[str]:
    """Verb forms whose object does what their infinitive says (`forced the senator to admit`), from
    models/object_control.tsv."""
    return _forms("object_control.tsv")


@cache
def causative_forms() -> frozenset[str]:
    """Forms of `have`, `make`, `let`, `get`: the clause after their object is done, not said."""
    return _forms("object_control.tsv", 2, "causative")


def noun_forms(low: str) -> set[str]:
    """A lower-case noun and its possible singulars, to look plurals up in the lexicons (the pipeline has no
    lemmatizer: `judges`, `unions`, `agencies`)."""
    return {low, low[:-1] if low.endswith("s") else low, low[:-2] if low.endswith("es") else low,
            low[:-3] + "y" if low.endswith("ies") else low}


@cache
def perception_forms() -> frozenset[str]:
    """Forms of `see`, `hear`, `watch`: a clause after them without `that` is what was perceived."""
    return _forms("object_control.tsv", 2, "perception")


@cache
def addressee_nouns() -> frozenset[str]:
    """Gatherings one speaks to (`told the crowd`), from models/addressee_nouns.txt."""
    return read_words("addressee_nouns.txt")


@cache
def addressee_forms() -> frozenset[str]:
    """Cue forms whose object is the addressee (`told the Global Times`): fourth column `to`."""
    return _forms("cues.tsv", 3, "to")


@cache
def directive_forms() -> frozenset[str]:
    """Cue forms that report with an infinitive (`urged X to ...`): lemmas in models/directive_cues.txt."""
    lemmas = set(read_lines("directive_cues.txt"))
    return frozenset(form for form, lemma in cue_forms().items() if lemma in lemmas)


@cache
def cue_nouns() -> frozenset[str]:
    """Nouns of saying (`claim`, `report`) that report a `that` clause."""
    return read_words("cue_nouns.txt")


@cache
def kicker_labels() -> frozenset[str]:
    """Kickers and notices (`Correction:`, `The Latest:`) that open a line with a colon but name no speaker."""
    return read_words("kicker_labels.txt")


@cache
def document_nouns() -> frozenset[str]:
    """Nouns of documents and findings (`poll`, `study`) that show or find something: models/document_nouns.txt."""
    return read_words("document_nouns.txt")


@cache
def setting_nouns() -> frozenset[str]:
    """Occasions and places of saying (`interview`, `newspaper`) for `in ...`: models/setting_nouns.txt."""
    return read_words("setting_nouns.txt")


@cache
def stance_adjectives() -> frozenset[str]:
    """Adjectives of attitude (`critical`, `concerned`) that report what the attitude is about:
    models/stance_adjectives.txt."""
    return read_words("stance_adjectives.txt")


@cache
def group_nouns() -> frozenset[str]:
    """Nouns naming unnamed speakers (`analysts`, `a senior official`)."""
    return read_words("speaker_groups.txt")


@cache
def party_names() -> frozenset[str]:
    """Political parties by a short name (`Tories`, `Democrats`), from models/party_names.txt."""
    return read_words("party_names.txt")


@cache
def institution_nouns() -> frozenset[str]:
    """Head nouns of institutions (`ministry`, `campaign`)."""
    return read_words("institution_nouns.txt")


@cache
def source_phrases() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Source-naming prepositional phrases as word tuples (`according to`), longest first, with their cue."""
    rows = [(tuple(row[0].lower().split()), row[1] if len(row) > 1 else row[0]) for row in read_table(
        "source_phrases.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def source_phrase_heads() -> frozenset[str]:
    """The first words of the source phrases (`according`), where a phrase can start."""
    return frozenset(words[0] for words, _ in source_phrases())


__all__ = ["addressee_forms", "addressee_nouns", "causative_forms", "cue_classes", "cue_forms", "cue_nouns",
           "directive_forms", "document_nouns", "group_nouns", "institution_nouns", "object_control_forms",
           "party_names", "source_phrase_heads", "source_phrases", "stance_adjectives"]
