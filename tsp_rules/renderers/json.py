"""The JSON report: the versioned contract other city tools rely on (see docs/report-formats.md), encoded by
:func:`tsp_rules.documents.pretty_json.pretty` (byte-identical to ``json.dumps(indent=2)``)."""

from __future__ import annotations

from tsp_rules.checking.findings import Report
from tsp_rules.documents.pretty_json import pretty, pretty_json
from tsp_rules.model.ruleset import Lang

__all__ = ["pretty", "pretty_json", "render"]


def render(report: Report, lang: Lang = "sv") -> str:
    return pretty(report.to_data(lang)) + "\n"
