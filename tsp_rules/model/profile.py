"""Committee profiles: identity, traits, dated evidence, granted decisions (waivers) and actions."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tsp_rules.documents.loading import Document, check_document, is_within, load_document, parse_yaml
from tsp_rules.errors import Problem, ProfileError, SkippedFileWarning, UsageError, hint, listing, message, os_reason, q
from tsp_rules.model import conditions as C
from tsp_rules.model.ruleset import Ruleset, check_lang
from tsp_rules.texts import Lang, Text, current_error_language, error_language

if TYPE_CHECKING:  # the pydantic models are imported when a profile is read, not with this module
    from tsp_rules.documents.keysort import SortedRecords
    from tsp_rules.documents.profile_specs import ProfileSpec

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
    issued_by: str | None = None
    """The body that issued the document, when it is not this one (a predecessor, before a merger)."""


@attrs.frozen
class Decision:
    """A granted decision (anvisning or waiver) for one obligation."""

    obligation: str
    reference: str
    decided_by: str
    decided_on: dt.date
    valid_until: dt.date
    justification: str


ACTION_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done")
"""An action's status: planned (planerad), in progress (pågående) or done (klar)."""


@attrs.frozen
class Action:
    """An action decided to close a gap (åtgärd). It never changes a finding's status."""

    obligation: str
    description: str
    responsible: str
    decided_on: dt.date
    decided_by: str
    target_date: dt.date
    status: str
    responsible_name: str | None = None
    reference: str | None = None
    done_on: dt.date | None = None

    def overdue(self, as_of: dt.date) -> bool:
        """Whether it is not done and its target date has passed on ``as_of`` (the target day itself is on time)."""
        return self.status != "done" and self.target_date < as_of


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
    valid_from: dt.date | None = attrs.field(default=None, kw_only=True)
    """The first day the body exists; None: it existed before any check date."""
    valid_to: dt.date | None = attrs.field(default=None, kw_only=True)
    """The last day the body exists; None: it still exists."""
    successor: str | None = attrs.field(default=None, kw_only=True)
    """The id of the body that took over after ``valid_to``."""
    successor_name: str | None = attrs.field(default=None, kw_only=True)
    predecessors: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    actions: tuple[Action, ...] = attrs.field(default=(), kw_only=True)
    """Actions decided to close gaps; never seen by an engine."""
    _checked: dict[str, dict[str, C.Value]] = attrs.field(init=False, factory=dict, eq=False, repr=False,
                                                          hash=False)
    """The bound trait values per ruleset digest this profile was checked against (see trait_values)."""

    def exists_on(self, day: dt.date) -> bool:
        """Whether the body exists on ``day`` (``valid_from`` and ``valid_to`` both count as days it exists)."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def problem(self, path: tuple[str | int, ...], text: str | Text, at_key: bool = False) -> Problem:
        if self.document is None:
            return Problem(self.file, 1, 1, text, ".".join(str(p) for p in path))
        return self.document.problem(path, text, at_key)

    def trait_values(self, ruleset: Ruleset) -> dict[str, C.Value]:
        """The known trait values, checked against the ruleset; raises :class:`ProfileError`.

        The whole profile (traits, evidence kinds and content, decisions) is checked once per ruleset
        digest: a profile loaded with a ruleset, or resolved once, is not validated again against a
        ruleset with the same digest. (A profile is frozen; its ``traits`` and evidence ``content``
        mappings must not be changed after it was checked.)
        """
        found = self._checked.get(ruleset.digest)
        if found is None:
            found, problems = _bind(self, ruleset)
            if problems:
                raise ProfileError(problems)
            self._checked[ruleset.digest] = found
        return dict(found)

    def take_check(self, source: Profile, union: Ruleset, part: Ruleset) -> None:
        """Count this profile (``source`` restricted to ``part``, a member of ``union``: see
        :func:`tsp_rules.model.selection.restrict`) as checked against ``part``, with the trait values ``source``
        was given against ``union`` that ``part`` declares, when ``source`` was checked against ``union`` and
        ``part`` declares its traits and evidence kinds as ``union`` does (else nothing: it is checked when
        first resolved)."""
        done = source._checked.get(union.digest)
        if done is None or part.digest in self._checked or not same_declarations(part, union):
            return
        self._checked[part.digest] = {k: v for k, v in done.items() if k == "kind" or k in part.traits}

    def checked_against(self, ruleset: Ruleset) -> bool:
        """Whether this profile was already checked against a ruleset with ``ruleset``'s digest."""
        return ruleset.digest in self._checked


