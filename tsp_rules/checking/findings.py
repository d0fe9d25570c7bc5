"""Findings and the report: the product's output, and the versioned JSON contract."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from tsp_rules.errors import UsageError
from tsp_rules.model import i18n
from tsp_rules.model.coverage import Coverage
from tsp_rules.model.profile import Action
from tsp_rules.model.ruleset import Citation, Lang, Ruleset, Text, Words, check_lang
from tsp_rules.texts import date_words, fill

T = TypeVar("T")

SCHEMA_VERSION = "1.4"


class Status(enum.StrEnum):
    MET = "met"
    GAP = "gap"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"

    def label(self, lang: Lang) -> str:
        return i18n.STATUS_LABELS[self.value].get(lang)


STATUSES: tuple[Status, ...] = tuple(Status)


ACTION_STATUS_LABELS: dict[str, Text] = {
    "planned": Text("planerad", "planned"),
    "in_progress": Text("pågående", "in progress"),
    "done": Text("klar", "done"),
}
"""An action's status in words."""

LIGHTS: tuple[str, ...] = ("green", "yellow", "red")
LIGHT_LABELS: dict[str, Text] = {
    "green": Text("grön", "green"),
    "yellow": Text("gul", "yellow"),
    "red": Text("röd", "red"),
}
"""The traffic light of a finding or a body (grön/gul/röd), always shown with its word, never by colour alone."""

ACTION_STANDINGS: tuple[str, ...] = ("on_track", "overdue", "done_unverified", "none")
"""How a gap or not-assessed finding stands with its actions (the summary counts these)."""


@attrs.frozen
class ActionState:
    """An action of a finding, as it stands on the check date: ``overdue`` (not done, target date passed)
    and ``unverified`` (marked done while the finding is still a gap or not assessed)."""

    action: Action
    overdue: bool
    unverified: bool

    @property
    def on_track(self) -> bool:
        """Open (planned or in progress) and its target date not passed."""
        return self.action.status != "done" and not self.overdue

    def status_label(self, lang: Lang) -> str:
        return ACTION_STATUS_LABELS[self.action.status].get(lang)

    def to_data(self, lang: Lang) -> dict[str, Any]:
        a = self.action
        return {
            "description": a.description, "responsible": a.responsible, "responsible_name": a.responsible_name,
            "decided_on": a.decided_on.isoformat(), "decided_by": a.decided_by,
            "target_date": a.target_date.isoformat(), "status": a.status, "status_label": self.status_label(lang),
            "reference": a.reference, "done_on": a.done_on.isoformat() if a.done_on else None,
            "overdue": self.overdue, "unverified": self.unverified,
        }


def action_states(actions: tuple[Action, ...], status: Status, as_of: dt.date) -> tuple[ActionState, ...]:
    """The actions of one finding as they stand on ``as_of``, in the order of the profile."""
    open_finding = status in (Status.GAP, Status.NOT_ASSESSED)
    return tuple(ActionState(a, a.overdue(as_of), open_finding and a.status == "done") for a in actions)


def standing(status: Status, actions: tuple[ActionState, ...]) -> str | None:
    """How a gap or not-assessed finding stands with its actions (one of :data:`ACTION_STANDINGS`), or None
    for any other finding: an overdue action counts first, then one on track, then one marked done."""
    if status not in (Status.GAP, Status.NOT_ASSESSED):
        return None
    if any(a.overdue for a in actions):
        return "overdue"
    if any(a.on_track for a in actions):
        return "on_track"
    if actions:
        return "done_unverified"
    return "none"


def light(status: Status, actions: tuple[ActionState, ...]) -> str | None:
    """The finding's traffic light: green when met or waived; yellow when a gap (or not assessed: missing
    data never passes) has an action on track and none overdue; red when it has an overdue action or none
    on track; None when the obligation does not apply."""
    if status in (Status.MET, Status.WAIVED):
        return "green"
    found = standing(status, actions)
    if found is None:
        return None
    return "yellow" if found == "on_track" else "red"


def worst_light(lights: Iterable[str | None]) -> str | None:
    """A body's traffic light: the worst of its findings' (None when none has a light)."""
    found = {x for x in lights if x is not None}
    for colour in ("red", "yellow", "green"):
        if colour in found:
            return colour
    return None


