"""The remiss draft, generated from findings and the ruleset's grounds (a small inline ruleset that has
a tailored ground, not-applicable grounds, an obligation for another kind of body and an unknown trait)."""

from __future__ import annotations

import attrs
import pytest

from tsp_rules import conditions as C
from tsp_rules.errors import UsageError
from tsp_rules.renderers.remiss import is_addressee_ground, render_remiss

from .report_samples import DISTRICT, SPECIALIST, mini_report, mini_ruleset


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def test_tailored_obligation_says_what_is_asked_why_not_and_what_instead() -> None:
    out = render_remiss(mini_report(SPECIALIST), "sv")
    block = _section(out, "#### Specialiserad tillsynsmyndighet", "#### Inget geografiskt område")
    assert "**Programmet anger:**" in block
    assert "Nämnden ska upprätthålla en lägesbild avseende brott i området. (FO2-LAGESBILD;" in block
    assert "**Förvaltningens synpunkter:** Nämnden möter brott bara inom sina tillsynsområden" in block
    assert "**Förvaltningens förslag:** Kravet ”" in block
    assert ("(FO2-LAGESBILD) anpassas: En lägesbild över brott inom tillsynsområdena. "
            "Underlag: Lägesbild brott – inte äldre än tolv månader.") in block
    assert "*Stöd: [1], avsnitt ”Förvaltningens synpunkter”: ”miljöbrott och brott mot livsmedelslagstiftningen”*" \
        in block
    assert out.rstrip().endswith("1. Remissvar om miniprogrammet. Testförvaltningen, tjänsteutlåtande dnr 0000-1.")


def test_follows_the_programme_structure_and_groups_by_ground() -> None:
    out = render_remiss(mini_report(SPECIALIST), "sv")
    fo2 = out.index("### Fokusområde 2: Förebygga brott")
    fo5 = out.index("### Fokusområde 5: Bygga ett gott säkerhetsskydd")
    assert fo2 < out.index("#### Specialiserad tillsynsmyndighet") < out.index("#### Inget geografiskt område") < fo5
    assert "**Förvaltningens förslag:** Kravet bör inte gälla för nämnden. (FO5-ANALYS)" in out
    assert "bedöms två inte vara tillämpliga och ett behöva anpassas" in out  # numbers up to twelve in words
    assert "av de fem krav i programmet som riktar sig till nämnden" in out  # KS-RAD is addressed to others


def test_obligations_for_other_bodies_and_waivers_are_not_views() -> None:
    out = render_remiss(mini_report(SPECIALIST), "sv")
    others = out[out.index("## Krav som riktar sig till andra"):]
    assert "- KS-RAD – Trygghets- och säkerhetsråd (kommunstyrelsen)" in others
    views = _section(out, "## Förvaltningens synpunkter och förslag", "## Krav som riktar sig till andra")
    assert "KS-RAD" not in views and "ARB-ANALYS" not in views and "ARB-PLAN" not in views


def test_undecided_grounds_are_to_look_into_never_exempt() -> None:
    out = render_remiss(mini_report(DISTRICT), "sv")
    assert "## Förvaltningens synpunkter och förslag" not in out
    assert "inga invändningar mot programmets krav" in out
    todo = out[out.index("## Att utreda"):]
    assert "- FO5-ANALYS – Säkerhetsskyddsanalys (att utreda: Omfattas inte av säkerhetsskyddslagen)" in todo
    assert "Profilen saknar uppgiften ”Omfattas av säkerhetsskyddslagen”" in todo


def test_english() -> None:
    out = render_remiss(mini_report(SPECIALIST), "en")
    assert out.startswith("# Draft consultation response: Mini programme for tests")
    assert "(FO2-LAGESBILD) is tailored: A situation picture of offences" in out
    assert "**The administration's proposal:** The demand “" in out
    assert "Programmet anger" not in out and "Förvaltningen föreslår" not in out


def test_only_for_one_body() -> None:
    with pytest.raises(UsageError, match="one body"):
        render_remiss(mini_report(), "sv")


def test_addressee_grounds_are_those_about_the_kind_only() -> None:
    rs = mini_ruleset()
    assert not any(is_addressee_ground(g) for g in rs.grounds)
    g = rs.grounds[0]
    kind_only = attrs.evolve(g, when=C.Not(C.Leaf("kind", "is", "kommunstyrelse")))
    assert is_addressee_ground(kind_only)
    mixed = attrs.evolve(g, when=C.All((C.Leaf("kind", "is", "facknamnd"), g.when)))
    assert not is_addressee_ground(mixed)


def test_deterministic() -> None:
    assert render_remiss(mini_report(SPECIALIST), "sv") == render_remiss(mini_report(SPECIALIST), "sv")


COMPANY = SPECIALIST.replace("kind: facknamnd", "kind: bolag").replace("Tillsynsnämnden", "Tillsyn AB")


def test_a_company_speaks_as_the_company_and_its_board_decides() -> None:
    out = render_remiss(mini_report(COMPANY), "sv")
    assert "1. Styrelsen för Tillsyn AB <&> \"test\" överlämnar bolagets synpunkter som svar på remissen." in out
    assert "## Bolagets synpunkter och förslag" in out
    assert "**Bolagets förslag:** Kravet bör inte gälla för bolaget." in out
    assert "Förvaltningen " not in out and "nämnden" not in out
    en = render_remiss(mini_report(COMPANY), "en")
    assert "The board of Tillsyn AB" in en and "The demand should not apply to the company." in en


def test_kommunstyrelsen_is_not_sent_its_own_remiss() -> None:
    out = render_remiss(mini_report(DISTRICT.replace("kind: stadsdelsnamnd", "kind: kommunstyrelse")), "sv")
    assert "Kommunstyrelsen har remitterat" not in out
    assert out.count("Stadsledningskontoret har tagit fram förslaget till Miniprogram för test.") == 1
    assert "## Krav som riktar sig till andra" not in out  # KS-RAD applies to kommunstyrelsen
