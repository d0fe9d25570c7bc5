"""Plain text for a terminal: per body, grouped by focus area, one line per obligation, a summary line.

Colours only when asked for (the command line asks on a terminal, unless ``NO_COLOR`` is set). With one
body every finding is explained; with several, only gaps and not-assessed obligations are, so a report
of 40 bodies stays readable (the HTML matrix gives the whole picture).

The report is assembled from parts (heading, one block per profile, warnings, summary) so that the
streaming writer (:mod:`tsp_rules.renderers.streaming`) produces the same bytes without holding the report.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from tsp_rules.checking.findings import STATUSES, Finding, ProfileInfo, Report, RulesetInfo, Status, Warning
from tsp_rules.model import provenance
from tsp_rules.model.ruleset import Lang, Ruleset
from tsp_rules.renderers.common import (
    SUMMARY_KEYS,
    WORDS,
    action_summary,
    action_text,
    area_label,
    area_rank,
    body_light,
    citation_text,
    count_words,
    counts_text,
    counts_with_replaced,
    coverage_lines,
    finding_note,
    heading_lines,
    light_word,
    profile_label,
    reported_under_lines,
    section_title,
    split_replaced,
    word,
)
from tsp_rules.texts import Text, fill

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


_GROUND_SOURCE = Text("Grundens källa", "Source of the ground")


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
    note = finding_note(f, lang)
    return f" ({note})" if note else ""


def obligation_order(rules: Ruleset | None) -> dict[str, int]:
    """Each obligation's place in the ruleset (programme order within a focus area)."""
    return {ob.id: ob.index for ob in rules.obligations} if rules is not None else {}


def heading(ruleset: RulesetInfo | Sequence[RulesetInfo], as_of: dt.date, engine: str, lang: Lang,
            color: bool = False) -> str:
    """The report's first lines: the rulesets, the date and the engine, and why the rulesets were used."""
    infos = [ruleset] if isinstance(ruleset, RulesetInfo) else list(ruleset)
    first, *rest = heading_lines(infos, as_of, engine, lang)
    rest += [line for _, line in coverage_lines(infos, lang)] + reported_under_lines(infos, lang)
    return "".join([_paint(first, "bold", color), "\n", *(f"{line}\n" for line in rest), "\n"])


def section_heading(info: RulesetInfo, lang: Lang, color: bool = False) -> str:
    """The heading of one ruleset's findings in a report of several."""
    title = section_title(info, lang)
    return _paint(title, "bold", color) + "\n" + "=" * len(title) + "\n\n"


def ground_sources(rules: Ruleset | None, lang: Lang) -> dict[str, str]:
    """Each ground's citations as text, by ground id (plain strings: they travel to worker processes)."""
    if rules is None:
        return {}
    return {g.id: provenance.citations_text(g.citations, lang, brief=True) for g in rules.grounds}


def profile_block(info: ProfileInfo, findings: Iterable[Finding], lang: Lang, *, single: bool,
                  order: Mapping[str, int], color: bool = False, grounds: Mapping[str, str] | None = None) -> str:
    """The lines of one profile, ending with an empty line. A finding that is not met shows where its demand
    comes from and, when a ground exempts or tailors it, where the ground comes from (``grounds``: see
    :func:`ground_sources`)."""
    width = max(len(s.label(lang)) for s in STATUSES)
    findings = sorted(findings, key=lambda f: (area_rank(f.focus_area), order.get(f.obligation, 10**6),
                                               f.obligation))
    title = profile_label(info, lang)
    lit = body_light(findings)
    shown = f"{word('light', lang)} {light_word(lit, lang)}" if lit is not None else ""
    lines = [(_paint(title, "bold", color) + (f" – {shown}" if shown else "")) if single else
             f"{_paint(title, 'bold', color)}: {counts_text(counts_with_replaced(findings), lang)}"
             + (f"; {shown}" if shown else "")]
    area = None
    for f in findings:
        if f.focus_area != area:
            area = f.focus_area
            lines.append(f"  {area_label(area, lang)}")
        label = _paint(f"{f.status.label(lang).upper():<{width}}", f.status.value, color)
        lines.append(f"    {label}  {f.obligation} – {f.title.get(lang)}{_note(f, lang)}")
        if single or f.status in DETAILED:
            lines.extend(f"    {'':<{width}}    {reason.message(lang)}" for reason in f.reasons)
            if f.status is not Status.MET:  # where the demand comes from, as a reviewer reads it beside its source
                lines.append(f"    {'':<{width}}    {word('source', lang)}: {citation_text(f.citation, lang)}")
            ground = f.exemption or f.tailoring
            if ground and grounds and ground in grounds:
                lines.append(f"    {'':<{width}}    {_GROUND_SOURCE.get(lang)}: {grounds[ground]}")
            if f.status in DETAILED:
                lines.extend(_action_lines(f, lang, width, color))
    return "\n".join(lines) + "\n\n"


