"""``tsp-check explain`` through click's CliRunner, and the generated docs/obligations*.md kept in step."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules import Ruleset
from tsp_rules.authoring.docgen import main as docgen_main
from tsp_rules.authoring.docgen import render
from tsp_rules.commands.cli import main
from tsp_rules.texts import organ

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"


def _explain(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["explain", *args])
    return result.exit_code, result.stdout, result.stderr


def test_explain_in_swedish_by_default() -> None:
    code, out, err = _explain("FO2-LAGESBILD")
    assert code == 0, err
    assert out.startswith("FO2-LAGESBILD: Lägesbild avseende brott i området\n")
    assert ("Gäller: alla nämnder och bolag utom kommunstyrelsen, som tar fram de stadsövergripande lägesbilderna; "
            "nämnder och bolag utan eget stadsdelsområde bidrar") in out
    assert "aktualitetskrav: inte äldre än tolv månader" in out     # the cadence
    assert "Lägesbild brott" in out                                 # the evidence that meets it
    assert "samverkanspartnerna omfattar polisen" in out            # its content condition, in words
    assert "(no-geographic-area-contribution)" in out and "anpassat krav" in out  # an id after its title
    assert "(specialised-authority)" in out and "lägesbildens omfattning är tillsynsområdena" in out
    assert "partners omfattar police" not in out and "scope:" not in out
    assert "Remissvar från Miljö- och hälsoskyddsnämnden" in out    # a ground cited to the body's remiss
    assert "Programmet, som det återges i remissvaret" in out       # the text: the programme, paraphrased
    assert "Regelverkets tolkning:" in out                          # an interpretation, labelled as such
    assert 'avsnitt ”Goda beslutsunderlag”' in out                  # the citation
    assert "**" not in out and "<a " not in out


def test_explain_in_english_with_alternatives_and_term_cadence() -> None:
    code, out, _ = _explain("fo1-riskhantering", "--lang", "en")
    assert code == 0
    assert out.startswith("FO1-RISKHANTERING: ")
    assert "Accident risk analysis with decisions on measures — how recent: at most twelve months old" in out
    assert "Risk and vulnerability analysis" not in out            # an RSA no longer stands in for it
    assert "No exemption ground affects this obligation." in out
    code, out, _ = _explain("FO4-RSA", "--lang", "en")
    assert "due by 31 October in the year after the election (elections 2014, 2018, 2022)" in out
    assert "MSBFS 2015:5" in out


def test_explain_shows_applicability_condition_and_law_citation() -> None:
    code, out, _ = _explain("FO3-HOT-OCH-VALD", "--lang", "en")
    assert code == 0
    assert "(by the profile, when the committee or company employs staff)" in out
    assert "(AFS 1993:2), 2 §: “Arbetsgivaren skall utreda" in out   # the law, with its paragraph
    assert "(AFS 2023:2)" not in out      # the programme ended in 2021: no source outside its period is cited
    assert "A legal duty that focus area 3 of the programme covers." in out
    assert "follow them up yearly" not in out and "Environment and Health Committee does" not in out


def test_explain_t2_cadence_names_the_t2_date() -> None:
    code, out, _ = _explain("ARB-T2-RAPPORT")
    assert code == 0
    assert "före 30 september varje år krävs föregående års rapport" in out
    assert "specialised-authority" in out and "sammanfattning av brotten inom tillsynsområdena" in out
    assert "risk-proportional-reporting" not in out and "simplified_lagesbild" not in out


def test_unknown_obligation_is_a_usage_error_with_a_suggestion() -> None:
    code, out, err = _explain("FO2-LAGESBLID")
    assert code == 2
    assert out == ""
    assert "har ingen skyldighet ”FO2-LAGESBLID”" in err
    assert "(menade du ”FO2-LAGESBILD”?)" in err
    code, _, err = _explain("FO2-LAGESBLID", "--lang", "en")
    assert "has no obligation 'FO2-LAGESBLID' (did you mean 'FO2-LAGESBILD'?)" in err


def test_unknown_obligation_without_a_close_match_lists_the_ids() -> None:
    code, _, err = _explain("QQQ")
    assert code == 2
    assert "kända skyldigheter: ”ARB-SAKERHETSSAMORDNARE”" in err and "KS-STATISTIK" in err


def test_explain_with_a_ruleset_file_and_a_bad_one() -> None:
    code, out, _ = _explain("KS-STATISTIK", "--ruleset", str(RULESETS / "tsp-2018-2021.yaml"))
    assert code == 0 and "KS-STATISTIK" in out
    code, _, err = _explain("KS-STATISTIK", "--ruleset", "no-such-ruleset")
    assert code == 2 and "det finns ingen regelverksfil" in err


@pytest.mark.parametrize(("lang", "name"), [("sv", "obligations.md"), ("en", "obligations.en.md")])
def test_committed_docs_are_in_step_with_the_ruleset(ruleset: Ruleset, lang: str, name: str) -> None:
    committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert committed == render(ruleset, "en" if lang == "en" else "sv"), (
        f"docs/{name} is out of step with the ruleset: run "
        f"`python -m tsp_rules.authoring.docgen --lang {lang} > docs/{name}`")


def test_docs_describe_every_obligation_and_ground(ruleset: Ruleset) -> None:
    text = render(ruleset, "sv")
    for ob in ruleset.obligations:
        assert f'<a id="{ob.id.lower()}"></a>' in text
        assert f"## {ob.id}: {ob.title.sv}" in text
        assert ob.citation.section in text
    for ground in ruleset.grounds:
        assert f"### {ground.id}: " in text and organ(ground.rationale).sv in text  # no body: "nämnden eller bolaget"
    assert "{organ}" not in text.lower()


def test_docgen_main_writes_the_document(capsys: pytest.CaptureFixture[str], ruleset: Ruleset) -> None:
    assert docgen_main(["--lang", "en", "--ruleset", str(RULESETS / "tsp-2018-2021.yaml")]) == 0
    assert capsys.readouterr().out == render(ruleset, "en")
