"""The command line speaks Swedish by default: click's own usage errors, the help pages and every command's
and option's help text; English with ``--lang en``."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.test_language import forbidden_in
from tsp_rules.commands import _swedish
from tsp_rules.commands.cli import main

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "stockholm" / "kommunstyrelsen.yaml"


def _help_texts() -> Iterator[tuple[str, str]]:
    """(where, help text) of every command and option, as the command modules write them."""

    def walk(command: click.Command, path: str) -> Iterator[tuple[str, str]]:
        if command.help:
            yield path, command.help
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                yield f"{path} {param.opts[0]}", text
        if isinstance(command, click.Group):
            for name in sorted(command.commands):
                yield from walk(command.commands[name], f"{path} {name}")

    return walk(main, "tsp-check")


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), prog_name="tsp-check")


def test_every_help_text_has_its_swedish() -> None:
    missing = [where for where, text in _help_texts() if _swedish.help_sv(text) == text]
    assert missing == [], f"no Swedish help text in tsp_rules/commands/_swedish.py for {missing}"


def test_no_swedish_help_text_is_left_over() -> None:
    used = {_swedish.help_key(text) for _, text in _help_texts()}
    assert set(_swedish.HELP_SV) - used == set()


def test_swedish_help_texts_follow_the_glossary() -> None:
    """Option names (``--ruleset``) are what the user types, not words of the text: they are left out."""
    for text in [*_swedish.HELP_SV.values(), *_swedish.CLICK_SV.values()]:
        assert forbidden_in(re.sub(r"--[a-z-]+", "", text)) == [], text
    assert forbidden_in("Utan --ruleset används") == ["ruleset"]  # the glossary would otherwise catch it


def test_every_click_message_translated_is_still_clicks() -> None:
    """A click upgrade that rewords a message would silently bring its English back: each message known
    here must still be one click words (see :func:`_click_messages`)."""
    known = [*_swedish.CLICK_SV, *(form for pair in _swedish.CLICK_SV_PLURAL for form in pair)]
    indirect = {"required"}  # click passes it through _() from a variable: extra_items.append(_(extra["required"]))
    assert sorted(set(known) - set(_click_messages()) - indirect) == []


@pytest.mark.parametrize(("args", "sv", "en"), [
    (["check", str(FIXTURE), "--format", "pdf"],
     "Fel: Ogiltigt värde för ”--format”: ”pdf” är inte ett tillåtet värde; välj ett av ”csv”,",
     "Error: Invalid value for '--format': 'pdf' is not one of 'csv',"),
    (["chek"], "Fel: Kommandot ”chek” finns inte. (Menade du något av: ”check”, ”schema”?)",
     "Error: No such command 'chek'. (Did you mean one of: 'check', 'schema'?)"),
    (["check"], "Fel: Saknar argumentet ”PATHS...”.", "Error: Missing argument 'PATHS...'."),
    (["check", str(FIXTURE), "--nope"], "Fel: Alternativet ”--nope” finns inte.", "Error: No such option '--nope'."),
    (["check", str(FIXTURE), "--jobs", "100"], "100 ligger inte i intervallet 1<=x<=64.",
     "100 is not in the range 1<=x<=64."),
    (["check", str(FIXTURE), "--as-of", "9999-12-31"],
     "datumet 9999-12-31 ligger för sent: kontrollerna räknar upp till tio år framåt",
     "the date 9999-12-31 is too late: the checks count up to ten years ahead"),
    (["check", str(FIXTURE), "--as-of", "2019-13-01"],
     "datumet ska skrivas ÅÅÅÅ-MM-DD och vara ett giltigt datum, inte ”2019-13-01”",
     "the date must be a date written YYYY-MM-DD, got '2019-13-01'"),
    (["check", "nope.yaml"], "Fel: Ogiltigt värde för ”PATHS...”: Sökvägen ”nope.yaml” finns inte.",
     "Error: Invalid value for 'PATHS...': Path 'nope.yaml' does not exist."),
])
def test_usage_errors_are_swedish_unless_english_is_asked_for(args: list[str], sv: str, en: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert sv in result.stderr and "Användning: tsp-check" in result.stderr and "Skriv ”tsp-check" in result.stderr
    english = run(*args, "--lang", "en")
    assert english.exit_code == 2
    assert en in english.stderr and english.stderr.startswith("Usage: tsp-check")


def _click_messages() -> list[str]:
    """Every message click words (the literal arguments of its ``_()`` and ``ngettext()``), read from the
    installed click's source."""
    found = []
    for name in _swedish._CLICK_MODULES:
        tree = ast.parse(inspect.getsource(importlib.import_module(f"click.{name}")))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                found += [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return found


def test_every_message_click_can_write_has_its_swedish() -> None:
    """The catalogue is complete for the installed click: a click upgrade that adds or rewords a message fails
    here, instead of leaking English into a Swedish error."""
    messages = _click_messages()
    assert len(messages) > 60
    known = {*_swedish.CLICK_SV, *(form for pair in _swedish.CLICK_SV_PLURAL for form in pair), *_swedish.NOUNS}
    assert sorted(set(messages) - known) == []


ENGLISH = re.compile(r"\b(error|invalid|value|for|is|not|one|of|path|file|directory|does|exist|missing|arguments|"
                     r"option|no|such|command|did|you|mean|try|help|usage|requires|an|got|unexpected|takes|"
                     r"the|range|valid|integer|a|to|take)\b", re.IGNORECASE)


def _english_words(text: str) -> list[str]:
    """English words in a Swedish error, leaving out what is quoted (”…”), option names, the usage line's
    placeholders and the program's name."""
    text = re.sub(r"”[^”]*”", "", text)
    text = re.sub(r"--?[a-z][a-z-]*|\[[A-Z]+\]|[A-Z]+\.\.\.|tsp-check|\b[A-Z]{2,}\b", "", text)
    return ENGLISH.findall(text)


FOLDER = str(FIXTURE.parent)


@pytest.mark.parametrize("args", [
    ["check"],                                              # a missing argument
    ["due", FOLDER],                                        # a missing option
    ["check", FOLDER, "--format"],                          # an option without its value
    ["check", FOLDER, "--nope"],                            # no such option
    ["check", FOLDER, "--forma", "text"],                   # no such option, with a suggestion
    ["chek"],                                               # no such command, with suggestions
    ["check", FOLDER, "--format", "pdf"],                   # not one of the choices
    ["check", FOLDER, "--jobs", "x"],                       # not a number
    ["check", FOLDER, "--jobs", "100"],                     # out of range
    ["check", "nope.yaml"],                                 # a path that does not exist
    ["city", str(FIXTURE)],                                 # a file where a folder is wanted
    ["questionnaire", FOLDER, "-o", "x.xlsx"],              # a folder where a file is wanted
    ["explain", "A", "B"],                                  # an extra argument
    ["check", FOLDER, "--quiet=yes"],                       # a flag given a value
    ["check", FOLDER, "--as-of", "2019-13-01"],             # the project's own parameter error
])
def test_every_click_error_path_is_swedish_with_swedish_quotes(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Användning: tsp-check") or result.stderr.startswith("Fel:")
    assert _english_words(result.stderr) == [], result.stderr
    assert "'" not in result.stderr, result.stderr  # ”…” as in the glossary, never straight quotes
    english = run(*args, "--lang", "en")
    assert english.exit_code == 2 and _english_words(english.stderr)  # the check does find English


def test_help_pages_are_swedish_by_default_and_english_on_request() -> None:
    sv = run("check", "--help")
    assert sv.exit_code == 0
    assert "Alternativ:" in sv.stdout and "Kontrolldatumet (standard: i dag)." in sv.stdout
    assert "Visa den här hjälpen och avsluta." in sv.stdout and "[standard: text]" in sv.stdout
    en = run("check", "--help", "--lang", "en")
    assert "Options:" in en.stdout and "The check date (default: today)." in en.stdout
    top = run("--help")
    assert "Kommandon:" in top.stdout and "Visa versionen och avsluta." in top.stdout
    assert "Kontrollera profilfiler" in top.stdout  # a command's short help comes from its Swedish help


def test_the_help_texts_are_put_back_after_a_help_page() -> None:
    before = dict(_help_texts())
    run("check", "--help")
    run("--help")
    assert dict(_help_texts()) == before


def test_the_language_is_read_before_click_parses() -> None:
    assert _swedish.language_of(["check", "x", "--lang", "en"]) == "en"
    assert _swedish.language_of(["check", "--lang=en", "x"]) == "en"
    assert _swedish.language_of(["check", "--lang", "sv"]) == "sv"
    assert _swedish.language_of(["check", "--", "--lang", "en"]) == "sv"  # after --, a file named --lang
    assert _swedish.language_of(["check", "--lang"]) == "sv"
