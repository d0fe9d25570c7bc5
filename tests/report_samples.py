"""A small inline ruleset and profiles for the report tests: every status, a tailored requirement, an
exemption by ground, one by kind of body, a waiver, an unknown trait, and text that needs escaping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tsp_rules import Report, check
from tsp_rules.model.compiler import ruleset_from_text
from tsp_rules.model.profile import profile_from_text
from tsp_rules.model.ruleset import Ruleset

MINI_RULESET = """
format: tsp-ruleset/1
id: mini-programme
version: 1.0.0
title: {sv: Miniprogram för test, en: Mini programme for tests}
valid_from: 2018-01-01
valid_to: 2021-12-31
sources:
  - id: remiss
    title: {sv: Remissvar om miniprogrammet, en: Consultation answer on the mini programme}
    reference: Testförvaltningen, tjänsteutlåtande dnr 0000-1
traits:
  geographic_area: {type: bool, title: {sv: Geografiskt ansvarsområde, en: Geographic area}}
  crime_exposure:
    type: enum
    values: [general, supervision_domains_only]
    title: {sv: Brottslighet som verksamheten möter, en: Crime the operations meet}
  covered: {type: bool, title: {sv: Omfattas av säkerhetsskyddslagen, en: Covered by the Protective Security Act}}
evidence_kinds:
  plan: {title: {sv: Plan, en: Plan}}
  analysis: {title: {sv: Analys, en: Analysis}}
  crime_lagesbild:
    title: {sv: Lägesbild brott, en: Situation picture of crime}
    content:
      scope: {type: enum, values: [area, supervision_domains]}
obligations:
  - id: ARB-PLAN
    focus_area: ARB
    title: {sv: "Plan <för> säkerhet & trygghet", en: "Plan <for> safety & security"}
    text: {sv: Varje nämnd ska ha en plan., en: Every committee must have a plan.}
    citation: {source: remiss, section: Arbete på två nivåer, quote: "ska ha en plan"}
    applies_to: {sv: alla, en: everyone}
    requirement:
      description: {sv: En plan, en: A plan}
      evidence: [{kinds: [plan], cadence: yearly}]
  - id: ARB-ANALYS
    focus_area: ARB
    title: {sv: Analys, en: Analysis}
    text: {sv: Varje nämnd ska analysera., en: Every committee must analyse.}
    citation: {source: remiss, section: Goda beslutsunderlag}
    applies_to: {sv: alla, en: everyone}
    requirement:
      description: {sv: En analys, en: An analysis}
      evidence: [{kinds: [analysis], cadence: yearly}]
  - id: FO2-LAGESBILD
    focus_area: FO2
    title: {sv: Lägesbild brott, en: Crime situation picture}
    text: {sv: Nämnden ska upprätthålla en lägesbild avseende brott i området., en: The committee must keep a situation picture of crime in the area.}
    citation: {source: remiss, section: Goda beslutsunderlag, quote: "lägesbilder avseende brott i området"}
    applies_to: {sv: alla, en: everyone}
    requirement:
      description: {sv: En lägesbild över brott i området, en: A situation picture of crime in the area}
      evidence:
        - kinds: [crime_lagesbild]
          cadence: yearly
          content: {field: scope, is: area}
  - id: FO2-EXTREMISM
    focus_area: FO2
    title: {sv: Lägesbild våldsbejakande extremism, en: Violent extremism situation picture}
    text: {sv: Motsvarande lägesbild tas fram mot våldsbejakande extremism., en: A corresponding picture is made for violent extremism.}
    citation: {source: remiss, section: Goda beslutsunderlag}
    applies_to: {sv: alla, en: everyone}
    requirement:
      description: {sv: En lägesbild, en: A situation picture}
      evidence: [{kinds: [analysis], cadence: yearly}]
  - id: FO5-ANALYS
    focus_area: FO5
    title: {sv: Säkerhetsskyddsanalys, en: Protective security analysis}
    text: {sv: Den som bedriver säkerhetskänslig verksamhet ska göra en säkerhetsskyddsanalys., en: Whoever conducts security-sensitive activity must make an analysis.}
    citation: {source: remiss, section: Förvaltningens synpunkter och förslag}
    applies_to: {sv: alla, en: everyone}
    requirement:
      description: {sv: En analys, en: An analysis}
      evidence: [{kinds: [analysis], cadence: yearly}]
  - id: KS-RAD
    focus_area: KS
    title: {sv: Trygghets- och säkerhetsråd, en: Safety and security council}
    text: {sv: Ett råd inrättas., en: A council is set up.}
    citation: {source: remiss, section: Arbete på två nivåer}
    applies_to: {sv: kommunstyrelsen, en: the city executive board}
    applies_when: {trait: kind, is: kommunstyrelse}
    requirement:
      description: {sv: Instruktion, en: Instruction}
      evidence: [{kinds: [plan], cadence: yearly}]
