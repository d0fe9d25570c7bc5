"""Both back ends give the same findings on many synthetic profiles, at check dates across the period.

Guards the durable compiler's optimisations (direct joins for requirements whose items name distinct
evidence kinds, evidence facts that can match no rule left out, lazily resolved recency).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tsp_rules import Ruleset, check
from tsp_rules.model.profile import profile_from_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


# dates across the period, on both sides of the day the security parts were replaced (2020-03-23) and on the
# ruleset's last day (2021-04-11)
@pytest.mark.parametrize("as_of", ["2018-03-15", "2019-09-30", "2019-11-30", "2020-03-22", "2020-10-01", "2021-04-11"])
def test_durable_and_python_agree_on_synthetic_profiles(as_of: str, ruleset: Ruleset) -> None:
    profiles = [profile_from_text(text, name, ruleset)
                for name, text in synthetic.iter_profile_texts(ruleset, 150, seed=int(as_of.replace("-", "")) % 1000)]
    durable = check(profiles, ruleset, as_of, "durable")
    python = check(profiles, ruleset, as_of, "python")
    assert durable.engine == "durable"
    assert durable.findings == python.findings
    assert durable.warnings == python.warnings
    statuses = {f.status.value for f in durable.findings}
    assert {"met", "gap", "not_assessed", "not_applicable"} <= statuses  # the sample exercises the paths


ENGINE_PATHS = ROOT / "tests" / "data" / "rulesets" / "engine-paths.yaml"


def test_engines_agree_on_every_compiler_path() -> None:
    """Shared-kind items (derived facts), distinct-kind items (direct joins), tailoring, every cadence."""
    from tsp_rules import load_ruleset

    rs = load_ruleset(ENGINE_PATHS)
    seen: set[tuple[str, str, str | None]] = set()
    for as_of in ("2018-02-01", "2019-09-29", "2019-10-01", "2019-11-30", "2020-11-01"):
        profiles = [profile_from_text(text, name, rs) for name, text in
                    synthetic.iter_profile_texts(rs, 200, seed=int(as_of.replace("-", "")) % 977)]
        durable = check(profiles, rs, as_of, "durable")
        python = check(profiles, rs, as_of, "python")
        assert durable.findings == python.findings, as_of
        seen |= {(f.obligation, f.status.value, f.tailoring) for f in durable.findings}
    for ob in ("OB-SAME-KIND", "OB-OVERLAP", "OB-DISJOINT", "OB-COVERED"):  # the sample reaches every path
        assert {(ob, "met"), (ob, "gap")} <= {(o, s) for o, s, _ in seen}, ob
    assert ("OB-DISJOINT", "met", "low-risk") in seen and ("OB-DISJOINT", "gap", "low-risk") in seen
