"""A draft of a body's remiss answer on the programme's demands, in Markdown, written from its findings.

In the manner of the section "Förvaltningens synpunkter och förslag" of Miljöförvaltningen's answer
(dnr 2017-14676): following the programme's structure (working methods, then the focus areas), for each
obligation the ruleset tailors or exempts for this body, what the programme asks, why it does not fit
the body (the ground's rationale), what the body proposes instead (the tailored requirement) and where
that rests (the citations). Everything comes from the ruleset and the findings; nothing is invented
here, so the draft grows with the ruleset's grounds. Obligations the programme addresses to others
(by kind of body) are listed apart, and grounds the profile leaves undecided are listed to look into.
"""

from __future__ import annotations

from tsp_rules import conditions as C
from tsp_rules.errors import UsageError
from tsp_rules.findings import Finding, ProfileInfo, Report, Status
from tsp_rules.renderers.common import area_label, area_rank, kind_label, ordered, word
from tsp_rules.ruleset import Citation, Ground, Lang, Obligation, Requirement, Ruleset, Text

T: dict[str, Text] = {
    "title": Text("Utkast till remissvar: {programme}", "Draft consultation response: {programme}"),
    "generated": Text(
        "Underlag för {name} ({kind}). Utkastet är skrivet av tsp-check ur regelverket {ruleset} {version} och "
        "nämndens profil, per {as_of}. Det ska granskas och bearbetas innan det används.",
        "For {name} ({kind}). The draft is written by tsp-check from the ruleset {ruleset} {version} and the "
        "body's profile, as of {as_of}. It must be reviewed and edited before use."),
    "illustrative": Text(
        "> **Illustrativ profil.** Profilens uppgifter är exempel och inte en verklig bedömning.",
        "> **Illustrative profile.** The profile's data are examples, not a real assessment."),
    "decision_h": Text("Förslag till beslut", "Proposed decision"),
    "decision": Text("{name} överlämnar förvaltningens synpunkter som svar på remissen.",
                     "{name} submits the administration's views as its response to the consultation."),
    "summary_h": Text("Sammanfattning", "Summary"),
    "summary_intro": Text(
        "Kommunstyrelsen har remitterat {programme} till bland andra {name}.",
        "The city executive board has sent {programme} for consultation to, among others, {name}."),
    "summary_fit": Text(
        "Förvaltningen delar programmets inriktning, men av programmets {total} krav som riktar sig till "
        "nämnden bedöms {parts}. Förvaltningen föreslår därför att kraven ställs med större utskiljning och att "
        "rapportkrav m.m. anpassas till varje nämnds enskilda förutsättningar.",
        "The administration shares the programme's direction, but of the programme's {total} demands on the "
        "body, {parts}. The administration therefore proposes that the demands be set more selectively and "
        "that reporting requirements etc. be adapted to each committee's own circumstances."),
    "part_na": Text("{n} inte vara tillämpliga", "{n} are judged not to apply"),
    "part_tailored": Text("{n} behöva anpassas till nämndens uppdrag och förutsättningar",
                          "{n} to need tailoring to the body's remit and circumstances"),
    "and": Text(" och ", " and "),
    "summary_none": Text(
        "Förvaltningen delar programmets inriktning och har inga invändningar mot programmets krav för "
        "nämndens del.",
        "The administration shares the programme's direction and has no objection to its demands on the body."),
    "views_h": Text("Förvaltningens synpunkter och förslag", "The administration's views and proposals"),
    "views_intro": Text(
        "Synpunkterna följer programmets indelning och koncentreras till de krav där nämndens uppdrag och "
        "förutsättningar skiljer sig från det programmet förutsätter.",
        "The views follow the programme's structure and concentrate on the demands where the body's remit "
        "and circumstances differ from what the programme assumes."),
    "programme": Text("Programmet anger", "The programme says"),
    "views": Text("Förvaltningens synpunkter", "The administration's views"),
    "proposal": Text("Förvaltningens förslag", "The administration's proposal"),
    "support": Text("Stöd", "Basis"),
    "na_one": Text("Kravet bör inte gälla för nämnden.", "The demand should not apply to the body."),
    "na_many": Text("Kraven bör inte gälla för nämnden.", "The demands should not apply to the body."),
    "tailored": Text("{id} anpassas: {requirement}", "{id} is tailored: {requirement}"),
    "evidence": Text("Underlag: {items}.", "Evidence: {items}."),
    "others_h": Text("Krav som riktar sig till andra", "Demands addressed to others"),
    "others_intro": Text("Följande krav riktar sig enligt programmet inte till nämnden och kommenteras inte:",
                         "By the programme, the following demands are not addressed to the body and are not "
                         "commented on:"),
    "open_h": Text("Att utreda", "To look into"),
    "open_intro": Text(
        "Profilen saknar uppgifter som avgör om följande krav ska anpassas eller inte gälla; tills de är "
        "utredda räknas kraven som ej bedömda:",
        "The profile lacks the data that decide whether the following demands are tailored or do not apply; "
        "until they are looked into, the demands count as not assessed:"),
    "open_item": Text("{id} – {title} (grund: {grounds})", "{id} – {title} (ground: {grounds})"),
    "sources_h": Text("Källor", "Sources"),
}


