"""The compiler checks what pydantic cannot, and every problem is located."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tsp_rules.errors import RulesetError
from tsp_rules.model import conditions as C
from tsp_rules.model.compiler import load_ruleset, ruleset_from_text
from tsp_rules.model.ruleset import Ruleset

SHIPPED = Path(__file__).resolve().parent.parent / "rulesets" / "tsp-2018-2021.yaml"


def minimal(**changes: object) -> str:
    data = {
        "format": "tsp-ruleset/1", "id": "mini", "version": "1.0.0", "title": {"sv": "Mini", "en": "Mini"},
        "valid_from": "2018-01-01", "valid_to": "2021-12-31",
        "sources": [{"id": "src", "title": {"sv": "K", "en": "S"}, "reference": "ref"}],
        "traits": {"area": {"type": "bool", "title": {"sv": "Område", "en": "Area"}},
                   "risk": {"type": "enum", "values": ["low", "high"], "title": {"sv": "Risk", "en": "Risk"}}},
        "evidence_kinds": {"plan": {"title": {"sv": "Plan", "en": "Plan"}}},
        "obligations": [{
            "id": "OB-ONE", "focus_area": "ARB", "title": {"sv": "T", "en": "T"}, "text": {"sv": "T", "en": "T"},
            "citation": {"source": "src", "section": "S"}, "applies_to": {"sv": "alla", "en": "all"},
            "requirement": {"description": {"sv": "D", "en": "D"},
                            "evidence": [{"kinds": ["plan"], "cadence": "yearly"}]},
        }],
        "grounds": [],
    }
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def errors(text: str) -> list[str]:
    with pytest.raises(RulesetError) as err:
        ruleset_from_text(text, "r.yaml")
    return [str(p) for p in err.value.problems]


def test_shipped_ruleset_compiles_with_a_stable_digest(ruleset: Ruleset) -> None:
    again = ruleset_from_text(SHIPPED.read_text(encoding="utf-8"), "copy.yaml")
    assert again.digest == ruleset.digest and ruleset.digest.startswith("sha256:")
    assert ruleset.obligation_ids == tuple(ob.id for ob in ruleset.obligations)


def test_digest_changes_with_content() -> None:
    one = ruleset_from_text(minimal(), "a.yaml")
    two = ruleset_from_text(minimal(version="1.0.1"), "b.yaml")
    assert one.digest != two.digest


def test_minimal_ruleset_compiles() -> None:
    rs = ruleset_from_text(minimal(), "r.yaml")
    assert rs.obligation("OB-ONE").applies_when == C.ALWAYS
    assert [c.key for c in rs.cadences] == ["m12"]
    assert "kind" in rs.traits  # built in


def test_unknown_trait_in_condition_suggests_a_name() -> None:
    ground = {"id": "g", "title": {"sv": "G", "en": "G"}, "when": {"trait": "aera", "is": False},
              "effects": [{"obligation": "OB-ONE", "effect": "not_applicable"}],
              "rationale": {"sv": "R", "en": "R"}, "citation": {"source": "src", "section": "S"}}
    out = errors(minimal(grounds=[ground]))
    assert len(out) == 1
    assert "unknown trait 'aera' (did you mean 'area'?)" in out[0] and "[grounds[0].when.trait]" in out[0]


def test_impossible_value_in_condition_is_an_error() -> None:
    ground = {"id": "g", "title": {"sv": "G", "en": "G"}, "when": {"trait": "risk", "is": "medium"},
              "effects": [{"obligation": "OB-ONE", "effect": "not_applicable"}],
              "rationale": {"sv": "R", "en": "R"}, "citation": {"source": "src", "section": "S"}}
    out = errors(minimal(grounds=[ground]))
    assert len(out) == 1 and "the text 'medium' is not a value of 'risk'" in out[0]
    assert "allowed: 'low', 'high'" in out[0]


def test_wrong_operator_for_type() -> None:
    ground = {"id": "g", "title": {"sv": "G", "en": "G"}, "when": {"trait": "area", "contains": "x"},
              "effects": [{"obligation": "OB-ONE", "effect": "not_applicable"}],
              "rationale": {"sv": "R", "en": "R"}, "citation": {"source": "src", "section": "S"}}
    out = errors(minimal(grounds=[ground]))
    assert "takes exactly one operator of 'is'" in out[0]


def test_unknown_obligation_in_effect_and_unknown_source() -> None:
    ground = {"id": "g", "title": {"sv": "G", "en": "G"}, "when": {"trait": "area", "is": False},
              "effects": [{"obligation": "OB-ONF", "effect": "not_applicable"}],
              "rationale": {"sv": "R", "en": "R"}, "citation": {"source": "nope", "section": "S"}}
    out = errors(minimal(grounds=[ground]))
    assert any("unknown obligation 'OB-ONF' (did you mean 'OB-ONE'?)" in p for p in out)
    assert any("unknown source 'nope'" in p for p in out)


def test_unknown_evidence_kind_and_missing_cadence_parameter() -> None:
    data = yaml.safe_load(minimal())
    data["obligations"][0]["requirement"]["evidence"][0].update({"kinds": ["plann"], "cadence": "t2"})
    out = errors(yaml.safe_dump(data))
    assert any("unknown evidence kind 'plann' (did you mean 'plan'?)" in p for p in out)
    assert any("cadence 't2' needs parameter 't2_date'" in p for p in out)


def test_duplicate_obligation_ids() -> None:
    data = yaml.safe_load(minimal())
    data["obligations"].append(data["obligations"][0])
    out = errors(yaml.safe_dump(data))
    assert any("duplicate obligation id 'OB-ONE'" in p for p in out)


def test_tailored_effect_needs_a_requirement() -> None:
    ground = {"id": "g", "title": {"sv": "G", "en": "G"}, "when": {"trait": "area", "is": False},
              "effects": [{"obligation": "OB-ONE", "effect": "tailored"}],
              "rationale": {"sv": "R", "en": "R"}, "citation": {"source": "src", "section": "S"}}
    out = errors(minimal(grounds=[ground]))
    assert any("a tailored effect needs the re-scoped 'requirement'" in p for p in out)


def test_load_ruleset_by_bundled_id_and_unknown_id() -> None:
    assert load_ruleset("tsp-2018-2021").id == "tsp-2018-2021"
    with pytest.raises(RulesetError, match="did you mean 'tsp-2018-2021'"):
        load_ruleset("tsp-2018-2012")


def test_ruleset_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(minimal().replace("format: tsp-ruleset/1", "format: tsp-ruleset/9"), encoding="utf-8")
    with pytest.raises(RulesetError) as err:
        load_ruleset(bad)
    assert str(err.value.problems[0]).startswith(f"{bad}:1:9:")


def test_a_content_field_means_the_same_in_every_kind() -> None:
    data = yaml.safe_load(minimal())
    data["evidence_kinds"]["plan"]["content"] = {"year": {"type": "int"}}
    data["evidence_kinds"]["report"] = {"title": {"sv": "R", "en": "R"},
                                        "content": {"year": {"type": "enum", "values": ["a"]}}}
    out = errors(yaml.safe_dump(data))
    assert len(out) == 1 and "content field 'year' is declared differently in evidence kind 'plan'" in out[0]


def test_bundled_rulesets_parse_alike_trusted_or_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled rulesets are parsed without the checks against hostile input (issue 25): the same values
    and positions as with them; a ruleset file elsewhere (a copy of a bundled one) is still checked."""
    from tsp_rules.documents import loading
    from tsp_rules.model.compiler import bundled_rulesets

    checked: list[str] = []
    nesting = loading._check_nesting
    monkeypatch.setattr(loading, "_check_nesting", lambda text, file: (checked.append(file), nesting(text, file)))
    for path in bundled_rulesets().values():
        trusted = loading.load_document(path, lenient=True, trusted=True)
        plain = loading.load_document(path, lenient=True)
        assert trusted.data == plain.data
        assert trusted.positions == plain.positions and trusted.issues == plain.issues
    assert checked == [str(p) for p in bundled_rulesets().values()]  # once each, by the untrusted parse
    checked.clear()
    copy = tmp_path / "copy.yaml"
    copy.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_ruleset(copy).digest == load_ruleset(SHIPPED.stem).digest
    assert checked == [str(copy)]
