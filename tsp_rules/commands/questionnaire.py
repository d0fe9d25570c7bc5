"""``tsp-check questionnaire [PROFILE | --kind KIND --name NAME] -o enkat.xlsx``: an Excel questionnaire
for one body, pre-filled from a profile if one is given (see :mod:`tsp_rules.cycle.questionnaire`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import InputPath, emit, guarded, parse_date, ruleset_option

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang


@click.command("questionnaire")
@click.argument("profile", required=False, type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", metavar="KIND", help="Without PROFILE: facknamnd, stadsdelsnamnd, kommunstyrelse or bolag.")
@click.option("--name", metavar="NAME", help="Without PROFILE: the body's name.")
@ruleset_option
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of the workbook.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
@click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD",
              help="With PROFILE: the check date whose gaps and unassessed obligations fill the actions sheet "
                   "(default: today).")
@guarded
def questionnaire(profile: Path | None, kind: str | None, name: str | None, ruleset: str, lang: Lang,
                  output: Path, as_of: dt.date | None) -> None:
    """Write an Excel questionnaire for one body: traits with dropdowns, evidence, decisions, actions and
    instructions; pre-filled from PROFILE, or empty for a new body (--kind and --name)."""
    from tsp_rules.cycle.questionnaire import questionnaire as make
    from tsp_rules.errors import UsageError, message
    from tsp_rules.model.compiler import load_ruleset
    from tsp_rules.model.profile import load_profile

    rules = load_ruleset(ruleset)
    if profile is not None:
        if kind or name:
            raise UsageError(message("profile_or_name"))
        from tsp_rules.checking.check import evaluate

        body = load_profile(profile, rules)
        day = as_of or dt.date.today()
        emit(make(rules, body, lang, findings=evaluate(body, rules, day, "python").findings, as_of=day), output)
        return
    if not (kind and name and name.strip()):
        raise UsageError(message("profile_or_name_missing"))
    from tsp_rules.cycle.skeleton import fold_kind

    emit(make(rules, None, lang, fold_kind(kind), name.strip()), output)
