"""The compiled ruleset: frozen value types, and the compiler from :class:`RulesetSpec` to them.

Compilation checks what pydantic cannot: references between parts (sources, evidence kinds,
obligations), conditions against the declared traits, and the parameters each cadence needs. All
problems of a file are collected and raised together as one :class:`RulesetError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from tsp_rules import conditions as C
from tsp_rules.errors import Problem, RulesetError, UsageError, message
from tsp_rules.loading import (
    Document,
    PathKey,
    check_document,
    hint,
    listing,
    load_document,
    parse_yaml,
    q,
)
from tsp_rules.texts import LANGS, Lang, Text, error_language, organ

if TYPE_CHECKING:  # the pydantic models are imported when a ruleset is compiled, not with this module
    from tsp_rules.specs import (
        Basis,
        CadenceDefSpec,
        CitationSpec,
        DomainSpec,
        EvidenceOptionSpec,
        RequirementSpec,
        RulesetSpec,
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
    description: Text
    items: tuple[EvidenceRequirement, ...]
    basis: tuple[Citation, ...] = ()


@attrs.frozen
class Part:
    """A part of the programme with its own period: outside it, its obligations are not in force."""

    id: str
    title: Text
    valid_from: dt.date | None
    valid_to: dt.date | None
    superseded_by: Text | None
    basis: tuple[Citation, ...]


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
    members: tuple[str, ...] = ()
    """For the union of several rulesets (:func:`tsp_rules.selection.union_ruleset`), used only to
    validate profiles: the ids of the rulesets it joins; empty for a ruleset read from a file."""
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
                    for item in req.items:
                        for option in item.options:
                            found.setdefault(option.cadence.key, option.cadence)
            return tuple(found[k] for k in sorted(found))

        cadences: tuple[Cadence, ...] = self.memo("cadences", compute)
        return cadences


def _requirement_citations(req: Requirement) -> Iterator[Citation]:
    yield from req.basis
    for item in req.items:
        for option in item.options:
            yield from option.basis


def kind_trait() -> Trait:
    """The built-in trait ``kind`` (the profile's kind), with the labels of the kinds."""
    from tsp_rules.specs import BODY_KINDS

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


def _citation(spec: CitationSpec, sources: Mapping[str, Source], doc: Document, path: PathKey,
              problems: list[Problem]) -> Citation:
    source = None
    if spec.source is not None:
        source = sources.get(spec.source)
        if source is None:
            problems.append(doc.problem((*path, "source"), message("unknown_source", source=q(spec.source),
                                        hint=hint(spec.source, sources), items=listing(sources))))
            source = Source(spec.source, Text(spec.source, spec.source), spec.source, None)
    provenance = spec.provenance or (source.kind if source is not None and source.kind else "programme")
    if provenance == "other":
        problems.append(doc.problem((*path, "provenance"), message("provenance_other", source=q(spec.source))))
    # the programme as a body's remiss paraphrases it is programme text cited from that remiss
    paraphrase = provenance == "programme" and source is not None and source.kind == "remiss"
    if source is not None and source.kind and provenance not in ("interpretation", source.kind) and not paraphrase:
        problems.append(doc.problem((*path, "provenance"), message("provenance_mismatch", provenance=q(provenance),
                                                                   source=q(source.id), kind=q(source.kind))))
    reasoning = Text.of(spec.reasoning) if spec.reasoning is not None else None
    return Citation(source, spec.section, spec.quote, provenance, reasoning)


def _basis(spec: Basis | None, sources: Mapping[str, Source], doc: Document, path: PathKey,
           problems: list[Problem]) -> tuple[Citation, ...]:
    if spec is None:
        return ()
    from tsp_rules.specs import CitationSpec

    if isinstance(spec, CitationSpec):
        return (_citation(spec, sources, doc, path, problems),)
    return tuple(_citation(c, sources, doc, (*path, i), problems) for i, c in enumerate(spec))


_WHAT = {"source": Text("källa", "source"), "obligation": Text("skyldighet", "obligation"),
         "ground": Text("grund", "ground"), "part": Text("programdel", "part")}

_CADENCE_PARAMS = {"t2": ("t2_date",), "term": ("election_years", "term_start", "term_due")}


class _Compiler:
    def __init__(self, doc: Document, spec: RulesetSpec) -> None:
        self.doc = doc
        self.spec = spec
        self.problems: list[Problem] = []

    def fail(self, path: PathKey, text: Text) -> None:
        self.problems.append(self.doc.problem(path, text))

    def run(self) -> Ruleset:
        spec, doc = self.spec, self.doc
        sources = {s.id: Source(s.id, Text.of(s.title), s.reference, s.url, s.kind,
                                Text.of(s.author) if s.author else None, s.valid_from, s.valid_to,
                                Text.of(s.superseded_by) if s.superseded_by else None, s.author_profile)
                   for s in spec.sources}
        self.sources = sources
        self.cadence_defs = {name: self._named_cadence(name, c) for name, c in spec.parameters.cadences.items()}
        parts: dict[str, Part] = {}
        self._duplicates([p.id for p in spec.parts], "parts", "part")
        for i, ps in enumerate(spec.parts):
            if ps.valid_from and ps.valid_to and ps.valid_to < ps.valid_from:
                self.fail(("parts", i, "valid_to"), message("part_dates"))
            parts[ps.id] = Part(ps.id, Text.of(ps.title), ps.valid_from, ps.valid_to,
                                Text.of(ps.superseded_by) if ps.superseded_by else None,
                                self._basis(ps.basis, ("parts", i, "basis")))
        self._duplicates([s.id for s in spec.sources], "sources", "source")
        if "kind" in spec.traits:
            self.fail(("traits", "kind"), message("kind_builtin"))
        traits = {"kind": kind_trait()}
        for name, t in spec.traits.items():
            traits[name] = Trait(C.Domain(name, t.type, tuple(t.values or ())), Text.of(t.title),
                                 Text.of(t.description) if t.description else None, t.informational,
                                 Labels.of(t))
        kinds = {
            kid: EvidenceKind(kid, Text.of(k.title),
                              {f: C.Domain(f, d.type, tuple(d.values or ())) for f, d in k.content.items()},
                              {f: Labels.of(d) for f, d in k.content.items()})
            for kid, k in spec.evidence_kinds.items()
        }
        self.kinds = kinds
        self._content_fields_agree()
        self.trait_parser = C.ConditionParser(doc, {n: t.domain for n, t in traits.items()}, "trait")
        obligations = []
        self._duplicates([o.id for o in spec.obligations], "obligations", "obligation")
        for i, o in enumerate(spec.obligations):
            path: PathKey = ("obligations", i)
            applies = (self.trait_parser.parse(o.applies_when, (*path, "applies_when"))
                       if o.applies_when is not None else C.ALWAYS)
            part = None
            if o.part is not None:
                part = parts.get(o.part)
                if part is None:
                    self.fail((*path, "part"), message("unknown_part", part=q(o.part), hint=hint(o.part, parts),
                                                       items=listing(parts)))
            citations = self._basis(o.citation, (*path, "citation"))
            if citations and all(c.source is None for c in citations):
                self.fail((*path, "citation"), message("must_cite", obligation=o.id))
            start = max(d for d in (spec.valid_from, part.valid_from if part else None) if d is not None)
            end = min(d for d in (spec.valid_to, part.valid_to if part else None) if d is not None)
            obligations.append(Obligation(
                id=o.id, index=i, focus_area=o.focus_area, title=Text.of(o.title), text=Text.of(o.text),
                citations=citations, applies_to=Text.of(o.applies_to), applies_when=applies,
                requirement=self._requirement(o.requirement, (*path, "requirement")),
                applies_basis=self._basis(o.applies_basis, (*path, "applies_basis")),
                part=part, valid_from=start, valid_to=end,
            ))
        ids = [o.id for o in obligations]
        grounds = []
        self._duplicates([g.id for g in spec.grounds], "grounds", "ground")
        for i, g in enumerate(spec.grounds):
            path = ("grounds", i)
            na: list[str] = []
            tailored: dict[str, Requirement] = {}
            for j, eff in enumerate(g.effects):
                epath = (*path, "effects", j)
                if eff.obligation not in ids:
                    self.fail((*epath, "obligation"), message("unknown_obligation", obligation=q(eff.obligation),
                                                              hint=hint(eff.obligation, ids)))
                    continue
                if eff.obligation in na or eff.obligation in tailored:
                    self.fail((*epath, "obligation"), message("ground_twice", ground=q(g.id),
                                                              obligation=q(eff.obligation)))
                    continue
                if eff.requirement is not None:
                    tailored[eff.obligation] = self._requirement(eff.requirement, (*epath, "requirement"))
                else:
                    na.append(eff.obligation)
            grounds.append(Ground(
                id=g.id, index=i, title=Text.of(g.title), when=self.trait_parser.parse(g.when, (*path, "when")),
                not_applicable=tuple(na), tailored=tailored, rationale=Text.of(g.rationale),
                citations=self._basis(g.citation, (*path, "citation")),
            ))
        self.problems.extend(self.trait_parser.problems)
        p = spec.parameters
        params = Parameters(p.t2_date, tuple(sorted(set(p.election_years or ()))), p.term_start, p.term_due,
                            p.waiver_warning_days, p.term_start_year)
        remiss = self._remiss()
        if self.problems:
            raise RulesetError(self.problems)
        canonical = json.dumps(spec.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
        digest = "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        return Ruleset(
            id=spec.id, version=spec.version, digest=digest, title=Text.of(spec.title),
            valid_from=spec.valid_from, valid_to=spec.valid_to, sources=sources, parameters=params,
            parts=tuple(parts.values()), traits=traits, evidence_kinds=kinds, obligations=tuple(obligations),
            grounds=tuple(grounds), file=doc.file,
            period_basis=self._basis(spec.period_basis, ("period_basis",)),
            remiss=remiss,
        )

    def _remiss(self) -> Remiss | None:
        spec = self.spec.remiss
        if spec is None:
            return None
        period = spec.period
        return Remiss(
            dnr=spec.dnr, sent_by=Text.of(spec.sent_by) if spec.sent_by else Text("kommunstyrelsen",
                                                                                   "the city executive board"),
            title=Text.of(spec.title) if spec.title else None,
            period_from=period.from_ if period else None, period_to=period.to if period else None,
            background=Text.of(spec.background) if spec.background else None,
            attachments=tuple(Text.of(a) for a in spec.attachments),
            basis=self._basis(spec.basis, ("remiss", "basis")),
        )

    def _content_fields_agree(self) -> None:
        """A content field name means one thing in every evidence kind (engines encode fields by name)."""
        seen: dict[str, tuple[str, C.Domain]] = {}
        for kid, kind in self.kinds.items():
            for name, domain in kind.content.items():
                first = seen.setdefault(name, (kid, domain))
                if first[1] != domain:
                    self.fail(("evidence_kinds", kid, "content", name),
                              message("field_differs", field=q(name), kind=q(first[0])))

    def _duplicates(self, ids: list[str], section: str, what: str) -> None:
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                self.fail((section, i, "id"), message("duplicate_id", ident=q(ident), what=_WHAT.get(what, what)))
            seen.add(ident)

    def _requirement(self, spec: RequirementSpec, path: PathKey) -> Requirement:
        items = []
        for j, item in enumerate(spec.evidence):
            ipath: PathKey = (*path, "evidence", j)
            options = [
                self._option(opt, (*ipath, "any_of", o) if item.any_of is not None else ipath)
                for o, opt in enumerate(item.options)
            ]
            first, *rest = options
            if item.any_of is not None and item.description is not None:
                first = attrs.evolve(first, description=Text.of(item.description))
            if item.any_of is not None and item.basis is not None:
                first = attrs.evolve(first, basis=self._basis(item.basis, (*ipath, "basis")))
            items.append(attrs.evolve(first, alternatives=tuple(rest)))
        return Requirement(Text.of(spec.description), tuple(items), self._basis(spec.basis, (*path, "basis")))

    def _basis(self, spec: Basis | None, path: PathKey) -> tuple[Citation, ...]:
        return _basis(spec, self.sources, self.doc, path, self.problems)

    def _named_cadence(self, name: str, spec: CadenceDefSpec) -> Cadence:
        basis = self._basis(spec.basis, ("parameters", "cadences", name, "basis"))
        if spec.within_months is not None:
            return Cadence("within", spec.within_months, name, name, None, basis)
        if spec.term is not None:
            return Cadence("term", 0, name, name, spec.term.due, basis)
        return Cadence("t2" if spec.t2 else "continuous", 0, name, name, None, basis)

    def _option(self, item: EvidenceOptionSpec, ipath: PathKey) -> EvidenceRequirement:
        domains: dict[str, C.Domain] = {}
        for k, kind in enumerate(item.kinds):
            if kind not in self.kinds:
                self.fail((*ipath, "kinds", k), message("unknown_kind", kind=q(kind), hint=hint(kind, self.kinds),
                                                        items=listing(sorted(self.kinds))))
                continue
            domains.update(self.kinds[kind].content)
        content = C.ALWAYS
        if item.content is not None:
            parser = C.ConditionParser(self.doc, domains, "field")
            content = parser.parse(item.content, (*ipath, "content"))
            self.problems.extend(parser.problems)
        cad = item.cadence
        if isinstance(cad, str) and cad in self.cadence_defs:
            cadence = self.cadence_defs[cad]
        elif isinstance(cad, str):
            builtin = {"monthly": Cadence("within", 1, "monthly"), "yearly": Cadence("within", 12, "yearly"),
                       "continuous": Cadence("continuous"), "t2": Cadence("t2"), "term": Cadence("term")}
            if cad not in builtin:
                known = [*builtin, *self.cadence_defs]
                self.fail((*ipath, "cadence"), message("unknown_cadence", cadence=q(cad), hint=hint(cad, known),
                                                       items=listing(sorted(known))))
            cadence = builtin.get(cad, Cadence("continuous"))
        else:
            cadence = Cadence("within", cad.within_months, f"within_{cad.within_months}_months")
        for param in _CADENCE_PARAMS.get(cadence.kind, ()):
            if param == "term_due" and cadence.due:
                continue
            if not getattr(self.spec.parameters, param):
                self.fail((*ipath, "cadence"), message("cadence_needs_parameter", cadence=q(cadence.kind),
                                                       parameter=q(param)))
        return EvidenceRequirement(
            tuple(item.kinds), cadence, content, Text.of(item.description) if item.description else None,
            basis=self._basis(item.basis, (*ipath, "basis")),
        )


def compile_ruleset(doc: Document) -> Ruleset:
    """Validate and compile a parsed ruleset document."""
    if not isinstance(doc.data, dict):
        raise RulesetError([*(p for _, p in doc.issues), doc.problem((), message("ruleset_not_mapping"))])
    from tsp_rules.specs import RulesetSpec

    spec, problems = check_document(doc, RulesetSpec)
    if spec is None:
        raise RulesetError(problems)
    return _Compiler(doc, spec).run()


def bundled_folder() -> Path:
    """Where the bundled rulesets are: ``tsp_rules/bundled`` when installed, ``rulesets/`` in a source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "bundled"
    return installed if installed.is_dir() else here.parent / "rulesets"


def bundled_rulesets() -> dict[str, Path]:
    """The rulesets shipped with the package, by id (file stem)."""
    folder = bundled_folder()
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


_CACHE: dict[tuple[str, int, int], Ruleset] = {}


def load_ruleset(source: str | Path | None = None, *, lang: Lang | None = None) -> Ruleset:
    """Load a ruleset from a file path, or a bundled one by id (default: ``tsp-2018-2021``).

    ``lang`` is the language of the error raised for a bad file (default: Swedish)."""
    with error_language(lang):
        return _load_ruleset(source)


def _load_ruleset(source: str | Path | None) -> Ruleset:
    """Load a ruleset from a file path, or a bundled one by id (default: ``tsp-2018-2021``)."""
    if source is None:
        source = DEFAULT_RULESET
    if not isinstance(source, (str, os.PathLike)) or isinstance(os.fspath(source), bytes):
        raise UsageError(f"ruleset must be a file path (str or pathlib.Path) or a bundled ruleset id, got "
                         f"{type(source).__name__}")
    path = Path(source)
    if not path.exists():
        bundled = bundled_rulesets()
        if str(source) in bundled:
            path = bundled[str(source)]
        else:
            raise RulesetError([Problem(str(source), 1, 1, message("no_ruleset", hint=hint(str(source), bundled),
                                                                    items=listing(sorted(bundled))))])
    stat = path.stat() if path.is_file() else None
    key = (str(path.resolve()), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    if key not in _CACHE:
        _CACHE[key] = compile_ruleset(load_document(path, lenient=True))
    return _CACHE[key]


def ruleset_from_text(text: str, file: str = "<ruleset>", *, lang: Lang | None = None) -> Ruleset:
    with error_language(lang):
        return compile_ruleset(parse_yaml(text, file, lenient=True))
