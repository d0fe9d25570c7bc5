"""The durable-rules back end: the ruleset compiled to one durable-rules JSON ruleset.

This is the only module that imports durable-rules. It follows the wrapper rules measured in
``shared/research/durable-rules.md``:

* one ``Host`` per process, with its polling timer threads disabled (``_run`` is a no-op);
* one durable ruleset per compiled ruleset, named with its content digest and registered once;
* one fresh session id (sid) per evaluation, whose state is deleted in ``finally``; every sid runs at
  least one action before it is deleted, because deleting a sid where no action ran crashes (every
  obligation fact matches one rule; where no action ran all the same, a ``$phase`` fact fires a sentinel
  rule first);
* facts are asserted through ``durable_rules_engine.assert_facts`` and the agenda is run through the C
  API (a fact that matches no rule is normal, not an error);
* durable's negation is not retractive: the rules use none (every test is on a value the fact carries),
  so the outcome cannot depend on the order facts arrive in and no strata are needed;
* action errors are captured and raised, never swallowed; a lock per ruleset serialises sids.

How the rules look (issue 25: one ``assert_facts`` call and one fact per obligation for each profile; 56
facts in 4.7 calls with derived condition truths before, 62 facts and 33 actions before that):

* **Condition truths and item satisfaction from Python.** The three-valued truth (``T``, ``F``, ``U``) of
  every distinct condition an obligation reads (its applicability, its exempting and tailoring grounds)
  is computed by the compiled python plan's closures, once per profile however many obligations read it;
  so is, for each requirement item, whether some evidence item meets it (kind, recency for its cadence,
  content), as recency always was resolved in Python.
* **One flat fact per obligation**: ``o`` (its index), ``a`` (applies?), ``g0``… (its exempting grounds
  in order), ``t0``… (its tailoring grounds in order), ``w`` (waived by a decision?), ``e`` (evidence
  listed?), ``i<v>_<j>`` (item j of tailoring variant v met?) and ``s<j>`` (item j of the standard
  requirement met?), every value one letter. All obligation facts of a ruleset have the same ground and
  tailoring fields, and the same item fields per variant they can select: a ground or tailoring an
  obligation lacks reads ``F`` (it never applies), an item its requirement lacks ``y`` (nothing to meet),
  so one set of rules decides every obligation. A constant condition is written into the fact's template
  when the ruleset is compiled.
* **durable decides the precedence** of the reference evaluator (applicability, exempting grounds in
  order, waiver, unknowns, tailorings in order, evidence listed, every item met) as mutually exclusive
  rules on the obligation fact alone: no joins, no negation, no derived facts. Every rule has ``cap``, so
  one action receives every obligation decided by that rule (about 6 actions per profile with ruleset
  2.0.0, 29 verdicts). The agenda is run through durable's C API (``start_action_for_state``,
  ``complete_and_start_action``): a match is read from its JSON, nothing of durable's per-action Python
  layer (closure, state document round trip) runs.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import operator
import re
import threading
import warnings
from collections.abc import Callable
from typing import Any

import durable_rules_engine as _dre
from durable import engine as _durable

from tsp_rules.engines import python as python_engine
from tsp_rules.engines.base import Verdict
from tsp_rules.engines.facts import Facts
from tsp_rules.errors import EvaluationError, UsageError
from tsp_rules.model.ruleset import Ruleset

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


MAX_EXPRESSION_SIZE = 24
"""durable-rules refuses a rule whose expression sequence reaches 32 entries (error 113); a rule whose
expression is larger than this is split into several rules with the same outcome."""

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
    recursively. The parts may overlap; rules built from them have the same outcome.
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

LETTER: dict[bool | None, str] = {True: "T", False: "F", None: "U"}
"""A three-valued truth as the letter an obligation fact carries."""
CAP = 10_000
"""durable's ``cap``: one action receives every match of its rule available at that moment (up to this)."""
Handler = Callable[[str, list[dict[str, Any]]], None]
Ref = int | bool
"""A condition as the python plan compiles it: a constant, or the index of its truth per profile."""


def _eq(field: str, value: str) -> Expr:
    return {field: value}


def _ne(field: str, value: str) -> Expr:
    return {"$neq": {field: value}}


