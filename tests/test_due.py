"""``tsp-check due``: the status changes computed from the cadences agree with checking every day; the
iCalendar file parses back with one whole-day event per change, stable UIDs and reminders."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tsp_rules import Ruleset
from tsp_rules.checking.check import evaluate
from tsp_rules.commands.cli import main
from tsp_rules.cycle.due import due, stale_day
from tsp_rules.model.profile import Profile, load_profile
from tsp_rules.model.timing import months_before

from .strategies import check_dates, profiles

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
SCENARIOS = ROOT / "tests" / "scenarios"
DAY = dt.timedelta(days=1)


def day_by_day(profile: Profile, ruleset: Ruleset, start: dt.date, end: dt.date) -> list[tuple[dt.date, str, str, str]]:
    """The reference: evaluate every day of the window and list each finding whose status differs from the
    day before."""
    out = []
    before = {f.obligation: f.status.value for f in evaluate(profile, ruleset, start, "python").findings}
    day = start + DAY
    while day <= end:
        now = {f.obligation: f.status.value for f in evaluate(profile, ruleset, day, "python").findings}
        out += [(day, oid, before[oid], status) for oid, status in now.items()
                if oid in before and status != before[oid]]  # a body that does not exist has no findings
        before = now
        day += DAY
    return out


def computed(profile: Profile, ruleset: Ruleset, start: dt.date, end: dt.date) -> list[tuple[dt.date, str, str, str]]:
    return [(c.date, c.obligation, c.old_status, c.new_status) for c in due([profile], ruleset, start, end, "python")]


@settings(max_examples=30)  # each example evaluates up to 420 days
@given(data=st.data(), start=check_dates(), length=st.integers(0, 420))
def test_computed_changes_agree_with_checking_every_day(data: st.DataObject, start: dt.date, length: int,
                                                         ruleset: Ruleset) -> None:
    profile = data.draw(profiles(ruleset, start + dt.timedelta(days=length // 2)))
    end = start + dt.timedelta(days=length)
    if data.draw(st.booleans()):  # a body that begins or ceases in or around the window
        first = data.draw(st.one_of(st.none(), st.integers(-30, length + 30)))
        last = data.draw(st.one_of(st.none(), st.integers(first or -30, length + 60)))
        profile = attrs.evolve(profile, valid_from=None if first is None else start + first * DAY,
                               valid_to=None if last is None else start + last * DAY)
    expected = day_by_day(profile, ruleset, start, end)
    got = computed(profile, ruleset, start, end)
    assert sorted(got) == sorted(expected)
    assert [c[0] for c in got] == sorted(c[0] for c in got)


def test_fixtures_agree_with_checking_every_day(ruleset: Ruleset) -> None:
    start, end = dt.date(2019, 11, 30), dt.date(2020, 6, 30)
    total = 0
    for path in sorted(FIXTURES.glob("*.yaml")):
        profile = load_profile(path, ruleset)
        expected = day_by_day(profile, ruleset, start, end)
        assert sorted(computed(profile, ruleset, start, end)) == sorted(expected), path.name
        total += len(expected)
    assert total > 0


@given(date=st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)), months=st.sampled_from([1, 3, 12, 24, 48]))
def test_stale_day_is_the_first_day_the_item_is_too_old(date: dt.date, months: int) -> None:
    day = stale_day(date, months)
    assert months_before(day, months) > date >= months_before(day - DAY, months)


def test_stale_day_at_month_ends() -> None:
    assert stale_day(dt.date(2019, 1, 31), 1) == dt.date(2019, 3, 1)  # 2019-02-28 - 1 month = 2019-01-28
    assert stale_day(dt.date(2019, 1, 24), 12) == dt.date(2020, 1, 25)
    assert stale_day(dt.date(2016, 2, 29), 12) == dt.date(2017, 3, 1)


def test_a_decision_running_out_shows_on_the_day_after(ruleset: Ruleset) -> None:
    """Worked from the scenario's decisions: each one in force at the start that runs out in the window
    changes its obligation from waived on the day after its last valid day."""
    path = SCENARIOS / "beslut-giltigt-snart-utgaende-utganget" / "profile.yaml"
    profile = load_profile(path, ruleset)
    start, end = dt.date(2019, 11, 30), dt.date(2020, 12, 31)
    waived = {f.obligation for f in evaluate(profile, ruleset, start, "python").findings if f.status.value == "waived"}
    running_out = [d for d in profile.decisions if d.obligation in waived and start <= d.valid_until < end]
    assert running_out, "the scenario has a decision running out in the window"
    changes = due([profile], ruleset, start, end, "python")
    for d in running_out:
        assert any(c.date == d.valid_until + DAY and c.obligation == d.obligation and c.old_status == "waived"
                   for c in changes), d


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


CASE = str(SCENARIOS / "beslut-giltigt-snart-utgaende-utganget" / "profile.yaml")


def test_ics_parses_back_with_an_event_per_change(tmp_path: Path) -> None:
    target = tmp_path / "due.ics"
    args = ["due", CASE, str(SCENARIOS / "inaktuella-underlag" / "profile.yaml"), "--from", "2019-11-30",
            "--until", "2020-11-30", "--engine", "python"]
    code, out, err = run(*args, "--format", "json")
    assert code in (0, 1), err
    changes = json.loads(out)["changes"]
    assert changes
    assert run(*args, "--format", "ics", "-o", str(target), "--remind-days", "10")[0] == code
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(changes)
    assert str(calendar["x-wr-timezone"]) == "Europe/Stockholm"
    for event, change in zip(events, changes, strict=True):
        start = event.decoded("dtstart")
        assert type(start) is dt.date and start.isoformat() == change["date"]  # a whole day, no time
        assert event.decoded("dtend") == start + DAY
        assert str(event["uid"]) == change["uid"]
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1 and alarms[0].decoded("trigger") == -dt.timedelta(days=10)
        assert change["name"] in str(event["summary"]) and change["obligation"] in str(event["summary"])
    assert len({str(e["uid"]) for e in events}) == len(events)
    again = tmp_path / "again.ics"
    run(*args, "--format", "ics", "-o", str(again), "--remind-days", "10")
    assert again.read_bytes() == target.read_bytes()


def test_uids_survive_a_later_start(tmp_path: Path) -> None:
    """Made again a month later, the events still ahead keep their UIDs (a re-import updates them)."""
    def uids(start: str) -> dict[tuple[str, str, str], str]:
        _, out, _ = run("due", CASE, "--from", start, "--until", "2020-11-30", "--format", "json",
                        "--engine", "python")
        return {(c["profile"], c["obligation"], c["date"]): c["uid"] for c in json.loads(out)["changes"]}

    early, late = uids("2019-11-30"), uids("2019-12-31")
    common = set(early) & set(late)
    assert common and all(early[k] == late[k] for k in common)


def test_text_and_usage_errors(tmp_path: Path) -> None:
    code, out, _ = run("due", CASE, "--from", "2019-11-30", "--until", "2020-03-01", "--engine", "python")
    assert out.startswith("Ändringar av status från 2019-11-30 till och med 2020-03-01")
    assert "2020-01-16  " in out  # the civil-defence decision's last valid day is 2020-01-15
    code, out, _ = run("due", CASE, "--from", "2019-11-30", "--until", "2019-11-30", "--lang", "en")
    assert code == 0 and "No status changes in the period." in out
    assert run("due", CASE, "--from", "2020-01-01", "--until", "2019-01-01")[0] == 2
    code, _, err = run("due", CASE, "--until", "2020-01-01", "--format", "ics")
    assert code == 2 and "-o FIL" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("profile: {id: x}\n", encoding="utf-8")
    out_file = tmp_path / "out.ics"
    code, _, err = run("due", str(bad), "--from", "2019-11-30", "--until", "2020-01-01", "--format", "ics", "-o",
                       str(out_file))
    assert code == 2 and f"{bad}:" in err and not out_file.exists()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_exit_code_says_whether_something_lapses(lang: str) -> None:
    code, out, _ = run("due", CASE, "--from", "2019-11-30", "--until", "2020-11-30", "--format", "json",
                       "--engine", "python", "--lang", lang)
    lapsing = [c for c in json.loads(out)["changes"] if c["new_status"] in ("gap", "not_assessed")]
    assert code == (1 if lapsing else 0)
