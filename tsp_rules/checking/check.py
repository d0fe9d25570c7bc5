"""``check()``: profiles in, report out; ``iter_check()``: the same, one profile at a time.

:func:`iter_check` is the streaming core shared by :func:`check` and the commands: it loads profiles
lazily, one file at a time, evaluates each, and yields a :class:`ProfileResult` per profile in input
order (files in the order given, files under a folder sorted by path). With ``jobs > 1`` the profiles
are evaluated in that many worker processes (started with the ``spawn`` method, so no state of the
parent, such as durable-rules' C handles, is shared) and yielded in the same order, so the output
does not depend on ``jobs``. A bad file does not stop the run: the problems of every bad file, and
profile ids used twice, are raised together as one :class:`~tsp_rules.errors.InputError` after the
last result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

import attrs

from tsp_rules.checking.bodies import existence_warning, nothing_checked
from tsp_rules.checking.explain import explain_all
from tsp_rules.checking.findings import (
    Finding,
    ProfileInfo,
    Report,
    RulesetInfo,
    Status,
    Warning,
    action_states,
    maker,
)
from tsp_rules.checking.idset import CompactIds
from tsp_rules.documents.loading import load_document
from tsp_rules.engines import get_engine
from tsp_rules.engines.base import Verdict
from tsp_rules.engines.facts import Facts, Notice, resolve
from tsp_rules.engines.python import plan as compiled_plan
from tsp_rules.errors import InputError, Problem, ProfileError, UsageError, message, q
from tsp_rules.model.compiler import load_ruleset
from tsp_rules.model.i18n import WHY
from tsp_rules.model.profile import Action, Profile, iter_profile_paths, load_profile
from tsp_rules.model.ruleset import Ruleset, Text, check_lang
from tsp_rules.model.selection import (
    BY_DATE,
    Selected,
    restrict,
    select_rulesets,
    union_ruleset,
    unused_by,
    validation_ruleset,
)
from tsp_rules.texts import Lang, and_list, error_language, fill_both

ProfileSource = Profile | str | Path
RulesetSource = Ruleset | str | Path
RulesetsArg = Sequence[RulesetSource | Selected] | Literal["by_date"] | None
T = TypeVar("T")

MAX_JOBS = 64


EARLIEST_AS_OF = dt.date(11, 1, 1)
LATEST_AS_OF = dt.date(9989, 12, 31)
"""The check dates the date arithmetic can work with: cadences look back up to ten years (120 months)
and waiver warnings ahead up to ten years (3,650 days) from the check date."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


AS_OF = Text("as_of", "as_of")
"""How errors name the library's check-date argument (the command line names its option: "datumet")."""


def parse_as_of(text: str, what: Text = AS_OF) -> dt.date:
    """A check date written exactly YYYY-MM-DD, within the dates the checks can compute with; otherwise
    :class:`~tsp_rules.errors.UsageError` (``20191130`` and ``2019-W48-6`` are refused too)."""
    day = None
    if _ISO_DATE.fullmatch(text):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(text)
    if day is None:
        raise UsageError(message("date_not_iso", what=what, got=repr(text)))
    return check_as_of(day, what)


def check_as_of(day: dt.date, what: Text = AS_OF) -> dt.date:
    """``day`` if the checks can compute with it (see :data:`LATEST_AS_OF`), else a clear UsageError."""
    if day > LATEST_AS_OF:
        raise UsageError(message("date_too_late", what=what, day=day.isoformat(), latest=LATEST_AS_OF.isoformat()))
    if day < EARLIEST_AS_OF:
        raise UsageError(message("date_too_early", what=what, day=day.isoformat(),
                                 earliest=EARLIEST_AS_OF.isoformat()))
    return day


def _as_date(value: object) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return check_as_of(value.date())
    if isinstance(value, dt.date):
        return check_as_of(value)
    if isinstance(value, str):
        return parse_as_of(value)
    raise UsageError(f"as_of must be a date or a text written YYYY-MM-DD, got {type(value).__name__}")


def _check_jobs(jobs: object) -> int:
    if not isinstance(jobs, int) or isinstance(jobs, bool) or not 1 <= jobs <= MAX_JOBS:
        raise UsageError(f"jobs must be a whole number from 1 to {MAX_JOBS}, got {jobs!r}")
    return jobs


