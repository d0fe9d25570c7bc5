"""What every engine returns, and the protocol it implements."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Protocol

import attrs

from tsp_rules.engines.facts import Facts

Cause = Literal["applicability", "ground", "waiver", "unknown", "no_evidence_data", "met", "gap",
                "superseded", "not_yet_in_force"]
STATUS_OF_CAUSE: dict[str, str] = {
    "superseded": "not_applicable",
    "not_yet_in_force": "not_applicable",
    "applicability": "not_applicable",
    "ground": "not_applicable",
    "waiver": "waived",
    "unknown": "not_assessed",
    "no_evidence_data": "not_assessed",
    "met": "met",
    "gap": "gap",
}


@attrs.frozen
class Verdict:
    """An engine's decision for one obligation: why, by which ground, with which requirement variant.

    ``ground`` is the exempting ground for cause ``ground``; ``variant`` is the tailoring ground whose
    re-scoped requirement was applied (None: the obligation's own requirement, or not evaluated).
    """

    obligation: str
    cause: Cause
    ground: str | None = None
    variant: str | None = None

    @property
    def status(self) -> str:
        return STATUS_OF_CAUSE[self.cause]


class Engine(Protocol):
    name: str

    def decide(self, facts: Facts) -> Mapping[str, Verdict]:
        """A verdict for every obligation of ``facts.ruleset``, keyed by obligation id."""
        ...
