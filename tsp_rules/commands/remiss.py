"""``tsp-check remiss PROFILE``: a Markdown draft of the body's view on the programme's demands.

See :mod:`tsp_rules.renderers.remiss`. The exit code is 0 when the draft is written: the draft is not a
compliance check, so gaps do not make it fail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import (
    as_of_option,
    emit,
    engine_option,
    guarded,
    lang_option,
    output_option,
    ruleset_option,
)
from tsp_rules.errors import UsageError

if TYPE_CHECKING:
    from tsp_rules.ruleset import Lang


@click.command("remiss")
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ruleset_option
@as_of_option
@lang_option
@engine_option
@output_option
@guarded
def remiss(profile: Path, ruleset: str, as_of: dt.date | None, lang: Lang, engine: str,
           output: Path | None) -> None:
    """Write a draft remiss answer (Markdown) on the programme's demands for the body of PROFILE."""
    from tsp_rules.check import check as run_check
    from tsp_rules.renderers.remiss import render_remiss
    from tsp_rules.ruleset import load_ruleset

    report = run_check([profile], ruleset=load_ruleset(ruleset), as_of=as_of, engine=engine)
    if report.absent:  # the body did not exist on the date: there is nothing to answer for
        absent = {p.id for p in report.absent}
        raise UsageError(" ".join(w.message(lang) for w in report.warnings if w.profile in absent))
    emit(render_remiss(report, lang), output)
