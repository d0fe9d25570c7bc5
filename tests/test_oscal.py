"""``tsp-check oscal``: the rulesets as an OSCAL catalog and a check as OSCAL assessment results, read back with
the models of a maintained OSCAL library (compliance-trestle) and checked against what the rulesets and the
report say."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tsp_rules import check, load_ruleset
from tsp_rules.commands.cli import main
from tsp_rules.renderers.oscal import NS, STATES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
PROFILES = [FIXTURES / "miljo-och-halsoskyddsnamnden.yaml", FIXTURES / "kommunstyrelsen.yaml"]
AS_OF = "2019-11-30"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _read(kind: str, text: str, tmp_path: Path) -> Any:
    """The document read by compliance-trestle's models (a document they refuse raises)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # trestle's own use of pydantic
        if kind == "catalog":
            from trestle.oscal.catalog import Catalog as Model
        else:
            from trestle.oscal.assessment_results import AssessmentResults as Model
        path = tmp_path / f"{kind}.json"
        path.write_text(text, encoding="utf-8")
        return Model.oscal_read(path)


def _props(item: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in item.get("props", []):
        assert p["ns"] == NS
        found.setdefault(p["name"], []).append(p["value"])
    return found


def test_the_catalog_holds_every_obligation_of_the_rulesets_in_force(tmp_path: Path) -> None:
    code, text, err = run("oscal", "catalog", "--as-of", AS_OF)
    assert code == 0, err
    model = _read("catalog", text, tmp_path)
    assert [g.id for g in model.groups] == ["tsp-2018-2021", "lagkrav-kommun"]  # both in force on the date
    doc = json.loads(text)["catalog"]
    assert doc["metadata"]["last-modified"] == f"{AS_OF}T00:00:00Z" and doc["metadata"]["oscal-version"] == "1.2.1"
    resources = {r["uuid"]: r for r in doc["back-matter"]["resources"]}
    for group in doc["groups"]:
        rs = load_ruleset(group["id"])
        assert _props(group)["version"] == [rs.version] and _props(group)["digest"] == [rs.digest]
        assert [c["id"] for c in group["controls"]] == list(rs.obligation_ids)
        for control in group["controls"]:
            ob = rs.obligation(control["id"])
            statement = next(p for p in control["parts"] if p["name"] == "statement")
            assert control["title"] == ob.title.get("sv") and statement["prose"] == ob.text.get("sv")
            assert statement["id"] == f"{ob.id}_smt"
            assert set(_props(control)["provenance"]) == {c.provenance for c in ob.citations}
            cited = [c for c in ob.citations if c.source is not None]
            assert len(control.get("links", [])) == len(cited)
            for link, c in zip(control.get("links", []), cited, strict=True):
                resource = resources[link["href"][1:]]  # every link resolves to a back-matter resource
                assert c.source is not None and resource["citation"]["text"] == c.source.reference
                assert resource["title"] == c.source.title.get("sv")
                assert resource.get("rlinks", [{}])[0].get("href") == c.source.url
            interpretations = [p for p in control["parts"] if p.get("class") == "interpretation"]
            assert len(interpretations) == sum(1 for c in ob.citations if c.reasoning is not None)


def test_the_catalog_follows_ruleset_and_lang(tmp_path: Path) -> None:
    code, text, _ = run("oscal", "catalog", "--ruleset", "lagkrav-kommun", "--lang", "en", "--as-of", AS_OF)
    assert code == 0
    doc = _read("catalog", text, tmp_path)
    law = load_ruleset("lagkrav-kommun")
    assert [g.id for g in doc.groups] == ["lagkrav-kommun"]
    assert doc.groups[0].controls[0].title == law.obligations[0].title.get("en")
    assert doc.metadata.title == f"Obligations under {law.title.get('en')}"


def test_the_results_say_what_the_check_found(tmp_path: Path) -> None:
    args = ["oscal", "results", *map(str, PROFILES), "--as-of", AS_OF, "--engine", "python"]
    code, text, err = run(*args)
    assert code == 0, err  # an export, not a gate: gaps do not make it fail
    model = _read("results", text, tmp_path)
    assert len(model.results) == 1
    report = check(PROFILES, as_of=AS_OF, engine="python")
    doc = json.loads(text)["assessment-results"]
    result = doc["results"][0]
    assert result["start"] == f"{AS_OF}T00:00:00Z"
    parties = {p["uuid"]: p for p in doc["metadata"]["parties"]}
    assert sorted(p["name"] for p in parties.values()) == sorted(p.name for p in report.profiles)
    observations = {o["uuid"]: o for o in result["observations"]}
    assert len(observations) == len(result["findings"]) == len(report.findings)
    resources = {r["uuid"] for r in doc["back-matter"]["resources"]}
    assert doc["import-ap"]["href"][1:] in resources
    _, catalog_text, _ = run("oscal", "catalog", "--as-of", AS_OF)
    statements = {p["id"] for g in json.loads(catalog_text)["catalog"]["groups"] for c in g["controls"]
                  for p in c["parts"]}
    for finding, expected in zip(result["findings"], report.findings, strict=True):
        props = _props(finding)
        assert props["status"] == [expected.status.value] and props["profile"] == [expected.profile]
        assert props["ruleset"] == [expected.ruleset]
        target = finding["target"]
        assert target["target-id"] == f"{expected.obligation}_smt" and target["target-id"] in statements
        assert (target["status"]["state"], target["status"]["reason"]) == STATES[expected.status]
        observation = observations[finding["related-observations"][0]["observation-uuid"]]
        assert _props(observation)["reason"] if expected.reasons else "reason" not in _props(observation)
        assert _props(observation).get("reason", []) == [r.code for r in expected.reasons]
        assert observation["remarks" if expected.reasons else "title"]  # the reasons' messages, when there are any
        if expected.reasons:
            assert observation["remarks"] == "\n".join(r.message("sv") for r in expected.reasons)
        assert observation["subjects"][0]["subject-uuid"] in parties
        if expected.citation.source is not None:
            assert observation["links"][0]["href"][1:] in resources
    assert {f["target"]["status"]["state"] for f in result["findings"]} == {"satisfied", "not-satisfied"}


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    args = ["oscal", "results", str(PROFILES[0]), "--as-of", AS_OF, "--engine", "python"]
    assert run(*args)[1] == run(*args)[1]
    other = run("oscal", "results", str(PROFILES[0]), "--as-of", "2020-11-30", "--engine", "python")[1]
    assert other != run(*args)[1]
    out = tmp_path / "c.json"
    assert run("oscal", "catalog", "--as-of", AS_OF, "-o", str(out))[0] == 0
    assert out.read_text(encoding="utf-8") == run("oscal", "catalog", "--as-of", AS_OF)[1]


def test_the_library_refuses_a_broken_document(tmp_path: Path) -> None:
    """The reading in these tests proves something: a document without a required field is refused."""
    _, text, _ = run("oscal", "catalog", "--as-of", AS_OF)
    doc = json.loads(text)
    del doc["catalog"]["metadata"]["last-modified"]
    with pytest.raises(Exception, match="last"):
        _read("catalog", json.dumps(doc), tmp_path)
    doc = json.loads(text)
    doc["catalog"]["groups"][0]["controls"][0]["id"] = "1 not a token"
    with pytest.raises(Exception):  # noqa: B017  (any validation error of the library)
        _read("catalog", json.dumps(doc), tmp_path)


def test_usage_errors() -> None:
    code, _, err = run("oscal", "catalog", str(PROFILES[0]))
    assert code == 2 and "katalogen görs av regelverken" in err
    code, _, err = run("oscal", "results", "--lang", "en")
    assert code == 2 and "give the profiles to check" in err
    code, _, err = run("oscal", "results", str(PROFILES[0]), "--as-of", "2017-01-01")
    assert code == 2 and "inget inbyggt regelverk gäller" in err
