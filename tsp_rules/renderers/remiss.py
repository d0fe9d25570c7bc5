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
from tsp_rules import provenance
from tsp_rules.errors import UsageError, message
from tsp_rules.findings import Finding, ProfileInfo, Report, Status
from tsp_rules.renderers.common import area_label, area_rank, kind_label, ordered, word
from tsp_rules.ruleset import Citation, Ground, Lang, Obligation, Requirement, Ruleset, Text
from tsp_rules.texts import fill, organ, quote

T: dict[str, Text] = {
    "title": Text("Utkast till remissvar: {programme}", "Draft consultation response: {programme}"),
    "generated": Text(
        "Underlag för {name} ({kind}). Utkastet är skrivet av tsp-check ur regelverket {ruleset} {version} och "
        "{body_gen} profil, per {as_of}. Det ska granskas och bearbetas innan det används.",
        "For {name} ({kind}). The draft is written by tsp-check from the ruleset {ruleset} {version} and "
        "{body_gen} profile, as of {as_of}. It must be reviewed and edited before use."),
    "illustrative": Text(
        "> **Illustrativ profil.** Profilens uppgifter är exempel och inte en verklig bedömning.",
        "> **Illustrative profile.** The profile's data are examples, not a real assessment."),
    "decision_h": Text("Förslag till beslut", "Proposed decision"),
    "decision": Text("{decider} överlämnar {author_gen} synpunkter som svar på remissen.",
                     "{decider} submits {author_gen} views as its response to the consultation."),
    "summary_h": Text("Sammanfattning", "Summary"),
    "summary_intro": Text(
        "Kommunstyrelsen har remitterat {programme} till nämnder och bolag, bland andra {name}.",
        "The city executive board has sent {programme} for consultation to committees and companies, among "
        "them {name}."),
    "summary_intro_ks": Text(
        "Stadsledningskontoret har tagit fram förslaget till {programme}. Utkastet gäller programmets krav på "
        "kommunstyrelsen i dess egen verksamhet.",
        "The city executive office has drafted {programme}. This draft concerns the programme's demands on the "
        "city executive board in its own operations."),
    "summary_fit": Text(
        "{Author} delar programmets inriktning, men av {total:s|det|de} {total:w|enda kravet|krav} i programmet som "
        "riktar sig till "
        "{body} bedöms {parts}. {Author} föreslår därför att kraven ställs med större urskillning och att "
        "rapportkrav m.m. anpassas till varje nämnds och bolags enskilda förutsättningar.",
        "{Author} shares the programme's direction, but of the programme's {total:w|one demand|demands} on {body}, "
        "{parts}. {Author} therefore proposes that the demands be set more selectively and that reporting "
        "requirements etc. be adapted to each committee's and company's own circumstances."),
    "part_na": Text("{n:w|ett|} inte vara {n:s|tillämpligt|tillämpliga}",
                    "{n:w|one|} {n:s|is|are} judged not to apply"),
    "part_tailored": Text("{n:w|ett|} behöva anpassas till {body_gen} uppdrag och förutsättningar",
                          "{n:w|one|} to need tailoring to {body_gen} remit and circumstances"),
    "and": Text(" och ", " and "),
    "summary_none": Text(
        "{Author} delar programmets inriktning och har inga invändningar mot programmets krav för "
        "{body_gen} del.",
        "{Author} shares the programme's direction and has no objection to its demands on {body}."),
    "views_h": Text("{Author_gen} synpunkter och förslag", "{Author_gen} views and proposals"),
    "views_intro": Text(
        "Synpunkterna följer programmets indelning och koncentreras till de krav där {body_gen} uppdrag och "
        "förutsättningar skiljer sig från det programmet förutsätter.",
        "The views follow the programme's structure and concentrate on the demands where {body_gen} remit "
        "and circumstances differ from what the programme assumes."),
    "programme": Text("Programmet anger", "The programme says"),
    "views": Text("{Author_gen} synpunkter", "{Author_gen} views"),
    "proposal": Text("{Author_gen} förslag", "{Author_gen} proposal"),
    "support": Text("Stöd", "Basis"),
    "na_one": Text("Kravet bör inte gälla för {body}.", "The demand should not apply to {body}."),
    "na_many": Text("Kraven bör inte gälla för {body}.", "The demands should not apply to {body}."),
    "tailored": Text("Kravet ”{title}” ({id}) anpassas: {requirement}",
                     "The demand “{title}” ({id}) is tailored: {requirement}"),
    "evidence": Text("Underlag: {items}.", "Evidence: {items}."),
    "others_h": Text("Krav som riktar sig till andra", "Demands addressed to others"),
    "others_intro": Text("Följande krav riktar sig enligt programmet inte till {body} och kommenteras inte:",
                         "By the programme, the following demands are not addressed to {body} and are not "
                         "commented on:"),
    "open_h": Text("Att utreda", "To look into"),
    "open_intro": Text(
        "Profilen saknar uppgifter som avgör om följande krav ska anpassas eller inte gälla; tills de är "
        "utredda räknas kraven som ej bedömda:",
        "The profile lacks the data that decide whether the following demands are tailored or do not apply; "
        "until they are looked into, the demands count as not assessed:"),
    "open_item": Text("{id} – {title} (att utreda: {grounds})", "{id} – {title} (to look into: {grounds})"),
    "sources_h": Text("Källor", "Sources"),
}

