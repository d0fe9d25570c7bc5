"""The baseline: the shipped obligations written by hand as plain if/else Python, no engine, no IR.

This is what a programmer would write without a rules engine; the benchmark compares the back ends'
speed with it. It encodes the obligations of ``rulesets/tsp-2018-2021.yaml`` as they stand in version
0.1.0 (the seven obligations in :data:`COVERS`) and the same precedence as the engines (applicability,
exempting grounds, waivers, unknown traits, missing evidence data, then met/gap). The benchmark checks
that it agrees with the engines before it times anything, and says so when the ruleset has
obligations this file does not cover (extend it when the ruleset grows).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

COVERS = (
    "ARB-SAKERHETSSAMORDNARE", "ARB-SYSTEMATIK", "ARB-HANDELSERAPPORTERING", "ARB-RISKKOMMUNIKATION",
    "ARB-T2-RAPPORT", "FO5-SAKERHETSSKYDDSANALYS", "FO5-SAKERHETSSKYDDSATGARDER",
)

UNKNOWN = (None, "unassessed")


def _year_ago(day: dt.date) -> dt.date:
    month = day.month
    year = day.year - 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def evaluate(profile: Any, as_of: dt.date) -> dict[str, str]:
    """The status of each covered obligation for ``profile`` (a :class:`tsp_rules.Profile`) at ``as_of``."""
    traits = profile.traits
    oldest_yearly = _year_ago(as_of)
    t2_due = dt.date(as_of.year, 9, 30)
    t2_year = as_of.year if as_of >= t2_due else as_of.year - 1

    waived = set()
    for dec in profile.decisions:
        if dec.decided_on <= as_of <= dec.valid_until:
            waived.add(dec.obligation)

    continuous: set[str] = set()
    yearly: set[str] = set()
    t2_ok = False
    if profile.evidence is not None:
        for ev in profile.evidence:
            if ev.date > as_of or (ev.valid_until is not None and ev.valid_until < as_of):
                continue
            continuous.add(ev.kind)
            if ev.date >= oldest_yearly:
                yearly.add(ev.kind)
            if ev.kind == "t2_report":
                year = ev.content.get("year")
                period = year if isinstance(year, int) and not isinstance(year, bool) else ev.date.year
                contains = ev.content.get("contains") or ()
                if period >= t2_year and "accident_lagesbild" in contains and "crime_lagesbild" in contains:
                    t2_ok = True

    def status(ob: str, met: bool) -> str:
        if ob in waived:
            return "waived"
        if profile.evidence is None:
            return "not_assessed"
        return "met" if met else "gap"

    out = {
        "ARB-SAKERHETSSAMORDNARE": status("ARB-SAKERHETSSAMORDNARE", "security_coordinator_appointment" in continuous),
        "ARB-SYSTEMATIK": status("ARB-SYSTEMATIK", "security_work_plan" in yearly
                                 and "security_work_followup" in yearly),
        "ARB-HANDELSERAPPORTERING": status("ARB-HANDELSERAPPORTERING", "incident_reporting_routine" in yearly
                                           and "incident_system_extract" in yearly),
        "ARB-RISKKOMMUNIKATION": status("ARB-RISKKOMMUNIKATION", "risk_communication_assessment" in yearly),
        "ARB-T2-RAPPORT": status("ARB-T2-RAPPORT", t2_ok),
    }
    covered = traits.get("covered_by_security_protection_act")
    for ob, kind in (("FO5-SAKERHETSSKYDDSANALYS", "security_protection_analysis"),
                     ("FO5-SAKERHETSSKYDDSATGARDER", "security_protection_plan")):
        if covered is False:
            out[ob] = "not_applicable"
        elif ob in waived:
            out[ob] = "waived"
        elif covered in UNKNOWN:
            out[ob] = "not_assessed"
        else:
            out[ob] = status(ob, kind in yearly)
    return out
