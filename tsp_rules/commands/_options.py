"""Options shared by the report commands (city, remiss), the same as ``tsp-check check``'s.

Defined here rather than imported from :mod:`tsp_rules.cli`, which imports the command modules at its
end: this way a command module can be imported on its own without an import cycle.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tsp_rules.check import MAX_JOBS, parse_as_of
from tsp_rules.engines import ENGINE_NAMES
from tsp_rules.errors import UsageError
from tsp_rules.ruleset import DEFAULT_RULESET

F = TypeVar("F", bound=Callable[..., Any])


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_as_of(value, "the date")
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from None


def guarded(func: F) -> F:
    """``tsp_rules.cli.guarded`` (exit codes 2 and 3), looked up when the command runs."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from tsp_rules.cli import guarded as cli_guarded

        return cli_guarded(func)(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


ruleset_option = click.option(
    "--ruleset", "ruleset", default=DEFAULT_RULESET, show_default=True, metavar="FILE|ID",
    help="A ruleset file, or the id of a bundled ruleset.",
)
as_of_option = click.option("--as-of", "as_of", callback=parse_date, metavar="YYYY-MM-DD",
                            help="The check date (default: today).")
lang_option = click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
                           help="Language of the report text.")
engine_option = click.option("--engine", type=click.Choice(ENGINE_NAMES), default="durable", show_default=True,
                             help="The evaluation back end.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                             help="Write the report to FILE (atomically) instead of standard output.")
jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, MAX_JOBS), default=1, show_default=True,
                           help="Evaluate profiles in N worker processes (same output as with 1).")