class CompiledRuleset:
    """See the module docstring: one durable ruleset deciding every obligation of ``ruleset`` from one flat
    fact per obligation, each built per profile from a template filled with the profile's letters."""

    def __init__(self, ruleset: Ruleset, host: _Host) -> None:
        self.ruleset = ruleset
        self.name = f"tsp_{_sid_safe(ruleset.id)}_{ruleset.digest.split(':')[-1][:12]}"
        self.lock = threading.Lock()
        self._sids = itertools.count()
        self._out: dict[str, dict[str, Verdict]] = {}
        self._errors: dict[str, list[str]] = {}
        self.rules: dict[str, dict[str, Any]] = {}
        self._actions: dict[str, Callable[[Any], None]] = {}
        self._handlers: dict[str, Handler] = {}
        self._plan = plan = python_engine.plan(ruleset)
        self._tests = plan.tests
        obligations = [_parts(entry) for entry in plan.obligations]
        self._verdicts: list[dict[str, Verdict]] = [ob[-1] for ob in obligations]
        self.grounds = max((len(ob[1]) for ob in obligations), default=0)
        self.tailorings = max((len(ob[2]) for ob in obligations), default=0)
        self.items = [max((len(ob[2][v][1]) for ob in obligations if v < len(ob[2])), default=0)
                      for v in range(self.tailorings)]
        self.standard_items = max((len(ob[3]) for ob in obligations), default=0)
        width = 2 + self.grounds + self.tailorings + 2 + sum(self.items) + self.standard_items + 1
        if width > MAX_PROPERTIES:
            raise UsageError(f"ruleset {ruleset.id} has too many grounds and requirement items for durable-rules "
                             f"({width} properties per obligation fact): use the python engine")
        # per profile, the values of every obligation fact are taken from one list (see :meth:`facts`): the
        # letters of the plan's conditions, then whether each obligation is waived, then whether each
        # requirement item (by key) is met, then whether evidence is listed, then the sid
        self._ids = tuple(entry[0] for entry in plan.obligations)
        self._waived_at = len(self._tests)
        self._items_at = self._waived_at + len(self._ids)
        self._listed_at = self._items_at + len(plan.item_keys)
        self._none_waived = ["n"] * len(self._ids)
        self._none_met = ["n"] * len(plan.item_keys)
        texts: list[str] = []
        places: list[int] = []
        for index, ob in enumerate(obligations):
            text, where = self._template(index, *ob[:4])
            texts.append(text)
            places.extend(where)
        self._payload = "[" + ",".join(texts) + "]"
        self._values: Callable[[list[str]], tuple[str, ...]] = (
            operator.itemgetter(*places) if len(places) > 1 else lambda pool: tuple(pool[i] for i in places))
        self._precedence()
        # the sentinel: a sid where no action ran is made to run this one before it is deleted
        self._rule("phase", {"t": "$phase"}, lambda sid, frames: None, cap=False)
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

    # -- compilation

    def _template(self, index: int, applies: Ref, exempting: list[Ref], tailoring: list[tuple[Ref, tuple[int, ...]]],
                  standard: tuple[int, ...]) -> tuple[str, list[int]]:
        """The JSON text of obligation ``index``'s fact with a ``%s`` for each value known only per profile, and
        the places of those values in the list :meth:`facts` builds. Constant conditions and padding are
        written in."""
        out = [f'"o":{index}']
        places: list[int] = []

        def value(field: str, place: int) -> None:
            out.append(f'"{field}":"%s"')
            places.append(place)

        def condition(field: str, ref: Ref) -> None:
            if isinstance(ref, bool):
                out.append(f'"{field}":"{LETTER[ref]}"')
            else:
                value(field, ref)

        def items(prefix: str, own: tuple[int, ...], count: int) -> None:
            for j in range(count):
                if j < len(own):
                    value(f"{prefix}{j}", self._items_at + own[j])
                else:
                    out.append(f'"{prefix}{j}":"y"')

        condition("a", applies)
        for k in range(self.grounds):
            condition(f"g{k}", exempting[k] if k < len(exempting) else False)
        for k in range(self.tailorings):
            condition(f"t{k}", tailoring[k][0] if k < len(tailoring) else False)
        value("w", self._waived_at + index)
        value("e", self._listed_at)
        for v, (_, own) in enumerate(tailoring):
            items(f"i{v}_", own, self.items[v])
        items("s", standard, self.standard_items)
        value("sid", self._listed_at + 1)
        return "{" + ",".join(out) + "}", places

    def _precedence(self) -> None:
        """The precedence of the reference evaluator as mutually exclusive rules on one obligation fact, each
        named by the outcome (a key of the obligation's verdicts) it records."""
        grounds = [f"g{k}" for k in range(self.grounds)]
        tailorings = [f"t{k}" for k in range(self.tailorings)]
        applies = _ne("a", "F")
        self._outcome("na", _eq("a", "F"))
        for k, g in enumerate(grounds):
            self._outcome(f"na{k}", and_(applies, *(_ne(h, "T") for h in grounds[:k]), _eq(g, "T")))
        not_exempt = [applies, *(_ne(g, "T") for g in grounds)]
        self._outcome("wv", and_(*not_exempt, _eq("w", "y")))
        self._outcome("unk", and_(*not_exempt, _eq("w", "n"), or_(_eq("a", "U"), *(_eq(g, "U") for g in grounds))))
        resolved = [_eq("a", "T"), *(_eq(g, "F") for g in grounds), _eq("w", "n")]
        if tailorings:
            self._outcome("unk", and_(*resolved, or_(*(and_(*(_eq(s, "F") for s in tailorings[:k]), _eq(t, "U"))
                                                      for k, t in enumerate(tailorings)))), key="unkT")
        variants = [(f"v{k}", [*(_eq(s, "F") for s in tailorings[:k]), _eq(t, "T")],
                     [f"i{k}_{j}" for j in range(self.items[k])]) for k, t in enumerate(tailorings)]
        variants.append(("s", [_eq(s, "F") for s in tailorings], [f"s{j}" for j in range(self.standard_items)]))
        for name, selected, items in variants:
            self._outcome(f"{name}.nd", and_(*resolved, *selected, _eq("e", "n")))
            self._outcome(f"{name}.met", and_(*resolved, *selected, _eq("e", "y"), *(_eq(i, "y") for i in items)))
            self._outcome(f"{name}.gap", and_(*resolved, *selected, _eq("e", "y"), or_(*(_eq(i, "n") for i in items))))

    def _outcome(self, outcome: str, expr: Expr, key: str | None = None) -> None:
        """Rules recording ``outcome`` for every obligation fact matching ``expr`` (several if it is large)."""
        parts = [part for part in split_disjunction(expr) if part is not False]
        for p, part in enumerate(parts):
            self._rule(f"{key or outcome}.{p}" if len(parts) > 1 else key or outcome, part, self._record(outcome))

    def _rule(self, key: str, expr: Expr, handler: Handler, cap: bool = True) -> None:
        """A rule on one fact whose matches go to ``handler(sid, matches)``."""
        action_name = f"{self.name}:{key}"
        self.rules[key] = {"all": [{"o": expr}], "run": action_name, **({"cap": CAP} if cap else {})}
        self._handlers[key] = handler

        def never(c: Any) -> None:  # pragma: no cover - the agenda is run by _run_agenda, not by durable
            raise EvaluationError(f"durable-rules ran {key} through its Python layer")

        self._actions[action_name] = never

    def _record(self, outcome: str) -> Handler:
        """A handler recording, for each matched obligation, its verdict for ``outcome``."""
        verdicts = self._verdicts

        def record(sid: str, frames: list[dict[str, Any]]) -> None:
            out = self._out[sid]
            for frame in frames:
                verdict = verdicts[frame["o"]["o"]][outcome]
                previous = out.setdefault(verdict.obligation, verdict)
                if previous is not verdict and previous != verdict:
                    raise EvaluationError(f"{verdict.obligation}: both {previous} and {verdict}")

        return record

    # -- evaluation

    def facts(self, facts: Facts, sid: str) -> str:
        """The obligation facts of one profile, as the JSON array text asserted (see the module docstring)."""
        traits = facts.traits
        pool = [LETTER[test(traits)] for test in self._tests]
        waivers = facts.waivers
        pool += [("y" if ob_id in waivers else "n") for ob_id in self._ids] if waivers else self._none_waived
        no_evidence = facts.evidence is None if facts.evidence_resolved else facts.profile.evidence is None
        if no_evidence:
            pool += self._none_met
            pool.append("n")
        else:
            met = self._none_met.copy()
            for key in self._plan.satisfied(facts):
                met[key] = "y"
            pool += met
            pool.append("y")
        pool.append(sid)
        return self._payload % self._values(pool)

    def _batch(self, sid: str, payload: str) -> int:
        """Assert the facts of ``payload`` (a JSON array) and run the agenda; the number of actions run."""
        try:
            _, offset = _dre.assert_facts(self.handle._handle, payload)
        except _dre.error as exc:
            if "error code: 303" in str(exc):  # ERR_MAX_STACK_SIZE: a fact reaches too many alpha nodes
                raise UsageError(f"ruleset {self.ruleset.id} has conditions too large for durable-rules "
                                 "(error 303 while matching facts): use the python engine") from None
            raise
        return self._run_agenda(sid, offset)

    def _run_agenda(self, sid: str, offset: int) -> int:
        """Run every action of the sid's agenda through durable's C API. A handler's error is recorded (and
        raised by :meth:`decide` after the sid is deleted), never swallowed; the agenda goes on."""
        handle = self.handle._handle
        handlers = self._handlers
        result = _dre.start_action_for_state(handle, offset)
        message = result[1] if result else None
        actions = 0
        while message:
            actions += 1
            for key, frames in _loads(message).items():
                try:
                    handlers[key](sid, frames if isinstance(frames, list) else [frames])
                except Exception as exc:  # durable would swallow it into the state (#305)
                    self._errors.setdefault(sid, []).append(f"{key}: {exc!r}")
            message = _dre.complete_and_start_action(handle, offset)
        return actions

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        with self.lock:
            sid = f"s{next(self._sids)}"
            self._out[sid] = {}
            self._errors[sid] = []
            acted = False
            try:
                acted = self._batch(sid, self.facts(facts, sid)) > 0
            finally:
                if not acted:
                    # make sure an action ran for this sid, or deleting it would crash
                    with contextlib.suppress(Exception):
                        acted = self._batch(sid, f'[{{"t":"$phase","sid":"{sid}"}}]') > 0
                if acted:
                    _dre.delete_state(self.handle._handle, sid)
                verdicts = self._out.pop(sid)
                errors = self._errors.pop(sid)
        if errors:
            raise EvaluationError("durable-rules action error: " + "; ".join(errors))
        if len(verdicts) != len(self._ids):
            missing = [ob.id for ob in self.ruleset.obligations if ob.id not in verdicts]
            raise EvaluationError(f"durable-rules gave no verdict for {', '.join(missing)}")
        return verdicts


