"""Which rulesets a check uses, and how one profile is checked against several.

:func:`select_rulesets` picks the rulesets of a check: the ones given (``--ruleset``, in the order given,
each at most once), or, when none is given, the bundled rulesets in force on the check date
(:func:`bundled_in_force`). Each comes with the reason it was chosen, which the report's header states.

With several rulesets a profile is validated once against their union (:func:`union_ruleset`): a trait,
an evidence kind or a decision's obligation must be known to at least one of them. Each ruleset is then
evaluated with only what it knows (:func:`restrict`): its own traits, evidence kinds and content fields,
and decisions on its own obligations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from tsp_rules.documents.loading import load_document
from tsp_rules.errors import Problem, RulesetError, UsageError, q
from tsp_rules.model import conditions as C
from tsp_rules.model.compiler import bundled_rulesets, load_ruleset
from tsp_rules.model.ruleset import EvidenceKind, Ruleset, Trait
from tsp_rules.texts import Lang, Text, date_words, fill_both

GIVEN = "given"
BY_DATE = "by_date"
REASONS = (GIVEN, BY_DATE)

_REASON_TEXT = {
    GIVEN: Text("angivet för kontrollen", "named for the check"),
    BY_DATE: Text("valt efter kontrolldatum", "chosen by the check date"),
}
_REASON_PLURAL = {
    GIVEN: Text("angivna för kontrollen", "named for the check"),
    BY_DATE: Text("valda efter kontrolldatum", "chosen by the check date"),
}
_PERIOD = Text("gäller {start}–{end}", "in force {start} to {end}")


def period_words(valid_from: dt.date, valid_to: dt.date, lang: Lang) -> str:
    """'gäller 1 januari 2018–31 december 2026' / 'in force 1 January 2018 to 31 December 2026'."""
    return _PERIOD.get(lang).format(start=date_words(valid_from, lang), end=date_words(valid_to, lang))


def reason_words(reason: str, valid_from: dt.date | None, valid_to: dt.date | None, lang: Lang) -> str:
    """Why a ruleset was used, with its period: 'valt efter kontrolldatum: gäller 1 januari 2018–…'
    (without a period when it is not known)."""
    if valid_from is None or valid_to is None:
        return _REASON_TEXT[reason].get(lang)
    return f"{_REASON_TEXT[reason].get(lang)}: {period_words(valid_from, valid_to, lang)}"


def reason_heading(reasons: Sequence[str], lang: Lang) -> str | None:
    """'Regelverken är valda efter kontrolldatum' for several rulesets chosen for one reason (None when
    the reasons differ)."""
    if len(set(reasons)) != 1:
        return None
    text = _REASON_PLURAL[reasons[0]].get(lang)
    return f"Regelverken är {text}" if lang == "sv" else f"The rulesets were {text}"


def reason_sentence(reason: str, valid_from: dt.date, valid_to: dt.date, lang: Lang) -> str:
    """'Regelverket är valt efter kontrolldatum: gäller 1 januari 2018–31 december 2026.'"""
    words = reason_words(reason, valid_from, valid_to, lang)
    return f"Regelverket är {words}." if lang == "sv" else f"The ruleset was {words}."


@attrs.frozen
class Selected:
    """A ruleset of a check and why it is used (:data:`GIVEN` or :data:`BY_DATE`)."""

    ruleset: Ruleset
    reason: str = GIVEN


def _period_key(rs: Ruleset) -> tuple[dt.date, dt.date, str]:
    return (rs.valid_from, rs.valid_to, rs.id)


def bundled_in_force(day: dt.date) -> tuple[Ruleset, ...]:
    """The bundled rulesets whose period contains ``day``, the earliest starting first (then the earliest
    ending, then by id): as of 2019-11-30 ``tsp-2018-2021`` and ``lagkrav-kommun``."""
    found = [rs for rs in (load_ruleset(name) for name in bundled_rulesets()) if rs.valid_from <= day <= rs.valid_to]
    return tuple(sorted(found, key=_period_key))


def none_in_force(day: dt.date) -> UsageError:
    """The error for a check date on which no bundled ruleset is in force: it names the date, the bundled
    rulesets' periods, and suggests ``--ruleset``."""
    periods = sorted((load_ruleset(name) for name in bundled_rulesets()), key=_period_key)
    sv = "; ".join(f"{rs.id} {period_words(rs.valid_from, rs.valid_to, 'sv')}" for rs in periods) or "inga"
    en = "; ".join(f"{rs.id} {period_words(rs.valid_from, rs.valid_to, 'en')}" for rs in periods) or "none"
    return UsageError(Text(
        f"inget inbyggt regelverk gäller per {date_words(day, 'sv')} ({sv}); välj ett regelverk med --ruleset "
        "eller ett annat kontrolldatum med --as-of",
        f"no bundled ruleset is in force as of {date_words(day, 'en')} ({en}); choose a ruleset with --ruleset "
        "or another check date with --as-of"))


