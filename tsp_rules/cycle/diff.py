"""What changed between two reviews: two JSON reports (``tsp-check check --format json``) compared per
body and obligation, for ``tsp-check diff OLD.json NEW.json``.

Each body and obligation found in both reports whose status (or granted decision) differs is one
:class:`Change`, in exactly one category, the first that fits:

- ``new_gap``: a gap now, not a gap before (also an obligation, or a body, that is new with a gap);
- ``new_not_assessed``: not assessed now, assessed before (or new and not assessed);
- ``waiver_granted``: waived now, by a decision that did not waive it before;
- ``waiver_expired``: waived before, not now (and neither a gap nor unassessed now);
- ``closed_gap``: a gap before, not now;
- ``other``: any other change of status (e.g. not applicable since a trait changed).

Obligations found in only one of the reports (a new ruleset version) are listed as added or removed,
and bodies found in only one as added or removed with their counts. The reports may come from different
versions of the ruleset. The comparison has a regression when there is a new gap or a new unassessed
finding (exit code 1 of the command).

Actions (schema 1.3): how the findings' actions changed (new, marked done, now overdue, dropped, changed)
is listed after the status changes (see :mod:`tsp_rules.cycle.actions`); they never make a regression.

Reports of schema 1.1 and 1.2 are read alike: a finding is keyed by its ruleset (in 1.2 each finding
names it; in 1.1 it is the report's ``ruleset``), body and obligation, so reports of several rulesets
compare ruleset by ruleset, and the output groups the changes by ruleset when more than one is involved.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from tsp_rules.checking.findings import STATUSES, Status
from tsp_rules.cycle import actions as A
from tsp_rules.documents.loading import read_text
from tsp_rules.errors import InputError, Problem, message
from tsp_rules.model.ruleset import Lang, Text
from tsp_rules.renderers.common import counts_text

CATEGORIES: tuple[str, ...] = ("new_gap", "new_not_assessed", "waiver_granted", "waiver_expired", "closed_gap",
                               "other")
REGRESSIONS = ("new_gap", "new_not_assessed")
DIFF_VERSION = "1.2"

TEXT: dict[str, Text] = {
    "title": Text("Förändringar mellan två granskningar", "Changes between two reviews"),
    "old": Text("Förra granskningen", "Previous review"),
    "new": Text("Den här granskningen", "This review"),
    "side": Text("{ruleset} {version}, per {as_of} ({file})", "{ruleset} {version}, as of {as_of} ({file})"),
    "versions": Text("Rapporterna bygger på olika versioner av regelverket ({old} och {new}); skyldigheter kan "
                     "ha tillkommit, tagits bort eller ändrats.",
                     "The reports rest on different versions of the ruleset ({old} and {new}); obligations may "
                     "have been added, removed or changed."),
    "new_gap": Text("Nya brister", "New gaps"),
    "new_not_assessed": Text("Skyldigheter som nu inte kan bedömas", "Newly not assessed"),
    "waiver_granted": Text("Beviljade beslut om undantag", "Waivers granted"),
    "waiver_expired": Text("Beslut om undantag som inte längre gäller", "Waivers no longer in force"),
    "closed_gap": Text("Åtgärdade brister", "Closed gaps"),
    "other": Text("Andra ändringar av status", "Other status changes"),
    "obligations_added": Text("Tillkomna skyldigheter", "Obligations added"),
    "obligations_removed": Text("Borttagna skyldigheter", "Obligations removed"),
    "bodies_added": Text("Tillkomna nämnder och bolag", "Committees and companies added"),
    "bodies_removed": Text("Nämnder och bolag som inte längre granskas", "Committees and companies no longer reviewed"),
    "none": Text("Inga förändringar.", "No changes."),
    "absent": Text("fanns inte med", "not included"),
    "waived_by": Text("undantaget genom beslut {reference}", "waived by decision {reference}"),
    "summary": Text("Sammanfattning", "Summary"),
    "regression": Text("Det finns nya brister eller skyldigheter som nu inte kan bedömas.",
                       "There are new gaps or newly unassessed obligations."),
    "no_regression": Text("Inga nya brister och inget nytt som inte kan bedömas.",
                          "No new gaps and nothing newly unassessed."),
    "body": Text("Nämnd eller bolag", "Committee or company"),
    "obligation": Text("Skyldighet", "Obligation"),
    "before": Text("Före", "Before"),
    "after": Text("Efter", "After"),
    "count": Text("Antal", "Count"),
    "ruleset": Text("Regelverket {ruleset}", "Ruleset {ruleset}"),
}


@attrs.frozen
class Row:
    """One finding as the diff reads it from a JSON report."""

    title: str
    focus_area: str
    status: str
    waiver: str | None


@attrs.frozen
class Body:
    id: str
    name: str
    kind: str


@attrs.frozen
class Side:
    """One JSON report, reduced to what the comparison needs."""

    file: str
    ruleset_id: str
    ruleset_version: str
    as_of: str
    bodies: Mapping[str, Body]
    rows: Mapping[tuple[str, str, str], Row]  # (ruleset id, body id, obligation id)
    rulesets: tuple[tuple[str, str], ...] = ()  # (id, version) of every ruleset, in the report's order
    actions: Mapping[A.ActionKey, A.ActionRow] = attrs.field(factory=dict)  # schema 1.3: the findings' actions

    def obligations(self) -> dict[tuple[str, str], Row]:
        """Every (ruleset, obligation id) in the report, with the first row that names it (for its title)."""
        out: dict[tuple[str, str], Row] = {}
        for (rid, _, oid), row in self.rows.items():
            out.setdefault((rid, oid), row)
        return out

    @property
    def ruleset_names(self) -> str:
        return ", ".join(f"{i} {v}" for i, v in self.rulesets) or f"{self.ruleset_id} {self.ruleset_version}"

    def counts(self, body: str) -> dict[str, int]:
        found = {s.value: 0 for s in STATUSES}
        for (_, pid, _), row in self.rows.items():
            if pid == body:
                found[row.status] += 1
        return found


@attrs.frozen
class Change:
    profile: str
    obligation: str
    title: str
    category: str
    old_status: str | None
    new_status: str
    old_waiver: str | None
    new_waiver: str | None
    ruleset: str = ""


@attrs.frozen
class ReportDiff:
    old: Side
    new: Side
    changes: tuple[Change, ...]
    obligations_added: tuple[tuple[str, str, str], ...]  # (ruleset, id, title)
    obligations_removed: tuple[tuple[str, str, str], ...]
    bodies_added: tuple[Body, ...]
    bodies_removed: tuple[Body, ...]
    action_changes: tuple[A.ActionChange, ...] = ()

    def count(self, category: str) -> int:
        return sum(1 for c in self.changes if c.category == category)

    def has_regression(self) -> bool:
        return any(c.category in REGRESSIONS for c in self.changes)

    def exit_code(self) -> int:
        return 1 if self.has_regression() else 0

    def body_name(self, body: str) -> str:
        found = self.new.bodies.get(body) or self.old.bodies.get(body)
        return found.name if found else body

    def rulesets(self) -> list[str]:
        """The ids of the rulesets of either report: the new report's order, then the old one's others."""
        ids = [i for i, _ in self.new.rulesets] or [self.new.ruleset_id]
        ids += [i for i, _ in self.old.rulesets or ((self.old.ruleset_id, ""),) if i not in ids]
        return ids

    @property
    def grouped(self) -> bool:
        """Whether the output groups by ruleset: more than one ruleset is involved."""
        return len(self.rulesets()) > 1


# ------------------------------------------------------------------------------------------ reading


def _fail(file: str, text: Text, field: str = "", line: int = 1, column: int = 1) -> Problem:
    return Problem(file, line, column, text, field)


MAX_REPORT_BYTES = 64 * 1024 * 1024
"""The largest JSON report ``diff`` reads (a city of 43 bodies under two rulesets is about 3 MB)."""
MAX_JSON_DEPTH = 64
"""JSON reports nest five levels; a deeper document is refused with its line and column, before parsing."""
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth_problem(text: str, file: str, limit: int = MAX_JSON_DEPTH) -> Problem | None:
    """Where ``text`` first nests deeper than ``limit`` (brackets inside strings do not count), if it does:
    the parser is never handed a document that would exhaust the interpreter's stack."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, token.start()) + 1
                column = token.start() - (text.rfind("\n", 0, token.start()) + 1) + 1
                return _fail(file, message("json_too_deep", depth=limit), line=line, column=column)
        elif char in "]}":
            depth -= 1
    return None


