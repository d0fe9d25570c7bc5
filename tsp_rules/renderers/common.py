"""What the renderers share: obligation order, grouping by focus area, citations and common words."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs

from tsp_rules.checking.findings import (
    LIGHT_LABELS,
    STATUSES,
    ActionState,
    Finding,
    ProfileInfo,
    Report,
    RulesetInfo,
    Status,
    Warning,
    replaced_count,
    worst_light,
)
from tsp_rules.model import i18n, provenance
from tsp_rules.model.ruleset import Citation, Ground, Lang, Text
from tsp_rules.texts import NUMBER_WORDS, and_list, count, date_words, fill

AREA_ORDER: tuple[str, ...] = tuple(i18n.FOCUS_AREAS)

STATUS_SYMBOLS: dict[str, str] = {
    "met": "✓",
    "gap": "✗",
    "not_assessed": "?",
    "not_applicable": "–",
    "waived": "W",
}
"""One character per status, so the matrix is readable without colour."""

STATUS_COLOURS: dict[str, str] = {
    "met": "#009e73",
    "gap": "#d55e00",
    "not_assessed": "#f0e442",
    "not_applicable": "#bbbbbb",
    "waived": "#56b4e9",
}
"""Background colours of the statuses (HTML and Excel), from Okabe and Ito's palette for colour-blind
readers: with STATUS_TEXT on them the contrast is at least 4.5:1 (WCAG AA), and every pair stays apart
under simulated deuteranopia and protanopia (tests/test_palette.py). Status never rests on colour alone:
each has its own symbol (STATUS_SYMBOLS) and, in the HTML matrix, its own cell shape."""

LIGHT_COLOURS: dict[str, str] = {
    "green": STATUS_COLOURS["met"],
    "yellow": STATUS_COLOURS["not_assessed"],
    "red": STATUS_COLOURS["gap"],
}
"""The traffic lights' colours (from the same palette, black text on them); a light is always also written
as its word (grön, gul, röd), never shown by colour alone."""

STATUS_TEXT = "#000000"
"""The colour of text and symbols on a status colour."""

KIND_LABELS: dict[str, Text] = {
    "facknamnd": Text("facknämnd", "specialist committee"),
    "stadsdelsnamnd": Text("stadsdelsnämnd", "district committee"),
    "kommunstyrelse": Text("kommunstyrelsen", "city executive board"),
    "bolag": Text("bolag", "company"),
}

WORDS: dict[str, Text] = {
    "illustrative": Text("illustrativa uppgifter, inte en verklig bedömning",
                         "illustrative data, not a real assessment"),
    "illustrative_note": Text(
        "Profiler märkta som illustrativa bygger på påhittade underlag och är inte en verklig bedömning.",
        "Profiles marked illustrative rest on invented evidence and are not a real assessment."),
    "heading": Text("Kontroll mot regelverket {ruleset} {version} per den {as_of}",
                    "Check against the ruleset {ruleset} {version} as of {as_of}"),
    "heading_many": Text("Kontroll mot regelverken {rulesets} per den {as_of}",
                         "Check against the rulesets {rulesets} as of {as_of}"),
    "ruleset_section": Text("Regelverket {ruleset} {version}: {title}", "Ruleset {ruleset} {version}: {title}"),
    "summary": Text("Sammanfattning", "Summary"),
    "warnings": Text("Varningar", "Warnings"),
    "tailored": Text("anpassat", "tailored"),
    "ground": Text("gäller inte", "does not apply"),
    "decision": Text("beslut", "decision"),
    "source": Text("Källa", "Source"),
    "section": Text("avsnitt", "section"),
    "requirement": Text("Krav", "Requirement"),
    "body": Text("Nämnd eller bolag", "Committee or company"),
    "kind": Text("Typ", "Kind"),
    "obligation": Text("Skyldighet", "Obligation"),
    "status": Text("Status", "Status"),
    "explanation": Text("Förklaring", "Explanation"),
    "total": Text("Totalt", "Total"),
    "all": Text("alla", "all"),
    "bodies": Text("{n:w|en nämnd eller ett bolag|nämnder och bolag}",
                   "{n:w|one committee or company|committees and companies}"),
    "no_bodies": Text("inga nämnder eller bolag", "no committees or companies"),
    "legend": Text("Teckenförklaring", "Legend"),
    "most_gaps": Text("Flest brister", "Most gaps"),
    "per_area": Text("Status per {area}", "Status per {area}"),
    "action": Text("Åtgärd", "Action"),
    "actions": Text("Åtgärder", "Actions"),
    "no_action": Text("ingen åtgärd", "no action"),
    "responsible": Text("ansvarig", "responsible"),
    "target_date": Text("måldatum", "target date"),
    "overdue": Text("försenad", "overdue"),
    "unverified": Text("åtgärden är klarmarkerad men underlaget saknas",
                       "the action is marked done but the evidence is missing"),
    "light": Text("trafikljus", "traffic light"),
    "action_summary": Text(
        "Åtgärder för brister och ej bedömda skyldigheter: {on_track}, {overdue}, {done_unverified}, {none}",
        "Actions for gaps and obligations not assessed: {on_track}, {overdue}, {done_unverified}, {none}"),
}


DEFAULT_SUBJECT = Text("regelverket", "the ruleset")
DEFAULT_AREA = Text("område", "area")
DEFAULT_AREAS = Text("områden", "areas")


def heading_lines(infos: Sequence[RulesetInfo], as_of: dt.date, engine: str, lang: Lang) -> list[str]:
    """The report's heading: which rulesets, the check date and the engine; then, unless one ruleset was
    simply given (the heading is then what it always was), why each ruleset was used, with its period in
    words ('Regelverket är valt efter kontrolldatum: gäller 1 januari 2018–31 december 2026.')."""
    from tsp_rules.model.selection import GIVEN, reason_heading, reason_sentence

    first = infos[0]
    if len(infos) == 1:
        lines = [fill(WORDS["heading"], lang, ruleset=first.id, version=first.version, as_of=as_of.isoformat(),
                      engine=engine)]
        if first.reason != GIVEN and first.valid_from is not None and first.valid_to is not None:
            lines.append(reason_sentence(first.reason, first.valid_from, first.valid_to, lang))
        return lines
    names = and_list([f"{i.id} {i.version}" for i in infos], lang)
    lines = [fill(WORDS["heading_many"], lang, rulesets=names, as_of=as_of.isoformat(), engine=engine)]
    common = reason_heading([i.reason for i in infos], lang)
    if common is not None:
        lines.append(common + ":")
    for info in infos:
        why = info.why(lang)
        if common is not None:
            why = why.split(": ", 1)[-1]  # the reason is in the line above; the period stays
        lines.append(f"  - {info.id} {info.version} ({info.title.get(lang)}): {why}")
    return lines


def coverage_lines(infos: Sequence[RulesetInfo], lang: Lang) -> list[tuple[str, str]]:
    """Each ruleset's coverage statement as (ruleset id, line): 'Omfattning: Kontrollen omfattar …'; with
    several rulesets, each line names its ruleset ('Omfattning (lagkrav-kommun): …'). Rulesets that state
    no coverage are left out."""
    from tsp_rules.model.coverage import LABEL

    out = []
    for info in infos:
        if info.coverage is None or not info.coverage.stated:
            continue
        label = f"{LABEL.get(lang)} ({info.id})" if len(infos) > 1 else LABEL.get(lang)
        out.append((info.id, f"{label}: {info.coverage.statement(lang)}"))
    return out


REPORTED_UNDER = Text(
    "{n} av skyldigheterna i {subject} ({ruleset}) {n_is:s|är ett lagkrav|är lagkrav} och redovisas därför bara under "
    "regelverket {owner}: {duties}.",
    "{n} of the obligations of {subject} ({ruleset}) {n_is:s|is a legal requirement|are legal requirements} and "
    "{n_is:s|is|are} therefore reported only under {owner}: {duties}.")


def reported_under_lines(infos: Sequence[RulesetInfo], lang: Lang) -> list[str]:
    """For each ruleset whose obligations another ruleset of the check reports (``same_duty_as``), one
    sentence saying which and where, so that they do not vanish from its part without a word: 'Fyra av
    skyldigheterna i trygghets- och säkerhetsprogrammet (tsp-2018-2021) är lagkrav och redovisas därför bara
    under regelverket lagkrav-kommun: Riskbedömning av hot och våld mot anställda (FO3-HOT-OCH-VALD →
    AMV-HOT-OCH-VALD), …'."""
    out = []
    for info in infos:
        by_owner: dict[str, list[str]] = {}
        for ob_id, title, owner, owner_obs in info.reported_under:
            by_owner.setdefault(owner, []).append(f"{title.get(lang)} ({ob_id} → {and_list(owner_obs, lang)})")
        subject = (info.words.subject if info.words else info.title).get(lang)
        for owner, duties in by_owner.items():
            n = len(duties)
            number = NUMBER_WORDS[lang][n].capitalize() if n <= 12 else str(n)
            out.append(fill(REPORTED_UNDER, lang, n=number, n_is=n, subject=subject, ruleset=info.id, owner=owner,
                            duties=and_list(duties, lang)))
    return out


