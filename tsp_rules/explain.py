"""From an engine's verdict to a finding a non-programmer can read (the same for every engine)."""

from __future__ import annotations

from typing import Any

from tsp_rules import conditions as C
from tsp_rules import i18n
from tsp_rules.engines.base import Verdict
from tsp_rules.engines.python import item_kinds, satisfies
from tsp_rules.errors import EvaluationError
from tsp_rules.facts import EvidenceFact, Facts
from tsp_rules.findings import Finding, Reason, Status
from tsp_rules.ruleset import EvidenceRequirement, Obligation, Requirement, Ruleset, Text, organ
from tsp_rules.texts import quote


def _cond_text(cond: C.Condition, ruleset: Ruleset, kind: str) -> Text:
    return Text(i18n.describe(cond, ruleset, "sv", kind), i18n.describe(cond, ruleset, "en", kind))


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


def _newest(evidence: list[EvidenceFact]) -> EvidenceFact:
    """The newest item; ties broken by the item's own data, never by its position in the list, so that
    the report does not depend on the order evidence is listed in."""
    def key(e: EvidenceFact) -> tuple[Any, ...]:
        ev = e.evidence
        return (ev.date, ev.reference, ev.valid_until or ev.date, repr(sorted(ev.content.items())), ev.kind)

    return max(evidence, key=key)


def _item_reason(item: EvidenceRequirement, facts: Facts) -> tuple[bool, Reason]:
    """Whether the item is met, and the one reason that best says why (or why not).

    With alternatives (``any_of``), the reason for a shortfall is taken from the first option that has
    evidence of its kind: a content shortfall of recent evidence before a recency one.
    """
    rs = facts.ruleset
    kinds = item_kinds(item)
    of_kind = [e for e in facts.evidence or () if e.evidence.kind in kinds]
    good = [e for e in of_kind if satisfies(item, e)]
    if good:
        return True, Reason("evidence_ok", _evidence_data(_newest(good), rs))
    options = [(opt, [e for e in of_kind if e.evidence.kind in opt.kinds]) for opt in item.options]
    if not of_kind:
        names = Text(*(kinds_text(rs, kinds, lang) for lang in ("sv", "en")))
        return False, Reason("no_evidence", {"kinds": names})
    for opt, found in options:
        recent = [e for e in found if e.fits[opt.cadence.key].ok]
        if recent:  # recent enough, but the content falls short
            ev = _newest(recent)
            condition = _cond_text(opt.content, rs, facts.profile.kind)
            return False, Reason("content", {**_evidence_data(ev, rs), "condition": condition})
    opt, found = next((o, f) for o, f in options if f)
    ev = _newest([e for e in found if e.fits[opt.cadence.key].code != "future"] or found)
    fit = ev.fits[opt.cadence.key]
    return False, Reason(fit.code, {**_evidence_data(ev, rs), **fit.data})


def _missing_traits(ob: Obligation, facts: Facts) -> tuple[str, ...]:
    rs = facts.ruleset
    conds = [ob.applies_when, *(g.when for g in rs.exempting(ob.id)), *(g.when for g in rs.tailoring(ob.id))]
    needed = set().union(*(C.subjects(c) for c in conds))
    return tuple(sorted(n for n in needed if n not in facts.traits))


def _period_data(ob: Obligation) -> dict[str, Any]:
    """What a finding outside the obligation's period says: its part, the period and what replaced it."""
    part = ob.part
    none = Text("–", "–")
    return {
        "part": part.title if part is not None else Text("regelverket", "the ruleset"),
        "valid_from": ob.valid_from.isoformat() if ob.valid_from else "",
        "valid_to": ob.valid_to.isoformat() if ob.valid_to else "",
        "superseded_by": part.superseded_by if part is not None and part.superseded_by else none,
        # only the programme was replaced: a duty of law it cites still applies on its own terms
        "law_note": Text(" Lagkrav som skyldigheten hänvisar till gäller oberoende av programmet.",
                         " Duties of law the obligation refers to apply independently of the programme.")
        if any(c.provenance == "law" for c in ob.citations) else Text("", ""),
    }


