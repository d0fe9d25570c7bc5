"""Findings and the report: the product's output, and the versioned JSON contract."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import Counter
from collections.abc import Mapping
from typing import Any

import attrs

from tsp_rules import i18n
from tsp_rules.ruleset import Citation, Lang, Ruleset, Text

SCHEMA_VERSION = "1.1"


class Status(enum.StrEnum):
    MET = "met"
    GAP = "gap"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"

    def label(self, lang: Lang) -> str:
        return i18n.STATUS_LABELS[self.value].get(lang)


STATUSES: tuple[Status, ...] = tuple(Status)


@attrs.frozen
class Reason:
    """One reason behind a finding: a stable code, and the values its message is built from."""

    code: str
    data: Mapping[str, Any] = attrs.field(factory=dict)

    def message(self, lang: Lang) -> str:
        return i18n.message(self.code, self.data, lang)

    def to_data(self, lang: Lang, message: str | None = None) -> dict[str, Any]:
        """The reason in the JSON report (``message``: this reason's message in ``lang``, if already made)."""
        out: dict[str, Any] = {"code": self.code, "message": self.message(lang) if message is None else message}
        plain = {k: _plain(v, lang) for k, v in sorted(self.data.items()) if k in _MACHINE_KEYS}
        if plain:
            out["data"] = plain
        return out


_MACHINE_KEYS = {
    "reference", "date", "age_days", "max_months", "oldest", "valid_until", "year", "required_year",
    "election_year", "due", "ground", "traits", "kind_id", "decided_on", "decided_by",
}


def _plain(value: Any, lang: Lang) -> Any:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, (tuple, list, frozenset)):
        return [_plain(v, lang) for v in (sorted(value) if isinstance(value, frozenset) else value)]
    return value