Infos = RulesetInfo | Sequence[RulesetInfo]


def _infos(infos: Infos) -> Sequence[RulesetInfo]:
    return (infos,) if isinstance(infos, RulesetInfo) else infos


def subject_words(infos: Infos, lang: Lang) -> str:
    """What the report checks compliance with, from its rulesets' ``words.subject`` (else their titles):
    'trygghets- och säkerhetsprogrammet och lagkraven om trygghet, säkerhet och beredskap'."""
    found = list(dict.fromkeys((i.words.subject if i.words else i.title).get(lang) for i in _infos(infos)))
    return and_list(found, lang) or fill(DEFAULT_SUBJECT, lang)


def area_word(infos: Infos, lang: Lang, plural: bool = False, capital: bool = False) -> str:
    """The rulesets' word for an area ('fokusområde' for the programme), when they all use the same one;
    else 'område' / 'area'. ``capital`` for a heading or a column title."""
    found = {((i.words.areas if plural else i.words.area) if i.words else None) for i in _infos(infos)}
    chosen = found.pop() if len(found) == 1 else None
    text = chosen.get(lang) if chosen is not None else (DEFAULT_AREAS if plural else DEFAULT_AREA).get(lang)
    return text[:1].upper() + text[1:] if capital else text


def per_area_title(infos: Infos, lang: Lang) -> str:
    """'Status per fokusområde' / 'Status per område'."""
    return fill(WORDS["per_area"], lang, area=area_word(infos, lang))


