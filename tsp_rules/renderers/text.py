"""Plain text for a terminal: per body, grouped by focus area, one line per obligation, a summary line.

Colours only when asked for (the command line asks on a terminal, unless ``NO_COLOR`` is set). With one
body every finding is explained; with several, only gaps and not-assessed obligations are, so a report
of 40 bodies stays readable (the HTML matrix gives the whole picture).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from tsp_rules.findings import STATUSES, Finding, Report, Status
from tsp_rules.renderers.common import area_label, by_area, counts, counts_text, profile_label, word
from tsp_rules.ruleset import Lang

ANSI: dict[str, str] = {
    "met": "\x1b[32m",
    "gap": "\x1b[1;31m",
    "not_assessed": "\x1b[33m",
    "not_applicable": "\x1b[2m",
    "waived": "\x1b[36m",
    "bold": "\x1b[1m",
}
RESET = "\x1b[0m"
DETAILED = {Status.GAP, Status.NOT_ASSESSED}


def use_color(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Colour on a terminal only, and never when ``NO_COLOR`` is set to anything (https://no-color.org)."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", "") != "":
        return False
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _paint(text: str, style: str, color: bool) -> str:
    return f"{ANSI[style]}{text}{RESET}" if color else text


def _note(f: Finding, lang: Lang) -> str:
    if f.tailoring:
        return f" ({word('tailored', lang)}: {f.tailoring})"
    if f.exemption:
        return f" ({word('ground', lang)}: {f.exemption})"
    if f.waiver:
        return f" ({word('decision', lang)}: {f.waiver})"
    return ""


def render(report: Report, lang: Lang = "sv", color: bool = False) -> str:
    heading = word("heading", lang).format(ruleset=report.ruleset.id, version=report.ruleset.version,
                                           as_of=report.as_of.isoformat(), engine=report.engine)
    lines = [_paint(heading, "bold", color), ""]
    width = max(len(s.label(lang)) for s in STATUSES)
    single = len(report.profiles) == 1
    for info in report.profiles:
        findings = report.for_profile(info.id)
        title = profile_label(info, lang)
        lines.append(_paint(title, "bold", color) if single else
                     f"{_paint(title, 'bold', color)}: {counts_text(counts(findings), lang)}")
        for area, group in by_area(findings, report):
            lines.append(f"  {area_label(area, lang)}")
            for f in group:
                label = _paint(f"{f.status.label(lang).upper():<{width}}", f.status.value, color)
                lines.append(f"    {label}  {f.obligation} – {f.title.get(lang)}{_note(f, lang)}")
                if single or f.status in DETAILED:
                    lines.extend(f"    {'':<{width}}    {reason.message(lang)}" for reason in f.reasons)
        lines.append("")
    if report.warnings:
        lines.append(_paint(word("warnings", lang), "bold", color))
        lines.extend(f"  - {warning.message(lang)}" for warning in report.warnings)
        lines.append("")
    found = report.counts
    parts = []
    for s in STATUSES:
        part = f"{s.label(lang)} {found[s.value]}"
        parts.append(_paint(part, s.value, color) if found[s.value] else part)
    bodies = f"{len(report.profiles)} {word('bodies', lang)}"
    lines.append(f"{_paint(word('summary', lang), 'bold', color)} ({bodies}): " + ", ".join(parts))
    return "\n".join(lines) + "\n"
