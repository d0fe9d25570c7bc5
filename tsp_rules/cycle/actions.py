"""Actions in the review cycle: how they changed between two reviews (``tsp-check diff``) and their target
dates ahead (``tsp-check due``), with one calendar per responsible role.

Between two JSON reports (schema 1.3, where findings carry ``actions``; older reports have none), an action
is known by its body, obligation and description (a second action with the same description counts apart).
Each action found in either report whose state differs is one :class:`ActionChange`, in the first category
that fits:

- ``action_overdue``: overdue now, not overdue before (also a new action that is already overdue);
- ``action_new``: in the new report only;
- ``action_done``: marked done now, not before;
- ``action_dropped``: in the old report only;
- ``action_changed``: its responsible, target date or status changed otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from tsp_rules.errors import Problem
from tsp_rules.model.profile import Action, Profile
from tsp_rules.model.ruleset import Lang, Ruleset, Text

ACTION_CATEGORIES: tuple[str, ...] = ("action_overdue", "action_new", "action_done", "action_dropped",
                                      "action_changed")

STATUS_WORDS: dict[str, Text] = {
    "planned": Text("planerad", "planned"),
    "in_progress": Text("pågående", "in progress"),
    "done": Text("klar", "done"),
}

TEXT: dict[str, Text] = {
    "action_overdue": Text("Åtgärder som blivit försenade", "Actions now overdue"),
    "action_new": Text("Nya åtgärder", "New actions"),
    "action_done": Text("Klarmarkerade åtgärder", "Actions marked done"),
    "action_dropped": Text("Åtgärder som inte längre finns med", "Actions no longer listed"),
    "action_changed": Text("Ändrade åtgärder", "Changed actions"),
    "state": Text("ansvarig {responsible}, måldatum {target}, {status}", "responsible {responsible}, target date "
                  "{target}, {status}"),
    "overdue": Text("försenad", "overdue"),
    "responsible": Text("ansvarig", "responsible"),
    "absent": Text("fanns inte med", "not included"),
    "heading": Text("Åtgärder med måldatum till och med {end}:",
                    "Actions with a target date up to and including {end}:"),
    "none": Text("Inga öppna åtgärder har måldatum under perioden.",
                 "No open action has a target date in the period."),
    "already": Text("redan försenad", "already overdue"),
    "calendar": Text("Tsp-check: åtgärder för {responsible}", "Tsp-check: actions for {responsible}"),
    "summary": Text("Måldatum: {description} ({name}, {obligation})",
                    "Target date: {description} ({name}, {obligation})"),
    "alarm": Text("Om {days} dagar: {summary}", "In {days} days: {summary}"),
}


def _t(key: str, lang: Lang) -> str:
    return TEXT[key].get(lang)


def status_word(status: str, lang: Lang) -> str:
    return STATUS_WORDS[status].get(lang) if status in STATUS_WORDS else status


# ---------------------------------------------------------------------------------------------- diff


@attrs.frozen
class ActionRow:
    """One action as the diff reads it from a JSON report."""

    description: str
    responsible: str
    target_date: str
    status: str
    overdue: bool

    def words(self, lang: Lang) -> str:
        state = TEXT["state"].get(lang).format(responsible=self.responsible, target=self.target_date,
                                               status=status_word(self.status, lang))
        return f"{state}, {_t('overdue', lang)}" if self.overdue else state


ActionKey = tuple[str, str, str, str, int]
"""(ruleset, body, obligation, description, how many actions with that description came before it)."""


def read_actions(finding: Mapping[str, Any], key: tuple[str, str, str], field: str, file: str,
                 out: dict[ActionKey, ActionRow], problems: list[Problem]) -> None:
    """Add the actions of one finding of a JSON report to ``out`` (a finding without ``actions``, as in
    reports before schema 1.3, has none); a malformed action is a problem naming its field."""
    items = finding.get("actions", [])
    if not isinstance(items, list):
        problems.append(Problem(file, 1, 1, f"not a tsp-check JSON report: {field}.actions must be a list",
                                f"{field}.actions"))
        return
    seen: dict[str, int] = {}
    for j, item in enumerate(items):
        where = f"{field}.actions[{j}]"
        texts = ("description", "responsible", "target_date", "status")
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in texts) \
                or not isinstance(item.get("overdue"), bool):
            problems.append(Problem(file, 1, 1, "not a tsp-check JSON report: an action must be an object with "
                                    "description, responsible, target_date and status (strings) and overdue "
                                    "(true or false)", where))
            continue
        n = seen.get(item["description"], 0)
        seen[item["description"]] = n + 1
        out[(*key, item["description"], n)] = ActionRow(item["description"], item["responsible"],
                                                        item["target_date"], item["status"], item["overdue"])


@attrs.frozen
class ActionChange:
    category: str
    ruleset: str
    profile: str
    obligation: str
    description: str
    old: ActionRow | None
    new: ActionRow | None


def _category(old: ActionRow | None, new: ActionRow | None) -> str | None:
    if new is None:
        return "action_dropped"
    if new.overdue and (old is None or not old.overdue):
        return "action_overdue"
    if old is None:
        return "action_new"
    if new.status == "done" and old.status != "done":
        return "action_done"
    if (old.responsible, old.target_date, old.status) != (new.responsible, new.target_date, new.status):
        return "action_changed"
    return None


def compare_actions(old: Mapping[ActionKey, ActionRow], new: Mapping[ActionKey, ActionRow],
                    order: Callable[[str, str, str], Any]) -> tuple[ActionChange, ...]:
    """The changes of actions from ``old`` to ``new``, by category, then ``order(ruleset, body, obligation)``
    and the description."""
    changes = []
    for key in {**old, **new}:
        category = _category(old.get(key), new.get(key))
        if category is not None:
            changes.append(ActionChange(category, key[0], key[1], key[2], key[3], old.get(key), new.get(key)))
    rank = {c: i for i, c in enumerate(ACTION_CATEGORIES)}
    return tuple(sorted(changes, key=lambda c: (rank[c.category], order(c.ruleset, c.profile, c.obligation),
                                                c.description, c.old is None)))


def change_words(c: ActionChange, lang: Lang) -> tuple[str, str]:
    """The action's state before and after, in words."""
    return (c.old.words(lang) if c.old else _t("absent", lang), c.new.words(lang) if c.new else _t("absent", lang))


