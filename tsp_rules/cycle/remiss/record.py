"""A body's remiss answer as data (format ``tsp-remissvar/1``): the positions it took on the programme, in
the order of its tjänsteutlåtande, each with the section of the answer and its words.

The bundled records are in ``rulesets/remissvar/`` (installed: ``tsp_rules/bundled/remissvar/``); a second
body's answer is added there as a file, without code. See docs/remiss-format.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import attrs
from pydantic import Field

from tsp_rules.documents.loading import check_document, load_document
from tsp_rules.documents.spec_base import IsoDate, NonEmpty, ObligationId, Slug, Strict
from tsp_rules.documents.specs import TextSpec
from tsp_rules.errors import InputError
from tsp_rules.model.compiler import bundled_folder
from tsp_rules.model.ruleset import Text

Part = Literal["summary", "background", "views"]
Stance = Literal["states", "agrees", "supports", "doubts", "objects", "proposes", "insists"]


class PositionSpec(Strict):
    id: Slug
    part: Part = Field(description="where the tjänsteutlåtande states it: Sammanfattning, Bakgrund or the views")
    heading: TextSpec | None = Field(default=None, description="the programme's part it is stated under (views)")
    subheading: TextSpec | None = None
    section: NonEmpty = Field(description="the heading of the answer's section it comes from")
    stance: Stance
    exists: bool = Field(default=False, description="the body says that what it is about already exists")
    concerns: list[ObligationId] = Field(default_factory=list)
    text: TextSpec = Field(description="the position in the förvaltning's words, as the draft states it")
    quotes: Annotated[list[NonEmpty], Field(min_length=1)] = Field(description="the answer's own words, verbatim")


class DecisionItemSpec(Strict):
    text: TextSpec
    quote: NonEmpty


class DecisionSpec(Strict):
    proposal: Literal["overlamna", "tillstyrka", "avstyrka"]
    section: NonEmpty
    items: Annotated[list[DecisionItemSpec], Field(min_length=1)]


class RecordSpec(Strict):
    format: Literal["tsp-remissvar/1"]
    id: Slug
    ruleset: Slug
    remiss_dnr: NonEmpty
    body: Slug = Field(description="the id of the body's profile")
    author: TextSpec
    document: NonEmpty
    date: IsoDate
    texts: Annotated[list[NonEmpty], Field(min_length=1)] = Field(
        description="the stored text of the answer, relative to the repository")
    decision: DecisionSpec | None = Field(default=None, description="the förvaltning's proposed decision")
    positions: Annotated[list[PositionSpec], Field(min_length=1)]


@attrs.frozen
class Position:
    id: str
    part: Part
    heading: Text | None
    subheading: Text | None
    section: str
    stance: Stance
    exists: bool
    concerns: tuple[str, ...]
    text: Text
    quotes: tuple[str, ...]


@attrs.frozen
class Decision:
    proposal: Literal["overlamna", "tillstyrka", "avstyrka"]
    section: str
    items: tuple[tuple[Text, str], ...]
    """Each item's text and the answer's words for it."""


@attrs.frozen
class RemissRecord:
    id: str
    ruleset: str
    remiss_dnr: str
    body: str
    author: Text
    document: str
    date: dt.date
    texts: tuple[str, ...]
    decision: Decision | None
    positions: tuple[Position, ...]
    file: str = attrs.field(default="", eq=False)


def _text(spec: TextSpec | None) -> Text | None:
    return None if spec is None else Text(spec.sv, spec.en)


def load_record(path: Path | str) -> RemissRecord:
    """Read one record; a bad file raises :class:`InputError` with located problems."""
    doc = load_document(path)
    spec, problems = check_document(doc, RecordSpec)
    if problems or spec is None:
        raise InputError(problems)
    positions = tuple(Position(p.id, p.part, _text(p.heading), _text(p.subheading), p.section, p.stance, p.exists,
                               tuple(p.concerns), Text(p.text.sv, p.text.en),
                               tuple(" ".join(q.split()) for q in p.quotes)) for p in spec.positions)
    decision = None if spec.decision is None else Decision(
        spec.decision.proposal, spec.decision.section,
        tuple((Text(i.text.sv, i.text.en), " ".join(i.quote.split())) for i in spec.decision.items))
    return RemissRecord(spec.id, spec.ruleset, spec.remiss_dnr, spec.body, Text(spec.author.sv, spec.author.en),
                        spec.document, spec.date, tuple(spec.texts), decision, positions, file=str(path))


def bundled_records() -> tuple[RemissRecord, ...]:
    """The records shipped with the package, by file name."""
    folder = bundled_folder() / "remissvar"
    return tuple(load_record(p) for p in sorted(folder.glob("*.yaml"))) if folder.is_dir() else ()


def record_for(records: tuple[RemissRecord, ...], ruleset: str, dnr: str | None, body: str,
               datum: dt.date) -> RemissRecord | None:
    """The body's answer to this remiss that existed on ``datum`` (the latest, if several), or None."""
    found = [r for r in records if r.ruleset == ruleset and r.body == body and (dnr is None or r.remiss_dnr == dnr)
             and r.date <= datum]
    return max(found, key=lambda r: (r.date, r.id)) if found else None


__all__ = ["Decision", "Position", "RemissRecord", "bundled_records", "load_record", "record_for"]
