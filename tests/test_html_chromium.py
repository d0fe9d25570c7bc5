"""The done-when of the reports issue: the HTML matrix of all fixtures, opened in headless Chromium
(Debian's ``chromium``; ``.ci/run`` installs it), shows the matrix. The DOM is read after the page's
script ran (``--dump-dom``) and its cells, legend and totals are checked against the report; a
screenshot is taken and checked to be a real, non-blank image of the window's size."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from tsp_rules import Report, check
from tsp_rules.checking.findings import STATUSES
from tsp_rules.commands.cli import main

from .report_samples import AS_OF

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "stockholm"


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("headless Chromium is needed (Debian: apt-get install chromium; .ci/run installs it)")


def run_chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", f"--user-data-dir={tmp / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


class Dom(HTMLParser):
    """Elements with their attributes and their own text, from the dumped DOM."""

    VOID: ClassVar[frozenset[str]] = frozenset({"meta", "link", "br", "input", "img", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.stack: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in self.VOID:
            self.stack.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            index = self.stack.pop()
            if self.elements[index][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self.stack:
            self.elements[index][2].append(data)

    def find(self, tag: str, **attrs: str) -> list[tuple[dict[str, str], str]]:
        def ok(a: dict[str, str]) -> bool:
            for key, value in attrs.items():
                name = key.rstrip("_").replace("_", "-")
                if name == "class":
                    if not set(value.split()) <= set(a.get("class", "").split()):
                        return False
                elif a.get(name) != value:
                    return False
            return True

        return [(a, "".join(text).strip()) for t, a, text in self.elements if t == tag and ok(a)]


@pytest.fixture(scope="module")
def report() -> Report:
    return check([FIXTURES], "tsp-2018-2021", as_of=AS_OF, engine="python")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, report: Report) -> Path:
    target = tmp_path_factory.mktemp("matrix") / "city.html"
    result = CliRunner().invoke(main, ["city", str(FIXTURES), "--ruleset", "tsp-2018-2021", "--as-of", AS_OF,
                                       "--engine", "python", "-o", str(target)])
    assert result.exit_code == report.exit_code(), result.stderr
    return target


def dump(page: Path, tmp: Path, fragment: str = "") -> Dom:
    result = run_chromium(tmp, "--dump-dom", page.as_uri() + fragment)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = Dom()
    dom.feed(result.stdout)
    return dom


def test_the_matrix_in_chromium(page: Path, report: Report, tmp_path: Path) -> None:
    dom = dump(page, tmp_path)
    [(table, _)] = dom.find("table", id="matrix")
    assert table.get("data-ready") == "1", "the page's script did not run"
    cells = dom.find("td", class_="cell")
    assert len(cells) == len(report.findings) > 0
    assert Counter(a["data-status"] for a, _ in cells) == Counter(f.status.value for f in report.findings)
    assert all(a["title"] and a["data-explanation"] for a, _ in cells)
    legend = dom.find("li", data_status="met") + [x for s in STATUSES[1:] for x in dom.find("li", data_status=s.value)]
    assert [a["data-status"] for a, _ in legend] == [s.value for s in STATUSES]
    assert [text for _, text in legend][1].endswith("brist")
    rows = dom.find("tr", class_="body")
    assert sorted(a["data-profile"] for a, _ in rows) == [p.id for p in report.profiles]
    assert not any("hide" in a.get("class", "").split() for a, _ in rows)
    # totals per body (recomputed by the script) and per obligation and status
    totals = dom.find("td", class_="tot")
    per_body = [t for t in totals if "data-total" in t[0]]
    assert len(per_body) == len(report.profiles) * len(STATUSES)
    expected_body = Counter((f.profile, f.status.value) for f in report.findings)
    body_order = [a["data-profile"] for a, _ in rows]
    for i, (attrs, text) in enumerate(per_body):
        assert int(text) == expected_body[(body_order[i // len(STATUSES)], attrs["data-total"])]
    per_obligation = Counter((f.obligation, f.status.value) for f in report.findings)
    for status in STATUSES:
        assert len(dom.find("tr", class_="totals", data_status=status.value)) == 1
    footer = [t for t in totals if "data-obligation" in t[0]]
    obligations = sorted({f.obligation for f in report.findings})
    assert len(footer) == len(obligations) * len(STATUSES)
    for index, (attrs, text) in enumerate(footer):
        status = STATUSES[index // len(obligations)].value
        assert int(text) == per_obligation[(attrs["data-obligation"], status)]
    grand = dom.find("td", class_="grand")
    assert [int(t) for _, t in grand] == [report.counts[s.value] for s in STATUSES]
    assert dom.find("select", id="filter-kind") and dom.find("select", id="filter-area")


def test_filters_from_the_address_hide_and_recount(page: Path, report: Report, tmp_path: Path) -> None:
    kinds = sorted({p.kind for p in report.profiles})
    kind = kinds[0]
    dom = dump(page, tmp_path, f"#kind={kind}&area=ARB")
    rows = dom.find("tr", class_="body")
    shown = [a["data-profile"] for a, _ in rows if "hide" not in a["class"].split()]
    assert shown and sorted(shown) == sorted(p.id for p in report.profiles if p.kind == kind)
    visible_cells = [a for a, _ in dom.find("td", class_="cell") if "hide" not in a["class"].split()]
    assert {a["data-area"] for a in visible_cells} == {"ARB"}
    counted = Counter(f.status.value for f in report.findings
                      if f.focus_area == "ARB" and f.profile in shown)
    grand = dom.find("td", class_="grand")
    assert [int(t) for _, t in grand] == [counted[s.value] for s in STATUSES]


def _png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, pos = [], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return width, height, len(set(raw[: 200_000]))


def test_screenshot(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "city-matrix.png"
    result = run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1600,1000", "--hide-scrollbars",
                          page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    width, height, distinct = _png_size_and_colours(shot.read_bytes())
    assert (width, height) == (1600, 1000)
    assert distinct > 20  # text and coloured cells, not a blank page


def test_a_cell_from_the_address_is_shown_in_detail(page: Path, report: Report, tmp_path: Path) -> None:
    finding = next(f for f in report.findings if f.status.value == "gap")
    dom = dump(page, tmp_path, f"#cell={finding.profile}:{finding.obligation}")
    selected = [a for a, _ in dom.find("td", class_="sel")]
    assert len(selected) == 1 and selected[0]["data-obligation"] == finding.obligation
    [(_, detail)] = dom.find("div", id="detail-body")
    assert finding.explanation("sv") in detail
    assert finding.citation.section in detail
    nothing = dump(page, tmp_path, "#cell=no-such-body:X\"]")  # a bad address selects nothing, breaks nothing
    assert not nothing.find("td", class_="sel")
    [(table, _)] = nothing.find("table", id="matrix")
    assert table.get("data-ready") == "1"
