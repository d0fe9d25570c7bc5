"""durable-rules used raw: the research note's measurement (``shared/research/bench_durable.py``), ported.

50 rules of 2–3 threshold clauses and one negated exemption each over entities with 25 attribute facts
and about 5 exemptions; per entity one batch through ``durable_rules_engine.assert_facts`` (exemptions
first: durable's negation is not retractive), the agenda run with ``do_actions``, a ``$done`` sentinel
rule so that every sid runs an action, and ``delete_state``. One action per finding (about 9 per entity)
plus the sentinel. The same safety rules as our back end (no timer threads, sids deleted, errors
surfaced). ``run(n)`` returns the seconds for ``n`` entities after checking that durable's findings
equal plain Python's. This is the anchor of ``ratios.durable_verdicts_vs_raw_durable``.
"""

from __future__ import annotations

import json
import random
import time
from typing import Any

N_RULES = 50
N_ATTRS = 25
EXEMPT_P = 0.10
SEED = 42
_OPS = {"$gt": lambda x, y: x > y, "$lt": lambda x, y: x < y, "$gte": lambda x, y: x >= y}


def make_rules(seed: int = SEED) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    rules = []
    for i in range(N_RULES):
        attrs = rnd.sample(range(N_ATTRS), 3 if i % 2 else 2)
        clauses = [(f"a{a:02d}", ("$gt", "$lt", "$gte")[j], rnd.randint(20, 60)) for j, a in enumerate(attrs)]
        rules.append({"code": f"R{i:02d}", "clauses": clauses})
    return rules


def make_entities(n: int, seed: int = SEED) -> list[tuple[str, dict[str, int], list[str]]]:
    rnd = random.Random(seed + n)
    out = []
    for e in range(n):
        attrs = {f"a{a:02d}": rnd.randint(0, 99) for a in range(N_ATTRS)}
        exempt = sorted(f"R{i:02d}" for i in range(N_RULES) if rnd.random() < EXEMPT_P)
        out.append((f"ent-{e}", attrs, exempt))
    return out


def facts_of(attrs: dict[str, int], exempt: list[str]) -> list[dict[str, Any]]:
    return ([{"t": "exemption", "code": c} for c in exempt]
            + [{"t": "attr", "name": k, "value": v} for k, v in attrs.items()])


def plain_eval(rules: list[dict[str, Any]], attrs: dict[str, int], exempt: list[str]) -> list[str]:
    ex = set(exempt)
    return sorted(r["code"] for r in rules
                  if all(_OPS[op](attrs[k], v) for k, op, v in r["clauses"]) and r["code"] not in ex)


def to_durable_json(rules: list[dict[str, Any]]) -> dict[str, Any]:
    rs: dict[str, Any] = {}
    for r in rules:
        alls: list[dict[str, Any]] = [{f"c{j}": {"$and": [{"t": "attr"}, {"name": k}, {op: {"value": v}}]}}
                                      for j, (k, op, v) in enumerate(r["clauses"])]
        alls.append({"m_9$not": {"$and": [{"t": "exemption"}, {"code": r["code"]}]}})
        rs[r["code"]] = {"all": alls, "pri": 5, "run": "gap_" + r["code"]}
    rs["zz_done"] = {"all": [{"m": {"t": "$done"}}], "pri": 999, "run": "done"}
    return rs


class DurableEvaluator:
    def __init__(self, rules: list[dict[str, Any]], name: str = "raw_bench_v1") -> None:
        import durable_rules_engine
        from durable import engine

        self._dre = durable_rules_engine
        self.findings: dict[str, list[str]] = {}
        self.errors: list[str] = []
        findings, errors = self.findings, self.errors

        def make_action(code: str) -> Any:
            def action(c: Any) -> None:
                try:
                    findings.setdefault(c.s.sid, []).append(code)
                except Exception as exc:
                    errors.append(repr(exc))
            return action

        actions: dict[str, Any] = {"gap_" + r["code"]: make_action(r["code"]) for r in rules}
        actions["done"] = lambda c: None

        class Host(engine.Host):  # type: ignore[misc]
            def get_action(self, action_name: str) -> Any:
                return actions[action_name]

            def _run(self) -> None:  # no background polling threads
                pass

        self.host = Host()
        self.host.register_rulesets({name: to_durable_json(rules)})
        self.rs = self.host.get_ruleset(name)

    def evaluate(self, sid: str, attrs: dict[str, int], exempt: list[str]) -> list[str]:
        batch = [dict(f, sid=sid) for f in facts_of(attrs, exempt)]
        batch.append({"t": "$done", "sid": sid})
        _, offset = self._dre.assert_facts(self.rs._handle, json.dumps(batch, ensure_ascii=False))
        err: list[Any] = []
        self.rs.do_actions(offset, lambda e, s: err.append(e))
        self.rs.delete_state(sid)
        if err and err[0]:
            raise err[0]
        if self.errors:
            raise RuntimeError(self.errors[0])
        return sorted(self.findings.pop(sid, []))


def run(n: int) -> float:
    """Seconds for durable-rules to evaluate ``n`` entities (after an agreement check on 200)."""
    rules = make_rules()
    evaluator = DurableEvaluator(rules)
    entities = make_entities(n)
    for sid, attrs, exempt in entities[:200]:
        if evaluator.evaluate("chk" + sid[4:], attrs, exempt) != plain_eval(rules, attrs, exempt):
            raise SystemExit("raw durable-rules disagrees with plain Python")
    start = time.perf_counter()
    for sid, attrs, exempt in entities:
        evaluator.evaluate(sid.replace("-", "_"), attrs, exempt)
    return time.perf_counter() - start
