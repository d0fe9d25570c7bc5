"""The native Python back end: the reference reading of the rules, evaluated directly on the IR."""

from __future__ import annotations

from tsp_rules.conditions import Truth, evaluate
from tsp_rules.engines.base import Verdict
from tsp_rules.facts import EvidenceFact, Facts
from tsp_rules.ruleset import EvidenceRequirement, Obligation, Requirement


def satisfies_option(option: EvidenceRequirement, ev: EvidenceFact) -> bool:
    """Whether one evidence item meets one option of a requirement item: kind, recency and content."""
    return (
        ev.evidence.kind in option.kinds
        and ev.fits[option.cadence.key].ok
        and evaluate(option.content, ev.content) is Truth.TRUE
    )


def satisfies(item: EvidenceRequirement, ev: EvidenceFact) -> bool:
    """Whether one evidence item meets one evidence requirement, by any of its options."""
    return any(satisfies_option(option, ev) for option in item.options)


def requirement_met(req: Requirement, evidence: tuple[EvidenceFact, ...]) -> bool:
    return all(any(satisfies(item, ev) for ev in evidence) for item in req.items)


class PythonEngine:
    name = "python"

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        return {ob.id: self.decide_one(ob, facts) for ob in facts.ruleset.obligations}

    def decide_one(self, ob: Obligation, facts: Facts) -> Verdict:
        rs, traits = facts.ruleset, facts.traits
        applies = evaluate(ob.applies_when, traits)
        if applies is Truth.FALSE:
            return Verdict(ob.id, "applicability")
        exempting = [(g, evaluate(g.when, traits)) for g in rs.exempting(ob.id)]
        for ground, truth in exempting:
            if truth is Truth.TRUE:
                return Verdict(ob.id, "ground", ground=ground.id)
        if ob.id in facts.waivers:
            return Verdict(ob.id, "waiver")
        if applies is Truth.UNKNOWN or any(t is Truth.UNKNOWN for _, t in exempting):
            return Verdict(ob.id, "unknown")
        requirement, variant = ob.requirement, None
        for ground in rs.tailoring(ob.id):
            truth = evaluate(ground.when, traits)
            if truth is Truth.UNKNOWN:
                return Verdict(ob.id, "unknown")
            if truth is Truth.TRUE:
                requirement, variant = ground.tailored[ob.id], ground.id
                break
        if facts.evidence is None:
            return Verdict(ob.id, "no_evidence_data", variant=variant)
        met = requirement_met(requirement, facts.evidence)
        return Verdict(ob.id, "met" if met else "gap", variant=variant)
