"""Pydantic models of a ruleset document: its sources, traits, evidence kinds, cadences, obligations,
exemption grounds and the rest of the ruleset format (``docs/ruleset-format.md``).

Every model forbids unknown fields and is strict about types; dates must be ISO ``YYYY-MM-DD`` text.
Conditions are kept as raw data here and parsed by :mod:`tsp_rules.model.conditions`, which knows the
declared traits and reports unknown names with a suggestion.

This module is imported only when a ruleset is validated: a check whose rulesets come from the cache of
compiled rulesets (:mod:`tsp_rules.model.ruleset_cache`) does not create these models. The profile models are
in :mod:`tsp_rules.documents.profile_specs` and what both share in :mod:`tsp_rules.documents.spec_base`; both are
re-exported here, where they were defined before.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from tsp_rules.documents.profile_specs import (
    ACTION_STATUSES,
    ActionSpec,
    ActionStatus,
    DecisionSpec,
    EvidenceSpec,
    IdentitySpec,
    ProfileSpec,
)
from tsp_rules.documents.spec_base import (
    BODY_KINDS,
    BUILTIN_CADENCES,
    IDENT,
    OBLIGATION_ID,
    PROVENANCES,
    SLUG,
    BodyKind,
    CadenceKind,
    FocusArea,
    Ident,
    IsoDate,
    MonthDay,
    NonEmpty,
    ObligationId,
    Provenance,
    Slug,
    SourceKind,
    Strict,
    invalid,
)

__all__ = [  # with the profile models and the shared types, re-exported where they were defined before
    "ACTION_STATUSES",
    "BODY_KINDS",
    "BUILTIN_CADENCES",
    "IDENT",
    "OBLIGATION_ID",
    "PROVENANCES",
    "SLUG",
    "ActionSpec",
    "ActionStatus",
    "AfterPartSpec",
    "Basis",
    "BodyKind",
    "CadenceDefSpec",
    "CadenceKind",
    "CitationSpec",
    "CoverageItemSpec",
    "CoverageSpec",
    "DatedTextSpec",
    "DecisionSpec",
    "DomainSpec",
    "EffectSpec",
    "EvidenceKindSpec",
    "EvidenceOptionSpec",
    "EvidenceRequirementSpec",
    "EvidenceSpec",
    "FocusArea",
    "GroundSpec",
    "Ident",
    "IdentitySpec",
    "IsoDate",
    "MonthDay",
    "NonEmpty",
    "ObligationId",
    "ObligationSpec",
    "ParametersSpec",
    "PartSpec",
    "ProfileSpec",
    "Provenance",
    "RemissPeriodSpec",
    "RemissSpec",
    "RequirementSpec",
    "RulesetSpec",
    "Slug",
    "SourceKind",
    "SourceSpec",
    "Strict",
    "SupersededBy",
    "TermDueSpec",
    "TextSpec",
    "TraitSpec",
    "WithinSpec",
    "WordsSpec",
    "invalid",
]


class TextSpec(Strict):
    """A text in Swedish and English."""

    sv: NonEmpty
    en: NonEmpty


class SourceSpec(Strict):
    id: Slug
    title: TextSpec
    reference: NonEmpty
    url: str | None = None
    kind: SourceKind | None = Field(
        default=None, description="programme (a programme), remiss (a body's answer), law (an act or a "
                                  "regulation), other (e.g. an agreement; cited only by an interpretation)")
    author: TextSpec | None = Field(default=None, description="for a remiss: the body that answered")
    author_profile: Slug | None = Field(
        default=None, description="for a remiss: the profile id of the body that answered (the remiss draft "
                                  "writes that body's draft in its own voice where it cites this answer)")
    valid_from: IsoDate | None = Field(default=None, description="the first day this version was in force")
    valid_to: IsoDate | None = Field(default=None, description="the last day this version was in force")
    superseded_by: TextSpec | None = Field(default=None, description="what replaced it after valid_to")

    @model_validator(mode="after")
    def _period(self) -> SourceSpec:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise invalid("valid_to_before_from", "valid_to", valid_to=self.valid_to.isoformat(),
                          valid_from=self.valid_from.isoformat())
        return self


class CitationSpec(Strict):
    """Where one rule element comes from: a source (the programme, a body's remiss answer, the law), or the
    ruleset editors' interpretation with its reasoning (which may name the source text it interprets)."""

    provenance: Provenance | None = Field(
        default=None, description="programme | remiss | law | interpretation; default: the source's kind")
    source: Slug | None = Field(default=None, description="id of an entry in the ruleset's sources")
    section: NonEmpty | None = Field(default=None, description="section heading, or chapter and paragraph of a law")
    quote: str | None = Field(default=None, description="the key words, quoted verbatim from the source")
    reasoning: TextSpec | None = Field(default=None, description="for an interpretation: why the editors chose so")

    @model_validator(mode="after")
    def _one_form(self) -> CitationSpec:
        if self.provenance == "interpretation":
            if self.reasoning is None:
                raise invalid("needs_reasoning")
        else:
            if self.reasoning is not None:
                raise invalid("reasoning_refused", "reasoning")
            if self.source is None or self.section is None:
                raise invalid("citation_needs")
        return self


Basis = CitationSpec | list[CitationSpec]


class DomainSpec(Strict):
    type: Literal["bool", "enum", "set", "int"]
    values: list[Ident] | None = None
    title: TextSpec | None = None
    description: TextSpec | None = None
    noun: TextSpec | None = Field(
        default=None, description="the name as a definite noun phrase for running text, e.g. "
        "{sv: risken för olyckor, en: the accident risk}: conditions then read 'när risken för olyckor är låg'")
    value_titles: dict[str, TextSpec] | None = Field(
        default=None, description="labels of the values in both languages, e.g. {low: {sv: låg, en: low}}; "
        "for a bool, 'true' and 'false' may give the whole statement, e.g. {sv: '{organ} har anställda', "
        "en: '{organ} employs staff'}")

    @model_validator(mode="after")
    def _values_match_type(self) -> DomainSpec:
        from tsp_rules.errors import listing, q

        needs = self.type in ("enum", "set")
        if needs and not self.values:
            raise invalid("values_needed", "values", type=self.type)
        if not needs and self.values is not None:
            raise invalid("values_refused", "values", type=self.type)
        if self.values and len(set(self.values)) != len(self.values):
            raise invalid("values_distinct", "values")
        allowed = self.values if needs else ["true", "false"] if self.type == "bool" else []
        for value in self.value_titles or {}:
            if value not in (allowed or ()):
                raise invalid("value_titles_unknown", "value_titles", value=q(value), items=listing(allowed or []))
        return self


class TraitSpec(DomainSpec):
    title: TextSpec
    informational: bool = Field(
        default=False, description="read by reports (e.g. the remiss draft), not by any condition of the rules")


class EvidenceKindSpec(Strict):
    title: TextSpec
    content: dict[Ident, DomainSpec] = Field(default_factory=dict)


class WithinSpec(Strict):
    within_months: Annotated[int, Field(ge=1, le=120)]


class TermDueSpec(Strict):
    due: MonthDay = Field(description="the day in the year after the election by which the term's evidence is due")


class CadenceDefSpec(Strict):
    """A named aktualitetskrav, defined once in the parameters with where it comes from."""

    within_months: Annotated[int, Field(ge=1, le=120)] | None = None
    continuous: Literal[True] | None = None
    t2: Literal[True] | None = None
    term: TermDueSpec | None = None
    basis: Basis = Field(description="where the interval comes from (law, programme or interpretation)")

    @model_validator(mode="after")
    def _one_rule(self) -> CadenceDefSpec:
        given = [k for k in ("within_months", "continuous", "t2", "term") if getattr(self, k) is not None]
        if len(given) != 1:
            raise invalid("one_cadence_rule")
        return self


class EvidenceOptionSpec(Strict):
    """One way of meeting an evidence requirement: evidence of these kinds, this recent, with this content."""

    kinds: Annotated[list[Ident], Field(min_length=1)]
    cadence: Ident | WithinSpec
    content: dict[str, Any] | None = None
    description: TextSpec | None = None
    basis: Basis | None = Field(default=None, description="why this evidence shows the obligation")


class EvidenceRequirementSpec(Strict):
    """One item of a requirement: either ``kinds`` + ``cadence`` (+ ``content``), or ``any_of`` options.

    ``any_of`` lists alternative ways of meeting the item, each with its own kinds, cadence and content
    (e.g. an accident risk analysis of the last 12 months, or the RSA of the current term).
    """

    kinds: Annotated[list[Ident], Field(min_length=1)] | None = None
    cadence: Ident | WithinSpec | None = None
    content: dict[str, Any] | None = None
    description: TextSpec | None = None
    any_of: Annotated[list[EvidenceOptionSpec], Field(min_length=2)] | None = None
    basis: Basis | None = Field(default=None, description="why this evidence shows the obligation")

    @model_validator(mode="after")
    def _one_form(self) -> EvidenceRequirementSpec:
        if self.any_of is not None:
            if self.kinds is not None or self.cadence is not None or self.content is not None:
                raise invalid("any_of_alone")
        elif self.kinds is None or self.cadence is None:
            raise invalid("kinds_and_cadence")
        return self

    @property
    def options(self) -> list[EvidenceOptionSpec]:
        """The alternatives as options (a plain item is its own single option)."""
        if self.any_of is not None:
            return list(self.any_of)
        assert self.kinds is not None and self.cadence is not None
        # made of this item's values, validated with it: not validated again (which would build the option's
        # own model, a cost of every cold check)
        return [EvidenceOptionSpec.model_construct(kinds=self.kinds, cadence=self.cadence, content=self.content,
                                                   description=self.description, basis=self.basis)]


class RequirementSpec(Strict):
    description: TextSpec
    evidence: Annotated[list[EvidenceRequirementSpec], Field(min_length=1)]
    basis: Basis | None = Field(default=None, description="where the (tailored) requirement comes from")
    after_part: AfterPartSpec | None = Field(
        default=None, description="the requirement once a part of the programme it also serves has been replaced "
                                  "(a requirement that only serves a replaced part ends with it)")


class AfterPartSpec(Strict):
    """What a requirement becomes from the day after ``part`` ends (the part's ``valid_to``)."""

    part: Slug
    requirement: RequirementSpec


class DatedTextSpec(Strict):
    """A text in Swedish and English that holds from a date (until the next one's date)."""

    from_: IsoDate = Field(alias="from", description="the first check date the text holds for")
    sv: NonEmpty
    en: NonEmpty


def _text_form(value: Any) -> str:
    # the tags are named like pydantic's own union members, so that an error's location leaves them out
    return "list[DatedTextSpec]" if isinstance(value, list) else "TextSpec"


SupersededBy = Annotated[
    Annotated[TextSpec, Tag("TextSpec")]
    | Annotated[list[DatedTextSpec], Field(min_length=1), Tag("list[DatedTextSpec]")],
    Discriminator(_text_form)]
"""What replaced a part: one text, or texts each from its date (a replacement later changed, e.g. an act whose
ordinance was replaced: a report names only what existed on its check date)."""


class PartSpec(Strict):
    """A part of the programme with its own period (e.g. the parts replaced by a later programme)."""

    id: Slug
    title: TextSpec
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    superseded_by: SupersededBy | None = Field(
        default=None, description="what replaced it after valid_to: a text {sv, en}, or a list of texts "
                                  "{from, sv, en}, the first from the day after valid_to, each holding from its "
                                  "date (a report names the one in force on its check date)")
    basis: Basis


class CoverageItemSpec(Strict):
    """One statement of what a check with the ruleset covers or leaves out, for the dates it holds."""

    id: Slug
    text: TextSpec = Field(description="checked and not_encoded: a noun phrase that follows 'Kontrollen omfattar' "
                                       "/ 'The check covers' (or 'omfattar inte' / 'does not cover'); second_hand: "
                                       "a whole sentence")
    source: Slug | None = Field(default=None, description="the source it is about (an id in the ruleset's sources)")
    valid_from: IsoDate | None = Field(default=None, description="the first check date it holds for")
    valid_to: IsoDate | None = Field(default=None, description="the last check date it holds for")

    @model_validator(mode="after")
    def _period(self) -> CoverageItemSpec:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise invalid("valid_to_before_from", "valid_to", valid_to=self.valid_to.isoformat(),
                          valid_from=self.valid_from.isoformat())
        return self


class CoverageSpec(Strict):
    """What a check with the ruleset covers on a date (docs/ruleset-format.md, "Coverage"): every report's
    heading says it in a sentence or two, and the JSON report carries it."""

    checked: list[CoverageItemSpec] = Field(default_factory=list, description="what the check covers")
    not_encoded: list[CoverageItemSpec] = Field(
        default_factory=list, description="what was in force for these bodies but is not encoded (not checked)")
    second_hand: list[CoverageItemSpec] = Field(
        default_factory=list, description="sources read only second-hand (said once here, not on every finding)")


class ObligationSpec(Strict):
    id: ObligationId
    focus_area: FocusArea
    title: TextSpec
    text: TextSpec
    citation: Basis = Field(description="where the obligation's text comes from; several citations may be "
                                        "given for law in force in different periods")
    applies_to: TextSpec
    applies_basis: Basis | None = Field(default=None, description="where the scope (who it applies to) comes from")
    applies_when: dict[str, Any] | None = None
    part: Slug | None = Field(default=None, description="the part of the programme it belongs to (its period)")
    requirement: RequirementSpec
    same_duty_as: list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*/[A-Z0-9][A-Z0-9-]*$")]] | None = Field(
        default=None, description="the same law duty in another bundled ruleset that owns it ('ruleset/OBLIGATION'): "
                                  "when that ruleset is in the same check, this obligation gives no finding")


