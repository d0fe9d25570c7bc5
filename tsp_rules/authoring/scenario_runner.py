"""Scenario tests for rule editors: ``tsp-check test [DIR...]`` without pytest.

A scenario is a folder holding ``profile.yaml`` (a body's profile) and ``expected.yaml`` (what checking it
must give), in the format of ``tests/scenarios/`` (see ``docs/ruleset-format.md``)::

    as_of: 2019-11-30            # the check date
    exit_code: 1                 # optional: 0 nothing is a gap or unassessed, 1 otherwise
    obligations:                 # every obligation of the ruleset, each with its expected status and,
      FO2-LAGESBILD: {status: not_applicable, tailoring: null, exemption: no-geographic-area}
      ARB-T2-RAPPORT: {status: gap, tailoring: null, reasons: [t2_year]}   # where it matters, more
    warnings:                    # optional (none when left out), in the report's order
      - {code: waiver_expiring, obligation: FO4-CIVILT-FORSVAR}

Per obligation, only the keys given are compared (``status`` is required; ``tailoring``, ``exemption``,
``waiver``, the list of ``reasons`` codes and ``citation``, the id of the source the finding cites, are
optional). A scenario is checked as ``tsp-check check --as-of AS_OF`` would check its profile: against the
rulesets it names at the top (``ruleset: lagkrav-kommun``, a bundled id or a file, or a list), else those given
(``--ruleset``), else the bundled rulesets in force on its ``as_of`` (:func:`scenario_rulesets`). An obligation of
those rulesets that the file does not list, or one it lists that they do not have, fails the scenario, so that a
ruleset edit that adds, removes or renames an obligation shows in every scenario.

Malformed scenario files are input errors (exit code 2, each problem located); a scenario whose results
differ from the expected ones fails (exit code 1) with a readable diff: ``-`` the expected value, ``+``
the one found.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tsp_rules.checking.findings import STATUSES, Finding
from tsp_rules.documents.loading import Document, load_document
from tsp_rules.errors import InputError, Problem, hint, listing, message, q, shown
from tsp_rules.model.ruleset import Lang, Ruleset, Text
from tsp_rules.texts import and_list

if TYPE_CHECKING:
    from tsp_rules.model.selection import Selected

EXPECTED = "expected.yaml"
PROFILE = "profile.yaml"
TOP_KEYS = ("ruleset", "as_of", "exit_code", "obligations", "warnings")
FINDING_KEYS = ("status", "tailoring", "exemption", "waiver", "reasons", "citation")
WARNING_KEYS = ("code", "obligation", "profile", "reference")
SKIPPED_DIRS = {"__pycache__", "node_modules", ".venv", "venv"}

TEXT: dict[str, Text] = {
    "ok": Text("ok ", "ok  "),
    "fail": Text("FEL", "FAIL"),
    "legend": Text("(- förväntat, + faktiskt)", "(- expected, + actual)"),
    "not_listed": Text("finns i regelverket {ruleset} men inte i {file}", "in the ruleset {ruleset} but not in {file}"),
    "unknown": Text("finns i {file} men inte i {rulesets}", "in {file} but not in {rulesets}"),
    "ruleset_one": Text("regelverket {ids}", "the ruleset {ids}"),
    "ruleset_many": Text("något av regelverken {ids}", "any of the rulesets {ids}"),
    "warnings": Text("varningar", "warnings"),
    "exit_code": Text("slutkod", "exit code"),
    "summary": Text("{n} {scenarios}: {passed} {passed_word}, {failed} {failed_word}.",
                    "{n} {scenarios}: {passed} passed, {failed} failed."),
    "scenario_one": Text("scenario", "scenario"),
    "scenario_many": Text("scenarier", "scenarios"),
    "passed_one": Text("godkänt", "passed"),
    "passed_many": Text("godkända", "passed"),
    "failed_one": Text("underkänt", "failed"),
    "failed_many": Text("underkända", "failed"),
    "none": Text("(inga)", "(none)"),
}


@attrs.frozen
class Scenario:
    """One scenario folder, read and checked for form (not yet run)."""

    name: str
    profile: Path
    expected_file: str
    as_of: dt.date
    exit_code: int | None
    obligations: Mapping[str, Mapping[str, Any]]
    lines: Mapping[str, int]  # the line of each obligation in expected.yaml
    warnings: tuple[Mapping[str, Any], ...]
    rulesets: tuple[str, ...] = ()  # the rulesets it names (bundled ids or files), e.g. (lagkrav-kommun,)


@attrs.frozen
class Outcome:
    scenario: Scenario
    engine: str
    diff: tuple[str, ...]  # empty when the scenario passed

    @property
    def passed(self) -> bool:
        return not self.diff


def find_scenarios(dirs: Iterable[Path]) -> list[Path]:
    """Every folder under ``dirs`` (or a dir itself) holding an ``expected.yaml``, in path order; hidden
    folders and virtual environments are skipped."""
    found: set[Path] = set()
    for top in dirs:
        if (top / EXPECTED).is_file():
            found.add(top)
        for root, subdirs, files in os.walk(top):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in SKIPPED_DIRS)
            if EXPECTED in files:
                found.add(Path(root))
    return sorted(found)


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _check_keys(doc: Document, path: tuple[str | int, ...], value: Mapping[str, Any], allowed: Sequence[str],
                problems: list[Problem]) -> None:
    for key in value:
        if key not in allowed:
            text = message("unknown_field", name=q(key), hint=hint(key, allowed),
                           listing=message("allowed_fields", items=listing(allowed)))
            problems.append(doc.problem((*path, key), text, at_key=True))


def _profile_problem(profile: Path) -> Problem | None:
    """Why the scenario's profile.yaml cannot be read, or None: missing, or there but not a regular file (a FIFO
    is not "missing"; its reading would wait)."""
    try:
        if profile.is_file():
            return None
        exists = profile.exists() or profile.is_symlink()
    except OSError:  # a link loop, a name too long
        exists = True
    if exists:
        return Problem(_display(profile), 1, 1, message("not_regular"))
    return Problem(_display(profile), 1, 1, message("sc_profile_missing", profile=q(PROFILE), expected=q(EXPECTED)))


def _ruleset_named(doc: Document, folder: Path, name: str, problems: list[Problem]) -> str:
    """A ruleset a scenario names: a bundled id as it is, a file relative to the scenario's folder (or as
    given); neither is a problem at ``ruleset``."""
    from tsp_rules.model.compiler import bundled_rulesets

    if name in bundled_rulesets():
        return name
    for path in (folder / name, Path(name)):
        if path.is_file():
            return str(path)
    problems.append(doc.problem(("ruleset",), message("sc_ruleset_unknown", name=q(name), file=q(EXPECTED),
                                                      items=listing(sorted(bundled_rulesets())))))
    return name


def load_scenario(folder: Path) -> Scenario:
    """Read ``folder``'s expected.yaml; InputError with every problem of its form, located."""
    expected = folder / EXPECTED
    profile = folder / PROFILE
    doc = load_document(expected, _display(expected))
    problems: list[Problem] = []
    missing = _profile_problem(profile)
    if missing is not None:
        problems.append(missing)
    data = doc.data
    if not isinstance(data, dict):
        raise InputError([doc.problem((), message("sc_not_mapping", file=q(EXPECTED))), *problems])
    _check_keys(doc, (), data, TOP_KEYS, problems)
    named = data.get("ruleset")
    if isinstance(named, str):
        named = [named]
    if named is not None and (not isinstance(named, list) or not named or
                              not all(isinstance(n, str) and n for n in named)):
        problems.append(doc.problem(("ruleset",), message("sc_ruleset", got=shown(data.get("ruleset")))))
        named = None
    if named is not None:
        named = [_ruleset_named(doc, folder, n, problems) for n in named]
    as_of = _as_date(data.get("as_of"))
    if as_of is None:
        raw = data.get("as_of")
        text = (message("date_unreal", name=q("as_of"), got=raw)
                if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw)
                else message("sc_as_of", got=shown(raw)))
        problems.append(doc.problem(("as_of",), text))
    exit_code = data.get("exit_code")
    if exit_code is not None and (isinstance(exit_code, bool) or exit_code not in (0, 1)):
        problems.append(doc.problem(("exit_code",), message("sc_exit_code", got=shown(exit_code))))
    obligations = data.get("obligations")
    lines: dict[str, int] = {}
    statuses = [s.value for s in STATUSES]
    if not isinstance(obligations, dict) or not obligations:
        problems.append(doc.problem(("obligations",), message("sc_obligations",
                                                             example="FO2-LAGESBILD: {status: met}")))
        obligations = {}
    for oid, want in obligations.items():
        lines[oid] = doc.locate(("obligations", oid), at_key=True)[0]
        where = ("obligations", oid)
        if not isinstance(want, dict):
            problems.append(doc.problem(where, message("sc_finding", obligation=oid, got=shown(want),
                                                       example="{status: met, tailoring: null}")))
            continue
        _check_keys(doc, where, want, FINDING_KEYS, problems)
        status = want.get("status")
        if status not in statuses:
            problems.append(doc.problem((*where, "status"), message(
                "one_of", name=q("status"), items=listing(statuses), got=shown(status), hint=hint(status, statuses))))
        for key in ("tailoring", "exemption", "waiver", "citation"):
            if key in want and want[key] is not None and not isinstance(want[key], str):
                problems.append(doc.problem((*where, key), message("sc_text_or_null", name=q(key),
                                                                   got=shown(want[key]))))
        reasons = want.get("reasons", [])
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            problems.append(doc.problem((*where, "reasons"), message("sc_reasons", name=q("reasons"),
                                                                     example="[t2_year]", got=shown(reasons))))
    warnings = data.get("warnings", [])
    if warnings is None:
        warnings = []
    example = "[{code: waiver_expiring, obligation: FO4-CIVILT-FORSVAR}]"
    if not isinstance(warnings, list):
        problems.append(doc.problem(("warnings",), message("sc_warnings", example=example, got=shown(warnings))))
        warnings = []
    for i, w in enumerate(warnings):
        if not isinstance(w, dict):
            problems.append(doc.problem(("warnings", i), message(
                "sc_warning", example="{code: waiver_expiring, obligation: FO4-CIVILT-FORSVAR}", got=shown(w))))
            continue
        if "code" not in w:
            problems.append(doc.problem(("warnings", i), message("sc_warning_code")))
        _check_keys(doc, ("warnings", i), w, WARNING_KEYS, problems)
    if problems:
        raise InputError(problems)
    assert as_of is not None
    return Scenario(_display(folder), profile, doc.file, as_of, exit_code, obligations, lines,
                    tuple(warnings), tuple(named or ()))


