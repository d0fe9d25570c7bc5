"""The ``any_of`` form of an evidence requirement item (alternative ways of meeting it)."""

from __future__ import annotations

from typing import Any

import pytest

from tsp_rules import Ruleset, RulesetError, check
from tsp_rules.engines.durable import expression_size, split_disjunction
from tsp_rules.model.compiler import ruleset_from_text
from tsp_rules.model.profile import profile_from_text

RULESET = """
format: tsp-ruleset/1
id: any-of-test
version: 1.0.0
title: {sv: Test, en: Test}
valid_from: 2018-01-01
valid_to: 2021-12-31
sources: [{id: s, title: {sv: S, en: S}, reference: S}]
parameters: {election_years: [2014, 2018], term_start: "10-15", term_due: "10-31"}
evidence_kinds:
  analysis: {title: {sv: Analys, en: Analysis}}
  rsa: {title: {sv: RSA, en: RSA}, content: {approved: {type: bool}}}
  other: {title: {sv: Annat, en: Other}}
obligations:
  - id: T-RISK
    focus_area: FO1
    title: {sv: Risk, en: Risk}
    text: {sv: Risk, en: Risk}
    citation: {source: s, section: "1"}
    applies_to: {sv: alla, en: all}
    requirement:
      description: {sv: Analys eller RSA, en: Analysis or RSA}
      evidence:
        - ITEM
"""

ANY_OF = """any_of:
            - {kinds: [analysis], cadence: yearly}
            - {kinds: [rsa], cadence: term, content: {field: approved, is: true}}"""


def _profile(evidence: str) -> str:
    return f"profile: {{id: p, name: P, kind: facknamnd}}\nevidence: {evidence}\n"


@pytest.mark.parametrize("engine", ["python", "durable"])
@pytest.mark.parametrize(("evidence", "status", "reason"), [
    ("[{kind: analysis, date: 2019-06-01, reference: A}]", "met", "evidence_ok"),
    ("[{kind: rsa, date: 2019-06-01, reference: R, content: {approved: true}}]", "met", "evidence_ok"),
    ("[{kind: rsa, date: 2019-06-01, reference: R, content: {approved: false}}]", "gap", "content"),
    ("[{kind: rsa, date: 2017-06-01, reference: R, content: {approved: true}}]", "gap", "term"),
    ("[{kind: analysis, date: 2018-06-01, reference: A}]", "gap", "stale"),
    ("[{kind: other, date: 2019-06-01, reference: O}]", "gap", "no_evidence"),
    ("[{kind: analysis, date: 2018-06-01, reference: A}, "
     "{kind: rsa, date: 2019-06-01, reference: R, content: {approved: true}}]", "met", "evidence_ok"),
])
def test_any_option_meets_the_item(engine: str, evidence: str, status: str, reason: str) -> None:
    rs = ruleset_from_text(RULESET.replace("ITEM", ANY_OF))
    report = check(profile_from_text(_profile(evidence), ruleset=rs), rs, as_of="2019-11-30", engine=engine)
    (finding,) = report.findings
    assert finding.status.value == status
    assert [r.code for r in finding.reasons] == [reason]


def test_no_evidence_names_every_alternative_kind() -> None:
    rs = ruleset_from_text(RULESET.replace("ITEM", ANY_OF))
    report = check(profile_from_text(_profile("[]"), ruleset=rs), rs, as_of="2019-11-30", engine="python")
    (finding,) = report.findings
    assert "inget underlag av slaget ”Analys” eller ”RSA”" in finding.explanation("sv")
    assert "Analysis (at most twelve months old) or RSA (once per term of office)" in finding.explanation("en")


def test_alternative_cadences_are_resolved() -> None:
    rs = ruleset_from_text(RULESET.replace("ITEM", ANY_OF))
    assert {c.key for c in rs.cadences} == {"m12", "term"}


@pytest.mark.parametrize(("item", "message"), [
    ("{kinds: [analysis], cadence: yearly, any_of: [{kinds: [rsa], cadence: term}, "
     "{kinds: [analysis], cadence: yearly}]}", "takes no 'kinds'"),
    ("{description: {sv: x, en: x}}", "needs 'kinds' and 'cadence'"),
    ("{any_of: [{kinds: [rsa], cadence: term}]}", "at least 2"),
    ("{any_of: [{kinds: [rsa], cadence: term}, {kinds: [nope], cadence: yearly}]}", "unknown evidence kind 'nope'"),
])
def test_malformed_any_of_is_a_located_error(item: str, message: str) -> None:
    with pytest.raises(RulesetError) as err:
        ruleset_from_text(RULESET.replace("ITEM", item), "r.yaml")
    text = "\n".join(str(p) for p in err.value.problems)
    assert message in text
    assert "r.yaml:" in text


