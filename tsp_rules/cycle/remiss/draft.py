"""A draft tjänsteutlåtande answering the programme's remiss, written from one body's findings.

The form is that of a Stockholm tjänsteutlåtande (Miljöförvaltningen's answer, dnr 2017-14676, is the
model): a header (förvaltning, the body's own dnr and handläggare, the date, the remiss's dnr), the
förvaltning's proposed decision, Sammanfattning, Bakgrund, Ärendet, the förvaltning's views by the
programme's structure (working methods, then the focus areas) and Bilagor.

What the draft says follows from the ruleset and the findings only:

* **the proposal** (tillstyrka; tillstyrka med synpunkter; avstyrka) is the one asked for, by default
  "tillstyrka med synpunkter" when the ruleset adapts or lifts a demand for this body and plain
  "tillstyrka" otherwise; it stands in the decision and again in the summary;
* **per focus area**, where the body already works as the programme asks (obligations that apply and that
  its evidence meets, with that evidence), where the förvaltning proposes an adaptation (a tailoring, with
  its ground's rationale), where the body is not concerned (a not-applicable ground, or an obligation for
  others), where its work needs developing (gaps) and what is still to be looked into (not assessed);
* **the voice** follows provenance: a rationale is given as the förvaltning's own view, with the words of
  its answer, only where the ground cites a remiss answer by this very body (the source's
  ``author_profile``); a ground from another body's answer is proposed "on the same grounds as" that body;
  one from the programme or the ruleset's interpretation is the förvaltning's proposal on that basis;
* **the law** is cited in the version in force on the answer's date;
* the plea that the programme's demands be set with "större urskillning" appears only where the profile's
  informational traits say that the risk of both accidents and crime is low and a demand is adapted or
  lifted.

The draft is a list of :class:`Block` (headings, paragraphs, lists, one table) rendered as Markdown, plain
text (:func:`render_remiss_text`) or Word (:mod:`tsp_rules.cycle.remiss.docx`) from the same blocks,
so the three always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from tsp_rules.checking.findings import Finding, ProfileInfo, Report, Status
from tsp_rules.cycle.remiss.blocks import Block, Draft, Proposal, RemissOptions
from tsp_rules.cycle.remiss.words import Words, organ
from tsp_rules.errors import UsageError
from tsp_rules.model import conditions as C
from tsp_rules.model import provenance
from tsp_rules.model.profile import Profile
from tsp_rules.model.ruleset import Citation, Ground, Lang, Ruleset, Source, Text
from tsp_rules.renderers.common import area_label, area_rank, ordered
from tsp_rules.texts import date_words

# ------------------------------------------------------------------------------------------ helpers


def is_addressee_ground(ground: Ground) -> bool:
    """A ground that only says which kind of body the programme addresses (e.g. 'not kommunstyrelsen')."""
    return C.subjects(ground.when) <= {"kind"}


def is_own(source: Source | None, info: ProfileInfo) -> bool:
    """Whether ``source`` is this body's own remiss answer: its ``author_profile`` is the profile's id, or,
    without one, its author's name (before any parenthesis) is the body's name."""
    if source is None or source.kind != "remiss":
        return False
    if source.author_profile is not None:
        return source.author_profile == info.id
    if source.author is None:
        return False
    return source.author.sv.split(" (")[0].strip().casefold() == info.name.strip().casefold()


def author_name(source: Source, lang: Lang) -> str:
    """The answering body's name, without the parenthesised document reference."""
    return (source.author.get(lang) if source.author else source.reference).split(" (")[0].strip()


def default_proposal(report: Report) -> Proposal:
    """"tillstyrka-med-synpunkter" when the ruleset adapts a demand for the body, lifts one by a ground of
    substance, or leaves one to be looked into; plain "tillstyrka" otherwise. The ruleset holds no ground
    for opposing the programme, so "avstyrka" is only ever chosen explicitly."""
    rules = report.rules
    assert rules is not None
    grounds = {g.id: g for g in rules.grounds}
    for f in report.findings:
        ground = grounds.get(f.tailoring or f.exemption or "")
        if ground is not None and not is_addressee_ground(ground):
            return "tillstyrka-med-synpunkter"
        if f.status is Status.NOT_ASSESSED and any(r.code == "unknown_traits" for r in f.reasons):
            return "tillstyrka-med-synpunkter"
    return "tillstyrka"


