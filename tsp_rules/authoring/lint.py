"""Lint a ruleset: problems that make it wrong or contradictory, each located at ``file:line:col``.

Two kinds of check. Problems the compiler already refuses (duplicate ids, a missing citation or text, a
ground naming an unknown obligation, a condition naming an unknown trait or a value outside its domain)
are reported from its :class:`~tsp_rules.errors.RulesetError`, each with the check it belongs to. When the
ruleset compiles, semantic checks follow:

* ``never-applies``: an obligation whose applicability can never be true;
* ``ground-never-fires``: a ground whose condition can never be true;
* ``effect-never-applies``: a ground that can fire, but never decides one of the obligations it names
  (whenever its condition holds, the obligation does not apply, or an earlier ground decides it);
* ``conflicting-grounds``: two grounds that tailor one obligation to *different* requirements and whose
  conditions can hold together: the ruleset would silently apply whichever comes first in the file. A
  ground making an obligation not applicable and another tailoring it do not conflict: exemption comes
  before tailoring by the documented precedence (and if the exemption always wins, that is
  ``effect-never-applies``); two grounds with the same effect do not conflict either;
* ``unused-parameter``, ``unused-evidence-kind``, ``unused-trait``, ``unused-source``: declared, never used
  (``t2_date`` without a t2 cadence, ``election_years``/``term_*`` without a term cadence);
* ``missing-text``, ``missing-citation``: texts or citation sections that are only white space;
* ``missing-value-label``: an enum or set value (of a trait or content field) without ``value_titles``
  labels, which a report would otherwise show as its identifier.
* ``missing-provenance``: in a ruleset that uses the provenance model (a source states its kind), a source
  without its kind, an obligation without the basis of its scope, an evidence item whose choice of evidence
  or whose aktualitetskrav (cadence) has no basis, a tailored requirement without one; every rule element
  must say where it comes from.

Whether a condition "can hold" is decided exactly, by enumeration: every trait domain is finite except
the whole numbers, and for those the values that matter are the ones the conditions compare with, ±1. A
set trait needs only the elements the conditions mention plus one other. Conditions are three-valued;
"can hold" means "can be true", and whether a ground ever decides an obligation is found by running the
Python engine's precedence on every assignment, with unknown (missing) traits included.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from tsp_rules.documents.loading import Document, PathKey, load_document
from tsp_rules.engines.facts import Facts
from tsp_rules.engines.reference import ReferenceEngine
from tsp_rules.errors import InputError, Problem, RulesetError
from tsp_rules.model import conditions as C
from tsp_rules.model.compiler import compile_ruleset
from tsp_rules.model.profile import Profile, profile_from_document
from tsp_rules.model.ruleset import Lang, Obligation, Ruleset, Text
from tsp_rules.model.timing import Clock

MAX_ASSIGNMENTS = 200_000
"""Assignments enumerated for one question at most; beyond that the question is left undecided (a note)."""

CHECKS: tuple[str, ...] = (
    "invalid", "duplicate-id", "missing-citation", "missing-text", "unknown-obligation", "unknown-trait",
    "value-outside-domain", "never-applies", "ground-never-fires", "effect-never-applies",
    "conflicting-grounds", "unused-parameter", "unused-evidence-kind", "unused-trait", "unused-source",
    "missing-provenance", "missing-value-label",
)

_ABSENT = object()  # the trait is not known (null, 'unassessed' or left out)


@attrs.frozen
class LintFinding:
    file: str
    line: int
    column: int
    check: str
    message: Text

    def render(self, lang: Lang = "sv") -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.check}: {self.message.get(lang)}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.check, self.message.en)


@attrs.frozen
class LintResult:
    findings: tuple[LintFinding, ...]
    notes: tuple[Text, ...] = ()


def _at(doc: Document, path: PathKey, check: str, sv: str, en: str) -> LintFinding:
    line, col = doc.locate(path, at_key=True)  # a finding names an entry or field: point at its key
    return LintFinding(doc.file, line, col, check, Text(sv, en))


# ------------------------------------------------------------------------ compile problems


def classify(problem: Problem) -> str:
    """The check a compiler or schema problem belongs to."""
    msg = problem.text.en
    parts = [p for p in re.split(r"[.\[\]]+", problem.field) if p]
    empty = msg.startswith("missing required field") or "must not be empty" in msg
    if msg.startswith("duplicate "):  # duplicate ... id, duplicate key
        return "duplicate-id"
    if "unknown obligation" in msg:
        return "unknown-obligation"
    if msg.startswith("unknown trait"):
        return "unknown-trait"
    if " is not a value of " in msg or re.match(r"“[a-z0-9_]+” is (true or false|a whole number); got ", msg):
        return "value-outside-domain"
    if "citation" in parts and empty:
        return "missing-citation"
    if {"text", "title", "sv", "en"} & set(parts[-2:]) and empty:
        return "missing-text"
    return "invalid"


def _from_problems(problems: Iterable[Problem]) -> list[LintFinding]:
    return [LintFinding(p.file, p.line, p.column, classify(p), Text(p.text.sv + _field(p), p.text.en + _field(p)))
            for p in problems]


def _field(problem: Problem) -> str:
    return f" [{problem.field}]" if problem.field else ""


# ----------------------------------------------------------------------------- enumeration


def candidates(domain: C.Domain, leaves: Sequence[C.Leaf], with_unknown: bool) -> list[Any]:
    """The values of one trait that can make a difference to conditions made of ``leaves``."""
    out: list[Any]
    if domain.type == "bool":
        out = [False, True]
    elif domain.type == "enum":
        named = sorted({v for leaf in leaves for v in _values(leaf) if isinstance(v, str)})
        other = [v for v in domain.values if v not in named][:1]
        out = [*named, *other]
    elif domain.type == "set":
        named = sorted({v for leaf in leaves if leaf.op != "is_empty" for v in _values(leaf) if isinstance(v, str)})
        elements = [*named, *[v for v in domain.values if v not in named][:1]]
        out = [frozenset(c) for r in range(len(elements) + 1) for c in itertools.combinations(elements, r)]
    else:
        numbers = {v for leaf in leaves for v in _values(leaf) if isinstance(v, int) and not isinstance(v, bool)}
        out = sorted({n + d for n in numbers for d in (-1, 0, 1)}) or [0]
    if with_unknown and domain.name != "kind":  # a profile always has a kind
        out.append(_ABSENT)
    return out


def _values(leaf: C.Leaf) -> tuple[Any, ...]:
    return leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)


class TooMany(Exception):
    """More assignments than :data:`MAX_ASSIGNMENTS`."""


def assignments(conds: Sequence[C.Condition], domains: Mapping[str, C.Domain],
                with_unknown: bool = False) -> Iterator[dict[str, C.Value]]:
    """Every assignment that matters to ``conds`` (unknown traits are left out of the mapping)."""
    leaves = [leaf for cond in conds for leaf in C.iter_leaves(cond)]
    names = sorted({leaf.subject for leaf in leaves})
    options = [candidates(domains[n], [leaf for leaf in leaves if leaf.subject == n], with_unknown) for n in names]
    total = 1
    for opt in options:
        total *= len(opt)
    if total > MAX_ASSIGNMENTS:
        raise TooMany(total)
    for combo in itertools.product(*options):
        yield {n: v for n, v in zip(names, combo, strict=True) if v is not _ABSENT}


def witness(cond: C.Condition, domains: Mapping[str, C.Domain]) -> dict[str, C.Value] | None:
    """An assignment that makes ``cond`` true, or None if none can (raises :class:`TooMany`)."""
    for values in assignments([cond], domains):
        if C.evaluate(cond, values) is C.Truth.TRUE:
            return values
    return None


def describe(values: Mapping[str, C.Value]) -> str:
    def one(v: C.Value) -> str:
        if isinstance(v, frozenset):
            return "[" + ", ".join(sorted(v)) + "]"
        return str(v).lower() if isinstance(v, bool) else str(v)

    return ", ".join(f"{k}={one(v)}" for k, v in sorted(values.items())) or "-"


# --------------------------------------------------------------------------- semantic checks


class _Linter:
    def __init__(self, doc: Document, rs: Ruleset) -> None:
        self.doc, self.rs = doc, rs
        self.domains = rs.domains
        self.findings: list[LintFinding] = []
        self.notes: list[Text] = []
        self.engine = ReferenceEngine()
        self.clock = Clock(dt.date(2000, 1, 1), rs.parameters)
        self.profile = Profile("lint", "lint", "facknamnd", True, None, {}, None, ())

    def add(self, path: PathKey, check: str, sv: str, en: str) -> None:
        self.findings.append(_at(self.doc, path, check, sv, en))

    def undecided(self, what: str, total: int) -> None:
        self.notes.append(Text(f"{self.doc.file}: {what}: fler än {MAX_ASSIGNMENTS} kombinationer ({total}); "
                               "inte avgjort",
                               f"{self.doc.file}: {what}: more than {MAX_ASSIGNMENTS} combinations ({total}); "
                               "not decided"))

    def run(self) -> None:
        self.texts()
        self.labels()
        self.provenance()
        self.applicability()
        fires = self.grounds()
        self.effects(fires)
        self.unused()

    def labels(self) -> None:
        """Every value of an enum or set (trait or content field) needs labels, so that no report shows a
        value's identifier in a sentence."""
        places: list[tuple[PathKey, C.Domain, Mapping[str, Text]]] = [
            (("traits", name), t.domain, t.labels.values) for name, t in self.rs.traits.items() if name != "kind"]
        for kid, kind in self.rs.evidence_kinds.items():
            places += [(("evidence_kinds", kid, "content", f), d, kind.labels[f].values if f in kind.labels else {})
                       for f, d in kind.content.items()]
        for path, domain, titles in places:
            missing = [v for v in domain.values if v not in titles]
            if domain.type in ("enum", "set") and missing:
                names = ", ".join(missing)
                self.add(path, "missing-value-label",
                         f"{domain.name}: värdena saknar benämning i value_titles: {names}",
                         f"{domain.name}: values without labels in value_titles: {names}")

    def texts(self) -> None:
        for i, ob in enumerate(self.rs.obligations):
            for lang in ("sv", "en"):
                if not ob.text.get(lang).strip():
                    self.add(("obligations", i, "text", lang), "missing-text",
                             f"{ob.id} saknar text på {lang}", f"{ob.id} has no {lang} text")
            if not (ob.citation.section or "").strip():
                self.add(("obligations", i, "citation", "section"), "missing-citation",
                         f"{ob.id}: hänvisningen saknar avsnitt", f"{ob.id}: the citation has no section")

    def provenance(self) -> None:
        # A ruleset written before provenance existed (no source says its kind) is not flooded with findings;
        # one that uses the model (any source with a kind) must use it everywhere.
        if all(source.kind is None for source in self.rs.sources.values()):
            return
        for i, (sid, source) in enumerate(self.rs.sources.items()):
            if source.kind is None:
                self.add(("sources", i, "id"), "missing-provenance",
                         f"källan '{sid}' anger inte sitt slag (programme, remiss eller law)",
                         f"source '{sid}' does not state its kind (programme, remiss or law)")
        for i, ob in enumerate(self.rs.obligations):
            if not ob.applies_basis:
                self.add(("obligations", i, "applies_to"), "missing-provenance",
                         f"{ob.id}: det saknas grund för vilka skyldigheten gäller (applies_basis)",
                         f"{ob.id}: the scope has no basis (applies_basis)")
            self._requirement_provenance(ob.requirement, ("obligations", i, "requirement"), ob.id, False)
        for g in self.rs.grounds:
            for oid, req in g.tailored.items():
                path = (*self._effect_path(g.id, oid)[:-1], "requirement")
                self._requirement_provenance(req, path, f"{g.id} → {oid}", True)

    def _requirement_provenance(self, req: Any, path: PathKey, what: str, tailored: bool) -> None:
        if tailored and not req.basis:
            self.add(path, "missing-provenance", f"{what}: det anpassade kravet saknar grund (basis)",
                     f"{what}: the tailored requirement has no basis")
            return
        for j, item in enumerate(req.items):
            for option in item.options:
                if not (option.basis or item.basis or req.basis):
                    self.add((*path, "evidence", j), "missing-provenance",
                             f"{what}: underlagskravet saknar grund (basis)",
                             f"{what}: the evidence item has no basis")
                    break
                if option.cadence.name is None:
                    self.add((*path, "evidence", j, "cadence"), "missing-provenance",
                             f"{what}: aktualitetskravet är inte namngivet i parametrarna med sin grund",
                             f"{what}: the cadence is not one named in the parameters with its basis")
                    break
        if req.later is not None:  # the form after a replaced part: a requirement of its own, with its basis
            self._requirement_provenance(req.later, (*path, "after_part", "requirement"), what, True)

    def applicability(self) -> None:
        for i, ob in enumerate(self.rs.obligations):
            try:
                found = witness(ob.applies_when, self.domains)
            except TooMany as exc:
                self.undecided(f"{ob.id} applies_when", exc.args[0])
                continue
            if found is None:
                self.add(("obligations", i, "applies_when"), "never-applies",
                         f"{ob.id} kan aldrig gälla: villkoret i applies_when kan aldrig vara sant",
                         f"{ob.id} can never apply: its applies_when condition can never be true")

    def grounds(self) -> set[str]:
        fires = set()
        for i, g in enumerate(self.rs.grounds):
            try:
                found = witness(g.when, self.domains)
            except TooMany as exc:
                self.undecided(f"ground {g.id}", exc.args[0])
                fires.add(g.id)
                continue
            if found is None:
                self.add(("grounds", i, "when"), "ground-never-fires",
                         f"grunden '{g.id}' kan aldrig slå till: villkoret i when kan aldrig vara sant",
                         f"ground '{g.id}' can never fire: its when condition can never be true")
            else:
                fires.add(g.id)
        return fires

    def _decide(self, ob: Obligation, traits: dict[str, C.Value]) -> tuple[str | None, str | None]:
        facts = Facts(self.profile, self.rs, self.clock, traits, None, {}, ())
        verdict = self.engine.decide_one(ob, facts)
        return (verdict.ground if verdict.cause == "ground" else None), verdict.variant

    def effects(self, fires: set[str]) -> None:
        rs = self.rs
        for ob in rs.obligations:
            involved = [g for g in rs.grounds if g.affects(ob.id)]
            if not involved:
                continue
            conds = [ob.applies_when, *(g.when for g in involved)]
            decided: set[str] = set()
            tailorings = rs.tailoring(ob.id)
            both: dict[tuple[str, str], dict[str, C.Value]] = {}
            try:
                for traits in assignments(conds, self.domains, with_unknown=True):
                    exempting, variant = self._decide(ob, traits)
                    decided.update(x for x in (exempting, variant) if x)
                    if len(tailorings) < 2 or len(traits) < len(C.subjects(C.All(tuple(conds)))):
                        continue  # conflicts are judged on complete assignments
                    if C.evaluate(ob.applies_when, traits) is not C.Truth.TRUE:
                        continue
                    holding = [g for g in tailorings if C.evaluate(g.when, traits) is C.Truth.TRUE]
                    for a, b in itertools.combinations(holding, 2):
                        if a.tailored[ob.id] != b.tailored[ob.id]:
                            both.setdefault((a.id, b.id), traits)
            except TooMany as exc:
                self.undecided(f"{ob.id} grounds", exc.args[0])
                continue
            for g in involved:
                if g.id in fires and g.id not in decided:
                    self.add(self._effect_path(g.id, ob.id), "effect-never-applies",
                             f"grunden '{g.id}' avgör aldrig {ob.id}: när villkoret håller gäller {ob.id} inte, "
                             "eller så avgör en tidigare grund",
                             f"ground '{g.id}' never decides {ob.id}: whenever its condition holds, {ob.id} does "
                             "not apply or an earlier ground decides it")
            for (a_id, b_id), traits in sorted(both.items()):
                self.add(self._effect_path(b_id, ob.id), "conflicting-grounds",
                         f"grunderna '{a_id}' och '{b_id}' anpassar {ob.id} olika och kan gälla samtidigt "
                         f"(t.ex. {describe(traits)}); bara '{a_id}', som kommer först, tillämpas",
                         f"grounds '{a_id}' and '{b_id}' tailor {ob.id} differently and can hold together "
                         f"(e.g. {describe(traits)}); only '{a_id}', the first in the file, is applied")

    def _effect_path(self, ground_id: str, obligation_id: str) -> PathKey:
        data = self.doc.data
        for i, g in enumerate(data.get("grounds") or ()):
            if isinstance(g, dict) and g.get("id") == ground_id:
                for j, eff in enumerate(g.get("effects") or ()):
                    if isinstance(eff, dict) and eff.get("obligation") == obligation_id:
                        return ("grounds", i, "effects", j, "obligation")
                return ("grounds", i)
        return ()

    def unused(self) -> None:
        rs = self.rs
        keys = {c.kind for c in rs.cadences}
        p = rs.parameters
        if p.t2_date and "t2" not in keys:
            self.add(("parameters", "t2_date"), "unused-parameter",
                     "parametern t2_date används inte: ingen skyldighet har kadensen t2",
                     "parameter t2_date is unused: no obligation has the t2 cadence")
        if "term" not in keys:
            for name, value in (("election_years", p.election_years), ("term_start", p.term_start),
                                ("term_due", p.term_due)):
                if value:
                    self.add(("parameters", name), "unused-parameter",
                             f"parametern {name} används inte: ingen skyldighet har kadensen term",
                             f"parameter {name} is unused: no obligation has the term cadence")
        requirements = [v for ob in rs.obligations for v in ob.requirement.versions]
        requirements += [v for g in rs.grounds for req in g.tailored.values() for v in req.versions]
        used_kinds = {k for req in requirements for item in req.items for option in _options(item)
                      for k in option.kinds}
        for kind in rs.evidence_kinds:
            if kind not in used_kinds:
                self.add(("evidence_kinds", kind), "unused-evidence-kind",
                         f"underlagstypen '{kind}' efterfrågas inte av något krav",
                         f"evidence kind '{kind}' is not asked for by any requirement")
        conds = [ob.applies_when for ob in rs.obligations] + [g.when for g in rs.grounds]
        read = frozenset().union(*(C.subjects(c) for c in conds))
        for name, trait in rs.traits.items():
            if name != "kind" and name not in read and not trait.informational:
                self.add(("traits", name), "unused-trait",
                         f"egenskapen '{name}' läses inte av något villkor",
                         f"trait '{name}' is not read by any condition")
        cited = {c.source.id for _, c in rs.iter_citations() if c.source is not None}
        for i, source in enumerate(rs.sources):
            if source not in cited:
                self.add(("sources", i, "id"), "unused-source",
                         f"källan '{source}' citeras inte av någon skyldighet eller grund",
                         f"source '{source}' is not cited by any obligation or ground")


