"""Hypothesis strategies: check dates, profiles against any ruleset, and whole random rulesets.

Rulesets are generated as plain YAML data and compiled through the real loader and compiler
(:func:`tsp_rules.model.ruleset.ruleset_from_text`), so a generated ruleset is exactly what a user could write.
Profiles are generated as :class:`~tsp_rules.model.profile.Profile` objects for a given compiled ruleset, with
every kind of trait value (known, ``null``, ``unassessed`` or missing), evidence of any declared kind with
arbitrary dates and contents, and decisions that are valid, expiring, expired or not yet valid.
:func:`profile_to_data` writes a profile back as the YAML a user would write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import yaml
from hypothesis import strategies as st

from tsp_rules.documents.specs import BODY_KINDS
from tsp_rules.model import conditions as C
from tsp_rules.model.compiler import ruleset_from_text
from tsp_rules.model.profile import Action, Decision, Evidence, Profile
from tsp_rules.model.ruleset import Ruleset

MISSING = object()
"""Marker: the trait is left out of the profile altogether."""

DAY = dt.timedelta(days=1)

# --------------------------------------------------------------------------------------- dates


def dates(start: dt.date = dt.date(2017, 6, 1), end: dt.date = dt.date(2022, 6, 30)) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=start, max_value=end)


def check_dates(rs: Ruleset | None = None) -> st.SearchStrategy[dt.date]:
    """Check dates over the programme period and a little around it (T2 and term boundaries included).

    With a ruleset other than the Stockholm programme: dates over its period and a little around it, with
    the day before and the first day of each part's period (e.g. the day a law took effect)."""
    if rs is not None and rs.id != "tsp-2018-2021":
        bounds = [b for p in rs.parts for b in (p.valid_from, p.valid_to) if b is not None]
        part_edges = sorted({b + n * DAY for b in bounds for n in (-1, 0, 1)})
        return st.one_of(st.sampled_from(part_edges or [rs.valid_from]),
                         dates(rs.valid_from - 90 * DAY, rs.valid_to + 90 * DAY))
    edges = [dt.date(y, m, d) for y in range(2018, 2022) for (m, d) in ((9, 29), (9, 30), (10, 1), (12, 31))]
    edges += [dt.date(y, 10, d) for y in (2018, 2019, 2022) for d in (14, 15, 30, 31)] + [dt.date(2020, 11, 1)]
    return st.one_of(st.sampled_from(edges), dates(dt.date(2017, 10, 1), dt.date(2022, 12, 31)))


def dates_around(as_of: dt.date, before_days: int = 1600, after_days: int = 60) -> st.SearchStrategy[dt.date]:
    return st.integers(-before_days, after_days).map(lambda n: as_of + n * DAY)


# ------------------------------------------------------------------------------- values by domain


def value_for(domain: C.Domain, as_of: dt.date | None = None) -> st.SearchStrategy[Any]:
    """A raw (YAML-level) value of ``domain``: sets are lists, in any order and without duplicates."""
    if domain.type == "bool":
        return st.booleans()
    if domain.type == "enum":
        return st.sampled_from(domain.values)
    if domain.type == "set":
        return st.lists(st.sampled_from(domain.values), unique=True, max_size=len(domain.values))
    if domain.name == "year":  # a reporting year (the t2 period)
        year = (as_of or dt.date(2019, 11, 30)).year
        return st.integers(year - 3, year + 1)
    return st.integers(-3, 15)


def trait_value(domain: C.Domain) -> st.SearchStrategy[Any]:
    """A trait as a profile may state it: a value, ``null``, ``unassessed``, or left out (:data:`MISSING`)."""
    return st.one_of(value_for(domain), st.sampled_from([MISSING, None, "unassessed"]))


# ------------------------------------------------------------------------------------- profiles