def _evidence(f: Finding, lang: Lang) -> list[str]:
    """The evidence items that meet the finding, as 'reference (date in words)'."""
    out = []
    for r in f.reasons:
        if r.code == "evidence_ok":
            day = dt.date.fromisoformat(str(r.data["date"]))
            out.append(f"{r.data['reference']} ({date_words(day, lang)})")
    return out


def _sentence(text: str) -> str:
    """A description as the tail of a sentence: first letter lower-cased (unless an acronym), no full stop."""
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _quote_text(quote: str, w: Words) -> str:
    """A quote in the language's marks, with an ellipsis where it starts inside a sentence."""
    body = " ".join(quote.split())
    return w.quote(body if body[:1].isupper() else "…" + body)


@attrs.define
class _Group:
    """One ground in one part of the programme: the findings it decides there."""

    ground: Ground
    findings: list[Finding] = attrs.field(factory=list)


@attrs.define
class _Area:
    agree: list[Finding] = attrs.field(factory=list)
    groups: dict[str, _Group] = attrs.field(factory=dict)
    out_of_scope: list[Finding] = attrs.field(factory=list)
    others: list[Finding] = attrs.field(factory=list)
    waived: list[Finding] = attrs.field(factory=list)
    gaps: list[Finding] = attrs.field(factory=list)
    open: list[Finding] = attrs.field(factory=list)


# ------------------------------------------------------------------------------------------ compose


