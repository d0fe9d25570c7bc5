"""A cache of compiled bundled rulesets on disk, so that a check does not parse, validate and compile them on
every run (issue 25, cold start: about a fifth of a single-file check's instructions).

Where: ``$TSP_RULES_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/tsp-rules`` (an absolute ``XDG_CACHE_HOME``), else
``~/.cache/tsp-rules``; ``TSP_RULES_CACHE=off`` (or ``0``, ``no``, ``false``) switches it off: nothing is read or
written. One file per bundled ruleset, package version and interpreter (``<id>-<version>-<cache tag>.pickle``):
a line naming the format and the key, then the compiled :class:`~tsp_rules.model.ruleset.Ruleset` pickled.

The key is a digest of the ruleset file's bytes (SHA-256), the package version, the interpreter's
``sys.implementation.cache_tag``, the cache's format number and a fingerprint of the package's
own code (the size and modification time of every ``.py`` file of ``tsp_rules``): a file whose key differs is
not unpickled, and is replaced by the next compilation. Only the bundled rulesets are cached (never a user's
ruleset file): the cache never copies a user's content elsewhere, it stays bounded (one small file per bundled
ruleset), and a ruleset being edited would miss on most runs anyway.

Safety: a cache folder is used only when it is a folder owned by the current user that neither the group nor
others may write to (where :func:`os.getuid` exists), and a file only when it is owned by the user too;
files are written atomically (a temporary file in the same folder, then :func:`os.replace`), mode 0600 in a
folder made 0700. Any error reading or writing (a missing, unreadable, corrupt or foreign file, a full disk)
falls back to compiling, silently: the cache never changes what a command prints or writes, and is never
written for a ruleset that failed to load (its error is raised before).
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Ruleset

FORMAT = 1
"""The cache's format number: raised whenever what is written changes shape."""
OFF = ("off", "0", "no", "false")
"""Values of ``TSP_RULES_CACHE`` that switch the cache off (compared without case and surrounding space)."""


def cache_folder() -> Path | None:
    """The folder of the cache, or None when it is switched off (or no home folder is known)."""
    if os.environ.get("TSP_RULES_CACHE", "").strip().lower() in OFF:
        return None
    explicit = os.environ.get("TSP_RULES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG base directory spec: a relative path is ignored
        return Path(xdg) / "tsp-rules"
    try:
        return Path.home() / ".cache" / "tsp-rules"
    except (RuntimeError, KeyError, OSError):  # no home folder to be found
        return None


@functools.cache
def code_fingerprint() -> str:
    """:func:`fingerprint` of this package, once per process."""
    return fingerprint(Path(__file__).resolve().parent.parent)


def fingerprint(package: Path) -> str:
    """A digest of the size and modification time (ns) of every ``.py`` file under ``package``, by relative
    path (``__pycache__`` left out): it changes whenever the package's code does (an editable install being
    worked on), for one ``os.scandir`` per folder and one ``stat`` per file (for this package's 93 files about
    0.5 ms, 2 M instructions)."""
    digest = hashlib.sha256()
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(package, relative) if relative else package) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                name = f"{relative}/{entry.name}" if relative else entry.name
                if entry.name.endswith(".py") and entry.is_file():
                    info = entry.stat()
                    digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
                elif entry.name != "__pycache__" and entry.is_dir(follow_symlinks=False):
                    pending.append(name)
    return digest.hexdigest()


class Entry:
    """Where a ruleset's compiled form is kept, and the first line it must start with to be read."""

    __slots__ = ("file", "folder", "header")

    def __init__(self, folder: Path, file: Path, header: bytes) -> None:
        self.folder, self.file, self.header = folder, file, header


def entry(path: Path, raw: bytes) -> Entry | None:
    """The cache entry of the ruleset file ``path`` whose bytes are ``raw``; None when the cache is off."""
    folder = cache_folder()
    if folder is None:
        return None
    from tsp_rules.version import installed_version

    try:
        code = code_fingerprint()
    except OSError:  # the package's files cannot be listed (e.g. imported from a zip file): no cache
        return None
    version = installed_version()
    tag = sys.implementation.cache_tag or sys.implementation.name
    key = "\n".join((str(FORMAT), version, tag, hashlib.sha256(raw).hexdigest(), code))
    header = f"tsp-rules-cache/{FORMAT} {hashlib.sha256(key.encode()).hexdigest()}\n".encode()
    return Entry(folder, folder / f"{path.stem}-{version}-{tag}.pickle", header)


def _ours(info: os.stat_result) -> bool:
    """Owned by the current user and writable by no one else (always true where there are no user ids)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable_folder(folder: Path) -> bool:
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _ours(info)


def read(found: Entry, file: str) -> Ruleset | None:
    """The compiled ruleset kept in ``found``, named ``file`` as the one compiled now would be; None on any
    miss (no file, another key, a file or folder not the user's own, anything unreadable)."""
    if not _usable_folder(found.folder):
        return None
    try:
        fd = os.open(found.file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        with open(fd, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or not _ours(info):
                return None
            if stream.readline() != found.header:
                return None
            data = stream.read()
    except OSError:
        return None
    import pickle

    from tsp_rules.model.ruleset import Ruleset

    try:
        ruleset = pickle.loads(data)
    except Exception:  # whatever a damaged pickle raises, the ruleset is compiled instead
        return None
    if not isinstance(ruleset, Ruleset):
        return None
    if ruleset.file != file:  # the same bytes read under another name (the package moved)
        import attrs

        ruleset = attrs.evolve(ruleset, file=file)
    return ruleset


def write(found: Entry, ruleset: Ruleset) -> None:
    """Keep ``ruleset`` (just compiled) in ``found``, replacing what was there; errors are ignored."""
    import pickle

    import attrs

    try:
        # derived lookups computed meanwhile (the ruleset's memo) are left out: a copy with an empty memo
        data = pickle.dumps(attrs.evolve(ruleset), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a ruleset that cannot be pickled is simply not kept
        return
    temporary = found.folder / f".{found.file.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        found.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _usable_folder(found.folder):
            return
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with open(fd, "wb") as stream:
                stream.write(found.header)
                stream.write(data)
            os.replace(temporary, found.file)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError:
        return