def read_report(path: Path, display: str | None = None) -> Side:
    """Read a JSON report (schema 1.x) for the comparison; InputError naming the file and the field of
    every problem found. Read like every input: a regular file only (never a FIFO or a device), at most
    :data:`MAX_REPORT_BYTES`, UTF-8, nested at most :data:`MAX_JSON_DEPTH` levels."""
    file = display or str(path)
    text = read_text(path, file, limit=MAX_REPORT_BYTES)
    deep = json_depth_problem(text, file)
    if deep is not None:
        raise InputError([deep])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([_fail(file, message("json_syntax", detail=exc.msg), line=exc.lineno,
                                column=exc.colno)]) from None
    except RecursionError:  # pragma: no cover - the depth is checked first
        raise InputError([_fail(file, message("json_too_deep", depth=MAX_JSON_DEPTH))]) from None
    return side_from_data(data, file)


_WHAT = {"an object": Text("ett objekt", "an object"), "a string": Text("en textsträng", "a string"),
         "a list": Text("en lista", "a list"), "a date YYYY-MM-DD": Text("ett datum ÅÅÅÅ-MM-DD", "a date YYYY-MM-DD"),
         "a string or null": Text("en textsträng eller null", "a string or null")}


def side_from_data(data: Any, file: str) -> Side:
    problems: list[Problem] = []

    def need(value: Any, kind: type | tuple[type, ...], field: str, what: str) -> bool:
        if isinstance(value, kind) and not isinstance(value, bool):
            return True
        problems.append(_fail(file, message("report_field", field=field, what=_WHAT[what]), field))
        return False

    if not isinstance(data, dict):
        raise InputError([_fail(file, message("report_not_object"))])
    version = data.get("schema_version")
    if not isinstance(version, str) or version.split(".")[0] != "1":
        problems.append(_fail(file, message("report_schema", got=repr(version)), "schema_version"))
    ruleset = data.get("ruleset")
    rid = rversion = "?"
    if need(ruleset, dict, "ruleset", "an object") and isinstance(ruleset, dict):
        if need(ruleset.get("id"), str, "ruleset.id", "a string"):
            rid = ruleset["id"]
        if need(ruleset.get("version"), str, "ruleset.version", "a string"):
            rversion = ruleset["version"]
    listed: list[tuple[str, str]] = []
    many = data.get("rulesets")  # schema 1.2
    if many is not None and need(many, list, "rulesets", "a list") and isinstance(many, list):
        for i, item in enumerate(many):
            if need(item, dict, f"rulesets[{i}]", "an object") and isinstance(item, dict) and all(
                    [need(item.get(k), str, f"rulesets[{i}].{k}", "a string") for k in ("id", "version")]):
                listed.append((item["id"], item["version"]))
    as_of = data.get("as_of")
    if need(as_of, str, "as_of", "a date YYYY-MM-DD") and isinstance(as_of, str):
        try:
            dt.date.fromisoformat(as_of)
        except ValueError:
            problems.append(_fail(file, message("report_field", field="as_of", what=_WHAT["a date YYYY-MM-DD"]),
                                  "as_of"))
    bodies: dict[str, Body] = {}
    profiles = data.get("profiles")
    if need(profiles, list, "profiles", "a list") and isinstance(profiles, list):
        for i, p in enumerate(profiles):
            field = f"profiles[{i}]"
            if not need(p, dict, field, "an object"):
                continue
            ok = all([need(p.get(k), str, f"{field}.{k}", "a string") for k in ("id", "name", "kind")])
            if ok:
                bodies[p["id"]] = Body(p["id"], p["name"], p["kind"])
    rows: dict[tuple[str, str, str], Row] = {}
    actions: dict[A.ActionKey, A.ActionRow] = {}
    findings = data.get("findings")
    statuses = {s.value for s in STATUSES}
    if need(findings, list, "findings", "a list") and isinstance(findings, list):
        for i, f in enumerate(findings):
            field = f"findings[{i}]"
            if not need(f, dict, field, "an object"):
                continue
            ok = all([need(f.get(k), str, f"{field}.{k}", "a string")
                      for k in ("profile", "obligation", "title", "focus_area", "status")])
            of = f.get("ruleset", rid)  # 1.1: the report's ruleset
            if not need(of, str, f"{field}.ruleset", "a string"):
                ok = False
            waiver = f.get("waiver")
            if waiver is not None and not need(waiver, str, f"{field}.waiver", "a string or null"):
                ok = False
            if ok and f["status"] not in statuses:
                problems.append(_fail(file, message("report_status", got=repr(f["status"]),
                                                    items=", ".join(sorted(statuses))), f"{field}.status"))
                ok = False
            if ok and f["profile"] not in bodies and isinstance(profiles, list):
                problems.append(_fail(file, message("report_body_missing", got=repr(f["profile"])),
                                      f"{field}.profile"))
                ok = False
            if ok:
                key = (of, f["profile"], f["obligation"])
                if key in rows:
                    problems.append(_fail(file, message("report_twice", body=key[1], obligation=key[2]), field))
                rows[key] = Row(f["title"], f["focus_area"], f["status"], waiver)
                A.read_actions(f, key, field, file, actions, problems)
    if problems:
        raise InputError(problems)
    return Side(file, rid, rversion, str(as_of), bodies, rows, tuple(listed) or ((rid, rversion),), actions)


