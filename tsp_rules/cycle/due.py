"""What will lapse before the next review: ``tsp-check due PATH... [--from DATE] --until DATE``.

Every finding whose status will change in the window (``--from``, ``--until``] if nothing new is added
to the profiles: evidence ageing past its cadence or reaching its ``valid_until``, the year whose
tertialrapport 2 is required moving on at the T2 date, a new term's analysis falling due, a decision
running out (or coming into force), evidence dated ahead starting to count, an obligation's part of the
programme coming into force or being replaced. A body that begins or ceases in the window has no
findings while it does not exist; its changes are listed while it exists.

The days on which a status can change are computed from the cadences and the profile's dates
(:func:`change_days`); the profile is evaluated only on those days, and a change is reported on the
first day of the new status. A status can change on no other day, because the clock enters the
evaluation only through :class:`~tsp_rules.model.timing.Clock`, whose answers are constant between those days
(a property test checks this against evaluating every day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from tsp_rules.checking.findings import Finding, Status
from tsp_rules.model.profile import Profile
from tsp_rules.model.ruleset import Lang, Ruleset, Text
from tsp_rules.model.timing import months_before

DAY = dt.timedelta(days=1)
DUE_VERSION = "1.0"
REMIND_DAYS = 14
LAPSES = (Status.GAP.value, Status.NOT_ASSESSED.value)

TEXT: dict[str, Text] = {
    "heading": Text("Ändringar av status från {start} till och med {end} om inget nytt läggs till "
                    "({ruleset} {version}):",
                    "Status changes after {start} up to and including {end} if nothing new is added "
                    "({ruleset} {version}):"),
    "none": Text("Ingen status ändras under perioden.", "No status changes in the period."),
    "one": Text("1 ändring av status.", "1 status change."),
    "many": Text("{n} ändringar av status.", "{n} status changes."),
    "summary": Text("{name}: {obligation} blir {status}", "{name}: {obligation} becomes {status}"),
    "alarm": Text("Om {days} dagar: {summary}", "In {days} days: {summary}"),
    "calendar": Text("Tsp-check: ändringar av status", "Tsp-check: status changes"),
    "from": Text("Från {date}", "From {date}"),
}


@attrs.frozen
class Change:
    """One finding's status changing on ``date`` (the first day of the new status)."""

    date: dt.date
    profile: str
    name: str
    obligation: str
    old_status: str
    new_status: str
    finding: Finding  # the finding on ``date``

    def title(self, lang: Lang) -> str:
        return self.finding.title.get(lang)


def _day(year: int, month: int, day: int) -> dt.date:
    """The day, clamped to the month's end (as the clock does with month-days and months)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_day(year: int, month_day: str) -> dt.date:
    month, day = (int(x) for x in month_day.split("-"))
    return _day(year, month, day)


def stale_day(date: dt.date, months: int) -> dt.date:
    """The first check date on which an item of ``date`` is older than ``months`` months (see
    :meth:`~tsp_rules.model.timing.Clock.fit`: stale when ``date < months_before(as_of, months)``)."""
    year, month = divmod(date.year * 12 + date.month - 1 + months, 12)
    day = _day(year, month + 1, date.day)  # the same day ``months`` later, clamped to the month's end
    while months_before(day, months) <= date:  # at most a few days past the clamped one
        day += DAY
    return day


def change_days(profile: Profile, ruleset: Ruleset, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day in (``start``, ``end``] on which some finding of ``profile`` may change status."""
    p = ruleset.parameters
    months = sorted({c.months for c in ruleset.cadences if c.kind == "within"})
    days: set[dt.date] = set()
    for day in (profile.valid_from, profile.valid_to):  # the body begins, or ceases (it is then not checked)
        if day is not None:
            days.update((day, day + DAY))
    for ob in ruleset.obligations:  # an obligation's part of the programme comes into force, or is replaced
        for day in (ob.valid_from, ob.valid_to):
            if day is not None:
                days.update((day, day + DAY))
    for ev in profile.evidence or ():
        days.add(ev.date)  # dated ahead: counts from its date
        if ev.valid_until is not None:
            days.add(ev.valid_until + DAY)  # expired from the day after
        days.update(stale_day(ev.date, m) for m in months)
    for dec in profile.decisions:
        days.add(dec.decided_on)
        days.add(dec.valid_until + DAY)
    # calendar rules: the day itself and the day after, whichever of them the rule switches on
    if p.t2_date:
        for year in range(start.year, end.year + 1):
            days.update((_month_day(year, p.t2_date), _month_day(year, p.t2_date) + DAY))
    term_dues = {c.due or p.term_due for c in ruleset.cadences if c.kind == "term"} | {p.term_due}
    for due_day in sorted(d for d in term_dues if d):
        for year in p.election_years:
            days.update((_month_day(year + 1, due_day), _month_day(year + 1, due_day) + DAY))
    return sorted(d for d in days if start < d <= end)


def profile_changes(profile: Profile, ruleset: Ruleset, start: dt.date, end: dt.date,
                    engine: str = "durable") -> list[Change]:
    """The status changes of ``profile``'s findings in (``start``, ``end``], each on its first day."""
    from tsp_rules.checking.check import evaluate

    before = {f.obligation: f for f in evaluate(profile, ruleset, start, engine).findings}
    changes: list[Change] = []
    for day in change_days(profile, ruleset, start, end):
        now = {f.obligation: f for f in evaluate(profile, ruleset, day, engine).findings}
        for oid, finding in now.items():
            old = before.get(oid)
            if old is not None and old.status != finding.status:
                changes.append(Change(day, profile.id, profile.name, oid, old.status.value, finding.status.value,
                                      finding))
        before = now
    return changes


