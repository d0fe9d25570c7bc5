"""Rulesets side by side: the bundled rulesets with their periods (which are in force on a date), and what
changed between two rulesets or two versions of one (obligations added, removed and changed, aspect by
aspect: title, text, applicability, evidence, cadence, exemption grounds, sources, period).

Used by ``tsp-check rulesets`` and ``tsp-check diff-rulesets``; the rendering here is plain text (Swedish
or English) and JSON-ready data, both deterministic.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import attrs

from tsp_rules.model import conditions as C
from tsp_rules.model.compiler import bundled_rulesets, load_ruleset
from tsp_rules.model.coverage import LABEL, Coverage
from tsp_rules.model.ruleset import Citation, Lang, Obligation, Ruleset, Text
from tsp_rules.texts import date_words

# ---------------------------------------------------------------------------------- bundled periods


@attrs.frozen
class PartPeriod:
    id: str
    title: Text
    valid_from: dt.date | None
    valid_to: dt.date | None
    in_force: bool


@attrs.frozen
class RulesetPeriod:
    id: str
    version: str
    title: Text
    valid_from: dt.date
    valid_to: dt.date
    in_force: bool
    parts: tuple[PartPeriod, ...]
    coverage: Coverage | None = None
    """What a check with the ruleset covers on the date (its coverage statement)."""

    def to_data(self, lang: Lang) -> dict[str, Any]:
        return {
            "id": self.id, "version": self.version, "title": self.title.get(lang),
            "valid_from": self.valid_from.isoformat(), "valid_to": self.valid_to.isoformat(),
            "in_force": self.in_force,
            "parts": [{"id": p.id, "title": p.title.get(lang),
                       "valid_from": p.valid_from.isoformat() if p.valid_from else None,
                       "valid_to": p.valid_to.isoformat() if p.valid_to else None,
                       "in_force": p.in_force} for p in self.parts],
            "coverage": self.coverage.to_data(lang) if self.coverage is not None else None,
        }


def ruleset_period(rs: Ruleset, as_of: dt.date) -> RulesetPeriod:
    """``rs`` with its period and its parts' periods, and whether each is in force on ``as_of``."""
    whole = rs.valid_from <= as_of <= rs.valid_to
    parts = tuple(
        PartPeriod(p.id, p.title, p.valid_from, p.valid_to,
                   whole and (p.valid_from is None or p.valid_from <= as_of)
                   and (p.valid_to is None or as_of <= p.valid_to))
        for p in rs.parts)
    return RulesetPeriod(rs.id, rs.version, rs.title, rs.valid_from, rs.valid_to, whole, parts,
                         rs.coverage_on(as_of))


def bundled_periods(as_of: dt.date) -> list[RulesetPeriod]:
    """Every bundled ruleset, by id, with its period and whether it is in force on ``as_of``."""
    return [ruleset_period(load_ruleset(name), as_of) for name in sorted(bundled_rulesets())]


_PERIODS_TEXT = {
    "head": Text("Inbyggda regelverk per {as_of}", "Bundled rulesets as of {as_of}"),
    "yes": Text("gäller", "in force"),
    "no": Text("gäller inte", "not in force"),
    "open": Text("…", "…"),
    "none": Text("Inga inbyggda regelverk gäller per {as_of}.", "No bundled ruleset is in force as of {as_of}."),
    "count": Text("{n} av {total} gäller per {as_of}: {ids}.", "{n} of {total} in force as of {as_of}: {ids}."),
}


def _span(start: dt.date | None, end: dt.date | None, lang: Lang) -> str:
    open_ = _PERIODS_TEXT["open"].get(lang)
    return f"{start.isoformat() if start else open_} – {end.isoformat() if end else open_}"


def render_periods(periods: Iterable[RulesetPeriod], as_of: dt.date, lang: Lang) -> str:
    periods = list(periods)
    day = date_words(as_of, lang)  # running text: the date in words (the table's spans stay YYYY-MM-DD)
    lines = [_PERIODS_TEXT["head"].get(lang).format(as_of=day), ""]
    for p in periods:
        state = _PERIODS_TEXT["yes" if p.in_force else "no"].get(lang)
        lines.append(f"{p.id} {p.version}  {_span(p.valid_from, p.valid_to, lang)}  {state.upper()}")
        lines.append(f"  {p.title.get(lang)}")
        for part in p.parts:
            pstate = _PERIODS_TEXT["yes" if part.in_force else "no"].get(lang)
            span = _span(part.valid_from, part.valid_to, lang)
            lines.append(f"    {part.id}: {span}, {pstate} – {part.title.get(lang)}")
        if p.coverage is not None and p.coverage.stated:
            lines.append(f"  {LABEL.get(lang)}: {p.coverage.statement(lang)}")
        lines.append("")
    live = [p.id for p in periods if p.in_force]
    if live:
        lines.append(_PERIODS_TEXT["count"].get(lang).format(n=len(live), total=len(periods), as_of=day,
                                                             ids=", ".join(live)))
    else:
        lines.append(_PERIODS_TEXT["none"].get(lang).format(as_of=day))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------- diff

ASPECTS: dict[str, Text] = {
    "title": Text("titel", "title"),
    "text": Text("text", "text"),
    "focus_area": Text("område", "area"),
    "applicability": Text("tillämplighet", "applicability"),
    "evidence": Text("underlag", "evidence"),
    "cadence": Text("aktualitetskrav", "cadence"),
    "grounds": Text("undantagsgrunder", "exemption grounds"),
    "sources": Text("källor", "sources"),
    "period": Text("giltighet", "period"),
}


@attrs.frozen
class Change:
    aspect: str
    before: str
    after: str


@attrs.frozen
class ObligationChange:
    id: str
    title: Text
    changes: tuple[Change, ...]


