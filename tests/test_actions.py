"""Actions (åtgärder): validated like the rest of a profile, carried by the findings, and never deciding a
status. The expected values here are worked out by hand from the dates and statuses in each example."""

from __future__ import annotations

import csv as csvmod
import datetime as dt
import io
import json
from pathlib import Path

import attrs
import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tsp_rules import Profile, Report, Ruleset, Status, check, load_ruleset
from tsp_rules.checking.findings import ActionState, light, standing
from tsp_rules.checking.schemas import report_schema
from tsp_rules.commands.cli import main
from tsp_rules.errors import InputError
from tsp_rules.model.profile import Action
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers import html, markdown, xlsx
from tsp_rules.renderers.common import LIGHT_COLOURS

from .strategies import actions, check_dates, profile_to_yaml, profiles

DAY = dt.timedelta(days=1)
AS_OF = dt.date(2026, 6, 1)


@pytest.fixture(scope="module", params=["tsp-2018-2021", "lagkrav-kommun"])
def rs(request: pytest.FixtureRequest) -> Ruleset:
    return load_ruleset(str(request.param))


def _action(status: str = "planned", target: dt.date = dt.date(2026, 9, 30), obligation: str = "X-Y") -> Action:
    return Action(obligation, "Gör det", "säkerhetssamordnare", dt.date(2026, 1, 15), "Nämnden", target, status)


# ------------------------------------------------------------------------------------- never a verdict


@given(st.data())
def test_actions_never_change_a_status_on_either_engine(rs: Ruleset, data: st.DataObject) -> None:
    as_of = data.draw(check_dates(rs if rs.id == "lagkrav-kommun" else None))
    bare = data.draw(profiles(rs, as_of))
    planned = tuple(data.draw(st.lists(actions(rs, as_of), max_size=6)))
    with_actions = attrs.evolve(bare, actions=planned)
    for engine in ("python", "durable"):
        before = check([bare], ruleset=rs, as_of=as_of, engine=engine)
        after = check([with_actions], ruleset=rs, as_of=as_of, engine=engine)
        assert [(f.obligation, f.status, f.reasons) for f in after.findings] == \
            [(f.obligation, f.status, f.reasons) for f in before.findings]
        assert after.counts == before.counts
        for f in after.findings:
            mine = [a for a in planned if a.obligation == f.obligation]
            assert [s.action for s in f.actions] == mine  # every action, in the profile's order
            for state in f.actions:
                a = state.action
                assert state.overdue == (a.status != "done" and a.target_date < as_of)
                assert state.unverified == (a.status == "done" and f.status in (Status.GAP, Status.NOT_ASSESSED))
        assert all(not f.actions for f in before.findings)


@given(st.data())
def test_changing_an_action_changes_no_status(rs: Ruleset, data: st.DataObject) -> None:
    as_of = data.draw(check_dates(rs if rs.id == "lagkrav-kommun" else None))
    base = data.draw(profiles(rs, as_of))
    one = attrs.evolve(base, actions=tuple(data.draw(st.lists(actions(rs, as_of), min_size=1, max_size=4))))
    other = attrs.evolve(base, actions=tuple(data.draw(st.lists(actions(rs, as_of), max_size=4))))
    first = check([one], ruleset=rs, as_of=as_of, engine="durable")
    second = check([other], ruleset=rs, as_of=as_of, engine="python")
    assert [f.status for f in first.findings] == [f.status for f in second.findings]


# ------------------------------------------------------------------------------------- standing and light


