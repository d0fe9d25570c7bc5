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
import os
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from tsp_rules.checking.findings import Finding, Status
from tsp_rules.model.profile import Profile
from tsp_rules.model.ruleset import Lang, Ruleset, Text
from tsp_rules.model.timing import months_before
from tsp_rules.texts import and_list, fill, fill_both

DAY = dt.timedelta(days=1)
DUE_VERSION = "1.0"
REMIND_DAYS = 14
LAPSES = (Status.GAP.value, Status.NOT_ASSESSED.value)

TEXT: dict[str, Text] = {
    "heading": Text("Ändringar av status från {start} till och med {end} om inget nytt läggs till ({rulesets}):",
                    "Status changes after {start} up to and including {end} if nothing new is added ({rulesets}):"),
    "none": Text("Ingen status ändras under perioden.", "No status changes in the period."),
    "total": Text("{n:d|1 ändring|ändringar} av status.", "{n:d|1 status change|status changes}."),
    "total_scope": Text("{n:d|1 ändring|ändringar} av status, utöver {s:d|1 som följer|som följer} av ändrad "
                        "omfattning.", "{n:d|1 status change|status changes}, besides {s} following from "
                        "changes of scope."),
    "summary": Text("Att åtgärda: {n:d|1 krav|krav} hos {bodies}",
                    "To act on: {n:d|1 requirement|requirements} at {bodies}"),
    "and_more": Text("{first} och {n} till", "{first} and {n} more"),
    "alarm": Text("Om {days} dagar: {summary}", "In {days} days: {summary}"),
    "calendar": Text("tsp-check: att åtgärda", "tsp-check: to act on"),
    "action_category": Text("Att åtgärda", "To act on"),
    "scope_category": Text("Ändrad omfattning", "Change of scope"),
    "scope_summary": Text("Ändrad omfattning av kraven", "The scope of the requirements changes"),
    "scope": Text("{what} ({id}): {n:d|1 skyldighet|skyldigheter} hos {b:d|en nämnd eller ett bolag|nämnder "
                  "och bolag} ändrar status.",
                  "{what} ({id}): {n:d|1 obligation|obligations} of {b:d|one body|bodies} change status."),
    "part_ends": Text("{what} upphör att gälla", "{what} ceases to apply"),
    "part_starts": Text("{what} börjar gälla", "{what} comes into force"),
    "changes": Text("{what} ändras", "{what} changes"),
    "rs_starts": Text("Regelverket {title} ({id}) börjar gälla.", "The ruleset {title} ({id}) comes into force."),
    "rs_ends": Text("Regelverket {title} ({id}) har upphört att gälla; dess krav redovisas inte längre.",
                    "The ruleset {title} ({id}) is no longer in force; its requirements are no longer listed."),
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
    ruleset: str = ""  # the id of the ruleset the obligation belongs to
    old_scope: bool = False  # the old finding was out of force (its part replaced or not yet in force)

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
    """The status changes of ``profile``'s findings in (``start``, ``end``], each on its first day (only
    while ``ruleset`` is in force: a ruleset coming into force or ending is a change of scope, see
    :func:`scope_notes`)."""
    from tsp_rules.checking.check import evaluate

    first, last = max(start, ruleset.valid_from), min(end, ruleset.valid_to)
    if first > last:
        return []
    before = {f.obligation: f for f in evaluate(profile, ruleset, first, engine).findings}
    changes: list[Change] = []
    for day in change_days(profile, ruleset, first, last):
        now = {f.obligation: f for f in evaluate(profile, ruleset, day, engine).findings}
        for oid, finding in now.items():
            old = before.get(oid)
            if old is not None and old.status != finding.status:
                out = any(r.code in SCOPE_CAUSES for r in old.reasons)
                changes.append(Change(day, profile.id, profile.name, oid, old.status.value, finding.status.value,
                                      finding, ruleset.id, out))
        before = now
    return changes


def in_window(start: dt.date, end: dt.date) -> tuple[Ruleset, ...]:
    """The bundled rulesets in force on some day of the window [``start``, ``end``] (the earliest starting
    first): what ``due`` uses without ``--ruleset``."""
    from tsp_rules.model.compiler import bundled_rulesets, load_ruleset

    found = [rs for rs in (load_ruleset(n) for n in bundled_rulesets())
             if rs.valid_from <= end and rs.valid_to >= start]
    return tuple(sorted(found, key=lambda rs: (rs.valid_from, rs.valid_to, rs.id)))


def none_in_window(start: dt.date, end: dt.date) -> Exception:
    """The usage error for a window in which no bundled ruleset is in force."""
    from tsp_rules.errors import UsageError
    from tsp_rules.texts import date_words

    return UsageError(Text(
        f"inget inbyggt regelverk gäller någon dag från {date_words(start, 'sv')} till och med "
        f"{date_words(end, 'sv')}; välj ett regelverk med --ruleset",
        f"no bundled ruleset is in force on any day from {date_words(start, 'en')} to {date_words(end, 'en')}; "
        "choose a ruleset with --ruleset"))


def due(profiles: Iterable[Profile], ruleset: Ruleset | Sequence[Ruleset], start: dt.date, end: dt.date,
        engine: str = "durable") -> list[Change]:
    """Every change of status of every profile in (``start``, ``end``], by date, body, ruleset and programme
    order. With several rulesets each is evaluated with only what it knows of the profile (as ``check`` does:
    :func:`~tsp_rules.model.selection.restrict`)."""
    from tsp_rules.model.selection import restrict

    rulesets = [ruleset] if isinstance(ruleset, Ruleset) else list(ruleset)
    order = {(rs.id, oid): (r, i) for r, rs in enumerate(rulesets) for i, oid in enumerate(rs.obligation_ids)}
    found = [c for p in profiles for rs in rulesets
             for c in profile_changes(p if len(rulesets) == 1 else restrict(p, rs), rs, start, end, engine)]
    return sorted(found, key=lambda c: (c.date, c.name, c.profile, order.get((c.ruleset, c.obligation), (0, 0))))


def lapses(changes: Sequence[Change]) -> bool:
    """Whether some finding becomes a gap or not assessed (exit code 1 of the command)."""
    return any(c.new_status in LAPSES for c in changes)


# ------------------------------------------------------------------------------------------ output

SCOPE_CAUSES = frozenset({"superseded", "not_yet_in_force"})
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def is_scope(change: Change) -> bool:
    """Whether the change is one of scope (the obligation's part of the programme replaced, or coming into
    force), not a deadline: stated once per day and ruleset, never an event of its own."""
    return any(r.code in SCOPE_CAUSES for r in change.finding.reasons) or change.old_scope


def _label(status: str, lang: Lang) -> str:
    return Status(status).label(lang)


def _rulesets(ruleset: Ruleset | Sequence[Ruleset]) -> list[Ruleset]:
    return [ruleset] if isinstance(ruleset, Ruleset) else list(ruleset)


def _named(rulesets: Sequence[Ruleset]) -> str:
    return ", ".join(f"{rs.id} {rs.version}" for rs in rulesets)


@attrs.frozen
class ScopeNote:
    """A change of scope on ``date``: a ruleset (or a part of one) ending or coming into force, with the
    number of obligations and bodies whose status changes because of it."""

    date: dt.date
    ruleset: str
    text: Text
    obligations: int = 0
    bodies: int = 0


def scope_notes(changes: Sequence[Change], ruleset: Ruleset | Sequence[Ruleset], start: dt.date,
                end: dt.date) -> list[ScopeNote]:
    """The changes of scope in (``start``, ``end``], each stated once: a ruleset coming into force or
    ending, and, per day and ruleset, the obligations whose part of the programme is replaced or comes
    into force."""
    notes: list[ScopeNote] = []
    for rs in _rulesets(ruleset):
        if start < rs.valid_from <= end:
            notes.append(ScopeNote(rs.valid_from, rs.id, fill_both(TEXT["rs_starts"], title=rs.title, id=rs.id)))
        if start < rs.valid_to + DAY <= end:
            notes.append(ScopeNote(rs.valid_to + DAY, rs.id, fill_both(TEXT["rs_ends"], title=rs.title, id=rs.id)))
        groups: dict[dt.date, list[Change]] = {}
        for c in changes:
            if c.ruleset == rs.id and is_scope(c):
                groups.setdefault(c.date, []).append(c)
        for day, group in groups.items():
            ended = [p.title for p in rs.parts if p.valid_to is not None and p.valid_to + DAY == day]
            started = [p.title for p in rs.parts if p.valid_from == day]
            what = Text(*(_scope_words(ended, started, rs.title, lang) for lang in ("sv", "en")))
            obligations, bodies = len({c.obligation for c in group}), len({c.profile for c in group})
            notes.append(ScopeNote(day, rs.id, fill_both(TEXT["scope"], what=what, id=rs.id, n=obligations,
                                                         b=bodies), obligations, bodies))
    return sorted(notes, key=lambda n: (n.date, n.ruleset))


def _scope_words(ended: Sequence[Text], started: Sequence[Text], title: Text, lang: Lang) -> str:
    """'X upphör att gälla och Y börjar gälla' (capitalised), or the ruleset's title when no part changes."""
    words = []
    if ended:
        words.append(fill(TEXT["part_ends"], lang, what=and_list([t.get(lang) for t in ended], lang)))
    if started:
        words.append(fill(TEXT["part_starts"], lang, what=and_list([t.get(lang) for t in started], lang)))
    text = and_list(words, lang) or fill(TEXT["changes"], lang, what=title.get(lang))
    return text[:1].upper() + text[1:]


def render_text(changes: Sequence[Change], ruleset: Ruleset | Sequence[Ruleset], start: dt.date, end: dt.date,
                lang: Lang) -> str:
    """Every change, by day and body; changes of scope are stated once per day (:func:`scope_notes`)."""
    rulesets = _rulesets(ruleset)
    lines = [fill(TEXT["heading"], lang, start=start.isoformat(), end=end.isoformat(), rulesets=_named(rulesets)), ""]
    notes = scope_notes(changes, rulesets, start, end)
    shown = [c for c in changes if not is_scope(c)]
    if not shown and not notes:
        lines += [TEXT["none"].get(lang)]
        return "\n".join(lines) + "\n"
    items: list[tuple[dt.date, int, str, Any]] = [(n.date, 0, n.ruleset, n) for n in notes]
    items += [(c.date, 1, c.name, c) for c in shown]
    last: tuple[dt.date, str] | None = None
    for day, _, _, item in sorted(items, key=lambda i: i[:3]):
        if isinstance(item, ScopeNote):
            if last is not None:
                lines.append("")
            lines.append(f"{day.isoformat()}  {item.text.get(lang)}")
            last = (day, "")
            continue
        c = item
        if (c.date, c.profile) != last:
            if last is not None:
                lines.append("")
            lines.append(f"{c.date.isoformat()}  {c.name} [{c.profile}]")
            last = (c.date, c.profile)
        lines.append(f"    {c.obligation} – {c.title(lang)}: {_label(c.old_status, lang)} → "
                     f"{_label(c.new_status, lang)}")
        lines.append(f"      {c.finding.explanation(lang)}")
    scoped = len(changes) - len(shown)
    lines += ["", fill(TEXT["total_scope" if scoped else "total"], lang, n=len(shown), s=scoped)]
    return "\n".join(lines) + "\n"


def to_data(changes: Sequence[Change], ruleset: Ruleset | Sequence[Ruleset], start: dt.date, end: dt.date,
            lang: Lang) -> dict[str, Any]:
    rulesets = _rulesets(ruleset)
    return {
        "due_version": DUE_VERSION,
        "rulesets": [{"id": rs.id, "version": rs.version, "digest": rs.digest} for rs in rulesets],
        "from": start.isoformat(), "until": end.isoformat(), "lang": lang,
        "changes": [{"date": c.date.isoformat(), "profile": c.profile, "name": c.name, "ruleset": c.ruleset,
                     "obligation": c.obligation, "title": c.title(lang), "old_status": c.old_status,
                     "new_status": c.new_status, "scope": is_scope(c), "uid": uid(c, changes),
                     "explanation": c.finding.explanation(lang)} for c in changes],
        "scope_changes": [{"date": n.date.isoformat(), "ruleset": n.ruleset, "obligations": n.obligations,
                           "bodies": n.bodies, "text": n.text.get(lang)}
                          for n in scope_notes(changes, rulesets, start, end)],
    }


def render_json(changes: Sequence[Change], ruleset: Ruleset | Sequence[Ruleset], start: dt.date, end: dt.date,
                lang: Lang) -> str:
    return json.dumps(to_data(changes, ruleset, start, end, lang), ensure_ascii=False, indent=2) + "\n"


def uid(change: Change, changes: Sequence[Change]) -> str:
    """A change's own id, the same when the list is made again (another --from, or the date moved by new
    evidence): from the body, the ruleset, the obligation and the change of status, numbered when the same
    change recurs in the window."""
    same = [c for c in changes if (c.profile, c.ruleset, c.obligation, c.old_status, c.new_status)
            == (change.profile, change.ruleset, change.obligation, change.old_status, change.new_status)]
    n = same.index(change)
    key = f"{change.profile}|{change.ruleset}|{change.obligation}|{change.old_status}|{change.new_status}|{n}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@tsp-rules"


def event_uid(day: dt.date, kind: str) -> str:
    """The UID of a calendar event: one per day and kind (``lapses`` or ``scope``), so that importing a
    newer calendar updates the day's event instead of adding a second one."""
    return hashlib.sha256(f"{day.isoformat()}|{kind}".encode()).hexdigest()[:32] + "@tsp-rules"


def creation_stamp() -> dt.datetime:
    """When the calendar is made (RFC 5545's DTSTAMP with METHOD): now in UTC to the second, or the time in
    ``SOURCE_DATE_EPOCH`` when set (reproducible output, as in reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def sequence(stamp: dt.datetime) -> int:
    """SEQUENCE of every event of a calendar made at ``stamp``: the minutes since 2020-01-01, so a calendar
    made later always supersedes an earlier import of the same UID."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds()) // 60)


def _bodies_words(names: Sequence[str], lang: Lang, shown: int = 3) -> str:
    if len(names) <= shown:
        return and_list(list(names), lang)
    return fill(TEXT["and_more"], lang, first=", ".join(names[:shown - 1]), n=len(names) - shown + 1)


def render_ics(changes: Sequence[Change], ruleset: Ruleset | Sequence[Ruleset], start: dt.date, end: dt.date,
               lang: Lang, remind_days: int = REMIND_DAYS, stamp: dt.datetime | None = None) -> bytes:
    """A calendar people keep: one whole-day event per day on which findings become gaps or not assessed
    (the bodies and obligations listed, a reminder ``remind_days`` ahead), and one event without a reminder
    per day on which the scope changes (stated once, with the number of obligations and bodies). Changes to
    met, not applicable or waived need no action and are left out. Dates are calendar days in Stockholm
    (all-day events carry no time zone)."""
    import icalendar

    rulesets = _rulesets(ruleset)
    stamp = stamp or creation_stamp()
    seq = sequence(stamp)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//tsp-rules//tsp-check due//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", TEXT["calendar"].get(lang))
    cal.add("x-wr-timezone", "Europe/Stockholm")
    named = _named(rulesets)

    def event(day: dt.date, kind: str, summary: str, description: str, categories: list[str]) -> icalendar.Event:
        ev = icalendar.Event()
        ev.add("uid", event_uid(day, kind))
        ev.add("dtstamp", stamp)
        ev.add("sequence", seq)
        ev.add("dtstart", day)
        ev.add("dtend", day + DAY)
        ev.add("summary", summary)
        ev.add("description", f"{description}\n({named})")
        ev.add("categories", categories)
        ev.add("transp", "TRANSPARENT")
        return ev

    by_day: dict[dt.date, list[Change]] = {}
    for c in changes:
        if c.new_status in LAPSES and not is_scope(c):
            by_day.setdefault(c.date, []).append(c)
    notes: dict[dt.date, list[ScopeNote]] = {}
    for n in scope_notes(changes, rulesets, start, end):
        notes.setdefault(n.date, []).append(n)
    for day in sorted(set(by_day) | set(notes)):
        if day in notes:
            text = "\n".join(n.text.get(lang) for n in notes[day])
            cal.add_component(event(day, "scope", fill(TEXT["scope_summary"], lang, n=len(notes[day])), text,
                                    [TEXT["scope_category"].get(lang)]))
        group = by_day.get(day)
        if not group:
            continue
        names = list(dict.fromkeys(c.name for c in group))
        summary = fill(TEXT["summary"], lang, n=len(group), bodies=_bodies_words(names, lang))
        lines: list[str] = []
        for name in names:
            lines.append(f"{name}:")
            for c in group:
                if c.name == name:
                    lines.append(f"– {c.obligation} {c.title(lang)}: {_label(c.old_status, lang)} → "
                                 f"{_label(c.new_status, lang)}. {c.finding.explanation(lang)}")
        statuses = [s for s in LAPSES if any(c.new_status == s for c in group)]
        ev = event(day, "lapses", summary, "\n".join(lines),
                   [TEXT["action_category"].get(lang), *(_label(s, lang) for s in statuses)])
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -dt.timedelta(days=remind_days))
        alarm.add("description", fill(TEXT["alarm"], lang, days=remind_days, summary=summary))
        ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())


__all__ = ["Change", "ScopeNote", "change_days", "creation_stamp", "due", "event_uid", "in_window", "is_scope",
           "lapses", "none_in_window", "profile_changes", "render_ics", "render_json", "render_text", "scope_notes",
           "sequence", "stale_day", "to_data", "uid"]
