"""Every rule element says where it comes from, and what it quotes is really there.

* a quote cited to a remiss (as the body's own position, or as the programme in the remiss's words) must
  stand verbatim in the seed text of that remiss (white space and hyphenated line breaks aside);
* every obligation's text cites a source; its scope, each evidence requirement, each tailored requirement,
  each cadence and each ground have a basis; an interpretation carries its reasoning;
* law is cited in the version in force on the check date.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tsp_rules import load_ruleset
from tsp_rules.authoring.lint import lint_file
from tsp_rules.model.compiler import ruleset_from_text
from tsp_rules.model.ruleset import Citation, Ruleset

ROOT = Path(__file__).resolve().parent.parent
# The remiss answer as the repository stores it (sources/README.md): the text from "Sammanfattning" on, and
# its first page with the closing "Bilagor"; each file a header, a line '---', then the text.
REMISS = ROOT / "sources" / "remiss"
REMISS_TEXTS = {"remiss-mhn-2017": (REMISS / "miljoforvaltningen-2017-10-31.txt",
                                    REMISS / "miljoforvaltningen-2017-10-31-forsta-sidan.txt")}


def _readings(text: str) -> tuple[str, ...]:
    """The remiss text with white space folded, once with hyphenated line breaks joined ("händelse-\\n
    hanteringssystem") and once with them kept ("Trygghets- \\noch")."""
    joined = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=[a-zåäö])", "", text)
    return tuple(" ".join(t.split()) for t in (joined, text))


def _stored_text(path: Path) -> str:
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    assert sep and head.startswith("# source: "), f"{path}: no header ending in a line '---'"
    return body


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, tuple[str, ...]]:
    return {source: tuple(r for path in paths for r in _readings(_stored_text(path)))
            for source, paths in REMISS_TEXTS.items()}


def quoted_from_seed(citation: Citation, seeds: dict[str, tuple[str, ...]]) -> bool:
    assert citation.source is not None and citation.quote
    quote = " ".join(citation.quote.split())
    return any(quote in text for text in seeds[citation.source.id])


def seed_citations(rs: Ruleset) -> list[tuple[str, Citation]]:
    return [(where, c) for where, c in rs.iter_citations()
            if c.source is not None and c.source.kind == "remiss" and c.quote]


def test_every_quote_from_the_remiss_is_verbatim(seed_texts: dict[str, tuple[str, ...]]) -> None:
    rs = load_ruleset()
    cited = seed_citations(rs)
    assert len(cited) >= 40, "the ruleset should quote the remiss for most elements"
    wrong = [f"{where}: {c.quote!r}" for where, c in cited if not quoted_from_seed(c, seed_texts)]
    assert not wrong, "quotes not found verbatim in the seed:\n" + "\n".join(wrong)


def test_a_changed_quote_is_caught(seed_texts: dict[str, tuple[str, ...]]) -> None:
    """The check above can fail: one word changed in a real quote is no longer found."""
    rs = load_ruleset()
    where, c = next((w, c) for w, c in seed_citations(rs) if c.provenance == "remiss")
    assert quoted_from_seed(c, seed_texts)
    altered = Citation(c.source, c.section, (c.quote or "").replace("nämnden", "bolaget", 1) + " och mer",
                       c.provenance)
    assert not quoted_from_seed(altered, seed_texts), where


def test_the_bodys_own_position_is_only_cited_to_its_remiss() -> None:
    """A citation with provenance remiss names a remiss source; programme text cited from a remiss says it
    is the programme as paraphrased there."""
    rs = load_ruleset()
    for where, c in rs.iter_citations():
        if c.provenance == "remiss":
            assert c.source is not None and c.source.kind == "remiss", where
            assert c.quote, f"{where}: a body's position is quoted, not paraphrased"
        if c.provenance == "interpretation":
            assert c.reasoning is not None and c.reasoning.sv.strip() and c.reasoning.en.strip(), where


def test_every_element_has_a_basis() -> None:
    rs = load_ruleset()
    for ob in rs.obligations:
        assert any(c.source is not None for c in ob.citations), ob.id
        assert ob.applies_basis, ob.id
        for item in ob.requirement.items:
            for option in item.options:
                assert option.basis or item.basis or ob.requirement.basis, ob.id
                assert option.cadence.basis, f"{ob.id}: cadence {option.cadence.key} has no basis"
        assert ob.part is not None, f"{ob.id} belongs to no part of the programme"
    for g in rs.grounds:
        assert g.citations, g.id
        for oid, req in g.tailored.items():
            assert req.basis, f"{g.id} tailors {oid} without a basis"
    for source in rs.sources.values():
        assert source.kind is not None, source.id


