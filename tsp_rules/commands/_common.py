"""The plumbing every ``tsp-check`` command shares: options, error guarding, emitting and rendering.

Command modules import from here, never from :mod:`tsp_rules.commands.cli` (which only assembles the group and
imports the commands), so there is no import cycle. This module imports nothing heavy: the choices of
``--format``, ``--engine`` and ``schema`` are read from the library only when click needs them (to
parse or to show help), so ``tsp-check --version`` loads neither the engines nor the renderers.

Exit codes: 0 no gaps and nothing unassessed, 1 gaps or not-assessed obligations, 2 bad input or usage,
3 internal error, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tsp_rules.commands import _swedish  # noqa: F401  (click in Swedish, installed before any option is declared)
from tsp_rules.documents.output import (  # re-exported: commands take their plumbing from here
    PROGRESS_MIN,
    check_output,
    progress_bar,
    stderr_is_tty,
    stdout_reader_may_leave,
    write_atomic,
    writing,
)
from tsp_rules.errors import InputError, TspError, UsageError, message, os_reason
from tsp_rules.texts import Lang, Text, current_error_language, error_language

if TYPE_CHECKING:
    from tsp_rules.checking.findings import Report
    from tsp_rules.model.profile import Profile
    from tsp_rules.model.ruleset import Ruleset

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C
F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_RULESET = "tsp-2018-2021"
"""The same as :data:`tsp_rules.model.ruleset.DEFAULT_RULESET` (a test keeps them equal)."""
MAX_JOBS = 64
"""The same as :data:`tsp_rules.checking.check.MAX_JOBS` (a test keeps them equal)."""


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
    from tsp_rules.checking.schemas import SCHEMAS

    return sorted(SCHEMAS)


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from tsp_rules.checking.check import parse_as_of  # only when a date is given: the command needs it then anyway

    try:
        return parse_as_of(value, Text("datumet", "the date"))
    except UsageError as exc:
        lang: Lang = "en" if _ctx.params.get("lang") == "en" else "sv"  # --lang when given before --as-of
        raise click.BadParameter(exc.render(lang)) from None


rulesets_option = click.option(
    "--ruleset", "rulesets", multiple=True, metavar="FILE|ID",
    help="A ruleset file, or the id of a bundled ruleset; give it more than once to check against several (reported "
         "in the order given). Default: the bundled rulesets in force on the check date.",
)


def rulesets_option_for(default: str) -> Callable[[F], F]:
    """``--ruleset FILE|ID``, repeatable, its help naming what is used without it (one rule for all commands,
    docs/cli.md "Rulesets by date")."""
    return click.option("--ruleset", "rulesets", multiple=True, metavar="FILE|ID",
                        help=f"A ruleset file, or the id of a bundled ruleset; give it more than once for several. "
                             f"Default: {default}.")


def union_of(chosen: Sequence[Any]) -> Any:
    """One ruleset that knows every trait, evidence kind and obligation of the rulesets ``chosen`` (``Selected``
    or ``Ruleset`` items): what a profile, a skeleton or a workbook of several rulesets is made against."""
    from tsp_rules.model.selection import Selected, union_ruleset

    return union_ruleset([c.ruleset if isinstance(c, Selected) else c for c in chosen])


def every_bundled() -> tuple[Any, ...]:
    """Every bundled ruleset, the earliest starting first: what ``check`` validates a profile against when it
    chooses the rulesets by date (:func:`tsp_rules.model.selection.validation_ruleset`)."""
    from tsp_rules.model.compiler import bundled_rulesets, load_ruleset

    return tuple(sorted((load_ruleset(name) for name in bundled_rulesets()),
                        key=lambda rs: (rs.valid_from, rs.valid_to, rs.id)))


def selected_rulesets(given: Sequence[str], as_of: dt.date | None) -> tuple[Any, ...]:
    """The rulesets of a check (:class:`tsp_rules.model.selection.Selected`): those given with ``--ruleset``, in
    that order, each once; without any, the bundled rulesets in force on the check date (none: exit 2)."""
    from tsp_rules.model.selection import select_rulesets

    return select_rulesets(list(given), as_of or dt.date.today())


as_of_option = click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD",
                            help="The check date (default: today).")
lang_option = click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
                           is_eager=True, help="Language of the report text and of error messages.")
engine_option = click.option("--engine", type=LazyChoice(engine_names), default="durable", show_default=True,
                             help="The evaluation back end.")
class InputPath(click.Path):
    """``click.Path`` whose refusal of a symbolic link says what is wrong with it (a loop, or a link to
    nothing) instead of "does not exist"."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            path = os.fspath(value)
            if not os.path.islink(path):
                raise
            try:
                os.stat(path)
            except OSError as exc:
                lang = current_error_language()
                if exc.errno == errno.ELOOP:
                    self.fail(f"{path}: {message('link_loop').get(lang)}", param, ctx)
                self.fail(f"{path}: {message('dangling_link', target=os.readlink(path)).get(lang)}", param, ctx)
            raise


