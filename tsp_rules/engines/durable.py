"""The durable-rules back end: the ruleset compiled to durable-rules JSON rulesets.

This is the only module that imports durable-rules. It follows the wrapper rules measured in
``shared/research/durable-rules.md``:

* one ``Host`` per process, with its polling timer threads disabled (``_run`` is a no-op);
* one durable ruleset per compiled ruleset, named with its content digest and registered once;
* one fresh session id (sid) per evaluation, whose state is deleted in ``finally``; every sid runs at
  least one action (the phase sentinel), because deleting a sid where no action ran crashes;
* facts are asserted through ``durable_rules_engine.assert_facts`` and the agenda is run through the C
  API (a fact that matches no rule is normal, not an error);
* strata: the only negated patterns (a missing satisfied-requirement fact, a compound condition neither
  true nor false) wait for a ``$phase`` fact that is asserted after the first batch's agenda has
  finished, because durable's negation is not retractive;
* action errors are captured and raised, never swallowed; a lock per ruleset serialises sids.

How the rules look (few rules, few actions per profile: about 16 with ruleset 2.0.0, from 62 and then 33):

* **Leaf truths from Python.** The truth of every leaf condition on the traits (``T``, ``F`` or ``U``) is
  computed in Python (by the compiled python engine's closures) and asserted as condition facts
  ``c(n, v)``, as the recency of evidence always was; so is, per requirement item, whether some evidence
  item meets it (kind, recency for its cadence, content): a ``sat`` fact. durable derives everything else.
* **Truth ids.** Every condition is a truth id: a node's id is even, its negation is the id + 1 (both are
  asserted, flipped), the constants are 0 (true) and 1 (false). A condition fact also carries a bucket
  ``b`` (the group of rules that reads it): durable lets one fact reach at most 64 join nodes (error 303).
* **Compound nodes.** Every distinct compound condition is a node fact (``nd``: its id, kind and arity,
  its children's ids). One rule per (kind, arity) and outcome derives ``T``/``F`` for *every* node it
  matches by joins on the children's ids (Kleene's logic: ``all`` is false if a child is false, true if all
  are true); after the phase fact, one negated rule derives ``U`` for every node neither true nor false.
* **Obligation rules per shape.** One fact per obligation carries its shape, its truth ids (applicability,
  exempting grounds, tailorings), its requirement items' keys, whether a decision waives it and whether
  evidence was listed. The precedence (applicability, exempting grounds, waiver, unknowns, tailoring) is a
  set of mutually exclusive rules per *shape* (numbers of grounds, tailorings and items), joining the
  obligation fact to its condition facts by id; a positive join of the ``sat`` facts gives ``met``, a
  negated one, after the phase fact, ``gap``.
* **Captures.** Every rule has durable's ``cap``: one action receives every match present, so one action
  records the verdicts of all obligations of a shape decided the same way (or derives all nodes' truths).
  The agenda is run through durable's C API directly (``start_action_for_state``,
  ``complete_and_start_action``): no closure, no state document round trip per action.
"""

from __future__ import annotations

import contextlib
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

from tsp_rules.engines import python as python_engine
from tsp_rules.engines.base import Verdict
from tsp_rules.engines.facts import Facts
from tsp_rules.errors import EvaluationError, UsageError
from tsp_rules.model import conditions as C
from tsp_rules.model.ruleset import Obligation, Ruleset

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


try:  # orjson reads and writes durable's JSON about twice as fast; the standard library otherwise
    import orjson

    def _dumps(data: Any) -> str:
        return orjson.dumps(data).decode("utf-8")

    _loads: Callable[[str], Any] = orjson.loads
except ImportError:  # pragma: no cover - orjson is a dependency
    def _dumps(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False)

    _loads = json.loads

