"""``tsp-check due``: the status changes computed from the cadences agree with checking every day; the
iCalendar file parses back with one whole-day event per change, stable UIDs and reminders."""

from __future__ import annotations

import datetime as dt
import json
import re
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
    """The reference: evaluate every day of the window on which the ruleset is in force and list each finding
    whose status differs from the day before."""
    start, end = max(start, ruleset.valid_from), min(end, ruleset.valid_to)
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


def _calendar(path: Path) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return calendar, list(calendar.walk("VEVENT"))


def test_calendar_has_one_event_a_day_for_what_must_be_acted_on(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Lapses (to gap or not assessed) are grouped into one event per day with a reminder; changes of scope
    are one event per day without a reminder; nothing else is an event."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    target = tmp_path / "due.ics"
    args = ["due", CASE, str(SCENARIOS / "inaktuella-underlag" / "profile.yaml"), "--from", "2019-11-30",
            "--until", "2020-11-30", "--engine", "python"]
    code, out, err = run(*args, "--format", "json")
    assert code in (0, 1), err
    data = json.loads(out)
    lapsing: dict[str, list[dict[str, str]]] = {}
    for c in data["changes"]:
        if c["new_status"] in ("gap", "not_assessed") and not c["scope"]:
            lapsing.setdefault(c["date"], []).append(c)
    scope_days = {n["date"] for n in data["scope_changes"]}
    assert lapsing and scope_days  # the programme's safety parts are replaced on 2020-03-23
    assert any(c["new_status"] not in ("gap", "not_assessed") and not c["scope"] for c in data["changes"])
    assert run(*args, "--format", "ics", "-o", str(target), "--remind-days", "10")[0] == code
    calendar, events = _calendar(target)
    assert str(calendar["x-wr-timezone"]) == "Europe/Stockholm"
    assert str(calendar["x-wr-calname"]) == "tsp-check: att åtgärda"
    actions = [e for e in events if "Att åtgärda" in e.get("categories").cats]
    scoped = [e for e in events if "Ändrad omfattning" in e.get("categories").cats]
    assert len(actions) + len(scoped) == len(events)
    assert sorted(e.decoded("dtstart").isoformat() for e in actions) == sorted(lapsing)
    assert sorted(e.decoded("dtstart").isoformat() for e in scoped) == sorted(scope_days)
    for event in actions:
        start = event.decoded("dtstart")
        assert type(start) is dt.date and event.decoded("dtend") == start + DAY  # a whole day, no time
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1 and alarms[0].decoded("trigger") == -dt.timedelta(days=10)
        description = str(event["description"])
        for c in lapsing[start.isoformat()]:
            assert c["name"] in description and c["obligation"] in description
    assert all(not list(e.walk("VALARM")) for e in scoped)
    assert len({str(e["uid"]) for e in events}) == len(events)
    again = tmp_path / "again.ics"
    run(*args, "--format", "ics", "-o", str(again), "--remind-days", "10")
    assert again.read_bytes() == target.read_bytes()  # SOURCE_DATE_EPOCH: reproducible


def test_dtstamp_is_the_creation_time_and_a_later_calendar_supersedes(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["due", CASE, "--from", "2019-11-30", "--until", "2020-11-30", "--engine", "python", "--format", "ics"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    run(*args, "-o", str(tmp_path / "now.ics"))
    after = dt.datetime.now(dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run(*args, "-o", str(tmp_path / "then.ics"))
    _, now = _calendar(tmp_path / "now.ics")
    _, then = _calendar(tmp_path / "then.ics")
    assert now and [str(e["uid"]) for e in now] == [str(e["uid"]) for e in then]
    for new, old in zip(now, then, strict=True):
        assert before <= new.decoded("dtstamp") <= after
        assert old.decoded("dtstamp") == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
        assert new.decoded("sequence") > old.decoded("sequence") >= 0


def _rfc5545_problems(raw: bytes) -> list[str]:
    """What RFC 5545 requires of the text and of each event that icalendar's parser does not check."""
    problems = []
    if b"\n" in raw.replace(b"\r\n", b""):
        problems.append("a line not ended by CRLF")
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 75:
            problems.append(f"line {n} longer than 75 octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {n} splits a UTF-8 sequence")
    calendar = icalendar.Calendar.from_ical(raw)
    for name in ("prodid", "version"):
        if name not in calendar:
            problems.append(f"calendar without {name}")
    for event in calendar.walk("VEVENT"):
        for name in ("uid", "dtstamp", "dtstart", "summary", "sequence"):
            if name not in event:
                problems.append(f"event without {name}")
        if not event["dtstamp"].to_ical().endswith(b"Z"):
            problems.append("DTSTAMP not in UTC")
        for alarm in event.walk("VALARM"):
            if "action" not in alarm or "trigger" not in alarm or "description" not in alarm:
                problems.append("DISPLAY alarm without action, trigger or description")
    return problems


ENGLISH = re.compile(r"\b(gap|not_assessed|not_applicable|met|waived|status changes?|becomes|To act on|"
                     r"Change of scope|obligations?|bodies)\b", re.IGNORECASE)


def test_stockholm_calendar_over_three_years_is_one_people_keep(tmp_path: Path) -> None:
    """The issue's calendar: the Stockholm fixtures 2019–2021 have at most two events a day (what must be
    acted on, and a change of scope), no English word, and pass the RFC 5545 checks."""
    target = tmp_path / "s.ics"
    code, _, err = run("due", str(FIXTURES), "--from", "2019-01-01", "--until", "2021-12-31", "--format", "ics",
                       "-o", str(target), "--engine", "python")
    assert code == 1, err
    raw = target.read_bytes()
    assert _rfc5545_problems(raw) == []
    calendar, events = _calendar(target)
    per_day: dict[dt.date, int] = {}
    for event in events:
        per_day[event.decoded("dtstart")] = per_day.get(event.decoded("dtstart"), 0) + 1
    assert events and max(per_day.values()) <= 2
    words = [str(calendar["x-wr-calname"])]
    for event in events:
        words += [str(event["summary"]), str(event["description"]), *event.get("categories").cats]
        words += [str(a["description"]) for a in event.walk("VALARM")]
    assert [w for w in words if ENGLISH.search(w)] == []
    scope = [e for e in events if "Ändrad omfattning" in e.get("categories").cats]
    # 2021-12-01: säkerhetsskyddslagen as amended by SFS 2021:952 (lagkrav-kommun 2.0.0's part sakerhetsskydd-2021)
    assert {e.decoded("dtstart") for e in scope} == {dt.date(2019, 4, 1), dt.date(2020, 3, 23),
                                                     dt.date(2021, 4, 12), dt.date(2021, 12, 1)}


def test_due_chooses_the_rulesets_by_date_like_check() -> None:
    """Without --ruleset, the bundled rulesets in force on some day of the window; --ruleset overrides."""
    exempel = str(ROOT / "fixtures" / "exempelkommun")
    code, out, err = run("due", exempel, "--from", "2026-06-01", "--until", "2026-12-31", "--format", "json",
                         "--engine", "python")
    assert code in (0, 1), err
    assert [r["id"] for r in json.loads(out)["rulesets"]] == ["lagkrav-kommun"]
    code, out, err = run("due", str(FIXTURES / "kulturnamnden.yaml"), "--from", "2019-01-01", "--until",
                         "2019-12-31", "--format", "json", "--engine", "python")
    assert code in (0, 1), err
    data = json.loads(out)
    assert [r["id"] for r in data["rulesets"]] == ["tsp-2018-2021", "lagkrav-kommun"]
    assert {c["ruleset"] for c in data["changes"]} == {"tsp-2018-2021", "lagkrav-kommun"}
    code, out, err = run("due", str(FIXTURES / "kulturnamnden.yaml"), "--from", "2019-01-01", "--until",
                         "2019-12-31", "--format", "json", "--engine", "python", "--ruleset", "tsp-2018-2021")
    assert code in (0, 1), err
    assert [r["id"] for r in json.loads(out)["rulesets"]] == ["tsp-2018-2021"]
    code, _, err = run("due", exempel, "--from", "2030-01-01", "--until", "2030-12-31")
    assert code == 2 and "inget inbyggt regelverk gäller någon dag" in err


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


def test_a_profile_id_used_twice_is_said_in_swedish(tmp_path: Path) -> None:
    copy = tmp_path / "kopia.yaml"
    copy.write_text((FIXTURES / "aldrenamnden.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    args = ["due", str(FIXTURES / "aldrenamnden.yaml"), str(copy), "--from", "2019-01-01", "--until", "2019-12-31"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"{copy}:8:7: profil-id:t ”aldrenamnden” används också av {FIXTURES / 'aldrenamnden.yaml'}" \
        in result.stderr
    english = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert "profile id 'aldrenamnden' is also used by" in english.stderr
