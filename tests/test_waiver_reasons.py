"""A granted decision for an obligation that does not apply says why it does not apply.

"… som ändå inte är tillämplig" left the reader to guess: an exempting ground, a part of the programme
replaced by the check date, or the obligation's own scope. The warning names the reason, in both languages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tsp_rules import check

SCENARIOS = Path(__file__).resolve().parent / "scenarios"


def waiver_warning(scenario: str, day: dt.date, obligation: str, lang: str) -> str:
    report = check(SCENARIOS / scenario / "profile.yaml", "tsp-2018-2021", day)
    found = [w for w in report.warnings if w.code == "waiver_not_applicable" and w.obligation == obligation]
    assert len(found) == 1
    return found[0].message(lang)  # type: ignore[arg-type]


def test_a_decision_on_an_obligation_of_a_replaced_part_names_the_part() -> None:
    sv = waiver_warning("sakerhetsdelar-ersatta", dt.date(2020, 9, 1), "FO4-CIVILT-FORSVAR", "sv")
    assert "ändå" not in sv
    assert "har inte behövts" in sv
    # the civil defence requirement has its own part (ruleset 2.2.0: from the SKL–MSB agreement's date)
    assert "eftersom den hör till programmets krav på civilt försvar, som hade ersatts vid kontrolldatumet" in sv
    en = waiver_warning("sakerhetsdelar-ersatta", dt.date(2020, 9, 1), "FO4-CIVILT-FORSVAR", "en")
    assert "anyway" not in en
    assert "because it belongs to the programme's civil defence requirement" in en


def test_a_decision_on_an_exempted_obligation_names_the_ground_by_its_title() -> None:
    sv = waiver_warning("beslut-giltigt-snart-utgaende-utganget", dt.date(2019, 11, 30),
                        "FO5-SAKERHETSSKYDDSANALYS", "sv")
    assert "eftersom undantagsgrunden ”Omfattas inte av säkerhetsskyddslagstiftningen” gäller" in sv
    assert "not-covered" not in sv


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_replaced_part_warning_writes_its_date_in_words_once(lang: str) -> None:
    report = check(SCENARIOS / "sakerhetsdelar-ersatta" / "profile.yaml", "tsp-2018-2021", dt.date(2020, 9, 1))
    text = next(w for w in report.warnings if w.code == "parts_superseded").message(lang)  # type: ignore[arg-type]
    assert "2020-03-23" not in text and ") (" not in text
    assert ("från och med 23 mars 2020" if lang == "sv" else "from 23 March 2020") in text