def _check_engine(engine: object) -> str:
    if not isinstance(engine, str):
        raise UsageError(f"engine must be the name of an engine, got {type(engine).__name__}")
    return get_engine(engine).name


def iter_sources(profiles: Iterable[ProfileSource] | ProfileSource) -> Iterator[Profile | Path]:
    """Profile objects as given, and profile files (folders expanded, sorted), without loading any file.

    Anything else (None, a number, bytes, a list holding one of them) is a
    :class:`~tsp_rules.errors.UsageError`.
    """
    if isinstance(profiles, (Profile, str, os.PathLike)):
        profiles = [profiles]
    elif isinstance(profiles, (bytes, bytearray, Mapping)) or not isinstance(profiles, Iterable):
        raise UsageError(f"profiles must be a Profile, a file or folder path, or a list of them, got "
                         f"{type(profiles).__name__}")
    for item in profiles:
        if isinstance(item, Profile):
            yield item
        else:
            yield from iter_profile_paths([item])


def count_sources(profiles: Iterable[ProfileSource] | ProfileSource) -> int:
    """How many profiles :func:`iter_sources` gives (folders are walked, nothing is read or held)."""
    return sum(1 for _ in iter_sources(profiles))


def _warning(notice: Notice, ruleset: Ruleset) -> Warning:
    data = dict(notice.data)
    if notice.obligation is not None and notice.obligation in ruleset.obligation_ids:
        data.setdefault("title", ruleset.obligation(notice.obligation).title)  # sentences name it by its title
    return Warning(notice.code, data, notice.profile, notice.obligation, notice.reference)


def evaluate_profile(profile: Profile, ruleset: Ruleset, as_of: dt.date, engine_name: str = "durable",
                     by_id: bool = False) -> tuple[list[Finding], list[Warning], str]:
    """Findings and warnings of one profile (a building block of :func:`check`); the findings in ruleset
    order, or with ``by_id`` sorted by obligation id."""
    engine = get_engine(engine_name)
    ruleset = ruleset.on(as_of)  # requirements in their form of the day (after a part they served was replaced)
    facts = resolve(profile, ruleset, as_of)
    findings, warnings = evaluate_findings(facts, in_force_verdicts(engine.decide(facts), ruleset, as_of), by_id)
    return findings, warnings, engine.name


def evaluate_findings(facts: Facts, verdicts: Mapping[str, Verdict], by_id: bool = False
                      ) -> tuple[list[Finding], list[Warning]]:
    """The findings (in ruleset order, or with ``by_id`` sorted by obligation id) and warnings of one resolved
    profile, from an engine's verdicts."""
    rs = facts.ruleset
    ids = compiled_plan(rs).ids_sorted if by_id else rs.obligation_ids
    findings = explain_all([verdicts[ob_id] for ob_id in ids], facts)
    warnings = [_warning(n, facts.ruleset) for n in facts.notices]
    if facts.waivers:
        for finding in findings:
            dec = facts.waivers.get(finding.obligation)
            if dec is not None and finding.status is Status.NOT_APPLICABLE:
                warnings.append(Warning("waiver_not_applicable", {"name": facts.profile.name, "title": finding.title,
                                                                  "why": _why_not_applicable(finding, facts)},
                                        facts.profile.id, finding.obligation, dec.reference))
    return findings, warnings


def _owned_elsewhere(rs: Ruleset, ids: list[str]) -> frozenset[str]:
    """The ids of ``rs``'s obligations whose one finding another of the rulesets ``ids`` gives."""
    return frozenset(ob.id for ob in rs.obligations if ob.owned_by(ids) is not None)


def _why_not_applicable(finding: Finding, facts: Facts) -> Text:
    """Why an obligation a granted decision names does not apply to the body (a clause after "eftersom")."""
    rs = facts.ruleset
    if finding.exemption is not None:
        ground = next(g for g in rs.grounds if g.id == finding.exemption)
        return fill_both(WHY["ground"], ground=ground.title)
    codes = {r.code for r in finding.reasons}
    part = rs.obligation(finding.obligation).part
    for code in ("superseded", "not_yet_in_force"):
        if code in codes and part is not None:
            return fill_both(WHY[code], part=part.title)
    return fill_both(WHY["scope"], name=facts.profile.name)


