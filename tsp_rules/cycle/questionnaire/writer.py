"""Writing the questionnaire workbook for one body (``tsp-check questionnaire``)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tsp_rules.cycle.questionnaire.layout import (
    ACTION_KEYS,
    ACTION_LABELS,
    ACTION_STATUS_WORDS,
    DECISION_KEYS,
    DECISION_LABELS,
    EVIDENCE_KEYS,
    FIRST_ROW,
    FORMAT,
    INSTRUCTIONS,
    SET_SEPARATOR,
    SHEETS,
    SPARE_ROWS,
    ZIP_TIME,
    body_kind_labels,
    column_letter,
    kind_labels,
    value_label,
    value_labels,
    values_help,
    word,
)
from tsp_rules.cycle.skeleton import BODY_KINDS, fold_kind, slugify, traits
from tsp_rules.model.profile import Profile
from tsp_rules.model.ruleset import Labels, Lang, Ruleset
from tsp_rules.texts import and_list

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from tsp_rules.checking.findings import Finding


# ------------------------------------------------------------------------------------------ writing


def _text(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write a cell; text is always text (a leading '=' never makes a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"


def _list_range(wb: Workbook, lang: Lang, name: str, values: Sequence[str], lists: dict[str, str]) -> str:
    """A column of the hidden lists sheet holding ``values``; returns the absolute range for a dropdown."""
    if name in lists:
        return lists[name]
    ws = wb[SHEETS["lists"].get(lang)]
    col = len(lists) + 1
    _text(ws, 1, col, name)
    for i, value in enumerate(values, start=2):
        _text(ws, i, col, value)
    letter = column_letter(col)
    ref = f"'{ws.title}'!${letter}$2:${letter}${len(values) + 1}"
    lists[name] = ref
    return ref


def _dropdown(ws: Worksheet, ref: str, cells: str, prompt: str = "", allow_blank: bool = True) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=ref, allow_blank=allow_blank, showDropDown=False)
    dv.showErrorMessage = True
    if prompt:
        dv.prompt = prompt[:255]
        dv.showInputMessage = True
    dv.add(cells)
    ws.add_data_validation(dv)


def _validation(ws: Worksheet, kind: str, cells: str, prompt: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    elif kind == "whole":
        dv = DataValidation(type="whole", operator="between", formula1="-1000000", formula2="1000000",
                            allow_blank=True)
    else:
        dv = DataValidation(allow_blank=True)
    dv.showErrorMessage = kind in ("date", "whole")
    dv.prompt = prompt[:255]
    dv.showInputMessage = True
    dv.add(cells)
    ws.add_data_validation(dv)


def _header(ws: Worksheet, labels: Sequence[str], keys: Sequence[str]) -> None:
    from openpyxl.styles import Font

    for col, (label, key) in enumerate(zip(labels, keys, strict=True), start=1):
        _text(ws, 1, col, label)
        ws.cell(row=1, column=col).font = Font(bold=True)
        _text(ws, 2, col, key)
        ws.cell(row=2, column=col).font = Font(italic=True, color="808080")
        ws.column_dimensions[column_letter(col)].width = max(14, min(45, len(label) + 2))
    ws.freeze_panes = f"A{FIRST_ROW}"


def _set_text(value: Any, labels: Labels | None, lang: Lang) -> str:
    if isinstance(value, list | tuple):
        return SET_SEPARATOR.join(value_label(labels, str(v), lang) for v in value) if value else \
            word("empty_set", lang)
    return str(value)


def _lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    return max(1, -(-len(text) // max(1, int(width) - 2)))


def _field_title(ruleset: Ruleset, kind: str, field: str, lang: Lang) -> str:
    """A content field's title (``År``, ``Omfattning``), or its name when the ruleset gives it none."""
    labels = ruleset.evidence_kinds[kind].labels.get(field)
    return labels.title.get(lang) if labels is not None and labels.title is not None else field


def _content_columns(ruleset: Ruleset) -> list[tuple[str, str]]:
    return [(kind, field) for kind, ev in ruleset.evidence_kinds.items() for field in ev.content]


