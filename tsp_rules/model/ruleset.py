"""The compiled ruleset: frozen value types (obligations, requirements, grounds, sources, citations, parts),
built by :mod:`tsp_rules.model.compiler` and read by every layer above."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from tsp_rules.errors import UsageError
from tsp_rules.model import conditions as C
from tsp_rules.model.coverage import Coverage, RulesetCoverage
from tsp_rules.texts import LANGS, Lang, Text, organ

if TYPE_CHECKING:  # the pydantic models are imported when a ruleset is compiled, not with this module
    from tsp_rules.documents.specs import (
        DomainSpec,
    )

DEFAULT_RULESET = "tsp-2018-2021"
__all__ = ["LANGS", "Lang", "Text", "organ"]  # re-exported: Text and Lang were defined here before


def check_lang(lang: object) -> Lang:
    """``lang`` if it is a language of the reports, else :class:`~tsp_rules.errors.UsageError`."""
    if not isinstance(lang, str) or lang not in LANGS:
        raise UsageError(f"lang must be one of {', '.join(repr(x) for x in LANGS)}, got {lang!r}")
    return lang


def _in_period(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


@attrs.frozen
class Source:
    id: str
    title: Text
    reference: str
    url: str | None
    kind: str | None = None
    author: Text | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    superseded_by: Text | None = None
    author_profile: str | None = None

    def in_force(self, day: dt.date) -> bool:
        """Whether this version of the source was in force on ``day`` (an undated source always is)."""
        return _in_period(day, self.valid_from, self.valid_to)


@attrs.frozen
class Citation:
    """Where a rule element comes from: a source (with its provenance: the programme, a body's remiss, the
    law) or the ruleset editors' interpretation, with its reasoning."""

    source: Source | None
    section: str | None
    quote: str | None
    provenance: str = "programme"
    reasoning: Text | None = None

    @property
    def is_interpretation(self) -> bool:
        return self.provenance == "interpretation"

    def in_force(self, day: dt.date) -> bool:
        return self.source is None or self.source.in_force(day)

    def to_data(self) -> dict[str, Any]:
        return {
            "source": self.source.id if self.source else None,
            "document": self.source.reference if self.source else None,
            "section": self.section,
            "quote": self.quote,
            "provenance": self.provenance,
        }


def in_force(citations: tuple[Citation, ...], day: dt.date) -> tuple[Citation, ...]:
    """The citations whose source was in force on ``day``; all of them if none was (so that a finding
    always cites something, and a check outside every version's period still shows where the rule
    came from)."""
    found = tuple(c for c in citations if c.in_force(day))
    return found or citations


@attrs.frozen
class Labels:
    """How a trait or content field is named in text: its title, its name in running text (a definite noun
    phrase, e.g. "risken för olyckor") and the labels of its values (``value_titles``)."""

    title: Text | None = None
    noun: Text | None = None
    values: Mapping[str, Text] = attrs.field(factory=dict)

    @classmethod
    def of(cls, spec: DomainSpec) -> Labels:
        return cls(Text.of(spec.title) if spec.title else None, Text.of(spec.noun) if spec.noun else None,
                   {k: Text.of(v) for k, v in (spec.value_titles or {}).items()})


_NO_LABELS = Labels()


@attrs.frozen
class Trait:
    domain: C.Domain
    title: Text
    description: Text | None = None
    informational: bool = False
    labels: Labels = attrs.field(factory=Labels, eq=False)

    @property
    def name(self) -> str:
        return self.domain.name


@attrs.frozen
class EvidenceKind:
    id: str
    title: Text
    content: Mapping[str, C.Domain]
    labels: Mapping[str, Labels] = attrs.field(factory=dict, eq=False)


@attrs.frozen
class Cadence:
    """How recent evidence must be: ``within`` N months, or a calendar rule (continuous, t2, term).

    A cadence defined by name in the ruleset's parameters carries that ``name`` (its key), the ``due`` day
    of a term cadence, and its ``basis`` (where the interval comes from)."""

    kind: Literal["continuous", "within", "t2", "term"]
    months: int = 0
    label: str = ""
    name: str | None = None
    due: str | None = None
    basis: tuple[Citation, ...] = ()

    @property
    def key(self) -> str:
        if self.name is not None:
            return self.name
        return f"m{self.months}" if self.kind == "within" else self.kind


