"""Evaluation back ends: durable-rules (the default) and the compiled python engine, plus the uncompiled
reference evaluator (``get_engine("reference")``, not offered on the command line) they are tested against.

All decide, for every obligation, a :class:`Verdict` from the same :class:`~tsp_rules.engines.facts.Facts`;
the explanation of a verdict is built afterwards, the same way for both (in :mod:`tsp_rules.checking`).
``facts`` resolves a profile against a ruleset and a check date for any engine; ``durable`` is the only
module that imports durable-rules. Imports :mod:`tsp_rules.model`, :mod:`tsp_rules.documents` and the
ground floor.
"""

from __future__ import annotations

import sys
from typing import Literal

from tsp_rules.engines.base import Engine, Verdict
from tsp_rules.errors import UsageError

EngineName = Literal["durable", "python"]
ENGINE_NAMES: tuple[str, ...] = ("durable", "python")

_notified = False


def durable_available() -> bool:
    try:
        import durable.engine  # noqa: F401
        import durable_rules_engine  # noqa: F401
    except Exception:  # ImportError, or an undefined symbol on unsupported Pythons
        return False
    return True


def get_engine(name: str = "durable") -> Engine:
    """The named back end. If durable-rules cannot be imported, fall back to Python with a notice."""
    global _notified
    if name == "python":
        from tsp_rules.engines.python import ENGINE

        return ENGINE
    if name == "reference":
        from tsp_rules.engines.reference import ReferenceEngine

        return ReferenceEngine()
    if name == "durable":
        if durable_available():
            from tsp_rules.engines.durable import DurableEngine

            return DurableEngine()
        if not _notified:
            print("tsp-check: durable-rules cannot be imported here; using the python engine",
                  file=sys.stderr)
            _notified = True
        from tsp_rules.engines.python import PythonEngine

        return PythonEngine()
    from tsp_rules.errors import hint, message, q, shown

    raise UsageError(message("unknown_engine", name=q(name) if isinstance(name, str) else shown(name),
                             hint=hint(name, ENGINE_NAMES), items=", ".join(ENGINE_NAMES)))


__all__ = ["ENGINE_NAMES", "Engine", "EngineName", "Verdict", "durable_available", "get_engine"]
