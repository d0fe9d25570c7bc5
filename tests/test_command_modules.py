"""The command line's layout: one module per command, shared plumbing in one module, no import cycle."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

from click.testing import CliRunner

from tsp_rules.commands import _common
from tsp_rules.commands.cli import main
from tsp_rules.model import ruleset as ruleset_module

PACKAGE = Path(__file__).resolve().parent.parent / "tsp_rules"
COMMANDS = PACKAGE / "commands"
LIGHT = {"tsp_rules.commands._common", "tsp_rules.errors", "tsp_rules.documents.output", "tsp_rules.texts",
         "tsp_rules.commands._swedish"}
# tsp_rules.texts: the bilingual Text and the error language, which errors.py needs (standard library only);
# _swedish: click's messages in Swedish (click and texts only), installed before any option is declared


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path) -> set[str]:
    """The tsp_rules modules imported when ``path`` is imported (not those imported inside functions, nor
    under ``if TYPE_CHECKING``); ``from pkg import name`` counts as ``pkg.name`` when that is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").exists() or \
                        (PACKAGE.parent / Path(*sub.split(".")) / "__init__.py").exists():
                    names.append(sub)
        found.update(n for n in names if n == "tsp_rules" or n.startswith("tsp_rules."))
    return found


def test_every_command_has_its_module_and_none_imports_cli() -> None:
    modules = sorted(p.stem.rstrip("_") for p in COMMANDS.glob("*.py")  # import_.py
                     if not p.stem.startswith("_") and p.stem not in ("cli", "entry"))  # the group, the program
    assert sorted(name.replace("-", "_") for name in main.commands) == modules  # diff-rulesets: diff_rulesets.py
    for path in COMMANDS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert path.stem in ("cli", "entry") or "tsp_rules.commands.cli" not in imported, \
            f"{path.name} imports tsp_rules.commands.cli (even inside a function)"


def test_command_modules_import_only_light_modules_at_load_time() -> None:
    for path in COMMANDS.glob("*.py"):
        if path.stem == "cli":
            continue  # it assembles the group (each command module is imported when its command is run)
        heavy = {m for m in _top_level_imports(path) if m not in LIGHT and m != "tsp_rules.commands"}
        assert heavy == set(), f"{path.name} imports {heavy} when loaded"


def test_library_modules_do_not_depend_on_the_command_line() -> None:
    """The library (everything outside ``tsp_rules/commands`` and ``cli.py``) never imports the command
    line's modules, even inside a function: other city tools import the library without click's plumbing."""
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        if name in ("tsp_rules.commands.cli", "tsp_rules.commands.entry") or name.startswith("tsp_rules.commands"):
            continue  # the command line itself (entry: the program's entry point, see test_cold_start.py)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        cli = {m for m in imported if m == "tsp_rules.commands.cli" or m.startswith("tsp_rules.commands")}
        assert cli == set(), f"{name} imports {sorted(cli)}"


def test_no_import_cycle_among_modules() -> None:
    """Between modules, an edge to a module's own enclosing packages left aside (importing a submodule
    imports its package first: those are never a cycle)."""

    def ancestors(name: str) -> set[str]:
        parts = name.split(".")
        return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}

    graph = {name: _top_level_imports(p) - ancestors(name)
             for p in PACKAGE.rglob("*.py") for name in [_module_name(p)]}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join([*stack[stack.index(nxt):], nxt])
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 2000))
    for node in sorted(graph):
        if node not in state:
            visit(node)
    # the graph is the real one (cli imports each command's module by name, when the command is run)
    assert "tsp_rules.commands.check" in graph and graph["tsp_rules.commands.check"] >= {"tsp_rules.commands._common"}


def test_shared_constants_match_the_library() -> None:
    assert _common.DEFAULT_RULESET == ruleset_module.DEFAULT_RULESET
    assert _common.MAX_JOBS == importlib.import_module("tsp_rules.checking.check").MAX_JOBS  # the package shadows it


def test_lazy_choices_are_the_librarys() -> None:
    from tsp_rules.engines import ENGINE_NAMES
    from tsp_rules.renderers import FORMATS

    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    for name in (*FORMATS, *ENGINE_NAMES):
        assert name in result.output
    result = CliRunner().invoke(main, ["check", "x", "--format", "nonesuch"])
    assert result.exit_code == 2 and "nonesuch" in result.output


def test_readme_and_cli_doc_list_every_command() -> None:
    root = PACKAGE.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    cli_doc = (root / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"tsp-check {name}" in readme, f"README does not show tsp-check {name}"
        assert f"| `{name}" in cli_doc, f"docs/cli.md's table does not list {name}"
