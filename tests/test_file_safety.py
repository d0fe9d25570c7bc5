"""Nothing lost or changed: input files are never written; reports are written atomically."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules.commands.cli import main
from tsp_rules.documents import output as output_module
from tsp_rules.documents.output import open_atomic, write_atomic

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
INVALID = ROOT / "tests" / "data" / "invalid"


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns,
                                         p.stat().st_mode)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_input_files_are_never_written(fmt: str, jobs: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(FIXTURES, inputs / "profiles" / "fixtures")
    shutil.copy(INVALID / "bom-valid.yaml", inputs / "profiles" / "bom-valid.yaml")
    ruleset = inputs / "ruleset.yaml"
    shutil.copy(ROOT / "rulesets" / "tsp-2018-2021.yaml", ruleset)
    before = _snapshot(inputs)
    for args in (["--format", fmt], ["--format", fmt, "-o", str(tmp_path / f"report.{fmt}")]):
        result = CliRunner().invoke(main, ["check", str(inputs / "profiles"), "--ruleset", str(ruleset),
                                           "--as-of", "2019-11-30", "--jobs", jobs, *args])
        assert result.exit_code == 1, result.output
    assert _snapshot(inputs) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", f"report.{fmt}"]


def test_bad_input_files_are_not_written_either(tmp_path: Path) -> None:
    shutil.copytree(INVALID, tmp_path / "invalid")
    before = _snapshot(tmp_path / "invalid")
    result = CliRunner().invoke(main, ["check", *TSP, str(tmp_path / "invalid"), "-o", str(tmp_path / "report.txt")])
    assert result.exit_code == 2
    assert _snapshot(tmp_path / "invalid") == before
    assert not (tmp_path / "report.txt").exists()


def test_output_refuses_nothing_but_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old report\n", encoding="utf-8")
    write_atomic(target, "new report\n")
    assert target.read_text(encoding="utf-8") == "new report\n"
    with open_atomic(target) as handle:
        handle.write("streamed ")
        handle.write("report\n")
        assert target.read_text(encoding="utf-8") == "new report\n"  # not replaced until the end
    assert target.read_text(encoding="utf-8") == "streamed report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


class Interrupted(BaseException):
    """Stands for KeyboardInterrupt or a signal arriving in the middle of a write."""


@pytest.mark.parametrize("fmt", ["text", "json", "unstreamed"])
def test_interrupted_write_keeps_the_old_report(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.out"
    target.write_text("the old report\n", encoding="utf-8")
    real_fsync = os.fsync
    calls = {"n": 0}

    def broken_fsync(fd: int) -> None:
        calls["n"] += 1
        raise Interrupted()

    monkeypatch.setattr(output_module.os, "fsync", broken_fsync)
    args = ["check", *TSP, str(FIXTURES), "--as-of", "2019-11-30", "-o", str(target)]
    if fmt != "unstreamed":
        args += ["--format", fmt]
    else:
        monkeypatch.setattr("tsp_rules.renderers.streaming.STREAMING_FORMATS", ())
    with pytest.raises(Interrupted):
        CliRunner().invoke(main, args)
    assert calls["n"] == 1
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.out"], "a temporary file was left behind"
    monkeypatch.setattr(output_module.os, "fsync", real_fsync)


def test_write_that_fails_half_way_leaves_no_trace(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("{}\n", encoding="utf-8")
    with pytest.raises(OSError), open_atomic(target) as handle:
        handle.write("[" * 1000)
        raise OSError(28, "No space left on device")
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize("fmt", ["text", "unstreamed"])
def test_unwritable_output_is_a_usage_error(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if fmt == "unstreamed":
        monkeypatch.setattr("tsp_rules.renderers.streaming.STREAMING_FORMATS", ())
    target = tmp_path / "missing-folder" / "report.txt"
    result = CliRunner().invoke(main, ["check", *TSP, str(FIXTURES), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"tsp-check: kan inte skriva {target}: filen eller katalogen finns inte; rapporten " \
                            "skrevs inte\n"
    assert not target.parent.exists()


def test_ctrl_c_keeps_the_old_report_and_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    target = tmp_path / "report.txt"
    target.write_text("the old report\n", encoding="utf-8")

    def interrupt(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["tsp_rules.checking.check"], "resolve", interrupt)
    result = CliRunner().invoke(main, ["check", *TSP, str(FIXTURES), "-o", str(target)])
    assert result.exit_code == 130
    assert result.stderr == "tsp-check: avbruten\n"
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_new_report_follows_the_umask(umask: int, tmp_path: Path) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.txt", "report\n")
        with open_atomic(tmp_path / "streamed.txt") as handle:
            handle.write("report\n")
    finally:
        os.umask(old)
    for name in ("new.txt", "streamed.txt"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600, 0o640])
def test_overwritten_report_keeps_its_mode(mode: int, tmp_path: Path) -> None:
    target = tmp_path / "lagesbild.html"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    old = os.umask(0o077)  # the umask does not apply to a file that is replaced
    try:
        result = CliRunner().invoke(main, ["check", *TSP, str(FIXTURES), "--as-of", "2019-11-30", "--format", "html",
                                           "-o", str(target)])
    finally:
        os.umask(old)
    assert result.exit_code == 1, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == mode
