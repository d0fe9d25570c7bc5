"""``tsp-check due PATH... [--from DATE] --until DATE``: every finding whose status will change in the
window if nothing new is added, in date order (see :mod:`tsp_rules.cycle.due`); ``--format ics`` writes a
calendar with one whole-day event per change and a reminder ahead of it.

Exit codes: 0 nothing becomes a gap or unassessed in the window, 1 something does, 2 bad input or usage.
"""

from __future__ import annotations

import datetime as dt
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
    from tsp_rules.errors import Problem
    from tsp_rules.model.profile import Profile
    from tsp_rules.model.ruleset import Lang

DUE_FORMATS = ("text", "json", "ics")


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
@lang_option
@engine_option
@output_option
@guarded
def due(paths: tuple[Path, ...], start: dt.date | None, end: dt.date, rulesets: tuple[str, ...], fmt: str,
        remind_days: int,
        lang: Lang, engine: str, output: Path | None) -> None:
    """List, in date order, every finding that will change status after --from up to --until if nothing new
    is added: evidence ageing past its cadence or expiring, the T2 date, a term's deadline, a decision
    running out. Without --ruleset, the bundled rulesets in force on some day of the window are used."""
    from tsp_rules.cycle import due as due_module
    from tsp_rules.errors import InputError, UsageError, message
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
            problems.append(profile.problem(("profile", "id"), f"profile id '{profile.id}' is also used in "
                                            f"{seen[profile.id]}"))
        seen.setdefault(profile.id, str(path))
        profiles.append(profile)
    if problems:
        raise InputError(problems)
    if not profiles:
        raise UsageError(message("no_profiles_in", paths=", ".join(str(p) for p in paths)))
    changes = due_module.due(profiles, rules, first, end, engine)
    if fmt == "ics":
        emit(due_module.render_ics(changes, rules, first, end, lang, remind_days), output)
    elif fmt == "json":
        emit(due_module.render_json(changes, rules, first, end, lang), output)
    else:
        emit(due_module.render_text(changes, rules, first, end, lang), output)
    sys.exit(1 if due_module.lapses(changes) else 0)