# Who writes and who is written about, by kind of body: a committee's administration (förvaltningen), the
# city executive office for kommunstyrelsen, a company itself (its board decides).
_NAMND = {"sv": {"body": "nämnden", "body_gen": "nämndens", "Author": "Förvaltningen",
                 "author_gen": "förvaltningens", "Author_gen": "Förvaltningens", "decider": "{name}"},
          "en": {"body": "the committee", "body_gen": "the committee's", "Author": "The administration",
                 "author_gen": "the administration's", "Author_gen": "The administration's", "decider": "{name}"}}
TERMS: dict[str, dict[str, dict[str, str]]] = {
    "facknamnd": _NAMND,
    "stadsdelsnamnd": _NAMND,
    "kommunstyrelse": {
        "sv": {"body": "kommunstyrelsen", "body_gen": "kommunstyrelsens", "Author": "Stadsledningskontoret",
               "author_gen": "stadsledningskontorets", "Author_gen": "Stadsledningskontorets", "decider": "{name}"},
        "en": {"body": "the city executive board", "body_gen": "the city executive board's",
               "Author": "The city executive office", "author_gen": "the city executive office's",
               "Author_gen": "The city executive office's", "decider": "{name}"}},
    "bolag": {
        "sv": {"body": "bolaget", "body_gen": "bolagets", "Author": "Bolaget", "author_gen": "bolagets",
               "Author_gen": "Bolagets", "decider": "Styrelsen för {name}"},
        "en": {"body": "the company", "body_gen": "the company's", "Author": "The company",
               "author_gen": "the company's", "Author_gen": "The company's", "decider": "The board of {name}"}},
}


class _Words:
    """The draft's words in one language, with the terms of one kind of body filled in."""

    def __init__(self, lang: Lang, kind: str, name: str) -> None:
        self.lang = lang
        self.kind = kind
        terms = TERMS.get(kind, _NAMND)[lang]
        self.terms = {k: v.format(name=name) for k, v in terms.items()}

    def __call__(self, key: str, **values: object) -> str:
        return fill(T[key], self.lang, **{**self.terms, **values})


def _requirement(req: Requirement, rules: Ruleset, t: _Words) -> list[str]:
    from tsp_rules import i18n

    items = []
    for item in req.items:
        kinds = " / ".join(rules.evidence_kinds[k].title.get(t.lang) for k in item.kinds)
        items.append(f"{kinds} – {i18n.cadence_label(item.cadence.kind, item.cadence.months, t.lang)}")
    return [organ(req.description, t.kind).get(t.lang).rstrip(".") + ".", t("evidence", items="; ".join(items))]


def is_addressee_ground(ground: Ground) -> bool:
    """A ground that only says which kind of body the programme addresses (e.g. 'not kommunstyrelsen')."""
    return C.subjects(ground.when) <= {"kind"}


def _grounds(rules: Ruleset) -> dict[str, Ground]:
    return {g.id: g for g in rules.grounds}


def _cite(citation: Citation, numbers: dict[str, int], lang: Lang) -> str:
    """A short citation pointing into the numbered list of sources: '[1], avsnitt "…": ”…”'."""
    if citation.source is None:
        return provenance.citation_text(citation, lang)
    out = f"[{numbers[citation.source.id]}], {word('section', lang)} {quote(citation.section or '', lang)}"
    if citation.quote:
        out += f": {quote(citation.quote, lang)}"
    return out


