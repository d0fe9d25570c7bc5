"""``tsp-check rulesets`` (the bundled rulesets, their periods, which are in force) and ``tsp-check
diff-rulesets`` (obligations added, removed and changed between two rulesets or two versions of one)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tsp_rules.authoring.ruleset_diff import diff_rulesets, render_diff
from tsp_rules.commands.cli import main
from tsp_rules.model.compiler import bundled_rulesets, load_ruleset, ruleset_from_text

LAGKRAV = bundled_rulesets()["lagkrav-kommun"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def in_force(out: str) -> dict[str, bool]:
    return {r["id"]: r["in_force"] for r in json.loads(out)["rulesets"]}


def test_rulesets_in_force_by_date() -> None:
    code, out, _ = run("rulesets", "--as-of", "2019-11-30", "--format", "json")
    assert code == 0
    assert in_force(out) == {"lagkrav-kommun": True, "tsp-2018-2021": True}
    code, out, _ = run("rulesets", "--as-of", "2026-06-01", "--format", "json")
    assert in_force(out) == {"lagkrav-kommun": True, "tsp-2018-2021": False}
    assert in_force(run("rulesets", "--as-of", "2017-12-31", "--format", "json")[1]) == {
        "lagkrav-kommun": False, "tsp-2018-2021": False}


def test_rulesets_lists_parts_with_their_periods() -> None:
    data = json.loads(run("rulesets", "--as-of", "2023-06-30", "--format", "json")[1])
    parts = {p["id"]: p for r in data["rulesets"] if r["id"] == "lagkrav-kommun" for p in r["parts"]}
    assert parts["brottsforebyggande"]["valid_from"] == "2023-07-01"
    assert parts["brottsforebyggande"]["in_force"] is False
    assert parts["sakerhetsskydd-2018"]["in_force"] is True
    data = json.loads(run("rulesets", "--as-of", "2023-07-01", "--format", "json")[1])
    parts = {p["id"]: p for r in data["rulesets"] if r["id"] == "lagkrav-kommun" for p in r["parts"]}
    assert parts["brottsforebyggande"]["in_force"] is True


def test_rulesets_text_in_both_languages() -> None:
    code, sv, _ = run("rulesets", "--as-of", "2026-06-01")
    assert code == 0 and "1 av 2 gäller per 1 juni 2026: lagkrav-kommun." in sv
    _, en, _ = run("rulesets", "--as-of", "2026-06-01", "--lang", "en")
    assert "1 of 2 in force as of 1 June 2026: lagkrav-kommun." in en
    assert run("rulesets", "--as-of", "2026-06-01") == (code, sv, "")  # deterministic


def test_rulesets_bad_date_is_a_usage_error() -> None:
    code, _, err = run("rulesets", "--as-of", "2026-13-01")
    assert code == 2 and "2026-13-01" in err


def _changed_version(tmp_path: Path) -> Path:
    text = LAGKRAV.read_text(encoding="utf-8")
    text = text.replace(f"version: {load_ruleset('lagkrav-kommun').version}\n", "version: 9.9.9\n", 1)
    text = text.replace("    lagesbild_brott:\n      within_months: 12", "    lagesbild_brott:\n      within_months: 6")
    text = text.replace("sv: Kommunen ska ha ett handlingsprogram för räddningstjänsten.",
                        "sv: Kommunen ska ha ett antaget handlingsprogram för räddningstjänsten.")
    text = text.replace("    applies_when: {trait: owns_or_uses_buildings, is: true}\n",
                        "    applies_when: {trait: employs_staff, is: true}\n")
    start = text.index("  - id: KRIS-RAPPORTERING")
    end = text.index("  - id: KRIS-PLAN")
    text = text[:start] + text[end:]
    text = text.replace("  - id: KRIS-PLAN\n", "  - id: KRIS-OVNING\n" + text[text.index("    focus_area: KRIS"):
                                                                              text.index("  - id: KRIS-PLAN")]
                        .replace("KRIS-RSA", "KRIS-OVNING") + "  - id: KRIS-PLAN\n", 1)
    path = tmp_path / "lagkrav-1.1.0.yaml"
    path.write_text(text, encoding="utf-8")
    ruleset_from_text(text)  # still a valid ruleset
    return path


def test_diff_of_two_versions(tmp_path: Path) -> None:
    old, new = load_ruleset("lagkrav-kommun"), load_ruleset(_changed_version(tmp_path))
    diff = diff_rulesets(old, new, "sv")
    assert [o.id for o in diff.added] == ["KRIS-OVNING"]
    assert [o.id for o in diff.removed] == ["KRIS-RAPPORTERING"]
    changed = {c.id: {ch.aspect for ch in c.changes} for c in diff.changed}
    assert changed == {
        "BRF-LAGESBILD": {"cadence"},
        "LSO-HANDLINGSPROGRAM-RADDNINGSTJANST": {"text"},
        "LSO-BRANDSKYDD": {"applicability"},
    }
    cadence = next(ch for c in diff.changed if c.id == "BRF-LAGESBILD" for ch in c.changes)
    assert (cadence.before, cadence.after) == ("lagesbild_brott (12 mån)", "lagesbild_brott (6 mån)")
    text = render_diff(diff)
    assert "Tillkomna skyldigheter (1)" in text and "  + KRIS-OVNING" in text
    assert "Borttagna skyldigheter (1)" in text and "  - KRIS-RAPPORTERING" in text
    assert "Ändrade skyldigheter (3)" in text


def test_diff_of_a_ruleset_with_itself_is_empty() -> None:
    rs = load_ruleset("lagkrav-kommun")
    assert diff_rulesets(rs, rs).empty
    code, out, _ = run("diff-rulesets", "lagkrav-kommun", str(LAGKRAV))
    assert code == 0 and "Inga skillnader i skyldigheterna." in out


def test_diff_rulesets_cli(tmp_path: Path) -> None:
    path = _changed_version(tmp_path)
    code, out, _ = run("diff-rulesets", "lagkrav-kommun", str(path), "--format", "json", "--lang", "en")
    assert code == 1
    data = json.loads(out)
    assert (data["a"]["version"], data["b"]["version"]) == (load_ruleset("lagkrav-kommun").version, "9.9.9")
    assert [o["id"] for o in data["added"]] == ["KRIS-OVNING"]
    code, out, _ = run("diff-rulesets", "tsp-2018-2021", "lagkrav-kommun")
    assert code == 1 and "Borttagna skyldigheter" in out and "Tillkomna skyldigheter (29)" in out  # lagkrav 2.0.0


def test_diff_rulesets_unknown_ruleset() -> None:
    code, out, err = run("diff-rulesets", "lagkrav-kommun", "lagkrav-komun")
    assert code == 2 and out == "" and "lagkrav-kommun" in err
