"""Output formats: one module per format, each a function ``render(report, lang) -> str``."""

from __future__ import annotations

from collections.abc import Callable

from tsp_rules.findings import Report
from tsp_rules.renderers import json as json_renderer
from tsp_rules.renderers import text as text_renderer
from tsp_rules.ruleset import Lang

Renderer = Callable[[Report, Lang], str]

RENDERERS: dict[str, Renderer] = {
    "text": text_renderer.render,
    "json": json_renderer.render,
}

__all__ = ["RENDERERS", "Renderer"]
