"""Replaced parts said where people look, inherited evidence shown, and counts in words (issue 21).

Expected values are worked out from the rulesets: in `tsp-2018-2021` the part `sakerhet` (fokusområde 1, 3, 4,
5 and KS-SAMORDNING-OLYCKOR, KS-KRISLEDNINGSNAMND) ends on 2020-03-22 and is replaced by Säkerhetsprogram
2020–2023, which no ruleset encodes; in `lagkrav-kommun` the part `sakerhetsskydd-1996` ends on 2019-03-31
and the part `sakerhetsskydd-2018` starts the next day, so that replacement is itself checked. Hägersten-Älvsjö
stadsdelsnämnd was formed on 2020-07-01 from two predecessors; its tertialrapport 2 for 2019 is Älvsjö's."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tsp_rules import Report, Status, check, load_ruleset
from tsp_rules.checking.findings import Replacement
from tsp_rules.model.profile import profile_from_text
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers import html, junit, markdown, text, xlsx
from tsp_rules.texts import Text

from .strategies import check_dates, profiles

ROOT = Path(__file__).resolve().parent.parent
STOCKHOLM = ROOT / "fixtures" / "stockholm"
HA = STOCKHOLM / "hagersten-alvsjo-stadsdelsnamnd.yaml"
KS = STOCKHOLM / "kommunstyrelsen.yaml"
TSP = load_ruleset("tsp-2018-2021")
LAG = load_ruleset("lagkrav-kommun")
SAKERHET_OBLIGATIONS = {ob.id for ob in TSP.obligations if ob.part is not None and ob.part.id == "sakerhet"}
SAKERHETSPROGRAM = Text("Säkerhetsprogram 2020–2023 (kommunfullmäktige 23 mars 2020)",
                        "Säkerhetsprogram 2020–2023 (city council, 23 March 2020)")


def by_id(report: Report) -> dict[str, object]:
    return {f.obligation: f for f in report.findings}


@pytest.fixture(scope="module")
def after() -> Report:  # the day the security parts were replaced, and some months on
    return check([HA, KS], TSP, "2020-09-01", "python")


# ------------------------------------------------------------------------------------------ replaced


def test_replaced_findings_say_by_what_and_from_when(after: Report) -> None:
    found = {f.obligation: f for f in after.for_profile("hagersten-alvsjo-stadsdelsnamnd")}
    assert found["FO1-LAGESBILD"].replaced == Replacement(  # type: ignore[attr-defined]
        "sakerhet", Text("programmets säkerhetsdelar (fokusområde 1, 3, 4 och 5)",
                         "the programme's security parts (focus areas 1, 3, 4 and 5)"),
        SAKERHETSPROGRAM, dt.date(2020, 3, 23), False)
    assert found["FO2-LAGESBILD"].replaced is None  # type: ignore[attr-defined]  # fokusområde 2 still in force
    replaced = {o for o, f in found.items() if f.replaced is not None}  # type: ignore[attr-defined]
    assert replaced == SAKERHET_OBLIGATIONS | {"FO4-CIVILT-FORSVAR"}  # its own part ends the same day
    message = found["FO1-LAGESBILD"].reasons[0].message("sv")  # type: ignore[attr-defined]
    assert "Säkerhetsprogram 2020–2023 ingår inte i kontrollen" in message


def test_the_day_before_nothing_is_replaced() -> None:
    report = check([KS], TSP, "2020-03-22", "python")
    assert all(f.replaced is None for f in report.findings) and report.replaced_count == 0


def test_after_the_rulesets_period_nothing_is_called_replaced() -> None:
    # past lagkrav-kommun's period (2026-12-31) its duties are out of force, but nothing replaced them
    ks = ROOT / "fixtures" / "exempelkommun" / "kommunstyrelsen.yaml"
    report = check([ks], LAG, "2027-01-05", "python")
    rsa = by_id(report)["KRIS-RSA"]
    assert rsa.status is Status.NOT_APPLICABLE and rsa.replaced is None  # type: ignore[attr-defined]
    message = rsa.reasons[0].message("sv")  # type: ignore[attr-defined]
    assert "ersattes" not in message and "–" not in message and "programmet" not in message
    # only the 1996 protective security duties, replaced by the 2018 act on 2019-04-01, are still replaced
    assert {f.obligation for f in report.findings if f.replaced is not None} == {
        "SSK-SAKERHETSANALYS-1996", "SSK-SAKERHETSSKYDD-1996"} and report.replaced_count == 2


def test_a_laws_successor_in_the_same_ruleset_is_checked_instead() -> None:
    report = check([KS], rulesets=[TSP, LAG], as_of="2019-04-01", engine="python")
    f = by_id(report)["SSK-SAKERHETSANALYS-1996"]
    assert f.replaced is not None and f.replaced.in_check and f.replaced.on == dt.date(2019, 4, 1)  # type: ignore[attr-defined]
    message = f.reasons[0].message("sv")  # type: ignore[attr-defined]
    assert "prövas i stället" in message and "ingår inte i kontrollen" not in message
    assert "oberoende av programmet" not in message  # the law's own ruleset has no programme to set aside


@given(data=st.data())
def test_replaced_exactly_when_the_part_had_been_replaced(data: st.DataObject) -> None:
    rs = data.draw(st.sampled_from([TSP, LAG]))
    as_of = data.draw(check_dates(rs))
    profile = data.draw(profiles(rs, as_of))
    report = check([profile], rs, as_of, "python")
    for f in report.findings:
        ob = rs.obligation(f.obligation)
        assert (f.replaced is not None) == ob.replaced_on(as_of), (ob.id, as_of)
        if f.replaced is not None:
            assert f.status is Status.NOT_APPLICABLE and f.exemption is None
            assert f.replaced.on == ob.valid_to + dt.timedelta(days=1)  # type: ignore[operator]
    assert report.replaced_count == sum(ob.replaced_on(as_of) for ob in rs.obligations)
    assert report.to_data()["summary"]["replaced"] == report.replaced_count


def test_every_format_says_replaced_and_counts_it_apart(after: Report) -> None:
    n = after.replaced_count
    assert n == 2 * len(SAKERHET_OBLIGATIONS | {"FO4-CIVILT-FORSVAR"})  # two bodies
    note = "ersatt av Säkerhetsprogram 2020–2023 (kommunfullmäktige 23 mars 2020), som inte ingår i kontrollen"
    out = text.render(after, "sv")
    assert f"FO1-LAGESBILD – Lägesbild avseende olyckor ({note})" in out
    summary = out.split("Sammanfattning", 1)[1]
    assert f" {n} ersatta," in summary  # counted apart from the not applicable
    data = after.to_data("sv")
    assert data["summary"]["replaced"] == n and data["summary"]["not_applicable"] >= n
    fo1 = next(f for f in data["findings"] if f["obligation"] == "FO1-LAGESBILD")
    assert fo1["replaced"] == {"part": "sakerhet", "part_title": "programmets säkerhetsdelar (fokusområde 1, 3, 4 "
                                                                  "och 5)",
                               "by": SAKERHETSPROGRAM.sv, "on": "2020-03-23", "in_check": False}
    rows = list(csv.DictReader(io.StringIO(csv_renderer.render(after, "sv"))))
    row = next(r for r in rows if r["obligation"] == "FO1-LAGESBILD")
    assert (row["replaced_by"], row["replaced_on"], row["replaced_in_check"]) == (SAKERHETSPROGRAM.sv, "2020-03-23",
                                                                                  "false")
    assert next(r for r in rows if r["obligation"] == "FO2-LAGESBILD")["replaced_by"] == ""
    page = html.render(after, "sv")  # the matrix: the cell says it, the summary counts it apart
    cell = re.search(r'<td class="cell s-not_applicable"[^>]*data-replaced=""[^>]*data-obligation="FO1-LAGESBILD"'
                     r'[^>]*data-head="([^"]*)"', page)
    assert cell and "som inte ingår i kontrollen" in cell.group(1)
    assert f'<td data-replaced="">{n}</td>' in page
    md = markdown.render(check([HA], TSP, "2020-09-01", "python"), "sv")
    assert "### Skyldigheter vars del har ersatts" in md and f"| varav ersatta | {n // 2} |" in md
    for case in ET.fromstring(junit.render(after, "sv")).iter("testcase"):
        if case.get("name", "").startswith("FO1-LAGESBILD"):
            skipped = case.find("skipped")
            assert skipped is not None and "ingår inte i kontrollen" in skipped.get("message", "")
    wb = load_workbook(io.BytesIO(xlsx.render(after, "sv")))
    header = [c.value for c in wb["Resultat"][1]]
    assert "Ersatt" in header and "Ersatt från" in header
    totals = {row[0]: [v for v in row if v is not None][-1]  # the row's total, after the obligations' counts
              for row in wb["Matris"].iter_rows(values_only=True) if str(row[0]).startswith("Totalt")}
    assert [v for k, v in totals.items() if "varav ersatta" in str(k)] == [n]


def test_replaced_findings_never_fail_the_check() -> None:
    # the exit code counts gaps and unassessed obligations only; what the check does not cover is said in
    # the coverage statement, not turned into a failure
    report = check([HA], TSP, "2020-09-01", "python")
    assert report.replaced_count > 0 and report.counts["gap"] == 0 and report.exit_code() == 0


# ------------------------------------------------------------------------------------------ inherited


def test_a_predecessors_document_says_whose_it_is() -> None:
    f = by_id(check([HA], TSP, "2020-09-01", "python"))["ARB-T2-RAPPORT"]
    [reason] = f.reasons  # type: ignore[attr-defined]
    assert reason.code == "evidence_ok_inherited"
    assert reason.message("sv").endswith("uppfyller kravet; dokumentet kommer från Älvsjö stadsdelsnämnd och är "
                                         "från tiden före sammanslagningen 1 juli 2020.")
    assert reason.to_data("en")["data"]["issued_by"] == "Älvsjö stadsdelsnämnd"
    assert reason.to_data("en")["data"]["merged_on"] == "2020-07-01"
    assert "predates the merger on 1 July 2020" in reason.message("en")
    later = by_id(check([HA], TSP, "2020-11-30", "python"))["ARB-T2-RAPPORT"]  # its own 2020 report
    assert [r.code for r in later.reasons] == ["evidence_ok"]  # type: ignore[attr-defined]
    assert "sammanslagningen" in text.render(check([HA], TSP, "2020-09-01", "python"), "sv")
    assert "sammanslagningen 1 juli 2020" in html.render(check([HA], TSP, "2020-09-01", "python"), "sv")


PROFILE = """\
format: tsp-profile/1
profile: {id: ny, name: Ny nämnd, kind: facknamnd, valid_from: 2019-06-01, predecessors: [gammal]}
traits: {}
evidence:
  - {kind: security_coordinator_appointment, date: 2019-05-01, reference: Beslut 1}
