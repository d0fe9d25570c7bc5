"""Sources as data: every quote of every bundled ruleset stands verbatim in a passage stored in ``sources/``,
and every law citation that does not say it is unverified points at a paragraph a stored passage covers.

The remiss answer's quotes are checked against the remiss text by ``tests/test_provenance.py``; this file
checks the rest (law, the programmes, the authorities' statements). See ``sources/README.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tsp_rules import load_ruleset
from tsp_rules.model.compiler import bundled_rulesets
from tsp_rules.model.ruleset import Citation, Ruleset

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
HEADER_KEYS = ("source", "title", "url", "read", "covers")
# A citation that says its paragraph or wording was not read claims no verification.
UNVERIFIED = re.compile(r"ej verifierad|ej verifierade|ej verifierat|ej läst|ej lästa")


@dataclass(frozen=True)
class Passage:
    file: Path
    source: str
    url: str
    read: dt.date
    covers: tuple[str, ...]
    texts: tuple[str, ...]  # the passage with white space folded, hyphenated line breaks joined and kept


def _fold(text: str) -> tuple[str, ...]:
    joined = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=[a-zåäö])", "", text)
    return tuple(" ".join(t.split()) for t in (joined, text))


def _read(path: Path) -> Passage:
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    assert sep, f"{path}: no line '---' after the header"
    fields: dict[str, str] = {}
    for line in head.splitlines():
        m = re.fullmatch(r"# (\w+): (.+)", line)
        assert m, f"{path}: header line {line!r} is not '# key: value'"
        fields[m[1]] = m[2].strip()
    assert tuple(fields) == HEADER_KEYS, f"{path}: header keys {tuple(fields)} (want {HEADER_KEYS})"
    assert fields["url"].startswith("http"), f"{path}: url {fields['url']!r}"
    read = dt.date.fromisoformat(fields["read"].split()[0])
    covers = tuple(c.strip() for c in fields["covers"].split(";") if c.strip())
    assert body.strip(), f"{path}: empty passage"
    return Passage(path, fields["source"], fields["url"], read, covers, _fold(body))


def passages() -> list[Passage]:
    return [_read(p) for p in sorted(SOURCES.rglob("*.txt")) if p.parent.name != "remiss"]


@pytest.fixture(scope="module")
def stored() -> dict[str, list[Passage]]:
    out: dict[str, list[Passage]] = {}
    for p in passages():
        out.setdefault(p.source, []).append(p)
    return out


def rulesets() -> list[Ruleset]:
    return [load_ruleset(name) for name in sorted(bundled_rulesets())]


def _quoted(rs: Ruleset) -> list[tuple[str, Citation]]:
    return [(where, c) for where, c in rs.iter_citations()
            if c.source is not None and c.quote and c.source.kind != "remiss"]


def test_every_stored_passage_has_a_header_with_url_and_date() -> None:
    found = passages()
    assert len(found) >= 15
    for p in found:
        assert p.read <= dt.date(2026, 12, 31), p.file
        assert p.covers, f"{p.file}: covers nothing"


@pytest.mark.parametrize("rs", rulesets(), ids=lambda rs: rs.id)
def test_every_quote_stands_verbatim_in_a_stored_passage(rs: Ruleset, stored: dict[str, list[Passage]]) -> None:
    missing = []
    checked = 0
    for where, c in _quoted(rs):
        assert c.source is not None and c.quote
        quote = " ".join(c.quote.split())
        texts = [t for p in stored.get(c.source.id, []) for t in p.texts]
        checked += 1
        if not any(quote in t for t in texts):
            missing.append(f"{where}: {c.source.id} {c.section!r}: {quote!r}")
    assert checked >= 10
    assert not missing, "quotes not found in sources/:\n" + "\n".join(missing)


def _paragraph(section: str) -> str:
    """The paragraph a section names, without the parenthesis that qualifies it."""
    return re.sub(r"\s*\(.*\)\s*$", "", section).strip()


@pytest.mark.parametrize("rs", rulesets(), ids=lambda rs: rs.id)
def test_every_law_citation_claiming_verification_has_a_stored_passage(
        rs: Ruleset, stored: dict[str, list[Passage]]) -> None:
    """A law citation without "ej verifierad" claims that its paragraph was read: a stored passage of that
    source must cover the paragraph."""
    missing = []
    for where, c in rs.iter_citations():
        if c.source is None or c.source.kind != "law" or c.is_interpretation or not c.section:
            continue
        if UNVERIFIED.search(c.section):
            continue
        covered = {cov for p in stored.get(c.source.id, []) for cov in p.covers}
        if c.section not in covered and _paragraph(c.section) not in covered:
            missing.append(f"{where}: {c.source.id} {c.section!r}")
    assert not missing, "law citations claiming verification without a stored passage:\n" + "\n".join(missing)


def test_a_quote_that_is_not_in_the_passage_is_caught(stored: dict[str, list[Passage]]) -> None:
    """The check can fail: a word changed in a true quote is not found."""
    true = "Resultatet av denna undersökning (säkerhetsanalys) skall dokumenteras"
    texts = [t for p in stored["sakerhetsskyddsforordningen-1996"] for t in p.texts]
    assert any(true in t for t in texts)
    assert not any(true.replace("skall", "ska") in t for t in texts)


def test_every_stored_source_is_cited_or_is_the_copyright_basis(stored: dict[str, list[Passage]]) -> None:
    cited = {c.source.id for rs in rulesets() for _, c in rs.iter_citations() if c.source is not None}
    declared = {sid for rs in rulesets() for sid in rs.sources}
    for source in stored:
        assert source in declared or source == "upphovsrattslagen", f"sources/ holds {source}, no ruleset names it"
    assert cited & set(stored)


def test_every_owner_of_a_law_duty_exists_and_is_law() -> None:
    """``same_duty_as`` names an obligation of another bundled ruleset, cited to law (docs/sources.md)."""
    named = 0
    for rs in rulesets():
        for ob in rs.obligations:
            for rid, oid in ob.same_duty_as:
                named += 1
                assert rid != rs.id and rid in bundled_rulesets(), (ob.id, rid)
                owner = load_ruleset(rid).obligation(oid)
                assert any(c.provenance == "law" for c in owner.citations), (ob.id, oid)
                assert any(c.provenance == "law" for c in ob.citations), f"{ob.id} is a law duty: cite the law"
                assert ob.text.sv.startswith("Lagkrav"), f"{ob.id}: the text says it is a law duty"
    assert named >= 4