def remiss_draft(report: Report, lang: Lang = "sv", options: RemissOptions | None = None) -> Draft:
    """The draft for the one body of ``report`` (made by :func:`tsp_rules.checking.check` with its ruleset)."""
    if report.rules is None:
        raise UsageError("the remiss draft needs the report's ruleset (make the report with tsp_rules.check)")
    if len(report.profiles) != 1:
        raise UsageError(f"the remiss draft is for one body; the report has {len(report.profiles)}")
    opts = options or RemissOptions()
    rules = report.rules
    info = report.profiles[0]
    datum = opts.datum or opts.today or report.as_of
    remiss = rules.remiss
    sender = remiss.sent_by.get(lang) if remiss else Text("kommunstyrelsen", "the city executive board").get(lang)
    w = Words(lang, info.kind, sender)
    proposal: Proposal = opts.proposal or default_proposal(report)
    programme = rules.title.get(lang)
    remiss_title = remiss.title.get(lang) if remiss and remiss.title else programme
    grounds = {g.id: g for g in rules.grounds}
    findings = ordered(report.for_profile(info.id), report)

    warnings: list[str] = []
    if opts.datum is None and remiss is not None and not remiss.in_period(datum) and remiss.period_from \
            and remiss.period_to:
        warnings.append(w("outside_period", datum=date_words(datum, lang),
                          start=date_words(remiss.period_from, lang), end=date_words(remiss.period_to, lang)))

    # sort the findings into the parts of the programme and what the draft says of each
    areas: dict[str, _Area] = {}
    for f in findings:
        area = areas.setdefault(f.focus_area, _Area())
        ground = grounds.get(f.tailoring or f.exemption or "")
        if ground is not None and is_addressee_ground(ground):
            area.others.append(f)
        elif ground is not None:
            area.groups.setdefault(ground.id, _Group(ground)).findings.append(f)
        elif f.status is Status.MET:
            area.agree.append(f)
        elif f.status is Status.NOT_APPLICABLE:
            area.out_of_scope.append(f)
        elif f.status is Status.WAIVED:
            area.waived.append(f)
        elif f.status is Status.GAP:
            area.gaps.append(f)
        else:
            area.open.append(f)

    blocks: list[Block] = []
    blocks += _header(info, opts, datum, remiss_title, w, rules)
    notes = [*warnings, w("draft_note", ruleset=rules.id, version=rules.version)]
    if info.illustrative:
        notes.append(w("illustrative"))
    blocks += [Block("note", n) for n in notes]

    # the proposed decision
    blocks.append(Block("heading", w("decision_h"), level=1))
    first = w("p_avstyrka" if proposal == "avstyrka" else "p_tillstyrka", programme=programme)
    if info.kind == "kommunstyrelse":
        second = w("p_views_ks")
    else:
        second = w("p_report" if proposal == "tillstyrka" else "p_views")
    blocks.append(Block("numbered", items=(first, second)))
    blocks.append(Block("para", w("signature")))

    # the summary
    all_areas = list(areas.values())
    addressed = sum(1 for f in findings if not any(f in a.others for a in all_areas))
    n_agree = sum(len(a.agree) for a in all_areas)
    n_adapt = sum(1 for a in all_areas for g in a.groups.values() for f in g.findings if f.tailoring)
    n_na = sum(1 for a in all_areas for g in a.groups.values() for f in g.findings if not f.tailoring) + \
        sum(len(a.out_of_scope) + len(a.waived) for a in all_areas)
    n_gap = sum(len(a.gaps) for a in all_areas)
    n_open = sum(len(a.open) for a in all_areas)
    summary = [w("s_intro_ks" if info.kind == "kommunstyrelse" else "s_intro", remiss_title=remiss_title,
                 name=info.name)]
    summary.append(w({"tillstyrka": "s_tillstyrka", "tillstyrka-med-synpunkter": "s_tillstyrka_views",
                      "avstyrka": "s_avstyrka"}[proposal]))
    counts = []
    en = lang == "en"
    if n_agree:
        counts.append(w("s_agree", total=w.number(addressed), n=w.number(n_agree),
                        demands=w.plural(addressed, "demand", "demands") if en else "",
                        cases=w.plural(n_agree, "case", "cases") if en else ""))
    if n_adapt:
        adapted = [w.quote(f.title.get(lang)) for f in findings for a in all_areas for g in a.groups.values()
                   if f.tailoring and f in g.findings]
        titles = ", ".join(adapted[:-1]) + w("and") + adapted[-1] if len(adapted) > 1 else adapted[0]
        counts.append(w("s_adapt", n=w.number(n_adapt), titles=titles,
                        demands=w.plural(n_adapt, "demand", "demands") if en else ""))
    if n_na:
        counts.append(w("s_na", n=w.number(n_na), demands=w.plural(n_na, "demand", "demands") if en else ""))
    if n_gap:
        counts.append(w("s_gap", n=w.number(n_gap), cases=w.plural(n_gap, "case", "cases") if en else ""))
    if n_open:
        counts.append(w("s_open", n=w.number(n_open), demands=w.plural(n_open, "demand", "demands") if en else ""))
    if _plea(rules, opts.traits) and (n_adapt or n_na):
        counts.append(w("s_plea"))
    blocks.append(Block("heading", w("summary_h"), level=1))
    blocks += [Block("para", " ".join(summary))]
    if counts:
        blocks.append(Block("para", " ".join(counts)))

    # background: the programme, from the ruleset's metadata
    blocks.append(Block("heading", w("background_h"), level=1))
    if remiss is not None and remiss.background is not None:
        blocks.append(Block("para", remiss.background.get(lang)))
    blocks.append(Block("para", w("b_areas")))
    blocks.append(Block("bullets", items=tuple(area_label(a, lang) for a in ("ARB", "FO1", "FO2", "FO3", "FO4",
                                                                             "FO5"))))

    # the matter
    blocks.append(Block("heading", w("matter_h"), level=1))
    matter = []
    if remiss is not None and info.kind != "kommunstyrelse":
        matter.append(w("m_remiss", name=info.name, dnr=remiss.dnr))
    matter.append(w("m_structure"))
    if report.as_of != datum:
        matter.append(w("m_assessed", as_of=date_words(report.as_of, lang)))
    blocks.append(Block("para", " ".join(matter)))

    # the views, by part of the programme
    blocks.append(Block("heading", w("views_h"), level=1))
    blocks.append(Block("para", w("v_intro")))
    cited: dict[str, Source] = {}
    # a ground's rationale is given once, in the part of the programme where it decides the most obligations
    # (the first such part on a tie); its other parts refer to it
    home: dict[str, tuple[int, int, str]] = {}
    for key, area in areas.items():
        for gid, group in area.groups.items():
            candidate = (-len(group.findings), area_rank(key), key)
            if gid not in home or candidate < home[gid]:
                home[gid] = candidate
    shown_rationale: dict[str, str] = {gid: value[2] for gid, value in home.items()}
    for key in sorted(areas, key=area_rank):
        blocks += _area_blocks(key, areas[key], rules, info, datum, w, cited, shown_rationale)

    # the table of the obligations
    blocks.append(Block("heading", w("table_h"), level=2))
    header = (w("col_req"), w("col_area"), w("col_pos"), w("col_ev"))
    rows = [header]
    for f in findings:
        rows.append((f"{f.title.get(lang)} ({f.obligation})", area_label(f.focus_area, lang),
                     _position(f, areas[f.focus_area], w), "; ".join(_evidence(f, lang)) or "–"))
    blocks.append(Block("table", rows=tuple(rows)))

    if cited:
        blocks.append(Block("heading", w("sources_h"), level=2))
        blocks.append(Block("numbered", items=tuple(
            f"{s.title.get(lang)}. {s.reference}." for s in sorted(cited.values(), key=lambda s: s.id))))

    blocks.append(Block("heading", w("attachments_h"), level=1))
    attachments = tuple(a.get(lang) for a in remiss.attachments) if remiss else ()
    blocks.append(Block("numbered", items=attachments) if attachments else Block("para", w("no_attachments")))
    return Draft(tuple(blocks), proposal, tuple(warnings), datum, remiss_title, lang)


