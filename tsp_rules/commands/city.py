"""``tsp-check city FOLDER``: check every profile under a folder and write the city-wide matrix.

The compliance lägesbild that kommunstyrelsen compiles from those of nämnder and bolag: the HTML matrix
by default (or any other format with ``--format``), and a summary on the terminal of the counts per
status per focus area and the bodies with the most gaps (on standard output when the report goes to a
file with ``-o``, on standard error otherwise, so it never mixes with the report).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from tsp_rules.check import check as run_check
from tsp_rules.commands._options import (
    as_of_option,
    engine_option,
    guarded,
    lang_option,
    output_option,
    ruleset_option,
)
from tsp_rules.errors import UsageError
from tsp_rules.findings import STATUSES, Report
from tsp_rules.profile import iter_profile_paths
from tsp_rules.renderers import FORMATS, render
from tsp_rules.renderers.common import area_label, area_status_counts, most_gaps, word
from tsp_rules.renderers.html import render_matrix
from tsp_rules.ruleset import Lang, Text, load_ruleset

TEXT: dict[str, Text] = {
    "heading": Text("Stadsövergripande summering per {as_of}: {n} nämnder och bolag, {k} bedömningar.",
                    "City-wide summary as of {as_of}: {n} committees and companies, {k} findings."),
    "no_profiles": Text("inga profiler (*.yaml, *.yml) under {folder}", "no profiles (*.yaml, *.yml) under {folder}"),
    "none": Text("  inga brister", "  no gaps"),
}


def city_summary(report: Report, lang: Lang, top: int = 10) -> str:
    """Counts per status per focus area, and the bodies with the most gaps, as an aligned text table."""
    lines = [TEXT["heading"].get(lang).format(as_of=report.as_of.isoformat(), n=len(report.profiles),
                                              k=len(report.findings)), ""]
    per_area = area_status_counts(report)
    rows = [(area_label(a, lang), found) for a, found in per_area.items()]
    rows.append((word("total", lang), report.counts))
    first = max([len(word("focus_area", lang)), *(len(label) for label, _ in rows)])
    widths = [max(len(s.label(lang)), 5) for s in STATUSES]
    lines.append(f"{word('focus_area', lang):<{first}}  "
                 + "  ".join(f"{s.label(lang):>{w}}" for s, w in zip(STATUSES, widths, strict=True)))
    for label, found in rows:
        lines.append(f"{label:<{first}}  "
                     + "  ".join(f"{found[s.value]:>{w}}" for s, w in zip(STATUSES, widths, strict=True)))
    lines += ["", f"{word('most_gaps', lang)}:"]
    ranked = most_gaps(report, top)
    if not ranked:
        lines.append(TEXT["none"].get(lang))
    lines += [f"  {i}. {p.name} [{p.id}]: {n}" for i, (p, n) in enumerate(ranked, start=1)]
    return "\n".join(lines) + "\n"


@click.command("city")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@ruleset_option
@as_of_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="Output format (xlsx needs -o).")
@lang_option
@engine_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many bodies to list under 'most gaps' in the summary.")
@output_option
@guarded
def city(folder: Path, ruleset: str, as_of: dt.date | None, fmt: str, lang: Lang, engine: str, top: int,
         output: Path | None) -> None:
    """Check every profile under FOLDER and write the city-wide matrix (HTML by default)."""
    from tsp_rules.cli import _check_binary, _emit, _render

    _check_binary(fmt, output)
    if not any(True for _ in iter_profile_paths([folder])):
        raise UsageError(TEXT["no_profiles"].get(lang).format(folder=folder))
    report = run_check([folder], ruleset=load_ruleset(ruleset), as_of=as_of, engine=engine)
    data = render_matrix(report, lang) if fmt == "html" else _render(report, fmt, lang, output)
    _emit(data, output)
    click.echo(city_summary(report, lang, top), nl=False, err=output is None)
    sys.exit(report.exit_code())


__all__ = ["city", "city_summary", "render"]
