"""The compiler from :class:`RulesetSpec` to the frozen value types of :mod:`tsp_rules.model.ruleset`, and
loading rulesets: by path, by bundled id, or from text, each compiled once and cached.

Compilation checks what pydantic cannot: references between parts (sources, evidence kinds,
obligations), conditions against the declared traits, and the parameters each cadence needs. All
problems of a file are collected and raised together as one :class:`RulesetError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from tsp_rules.documents.loading import Document, PathKey, check_document, load_document, parse_yaml, read_text
from tsp_rules.errors import Problem, RulesetError, UsageError, hint, listing, message, q
from tsp_rules.model import conditions as C
from tsp_rules.model.coverage import KINDS, CoverageItem, RulesetCoverage
from tsp_rules.model.ruleset import (
    DEFAULT_RULESET,
    Cadence,
    Citation,
    EvidenceKind,
    EvidenceRequirement,
    Ground,
    Labels,
    Obligation,
    Parameters,
    Part,
    Remiss,
    Requirement,
    Ruleset,
    Source,
    Trait,
    Words,
    check_lang,
    kind_trait,
)
from tsp_rules.texts import Lang, Text, error_language

if TYPE_CHECKING:  # the pydantic models are imported when a ruleset is compiled, not with this module
    from tsp_rules.documents.specs import (
        Basis,
        CadenceDefSpec,
        CitationSpec,
        EvidenceOptionSpec,
        PartSpec,
        RequirementSpec,
        RulesetSpec,
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
    from tsp_rules.documents.specs import CitationSpec

    if isinstance(spec, CitationSpec):
        return (_citation(spec, sources, doc, path, problems),)
    return tuple(_citation(c, sources, doc, (*path, i), problems) for i, c in enumerate(spec))


_WHAT = {"coverage": Text("post i omfattningen", "coverage entry"),
         "source": Text("källa", "source"), "obligation": Text("skyldighet", "obligation"),
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
            first, later = self._superseded(ps, ("parts", i, "superseded_by"))
            parts[ps.id] = Part(ps.id, Text.of(ps.title), ps.valid_from, ps.valid_to, first,
                                self._basis(ps.basis, ("parts", i, "basis")), later)
        self.parts = parts
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
                same_duty_as=tuple((r, oid) for r, _, oid in (s.partition("/") for s in o.same_duty_as or ())),
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
        coverage = self._coverage()
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
            words=Words(Text.of(spec.words.subject), Text.of(spec.words.area), Text.of(spec.words.areas))
            if spec.words else None,
            coverage=coverage,
        )

    def _coverage(self) -> RulesetCoverage | None:
        """The ``coverage`` block, each entry's source checked against the ruleset's sources."""
        spec = self.spec.coverage
        if spec is None:
            return None
        lists: list[tuple[CoverageItem, ...]] = []
        for kind in KINDS:
            items = getattr(spec, kind)
            self._duplicates([i.id for i in items], ("coverage", kind), "coverage")
            for i, item in enumerate(items):
                if item.source is not None and item.source not in self.sources:
                    self.fail(("coverage", kind, i, "source"),
                              message("unknown_source", source=q(item.source), hint=hint(item.source, self.sources),
                                      items=listing(self.sources)))
            lists.append(tuple(CoverageItem(i.id, Text.of(i.text), i.source, i.valid_from, i.valid_to)
                               for i in items))
        return RulesetCoverage(*lists)

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

    def _duplicates(self, ids: list[str], section: str | tuple[str, ...], what: str) -> None:
        seen: set[str] = set()
        where = section if isinstance(section, tuple) else (section,)
        for i, ident in enumerate(ids):
            if ident in seen:
                self.fail((*where, i, "id"), message("duplicate_id", ident=q(ident), what=_WHAT.get(what, what)))
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
        later = later_part = None
        if spec.after_part is not None:
            apath: PathKey = (*path, "after_part")
            later_part = self.parts.get(spec.after_part.part)
            if later_part is None:
                self.fail((*apath, "part"), message("unknown_part", part=q(spec.after_part.part),
                                                    hint=hint(spec.after_part.part, self.parts),
                                                    items=listing(self.parts)))
            elif later_part.valid_to is None:
                self.fail((*apath, "part"), message("after_part_open", part=q(spec.after_part.part)))
            later = self._requirement(spec.after_part.requirement, (*apath, "requirement"))
        return Requirement(Text.of(spec.description), tuple(items), self._basis(spec.basis, (*path, "basis")),
                           later, later_part)

    def _superseded(self, ps: PartSpec, path: PathKey) -> tuple[Text | None, tuple[tuple[dt.date, Text], ...]]:
        """A part's ``superseded_by``: the wording on the day after its ``valid_to`` and the later ones with
        their days. Dated wordings need the part's end, the first from the day after it, the days in order."""
        spec = ps.superseded_by
        if spec is None or not isinstance(spec, list):
            return (Text.of(spec) if spec is not None else None), ()
        if ps.valid_to is None:
            self.fail((*path, 0, "from"), message("superseded_dated_open", part=q(ps.id)))
        elif spec[0].from_ != ps.valid_to + dt.timedelta(days=1):
            self.fail((*path, 0, "from"), message("superseded_first_day", got=spec[0].from_.isoformat(),
                                                  day=(ps.valid_to + dt.timedelta(days=1)).isoformat(),
                                                  end=ps.valid_to.isoformat()))
        for j in range(1, len(spec)):
            if spec[j].from_ <= spec[j - 1].from_:
                self.fail((*path, j, "from"), message("superseded_order", got=spec[j].from_.isoformat(),
                                                      before=spec[j - 1].from_.isoformat()))
        return Text.of(spec[0]), tuple((d.from_, Text.of(d)) for d in spec[1:])

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
        issues = [p for _, p in doc.issues]
        if not any(path == () for path, _ in doc.issues):  # a refused tag on the whole file is said once
            issues.append(doc.problem((), message("ruleset_not_mapping")))
        raise RulesetError(issues)
    from tsp_rules.documents.specs import RulesetSpec

    spec, problems = check_document(doc, RulesetSpec)
    if spec is None:
        raise RulesetError(problems)
    return _Compiler(doc, spec).run()