@attrs.frozen(weakref_slot=False)
class ProfileResult:
    """The outcome for one profile: its findings (by obligation id) and its warnings (sorted).

    ``checked`` is False for a body that does not exist on the check date: it has no findings, and its
    one warning says why (:mod:`tsp_rules.checking.bodies`)."""

    info: ProfileInfo
    file: str
    findings: tuple[Finding, ...]
    warnings: tuple[Warning, ...]
    checked: bool = True


_NEW_INFO = maker(ProfileInfo)
_NEW_RESULT = maker(ProfileResult)


def _warning_key(w: Warning) -> tuple[str, str, str, str]:
    return (w.profile or "", w.obligation or "", w.code, w.reference or "")


def evaluate(profile: Profile, ruleset: Ruleset, as_of: dt.date, engine: str = "durable") -> ProfileResult:
    """The :class:`ProfileResult` of one loaded profile (not checked if the body does not exist on ``as_of``)."""
    info = _NEW_INFO(profile.id, profile.name, profile.kind, profile.illustrative)
    absent = existence_warning(profile, as_of)
    if absent is not None:
        return ProfileResult(info, profile.file, (), (absent,), checked=False)
    found, warned, _ = evaluate_profile(profile, ruleset, as_of, engine, by_id=True)
    by_id = tuple(found)  # sorted by obligation id
    if profile.actions:
        by_id = _with_actions(profile, by_id, as_of, warned)
    return _NEW_RESULT(info, profile.file, by_id,
                       tuple(sorted(warned, key=_warning_key)) if len(warned) > 1 else tuple(warned), True)


def evaluate_all(profile: Profile, rulesets: Sequence[Ruleset], as_of: dt.date, engine: str = "durable",
                 union: Ruleset | None = None) -> ProfileResult:
    """The :class:`ProfileResult` of one loaded profile against several rulesets: its findings grouped by
    ruleset, in the order given (by obligation id within each). The profile is validated against the union
    of the rulesets (``union``, made if not given: see :func:`tsp_rules.model.selection.union_ruleset`); each
    ruleset is evaluated with only its own traits, evidence kinds and decisions. A warning that more than
    one ruleset gives (an expired waiver, a date in the future) is reported once."""
    if len(rulesets) == 1 and (union is None or union is rulesets[0]):
        return evaluate(profile, rulesets[0], as_of, engine)
    union = union if union is not None else union_ruleset(rulesets)
    profile.trait_values(union)  # every problem of the profile against the union, raised as ProfileError
    info = ProfileInfo(profile.id, profile.name, profile.kind, profile.illustrative)
    absent = existence_warning(profile, as_of)
    if absent is not None:
        return ProfileResult(info, profile.file, (), (absent,), checked=False)
    findings: list[Finding] = []
    warnings: list[Warning] = []
    unused = _unused_data(profile, rulesets, union, as_of)
    if unused is not None:
        warnings.append(unused)
    ids = [rs.id for rs in rulesets]
    for rs in rulesets:
        found, warned, _ = evaluate_profile(restrict(profile, rs, union), rs, as_of, engine, by_id=True)
        # a law duty that another ruleset of the check owns gives its one finding there (docs/sources.md)
        elsewhere: frozenset[str] = rs.memo(("owned_elsewhere", *ids), functools.partial(_owned_elsewhere, rs, ids))
        findings.extend(f for f in found if f.obligation not in elsewhere)
        warnings.extend(w for w in warned if w not in warnings)
    found_all = tuple(findings)
    if profile.actions:
        found_all = _with_actions(profile, found_all, as_of, warnings)
    return ProfileResult(info, profile.file, found_all, tuple(sorted(warnings, key=_warning_key)))


_NOT_NEEDED: dict[Status, Text] = {
    Status.MET: Text("uppfylld", "met"),
    Status.WAIVED: Text("undantagen genom beslut", "waived by a decision"),
    Status.NOT_APPLICABLE: Text("inte tillämplig", "not applicable"),
}
"""How an obligation stands when an action on it is not needed (after "skyldigheten är")."""


