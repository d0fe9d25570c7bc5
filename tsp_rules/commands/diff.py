"""``tsp-check diff OLD.json NEW.json``: what changed between two reviews (see :mod:`tsp_rules.cycle.diff`).

Exit codes: 0 no new gap and nothing newly unassessed, 1 a new gap or a newly unassessed obligation,
2 a report that cannot be read, 3 internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import InputPath, emit, guarded, lang_option, output_option

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang

DIFF_FORMATS = ("text", "markdown", "html", "json")


@click.command("diff")
@click.argument("old", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=InputPath(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True,
              help="Output format.")
@lang_option
@output_option
@guarded
def diff(old: Path, new: Path, fmt: str, lang: Lang, output: Path | None) -> None:
    """Compare two JSON reports (e.g. last year's review and this year's): new gaps, closed gaps, other
    status changes, waivers granted and ended, bodies and obligations added or removed."""
    from tsp_rules.cycle.diff import diff_files, render_diff

    result = diff_files(old, new)
    emit(render_diff(result, fmt, lang), output)
    sys.exit(result.exit_code())
