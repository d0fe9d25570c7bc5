"""CSV: one row per finding, in one of two dialects.

``rfc4180`` (the default): RFC 4180, comma-separated, CRLF line ends, UTF-8 without a byte-order mark,
for tools. ``excel-sv``: what Excel with Swedish settings opens directly, UTF-8 with a byte-order mark
(without it Excel reads the file as Windows-1252) and ``;`` between fields (the list separator where the
decimal separator is a comma). The findings hold no decimal numbers, so no decimal comma is needed.

Actions (issue 26): ``light`` (green, yellow, red; empty when the obligation does not apply) with its
label, ``action_standing`` for a gap or an obligation not assessed (on_track, overdue, done_unverified,
none) and ``actions``, each action in words on a line of its own.

The columns are stable identifiers (English) in the header; the kind of body and the status each have a
stable code and, in the next column, a label in the report's language, so tools can filter on the code
and people can read the label. A field that a spreadsheet would run as a formula (one starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading apostrophe, as the
OWASP advice on CSV injection has it.
"""

from __future__ import annotations

import csv
import io

from tsp_rules.checking.findings import Report
from tsp_rules.errors import UsageError
from tsp_rules.model.ruleset import Lang
from tsp_rules.renderers.common import action_text, area_label, kind_label, light_word, ordered

FIELDS: tuple[str, ...] = (
    "profile", "profile_name", "kind", "kind_label", "illustrative", "focus_area", "focus_area_label", "obligation",
    "title", "status", "status_label", "tailoring", "exemption", "waiver", "explanation", "citation_document",
    "citation_section", "citation_quote", "ruleset", "light", "light_label", "action_standing", "actions",
)

DIALECTS: dict[str, tuple[str, str]] = {"rfc4180": (",", ""), "excel-sv": (";", "\ufeff")}
"""Dialect name -> (field separator, text before the header)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would take it for a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(report: Report, lang: Lang) -> list[list[str]]:
    """One list of cell texts per finding, bodies in id order and obligations in programme order (plain
    values: the formula guard is applied when writing CSV; xlsx marks its cells as text instead). With
    several rulesets, the rows of each ruleset together, in the order the rulesets are reported."""
    out: list[list[str]] = []
    for part in report.parts():
        out.extend(_rows(part, lang))
    return out


def _rows(report: Report, lang: Lang) -> list[list[str]]:
    out: list[list[str]] = []
    for p in report.profiles:
        kind = kind_label(p.kind, lang)
        illustrative = "true" if p.illustrative else "false"
        for f in ordered(report.for_profile(p.id), report):
            out.append([
                f.profile, p.name, p.kind, kind, illustrative, f.focus_area, area_label(f.focus_area, lang),
                f.obligation, f.title.get(lang), f.status.value, f.status.label(lang), f.tailoring or "",
                f.exemption or "", f.waiver or "", f.explanation(lang),
                f.citation.source.reference if f.citation.source else "", f.citation.section or "",
                f.citation.quote or "", f.ruleset, f.light or "", light_word(f.light, lang) if f.light else "",
                f.standing or "", "\n".join(action_text(a, lang) for a in f.actions),
            ])
    return out


def render(report: Report, lang: Lang = "sv", dialect: str = "rfc4180") -> str:
    if dialect not in DIALECTS:
        raise UsageError(f"unknown CSV dialect {dialect!r}; dialects: {', '.join(DIALECTS)}")
    delimiter, start = DIALECTS[dialect]
    buffer = io.StringIO()
    buffer.write(start)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(FIELDS)
    writer.writerows([guard(cell) for cell in row] for row in rows(report, lang))
    return buffer.getvalue()
