"""The output formats, on a small inline ruleset that produces every status (tests/report_samples.py)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

import attrs
import pytest
from openpyxl import load_workbook

from tsp_rules import Report, Status
from tsp_rules.checking.findings import STATUSES
from tsp_rules.cycle.remiss import render_remiss
from tsp_rules.errors import UsageError
from tsp_rules.renderers import BINARY_RENDERERS, FORMATS, RENDERERS, junit, markdown, render, text, xlsx
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers import html as html_renderer
from tsp_rules.renderers.common import STATUS_SYMBOLS

from .report_samples import DISTRICT, SPECIALIST, mini_report


@pytest.fixture(scope="module")
def report() -> Report:
    return mini_report()


@pytest.fixture(scope="module")
def single() -> Report:
    return mini_report(SPECIALIST)


def test_every_format_is_registered_once() -> None:
    assert set(FORMATS) == {"text", "json", "markdown", "html", "csv", "junit", "xlsx"}
    assert not set(RENDERERS) & set(BINARY_RENDERERS)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "csv", "junit", "xlsx"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_output_is_deterministic(fmt: str, lang: str) -> None:
    first = render(mini_report(), fmt, lang)  # type: ignore[arg-type]
    second = render(mini_report(), fmt, lang)  # type: ignore[arg-type]
    assert first == second
    assert isinstance(first, bytes if fmt in BINARY_RENDERERS else str)


def test_the_sample_has_every_status(report: Report) -> None:
    assert all(report.counts[s.value] > 0 for s in STATUSES)


# ------------------------------------------------------------------------------------------------ text


def test_text_groups_by_focus_area_one_line_per_obligation(single: Report) -> None:
    out = text.render(single, "sv")
    lines = out.splitlines()
    areas = [line.strip() for line in lines if line.startswith("  ") and not line.startswith("    ")]
    assert areas == ["Arbetssätt", "Fokusområde 2: Förebygga brott", "Fokusområde 5: Bygga ett gott säkerhetsskydd",
                     "Kommunstyrelsens samordning"]
    for f in single.findings:
        [line] = [ln for ln in lines if f" {f.obligation} – " in ln]
        assert line.strip().startswith(f.status.label("sv").upper())
    assert "(anpassat: Specialiserad tillsynsmyndighet" in out and "specialised-authority" not in out
    # counts in words, agreeing in number (issue 21): one met, one gap
    assert lines[-2].startswith("Sammanfattning (en nämnd eller ett bolag): en uppfylld, en brist, ingen ej bedömd")
    # the one gap has no action (nothing is not assessed)
    assert single.counts["not_assessed"] == 0
    assert lines[-1] == ("Åtgärder för brister och ej bedömda skyldigheter: ingen enligt plan, ingen försenad, "
                         "ingen klarmarkerad utan underlag, en utan åtgärd")
    assert "\x1b[" not in out


def test_text_in_english(single: Report) -> None:
    out = text.render(single, "en")
    assert "Focus area 2: Preventing crime" in out and "GAP" in out and "Summary" in out
    assert "Fokusområde" not in out


def test_text_many_bodies_explains_only_gaps_and_unassessed(report: Report) -> None:
    out = text.render(report, "sv")
    assert "Beslut SLK 2019/1, fattat av" not in out  # a waiver reason: shown for one body only
    # not assessed: explained (the sample profile says the trait is unassessed, so it is not called missing)
    assert "Profilen anger att uppgiften ”Omfattas av säkerhetsskyddslagen” inte är bedömd" in out
    assert "Distriktsnämnden [distriktsnamnden]: fyra uppfyllda" in out
    assert "Beslut SLK 2019/1, fattat av" in text.render(mini_report(SPECIALIST), "sv")


def test_text_colours_only_when_asked(single: Report) -> None:
    coloured = text.render(single, "sv", color=True)
    assert "\x1b[1;31mBRIST" in coloured and text.RESET in coloured
    assert text.ANSI["waived"] in coloured


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_use_color_needs_a_terminal_and_respects_no_color() -> None:
    assert text.use_color(_Stream(True), {})
    assert not text.use_color(_Stream(False), {})
    assert not text.use_color(_Stream(True), {"NO_COLOR": "1"})
    assert text.use_color(_Stream(True), {"NO_COLOR": ""})  # empty means unset (no-color.org)
    assert not text.use_color(_Stream(True), {"TERM": "dumb"})


# -------------------------------------------------------------------------------------------- markdown


def test_markdown_review_pack(single: Report) -> None:
    out = markdown.render(single, "sv")
    assert out.count("\n## ") == 1 and "## Tillsynsnämnden" in out
    gaps = out.index("### Brister")
    tailored = out.index("### Anpassade krav")
    exempt = out.index("### Ej tillämpliga skyldigheter")
    waived = out.index("### Undantag genom beslut")
    assert gaps < tailored < exempt < waived
    assert "#### ARB-PLAN" in out[gaps:tailored]
    assert "#### FO2-LAGESBILD" in out[tailored:exempt]
    section = out[exempt:waived]
    assert "#### FO5-ANALYS" in section and "#### FO2-EXTREMISM" in section and "#### KS-RAD" in section
    assert "Nämnden berörs inte av säkerhetsskyddslagstiftningens krav" in section
    assert "**Grundens källa:**" in section and "”inte berörs av säkerhetsskyddslagstiftningens krav”" in section
    assert "SLK 2019/1" in out[waived:]
    assert "| brist | 1 |" in out
    assert "**Källa:** Testförvaltningen, tjänsteutlåtande dnr 0000-1" in out
    assert "> **Illustrativ profil.**" in out


def test_markdown_one_section_per_body(report: Report) -> None:
    out = markdown.render(report, "en")
    assert out.count("\n## ") == 3 and "### Gaps" in out and "### Obligations met" in out
    assert "| Distriktsnämnden | 4 | 0 | 1 | 1 | 0 |" in out.split("\n## Distriktsnämnden")[0]
    assert "| **Total** | 5 | 1 | 1 | 4 | 1 |" in out


# ------------------------------------------------------------------------------------------------ html


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def having(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag
                and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]


def _parse(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page)
    return parser


def test_html_matrix_cells_totals_and_filters(report: Report) -> None:
    page = html_renderer.render(report, "sv")
    doc = _parse(page)
    cells = [a for t, a in doc.elements if t == "td" and (a.get("class") or "").startswith("cell ")]
    assert len(cells) == len(report.findings)
    for f in report.findings:
        [cell] = [c for c in cells if c.get("data-obligation") == f.obligation
                  and c in _row_cells(doc, f.profile)]
        assert cell["data-status"] == f.status.value
        assert cell["class"] == f"cell s-{f.status.value}"
        assert f.explanation("sv") in (cell["title"] or "")
    kinds = {a["value"] for a in doc.having("option") if a.get("value")}
    assert {"facknamnd", "stadsdelsnamnd", "ARB", "FO2", "FO5", "KS"} <= kinds
    assert doc.having("select", id="filter-kind") and doc.having("select", id="filter-area")
    assert len(doc.having("tr", class_="totals")) == len(STATUSES)
    assert doc.having("section", id="legend") and doc.having("ol", id="most-gaps")
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<link" not in page and " src=" not in page  # self-contained


def _row_cells(doc: _Collect, profile: str) -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    inside = False
    for tag, element in doc.elements:
        if tag == "tr":
            inside = element.get("data-profile") == profile
        elif inside and tag == "td":
            out.append(element)
    return out


def test_html_escapes_everything(report: Report) -> None:
    page = html_renderer.render(report, "sv")
    assert "<script>alert(1)</script>" not in page
    assert "Tillsynsnämnden &lt;&amp;&gt; &quot;test&quot;" in page
    assert "Plan &lt;för&gt; säkerhet &amp; trygghet" in page
    doc = _parse(page)
    assert len(doc.having("script")) == 1  # only the page's own script


def test_html_one_body_shows_findings_with_citations(single: Report) -> None:
    page = html_renderer.render(single, "en")
    doc = _parse(page)
    assert not doc.having("table", id="matrix")
    rows = doc.having("tr", class_="finding")
    assert [r["data-obligation"] for r in rows] == ["ARB-PLAN", "ARB-ANALYS", "FO2-LAGESBILD", "FO2-EXTREMISM",
                                                    "FO5-ANALYS", "KS-RAD"]
    assert "Source: Testförvaltningen, tjänsteutlåtande dnr 0000-1" in page
    assert 'lang="en"' in page


# ---------------------------------------------------------------------------------------- csv, xlsx, junit


def test_csv_one_row_per_finding(report: Report) -> None:
    rows = list(csv.reader(io.StringIO(csv_renderer.render(report, "sv"))))
    assert rows[0] == list(csv_renderer.FIELDS)
    assert len(rows) == len(report.findings) + 1
    by_key = {(r[0], r[csv_renderer.FIELDS.index("obligation")]): r for r in rows[1:]}
    for f in report.findings:
        row = by_key[(f.profile, f.obligation)]
        assert row[csv_renderer.FIELDS.index("status")] == f.status.value
        assert row[csv_renderer.FIELDS.index("explanation")] == f.explanation("sv")
    assert csv_renderer.render(report, "sv").endswith("\r\n")


def test_xlsx_sheets_rows_and_autofilter(report: Report) -> None:
    data = xlsx.render(report, "sv")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Resultat", "Matris"]
    findings = wb["Resultat"]
    assert findings.max_row == len(report.findings) + 1
    assert findings.auto_filter.ref == f"A1:U{len(report.findings) + 1}"  # the people's columns, Id last
    assert [c.value for c in findings[1]] == csv_renderer.people_header(report, "sv")
    assert [c.value for c in findings[1]][:5] == ["Nämnd eller bolag", "Skyldighet", "Rubrik", "Status", "Förklaring"]
    assert findings.print_area == f"'Resultat'!$A$1:$E${len(report.findings) + 1}"  # what is printed, readably
    statuses = sorted(str(findings.cell(row=r, column=4).value) for r in range(2, findings.max_row + 1))
    assert statuses == sorted(f.status.label("sv") for f in report.findings)
    matrix = wb["Matris"]
    key = [matrix.cell(row=r, column=1).value for r in range(len(report.profiles) + 3 + len(STATUSES),
                                                               matrix.max_row + 1)]
    assert key[:7] == [None, "Teckenförklaring", "✓ uppfyllt", "✗ brist", "? ej bedömt", "– ej tillämpligt",
                       "W undantaget genom beslut"]
    titles = {matrix.cell(row=r, column=1).value: matrix.cell(row=r, column=2).value
              for r in range(len(report.profiles) + 3 + len(STATUSES), matrix.max_row + 1)}
    assert titles["FO2-LAGESBILD"] == report.rules.obligation("FO2-LAGESBILD").title.get("sv")  # beside its id
    assert matrix.row_dimensions[1].height >= max(len(str(c.value or "")) for c in matrix[1]) * 9
    assert matrix.auto_filter.ref == f"A1:N{len(report.profiles) + 1}"  # N: the traffic light
    totals = {str(matrix.cell(row=r, column=1).value): [c.value for c in matrix[r]][2:9]
              for r in range(len(report.profiles) + 3, matrix.max_row + 1)}
    assert totals["Totalt: brist"] == [1, 0, 0, 0, 0, 0, 1]  # ARB-PLAN of one body; grand total
    assert totals["Totalt: ej tillämpligt"][-1] == report.counts["not_applicable"]
    header = [c.value for c in matrix[1]]
    assert header[2:8] == ["ARB-PLAN", "ARB-ANALYS", "FO2-LAGESBILD", "FO2-EXTREMISM", "FO5-ANALYS", "KS-RAD"]
    row = [c.value for c in matrix[2]]  # Distriktsnämnden sorts first by id
    # the obligation it has not assessed has no action, so its light is red
    assert row[0] == "Distriktsnämnden" and row[-6:] == [4, 0, 1, 1, 0, "röd"]
    assert set(row[2:-6]) <= set(STATUS_SYMBOLS.values()) | {None}  # a symbol on its colour: nothing to cut
    assert load_workbook(io.BytesIO(xlsx.render(report, "en"))).sheetnames == ["Findings", "Matrix"]


def test_xlsx_has_fixed_timestamps(report: Report) -> None:
    archive = zipfile.ZipFile(io.BytesIO(xlsx.render(report, "sv")))
    assert {i.date_time for i in archive.infolist()} == {xlsx.ZIP_TIME}
    core = archive.read("docProps/core.xml").decode()
    assert "2019-11-30T00:00:00Z" in core and core.count("2019-11-30T00:00:00Z") == 2


def test_junit_one_case_per_finding(report: Report) -> None:
    root = ET.fromstring(junit.render(report, "sv"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(report.findings)
    assert [s.get("name") for s in root.findall("testsuite")] == [p.id for p in report.profiles]
    expected = {Status.GAP: "failure", Status.NOT_ASSESSED: "error", Status.NOT_APPLICABLE: "skipped",
                Status.WAIVED: "skipped"}
    for f in report.findings:
        [case] = [c for c in cases if c.get("classname") == f"{f.profile}.{f.focus_area}"
                  and (c.get("name") or "").startswith(f.obligation + ":")]
        outcome = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        assert outcome == ([expected[f.status]] if f.status in expected else [])
    skipped = [c.find("skipped") for c in cases if c.find("skipped") is not None]
    assert any("Nämnden berörs inte av säkerhetsskyddslagstiftningens krav" in (s.get("message") or "")
               for s in skipped if s is not None)
    assert root.get("tests") == str(len(report.findings))
    assert root.get("failures") == str(report.counts["gap"])
    assert root.get("errors") == str(report.counts["not_assessed"])


def test_renderers_handle_the_other_sample_alone() -> None:
    rep = mini_report(DISTRICT)
    for fmt in FORMATS:
        assert render(rep, fmt, "en")


def test_a_report_without_its_ruleset_still_renders(report: Report) -> None:
    bare = attrs.evolve(report, rules=None)
    for fmt in FORMATS:
        assert render(bare, fmt, "sv")
    page = markdown.render(bare, "sv")
    assert "**Programmet anger:**" not in page and "### Brister" in page
    with pytest.raises(UsageError, match="ruleset"):
        render_remiss(attrs.evolve(mini_report(SPECIALIST), rules=None))