def same_declarations(part: Ruleset, union: Ruleset) -> bool:
    """Whether ``union`` declares each of ``part``'s traits and evidence kinds' content fields with the values
    ``part`` allows (the domains a profile is checked against; titles, sources and the other members' fields may
    differ), kept with ``part``. Always so for a union made by
    :func:`~tsp_rules.model.selection.union_ruleset`, which refuses a trait or field defined differently; checked
    because ``restrict`` may be given any ruleset as the union."""
    def same() -> bool:
        for name, trait in part.traits.items():
            other = union.traits.get(name)
            if other is None or other.domain != trait.domain:
                return False
        for name, kind in part.evidence_kinds.items():
            found = union.evidence_kinds.get(name)  # a union's kind holds the content fields of every member's
            if found is None or any(found.content.get(f) != domain for f, domain in kind.content.items()):
                return False
        return True

    found: bool = part.memo(("same_declarations", union.digest), same)
    return found


_OTHER_TRAITS: dict[str, Mapping[str, Any]] = {}


def other_bundled_traits(ruleset: Ruleset) -> Mapping[str, Any]:
    """The traits that only the other bundled rulesets define, when ``ruleset`` has the id of a bundled
    ruleset (or is a union of bundled rulesets): a profile written for all of them is valid against each
    (issue 21: the Stockholm profiles carry the statutory ruleset's traits too). Empty for a ruleset of any
    other id, which stays strict."""
    from tsp_rules.model.compiler import bundled_rulesets, load_ruleset

    found = _OTHER_TRAITS.get(ruleset.digest)
    if found is None:
        bundled = bundled_rulesets()
        names = ruleset.members or (ruleset.id,)
        found = {}
        if all(n in bundled for n in names):  # a bundled ruleset, or a variant of one (the remiss's "as proposed")
            for other in sorted(set(bundled) - set(names)):
                for tname, trait in load_ruleset(other).traits.items():
                    if tname not in ruleset.traits:
                        found.setdefault(tname, trait)
        _OTHER_TRAITS[ruleset.digest] = found
    return found


_OTHER_KINDS: dict[str, Mapping[str, Any]] = {}


def other_bundled_evidence_kinds(ruleset: Ruleset) -> Mapping[str, Any]:
    """The evidence kinds that only the other bundled rulesets declare, on the same terms as
    :func:`other_bundled_traits`: a profile written for all the bundled rulesets (the Stockholm profiles carry
    the statutory ruleset's evidence too) is valid against each. Empty for a ruleset of any other id."""
    from tsp_rules.model.compiler import bundled_rulesets, load_ruleset

    found = _OTHER_KINDS.get(ruleset.digest)
    if found is None:
        bundled = bundled_rulesets()
        names = ruleset.members or (ruleset.id,)
        found = {}
        if all(n in bundled for n in names):
            for other in sorted(set(bundled) - set(names)):
                for kname, kind in load_ruleset(other).evidence_kinds.items():
                    if kname not in ruleset.evidence_kinds:
                        found.setdefault(kname, kind)
        _OTHER_KINDS[ruleset.digest] = found
    return found


def _bind(profile: Profile, ruleset: Ruleset) -> tuple[dict[str, C.Value], list[Problem]]:
    return _bind_parts(
        profile.kind, profile.traits, ((i, ev.kind, ev.content) for i, ev in enumerate(profile.evidence or ())),
        ((i, dec.obligation) for i, dec in enumerate(profile.decisions)), profile.problem, ruleset,
        ((i, act.obligation) for i, act in enumerate(profile.actions)),
    )


