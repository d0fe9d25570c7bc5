"""The baseline: the shipped obligations written by hand as plain if/else Python, no engine, no IR.

This is what a programmer would write without a rules engine; the benchmark compares the back ends'
speed with it. It encodes all 29 obligations and 8 exemption grounds of ``rulesets/tsp-2018-2021.yaml``
version 2.0.0 (the obligations in :data:`COVERS`) with the same precedence as the engines
(docs/ruleset-format.md, "How an obligation's status is decided"):

0. outside its part of the programme's period (security parts to 2020-03-22, the rest to 2021-04-11,
   all from 2018-01-01; the civil defence requirement from 2018-06-20) → ``not_applicable``;
1. applicability false, or an exempting ground true → ``not_applicable``;
2. a decision in force → ``waived``;
3. applicability or an exempting ground unknown → ``not_assessed``;
4. the tailoring ground unknown → ``not_assessed``; true → its re-scoped requirement;
5. no ``evidence`` list → ``not_assessed``; else ``met`` / ``gap``.

Traits are three-valued here as ``True`` / ``False`` / ``None`` (unknown: missing, ``null`` or
``unassessed``). The calendar parameters of the ruleset (T2 date 30 September, elections 2014/2018/2022,
term start 1 January after the election, RSA due 31 October and plans due 31 December the year after) are
written in as constants, as a hand-written
checker would have them. The data is trusted: nothing is validated. The benchmark checks that it
agrees with the engines before it times anything, and says so when the ruleset has obligations this
file does not cover (extend it when the ruleset grows).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from typing import Any

COVERS = (
    "ARB-SAKERHETSSAMORDNARE", "ARB-SYSTEMATIK", "ARB-HANDELSERAPPORTERING", "ARB-RISKKOMMUNIKATION",
    "ARB-T2-RAPPORT",
    "FO1-RISKHANTERING", "FO1-KONSEKVENSPLAN", "FO1-DOKUMENTATION", "FO1-LAGESBILD", "FO1-SAMHALLSPLANERING",
    "FO2-FUNKTION", "FO2-ATGARDER", "FO2-LAGESBILD", "FO2-VALDSBEJAKANDE-EXTREMISM",
    "FO3-INCIDENTRAPPORTERING", "FO3-MUTOR-OCH-OTILLATEN-PAVERKAN", "FO3-HOT-OCH-VALD", "FO3-FORTROENDEVALDA",
    "FO4-RSA", "FO4-KRISLEDNING", "FO4-CIVILT-FORSVAR",
    "FO5-SAKERHETSSKYDDSANALYS", "FO5-SAKERHETSSKYDDSATGARDER",
    "KS-TRYGGHETS-OCH-SAKERHETSRAD", "KS-STADSOVERGRIPANDE-LAGESBILD", "KS-STATISTIK",
    "KS-SAMORDNING-OLYCKOR", "KS-SAMORDNING-BROTT", "KS-KRISLEDNINGSNAMND",
)

ELECTION_YEARS = (2014, 2018, 2022)
TERM_START = (1, 1)         # in the year after the election
RSA_DUE = (10, 31)
PLAN_DUE = (12, 31)
T2_DATE = (9, 30)
PERIOD_START = dt.date(2018, 1, 1)
SECURITY_END = dt.date(2020, 3, 22)
OTHERS_END = dt.date(2021, 4, 11)
SECURITY = ("FO1-", "FO3-", "FO4-", "FO5-", "KS-SAMORDNING-OLYCKOR", "KS-KRISLEDNINGSNAMND")
CIVIL_DEFENCE_START = dt.date(2018, 6, 20)  # the SKL–MSB agreement's publication (ruleset 2.2.0)
NAMNDER = ("facknamnd", "stadsdelsnamnd", "kommunstyrelse")


def _months_before(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _term_start(as_of: dt.date, due: tuple[int, int]) -> dt.date:
    election = ELECTION_YEARS[0]
    for year in ELECTION_YEARS:
        if dt.date(year + 1, *due) < as_of:  # "senast": the due day still counts for the previous term
            election = year
    return dt.date(election + 1, *TERM_START)


@functools.lru_cache(maxsize=64)
def _windows(as_of: dt.date) -> tuple[dt.date, dt.date, dt.date, int, dt.date, dt.date]:
    """(oldest date for monthly, yearly, 24 months; the required T2 year; the start of the RSA's term and of
    the plans' term)."""
    t2_year = as_of.year if as_of >= dt.date(as_of.year, *T2_DATE) else as_of.year - 1
    return (_months_before(as_of, 1), _months_before(as_of, 12), _months_before(as_of, 24), t2_year,
            _term_start(as_of, RSA_DUE), _term_start(as_of, PLAN_DUE))


def _is(value: Any, want: Any) -> bool | None:
    """Three-valued ``trait is want``: None when the trait is not known."""
    if value is None or value == "unassessed":
        return None
    return value == want and type(value) is type(want)


def _nonempty(value: Any) -> bool | None:
    """Three-valued ``set trait is_empty: false``."""
    if value is None or value == "unassessed":
        return None
    return bool(value)


def _all(*truths: bool | None) -> bool | None:
    if False in truths:
        return False
    return None if None in truths else True


def _any(*truths: bool | None) -> bool | None:
    if True in truths:
        return True
    return None if None in truths else False


def _not(truth: bool | None) -> bool | None:
    return None if truth is None else not truth


def evaluate(profile: Any, as_of: dt.date) -> dict[str, str]:
    """The status of each covered obligation for ``profile`` (a :class:`tsp_rules.Profile`) at ``as_of``;
    none for a body that does not exist on ``as_of`` (it is not checked)."""
    if (profile.valid_from is not None and as_of < profile.valid_from) or (
            profile.valid_to is not None and as_of > profile.valid_to):
        return {}
    t = profile.traits
    monthly_from, yearly_from, two_years_from, t2_year, term_from, plan_from = _windows(as_of)

    waived = set()
    for dec in profile.decisions:
        if dec.decided_on <= as_of <= dec.valid_until:
            waived.add(dec.obligation)

    # ----------------------------------------------------------- evidence, one pass
    continuous: set[str] = set()  # kinds with an item in force (not future, not expired)
    monthly: set[str] = set()
    yearly: set[str] = set()
    two_years: set[str] = set()
    term: set[str] = set()
    plan_term: set[str] = set()
    t2_full = t2_supervision = t2_contribution = False
    documentation = accident_picture = accident_picture_internal = False
    crime_area = crime_supervision = crime_contribution = threat_routine = False
    crisis_operational = crisis_support = city_picture = coordination_accidents = coordination_crime = False
    no_evidence = profile.evidence is None
    for ev in profile.evidence or ():
        day = ev.date
        if day > as_of or (ev.valid_until is not None and ev.valid_until < as_of):
            continue
        kind, content = ev.kind, ev.content
        continuous.add(kind)
        recent = day >= yearly_from
        if recent:
            yearly.add(kind)
            if day >= monthly_from:
                monthly.add(kind)
        if day >= two_years_from:
            two_years.add(kind)
        if day >= term_from:
            term.add(kind)
        if day >= plan_from:
            plan_term.add(kind)
        if kind == "t2_report":
            year = content.get("year")
            period = year if isinstance(year, int) and not isinstance(year, bool) else day.year
            if period >= t2_year:
                contains = content.get("contains") or ()
                # the accident lägesbild serves the security parts: asked for only until they end (2.3.0)
                accidents = "accident_lagesbild" in contains or as_of > SECURITY_END
                if accidents and "crime_lagesbild" in contains:
                    t2_full = True
                if accidents and ("supervision_crime_summary" in contains or "crime_lagesbild" in contains):
                    t2_supervision = True
                if accidents and ("crime_lagesbild_contribution" in contains or "crime_lagesbild" in contains):
                    t2_contribution = True
        elif kind == "crisis_plan":
            if day >= plan_from and content.get("crisis_communication") is True:
                role = content.get("role")
                crisis_operational = crisis_operational or role == "operational"
                crisis_support = crisis_support or role == "support"
        elif not recent:
            continue
        elif kind == "safety_documentation":
            if content.get("special_legislation"):
                documentation = True
        elif kind == "accident_lagesbild":
            inputs = content.get("inputs") or ()
            if "incident_system_extract" in inputs:
                accident_picture = True
                if "supervision_work" in inputs:
                    accident_picture_internal = True
        elif kind == "crime_lagesbild":
            scope = content.get("scope")
            if "police" in (content.get("partners") or ()):
                crime_area = crime_area or scope == "area"
            crime_supervision = crime_supervision or scope == "supervision_domains"
            crime_contribution = crime_contribution or (scope in ("contribution", "area")
                                                        and bool(content.get("partners")))
        elif kind == "city_coordination_plan":
            areas = content.get("areas") or ()
            coordination_accidents = coordination_accidents or "accidents" in areas
            coordination_crime = coordination_crime or ("crime" in areas and "violent_extremism" in areas)
        elif kind == "threat_incident_routine":
            if content.get("in_use") is True:
                threat_routine = True
        elif kind == "city_lagesbild" and content.get("sent_back") is True:
            city_picture = True

    # ----------------------------------------------------------- grounds
    geographic = _is(t.get("geographic_area"), True)
    specialised = _all(_is(t.get("exercises_authority"), True),
                       _nonempty(t.get("supervision_domains")),
                       _is(t.get("crime_exposure"), "supervision_domains_only"))
    not_protected = _is(t.get("covered_by_security_protection_act"), False)
    no_area = _not(geographic)
    no_area_general_crime = _all(no_area, _not(specialised))
    few_internal = _all(_is(t.get("internal_accident_level"), "low"),
                        _is(t.get("supervision_prevents_external_accidents"), True))
    supporting = _is(t.get("crisis_role"), "support")
    not_building = _is(t.get("plans_or_builds"), False)
    not_ks = profile.kind != "kommunstyrelse"
    is_ks = not not_ks  # kommunstyrelsen builds the city-wide lägesbilder (ruleset 2.1.0)

    security_in_force = PERIOD_START <= as_of <= SECURITY_END
    others_in_force = PERIOD_START <= as_of <= OTHERS_END

    def status(ob: str, met: bool, excluded: bool | None = False, tailored: bool | None = False,
               met_tailored: bool = False) -> str:
        """``excluded``: not applicable or exempted (three-valued); ``tailored``: the tailoring ground."""
        if not (security_in_force if ob.startswith(SECURITY) else others_in_force):
            return "not_applicable"
        if ob == "FO4-CIVILT-FORSVAR" and as_of < CIVIL_DEFENCE_START:
            return "not_applicable"
        if excluded:
            return "not_applicable"
        if ob in waived:
            return "waived"
        if excluded is None or tailored is None or no_evidence:
            return "not_assessed"
        return "met" if (met_tailored if tailored else met) else "gap"

    return {
        "ARB-SAKERHETSSAMORDNARE": status("ARB-SAKERHETSSAMORDNARE", "security_coordinator_appointment" in continuous),
        "ARB-SYSTEMATIK": status("ARB-SYSTEMATIK", "security_work_plan" in yearly
                                 and "security_work_followup" in yearly),
        "ARB-HANDELSERAPPORTERING": status("ARB-HANDELSERAPPORTERING", "incident_reporting_routine" in yearly
                                           and "incident_system_extract" in yearly),
        "ARB-RISKKOMMUNIKATION": status("ARB-RISKKOMMUNIKATION", "risk_communication_assessment" in yearly),
        "ARB-T2-RAPPORT": (status("ARB-T2-RAPPORT", t2_full, excluded=is_ks, tailored=specialised,
                                  met_tailored=t2_supervision)
                           if specialised is not False else
                           status("ARB-T2-RAPPORT", t2_full, excluded=is_ks, tailored=no_area_general_crime,
                                  met_tailored=t2_contribution)),
        "FO1-RISKHANTERING": status("FO1-RISKHANTERING", "accident_risk_analysis" in yearly),
        "FO1-KONSEKVENSPLAN": status("FO1-KONSEKVENSPLAN", "consequence_plan" in yearly),
        "FO1-DOKUMENTATION": status("FO1-DOKUMENTATION", documentation),
        "FO1-LAGESBILD": status("FO1-LAGESBILD", accident_picture, tailored=few_internal,
                                met_tailored=accident_picture_internal),
        "FO1-SAMHALLSPLANERING": status("FO1-SAMHALLSPLANERING", "planning_risk_routine" in yearly,
                                        excluded=not_building),
        "FO2-FUNKTION": status("FO2-FUNKTION", "crime_prevention_function" in continuous),
        "FO2-ATGARDER": status("FO2-ATGARDER", "crime_prevention_measures" in yearly, tailored=specialised,
                               met_tailored="crime_prevention_measures" in yearly
                               or "preventive_supervision_plan" in yearly),
        "FO2-LAGESBILD": (status("FO2-LAGESBILD", crime_area, excluded=is_ks, tailored=specialised,
                                 met_tailored=crime_supervision)
                          if specialised is not False else
                          status("FO2-LAGESBILD", crime_area, excluded=is_ks, tailored=no_area_general_crime,
                                 met_tailored=crime_contribution)),
        "FO2-VALDSBEJAKANDE-EXTREMISM": status("FO2-VALDSBEJAKANDE-EXTREMISM", "extremism_lagesbild" in yearly,
                                               excluded=no_area),
        "FO3-INCIDENTRAPPORTERING": status("FO3-INCIDENTRAPPORTERING", threat_routine),
        "FO3-MUTOR-OCH-OTILLATEN-PAVERKAN": status("FO3-MUTOR-OCH-OTILLATEN-PAVERKAN", "bribery_policy" in two_years
                                                   and "bribery_training" in yearly),
        "FO3-HOT-OCH-VALD": status("FO3-HOT-OCH-VALD", "threat_violence_risk_assessment" in yearly,
                                   excluded=_not(_is(t.get("employs_staff"), True))),
        "FO3-FORTROENDEVALDA": status("FO3-FORTROENDEVALDA", "elected_members_safety_routine" in yearly,
                                      excluded=_not(_is(t.get("has_elected_members"), True))),
        "FO4-RSA": status("FO4-RSA", "rsa" in term),
        "FO4-KRISLEDNING": status("FO4-KRISLEDNING", crisis_operational, tailored=supporting,
                                  met_tailored=crisis_support),
        "FO4-CIVILT-FORSVAR": status("FO4-CIVILT-FORSVAR", "civil_defence_decision" in plan_term,
                                     excluded=profile.kind not in NAMNDER),
        "FO5-SAKERHETSSKYDDSANALYS": status("FO5-SAKERHETSSKYDDSANALYS", "security_protection_analysis" in yearly,
                                            excluded=not_protected),
        "FO5-SAKERHETSSKYDDSATGARDER": status("FO5-SAKERHETSSKYDDSATGARDER", "security_protection_plan" in yearly,
                                              excluded=not_protected),
        "KS-TRYGGHETS-OCH-SAKERHETSRAD": status("KS-TRYGGHETS-OCH-SAKERHETSRAD", "council_instruction" in continuous,
                                                excluded=not_ks),
        "KS-STADSOVERGRIPANDE-LAGESBILD": status("KS-STADSOVERGRIPANDE-LAGESBILD", city_picture, excluded=not_ks),
        "KS-STATISTIK": status("KS-STATISTIK", "statistics_dispatch" in monthly, excluded=not_ks),
        "KS-SAMORDNING-OLYCKOR": status("KS-SAMORDNING-OLYCKOR", coordination_accidents, excluded=not_ks),
        "KS-SAMORDNING-BROTT": status("KS-SAMORDNING-BROTT", coordination_crime, excluded=not_ks),
        "KS-KRISLEDNINGSNAMND": status("KS-KRISLEDNINGSNAMND", "crisis_committee_regulation" in continuous,
                                       excluded=not_ks),
    }
