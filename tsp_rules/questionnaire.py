"""The Excel questionnaire, both ways: ``tsp-check questionnaire`` writes a workbook for one body, and
``tsp-check import`` reads it back into a profile.

The workbook (openpyxl) has an instruction sheet; a sheet of the body's identity and traits, one row
each with the answer chosen from a dropdown (a set-valued trait has one yes/no row per value); a sheet
of evidence, one row per document (its kind from a dropdown, date cells, reference, valid until, and the
kind's content fields, with dropdowns where the values are a closed list); a sheet of decisions; and a
hidden sheet with the dropdowns' lists. Each data sheet has the field keys in its second row (grey):
the import reads columns by these keys, so their order may change.

Reading back reports every problem at once, each as ``enkat.xlsx!Underlag!C7: message``, and the profile
is checked against the ruleset like a YAML profile; a profile written to a workbook and read back is the
same profile (a property test checks it).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import yaml

from tsp_rules.errors import InputError, Problem, message, os_reason
from tsp_rules.loading import format_path, q_short
from tsp_rules.profile import Profile
from tsp_rules.ruleset import Lang, Ruleset, Text, Trait
from tsp_rules.skeleton import BODY_KINDS, domain_help, fold_kind, slugify, traits
from tsp_rules.texts import code_quote

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMAT = "tsp-questionnaire/1"
MAX_BYTES = 20_000_000
FIRST_ROW = 3  # data rows start below the labels (row 1) and the keys (row 2)
SPARE_ROWS = 200  # rows below the data that still carry the dropdowns
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
STAMP = dt.datetime(2000, 1, 1)

SHEETS: dict[str, Text] = {
    "instructions": Text("Instruktioner", "Instructions"),
    "traits": Text("Egenskaper", "Traits"),
    "evidence": Text("Underlag", "Evidence"),
    "decisions": Text("Beslut", "Decisions"),
    "lists": Text("Listor", "Lists"),
}
YES = {"ja", "yes", "true", "sant"}
NO = {"nej", "no", "false", "falskt"}
UNKNOWN = {"", "ej bedömt", "ej bedomt", "not assessed", "unassessed", "vet ej", "don't know"}
WORDS: dict[str, Text] = {
    "yes": Text("ja", "yes"),
    "no": Text("nej", "no"),
    "unknown": Text("ej bedömt", "not assessed"),
    "key": Text("Nyckel", "Key"),
    "question": Text("Fråga", "Question"),
    "answer": Text("Svar", "Answer"),
    "help": Text("Hjälp", "Help"),
    "profile.id": Text("Id: namnet med små bokstäver utan å, ä och ö, bindestreck mellan orden",
                       "Id: the name in lower case without å, ä and ö, hyphens between the words"),
    "profile.name": Text("Namn", "Name"),
    "profile.kind": Text("Typ av nämnd eller bolag", "Kind of committee or company"),
    "profile.illustrative": Text("Är uppgifterna påhittade (illustrativa)?", "Are the data made up (illustrative)?"),
    "profile.note": Text("Anteckning (valfri)", "Note (optional)"),
    "profile.valid_from": Text("Första dagen nämnden eller bolaget finns (tomt om det fanns redan före "
                               "programmet)", "The first day the body exists (blank if it existed before the "
                               "programme)"),
    "profile.valid_to": Text("Sista dagen nämnden eller bolaget finns (tomt om det finns kvar)",
                             "The last day the body exists (blank if it still exists)"),
    "profile.successor": Text("Id för den som tog över efter sista dagen (valfritt)",
                              "The id of the body that took over after the last day (optional)"),
    "profile.successor_name": Text("Namnet på den som tog över (valfritt)",
                                   "The name of the body that took over (optional)"),
    "profile.predecessors": Text("Id för de nämnder eller bolag den tog över efter, åtskilda med kommatecken "
                                 "(valfritt)", "The ids of the bodies it took over from, separated by commas "
                                 "(optional)"),
    "evidence.assessed": Text("Har underlagen inventerats?", "Has the evidence been inventoried?"),
    "evidence.assessed.help": Text(
        "ja: bladet Underlag listar alla underlag som finns (är det tomt saknas underlag, vilket ger brister); "
        "nej: underlagen har inte inventerats, och det som kräver underlag bedöms inte",
        "yes: the Evidence sheet lists all evidence held (if it is empty, none is held, which gives gaps); "
        "no: the evidence has not been inventoried, and what needs evidence is not assessed"),
    "set_value": Text("{title}: {value}", "{title}: {value}"),
    "bool_help": Text("ja, nej eller ej bedömt", "yes, no or not assessed"),
    "yes_no_help": Text("ja eller nej", "yes or no"),
    "set_help": Text("ja eller nej för varje värde; lämna alla tomma om det inte är känt",
                     "yes or no for each value; leave all blank if it is not known"),
    "kind": Text("Slag av underlag", "Kind of evidence"),
    "date": Text("Datum (beslutat eller utfärdat)", "Date (decided or issued)"),
    "reference": Text("Referens (diarienummer eller titel)", "Reference (diarienummer or title)"),
    "valid_until": Text("Giltigt till (valfritt)", "Valid until (optional)"),
    "note": Text("Anteckning (valfri)", "Note (optional)"),
    "content": Text("{kind}: {field}", "{kind}: {field}"),
    "content_help": Text("Fylls bara i för {kind}: {values}", "Only for {kind}: {values}"),
    "set_cell": Text("skriv värdena åtskilda med kommatecken, eller (inga)",
                     "write the values separated by commas, or (none)"),
    "empty_set": Text("(inga)", "(none)"),
    "obligation": Text("Skyldighet", "Obligation"),
    "decision_reference": Text("Referens (diarienummer)", "Reference (diarienummer)"),
    "decided_by": Text("Beslutat av", "Decided by"),
    "decided_on": Text("Beslutsdatum", "Date of decision"),
    "decision_valid_until": Text("Giltigt till", "Valid until"),
    "justification": Text("Motivering", "Justification"),
    "date_prompt": Text("Ett datum, ÅÅÅÅ-MM-DD", "A date, YYYY-MM-DD"),
    "title": Text("Enkät för {name}: egenskaper, underlag och beslut ({ruleset} {version})",
                  "Questionnaire for {name}: traits, evidence and decisions ({ruleset} {version})"),
}
INSTRUCTIONS: dict[Lang, tuple[str, ...]] = {
    "sv": (
        "Så fyller du i enkäten",
        "1. Bladet Egenskaper: välj svaret på varje fråga i listan i kolumnen Svar. Det som inte är känt lämnas "
        "tomt eller som ”ej bedömt”: de skyldigheter som beror på det blir då ej bedömda, aldrig uppfyllda.",
        "2. Bladet Underlag: en rad per dokument (beslut, plan, rapport, rutin). Välj slag i listan, skriv datum "
        "som ÅÅÅÅ-MM-DD och en referens, till exempel diarienumret. Fyll bara i de innehållskolumner som hör "
        "till dokumentets slag.",
        "3. Bladet Beslut: en rad per beviljat beslut (anvisning eller undantag) för en enskild skyldighet.",
        "4. Ändra inte nycklarna på rad 2 i bladen Underlag och Beslut eller i kolumn A i bladet Egenskaper: "
        "de talar om för programmet vad varje cell betyder.",
        "5. Läs in enkäten med: tsp-check import enkat.xlsx -o profil.yaml och kontrollera profilen med "
        "tsp-check check profil.yaml. Alla fel visas på en gång med blad och cell.",
    ),
    "en": (
        "How to fill in the questionnaire",
        "1. The Traits sheet: choose the answer to each question from the list in the Answer column. Leave "
        "what is not known blank or ”not assessed”: the obligations that depend on it are then not assessed, "
        "never met.",
        "2. The Evidence sheet: one row per document (decision, plan, report, routine). Choose the kind from "
        "the list, write the date as YYYY-MM-DD and a reference such as the diarienummer. Fill in only the "
        "content columns of the document's kind.",
        "3. The Decisions sheet: one row per granted decision (instruction or waiver) for a single obligation.",
        "4. Do not change the keys in row 2 of the Evidence and Decisions sheets or in column A of the Traits "
        "sheet: they tell the program what each cell means.",
        "5. Read the questionnaire with: tsp-check import enkat.xlsx -o profile.yaml and check the profile "
        "with tsp-check check profile.yaml. Every problem is shown at once with its sheet and cell.",
    ),
}
EVIDENCE_KEYS = ("kind", "date", "reference", "valid_until", "note")
DECISION_KEYS = ("obligation", "reference", "decided_by", "decided_on", "valid_until", "justification")
DECISION_LABELS = ("obligation", "decision_reference", "decided_by", "decided_on", "decision_valid_until",
                   "justification")


@attrs.frozen
class CellProblem(Problem):
    """A problem located in a workbook: ``file!sheet!cell: message``."""

    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        where = f"!{self.sheet}" if self.sheet else ""
        where += f"!{self.cell}" if self.cell else ""
        return f"{self.file}{where}: {self.message}"


def _w(key: str, lang: Lang) -> str:
    return WORDS[key].get(lang)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


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
    letter = _letter(col)
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
        ws.column_dimensions[_letter(col)].width = max(14, min(45, len(label) + 2))
    ws.freeze_panes = f"A{FIRST_ROW}"


def _kind_labels(ruleset: Ruleset, lang: Lang) -> dict[str, str]:
    """Evidence kind id → the label in the dropdown (its title, or the id if titles repeat)."""
    titles = {k: ev.title.get(lang) for k, ev in ruleset.evidence_kinds.items()}
    if len(set(titles.values())) != len(titles):
        return {k: k for k in titles}
    return titles


EMPTY_SET = {"-", "(inga)", "(none)", "inga", "none"}
"""What a set-valued content cell holds when the set is given and empty (a blank cell: not given)."""


def _set_text(value: Any, lang: Lang) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else _w("empty_set", lang)
    return str(value)


def _content_columns(ruleset: Ruleset) -> list[tuple[str, str]]:
    return [(kind, field) for kind, ev in ruleset.evidence_kinds.items() for field in ev.content]


def build_workbook(ruleset: Ruleset, profile: Profile | None, lang: Lang = "sv", kind: str | None = None,
                   name: str | None = None) -> Workbook:
    """The questionnaire for ``profile`` (pre-filled), or for a new body of ``kind`` and ``name``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.properties.creator = "tsp-check"
    wb.properties.created = STAMP
    wb.properties.modified = STAMP
    body_name = profile.name if profile else (name or "")
    body_kind = profile.kind if profile else fold_kind(kind or "")
    wb.properties.title = _w("title", lang).format(name=body_name, ruleset=ruleset.id, version=ruleset.version)
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
    _text(ws, len(INSTRUCTIONS[lang]) + 4, 1, f"{FORMAT} · {ruleset.id} {ruleset.version}")
    ws.cell(row=len(INSTRUCTIONS[lang]) + 4, column=1).font = Font(italic=True, color="808080")

    traits_ws = wb.create_sheet(SHEETS["traits"].get(lang))
    evidence_ws = wb.create_sheet(SHEETS["evidence"].get(lang))
    decisions_ws = wb.create_sheet(SHEETS["decisions"].get(lang))
    lists_ws = wb.create_sheet(SHEETS["lists"].get(lang))
    lists_ws.sheet_state = "hidden"

    yes, no, unknown = _w("yes", lang), _w("no", lang), _w("unknown", lang)
    yes_no = _list_range(wb, lang, "yes_no", [yes, no], lists)
    yes_no_unknown = _list_range(wb, lang, "yes_no_unknown", [yes, no, unknown], lists)

    # -- identity and traits
    _header(traits_ws, [_w("key", lang), _w("question", lang), _w("answer", lang), _w("help", lang)],
            ["key", "question", "answer", "help"])
    traits_ws.column_dimensions["A"].hidden = False
    traits_ws.column_dimensions["B"].width = 55
    traits_ws.column_dimensions["C"].width = 28
    traits_ws.column_dimensions["D"].width = 90
    bound = profile.trait_values(ruleset) if profile else {}
    if profile is None:
        assessed: str = ""
    else:
        assessed = no if profile.evidence is None else yes
    rows: list[tuple[str, str, Any, str, str | None]] = [  # key, question, answer, help, dropdown
        ("profile.id", _w("profile.id", lang), profile.id if profile else slugify(body_name), "", None),
        ("profile.name", _w("profile.name", lang), body_name, "", None),
        ("profile.kind", _w("profile.kind", lang), body_kind, ", ".join(BODY_KINDS),
         _list_range(wb, lang, "kinds", list(BODY_KINDS), lists)),
        ("profile.illustrative", _w("profile.illustrative", lang),
         (yes if profile.illustrative else no) if profile else no, "", yes_no),
        ("profile.note", _w("profile.note", lang), (profile.note or "") if profile else "", "", None),
        ("profile.valid_from", _w("profile.valid_from", lang),
         profile.valid_from if profile and profile.valid_from else "", _w("date_prompt", lang), "date"),
        ("profile.valid_to", _w("profile.valid_to", lang),
         profile.valid_to if profile and profile.valid_to else "", _w("date_prompt", lang), "date"),
        ("profile.successor", _w("profile.successor", lang), (profile.successor or "") if profile else "", "",
         None),
        ("profile.successor_name", _w("profile.successor_name", lang),
         (profile.successor_name or "") if profile else "", "", None),
        ("profile.predecessors", _w("profile.predecessors", lang),
         ", ".join(profile.predecessors) if profile else "", "", None),
        ("evidence.assessed", _w("evidence.assessed", lang), assessed, _w("evidence.assessed.help", lang), yes_no),
    ]
    for trait_name in traits(ruleset):
        trait = ruleset.traits[trait_name]
        domain = trait.domain
        help_text = _w("bool_help", lang) if domain.type == "bool" else domain_help(domain, lang)
        if trait.description:
            help_text += ". " + trait.description.get(lang)
        value = bound.get(trait_name)
        answer: Any
        if domain.type == "set":
            for v in domain.values:
                answer = "" if value is None else (yes if v in value else no)  # type: ignore[operator]
                rows.append((f"traits.{trait_name}={v}",
                             _w("set_value", lang).format(title=trait.title.get(lang), value=v), answer,
                             _w("set_help", lang), yes_no))
            continue
        if domain.type == "bool":
            answer = unknown if value is None else (yes if value else no)
            dropdown: str | None = yes_no_unknown
        elif domain.type == "enum":
            answer = unknown if value is None else str(value)
            dropdown = _list_range(wb, lang, f"trait:{trait_name}", [*domain.values, unknown], lists)
        else:
            answer = "" if value is None else value
            dropdown = None
        rows.append((f"traits.{trait_name}", trait.title.get(lang), answer, help_text, dropdown))
    for r, (key, question, answer, help_text, dropdown) in enumerate(rows, start=FIRST_ROW):
        _text(traits_ws, r, 1, key)
        traits_ws.cell(row=r, column=1).font = Font(color="808080")
        _text(traits_ws, r, 2, question)
        if answer != "":
            _text(traits_ws, r, 3, answer)
        _text(traits_ws, r, 4, help_text)
        traits_ws.cell(row=r, column=4).alignment = Alignment(wrap_text=True, vertical="top")
        if dropdown == "date":
            _validation(traits_ws, "date", f"C{r}", help_text)
        elif dropdown:
            _dropdown(traits_ws, dropdown, f"C{r}", help_text)
        elif key.startswith("traits."):
            _validation(traits_ws, "whole", f"C{r}", help_text)

    # -- evidence
    labels = _kind_labels(ruleset, lang)
    content = _content_columns(ruleset)
    keys = [*EVIDENCE_KEYS, *(f"{k}.{f}" for k, f in content)]
    heads = [_w(k, lang) for k in EVIDENCE_KEYS]
    heads += [_w("content", lang).format(kind=labels[k], field=f) for k, f in content]
    _header(evidence_ws, heads, keys)
    evidence_ws.column_dimensions["A"].width = 45
    evidence_ws.column_dimensions["C"].width = 40
    items = profile.evidence or () if profile else ()
    last = FIRST_ROW + len(items) + SPARE_ROWS
    kinds_ref = _list_range(wb, lang, "evidence_kinds", list(labels.values()), lists)
    _dropdown(evidence_ws, kinds_ref, f"A{FIRST_ROW}:A{last}")
    for date_col in ("B", "D"):
        _validation(evidence_ws, "date", f"{date_col}{FIRST_ROW}:{date_col}{last}", _w("date_prompt", lang))
    for i, (kind_id, field) in enumerate(content):
        letter = _letter(len(EVIDENCE_KEYS) + 1 + i)
        domain = ruleset.evidence_kinds[kind_id].content[field]
        values_help = _w("yes_no_help", lang) if domain.type == "bool" else domain_help(domain, lang)
        prompt = _w("content_help", lang).format(kind=labels[kind_id], values=values_help)
        cells = f"{letter}{FIRST_ROW}:{letter}{last}"
        if domain.type == "bool":
            _dropdown(evidence_ws, yes_no, cells, prompt)
        elif domain.type == "enum":
            _dropdown(evidence_ws, _list_range(wb, lang, f"content:{kind_id}.{field}", list(domain.values), lists),
                      cells, prompt)
        elif domain.type == "int":
            _validation(evidence_ws, "whole", cells, prompt)
        else:
            _validation(evidence_ws, "text", cells, f"{prompt} ({_w('set_cell', lang)})")
    content_col = {key: len(EVIDENCE_KEYS) + 1 + i for i, key in enumerate(content)}
    for r, ev in enumerate(items, start=FIRST_ROW):
        _text(evidence_ws, r, 1, labels.get(ev.kind, ev.kind))
        _text(evidence_ws, r, 2, ev.date)
        _text(evidence_ws, r, 3, ev.reference)
        if ev.valid_until is not None:
            _text(evidence_ws, r, 4, ev.valid_until)
        if ev.note is not None:
            _text(evidence_ws, r, 5, ev.note)
        for field, value in ev.content.items():
            at = content_col.get((ev.kind, field))
            if at is None:
                continue
            domain = ruleset.evidence_kinds[ev.kind].content[field]
            if domain.type == "bool":
                cell_value: Any = yes if value else no
            elif domain.type == "set":
                cell_value = _set_text(value, lang)
            else:
                cell_value = value
            _text(evidence_ws, r, at, cell_value)

    # -- decisions
    _header(decisions_ws, [_w(k, lang) for k in DECISION_LABELS], list(DECISION_KEYS))
    for letter, width in zip("ABCDEF", (32, 30, 28, 14, 14, 60), strict=True):
        decisions_ws.column_dimensions[letter].width = width
    decisions = profile.decisions if profile else ()
    last = FIRST_ROW + len(decisions) + SPARE_ROWS
    _dropdown(decisions_ws, _list_range(wb, lang, "obligations", list(ruleset.obligation_ids), lists),
              f"A{FIRST_ROW}:A{last}")
    for letter in ("D", "E"):
        _validation(decisions_ws, "date", f"{letter}{FIRST_ROW}:{letter}{last}", _w("date_prompt", lang))
    for r, dec in enumerate(decisions, start=FIRST_ROW):
        cells_of: tuple[Any, ...] = (dec.obligation, dec.reference, dec.decided_by, dec.decided_on, dec.valid_until,
                                     dec.justification)
        for col, cell_value in enumerate(cells_of, start=1):
            _text(decisions_ws, r, col, cell_value)
    return wb


