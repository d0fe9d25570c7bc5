"""The remiss answers on record (rulesets/remissvar/) and the sourced 2017 profile (fixtures/remiss-2017/):
every quote is the answer's own words, every section one of its headings, and every evidence item of the
profile is something the answer says exists, citing where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tsp_rules import load_ruleset
from tsp_rules.cycle.remiss import bundled_records, load_record
from tsp_rules.errors import InputError
from tsp_rules.model.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "fixtures" / "remiss-2017" / "miljo-och-halsoskyddsnamnden.yaml"


def fold(text: str) -> str:
    """Text compared without whitespace, hyphens and dashes (the stored text keeps the page's line breaks and
    hyphenation, and its transcript drops some dashes)."""
    return re.sub(r"[\s\-–]", "", text)


def stored(path: str) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    header, sep, body = text.partition("\n---\n")
    assert sep and all(line.startswith("# ") for line in header.splitlines()), path
    return body


RECORDS = bundled_records()


def test_there_is_an_answer_on_record() -> None:
    assert [r.body for r in RECORDS] == ["miljo-och-halsoskyddsnamnden"]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.id)
def test_every_quote_is_the_answers_own_words(record: object) -> None:
    from tsp_rules.cycle.remiss.record import RemissRecord

    assert isinstance(record, RemissRecord)
    text = fold("".join(stored(t) for t in record.texts))
    rules = load_ruleset(record.ruleset)
    assert rules.remiss is not None and rules.remiss.dnr == record.remiss_dnr
    obligations = {o.id for o in rules.obligations}
    for p in record.positions:
        assert fold(p.section) in text, (p.id, p.section)
        for q in p.quotes:
            assert fold(q) in text, (p.id, q)
        assert set(p.concerns) <= obligations, p.id
    assert record.decision is not None
    for _, quote in record.decision.items:
        assert fold(quote) in text
    ids = [p.id for p in record.positions]
    assert len(ids) == len(set(ids))


def test_a_bad_record_is_a_located_error(tmp_path: Path) -> None:
    source = (ROOT / "rulesets" / "remissvar" / "miljo-och-halsoskyddsnamnden-2017-10-31.yaml").read_text(
        encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(source.replace("stance: doubts", "stance: hesitates", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_record(bad)
    (problem,) = caught.value.problems
    assert problem.file == str(bad) and problem.line > 0 and "stance" in problem.field


def test_the_2017_profile_holds_only_what_the_answer_says_exists() -> None:
    """Each evidence item: dated the answer's date, its reference naming the answer and one of its sections,
    its note the answer's words; the profile is marked sourced, not illustrative."""
    text = fold(stored("sources/remiss/miljoforvaltningen-2017-10-31.txt"))
    profile = load_profile(PROFILE, load_ruleset())
    assert not profile.illustrative
    raw = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    assert raw["profile"]["illustrative"] is False
    assert profile.evidence
    for e in profile.evidence:
        m = re.search(r"\(tjänsteutlåtande dnr 2017-14676, avsnitt (.+)\)$", e.reference)
        assert m, e.reference
        assert fold(m[1]) in text, m[1]
        assert e.note and fold(e.note) in text, e.note
        assert e.date.isoformat() == "2017-10-31"
    kinds = {e.kind for e in profile.evidence}
    # the seed's statements (issue 20): coordinator, incident reporting, bribery policy, threat routines,
    # the yearly review of threats in the internal control
    assert {"security_coordinator_appointment", "incident_system_extract", "bribery_policy",
            "threat_incident_routine", "threat_violence_risk_assessment"} <= kinds
