"""Markdown: a review pack per body, to paste into internal-control documents.

For each body: a count table, then the gaps and the unassessed obligations with their explanations and
citations, the tailored requirements and the exemptions with their grounds, the granted decisions
(waivers), and the obligations met. Headings start at level 2, one body per section.
"""

from __future__ import annotations

import re

from tsp_rules.checking.findings import STATUSES, Finding, ProfileInfo, Report, Status, action_counts, replaced_count
from tsp_rules.model import provenance
from tsp_rules.model.ruleset import Lang, Text
from tsp_rules.renderers.common import (
    action_summary,
    action_text,
    area_label,
    area_word,
    body_light,
    by_area,
    citation_text,
    counts,
    coverage_lines,
    finding_note,
    ground_of,
    heading_lines,
    kind_label,
    light_word,
    ordered,
    reported_under_lines,
    section_title,
    subject_words,
    warnings_of,
    word,
)
from tsp_rules.texts import fill

MD: dict[str, Text] = {
    "title": Text("Granskningsunderlag: {subject}", "Review pack: {subject}"),
    "meta": Text("Regelverk {ruleset} {version} ({title}), kontrolldatum {as_of}, motor {engine}.",
                 "Ruleset {ruleset} {version} ({title}), check date {as_of}, engine {engine}."),
    "illustrative": Text("> **Illustrativ profil.** Underlagen är påhittade exempel och inte en verklig bedömning.",
                         "> **Illustrative profile.** The evidence is invented and not a real assessment."),
    "counts": Text("Antal", "Count"),
    "overview": Text("Översikt", "Overview"),
    "gaps": Text("Brister", "Gaps"),
    "not_assessed": Text("Ej bedömda skyldigheter", "Obligations not assessed"),
    "tailored": Text("Anpassade krav", "Tailored requirements"),
    "exempt": Text("Ej tillämpliga skyldigheter", "Obligations not applicable"),
    "replaced": Text("Skyldigheter vars del har ersatts", "Obligations whose part was replaced"),
    "replaced_count": Text("varav ersatta", "of which replaced"),
    "waived": Text("Undantag genom beslut", "Waivers granted by decision"),
    "met": Text("Uppfyllda skyldigheter", "Obligations met"),
    "none": Text("Inga.", "None."),
    "status": Text("Status", "Status"),
    "ground": Text("Grund", "Ground"),
    "ground_source": Text("Grundens källa", "Source of the ground"),
    "scope": Text("Omfattning", "Scope"),
    "decision": Text("Beslut", "Decision"),
    "warnings": Text("Varningar", "Warnings"),
}


def _t(key: str, lang: Lang) -> str:
    return MD[key].get(lang)


_MARKUP = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")


def md(text: str) -> str:
    """Text from the inputs as Markdown that renders as that text: the characters that make emphasis,
    links, images, code, tables or raw HTML (``<script>``, ``<img onerror=…>``) are escaped with a
    backslash (CommonMark shows ``\\<`` as ``<``), and line breaks become spaces, so that a value cannot
    start a heading, list or quote of its own. Letters, digits and ordinary punctuation stay as they are,
    so the text reads well when the rendered page is pasted into Word."""
    return _MARKUP.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


_cell = md


def _finding_block(f: Finding, report: Report, lang: Lang) -> list[str]:
    out = [f"#### {md(f.obligation)} – {md(f.title.get(lang))}", ""]
    out.append(f"- **{_t('status', lang)}:** {f.status.label(lang)} ({md(area_label(f.focus_area, lang))})"
               + (f"; {md(note)}" if (note := finding_note(f, lang)) and f.replaced is not None else ""))
    if report.rules is not None:
        ob = report.rules.obligation(f.obligation)  # 'Programmet anger' only for the programme's own words
        out.append(f"- **{md(provenance.stated_by(ob.citations_on(report.as_of), lang))}:** {md(ob.text.get(lang))}")
    for reason in f.reasons:
        out.append(f"- {md(reason.message(lang))}")
    for ground_id in (f.tailoring, f.exemption):
        ground = ground_of(report, ground_id)
        if ground is not None:
            out.append(f"- **{_t('ground_source', lang)}:** {md(citation_text(ground.citation, lang))}")
    out.append(f"- **{word('source', lang)}:** {md(citation_text(f.citation, lang))}")
    if f.status in (Status.GAP, Status.NOT_ASSESSED):
        out.extend(_action_lines(f, lang))
    out.append("")
    return out


def _action_lines(f: Finding, lang: Lang) -> list[str]:
    """The finding's traffic light and its actions (or 'ingen åtgärd'); an overdue action, or one marked done
    while the gap remains, in bold."""
    head = f"- **{word('light', lang).capitalize()}:** {light_word(f.light, lang)}"
    if not f.actions:
        return [f"{head}", f"- **{word('actions', lang)}:** {word('no_action', lang)}"]
    out = [head, f"- **{word('actions', lang)}:**"]
    for state in f.actions:
        line = md(action_text(state, lang))
        out.append(f"  - **{line}**" if state.overdue or state.unverified else f"  - {line}")
    return out


def _section(title: str, findings: list[Finding], report: Report, lang: Lang) -> list[str]:
    out = [f"### {title}", ""]
    if not findings:
        return [*out, _t("none", lang), ""]
    for f in findings:
        out.extend(_finding_block(f, report, lang))
    return out


