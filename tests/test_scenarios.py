"""Golden scenarios: tests/scenarios/<case>/profile.yaml checked as of expected.yaml's date must give,
for every obligation, the expected status and tailoring (and, where stated, exempting ground, waiver
and reason codes), and the expected warnings — with both engines.

The expected files are written by reading the rules, for people who read rules rather than code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from tsp_rules import Ruleset, check, load_ruleset
from tsp_rules.model.profile import load_profile

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
CASES = sorted(p.name for p in SCENARIOS.iterdir() if (p / "expected.yaml").is_file())
ALLOWED_KEYS = {"status", "tailoring", "exemption", "waiver", "reasons", "citation"}

def _expected(case: str) -> dict[str, Any]:
    data = yaml.safe_load((SCENARIOS / case / "expected.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_there_are_scenarios() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("engine", ["durable", "python"])
@pytest.mark.parametrize("case", CASES)
def test_scenario(case: str, engine: str, ruleset: Ruleset) -> None:
    expected = _expected(case)
    if "ruleset" in expected:  # a scenario of another bundled ruleset names it (default: tsp-2018-2021)
        ruleset = load_ruleset(expected["ruleset"])
    as_of = expected["as_of"]
    assert isinstance(as_of, dt.date)
    profile = load_profile(SCENARIOS / case / "profile.yaml", ruleset)
    assert profile.illustrative, "scenario profiles are illustrative and say so"
    report = check(profile, ruleset, as_of=as_of, engine=engine)
    found = {f.obligation: f for f in report.findings}
    wanted: dict[str, dict[str, Any]] = expected["obligations"]
    assert list(wanted) == list(ruleset.obligation_ids), "expected.yaml lists every obligation, in catalogue order"
    mismatches = []
    for oid, want in wanted.items():
        assert set(want) <= ALLOWED_KEYS and {"status", "tailoring"} <= set(want), oid
        f = found[oid]
        got = {"status": f.status.value, "tailoring": f.tailoring, "exemption": f.exemption, "waiver": f.waiver,
               "reasons": [r.code for r in f.reasons],
               "citation": f.citation.source.id if f.citation.source is not None else None}
        got_keys = {k: got[k] for k in want}
        if "exemption" not in want:
            assert f.exemption is None or f.status.value == "not_applicable", oid
        if got_keys != want:
            mismatches.append(f"{oid}: expected {want}, got {got_keys}")
    assert not mismatches, "\n".join(mismatches)
    warnings = [{"code": w.code, "obligation": w.obligation} for w in report.warnings]
    assert warnings == expected.get("warnings", [])
    assert report.exit_code() == expected["exit_code"]