def _dash_is_stdout(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    return None if value is not None and str(value) == "-" else value


def output_option_for(what: str) -> Callable[[F], F]:
    """``-o/--output FILE`` ('-' for standard output), its help naming ``what`` is written."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
                        callback=_dash_is_stdout,
                        help=f"Write {what} to FILE (atomically) instead of standard output ('-': standard "
                             "output).")


output_option = output_option_for("the report")
FAIL_ON = ("gap", "not_assessed", "never")
"""The same as :data:`tsp_rules.checking.findings.FAIL_ON` (a test keeps them equal)."""
fail_on_option = click.option(
    "--fail-on", "fail_on", type=click.Choice(FAIL_ON), default="not_assessed", show_default=True,
    help="Exit with 1 on gaps or unassessed obligations (not_assessed), on gaps only (gap), or never (never: "
         "exit 0 whatever the findings; bad input still exits 2, an internal error 3).")
quiet_option = click.option("-q", "--quiet", is_flag=True,
                            help="No progress bar and no summary: only the report, errors and warnings.")
CSV_DIALECTS = ("rfc4180", "excel-sv")
"""The same as the keys of :data:`tsp_rules.renderers.csv.DIALECTS` (a test keeps them equal)."""
csv_dialect_option = click.option(
    "--csv-dialect", "csv_dialect", type=click.Choice(CSV_DIALECTS), default="rfc4180", show_default=True,
    help="With --format csv: rfc4180 (comma, UTF-8, for tools) or excel-sv (semicolon, UTF-8 with BOM, opens "
         "directly in Excel with Swedish settings).")
jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, MAX_JOBS), default=1, show_default=True,
                           help="Evaluate profiles in N worker processes (same output as with 1).")


def format_option(default: str) -> Callable[[F], F]:
    """``--format`` with every report format (xlsx needs -o)."""
    return click.option("--format", "fmt", type=LazyChoice(report_formats), default=default, show_default=True,
                        help="Output format (xlsx needs -o).")


# ------------------------------------------------------------------------------------ error guarding


def warning_line(text: str) -> str:
    """A warning on standard error, in the current error language."""
    return message("warning_line", text=text).get(current_error_language())


@contextlib.contextmanager
def warnings_on_stderr() -> Iterator[None]:
    """Files skipped under a folder (dangling or looping links, FIFOs) are announced on standard error,
    one line each, as they are found."""
    import warnings

    from tsp_rules.errors import SkippedFileWarning

    shown: set[object] = set()

    def show(message: Warning | str, *_: Any, **__: Any) -> None:  # the parameter names of showwarning
        text = str(message)
        # once per entry: the folders are walked more than once (to count, then to check), and a linked
        # folder shows an entry under a second path
        key = getattr(message, "entry", None) or text
        if key not in shown:
            shown.add(key)
            click.echo(warning_line(text), err=True)

    with warnings.catch_warnings():
        warnings.simplefilter("always", SkippedFileWarning)
        warnings.showwarning = show
        yield


@contextlib.contextmanager
def settled_collector() -> Iterator[None]:
    """While many profiles are checked in this process: what is alive when the block starts (the rulesets,
    their compiled plans, the modules) is moved out of the cyclic garbage collector's generations
    (:func:`gc.freeze`), so that collections never walk it again, and the youngest generation is collected
    less often (each profile makes and drops many objects, almost none of them in cycles). Both are undone
    when the block ends, so a process that goes on (a test runner, a program calling the command) keeps its
    own settings; a process that has frozen objects of its own is left to its freezing (unfreezing would
    undo its own)."""
    import gc

    before = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if freeze:
            gc.unfreeze()


GC_YOUNG_THRESHOLD = 10_000
"""Allocations between collections of the youngest generation while checking (Python's default is 700):
about 2 % fewer instructions per profile in ``benchmarks/instructions.py`` terms (docs/performance.md)."""


def no_profiles_message(paths: Iterable[Path], lang: str) -> str:
    """No profile found under the folders named: a usage error (exit 2) for every command, so that a CI
    job pointed at the wrong folder does not pass."""
    folders = ", ".join(str(p) for p in paths)
    return (f"no profiles (*.yaml, *.yml) under {folders}" if lang == "en"
            else f"inga profiler (*.yaml, *.yml) under {folders}")


def command_inputs(params: dict[str, Any]) -> list[Path]:
    """Every file or folder a command reads, from its parsed parameters: each path argument (alone or in a
    tuple) other than the output, and each ``--ruleset`` that names a file."""
    found: list[Path] = []
    for name, value in params.items():
        if name == "output":
            continue
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Path):
                found.append(item)
            elif name in ("ruleset", "rulesets") and isinstance(item, str) and os.path.isfile(item):
                found.append(Path(item))
    return found


WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EPIPE, errno.EBADF,
                          errno.EROFS, errno.EACCES, errno.EPERM})
"""An OSError with one of these, reaching the command line, is a failed write to standard output (a file
given with -o is mapped where it is written): exit 2 with a message, not an internal error."""


def _quiet_stdout() -> None:
    """After a reader of standard output has gone: point it at the null device so that the interpreter's
    last flush does not complain."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no real stdout under test runners
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def warn_empty_folders(paths: Iterable[Path]) -> None:
    """A folder named beside other inputs that holds no profile is said so on standard error (a warning: the
    others are checked; when nothing at all is found, the command refuses with exit 2 instead)."""
    from tsp_rules.model.profile import iter_profile_paths

    for path in paths:
        if path != STDIN and path.is_dir() and next(iter_profile_paths([path]), None) is None:
            click.echo(warning_line(no_profiles_message([path], current_error_language())), err=True)


def guarded(func: F) -> F:
    """Map library errors to exit codes: input problems 2 (each on its own line), anything else 3. Before
    the command runs, its output target is checked (:func:`tsp_rules.documents.output.check_output`); after
    it, standard output is flushed, so that a full disk or a closed pipe is reported (exit 2) and not lost."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        lang: Lang = "en" if ctx.params.get("lang") == "en" else "sv"  # chosen before any file is read
        try:
            with warnings_on_stderr(), error_language(lang):
                output = kwargs.get("output")
                if isinstance(output, Path):
                    check_output(output, command_inputs(kwargs))
                elif sys.stdout is None:  # closed by the shell (>&-): the output would be lost without a word
                    raise UsageError(message("cannot_write_stdout", reason=os_reason(OSError(errno.EBADF, ""))))
                try:
                    return func(*args, **kwargs)
                finally:
                    if sys.stdout is not None:  # None when the shell closed it (>&-)
                        sys.stdout.flush()
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
        except BrokenPipeError:  # the reader of standard output has gone (a pager closed): quiet, as is usual
            _quiet_stdout()
            ctx.exit(EXIT_INPUT)
        except OSError as exc:
            if exc.errno not in WRITE_ERRORS:
                _internal(ctx, exc, lang)
            _quiet_stdout()
            click.echo(f"tsp-check: {message('cannot_write_stdout', reason=os_reason(exc)).get(lang)}", err=True)
            ctx.exit(EXIT_INPUT)
        except (TspError, Exception) as exc:
            _internal(ctx, exc, lang)

    return wrapper  # type: ignore[return-value]


def _internal(ctx: click.Context, exc: BaseException, lang: Lang) -> None:
    if ctx.find_root().params.get("debug"):
        traceback.print_exc()
    else:
        detail = f"{type(exc).__name__}: {exc}"
        click.echo(f"tsp-check: {message('internal', detail=detail).get(lang)}", err=True)
    ctx.exit(EXIT_INTERNAL)


# ----------------------------------------------------------------------------------------- emitting


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


def render_report(report: Report, fmt: str, lang: str, output: Path | None, csv_dialect: str = "rfc4180"
                  ) -> str | bytes:
    from tsp_rules.renderers import render

    return render(report, fmt, lang, color=color(fmt, output), csv_dialect=csv_dialect)  # type: ignore[arg-type]


STDIN = Path("-")
"""A profile argument that stands for standard input."""


def stdin_profile(ruleset: Ruleset) -> Profile:
    """The profile given on standard input (``-``), read up to the size limit of a file and reported as
    ``<stdin>:LINE:COL`` when it has problems."""
    from tsp_rules.documents.loading import read_text
    from tsp_rules.model.profile import profile_from_text

    return profile_from_text(read_text(sys.stdin.buffer, "<stdin>"), "<stdin>", ruleset)


def with_stdin(paths: Iterable[Path], ruleset: Ruleset) -> list[Path | Profile]:
    """``paths`` with ``-`` replaced by the profile read from standard input (at most once)."""
    if sum(1 for p in paths if p == STDIN) > 1:
        raise UsageError(message("stdin_once"))
    return [stdin_profile(ruleset) if p == STDIN else p for p in paths]



__all__ = [
    "CSV_DIALECTS", "DEFAULT_RULESET", "EXIT_FINDINGS", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK",
    "FAIL_ON", "MAX_JOBS", "PROGRESS_MIN", "STDIN", "WRITE_ERRORS", "InputPath", "LazyChoice", "as_of_option",
    "check_binary", "check_output", "color", "command_inputs",
    "csv_dialect_option", "emit", "engine_option", "every_bundled", "fail_on_option", "format_option", "guarded",
    "jobs_option", "lang_option", "no_profiles_message", "output_option", "output_option_for", "parse_date",
    "progress_bar", "quiet_option", "render_report", "rulesets_option", "rulesets_option_for",
    "selected_rulesets", "stderr_is_tty", "stdin_profile", "stdout_reader_may_leave", "union_of",
    "warn_empty_folders", "warnings_on_stderr", "with_stdin", "writing",
]
