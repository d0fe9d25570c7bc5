"""The command line speaks Swedish by default: click's own usage errors, the help pages and every command's
and option's help text; English with ``--lang en``."""

from __future__ import annotations

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
    here must still be written in click's source."""
    source = "".join(inspect.getsource(importlib.import_module(f"click.{name}"))
                     for name in _swedish._CLICK_MODULES)
    known = [*_swedish.CLICK_SV, *(form for pair in _swedish.CLICK_SV_PLURAL for form in pair)]
    missing = [msg for msg in known if repr(msg) not in source and f'"{msg}"' not in source]
    assert missing == []


@pytest.mark.parametrize(("args", "sv", "en"), [
    (["check", str(FIXTURE), "--format", "pdf"],
     "Fel: Ogiltigt värde för '--format': 'pdf' är inte något av 'csv',",
     "Error: Invalid value for '--format': 'pdf' is not one of 'csv',"),
    (["chek"], "Fel: Kommandot 'chek' finns inte. (Menade du något av: 'check', 'schema'?)",
     "Error: No such command 'chek'. (Did you mean one of: 'check', 'schema'?)"),
    (["check"], "Fel: Saknar argumentet 'PATHS...'.", "Error: Missing argument 'PATHS...'."),
    (["check", str(FIXTURE), "--nope"], "Fel: Alternativet '--nope' finns inte.", "Error: No such option '--nope'."),
    (["check", str(FIXTURE), "--jobs", "100"], "100 ligger inte i intervallet 1<=x<=64.",
     "100 is not in the range 1<=x<=64."),
    (["check", str(FIXTURE), "--as-of", "9999-12-31"],
     "datumet 9999-12-31 ligger för sent: kontrollerna räknar upp till tio år framåt",
     "the date 9999-12-31 is too late: the checks count up to ten years ahead"),
    (["check", str(FIXTURE), "--as-of", "2019-13-01"],
     "datumet ska skrivas ÅÅÅÅ-MM-DD och vara ett giltigt datum, inte '2019-13-01'",
     "the date must be a date written YYYY-MM-DD, got '2019-13-01'"),
])
def test_usage_errors_are_swedish_unless_english_is_asked_for(args: list[str], sv: str, en: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert sv in result.stderr and "Användning: tsp-check" in result.stderr and "Skriv 'tsp-check" in result.stderr
    english = run(*args, "--lang", "en")
    assert english.exit_code == 2
    assert en in english.stderr and english.stderr.startswith("Usage: tsp-check")


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
