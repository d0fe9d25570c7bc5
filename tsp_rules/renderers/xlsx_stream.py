"""The Excel workbook of many profiles written without holding the report (``tsp-check check --format xlsx``):
byte for byte the workbook :func:`tsp_rules.renderers.xlsx.render` makes from the whole report.

Each profile's rows (of the findings sheet, one per finding, and of the matrix) are worked out as its result
comes and spooled to a temporary file as JSON; its id and its rows' offsets in the spool are put in id order
on disk (:class:`~tsp_rules.documents.keysort.SortedRecords`), and in memory stay only running totals (counts
per obligation and status, the columns seen, the widest name). At the end the workbook is built by the same
steps as the whole-report renderer, the rows read back in profile-id order, and the two large sheets are
written to their XML a few hundred rows at a time by openpyxl's own worksheet writer (so every cell, style
and attribute is serialised as in a workbook built whole); openpyxl's write-only mode is not used, because
it writes no ``<dimension>`` and would style the findings sheet's header before its rows (the whole-report
renderer styles it after them), so its bytes would differ (see ``docs/performance.md``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs
from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from tsp_rules.checking.check import ProfileResult
from tsp_rules.checking.findings import STATUSES, Report, Status, exit_code_for, replaced_count
from tsp_rules.documents.keysort import SortedRecords
from tsp_rules.model.ruleset import Lang
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers import xlsx
from tsp_rules.renderers.common import (
    LIGHT_COLOURS,
    STATUS_TEXT,
    Column,
    area_rank,
    body_light,
    kind_label,
    ordered,
    replaced_obligations,
    word,
)

CHUNK_ROWS = 500
"""Rows of a sheet held as openpyxl cells before they are written out."""
_DIMENSION = "A1:A1"
"""What the sheet's ``<dimension>`` says when its top is written (before its rows): put right afterwards."""
_DIMENSION_TAG = b'<dimension ref="A1:A1"/>'


class _Chunked(xlsx._Sheet):
    """A worksheet whose rows are written to its XML file every :data:`CHUNK_ROWS` rows, by openpyxl's
    :class:`WorksheetWriter` (what precedes the rows in the XML: column widths, frozen panes, print set-up,
    must be set before the first rows are written; what follows them, before :meth:`finish`)."""

    def __init__(self, ws: Worksheet, before_first: Callable[[], None] | None = None) -> None:
        super().__init__(ws)
        self.writer: WorksheetWriter | None = None
        self._xf: Any = None
        self._data: Any = None
        self._bounds: list[int] = []  # min row, min column, max row, max column
        self._before_first = before_first
        setattr(ws, "calculate_dimension", lambda: _DIMENSION)  # noqa: B010 - the rows are not all there

    def append(self, values: Sequence[str | int]) -> int:
        if self.row % CHUNK_ROWS == 0 and self.ws._cells and self.row > 1:
            self.flush()
        return super().append(values)

    def flush(self) -> None:
        ws = self.ws
        if self._before_first is not None:
            self._before_first()
            self._before_first = None
        if self.writer is None:
            self.writer = WorksheetWriter(ws)
            self.writer.write_top()
            self._xf = self.writer.xf.send(True)
            self._data = self._xf.element("sheetData")
            self._data.__enter__()
        if ws._cells:
            rows = [r for r, _ in ws._cells]
            cols = [c for _, c in ws._cells]
            found = [min(rows), min(cols), max(rows), max(cols)]
            self._bounds = found if not self._bounds else [
                min(self._bounds[0], found[0]), min(self._bounds[1], found[1]),
                max(self._bounds[2], found[2]), max(self._bounds[3], found[3])]
        for row_idx, row in self.writer.rows():
            self.writer.write_row(self._xf, row, row_idx)
        ws._cells.clear()
        ws.row_dimensions.clear()

    def finish(self) -> str:
        """Write the last rows and the sheet's tail; returns its dimension (as ``calculate_dimension``)."""
        self.flush()
        assert self.writer is not None
        self._data.__exit__(None, None, None)
        self.writer.xf.send(None)
        self.writer.write_tail()
        self.writer.close()
        if not self._bounds:
            return _DIMENSION
        r0, c0, r1, c1 = self._bounds
        return f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"