def _options(item: Any) -> tuple[Any, ...]:
    """The ways of meeting an evidence requirement item (``any_of`` alternatives, where the ruleset
    format has them; otherwise the item itself)."""
    return tuple(getattr(item, "options", (item,)))


# -------------------------------------------------------------------------------- entry points


def lint_document(doc: Document) -> LintResult:
    """Lint one parsed ruleset document."""
    try:
        rs = compile_ruleset(doc)
    except RulesetError as exc:
        return LintResult(tuple(sorted(_from_problems(exc.problems), key=LintFinding.sort_key)))
    linter = _Linter(doc, rs)
    linter.run()
    return LintResult(tuple(sorted(linter.findings, key=LintFinding.sort_key)), tuple(linter.notes))


def lint_file(path: Path | str, display: str | None = None) -> LintResult:
    """Lint one ruleset file. Raises :class:`InputError` when the file cannot be read or is not YAML."""
    try:
        doc = load_document(path, display)
    except InputError as exc:
        if all(p.text.en.startswith("duplicate key") for p in exc.problems):
            return LintResult(tuple(sorted(_from_problems(exc.problems), key=LintFinding.sort_key)))
        raise
    return lint_document(doc)


def lint_decisions(path: Path | str, rs: Ruleset, display: str | None = None) -> list[LintFinding]:
    """Decisions (waivers) in a profile file that name an obligation the ruleset does not have."""
    doc = load_document(path, display)
    profile = profile_from_document(doc)  # raises ProfileError on a malformed profile
    ids = rs.obligation_ids
    out = []
    for i, dec in enumerate(profile.decisions):
        if dec.obligation not in ids:
            out.append(_at(doc, ("decisions", i, "obligation"), "unknown-obligation",
                           f"beslutet {dec.reference} gäller den okända skyldigheten {dec.obligation} "
                           f"(regelverket {rs.id})",
                           f"decision {dec.reference} names unknown obligation {dec.obligation} "
                           f"(ruleset {rs.id})"))
    return out
