"""The shipped ruleset is the catalogue of shared/domain.md: every id, citation, text and ground.

The obligation ids and the exemption grounds listed here are the public contract of the ruleset
``tsp-2018-2021``; a change to them is a breaking change and must change this test on purpose.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tsp_rules import Ruleset, check
from tsp_rules.model.profile import profile_from_text
from tsp_rules.model.timing import Clock

CATALOGUE_IDS = [
    "ARB-SAKERHETSSAMORDNARE",
    "ARB-SYSTEMATIK",
    "ARB-HANDELSERAPPORTERING",
    "ARB-RISKKOMMUNIKATION",
    "ARB-T2-RAPPORT",
    "FO1-RISKHANTERING",
    "FO1-KONSEKVENSPLAN",
    "FO1-DOKUMENTATION",
    "FO1-LAGESBILD",
    "FO1-SAMHALLSPLANERING",
    "FO2-FUNKTION",
    "FO2-ATGARDER",
    "FO2-LAGESBILD",
    "FO2-VALDSBEJAKANDE-EXTREMISM",
    "FO3-INCIDENTRAPPORTERING",
    "FO3-MUTOR-OCH-OTILLATEN-PAVERKAN",
    "FO3-HOT-OCH-VALD",
    "FO3-FORTROENDEVALDA",
    "FO4-RSA",
    "FO4-KRISLEDNING",
    "FO4-CIVILT-FORSVAR",
    "FO5-SAKERHETSSKYDDSANALYS",
    "FO5-SAKERHETSSKYDDSATGARDER",
    "KS-TRYGGHETS-OCH-SAKERHETSRAD",
    "KS-STADSOVERGRIPANDE-LAGESBILD",
    "KS-STATISTIK",
    "KS-SAMORDNING-OLYCKOR",
    "KS-SAMORDNING-BROTT",
    "KS-KRISLEDNINGSNAMND",
]

# Each row of the domain table (shared/domain.md, "Exemption grounds and tailorings") with the ground(s)
# encoding it and the effect on each obligation, as ruleset 2.0.0 reads the sources: the specialised
# authority's tailoring of FO2-FUNKTION and the risk-proportional "förenklad lägesbild" were not in the
# remiss and are gone; the remiss's objection to Kommunstyrelsen's lägesbild role tailors ARB-T2-RAPPORT;
# bodies without an area contribute to the districts' lägesbilder instead of being exempt. Ruleset 2.1.0:
# such a body reports its contribution with tertialrapport 2, and kommunstyrelsen, which builds the city-wide
# lägesbilder from the others', neither reports to itself nor contributes to the districts' lägesbilder.
DOMAIN_GROUNDS: dict[str, dict[str, dict[str, str]]] = {
    "not covered by säkerhetsskyddslagen": {
        "not-covered-by-security-protection-act": {
            "FO5-SAKERHETSSKYDDSANALYS": "not_applicable", "FO5-SAKERHETSSKYDDSATGARDER": "not_applicable"},
    },
    "specialised authority, crime limited to its supervision domain; KS lägesbild vs own authority": {
        "specialised-authority": {
            "FO2-LAGESBILD": "tailored", "FO2-ATGARDER": "tailored", "ARB-T2-RAPPORT": "tailored"},
    },
    "no geographic area": {
        "no-geographic-area": {"FO2-VALDSBEJAKANDE-EXTREMISM": "not_applicable"},
        "no-geographic-area-contribution": {"FO2-LAGESBILD": "tailored", "ARB-T2-RAPPORT": "tailored"},
    },
    "kommunstyrelsen builds the city-wide lägesbilder (ruleset 2.1.0; programme structure, interpretation)": {
        "kommunstyrelsen-builds-city-lagesbilder": {
            "ARB-T2-RAPPORT": "not_applicable", "FO2-LAGESBILD": "not_applicable"},
    },
    "few internal accidents, external accidents handled by supervision": {
        "few-internal-accidents": {"FO1-LAGESBILD": "tailored"},
    },
    "crisis role is support": {
        "crisis-role-support": {"FO4-KRISLEDNING": "tailored"},
    },
    "does not plan or build": {
        "does-not-plan-or-build": {"FO1-SAMHALLSPLANERING": "not_applicable"},
    },
}

# kommunstyrelsen's own duties: scoped to it (applies_when), never an exemption ground of the other bodies
KS_DUTIES = ("KS-TRYGGHETS-OCH-SAKERHETSRAD", "KS-STADSOVERGRIPANDE-LAGESBILD", "KS-STATISTIK",
             "KS-SAMORDNING-OLYCKOR", "KS-SAMORDNING-BROTT", "KS-KRISLEDNINGSNAMND")

# grounds whose request is Miljö- och hälsoskyddsnämnden's own (cited to its remiss as provenance remiss)
REMISS_GROUNDS = {"not-covered-by-security-protection-act", "specialised-authority", "few-internal-accidents",
                  "crisis-role-support"}


def test_kommunstyrelsens_duties_are_scoped_not_exempted(ruleset: Ruleset) -> None:
    for oid in KS_DUTIES:
        ob = ruleset.obligation(oid)
        assert (ob.applies_when.subject, ob.applies_when.op, ob.applies_when.value) == (  # type: ignore[union-attr]
            "kind", "is", "kommunstyrelse"), oid
        assert not any(g.affects(oid) for g in ruleset.grounds), oid


def test_version_is_two(ruleset: Ruleset) -> None:
    assert ruleset.id == "tsp-2018-2021"
    assert ruleset.version == "2.3.1"


def test_exactly_the_catalogue_ids_in_catalogue_order(ruleset: Ruleset) -> None:
    assert list(ruleset.obligation_ids) == CATALOGUE_IDS


@pytest.mark.parametrize("obligation_id", CATALOGUE_IDS)
def test_each_obligation_has_citation_and_texts(ruleset: Ruleset, obligation_id: str) -> None:
    ob = ruleset.obligation(obligation_id)
    assert ob.focus_area == obligation_id.split("-")[0]
    for text in (ob.title, ob.text, ob.applies_to, ob.requirement.description):
        assert text.sv.strip() and text.en.strip()
        assert text.sv != text.en
    for c in ob.citations:
        assert c.source is not None and (c.section or "").strip()
        if c.source.kind == "remiss":
            assert c.quote, "a citation of the remiss quotes its key words"
            assert c.provenance == "programme", "an obligation's text is the programme's, not a body's request"
        else:
            assert c.provenance == "law"
    assert ob.requirement.items, "every obligation has a real requirement"


def test_domain_table_grounds_exist_with_their_effects(ruleset: Ruleset) -> None:
    grounds = {g.id: g for g in ruleset.grounds}
    expected_ids = {gid for row in DOMAIN_GROUNDS.values() for gid in row}
    assert set(grounds) == expected_ids
    for row in DOMAIN_GROUNDS.values():
        for gid, effects in row.items():
            g = grounds[gid]
            actual = {**{o: "not_applicable" for o in g.not_applicable}, **{o: "tailored" for o in g.tailored}}
            assert actual == effects, gid


@pytest.mark.parametrize("ground_id", sorted({g for row in DOMAIN_GROUNDS.values() for g in row}))
def test_each_ground_has_rationale_and_seed_citation(ruleset: Ruleset, ground_id: str) -> None:
    g = next(g for g in ruleset.grounds if g.id == ground_id)
    assert g.rationale.sv.strip() and g.rationale.en.strip() and g.rationale.sv != g.rationale.en
    remiss = [c for c in g.citations if c.provenance == "remiss"]
    if ground_id in REMISS_GROUNDS:
        assert remiss and all(c.source is not None and c.source.id == "remiss-mhn-2017" and c.quote for c in remiss)
    else:
        assert not remiss, f"{ground_id} is not a body's request and must not be cited as one"
        assert any(c.provenance in ("programme", "interpretation") for c in g.citations)


def test_tailored_requirements_are_real_and_differ(ruleset: Ruleset) -> None:
    for g in ruleset.grounds:
        for oid, req in g.tailored.items():
            standard = ruleset.obligation(oid).requirement
            assert req.items and req != standard, (g.id, oid)
            assert req.description.sv != standard.description.sv


def test_an_rsa_does_not_stand_in_for_the_accident_risk_analysis(ruleset: Ruleset) -> None:
    """An RSA under LEH concerns extraordinary events, not everyday accident risks (ruleset 2.0.0)."""
    (item,) = ruleset.obligation("FO1-RISKHANTERING").requirement.items
    assert [(o.kinds, o.cadence.key) for o in item.options] == [(("accident_risk_analysis",), "yearly")]


# ------------------------------------------------------------------------- cadence edges (T2, term)


def test_t2_year_each_side_of_the_t2_date(ruleset: Ruleset) -> None:
    assert ruleset.parameters.t2_date == "09-30"
    assert Clock(dt.date(2019, 9, 29), ruleset.parameters).t2_year == 2018
    assert Clock(dt.date(2019, 9, 30), ruleset.parameters).t2_year == 2019
    assert Clock(dt.date(2020, 1, 1), ruleset.parameters).t2_year == 2019


def test_term_each_side_of_the_rsa_due_date(ruleset: Ruleset) -> None:
    # a term runs from 1 January after the election (kommunallagen 6 kap. 18 §); the RSA is due 31 October
    # "senast den 31 oktober": the due day itself still belongs to the previous term
    before = Clock(dt.date(2019, 10, 31), ruleset.parameters).term_for("10-31")
    after = Clock(dt.date(2019, 11, 1), ruleset.parameters).term_for("10-31")
    assert before == (2014, dt.date(2015, 1, 1), dt.date(2015, 10, 31))
    assert after == (2018, dt.date(2019, 1, 1), dt.date(2019, 10, 31))


def test_the_plan_term_has_its_own_due_day(ruleset: Ruleset) -> None:
    """MSBFS 2015:5's 31 October governs the RSA only; the crisis plan is due by 31 December."""
    cadence = ruleset.obligation("FO4-KRISLEDNING").requirement.items[0].cadence
    assert (cadence.key, cadence.due) == ("plan_term", "12-31")
    assert Clock(dt.date(2019, 12, 31), ruleset.parameters).term_for(cadence.due)[0] == 2014
    assert Clock(dt.date(2020, 1, 1), ruleset.parameters).term_for(cadence.due)[0] == 2018