@pytest.mark.parametrize(("status", "states", "want_standing", "want_light"), [
    (Status.MET, (), None, "green"),
    (Status.WAIVED, (), None, "green"),
    (Status.NOT_APPLICABLE, (), None, None),
    (Status.GAP, (), "none", "red"),
    (Status.NOT_ASSESSED, (), "none", "red"),
    # an open action before its target date: on track
    (Status.GAP, ((False, False, "in_progress"),), "on_track", "yellow"),
    # one overdue action makes it red even beside one on track
    (Status.GAP, ((False, False, "planned"), (True, False, "planned")), "overdue", "red"),
    # only a done action while the gap remains: nothing is on track any more
    (Status.GAP, ((False, True, "done"),), "done_unverified", "red"),
    (Status.NOT_ASSESSED, ((False, True, "done"), (False, False, "planned")), "on_track", "yellow"),
])
def test_standing_and_light(status: Status, states: tuple[tuple[bool, bool, str], ...], want_standing: str | None,
                            want_light: str | None) -> None:
    made = tuple(ActionState(_action(s), overdue, unverified) for overdue, unverified, s in states)
    assert standing(status, made) == want_standing
    assert light(status, made) == want_light


def test_the_target_day_itself_is_on_time() -> None:
    a = _action(target=AS_OF)
    assert not a.overdue(AS_OF)
    assert a.overdue(AS_OF + DAY)
    assert not attrs.evolve(a, status="done").overdue(AS_OF + DAY)


# ------------------------------------------------------------------------------------- a profile with actions

KS = """\
format: tsp-profile/1
profile: {id: ks, name: Kommunstyrelsen, kind: kommunstyrelse, illustrative: true}
traits:
  covered_by_security_protection_act: false
  employs_staff: true
  owns_or_uses_buildings: false
evidence:
  - kind: threat_violence_risk_assessment
    date: 2026-03-01
    reference: "Illustrativt: riskbedömning"
actions:
%s
"""

ACTIONS = """\
  - obligation: AMV-HOT-OCH-VALD
    description: Se över riskbedömningen
    responsible: HR-chef
    decided_on: 2026-01-15
    decided_by: Kommunstyrelsen
    target_date: 2026-04-30
    status: done
  - obligation: BRF-LAGESBILD
    description: Ta fram en lägesbild
    responsible: säkerhetssamordnare
    responsible_name: Anna Exempel
    decided_on: 2026-01-15
    decided_by: Kommunstyrelsen
    target_date: 2026-05-31
    status: planned
    reference: KS 2026/12
  - obligation: BRF-ATGARDSPLAN
    description: Anta en åtgärdsplan
    responsible: kommundirektör
    decided_on: 2026-01-15
    decided_by: Kommunstyrelsen
    target_date: 2026-06-01
    status: in_progress
  - obligation: BRF-SAMORDNINGSFUNKTION
    description: Utse en samordnare
    responsible: kommundirektör
    decided_on: 2026-01-15
    decided_by: Kommunstyrelsen
    target_date: 2026-03-01
    status: done
"""


def _write(tmp_path: Path, actions_text: str = ACTIONS) -> Path:
    path = tmp_path / "ks.yaml"
    path.write_text(KS % actions_text.rstrip("\n"), encoding="utf-8")
    return path


