"""``tsp-check``: the thin command line over the library. Exit codes: 0 no gaps and nothing
unassessed, 1 gaps or not-assessed obligations, 2 bad input or usage, 3 internal error."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from tsp_rules.check import MAX_JOBS, iter_check, iter_sources, report_from_results, report_header
from tsp_rules.commands._options import parse_date
from tsp_rules.engines import ENGINE_NAMES, get_engine
from tsp_rules.errors import InputError, TspError, UsageError, message
from tsp_rules.findings import Report, RulesetInfo
from tsp_rules.output import open_atomic, write_atomic
from tsp_rules.renderers import BINARY_RENDERERS, FORMATS, render
from tsp_rules.renderers.text import obligation_order, use_color
from tsp_rules.ruleset import DEFAULT_RULESET, Lang, Ruleset, load_ruleset
from tsp_rules.schemas import SCHEMAS
from tsp_rules.streaming import STREAMING_FORMATS, ReportWriter, render_part
from tsp_rules.texts import error_language

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C
F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def _writing(output: Path) -> Iterator[None]:
    """An output file that cannot be written is a usage error (exit 2), not an internal one."""
    try:
        yield
    except OSError as exc:
        raise UsageError(message("cannot_write", file=output, reason=exc.strerror or exc)) from None


@contextlib.contextmanager
def _stdout_reader_may_leave() -> Iterator[None]:
    """A reader that stops early (``tsp-check check … | head``) is not an error: the rest is dropped."""
    try:
        yield
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no real stdout under test runners
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so that the interpreter's last flush does not fail


def _emit(data: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(data, bytes):  # refused before rendering by _check_binary; never dump bytes on a terminal
            raise UsageError(message("binary_to_file"))
        with _stdout_reader_may_leave():
            click.echo(data, nl=False)
    else:
        with _writing(output):
            write_atomic(output, data)


def _check_binary(fmt: str, output: Path | None) -> None:
    """Refuse a binary format to standard output before any work is done (exit 2)."""
    if fmt in BINARY_RENDERERS and output is None:
        raise UsageError(message("binary_format", fmt=fmt))


def _color(fmt: str, output: Path | None) -> bool:
    """Colour only for text on a terminal without NO_COLOR, never into a file."""
    return fmt == "text" and output is None and use_color(sys.stdout)


def _render(report: Report, fmt: str, lang: str, output: Path | None) -> str | bytes:
    return render(report, fmt, lang, color=_color(fmt, output))  # type: ignore[arg-type]


def guarded(func: F) -> F:
    """Map library errors to exit codes: input problems 2 (each on its own line), anything else 3."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        lang: Lang = "en" if ctx.params.get("lang") == "en" else "sv"  # chosen before any file is read
        try:
            with error_language(lang):
                return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(problem.render(lang), err=True)
            ctx.exit(EXIT_INPUT)
        except UsageError as exc:
            click.echo(f"tsp-check: {exc.render(lang)}", err=True)
            ctx.exit(EXIT_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:  # not a finding (1) nor a bug (3); a report being written is left as it was
            click.echo(f"tsp-check: {message('interrupted').get(lang)}", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except (TspError, Exception) as exc:
            if ctx.find_root().params.get("debug"):
                traceback.print_exc()
            else:
                detail = f"{type(exc).__name__}: {exc}"
                click.echo(f"tsp-check: {message('internal', detail=detail).get(lang)}", err=True)
            ctx.exit(EXIT_INTERNAL)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tsp-rules", prog_name="tsp-check")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def main(debug: bool) -> None:
    """Check Stockholm's nämnder and bolag against the trygghets- och säkerhetsprogram."""


ruleset_option = click.option(
    "--ruleset", "ruleset", default=DEFAULT_RULESET, show_default=True, metavar="FILE|ID",
    help="A ruleset file, or the id of a bundled ruleset.",
)
lang_option = click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
                           help="Language of the report text.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                             help="Write the report to FILE (atomically) instead of standard output.")


jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, MAX_JOBS), default=1, show_default=True,
                           help="Evaluate profiles in N worker processes (same output as with 1).")


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()


