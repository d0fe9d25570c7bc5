"""``tsp-check test [DIR...]``: run scenario tests (a profile, a check date, the expected findings,
warnings and exit code) against a ruleset, without pytest; see :mod:`tsp_rules.authoring.scenario_runner`.

Exit codes: 0 every scenario passed, 1 at least one failed (with a diff of what differs), 2 a scenario
file that cannot be read, or no scenario found.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import (
    InputPath,
    engine_option,
    guarded,
    lang_option,
    rulesets_option_for,
    stdout_reader_may_leave,
)

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang


@click.command("test")
@click.argument("dirs", nargs=-1, metavar="[DIR...]", type=InputPath(exists=True, file_okay=False, path_type=Path))
@rulesets_option_for("for each scenario, the rulesets its expected.yaml names, else the bundled rulesets in force on "
                     "its as_of")
@engine_option
@lang_option
@click.option("-q", "--quiet", is_flag=True, help="Show only the scenarios that fail, and the summary.")
@guarded
def run_tests(dirs: tuple[Path, ...], rulesets: tuple[str, ...], engine: str, lang: Lang, quiet: bool) -> None:
    """Run the scenario tests under DIR (default: the current folder): every folder holding a
    profile.yaml and an expected.yaml. Prints a diff of what differs; exit code 1 if any fails. Each
    scenario is checked as tsp-check check would check its profile on its as_of: against the rulesets its
    expected.yaml names (ruleset:), else those given with --ruleset, else the bundled rulesets in force."""
    from tsp_rules.authoring.scenario_runner import (
        find_scenarios,
        load_scenarios,
        outcome_lines,
        run_scenarios,
        summary_line,
    )
    from tsp_rules.errors import UsageError, message
    from tsp_rules.model.selection import select_rulesets

    folders = find_scenarios(dirs or (Path("."),))
    if not folders:
        where = ", ".join(str(d) for d in dirs) or "."
        raise UsageError(message("no_scenarios", where=where))
    scenarios = load_scenarios(folders)
    given = [c.ruleset for c in select_rulesets(list(rulesets), dt.date.today())] if rulesets else []
    outcomes = []
    with stdout_reader_may_leave():
        for outcome in run_scenarios(scenarios, given, [engine], lang):
            outcomes.append(outcome)
            if not (quiet and outcome.passed):
                click.echo("\n".join(outcome_lines(outcome, lang, several_engines=False)))
        click.echo(summary_line(outcomes, lang))
    sys.exit(0 if all(o.passed for o in outcomes) else 1)
