"""The bundled statutory ruleset (lagkrav-kommun) and the invented municipality's fixtures.

* every bundled ruleset lints clean, and every rule element has a basis (parametrised over all of them);
* every law the statutory ruleset cites is listed in docs/sources.md, and its citations of the law name a
  chapter or paragraph (or say in words that the paragraph is unverified);
* the law cited is the version in force on the date (AFS 1993:2 → AFS 2023:2, LSO before and after
  SFS 2020:882, säkerhetsskyddslagen 1996 → 2018);
* the duties of lag (2023:196) are not applicable before 1 July 2023 with the reason not_yet_in_force,
  never gaps, and apply from that day;
* the fixtures of fixtures/exempelkommun are illustrative, valid against the statutory ruleset, and checked
  as of 2026-06-01 give the same result with both engines, each applicable finding citing its paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tsp_rules import Status, check, load_profile, load_ruleset
from tsp_rules.authoring.lint import lint_file
from tsp_rules.model.compiler import bundled_rulesets
from tsp_rules.model.ruleset import Ruleset

ROOT = Path(__file__).resolve().parent.parent
EXEMPEL = ROOT / "fixtures" / "exempelkommun"
REGISTER = ROOT / "docs" / "sources.md"
BUNDLED = sorted(bundled_rulesets())
BRF = ("BRF-LAGESBILD", "BRF-ATGARDSPLAN", "BRF-SAMORDNINGSFUNKTION")


@pytest.fixture(scope="module")
def lagkrav() -> Ruleset:
    return load_ruleset("lagkrav-kommun")


def test_the_statutory_ruleset_is_bundled() -> None:
    assert "lagkrav-kommun" in BUNDLED and "tsp-2018-2021" in BUNDLED


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_ruleset_lints_clean(name: str) -> None:
    findings = lint_file(bundled_rulesets()[name]).findings
    assert not findings, [(f.check, f.message.en) for f in findings]


@pytest.mark.parametrize("name", BUNDLED)
def test_every_element_of_a_bundled_ruleset_has_a_basis(name: str) -> None:
    rs = load_ruleset(name)
    for ob in rs.obligations:
        assert any(c.source is not None for c in ob.citations), ob.id
        assert ob.applies_basis, ob.id
        assert ob.part is not None, f"{ob.id} belongs to no part"
        for item in ob.requirement.items:
            for option in item.options:
                assert option.basis or item.basis or ob.requirement.basis, ob.id
                assert option.cadence.basis, f"{ob.id}: cadence {option.cadence.key} has no basis"
    for g in rs.grounds:
        assert g.citations, g.id
    for where, c in rs.iter_citations():
        if c.provenance == "interpretation":
            assert c.reasoning is not None and c.reasoning.sv.strip() and c.reasoning.en.strip(), where


@pytest.mark.parametrize("name", BUNDLED)
def test_sources_register_lists_every_source_of_every_bundled_ruleset(name: str) -> None:
    register = REGISTER.read_text(encoding="utf-8")
    assert f"## Ruleset `{name}`" in register
    for source in load_ruleset(name).sources.values():
        assert f"`{source.id}`" in register, f"docs/sources.md does not list {source.id} ({name})"


def test_statutory_citations_name_a_paragraph_or_say_it_is_unverified(lagkrav: Ruleset) -> None:
    paragraph = re.compile(r"\d+ (kap\.|§)|ej verifiera|ikraftträdande")
    laws = [(w, c) for w, c in lagkrav.iter_citations() if c.provenance == "law"]
    assert len(laws) >= 20
    for where, c in laws:
        assert c.section and paragraph.search(c.section), f"{where}: {c.section!r}"
    # every obligation's text rests on the law, not only on an interpretation
    for ob in lagkrav.obligations:
        assert any(c.provenance == "law" for c in ob.citations), ob.id


@pytest.mark.parametrize(("obligation", "day", "source"), [
    ("AMV-HOT-OCH-VALD", "2024-12-31", "afs-1993-2"),
    ("AMV-HOT-OCH-VALD", "2025-01-01", "afs-2023-2"),
    ("LSO-HANDLINGSPROGRAM-FOREBYGGANDE", "2020-12-31", "lso-2003-fore-2021"),
    ("LSO-HANDLINGSPROGRAM-FOREBYGGANDE", "2021-01-01", "lso-2003-2021"),
    ("KRIS-RSA", "2019-12-31", "leh-2006"),
    ("KRIS-RSA", "2020-01-01", "leh-2020"),
    ("SSK-SAKERHETSANALYS-1996", "2019-03-31", "sakerhetsskyddsforordningen-1996"),
    ("SSK-SAKERHETSSKYDDSANALYS", "2019-04-01", "sakerhetsskyddslagen-2018"),
    ("SSK-SAKERHETSSKYDDSANALYS", "2021-11-30", "sakerhetsskyddslagen-2018"),
    ("SSK-SAKERHETSSKYDDSANALYS", "2021-12-01", "sakerhetsskyddslagen-2021"),
    ("SSK-SAKERHETSSKYDDSATGARDER", "2021-12-01", "sakerhetsskyddslagen-2021"),
    ("CYB-ANMALAN", "2026-01-15", "cybersakerhetslagen-2025"),
])
def test_the_law_in_force_on_the_date_is_cited(lagkrav: Ruleset, obligation: str, day: str, source: str) -> None:
    laws = [c for c in lagkrav.obligation(obligation).citations_on(dt.date.fromisoformat(day))
            if c.provenance == "law"]
    assert laws and laws[0].source is not None and laws[0].source.id == source


def _ks(lagkrav: Ruleset, day: str) -> dict[str, tuple[Status, list[str]]]:
    report = check([EXEMPEL / "kommunstyrelsen.yaml"], ruleset=lagkrav, as_of=day, engine="python")
    return {f.obligation: (f.status, [r.code for r in f.reasons]) for f in report.findings}


@pytest.mark.parametrize("day", ["2018-01-01", "2023-06-01", "2023-06-30"])
def test_crime_prevention_duties_are_not_yet_in_force_before_1_july_2023(lagkrav: Ruleset, day: str) -> None:
    found = _ks(lagkrav, day)
    for oid in BRF:
        assert found[oid] == (Status.NOT_APPLICABLE, ["not_yet_in_force"]), (oid, found[oid])


def test_crime_prevention_duties_apply_from_1_july_2023(lagkrav: Ruleset) -> None:
    found = _ks(lagkrav, "2026-06-01")
    assert {oid: found[oid][0] for oid in BRF} == {
        "BRF-LAGESBILD": Status.GAP,  # the fixture's lägesbild lacks the analysis (4 § p. 3)
        "BRF-ATGARDSPLAN": Status.MET,
        "BRF-SAMORDNINGSFUNKTION": Status.MET,
    }


def test_municipal_duties_fall_on_the_executive_board_only(lagkrav: Ruleset) -> None:
    report = check([EXEMPEL], ruleset=lagkrav, as_of="2026-06-01", engine="python")
    municipal = [ob.id for ob in lagkrav.obligations if ob.id.startswith(("BRF-", "KRIS-", "LSO-HANDLINGSPROGRAM"))]
    for f in report.findings:
        if f.obligation in municipal and f.profile != "exempelvik-kommunstyrelsen":
            assert f.status is Status.NOT_APPLICABLE, (f.profile, f.obligation)


@pytest.mark.parametrize("path", sorted(EXEMPEL.glob("*.yaml")), ids=lambda p: p.stem)
def test_exempelkommun_fixture_is_valid_and_illustrative(lagkrav: Ruleset, path: Path) -> None:
    profile = load_profile(path, lagkrav)
    assert path.read_text(encoding="utf-8").startswith("# ILLUSTRATIV PROFIL")
    assert profile.illustrative is True
    assert profile.evidence
    assert all(ev.reference.startswith("Illustrativt:") for ev in profile.evidence)


def test_exempelkommun_as_of_2026_06_01(lagkrav: Ruleset) -> None:
    paths = sorted(EXEMPEL.glob("*.yaml"))
    assert {load_profile(p, lagkrav).kind for p in paths} == {"kommunstyrelse", "facknamnd", "bolag"}
    durable = check([EXEMPEL], ruleset=lagkrav, as_of="2026-06-01", engine="durable")
    python = check([EXEMPEL], ruleset=lagkrav, as_of="2026-06-01", engine="python")
    assert {**durable.to_data("sv"), "engine": None} == {**python.to_data("sv"), "engine": None}
    statuses = {f.status for f in python.findings}
    assert {Status.MET, Status.GAP, Status.NOT_ASSESSED, Status.NOT_APPLICABLE} <= statuses
    for f in python.findings:
        if f.status in (Status.MET, Status.GAP):
            # an applicable finding cites the law in force on the date, with its paragraph
            assert f.citation.provenance == "law", f.obligation
            assert f.citation.source is not None and f.citation.source.in_force(dt.date(2026, 6, 1)), f.obligation
            assert f.citation.section, f.obligation
    gaps = sorted((f.profile, f.obligation) for f in python.findings if f.status is Status.GAP)
    assert gaps == [("exempelvik-energi-ab", "CYB-SLUTRAPPORT"),
                    ("exempelvik-kommunstyrelsen", "BRF-LAGESBILD"),
                    ("exempelvik-kommunstyrelsen", "SSK-SAKERHETSSKYDDSATGARDER"),
                    ("exempelvik-socialnamnden", "AMV-HOT-OCH-VALD")]


CYB = ("CYB-ANMALAN", "CYB-SAKERHETSATGARDER", "CYB-UTBILDNING-LEDNING", "CYB-INCIDENT-UPPLYSNING",
       "CYB-INCIDENTANMALAN", "CYB-SLUTRAPPORT")


def test_cybersecurity_act_for_the_municipality_and_the_covered_company_only(lagkrav: Ruleset) -> None:
    """As of 2026-06-01 the Cybersecurity Act's duties are checked at the kommunstyrelse (every municipality,
    1 kap. 3 § 2) and at the energy company (sector in annex 1, larger than medium-sized: 1 kap. 4 §), each
    citing the act or ordinance with chapter and paragraph; the housing company is outside every sector, and the
    committees are not operators of their own. As of 2026-01-14 no finding of the act applies."""
    report = check([EXEMPEL], ruleset=lagkrav, as_of="2026-06-01", engine="python")
    applying = {(f.profile, f.obligation) for f in report.findings
                if f.obligation in CYB and f.status is not Status.NOT_APPLICABLE}
    assert applying == {(p, o) for p in ("exempelvik-kommunstyrelsen", "exempelvik-energi-ab") for o in CYB}
    for f in report.findings:
        if f.obligation in CYB and f.status is not Status.NOT_APPLICABLE:
            assert f.citation.source is not None and f.citation.source.id == "cybersakerhetslagen-2025"
            assert re.fullmatch(r"2 kap\. [2-8] §", f.citation.section or ""), f.citation.section
    before = check([EXEMPEL], ruleset=lagkrav, as_of="2026-01-14", engine="python")
    for f in before.findings:
        if f.obligation in CYB:
            assert f.status is Status.NOT_APPLICABLE and [r.code for r in f.reasons] == ["not_yet_in_force"], f


def test_readme_check_of_todays_law_runs() -> None:
    """The README's command, as the CLI runs it: exit 1 (the example has gaps), and the Markdown report cites
    the paragraph of each finding (here lag (2023:196) 4 § for the lägesbild)."""
    from click.testing import CliRunner

    from tsp_rules.commands.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "tsp-check check fixtures/exempelkommun --as-of 2026-06-01" in readme
    args = ["check", str(EXEMPEL), "--as-of", "2026-06-01"]  # the rulesets in force then: lagkrav-kommun
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    md = CliRunner().invoke(main, [*args, "--format", "markdown"]).stdout
    assert "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete, 4 §" in md
    assert "Arbetsmiljöverkets föreskrifter om planering och organisering av arbetsmiljöarbete (AFS 2023:2)" in md


EXPECTED_LINE = re.compile(r"^# Förväntat per (\d{4}-\d{2}-\d{2}): (inga brister|brist i ([A-Z0-9, -]+?))"
                           r"(?:; ej bedömt: ([A-Z0-9, -]+))?$")


def _ids(text: str | None) -> set[str]:
    return set(text.split(", ")) if text else set()


def _expected_lines(path: Path) -> list[tuple[dt.date, set[str], set[str]]]:
    """The fixture's '# Förväntat per DATE: inga brister | brist i IDS[; ej bedömt: IDS]' lines (the form
    the Stockholm fixtures use): the date, the gaps and the not-assessed obligations."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# Förväntat"):
            m = EXPECTED_LINE.match(line)
            assert m, f"{path.name}: {line!r}"
            out.append((dt.date.fromisoformat(m[1]), _ids(m[3]), _ids(m[4])))
    return out


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_exempelkommun_comments_match_the_results(lagkrav: Ruleset, engine: str) -> None:
    """Each fixture says what checking it gives per 2026-06-01, and that is what it gives."""
    for path in sorted(EXEMPEL.glob("*.yaml")):
        lines = _expected_lines(path)
        # the reference date, and the day before and the day the Cybersecurity Act entered into force
        assert "# I exemplet:" in path.read_text(encoding="utf-8") and [d for d, _, _ in lines] == [
            dt.date(2026, 1, 14), dt.date(2026, 1, 15), dt.date(2026, 6, 1)], path.name
        for day, gaps, unassessed in lines:
            report = check([path], ruleset=lagkrav, as_of=day, engine=engine)
            got_gaps = {f.obligation for f in report.findings if f.status is Status.GAP}
            got_na = {f.obligation for f in report.findings if f.status is Status.NOT_ASSESSED}
            assert (got_gaps, got_na) == (gaps, unassessed), path.name


