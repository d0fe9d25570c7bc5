"""Output formats: one module per format, each a function ``render(report, lang)``.

``RENDERERS`` return text; ``BINARY_RENDERERS`` return bytes (written to a file with ``-o`` only).
``FORMATS`` lists every format name the command line accepts; ``streaming`` writes a report of many
profiles without holding it. Each renderer module is imported when its format is first rendered, so a run
imports only the renderers of the formats it writes (issue 25: a cold check's start). Imports
:mod:`tsp_rules.checking` and everything below it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from tsp_rules.errors import UsageError, did_you_mean
from tsp_rules.model.ruleset import Lang, check_lang

if TYPE_CHECKING:
    from tsp_rules.checking.findings import Report

Renderer = Callable[["Report", Lang], str]
BinaryRenderer = Callable[["Report", Lang], bytes]


def _lazy(name: str) -> Renderer:
    """The ``render`` of the renderer module ``name``, imported on first use (a run imports only the
    renderer of the format it writes)."""
    def render(report: Report, lang: Lang) -> str:
        module = importlib.import_module(f"tsp_rules.renderers.{name}")
        result: str = module.render(report, lang)
        return result

    render.__qualname__ = render.__name__ = f"render_{name}"
    return render


RENDERERS: dict[str, Renderer] = {name: _lazy(name) for name in ("text", "json", "markdown", "html", "csv", "junit")}


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
        from tsp_rules.renderers import text as text_renderer

        return text_renderer.render(report, lang, color=color)
    if fmt == "csv":
        from tsp_rules.renderers import csv as csv_renderer

        return csv_renderer.render(report, lang, csv_dialect)
    if fmt in BINARY_RENDERERS:
        return BINARY_RENDERERS[fmt](report, lang)
    return RENDERERS[fmt](report, lang)


__all__ = ["BINARY_RENDERERS", "FORMATS", "RENDERERS", "BinaryRenderer", "Renderer", "render"]
