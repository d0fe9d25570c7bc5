"""The HTML city matrix used as people use it, in headless Chromium driven over the DevTools protocol
(tests/cdp.py): by keyboard, by clicking, from a link, on a 390 px phone, printed to A4 landscape, and
seen with deuteranopia. Complements tests/test_html_chromium.py (the DOM after the script ran)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules import Report, check
from tsp_rules.checking.findings import STATUSES
from tsp_rules.commands.cli import main
from tsp_rules.renderers.common import STATUS_SYMBOLS

from .cdp import Browser
from .report_samples import AS_OF
from .test_output_consumers import _lab, _linear, contrast

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"


@pytest.fixture(scope="module")
def report() -> Report:
    return check([FIXTURES], "tsp-2018-2021", as_of=AS_OF, engine="python")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, report: Report) -> str:
    target = tmp_path_factory.mktemp("matrix") / "city.html"
    result = CliRunner().invoke(main, ["city", *TSP, str(FIXTURES), "--as-of", AS_OF, "--engine", "python", "-q",
                                       "-o", str(target)])
    assert result.exit_code == report.exit_code(), result.stderr
    return target.as_uri()


@pytest.fixture()
def desktop(browser: Browser, page: str) -> Browser:
    browser.send("Emulation.setEmulatedMedia", media="")
    browser.send("Emulation.setEmulatedVisionDeficiency", type="none")
    browser.viewport(1400, 900)
    browser.open(page)
    return browser


def _in_view(b: Browser, selector: str) -> bool:
    return bool(b.js(f"(function(){{var r=document.querySelector('{selector}').getBoundingClientRect();"
                     "return r.top>=0&&r.top<innerHeight&&r.height>0;})()"))


def _detail(b: Browser) -> str:
    return str(b.js("document.getElementById('detail-body').textContent"))


def test_cells_are_reachable_and_operable_by_keyboard(desktop: Browser, report: Report) -> None:
    b = desktop
    for _ in range(40):
        b.key("Tab")
        if b.js("document.activeElement.matches('td.cell')"):
            break
    else:
        pytest.fail("no matrix cell is reachable with the Tab key")
    assert b.js("document.querySelectorAll('td.cell[tabindex=\"0\"]').length") == 1  # one tab stop for the grid
    start = b.js("[document.activeElement.parentNode.dataset.profile, document.activeElement.dataset.obligation]")
    b.key("ArrowRight")
    right = b.js("[document.activeElement.parentNode.dataset.profile, document.activeElement.dataset.obligation]")
    assert right[0] == start[0] and right[1] != start[1]
    b.key("ArrowDown")
    down = b.js("[document.activeElement.parentNode.dataset.profile, document.activeElement.dataset.obligation]")
    assert down[1] == right[1] and down[0] != right[0]
    b.key("End")
    assert b.js("(function(){var c=document.activeElement.parentNode.querySelectorAll('td.cell');"
                "return document.activeElement === c[c.length-1];})()")
    b.key("ArrowLeft")
    b.key("Enter")
    profile, obligation = b.js("[document.activeElement.parentNode.dataset.profile, "
                               "document.activeElement.dataset.obligation]")
    finding = next(f for f in report.findings if f.profile == profile and f.obligation == obligation)
    assert finding.explanation("sv") in _detail(b)
    assert _in_view(b, "#detail")
    assert f"cell={profile}%3A{obligation}" in b.js("location.hash")


def test_a_clicked_cell_and_a_linked_cell_bring_the_detail_into_view(desktop: Browser, page: str,
                                                                      report: Report) -> None:
    b = desktop
    b.click("#matrix tbody tr:last-child td.cell")
    assert _in_view(b, "#detail") and _detail(b)
    b.js("window.scrollTo(0,0)")
    last = b.js("(function(){var tr=document.querySelector('#matrix tbody tr:last-child');"
                "var c=tr.querySelectorAll('td.cell');"
                "return [tr.dataset.profile, c[c.length-1].dataset.obligation];})()")
    b.viewport(1400, 600)
    b.open(f"{page}#cell={last[0]}:{last[1]}")
    finding = next(f for f in report.findings if f.profile == last[0] and f.obligation == last[1])
    assert finding.explanation("sv") in _detail(b)
    assert _in_view(b, "#detail")


def test_sorting_search_and_drill_down(desktop: Browser, report: Report) -> None:
    b = desktop
    gaps = {p.id: sum(1 for f in report.for_profile(p.id) if f.status.value == "gap") for p in report.profiles}
    b.click("th[data-sort='gap'] button")
    order = b.js("Array.from(document.querySelectorAll('#matrix tbody tr')).map(function(r){"
                 "return r.dataset.profile})")
    assert [gaps[p] for p in order] == sorted(gaps.values(), reverse=True)
    assert b.js("document.querySelector('th[data-sort=\"gap\"]').getAttribute('aria-sort')") == "ascending"
    b.click("th[data-sort='name'] button")
    names = b.js("Array.from(document.querySelectorAll('#matrix tbody tr')).map(function(r){return r.dataset.name})")
    assert len(names) == len(report.profiles)
    b.click("th[data-sort='name'] button")  # again: the other way round
    assert b.js("document.querySelector('th[data-sort=\"name\"]').getAttribute('aria-sort')") == "descending"
    assert b.js("Array.from(document.querySelectorAll('#matrix tbody tr')).map(function(r){return r.dataset.name})"
                ) == list(reversed(names))

    b.click("#search")
    b.type("skarpnack")  # without the diacritics of Skarpnäck
    shown = b.js("Array.from(document.querySelectorAll('#matrix tbody tr')).filter(function(r){"
                 "return getComputedStyle(r).display!=='none'}).map(function(r){return r.dataset.profile})")
    assert shown == ["skarpnacks-stadsdelsnamnd"]
    assert "q=skarpnack" in b.js("location.hash")
    grand = b.js("Array.from(document.querySelectorAll('td.grand')).map(function(t){return +t.textContent})")
    assert sum(grand) == len(report.for_profile("skarpnacks-stadsdelsnamnd"))

    b.click("tr[data-profile='skarpnacks-stadsdelsnamnd'] button.body")
    items = b.js("Array.from(document.querySelectorAll('#detail-body li')).map(function(li){"
                 "return [li.dataset.obligation, li.dataset.status, li.textContent]})")
    findings = report.for_profile("skarpnacks-stadsdelsnamnd")
    assert sorted((o, s) for o, s, _ in items) == sorted((f.obligation, f.status.value) for f in findings)
    for obligation, _, text in items:
        finding = next(f for f in findings if f.obligation == obligation)
        assert finding.explanation("sv") in text
    assert _in_view(b, "#detail") and "body=skarpnacks-stadsdelsnamnd" in b.js("location.hash")


def _rgb(css: str) -> str:
    r, g, bl = (int(x) for x in re.findall(r"\d+", css)[:3])
    return f"{r:02x}{g:02x}{bl:02x}"


def test_status_text_contrast_in_the_page(desktop: Browser) -> None:
    b = desktop
    pairs = b.js("Array.from(document.querySelectorAll('td.cell, .legend .cell')).map(function(e){"
                 "var s=getComputedStyle(e);return [e.dataset.status||e.className, s.color, s.backgroundColor]})")
    assert len(pairs) > 100
    for status, text, background in pairs:
        assert contrast(_rgb(text), _rgb(background)) >= 4.5, status


def test_status_does_not_rest_on_colour(desktop: Browser) -> None:
    b = desktop
    looks = b.js("(function(){var out={};document.querySelectorAll('.legend li[data-status] .cell').forEach("
                 "function(e){var s=getComputedStyle(e);out[e.parentNode.dataset.status]=[e.textContent,"
                 "s.boxShadow,s.outlineStyle];});return out;})()")
    assert {s: v[0] for s, v in looks.items()} == STATUS_SYMBOLS  # a symbol each
    shapes = {s: (v[1] != "none", v[2]) for s, v in looks.items()}
    assert shapes["gap"][0] and shapes["not_assessed"][1] == "dashed" and shapes["waived"][1] == "double"
    assert len({shapes[s.value] for s in STATUSES if s.value not in ("met", "not_applicable")}) == 3


def test_met_and_gap_stay_apart_under_simulated_deuteranopia(desktop: Browser) -> None:
    b = desktop
    spots = b.js("(function(){var out={};['met','gap','not_assessed','not_applicable','waived'].forEach(function(s){"
                 "var e=document.querySelector('.legend li[data-status=\"'+s+'\"] .cell');"
                 "var r=e.getBoundingClientRect();"
                 "out[s]=[r.left+4,r.top+r.height/2];});return out;})()")
    normal = {s: b.pixel(*xy) for s, xy in spots.items()}
    b.send("Emulation.setEmulatedVisionDeficiency", type="deuteranopia")
    seen = {s: b.pixel(*xy) for s, xy in spots.items()}
    b.send("Emulation.setEmulatedVisionDeficiency", type="none")
    assert seen["gap"] != normal["gap"], "the vision deficiency was not applied"

    def lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
        return _lab(_linear("#{:02x}{:02x}{:02x}".format(*rgb)))

    def distance(a: str, c: str) -> float:
        return float(sum((x - y) ** 2 for x, y in zip(lab(seen[a]), lab(seen[c]), strict=True)) ** 0.5)

    assert distance("met", "gap") >= 20
    for a in seen:
        for c in seen:
            if a < c:
                assert distance(a, c) >= 10, (a, c)


def test_a_phone_scrolls_the_matrix_not_the_page(browser: Browser, page: str) -> None:
    b = browser
    b.send("Emulation.setEmulatedMedia", media="")
    b.viewport(390, 844, mobile=True)
    b.open(page)
    try:
        assert b.js("document.documentElement.scrollWidth") <= 390
        assert b.js("(function(){var w=document.getElementById('matrix-wrap');return w.scrollWidth>w.clientWidth})()")
        b.js("document.getElementById('matrix-wrap').scrollLeft=600")
        b.js("document.getElementById('matrix-wrap').scrollTop=400")
        edges = b.js("(function(){var w=document.getElementById('matrix-wrap').getBoundingClientRect();"
                     "var name=document.querySelector('#matrix tbody tr:nth-child(12) th').getBoundingClientRect();"
                     "var head=document.querySelector('#matrix thead th.ob').getBoundingClientRect();"
                     "return [w.left,name.left,w.top,head.top];})()")
        assert abs(edges[1] - edges[0]) <= 2, "the name column does not stay"
        assert edges[3] - edges[2] <= 40, "the header does not stay"
    finally:
        b.viewport(1400, 900)


def test_printed_on_a4_landscape_with_every_column_and_the_totals(browser: Browser, page: str,
                                                                  report: Report) -> None:
    b = browser
    b.viewport(1400, 900)
    b.open(page)
    pdf = b.pdf()
    assert pdf.startswith(b"%PDF")
    boxes = {tuple(round(float(x)) for x in m) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert boxes == {(842, 595)}, boxes  # A4 landscape, in points
    # the layout on the printed page: 297 mm less 2 × 8 mm margins = 1062 CSS px
    b.send("Emulation.setEmulatedMedia", media="print")
    b.viewport(1062, 750)
    try:
        b.js("location.reload()")
        b.wait_event("Page.loadEventFired")
        layout = b.js("(function(){var t=document.getElementById('matrix').getBoundingClientRect();"
                      "var foot=document.querySelector('#matrix tfoot');var cell=document.querySelector('td.cell');"
                      "return [t.right, document.documentElement.scrollWidth, getComputedStyle(foot).display,"
                      "getComputedStyle(cell).color, document.querySelectorAll('#matrix thead th.ob').length,"
                      "getComputedStyle(document.getElementById('filters')).display];})()")
        right, width, foot, colour, columns, filters = layout
        assert right <= 1062 and width <= 1062, "a column falls off the page"
        assert columns == len({f.obligation for f in report.findings})
        assert foot != "none" and filters == "none"
        assert colour == "rgb(0, 0, 0)"  # symbols print dark
    finally:
        b.send("Emulation.setEmulatedMedia", media="")
        b.viewport(1400, 900)