def explain(verdict: Verdict, facts: Facts) -> Finding:
    """Build the finding for one verdict; check that a met or gap verdict agrees with the evidence."""
    rs = facts.ruleset
    ob = rs.obligation(verdict.obligation)
    reasons: list[Reason] = []
    exemption = waiver = None
    requirement = ob.requirement
    tailoring = verdict.variant
    kind = facts.profile.kind
    if tailoring is not None:
        ground = next(g for g in rs.grounds if g.id == tailoring)
        requirement = ground.tailored[ob.id]
        reasons.append(Reason("tailored", {"ground": ground.id, "title": ground.title,
                                           "requirement": organ(requirement.description, kind)}))
    if verdict.cause == "applicability":
        shown = {n: facts.traits[n] for n in sorted(C.subjects(ob.applies_when)) if n in facts.traits}
        described = Text(*(", ".join(f"{i18n.title_of(rs, n, lang)}: {i18n.value_label(rs, n, v, lang)}"
                                     for n, v in shown.items()) for lang in ("sv", "en")))
        reasons.append(Reason("scope", {"applies_to": organ(ob.applies_to, kind), "facts": described}))
    elif verdict.cause in ("superseded", "not_yet_in_force"):
        reasons.append(Reason(verdict.cause, _period_data(ob)))
    elif verdict.cause == "ground":
        ground = next(g for g in rs.grounds if g.id == verdict.ground)
        exemption = ground.id
        reasons.append(Reason("exempt", {"ground": ground.id, "title": ground.title,
                                         "rationale": organ(ground.rationale, kind)}))
    elif verdict.cause == "waiver":
        dec = facts.waivers[ob.id]
        waiver = dec.reference
        reasons.append(Reason("waived", {"reference": dec.reference, "decided_by": dec.decided_by,
                                         "decided_on": dec.decided_on.isoformat(),
                                         "valid_until": dec.valid_until.isoformat(),
                                         "justification": dec.justification}))
    elif verdict.cause == "unknown":
        missing = _missing_traits(ob, facts)
        names = Text(*(i18n.join_words([quote(i18n.title_of(rs, n, lang), lang) for n in missing], lang)
                       for lang in ("sv", "en")))
        reasons.append(Reason("unknown_traits", {"traits": names, "n": len(missing), "trait_ids": missing}))
    elif verdict.cause == "no_evidence_data":
        reasons.append(Reason("no_evidence_data"))
    else:
        results = [_item_reason(item, facts) for item in requirement.items]
        met = all(ok for ok, _ in results)
        if met != (verdict.cause == "met"):
            raise EvaluationError(f"{facts.profile.id}/{ob.id}: engine says {verdict.cause}, "
                                  f"but the evidence says {'met' if met else 'gap'}")
        reasons.extend(r for ok, r in results if ok is met)
    status = Status(verdict.status)

    def make_summary() -> Text:
        template = i18n.EXPLANATIONS[status.value]
        req_text = _requirement_text(requirement, rs, kind)
        return Text(*(template.get(lang).format(title=ob.title.get(lang), requirement=req_text.get(lang))
                      for lang in ("sv", "en")))

    # the summary depends on the kind of body only where the requirement addresses it ({organ})
    addressed = organ(requirement.description, kind) is not requirement.description
    summary: Text = rs.memo(("explain.summary", status, ob.id, tailoring, kind if addressed else None), make_summary)
    return Finding(
        profile=facts.profile.id, obligation=ob.id, focus_area=ob.focus_area, title=ob.title, status=status,
        tailoring=tailoring, exemption=exemption, waiver=waiver, reasons=tuple(reasons), summary=summary,
        citation=ob.citations_on(facts.clock.as_of)[0],
    )
