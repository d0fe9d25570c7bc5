"""Bounds for reading a workbook (``tsp-check import``): checked before openpyxl parses anything.

* the archive: at most :data:`MAX_MEMBERS` members unpacking to at most :data:`MAX_UNPACKED` bytes (the sizes
  the zip directory declares bound what is read: a zip bomb is refused, not unpacked);
* the sheets the import reads: a value beyond row :data:`MAX_ROWS` or column :data:`MAX_COLUMNS` is reported at
  its cell. The sheets are then read in openpyxl's read-only mode within those limits, so one far cell
  (``XFD1048576``) never makes a grid of a million rows.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

from tsp_rules.cycle.questionnaire.layout import CellProblem, column_letter
from tsp_rules.errors import InputError, message

MAX_MEMBERS = 1_000
MAX_UNPACKED = 100_000_000
MAX_ROWS = 10_000
"""Rows read per sheet: far more than a body's evidence, decisions or traits."""
MAX_COLUMNS = 64
"""Columns read per sheet (the widest sheet has about a dozen)."""

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(r"([A-Z]{1,3})(\d{1,7})")


def _column(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def check_archive(path: Path, file: str) -> None:
    """InputError when ``path`` is not a zip archive or would unpack to more than the limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError([CellProblem(file, 0, 0, message("q_not_xlsx", detail=str(exc)))]) from None
    size = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS:
        raise InputError([CellProblem(file, 0, 0, message("q_too_many_parts", members=len(members),
                                                          most=MAX_MEMBERS))])
    if size > MAX_UNPACKED:
        raise InputError([CellProblem(file, 0, 0, message("q_unpacked_too_large", size=size, limit=MAX_UNPACKED))])


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → its part in the archive (from the workbook and its relationships)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = part
    return parts


def far_cells(path: Path, file: str, sheets: Iterable[str]) -> list[CellProblem]:
    """A problem for the first value beyond the limits in each of ``sheets`` (by title) that exists; the
    sheet's XML is streamed, never held whole."""
    problems: list[CellProblem] = []
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            for title in sheets:
                part = parts.get(title)
                if part is None or part not in archive.namelist():
                    continue
                with archive.open(part) as stream:
                    for _, elem in ElementTree.iterparse(stream):
                        if elem.tag != f"{_MAIN}c":
                            if elem.tag == f"{_MAIN}row":
                                elem.clear()
                            continue
                        match = _CELL.fullmatch(elem.get("r", ""))
                        has_value = any((child.text or "").strip() or len(child) for child in elem)
                        if match and has_value and (int(match[2]) > MAX_ROWS or _column(match[1]) > MAX_COLUMNS):
                            problems.append(CellProblem(file, 0, 0, message(
                                "q_far_cell", rows=MAX_ROWS, columns=column_letter(MAX_COLUMNS)),
                                sheet=title, cell=match[0]))
                            break
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError([CellProblem(file, 0, 0, message("q_not_xlsx", detail=str(exc)))]) from None
    return problems