def _with_actions(profile: Profile, findings: tuple[Finding, ...], as_of: dt.date, warnings: list[Warning]
                  ) -> tuple[Finding, ...]:
    """The findings carrying the profile's actions as they stand on ``as_of`` (statuses untouched: the
    actions were never seen by the engine), and a warning for each action whose obligation needs none."""
    by_obligation: dict[str, list[Action]] = {}
    for action in profile.actions:
        by_obligation.setdefault(action.obligation, []).append(action)
    out = []
    for f in findings:
        mine = by_obligation.get(f.obligation)
        if not mine:
            out.append(f)
            continue
        out.append(f.with_actions(action_states(tuple(mine), f.status, as_of)))
        if f.status in (Status.MET, Status.WAIVED, Status.NOT_APPLICABLE):
            warnings.extend(
                Warning("action_not_needed", {"name": profile.name, "title": f.title, "description": a.description,
                                              "status": _NOT_NEEDED[f.status]},
                        profile.id, f.obligation, a.reference)
                for a in mine)
    return tuple(out)


_COUNTS = (Text("{n:w|en egenskap|egenskaper}", "{n:w|one trait|traits}"),
           Text("{n:w|ett underlag|underlag}", "{n:w|one piece of evidence|pieces of evidence}"),
           Text("{n:w|ett beslut|beslut}", "{n:w|one decision|decisions}"))


def _unused_data(profile: Profile, rulesets: Sequence[Ruleset], union: Ruleset, as_of: dt.date) -> Warning | None:
    """The warning that some of the profile's data is used by none of the rulesets of the check (it was
    accepted because another bundled ruleset, not in force on the date, uses it), or None."""
    counts = unused_by(profile, rulesets)
    if not any(counts):
        return None
    parts = [fill_both(template, n=n) for template, n in zip(_COUNTS, counts, strict=True) if n]
    ids = {rs.id for rs in rulesets}
    others = [load_ruleset(m) for m in union.members if m not in ids]  # bundled (validation_ruleset), cached
    items = Text(*(and_list([p.get(lang) for p in parts], lang) for lang in ("sv", "en")))
    owners = Text(*(and_list([f"{rs.title.get(lang)} ({rs.id})" for rs in others], lang) for lang in ("sv", "en")))
    return Warning("profile_data_unused", {"name": profile.name, "as_of": as_of.isoformat(), "items": items,
                                           "rulesets": owners}, profile.id)


@attrs.frozen
class _Job:
    rulesets: tuple[Ruleset, ...]
    as_of: dt.date
    engine: str
    transform: Callable[[ProfileResult], Any] | None
    _union: Ruleset | None = None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.rulesets, Ruleset):  # one ruleset, as a job was made before there could be several
            object.__setattr__(self, "rulesets", (self.rulesets,))

    @property
    def ruleset(self) -> Ruleset:
        return self.rulesets[0]

    @property
    def union(self) -> Ruleset:
        return self._union if self._union is not None else self.rulesets[0]


_WORKER_JOB: _Job | None = None