def _t(key: str, lang: Lang) -> str:
    return T[key].get(lang)


def _requirement(req: Requirement, rules: Ruleset, lang: Lang) -> list[str]:
    from tsp_rules import i18n

    items = []
    for item in req.items:
        kinds = " / ".join(rules.evidence_kinds[k].title.get(lang) for k in item.kinds)
        items.append(f"{kinds} – {i18n.cadence_label(item.cadence.kind, item.cadence.months, lang)}")
    return [req.description.get(lang).rstrip(".") + ".", _t("evidence", lang).format(items="; ".join(items))]


def is_addressee_ground(ground: Ground) -> bool:
    """A ground that only says which kind of body the programme addresses (e.g. 'not kommunstyrelsen')."""
    return C.subjects(ground.when) <= {"kind"}


def _grounds(rules: Ruleset) -> dict[str, Ground]:
    return {g.id: g for g in rules.grounds}


def _cite(citation: Citation, numbers: dict[str, int], lang: Lang) -> str:
    """A short citation pointing into the numbered list of sources: '[1], avsnitt "…": ”…”'."""
    out = f"[{numbers[citation.source.id]}], {word('section', lang)} \"{citation.section}\""
    if citation.quote:
        out += f": ”{citation.quote}”" if lang == "sv" else f": \"{citation.quote}\""
    return out