class EffectSpec(Strict):
    obligation: ObligationId
    effect: Literal["not_applicable", "tailored"]
    requirement: RequirementSpec | None = None

    @model_validator(mode="after")
    def _requirement_iff_tailored(self) -> EffectSpec:
        if self.effect == "tailored" and self.requirement is None:
            raise invalid("tailored_needs_requirement")
        if self.effect == "not_applicable" and self.requirement is not None:
            raise invalid("na_takes_no_requirement", "requirement")
        return self


class GroundSpec(Strict):
    id: Slug
    title: TextSpec
    when: dict[str, Any]
    effects: Annotated[list[EffectSpec], Field(min_length=1)]
    rationale: TextSpec
    citation: Basis = Field(description="where the ground comes from: a body's remiss, the programme, the law, "
                                        "or the editors' interpretation")


class ParametersSpec(Strict):
    t2_date: MonthDay | None = Field(
        default=None, description="the day each year by which tertialrapport 2 is reported (MM-DD)"
    )
    election_years: list[int] | None = Field(default=None, description="years of the general elections")
    term_start: MonthDay | None = Field(default=None, description="the day a new term starts (MM-DD)")
    term_start_year: Literal["election", "following"] = Field(
        default="election", description="whether term_start falls in the election year or the year after it")
    cadences: dict[Ident, CadenceDefSpec] = Field(
        default_factory=dict, description="named aktualitetskrav, each with its basis; a requirement names one")
    term_due: MonthDay | None = Field(
        default=None, description="the day in the year after the election by which a term's analysis is due"
    )
    waiver_warning_days: Annotated[int, Field(ge=0, le=3650)] = 60


