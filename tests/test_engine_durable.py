"""The durable-rules wrapper: one Host, no timer threads, sids deleted, strata, errors surfaced."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest

from tsp_rules import Ruleset, check
from tsp_rules.engines import durable as D
from tsp_rules.engines.facts import resolve
from tsp_rules.engines.python import PythonEngine
from tsp_rules.errors import EvaluationError
from tsp_rules.model import conditions as C
from tsp_rules.model.profile import Profile, profile_from_text

AS_OF = dt.date(2019, 11, 30)

EMPTY = """\
profile: {id: tom, name: Tom nämnd, kind: facknamnd}
"""

FULL = """\
profile: {id: full, name: Full nämnd, kind: bolag}
traits: {covered_by_security_protection_act: true}
evidence:
  - {kind: security_protection_analysis, date: 2019-05-01, reference: Illustrativt A}
  - {kind: security_protection_analysis, date: 2019-06-01, reference: Illustrativt B}
"""


def profile(text: str, ruleset: Ruleset) -> Profile:
    return profile_from_text(text, "p.yaml", ruleset)


def decide(text: str, ruleset: Ruleset) -> dict[str, str]:
    verdicts = D.DurableEngine().decide(resolve(profile(text, ruleset), ruleset, AS_OF))
    return {k: v.status for k, v in verdicts.items()}


def test_profile_with_no_facts_is_not_assessed_everywhere(ruleset: Ruleset) -> None:
    statuses = decide(EMPTY, ruleset)
    assert set(statuses) == set(ruleset.obligation_ids)
    # no traits and no evidence list: nothing can be met or a gap; only the profile's kind (always known),
    # in a ground or in the obligation's own scope (kommunstyrelsen's duties), can decide anything
    assert set(statuses.values()) <= {"not_assessed", "not_applicable"}
    for ob, status in statuses.items():
        if status == "not_applicable":
            scoped = C.subjects(ruleset.obligation(ob).applies_when) == {"kind"}
            assert scoped or any(C.subjects(g.when) == {"kind"} for g in ruleset.exempting(ob)), ob
    assert "not_assessed" in statuses.values()


def test_two_satisfying_evidence_items_give_one_met(ruleset: Ruleset) -> None:
    assert decide(FULL, ruleset)["FO5-SAKERHETSSKYDDSANALYS"] == "met"
    assert decide(FULL, ruleset)["FO5-SAKERHETSSKYDDSATGARDER"] == "gap"


def test_two_profiles_in_a_row_do_not_leak_state(ruleset: Ruleset) -> None:
    first = decide(FULL, ruleset)
    decide(EMPTY, ruleset)
    assert decide(FULL, ruleset) == first


def test_host_is_shared_and_starts_no_threads(ruleset: Ruleset) -> None:
    before = threading.active_count()
    compiled = D.compiled(ruleset)
    assert compiled is D.compiled(ruleset)  # registered once per digest
    assert D._host() is D._host()
    assert threading.active_count() == before


def test_sids_are_deleted_after_each_evaluation(ruleset: Ruleset) -> None:
    compiled = D.compiled(ruleset)
    decide(FULL, ruleset)
    last = f"s{next(compiled._sids) - 1}"
    with pytest.raises(Exception, match="309"):  # durable: no state for that sid any more
        compiled.handle.get_state(last)
    assert not compiled._out and not compiled._errors


def test_2000_profiles_in_one_run_keep_threads_constant(ruleset: Ruleset) -> None:
    base = [profile(FULL.replace("id: full", f"id: p{i}"), ruleset) for i in range(40)]
    profiles = [profile(FULL.replace("id: full", f"id: q{i}"), ruleset) for i in range(2000)]
    check(base, ruleset=ruleset, as_of=AS_OF)
    threads = threading.active_count()
    report = check(profiles, ruleset=ruleset, as_of=AS_OF)
    assert threading.active_count() == threads
    assert len(report.findings) == 2000 * len(ruleset.obligations)
    one = check(profiles[:1], ruleset=ruleset, as_of=AS_OF, engine="python").counts
    assert report.counts == {status: 2000 * n for status, n in one.items()}
    assert report.counts["met"] >= 2000


def test_the_order_of_the_facts_does_not_matter(ruleset: Ruleset) -> None:
    """durable's negation is not retractive, so the rules use none: the obligation facts asserted in reverse
    order, or in an order rotated by one, give the same verdicts (one of them met)."""
    import json

    compiled = D.compiled(ruleset)
    facts = resolve(profile(FULL, ruleset), ruleset, AS_OF)
    expected = compiled.decide(facts)
    assert expected["FO5-SAKERHETSSKYDDSANALYS"].cause == "met"
    original = compiled.facts
    reorders: list[Callable[[list[str]], list[str]]] = [lambda out: out[::-1], lambda out: [*out[1:], out[0]]]
    for reorder in reorders:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(compiled, "facts",
                          lambda f, sid, reorder=reorder: json.dumps(reorder(json.loads(original(f, sid)))))
            assert compiled.decide(facts) == expected


def test_one_batch_and_one_fact_per_obligation(ruleset: Ruleset, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 25: one ``assert_facts`` call per profile, with one fact per obligation, and fewer actions than
    verdicts."""
    import json

    import durable_rules_engine

    compiled = D.compiled(ruleset)
    calls: list[int] = []
    actions: list[int] = []
    assert_facts, run_agenda = durable_rules_engine.assert_facts, compiled._run_agenda

    def counting(handle: object, payload: str) -> object:
        calls.append(len(json.loads(payload)))
        return assert_facts(handle, payload)

    def agenda(sid: str, offset: int) -> int:
        actions.append(run_agenda(sid, offset))
        return actions[-1]

    monkeypatch.setattr(durable_rules_engine, "assert_facts", counting)
    monkeypatch.setattr(compiled, "_run_agenda", agenda)
    for text in (FULL, EMPTY):
        calls.clear()
        actions.clear()
        decide(text, ruleset)
        assert calls == [len(ruleset.obligations)]
        assert 0 < actions[0] < len(ruleset.obligations)


def test_action_errors_are_surfaced_not_swallowed(ruleset: Ruleset, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = D.compiled(ruleset)
    facts = resolve(profile(FULL, ruleset), ruleset, AS_OF)

    def broken(sid: str) -> dict[str, object]:
        raise KeyError("injected")

    monkeypatch.setattr(compiled, "_out", type("Broken", (dict,), {"__getitem__": lambda self, k: broken(k)})())
    with pytest.raises(EvaluationError, match="injected"):
        compiled.decide(facts)


def test_durable_agrees_with_python_on_the_fixtures(ruleset: Ruleset) -> None:
    from pathlib import Path

    from tsp_rules.model.profile import iter_profile_paths, load_profile

    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "stockholm"
    for path in iter_profile_paths([fixtures]):
        facts = resolve(load_profile(path, ruleset), ruleset, AS_OF)
        assert D.DurableEngine().decide(facts) == PythonEngine().decide(facts)
