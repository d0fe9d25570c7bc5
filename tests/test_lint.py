"""``tsp-check lint``: each check catches a small bad ruleset (``tests/data/lint/*.yaml``, each naming the
location it must be reported at in a trailing ``# expect: LINE:COL CHECK`` comment), the bundled ruleset
lints clean, and the satisfiability decision agrees with brute force."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given

from tsp_rules.authoring.lint import CHECKS, candidates, lint_file, witness
from tsp_rules.commands.cli import main
from tsp_rules.model import conditions as C

from .strategies import GEN_TRAITS, conditions, trait_domains

DATA = Path(__file__).resolve().parent / "data" / "lint"
BAD = sorted(p for p in DATA.glob("*.yaml") if p.name not in ("clean.yaml", "not-yaml.yaml"))
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<check>[a-z-]+): (?P<message>.+)$")


def lint(*args: str) -> Result:
    return CliRunner().invoke(main, ["lint", *args])


def expected(path: Path) -> set[tuple[str, str]]:
    return {(m.group(1), m.group(2)) for m in re.finditer(r"^# expect: (\d+:\d+) ([a-z-]+)$", path.read_text(),
                                                           re.MULTILINE)}


def reported(result: Result) -> set[tuple[str, str]]:
    out = set()
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        assert match, f"not FILE:LINE:COL: CHECK: MESSAGE: {line!r}"
        out.add((f"{match['line']}:{match['col']}", match["check"]))
    return out


def test_bundled_ruleset_lints_clean() -> None:
    result = lint()
    assert result.stdout == ""
    assert result.exit_code == 0


def test_clean_example_lints_clean() -> None:
    result = lint(str(DATA / "clean.yaml"))
    assert (result.exit_code, result.stdout) == (0, "")
    # when nothing is found, lint says what it checked (on standard error; -q leaves it out)
    assert re.fullmatch(r"Kontrollerade ett regelverk \(\S*clean\.yaml\): inga problem hittades\.\n", result.stderr)
    quiet = lint(str(DATA / "clean.yaml"), "-q")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_bad_ruleset_is_caught_where_it_is_wrong(path: Path) -> None:
    want = expected(path)
    assert want, f"{path.name} names no '# expect: LINE:COL CHECK'"
    result = lint(str(path), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert reported(result) == want
    assert all(line.split(":")[0].endswith(f"lint/{path.name}") for line in result.stdout.splitlines())


def test_every_check_has_an_example() -> None:
    covered = {check for path in [*BAD, DATA / "profiles" / "unknown-obligation.yaml"] for _, check in expected(path)}
    assert covered == set(CHECKS) - {"invalid"}


def test_waiver_naming_an_unknown_obligation() -> None:
    profiles = DATA / "profiles"
    result = lint(str(DATA / "clean.yaml"), "--profiles", str(profiles), "--lang", "en")
    assert result.exit_code == 1
    assert reported(result) == expected(profiles / "unknown-obligation.yaml")
    assert "OB-PLANS" in result.stdout


def test_messages_in_swedish_by_default() -> None:
    path = DATA / "unused-trait.yaml"
    sv, en = lint(str(path)), lint(str(path), "--lang", "en")
    assert "egenskapen 'size' läses inte av något villkor" in sv.stdout
    assert "trait 'size' is not read by any condition" in en.stdout


def test_several_files_sorted_and_deterministic() -> None:
    paths = [str(DATA / "unused-trait.yaml"), str(DATA / "clean.yaml"), str(DATA / "never-applies.yaml")]
    first, second = lint(*paths), lint(*reversed(paths))
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout
    assert len(first.stdout.splitlines()) == 2


def test_unreadable_input_exits_2() -> None:
    result = lint(str(DATA / "not-yaml.yaml"))
    assert result.exit_code == 2
    assert re.search(r"not-yaml\.yaml:3:\d+: YAML-syntaxfel", result.stderr)
    assert result.stdout == ""
    missing = lint("no/such/ruleset.yaml")
    assert missing.exit_code == 2
    assert "det finns ingen regelverksfil" in missing.stderr
    assert "Traceback" not in missing.output


def test_unreadable_wins_over_findings() -> None:
    result = lint(str(DATA / "not-yaml.yaml"), str(DATA / "unused-trait.yaml"))
    assert result.exit_code == 2
    assert "unused-trait" in result.stdout


def test_duplicate_keys_are_duplicate_ids(tmp_path: Path) -> None:
    text = (DATA / "clean.yaml").read_text()
    text = text.replace("  plan: {title: {sv: Plan, en: Plan}}\n",
                        "  plan: {title: {sv: Plan, en: Plan}}\n  plan: {title: {sv: Plan, en: Plan}}\n")
    path = tmp_path / "dup.yaml"
    path.write_text(text)
    result = lint_file(path)
    assert [(f.line, f.column, f.check) for f in result.findings] == [(19, 3, "duplicate-id")]


# ----------------------------------------------------------------------- satisfiability


def _leaf(subject: str, op: str, value: C.Scalar | tuple[C.Scalar, ...]) -> C.Leaf:
    return C.Leaf(subject, op, value)


def test_int_boundaries() -> None:
    domains = trait_domains()
    between = C.All((_leaf("size", "gt", 3), _leaf("size", "lt", 5)))
    assert witness(between, domains) == {"size": 4}
    assert witness(C.All((_leaf("size", "gt", 3), _leaf("size", "lt", 4))), domains) is None
    assert witness(C.All((_leaf("size", "gte", 3), _leaf("size", "lte", 3))), domains) == {"size": 3}


def test_set_and_enum_candidates() -> None:
    domains = trait_domains()
    assert witness(C.All((_leaf("tags", "contains", "t1"), C.Not(_leaf("tags", "contains_any", ("t1",))))),
                   domains) is None
    assert witness(C.All((_leaf("tags", "is_empty", False), C.Not(_leaf("tags", "contains_any", ("t1", "t2"))))),
                   domains) == {"tags": frozenset({"t3"})}
    # an enum value nobody names is still a possible value
    assert witness(C.Not(_leaf("colour", "in", ("red", "green"))), domains) == {"colour": "blue"}
    assert candidates(domains["kind"], [], with_unknown=True) == ["facknamnd"]  # a profile always has a kind


def _brute_force(cond: C.Condition) -> bool:
    domains = trait_domains()
    names = sorted(C.subjects(cond))
    options: list[list[C.Value]] = []
    for name in names:
        dom = domains[name]
        if dom.type == "bool":
            options.append([False, True])
        elif dom.type == "enum":
            options.append(list(dom.values))
        elif dom.type == "set":
            options.append([frozenset(c) for r in range(len(dom.values) + 1)
                            for c in itertools.combinations(dom.values, r)])
        else:
            options.append(list(range(-5, 20)))  # wider than every constant the strategy uses, ±1
    return any(C.evaluate(cond, dict(zip(names, combo, strict=True))) is C.Truth.TRUE
               for combo in itertools.product(*options))


@given(conditions(trait_domains(), max_leaves=5).map(
    lambda data: _parse(data)))
def test_witness_agrees_with_brute_force(cond: C.Condition) -> None:
    found = witness(cond, trait_domains())
    assert (found is not None) == _brute_force(cond)
    if found is not None:
        assert C.evaluate(cond, found) is C.Truth.TRUE


def _parse(data: object) -> C.Condition:
    from tsp_rules.documents.loading import parse_yaml

    doc = parse_yaml("{}", "<cond>")
    parser = C.ConditionParser(doc, trait_domains(), "trait")
    cond = parser.parse(data, ())
    assert not parser.problems
    return cond


def test_strategy_traits_are_the_generated_ones() -> None:
    assert set(trait_domains()) == {*GEN_TRAITS, "kind"}