class RemissPeriodSpec(Strict):
    from_: IsoDate = Field(alias="from", description="the first day of the remiss period")
    to: IsoDate | None = Field(default=None, description="the last day of the remiss period; left out when no "
                                                       "source states it (the end is then reported as unknown)")

    @model_validator(mode="after")
    def _order(self) -> RemissPeriodSpec:
        if self.to is not None and self.to < self.from_:
            raise ValueError("'to' is before 'from'")
        return self


class RemissSpec(Strict):
    """The remiss that sent the programme out for consultation (read by ``tsp-check remiss``)."""

    dnr: NonEmpty = Field(description="the sender's diary number of the remiss, e.g. 171-1309/2017")
    sent_by: TextSpec | None = Field(default=None, description="who sent the remiss (default: kommunstyrelsen)")
    title: TextSpec | None = Field(default=None, description="the remitted document's title as the remiss names it")
    period: RemissPeriodSpec | None = Field(default=None, description="the remiss period: answers dated outside "
                                                                      "it are warned about")
    background: TextSpec | None = Field(default=None, description="the background of the proposal, in a sentence "
                                                                  "or two (the draft's Bakgrund)")
    attachments: list[TextSpec] = Field(default_factory=list, description="the remiss's attachments (Bilagor)")
    basis: Basis | None = Field(default=None, description="where the dnr, period and background come from")


