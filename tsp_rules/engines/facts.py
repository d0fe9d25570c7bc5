"""Facts: one profile resolved against a ruleset and a check date, ready for any engine.

Everything that depends on the calendar is decided here (which evidence is recent enough for which
cadence, which decisions are in force), so that engines see plain values and the same inputs always
give the same facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from tsp_rules.model import conditions as C
from tsp_rules.model.profile import Decision, Evidence, Profile
from tsp_rules.model.ruleset import Cadence, Ruleset
from tsp_rules.model.timing import Clock, Fit


@attrs.frozen
class Notice:
    """A warning about a profile or the run (an expired waiver, a check date outside the period, …)."""

    code: str
    profile: str | None = None
    obligation: str | None = None
    reference: str | None = None
    data: Mapping[str, Any] = attrs.field(factory=dict)

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.profile or "", self.obligation or "", self.code, self.reference or "")


class LazyFits(Mapping[str, Fit]):
    """Whether one evidence item is recent enough, per cadence key of the ruleset; each fit is computed
    when first read (most evidence is only ever checked against the one or two cadences that the
    requirements naming its kind use)."""

    __slots__ = ("_cadences", "_clock", "_date", "_done", "_period", "_until")

    def __init__(self, clock: Clock, cadences: Mapping[str, Cadence], date: dt.date, until: dt.date | None,
                 period: int) -> None:
        self._clock, self._cadences, self._date, self._until, self._period = clock, cadences, date, until, period
        self._done: dict[str, Fit] = {}

    def __getitem__(self, key: str) -> Fit:
        try:
            return self._done[key]
        except KeyError:
            fit = self._done[key] = self._clock.fit(self._cadences[key], self._date, self._until, self._period)
            return fit

    def ok(self, key: str) -> bool:
        """``self[key].ok``, without making the fit when it was not made before (:meth:`Clock.recent`)."""
        done = self._done.get(key)
        if done is not None:
            return done.ok
        return self._clock.recent(self._cadences[key], self._date, self._until, self._period)

    def __iter__(self) -> Iterator[str]:
        return iter(self._cadences)

    def __len__(self) -> int:
        return len(self._cadences)

    def __repr__(self) -> str:
        return f"LazyFits({dict(self)!r})"


@attrs.frozen
class EvidenceFact:
    index: int
    evidence: Evidence
    content: Mapping[str, C.Value]
    fits: LazyFits


class _Lazy:
    """The marker of evidence not resolved yet (see :attr:`Facts.evidence`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "LAZY"


LAZY: Any = _Lazy()


@attrs.frozen
class Facts:
    """One profile resolved for one check date.

    ``evidence`` (each item with its content checked and its recency per cadence) is built on first
    read: the compiled python engine decides from the profile's own evidence and the clock, so a report
    whose findings are all decided without reading it never builds it. ``Facts(..., evidence=None, ...)``
    says "no evidence data" whatever the profile lists; a tuple is taken as given.
    """

    profile: Profile
    ruleset: Ruleset
    clock: Clock
    traits: Mapping[str, C.Value]
    _evidence: tuple[EvidenceFact, ...] | None = attrs.field(alias="evidence")
    waivers: Mapping[str, Decision]
    notices: tuple[Notice, ...]
    _by_kind: dict[str, list[EvidenceFact]] | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def evidence_by_kind(self) -> Mapping[str, Sequence[EvidenceFact]]:
        """The resolved evidence items by kind, each kind's in the order the profile lists them (not to be
        changed: made once per facts)."""
        grouped = self._by_kind
        if grouped is None:
            grouped = {}
            for ev in self.evidence or ():
                grouped.setdefault(ev.evidence.kind, []).append(ev)
            object.__setattr__(self, "_by_kind", grouped)
        return grouped

    def evidence_of(self, kinds: tuple[str, ...]) -> list[EvidenceFact]:
        """The resolved evidence items of any of ``kinds``, in the order the profile lists them."""
        grouped = self.evidence_by_kind()
        if len(kinds) == 1:
            return list(grouped.get(kinds[0], ()))
        found = [ev for kind in dict.fromkeys(kinds) for ev in grouped.get(kind, ())]
        found.sort(key=lambda ev: ev.index)
        return found

    @property
    def evidence(self) -> tuple[EvidenceFact, ...] | None:
        found = self._evidence
        if found is LAZY:
            found = _evidence_facts(self.profile, self.ruleset, self.clock)
            object.__setattr__(self, "_evidence", found)
        return found

    @property
    def evidence_resolved(self) -> bool:
        """False while :attr:`evidence` is still to be built from the profile (see the class docstring)."""
        return self._evidence is not LAZY


def _content(evidence: Evidence, ruleset: Ruleset) -> dict[str, C.Value]:
    kind = ruleset.evidence_kinds[evidence.kind]
    values: dict[str, C.Value] = {}
    for field, domain in kind.content.items():
        raw = evidence.content.get(field)
        if raw is None:
            if domain.type == "set":
                values[field] = frozenset()  # an unnamed list is an empty one: it contains nothing
            continue
        value, _ = C.check_value(domain, raw)
        if value is not None:
            values[field] = value
    return values


def _evidence_facts(profile: Profile, ruleset: Ruleset, clock: Clock) -> tuple[EvidenceFact, ...] | None:
    if profile.evidence is None:
        return None
    cadences: dict[str, Cadence] = ruleset.memo("cadence_keys", lambda: {c.key: c for c in ruleset.cadences})
    facts = []
    kinds = ruleset.evidence_kinds
    for i, ev in enumerate(profile.evidence):
        if ev.kind not in kinds:
            continue  # another bundled ruleset's kind (accepted by the profile's validation): not this ruleset's
        content = _content(ev, ruleset)
        year = content.get("year")
        period = year if isinstance(year, int) and not isinstance(year, bool) else ev.date.year
        facts.append(EvidenceFact(i, ev, content, LazyFits(clock, cadences, ev.date, ev.valid_until, period)))
    return tuple(facts)


def resolve(profile: Profile, ruleset: Ruleset, as_of: dt.date) -> Facts:
    """Resolve ``profile`` against ``ruleset`` as of ``as_of``; raises ProfileError on bad input."""
    traits = profile.trait_values(ruleset)
    clock = Clock(as_of, ruleset.parameters)
    if not profile.decisions:
        return Facts(profile, ruleset, clock, traits, LAZY, {}, ())
    notices: list[Notice] = []
    waivers: dict[str, Decision] = {}
    warn_until = as_of + dt.timedelta(days=ruleset.parameters.waiver_warning_days)
    # sorted on every field, so that the outcome never depends on the order decisions are listed in
    for dec in sorted(profile.decisions, key=lambda d: (d.obligation, d.valid_until, d.reference, d.decided_on,
                                                        d.decided_by, d.justification)):
        base = {"valid_until": dec.valid_until.isoformat(), "decided_on": dec.decided_on.isoformat(),
                "decided_by": dec.decided_by}
        if dec.valid_until < as_of:
            notices.append(Notice("waiver_expired", profile.id, dec.obligation, dec.reference, base))
            continue
        if dec.decided_on > as_of:
            notices.append(Notice("waiver_not_yet_valid", profile.id, dec.obligation, dec.reference, base))
            continue
        if dec.obligation in waivers:
            notices.append(Notice("waiver_superseded", profile.id, dec.obligation,
                                  waivers[dec.obligation].reference, {"by": dec.reference}))
        waivers[dec.obligation] = dec  # the one valid longest wins
        if dec.valid_until <= warn_until:
            days = (dec.valid_until - as_of).days
            notices.append(Notice("waiver_expiring", profile.id, dec.obligation, dec.reference,
                                  {**base, "days_left": days}))
    return Facts(profile, ruleset, clock, traits, LAZY, waivers, tuple(notices))
