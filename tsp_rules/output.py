"""Writing reports safely: atomically, so an interrupted run leaves the old file intact."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

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