PROFILE = """
profile: {{id: edge, name: Edge, kind: facknamnd}}
traits: {{accident_risk: medium, crime_risk: medium, internal_accident_level: medium, crisis_role: operational,
         exercises_authority: false, supervision_domains: [], crime_exposure: general, geographic_area: true}}
evidence:
  - kind: t2_report
    date: {t2_date}
    reference: T2
    content: {{year: {t2_year}, contains: [accident_lagesbild, crime_lagesbild]}}
  - {{kind: rsa, date: {rsa_date}, reference: RSA}}
"""


def _statuses(ruleset: Ruleset, as_of: str, engine: str, **values: object) -> dict[str, str]:
    profile = profile_from_text(PROFILE.format(**values), "<edge>", ruleset)
    report = check(profile, ruleset, as_of=as_of, engine=engine)
    return {f.obligation: f.status.value for f in report.findings}


@pytest.mark.parametrize("engine", ["python", "durable"])
@pytest.mark.parametrize(("as_of", "expected"), [("2019-09-29", "met"), ("2019-09-30", "gap")])
def test_last_years_t2_report_counts_until_the_t2_date(ruleset: Ruleset, engine: str, as_of: str,
                                                      expected: str) -> None:
    got = _statuses(ruleset, as_of, engine, t2_date="2018-09-20", t2_year=2018, rsa_date="2019-06-01")
    assert got["ARB-T2-RAPPORT"] == expected