def load_scenarios(folders: Iterable[Path]) -> list[Scenario]:
    """Every scenario, or InputError with the problems of every malformed one."""
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    for folder in folders:
        try:
            scenarios.append(load_scenario(folder))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return scenarios


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _got(finding: Finding) -> dict[str, Any]:
    return {"status": finding.status.value, "tailoring": finding.tailoring, "exemption": finding.exemption,
            "waiver": finding.waiver, "reasons": [r.code for r in finding.reasons],
            "citation": finding.citation.source.id if finding.citation.source is not None else None}


def scenario_rulesets(scenario: Scenario, given: Sequence[Ruleset | str] = ()) -> tuple[Selected, ...]:
    """The rulesets a scenario is checked against, as ``tsp-check check`` would choose them: those it names
    (``ruleset:``), else those ``given`` (``--ruleset``), else the bundled rulesets in force on its ``as_of``."""
    from tsp_rules.model.selection import select_rulesets

    if scenario.rulesets:
        return select_rulesets(list(scenario.rulesets), scenario.as_of)
    return select_rulesets(list(given), scenario.as_of)


def run_scenario(scenario: Scenario, given: Sequence[Ruleset | str] | Ruleset = (), engine: str = "durable",
                 lang: Lang = "sv") -> Outcome:
    """Check the scenario's profile as of its date against its rulesets (:func:`scenario_rulesets`) and
    compare; InputError if the profile is bad."""
    from tsp_rules.checking.check import check
    from tsp_rules.model.profile import load_profile
    from tsp_rules.model.selection import validation_ruleset

    chosen = scenario_rulesets(scenario, [given] if isinstance(given, Ruleset) else given)
    profile = load_profile(scenario.profile, validation_ruleset(chosen))
    report = check(profile, as_of=scenario.as_of, engine=engine, rulesets=list(chosen))
    found = {f.obligation: f for f in report.findings}
    ids = [c.ruleset.id for c in chosen]
    expected_ids = [(oid, c.ruleset.id) for c in chosen for oid in c.ruleset.obligation_ids  # a law duty another
                    if c.ruleset.obligation(oid).owned_by(ids) is None]  # ruleset owns gives its finding there only
    out: list[str] = []
    for oid, rs_id in expected_ids:
        if oid not in scenario.obligations:
            out.append(f"  {oid}: {TEXT['not_listed'].get(lang).format(ruleset=rs_id, file=scenario.expected_file)}")
            out.append(f"    + {_show(_got(found[oid]))}")
    named = TEXT["ruleset_one" if len(ids) == 1 else "ruleset_many"].get(lang).format(ids=and_list(ids, lang))
    for oid, want in scenario.obligations.items():
        line = scenario.lines.get(oid, 1)
        if oid not in found:
            out.append(f"  {oid} ({scenario.expected_file}:{line}): "
                       f"{TEXT['unknown'].get(lang).format(file=scenario.expected_file, rulesets=named)}")
            continue
        got = _got(found[oid])
        differing = [k for k in FINDING_KEYS if k in want and want[k] != got[k]]
        if differing:
            out.append(f"  {oid} ({scenario.expected_file}:{line})")
            out += [f"    - {k}: {_show(want[k])}" for k in differing]
            out += [f"    + {k}: {_show(got[k])}" for k in differing]
    keys = sorted({k for w in scenario.warnings for k in w} | {"code", "obligation"},
                  key=WARNING_KEYS.index)
    got_warnings = [{k: getattr(w, k) for k in keys} for w in report.warnings]
    want_warnings = [{k: w.get(k) for k in keys} for w in scenario.warnings]
    if got_warnings != want_warnings:
        out.append(f"  {TEXT['warnings'].get(lang)}:")
        out += _list_diff([_show(w) for w in want_warnings], [_show(w) for w in got_warnings])
    if scenario.exit_code is not None and report.exit_code() != scenario.exit_code:
        out += [f"  {TEXT['exit_code'].get(lang)}:", f"    - {scenario.exit_code}", f"    + {report.exit_code()}"]
    return Outcome(scenario, engine, tuple(out))


