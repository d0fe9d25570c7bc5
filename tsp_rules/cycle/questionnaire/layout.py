"""The questionnaire's layout, shared by the writer and the reader: sheets, keys, words and the cell
problems the import reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from tsp_rules.errors import Problem
from tsp_rules.model import conditions as C
from tsp_rules.model.ruleset import Labels, Lang, Ruleset, Text, kind_trait

if TYPE_CHECKING:
    pass

FORMAT = "tsp-questionnaire/1"
MAX_BYTES = 20_000_000
FIRST_ROW = 3  # data rows start below the labels (row 1) and the keys (row 2)
SPARE_ROWS = 200  # rows below the data that still carry the dropdowns
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

SHEETS: dict[str, Text] = {
    "instructions": Text("Instruktioner", "Instructions"),
    "traits": Text("Egenskaper", "Traits"),
    "evidence": Text("Underlag", "Evidence"),
    "decisions": Text("Beslut", "Decisions"),
    "actions": Text("Åtgärder", "Actions"),
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
    "issued_by": Text("Utfärdat av, om en annan nämnd eller ett annat bolag (valfritt)",
                      "Issued by, if another committee or company (optional)"),
    "content": Text("{kind}: {field}", "{kind}: {field}"),
    "content_help": Text("Fylls bara i för {kind}: {values}", "Only for {kind}: {values}"),
    "set_cell": Text("skriv värdena åtskilda med semikolon, eller (inga)",
                     "write the values separated by semicolons, or (none)"),
    "values_enum": Text("ett av: {values}", "one of: {values}"),
    "values_set": Text("inga, ett eller flera av: {values}", "none, one or more of: {values}"),
    "values_int": Text("ett heltal", "a whole number"),
    "empty_set": Text("(inga)", "(none)"),
    "obligation": Text("Skyldighet", "Obligation"),
    "decision_reference": Text("Referens (diarienummer)", "Reference (diarienummer)"),
    "decided_by": Text("Beslutat av", "Decided by"),
    "decided_on": Text("Beslutsdatum", "Date of decision"),
    "decision_valid_until": Text("Giltigt till", "Valid until"),
    "justification": Text("Motivering", "Justification"),
    "date_prompt": Text("Ett datum, ÅÅÅÅ-MM-DD", "A date, YYYY-MM-DD"),
    "action_obligation": Text("Skyldighet", "Obligation"),
    "description": Text("Åtgärd", "Action"),
    "responsible": Text("Ansvarig (roll)", "Responsible (role)"),
    "responsible_name": Text("Ansvarig (namn, valfritt)", "Responsible (name, optional)"),
    "action_decided_on": Text("Beslutad den", "Decided on"),
    "action_decided_by": Text("Beslutad av", "Decided by"),
    "target_date": Text("Måldatum", "Target date"),
    "action_status": Text("Status", "Status"),
    "action_reference": Text("Diarienummer (valfritt)", "Diarienummer (optional)"),
    "done_on": Text("Klar den (valfritt)", "Done on (optional)"),
    "finding": Text("Resultat vid kontrollen {as_of}", "Finding at the check {as_of}"),
    "title": Text("Enkät för {name}: egenskaper, underlag och beslut ({rulesets})",
                  "Questionnaire for {name}: traits, evidence and decisions ({rulesets})"),
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
        "6. Bladet Åtgärder: en rad per brist eller ej bedömd skyldighet finns redan. Skriv vad som ska göras, "
        "vem som är ansvarig, när och av vem åtgärden beslutades, måldatum och status (planerad, pågående "
        "eller klar). En rad där bara skyldigheten står läses inte in. En åtgärd ändrar aldrig resultatet: "
        "bristen finns kvar tills underlaget visar att kravet är uppfyllt.",
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
        "6. The Actions sheet: a row for each gap or obligation not assessed is there already. Write what is "
        "to be done, who is responsible, when and by whom the action was decided, the target date and the "
        "status (planned, in progress or done). A row with only the obligation is not read. An action never "
        "changes the finding: the gap remains until the evidence shows the requirement is met.",
    ),
}
EVIDENCE_KEYS = ("kind", "date", "reference", "valid_until", "note", "issued_by")
DECISION_KEYS = ("obligation", "reference", "decided_by", "decided_on", "valid_until", "justification")
ACTION_KEYS = ("obligation", "description", "responsible", "responsible_name", "decided_on", "decided_by",
               "target_date", "status", "reference", "done_on")
ACTION_LABELS = ("action_obligation", "description", "responsible", "responsible_name", "action_decided_on",
                 "action_decided_by", "target_date", "action_status", "action_reference", "done_on")
ACTION_REQUIRED = ("obligation", "description", "responsible", "decided_on", "decided_by", "target_date", "status")
ACTION_STATUS_WORDS: dict[str, Text] = {
    "planned": Text("planerad", "planned"),
    "in_progress": Text("pågående", "in progress"),
    "done": Text("klar", "done"),
}
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


def word(key: str, lang: Lang) -> str:
    return WORDS[key].get(lang)


def column_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def kind_labels(ruleset: Ruleset, lang: Lang) -> dict[str, str]:
    """Evidence kind id → the label in the dropdown (its title, or the id if titles repeat)."""
    titles = {k: ev.title.get(lang) for k, ev in ruleset.evidence_kinds.items()}
    if len(set(titles.values())) != len(titles):
        return {k: k for k in titles}
    return titles


EMPTY_SET = {"-", "(inga)", "(none)", "inga", "none"}
"""What a set-valued content cell holds when the set is given and empty (a blank cell: not given)."""


# ------------------------------------------------------------------------------- values as people read them

SET_SEPARATOR = "; "
"""Between the values of a set in one cell: a value's label may hold a comma ("en kartläggning av
brottsligheten, dess omfattning och konsekvenser"); commas are read too (see :func:`read_set`)."""


