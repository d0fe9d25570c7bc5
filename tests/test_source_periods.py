"""Time right for every source (issue 21 item 4), as a property: no finding cites a source outside that
source's validity on the check date, in either bundled ruleset, on any date the rulesets are in force.

For a finding whose obligation applies (met, gap, waived, not assessed), the finding's citation is in force
on the check date, the obligation's text has a citation in force, and its requirement (tailored or not) and
the requirement's evidence options cite only sources in force on the check date, or undated ones (the
requirement in its form of that day: a form used only after a part was replaced may cite what replaced it). A finding
that does not apply because its law was not yet, or no longer, in force names that law as the reason
(``not_yet_in_force``, ``superseded``); it does not cite it as the rule of the day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tsp_rules import Status, check, load_ruleset
from tsp_rules.model.ruleset import Citation, Requirement

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "fixtures" / "stockholm").glob("*.yaml"))[:12] + sorted(
    (ROOT / "fixtures" / "exempelkommun").glob("*.yaml"))


def _requirement_citations(req: Requirement) -> list[Citation]:
    return [*req.basis, *(c for item in req.items for option in item.options for c in option.basis)]


@given(day=st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2026, 12, 31)),
       picked=st.lists(st.sampled_from(PROFILES), min_size=1, max_size=3, unique=True))
def test_no_finding_cites_a_source_outside_its_validity(day: dt.date, picked: list[Path]) -> None:
    report = check(picked, rulesets="by_date", as_of=day, engine="python")
    applying = [f for f in report.findings if f.status is not Status.NOT_APPLICABLE]
    for f in applying:
        assert f.citation.in_force(day), (f.obligation, f.citation.source.id if f.citation.source else None)
        rs = load_ruleset(f.ruleset)
        ob = rs.obligation(f.obligation)
        ground = next((g for g in rs.grounds if g.id == f.tailoring), None)
        # the requirement in its form of the day (after a part it served was replaced: ``after_part``)
        req = (ground.tailored[ob.id] if ground is not None else ob.requirement).on(day)
        shown = [*ob.citations_on(day), *_requirement_citations(req)]
        outside = [c.source.id for c in shown if c.source is not None and not c.source.in_force(day)]
        assert not outside, (day, f.profile, f.obligation, outside)
        assert ob.citations_on(day), f"{f.obligation} cites no text in force on {day}"


def test_the_property_can_fail() -> None:
    """The check is not vacuous: a source that ended is out of force the day after."""
    rs = load_ruleset("tsp-2018-2021")
    ended = rs.sources["sakerhetsskyddsforordningen-1996"]
    assert ended.in_force(dt.date(2019, 3, 31)) and not ended.in_force(dt.date(2019, 4, 1))


def test_a_later_form_cites_its_replacement_only_from_its_first_day() -> None:
    """ARB-T2-RAPPORT's form after the security parts cites Säkerhetsprogram 2020–2023, which is in force
    from that form's first day; the first form, used before, does not cite it."""
    rs = load_ruleset("tsp-2018-2021")
    req = rs.obligation("ARB-T2-RAPPORT").requirement
    assert req.later is not None and req.later_from == dt.date(2020, 3, 23)
    later_sources = {c.source.id for c in _requirement_citations(req.later) if c.source is not None}
    first_sources = {c.source.id for c in _requirement_citations(req) if c.source is not None}
    assert "sakerhetsprogram-2020-2023" in later_sources and "sakerhetsprogram-2020-2023" not in first_sources
    assert rs.sources["sakerhetsprogram-2020-2023"].valid_from == req.later_from
