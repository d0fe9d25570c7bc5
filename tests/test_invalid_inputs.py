"""Hand-made bad files (tests/data/invalid/) and the exact located errors each must produce."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules.commands.cli import main
from tsp_rules.documents.loading import MAX_FILE_BYTES

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

INVALID = Path(__file__).resolve().parent / "data" / "invalid"
CASES = sorted(p.stem for p in INVALID.glob("*.expected") if not p.stem.endswith(".en"))
EN_CASES = sorted(p.name[: -len(".en.expected")] for p in INVALID.glob("*.en.expected"))
"""The corpus is in Swedish, the default; ``<case>.en.expected`` gives the same case's errors in English
(``--lang en``)."""
LOCATED = re.compile(r"^(\S+?:\d+:\d+): (.*)$")


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def _args(case: str, output: Path) -> list[str]:
    target = case if (INVALID / case).is_dir() else f"{case}.yaml"
    if case.startswith("ruleset-"):
        return ["check", "bom-valid.yaml", "--ruleset", target, "--as-of", "2019-11-30", "-o", str(output)]
    return ["check", *TSP, target, "--as-of", "2019-11-30", "-o", str(output)]


def test_every_case_has_its_input() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        assert (INVALID / f"{case}.yaml").is_file() or (INVALID / case).is_dir(), case


@pytest.mark.parametrize(("case", "lang"), [*((c, "sv") for c in CASES), *((c, "en") for c in EN_CASES)])
def test_invalid_file_gives_exact_located_errors(case: str, lang: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    output = tmp_path / "report.txt"
    suffix = ".en.expected" if lang == "en" else ".expected"
    expected = (INVALID / f"{case}{suffix}").read_text(encoding="utf-8").splitlines()
    code, stdout, stderr = _run([*_args(case, output), "--lang", lang])
    assert "Traceback" not in stdout + stderr
    if expected == ["valid"]:
        assert code in (0, 1), stderr
        assert stderr == ""
        assert output.is_file()
        return
    assert code == 2, (stdout, stderr)
    assert stdout == ""
    assert not output.exists(), "a report was written for bad input"
    assert list(tmp_path.iterdir()) == [], "a temporary file was left behind"
    lines = stderr.splitlines()
    assert all(LOCATED.match(line) for line in lines), stderr
    assert len(lines) == len(expected), f"expected {len(expected)} problems, got:\n{stderr}"
    for line, want in zip(lines, expected, strict=True):
        where, fragment = LOCATED.match(want).groups()  # type: ignore[union-attr]
        got_where, got_message = LOCATED.match(line).groups()  # type: ignore[union-attr]
        assert got_where == where, line
        assert fragment in got_message, line


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    filler = "# " + "x" * 97 + "\n"
    big.write_text("format: tsp-profile/1\n" + filler * (MAX_FILE_BYTES // len(filler) + 1), encoding="utf-8")
    assert big.stat().st_size > MAX_FILE_BYTES
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    code, _, stderr = _run(["check", *TSP, str(big), "-o", str(output), "--format", "json"])
    assert code == 2
    assert stderr.startswith(f"{big}:1:1: filen är {big.stat().st_size:,} byte; gränsen är {MAX_FILE_BYTES:,} byte"
                             .replace(",", "\u202f"))
    assert "Traceback" not in stderr
    assert not output.exists()


def test_problems_of_several_files_are_reported_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    code, stdout, stderr = _run(["check", *TSP, "unknown-trait.yaml", "latin1.yaml", "bom-valid.yaml", "duplicate-ids"])
    assert code == 2
    assert stdout == ""
    files = [line.split(":", 1)[0] for line in stderr.splitlines()]
    assert files == ["duplicate-ids/b.yaml", "latin1.yaml", "unknown-trait.yaml", "unknown-trait.yaml"]


def test_missing_ruleset_is_a_located_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    code, _, stderr = _run(["check", "bom-valid.yaml", "--ruleset", "tsp-2018-2022"])
    assert code == 2
    assert stderr.startswith("tsp-2018-2022:1:1: det finns ingen regelverksfil eller inbyggt regelverk med det "
                             "namnet (menade du ”tsp-2018-2021”?)")
    code, _, stderr = _run(["check", "bom-valid.yaml", "--ruleset", "tsp-2018-2022", "--lang", "en"])
    assert stderr.startswith("tsp-2018-2022:1:1: no such ruleset file or bundled ruleset "
                             "(did you mean 'tsp-2018-2021'?)")


def test_internal_error_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(sys.modules["tsp_rules.checking.check"], "resolve", boom)
    code, _, stderr = _run(["check", *TSP, "bom-valid.yaml"])
    assert code == 3
    assert stderr.strip().count("\n") == 0
    assert "RuntimeError: kaboom" in stderr and "Traceback" not in stderr
    code, _, stderr = _run(["--debug", "check", *TSP, "bom-valid.yaml"])
    assert code == 3
    assert "Traceback" in stderr
