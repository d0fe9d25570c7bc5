"""The house: every module of ``tsp_rules`` sits in one layer, imports only its own layer and the layers
below it, and no modules import each other in a circle. The layer order is written once, in
``docs/architecture.md`` (the numbered list under "Layers"), and read from there."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tsp_rules"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def layers() -> list[tuple[str, tuple[str, ...]]]:
    """The layers, top to bottom, each with the modules or subpackages it holds (as written in the doc)."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    found = []
    for line in section.splitlines():
        m = re.match(r"^\d+\. \*\*(\w[\w ]*)\*\*: ((?:`[\w.]+`(?:, )?)+)", line)
        if m:
            found.append((m.group(1), tuple(re.findall(r"`([\w.]+)`", m.group(2)))))
    return found


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(path: Path, known: dict[str, Path]) -> Iterator[tuple[str, int]]:
    """The package's modules a module imports (anywhere: at the top, in functions, for type checkers),
    with the line of each import."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tsp_rules"):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tsp_rules"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                yield (sub if sub in known else node.module), node.lineno


def layer_of(module: str, order: list[tuple[str, tuple[str, ...]]]) -> int:
    best = (-1, -1)  # (length of the longest matching prefix, layer index)
    for index, (_, members) in enumerate(order):
        for member in members:
            name = f"tsp_rules.{member}" if member != "tsp_rules" else member
            if (module == name or module.startswith(name + ".")) and len(name) > best[0]:
                best = (len(name), index)
    assert best[1] >= 0, f"{module} is in no layer of docs/architecture.md"
    return best[1]


def graph() -> dict[str, dict[str, int]]:
    known = modules()
    return {name: {target: line for target, line in imports(path, known) if target != name}
            for name, path in known.items()}


def test_the_layers_are_written_in_the_architecture_doc() -> None:
    order = layers()
    names = [name for name, _ in order]
    assert names[0] == "package" and names[-1] == "ground floor", names
    assert len(names) >= 8


def test_every_module_is_in_a_layer_and_the_top_level_holds_only_the_ground_floor() -> None:
    order = layers()
    for name in modules():
        layer_of(name, order)
    ground = {f"tsp_rules.{m}" for m in order[-1][1]}
    top_level = {f"tsp_rules.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert top_level == ground, "the top level of tsp_rules/ holds only the package and the ground floor"


def test_no_import_runs_upward() -> None:
    order = layers()
    upward = []
    for source, targets in graph().items():
        mine = layer_of(source, order)
        for target, line in targets.items():
            theirs = layer_of(target, order)
            if theirs < mine:
                upward.append(f"{source}:{line} imports {target} ({order[mine][0]} → {order[theirs][0]})")
    assert not upward, "\n".join(upward)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other in a circle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other_in_a_circle() -> None:
    found = cycles({name: set(targets) for name, targets in graph().items()})
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_no_module_is_over_700_lines() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 700}
    assert not long, long


def test_the_checker_sees_an_upward_import_and_a_cycle() -> None:
    """The checks above could pass by seeing nothing: on a made-up graph they find what they must."""
    order = [("package", ("tsp_rules",)), ("top", ("a",)), ("ground floor", ("b",))]
    assert layer_of("tsp_rules.a.x", order) == 1 and layer_of("tsp_rules.b", order) == 2
    assert layer_of("tsp_rules", order) == 0
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    known = modules()
    found = dict(imports(PACKAGE / "checking" / "check.py", known))
    assert "tsp_rules.engines" in found and "tsp_rules.model.ruleset" in found
    assert "tsp_rules.checking.explain" in dict(imports(PACKAGE / "checking" / "check.py", known))


def test_every_subpackage_is_installed() -> None:
    """``pyproject.toml`` lists the packages to install: a subpackage left out would be missing from the wheel."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
