"""The ``tsp-check`` program's entry point: ``tsp-check --version`` is answered without importing the
command line (click, the commands, the library), so it costs little more than starting the interpreter;
everything else is handed to :data:`tsp_rules.commands.cli.main`."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from tsp_rules.version import installed_version

        print(f"tsp-check, version {installed_version()}")  # what click's version option prints
        sys.exit(0)
    from tsp_rules.commands.cli import main as command_line

    command_line()


if __name__ == "__main__":  # pragma: no cover - ``python -m tsp_rules.commands.entry``
    main()
