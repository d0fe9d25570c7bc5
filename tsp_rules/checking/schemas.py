"""JSON Schemas of the input formats, completed with what the ruleset declares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from tsp_rules.checking.findings import ACTION_STANDINGS, LIGHTS, SCHEMA_VERSION, STATUSES
from tsp_rules.documents.profile_specs import ProfileSpec
from tsp_rules.documents.spec_base import BODY_KINDS, OBLIGATION_ID, SLUG, FocusArea
from tsp_rules.documents.specs import RulesetSpec
from tsp_rules.engines import ENGINE_NAMES
from tsp_rules.model import i18n
from tsp_rules.model.profile import other_bundled_evidence_kinds, other_bundled_traits
from tsp_rules.model.ruleset import LANGS, Ruleset


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
            for name, t in {**ruleset.traits, **other_bundled_traits(ruleset)}.items() if name != "kind"
        },  # a bundled ruleset accepts the traits of the other bundled rulesets (docs/ruleset-format.md)
    }
    defs = schema.get("$defs", {})
    if "EvidenceSpec" in defs:
        defs["EvidenceSpec"]["properties"]["kind"] = {  # and the evidence kinds of the other bundled rulesets
            "enum": sorted({*ruleset.evidence_kinds, *other_bundled_evidence_kinds(ruleset)})}
    if "DecisionSpec" in defs:
        defs["DecisionSpec"]["properties"]["obligation"] = {"enum": list(ruleset.obligation_ids)}
    if "ActionSpec" in defs:
        defs["ActionSpec"]["properties"]["obligation"] = {"enum": list(ruleset.obligation_ids)}
    return schema


def ruleset_schema(_ruleset: Ruleset) -> dict[str, Any]:
    schema = RulesetSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
_NULLABLE_STRING = {"type": ["string", "null"]}

# the values a reason's "data" may carry (findings._MACHINE_KEYS; a test keeps the two in step), with their types
_REASON_DATA: dict[str, dict[str, Any]] = {
    "reference": {"type": "string"},
    "date": _DATE,
    "age_days": {"type": "integer"},
    "max_months": {"type": "integer", "minimum": 1},
    "oldest": _DATE,
    "valid_until": _DATE,
    "year": {"type": "integer"},
    "required_year": {"type": "integer"},
    "election_year": {"type": "integer"},
    "due": _DATE,
    "ground": {"type": "string", "pattern": SLUG},
    "traits": {"type": "string"},
    "kind_id": {"type": "string"},
    "decided_on": _DATE,
    "decided_by": {"type": "string"},
    "issued_by": {"type": "string", "description": "evidence_ok_inherited: whose document it is (added in 1.4)"},
    "merged_on": {**_DATE, "description": "evidence_ok_inherited: the day the body was formed (added in 1.4)"},
}


_COVERAGE_KINDS = {
    "checked": "what the check covers",
    "not_encoded": "what was in force for the bodies on the check date but is not encoded, so not checked",
    "second_hand": "sources read only second-hand, each a sentence",
}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": [k for k in properties if k not in optional]}


def report_schema(_ruleset: Ruleset | None = None) -> dict[str, Any]:
    """The JSON Schema of the JSON report (``Report.to_data``), schema_version 1.4. Exact: every object
    is closed (``additionalProperties: false``) and statuses, kinds, focus areas and codes are enums."""
    statuses = [s.value for s in STATUSES]
    codes = sorted(i18n.MESSAGES)
    counts = {s: {"type": "integer", "minimum": 0} for s in statuses}
    slug = {"type": "string", "pattern": SLUG}
    nullable_slug = {"type": ["string", "null"], "pattern": SLUG}
    finding = _object({
        "profile": slug,
        "obligation": {"type": "string", "pattern": OBLIGATION_ID},
        "focus_area": {"enum": list(get_args(FocusArea))},
        "title": {"type": "string", "minLength": 1},
        "status": {"enum": statuses},
        "tailoring": nullable_slug,
        "exemption": nullable_slug,
        "waiver": _NULLABLE_STRING,
        "reasons": {"type": "array", "items": {"$ref": "#/$defs/reason"}},
        "explanation": {"type": "string", "minLength": 1},
        "citation": _object({
            "source": slug,
            "document": {"type": "string", "minLength": 1},
            "section": {"type": "string", "minLength": 1},
            "quote": _NULLABLE_STRING,
            "provenance": {"enum": ["programme", "remiss", "law"],
                           "description": "where the obligation's text comes from: the programme (possibly as a "
                                          "remiss paraphrases it), a body's remiss answer, or the law in the "
                                          "version in force on the check date"},
        }),
        "ruleset": {**slug, "description": "the id of the ruleset the obligation belongs to (one of the "
                                           "report's rulesets; added in 1.2)"},
        "actions": {"type": "array", "items": {"$ref": "#/$defs/action"},
                    "description": "the profile's actions for this obligation, in the profile's order (added in 1.3); "
                                   "they never change the status"},
        "replaced": {"anyOf": [_object({
            "part": {**nullable_slug, "description": "the id of the ruleset's part that was replaced"},
            "part_title": {"type": "string", "minLength": 1},
            "by": {"type": "string", "minLength": 1, "description": "what replaced it, in words"},
            "on": {**_DATE, "description": "the first day of the replacement"},
            "in_check": {"type": "boolean", "description": "whether the replacement is itself checked (a law's "
                                                           "successor in the same ruleset); false for a later "
                                                           "programme the check does not cover"},
        }), {"type": "null"}], "description": "for a finding not applicable because its part had been replaced on "
                                              "the check date: by what and from when (added in 1.4); else null"},
        "light": {"enum": [*LIGHTS, None],
                  "description": "traffic light: green = met or waived; yellow = gap or not assessed with an action "
                                 "on track and none overdue; red = gap or not assessed with an overdue action or "
                                 "none on track; null = not applicable (added in 1.3)"},
    })
    finding["allOf"] = [
        {"if": {"properties": {"exemption": {"type": "string"}}},
         "then": {"properties": {"status": {"const": "not_applicable"}}}},
        {"if": {"properties": {"waiver": {"type": "string"}}},
         "then": {"properties": {"status": {"const": "waived"}}}},
        {"if": {"properties": {"tailoring": {"type": "string"}}},
         "then": {"properties": {"status": {"enum": ["met", "gap", "not_assessed"]}}}},
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"tsp-rules JSON report (schema_version {SCHEMA_VERSION})",
        "description": "The output of tsp-check check --format json; see docs/report-formats.md.",
        **_object({
            "schema_version": {"const": SCHEMA_VERSION},
            "ruleset": _object({
                "id": slug,
                "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
                "digest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
            }),
            "rulesets": {
                "type": "array", "minItems": 1,
                "description": "every ruleset of the check, in the order reported (the first is also "
                               "'ruleset'); added in 1.2",
                "items": _object({
                    "id": slug,
                    "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
                    "digest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                    "title": {"type": "string", "minLength": 1},
                    "valid_from": {"anyOf": [_DATE, {"type": "null"}]},
                    "valid_to": {"anyOf": [_DATE, {"type": "null"}]},
                    "selected": {"enum": ["given", "by_date"],
                                 "description": "given: named by the caller (--ruleset); by_date: a bundled "
                                                "ruleset in force on the check date, chosen because no ruleset "
                                                "was named"},
                    "reason": {"type": "string", "minLength": 1},
                    "coverage": {"anyOf": [{"$ref": "#/$defs/coverage"}, {"type": "null"}],
                                 "description": "what the check covers with this ruleset on the check date "
                                                "(null: not known, a report made by hand); added in 1.4"},
                }),
            },
            "as_of": _DATE,
            "engine": {"enum": list(ENGINE_NAMES)},
            "lang": {"enum": list(LANGS)},
            "profiles": {"type": "array", "items": _object({
                "id": slug,
                "name": {"type": "string", "minLength": 1},
                "kind": {"enum": list(BODY_KINDS)},
                "illustrative": {"type": "boolean"},
            })},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            "warnings": {"type": "array", "items": _object({
                "code": {"enum": codes},
                "profile": nullable_slug,
                "obligation": {"type": ["string", "null"], "pattern": OBLIGATION_ID},
                "reference": _NULLABLE_STRING,
                "message": {"type": "string", "minLength": 1},
            })},
            "summary": _object({
                "profiles": {"type": "integer", "minimum": 0},
                "findings": {"type": "integer", "minimum": 0},
                **counts,
                "replaced": {"type": "integer", "minimum": 0,
                             "description": "how many of the not_applicable findings do not apply because their "
                                            "part had been replaced (added in 1.4)"},
                "actions": {**_object({k: {"type": "integer", "minimum": 0} for k in ACTION_STANDINGS}),
                            "description": "gaps and not-assessed findings by their actions: on_track (an open "
                                           "action not past its target date, none overdue), overdue, "
                                           "done_unverified (only actions marked done), none (added in 1.3)"},
            }),
        }),
        "$defs": {
            "finding": finding,
            "coverage": {
                **_object({
                    "statement": {"type": "string",
                                  "description": "the statement in a sentence or two, as the report's heading "
                                                 "says it (empty when the ruleset states none)"},
                    **{kind: {"type": "array", "items": {"$ref": "#/$defs/coverage_item"}, "description": about}
                       for kind, about in _COVERAGE_KINDS.items()},
                }),
                "description": "the ruleset's coverage entries that hold on the check date (added in 1.4)",
            },
            "coverage_item": _object({
                "id": slug,
                "text": {"type": "string", "minLength": 1},
                "source": {**nullable_slug, "description": "the source it is about (an id of the ruleset's sources)"},
                "valid_from": {"anyOf": [_DATE, {"type": "null"}]},
                "valid_to": {"anyOf": [_DATE, {"type": "null"}]},
            }),
            "action": _object({
                "description": {"type": "string", "minLength": 1},
                "responsible": {"type": "string", "minLength": 1},
                "responsible_name": _NULLABLE_STRING,
                "decided_on": _DATE,
                "decided_by": {"type": "string", "minLength": 1},
                "target_date": _DATE,
                "status": {"enum": ["planned", "in_progress", "done"]},
                "status_label": {"type": "string", "minLength": 1},
                "reference": _NULLABLE_STRING,
                "done_on": {"anyOf": [_DATE, {"type": "null"}]},
                "overdue": {"type": "boolean", "description": "not done and the target date is before the check date"},
                "unverified": {"type": "boolean",
                               "description": "marked done while the finding is still a gap or not assessed"},
            }),
            "reason": _object({
                "code": {"enum": codes},
                "message": {"type": "string", "minLength": 1},
                "data": {**_object(_REASON_DATA), "required": [], "minProperties": 1},
            }, optional=("data",)),
        },
    }


SCHEMAS: dict[str, Callable[[Ruleset], dict[str, Any]]] = {
    "profile": profile_schema,
    "ruleset": ruleset_schema,
    "report": report_schema,
}
