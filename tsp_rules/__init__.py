"""tsp-rules: check Stockholm's nämnder and bolag against the trygghets- och säkerhetsprogram.

>>> from tsp_rules import load_ruleset, load_profile, check
>>> report = check(["fixtures/stockholm"], as_of="2019-11-30")  # doctest: +SKIP
>>> report.exit_code()  # doctest: +SKIP
1
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the public names, for type checkers; at run time each is imported when first used
    from tsp_rules.check import ProfileResult, check, iter_check
    from tsp_rules.errors import (
        EvaluationError,
        InputError,
        Problem,
        ProfileError,
        RulesetError,
        SkippedFileWarning,
        TspError,
        UsageError,
    )
    from tsp_rules.findings import SCHEMA_VERSION, Finding, Reason, Report, ReportWarning, Status
    from tsp_rules.profile import Decision, Evidence, Profile, load_profile
    from tsp_rules.ruleset import Obligation, Ruleset, load_ruleset

_LAZY: dict[str, str] = {
    **dict.fromkeys(("ProfileResult", "check", "iter_check"), "tsp_rules.check"),
    **dict.fromkeys(("EvaluationError", "InputError", "Problem", "ProfileError", "RulesetError",
                     "SkippedFileWarning", "TspError", "UsageError"), "tsp_rules.errors"),
    **dict.fromkeys(("SCHEMA_VERSION", "Finding", "Reason", "Report", "ReportWarning", "Status"),
                    "tsp_rules.findings"),
    **dict.fromkeys(("Decision", "Evidence", "Profile", "load_profile"), "tsp_rules.profile"),
    **dict.fromkeys(("Obligation", "Ruleset", "load_ruleset"), "tsp_rules.ruleset"),
}
"""Where each public name lives. Importing the package imports none of them (so ``tsp-check --version``
and ``import tsp_rules`` stay cheap): a name is imported from its module when first read."""


def __getattr__(name: str) -> Any:
    """The public names, imported when first asked for; ``__version__`` from the installed metadata."""
    where = _LAZY.get(name)
    if where is not None:
        import importlib

        value = getattr(importlib.import_module(where), name)
        globals()[name] = value  # later reads find it directly
        return value
    if name == "__version__":
        return installed_version()
    if name == "Warning":  # renamed: as an export it shadowed the builtin under ``from tsp_rules import *``
        import warnings

        warnings.warn("tsp_rules.Warning is deprecated and will be removed in the next version: use "
                      "tsp_rules.ReportWarning", DeprecationWarning, stacklevel=2)
        return __getattr__("ReportWarning")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


class _Package(types.ModuleType):
    """The package's module: the function ``tsp_rules.check`` is not replaced by the submodule of the
    same name when that submodule is imported (the import system sets a package's attribute for each
    submodule it imports; the submodule stays reachable as ``sys.modules["tsp_rules.check"]``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "SCHEMA_VERSION",
    "Decision",
    "EvaluationError",
    "Evidence",
    "Finding",
    "InputError",
    "Obligation",
    "Problem",
    "Profile",
    "ProfileError",
    "ProfileResult",
    "Reason",
    "Report",
    "ReportWarning",
    "Ruleset",
    "RulesetError",
    "SkippedFileWarning",
    "Status",
    "TspError",
    "UsageError",
    "__version__",
    "check",
    "iter_check",
    "load_profile",
    "load_ruleset",
]
