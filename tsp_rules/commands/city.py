"""``tsp-check city FOLDER``: check every profile under a folder and write the city-wide matrix.

The HTML matrix by default (streamed, see :mod:`tsp_rules.cycle.city`), or any other report format with
``--format``; a summary of counts per status per focus area and of the bodies with the most gaps goes to
standard output when the report goes to a file with ``-o``, to standard error otherwise.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tsp_rules.commands._common import (
    InputPath,
    as_of_option,
    check_binary,
    csv_dialect_option,
    emit,
    engine_option,
    fail_on_option,
    format_option,
    guarded,
    jobs_option,
    lang_option,
    output_option,
    quiet_option,
    render_report,
    rulesets_option,
    selected_rulesets,
)

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang

_MOVED = ("MatrixPart", "MatrixSpool", "city_matrix", "city_report", "city_summary", "matrix_part",
          "ruleset_columns", "shared_parts")


def __getattr__(name: str) -> Any:
    """The matrix functions that lived here are in :mod:`tsp_rules.cycle.city` now; old imports still work."""
    if name in _MOVED:
        from tsp_rules.cycle import city as library

        return getattr(library, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@click.command("city")
@click.argument("folder", type=InputPath(exists=True, file_okay=False, path_type=Path))
@rulesets_option
@as_of_option
@format_option("html")
@lang_option
@engine_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many bodies to list under 'most gaps' in the summary.")
@output_option
@jobs_option
@fail_on_option
@csv_dialect_option
@quiet_option
@guarded
def city(folder: Path, rulesets: tuple[str, ...], as_of: dt.date | None, fmt: str, lang: Lang, engine: str, top: int,
         output: Path | None, jobs: int, fail_on: str, csv_dialect: str, quiet: bool) -> None:
    """Check every profile under FOLDER and write the city-wide matrix (HTML by default). Without --ruleset,
    the bundled rulesets in force on the check date are used; --ruleset may be given more than once."""
    from tsp_rules.cycle.city import city_matrix, city_report, city_summary

    check_binary(fmt, output)
    chosen = selected_rulesets(rulesets, as_of)
    if fmt == "html":  # the default: streamed, the findings are not held
        summary, exit_code = city_matrix(folder, chosen, as_of, engine, jobs, lang, output, top,
                                         fail_on, quiet)
        if not quiet:
            click.echo(summary, nl=False, err=output is None)
        sys.exit(exit_code)
    report = city_report(folder, chosen, as_of, engine, jobs, lang, quiet)
    emit(render_report(report, fmt, lang, output, csv_dialect), output)
    if not quiet:
        click.echo(city_summary(report, lang, top), nl=False, err=output is None)
    sys.exit(report.exit_code(fail_on))
