"""CSV: one row per finding, in one of two dialects.

``rfc4180`` (the default): RFC 4180, comma-separated, CRLF line ends, UTF-8 without a byte-order mark,
for tools. ``excel-sv``: what Excel with Swedish settings opens directly, UTF-8 with a byte-order mark
(without it Excel reads the file as Windows-1252) and ``;`` between fields (the list separator where the
decimal separator is a comma). The findings hold no decimal numbers, so no decimal comma is needed.

Replaced parts (issue 21): ``replaced_by`` (what replaced the finding's part, in ``lang``), ``replaced_on``
(the first day of the replacement, ISO) and ``replaced_in_check`` (``true`` when the replacement is itself
checked, as a law's successor in the same ruleset; ``false`` for a later programme the check does not
cover); empty for every other finding. For people: *Ersatt* (in words, e.g. "ersatt av Säkerhetsprogram
2020–2023 (…), som inte ingår i kontrollen") and *Ersatt från*.

Actions (issue 26): ``light`` (green, yellow, red; empty when the obligation does not apply) with its
label, ``action_standing`` for a gap or an obligation not assessed (on_track, overdue, done_unverified,
none) and ``actions``, each action in words on a line of its own.

``rfc4180`` is for tools: its header holds stable identifiers (English), and the kind of body and the status
each have a stable code and, in the next column, a label in the report's language. ``excel-sv`` is for
people: the columns people read first (body, obligation, title, status, explanation), then the rest, with
headers and values in the report's language (labels instead of codes: the kind of body, the area, the status,
the ground of a tailoring or exemption by its title, "ja"/"nej", the traffic light and the actions' standing
in words), and no code column beside a label (:data:`PEOPLE`). The Excel workbook's findings sheet has the
same columns.

A field that a spreadsheet would run as a formula (one starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading apostrophe, as the
OWASP advice on CSV injection has it.
"""

from __future__ import annotations

import csv
import io

from tsp_rules.checking.findings import Finding, Report, Status
from tsp_rules.errors import UsageError
from tsp_rules.model.ruleset import Lang, Text
from tsp_rules.renderers.common import action_text, area_label, area_word, kind_label, light_word, ordered

FIELDS: tuple[str, ...] = (
    "profile", "profile_name", "kind", "kind_label", "illustrative", "focus_area", "focus_area_label", "obligation",
    "title", "status", "status_label", "tailoring", "exemption", "waiver", "explanation", "citation_document",
    "citation_section", "citation_quote", "ruleset", "light", "light_label", "action_standing", "actions",
    "replaced_by", "replaced_on", "replaced_in_check",
)

PEOPLE: tuple[tuple[str, Text], ...] = (
    ("profile_name", Text("Nämnd eller bolag", "Committee or company")),
    ("obligation", Text("Skyldighet", "Obligation")),
    ("title", Text("Rubrik", "Title")),
    ("status_label", Text("Status", "Status")),
    ("explanation", Text("Förklaring", "Explanation")),
    ("kind_label", Text("Typ", "Kind")),
    ("focus_area_label", Text("Område", "Area")),  # the rulesets' own word when they share one (area_word)
    ("illustrative", Text("Illustrativa uppgifter", "Illustrative data")),
    ("tailoring", Text("Anpassning", "Tailoring")),
    ("exemption", Text("Grund (gäller inte)", "Ground (does not apply)")),
    ("waiver", Text("Beslut om undantag", "Waiver decision")),
    ("citation_document", Text("Källa", "Source")),
    ("citation_section", Text("Avsnitt", "Section")),
    ("citation_quote", Text("Citat", "Quote")),
    ("light_label", Text("Trafikljus", "Traffic light")),
    ("action_standing", Text("Åtgärdsläge", "Action standing")),
    ("actions", Text("Åtgärder", "Actions")),
    ("replaced_by", Text("Ersatt", "Replaced")),
    ("replaced_on", Text("Ersatt från", "Replaced from")),
    ("ruleset", Text("Regelverk", "Ruleset")),
    ("profile", Text("Id", "Id")),
)
"""The columns for people (``excel-sv`` and the workbook), each with its header: the field of :data:`FIELDS`
it shows (with labels for values, see :func:`people_rows`)."""

