"""The library API: load_ruleset, load_profile, check -> Report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import tsp_rules
from tsp_rules import Status, check, load_profile, load_ruleset

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "stockholm"


def test_public_api_is_curated() -> None:
    for name in ("check", "load_profile", "load_ruleset", "Report", "Finding", "Status", "InputError"):
        assert name in tsp_rules.__all__
    assert (Path(tsp_rules.__file__).parent / "py.typed").exists()


def test_check_accepts_objects_paths_and_folders() -> None:
    rs = load_ruleset()
    mhn = load_profile(FIXTURES / "miljo-och-halsoskyddsnamnden.yaml", rs)
    by_object = check([mhn], ruleset=rs, as_of=dt.date(2019, 11, 30))
    by_path = check(FIXTURES / "miljo-och-halsoskyddsnamnden.yaml", "tsp-2018-2021", as_of="2019-11-30")
    assert by_object.to_json() == by_path.to_json()
    everything = check([FIXTURES], as_of="2019-11-30")
    assert {p.id for p in everything.profiles} >= {"miljo-och-halsoskyddsnamnden"}
    assert everything.exit_code() == 1


def test_report_converts_to_the_json_contract_in_both_languages() -> None:
    report = check([FIXTURES / "miljo-och-halsoskyddsnamnden.yaml"], as_of="2019-11-30")
    sv, en = report.to_data("sv"), report.to_data("en")
    assert sv["findings"][0]["status"] == en["findings"][0]["status"]
    assert sv["findings"][0]["explanation"] != en["findings"][0]["explanation"]
    assert json.loads(report.to_json())["summary"]["findings"] == len(report.findings)
    assert all(isinstance(f.status, Status) for f in report.findings)


def test_duplicate_profile_ids_are_an_input_error(tmp_path: Path) -> None:
    source = (FIXTURES / "miljo-och-halsoskyddsnamnden.yaml").read_text(encoding="utf-8")
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(source, encoding="utf-8")
    with pytest.raises(tsp_rules.ProfileError, match="is also used by"):
        check([tmp_path], as_of="2019-11-30")


def test_check_date_outside_the_period_is_warned_about() -> None:
    report = check([FIXTURES / "miljo-och-halsoskyddsnamnden.yaml"], "tsp-2018-2021", as_of="2026-01-01")
    assert any(w.code == "as_of_outside_period" for w in report.warnings)


def test_unknown_engine_is_a_usage_error() -> None:
    with pytest.raises(tsp_rules.UsageError):
        check([], engine="drools")


def test_the_library_and_the_command_line_choose_the_same_rulesets() -> None:
    """The README's library snippet and its first command check the same rulesets and give the same
    findings: without a ruleset both use the bundled rulesets in force on the check date."""
    from click.testing import CliRunner

    from tsp_rules.commands.cli import main

    library = check(["fixtures/stockholm"], as_of="2019-11-30")
    result = CliRunner().invoke(main, ["check", "fixtures/stockholm", "--as-of", "2019-11-30", "--format", "json"])
    assert result.exit_code == library.exit_code() == 1
    command_line = json.loads(result.stdout)
    assert [r["id"] for r in command_line["rulesets"]] == [r.id for r in library.rulesets] \
        == ["tsp-2018-2021", "lagkrav-kommun"]
    assert [(f["profile"], f["ruleset"], f["obligation"], f["status"]) for f in command_line["findings"]] == \
        [(f.profile, f.ruleset, f.obligation, f.status.value) for f in library.findings]
    assert result.stdout == library.to_json()
    assert check(["fixtures/stockholm"], "tsp-2018-2021", as_of="2019-11-30").rulesets[0].reason == "given"