TRUE_ID, FALSE_ID = 0, 1
"""The truth ids of the constants: every profile asserts ``c(0, T)`` and ``c(1, F)``."""
MAX_ARITY = 8
"""Children per compound node: a wider ``all``/``any`` becomes a tree (node facts stay far below durable's
254 properties, rules small)."""
CAP = 10_000
"""durable's ``cap``: one action receives every match of its rule available at that moment (up to this)."""


def _neq(truths: set[str]) -> dict[str, Any] | None:
    """The test on a condition fact's ``v`` for one of ``truths``; None if any truth will do."""
    if truths >= TRUTHS:
        return None
    if len(truths) == 1:
        return {"v": next(iter(truths))}
    return {"$neq": {"v": next(iter(TRUTHS - truths))}}


@attrs.frozen
class Shape:
    """What the rules of an obligation depend on: its numbers of exempting and tailoring grounds, the
    number of requirement items of each variant (tailorings in order, then the standard requirement),
    and which of its condition references are equal (durable binds one fact to one alias per match, so
    two equal references are one pattern). Obligations of one shape share their rules."""

    grounds: int
    tailorings: int
    items: tuple[int, ...]
    same: tuple[int, ...]
    """For each reference field (``a``, ``g0``…, ``t0``…), the first field with the same truth id."""
    constant: tuple[str | None, ...] = ()
    """For each reference field, ``T`` or ``F`` where it is a constant (folded into the rules), else None."""