@st.composite
def evidence_items(draw: st.DrawFn, ruleset: Ruleset, as_of: dt.date, index: int = 0,
                   current: bool = False, kinds: Sequence[str] = (), days: Sequence[dt.date] = ()) -> Evidence:
    """One evidence item of a declared kind. ``current``: dated on or before ``as_of``, not expired.

    ``kinds`` and ``days``: small pools drawn from first, so that items of one kind and date (ties) occur.
    """
    kind = draw(st.sampled_from(sorted(ruleset.evidence_kinds)) if not kinds or not draw(st.integers(0, 2))
                else st.sampled_from(kinds))
    if days and not current and draw(st.booleans()):
        date = draw(st.sampled_from(days))
        valid_until = None
    elif current:
        date = draw(dates_around(as_of, after_days=0))
        valid_until = draw(st.one_of(st.none(), dates_around(as_of, before_days=0, after_days=900)))
    else:
        date = draw(dates_around(as_of))
        valid_until = draw(st.one_of(st.none(), dates_around(as_of, before_days=400, after_days=900)))
        if valid_until is not None and valid_until < date:
            valid_until = date
    content: dict[str, Any] = {}
    for name, domain in sorted(ruleset.evidence_kinds[kind].content.items()):
        if draw(st.integers(0, 4)):  # mostly present; sometimes the field is not filled in
            content[name] = draw(value_for(domain, as_of))
    reference = draw(st.sampled_from([f"Dnr {index}", f"Dnr {index}/B", "Samma referens"]))
    return Evidence(kind, date, reference, valid_until, content, None)


@st.composite
def decisions(draw: st.DrawFn, ruleset: Ruleset, as_of: dt.date,
              state: str | None = None, obligation: str | None = None) -> Decision:
    """A granted decision: ``state`` is valid, expiring, expired or not_yet (drawn when None)."""
    state = state or draw(st.sampled_from(["valid", "expiring", "expired", "not_yet"]))
    warn = ruleset.parameters.waiver_warning_days
    if state == "not_yet":
        decided_on = as_of + draw(st.integers(1, 200)) * DAY
        valid_until = decided_on + draw(st.integers(0, 900)) * DAY
    else:
        decided_on = as_of - draw(st.integers(0, 900)) * DAY
        if state == "expired":
            valid_until = as_of - draw(st.integers(1, 400)) * DAY
            decided_on = min(decided_on, valid_until)
        elif state == "expiring":
            valid_until = as_of + draw(st.integers(0, warn)) * DAY
        else:
            valid_until = as_of + draw(st.integers(warn + 1, warn + 1000)) * DAY
    obligation = obligation or draw(st.sampled_from(ruleset.obligation_ids))
    ref = f"SLK {draw(st.integers(1, 3))}"  # a small pool, so that references repeat
    return Decision(obligation, ref, "Stadsledningskontoret", decided_on, valid_until, "Genererat skäl.")


@st.composite
def actions(draw: st.DrawFn, ruleset: Ruleset, as_of: dt.date, obligation: str | None = None) -> Action:
    """An action on one of the ruleset's obligations, decided before or after the check date, with a target
    date before, on or after it, in any status."""
    decided_on = as_of + draw(st.integers(-900, 60)) * DAY
    target_date = decided_on + draw(st.integers(0, 900)) * DAY
    status = draw(st.sampled_from(["planned", "in_progress", "done"]))
    done_on = decided_on + draw(st.integers(0, 400)) * DAY if status == "done" and draw(st.booleans()) else None
    return Action(obligation or draw(st.sampled_from(ruleset.obligation_ids)), f"Åtgärd {draw(st.integers(1, 3))}",
                  draw(st.sampled_from(["säkerhetssamordnare", "förvaltningschef"])), decided_on, "Nämnden",
                  target_date, status, draw(st.sampled_from([None, "Anna Exempel"])),
                  draw(st.sampled_from([None, "Dnr 2026/1"])), done_on)


@st.composite
def profiles(draw: st.DrawFn, ruleset: Ruleset, as_of: dt.date, ident: str = "p",
             evidence: str = "any", with_decisions: bool = True) -> Profile:
    """A profile for ``ruleset`` around the check date ``as_of``.

    ``evidence``: ``"any"`` (a list or not assessed), ``"list"`` (always an assessed list) or ``"none"``.
    """
    kind = draw(st.sampled_from(BODY_KINDS))
    traits: dict[str, Any] = {}
    names = [n for n in ruleset.traits if n != "kind"]
    for name in draw(st.permutations(names)):  # the order traits are written in must not matter
        value = draw(trait_value(ruleset.traits[name].domain))
        if value is not MISSING:
            traits[name] = value
    items: tuple[Evidence, ...] | None = None
    if evidence == "list" or (evidence == "any" and draw(st.integers(0, 5))):
        count = draw(st.integers(0, 10))
        kinds = draw(st.lists(st.sampled_from(required_kinds(ruleset)), min_size=1, max_size=2))
        days = draw(st.lists(dates_around(as_of), min_size=1, max_size=2))
        items = tuple(draw(evidence_items(ruleset, as_of, i, kinds=kinds, days=days)) for i in range(count))
    decs: tuple[Decision, ...] = ()
    if with_decisions:
        decs = tuple(draw(st.lists(decisions(ruleset, as_of), max_size=3)))
    return Profile(ident, f"Profil {ident}", kind, True, None, traits, items, decs)