@attrs.frozen
class Reason:
    """One reason behind a finding: a stable code, and the values its message is built from."""

    code: str
    data: Mapping[str, Any] = attrs.field(factory=dict)

    def message(self, lang: Lang) -> str:
        return i18n.message(self.code, self.data, check_lang(lang))

    def to_data(self, lang: Lang, message: str | None = None) -> dict[str, Any]:
        """The reason in the JSON report (``message``: this reason's message in ``lang``, if already made)."""
        data = self.data
        out: dict[str, Any] = {"code": self.code, "message": self.message(lang) if message is None else message}
        keys = _machine_keys(tuple(data))
        if keys:
            out["data"] = {k: _plain(data[k], lang) for k in keys}
        return out


@functools.lru_cache(maxsize=1024)
def _machine_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys of a reason's data that the JSON report carries, in order (a reason code has few shapes)."""
    return tuple(sorted(k for k in keys if k in _MACHINE_KEYS))


_MACHINE_KEYS = {
    "reference", "date", "age_days", "max_months", "oldest", "valid_until", "year", "required_year",
    "election_year", "due", "ground", "traits", "kind_id", "decided_on", "decided_by", "issued_by", "merged_on",
}


def _plain(value: Any, lang: Lang) -> Any:
    if value.__class__ is str:
        return value
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, (tuple, list, frozenset)):
        return [_plain(v, lang) for v in (sorted(value) if isinstance(value, frozenset) else value)]
    return value


@attrs.frozen
class Replacement:
    """Why a finding does not apply when its part was replaced: the part, what replaced it, from which day,
    and whether the replacement is part of the check (a later programme is not; a law's successor encoded
    in the same ruleset is)."""

    part: str | None
    part_title: Text
    by: Text
    on: dt.date
    in_check: bool

    def words(self, lang: Lang) -> str:
        """'ersatt 23 mars 2020 av Säkerhetsprogram 2020–2023 (…), som inte ingår i kontrollen'."""
        template = REPLACED_NOTE["in" if self.in_check else "out"]
        by = self.by.get(lang)
        if date_words(self.on, lang) in by:  # 'Säkerhetsprogram 2020–2023 (kommunfullmäktige 23 mars 2020)'
            template = REPLACED_NOTE["in_dated" if self.in_check else "out_dated"]
        return fill(template, lang, by=by, replaced_on=self.on.isoformat())

    def to_data(self, lang: Lang) -> dict[str, Any]:
        return {"part": self.part, "part_title": self.part_title.get(lang), "by": self.by.get(lang),
                "on": self.on.isoformat(), "in_check": self.in_check}


REPLACED_NOTE: dict[str, Text] = {
    "out": Text("ersatt {replaced_on} av {by}, som inte ingår i kontrollen",
                "replaced on {replaced_on} by {by}, which is not part of this check"),
    "in": Text("ersatt {replaced_on} av {by}, som prövas i stället",
               "replaced on {replaced_on} by {by}, which is checked instead"),
    "out_dated": Text("ersatt av {by}, som inte ingår i kontrollen",
                      "replaced by {by}, which is not part of this check"),
    "in_dated": Text("ersatt av {by}, som prövas i stället", "replaced by {by}, which is checked instead"),
}
"""A replaced finding's note on its line and in its cell (the reason says it in full)."""