def test_a_profile_with_actions_by_hand(tmp_path: Path) -> None:
    """As of 2026-06-01, with no evidence but the risk assessment (from 2026-03-01, met):
    - AMV-HOT-OCH-VALD is met, so its done action is not needed (a warning), and the light is green;
    - BRF-LAGESBILD is a gap whose planned action was due 2026-05-31: overdue, red;
    - BRF-ATGARDSPLAN is a gap whose action is due on the check date itself: on track, yellow;
    - BRF-SAMORDNINGSFUNKTION is a gap whose action is marked done: flagged, red."""
    report = check([_write(tmp_path)], ruleset="lagkrav-kommun", as_of=AS_OF, engine="python")
    by_id = {f.obligation: f for f in report.findings}
    assert by_id["AMV-HOT-OCH-VALD"].status is Status.MET and by_id["AMV-HOT-OCH-VALD"].light == "green"
    lagesbild, plan, samordning = by_id["BRF-LAGESBILD"], by_id["BRF-ATGARDSPLAN"], by_id["BRF-SAMORDNINGSFUNKTION"]
    assert (lagesbild.status, lagesbild.light, lagesbild.actions[0].overdue) == (Status.GAP, "red", True)
    assert (plan.status, plan.light, plan.actions[0].overdue) == (Status.GAP, "yellow", False)
    assert (samordning.status, samordning.light, samordning.actions[0].unverified) == (Status.GAP, "red", True)
    [warned] = [w for w in report.warnings if w.code == "action_not_needed"]
    assert warned.obligation == "AMV-HOT-OCH-VALD"
    assert "behövs inte" in warned.message("sv") and "uppfylld" in warned.message("sv")
    gaps = report.counts["gap"] + report.counts["not_assessed"]
    counted = report.action_counts
    assert (counted["overdue"], counted["on_track"], counted["done_unverified"]) == (1, 1, 1)
    assert counted["none"] == gaps - 3

    data = report.to_data("sv")
    jsonschema.validate(data, report_schema())
    [item] = [f for f in data["findings"] if f["obligation"] == "BRF-LAGESBILD"]
    assert item["actions"][0] == {
        "description": "Ta fram en lägesbild", "responsible": "säkerhetssamordnare",
        "responsible_name": "Anna Exempel", "decided_on": "2026-01-15", "decided_by": "Kommunstyrelsen",
        "target_date": "2026-05-31", "status": "planned", "status_label": "planerad", "reference": "KS 2026/12",
        "done_on": None, "overdue": True, "unverified": False}
    assert data["summary"]["actions"] == counted


def test_the_text_report_shows_each_action(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(_write(tmp_path)), "--ruleset", "lagkrav-kommun",
                                       "--as-of", "2026-06-01"])
    out = result.output
    assert "Åtgärd: Ta fram en lägesbild (KS 2026/12): ansvarig säkerhetssamordnare (Anna Exempel), " \
           "måldatum 2026-05-31, planerad, FÖRSENAD" in out
    assert "Åtgärd: Anta en åtgärdsplan: ansvarig kommundirektör, måldatum 2026-06-01, pågående\n" in out
    assert "klar, åtgärden är klarmarkerad men underlaget saknas" in out
    assert "Trafikljus: röd; ingen åtgärd" in out  # another gap, with no action
    assert "en enligt plan, en försenad, en klarmarkerad utan underlag" in out
    assert "[ks] (illustrativa uppgifter, inte en verklig bedömning) – trafikljus röd" in out


# ------------------------------------------------------------------------------------- bad actions


@pytest.mark.parametrize(("change", "line", "field", "words"), [
    (("AMV-HOT-OCH-VALD", "AMV-HOT-OCH-VALT"), 12, "actions[0].obligation", "okänd skyldighet"),
    (("target_date: 2026-04-30", "target_date: 2026-01-14"), 17, "actions[0].target_date", "ligger före"),
    (("    responsible: HR-chef\n", ""), 12, "actions[0].responsible", "saknas"),
    (("status: done\n  - obligation: BRF-LAGESBILD", "status: klar\n  - obligation: BRF-LAGESBILD"), 18,
     "actions[0].status", "planned"),
])
def test_a_bad_action_is_a_located_error(tmp_path: Path, change: tuple[str, str], line: int, field: str,
                                         words: str) -> None:
    text = ACTIONS.replace(*change, 1)
    assert text != ACTIONS
    path = _write(tmp_path, text)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["check", str(path), "--ruleset", "lagkrav-kommun", "--as-of", "2026-06-01",
                                       "--format", "json", "-o", str(out)])
    assert result.exit_code == 2
    assert f"{path}:{line}:" in result.output and f"[{field}]" in result.output and words in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_actions_round_trip_through_yaml(rs: Ruleset) -> None:
    from tsp_rules.model.profile import profile_from_text

    a = Action(rs.obligation_ids[0], "Gör det", "ansvarig", dt.date(2026, 1, 1), "Nämnden", dt.date(2026, 2, 1),
               "done", "Namn", "Dnr 1", dt.date(2026, 1, 20))
    profile = Profile("p", "Profil p", "facknamnd", True, None, {}, None, (), actions=(a,))
    assert profile_from_text(profile_to_yaml(profile), ruleset=rs).actions == (a,)


