"""Output formats: one module per format, each a function ``render(report, lang)``.

``RENDERERS`` return text; ``BINARY_RENDERERS`` return bytes (written to a file with ``-o`` only).
``FORMATS`` lists every format name the command line accepts; ``streaming`` writes a report of many
profiles without holding it. Imports :mod:`tsp_rules.checking` and everything below it.
"""

from __future__ import annotations

from collections.abc import Callable

from tsp_rules.checking.findings import Report
from tsp_rules.errors import UsageError, did_you_mean
from tsp_rules.model.ruleset import Lang, check_lang
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers import html as html_renderer
from tsp_rules.renderers import json as json_renderer
from tsp_rules.renderers import junit as junit_renderer
from tsp_rules.renderers import markdown as markdown_renderer
from tsp_rules.renderers import text as text_renderer

Renderer = Callable[[Report, Lang], str]
BinaryRenderer = Callable[[Report, Lang], bytes]

RENDERERS: dict[str, Renderer] = {
    "text": text_renderer.render,
    "json": json_renderer.render,
    "markdown": markdown_renderer.render,
    "html": html_renderer.render,
    "csv": csv_renderer.render,
    "junit": junit_renderer.render,
}

def _xlsx(report: Report, lang: Lang) -> bytes:
    # openpyxl is imported on first use: it is slow to import and reads system files when it is
    from tsp_rules.renderers import xlsx as xlsx_renderer

    return xlsx_renderer.render(report, lang)


BINARY_RENDERERS: dict[str, BinaryRenderer] = {
    "xlsx": _xlsx,
}

FORMATS: tuple[str, ...] = tuple(sorted({*RENDERERS, *BINARY_RENDERERS}))


def render(report: Report, fmt: str, lang: Lang = "sv", color: bool = False, *, csv_dialect: str = "rfc4180"
           ) -> str | bytes:
    """Render ``report`` in format ``fmt``; ``color`` applies to the text format only. An unknown format
    or language is a :class:`~tsp_rules.errors.UsageError`. ``csv_dialect``: ``rfc4180`` or ``excel-sv``
    (see :mod:`tsp_rules.renderers.csv`)."""
    check_lang(lang)
    if not isinstance(fmt, str) or (fmt not in RENDERERS and fmt not in BINARY_RENDERERS):
        raise UsageError(f"unknown format {fmt!r}{did_you_mean(str(fmt), FORMATS)}; formats: {', '.join(FORMATS)}")
    if fmt == "text":
        return text_renderer.render(report, lang, color=color)
    if fmt == "csv":
        return csv_renderer.render(report, lang, csv_dialect)
    if fmt in BINARY_RENDERERS:
        return BINARY_RENDERERS[fmt](report, lang)
    return RENDERERS[fmt](report, lang)


__all__ = ["BINARY_RENDERERS", "FORMATS", "RENDERERS", "BinaryRenderer", "Renderer", "render"]