@pytest.mark.parametrize("engine", ["python", "durable"])
@pytest.mark.parametrize(("as_of", "expected"), [("2019-10-31", "met"), ("2019-11-01", "gap")])
def test_previous_terms_rsa_counts_until_the_due_date(ruleset: Ruleset, engine: str, as_of: str,
                                                      expected: str) -> None:
    got = _statuses(ruleset, as_of, engine, t2_date="2019-09-20", t2_year=2019, rsa_date="2016-03-01")
    assert got["FO4-RSA"] == expected
    # an RSA no longer stands in for the accident risk analysis, which this profile lacks
    assert got["FO1-RISKHANTERING"] == "gap"


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_current_terms_rsa_counts_from_the_term_start(ruleset: Ruleset, engine: str) -> None:
    early = _statuses(ruleset, "2019-11-30", engine, t2_date="2019-09-20", t2_year=2019, rsa_date="2018-12-31")
    inside = _statuses(ruleset, "2019-11-30", engine, t2_date="2019-09-20", t2_year=2019, rsa_date="2019-01-01")
    assert (early["FO4-RSA"], inside["FO4-RSA"]) == ("gap", "met")


# ------------------------------------------------------- the "done when" on the seed's committee

MHN_NOT_APPLICABLE = {
    "FO5-SAKERHETSSKYDDSANALYS": "not-covered-by-security-protection-act",
    "FO5-SAKERHETSSKYDDSATGARDER": "not-covered-by-security-protection-act",
    "KS-TRYGGHETS-OCH-SAKERHETSRAD": None,  # scope: kommunstyrelsen's duty, not an exemption
    "KS-STADSOVERGRIPANDE-LAGESBILD": None,  # scope: kommunstyrelsen's duty, not an exemption
    "KS-STATISTIK": None,  # scope: kommunstyrelsen's duty, not an exemption
    "KS-SAMORDNING-OLYCKOR": None,  # scope: kommunstyrelsen's duty, not an exemption
    "KS-SAMORDNING-BROTT": None,  # scope: kommunstyrelsen's duty, not an exemption
    "KS-KRISLEDNINGSNAMND": None,  # scope: kommunstyrelsen's duty, not an exemption
    "FO1-SAMHALLSPLANERING": "does-not-plan-or-build",
    "FO2-VALDSBEJAKANDE-EXTREMISM": "no-geographic-area",
}
MHN_TAILORED = {
    "FO2-LAGESBILD": "specialised-authority",
    "FO2-ATGARDER": "specialised-authority",
    "FO1-LAGESBILD": "few-internal-accidents",
    "FO4-KRISLEDNING": "crisis-role-support",
    # the remiss's objection to Kommunstyrelsen's lägesbild role: what it reports with T2 is limited
    "ARB-T2-RAPPORT": "specialised-authority",
}


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_miljo_och_halsoskyddsnamnden_fixture_gets_the_remiss_exemptions(ruleset: Ruleset, engine: str) -> None:
    from pathlib import Path

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "stockholm" / "miljo-och-halsoskyddsnamnden.yaml"
    report = check(fixture, ruleset, as_of="2019-11-30", engine=engine)
    for f in report.findings:
        if f.obligation in MHN_NOT_APPLICABLE:
            assert (f.status.value, f.exemption) == ("not_applicable", MHN_NOT_APPLICABLE[f.obligation])
            if f.obligation in KS_DUTIES:  # not kommunstyrelsen: the duty is simply not its own
                assert [r.code for r in f.reasons] == ["scope"], f.obligation
        else:
            assert f.status.value in ("met", "gap"), (f.obligation, f.status)
            assert f.tailoring == MHN_TAILORED.get(f.obligation), f.obligation
