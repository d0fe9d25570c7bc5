"""The reference evaluator: the readable reading of the rules, evaluated directly on the IR.

It is slow (every condition walked per obligation, every evidence item checked per requirement) and
kept as the specification that the compiled python engine (:mod:`tsp_rules.engines.python`) and the
durable-rules back end are tested against; ``get_engine("reference")`` returns it. The explanations
(:mod:`tsp_rules.checking.explain`) use its ``satisfies`` to say why a requirement is or is not met.
"""

from __future__ import annotations

from collections.abc import Mapping

from tsp_rules.engines.base import Verdict
from tsp_rules.engines.facts import EvidenceFact, Facts
from tsp_rules.model.conditions import Truth, evaluate
from tsp_rules.model.ruleset import EvidenceRequirement, Obligation, Requirement


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


def item_kinds(item: EvidenceRequirement) -> tuple[str, ...]:
    """Every evidence kind any option of the item accepts, each once, in order."""
    return tuple(dict.fromkeys(kind for option in item.options for kind in option.kinds))


def requirement_met(req: Requirement, evidence: tuple[EvidenceFact, ...] | Mapping[str, list[EvidenceFact]]
                    ) -> bool:
    """Whether every item of the requirement is met by some evidence item (``evidence`` may be given
    grouped by kind, which is faster and gives the same answer)."""
    if isinstance(evidence, Mapping):
        return all(any(satisfies(item, ev) for kind in item_kinds(item) for ev in evidence.get(kind, ()))
                   for item in req.items)
    return all(any(satisfies(item, ev) for ev in evidence) for item in req.items)


def by_kind(evidence: tuple[EvidenceFact, ...]) -> dict[str, list[EvidenceFact]]:
    grouped: dict[str, list[EvidenceFact]] = {}
    for ev in evidence:
        grouped.setdefault(ev.evidence.kind, []).append(ev)
    return grouped


class ReferenceEngine:
    name = "reference"

    def decide(self, facts: Facts) -> dict[str, Verdict]:
        grouped = by_kind(facts.evidence) if facts.evidence is not None else None
        return {ob.id: self.decide_one(ob, facts, grouped) for ob in facts.ruleset.obligations}

    def decide_one(self, ob: Obligation, facts: Facts, grouped: Mapping[str, list[EvidenceFact]] | None = None
                   ) -> Verdict:
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
        met = requirement_met(requirement, grouped if grouped is not None else facts.evidence)
        return Verdict(ob.id, "met" if met else "gap", variant=variant)
