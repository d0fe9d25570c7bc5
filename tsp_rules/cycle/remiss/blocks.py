"""The remiss draft as data: blocks (headings, paragraphs, lists, tables) that every format writes alike,
each text with what it rests on (:class:`Said`), and the options the draft is written with.

The draft has two parts: the tjänsteutlåtande, in the förvaltning's voice, and after it a note for the
handläggare that is not part of it (``Draft.note_from``). In the tjänsteutlåtande a sentence may rest only
on the body's own remiss answer, its evidence, or the document's form (a heading, the header, the decision
formula); the ruleset's interpretations, tailorings and the law it reads stand only in the note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from tsp_rules.model.ruleset import Lang

Proposal = Literal["overlamna", "tillstyrka", "avstyrka"]
PROPOSALS: tuple[Proposal, ...] = ("overlamna", "tillstyrka", "avstyrka")

Basis = Literal["remiss", "evidence", "form", "programme", "law", "interpretation", "finding"]
"""What a text rests on: ``remiss`` (the body's own remiss answer, with its section and words), ``evidence``
(the profile's evidence), ``form`` (the document's fixed wording: header, headings, decision formula),
``programme`` (the programme's text as the ruleset gives it), ``law``, ``interpretation`` (the ruleset's
reading) and ``finding`` (the ruleset's assessment of the evidence)."""

VOICE_BASES: frozenset[str] = frozenset({"remiss", "evidence", "form"})
"""The bases a sentence in the förvaltning's voice may rest on."""


@attrs.frozen
class Said:
    """One text of the draft and what it rests on: ``source`` names the document (the remiss answer, an
    evidence reference, a template key), ``section`` its section, ``quotes`` its words, ``valid_from`` the
    first day the source existed (None: not dated)."""

    text: str
    basis: Basis
    source: str = ""
    section: str = ""
    quotes: tuple[str, ...] = ()
    valid_from: dt.date | None = None

# ------------------------------------------------------------------------------------------- blocks


@attrs.frozen
class Block:
    """One piece of the draft: ``title`` (the document kind), ``heading`` (with ``level`` 1–3), ``para``
    (with an optional bold ``lead``), ``note`` (a remark to the reader of the draft), ``numbered`` and
    ``bullets`` (``items``), ``table`` (``rows``, the first row the header)."""

    kind: Literal["title", "heading", "para", "note", "numbered", "bullets", "table"]
    text: str = ""
    level: int = 1
    lead: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    said: tuple[Said, ...] = ()
    """What the block's texts rest on: a paragraph's sentences (joined, they are ``text``), one per item of a
    list, one per row of a table."""


def para(*said: Said, lead: str = "") -> Block:
    """A paragraph of sentences, each with its basis."""
    return Block("para", " ".join(s.text for s in said), lead=lead, said=said)


def listed(kind: Literal["numbered", "bullets"], said: Iterable[Said], lead: str = "") -> Block:
    """A list, one item per said text."""
    items = tuple(said)
    return Block(kind, lead=lead, items=tuple(s.text for s in items), said=items)


@attrs.frozen
class Draft:
    blocks: tuple[Block, ...]
    proposal: Proposal
    warnings: tuple[str, ...]
    datum: dt.date
    title: str
    lang: Lang = "sv"
    note_from: int = -1
    """The index of the first block of the note for the handläggare (-1: no note)."""
    header: tuple[str, ...] = ()
    """The page header: förvaltning, document kind, dnr, date."""

    @property
    def answer(self) -> tuple[Block, ...]:
        """The tjänsteutlåtande: the blocks before the note."""
        return self.blocks if self.note_from < 0 else self.blocks[: self.note_from]

    @property
    def note(self) -> tuple[Block, ...]:
        return () if self.note_from < 0 else self.blocks[self.note_from:]

    def sources(self) -> tuple[Said, ...]:
        """Every said text of the draft (both parts)."""
        return tuple(s for b in self.blocks for s in b.said)


@attrs.frozen
class RemissOptions:
    """What the tjänsteutlåtande needs beyond the findings. ``datum`` is the answer's date (``today`` when
    not given, then warned about when outside the remiss period); ``proposal`` the decision formula
    (default: ``overlamna``, submit the report as the answer)."""

    datum: dt.date | None = None
    proposal: Proposal | None = None
    records: tuple[Any, ...] | None = None
    """The remiss answers on record (:class:`tsp_rules.cycle.remiss.record.RemissRecord`); None: the bundled ones."""
    dnr: str | None = None
    handlaggare: str | None = None
    forvaltning: str | None = None
    sammantrade: dt.date | None = None
    today: dt.date | None = None


def plain_texts(draft: Draft) -> Iterable[str]:
    """Every text of the draft, in order (for comparing the formats)."""
    for b in draft.blocks:
        if b.lead:
            yield b.lead
        if b.text:
            yield b.text
        yield from b.items
        for row in b.rows:
            yield from row