def action_change_data(c: ActionChange) -> dict[str, Any]:
    def side(row: ActionRow | None) -> dict[str, Any] | None:
        return None if row is None else {"responsible": row.responsible, "target_date": row.target_date,
                                         "status": row.status, "overdue": row.overdue}

    return {"category": c.category, "ruleset": c.ruleset, "profile": c.profile, "obligation": c.obligation,
            "description": c.description, "old": side(c.old), "new": side(c.new)}


def text_sections(changes: Sequence[ActionChange], lang: Lang, body_name: Callable[[str], str]) -> list[str]:
    """The action changes as text sections, one per category, grouped by body."""
    lines: list[str] = []
    for category in ACTION_CATEGORIES:
        chosen = [c for c in changes if c.category == category]
        if not chosen:
            continue
        lines.append(f"{_t(category, lang)} ({len(chosen)})")
        last = None
        for c in chosen:
            if c.profile != last:
                lines.append(f"  {body_name(c.profile)} [{c.profile}]")
                last = c.profile
            before, after = change_words(c, lang)
            lines.append(f"    {c.obligation}: {c.description}: {before} → {after}")
        lines.append("")
    return lines


def summary_pairs(changes: Sequence[ActionChange], lang: Lang) -> list[tuple[str, int]]:
    return [(_t(c, lang), sum(1 for x in changes if x.category == c)) for c in ACTION_CATEGORIES]


# ----------------------------------------------------------------------------------------------- due


@attrs.frozen
class Deadline:
    """An open action's target date: in the window, or already passed on its first day (``overdue``)."""

    date: dt.date
    profile: str
    name: str
    obligation: str
    title: Text
    action: Action
    overdue: bool


