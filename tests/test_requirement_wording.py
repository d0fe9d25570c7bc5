"""A requirement's description says how recent its evidence must be, as the cadence it applies does.

The aktualitetskrav is defined once, by name, in the ruleset's parameters; the description of every
requirement (an obligation's own and each tailored one) must say the same thing in words, so that a reader
of a finding is not told "från de senaste 12 månaderna" where the check applies another interval, or
"aktuell" where it applies twelve months. The glossary (docs/ordlista.md) writes numbers up to twelve in
words in running text: "högst tolv månader gammal", never "12 månader".
"""

from __future__ import annotations

import re

import pytest

from tsp_rules import load_ruleset
from tsp_rules.model.compiler import bundled_rulesets
from tsp_rules.model.ruleset import Cadence, Requirement, Ruleset

NUMBERS = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio",
           10: "tio", 11: "elva", 12: "tolv"}


def phrase(cadence: Cadence) -> str:
    """The words a Swedish description must contain for this cadence (lower case)."""
    if cadence.kind == "continuous":
        return "gäll"                      # "gällande", "som gäller"
    if cadence.kind == "t2":
        return "tertialrapport 2"
    if cadence.kind == "term":
        return "mandatperiod"
    months = cadence.months
    if months % 12 == 0 and months > 12:
        return f"högst {NUMBERS[months // 12]} år"
    if months == 1:
        return "högst en månad"
    return f"högst {NUMBERS[months]} månader"


def requirements(rs: Ruleset) -> list[tuple[str, Requirement]]:
    out = [(ob.id, ob.requirement) for ob in rs.obligations]
    out += [(f"{g.id} → {oid}", req) for g in rs.grounds for oid, req in g.tailored.items()]
    return out


RULESETS = sorted(bundled_rulesets())


@pytest.mark.parametrize("ruleset_id", RULESETS)
def test_each_description_names_the_cadence_it_applies(ruleset_id: str) -> None:
    rs = load_ruleset(ruleset_id)
    wrong = []
    for where, req in requirements(rs):
        text = req.description.get("sv").lower()
        for item in req.items:
            for option in item.options:
                if phrase(option.cadence) not in text:
                    wrong.append(f"{where}: ”{req.description.get('sv')}” does not say "
                                 f"”{phrase(option.cadence)}” (cadence {option.cadence.key})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("ruleset_id", RULESETS)
def test_no_description_writes_a_small_number_of_months_in_digits(ruleset_id: str) -> None:
    rs = load_ruleset(ruleset_id)
    digits = re.compile(r"\b([1-9]|1[0-2]) (månad|månader|månaderna)\b")
    vague = re.compile(r"\b(aktuell|aktuellt|aktuella|daterad|daterat|senaste)\b")
    wrong = [f"{where}: ”{req.description.get('sv')}”" for where, req in requirements(rs)
             if digits.search(req.description.get("sv")) or vague.search(req.description.get("sv").lower())]
    assert not wrong, "\n".join(wrong)


def test_the_phrases_are_what_the_glossary_writes() -> None:
    assert phrase(Cadence("within", 12)) == "högst tolv månader"
    assert phrase(Cadence("within", 24)) == "högst två år"
    assert phrase(Cadence("within", 1)) == "högst en månad"
    assert phrase(Cadence("term")) == "mandatperiod"


def test_a_field_with_several_required_values_is_named_once() -> None:
    """"att innehållet omfattar lägesbild olyckor och innehållet omfattar lägesbild brott" said the field twice."""
    from tsp_rules.model.i18n import describe

    rs = load_ruleset("tsp-2018-2021")
    content = rs.obligation("ARB-T2-RAPPORT").requirement.items[0].content
    assert describe(content, rs, "sv") == "innehållet omfattar lägesbild olyckor och lägesbild brott"
    assert describe(content, rs, "en") == ("a situation picture of accidents and a situation picture of crime are "
                                           "among the contents")
    lag = load_ruleset("lagkrav-kommun")
    parts = lag.obligation("BRF-LAGESBILD").requirement.items[0].content
    assert describe(parts, lag, "sv") == (
        "lägesbildens delar omfattar en kartläggning av brottsligheten, dess omfattning och konsekvenser, annan "
        "information av betydelse i sammanhanget och en analys av kartläggningen")
    # alternatives on one field are said once too, with "eller"
    (tailored,) = [g.tailored["ARB-T2-RAPPORT"] for g in rs.grounds if g.id == "no-geographic-area-contribution"]
    assert describe(tailored.items[0].content, rs, "sv") == (
        "innehållet omfattar lägesbild olyckor och (innehållet omfattar bidraget till stadsdelsområdenas lägesbild "
        "brott eller lägesbild brott)")


def test_a_stale_policy_is_said_to_be_older_than_two_years_not_24_months() -> None:
    """The finding's words follow the description's: "högst två år gammal", as the glossary writes numbers."""
    import datetime as dt
    from pathlib import Path

    from tsp_rules import check

    profile = Path(__file__).resolve().parent / "scenarios" / "inaktuella-underlag" / "profile.yaml"
    report = check(profile, "tsp-2018-2021", dt.date(2019, 11, 30))
    (finding,) = [f for f in report.findings if f.obligation == "FO3-MUTOR-OCH-OTILLATEN-PAVERKAN"]
    messages = [r.message("sv") for r in finding.reasons if r.code == "stale"]
    assert messages and all("högst två år gammalt" in m and "24" not in m for m in messages)
    assert all("at most two years old" in r.message("en") for r in finding.reasons if r.code == "stale")
