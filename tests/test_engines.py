"""Engine selection: ``get_engine``, the fallback to Python when durable-rules cannot be imported, and
``--engine`` on the command line. Agreement of the two back ends on generated input is in
``test_differential.py``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tsp_rules import Ruleset, UsageError, check
from tsp_rules import engines as engines_module
from tsp_rules.commands.cli import main
from tsp_rules.engines import ENGINE_NAMES, durable_available, get_engine

from .conftest import FIXTURES

AS_OF = "2019-11-30"
NOTICE = "tsp-check: durable-rules cannot be imported here; using the python engine\n"


@pytest.fixture
def no_durable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a Python where durable-rules does not import (no wheel, or 3.13's undefined symbol)."""
    monkeypatch.setattr(engines_module, "durable_available", lambda: False)
    monkeypatch.setattr(engines_module, "_notified", False)


def test_engine_names() -> None:
    assert ENGINE_NAMES == ("durable", "python")
    assert get_engine("python").name == "python"


def test_durable_engine_when_available() -> None:
    # this test environment builds durable-rules (Python 3.11/3.12); the fallback is tested below
    assert durable_available()
    assert get_engine("durable").name == "durable"
    assert get_engine().name == "durable"


def test_unknown_engine_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown engine 'drools'; choose one of durable, python"):
        get_engine("drools")
    with pytest.raises(UsageError):
        check([], as_of=AS_OF, engine="drools")


def test_fallback_notice_once(no_durable: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert get_engine("durable").name == "python"
    assert get_engine("durable").name == "python"
    captured = capsys.readouterr()
    assert captured.err == NOTICE  # exactly one line, however often the engine is asked for
    assert captured.out == ""


def test_explicit_python_engine_gives_no_notice(no_durable: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert get_engine("python").name == "python"
    assert capsys.readouterr().err == ""


def test_fallback_report_says_python(no_durable: None, ruleset: Ruleset, capsys: pytest.CaptureFixture[str]) -> None:
    report = check([FIXTURES], ruleset=ruleset, as_of=AS_OF, engine="durable")
    assert report.engine == "python"
    assert report.to_data()["engine"] == "python"
    assert capsys.readouterr().err == NOTICE


def test_report_engine_field(ruleset: Ruleset) -> None:
    for name in ENGINE_NAMES:
        assert check([FIXTURES], ruleset=ruleset, as_of=AS_OF, engine=name).engine == name


def _run(*args: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(main, ["check", str(FIXTURES), "--as-of", AS_OF, "--format", "json",
                                                       *args])
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_cli_engines_give_identical_findings() -> None:
    code_p, python, err_p = _run("--engine", "python")
    code_d, durable, err_d = _run("--engine", "durable")
    assert (python["engine"], durable["engine"]) == ("python", "durable")
    assert code_p == code_d == 1
    assert err_p == err_d == ""
    python.pop("engine")
    durable.pop("engine")
    assert python == durable
    assert python["findings"]  # not vacuous


def test_cli_fallback(no_durable: None) -> None:
    code, report, err = _run()  # the default engine is durable
    assert code == 1
    assert report["engine"] == "python"
    assert err == NOTICE


def test_cli_rejects_unknown_engine() -> None:
    result = CliRunner().invoke(main, ["check", str(FIXTURES), "--engine", "drools"])
    assert result.exit_code == 2
    assert "drools" in result.stderr
