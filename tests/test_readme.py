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
    assert result.stderr == ""