def created(as_of: dt.date | None) -> dt.datetime:
    """The workbook's creation date in its document properties: the date it is made for (``as_of``, default
    today), at midnight, so that the same inputs give the same bytes."""
    return dt.datetime.combine(as_of or dt.date.today(), dt.time())


def build_workbook(ruleset: Ruleset, profile: Profile | None, lang: Lang = "sv", kind: str | None = None,
                   name: str | None = None, findings: Sequence[Finding] = (), as_of: dt.date | None = None,
                   *, rulesets: Sequence[Ruleset] = ()) -> Workbook:
    """The questionnaire for ``profile`` (pre-filled), or for a new body of ``kind`` and ``name``. The
    Åtgärder sheet holds the profile's actions, then a row for each gap or obligation not assessed among
    ``findings`` (the profile checked on ``as_of``) that has none. ``ruleset`` may be the union of several
    (``rulesets``, named in the title); the document properties say the workbook was created on ``as_of``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.properties.creator = "tsp-check"
    wb.properties.created = created(as_of)
    wb.properties.modified = created(as_of)
    body_name = profile.name if profile else (name or "")
    body_kind = profile.kind if profile else fold_kind(kind or "")
    named = list(rulesets or (ruleset,))
    versions = and_list([f"{rs.id} {rs.version}" for rs in named], lang)
    wb.properties.title = word("title", lang).format(name=body_name, rulesets=versions)
    wb.properties.subject = FORMAT
    lists: dict[str, str] = {}

    ws = wb.active
    assert ws is not None
    ws.title = SHEETS["instructions"].get(lang)
    _text(ws, 1, 1, wb.properties.title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for i, line in enumerate(INSTRUCTIONS[lang], start=3):
        _text(ws, i, 1, line)
        ws.cell(row=i, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        if i == 3:
            ws.cell(row=i, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 110
    _text(ws, len(INSTRUCTIONS[lang]) + 4, 1, " · ".join([FORMAT, *(f"{rs.id} {rs.version}" for rs in named)]))
    ws.cell(row=len(INSTRUCTIONS[lang]) + 4, column=1).font = Font(italic=True, color="808080")

    traits_ws = wb.create_sheet(SHEETS["traits"].get(lang))
    evidence_ws = wb.create_sheet(SHEETS["evidence"].get(lang))
    decisions_ws = wb.create_sheet(SHEETS["decisions"].get(lang))
    actions_ws = wb.create_sheet(SHEETS["actions"].get(lang))
    lists_ws = wb.create_sheet(SHEETS["lists"].get(lang))
    lists_ws.sheet_state = "hidden"

    yes, no, unknown = word("yes", lang), word("no", lang), word("unknown", lang)
    yes_no = _list_range(wb, lang, "yes_no", [yes, no], lists)
    yes_no_unknown = _list_range(wb, lang, "yes_no_unknown", [yes, no, unknown], lists)

    # -- identity and traits
    _header(traits_ws, [word("key", lang), word("question", lang), word("answer", lang), word("help", lang)],
            ["key", "question", "answer", "help"])
    traits_ws.column_dimensions["A"].hidden = False
    traits_ws.column_dimensions["B"].width = 55
    traits_ws.column_dimensions["D"].width = 90
    traits_ws.page_setup.orientation = "landscape"  # printed: one page wide, the headings on every page
    traits_ws.page_setup.fitToWidth = 1
    traits_ws.page_setup.fitToHeight = 0
    traits_ws.sheet_properties.pageSetUpPr.fitToPage = True
    traits_ws.print_title_rows = "1:2"
    bound = profile.trait_values(ruleset) if profile else {}
    if profile is None:
        assessed: str = ""
    else:
        assessed = no if profile.evidence is None else yes
    kind_words = body_kind_labels()
    rows: list[tuple[str, str, Any, str, str | None]] = [  # key, question, answer, help, dropdown
        ("profile.id", word("profile.id", lang), profile.id if profile else slugify(body_name), "", None),
        ("profile.name", word("profile.name", lang), body_name, "", None),
        ("profile.kind", word("profile.kind", lang), value_label(kind_words, body_kind, lang),
         ", ".join(value_label(kind_words, k, lang) for k in BODY_KINDS),
         _list_range(wb, lang, "kinds", [value_label(kind_words, k, lang) for k in BODY_KINDS], lists)),
        ("profile.illustrative", word("profile.illustrative", lang),
         (yes if profile.illustrative else no) if profile else no, "", yes_no),
        ("profile.note", word("profile.note", lang), (profile.note or "") if profile else "", "", None),
        ("profile.valid_from", word("profile.valid_from", lang),
         profile.valid_from if profile and profile.valid_from else "", word("date_prompt", lang), "date"),
        ("profile.valid_to", word("profile.valid_to", lang),
         profile.valid_to if profile and profile.valid_to else "", word("date_prompt", lang), "date"),
        ("profile.successor", word("profile.successor", lang), (profile.successor or "") if profile else "", "",
         None),
        ("profile.successor_name", word("profile.successor_name", lang),
         (profile.successor_name or "") if profile else "", "", None),
        ("profile.predecessors", word("profile.predecessors", lang),
         ", ".join(profile.predecessors) if profile else "", "", None),
        ("evidence.assessed", word("evidence.assessed", lang), assessed, word("evidence.assessed.help", lang), yes_no),
    ]
    for trait_name in traits(ruleset):
        trait = ruleset.traits[trait_name]
        domain = trait.domain
        help_text = word("bool_help", lang) if domain.type == "bool" else values_help(trait.labels, domain, lang)
        if trait.description:
            help_text += ". " + trait.description.get(lang)
        value = bound.get(trait_name)
        answer: Any
        if domain.type == "set":
            for v in domain.values:
                answer = "" if value is None else (yes if v in value else no)  # type: ignore[operator]
                rows.append((f"traits.{trait_name}={v}",
                             word("set_value", lang).format(title=trait.title.get(lang),
                                                            value=value_label(trait.labels, v, lang)), answer,
                             word("set_help", lang), yes_no))
            continue
        if domain.type == "bool":
            answer = unknown if value is None else (yes if value else no)
            dropdown: str | None = yes_no_unknown
        elif domain.type == "enum":
            answer = unknown if value is None else value_label(trait.labels, str(value), lang)
            dropdown = _list_range(wb, lang, f"trait:{trait_name}",
                                   [*value_labels(trait.labels, domain, lang), unknown], lists)
        else:
            answer = "" if value is None else value
            dropdown = None
        rows.append((f"traits.{trait_name}", trait.title.get(lang), answer, help_text, dropdown))
    choices = [len(str(a)) for _, _, a, _, _ in rows] + [
        len(label) for name in traits(ruleset) if ruleset.traits[name].domain.type == "enum"
        for label in value_labels(ruleset.traits[name].labels, ruleset.traits[name].domain, lang)]
    traits_ws.column_dimensions["C"].width = min(50, max(28, max(choices, default=0) + 2))  # a label is not cut
    top_wrapped = Alignment(wrap_text=True, vertical="top")
    for r, (key, question, answer, help_text, dropdown) in enumerate(rows, start=FIRST_ROW):
        _text(traits_ws, r, 1, key)
        traits_ws.cell(row=r, column=1).font = Font(color="808080")
        traits_ws.cell(row=r, column=1).alignment = Alignment(vertical="top")
        _text(traits_ws, r, 2, question)
        traits_ws.cell(row=r, column=2).alignment = top_wrapped
        if answer != "":
            _text(traits_ws, r, 3, answer)
        traits_ws.cell(row=r, column=3).alignment = top_wrapped
        _text(traits_ws, r, 4, help_text)
        traits_ws.cell(row=r, column=4).alignment = top_wrapped
        lines = max(_lines(question, 55), _lines(str(answer), traits_ws.column_dimensions["C"].width),
                    _lines(help_text, 90))
        if lines > 1:  # a spreadsheet program does not grow a row for wrapped text it did not lay out itself
            traits_ws.row_dimensions[r].height = 15 * lines
        if dropdown == "date":
            _validation(traits_ws, "date", f"C{r}", help_text)
        elif dropdown:
            _dropdown(traits_ws, dropdown, f"C{r}", help_text)
        elif key.startswith("traits."):
            _validation(traits_ws, "whole", f"C{r}", help_text)

    # -- evidence
    labels = kind_labels(ruleset, lang)
    content = _content_columns(ruleset)
    keys = [*EVIDENCE_KEYS, *(f"{k}.{f}" for k, f in content)]
    heads = [word(k, lang) for k in EVIDENCE_KEYS]
    heads += [word("content", lang).format(kind=labels[k], field=_field_title(ruleset, k, f, lang)) for k, f in content]
    _header(evidence_ws, heads, keys)
    evidence_ws.column_dimensions["A"].width = min(70, max([45, *(len(t) + 2 for t in labels.values())]))
    evidence_ws.column_dimensions["C"].width = 40
    items = profile.evidence or () if profile else ()
    last = FIRST_ROW + len(items) + SPARE_ROWS
    kinds_ref = _list_range(wb, lang, "evidence_kinds", list(labels.values()), lists)
    _dropdown(evidence_ws, kinds_ref, f"A{FIRST_ROW}:A{last}")
    for date_col in ("B", "D"):
        _validation(evidence_ws, "date", f"{date_col}{FIRST_ROW}:{date_col}{last}", word("date_prompt", lang))
    for i, (kind_id, field) in enumerate(content):
        letter = column_letter(len(EVIDENCE_KEYS) + 1 + i)
        domain = ruleset.evidence_kinds[kind_id].content[field]
        field_labels = ruleset.evidence_kinds[kind_id].labels.get(field)
        prompt = word("content_help", lang).format(kind=labels[kind_id],
                                                   values=values_help(field_labels, domain, lang))
        cells = f"{letter}{FIRST_ROW}:{letter}{last}"
        if domain.type == "bool":
            _dropdown(evidence_ws, yes_no, cells, prompt)
        elif domain.type == "enum":
            _dropdown(evidence_ws, _list_range(wb, lang, f"content:{kind_id}.{field}",
                                               value_labels(field_labels, domain, lang), lists), cells, prompt)
        elif domain.type == "int":
            _validation(evidence_ws, "whole", cells, prompt)
        else:
            _validation(evidence_ws, "text", cells, f"{prompt} ({word('set_cell', lang)})")
    content_col = {key: len(EVIDENCE_KEYS) + 1 + i for i, key in enumerate(content)}
    for r, ev in enumerate(items, start=FIRST_ROW):
        _text(evidence_ws, r, 1, labels.get(ev.kind, ev.kind))
        _text(evidence_ws, r, 2, ev.date)
        _text(evidence_ws, r, 3, ev.reference)
        if ev.valid_until is not None:
            _text(evidence_ws, r, 4, ev.valid_until)
        if ev.note is not None:
            _text(evidence_ws, r, 5, ev.note)
        if ev.issued_by is not None:
            _text(evidence_ws, r, 6, ev.issued_by)
        for field, value in ev.content.items():
            at = content_col.get((ev.kind, field))
            if at is None:
                continue
            domain = ruleset.evidence_kinds[ev.kind].content[field]
            field_labels = ruleset.evidence_kinds[ev.kind].labels.get(field)
            if domain.type == "bool":
                cell_value: Any = yes if value else no
            elif domain.type == "set":
                cell_value = _set_text(value, field_labels, lang)
            elif domain.type == "enum":
                cell_value = value_label(field_labels, str(value), lang)
            else:
                cell_value = value
            _text(evidence_ws, r, at, cell_value)

    # -- decisions
    _header(decisions_ws, [word(k, lang) for k in DECISION_LABELS], list(DECISION_KEYS))
    for letter, width in zip("ABCDEF", (32, 30, 28, 14, 14, 60), strict=True):
        decisions_ws.column_dimensions[letter].width = width
    decisions = profile.decisions if profile else ()
    last = FIRST_ROW + len(decisions) + SPARE_ROWS
    _dropdown(decisions_ws, _list_range(wb, lang, "obligations", list(ruleset.obligation_ids), lists),
              f"A{FIRST_ROW}:A{last}")
    for letter in ("D", "E"):
        _validation(decisions_ws, "date", f"{letter}{FIRST_ROW}:{letter}{last}", word("date_prompt", lang))
    for r, dec in enumerate(decisions, start=FIRST_ROW):
        cells_of: tuple[Any, ...] = (dec.obligation, dec.reference, dec.decided_by, dec.decided_on, dec.valid_until,
                                     dec.justification)
        for col, cell_value in enumerate(cells_of, start=1):
            _text(decisions_ws, r, col, cell_value)
    _actions_sheet(wb, actions_ws, ruleset, profile, lang, lists, findings, as_of)
    return wb


def _actions_sheet(wb: Workbook, ws: Worksheet, ruleset: Ruleset, profile: Profile | None, lang: Lang,
                   lists: dict[str, str], findings: Sequence[Finding], as_of: dt.date | None) -> None:
    """The Åtgärder sheet: the profile's actions, then one row to fill in per gap or unassessed obligation
    without an action; an informative last column (key ``finding``, not read) gives the finding's status."""
    from tsp_rules.checking.findings import Status

    finding_label = word("finding", lang).format(as_of=as_of.isoformat() if as_of else "").strip()
    _header(ws, [*(word(k, lang) for k in ACTION_LABELS), finding_label], [*ACTION_KEYS, "finding"])
    for letter, width in zip("ABCDEFGHIJK", (30, 50, 24, 22, 14, 24, 14, 14, 20, 14, 24), strict=True):
        ws.column_dimensions[letter].width = width
    actions = profile.actions if profile else ()
    status_of = {f.obligation: f.status for f in findings}
    acted = {a.obligation for a in actions}
    open_findings = [f for f in findings if f.status in (Status.GAP, Status.NOT_ASSESSED) and f.obligation not in acted]
    last = FIRST_ROW + len(actions) + len(open_findings) + SPARE_ROWS
    _dropdown(ws, _list_range(wb, lang, "obligations", list(ruleset.obligation_ids), lists), f"A{FIRST_ROW}:A{last}")
    statuses = [w.get(lang) for w in ACTION_STATUS_WORDS.values()]
    _dropdown(ws, _list_range(wb, lang, "action_statuses", statuses, lists), f"H{FIRST_ROW}:H{last}")
    for letter in ("E", "G", "J"):
        _validation(ws, "date", f"{letter}{FIRST_ROW}:{letter}{last}", word("date_prompt", lang))
    r = FIRST_ROW
    for a in actions:
        cells_of: tuple[Any, ...] = (a.obligation, a.description, a.responsible, a.responsible_name, a.decided_on,
                                     a.decided_by, a.target_date, ACTION_STATUS_WORDS[a.status].get(lang),
                                     a.reference, a.done_on)
        for col, cell_value in enumerate(cells_of, start=1):
            if cell_value is not None:
                _text(ws, r, col, cell_value)
        if a.obligation in status_of:
            _text(ws, r, len(cells_of) + 1, status_of[a.obligation].label(lang))
        r += 1
    for f in open_findings:
        _text(ws, r, 1, f.obligation)
        _text(ws, r, len(ACTION_KEYS) + 1, f"{f.status.label(lang)}: {f.title.get(lang)}")
        r += 1


def _deterministic(data: bytes, stamp: dt.datetime) -> bytes:
    """The zip rewritten with fixed entry timestamps, and ``stamp`` as the created and modified dates, so that the
    same inputs give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets the modified time to now on saving
                text = payload.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)",
                                  rf"\g<1>{stamp.isoformat()}Z\g<2>", text)
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, payload)
    return out.getvalue()


def questionnaire(ruleset: Ruleset, profile: Profile | None, lang: Lang = "sv", kind: str | None = None,
                  name: str | None = None, findings: Sequence[Finding] = (), as_of: dt.date | None = None,
                  *, rulesets: Sequence[Ruleset] = ()) -> bytes:
    """The questionnaire workbook as bytes (see :func:`build_workbook`)."""
    wb = build_workbook(ruleset, profile, lang, kind, name, findings, as_of, rulesets=rulesets)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _deterministic(buffer.getvalue(), created(as_of))