class Deferred(functools.partial):  # type: ignore[type-arg]
    """Reasons worked out when first read (see :class:`Finding`): ``Deferred(compute, *args)`` is called
    once by the finding, which then keeps the result. Pickled (to or from a worker process) as the reasons
    themselves, never as what computes them."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self(),))

    def __repr__(self) -> str:
        return "Deferred(...)"


@attrs.frozen(eq=False, init=False, weakref_slot=False)
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
    ruleset: str = ""
    """The id of the ruleset the obligation belongs to."""
    actions: tuple[ActionState, ...] = ()
    """The profile's actions for this obligation, as they stand on the check date (they never change the status)."""

    __hash__ = None  # type: ignore[assignment]  # reasons hold mappings

    def __init__(self, profile: str, obligation: str, focus_area: str, title: Text, status: Status,
                 tailoring: str | None, exemption: str | None, waiver: str | None,
                 reasons: tuple[Reason, ...] | Deferred, summary: Text, citation: Citation, ruleset: str = "",
                 actions: tuple[ActionState, ...] = ()) -> None:
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
        _SET_RULESET(self, ruleset)
        _SET_ACTIONS(self, actions)

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
                self.exemption, self.waiver, self.reasons, self.summary, self.citation, self.ruleset, self.actions)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    @property
    def replaced(self) -> Replacement | None:
        """Why the finding does not apply, when its part had been replaced on the check date (else None)."""
        if self.status is not Status.NOT_APPLICABLE or self.exemption is not None:
            return None
        for r in self.reasons:
            if r.code == "superseded" and r.data.get("replaced") and isinstance(r.data.get("superseded_by"), Text):
                return Replacement(r.data.get("part_id"), r.data["part"], r.data["superseded_by"],
                                   dt.date.fromisoformat(r.data["replaced_on"]), bool(r.data.get("in_check")))
        return None

    @property
    def light(self) -> str | None:
        """The traffic light (see :func:`light`)."""
        return light(self.status, self.actions)

    @property
    def standing(self) -> str | None:
        """How a gap or not-assessed finding stands with its actions (see :func:`standing`)."""
        return standing(self.status, self.actions)

    def with_actions(self, actions: tuple[ActionState, ...]) -> Finding:
        """This finding carrying ``actions`` (its status and reasons unchanged)."""
        return Finding(self.profile, self.obligation, self.focus_area, self.title, self.status, self.tailoring,
                       self.exemption, self.waiver, self._reasons, self.summary, self.citation, self.ruleset,
                       actions)

    def explanation(self, lang: Lang = "sv") -> str:
        lang = check_lang(lang)
        return " ".join([self.summary.get(lang), *(r.message(lang) for r in self.reasons)])

    def to_data(self, lang: Lang = "sv") -> dict[str, Any]:
        lang = check_lang(lang)
        reasons = self.reasons
        messages = [i18n.message(r.code, r.data, lang) for r in reasons]  # once, for reasons and explanation
        return {
            "profile": self.profile,
            "obligation": self.obligation,
            "focus_area": self.focus_area,
            "title": self.title.get(lang),
            "status": self.status.value,
            "tailoring": self.tailoring,
            "exemption": self.exemption,
            "waiver": self.waiver,
            "reasons": [r.to_data(lang, m) for r, m in zip(reasons, messages, strict=True)],
            "explanation": " ".join([self.summary.get(lang), *messages]),
            "citation": self.citation.to_data(),
            "ruleset": self.ruleset,
            "actions": [a.to_data(lang) for a in self.actions],
            "light": self.light,
            "replaced": replaced.to_data(lang) if (replaced := self.replaced) is not None else None,
        }


_SET_PROFILE, _SET_OBLIGATION, _SET_FOCUS_AREA, _SET_TITLE, _SET_STATUS, _SET_TAILORING, _SET_EXEMPTION, \
    _SET_WAIVER, _SET_REASONS, _SET_SUMMARY, _SET_CITATION, _SET_RULESET, _SET_ACTIONS = (
        Finding.__dict__[a.name].__set__ for a in attrs.fields(Finding))


def maker(cls: type[T]) -> Callable[..., T]:
    """A faster way to make an instance of the frozen attrs class ``cls`` (slotted, without a ``__weakref__``
    slot), taking all its fields positionally, in order: about three times faster than its ``__init__``, which
    sets each slot through ``object.__setattr__`` or a descriptor's ``__set__``. The values are stored by plain
    assignment in an object of a class with the same slots, which then becomes a ``cls``: CPython allows
    ``__class__`` assignment between classes with the same slots (it lays them out by name) on the same base,
    neither with a ``__weakref__`` slot. Nothing is checked or converted: for values the caller already has
    right (``tests/test_findings_fast.py`` compares the objects with those ``__init__`` makes)."""
    names = [a.name for a in attrs.fields(cls)]  # type: ignore[arg-type]
    slots = cls.__dict__["__slots__"]
    if sorted(slots) != sorted(names):
        raise TypeError(f"{cls.__name__}: only a slotted class without a __weakref__ slot can have a maker")
    source = (f"def __init__(self, {', '.join(names)}):\n"
              + "".join(f"    self.{n} = {n}\n" for n in names)
              + "    self.__class__ = cls\n")
    scope: dict[str, Any] = {"cls": cls}
    exec(compile(source, f"<maker of {cls.__name__}>", "exec"), scope)
    made = type(f"Make{cls.__name__}", (), {"__slots__": tuple(slots), "__init__": scope["__init__"],
                                           "__doc__": f"Makes a {cls.__name__} (see :func:`maker`)."})
    return made


NewFinding = maker(Finding)
"""``Finding(...)`` with every argument given, made faster (a report makes one per profile and obligation)."""



@attrs.frozen
class ReportWarning:
    """A warning in a report (an expired waiver, a check date outside the period, …): not a finding."""

    code: str
    data: Mapping[str, Any]
    profile: str | None = None
    obligation: str | None = None
    reference: str | None = None

    def message(self, lang: Lang) -> str:
        base = {"profile": self.profile, "obligation": self.obligation, "reference": self.reference}
        return i18n.message(self.code, {**base, **self.data}, check_lang(lang))

    def to_data(self, lang: Lang = "sv") -> dict[str, Any]:
        return {"code": self.code, "profile": self.profile, "obligation": self.obligation,
                "reference": self.reference, "message": self.message(lang)}