def _deterministic(data: bytes) -> bytes:
    """The zip rewritten with fixed entry timestamps, so that the same inputs give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets the modified time to now on saving
                text = payload.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)",
                                  rf"\g<1>{STAMP.isoformat()}Z\g<2>", text)
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, payload)
    return out.getvalue()


def questionnaire(ruleset: Ruleset, profile: Profile | None, lang: Lang = "sv", kind: str | None = None,
                  name: str | None = None) -> bytes:
    """The questionnaire workbook as bytes (see :func:`build_workbook`)."""
    wb = build_workbook(ruleset, profile, lang, kind, name)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _deterministic(buffer.getvalue())


# ------------------------------------------------------------------------------------------ reading


class _Reader:
    """Collects the problems of one workbook while its cells are read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.cells: dict[str, tuple[str, str]] = {}  # a profile field path → (sheet, cell)
        self._sheet_rank: dict[str, int] = {}

    def fail(self, sheet: str, cell: str, message: str | Text) -> None:
        rank = self._sheet_rank.setdefault(sheet, len(self._sheet_rank))
        row, col = _cell_position(cell)
        self.problems.append(CellProblem(self.file, rank * 1_000_000 + row, col, message, "", sheet, cell))

    def where(self, path: tuple[str | int, ...], sheet: str, cell: str) -> None:
        self.cells[format_path(path)] = (sheet, cell)


