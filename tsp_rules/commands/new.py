"""``tsp-check new --kind KIND --name NAME``: a commented profile skeleton for a body (see
:mod:`tsp_rules.cycle.skeleton`), for the rulesets given or the bundled rulesets in force on ``--as-of``. An
existing file is not overwritten without ``--force``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import emit, guarded, parse_date, rulesets_option_for, selected_rulesets, union_of

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang


@click.command("new")
@click.option("--kind", required=True, metavar="KIND",
              help="facknamnd, stadsdelsnamnd, kommunstyrelse or bolag (å, ä, ö accepted).")
@click.option("--name", required=True, metavar="NAME", help="The body's name, e.g. 'Miljö- och hälsoskyddsnämnden'.")
@rulesets_option_for("the bundled rulesets in force on --as-of")
@click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD",
              help="The date whose bundled rulesets the skeleton is for, without --ruleset (default: today).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of the comments.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the profile to FILE instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@guarded
def new(kind: str, name: str, rulesets: tuple[str, ...], as_of: dt.date | None, lang: Lang, output: Path | None,
        force: bool) -> None:
    """Write a profile skeleton for a new body: every trait with its allowed values (left unassessed),
    a commented example of every evidence kind, and an empty list of decisions. Without --ruleset, the
    bundled rulesets in force on --as-of (default: today) are used; --ruleset may be given more than once."""
    from tsp_rules.cycle.skeleton import skeleton
    from tsp_rules.errors import UsageError, message

    if output is not None and output.exists() and not force:
        raise UsageError(message("output_exists", output=output))
    chosen = selected_rulesets(rulesets, as_of)
    emit(skeleton(union_of(chosen), kind, name, lang, rulesets=[c.ruleset for c in chosen]), output)
