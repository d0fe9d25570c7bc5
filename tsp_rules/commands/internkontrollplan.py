"""``tsp-check internkontrollplan PATH... -o plan.xlsx [--docx bilaga.docx]``: a draft internkontrollplan for
one body or a folder of bodies (see :mod:`tsp_rules.cycle.ikplan`): an Excel workbook, and optionally a Word
appendix, with one row per gap or unassessed obligation and per open action on it, to be adopted by the nämnd.

Exit codes: 0 written, 2 bad input or usage (nothing is written).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import as_of_option, guarded, lang_option, rulesets_option, selected_rulesets

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang


@click.command("internkontrollplan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@rulesets_option
@as_of_option
@lang_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
@click.option("--docx", "word", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the plan as a Word appendix (.docx).")
@guarded
def internkontrollplan(paths: tuple[Path, ...], rulesets: tuple[str, ...], as_of: dt.date | None, lang: Lang,
                       output: Path, word: Path | None) -> None:
    """Write a draft internkontrollplan for the bodies' gaps, unassessed obligations and open actions: an
    Excel workbook (and with --docx a Word appendix) to be adopted by the nämnd. Likelihood and consequence
    are left for people to score."""
    from tsp_rules.checking.check import check
    from tsp_rules.cycle import ikplan
    from tsp_rules.documents.output import write_atomic

    day = as_of or dt.date.today()
    report = check(list(paths), as_of=day, engine="python", lang=lang,
                   rulesets=[s.ruleset for s in selected_rulesets(rulesets, day)])
    workbook = ikplan.to_xlsx(report, lang)
    appendix = ikplan.to_docx(report, lang) if word is not None else None
    write_atomic(output, workbook)
    if word is not None and appendix is not None:
        write_atomic(word, appendix)
