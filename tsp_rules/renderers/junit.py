"""JUnit XML: one test suite per body, one test case per body and obligation, for city tools that run
the check in their own pipelines. A gap is a failure, not assessed an error, not applicable and waived
are skipped with the reason; met passes. No timings, so the same inputs give the same bytes. The output
is valid against the JUnit schema of Jenkins' xunit plugin (``junit-10.xsd``, tests/data/junit/).
Linear in the number of findings."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tsp_rules.checking.findings import Report, Status
from tsp_rules.model.coverage import Coverage
from tsp_rules.model.ruleset import Lang
from tsp_rules.renderers.common import citation_text, counts, ordered, word, xml_safe


def _coverage(coverage: Coverage | None, lang: Lang) -> tuple[tuple[str, str], ...]:
    """The ruleset's coverage statement as a property of each suite (none when it states none)."""
    if coverage is None or not coverage.stated:
        return ()
    return (("coverage", coverage.statement(lang)),)


def render(report: Report, lang: Lang = "sv") -> str:
    total = report.counts
    root = ET.Element("testsuites", {
        "name": " ".join(["tsp-check", *(f"{i.id} {i.version}" for i in report.ruleset_infos),
                          report.as_of.isoformat()]),
        "tests": str(len(report.findings)),
        "failures": str(total["gap"]),
        "errors": str(total["not_assessed"]),
    })  # no "skipped" here: the JUnit schema of Jenkins' xunit plugin allows it on <testsuite> only
    multi = report.multi
    for part, info in ((p, i) for p in report.parts() for i in p.profiles):
        # with several rulesets, a suite per ruleset and body: the ruleset's id leads its name and classnames
        prefix = f"{part.ruleset.id}/" if multi else ""
        findings = ordered(part.for_profile(info.id), part)
        found = counts(findings)
        suite = ET.SubElement(root, "testsuite", {
            "name": f"{prefix}{info.id}",
            "tests": str(len(findings)),
            "failures": str(found["gap"]),
            "errors": str(found["not_assessed"]),
            "skipped": str(found["not_applicable"] + found["waived"]),
        })
        props = ET.SubElement(suite, "properties")
        for name, value in (("name", info.name), ("kind", info.kind), ("illustrative", str(info.illustrative).lower()),
                            ("ruleset", part.ruleset.id), ("ruleset_version", part.ruleset.version),
                            ("ruleset_digest", part.ruleset.digest), ("as_of", report.as_of.isoformat()),
                            ("engine", report.engine), *_coverage(part.ruleset.coverage, lang)):
            ET.SubElement(props, "property", {"name": name, "value": value})
        for f in findings:
            case = ET.SubElement(suite, "testcase", {
                "classname": f"{part.ruleset.id}.{info.id}.{f.focus_area}" if multi else f"{info.id}.{f.focus_area}",
                "name": f"{f.obligation}: {f.title.get(lang)}",
            })
            reason = " ".join(r.message(lang) for r in f.reasons) or f.summary.get(lang)
            detail = f"{f.explanation(lang)}\n{word('source', lang)}: {citation_text(f.citation, lang)}"
            if f.status is Status.GAP:
                ET.SubElement(case, "failure", {"type": "gap", "message": reason}).text = detail
            elif f.status is Status.NOT_ASSESSED:
                ET.SubElement(case, "error", {"type": "not_assessed", "message": reason}).text = detail
            elif f.status in (Status.NOT_APPLICABLE, Status.WAIVED):
                ET.SubElement(case, "skipped", {"type": f.status.value, "message": reason})
            if f.status not in (Status.GAP, Status.NOT_ASSESSED):
                ET.SubElement(case, "system-out").text = detail
    for element in root.iter():
        element.attrib = {k: xml_safe(v) for k, v in element.attrib.items()}
        if element.text:
            element.text = xml_safe(element.text)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', "\n"])
