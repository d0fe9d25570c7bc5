"""From an engine's verdict to a finding a non-programmer can read (the same for every engine)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tsp_rules.checking.findings import Deferred, Finding, NewFinding, Reason, Status
from tsp_rules.engines.base import STATUS_OF_CAUSE, Verdict
from tsp_rules.engines.facts import EvidenceFact, Facts
from tsp_rules.engines.python import plan as compiled_plan
from tsp_rules.errors import EvaluationError
from tsp_rules.model import conditions as C
from tsp_rules.model import i18n
from tsp_rules.model.ruleset import EvidenceRequirement, Lang, Obligation, Requirement, Ruleset, Text, organ
from tsp_rules.texts import date_words, fill, quote


def _cond_text(cond: C.Condition, ruleset: Ruleset, kind: str) -> Text:
    """A condition of the ruleset in words, for a kind of body (kept with the ruleset, whose conditions live as
    long as it does)."""
    found: Text = ruleset.memo(("cond_text", id(cond), kind), lambda: Text(
        i18n.describe(cond, ruleset, "sv", kind), i18n.describe(cond, ruleset, "en", kind)))
    return found


def kinds_text(ruleset: Ruleset, kinds: Any, lang: Any) -> str:
    """Evidence kinds by title, quoted: ”Rutin …” eller ”Utdrag …”."""
    return i18n.join_words([quote(ruleset.evidence_kinds[k].title.get(lang), lang) for k in kinds], lang, "or")


def _requirement_text(req: Requirement, ruleset: Ruleset, kind: str | None = None) -> Text:
    def one(lang: Any) -> str:
        parts = []
        for item in req.items:
            alternatives = []
            for option in item.options:
                kinds = " / ".join(ruleset.evidence_kinds[k].title.get(lang) for k in option.kinds)
                alternatives.append(
                    f"{kinds} ({i18n.cadence_label(option.cadence.kind, option.cadence.months, lang)})")
            parts.append(f" {i18n.WORDS['or'].get(lang)} ".join(alternatives))
        return f"{organ(req.description, kind).get(lang)} [{'; '.join(parts)}]"

    return Text(one("sv"), one("en"))


def _evidence_data(ev: EvidenceFact, ruleset: Ruleset) -> dict[str, Any]:
    return {"kind": ruleset.evidence_kinds[ev.evidence.kind].title, "kind_id": ev.evidence.kind,
            "reference": ev.evidence.reference, "date": ev.evidence.date.isoformat()}


MERGER = Text("sammanslagningen", "the merger")
FORMED = Text("att nämnden eller bolaget bildades", "the body was formed")
A_PREDECESSOR = Text("en föregångare", "a predecessor")
THE_PREDECESSOR = Text("föregångaren", "the predecessor")


def _inherited(ev: EvidenceFact, facts: Facts) -> dict[str, Any]:
    """For a document a predecessor issued before the body was formed (dated before the body's ``valid_from``,
    or naming another body in ``issued_by``): whose it is and the day the body was formed; else nothing."""
    profile = facts.profile
    formed = profile.valid_from
    issued_by = ev.evidence.issued_by
    before = formed is not None and ev.evidence.date < formed
    if not before and issued_by is None:
        return {}
    if formed is None or not before:  # another body's document, but not from before a merger: not inherited
        return {}
    many = len(profile.predecessors) > 1
    who: str | Text = issued_by if issued_by is not None else (A_PREDECESSOR if many else THE_PREDECESSOR)
    return {"issued_by": who, "merged_on": formed.isoformat(), "merger": MERGER if many else FORMED}


def _newest(evidence: list[EvidenceFact]) -> EvidenceFact:
    """The newest item; ties broken by the item's own data, never by its position in the list, so that
    the report does not depend on the order evidence is listed in."""
    if len(evidence) == 1:
        return evidence[0]

    def key(e: EvidenceFact) -> tuple[Any, ...]:
        ev = e.evidence
        return (ev.date, ev.reference, ev.valid_until or ev.date, repr(sorted(ev.content.items())), ev.kind)

    return max(evidence, key=key)


def _item_info(rs: Ruleset, item: EvidenceRequirement) -> tuple[Any, Any, Reason]:
    """The compiled plan's :meth:`~tsp_rules.engines.python.Plan.item_info` of ``item`` and the reason
    given when there is no evidence of its kinds, kept with the plan."""
    compiled = compiled_plan(rs)
    found = compiled.notes.get(id(item))
    if found is None or found[0] is not item:
        kinds, options = compiled.item_info(item)
        names = Text(*(kinds_text(rs, kinds, lang) for lang in ("sv", "en")))
        found = compiled.notes[id(item)] = (item, kinds, options, Reason("no_evidence", {"kinds": names}))
    return found[1], found[2], found[3]


def _items_info(rs: Ruleset, requirement: Requirement) -> tuple[tuple[EvidenceRequirement, Any, Any, Reason], ...]:
    """:func:`_item_info` of each item of ``requirement`` (with the item), kept with the plan: one lookup per
    finding instead of one per item."""
    notes = compiled_plan(rs).notes
    found = notes.get(id(requirement))
    if found is None or found[0] is not requirement:
        found = notes[id(requirement)] = (requirement, tuple((item, *_item_info(rs, item))
                                                            for item in requirement.items))
    items: tuple[tuple[EvidenceRequirement, Any, Any, Reason], ...] = found[1]
    return items


def _reason_of_item(kinds: tuple[str, ...], options: Any, no_evidence: Reason, facts: Facts
                    ) -> tuple[bool, Reason, bool]:
    """Whether a requirement item is met, the one reason that best says why (or why not), and whether that reason
    is the same object for every profile (no evidence of the item's kinds); from the item's kinds, options and
    no-evidence reason (:func:`_item_info`).

    With alternatives (``any_of``), the reason for a shortfall is taken from the first option that has
    evidence of its kind: a content shortfall of recent evidence before a recency one.
    """
    if len(kinds) == 1:  # the commonest: one kind (the list is only read)
        of_kind: Sequence[EvidenceFact] = facts.evidence_by_kind().get(kinds[0], ())
    else:
        of_kind = facts.evidence_of(kinds)
    if not of_kind:
        return False, no_evidence, True
    rs = facts.ruleset
    # an item is met by evidence of one of an option's kinds, recent enough for its cadence, whose content
    # meets its condition (the reference's ``satisfies``, with the option's content condition compiled)
    if len(options) == 1:  # the commonest: one way to meet the item
        _, accepted, cadence, test = options[0]
        good = [e for e in of_kind if e.evidence.kind in accepted and e.fits.ok(cadence) and (
            test is True or (test is not False and test(e.content) is True))]
    else:
        good = [e for e in of_kind if any(
            e.evidence.kind in accepted and e.fits.ok(cadence) and (test is True or (test is not False and
                                                                                      test(e.content) is True))
            for _, accepted, cadence, test in options)]
    if good:
        newest = good[0] if len(good) == 1 else _newest(good)
        if facts.profile.valid_from is not None:
            inherited = _inherited(newest, facts)
            if inherited:  # a predecessor's document, from before the body was formed: say whose
                return True, Reason("evidence_ok_inherited", {**_evidence_data(newest, rs), **inherited}), False
        return True, Reason("evidence_ok", _evidence_data(newest, rs)), False
    found_per_option = [(opt, cadence, [e for e in of_kind if e.evidence.kind in accepted])
                        for opt, accepted, cadence, _ in options]
    for opt, cadence, found in found_per_option:
        recent = [e for e in found if e.fits.ok(cadence)]
        if recent:  # recent enough, but the content falls short
            ev = _newest(recent)
            condition = _cond_text(opt.content, rs, facts.profile.kind)
            return False, Reason("content", {**_evidence_data(ev, rs), "condition": condition}), False
    opt, cadence, found = next(x for x in found_per_option if x[2])
    ev = _newest([e for e in found if e.fits[cadence].code != "future"] or found)
    fit = ev.fits[cadence]
    return False, Reason(fit.code, {**_evidence_data(ev, rs), **fit.data}), False


def _missing_traits(ob: Obligation, facts: Facts) -> tuple[str, ...]:
    rs = facts.ruleset
    conds = [ob.applies_when, *(g.when for g in rs.exempting(ob.id)), *(g.when for g in rs.tailoring(ob.id))]
    needed = set().union(*(C.subjects(c) for c in conds))
    return tuple(sorted(n for n in needed if n not in facts.traits))


UNKNOWN_TRAITS: dict[str, Text] = {
    "absent": Text("Profilen saknar {n:s|uppgiften|uppgifterna} {absent}, som avgör om eller hur skyldigheten gäller.",
                   "The profile does not give {absent}, which {n:s|decides|decide} whether or how the obligation "
                   "applies."),
    "unassessed": Text("Profilen anger att {n:s|uppgiften|uppgifterna} {unassessed} inte är {n:s|bedömd|bedömda}; "
                       "{n:s|den|de} avgör om eller hur skyldigheten gäller.",
                       "The profile says that {unassessed} {n:s|is|are} not assessed; {n:s|it decides|they decide} "
                       "whether or how the obligation applies."),
    "both": Text("Profilen saknar {n_absent:s|uppgiften|uppgifterna} {absent} och anger att "
                 "{n_unassessed:s|uppgiften|uppgifterna} {unassessed} inte är {n_unassessed:s|bedömd|bedömda}; de "
                 "avgör om eller hur skyldigheten gäller.",
                 "The profile does not give {absent} and says that {unassessed} {n_unassessed:s|is|are} not "
                 "assessed; they decide whether or how the obligation applies."),
}
"""Why an obligation could not be assessed for want of traits: the profile lacks them, or says they are
``unassessed`` (not yet assessed), or both."""


def _unknown_words(missing: tuple[str, ...], facts: Facts) -> Text:
    """The sentence of :data:`UNKNOWN_TRAITS` for the traits ``missing``: those the profile marks
    ``unassessed`` apart from those it lacks."""
    rs, raw = facts.ruleset, facts.profile.traits
    unassessed = [n for n in missing if raw.get(n) == "unassessed"]
    absent = [n for n in missing if n not in unassessed]
    key = "both" if absent and unassessed else "unassessed" if unassessed else "absent"

    def names(items: list[str], lang: Lang) -> str:
        return i18n.join_words([quote(i18n.title_of(rs, n, lang), lang) for n in items], lang)

    return Text(*(fill(UNKNOWN_TRAITS[key], lang, n=len(missing), n_absent=len(absent), absent=names(absent, lang),
                       n_unassessed=len(unassessed), unassessed=names(unassessed, lang))
                  for lang in ("sv", "en")))


_STATUS: dict[str, Status] = {cause: Status(status) for cause, status in STATUS_OF_CAUSE.items()}


REPLACEMENT_OUTSIDE = Text("{by} ingår inte i kontrollen, så skyldigheten prövas inte här.",
                           "{by} is not part of this check, so the obligation is not checked here.")
NOT_REPLACED = Text("Den prövas därför inte vid detta kontrolldatum.", "It is therefore not checked on this date.")
REPLACEMENT_INSIDE = Text("Skyldigheterna enligt {by} prövas i stället, som egna skyldigheter i detta regelverk.",
                          "The duties under {by} are checked instead, as obligations of their own in this ruleset.")


def replacement_in_check(rs: Ruleset, ob: Obligation) -> bool:
    """Whether what replaced the obligation's part is itself encoded in ``rs``: a part of the same ruleset that
    starts the day after it ends (the 2018 protective security act after the 1996 one). A later programme
    that replaced a part of the programme is not encoded (the coverage statement names it)."""
    part = ob.part
    if part is None or part.valid_to is None:
        return False
    day = part.valid_to + dt.timedelta(days=1)
    return any(p.valid_from == day for p in rs.parts if p is not part)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _undated(by: str, day: dt.date | None, lang: Any) -> str:
    """What replaced a part, without a closing parenthesis that only repeats its date ('Säkerhetsprogram
    2020–2023 (kommunfullmäktige 23 mars 2020)' is named 'Säkerhetsprogram 2020–2023' once the date is said)."""
    if day is None or not by.endswith(")") or "(" not in by:
        return by
    head, _, tail = by.rpartition("(")
    return head.rstrip() if date_words(day, lang) in tail else by


def _period_data(ob: Obligation, rs: Ruleset, day: dt.date) -> dict[str, Any]:
    """What a finding outside the obligation's period says on the check date ``day``: its part, the period,
    what replaced it (as worded on ``day``), from which day, and whether the replacement is part of the check."""
    part = ob.part
    none = Text("–", "–")
    replaced_on = ob.valid_to + dt.timedelta(days=1) if ob.valid_to else None
    said = part.superseded_on(day) if part is not None else None
    by = said if said is not None else Text("en senare regel", "a later rule")
    inside = replacement_in_check(rs, ob)
    replaced = said is not None
    words = REPLACEMENT_INSIDE if inside else REPLACEMENT_OUTSIDE if replaced else NOT_REPLACED
    shown = (lambda x: x) if inside else _capital  # OUTSIDE opens its sentence with the name
    return {
        "part_id": part.id if part is not None else None,
        "replaced_on": replaced_on.isoformat() if replaced_on else "",
        "in_check": inside,
        "replaced": replaced,
        "replaced_words": Text(*(f" och sedan ersattes av {by.sv}" if replaced else "",
                                 f" and was then replaced by {by.en}" if replaced else "")),
        "in_check_words": Text(*(words.get(lang).format(by=shown(_undated(by.get(lang), replaced_on, lang)))
                                 for lang in ("sv", "en"))),
        "part": part.title if part is not None else Text("regelverket", "the ruleset"),
        "valid_from": ob.valid_from.isoformat() if ob.valid_from else "",
        "valid_to": ob.valid_to.isoformat() if ob.valid_to else "",
        "superseded_by": said if said is not None else none,
        # only the programme was replaced: a duty of law it cites still applies on its own terms
        "law_note": Text(" Lagkrav som skyldigheten hänvisar till gäller oberoende av programmet.",
                         " Duties of law the obligation refers to apply independently of the programme.")
        if replaced and not inside and any(c.provenance == "law" for c in ob.citations) else Text("", ""),
    }


def explain(verdict: Verdict, facts: Facts) -> Finding:
    """Build the finding for one verdict. Its reasons are worked out when first read (see
    :func:`reasons`, which also checks that a met or gap verdict agrees with the evidence)."""
    return explain_all([verdict], facts)[0]


def explain_all(verdicts: Iterable[Verdict], facts: Facts) -> list[Finding]:
    """:func:`explain` for several verdicts of one profile.

    Everything of a finding but the profile, a waiver's reference and the reasons of some causes is the same
    for every profile of a kind of body on a check date with the same verdict (engines return the same
    verdict objects for the same decision): it is worked out once per verdict object, kind and date
    (:func:`_parts`) and kept with the compiled plan. Reasons that depend on nothing else are kept with it
    too; the others are worked out when first read."""
    rs = facts.ruleset
    tables = compiled_plan(rs).notes.setdefault("finding_parts", {})
    kind = facts.profile.kind
    as_of = facts.clock.as_of
    table = tables.get((kind, as_of))
    if table is None:
        if len(tables) >= MAX_TABLES:  # a long-running process checking many dates: keep a bounded number
            tables.clear()
        table = tables[kind, as_of] = {}
    profile = facts.profile.id
    waivers = facts.waivers
    ruleset_id = rs.id
    out: list[Finding] = []
    for verdict in verdicts:
        entry = table.get(id(verdict))
        if entry is None or entry[0] is not verdict:  # the entry keeps its verdict, so an id is never reused
            entry = _parts(verdict, facts)
            if len(table) >= MAX_VERDICTS:  # an engine that makes a verdict object per decision
                table.clear()
            table[id(verdict)] = entry
        _, ob_id, focus_area, title, status, tailoring, exemption, fixed, summary, citation, waived = entry
        out.append(NewFinding(profile, ob_id, focus_area, title, status, tailoring, exemption,
                              waivers[ob_id].reference if waived else None,
                              fixed if fixed is not None else Deferred(reasons, verdict, facts),
                              summary, citation, ruleset_id, ()))
    return out


MAX_TABLES = 64
"""Tables of finding parts kept per compiled plan, one per kind of body and check date."""
MAX_VERDICTS = 4096
"""Verdict objects kept per table (the python and durable engines make one per obligation and decision)."""
FIXED_CAUSES = frozenset({"superseded", "not_yet_in_force", "ground", "no_evidence_data"})
"""Causes whose reasons depend only on the verdict, the ruleset, the kind of body and (what replaced a part,
as worded then) the check date, not on the profile's traits or evidence."""


def _parts(verdict: Verdict, facts: Facts) -> tuple[Any, ...]:
    """What every finding with this verdict shares for this kind of body and check date: (the verdict, the
    obligation id, focus area, title, status, variant, exempting ground, the reasons when they are fixed
    (else None), the summary, the citation in force, whether a waiver's reference is to be read)."""
    rs = facts.ruleset
    kind = facts.profile.kind
    ob, summaries = compiled_plan(rs).explain_parts[verdict.obligation]
    cause = verdict.cause
    status = _STATUS[cause]
    tailoring = verdict.variant
    # the summary depends on the kind of body only where the requirement addresses it ({organ})
    summary = summaries.get((status, tailoring, kind)) or summaries.get((status, tailoring, None))
    if summary is None:
        summary, addressed = _summary(rs, ob, status, tailoring, kind)
        summaries[status, tailoring, kind if addressed else None] = summary
    citation = ob.citations_on(facts.clock.as_of)[0]  # the citation in force on the check date
    fixed = reasons(verdict, facts) if cause in FIXED_CAUSES else None
    return (verdict, ob.id, ob.focus_area, ob.title, status, tailoring,
            verdict.ground if cause == "ground" else None, fixed, summary, citation, cause == "waiver")


def _summary(rs: Ruleset, ob: Obligation, status: Status, tailoring: str | None, kind: str
             ) -> tuple[Text, bool]:
    """The summary of a finding, and whether it addresses the kind of body ({organ}); the same for every
    profile with this status and variant (and kind, where it addresses it)."""
    requirement = ob.requirement if tailoring is None else next(
        g for g in rs.grounds if g.id == tailoring).tailored[ob.id]
    template = i18n.EXPLANATIONS[status.value]
    req_text = _requirement_text(requirement, rs, kind)
    addressed = organ(requirement.description, kind) is not requirement.description
    return Text(*(template.get(lang).format(title=ob.title.get(lang), requirement=req_text.get(lang))
                  for lang in ("sv", "en"))), addressed


class Shared:
    """Reason tuples that many findings share (a scope, a missing trait, no evidence of a kind, a part not in
    force), kept once per process: renderers may keep what they make of such a tuple by its identity
    (:meth:`holds`). Bounded: when full it is emptied, and tuples made before are then no longer held (their
    findings are rendered the ordinary way)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._by_key: dict[Any, tuple[Reason, ...]] = {}
        self._ids: dict[int, tuple[Reason, ...]] = {}

    def get(self, key: Any, make: Callable[[], tuple[Reason, ...]]) -> tuple[Reason, ...]:
        """The tuple kept under ``key``, made by ``make()`` the first time. ``key`` names everything the
        reasons depend on."""
        found = self._by_key.get(key)
        if found is None:
            found = make()
            if len(self._by_key) >= self.size:
                self._by_key.clear()
                self._ids.clear()
            self._by_key[key] = found
            self._ids[id(found)] = found
        return found

    def holds(self, found: Any) -> bool:
        """Whether ``found`` is a tuple this object keeps (its identity stands for its value)."""
        return self._ids.get(id(found)) is found


SHARED = Shared(65_536)
"""The reasons shared by findings in this process (see :class:`Shared`)."""


def reasons(verdict: Verdict, facts: Facts) -> tuple[Reason, ...]:
    """The reasons behind one verdict; checks that a met or gap verdict agrees with the evidence. Reasons that
    depend only on the ruleset, the verdict, the kind of body and the few traits they name (for a part not in
    force: what replaced it, as worded on the check date) are the same tuple for every profile with them
    (:data:`SHARED`)."""
    rs = facts.ruleset
    cause = verdict.cause
    if cause == "waiver":
        return _reasons(verdict, facts)
    kind = facts.profile.kind
    head = (rs.digest, verdict, kind)
    if cause == "applicability":
        traits = facts.traits
        ob = rs.obligation(verdict.obligation)
        shown = tuple((n, traits[n]) for n in _subjects(rs, ob) if n in traits)
        try:
            return SHARED.get((*head, shown), lambda: _reasons(verdict, facts))
        except TypeError:  # a value that cannot be a key (not in the bundled rulesets' traits)
            return _reasons(verdict, facts)
    if cause == "unknown":
        ob = rs.obligation(verdict.obligation)
        missing = _missing_traits(ob, facts)
        raw = facts.profile.traits
        said = tuple(n for n in missing if raw.get(n) == "unassessed")
        return SHARED.get((*head, missing, said), lambda: _reasons(verdict, facts))
    if cause in ("met", "gap"):
        found, fixed = _evidence_reasons(verdict, facts)
        if not fixed:
            return found
        return SHARED.get((*head, "items", *map(id, found)), lambda: found)
    if cause in ("superseded", "not_yet_in_force"):  # what replaced the part is worded as on the check date
        part = rs.obligation(verdict.obligation).part
        by = part.superseded_on(facts.clock.as_of) if part is not None else None
        return SHARED.get((*head, by), lambda: _reasons(verdict, facts))
    return SHARED.get(head, lambda: _reasons(verdict, facts))


def _subjects(rs: Ruleset, ob: Obligation) -> tuple[str, ...]:
    """The traits an obligation's scope names, sorted."""
    found: tuple[str, ...] = rs.memo(("subjects", ob.id), lambda: tuple(sorted(C.subjects(ob.applies_when))))
    return found


def _tailored(rs: Ruleset, ob: Obligation, tailoring: str, kind: str) -> tuple[Requirement, Reason]:
    """The tailored requirement of ``ob`` under ``tailoring`` and the reason that says so (one per kind)."""
    def make() -> tuple[Requirement, Reason]:
        ground = next(g for g in rs.grounds if g.id == tailoring)
        requirement = ground.tailored[ob.id]
        return requirement, Reason("tailored", {"ground": ground.id, "title": ground.title,
                                                "requirement": organ(requirement.description, kind)})

    found: tuple[Requirement, Reason] = rs.memo(("tailored", ob.id, tailoring, kind), make)
    return found


def _evidence_reasons(verdict: Verdict, facts: Facts) -> tuple[tuple[Reason, ...], bool]:
    """The reasons of a met or gap verdict, from the evidence, and whether every one of them is the same
    object for every profile (the reason of a variant, no evidence of an item's kinds)."""
    rs = facts.ruleset
    ob = rs.obligation(verdict.obligation)
    found: list[Reason] = []
    requirement = ob.requirement
    if verdict.variant is not None:
        requirement, said = _tailored(rs, ob, verdict.variant, facts.profile.kind)
        found.append(said)
    results = [_reason_of_item(kinds, options, no_evidence, facts)
               for _, kinds, options, no_evidence in _items_info(rs, requirement)]
    met = all(ok for ok, _, _ in results)
    if met != (verdict.cause == "met"):
        raise EvaluationError(f"{facts.profile.id}/{ob.id}: engine says {verdict.cause}, "
                              f"but the evidence says {'met' if met else 'gap'}")
    found.extend(r for ok, r, _ in results if ok is met)
    return tuple(found), all(fixed for ok, _, fixed in results if ok is met)


def _reasons(verdict: Verdict, facts: Facts) -> tuple[Reason, ...]:
    """The reasons behind one verdict other than met or gap, worked out."""
    rs = facts.ruleset
    ob = rs.obligation(verdict.obligation)
    found: list[Reason] = []
    kind = facts.profile.kind
    if verdict.variant is not None:
        found.append(_tailored(rs, ob, verdict.variant, kind)[1])
    if verdict.cause == "applicability":
        shown = {n: facts.traits[n] for n in _subjects(rs, ob) if n in facts.traits}
        described = Text(*(", ".join(f"{i18n.title_of(rs, n, lang)}: {i18n.value_label(rs, n, v, lang)}"
                                     for n, v in shown.items()) for lang in ("sv", "en")))
        found.append(Reason("scope", {"applies_to": organ(ob.applies_to, kind), "facts": described}))
    elif verdict.cause in ("superseded", "not_yet_in_force"):
        found.append(Reason(verdict.cause, _period_data(ob, rs, facts.clock.as_of)))
    elif verdict.cause == "ground":
        ground = next(g for g in rs.grounds if g.id == verdict.ground)
        found.append(Reason("exempt", {"ground": ground.id, "title": ground.title,
                                       "rationale": organ(ground.rationale, kind)}))
    elif verdict.cause == "waiver":
        dec = facts.waivers[ob.id]
        found.append(Reason("waived", {"reference": dec.reference, "decided_by": dec.decided_by,
                                       "decided_on": dec.decided_on.isoformat(),
                                       "valid_until": dec.valid_until.isoformat(),
                                       "justification": dec.justification}))
    elif verdict.cause == "unknown":
        missing = _missing_traits(ob, facts)
        names = Text(*(i18n.join_words([quote(i18n.title_of(rs, n, lang), lang) for n in missing], lang)
                       for lang in ("sv", "en")))
        found.append(Reason("unknown_traits", {"traits": names, "n": len(missing), "trait_ids": missing,
                                               "said": _unknown_words(missing, facts)}))
    elif verdict.cause == "no_evidence_data":
        found.append(Reason("no_evidence_data"))
    else:
        return _evidence_reasons(verdict, facts)[0]
    return tuple(found)