# ---------------------------------------------------------------------------------------- comparing


def categorize(old: Row | None, new: Row) -> str | None:
    """The category of the change from ``old`` (None: the obligation or body was not there) to ``new``;
    None when nothing changed (or a new finding that is neither a gap nor unassessed)."""
    if old is None:
        if new.status == Status.GAP:
            return "new_gap"
        if new.status == Status.NOT_ASSESSED:
            return "new_not_assessed"
        return None
    if old.status == new.status and old.waiver == new.waiver:
        return None
    if new.status == Status.GAP:
        return "new_gap" if old.status != Status.GAP else None
    if new.status == Status.NOT_ASSESSED:
        return "new_not_assessed" if old.status != Status.NOT_ASSESSED else None
    if new.status == Status.WAIVED and (old.status != Status.WAIVED or old.waiver != new.waiver):
        return "waiver_granted"
    if old.status == Status.WAIVED:
        return "waiver_expired"
    if old.status == Status.GAP:
        return "closed_gap"
    return "other" if old.status != new.status else None


def compare(old: Side, new: Side) -> ReportDiff:
    """Compare two reports (see the module's documentation)."""
    changes: list[Change] = []
    position = {key: i for i, key in enumerate(new.rows)}  # the new report's order: the programme's
    for key, row in new.rows.items():
        before = old.rows.get(key)
        category = categorize(before, row)
        if category is not None:
            changes.append(Change(key[1], key[2], row.title, category, before.status if before else None,
                                  row.status, before.waiver if before else None, row.waiver, key[0]))
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    names = {**{b.id: b.name for b in old.bodies.values()}, **{b.id: b.name for b in new.bodies.values()}}
    ids = [i for i, _ in new.rulesets] + [i for i, _ in old.rulesets if i not in dict(new.rulesets)]
    order = {rid: n for n, rid in enumerate(ids)}
    changes.sort(key=lambda c: (order.get(c.ruleset, 0), rank[c.category], names.get(c.profile, c.profile),
                                c.profile, position[(c.ruleset, c.profile, c.obligation)]))
    old_obs, new_obs = old.obligations(), new.obligations()
    action_changes = A.compare_actions(old.actions, new.actions, lambda rid, body, ob: (
        order.get(rid, 0), names.get(body, body), body, position.get((rid, body, ob), len(position)), ob))
    return ReportDiff(
        old=old, new=new, changes=tuple(changes),
        obligations_added=tuple((r, o, new_obs[r, o].title) for r, o in sorted(
            set(new_obs) - set(old_obs), key=lambda k: (order.get(k[0], 0), k[1]))),
        obligations_removed=tuple((r, o, old_obs[r, o].title) for r, o in sorted(
            set(old_obs) - set(new_obs), key=lambda k: (order.get(k[0], 0), k[1]))),
        bodies_added=tuple(sorted((new.bodies[b] for b in set(new.bodies) - set(old.bodies)),
                                  key=lambda b: (b.name, b.id))),
        bodies_removed=tuple(sorted((old.bodies[b] for b in set(old.bodies) - set(new.bodies)),
                                    key=lambda b: (b.name, b.id))),
        action_changes=action_changes,
    )


