"""Every JSON report the suite can produce validates against ``tsp-check schema report``: the fixtures
(both engines, both languages, many check dates), each golden scenario under tests/scenarios/, and the
inline samples with every status, waivers and warnings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tsp_rules import Report, check, load_ruleset
from tsp_rules.checking.check import report_from_results
from tsp_rules.checking.findings import _MACHINE_KEYS
from tsp_rules.checking.schemas import _REASON_DATA, report_schema
from tsp_rules.commands.cli import main

from .report_samples import AS_OF, DISTRICT, SPECIALIST, mini_report

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*/profile.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    code_out = CliRunner().invoke(main, ["schema", "report"])
    schema = json.loads(code_out.stdout)
    assert schema == report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _valid(validator: jsonschema.protocols.Validator, data: Any) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def _json(report: Report, lang: str) -> Any:
    return json.loads(report.to_json(lang))  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["durable", "python"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_fixture_reports_through_the_cli(validator: jsonschema.protocols.Validator, engine: str, lang: str) -> None:
    result = CliRunner().invoke(main, ["check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--format", "json",
                                       "--engine", engine, "--lang", lang])
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    _valid(validator, data)
    assert data["summary"]["findings"] == len(data["findings"]) > 0


def _scenario_as_of(folder: Path) -> str:
    for other in sorted(folder.glob("*.yaml")):
        if other.name == "profile.yaml":
            continue
        data = yaml.safe_load(other.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("as_of"):
            return str(data["as_of"])
    return AS_OF


def test_golden_scenario_reports(validator: jsonschema.protocols.Validator) -> None:
    """Each golden scenario that exists (tests/scenarios/<case>/profile.yaml), in both languages."""
    for profile in SCENARIOS:
        expected = yaml.safe_load((profile.parent / "expected.yaml").read_text(encoding="utf-8"))
        ruleset = expected.get("ruleset") if isinstance(expected, dict) else None  # e.g. lagkrav-kommun
        report = check([profile], ruleset=ruleset, as_of=_scenario_as_of(profile.parent), engine="python")
        for lang in ("sv", "en"):
            _valid(validator, _json(report, lang))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_inline_samples_with_every_status(validator: jsonschema.protocols.Validator, lang: str) -> None:
    report = mini_report()
    assert all(n > 0 for n in report.counts.values())
    data = _json(report, lang)
    _valid(validator, data)
    assert any("data" in r for f in data["findings"] for r in f["reasons"])


WAIVERS = SPECIALIST.replace("""decisions:
  - obligation: ARB-ANALYS""", """decisions:
  - obligation: FO2-EXTREMISM
    reference: "SLK 2019/9"
    decided_by: Stadsledningskontoret
    decided_on: 2019-01-01
    valid_until: 2020-01-10
    justification: Ej tillämpligt ändå.
  - obligation: ARB-PLAN
    reference: "SLK 2018/2"
    decided_by: Stadsledningskontoret
    decided_on: 2018-01-01
    valid_until: 2018-12-31
    justification: Gick ut.
  - obligation: ARB-ANALYS""")


def test_warnings_validate(validator: jsonschema.protocols.Validator) -> None:
    report = mini_report(WAIVERS)
    codes = {w.code for w in report.warnings}
    assert {"waiver_expired", "waiver_not_applicable"} <= codes
    _valid(validator, _json(report, "sv"))
    late = check([FIXTURES], "tsp-2018-2021", as_of="2024-06-01", engine="python")  # outside the ruleset's period
    assert "as_of_outside_period" in {w.code for w in late.warnings}
    _valid(validator, _json(late, "en"))


def test_an_empty_report_validates(validator: jsonschema.protocols.Validator, tmp_path: Path) -> None:
    # checking no profile is a usage error now; an empty report (as a library caller may build) still validates
    empty = report_from_results([], load_ruleset(), dt.date.fromisoformat(AS_OF), "python")
    _valid(validator, _json(empty, "sv"))


SOME_FIXTURES = sorted(FIXTURES.glob("*.yaml"))[::6]  # a spread of the bodies keeps each example quick


@settings(max_examples=20)
@given(day=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2023, 12, 31)),
       lang=st.sampled_from(["sv", "en"]))
def test_any_check_date_validates(validator: jsonschema.protocols.Validator, day: dt.date, lang: str) -> None:
    _valid(validator, _json(check(SOME_FIXTURES, "tsp-2018-2021", as_of=day, engine="python"), lang))
    _valid(validator, _json(mini_report(SPECIALIST, DISTRICT, WAIVERS.replace("tillsynsnamnden", "other"),
                                        as_of=day), lang))


def test_the_schema_rejects_what_the_contract_forbids(validator: jsonschema.protocols.Validator) -> None:
    data = _json(mini_report(), "sv")
    bad_status = json.loads(json.dumps(data))
    bad_status["findings"][0]["status"] = "passed"
    assert not validator.is_valid(bad_status)
    extra = json.loads(json.dumps(data))
    extra["findings"][0]["score"] = 1
    assert not validator.is_valid(extra)
    exempt_but_met = json.loads(json.dumps(data))
    f = next(f for f in exempt_but_met["findings"] if f["exemption"])
    f["status"] = "met"
    assert not validator.is_valid(exempt_but_met)
    wrong_version = json.loads(json.dumps(data))
    wrong_version["schema_version"] = "2.0"
    assert not validator.is_valid(wrong_version)


def test_the_schema_knows_every_machine_readable_reason_key() -> None:
    assert set(_REASON_DATA) == _MACHINE_KEYS
    assert set(report_schema()["$defs"]["reason"]["properties"]["data"]["properties"]) == _MACHINE_KEYS
