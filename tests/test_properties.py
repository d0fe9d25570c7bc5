"""Properties of the shipped ruleset, each a hypothesis test over generated profiles and check dates.

The ruleset under test is the bundled one, or the file named by ``TSP_TEST_RULESET`` (used to show that
a rule broken on purpose makes tests fail; see docs/testing.md). The Python engine is used here for
speed; ``test_differential.py`` shows the durable-rules engine decides identically.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tsp_rules import Profile, Report, Ruleset, Status, check, load_ruleset
from tsp_rules.model import conditions as C
from tsp_rules.model.conditions import Truth
from tsp_rules.model.profile import Decision, Evidence

from .strategies import (
    check_dates,
    decisions,
    evidence_items,
    profile_to_yaml,
    profiles,
    required_kinds,
    value_for,
    without,
)

ENGINE = "python"


@pytest.fixture(scope="module", params=[os.environ.get("TSP_TEST_RULESET") or "tsp-2018-2021", "lagkrav-kommun"])
def rs(request: pytest.FixtureRequest) -> Ruleset:
    """The Stockholm programme (or the file named by ``TSP_TEST_RULESET``) and the statutory ruleset."""
    return load_ruleset(str(request.param))


def run(items: list[Profile] | Profile, rs: Ruleset, as_of: dt.date) -> Report:
    return check(items if isinstance(items, list) else [items], ruleset=rs, as_of=as_of, engine=ENGINE)


def statuses(report: Report) -> dict[str, Status]:
    return {f.obligation: f.status for f in report.findings}


def _shuffled(draw: st.DrawFn, profile: Profile) -> Profile:
    """The same profile with its traits, evidence, decisions and set-valued lists in another order."""
    traits = {k: profile.traits[k] for k in draw(st.permutations(list(profile.traits)))}
    traits = {k: (draw(st.permutations(v)) if isinstance(v, list) else v) for k, v in traits.items()}
    evidence = None
    if profile.evidence is not None:
        evidence = tuple(
            attrs.evolve(ev, content={k: (draw(st.permutations(v)) if isinstance(v, list) else v)
                                      for k, v in draw(st.permutations(list(ev.content.items())))})
            for ev in draw(st.permutations(profile.evidence))
        )
    decs = tuple(draw(st.permutations(profile.decisions)))
    return attrs.evolve(profile, traits=traits, evidence=evidence, decisions=decs)


# ---------------------------------------------------------------------- one finding, any order


@given(st.data())
def test_one_finding_per_profile_and_obligation_whatever_the_order(rs: Ruleset, data: st.DataObject) -> None:
    as_of = data.draw(check_dates(rs))
    count = data.draw(st.integers(1, 4))
    items = [data.draw(profiles(rs, as_of, ident=f"p{i}")) for i in range(count)]
    report = run(items, rs, as_of)
    keys = [(f.profile, f.obligation) for f in report.findings]
    assert len(keys) == len(set(keys)) == count * len(rs.obligations)
    assert set(keys) == {(p.id, o) for p in items for o in rs.obligation_ids}
    assert keys == sorted(keys)
    expected = report.to_json("sv").encode()
    reordered = [_shuffled(data.draw, p) for p in data.draw(st.permutations(items))]
    assert run(reordered, rs, as_of).to_json("sv").encode() == expected
    # and as files in a folder, under other names, loaded through the YAML loader
    names = data.draw(st.permutations([f"{chr(ord('a') + i)}.yaml" for i in range(count)]))
    with tempfile.TemporaryDirectory() as tmp:
        for name, profile in zip(names, reordered, strict=True):
            (Path(tmp) / name).write_text(profile_to_yaml(profile), encoding="utf-8")
        from_files = check([tmp], ruleset=rs, as_of=as_of, engine=ENGINE)
    assert from_files.to_json("sv").encode() == expected


# ------------------------------------------------------------------------------ evidence


@given(st.data())
def test_adding_current_evidence_never_takes_away(rs: Ruleset, data: st.DataObject) -> None:
    """Adding valid, current evidence to an assessed list never turns met into anything else, and never
    adds a gap (an unassessed list, evidence: omitted, is the not_assessed case)."""
    as_of = data.draw(check_dates(rs))
    profile = data.draw(profiles(rs, as_of, evidence="list"))
    assert profile.evidence is not None
    extra = data.draw(st.lists(evidence_items(rs, as_of, index=99, current=True), min_size=1, max_size=3))
    position = data.draw(st.integers(0, len(profile.evidence)))
    more = attrs.evolve(profile, evidence=(*profile.evidence[:position], *extra, *profile.evidence[position:]))
    before, after = statuses(run(profile, rs, as_of)), statuses(run(more, rs, as_of))
    for ob, status in before.items():
        if status is Status.MET:
            assert after[ob] is Status.MET, ob
        if after[ob] is Status.GAP:
            assert status is Status.GAP, ob


@given(st.data())
def test_removing_evidence_never_removes_a_gap(rs: Ruleset, data: st.DataObject) -> None:
    as_of = data.draw(check_dates(rs))
    profile = data.draw(profiles(rs, as_of, evidence="list"))
    assert profile.evidence is not None
    assume(profile.evidence)
    index = data.draw(st.integers(0, len(profile.evidence) - 1))
    fewer = attrs.evolve(profile, evidence=without(profile.evidence, index))
    before, after = statuses(run(profile, rs, as_of)), statuses(run(fewer, rs, as_of))
    for ob, status in before.items():
        if status is Status.GAP:
            assert after[ob] is Status.GAP, ob


@given(st.data())
def test_time_passing_never_turns_a_gap_into_met(rs: Ruleset, data: st.DataObject) -> None:
    """With no new evidence (everything dated on or before the earlier date), a later check date never
    turns a gap into met."""
    as_of = data.draw(check_dates(rs))
    later = as_of + dt.timedelta(days=data.draw(st.integers(1, 1500)))
    profile = data.draw(profiles(rs, as_of, evidence="list"))
    assert profile.evidence is not None
    old = tuple(ev for ev in profile.evidence if ev.date <= as_of)
    profile = attrs.evolve(profile, evidence=old)
    before, after = statuses(run(profile, rs, as_of)), statuses(run(profile, rs, later))
    for ob, status in before.items():
        if status is Status.GAP:
            assert after[ob] is not Status.MET, ob


# ------------------------------------------------------------------------- not applicable


def _ground(rs: Ruleset, ground_id: str) -> Any:
    return next(g for g in rs.grounds if g.id == ground_id)


@given(st.data())
def test_not_applicable_only_when_a_condition_holds(rs: Ruleset, data: st.DataObject) -> None:
    """not_applicable exactly when the applicability is false or an exempting ground's condition is true
    (and the applicability is not false); the exemption named is one whose condition holds."""
    as_of = data.draw(check_dates(rs))
    profile = data.draw(profiles(rs, as_of))
    traits = profile.trait_values(rs)
    for finding in run(profile, rs, as_of).findings:
        ob = rs.obligation(finding.obligation)
        applies = C.evaluate(ob.applies_when, traits)
        exempt = [g.id for g in rs.exempting(ob.id) if C.evaluate(g.when, traits) is Truth.TRUE]
        # outside its part's period an obligation is not applicable whatever the profile says
        if not ob.in_force(as_of):
            assert finding.status is Status.NOT_APPLICABLE and finding.exemption is None, ob.id
            assert [r.code for r in finding.reasons] in (["superseded"], ["not_yet_in_force"]), ob.id
            continue
        if finding.status is Status.NOT_APPLICABLE:
            if finding.exemption is None:
                assert applies is Truth.FALSE, ob.id
            else:
                assert applies is not Truth.FALSE, ob.id
                assert finding.exemption == exempt[0], ob.id  # the first ground that holds, in file order
        else:
            assert applies is not Truth.FALSE and not exempt, ob.id


def _depends_on(rs: Ruleset, obligation_id: str) -> frozenset[str]:
    ob = rs.obligation(obligation_id)
    conds = [ob.applies_when, *(g.when for g in rs.grounds if g.affects(ob.id))]
    return frozenset().union(*(C.subjects(c) for c in conds))


@given(st.data())
def test_missing_trait_never_passes(rs: Ruleset, data: st.DataObject) -> None:
    """A missing trait never yields met or not_applicable for an obligation that depends on it: if one
    is met or not_applicable while a trait its rules read is missing, then it is so whatever value that
    trait has, so the missing value did not decide it."""
    as_of = data.draw(check_dates(rs))
    profile = data.draw(profiles(rs, as_of))
    known = profile.trait_values(rs)
    missing = sorted(n for n in rs.traits if n not in known)
    assume(missing)
    name = data.draw(st.sampled_from(missing))
    base = statuses(run(profile, rs, as_of))
    filled = [data.draw(value_for(rs.traits[name].domain)) for _ in range(3)]
    outcomes = [statuses(run(attrs.evolve(profile, traits={**profile.traits, name: v}), rs, as_of)) for v in filled]
    for ob, status in base.items():
        if name in _depends_on(rs, ob) and status in (Status.MET, Status.NOT_APPLICABLE):
            for value, outcome in zip(filled, outcomes, strict=True):
                assert outcome[ob] is status, (ob, name, value)


# -------------------------------------------------------------------------------- waivers


@given(st.data())
def test_a_valid_waiver_changes_exactly_one_finding(rs: Ruleset, data: st.DataObject) -> None:
    as_of = data.draw(check_dates(rs))
    profile = data.draw(profiles(rs, as_of))
    target = data.draw(st.sampled_from(rs.obligation_ids))
    profile = attrs.evolve(profile, decisions=tuple(d for d in profile.decisions if d.obligation != target))
    before = run(profile, rs, as_of)
    state = data.draw(st.sampled_from(["valid", "expiring"]))
    decision = data.draw(decisions(rs, as_of, state=state, obligation=target))
    after = run(attrs.evolve(profile, decisions=(*profile.decisions, decision)), rs, as_of)
    changed = [(a, b) for a, b in zip(before.findings, after.findings, strict=True) if a != b]
    if statuses(before)[target] is Status.NOT_APPLICABLE:
        assert changed == []  # nothing to waive; a warning says so
        assert any(w.code == "waiver_not_applicable" and w.obligation == target for w in after.warnings)
    else:
        assert len(changed) == 1
        old, new = changed[0]
        assert old.obligation == new.obligation == target and old.status is not Status.WAIVED
        assert new.status is Status.WAIVED and new.waiver == decision.reference


@given(st.data())
def test_an_expired_or_future_waiver_changes_nothing(rs: Ruleset, data: st.DataObject) -> None:
    as_of = data.draw(check_dates(rs))
    profile = data.draw(profiles(rs, as_of))
    target = data.draw(st.sampled_from(rs.obligation_ids))
    profile = attrs.evolve(profile, decisions=tuple(d for d in profile.decisions if d.obligation != target))
    state = data.draw(st.sampled_from(["expired", "not_yet"]))
    decision = data.draw(decisions(rs, as_of, state=state, obligation=target))
    before = run(profile, rs, as_of)
    after = run(attrs.evolve(profile, decisions=(*profile.decisions, decision)), rs, as_of)
    assert after.findings == before.findings
    code = "waiver_expired" if state == "expired" else "waiver_not_yet_valid"
    assert any(w.code == code and w.reference == decision.reference for w in after.warnings)


def test_evidence_strategy_makes_current_items(rs: Ruleset) -> None:
    """The 'current' evidence the monotonicity property adds is dated on or before the check date and not
    expired (a check on the strategy itself, so the property above is not vacuous)."""
    as_of = dt.date(2019, 11, 30)

    @given(evidence_items(rs, as_of, current=True))
    def inner(ev: Evidence) -> None:
        assert ev.date <= as_of
        assert ev.valid_until is None or ev.valid_until >= as_of

    inner()


def test_ties_never_depend_on_list_order(rs: Ruleset) -> None:
    """Regression examples for what the ordering property found: two items of one kind and date, and two
    decisions alike but for their dates, are reported the same whichever is listed first."""
    day, as_of = dt.date(2019, 5, 1), dt.date(2019, 11, 30)
    kind = required_kinds(rs)[0]
    a, b = Evidence(kind, day, "A", None, {}), Evidence(kind, day, "B", None, {})
    ob = rs.obligation_ids[0]
    d1 = Decision(ob, "SLK 1", "Stadsledningskontoret", dt.date(2019, 1, 1), dt.date(2020, 6, 30), "Skäl.")
    d2 = attrs.evolve(d1, decided_on=dt.date(2019, 2, 1))
    one = Profile("p", "P", "facknamnd", True, None, {}, (a, b), (d1, d2))
    other = attrs.evolve(one, evidence=(b, a), decisions=(d2, d1))
    assert run(one, rs, as_of).to_json() == run(other, rs, as_of).to_json()


# ------------------------------------------------------------------------------- several rulesets


@given(st.data())
def test_several_rulesets_each_share_is_independent_of_the_order_and_of_the_others(data: st.DataObject) -> None:
    """Checked against both bundled rulesets, a profile's findings for each ruleset do not depend on the
    order the rulesets are given in, nor on the other ruleset being there; the report lists the rulesets,
    and their findings, in the order given, and the same inputs give the same JSON."""
    from tsp_rules.model.selection import restrict, union_ruleset

    bundled = [load_ruleset("tsp-2018-2021"), load_ruleset("lagkrav-kommun")]
    as_of = data.draw(check_dates(bundled[1]))
    profile = data.draw(profiles(union_ruleset(bundled), as_of))
    forward = check([profile], rulesets=bundled, as_of=as_of, engine="python")
    backward = check([profile], rulesets=bundled[::-1], as_of=as_of, engine="python")
    assert [f.ruleset for f in forward.findings] == sorted((f.ruleset for f in forward.findings),
                                                          key=[rs.id for rs in bundled].index)
    for rs in bundled:
        ours = [f.to_data() for f in forward.findings if f.ruleset == rs.id]
        assert ours == [f.to_data() for f in backward.findings if f.ruleset == rs.id]
        alone = check([restrict(profile, rs)], ruleset=rs, as_of=as_of, engine="python")
        ids = [r.id for r in bundled]  # a law duty the other ruleset owns gives its one finding there
        assert ours == [f.to_data() for f in alone.findings if rs.obligation(f.obligation).owned_by(ids) is None]
    assert forward.counts == backward.counts
    assert forward.to_json() == check([profile], rulesets=bundled, as_of=as_of, engine="python").to_json()
