"""Where a rule element comes from, in words: the programme, a body's remiss, the law, or the ruleset
editors' interpretation. One place for every renderer, the docs generator and ``explain``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tsp_rules.model.ruleset import Citation, Lang, Text
from tsp_rules.texts import quote as quote_text

PROVENANCE_LABELS: dict[str, Text] = {
    "programme": Text("programmet", "the programme"),
    "remiss": Text("remissvar", "consultation answer"),
    "law": Text("lag eller föreskrift", "law or regulation"),
    "interpretation": Text("regelverkets tolkning", "the ruleset's interpretation"),
}

_SECTION = Text("avsnitt", "section")

STATED_BY: dict[str, Text] = {
    "programme": Text("Programmet anger", "The programme says"),
    "remiss": Text("Remissvaret anger", "The consultation answer says"),
    "law": Text("Lagkrav", "Legal requirement"),
    "interpretation": Text("Regelverkets krav", "The ruleset's requirement"),
}
"""The label of an obligation's text in a report, by where the text comes from (its citations)."""
MIXED = Text("Regelverket anger", "The ruleset says")


def provenance_label(provenance: str, lang: Lang) -> str:
    return PROVENANCE_LABELS[provenance].get(lang)


def citation_text(citation: Citation, lang: Lang, brief: bool = False) -> str:
    """One citation as a reader would write it, saying what kind of source it is. ``brief``: for a report
    whose heading says once, in its coverage statement, that the programme is read through a remiss answer
    ('Programmet, remissvarets avsnitt ”…”: ”…”'), instead of on every finding.

    - law: 'Säkerhetsskyddslag (2018:585), 2 kap. 1 §: ”…”'
    - a body's remiss: 'Remissvar från Miljö- och hälsoskyddsnämnden (…), avsnitt ”…”: ”…”'
    - the programme as a remiss paraphrases it: 'Programmet, som det återges i remissvaret från …, avsnitt …'
    - an interpretation: 'Regelverkets tolkning: …'
    """
    source, quote = citation.source, citation.quote
    tail = f": {quote_text(quote, lang)}" if quote else ""
    if citation.is_interpretation:
        assert citation.reasoning is not None
        out = f"{provenance_label('interpretation', lang).capitalize()}: {citation.reasoning.get(lang)}"
        if source is not None:
            about = Text("källa:", "source:").get(lang)
            if source.kind == "remiss" and source.author is not None:
                named = Text(f"remissvaret från {source.author.sv}",
                             f"the consultation answer from {source.author.en}").get(lang)
            elif source.kind in ("law", "programme"):
                named = source.title.get(lang)
            else:
                named = source.reference
            where = f", {citation.section}" if citation.section else ""
            out += f" ({about} {named}{where}{tail})"
        return out
    assert source is not None
    if source.kind is None:  # a ruleset without the provenance model: the reference and the section
        return f"{source.reference}, {_SECTION.get(lang)} {quote_text(citation.section or '', lang)}{tail}"
    if citation.provenance == "law" or source.kind == "law":
        return f"{source.title.get(lang)}, {citation.section}{tail}"
    section = f"{_SECTION.get(lang)} {quote_text(citation.section or '', lang)}"
    if source.kind == "remiss":
        # the full reference is in the JSON report (document) and docs/sources.md; prose names the author
        author = source.author.get(lang) if source.author else source.reference
        if citation.provenance == "remiss":
            lead = Text(f"Remissvar från {author}", f"Consultation answer from {author}").get(lang)
        elif brief:
            section = Text(f"remissvarets avsnitt {quote_text(citation.section or '', 'sv')}",
                           f"the consultation answer's section {quote_text(citation.section or '', 'en')}").get(lang)
            lead = provenance_label("programme", lang).capitalize()
        else:
            lead = Text(f"Programmet, som det återges i remissvaret från {author}",
                        f"The programme, as paraphrased in the consultation answer from {author}").get(lang)
        return f"{lead}, {section}{tail}"
    return f"{source.title.get(lang)}, {section}{tail}"


def source_kind(citation: Citation) -> str:
    """Where a citation's words come from: 'law' (a law paragraph, whatever the provenance field says),
    'programme', 'remiss' or 'interpretation'."""
    if citation.source is not None and citation.source.kind == "law":
        return "law"
    return citation.provenance if citation.provenance in STATED_BY else "interpretation"


def stated_by(citations: Sequence[Citation], lang: Lang) -> str:
    """The label of an obligation's text, by the citations of that text (those in force on the check date):
    'Programmet anger' only for the programme's words (or 'Remissvaret anger'); 'Lagkrav' for a law or
    regulation (the citation beside it names the paragraph); 'Regelverkets krav' for the ruleset's own
    interpretation. A text that cites both the programme and a law is the ruleset's account of both:
    'Regelverket anger'. The ruleset's interpretation beside a source does not change the label."""
    kinds = set(map(source_kind, citations)) - {"interpretation"} or {"interpretation"}
    if kinds == {"programme", "remiss"}:
        kinds = {"programme"}
    return (STATED_BY[kinds.pop()] if len(kinds) == 1 else MIXED).get(lang)


def citations_text(citations: Iterable[Citation], lang: Lang, brief: bool = False) -> str:
    return "; ".join(citation_text(c, lang, brief) for c in citations)


def provenances(citations: Iterable[Citation]) -> tuple[str, ...]:
    """The kinds of provenance of ``citations``, each once, in order."""
    return tuple(dict.fromkeys(c.provenance for c in citations))
