"""The law a finding cites is the version in force on the check date.

The Protective Security Act of 1996 (SFS 1996:627) and its ordinance (SFS 1996:633) applied until
2019-03-31; säkerhetsskyddslag (2018:585) from 2019-04-01 (the ruleset's `sources`, docs/sources.md). A
body covered by the legislation (the scenario bolag-sakerhetsskydd-utan-analys) must therefore see its FO5
findings cite the 1996 regime on a check date before 2019-04-01 and the 2018 act from that day on, in
the report's JSON (`findings[].citation`). The expected sources below are read from the ruleset's
obligations (FO5-SAKERHETSSKYDDSANALYS cites the 1996 ordinance, 5 §, then the 2018 act, 2 kap. 1 §;
FO5-SAKERHETSSKYDDSATGARDER cites the 1996 act, 5 §, then the 2018 act, first 2 kap. 2–4 §§, then 3 kap.).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tsp_rules import Ruleset, check
from tsp_rules.commands.cli import main
from tsp_rules.model.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
COVERED = Path(__file__).resolve().parent / "scenarios" / "bolag-sakerhetsskydd-utan-analys" / "profile.yaml"
RULESET_FILE = ROOT / "rulesets" / "tsp-2018-2021.yaml"

ORDINANCE_1996 = {"source": "sakerhetsskyddsforordningen-1996", "document": "SFS 1996:633", "section": "5 §"}
ACT_1996 = {"source": "sakerhetsskyddslagen-1996", "document": "SFS 1996:627", "section": "5 §"}
ACT_2018_ANALYSIS = {"source": "sakerhetsskyddslagen-2018", "document": "SFS 2018:585",
                     "section": "2 kap. 1 § (ordalydelsen ej verifierad)"}
ACT_2018_MEASURES = {"source": "sakerhetsskyddslagen-2018", "document": "SFS 2018:585",
                     "section": "2 kap. 2–4 §§ (informationssäkerhet, fysisk säkerhet och personalsäkerhet)"}

# check date -> obligation -> what its finding must cite
EXPECTED: dict[str, dict[str, dict[str, str]]] = {
    "2018-06-01": {"FO5-SAKERHETSSKYDDSANALYS": ORDINANCE_1996, "FO5-SAKERHETSSKYDDSATGARDER": ACT_1996},
    "2019-03-31": {"FO5-SAKERHETSSKYDDSANALYS": ORDINANCE_1996, "FO5-SAKERHETSSKYDDSATGARDER": ACT_1996},
    "2019-04-01": {"FO5-SAKERHETSSKYDDSANALYS": ACT_2018_ANALYSIS, "FO5-SAKERHETSSKYDDSATGARDER": ACT_2018_MEASURES},
    "2019-06-01": {"FO5-SAKERHETSSKYDDSANALYS": ACT_2018_ANALYSIS, "FO5-SAKERHETSSKYDDSATGARDER": ACT_2018_MEASURES},
}


def _fo5_citations(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["obligation"]: f for f in data["findings"] if f["obligation"].startswith("FO5-")}


@pytest.mark.parametrize("engine", ["durable", "python"])
@pytest.mark.parametrize("as_of", sorted(EXPECTED))
def test_fo5_findings_cite_the_law_in_force(as_of: str, engine: str, ruleset: Ruleset) -> None:
    profile = load_profile(COVERED, ruleset)
    report = check(profile, ruleset, as_of=as_of, engine=engine)
    data = json.loads(report.to_json())
    found = _fo5_citations(data)
    assert set(found) == set(EXPECTED[as_of])
    for oid, want in EXPECTED[as_of].items():
        finding = found[oid]
        assert finding["status"] == "gap", oid  # covered, so the obligation applies (and the profile has no analysis)
        citation = finding["citation"]
        assert {k: citation[k] for k in want} == want, (as_of, oid, citation)
        assert citation["provenance"] == "law"


@pytest.mark.parametrize("as_of,act", [("2018-06-01", "1996"), ("2019-06-01", "2018")])
def test_fo5_citation_in_the_cli_json(as_of: str, act: str) -> None:
    result = CliRunner().invoke(main, ["check", str(COVERED), "--as-of", as_of, "--format", "json",
                                       "--ruleset", "tsp-2018-2021"])
    assert result.exit_code == 1, result.stderr
    found = _fo5_citations(json.loads(result.stdout))
    # by date, both bundled rulesets are checked and the statutory ruleset owns the law duty: one finding, its
    both = CliRunner().invoke(main, ["check", str(COVERED), "--as-of", as_of, "--format", "json"])
    owners = {f["obligation"]: f["citation"]["document"] for f in json.loads(both.stdout)["findings"]
              if f["obligation"].startswith(("FO5-", "SSK-")) and f["status"] != "not_applicable"}
    assert not any(oid.startswith("FO5-") for oid in owners) and owners
    documents = {oid: f["citation"]["document"] for oid, f in found.items()}
    if act == "1996":
        assert documents == {"FO5-SAKERHETSSKYDDSANALYS": "SFS 1996:633", "FO5-SAKERHETSSKYDDSATGARDER": "SFS 1996:627"}
    else:
        assert documents == {"FO5-SAKERHETSSKYDDSANALYS": "SFS 2018:585", "FO5-SAKERHETSSKYDDSATGARDER": "SFS 2018:585"}


def _source_periods() -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """Each source's validity, read from the ruleset file itself (not through the library)."""
    raw = yaml.safe_load(RULESET_FILE.read_text(encoding="utf-8"))
    return {s["id"]: (s.get("valid_from"), s.get("valid_to")) for s in raw["sources"]}


@pytest.mark.parametrize("as_of", ["2018-06-01", "2019-03-31", "2019-04-01", "2019-06-01", "2020-01-01"])
def test_no_finding_cites_a_source_outside_its_period(as_of: str, ruleset: Ruleset) -> None:
    """For the covered body, every finding cites a source in force on the check date, or an undated one."""
    periods = _source_periods()
    day = dt.date.fromisoformat(as_of)
    report = check(load_profile(COVERED, ruleset), ruleset, as_of=as_of, engine="python")
    for finding in json.loads(report.to_json())["findings"]:
        source = finding["citation"]["source"]
        start, end = periods[source]
        assert (start is None or start <= day) and (end is None or day <= end), (as_of, finding["obligation"], source)