BARE = """
format: tsp-ruleset/1
id: bare
version: 1.0.0
title: {sv: T, en: T}
valid_from: 2018-01-01
valid_to: 2021-12-31
sources:
  - {id: s, kind: programme, title: {sv: S, en: S}, reference: S}
parameters:
  cadences:
    yearly:
      within_months: 12
      basis: {provenance: interpretation, reasoning: {sv: Skäl, en: Reason}}
traits:
  t: {type: bool, title: {sv: T, en: T}}
evidence_kinds:
  e: {title: {sv: E, en: E}}
obligations:
  - id: A-B
    focus_area: ARB
    title: {sv: A, en: A}
    text: {sv: A, en: A}
    citation: {source: s, section: '1'}
    applies_to: {sv: alla, en: all}
    applies_basis: {source: s, section: '1'}
    requirement:
      description: {sv: D, en: D}
      basis: {provenance: interpretation, reasoning: {sv: Skäl, en: Reason}}
      evidence: [{kinds: [e], cadence: yearly}]
grounds:
  - id: g
    title: {sv: G, en: G}
    when: {trait: t, is: true}
    effects:
      - obligation: A-B
        effect: tailored
        requirement:
          description: {sv: D, en: D}
          evidence: [{kinds: [e], cadence: yearly}]
    rationale: {sv: R, en: R}
    citation: {source: s, section: '2'}
"""


def test_lint_names_a_tailoring_without_provenance(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text(BARE, encoding="utf-8")
    checks = [(f.check, f.message.en) for f in lint_file(path).findings]
    assert ("missing-provenance", "g → A-B: the tailored requirement has no basis") in checks
    fixed = BARE.replace("          evidence: [{kinds: [e], cadence: yearly}]\n    rationale",
                         "          basis: {source: s, section: '3'}\n"
                         "          evidence: [{kinds: [e], cadence: yearly}]\n    rationale")
    path.write_text(fixed, encoding="utf-8")
    assert not [f for f in lint_file(path).findings if f.check == "missing-provenance"]


def test_an_interpretation_needs_its_reasoning() -> None:
    with pytest.raises(Exception, match="reasoning"):
        ruleset_from_text(BARE.replace("basis: {provenance: interpretation, reasoning: {sv: Skäl, en: Reason}}\n"
                                       "      evidence", "basis: {provenance: interpretation}\n      evidence"))


@pytest.mark.parametrize(("day", "expected"), [
    ("2018-06-01", {"sakerhetsskyddsforordningen-1996"}),
    ("2019-03-31", {"sakerhetsskyddsforordningen-1996"}),
    ("2019-04-01", {"sakerhetsskyddslagen-2018", "sakerhetsskyddsforordningen-2018"}),
    ("2019-06-01", {"sakerhetsskyddslagen-2018", "sakerhetsskyddsforordningen-2018"}),
])
def test_the_law_in_force_on_the_date_is_cited(day: str, expected: set[str]) -> None:
    ob = load_ruleset().obligation("FO5-SAKERHETSSKYDDSANALYS")
    cited = {c.source.id for c in ob.citations_on(dt.date.fromisoformat(day)) if c.source}
    assert cited == expected


@pytest.mark.parametrize(("day", "title_part"), [("2019-12-31", "landstings"), ("2020-01-01", "regioners")])
def test_the_leh_title_is_the_one_worded_on_the_date(day: str, title_part: str) -> None:
    ob = load_ruleset().obligation("KS-KRISLEDNINGSNAMND")
    laws = [c for c in ob.citations_on(dt.date.fromisoformat(day)) if c.provenance == "law"]
    assert len(laws) == 1 and laws[0].source is not None and title_part in laws[0].source.title.sv


def test_sources_register_lists_every_source() -> None:
    register = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    for source in load_ruleset().sources.values():
        assert f"`{source.id}`" in register, f"docs/sources.md does not list {source.id}"


def test_a_rationale_quotes_the_remiss_only_in_its_own_words(seed_texts: dict[str, tuple[str, ...]]) -> None:
    """A ground that is a body's request (cited to its remiss) may quote the body in its rationale; every
    Swedish quotation (”…”) in such a rationale stands verbatim in that remiss (issue 21, second reading #14).
    The rest of the rationale speaks in the ruleset's voice and says so."""
    checked = 0
    for rs in (load_ruleset("tsp-2018-2021"), load_ruleset("lagkrav-kommun")):
        for g in rs.grounds:
            remiss = {c.source.id for c in g.citations if c.provenance == "remiss" and c.source is not None}
            for source in remiss:
                for quote in re.findall(r"”([^”]+)”", g.rationale.sv):
                    words = " ".join(quote.rstrip(".").split())
                    assert any(words in text for text in seed_texts[source]), (g.id, quote)
                    checked += 1
    assert checked >= 2  # the specialised-authority ground quotes the committee twice


def test_the_specialised_authority_tailoring_is_labelled_the_rulesets() -> None:
    g = next(g for g in load_ruleset("tsp-2018-2021").grounds if g.id == "specialised-authority")
    assert "Regelverkets tolkning är att" in g.rationale.sv and "The ruleset's interpretation is that" in g.rationale.en
    assert any(c.provenance == "interpretation" and c.reasoning is not None for c in g.citations)
