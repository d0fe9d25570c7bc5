"""Writing a report without holding it: each profile's part is rendered as it comes and spooled to a
temporary file; at the end the parts are written out in profile-id order, byte for byte the report
that :mod:`tsp_rules.renderers` makes from a whole :class:`~tsp_rules.checking.findings.Report`.

Memory: per profile only its id, its offsets in the spool and its status counts are kept (about
a hundred bytes), never its findings; the spool lives in the system's temporary folder and is removed
when the writer is closed. Formats other than ``text`` and ``json`` are rendered from a whole report.
"""

from __future__ import annotations

import array
import datetime as dt
import itertools
import json
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any

import attrs

from tsp_rules.checking.bodies import nothing_checked
from tsp_rules.checking.check import ProfileResult
from tsp_rules.checking.explain import SHARED
from tsp_rules.checking.findings import (
    ACTION_STANDINGS,
    SCHEMA_VERSION,
    STATUSES,
    Finding,
    Reason,
    RulesetInfo,
    Status,
    Warning,
    exit_code_for,
    standing,
)
from tsp_rules.checking.idset import ChunkedInts, PackedTexts
from tsp_rules.model import i18n
from tsp_rules.model.ruleset import Lang
from tsp_rules.renderers import text as text_renderer
from tsp_rules.renderers.json import pretty

_encode_str = json.encoder.encode_basestring  # a text as JSON, as pretty() writes it (ensure_ascii=False)

STREAMING_FORMATS = ("json", "text")


@attrs.frozen
class Part:
    """One profile's rendered pieces (JSON: list items; text: its block and warning lines), and counts."""

    id: str
    info: str
    body: str | bytes
    """The profile's findings (JSON: UTF-8 bytes, as most of them are kept; text: its block)."""
    warnings: str
    counts: tuple[int, ...]
    findings: int
    warning_count: int
    checked: bool = True
    more: tuple[str | bytes, ...] = ()
    """In a report of several rulesets, the bodies for the second and later rulesets (``body`` is the
    first's)."""
    shares: tuple[tuple[int, ...], ...] = ()
    """In a report of several rulesets, the status counts of each ruleset's findings, in order."""
    actions: tuple[int, ...] = ()
    """Gaps and not-assessed findings by how they stand with their actions (in ACTION_STANDINGS order)."""

    @property
    def sections(self) -> tuple[str | bytes, ...]:
        return (self.info, self.body, *self.more, self.warnings)


def _json_item(data: Any) -> str:
    """``data`` as an item of a top-level list in the report, indented as ``json.dumps(indent=2)`` does."""
    try:
        return "    " + pretty(data, 2)
    except TypeError:  # pragma: no cover - the report's data is plain JSON
        return "\n".join("    " + line for line in json.dumps(data, ensure_ascii=False, indent=2).split("\n"))


_MARKS = {name: f"@@tsp-{name}@@" for name in ("profile", "waiver", "reasons", "explanation")}
_SHAPES: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_REASONS: dict[tuple[int, int, Lang], tuple[tuple[Reason, ...], Any, bytes, bytes]] = {}
MAX_KEPT = 16_384
"""Finding shapes and shared reasons' texts kept (see :func:`finding_item`); each table is emptied when full."""


def finding_item(finding: Finding, lang: Lang) -> str:
    """``finding`` as an item of the report's ``findings`` list: the same text as :func:`_json_item` of its data,
    made faster.

    Every finding without actions with the same obligation, status, variant, ground, title, summary and
    citation has the same shape: the text is the same but for its profile id, waiver reference, reasons and
    explanation. The shape is made once, from the finding's own data with marks in those four places, and kept
    with the objects it was made from (so that their identities stand for their values); a finding is then its
    shape with the four put in, its reasons written as ``pretty`` writes them at their depth. The reasons of a
    tuple many findings share (:data:`tsp_rules.checking.explain.SHARED`) and their explanation are kept as
    text too. A not-applicable finding's ``replaced`` depends on its reasons: one whose reasons are not shared,
    and any finding with actions, is written the ordinary way. ``tests/test_check_streaming_formats.py`` and the
    fixtures' reports compare the bytes."""
    return finding_items((finding,), lang)[0].decode("utf-8")