def required_kinds(ruleset: Ruleset) -> list[str]:
    """The evidence kinds some requirement (an obligation's own or a tailored one) asks for."""
    reqs = [ob.requirement for ob in ruleset.obligations] + [r for g in ruleset.grounds for r in g.tailored.values()]
    # an item's any_of alternatives, where the ruleset format has them, count too
    found = {k for req in reqs for item in req.items for opt in getattr(item, "options", (item,)) for k in opt.kinds}
    return sorted(found) or sorted(ruleset.evidence_kinds)


def profile_to_data(profile: Profile) -> dict[str, Any]:
    """The YAML data a user would write for ``profile`` (the inverse of loading)."""
    data: dict[str, Any] = {
        "format": "tsp-profile/1",
        "profile": {"id": profile.id, "name": profile.name, "kind": profile.kind,
                    "illustrative": profile.illustrative},
        "traits": dict(profile.traits),
        "decisions": [
            {"obligation": d.obligation, "reference": d.reference, "decided_by": d.decided_by,
             "decided_on": d.decided_on.isoformat(), "valid_until": d.valid_until.isoformat(),
             "justification": d.justification}
            for d in profile.decisions
        ],
    }
    if profile.actions:
        data["actions"] = [
            {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in attrs.asdict(a).items() if v is not None}
            for a in profile.actions
        ]
    if profile.evidence is not None:
        items = []
        for ev in profile.evidence:
            item: dict[str, Any] = {"kind": ev.kind, "date": ev.date.isoformat(), "reference": ev.reference}
            if ev.valid_until is not None:
                item["valid_until"] = ev.valid_until.isoformat()
            if ev.content:
                item["content"] = dict(ev.content)
            items.append(item)
        data["evidence"] = items
    return data


def profile_to_yaml(profile: Profile) -> str:
    return yaml.safe_dump(profile_to_data(profile), allow_unicode=True, sort_keys=False)


# ------------------------------------------------------------------------------- random rulesets

GEN_TRAITS: dict[str, dict[str, Any]] = {
    "flag_a": {"type": "bool"},
    "flag_b": {"type": "bool"},
    "colour": {"type": "enum", "values": ["red", "green", "blue"]},
    "tags": {"type": "set", "values": ["t1", "t2", "t3"]},
    "size": {"type": "int"},
}
GEN_KINDS: dict[str, dict[str, Any]] = {
    "plain_a": {},
    "plain_b": {},
    "report": {"year": {"type": "int"}, "covers": {"type": "set", "values": ["c1", "c2", "c3"]},
               "approved": {"type": "bool"}},
    "memo": {"level": {"type": "enum", "values": ["lo", "hi"]}, "approved": {"type": "bool"}},
}
GEN_CADENCES: list[Any] = ["continuous", "monthly", "yearly", "t2", "term", {"within_months": 3},
                           {"within_months": 24}, {"within_months": 48}]
_TEXT = {"sv": "Genererad", "en": "Generated"}


def _domain(name: str, spec: Mapping[str, Any]) -> C.Domain:
    return C.Domain(name, spec["type"], tuple(spec.get("values", ())))


def _leaves(domains: Mapping[str, C.Domain], key: str) -> st.SearchStrategy[dict[str, Any]]:
    options = []
    for name, dom in sorted(domains.items()):
        if dom.type == "bool":
            options.append(st.builds(lambda n, v: {key: n, "is": v}, st.just(name), st.booleans()))
        elif dom.type == "enum":
            options.append(st.builds(lambda n, v: {key: n, "is": v}, st.just(name), st.sampled_from(dom.values)))
            options.append(st.builds(lambda n, v: {key: n, "in": v}, st.just(name),
                                     st.lists(st.sampled_from(dom.values), min_size=1, unique=True)))
        elif dom.type == "set":
            options.append(st.builds(lambda n, v: {key: n, "contains": v}, st.just(name),
                                     st.sampled_from(dom.values)))
            options.append(st.builds(lambda n, v: {key: n, "contains_any": v}, st.just(name),
                                     st.lists(st.sampled_from(dom.values), min_size=1, unique=True)))
            options.append(st.builds(lambda n, v: {key: n, "is_empty": v}, st.just(name), st.booleans()))
        else:
            numbers = st.integers(2016, 2022) if name == "year" else st.integers(-1, 12)
            options.append(st.builds(lambda n, op, v: {key: n, op: v}, st.just(name),
                                     st.sampled_from(["is", "lt", "lte", "gt", "gte"]), numbers))
            options.append(st.builds(lambda n, v: {key: n, "in": v}, st.just(name),
                                     st.lists(numbers, min_size=1, max_size=3, unique=True)))
    return st.one_of(options)