Warning = ReportWarning
"""The former name of :class:`ReportWarning`, kept inside the package; ``tsp_rules.Warning`` is deprecated."""


@attrs.frozen(weakref_slot=False)
class ProfileInfo:
    id: str
    name: str
    kind: str
    illustrative: bool

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "illustrative": self.illustrative}


@attrs.frozen
class RulesetInfo:
    """A ruleset of a report: its identity, its period, and why the check used it (``reason``:
    ``"given"``, named by the caller or with ``--ruleset``; ``"by_date"``, a bundled ruleset in force on
    the check date)."""

    id: str
    version: str
    digest: str
    title: Text
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    reason: str = "given"
    words: Words | None = attrs.field(default=None, eq=False)
    """How reports name what the ruleset checks and its areas (not part of the JSON report)."""
    coverage: Coverage | None = None
    """What the check covers with this ruleset on the check date (its coverage statement), if known."""
    reported_under: tuple[tuple[str, Text, str, tuple[str, ...]], ...] = attrs.field(default=(), eq=False)
    """The ruleset's obligations whose one finding another ruleset of the check gives (``same_duty_as``), as
    (obligation id, title, owner ruleset id, the owner's obligation ids of the same duty), in ruleset order:
    the reports say where they went (not part of the JSON report's ``rulesets``)."""

    @classmethod
    def of(cls, rs: Ruleset, reason: str = "given", as_of: dt.date | None = None,
           checked: Iterable[str] = ()) -> RulesetInfo:
        """The ruleset's identity; with ``as_of``, its coverage statement for that check date; with
        ``checked`` (the ids of every ruleset of the check), its obligations reported under another."""
        ids = [i for i in checked if i != rs.id]
        elsewhere = tuple((ob.id, ob.title, owner[0], tuple(o for r, o in ob.same_duty_as if r == owner[0]))
                          for ob in rs.obligations if ids and (owner := ob.owned_by(ids)) is not None)
        return cls(rs.id, rs.version, rs.digest, rs.title, rs.valid_from, rs.valid_to, reason, rs.words,
                   rs.coverage_on(as_of) if as_of is not None else None, elsewhere)

    def why(self, lang: Lang) -> str:
        """Why the ruleset was used, with its period in words ('valt efter kontrolldatum: gäller …')."""
        from tsp_rules.model.selection import reason_words

        if self.valid_from is None or self.valid_to is None:  # made by hand, without its period
            return reason_words(self.reason, None, None, lang)
        return reason_words(self.reason, self.valid_from, self.valid_to, lang)

    def to_data(self, lang: Lang) -> dict[str, Any]:
        """The ruleset in the JSON report's ``rulesets`` list."""
        return {"id": self.id, "version": self.version, "digest": self.digest, "title": self.title.get(lang),
                "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_to": self.valid_to.isoformat() if self.valid_to else None,
                "selected": self.reason, "reason": self.why(lang),
                "coverage": self.coverage.to_data(lang) if self.coverage is not None else None}


