"""The HTML matrix is accessible and printable (issue 24): axe-core 4.14.1 (vendored in tests/data/axe with its
licence) finds no violation of any impact in the city matrix of the Stockholm fixtures (both rulesets) nor in
the exempelkommun matrix; the page has a main landmark, a caption, every header cell a scope, the ``*`` after
an illustrative body's name explained in the legend; printed to PDF, the column headers are repeated on every
page of the matrix."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules.commands.cli import main

from .cdp import Browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "data" / "axe" / "axe.min.js"

PAGES = {
    "stockholm": ["city", str(ROOT / "fixtures" / "stockholm"), "--as-of", "2019-11-30"],
    "exempelkommun": ["check", str(ROOT / "fixtures" / "exempelkommun"), "--as-of", "2026-06-01", "--format", "html"],
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for name, args in PAGES.items():
        target = folder / f"{name}.html"
        result = CliRunner().invoke(main, [*args, "--engine", "python", "-q", "-o", str(target)])
        assert result.exit_code in (0, 1), result.stderr
        out[name] = target
    return out


@pytest.mark.parametrize("name", sorted(PAGES))
def test_axe_finds_no_violation(browser: Browser, pages: dict[str, Path], name: str) -> None:
    browser.viewport(1400, 900)
    browser.open(pages[name].as_uri())
    browser.js(AXE.read_text(encoding="utf-8") + ";0")
    assert browser.js("axe.version") == "4.14.1"
    found = json.loads(browser.js(
        "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"))
    assert found == []
    # what axe checks only in part: a main landmark holding everything, a caption, a scope on every header
    facts = browser.js(
        "JSON.stringify([document.querySelectorAll('main').length,"
        " document.querySelectorAll('body > :not(main):not(script)').length,"
        " document.querySelector('#matrix caption') ? document.querySelector('#matrix caption').textContent : '',"
        " document.querySelectorAll('th:not([scope])').length,"
        " document.querySelectorAll('#matrix th.ob[scope=col]').length])")
    mains, outside, caption, unscoped, columns = json.loads(facts)
    assert (mains, outside, unscoped) == (1, 0, 0)
    assert caption == "Matris: nämnder och bolag mot skyldigheter" and columns > 10


def test_the_star_is_explained_in_text(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["stockholm"].as_uri())
    legend = browser.js("document.getElementById('legend-illustrative').textContent")
    assert legend == "* efter ett namn: illustrativa uppgifter, inte en verklig bedömning"
    hidden = browser.js("document.querySelector('#matrix tbody th .star + .vh').textContent")
    assert hidden == " (illustrativa uppgifter, inte en verklig bedömning)"  # read out after the name


def test_printed_matrix_repeats_its_column_headers(browser: Browser, pages: dict[str, Path],
                                                    tmp_path: Path) -> None:
    """Chromium repeats a table's header on each printed page only when the header is at most a quarter of
    the page high: the long obligation ids wrap at their hyphens in print so that it is."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is needed (Debian: poppler-utils)")
    browser.viewport(1400, 900)
    browser.open(pages["stockholm"].as_uri())
    pdf = tmp_path / "matrix.pdf"
    pdf.write_bytes(browser.pdf())
    texts = []
    for page in range(1, 4):
        run = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                             text=True, check=True)
        texts.append(run.stdout)
    assert "Stokab" not in texts[0] and "Stokab" in texts[1]  # the matrix goes on on page 2
    for text in texts[:2]:
        assert "FO4-KRISLEDNING" in text and "ARB-SYSTEMATIK" in text  # the column headers
