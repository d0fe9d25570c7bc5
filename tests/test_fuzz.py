"""Fuzzed inputs: whatever people write, only the documented errors come out (InputError, exit 2)."""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tsp_rules import InputError, Ruleset, load_ruleset
from tsp_rules.checking.check import check
from tsp_rules.commands.cli import main
from tsp_rules.documents.loading import MAX_NODES
from tsp_rules.errors import Problem
from tsp_rules.model.compiler import ruleset_from_text
from tsp_rules.model.profile import load_profile, profile_from_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "stockholm" / "skarpnacks-stadsdelsnamnd.yaml"
FIXTURE_TEXT = FIXTURE.read_text(encoding="utf-8")
FIXTURE_DATA = yaml.safe_load(FIXTURE_TEXT)
RULESET_TEXT = (ROOT / "rulesets" / "tsp-2018-2021.yaml").read_text(encoding="utf-8")
RULESET = load_ruleset(ROOT / "rulesets" / "tsp-2018-2021.yaml")
WORK = Path(tempfile.mkdtemp(prefix="tsp-fuzz-"))
LOCATED = re.compile(r"^\S.*:\d+:\d+: \S")


def _well_formed(problems: tuple[Problem, ...], file: str) -> None:
    assert problems
    for p in problems:
        assert p.file == file
        assert p.line >= 1 and p.column >= 1
        assert p.message and "\n" not in p.message
        assert "Traceback" not in p.message


def _load_text(text: str, ruleset: Ruleset | None = RULESET) -> None:
    """Load a profile from text: it must load or raise InputError, nothing else."""
    try:
        profile = profile_from_text(text, "fuzz.yaml", ruleset)
    except InputError as exc:
        _well_formed(exc.problems, "fuzz.yaml")
    else:
        if ruleset is not None:
            check([profile], ruleset, "2019-11-30", "python")


def _load_bytes(raw: bytes) -> None:
    path = WORK / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        load_profile(path, RULESET)
    except InputError as exc:
        _well_formed(exc.problems, str(path))


# ------------------------------------------------------------------------------------ raw inputs


@given(st.binary(max_size=2_000))
def test_random_bytes(raw: bytes) -> None:
    _load_bytes(raw)


@given(st.text(max_size=1_000))
def test_random_text(text: str) -> None:
    _load_text(text)


YAML_BITS = st.sampled_from([
    ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:os.system", "!!binary", "? ", "|", ">", "'", '"',
    "\t", "\n", "  ", "#", "---\n", "...", "<<: *a\n", "2019-02-30", "~", "null", "yes", "0x1F", ".inf", "%YAML 1.1\n",
    "\ufeff", "\x00", "é", "traits:", "evidence:", "decisions:", "kind: ", "date: ", "!!timestamp ", "&b [*b]",
])


@st.composite
def mutated(draw: st.DrawFn, base: str = FIXTURE_TEXT) -> str:
    text = base
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "replace"]))
        if action == "insert":
            text = text[:at] + draw(st.one_of(YAML_BITS, st.text(max_size=8))) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif action == "duplicate":
            end = text.find("\n", at)
            line_start = text.rfind("\n", 0, at) + 1
            line = text[line_start:end + 1] if end >= 0 else text[line_start:]
            text = text[:line_start] + line + text[line_start:]
        else:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            text = text[:at] + draw(YAML_BITS) + text[end:]
    return text


@given(mutated())
def test_mutated_profile_text(text: str) -> None:
    _load_text(text)


@settings(max_examples=25)
@given(mutated(RULESET_TEXT))
def test_mutated_ruleset_text(text: str) -> None:
    try:
        ruleset_from_text(text, "fuzz-ruleset.yaml")
    except InputError as exc:
        _well_formed(exc.problems, "fuzz-ruleset.yaml")


# ------------------------------------------------------------------------------- wrong values


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))


PATHS = [p for p in _paths(FIXTURE_DATA) if p]

WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["2019-02-30", "2019-13-01", "0000-00-00", "30/1/2019", "unassessed", "", " ", "tsp-profile/2",
                     "ARB-FINNS-INTE", "crime_lagesbild", "nämnd", "Å" * 300]),
    st.lists(st.one_of(st.integers(), st.text(max_size=5), st.none()), max_size=4),
    st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.dates().map(lambda d: d),
    st.builds(lambda n: "x" * n, st.integers(10_000, 200_000)),
)


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(data)
    target = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return out


@given(st.sampled_from(PATHS), WRONG)
def test_wrong_type_at_every_field(path: tuple[Any, ...], value: Any) -> None:
    text = yaml.safe_dump(_set(FIXTURE_DATA, path, value), allow_unicode=True, sort_keys=False)
    _load_text(text)


@given(st.sampled_from(PATHS), st.sampled_from(PATHS))
def test_fields_moved_or_deleted(source: tuple[Any, ...], target: tuple[Any, ...]) -> None:
    value: Any = FIXTURE_DATA
    for part in source:
        value = value[part]
    data = _set(FIXTURE_DATA, target, value)
    _load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    parent: Any = data
    for part in source[:-1]:
        in_dict = isinstance(parent, dict) and part in parent
        in_list = isinstance(parent, list) and isinstance(part, int) and part < len(parent)
        if not (in_dict or in_list):
            return
        parent = parent[part]
    if isinstance(parent, dict) and source[-1] in parent:
        del parent[source[-1]]
        _load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


