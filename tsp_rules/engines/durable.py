"""The durable-rules back end: the ruleset compiled to durable-rules JSON rulesets.

This is the only module that imports durable-rules. It follows the wrapper rules measured in
``shared/research/durable-rules.md``:

* one ``Host`` per process, with its polling timer threads disabled (``_run`` is a no-op);
* one durable ruleset per compiled ruleset, named with its content digest and registered once;
* one fresh session id (sid) per evaluation, whose state is deleted in ``finally``; every sid runs at
  least one action (the phase sentinel), because deleting a sid where no action ran crashes;
* facts are asserted through ``durable_rules_engine.assert_facts`` and the agenda is run with
  ``do_actions`` (a fact that matches no rule is normal, not an error);
* strata: the only negated patterns (a missing satisfied-requirement fact) wait for a ``$phase``
  fact that is asserted after the first batch's agenda has finished, because durable's negation is
  not retractive;
* action errors are captured and raised, never swallowed; a lock per ruleset serialises sids.

How the rules look (small rules, whatever the conditions; few actions per profile):

* **Leaf truths from Python.** The truth of every leaf condition on the traits (``T``, ``F`` or ``U``) is
  computed in Python (by the compiled python engine's closures) and asserted as a fact ``c(node, v)``, as
  the recency of evidence always was; so is, per requirement item, whether some evidence item meets it
  (kind, recency for its cadence, content): a ``sat`` fact. durable derives everything else.
* **Condition nodes.** Every distinct compound condition of the ruleset (applicabilities, grounds) and
  every compound sub-condition is a node, shared where equal. An ``all``/``any`` node derives ``T``/``F``
  from its children's facts by small positive joins (Kleene's logic: ``all`` is false if a child is false,
  true if all are true); ``not`` is a flipped reference, not a node. After the phase fact, ``c(node, U)``
  is derived for every compound node that is neither true nor false — the only negation over condition
  facts.
* **Obligation rules.** One fact per obligation says whether a decision waives it and whether evidence
  was listed. The precedence (applicability, exempting grounds, waiver, unknowns, tailoring) is a set of
  mutually exclusive joins of that fact with condition facts; a positive join of the requirement's
  ``sat`` facts gives ``met``, and a negated one, after the phase fact, gives ``gap``. One action per
  verdict, plus one per derived compound truth (about 33 per profile with ruleset 1.0.0, from 62).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import re
import threading
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import durable_rules_engine as _dre
from durable import engine as _durable

from tsp_rules import conditions as C
from tsp_rules.engines import python as python_engine
from tsp_rules.engines.base import Cause, Verdict
from tsp_rules.errors import EvaluationError, UsageError
from tsp_rules.facts import Facts
from tsp_rules.ruleset import Ground, Obligation, Ruleset

warnings.filterwarnings(
    "ignore", message=r"datetime\.datetime\.utcfromtimestamp", category=DeprecationWarning,
    module=r"durable\.engine",
)

MAX_PROPERTIES = 250  # durable allows 254 properties per fact
Expr = Any  # a durable JSON expression (dict), or True / False for constants

# ------------------------------------------------------------------------------------- expressions


def _combine(op: str, neutral: bool, items: tuple[Expr, ...]) -> Expr:
    """``op`` ($and / $or) of ``items``, folding constants: ``neutral`` drops out, its opposite absorbs."""
    out: list[Any] = []
    for item in items:
        if item is (not neutral):
            return not neutral
        if item is neutral:
            continue
        out.extend(item[op] if set(item) == {op} else [item])
    return neutral if not out else out[0] if len(out) == 1 else {op: out}


def and_(*items: Expr) -> Expr:
    return _combine("$and", True, items)


def or_(*items: Expr) -> Expr:
    return _combine("$or", False, items)


def _yn(value: bool) -> str:
    return "y" if value else "n"


@attrs.frozen
class Tri:
    """A condition as three durable expressions on one fact: when it is true, false, unknown."""

    T: Expr
    F: Expr
    U: Expr

    @property
    def not_true(self) -> Expr:
        return or_(self.F, self.U)

    @property
    def not_false(self) -> Expr:
        return or_(self.T, self.U)


def compile_condition(cond: C.Condition, domains: Mapping[str, C.Domain], prefix: str) -> Tri:
    if isinstance(cond, C.Not):
        inner = compile_condition(cond.item, domains, prefix)
        return Tri(inner.F, inner.T, inner.U)
    if isinstance(cond, (C.All, C.AnyOf)):
        parts = [compile_condition(item, domains, prefix) for item in cond.items]
        if isinstance(cond, C.All):
            return Tri(and_(*(p.T for p in parts)), or_(*(p.F for p in parts)),
                       and_(or_(*(p.U for p in parts)), *(p.not_false for p in parts)))
        return Tri(or_(*(p.T for p in parts)), and_(*(p.F for p in parts)),
                   and_(or_(*(p.U for p in parts)), *(p.not_true for p in parts)))
    domain = domains[cond.subject]
    prop = prefix + cond.subject
    op, value = cond.op, cond.value
    if domain.type == "set":
        def flag(v: Any) -> str:
            return f"{prop}__{v}"
        if op == "is_empty":
            empty = and_(*({flag(v): "n"} for v in domain.values))
            nonempty = or_(*({flag(v): "y"} for v in domain.values))
            true, false = (empty, nonempty) if value else (nonempty, empty)
            return Tri(true, false, {"$nex": {flag(domain.values[0]): 1}})
        wanted = value if isinstance(value, tuple) else (value,)
        return Tri(or_(*({flag(v): "y"} for v in wanted)), and_(*({flag(v): "n"} for v in wanted)),
                   {"$nex": {flag(wanted[0]): 1}})
    unknown = {"$nex": {prop: 1}}
    if domain.type == "bool":
        assert isinstance(value, bool)
        return Tri({prop: _yn(value)}, {prop: _yn(not value)}, unknown)
    if op in ("is", "in"):
        wanted = value if isinstance(value, tuple) else (value,)
        return Tri(or_(*({prop: v} for v in wanted)),
                   and_({"$ex": {prop: 1}}, *({"$neq": {prop: v}} for v in wanted)), unknown)
    opposite = {"lt": "$gte", "lte": "$gt", "gt": "$lte", "gte": "$lt"}[op]
    return Tri({f"${op}": {prop: value}}, {opposite: {prop: value}}, unknown)


MAX_EXPRESSION_SIZE = 24
"""durable-rules refuses a rule whose expression sequence reaches 32 entries (error 113); an evidence
content condition larger than this is split into several rules asserting the same fact."""

DURABLE_SIZE_ERRORS = (107, 108, 113)
"""durable-rules' error codes for a ruleset too large for its fixed tables (negated-existence successors,
beta successors, expressions in a sequence): refused cleanly, with the python engine named."""


def expression_size(expr: Expr) -> int:
    """A bound on the entries durable needs for ``expr``: one per test, two per ``$and``/``$or``."""
    if isinstance(expr, dict) and set(expr) in ({"$and"}, {"$or"}):
        return 2 + sum(expression_size(item) for item in next(iter(expr.values())))
    return 1


def split_disjunction(expr: Expr, limit: int = MAX_EXPRESSION_SIZE) -> list[Expr]:
    """Expressions whose disjunction is ``expr``, each small enough for durable-rules where possible.

    A large expression is split on its first ``$or`` (distributing the rest of the conjunction over it),
    recursively. The parts may overlap; rules built from them assert the same fact.
    """
    if expr is True or expr is False or expression_size(expr) <= limit:
        return [expr]
    if set(expr) == {"$or"}:
        return [part for item in expr["$or"] for part in split_disjunction(item, limit)]
    items = expr["$and"] if set(expr) == {"$and"} else [expr]
    for k, item in enumerate(items):
        if isinstance(item, dict) and set(item) == {"$or"}:
            rest = items[:k] + items[k + 1:]
            return [part for alternative in item["$or"]
                    for part in split_disjunction(and_(*rest, alternative), limit)]
    return [expr]


Ref = tuple[int, bool] | bool
"""A condition as the engine sees it: a constant, or (node id, negated)."""
TRUTHS = frozenset("TFU")
FLIP = {"T": "F", "F": "T", "U": "U"}


def _encoder(domains: Mapping[str, C.Domain], prefix: str) -> Callable[[Mapping[str, C.Value]], dict[str, Any]]:
    """:func:`encode` for fixed domains, with the property names worked out once."""
    plans: dict[str, tuple[str, Any]] = {}
    for name, domain in domains.items():
        prop = prefix + name
        if domain.type == "set":
            plans[name] = ("set", [(v, f"{prop}__{v}") for v in domain.values])
        else:
            plans[name] = (domain.type, prop)

    def run(values: Mapping[str, C.Value]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in values.items():
            kind, plan = plans[name]
            if kind == "set":
                assert isinstance(value, frozenset)
                for v, prop in plan:
                    out[prop] = "y" if v in value else "n"
            elif kind == "bool":
                out[plan] = "y" if value else "n"
            else:
                out[plan] = value
        return out

    return run


# ----------------------------------------------------------------------------------------- the host


class _Host(_durable.Host):  # type: ignore[misc]
    """A Host without the polling timer threads, resolving action names from a registry."""

    def __init__(self) -> None:
        self.actions: dict[str, Callable[[Any], None]] = {}
        super().__init__()

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self.actions[action_name]

    def _run(self) -> None:  # durable's timers are not used; no threads are started
        pass


_HOST: _Host | None = None
_REGISTRY: dict[str, CompiledRuleset] = {}
_REGISTRY_LOCK = threading.Lock()


def _host() -> _Host:
    global _HOST
    if _HOST is None:
        _HOST = _Host()
    return _HOST


def compiled(ruleset: Ruleset) -> CompiledRuleset:
    """The durable ruleset for ``ruleset``, compiled and registered once per process."""
    with _REGISTRY_LOCK:
        found = _REGISTRY.get(ruleset.digest)
        if found is None:
            found = _REGISTRY[ruleset.digest] = CompiledRuleset(ruleset, _host())
        return found


def retire(ruleset: Ruleset) -> bool:
    """Unregister the durable ruleset compiled for ``ruleset`` and free it; False if none was registered.

    durable-rules never unregisters on its own (research note, pitfall 6): a process that evaluates many
    distinct rulesets (tests with generated rulesets, a service that reloads its rules) retires each one
    it no longer needs, so that memory and durable's process-wide handle table stay bounded.
    """
    with _REGISTRY_LOCK:
        found = _REGISTRY.pop(ruleset.digest, None)
    if found is None:
        return False
    host = _host()
    with found.lock:
        host._ruleset_directory.pop(found.name, None)
        with contextlib.suppress(ValueError):
            host._ruleset_list.remove(found.handle)
        for action_name in found._actions:
            host.actions.pop(action_name, None)
        _dre.delete_ruleset(found.handle._handle)
    return True


def registered() -> int:
    """How many durable rulesets this process holds (see :func:`retire`)."""
    with _REGISTRY_LOCK:
        return len(_REGISTRY)


def _sid_safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _observe(c: Any, fact: dict[str, Any]) -> None:
    # the same derived fact twice (two evidence items satisfy one requirement) is normal
    with contextlib.suppress(_durable.MessageObservedException, _durable.MessageNotHandledException):
        c.assert_fact(dict(fact))


class CompiledRuleset:
    def __init__(self, ruleset: Ruleset, host: _Host) -> None:
        self.ruleset = ruleset
        self.name = f"tsp_{_sid_safe(ruleset.id)}_{ruleset.digest.split(':')[-1][:12]}"
        self.domains = ruleset.domains
        self.content_domains = {n: d for k in ruleset.evidence_kinds.values() for n, d in k.content.items()}
        # the cadences each evidence kind is checked against: only these flags can match a rule
        self.kind_cadences: dict[str, list[str]] = {}
        for ob in ruleset.obligations:
            for req in (ob.requirement, *(g.tailored[ob.id] for g in ruleset.tailoring(ob.id))):
                for option in (option for item in req.items for option in item.options):
                    for kind in option.kinds:
                        keys = self.kind_cadences.setdefault(kind, [])
                        if option.cadence.key not in keys:
                            keys.append(option.cadence.key)
        self._encode_traits = _encoder(self.domains, "t_")
        self._encode_content = _encoder(self.content_domains, "c_")
        self.lock = threading.Lock()
        self._sids = itertools.count()
        self._out: dict[str, dict[str, Verdict]] = {}
        self._errors: dict[str, list[str]] = {}
        self.rules: dict[str, dict[str, Any]] = {}
        self._actions: dict[str, Callable[[Any], None]] = {}
        self._nodes: dict[C.Condition, Ref] = {}
        self._leaves: list[tuple[int, Callable[[Mapping[str, Any]], bool | None]]] = []
        self._sat_items: list[tuple[str, int]] = []
        self._plan = python_engine.plan(ruleset)
        for ob in ruleset.obligations:
            self._obligation(ob)
        self._rule("phase", [{"m": {"t": "$phase"}}], lambda c: None)
        host.actions.update(self._actions)
        try:
            host.register_rulesets(json.loads(json.dumps({self.name: self.rules})))
        except _dre.error as exc:
            for action_name in self._actions:  # nothing of a refused ruleset stays behind
                host.actions.pop(action_name, None)
            if not any(f"error code: {code}" in str(exc) for code in DURABLE_SIZE_ERRORS):
                raise
            raise UsageError(f"ruleset {ruleset.id} is too large for durable-rules' fixed tables "
                             f"({exc}): use the python engine") from None
        self.handle = host.get_ruleset(self.name)

    def _check_size(self) -> None:
        props = 2 + sum(len(d.values) if d.type == "set" else 1 for d in self.domains.values())
        content = 3 + len(self.ruleset.cadences) + sum(
            len(d.values) if d.type == "set" else 1 for d in self.content_domains.values())
        if max(props, content) > MAX_PROPERTIES:
            raise UsageError(f"ruleset {self.ruleset.id} needs {max(props, content)} properties per fact; "
                             f"durable-rules allows {MAX_PROPERTIES}: use the python engine")

    # -- rule construction

    def _rule(self, key: str, patterns: list[dict[str, Any]], action: Callable[[Any], None]) -> None:
        action_name = f"{self.name}:{key}"
        self.rules[key] = {"all": patterns, "run": action_name}

        def guarded(c: Any) -> None:
            try:
                action(c)
            except Exception as exc:  # durable would swallow it into the state (#305)
                self._errors.setdefault(c.s.sid, []).append(f"{key}: {exc!r}")

        self._actions[action_name] = guarded

    def _derive(self, key: str, patterns: list[dict[str, Any]], fact: dict[str, Any]) -> None:
        self._rule(key, patterns, functools.partial(_observe, fact=fact))

    def _finding(self, verdict: Verdict) -> Callable[[Any], None]:
        def record(c: Any) -> None:
            out = self._out[c.s.sid]
            previous = out.setdefault(verdict.obligation, verdict)
            if previous != verdict:
                raise EvaluationError(f"{verdict.obligation}: both {previous} and {verdict}")

        return record

    def node(self, cond: C.Condition) -> Ref:
        """The engine's reference for ``cond``, creating its node (and rules) the first time."""
        if cond in self._nodes:
            return self._nodes[cond]
        ref = self._new_node(cond)
        self._nodes[cond] = ref
        return ref

    def _new_node(self, cond: C.Condition) -> Ref:
        if isinstance(cond, C.Not):
            inner = self.node(cond.item)
            return (not inner) if isinstance(inner, bool) else (inner[0], not inner[1])
        if isinstance(cond, C.Leaf):
            # a leaf's truth (T, F or U) is resolved in Python and asserted as its condition fact, as the
            # recency of evidence is: durable derives every compound condition and verdict from these
            n = len(self._nodes)
            test = python_engine.compile_condition(cond)
            if isinstance(test, bool):  # pragma: no cover - a leaf always reads its subject
                return test
            self._leaves.append((n, test))
            return (n, False)
        is_all = isinstance(cond, C.All)
        absorbing, neutral = (False, True) if is_all else (True, False)
        refs: list[tuple[int, bool]] = []
        for item in cond.items:
            ref = self.node(item)
            if ref is absorbing:
                return absorbing
            if ref is not neutral and ref not in refs:
                assert not isinstance(ref, bool)
                refs.append(ref)
        if not refs:
            return neutral
        if len(refs) == 1:
            return refs[0]
        n = len(self._nodes) + 100_000  # compound ids never collide with leaf ids
        every, some = ("T", "F") if is_all else ("F", "T")  # all: T if every child T; F if some child F
        def must(ref: tuple[int, bool], truth: str, alias: str) -> dict[str, Any]:
            pattern = self._is(ref, {truth}, alias)
            assert pattern is not None  # a single truth always needs a pattern
            return pattern

        self._derive(f"c{n}.{every}", [must(ref, every, f"x{j}") for j, ref in enumerate(refs)],
                     {"t": "c", "n": n, "v": every})
        for j, ref in enumerate(refs):
            self._derive(f"c{n}.{some}{j}", [must(ref, some, "x")], {"t": "c", "n": n, "v": some})
        self._unknown(n)
        return (n, False)

    def _unknown(self, n: int) -> None:
        """After the phase fact: neither true nor false is unknown (the only negated condition facts)."""
        self._derive(f"c{n}.U", [
            {"ph": {"t": "$phase"}},
            {"m_1$not": {"$and": [{"t": "c"}, {"n": n}, {"v": "T"}]}},
            {"m_2$not": {"$and": [{"t": "c"}, {"n": n}, {"v": "F"}]}},
        ], {"t": "c", "n": n, "v": "U"})

    @staticmethod
    def _is(ref: tuple[int, bool], truths: set[str], alias: str) -> dict[str, Any] | None:
        """A pattern requiring the node's truth to be one of ``truths`` (non-empty); None if any will do."""
        n, negated = ref
        own = {FLIP[t] for t in truths} if negated else truths
        if own >= TRUTHS:
            return None
        test: dict[str, Any] = {"v": next(iter(own))} if len(own) == 1 else {"$neq": {"v": next(iter(TRUTHS - own))}}
        return {alias: {"$and": [{"t": "c"}, {"n": n}, test]}}

    def _obligation(self, ob: Obligation) -> None:
        rs, i = self.ruleset, ob.index

        def add(key: str, requires: list[tuple[Ref, set[str]]], cause: Cause, ground: str | None = None,
                variant: str | None = None, waived: bool = False, evidence: bool | None = None,
                extra: list[dict[str, Any]] | None = None, phase: bool = False) -> None:
            context: dict[str, Any] = {"t": "ob", "o": i, "w": _yn(waived)}
            if evidence is not None:
                context["ev"] = _yn(evidence)
            patterns: list[dict[str, Any]] = [{"ph": {"t": "$phase"}}] if phase else []
            patterns.append({"o": and_(*({k: v} for k, v in context.items()))})
            # one pattern per condition node (durable binds each fact to one alias): intersect the truths
            merged: dict[int, set[str]] = {}
            for ref, truths in requires:
                if isinstance(ref, bool):
                    if ("T" if ref else "F") not in truths:
                        return  # a constant outside the allowed truths: the rule can never hold
                    continue
                n, negated = ref
                own = {FLIP[t] for t in truths} if negated else set(truths)
                merged[n] = merged.get(n, set(TRUTHS)) & own
            if any(not truths for truths in merged.values()):
                return  # contradictory requirements on one condition: the rule can never hold
            for j, (n, truths) in enumerate(sorted(merged.items())):
                pattern = self._is((n, False), truths, f"c{j}")
                if pattern is not None:
                    patterns.append(pattern)
            self._rule(f"{i}.{key}", [*patterns, *(extra or [])],
                       self._finding(Verdict(ob.id, cause, ground, variant)))

        T, F, U = {"T"}, {"F"}, {"U"}
        NOT_F, NOT_T = {"T", "U"}, {"F", "U"}
        applies = self.node(ob.applies_when)
        exempting = [(g, self.node(g.when)) for g in rs.exempting(ob.id)]
        tailoring = [(g, self.node(g.when)) for g in rs.tailoring(ob.id)]
        for waived in (False, True):
            tag = "w" if waived else ""
            add(f"na{tag}", [(applies, F)], "applicability", waived=waived)
            for k, (ground, ref) in enumerate(exempting):
                add(f"na{ground.index}{tag}", [(applies, NOT_F), (ref, T), *((r, NOT_T) for _, r in exempting[:k])],
                    "ground", ground=ground.id, waived=waived)
        not_exempt = [(applies, NOT_F), *((r, NOT_T) for _, r in exempting)]
        add("wv", not_exempt, "waiver", waived=True)
        add("unkA", [*not_exempt, (applies, U)], "unknown")
        for ground, ref in exempting:
            add(f"unkG{ground.index}", [*not_exempt, (ref, U)], "unknown")
        resolved = [(applies, T), *((r, F) for _, r in exempting)]
        for k, (ground, ref) in enumerate(tailoring):
            add(f"unkT{ground.index}", [*resolved, *((r, F) for _, r in tailoring[:k]), (ref, U)], "unknown")
        variants: list[tuple[Ground | None, list[tuple[Ref, set[str]]]]] = [
            (g, [*resolved, *((r, F) for _, r in tailoring[:k]), (ref, T)]) for k, (g, ref) in enumerate(tailoring)]
        variants.append((None, [*resolved, *((r, F) for _, r in tailoring)]))
        for tailored_by, selected in variants:
            tag, variant = (f"t{tailored_by.index}", tailored_by.id) if tailored_by else ("std", None)
            requirement = tailored_by.tailored[ob.id] if tailored_by else ob.requirement
            add(f"{tag}.nd", selected, "no_evidence_data", variant=variant, evidence=False)
            keys = [f"{i}.{tag}.{j}" for j in range(len(requirement.items))]
            for key, item in zip(keys, requirement.items, strict=True):
                # whether some evidence item meets the item (kind, recency, content) is resolved in Python
                # and asserted as a sat fact; met and gap are decided here from those facts
                self._sat_items.append((key, self._plan.item_keys[item]))
            sat = [{f"s{j}": {"$and": [{"t": "sat"}, {"k": key}]}} for j, key in enumerate(keys)]
            add(f"{tag}.met", selected, "met", variant=variant, evidence=True, extra=sat)
            for j, key in enumerate(keys):
                add(f"{tag}.gap{j}", selected, "gap", variant=variant, evidence=True, phase=True,
                    extra=[{"m_1$not": {"$and": [{"t": "sat"}, {"k": key}]}}])

    # -- evaluation

    def facts(self, facts: Facts) -> list[dict[str, Any]]:
        """The facts of one profile: the truth of every leaf condition, one fact per obligation (waived?
        evidence listed?) and a sat fact per requirement item that some evidence item meets."""
        traits = facts.traits
        out: list[dict[str, Any]] = [
            {"t": "c", "n": n, "v": "U" if truth is None else "T" if truth else "F"}
            for n, truth in ((n, test(traits)) for n, test in self._leaves)]
        no_evidence = facts.evidence is None if facts.evidence_resolved else facts.profile.evidence is None
        listed = _yn(not no_evidence)
        if not no_evidence:
            done = self._plan.satisfied(facts)
            out.extend({"t": "sat", "k": key} for key, item in self._sat_items if item in done)
        for ob in self.ruleset.obligations:
            out.append({"t": "ob", "o": ob.index, "w": _yn(ob.id in facts.waivers), "ev": listed})
        return out

    def _batch(self, facts: list[dict[str, Any]]) -> None:
        payload = json.dumps(facts, ensure_ascii=False)
        try:
            _, offset = _dre.assert_facts(self.handle._handle, payload)
        except _dre.error as exc:
            if "error code: 303" in str(exc):  # ERR_MAX_STACK_SIZE: a fact reaches too many alpha nodes
                raise UsageError(f"ruleset {self.ruleset.id} has conditions too large for durable-rules "
                                 "(error 303 while matching facts): use the python engine") from None
            raise
        errors: list[Any] = []
        self.handle.do_actions(offset, lambda error, _state: errors.append(error))
        if errors and errors[0] is not None:
            raise EvaluationError(f"durable-rules failed: {errors[0]!r}")

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        with self.lock:
            sid = f"s{next(self._sids)}"
            self._out[sid] = {}
            self._errors[sid] = []
            phased = False
            try:
                self._batch([dict(f, sid=sid) for f in self.facts(facts)])  # stratum 0
                self._batch([{"t": "$phase", "sid": sid}])  # stratum 1: negation
                phased = True
                state = self.handle.get_state(sid)
                if "exception" in state:
                    raise EvaluationError(f"durable-rules action failed: {state['exception']}")
            finally:
                if not phased:
                    try:  # make sure an action ran for this sid, or deleting it would crash
                        self._batch([{"t": "$phase", "sid": sid}])
                        phased = True
                    except Exception:
                        pass
                if phased:
                    self.handle.delete_state(sid)
                verdicts = self._out.pop(sid)
                errors = self._errors.pop(sid)
        if errors:
            raise EvaluationError("durable-rules action error: " + "; ".join(errors))
        missing = [ob.id for ob in self.ruleset.obligations if ob.id not in verdicts]
        if missing:
            raise EvaluationError(f"durable-rules gave no verdict for {', '.join(missing)}")
        return verdicts


class DurableEngine:
    name = "durable"

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        return compiled(facts.ruleset).decide(facts)
