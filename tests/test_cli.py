"""tsp-check through click's CliRunner: exit codes, formats, languages, errors, the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tsp_rules import __version__
from tsp_rules.commands.cli import main

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
MHN = FIXTURES / "miljo-och-halsoskyddsnamnden.yaml"
FINDING_KEYS = {"profile", "obligation", "status", "tailoring", "exemption", "waiver", "reasons", "explanation",
                "citation"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_json_report_has_the_contract_and_a_finding_per_obligation() -> None:
    code, out, _ = run("check", *TSP, str(FIXTURES), "--as-of", "2019-11-30", "--format", "json")
    assert code == 1  # the fixtures have gaps
    data = json.loads(out)
    assert data["schema_version"] == "1.4" and data["as_of"] == "2019-11-30" and data["engine"] == "durable"
    assert set(data["ruleset"]) == {"id", "version", "digest"}
    obligations = {f["obligation"] for f in data["findings"]}
    profiles = {p["id"] for p in data["profiles"]}
    assert len(data["findings"]) == len(obligations) * len(profiles)
    for finding in data["findings"]:
        assert set(finding) >= FINDING_KEYS
        assert finding["explanation"] and finding["citation"]["section"]
    counts = data["summary"]
    assert sum(counts[s] for s in ("met", "gap", "not_assessed", "not_applicable", "waived")) == counts["findings"]


def test_miljo_fo5_is_not_applicable_with_the_security_act_ground() -> None:
    code, out, _ = run("check", *TSP, str(MHN), "--as-of", "2019-11-30", "--format", "json")
    fo5 = [f for f in json.loads(out)["findings"] if f["obligation"].startswith("FO5-")]
    assert fo5 and all(f["status"] == "not_applicable" for f in fo5)
    assert {f["exemption"] for f in fo5} == {"not-covered-by-security-protection-act"}
    assert code == 1


def test_removing_the_trait_makes_fo5_not_assessed(tmp_path: Path) -> None:
    data = yaml.safe_load(MHN.read_text(encoding="utf-8"))
    del data["traits"]["covered_by_security_protection_act"]
    changed = tmp_path / "mhn.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, out, _ = run("check", *TSP, str(changed), "--as-of", "2019-11-30", "--format", "json")
    fo5 = [f for f in json.loads(out)["findings"] if f["obligation"].startswith("FO5-")]
    assert {f["status"] for f in fo5} == {"not_assessed"}
    assert all(f["exemption"] is None for f in fo5)


def test_same_inputs_give_byte_identical_output() -> None:
    first = run("check", *TSP, str(FIXTURES), "--as-of", "2019-11-30", "--format", "json")[1]
    second = run("check", *TSP, str(FIXTURES), "--as-of", "2019-11-30", "--format", "json")[1]
    assert first == second


def test_text_is_swedish_by_default_and_english_on_request() -> None:
    _, sv, _ = run("check", *TSP, str(MHN), "--as-of", "2019-11-30")
    _, en, _ = run("check", *TSP, str(MHN), "--as-of", "2019-11-30", "--lang", "en")
    assert "EJ TILLÄMPLIGT" in sv and "Sammanfattning (en nämnd eller ett bolag)" in sv
    assert "NOT APPLICABLE" in en and "Summary" in en


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run("check", *TSP, str(MHN), "--as-of", "2019-11-30", "--format", "json", "-o", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["profiles"][0]["id"] == "miljo-och-halsoskyddsnamnden"


def test_bad_profile_exits_2_with_located_problems_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("profile: {id: x, name: X, kind: facknamnd}\ntraits:\n  geografic_area: true\n", encoding="utf-8")
    target = tmp_path / "out.json"
    code, out, err = run("check", *TSP, str(bad), "--as-of", "2019-11-30", "-o", str(target))
    assert code == 2 and out == "" and not target.exists()
    assert f"{bad}:3:3: okänd egenskap ”geografic_area” (menade du ”geographic_area”?)" in err
    assert "Traceback" not in err


def test_unknown_obligation_in_decision_is_an_input_error(tmp_path: Path) -> None:
    data = yaml.safe_load(MHN.read_text(encoding="utf-8"))
    data["decisions"] = [{"obligation": "ARB-SAKERHETSSAMORDNAR", "reference": "X", "decided_by": "SLK",
                          "decided_on": "2019-01-01", "valid_until": "2020-01-01", "justification": "J"}]
    bad = tmp_path / "mhn.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, _, err = run("check", *TSP, str(bad), "--as-of", "2019-11-30")
    assert code == 2 and "(menade du ”ARB-SAKERHETSSAMORDNARE”?)" in err and f"{bad}:" in err


@pytest.mark.parametrize("args", [
    ["check"], ["check", *TSP, "nonexistent.yaml"], ["check", str(MHN), "--as-of", "2019-02-30"],
    ["check", *TSP, str(MHN), "--format", "pdf"], ["nope"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args)[0] == 2


def test_unknown_ruleset_exits_2() -> None:
    code, _, err = run("check", str(MHN), "--ruleset", "tsp-2018-2012")
    assert code == 2 and "(menade du ”tsp-2018-2021”?)" in err


def test_internal_error_exits_3_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import tsp_rules.commands.check as check_command

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(check_command, "run_streaming", boom)
    code, _, err = run("check", *TSP, str(MHN))
    assert code == 3 and err.strip().count("\n") == 0 and "internt fel: RuntimeError: boom" in err
    code, _, err = run("--debug", "check", *TSP, str(MHN))
    assert code == 3 and "Traceback" in err


def test_exit_0_when_nothing_is_a_gap_or_unassessed(tmp_path: Path) -> None:
    from tsp_rules import load_ruleset

    waivable = [ob for ob in load_ruleset().obligation_ids if not ob.startswith("FO5-")]
    clean = tmp_path / "clean.yaml"
    clean.write_text(yaml.safe_dump({
        "profile": {"id": "ren", "name": "Ren", "kind": "bolag"},
        "traits": {"covered_by_security_protection_act": False},
        "evidence": [],
        "decisions": [{"obligation": ob, "reference": f"Illustrativt {ob}", "decided_by": "SLK",
                       "decided_on": "2019-01-01", "valid_until": "2021-01-01", "justification": "Test"}
                      for ob in waivable],
    }), encoding="utf-8")
    code, out, _ = run("check", *TSP, str(clean), "--as-of", "2019-11-30", "--format", "json")
    statuses = {f["status"] for f in json.loads(out)["findings"]}
    assert statuses == {"waived", "not_applicable"}
    assert code == 0


def test_schema_profile_lists_the_ruleset_traits() -> None:
    code, out, _ = run("schema", "profile")
    schema = json.loads(out)
    assert code == 0 and "covered_by_security_protection_act" in schema["properties"]["traits"]["properties"]
    assert schema["properties"]["traits"]["additionalProperties"] is False