class CompiledRuleset:
    """See the module docstring. Rules are per :class:`Shape` of obligation and per (kind, arity) of
    compound condition, each with ``cap`` so that one action records every match present: the verdicts
    of all obligations of one shape decided the same way, or the truths of all nodes derived together.
    The agenda is run through durable's C API (``start_action_for_state``, ``complete_and_start_action``)
    by :meth:`_run_agenda`: a match is read from its JSON, nothing of durable's per-action Python layer
    (closure, state document round trip) runs."""

    def __init__(self, ruleset: Ruleset, host: _Host) -> None:
        self.ruleset = ruleset
        self.name = f"tsp_{_sid_safe(ruleset.id)}_{ruleset.digest.split(':')[-1][:12]}"
        self.domains = ruleset.domains
        self.lock = threading.Lock()
        self._sids = itertools.count()
        self._out: dict[str, dict[str, Verdict]] = {}
        self._errors: dict[str, list[str]] = {}
        self.rules: dict[str, dict[str, Any]] = {}
        self._actions: dict[str, Callable[[Any], None]] = {}
        self._handlers: dict[str, Callable[[str, list[dict[str, Any]]], list[dict[str, Any]]]] = {}
        self._nodes: dict[C.Condition, int] = {}  # condition -> truth id (its negation: the id ^ 1)
        self._ids = 0  # node ids given so far (node k has truth id 2k; 0 and 1 are the constants)
        self._leaves: list[tuple[int, Callable[[Mapping[str, Any]], bool | None]]] = []
        self._compound: list[dict[str, Any]] = []  # the node facts (the same for every profile)
        self._arities: set[tuple[str, int]] = set()
        # the buckets in which each truth id is asserted: a condition fact carries the bucket (``b``) of the
        # rules that read it (a shape of obligation, a kind and arity of node, ``u`` for the unknown rule),
        # so that no fact reaches more than a few of durable's join nodes (it allows 64: error 303)
        self._uses: dict[int, set[str]] = {}
        self._derived: dict[str, set[int]] = {}
        self._plan = python_engine.plan(ruleset)
        self._shapes: dict[Shape, str] = {}
        self._verdicts: list[dict[str, Verdict]] = []  # per obligation index: rule key -> verdict
        self._obligations: list[tuple[dict[str, Any], str]] = []  # (obligation fact, field of 'w')
        for ob in ruleset.obligations:
            self._obligation(ob)
        for kind, arity in sorted(self._arities):
            self._compound_rules(kind, arity)
        if self._compound:
            for fact in self._compound:
                self._uses.setdefault(fact["n"], set()).add("u")
            self._rule("nodeU", [{"ph": {"t": "$phase"}}, {"nd": {"t": "nd"}},
                                 {"m_1$not": {"$and": [{"t": "c"}, {"b": "u"}, {"n": {"nd": "n"}}, {"v": "T"}]}},
                                 {"m_2$not": {"$and": [{"t": "c"}, {"b": "u"}, {"n": {"nd": "n"}}, {"v": "F"}]}}],
                       self._derive_truth("U"))
        self._leaf_facts = [(n, test, sorted(self._uses.get(n, ())), sorted(self._uses.get(n + 1, ())))
                            for n, test in self._leaves]
        self._constants = [{"t": "c", "b": b, "n": n, "v": v}
                           for n, v in ((TRUE_ID, "T"), (FALSE_ID, "F")) for b in sorted(self._uses.get(n, ()))]
        self._buckets = {n: sorted(b) for n, b in self._uses.items()}
        # the sentinel: every sid runs at least this action (deleting a sid where none ran crashes)
        self._rule("phase", [{"m": {"t": "$phase"}}], lambda sid, frames: [], cap=False)
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

    # -- rule construction

    def _rule(self, key: str, patterns: list[dict[str, Any]],
              handler: Callable[[str, list[dict[str, Any]]], list[dict[str, Any]]], cap: bool = True) -> None:
        """A rule whose matches go to ``handler(sid, matches)``, which returns the facts to derive."""
        action_name = f"{self.name}:{key}"
        self.rules[key] = {"all": patterns, "run": action_name, **({"cap": CAP} if cap else {})}
        self._handlers[key] = handler

        def never(c: Any) -> None:  # pragma: no cover - the agenda is run by _run_agenda, not by durable
            raise EvaluationError(f"durable-rules ran {key} through its Python layer")

        self._actions[action_name] = never

    def _derive_truth(self, truth: str) -> Callable[[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        """A handler deriving ``truth`` for each matched node (``nd``) and its flip for the negation."""
        flipped = FLIP[truth]

        def derive(sid: str, frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            done = self._derived[sid]
            buckets = self._buckets
            for frame in frames:
                n = frame["nd"]["n"]
                if n in done:  # false by two children: derived once
                    continue
                done.add(n)
                out.extend({"t": "c", "b": b, "n": n, "v": truth, "sid": sid} for b in buckets.get(n, ()))
                out.extend({"t": "c", "b": b, "n": n ^ 1, "v": flipped, "sid": sid} for b in buckets.get(n ^ 1, ()))
            return out

        return derive

    def _compound_rules(self, kind: str, arity: int) -> None:
        """All: T if every child is T, F if some child is F; any: the other way round."""
        every, some = ("T", "F") if kind == "a" else ("F", "T")
        bucket = f"{kind}{arity}"
        node = {"nd": {"$and": [{"t": "nd"}, {"k": bucket}]}}

        def child(j: int, truth: str) -> dict[str, Any]:
            return {f"x{j}": {"$and": [{"t": "c"}, {"b": bucket}, {"n": {"nd": f"c{j}"}}, {"v": truth}]}}

        self._rule(f"{kind}{arity}.{every}", [node, *(child(j, every) for j in range(arity))],
                   self._derive_truth(every))
        for j in range(arity):
            self._rule(f"{kind}{arity}.{some}{j}", [node, child(j, some)], self._derive_truth(some))

    def node(self, cond: C.Condition) -> int:
        """The truth id of ``cond`` (even: a node; odd: its negation), creating the node the first time."""
        if cond in self._nodes:
            return self._nodes[cond]
        ref = self._new_node(cond)
        self._nodes[cond] = ref
        return ref

    def _new_node(self, cond: C.Condition) -> int:
        if isinstance(cond, C.Not):
            return self.node(cond.item) ^ 1
        if isinstance(cond, C.Leaf):
            # a leaf's truth (T, F or U) is resolved in Python and asserted as its condition facts (both
            # polarities), as the recency of evidence is: durable derives every compound truth and verdict
            test = python_engine.compile_condition(cond)
            if isinstance(test, bool):  # pragma: no cover - a leaf always reads its subject
                return TRUE_ID if test else FALSE_ID
            self._ids += 1
            n = 2 * self._ids
            self._leaves.append((n, test))
            return n
        is_all = isinstance(cond, C.All)
        absorbing, neutral = (FALSE_ID, TRUE_ID) if is_all else (TRUE_ID, FALSE_ID)
        refs: list[int] = []
        for item in cond.items:
            ref = self.node(item)
            if ref == absorbing:
                return absorbing
            if ref != neutral and ref not in refs:
                refs.append(ref)
        if not refs:
            return neutral
        if len(refs) == 1:
            return refs[0]
        return self._compound_node("a" if is_all else "o", refs)

    def _compound_node(self, kind: str, refs: list[int]) -> int:
        """A node of ``kind`` (``a``: all, ``o``: any) over ``refs``; a wide one as a tree of nodes of at most
        :data:`MAX_ARITY` children (Kleene's and/or are associative, so the truth is the same)."""
        while len(refs) > MAX_ARITY:
            refs = [refs[0] if len(chunk) == 1 else self._compound_node(kind, chunk)
                    for chunk in (refs[k:k + MAX_ARITY] for k in range(0, len(refs), MAX_ARITY))]
        self._ids += 1
        n = 2 * self._ids
        self._arities.add((kind, len(refs)))
        for r in refs:
            self._uses.setdefault(r, set()).add(f"{kind}{len(refs)}")
        self._compound.append({"t": "nd", "n": n, "k": f"{kind}{len(refs)}",
                               **{f"c{j}": r for j, r in enumerate(refs)}})
        return n

    def _obligation(self, ob: Obligation) -> None:
        rs = self.ruleset
        exempting = rs.exempting(ob.id)
        tailoring = rs.tailoring(ob.id)
        refs = [self.node(ob.applies_when), *(self.node(g.when) for g in exempting),
                *(self.node(g.when) for g in tailoring)]
        requirements = [*(g.tailored[ob.id] for g in tailoring), ob.requirement]
        keys = [sorted({self._plan.item_keys[item] for item in req.items}) for req in requirements]
        shape = Shape(len(exempting), len(tailoring), tuple(len(k) for k in keys),
                      tuple(refs.index(r) for r in refs),
                      tuple("T" if r == TRUE_ID else "F" if r == FALSE_ID else None for r in refs))
        name = self._shapes.get(shape)
        if name is None:
            name = self._shapes[shape] = f"s{len(self._shapes)}"
            self._shape_rules(shape, name)
        fields = ["a", *(f"g{k}" for k in range(shape.grounds)), *(f"t{k}" for k in range(shape.tailorings))]
        fact: dict[str, Any] = {"t": "ob", "s": name, "o": ob.index, **dict(zip(fields, refs, strict=True))}
        for r in refs:
            if r not in (TRUE_ID, FALSE_ID):  # constants are folded into the shape's rules
                self._uses.setdefault(r, set()).add(name)
        for v, variant_keys in enumerate(keys):
            fact.update({f"i{v}_{j}": key for j, key in enumerate(variant_keys)})
        self._obligations.append((fact, ob.id))
        verdicts: dict[str, Verdict] = {"na": Verdict(ob.id, "applicability"), "wv": Verdict(ob.id, "waiver"),
                                        "unk": Verdict(ob.id, "unknown")}
        for k, g in enumerate(exempting):
            verdicts[f"na{k}"] = Verdict(ob.id, "ground", ground=g.id)
        variants: list[str | None] = [*(g.id for g in tailoring), None]
        for v, variant in enumerate(variants):
            verdicts[f"v{v}.no_evidence_data"] = Verdict(ob.id, "no_evidence_data", variant=variant)
            verdicts[f"v{v}.met"] = Verdict(ob.id, "met", variant=variant)
            verdicts[f"v{v}.gap"] = Verdict(ob.id, "gap", variant=variant)
        self._verdicts.append(verdicts)

    def _shape_rules(self, shape: Shape, name: str) -> None:
        """The precedence of the reference evaluator as mutually exclusive joins of the obligation fact with
        its condition facts (by truth id), for every obligation of ``shape`` at once."""
        fields = ["a", *(f"g{k}" for k in range(shape.grounds)), *(f"t{k}" for k in range(shape.tailorings))]
        grounds, tailorings = fields[1:1 + shape.grounds], fields[1 + shape.grounds:]
        T, F, U = {"T"}, {"F"}, {"U"}
        NOT_F, NOT_T = {"T", "U"}, {"F", "U"}

        def add(key: str, cause_key: str, requires: list[tuple[str, set[str]]], context: dict[str, str],
                extra: list[dict[str, Any]] | None = None, phase: bool = False) -> None:
            merged: dict[str, set[str]] = {}
            for field, truths in requires:  # equal references are one pattern: intersect their truths
                first = fields[shape.same[fields.index(field)]]
                merged[first] = merged.get(first, set(TRUTHS)) & truths
            if any(not truths for truths in merged.values()):
                return  # contradictory requirements on one condition: the rule can never hold
            for field in list(merged):  # a constant condition needs no pattern, or the rule never holds
                known = shape.constant[fields.index(field)]
                if known is not None and known not in merged.pop(field):
                    return
            patterns: list[dict[str, Any]] = [{"ph": {"t": "$phase"}}] if phase else []
            patterns.append({"o": and_({"t": "ob"}, {"s": name}, *({k: v} for k, v in context.items()))})
            for j, (field, truths) in enumerate(merged.items()):
                test = _neq(truths)
                if test is not None:
                    patterns.append({f"c{j}": {"$and": [{"t": "c"}, {"b": name}, {"n": {"o": field}}, test]}})
            self._rule(f"{name}.{key}", [*patterns, *(extra or [])], self._record(cause_key))

        no = {"w": "n"}
        add("na", "na", [("a", F)], {})
        for k, g in enumerate(grounds):
            add(f"na{k}", f"na{k}", [("a", NOT_F), (g, T), *((h, NOT_T) for h in grounds[:k])], {})
        not_exempt = [("a", NOT_F), *((g, NOT_T) for g in grounds)]
        add("wv", "wv", not_exempt, {"w": "y"})
        add("unkA", "unk", [*not_exempt, ("a", U)], no)
        for k, g in enumerate(grounds):
            add(f"unkG{k}", "unk", [*not_exempt, (g, U)], no)
        resolved = [("a", T), *((g, F) for g in grounds)]
        for k, t in enumerate(tailorings):
            add(f"unkT{k}", "unk", [*resolved, *((s, F) for s in tailorings[:k]), (t, U)], no)
        for v, count in enumerate(shape.items):
            selected = [*resolved, *((s, F) for s in tailorings[:v])]
            if v < shape.tailorings:
                selected.append((tailorings[v], T))
            add(f"v{v}.nd", f"v{v}.no_evidence_data", selected, {"w": "n", "ev": "n"})
            items = [f"i{v}_{j}" for j in range(count)]
            sat = [{f"s{j}": {"$and": [{"t": "sat"}, {"k": {"o": item}}]}} for j, item in enumerate(items)]
            add(f"v{v}.met", f"v{v}.met", selected, {"w": "n", "ev": "y"}, extra=sat)
            for j, item in enumerate(items):
                add(f"v{v}.gap{j}", f"v{v}.gap", selected, {"w": "n", "ev": "y"}, phase=True,
                    extra=[{"m_1$not": {"$and": [{"t": "sat"}, {"k": {"o": item}}]}}])

    def _record(self, cause_key: str) -> Callable[[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        """A handler recording, for each matched obligation, its verdict for ``cause_key``."""
        def record(sid: str, frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out = self._out[sid]
            for frame in frames:
                verdict = self._verdicts[frame["o"]["o"]][cause_key]
                previous = out.setdefault(verdict.obligation, verdict)
                if previous is not verdict and previous != verdict:
                    raise EvaluationError(f"{verdict.obligation}: both {previous} and {verdict}")
            return []

        return record

    # -- evaluation

    def facts(self, facts: Facts) -> list[dict[str, Any]]:
        """The facts of one profile: the constants' and every leaf's truth (both polarities), the compound
        condition nodes, a sat fact per requirement item that some evidence item meets, and one fact per
        obligation (its shape, truth ids and item keys; waived? evidence listed?)."""
        traits = facts.traits
        out: list[dict[str, Any]] = list(self._constants)
        for n, test, positive, negative in self._leaf_facts:
            truth = test(traits)
            v = "U" if truth is None else "T" if truth else "F"
            out.extend({"t": "c", "b": b, "n": n, "v": v} for b in positive)
            out.extend({"t": "c", "b": b, "n": n + 1, "v": FLIP[v]} for b in negative)
        out.extend(self._compound)
        no_evidence = facts.evidence is None if facts.evidence_resolved else facts.profile.evidence is None
        listed = _yn(not no_evidence)
        if not no_evidence:
            out.extend({"t": "sat", "k": key} for key in sorted(self._plan.satisfied(facts)))
        waivers = facts.waivers
        for fact, ob_id in self._obligations:
            out.append({**fact, "w": _yn(ob_id in waivers), "ev": listed})
        return out

    def _batch(self, sid: str, facts: list[dict[str, Any]]) -> None:
        payload = _dumps(facts)
        try:
            _, offset = _dre.assert_facts(self.handle._handle, payload)
        except _dre.error as exc:
            if "error code: 303" in str(exc):  # ERR_MAX_STACK_SIZE: a fact reaches too many alpha nodes
                raise UsageError(f"ruleset {self.ruleset.id} has conditions too large for durable-rules "
                                 "(error 303 while matching facts): use the python engine") from None
            raise
        self._run_agenda(sid, offset)

    def _run_agenda(self, sid: str, offset: int) -> None:
        """Run every action of the sid's agenda through durable's C API. A handler's error is recorded (and
        raised by :meth:`decide` after the sid is deleted), never swallowed; the agenda goes on."""
        handle = self.handle._handle
        result = _dre.start_action_for_state(handle, offset)
        message = result[1] if result else None
        while message:
            for key, frames in _loads(message).items():
                try:
                    derived = self._handlers[key](sid, frames if isinstance(frames, list) else [frames])
                    if derived:
                        _dre.assert_facts(handle, _dumps(derived))
                except Exception as exc:  # durable would swallow it into the state (#305)
                    self._errors.setdefault(sid, []).append(f"{key}: {exc!r}")
            message = _dre.complete_and_start_action(handle, offset)

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        with self.lock:
            sid = f"s{next(self._sids)}"
            self._out[sid] = {}
            self._errors[sid] = []
            self._derived[sid] = set()
            phased = False
            try:
                self._batch(sid, [dict(f, sid=sid) for f in self.facts(facts)])  # stratum 0
                self._batch(sid, [{"t": "$phase", "sid": sid}])  # stratum 1: negation
                phased = True
                state = self.handle.get_state(sid)
                if "exception" in state:
                    raise EvaluationError(f"durable-rules action failed: {state['exception']}")
            finally:
                if not phased:
                    try:  # make sure an action ran for this sid, or deleting it would crash
                        self._batch(sid, [{"t": "$phase", "sid": sid}])
                        phased = True
                    except Exception:
                        pass
                if phased:
                    self.handle.delete_state(sid)
                verdicts = self._out.pop(sid)
                errors = self._errors.pop(sid)
                self._derived.pop(sid, None)
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
