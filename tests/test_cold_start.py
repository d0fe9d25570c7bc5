"""Cold start: importing the package and ``tsp-check --version`` load none of the heavy modules (the
engines, the check machinery, pydantic, PyYAML, click); the public API still reaches every name. Checked
on ``sys.modules`` in a fresh interpreter, never on time (the time is measured by benchmarks/run.py)."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import tsp_rules
from tsp_rules.commands.cli import main

HEAVY = ("tsp_rules.checking.check", "tsp_rules.engines", "tsp_rules.checking.findings", "tsp_rules.model.ruleset",
         "tsp_rules.model.profile",
         "pydantic", "yaml", "durable", "click", "attrs", "importlib.metadata")


def _modules_after(code: str) -> tuple[set[str], str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    *printed, last = done.stdout.strip().splitlines()
    return set(json.loads(last)), "\n".join(printed)


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_import_package_loads_nothing_heavy() -> None:
    modules, _ = _modules_after("import tsp_rules")
    assert "tsp_rules" in modules
    assert _heavy(modules) == []


def test_version_loads_nothing_heavy_and_says_what_click_says() -> None:
    code = ("from tsp_rules.commands.entry import main\nsys.argv = ['tsp-check', '--version']\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n")
    modules, printed = _modules_after(code)
    assert _heavy(modules) == []
    expected = CliRunner().invoke(main, ["--version"])
    assert expected.exit_code == 0
    assert printed == expected.output.strip() == f"tsp-check, version {tsp_rules.__version__}"


def test_installed_version_agrees_with_importlib_metadata() -> None:
    from importlib.metadata import version

    assert tsp_rules.installed_version() == version("tsp-rules")


def test_console_script_answers_version() -> None:
    script = Path(sys.executable).parent / "tsp-check"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"tsp-check, version {tsp_rules.__version__}")
    done = subprocess.run([str(script), "--versio"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "--versio" in done.stderr  # anything else goes to click


def test_public_names_survive_importing_the_modules_they_live_in() -> None:
    code = ("import tsp_rules.checking.check\nimport tsp_rules\nfrom tsp_rules import check, iter_check, Report\n"
            "import inspect\nprint(inspect.isfunction(check), inspect.isfunction(tsp_rules.check), "
            "check is sys.modules['tsp_rules.checking.check'].check, Report.__module__)")
    _, printed = _modules_after(code)
    assert printed == "True True True tsp_rules.checking.findings"


def test_every_exported_name_resolves() -> None:
    for name in tsp_rules.__all__:
        assert getattr(tsp_rules, name) is not None, name
    assert set(tsp_rules.__all__) <= set(dir(tsp_rules))
    namespace: dict[str, object] = {}
    exec("from tsp_rules import *", namespace)
    assert {n for n in tsp_rules.__all__} <= set(namespace)
    assert namespace["check"] is sys.modules["tsp_rules.checking.check"].check  # type: ignore[attr-defined]


def test_pydantic_models_are_built_only_for_the_documents_read() -> None:
    """Each input document kind's model is built when a document of that kind is first validated: importing
    the specs builds none (but the ruleset's parameters, whose default value is an instance), and loading a
    ruleset builds the ruleset's model, not the profile's (the cache of compiled rulesets off: it is validated)."""
    code = ("import os\nos.environ['TSP_RULES_CACHE'] = 'off'\n"
            "import pydantic\nfrom tsp_rules.documents import specs\n"
            "def built():\n"
            "    return sorted(n for n, m in vars(specs).items() if isinstance(m, type)\n"
            "                  and issubclass(m, pydantic.BaseModel) and m is not specs.Strict\n"
            "                  and type(m.__pydantic_validator__).__name__ == 'SchemaValidator')\n"
            "print(json.dumps(built()))\n"
            "from tsp_rules import load_ruleset\nload_ruleset('tsp-2018-2021')\n"
            "print(json.dumps(built()))")
    _, printed = _modules_after(code)
    at_import, after_ruleset = (json.loads(line) for line in printed.splitlines())
    assert at_import == ["ParametersSpec"]
    assert "RulesetSpec" in after_ruleset
    assert "ProfileSpec" not in after_ruleset and "ActionSpec" not in after_ruleset
    assert "EvidenceOptionSpec" not in after_ruleset  # a plain item's option is made from validated values


def test_a_plain_items_option_equals_the_validated_one() -> None:
    """The option of a plain evidence item (made without validating it again) is the model validation makes
    of the same values, for every item of both bundled rulesets."""
    from tsp_rules.documents.loading import load_document
    from tsp_rules.documents.specs import EvidenceOptionSpec, RulesetSpec
    from tsp_rules.model.compiler import bundled_rulesets

    seen = 0
    for path in bundled_rulesets().values():
        spec = RulesetSpec.model_validate(load_document(path).data)
        for obligation in spec.obligations:
            for item in obligation.requirement.evidence:
                if item.any_of is None:
                    (option,) = item.options
                    fields = ("kinds", "cadence", "content", "description", "basis")
                    given = {name: getattr(item, name) for name in fields}
                    assert option == EvidenceOptionSpec.model_validate(given)
                    assert option.model_fields_set == set(fields)
                    seen += 1
    assert seen > 50


@functools.cache
def _text_check_modules() -> frozenset[str]:
    """The modules a fresh interpreter has loaded after ``tsp-check check`` of one fixture file in text (run once
    for the tests that read it)."""
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "stockholm" / "aldrenamnden.yaml"
    code = ("import contextlib, io\nfrom tsp_rules.commands.entry import main\n"
            f"sys.argv = ['tsp-check', 'check', {str(fixture)!r}, '--as-of', '2019-11-30', '--fail-on', 'never']\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try:\n        main()\n    except SystemExit as exc:\n        assert exc.code == 0, exc.code\n"
            "print(len(out.getvalue()) > 100)\n")
    modules, printed = _modules_after(code)
    assert printed == "True"
    return frozenset(modules)


def test_a_text_check_imports_no_other_renderer() -> None:
    """Issue 25: renderer modules are imported when their format is first rendered; a text check of one file
    imports the text renderer (and the streaming part's JSON printer), not html, csv, junit, markdown or
    xlsx (nor what they import)."""
    modules = _text_check_modules()
    assert "tsp_rules.renderers.text" in modules
    others = ("html", "csv", "junit", "markdown", "xlsx")
    assert not [m for m in modules if m in {f"tsp_rules.renderers.{o}" for o in others}]
    assert "openpyxl" not in modules and "xml.etree.ElementTree" not in modules


def test_a_check_imports_no_other_command() -> None:
    """Issue 25: each command's module is imported when that command runs; ``tsp-check check`` imports
    ``check``'s module and the shared plumbing, not the fifteen other commands (the help still lists all)."""
    modules = _text_check_modules()
    commands = sorted(m for m in modules if m.startswith("tsp_rules.commands."))
    assert commands == ["tsp_rules.commands._common", "tsp_rules.commands._swedish", "tsp_rules.commands.check",
                        "tsp_rules.commands.cli", "tsp_rules.commands.entry"]
    assert "difflib" not in modules and "signal" not in modules  # for a wrong name; in --jobs workers
    listed = CliRunner().invoke(main, ["--help"])
    assert listed.exit_code == 0
    for name in ("check", "city", "diff-rulesets", "import", "internkontrollplan", "oscal", "test"):
        assert f"  {name} " in listed.output, name
