"""The model's attribute ruler, the same rules applied through lookups: coarse POS, morphology, the few lemmas and
tags it sets, exactly as spaCy's ``AttributeRuler`` sets them, in a fraction of its time.

spaCy's ruler runs a ``Matcher`` of its ~180 rules over every token (about a tenth of the pipeline's time with
``en_core_web_sm``), then makes a Span per match. Almost every rule is one token with an equality or a set on
its tag, lowercase form or dependency, so here each rule is looked up by one of those values (its "anchor": the
lowercase form before the tag before the dependency) and only the rules found are checked; a rule with no
anchor (a REGEX) is checked on every token, its answers kept per word. The matches are applied as spaCy applies
them (by rule, then by position: a later rule wins), the token attributes written back as arrays.

A model whose ruler has a rule that this cannot read (another attribute, a quantifier, another operator) keeps
its own ruler (``swap_in``). ``tests/test_attributes.py`` checks the two give the same Doc.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline.attributeruler import set_token_attrs
from spacy.tokens import Doc

FACTORY = "newslens_tag_attributes"
RULER = "attribute_ruler"
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # what a rule may read, in the order read
READ = [TAG, LOWER, DEP, IS_SPACE]
WRITTEN = [POS, MORPH, LEMMA, TAG]  # written back as arrays; any other attribute (a DEP) token by token
ANCHORS = (1, 0, 2, 3)  # the column a rule is looked up by, the most selective first
MEMO_LIMIT = 200_000  # REGEX answers kept per word, at most

Test = tuple[int, str, Any]  # (column, "eq" | "in" | "notin" | "regex", value, values or pattern)


class Unsupported(ValueError):
    """A rule this cannot apply exactly: the model keeps spaCy's ruler."""


