"""Declarative conditions: their intermediate representation, parsing, and three-valued evaluation.

A condition is evaluated against a mapping of subject names (profile traits, or the content fields of an
evidence item) to values. A subject missing from the mapping is *unknown*, and unknown propagates by
Kleene's strong three-valued logic: ``all`` is false if any item is false, ``any`` is true if any item is
true, otherwise unknown wins. Missing data therefore never makes a condition true or false by accident.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs

from tsp_rules.documents.loading import Document, PathKey
from tsp_rules.errors import Problem, hint, listing, message, q, shown
from tsp_rules.texts import Text

Value: TypeAlias = bool | int | str | frozenset[str]
Scalar: TypeAlias = bool | int | str
ValueType = Literal["bool", "enum", "set", "int"]

OPERATORS: dict[ValueType, tuple[str, ...]] = {
    "bool": ("is",),
    "enum": ("is", "in"),
    "set": ("contains", "contains_any", "is_empty"),
    "int": ("is", "in", "lt", "lte", "gt", "gte"),
}


class Truth(enum.Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    @staticmethod
    def of(value: bool) -> Truth:
        return Truth.TRUE if value else Truth.FALSE


@attrs.frozen
class Domain:
    """The declared type of a trait or evidence content field."""

    name: str
    type: ValueType
    values: tuple[str, ...] = ()


@attrs.frozen
class Leaf:
    subject: str
    op: str
    value: Scalar | tuple[Scalar, ...]


@attrs.frozen
class All:
    items: tuple[Condition, ...]


@attrs.frozen
class AnyOf:
    items: tuple[Condition, ...]


@attrs.frozen
class Not:
    item: Condition


Condition: TypeAlias = Leaf | All | AnyOf | Not
ALWAYS: Condition = All(())


def evaluate(cond: Condition, values: Mapping[str, Value]) -> Truth:
    """Three-valued truth of ``cond``; a subject absent from ``values`` is unknown."""
    if isinstance(cond, Leaf):
        if cond.subject not in values:
            return Truth.UNKNOWN
        return Truth.of(_leaf(cond, values[cond.subject]))
    if isinstance(cond, Not):
        inner = evaluate(cond.item, values)
        return inner if inner is Truth.UNKNOWN else Truth.of(inner is Truth.FALSE)
    results = [evaluate(item, values) for item in cond.items]
    decisive, other = (Truth.FALSE, Truth.TRUE) if isinstance(cond, All) else (Truth.TRUE, Truth.FALSE)
    if decisive in results:
        return decisive
    return Truth.UNKNOWN if Truth.UNKNOWN in results else other


def _leaf(leaf: Leaf, actual: Value) -> bool:
    op, want = leaf.op, leaf.value
    if op == "is":
        return actual == want and type(actual) is type(want)
    if op == "in":
        assert isinstance(want, tuple)
        return any(actual == w and type(actual) is type(w) for w in want)
    if op == "contains":
        assert isinstance(actual, frozenset)
        return want in actual
    if op == "contains_any":
        assert isinstance(actual, frozenset) and isinstance(want, tuple)
        return any(w in actual for w in want)
    if op == "is_empty":
        assert isinstance(actual, frozenset)
        return (not actual) is want
    assert isinstance(actual, int) and isinstance(want, int)
    if op == "lt":
        return actual < want
    if op == "lte":
        return actual <= want
    if op == "gt":
        return actual > want
    return actual >= want  # gte


def subjects(cond: Condition) -> frozenset[str]:
    """Every trait or field the condition reads."""
    return frozenset(leaf.subject for leaf in iter_leaves(cond))


def iter_leaves(cond: Condition) -> Iterator[Leaf]:
    if isinstance(cond, Leaf):
        yield cond
    elif isinstance(cond, Not):
        yield from iter_leaves(cond.item)
    else:
        for item in cond.items:
            yield from iter_leaves(item)


def check_value(domain: Domain, raw: Any) -> tuple[Value | None, Text | None]:
    """Validate a profile's value for ``domain``: (value, None) or (None, message). The message is only
    built for a value that is wrong (binding a profile calls this for every trait and content field)."""
    if domain.type == "bool":
        if isinstance(raw, bool):
            return raw, None
        return None, message("trait_bool", name=q(domain.name), got=shown(raw))
    if domain.type == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw, None
        return None, message("trait_int", name=q(domain.name), got=shown(raw))
    if domain.type == "enum":
        if isinstance(raw, str) and raw in domain.values:
            return raw, None
        return None, message("trait_enum", name=q(domain.name), items=listing(domain.values), got=shown(raw),
                             hint=hint(raw, domain.values))
    if not isinstance(raw, list):
        return None, message("trait_set", name=q(domain.name), items=listing(domain.values), got=shown(raw))
    bad = [v for v in raw if not isinstance(v, str) or v not in domain.values]
    if bad:
        first = bad[0]
        return None, message("trait_set_value", name=q(domain.name), got=shown(first), hint=hint(first, domain.values),
                             items=listing(domain.values))
    return frozenset(raw), None


_SUBJECT_WORDS = {"trait": Text("en egenskap i regelverket", "trait"),
                  "field": Text("ett innehållsfält i regelverket", "field")}


class ConditionParser:
    """Parses the YAML form of conditions, checking names and values against declared domains.

    ``subject_key`` is ``"trait"`` for profile conditions and ``"field"`` for evidence content.
    Problems are collected, not raised, so that a ruleset reports all of them at once.
    """

    def __init__(self, doc: Document, domains: Mapping[str, Domain], subject_key: str) -> None:
        self.doc = doc
        self.domains = domains
        self.subject_key = subject_key
        self.problems: list[Problem] = []

    def parse(self, raw: Any, path: PathKey) -> Condition:
        if not isinstance(raw, dict) or not raw:
            return self._fail(path, message("condition_form", key=self.subject_key))
        if "all" in raw or "any" in raw:
            key = "all" if "all" in raw else "any"
            if len(raw) != 1:
                return self._fail(path, message("condition_alone", word=q(key)))
            items = raw[key]
            if not isinstance(items, list):
                return self._fail((*path, key), message("condition_list", word=q(key)))
            parsed = tuple(self.parse(item, (*path, key, i)) for i, item in enumerate(items))
            return All(parsed) if key == "all" else AnyOf(parsed)
        if "not" in raw:
            if len(raw) != 1:
                return self._fail(path, message("condition_alone", word=q("not")))
            return Not(self.parse(raw["not"], (*path, "not")))
        if self.subject_key not in raw:
            keys = listing(sorted(str(k) for k in raw))
            near = hint(next(iter(raw)), ["all", "any", "not", self.subject_key])
            return self._fail(path, message("condition_unknown_form", keys=keys, hint=near, key=self.subject_key))
        return self._leaf(raw, path)

    def _leaf(self, raw: dict[str, Any], path: PathKey) -> Condition:
        name = raw[self.subject_key]
        ops = [k for k in raw if k != self.subject_key]
        if not isinstance(name, str) or name not in self.domains:
            return self._fail((*path, self.subject_key), message(
                "condition_unknown_subject", key=_SUBJECT_WORDS.get(self.subject_key, self.subject_key),
                subject=q(name) if isinstance(name, str) else shown(name),
                hint=hint(name, self.domains), items=listing(sorted(self.domains))))
        domain = self.domains[name]
        allowed = OPERATORS[domain.type]
        if len(ops) != 1 or ops[0] not in allowed:
            where = (*path, ops[0]) if ops else path
            got = listing(ops)
            near = hint(ops[0], allowed) if len(ops) == 1 else ""
            return self._fail(where, message("condition_operator", subject=q(name), type=domain.type,
                                             items=listing(allowed), got=got, hint=near))
        op = ops[0]
        value = self._value(domain, op, raw[op], (*path, op))
        return Leaf(name, op, value) if value is not None else ALWAYS

    def _value(self, domain: Domain, op: str, raw: Any, path: PathKey) -> Scalar | tuple[Scalar, ...] | None:
        if op == "is_empty":
            if isinstance(raw, bool):
                return raw
            self._bad(path, message("is_empty_bool", got=shown(raw)))
            return None
        if op in ("in", "contains_any"):
            if not isinstance(raw, list) or not raw:
                self._bad(path, message("operator_list", op=q(op)))
                return None
            items = [self._scalar(domain, item, (*path, i)) for i, item in enumerate(raw)]
            if any(item is None for item in items):
                return None
            return tuple(sorted(set(items), key=repr))  # type: ignore[arg-type]
        return self._scalar(domain, raw, path, ordered=op in ("lt", "lte", "gt", "gte"))

    def _scalar(self, domain: Domain, raw: Any, path: PathKey, ordered: bool = False) -> Scalar | None:
        kind = domain.type
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            self._bad(path, message("condition_bool", subject=q(domain.name), got=shown(raw)))
            return None
        if kind == "int":
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            self._bad(path, message("condition_int", subject=q(domain.name), got=shown(raw)))
            return None
        if isinstance(raw, str) and raw in domain.values:
            return raw
        self._bad(path, message("condition_value", got=shown(raw), subject=q(domain.name),
                                hint=hint(raw, domain.values), items=listing(domain.values)))
        return None

    def _bad(self, path: PathKey, text: Text) -> None:
        """Record a problem; None is the parsers' marker for 'no valid value'."""
        self.problems.append(self.doc.problem(path, text))

    def _fail(self, path: PathKey, text: Text) -> Condition:
        self.problems.append(self.doc.problem(path, text))
        return ALWAYS


def to_data(cond: Condition, subject_key: str = "trait") -> Any:
    """The YAML/JSON form of a condition (the inverse of parsing)."""
    if isinstance(cond, Leaf):
        value = list(cond.value) if isinstance(cond.value, tuple) else cond.value
        return {subject_key: cond.subject, cond.op: value}
    if isinstance(cond, Not):
        return {"not": to_data(cond.item, subject_key)}
    key = "all" if isinstance(cond, All) else "any"
    return {key: [to_data(item, subject_key) for item in cond.items]}


def join(items: Sequence[Condition]) -> Condition:
    return items[0] if len(items) == 1 else All(tuple(items))
