"""Pydantic models of a profile document (a body's traits, dated evidence, granted decisions and actions),
in a module of their own: checking a profile against rulesets loaded from the cache creates no ruleset model.

Every model forbids unknown fields and is strict about types; dates must be ISO ``YYYY-MM-DD`` text.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from tsp_rules.documents.spec_base import (
    BodyKind,
    Ident,
    IsoDate,
    NonEmpty,
    ObligationId,
    Slug,
    Strict,
    fold_kind,
    invalid,
)


class IdentitySpec(Strict):
    id: Slug = Field(description="ASCII slug of the body's name: å, ä → a, ö → o, spaces → hyphens")
    name: NonEmpty
    kind: Annotated[BodyKind, BeforeValidator(fold_kind)]
    illustrative: bool = Field(
        default=False, description="true when the traits and evidence are made up for illustration"
    )
    note: str | None = None
    valid_from: IsoDate | None = Field(
        default=None, description="the first day the body exists (omitted: it existed before any check date)"
    )
    valid_to: IsoDate | None = Field(
        default=None, description="the last day the body exists (omitted: it still exists)"
    )
    successor: Slug | None = Field(
        default=None, description="the id of the body that took over its tasks after valid_to"
    )
    successor_name: NonEmpty | None = Field(
        default=None, description="the successor's name, as the warning about the ceased body names it"
    )
    predecessors: list[Slug] = Field(
        default_factory=list, description="the ids of the bodies it took over from (on valid_from)"
    )

    @model_validator(mode="after")
    def _lifetime(self) -> IdentitySpec:
        # each problem names the field it is about, so that it points at that field's line
        if self.valid_from is not None and self.valid_to is not None and self.valid_to < self.valid_from:
            raise invalid("valid_to_before_from", "valid_to", valid_to=self.valid_to.isoformat(),
                          valid_from=self.valid_from.isoformat())
        if self.successor is not None and self.valid_to is None:
            raise invalid("successor_needs_end", "successor")
        if self.successor is not None and self.successor == self.id:
            raise invalid("successor_self", "successor")
        if self.successor_name is not None and self.successor is None:
            raise invalid("successor_name_alone", "successor_name")
        if self.id in self.predecessors:
            raise invalid("predecessor_self", "predecessors")
        if len(set(self.predecessors)) != len(self.predecessors):
            raise invalid("predecessor_twice", "predecessors")
        return self


class EvidenceSpec(Strict):
    kind: Ident
    date: IsoDate = Field(description="the date the document was decided or issued")
    reference: NonEmpty = Field(description="diarienummer, title or link that identifies the document")
    valid_until: IsoDate | None = None
    content: dict[Ident, Any] = Field(default_factory=dict)
    note: str | None = None
    issued_by: NonEmpty | None = Field(
        default=None, description="the body that issued the document, by name, when it is not this body: a "
                                  "predecessor's document from before the body was formed (reports say so)")


class DecisionSpec(Strict):
    obligation: ObligationId
    reference: NonEmpty = Field(description="the decision's diarienummer")
    decided_by: NonEmpty
    decided_on: IsoDate
    valid_until: IsoDate
    justification: NonEmpty

    @model_validator(mode="after")
    def _dates(self) -> DecisionSpec:
        if self.valid_until < self.decided_on:
            raise invalid("valid_until_before_decided", "valid_until", valid_until=self.valid_until.isoformat(),
                          decided_on=self.decided_on.isoformat())
        return self


ActionStatus = Literal["planned", "in_progress", "done"]
ACTION_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done")


class ActionSpec(Strict):
    """An action decided to close a gap (åtgärd): what, who, by when, and how far it has come. An action
    never changes a finding's status: a gap closes only when evidence meets the requirement."""

    obligation: ObligationId
    description: NonEmpty = Field(description="what is to be done (åtgärd)")
    responsible: NonEmpty = Field(description="who is responsible (ansvarig): a role, e.g. säkerhetssamordnare")
    responsible_name: NonEmpty | None = Field(default=None, description="the responsible person's name, if given")
    decided_on: IsoDate = Field(description="the date the action was decided")
    decided_by: NonEmpty = Field(description="who decided the action (a body or an official)")
    target_date: IsoDate = Field(description="the date it is to be done by (måldatum)")
    status: ActionStatus = Field(description="planned (planerad), in_progress (pågående) or done (klar)")
    reference: NonEmpty | None = Field(default=None, description="the decision's diarienummer, if any")
    done_on: IsoDate | None = Field(default=None, description="the date it was done (only with status done)")

    @model_validator(mode="after")
    def _dates(self) -> ActionSpec:
        if self.target_date < self.decided_on:
            raise invalid("target_before_decided", "target_date", target_date=self.target_date.isoformat(),
                          decided_on=self.decided_on.isoformat())
        if self.done_on is not None and self.status != "done":
            raise invalid("done_on_not_done", "done_on")
        if self.done_on is not None and self.done_on < self.decided_on:
            raise invalid("done_before_decided", "done_on", done_on=self.done_on.isoformat(),
                          decided_on=self.decided_on.isoformat())
        return self


class ProfileSpec(Strict):
    format: Literal["tsp-profile/1"] = "tsp-profile/1"
    profile: IdentitySpec
    traits: dict[Ident, Any] = Field(
        default_factory=dict,
        description="trait values; null or 'unassessed' means not known (affected obligations: not_assessed)",
    )
    evidence: list[EvidenceSpec] | None = Field(
        default=None, description="omitted: evidence not assessed; [] : assessed, none held"
    )
    decisions: list[DecisionSpec] = Field(default_factory=list)
    actions: list[ActionSpec] = Field(
        default_factory=list, description="actions decided to close gaps (åtgärder); they never change a status"
    )
