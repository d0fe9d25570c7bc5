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
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tsp_rules.checking.findings import STATUSES, Report
from tsp_rules.model.ruleset import Lang, Text
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers.common import (
    LIGHT_COLOURS,
    STATUS_COLOURS,
    STATUS_SYMBOLS,
    STATUS_TEXT,
    body_light,
    kind_label,
    light_word,
    obligation_columns,
    word,
    xml_safe,
)

SHEETS: dict[str, Text] = {
    "findings": Text("Resultat", "Findings"),
    "matrix": Text("Matris", "Matrix"),
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
WIDTHS = {"explanation": 80, "title": 40, "profile_name": 30, "citation_document": 40}


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


def render(report: Report, lang: Lang = "sv") -> bytes:
    wb = Workbook()
    stamp = dt.datetime.combine(report.as_of, dt.time())
    wb.properties.creator = "tsp-check"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = report.ruleset.title.get(lang)

    ws = wb.active
    assert ws is not None
    ws.title = SHEETS["findings"].get(lang)
    sheet = _Sheet(ws)
    sheet.append(list(csv_renderer.FIELDS))
    status_col = csv_renderer.FIELDS.index("status_label") + 1
    status_code = csv_renderer.FIELDS.index("status")
    fills = {s.value: _fill(s.value) for s in STATUSES}
    text_font = Font(color=STATUS_TEXT.lstrip("#").upper())
    light_col = csv_renderer.FIELDS.index("light_label") + 1
    light_code = csv_renderer.FIELDS.index("light")
    light_fills = {k: _colour_fill(v) for k, v in LIGHT_COLOURS.items()}
    for row in csv_renderer.rows(report, lang):
        r = sheet.append(row)
        cell = ws.cell(row=r, column=status_col)
        cell.fill = fills[row[status_code]]
        cell.font = text_font
        if row[light_code]:
            cell = ws.cell(row=r, column=light_col)
            cell.fill = light_fills[row[light_code]]
            cell.font = text_font
    for cell in ws[1]:
        cell.font = Font(bold=True)
    last = get_column_letter(len(csv_renderer.FIELDS))
    ws.auto_filter.ref = f"A1:{last}{sheet.row}"
    ws.freeze_panes = "A2"
    for i, name in enumerate(csv_renderer.FIELDS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 16)
    _print_setup(ws, "1:1")

    mx = wb.create_sheet(SHEETS["matrix"].get(lang))
    matrix = _Sheet(mx)
    columns = obligation_columns(report)
    matrix.append([word("body", lang), word("kind", lang), *(c.id for c in columns),
                   *(s.label(lang) for s in STATUSES), word("light", lang).capitalize()])
    for cell in mx[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(text_rotation=90, vertical="bottom")
    mx.cell(row=1, column=1).alignment = Alignment(vertical="bottom")
    mx.cell(row=1, column=2).alignment = Alignment(vertical="bottom")
    per_column = Counter((f.obligation, f.status.value) for f in report.findings)
    for p in report.profiles:
        cells = {f.obligation: f for f in report.for_profile(p.id)}
        found = {s.value: 0 for s in STATUSES}
        values: list[str | int] = [p.name, kind_label(p.kind, lang)]
        for c in columns:
            f = cells.get(c.id)
            values.append(f"{STATUS_SYMBOLS[f.status.value]} {f.status.label(lang)}" if f else "")
            if f:
                found[f.status.value] += 1
        values += [found[s.value] for s in STATUSES]
        lit = body_light(cells.values())
        values.append(light_word(lit, lang) if lit else "")
        r = matrix.append(values)
        if lit:
            cell = mx.cell(row=r, column=len(values))
            cell.fill = light_fills[lit]
            cell.font = text_font
        for j, c in enumerate(columns, start=3):
            f = cells.get(c.id)
            if f:
                cell = mx.cell(row=r, column=j)
                cell.fill = fills[f.status.value]
                cell.font = text_font
    body_rows = matrix.row
    matrix.append([])
    for s in STATUSES:  # totals per obligation, one row per status, below the bodies
        counted = [per_column[(c.id, s.value)] for c in columns]
        r = matrix.append([f"{word('total', lang)}: {s.label(lang)}", "", *counted, report.counts[s.value]])
        mx.cell(row=r, column=1).fill = fills[s.value]
        mx.cell(row=r, column=1).font = Font(bold=True, color=STATUS_TEXT.lstrip("#").upper())
    mx.freeze_panes = "C2"
    mx.column_dimensions["A"].width = 34
    mx.column_dimensions["B"].width = 16
    if report.profiles:
        mx.auto_filter.ref = f"A1:{get_column_letter(3 + len(columns) + len(STATUSES))}{body_rows}"
    _print_setup(mx, "1:1")
    mx.print_title_cols = "A:A"

    buffer = io.BytesIO()
    wb.save(buffer)
    return _deterministic(buffer.getvalue(), stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
