"""The ``tsp-check`` program's entry point: ``tsp-check --version`` is answered without importing the
command line (click, the commands, the library), so it costs little more than starting the interpreter;
everything else is handed to :data:`tsp_rules.commands.cli.main`.

The program does not load pydantic's plugins unless ``PYDANTIC_DISABLE_PLUGINS`` is set (to anything: then
pydantic's own setting applies): before pydantic is imported, :func:`pydantic_plugins_off` puts a module of
no plugins where pydantic looks its plugin loader up, so pydantic neither imports :mod:`importlib.metadata`
nor scans every installed distribution's entry points when it makes its first validator (issue 25, cold
start). The library, imported by a program of its own, leaves pydantic's plugins as they are.
"""

from __future__ import annotations

import os
import sys

LOADER = "pydantic.plugin._loader"
"""The module pydantic's validators import their plugins from (``get_plugins``), in pydantic 2.x."""


def pydantic_plugins_off() -> None:
    """Unless ``PYDANTIC_DISABLE_PLUGINS`` is set or the loader is already imported, put in its place a module
    with every public name of pydantic's own (``PYDANTIC_ENTRY_POINT_GROUP``, ``get_plugins``) whose
    ``get_plugins()`` finds no plugins; tests/test_pydantic_plugins.py checks the names against pydantic's."""
    if "PYDANTIC_DISABLE_PLUGINS" in os.environ or LOADER in sys.modules:
        return
    import types

    stub = types.ModuleType(LOADER, "tsp-check: pydantic's plugin loader left out (no plugins are loaded); "
                                    "set PYDANTIC_DISABLE_PLUGINS to have pydantic's own loader used.")
    stub.PYDANTIC_ENTRY_POINT_GROUP = "pydantic"  # type: ignore[attr-defined]
    stub.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = stub


def _no_plugins() -> tuple[()]:
    return ()


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from tsp_rules.version import installed_version

        print(f"tsp-check, version {installed_version()}")  # what click's version option prints
        sys.exit(0)
    pydantic_plugins_off()
    from tsp_rules.commands.cli import main as command_line

    command_line()


if __name__ == "__main__":  # pragma: no cover - ``python -m tsp_rules.commands.entry``
    main()
