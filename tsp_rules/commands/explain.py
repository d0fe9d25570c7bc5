"""``tsp-check explain OBLIGATION``: what an obligation demands, of whom, how often, and what exempts it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from tsp_rules.commands._common import DEFAULT_RULESET, guarded
from tsp_rules.errors import UsageError

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Lang, Ruleset


def nearest_obligation(ruleset: Ruleset, wanted: str) -> str:
    """The obligation nearest to ``wanted``: the first whose id starts with it or holds it, else the first whose
    title holds it (either language, case and accents ignored), else the id most like it."""
    import difflib
    import unicodedata

    def fold(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", text.upper()) if not unicodedata.combining(c))

    key = fold(wanted.strip()).replace("_", "-").replace(" ", "-")
    ids = ruleset.obligation_ids
    for test in (str.startswith, str.__contains__):
        found = [i for i in ids if key and test(i, key)]
        if found:
            return found[0]
    words = fold(wanted.strip())
    for ob in ruleset.obligations:
        if words and any(words in fold(ob.title.get(lang)) for lang in ("sv", "en")):
            return ob.id
    return max(ids, key=lambda i: (difflib.SequenceMatcher(None, key, i).ratio(), -ids.index(i)))


def find_obligation_id(ruleset: Ruleset, wanted: str) -> str:
    """The obligation id ``wanted`` names (case-insensitively); UsageError with a suggestion if none."""
    from tsp_rules.errors import did_you_mean, hint, listing, message, q_short
    from tsp_rules.texts import Text

    ids = ruleset.obligation_ids
    normal = wanted.strip().upper().replace("_", "-").replace(" ", "-")
    if normal in ids:
        return normal
    near: Text | str = hint(normal, ids)
    if not did_you_mean(normal, ids):
        closest = ruleset.obligation(nearest_obligation(ruleset, wanted))
        near = Text(*(message("nearest_obligation", id=closest.id, title=closest.title.get(lang)).get(lang)
                      + message("known_obligations", items=listing(ids)).get(lang) for lang in ("sv", "en")))
    raise UsageError(message("explain_unknown", ruleset=ruleset.id, version=ruleset.version, wanted=q_short(wanted),
                             hint=near))


def bundled_with(wanted: str) -> Ruleset:
    """The bundled ruleset that has the obligation ``wanted`` (the earliest by period, if more than one has
    it); the default ruleset when none has it, so that the error suggests its obligations."""
    from tsp_rules.model.compiler import bundled_rulesets, load_ruleset

    normal = wanted.strip().upper().replace("_", "-").replace(" ", "-")
    found = [rs for rs in (load_ruleset(name) for name in bundled_rulesets()) if normal in rs.obligation_ids]
    if found:
        return min(found, key=lambda rs: (rs.valid_from, rs.valid_to, rs.id))
    return load_ruleset(DEFAULT_RULESET)


def _plain(line: str) -> str:
    """Markdown emphasis and anchors removed, for the terminal."""
    line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
    line = re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"\1", line)
    return line.replace("`", "")


def explain_text(ruleset: Ruleset, obligation_id: str, lang: Lang) -> str:
    from tsp_rules.authoring.docgen import obligation_lines

    ob = ruleset.obligation(find_obligation_id(ruleset, obligation_id))
    lines = [_plain(line) for line in obligation_lines(ob, ruleset, lang, heading="") if not line.startswith("<a ")]
    text = "\n".join(lines).strip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


@click.command(name="explain")
@click.argument("obligation")
@click.option("--ruleset", "ruleset", default=None, metavar="FILE|ID",
              help="A ruleset file, or the id of a bundled ruleset (default: the bundled ruleset that has the "
                   "obligation).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True, is_eager=True,
              help="Language of the explanation and of error messages.")
def explain(obligation: str, ruleset: str | None, lang: str) -> None:
    """Explain an OBLIGATION: its text, who it applies to, its cadence, the evidence that meets it, the
    grounds that exempt or tailor it, and its source."""
    @guarded
    def run() -> None:
        from tsp_rules.model.compiler import load_ruleset

        chosen = load_ruleset(ruleset) if ruleset is not None else bundled_with(obligation)
        click.echo(explain_text(chosen, obligation, "en" if lang == "en" else "sv"), nl=False)

    run()
