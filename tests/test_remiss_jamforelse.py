"""docs/remiss-jamforelse.md: the draft for Miljö- och hälsoskyddsnämnden dated 2017-10-31 against its real
answer, position by position. Every quoted passage is in the stored answer; every text the draft is said to
use is in the tjänsteutlåtande (not in the note); no position is contradicted; every paragraph of the
tjänsteutlåtande that rests on the answer has its row; no sentence in the förvaltning's voice rests on
anything but the answer, the evidence or the document's form; and the summary's counts are the table's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tsp_rules.cycle.remiss import VOICE_BASES, Draft, RemissOptions, draft_for_profile

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "remiss-jamforelse.md"
PROFILE = ROOT / "fixtures" / "remiss-2017" / "miljo-och-halsoskyddsnamnden.yaml"
TEXTS = [ROOT / "sources" / "remiss" / "miljoforvaltningen-2017-10-31.txt",
         ROOT / "sources" / "remiss" / "miljoforvaltningen-2017-10-31-forsta-sidan.txt"]
VERDICTS = ("uttryckt", "delvis", "saknas", "motsägs")


def fold(text: str) -> str:
    return re.sub(r"[\s\-–]", "", text)


SEED = fold("".join(p.read_text(encoding="utf-8").partition("\n---\n")[2] for p in TEXTS))


def points() -> list[tuple[int, str, str, str, str, str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 6 and cells[0].isdigit():
            rows.append((int(cells[0]), *cells[1:]))  # type: ignore[arg-type]
    return rows


@pytest.fixture(scope="module")
def the_draft() -> Draft:
    options = RemissOptions(datum=dt.date(2017, 10, 31), dnr="2017-14676", forvaltning="Miljöförvaltningen",
                            sammantrade=dt.date(2017, 11, 14))
    return draft_for_profile(PROFILE, None, "sv", engine="python", options=options)


def answer_texts(d: Draft) -> list[str]:
    return [s.text for b in d.answer for s in b.said]


def test_the_document_lists_the_points_in_order() -> None:
    rows = points()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1)) and len(rows) >= 35
    assert {r[3] for r in rows} <= set(VERDICTS)
    counts = {v: sum(1 for r in rows if r[3] == v) for v in VERDICTS}
    summary = re.search(r"Summa: (\d+) uttryckta, (\d+) delvis, (\d+) saknas, (\d+) motsägs\.",
                        DOC.read_text(encoding="utf-8"))
    assert summary and tuple(int(n) for n in summary.groups()) == tuple(counts[v] for v in VERDICTS)


def test_nothing_is_contradicted() -> None:
    assert [r for r in points() if r[3] == "motsägs"] == []


@pytest.mark.parametrize("row", points(), ids=lambda r: str(r[0]))
def test_each_point_quotes_the_answer_and_is_in_the_draft(row: tuple[int, str, str, str, str, str],
                                                          the_draft: Draft) -> None:
    number, section, quote, verdict, comment, text = row
    assert fold(section) in SEED, f"point {number}: {section} is not a heading of the answer"
    quoted = re.fullmatch(r"”(.+)”", quote)
    assert quoted and fold(quoted[1]) in SEED, f"point {number}: not the answer's words: {quote}"
    if verdict == "saknas":
        assert comment, f"point {number}: say why the draft does not state it"
        return
    used = re.fullmatch(r"`(.+)`", text)
    assert used, f"point {number}: name the draft's text in backticks"
    assert any(used[1] in t for t in answer_texts(the_draft)), f"point {number} is not in the answer: {used[1]}"


def test_every_paragraph_resting_on_the_answer_has_its_row(the_draft: Draft) -> None:
    recorded = [fold(r[2].strip("”")) for r in points()]
    for s in (s for b in the_draft.answer for s in b.said if s.basis == "remiss"):
        assert any(fold(q) in recorded for q in s.quotes), s.text


def test_no_unsupported_sentence_in_the_forvaltnings_voice(the_draft: Draft) -> None:
    """0 unsupported: every sentence rests on the answer (its quotes in the stored text), the evidence (an
    item of the sourced profile) or the form; the document says so."""
    for s in (s for b in the_draft.answer for s in b.said):
        assert s.basis in VOICE_BASES, s
        if s.basis == "remiss":
            assert s.quotes and all(fold(q) in SEED for q in s.quotes), s.text
    assert "## Meningar i förvaltningens röst som svaret inte stöder\n\nInga." in DOC.read_text(encoding="utf-8")
