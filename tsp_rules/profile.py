"""Committee profiles: identity, traits, dated evidence and granted decisions (waivers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pydantic

from tsp_rules import conditions as C
from tsp_rules.errors import Problem, ProfileError
from tsp_rules.loading import Document, did_you_mean, load_document, parse_yaml, validation_problems
from tsp_rules.ruleset import Ruleset
from tsp_rules.specs import ProfileSpec

UNKNOWN_MARKERS = (None, "unassessed")
"""Trait values that mean 'not known': the obligations that depend on the trait become not_assessed."""


@attrs.frozen
class Evidence:
    kind: str
    date: dt.date
    reference: str
    valid_until: dt.date | None
    content: Mapping[str, Any]
    note: str | None = None


@attrs.frozen
class Decision:
    """A granted decision (anvisning or waiver) for one obligation."""

    obligation: str
    reference: str
    decided_by: str
    decided_on: dt.date
    valid_until: dt.date
    justification: str


@attrs.frozen
class Profile:
    id: str
    name: str
    kind: str
    illustrative: bool
    note: str | None
    traits: Mapping[str, Any]
    evidence: tuple[Evidence, ...] | None
    decisions: tuple[Decision, ...]
    file: str = attrs.field(default="<profile>", eq=False)
    document: Document | None = attrs.field(default=None, eq=False, repr=False)

    def problem(self, path: tuple[str | int, ...], message: str, at_key: bool = False) -> Problem:
        if self.document is None:
            return Problem(self.file, 1, 1, message, ".".join(str(p) for p in path))
        return self.document.problem(path, message, at_key)

    def trait_values(self, ruleset: Ruleset) -> dict[str, C.Value]:
        """The known trait values, checked against the ruleset; raises :class:`ProfileError`."""
        values, problems = _bind(self, ruleset)
        if problems:
            raise ProfileError(problems)
        return values


def _bind(profile: Profile, ruleset: Ruleset) -> tuple[dict[str, C.Value], list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, C.Value] = {"kind": profile.kind}
    for name, raw in profile.traits.items():
        trait = ruleset.traits.get(name)
        if trait is None or name == "kind":
            declared = [t for t in ruleset.traits if t != "kind"]
            msg = ("'kind' belongs under 'profile', not 'traits'" if name == "kind" else
                   f"unknown trait '{name}'{did_you_mean(name, declared)}; "
                   f"ruleset {ruleset.id} declares: {', '.join(sorted(declared))}")
            problems.append(profile.problem(("traits", name), msg, at_key=True))
            continue
        if raw in UNKNOWN_MARKERS:
            continue
        value, error = C.check_value(trait.domain, raw)
        if error:
            problems.append(profile.problem(("traits", name), error))
        else:
            assert value is not None
            values[name] = value
    for i, ev in enumerate(profile.evidence or ()):
        kind = ruleset.evidence_kinds.get(ev.kind)
        if kind is None:
            problems.append(profile.problem(("evidence", i, "kind"), f"unknown evidence kind '{ev.kind}'"
                                            f"{did_you_mean(ev.kind, ruleset.evidence_kinds)}; declared: "
                                            f"{', '.join(sorted(ruleset.evidence_kinds))}"))
            continue
        for field, raw in ev.content.items():
            domain = kind.content.get(field)
            if domain is None:
                fields = ", ".join(sorted(kind.content)) or "none"
                problems.append(profile.problem(("evidence", i, "content", field),
                                                f"unknown content field '{field}' for evidence kind '{ev.kind}'"
                                                f"{did_you_mean(field, kind.content)}; declared: {fields}",
                                                at_key=True))
                continue
            _, error = C.check_value(domain, raw)
            if error:
                problems.append(profile.problem(("evidence", i, "content", field), error))
    ids = ruleset.obligation_ids
    for i, dec in enumerate(profile.decisions):
        if dec.obligation not in ids:
            problems.append(profile.problem(("decisions", i, "obligation"),
                                            f"decision names unknown obligation '{dec.obligation}'"
                                            f"{did_you_mean(dec.obligation, ids)}"))
    return values, problems


def check_profile(profile: Profile, ruleset: Ruleset) -> None:
    """Raise :class:`ProfileError` with every problem of the profile against the ruleset."""
    _, problems = _bind(profile, ruleset)
    if problems:
        raise ProfileError(problems)


def profile_from_document(doc: Document) -> Profile:
    if not isinstance(doc.data, dict):
        raise ProfileError([doc.problem((), "a profile must be a YAML mapping with 'profile', 'traits', "
                                        "'evidence' and 'decisions'")])
    try:
        spec = ProfileSpec.model_validate(doc.data)
    except pydantic.ValidationError as exc:
        raise ProfileError(validation_problems(doc, exc, ProfileSpec)) from None
    evidence = None
    if spec.evidence is not None:
        evidence = tuple(
            Evidence(e.kind, e.date, e.reference, e.valid_until, dict(e.content), e.note) for e in spec.evidence
        )
    decisions = tuple(
        Decision(d.obligation, d.reference, d.decided_by, d.decided_on, d.valid_until, d.justification)
        for d in spec.decisions
    )
    ident = spec.profile
    return Profile(ident.id, ident.name, ident.kind, ident.illustrative, ident.note, dict(spec.traits),
                   evidence, decisions, doc.file, doc)


def load_profile(path: Path | str, ruleset: Ruleset | None = None) -> Profile:
    """Load a profile file; with ``ruleset``, also check its traits, evidence and decisions against it."""
    profile = profile_from_document(load_document(path))
    if ruleset is not None:
        check_profile(profile, ruleset)
    return profile


def profile_from_text(text: str, file: str = "<profile>", ruleset: Ruleset | None = None) -> Profile:
    profile = profile_from_document(parse_yaml(text, file))
    if ruleset is not None:
        check_profile(profile, ruleset)
    return profile


def iter_profile_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Profile files named directly, and ``*.yaml``/``*.yml`` files under named folders, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            yield path