def section_title(info: RulesetInfo, lang: Lang) -> str:
    """The heading of one ruleset's part of a report of several."""
    return fill(WORDS["ruleset_section"], lang, ruleset=info.id, version=info.version, title=info.title.get(lang))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 (and so JUnit and xlsx) cannot carry: control characters
    other than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF."""
    return _NOT_XML.sub("", text)


def word(key: str, lang: Lang) -> str:
    return WORDS[key].get(lang)


def kind_label(kind: str, lang: Lang) -> str:
    return KIND_LABELS[kind].get(lang) if kind in KIND_LABELS else kind


def area_label(area: str, lang: Lang) -> str:
    return i18n.FOCUS_AREAS[area].get(lang) if area in i18n.FOCUS_AREAS else area


def area_rank(area: str) -> int:
    return AREA_ORDER.index(area) if area in AREA_ORDER else len(AREA_ORDER)


@attrs.frozen
class Column:
    """One obligation as a column of the matrix."""

    id: str
    focus_area: str
    title: Text
    ruleset: str = ""


def obligation_columns(report: Report) -> tuple[Column, ...]:
    """The report's obligations grouped by focus area (programme order), in ruleset order within an area
    (computed once per report)."""
    return report.memo("columns", lambda: _obligation_columns(report))


def _obligation_columns(report: Report) -> tuple[Column, ...]:
    """With several rulesets, the columns of each ruleset together, in the order the rulesets are reported."""
    rules = report.all_rules or ((report.rules,) if report.rules is not None else ())
    index = {ob.id: ob.index for rs in rules for ob in rs.obligations}
    rank = {info.id: i for i, info in enumerate(report.ruleset_infos)} if report.multi else {}
    seen: dict[str, Column] = {}
    for f in report.findings:
        seen.setdefault(f.obligation, Column(f.obligation, f.focus_area, f.title, f.ruleset))
    return tuple(sorted(seen.values(), key=lambda c: (rank.get(c.ruleset, 0), area_rank(c.focus_area),
                                                      index.get(c.id, 10**6), c.id)))


def replaced_obligations(report: Report) -> frozenset[str]:
    """The report's obligations whose part had been replaced on its check date (the same for every body)."""
    rules = report.all_rules or ((report.rules,) if report.rules is not None else ())
    return frozenset(ob.id for rs in rules for ob in rs.obligations if ob.replaced_on(report.as_of))


