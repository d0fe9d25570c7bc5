"""Excel (xlsx, with openpyxl): a findings sheet, one row per finding with an autofilter, and a matrix
sheet, bodies × obligations coloured by status, each cell also holding the status's symbol and label
(black on the status colour: contrast at least 4.5:1). Both sheets print on A4 landscape, fitted to the
page's width, with the header row repeated on every page. Binary: written with ``-o`` only.

Deterministic: the workbook's created and modified properties are the check date, the zip entries carry
a fixed timestamp, and every XML part has one form whether or not lxml is installed, so the same inputs
give the same bytes. Linear in the number of findings.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tsp_rules.checking.findings import STATUSES, Report, Status
from tsp_rules.errors import UsageError
from tsp_rules.model.coverage import KINDS as COVERAGE_ITEM_KINDS
from tsp_rules.model.ruleset import Lang, Text
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers.common import (
    LIGHT_COLOURS,
    STATUS_COLOURS,
    STATUS_SYMBOLS,
    STATUS_TEXT,
    Column,
    body_light,
    kind_label,
    light_word,
    obligation_columns,
    ordered,
    replaced_obligations,
    subject_words,
    word,
    xml_safe,
)
from tsp_rules.texts import fill

SHEETS: dict[str, Text] = {
    "findings": Text("Resultat", "Findings"),
    "matrix": Text("Matris", "Matrix"),
    "coverage": Text("Omfattning", "Coverage"),
}
REPLACED = Text("varav ersatta (ingår inte i kontrollen)", "of which replaced (not part of this check)")
COVERAGE_HEADER: tuple[Text, ...] = (Text("Regelverk", "Ruleset"), Text("Slag", "Kind"), Text("Text", "Text"),
                                     Text("Källa", "Source"), Text("Från", "From"), Text("Till", "To"))
COVERAGE_KINDS: dict[str, Text] = {
    "statement": Text("Omfattning", "Coverage"),
    "checked": Text("Kontrolleras", "Checked"),
    "not_encoded": Text("Gällde men är inte kodat", "In force but not encoded"),
    "second_hand": Text("Läst i andra hand", "Read second-hand"),
}
"""The coverage sheet: each ruleset's statement on the check date, then its entries one per row."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def subject_title(report: Report, lang: Lang) -> str:
    """The workbook's title: 'Efterlevnad av trygghets- och säkerhetsprogrammet per den 30 november 2019'."""
    return fill(TITLE, lang, subject=subject_words(report.ruleset_infos, lang), as_of=report.as_of.isoformat())


TITLE = Text("Efterlevnad av {subject} per den {as_of}", "Compliance with {subject} as of {as_of}")


def _fill(status: str) -> PatternFill:
    return _colour_fill(STATUS_COLOURS[status])


def _colour_fill(colour: str) -> PatternFill:
    colour = colour.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


class _Sheet:
    """Rows written by number (openpyxl's ``ws.max_row`` scans every cell: reading it per row made the
    workbook quadratic in the findings). Text is never a formula (a leading '=' stays text) and never
    carries characters a workbook cannot hold; an empty text is an empty cell."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 0

    def append(self, values: Sequence[str | int]) -> int:
        self.row += 1
        for column, value in enumerate(values, start=1):
            if value == "":
                continue
            cell = self.ws.cell(row=self.row, column=column, value=xml_safe(value) if isinstance(value, str) else value)
            if cell.data_type == "f":
                cell.data_type = "s"
        return self.row


_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CHAR_REF = re.compile(rb"&#(\d+);")
_EMPTY_ELEMENT = re.compile(rb"<([A-Za-z]+)((?: [^<>]*[^<>/])?)></\1>")


def _plain_char(match: re.Match[bytes]) -> bytes:
    code = int(match.group(1))
    return chr(code).encode("utf-8") if code >= 0x80 else match.group(0)


def _normal_xml(name: str, payload: bytes) -> bytes:
    """One form of each XML part whichever XML library openpyxl used (lxml when it is installed, else the
    standard library's): small parts canonicalised (C14N 2.0, which fixes namespace placement, attribute
    order and empty elements); worksheets, too large for that, normalised by the three things that differ
    (``<a />`` against ``<a/>``, ``<c ...></c>`` against ``<c .../>``, and non-ASCII text as character
    references)."""
    if name.startswith("xl/worksheets/"):
        payload = payload.replace(b" />", b"/>")
        payload = _EMPTY_ELEMENT.sub(rb"<\1\2/>", payload)
        return _CHAR_REF.sub(_plain_char, payload)
    if not name.endswith((".xml", ".rels")):
        return payload
    return _XML_DECLARATION + ET.canonicalize(payload.decode("utf-8")).encode("utf-8")


def _deterministic(data: bytes, stamp: str) -> bytes:
    """Rewrite the zip with fixed entry timestamps, the core properties' dates set to ``stamp``, and
    every XML part in one form (see :func:`_normal_xml`)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = _normal_xml(info.filename, source.read(info.filename))
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{stamp}\g<2>", text)
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, payload)
    return out.getvalue()