def _plea(rules: Ruleset, traits: Mapping[str, Any]) -> bool:
    """The "större urskillning" plea follows only from the informational traits of risk: both low."""
    names = ("crime_risk", "accident_risk")
    return all(n in rules.traits and rules.traits[n].informational and traits.get(n) == "low" for n in names)


def _header(info: ProfileInfo, opts: RemissOptions, datum: dt.date, remiss_title: str, w: Words,
            rules: Ruleset) -> list[Block]:
    lang = w.lang
    forvaltning = opts.forvaltning or _default_forvaltning(info) or w("forvaltning_missing")
    to = w("to_board", name=info.name) if info.kind == "bolag" else info.name
    if opts.sammantrade is not None:
        to += f" {date_words(opts.sammantrade, lang)}"
    lines = [forvaltning, w("doc"), w("dnr", dnr=opts.dnr or w("dnr_missing")), date_words(datum, lang),
             w("handlaggare", name=opts.handlaggare or w("handlaggare_missing"))]
    out = [Block("title", w("doc")), Block("para", " · ".join(lines[:1] + lines[2:])),
           Block("para", w("to", to=to))]
    out.append(Block("heading", remiss_title, level=1))
    if rules.remiss is not None:
        out.append(Block("para", w("remiss_line", sender=rules.remiss.sent_by.get(lang), dnr=rules.remiss.dnr)))
    return out


def _default_forvaltning(info: ProfileInfo) -> str | None:
    if info.kind == "kommunstyrelse":
        return "Stadsledningskontoret"
    if info.kind == "bolag":
        return info.name
    if info.kind == "stadsdelsnamnd" and info.name.endswith("stadsdelsnämnd"):
        return info.name[: -len("stadsdelsnämnd")] + "stadsdelsförvaltning"
    return None


def _position(f: Finding, area: _Area, w: Words) -> str:
    if f in area.agree:
        return w("pos_agree")
    if f in area.others:
        return w("pos_others")
    if f.tailoring:
        return w("pos_adapt_met" if f.status is Status.MET else "pos_adapt")
    if f.status is Status.NOT_APPLICABLE:
        return w("pos_na")
    if f.status is Status.WAIVED:
        return w("pos_waived")
    return w("pos_gap" if f.status is Status.GAP else "pos_open")