def diff_files(old: Path, new: Path) -> ReportDiff:
    """Read both reports (every problem of both reported together) and compare them."""
    sides: list[Side] = []
    problems: list[Problem] = []
    for path in (old, new):
        try:
            sides.append(read_report(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return compare(sides[0], sides[1])


# ----------------------------------------------------------------------------------------- rendering


def _t(key: str, lang: Lang) -> str:
    return TEXT[key].get(lang)


def _status(status: str | None, lang: Lang) -> str:
    return _t("absent", lang) if status is None else Status(status).label(lang)


def _state(status: str | None, waiver: str | None, lang: Lang) -> str:
    if status == Status.WAIVED and waiver:
        return TEXT["waived_by"].get(lang).format(reference=waiver)
    return _status(status, lang)


def _side_line(side: Side, lang: Lang) -> str:
    if len(side.rulesets) > 1:
        return TEXT["side"].get(lang).replace("{ruleset} {version}", "{rulesets}").format(
            rulesets=side.ruleset_names, as_of=side.as_of, file=side.file)
    return TEXT["side"].get(lang).format(ruleset=side.ruleset_id, version=side.ruleset_version, as_of=side.as_of,
                                         file=side.file)


def _header(d: ReportDiff, lang: Lang) -> list[str]:
    lines = [f"{_t('old', lang)}: {_side_line(d.old, lang)}", f"{_t('new', lang)}: {_side_line(d.new, lang)}"]
    if d.old.rulesets != d.new.rulesets:
        lines.append(TEXT["versions"].get(lang).format(old=d.old.ruleset_names, new=d.new.ruleset_names))
    return lines


def _groups(d: ReportDiff) -> list[tuple[str | None, ReportDiff]]:
    """The diff per ruleset (with its ruleset's id) when it groups by ruleset, else the whole (with None)."""
    if not d.grouped:
        return [(None, d)]
    return [(rid, attrs.evolve(d, changes=tuple(c for c in d.changes if c.ruleset == rid),
                               obligations_added=tuple(o for o in d.obligations_added if o[0] == rid),
                               obligations_removed=tuple(o for o in d.obligations_removed if o[0] == rid),
                               bodies_added=(), bodies_removed=()))
            for rid in d.rulesets()]


def _summary_pairs(d: ReportDiff, lang: Lang) -> list[tuple[str, int]]:
    pairs = [(_t(c, lang), d.count(c)) for c in CATEGORIES]
    pairs += [(_t("obligations_added", lang), len(d.obligations_added)),
              (_t("obligations_removed", lang), len(d.obligations_removed)),
              (_t("bodies_added", lang), len(d.bodies_added)), (_t("bodies_removed", lang), len(d.bodies_removed))]
    return pairs + A.summary_pairs(d.action_changes, lang)


def _verdict(d: ReportDiff, lang: Lang) -> str:
    return _t("regression" if d.has_regression() else "no_regression", lang)


def _is_empty(d: ReportDiff) -> bool:
    return not (d.changes or d.obligations_added or d.obligations_removed or d.bodies_added or d.bodies_removed
                or d.action_changes)


def _by_body(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    groups: dict[str, list[Change]] = {}
    for c in changes:
        groups.setdefault(c.profile, []).append(c)
    return list(groups.items())


def _counts_text(counts: Mapping[str, int], lang: Lang) -> str:
    """A body's counts in words, as the text report says them ('fyra uppfyllda, ingen brist, …')."""
    return counts_text(counts, lang)


def render_text(d: ReportDiff, lang: Lang = "sv") -> str:
    lines = [_t("title", lang), "", *_header(d, lang), ""]
    if _is_empty(d):
        lines += [_t("none", lang), ""]
    for rid, part in _groups(d):
        if rid is not None and not _is_empty(part):
            title = TEXT["ruleset"].get(lang).format(ruleset=rid)
            lines += [title, "=" * len(title), ""]
        lines += _text_changes(part, lang)
    for key, bodies, side in (("bodies_added", d.bodies_added, d.new), ("bodies_removed", d.bodies_removed, d.old)):
        if bodies:
            lines.append(f"{_t(key, lang)} ({len(bodies)})")
            lines += [f"  {b.name} [{b.id}]: {_counts_text(side.counts(b.id), lang)}" for b in bodies]
            lines.append("")
    lines += A.text_sections(d.action_changes, lang, d.body_name)
    lines.append(f"{_t('summary', lang)}: " + ", ".join(f"{label.lower()} {n}" for label, n in _summary_pairs(d, lang)))
    lines.append(_verdict(d, lang))
    return "\n".join(lines) + "\n"


def _text_changes(d: ReportDiff, lang: Lang) -> list[str]:
    lines: list[str] = []
    for category in CATEGORIES:
        chosen = [c for c in d.changes if c.category == category]
        if not chosen:
            continue
        lines.append(f"{_t(category, lang)} ({len(chosen)})")
        for body, changes in _by_body(chosen):
            lines.append(f"  {d.body_name(body)} [{body}]")
            lines += [f"    {c.obligation} – {c.title}: {_state(c.old_status, c.old_waiver, lang)} → "
                      f"{_state(c.new_status, c.new_waiver, lang)}" for c in changes]
        lines.append("")
    for key, obligations in (("obligations_added", d.obligations_added),
                             ("obligations_removed", d.obligations_removed)):
        if obligations:
            lines.append(f"{_t(key, lang)} ({len(obligations)})")
            lines += [f"  {oid} – {title}" for _, oid, title in obligations]
            lines.append("")
    return lines


def _md(text: str) -> str:
    """Text safe in a Markdown table cell or list item."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "*_`[]<>":
        out = out.replace(ch, "\\" + ch)
    return out


def render_markdown(d: ReportDiff, lang: Lang = "sv") -> str:
    lines = [f"# {_t('title', lang)}", ""]
    lines += [f"- {_md(line)}" for line in _header(d, lang)]
    lines += ["", f"**{_md(_verdict(d, lang))}**", "", f"| {_t('summary', lang)} | {_t('count', lang)} |",
              "|---|---:|"]
    lines += [f"| {_md(label)} | {n} |" for label, n in _summary_pairs(d, lang)]
    lines.append("")
    for rid, part in _groups(d):
        if rid is None:
            lines += _markdown_changes(part, lang, "##")
        elif not _is_empty(part):
            lines += [f"## {_md(TEXT['ruleset'].get(lang).format(ruleset=rid))}", ""]
            lines += _markdown_changes(part, lang, "###")
    for key, bodies, side in (("bodies_added", d.bodies_added, d.new), ("bodies_removed", d.bodies_removed, d.old)):
        if bodies:
            lines += [f"## {_t(key, lang)} ({len(bodies)})", ""]
            lines += [f"- {_md(b.name)} ({_md(b.id)}): {_md(_counts_text(side.counts(b.id), lang))}" for b in bodies]
            lines.append("")
    for category, chosen in _action_groups(d):
        lines += [f"## {_md(A.TEXT[category].get(lang))} ({len(chosen)})", "",
                  f"| {_t('body', lang)} | {_t('obligation', lang)} | {_t('before', lang)} | {_t('after', lang)} |",
                  "|---|---|---|---|"]
        lines += [f"| {_md(d.body_name(c.profile))} | {_md(c.obligation)}: {_md(c.description)} | "
                  + " | ".join(_md(w) for w in A.change_words(c, lang)) + " |" for c in chosen]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _action_groups(d: ReportDiff) -> list[tuple[str, list[A.ActionChange]]]:
    groups = [(cat, [c for c in d.action_changes if c.category == cat]) for cat in A.ACTION_CATEGORIES]
    return [(cat, chosen) for cat, chosen in groups if chosen]


def _markdown_changes(d: ReportDiff, lang: Lang, level: str) -> list[str]:
    lines: list[str] = []
    for category in CATEGORIES:
        chosen = [c for c in d.changes if c.category == category]
        if not chosen:
            continue
        lines += [f"{level} {_t(category, lang)} ({len(chosen)})", "",
                  f"| {_t('body', lang)} | {_t('obligation', lang)} | {_t('before', lang)} | {_t('after', lang)} |",
                  "|---|---|---|---|"]
        lines += [f"| {_md(d.body_name(c.profile))} | {_md(c.obligation)} – {_md(c.title)} | "
                  f"{_md(_state(c.old_status, c.old_waiver, lang))} | {_md(_state(c.new_status, c.new_waiver, lang))} |"
                  for c in chosen]
        lines.append("")
    for key, obligations in (("obligations_added", d.obligations_added),
                             ("obligations_removed", d.obligations_removed)):
        if obligations:
            lines += [f"{level} {_t(key, lang)} ({len(obligations)})", ""]
            lines += [f"- {_md(oid)} – {_md(title)}" for _, oid, title in obligations]
            lines.append("")
    return lines


_CSS = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
        ".regression{color:#b71c1c}.ok{color:#1b5e20}")


def render_html(d: ReportDiff, lang: Lang = "sv") -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(_t('title', lang))}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{e(_t('title', lang))}</h1>", "<ul>"]
    out += [f"<li>{e(line)}</li>" for line in _header(d, lang)]
    out += ["</ul>", f'<p class="{"regression" if d.has_regression() else "ok"}"><strong>'
            f"{e(_verdict(d, lang))}</strong></p>",
            f"<table><thead><tr><th>{e(_t('summary', lang))}</th><th>{e(_t('count', lang))}</th></tr></thead><tbody>"]
    out += [f"<tr><td>{e(label)}</td><td>{n}</td></tr>" for label, n in _summary_pairs(d, lang)]
    out.append("</tbody></table>")
    for rid, part in _groups(d):
        if rid is None:
            out += _html_changes(part, lang)
        elif not _is_empty(part):
            out += [f'<section id="ruleset-{e(rid)}">',
                    f"<h2>{e(TEXT['ruleset'].get(lang).format(ruleset=rid))}</h2>", *_html_changes(part, lang, rid),
                    "</section>"]
    for key, bodies, side in (("bodies_added", d.bodies_added, d.new), ("bodies_removed", d.bodies_removed, d.old)):
        if bodies:
            out += [f'<h2 id="{key}">{e(_t(key, lang))} ({len(bodies)})</h2>', "<ul>"]
            out += [f"<li>{e(b.name)} ({e(b.id)}): {e(_counts_text(side.counts(b.id), lang))}</li>" for b in bodies]
            out.append("</ul>")
    for category, chosen in _action_groups(d):
        out += [f'<h2 id="{category}">{e(A.TEXT[category].get(lang))} ({len(chosen)})</h2>',
                f"<table><thead><tr><th>{e(_t('body', lang))}</th><th>{e(_t('obligation', lang))}</th>"
                f"<th>{e(_t('before', lang))}</th><th>{e(_t('after', lang))}</th></tr></thead><tbody>"]
        out += [f"<tr><td>{e(d.body_name(c.profile))}</td><td>{e(c.obligation)}: {e(c.description)}</td>"
                + "".join(f"<td>{e(w)}</td>" for w in A.change_words(c, lang)) + "</tr>" for c in chosen]
        out.append("</tbody></table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_changes(d: ReportDiff, lang: Lang, rid: str | None = None) -> list[str]:
    e = html.escape
    tag, prefix = ("h2", "") if rid is None else ("h3", f"{rid}-")
    out: list[str] = []
    for category in CATEGORIES:
        chosen = [c for c in d.changes if c.category == category]
        if not chosen:
            continue
        out += [f'<{tag} id="{e(prefix)}{category}">{e(_t(category, lang))} ({len(chosen)})</{tag}>',
                f"<table><thead><tr><th>{e(_t('body', lang))}</th><th>{e(_t('obligation', lang))}</th>"
                f"<th>{e(_t('before', lang))}</th><th>{e(_t('after', lang))}</th></tr></thead><tbody>"]
        out += [f"<tr><td>{e(d.body_name(c.profile))}</td><td>{e(c.obligation)} – {e(c.title)}</td>"
                f"<td>{e(_state(c.old_status, c.old_waiver, lang))}</td>"
                f"<td>{e(_state(c.new_status, c.new_waiver, lang))}</td></tr>" for c in chosen]
        out.append("</tbody></table>")
    for key, obligations in (("obligations_added", d.obligations_added),
                             ("obligations_removed", d.obligations_removed)):
        if obligations:
            out += [f'<{tag} id="{e(prefix)}{key}">{e(_t(key, lang))} ({len(obligations)})</{tag}>', "<ul>"]
            out += [f"<li>{e(oid)} – {e(title)}</li>" for _, oid, title in obligations]
            out.append("</ul>")
    return out


def to_data(d: ReportDiff) -> dict[str, Any]:
    def side(s: Side) -> dict[str, Any]:
        return {"file": s.file, "ruleset": {"id": s.ruleset_id, "version": s.ruleset_version},
                "rulesets": [{"id": i, "version": v} for i, v in s.rulesets], "as_of": s.as_of}

    def body(b: Body, s: Side) -> dict[str, Any]:
        return {"id": b.id, "name": b.name, "kind": b.kind, "counts": s.counts(b.id)}

    return {
        "diff_version": DIFF_VERSION,
        "old": side(d.old),
        "new": side(d.new),
        "regression": d.has_regression(),
        "changes": [{"profile": c.profile, "obligation": c.obligation, "title": c.title, "category": c.category,
                     "old_status": c.old_status, "new_status": c.new_status, "old_waiver": c.old_waiver,
                     "new_waiver": c.new_waiver, "ruleset": c.ruleset} for c in d.changes],
        "obligations_added": [{"id": o, "title": t, "ruleset": r} for r, o, t in d.obligations_added],
        "obligations_removed": [{"id": o, "title": t, "ruleset": r} for r, o, t in d.obligations_removed],
        "bodies_added": [body(b, d.new) for b in d.bodies_added],
        "bodies_removed": [body(b, d.old) for b in d.bodies_removed],
        "action_changes": [A.action_change_data(c) for c in d.action_changes],
        "summary": {**{c: d.count(c) for c in CATEGORIES},
                    **{c: sum(1 for x in d.action_changes if x.category == c) for c in A.ACTION_CATEGORIES},
                    "obligations_added": len(d.obligations_added),
                    "obligations_removed": len(d.obligations_removed),
                    "bodies_added": len(d.bodies_added), "bodies_removed": len(d.bodies_removed)},
    }


def render_json(d: ReportDiff, lang: Lang = "sv") -> str:
    return json.dumps(to_data(d), ensure_ascii=False, indent=2) + "\n"


DIFF_FORMATS = {"text": render_text, "markdown": render_markdown, "html": render_html, "json": render_json}


def render_diff(d: ReportDiff, fmt: str, lang: Lang = "sv") -> str:
    return DIFF_FORMATS[fmt](d, lang)


__all__ = ["CATEGORIES", "DIFF_FORMATS", "Change", "ReportDiff", "Side", "categorize", "compare", "diff_files",
           "read_report", "render_diff", "side_from_data"]
