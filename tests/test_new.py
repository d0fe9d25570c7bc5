"""``tsp-check new``: a commented skeleton that loads, lists every trait and evidence kind of the ruleset,
and becomes a valid profile when its examples are filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tsp_rules import Ruleset, check
from tsp_rules.commands.cli import main
from tsp_rules.cycle.skeleton import slugify
from tsp_rules.model.profile import load_profile, profile_from_text


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("kind", ["facknamnd", "stadsdelsnämnd", "kommunstyrelse", "bolag"])
def test_skeleton_loads_with_every_trait_unassessed(kind: str, ruleset: Ruleset, tmp_path: Path) -> None:
    target = tmp_path / "profile.yaml"
    code, _, err = run("new", "--kind", kind, "--name", "Östermalms stadsdelsnämnd", "--ruleset", ruleset.id, "-o",
                       str(target))
    assert code == 0, err
    profile = load_profile(target, ruleset)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["profile"] == {"id": "ostermalms-stadsdelsnamnd", "name": "Östermalms stadsdelsnämnd",
                               "kind": kind.replace("ä", "a"), "illustrative": False}
    assert set(data["traits"]) == set(ruleset.traits) - {"kind"}
    assert set(data["traits"].values()) == {"unassessed"}
    assert data["evidence"] is None and data["decisions"] == []
    text = target.read_text(encoding="utf-8")
    for kind_id, ev in ruleset.evidence_kinds.items():
        assert f"# - kind: {kind_id}\n" in text and ev.title.get("sv") in text
        for field in ev.content:
            assert f"#     {field}:" in text
    report = check(profile, ruleset, as_of="2019-11-30", engine="python")
    assert {f.status.value for f in report.findings} <= {"not_assessed", "not_applicable"}


def test_filled_in_examples_make_a_valid_profile(ruleset: Ruleset) -> None:
    """Uncommenting every evidence example and filling in date and reference gives one item per kind."""
    code, text, _ = run("new", "--kind", "bolag", "--name", "Stockholm Vatten och Avfall AB", "--ruleset", ruleset.id)
    assert code == 0
    lines = []
    for line in text.splitlines():
        if re.match(r"^  # (- kind| {2}date| {2}reference):", line):
            line = "  " + line[4:]
            line = line.replace("ÅÅÅÅ-MM-DD", "2019-05-01")
        lines.append(line)
    profile = profile_from_text("\n".join(lines) + "\n", "filled.yaml", ruleset)
    assert sorted(e.kind for e in profile.evidence or ()) == sorted(ruleset.evidence_kinds)


def test_without_ruleset_the_rulesets_in_force_on_the_date_are_used() -> None:
    """One rule for every command: as of 2019-11-30 both bundled rulesets are in force, so the skeleton asks
    for the traits of both (each once) and names both; after the programme's period the statutory ruleset
    alone; --ruleset (repeatable) overrides."""
    from tsp_rules import load_ruleset

    tsp, law = load_ruleset("tsp-2018-2021"), load_ruleset("lagkrav-kommun")
    code, text, _ = run("new", "--kind", "bolag", "--name", "AB", "--as-of", "2019-11-30")
    assert code == 0
    assert text.startswith("# Profil för AB, skapad med tsp-check new mot regelverken tsp-2018-2021 "
                           f"{tsp.version} och lagkrav-kommun {law.version}.\n")
    traits = yaml.safe_load(text)["traits"]
    assert set(traits) == (set(tsp.traits) | set(law.traits)) - {"kind"}
    assert set(traits) - set(tsp.traits)  # the statutory ruleset has traits of its own
    code, text, _ = run("new", "--kind", "bolag", "--name", "AB", "--as-of", "2026-06-01", "--lang", "en")
    assert code == 0 and text.startswith(f"# Profile of AB, made with tsp-check new against the ruleset lagkrav-kommun "
                                         f"{law.version}.\n")
    assert set(yaml.safe_load(text)["traits"]) == set(law.traits) - {"kind"}
    code, text, _ = run("new", "--kind", "bolag", "--name", "AB", "--as-of", "2026-06-01", "--ruleset",
                        "tsp-2018-2021")
    assert code == 0 and set(yaml.safe_load(text)["traits"]) == set(tsp.traits) - {"kind"}
    code, _, err = run("new", "--kind", "bolag", "--name", "AB", "--as-of", "2017-06-01")
    assert code == 2 and "inget inbyggt regelverk gäller per 1 juni 2017" in err


def test_english_comments_and_usage_errors(tmp_path: Path) -> None:
    code, text, _ = run("new", "--kind", "bolag", "--name", "Micasa Fastigheter", "--lang", "en")
    assert code == 0 and "# Traits: replace unassessed" in text and "Egenskaper" not in text
    code, _, err = run("new", "--kind", "nämnd", "--name", "X")
    assert code == 2 and "facknamnd, stadsdelsnamnd, kommunstyrelse, bolag" in err
    code, _, err = run("new", "--kind", "bolag", "--name", "  ")
    assert code == 2 and "namnet" in err
    existing = tmp_path / "p.yaml"
    existing.write_text("keep\n", encoding="utf-8")
    code, _, err = run("new", "--kind", "bolag", "--name", "AB", "-o", str(existing))
    assert code == 2 and "--force" in err and existing.read_text(encoding="utf-8") == "keep\n"
    assert run("new", "--kind", "bolag", "--name", "AB", "-o", str(existing), "--force")[0] == 0
    assert existing.read_text(encoding="utf-8") != "keep\n"


@pytest.mark.parametrize(("name", "slug"), [("Miljö- och hälsoskyddsnämnden", "miljo-och-halsoskyddsnamnden"),
                                            ("Skärholmens stadsdelsnämnd", "skarholmens-stadsdelsnamnd"),
                                            ("S:t Eriks Vårdcentral AB", "s-t-eriks-vardcentral-ab")])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug
