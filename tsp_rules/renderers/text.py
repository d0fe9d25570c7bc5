"""Plain text for a terminal: per body, grouped by focus area, one line per obligation.

The report is assembled from parts (heading, one block per profile, warnings, summary) so that the
streaming writer (:mod:`tsp_rules.streaming`) produces the same bytes without holding the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from itertools import groupby

from tsp_rules import i18n
from tsp_rules.findings import STATUSES, Finding, ProfileInfo, Report, RulesetInfo, Warning
from tsp_rules.ruleset import Lang, Text

WORDS = {
    "heading": Text("Kontroll mot {ruleset} {version}, per {as_of} (motor: {engine})",
                    "Check against {ruleset} {version}, as of {as_of} (engine: {engine})"),
    "illustrative": Text("illustrativa uppgifter, inte en verklig bedömning",
                         "illustrative data, not a real assessment"),
    "summary": Text("Summering", "Summary"),
    "warnings": Text("Varningar", "Warnings"),
    "tailored": Text("anpassat", "tailored"),
}


def heading(ruleset: RulesetInfo, as_of: dt.date, engine: str, lang: Lang) -> str:
    return WORDS["heading"].get(lang).format(ruleset=ruleset.id, version=ruleset.version,
                                             as_of=as_of.isoformat(), engine=engine) + "\n\n"


def profile_block(info: ProfileInfo, findings: Iterable[Finding], lang: Lang) -> str:
    """The lines of one profile, ending with an empty line."""
    width = max((len(s.label(lang)) for s in STATUSES), default=10)
    note = f" ({WORDS['illustrative'].get(lang)})" if info.illustrative else ""
    lines = [f"{info.name} [{info.id}]{note}"]
    tailored = WORDS["tailored"].get(lang)
    for area, group in groupby(sorted(findings, key=lambda f: (f.focus_area, f.obligation)),
                               key=lambda f: f.focus_area):
        lines.append(f"  {i18n.FOCUS_AREAS[area].get(lang)}")
        for f in group:
            tag = f" ({tailored}: {f.tailoring})" if f.tailoring else ""
            lines.append(f"    {f.status.label(lang).upper():<{width}}  {f.obligation}{tag}")
            for reason in f.reasons:
                lines.append(f"    {'':<{width}}    {reason.message(lang)}")
    return "\n".join(lines) + "\n\n"


def warning_lines(warnings: Iterable[Warning], lang: Lang) -> str:
    return "".join(f"  - {warning.message(lang)}\n" for warning in warnings)


def warnings_heading(lang: Lang) -> str:
    return WORDS["warnings"].get(lang) + "\n"


def summary(counts: Mapping[str, int], lang: Lang) -> str:
    return (f"{WORDS['summary'].get(lang)}: "
            + ", ".join(f"{s.label(lang)} {counts[s.value]}" for s in STATUSES) + "\n")


def render(report: Report, lang: Lang = "sv") -> str:
    parts = [heading(report.ruleset, report.as_of, report.engine, lang)]
    parts.extend(profile_block(info, report.for_profile(info.id), lang) for info in report.profiles)
    if report.warnings:
        parts.append(warnings_heading(lang) + warning_lines(report.warnings, lang) + "\n")
    parts.append(summary(report.counts, lang))
    return "".join(parts)
