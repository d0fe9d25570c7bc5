"""``tsp-check import enkat.xlsx [-o profile.yaml]``: read a filled-in questionnaire back into a profile.
Every problem is reported at once as ``enkat.xlsx!Underlag!C7: message`` (exit code 2) and nothing is
written; see :mod:`tsp_rules.cycle.questionnaire`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import InputPath, emit, every_bundled, guarded, rulesets_option_for, union_of

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang


@click.command("import")
@click.argument("workbook", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@rulesets_option_for("every bundled ruleset, as check accepts a profile without --ruleset")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of the comment at the top of the profile.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the profile to FILE (atomically) instead of standard output.")
@guarded
def import_workbook(workbook: Path, rulesets: tuple[str, ...], lang: Lang, output: Path | None) -> None:
    """Read a questionnaire (made with tsp-check questionnaire and filled in) and write the profile (YAML);
    it is checked like any profile: against the rulesets given with --ruleset, or else against every bundled
    ruleset, as check does when it chooses the rulesets by date."""
    from tsp_rules.cycle.questionnaire import profile_yaml, read_workbook
    from tsp_rules.model.selection import select_rulesets

    chosen = [c.ruleset for c in select_rulesets(list(rulesets), dt.date.today())] if rulesets else every_bundled()
    _, text = read_workbook(workbook, union_of(chosen), workbook.name, members=chosen)
    emit(profile_yaml(text, workbook.name, lang), output)