def test_the_report_is_json_serialisable_with_actions(tmp_path: Path) -> None:
    report = check([_write(tmp_path)], ruleset="lagkrav-kommun", as_of=AS_OF, engine="python")
    assert json.loads(report.to_json("en"))["findings"][0]["actions"] is not None


# ------------------------------------------------------------------------------------- every format


@pytest.fixture(scope="module")
def acted(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return check([_write(tmp_path_factory.mktemp("acted"))], ruleset="lagkrav-kommun", as_of=AS_OF, engine="python")


def test_markdown_shows_actions_and_lights(acted: Report) -> None:
    out = markdown.render(acted, "sv")
    assert "**Trafikljus:** röd" in out  # the body's
    assert ("  - **Ta fram en lägesbild (KS 2026/12): ansvarig säkerhetssamordnare (Anna Exempel), måldatum "
            "2026-05-31, planerad, FÖRSENAD**") in out
    assert "  - Anta en åtgärdsplan: ansvarig kommundirektör, måldatum 2026-06-01, pågående\n" in out
    assert "- **Åtgärder:** ingen åtgärd" in out
    assert "en enligt plan, en försenad, en klarmarkerad utan underlag" in out


def test_csv_and_xlsx_carry_light_standing_and_actions(acted: Report) -> None:
    rows = list(csvmod.reader(io.StringIO(csv_renderer.render(acted, "sv"))))
    head = rows[0]
    by_id = {r[head.index("obligation")]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert (by_id["BRF-LAGESBILD"]["light"], by_id["BRF-LAGESBILD"]["light_label"]) == ("red", "röd")
    assert by_id["BRF-LAGESBILD"]["action_standing"] == "overdue"
    assert by_id["BRF-ATGARDSPLAN"]["action_standing"] == "on_track"
    assert by_id["BRF-SAMORDNINGSFUNKTION"]["action_standing"] == "done_unverified"
    assert by_id["AMV-HOT-OCH-VALD"]["light"] == "green" and by_id["AMV-HOT-OCH-VALD"]["action_standing"] == ""
    assert "FÖRSENAD" in by_id["BRF-LAGESBILD"]["actions"]

    wb = load_workbook(io.BytesIO(xlsx.render(acted, "sv")))
    sheet = wb["Resultat"]
    header = [c.value for c in sheet[1]]
    col = header.index("Trafikljus") + 1  # the workbook is for people: Swedish headers (issue 24)
    lights = {sheet.cell(row=r, column=header.index("Skyldighet") + 1).value: sheet.cell(row=r, column=col)
              for r in range(2, sheet.max_row + 1)}
    assert lights["BRF-ATGARDSPLAN"].value == "gul"
    assert lights["BRF-ATGARDSPLAN"].fill.start_color.rgb.endswith(LIGHT_COLOURS["yellow"].lstrip("#").upper())
    matrix = wb["Matris"]
    assert matrix.cell(row=1, column=matrix.max_column).value == "Trafikljus"
    assert matrix.cell(row=2, column=matrix.max_column).value == "röd"


def test_html_body_page_and_matrix_show_lights_in_words(acted: Report, tmp_path: Path) -> None:
    page = html.render(acted, "sv")
    assert '<span class="light l-yellow">gul</span>' in page  # the word on the colour, never colour alone
    assert 'class="action overdue" data-action-status="planned" data-overdue>' in page
    assert "ingen åtgärd" in page
    other = check([_write(tmp_path), Path("fixtures/exempelkommun/miljonamnden.yaml")], ruleset="lagkrav-kommun",
                  as_of=AS_OF, engine="python")
    matrix = html.render(other, "sv")
    assert '<th class="area light" scope="col" rowspan="2">Trafikljus</th>' in matrix
    assert '<td class="light l-red" data-light="red">röd</td>' in matrix
    assert 'data-light="yellow"' in matrix and "Åtgärd: Anta en åtgärdsplan" in matrix


# ------------------------------------------------------------------------------------- follow-up: diff and due


def _json_report(tmp_path: Path, name: str, actions_text: str, as_of: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    out = folder / "report.json"
    result = CliRunner().invoke(main, ["check", str(_write(folder, actions_text)), "--ruleset", "lagkrav-kommun",
                                       "--as-of", as_of, "--format", "json", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out


def test_diff_reports_action_changes(tmp_path: Path) -> None:
    """Before (2026-05-01), ACTIONS as above: nothing is overdue yet (the earliest open target is 2026-05-31).
    After (2026-06-01): the lägesbild action is overdue; the samordning action is dropped; the åtgärdsplan
    action is marked done; a new action on BRF-ATGARDSPLAN is added. Statuses do not change."""
    dropped = ("  - obligation: BRF-SAMORDNINGSFUNKTION\n    description: Utse en samordnare\n"
               "    responsible: kommundirektör\n    decided_on: 2026-01-15\n    decided_by: Kommunstyrelsen\n"
               "    target_date: 2026-03-01\n    status: done\n")
    added = ("  - obligation: BRF-ATGARDSPLAN\n    description: Förankra planen i nämnderna\n"
             "    responsible: kommundirektör\n    decided_on: 2026-05-20\n    decided_by: Kommunstyrelsen\n"
             "    target_date: 2026-10-31\n    status: planned\n")
    after_text = ACTIONS.replace(dropped, added).replace(
        "    target_date: 2026-06-01\n    status: in_progress", "    target_date: 2026-06-01\n    status: done")
    assert after_text.count("obligation:") == 4 and "Utse en samordnare" not in after_text
    old = _json_report(tmp_path, "old", ACTIONS, "2026-05-01")
    new = _json_report(tmp_path, "new", after_text, "2026-06-01")
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json"])
    data = json.loads(result.output)
    got = {(c["category"], c["obligation"], c["description"]) for c in data["action_changes"]}
    assert got == {("action_overdue", "BRF-LAGESBILD", "Ta fram en lägesbild"),
                   ("action_new", "BRF-ATGARDSPLAN", "Förankra planen i nämnderna"),
                   ("action_done", "BRF-ATGARDSPLAN", "Anta en åtgärdsplan"),
                   ("action_dropped", "BRF-SAMORDNINGSFUNKTION", "Utse en samordnare")}
    assert data["summary"]["action_overdue"] == 1 and data["summary"]["action_changed"] == 0
    assert data["diff_version"] == "1.2"
    text = CliRunner().invoke(main, ["diff", str(old), str(new)]).output
    assert "Åtgärder som blivit försenade (1)" in text
    assert ("BRF-LAGESBILD: Ta fram en lägesbild: ansvarig säkerhetssamordnare, måldatum 2026-05-31, planerad → "
            "ansvarig säkerhetssamordnare, måldatum 2026-05-31, planerad, försenad") in text
    assert "Åtgärder som inte längre finns med (1)" in text
    for fmt in ("markdown", "html"):
        assert "Klarmarkerade åtgärder (1)" in CliRunner().invoke(main, ["diff", str(old), str(new),
                                                                           "--format", fmt]).output


def test_diff_reads_reports_without_actions_and_rejects_bad_ones(tmp_path: Path) -> None:
    old = _json_report(tmp_path, "old", ACTIONS, "2026-06-01")
    data = json.loads(old.read_text(encoding="utf-8"))
    for f in data["findings"]:  # a report of schema 1.2 has no actions
        del f["actions"], f["light"]
    data["schema_version"] = "1.2"
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(older), str(old), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {c["category"] for c in json.loads(result.output)["action_changes"]} == {"action_new", "action_overdue"}
    data["findings"][0]["actions"] = [{"description": 3}]
    older.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(older), str(old)])
    assert result.exit_code == 2 and "findings[0].actions[0]" in result.output


def test_due_lists_open_actions_and_writes_a_calendar_per_role(tmp_path: Path) -> None:
    """From 2026-05-01 to 2026-12-31: the open actions are the lägesbild (2026-05-31, planned) and the
    åtgärdsplan (2026-06-01, in progress); the two marked done are not listed."""
    path = _write(tmp_path)
    folder = tmp_path / "kalendrar"
    result = CliRunner().invoke(main, ["due", str(path), "--ruleset", "lagkrav-kommun", "--from", "2026-05-01",
                                       "--until", "2026-12-31", "--per-responsible", str(folder)])
    assert result.exit_code in (0, 1), result.output
    assert ("2026-05-31  Kommunstyrelsen [ks]  BRF-LAGESBILD – Lägesbild över brottsligheten: Ta fram en lägesbild; "
            "ansvarig säkerhetssamordnare (Anna Exempel), planerad") in result.output
    assert "2026-06-01  Kommunstyrelsen [ks]  BRF-ATGARDSPLAN" in result.output
    assert "Se över riskbedömningen" not in result.output and "Utse en samordnare" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["kommundirektor.ics", "sakerhetssamordnare.ics"]
    ics = (folder / "sakerhetssamordnare.ics").read_text(encoding="utf-8")
    assert "DTSTART;VALUE=DATE:20260531" in ics and "Anta en" not in ics
    data = json.loads(CliRunner().invoke(main, ["due", str(path), "--ruleset", "lagkrav-kommun", "--from",
                                                "2026-06-02", "--until", "2026-06-30", "--format", "json"]).output)
    assert data["due_version"] == "1.1"
    # both open targets passed before 2026-06-02: listed as already overdue
    assert [(a["date"], a["overdue"]) for a in data["actions"]] == [("2026-05-31", True), ("2026-06-01", True)]


# ------------------------------------------------------------------------------------- the questionnaire


def _questionnaire(tmp_path: Path) -> Path:
    out = tmp_path / "enkat.xlsx"
    result = CliRunner().invoke(main, ["questionnaire", str(_write(tmp_path)), "--ruleset", "lagkrav-kommun",
                                       "--as-of", "2026-06-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_actions_sheet_is_prefilled_and_reads_back(tmp_path: Path) -> None:
    from tsp_rules.cycle.questionnaire.reader import read_workbook
    from tsp_rules.model.profile import load_profile

    path = _questionnaire(tmp_path)
    rules = load_ruleset("lagkrav-kommun")
    sheet = load_workbook(path)["Åtgärder"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3) if any(c.value for c in row)]
    # the profile's four actions, in its order, then one row per other gap or unassessed obligation on the date
    assert [r[0] for r in rows[:4]] == ["AMV-HOT-OCH-VALD", "BRF-LAGESBILD", "BRF-ATGARDSPLAN",
                                         "BRF-SAMORDNINGSFUNKTION"]
    assert rows[1][7] == "planerad" and rows[0][7] == "klar"
    report = check([tmp_path / "ks.yaml"], ruleset=rules, as_of=AS_OF, engine="python")
    acted = {"AMV-HOT-OCH-VALD", "BRF-LAGESBILD", "BRF-ATGARDSPLAN", "BRF-SAMORDNINGSFUNKTION"}
    open_ids = [f.obligation for f in report.findings
                if f.status in (Status.GAP, Status.NOT_ASSESSED) and f.obligation not in acted]
    assert open_ids and sorted(r[0] for r in rows[4:]) == sorted(open_ids)
    assert all(r[1] is None and r[10].startswith(("brist: ", "ej bedömt: ")) for r in rows[4:])
    # round trip: the prefilled rows without an action are not read; the actions come back unchanged
    profile, _ = read_workbook(path, rules)
    assert profile.actions == load_profile(tmp_path / "ks.yaml", rules).actions


def test_an_action_row_is_read_and_bad_cells_are_located(tmp_path: Path) -> None:
    from tsp_rules.cycle.questionnaire.reader import read_workbook

    path = _questionnaire(tmp_path)
    wb = load_workbook(path)
    sheet = wb["Åtgärder"]
    row = 3 + 4  # the first prefilled row
    ob = sheet.cell(row=row, column=1).value
    for col, value in zip(range(2, 9), ["Ta fram underlaget", "säkerhetssamordnare", None, "2026-06-02",
                                        "Kommunstyrelsen", "2026-10-31", "pågående"], strict=True):
        sheet.cell(row=row, column=col, value=value)
    sheet.cell(row=row + 1, column=2, value="Något")  # a second row half filled in
    sheet.cell(row=row + 1, column=8, value="kanske")
    sheet.cell(row=row + 1, column=7, value="2026-13-01")
    wb.save(path)
    rules = load_ruleset("lagkrav-kommun")
    with pytest.raises(InputError) as caught:
        read_workbook(path, rules)
    where = {(p.sheet, p.cell) for p in caught.value.problems}
    assert ("Åtgärder", f"C{row + 1}") in where  # responsible missing
    assert ("Åtgärder", f"G{row + 1}") in where  # not a date
    assert ("Åtgärder", f"H{row + 1}") in where  # not a status
    texts = " ".join(str(p) for p in caught.value.problems)
    assert f"enkat.xlsx!Åtgärder!H{row + 1}: the status must be planned, in progress or done, not 'kanske'" in texts
    result = CliRunner().invoke(main, ["import", str(path), "--ruleset", "lagkrav-kommun", "-o",
                                       str(tmp_path / "p.yaml")])
    assert result.exit_code == 2 and not (tmp_path / "p.yaml").exists()
    assert f"Åtgärder!H{row + 1}: status ska vara planerad, pågående eller klar, inte ”kanske”" in result.output
    sheet.delete_rows(row + 1)
    wb.save(path)
    profile, _ = read_workbook(path, rules)
    [new] = [a for a in profile.actions if a.description == "Ta fram underlaget"]
    assert (new.obligation, new.status, new.target_date) == (ob, "in_progress", dt.date(2026, 10, 31))


# ------------------------------------------------------------------------------------- the draft internkontrollplan


def test_the_draft_internkontrollplan(tmp_path: Path) -> None:
    """With ACTIONS as of 2026-06-01: every gap or unassessed obligation is a row; the two with open actions
    (BRF-LAGESBILD, planned and overdue; BRF-ATGARDSPLAN, in progress) carry their responsible and target
    date; the samordning gap's only action is done, so its row has none; no risk value is ever filled in."""
    from docx import Document

    path = _write(tmp_path)
    out, word = tmp_path / "plan.xlsx", tmp_path / "bilaga.docx"
    args = ["internkontrollplan", str(path), "--ruleset", "lagkrav-kommun", "--as-of", "2026-06-01", "-o", str(out),
            "--docx", str(word)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    ws = load_workbook(out).active
    assert ws["A1"].value == "Utkast till internkontrollplan: Kommunstyrelsen"
    assert str(ws["A2"].value).startswith("UTKAST – att fastställas av nämnden.")
    header = [c.value for c in ws[4]]
    assert header[:9] == ["Nämnd eller bolag", "Process eller område", "Skyldighet", "Resultat vid kontrollen",
                          "Kontrollmoment", "Sannolikhet (1–4)", "Konsekvens (1–4)", "Riskvärde", "Kontrollmetod"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5) if row[0].value]
    report = check([path], ruleset="lagkrav-kommun", as_of=AS_OF, engine="python")
    open_findings = [f for f in report.findings if f.status in (Status.GAP, Status.NOT_ASSESSED)]
    assert len(rows) == len(open_findings)  # each has at most one open action here
    by_id = {str(r[2]).split(" – ")[0]: r for r in rows}
    col = {k: header.index(k) for k in ("Kontrollansvarig", "Tidpunkt", "Åtgärd", "Sannolikhet (1–4)",
                                        "Konsekvens (1–4)", "Riskvärde", "Källa")}
    assert by_id["BRF-LAGESBILD"][col["Kontrollansvarig"]] == "säkerhetssamordnare (Anna Exempel)"
    assert by_id["BRF-LAGESBILD"][col["Tidpunkt"]] == "2026-05-31"
    assert "FÖRSENAD" in by_id["BRF-LAGESBILD"][col["Åtgärd"]]
    assert by_id["BRF-ATGARDSPLAN"][col["Tidpunkt"]] == "2026-06-01"
    assert by_id["BRF-SAMORDNINGSFUNKTION"][col["Kontrollansvarig"]] is None
    for r in rows:  # never a risk value: the scores are empty, the risk value a formula over them
        assert r[col["Sannolikhet (1–4)"]] is None and r[col["Konsekvens (1–4)"]] is None
        assert str(r[col["Riskvärde"]]).startswith("=IF(AND(ISNUMBER(")
        assert r[col["Källa"]]
    assert ws.data_validations.dataValidation[0].formula1 == "1"
    doc = Document(str(word))
    assert doc.paragraphs[0].text.startswith("Bilaga: Utkast till internkontrollplan")
    assert any(p.text.startswith("UTKAST – att fastställas av nämnden") for p in doc.paragraphs)
    assert len(doc.tables[0].rows) == 1 + len(open_findings)
    again = tmp_path / "again.xlsx"
    assert CliRunner().invoke(main, [*args[:-4], "-o", str(again)]).exit_code == 0
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_the_plan_of_a_bad_profile_writes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, ACTIONS.replace("status: planned", "status: soon"))
    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["internkontrollplan", str(path), "--ruleset", "lagkrav-kommun", "-o", str(out)])
    assert result.exit_code == 2 and "actions[1].status" in result.output and not out.exists()


def test_the_exempelkommun_fixtures_actions_worked_out_by_hand() -> None:
    """fixtures/exempelkommun as of 2026-06-01 (the files' comments say the same): the kommunstyrelse's
    lägesbild action (in progress, target 2026-09-30) is on track, its säkerhetsskydd action (planned, target
    2026-04-30) overdue; socialnämnden's action is marked done while its gap remains; miljönämnden's
    unassessed fire protection has no action. The statuses are those the files expected before actions."""
    report = check([Path("fixtures/exempelkommun")], ruleset="lagkrav-kommun", as_of=AS_OF, engine="python")
    found = {(f.profile, f.obligation): f for f in report.findings}
    ks, social, miljo = "exempelvik-kommunstyrelsen", "exempelvik-socialnamnden", "exempelvik-miljonamnden"
    cases = [((ks, "BRF-LAGESBILD"), Status.GAP, "on_track", "yellow"),
             ((ks, "SSK-SAKERHETSSKYDDSATGARDER"), Status.GAP, "overdue", "red"),
             ((social, "AMV-HOT-OCH-VALD"), Status.GAP, "done_unverified", "red"),
             ((miljo, "LSO-BRANDSKYDD"), Status.NOT_ASSESSED, "none", "red")]
    for key, status, standing_want, light_want in cases:
        f = found[key]
        assert (f.status, f.standing, f.light) == (status, standing_want, light_want), key
    assert found[(social, "AMV-HOT-OCH-VALD")].actions[0].unverified
    assert not [w for w in report.warnings if w.code == "action_not_needed"]


def test_actions_in_a_check_of_several_rulesets(tmp_path: Path) -> None:
    """Each ruleset is evaluated with only its own obligations' actions (the profile is restricted to it);
    the findings still carry theirs."""
    report = check([_write(tmp_path)], rulesets=["lagkrav-kommun", "tsp-2018-2021"], as_of=AS_OF, engine="python")
    lagesbild = next(f for f in report.findings if f.obligation == "BRF-LAGESBILD")
    assert lagesbild.ruleset == "lagkrav-kommun" and lagesbild.actions[0].overdue
    assert all(not f.actions for f in report.findings if f.ruleset == "tsp-2018-2021")
