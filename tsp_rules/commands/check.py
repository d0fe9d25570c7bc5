"""``tsp-check check PATH...``: check profile files, or every profile under folders, and report each
obligation. Exit codes: 0 no gaps and nothing unassessed, 1 gaps or not-assessed obligations, 2 bad input
or usage, 3 internal error."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import (
    InputPath,
    as_of_option,
    check_binary,
    color,
    csv_dialect_option,
    emit,
    engine_option,
    fail_on_option,
    format_option,
    guarded,
    jobs_option,
    lang_option,
    no_profiles_message,
    output_option,
    progress_bar,
    quiet_option,
    render_report,
    rulesets_option,
    selected_rulesets,
    settled_collector,
    stdout_reader_may_leave,
    warn_empty_folders,
    with_stdin,
    writing,
)
from tsp_rules.errors import UsageError

if TYPE_CHECKING:
    from tsp_rules.model.profile import Profile
    from tsp_rules.model.ruleset import Lang, Ruleset
    from tsp_rules.model.selection import Selected


def run_streaming(paths: Iterable[Path], ruleset: Ruleset | Sequence[Selected], as_of: dt.date | None, fmt: str,
                  lang: Lang,
                  engine: str, output: Path | None, jobs: int, *, fail_on: str = "not_assessed", quiet: bool = False,
                  csv_dialect: str = "rfc4180") -> int:
    """Check profile files one at a time and write the report in ``fmt`` (to ``output`` atomically, or to
    standard output); nothing is written when any file is bad. Returns the exit code of the findings.
    Shared by ``check`` and other commands that report on many profiles. ``ruleset``: one ruleset, or the
    rulesets of the check (see :func:`tsp_rules.model.selection.select_rulesets`). The garbage collector is
    settled meanwhile (:func:`~tsp_rules.commands._common.settled_collector`)."""
    with settled_collector():
        return _run_streaming(paths, ruleset, as_of, fmt, lang, engine, output, jobs, fail_on=fail_on, quiet=quiet,
                              csv_dialect=csv_dialect)


def _run_streaming(paths: Iterable[Path], ruleset: Ruleset | Sequence[Selected], as_of: dt.date | None, fmt: str,
                   lang: Lang, engine: str, output: Path | None, jobs: int, *, fail_on: str,
                   quiet: bool, csv_dialect: str) -> int:
    """:func:`run_streaming`'s work."""
    import functools

    from tsp_rules.checking.check import count_sources, iter_check, report_from_results, report_header
    from tsp_rules.checking.findings import RulesetInfo
    from tsp_rules.documents.output import open_atomic_bytes
    from tsp_rules.engines import get_engine
    from tsp_rules.model.ruleset import Ruleset
    from tsp_rules.model.selection import Selected, validation_ruleset
    from tsp_rules.renderers import streaming
    from tsp_rules.renderers.text import ground_sources, obligation_order

    day = as_of or dt.date.today()
    chosen = (Selected(ruleset),) if isinstance(ruleset, Ruleset) else tuple(ruleset)
    found = [c.ruleset for c in chosen]
    paths = list(paths)
    sources = tuple(with_stdin(paths, validation_ruleset(chosen)))  # iter_check walks them again (no list is held)
    count = count_sources(sources)
    if not count:
        raise UsageError(no_profiles_message(paths, lang))
    warn_empty_folders(paths)
    engine_name = get_engine(engine).name
    headers = [RulesetInfo.of(c.ruleset, c.reason, day, [d.ruleset.id for d in chosen]) for c in chosen]
    if fmt == "xlsx" and output is not None:
        return _stream_workbook(sources, chosen, day, lang, engine, engine_name, output, jobs, count,
                                fail_on=fail_on, quiet=quiet)
    if fmt == "html" and count > 1:
        return _stream_matrix(sources, chosen, day, lang, engine, engine_name, output, jobs, count,
                              fail_on=fail_on, quiet=quiet)
    with progress_bar(count, "tsp-check", quiet) as advance:
        if fmt not in streaming.STREAMING_FORMATS:
            results = iter_check(sources, None, day, engine, jobs=jobs, progress=advance, rulesets=chosen)
            report = report_from_results(results, chosen, day, engine_name)
            emit(render_report(report, fmt, lang, output, csv_dialect), output)
            return report.exit_code(fail_on)
        use_color = color(fmt, output)
        writer = streaming.ReportWriter(fmt, lang, headers, day, engine_name, report_header(found, day),
                                        color=use_color)
        groups = tuple(streaming.Group(rs.id, obligation_order(rs), ground_sources(rs, lang)) for rs in found)
        transform = functools.partial(streaming.render_part, fmt=fmt, lang=lang, single=count == 1,
                                      order=obligation_order(found[0]), color=use_color,
                                      grounds=ground_sources(found[0], lang), groups=groups)
        parts = iter_check(sources, None, day, engine, jobs=jobs, progress=advance, transform=transform,
                           rulesets=chosen)
        try:
            for part in parts:
                writer.add(part)
        except BaseException:
            writer.close()
            raise
    with writer:
        if output is None:
            with stdout_reader_may_leave():
                writer.write(sys.stdout.write)
                sys.stdout.flush()
        else:
            with writing(output), open_atomic_bytes(output) as handle:
                writer.write_bytes(handle.write)
    return writer.exit_code(fail_on)


