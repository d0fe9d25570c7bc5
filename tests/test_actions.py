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
    assert "1 enligt plan, 1 försenad, 1 klarmarkerad utan underlag" in out
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
    assert "1 enligt plan, 1 försenad, 1 klarmarkerad utan underlag" in out


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
