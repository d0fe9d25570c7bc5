"""``tsp-check import enkat.xlsx [-o profile.yaml]``: read a filled-in questionnaire back into a profile.
Every problem is reported at once as ``enkat.xlsx!Underlag!C7: message`` (exit code 2) and nothing is
written; see :mod:`tsp_rules.cycle.questionnaire`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import InputPath, emit, guarded, ruleset_option

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang


@click.command("import")
@click.argument("workbook", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@ruleset_option
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of the comment at the top of the profile.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the profile to FILE (atomically) instead of standard output.")
@guarded
def import_workbook(workbook: Path, ruleset: str, lang: Lang, output: Path | None) -> None:
    """Read a questionnaire (made with tsp-check questionnaire and filled in) and write the profile (YAML);
    it is checked against the ruleset like any profile."""
    from tsp_rules.cycle.questionnaire import profile_yaml, read_workbook
    from tsp_rules.model.compiler import load_ruleset

    _, text = read_workbook(workbook, load_ruleset(ruleset), workbook.name)
    emit(profile_yaml(text, workbook.name, lang), output)
