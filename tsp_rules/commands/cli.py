"""``tsp-check``: the thin command line over the library. This module only assembles the group: each
command is a module in :mod:`tsp_rules.commands`, and what they share (options, error guarding, emitting)
is in :mod:`tsp_rules.commands._common`.

Exit codes: 0 no gaps and nothing unassessed, 1 gaps or not-assessed obligations, 2 bad input or usage,
3 internal error.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

import click

from tsp_rules.commands._swedish import SwedishGroup
from tsp_rules.texts import LANGS


def lang_after_command(args: list[str], commands: Any) -> list[str]:
    """``tsp-check --lang en explain X`` as ``tsp-check explain --lang en X``: every command takes ``--lang``,
    and the group takes it before the command too (docs/cli.md: "anywhere on the line"). Without a command
    (``tsp-check --lang en``, ``tsp-check --lang en --help``) it is dropped: the group's help is shown in it."""
    head: list[str] = []
    moved: list[str] = []
    rest = list(args)
    while rest and rest[0].startswith("-") and rest[0] not in commands:
        arg = rest.pop(0)
        if arg == "--lang" and rest:
            moved += [arg, rest.pop(0)]
        elif arg.startswith("--lang="):
            moved.append(arg)
        else:
            head.append(arg)
    if not moved:
        return list(args)
    if not rest:  # no command: the group shows its help, in the language already chosen (SwedishGroup.main)
        value = moved[-1].split("=", 1)[1] if len(moved) == 1 else moved[-1]
        click.Choice(LANGS).convert(value, click.Option(["--lang"]), None)  # a wrong one is click's usual error
        return head
    return [*head, rest[0], *moved, *rest[1:]]


COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "schema": ("schema", "schema"),
    "city": ("city", "city"),
    "explain": ("explain", "explain"),
    "lint": ("lint", "lint"),
    "remiss": ("remiss", "remiss"),
    "diff": ("diff", "diff"),
    "due": ("due", "due"),
    "test": ("test", "run_tests"),
    "new": ("new", "new"),
    "questionnaire": ("questionnaire", "questionnaire"),
    "import": ("import_", "import_workbook"),
    "rulesets": ("rulesets", "rulesets"),
    "diff-rulesets": ("diff_rulesets", "diff_rulesets"),
    "internkontrollplan": ("internkontrollplan", "internkontrollplan"),
    "oscal": ("oscal", "oscal"),
}
"""Every command: its name, and the module of :mod:`tsp_rules.commands` and the name it is defined under there.
A command's module is imported when that command is run (or when help lists the commands): ``tsp-check check``
does not import the other fifteen."""


class CommandLine(SwedishGroup):
    """The ``tsp-check`` group: Swedish by default, ``--lang`` taken before the command as well, each command
    loaded from its module when it is first needed (:data:`COMMANDS`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._pending: dict[str, tuple[str, str]] = dict(COMMANDS)
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        """Every command, each module imported (what help pages and the tests walk)."""
        for name in list(self._pending):
            self._load(name)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = dict(value)

    def _load(self, name: str) -> click.Command | None:
        where = self._pending.pop(name, None)
        if where is not None:
            module, attribute = where
            command = getattr(importlib.import_module(f"tsp_rules.commands.{module}"), attribute)
            self._commands[name] = command
        return self._commands.get(name)

    def command_names(self) -> Iterable[str]:
        return [*self._commands, *self._pending]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.command_names())

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, lang_after_command(args, self.command_names()))


@click.group(cls=CommandLine, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tsp-rules", prog_name="tsp-check")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def main(debug: bool) -> None:
    """Check nämnder and bolag against Stockholm's trygghets- och säkerhetsprogram and a municipality's
    statutory duties."""