"""


def test_without_issued_by_the_predecessor_is_named_as_such() -> None:
    profile = profile_from_text(PROFILE, "ny.yaml", TSP)
    f = by_id(check([profile], TSP, "2019-11-30", "python"))["ARB-SAKERHETSSAMORDNARE"]
    assert f.reasons[0].message("sv") == (  # type: ignore[attr-defined]
        "Beslut om utsedd säkerhetssamordnare ”Beslut 1” (1 maj 2019) uppfyller kravet; dokumentet kommer från "
        "föregångaren och är från tiden före att nämnden eller bolaget bildades 1 juni 2019.")


def test_engines_agree_on_replaced_and_inherited() -> None:
    for day in ("2020-09-01", "2019-04-01"):
        a = check([HA, KS], rulesets=[TSP, LAG], as_of=day, engine="python").to_data("sv")
        b = check([HA, KS], rulesets=[TSP, LAG], as_of=day, engine="durable").to_data("sv")
        assert a["findings"] == b["findings"] and a["summary"] == b["summary"]
        assert any(f["replaced"] for f in a["findings"])


# ------------------------------------------------------------------------------------------ words


def test_no_body_gets_an_exception_for_kommunstyrelsens_duties() -> None:
    out = text.render(check(sorted(STOCKHOLM.glob("*.yaml")), TSP, "2019-11-30", "python"), "sv")
    assert "Inte kommunstyrelsen" not in out and "undantag: Inte" not in out


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_summary_lines_count_in_words(after: Report, lang: str) -> None:
    out = text.render(after, lang)  # type: ignore[arg-type]
    heads = [line for line in out.splitlines() if "[kommunstyrelsen]" in line or line.startswith(("Sammanf", "Summ"))]
    assert heads
    for line in heads:
        assert not re.search(r"(?<![\d\u202f])0(?![\d\u202f])", line), line  # never a bare zero
        assert "genom beslut 0" not in line and "0 enligt plan" not in line
    assert "inget undantag genom beslut" in out if lang == "sv" else "no waivers" in out
    assert json.loads(after.to_json())["summary"]["waived"] == 0
