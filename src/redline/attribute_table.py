"""The model's attribute rules (fine tag -> POS, morphology, lemma exceptions), applied
by table lookup instead of spaCy's token Matcher.

en_core_web_sm maps its fine-grained tags to coarse POS and morphology with an
`attribute_ruler` of some 180 one- and two-token patterns.  spaCy's Matcher tries every
pattern at every token, which made this bookkeeping step cost more than the tagger and
the parser together (about 30 µs a token, 18 % of the parse).  The rules only look at a
token's tag, lowercase form, dependency label and whether it is whitespace, and a text
has few distinct combinations of those: each combination is matched against the rules
once and remembered.  The result is the same, token for token (checked on every
PolNeAR text by `bench/check_attribute_table.py`): later rules win, as in spaCy, and all
rules match against the annotations as they were before any rule applied.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

COMPONENT = "redline_attribute_table"
#: The token attributes the model's rules test; anything else keeps spaCy's own ruler.
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")

_Key = tuple[str, str, str, bool]
_Test = Callable[[_Key], bool]


class UnsupportedRule(ValueError):
    """A rule tests something the table does not model: keep spaCy's ruler."""


def _value_test(position: int, spec: Any) -> _Test:
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            allowed = frozenset(spec["IN"])
            return lambda key: key[position] in allowed
        if set(spec) == {"NOT_IN"}:
            banned = frozenset(spec["NOT_IN"])
            return lambda key: key[position] not in banned
        if set(spec) == {"REGEX"}:
            pattern = re.compile(spec["REGEX"])
            return lambda key: isinstance(key[position], str) and pattern.search(key[position]) is not None
        raise UnsupportedRule(f"operator {sorted(spec)}")
    if isinstance(spec, (str, bool)):
        return lambda key: key[position] == spec
    raise UnsupportedRule(f"value {spec!r}")


def _token_test(token_pattern: dict[str, Any]) -> _Test:
    tests = []
    for name, spec in token_pattern.items():
        if name not in _KEYS:
            raise UnsupportedRule(f"attribute {name}")
        tests.append(_value_test(_KEYS.index(name), spec))
    return lambda key: all(test(key) for test in tests)


