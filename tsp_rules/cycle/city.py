"""The city-wide matrix behind ``tsp-check city FOLDER`` (:mod:`tsp_rules.commands.city`): every profile
under a folder, checked one at a time.

The compliance lägesbild that kommunstyrelsen compiles from those of nämnder and bolag: the HTML matrix
by default (or any other format with ``--format``), and a summary on the terminal of the counts per
status per focus area and the bodies with the most gaps (on standard output when the report goes to a
file with ``-o``, on standard error otherwise, so it never mixes with the report).

Profiles are read and evaluated one at a time through :func:`~tsp_rules.checking.check.iter_check` (``--jobs N``
spreads them over N worker processes, with the same output; a progress bar shows on standard error
when it is a terminal), and every bad file is reported together before anything is written. The
HTML matrix is streamed: each body's row is rendered as it is evaluated and spooled to a temporary
file, and only totals stay in memory (:func:`city_matrix`). Other formats are rendered from the whole
report, in which what several profiles share (obligation titles, citations and explanation
summaries) is held once (:func:`city_report`).
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle
import tempfile
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from tsp_rules.checking.bodies import nothing_checked
from tsp_rules.checking.check import ProfileResult, count_sources, iter_check, report_from_results, report_header
from tsp_rules.checking.findings import STATUSES, ProfileInfo, Report, RulesetInfo, Status, Warning, exit_code_for
from tsp_rules.documents.keysort import SortedRecords
from tsp_rules.documents.output import progress_bar, write_pieces
from tsp_rules.engines import get_engine
from tsp_rules.errors import UsageError
from tsp_rules.model.ruleset import Lang, Ruleset, Text
from tsp_rules.model.selection import Selected
from tsp_rules.renderers.common import Column, area_label, area_rank, area_word, word
from tsp_rules.renderers.html import MatrixTotals, matrix_page, matrix_row, matrix_row_key, matrix_totals
from tsp_rules.texts import fill

TEXT: dict[str, Text] = {
    "heading": Text("Stadsövergripande sammanfattning per {as_of}: {n:d|en nämnd eller ett bolag|nämnder och bolag}, "
                    "{k:d|1 bedömning|bedömningar}.",
                    "City-wide summary as of {as_of}: {n:d|1 committee or company|committees and companies}, "
                    "{k:d|1 finding|findings}."),
    "no_profiles": Text("inga profiler (*.yaml, *.yml) under {folder}", "no profiles (*.yaml, *.yml) under {folder}"),
    "none": Text("  inga brister", "  no gaps"),
    "replaced": Text("varav ersatta", "of which replaced"),
}


def city_summary(report: Report | MatrixTotals, lang: Lang, top: int = 10) -> str:
    """Counts per status per focus area, and the bodies with the most gaps, as an aligned text table."""
    totals = matrix_totals(report) if isinstance(report, Report) else report
    lines = [fill(TEXT["heading"], lang, as_of=totals.as_of.isoformat(), n=totals.profiles, k=totals.findings), ""]
    rows = [(area_label(a, lang), found) for a, found in totals.per_area.items()]
    rows.append((word("total", lang), totals.total))
    area = area_word(totals.ruleset, lang, capital=True)
    first = max([len(area), *(len(label) for label, _ in rows)])
    widths = [max(len(s.label(lang)), 5) for s in STATUSES]
    by_area, replaced = totals.replaced_counts()  # the replaced among the not applicable, in a column apart
    extra = TEXT["replaced"].get(lang) if replaced else ""
    lines.append((f"{area:<{first}}  "
                  + "  ".join(f"{s.label(lang):>{w}}" for s, w in zip(STATUSES, widths, strict=True))
                  + (f"  {extra}" if extra else "")).rstrip())
    areas = [*totals.per_area, None]
    for (label, found), key in zip(rows, areas, strict=True):
        n = replaced if key is None else by_area.get(key, 0)
        lines.append(f"{label:<{first}}  "
                     + "  ".join(f"{found[s.value]:>{w}}" for s, w in zip(STATUSES, widths, strict=True))
                     + (f"  {n:>{len(extra)}}" if extra else ""))
    lines += ["", f"{word('most_gaps', lang)}:"]
    ranked = totals.gaps[:top]
    if not ranked:
        lines.append(TEXT["none"].get(lang))
    lines += [f"  {i}. {p.name} [{p.id}]: {n}" for i, (p, n) in enumerate(ranked, start=1)]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------- the HTML matrix, streamed


def ruleset_columns(ruleset: Ruleset | Sequence[Ruleset]) -> tuple[Column, ...]:
    """The matrix's columns: every obligation of the ruleset (each profile has a finding for each), in
    the order of :func:`~tsp_rules.renderers.common.obligation_columns`; for several rulesets, the columns
    of each in turn, each naming its ruleset."""
    if not isinstance(ruleset, Ruleset):
        many = list(ruleset)
        if len(many) > 1:  # a law duty another ruleset of the check owns has its column there
            ids = [rs.id for rs in many]
            return tuple(attrs.evolve(c, ruleset=rs.id) for rs in many for c in ruleset_columns(rs)
                         if rs.obligation(c.id).owned_by(ids) is None)
        ruleset = many[0]
    return tuple(Column(ob.id, ob.focus_area, ob.title)
                 for ob in sorted(ruleset.obligations, key=lambda ob: (area_rank(ob.focus_area), ob.index, ob.id)))


def _chosen(ruleset: Ruleset | Sequence[Selected]) -> tuple[Selected, ...]:
    return (Selected(ruleset),) if isinstance(ruleset, Ruleset) else tuple(ruleset)


@attrs.frozen
class MatrixPart:
    """One body's row of the matrix, rendered, and what the totals need of it: its status per column."""

    info: ProfileInfo
    row: str
    statuses: tuple[str, ...]  # per column, "" where the body has no finding
    warnings: tuple[Warning, ...]
    checked: bool = True  # False: the body did not exist on the date; it has no row, only its warning