class _Writer(ExcelWriter):
    """openpyxl's workbook writer, taking the sheets already written from their files (what it does with a
    sheet it writes itself, in :meth:`ExcelWriter.write_worksheet`, but the writing)."""

    def __init__(self, workbook: Workbook, archive: zipfile.ZipFile, written: dict[str, WorksheetWriter]) -> None:
        super().__init__(workbook, archive)
        self._written = written

    def write_worksheet(self, ws: Worksheet) -> None:
        writer: Any = self._written.get(ws.title)
        if writer is None:
            super().write_worksheet(ws)
            return
        sheet: Any = ws  # openpyxl's private attributes, as its own writer sets them
        sheet._drawing = SpreadsheetDrawing()
        sheet._drawing.charts = sheet._charts
        sheet._drawing.images = sheet._images
        sheet._rels = writer._rels
        me: Any = self
        me._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


_ROW_END = b"</row>"


def _normal_sheet(source: IO[bytes], dimension: str | None) -> Iterator[bytes]:
    """A worksheet's XML in the form :func:`tsp_rules.renderers.xlsx._normal_xml` gives it, piece by piece
    (each piece ends after a row: the three things it changes never span one), with its ``<dimension>``
    put right."""
    rest = b""
    first = True
    while True:
        block = source.read(1 << 20)
        data = rest + block
        cut = data.rfind(_ROW_END) + len(_ROW_END) if block else len(data)
        if block and cut < len(_ROW_END):
            rest = data
            continue
        piece, rest = data[:cut], data[cut:]
        if first and dimension is not None:
            piece = piece.replace(_DIMENSION_TAG, f'<dimension ref="{dimension}"/>'.encode(), 1)
        first = False
        if piece:
            yield xlsx._normal_xml("xl/worksheets/sheet.xml", piece)
        if not block:
            return


