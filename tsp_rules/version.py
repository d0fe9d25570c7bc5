"""The installed version of tsp-rules, read cheaply (``tsp-check --version`` must cost little more than
starting the interpreter)."""

from __future__ import annotations

import sys


def installed_version() -> str:
    """The installed distribution's version, read from its ``METADATA`` where :mod:`importlib.metadata`
    would find it first (the first ``sys.path`` entry holding ``tsp_rules-*.dist-info``), without
    importing :mod:`importlib.metadata` (which costs more than starting the interpreter); that module
    is the fallback for any other layout. ``0.0.0`` when the package is not installed."""
    import os

    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as names:
                found = sorted(e.name for e in names
                               if e.name.startswith("tsp_rules-") and e.name.endswith(".dist-info"))
        except OSError:
            continue
        for name in found:
            try:
                with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as meta:
                    for line in meta:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():
                            break  # the headers end at the first empty line
            except OSError:
                continue
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tsp-rules")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0.0.0"
