"""Each output format checked with (a stand-in for) its real consumer: JUnit against the schema Jenkins'
xunit plugin reads, CSV as Swedish Excel reads it (BOM, ';'), Markdown through a CommonMark renderer,
xlsx as openpyxl reads it back (print set-up, contrast) and byte-identical with and without lxml, and
the status palette under simulated colour blindness."""

from __future__ import annotations

import csv
import io
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from tsp_rules import Report, check
from tsp_rules.checking.findings import STATUSES
from tsp_rules.commands.cli import main
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers import junit, markdown, xlsx
from tsp_rules.renderers.common import STATUS_COLOURS, STATUS_SYMBOLS, STATUS_TEXT

from .report_samples import AS_OF
from .test_renderers_hostile import report_for

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"
SCHEMA = xmlschema.XMLSchema10(ROOT / "tests" / "data" / "junit" / "jenkins-junit.xsd")
HOSTILE_NAME = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) *a* `b` | c"


@pytest.fixture(scope="module")
def report() -> Report:
    return check([FIXTURES], "tsp-2018-2021", as_of=AS_OF, engine="python")


@pytest.fixture(scope="module")
def hostile() -> Report:
    return report_for(HOSTILE_NAME, "=HYPERLINK(\"http://x\")", "@SUM(A1) <b>bold</b>")


# ----------------------------------------------------------------------------------------------- JUnit


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_junit_is_valid_for_the_jenkins_xunit_schema(report: Report, hostile: Report, lang: str) -> None:
    for rep in (report, hostile):
        SCHEMA.validate(junit.render(rep, lang))  # type: ignore[arg-type]


def test_junit_from_the_command_line_is_valid_too(tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    result = CliRunner().invoke(main, ["check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python",
                                       "--format", "junit", "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert SCHEMA.is_valid(str(target))


def test_the_schema_does_reject_what_jenkins_rejects(report: Report) -> None:
    page = junit.render(report, "sv").replace("<testsuites ", '<testsuites skipped="3" ', 1)
    assert not SCHEMA.is_valid(page)


# ------------------------------------------------------------------------------------------------- CSV


def test_csv_in_the_swedish_excel_dialect_reads_back_with_its_bom(report: Report, tmp_path: Path) -> None:
    target = tmp_path / "findings.csv"
    result = CliRunner().invoke(main, ["check", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python",
                                       "--format", "csv", "--csv-dialect", "excel-sv", "-o", str(target)])
    assert result.exit_code == 1, result.output
    data = target.read_bytes()
    assert data.startswith("\ufeffNämnd eller bolag;Skyldighet;Rubrik;Status;Förklaring;Typ;Fokusområde;".encode())
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == csv_renderer.people_header(report, "sv")
    assert len(rows) == len(report.findings) + 1
    names = {p.id: p.name for p in report.profiles}
    assert {(r[-1], r[0]) for r in rows[1:]} == set(names.items())  # å, ä, ö read back as written
    assert any("ä" in name for name in names.values())
    assert data.count(b"\r\n") >= len(rows)


def test_csv_default_dialect_is_unchanged_rfc4180(report: Report) -> None:
    text = csv_renderer.render(report, "sv")
    assert not text.startswith("\ufeff") and text.startswith("profile,profile_name,kind,kind_label,")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(report.findings) + 1


@pytest.mark.parametrize("dialect", ["rfc4180", "excel-sv"])
def test_csv_never_starts_a_field_with_a_formula(hostile: Report, dialect: str) -> None:
    text = csv_renderer.render(hostile, "sv", dialect).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if dialect == "excel-sv" else ","))
    fields = [field for row in rows for field in row]
    assert not [f for f in fields if f[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for name in ("=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx"):
        text = csv_renderer.render(report_for(name, "ref", "why"), "sv", dialect).lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if dialect == "excel-sv" else ","))
        column = "profile_name" if dialect == "rfc4180" else "Nämnd eller bolag"
        assert {r[column] for r in rows} == {"'" + name, "Other"}


def test_csv_kind_is_a_stable_code_with_a_label_beside_it(report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_renderer.render(report, "en"), newline="")))
    kinds = {p.id: p.kind for p in report.profiles}
    assert all(r["kind"] == kinds[r["profile"]] for r in rows)
    assert {r["kind_label"] for r in rows if r["kind"] == "stadsdelsnamnd"} == {"district committee"}
    swedish = list(csv.DictReader(io.StringIO(csv_renderer.render(report, "sv"), newline="")))
    assert [r["kind"] for r in swedish] == [r["kind"] for r in rows]


# -------------------------------------------------------------------------------------------- Markdown


def test_markdown_renders_profile_text_as_text(hostile: Report) -> None:
    page = markdown.render(hostile, "sv")
    html = MarkdownIt("commonmark").render(page)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "[x](javascript:alert(3)) *a* `b` | c" in html  # shown as written, not as a link or emphasis


