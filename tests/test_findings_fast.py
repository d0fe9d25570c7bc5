"""The faster ways of making findings and their JSON text give exactly what the ordinary ways give.

* :class:`~tsp_rules.checking.findings.NewFinding` makes a Finding by plain slot assignment: the same object
  as ``Finding(...)``, still frozen, pickled the same.
* :data:`~tsp_rules.checking.explain.SHARED` keeps reason tuples that many findings share: each is equal to
  the reasons worked out afresh for every finding of generated profiles of both bundled rulesets, and two
  profiles share a tuple only when their reasons are equal.
* :func:`~tsp_rules.renderers.streaming.finding_item` writes a finding from a kept shape: byte for byte the
  text of its data, for every finding of those profiles in both languages, and for findings whose title holds
  the very marks the shape is cut at.
"""

from __future__ import annotations

import datetime as dt
import pickle
import sys
from pathlib import Path

import attrs
import pytest

from tsp_rules import load_ruleset
from tsp_rules.checking import explain
from tsp_rules.checking.check import ProfileResult, evaluate
from tsp_rules.checking.findings import Finding, NewFinding, ProfileInfo, Reason, Status, maker
from tsp_rules.engines.facts import resolve
from tsp_rules.model.profile import check_profile
from tsp_rules.model.ruleset import Text
from tsp_rules.renderers.streaming import _json_item, finding_item

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

DATES = [dt.date(2019, 11, 30), dt.date(2021, 12, 1), dt.date(2026, 1, 15)]


def _args(title: Text, reasons: tuple[Reason, ...]) -> tuple[object, ...]:
    rs = load_ruleset("tsp-2018-2021")
    ob = rs.obligations[0]
    return ("p-1", ob.id, ob.focus_area, title, Status.GAP, None, None, None, reasons, Text("Sammanfattning.",
            "Summary."), ob.citation, rs.id, ())


def test_new_finding_is_the_finding_init_makes() -> None:
    args = _args(Text("Titel", "Title"), (Reason("no_evidence_data"),))
    made, ordinary = NewFinding(*args), Finding(*args)  # type: ignore[arg-type]
    assert type(made) is Finding
    assert made == ordinary and repr(made) == repr(ordinary)
    assert [getattr(made, a.name) for a in attrs.fields(Finding)] == [
        getattr(ordinary, a.name) for a in attrs.fields(Finding)]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.profile = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(made)) == ordinary


def test_a_maker_makes_what_init_makes_and_refuses_a_weakref_slot() -> None:
    info = ProfileInfo("p-1", "Nämnden", "namnd", True)
    assert maker(ProfileInfo)(*attrs.astuple(info, recurse=False)) == info
    result = ProfileResult(info, "p.yaml", (), (), False)
    made = maker(ProfileResult)(info, "p.yaml", (), (), False)
    assert type(made) is ProfileResult and made == result
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.file = "q.yaml"  # type: ignore[misc]

    @attrs.frozen
    class Weak:
        value: int

    with pytest.raises(TypeError, match="__weakref__"):
        maker(Weak)


def _profiles(rs_id: str, day: dt.date, count: int = 120) -> list[object]:
    rs = load_ruleset(rs_id)
    out = []
    for i in range(count):
        p = synthetic.profile_object(rs, i, as_of=day)
        check_profile(p, rs)
        out.append(p)
    return out


