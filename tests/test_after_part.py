"""A requirement that only serves a replaced part ends with it (issue 21, second reading #13).

ARB-T2-RAPPORT belongs to the programme's common part (until 2021-04-11), but the accident lägesbild it asks
for in tertialrapport 2 is focus area 1's (FO1-LAGESBILD, part ``sakerhet``, replaced on 2020-03-23). From
that day the requirement, and its two tailored forms, ask only for the crime part (``after_part`` in the
ruleset, :meth:`Requirement.on`). Expected values are worked out from the rules: the T2 report required on
both days is the one for 2019 (30 September 2020 has not passed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tsp_rules import RulesetError, Status, check, load_ruleset
from tsp_rules.cycle.remiss.draft import as_proposed
from tsp_rules.model.compiler import ruleset_from_text
from tsp_rules.model.profile import profile_from_text

ROOT = Path(__file__).resolve().parent.parent
LAST = dt.date(2020, 3, 22)   # the security parts' last day
FIRST = dt.date(2020, 3, 23)  # Säkerhetsprogram 2020–2023

SPECIALIST = """
format: tsp-profile/1
profile: {id: tillsyn, name: Tillsynsnämnden, kind: facknamnd, illustrative: true}
traits:
  geographic_area: false
  exercises_authority: true
  supervision_domains: [miljobalken, livsmedel]
  crime_exposure: supervision_domains_only
  internal_accident_level: low
  supervision_prevents_external_accidents: true
  plans_or_builds: false
  covered_by_security_protection_act: false
  employs_staff: true
  has_elected_members: true
  crisis_role: support
evidence:
  - {kind: t2_report, date: 2019-09-19, reference: T2 2019, content: {year: 2019, contains: [CONTAINS]}}
"""

COMPANY = """
format: tsp-profile/1
profile: {id: bolaget, name: Bolaget, kind: bolag, illustrative: true}
traits:
  geographic_area: false
  exercises_authority: false
  supervision_domains: []
  crime_exposure: general
  internal_accident_level: medium
  supervision_prevents_external_accidents: false
  plans_or_builds: true
  covered_by_security_protection_act: false
  employs_staff: true
  has_elected_members: true
  crisis_role: operational
evidence:
  - {kind: t2_report, date: 2019-09-19, reference: T2 2019, content: {year: 2019, contains: [CONTAINS]}}
"""


def _t2(text: str, contains: str, day: dt.date, engine: str) -> tuple[Status, str | None, str]:
    rs = load_ruleset("tsp-2018-2021")
    profile = profile_from_text(text.replace("CONTAINS", contains), "p.yaml", rs)
    (finding,) = [f for f in check(profile, ruleset=rs, as_of=day, engine=engine).findings
                  if f.obligation == "ARB-T2-RAPPORT"]
    return finding.status, finding.tailoring, " ".join(r.message("sv") for r in finding.reasons)


@pytest.mark.parametrize("engine", ["durable", "python"])
@pytest.mark.parametrize(("text", "contains", "ground"), [
    (SPECIALIST, "supervision_crime_summary", "specialised-authority"),
    (COMPANY, "crime_lagesbild_contribution", "no-geographic-area-contribution"),
])
def test_the_accident_lagesbild_is_asked_for_until_its_part_is_replaced(text: str, contains: str, ground: str,
                                                                       engine: str) -> None:
    before = _t2(text, contains, LAST, engine)
    after = _t2(text, contains, FIRST, engine)
    assert before[:2] == (Status.GAP, ground)  # the crime part is there, the accident lägesbild is not
    assert after[:2] == (Status.MET, ground)
    assert "lägesbilden för olyckor och" in before[2]
    assert "lägesbilden för olyckor hörde till programmets säkerhetsdelar, som ersattes 23 mars 2020" in after[2]


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_the_crime_part_is_still_asked_for_after_the_security_parts(engine: str) -> None:
    """Only the accident part ends: a report with the accident lägesbild alone is still a gap."""
    assert _t2(SPECIALIST, "accident_lagesbild", FIRST, engine)[:2] == (Status.GAP, "specialised-authority")
    assert _t2(COMPANY, "accident_lagesbild", FIRST, engine)[:2] == (Status.GAP, "no-geographic-area-contribution")


def test_the_ruleset_of_a_day_changes_only_after_the_part_ended() -> None:
    rs = load_ruleset("tsp-2018-2021")
    assert rs.on(LAST) is rs and rs.on(dt.date(2018, 1, 1)) is rs
    later = rs.on(FIRST)
    assert later is rs.on(dt.date(2021, 4, 11))  # one form for every day after the switch
    assert later.digest != rs.digest and later.id == rs.id and later.version == rs.version
    base, day = rs.obligation("ARB-T2-RAPPORT").requirement, later.obligation("ARB-T2-RAPPORT").requirement
    assert base.later_from == FIRST and base.later_part is not None and base.later_part.id == "sakerhet"
    assert day == base.later and day.later is None
    assert len(day.items) == 1 and "accident_lagesbild" not in repr(day.items[0].content)
    # every other requirement is the same object's form
    changed = {ob.id for ob, new in zip(rs.obligations, later.obligations, strict=True)
               if ob.requirement != new.requirement}
    assert changed == {"ARB-T2-RAPPORT"}
    tailored = {(g.id, oid) for g, new in zip(rs.grounds, later.grounds, strict=True)
                for oid in g.tailored if g.tailored[oid] != new.tailored[oid]}
    assert tailored == {("specialised-authority", "ARB-T2-RAPPORT"),
                        ("no-geographic-area-contribution", "ARB-T2-RAPPORT")}


def test_the_programme_as_proposed_has_only_the_first_form() -> None:
    """A remiss is answered before any part is replaced: its draft never applies a later form."""
    proposed = as_proposed(load_ruleset("tsp-2018-2021"))
    assert proposed.on(dt.date(2020, 6, 1)) is proposed
    assert proposed.obligation("ARB-T2-RAPPORT").requirement.later is None


def _bundled_text() -> str:
    return (ROOT / "rulesets" / "tsp-2018-2021.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("      after_part:\n        part: sakerhet\n", "      after_part:\n        part: sakerhe\n",
     "unknown part 'sakerhe'"),
    ("    valid_to: 2020-03-22\n    superseded_by:\n      sv: Säkerhetsprogram", "    superseded_by:\n      sv: "
     "Säkerhetsprogram", "the part 'sakerhet' has no end date"),
])
def test_an_after_part_needs_a_known_part_that_ends(old: str, new: str, message: str) -> None:
    text = _bundled_text()
    assert old in text
    with pytest.raises(RulesetError) as err:
        ruleset_from_text(text.replace(old, new, 1), "r.yaml", lang="en")
    found = "\n".join(str(p) for p in err.value.problems)
    assert message in found and "r.yaml:" in found and "after_part" in found