def test_markdown_of_the_fixtures_reads_as_before(report: Report) -> None:
    page = markdown.render(report, "sv")
    html = MarkdownIt("commonmark").enable("table").render(page)
    assert "\\" not in "".join(p.name for p in report.profiles)
    for p in report.profiles:
        assert p.name in html


# ------------------------------------------------------------------------------------------------ xlsx


XLSX_PROBE = """
import sys
import openpyxl.xml
from tsp_rules import check
from tsp_rules.renderers import render

assert openpyxl.xml.LXML is (sys.argv[1] == "True"), "lxml is not used as asked"
sys.stdout.buffer.write(render(check([sys.argv[2]], as_of="2019-11-30", engine="python"), "xlsx", "sv"))
"""


def test_xlsx_bytes_do_not_depend_on_lxml() -> None:
    import importlib.util

    assert importlib.util.find_spec("lxml") is not None, "lxml is a test dependency: it must be installed"
    outputs = []
    for use in ("True", "False"):
        done = subprocess.run([sys.executable, "-c", XLSX_PROBE, use, str(FIXTURES)], capture_output=True,
                              check=False, timeout=300, env={**os.environ, "OPENPYXL_LXML": use})
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        outputs.append(done.stdout)
    assert outputs[0][:2] == b"PK" and outputs[0] == outputs[1]


def _luminance(rgb: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a.lstrip("#")[-6:]), _luminance(b.lstrip("#")[-6:])), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_xlsx_status_cells_have_text_contrast_and_print_set_up(report: Report) -> None:
    wb = load_workbook(io.BytesIO(xlsx.render(report, "sv")))
    checked = 0
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        for row in ws.iter_rows():
            for cell in row:
                if cell.fill.fill_type == "solid":
                    font = cell.font.color.rgb if cell.font.color is not None else "FF000000"
                    assert contrast(cell.fill.fgColor.rgb, font) >= 4.5, (ws.title, cell.coordinate)
                    checked += 1
    assert checked >= len(report.findings) * 2  # the findings sheet and the matrix


def test_xlsx_matrix_cells_carry_a_symbol_the_legend_beside_explains(report: Report) -> None:
    """A symbol on the status colour in each cell (narrow columns, nothing cut), and the legend on the same
    sheet gives each symbol with its label on its colour."""
    wb = load_workbook(io.BytesIO(xlsx.render(report, "en")))
    values = {c.value for row in wb["Matrix"].iter_rows(min_row=2, min_col=3) for c in row if isinstance(c.value, str)}
    legend = {c.value for c in wb["Matrix"]["A"] if isinstance(c.value, str)}
    for s in STATUSES:
        if report.counts[s.value]:
            assert STATUS_SYMBOLS[s.value] in values
        assert f"{STATUS_SYMBOLS[s.value]} {s.label('en')}" in legend


# ------------------------------------------------------------------------------------------ the palette


_DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))
_PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998))
# Machado, Oliveira and Fernandes (2009), severity 1.0, applied in linear RGB


def _linear(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(h[i:i + 2], 16)) for i in (0, 2, 4))
    return r, g, b


def _simulate(rgb: tuple[float, float, float], matrix: tuple[tuple[float, ...], ...] | None
              ) -> tuple[float, float, float]:
    if matrix is None:
        return rgb
    r, g, b = (min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix)
    return r, g, b


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("vision", ["normal", "deuteranopia", "protanopia"])
def test_status_colours_stay_apart_for_colour_blind_readers(vision: str) -> None:
    matrix = {"normal": None, "deuteranopia": _DEUTERANOPIA, "protanopia": _PROTANOPIA}[vision]
    seen = {s: _lab(_simulate(_linear(c), matrix)) for s, c in STATUS_COLOURS.items()}
    for a, b in itertools.combinations(seen, 2):
        distance = sum((x - y) ** 2 for x, y in zip(seen[a], seen[b], strict=True)) ** 0.5
        assert distance >= 20, f"{a} and {b} look alike under {vision} (ΔE {distance:.1f})"


def test_status_text_contrast_and_distinct_symbols() -> None:
    for status, colour in STATUS_COLOURS.items():
        assert contrast(colour, STATUS_TEXT) >= 4.5, status
    assert len(set(STATUS_SYMBOLS.values())) == len(STATUS_SYMBOLS)


def test_the_remiss_draft_renders_profile_text_as_text(tmp_path: Path) -> None:
    source = (FIXTURES / "miljo-och-halsoskyddsnamnden.yaml").read_text(encoding="utf-8")
    name_line = next(line for line in source.splitlines() if line.strip().startswith("name:"))
    hostile = source.replace(name_line, name_line.split("name:")[0] + "name: '<img src=x onerror=alert(1)> *x*'", 1)
    (tmp_path / "mhn.yaml").write_text(hostile, encoding="utf-8")
    result = CliRunner().invoke(main, ["remiss", str(tmp_path / "mhn.yaml"), "--as-of", AS_OF, "--engine", "python"])
    assert result.exit_code == 0, result.output
    html = MarkdownIt("commonmark").render(result.stdout)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; *x*" in html
