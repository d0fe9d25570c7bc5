"""``tsp-check questionnaire [PROFILE | --kind KIND --name NAME] -o enkat.xlsx``: an Excel questionnaire
for one body, pre-filled from a profile if one is given (see :mod:`tsp_rules.cycle.questionnaire`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import (
    InputPath,
    emit,
    every_bundled,
    guarded,
    parse_date,
    rulesets_option_for,
    selected_rulesets,
    union_of,
)

if TYPE_CHECKING:
    from tsp_rules.model.profile import Profile
    from tsp_rules.model.ruleset import Lang, Ruleset


@click.command("questionnaire")
@click.argument("profile", required=False, type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", metavar="KIND", help="Without PROFILE: facknamnd, stadsdelsnamnd, kommunstyrelse or bolag.")
@click.option("--name", metavar="NAME", help="Without PROFILE: the body's name.")
@rulesets_option_for("the bundled rulesets in force on --as-of")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of the workbook.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
@click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD",
              help="The date the workbook is made for (default: today): without --ruleset, its bundled rulesets in "
                   "force are asked about; with PROFILE, its gaps and unassessed obligations fill the actions "
                   "sheet; it is also the workbook's creation date.")
@guarded
def questionnaire(profile: Path | None, kind: str | None, name: str | None, rulesets: tuple[str, ...], lang: Lang,
                  output: Path, as_of: dt.date | None) -> None:
    """Write an Excel questionnaire for one body: traits with dropdowns, evidence, decisions, actions and
    instructions; pre-filled from PROFILE, or empty for a new body (--kind and --name). Without --ruleset, the
    bundled rulesets in force on --as-of (default: today) are used; --ruleset may be given more than once."""
    from tsp_rules.cycle.questionnaire import questionnaire as make
    from tsp_rules.errors import UsageError, message
    from tsp_rules.model.profile import load_profile

    day = as_of or dt.date.today()
    chosen = selected_rulesets(rulesets, day)
    found = [c.ruleset for c in chosen]
    rules = union_of(chosen)
    if profile is not None:
        if kind or name:
            raise UsageError(message("profile_or_name"))
        from tsp_rules.checking.check import evaluate_all
        from tsp_rules.model.selection import validation_ruleset

        union = validation_ruleset(chosen)
        body = load_profile(profile, union)
        findings = evaluate_all(body, found, day, "python", union=union).findings
        asked = _covering(body, found) if not rulesets else found  # nothing the profile holds is dropped
        emit(make(union_of(asked), body, lang, findings=findings, as_of=day, rulesets=asked), output)
        return
    if not (kind and name and name.strip()):
        raise UsageError(message("profile_or_name_missing"))
    from tsp_rules.cycle.skeleton import fold_kind

    emit(make(rules, None, lang, fold_kind(kind), name.strip(), as_of=day, rulesets=found), output)


def _covering(body: Profile, found: list[Ruleset]) -> list[Ruleset]:
    """The rulesets in force, and each other bundled ruleset that knows traits, evidence or decisions of the
    profile that they do not use (a profile written for the programme, asked about today): the workbook then
    holds all of the profile, and reading it back gives the same profile."""
    from tsp_rules.model.selection import unused_by

    out = list(found)
    for rs in every_bundled():
        if rs.id not in {r.id for r in out} and sum(unused_by(body, [*out, rs])) < sum(unused_by(body, out)):
            out.append(rs)
    if len(out) == len(found):
        return out
    # in the order import reads them (every bundled ruleset, earliest first): an evidence kind that two rulesets
    # title differently is shown, and read back, with the first one's title
    order = [rs.id for rs in every_bundled()]
    return sorted(out, key=lambda rs: order.index(rs.id))
