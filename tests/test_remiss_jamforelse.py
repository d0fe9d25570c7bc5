"""docs/remiss-jamforelse.md: every point the draft makes ("ja" or "delvis") names a text of the draft for
Miljö- och hälsoskyddsnämnden; that text must still be in the draft (made with the documented options), so
that a point the draft makes cannot disappear silently. A point marked "nej" gives its reason."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tsp_rules.cycle.remiss import RemissOptions, draft_for_profile, to_markdown

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "remiss-jamforelse.md"
MHN = ROOT / "fixtures" / "stockholm" / "miljo-och-halsoskyddsnamnden.yaml"


def points() -> list[tuple[int, str, str, str, str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0].isdigit():
            rows.append((int(cells[0]), cells[1], cells[2], cells[3], cells[4]))
    return rows


@pytest.fixture(scope="module")
def mhn_draft() -> str:
    options = RemissOptions(datum=dt.date(2017, 10, 31), dnr="2017-14676", forvaltning="Miljöförvaltningen",
                            sammantrade=dt.date(2017, 11, 14))
    markdown = to_markdown(draft_for_profile(MHN, None, "sv", as_of=dt.date(2019, 11, 30), engine="python",
                                             options=options)).replace("**", "")
    return re.sub(r"\\(.)", r"\1", markdown)  # the text as it reads once rendered (escapes removed)


def test_the_document_lists_the_points_in_order() -> None:
    rows = points()
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1)) and len(rows) >= 30
    assert {r[2] for r in rows} == {"ja", "delvis", "nej"}


@pytest.mark.parametrize("row", points(), ids=lambda r: str(r[0]))
def test_each_point_the_draft_makes_is_in_it(row: tuple[int, str, str, str, str], mhn_draft: str) -> None:
    number, _point, made, comment, text = row
    if made == "nej":
        assert comment.strip(), f"point {number}: say why the draft does not make it"
        return
    quoted = re.fullmatch(r"`(.+)`", text.strip())
    assert quoted, f"point {number}: name the draft's text in backticks"
    assert quoted[1] in mhn_draft, f"point {number} is no longer in the draft: {quoted[1]}"
