"""``tsp-check test [DIR...]``: the golden scenarios pass through it; broken expectations fail with a diff;
malformed scenario files are located input errors."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tsp_rules.commands.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "scenarios"
CASES = sorted(p.name for p in SCENARIOS.iterdir() if (p / "expected.yaml").is_file())
STATUSES = ["met", "gap", "not_assessed", "not_applicable", "waived"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_golden_scenarios_pass(engine: str) -> None:
    code, out, err = run("test", str(SCENARIOS), "--engine", engine)
    assert code == 0, out + err
    assert out.count("\nok ") + out.startswith("ok ") == len(CASES)
    assert out.splitlines()[-1] == f"{len(CASES)} scenarier: {len(CASES)} godkända, 0 underkända."


def _copy(case: str, tmp_path: Path) -> Path:
    target = tmp_path / case
    shutil.copytree(SCENARIOS / case, target)
    return target


def test_a_broken_expectation_fails_with_a_diff(tmp_path: Path) -> None:
    case = _copy("miljo-och-halsoskyddsnamnden", tmp_path)
    expected_file = case / "expected.yaml"
    text = expected_file.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    oid, want = next(iter(data["obligations"].items()))
    wrong = next(s for s in STATUSES if s != want["status"])
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{oid}:"))
    lines[index] = lines[index].replace(f"status: {want['status']}", f"status: {wrong}", 1)
    expected_file.write_text("".join(lines), encoding="utf-8")
    code, out, _ = run("test", str(tmp_path), "--lang", "en")
    assert code == 1
    assert out.startswith(f"FAIL {case}") or f"FAIL {case}" in out
    assert f"  {oid} ({expected_file}:{index + 1})" in out
    assert f"    - status: {wrong}\n    + status: {want['status']}\n" in out
    assert out.splitlines()[-1] == "1 scenario: 0 passed, 1 failed."
    code, out, _ = run("test", str(tmp_path))
    assert code == 1 and out.splitlines()[-1] == "1 scenario: 0 godkända, 1 underkänt."


def test_missing_renamed_warnings_and_exit_code_each_fail(tmp_path: Path) -> None:
    case = _copy("beslut-giltigt-snart-utgaende-utganget", tmp_path)
    expected_file = case / "expected.yaml"
    data = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    obligations = list(data["obligations"])
    dropped, renamed = obligations[0], obligations[1]
    data["obligations"][renamed + "-X"] = data["obligations"].pop(renamed)
    del data["obligations"][dropped]
    first_warning = data["warnings"].pop(0)
    data["exit_code"] = 1 - data["exit_code"]
    expected_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, _ = run("test", str(case), "--lang", "en", "--engine", "python")
    assert code == 1
    assert f"  {dropped}: in the ruleset tsp-2018-2021 but not in {expected_file}" in out
    assert f"  {renamed}: in the ruleset tsp-2018-2021 but not in {expected_file}" in out
    assert f"  {renamed}-X ({expected_file}:" in out and "but not in the ruleset tsp-2018-2021" in out
    assert f"    - {{code: {first_warning['code']}, obligation: {first_warning['obligation']}}}" not in out
    assert f"    + {{code: {first_warning['code']}, obligation: {first_warning['obligation']}}}" in out
    assert f"  exit code:\n    - {data['exit_code']}\n    + {1 - data['exit_code']}\n" in out


def test_quiet_shows_only_failures(tmp_path: Path) -> None:
    _copy("t2-dagen-da", tmp_path)
    code, out, _ = run("test", str(tmp_path), "-q")
    assert code == 0 and out == "1 scenario: 1 godkänt, 0 underkända.\n"


def test_malformed_scenarios_exit_2_located(tmp_path: Path) -> None:
    case = _copy("t2-dagen-fore", tmp_path)
    (case / "expected.yaml").write_text(
        "as_of: 2019-02-30\nexit_code: 3\nobligationz: {}\nobligations:\n"
        "  FO1-LAGESBILD: {status: fine, taloring: null}\n",
        encoding="utf-8")
    other = _copy("t2-dagen-da", tmp_path)
    (other / "profile.yaml").unlink()
    code, out, err = run("test", str(tmp_path))
    assert code == 2 and out == ""
    expected_file = case / "expected.yaml"
    for located in (f"{expected_file}:1:8: ”as_of”: 2019-02-30 är inget verkligt datum",
                    f"{expected_file}:2:12: ”exit_code” ska vara 0 eller 1, men det står talet 3",
                    f"{expected_file}:3:1: okänt fält ”obligationz” (menade du ”obligations”?)",
                    f"{expected_file}:5:", f"{other / 'profile.yaml'}:1:1: profilen saknas"):
        assert located in err, err
    assert "(menade du ”tailoring”?)" in err and "Traceback" not in err
    code, _, err = run("test", str(tmp_path), "--lang", "en")
    assert code == 2
    assert f"{expected_file}:3:1: unknown field 'obligationz' (did you mean 'obligations'?)" in err
    assert "(did you mean 'tailoring'?)" in err and f"{other / 'profile.yaml'}:1:1: the profile is missing" in err


# Words of the English messages that a Swedish one must not contain (a field name from the file is quoted ”…”).
ENGLISH = re.compile(r"\b(must|missing|expected|unknown|allowed|mapping such|got|the|list of|a text|or null|"
                     r"warning|beside)\b")


def test_every_message_of_a_malformed_scenario_is_swedish_by_default(tmp_path: Path) -> None:
    """Each of the runner's own checks once, in Swedish without an English word, and in English with --lang en."""
    bad = tmp_path / "bad"
    shutil.copytree(SCENARIOS / "t2-dagen-da", bad)
    (bad / "expected.yaml").write_text(
        "as_of: i fjol\nexit_code: true\nruleset: 5\nobligations:\n"
        "  FO1-LAGESBILD: {status: fin, reasons: x, waiver: 3, taloring: null}\n  X: 5\n"
        "warnings: [7, {obligation: X}, {code: a, foo: 1}]\n", encoding="utf-8")
    not_mapping = tmp_path / "lista"
    not_mapping.mkdir()
    (not_mapping / "expected.yaml").write_text("[1]\n", encoding="utf-8")
    (not_mapping / "profile.yaml").write_text("", encoding="utf-8")
    no_obligations = tmp_path / "tom"
    no_obligations.mkdir()
    (no_obligations / "expected.yaml").write_text("as_of: 2019-11-30\nobligations: {}\nwarnings: 3\n",
                                                  encoding="utf-8")
    shutil.copy(SCENARIOS / "t2-dagen-da" / "profile.yaml", no_obligations / "profile.yaml")
    code, out, err = run("test", str(tmp_path))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 14, err
    for line in lines:
        text = line.split(": ", 1)[1].rsplit(" [", 1)[0]  # the message without file:line:col and the field path
        prose = re.sub(r"”[^”]*”|\{[^}]*\}|\[[^\]]*\]", "", text)  # names and examples from the file
        assert not ENGLISH.search(prose), line
    for wanted in ("”as_of” ska vara kontrolldatumet, skrivet ÅÅÅÅ-MM-DD, men det står texten ”i fjol”",
                   "”exit_code” ska vara 0 eller 1, men det står ja-värdet",
                   "”ruleset” ska vara id:t för ett medföljande regelverk eller en fil, eller en lista med minst ett "
                   "sådant, men det står talet 5",
                   "”status”: värdet ska vara ett av ”met”, ”gap”, ”not_assessed”, ”not_applicable”, ”waived”, "
                   "men det står texten ”fin”",
                   "”reasons”: här ska stå en lista med skälens koder",
                   "”waiver”: här ska stå en text eller null, men det står talet 3",
                   "X: här ska stå en mappning som {status: met, tailoring: null}, men det står talet 5",
                   "en varning ska vara en mappning med åtminstone sin kod",
                   "varningens kod saknas under ”code”",
                   "okänt fält ”foo”; tillåtna: ”code”, ”obligation”, ”profile”, ”reference”",
                   "”expected.yaml” ska vara en mappning med kontrolldatumet under ”as_of”",
                   "”obligations” ska ge varje skyldighets förväntade status",
                   "”warnings” ska vara en lista som"):
        assert wanted in err, wanted
    code, _, err = run("test", str(tmp_path), "--lang", "en")
    assert code == 2 and len(err.splitlines()) == 14
    for wanted in ("'as_of' must be the check date, written YYYY-MM-DD, got the text 'i fjol'",
                   "'exit_code' must be 0 or 1, got the value true",
                   "'waiver': a text or null is expected, got the number 3",
                   "the warning's code is missing under 'code'",
                   "'obligations' must map each obligation id to its expected status"):
        assert wanted in err, wanted