def body_kind_labels() -> Labels:
    """The labels of the kinds of body (facknämnd, stadsdelsnämnd, kommunstyrelsen, bolag)."""
    return kind_trait().labels


def value_label(labels: Labels | None, value: str, lang: Lang) -> str:
    """A trait's or content field's value as the workbook shows it: its label in the ruleset (``value_titles``),
    else the value itself."""
    text = labels.values.get(value) if labels is not None else None
    return text.get(lang) if text is not None else value


def value_labels(labels: Labels | None, domain: C.Domain, lang: Lang) -> list[str]:
    return [value_label(labels, v, lang) for v in domain.values]


def values_help(labels: Labels | None, domain: C.Domain, lang: Lang) -> str:
    """What a trait or content field takes, in the workbook's words: 'ett av: låg, måttlig, hög'."""
    if domain.type in ("enum", "set"):
        shown = ", ".join(value_labels(labels, domain, lang))
        return word("values_enum" if domain.type == "enum" else "values_set", lang).format(values=shown)
    if domain.type == "int":
        return word("values_int", lang)
    return word("yes_no_help", lang)


def codes_by_label(labels: Labels | None, domain: C.Domain) -> dict[str, str]:
    """Every way a value may be written in a cell (its label in either language, or its code), folded to lower
    case, mapped to its code: the import reads what the writer wrote and what a person typed."""
    found: dict[str, str] = {}
    for value in domain.values:
        found[value.lower()] = value
        for lang in ("sv", "en"):
            found.setdefault(value_label(labels, value, lang).strip().lower(), value)
    return found


def read_set(text: str, known: dict[str, str]) -> tuple[list[str], list[str]]:
    """The codes of the values written in one cell (separated by semicolons or commas; a label holding a comma
    is matched whole), and the pieces that are no value."""
    pieces = [p.strip() for p in text.replace(";", ",").split(",")]
    chosen: list[str] = []
    wrong: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):  # the longest run of pieces that is one value
            code = known.get(", ".join(pieces[i:j]).lower())
            if code is not None:
                chosen.append(code)
                i = j
                break
        else:
            if pieces[i]:
                wrong.append(pieces[i])
            i += 1
    return chosen, wrong
