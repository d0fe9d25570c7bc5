"""The report formats and the city, remiss and schema commands through the command line (CliRunner)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from tsp_rules import check
from tsp_rules.commands.cli import main

from .report_samples import AS_OF, MINI_RULESET, SPECIALIST

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "stockholm"
MHN = FIXTURES / "miljo-och-halsoskyddsnamnden.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def fixtures_report():  # type: ignore[no-untyped-def]
    return check([FIXTURES], "tsp-2018-2021", as_of=AS_OF, engine="python")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "csv", "junit"])
def test_text_formats_to_stdout_and_to_a_file_are_the_same(fmt: str, tmp_path: Path) -> None:
    code, out, _ = run("check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", fmt)
    assert code in (0, 1) and out
    target = tmp_path / f"report.{fmt}"
    code2, out2, _ = run("check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", fmt,
                         "-o", str(target))
    assert code2 == code and out2 == ""
    assert target.read_text(encoding="utf-8") == out
    assert "\x1b[" not in out  # CliRunner is no terminal: no colour


def test_xlsx_to_stdout_is_refused_and_nothing_is_written() -> None:
    code, out, err = run("check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--format", "xlsx")
    assert code == 2 and out == ""
    assert "--format xlsx skriver en binär fil: ange -o FILE" in err


def test_xlsx_to_a_file_opens_with_the_expected_sheets_and_rows(tmp_path: Path, fixtures_report) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.xlsx"
    code, out, _ = run("check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", "xlsx",
                       "-o", str(target))
    assert code == fixtures_report.exit_code() and out == ""
    wb = load_workbook(target)
    assert wb.sheetnames == ["Resultat", "Matris", "Omfattning"]  # the ruleset states its coverage
    coverage = [[c.value for c in row] for row in wb["Omfattning"].iter_rows(min_row=2, max_col=3)]
    # at 2019-11-30 the programme's security parts are still in force: checked, nothing not encoded yet
    assert [r[1] for r in coverage] == ["Omfattning", "Kontrolleras", "Kontrolleras", "Kontrolleras",
                                        "Läst i andra hand"]
    assert wb["Resultat"].max_row == len(fixtures_report.findings) + 1
    matrix = wb["Matris"]
    totals = [matrix.cell(row=len(fixtures_report.profiles) + 2 + i, column=1).value for i in range(1, 6)]
    assert totals == ["Totalt: uppfyllt", "Totalt: brist", "Totalt: ej bedömt", "Totalt: ej tillämpligt",
                      "Totalt: undantaget genom beslut"]  # bodies, a blank row, a total per status
    first = target.read_bytes()
    run("check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", "xlsx", "-o", str(target))
    assert target.read_bytes() == first


def test_csv_and_junit_of_the_fixtures_have_one_entry_per_finding(fixtures_report) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", "csv")
    assert len(list(csv.reader(io.StringIO(out)))) == len(fixtures_report.findings) + 1
    _, out, _ = run("check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", "junit")
    root = ET.fromstring(out.encode("utf-8"))
    assert len(root.findall("./testsuite/testcase")) == len(fixtures_report.findings)


def test_text_in_english_by_option() -> None:
    _, out, _ = run("check", *TSP, str(MHN), "--as-of", AS_OF, "--engine", "python", "--lang", "en")
    assert "Working methods" in out and "Summary (one committee or company)" in out


def test_durable_and_python_engines_render_the_same_html() -> None:
    outs = [run("check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", e, "--format", "html")[1].replace(
        f"motor: {e}", "motor: X") for e in ("durable", "python")]
    assert outs[0] == outs[1]


# ------------------------------------------------------------------------------------------------ city


def test_city_writes_the_matrix_and_prints_the_summary(tmp_path: Path, fixtures_report) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "city.html"
    code, out, err = run("city", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "-o", str(target))
    assert code == fixtures_report.exit_code()
    page = target.read_text(encoding="utf-8")
    assert page.count('<td class="cell ') == len(fixtures_report.findings)
    assert 'id="matrix"' in page
    assert out.startswith("Stadsövergripande sammanfattning per 30 november 2019:")
    assert f"{len(fixtures_report.profiles)} nämnder och bolag" in out
    total = fixtures_report.counts
    [line] = [ln for ln in out.splitlines() if ln.startswith("Totalt")]
    assert [int(n) for n in line.split()[1:]] == list(total.values())
    assert "Flest brister:" in out
    assert err == ""


def test_city_to_stdout_keeps_the_summary_on_stderr() -> None:
    code, out, err = run("city", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--lang", "en")
    assert out.startswith("<!DOCTYPE html>") and "City-wide summary" not in out
    assert err.startswith("City-wide summary as of 30 November 2019")
    assert code in (0, 1)


def test_city_with_one_profile_is_still_a_matrix(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(MHN.read_text(encoding="utf-8"), encoding="utf-8")
    _, out, _ = run("city", *TSP, str(tmp_path), "--as-of", AS_OF, "--engine", "python")
    assert 'id="matrix"' in out


def test_city_other_formats(tmp_path: Path, fixtures_report) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("city", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", "csv")
    assert len(out.splitlines()) == len(fixtures_report.findings) + 1
    code, _, err = run("city", *TSP, str(FIXTURES), "--as-of", AS_OF, "--format", "xlsx")
    assert code == 2 and "ange -o FIL" in err


def test_city_refuses_an_empty_folder_and_a_file(tmp_path: Path) -> None:
    code, out, err = run("city", *TSP, str(tmp_path))
    assert code == 2 and out == "" and "inga profiler" in err
    code, _, _ = run("city", *TSP, str(MHN))
    assert code == 2


def test_city_bad_profile_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("format: tsp-profile/1\nprofile:\n  id: x\n  name: X\n  kind: nope\n",
                                       encoding="utf-8")
    target = tmp_path / "out.html"
    code, _, err = run("city", *TSP, str(tmp_path), "-o", str(target))
    assert code == 2 and "bad.yaml:5:" in err and "Traceback" not in err
    assert not target.exists()


# ---------------------------------------------------------------------------------------------- remiss


def test_remiss_of_the_seed_committee() -> None:
    code, out, _ = run("remiss", str(MHN), "--as-of", AS_OF, "--datum", "2017-10-31")
    assert code == 0
    assert out.startswith("# Tjänsteutlåtande\n")
    assert "## Förvaltningens synpunkter och förslag" in out
    answer, note = out.split("## Anteckning för handläggaren")
    assert "eftersom nämnden inte berörs av säkerhetsskyddslagstiftningens krav" in answer  # the answer on record
    assert "#### Omfattas inte av säkerhetsskyddslagstiftningen" in note  # the ruleset's ground, in the note
    assert "1. Tillstyrka förslaget till Stockholms stads trygghets- och säkerhetsprogram 2018–2021." in out
    assert "> Profilen är illustrativ" in note


def test_remiss_in_english_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "remiss.md"
    code, out, _ = run("remiss", str(MHN), "--as-of", AS_OF, "--datum", "2017-10-31", "--lang", "en",
                       "-o", str(target))
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Officer's report") and "The administration's views" in text


def test_remiss_with_an_inline_ruleset_file(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(MINI_RULESET, encoding="utf-8")
    (tmp_path / "p.yaml").write_text(SPECIALIST, encoding="utf-8")
    code, out, _ = run("remiss", str(tmp_path / "p.yaml"), "--ruleset", str(tmp_path / "mini.yaml"),
                       "--as-of", AS_OF)
    assert code == 0
    assert "Kravet ”Lägesbild brott” avser enligt regelverket: en lägesbild över brott inom tillsynsområdena." in out


def test_remiss_refuses_a_folder() -> None:
    assert run("remiss", str(FIXTURES))[0] == 2


# ---------------------------------------------------------------------------------------------- schema


def test_schema_report_is_printed() -> None:
    code, out, _ = run("schema", "report")
    schema = json.loads(out)
    assert code == 0 and schema["additionalProperties"] is False
    assert schema["$defs"]["finding"]["properties"]["status"]["enum"] == [
        "met", "gap", "not_assessed", "not_applicable", "waived"]


@pytest.mark.parametrize("command", ["check", "city"])
def test_an_unwritable_output_is_a_usage_error(tmp_path: Path, command: str) -> None:
    target = tmp_path / "no-such-folder" / "out.html"
    code, _, err = run(command, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", "html",
                         "-o", str(target))
    assert code == 2 and "kan inte skriva" in err and "internt fel" not in err
    assert not target.parent.exists()