def _list_diff(want: list[str], got: list[str]) -> list[str]:
    import difflib

    lines = []
    for line in difflib.ndiff(want, got):
        if line.startswith(("- ", "+ ", "  ")):
            lines.append(f"    {line}")
    return lines


def run_scenarios(scenarios: Iterable[Scenario], given: Sequence[Ruleset | str] | Ruleset, engines: Sequence[str],
                  lang: Lang = "sv") -> Iterator[Outcome]:
    """Run every scenario with every engine; InputError with the problems of every bad profile, at the end."""
    problems: list[Problem] = []
    for scenario in scenarios:
        for engine in engines:
            try:
                yield run_scenario(scenario, given, engine, lang)
            except InputError as exc:
                problems.extend(exc.problems)
                break
    if problems:
        raise InputError(problems)


def outcome_lines(outcome: Outcome, lang: Lang, several_engines: bool) -> list[str]:
    label = TEXT["ok" if outcome.passed else "fail"].get(lang)
    name = f"{outcome.scenario.name} ({outcome.engine})" if several_engines else outcome.scenario.name
    lines = [f"{label} {name}"]
    if not outcome.passed:
        lines.append(f"  {TEXT['legend'].get(lang)}")
        lines += list(outcome.diff)
    return lines


def summary_line(outcomes: Sequence[Outcome], lang: Lang) -> str:
    n = len(outcomes)
    passed = sum(1 for o in outcomes if o.passed)
    failed = n - passed

    def form(stem: str, count: int) -> str:
        return TEXT[f"{stem}_one" if count == 1 else f"{stem}_many"].get(lang)

    return TEXT["summary"].get(lang).format(n=n, scenarios=form("scenario", n), passed=passed,
                                            passed_word=form("passed", passed), failed=failed,
                                            failed_word=form("failed", failed))


__all__ = ["Outcome", "Scenario", "find_scenarios", "load_scenario", "load_scenarios", "outcome_lines",
           "run_scenario", "run_scenarios", "scenario_rulesets", "summary_line"]
