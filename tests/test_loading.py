"""The YAML reader keeps positions, and validation errors come out located with suggestions."""

from __future__ import annotations

import pytest

from tsp_rules.errors import InputError, ProfileError
from tsp_rules.loading import parse_yaml
from tsp_rules.profile import profile_from_text

VALID = """\
profile:
  id: testnamnden
  name: Testnämnden
  kind: facknämnd
traits:
  geographic_area: false
evidence:
  - kind: rsa
    date: 2019-10-01
    reference: Illustrativt
"""


def test_positions_are_recorded_for_every_path() -> None:
    doc = parse_yaml(VALID, "p.yaml")
    assert doc.locate(("profile", "kind")) == (4, 9)  # the value
    assert doc.locate(("profile", "kind"), at_key=True) == (4, 3)  # the key
    assert doc.locate(("evidence", 0, "date")) == (9, 11)
    assert doc.locate(("evidence", 0, "nonexistent")) == (8, 5)  # a missing field: its mapping
    assert doc.data["evidence"][0]["date"] == "2019-10-01"  # dates stay text until validated


def test_valid_profile_loads_and_folds_swedish_kind() -> None:
    profile = profile_from_text(VALID, "p.yaml")
    assert profile.kind == "facknamnd"
    assert profile.evidence is not None and profile.evidence[0].date.isoformat() == "2019-10-01"


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as err:
        profile_from_text(text, "p.yaml")
    return [str(p) for p in err.value.problems]


def test_syntax_error_is_located() -> None:
    out = problems("profile:\n  id: [unclosed\n")
    assert len(out) == 1 and out[0].startswith("p.yaml:3:1: YAML syntax error")


def test_duplicate_key_is_located() -> None:
    out = problems(VALID.replace("  name: Testnämnden\n", "  name: Testnämnden\n  name: Igen\n"))
    assert out == ["p.yaml:4:3: duplicate key 'name' [profile.name]"]


def test_unknown_field_suggests_and_lists_allowed() -> None:
    out = problems(VALID.replace("  name: Testnämnden", "  nmae: Testnämnden"))
    joined = "\n".join(out)
    assert "p.yaml:3:3: unknown field 'nmae' (did you mean 'name'?)" in joined
    assert "allowed: " in joined and "p.yaml:1:1: missing required field 'name'" in joined


def test_impossible_date_is_located() -> None:
    out = problems(VALID.replace("2019-10-01", "2019-02-30"))
    assert out == ["p.yaml:9:11: 'date': '2019-02-30' is not a real calendar date [evidence[0].date]"]


def test_wrong_type_is_located() -> None:
    out = problems(VALID.replace("    reference: Illustrativt", "    reference: [1, 2]"))
    assert len(out) == 1 and out[0].startswith("p.yaml:10:16: 'reference': a text is expected, got a list")


def test_wrong_kind_lists_choices_and_suggests() -> None:
    out = problems(VALID.replace("kind: facknämnd", "kind: facknamd"))
    assert len(out) == 1 and "p.yaml:4:9:" in out[0] and "did you mean 'facknamnd'" in out[0]


def test_all_problems_of_a_file_are_reported_together() -> None:
    text = VALID.replace("kind: facknämnd", "kind: nope").replace("2019-10-01", "2019-13-01")
    assert len(problems(text)) == 2


def test_python_tags_are_refused_not_constructed() -> None:
    out = problems("profile: !!python/object/apply:os.system ['echo hi']\n")
    assert out[0].startswith("p.yaml:1:10: unsupported tag '!!python/object/apply:os.system'")


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]"
              for i in range(1, 9)]
    with pytest.raises(InputError, match="expands to more than"):
        parse_yaml("\n".join(lines), "bomb.yaml")


def test_profile_error_is_an_input_error() -> None:
    with pytest.raises(ProfileError):
        profile_from_text("- just\n- a list\n", "p.yaml")