def _cell_position(cell: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", cell)
    if not match:
        return 0, 0
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col


def _plain(value: Any) -> Any:
    """A cell's value: text stripped (empty text is None)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value.strip())
    return None


def _yes_no(value: Any) -> bool | str | None:
    """True, False, None (not known), or the text itself when it is none of these."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    if text in UNKNOWN:
        return None
    return str(value)


def _sheet(wb: Workbook, key: str) -> Worksheet | None:
    for lang in ("sv", "en"):
        title = SHEETS[key].get(lang)
        if title in wb.sheetnames:
            ws = wb[title]
            return ws
    return None


def _keyed_rows(ws: Worksheet) -> tuple[dict[str, int], Iterator[tuple[int, dict[str, Any]]]]:
    """The column of each key in row 2, and the non-empty data rows as {key: value}."""
    columns: dict[str, int] = {}
    for cell in ws[2]:
        if isinstance(cell.value, str) and cell.value.strip():
            columns[cell.value.strip()] = cell.column

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for r, row in enumerate(ws.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
            values = {key: _plain(row[col - 1]) if col - 1 < len(row) else None for key, col in columns.items()}
            if any(v is not None for v in values.values()):
                yield r, values

    return columns, rows()


def _read_traits(ws: Worksheet, ruleset: Ruleset, reader: _Reader, data: dict[str, Any]) -> bool | None:
    """Identity and traits into ``data``; returns whether the evidence was inventoried (None: not said)."""
    sheet = ws.title
    answers: dict[str, tuple[Any, str]] = {}
    for r, row in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=3, values_only=True), start=FIRST_ROW):
        key = _plain(row[0]) if row else None
        if key is None:
            continue
        answers[str(key)] = (_plain(row[2]) if len(row) > 2 else None, f"C{r}")
    profile: dict[str, Any] = {}
    for key in ("id", "name", "kind", "illustrative", "note"):
        value, cell = answers.get(f"profile.{key}", (None, ""))
        reader.where(("profile", key), sheet, cell)
        if key in ("illustrative",):
            flag = _yes_no(value)
            if isinstance(flag, str):
                reader.fail(sheet, cell, message("q_yes_no", words=_yes_no_words(), got=_v(flag)))
            profile[key] = bool(flag)
        elif value is not None:
            profile[key] = _as_text(value)
        elif key in ("id", "name", "kind"):
            reader.fail(sheet, cell or "C3", message("q_body_field_missing", what=_BODY_FIELDS[key]))
    for key in ("valid_from", "valid_to"):
        value, cell = answers.get(f"profile.{key}", (None, ""))
        reader.where(("profile", key), sheet, cell)
        if value is not None:
            day = _date(value)
            if day is None:
                reader.fail(sheet, cell, message("q_not_a_date", got=_v(value)))
            else:
                profile[key] = day
    for key in ("successor", "successor_name"):
        value, cell = answers.get(f"profile.{key}", (None, ""))
        reader.where(("profile", key), sheet, cell)
        if value is not None:
            profile[key] = _as_text(value)
    value, cell = answers.get("profile.predecessors", (None, ""))
    reader.where(("profile", "predecessors"), sheet, cell)
    if value is not None:
        profile["predecessors"] = [v.strip() for v in _as_text(value).split(",") if v.strip()]
    if "kind" in profile:
        folded = profile["kind"].strip().lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
        if folded not in BODY_KINDS:
            reader.fail(sheet, answers["profile.kind"][1], message("unknown_body_kind", kind=_v(profile["kind"]),
                                                                   items=", ".join(BODY_KINDS)))
        profile["kind"] = folded
    data["profile"] = profile
    assessed_value, assessed_cell = answers.get("evidence.assessed", (None, ""))
    reader.where(("evidence",), sheet, assessed_cell)
    assessed = _yes_no(assessed_value)
    if isinstance(assessed, str):
        reader.fail(sheet, assessed_cell, message("q_yes_no", words=_yes_no_words(), got=_v(assessed)))
        assessed = None
    out: dict[str, Any] = {}
    for trait_name in traits(ruleset):
        trait = ruleset.traits[trait_name]
        domain, title = trait.domain, trait.title.map(code_quote)
        reader.where(("traits", trait_name), sheet, answers.get(f"traits.{trait_name}", (None, ""))[1])
        if domain.type == "set":
            chosen: list[str] = []
            answered, blank = [], []
            for v in domain.values:
                value, cell = answers.get(f"traits.{trait_name}={v}", (None, ""))
                reader.where(("traits", trait_name), sheet, cell)
                flag = _yes_no(value)
                if isinstance(flag, str):
                    reader.fail(sheet, cell, message("q_yes_no_for_value", trait=title, words=_yes_no_words(),
                                                     value=_value_title(trait, v), got=_v(flag)))
                    answered.append(cell)
                elif flag is None:
                    blank.append(cell)
                else:
                    answered.append(cell)
                    if flag:
                        chosen.append(v)
            if answered and blank:
                reader.fail(sheet, blank[0], message("q_all_or_none", trait=title))
            out[trait_name] = chosen if answered else "unassessed"
            continue
        value, cell = answers.get(f"traits.{trait_name}", (None, ""))
        if domain.type == "bool":
            flag = _yes_no(value)
            if isinstance(flag, str):
                reader.fail(sheet, cell, message("q_yes_no_unknown", trait=title, words=_yes_no_words(True),
                                                 got=_v(flag)))
                continue
            out[trait_name] = "unassessed" if flag is None else flag
        elif domain.type == "enum":
            text = None if value is None else str(value).strip()
            if text is None or text.lower() in UNKNOWN:
                out[trait_name] = "unassessed"
            elif text in domain.values:
                out[trait_name] = text
            else:
                reader.fail(sheet, cell, message("q_not_one_of", field=title, got=_v(text),
                                                 items=", ".join(domain.values)))
        else:
            if value is None or (isinstance(value, str) and value.lower() in UNKNOWN):
                out[trait_name] = "unassessed"
            elif (number := _int(value)) is not None:
                out[trait_name] = number
            else:
                reader.fail(sheet, cell, message("q_not_whole_number", field=title, got=_v(value)))
    data["traits"] = out
    return assessed


