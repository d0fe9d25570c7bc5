"""OSCAL (NIST's Open Security Controls Assessment Language, version 1.2.1) for the compliance tools a city may
also use: the rulesets as a **catalog** and a report as **assessment results**, both JSON.

Catalog: one group per ruleset (its version, digest and period as props), one control per obligation (its id,
title, its text as the ``statement`` part, who it applies to as a ``guidance`` part, an interpretation's
reasoning as a ``guidance`` part of class ``interpretation``), each citation a link to a back-matter resource
(the source: title, reference, URL, kind) with its provenance as a prop. Assessment results: the bodies as
parties (organisations), one result per report with an observation and a finding per obligation and body: the
observation says what was found (the status, the reasons, the source cited, the tailoring, exempting ground or
waiver as props), the finding targets the obligation's statement with an objective status (``satisfied`` or
``not-satisfied``; the project's status stays in the prop ``status``: see :data:`STATES`).

Every prop of the project's own is in the namespace :data:`NS`. UUIDs are name-based (version 5) and dates are
the check date, so the same inputs give the same bytes. Validated in the tests with compliance-trestle's models.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from tsp_rules.checking.findings import Finding, Report, Status
from tsp_rules.model.ruleset import Citation, Lang, Obligation, Ruleset, Source, Text
from tsp_rules.texts import date_words

OSCAL_VERSION = "1.2.1"
NS = "urn:tsp-rules:oscal"
"""The namespace of the project's own props (``status``, ``provenance``, ``ruleset`` …)."""
_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NS)

STATES: dict[Status, tuple[str, str]] = {
    Status.MET: ("satisfied", "pass"),
    Status.GAP: ("not-satisfied", "fail"),
    Status.NOT_ASSESSED: ("not-satisfied", "other"),  # missing data never passes
    Status.WAIVED: ("satisfied", "other"),  # a granted decision: the check's exit code does not fail on it
    Status.NOT_APPLICABLE: ("satisfied", "other"),  # nothing is demanded of the body
}
"""An obligation's status as an OSCAL objective status (state, reason): what stands in the way of compliance
(a gap, or what could not be assessed) is ``not-satisfied``, as the check's exit code counts it."""

WORDS: dict[str, Text] = {
    "catalog": Text("Skyldigheter enligt {titles}", "Obligations under {titles}"),
    "results": Text("Resultat av kontrollen per {date}", "Results of the check as of {date}"),
    "result_description": Text(
        "{bodies} kontrollerade mot {rulesets} per {date}, med tsp-check (motor: {engine}).",
        "{bodies} checked against {rulesets} as of {date}, with tsp-check (engine: {engine})."),
    "bodies_one": Text("En nämnd eller ett bolag", "One body"),
    "bodies_many": Text("{n} nämnder och bolag", "{n} bodies"),
    "rulesets_resource": Text("Regelverken för kontrollen: {rulesets}", "The rulesets of the check: {rulesets}"),
    "rulesets_remarks": Text(
        "Ingen bedömningsplan finns: kontrollen gjordes mot dessa regelverk (se katalogen från tsp-check oscal "
        "catalog).",
        "There is no assessment plan: the check was made against these rulesets (see the catalog from tsp-check "
        "oscal catalog)."),
    "applies_to": Text("Gäller", "Applies to"),
    "interpretation": Text("Tolkning", "Interpretation"),
}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_ROOT, "\x1f".join(parts)))


def _time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _prop(name: str, value: Any, **extra: str) -> dict[str, Any]:
    return {"name": name, "ns": NS, "value": str(value), **extra}


def _props(*pairs: tuple[str, Any]) -> list[dict[str, Any]]:
    """Props of the project's own for the values that are given (a prop may not be empty)."""
    return [_prop(name, value) for name, value in pairs if value not in (None, "")]


def _source_uuid(ruleset: str, source: Source) -> str:
    return _uuid("source", ruleset, source.id)


def _resource(ruleset: str, source: Source, lang: Lang) -> dict[str, Any]:
    out: dict[str, Any] = {"uuid": _source_uuid(ruleset, source), "title": source.title.get(lang),
                           "props": _props(("source", source.id), ("kind", source.kind),
                                           ("valid-from", source.valid_from), ("valid-to", source.valid_to)),
                           "citation": {"text": source.reference}}
    if source.url:
        out["rlinks"] = [{"href": source.url}]
    if not out["props"]:
        del out["props"]
    return out