YES_NO: dict[bool, Text] = {True: Text("ja", "yes"), False: Text("nej", "no")}
STANDING_WORDS: dict[str, Text] = {
    "on_track": Text("enligt plan", "on track"), "overdue": Text("försenad", "overdue"),
    "done_unverified": Text("klarmarkerad utan underlag", "marked done without evidence"),
    "none": Text("utan åtgärd", "without an action"),
}
"""An action standing in words (as the text report's summary line says them)."""

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
                *_replaced(f, lang),
            ])
    return out


def _replaced(f: Finding, lang: Lang) -> list[str]:
    """A finding whose part was replaced: by what, from which day, and whether that is part of the check."""
    replaced = f.replaced if f.status is Status.NOT_APPLICABLE else None
    if replaced is None:
        return ["", "", ""]
    return [replaced.by.get(lang), replaced.on.isoformat(), "true" if replaced.in_check else "false"]


def people_header(report: Report, lang: Lang) -> list[str]:
    """The headers of :data:`PEOPLE` in ``lang`` (the area column named with the rulesets' word)."""
    return [area_word(report.ruleset_infos, lang, capital=True) if name == "focus_area_label" else text.get(lang)
            for name, text in PEOPLE]


def _ground_title(finding: object, code: str, lang: Lang) -> str:
    for r in getattr(finding, "reasons", ()):
        if r.code == code and "title" in r.data:
            title = r.data["title"]
            return title.get(lang) if isinstance(title, Text) else str(title)
    return ""


def people_rows(report: Report, lang: Lang) -> list[list[str]]:
    """:func:`rows` in the columns of :data:`PEOPLE`, every value in words: yes/no in ``lang``, and a tailoring
    or exemption by its ground's title (its id when the finding carries no title)."""
    index = {name: i for i, name in enumerate(FIELDS)}
    out: list[list[str]] = []
    for part in report.parts():
        findings = [f for p in part.profiles for f in ordered(part.for_profile(p.id), part)]
        for f, row in zip(findings, _rows(part, lang), strict=True):
            values = {name: row[index[name]] for name, _ in PEOPLE}
            values["illustrative"] = YES_NO[row[index["illustrative"]] == "true"].get(lang)
            standing = row[index["action_standing"]]
            values["action_standing"] = STANDING_WORDS[standing].get(lang) if standing in STANDING_WORDS else standing
            if f.tailoring:
                values["tailoring"] = _ground_title(f, "tailored", lang) or f.tailoring
            if f.exemption:
                values["exemption"] = _ground_title(f, "exempt", lang) or f.exemption
            replaced = f.replaced if f.status is Status.NOT_APPLICABLE else None
            if replaced is not None:  # in words: by what, and whether that is part of the check
                values["replaced_by"] = replaced.words(lang)
            out.append([values[name] for name, _ in PEOPLE])
    return out


def render(report: Report, lang: Lang = "sv", dialect: str = "rfc4180") -> str:
    if dialect not in DIALECTS:
        raise UsageError(f"unknown CSV dialect {dialect!r}; dialects: {', '.join(DIALECTS)}")
    delimiter, start = DIALECTS[dialect]
    buffer = io.StringIO()
    buffer.write(start)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if dialect == "excel-sv":  # for people: headers and values in words
        writer.writerow(people_header(report, lang))
        writer.writerows([guard(cell) for cell in row] for row in people_rows(report, lang))
    else:
        writer.writerow(FIELDS)
        writer.writerows([guard(cell) for cell in row] for row in rows(report, lang))
    return buffer.getvalue()