def render_profile(info: ProfileInfo, report: Report, lang: Lang) -> list[str]:
    findings = ordered(report.for_profile(info.id), report)
    lines = [f"## {md(info.name)} ({md(kind_label(info.kind, lang))}, `{info.id}`)", ""]
    if info.illustrative:
        lines += [_t("illustrative", lang), ""]
    found = counts(findings)
    lines += [f"| {word('status', lang)} | {_t('counts', lang)} |", "|---|---:|"]
    lines += [f"| {s.label(lang)} | {found[s.value]} |" for s in STATUSES]
    n_replaced = replaced_count(findings)
    if n_replaced:  # among the not applicable: their part was replaced
        lines.append(f"| {_t('replaced_count', lang)} | {n_replaced} |")
    lines.append("")
    lit = body_light(findings)
    if lit is not None:
        lines += [f"**{word('light', lang).capitalize()}:** {light_word(lit, lang)}", ""]
    standings = action_counts(findings)
    if any(standings.values()):
        lines += [md(action_summary(standings, lang)) + ".", ""]

    def pick(status: Status) -> list[Finding]:
        return [f for f in findings if f.status is status]

    lines += _section(_t("gaps", lang), pick(Status.GAP), report, lang)
    lines += _section(_t("not_assessed", lang), pick(Status.NOT_ASSESSED), report, lang)
    lines += _section(_t("tailored", lang), [f for f in findings if f.tailoring], report, lang)
    not_applicable = pick(Status.NOT_APPLICABLE)  # those whose part was replaced apart: not part of the check
    lines += _section(_t("exempt", lang), [f for f in not_applicable if f.replaced is None], report, lang)
    lines += _section(_t("replaced", lang), [f for f in not_applicable if f.replaced is not None], report, lang)
    lines += _section(_t("waived", lang), pick(Status.WAIVED), report, lang)
    met = pick(Status.MET)
    lines += [f"### {_t('met', lang)}", ""]
    if not met:
        lines += [_t("none", lang), ""]
    else:
        area = area_word(report.ruleset_infos, lang, capital=True)
        lines += [f"| {word('obligation', lang)} | {area} | {word('explanation', lang)} |",
                  "|---|---|---|"]
        for area, group in by_area(met, report):
            for f in group:
                why = " ".join(r.message(lang) for r in f.reasons)
                lines.append(f"| {md(f.obligation)} – {_cell(f.title.get(lang))} | {_cell(area_label(area, lang))} "
                             f"| {_cell(why)} |")
        lines.append("")
    warnings = warnings_of(report, info.id)
    if warnings:
        lines += [f"### {_t('warnings', lang)}", ""]
        lines += [f"- {md(w.message(lang))}" for w in warnings]
        lines.append("")
    return lines


def render(report: Report, lang: Lang = "sv") -> str:
    lines = [f"# {md(fill(MD['title'], lang, subject=subject_words(report.ruleset_infos, lang)))}", ""]
    infos = report.ruleset_infos
    if len(infos) == 1 and infos[0].reason == "given":
        lines.append(_t("meta", lang).format(ruleset=md(report.ruleset.id), version=md(report.ruleset.version),
                                             title=md(report.ruleset.title.get(lang)),
                                             as_of=report.as_of.isoformat(), engine=md(report.engine)))
    else:  # which rulesets, and why they were used
        first, *rest = heading_lines(infos, report.as_of, report.engine, lang)
        lines += [md(first) + ".", ""]
        lines += [f"- {md(line.strip().removeprefix('- '))}" if line.startswith("  - ") else md(line)
                  for line in rest]
    lines.append("")
    for line in [line for _, line in coverage_lines(infos, lang)] + reported_under_lines(infos, lang):
        lines += [md(line), ""]
    if not report.multi:
        return _render_part(report, lines, lang)
    for part in report.parts():  # a section per ruleset, its bodies' headings a level down
        lines += [f"## {md(section_title(part.ruleset, lang))}", ""]
        lines += [f"#{line}" if line.startswith("##") else line
                  for line in _render_part(part, [], lang, general=False).split("\n")]
    return _render_general(report, lines, lang)


def _render_part(report: Report, lines: list[str], lang: Lang, general: bool = True) -> str:
    if len(report.profiles) > 1:
        lines += [f"## {_t('overview', lang)}", "",
                  f"| {word('body', lang)} | " + " | ".join(s.label(lang) for s in STATUSES)
                  + f" | {word('light', lang).capitalize()} |",
                  "|---|" + "---:|" * len(STATUSES) + "---|"]
        for info in report.profiles:
            mine = report.for_profile(info.id)
            found = counts(mine)
            lines.append(f"| {_cell(info.name)} | " + " | ".join(str(found[s.value]) for s in STATUSES)
                         + f" | {light_word(body_light(mine), lang)} |")
        total = report.counts
        lines += [f"| **{word('total', lang)}** | " + " | ".join(str(total[s.value]) for s in STATUSES) + " | |", ""]
        if any(report.action_counts.values()):
            lines += [md(action_summary(report.action_counts, lang)) + ".", ""]
    for info in report.profiles:
        lines += render_profile(info, report, lang)
    if not general:
        return "\n".join(lines)
    return _render_general(report, lines, lang)


def _render_general(report: Report, lines: list[str], lang: Lang) -> str:
    absent = {p.id for p in report.absent}  # bodies not checked on the date: their warnings are general
    general = [w for w in report.warnings if w.profile is None or w.profile in absent]
    if general:
        lines += [f"## {_t('warnings', lang)}", ""]
        lines += [f"- {md(w.message(lang))}" for w in general]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