class TagAttributes:
    """The rules of an attribute ruler (``AttributeRuler.patterns``), applied to a Doc through lookups."""

    def __init__(self, vocab, patterns: list[dict[str, Any]]):
        self.strings = vocab.strings
        self.rules: list[tuple[int, list[list[Test]], int, bool]] = []  # rule, tokens' tests, index, decided
        self.index: list[dict[int, list[int]]] = [{} for _ in COLUMNS]  # column -> value -> rules
        self.always: list[int] = []  # rules with no anchor: checked on every token
        self.writes: list[list[tuple[int | None, Any, Any]]] = []  # per rule: (array column, attribute, value)
        self.searched: dict[tuple[int, int], bool] = {}  # (REGEX, word) -> found: hashes are the same in any vocab
        self.reading = vocab.strings  # the strings of the Doc being read
        from spacy.pipeline.attributeruler import normalize_token_attrs

        for rule, given in enumerate(patterns):
            attrs = normalize_token_attrs(vocab, given["attrs"])
            self.writes.append([(WRITTEN.index(a) if a in WRITTEN else None, a, v) for a, v in attrs.items()])
            for pattern in given["patterns"]:
                self._add(rule, pattern, given.get("index", 0))

    def _add(self, rule: int, pattern: list[dict[str, Any]], index: int) -> None:
        if not pattern or not -len(pattern) <= index < len(pattern):
            raise Unsupported(f"rule {rule}: index {index} outside its pattern")
        tests = [[self._test(rule, attr, value) for attr, value in token.items()] for token in pattern]
        k = len(self.rules)
        decided = len(tests) == 1 and len(tests[0]) == 1 and tests[0][0][1] == "eq"  # the lookup alone decides
        self.rules.append((rule, tests, index if index >= 0 else len(pattern) + index, decided))
        anchor = _anchor(tests[0])
        if anchor is None:
            self.always.append(k)
            return
        column, values = anchor
        for value in values:
            self.index[column].setdefault(value, []).append(k)

    def _test(self, rule: int, attr: str, value: Any) -> Test:
        """One token attribute's test, on the values of the Doc's arrays (string hashes; IS_SPACE 0 or 1)."""
        if attr not in COLUMNS:
            raise Unsupported(f"rule {rule} reads {attr}")
        column = COLUMNS[attr]
        if isinstance(value, bool) and attr == "IS_SPACE":
            return column, "eq", int(value)
        if isinstance(value, str) and attr != "IS_SPACE":
            return column, "eq", self.strings[value]
        if isinstance(value, dict) and len(value) == 1 and attr != "IS_SPACE":
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
                return column, op.lower().replace("_", ""), {self.strings[v] for v in arg}
            if op == "REGEX" and isinstance(arg, str):
                return column, "regex", re.compile(arg)
        raise Unsupported(f"rule {rule}: {attr} {value!r}")

    def _passes(self, row: list[int], tests: list[Test]) -> bool:
        for column, kind, arg in tests:
            value = row[column]
            if kind == "eq":
                if value != arg:
                    return False
            elif kind == "in":
                if value not in arg:
                    return False
            elif kind == "notin":
                if value in arg:
                    return False
            elif not self._searched(arg, value):
                return False
        return True

    def _searched(self, pattern: re.Pattern, value: int) -> bool:
        key = (id(pattern), value)
        found = self.searched.get(key)
        if found is None:
            if len(self.searched) > MEMO_LIMIT:
                self.searched.clear()
            found = self.searched[key] = pattern.search(self.reading[value]) is not None
        return found

    def matches(self, rows: list[list[int]]) -> list[tuple[int, int, int]]:
        """(rule, start, token) of every match over the Doc's rows (TAG, LOWER, DEP, IS_SPACE), in the order
        spaCy's ruler applies them: by rule, then by start."""
        found = []
        rules, passes, n = self.rules, self._passes, len(rows)
        tags, lowers, deps, spaces = self.index
        none = ()
        for i, row in enumerate(rows):
            for ks in (tags.get(row[0], none), lowers.get(row[1], none), deps.get(row[2], none),
                       spaces.get(row[3], none), self.always):
                for k in ks:
                    rule, tests, index, decided = rules[k]
                    if decided or (len(tests) == 1 and passes(row, tests[0])):
                        found.append((rule, i, i))
                    elif len(tests) > 1 and i + len(tests) <= n and all(
                            passes(rows[i + j], token) for j, token in enumerate(tests)):
                        found.append((rule, i, i + index))
        found.sort()
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        self.reading = doc.vocab.strings
        found = self.matches(doc.to_array(READ).tolist())
        values = doc.to_array(WRITTEN)
        one_by_one = []
        for rule, _, i in found:
            for column, attr, value in self.writes[rule]:
                if column is None:
                    one_by_one.append((i, {attr: value}))
                else:
                    values[i, column] = value
        doc.from_array(WRITTEN, values)
        for i, attrs in one_by_one:
            set_token_attrs(doc[i], attrs)
        return doc


def _anchor(tests: list[Test]) -> tuple[int, list[int]] | None:
    """The column a one-token test is looked up by, and the values a token that passes has there (an equality,
    or an IN set), the most selective column first; None when it has neither."""
    for kind in ("eq", "in"):
        for wanted in ANCHORS:
            for column, found, arg in tests:
                if column == wanted and found == kind:
                    return column, [arg] if kind == "eq" else sorted(arg)
    return None


def make_tag_attributes(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> TagAttributes:  # noqa: ARG001
    return TagAttributes(nlp.vocab, patterns)


def swap_in(nlp: Language) -> Language:
    """The model's attribute ruler replaced by ``TagAttributes`` of its rules, in its place (when it has one and
    every rule can be read; else the pipeline as it was)."""
    if RULER not in nlp.pipe_names:
        return nlp
    patterns = nlp.get_pipe(RULER).patterns
    try:
        TagAttributes(nlp.vocab, patterns)
    except Unsupported:
        return nlp
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY)(make_tag_attributes)
    nlp.add_pipe(FACTORY, name="tag_attributes", after=RULER, config={"patterns": patterns})
    nlp.remove_pipe(RULER)
    return nlp