@attrs.frozen
class EvidenceRequirement:
    """One item of a requirement: evidence of ``kinds``, recent enough for ``cadence``, whose content
    meets ``content``; or, failing that, any of the ``alternatives`` (the ruleset's ``any_of``)."""

    kinds: tuple[str, ...]
    cadence: Cadence
    content: C.Condition
    description: Text | None
    alternatives: tuple[EvidenceRequirement, ...] = ()
    basis: tuple[Citation, ...] = ()

    @property
    def options(self) -> tuple[EvidenceRequirement, ...]:
        """Every way of meeting the item, this one first (only kinds, cadence and content of each count)."""
        return (self, *self.alternatives)


@attrs.frozen
class Requirement:
    """What evidence shows an obligation. ``later`` is what it becomes from ``later_from`` on, the day after
    ``later_part`` (a part of the programme it also serves) ended: a requirement that only serves a replaced
    part ends with it (the ruleset's ``after_part``)."""

    description: Text
    items: tuple[EvidenceRequirement, ...]
    basis: tuple[Citation, ...] = ()
    later: Requirement | None = None
    later_part: Part | None = None

    @property
    def later_from(self) -> dt.date | None:
        """The first day of ``later`` (the day after its part ended), or None."""
        if self.later is None or self.later_part is None or self.later_part.valid_to is None:
            return None
        return self.later_part.valid_to + dt.timedelta(days=1)

    def on(self, day: dt.date) -> Requirement:
        """The requirement as it applies on ``day``."""
        start = self.later_from
        if self.later is not None and start is not None and day >= start:
            return self.later.on(day)
        return self

    @property
    def versions(self) -> tuple[Requirement, ...]:
        """This requirement and each later form, in order."""
        return (self, *(self.later.versions if self.later is not None else ()))

    @property
    def switch_days(self) -> tuple[dt.date, ...]:
        """The days on which the requirement changes."""
        start = self.later_from
        if self.later is None or start is None:
            return ()
        return (start, *self.later.switch_days)


@attrs.frozen
class Part:
    """A part of the programme with its own period: outside it, its obligations are not in force.

    ``superseded_by`` is what replaced it as worded on the day after ``valid_to``; ``superseded_later`` the
    wordings that hold from later days (what replaced it changed in turn). A report names what replaced it
    as worded on its check date: :meth:`superseded_on`, never ``superseded_by`` alone."""

    id: str
    title: Text
    valid_from: dt.date | None
    valid_to: dt.date | None
    superseded_by: Text | None
    basis: tuple[Citation, ...]
    superseded_later: tuple[tuple[dt.date, Text], ...] = ()

    def superseded_on(self, day: dt.date) -> Text | None:
        """What had replaced the part, as worded on ``day``: the last wording whose day is not after ``day``
        (the first before any); None when nothing replaced it."""
        found = self.superseded_by
        for start, text in self.superseded_later:
            if start <= day:
                found = text
        return found


@attrs.frozen
class Words:
    """How reports name what a ruleset checks (after 'efterlevnad av') and one and several of its areas."""

    subject: Text
    area: Text
    areas: Text


@attrs.frozen
class Obligation:
    id: str
    index: int
    focus_area: str
    title: Text
    text: Text
    citations: tuple[Citation, ...]
    applies_to: Text
    applies_when: C.Condition
    requirement: Requirement
    applies_basis: tuple[Citation, ...] = ()
    part: Part | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    same_duty_as: tuple[tuple[str, str], ...] = ()  # (ruleset id, obligation id) of the owner of this law duty

    def owned_by(self, ruleset_ids: Iterable[str]) -> tuple[str, str] | None:
        """The (ruleset, obligation) among ``ruleset_ids`` that owns this same duty, or None."""
        ids = set(ruleset_ids)
        return next((owner for owner in self.same_duty_as if owner[0] in ids), None)

    @property
    def citation(self) -> Citation:
        """The first citation of the obligation's text (for a date, see :meth:`citations_on`)."""
        return self.citations[0]

    def citations_on(self, day: dt.date) -> tuple[Citation, ...]:
        """The citations of the text in force on ``day`` (law in the version then in force)."""
        return in_force(self.citations, day)

    def in_force(self, day: dt.date) -> bool:
        """Whether the obligation (its part of the programme, within the ruleset's period) applied on ``day``."""
        return _in_period(day, self.valid_from, self.valid_to)

    def replaced_on(self, day: dt.date) -> bool:
        """Whether the obligation's part had been replaced by ``day`` (its finding then says by what): out of
        force after its period, in a part with ``superseded_by``. The same for every body."""
        return (self.valid_to is not None and day > self.valid_to and self.part is not None
                and self.part.superseded_by is not None)