class AttributeTable:
    """Applies an AttributeRuler's rules, testing each token only against the rules
    that can match it and remembering the answers for the combinations that recur."""

    def __init__(self, ruler: Any):
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        self._attrs = list(ruler.attrs)  # normalised (int ids), in rule order
        # One-token rules, indexed so that a token is tested only against rules that can
        # match it: by the lowercase forms a rule names, or else by none.
        self._by_lower: dict[str, list[tuple[int, _Test]]] = {}
        self._any_lower: list[tuple[int, _Test]] = []   # tag/dep/space only
        self._lower_regex: list[tuple[int, _Test]] = []  # a pattern on the form
        self._multi: list[tuple[int, list[_Test], int]] = []
        self._multi_patterns: list[list[dict[str, Any]]] = []
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = [_token_test(t) for t in pattern]
                index = entry.get("index", 0)
                if len(tests) > 1:
                    self._multi.append((rule, tests, index % len(tests)))
                    self._multi_patterns.append(pattern)
                    continue
                if index not in (0, -1):
                    raise UnsupportedRule(f"index {index} in a one-token rule")
                lower = pattern[0].get("LOWER")
                if lower is None:
                    self._any_lower.append((rule, tests[0]))
                elif isinstance(lower, str):
                    self._by_lower.setdefault(lower, []).append((rule, tests[0]))
                elif isinstance(lower, dict) and set(lower) == {"IN"}:
                    for form in lower["IN"]:
                        self._by_lower.setdefault(form, []).append((rule, tests[0]))
                else:
                    self._lower_regex.append((rule, tests[0]))
        # Two-token rules by the form their first token names, or by its dependency
        # label; the rest (a pattern on the form) are tried where the form fits.
        self._multi_by_lower: dict[str, list[int]] = {}
        self._multi_by_dep: dict[str, list[int]] = {}
        self._multi_by_pattern: list[int] = []  # the first token's form matched by a pattern
        self._multi_always: list[int] = []
        for n, pattern in enumerate(self._multi_patterns):
            first = pattern[0].get("LOWER")
            forms = [first] if isinstance(first, str) else (
                first["IN"] if isinstance(first, dict) and set(first) == {"IN"} else None)
            if forms is not None:
                for form in forms:
                    self._multi_by_lower.setdefault(form, []).append(n)
            elif isinstance(pattern[0].get("DEP"), str):
                self._multi_by_dep.setdefault(pattern[0]["DEP"], []).append(n)
            elif isinstance(first, dict) and set(first) == {"REGEX"}:
                self._multi_by_pattern.append(n)
            else:
                self._multi_always.append(n)
        # One search tells whether a form can meet any rule that matches forms by pattern.
        form_patterns = [t["LOWER"]["REGEX"] for p in [pat for e in ruler.patterns for pat in e["patterns"]]
                         for t in p[:1] if isinstance(t.get("LOWER"), dict) and "REGEX" in t["LOWER"]]
        self._form_pattern = re.compile("|".join(f"(?:{p})" for p in form_patterns)) if form_patterns else None
        # Caches stay bounded whatever the corpus: they are keyed by what the rules can
        # tell apart (tags, labels and the few forms the rules name), never by every word.
        self._named: dict[_Key, tuple[int, ...]] = {}
        self._form_free: dict[tuple[str, str, bool], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}

    def _rules_for(self, key: _Key) -> tuple[int, ...]:
        tag, lower, dep, space = key
        free = self._form_free.get((tag, dep, space))
        if free is None:
            free = tuple(rule for rule, test in self._any_lower if test(key))
            self._form_free[(tag, dep, space)] = free
        if lower in self._by_lower:
            rules = self._named.get(key)
            if rules is None:
                named = [rule for rule, test in self._by_lower[lower] if test(key)]
                named += [rule for rule, test in self._lower_regex if test(key)]
                rules = tuple(sorted(set(free).union(named)))
                self._named[key] = rules
            return rules
        if self._lower_regex and self._form_pattern is not None and self._form_pattern.search(lower):
            named = [rule for rule, test in self._lower_regex if test(key)]
            if named:
                return tuple(sorted(set(free).union(named)))
        return free

    def _merge(self, rules: tuple[int, ...]) -> dict:
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule in sorted(rules):  # a later rule overrides an earlier one
                merged.update(self._attrs[rule])
            self._merged[rules] = merged
        return merged

    def _multi_opened_by(self, key: _Key) -> list[int]:
        candidates = self._multi_by_lower.get(key[1], []) + self._multi_by_dep.get(key[2], []) + self._multi_always
        if self._multi_by_pattern and self._form_pattern is not None and self._form_pattern.search(key[1]):
            candidates = candidates + self._multi_by_pattern
        return [n for n in candidates if self._multi[n][1][0](key)]

    def __call__(self, doc: Any) -> Any:
        keys: list[_Key] = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        extra: dict[int, list[int]] = {}
        if self._multi:
            for start, key in enumerate(keys):
                for n in self._multi_opened_by(key):
                    rule, tests, index = self._multi[n]
                    if start + len(tests) <= len(keys) and all(
                            test(keys[start + k]) for k, test in enumerate(tests[1:], 1)):
                        extra.setdefault(start + index, []).append(rule)
        for i, key in enumerate(keys):
            rules = self._rules_for(key)
            if i in extra:
                rules = tuple(sorted(set(rules).union(extra[i])))
            if rules:
                self._set(doc[i], self._merge(rules))
        return doc


def install(nlp: Any) -> bool:
    """Replace the model's `attribute_ruler` with the table; False when the rules use
    something the table does not model (the model's own ruler then stays)."""
    if "attribute_ruler" not in nlp.pipe_names or COMPONENT in nlp.pipe_names:
        return False
    try:
        table = AttributeTable(nlp.get_pipe("attribute_ruler"))
    except UnsupportedRule:
        return False
    _register()
    nlp.add_pipe(COMPONENT, before="attribute_ruler")
    nlp.get_pipe(COMPONENT).table = table
    nlp.remove_pipe("attribute_ruler")
    return True


class _Component:
    table: AttributeTable | None = None

    def __call__(self, doc: Any) -> Any:
        return self.table(doc) if self.table is not None else doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 128) -> Iterable[Any]:
        for doc in docs:
            yield self(doc)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, func=lambda nlp, name: _Component())
