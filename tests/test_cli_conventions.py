"""Command-line conventions: ``--fail-on``, ``-q/--quiet``, ``-`` for standard output with ``-o`` and for
standard input as a profile, ``--csv-dialect``, what ``lint`` says when it finds nothing, and the help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules.checking.findings import FAIL_ON
from tsp_rules.commands import _common
from tsp_rules.commands.cli import main
from tsp_rules.renderers.csv import DIALECTS

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
AS_OF = "2019-11-30"
CLEAN = FIXTURES / "aldrenamnden.yaml"  # no gap, nothing unassessed at AS_OF
UNASSESSED = FIXTURES / "servicenamnden.yaml"  # not assessed, no gap
GAP = FIXTURES / "alvsjo-stadsdelsnamnd.yaml"  # a gap, nothing unassessed


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_the_command_line_choices_match_the_library() -> None:
    assert _common.FAIL_ON == FAIL_ON
    assert tuple(DIALECTS) == _common.CSV_DIALECTS


@pytest.mark.parametrize(("profile", "fail_on", "expected"), [
    (CLEAN, "not_assessed", 0), (UNASSESSED, "not_assessed", 1), (GAP, "not_assessed", 1),
    (CLEAN, "gap", 0), (UNASSESSED, "gap", 0), (GAP, "gap", 1),
    (CLEAN, "never", 0), (UNASSESSED, "never", 0), (GAP, "never", 0),
])
@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_fail_on(profile: Path, fail_on: str, expected: int, fmt: str) -> None:
    code, out, _ = run("check", *TSP, str(profile), "--as-of", AS_OF, "--engine", "python", "--format", fmt,
                       "--fail-on", fail_on)
    assert code == expected
    assert out  # the report is written whatever the exit code


def test_fail_on_is_the_same_default_as_before() -> None:
    assert run("check", *TSP, str(UNASSESSED), "--as-of", AS_OF, "--engine", "python")[0] == 1


def test_fail_on_never_still_fails_on_bad_input_and_usage(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("profile: [\n", encoding="utf-8")
    assert run("check", *TSP, str(bad), "--fail-on", "never")[0] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("check", *TSP, str(empty), "--fail-on", "never")[0] == 2
    assert run("check", *TSP, str(GAP), "--fail-on", "sometimes")[0] == 2


def test_fail_on_for_the_city_matrix(tmp_path: Path) -> None:
    for fmt in ("html", "csv"):
        code, _, _ = run("city", str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", fmt,
                         "--fail-on", "never", "-o", str(tmp_path / f"city.{fmt}"))
        assert code == 0
        code, _, _ = run("city", str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", fmt,
                         "-o", str(tmp_path / f"city.{fmt}"))
        assert code == 1


def test_quiet_leaves_only_the_report(tmp_path: Path) -> None:
    target = tmp_path / "city.html"
    code, out, err = run("city", str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "-o", str(target))
    assert code == 1 and "Stadsövergripande sammanfattning" in out
    code, out, err = run("city", str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "-o", str(target), "-q")
    assert code == 1 and out == "" and err == ""
    code, out, err = run("city", str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "--format", "json",
                         "--quiet")
    assert code == 1 and err == "" and json.loads(out)["summary"]["profiles"] > 40
    code, out, err = run("lint", "-q")
    assert (code, out, err) == (0, "", "")


def test_dash_output_is_standard_output(tmp_path: Path) -> None:
    code, out, _ = run("check", *TSP, str(GAP), "--as-of", AS_OF, "--engine", "python", "--format", "json", "-o", "-")
    assert code == 1 and json.loads(out)["summary"]["profiles"] == 1
    assert not (Path.cwd() / "-").exists()
    code, _, err = run("check", *TSP, str(GAP), "--format", "xlsx", "-o", "-")
    assert code == 2 and "binär fil" in err
    code, out, _ = run("schema", "profile", "-o", "-")
    assert code == 0 and json.loads(out)["type"] == "object"


def test_dash_profile_is_standard_input() -> None:
    text = GAP.read_text(encoding="utf-8")
    code, from_stdin, _ = run("check", *TSP, "-", "--as-of", AS_OF, "--engine", "python", "--format", "json",
                              input=text)
    _, from_file, _ = run("check", *TSP, str(GAP), "--as-of", AS_OF, "--engine", "python", "--format", "json")
    assert code == 1 and from_stdin == from_file
    code, both, _ = run("check", *TSP, "-", str(CLEAN), "--as-of", AS_OF, "--engine", "python", "--format", "json",
                        input=text)
    assert code == 1 and json.loads(both)["summary"]["profiles"] == 2
    code, draft, _ = run("remiss", "-", "--as-of", AS_OF, "--engine", "python", input=text)
    assert code == 0 and draft == run("remiss", str(GAP), "--as-of", AS_OF, "--engine", "python")[1]


def test_a_bad_profile_on_standard_input_is_located() -> None:
    code, out, err = run("check", *TSP, "-", input="format: tsp-profile/1\nprofile: [\n")
    assert code == 2 and out == ""
    assert err.startswith("<stdin>:3:1: YAML-syntaxfel")
    code, _, err = run("check", *TSP, "-", "-", input="x: 1\n")
    assert code == 2 and "standard in ('-') kan bara anges en gång" in err


def test_lint_says_what_it_checked_when_it_finds_nothing() -> None:
    code, out, err = run("lint")  # every bundled ruleset: lagkrav-kommun and tsp-2018-2021
    assert code == 0 and out == ""
    assert err.startswith("Kontrollerade två regelverk (") and err.endswith("tsp-2018-2021.yaml): inga problem "
                                                                             "hittades.\n")
    # the Stockholm fixtures' decisions name obligations of the Stockholm programme: lint them against it
    code, _, err = run("lint", "tsp-2018-2021", "--lang", "en", "--profiles", str(FIXTURES))
    assert code == 0
    files = len(list(FIXTURES.rglob("*.yaml")))
    assert err.startswith("Checked one ruleset (") and err.endswith(f") and the decisions in {files} profiles: no "
                                                                   "problems found.\n")


def test_schema_help_speaks_of_the_schema() -> None:
    _, out, _ = run("schema", "--help", "--lang", "en")
    assert "Write the schema to FILE" in out and "Write the report" not in out
    _, out, _ = run("schema", "--help")
    assert "Skriv schemat till FILE" in out and "Skriv rapporten" not in out
