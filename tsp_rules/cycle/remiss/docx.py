"""The remiss draft as a Word document a Stockholm förvaltning files, written from the project's own template
(``template.docx``, made by ``tools/make_remiss_template.py``): A4, Swedish proofing, the förvaltning, the
document kind, dnr and date in the header of every page, "Sida X (Y)" in the footer, plain black headings,
numbered lists that restart for each list, and a table whose header row repeats and whose columns are wide
enough for their longest word. The note for the handläggare starts on a page of its own.

Deterministic: the core properties are fixed from the answer's date and the zip is rewritten with fixed entry
timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table
from docx.text.paragraph import Paragraph

from tsp_rules.cycle.remiss.blocks import Block, Draft
from tsp_rules.model.ruleset import Lang
from tsp_rules.renderers.common import xml_safe

ZIP_TIME = (2000, 1, 1, 0, 0, 0)
TEMPLATE = Path(__file__).resolve().parent / "template.docx"
TEXT_WIDTH = 9066
"""The text width of the template's page, in twips (A4 less two 2.5 cm margins)."""
CHAR = 100
"""A generous width of one character of the table's 9 pt Arial, in twips (bold included)."""
CELL_MARGINS = 160
LANGS = {"sv": "sv-SE", "en": "en-GB"}
PAGE = {"sv": "Sida", "en": "Page"}


def _restart_numbering(document: Document, paragraph: Paragraph) -> int:
    """A new numbering instance of the 'List Number' style starting at 1, applied to ``paragraph``; returns
    its id, for the list's other paragraphs."""
    numbering: Any = document.part.numbering_part.numbering_definitions._numbering
    style: Any = document.styles["List Number"]
    num_id = style.element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    new_id: int = num.numId
    _use_numbering(paragraph, new_id)
    return new_id


def _use_numbering(paragraph: Paragraph, num_id: int) -> None:
    p_pr: Any = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def _para(document: Document, text: str, lead: str = "", style: str | None = None) -> Paragraph:
    paragraph = document.add_paragraph(style=style)
    if lead:
        paragraph.add_run(xml_safe(lead)).bold = True
        if text:
            paragraph.add_run(" ")
    if text:
        paragraph.add_run(xml_safe(text))
    return paragraph


def _fill(paragraphs: list[Paragraph], values: dict[str, str]) -> None:
    """Replace the template's ``{name}`` placeholders (one run each) in the header and footer."""
    for paragraph in paragraphs:
        for run in paragraph.runs:
            for key, value in values.items():
                if f"{{{key}}}" in run.text:
                    run.text = run.text.replace(f"{{{key}}}", xml_safe(value))


def column_widths(rows: tuple[tuple[str, ...], ...], total: int = TEXT_WIDTH) -> list[int]:
    """Column widths in twips that add up to ``total``: each at least its longest word (so that no word is
    broken), the rest shared by the amount of text in each column."""
    columns = list(zip(*rows, strict=True))
    least = [max(len(word) for cell in col for word in (cell.split() or [""])) * CHAR + CELL_MARGINS
             for col in columns]
    spare = max(total - sum(least), 0)
    weight = [sum(len(cell) for cell in col) or 1 for col in columns]
    widths = [low + spare * w // sum(weight) for low, w in zip(least, weight, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def _table(document: Document, block: Block) -> None:
    rows = block.rows
    table: Table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.autofit = False
    tbl_pr: Any = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    widths = column_widths(rows)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Twips(width)
    for r, row in enumerate(rows):
        tr_pr: Any = table.rows[r]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:  # the header row repeats on every page
            tr_pr.append(OxmlElement("w:tblHeader"))
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Twips(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Table Text"]
            run = paragraph.add_run(xml_safe(value))
            run.bold = r == 0


def to_docx(draft: Draft, lang: Lang) -> bytes:
    document = docx.Document(str(TEMPLATE))
    defaults: Any = document.styles.element.find(qn("w:docDefaults"))
    for element in defaults.iter(qn("w:lang")):
        element.set(qn("w:val"), LANGS[lang])
        element.set(qn("w:eastAsia"), LANGS[lang])
    section = document.sections[0]
    header = dict(zip(("forvaltning", "doc", "dnr", "datum"), draft.header, strict=False))
    _fill(section.header.paragraphs, header)
    _fill(section.footer.paragraphs, {"page": PAGE[lang]})
    for i, block in enumerate(draft.blocks):
        if block.kind == "title":
            paragraph = document.add_heading(xml_safe(block.text), level=0)
        elif block.kind == "heading":
            paragraph = document.add_heading(xml_safe(block.text), level=min(block.level, 3))
        elif block.kind == "para":
            paragraph = _para(document, block.text, block.lead)
        elif block.kind == "note":
            paragraph = _para(document, block.text)
            for run in paragraph.runs:
                run.italic = True
        elif block.kind in ("bullets", "numbered"):
            if block.lead:
                _para(document, "", block.lead)
            style = "List Bullet" if block.kind == "bullets" else "List Number"
            num_id = 0
            for n, item in enumerate(block.items):
                paragraph = _para(document, item, style=style)
                if block.kind == "numbered":
                    if n == 0:
                        num_id = _restart_numbering(document, paragraph)
                    else:
                        _use_numbering(paragraph, num_id)
        else:
            _table(document, block)
            continue
        if i == draft.note_from:  # the note for the handläggare starts on a new page
            paragraph.paragraph_format.page_break_before = True
    stamp = dt.datetime(draft.datum.year, draft.datum.month, draft.datum.day)
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.title = xml_safe(draft.title)
    props.subject = "Tjänsteutlåtande" if lang == "sv" else "Officer's report"
    props.language = LANGS[lang]
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The zip rewritten with fixed entry timestamps and permissions (the same bytes for the same content)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


__all__ = ["column_widths", "to_docx"]