def _bind_parts(
    kind: Any,
    traits: Mapping[str, Any],
    evidence: Iterable[tuple[int, str, Mapping[str, Any]]],
    decisions: Iterable[tuple[int, str]],
    problem: Callable[..., Problem],  # (path, message, at_key=False) -> Problem
    ruleset: Ruleset,
    actions: Iterable[tuple[int, str]] = (),
) -> tuple[dict[str, C.Value], list[Problem]]:
    """Check traits, evidence kinds and content, and decisions' and actions' obligations against the ruleset."""
    problems: list[Problem] = []
    values: dict[str, C.Value] = {"kind": kind}
    others = other_bundled_traits(ruleset)
    for name, raw in traits.items():
        trait = ruleset.traits.get(name)
        if trait is None and name in others:
            # a trait another bundled ruleset defines: the profile may serve both; checked, then left out
            if raw not in UNKNOWN_MARKERS:
                error = C.check_value(others[name].domain, raw)[1]
                if error:
                    problems.append(problem(("traits", name), error))
            continue
        if trait is None or name == "kind":
            declared = [t for t in ruleset.traits if t != "kind"]
            msg = (message("kind_under_profile") if name == "kind" else
                   message("unknown_trait_union", trait=q(name), hint=hint(name, declared),
                           rulesets=listing(ruleset.members), items=listing(sorted(declared)))
                   if ruleset.members else
                   message("unknown_trait", trait=q(name), hint=hint(name, declared), ruleset=q(ruleset.id),
                           items=listing(sorted(declared))))
            problems.append(problem(("traits", name), msg, at_key=True))
            continue
        if raw in UNKNOWN_MARKERS:
            continue
        value, error = C.check_value(trait.domain, raw)
        if error:
            problems.append(problem(("traits", name), error))
        else:
            assert value is not None
            values[name] = value
    other_kinds = other_bundled_evidence_kinds(ruleset)
    for i, ev_kind, content in evidence:
        kind_spec = ruleset.evidence_kinds.get(ev_kind)
        if kind_spec is None and ev_kind in other_kinds:
            kind_spec = other_kinds[ev_kind]  # another bundled ruleset's kind: its content is checked, then unused
        if kind_spec is None:
            problems.append(problem(("evidence", i, "kind"), message(
                "unknown_kind", kind=q(ev_kind), hint=hint(ev_kind, ruleset.evidence_kinds),
                items=listing(sorted(ruleset.evidence_kinds)))))
            continue
        for field, raw in content.items():
            domain = kind_spec.content.get(field)
            if domain is None:
                problems.append(problem(("evidence", i, "content", field), message(
                    "unknown_content_field", field=q(field), kind=q(ev_kind), hint=hint(field, kind_spec.content),
                    items=listing(sorted(kind_spec.content))), at_key=True))
                continue
            _, error = C.check_value(domain, raw)
            if error:
                problems.append(problem(("evidence", i, "content", field), error))
    ids = ruleset.obligation_ids
    for i, obligation in decisions:
        if obligation not in ids:
            problems.append(problem(("decisions", i, "obligation"), message(
                "decision_unknown_obligation", obligation=q(obligation), hint=hint(obligation, ids))))
    for i, obligation in actions:
        if obligation not in ids:
            problems.append(problem(("actions", i, "obligation"), message(
                "action_unknown_obligation", obligation=q(obligation), hint=hint(obligation, ids))))
    return values, problems


def _raw_problems(doc: Document, ruleset: Ruleset) -> list[Problem]:
    """The ruleset problems of a document that failed validation, read from its raw data where it can be."""
    data = doc.data if isinstance(doc.data, dict) else {}

    def items(key: str) -> list[tuple[int, dict[str, Any]]]:
        value = data.get(key)
        return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)] if isinstance(value, list) else []

    traits = data.get("traits")
    evidence: list[tuple[int, str, Mapping[str, Any]]] = []
    for i, x in items("evidence"):
        content = x.get("content")
        if isinstance(x.get("kind"), str):
            evidence.append((i, x["kind"], content if isinstance(content, dict) else {}))
    decisions = [(i, x["obligation"]) for i, x in items("decisions") if isinstance(x.get("obligation"), str)]
    actions = [(i, x["obligation"]) for i, x in items("actions") if isinstance(x.get("obligation"), str)]
    _, problems = _bind_parts(None, traits if isinstance(traits, dict) else {}, evidence, decisions,
                              doc.problem, ruleset, actions)
    return problems