def _stream_matrix(sources: Sequence[Path | Profile], chosen: Sequence[Selected], day: dt.date, lang: Lang,
                   engine: str, engine_name: str, output: Path | None, jobs: int, count: int, *, fail_on: str,
                   quiet: bool) -> int:
    """The HTML report of several profiles, streamed as ``city`` streams its matrix: each body's row is
    rendered as it is checked and spooled to a temporary file, only totals stay in memory, and the page is
    byte for byte the one the whole-report renderer makes. When only one of the profiles existed on the date
    the page is that body's own (as the renderer makes it): that profile is checked again, from the whole
    report of the run, which then holds one profile."""
    import functools

    from tsp_rules.checking.check import iter_check, report_from_results
    from tsp_rules.checking.findings import exit_code_for
    from tsp_rules.cycle.city import MatrixSpool, matrix_part, ruleset_columns
    from tsp_rules.documents.output import write_pieces
    from tsp_rules.renderers.html import matrix_page

    columns = ruleset_columns([c.ruleset for c in chosen])
    with MatrixSpool(chosen, day, engine_name, columns) as spool:
        with progress_bar(count, "tsp-check", quiet) as advance:
            transform = functools.partial(matrix_part, columns=columns, lang=lang)
            for part in iter_check(sources, None, day, engine, jobs=jobs, progress=advance, transform=transform,
                                   rulesets=chosen):
                spool.add(part)
        totals = spool.totals()
        if totals.profiles == 1:  # one body's page, not a matrix: from the report of that one body
            report = report_from_results(iter_check(sources, None, day, engine, rulesets=chosen), chosen, day,
                                         engine_name)
            emit(render_report(report, "html", lang, output), output)
            return report.exit_code(fail_on)
        pieces = matrix_page(totals, spool.rows(), lang)
        write_pieces(pieces, output)
    return exit_code_for(totals.total, fail_on)


def _stream_workbook(sources: Sequence[Path | Profile], chosen: Sequence[Selected], day: dt.date, lang: Lang,
                     engine: str, engine_name: str, output: Path, jobs: int, count: int, *, fail_on: str,
                     quiet: bool) -> int:
    """The Excel workbook, written without holding the report (:mod:`tsp_rules.renderers.xlsx_stream`): each
    profile's rows are spooled as its result comes (the results come from the workers with ``--jobs``; the
    rows are worked out here), and the workbook is the same bytes as the whole-report renderer's."""
    from tsp_rules.checking.check import iter_check, report_from_results
    from tsp_rules.documents.output import open_atomic_bytes
    from tsp_rules.renderers.xlsx_stream import XlsxWriter

    base = report_from_results((), chosen, day, engine_name)  # the rulesets, the date, the coverage
    with XlsxWriter(base, lang) as writer:
        with progress_bar(count, "tsp-check", quiet) as advance:
            for result in iter_check(sources, None, day, engine, jobs=jobs, progress=advance, rulesets=chosen):
                writer.add(result)
        with writing(output), open_atomic_bytes(output) as handle:
            writer.write(handle)
    return writer.exit_code(fail_on)


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=InputPath(exists=True, allow_dash=True, path_type=Path))
@rulesets_option
@as_of_option
@format_option("text")
@lang_option
@engine_option
@output_option
@jobs_option
@fail_on_option
@csv_dialect_option
@quiet_option
@guarded
def check(paths: tuple[Path, ...], rulesets: tuple[str, ...], as_of: dt.date | None, fmt: str, lang: Lang, engine: str,
          output: Path | None, jobs: int, fail_on: str, csv_dialect: str, quiet: bool) -> None:
    """Check profile files, or every *.yaml profile under folders, and report each obligation. A PATH of
    '-' reads one profile from standard input. Without --ruleset, the bundled rulesets in force on the check
    date are used; --ruleset may be given more than once."""
    check_binary(fmt, output)
    sys.exit(run_streaming(paths, selected_rulesets(rulesets, as_of), as_of, fmt, lang, engine, output, jobs,
                           fail_on=fail_on, quiet=quiet, csv_dialect=csv_dialect))
