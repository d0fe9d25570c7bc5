"""The remiss draft as data: blocks (headings, paragraphs, lists, one table) that every format writes
alike, and the options the draft is written with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from tsp_rules.model.ruleset import Lang

Proposal = Literal["tillstyrka", "tillstyrka-med-synpunkter", "avstyrka"]
PROPOSALS: tuple[Proposal, ...] = ("tillstyrka", "tillstyrka-med-synpunkter", "avstyrka")

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


@attrs.frozen
class Draft:
    blocks: tuple[Block, ...]
    proposal: Proposal
    warnings: tuple[str, ...]
    datum: dt.date
    title: str
    lang: Lang = "sv"


@attrs.frozen
class RemissOptions:
    """What the tjänsteutlåtande needs beyond the findings. ``datum`` is the answer's date (``today`` when
    not given, then warned about when outside the remiss period); ``traits`` are the profile's traits
    (the informational ones decide the "större urskillning" plea)."""

    datum: dt.date | None = None
    proposal: Proposal | None = None
    dnr: str | None = None
    handlaggare: str | None = None
    forvaltning: str | None = None
    sammantrade: dt.date | None = None
    traits: Mapping[str, Any] = attrs.field(factory=dict)
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