def deadlines(profiles: Iterable[Profile], rulesets: Ruleset | Sequence[Ruleset], start: dt.date, end: dt.date
              ) -> list[Deadline]:
    """The target dates of every open (not done) action on the rulesets' obligations up to ``end``: those in
    (``start``, ``end``], and those already passed on ``start`` (overdue), by date, body and programme order."""
    chosen = [rulesets] if isinstance(rulesets, Ruleset) else list(rulesets)
    owner = {oid: rs for rs in reversed(chosen) for oid in rs.obligation_ids}  # the first ruleset naming it
    order = {oid: i for i, oid in enumerate(oid for rs in chosen for oid in rs.obligation_ids)}
    found = [Deadline(a.target_date, p.id, p.name, a.obligation, owner[a.obligation].obligation(a.obligation).title,
                      a, a.overdue(start))
             for p in profiles for a in p.actions
             if a.status != "done" and a.obligation in owner and a.target_date <= end]
    return sorted(found, key=lambda d: (d.date, d.name, d.profile, order[d.obligation], d.action.description))


def _who(a: Action) -> str:
    return f"{a.responsible} ({a.responsible_name})" if a.responsible_name else a.responsible


def deadlines_text(found: Sequence[Deadline], end: dt.date, lang: Lang) -> list[str]:
    lines = [_t("heading", lang).format(end=end.isoformat()), ""]
    if not found:
        return [*lines, _t("none", lang)]
    for d in found:
        late = f", {_t('already', lang).upper()}" if d.overdue else ""
        lines.append(f"{d.date.isoformat()}  {d.name} [{d.profile}]  {d.obligation} – {d.title.get(lang)}: "
                     f"{d.action.description}; {_t('responsible', lang)} {_who(d.action)}, "
                     f"{status_word(d.action.status, lang)}{late}")
    return lines


def deadline_data(d: Deadline, lang: Lang) -> dict[str, Any]:
    a = d.action
    return {"date": d.date.isoformat(), "profile": d.profile, "name": d.name, "obligation": d.obligation,
            "title": d.title.get(lang), "description": a.description, "responsible": a.responsible,
            "responsible_name": a.responsible_name, "status": a.status, "reference": a.reference,
            "overdue": d.overdue, "uid": deadline_uid(d)}


def deadline_uid(d: Deadline) -> str:
    """A UID that stays the same when the calendar is made again, so that a re-import updates the event."""
    key = f"action|{d.profile}|{d.obligation}|{d.action.description}|{d.action.decided_on.isoformat()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@tsp-rules"


def by_responsible(found: Sequence[Deadline]) -> dict[str, list[Deadline]]:
    """The deadlines per responsible role, roles sorted."""
    out: dict[str, list[Deadline]] = {}
    for d in found:
        out.setdefault(d.action.responsible, []).append(d)
    return dict(sorted(out.items()))


def file_stem(responsible: str) -> str:
    """A file name for a role's calendar: lower-case ASCII letters, digits and hyphens (å, ä → a, ö → o)."""
    folded = responsible.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "ansvarig"


def deadlines_ics(found: Sequence[Deadline], responsible: str, start: dt.date, lang: Lang,
                  remind_days: int) -> bytes:
    """One role's calendar: a whole-day event on each target date (an overdue action's on ``start``), with a
    reminder ``remind_days`` ahead."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//tsp-rules//tsp-check due//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _t("calendar", lang).format(responsible=responsible))
    cal.add("x-wr-timezone", "Europe/Stockholm")
    stamp = dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)  # deterministic output
    for d in found:
        a = d.action
        summary = _t("summary", lang).format(description=a.description, name=d.name, obligation=d.obligation)
        day = max(d.date, start)
        event = icalendar.Event()
        event.add("uid", deadline_uid(d))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", summary)
        late = f", {_t('already', lang)}" if d.overdue else ""
        event.add("description", f"{d.obligation} – {d.title.get(lang)}\n{a.description} ({_who(a)}, "
                                 f"{status_word(a.status, lang)}{late})" + (f"\n{a.reference}" if a.reference else ""))
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -dt.timedelta(days=remind_days))
        alarm.add("description", _t("alarm", lang).format(days=remind_days, summary=summary))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


__all__ = ["ACTION_CATEGORIES", "ActionChange", "ActionRow", "Deadline", "action_change_data", "by_responsible",
           "compare_actions", "deadline_data", "deadlines", "deadlines_ics", "deadlines_text", "file_stem",
           "read_actions", "summary_pairs", "text_sections"]