def test_a_profile_that_is_not_a_regular_file_is_not_called_missing(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.fail("this test needs os.mkfifo (POSIX)")
    case = _copy("t2-dagen-da", tmp_path)
    (case / "profile.yaml").unlink()
    os.mkfifo(case / "profile.yaml")
    code, _, err = run("test", str(tmp_path))
    assert code == 2
    assert f"{case / 'profile.yaml'}:1:1: är inte en vanlig fil" in err and "saknas" not in err


def test_no_scenarios_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("test", str(tmp_path))
    assert code == 2 and "inga scenarier" in err


def test_a_bad_profile_is_an_input_error(tmp_path: Path) -> None:
    case = _copy("t2-dagen-da", tmp_path)
    profile = case / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("traits:", "traitz:", 1), encoding="utf-8")
    code, _, err = run("test", str(tmp_path))
    assert code == 2 and f"{profile}:" in err


def test_a_scenario_without_its_ruleset_is_checked_against_the_rulesets_in_force(tmp_path: Path) -> None:
    """As ``tsp-check check --as-of AS_OF`` chooses: a statutory scenario of 2023, after the programme's period,
    passes without ``ruleset:``; a programme scenario of 2019 without it is checked against both bundled
    rulesets, so the statutory ruleset's obligations are missing from its expected.yaml; ``--ruleset`` given
    on the command line, or a list under ``ruleset:``, chooses again."""
    from tsp_rules import load_ruleset

    law = _copy("lagkrav-kommunstyrelsen-2023-07-01", tmp_path / "a")
    expected = law / "expected.yaml"
    expected.write_text(re.sub(r"(?m)^ruleset:.*\n", "", expected.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, _ = run("test", str(tmp_path / "a"), "--engine", "python")
    assert code == 0, out
    programme = _copy("t2-dagen-da", tmp_path / "b")
    expected = programme / "expected.yaml"
    text = re.sub(r"(?m)^ruleset:.*\n", "", expected.read_text(encoding="utf-8"))
    expected.write_text(text, encoding="utf-8")
    code, out, _ = run("test", str(tmp_path / "b"), "--engine", "python", "--lang", "en")
    assert code == 1
    missing = [line.split(":")[0].strip() for line in out.splitlines()
               if "in the ruleset lagkrav-kommun but not in" in line]
    tsp, statutory = load_ruleset("tsp-2018-2021"), load_ruleset("lagkrav-kommun")
    assert missing and set(missing) <= set(statutory.obligation_ids) and not set(missing) & set(tsp.obligation_ids)
    code, out, _ = run("test", str(tmp_path / "b"), "--engine", "python", "--ruleset", "tsp-2018-2021")
    assert code == 0, out
    expected.write_text(text.replace("as_of:", "ruleset: [tsp-2018-2021]\nas_of:", 1), encoding="utf-8")
    code, out, _ = run("test", str(tmp_path / "b"), "--engine", "python")
    assert code == 0, out


def test_a_ruleset_named_in_a_scenario_is_a_bundled_id_or_a_file_beside_it(tmp_path: Path) -> None:
    case = _copy("t2-dagen-da", tmp_path)
    expected = case / "expected.yaml"
    text = expected.read_text(encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), start=1) if x.startswith("ruleset:"))
    shutil.copy(ROOT / "rulesets" / "tsp-2018-2021.yaml", case / "mine.yaml")
    expected.write_text(re.sub(r"(?m)^ruleset:.*$", "ruleset: mine.yaml", text), encoding="utf-8")
    code, out, err = run("test", str(tmp_path), "--engine", "python")
    assert code == 0, out + err
    expected.write_text(re.sub(r"(?m)^ruleset:.*$", "ruleset: nope", text), encoding="utf-8")
    code, _, err = run("test", str(tmp_path))
    assert code == 2
    assert err == (f"{expected}:{line}:10: ”nope” är varken ett medföljande regelverk (”lagkrav-kommun”, "
                   "”tsp-2018-2021”) eller en fil bredvid ”expected.yaml” [ruleset]\n")