@attrs.frozen
class RulesetDiff:
    a: Ruleset
    b: Ruleset
    added: tuple[Obligation, ...]
    removed: tuple[Obligation, ...]
    changed: tuple[ObligationChange, ...]
    lang: Lang

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_data(self) -> dict[str, Any]:
        lang = self.lang

        def ob(o: Obligation) -> dict[str, str]:
            return {"id": o.id, "title": o.title.get(lang)}

        return {
            "a": {"id": self.a.id, "version": self.a.version, "digest": self.a.digest},
            "b": {"id": self.b.id, "version": self.b.version, "digest": self.b.digest},
            "added": [ob(o) for o in self.added],
            "removed": [ob(o) for o in self.removed],
            "changed": [{"id": c.id, "title": c.title.get(lang),
                         "changes": [{"aspect": ch.aspect, "before": ch.before, "after": ch.after}
                                     for ch in c.changes]} for c in self.changed],
        }


def _cond(cond: C.Condition) -> str:
    return json.dumps(C.to_data(cond), ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _cadence(rs: Ruleset, key: str, lang: Lang) -> str:
    found = [o.cadence for ob in rs.obligations for item in ob.requirement.items for o in item.options
             if o.cadence.key == key]
    if not found:
        return key
    c = found[0]
    rule = {"within": f"{c.months} mån" if lang == "sv" else f"{c.months} months",
            "continuous": "löpande" if lang == "sv" else "continuous",
            "t2": "T2", "term": f"term, due {c.due}" if lang == "en" else f"mandatperiod, senast {c.due}"}[c.kind]
    return f"{key} ({rule})"


def _aspects(ob: Obligation, rs: Ruleset, lang: Lang) -> dict[str, str]:
    items = [item.options for item in ob.requirement.items]
    evidence = " + ".join(
        " | ".join("/".join(o.kinds) + (f" {_cond(o.content)}" if o.content != C.ALWAYS else "") for o in opts)
        for opts in items)
    cadence = " + ".join(" | ".join(_cadence(rs, o.cadence.key, lang) for o in opts) for opts in items)
    effect = {True: Text("ej tillämplig", "not applicable"), False: Text("anpassad", "tailored")}
    grounds = "; ".join(f"{g.id}: {effect[ob.id in g.not_applicable].get(lang)} {_cond(g.when)}"
                        for g in rs.grounds if g.affects(ob.id))
    return {
        "title": ob.title.get(lang),
        "text": ob.text.get(lang),
        "focus_area": ob.focus_area,
        "applicability": f"{ob.applies_to.get(lang)} {_cond(ob.applies_when)}",
        "evidence": evidence,
        "cadence": cadence,
        "grounds": grounds or "–",
        "sources": "; ".join(_citation(c) for c in ob.citations),
        "period": _span(ob.valid_from, ob.valid_to, lang),
    }


def _citation(c: Citation) -> str:
    if c.source is None:
        return c.provenance
    return f"{c.source.reference}{', ' + c.section if c.section else ''}"


def diff_rulesets(a: Ruleset, b: Ruleset, lang: Lang = "sv") -> RulesetDiff:
    """What changed from ``a`` to ``b``: obligations (by id) only in ``b``, only in ``a``, and in both with
    any aspect different. Obligations keep the order of ``b`` (removed ones the order of ``a``)."""
    a_ids, b_ids = set(a.obligation_ids), set(b.obligation_ids)
    added = tuple(o for o in b.obligations if o.id not in a_ids)
    removed = tuple(o for o in a.obligations if o.id not in b_ids)
    changed = []
    for ob in b.obligations:
        if ob.id not in a_ids:
            continue
        before, after = _aspects(a.obligation(ob.id), a, lang), _aspects(ob, b, lang)
        changes = tuple(Change(k, before[k], after[k]) for k in ASPECTS if before[k] != after[k])
        if changes:
            changed.append(ObligationChange(ob.id, ob.title, changes))
    return RulesetDiff(a, b, added, removed, tuple(changed), lang)


_DIFF_TEXT = {
    "head": Text("Skillnader från {a} till {b}", "Differences from {a} to {b}"),
    "added": Text("Tillkomna skyldigheter ({n})", "Obligations added ({n})"),
    "removed": Text("Borttagna skyldigheter ({n})", "Obligations removed ({n})"),
    "changed": Text("Ändrade skyldigheter ({n})", "Obligations changed ({n})"),
    "before": Text("före", "before"),
    "after": Text("efter", "after"),
    "same": Text("Inga skillnader i skyldigheterna.", "No differences in the obligations."),
}


def render_diff(diff: RulesetDiff) -> str:
    lang = diff.lang

    def t(key: str, **kw: Any) -> str:
        return _DIFF_TEXT[key].get(lang).format(**kw)

    lines = [t("head", a=f"{diff.a.id} {diff.a.version}", b=f"{diff.b.id} {diff.b.version}"), ""]
    if diff.empty:
        return "\n".join([*lines, t("same")]) + "\n"
    for key, obs in (("added", diff.added), ("removed", diff.removed)):
        if obs:
            lines.append(t(key, n=len(obs)))
            lines += [f"  + {o.id} – {o.title.get(lang)}" if key == "added" else f"  - {o.id} – {o.title.get(lang)}"
                      for o in obs]
            lines.append("")
    if diff.changed:
        lines.append(t("changed", n=len(diff.changed)))
        for c in diff.changed:
            lines.append(f"  ~ {c.id} – {c.title.get(lang)}")
            for ch in c.changes:
                lines.append(f"      {ASPECTS[ch.aspect].get(lang)}:")
                lines.append(f"        {t('before')}: {ch.before}")
                lines.append(f"        {t('after')}:  {ch.after}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