def _deterministic(source: Path, out: IO[bytes], stamp: str, dimensions: dict[str, str]) -> None:
    """:func:`tsp_rules.renderers.xlsx._deterministic`, entry by entry, the worksheets in pieces."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=xlsx.ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            if info.filename.startswith("xl/worksheets/"):
                with zin.open(info) as raw, target.open(entry, "w",
                                                        force_zip64=info.file_size * 1.05 > zipfile.ZIP64_LIMIT
                                                        ) as dest:
                    for piece in _normal_sheet(raw, dimensions.get(info.filename)):
                        dest.write(piece)
                continue
            payload = xlsx._normal_xml(info.filename, zin.read(info.filename))
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{stamp}\g<2>", text)
                payload = text.encode("utf-8")
            target.writestr(entry, payload)


class XlsxWriter:
    """Collects profile results (in any order) and writes the workbook in profile-id order."""

    def __init__(self, base: Report, lang: Lang) -> None:
        """``base``: the report of the check with no profiles (its rulesets, date, engine and coverage)."""
        self.base, self.lang = base, lang
        self._spool: IO[bytes] = tempfile.TemporaryFile(prefix="tsp-check-")  # noqa: SIM115 - closed by close()
        self._end = 0
        self._nsec = len(base.parts()) + 1  # the findings rows of each ruleset, the matrix row
        # per profile, sorted on disk by id: its id, where each section of its rows starts, and where they end
        self._places = SortedRecords("s" + "i" * (self._nsec + 1))
        self._rank = {info.id: i for i, info in enumerate(base.ruleset_infos)}
        self.counts = {s.value: 0 for s in STATUSES}
        self.replaced = 0
        self.per_column: Counter[tuple[str, str]] = Counter()
        self.columns: dict[str, Column] = {}
        self.profiles = 0
        self.rows = 0  # findings rows so far (one each)
        self.illustrative = False
        self.name_width = 24
        self.kind_width = 16

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._spool.close()
        self._places.close()

    def exit_code(self, fail_on: str = "not_assessed") -> int:
        return exit_code_for(self.counts, fail_on)

    def add(self, result: ProfileResult) -> None:
        if not result.checked:
            return
        base, lang, info = self.base, self.lang, result.info
        rank = self._rank
        findings = tuple(sorted(result.findings, key=lambda f: (rank.get(f.ruleset, 0), f.profile, f.obligation)))
        self.rows += len(findings)
        xlsx.check_row_limit(self.rows)  # as soon as the sheet would overflow, before more work
        one = attrs.evolve(base, profiles=(info,), findings=findings)
        sections = []
        for part in one.parts():
            ordered_findings = [f for f in ordered(part.for_profile(info.id), part)]
            rows = csv_renderer.people_rows(part, lang)
            sections.append([[row, f.status.value, f.light]
                             for f, row in zip(ordered_findings, rows, strict=True)])
        cells = {f.obligation: f for f in one.for_profile(info.id)}
        lit = body_light(cells.values())
        matrix = [info.name + (" *" if info.illustrative else ""), kind_label(info.kind, lang),
                  {k: f.status.value for k, f in cells.items()}, lit]
        chunks = [json.dumps(s, ensure_ascii=False).encode("utf-8") for s in [*sections, matrix]]
        offset = self._end
        self._spool.seek(offset)
        self._spool.write(b"".join(chunks))
        places = [offset]
        for chunk in chunks:
            offset += len(chunk)
            places.append(offset)
        self._places.add((info.id, *places))
        self._end = offset
        for f in findings:
            self.counts[f.status.value] += 1
            self.per_column[(f.obligation, f.status.value)] += 1
            if f.obligation not in self.columns:
                self.columns[f.obligation] = Column(f.obligation, f.focus_area, f.title, f.ruleset)
        self.replaced += replaced_count(findings)
        self.profiles += 1
        self.illustrative = self.illustrative or info.illustrative
        self.name_width = max(self.name_width, len(info.name) + 4)
        self.kind_width = max(self.kind_width, len(kind_label(info.kind, lang)) + 2)

    def _section(self, section: int) -> Iterator[Any]:
        """The rows of one section of every profile, in profile-id order."""
        for record in self._places.sorted():
            start, end = record[1 + section], record[2 + section]
            assert isinstance(start, int) and isinstance(end, int)
            self._spool.seek(start)
            yield json.loads(self._spool.read(end - start).decode("utf-8"))

    def _matrix_columns(self) -> tuple[Column, ...]:
        """The columns :func:`~tsp_rules.renderers.common.obligation_columns` gives the whole report."""
        base = self.base
        rules = base.all_rules or ((base.rules,) if base.rules is not None else ())
        index = {ob.id: ob.index for rs in rules for ob in rs.obligations}
        rank = self._rank if base.multi else {}
        return tuple(sorted(self.columns.values(), key=lambda c: (rank.get(c.ruleset, 0), area_rank(c.focus_area),
                                                                  index.get(c.id, 10**6), c.id)))

    def write(self, out: IO[bytes]) -> None:
        """Write the workbook to ``out`` (a binary file that can seek)."""
        base, lang = self.base, self.lang
        wb = Workbook()
        stamp = dt.datetime.combine(base.as_of, dt.time())
        wb.properties.creator = "tsp-check"
        wb.properties.created = stamp
        wb.properties.modified = stamp
        wb.properties.title = xlsx.subject_title(base, lang)
        wb.properties.language = "sv-SE" if lang == "sv" else "en-GB"
        ws = wb.active
        assert ws is not None
        ws.title = xlsx.SHEETS["findings"].get(lang)
        fills = {s.value: xlsx._fill(s.value) for s in STATUSES}
        text_font = Font(color=STATUS_TEXT.lstrip("#").upper())
        dimensions: dict[str, str] = {}
        written: dict[str, WorksheetWriter] = {}
        first = self._findings_sheet(ws, fills, text_font)
        dimensions[f"xl/worksheets/sheet{1}.xml"] = first.finish()
        assert first.writer is not None
        written[ws.title] = first.writer
        light_fills = {k: xlsx._colour_fill(v) for k, v in LIGHT_COLOURS.items()}
        mx = wb.create_sheet(xlsx.SHEETS["matrix"].get(lang))
        second = self._matrix_sheet(mx, fills, light_fills, text_font)
        dimensions[f"xl/worksheets/sheet{2}.xml"] = second.finish()
        assert second.writer is not None
        written[mx.title] = second.writer
        if any(c.stated for c in base.coverage):
            xlsx._coverage_sheet(wb.create_sheet(xlsx.SHEETS["coverage"].get(lang)), base, lang)
        with tempfile.TemporaryDirectory(prefix="tsp-check-") as folder:
            packed = Path(folder) / "workbook.xlsx"
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                _Writer(wb, archive, written).write_data()
            _deterministic(packed, out, stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), dimensions)

    def _findings_sheet(self, ws: Worksheet, fills: dict[str, Any], text_font: Font) -> _Chunked:
        """:func:`tsp_rules.renderers.xlsx._findings_sheet`, the rows from the spool."""
        lang = self.lang
        names = [name for name, _ in csv_renderer.PEOPLE]
        wrap = Alignment(wrap_text=True, vertical="top")
        top = Alignment(vertical="top")

        def header() -> None:  # styled after the first rows, as the whole-report renderer styles it after all
            for cell in ws[1]:
                cell.font = Font(bold=True)
                cell.alignment = wrap

        sheet = _Chunked(ws, before_first=header)
        sheet.append(csv_renderer.people_header(self.base, lang))
        status_col = names.index("status_label") + 1
        widths = [xlsx.PEOPLE_WIDTHS.get(name, 16) for name in names]
        wrapped = [i for i, w in enumerate(widths) if w >= xlsx.WRAPPED]
        light_col = names.index("light_label") + 1
        light_fills = {k: xlsx._colour_fill(v) for k, v in LIGHT_COLOURS.items()}
        for i, name in enumerate(names, start=1):
            ws.column_dimensions[get_column_letter(i)].width = xlsx.PEOPLE_WIDTHS.get(name, 16)
        ws.freeze_panes = "C2"
        xlsx._print_setup(ws, "1:1")
        for section in range(self._nsec - 1):
            for rows in self._section(section):
                for row, status, light in rows:
                    r = sheet.append(row)
                    if light:
                        ws.cell(row=r, column=light_col).fill = light_fills[light]
                        ws.cell(row=r, column=light_col).font = text_font
                    lines = max([1, *(math.ceil(len(row[i]) / (widths[i] * 0.95)) for i in wrapped if i < len(row))])
                    if lines > 1:
                        ws.row_dimensions[r].height = xlsx.LINE_POINTS * min(lines, 30)
                    for i in range(1, len(row) + 1):
                        ws.cell(row=r, column=i).alignment = wrap if i - 1 in wrapped else top
                    cell = ws.cell(row=r, column=status_col)
                    cell.fill = fills[status]
                    cell.font = text_font
        last = get_column_letter(len(names))
        ws.auto_filter.ref = f"A1:{last}{sheet.row}"
        ws.print_area = f"A1:{get_column_letter(xlsx.PRINTED)}{max(sheet.row, 1)}"
        return sheet

    def _matrix_sheet(self, mx: Worksheet, fills: dict[str, Any], light_fills: dict[str, Any],
                      text_font: Font) -> _Chunked:
        """The matrix sheet of :func:`tsp_rules.renderers.xlsx.render`, the rows from the spool."""
        lang = self.lang
        columns = self._matrix_columns()
        matrix = _Chunked(mx)
        xlsx.matrix_header(mx, matrix, columns, lang)
        mx.freeze_panes = "C2"
        mx.column_dimensions["A"].width = min(50, self.name_width)
        mx.column_dimensions["B"].width = self.kind_width
        for j in range(3, 3 + len(columns)):
            mx.column_dimensions[get_column_letter(j)].width = 4.5
        for j in range(3 + len(columns), 3 + len(columns) + len(STATUSES)):
            mx.column_dimensions[get_column_letter(j)].width = 6
        mx.column_dimensions[get_column_letter(3 + len(columns) + len(STATUSES))].width = 9
        xlsx._print_setup(mx, "1:1")
        mx.print_title_cols = "A:A"
        centre = Alignment(horizontal="center", vertical="center")
        for name, kind, statuses, lit in self._section(self._nsec - 1):
            xlsx.matrix_row(mx, matrix, name, kind, statuses, lit, columns, lang,
                            (fills, light_fills, text_font, centre))
        body_rows = matrix.row
        matrix.append([])
        for s in STATUSES:
            counted = [self.per_column[(c.id, s.value)] for c in columns]
            r = matrix.append([f"{word('total', lang)}: {s.label(lang)}", "", *counted, self.counts[s.value]])
            mx.cell(row=r, column=1).fill = fills[s.value]
            mx.cell(row=r, column=1).font = Font(bold=True, color=STATUS_TEXT.lstrip("#").upper())
        replaced = replaced_obligations(self.base)
        if replaced:
            counted = [self.per_column[(c.id, Status.NOT_APPLICABLE.value)] if c.id in replaced else 0
                       for c in columns]
            matrix.append([f"{word('total', lang)}: {xlsx.REPLACED.get(lang)}", "", *counted, self.replaced])
        xlsx._matrix_key(mx, matrix, self.illustrative, columns, lang, fills, text_font)
        if self.profiles:
            mx.auto_filter.ref = f"A1:{get_column_letter(3 + len(columns) + len(STATUSES))}{body_rows}"
        return matrix


__all__ = ["XlsxWriter"]
