"""What replaced a part, as worded on the check date (a part's ``superseded_by`` given as dated texts).

Expected values are worked out from `rulesets/lagkrav-kommun.yaml`: the part `sakerhetsskydd-1996` ends on
2019-03-31; from 2019-04-01 it had been replaced by "säkerhetsskyddslagen (2018:585) och
säkerhetsskyddsförordningen (2018:658)", and from 2021-12-01 (when förordning 2021:955 replaced 2018:658: the
ruleset's sources `sakerhetsskyddsforordningen-2018` and `-2021`) by "säkerhetsskyddslagen (2018:585) med
förordning (2018:658, från 1 december 2021 förordning 2021:955)". The part `sakerhetsskydd-2018` starts on
2019-04-01, so the replacement is itself checked ("som prövas i stället"). The sentences are those of
`REPLACED_NOTE`, the reason `superseded` and the warning `parts_superseded`, with the dates in words."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules import RulesetError, check, load_ruleset
from tsp_rules.commands.cli import main
from tsp_rules.model.compiler import ruleset_from_text
from tsp_rules.model.ruleset import check_lang
from tsp_rules.texts import Text

ROOT = Path(__file__).resolve().parent.parent
KS = ROOT / "fixtures" / "stockholm" / "kommunstyrelsen.yaml"
LAG = load_ruleset("lagkrav-kommun")

OLD = Text("säkerhetsskyddslagen (1996:627) och säkerhetsskyddsförordningen (1996:633)",
           "the Protective Security Act (1996:627) and Ordinance (1996:633)")
BY_2019 = Text("säkerhetsskyddslagen (2018:585) och säkerhetsskyddsförordningen (2018:658)",
               "the Protective Security Act (2018:585) with the Protective Security Ordinance (2018:658)")
BY_2021 = Text("säkerhetsskyddslagen (2018:585) med förordning (2018:658, från 1 december 2021 förordning 2021:955)",
               "the Protective Security Act (2018:585) with its ordinance (2018:658, from 1 December 2021 "
               "ordinance 2021:955)")
DAYS = {"2020-09-01": (BY_2019, Text("1 september 2020", "1 September 2020")),
        "2022-01-01": (BY_2021, Text("1 januari 2022", "1 January 2022"))}


def expected(day: str, lang: str) -> dict[str, str]:
    """The sentences a report on ``day`` says about the part, worked out from the ruleset and the templates."""
    by, said = (t.get(check_lang(lang)) for t in DAYS[day])
    old = OLD.get(check_lang(lang))
    if lang == "sv":
        return {
            "note": f"(ersatt 1 april 2019 av {by}, som prövas i stället)",
            "reason": f"Skyldigheten hör till {old}, som gällde till och med 31 mars 2019 och sedan ersattes av {by}. "
                      f"Skyldigheterna enligt {by} prövas i stället, som egna skyldigheter i detta regelverk.",
            "warning": f"Per {said} hade {old} ersatts av {by}; de skyldigheterna redovisas som ej tillämpliga från "
                       "och med 1 april 2019.",
        }
    return {
        "note": f"(replaced on 1 April 2019 by {by}, which is checked instead)",
        "reason": f"The obligation belongs to {old}, which applied until 31 March 2019 and was then replaced by {by}. "
                  f"The duties under {by} are checked instead, as obligations of their own in this ruleset.",
        "warning": f"As of {said}, {old} had been replaced by {by}; those obligations are reported as not "
                   "applicable from 1 April 2019.",
    }


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output  # 1: the body has gaps on one of the dates
    return result.stdout


def test_the_part_carries_its_dated_texts() -> None:
    part = next(p for p in LAG.parts if p.id == "sakerhetsskydd-1996")
    assert part.valid_to == dt.date(2019, 3, 31)
    assert part.superseded_by == BY_2019 and part.superseded_later == ((dt.date(2021, 12, 1), BY_2021),)
    assert part.superseded_on(dt.date(2019, 4, 1)) == BY_2019
    assert part.superseded_on(dt.date(2021, 11, 30)) == BY_2019
    assert part.superseded_on(dt.date(2021, 12, 1)) == BY_2021
    assert part.superseded_on(dt.date(2026, 6, 1)) == BY_2021


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("day", sorted(DAYS))
def test_a_text_report_names_what_existed_on_its_date(day: str, lang: str) -> None:
    out = run("check", str(KS), "--ruleset", "lagkrav-kommun", "--as-of", day, "--lang", lang)
    want = expected(day, lang)
    for ob in ("SSK-SAKERHETSANALYS-1996", "SSK-SAKERHETSSKYDD-1996"):
        line = next(x for x in out.splitlines() if f" {ob} – " in x)
        assert line.endswith(want["note"]), line
    assert out.count(want["reason"]) == 2  # the two obligations of the part
    assert f"- {want['warning']}" in out
    if day < "2021-12-01":  # the ordinance of 2021 did not exist yet
        assert "2021:955" not in out


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("day", sorted(DAYS))
def test_a_json_report_names_what_existed_on_its_date(day: str, lang: str) -> None:
    data = json.loads(run("check", str(KS), "--ruleset", "lagkrav-kommun", "--as-of", day, "--lang", lang,
                          "--format", "json"))
    want = expected(day, lang)
    by = DAYS[day][0].get(check_lang(lang))
    replaced = [f for f in data["findings"] if f["replaced"] is not None]
    assert {f["obligation"] for f in replaced} == {"SSK-SAKERHETSANALYS-1996", "SSK-SAKERHETSSKYDD-1996"}
    for f in replaced:
        assert f["replaced"] == {"part": "sakerhetsskydd-1996", "part_title": OLD.get(check_lang(lang)), "by": by,
                                 "on": "2019-04-01", "in_check": True}
        assert [r["message"] for r in f["reasons"]] == [want["reason"]]
    assert [w["message"] for w in data["warnings"] if w["code"] == "parts_superseded"] == [want["warning"]]
    if day < "2021-12-01":
        assert "2021:955" not in json.dumps(data, ensure_ascii=False)


def test_two_dates_in_one_process_give_their_own_texts() -> None:
    """The reasons of a part not in force are kept once per process (``explain.SHARED``) and per check date
    (the compiled plan's tables): the wording of one date is never given on another."""
    for day in ("2020-09-01", "2022-01-01", "2020-09-01", "2022-01-01"):
        for engine in ("python", "durable"):
            report = check([KS], LAG, day, engine)
            by = DAYS[day][0]
            for f in report.findings:
                if f.obligation in ("SSK-SAKERHETSANALYS-1996", "SSK-SAKERHETSSKYDD-1996"):
                    assert f.replaced is not None and f.replaced.by == by, (day, engine)
                    for lang in ("sv", "en"):
                        assert f.reasons[0].message(lang) == expected(day, lang)["reason"], (day, engine)
            assert [w.message("sv") for w in report.warnings
                    if w.code == "parts_superseded"] == [expected(day, "sv")["warning"]]


# ------------------------------------------------------------------------------------------ bad input

PART = """  - id: sakerhetsskydd-1996
    title:
      sv: säkerhetsskyddslagen (1996:627) och säkerhetsskyddsförordningen (1996:633)
      en: the Protective Security Act (1996:627) and Ordinance (1996:633)
    valid_to: 2019-03-31
"""
FIRST = """      - from: 2019-04-01
        sv: säkerhetsskyddslagen (2018:585) och säkerhetsskyddsförordningen (2018:658)
"""
SECOND = """      - from: 2021-12-01
"""


def _bundled() -> str:
    text = (ROOT / "rulesets" / "lagkrav-kommun.yaml").read_text(encoding="utf-8")
    assert PART in text and FIRST in text and SECOND in text
    return text


def _line(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def _dated_block(text: str) -> tuple[int, int]:
    start = text.index("    superseded_by:\n      - from: 2019-04-01")
    return start, text.index("    basis:", start)


@pytest.mark.parametrize(("change", "field", "at", "sv", "en"), [
    (lambda t: t.replace(FIRST, FIRST.replace("2019-04-01", "2019-04-02"), 1), "superseded_by[0].from",
     "      - from: 2019-04-02\n",
     "den första texten ska gälla från dagen efter programdelens ”valid_to” (2019-03-31), alltså 2019-04-01, "
     "inte 2019-04-02",
     "the first text must hold from the day after the part's 'valid_to' (2019-03-31), that is 2019-04-01, not "
     "2019-04-02"),
    (lambda t: t.replace(SECOND, "      - from: 2019-04-01\n", 1), "superseded_by[1].from",
     "      - from: 2019-04-01\n        sv: säkerhetsskyddslagen (2018:585) med",
     "”from” (2019-04-01) måste ligga efter föregående texts ”from” (2019-04-01)",
     "'from' (2019-04-01) must be after the previous text's 'from' (2019-04-01)"),
    (lambda t: t.replace(PART, PART.replace("    valid_to: 2019-03-31\n", ""), 1), "superseded_by[0].from",
     FIRST, "programdelen ”sakerhetsskydd-1996” har inget slutdatum (”valid_to”)",
     "the part 'sakerhetsskydd-1996' has no end date ('valid_to')"),
    (lambda t: t.replace(FIRST, FIRST.replace("- from: 2019-04-01\n        sv", "- sv"), 1),
     "superseded_by[0].from", "      - sv: säkerhetsskyddslagen (2018:585) och", "fältet ”from” saknas", "'from'"),
    (lambda t: t.replace(FIRST, FIRST.replace("- from:", "- form:"), 1), "superseded_by[0].form",
     "      - form: 2019-04-01", "okänt fält ”form” (menade du ”from”?); tillåtna: ”en”, ”from”, ”sv”",
     "unknown field 'form'"),
    (lambda t: t[:_dated_block(t)[0]] + "    superseded_by: []\n" + t[_dated_block(t)[1]:], "superseded_by",
     "    superseded_by: []", "”superseded_by”", "'superseded_by'"),
])
def test_a_bad_dated_text_is_named_by_file_line_and_field(change: object, field: str, at: str, sv: str,
                                                          en: str) -> None:
    text = _bundled()
    bad = change(text)  # type: ignore[operator]
    assert bad != text and bad.count(at) == 1
    with pytest.raises(RulesetError) as err:
        ruleset_from_text(bad, "r.yaml")
    problems = err.value.problems
    assert {p.field for p in problems} <= {f"parts[1].{field}", "parts[1].superseded_by[0].from"}
    problem = next(p for p in problems if p.field == f"parts[1].{field}")  # 'form': 'from' is missing too
    assert problem.file == "r.yaml"
    assert problem.line == _line(bad, at), problem.render("en")
    assert sv in problem.render("sv") and en in problem.render("en")


def test_the_command_line_refuses_a_bad_dated_text(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text(_bundled().replace(SECOND, "      - from: 2019-01-01\n", 1), encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["check", str(KS), "--ruleset", str(bad), "--as-of", "2020-09-01",
                                       "--format", "json", "--output", str(out), "--lang", "en"])
    assert result.exit_code == 2 and not out.exists()
    assert "r.yaml:" in result.stderr and "parts[1].superseded_by[1].from" in result.stderr
    assert "Traceback" not in result.stderr
