"""Writing reports safely: atomically, so an interrupted run leaves the old file intact."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def _atomic(path: Path | str, binary: bool) -> Iterator[IO[Any]]:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path("."))
    try:
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
