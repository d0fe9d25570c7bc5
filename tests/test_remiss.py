"""The remiss draft: a tjänsteutlåtande with the body's real position, in the voice its sources allow.

Drafts are made from the bundled ruleset and the fixtures (Miljö- och hälsoskyddsnämnden, whose answer is
the seed, and a district committee), and from the small inline ruleset of the report tests."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import attrs
import docx
import pytest
from click.testing import CliRunner

from tsp_rules import load_ruleset
from tsp_rules.commands.cli import main
from tsp_rules.cycle.remiss import (
    Draft,
    RemissOptions,
    draft_for_profile,
    is_addressee_ground,
    is_own,
    plain_texts,
    render_remiss,
    to_markdown,
    to_text,
)
from tsp_rules.cycle.remiss.docx import to_docx
from tsp_rules.errors import UsageError
from tsp_rules.model import conditions as C
from tsp_rules.model.profile import load_profile, profile_from_text
from tsp_rules.model.ruleset import Source, Text

from .report_samples import DISTRICT, SPECIALIST, mini_report, mini_ruleset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
MHN = FIXTURES / "miljo-och-halsoskyddsnamnden.yaml"
RINKEBY = FIXTURES / "rinkeby-kista-stadsdelsnamnd.yaml"
SEED_DATE = dt.date(2017, 10, 31)
AS_OF = dt.date(2019, 11, 30)  # the fixtures' reference date


def draft(profile: Path | str = MHN, lang: str = "sv", text: str | None = None, **options: object) -> Draft:
    opts = RemissOptions(**{"datum": SEED_DATE, **options})  # type: ignore[arg-type]
    body = profile_from_text(text, "p.yaml", load_ruleset()) if text is not None else profile
    return draft_for_profile(body, None, lang, as_of=AS_OF, engine="python", options=opts)  # type: ignore[arg-type]


def md(*args: object, **kwargs: object) -> str:
    return to_markdown(draft(*args, **kwargs))  # type: ignore[arg-type]


def section(text: str, start: str, end: str) -> str:
    at = text.index(start)
    return text[at:text.index(end, at + len(start))]


@pytest.fixture(scope="module")
def mhn() -> str:
    return md()


# ---------------------------------------------------------------------------------------------- proposal


def test_the_seed_committee_proposes_to_support_and_to_submit_its_views(mhn: str) -> None:
    decision = section(mhn, "## Förvaltningens förslag till beslut", "## Sammanfattning")
    assert "1. Tillstyrka förslaget till Stockholms stads trygghets- och säkerhetsprogram 2018–2021." in decision
    assert "2. Överlämna förvaltningens synpunkter till kommunstyrelsen." in decision
    summary = section(mhn, "## Sammanfattning", "## Bakgrund")
    assert "Förvaltningen föreslår att nämnden tillstyrker förslaget och lämnar synpunkter" in summary


def test_the_default_is_plain_support_when_nothing_is_adapted_or_lifted() -> None:
    text = RINKEBY.read_text(encoding="utf-8").replace("plans_or_builds: false", "plans_or_builds: true").replace(
        "covered_by_security_protection_act: false", "covered_by_security_protection_act: true")
    d = draft(text=text)
    assert d.proposal == "tillstyrka"
    out = to_markdown(d)
    assert "2. Överlämna tjänsteutlåtandet till kommunstyrelsen som svar på remissen." in out
    assert "Förvaltningen föreslår att nämnden tillstyrker förslaget." in out
    assert "synpunkter på hur kraven" not in out


@pytest.mark.parametrize("choice", ["tillstyrka", "tillstyrka-med-synpunkter", "avstyrka"])
def test_the_chosen_proposal_is_never_lost(choice: str) -> None:
    d = draft(proposal=choice)
    out = to_markdown(d)
    assert d.proposal == choice
    decision = section(out, "## Förvaltningens förslag till beslut", "## Sammanfattning")
    summary = section(out, "## Sammanfattning", "## Bakgrund")
    verb = "Avstyrka" if choice == "avstyrka" else "Tillstyrka"
    assert f"1. {verb} förslaget" in decision
    assert f"nämnden {verb.lower()[:-1]}er förslaget" in summary
    assert ("Tillstyrka" in decision) == (choice != "avstyrka")


def test_a_company_proposes_to_its_board() -> None:
    text = MHN.read_text(encoding="utf-8").replace("kind: facknamnd", "kind: bolag")
    out = to_markdown(draft(text=text))
    assert "## Bolagets förslag till beslut" in out
    assert "Bolaget föreslår att styrelsen tillstyrker förslaget" in out
    assert "Till styrelsen för Miljö- och hälsoskyddsnämnden" in out
    assert "Förvaltningen" not in out.split("## Bilagor")[0].replace("Förvaltningen har svårt", "")


# ------------------------------------------------------------------------------------ position by area


def test_agreement_adaptation_and_not_concerned_by_focus_area(mhn: str) -> None:
    fo3 = section(mhn, "### Fokusområde 3", "### Fokusområde 4")
    assert "Här arbetar nämnden redan så som programmet anger." in fo3
    assert "Riskbedömning av hot och våld mot anställda: Illustrativt: Internkontroll 2019" in fo3
    assert "Mutor och otillåten påverkan motverkas: Illustrativt: Policy om mutor, bestickning" in fo3
    fo1 = section(mhn, "### Fokusområde 1", "### Fokusområde 2")
    assert "Här föreslår förvaltningen en anpassning." in fo1 and "#### Få interna olyckor" in fo1
    assert "Här berörs nämnden inte." in fo1 and "#### Planerar och bygger inte" in fo1
    fo5 = section(mhn, "### Fokusområde 5", "### Kommunstyrelsens samordning")
    assert "Kraven ”Säkerhetsskyddsanalys” och ”Säkerhetsskyddsåtgärder” bör inte gälla för nämnden." in fo5
    ks = section(mhn, "### Kommunstyrelsens samordning", "### Programmets krav")
    assert "riktar sig enligt programmet till andra" in ks


def test_the_lagesbild_objection_is_raised_in_the_bodys_words(mhn: str) -> None:
    arb = section(mhn, "### Arbetssätt", "### Fokusområde 1")
    assert ("”Förvaltningen har svårt att se hur det skulle gå att förena kommunstyrelsens föreslagna roll att ta "
            "fram lägesbilder") in arb


def test_the_table_lists_every_obligation_once(mhn: str) -> None:
    table = section(mhn, "| Krav |", "### Källor")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "(" in line]
    ids = re.findall(r"\(([A-Z0-9]+-[A-Z0-9-]+)\) \|", table)
    assert len(rows) == len(load_ruleset().obligations) == len(set(ids))


# ------------------------------------------------------------------------------------ voice by provenance


def test_own_remiss_grounds_speak_in_the_bodys_voice(mhn: str) -> None:
    block = section(mhn, "#### Få interna olyckor", "Här berörs nämnden inte.")
    assert ("**Förvaltningens synpunkter:** Erfarenhetsmässigt inträffar mycket få olyckor i nämndens egen "
            "verksamhet") in block
    assert "**Ur förvaltningens remissvar:**" in block
    assert "”Erfarenhetsmässigt händer mycket få olyckor i miljöförvaltningens interna verksamhet”" in block


def test_interpretation_grounds_are_the_administrations_proposal_not_its_voice(mhn: str) -> None:
    block = section(mhn, "#### Inget geografiskt ansvarsområde", "### Fokusområde 3")
    assert "**Skäl för förslaget:** Förslaget bygger på regelverkets tolkning av programmet" in block
    assert "Förvaltningens synpunkter" not in block and "Ur förvaltningens remissvar" not in block
    assert "Regelverkets tolkning: Programmet knyter lägesbilderna till stadsdelsområdet" in block


def test_another_body_on_the_same_ground_cites_the_answer_it_comes_from() -> None:
    text = (MHN.read_text(encoding="utf-8").replace("id: miljo-och-halsoskyddsnamnden", "id: tillsynsnamnden")
            .replace("name: Miljö- och hälsoskyddsnämnden", "name: Tillsynsnämnden"))
    out = to_markdown(draft(text=text))
    assert "Förvaltningens synpunkter:" not in out and "Ur förvaltningens remissvar" not in out
    block = section(out, "#### Specialiserad tillsynsmyndighet", "**Stöd:**")
    assert ("**Skäl för förslaget:** Förvaltningen föreslår samma anpassning som Miljö- och "
            "hälsoskyddsnämnden begärde i sitt remissvar, på samma grund.") in block
    assert "**Ur remissvaret från Miljö- och hälsoskyddsnämnden:**" in block


def test_a_lifted_demand_from_another_answer_is_the_same_assessment() -> None:
    out = md(RINKEBY)
    block = section(out, "#### Omfattas inte av säkerhetsskyddslagstiftningen", "### Kommunstyrelsens")
    assert ("**Skäl för förslaget:** Förvaltningen gör samma bedömning som Miljö- och hälsoskyddsnämnden gjorde i "
            "sitt remissvar, på samma grund. Nämnden berörs inte") in block


def test_own_answer_by_profile_id_or_by_name() -> None:
    rules = load_ruleset()
    report_info = mini_report(SPECIALIST).profiles[0]
    source = rules.sources["remiss-mhn-2017"]
    assert not is_own(source, report_info)
    mhn_info = attrs.evolve(report_info, id="miljo-och-halsoskyddsnamnden")
    assert is_own(source, mhn_info)
    unnamed = attrs.evolve(source, author_profile=None)
    assert is_own(unnamed, attrs.evolve(report_info, name="Miljö- och hälsoskyddsnämnden"))
    assert not is_own(unnamed, report_info)
    assert not is_own(Source("x", Text("x", "x"), "x", None, "programme"), mhn_info)


# ---------------------------------------------------------------------------------------------- dates


def test_without_a_date_today_outside_the_remiss_period_is_warned_about() -> None:
    d = draft(datum=None, today=dt.date(2026, 11, 27))
    assert d.datum == dt.date(2026, 11, 27)
    assert d.warnings == ("Kontrollera datumet: tjänsteutlåtandet har datumet 27 november 2026 (dagens datum), "
                          "som ligger "
                          "utanför remisstiden 31 oktober 2017–23 november 2017.",)
    assert f"> {d.warnings[0]}" in to_markdown(d)
    assert draft(datum=None, today=dt.date(2017, 11, 10)).warnings == ()
    assert draft(datum=dt.date(2026, 11, 27)).warnings == ()  # a date given on purpose
    en = draft(lang="en", datum=None, today=dt.date(2026, 11, 27))
    assert en.warnings[0].startswith("Check the date: the report is dated 27 November 2026 (today)")


def test_the_answer_is_dated_in_words(mhn: str) -> None:
    assert "· 31 oktober 2017 ·" in mhn
    assert "14 november 2017" in md(sammantrade=dt.date(2017, 11, 14))


def test_only_the_law_in_force_on_the_answers_date_is_cited(mhn: str) -> None:
    assert "Säkerhetsskyddslag (1996:627), 5 §" in mhn and "(2018:585)" not in mhn
    later = md(datum=dt.date(2019, 6, 1))
    assert "Säkerhetsskyddslag (2018:585), 1 kap. 1 §" in later and "(1996:627)" not in later


def test_the_programme_as_proposed_is_answered_whatever_its_parts_later_became() -> None:
    out = md(datum=dt.date(2026, 11, 27))
    assert "ersattes" not in out and "berörs inte | –" in out
    assert "| arbetar redan så |" in out


# ------------------------------------------------------------------------------- no invented boilerplate


def test_no_sentence_the_seed_contradicts(mhn: str) -> None:
    assert "förenklad lägesbild" not in mhn.lower()
    fo2 = section(mhn, "### Fokusområde 2", "### Fokusområde 3")
    proposal = section(fo2, "**Förvaltningens förslag:**", "**Stöd:**")
    assert "polis" not in proposal  # the tailored crime lägesbild asks for no partner, the police included
    assert "utskiljning" not in mhn  # the glossary's word is "urskillning"
    assert "i den bemärkelse som verkar avses" in mhn and "i den bemärkelse som avses" not in mhn
    assert "säkerhetsskyddslagstiftningens krav" in mhn
    assert "Stöd: Säkerhetsskyddslag (2018:585)" not in mhn
    for demand in ("krigsplacering av personal från den innevarande", "följa upp dem årligen"):
        assert demand not in section(mhn, "## Sammanfattning", "## Bakgrund")


def test_the_plea_for_more_discernment_follows_only_from_low_risk(mhn: str) -> None:
    assert "större urskillning" in section(mhn, "## Sammanfattning", "## Bakgrund")
    district = md(RINKEBY)
    assert "urskillning" not in district
    high = MHN.read_text(encoding="utf-8").replace("crime_risk: low", "crime_risk: high")
    assert "urskillning" not in md(text=high)
    nothing = RINKEBY.read_text(encoding="utf-8")
    for old, new in (("crime_risk: high", "crime_risk: low"), ("accident_risk: medium", "accident_risk: low"),
                     ("plans_or_builds: false", "plans_or_builds: true"),
                     ("covered_by_security_protection_act: false", "covered_by_security_protection_act: true")):
        nothing = nothing.replace(old, new)
    assert "urskillning" not in md(text=nothing)  # low risk, but nothing adapted or lifted


def test_ruleset_text_addresses_the_body_by_its_kind(mhn: str) -> None:
    assert "{organ}" not in mhn.lower() and "Nämnden berörs inte av säkerhetsskyddslagstiftningens" in mhn
    company = MHN.read_text(encoding="utf-8").replace("kind: facknamnd", "kind: bolag")
    assert "Bolaget berörs inte av säkerhetsskyddslagstiftningens" in md(text=company)


# ------------------------------------------------------------------------------------------- languages


def test_english(mhn: str) -> None:
    en = md(lang="en")
    for heading in ("# Officer's report", "## The administration's proposed decision", "## Summary",
                    "## Background", "## The matter", "## The administration's views and proposals",
                    "## Attachments"):
        assert heading + "\n" in en
    assert "1. Support the proposed City of Stockholm safety and security programme 2018–2021." in en
    for swedish in ("Förvaltningens", "Sammanfattning", "Tillstyrka", "Här arbetar", "Bakgrund", "Bilagor"):
        assert swedish not in en
    assert "31 October 2017" in en


def test_plain_text_says_the_same(mhn: str) -> None:
    d = draft()
    text = to_text(d)
    assert "TJÄNSTEUTLÅTANDE" in text and "  1. Tillstyrka förslaget" in text
    for piece in plain_texts(d):
        assert piece in text


# ------------------------------------------------------------------------------------------------ docx


def test_docx_reads_back_with_the_headings_and_numbered_proposals() -> None:
    d = draft(forvaltning="Miljöförvaltningen")
    document = docx.Document(io.BytesIO(to_docx(d, "sv")))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Tjänsteutlåtande")
    level1 = [t for s, t in headings if s == "Heading 1"]
    assert level1 == [d.title, "Förvaltningens förslag till beslut", "Sammanfattning", "Bakgrund", "Ärendet",
                      "Förvaltningens synpunkter och förslag", "Bilagor"]
    assert "Fokusområde 5: Bygga ett gott säkerhetsskydd" in [t for s, t in headings if s == "Heading 2"]
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered[:2]] == [
        "Tillstyrka förslaget till Stockholms stads trygghets- och säkerhetsprogram 2018–2021.",
        "Överlämna förvaltningens synpunkter till kommunstyrelsen."]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert num_ids[0] == num_ids[1] and len(set(num_ids)) == 3  # each list starts again at 1
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Krav", "Del av programmet", "Ställningstagande", "Underlag"]
    assert len(table.rows) == 1 + len(load_ruleset().obligations)
    assert document.core_properties.author == "tsp-check"
    assert document.core_properties.created.replace(tzinfo=None) == dt.datetime(2017, 10, 31)


def test_markdown_and_docx_agree_in_content() -> None:
    d = draft()
    document = docx.Document(io.BytesIO(to_docx(d, "sv")))
    in_docx = [p.text for p in document.paragraphs if p.text] + [
        c.text for t in document.tables for row in t.rows for c in row.cells]
    # the text as it reads once rendered: bold marks and Markdown escapes removed
    markdown = re.sub(r"\\(.)", r"\1", to_markdown(d).replace("**", ""))
    for piece in plain_texts(d):
        assert any(piece in t for t in in_docx), piece
    for text in in_docx:
        assert text in markdown, text


def test_docx_bytes_are_deterministic() -> None:
    assert to_docx(draft(), "sv") == to_docx(draft(), "sv")


# ------------------------------------------------------------------------------------ command line


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["remiss", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_writes_word_when_the_file_says_so(tmp_path: Path) -> None:
    target = tmp_path / "svar.docx"
    code, out, err = run(str(MHN), "--datum", "2017-10-31", "--as-of", "2019-11-30", "--engine", "python",
                         "-o", str(target))
    assert code == 0 and out == "" and err == ""
    assert docx.Document(str(target)).paragraphs[0].text == "Tjänsteutlåtande"


def test_cli_warns_about_today_and_refuses_word_to_the_terminal() -> None:
    code, out, err = run(str(MHN), "--engine", "python", "--as-of", "2019-11-30")
    assert code == 0 and out.startswith("# Tjänsteutlåtande")
    if not dt.date(2017, 10, 31) <= dt.date.today() <= dt.date(2017, 11, 23):
        assert err.startswith("tsp-check: varning: Kontrollera datumet") and "--datum" in err
    code, out, err = run(str(MHN), "--format", "docx")
    assert code == 2 and "ett Word-dokument skrivs bara till fil: ange -o FIL" in err and out == ""
    code, out, err = run(str(MHN), "--format", "docx", "--lang", "en")
    assert code == 2 and "give -o FILE" in err and out == ""


def test_cli_options_fill_the_header() -> None:
    code, out, _ = run(str(MHN), "--datum", "2017-10-31", "--as-of", "2019-11-30", "--engine", "python",
                       "--dnr", "2017-14676", "--handlaggare", "A. Handläggare", "--forvaltning",
                       "Miljöförvaltningen", "--sammantrade", "2017-11-14", "--forslag", "avstyrka",
                       "--format", "text")
    assert code == 0
    assert ("Miljöförvaltningen · Dnr 2017-14676 · 31 oktober 2017 · Handläggare: A. Handläggare" in out)
    assert "Till Miljö- och hälsoskyddsnämnden 14 november 2017" in out and "1. Avstyrka förslaget" in out


# ------------------------------------------------------------------------------- the inline ruleset


def test_inline_ruleset_without_remiss_metadata() -> None:
    out = render_remiss(mini_report(SPECIALIST), "sv", RemissOptions(datum=dt.date(2019, 1, 10)))
    assert "Remiss från" not in out and "Inga bilagor." in out
    assert "#### Specialiserad tillsynsmyndighet" in out
    assert ("Kravet ”Lägesbild brott” anpassas så att det avser: en lägesbild över brott inom "
            "tillsynsområdena.") in out
    assert "## Bakgrund" in out and "10 januari 2019" in out


def test_undecided_grounds_are_to_look_into_never_exempt() -> None:
    out = render_remiss(mini_report(DISTRICT), "sv")
    assert "Här behöver frågan utredas innan förvaltningen tar ställning:" in out
    assert "Säkerhetsskyddsanalys: Profilen saknar uppgiften" in out


def test_only_for_one_body() -> None:
    with pytest.raises(UsageError, match="one body"):
        render_remiss(mini_report(), "sv")


def test_addressee_grounds_are_those_about_the_kind_only() -> None:
    rs = mini_ruleset()
    assert not any(is_addressee_ground(g) for g in rs.grounds)
    g = rs.grounds[0]
    assert is_addressee_ground(attrs.evolve(g, when=C.Not(C.Leaf("kind", "is", "kommunstyrelse"))))
    assert not is_addressee_ground(attrs.evolve(g, when=C.All((C.Leaf("kind", "is", "facknamnd"), g.when))))


def test_kommunstyrelsen_is_not_sent_its_own_remiss() -> None:
    out = md(FIXTURES / "kommunstyrelsen.yaml")
    assert "Kommunstyrelsen har remitterat" not in out and "Stadsledningskontoret har tagit fram förslaget" in out
    assert "## Stadsledningskontorets förslag till beslut" in out
    assert "2. Beakta stadsledningskontorets synpunkter i det fortsatta arbetet med programmet." in out


def test_a_district_committee_names_its_stadsdelsforvaltning() -> None:
    assert md(RINKEBY).splitlines()[2].startswith("Rinkeby-Kista stadsdelsförvaltning · Dnr")


def test_load_profile_is_what_the_command_uses() -> None:
    assert load_profile(MHN).id == "miljo-och-halsoskyddsnamnden"


def test_bad_input_writes_no_word_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MHN.read_text(encoding="utf-8").replace("crime_risk: low", "crime_risk: lagom"), encoding="utf-8")
    target = tmp_path / "svar.docx"
    code, _, err = run(str(bad), "--datum", "2017-10-31", "-o", str(target))
    assert code == 2 and "bad.yaml:" in err and "Traceback" not in err
    assert not target.exists()


def test_text_a_word_file_cannot_hold_is_dropped_not_fatal() -> None:
    text = MHN.read_text(encoding="utf-8").replace("name: Miljö- och hälsoskyddsnämnden",
                                                   'name: "Miljö\\x01nämnden <&>"')
    document = docx.Document(io.BytesIO(to_docx(draft(text=text), "sv")))
    assert any(p.text == "Till Miljönämnden <&>" for p in document.paragraphs)