def matrix_header(mx: Any, matrix: Any, columns: Sequence[Any], lang: Lang) -> None:
    """The matrix sheet's first row: bodies, kinds, the obligations' ids turned upright, the statuses, the light
    (shared by the whole-report and the streamed workbook, which must make the same bytes)."""
    matrix.append([word("body", lang), word("kind", lang), *(c.id for c in columns),
                   *(s.label(lang) for s in STATUSES), word("light", lang).capitalize()])
    for cell in mx[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(text_rotation=90, vertical="bottom", horizontal="center")
    mx.cell(row=1, column=1).alignment = Alignment(vertical="bottom")
    mx.cell(row=1, column=2).alignment = Alignment(vertical="bottom")
    longest = max([len(c.id) for c in columns] + [len(s.label(lang)) for s in STATUSES] + [10])
    mx.row_dimensions[1].height = round(longest * ROTATED_CHAR_POINTS + 12)  # the rotated ids are never cut


def matrix_row(mx: Any, matrix: Any, name: str, kind: str, statuses: Mapping[str, str], lit: str | None,
               columns: Sequence[Any], lang: Lang, styles: tuple[Any, Any, Any, Any]) -> None:
    """One body's row of the matrix sheet from its status per obligation id, with its counts and light, each
    status cell and the light coloured (``styles``: status fills, light fills, text font, centred alignment)."""
    fills, light_fills, text_font, centre = styles
    found = {s.value: 0 for s in STATUSES}
    values: list[str | int] = [name, kind]
    for c in columns:
        status = statuses.get(c.id)
        values.append(STATUS_SYMBOLS[status] if status else "")
        if status:
            found[status] += 1
    values += [found[s.value] for s in STATUSES]
    values.append(light_word(lit, lang) if lit else "")
    r = matrix.append(values)
    if lit:
        cell = mx.cell(row=r, column=len(values))
        cell.fill = light_fills[lit]
        cell.font = text_font
    for j, c in enumerate(columns, start=3):
        status = statuses.get(c.id)
        if status:
            cell = mx.cell(row=r, column=j)
            cell.fill = fills[status]
            cell.font = text_font
            cell.alignment = centre


def _matrix_key(mx: Worksheet, matrix: _Sheet, illustrative: bool, columns: Sequence[Column], lang: Lang,
                fills: dict[str, PatternFill], text_font: Font) -> None:
    """Below the matrix: the legend (each status's symbol on its colour, with its label; what the ``*`` after a
    name means) and every obligation's id beside its title, so that the narrow columns need not hold them."""
    matrix.append([])
    r = matrix.append([WORDS_XLSX["legend"].get(lang)])
    mx.cell(row=r, column=1).font = Font(bold=True)
    for s in STATUSES:
        r = matrix.append([f"{STATUS_SYMBOLS[s.value]} {s.label(lang)}"])
        mx.cell(row=r, column=1).fill = fills[s.value]
        mx.cell(row=r, column=1).font = text_font
    if illustrative:
        matrix.append([WORDS_XLSX["illustrative"].get(lang)])
    matrix.append([])
    r = matrix.append([WORDS_XLSX["key"].get(lang)])
    mx.cell(row=r, column=1).font = Font(bold=True)
    for c in columns:
        matrix.append([c.id, c.title.get(lang)])  # the title runs on over the empty cells to its right


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    """A4 landscape, as wide as the page (as many pages down as needed), the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.gridLines = True


WORDS_XLSX: dict[str, Text] = {
    "key": Text("Skyldigheterna i matrisen", "The obligations of the matrix"),
    "legend": Text("Teckenförklaring", "Legend"),
    "illustrative": Text("* efter ett namn: illustrativa uppgifter, inte en verklig bedömning",
                         "* after a name: illustrative data, not a real assessment"),
}
PRINTED = 5
"""The findings sheet prints its first columns (body, obligation, title, status, explanation): all of them
fitted to a page's width would be too small to read; the rest stay in the sheet, for filtering."""
PEOPLE_WIDTHS = {"profile_name": 30, "obligation": 34, "title": 32, "status_label": 14, "explanation": 90,
                 "citation_quote": 60, "citation_document": 40, "focus_area_label": 30, "exemption": 30,
                 "tailoring": 30, "actions": 40}
ROTATED_CHAR_POINTS = 9.0
"""The height a character of a rotated bold 11-point header takes, capitals included (points)."""
WRAPPED = 30
"""Columns at least this wide wrap their text; a row is as high as its longest wrapped text needs."""
LINE_POINTS = 15


def _findings_sheet(ws: Worksheet, report: Report, lang: Lang, fills: dict[str, PatternFill], text_font: Font) -> None:
    sheet = _Sheet(ws)
    sheet.append(csv_renderer.people_header(report, lang))
    names = [name for name, _ in csv_renderer.PEOPLE]
    status_col = names.index("status_label") + 1
    findings = [f for part in report.parts() for p in part.profiles for f in ordered(part.for_profile(p.id), part)]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    widths = [PEOPLE_WIDTHS.get(name, 16) for name in names]
    wrapped = [i for i, w in enumerate(widths) if w >= WRAPPED]
    light_col = names.index("light_label") + 1
    light_fills = {k: _colour_fill(v) for k, v in LIGHT_COLOURS.items()}
    for f, row in zip(findings, csv_renderer.people_rows(report, lang), strict=True):
        r = sheet.append(row)
        if f.light:
            ws.cell(row=r, column=light_col).fill = light_fills[f.light]
            ws.cell(row=r, column=light_col).font = text_font
        lines = max([1, *(math.ceil(len(row[i]) / (widths[i] * 0.95)) for i in wrapped if i < len(row))])
        if lines > 1:  # a program that does not grow rows to their wrapped text still shows all of it
            ws.row_dimensions[r].height = LINE_POINTS * min(lines, 30)
        for i in range(1, len(row) + 1):
            ws.cell(row=r, column=i).alignment = wrap if i - 1 in wrapped else top
        cell = ws.cell(row=r, column=status_col)
        cell.fill = fills[f.status.value]
        cell.font = text_font
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    for i, name in enumerate(names, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = PEOPLE_WIDTHS.get(name, 16)
    last = get_column_letter(len(names))
    ws.auto_filter.ref = f"A1:{last}{sheet.row}"
    ws.freeze_panes = "C2"
    _print_setup(ws, "1:1")
    ws.print_area = f"A1:{get_column_letter(PRINTED)}{max(sheet.row, 1)}"


def _coverage_sheet(ws: Worksheet, report: Report, lang: Lang) -> None:
    """Each ruleset's coverage statement, then its entries that hold on the check date, one per row."""
    sheet = _Sheet(ws)
    sheet.append([t.get(lang) for t in COVERAGE_HEADER])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for coverage in (c for c in report.coverage if c.stated):
        sheet.append([coverage.ruleset, COVERAGE_KINDS["statement"].get(lang), coverage.statement(lang), "", "", ""])
        for kind in COVERAGE_ITEM_KINDS:
            for item in getattr(coverage, kind):
                sheet.append([coverage.ruleset, COVERAGE_KINDS[kind].get(lang), item.text.get(lang), item.source or "",
                              item.valid_from.isoformat() if item.valid_from else "",
                              item.valid_to.isoformat() if item.valid_to else ""])
    for letter, width in zip("ABCDEF", (16, 26, 100, 26, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _print_setup(ws, "1:1")


#: Rows of one Excel worksheet (Excel's limit; the header takes one), so at most this many findings minus one.
MAX_ROWS = 1_048_576


def check_row_limit(findings: int) -> None:
    """Refuse a findings sheet that Excel cannot open (a usage error, exit 2; nothing is written): the
    findings are one row each, and a sheet holds :data:`MAX_ROWS` rows with the header."""
    if findings > MAX_ROWS - 1:
        limit = f"{MAX_ROWS - 1:,}"
        raise UsageError(Text(
            sv=(f"rapporten har fler än {limit.replace(',', ' ')} iakttagelser, fler rader än ett Excelblad rymmer; "
                "skriv den med --format csv eller json, eller kontrollera profilerna i flera omgångar"),
            en=(f"the report has more than {limit} findings, more rows than an Excel sheet holds; write it with "
                "--format csv or json, or check the profiles in several runs")))


def render(report: Report, lang: Lang = "sv") -> bytes:
    check_row_limit(len(report.findings))
    wb = Workbook()
    stamp = dt.datetime.combine(report.as_of, dt.time())
    wb.properties.creator = "tsp-check"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = subject_title(report, lang)
    wb.properties.language = "sv-SE" if lang == "sv" else "en-GB"

    ws = wb.active
    assert ws is not None
    ws.title = SHEETS["findings"].get(lang)
    fills = {s.value: _fill(s.value) for s in STATUSES}
    text_font = Font(color=STATUS_TEXT.lstrip("#").upper())
    _findings_sheet(ws, report, lang, fills, text_font)
    light_fills = {k: _colour_fill(v) for k, v in LIGHT_COLOURS.items()}

    mx = wb.create_sheet(SHEETS["matrix"].get(lang))
    matrix = _Sheet(mx)
    columns = obligation_columns(report)
    matrix_header(mx, matrix, columns, lang)
    centre = Alignment(horizontal="center", vertical="center")
    per_column = Counter((f.obligation, f.status.value) for f in report.findings)
    for p in report.profiles:
        cells = {f.obligation: f for f in report.for_profile(p.id)}
        matrix_row(mx, matrix, p.name + (" *" if p.illustrative else ""), kind_label(p.kind, lang),
                   {ob: f.status.value for ob, f in cells.items()}, body_light(cells.values()), columns, lang,
                   (fills, light_fills, text_font, centre))
    body_rows = matrix.row
    matrix.append([])
    for s in STATUSES:  # totals per obligation, one row per status, below the bodies
        counted = [per_column[(c.id, s.value)] for c in columns]
        r = matrix.append([f"{word('total', lang)}: {s.label(lang)}", "", *counted, report.counts[s.value]])
        mx.cell(row=r, column=1).fill = fills[s.value]
        mx.cell(row=r, column=1).font = Font(bold=True, color=STATUS_TEXT.lstrip("#").upper())
    replaced = replaced_obligations(report)
    if replaced:  # the replaced among the not applicable, counted apart: not part of the check
        counted = [per_column[(c.id, Status.NOT_APPLICABLE.value)] if c.id in replaced else 0 for c in columns]
        matrix.append([f"{word('total', lang)}: {REPLACED.get(lang)}", "", *counted, report.replaced_count])
    _matrix_key(mx, matrix, any(p.illustrative for p in report.profiles), columns, lang, fills, text_font)
    mx.freeze_panes = "C2"
    mx.column_dimensions["A"].width = min(50, max([24, *(len(p.name) + 4 for p in report.profiles)]))
    mx.column_dimensions["B"].width = max([16, *(len(kind_label(p.kind, lang)) + 2 for p in report.profiles)])
    for j in range(3, 3 + len(columns)):
        mx.column_dimensions[get_column_letter(j)].width = 4.5
    for j in range(3 + len(columns), 3 + len(columns) + len(STATUSES)):
        mx.column_dimensions[get_column_letter(j)].width = 6
    mx.column_dimensions[get_column_letter(3 + len(columns) + len(STATUSES))].width = 9  # the traffic light
    if report.profiles:
        mx.auto_filter.ref = f"A1:{get_column_letter(3 + len(columns) + len(STATUSES))}{body_rows}"
    _print_setup(mx, "1:1")
    mx.print_title_cols = "A:A"

    if any(c.stated for c in report.coverage):
        _coverage_sheet(wb.create_sheet(SHEETS["coverage"].get(lang)), report, lang)

    buffer = io.BytesIO()
    wb.save(buffer)
    return _deterministic(buffer.getvalue(), stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
