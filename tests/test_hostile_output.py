"""Hostile output targets and unbounded inputs (issue 23): nothing destroyed, nothing lost, nothing hangs.

Every ``-o`` target that is not a regular file (a device, a FIFO, a socket, a folder, a dangling link, a loop of
links) is refused with exit 2 before any work, and is left exactly as it was; a link to a regular file is
followed and stays a link; the output is never one of the inputs; a full disk or a closed pipe on standard
output is exit 2 with a message (quiet for a closed pipe), never an internal error. ``diff`` and ``import`` read
within bounds (a device, a FIFO, deep JSON, a far cell, a zip bomb), checked in a child process with its
address space limited and a timeout, so a regression fails instead of eating the machine.

Device nodes are made in a temporary folder with ``mknod`` (the null, zero and full devices' numbers); the
real ``/dev`` is never written. Where ``mknod`` is not permitted (no root, or a container that forbids it) those
tests are skipped and say so.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules import UsageError
from tsp_rules.commands.cli import lang_after_command, main
from tsp_rules.documents.output import check_output, write_atomic

ROOT = Path(__file__).resolve().parent.parent
ONE = ROOT / "fixtures" / "stockholm" / "miljo-och-halsoskyddsnamnden.yaml"
AS_OF = "2019-11-30"
TSP = ("--ruleset", "tsp-2018-2021")
CLI = "import sys; from tsp_rules.commands.cli import main; sys.argv[0] = 'tsp-check'; main()"
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})  # thousands are grouped with a no-break space
MEMORY = 1 << 30  # the child's address space: far below what the unbounded readers reached (13.9 GB, 24 GB)


def _limited(*args: str, stdout: int | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command line in a child with 1 GB of address space (``ulimit -v``); a hang is caught by the timeout."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    return subprocess.run([sys.executable, "-c", CLI, *args], stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout, preexec_fn=limit, check=False)


def _device(folder: Path, name: str, minor: int) -> Path:
    """A character device with the numbers of /dev/null (1, 3), /dev/zero (1, 5) or /dev/full (1, 7), made in a
    temporary folder; the test is skipped where mknod is not permitted."""
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"mknod is not permitted here ({exc.strerror}): device nodes cannot be made in a temp folder")
    return path


def _profile(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    shutil.copy(ONE, path)
    return path


def _fingerprint(path: Path) -> tuple[int, int, int]:
    info = os.lstat(path)
    return info.st_mode, info.st_ino, info.st_size


# The commands that write with -o, each with arguments that would otherwise succeed.
def _commands(profile: Path) -> dict[str, list[str]]:
    return {
        "check": ["check", *TSP, str(profile), "--as-of", AS_OF, "--engine", "python"],
        "check-json": ["check", *TSP, str(profile), "--as-of", AS_OF, "--engine", "python", "--format", "json"],
        "schema": ["schema", "profile"],
        "rulesets": ["rulesets"],
        "new": ["new", "--kind", "facknamnd", "--name", "Testnämnden"],
        "remiss": ["remiss", str(profile), "--datum", "2017-11-01", "--engine", "python", "--format", "markdown"],
        "due": ["due", *TSP, str(profile), "--from", AS_OF, "--until", "2020-06-30", "--engine", "python"],
    }


COMMANDS = ("check", "check-json", "schema", "rulesets", "new", "remiss", "due")


# ------------------------------------------------------------------------ targets that are not files


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_node_as_output_is_refused_and_kept(tmp_path: Path, command: str) -> None:
    node = _device(tmp_path, "mynull", 3)
    before = _fingerprint(node)
    result = CliRunner().invoke(main, [*_commands(_profile(tmp_path))[command], "-o", str(node)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"tsp-check: {node}: kan inte skriva hit: det är en enhetsfil; ange en vanlig fil, "
                             "eller -o - för standard output\n")
    assert _fingerprint(node) == before and stat.S_ISCHR(os.lstat(node).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_fifo_as_output_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = _limited("check", *TSP, str(_profile(tmp_path)), "--as-of", AS_OF, "--engine", "python", "-o", str(fifo),
                    "--lang", "en")
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"tsp-check: {fifo}: cannot write here: it is a named pipe (FIFO); give a regular file, or "
                           "-o - for standard output\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_socket_and_a_folder_as_output_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(UsageError, match="it is a socket"):
            check_output(path)
    assert stat.S_ISSOCK(os.lstat(path).st_mode)
    with pytest.raises(UsageError, match="it is a folder"):
        check_output(tmp_path)
    with pytest.raises(UsageError, match=r"cannot write .*missing/x\.md: no such file or directory"):
        check_output(tmp_path / "missing" / "x.md")


def test_the_library_writer_refuses_a_device_too(tmp_path: Path) -> None:
    node = _device(tmp_path, "mynull", 3)
    with pytest.raises(UsageError, match="it is a device"):
        write_atomic(node, "report")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


# ------------------------------------------------------------------------------------- symbolic links


def test_a_link_to_a_file_is_followed_the_link_kept_and_the_mode_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "report.md"
    link.symlink_to("real.md")
    result = CliRunner().invoke(main, ["check", *TSP, str(_profile(tmp_path)), "--as-of", AS_OF, "--engine", "python",
                                       "--format", "markdown", "-o", str(link)])
    assert result.exit_code == 1, result.output  # the fixture has gaps
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert real.read_text(encoding="utf-8").startswith("# ")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.mark.parametrize(("make", "says"), [
    (lambda d: (d / "out.md").symlink_to("nowhere.md"), "det är en symbolisk länk till nowhere.md, som inte finns"),
    (lambda d: ((d / "out.md").symlink_to("loop.md"), (d / "loop.md").symlink_to("out.md")),
     "det är en symbolisk länk i en slinga"),
])
def test_a_dangling_link_or_a_loop_as_output_is_refused(tmp_path: Path, make: Callable[[Path], object],
                                                         says: str) -> None:
    make(tmp_path)
    out = tmp_path / "out.md"
    result = CliRunner().invoke(main, ["schema", "profile", "-o", str(out)])
    assert result.exit_code == 2
    assert says in result.stderr and out.is_symlink()


# ------------------------------------------------------------------------------- the input as output


def test_the_input_is_never_the_output(tmp_path: Path) -> None:
    profile = _profile(tmp_path)
    original = profile.read_bytes()
    (tmp_path / "hard.yaml").hardlink_to(profile)
    (tmp_path / "soft.yaml").symlink_to(profile.name)
    for target in (profile, tmp_path / "hard.yaml", tmp_path / "soft.yaml"):
        result = CliRunner().invoke(main, ["check", *TSP, str(profile), "--as-of", AS_OF, "-o", str(target)])
        assert result.exit_code == 2, result.output
        assert "är också en av indatafilerna" in result.stderr
    for args in (["questionnaire", str(profile)], ["remiss", str(profile), "--format", "markdown"]):
        result = CliRunner().invoke(main, [*args, "-o", str(profile)])
        assert result.exit_code == 2 and "en av indatafilerna" in result.stderr, result.output
    # a profile file inside a folder being checked is an input too
    result = CliRunner().invoke(main, ["check", *TSP, str(tmp_path), "--as-of", AS_OF, "-o", str(profile)])
    assert result.exit_code == 2 and "en av indatafilerna" in result.stderr
    assert profile.read_bytes() == original


def test_import_does_not_overwrite_its_workbook(tmp_path: Path) -> None:
    workbook = tmp_path / "q.xlsx"
    made = CliRunner().invoke(main, ["questionnaire", str(ONE), "-o", str(workbook)])
    assert made.exit_code == 0, made.output
    before = workbook.read_bytes()
    result = CliRunner().invoke(main, ["import", str(workbook), "-o", str(workbook)])
    assert result.exit_code == 2 and "en av indatafilerna" in result.stderr
    assert workbook.read_bytes() == before


# -------------------------------------------------------------------------------- writing errors


def test_a_full_device_on_standard_output_is_exit_2_with_a_message(tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    profile = _profile(tmp_path)
    for extra in ([], ["--format", "json"], ["--format", "json", "-o", "-"]):
        with full.open("w") as sink:
            done = _limited("check", *TSP, str(profile), "--as-of", AS_OF, "--engine", "python", *extra,
                            stdout=sink.fileno())
        assert done.returncode == 2, done.stderr
        assert done.stderr == "tsp-check: kan inte skriva till standard output: inget utrymme kvar på enheten\n"
    with full.open("w") as sink:
        done = _limited("explain", "FO2-LAGESBILD", "--lang", "en", stdout=sink.fileno())
    assert done.returncode == 2
    assert done.stderr == "tsp-check: cannot write to standard output: no space left on device\n"


@pytest.mark.parametrize("args", [
    ("explain", "FO2-LAGESBILD"),
    ("check", str(ONE), "--as-of", AS_OF, "--engine", "python"),  # findings (exit 1) do not win over the pipe
    ("check", str(ONE), "--as-of", AS_OF, "--engine", "python", "--format", "json"),
    ("test", str(ROOT / "tests" / "scenarios" / "t2-dagen-da"), "--engine", "python"),  # passes: 0 without the pipe
    ("due", str(ONE), "--from", "2019-01-01", "--until", "2019-12-31", "--engine", "python"),
    ("rulesets", "--as-of", AS_OF),
], ids=lambda args: args[0] if args[0] != "check" or "json" not in args else "check-json")
def test_a_closed_pipe_is_quiet_and_exit_2_for_every_command(args: tuple[str, ...]) -> None:
    """One rule for every command (docs/errors.md): a reader of standard output that has gone is a failed write,
    exit 2, quiet; not the findings' exit code, which would say the whole report was read."""
    read, write = os.pipe()
    os.close(read)  # the pager has gone before the first line
    try:
        done = _limited(*args, stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 2 and done.stderr == ""


def test_a_reader_that_stops_after_one_line_ends_the_check_with_exit_2(tmp_path: Path) -> None:
    """``tsp-check check fixtures/stockholm … | head -1`` with a real shell pipe: the report (some 280 KB, far
    more than a pipe holds) is cut off after the first line; check exits 2 without a word on standard error."""
    err = tmp_path / "err.txt"
    line = subprocess.run(
        ["bash", "-c", f'"$0" -c "$1" check fixtures/stockholm --as-of {AS_OF} --engine python 2>"$2" | head -1; '
                       'echo "${PIPESTATUS[0]}"', sys.executable, CLI, str(err)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    first, code = line.stdout.splitlines()
    assert first.strip() and code == "2"  # the heading arrived; the rest was dropped
    assert err.read_text(encoding="utf-8") == ""


# ------------------------------------------------------------------------------- bounded readers


def test_diff_refuses_a_zero_device_and_a_fifo_without_reading_or_waiting(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    made = CliRunner().invoke(main, ["check", *TSP, str(ONE), "--as-of", AS_OF, "--engine", "python", "--format",
                                     "json", "-o", str(report)])
    assert made.exit_code == 1, made.output
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    done = _limited("diff", str(report), str(fifo))
    assert done.returncode == 2
    assert done.stderr == f"{fifo}:1:1: är inte en vanlig fil (en katalog, en enhet eller en namngiven rörledning " \
                          "läses inte)\n"
    zero = _device(tmp_path, "zero.json", 5)
    done = _limited("diff", str(report), str(zero))
    assert done.returncode == 2 and "är inte en vanlig fil" in done.stderr


def test_diff_refuses_deep_json_with_its_location(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("\n" + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    stringy = tmp_path / "strings.json"  # brackets inside strings do not nest
    stringy.write_text(json.dumps({"schema_version": "0.1", "x": "[" * 500}), encoding="utf-8")
    done = _limited("diff", str(stringy), str(deep), "--lang", "en")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert f"{deep}:2:65: JSON nested deeper than 64 levels" in lines
    assert any(line.startswith(f"{stringy}:1:1: unsupported report schema_version") for line in lines), lines


def test_diff_messages_are_swedish_by_default(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1]", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(bad), str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:1:1: ingen JSON-rapport från tsp-check: översta nivån ska vara ett objekt" in result.stderr


def _workbook(tmp_path: Path) -> Path:
    workbook = tmp_path / "q.xlsx"
    made = CliRunner().invoke(main, ["questionnaire", str(ONE), "-o", str(workbook)])
    assert made.exit_code == 0, made.output
    return workbook


def test_one_far_cell_is_located_and_does_not_allocate_the_grid(tmp_path: Path) -> None:
    import openpyxl

    workbook = _workbook(tmp_path)
    book = openpyxl.load_workbook(workbook)
    book["Underlag"]["XFD1048576"] = "x"
    book.save(workbook)
    assert workbook.stat().st_size < 100_000
    done = _limited("import", str(workbook), "-o", str(tmp_path / "p.yaml"))
    assert done.returncode == 2, done.stderr
    assert done.stderr.translate(SPACES) == ("q.xlsx!Underlag!XFD1048576: ett värde utanför enkätens område (rad "
                                             "1–10 000, kolumn A–BL); flytta det in i tabellen eller ta bort det\n")
    assert not (tmp_path / "p.yaml").exists()


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
        chunk = b" " * (1 << 20)
        for _ in range(101):
            member.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    done = _limited("import", str(bomb))
    assert done.returncode == 2, done.stderr
    assert done.stderr.translate(SPACES) == ("bomb.xlsx: arbetsboken packas upp till 105 906 176 byte; högst "
                                             "100 000 000 byte läses\n")


def test_a_fifo_named_as_a_workbook_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "q.xlsx"
    os.mkfifo(fifo)
    done = _limited("import", str(fifo))
    assert done.returncode == 2 and "är inte en vanlig fil" in done.stderr


# ------------------------------------------------------------------------------------- smaller items


def test_remiss_refuses_a_suffix_it_does_not_write(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["remiss", str(ONE), "--datum", "2017-11-01", "-o", str(out)])
    assert result.exit_code == 2
    assert "filändelsen .pdf är inget format remissutkastet skrivs i" in result.stderr
    assert not out.exists()


def test_lang_before_the_command() -> None:
    commands = {"explain": None, "check": None}
    assert lang_after_command(["--lang", "en", "explain", "X"], commands) == ["explain", "--lang", "en", "X"]
    assert lang_after_command(["--debug", "--lang=en", "check", "a"], commands) == ["--debug", "check", "--lang=en",
                                                                                      "a"]
    assert lang_after_command(["explain", "--lang", "en"], commands) == ["explain", "--lang", "en"]
    result = CliRunner().invoke(main, ["--lang", "en", "explain", "FO2-LAGESBILD"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("FO2-LAGESBILD: Situation picture of crime in the area")


def test_lang_without_a_command_shows_the_help_in_that_language() -> None:
    """``tsp-check --lang en`` is ``tsp-check`` in English: the group's help, and the exit code click gives a
    group called without a command; ``--lang en --help`` is the English help; a wrong language is refused."""
    bare = CliRunner().invoke(main, [], prog_name="tsp-check")
    english = CliRunner().invoke(main, ["--lang", "en"], prog_name="tsp-check")
    assert english.exit_code == bare.exit_code
    assert "Usage: tsp-check [OPTIONS] COMMAND [ARGS]..." in english.output
    assert "Show the version and exit." in english.output and "Användning" not in english.output
    assert "Användning: tsp-check" in bare.output and "Visa versionen och avsluta." in bare.output
    swedish = CliRunner().invoke(main, ["--lang=sv"], prog_name="tsp-check")
    assert swedish.exit_code == bare.exit_code and swedish.output == bare.output
    helped = CliRunner().invoke(main, ["--lang=en", "--help"], prog_name="tsp-check")
    assert helped.exit_code == 0 and helped.stdout.startswith("Usage: tsp-check [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in helped.stdout and "Check profile files" in helped.stdout
    wrong = CliRunner().invoke(main, ["--lang", "de"])
    assert wrong.exit_code == 2 and "”de” är inte ett tillåtet värde" in wrong.stderr


def test_import_refuses_implausible_years_and_non_text_references_at_their_cells(tmp_path: Path) -> None:
    import openpyxl

    workbook = _workbook(tmp_path)
    book = openpyxl.load_workbook(workbook)
    sheet = book["Underlag"]
    keys = {cell.value: cell.column_letter for cell in sheet[2] if cell.value}
    rows = [r for r in range(3, sheet.max_row + 1) if sheet[f"A{r}"].value]
    t2 = next(r for r in rows if sheet[f"{keys['t2_report.year']}{r}"].value is not None)
    sheet[f"{keys['t2_report.year']}{t2}"] = 1e30
    sheet[f"{keys['reference']}{rows[0]}"] = True
    book.save(workbook)
    result = CliRunner().invoke(main, ["import", str(workbook), "--lang", "en"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"q.xlsx!Underlag!{keys['t2_report.year']}{t2}:") and "is not a whole number" in line
               for line in lines), lines
    assert any(line.startswith(f"q.xlsx!Underlag!{keys['reference']}{rows[0]}:") and "not the truth value" in line
               for line in lines), lines
    sheet[f"{keys['t2_report.year']}{t2}"] = -5
    sheet[f"{keys['reference']}{rows[0]}"] = "Dnr 1"
    book.save(workbook)
    result = CliRunner().invoke(main, ["import", str(workbook)])
    assert result.exit_code == 2
    assert any(line.startswith(f"q.xlsx!Underlag!{keys['t2_report.year']}{t2}:") and "är inget rimligt årtal "
               "(mellan 1900 och 2200)" in line for line in result.stderr.splitlines()), result.stderr


def test_a_link_loop_named_directly_is_called_a_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to("loop.yaml")
    result = CliRunner().invoke(main, ["check", *TSP, str(loop)])
    assert result.exit_code == 2
    assert f"{loop}: symbolisk länk i en slinga" in result.stderr and "finns inte" not in result.stderr


def test_an_empty_folder_beside_profiles_is_warned_about(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["check", *TSP, str(tmp_path / "empty"), str(_profile(tmp_path)), "--as-of",
                                       AS_OF, "--engine", "python", "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"tsp-check: varning: inga profiler (*.yaml, *.yml) under {tmp_path / 'empty'}\n"


def test_a_closed_standard_output_is_said_so_not_lost() -> None:
    done = subprocess.run(["sh", "-c", 'exec "$0" -c "$1" explain FO2-LAGESBILD >&-', sys.executable, CLI],
                          capture_output=False, stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr == "tsp-check: kan inte skriva till standard output: filbeskrivaren är stängd eller ogiltig\n"