def conditions(domains: Mapping[str, C.Domain], key: str = "trait",
               max_leaves: int = 6) -> st.SearchStrategy[dict[str, Any]]:
    """Random conditions (YAML form) over ``domains``: all/any/not of every leaf operator of each type."""
    return st.recursive(
        _leaves(domains, key),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=max_leaves,
    )


def trait_domains() -> dict[str, C.Domain]:
    out = {n: _domain(n, s) for n, s in GEN_TRAITS.items()}
    out["kind"] = C.Domain("kind", "enum", BODY_KINDS)
    return out


@st.composite
def requirements(draw: st.DrawFn) -> dict[str, Any]:
    items = []
    for _ in range(draw(st.integers(1, 3))):
        kinds = draw(st.lists(st.sampled_from(sorted(GEN_KINDS)), min_size=1, max_size=2, unique=True))
        item: dict[str, Any] = {"kinds": kinds, "cadence": draw(st.sampled_from(GEN_CADENCES))}
        fields = {f: _domain(f, s) for k in kinds for f, s in GEN_KINDS[k].items()}
        if fields and draw(st.booleans()):
            item["content"] = draw(conditions(fields, "field", max_leaves=3))
        items.append(item)
    return {"description": _TEXT, "evidence": items}


@st.composite
def ruleset_data(draw: st.DrawFn, max_obligations: int = 4, max_grounds: int = 4,
                 max_leaves: int = 6) -> dict[str, Any]:
    """A random but valid ruleset, as the data of a YAML file; conditions have at most ``max_leaves`` leaves."""
    domains = trait_domains()
    ids = [f"GEN-{chr(ord('A') + i)}" for i in range(draw(st.integers(1, max_obligations)))]
    obligations = []
    for ob_id in ids:
        ob: dict[str, Any] = {
            "id": ob_id, "focus_area": draw(st.sampled_from(["ARB", "FO1", "FO2", "FO3", "FO4", "FO5", "KS"])),
            "title": _TEXT, "text": _TEXT, "citation": {"source": "gen", "section": "1 §"},
            "applies_to": _TEXT, "requirement": draw(requirements()),
        }
        if draw(st.booleans()):
            ob["applies_when"] = draw(conditions(domains, max_leaves=max_leaves))
        obligations.append(ob)
    grounds = []
    for g in range(draw(st.integers(0, max_grounds))):
        targets = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        effects = []
        for target in targets:
            if draw(st.booleans()):
                effects.append({"obligation": target, "effect": "not_applicable"})
            else:
                effects.append({"obligation": target, "effect": "tailored", "requirement": draw(requirements())})
        when = draw(conditions(domains, max_leaves=max_leaves))
        grounds.append({"id": f"ground-{g}", "title": _TEXT, "when": when, "effects": effects,
                        "rationale": _TEXT, "citation": {"source": "gen", "section": "2 §"}})
    return {
        "format": "tsp-ruleset/1", "id": "generated", "version": "0.0.1", "title": _TEXT,
        "valid_from": "2018-01-01", "valid_to": "2021-12-31",
        "sources": [{"id": "gen", "title": _TEXT, "reference": "Genererad"}],
        "parameters": {"t2_date": draw(st.sampled_from(["09-30", "08-31", "02-29"])),
                       "election_years": [2014, 2018, 2022], "term_start": "10-15", "term_due": "10-31",
                       "waiver_warning_days": draw(st.sampled_from([0, 60]))},
        "traits": {n: {**s, "title": _TEXT} for n, s in GEN_TRAITS.items()},
        "evidence_kinds": {k: {"title": _TEXT, "content": dict(c)} for k, c in GEN_KINDS.items()},
        "obligations": obligations,
        "grounds": grounds,
    }


def compile_data(data: Mapping[str, Any], file: str = "<generated>") -> Ruleset:
    """Compile ruleset data through the real YAML loader and compiler."""
    return ruleset_from_text(yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False), file)


def rulesets(max_obligations: int = 4, max_grounds: int = 4, max_leaves: int = 6) -> st.SearchStrategy[Ruleset]:
    return ruleset_data(max_obligations, max_grounds, max_leaves).map(compile_data)


def without(items: Sequence[Any], index: int) -> tuple[Any, ...]:
    return tuple(x for i, x in enumerate(items) if i != index)
