"""``tsp-check schema WHAT``: the JSON Schema of a profile, a ruleset or the JSON report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tsp_rules.commands._common import (
    LazyChoice,
    emit,
    guarded,
    lang_option,
    output_option_for,
    ruleset_option,
    schema_names,
)


@click.command("schema")
@click.argument("what", type=LazyChoice(schema_names))
@ruleset_option
@output_option_for("the schema")
@lang_option
@guarded
def schema(what: str, ruleset: str, output: Path | None, lang: str) -> None:
    """Print the JSON Schema of a profile, a ruleset or the JSON report."""
    from tsp_rules.checking.schemas import SCHEMAS
    from tsp_rules.model.compiler import load_ruleset

    emit(json.dumps(SCHEMAS[what](load_ruleset(ruleset)), ensure_ascii=False, indent=2) + "\n", output)