grounds:
  - id: specialised-authority
    title: {sv: Specialiserad tillsynsmyndighet, en: Specialised supervisory authority}
    when: {trait: crime_exposure, is: supervision_domains_only}
    effects:
      - obligation: FO2-LAGESBILD
        effect: tailored
        requirement:
          description: {sv: En lägesbild över brott inom tillsynsområdena, en: A situation picture of offences in the supervision domains}
          evidence:
            - kinds: [crime_lagesbild]
              cadence: yearly
              content: {field: scope, is: supervision_domains}
    rationale:
      sv: Nämnden möter brott bara inom sina tillsynsområden, och hanterar dem i myndighetsutövningen.
      en: The committee meets offences only in its supervision domains, and handles them in its exercise of authority.
    citation: {source: remiss, section: Förvaltningens synpunkter, quote: "miljöbrott och brott mot livsmedelslagstiftningen"}
  - id: no-geographic-area
    title: {sv: Inget geografiskt område, en: No geographic area}
    when: {trait: geographic_area, is: false}
    effects:
      - {obligation: FO2-EXTREMISM, effect: not_applicable}
    rationale: {sv: Nämnden har inget geografiskt områdesansvar., en: The committee has no geographic area.}
    citation: {source: remiss, section: Förvaltningens synpunkter}
  - id: not-covered
    title: {sv: Omfattas inte av säkerhetsskyddslagen, en: Not covered by the Protective Security Act}
    when: {trait: covered, is: false}
    effects:
      - {obligation: FO5-ANALYS, effect: not_applicable}
    rationale: {sv: Nämnden berörs inte av säkerhetsskyddslagstiftningens krav., en: The committee is not affected.}
    citation: {source: remiss, section: Förvaltningens synpunkter och förslag, quote: "inte berörs av säkerhetsskyddslagstiftningens krav"}
"""  # noqa: E501

SPECIALIST = """
format: tsp-profile/1
profile: {id: tillsynsnamnden, name: "Tillsynsnämnden <&> \\"test\\"", kind: facknamnd, illustrative: true}
traits: {geographic_area: false, crime_exposure: supervision_domains_only, covered: false}
evidence:
  - {kind: plan, date: 2018-01-10, reference: "Plan 2018 <script>alert(1)</script>"}
  - {kind: crime_lagesbild, date: 2019-08-01, reference: Lägesbild tillsyn, content: {scope: supervision_domains}}
decisions:
  - obligation: ARB-ANALYS
    reference: "SLK 2019/1"
    decided_by: Stadsledningskontoret
    decided_on: 2019-03-01
    valid_until: 2020-12-31
    justification: Analysen görs centralt.
"""

DISTRICT = """
format: tsp-profile/1
profile: {id: distriktsnamnden, name: Distriktsnämnden, kind: stadsdelsnamnd}
traits: {geographic_area: true, crime_exposure: general, covered: unassessed}
evidence:
  - {kind: plan, date: 2019-06-01, reference: Plan 2019}
  - {kind: analysis, date: 2019-06-01, reference: Analys 2019}
  - {kind: crime_lagesbild, date: 2019-08-01, reference: Lägesbild område, content: {scope: area}}
"""

AS_OF = "2019-11-30"


def mini_ruleset() -> Ruleset:
    return ruleset_from_text(MINI_RULESET, "mini.yaml")


def mini_report(*texts: str, engine: str = "python", as_of: str | dt.date = AS_OF) -> Report:
    rs = mini_ruleset()
    profiles = [profile_from_text(t, f"p{i}.yaml", rs) for i, t in enumerate(texts or (SPECIALIST, DISTRICT))]
    return check(profiles, ruleset=rs, as_of=as_of, engine=engine)


def tied_profiles(folder: Path, ruleset: Ruleset, copies: int) -> Path:
    """30 synthetic profiles and ``copies`` copies of the one with the most gaps (21), under other ids in shuffled
    order, written to ``folder``: the same name, kind and number of gaps, so the matrix rows and the bodies with
    the most gaps (all copies) are told apart by id only; two of the profiles have warnings."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import synthetic

    texts = list(synthetic.iter_profile_texts(ruleset, 30, seed=13))
    for i, (_, text) in enumerate(texts):
        (folder / f"{i:03d}.yaml").write_text(text, encoding="utf-8")
    for k in range(copies):
        copy = texts[10][1].replace("id: syntetisk-namnd-000010\n", f"id: kopia-{(k * 7) % copies:02d}\n")
        (folder / f"kopia-{k:02d}.yaml").write_text(copy, encoding="utf-8")
    return folder