def check_profile(profile: Profile, ruleset: Ruleset) -> None:
    """Raise :class:`ProfileError` with every problem of the profile against the ruleset (once per digest:
    see :meth:`Profile.trait_values`)."""
    profile.trait_values(ruleset)


def profile_from_document(doc: Document, ruleset: Ruleset | None = None) -> Profile:
    """The profile in ``doc``; with ``ruleset``, also checked against it. Raises :class:`ProfileError`
    with every problem of the file (reading, validation and, where they can be read, ruleset problems)."""
    if not isinstance(doc.data, dict):
        issues = [p for _, p in doc.issues]
        if not any(path == () for path, _ in doc.issues):  # a refused tag on the whole file is said once
            issues.append(doc.problem((), message("profile_not_mapping")))
        raise ProfileError(issues)
    kind = doc.data.get("format")
    if isinstance(kind, str) and kind.startswith("tsp-ruleset"):
        raise ProfileError([doc.problem(("format",), message("profile_is_ruleset", format=kind))])
    from tsp_rules.documents.profile_specs import ProfileSpec

    spec, problems = check_document(doc, ProfileSpec)
    if spec is None:
        if ruleset is not None:
            flagged = [p.field for p in problems]
            problems.extend(p for p in _raw_problems(doc, ruleset) if not is_within(p.field, flagged))
        raise ProfileError(problems)
    profile = profile_from_spec(spec, doc)
    if ruleset is not None:
        check_profile(profile, ruleset)
    return profile


def profile_from_spec(spec: ProfileSpec, doc: Document) -> Profile:
    """The profile of a validated document (not yet checked against a ruleset)."""
    evidence = None
    if spec.evidence is not None:
        evidence = tuple(
            Evidence(e.kind, e.date, e.reference, e.valid_until, dict(e.content), e.note, e.issued_by)
            for e in spec.evidence
        )
    decisions = tuple(
        Decision(d.obligation, d.reference, d.decided_by, d.decided_on, d.valid_until, d.justification)
        for d in spec.decisions
    )
    actions = tuple(
        Action(a.obligation, a.description, a.responsible, a.decided_on, a.decided_by, a.target_date, a.status,
               a.responsible_name, a.reference, a.done_on)
        for a in spec.actions
    )
    ident = spec.profile
    return Profile(ident.id, ident.name, ident.kind, ident.illustrative, ident.note, dict(spec.traits),
                   evidence, decisions, doc.file, doc, valid_from=ident.valid_from, valid_to=ident.valid_to,
                   successor=ident.successor, successor_name=ident.successor_name,
                   predecessors=tuple(ident.predecessors), actions=actions)


def load_profile(path: Path | str, ruleset: Ruleset | None = None, *, lang: Lang | None = None) -> Profile:
    """Load a profile file; with ``ruleset``, also check its traits, evidence and decisions against it.
    ``lang`` is the language of the error raised for a bad file (default: Swedish)."""
    if not isinstance(path, (str, os.PathLike)) or isinstance(os.fspath(path), bytes):
        raise UsageError(f"a profile must be given as a file path (str or pathlib.Path), got {type(path).__name__}")
    _check_ruleset_argument(ruleset)
    with error_language(None if lang is None else check_lang(lang)):
        return profile_from_document(load_document(path, lenient=True), ruleset)


def _check_ruleset_argument(ruleset: object) -> None:
    if ruleset is not None and not isinstance(ruleset, Ruleset):
        raise UsageError(f"ruleset must be a Ruleset (from load_ruleset) or None, got {type(ruleset).__name__}")


def profile_from_text(text: str, file: str = "<profile>", ruleset: Ruleset | None = None, *,
                      lang: Lang | None = None) -> Profile:
    if not isinstance(text, str):
        raise UsageError(f"the profile text must be a str, got {type(text).__name__}")
    _check_ruleset_argument(ruleset)
    with error_language(None if lang is None else check_lang(lang)):
        return profile_from_document(parse_yaml(text, file, lenient=True), ruleset)


