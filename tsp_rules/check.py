"""``check()``: profiles in, report out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from tsp_rules.engines import get_engine
from tsp_rules.errors import ProfileError, UsageError
from tsp_rules.explain import explain
from tsp_rules.facts import Notice, resolve
from tsp_rules.findings import Finding, ProfileInfo, Report, RulesetInfo, Status, Warning
from tsp_rules.profile import Profile, iter_profile_paths, load_profile
from tsp_rules.ruleset import Ruleset, load_ruleset

ProfileSource = Profile | str | Path


def _as_date(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"as_of must be a date written YYYY-MM-DD, got {value!r}") from None


def _iter_profiles(profiles: Iterable[ProfileSource] | ProfileSource, ruleset: Ruleset) -> Iterator[Profile]:
    if isinstance(profiles, (Profile, str, Path)):
        profiles = [profiles]
    for item in profiles:
        if isinstance(item, Profile):
            yield item
        else:
            for path in iter_profile_paths([item]):
                yield load_profile(path, ruleset)


def _warning(notice: Notice) -> Warning:
    return Warning(notice.code, notice.data, notice.profile, notice.obligation, notice.reference)


def evaluate_profile(profile: Profile, ruleset: Ruleset, as_of: dt.date, engine_name: str = "durable"
                     ) -> tuple[list[Finding], list[Warning], str]:
    """Findings and warnings of one profile (a building block of :func:`check`)."""
    engine = get_engine(engine_name)
    facts = resolve(profile, ruleset, as_of)
    verdicts = engine.decide(facts)
    findings = [explain(verdicts[ob.id], facts) for ob in ruleset.obligations]
    warnings = [_warning(n) for n in facts.notices]
    for finding in findings:
        dec = facts.waivers.get(finding.obligation)
        if dec is not None and finding.status is Status.NOT_APPLICABLE:
            warnings.append(Warning("waiver_not_applicable", {}, profile.id, finding.obligation, dec.reference))
    return findings, warnings, engine.name


def check(
    profiles: Iterable[ProfileSource] | ProfileSource,
    ruleset: Ruleset | str | Path | None = None,
    as_of: dt.date | str | None = None,
    engine: str = "durable",
) -> Report:
    """Check profiles (objects, files or folders) against a ruleset (default: the bundled one).

    ``as_of`` is the check date (default: today). Raises :class:`~tsp_rules.errors.InputError` on bad
    input; a non-compliant profile is never an error, it gives findings.
    """
    rs = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
    day = _as_date(as_of)
    get_engine(engine)  # fail early on an unknown name
    findings: list[Finding] = []
    warnings: list[Warning] = []
    infos: dict[str, ProfileInfo] = {}
    files: dict[str, str] = {}
    engine_used = engine
    for profile in _iter_profiles(profiles, rs):
        if profile.id in infos:
            raise ProfileError([profile.problem(("profile", "id"), f"profile id '{profile.id}' is also used by "
                                                f"{files[profile.id]}")])
        infos[profile.id] = ProfileInfo(profile.id, profile.name, profile.kind, profile.illustrative)
        files[profile.id] = profile.file
        found, warned, engine_used = evaluate_profile(profile, rs, day, engine)
        findings.extend(found)
        warnings.extend(warned)
    if not rs.valid_from <= day <= rs.valid_to:
        warnings.append(Warning("as_of_outside_period", {"as_of": day.isoformat(),
                                                         "valid_from": rs.valid_from.isoformat(),
                                                         "valid_to": rs.valid_to.isoformat()}))
    return Report(
        ruleset=RulesetInfo(rs.id, rs.version, rs.digest, rs.title),
        as_of=day,
        engine=engine_used,
        profiles=tuple(sorted(infos.values(), key=lambda p: p.id)),
        findings=tuple(sorted(findings, key=lambda f: (f.profile, f.obligation))),
        warnings=tuple(sorted(warnings, key=lambda w: (w.profile or "", w.obligation or "", w.code,
                                                        w.reference or ""))),
        rules=rs,
    )
