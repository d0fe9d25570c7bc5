"""The JSON report: the versioned contract other city tools rely on (see docs/report-formats.md)."""

from __future__ import annotations

from tsp_rules.findings import Report
from tsp_rules.ruleset import Lang


def render(report: Report, lang: Lang = "sv") -> str:
    return report.to_json(lang)