PROGRESS_MIN = 50
"""Runs with fewer profile files than this show no progress bar."""


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error for long runs, only when standard error is a terminal.

    It is redrawn at most ten times a second, and erased at the end so that it leaves no trace.
    """
    if total < PROGRESS_MIN or not stderr_is_tty():
        yield None
        return
    stream = sys.stderr
    last = [0.0]

    def advance(done: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.1 and done < total:
            return
        last[0] = now
        filled = 30 * done // total
        stream.write(f"\r{label} [{'#' * filled}{'-' * (30 - filled)}] {done}/{total}")
        stream.flush()

    try:
        yield advance
    finally:
        stream.write("\r" + " " * (len(label) + 45) + "\r")
        stream.flush()


def run_streaming(paths: Iterable[Path], ruleset: Ruleset, as_of: dt.date | None, fmt: str, lang: Lang,
                  engine: str, output: Path | None, jobs: int) -> int:
    """Check profile files one at a time and write the report in ``fmt`` (to ``output`` atomically, or to
    standard output); nothing is written when any file is bad. Returns the exit code of the findings.
    Shared by ``check`` and other commands that report on many profiles."""
    day = as_of or dt.date.today()
    sources = list(iter_sources(paths))
    engine_name = get_engine(engine).name
    header = RulesetInfo(ruleset.id, ruleset.version, ruleset.digest, ruleset.title)
    with progress_bar(len(sources), "tsp-check") as advance:
        if fmt not in STREAMING_FORMATS:
            results = iter_check(sources, ruleset, day, engine, jobs=jobs, progress=advance)
            report = report_from_results(results, ruleset, day, engine_name)
            _emit(_render(report, fmt, lang, output), output)
            return report.exit_code()
        color = _color(fmt, output)
        writer = ReportWriter(fmt, lang, header, day, engine_name, report_header(ruleset, day), color=color)
        transform = functools.partial(render_part, fmt=fmt, lang=lang, single=len(sources) == 1,
                                      order=obligation_order(ruleset), color=color)
        parts = iter_check(sources, ruleset, day, engine, jobs=jobs, progress=advance, transform=transform)
        try:
            for part in parts:
                writer.add(part)
        except BaseException:
            writer.close()
            raise
    with writer:
        if output is None:
            with _stdout_reader_may_leave():
                writer.write(sys.stdout.write)
                sys.stdout.flush()
        else:
            with _writing(output), open_atomic(output) as handle:
                writer.write(handle.write)
    return writer.exit_code()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@ruleset_option
@click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD",
              help="The check date (default: today).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format (xlsx needs -o).")
@lang_option
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default="durable", show_default=True,
              help="The evaluation back end.")
@output_option
@jobs_option
@guarded
def check(paths: tuple[Path, ...], ruleset: str, as_of: dt.date | None, fmt: str, lang: Lang, engine: str,
          output: Path | None, jobs: int) -> None:
    """Check profile files, or every *.yaml profile under folders, and report each obligation."""
    _check_binary(fmt, output)
    sys.exit(run_streaming(paths, load_ruleset(ruleset), as_of, fmt, lang, engine, output, jobs))


@main.command()
@click.argument("what", type=click.Choice(sorted(SCHEMAS)))
@ruleset_option
@output_option
@guarded
def schema(what: str, ruleset: str, output: Path | None) -> None:
    """Print the JSON Schema of a profile, a ruleset or the JSON report."""
    _emit(json.dumps(SCHEMAS[what](load_ruleset(ruleset)), ensure_ascii=False, indent=2) + "\n", output)


# Further commands live in their own modules (tsp_rules/commands/) and are registered here, one line each.

from tsp_rules.commands.city import city as city_command  # noqa: E402
from tsp_rules.commands.explain import explain as explain_command  # noqa: E402
from tsp_rules.commands.lint import lint as lint_command  # noqa: E402
from tsp_rules.commands.remiss import remiss as remiss_command  # noqa: E402

main.add_command(city_command)
main.add_command(explain_command)
main.add_command(lint_command)
main.add_command(remiss_command)