def finding_items(findings: Iterable[Finding], lang: Lang) -> list[bytes]:
    """:func:`finding_item` of each finding as UTF-8 bytes, in one loop (a report writes every finding of a
    profile). The pieces findings share (their shapes, shared reasons and explanations) are kept encoded, so
    that only what is a profile's own is encoded for it."""
    out: list[bytes] = []
    append = out.append
    holds, shapes, kept_reasons, message, encode = SHARED.holds, _SHAPES, _REASONS, i18n.message, _encode_str
    not_applicable = Status.NOT_APPLICABLE
    profile, profile_bytes = None, b""
    for finding in findings:
        found = finding.reasons
        status = finding.status
        shared = holds(found)
        if finding.actions or (status is not_applicable and not shared):
            append(_json_item(finding.to_data(lang)).encode("utf-8"))
            continue
        summary = finding.summary
        key = (finding.obligation, status, finding.tailoring, finding.exemption, id(finding.title), id(summary),
               id(finding.citation), finding.focus_area, finding.ruleset, lang, id(found) if shared else None)
        shape = shapes.get(key)
        if shape is None:
            shape = _shape(finding, lang, shared)
            if len(shapes) >= MAX_KEPT:
                shapes.clear()
            shapes[key] = shape
        if not shape:  # a text in which a mark was found out of place: the ordinary way
            append(_json_item(finding.to_data(lang)).encode("utf-8"))
            continue
        said = kept_reasons.get((id(found), id(summary), lang)) if shared else None
        if said is None:
            messages = [message(r.code, r.data, lang) for r in found]
            # the explanation opens with the summary: kept with it (both objects held, so their ids stand for them)
            said = (found, summary,
                    pretty([r.to_data(lang, m) for r, m in zip(found, messages, strict=True)], 3).encode("utf-8"),
                    encode(" ".join([summary.get(lang), *messages])).encode("utf-8"))
            if shared:
                if len(kept_reasons) >= MAX_KEPT:
                    kept_reasons.clear()
                kept_reasons[id(found), id(summary), lang] = said
        if finding.profile is not profile:  # a profile's findings share its id
            profile = finding.profile
            profile_bytes = encode(profile).encode("utf-8")
        waiver = finding.waiver
        append(b"".join((shape[4], profile_bytes, shape[5],
                         b"null" if waiver is None else encode(waiver).encode("utf-8"),
                         shape[6], said[2], shape[7], said[3], shape[8])))
    return out


def _fill(shape: Sequence[str], profile: str, waiver: str | None, reasons: str, explanation: str) -> str:
    """A finding's text from its shape's texts (the four pieces of :data:`_MARKS` and the rest), its profile id,
    waiver reference and the texts of its reasons and explanation."""
    return (f"{shape[0]}{_encode_str(profile)}{shape[1]}{'null' if waiver is None else _encode_str(waiver)}"
            f"{shape[2]}{reasons}{shape[3]}{explanation}{shape[4]}")


def _shape(finding: Finding, lang: Lang, shared: bool) -> tuple[Any, ...]:
    """The text of ``finding`` cut at its profile id, waiver, reasons and explanation (as UTF-8 bytes), with the
    objects it was made from (its reasons too when they are shared: a not-applicable finding's ``replaced`` is
    made from them)."""
    data = finding.to_data(lang)
    whole = _json_item(data)
    said, explained = data["reasons"], data["explanation"]
    for name, mark in _MARKS.items():  # in the order of the data's keys, so each mark's first place is its value
        data[name] = mark
    rest = _json_item(data)
    pieces = []
    for mark in _MARKS.values():
        head, _, rest = rest.partition(_encode_str(mark))
        pieces.append(head)
    pieces.append(rest)
    # the shape must give back the finding's own text (a mark met in a title or a quote would cut it elsewhere)
    if _fill(pieces, finding.profile, finding.waiver, pretty(said, 3), _encode_str(explained)) != whole:
        return ()
    return (finding.title, finding.summary, finding.citation, finding.reasons if shared else None,
            *(piece.encode("utf-8") for piece in pieces))


_REPLACED: dict[int, tuple[tuple[Reason, ...], bool]] = {}