def test_split_disjunction_keeps_the_meaning_and_bounds_the_size() -> None:
    leaves = [{f"a{j}": "y"} for j in range(12)]
    big = {"$and": [{"t": "p"}, {"$or": leaves[:6]}, {"$or": leaves[6:]}]}
    parts = split_disjunction(big, limit=10)
    assert len(parts) > 1
    assert all(expression_size(p) <= 10 for p in parts)

    def holds(expr: object, true: set[str]) -> bool:
        assert isinstance(expr, dict)
        if "$and" in expr:
            return all(holds(e, true) for e in expr["$and"])
        if "$or" in expr:
            return any(holds(e, true) for e in expr["$or"])
        (key,) = expr
        return key == "t" or key in true

    for a in range(6):
        for b in range(6, 12):
            for true in ({f"a{a}", f"a{b}"}, {f"a{a}"}, {f"a{b}"}):
                assert holds(big, true) == any(holds(p, true) for p in parts)
    assert split_disjunction({"x": "y"}) == [{"x": "y"}]


# ------------------------------------------------------------------- durable-rules' size limits


def test_every_durable_rule_of_the_shipped_ruleset_is_small(ruleset: Ruleset) -> None:
    """Conditions compile to condition nodes, so no rule nears durable's 32-entry expression limit."""
    from tsp_rules.engines import durable

    compiled = durable.compiled(ruleset)
    for rule in compiled.rules.values():
        for pattern in rule["all"]:
            (expr,) = pattern.values()
            assert durable.expression_size(expr) < 32


def test_an_any_over_one_enum_trait_works_in_durable() -> None:
    """Once refused by durable's fixed tables; now a node with one small rule per alternative."""
    leaves = ", ".join(f"{{trait: colour, is: {c}}}" for c in ("red", "green", "blue"))
    text = RULESET.replace("ITEM", "{kinds: [analysis], cadence: yearly}").replace(
        "evidence_kinds:", "traits:\n  colour: {type: enum, values: [red, green, blue], title: {sv: F, en: C}}\n"
        "evidence_kinds:").replace(
        "    applies_to: {sv: alla, en: all}",
        f"    applies_to: {{sv: alla, en: all}}\n    applies_when: {{any: [{leaves}]}}")
    rs = ruleset_from_text(text)
    for colour, status in (("green", "gap"), ("unassessed", "not_assessed")):
        profile = profile_from_text(f"profile: {{id: p, name: P, kind: facknamnd}}\ntraits: {{colour: {colour}}}\n"
                                    "evidence: []\n", ruleset=rs)
        durable_report = check(profile, rs, as_of="2019-11-30", engine="durable")
        python_report = check(profile, rs, as_of="2019-11-30", engine="python")
        assert durable_report.findings == python_report.findings
        assert durable_report.findings[0].status.value == status


def test_hundreds_of_trait_tests_in_one_condition_work_in_durable() -> None:
    """Hundreds of distinct trait tests in one condition once hung off one alpha node and were refused;
    leaf truths are now resolved in Python and asserted as condition facts, so durable decides alike."""
    from tsp_rules.engines import durable

    rs = _wide_ruleset(300)
    for colour, status in (("v3", "gap"), ("unassessed", "not_assessed")):
        profile = profile_from_text(f"profile: {{id: p, name: P, kind: facknamnd}}\ntraits: {{colour: {colour}}}\n"
                                    "evidence: []\n", ruleset=rs)
        (finding,) = check(profile, rs, as_of="2019-11-30", engine="durable").findings
        assert finding == check(profile, rs, as_of="2019-11-30", engine="reference").findings[0]
        assert finding.status.value == status
    assert durable.retire(rs)


def test_a_ruleset_beyond_durables_fixed_tables_is_refused_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable's table errors at registration (107, 108, 113) are a clean refusal naming the python engine,
    and nothing of the refused ruleset stays behind."""
    from tsp_rules import UsageError
    from tsp_rules.engines import durable

    rs = _wide_ruleset(5)
    profile = profile_from_text("profile: {id: p, name: P, kind: facknamnd}\ntraits: {colour: v3}\n"
                                "evidence: []\n", ruleset=rs)
    host = durable._host()
    actions, registered = len(host.actions), durable.registered()

    def refuse(rulesets: object) -> None:
        raise durable._dre.error("Could not create ruleset, error code: 113")

    monkeypatch.setattr(host, "register_rulesets", refuse)
    with pytest.raises(UsageError, match=r"too large for durable-rules.*use the python engine"):
        check(profile, rs, as_of="2019-11-30", engine="durable")
    assert len(host.actions) == actions  # nothing of the refused ruleset stays behind
    assert durable.registered() == registered  # the registry holds nothing for it either
    assert not durable.retire(rs)
    (finding,) = check(profile, rs, as_of="2019-11-30", engine="python").findings
    assert finding.status.value == "gap"


def _wide_ruleset(width: int) -> Any:
    values = ", ".join(f"v{n}" for n in range(width))
    leaves = ", ".join(f"{{trait: colour, is: v{n}}}" for n in range(width))
    text = RULESET.replace("ITEM", "{kinds: [analysis], cadence: yearly}").replace(
        "evidence_kinds:", f"traits:\n  colour: {{type: enum, values: [{values}], title: {{sv: F, en: C}}}}\n"
        "evidence_kinds:").replace(
        "    applies_to: {sv: alla, en: all}",
        f"    applies_to: {{sv: alla, en: all}}\n    applies_when: {{any: [{leaves}]}}")
    return ruleset_from_text(text)