def _citation_links(ruleset: str, citations: Iterable[Citation]) -> list[dict[str, Any]]:
    links = []
    for c in citations:
        if c.source is not None:
            link: dict[str, Any] = {"href": f"#{_source_uuid(ruleset, c.source)}", "rel": "reference"}
            if c.section:
                link["text"] = c.section
            links.append(link)
    return links


def _control(rs: Ruleset, ob: Obligation, lang: Lang) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [
        {"id": f"{ob.id}_smt", "name": "statement", "prose": ob.text.get(lang)},
        {"id": f"{ob.id}_gdn", "name": "guidance", "title": WORDS["applies_to"].get(lang),
         "prose": ob.applies_to.get(lang)},
    ]
    for i, c in enumerate(x for x in ob.citations if x.reasoning is not None):
        assert c.reasoning is not None
        parts.append({"id": f"{ob.id}_int{i + 1}", "name": "guidance", "class": "interpretation",
                      "title": WORDS["interpretation"].get(lang), "prose": c.reasoning.get(lang)})
    control: dict[str, Any] = {
        "id": ob.id, "class": "obligation", "title": ob.title.get(lang),
        "props": [*_props(("area", ob.focus_area), ("part", ob.part.id if ob.part else None),
                          ("valid-from", ob.valid_from), ("valid-to", ob.valid_to)),
                  *(_prop("provenance", p) for p in dict.fromkeys(c.provenance for c in ob.citations)),
                  *(_prop("same-duty-as", f"{r} {o}") for r, o in ob.same_duty_as)],
        "parts": parts,
    }
    links = _citation_links(rs.id, ob.citations)
    if links:
        control["links"] = links
    return control


def _sources(rulesets: Sequence[Ruleset], cited: Iterable[tuple[str, Source]], lang: Lang) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for rs_id, source in cited:
        resource = _resource(rs_id, source, lang)
        seen.setdefault(resource["uuid"], resource)
    return list(seen.values())


def catalog(rulesets: Sequence[Ruleset], as_of: dt.date, lang: Lang = "sv") -> dict[str, Any]:
    """The rulesets as one OSCAL catalog (the document, with its root key ``catalog``)."""
    titles = " + ".join(rs.title.get(lang) for rs in rulesets)
    groups = []
    for rs in rulesets:
        groups.append({
            "id": rs.id, "class": "ruleset", "title": rs.title.get(lang),
            "props": _props(("version", rs.version), ("digest", rs.digest), ("valid-from", rs.valid_from),
                            ("valid-to", rs.valid_to)),
            "controls": [_control(rs, ob, lang) for ob in rs.obligations],
        })
    cited = [(rs.id, c.source) for rs in rulesets for ob in rs.obligations for c in ob.citations
             if c.source is not None]
    doc: dict[str, Any] = {
        "uuid": _uuid("catalog", *(rs.digest for rs in rulesets), lang),
        "metadata": {"title": WORDS["catalog"].get(lang).format(titles=titles), "last-modified": _time(as_of),
                     "version": "; ".join(f"{rs.id} {rs.version}" for rs in rulesets),
                     "oscal-version": OSCAL_VERSION},
        "groups": groups,
    }
    resources = _sources(rulesets, cited, lang)
    if resources:
        doc["back-matter"] = {"resources": resources}
    return {"catalog": doc}


# ------------------------------------------------------------------------------------ assessment results


def _party(profile_id: str) -> str:
    return _uuid("party", profile_id)


