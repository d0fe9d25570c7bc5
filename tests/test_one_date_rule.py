"""One rule for choosing rulesets (docs/cli.md, "Rulesets by date"): every command that takes ``--ruleset``
uses, without it, the bundled rulesets a check would use: those in force on the command's date (``new``,
``questionnaire``, like ``check``, ``city`` and ``due``), every bundled ruleset where a profile is only read
(``import``, ``schema profile``: what ``check`` accepts), each scenario's own or those in force on its date
(``test``, see tests/test_scenario_runner.py); ``remiss`` answers the ruleset sent out for consultation."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from tsp_rules import load_ruleset
from tsp_rules.commands.cli import main
from tsp_rules.model.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "stockholm" / "aldrenamnden.yaml"  # written for the programme (2019)
TSP, LAW = load_ruleset("tsp-2018-2021"), load_ruleset("lagkrav-kommun")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _trait_keys(path: Path) -> set[str]:
    sheet = load_workbook(path)["Egenskaper"]
    keys = {str(sheet.cell(row=r, column=1).value) for r in range(3, sheet.max_row + 1)}
    return {k.split(".", 1)[1].split("=")[0] for k in keys if k.startswith("traits.")}


def test_a_questionnaire_for_a_new_body_asks_about_the_rulesets_in_force(tmp_path: Path) -> None:
    today_ish = tmp_path / "2026.xlsx"
    code, _, err = run("questionnaire", "--kind", "bolag", "--name", "AB", "--as-of", "2026-06-01", "-o",
                       str(today_ish))
    assert code == 0, err
    assert _trait_keys(today_ish) == set(LAW.traits) - {"kind"}
    then = tmp_path / "2019.xlsx"
    assert run("questionnaire", "--kind", "bolag", "--name", "AB", "--as-of", "2019-11-30", "-o", str(then))[0] == 0
    assert _trait_keys(then) == (set(LAW.traits) | set(TSP.traits)) - {"kind"}
    title = load_workbook(then).properties.title
    assert title.endswith(f"(tsp-2018-2021 {TSP.version} och lagkrav-kommun {LAW.version})")


def test_a_profile_of_another_period_keeps_all_it_holds_through_the_workbook(tmp_path: Path) -> None:
    """Today only the statutory ruleset is in force, but a profile written for the programme holds its traits
    and evidence: the workbook asks about both rulesets, and import (every bundled ruleset by default) gives
    back the same profile."""
    workbook = tmp_path / "enkat.xlsx"
    code, _, err = run("questionnaire", str(FIXTURE), "--as-of", "2026-06-01", "-o", str(workbook))
    assert code == 0, err
    assert _trait_keys(workbook) == (set(LAW.traits) | set(TSP.traits)) - {"kind"}
    out = tmp_path / "back.yaml"
    code, _, err = run("import", str(workbook), "-o", str(out))
    assert code == 0, err
    original, back = load_profile(FIXTURE, TSP), load_profile(out, TSP)
    known = {k: v for k, v in back.traits.items() if v != "unassessed"}  # asked, left blank: not known, as absent
    assert known == {k: v for k, v in original.traits.items() if v != "unassessed"}
    assert set(back.traits) - set(original.traits) <= set(LAW.traits)
    assert [(e.kind, e.date, e.reference) for e in back.evidence or ()] == \
        [(e.kind, e.date, e.reference) for e in original.evidence or ()]
    code, _, err = run("import", str(workbook), "--ruleset", "lagkrav-kommun")  # strict when named
    assert code == 2 and "okänd" in err


def test_a_workbook_of_one_ruleset_imports_without_the_traits_it_does_not_ask_about(tmp_path: Path) -> None:
    workbook = tmp_path / "enkat.xlsx"
    assert run("questionnaire", "--kind", "facknamnd", "--name", "N", "--as-of", "2026-06-01", "-o",
               str(workbook))[0] == 0
    code, text, err = run("import", str(workbook))
    assert code == 0, err
    assert set(yaml.safe_load(text)["traits"]) == set(LAW.traits) - {"kind"}  # not the programme's as unassessed


def test_schema_of_a_profile_knows_every_bundled_ruleset_by_default() -> None:
    code, text, _ = run("schema", "profile")
    assert code == 0
    traits = set(json.loads(text)["properties"]["traits"]["properties"])
    assert traits == (set(TSP.traits) | set(LAW.traits)) - {"kind"}
    assert text == run("schema", "profile", "--ruleset", "tsp-2018-2021", "--ruleset", "lagkrav-kommun")[1]


def test_remiss_answers_the_ruleset_sent_out_for_consultation() -> None:
    """Not chosen by date: the remiss of 2017 concerns the programme 2018–2021 as proposed."""
    code, text, _ = run("remiss", str(FIXTURE), "--datum", "2017-11-01")
    assert code == 0 and text == run("remiss", str(FIXTURE), "--datum", "2017-11-01", "--ruleset", "tsp-2018-2021")[1]
    assert "trygghets- och säkerhetsprogram" in text.lower()


def test_a_workbook_made_with_the_rulesets_in_another_order_imports_the_same(tmp_path: Path) -> None:
    """Both bundled rulesets title the crisis plan and its role differently: the workbook shows the first one's
    words, and import (every bundled ruleset, in its own order) reads either."""
    workbook = tmp_path / "enkat.xlsx"
    code, _, err = run("questionnaire", str(FIXTURE), "--ruleset", "lagkrav-kommun", "--ruleset", "tsp-2018-2021",
                       "--as-of", "2019-11-30", "-o", str(workbook))
    assert code == 0, err
    out = tmp_path / "back.yaml"
    code, _, err = run("import", str(workbook), "-o", str(out))
    assert code == 0, err
    original, back = load_profile(FIXTURE, TSP), load_profile(out, TSP)
    assert [(e.kind, e.date, e.content) for e in back.evidence or ()] == \
        [(e.kind, e.date, e.content) for e in original.evidence or ()]
