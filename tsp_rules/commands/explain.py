"""``tsp-check explain OBLIGATION``: what an obligation demands, of whom, how often, and what exempts it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import DEFAULT_RULESET, guarded
from tsp_rules.errors import UsageError

if TYPE_CHECKING:
    from tsp_rules.ruleset import Lang, Ruleset


def find_obligation_id(ruleset: Ruleset, wanted: str) -> str:
    """The obligation id ``wanted`` names (case-insensitively); UsageError with a suggestion if none."""
    from tsp_rules.errors import message
    from tsp_rules.loading import did_you_mean, hint, listing, q_short
    from tsp_rules.texts import Text

    ids = ruleset.obligation_ids
    normal = wanted.strip().upper().replace("_", "-").replace(" ", "-")
    if normal in ids:
        return normal
    near: Text | str = hint(normal, ids)
    if not did_you_mean(normal, ids):
        near = message("known_obligations", items=listing(ids))
    raise UsageError(message("explain_unknown", ruleset=ruleset.id, version=ruleset.version, wanted=q_short(wanted),
                             hint=near))


def _plain(line: str) -> str:
    """Markdown emphasis and anchors removed, for the terminal."""
    line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
    line = re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"\1", line)
    return line.replace("`", "")


def explain_text(ruleset: Ruleset, obligation_id: str, lang: Lang) -> str:
    from tsp_rules.docgen import obligation_lines

    ob = ruleset.obligation(find_obligation_id(ruleset, obligation_id))
    lines = [_plain(line) for line in obligation_lines(ob, ruleset, lang, heading="") if not line.startswith("<a ")]
    text = "\n".join(lines).strip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


@click.command(name="explain")
@click.argument("obligation")
@click.option("--ruleset", "ruleset", default=DEFAULT_RULESET, show_default=True, metavar="FILE|ID",
              help="A ruleset file, or the id of a bundled ruleset.")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True, is_eager=True,
              help="Language of the explanation and of error messages.")
def explain(obligation: str, ruleset: str, lang: str) -> None:
    """Explain an OBLIGATION: its text, who it applies to, its cadence, the evidence that meets it, the
    grounds that exempt or tailor it, and its source."""
    @guarded
    def run() -> None:
        from tsp_rules.ruleset import load_ruleset

        click.echo(explain_text(load_ruleset(ruleset), obligation, "en" if lang == "en" else "sv"), nl=False)

    run()