@pytest.mark.parametrize("day", ["2018-01-01", "2019-03-31", "2019-04-01", "2020-12-31", "2021-01-01",
                                 "2023-06-30", "2023-07-01", "2024-12-31", "2025-01-01", "2026-12-31"])
def test_a_finding_cites_the_law_first_on_every_date(lagkrav: Ruleset, day: str) -> None:
    """The citation a finding carries (the first in force on the date) is the law, never an interpretation:
    the report schema allows only programme, remiss or law there."""
    for ob in lagkrav.obligations:
        assert ob.citations_on(dt.date.fromisoformat(day))[0].provenance == "law", (ob.id, day)


def test_every_statutory_obligation_is_seen_met_and_gap(lagkrav: Ruleset) -> None:
    """Rule coverage for the statutory ruleset, over its golden scenarios and the Exempelvik fixtures."""
    import yaml

    cases: list[tuple[Path, dt.date]] = []
    for folder in sorted((ROOT / "tests" / "scenarios").glob("*")):
        expected = folder / "expected.yaml"
        data = yaml.safe_load(expected.read_text(encoding="utf-8")) if expected.is_file() else None
        if isinstance(data, dict) and data.get("ruleset") == "lagkrav-kommun":
            cases.append((folder / "profile.yaml", data["as_of"]))
    cases += [(p, dt.date(2026, 6, 1)) for p in sorted(EXEMPEL.glob("*.yaml"))]
    assert len(cases) >= 10
    seen: dict[str, set[Status]] = {oid: set() for oid in lagkrav.obligation_ids}
    for path, day in cases:
        for f in check([load_profile(path, lagkrav)], ruleset=lagkrav, as_of=day, engine="python").findings:
            seen[f.obligation].add(f.status)
    missing = {oid: sorted(s.value for s in {Status.MET, Status.GAP} - got) for oid, got in seen.items()
               if {Status.MET, Status.GAP} - got}
    assert not missing, f"add a golden scenario that shows these: {missing}"


