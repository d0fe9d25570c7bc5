"""``tsp-check new --kind KIND --name NAME``: a commented profile skeleton for a body (see
:mod:`tsp_rules.cycle.skeleton`). An existing file is not overwritten without ``--force``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import emit, guarded, ruleset_option

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang


@click.command("new")
@click.option("--kind", required=True, metavar="KIND",
              help="facknamnd, stadsdelsnamnd, kommunstyrelse or bolag (å, ä, ö accepted).")
@click.option("--name", required=True, metavar="NAME", help="The body's name, e.g. 'Miljö- och hälsoskyddsnämnden'.")
@ruleset_option
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of the comments.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the profile to FILE instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@guarded
def new(kind: str, name: str, ruleset: str, lang: Lang, output: Path | None, force: bool) -> None:
    """Write a profile skeleton for a new body: every trait with its allowed values (left unassessed),
    a commented example of every evidence kind, and an empty list of decisions."""
    from tsp_rules.cycle.skeleton import skeleton
    from tsp_rules.errors import UsageError, message
    from tsp_rules.model.compiler import load_ruleset

    if output is not None and output.exists() and not force:
        raise UsageError(message("output_exists", output=output))
    emit(skeleton(load_ruleset(ruleset), kind, name, lang), output)