def matrix_part(result: ProfileResult, columns: tuple[Column, ...], lang: Lang) -> MatrixPart:
    """Render one body's row (in a worker process with ``--jobs``: module-level, so it can be sent there)."""
    if not result.checked:
        return MatrixPart(result.info, "", (), result.warnings, checked=False)
    cells = {f.obligation: f for f in result.findings}
    statuses = tuple(cells[c.id].status.value if c.id in cells else "" for c in columns)
    return MatrixPart(result.info, matrix_row(result.info, cells, columns, lang), statuses, result.warnings)


class MatrixSpool:
    """Collects :class:`MatrixPart` objects: each row goes to a temporary file, and only running totals
    stay in memory. What the page needs per body, and gives back in an order of its own, is put in that
    order on disk (:class:`~tsp_rules.documents.keysort.SortedRecords`): the rows' keys with their places in
    the file, and the warnings. Of the bodies with gaps only the ``keep`` with the most are kept (the page
    shows ten, the summary ``top``)."""

    def __init__(self, ruleset: Ruleset | Sequence[Selected], as_of: dt.date, engine: str,
                 columns: tuple[Column, ...], keep: int = 10) -> None:
        self.chosen = _chosen(ruleset)
        self.ruleset = self.chosen[0].ruleset
        self.as_of, self.engine, self.columns, self.keep = as_of, engine, columns, keep
        self._spool: IO[bytes] = tempfile.TemporaryFile(prefix="tsp-city-")  # noqa: SIM115 - closed by close()
        self._rows = SortedRecords("issii")  # the row's key (matrix_row_key), its offset and length
        self._per_column: Counter[tuple[str, str]] = Counter()
        self._gaps: list[tuple[ProfileInfo, int]] = []  # at most 2 * keep, the first keep of them the most
        self._warnings = SpooledWarnings()
        self._warnings.extend(report_header([c.ruleset for c in self.chosen], as_of))
        self._kinds: set[str] = set()
        self._illustrative = False
        self._absent = 0
        self._totalled = False

    def __enter__(self) -> MatrixSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._spool.close()
        self._rows.close()
        self._warnings.close()

    def add(self, part: MatrixPart) -> None:
        if not part.checked:
            self._warnings.extend(part.warnings)
            self._absent += 1
            return
        data = (part.row + "\n").encode("utf-8")
        offset = self._spool.seek(0, 2)
        self._spool.write(data)
        self._rows.add((*matrix_row_key(part.info), offset, len(data)))
        self._per_column.update((c.id, s) for c, s in zip(self.columns, part.statuses, strict=True) if s)
        gaps = part.statuses.count(Status.GAP.value)
        if gaps:
            self._gaps.append((part.info, gaps))
            if len(self._gaps) > 2 * self.keep:
                self._gaps = self._most_gaps()
        self._warnings.extend(part.warnings)
        self._kinds.add(part.info.kind)
        self._illustrative = self._illustrative or part.info.illustrative

    def _most_gaps(self) -> list[tuple[ProfileInfo, int]]:
        """The ``keep`` bodies with the most gaps, ties by name and id (a stable sort: those added first
        stay first, as in a sort of all the bodies with gaps)."""
        return sorted(self._gaps, key=lambda pg: (-pg[1], pg[0].name, pg[0].id))[:self.keep]

    def totals(self) -> MatrixTotals:
        """The totals; their warnings are read from the spool, so the page must be written before
        :meth:`close`."""
        profiles = len(self._rows)
        if not self._totalled:  # the run's own warnings, once
            self._warnings.extend(nothing_checked(profiles, self._absent, self.as_of))
            self._totalled = True
        per_area: dict[str, dict[str, int]] = {}
        for c in self.columns:  # areas in column order, as area_status_counts gives them
            for s in STATUSES:
                n = self._per_column.get((c.id, s.value), 0)
                if n:
                    per_area.setdefault(c.focus_area, {t.value: 0 for t in STATUSES})[s.value] += n
        total = {s.value: sum(n for (_, status), n in self._per_column.items() if status == s.value)
                 for s in STATUSES}
        return MatrixTotals(
            ruleset=tuple(RulesetInfo.of(c.ruleset, c.reason, self.as_of, [d.ruleset.id for d in self.chosen])
                          for c in self.chosen),
            as_of=self.as_of, engine=self.engine, columns=self.columns if profiles else (),
            profiles=profiles, findings=sum(total.values()), illustrative=self._illustrative,
            kinds=tuple(sorted(self._kinds, key=lambda k: matrix_row_key(ProfileInfo("", "", k, False)))),
            per_column=self._per_column, per_area=per_area, total=total,
            gaps=self._most_gaps(), warnings=self._warnings,
            replaced=frozenset(ob.id for c in self.chosen for ob in c.ruleset.obligations
                               if ob.replaced_on(self.as_of)))

    def rows(self) -> Iterator[str]:
        """The rows in matrix order, read back one at a time (without their newline)."""
        for *_, offset, length in self._rows.sorted():
            assert isinstance(offset, int) and isinstance(length, int)
            self._spool.seek(offset)
            yield self._spool.read(length).decode("utf-8")[:-1]