def _unreadable(path: Path) -> Text | None:
    """Why a ``*.yaml`` entry found in a folder is not read as a profile, or None for a regular file (and
    for a folder, which is searched itself)."""
    try:
        mode = path.stat().st_mode  # follows symbolic links
    except OSError as exc:
        if path.is_symlink():
            if exc.errno == errno.ELOOP:
                return message("link_loop")
            with contextlib.suppress(OSError):
                return message("dangling_link", target=os.readlink(path))
        return message("unreadable", reason=os_reason(exc))
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return message("not_regular_entry")


def iter_profile_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Profile files named directly, and ``*.yaml``/``*.yml`` files under named folders, sorted (in the
    order of ``sorted(folder.rglob("*"))``). A folder is walked one directory at a time: only the names
    in the directory being read are held, never the list of every file.

    Entries under a folder that cannot be profiles (dangling symbolic links, link loops, FIFOs, devices)
    are skipped with a :class:`~tsp_rules.errors.SkippedFileWarning`; a file named directly is always
    yielded, and refused when read if it is not a regular file.
    """
    for raw in paths:
        if not isinstance(raw, (str, os.PathLike)) or isinstance(os.fspath(raw), bytes):
            raise UsageError(f"profiles must be given as file or folder paths (str or pathlib.Path) or "
                             f"Profile objects, got {type(raw).__name__}")
        if not os.fspath(raw):
            raise UsageError("an empty path names no profile (give '.' for the current folder)")
        path = Path(raw)
        if path.is_dir():
            yield from _walk_sorted(path)
        else:
            yield path


def _skipped_folder(folder: Path) -> bool:
    """A hidden folder (``.git``, ``.venv``) or a Python virtual environment under a folder being checked
    holds no profiles: it is not walked (``tsp-check check .`` from a project's root)."""
    return folder.name.startswith(".") or (folder / "pyvenv.cfg").is_file()


def _entry(path: Path) -> tuple[int, int] | None:
    """The directory entry itself (device and inode of the link or FIFO, not followed): the same entry reached
    through a linked folder under another path is one entry."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _walk_sorted(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` with a YAML suffix, depth first with each directory's entries sorted by name:
    the order of sorting their paths, which compare part by part. Symbolic links to folders are not
    followed (as ``rglob`` does not); links to files are listed."""
    import os

    entries: list[tuple[str, bool]] = []
    names: SortedRecords | None = None  # a folder of many entries: its names are sorted on disk
    try:
        listing = os.scandir(folder)
    except OSError:
        return
    with listing:
        while True:
            try:
                entry = next(listing, None)
                if entry is None:
                    break
                name, is_dir = entry.name, entry.is_dir(follow_symlinks=False)
            except OSError:  # the folder cannot be read (to its end): it is left out, as when it cannot be opened
                if names is not None:
                    names.close()
                return
            if names is not None:
                names.add((name, int(is_dir)))  # an error writing the temporary file is raised, not hidden
                continue
            entries.append((name, is_dir))
            if len(entries) > _FOLDER_IN_MEMORY:
                from tsp_rules.documents.keysort import SortedRecords

                names = SortedRecords("si")
                for n, d in entries:
                    names.add((n, int(d)))
                entries = []
    if names is None:
        yield from _walk_entries(folder, sorted(entries))
        return
    with names:
        yield from _walk_entries(folder, ((str(n), bool(d)) for n, d in names.sorted()))


_FOLDER_IN_MEMORY = 4096
"""Entries of one directory sorted in memory; the names of a directory with more are sorted on disk
(:class:`~tsp_rules.documents.keysort.SortedRecords`), so that walking a folder of 100,000 profiles does not
hold 100,000 names."""


def _walk_entries(folder: Path, entries: Iterable[tuple[str, bool]]) -> Iterator[Path]:
    for name, is_dir in entries:
        child = folder / name
        if is_dir:
            if not _skipped_folder(child):
                yield from _walk_sorted(child)
        elif child.suffix in (".yaml", ".yml"):
            reason = _unreadable(child)
            if reason is not None:
                text = message("skipped_file", path=child, reason=reason).get(current_error_language())
                warnings.warn(SkippedFileWarning(text, entry=_entry(child)), stacklevel=2)
            elif child.is_file():  # not a link to a folder (not followed, as rglob does not)
                yield child
