"""The README's two set-up commands stay true: their tsp-check and pytest parts run as written.

CI itself runs the install part of the test command (see .ci/run); here the main job is run from the
installed entry point exactly as the README writes it, and the test command is checked for its shape.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    block = re.search(r"## Set-up: two commands.*?```sh\n(.*?)```", README, re.S)
    assert block, "README lost its set-up block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_there_are_exactly_two_setup_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert "tsp-check check fixtures/stockholm" in commands[0]
    assert commands[1].endswith("-m pytest")


def test_main_job_runs_as_written() -> None:
    main_job = setup_commands()[0].split("&&")[-1].strip()
    argv = shlex.split(main_job)
    assert argv[0].endswith("tsp-check")
    exe = shutil.which("tsp-check", path=str(Path(sys.executable).parent)) or shutil.which("tsp-check")
    assert exe, "tsp-check is not installed next to this Python"
    result = subprocess.run([exe, *argv[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr  # gaps exist in the illustrative fixtures
    for word in ("UPPFYLLT", "BRIST", "EJ TILLÄMPLIGT", "Sammanfattning"):
        assert word in result.stdout
    # the counts the README gives (worked out in fixtures/README.md) are the report's
    said = re.search(r"— (\d+) gaps\nand (\d+) obligations not assessed in (\d+) bodies", README)
    assert said, "README lost the sentence with the first command's counts"
    gaps, unassessed, bodies = (int(n) for n in said.groups())
    assert min(gaps, unassessed, bodies) > 1  # the plural forms below

    def sv(n: int) -> str:  # the report writes numbers up to twelve in words
        words = ["två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]
        return words[n - 2] if n <= 12 else str(n)

    assert (f"Sammanfattning ({sv(bodies)} nämnder och bolag): " in result.stdout
            and f", {sv(gaps)} brister, {sv(unassessed)} ej bedömda," in result.stdout), \
        [line for line in result.stdout.splitlines() if line.startswith("Sammanfattning")]
    assert result.stderr == ""


# ------------------------------------------------------------------ every other command, as written

SYNOPSIS = re.compile(r"[\[|]|\.\.\.|\b(?:PROFILE|FOLDER|FILE|RULESET|YYYY)|\bA B$")
"""A usage synopsis (``PROFILE.yaml|FOLDER... [--as-of YYYY-MM-DD]``), not a command to run."""


def readme_commands() -> tuple[list[str], list[str]]:
    """The README's shell commands after the set-up block: (to run, synopses), comments removed, in order."""
    after = README.split("## Set-up: two commands", 1)[1].split("```", 2)[2]
    run: list[str] = []
    synopses: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", after, re.S):
        for line in block.splitlines():
            command = re.split(r"\s+#", line, maxsplit=1)[0].strip()
            if not command.startswith("tsp-check"):
                if command:  # a continuation line of a synopsis
                    synopses.append(command)
                continue
            (synopses if SYNOPSIS.search(command.replace("--version", "")) else run).append(command)
    return run, synopses


def test_the_readme_commands_are_found() -> None:
    run, synopses = readme_commands()
    words = " ".join(run)
    for name in ("rulesets", "diff-rulesets", "new", "questionnaire", "import", "diff", "due", "test", "explain"):
        assert f"tsp-check {name} " in words, name
    assert any(s.startswith("tsp-check check PROFILE.yaml") for s in synopses)


def test_every_readme_command_runs_as_written(tmp_path: Path) -> None:
    """In order, in a folder holding the repository's fixtures and scenarios (what a clone has): each exits 0
    or 1 (findings), never 2 or 3, and says nothing on standard error."""
    for part in ("fixtures", "tests/scenarios"):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / part).symlink_to(ROOT / part)
    exe = shutil.which("tsp-check", path=str(Path(sys.executable).parent)) or shutil.which("tsp-check")
    assert exe, "tsp-check is not installed next to this Python"
    run, _ = readme_commands()
    for command in run:
        argv = shlex.split(command)
        result = subprocess.run([exe, *argv[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode in (0, 1), f"{command}: {result.returncode}\n{result.stderr}"
        assert result.stderr == "", f"{command}: {result.stderr}"
    assert (tmp_path / "due.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert (tmp_path / "mhn.yaml").is_file() and (tmp_path / "enkat.xlsx").is_file()


def test_the_library_snippet_runs_as_written() -> None:
    snippet = re.search(r"As a library:\n\n```python\n(.*?)```", README, re.S)
    assert snippet, "README lost its library snippet"
    result = subprocess.run([sys.executable, "-c", snippet.group(1)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 1_000 and '"schema_version"' in result.stdout