def warnings_of(report: Report, profile_id: str | None) -> list[Warning]:
    """The report's warnings about one profile (None: about the run), from an index built once per report
    (a scan per body would make the renderers quadratic in the number of bodies)."""

    def index() -> dict[str | None, list[Warning]]:
        out: dict[str | None, list[Warning]] = {}
        for w in report.warnings:
            out.setdefault(w.profile, []).append(w)
        return out

    return report.memo("warnings_by_profile", index).get(profile_id, [])


def ordered(findings: Iterable[Finding], report: Report) -> list[Finding]:
    """Findings in matrix column order."""
    rank = report.memo("column_rank", lambda: {c.id: i for i, c in enumerate(obligation_columns(report))})
    return sorted(findings, key=lambda f: (rank.get(f.obligation, 10**6), f.obligation))


def by_area(findings: Sequence[Finding], report: Report) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by focus area, areas and obligations in programme order."""
    groups: dict[str, list[Finding]] = {}
    for f in ordered(findings, report):
        groups.setdefault(f.focus_area, []).append(f)
    return sorted(groups.items(), key=lambda kv: area_rank(kv[0]))


def citation_text(citation: Citation, lang: Lang, brief: bool = True) -> str:
    """The citation with its provenance (see :func:`tsp_rules.model.provenance.citation_text`); ``brief``
    in a report, whose coverage statement says once that the programme is read through a remiss answer."""
    return provenance.citation_text(citation, lang, brief)


def ground_of(report: Report, ground_id: str | None) -> Ground | None:
    if ground_id is None or report.rules is None:
        return None
    return next((g for g in report.rules.grounds if g.id == ground_id), None)


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    found = Counter(f.status.value for f in findings)
    return {s.value: found.get(s.value, 0) for s in STATUSES}


def counts_with_replaced(findings: Iterable[Finding]) -> dict[str, int]:
    """:func:`counts`, and ``replaced``: how many of the not-applicable findings do not apply because their
    part had been replaced."""
    findings = list(findings)
    return {**counts(findings), "replaced": replaced_count(findings)}


COUNT_WORDS: dict[str, tuple[Text, Text, Text]] = {
    "met": (Text("ingen uppfylld", "none met"), Text("en uppfylld", "one met"), Text("uppfyllda", "met")),
    "gap": (Text("ingen brist", "no gaps"), Text("en brist", "one gap"), Text("brister", "gaps")),
    "not_assessed": (Text("ingen ej bedömd", "none not assessed"), Text("en ej bedömd", "one not assessed"),
                     Text("ej bedömda", "not assessed")),
    "not_applicable": (Text("ingen ej tillämplig", "none not applicable"),
                       Text("en ej tillämplig", "one not applicable"), Text("ej tillämpliga", "not applicable")),
    "replaced": (Text("ingen ersatt", "none replaced"), Text("en ersatt", "one replaced"),
                 Text("ersatta", "replaced")),
    "waived": (Text("inget undantag genom beslut", "no waivers"), Text("ett undantag genom beslut", "one waiver"),
               Text("undantag genom beslut", "waivers")),
    "on_track": (Text("ingen enligt plan", "none on track"), Text("en enligt plan", "one on track"),
                 Text("enligt plan", "on track")),
    "overdue": (Text("ingen försenad", "none overdue"), Text("en försenad", "one overdue"),
                Text("försenade", "overdue")),
    "done_unverified": (Text("ingen klarmarkerad utan underlag", "none marked done without evidence"),
                        Text("en klarmarkerad utan underlag", "one marked done without evidence"),
                        Text("klarmarkerade utan underlag", "marked done without evidence")),
    "none": (Text("ingen utan åtgärd", "none without an action"), Text("en utan åtgärd", "one without an action"),
             Text("utan åtgärd", "without an action")),
}
"""A count of findings in words, agreeing with its number (the findings are skyldigheter, common gender):
none, one, and the plural after the number ('ingen brist', 'en brist', 'två brister'; 'inget undantag
genom beslut'). Numbers up to twelve are written in words, larger ones in digits."""

SUMMARY_KEYS: tuple[str, ...] = ("met", "gap", "not_assessed", "not_applicable", "replaced", "waived")
"""The counts of a summary line, in order: the statuses, with the findings whose part was replaced counted
apart from those not applicable for a ground or by scope (``replaced`` is shown only when there are some)."""


def count_words(key: str, n: int, lang: Lang) -> str:
    """One count in words: 'ingen brist', 'en brist', 'två brister', '14 uppfyllda'."""
    none, one, many = COUNT_WORDS[key]
    if n == 0:
        return none.get(lang)
    return count(n, one.get(lang), many.get(lang), lang, words=True)


def split_replaced(found: Mapping[str, int]) -> dict[str, int]:
    """Status counts (with an optional ``replaced`` among the not applicable) as the summary says them:
    ``not_applicable`` without the replaced ones, and ``replaced`` apart."""
    replaced = found.get("replaced", 0)
    return {**{s.value: found.get(s.value, 0) for s in STATUSES}, "replaced": replaced,
            "not_applicable": found.get("not_applicable", 0) - replaced}


def counts_text(found: Mapping[str, int], lang: Lang) -> str:
    """A summary's counts in words: 'nio uppfyllda, ingen brist, ingen ej bedömd, fem ej tillämpliga, elva
    ersatta, inget undantag genom beslut' (``found``: status counts, optionally with ``replaced``, which the
    not-applicable count includes)."""
    shown = split_replaced(found)
    return ", ".join(count_words(k, shown[k], lang) for k in SUMMARY_KEYS if k != "replaced" or shown[k])


def profile_label(info: ProfileInfo, lang: Lang) -> str:
    note = f" ({word('illustrative', lang)})" if info.illustrative else ""
    return f"{info.name} [{info.id}]{note}"


def area_status_counts(report: Report) -> dict[str, dict[str, int]]:
    """For each focus area (programme order), the number of findings of each status."""
    out: dict[str, dict[str, int]] = {}
    for area, group in by_area(report.findings, report):
        out[area] = counts(group)
    return out


def most_gaps(report: Report, limit: int = 10) -> list[tuple[ProfileInfo, int]]:
    """Bodies with at least one gap, most gaps first (ties by name), at most ``limit``."""
    gaps = Counter(f.profile for f in report.findings if f.status is Status.GAP)
    ranked = sorted((p for p in report.profiles if gaps[p.id]), key=lambda p: (-gaps[p.id], p.name, p.id))
    return [(p, gaps[p.id]) for p in ranked[:limit]]


def light_word(colour: str | None, lang: Lang) -> str:
    """A traffic light in words ('grön', 'gul', 'röd'; '–' for none)."""
    return LIGHT_LABELS[colour].get(lang) if colour is not None else "–"


def body_light(findings: Iterable[Finding]) -> str | None:
    """A body's traffic light: the worst of its findings'."""
    return worst_light(f.light for f in findings)


def action_parts(state: ActionState, lang: Lang) -> list[str]:
    """An action's details as short phrases: ansvarig, måldatum, status, and whether it is overdue or marked
    done while the gap remains (the description and the reference are apart)."""
    a = state.action
    who = f"{a.responsible} ({a.responsible_name})" if a.responsible_name else a.responsible
    parts = [f"{word('responsible', lang)} {who}", f"{word('target_date', lang)} {a.target_date.isoformat()}",
             state.status_label(lang)]
    if state.overdue:
        parts.append(word("overdue", lang).upper())
    if state.unverified:
        parts.append(word("unverified", lang))
    return parts


def action_text(state: ActionState, lang: Lang) -> str:
    """One action in a line: 'Beskrivning (dnr): ansvarig X, måldatum 2026-09-30, pågående'."""
    ref = f" ({state.action.reference})" if state.action.reference else ""
    return f"{state.action.description}{ref}: {', '.join(action_parts(state, lang))}"


def action_summary(found: dict[str, int], lang: Lang) -> str:
    """The summary of gaps and not-assessed findings by their actions, in words ('Åtgärder för brister och
    ej bedömda skyldigheter: ingen enligt plan, en försenad, …')."""
    return fill(WORDS["action_summary"], lang, **{k: count_words(k, n, lang) for k, n in found.items()})


WHY_NOT: dict[str, Text] = {
    "not_yet_in_force": Text("gäller från och med {valid_from}", "applies from {valid_from}"),
    "scope": Text("gäller {applies_to}", "applies to {applies_to}"),
}
"""Why a finding does not apply, in a few words after its title: its part of the programme or the law is not
yet in force, or its scope is other bodies than this one (the reason's full sentence is in the
explanation)."""

_INNER = re.compile(r" \(([^()]*)\)")


def lower_first(text: str) -> str:
    """``text`` with a lower-case first letter, for a title after a colon ('Inget geografiskt ansvarsområde'
    → 'inget …'), unless its first word is an abbreviation or a name in capitals ('MSB', 'NIS')."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first[1:2].isupper() else text[:1].lower() + text[1:]


def why_not_applicable(f: Finding, lang: Lang) -> str:
    """A not-applicable finding's reason in a few words ('gäller från och med 15 januari 2026', 'gäller
    endast kommunstyrelsen'), or '' when the finding has another reason (a ground, a replaced part: see
    :func:`finding_note`). A parenthesis in the scope becomes a clause, as the words stand in one."""
    for r in f.reasons:
        if r.code == "not_yet_in_force" and r.data.get("valid_from"):
            return fill(WHY_NOT["not_yet_in_force"], lang, valid_from=date_words(str(r.data["valid_from"]), lang))
        if r.code == "scope" and isinstance(applies := r.data.get("applies_to"), Text):
            return fill(WHY_NOT["scope"], lang, applies_to=_INNER.sub(r", \1", applies.get(lang)))
    return ""


def finding_note(f: Finding, lang: Lang) -> str:
    """What shaped the finding besides evidence: 'anpassat: GROUND TITLE', 'gäller inte: ground title' (a
    ground that exempts: the duty does not apply, which is no 'undantag'; only a decision waives), 'beslut:
    REF' (a ground is named by its title, which its reason carries; the id is in the JSON); for a finding whose
    part was replaced, by what and from when ('ersatt 23 mars 2020 av …, som inte ingår i kontrollen'); for
    another not-applicable finding, why (:func:`why_not_applicable`)."""
    if f.tailoring or f.exemption:
        code = "tailored" if f.tailoring else "exempt"
        title = next((r.data.get("title") for r in f.reasons if r.code == code), None)
        name = title.get(lang) if isinstance(title, Text) else (f.tailoring or f.exemption or "")
        return f"{word('tailored', lang)}: {name}" if f.tailoring else f"{word('ground', lang)}: {lower_first(name)}"
    if f.waiver:
        return f"{word('decision', lang)}: {f.waiver}"
    replaced = f.replaced if f.status is Status.NOT_APPLICABLE else None
    if replaced is not None:
        return replaced.words(lang)
    if f.status is Status.NOT_APPLICABLE:
        return why_not_applicable(f, lang)
    return ""
