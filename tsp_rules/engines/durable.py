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

How the rules look: the profile is one fact whose properties are the known trait values (unknown
traits are absent), a flag per waived obligation and whether evidence was listed at all. Each
condition compiles to three single-fact expressions (true, false, unknown) by Kleene's logic, so
precedence (applicability, exempting grounds, waivers, unknowns, tailoring) needs no negation.
Evidence facts carry, per cadence, a flag that Python resolved against the check date; a rule per
evidence requirement derives a ``sat`` fact, a positive join of them gives ``met``, and a negated one,
after the phase fact, gives ``gap``.
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
from tsp_rules.engines.base import Cause, Verdict
from tsp_rules.errors import EvaluationError, UsageError
from tsp_rules.facts import Facts
from tsp_rules.ruleset import Obligation, Ruleset

warnings.filterwarnings(
    "ignore", message=r"datetime\.datetime\.utcfromtimestamp", category=DeprecationWarning,
    module=r"durable\.engine",
)

MAX_PROPERTIES = 250  # durable allows 254 properties per fact
Expr = Any  # a durable JSON expression (dict), or True / False for constants

# ------------------------------------------------------------------------------------- expressions


def and_(*items: Expr) -> Expr:
    out: list[Any] = []
    for item in items:
        if item is False:
            return False
        if item is True:
            continue
        out.extend(item["$and"] if set(item) == {"$and"} else [item])
    return True if not out else out[0] if len(out) == 1 else {"$and": out}


def or_(*items: Expr) -> Expr:
    out: list[Any] = []
    for item in items:
        if item is True:
            return True
        if item is False:
            continue
        out.extend(item["$or"] if set(item) == {"$or"} else [item])
    return False if not out else out[0] if len(out) == 1 else {"$or": out}


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