def due(profiles: Iterable[Profile], ruleset: Ruleset, start: dt.date, end: dt.date,
        engine: str = "durable") -> list[Change]:
    """Every change of status of every profile in (``start``, ``end``], by date, body and programme order."""
    order = {oid: i for i, oid in enumerate(ruleset.obligation_ids)}
    found = [c for p in profiles for c in profile_changes(p, ruleset, start, end, engine)]
    return sorted(found, key=lambda c: (c.date, c.name, c.profile, order.get(c.obligation, len(order))))


def lapses(changes: Sequence[Change]) -> bool:
    """Whether some finding becomes a gap or not assessed (exit code 1 of the command)."""
    return any(c.new_status in LAPSES for c in changes)


# ------------------------------------------------------------------------------------------ output


def _label(status: str, lang: Lang) -> str:
    return Status(status).label(lang)


def render_text(changes: Sequence[Change], ruleset: Ruleset, start: dt.date, end: dt.date, lang: Lang) -> str:
    lines = [TEXT["heading"].get(lang).format(start=start.isoformat(), end=end.isoformat(), ruleset=ruleset.id,
                                              version=ruleset.version), ""]
    if not changes:
        lines += [TEXT["none"].get(lang)]
        return "\n".join(lines) + "\n"
    last: tuple[dt.date, str] | None = None
    for c in changes:
        if (c.date, c.profile) != last:
            if last is not None:
                lines.append("")
            lines.append(f"{c.date.isoformat()}  {c.name} [{c.profile}]")
            last = (c.date, c.profile)
        lines.append(f"    {c.obligation} – {c.title(lang)}: {_label(c.old_status, lang)} → "
                     f"{_label(c.new_status, lang)}")
        lines.append(f"      {c.finding.explanation(lang)}")
    total = TEXT["one"].get(lang) if len(changes) == 1 else TEXT["many"].get(lang).format(n=len(changes))
    lines += ["", total]
    return "\n".join(lines) + "\n"


def to_data(changes: Sequence[Change], ruleset: Ruleset, start: dt.date, end: dt.date, lang: Lang) -> dict[str, Any]:
    return {
        "due_version": DUE_VERSION,
        "ruleset": {"id": ruleset.id, "version": ruleset.version, "digest": ruleset.digest},
        "from": start.isoformat(), "until": end.isoformat(), "lang": lang,
        "changes": [{"date": c.date.isoformat(), "profile": c.profile, "name": c.name, "obligation": c.obligation,
                     "title": c.title(lang), "old_status": c.old_status, "new_status": c.new_status,
                     "uid": uid(c, changes), "explanation": c.finding.explanation(lang)} for c in changes],
    }


def render_json(changes: Sequence[Change], ruleset: Ruleset, start: dt.date, end: dt.date, lang: Lang) -> str:
    return json.dumps(to_data(changes, ruleset, start, end, lang), ensure_ascii=False, indent=2) + "\n"


def uid(change: Change, changes: Sequence[Change]) -> str:
    """A UID that stays the same when the calendar is made again (another --from, or the date moved by new
    evidence), so that a re-import updates the event: from the body, the obligation and the change of
    status, numbered when the same change recurs in the window."""
    same = [c for c in changes if (c.profile, c.obligation, c.old_status, c.new_status)
            == (change.profile, change.obligation, change.old_status, change.new_status)]
    n = same.index(change)
    key = f"{change.profile}|{change.obligation}|{change.old_status}|{change.new_status}|{n}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@tsp-rules"


def render_ics(changes: Sequence[Change], ruleset: Ruleset, start: dt.date, end: dt.date, lang: Lang,
               remind_days: int = REMIND_DAYS) -> bytes:
    """An iCalendar file: one whole-day event per change, on its first day, with a reminder
    ``remind_days`` ahead; dates are calendar days in Stockholm (all-day events carry no time zone)."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//tsp-rules//tsp-check due//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", TEXT["calendar"].get(lang))
    cal.add("x-wr-timezone", "Europe/Stockholm")
    stamp = dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)  # deterministic output
    for c in changes:
        summary = TEXT["summary"].get(lang).format(name=c.name, obligation=c.obligation,
                                                   status=_label(c.new_status, lang))
        event = icalendar.Event()
        event.add("uid", uid(c, changes))
        event.add("dtstamp", stamp)
        event.add("dtstart", c.date)
        event.add("dtend", c.date + DAY)
        event.add("summary", summary)
        event.add("description", f"{c.obligation} – {c.title(lang)}: {_label(c.old_status, lang)} → "
                                 f"{_label(c.new_status, lang)}\n{c.finding.explanation(lang)}\n"
                                 f"({ruleset.id} {ruleset.version})")
        event.add("categories", [c.new_status])
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -dt.timedelta(days=remind_days))
        alarm.add("description", TEXT["alarm"].get(lang).format(days=remind_days, summary=summary))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


__all__ = ["Change", "change_days", "due", "lapses", "profile_changes", "render_ics", "render_json",
           "render_text", "stale_day", "to_data", "uid"]