class WordsSpec(Strict):
    """How reports name what a ruleset checks and its areas (headings and column titles)."""

    subject: TextSpec = Field(description="what compliance is with, after 'efterlevnad av' / 'compliance with': "
                                          "'trygghets- och säkerhetsprogrammet' / 'the safety and security programme'")
    area: TextSpec = Field(description="the word for one of its areas: 'fokusområde' / 'focus area'")
    areas: TextSpec = Field(description="the same word in the plural: 'fokusområden' / 'focus areas'")


class RulesetSpec(Strict):
    format: Literal["tsp-ruleset/1"]
    id: Slug
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    title: TextSpec
    words: WordsSpec | None = Field(default=None, description="how reports name what the ruleset checks and its "
                                                              "areas (default: its title, 'område' / 'area')")
    valid_from: IsoDate
    valid_to: IsoDate
    sources: Annotated[list[SourceSpec], Field(min_length=1)]
    period_basis: Basis | None = Field(default=None, description="where the ruleset's period comes from")
    remiss: RemissSpec | None = Field(default=None, description="the remiss the programme was sent out on")
    parts: list[PartSpec] = Field(default_factory=list)
    coverage: CoverageSpec | None = Field(default=None, description="what a check covers on a date, what it "
                                                                    "leaves out, and what was read second-hand")
    parameters: ParametersSpec = ParametersSpec()
    traits: dict[Ident, TraitSpec] = Field(default_factory=dict)
    evidence_kinds: dict[Ident, EvidenceKindSpec] = Field(default_factory=dict)
    obligations: Annotated[list[ObligationSpec], Field(min_length=1)]
    grounds: list[GroundSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _period(self) -> RulesetSpec:
        if self.valid_to < self.valid_from:
            raise invalid("valid_to_before_from", "valid_to", valid_to=self.valid_to.isoformat(),
                          valid_from=self.valid_from.isoformat())
        return self
