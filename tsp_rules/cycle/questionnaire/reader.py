"""Reading a filled-in questionnaire back into a profile (``tsp-check import``)."""

from __future__ import annotations

import datetime as dt
import re
import stat
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from tsp_rules.cycle.questionnaire.bounds import MAX_COLUMNS, MAX_ROWS, check_archive, far_cells
from tsp_rules.cycle.questionnaire.layout import (
    ACTION_KEYS,
    ACTION_REQUIRED,
    ACTION_STATUS_WORDS,
    DECISION_KEYS,
    EMPTY_SET,
    FIRST_ROW,
    MAX_BYTES,
    NO,
    SHEETS,
    UNKNOWN,
    WORDS,
    YES,
    CellProblem,
    body_kind_labels,
    codes_by_label,
    column_letter,
    kind_labels,
    read_set,
    value_labels,
)
from tsp_rules.cycle.skeleton import BODY_KINDS, traits
from tsp_rules.errors import InputError, Problem, format_path, message, os_reason, q_short
from tsp_rules.model import conditions as C
from tsp_rules.model.profile import Profile
from tsp_rules.model.ruleset import Labels, Lang, Ruleset, Text, Trait
from tsp_rules.texts import code_quote

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


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


MAX_INT = 10**9
"""Whole numbers in a workbook are refused beyond this (``1e30`` is a number in Excel, not a count)."""
YEARS = (1900, 2200)
"""A field named ``year`` holds a year in this range (``-5`` or ``1e30`` is a typing error)."""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?\d{1,10}", value.strip()):
        number = int(value.strip())
    return number if number is not None and abs(number) <= MAX_INT else None


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
    for keys in ws.iter_rows(min_row=2, max_row=2, max_col=MAX_COLUMNS, values_only=True):
        for col, value in enumerate(keys, start=1):
            if isinstance(value, str) and value.strip():
                columns[value.strip()] = col

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for r, row in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_row=MAX_ROWS, max_col=MAX_COLUMNS,
                                             values_only=True), start=FIRST_ROW):
            values = {key: _plain(row[col - 1]) if col - 1 < len(row) else None for key, col in columns.items()}
            if any(v is not None for v in values.values()):
                yield r, values

    return columns, rows()


def _read_traits(ws: Worksheet, ruleset: Ruleset, reader: _Reader, data: dict[str, Any]) -> bool | None:
    """Identity and traits into ``data``; returns whether the evidence was inventoried (None: not said)."""
    sheet = ws.title
    answers: dict[str, tuple[Any, str]] = {}
    for r, row in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_row=MAX_ROWS, max_col=3, values_only=True),
                            start=FIRST_ROW):
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
        kinds = body_kind_labels()
        written = profile["kind"].strip().lower()
        folded = codes_by_label(kinds, _KIND_DOMAIN).get(written) or \
            written.replace("å", "a").replace("ä", "a").replace("ö", "o")
        if folded not in BODY_KINDS:
            reader.fail(sheet, answers["profile.kind"][1], message(
                "unknown_body_kind", kind=_v(profile["kind"]), items=_labels_listed(kinds, _KIND_DOMAIN)))
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
        if f"traits.{trait_name}" not in answers and not any(k.startswith(f"traits.{trait_name}=") for k in answers):
            continue  # a trait the workbook does not ask about (made for other rulesets): not known, left out
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
            code = codes_by_label(trait.labels, domain).get(text.lower()) if text is not None else None
            if text is None or text.lower() in UNKNOWN:
                out[trait_name] = "unassessed"
            elif code is not None:
                out[trait_name] = code
            else:
                reader.fail(sheet, cell, message("q_not_one_of", field=title, got=_v(text),
                                                 items=_labels_listed(trait.labels, domain)))
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


_KIND_DOMAIN = C.Domain("kind", "enum", BODY_KINDS)


def _labels_listed(labels: Labels | None, domain: C.Domain) -> Text:
    """The values a cell may hold, as the workbook shows them, each quoted: ”låg”, ”måttlig”, ”hög”."""
    return Text(*(", ".join(code_quote(v, lang) for v in value_labels(labels, domain, lang))
                  for lang in ("sv", "en")))


def _yes_no_words(unknown: bool = False) -> str:
    words = "ja/nej, yes/no"
    return words + ", ej bedömt/not assessed" if unknown else words


