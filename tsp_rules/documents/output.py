"""Writing reports safely: atomically, so an interrupted run leaves the old file intact, and only ever to a
regular file.

The one way to write output (every command, every format):

* a regular file, new or existing, is replaced atomically (a temporary file beside it, fsync, rename) and keeps
  the permission bits of the file it replaces;
* a symbolic link is followed: the regular file it points to is replaced and the link stays a link; a link
  to nothing, or a loop of links, is refused;
* anything else (a folder, a device such as ``/dev/null``, a named pipe, a socket) is refused before any
  work is done (:func:`check_output`), and again at the moment of writing (:func:`write_atomic`);
* the output is never one of the inputs: same resolved file (device and inode), or a profile file inside a
  folder being read;
* standard output is written with its errors detected (see ``commands._common.guarded``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from tsp_rules.errors import UsageError, message, os_reason
from tsp_rules.texts import Text

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


_KINDS = ((stat.S_ISDIR, "output_is_dir"), (stat.S_ISCHR, "output_is_device"), (stat.S_ISBLK, "output_is_device"),
          (stat.S_ISFIFO, "output_is_fifo"), (stat.S_ISSOCK, "output_is_socket"))


def _kind_problem(mode: int) -> Text | None:
    for test, code in _KINDS:
        if test(mode):
            return message(code)
    return None if stat.S_ISREG(mode) else message("output_is_device")


def output_target(path: Path | str) -> Path:
    """The regular file a report written to ``path`` replaces: ``path`` itself, or the file a symbolic link
    points to. UsageError (located) for a folder, a device, a named pipe, a socket, a dangling link, a loop of
    links or a folder that does not exist. Nothing is opened: a FIFO or a device is never touched."""
    given = Path(path)

    def refuse(what: Text) -> UsageError:
        return UsageError(message("output_not_file", file=given, what=what))

    try:
        link = stat.S_ISLNK(os.lstat(given).st_mode)
    except FileNotFoundError:
        link = False
    except OSError as exc:
        raise refuse(os_reason(exc)) from None
    target = Path(os.path.realpath(given)) if link else given
    try:
        info = os.stat(given)
    except FileNotFoundError:
        if link:
            raise refuse(message("output_link_dangling", target=os.readlink(given))) from None
        if not target.parent.is_dir():  # the report would not be written: say so before the work
            reason = os_reason(OSError(errno.ENOENT if not target.parent.exists() else errno.ENOTDIR, ""))
            raise UsageError(message("cannot_write", file=given, reason=reason)) from None
        return target
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refuse(message("output_link_loop")) from None
        raise refuse(os_reason(exc)) from None
    problem = _kind_problem(info.st_mode)
    if problem is not None:
        raise refuse(problem)
    return target


PROFILE_SUFFIXES = (".yaml", ".yml")


def check_output(path: Path | str, inputs: Iterable[Path | str] = ()) -> Path:
    """Refuse an output target before any work (exit 2 on the command line): what :func:`output_target`
    refuses, and an output that is one of ``inputs`` (the same file by device and inode, or the same
    resolved path; or a profile file inside an input folder). Returns the regular file to be replaced."""
    target = output_target(path)
    try:
        mine = os.stat(target)
    except OSError:
        mine = None
    resolved = Path(os.path.realpath(target))
    for given in inputs:
        if str(given) == "-":
            continue
        try:
            info = os.stat(given)
        except OSError:
            continue
        place = Path(os.path.realpath(given))
        same = resolved == place or (mine is not None and (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino))
        inside = (mine is not None and stat.S_ISDIR(info.st_mode) and resolved.suffix.lower() in PROFILE_SUFFIXES
                  and place in resolved.parents)
        if same or inside:
            raise UsageError(message("output_is_input", file=path, input=given))
    return target


@contextlib.contextmanager
def _atomic(path: Path | str, binary: bool) -> Iterator[IO[Any]]:
    target = output_target(path)  # a link's target is replaced, the link kept; never a device or a FIFO
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


@contextlib.contextmanager
def open_atomic_bytes(path: Path | str) -> Iterator[IO[bytes]]:
    """:func:`open_atomic` for bytes (the handle can seek: a zip archive is written to it)."""
    with _atomic(path, binary=True) as handle:
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
    """A reader that stops early (``tsp-check check … | head``, a closed pager): the rest is dropped, standard
    output is pointed at the null device (so that no later write or the interpreter's last flush fails again),
    and the :class:`BrokenPipeError` goes on, for the command line to end quietly with exit code 2 like any
    failed write to standard output (docs/errors.md)."""
    try:
        yield
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no real stdout under test runners
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise


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


def write_pieces(pieces: Iterable[str], output: Path | None) -> None:
    """Write a streamed text (a page rendered piece by piece) to standard output, where the reader may leave
    early, or atomically to ``output``."""
    if output is None:
        with stdout_reader_may_leave():
            for piece in pieces:
                sys.stdout.write(piece)
            sys.stdout.flush()
    else:
        with writing(output), open_atomic(output) as handle:
            for piece in pieces:
                handle.write(piece)
