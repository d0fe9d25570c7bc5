"""``tsp-check schema WHAT``: the JSON Schema of a profile, a ruleset or the JSON report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from tsp_rules.commands._common import (
    LazyChoice,
    emit,
    every_bundled,
    guarded,
    lang_option,
    output_option_for,
    rulesets_option_for,
    schema_names,
    union_of,
)


@click.command("schema")
@click.argument("what", type=LazyChoice(schema_names))
@rulesets_option_for("every bundled ruleset, as check accepts a profile without --ruleset")
@output_option_for("the schema")
@lang_option
@guarded
def schema(what: str, rulesets: tuple[str, ...], output: Path | None, lang: str) -> None:
    """Print the JSON Schema of a profile, a ruleset or the JSON report. A profile's schema holds the traits and
    evidence kinds of the rulesets given, or else of every bundled ruleset."""
    from tsp_rules.checking.schemas import SCHEMAS
    from tsp_rules.model.selection import select_rulesets

    chosen = select_rulesets(list(rulesets), dt.date.today()) if rulesets else every_bundled()
    emit(json.dumps(SCHEMAS[what](union_of(chosen)), ensure_ascii=False, indent=2) + "\n", output)
