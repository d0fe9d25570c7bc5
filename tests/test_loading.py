"""The YAML reader keeps positions, and validation errors come out located with suggestions."""

from __future__ import annotations

import pytest

from tsp_rules.documents.loading import parse_yaml
from tsp_rules.errors import InputError, ProfileError
from tsp_rules.model.profile import profile_from_text

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


# ---- the fast path: values without positions first, positions worked out only when asked for

from pathlib import Path  # noqa: E402

import yaml  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tsp_rules.documents import loading  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _slow(text: str) -> loading._Builder:
    return loading._Builder("<x>")


YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                         st.sampled_from(["yes", "No", "~", "0x1f", "0o7", "1_000", "2019-11-30", ".inf", "1e3",
                                          "12:30", "=", "<<", "null", "TRUE", "-", "'q'",
                                          "2001-12-14t21:59:43.10-05:00"]))
YAML_DATA = st.recursive(YAML_SCALARS, lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=12)


@given(YAML_DATA, st.booleans())
def test_fast_path_gives_the_values_and_positions_of_the_full_builder(data: object, flow: bool) -> None:
    text = yaml.safe_dump({"doc": data}, allow_unicode=True, default_flow_style=flow)
    doc = parse_yaml(text, "<x>", lenient=True)
    slow = _slow(text)
    assert doc.data == slow.build(yaml.compose(text, Loader=yaml.SafeLoader), (), ())
    assert dict(doc.positions) == slow.positions
    assert dict(doc.key_positions) == slow.key_positions


def test_fast_path_on_every_shipped_and_invalid_file() -> None:
    files = [*sorted((ROOT / "fixtures").rglob("*.yaml")), *sorted((ROOT / "rulesets").glob("*.yaml")),
             *sorted((ROOT / "tests" / "data").rglob("*.yaml"))]
    assert len(files) > 40
    checked = 0
    for path in files:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        try:
            doc = parse_yaml(text, "<x>", lenient=True)
        except Exception:
            continue
        builder = loading._Builder("<x>")
        data = builder.build(yaml.compose(text, Loader=yaml.SafeLoader), (), ())
        assert doc.data == data, path
        assert dict(doc.positions) == builder.positions, path
        assert dict(doc.key_positions) == builder.key_positions, path
        assert [p for _, p in doc.issues] == builder.problems, path
        checked += 1
    assert checked > 40


def test_problems_take_the_full_builder() -> None:
    doc = parse_yaml("a: 1\na: 2\nb: !!python/name:os.system x\n", "<x>", lenient=True)
    assert [p.message for _, p in doc.issues] == ["duplicate key 'a'", "unsupported tag '!!python/name:os.system': "
                                                  "only plain YAML values (text, numbers, true/false, lists, "
                                                  "mappings) are allowed"]
    assert isinstance(doc.positions, dict)  # positions were recorded on the way


@given(st.text(min_size=1, max_size=12) | st.sampled_from(["yes", "No", "~", "0x1f", ".inf", "2019-11-30", "Sy",
                                                           "Syntetiskt underlag 1/x", "=", "<<", "null", "ö"]))
def test_the_fast_loader_resolves_plain_scalars_as_the_safe_loader(value: str) -> None:
    """A plain scalar whose first character no implicit resolver starts with is text without asking the safe
    loader's resolver: the same tags for any text."""
    fast = loading._FastLoader("")
    safe = yaml.SafeLoader("")
    loading._RESOLVED.clear()  # decided afresh, not from what an earlier file left
    assert fast.resolve(yaml.ScalarNode, value, (True, False)) == safe.resolve(yaml.ScalarNode, value, (True, False))