def _action_lines(f: Finding, lang: Lang, width: int, color: bool) -> list[str]:
    """A gap's or not-assessed finding's traffic light and actions (or 'ingen åtgärd'); an overdue action
    stands out (in capitals, and red on a terminal)."""
    pad = f"    {'':<{width}}    "
    head = f"{pad}{word('light', lang).capitalize()}: {light_word(f.light, lang)}"
    if not f.actions:
        return [f"{head}; {word('no_action', lang)}"]
    lines = [head]
    for state in f.actions:
        line = f"{pad}{word('action', lang)}: {action_text(state, lang)}"
        lines.append(_paint(line, "gap", color) if state.overdue or state.unverified else line)
    return lines


def warnings_heading(lang: Lang, color: bool = False) -> str:
    return _paint(word("warnings", lang), "bold", color) + "\n"


def warning_lines(warnings: Iterable[Warning], lang: Lang) -> str:
    return "".join(f"  - {warning.message(lang)}\n" for warning in warnings)


def _counted(found: Mapping[str, int], lang: Lang, color: bool) -> str:
    """The counts in words (:func:`~tsp_rules.renderers.common.counts_text`), each painted by its status."""
    shown = split_replaced(found)
    parts = []
    for key in SUMMARY_KEYS:
        if key == "replaced" and not shown[key]:
            continue
        part = count_words(key, shown[key], lang)
        style = "not_applicable" if key == "replaced" else key
        parts.append(_paint(part, style, color) if shown[key] else part)
    return ", ".join(parts)


def summary(found: Mapping[str, int], bodies: int, lang: Lang, color: bool = False,
            per_ruleset: Sequence[tuple[RulesetInfo, Mapping[str, int]]] = (),
            actions: Mapping[str, int] | None = None) -> str:
    """The summary line; with several rulesets (``per_ruleset``), a line for each below it; then, when there
    are gaps or findings not assessed, how they stand with their actions (``actions``). ``found``: the
    status counts, with ``replaced`` (among the not applicable) counted apart."""
    label = fill(WORDS["bodies"], lang, n=bodies) if bodies else word("no_bodies", lang)
    lines = [f"{_paint(word('summary', lang), 'bold', color)} ({label}): {_counted(found, lang, color)}\n"]
    lines += [f"  {info.id} {info.version}: {_counted(counted, lang, color)}\n" for info, counted in per_ruleset]
    if actions is not None and any(actions.values()):
        lines.append(action_summary(dict(actions), lang) + "\n")
    return "".join(lines)


def render(report: Report, lang: Lang = "sv", color: bool = False) -> str:
    single = len(report.profiles) + len(report.absent) == 1  # as the streamed report counts the files
    parts = [heading(report.ruleset_infos, report.as_of, report.engine, lang, color)]
    for part in report.parts():
        if report.multi:
            parts.append(section_heading(part.ruleset, lang, color))
        order = obligation_order(part.rules)
        grounds = ground_sources(part.rules, lang)
        parts.extend(profile_block(info, part.for_profile(info.id), lang, single=single, order=order,
                                   color=color, grounds=grounds)
                     for info in part.profiles)
    if report.warnings:
        parts.append(warnings_heading(lang, color) + warning_lines(report.warnings, lang) + "\n")
    per_ruleset = [(part.ruleset, {**part.counts, "replaced": part.replaced_count})
                   for part in report.parts()] if report.multi else []
    parts.append(summary({**report.counts, "replaced": report.replaced_count}, len(report.profiles), lang, color,
                         per_ruleset, report.action_counts))
    return "".join(parts)
