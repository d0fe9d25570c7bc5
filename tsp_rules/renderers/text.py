"""Plain text for a terminal: per body, grouped by focus area, one line per obligation."""

from __future__ import annotations

from itertools import groupby

from tsp_rules import i18n
from tsp_rules.findings import STATUSES, Report
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


def render(report: Report, lang: Lang = "sv") -> str:
    w = {k: v.get(lang) for k, v in WORDS.items()}
    lines = [w["heading"].format(ruleset=report.ruleset.id, version=report.ruleset.version,
                                 as_of=report.as_of.isoformat(), engine=report.engine), ""]
    width = max((len(s.label(lang)) for s in STATUSES), default=10)
    for info in report.profiles:
        note = f" ({w['illustrative']})" if info.illustrative else ""
        lines.append(f"{info.name} [{info.id}]{note}")
        findings = sorted(report.for_profile(info.id), key=lambda f: (f.focus_area, f.obligation))
        for area, group in groupby(findings, key=lambda f: f.focus_area):
            lines.append(f"  {i18n.FOCUS_AREAS[area].get(lang)}")
            for f in group:
                tag = f" ({w['tailored']}: {f.tailoring})" if f.tailoring else ""
                lines.append(f"    {f.status.label(lang).upper():<{width}}  {f.obligation}{tag}")
                for reason in f.reasons:
                    lines.append(f"    {'':<{width}}    {reason.message(lang)}")
        lines.append("")
    if report.warnings:
        lines.append(w["warnings"])
        lines.extend(f"  - {warning.message(lang)}" for warning in report.warnings)
        lines.append("")
    counts = report.counts
    lines.append(f"{w['summary']}: " + ", ".join(f"{s.label(lang)} {counts[s.value]}" for s in STATUSES))
    return "\n".join(lines) + "\n"