@pytest.mark.parametrize("rs_id", ["tsp-2018-2021", "lagkrav-kommun"])
@pytest.mark.parametrize("day", DATES)
def test_shared_reasons_equal_reasons_worked_out_afresh(rs_id: str, day: dt.date) -> None:
    rs = load_ruleset(rs_id)
    by_tuple: dict[int, tuple[Reason, ...]] = {}
    shared = 0
    for p in _profiles(rs_id, day):
        result = evaluate(p, rs, day, "python")  # type: ignore[arg-type]
        facts = resolve(p, rs.on(day), day)  # type: ignore[arg-type]
        for f in result.findings:
            verdict = f._reasons.args[0] if not isinstance(f._reasons, tuple) else None
            found = f.reasons
            if verdict is None:  # fixed reasons, a tuple from the start: see the next test
                continue
            assert found == explain._reasons(verdict, facts), (p.id, f.obligation)  # type: ignore[attr-defined]
            if explain.SHARED.holds(found):
                shared += 1
                assert by_tuple.setdefault(id(found), found) == found
            else:  # only reasons read from a profile's evidence or decisions are its own
                assert {r.code for r in found} & {"evidence_ok", "evidence_ok_inherited", "content", "stale",
                                                   "future", "term", "t2_year", "waived"}, (p.id, found)
    assert shared or day.year > 2019  # generated profiles of 2019 lack traits and evidence: shared reasons


def test_fixed_reasons_are_those_worked_out_afresh() -> None:
    rs = load_ruleset("lagkrav-kommun")
    day = dt.date(2019, 11, 30)  # most of the statutory ruleset is not yet in force: fixed reasons
    count = 0
    for p in _profiles("lagkrav-kommun", day, 40):
        facts = resolve(p, rs.on(day), day)  # type: ignore[arg-type]
        from tsp_rules.engines import get_engine

        verdicts = get_engine("python").decide(facts)
        from tsp_rules.checking.check import in_force_verdicts

        for verdict in in_force_verdicts(verdicts, rs, day).values():
            if verdict.cause in explain.FIXED_CAUSES:
                (finding,) = explain.explain_all([verdict], facts)
                assert type(finding._reasons) is tuple
                assert finding.reasons == explain._reasons(verdict, facts)
                count += 1
    assert count


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("rs_id", ["tsp-2018-2021", "lagkrav-kommun"])
def test_finding_text_is_the_text_of_its_data(rs_id: str, lang: str) -> None:
    rs = load_ruleset(rs_id)
    for day in DATES:
        for p in _profiles(rs_id, day, 60):
            for f in evaluate(p, rs, day, "python").findings:  # type: ignore[arg-type]
                assert finding_item(f, lang) == _json_item(f.to_data(lang)), (p.id, f.obligation)  # type: ignore[attr-defined, arg-type]


def test_a_title_holding_the_marks_is_written_the_ordinary_way() -> None:
    reasons = explain.SHARED.get(("test", "marks"), lambda: (Reason("no_evidence_data"),))
    for title in ("@@tsp-waiver@@", "\"@@tsp-reasons@@\" och @@tsp-explanation@@", "@@tsp-profile@@"):
        finding = NewFinding(*_args(Text(title, title), reasons))  # type: ignore[arg-type]
        for lang in ("sv", "en"):
            assert finding_item(finding, lang) == _json_item(finding.to_data(lang))  # type: ignore[arg-type]
        other = NewFinding(*(("p-2", *_args(Text(title, title), reasons)[1:])))  # type: ignore[arg-type]
        assert finding_item(other, "sv") == _json_item(other.to_data("sv"))


def test_shared_reasons_under_two_summaries_keep_their_own_explanations() -> None:
    """The text kept for a shared reasons tuple ends the explanation that opens with the finding's summary: a
    second finding with the same reasons and another summary gets its own."""
    reasons = explain.SHARED.get(("test", "two summaries"), lambda: (Reason("no_evidence_data"),))
    first = NewFinding(*_args(Text("Titel", "Title"), reasons))  # type: ignore[arg-type]
    args = list(_args(Text("Titel", "Title"), reasons))
    args[9] = Text("En annan sammanfattning.", "Another summary.")
    second = NewFinding(*args)  # type: ignore[arg-type]
    for finding in (first, second, first):
        for lang in ("sv", "en"):
            assert finding_item(finding, lang) == _json_item(finding.to_data(lang))  # type: ignore[arg-type]
