"""The benchmark's hand-written baseline decides exactly what the python engine decides.

``benchmarks/baseline.py`` writes the shipped ruleset's obligations out as plain if/else Python; the
benchmark's ratios only mean something if it does the same work. It must cover every obligation of the
bundled ruleset (a new obligation makes this fail until the baseline is extended) and agree with the
python engine on synthetic profiles and on every fixture, at check dates around the T2 date, the RSA
due date and month ends.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import pytest

from tsp_rules import Ruleset
from tsp_rules.checking.check import evaluate
from tsp_rules.model.profile import Profile, iter_profile_paths, load_profile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import baseline  # noqa: E402
import synthetic  # noqa: E402

DATES = ["2018-03-31", "2019-09-29", "2019-09-30", "2019-10-31", "2019-11-30", "2019-12-31", "2020-02-29",
         "2020-03-23", "2021-04-11", "2021-12-31"]


def _python(profile: Profile, ruleset: Ruleset, day: dt.date) -> dict[str, str]:
    return {f.obligation: f.status.value for f in evaluate(profile, ruleset, day, "python").findings}


def test_baseline_covers_every_obligation(ruleset: Ruleset) -> None:
    assert sorted(baseline.COVERS) == sorted(ruleset.obligation_ids)


@pytest.mark.parametrize("as_of", DATES)
def test_baseline_agrees_with_the_python_engine_on_synthetic_profiles(as_of: str, ruleset: Ruleset) -> None:
    day = dt.date.fromisoformat(as_of)
    seen: Counter[str] = Counter()
    for i in range(120):
        profile = synthetic.profile_object(ruleset, i, seed=day.toordinal() % 1000, as_of=day)
        want = _python(profile, ruleset, day)
        assert baseline.evaluate(profile, day) == want, profile.id
        seen.update(want.values())
    if day <= ruleset.valid_to:
        assert {"met", "gap", "not_assessed", "not_applicable", "waived"} <= set(seen)
    else:  # after the ruleset's period every obligation is superseded
        assert set(seen) == {"not_applicable"}


def test_baseline_agrees_with_the_python_engine_on_the_fixtures(ruleset: Ruleset) -> None:
    paths = list(iter_profile_paths([ROOT / "fixtures" / "stockholm"]))  # the baseline encodes tsp-2018-2021
    assert len(paths) >= 40
    for path in paths:
        profile = load_profile(path, ruleset)
        for as_of in DATES:
            day = dt.date.fromisoformat(as_of)
            assert baseline.evaluate(profile, day) == _python(profile, ruleset, day), (path.name, as_of)