def test_tsp_check_test_runs_a_scenario_of_the_statutory_ruleset(tmp_path: Path) -> None:
    """`tsp-check test` uses the ruleset a scenario names and compares the cited source: the AFS scenario
    passes, and fails when its expected citation is the regulation no longer in force."""
    import shutil

    from click.testing import CliRunner

    from tsp_rules.commands.cli import main

    case = ROOT / "tests" / "scenarios" / "lagkrav-namnd-2025-01-01"
    result = CliRunner().invoke(main, ["test", str(case), "--engine", "python"])
    assert result.exit_code == 0, result.output
    copy = tmp_path / "afs"
    shutil.copytree(case, copy)
    expected = copy / "expected.yaml"
    expected.write_text(expected.read_text(encoding="utf-8").replace("citation: afs-2023-2", "citation: afs-1993-2"),
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["test", str(copy), "--engine", "python", "--lang", "en"])
    assert result.exit_code == 1
    assert "- citation: afs-1993-2" in result.output and "+ citation: afs-2023-2" in result.output


def test_a_new_company_is_asked_the_cybersecurity_traits_with_swedish_labels(tmp_path: Path) -> None:
    """`tsp-check new --kind bolag` and the Excel questionnaire against the statutory ruleset ask what an energy
    or water company must answer: its sector and size under the Cybersecurity Act, with the values' Swedish
    labels, and list the act's evidence kinds by their Swedish titles."""
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from tsp_rules.commands.cli import main

    out = CliRunner().invoke(main, ["new", "--kind", "bolag", "--name", "Vattenbolaget AB",
                                    "--ruleset", "lagkrav-kommun"])
    assert out.exit_code == 0, out.output
    assert "# Sektor enligt cybersäkerhetslagen" in out.stdout and "  cyber_sector: unassessed" in out.stdout
    assert "drinking_water (dricksvatten)" in out.stdout and "medium (medelstort företag)" in out.stdout
    assert "# - kind: cyber_incident_reporting_routine" in out.stdout
    assert "# Rutin för rapportering av betydande incidenter" in out.stdout
    book = tmp_path / "enkat.xlsx"
    result = CliRunner().invoke(main, ["questionnaire", "--kind", "bolag", "--name", "Vattenbolaget AB",
                                       "--ruleset", "lagkrav-kommun", "-o", str(book)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(book, read_only=True)
    try:
        cells = [str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    finally:
        workbook.close()
    assert any("Sektor enligt cybersäkerhetslagen" in c for c in cells)
    assert any("dricksvatten" in c for c in cells)
    assert any("Anmälan till Myndigheten för civilt försvar" in c for c in cells)


def test_after_the_period_the_statutory_duties_ended_and_were_not_replaced() -> None:
    """As of 2027-01-01, the day after lagkrav-kommun's period, every duty is not applicable as superseded, but
    only the 1996 act's duties are reported as replaced (by the 2018 act): for the rest the ruleset names no
    successor (the placeholder "–" is not a replacement), as Obligation.replaced_on says."""
    rs = load_ruleset("lagkrav-kommun")
    report = check([EXEMPEL], ruleset=rs, as_of="2027-01-01", engine="python")
    assert report.findings and all(f.status is Status.NOT_APPLICABLE for f in report.findings)
    assert all([r.code for r in f.reasons] == ["superseded"] for f in report.findings)
    replaced = [f.obligation for f in report.findings if f.replaced is not None]
    assert set(replaced) == {"SSK-SAKERHETSANALYS-1996", "SSK-SAKERHETSSKYDD-1996"}
    assert report.replaced_count == len(replaced) == 2 * len(list(EXEMPEL.glob("*.yaml")))
