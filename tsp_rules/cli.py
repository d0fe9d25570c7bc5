"""``tsp-check``: the thin command line over the library. Exit codes: 0 no gaps and nothing
unassessed, 1 gaps or not-assessed obligations, 2 bad input or usage, 3 internal error."""

from __future__ import annotations

import datetime as dt
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tsp_rules import __version__
from tsp_rules.check import check as run_check
from tsp_rules.engines import ENGINE_NAMES
from tsp_rules.errors import InputError, TspError, UsageError
from tsp_rules.findings import Report
from tsp_rules.output import write_atomic
from tsp_rules.renderers import BINARY_RENDERERS, FORMATS, render
from tsp_rules.renderers.text import use_color
from tsp_rules.ruleset import DEFAULT_RULESET, load_ruleset
from tsp_rules.schemas import SCHEMAS

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., Any])


def _emit(data: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(data, bytes):  # refused before rendering by _check_binary; never dump bytes on a terminal
            raise UsageError("a binary format is written to a file only: give -o FILE")
        click.echo(data, nl=False)
    else:
        try:
            write_atomic(output, data)
        except OSError as exc:  # a missing folder, no permission: the user's to fix, not a bug
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _check_binary(fmt: str, output: Path | None) -> None:
    """Refuse a binary format to standard output before any work is done (exit 2)."""
    if fmt in BINARY_RENDERERS and output is None:
        raise UsageError(f"--format {fmt} writes a binary file: give -o FILE (e.g. -o report.{fmt})")


def _render(report: Report, fmt: str, lang: str, output: Path | None) -> str | bytes:
    """Render for the command line: colour only for text on a terminal without NO_COLOR, never into a file."""
    color = fmt == "text" and output is None and use_color(sys.stdout)
    return render(report, fmt, lang, color=color)  # type: ignore[arg-type]


def guarded(func: F) -> F:
    """Map library errors to exit codes: input problems 2 (each on its own line), anything else 3."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            ctx.exit(EXIT_INPUT)
        except UsageError as exc:
            click.echo(f"tsp-check: {exc}", err=True)
            ctx.exit(EXIT_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (TspError, Exception) as exc:
            if ctx.find_root().params.get("debug"):
                traceback.print_exc()
            else:
                click.echo(f"tsp-check: internal error: {type(exc).__name__}: {exc} (run with --debug for "
                           "the traceback)", err=True)
            ctx.exit(EXIT_INTERNAL)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tsp-check")
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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@ruleset_option
@click.option("--as-of", "as_of", callback=_parse_date, metavar="YYYY-MM-DD",
              help="The check date (default: today).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format (xlsx needs -o).")
@lang_option
@click.option("--engine", type=click.Choice(ENGINE_NAMES), default="durable", show_default=True,
              help="The evaluation back end.")
@output_option
@guarded
def check(paths: tuple[Path, ...], ruleset: str, as_of: dt.date | None, fmt: str, lang: str, engine: str,
          output: Path | None) -> None:
    """Check profile files, or every *.yaml profile under folders, and report each obligation."""
    _check_binary(fmt, output)
    report = run_check(list(paths), ruleset=load_ruleset(ruleset), as_of=as_of, engine=engine)
    _emit(_render(report, fmt, lang, output), output)
    sys.exit(report.exit_code())


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