def _init_worker(job: _Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job
    # Ctrl-C reaches every process of the terminal's group: the parent stops the pool and reports the
    # interrupt once; a worker interrupted mid-task would only print its own traceback
    import signal  # in a worker only

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@attrs.frozen
class _Outcome:
    """What a worker sends back for one source: a (transformed) result, or the problems of a bad file."""

    ident: str | None
    file: str
    out: Any
    problems: tuple[Problem, ...] = ()
    from_file: bool = False


def _run_one(job: _Job, source: Profile | Path) -> _Outcome:
    try:
        profile = source if isinstance(source, Profile) else load_profile(source, job.union)
        result = evaluate_all(profile, job.rulesets, job.as_of, job.engine, job.union)
    except InputError as exc:
        return _Outcome(None, str(source), None, exc.problems)
    out = job.transform(result) if job.transform is not None else result
    return _Outcome(profile.id, profile.file, out, from_file=profile.document is not None)


def _id_position(outcome: _Outcome) -> tuple[int, int]:
    """Where the profile id of a file is (asked only for an id used twice: the file is read again)."""
    if outcome.from_file:
        try:
            return load_document(outcome.file, lenient=True).locate(("profile", "id"))
        except InputError:  # pragma: no cover - the file changed since it was read
            pass
    return (1, 1)


def _run_in_worker(source: Profile | Path) -> _Outcome:
    assert _WORKER_JOB is not None, "worker not initialised"
    return _run_one(_WORKER_JOB, source)


@overload
def iter_check(
    profiles: Iterable[ProfileSource] | ProfileSource,
    ruleset: Ruleset | str | Path | None = None,
    as_of: dt.date | str | None = None,
    engine: str = "durable",
    *,
    jobs: int = 1,
    transform: None = None,
    progress: Callable[[int], None] | None = None,
    lang: Lang | None = None,
    rulesets: RulesetsArg = None,
) -> Iterator[ProfileResult]: ...


@overload
def iter_check(
    profiles: Iterable[ProfileSource] | ProfileSource,
    ruleset: Ruleset | str | Path | None = None,
    as_of: dt.date | str | None = None,
    engine: str = "durable",
    *,
    jobs: int = 1,
    transform: Callable[[ProfileResult], T],
    progress: Callable[[int], None] | None = None,
    lang: Lang | None = None,
    rulesets: RulesetsArg = None,
) -> Iterator[T]: ...


def iter_check(
    profiles: Iterable[ProfileSource] | ProfileSource,
    ruleset: Ruleset | str | Path | None = None,
    as_of: dt.date | str | None = None,
    engine: str = "durable",
    *,
    jobs: int = 1,
    transform: Callable[[ProfileResult], T] | None = None,
    progress: Callable[[int], None] | None = None,
    lang: Lang | None = None,
    rulesets: RulesetsArg = None,
) -> Iterator[ProfileResult] | Iterator[T]:
    """Evaluate profiles one at a time and yield a :class:`ProfileResult` for each, in input order.

    ``transform`` (a picklable, module-level function when ``jobs > 1``) is applied to each result where
    it is computed, in the worker, so that only what the caller needs travels between processes; the
    iterator then yields the transformed values. ``progress(n)`` is called after each file with the
    number of files done. Memory stays flat in the number of profiles, except for the set of profile ids
    (kept to refuse a duplicate). Bad files are collected and raised as one ``InputError`` at the end,
    worded in ``lang`` (default: the current error language, Swedish unless chosen otherwise). No profile at
    all (an empty list, a folder without ``*.yaml`` files) is a ``UsageError``; so are arguments of the wrong
    kind. At most one worker per profile is started.

    ``rulesets`` checks against several rulesets at once (see :func:`check`); each result then holds the
    findings of every ruleset, grouped by ruleset in the order given.
    """
    with error_language(None if lang is None else check_lang(lang)):
        day = _as_date(as_of)
        chosen = choose_rulesets(ruleset, rulesets, day)
        _check_engine(engine)  # fail early on an unknown name
        _check_jobs(jobs)
        found = tuple(c.ruleset for c in chosen)
        union = validation_ruleset(chosen)
    job = _Job(found, day, engine, transform, union)
    # Each profile id is kept to refuse a duplicate: with the file it came from when ``profiles`` can be
    # read only once, else alone (the first file with a duplicated id is then found by walking again).
    again = not isinstance(profiles, Iterator)
    return _iter_check(job, profiles, again, jobs, progress, lang)


def _iter_check(job: _Job, profiles: Iterable[ProfileSource] | ProfileSource, again: bool, jobs: int,
                progress: Callable[[int], None] | None, lang: Lang | None) -> Iterator[Any]:
    sources = iter_sources(profiles)
    problems: list[Problem] = []
    seen = CompactIds()  # every profile id, compactly (about 50 bytes each)
    files: dict[str, str] | None = None if again else {}  # the file of each id, if it cannot be walked again
    done = 0
    for outcome in _outcomes(job, sources, jobs):
        done += 1
        if progress is not None:
            progress(done)
        if outcome.ident is None:
            problems.extend(outcome.problems)
            continue
        if outcome.ident in seen:
            line, col = _id_position(outcome)
            first = (files or {}).get(outcome.ident) or _first_file(profiles, outcome.ident)
            text = (message("file_named_twice") if _same_file(first, outcome.file)
                    else message("duplicate_profile", ident=q(outcome.ident), other=first))
            problems.append(Problem(outcome.file, line, col, text, "profile.id"))
            continue
        seen.add(outcome.ident)
        if files is not None:
            files[outcome.ident] = outcome.file
        if not problems:  # after a bad file, the rest is only checked
            yield outcome.out
    if problems:
        raise ProfileError(problems, lang=lang)
    if not done:
        raise UsageError("no profiles to check: no profile was given, or the folders hold no *.yaml or *.yml "
                         "files")


def _same_file(a: str, b: str) -> bool:
    """Whether two names of profile files name one file (``x.yaml`` and ``./x.yaml``)."""
    try:
        return a == b or Path(a).resolve() == Path(b).resolve()
    except (OSError, ValueError):
        return False


def _first_file(profiles: Iterable[ProfileSource] | ProfileSource, ident: str) -> str:
    """The first source with profile id ``ident`` (for the message about a duplicate: walks again)."""
    import yaml

    for source in iter_sources(profiles):
        if isinstance(source, Profile):
            if source.id == ident:
                return source.file
            continue
        try:
            data = yaml.safe_load(source.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("profile"), dict) and data["profile"].get("id") == ident:
            return str(source)
    return "?"  # pragma: no cover - the first file changed since it was read


def _outcomes(job: _Job, sources: Iterator[Profile | Path], jobs: int) -> Iterator[_Outcome]:
    first = list(itertools.islice(sources, jobs))  # never more workers than profiles
    if jobs == 1 or len(first) <= 1:
        for source in itertools.chain(first, sources):
            yield _run_one(job, source)
        return
    import multiprocessing  # only here: importing it costs start-up time that most runs do not need

    context = multiprocessing.get_context("spawn")
    with context.Pool(len(first), initializer=_init_worker, initargs=(job,)) as pool:
        # imap keeps the input order; chunks amortise the inter-process round trips
        yield from pool.imap(_run_in_worker, itertools.chain(first, sources), chunksize=16)


def in_force_verdicts(verdicts: Mapping[str, Verdict], ruleset: Ruleset, as_of: dt.date) -> dict[str, Verdict]:
    """The engine's verdicts, with obligations outside their period on ``as_of`` (their part of the programme
    superseded, or not yet in force) made not applicable for that reason. Validity is a matter of the
    calendar, resolved in Python like cadences, and it comes before every other cause."""
    out = dict(verdicts)
    out.update(compiled_plan(ruleset).out_of_force(as_of))  # late: superseded; early: not yet in force
    return out


def report_header(rs: Ruleset | Sequence[Ruleset], day: dt.date) -> list[Warning]:
    """Warnings about the run itself (not about a profile): a check date outside a ruleset's period, or,
    inside it, each part of the programme that had been replaced by then (for several rulesets, the
    warnings of each, a date outside a period naming its ruleset)."""
    if not isinstance(rs, Ruleset):
        many = list(rs)
        if len(many) == 1:
            return report_header(many[0], day)
        out: list[Warning] = []
        for one in many:
            for w in report_header(one, day):
                out.append(Warning("as_of_outside_period_of", {**w.data, "ruleset": one.id})
                           if w.code == "as_of_outside_period" else w)
        return out
    warnings = []
    if not rs.valid_from <= day <= rs.valid_to:
        warnings.append(Warning("as_of_outside_period", {"as_of": day.isoformat(),
                                                         "valid_from": rs.valid_from.isoformat(),
                                                         "valid_to": rs.valid_to.isoformat()}))
    said: set[tuple[dt.date, Text | None]] = set()
    for part in rs.parts:
        if part.valid_to is not None and day > part.valid_to and day <= rs.valid_to:
            by = part.superseded_on(day)  # as worded on the check date
            if (part.valid_to, by) in said:  # a part within one already said (FO4's civil defence)
                continue
            said.add((part.valid_to, by))
            replaced = part.valid_to + dt.timedelta(days=1)
            warnings.append(Warning("parts_superseded", {
                "as_of": day.isoformat(), "part": part.title, "replaced_on": replaced.isoformat(),
                "superseded_by": by or Text("ett senare program", "a later programme")}))
    return warnings


def choose_rulesets(ruleset: RulesetSource | None, rulesets: RulesetsArg, day: dt.date) -> tuple[Selected, ...]:
    """The rulesets of a check from :func:`check`'s arguments: ``ruleset`` alone, or ``rulesets``: a list of
    rulesets (files, bundled ids, :class:`Ruleset` objects), or ``"by_date"`` for the bundled rulesets in
    force on ``day``; neither given is ``"by_date"``, as on the command line. Both at once is a UsageError."""
    if rulesets is None and ruleset is None:
        return select_rulesets(None, day)
    if rulesets is None:
        return (Selected(ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)),)
    if ruleset is not None:
        raise UsageError("give either ruleset or rulesets, not both")
    if isinstance(rulesets, str):
        if rulesets != BY_DATE:
            raise UsageError(f"rulesets must be a list of rulesets or {BY_DATE!r}, got {rulesets!r}")
        return select_rulesets(None, day)
    if isinstance(rulesets, (bytes, Path)) or not isinstance(rulesets, Sequence):
        raise UsageError(f"rulesets must be a list of rulesets or {BY_DATE!r}, got {type(rulesets).__name__}")
    if not rulesets:
        raise UsageError("rulesets must name at least one ruleset")
    picked = [r.ruleset if isinstance(r, Selected) else r for r in rulesets]
    reasons = [r.reason if isinstance(r, Selected) else "given" for r in rulesets]
    return tuple(Selected(c.ruleset, why) for c, why in zip(select_rulesets(picked, day), reasons, strict=True))