def bundled_folder() -> Path:
    """Where the bundled rulesets are: ``tsp_rules/bundled`` when installed, ``rulesets/`` in a source tree."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "bundled"
    return installed if installed.is_dir() else package.parent / "rulesets"


def bundled_rulesets() -> dict[str, Path]:
    """The rulesets shipped with the package, by id (file stem)."""
    folder = bundled_folder()
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}


_CACHE: dict[tuple[str, int, int], Ruleset] = {}


def load_ruleset(source: str | Path | None = None, *, lang: Lang | None = None) -> Ruleset:
    """Load a ruleset from a file path, or a bundled one by id (default: ``tsp-2018-2021``).

    ``lang`` is the language of the error raised for a bad file (default: Swedish)."""
    with error_language(None if lang is None else check_lang(lang)):
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
        if path.parent == bundled_folder():
            _CACHE[key] = _load_bundled(path)
        else:
            _CACHE[key] = compile_ruleset(load_document(path, lenient=True))
    return _CACHE[key]


def _load_bundled(path: Path) -> Ruleset:
    """A bundled ruleset: from the cache of compiled rulesets (:mod:`tsp_rules.model.ruleset_cache`) when it holds
    this file's compiled form, else compiled (and kept there). The package's own file is parsed without the
    checks against hostile input."""
    from tsp_rules.model import ruleset_cache

    try:
        raw = path.read_bytes()
    except OSError:  # the error worded as for any ruleset file
        return compile_ruleset(load_document(path, lenient=True, trusted=True))
    name = str(path)
    found = ruleset_cache.entry(path, raw)
    cached = ruleset_cache.read(found, name) if found is not None else None
    if cached is not None:
        return cached
    ruleset = compile_ruleset(parse_yaml(read_text(io.BytesIO(raw), name), name, lenient=True, trusted=True))
    if found is not None:
        ruleset_cache.write(found, ruleset)
    return ruleset


def ruleset_from_text(text: str, file: str = "<ruleset>", *, lang: Lang | None = None) -> Ruleset:
    with error_language(None if lang is None else check_lang(lang)):
        return compile_ruleset(parse_yaml(text, file, lenient=True))