def render_remiss(report: Report, lang: Lang = "sv") -> str:
    """The draft for the one body of ``report`` (made by :func:`tsp_rules.check` with its ruleset)."""
    if report.rules is None:
        raise UsageError(message("remiss_needs_rules"))
    if len(report.profiles) != 1:
        raise UsageError(message("remiss_one_body", n=len(report.profiles)))
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

    t = _Words(lang, info.kind, info.name)
    programme = rules.title.get(lang)
    lines = [f"# {t('title', programme=programme)}", ""]
    lines += [t("generated", name=info.name, kind=kind_label(info.kind, lang), ruleset=rules.id,
                version=rules.version, as_of=report.as_of.isoformat()), ""]
    if info.illustrative:
        lines += [t("illustrative"), ""]
    lines += [f"## {t('decision_h')}", "", f"1. {t('decision')}", ""]

    addressed = len(findings) - len(others)
    na = len({f.obligation for f, _ in views if f.status is Status.NOT_APPLICABLE})
    tailored = len({f.obligation for f, _ in views if f.tailoring})
    intro = "summary_intro_ks" if info.kind == "kommunstyrelse" else "summary_intro"
    lines += [f"## {t('summary_h')}", "", t(intro, programme=programme, name=info.name), ""]
    parts = [t(key, n=n) for key, n in (("part_na", na), ("part_tailored", tailored)) if n]
    lines += [(t("summary_fit", total=addressed, parts=t("and").join(parts)) if views else t("summary_none")), ""]

    cited = sorted({*(c.source.id for f, _ in views for c in (f.citation,) if c.source),
                    *(c.source.id for _, g in views for c in (g.citation,) if c.source)})
    numbers = {source: i for i, source in enumerate(cited, start=1)}
    if views:
        lines += [f"## {t('views_h')}", "", t("views_intro"), ""]
        by_area: dict[str, dict[str, list[Finding]]] = {}
        for f, ground in views:
            by_area.setdefault(f.focus_area, {}).setdefault(ground.id, []).append(f)
        for area in sorted(by_area, key=area_rank):
            lines += [f"### {area_label(area, lang)}", ""]
            for ground_id in sorted(by_area[area], key=lambda g: grounds[g].index):
                lines += _ground_block(grounds[ground_id], by_area[area][ground_id], rules, numbers, t)

    if others:
        lines += [f"## {t('others_h')}", "", t("others_intro"), ""]
        for f in others:
            ob = rules.obligation(f.obligation)
            lines.append(f"- {f.obligation} – {f.title.get(lang)} ({ob.applies_to.get(lang)})")
        lines.append("")
    if undecided:
        lines += [f"## {t('open_h')}", "", t("open_intro"), ""]
        for f in undecided:
            names = ", ".join(g.title.get(lang) for g in (*rules.exempting(f.obligation),
                                                          *rules.tailoring(f.obligation))
                              if not is_addressee_ground(g))
            lines.append("- " + t("open_item", id=f.obligation, title=f.title.get(lang), grounds=names))
            lines += [f"  - {r.message(lang)}" for r in f.reasons if r.code == "unknown_traits"]
        lines.append("")

    if cited:
        lines += [f"## {t('sources_h')}", ""]
        lines += [f"{numbers[s]}. {rules.sources[s].title.get(lang)}. {rules.sources[s].reference}." for s in cited]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _ground_block(ground: Ground, group: list[Finding], rules: Ruleset, numbers: dict[str, int],
                  t: _Words) -> list[str]:
    lang = t.lang
    out = [f"#### {ground.title.get(lang)}", ""]
    out += [f"**{t('programme')}:**", ""]
    for f in group:
        ob: Obligation = rules.obligation(f.obligation)
        out.append(f"- {ob.text.get(lang)} ({ob.id}; {_cite(f.citation, numbers, lang)})")
    out.append("")
    out += [f"**{t('views')}:** {organ(ground.rationale, t.kind).get(lang)}", ""]
    na = [f for f in group if f.status is Status.NOT_APPLICABLE]
    tailored = [f for f in group if f.tailoring == ground.id]
    proposal: list[str] = []
    if na:
        ids = ", ".join(f.obligation for f in na)
        proposal.append(f"{t('na_one' if len(na) == 1 else 'na_many')} ({ids})")
    for f in tailored:
        description, evidence = _requirement(ground.tailored[f.obligation], rules, t)
        proposal.append(f"{t('tailored', id=f.obligation, title=f.title, requirement=description)} {evidence}")
    if len(proposal) == 1:
        out += [f"**{t('proposal')}:** {proposal[0]}", ""]
    else:
        out += [f"**{t('proposal')}:**", ""] + [f"- {p}" for p in proposal] + [""]
    out += [f"*{t('support')}: {_cite(ground.citation, numbers, lang)}*", ""]
    return out


__all__ = ["is_addressee_ground", "render_remiss"]
