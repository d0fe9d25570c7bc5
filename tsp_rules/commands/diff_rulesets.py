"""``tsp-check diff-rulesets A B``: the obligations added, removed and changed (title, text, applicability,
evidence, cadence, exemption grounds, sources, period) from ruleset A to ruleset B. Exit code 0 when the
obligations are the same, 1 when they differ (like diff)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tsp_rules.commands._common import EXIT_FINDINGS, emit, guarded, lang_option, output_option


@click.command("diff-rulesets")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@output_option
@guarded
def diff_rulesets(a: str, b: str, lang: str, fmt: str, output: Path | None) -> None:
    """What changed from ruleset A to ruleset B (each a file or the id of a bundled ruleset)."""
    from tsp_rules.authoring.ruleset_diff import diff_rulesets as compute
    from tsp_rules.authoring.ruleset_diff import render_diff
    from tsp_rules.model.compiler import load_ruleset

    diff = compute(load_ruleset(a), load_ruleset(b), "en" if lang == "en" else "sv")
    if fmt == "json":
        emit(json.dumps(diff.to_data(), ensure_ascii=False, indent=2) + "\n", output)
    else:
        emit(render_diff(diff), output)
    if not diff.empty:
        click.get_current_context().exit(EXIT_FINDINGS)
