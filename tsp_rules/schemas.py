"""JSON Schemas of the input formats, completed with what the ruleset declares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tsp_rules.ruleset import Ruleset
from tsp_rules.specs import ProfileSpec, RulesetSpec


def _domain_schema(domain_type: str, values: tuple[str, ...], title: str | None) -> dict[str, Any]:
    unknown = [{"type": "null"}, {"const": "unassessed"}]
    if domain_type == "bool":
        base: dict[str, Any] = {"type": "boolean"}
    elif domain_type == "int":
        base = {"type": "integer"}
    elif domain_type == "enum":
        base = {"enum": list(values)}
    else:
        base = {"type": "array", "items": {"enum": list(values)}, "uniqueItems": True}
    out: dict[str, Any] = {"anyOf": [base, *unknown]}
    if title:
        out["title"] = title
    return out


def profile_schema(ruleset: Ruleset) -> dict[str, Any]:
    """The profile format's schema, with the traits and evidence kinds of ``ruleset`` spelled out."""
    schema = ProfileSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"tsp-rules profile (ruleset {ruleset.id} {ruleset.version})"
    schema["properties"]["traits"] = {
        "type": "object",
        "additionalProperties": False,
        "description": schema["properties"]["traits"].get("description", ""),
        "properties": {
            name: _domain_schema(t.domain.type, t.domain.values, t.title.sv)
            for name, t in ruleset.traits.items() if name != "kind"
        },
    }
    defs = schema.get("$defs", {})
    if "EvidenceSpec" in defs:
        defs["EvidenceSpec"]["properties"]["kind"] = {"enum": sorted(ruleset.evidence_kinds)}
    if "DecisionSpec" in defs:
        defs["DecisionSpec"]["properties"]["obligation"] = {"enum": list(ruleset.obligation_ids)}
    return schema


def ruleset_schema(_ruleset: Ruleset) -> dict[str, Any]:
    schema = RulesetSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


SCHEMAS: dict[str, Callable[[Ruleset], dict[str, Any]]] = {
    "profile": profile_schema,
    "ruleset": ruleset_schema,
}
