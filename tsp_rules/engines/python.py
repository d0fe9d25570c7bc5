"""The python back end: each ruleset compiled once into a plan of closures, then run per profile.

Compilation works on the validated IR of a :class:`~tsp_rules.model.ruleset.Ruleset` only (no text of the
ruleset is ever turned into code): every distinct condition becomes one closure computing Kleene's
three-valued truth (``True``, ``False``, ``None`` for unknown), with constants folded; every
requirement item's options are indexed by the evidence kinds they accept; every verdict an obligation
can receive is built once. Plans are cached by the ruleset's digest.

Per profile, every condition on the traits (applicabilities and grounds) is evaluated once, however
many obligations it affects; the evidence is read once, each item checked only against the options
that accept its kind; recency is decided from the check-date windows, computed once per date (the same
rules as :meth:`tsp_rules.model.timing.Clock.fit`, which explains them; a property test holds the two equal).
The precedence per obligation is the one of the reference evaluator
(:mod:`tsp_rules.engines.reference`), which stays the readable specification it is tested against.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from typing import Any

from tsp_rules.engines.base import Cause, Verdict
from tsp_rules.engines.facts import Facts
from tsp_rules.model import conditions as C
from tsp_rules.model.ruleset import Cadence, EvidenceKind, EvidenceRequirement, Obligation, Requirement, Ruleset
from tsp_rules.model.timing import Clock

Tri = bool | None
"""Three-valued truth: True, False, or None (unknown)."""
Test = Callable[[Mapping[str, Any]], Tri]
Compiled = Test | bool
"""A compiled condition: a closure, or a constant where the condition does not depend on the values."""

_MISSING: Any = object()

# --------------------------------------------------------------------------------------- conditions


def _leaf_test(op: str, want: Any) -> Callable[[Any], bool]:
    """The two-valued test of a known value (the value is of the subject's declared type)."""
    if op == "is":
        if isinstance(want, bool):
            return lambda x: x is want
        kind = type(want)
        return lambda x: x == want and type(x) is kind
    if op == "in":
        wanted = tuple(want)
        if all(type(w) is str for w in wanted):
            texts = frozenset(wanted)
            return lambda x: type(x) is str and x in texts
        return lambda x: any(x == w and type(x) is type(w) for w in wanted)
    if op == "contains":
        return lambda x: want in x
    if op == "contains_any":
        wanted_set = frozenset(want)
        return lambda x: not wanted_set.isdisjoint(x)
    if op == "is_empty":
        return lambda x: (not x) is want
    if op == "lt":
        return lambda x: x < want
    if op == "lte":
        return lambda x: x <= want
    if op == "gt":
        return lambda x: x > want
    if op == "gte":
        return lambda x: x >= want
    raise ValueError(f"unknown operator {op!r}")  # pragma: no cover - the parser allows no other


def compile_condition(cond: C.Condition, empty_when_missing: frozenset[str] = frozenset()) -> Compiled:
    """``cond`` as a closure over a mapping of values (or a constant): the same truth as
    :func:`tsp_rules.model.conditions.evaluate`. A subject in ``empty_when_missing`` (a list-valued content
    field of the evidence kind) reads as an empty list when it is absent, as :mod:`tsp_rules.engines.facts` does."""
    if isinstance(cond, C.Leaf):
        subject, test = cond.subject, _leaf_test(cond.op, cond.value)
        if subject in empty_when_missing:
            empty = test(frozenset())

            def leaf_default(values: Mapping[str, Any]) -> Tri:
                x = values.get(subject, _MISSING)
                return empty if x is _MISSING else test(x)

            return leaf_default

        want = cond.value
        if cond.op == "is" and isinstance(want, bool):  # the commonest leaves, tested inline (one call less)
            def leaf_flag(values: Mapping[str, Any]) -> Tri:
                x = values.get(subject, _MISSING)
                return None if x is _MISSING else x is want

            return leaf_flag
        if cond.op == "is" and type(want) is str:
            def leaf_text(values: Mapping[str, Any]) -> Tri:
                x = values.get(subject, _MISSING)
                return None if x is _MISSING else type(x) is str and x == want

            return leaf_text
        if cond.op == "in" and isinstance(want, tuple) and all(type(w) is str for w in want):
            texts = frozenset(want)

            def leaf_texts(values: Mapping[str, Any]) -> Tri:
                x = values.get(subject, _MISSING)
                return None if x is _MISSING else type(x) is str and x in texts

            return leaf_texts

        def leaf(values: Mapping[str, Any]) -> Tri:
            x = values.get(subject, _MISSING)
            return None if x is _MISSING else test(x)

        return leaf
    if isinstance(cond, C.Not):
        inner = compile_condition(cond.item, empty_when_missing)
        if isinstance(inner, bool):
            return not inner

        def negate(values: Mapping[str, Any]) -> Tri:
            r = inner(values)
            return None if r is None else not r

        return negate
    is_all = isinstance(cond, C.All)
    decisive = not is_all  # all: a False decides; any: a True decides
    tests: list[Test] = []
    for item in cond.items:
        part = compile_condition(item, empty_when_missing)
        if isinstance(part, bool):
            if part is decisive:
                return decisive
            continue  # the neutral constant drops out
        tests.append(part)
    if not tests:
        return is_all  # all of nothing is true, any of nothing false
    if len(tests) == 1:
        return tests[0]
    parts = tuple(tests)

    def combine(values: Mapping[str, Any]) -> Tri:
        unknown = False
        for t in parts:
            r = t(values)
            if r is decisive:
                return decisive
            if r is None:
                unknown = True
        return None if unknown else not decisive

    return combine


# ------------------------------------------------------------------------------------------ recency


def windows(clock: Clock, cadences: tuple[Cadence, ...]) -> dict[str, tuple[str, Any]]:
    """Per cadence key, its :meth:`Clock.window` at the clock's date."""
    return {cad.key: clock.window(cad) for cad in cadences}


# --------------------------------------------------------------------------------------------- plan


class Plan:
    """A ruleset compiled for the python engine (see the module docstring). Built once per digest."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self.cadences = ruleset.cadences
        conds: dict[C.Condition, int] = {}
        tests: list[Test] = []

        def ref(cond: C.Condition) -> int | bool:
            """A constant, or the index of the condition's truth in the per-profile list."""
            compiled = compile_condition(cond)
            if isinstance(compiled, bool):
                return compiled
            if cond not in conds:
                conds[cond] = len(tests)
                tests.append(compiled)
            return conds[cond]

        items: dict[EvidenceRequirement, int] = {}

        def requirement(req: Requirement) -> frozenset[int]:
            keys = []
            for item in req.items:
                if item not in items:
                    items[item] = len(items)
                keys.append(items[item])
            return frozenset(keys)

        def verdict(ob: Obligation, cause: Cause, ground: str | None = None, variant: str | None = None
                    ) -> Verdict:
            return Verdict(ob.id, cause, ground, variant)

        # per obligation: (id, shape, ...) where shape 0 is an obligation that always applies, has no
        # grounds and no tailoring (most of them), decided by waiver, evidence data and requirement only
        self.obligations: list[tuple[Any, ...]] = []
        for ob in ruleset.obligations:
            exempting = tuple((ref(g.when), verdict(ob, "ground", ground=g.id)) for g in ruleset.exempting(ob.id))
            variants = tuple(
                (ref(g.when), requirement(g.tailored[ob.id]), verdict(ob, "no_evidence_data", variant=g.id),
                 verdict(ob, "met", variant=g.id), verdict(ob, "gap", variant=g.id))
                for g in ruleset.tailoring(ob.id))
            standard = (True, requirement(ob.requirement), verdict(ob, "no_evidence_data"), verdict(ob, "met"),
                        verdict(ob, "gap"))
            applies = ref(ob.applies_when)
            if applies is True and not exempting and not variants:
                self.obligations.append((ob.id, 0, standard[1], standard[2], standard[3], standard[4],
                                         verdict(ob, "waiver")))
            else:
                self.obligations.append((
                    ob.id, 1, applies, exempting, (*variants, standard),
                    verdict(ob, "applicability"), verdict(ob, "waiver"), verdict(ob, "unknown"),
                ))
        self.tests = tuple(tests)
        self.item_keys: dict[EvidenceRequirement, int] = items
        """The key of each requirement item (equal items share one) in :meth:`satisfied`'s result."""
        # evidence kind -> (item key, cadence key, content test) for every option accepting the kind (an
        # option whose content can never be met is left out; a content test that always holds is None)
        self.by_kind: dict[str, tuple[tuple[int, str, Test | None], ...]] = {}
        for item, key in items.items():
            for option in item.options:
                for kind_id in option.kinds:
                    kind: EvidenceKind = ruleset.evidence_kinds[kind_id]
                    lists = frozenset(f for f, d in kind.content.items() if d.type == "set")
                    test = compile_condition(option.content, lists)
                    if test is False:
                        continue
                    entry = (key, option.cadence.key, None if test is True else test)
                    self.by_kind[kind_id] = (*self.by_kind.get(kind_id, ()), entry)
        self.year_is_content = {kid: "year" in kind.content for kid, kind in ruleset.evidence_kinds.items()}
        self._items: dict[int, tuple[EvidenceRequirement, Any]] = {}
        self.notes: dict[Any, Any] = {}  # per-plan caches of the layers above (explanations), by their keys
        # for explanations: each obligation, and its summaries by (status, variant) as they are made
        self.explain_parts: dict[str, tuple[Obligation, dict[Any, Any]]] = {
            ob.id: (ob, {}) for ob in ruleset.obligations}
        # the obligations' places in id order (results list findings sorted by obligation id)
        self.id_order: tuple[int, ...] = tuple(sorted(range(len(ruleset.obligations)),
                                                      key=lambda i: ruleset.obligations[i].id))
        self.ids_sorted: tuple[str, ...] = tuple(ruleset.obligations[i].id for i in self.id_order)
        self._dated: dict[Any, Any] = {}

    def out_of_force(self, as_of: dt.date) -> tuple[tuple[str, Verdict], ...]:
        """The verdicts of the obligations not in force on ``as_of`` (their part superseded, or not yet in
        force), computed once per date."""
        key = ("out_of_force", as_of)
        found = self._dated.get(key)
        if found is None:
            found = tuple(
                (ob.id, Verdict(ob.id, "superseded" if ob.valid_to is not None and as_of > ob.valid_to
                                else "not_yet_in_force"))
                for ob in self.ruleset.obligations if not ob.in_force(as_of))
            if len(self._dated) >= 256:
                self._dated.clear()
            self._dated[key] = found
        return found

    def windows(self, clock: Clock) -> dict[str, tuple[str, Any]]:
        return windows(clock, self.cadences)

    def _options(self, clock: Clock) -> dict[str, tuple[tuple[int, Any, Any, Test | None], ...]]:
        """``by_kind`` with each cadence replaced by its window at the clock's date: (item key, oldest date
        or None, oldest period or None, content test); computed once per date."""
        found = self._dated.get(clock.as_of)
        if found is None:
            wins = self.windows(clock)
            found = {}
            for kind_id, entries in self.by_kind.items():
                dated = []
                for key, cadence, test in entries:
                    how, limit = wins[cadence]
                    dated.append((key, limit if how == "date" else None, limit if how == "period" else None, test))
                found[kind_id] = tuple(dated)
            if len(self._dated) >= 256:
                self._dated.clear()
            self._dated[clock.as_of] = found
        return found

    def item_info(self, item: EvidenceRequirement) -> tuple[tuple[str, ...], tuple[tuple[
            EvidenceRequirement, frozenset[str], str, Compiled], ...]]:
        """For explanations: the item's kinds (each once, in order) and its options as (option, kinds,
        cadence key, content test on resolved content). Computed once per item object of a ruleset with
        this plan's digest; :attr:`notes` keeps what the layers above derive from it."""
        found = self._items.get(id(item))
        if found is None or found[0] is not item:
            kinds = tuple(dict.fromkeys(kind for option in item.options for kind in option.kinds))
            options = tuple((option, frozenset(option.kinds), option.cadence.key, compile_condition(option.content))
                            for option in item.options)
            found = self._items[id(item)] = (item, (kinds, options))
        return found[1]

    # -- per profile

    def satisfied(self, facts: Facts) -> set[int]:
        """The keys of the requirement items some evidence item meets."""
        done: set[int] = set()
        by_kind = self.by_kind
        if facts.evidence_resolved:  # evidence given as resolved facts: read their content and fits
            for fact in facts.evidence or ():
                for key, cadence, check in by_kind.get(fact.evidence.kind, ()):
                    if key not in done and fact.fits[cadence].ok and (check is None or check(fact.content) is True):
                        done.add(key)
            return done
        as_of = facts.clock.as_of
        by_date = self._options(facts.clock)
        year_is_content = self.year_is_content
        for ev in facts.profile.evidence or ():
            kind = ev.kind
            options = by_date.get(kind)
            if not options:
                continue
            date, until = ev.date, ev.valid_until
            if date > as_of or (until is not None and until < as_of):
                continue  # future or expired: recent enough for no cadence
            content = ev.content
            period = date.year
            if year_is_content[kind]:
                year = content.get("year")
                if isinstance(year, int) and not isinstance(year, bool):
                    period = year
            for key, oldest, oldest_period, test in options:
                if key in done or (oldest is not None and date < oldest) or (
                        oldest_period is not None and period < oldest_period):
                    continue
                if test is None or test(content) is True:
                    done.add(key)
        return done

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        traits = facts.traits
        truths = [t(traits) for t in self.tests]
        waivers = facts.waivers
        no_evidence = facts.evidence is None if facts.evidence_resolved else facts.profile.evidence is None
        sat: set[int] | None = None
        out: dict[str, Verdict] = {}
        for entry in self.obligations:
            if entry[1] == 0:
                ob_id, _, keys, no_data, met, gap, waived = entry
                if waivers and ob_id in waivers:
                    out[ob_id] = waived
                elif no_evidence:
                    out[ob_id] = no_data
                else:
                    if sat is None:
                        sat = self.satisfied(facts)
                    out[ob_id] = met if keys <= sat else gap
                continue
            ob_id, _, app, exempting, variants, not_applicable, waived, unknown = entry
            applies = app if app is True or app is False else truths[app]
            if applies is False:
                out[ob_id] = not_applicable
                continue
            undecided = applies is None
            decided = None
            for g, exempt in exempting:
                truth = g if g is True or g is False else truths[g]
                if truth is True:
                    decided = exempt
                    break
                if truth is None:
                    undecided = True
            if decided is not None:
                out[ob_id] = decided
                continue
            if waivers and ob_id in waivers:
                out[ob_id] = waived
                continue
            if undecided:
                out[ob_id] = unknown
                continue
            for g, keys, no_data, met, gap in variants:
                truth = g if g is True or g is False else truths[g]
                if truth is None:
                    out[ob_id] = unknown
                    break
                if truth is True:
                    if no_evidence:
                        out[ob_id] = no_data
                    else:
                        if sat is None:
                            sat = self.satisfied(facts)
                        out[ob_id] = met if keys <= sat else gap
                    break
        return out


_PLANS: dict[str, Plan] = {}
_LOCK = threading.Lock()
MAX_PLANS = 64
"""Plans kept per process, by digest (a process that compiles many rulesets, such as the property tests,
keeps a bounded number). Plans hold closures, so they are never pickled with a ruleset to a worker:
each process compiles its own."""


def plan(ruleset: Ruleset) -> Plan:
    """The compiled plan of ``ruleset``, built once per digest (and per process)."""
    found = _PLANS.get(ruleset.digest)
    if found is None:
        with _LOCK:
            found = _PLANS.get(ruleset.digest)
            if found is None:
                if len(_PLANS) >= MAX_PLANS:
                    _PLANS.clear()
                found = _PLANS[ruleset.digest] = Plan(ruleset)
    return found


class PythonEngine:
    name = "python"

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        return plan(facts.ruleset).decide(facts)


ENGINE = PythonEngine()
"""The engine ``get_engine("python")`` returns (it holds no state of its own: plans are per digest)."""
