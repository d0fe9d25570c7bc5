"""``tsp-check oscal catalog|results``: the rulesets as an OSCAL catalog, or a check as OSCAL assessment
results (JSON), for the compliance tools that import OSCAL; see :mod:`tsp_rules.renderers.oscal`.

Exit codes: 0 the document was written (findings do not fail it: it is an export, not a check), 2 bad input or
usage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import (
    InputPath,
    as_of_option,
    emit,
    engine_option,
    guarded,
    lang_option,
    output_option_for,
    rulesets_option,
    selected_rulesets,
)

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang


@click.command("oscal")
@click.argument("what", type=click.Choice(["catalog", "results"]))
@click.argument("paths", nargs=-1, metavar="[PATH...]", type=InputPath(exists=True, path_type=Path))
@rulesets_option
@as_of_option
@lang_option
@engine_option
@output_option_for("the OSCAL document")
@guarded
def oscal(what: str, paths: tuple[Path, ...], rulesets: tuple[str, ...], as_of: dt.date | None, lang: Lang,
          engine: str, output: Path | None) -> None:
    """Write OSCAL (JSON): 'catalog', the rulesets as a catalog of controls; or 'results PATH...', the check of
    the profiles as assessment results, each finding an observation and a finding with its status, reasons and
    source. Without --ruleset, the bundled rulesets in force on the check date are used."""
    from tsp_rules.errors import UsageError, message
    from tsp_rules.renderers.oscal import assessment_results, catalog, to_json

    day = as_of or dt.date.today()
    chosen = selected_rulesets(rulesets, day)
    if what == "catalog":
        if paths:
            raise UsageError(message("oscal_catalog_paths"))
        emit(to_json(catalog([c.ruleset for c in chosen], day, lang)), output)
        return
    if not paths:
        raise UsageError(message("oscal_results_paths"))
    from tsp_rules.checking.check import check

    report = check(list(paths), as_of=day, engine=engine, rulesets=list(chosen))
    emit(to_json(assessment_results(report, lang)), output)
