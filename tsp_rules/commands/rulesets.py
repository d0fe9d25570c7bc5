"""``tsp-check rulesets [--as-of DATE]``: the bundled rulesets, their periods (and their parts'), and which
are in force on the date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from tsp_rules.commands._common import as_of_option, emit, guarded, lang_option, output_option


@click.command("rulesets")
@as_of_option
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@output_option
@guarded
def rulesets(as_of: dt.date | None, lang: str, fmt: str, output: Path | None) -> None:
    """List the bundled rulesets with their periods and which are in force on the date (default: today)."""
    from tsp_rules.authoring.ruleset_diff import bundled_periods, render_periods

    day = as_of or dt.date.today()
    periods = bundled_periods(day)
    if fmt == "json":
        data = {"as_of": day.isoformat(), "rulesets": [p.to_data("en" if lang == "en" else "sv") for p in periods]}
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
    else:
        emit(render_periods(periods, day, "en" if lang == "en" else "sv"), output)
