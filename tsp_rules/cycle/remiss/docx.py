"""The remiss draft as a Word document (python-docx): the same blocks as the Markdown, with Word's own
headings, numbered lists that restart for each list, bulleted lists and a table of the obligations.

Deterministic: the core properties (author, dates, revision) are fixed from the answer's date, and the zip
is rewritten with fixed entry timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import docx
from docx.document import Document
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from tsp_rules.cycle.remiss.blocks import Draft
from tsp_rules.model.ruleset import Lang
from tsp_rules.renderers.common import xml_safe

ZIP_TIME = (2000, 1, 1, 0, 0, 0)


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


def to_docx(draft: Draft, lang: Lang) -> bytes:
    document = docx.Document()
    normal: Any = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for block in draft.blocks:
        if block.kind == "title":
            document.add_heading(xml_safe(block.text), level=0)
        elif block.kind == "heading":
            document.add_heading(xml_safe(block.text), level=block.level)
        elif block.kind == "para":
            _para(document, block.text, block.lead)
        elif block.kind == "note":
            paragraph = _para(document, block.text)
            for run in paragraph.runs:
                run.italic = True
        elif block.kind == "bullets":
            if block.lead:
                _para(document, "", block.lead)
            for item in block.items:
                _para(document, item, style="List Bullet")
        elif block.kind == "numbered":
            if block.lead:
                _para(document, "", block.lead)
            num_id = 0
            for i, item in enumerate(block.items):
                paragraph = _para(document, item, style="List Number")
                if i == 0:
                    num_id = _restart_numbering(document, paragraph)
                else:
                    _use_numbering(paragraph, num_id)
        elif block.kind == "table":
            head, *body = block.rows
            table = document.add_table(rows=1 + len(body), cols=len(head))
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(xml_safe(value))
                    run.bold = r == 0
    stamp = dt.datetime(draft.datum.year, draft.datum.month, draft.datum.day)
    props = document.core_properties
    props.author = "tsp-check"
    props.last_modified_by = "tsp-check"
    props.title = xml_safe(draft.title)
    props.subject = "Tjänsteutlåtande" if lang == "sv" else "Officer's report"
    props.language = "sv-SE" if lang == "sv" else "en-GB"
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


__all__ = ["to_docx"]