class SpooledWarnings(Collection[Warning]):
    """Warnings kept on disk in the order a report gives them (by profile, obligation, code and
    reference; equal ones in the order they came), read back when the page is written."""

    def __init__(self) -> None:
        self._records = SortedRecords("ssssib")  # the sort key, the number in order of arrival, the warning

    def extend(self, warnings: Iterable[Warning]) -> None:
        for w in warnings:
            self._records.add((w.profile or "", w.obligation or "", w.code, w.reference or "", len(self._records),
                               pickle.dumps(w, protocol=pickle.HIGHEST_PROTOCOL)))

    def close(self) -> None:
        self._records.close()

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Warning]:
        for record in self._records.sorted():
            data = record[-1]
            assert isinstance(data, bytes)
            w = pickle.loads(data)
            assert isinstance(w, Warning)
            yield w

    def __contains__(self, item: object) -> bool:
        return any(w == item for w in self)


def city_matrix(folder: Path, ruleset: Ruleset | Sequence[Selected], as_of: dt.date | None, engine: str, jobs: int,
                lang: Lang,
                output: Path | None, top: int, fail_on: str = "not_assessed", quiet: bool = False
                ) -> tuple[str, int]:
    """Write the HTML matrix of every profile under ``folder`` without holding the findings: rows are
    rendered as profiles are evaluated (in the workers with ``jobs > 1``) and spooled to a temporary
    file. Returns the summary text and the exit code; nothing is written when any file is bad."""
    day = as_of or dt.date.today()
    count = count_sources([folder])  # the folder is walked twice: no list of its files is held
    sources = [folder]
    if not count:
        raise UsageError(TEXT["no_profiles"].get(lang).format(folder=folder))
    chosen = _chosen(ruleset)
    columns = ruleset_columns([c.ruleset for c in chosen])
    with MatrixSpool(chosen, day, get_engine(engine).name, columns, keep=max(10, top)) as spool:
        with progress_bar(count, "tsp-check city", quiet) as advance:
            transform = functools.partial(matrix_part, columns=columns, lang=lang)
            for part in iter_check(sources, None, day, engine, jobs=jobs, progress=advance, transform=transform,
                                   rulesets=chosen):
                spool.add(part)
        totals = spool.totals()
        pieces = matrix_page(totals, spool.rows(), lang)
        write_pieces(pieces, output)
    return city_summary(totals, lang, top), exit_code_for(totals.total, fail_on)