def _finding_pair(f: Finding, name: str, day: dt.date, lang: Lang) -> tuple[dict[str, Any], dict[str, Any]]:
    """The observation and the finding of one obligation for one body."""
    observation_uuid = _uuid("observation", day.isoformat(), f.ruleset, f.profile, f.obligation)
    status = f.status.label(lang)
    reasons = [r.message(lang) for r in f.reasons]
    props = [*_props(("status", f.status.value), ("ruleset", f.ruleset), ("profile", f.profile),
                     ("tailoring", f.tailoring), ("exemption", f.exemption), ("waiver", f.waiver),
                     ("provenance", f.citation.provenance)),
             *(_prop("reason", r.code) for r in f.reasons)]
    observation: dict[str, Any] = {
        "uuid": observation_uuid, "title": f"{f.obligation}: {name}",
        "description": f"{status}: {f.summary.get(lang)}", "props": props, "methods": ["EXAMINE"],
        "types": ["control-objective"],
        "subjects": [{"subject-uuid": _party(f.profile), "type": "party", "title": name}],
        "collected": _time(day),
    }
    links = _citation_links(f.ruleset, [f.citation])
    if links:
        observation["links"] = links
    if reasons:
        observation["remarks"] = "\n".join(reasons)
    state, reason = STATES[f.status]
    target_status: dict[str, Any] = {"state": state, "reason": reason}
    if reasons:
        target_status["remarks"] = "\n".join(reasons)
    finding = {
        "uuid": _uuid("finding", day.isoformat(), f.ruleset, f.profile, f.obligation),
        "title": f"{f.obligation} – {name}: {status}",
        "description": f"{f.title.get(lang)}: {f.summary.get(lang)}",
        "props": _props(("status", f.status.value), ("ruleset", f.ruleset), ("profile", f.profile)),
        "target": {"type": "statement-id", "target-id": f"{f.obligation}_smt", "title": f.title.get(lang),
                   "status": target_status},
        "related-observations": [{"observation-uuid": observation_uuid}],
    }
    return observation, finding


def assessment_results(report: Report, lang: Lang = "sv") -> dict[str, Any]:
    """A report as OSCAL assessment results (the document, with its root key ``assessment-results``)."""
    rules = list(report.all_rules or ((report.rules,) if report.rules is not None else ()))
    day = report.as_of
    names = {p.id: p.name for p in report.profiles}
    versions = "; ".join(f"{rs.id} {rs.version}" for rs in rules) or f"{report.ruleset.id} {report.ruleset.version}"
    rulesets_uuid = _uuid("rulesets", versions)
    observations, findings = [], []
    cited: list[tuple[str, Source]] = []
    for f in report.findings:
        observation, finding = _finding_pair(f, names.get(f.profile, f.profile), day, lang)
        observations.append(observation)
        findings.append(finding)
        if f.citation.source is not None:
            cited.append((f.ruleset, f.citation.source))
    count = len(report.profiles)
    bodies = WORDS["bodies_one" if count == 1 else "bodies_many"].get(lang).format(n=count)
    result: dict[str, Any] = {
        "uuid": _uuid("result", day.isoformat(), versions, *sorted(names)),
        "title": WORDS["results"].get(lang).format(date=date_words(day, lang)),
        "description": WORDS["result_description"].get(lang).format(
            bodies=bodies, rulesets=versions, date=date_words(day, lang), engine=report.engine),
        "start": _time(day),
        "props": _props(("as-of", day.isoformat()), ("engine", report.engine)),
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    }
    if observations:
        result["observations"] = observations
        result["findings"] = findings
    metadata: dict[str, Any] = {
        "title": WORDS["results"].get(lang).format(date=date_words(day, lang)), "last-modified": _time(day),
        "version": versions, "oscal-version": OSCAL_VERSION,
    }
    if report.profiles:
        metadata["parties"] = [{"uuid": _party(p.id), "type": "organization", "name": p.name,
                                "props": _props(("profile", p.id), ("kind", p.kind))}
                               for p in sorted(report.profiles, key=lambda p: p.id)]
    resources = [{"uuid": rulesets_uuid, "title": WORDS["rulesets_resource"].get(lang).format(rulesets=versions),
                  "props": [_prop("ruleset", f"{rs.id} {rs.version}") for rs in rules] or None,
                  "remarks": WORDS["rulesets_remarks"].get(lang)},
                 *_sources(rules, cited, lang)]
    if resources[0]["props"] is None:
        del resources[0]["props"]
    doc = {
        "uuid": _uuid("assessment-results", day.isoformat(), versions, *sorted(names), lang),
        "metadata": metadata,
        "import-ap": {"href": f"#{rulesets_uuid}"},
        "results": [result],
        "back-matter": {"resources": resources},
    }
    return {"assessment-results": doc}


def to_json(document: dict[str, Any]) -> str:
    """The document as JSON text: two-space indent, non-ASCII kept, a newline at the end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


__all__ = ["NS", "OSCAL_VERSION", "STATES", "assessment_results", "catalog", "to_json"]