@attrs.frozen
class Ground:
    """An exemption ground: when its condition holds, it makes obligations not applicable or tailors them."""

    id: str
    index: int
    title: Text
    when: C.Condition
    not_applicable: tuple[str, ...]
    tailored: Mapping[str, Requirement]
    rationale: Text
    citations: tuple[Citation, ...]

    @property
    def citation(self) -> Citation:
        return self.citations[0]

    def citations_on(self, day: dt.date) -> tuple[Citation, ...]:
        return in_force(self.citations, day)

    @property
    def provenances(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.provenance for c in self.citations))

    def affects(self, obligation_id: str) -> bool:
        return obligation_id in self.not_applicable or obligation_id in self.tailored


@attrs.frozen
class Remiss:
    """The remiss that sent the programme out for consultation: the sender's dnr, the period, the
    background (the ruleset's optional ``remiss`` block, read by ``tsp-check remiss``)."""

    dnr: str
    sent_by: Text
    title: Text | None
    period_from: dt.date | None
    period_to: dt.date | None
    background: Text | None
    attachments: tuple[Text, ...]
    basis: tuple[Citation, ...]

    def in_period(self, day: dt.date) -> bool:
        """Whether ``day`` is within the remiss period (always, when the ruleset gives none)."""
        return _in_period(day, self.period_from, self.period_to)


@attrs.frozen
class Parameters:
    t2_date: str | None
    election_years: tuple[int, ...]
    term_start: str | None
    term_due: str | None
    waiver_warning_days: int
    term_start_year: str = "election"


