"""Rule coverage: over the golden scenarios and the fixtures, every obligation has been seen both ``met``
and ``gap``, and every exemption ground has been seen firing (deciding at least one finding).

The corpus is whatever exists: each ``tests/scenarios/<case>/`` with a ``profile.yaml`` and an
``expected.yaml`` (whose ``as_of`` is the check date), and every profile under ``fixtures/stockholm`` at
2019-11-30. The ruleset is the bundled one, or the file named by ``TSP_TEST_RULESET``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest
import yaml

from tsp_rules import Report, Ruleset, Status, check, load_profile, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "scenarios"
FIXTURES = ROOT / "fixtures" / "stockholm"
FIXTURE_DATE = dt.date(2019, 11, 30)
RULESET = load_ruleset(os.environ.get("TSP_TEST_RULESET") or None)


@attrs.frozen
class Case:
    label: str
    profile: Path
    as_of: dt.date


def _as_date(value: object, where: Path) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise AssertionError(f"{where}: as_of must be a date, got {value!r}")


def corpus(scenarios: Path = SCENARIOS, fixtures: Path = FIXTURES) -> list[Case]:
    cases = []
    for folder in sorted(p for p in scenarios.glob("*") if (p / "profile.yaml").is_file()):
        expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
        if expected.get("ruleset", RULESET.id) != RULESET.id:
            continue  # a scenario of another bundled ruleset (e.g. lagkrav-kommun)
        cases.append(Case(f"scenario {folder.name}", folder / "profile.yaml",
                          _as_date(expected["as_of"], folder / "expected.yaml")))
    for path in sorted(fixtures.glob("*.yaml")):
        cases.append(Case(f"fixture {path.stem}", path, FIXTURE_DATE))
    return cases


@attrs.frozen
class Coverage:
    seen: dict[str, set[Status]]
    fired: dict[str, set[str]]  # ground id -> labels of the cases where it decided a finding

    def missing_statuses(self, obligation: str, wanted: Iterable[Status] = (Status.MET, Status.GAP)) -> list[Status]:
        return [s for s in wanted if s not in self.seen.get(obligation, set())]


def coverage(reports: Iterable[tuple[str, Report]], ruleset: Ruleset) -> Coverage:
    seen: dict[str, set[Status]] = {ob: set() for ob in ruleset.obligation_ids}
    fired: dict[str, set[str]] = {g.id: set() for g in ruleset.grounds}
    for label, report in reports:
        for finding in report.findings:
            seen[finding.obligation].add(finding.status)
            for ground in (finding.exemption, finding.tailoring):
                if ground is not None:
                    fired[ground].add(label)
    return Coverage(seen, fired)


def _run(cases: list[Case], ruleset: Ruleset) -> Coverage:
    return coverage(((c.label, check([load_profile(c.profile, ruleset)], ruleset=ruleset, as_of=c.as_of,
                                     engine="python")) for c in cases), ruleset)


CASES = corpus()
COVERAGE = _run(CASES, RULESET)


def _seen(obligation: str) -> str:
    statuses = sorted(s.value for s in COVERAGE.seen[obligation])
    return f"seen as {', '.join(statuses) or 'nothing'} in {len(CASES)} cases"


@pytest.mark.parametrize("obligation", RULESET.obligation_ids)
def test_obligation_seen_met_and_gap(obligation: str) -> None:
    missing = COVERAGE.missing_statuses(obligation)
    assert not missing, (f"{obligation} never seen as {' or '.join(s.value for s in missing)} "
                         f"({_seen(obligation)}): add a golden scenario that shows it")


@pytest.mark.parametrize("ground", [g.id for g in RULESET.grounds])
def test_ground_seen_firing(ground: str) -> None:
    assert COVERAGE.fired[ground], (f"ground '{ground}' never decided a finding in {len(CASES)} cases: add a "
                                    "golden scenario where its condition holds")


def test_corpus_has_the_fixtures() -> None:
    assert sum(c.label.startswith("fixture ") for c in CASES) >= 2


def test_coverage_logic(tmp_path: Path) -> None:
    """The computation itself, on a corpus made here: what it counts and what it reports missing."""
    folder = tmp_path / "scenarios" / "one"
    folder.mkdir(parents=True)
    profile = next(FIXTURES.glob("*.yaml"))
    folder.joinpath("profile.yaml").write_text(profile.read_text(encoding="utf-8"), encoding="utf-8")
    folder.joinpath("expected.yaml").write_text("as_of: 2019-11-30\nobligations: {}\n", encoding="utf-8")
    (tmp_path / "scenarios" / "no-profile").mkdir()  # a folder without profile.yaml is not a case
    empty = tmp_path / "fixtures"
    empty.mkdir()
    cases = corpus(tmp_path / "scenarios", empty)
    assert cases == [Case("scenario one", folder / "profile.yaml", FIXTURE_DATE)]
    one = _run(cases, RULESET)
    report = check([load_profile(profile, RULESET)], ruleset=RULESET, as_of=FIXTURE_DATE, engine="python")
    for finding in report.findings:
        assert one.seen[finding.obligation] == {finding.status}
        others = {Status.MET, Status.GAP} - {finding.status}
        assert set(one.missing_statuses(finding.obligation)) == others
    decided = {g for f in report.findings for g in (f.exemption, f.tailoring) if g}
    assert {g for g, labels in one.fired.items() if labels} == decided
    assert all(labels <= {"scenario one"} for labels in one.fired.values())
    nothing = _run([], RULESET)
    assert all(nothing.missing_statuses(ob) == [Status.MET, Status.GAP] for ob in RULESET.obligation_ids)
    assert not any(nothing.fired.values())