def _is_replaced(finding: Finding) -> bool:
    """Whether a not-applicable finding without a ground does not apply because its part had been replaced,
    with what a shared reasons tuple says kept (it depends only on the reasons)."""
    found = finding.reasons
    if not SHARED.holds(found):
        return finding.replaced is not None
    kept = _REPLACED.get(id(found))
    if kept is None:
        if len(_REPLACED) >= MAX_KEPT:
            _REPLACED.clear()
        kept = _REPLACED[id(found)] = (found, finding.replaced is not None)
    return kept[1]


def _tally(findings: Sequence[Finding]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """In one pass over ``findings``: their counts by status (in STATUSES order), then the replaced ones among
    the not applicable (:func:`~tsp_rules.checking.findings.replaced_count`); and the gaps and not-assessed
    findings by how they stand with their actions (:func:`~tsp_rules.checking.findings.action_counts`, in
    ACTION_STANDINGS order)."""
    by_status = dict.fromkeys(STATUSES, 0)  # by member: an enum's ``.value`` is read slowly
    by_standing = dict.fromkeys(ACTION_STANDINGS, 0)
    replaced = 0
    not_applicable, gap, not_assessed = Status.NOT_APPLICABLE, Status.GAP, Status.NOT_ASSESSED
    for f in findings:
        status = f.status
        by_status[status] += 1
        if status is not_applicable:
            if f.exemption is None:
                replaced += _is_replaced(f)
        elif status is gap or status is not_assessed:
            by_standing[standing(status, f.actions) or "none"] += 1  # never None for these statuses
    return (*by_status.values(), replaced), tuple(by_standing.values())


@attrs.frozen
class Group:
    """One ruleset's share of a report of several: its id, its obligations' places and its grounds' sources
    (plain values: they travel to worker processes)."""

    ruleset: str
    order: Mapping[str, int]
    grounds: Mapping[str, str]


def render_part(result: ProfileResult, fmt: str, lang: Lang, single: bool = False,
                order: Mapping[str, int] | None = None, color: bool = False,
                grounds: Mapping[str, str] | None = None, groups: tuple[Group, ...] = ()) -> Part:
    """Render one profile's part of the report (runs in a worker process with ``--jobs``).

    For text: ``single`` when the report has one profile (all its findings are explained), ``order`` the
    obligations' places in the ruleset, ``color`` for a terminal. ``groups``: with several rulesets, one
    per ruleset in the order reported (their ``order`` and ``grounds`` replace the arguments)."""
    if len(groups) > 1:
        shares: dict[str, list[Any]] = {g.ruleset: [] for g in groups}
        for f in result.findings:
            shares[f.ruleset].append(f)
        split: list[tuple[list[Any], Mapping[str, int], Mapping[str, str] | None]] = [
            (shares[g.ruleset], g.order, g.grounds) for g in groups]
    else:
        split = [(list(result.findings), order or {}, grounds)]
    # per share, the status counts, then the replaced ones among the not applicable (counted apart in the
    # summary), and how gaps stand with their actions; the whole profile's are their sums
    tallies = [_tally(share) for share, _, _ in split]
    per_share = [counted for counted, _ in tallies]
    counts = tuple(map(sum, zip(*per_share, strict=True)))
    standings = tuple(map(sum, zip(*(stood for _, stood in tallies), strict=True)))
    if fmt == "json":
        info = _json_item(result.info.to_data())
        bodies: list[str | bytes] = [b",\n".join(finding_items(share, lang)) for share, _, _ in split]
        warned = ",\n".join(_json_item(w.to_data(lang)) for w in result.warnings)
    elif fmt == "text":
        info = ""
        bodies = [text_renderer.profile_block(result.info, share, lang, single=single, order=places, color=color,
                                              grounds=sources) for share, places, sources in split]
        warned = text_renderer.warning_lines(result.warnings, lang)
    else:
        raise ValueError(f"format {fmt!r} cannot be streamed")
    if not result.checked:  # a body that did not exist on the date: only its warning, in no list of bodies
        info = ""
        bodies = [""] * len(bodies)
    shared = tuple(per_share) if len(groups) > 1 else ()
    return Part(result.info.id, info, bodies[0], warned, counts, len(result.findings), len(result.warnings),
                result.checked, tuple(bodies[1:]), shared, standings)


class ReportWriter:
    """Collects :class:`Part` objects (in any order) and writes the finished report in profile-id order."""

    def __init__(self, fmt: str, lang: Lang, ruleset: RulesetInfo | Sequence[RulesetInfo], as_of: dt.date,
                 engine: str, run_warnings: Iterable[Warning] = (), color: bool = False) -> None:
        if fmt not in STREAMING_FORMATS:
            raise ValueError(f"format {fmt!r} cannot be streamed")
        self.rulesets = (ruleset,) if isinstance(ruleset, RulesetInfo) else tuple(ruleset)
        self.ruleset = self.rulesets[0]
        self.fmt, self.lang, self.as_of, self.engine = fmt, lang, as_of, engine
        self._nsec = 2 + len(self.rulesets)  # info, one body per ruleset, warnings
        self.color = color
        self.run_warnings = sorted(run_warnings, key=lambda w: (w.profile or "", w.obligation or "", w.code,
                                                                w.reference or ""))
        self._spool: IO[bytes] = tempfile.TemporaryFile(prefix="tsp-check-")  # noqa: SIM115 - closed by close()
        # per part, in the order added: its id (packed: its UTF-8 bytes and 8 bytes), and where its sections
        # start in the spool (the part ends where the next one starts): 24 bytes
        self._ids = PackedTexts()
        self._starts = ChunkedInts()
        self._end = 0
        self._sorted: Sequence[int] | None = None
        self.counts = [0] * (len(STATUSES) + 1)  # the statuses, then the replaced among the not applicable
        self.standings = [0] * len(ACTION_STANDINGS)
        self.shares = [[0] * (len(STATUSES) + 1) for _ in self.rulesets]
        self.findings = 0
        self.warnings = len(self.run_warnings)
        self.profiles = 0  # checked; the others did not exist on the date
        self.absent = 0

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._spool.close()

    def add(self, part: Part) -> None:
        """Spool one profile's part (a profile id added twice is refused when the report is written)."""
        sections = part.sections
        if len(sections) != self._nsec:
            raise ValueError(f"a part of {len(sections) - 2} rulesets added to a report of {len(self.rulesets)}")
        chunks = [s if isinstance(s, bytes) else s.encode("utf-8") for s in sections]
        offset = self._end
        self._spool.seek(offset)
        self._spool.write(b"".join(chunks))
        self._ids.append(part.id)
        for chunk in chunks:
            self._starts.append(offset)
            offset += len(chunk)
        self._end = offset
        self.counts = [a + b for a, b in zip(self.counts, part.counts, strict=True)]
        if part.actions:
            self.standings = [a + b for a, b in zip(self.standings, part.actions, strict=True)]
        for mine, theirs in zip(self.shares, part.shares, strict=False):
            mine[:] = [a + b for a, b in zip(mine, theirs, strict=True)]
        self.findings += part.findings
        self.warnings += part.warning_count
        if part.checked:
            self.profiles += 1
        else:
            self.absent += 1

    @property
    def status_counts(self) -> dict[str, int]:
        return {s.value: n for s, n in zip(STATUSES, self.counts, strict=False)}

    @property
    def replaced(self) -> int:
        """How many not-applicable findings do not apply because their part had been replaced."""
        return self.counts[-1]

    @property
    def action_counts(self) -> dict[str, int]:
        return dict(zip(ACTION_STANDINGS, self.standings, strict=True))

    def exit_code(self, fail_on: str = "not_assessed") -> int:
        return exit_code_for(self.status_counts, fail_on)

    def _order(self) -> Sequence[int]:
        """The parts' places in profile-id order (worked out once); ValueError for an id added twice."""
        if self._sorted is None or len(self._sorted) != len(self._ids):
            ids = self._ids
            count = len(ids)
            # parts usually arrive in id order (files sorted by path, named by id): then nothing is sorted and
            # no list of ids is built; UTF-8 bytes compare in the order of their texts
            if all(ids.raw(i) < ids.raw(i + 1) for i in range(count - 1)):
                self._sorted = range(count)
                return self._sorted
            order = sorted(range(count), key=ids.raw)
            for a, b in itertools.pairwise(order):
                if ids.raw(a) == ids.raw(b):
                    raise ValueError(f"profile {ids[a]!r} added twice")
            self._sorted = array.array("q", order)
        return self._sorted

    def _chunks(self, section: int) -> Iterable[bytes]:
        """The UTF-8 bytes of one section of every part, in profile-id order."""
        starts, count, n = self._starts, len(self._ids), self._nsec
        for i in self._order():
            start = starts[n * i + section]
            end = starts[n * i + section + 1] if section < n - 1 else starts[n * i + n] if i + 1 < count else self._end
            if end > start:
                self._spool.seek(start)
                yield self._spool.read(end - start)

    def write(self, emit: Callable[[str], object]) -> None:
        """Write the whole report through ``emit`` (called with successive pieces of text)."""
        self._write(emit, lambda chunk: emit(chunk.decode("utf-8")))

    def write_bytes(self, emit: Callable[[bytes], object]) -> None:
        """Write the whole report through ``emit`` as UTF-8 bytes: the same bytes :meth:`write` gives, with the
        spooled parts passed on as they were spooled (never decoded and encoded again)."""
        self._write(lambda text: emit(text.encode("utf-8")), emit)

    def _write(self, emit: Callable[[str], object], raw: Callable[[bytes], object]) -> None:
        """Write the report: ``emit`` takes text, ``raw`` the spooled parts' UTF-8 bytes."""
        footer = nothing_checked(self.profiles, self.absent, self.as_of)
        if footer:
            self.run_warnings = sorted([*self.run_warnings, *footer], key=lambda w: (
                w.profile or "", w.obligation or "", w.code, w.reference or ""))
            self.warnings += len(footer)
        if self.fmt == "text":
            self._write_text(emit, raw)
        else:
            self._write_json(emit, raw)

    def _write_text(self, emit: Callable[[str], object], raw: Callable[[bytes], object]) -> None:
        emit(text_renderer.heading(self.rulesets, self.as_of, self.engine, self.lang, self.color))
        for k, info in enumerate(self.rulesets):
            if len(self.rulesets) > 1:
                emit(text_renderer.section_heading(info, self.lang, self.color))
            for block in self._chunks(1 + k):
                raw(block)
        if self.warnings:
            emit(text_renderer.warnings_heading(self.lang, self.color))
            emit(text_renderer.warning_lines(self.run_warnings, self.lang))
            for lines in self._chunks(self._nsec - 1):
                raw(lines)
            emit("\n")
        per_ruleset = [(info, {**{s.value: n for s, n in zip(STATUSES, share, strict=False)},
                               "replaced": share[-1]})
                       for info, share in zip(self.rulesets, self.shares, strict=True)]
        if len(self.rulesets) == 1:
            per_ruleset = []
        emit(text_renderer.summary({**self.status_counts, "replaced": self.replaced}, self.profiles, self.lang,
                                   self.color, per_ruleset, self.action_counts))

    def _write_json(self, emit: Callable[[str], object], raw: Callable[[bytes], object]) -> None:
        marks = {name: f"@@tsp-{name}@@" for name in ("profiles", "findings", "warnings")}
        skeleton = {
            "schema_version": SCHEMA_VERSION,
            "ruleset": {"id": self.ruleset.id, "version": self.ruleset.version, "digest": self.ruleset.digest},
            "rulesets": [info.to_data(self.lang) for info in self.rulesets],
            "as_of": self.as_of.isoformat(),
            "engine": self.engine,
            "lang": self.lang,
            "profiles": marks["profiles"],
            "findings": marks["findings"],
            "warnings": marks["warnings"],
            "summary": {"profiles": self.profiles, "findings": self.findings, **self.status_counts,
                        "replaced": self.replaced, "actions": self.action_counts},
        }
        text = json.dumps(skeleton, ensure_ascii=False, indent=2) + "\n"
        run_items = [_json_item(w.to_data(self.lang)).encode("utf-8") for w in self.run_warnings]
        bodies = range(1, self._nsec - 1)
        sections: dict[str, tuple[Iterable[int], list[bytes]]] = {
            "profiles": ((0,), []), "findings": (bodies, []), "warnings": ((self._nsec - 1,), run_items)}
        for name, (numbers, first) in sections.items():
            before, text = text.split(json.dumps(marks[name]), 1)
            emit(before)
            pieces = itertools.chain(first, *(self._chunks(n) for n in numbers))
            head = next(pieces, None)
            if head is None:
                emit("[]")
                continue
            emit("[\n")
            raw(head)
            for piece in pieces:
                raw(b",\n")
                raw(piece)
            emit("\n  ]")
        emit(text)
