"""The Word file a Stockholm förvaltning files: the package holds nothing from another template, every page
is A4 and Swedish with the header and "Sida X (Y)", headings are plain black, the table's header repeats and
no word of it is broken, and no obligation id stands in the text. LibreOffice (``soffice``; ``.ci/run``
installs it) converts the file to PDF, and the PDF is read back with poppler's ``pdfinfo`` and ``pdftotext``."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from tsp_rules.cycle.remiss import Draft, RemissOptions, draft_for_profile
from tsp_rules.cycle.remiss.docx import CELL_MARGINS, CHAR, TEMPLATE, TEXT_WIDTH, column_widths, to_docx

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "fixtures" / "remiss-2017" / "miljo-och-halsoskyddsnamnden.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OBLIGATION_ID = re.compile(r"\b(ARB|FO[1-5]|KS)-[A-Z0-9-]+\b")


def the_draft(lang: str = "sv") -> Draft:
    options = RemissOptions(datum=dt.date(2017, 10, 31), dnr="2017-14676", forvaltning="Miljöförvaltningen",
                            sammantrade=dt.date(2017, 11, 14))
    return draft_for_profile(PROFILE, None, lang, engine="python", options=options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def word() -> bytes:
    return to_docx(the_draft(), "sv")


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def test_the_package_is_the_projects_own(word: bytes) -> None:
    names = zipfile.ZipFile(io.BytesIO(word)).namelist()
    assert not [n for n in names if n.startswith("customXml") or "thumbnail" in n or "stylesWithEffects" in n]
    assert sorted(names) == sorted(zipfile.ZipFile(TEMPLATE).namelist())  # the template's parts, nothing else
    styles = part(word, "word/styles.xml")
    assert 'w:lang w:val="sv-SE"' in styles and "en-US" not in styles
    assert "themeColor" not in styles and re.findall(r'w:color w:val="([0-9A-F]{6})"', styles) == \
        ["000000"] * len(re.findall(r'w:color w:val="', styles))  # plain black text and headings
    document = part(word, "word/document.xml")
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in document  # A4
    assert "en-US" not in document and "Calibri" not in document


def test_header_footer_and_page_numbers(word: bytes) -> None:
    header = re.sub(r"<[^>]+>", " ", part(word, "word/header1.xml"))
    for text in ("Miljöförvaltningen", "Tjänsteutlåtande", "Dnr 2017-14676", "31 oktober 2017"):
        assert text in header
    footer = part(word, "word/footer1.xml")
    assert "Sida " in footer and 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert "{" not in header and "{" not in re.sub(r"<[^>]+>", "", footer)


def test_english_is_british_english() -> None:
    data = to_docx(the_draft("en"), "en")
    assert 'w:lang w:val="en-GB"' in part(data, "word/styles.xml") and "Page " in part(data, "word/footer1.xml")


def test_no_obligation_id_in_the_text(word: bytes) -> None:
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    cells = [c.text for t in docx.Document(io.BytesIO(word)).tables for r in t.rows for c in r.cells]
    assert not OBLIGATION_ID.search(text) and not any(OBLIGATION_ID.search(c) for c in cells)


def test_the_table_header_repeats_and_every_word_fits(word: bytes) -> None:
    document = docx.Document(io.BytesIO(word))
    (table,) = document.tables
    first = table.rows[0]._tr
    assert first.find(f"{W}trPr/{W}tblHeader") is not None
    rows = tuple(tuple(c.text for c in r.cells) for r in table.rows)
    widths = column_widths(rows)
    assert sum(widths) == TEXT_WIDTH
    for c, width in enumerate(widths):
        longest = max(len(w) for row in rows for w in row[c].split())
        assert width >= longest * CHAR + CELL_MARGINS


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("LibreOffice is needed (Debian: apt-get install libreoffice-writer; .ci/run installs it)")


def pdf_of(word: bytes, tmp: Path) -> Path:
    source = tmp / "svar.docx"
    source.write_bytes(word)
    profile = (tmp / "lo-profile").as_uri()  # a profile of its own: parallel runs never share one
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(source)], check=True, capture_output=True, timeout=300)
    return tmp / "svar.pdf"


def test_libreoffice_renders_a4_swedish_pages_numbered_sida_x_av_y(word: bytes, tmp_path: Path) -> None:
    pdf = pdf_of(word, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])  # type: ignore[index]
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M), info
    assert b"/Lang(sv-SE)" in pdf.read_bytes()
    note_page = 0
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        assert "Miljöförvaltningen" in text and "Dnr 2017-14676" in text and "31 oktober 2017" in text
        assert f"Sida {page} ({pages})" in text, page
        body = [line.strip() for line in text.splitlines() if line.strip()][3:]
        if "Anteckning för handläggaren" in body:
            note_page = note_page or page
            assert body[0] == "Anteckning för handläggaren"  # the note starts a page of its own
        if "i profilen" in text or "visar kravet" in text:  # a page of the table: its header repeats
            assert re.search(r"Krav i programmet\s+Del av programmet\s+Regelverkets", text), page
    # the tjänsteutlåtande itself: a few pages (the 2017 answer had ten, with its header page and signatures)
    assert 3 <= note_page - 1 <= 8 and pages > note_page
