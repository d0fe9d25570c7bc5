"""Property tests: any text a profile may carry (markup, quotes, formulas, control characters, any script)
goes through every format intact or safely: HTML escaped, JUnit and xlsx well-formed, CSV round-tripping,
an xlsx cell never turned into a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tsp_rules import Report, check
from tsp_rules.model.profile import Decision, Evidence, Profile
from tsp_rules.renderers import csv as csv_renderer
from tsp_rules.renderers import html, junit, markdown, text, xlsx
from tsp_rules.renderers.common import xml_safe

from .report_samples import AS_OF, mini_ruleset

RULESET = mini_ruleset()
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s != "")
HOSTILE = st.sampled_from(["<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "\"quoted\" & 'single'",
                           "a|b|c", "line\nbreak", "]]>", "-->", "@SUM(A1)", "+1", "tab\there"])


def report_for(name: str, reference: str, justification: str) -> Report:
    profile = Profile(
        id="hostile", name=name, kind="facknamnd", illustrative=False, note=None,
        traits={"geographic_area": False, "crime_exposure": "general", "covered": None},
        evidence=(Evidence("plan", dt.date(2019, 6, 1), reference, None, {}),),
        decisions=(Decision("ARB-ANALYS", reference, justification, dt.date(2019, 1, 1), dt.date(2020, 12, 31),
                            justification),),
    )
    other = Profile(id="other", name="Other", kind="bolag", illustrative=True, note=None, traits={},
                    evidence=None, decisions=())
    return check([profile, other], ruleset=RULESET, as_of=AS_OF, engine="python")


class _RowHeaders(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.scripts = 0
        self._in: bool = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        if tag == "th" and ("scope", "row") in attrs:
            self._in = True
            self.names.append("")
        elif tag == "span":
            self._in = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.names[-1] += data


@settings(max_examples=25)
@given(name=st.one_of(PRINTABLE, HOSTILE), reference=st.one_of(ANY_TEXT, HOSTILE),
       justification=st.one_of(ANY_TEXT, HOSTILE))
def test_any_text_survives_every_format(name: str, reference: str, justification: str) -> None:
    report = report_for(name, reference, justification)
    n = len(report.findings)

    page = html.render(report, "sv")
    parser = _RowHeaders()
    parser.feed(page)
    assert parser.scripts == 1
    assert name in [h.rstrip() for h in parser.names] or name.rstrip() in [h.rstrip() for h in parser.names]

    root = ET.fromstring(junit.render(report, "sv").encode("utf-8"))
    assert len(root.findall("./testsuite/testcase")) == n
    [prop] = [p for p in root.iter("property") if p.get("name") == "name" and p.get("value") != "Other"]
    assert prop.get("value") == xml_safe(name)

    rows = list(csv.reader(io.StringIO(csv_renderer.render(report, "sv"), newline="")))
    assert len(rows) == n + 1
    assert {r[1] for r in rows[1:]} == {csv_renderer.guard(name), "Other"}
    assert not [f for r in rows for f in r if f[:1] in ("=", "+", "-", "@", "\t", "\r")]

    wb = load_workbook(io.BytesIO(xlsx.render(report, "sv")))
    sheet = wb["Resultat"]
    assert sheet.max_row == n + 1
    names = {sheet.cell(row=r, column=1).value for r in range(2, n + 2)}
    assert names == {xml_safe(name), "Other"}
    assert all(sheet.cell(row=r, column=c).data_type != "f" for r in range(1, n + 2) for c in range(1, 19))

    assert text.render(report, "sv") and markdown.render(report, "sv")