def encode(values: Mapping[str, C.Value], domains: Mapping[str, C.Domain], prefix: str) -> dict[str, Any]:
    """Fact properties for known values, in the encoding :func:`compile_condition` expects."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        domain, prop = domains[name], prefix + name
        if domain.type == "set":
            assert isinstance(value, frozenset)
            out.update({f"{prop}__{v}": _yn(v in value) for v in domain.values})
        elif domain.type == "bool":
            out[prop] = _yn(bool(value))
        else:
            out[prop] = value
    return out


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
                for item in req.items:
                    for kind in item.kinds:
                        keys = self.kind_cadences.setdefault(kind, [])
                        if item.cadence.key not in keys:
                            keys.append(item.cadence.key)
        self._encode_traits = _encoder(self.domains, "t_")
        self._encode_content = _encoder(self.content_domains, "c_")
        self.lock = threading.Lock()
        self._sids = itertools.count()
        self._out: dict[str, dict[str, Verdict]] = {}
        self._errors: dict[str, list[str]] = {}
        self.rules: dict[str, dict[str, Any]] = {}
        self._actions: dict[str, Callable[[Any], None]] = {}
        self._check_size()
        for ob in ruleset.obligations:
            self._obligation(ob)
        self._rule("phase", [{"m": {"t": "$phase"}}], lambda c: None)
        host.actions.update(self._actions)
        host.register_rulesets(json.loads(json.dumps({self.name: self.rules})))
        self.handle = host.get_ruleset(self.name)

    def _check_size(self) -> None:
        props = 2 + len(self.ruleset.obligations) + sum(
            len(d.values) if d.type == "set" else 1 for d in self.domains.values())
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

    def _finding(self, verdict: Verdict) -> Callable[[Any], None]:
        def record(c: Any) -> None:
            out = self._out[c.s.sid]
            previous = out.setdefault(verdict.obligation, verdict)
            if previous != verdict:
                raise EvaluationError(f"{verdict.obligation}: both {previous} and {verdict}")

        return record

    def _obligation(self, ob: Obligation) -> None:
        rs, i = self.ruleset, ob.index
        def tri(cond: C.Condition) -> Tri:
            return compile_condition(cond, self.domains, "t_")

        def profile(expr: Expr) -> dict[str, Any] | None:
            body = and_({"t": "profile"}, expr)
            return None if body is False else {"p": body}

        def add(key: str, expr: Expr, cause: Cause, ground: str | None = None, variant: str | None = None,
                extra: list[dict[str, Any]] | None = None, before: list[dict[str, Any]] | None = None) -> None:
            pattern = profile(expr)
            if pattern is not None:
                self._rule(f"{i}.{key}", [*(before or []), pattern, *(extra or [])],
                           self._finding(Verdict(ob.id, cause, ground, variant)))

        applies = tri(ob.applies_when)
        add("na", applies.F, "applicability")
        exempting = [(g, tri(g.when)) for g in rs.exempting(ob.id)]
        prior: list[Expr] = []
        for ground, t in exempting:
            add(f"na{ground.index}", and_(applies.not_false, t.T, *prior), "ground", ground=ground.id)
            prior.append(t.not_true)
        not_exempt = and_(applies.not_false, *prior)
        waived, not_waived = {f"w_{i}": "y"}, {"$nex": {f"w_{i}": 1}}
        add("wv", and_(not_exempt, waived), "waiver")
        chain_unknown: list[Expr] = []
        previous_false: list[Expr] = []
        variants: list[tuple[Any, Expr]] = []
        for ground in rs.tailoring(ob.id):
            t = tri(ground.when)
            chain_unknown.append(and_(*previous_false, t.U))
            variants.append((ground, and_(*previous_false, t.T)))
            previous_false.append(t.F)
        variants.append((None, and_(*previous_false)))
        resolved = and_(applies.T, *(t.F for _, t in exempting))
        undecided = or_(applies.U, *(t.U for _, t in exempting), *chain_unknown)
        add("unk", and_(not_exempt, undecided, not_waived), "unknown")
        for ground, chosen in variants:
            tag, variant = (f"t{ground.index}", ground.id) if ground else ("std", None)
            requirement = ground.tailored[ob.id] if ground else ob.requirement
            selected = and_(resolved, chosen, not_waived)
            add(f"{tag}.nd", and_(selected, {"ev": "n"}), "no_evidence_data", variant=variant)
            matches = []
            for item in requirement.items:
                content = compile_condition(item.content, self.content_domains, "c_").T
                matches.append(and_({"t": "ev"}, or_(*({"k": k} for k in item.kinds)),
                                    {f"f_{item.cadence.key}": "y"}, content))
            kinds = [set(item.kinds) for item in requirement.items]
            if all(not a & b for a, b in itertools.combinations(kinds, 2)):
                # No evidence item can satisfy two items of this requirement (their kinds differ), so the
                # items join directly on the evidence facts: no derived facts, and fewer actions. (A
                # fact cannot be bound to two patterns of one rule, which is why overlapping kinds
                # need the derived 'sat' facts below.)
                if all(match is not False for match in matches):
                    add(f"{tag}.met", and_(selected, {"ev": "y"}), "met", variant=variant,
                        extra=[{f"e{j}": match} for j, match in enumerate(matches)])
                for j, match in enumerate(matches):
                    add(f"{tag}.gap{j}", and_(selected, {"ev": "y"}), "gap", variant=variant,
                        before=[{"ph": {"t": "$phase"}}],
                        extra=[{"m_1$not": match}] if match is not False else [])
                continue
            keys = []
            for j, match in enumerate(matches):
                key = f"{i}.{tag}.{j}"
                keys.append(key)
                if match is not False:
                    fact = {"t": "sat", "k": key}
                    self._rule(f"s.{key}", [{"e": match}], functools.partial(_observe, fact=fact))
            sat = [{f"s{j}": {"$and": [{"t": "sat"}, {"k": key}]}} for j, key in enumerate(keys)]
            add(f"{tag}.met", and_(selected, {"ev": "y"}), "met", variant=variant, extra=sat)
            for j, key in enumerate(keys):
                add(f"{tag}.gap{j}", and_(selected, {"ev": "y"}), "gap", variant=variant,
                    before=[{"ph": {"t": "$phase"}}],
                    extra=[{"m_1$not": {"$and": [{"t": "sat"}, {"k": key}]}}])

    # -- evaluation

    def facts(self, facts: Facts) -> list[dict[str, Any]]:
        rs = self.ruleset
        profile: dict[str, Any] = {"t": "profile", "ev": _yn(facts.evidence is not None)}
        profile.update(self._encode_traits(facts.traits))
        for ob in rs.obligations:
            if ob.id in facts.waivers:
                profile[f"w_{ob.index}"] = "y"
        out = []
        for ev in facts.evidence or ():
            recent = [f"f_{key}" for key in self.kind_cadences.get(ev.evidence.kind, ()) if ev.fits[key].ok]
            if not recent:
                continue  # every evidence pattern needs a kind and a recency flag: this item matches none
            fact: dict[str, Any] = {"t": "ev", "k": ev.evidence.kind, "i": ev.index}
            fact.update(dict.fromkeys(recent, "y"))
            fact.update(self._encode_content(ev.content))
            out.append(fact)
        out.append(profile)
        return out

    def _batch(self, facts: list[dict[str, Any]]) -> None:
        payload = json.dumps(facts, ensure_ascii=False)
        _, offset = _dre.assert_facts(self.handle._handle, payload)
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
