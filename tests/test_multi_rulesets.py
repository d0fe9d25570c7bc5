"""Checks against several rulesets (issue 14, items 2 and 3): the rulesets in force on the check date when
none is named, ``--ruleset`` given more than once, profiles validated against the union of the rulesets,
findings grouped by ruleset in every format, and the JSON contract 1.2."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from tsp_rules import Status, check, load_ruleset
from tsp_rules.checking.schemas import report_schema
from tsp_rules.commands.cli import main
from tsp_rules.errors import ProfileError, RulesetError, UsageError
from tsp_rules.model.compiler import bundled_rulesets
from tsp_rules.model.selection import BY_DATE, GIVEN, bundled_in_force, select_rulesets, union_ruleset
from tsp_rules.renderers import render

ROOT = Path(__file__).resolve().parent.parent
STOCKHOLM = ROOT / "fixtures" / "stockholm"
EXEMPEL = ROOT / "fixtures" / "exempelkommun"
MHN = STOCKHOLM / "miljo-och-halsoskyddsnamnden.yaml"
TSP, LAG = "tsp-2018-2021", "lagkrav-kommun"
TSP_V, LAG_V = f"{TSP} {load_ruleset(TSP).version}", f"{LAG} {load_ruleset(LAG).version}"  # "tsp-2018-2021 2.1.0"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _json(*args: str) -> dict[str, Any]:
    code, out, err = run("check", *args, "--format", "json")
    assert code in (0, 1), err
    data: dict[str, Any] = json.loads(out)
    return data


# ------------------------------------------------------------------------------------ by date


def test_the_rulesets_in_force_on_a_date_are_chosen_earliest_first() -> None:
    assert [rs.id for rs in bundled_in_force(dt.date(2019, 11, 30))] == [TSP, LAG]
    assert [rs.id for rs in bundled_in_force(dt.date(2026, 11, 27))] == [LAG]
    assert bundled_in_force(dt.date(2017, 12, 31)) == ()
    chosen = select_rulesets(None, dt.date(2019, 11, 30))
    assert [(c.ruleset.id, c.reason) for c in chosen] == [(TSP, BY_DATE), (LAG, BY_DATE)]


def test_without_ruleset_the_stockholm_fixtures_are_checked_against_both_in_2019() -> None:
    data = _json(str(STOCKHOLM), "--as-of", "2019-11-30", "--engine", "python")
    assert data["schema_version"] == "1.4"
    assert [(r["id"], r["selected"]) for r in data["rulesets"]] == [(TSP, "by_date"), (LAG, "by_date")]
    assert data["ruleset"]["id"] == TSP  # the old field: the first ruleset
    assert data["rulesets"][1]["reason"] == "valt efter kontrolldatum: gäller 1 januari 2018–31 december 2026"
    order = [f["ruleset"] for f in data["findings"]]
    assert order == sorted(order, key=[TSP, LAG].index) and set(order) == {TSP, LAG}  # grouped, in order
    for rid in (TSP, LAG):  # a law duty both rulesets hold gives one finding, the statutory ruleset's
        ids = {f["obligation"] for f in data["findings"] if f["ruleset"] == rid}
        assert ids == set(_checked_ids(rid))
    assert {"FO5-SAKERHETSSKYDDSANALYS", "KS-KRISLEDNINGSNAMND"} <= set(load_ruleset(TSP).obligation_ids) - set(
        _checked_ids(TSP))
    assert data["summary"]["findings"] == len(data["findings"]) == len(data["profiles"]) * (
        len(_checked_ids(TSP)) + len(_checked_ids(LAG)))


def _checked_ids(rid: str) -> list[str]:
    """The obligations of a bundled ruleset that give findings in a check with both bundled rulesets."""
    return [ob.id for ob in load_ruleset(rid).obligations if ob.owned_by([TSP, LAG]) is None]


def test_without_ruleset_today_only_the_statutory_ruleset_is_used() -> None:
    data = _json(str(EXEMPEL), "--as-of", "2026-11-27")
    assert [r["id"] for r in data["rulesets"]] == [LAG]
    assert {f["ruleset"] for f in data["findings"]} == {LAG}
    code, out, _ = run("check", str(EXEMPEL), "--as-of", "2026-06-01")
    assert code == 1  # the fixtures have gaps
    first, second = out.split("\n")[:2]
    assert first == f"Kontroll mot regelverket {LAG_V} per den 1 juni 2026"
    assert second == "Regelverket är valt efter kontrolldatum: gäller 1 januari 2018–31 december 2026."
    _, out, _ = run("check", str(EXEMPEL), "--as-of", "2026-06-01", "--lang", "en")
    assert out.split("\n")[1] == ("The ruleset was chosen by the check date: in force 1 January 2018 to "
                                  "31 December 2026.")


def test_a_stockholm_profile_checked_today_by_date_uses_what_the_statutory_ruleset_knows() -> None:
    """The tool chose the rulesets (by date), so a profile written for a bundled ruleset not in force is
    not refused: what only that ruleset uses is left out, and one warning per body says how much."""
    profile = yaml.safe_load((STOCKHOLM / "kommunstyrelsen.yaml").read_text(encoding="utf-8"))
    lag = load_ruleset(LAG)
    traits = sum(1 for name in profile["traits"] if name not in lag.traits)
    evidence = sum(1 for ev in profile["evidence"] if ev["kind"] not in lag.evidence_kinds)
    decisions = sum(1 for d in profile.get("decisions") or () if d["obligation"] not in lag.obligation_ids)
    assert traits and evidence  # the fixture has data for the Stockholm programme only
    data = _json(str(STOCKHOLM / "kommunstyrelsen.yaml"), "--as-of", "2026-11-27")
    assert [r["id"] for r in data["rulesets"]] == [LAG]
    assert {f["ruleset"] for f in data["findings"]} == {LAG}
    assert len(data["findings"]) == len(lag.obligations)
    unused = [w for w in data["warnings"] if w["code"] == "profile_data_unused"]
    assert len(unused) == 1 and unused[0]["profile"] == "kommunstyrelsen"
    words = dict(zip(range(2, 13), ["två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"],
                     strict=True))

    def counted(n: int, one: str, many: str) -> str:  # numbers up to twelve in words (the glossary)
        return one if n == 1 else f"{words.get(n, n)} {many}"

    parts = [counted(n, one, many) for n, one, many in ((traits, "en egenskap", "egenskaper"),
                                                         (evidence, "ett underlag", "underlag"),
                                                         (decisions, "ett beslut", "beslut")) if n]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]
    assert f"har uppgifter som inget av regelverken i kontrollen använder ({listed}):" in unused[0]["message"]
    assert unused[0]["message"].endswith(f"de hör till {load_ruleset(TSP).title.sv} ({TSP}), som inte gäller per "
                                         "27 november 2026, och har lämnats utanför kontrollen.")
    # shared evidence kinds still count: the Stockholm fixture's crime-prevention function meets the statutory
    # duty of a samordningsfunktion (lag 2023:196)
    status = {f["obligation"]: f["status"] for f in data["findings"]}
    assert status["BRF-SAMORDNINGSFUNKTION"] == "met"
    # both engines alike
    assert _json(str(STOCKHOLM / "kommunstyrelsen.yaml"), "--as-of", "2026-11-27", "--engine", "python")[
        "findings"] == data["findings"]


def test_by_date_still_refuses_what_no_bundled_ruleset_knows_and_a_named_ruleset_stays_strict(
        tmp_path: Path) -> None:
    path = _profile(tmp_path, {"employs_staff": True, "no_such_trait": True})
    code, out, err = run("check", str(path), "--as-of", "2026-11-27")
    assert code == 2 and out == "" and "okänd egenskap ”no_such_trait”" in err
    # a bundled ruleset named alone accepts the traits of the other bundled rulesets (issue 21: a profile may
    # serve both) and leaves them out; a ruleset of another id stays strict
    both = _profile(tmp_path, {"employs_staff": True, "geographic_area": True})
    code, out, err = run("check", str(both), "--as-of", "2026-11-27", "--ruleset", LAG)
    assert code in (0, 1) and err == "" and "geographic_area" not in out
    own = tmp_path / "eget.yaml"
    own.write_text((ROOT / "rulesets" / "lagkrav-kommun.yaml").read_text(encoding="utf-8").replace(
        "id: lagkrav-kommun\n", "id: eget-regelverk\n", 1), encoding="utf-8")
    code, out, err = run("check", str(both), "--as-of", "2026-11-27", "--ruleset", str(own))
    assert code == 2 and out == "" and "okänd egenskap ”geographic_area”" in err
    # a profile with nothing outside the rulesets in force gets no such warning
    data = _json(str(EXEMPEL), "--as-of", "2026-11-27")
    assert not [w for w in data["warnings"] if w["code"] == "profile_data_unused"]


def test_statutory_crime_prevention_duties_are_not_yet_in_force_in_june_2023_without_ruleset() -> None:
    data = _json(str(EXEMPEL), "--as-of", "2023-06-01")
    assert [r["id"] for r in data["rulesets"]] == [LAG]
    brf = [f for f in data["findings"] if f["obligation"].startswith("BRF-")]
    assert brf and all(f["status"] == "not_applicable" for f in brf)
    assert all([r["code"] for r in f["reasons"]] == ["not_yet_in_force"] for f in brf)


def test_no_ruleset_in_force_is_a_clear_error() -> None:
    code, out, err = run("check", str(EXEMPEL), "--as-of", "2017-06-01")
    assert code == 2 and out == ""
    assert err.startswith("tsp-check: inget inbyggt regelverk gäller per 1 juni 2017 (")
    assert "tsp-2018-2021 gäller 1 januari 2018–11 april 2021" in err and "--ruleset" in err
    code, _, err = run("check", str(EXEMPEL), "--as-of", "2027-01-01", "--lang", "en")
    assert code == 2 and "no bundled ruleset is in force as of 1 January 2027" in err
    assert "lagkrav-kommun in force 1 January 2018 to 31 December 2026" in err
    with pytest.raises(UsageError, match="2017"):
        check([EXEMPEL], rulesets="by_date", as_of="2017-06-01")


# -------------------------------------------------------------------------------- given rulesets


def test_repeated_ruleset_is_reported_in_the_order_given() -> None:
    data = _json(str(MHN), "--ruleset", LAG, "--ruleset", TSP, "--as-of", "2019-11-30")
    assert [(r["id"], r["selected"]) for r in data["rulesets"]] == [(LAG, "given"), (TSP, "given")]
    assert data["ruleset"]["id"] == LAG
    seen = list(dict.fromkeys(f["ruleset"] for f in data["findings"]))
    assert seen == [LAG, TSP]
    _, out, _ = run("check", str(MHN), "--ruleset", LAG, "--ruleset", TSP, "--as-of", "2019-11-30")
    assert out.index(f"Regelverket {LAG_V}:") < out.index(f"Regelverket {TSP_V}:")
    assert out.startswith(f"Kontroll mot regelverken {LAG_V} och {TSP_V} per")
    assert "Regelverken är angivna för kontrollen:\n" in out


def test_a_ruleset_given_twice_is_refused() -> None:
    code, out, err = run("check", str(MHN), "--ruleset", TSP, "--ruleset", TSP, "--as-of", "2019-11-30")
    assert code == 2 and out == ""
    assert "regelverket tsp-2018-2021 är angivet mer än en gång" in err
    path = str(ROOT / "rulesets" / "tsp-2018-2021.yaml")
    code, _, err = run("check", str(MHN), "--ruleset", path, "--ruleset", TSP, "--lang", "en")
    assert code == 2 and "the ruleset tsp-2018-2021 is given more than once" in err


def test_one_given_ruleset_keeps_the_old_heading_and_report() -> None:
    code, out, _ = run("check", str(MHN), "--ruleset", TSP, "--as-of", "2019-11-30", "--format", "text")
    assert code == 1
    lines = out.split("\n")  # the old heading, then only the coverage statement (issue 21)
    assert lines[0] == f"Kontroll mot regelverket {TSP_V} per den 30 november 2019"
    assert lines[1].startswith("Omfattning: Kontrollen omfattar ") and lines[2] == ""
    report = check([MHN], ruleset=TSP, as_of="2019-11-30")
    assert not report.multi and [r.id for r in report.ruleset_infos] == [TSP]
    assert {f.ruleset for f in report.findings} == {TSP}
    assert report.to_data()["rulesets"][0]["selected"] == GIVEN


def test_the_library_checks_several_rulesets() -> None:
    both = check([MHN], rulesets=[TSP, LAG], as_of="2019-11-30", engine="python")
    alone = check([MHN], ruleset=TSP, as_of="2019-11-30", engine="python")
    assert both.multi and [p.ruleset.id for p in both.parts()] == [TSP, LAG]
    first, second = both.parts()  # the programme's findings as if checked alone, but for the law duties
    owned = set(load_ruleset(TSP).obligation_ids) - set(_checked_ids(TSP))
    assert [f.to_data() for f in first.findings] == [f.to_data() for f in alone.findings
                                                     if f.obligation not in owned]
    assert [f.obligation for f in second.findings] == sorted(load_ruleset(LAG).obligation_ids)
    found = {f.obligation: f.status for f in second.findings}
    # evidence of a kind both rulesets know, and a trait both know, count in each
    assert found["AMV-HOT-OCH-VALD"] is Status.MET
    # the Stockholm profile carries the statutory ruleset's own traits and evidence too (issue 21): the fire
    # protection duty is assessed, on documentation of a kind only the statutory ruleset declares (October 2019,
    # within its 12 months), which the programme checked alone accepts and leaves out
    assert found["LSO-BRANDSKYDD"] is Status.MET and found["AML-ALLVARLIGA-HANDELSER"] is Status.MET
    assert "fire_protection_documentation" not in load_ruleset(TSP).evidence_kinds
    with pytest.raises(UsageError):
        check([MHN], ruleset=TSP, rulesets=[LAG])
    with pytest.raises(UsageError):
        check([MHN], rulesets=[])


# ------------------------------------------------------------------------------- union of traits


def _profile(tmp_path: Path, traits: dict[str, Any], decisions: list[dict[str, Any]] | None = None) -> Path:
    data = {"format": "tsp-profile/1",
            "profile": {"id": "probe", "name": "Provnämnden", "kind": "facknamnd", "illustrative": True},
            "traits": traits, "evidence": [], "decisions": decisions or []}
    path = tmp_path / "probe.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_traits_are_checked_against_the_union_of_the_rulesets(tmp_path: Path) -> None:
    # one trait of each ruleset: valid against both together, each evaluated with its own
    path = _profile(tmp_path, {"exercises_authority": True, "owns_or_uses_buildings": True, "employs_staff": True})
    report = check([path], rulesets=[TSP, LAG], as_of="2019-11-30", engine="python")
    assert {f.ruleset for f in report.findings} == {TSP, LAG}
    # against the Stockholm programme alone, the statutory trait is checked and left out
    alone = check([path], ruleset=TSP, as_of="2019-11-30", engine="python")
    assert {f.ruleset for f in alone.findings} == {TSP} and not alone.warnings
    bad = _profile(tmp_path, {"exercises_authority": True, "owns_or_uses_buildings": "kanske"})
    with pytest.raises(ProfileError):  # but a value the statutory ruleset would refuse is still an error
        check([bad], ruleset=TSP, as_of="2019-11-30")
    path = _profile(tmp_path, {"employs_staff": True, "no_such_trait": True})
    code, out, err = run("check", str(path), "--as-of", "2019-11-30")
    assert code == 2 and out == ""
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: okänd egenskap ”no_such_trait”; regelverken "
                    r"”tsp-2018-2021”, ”lagkrav-kommun” känner tillsammans till: .*\[traits\.no_such_trait\]\n$", err)
    assert "”owns_or_uses_buildings”" in err and "”exercises_authority”" in err


def test_evidence_kinds_of_another_bundled_ruleset_are_checked_and_left_out(tmp_path: Path) -> None:
    # a profile with the statutory ruleset's fire protection documentation: valid against the programme alone,
    # which does not use it; assessed against both
    path = _profile(tmp_path, {"owns_or_uses_buildings": True, "employs_staff": True})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["evidence"] = [{"kind": "fire_protection_documentation", "date": "2019-10-01", "reference": "Prov"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for engine in ("python", "durable"):
        alone = check([path], ruleset=TSP, as_of="2019-11-30", engine=engine)
        assert {f.ruleset for f in alone.findings} == {TSP} and not alone.warnings
        both = check([path], rulesets=[TSP, LAG], as_of="2019-11-30", engine=engine)
        assert {f.obligation: f.status for f in both.findings}["LSO-BRANDSKYDD"] is Status.MET
    data["evidence"] = [{"kind": "no_such_kind", "date": "2019-10-01", "reference": "Prov"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ProfileError, match="no_such_kind"):  # a kind no bundled ruleset declares is an error
        check([path], ruleset=TSP, as_of="2019-11-30")


def test_a_decision_applies_in_the_ruleset_of_its_obligation_only(tmp_path: Path) -> None:
    waiver = {"obligation": "AMV-HOT-OCH-VALD", "reference": "Beslut 1", "decided_by": "kommunstyrelsen",
              "decided_on": "2019-01-01", "valid_until": "2020-12-31", "justification": "Prov."}
    path = _profile(tmp_path, {"employs_staff": True}, [waiver])
    report = check([path], rulesets=[TSP, LAG], as_of="2019-11-30", engine="python")
    waived = [(f.ruleset, f.obligation) for f in report.findings if f.status is Status.WAIVED]
    assert waived == [(LAG, "AMV-HOT-OCH-VALD")]
    path = _profile(tmp_path, {"employs_staff": True}, [{**waiver, "obligation": "NO-SUCH-DUTY"}])
    code, _, err = run("check", str(path), "--as-of", "2019-11-30")
    assert code == 2 and "[decisions[0].obligation]" in err and "NO-SUCH-DUTY" in err


def test_a_trait_defined_differently_in_two_rulesets_is_a_ruleset_error(tmp_path: Path) -> None:
    text = (ROOT / "rulesets" / "lagkrav-kommun.yaml").read_text(encoding="utf-8")
    text = text.replace("id: lagkrav-kommun\n", "id: lagkrav-prov\n", 1).replace(
        "traits:\n", "traits:\n  crime_risk:\n    type: bool\n    title: {sv: Brottsrisk, en: Crime risk}\n", 1)
    other = tmp_path / "lagkrav-prov.yaml"
    other.write_text(text, encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        union_ruleset([load_ruleset(TSP), load_ruleset(other)])
    (problem,) = caught.value.problems
    assert problem.file == str(other) and problem.field == "traits.crime_risk" and problem.line > 1
    code, _, err = run("check", str(MHN), "--ruleset", TSP, "--ruleset", str(other), "--as-of", "2019-11-30")
    assert code == 2 and "egenskapen ”crime_risk” definieras olika" in err and "[traits.crime_risk]" in err


def test_shared_names_mean_one_thing_across_the_bundled_rulesets() -> None:
    """A trait, and an evidence kind's content field, with one name has one type and one set of values in
    every bundled ruleset (so that the rulesets can be checked together)."""
    rulesets = [load_ruleset(name) for name in sorted(bundled_rulesets())]
    shared = 0
    for i, a in enumerate(rulesets):
        for b in rulesets[i + 1:]:
            for name in set(a.traits) & set(b.traits):
                shared += 1
                assert a.traits[name].domain == b.traits[name].domain, (name, a.id, b.id)
            for kind in set(a.evidence_kinds) & set(b.evidence_kinds):
                for field in set(a.evidence_kinds[kind].content) & set(b.evidence_kinds[kind].content):
                    assert a.evidence_kinds[kind].content[field] == b.evidence_kinds[kind].content[field]
    assert shared >= 3  # kind, employs_staff, covered_by_security_protection_act
    union_ruleset(rulesets)  # and so they can be joined


# ----------------------------------------------------------------------------------- formats


@pytest.fixture(scope="module")
def both() -> Any:
    return check([STOCKHOLM / "kommunstyrelsen.yaml", MHN], rulesets="by_date", as_of="2019-11-30",
                 engine="python")


def test_json_1_2_of_several_rulesets_validates_against_the_schema(both: Any) -> None:
    validator = jsonschema.Draft202012Validator(report_schema())
    for lang in ("sv", "en"):
        data = json.loads(render(both, "json", lang))  # type: ignore[arg-type]
        errors = list(validator.iter_errors(data))
        assert not errors, errors[0].message
    assert [r["selected"] for r in both.to_data()["rulesets"]] == ["by_date", "by_date"]


def test_every_format_groups_by_ruleset(both: Any, tmp_path: Path) -> None:
    from .test_language import forbidden_in

    text = render(both, "text", "sv")
    heading = text.split("\n\n", 1)[0]
    assert forbidden_in(heading) == [] and forbidden_in(render(both, "text", "en").split("\n\n", 1)[0]) == []
    assert text.index(f"Regelverket {TSP_V}:") < text.index(f"Regelverket {LAG_V}:")
    assert "Regelverken är valda efter kontrolldatum:\n" in text
    tail = text.rsplit("Sammanfattning", 1)[1].split("\n")
    # each ruleset's counts in words (issue 21): '33 uppfyllda, sex brister, …'
    assert re.match(rf"  {TSP_V}: \S+ uppfyllda, ", tail[1]) and re.match(rf"  {LAG_V}: \S+ uppfyllda, ", tail[2])
    markdown = render(both, "markdown", "sv")
    assert markdown.index("## Regelverket tsp-2018-2021") < markdown.index("## Regelverket lagkrav-kommun")
    page = render(both, "html", "sv")
    assert page.index('id="ruleset-tsp-2018-2021"') < page.index('id="ruleset-lagkrav-kommun"')
    assert "valda efter kontrolldatum" in page
    rows = list(csv.DictReader(io.StringIO(render(both, "csv", "sv"))))  # type: ignore[arg-type]
    assert [r["ruleset"] for r in rows] == [f.ruleset for f in _csv_order(both)]
    assert {r["ruleset"] for r in rows} == {TSP, LAG}
    junit = ET.fromstring(render(both, "junit", "sv"))  # type: ignore[arg-type]
    suites = [s.get("name") for s in junit.iter("testsuite")]
    assert suites == [f"{TSP}/kommunstyrelsen", f"{TSP}/miljo-och-halsoskyddsnamnden",
                      f"{LAG}/kommunstyrelsen", f"{LAG}/miljo-och-halsoskyddsnamnden"]
    assert all(c.get("classname", "").startswith(TSP + ".") or c.get("classname", "").startswith(LAG + ".")
               for c in junit.iter("testcase"))
    target = tmp_path / "r.xlsx"
    target.write_bytes(render(both, "xlsx", "sv"))  # type: ignore[arg-type]
    book = openpyxl.load_workbook(target)
    sheet = book[book.sheetnames[0]] if "Fynd" not in book.sheetnames else book["Fynd"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "Regelverk" in header  # the workbook is for people: Swedish headers


def _csv_order(report: Any) -> list[Any]:
    out = []
    for part in report.parts():
        for p in part.profiles:
            out.extend(f for f in part.findings if f.profile == p.id)
    return out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_streamed_and_parallel_reports_of_several_rulesets_are_the_renderers_bytes(fmt: str, tmp_path: Path
                                                                                    ) -> None:
    whole = check([STOCKHOLM], rulesets="by_date", as_of="2019-11-30", engine="python")
    expected = render(whole, fmt, "sv")
    outputs = []
    for jobs in ("1", "2", "1"):  # the last: a rerun, byte for byte the same
        target = tmp_path / f"out-{jobs}-{len(outputs)}.{fmt}"
        code, _, err = run("check", str(STOCKHOLM), "--as-of", "2019-11-30", "--engine", "python", "--format", fmt,
                           "--jobs", jobs, "-o", str(target))
        assert (code, err) == (whole.exit_code(), "")
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2] == expected.encode("utf-8")  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------- diff


def _as_1_1(data: dict[str, Any]) -> dict[str, Any]:
    """A 1.2 report of one ruleset as version 1.1 wrote it: no ``rulesets``, no ruleset on findings."""
    old = {k: v for k, v in data.items() if k != "rulesets"}
    old["schema_version"] = "1.1"
    old["findings"] = [{k: v for k, v in f.items() if k != "ruleset"} for f in data["findings"]]
    return old


def test_diff_reads_a_1_1_report_against_a_1_2_report_of_several_rulesets(tmp_path: Path) -> None:
    one = _json(str(MHN), "--ruleset", TSP, "--as-of", "2019-11-30")
    both = _json(str(MHN), "--as-of", "2019-11-30")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_as_1_1(one)), encoding="utf-8")
    new.write_text(json.dumps(both), encoding="utf-8")
    code, out, err = run("diff", str(old), str(new), "--format", "json")
    assert err == "" and code in (0, 1)
    data = json.loads(out)
    # the programme's findings are unchanged but for the law duties the statutory ruleset owns; every other
    # change and every added obligation is the statute's
    owned = set(load_ruleset(TSP).obligation_ids) - set(_checked_ids(TSP))
    assert {c["obligation"] for c in data["changes"] if c["ruleset"] == TSP} <= owned
    assert {o["ruleset"] for o in data["obligations_added"]} == {LAG}
    assert len(data["obligations_added"]) == len(load_ruleset(LAG).obligations)
    assert [r["id"] for r in data["new"]["rulesets"]] == [TSP, LAG] and data["old"]["rulesets"][0]["id"] == TSP
    _, text, _ = run("diff", str(old), str(new))
    assert "Regelverket lagkrav-kommun\n==========================\n" in text
    tsp_section = text.split("Regelverket tsp-2018-2021\n")[1] if "Regelverket tsp-2018-2021\n" in text else ""
    assert all(oid in tsp_section for oid in owned if f"{oid}" in text)  # only the law duties changed there
    # a 1.1 report against itself rewritten as 1.2: no change at all
    same = tmp_path / "same.json"
    same.write_text(json.dumps(one), encoding="utf-8")
    code, out, _ = run("diff", str(old), str(same), "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == []


def test_diff_groups_changes_by_ruleset(tmp_path: Path) -> None:
    before = _json(str(EXEMPEL), "--ruleset", LAG, "--ruleset", TSP, "--as-of", "2019-11-30")
    after = _json(str(EXEMPEL), "--ruleset", LAG, "--ruleset", TSP, "--as-of", "2024-06-01")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(before), encoding="utf-8")
    new.write_text(json.dumps(after), encoding="utf-8")
    code, out, _ = run("diff", str(old), str(new), "--format", "json")
    data = json.loads(out)
    seen = list(dict.fromkeys(c["ruleset"] for c in data["changes"]))
    assert seen == [LAG, TSP]  # grouped, in the new report's order
    _, md, _ = run("diff", str(old), str(new), "--format", "markdown")
    assert md.index("## Regelverket lagkrav-kommun") < md.index("## Regelverket tsp-2018-2021")
    _, page, _ = run("diff", str(old), str(new), "--format", "html")
    assert page.index('id="ruleset-lagkrav-kommun"') < page.index('id="ruleset-tsp-2018-2021"')
    assert code == (1 if any(c["category"] in ("new_gap", "new_not_assessed") for c in data["changes"]) else 0)


# ---------------------------------------------------------------------------------------- city


def test_city_without_ruleset_checks_the_rulesets_in_force_and_streams_the_whole_reports_matrix(tmp_path: Path
                                                                                                 ) -> None:
    whole = check([STOCKHOLM], rulesets="by_date", as_of="2019-11-30", engine="python")
    target = tmp_path / "city.html"
    code, out, err = run("city", str(STOCKHOLM), "--as-of", "2019-11-30", "--engine", "python", "-o", str(target))
    assert (code, err) == (whole.exit_code(), "")
    page = target.read_text(encoding="utf-8")
    assert page == render(whole, "html", "sv")  # the streamed matrix is the whole report's, byte for byte
    assert page.index('id="ruleset-tsp-2018-2021"') < page.index('id="ruleset-lagkrav-kommun"')
    assert 'data-ruleset="lagkrav-kommun"' in page and 'data-ruleset="tsp-2018-2021"' in page
    code, out, _ = run("city", str(STOCKHOLM), "--as-of", "2019-11-30", "--engine", "python", "--format", "json",
                       "-q")
    assert [r["id"] for r in json.loads(out)["rulesets"]] == [TSP, LAG]


def test_explain_without_ruleset_finds_the_bundled_ruleset_with_the_obligation() -> None:
    code, out, _ = run("explain", "KRIS-RSA")
    assert code == 0 and out.startswith("KRIS-RSA: Risk- och sårbarhetsanalys\n")
    code, out, _ = run("explain", "fo1-lagesbild")
    assert code == 0 and out.startswith("FO1-LAGESBILD: ")
    code, _, err = run("explain", "KRIS-RSA", "--ruleset", TSP)  # named: only that ruleset is searched
    assert code == 2 and f"regelverket {TSP_V} har ingen skyldighet ”KRIS-RSA”" in err


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv", "junit", "xlsx"])
def test_every_format_of_several_rulesets_is_byte_identical_on_rerun(fmt: str, tmp_path: Path) -> None:
    outputs = []
    for n in range(2):
        target = tmp_path / f"out-{n}.{fmt}"
        code, _, err = run("check", str(STOCKHOLM / "kommunstyrelsen.yaml"), str(MHN), "--as-of", "2019-11-30",
                           "--engine", "python", "--format", fmt, "-o", str(target))
        assert code in (0, 1) and err == ""
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 100


def test_a_profile_restricted_to_a_member_of_the_union_it_was_checked_against_keeps_its_values() -> None:
    """``restrict(profile, rs, union)`` counts the restricted profile as checked against ``rs`` with the union's
    values (no second check): the values are those a check against ``rs`` alone gives, for every fixture."""
    from tsp_rules.model.profile import _bind, load_profile
    from tsp_rules.model.selection import restrict

    rulesets = [load_ruleset(TSP), load_ruleset(LAG)]
    union = union_ruleset(rulesets)
    paths = sorted([*STOCKHOLM.glob("*.yaml"), *EXEMPEL.glob("*.yaml")])
    assert len(paths) > 10
    for path in paths:
        profile = load_profile(path, union)
        for rs in rulesets:
            part = restrict(profile, rs, union)
            assert part.checked_against(rs), (path.name, rs.id)
            fresh, problems = _bind(restrict(profile, rs), rs)
            assert not problems
            assert part.trait_values(rs) == fresh, (path.name, rs.id)
        unchecked = load_profile(path)  # not checked against the union: nothing is taken over
        assert not restrict(unchecked, rulesets[0], union).checked_against(rulesets[0])


def test_a_restricted_profile_takes_the_check_only_where_the_union_declares_the_same_domains() -> None:
    """A union whose evidence kind has more content fields (another member's) still gives its values; one that
    declares a trait with other values does not: the restricted profile is then checked afresh."""
    import attrs

    from tsp_rules.model.profile import load_profile
    from tsp_rules.model.selection import restrict

    rs = load_ruleset(TSP)
    union = union_ruleset([rs, load_ruleset(LAG)])
    kid, kind = next((k, v) for k, v in sorted(union.evidence_kinds.items()) if v.content and k in rs.evidence_kinds)
    some_domain = next(iter(kind.content.values()))
    more = attrs.evolve(kind, content={**kind.content, "another_members_field": some_domain})
    wider = attrs.evolve(union, digest="sha256:wider", evidence_kinds={**union.evidence_kinds, kid: more})
    name, trait = next((n, t) for n, t in sorted(rs.traits.items()) if n != "kind")
    other_domain = next(t.domain for t in rs.traits.values() if t.domain != trait.domain)
    other = attrs.evolve(union, digest="sha256:other",
                         traits={**union.traits, name: attrs.evolve(trait, domain=other_domain)})
    for candidate, taken in ((wider, True), (other, False)):
        profile = load_profile(MHN, union)
        profile._checked[candidate.digest] = profile.trait_values(union)  # as if checked against the candidate
        assert restrict(profile, rs, candidate).checked_against(rs) is taken, candidate.digest
