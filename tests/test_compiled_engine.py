"""The compiled python engine against what it compiles: conditions, recency, caching and laziness.

Agreement of whole verdict sets and reports with the reference evaluator and durable-rules is in
``test_differential.py``; these tests hold each compiled piece equal to the code it replaces.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsp_rules import Profile, Ruleset
from tsp_rules.documents.loading import parse_yaml
from tsp_rules.engines import get_engine
from tsp_rules.engines import python as compiled
from tsp_rules.engines.facts import resolve
from tsp_rules.engines.reference import ReferenceEngine
from tsp_rules.model import conditions as C
from tsp_rules.model import profile as profile_module
from tsp_rules.model.ruleset import Cadence
from tsp_rules.model.timing import Clock, recent_enough

from .strategies import check_dates, conditions, dates, profiles, trait_domains, value_for

DOMAINS = trait_domains()
TRUTH = {True: C.Truth.TRUE, False: C.Truth.FALSE, None: C.Truth.UNKNOWN}


def _parse(raw: dict[str, Any]) -> C.Condition:
    parser = C.ConditionParser(parse_yaml("{}", "<c>"), DOMAINS, "trait")
    cond = parser.parse(raw, ())
    assert not parser.problems
    return cond


@st.composite
def values(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, domain in sorted(DOMAINS.items()):
        if draw(st.booleans()):  # absent: unknown (or, for a list with empty_when_missing, empty)
            raw = draw(value_for(domain))
            out[name] = frozenset(raw) if domain.type == "set" else raw
    return out


@given(conditions(DOMAINS, max_leaves=8), values(), st.booleans())
def test_compiled_condition_is_the_ir_evaluation(raw: dict[str, Any], given_values: dict[str, Any],
                                                 lists_default_empty: bool) -> None:
    cond = _parse(raw)
    lists = frozenset(n for n, d in DOMAINS.items() if d.type == "set") if lists_default_empty else frozenset()
    test = compiled.compile_condition(cond, lists)
    got = test if isinstance(test, bool) else test(given_values)
    seen = dict(given_values)
    for name in lists:
        seen.setdefault(name, frozenset())
    assert TRUTH[got] is C.evaluate(cond, seen)
    # raw list values (as a profile file gives them) read the same as the frozensets of resolved facts
    as_lists = {k: sorted(v) if isinstance(v, frozenset) else v for k, v in given_values.items()}
    assert (test if isinstance(test, bool) else test(as_lists)) is got


def test_constants_are_folded() -> None:
    assert compiled.compile_condition(C.ALWAYS) is True
    assert compiled.compile_condition(C.AnyOf(())) is False
    assert compiled.compile_condition(C.Not(C.ALWAYS)) is False
    leaf = C.Leaf("geographic_area", "is", True)
    assert compiled.compile_condition(C.AnyOf((leaf, C.ALWAYS))) is True
    assert compiled.compile_condition(C.All((leaf, C.AnyOf(())))) is False
    assert not isinstance(compiled.compile_condition(C.All((leaf, C.ALWAYS))), bool)


CADENCES = [Cadence("continuous"), Cadence("t2"), Cadence("term"), Cadence("within", 1), Cadence("within", 12),
            Cadence("within", 24), Cadence("within", 5), Cadence("term", name="rsa", due="06-30")]


@given(check_dates(), dates(), st.one_of(st.none(), dates()), st.integers(2014, 2023),
       st.sampled_from(CADENCES))
def test_date_windows_are_the_clock(ruleset: Ruleset, as_of: dt.date, date: dt.date, until: dt.date | None,
                                    period: int, cadence: Cadence) -> None:
    """The compiled engine's recency (windows per check date), and ``Clock.recent`` that the reasons of a met item
    read, say what ``Clock.fit`` says."""
    clock = Clock(as_of, ruleset.parameters)
    window = compiled.windows(clock, (cadence,))[cadence.key]
    fit = clock.fit(cadence, date, until, period).ok
    assert recent_enough(window, as_of, date, until, period) is fit
    assert clock.recent(cadence, date, until, period) is fit


def test_plan_compiled_once_per_digest(ruleset: Ruleset) -> None:
    from tsp_rules.model.compiler import load_ruleset

    first = compiled.plan(ruleset)
    assert compiled.plan(ruleset) is first
    again = load_ruleset(ruleset.file)  # the same file: the same digest, the cached ruleset
    assert compiled.plan(again) is first


def test_no_second_validation_for_the_same_digest(ruleset: Ruleset, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = profile_module._bind

    def counting(profile: Profile, rs: Ruleset) -> Any:
        calls.append(profile.id)
        return real(profile, rs)

    monkeypatch.setattr(profile_module, "_bind", counting)
    profile = Profile("p", "P", "facknamnd", True, None, {"geographic_area": True}, (), ())
    assert not profile.checked_against(ruleset)
    profile_module.check_profile(profile, ruleset)
    assert profile.checked_against(ruleset)
    for day in (dt.date(2019, 11, 30), dt.date(2020, 1, 1)):
        get_engine("python").decide(resolve(profile, ruleset, day))
    assert calls == ["p"]
    # a bad profile is refused every time, never marked
    bad = Profile("q", "Q", "facknamnd", True, None, {"geographic_area": "maybe"}, (), ())
    for _ in range(2):
        with pytest.raises(profile_module.ProfileError):
            resolve(bad, ruleset, dt.date(2019, 11, 30))
    assert not bad.checked_against(ruleset)


@given(st.data())
def test_evidence_is_resolved_only_when_read(ruleset: Ruleset, data: st.DataObject) -> None:
    as_of = data.draw(check_dates())
    profile = data.draw(profiles(ruleset, as_of))
    facts = resolve(profile, ruleset, as_of)
    verdicts = get_engine("python").decide(facts)
    assert not facts.evidence_resolved  # the compiled engine read the profile, not the resolved evidence
    assert verdicts == ReferenceEngine().decide(facts)
    assert facts.evidence_resolved