def _read_evidence(ws: Worksheet, ruleset: Ruleset, reader: _Reader, members: Sequence[Ruleset] = ()
                   ) -> list[dict[str, Any]]:
    sheet = ws.title
    columns, rows = _keyed_rows(ws)
    missing = [k for k in ("kind", "date", "reference") if k not in columns]
    if missing:
        reader.fail(sheet, "A2", message("q_row_2_keys", items=", ".join(missing)))
        return []
    by_label: dict[str, str] = {}
    for lang in ("sv", "en"):
        for known, label in kind_labels(ruleset, lang).items():
            by_label[label.lower()] = known
    for known in ruleset.evidence_kinds:
        by_label[known.lower()] = known
    for member in members:  # a kind that two rulesets title differently: either title is the kind
        for known, ev in member.evidence_kinds.items():
            by_label.setdefault(ev.title.sv.lower(), known)
            by_label.setdefault(ev.title.en.lower(), known)
    items: list[dict[str, Any]] = []
    for r, values in rows:
        i = len(items)

        def cell(key: str, row: int = r) -> str:
            return f"{column_letter(columns[key])}{row}"

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
        elif isinstance(values["reference"], bool):
            reader.fail(sheet, cell("reference"), message("q_not_text", field=WORDS["reference"],
                                                          got=_v(str(values["reference"]))))
        else:
            item["reference"] = _as_text(values["reference"])
        if "note" in columns and values.get("note") is not None:
            item["note"] = _as_text(values["note"])
        if "issued_by" in columns and values.get("issued_by") is not None:
            item["issued_by"] = _as_text(values["issued_by"])
        content: dict[str, Any] = {}
        for key, col in columns.items():
            if "." not in key or values.get(key) is None:
                continue
            owner, field = key.split(".", 1)
            where = f"{column_letter(col)}{r}"
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
            field_labels = ruleset.evidence_kinds[owner].labels.get(field)
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
                if field == "year" and not YEARS[0] <= number <= YEARS[1]:
                    reader.fail(sheet, where, message("q_implausible_year", field=field_title, got=_v(value),
                                                      first=YEARS[0], last=YEARS[1]))
                    continue
                content[field] = number
            elif domain.type == "enum":
                text = str(value).strip()
                code = _content_codes(owner, field, field_labels, domain, members).get(text.lower())
                if code is None:
                    reader.fail(sheet, where, message("q_not_one_of", field=field_title, got=_v(text),
                                                      items=_labels_listed(field_labels, domain)))
                    continue
                content[field] = code
            else:
                text = str(value).strip()
                known_values = _content_codes(owner, field, field_labels, domain, members)
                chosen, wrong = ([], []) if text.lower() in EMPTY_SET and text.lower() not in known_values else \
                    read_set(text, known_values)
                if wrong:
                    reader.fail(sheet, where, message("q_not_among", field=field_title,
                                                      got=_joined(_v(v) for v in wrong),
                                                      items=_labels_listed(field_labels, domain)))
                    continue
                content[field] = chosen
        if content:
            item["content"] = content
        items.append(item)
    return items


def _content_codes(kind: str, field: str, labels: Labels | None, domain: C.Domain, members: Sequence[Ruleset]
                   ) -> dict[str, str]:
    """How a content field's values may be written (:func:`codes_by_label`), also by the labels another of the
    rulesets gives them (the role in a crisis plan is labelled by both bundled rulesets)."""
    found = codes_by_label(labels, domain)
    for member in members:
        kind_of = member.evidence_kinds.get(kind)
        if kind_of is not None and field in kind_of.content:
            for written, code in codes_by_label(kind_of.labels.get(field), domain).items():
                found.setdefault(written, code)
    return found


def _as_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_keyed(ws: Worksheet, reader: _Reader, section: str, keys: tuple[str, ...], required: tuple[str, ...],
                dates: tuple[str, ...], skip: Callable[[dict[str, Any]], bool] = lambda _: False
                ) -> list[dict[str, Any]]:
    """The rows of a sheet keyed in row 2 (decisions, actions) as profile items under ``section``: each value
    missing from ``required``, each of ``dates`` that is not a date, and an action's unknown status is a
    problem at its cell; rows ``skip`` accepts are not items."""
    sheet = ws.title
    columns, rows = _keyed_rows(ws)
    missing = [k for k in keys if k not in columns]
    if missing:
        reader.fail(sheet, "A2", message("q_row_2_keys", items=", ".join(missing)))
        return []
    items: list[dict[str, Any]] = []
    for r, values in rows:
        if skip(values):
            continue
        i = len(items)
        item: dict[str, Any] = {}
        for key in keys:
            where = f"{column_letter(columns[key])}{r}"
            reader.where((section, i, key), sheet, where)
            if key == "obligation":
                reader.where((section, i), sheet, where)
            value = values.get(key)
            if value is None:
                if key in required:
                    reader.fail(sheet, where, message("q_decision_value_missing", key=_v(key)))
                continue
            if key in dates:
                day = _date(value)
                if day is None:
                    reader.fail(sheet, where, message("q_not_a_date", got=_v(value)))
                    continue
                item[key] = day
            elif section == "actions" and key == "status":
                code = _action_status(value)
                if code is None:
                    reader.fail(sheet, where, message("q_action_status", got=_v(value)))
                    continue
                item[key] = code
            elif isinstance(value, bool):
                reader.fail(sheet, where, message("q_not_text", field=WORDS.get(key, _v(key)), got=_v(str(value))))
            else:
                item[key] = _as_text(value)
        items.append(item)
    return items