def select_rulesets(given: Iterable[Ruleset | str | Path] | None, day: dt.date) -> tuple[Selected, ...]:
    """The rulesets of a check on ``day``: those ``given``, in that order (a ruleset given twice, by the
    same id, is a :class:`UsageError`); with none given, the bundled rulesets in force on ``day`` (none in
    force is a :class:`UsageError` too)."""
    items = list(given or ())
    if not items:
        found = bundled_in_force(day)
        if not found:
            raise none_in_force(day)
        return tuple(Selected(rs, BY_DATE) for rs in found)
    loaded = [item if isinstance(item, Ruleset) else load_ruleset(item) for item in items]
    seen: set[str] = set()
    for rs in loaded:
        if rs.id in seen:
            raise UsageError(Text(f"regelverket {rs.id} är angivet mer än en gång; ange varje regelverk en gång",
                                  f"the ruleset {rs.id} is given more than once; give each ruleset once"))
        seen.add(rs.id)
    return tuple(Selected(rs) for rs in loaded)


# ------------------------------------------------------------------------------------ several at once


def _where(rs: Ruleset, path: tuple[str | int, ...]) -> tuple[int, int]:
    try:
        return load_document(rs.file, lenient=True).locate(path, at_key=True) if rs.file else (1, 1)
    except Exception:
        return (1, 1)


def _conflicts(rulesets: Sequence[Ruleset]) -> list[Problem]:
    """A trait, or an evidence kind's content field, that two rulesets define differently."""
    problems: list[Problem] = []
    traits: dict[str, tuple[Ruleset, C.Domain]] = {}
    fields: dict[tuple[str, str], tuple[Ruleset, C.Domain]] = {}
    for rs in rulesets:
        for name, trait in rs.traits.items():
            first = traits.setdefault(name, (rs, trait.domain))
            if first[1] != trait.domain:
                line, col = _where(rs, ("traits", name))
                problems.append(Problem(rs.file or rs.id, line, col, fill_both(Text(
                    "egenskapen {trait} definieras olika i regelverken {a} och {b}; en egenskap ska ha samma "
                    "typ och värden i alla regelverk som kontrolleras tillsammans",
                    "the trait {trait} is defined differently in the rulesets {a} and {b}; a trait must have the "
                    "same type and values in every ruleset checked together"),
                    trait=q(name), a=q(first[0].id), b=q(rs.id)), f"traits.{name}"))
        for kid, kind in rs.evidence_kinds.items():
            for field, domain in kind.content.items():
                seen = fields.setdefault((kid, field), (rs, domain))
                if seen[1] != domain:
                    line, col = _where(rs, ("evidence_kinds", kid, "content", field))
                    problems.append(Problem(rs.file or rs.id, line, col, fill_both(Text(
                        "innehållsfältet {field} i underlagstypen {kind} definieras olika i regelverken {a} och {b}",
                        "the content field {field} of the evidence kind {kind} is defined differently in the "
                        "rulesets {a} and {b}"), field=q(field), kind=q(kid), a=q(seen[0].id), b=q(rs.id)),
                        f"evidence_kinds.{kid}.content.{field}"))
    return problems


def union_ruleset(rulesets: Sequence[Ruleset]) -> Ruleset:
    """A ruleset that knows every trait, evidence kind (with every content field) and obligation of
    ``rulesets``, to validate a profile against all of them at once; never evaluated. One ruleset is
    returned as it is. Raises :class:`RulesetError` when two of them define a trait or a content field
    differently."""
    if len(rulesets) == 1:
        return rulesets[0]
    problems = _conflicts(rulesets)
    if problems:
        raise RulesetError(problems)
    traits: dict[str, Trait] = {}
    kinds: dict[str, EvidenceKind] = {}
    for rs in rulesets:
        for name, trait in rs.traits.items():
            traits.setdefault(name, trait)
        for kid, kind in rs.evidence_kinds.items():
            if kid in kinds:
                old = kinds[kid]
                kind = attrs.evolve(old, content={**kind.content, **old.content},
                                    labels={**kind.labels, **old.labels})
            kinds[kid] = kind
    first = rulesets[0]
    digest = "sha256:" + hashlib.sha256(" ".join(rs.digest for rs in rulesets).encode()).hexdigest()
    return attrs.evolve(first, id=" + ".join(rs.id for rs in rulesets), digest=digest, traits=traits,
                        evidence_kinds=kinds, obligations=tuple(ob for rs in rulesets for ob in rs.obligations),
                        grounds=(), members=tuple(rs.id for rs in rulesets))


