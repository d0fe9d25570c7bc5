"""``tsp-check`` does not load pydantic's plugins unless ``PYDANTIC_DISABLE_PLUGINS`` is set (issue 25, cold start:
pydantic's plugin lookup imports ``importlib.metadata`` and scans every installed distribution); the library
leaves them as they are. The command's stand-in for ``pydantic.plugin._loader`` (``tsp_rules.commands.entry``)
must offer every name pydantic's own module has and every name pydantic imports from it, so that a pydantic
that starts to import another name fails here, not silently in use."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pydantic
import pytest

from tsp_rules.commands import entry

ROOT = Path(__file__).resolve().parent.parent
ONE = ROOT / "fixtures" / "stockholm" / "aldrenamnden.yaml"


def _run(code: str, env: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env=environment, cwd=ROOT)


def _command(*args: str, env: dict[str, str | None]) -> tuple[int, str, str, dict[str, object]]:
    """``tsp-check ARGS`` through the program's entry point in a fresh interpreter: exit code, output, errors,
    and what it had imported (and where pydantic's plugin loader came from)."""
    code = ("import sys, json\nfrom tsp_rules.commands.entry import main\n"
            f"sys.argv = ['tsp-check', *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "loader = sys.modules.get('pydantic.plugin._loader')\n"
            "print(json.dumps({'code': code, 'modules': sorted(sys.modules),\n"
            "                  'loader_file': getattr(loader, '__file__', None)}), file=sys.stderr)\n")
    done = _run(code, env)
    *errors, last = done.stderr.strip().splitlines()
    seen = json.loads(last)
    return int(seen["code"]), done.stdout, "\n".join(errors), seen


def test_the_command_loads_no_plugin_lookup_and_no_importlib_metadata() -> None:
    for _ in range(2):  # the second run reads both rulesets from the session's cache
        code, out, errors, seen = _command("check", str(ONE), "--as-of", "2019-11-30",
                                           env={"PYDANTIC_DISABLE_PLUGINS": None})
        assert code == 0 and "Äldrenämnden" in out and errors == ""
        modules = seen["modules"]
        assert isinstance(modules, list)
        assert "pydantic" in modules and "pydantic.plugin._schema_validator" in modules  # validators were made
        assert seen["loader_file"] is None  # the stand-in, not pydantic's file
        assert "importlib.metadata" not in modules


def test_a_bad_profile_is_still_reported_with_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: tsp-profile/1\nprofile:\n  id: x\n  name: X\n  kind: facknamnd\n  illustrative: 7\n"
                   "traits: {}\n", encoding="utf-8")
    settings: list[dict[str, str | None]] = [{"PYDANTIC_DISABLE_PLUGINS": None},
                                             {"PYDANTIC_DISABLE_PLUGINS": "__all__"}]
    results = [_command("check", str(bad), "--as-of", "2019-11-30", "--lang", "en", env=env) for env in settings]
    (code, out, errors, seen), (code_real, _, errors_real, seen_real) = results
    assert code == code_real == 2 and out == ""
    assert f"{bad}:6:17:" in errors and "[profile.illustrative]" in errors
    assert errors == errors_real
    assert seen["loader_file"] is None and str(seen_real["loader_file"]).endswith("_loader.py")


def test_pydantics_own_setting_leaves_pydantic_alone() -> None:
    for setting in ("__all__", "", "some-plugin"):
        code, _, _, seen = _command("check", str(ONE), "--as-of", "2019-11-30",
                                    env={"PYDANTIC_DISABLE_PLUGINS": setting})
        assert code == 0
        assert str(seen["loader_file"]).endswith(os.path.join("pydantic", "plugin", "_loader.py")), setting


def test_the_library_leaves_pydantics_plugins_as_they_are() -> None:
    code = ("import sys\nfrom tsp_rules import check\n"
            f"check([{str(ONE)!r}], as_of='2019-11-30')\n"
            "print(sys.modules['pydantic.plugin._loader'].__file__)")
    done = _run(code, {"PYDANTIC_DISABLE_PLUGINS": None})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("_loader.py")


def test_the_stand_in_has_every_name_of_pydantics_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every public name pydantic's ``_loader`` module defines (not what it imports), and every name any module
    of pydantic imports from it, is in the stand-in; its ``get_plugins()`` finds none."""
    from pydantic.plugin import _loader as real

    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)  # else no stand-in is made
    saved = sys.modules.pop(entry.LOADER)
    try:
        entry.pydantic_plugins_off()
        stub = sys.modules[entry.LOADER]
    finally:
        sys.modules[entry.LOADER] = saved
    assert isinstance(stub, types.ModuleType) and stub is not real
    defined: set[str] = set()  # what the module itself defines at its top level, not what it imports
    for node in ast.parse(Path(str(real.__file__)).read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined.update(t.id for t in targets if isinstance(t, ast.Name))
    defined = {name for name in defined if not name.startswith("_")}
    assert "get_plugins" in defined
    assert defined <= set(vars(stub))
    imported: set[str] = set()
    package = Path(pydantic.__file__).parent
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for found in ast.walk(tree):
            if isinstance(found, ast.ImportFrom) and (
                    found.module == "pydantic.plugin._loader"
                    or (found.level and found.module == "_loader" and source.parent.name == "plugin")):
                imported.update(alias.name for alias in found.names)
    assert imported and imported <= set(vars(stub)), imported
    assert stub.PYDANTIC_ENTRY_POINT_GROUP == real.PYDANTIC_ENTRY_POINT_GROUP
    assert tuple(stub.get_plugins()) == ()


def test_nothing_is_replaced_when_the_loader_is_already_there(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic.plugin import _loader as present  # as once pydantic has made a validator (not left to other tests)

    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)  # else nothing would be replaced anyway
    entry.pydantic_plugins_off()
    assert sys.modules[entry.LOADER] is present
