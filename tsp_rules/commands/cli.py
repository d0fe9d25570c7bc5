"""``tsp-check``: the thin command line over the library. This module only assembles the group: each
command is a module in :mod:`tsp_rules.commands`, and what they share (options, error guarding, emitting)
is in :mod:`tsp_rules.commands._common`.

Exit codes: 0 no gaps and nothing unassessed, 1 gaps or not-assessed obligations, 2 bad input or usage,
3 internal error.
"""

from __future__ import annotations

from typing import Any

import click

from tsp_rules.commands._swedish import SwedishGroup
from tsp_rules.commands.check import check
from tsp_rules.commands.city import city
from tsp_rules.commands.diff import diff
from tsp_rules.commands.diff_rulesets import diff_rulesets
from tsp_rules.commands.due import due
from tsp_rules.commands.explain import explain
from tsp_rules.commands.import_ import import_workbook
from tsp_rules.commands.internkontrollplan import internkontrollplan
from tsp_rules.commands.lint import lint
from tsp_rules.commands.new import new
from tsp_rules.commands.oscal import oscal
from tsp_rules.commands.questionnaire import questionnaire
from tsp_rules.commands.remiss import remiss
from tsp_rules.commands.rulesets import rulesets
from tsp_rules.commands.schema import schema
from tsp_rules.commands.test import run_tests
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


class CommandLine(SwedishGroup):
    """The ``tsp-check`` group: Swedish by default, ``--lang`` taken before the command as well."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, lang_after_command(args, self.commands))


@click.group(cls=CommandLine, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tsp-rules", prog_name="tsp-check")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def main(debug: bool) -> None:
    """Check nämnder and bolag against Stockholm's trygghets- och säkerhetsprogram and a municipality's
    statutory duties."""


for _command in (check, schema, city, explain, lint, remiss, diff, due, run_tests, new, questionnaire,
                 import_workbook, rulesets, diff_rulesets, internkontrollplan, oscal):
    main.add_command(_command)
