"""Differential tests: the three evaluators decide every obligation alike — the uncompiled reference
(:mod:`tsp_rules.engines.reference`), the compiled python engine and the durable-rules back end.

All are built from the same condition IR, but the reference walks the IR per obligation, the python
engine runs closures compiled once per ruleset (and decides recency from its own date windows), and
durable-rules derives truths and ``met``/``gap`` through joins and stratified negation, so they fail
independently. Profiles, check dates and whole rulesets are generated (``tests/strategies.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsp_rules import Profile, Ruleset, UsageError, check, load_ruleset
from tsp_rules.engines import durable
from tsp_rules.engines.facts import resolve
from tsp_rules.engines.python import PythonEngine
from tsp_rules.engines.reference import ReferenceEngine
from tsp_rules.model.selection import restrict, union_ruleset

from .strategies import check_dates, compile_data, profiles, ruleset_data

PYTHON = PythonEngine()
REFERENCE = ReferenceEngine()
DURABLE = durable.DurableEngine()
COUNTED: dict[str, int] = {"shipped": 0, "generated": 0, "statutory": 0, "several": 0}
EXAMPLES: dict[str, int] = dict.fromkeys(COUNTED, 0)
"""Examples (batches) each differential test ran, and (``COUNTED``) the profiles they compared."""


def _report_data(profile_list: list[Profile], rs: Ruleset, as_of: dt.date, engine: str) -> dict[str, Any]:
    data = check(profile_list, ruleset=rs, as_of=as_of, engine=engine).to_data("en")
    assert data.pop("engine") == engine
    return data


def _decide_alike(profile: Profile, rs: Ruleset, as_of: dt.date) -> None:
    """The three evaluators agree; the python engine also when the evidence was resolved beforehand (it
    then reads the resolved content and the clock's fits instead of the profile and its date windows)."""
    want = REFERENCE.decide(resolve(profile, rs, as_of))
    assert PYTHON.decide(resolve(profile, rs, as_of)) == want
    resolved = resolve(profile, rs, as_of)
    assert resolved.evidence is not None or profile.evidence is None  # resolves it
    assert PYTHON.decide(resolved) == want
    assert DURABLE.decide(resolve(profile, rs, as_of)) == want


@st.composite
def batch(draw: st.DrawFn, rs: Ruleset, max_profiles: int) -> tuple[dt.date, list[Profile]]:
    as_of = draw(check_dates(rs if rs.id == "lagkrav-kommun" else None))
    count = draw(st.integers(1, max_profiles))
    return as_of, [draw(profiles(rs, as_of, ident=f"p{i}")) for i in range(count)]


@given(st.data())
def test_engines_agree_on_shipped_ruleset(ruleset: Ruleset, data: st.DataObject) -> None:
    as_of, batch_profiles = data.draw(batch(ruleset, 8))
    for profile in batch_profiles:
        _decide_alike(profile, ruleset, as_of)
    # the whole report (explanations, reasons, warnings) is then the same, byte for byte
    reference = _report_data(batch_profiles, ruleset, as_of, "reference")
    assert _report_data(batch_profiles, ruleset, as_of, "durable") == reference
    assert _report_data(batch_profiles, ruleset, as_of, "python") == reference
    COUNTED["shipped"] += len(batch_profiles)
    EXAMPLES["shipped"] += 1


@given(st.data())
def test_engines_agree_on_the_statutory_ruleset(data: st.DataObject) -> None:
    """The bundled statutory ruleset (lagkrav-kommun), over its own period and the days its laws took effect."""
    rs = load_ruleset("lagkrav-kommun")
    as_of, batch_profiles = data.draw(batch(rs, 8))
    for profile in batch_profiles:
        facts = resolve(profile, rs, as_of)
        assert DURABLE.decide(facts) == PYTHON.decide(facts)
    assert _report_data(batch_profiles, rs, as_of, "durable") == _report_data(batch_profiles, rs, as_of, "python")
    COUNTED["statutory"] += len(batch_profiles)
    EXAMPLES["statutory"] += 1


@given(st.data())
def test_engines_agree_on_several_rulesets_at_once(data: st.DataObject) -> None:
    """Both bundled rulesets checked together, in either order, on profiles with the traits, evidence and
    decisions of either: the engines give the same report, and each ruleset's share of it is what that
    ruleset alone gives for the profile restricted to what it knows."""
    bundled = [load_ruleset("tsp-2018-2021"), load_ruleset("lagkrav-kommun")]
    union = union_ruleset(bundled)
    as_of = data.draw(st.one_of(check_dates(), check_dates(bundled[1])), label="as_of")
    batch_profiles = [data.draw(profiles(union, as_of, ident=f"p{i}")) for i in range(data.draw(st.integers(1, 4)))]
    order = data.draw(st.permutations(bundled), label="order")
    reports = {}
    for engine in ("durable", "python"):
        found = check(batch_profiles, rulesets=list(order), as_of=as_of, engine=engine).to_data("en")
        assert found.pop("engine") == engine
        reports[engine] = found
    assert reports["durable"] == reports["python"]
    assert [r["id"] for r in reports["python"]["rulesets"]] == [rs.id for rs in order]
    for rs in order:
        for profile in batch_profiles:
            alone = restrict(profile, rs)
            facts = resolve(alone, rs, as_of)
            assert DURABLE.decide(facts) == PYTHON.decide(facts)
        share = [f for f in reports["python"]["findings"] if f["ruleset"] == rs.id]
        single = _report_data([restrict(p, rs) for p in batch_profiles], rs, as_of, "python")["findings"]
        ids = [r.id for r in order]  # a law duty the other ruleset owns gives its one finding there
        assert share == [f for f in single if rs.obligation(f["obligation"]).owned_by(ids) is None]
    COUNTED["several"] += len(batch_profiles)
    EXAMPLES["several"] += 1


@given(st.data())
def test_engines_agree_on_generated_rulesets(data: st.DataObject) -> None:
    rs = compile_data(data.draw(ruleset_data(max_obligations=4, max_grounds=3, max_leaves=3), label="ruleset"))
    try:
        # conditions compile to small condition-node rules, so durable-rules registers every generated
        # ruleset of this size and decides every profile: no refusal is tolerated here
        durable.compiled(rs)
        as_of, batch_profiles = data.draw(batch(rs, 6), label="profiles")
        for profile in batch_profiles:
            _decide_alike(profile, rs, as_of)
        reference = _report_data(batch_profiles, rs, as_of, "reference")
        assert _report_data(batch_profiles, rs, as_of, "durable") == reference
        assert _report_data(batch_profiles, rs, as_of, "python") == reference
        COUNTED["generated"] += len(batch_profiles)
        EXAMPLES["generated"] += 1
    finally:
        durable.retire(rs)  # durable-rules never unregisters on its own: keep the process bounded


def test_enough_profiles_were_compared() -> None:
    """Each differential test above ran every example the hypothesis profile allows (derandomized, so
    none is skipped) and compared at least one profile in each: a bound that does not move when a ruleset
    change makes the strategies draw a few more or fewer profiles (a total of profiles once came out at 297
    against a bound of 300)."""
    if not all(EXAMPLES.values()):
        pytest.fail("run the whole module: the differential tests did not run before this one")
    wanted = settings.default.max_examples
    assert all(n >= wanted for n in EXAMPLES.values()), (EXAMPLES, wanted)
    assert all(COUNTED[k] >= n for k, n in EXAMPLES.items()), (COUNTED, EXAMPLES)
    print(f"compared {COUNTED}")


def test_generated_rulesets_are_retired() -> None:
    """No generated ruleset stays registered with durable-rules (other tests' rulesets may)."""
    assert COUNTED["generated"] > 0, "run the whole module"
    assert not [c for c in durable._REGISTRY.values() if c.ruleset.id == "generated"]


def test_retire_and_register_again(ruleset: Ruleset) -> None:
    rs = compile_data(_small_ruleset())
    profile = Profile("p", "P", "facknamnd", True, None, {"flag_a": True}, (), ())
    facts = resolve(profile, rs, dt.date(2019, 11, 30))
    before = durable.registered()
    first = DURABLE.decide(facts)
    assert durable.registered() == before + 1
    assert durable.retire(rs)
    assert not durable.retire(rs)
    assert durable.registered() == before
    assert DURABLE.decide(facts) == first == PYTHON.decide(facts)  # the same name registers again
    assert durable.retire(rs)


def _small_ruleset() -> dict[str, Any]:
    text = {"sv": "T", "en": "T"}
    return {
        "format": "tsp-ruleset/1", "id": "small", "version": "0.0.1", "title": text,
        "valid_from": "2018-01-01", "valid_to": "2021-12-31",
        "sources": [{"id": "s", "title": text, "reference": "S"}],
        "traits": {"flag_a": {"type": "bool", "title": text},
                   "colour": {"type": "enum", "values": ["red", "green", "blue"], "title": text}},
        "evidence_kinds": {"memo": {"title": text}},
        "obligations": [{"id": "GEN-A", "focus_area": "ARB", "title": text, "text": text,
                         "citation": {"source": "s", "section": "1"}, "applies_to": text,
                         "requirement": {"description": text,
                                         "evidence": [{"kinds": ["memo"], "cadence": "yearly"}]}}],
        "grounds": [{"id": "g", "title": text, "when": {"trait": "flag_a", "is": False},
                     "effects": [{"obligation": "GEN-A", "effect": "not_applicable"}],
                     "rationale": text, "citation": {"source": "s", "section": "2"}}],
    }


def test_durable_refuses_cleanly_when_matching_overflows(monkeypatch: pytest.MonkeyPatch, ruleset: Ruleset) -> None:
    """durable-rules' error 303 (too many alpha nodes for one fact, seen with large split conditions) is
    a clean refusal naming the python engine, not an internal error; the session is cleaned up."""
    def overflow(handle: object, payload: str) -> object:
        raise durable._dre.error("Could not assert facts, error code: 303")

    profile = Profile("p", "P", "facknamnd", True, None, {}, (), ())
    facts = resolve(profile, ruleset, dt.date(2019, 11, 30))
    expected = DURABLE.decide(facts)
    monkeypatch.setattr(durable._dre, "assert_facts", overflow)
    with pytest.raises(UsageError, match=r"error 303.*use the python engine"):
        DURABLE.decide(facts)
    monkeypatch.undo()
    assert DURABLE.decide(facts) == expected
