"""``tsp-check diff OLD.json NEW.json``: hand-made reports with one change of each kind, the fixtures'
reviews of 2019 and 2020 against single-profile checks and their decisions, formats, exit codes, errors."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tsp_rules import Ruleset, check
from tsp_rules.commands.cli import main
from tsp_rules.cycle.diff import categorize, compare, side_from_data

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"


def finding(profile: str, obligation: str, status: str, waiver: str | None = None) -> dict[str, Any]:
    return {"profile": profile, "obligation": obligation, "focus_area": obligation.split("-")[0],
            "title": f"Title of {obligation}", "status": status, "tailoring": None, "exemption": None,
            "waiver": waiver, "reasons": [], "explanation": "", "citation": {}}


def report(as_of: str, version: str, bodies: list[str], findings: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema_version": "1.0", "ruleset": {"id": "rs", "version": version, "digest": "sha256:0"},
            "as_of": as_of, "engine": "python", "lang": "sv",
            "profiles": [{"id": b, "name": f"Body {b.upper()}", "kind": "facknamnd", "illustrative": True}
                         for b in bodies],
            "findings": findings, "warnings": [], "summary": {}}


# (obligation, old status, old waiver, new status, new waiver, expected category or None)
TRANSITIONS = [
    ("O01", "met", None, "gap", None, "new_gap"),
    ("O02", "gap", None, "met", None, "closed_gap"),
    ("O03", "met", None, "waived", "SLK 1", "waiver_granted"),
    ("O04", "waived", "SLK 2", "met", None, "waiver_expired"),
    ("O05", "waived", "SLK 3", "gap", None, "new_gap"),
    ("O06", "met", None, "not_applicable", None, "other"),
    ("O07", "met", None, "not_assessed", None, "new_not_assessed"),
    ("O08", "waived", "SLK 4", "waived", "SLK 5", "waiver_granted"),
    ("O09", "met", None, "met", None, None),
    ("O10", "gap", None, "gap", None, None),
    ("O11", "not_assessed", None, "not_assessed", None, None),
    ("O12", "gap", None, "waived", "SLK 6", "waiver_granted"),
    ("O13", "waived", "SLK 7", "not_applicable", None, "waiver_expired"),
    ("O14", "not_assessed", None, "gap", None, "new_gap"),
    ("O15", "gap", None, "not_assessed", None, "new_not_assessed"),
    ("O16", "not_assessed", None, "met", None, "other"),
]


def made_up_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    old = [finding("a", o, s, w) for o, s, w, _, _, _ in TRANSITIONS]
    new = [finding("a", o, s, w) for o, _, _, s, w, _ in TRANSITIONS]
    old.append(finding("a", "GONE", "gap"))  # obligation removed
    new += [finding("a", "NEW1", "gap"), finding("a", "NEW2", "met")]  # obligations added
    old.append(finding("b", "O01", "gap"))  # body b removed
    new += [finding("c", "O01", "gap"), finding("c", "O02", "met")]  # body c added
    return report("2019-11-30", "1.0.0", ["a", "b"], old), report("2020-11-30", "2.0.0", ["a", "c"], new)


def write_pair(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> tuple[Path, Path]:
    paths = tmp_path / "old.json", tmp_path / "new.json"
    for path, data in zip(paths, (old, new), strict=True):
        path.write_text(json.dumps(data), encoding="utf-8")
    return paths


def test_each_transition_has_its_category() -> None:
    old, new = made_up_pair()
    d = compare(side_from_data(old, "old.json"), side_from_data(new, "new.json"))
    got = {(c.profile, c.obligation): c.category for c in d.changes}
    expected = {("a", o): cat for o, _, _, _, _, cat in TRANSITIONS if cat}
    expected |= {("a", "NEW1"): "new_gap", ("c", "O01"): "new_gap"}
    assert got == expected
    assert d.obligations_added == (("rs", "NEW1", "Title of NEW1"), ("rs", "NEW2", "Title of NEW2"))
    assert d.obligations_removed == (("rs", "GONE", "Title of GONE"),)
    assert [b.id for b in d.bodies_added] == ["c"] and [b.id for b in d.bodies_removed] == ["b"]
    assert d.has_regression() and d.exit_code() == 1
    o05 = next(c for c in d.changes if c.obligation == "O05")
    assert (o05.old_status, o05.old_waiver, o05.new_status) == ("waived", "SLK 3", "gap")


def test_categories_in_general() -> None:
    """The category follows from the two statuses alone, whatever the titles."""
    from tsp_rules.cycle.diff import Row

    statuses = ["met", "gap", "not_assessed", "not_applicable", "waived"]
    for before in statuses:
        for after in statuses:
            old, new = Row("t", "A", before, "W" if before == "waived" else None), \
                Row("t", "A", after, "W" if after == "waived" else None)
            category = categorize(old, new)
            if before == after:
                assert category is None
            elif after == "gap":
                assert category == "new_gap"
            elif after == "not_assessed":
                assert category == "new_not_assessed"
            else:
                assert category is not None and category not in ("new_gap", "new_not_assessed")


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    old_path, new_path = write_pair(tmp_path, *made_up_pair())
    runner = CliRunner()
    text = runner.invoke(main, ["diff", str(old_path), str(new_path)])
    assert text.exit_code == 1, text.stderr
    assert "Nya brister (5)" in text.stdout and "Åtgärdade brister (1)" in text.stdout
    assert "O05 – Title of O05: undantaget genom beslut SLK 3 → brist" in text.stdout
    assert "olika versioner av regelverket (rs 1.0.0 och rs 2.0.0)" in text.stdout
    english = runner.invoke(main, ["diff", str(old_path), str(new_path), "--lang", "en"])
    assert "New gaps (5)" in english.stdout and "Closed gaps (1)" in english.stdout
    data = json.loads(runner.invoke(main, ["diff", str(old_path), str(new_path), "--format", "json"]).stdout)
    assert data["regression"] is True and data["summary"]["new_gap"] == 5
    assert data["summary"]["closed_gap"] == 1 and data["summary"]["bodies_added"] == 1
    assert data["bodies_removed"] == [{"id": "b", "name": "Body B", "kind": "facknamnd",
                                       "counts": {"met": 0, "gap": 1, "not_assessed": 0, "not_applicable": 0,
                                                  "waived": 0}}]
    markdown = runner.invoke(main, ["diff", str(old_path), str(new_path), "--format", "markdown"]).stdout
    assert markdown.startswith("# Förändringar mellan två granskningar") and "## Nya brister (5)" in markdown
    page = runner.invoke(main, ["diff", str(old_path), str(new_path), "--format", "html"]).stdout
    parser = HTMLParser()
    parser.feed(page)
    assert page.count("<tr>") == page.count("</tr>") and "<h2 id=\"new_gap\">" in page
    again = runner.invoke(main, ["diff", str(old_path), str(new_path), "--format", "html"]).stdout
    assert again == page


def test_no_regression_exits_0(tmp_path: Path) -> None:
    old = report("2019-11-30", "1", ["a"], [finding("a", "O1", "gap"), finding("a", "O2", "met")])
    new = report("2020-11-30", "1", ["a"], [finding("a", "O1", "met"), finding("a", "O2", "waived", "SLK")])
    old_path, new_path = write_pair(tmp_path, old, new)
    result = CliRunner().invoke(main, ["diff", str(old_path), str(new_path)])
    assert result.exit_code == 0, result.output
    assert "Inga nya brister" in result.stdout
    same = CliRunner().invoke(main, ["diff", str(old_path), str(old_path)])
    assert same.exit_code == 0 and "Inga förändringar." in same.stdout


def test_bad_reports_exit_2_naming_file_and_field_and_write_nothing(tmp_path: Path) -> None:
    good = report("2019-11-30", "1", ["a"], [finding("a", "O1", "gap")])
    bad = report("2019-11-30", "1", ["a"], [finding("a", "O1", "broken")])
    del bad["findings"][0]["title"]
    good_path, bad_path = write_pair(tmp_path, good, bad)
    syntax = tmp_path / "syntax.json"
    syntax.write_text('{"a": 1,\n  oops}', encoding="utf-8")
    out = tmp_path / "diff.txt"
    result = CliRunner().invoke(main, ["diff", str(syntax), str(bad_path), "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{syntax}:2:3: inte JSON") for line in lines), lines
    assert any(line.startswith(f"{bad_path}:") and "[findings[0].title]" in line for line in lines), lines
    assert not out.exists() and "Traceback" not in result.output
    assert CliRunner().invoke(main, ["diff", str(good_path), str(tmp_path / "missing.json")]).exit_code == 2


@pytest.fixture(scope="module")
def fixture_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("reviews")
    paths = []
    for day in ("2019-11-30", "2020-11-30"):
        path = folder / f"{day}.json"
        result = CliRunner().invoke(main, ["check", *TSP, str(FIXTURES), "--as-of", day, "--format", "json",
                                           "--engine", "python", "-o", str(path)])
        assert result.exit_code in (0, 1), result.output
        paths.append(path)
    return paths[0], paths[1]


BODIES = ["valnamnden", "skarpnacks-stadsdelsnamnd", "stockholm-vatten-och-avfall"]


@pytest.mark.parametrize("body", BODIES)
def test_fixture_reviews_2019_and_2020(body: str, fixture_reports: tuple[Path, Path], ruleset: Ruleset) -> None:
    """Every change listed for a body is one between its own checks on the two dates, and every change
    of status is listed; a decision that ran out between the reviews shows as no longer waiving."""
    result = CliRunner().invoke(main, ["diff", *map(str, fixture_reports), "--format", "json"])
    data = json.loads(result.stdout)
    path = FIXTURES / f"{body}.yaml"
    before = {f.obligation: f for f in check(path, ruleset, as_of="2019-11-30", engine="python").findings}
    after = {f.obligation: f for f in check(path, ruleset, as_of="2020-11-30", engine="python").findings}
    listed = {c["obligation"]: c for c in data["changes"] if c["profile"] == body}
    changed = {o for o in after if (before[o].status, before[o].waiver) != (after[o].status, after[o].waiver)}
    assert set(listed) == changed
    for oid, change in listed.items():
        assert (change["old_status"], change["new_status"]) == (before[oid].status.value, after[oid].status.value)
        assert (change["category"] == "new_gap") == (after[oid].status.value == "gap")
    decisions = yaml.safe_load(path.read_text(encoding="utf-8")).get("decisions") or []
    lapsed = [d for d in decisions if dt.date(2019, 11, 30) <= d["valid_until"] < dt.date(2020, 11, 30)]
    for decision in lapsed:
        oid = decision["obligation"]
        if before[oid].status.value == "waived":
            assert listed[oid]["old_waiver"] == decision["reference"]
            assert listed[oid]["category"] in ("waiver_expired", "new_gap", "new_not_assessed")
    assert result.exit_code == (1 if any(c["category"] in ("new_gap", "new_not_assessed")
                                         for c in data["changes"]) else 0)


def test_fixture_reviews_include_a_lapsed_decision(ruleset: Ruleset) -> None:
    """The test above is not vacuous: some fixture waived on 2019-11-30 has its decision run out by 2020."""
    lapsing = 0
    for body in BODIES:
        path = FIXTURES / f"{body}.yaml"
        before = {f.obligation: f for f in check(path, ruleset, as_of="2019-11-30", engine="python").findings}
        for d in yaml.safe_load(path.read_text(encoding="utf-8")).get("decisions") or []:
            if d["valid_until"] < dt.date(2020, 11, 30) and before[d["obligation"]].status.value == "waived":
                lapsing += 1
    assert lapsing >= 1
