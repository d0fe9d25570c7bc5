"""The hostile-input corpus beyond files with bad content: empty folders, devices, FIFOs, symbolic link
loops and dangling links, far dates, and library arguments of the wrong kind. Each gives a clear usage
or input error (exit 2 on the command line), a warning, or a report; never a traceback, a hang, or a
report that passes because nothing was checked."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import tsp_rules
from tsp_rules import (
    InputError,
    ProfileError,
    ReportWarning,
    SkippedFileWarning,
    UsageError,
    check,
    iter_check,
    load_profile,
    load_ruleset,
)
from tsp_rules.checking.check import LATEST_AS_OF, _init_worker, _Job
from tsp_rules.commands.cli import main
from tsp_rules.documents import loading as loading_module
from tsp_rules.renderers import render

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
ONE = FIXTURES / "miljo-och-halsoskyddsnamnden.yaml"
AS_OF = "2019-11-30"


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _fixture_copy(tmp_path: Path, count: int = 2) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for path in sorted(FIXTURES.glob("*.yaml"))[:count]:
        shutil.copy(path, folder / path.name)
    return folder


# ------------------------------------------------------------------------------------ empty folders


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "csv", "markdown", "html"])
def test_check_of_a_folder_without_profiles_is_a_usage_error(fmt: str, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a profile\n", encoding="utf-8")
    target = tmp_path / "report.out"
    result = _run("check", *TSP, str(tmp_path), "--format", fmt, "-o", str(target))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"tsp-check: inga profiler (*.yaml, *.yml) under {tmp_path}\n"
    assert not target.exists()


@pytest.mark.parametrize("command", [["check"], ["city"], ["lint", "--profiles"]])
def test_every_command_refuses_an_empty_folder(command: list[str], tmp_path: Path) -> None:
    result = _run(*command, str(tmp_path), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert f"no profiles (*.yaml, *.yml) under {tmp_path}" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("profiles", [[], (), "EMPTY"])
def test_library_check_of_nothing_raises_the_usage_error(profiles: Any, tmp_path: Path) -> None:
    given = tmp_path if profiles == "EMPTY" else profiles
    with pytest.raises(UsageError, match="no profiles to check"):
        check(given, as_of=AS_OF, engine="python")
    with pytest.raises(UsageError, match="no profiles to check"):
        list(iter_check(given, as_of=AS_OF, engine="python"))


# ------------------------------------------------------------------------------------------ far dates


@pytest.mark.parametrize("day", ["9999-12-31", "9990-01-01", "0001-01-01", "0010-12-31"])
@pytest.mark.parametrize("command", ["check", "remiss", "city"])
def test_far_check_dates_are_a_usage_error(command: str, day: str, tmp_path: Path) -> None:
    target = ONE if command != "city" else FIXTURES
    result = _run(command, str(target), "--as-of", day, "--engine", "python", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "OverflowError" not in result.output
    assert "ligger för sent" in result.stderr or "ligger för tidigt" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), "9999-12-31", dt.datetime(9999, 12, 31, 23, 59),
                                 dt.date(1, 1, 1)])
def test_far_check_dates_in_the_library(day: Any) -> None:
    with pytest.raises(UsageError, match=r"too (late|early)"):
        check([ONE], as_of=day, engine="python")


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_the_latest_accepted_date_is_checked_with_waivers_and_cadences(engine: str) -> None:
    report = check([FIXTURES], "tsp-2018-2021", as_of=LATEST_AS_OF, engine=engine)
    assert report.as_of == LATEST_AS_OF
    assert {w.code for w in report.warnings} >= {"as_of_outside_period"}


@pytest.mark.parametrize("day", ["20191130", "2019-W48-6", "2019-11-30T00:00", "2019-334", " 2019-11-30",
                                 "2019-11-31", "2019-1-30", "２０１９-11-30"])
def test_as_of_accepts_exactly_yyyy_mm_dd(day: str) -> None:
    result = _run("check", *TSP, str(ONE), "--as-of", day)
    assert result.exit_code == 2, result.output
    assert "ÅÅÅÅ-MM-DD" in result.stderr  # Swedish by default; the metavar stays YYYY-MM-DD
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        check([ONE], as_of=day, engine="python")


# --------------------------------------------------------------------------- devices, FIFOs, links


def _limited(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child with 1 GB of address space; a hang is caught by the timeout (not timed)."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          preexec_fn=limit, check=False)


CLI = "import sys; from tsp_rules.commands.cli import main; sys.argv[0] = 'tsp-check'; main()"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_named_as_a_profile_is_refused(device: str) -> None:
    done = _limited(CLI, "check", *TSP, device, "--engine", "python")
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"{device}:1:1: är inte en vanlig fil (en katalog, en enhet eller en namngiven rörledning " \
                          "läses inte)\n"
    done = _limited(CLI, "check", device, "--engine", "python", "--lang", "en")
    assert done.stderr == f"{device}:1:1: is not a regular file (a folder, device or named pipe is not read)\n"


def test_a_fifo_named_as_a_profile_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    done = _limited(CLI, "check", *TSP, str(fifo), "--engine", "python")
    assert done.returncode == 2, done.stderr
    assert "är inte en vanlig fil" in done.stderr


def test_the_size_limit_holds_for_the_bytes_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc files are regular files whose size says 0 whatever they hold
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0 and len(maps.read_bytes()) > 200
    monkeypatch.setattr(loading_module, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="större än gränsen på 100 byte"):
        load_profile(maps, lang="sv")
    with pytest.raises(InputError, match="larger than the limit of 100 bytes"):
        load_profile(maps)  # the tests' library calls speak English (conftest)


def _hostile_folder(tmp_path: Path) -> Path:
    folder = _fixture_copy(tmp_path)
    (folder / "loop-a.yaml").symlink_to("loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to("loop-a.yaml")
    (folder / "self.yaml").symlink_to("self.yaml")
    (folder / "dangling.yaml").symlink_to("moved-away.yaml")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "linked.yaml").symlink_to(ONE.resolve())  # a good link is read (its id is new here)
    return folder


def test_skipped_entries_of_a_folder_are_warned_about_on_the_command_line(tmp_path: Path) -> None:
    folder = _hostile_folder(tmp_path)
    result = _run("check", *TSP, str(folder), "--as-of", AS_OF, "--engine", "python", "--format", "json")
    assert result.exit_code == 1, result.output
    warned = sorted(line for line in result.stderr.splitlines())
    assert warned == [
        f"tsp-check: varning: {folder / 'dangling.yaml'}: hoppades över: symbolisk länk till något som inte finns "
        "(moved-away.yaml)",
        f"tsp-check: varning: {folder / 'fifo.yaml'}: hoppades över: inte en vanlig fil (en namngiven rörledning, en "
        "enhet eller en sockel)",
        f"tsp-check: varning: {folder / 'loop-a.yaml'}: hoppades över: symbolisk länk i en slinga",
        f"tsp-check: varning: {folder / 'loop-b.yaml'}: hoppades över: symbolisk länk i en slinga",
        f"tsp-check: varning: {folder / 'self.yaml'}: hoppades över: symbolisk länk i en slinga",
    ]
    assert json.loads(result.stdout)["summary"]["profiles"] == 3
    result = _run("check", str(folder), "--as-of", AS_OF, "--engine", "python", "--format", "json", "--lang", "en")
    assert sorted(line for line in result.stderr.splitlines()) == [
        f"tsp-check: warning: {folder / 'dangling.yaml'}: skipped: dangling symbolic link (to moved-away.yaml)",
        f"tsp-check: warning: {folder / 'fifo.yaml'}: skipped: not a regular file (a FIFO, a device or a socket)",
        f"tsp-check: warning: {folder / 'loop-a.yaml'}: skipped: symbolic link loop",
        f"tsp-check: warning: {folder / 'loop-b.yaml'}: skipped: symbolic link loop",
        f"tsp-check: warning: {folder / 'self.yaml'}: skipped: symbolic link loop",
    ]


def test_an_entry_seen_through_a_linked_folder_is_warned_about_once(tmp_path: Path) -> None:
    """A folder linked inside itself (sub -> ..) and named beside it shows each skipped entry under two paths:
    one warning per entry, with the path it was first seen at; in check, due and lint --profiles."""
    folder = tmp_path / "loopdir"
    folder.mkdir()
    (folder / "sub").symlink_to("../loopdir")
    (folder / "self.yaml").symlink_to("self.yaml")
    (folder / "dangling.yaml").symlink_to("moved-away.yaml")
    os.mkfifo(folder / "fifo.yaml")
    expected = [
        f"tsp-check: varning: {folder / 'dangling.yaml'}: hoppades över: symbolisk länk till något som inte finns "
        "(moved-away.yaml)",
        f"tsp-check: varning: {folder / 'fifo.yaml'}: hoppades över: inte en vanlig fil (en namngiven rörledning, en "
        "enhet eller en sockel)",
        f"tsp-check: varning: {folder / 'self.yaml'}: hoppades över: symbolisk länk i en slinga",
    ]
    both = (str(folder), str(folder / "sub"))
    for args in (("check", *TSP, *both, str(ONE), "--as-of", AS_OF, "--engine", "python", "--format", "json"),
                 ("due", *TSP, *both, str(ONE), "--from", "2019-01-01", "--until", "2019-12-31", "--format", "json")):
        result = _run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert sorted(line for line in result.stderr.splitlines() if "hoppades över" in line) == expected, args
    result = _run("lint", "tsp-2018-2021", "--profiles", both[0], "--profiles", both[1], "--profiles", str(ONE))
    assert result.exit_code == 0, result.output
    assert sorted(line for line in result.stderr.splitlines() if "hoppades över" in line) == expected
    assert "SkippedFileWarning" not in result.stderr


def test_a_refused_tag_on_the_whole_file_is_said_once(tmp_path: Path) -> None:
    """A tag on the document itself is the one problem: not also "must be a mapping" as its consequence."""
    tagged = tmp_path / "pytag.yaml"
    tagged.write_text("!!python/object/new:os.system [echo hi]\n", encoding="utf-8")
    tag = ("taggen ”!!python/object/new:os.system” stöds inte: bara vanliga YAML-värden (text, tal, true/false, "
           "listor och mappningar) är tillåtna")
    result = _run("check", str(ONE), "--ruleset", str(tagged), "--as-of", AS_OF)
    assert result.exit_code == 2 and result.stderr == f"{tagged}:1:1: {tag}\n"
    result = _run("check", str(tagged), "--as-of", AS_OF, *TSP)
    assert result.exit_code == 2 and result.stderr == f"{tagged}:1:1: {tag}\n"
    listed = tmp_path / "list.yaml"  # without a tag, the wrong kind of document is still said
    listed.write_text("- 1\n", encoding="utf-8")
    result = _run("check", str(ONE), "--ruleset", str(listed), "--as-of", AS_OF)
    assert result.exit_code == 2 and result.stderr == f"{listed}:1:1: ett regelverk måste vara en YAML-mappning\n"


def test_skipped_entries_of_a_folder_are_python_warnings_in_the_library(tmp_path: Path) -> None:
    folder = _hostile_folder(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = check([folder], as_of=AS_OF, engine="python")
    assert len(report.profiles) == 3
    assert sorted(str(w.message).rsplit(": ", 1)[1] for w in caught if w.category is SkippedFileWarning) == [
        "dangling symbolic link (to moved-away.yaml)", "not a regular file (a FIFO, a device or a socket)",
        "symbolic link loop", "symbolic link loop", "symbolic link loop"]


def test_a_looping_link_named_directly_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    with pytest.raises(ProfileError, match=r"loop\.yaml:1:1: cannot read the file"):
        check([tmp_path / "loop.yaml"], as_of=AS_OF, engine="python")


# ------------------------------------------------------------------------------ workers and Ctrl-C


def test_never_more_workers_than_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.context

    started: list[int] = []
    real_pool = multiprocessing.context.SpawnContext.Pool

    def pool(self: Any, processes: int, *args: Any, **kwargs: Any) -> Any:
        started.append(processes)
        return real_pool(self, processes, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.context.SpawnContext, "Pool", pool)
    one = check([ONE], as_of=AS_OF, engine="python", jobs=64)
    assert started == []  # one profile: evaluated in this process
    three = check([_fixture_copy(tmp_path, 3)], as_of=AS_OF, engine="python", jobs=64)
    assert started == [3]
    assert len(one.profiles) == 1 and len(three.profiles) == 3


def test_workers_leave_ctrl_c_to_the_parent() -> None:
    before = signal.getsignal(signal.SIGINT)
    try:
        _init_worker(_Job(load_ruleset(), dt.date(2019, 11, 30), "python", None))
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


# --------------------------------------------------------------------------- library argument errors


@pytest.mark.parametrize("profiles", [None, 42, [None], [42], b"fixtures/stockholm", [b"fixtures/stockholm"],
                                      {"id": "x"}, 3.5, [ONE, None]])
def test_check_with_arguments_of_the_wrong_kind_raises_the_usage_error(profiles: Any) -> None:
    with pytest.raises(UsageError, match="profiles must be"):
        check(profiles, as_of=AS_OF, engine="python")


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"jobs": "2"}, "jobs must be"), ({"jobs": 0}, "jobs must be"), ({"jobs": True}, "jobs must be"),
    ({"jobs": 2.0}, "jobs must be"), ({"as_of": 20191130}, "as_of must be"), ({"engine": None}, "engine must be"),
    ({"ruleset": {}}, "ruleset must be"), ({"ruleset": 1}, "ruleset must be"), ({"ruleset": b"x"}, "ruleset must be"),
])
def test_check_options_of_the_wrong_kind_raise_the_usage_error(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(UsageError, match=match):
        check([ONE], **{"as_of": AS_OF, "engine": "python", **kwargs})
    with pytest.raises(UsageError, match=match):
        iter_check([ONE], **{"as_of": AS_OF, "engine": "python", **kwargs})


@pytest.mark.parametrize("path", [None, 42, b"fixtures/stockholm/x.yaml", ["x.yaml"]])
def test_load_profile_and_load_ruleset_with_a_non_path(path: Any) -> None:
    with pytest.raises(UsageError, match="a profile must be given as a file path"):
        load_profile(path)
    if path is not None:  # None is the default ruleset
        with pytest.raises(UsageError, match="ruleset must be"):
            load_ruleset(path)


def test_unknown_format_and_language_raise_the_usage_error() -> None:
    report = check([ONE], as_of=AS_OF, engine="python")
    with pytest.raises(UsageError, match="unknown format 'pdf'"):
        render(report, "pdf")
    with pytest.raises(UsageError, match="unknown format 'jsn' \\(did you mean 'json'\\?\\)"):
        render(report, "jsn")
    for lang in ("de", "SV", None):
        with pytest.raises(UsageError, match="lang must be one of 'sv', 'en'"):
            report.to_json(lang)  # type: ignore[arg-type]
        with pytest.raises(UsageError, match="lang must be one of"):
            render(report, "text", lang)  # type: ignore[arg-type]


def test_warning_is_renamed_with_a_deprecated_alias() -> None:
    assert "Warning" not in tsp_rules.__all__ and "ReportWarning" in tsp_rules.__all__
    namespace: dict[str, Any] = {}
    exec("from tsp_rules import *", namespace)
    assert "Warning" not in namespace
    with pytest.warns(DeprecationWarning, match="use tsp_rules.ReportWarning"):
        alias = tsp_rules.Warning
    assert alias is ReportWarning
