"""CSV: one row per finding (RFC 4180: comma-separated, CRLF line ends, UTF-8 without a byte-order mark).

The columns are stable identifiers (English) in the header; the status has both its code and its label
in the report's language, so tools can filter on the code and people can read the label.
"""

from __future__ import annotations

import csv
import io

from tsp_rules.findings import Finding, Report
from tsp_rules.renderers.common import area_label, kind_label, ordered
from tsp_rules.ruleset import Lang

FIELDS: tuple[str, ...] = (
    "profile", "profile_name", "kind", "illustrative", "focus_area", "focus_area_label", "obligation", "title",
    "status", "status_label", "tailoring", "exemption", "waiver", "explanation", "citation_document",
    "citation_section", "citation_quote",
)


def rows(report: Report, lang: Lang) -> list[list[str]]:
    """One list of cell texts per finding, bodies in id order and obligations in programme order."""
    infos = {p.id: p for p in report.profiles}
    out: list[list[str]] = []
    for info in report.profiles:
        found: list[Finding] = ordered(report.for_profile(info.id), report)
        for f in found:
            p = infos[f.profile]
            out.append([
                f.profile, p.name, kind_label(p.kind, lang), "true" if p.illustrative else "false", f.focus_area,
                area_label(f.focus_area, lang), f.obligation, f.title.get(lang), f.status.value,
                f.status.label(lang), f.tailoring or "", f.exemption or "", f.waiver or "", f.explanation(lang),
                f.citation.source.reference if f.citation.source else "", f.citation.section or "",
                f.citation.quote or "",
            ])
    return out


def render(report: Report, lang: Lang = "sv") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    writer.writerows(rows(report, lang))
    return buffer.getvalue()