_BODY_FIELDS = {
    "id": Text("id för nämnden eller bolaget", "the body's id"),
    "name": Text("namnet på nämnden eller bolaget", "the body's name"),
    "kind": Text("slaget av nämnd eller bolag", "the body's kind"),
}


def _v(value: Any) -> Text:
    """A cell's value as an error message quotes it (shortened when long)."""
    return q_short(_as_text(value))


def _joined(texts: Iterator[Text]) -> Text:
    items = list(texts)
    return Text(", ".join(t.sv for t in items), ", ".join(t.en for t in items))


def _value_title(trait: Trait, value: str) -> Text:
    """A trait's value as the workbook labels it (its title in the ruleset, else the value itself), quoted."""
    return trait.labels.values.get(value, Text(value, value)).map(code_quote)


def _field_title(ruleset: Ruleset, kind: str, field: str) -> Text:
    """A content field's title (or its name, when the ruleset gives it none), quoted."""
    labels = ruleset.evidence_kinds[kind].labels.get(field)
    title = labels.title if labels is not None else None
    return (title or Text(field, field)).map(code_quote)


def _yes_no_words(unknown: bool = False) -> str:
    words = "ja/nej, yes/no"
    return words + ", ej bedömt/not assessed" if unknown else words


def _read_evidence(ws: Worksheet, ruleset: Ruleset, reader: _Reader) -> list[dict[str, Any]]:
    sheet = ws.title
    columns, rows = _keyed_rows(ws)
    missing = [k for k in ("kind", "date", "reference") if k not in columns]
    if missing:
        reader.fail(sheet, "A2", message("q_row_2_keys", items=", ".join(missing)))
        return []
    by_label: dict[str, str] = {}
    for lang in ("sv", "en"):
        for known, label in _kind_labels(ruleset, lang).items():
            by_label[label.lower()] = known
    for known in ruleset.evidence_kinds:
        by_label[known.lower()] = known
    items: list[dict[str, Any]] = []
    for r, values in rows:
        i = len(items)

        def cell(key: str, row: int = r) -> str:
            return f"{_letter(columns[key])}{row}"

        item: dict[str, Any] = {}
        raw_kind = values.get("kind")
        kind_id = by_label.get(str(raw_kind).strip().lower()) if raw_kind is not None else None
        reader.where(("evidence", i), sheet, cell("kind"))
        reader.where(("evidence", i, "kind"), sheet, cell("kind"))
        if raw_kind is None:
            reader.fail(sheet, cell("kind"), message("q_evidence_kind_missing"))
        elif kind_id is None:
            reader.fail(sheet, cell("kind"), message("q_unknown_evidence_kind", got=_v(raw_kind)))
        else:
            item["kind"] = kind_id
        for key, required in (("date", True), ("valid_until", False)):
            if key not in columns:
                continue
            reader.where(("evidence", i, key), sheet, cell(key))
            value = values.get(key)
            if value is None:
                if required:
                    reader.fail(sheet, cell(key), message("q_date_missing"))
                continue
            day = _date(value)
            if day is None:
                reader.fail(sheet, cell(key), message("q_not_a_date", got=_v(value)))
            else:
                item[key] = day
        reader.where(("evidence", i, "reference"), sheet, cell("reference"))
        if values.get("reference") is None:
            reader.fail(sheet, cell("reference"), message("q_reference_missing"))
        else:
            item["reference"] = _as_text(values["reference"])
        if "note" in columns and values.get("note") is not None:
            item["note"] = _as_text(values["note"])
        content: dict[str, Any] = {}
        for key, col in columns.items():
            if "." not in key or values.get(key) is None:
                continue
            owner, field = key.split(".", 1)
            where = f"{_letter(col)}{r}"
            domain = ruleset.evidence_kinds[owner].content.get(field) if owner in ruleset.evidence_kinds else None
            if domain is None:
                reader.fail(sheet, where, message("q_unknown_column", got=_v(key)))
                continue
            if kind_id is not None and owner != kind_id:
                reader.fail(sheet, where, message("q_column_of_another_kind",
                                                  owner=ruleset.evidence_kinds[owner].title.map(code_quote),
                                                  kind=ruleset.evidence_kinds[kind_id].title.map(code_quote)))
                continue
            reader.where(("evidence", i, "content", field), sheet, where)
            field_title = _field_title(ruleset, owner, field)
            value = values[key]
            if domain.type == "bool":
                flag = _yes_no(value)
                if isinstance(flag, str) or flag is None:
                    reader.fail(sheet, where, message("q_yes_no_field", field=field_title, words=_yes_no_words(),
                                                      got=_v(value)))
                    continue
                content[field] = flag
            elif domain.type == "int":
                number = _int(value)
                if number is None:
                    reader.fail(sheet, where, message("q_not_whole_number", field=field_title, got=_v(value)))
                    continue
                content[field] = number
            elif domain.type == "enum":
                text = str(value).strip()
                if text not in domain.values:
                    reader.fail(sheet, where, message("q_not_one_of", field=field_title, got=_v(text),
                                                      items=", ".join(domain.values)))
                    continue
                content[field] = text
            else:
                text = str(value).strip()
                chosen = [] if text.lower() in EMPTY_SET and text not in domain.values else \
                    [v.strip() for v in text.split(",") if v.strip()]
                wrong = [v for v in chosen if v not in domain.values]
                if wrong:
                    reader.fail(sheet, where, message("q_not_among", field=field_title,
                                                      got=_joined(_v(v) for v in wrong),
                                                      items=", ".join(domain.values)))
                    continue
                content[field] = chosen
        if content:
            item["content"] = content
        items.append(item)
    return items


