"""The coverage statement (issue 21): per ruleset and check date, what is checked, what was in force for the
bodies but is not encoded, and what was read only second-hand; in every report format, on ``Report.coverage``
and in ``tsp-check rulesets --as-of``. Expected values are worked out from the rulesets' parts: the programme's
security parts (fokusområde 1, 3, 4, 5) end on 2020-03-22 and were replaced by Säkerhetsprogram 2020–2023 on
2020-03-23; focus area 2 and the common parts end on 2021-04-11, Trygghetsprogram 2020–2023 from 2021-04-12."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tsp_rules import check
from tsp_rules.commands.cli import main
from tsp_rules.errors import RulesetError
from tsp_rules.model.compiler import bundled_rulesets, load_ruleset, ruleset_from_text
from tsp_rules.renderers import html, junit, markdown, text, xlsx

ROOT = Path(__file__).resolve().parent.parent
KS = ROOT / "fixtures" / "stockholm" / "kommunstyrelsen.yaml"
TSP = load_ruleset("tsp-2018-2021")
LAGKRAV = load_ruleset("lagkrav-kommun")


def ids(items: tuple[object, ...]) -> list[str]:
    return [i.id for i in items]  # type: ignore[attr-defined]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------------------------------------ the dates


@pytest.mark.parametrize(("day", "checked", "not_encoded"), [
    ("2019-11-30", ["arbetssatt", "fokusomraden-1-5", "kommunstyrelsen"], []),
    ("2020-03-22", ["arbetssatt", "fokusomraden-1-5", "kommunstyrelsen"], []),  # the security parts' last day
    ("2020-03-23", ["arbetssatt", "fokusomrade-2", "kommunstyrelsen-utom-sakerhet"], ["sakerhetsprogram-2020-2023"]),
    ("2021-04-11", ["arbetssatt", "fokusomrade-2", "kommunstyrelsen-utom-sakerhet"], ["sakerhetsprogram-2020-2023"]),
    ("2021-04-12", [], ["sakerhetsprogram-2020-2023", "trygghetsprogram-2020-2023"]),
])
def test_programme_coverage_follows_the_replaced_parts(day: str, checked: list[str], not_encoded: list[str]) -> None:
    coverage = TSP.coverage_on(dt.date.fromisoformat(day))
    assert ids(coverage.checked) == checked
    assert ids(coverage.not_encoded) == not_encoded
    assert ids(coverage.second_hand) == ["programmet-genom-remissvaret"]  # on every date
    assert coverage.second_hand[0].source == "remiss-mhn-2017"


def test_every_replaced_part_is_named_as_not_encoded_from_the_day_after_it_ends() -> None:
    # each part with superseded_by: on the day after it ends, a not-encoded entry holds whose source is in force
    for rs in (TSP, LAGKRAV):
        for part in rs.parts:
            if part.valid_to is None or part.superseded_by is None or rs is LAGKRAV:
                continue  # lagkrav-kommun's replaced law is encoded in its successor part (still checked)
            day = part.valid_to + dt.timedelta(days=1)
            coverage = rs.coverage_on(day)
            assert coverage.not_encoded, (rs.id, part.id)
            assert all(rs.sources[i.source].in_force(day) for i in coverage.not_encoded if i.source), part.id


def test_statutory_coverage_names_what_it_leaves_out_and_grows_with_the_law() -> None:
    before = LAGKRAV.coverage_on(dt.date(2023, 6, 30))
    after = LAGKRAV.coverage_on(dt.date(2023, 7, 1))  # lag (2023:196) in force: BRF-* are checked
    assert "brottsforebyggande" not in ids(before.checked) and "brottsforebyggande" in ids(after.checked)
    assert {"dataskydd", "sektorslagstiftning"} <= set(ids(after.not_encoded))
    # lagkrav-kommun 2.0.0 encodes the 2021 amendments and the Cybersecurity Act from the days they apply
    assert "sakerhetsskydd-2021" not in ids(LAGKRAV.coverage_on(dt.date(2021, 11, 30)).checked)
    assert "sakerhetsskydd-2021" in ids(LAGKRAV.coverage_on(dt.date(2021, 12, 1)).checked)
    assert "overlatelse-2021" in ids(LAGKRAV.coverage_on(dt.date(2021, 11, 30)).not_encoded)
    assert "cybersakerhet" not in ids(LAGKRAV.coverage_on(dt.date(2026, 1, 14)).checked)
    assert "cybersakerhet" in ids(LAGKRAV.coverage_on(dt.date(2026, 1, 15)).checked)


def _sentences(statement: str) -> int:
    return len(re.findall(r"[.!?](?:\s+[A-ZÅÄÖ]|$)", statement))


@given(day=st.dates(dt.date(2017, 1, 1), dt.date(2028, 12, 31)), lang=st.sampled_from(["sv", "en"]))
def test_statement_is_one_or_two_sentences_without_codes(day: dt.date, lang: str) -> None:
    for rs in bundled_rulesets().values():
        ruleset = load_ruleset(rs)
        coverage = ruleset.coverage_on(day)
        statement = coverage.statement(lang)  # type: ignore[arg-type]
        assert coverage.stated and statement.endswith(".")
        assert 1 <= _sentences(statement) <= 2, statement
        for item in (*coverage.checked, *coverage.not_encoded, *coverage.second_hand):
            assert "-" not in item.id or item.id not in statement  # entries are said in words, never by id
            assert item.text.get(lang) in statement  # type: ignore[arg-type]
        if ruleset.valid_from <= day <= ruleset.valid_to:
            assert coverage.checked, (ruleset.id, day)  # inside its period a ruleset always checks something


def test_statement_words() -> None:
    coverage = TSP.coverage_on(dt.date(2020, 9, 1))
    assert coverage.statement("sv") == (
        "Kontrollen omfattar programmets arbetssätt, fokusområde 2 (förebygga brott) och kommunstyrelsens "
        "samordning utanför säkerhetsdelarna; den omfattar inte Säkerhetsprogram 2020–2023 (som ersatte "
        "fokusområde 1, 3, 4 och 5 från 23 mars 2020). Av programmets egen text har bara de tre första sidorna "
        "kunnat läsas; i övrigt bygger skyldigheterna på hur Miljö- och hälsoskyddsnämndens remissvar "
        "(dnr 2017-14676) återger remissförslaget.")
    assert TSP.coverage_on(dt.date(2021, 5, 1)).statement("en").startswith(
        "The check does not cover Säkerhetsprogram 2020–2023 (the security programme, which replaced focus areas "
        "1, 3, 4 and 5 from 23 March 2020) or Trygghetsprogram 2020–2023")


# ------------------------------------------------------------------------------------------ validation



def _ruleset_with(coverage: str) -> str:
    base = (ROOT / "rulesets" / "tsp-2018-2021.yaml").read_text(encoding="utf-8")
    start = base.index("\ncoverage:\n")
    end = base.index("\ntraits:\n")
    return base[:start] + "\n" + coverage + base[end:]


def test_coverage_refuses_an_unknown_source_with_its_line() -> None:
    text = _ruleset_with("coverage:\n  not_encoded:\n    - id: x\n      source: nowhere\n"
                         "      text: {sv: något, en: something}\n")
    line = text[:text.index("source: nowhere")].count("\n") + 1
    with pytest.raises(RulesetError) as err:
        ruleset_from_text(text, "r.yaml", lang="en")
    assert f"r.yaml:{line}:" in str(err.value) and "nowhere" in str(err.value)


@pytest.mark.parametrize("bad", [
    "coverage:\n  checked:\n    - id: x\n      text: {sv: a, en: a}\n      valid_from: 2020-01-02\n"
    "      valid_to: 2020-01-01\n",
    "coverage:\n  checked:\n    - id: x\n      text: {sv: a, en: a}\n    - id: x\n      text: {sv: b, en: b}\n",
    "coverage:\n  checked:\n    - id: x\n      text: {sv: a}\n",
    "coverage:\n  unknown: []\n",
])
def test_coverage_refuses_bad_entries(bad: str) -> None:
    with pytest.raises(RulesetError) as err:
        ruleset_from_text(_ruleset_with(bad), "r.yaml", lang="en")
    assert "r.yaml:" in str(err.value)


def test_bundled_rulesets_state_their_coverage() -> None:
    for name in bundled_rulesets():
        assert load_ruleset(name).coverage is not None, name


# ------------------------------------------------------------------------------------------ reports


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return check([KS], as_of="2020-09-01", engine="python", rulesets="by_date")


def test_report_coverage_is_each_rulesets_statement_on_the_date(report) -> None:  # type: ignore[no-untyped-def]
    day = dt.date(2020, 9, 1)
    assert report.coverage == (TSP.coverage_on(day), LAGKRAV.coverage_on(day))
    data = report.to_data("sv")
    assert data["schema_version"] == "1.4"
    assert [r["coverage"]["statement"] for r in data["rulesets"]] == [c.statement("sv") for c in report.coverage]
    assert [i["id"] for i in data["rulesets"][0]["coverage"]["not_encoded"]] == ["sakerhetsprogram-2020-2023"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_format_says_the_statement(report, lang: str) -> None:  # type: ignore[no-untyped-def]
    label = {"sv": "Omfattning", "en": "Coverage"}[lang]
    statements = [c.statement(lang) for c in report.coverage]
    out = text.render(report, lang)
    head = out.split("\n\n", 1)[0]  # the heading, before the first body
    for rs, statement in zip(("tsp-2018-2021", "lagkrav-kommun"), statements, strict=True):
        assert f"{label} ({rs}): {statement}" in head
    page = html.render(report, lang)
    assert page.count('<p class="coverage"') == 2
    assert "Säkerhetsprogram 2020–2023" in page.split("</header>", 1)[0]
    md = markdown.render(report, lang)
    assert all(s.replace("(", "\\(").replace(")", "\\)") in md or s in md for s in statements)
    suites = ET.fromstring(junit.render(report, lang)).iter("testsuite")
    for suite in suites:
        props = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert props["coverage"] in statements
    wb = load_workbook(io.BytesIO(xlsx.render(report, lang)))
    sheet = wb[{"sv": "Omfattning", "en": "Coverage"}[lang]]
    assert [r[2] for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == label] == statements


def test_programme_via_the_remiss_is_said_once_not_on_every_finding() -> None:
    out = text.render(check([KS], TSP, "2019-11-30", "python"), "sv")
    assert "som det återges i remissvaret" not in out
    assert out.count("Miljö- och hälsoskyddsnämndens remissvar") == 1  # the coverage statement
    assert "Källa: Programmet, remissvarets avsnitt ”Goda beslutsunderlag”" in out  # KS has gaps there


def test_rulesets_command_lists_the_coverage_on_the_date() -> None:
    code, out, _ = run("rulesets", "--as-of", "2020-09-01")
    assert code == 0
    assert f"  Omfattning: {TSP.coverage_on(dt.date(2020, 9, 1)).statement('sv')}" in out
    code, out, _ = run("rulesets", "--as-of", "2019-11-30", "--format", "json", "--lang", "en")
    data = {r["id"]: r for r in json.loads(out)["rulesets"]}
    assert data["tsp-2018-2021"]["coverage"]["not_encoded"] == []
    assert data["tsp-2018-2021"]["coverage"]["statement"] == TSP.coverage_on(dt.date(2019, 11, 30)).statement("en")
