"""tsp-rules: check Stockholm's nämnder and bolag against the trygghets- och säkerhetsprogram.

>>> from tsp_rules import load_ruleset, load_profile, check
>>> report = check(["fixtures/stockholm"], as_of="2019-11-30")  # doctest: +SKIP
>>> report.exit_code()  # doctest: +SKIP
1
"""

from __future__ import annotations

from typing import Any

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


def __getattr__(name: str) -> Any:
    """``__version__`` is read from the installed metadata when first asked for (importing reads no files)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("tsp-rules")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
            return "0.0.0"
    if name == "Warning":  # renamed: as an export it shadowed the builtin under ``from tsp_rules import *``
        import warnings

        warnings.warn("tsp_rules.Warning is deprecated and will be removed in the next version: use "
                      "tsp_rules.ReportWarning", DeprecationWarning, stacklevel=2)
        return ReportWarning
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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
