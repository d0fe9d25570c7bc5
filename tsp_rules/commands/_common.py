"""The plumbing every ``tsp-check`` command shares: options, error guarding, emitting and rendering.

Command modules import from here, never from :mod:`tsp_rules.cli` (which only assembles the group and
imports the commands), so there is no import cycle. This module imports nothing heavy: the choices of
``--format``, ``--engine`` and ``schema`` are read from the library only when click needs them (to
parse or to show help), so ``tsp-check --version`` loads neither the engines nor the renderers.

Exit codes: 0 no gaps and nothing unassessed, 1 gaps or not-assessed obligations, 2 bad input or usage,
3 internal error, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tsp_rules.errors import InputError, TspError, UsageError, message
from tsp_rules.output import write_atomic
from tsp_rules.texts import Lang, error_language

if TYPE_CHECKING:
    from tsp_rules.findings import Report

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C
F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_RULESET = "tsp-2018-2021"
"""The same as :data:`tsp_rules.ruleset.DEFAULT_RULESET` (a test keeps them equal)."""
MAX_JOBS = 64
"""The same as :data:`tsp_rules.check.MAX_JOBS` (a test keeps them equal)."""


# ------------------------------------------------------------------------------------------- options


class LazyChoice(click.Choice):  # type: ignore[type-arg]
    """A :class:`click.Choice` whose choices are read from the library on first use."""

    def __init__(self, load: Callable[[], Iterable[str]], case_sensitive: bool = True) -> None:
        self._load = load
        self._loaded: tuple[str, ...] | None = None
        self.case_sensitive = case_sensitive

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        if self._loaded is None:
            self._loaded = tuple(self._load())
        return self._loaded

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        self._loaded = tuple(value)


def report_formats() -> tuple[str, ...]:
    from tsp_rules.renderers import FORMATS

    return FORMATS


def engine_names() -> tuple[str, ...]:
    from tsp_rules.engines import ENGINE_NAMES

    return ENGINE_NAMES


def schema_names() -> list[str]:
    from tsp_rules.schemas import SCHEMAS

    return sorted(SCHEMAS)


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        lang: Lang = "en" if _ctx.params.get("lang") == "en" else "sv"  # --lang when given before --as-of
        raise click.BadParameter(message("bad_date_option", got=repr(value)).get(lang)) from None


ruleset_option = click.option(
    "--ruleset", "ruleset", default=DEFAULT_RULESET, show_default=True, metavar="FILE|ID",
    help="A ruleset file, or the id of a bundled ruleset.",
)
as_of_option = click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD",
                            help="The check date (default: today).")
lang_option = click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
                           is_eager=True, help="Language of the report text and of error messages.")
engine_option = click.option("--engine", type=LazyChoice(engine_names), default="durable", show_default=True,
                             help="The evaluation back end.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                             help="Write the report to FILE (atomically) instead of standard output.")
jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, MAX_JOBS), default=1, show_default=True,
                           help="Evaluate profiles in N worker processes (same output as with 1).")


def format_option(default: str) -> Callable[[F], F]:
    """``--format`` with every report format (xlsx needs -o)."""
    return click.option("--format", "fmt", type=LazyChoice(report_formats), default=default, show_default=True,
                        help="Output format (xlsx needs -o).")


# ------------------------------------------------------------------------------------ error guarding


def guarded(func: F) -> F:
    """Map library errors to exit codes: input problems 2 (each on its own line), anything else 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        lang: Lang = "en" if ctx.params.get("lang") == "en" else "sv"  # chosen before any file is read
        try:
            with error_language(lang):
                return func(*args, **kwargs)
        except InputError as exc:
            with error_language(lang):  # str(): a problem may format its location its own way
                for problem in exc.problems:
                    click.echo(str(problem), err=True)
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

    return wrapper  # type: ignore[return-value]


# ----------------------------------------------------------------------------------------- emitting


@contextlib.contextmanager
def writing(output: Path) -> Iterator[None]:
    """An output file that cannot be written is a usage error (exit 2), not an internal one."""
    try:
        yield
    except OSError as exc:
        raise UsageError(message("cannot_write", file=output, reason=exc.strerror or exc)) from None


@contextlib.contextmanager
def stdout_reader_may_leave() -> Iterator[None]:
    """A reader that stops early (``tsp-check check … | head``) is not an error: the rest is dropped."""
    import os

    try:
        yield
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no real stdout under test runners
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so that the interpreter's last flush does not fail


def emit(data: str | bytes, output: Path | None) -> None:
    """Write ``data`` to ``output`` atomically, or to standard output (text only)."""
    if output is None:
        if isinstance(data, bytes):  # refused before rendering by check_binary; never dump bytes on a terminal
            raise UsageError(message("binary_to_file"))
        with stdout_reader_may_leave():
            click.echo(data, nl=False)
    else:
        with writing(output):
            write_atomic(output, data)


def check_binary(fmt: str, output: Path | None) -> None:
    """Refuse a binary format to standard output before any work is done (exit 2)."""
    from tsp_rules.renderers import BINARY_RENDERERS

    if fmt in BINARY_RENDERERS and output is None:
        raise UsageError(message("binary_format", fmt=fmt))


def color(fmt: str, output: Path | None) -> bool:
    """Colour only for text on a terminal without NO_COLOR, never into a file."""
    from tsp_rules.renderers.text import use_color

    return fmt == "text" and output is None and use_color(sys.stdout)


def render_report(report: Report, fmt: str, lang: str, output: Path | None) -> str | bytes:
    from tsp_rules.renderers import render

    return render(report, fmt, lang, color=color(fmt, output))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ progress


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


__all__ = [
    "DEFAULT_RULESET", "EXIT_FINDINGS", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "MAX_JOBS",
    "PROGRESS_MIN", "LazyChoice", "as_of_option", "check_binary", "color", "emit", "engine_option",
    "format_option", "guarded", "jobs_option", "lang_option", "output_option", "parse_date", "progress_bar",
    "render_report", "ruleset_option", "stderr_is_tty", "stdout_reader_may_leave", "writing",
]