def _parts(entry: tuple[Any, ...]) -> tuple[Ref, list[Ref], list[tuple[Ref, tuple[int, ...]]], tuple[int, ...],
                                            dict[str, Verdict]]:
    """An obligation as the python plan compiled it (``Plan.obligations``): its applicability, its exempting
    grounds' conditions, its tailorings' conditions and item keys, its standard requirement's item keys
    (keys sorted), and its verdict per outcome (the rule keys of :meth:`CompiledRuleset._precedence`)."""
    _, shape, *rest = entry
    if shape == 0:  # always applies, no grounds, no tailoring
        keys, no_data, met, gap, waived = rest
        return True, [], [], tuple(sorted(keys)), {"wv": waived, "s.nd": no_data, "s.met": met, "s.gap": gap}
    applies, exempting, variants, not_applicable, waived, unknown = rest
    *tailoring, standard = variants
    verdicts = {"na": not_applicable, "wv": waived, "unk": unknown}
    for k, (_, exempt) in enumerate(exempting):
        verdicts[f"na{k}"] = exempt
    names = [*(f"v{k}" for k in range(len(tailoring))), "s"]
    for name, (_, _, no_data, met, gap) in zip(names, variants, strict=True):
        verdicts[f"{name}.nd"], verdicts[f"{name}.met"], verdicts[f"{name}.gap"] = no_data, met, gap
    return (applies, [g for g, _ in exempting], [(g, tuple(sorted(keys))) for g, keys, *_ in tailoring],
            tuple(sorted(standard[1])), verdicts)


class DurableEngine:
    name = "durable"

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        return compiled(facts.ruleset).decide(facts)