def check(
    profiles: Iterable[ProfileSource] | ProfileSource,
    ruleset: Ruleset | str | Path | None = None,
    as_of: dt.date | str | None = None,
    engine: str = "durable",
    *,
    jobs: int = 1,
    lang: Lang | None = None,
    rulesets: RulesetsArg = None,
) -> Report:
    """Check profiles (objects, files or folders) against a ruleset (default: the bundled rulesets in force
    on the check date, as ``tsp-check check`` chooses them).

    ``as_of`` is the check date (default: today). Raises :class:`~tsp_rules.errors.InputError` with the
    problems of every bad file; a non-compliant profile is never an error, it gives findings. The
    report holds every finding in memory: for very many profiles, use :func:`iter_check`. ``lang`` is the
    language of the errors raised (default: Swedish); the report itself holds both languages.

    Several rulesets: ``rulesets=[...]`` (files, bundled ids or :class:`Ruleset` objects, each at most
    once; reported in that order), or ``rulesets="by_date"`` for the bundled rulesets in force on the
    check date (see :func:`tsp_rules.model.selection.bundled_in_force`; none in force is a UsageError). A
    profile's traits, evidence kinds and decisions are then checked against the union of the rulesets,
    and each finding carries the id of its ruleset.
    """
    with error_language(None if lang is None else check_lang(lang)):
        day = _as_date(as_of)
        chosen = choose_rulesets(ruleset, rulesets, day)
        engine_used = _check_engine(engine)
        results = list(iter_check(profiles, None, day, engine, jobs=jobs, rulesets=list(chosen)))
    return report_from_results(results, chosen, day, engine_used)