def validation_ruleset(chosen: Sequence[Selected]) -> Ruleset:
    """What a profile is validated against in a check with the rulesets ``chosen``: their union; and when
    the rulesets were chosen by the check date, the union with the other bundled rulesets too. A profile
    written for a bundled ruleset that is not in force on the date (the Stockholm programme, checked today)
    is then not refused for its traits, evidence and decisions: what only that ruleset uses is left out of
    the check, and the report says so (see :func:`unused_by`). A trait or kind known to no bundled ruleset
    is still an error."""
    found = [c.ruleset for c in chosen]
    if not any(c.reason == BY_DATE for c in chosen):
        return union_ruleset(found)
    ids = {rs.id for rs in found}
    others = sorted((load_ruleset(name) for name in bundled_rulesets() if name not in ids), key=_period_key)
    return union_ruleset([*found, *(rs for rs in others if rs.id not in ids)])


def unused_by(profile: Any, rulesets: Sequence[Ruleset]) -> tuple[int, int, int]:
    """How many of ``profile``'s traits, evidence items and decisions none of ``rulesets`` uses."""
    key = tuple(rs.digest for rs in rulesets)
    known = _KNOWN.get(key)
    if known is None:
        if len(_KNOWN) >= 64:
            _KNOWN.clear()
        known = _KNOWN[key] = (frozenset().union(*(rs.traits for rs in rulesets)),
                               frozenset().union(*(rs.evidence_kinds for rs in rulesets)),
                               frozenset().union(*(rs.obligation_ids for rs in rulesets)))
    traits, kinds, obligations = known
    return (sum(1 for name in profile.traits if name not in traits),
            sum(1 for ev in profile.evidence or () if ev.kind not in kinds),
            sum(1 for d in profile.decisions if d.obligation not in obligations))


_KNOWN: dict[tuple[str, ...], tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}
"""The trait names, evidence kinds and obligation ids of a set of rulesets, by their digests."""


def restrict(profile: Any, rs: Ruleset, union: Ruleset | None = None) -> Any:
    """``profile`` with only what ``rs`` knows: its traits, evidence of its kinds (with its content fields),
    and decisions and actions on its obligations (a profile already valid against a union that includes ``rs``).

    With ``union`` (the union the profile was checked against, see :meth:`Profile.trait_values`), the profile
    returned counts as checked against ``rs`` too, with the union's trait values that ``rs`` declares, when
    ``rs`` declares its traits and evidence kinds as the union does: checking it again could find nothing."""
    restricted = _restricted(profile, rs)
    if union is not None and union is not rs:
        restricted.take_check(profile, union, rs)
    return restricted


def _restricted(profile: Any, rs: Ruleset) -> Any:
    traits = {k: v for k, v in profile.traits.items() if k in rs.traits}
    evidence = profile.evidence
    if evidence is not None:
        kinds = rs.evidence_kinds
        evidence = tuple(
            ev if all(f in kinds[ev.kind].content for f in ev.content) else attrs.evolve(
                ev, content={f: v for f, v in ev.content.items() if f in kinds[ev.kind].content})
            for ev in evidence if ev.kind in kinds)
    ids = set(rs.obligation_ids)
    decisions = tuple(d for d in profile.decisions if d.obligation in ids)
    actions = tuple(a for a in profile.actions if a.obligation in ids)
    if (len(traits) == len(profile.traits) and decisions == profile.decisions and actions == profile.actions
            and (evidence is None or evidence == profile.evidence)):
        return profile
    return attrs.evolve(profile, traits=traits, evidence=evidence, decisions=decisions, actions=actions)


__all__ = ["BY_DATE", "GIVEN", "REASONS", "Selected", "bundled_in_force", "none_in_force", "period_words",
           "reason_heading", "reason_sentence", "reason_words", "restrict", "select_rulesets", "union_ruleset",
           "unused_by", "validation_ruleset"]