def _area_blocks(key: str, area: _Area, rules: Ruleset, info: ProfileInfo, datum: dt.date, w: Words,
                 cited: dict[str, Source], shown_rationale: dict[str, str]) -> list[Block]:
    lang = w.lang
    out = [Block("heading", area_label(key, lang), level=2)]
    if area.agree:
        out.append(Block("para", w("v_agree")))
        items = []
        for f in area.agree:
            evidence = _evidence(f, lang)
            items.append(f"{f.title.get(lang)}: {'; '.join(evidence)}" if evidence else f.title.get(lang))
        out.append(Block("bullets", items=tuple(items)))
    tailoring = [g for g in area.groups.values() if any(f.tailoring for f in g.findings)]
    lifting = [g for g in area.groups.values() if not any(f.tailoring for f in g.findings)]
    if tailoring:
        out.append(Block("para", w("v_adapt")))
        for group in sorted(tailoring, key=lambda g: g.ground.index):
            out += _ground_blocks(group, key, rules, info, datum, w, cited, shown_rationale)
    if lifting or area.out_of_scope or area.waived:
        out.append(Block("para", w("v_na")))
        for group in sorted(lifting, key=lambda g: g.ground.index):
            out += _ground_blocks(group, key, rules, info, datum, w, cited, shown_rationale)
        items = [w("scope", title=f.title.get(lang), applies_to=rules.obligation(f.obligation).applies_to.get(lang))
                 for f in area.out_of_scope]
        items += [w("waived", title=f.title.get(lang), reference=_waiver_reference(f)) for f in area.waived]
        if items:
            out.append(Block("bullets", items=tuple(items)))
    if area.gaps:
        out.append(Block("para", w("v_gap")))
        out.append(Block("bullets", items=tuple(
            f"{f.title.get(lang)}: {_sentence(rules.obligation(f.obligation).requirement.description.get(lang))}"
            for f in area.gaps)))
    if area.open:
        out.append(Block("para", w("v_open")))
        out.append(Block("bullets", items=tuple(
            f"{f.title.get(lang)}: {' '.join(r.message(lang) for r in f.reasons if r.code == 'unknown_traits')}"
            .rstrip(": ") for f in area.open)))
    if area.others:
        out.append(Block("para", w("v_others")))
        out.append(Block("bullets", items=tuple(
            w("scope", title=f.title.get(lang), applies_to=rules.obligation(f.obligation).applies_to.get(lang))
            for f in area.others)))
    return out


def _waiver_reference(f: Finding) -> str:
    for r in f.reasons:
        if r.code == "waived":
            return str(r.data.get("reference", ""))
    return f.waiver or ""


