"""tsp-rules: check Stockholm's nämnder and bolag against the trygghets- och säkerhetsprogram.

>>> from tsp_rules import load_ruleset, load_profile, check
>>> report = check(["fixtures/stockholm"], as_of="2019-11-30")  # doctest: +SKIP
>>> report.exit_code()  # doctest: +SKIP
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the public names, for type checkers (``X as X``: re-exported); at run time each is
    # imported when first used (``__getattr__`` below)
    from tsp_rules.checking.check import ProfileResult as ProfileResult
    from tsp_rules.checking.check import check as check
    from tsp_rules.checking.check import iter_check as iter_check
    from tsp_rules.checking.findings import SCHEMA_VERSION as SCHEMA_VERSION
    from tsp_rules.checking.findings import Finding as Finding
    from tsp_rules.checking.findings import Reason as Reason
    from tsp_rules.checking.findings import Report as Report
    from tsp_rules.checking.findings import ReportWarning as ReportWarning
    from tsp_rules.checking.findings import Status as Status
    from tsp_rules.errors import EvaluationError as EvaluationError
    from tsp_rules.errors import InputError as InputError
    from tsp_rules.errors import Problem as Problem
    from tsp_rules.errors import ProfileError as ProfileError
    from tsp_rules.errors import RulesetError as RulesetError
    from tsp_rules.errors import SkippedFileWarning as SkippedFileWarning
    from tsp_rules.errors import TspError as TspError
    from tsp_rules.errors import UsageError as UsageError
    from tsp_rules.model.compiler import load_ruleset as load_ruleset
    from tsp_rules.model.profile import Decision as Decision
    from tsp_rules.model.profile import Evidence as Evidence
    from tsp_rules.model.profile import Profile as Profile
    from tsp_rules.model.profile import load_profile as load_profile
    from tsp_rules.model.ruleset import Obligation as Obligation
    from tsp_rules.model.ruleset import Ruleset as Ruleset

_EXPORTS: dict[str, tuple[str, ...]] = {
    "tsp_rules.checking.check": ("ProfileResult", "check", "iter_check"),
    "tsp_rules.checking.findings": ("SCHEMA_VERSION", "Finding", "Reason", "Report", "ReportWarning", "Status"),
    "tsp_rules.errors": ("EvaluationError", "InputError", "Problem", "ProfileError", "RulesetError",
                         "SkippedFileWarning", "TspError", "UsageError"),
    "tsp_rules.model.compiler": ("load_ruleset",),
    "tsp_rules.model.profile": ("Decision", "Evidence", "Profile", "load_profile"),
    "tsp_rules.model.ruleset": ("Obligation", "Ruleset"),
}
_LAZY: dict[str, str] = {name: module for module, names in _EXPORTS.items() for name in names}
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
    if name in ("__version__", "installed_version"):
        from tsp_rules.version import installed_version

        return installed_version() if name == "__version__" else installed_version
    if name == "Warning":  # renamed: as an export it shadowed the builtin under ``from tsp_rules import *``
        import warnings

        warnings.warn("tsp_rules.Warning is deprecated and will be removed in the next version: use "
                      "tsp_rules.ReportWarning", DeprecationWarning, stacklevel=2)
        return __getattr__("ReportWarning")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


__all__ = sorted([*_LAZY, "__version__"])
