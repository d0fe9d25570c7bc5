"""``tsp-check remiss PROFILE``: a draft tjänsteutlåtande answering the programme's remiss for one body.

See :mod:`tsp_rules.cycle.remiss`. The remiss concerns the programme as proposed, so every obligation is
considered whatever part of the programme it belongs to and whenever that part was later replaced; the
profile's evidence is read on ``--as-of`` (default: the answer's date, ``--datum``). The exit code is 0
when the draft is written: the draft is not a compliance check, so gaps do not make it fail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from tsp_rules.commands._common import (
    InputPath,
    as_of_option,
    emit,
    engine_option,
    guarded,
    lang_option,
    output_option,
    parse_date,
    with_stdin,
)
from tsp_rules.errors import UsageError
from tsp_rules.errors import message as error_message

if TYPE_CHECKING:
    from tsp_rules.cycle.remiss import Proposal
    from tsp_rules.model.ruleset import Lang, Ruleset

REMISS_FORMATS = ("markdown", "text", "docx")
PROPOSAL_CHOICES = ("overlamna", "tillstyrka", "avstyrka")
_WARNING = {"sv": "tsp-check: varning: {message} Ange svarets datum med --datum.",
            "en": "tsp-check: warning: {message} Give the answer's date with --datum."}


SUFFIX_FORMATS = {".docx": "docx", ".txt": "text", ".md": "markdown", ".markdown": "markdown", "": "markdown"}


def _format(fmt: str | None, output: Path | None) -> str:
    """--format, or the format the -o suffix names; another suffix (``x.pdf``) is refused rather than
    filled with Markdown under a name that promises something else."""
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower() if output is not None else ""
    if suffix not in SUFFIX_FORMATS:
        raise UsageError(error_message("remiss_suffix", suffix=suffix, file=output))
    return SUFFIX_FORMATS[suffix]


def remissed(ruleset: str | None, datum: dt.date | None) -> Ruleset:
    """The ruleset whose remiss is answered. Not chosen by date like a check's: a remiss concerns one programme
    as proposed, before it applies, so the default is the bundled ruleset that was sent out for consultation
    (one with a ``remiss`` block: tsp-2018-2021, sent out in 2017); were there several, the one whose remiss
    period holds ``datum``, else the latest. A ruleset named with ``--ruleset`` is used as it is (without a
    ``remiss`` block its draft has placeholders for the sender and the period)."""
    from tsp_rules.model.compiler import bundled_rulesets, load_ruleset

    if ruleset is not None:
        return load_ruleset(ruleset)
    sent = sorted(((rs.remiss.period_from or dt.date.min, rs.id, rs) for rs in
                   (load_ruleset(n) for n in bundled_rulesets()) if rs.remiss is not None), key=lambda t: t[:2])
    if not sent:
        raise UsageError(error_message("remiss_none_bundled"))
    day = datum or dt.date.today()
    open_then = [rs for *_, rs in sent if rs.remiss is not None and rs.remiss.in_period(day)]
    return (open_then or [rs for *_, rs in sent])[-1]


@click.command("remiss")
@click.argument("profile", type=InputPath(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--ruleset", "ruleset", default=None, metavar="FILE|ID",
              help="A ruleset file, or the id of a bundled ruleset, whose remiss is answered (default: the bundled "
                   "ruleset sent out for consultation, tsp-2018-2021).")
@click.option("--datum", "datum", callback=parse_date, metavar="YYYY-MM-DD",
              help="The answer's date (default: today, with a warning when outside the remiss period).")
@as_of_option
@click.option("--forslag", "proposal", type=click.Choice(PROPOSAL_CHOICES),
              help="The proposed decision: overlamna (default: submit the report as the answer), or tillstyrka / "
                   "avstyrka the proposal and submit the report.")
@click.option("--dnr", help="The body's own diary number of the matter (default: a placeholder).")
@click.option("--handlaggare", help="The officer's name (default: a placeholder).")
@click.option("--forvaltning", help="The administration writing the report (default: from the body's kind, "
                                    "or a placeholder).")
@click.option("--sammantrade", callback=parse_date, metavar="YYYY-MM-DD",
              help="The date of the meeting the report goes to.")
@click.option("--format", "fmt", type=click.Choice(REMISS_FORMATS),
              help="markdown (default), text or docx (default from the -o suffix: .docx, .txt).")
@lang_option
@engine_option
@output_option
@guarded
def remiss(profile: Path, ruleset: str | None, datum: dt.date | None, as_of: dt.date | None, proposal: str | None,
           dnr: str | None, handlaggare: str | None, forvaltning: str | None, sammantrade: dt.date | None,
           fmt: str | None, lang: Lang, engine: str, output: Path | None) -> None:
    """Write a draft tjänsteutlåtande answering the programme's remiss for the body of PROFILE ('-': read
    the profile from standard input)."""
    from tsp_rules.cycle.remiss import RemissOptions, as_proposed, draft_for_profile, to_markdown, to_text

    chosen = _format(fmt, output)
    if chosen == "docx" and output is None:
        raise UsageError(error_message("docx_to_file"))
    options = RemissOptions(datum=datum, proposal=cast("Proposal | None", proposal), dnr=dnr,
                            handlaggare=handlaggare, forvaltning=forvaltning, sammantrade=sammantrade)
    rules = as_proposed(remissed(ruleset, datum))
    (source,) = with_stdin([profile], rules)
    draft = draft_for_profile(source, rules, lang, as_of=as_of, engine=engine, options=options)
    for message in draft.warnings:
        click.echo(_WARNING[lang].format(message=message), err=True)
    if chosen == "docx":
        from tsp_rules.cycle.remiss.docx import to_docx

        emit(to_docx(draft, lang), output)
    else:
        emit(to_text(draft) if chosen == "text" else to_markdown(draft), output)