def _as_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_decisions(ws: Worksheet, ruleset: Ruleset, reader: _Reader) -> list[dict[str, Any]]:
    sheet = ws.title
    columns, rows = _keyed_rows(ws)
    missing = [k for k in DECISION_KEYS if k not in columns]
    if missing:
        reader.fail(sheet, "A2", message("q_row_2_keys", items=", ".join(missing)))
        return []
    decisions: list[dict[str, Any]] = []
    for r, values in rows:
        i = len(decisions)
        decision: dict[str, Any] = {}
        for key in DECISION_KEYS:
            where = f"{_letter(columns[key])}{r}"
            reader.where(("decisions", i, key), sheet, where)
            if key == "obligation":
                reader.where(("decisions", i), sheet, where)
            value = values.get(key)
            if value is None:
                reader.fail(sheet, where, message("q_decision_value_missing", key=_v(key)))
                continue
            if key in ("decided_on", "valid_until"):
                day = _date(value)
                if day is None:
                    reader.fail(sheet, where, message("q_not_a_date", got=_v(value)))
                    continue
                decision[key] = day
            else:
                decision[key] = _as_text(value)
        decisions.append(decision)
    return decisions


def read_workbook(path: Path, ruleset: Ruleset, display: str | None = None) -> tuple[Profile, str]:
    """The profile in the questionnaire at ``path`` and its YAML text; InputError with every problem,
    each located by sheet and cell."""
    from tsp_rules.profile import profile_from_text

    file = display or path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError([CellProblem(file, 0, 0, message("unreadable", reason=os_reason(exc)))]) from None
    if size > MAX_BYTES:
        raise InputError([CellProblem(file, 0, 0, message("too_large", size=size, limit=MAX_BYTES))])
    wb = _load(path, file)
    reader = _Reader(file)
    data: dict[str, Any] = {"format": "tsp-profile/1"}
    sheets = {key: _sheet(wb, key) for key in ("traits", "evidence", "decisions")}
    absent = [SHEETS[k].get("sv") for k, ws in sheets.items() if ws is None]
    if absent:
        raise InputError([CellProblem(file, 0, 0, message("q_not_a_questionnaire", sheets=", ".join(absent)))])
    traits_ws, evidence_ws, decisions_ws = sheets["traits"], sheets["evidence"], sheets["decisions"]
    assert traits_ws is not None and evidence_ws is not None and decisions_ws is not None
    assessed = _read_traits(traits_ws, ruleset, reader, data)
    items = _read_evidence(evidence_ws, ruleset, reader)
    if items and assessed is False:
        reader.fail(*reader.cells["evidence"], message("q_evidence_not_inventoried"))
    if items or assessed:
        data["evidence"] = items
    data["decisions"] = _read_decisions(decisions_ws, ruleset, reader)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    try:  # checked like a YAML profile, even when some cells are wrong: every problem is reported at once
        profile = profile_from_text(text, file, ruleset)
    except InputError as exc:
        flagged = {(p.sheet, p.cell) for p in reader.problems if isinstance(p, CellProblem)}
        for problem in exc.problems:
            sheet, cell = _locate(reader.cells, problem.field)
            if (sheet, cell) not in flagged:  # not what a cell's own problem already explains
                reader.fail(sheet, cell, problem.text)
        raise InputError(reader.problems) from None
    if reader.problems:
        raise InputError(reader.problems)
    return profile, text


def _locate(cells: Mapping[str, tuple[str, str]], field: str) -> tuple[str, str]:
    """The cell of a profile field, or of its nearest enclosing field."""
    probe = field
    while probe:
        if probe in cells:
            return cells[probe]
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    return "", ""


def _load(path: Path, file: str) -> Workbook:
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            return load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise InputError([CellProblem(file, 0, 0, message("q_not_xlsx", detail=str(exc)))]) from None
    except Exception as exc:  # a malformed workbook must not end in a traceback
        raise InputError([CellProblem(file, 0, 0, message("q_unreadable_workbook",
                                                          detail=f"{type(exc).__name__}: {exc}"))]) from None


IMPORTED = Text("# Inläst från {file} med tsp-check import.\n", "# Read from {file} by tsp-check import.\n")


def profile_yaml(profile_text: str, file: str, lang: Lang = "sv") -> str:
    """The YAML written by ``tsp-check import``: the profile with a comment naming its source."""
    return IMPORTED.get(lang).format(file=file) + profile_text


__all__ = ["CellProblem", "build_workbook", "profile_yaml", "questionnaire", "read_workbook"]