@attrs.frozen
class Ruleset:
    id: str
    version: str
    digest: str
    title: Text
    valid_from: Any
    valid_to: Any
    sources: Mapping[str, Source]
    parameters: Parameters
    parts: tuple[Part, ...]
    traits: Mapping[str, Trait]
    evidence_kinds: Mapping[str, EvidenceKind]
    obligations: tuple[Obligation, ...]
    grounds: tuple[Ground, ...]
    file: str = attrs.field(eq=False, default="")
    period_basis: tuple[Citation, ...] = ()
    remiss: Remiss | None = None
    words: Words | None = None
    members: tuple[str, ...] = ()
    """For the union of several rulesets (:func:`tsp_rules.model.selection.union_ruleset`), used only to
    validate profiles: the ids of the rulesets it joins; empty for a ruleset read from a file."""
    coverage: RulesetCoverage | None = None
    """What a check covers on each date, what it leaves out, and what was read second-hand (its
    ``coverage`` block; None when it has none): see :meth:`coverage_on`."""
    # derived lookups, computed once per ruleset on first use (the ruleset is immutable)
    _memo: dict[Any, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False, hash=False)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A value derived from this ruleset, computed once (safe under threads: the worst case is
        computing it twice)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def on(self, day: dt.date) -> Ruleset:
        """This ruleset as it applies on ``day``: every requirement (an obligation's or a ground's tailored one)
        that changes when a part of the programme it also serves has been replaced (``after_part``) in the form
        of that day. The same object when no requirement has changed by then; otherwise a ruleset with its own
        digest (engines keep their compiled forms by digest), the same for every day with the same forms."""
        switches: tuple[dt.date, ...] = self.memo("switch_days", lambda: tuple(sorted({
            d for req in self._requirements() for d in req.switch_days})))
        passed = tuple(d for d in switches if d <= day)
        if not passed:
            return self
        found: Ruleset = self.memo(("on", passed), lambda: self._on(day, passed))
        return found

    def _requirements(self) -> Iterator[Requirement]:
        for ob in self.obligations:
            yield ob.requirement
        for g in self.grounds:
            yield from g.tailored.values()

    def _on(self, day: dt.date, passed: tuple[dt.date, ...]) -> Ruleset:
        import hashlib

        key = f"{self.digest} on {','.join(d.isoformat() for d in passed)}"
        return attrs.evolve(
            self, digest="sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest(),
            obligations=tuple(attrs.evolve(ob, requirement=ob.requirement.on(day)) for ob in self.obligations),
            grounds=tuple(attrs.evolve(g, tailored={k: r.on(day) for k, r in g.tailored.items()})
                          for g in self.grounds))

    def coverage_on(self, day: dt.date) -> Coverage:
        """The coverage statement for a check on ``day`` (empty when the ruleset states none)."""
        return (self.coverage or RulesetCoverage()).on(self.id, day)

    def obligation(self, obligation_id: str) -> Obligation:
        by_id: dict[str, Obligation] = self.memo("by_id", lambda: {ob.id: ob for ob in self.obligations})
        return by_id[obligation_id]

    @property
    def obligation_ids(self) -> tuple[str, ...]:
        ids: tuple[str, ...] = self.memo("ids", lambda: tuple(ob.id for ob in self.obligations))
        return ids

    def exempting(self, obligation_id: str) -> tuple[Ground, ...]:
        """Grounds that make the obligation not applicable, in ruleset order."""
        found: tuple[Ground, ...] = self.memo(("exempting", obligation_id), lambda: tuple(
            g for g in self.grounds if obligation_id in g.not_applicable))
        return found

    def tailoring(self, obligation_id: str) -> tuple[Ground, ...]:
        """Grounds that tailor the obligation, in ruleset order."""
        found: tuple[Ground, ...] = self.memo(("tailoring", obligation_id), lambda: tuple(
            g for g in self.grounds if obligation_id in g.tailored))
        return found

    def labels(self, name: str) -> Labels:
        """The labels of a trait or content field (empty labels for a name without any)."""
        def compute() -> dict[str, Labels]:
            found: dict[str, Labels] = {}
            for kind in self.evidence_kinds.values():
                for field, labels in kind.labels.items():
                    if field not in found or ((labels.title or labels.values) and not found[field].title):
                        found[field] = labels
            found.update({n: t.labels for n, t in self.traits.items()})
            return found

        table: dict[str, Labels] = self.memo("labels", compute)
        return table.get(name, _NO_LABELS)

    def iter_citations(self) -> Iterator[tuple[str, Citation]]:
        """Every citation of the ruleset with a readable name of the element it belongs to."""
        for c in self.period_basis:
            yield "period", c
        if self.remiss is not None:
            for c in self.remiss.basis:
                yield "remiss", c
        for part in self.parts:
            for c in part.basis:
                yield f"part {part.id}", c
        for cad in self.cadences:
            for c in cad.basis:
                yield f"cadence {cad.key}", c
        for ob in self.obligations:
            for c in ob.citations:
                yield f"{ob.id} text", c
            for c in ob.applies_basis:
                yield f"{ob.id} scope", c
            for c in _requirement_citations(ob.requirement):
                yield f"{ob.id} requirement", c
        for g in self.grounds:
            for c in g.citations:
                yield f"ground {g.id}", c
            for oid, req in g.tailored.items():
                for c in _requirement_citations(req):
                    yield f"ground {g.id} tailoring {oid}", c

    @property
    def domains(self) -> dict[str, C.Domain]:
        return {name: trait.domain for name, trait in self.traits.items()}

    @property
    def cadences(self) -> tuple[Cadence, ...]:
        """Every distinct cadence the ruleset uses, ordered by key."""
        def compute() -> tuple[Cadence, ...]:
            found: dict[str, Cadence] = {}
            for ob in self.obligations:
                for req in (ob.requirement, *(g.tailored[ob.id] for g in self.tailoring(ob.id))):
                    for item in (item for version in req.versions for item in version.items):
                        for option in item.options:
                            found.setdefault(option.cadence.key, option.cadence)
            return tuple(found[k] for k in sorted(found))

        cadences: tuple[Cadence, ...] = self.memo("cadences", compute)
        return cadences


def _requirement_citations(req: Requirement) -> Iterator[Citation]:
    for version in req.versions:  # a later form (after a part was replaced) too
        yield from version.basis
        for item in version.items:
            for option in item.options:
                yield from option.basis


def kind_trait() -> Trait:
    """The built-in trait ``kind`` (the profile's kind), with the labels of the kinds."""
    from tsp_rules.documents.spec_base import BODY_KINDS

    return Trait(
        C.Domain("kind", "enum", BODY_KINDS),
        Text(sv="Typ av nämnd eller bolag", en="Kind of committee or company"),
        labels=Labels(
            Text(sv="Typ av nämnd eller bolag", en="Kind of committee or company"),
            Text(sv="typen av nämnd eller bolag", en="the kind of body"),
            {"facknamnd": Text("facknämnd", "specialist committee"),
             "stadsdelsnamnd": Text("stadsdelsnämnd", "district committee"),
             "kommunstyrelse": Text("kommunstyrelsen", "the city executive board"),
             "bolag": Text("bolag", "company")},
        ),
    )
