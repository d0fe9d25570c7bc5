"""Writing reports safely: atomically, so an interrupted run leaves the old file intact."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from tsp_rules.errors import UsageError, message, os_reason

_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process's umask (read by setting it and setting it back, under a lock)."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _final_mode(target: Path) -> int:
    """The permission bits the report gets: those of the file it replaces, or what a new file gets under
    the umask (``mkstemp`` alone would leave every report readable by its owner only)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


@contextlib.contextmanager
def _atomic(path: Path | str, binary: bool) -> Iterator[IO[Any]]:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path("."))
    try:
        with contextlib.suppress(OSError):  # a file system without permissions (e.g. FAT) keeps its own
            os.fchmod(fd, _final_mode(target))
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def open_atomic(path: Path | str) -> Iterator[IO[str]]:
    """A UTF-8 text handle to a temporary file beside ``path``, renamed over ``path`` only when the block
    ends without an exception (after an fsync). On any error, or an interrupt, the temporary file is
    removed and ``path`` is left as it was."""
    with _atomic(path, binary=False) as handle:
        yield handle


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    with _atomic(path, binary=True) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


# ---------------------------------------------------- errors, early readers and progress while writing


@contextlib.contextmanager
def writing(output: Path) -> Iterator[None]:
    """An output file that cannot be written is a usage error (exit 2), not an internal one."""
    try:
        yield
    except OSError as exc:
        raise UsageError(message("cannot_write", file=output, reason=os_reason(exc))) from None


@contextlib.contextmanager
def stdout_reader_may_leave() -> Iterator[None]:
    """A reader that stops early (``tsp-check check … | head``) is not an error: the rest is dropped."""
    try:
        yield
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no real stdout under test runners
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so that the interpreter's last flush does not fail


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()


PROGRESS_MIN = 50
"""Runs with fewer profile files than this show no progress bar."""


@contextlib.contextmanager
def progress_bar(total: int, label: str, quiet: bool = False) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error for long runs, only when standard error is a terminal (and not
    with ``quiet``).

    It is redrawn at most ten times a second, and erased at the end so that it leaves no trace.
    """
    if quiet or total < PROGRESS_MIN or not stderr_is_tty():
        yield None
        return
    stream = sys.stderr
    last = [0.0]

    def advance(done: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.1 and done < total:
            return
        last[0] = now
        filled = 30 * done // total
        stream.write(f"\r{label} [{'#' * filled}{'-' * (30 - filled)}] {done}/{total}")
        stream.flush()

    try:
        yield advance
    finally:
        stream.write("\r" + " " * (len(label) + 45) + "\r")
        stream.flush()