def shared_parts(results: Iterable[ProfileResult], ruleset: Ruleset | Sequence[Ruleset]
                 ) -> Iterator[ProfileResult]:
    """``results`` with the parts that profiles have in common (titles, citations, summaries) held once.

    In one process these are already shared (the ruleset's own objects and its memo); results that come
    back from worker processes carry their own copies (one per chunk of profiles). Equal values are
    replaced by the first one seen, starting with the ruleset's own."""
    pool: dict[Any, Any] = {}
    for ob in (ob for rs in ([ruleset] if isinstance(ruleset, Ruleset) else ruleset) for ob in rs.obligations):
        pool.setdefault(ob.title, ob.title)
        pool.setdefault(ob.citation, ob.citation)
    for result in results:
        findings = tuple(attrs.evolve(f, title=pool.setdefault(f.title, f.title),
                                      summary=pool.setdefault(f.summary, f.summary),
                                      citation=pool.setdefault(f.citation, f.citation))
                         for f in result.findings)
        yield attrs.evolve(result, findings=findings)


def city_report(folder: Path, ruleset: Ruleset | Sequence[Selected], as_of: dt.date | None, engine: str,
                jobs: int = 1,
                lang: Lang = "sv", quiet: bool = False) -> Report:
    """The report on every profile under ``folder``, evaluated one profile at a time (in ``jobs``
    processes), with a progress bar on standard error when it is a terminal. Raises the problems of
    every bad file together (:class:`~tsp_rules.errors.InputError`) after the last profile."""
    day = as_of or dt.date.today()
    count = count_sources([folder])  # the folder is walked twice: no list of its files is held
    sources = [folder]
    if not count:
        raise UsageError(TEXT["no_profiles"].get(lang).format(folder=folder))
    engine_name = get_engine(engine).name
    with progress_bar(count, "tsp-check city", quiet) as advance:
        chosen = _chosen(ruleset)
        results: Iterable[ProfileResult] = iter_check(sources, None, day, engine, jobs=jobs, progress=advance,
                                                      rulesets=chosen)
        if jobs > 1:
            results = shared_parts(results, [c.ruleset for c in chosen])
        return report_from_results(results, chosen, day, engine_name)


__all__ = ["TEXT", "MatrixPart", "MatrixSpool", "SpooledWarnings", "city_matrix", "city_report", "city_summary",
           "matrix_part", "ruleset_columns", "shared_parts"]