def action_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Gaps and not-assessed findings by how they stand with their actions (:data:`ACTION_STANDINGS`)."""
    found = Counter(f.standing for f in findings)
    return {k: found.get(k, 0) for k in ACTION_STANDINGS}


def replaced_count(findings: Iterable[Finding]) -> int:
    """The findings that do not apply because their part had been replaced by the check date."""
    return sum(1 for f in findings if f.status is Status.NOT_APPLICABLE and f.replaced is not None)


FAIL_ON: tuple[str, ...] = ("gap", "not_assessed", "never")


def exit_code_for(counts: Mapping[str, int], fail_on: str = "not_assessed") -> int:
    """The exit code of findings with these status counts: 1 when there is a gap, or (with the default
    ``fail_on="not_assessed"``) an obligation not assessed; ``fail_on="gap"`` fails on gaps only, and
    ``"never"`` never fails on findings (bad input and internal errors still do)."""
    if fail_on not in FAIL_ON:
        raise UsageError(f"fail_on must be one of {', '.join(FAIL_ON)}, got {fail_on!r}")
    if fail_on == "never":
        return 0
    if counts.get("gap"):
        return 1
    return 1 if fail_on == "not_assessed" and counts.get("not_assessed") else 0


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
    rulesets: tuple[RulesetInfo, ...] = ()
    """Every ruleset of the check, in the order reported (empty: only ``ruleset``); ``ruleset`` is the
    first."""
    all_rules: tuple[Ruleset, ...] = attrs.field(default=(), eq=False, repr=False)
    """The compiled rulesets, in the order of ``rulesets`` (empty: only ``rules``)."""
    _memo: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False, hash=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value derived from this report (an index, an order), computed once, so that renderers stay
        linear in the number of findings (safe under threads: the worst case is computing it twice)."""
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(f.status.value for f in self.findings)
        return {s.value: found.get(s.value, 0) for s in STATUSES}

    @property
    def action_counts(self) -> dict[str, int]:
        """Gaps and not-assessed findings by how they stand with their actions (:data:`ACTION_STANDINGS`)."""
        return action_counts(self.findings)

    @property
    def replaced_count(self) -> int:
        """How many of the not-applicable findings do not apply because their part had been replaced (counted
        apart from those that do not apply for a ground or by their scope)."""
        return replaced_count(self.findings)

    def exit_code(self, fail_on: str = "not_assessed") -> int:
        """0: no gaps and nothing unassessed; 1: at least one gap or not-assessed obligation (see
        :func:`exit_code_for` for ``fail_on``)."""
        return exit_code_for(self.counts, fail_on)

    def for_profile(self, profile_id: str) -> tuple[Finding, ...]:
        """The findings of one profile (from an index built once per report)."""
        return self.memo("by_profile", self._by_profile).get(profile_id, ())

    def _by_profile(self) -> dict[str, tuple[Finding, ...]]:
        groups: dict[str, list[Finding]] = {}
        for f in self.findings:
            groups.setdefault(f.profile, []).append(f)
        return {k: tuple(v) for k, v in groups.items()}

    @property
    def coverage(self) -> tuple[Coverage, ...]:
        """The coverage statement of each ruleset on the check date, in the order reported: what is
        checked, what was in force but is not encoded, and what was read only second-hand."""
        out = []
        for info in self.ruleset_infos:
            if info.coverage is not None:
                out.append(info.coverage)
            else:
                rs = self.rules_of(info.id)
                if rs is not None:
                    out.append(rs.coverage_on(self.as_of))
        return tuple(out)

    @property
    def ruleset_infos(self) -> tuple[RulesetInfo, ...]:
        """Every ruleset of the report, in the order reported."""
        return self.rulesets or (self.ruleset,)

    @property
    def multi(self) -> bool:
        """Whether the report holds findings of more than one ruleset."""
        return len(self.ruleset_infos) > 1

    def rules_of(self, ruleset_id: str) -> Ruleset | None:
        """The compiled ruleset with this id, if the report has it."""
        for rs in self.all_rules or ((self.rules,) if self.rules is not None else ()):
            if rs.id == ruleset_id:
                return rs
        return None

    def parts(self) -> list[Report]:
        """The report split by ruleset, in the order reported: one report per ruleset with its findings and
        every profile (the warnings in the first). A report of one ruleset is its own only part."""
        if not self.multi:
            return [self]
        return self.memo("parts", self._parts)

    def _parts(self) -> list[Report]:
        groups: dict[str, list[Finding]] = {info.id: [] for info in self.ruleset_infos}
        for f in self.findings:
            groups.setdefault(f.ruleset, []).append(f)
        # the warnings (about the run and about bodies, not about a ruleset) go with the first part only
        return [Report(info, self.as_of, self.engine, self.profiles, tuple(groups[info.id]),
                       self.warnings if i == 0 else (), self.rules_of(info.id), self.absent, (info,), ())
                for i, info in enumerate(self.ruleset_infos)]

    def to_data(self, lang: Lang = "sv") -> dict[str, Any]:
        check_lang(lang)
        return {
            "schema_version": SCHEMA_VERSION,
            "ruleset": {"id": self.ruleset.id, "version": self.ruleset.version, "digest": self.ruleset.digest},
            "rulesets": [info.to_data(lang) for info in self.ruleset_infos],
            "as_of": self.as_of.isoformat(),
            "engine": self.engine,
            "lang": lang,
            "profiles": [p.to_data() for p in self.profiles],
            "findings": [f.to_data(lang) for f in self.findings],
            "warnings": [w.to_data(lang) for w in self.warnings],
            "summary": {"profiles": len(self.profiles), "findings": len(self.findings), **self.counts,
                        "replaced": self.replaced_count, "actions": self.action_counts},
        }

    def to_json(self, lang: Lang = "sv") -> str:
        from tsp_rules.documents.pretty_json import pretty  # byte-identical to json.dumps(indent=2), faster

        return pretty(self.to_data(lang)) + "\n"
