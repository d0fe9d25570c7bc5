"""A draft internkontrollplan (``tsp-check internkontrollplan``): for one body or many, an Excel workbook
and a Word appendix with the columns municipal plans use — process or area, kontrollmoment, risk
(sannolikhet and konsekvens, left for people to score: the tool never sets a risk value), kontrollmetod,
kontrollansvarig and tidpunkt — one row per gap or not-assessed finding, and one per open action on it,
with the obligation's source. Its heading says it is a draft to be adopted by the nämnd.

Where the columns come from: issue 26, which names the columns municipal plans use (the research behind it
attributes them to Uppsala's miljö- och hälsoskyddsnämnd's plan; unverified, see ``docs/sources.md``). What fills
them is derived: the kontrollmoment is the obligation's requirement, the kontrollmetod a review of the
evidence it asks for, the kontrollansvarig and the tidpunkt the action's responsible and target date (empty
without an action, for people to fill in).

Deterministic: fixed document properties and zip timestamps, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import attrs

from tsp_rules.checking.findings import ActionState, Finding, ProfileInfo, Report, Status
from tsp_rules.model import i18n
from tsp_rules.model.ruleset import Lang, Ruleset, Text, organ
from tsp_rules.renderers.common import action_parts, area_label, citation_text, xml_safe
from tsp_rules.renderers.xlsx import _deterministic as deterministic_zip  # fixed zip times, one XML form

TEXT: dict[str, Text] = {
    "title": Text("Utkast till internkontrollplan: {name}", "Draft internal control plan: {name}"),
    "title_many": Text("Utkast till internkontrollplan: {n} nämnder och bolag",
                       "Draft internal control plan: {n} committees and companies"),
    "draft": Text(
        "UTKAST – att fastställas av nämnden. Framtaget med tsp-check per {as_of} ur {rulesets}. Raderna är "
        "brister och skyldigheter som inte kunnat bedömas, med beslutade åtgärder. Sannolikhet och konsekvens "
        "(1–4) bedöms av verksamheten; verktyget sätter inga riskvärden.",
        "DRAFT – to be adopted by the committee. Made with tsp-check as of {as_of} from {rulesets}. The rows are "
        "gaps and obligations that could not be assessed, with the actions decided. Likelihood and consequence "
        "(1–4) are scored by the organisation; the tool sets no risk values."),
    "sheet": Text("Internkontrollplan", "Internal control plan"),
    "body": Text("Nämnd eller bolag", "Committee or company"),
    "area": Text("Process eller område", "Process or area"),
    "obligation": Text("Skyldighet", "Obligation"),
    "finding": Text("Resultat vid kontrollen", "Finding at the check"),
    "moment": Text("Kontrollmoment", "Control activity"),
    "likelihood": Text("Sannolikhet (1–4)", "Likelihood (1–4)"),
    "consequence": Text("Konsekvens (1–4)", "Consequence (1–4)"),
    "risk": Text("Riskvärde", "Risk value"),
    "method": Text("Kontrollmetod", "Control method"),
    "responsible": Text("Kontrollansvarig", "Responsible"),
    "when": Text("Tidpunkt", "When"),
    "action": Text("Åtgärd", "Action"),
    "source": Text("Källa", "Source"),
    "method_text": Text("Granskning av underlaget: {kinds}", "Review of the evidence: {kinds}"),
    "score_prompt": Text("Bedöms av verksamheten: 1 (låg) till 4 (hög)", "Scored by the organisation: 1 (low) "
                         "to 4 (high)"),
    "none": Text("Inga brister och inget som inte kunnat bedömas.", "No gaps and nothing that could not be assessed."),
    "appendix": Text("Bilaga", "Appendix"),
}


def _t(key: str, lang: Lang) -> str:
    return TEXT[key].get(lang)


@attrs.frozen
class Row:
    """One row of the plan: a gap or not-assessed finding, with one of its open actions (or none)."""

    body: ProfileInfo
    finding: Finding
    moment: str
    method: str
    action: ActionState | None

    def cells(self, lang: Lang) -> list[str]:
        f, a = self.finding, self.action
        who = when = what = ""
        if a is not None:
            who = a.action.responsible + (f" ({a.action.responsible_name})" if a.action.responsible_name else "")
            when = a.action.target_date.isoformat()
            what = f"{a.action.description} ({', '.join(action_parts(a, lang)[2:])})"
        return [self.body.name, area_label(f.focus_area, lang), f"{f.obligation} – {f.title.get(lang)}",
                f.status.label(lang), self.moment, "", "", "", self.method, who, when, what,
                citation_text(f.citation, lang, brief=False)]


HEADERS = ("body", "area", "obligation", "finding", "moment", "likelihood", "consequence", "risk", "method",
           "responsible", "when", "action", "source")
WIDTHS = (24, 20, 34, 12, 44, 11, 11, 9, 36, 22, 12, 36, 40)


def _moment_and_method(rules: Ruleset | None, f: Finding, kind: str, lang: Lang) -> tuple[str, str]:
    """The kontrollmoment (the requirement, as the ruleset words it) and the kontrollmetod (a review of the
    evidence it asks for, with its recency)."""
    if rules is None or f.obligation not in rules.obligation_ids:
        return "", ""
    ob = rules.obligation(f.obligation)
    req = ob.requirement if f.tailoring is None else next(g for g in rules.grounds if g.id == f.tailoring
                                                          ).tailored[ob.id]
    kinds = []
    for item in req.items:
        for option in item.options:
            titles = " / ".join(rules.evidence_kinds[k].title.get(lang) for k in option.kinds)
            kinds.append(f"{titles} ({i18n.cadence_label(option.cadence.kind, option.cadence.months, lang)})")
    moment = organ(req.description, kind).get(lang)
    return moment, _t("method_text", lang).format(kinds="; ".join(kinds)) if kinds else ""


def plan_rows(report: Report, lang: Lang) -> list[Row]:
    """The plan's rows: per body (in id order), its gaps and unassessed obligations in ruleset order, each
    once per open action (or once, without an action)."""
    rows: list[Row] = []
    for part in report.parts():
        order = {ob.id: ob.index for ob in part.rules.obligations} if part.rules is not None else {}
        for info in part.profiles:
            chosen = [f for f in part.for_profile(info.id) if f.status in (Status.GAP, Status.NOT_ASSESSED)]
            for f in sorted(chosen, key=lambda f: (order.get(f.obligation, 10**6), f.obligation)):
                rules = part.rules.on(report.as_of) if part.rules is not None else None  # the day's requirements
                moment, method = _moment_and_method(rules, f, info.kind, lang)
                open_actions = [a for a in f.actions if a.action.status != "done"]
                rows += [Row(info, f, moment, method, a) for a in open_actions] or [Row(info, f, moment, method,
                                                                                           None)]
    return rows


def _title(report: Report, lang: Lang) -> str:
    if len(report.profiles) == 1:
        return _t("title", lang).format(name=report.profiles[0].name)
    return _t("title_many", lang).format(n=len(report.profiles))


def _draft_note(report: Report, lang: Lang) -> str:
    names = i18n.join_words([f"{r.id} {r.version}" for r in report.ruleset_infos], lang)
    return _t("draft", lang).format(as_of=report.as_of.isoformat(), rulesets=names)


# ---------------------------------------------------------------------------------------------- Excel


def to_xlsx(report: Report, lang: Lang = "sv") -> bytes:
    """The plan as an Excel workbook: a title, the draft note, and a table with an autofilter; sannolikhet
    and konsekvens have dropdowns (1–4) and are empty; the risk value is their product once both are set."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    stamp = dt.datetime.combine(report.as_of, dt.time())
    wb.properties.creator = "tsp-check"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = _title(report, lang)
    ws = wb.active
    assert ws is not None
    ws.title = _t("sheet", lang)
    ws.cell(row=1, column=1, value=xml_safe(_title(report, lang))).font = Font(bold=True, size=14)
    note = ws.cell(row=2, column=1, value=xml_safe(_draft_note(report, lang)))
    note.font = Font(bold=True, color="9C0006")
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws.row_dimensions[2].height = 45
    head = 4
    ws.row_dimensions[head].height = 28
    for col, key in enumerate(HEADERS, start=1):
        cell = ws.cell(row=head, column=col, value=_t(key, lang))
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[col - 1]
    rows = plan_rows(report, lang)
    likely, conseq, risk = (HEADERS.index(k) + 1 for k in ("likelihood", "consequence", "risk"))
    for r, row in enumerate(rows, start=head + 1):
        values = row.cells(lang)
        # wrapped text does not grow the row when the file is opened elsewhere than Excel: set its height
        lines = max(-(-len(v) // max(1, int(WIDTHS[i] * 1.1))) for i, v in enumerate(values) if v) if any(values) else 1
        ws.row_dimensions[r].height = 13 * max(1, lines)
        for col, value in enumerate(values, start=1):
            if value:
                cell = ws.cell(row=r, column=col, value=xml_safe(value))
                cell.data_type = "s"
            ws.cell(row=r, column=col).alignment = Alignment(wrap_text=True, vertical="top")
        a, b = get_column_letter(likely), get_column_letter(conseq)
        ws.cell(row=r, column=risk, value=f'=IF(AND(ISNUMBER({a}{r}),ISNUMBER({b}{r})),{a}{r}*{b}{r},"")')
    if rows:
        last = head + len(rows)
        dv = DataValidation(type="whole", operator="between", formula1="1", formula2="4", allow_blank=True)
        dv.prompt = _t("score_prompt", lang)
        dv.showInputMessage = True
        dv.showErrorMessage = True
        dv.add(f"{get_column_letter(likely)}{head + 1}:{get_column_letter(conseq)}{last}")
        ws.add_data_validation(dv)
        ws.auto_filter.ref = f"A{head}:{get_column_letter(len(HEADERS))}{last}"
    else:
        ws.cell(row=head + 1, column=1, value=_t("none", lang))
    ws.freeze_panes = f"A{head + 1}"
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return deterministic_zip(buffer.getvalue(), stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))


# ----------------------------------------------------------------------------------------------- Word


WORD_COLUMNS = ("area", "obligation", "moment", "likelihood", "consequence", "method", "responsible", "when",
                "action")
WORD_WIDTHS_MM = (26, 34, 41, 20, 20, 37, 30, 20, 39)  # 267 mm: A4 landscape within 15 mm margins


def to_docx(report: Report, lang: Lang = "sv") -> bytes:
    """The plan as a Word appendix in the remiss answer's house style (Arial 11, Word's own headings), A4
    landscape: a heading, the draft note, and per body a table; the source of each row below the table."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = docx.Document()
    normal: Any = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    document.add_heading(xml_safe(f"{_t('appendix', lang)}: {_title(report, lang)}"), level=0)
    note = document.add_paragraph()
    note.add_run(xml_safe(_draft_note(report, lang))).bold = True
    rows = plan_rows(report, lang)
    if not rows:
        document.add_paragraph(_t("none", lang))
    by_body: dict[str, list[Row]] = {}
    for row in rows:
        by_body.setdefault(row.body.id, []).append(row)
    index = [HEADERS.index(k) for k in WORD_COLUMNS]
    for mine in by_body.values():
        if len(by_body) > 1 or len(report.profiles) > 1:
            document.add_heading(xml_safe(mine[0].body.name), level=1)
        table = document.add_table(rows=1, cols=len(WORD_COLUMNS))
        table.style = "Table Grid"
        for cell, key in zip(table.rows[0].cells, WORD_COLUMNS, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(_t(key, lang)).bold = True
        for row in mine:
            values = row.cells(lang)
            cells = table.add_row().cells
            for cell, i in zip(cells, index, strict=True):
                cell.text = xml_safe(values[i])
        table.autofit = False
        for column, width in zip(table.columns, WORD_WIDTHS_MM, strict=True):
            column.width = Mm(width)
        for tr in table.rows:
            for cell, width in zip(tr.cells, WORD_WIDTHS_MM, strict=True):
                cell.width = Mm(width)
            for cell in tr.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
        sources = document.add_paragraph()
        sources.add_run(_t("source", lang) + ": ").bold = True
        seen: list[str] = []
        for row in mine:
            text = f"{row.finding.obligation}: {citation_text(row.finding.citation, lang, brief=False)}"
            if text not in seen:
                seen.append(text)
        sources.add_run(xml_safe("; ".join(seen)))
        for run in sources.runs:
            run.font.size = Pt(8)
    props = document.core_properties
    stamp = dt.datetime.combine(report.as_of, dt.time())
    props.author = "tsp-check"
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = "tsp-check"
    props.revision = 1
    props.title = _title(report, lang)
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue(), stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))


__all__ = ["HEADERS", "Row", "plan_rows", "to_docx", "to_xlsx"]