def report_from_results(results: Iterable[ProfileResult], rs: Ruleset | Sequence[Selected], day: dt.date,
                        engine: str) -> Report:
    """The report of these results against ``rs`` (one ruleset, or the rulesets of the check)."""
    chosen = (Selected(rs),) if isinstance(rs, Ruleset) else tuple(rs)
    infos: list[ProfileInfo] = []
    absent: list[ProfileInfo] = []
    findings: list[Finding] = []
    warnings = report_header([c.ruleset for c in chosen], day)
    for result in results:
        (infos if result.checked else absent).append(result.info)
        findings.extend(result.findings)
        warnings.extend(result.warnings)
    warnings.extend(nothing_checked(len(infos), len(absent), day))
    rank = {c.ruleset.id: i for i, c in enumerate(chosen)}
    infos_rs = tuple(RulesetInfo.of(c.ruleset, c.reason, day, [d.ruleset.id for d in chosen]) for c in chosen)
    return Report(
        ruleset=infos_rs[0],
        as_of=day,
        engine=engine,
        profiles=tuple(sorted(infos, key=lambda p: p.id)),
        findings=tuple(sorted(findings, key=lambda f: (rank.get(f.ruleset, 0), f.profile, f.obligation))),
        warnings=tuple(sorted(warnings, key=_warning_key)),
        rules=chosen[0].ruleset,
        absent=tuple(sorted(absent, key=lambda p: p.id)),
        rulesets=infos_rs,
        all_rules=tuple(c.ruleset for c in chosen),
    )


__all__ = ["EARLIEST_AS_OF", "LATEST_AS_OF", "ProfileResult", "ProfileSource", "RulesetSource", "check",
           "check_as_of", "choose_rulesets", "count_sources", "evaluate", "evaluate_all", "evaluate_profile",
           "iter_check", "iter_sources", "parse_as_of", "report_from_results"]
