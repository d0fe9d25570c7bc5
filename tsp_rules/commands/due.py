"""``tsp-check due PATH... [--from DATE] --until DATE``: every finding whose status will change in the
window if nothing new is added, in date order (see :mod:`tsp_rules.cycle.due`); ``--format ics`` writes a
calendar with one whole-day event per change and a reminder ahead of it. Open actions' target dates follow
(:mod:`tsp_rules.cycle.actions`); ``--per-responsible FOLDER`` writes one calendar per responsible role.

Exit codes: 0 nothing becomes a gap or unassessed in the window, 1 something does, 2 bad input or usage.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import (
    InputPath,
    emit,
    engine_option,
    guarded,
    lang_option,
    output_option,
    parse_date,
    rulesets_option,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tsp_rules.cycle.actions import Deadline
    from tsp_rules.errors import Problem
    from tsp_rules.model.profile import Profile
    from tsp_rules.model.ruleset import Lang

DUE_FORMATS = ("text", "json", "ics")


def _write_calendars(folder: Path, deadlines: Sequence[Deadline], start: dt.date, lang: Lang, remind_days: int) -> None:
    """One calendar per responsible role (``<role>.ics``, roles whose names fold alike numbered), each
    written atomically; the folder is made if missing."""
    from tsp_rules.cycle import actions as action_module
    from tsp_rules.documents.output import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for role, mine in action_module.by_responsible(deadlines).items():
        stem = base = action_module.file_stem(role)
        n = 1
        while stem in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem)
        write_atomic(folder / f"{stem}.ics", action_module.deadlines_ics(mine, role, start, lang, remind_days))


@click.command("due")
@click.argument("paths", nargs=-1, required=True, type=InputPath(exists=True, path_type=Path))
@click.option("--from", "start", callback=parse_date, metavar="YYYY-MM-DD",
              help="The start of the window, as a check date (default: today).")
@click.option("--until", "end", callback=parse_date, required=True, metavar="YYYY-MM-DD",
              help="The last day of the window (e.g. the next review).")
@rulesets_option
@click.option("--format", "fmt", type=click.Choice(DUE_FORMATS), default="text", show_default=True,
              help="Output format (ics needs -o).")
@click.option("--remind-days", type=click.IntRange(0, 365), default=14, show_default=True,
              help="With --format ics: the reminder this many days ahead of each change.")
@click.option("--per-responsible", "per_responsible", type=click.Path(file_okay=False, path_type=Path),
              metavar="FOLDER", help="Also write one calendar (ICS) per responsible role, with its open actions' "
              "target dates, into FOLDER.")
@lang_option
@engine_option
@output_option
@guarded
def due(paths: tuple[Path, ...], start: dt.date | None, end: dt.date, rulesets: tuple[str, ...], fmt: str,
        remind_days: int,
        lang: Lang, engine: str, output: Path | None, per_responsible: Path | None) -> None:
    """List, in date order, every finding that will change status after --from up to --until if nothing new
    is added: evidence ageing past its cadence or expiring, the T2 date, a term's deadline, a decision
    running out; and the target dates of open actions, with who is responsible. Without --ruleset, the
    bundled rulesets in force on some day of the window are used."""
    from tsp_rules.cycle import actions as action_module
    from tsp_rules.cycle import due as due_module
    from tsp_rules.errors import InputError, UsageError, message, q
    from tsp_rules.model.profile import iter_profile_paths, load_profile
    from tsp_rules.model.selection import BY_DATE, Selected, select_rulesets, validation_ruleset

    if fmt == "ics" and output is None:
        raise UsageError(message("ics_to_file"))
    first = start or dt.date.today()
    if end < first:
        raise UsageError(message("until_before_from", until=end.isoformat(), start=first.isoformat()))
    if rulesets:
        chosen = select_rulesets(list(rulesets), first)
    else:
        found = due_module.in_window(first, end)
        if not found:
            raise due_module.none_in_window(first, end)
        chosen = tuple(Selected(rs, BY_DATE) for rs in found)
    rules = [c.ruleset for c in chosen]
    union = validation_ruleset(chosen)
    profiles: list[Profile] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in iter_profile_paths(paths):
        try:
            profile = load_profile(path, union)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if profile.id in seen:
            problems.append(profile.problem(("profile", "id"), message("duplicate_profile", ident=q(profile.id),
                                                                        other=seen[profile.id])))
        seen.setdefault(profile.id, str(path))
        profiles.append(profile)
    if problems:
        raise InputError(problems)
    if not profiles:
        raise UsageError(message("no_profiles_in", paths=", ".join(str(p) for p in paths)))
    changes = due_module.due(profiles, rules, first, end, engine)
    deadlines = action_module.deadlines(profiles, rules, first, end)
    if per_responsible is not None:
        _write_calendars(per_responsible, deadlines, first, lang, remind_days)
    if fmt == "ics":
        emit(due_module.render_ics(changes, rules, first, end, lang, remind_days), output)
    elif fmt == "json":
        data = due_module.to_data(changes, rules, first, end, lang)
        data["due_version"] = "1.1"  # 1.1 added the actions' target dates
        data["actions"] = [action_module.deadline_data(d, lang) for d in deadlines]
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
    else:
        text = due_module.render_text(changes, rules, first, end, lang)
        if any(p.actions for p in profiles):
            text += "\n" + "\n".join(action_module.deadlines_text(deadlines, end, lang)) + "\n"
        emit(text, output)
    sys.exit(1 if due_module.lapses(changes) else 0)