# -------------------------------------------------------------------------------- hostile YAML


@given(st.integers(1, 20_000), st.sampled_from(["[", "{a: ", "- "]))
def test_deep_nesting(depth: int, opener: str) -> None:
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    body = opener * depth + "1" + closer * depth
    if opener == "- ":
        body = "".join("  " * i + "- \n" for i in range(min(depth, 3_000))) + "  " * min(depth, 3_000) + "1\n"
    _load_text(f"format: tsp-profile/1\nprofile: {body}\n" if opener != "- " else body)


@given(st.integers(2, 12), st.integers(2, 12))
def test_alias_bombs(fan_out: int, levels: int) -> None:
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan_out)}]")
    lines.append(f"profile: *a{levels}")
    text = "\n".join(lines) + "\n"
    try:
        profile_from_text(text, "bomb.yaml", RULESET)
    except InputError as exc:
        if fan_out ** levels > MAX_NODES:
            assert any("expands to more than" in p.message for p in exc.problems)


@given(st.sampled_from([
    "!!python/object/apply:os.system ['echo x']", "!!python/name:builtins.eval", "!!python/object:object {}",
    "!!python/tuple [1, 2]", "!!set {a, b}", "!!omap [a: 1]", "!!binary aGVq", "!ruby/object {}", "!custom x",
    "!!python/module:os", "!<tag:yaml.org,2002:python/object/new:os.system> [x]",
]), st.sampled_from(PATHS))
def test_tags_that_construct_objects_are_refused(tagged: str, path: tuple[Any, ...]) -> None:
    marker = "TAGGED-VALUE-MARKER"
    text = yaml.safe_dump(_set(FIXTURE_DATA, path, marker), allow_unicode=True, sort_keys=False, width=10_000)
    text = text.replace(f"'{marker}'", tagged).replace(marker, tagged)
    try:
        profile_from_text(text, "tag.yaml", RULESET)
    except InputError as exc:
        _well_formed(exc.problems, "tag.yaml")
    else:
        raise AssertionError(f"a tagged value was accepted: {tagged}")


@given(st.sampled_from(PATHS), st.integers(1, 5))
def test_duplicate_keys_are_refused(path: tuple[Any, ...], repeat: int) -> None:
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return
    key = keys[-1]
    lines = FIXTURE_TEXT.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if re.match(rf"^\s*(- )?{re.escape(key)}:", line):
            indent = len(line) - len(line.lstrip(" -"))
            copy_line = " " * indent + line.lstrip(" -")
            lines[i + 1:i + 1] = [copy_line] * repeat
            break
    with_dupes = "".join(lines)
    try:
        profile_from_text(with_dupes, "dup.yaml", RULESET)
    except InputError as exc:
        _well_formed(exc.problems, "dup.yaml")
    else:
        raise AssertionError(f"a duplicate key {key!r} was accepted")


@given(st.sampled_from(["2019-02-30", "2019-02-29", "2019-04-31", "2020-02-30", "2019-00-10", "2019-1-1", "20190101"]),
       st.sampled_from(["date", "valid_until", "decided_on"]))
def test_impossible_dates(date: str, field: str) -> None:
    text = FIXTURE_TEXT.replace(f"{field}: 20", f"{field}: {date} # was 20", 1)
    if text == FIXTURE_TEXT:
        return
    try:
        profile_from_text(text, "date.yaml", RULESET)
    except InputError as exc:
        assert any(date in p.message or "date" in p.message for p in exc.problems), exc.problems
    else:
        raise AssertionError(f"{date} was accepted as a date")


# ------------------------------------------------------------------------------------------ CLI


@settings(max_examples=30)
@given(st.one_of(st.binary(max_size=500), mutated().map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_cli_gives_only_exit_codes_0_1_2(raw: bytes) -> None:
    path = WORK / "cli.yaml"
    path.write_bytes(raw)
    output = WORK / "report.txt"
    output.unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", "2019-11-30", "--engine", "python",
                                       "-o", str(output)])
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert not output.exists()
        assert result.stderr and all(LOCATED.match(line) for line in result.stderr.splitlines()), result.stderr
    else:
        assert output.is_file()


WRONG_EXAMPLES: list[Any] = [None, True, 7, 2.5, "", "x" * 20_000, [], [1, None], {}, {"a": 1}, "2019-02-30"]


def test_every_field_with_every_kind_of_wrong_value() -> None:
    """Exhaustive companion of the property test above: each field of the fixture, each wrong value."""
    accepted = 0
    for path in PATHS:
        for value in WRONG_EXAMPLES:
            text = yaml.safe_dump(_set(FIXTURE_DATA, path, value), allow_unicode=True, sort_keys=False)
            try:
                profile_from_text(text, "every.yaml", RULESET)
            except InputError as exc:
                _well_formed(exc.problems, "every.yaml")
            else:
                accepted += 1
    assert len(PATHS) > 40
    assert accepted < len(PATHS) * len(WRONG_EXAMPLES) / 2  # most wrong values are refused