def _read_decisions(ws: Worksheet, reader: _Reader) -> list[dict[str, Any]]:
    return _read_keyed(ws, reader, "decisions", DECISION_KEYS, DECISION_KEYS, ("decided_on", "valid_until"))


def _action_status(value: Any) -> str | None:
    """An action's status from its cell: the Swedish or English word, or the code."""
    text = str(value).strip().lower().replace("_", " ")
    for code, words in ACTION_STATUS_WORDS.items():
        if text in (words.sv, words.en, code.replace("_", " ")):
            return code
    return None


def _read_actions(ws: Worksheet, reader: _Reader) -> list[dict[str, Any]]:
    """The actions of the Åtgärder sheet. A row holding only the obligation (pre-filled, not filled in) is
    not an action; the ``finding`` column is for reading only."""
    return _read_keyed(ws, reader, "actions", ACTION_KEYS, ACTION_REQUIRED, ("decided_on", "target_date", "done_on"),
                       skip=lambda values: all(values.get(k) is None for k in ACTION_KEYS if k != "obligation"))


def _read_sheets(sheets: Mapping[str, Worksheet | None], ruleset: Ruleset, file: str,
                 members: Sequence[Ruleset] = ()) -> tuple[dict[str, Any], _Reader]:
    reader = _Reader(file)
    data: dict[str, Any] = {"format": "tsp-profile/1"}
    traits_ws, evidence_ws, decisions_ws = sheets["traits"], sheets["evidence"], sheets["decisions"]
    assert traits_ws is not None and evidence_ws is not None and decisions_ws is not None
    assessed = _read_traits(traits_ws, ruleset, reader, data)
    items = _read_evidence(evidence_ws, ruleset, reader, members)
    if items and assessed is False:
        reader.fail(*reader.cells["evidence"], message("q_evidence_not_inventoried"))
    if items or assessed:
        data["evidence"] = items
    data["decisions"] = _read_decisions(decisions_ws, reader)
    actions_ws = sheets.get("actions")  # a questionnaire made before actions has no Åtgärder sheet
    if actions_ws is not None:
        actions = _read_actions(actions_ws, reader)
        if actions:
            data["actions"] = actions
    return data, reader


def read_workbook(path: Path, ruleset: Ruleset, display: str | None = None, *, members: Sequence[Ruleset] = ()
                  ) -> tuple[Profile, str]:
    """The profile in the questionnaire at ``path`` and its YAML text; InputError with every problem,
    each located by sheet and cell. ``ruleset`` may be the union of ``members`` (whose titles of an evidence
    kind are read too, whatever the order the workbook was made in)."""
    from tsp_rules.model.profile import profile_from_text

    file = display or path.name
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError([CellProblem(file, 0, 0, message("unreadable", reason=os_reason(exc)))]) from None
    if not stat.S_ISREG(info.st_mode):  # a FIFO would wait for a writer, a device never end
        raise InputError([CellProblem(file, 0, 0, message("not_regular"))])
    size = info.st_size
    if size > MAX_BYTES:
        raise InputError([CellProblem(file, 0, 0, message("too_large", size=size, limit=MAX_BYTES))])
    check_archive(path, file)
    wb = _load(path, file)
    try:
        sheets = {key: _sheet(wb, key) for key in ("traits", "evidence", "decisions")}
        absent = [SHEETS[k].get("sv") for k, ws in sheets.items() if ws is None]
        if absent:
            raise InputError([CellProblem(file, 0, 0, message("q_not_a_questionnaire", sheets=", ".join(absent)))])
        sheets["actions"] = _sheet(wb, "actions")
        far = far_cells(path, file, [ws.title for ws in sheets.values() if ws is not None])
        if far:
            raise InputError(far)
        data, reader = _read_sheets(sheets, ruleset, file, members)
    finally:
        wb.close()
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
            return load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise InputError([CellProblem(file, 0, 0, message("q_not_xlsx", detail=str(exc)))]) from None
    except Exception as exc:  # a malformed workbook must not end in a traceback
        raise InputError([CellProblem(file, 0, 0, message("q_unreadable_workbook",
                                                          detail=f"{type(exc).__name__}: {exc}"))]) from None


IMPORTED = Text("# Inläst från {file} med tsp-check import.\n", "# Read from {file} by tsp-check import.\n")


def profile_yaml(profile_text: str, file: str, lang: Lang = "sv") -> str:
    """The YAML written by ``tsp-check import``: the profile with a comment naming its source."""
    return IMPORTED.get(lang).format(file=file) + profile_text


