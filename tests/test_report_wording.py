"""The reports' words for where a text comes from, why a duty does not apply, and what became of a duty
another ruleset owns (the second reading of the reports, 2026-12-07).

* a report of the statutory ruleset alone never presents its texts as the programme's, in any format or
  language: the Markdown labels an obligation's text by its citations ('Lagkrav', 'Programmet anger' only
  for the programme's words);
* every not-applicable line of the text report says why, in a few words after the title (the part is not
  yet in force, the duty is other bodies', a ground, a replaced part), in both languages;
* a ground is not an 'undantag' (only a decision is): '(gäller inte: inget geografiskt ansvarsområde)', the
  title in lower case after the colon;
* the programme's obligations that lagkrav-kommun reports (``same_duty_as``) are named once in the heading of
  a check of both, in the text, Markdown and HTML, with agreement in number, and not when one is checked;
* a warning names a decision in the definite form with its reference quoted ('Beslutet ”…” om ”…” går ut den
  31 december 2019');
* a trait the profile marks ``unassessed`` is said to be not assessed, not missing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from tsp_rules import Report, Status, check
from tsp_rules.checking.findings import RulesetInfo
from tsp_rules.model import provenance
from tsp_rules.model.ruleset import Citation, Lang, Source, Text
from tsp_rules.renderers import FORMATS, html, markdown, oscal, render, text
from tsp_rules.renderers.common import finding_note, lower_first, reported_under_lines

ROOT = Path(__file__).resolve().parent.parent
EXEMPEL = ROOT / "fixtures" / "exempelkommun"
STOCKHOLM = ROOT / "fixtures" / "stockholm"

PROGRAMME_WORDS = {
    "sv": re.compile(r"(?<![\wåäö])programmets?(?![\wåäö])", re.IGNORECASE),
    "en": re.compile(r"\bthe programme(?:'s)?\b(?! for)", re.IGNORECASE),  # not 'action programme for …'
}


@pytest.fixture(scope="module")
def statutory() -> Report:
    return check(EXEMPEL, rulesets=["lagkrav-kommun"], as_of=dt.date(2026, 6, 1))


def _as_text(output: str | bytes) -> str:
    if isinstance(output, str):
        return output
    with zipfile.ZipFile(io.BytesIO(output)) as book:  # xlsx: every part's text
        return "\n".join(book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml"))


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("fmt", [*FORMATS, "oscal"])
def test_a_statutory_report_never_calls_its_text_the_programmes(statutory: Report, fmt: str, lang: Lang) -> None:
    out = (oscal.to_json(oscal.assessment_results(statutory, lang)) if fmt == "oscal"
           else _as_text(render(statutory, fmt, lang)))
    assert out
    found = PROGRAMME_WORDS[lang].findall(out)
    assert not found, (fmt, lang, found[:5])


def test_the_markdown_labels_a_text_by_where_it_comes_from(statutory: Report) -> None:
    page = markdown.render(statutory, "sv")
    labels = set(re.findall(r"^- \*\*(Lagkrav|Programmet anger|Regelverket anger|Regelverkets krav):\*\*", page,
                            re.MULTILINE))
    assert labels == {"Lagkrav"}
    programme = markdown.render(check(STOCKHOLM / "miljo-och-halsoskyddsnamnden.yaml", as_of=dt.date(2019, 11, 30),
                                      rulesets=["tsp-2018-2021"]), "sv")
    assert "- **Programmet anger:** Varje nämnd och bolag ska" in programme  # the programme's own words
    # the programme's duty that is the law's (säkerhetsskyddslagen; cited to the law only) is a legal requirement
    block = programme.split("#### FO5-SAKERHETSSKYDDSANALYS", 1)[1].split("####", 1)[0]
    assert "- **Lagkrav:**" in block and "Programmet anger" not in block


def _citation(kind: str | None, provenance_: str) -> Citation:
    source = Source(id="s", title=Text("Lag (1):1", "Act (1):1"), reference="S", url=None, kind=kind) if kind else None
    return Citation(source, "1 §", None, provenance_, Text("r", "r") if provenance_ == "interpretation" else None)


@pytest.mark.parametrize(("kinds", "label"), [
    ([("law", "law")], "Lagkrav"),
    ([("law", "programme")], "Lagkrav"),  # a law source is law whatever the field says
    ([("law", "law"), (None, "interpretation")], "Lagkrav"),  # the ruleset's reasoning beside it: still law
    ([("programme", "programme")], "Programmet anger"),
    ([("remiss", "programme"), ("remiss", "remiss")], "Programmet anger"),
    ([("remiss", "remiss")], "Remissvaret anger"),
    ([(None, "interpretation")], "Regelverkets krav"),
    ([("remiss", "programme"), ("law", "law")], "Regelverket anger"),  # both: the ruleset's account of them
])
def test_stated_by(kinds: list[tuple[str | None, str]], label: str) -> None:
    assert provenance.stated_by([_citation(k, p) for k, p in kinds], "sv") == label


NOT_APPLICABLE = {"sv": "EJ TILLÄMPLIGT", "en": "NOT APPLICABLE"}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("folder", "day"), [(EXEMPEL, "2026-01-14"), (STOCKHOLM, "2020-09-01")],
                         ids=["exempelkommun", "stockholm"])
def test_every_not_applicable_line_of_the_text_report_says_why(folder: Path, day: str, lang: Lang) -> None:
    report = check(folder, as_of=dt.date.fromisoformat(day))
    lines = [line for line in text.render(report, lang).splitlines() if line.strip().startswith(NOT_APPLICABLE[lang])]
    assert len(lines) == sum(f.status is Status.NOT_APPLICABLE for f in report.findings) > 100
    bare = [line for line in lines if not line.endswith(")")]
    assert not bare, bare[:5]


@pytest.mark.parametrize(("lang", "in_force", "ks", "ground"), [
    ("sv", "(gäller från och med 15 januari 2026)", "(gäller kommunen, prövas hos kommunstyrelsen)",
     "(gäller inte: inget geografiskt ansvarsområde)"),
    ("en", "(applies from 15 January 2026)", "(applies to the municipality, checked at the executive board)",
     "(does not apply: no geographic area of responsibility)"),
])
def test_the_reasons_in_few_words(lang: Lang, in_force: str, ks: str, ground: str) -> None:
    cyber = text.render(check(EXEMPEL / "socialnamnden.yaml", as_of=dt.date(2026, 1, 14)), lang)
    assert any(line.endswith(in_force) for line in cyber.splitlines() if "CYB-ANMALAN" in line)
    assert any(line.endswith(ks) for line in cyber.splitlines() if "KRIS-RSA" in line)
    city = check(STOCKHOLM, as_of=dt.date(2020, 9, 1), rulesets=["tsp-2018-2021"])
    notes = {finding_note(f, lang) for f in city.findings if f.exemption == "no-geographic-area"}
    assert notes == {ground[1:-1]}
    assert not any("undantag:" in finding_note(f, "sv") for f in city.findings)
    grounded = [f for f in city.findings if f.exemption == "no-geographic-area"]
    assert grounded and all(
        f.reasons[0].message("sv").startswith("Skyldigheten gäller inte enligt grunden ”Inget geografiskt "
                                              "ansvarsområde”: ") and "ndantag" not in f.explanation("sv")
        for f in grounded)


def test_a_title_after_a_colon_starts_in_lower_case_unless_it_is_an_abbreviation() -> None:
    assert lower_first("Inget geografiskt ansvarsområde") == "inget geografiskt ansvarsområde"
    assert lower_first("Kommunstyrelsen tar fram") == "kommunstyrelsen tar fram"
    assert lower_first("MSB:s föreskrifter") == "MSB:s föreskrifter"
    assert lower_first("NIS 2-direktivet") == "NIS 2-direktivet"
    assert lower_first("") == ""


REPORTED_UNDER = ("Fyra av skyldigheterna i trygghets- och säkerhetsprogrammet (tsp-2018-2021) är lagkrav och "
                  "redovisas därför bara under regelverket lagkrav-kommun: Riskbedömning av hot och våld mot anställda "
                  "(FO3-HOT-OCH-VALD → AMV-HOT-OCH-VALD), Säkerhetsskyddsanalys (FO5-SAKERHETSSKYDDSANALYS → "
                  "SSK-SAKERHETSANALYS-1996 och SSK-SAKERHETSSKYDDSANALYS), Säkerhetsskyddsåtgärder "
                  "(FO5-SAKERHETSSKYDDSATGARDER → SSK-SAKERHETSSKYDD-1996 och SSK-SAKERHETSSKYDDSATGARDER) och "
                  "Krisledningsnämnd (KS-KRISLEDNINGSNAMND → KRIS-KRISLEDNINGSNAMND).")


def test_the_programmes_duties_reported_under_the_law_are_named_once() -> None:
    both = check(STOCKHOLM / "kommunstyrelsen.yaml", as_of=dt.date(2019, 11, 30))
    assert [i.id for i in both.ruleset_infos] == ["tsp-2018-2021", "lagkrav-kommun"]
    shown = {f.obligation for f in both.findings}
    assert not shown & {"FO3-HOT-OCH-VALD", "FO5-SAKERHETSSKYDDSANALYS", "KS-KRISLEDNINGSNAMND"}
    assert "AMV-HOT-OCH-VALD" in shown
    heading = text.render(both, "sv").split("\n\n", 1)[0]
    assert heading.splitlines()[-1] == REPORTED_UNDER
    assert markdown.render(both, "sv").count(REPORTED_UNDER) == 1
    assert html.render(both, "sv").count(REPORTED_UNDER) == 1
    english = text.render(both, "en").split("\n\n", 1)[0].splitlines()[-1]
    assert english.startswith("Four of the obligations of the safety and security programme (tsp-2018-2021) are "
                              "legal requirements and are therefore reported only under lagkrav-kommun: ")
    alone = check(STOCKHOLM / "kommunstyrelsen.yaml", as_of=dt.date(2019, 11, 30), rulesets=["tsp-2018-2021"])
    assert "redovisas därför bara under" not in text.render(alone, "sv")
    assert reported_under_lines(alone.ruleset_infos, "sv") == []


def test_one_duty_reported_under_another_ruleset_agrees_in_number() -> None:
    info = RulesetInfo("a", "1.0.0", "sha256:" + "0" * 64, Text("A", "A"),
                       reported_under=(("X-1", Text("Krisledningsnämnd", "Crisis committee"), "b", ("Y-1",)),))
    assert reported_under_lines([info], "sv") == [
        "En av skyldigheterna i A (a) är ett lagkrav och redovisas därför bara under regelverket b: "
        "Krisledningsnämnd (X-1 → Y-1)."]
    assert reported_under_lines([info], "en") == [
        "One of the obligations of A (a) is a legal requirement and is therefore reported only under b: "
        "Crisis committee (X-1 → Y-1)."]


def test_a_decision_about_to_expire_is_named_as_the_other_warnings_name_it() -> None:
    report = check(STOCKHOLM / "valnamnden.yaml", as_of=dt.date(2019, 11, 30), rulesets=["tsp-2018-2021"])
    messages = {w.code: (w.message("sv"), w.message("en")) for w in report.warnings}
    assert messages["waiver_expiring"] == (
        "Beslutet ”Illustrativt: SLK 2019/0233” om ”Utsedd säkerhetssamordnare” (ARB-SAKERHETSSAMORDNARE) går ut "
        "den 31 december 2019 (om 31 dagar).",
        "The decision “Illustrativt: SLK 2019/0233” on “Designated security coordinator” (ARB-SAKERHETSSAMORDNARE) "
        "expires on 31 December 2019 (in 31 days).")


def test_a_trait_marked_unassessed_is_not_called_missing(tmp_path: Path) -> None:
    source = EXEMPEL / "miljonamnden.yaml"
    assert "  owns_or_uses_buildings: unassessed\n" in source.read_text(encoding="utf-8")
    lacking = tmp_path / "miljonamnden.yaml"
    lacking.write_text(source.read_text(encoding="utf-8").replace("  owns_or_uses_buildings: unassessed\n", ""),
                       encoding="utf-8")
    day = dt.date(2026, 6, 1)
    said, missing = (next(f for f in check(path, as_of=day, rulesets=["lagkrav-kommun"]).findings
                          if f.obligation == "LSO-BRANDSKYDD") for path in (source, lacking))
    assert said.status is missing.status is Status.NOT_ASSESSED
    trait = "”Äger eller nyttjar byggnader eller andra anläggningar”"
    assert said.reasons[0].message("sv") == (
        f"Profilen anger att uppgiften {trait} inte är bedömd; den avgör om eller hur skyldigheten gäller. "
        "Uppgifter som saknas räknas aldrig som uppfyllda.")
    assert missing.reasons[0].message("sv") == (
        f"Profilen saknar uppgiften {trait}, som avgör om eller hur skyldigheten gäller. "
        "Uppgifter som saknas räknas aldrig som uppfyllda.")
    assert said.reasons[0].message("en").startswith("The profile says that “Owns or uses buildings or other "
                                                    "facilities” is not assessed; it decides")
    assert said.to_data("sv")["reasons"][0]["data"] == missing.to_data("sv")["reasons"][0]["data"]  # JSON unchanged
