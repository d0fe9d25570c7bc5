"""``tsp-check city FOLDER``: check every profile under a folder and write the city-wide matrix.

The compliance lägesbild that kommunstyrelsen compiles from those of nämnder and bolag: the HTML matrix
by default (or any other format with ``--format``), and a summary on the terminal of the counts per
status per focus area and the bodies with the most gaps (on standard output when the report goes to a
file with ``-o``, on standard error otherwise, so it never mixes with the report).

Profiles are read and evaluated one at a time through :func:`~tsp_rules.check.iter_check` (``--jobs N``
spreads them over N worker processes, with the same output; a progress bar shows on standard error
when it is a terminal), and every bad file is reported together before anything is written. The
matrix needs every cell, so the findings of all profiles are kept until the report is rendered; what
several profiles share (obligation titles, citations and explanation summaries) is kept once.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import click

from tsp_rules.check import ProfileResult, iter_check, iter_sources, report_from_results
from tsp_rules.commands._options import (
    as_of_option,
    engine_option,
    guarded,
    jobs_option,
    lang_option,
    output_option,
    ruleset_option,
)
from tsp_rules.engines import get_engine
from tsp_rules.errors import UsageError
from tsp_rules.findings import STATUSES, Report
from tsp_rules.renderers import FORMATS, render
from tsp_rules.renderers.common import area_label, area_status_counts, most_gaps, word
from tsp_rules.renderers.html import render_matrix
from tsp_rules.ruleset import Lang, Ruleset, Text, load_ruleset

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


def shared_parts(results: Iterable[ProfileResult], ruleset: Ruleset) -> Iterator[ProfileResult]:
    """``results`` with the parts that profiles have in common (titles, citations, summaries) held once.

    In one process these are already shared (the ruleset's own objects and its memo); results that come
    back from worker processes carry copies, one per chunk, which would make the report several times
    larger. Equal values are replaced by the first one seen, starting with the ruleset's own."""
    pool: dict[Any, Any] = {}
    for ob in ruleset.obligations:
        pool.setdefault(ob.title, ob.title)
        pool.setdefault(ob.citation, ob.citation)
    for result in results:
        findings = tuple(attrs.evolve(f, title=pool.setdefault(f.title, f.title),
                                      summary=pool.setdefault(f.summary, f.summary),
                                      citation=pool.setdefault(f.citation, f.citation))
                         for f in result.findings)
        yield attrs.evolve(result, findings=findings)


def city_report(folder: Path, ruleset: Ruleset, as_of: dt.date | None, engine: str, jobs: int = 1,
                lang: Lang = "sv") -> Report:
    """The report on every profile under ``folder``, evaluated one profile at a time (in ``jobs``
    processes), with a progress bar on standard error when it is a terminal. Raises the problems of
    every bad file together (:class:`~tsp_rules.errors.InputError`) after the last profile."""
    from tsp_rules.cli import progress_bar

    day = as_of or dt.date.today()
    sources = list(iter_sources([folder]))  # paths only: nothing is read yet
    if not sources:
        raise UsageError(TEXT["no_profiles"].get(lang).format(folder=folder))
    engine_name = get_engine(engine).name
    with progress_bar(len(sources), "tsp-check city") as advance:
        results: Iterable[ProfileResult] = iter_check(sources, ruleset, day, engine, jobs=jobs, progress=advance)
        if jobs > 1:
            results = shared_parts(results, ruleset)
        return report_from_results(results, ruleset, day, engine_name)


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
@jobs_option
@guarded
def city(folder: Path, ruleset: str, as_of: dt.date | None, fmt: str, lang: Lang, engine: str, top: int,
         output: Path | None, jobs: int) -> None:
    """Check every profile under FOLDER and write the city-wide matrix (HTML by default)."""
    from tsp_rules.cli import _check_binary, _emit, _render

    _check_binary(fmt, output)
    report = city_report(folder, load_ruleset(ruleset), as_of, engine, jobs, lang)
    data = render_matrix(report, lang) if fmt == "html" else _render(report, fmt, lang, output)
    _emit(data, output)
    click.echo(city_summary(report, lang, top), nl=False, err=output is None)
    sys.exit(report.exit_code())


__all__ = ["city", "city_report", "city_summary", "render", "shared_parts"]