def render_remiss(report: Report, lang: Lang = "sv") -> str:
    """The draft for the one body of ``report`` (made by :func:`tsp_rules.check` with its ruleset)."""
    if report.rules is None:
        raise UsageError("the remiss draft needs the report's ruleset (make the report with tsp_rules.check)")
    if len(report.profiles) != 1:
        raise UsageError(f"the remiss draft is for one body; the report has {len(report.profiles)}")
    rules = report.rules
    info: ProfileInfo = report.profiles[0]
    grounds = _grounds(rules)
    findings = ordered(report.for_profile(info.id), report)

    views: list[tuple[Finding, Ground]] = []
    others: list[Finding] = []
    undecided: list[Finding] = []
    for f in findings:
        ground = grounds.get(f.tailoring or f.exemption or "")
        if ground is not None and not is_addressee_ground(ground):
            views.append((f, ground))
        elif f.status is Status.NOT_APPLICABLE and f.waiver is None:
            others.append(f)
        elif f.status is Status.NOT_ASSESSED and any(r.code == "unknown_traits" for r in f.reasons):
            related = [g for g in (*rules.exempting(f.obligation), *rules.tailoring(f.obligation))
                       if not is_addressee_ground(g)]
            if related:
                undecided.append(f)

    programme = rules.title.get(lang)
    lines = [f"# {_t('title', lang).format(programme=programme)}", ""]
    lines += [_t("generated", lang).format(name=info.name, kind=kind_label(info.kind, lang), ruleset=rules.id,
                                           version=rules.version, as_of=report.as_of.isoformat()), ""]
    if info.illustrative:
        lines += [_t("illustrative", lang), ""]
    lines += [f"## {_t('decision_h', lang)}", "", f"1. {_t('decision', lang).format(name=info.name)}", ""]

    addressed = len(findings) - len(others)
    na = len({f.obligation for f, _ in views if f.status is Status.NOT_APPLICABLE})
    tailored = len({f.obligation for f, _ in views if f.tailoring})
    lines += [f"## {_t('summary_h', lang)}", "", _t("summary_intro", lang).format(programme=programme,
                                                                                  name=info.name), ""]
    parts = [_t(key, lang).format(n=n) for key, n in (("part_na", na), ("part_tailored", tailored)) if n]
    lines += [(_t("summary_fit", lang).format(total=addressed, parts=_t("and", lang).join(parts)) if views
               else _t("summary_none", lang)), ""]

    cited = sorted({*(f.citation.source.id for f, _ in views), *(g.citation.source.id for _, g in views)})
    numbers = {source: i for i, source in enumerate(cited, start=1)}
    if views:
        lines += [f"## {_t('views_h', lang)}", "", _t("views_intro", lang), ""]
        by_area: dict[str, dict[str, list[Finding]]] = {}
        for f, ground in views:
            by_area.setdefault(f.focus_area, {}).setdefault(ground.id, []).append(f)
        for area in sorted(by_area, key=area_rank):
            lines += [f"### {area_label(area, lang)}", ""]
            for ground_id in sorted(by_area[area], key=lambda g: grounds[g].index):
                lines += _ground_block(grounds[ground_id], by_area[area][ground_id], rules, numbers, lang)

    if others:
        lines += [f"## {_t('others_h', lang)}", "", _t("others_intro", lang), ""]
        for f in others:
            ob = rules.obligation(f.obligation)
            lines.append(f"- {f.obligation} – {f.title.get(lang)} ({ob.applies_to.get(lang)})")
        lines.append("")
    if undecided:
        lines += [f"## {_t('open_h', lang)}", "", _t("open_intro", lang), ""]
        for f in undecided:
            names = ", ".join(g.title.get(lang) for g in (*rules.exempting(f.obligation),
                                                          *rules.tailoring(f.obligation))
                              if not is_addressee_ground(g))
            lines.append("- " + _t("open_item", lang).format(id=f.obligation, title=f.title.get(lang),
                                                             grounds=names))
            lines += [f"  - {r.message(lang)}" for r in f.reasons if r.code == "unknown_traits"]
        lines.append("")

    if cited:
        lines += [f"## {_t('sources_h', lang)}", ""]
        lines += [f"{numbers[s]}. {rules.sources[s].title.get(lang)}. {rules.sources[s].reference}." for s in cited]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _ground_block(ground: Ground, group: list[Finding], rules: Ruleset, numbers: dict[str, int],
                  lang: Lang) -> list[str]:
    out = [f"#### {ground.title.get(lang)}", ""]
    obligations: list[Obligation] = [rules.obligation(f.obligation) for f in group]
    out.append(f"**{_t('programme', lang)}:**")
    out.append("")
    for ob in obligations:
        out.append(f"- {ob.text.get(lang)} ({ob.id}; {_cite(ob.citation, numbers, lang)})")
    out.append("")
    out += [f"**{_t('views', lang)}:** {ground.rationale.get(lang)}", ""]
    na = [f for f in group if f.status is Status.NOT_APPLICABLE]
    tailored = [f for f in group if f.tailoring == ground.id]
    proposal: list[str] = []
    if na:
        ids = ", ".join(f.obligation for f in na)
        proposal.append(f"{_t('na_one' if len(na) == 1 else 'na_many', lang)} ({ids})")
    for f in tailored:
        req = ground.tailored[f.obligation]
        description, evidence = _requirement(req, rules, lang)
        proposal.append(f"{_t('tailored', lang).format(id=f.obligation, requirement=description)} {evidence}")
    if len(proposal) == 1:
        out += [f"**{_t('proposal', lang)}:** {proposal[0]}", ""]
    else:
        out += [f"**{_t('proposal', lang)}:**", ""] + [f"- {p}" for p in proposal] + [""]
    out += [f"*{_t('support', lang)}: {_cite(ground.citation, numbers, lang)}*", ""]
    return out


__all__ = ["is_addressee_ground", "render_remiss"]