class Deferred(functools.partial):  # type: ignore[type-arg]
    """Reasons worked out when first read (see :class:`Finding`): ``Deferred(compute, *args)`` is called
    once by the finding, which then keeps the result. Pickled (to or from a worker process) as the reasons
    themselves, never as what computes them."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self(),))

    def __repr__(self) -> str:
        return "Deferred(...)"


@attrs.frozen(eq=False, init=False)
class Finding:
    """The outcome for one profile and obligation. ``reasons`` may be given as a :class:`Deferred`: they
    are then worked out the first time they are read (a renderer that shows only statuses never pays
    for them). Findings compare equal when all their values, reasons included, are equal."""

    profile: str
    obligation: str
    focus_area: str
    title: Text
    status: Status
    tailoring: str | None
    exemption: str | None
    waiver: str | None
    _reasons: tuple[Reason, ...] | Deferred = attrs.field(alias="reasons")
    summary: Text
    citation: Citation

    __hash__ = None  # type: ignore[assignment]  # reasons hold mappings

    def __init__(self, profile: str, obligation: str, focus_area: str, title: Text, status: Status,
                 tailoring: str | None, exemption: str | None, waiver: str | None,
                 reasons: tuple[Reason, ...] | Deferred, summary: Text, citation: Citation) -> None:
        # what attrs would generate for a frozen class, through the slots' own setters (about 3x faster:
        # a report makes one finding per profile and obligation)
        _SET_PROFILE(self, profile)
        _SET_OBLIGATION(self, obligation)
        _SET_FOCUS_AREA(self, focus_area)
        _SET_TITLE(self, title)
        _SET_STATUS(self, status)
        _SET_TAILORING(self, tailoring)
        _SET_EXEMPTION(self, exemption)
        _SET_WAIVER(self, waiver)
        _SET_REASONS(self, reasons)
        _SET_SUMMARY(self, summary)
        _SET_CITATION(self, citation)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        found = self._reasons
        if type(found) is not tuple:
            assert isinstance(found, Deferred)
            found = found()
            _SET_REASONS(self, found)
        return found

    def _key(self) -> tuple[Any, ...]:
        return (self.profile, self.obligation, self.focus_area, self.title, self.status, self.tailoring,
                self.exemption, self.waiver, self.reasons, self.summary, self.citation)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def explanation(self, lang: Lang = "sv") -> str:
        return " ".join([self.summary.get(lang), *(r.message(lang) for r in self.reasons)])

    def to_data(self, lang: Lang = "sv") -> dict[str, Any]:
        messages = [r.message(lang) for r in self.reasons]  # each formatted once, for reasons and explanation
        return {
            "profile": self.profile,
            "obligation": self.obligation,
            "focus_area": self.focus_area,
            "title": self.title.get(lang),
            "status": self.status.value,
            "tailoring": self.tailoring,
            "exemption": self.exemption,
            "waiver": self.waiver,
            "reasons": [r.to_data(lang, m) for r, m in zip(self.reasons, messages, strict=True)],
            "explanation": " ".join([self.summary.get(lang), *messages]),
            "citation": self.citation.to_data(),
        }


_SET_PROFILE, _SET_OBLIGATION, _SET_FOCUS_AREA, _SET_TITLE, _SET_STATUS, _SET_TAILORING, _SET_EXEMPTION, \
    _SET_WAIVER, _SET_REASONS, _SET_SUMMARY, _SET_CITATION = (
        Finding.__dict__[a.name].__set__ for a in attrs.fields(Finding))


@attrs.frozen
class Warning:
    code: str
    data: Mapping[str, Any]
    profile: str | None = None
    obligation: str | None = None
    reference: str | None = None

    def message(self, lang: Lang) -> str:
        base = {"profile": self.profile, "obligation": self.obligation, "reference": self.reference}
        return i18n.message(self.code, {**base, **self.data}, lang)

    def to_data(self, lang: Lang = "sv") -> dict[str, Any]:
        return {"code": self.code, "profile": self.profile, "obligation": self.obligation,
                "reference": self.reference, "message": self.message(lang)}


@attrs.frozen
class ProfileInfo:
    id: str
    name: str
    kind: str
    illustrative: bool

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "illustrative": self.illustrative}


@attrs.frozen
class RulesetInfo:
    id: str
    version: str
    digest: str
    title: Text


@attrs.frozen
class Report:
    ruleset: RulesetInfo
    as_of: dt.date
    engine: str
    profiles: tuple[ProfileInfo, ...]
    findings: tuple[Finding, ...]
    warnings: tuple[Warning, ...]
    rules: Ruleset | None = attrs.field(default=None, eq=False, repr=False)
    """The compiled ruleset the report was made with, for renderers (obligation order and texts, ground
    citations); not part of the JSON contract."""
    absent: tuple[ProfileInfo, ...] = ()
    """The bodies given but not checked, because they did not exist on ``as_of`` (each has a warning that
    says so); not in ``profiles`` nor in the JSON report's ``profiles``."""

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(f.status.value for f in self.findings)
        return {s.value: found.get(s.value, 0) for s in STATUSES}

    def exit_code(self) -> int:
        """0: no gaps and nothing unassessed; 1: at least one gap or not-assessed obligation."""
        counts = self.counts
        return 1 if counts["gap"] or counts["not_assessed"] else 0

    def for_profile(self, profile_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.profile == profile_id)

    def to_data(self, lang: Lang = "sv") -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "ruleset": {"id": self.ruleset.id, "version": self.ruleset.version, "digest": self.ruleset.digest},
            "as_of": self.as_of.isoformat(),
            "engine": self.engine,
            "lang": lang,
            "profiles": [p.to_data() for p in self.profiles],
            "findings": [f.to_data(lang) for f in self.findings],
            "warnings": [w.to_data(lang) for w in self.warnings],
            "summary": {"profiles": len(self.profiles), "findings": len(self.findings), **self.counts},
        }

    def to_json(self, lang: Lang = "sv") -> str:
        from tsp_rules.renderers.json import render  # the fast encoder, byte-identical to json.dumps(indent=2)

        return render(self, lang)
