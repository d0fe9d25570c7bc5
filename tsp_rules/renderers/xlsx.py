"""Excel (xlsx, with openpyxl): a findings sheet, one row per finding with an autofilter, and a matrix
sheet, bodies × obligations coloured by status. Binary: written with ``-o`` only.

Deterministic: the workbook's created and modified properties are the check date, and the zip entries
carry a fixed timestamp, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tsp_rules.findings import STATUSES, Report
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers.common import STATUS_COLOURS, kind_label, obligation_columns, word, xml_safe
from tsp_rules.ruleset import Lang, Text

SHEETS: dict[str, Text] = {
    "findings": Text("Resultat", "Findings"),
    "matrix": Text("Matris", "Matrix"),
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
WIDTHS = {"explanation": 80, "title": 40, "profile_name": 30, "citation_document": 40}


def _fill(status: str) -> PatternFill:
    colour = STATUS_COLOURS[status].lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _append(ws: Worksheet, values: list[str | int]) -> None:
    """Append a row of plain values: text is never a formula (a leading '=' stays text) and never carries
    characters a workbook cannot hold."""
    ws.append([xml_safe(v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _deterministic(data: bytes, stamp: str) -> bytes:
    """Rewrite the zip with fixed entry timestamps and the core properties' dates set to ``stamp``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
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
    _append(ws, list(csv_renderer.FIELDS))
    status_col = csv_renderer.FIELDS.index("status_label") + 1
    for row in csv_renderer.rows(report, lang):
        _append(ws, list(row))
        status = row[csv_renderer.FIELDS.index("status")]
        ws.cell(row=ws.max_row, column=status_col).fill = _fill(status)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    last = get_column_letter(len(csv_renderer.FIELDS))
    ws.auto_filter.ref = f"A1:{last}{ws.max_row}"
    ws.freeze_panes = "A2"
    for i, name in enumerate(csv_renderer.FIELDS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 16)

    mx = wb.create_sheet(SHEETS["matrix"].get(lang))
    columns = obligation_columns(report)
    _append(mx, [word("body", lang), word("kind", lang), *(c.id for c in columns),
                 *(s.label(lang) for s in STATUSES)])
    for cell in mx[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(text_rotation=90, vertical="bottom")
    mx.cell(row=1, column=1).alignment = Alignment(vertical="bottom")
    mx.cell(row=1, column=2).alignment = Alignment(vertical="bottom")
    cells = {(f.profile, f.obligation): f for f in report.findings}
    for p in report.profiles:
        found = {s.value: 0 for s in STATUSES}
        values: list[str | int] = [p.name, kind_label(p.kind, lang)]
        for c in columns:
            f = cells.get((p.id, c.id))
            values.append(f.status.label(lang) if f else "")
            if f:
                found[f.status.value] += 1
        values += [found[s.value] for s in STATUSES]
        _append(mx, values)
        for j, c in enumerate(columns, start=3):
            f = cells.get((p.id, c.id))
            if f:
                mx.cell(row=mx.max_row, column=j).fill = _fill(f.status.value)
    body_rows = mx.max_row
    _append(mx, [])
    for s in STATUSES:  # totals per obligation, one row per status, below the bodies
        counted = [sum(1 for p in report.profiles if (f := cells.get((p.id, c.id))) and f.status is s)
                   for c in columns]
        _append(mx, [f"{word('total', lang)}: {s.label(lang)}", "", *counted, report.counts[s.value]])
        mx.cell(row=mx.max_row, column=1).fill = _fill(s.value)
        mx.cell(row=mx.max_row, column=1).font = Font(bold=True, color="FFFFFF")
    mx.freeze_panes = "C2"
    mx.column_dimensions["A"].width = 34
    mx.column_dimensions["B"].width = 16
    if report.profiles:
        mx.auto_filter.ref = f"A1:{get_column_letter(2 + len(columns) + len(STATUSES))}{body_rows}"

    buffer = io.BytesIO()
    wb.save(buffer)
    return _deterministic(buffer.getvalue(), stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