def _ground_blocks(group: _Group, area_key: str, rules: Ruleset, info: ProfileInfo, datum: dt.date, w: Words,
                   cited: dict[str, Source], shown_rationale: dict[str, str]) -> list[Block]:
    """One ground in one part of the programme: what the programme says, the förvaltning's view in the voice
    its provenance allows, the proposal, and the basis (law in the version in force on the answer's date)."""
    lang = w.lang
    ground = group.ground
    obligations = [rules.obligation(f.obligation) for f in group.findings]
    out = [Block("heading", ground.title.get(lang), level=3)]
    out.append(Block("para", " ".join(ob.text.get(lang) for ob in obligations), lead=w("programme_says")))

    # every citation behind this ground here: the ground's own, and the bases of its tailored requirements
    citations: list[Citation] = list(ground.citations_on(datum))
    for f in group.findings:
        if f.tailoring:
            citations += [c for c in ground.tailored[f.obligation].basis if c.in_force(datum)]
    own = [c for c in citations if c.provenance == "remiss" and is_own(c.source, info)]
    other = [c for c in citations if c.provenance == "remiss" and not is_own(c.source, info)]
    rest = [c for c in citations if c.provenance != "remiss"]

    rationale = organ(ground.rationale.get(lang), info.kind, lang)
    first_time = shown_rationale.get(ground.id, area_key) == area_key
    reason = rationale if first_time else w("see_above", area=area_label(shown_rationale[ground.id], lang))
    if own:
        view = reason
    elif other:
        assert other[0].source is not None
        key = "voice_other" if any(f.tailoring for f in group.findings) else "voice_other_na"
        view = f"{w(key, other=author_name(other[0].source, lang))} {reason}"
    elif any(c.provenance == "programme" for c in citations):
        view = f"{w('voice_programme')} {reason}"
    else:
        view = f"{w('voice_interpretation')} {reason}"
    out.append(Block("para", view, lead=w("views") if own else w("reasons")))

    # the body's own words (or the other body's), each quote once per ground
    for quotes, label in ((own, w("own_quotes")), (other, None)):
        seen: list[str] = []
        for c in quotes:
            if c.quote and (first_time or c not in ground.citations):
                seen.append(" ".join(c.quote.split()))
            if c.source is not None:
                cited[c.source.id] = c.source
        # each quote once; one contained in another is shown as the longer one
        shown = [q for i, q in enumerate(seen) if q not in seen[:i]
                 and not any(q != other and q in other for other in seen)]
        if shown:
            if label is None:
                assert quotes[0].source is not None
                label = w("other_quotes", other=author_name(quotes[0].source, lang))
            out.append(Block("bullets", items=tuple(_quote_text(q, w) for q in shown), lead=label))

    # the proposal
    proposal: list[str] = []
    lifted = [f for f in group.findings if not f.tailoring]
    if lifted:
        titles = w("and").join(w.quote(f.title.get(lang)) for f in lifted)
        proposal.append(w("na_one" if len(lifted) == 1 else "na_many", titles=titles))
    for f in group.findings:
        if not f.tailoring:
            continue
        requirement = _sentence(organ(ground.tailored[f.obligation].description.get(lang), info.kind, lang))
        proposal.append(w("tailor", title=w.quote(f.title.get(lang)), requirement=requirement))
        evidence = _evidence(f, lang)
        proposal.append(w("tailor_met", evidence="; ".join(evidence)) if f.status is Status.MET and evidence
                        else w("tailor_gap") if f.status is Status.GAP else "")
    out.append(Block("para", " ".join(p for p in proposal if p), lead=w("proposal")))

    support = []
    for c in rest:
        if c.source is not None:
            cited[c.source.id] = c.source
        text = organ(provenance.citation_text(c, lang), info.kind, lang)
        if text not in support:
            support.append(text)
    if support:
        out.append(Block("bullets", items=tuple(support), lead=w("support")))
    return out


# ------------------------------------------------------------------------------------- from a profile


def as_proposed(rules: Ruleset) -> Ruleset:
    """The ruleset as a remiss presents it: every obligation without the period of its part (a remiss is
    answered before the programme applies, and long before any part of it is replaced)."""
    # a ruleset of its own, with a digest of its own: engines and caches keyed by digest must never mix it
    # up with the dated ruleset it comes from
    digest = "sha256:" + hashlib.sha256(f"{rules.digest} as proposed".encode()).hexdigest()
    return attrs.evolve(rules, digest=digest, obligations=tuple(attrs.evolve(ob, valid_from=None, valid_to=None)
                                                                for ob in rules.obligations))


def draft_for_profile(profile: Profile | Path | str, ruleset: Ruleset | Path | str | None = None,
                      lang: Lang = "sv", *, as_of: dt.date | None = None, engine: str = "durable",
                      options: RemissOptions | None = None) -> Draft:
    """The draft for one profile (an object or a file): the programme as proposed, the evidence read on
    ``as_of`` (default: the answer's date, else today), the profile's traits passed on."""
    from tsp_rules.checking.check import check
    from tsp_rules.model.compiler import load_ruleset
    from tsp_rules.model.profile import load_profile

    rules = as_proposed(ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset))
    body = profile if isinstance(profile, Profile) else load_profile(profile, rules)
    opts = options or RemissOptions()
    today = opts.today or dt.date.today()
    opts = attrs.evolve(opts, traits=dict(body.traits), today=today)
    report = check([body], ruleset=rules, as_of=as_of or opts.datum or today, engine=engine)
    if report.absent:  # the body did not exist on the date: there is nothing to answer for
        absent = {p.id for p in report.absent}
        raise UsageError(" ".join(w.message(lang) for w in report.warnings if w.profile in absent))
    return remiss_draft(report, lang, opts)


# ----------------------------------------------------------------------------------------- renderers


def render_remiss_docx(report: Report, lang: Lang = "sv", options: RemissOptions | None = None) -> bytes:
    """The draft as a Word document (python-docx is imported on first use)."""
    from tsp_rules.cycle.remiss.docx import to_docx

    return to_docx(remiss_draft(report, lang, options), lang)


