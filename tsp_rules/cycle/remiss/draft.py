"""A draft tjänsteutlåtande answering the programme's remiss, written from one body's remiss answer and
evidence, with a note for the handläggare that is not part of it.

The form is that of a Stockholm tjänsteutlåtande (Miljöförvaltningen's answer, dnr 2017-14676, is the
model): a header (förvaltning, the body's own dnr and handläggare, the date, the remiss's dnr), the
förvaltning's proposed decision, Sammanfattning, Bakgrund, the förvaltning's views by the programme's
structure, and Bilagor.

Every text carries what it rests on (:class:`~tsp_rules.cycle.remiss.blocks.Said`). In the
tjänsteutlåtande, the förvaltning says only:

* what **its own remiss answer** says, when one is on record for the body and dated on or before the draft
  (:mod:`tsp_rules.cycle.remiss.record`): its positions in the answer's order, each with the section and the
  words it comes from;
* what **its evidence** shows, listed by the part of the programme it concerns (without a remiss answer on
  record, the förvaltning's own views are left as a placeholder for the handläggare to write);
* the document's **form** (header, headings, the decision formula chosen with ``--forslag``).

The ruleset's assessment of the evidence, its adaptations and exemptions (with their sources, law in the
version in force on the draft's date) stand in the **note for the handläggare** after the tjänsteutlåtande.
Nothing cited, in either part, has a validity that starts after the draft's date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import attrs

from tsp_rules.checking.findings import Finding, ProfileInfo, Report, Status
from tsp_rules.cycle.remiss.blocks import Block, Draft, Proposal, RemissOptions, Said, listed, para
from tsp_rules.cycle.remiss.record import RemissRecord, bundled_records, record_for
from tsp_rules.cycle.remiss.words import Words, organ
from tsp_rules.errors import UsageError
from tsp_rules.model import conditions as C
from tsp_rules.model import provenance
from tsp_rules.model.profile import Profile
from tsp_rules.model.ruleset import Citation, Ground, Lang, Requirement, Ruleset, Source, Text
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


def _evidence(f: Finding, lang: Lang) -> list[str]:
    """The evidence items that meet the finding, as 'reference (date in words)'."""
    out = []
    for r in f.reasons:
        if r.code in ("evidence_ok", "evidence_ok_inherited"):
            day = dt.date.fromisoformat(str(r.data["date"]))
            out.append(f"{r.data['reference']} ({date_words(day, lang)})")
    return out


def _sentence(text: str) -> str:
    """A description as the tail of a sentence: first letter lower-cased (unless an acronym), no full stop."""
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def _opening(text: str, words: int = 8) -> str:
    """The first words of a text, to name a paragraph in the note."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _cited(c: Citation, datum: dt.date) -> bool:
    """Whether a citation's source existed (and was in force) on ``datum``: no fallback to a later version."""
    return c.source is None or c.source.in_force(datum)


_BASIS = {"law": "law", "programme": "programme", "remiss": "remiss"}


def _citation_said(c: Citation, info: ProfileInfo, lang: Lang) -> Said:
    text = organ(provenance.citation_text(c, lang), info.kind, lang)
    basis = "interpretation" if c.is_interpretation else _BASIS.get(c.provenance, "programme")
    source = c.source
    return Said(text, basis, source=source.id if source else "", section=c.section or "",  # type: ignore[arg-type]
                quotes=(c.quote,) if c.quote else (), valid_from=source.valid_from if source else None)


# ------------------------------------------------------------------------------------------ compose


@attrs.define
class _Sorted:
    """The findings by what the ruleset says of them."""

    met: list[Finding] = attrs.field(factory=list)
    grounds: dict[str, list[Finding]] = attrs.field(factory=dict)
    gaps: list[Finding] = attrs.field(factory=list)
    open: list[Finding] = attrs.field(factory=list)
    others: set[str] = attrs.field(factory=set)
    """The obligations the programme addresses to other kinds of body."""


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
    proposal: Proposal = opts.proposal or "overlamna"
    programme = rules.title.get(lang)
    remiss_title = remiss.title.get(lang) if remiss and remiss.title else programme
    findings = ordered(report.for_profile(info.id), report)
    records = bundled_records() if opts.records is None else tuple(opts.records)
    on_record = [r for r in records if r.ruleset == rules.id and r.body == info.id]
    record = record_for(records, rules.id, remiss.dnr if remiss else None, info.id, datum)

    warnings: list[str] = []
    if opts.datum is None and remiss is not None and remiss.period_from is not None:
        start = date_words(remiss.period_from, lang)
        if remiss.period_to is None:  # no source states the end: never inferred, said to be unknown
            key = "before_period_end_unknown" if datum < remiss.period_from else "period_end_unknown"
            warnings.append(w(key, datum=date_words(datum, lang), start=start))
        elif not remiss.in_period(datum):
            warnings.append(w("outside_period", datum=date_words(datum, lang), start=start,
                              end=date_words(remiss.period_to, lang)))

    forvaltning = opts.forvaltning or _default_forvaltning(info) or w("forvaltning_missing")
    header = (forvaltning, w("doc"), w("dnr", dnr=opts.dnr or w("dnr_missing")), date_words(datum, lang))
    blocks: list[Block] = _header(info, opts, datum, remiss_title, w, rules, header)

    # the proposed decision: the one asked for, else the answer's own, else to submit the report
    blocks.append(Block("heading", w("decision_h"), level=1))
    if info.kind == "kommunstyrelse":
        items = [w.said("d_ks")]
    elif opts.proposal is None and record is not None and record.decision is not None:
        proposal = record.decision.proposal
        items = [Said(text.get(lang), "remiss", source=record.document, section=record.decision.section,
                      quotes=(quote,), valid_from=record.date) for text, quote in record.decision.items]
    elif proposal == "overlamna":
        items = [w.said("d_overlamna")]
    else:
        items = [w.said(f"d_{proposal}", programme=programme), w.said("d_views")]
    blocks.append(listed("numbered", items))
    blocks.append(para(w.said("signature")))

    # the summary, the background and the views
    intro = w.said("s_intro_ks" if info.kind == "kommunstyrelse" else "s_intro", remiss_title=remiss_title,
                   name=info.name)
    blocks.append(Block("heading", w("summary_h"), level=1))
    summary = [p for p in record.positions if p.part == "summary"] if record else []
    if record is not None and summary:
        blocks += [para(_position_said(p.text.get(lang), p.section, p.quotes, record)) for p in summary]
    else:
        blocks.append(para(intro) if record else para(intro, w.said("s_evidence")))
        blocks.append(para(w.said("s_placeholder")))
    blocks.append(Block("heading", w("background_h"), level=1))
    background = [p for p in record.positions if p.part == "background"] if record else []
    if record is not None and background:
        blocks += [para(_position_said(p.text.get(lang), p.section, p.quotes, record)) for p in background]
    elif remiss is not None and remiss.background is not None:
        basis = [c for c in remiss.basis if c.quote and c.provenance == "programme" and _cited(c, datum)]
        blocks.append(para(Said(remiss.background.get(lang), "programme",
                                source=basis[0].source.id if basis and basis[0].source else "",
                                quotes=tuple(c.quote or "" for c in basis))))
    blocks.append(Block("heading", w("views_h"), level=1))
    sorted_ = _sort(findings, rules)
    if record is not None:
        blocks += _record_views(record, lang)
    else:
        blocks += _evidence_views(sorted_, findings, datum, w)
    blocks.append(Block("heading", w("attachments_h"), level=1))
    attachments = tuple(Said(a.get(lang), "form", source="attachments") for a in remiss.attachments) if remiss \
        else ()
    blocks.append(listed("numbered", attachments) if attachments else para(w.said("no_attachments")))

    # the note for the handläggare
    note_from = len(blocks)
    blocks.append(Block("heading", w("note_h"), level=1))
    notes = [*warnings, w("note_intro", ruleset=rules.id, version=rules.version), w("note_draft")]
    if info.illustrative:
        notes.append(w("illustrative"))
    if record is not None:
        notes.append(w("note_record", document=record.document))
    notes += [w("note_record_later", document=r.document) for r in on_record if r.date > datum]
    blocks += [Block("note", n) for n in notes]
    blocks += _rests_on(blocks[:note_from], w)
    stated = _stated(record)
    blocks += _assessment(findings, sorted_, stated, report, w)
    blocks += _grounds(sorted_, rules, info, datum, w)
    blocks += _gaps(sorted_, stated, rules, datum, w)
    return Draft(tuple(blocks), proposal, tuple(warnings), datum, remiss_title, lang, note_from, header)


def _position_said(text: str, section: str, quotes: tuple[str, ...], record: RemissRecord) -> Said:
    return Said(text, "remiss", source=record.document, section=section, quotes=quotes, valid_from=record.date)


def _record_views(record: RemissRecord, lang: Lang) -> list[Block]:
    """The views of the answer on record, under the headings of the programme's parts it used, in its order."""
    out: list[Block] = []
    heading: str | None = None
    subheading: str | None = None
    for p in record.positions:
        if p.part != "views":
            continue
        h = p.heading.get(lang) if p.heading else None
        sub = p.subheading.get(lang) if p.subheading else None
        if h is not None and h != heading:
            out.append(Block("heading", h, level=2))
            heading, subheading = h, None
        if sub is not None and sub != subheading:
            out.append(Block("heading", sub, level=3))
            subheading = sub
        out.append(para(_position_said(p.text.get(lang), p.section, p.quotes, record)))
    return out


def _sort(findings: list[Finding], rules: Ruleset) -> _Sorted:
    grounds = {g.id: g for g in rules.grounds}
    out = _Sorted()
    for f in findings:
        ground = grounds.get(f.tailoring or f.exemption or "")
        if ground is not None and is_addressee_ground(ground):
            out.others.add(f.obligation)
        elif ground is not None:
            out.grounds.setdefault(ground.id, []).append(f)
        if f.status is Status.MET:
            out.met.append(f)
        elif f.status is Status.GAP:
            out.gaps.append(f)
        elif f.status is Status.NOT_ASSESSED:
            out.open.append(f)
    return out


def _evidence_views(sorted_: _Sorted, findings: list[Finding], datum: dt.date, w: Words) -> list[Block]:
    """Without an answer on record: the evidence the body had on the draft's date, by part of the programme,
    and a placeholder for the förvaltning's views."""
    out: list[Block] = [para(w.said("v_placeholder"))]
    areas: dict[str, list[Said]] = {}
    for f in findings:
        if f not in sorted_.met:
            continue
        for r in f.reasons:
            if r.code not in ("evidence_ok", "evidence_ok_inherited"):
                continue
            day = dt.date.fromisoformat(str(r.data["date"]))
            if day > datum:  # assessed on a later --as-of: not yet there on the draft's date
                continue
            text = f"{r.data['reference']} ({date_words(day, w.lang)})"
            items = areas.setdefault(f.focus_area, [])
            if all(s.text != text for s in items):
                items.append(Said(text, "evidence", source=str(r.data["reference"]), valid_from=day))
    for key in sorted(areas, key=area_rank):
        out.append(Block("heading", area_label(key, w.lang), level=2))
        out.append(para(w.said("v_evidence")))
        out.append(listed("bullets", areas[key]))
    return out


def _stated(record: RemissRecord | None) -> dict[str, str]:
    """The obligations the answer on record says already exist, with the section that says so."""
    out: dict[str, str] = {}
    for p in record.positions if record else ():
        if p.exists:
            for ob in p.concerns:
                out.setdefault(ob, p.section)
    return out


def _rests_on(answer: list[Block], w: Words) -> list[Block]:
    """What each text of the tjänsteutlåtande rests on: the answer's section and words, or the evidence."""
    items = []
    for s in (s for b in answer for s in b.said):
        if s.basis == "remiss":
            quotes = " ".join(w.quote(q) for q in s.quotes)
            items.append(Said(w("rests_remiss", start=_opening(s.text), document=s.source, section=s.section,
                                quotes=quotes), "remiss", source=s.source, section=s.section, quotes=s.quotes,
                              valid_from=s.valid_from))
        elif s.basis == "evidence":
            items.append(Said(w("rests_evidence", start=_opening(s.text), reference=s.source), "evidence",
                              source=s.source, valid_from=s.valid_from))
    if not items:
        return []
    return [Block("heading", w("rests_h"), level=2), listed("numbered", items)]


def _assessment(findings: list[Finding], sorted_: _Sorted, stated: dict[str, str], report: Report,
                w: Words) -> list[Block]:
    lang = w.lang
    rows: list[tuple[str, ...]] = [(w("col_req"), w("col_area"), w("col_pos"), w("col_ev"))]
    said = [Said(" ".join(rows[0]), "form", source="table_header")]
    for f in findings:
        position = _position(f, stated, sorted_.others, w)
        rows.append((f.title.get(lang), area_label(f.focus_area, lang), position,
                     "; ".join(_evidence(f, lang)) or "–"))
        said.append(Said(" ".join(rows[-1]), "finding", source=f.obligation))
    return [Block("heading", w("table_h", as_of=date_words(report.as_of, lang)), level=2),
            Block("table", rows=tuple(rows), said=tuple(said))]


def _position(f: Finding, stated: dict[str, str], others: set[str], w: Words) -> str:
    if f.status is Status.MET:
        return w("pos_adapt_met" if f.tailoring else "pos_met")
    if f.obligation in stated:
        return w("pos_stated")
    if f.obligation in others:
        return w("pos_others")
    if f.status is Status.NOT_APPLICABLE:
        return w("pos_na")
    if f.status is Status.WAIVED:
        return w("pos_waived")
    if f.status is Status.GAP:
        return w("pos_adapt" if f.tailoring else "pos_gap")
    return w("pos_open")


def _grounds(sorted_: _Sorted, rules: Ruleset, info: ProfileInfo, datum: dt.date, w: Words) -> list[Block]:
    """The ruleset's adaptations and exemptions for the body, as its interpretation, with the sources that
    existed on the draft's date."""
    lang = w.lang
    if not sorted_.grounds:
        return []
    grounds = {g.id: g for g in rules.grounds}
    out = [Block("heading", w("grounds_h"), level=2), para(w.said("grounds_intro"))]
    for gid in sorted(sorted_.grounds, key=lambda g: grounds[g].index):
        ground, group = grounds[gid], sorted_.grounds[gid]
        out.append(Block("heading", ground.title.get(lang), level=3))
        sentences = [Said(organ(ground.rationale.get(lang), info.kind, lang), "interpretation", source=gid)]
        lifted = [f for f in group if not f.tailoring]
        if lifted:
            titles = w("and").join(w.quote(f.title.get(lang)) for f in lifted)
            sentences.append(Said(w("g_lift_one" if len(lifted) == 1 else "g_lift_many", titles=titles),
                                  "interpretation", source=gid))
        citations = [c for c in ground.citations if _cited(c, datum)]
        for f in group:
            if not f.tailoring:
                continue
            requirement = ground.tailored[f.obligation]
            basis = [c for c in requirement.basis if _cited(c, datum)]
            if requirement.basis and not basis:
                sentences.append(Said(w("gap_later", title=w.quote(f.title.get(lang)),
                                        datum=date_words(datum, lang)), "interpretation", source=gid))
                continue
            citations += basis
            text = _sentence(organ(requirement.description.get(lang), info.kind, lang))
            sentences.append(Said(w("g_tailor", title=w.quote(f.title.get(lang)), requirement=text),
                                  "interpretation", source=gid))
        out.append(para(*sentences))
        shown: list[Said] = []
        for c in citations:
            said = _citation_said(c, info, lang)
            if all(s.text != said.text for s in shown):
                shown.append(said)
        if shown:
            out.append(listed("bullets", shown, lead=w("g_sources", datum=date_words(datum, lang))))
    return out


def _gaps(sorted_: _Sorted, stated: dict[str, str], rules: Ruleset, datum: dt.date, w: Words) -> list[Block]:
    """The demands without evidence in the profile (not those the body's answer says exist), with what the
    ruleset asks for, unless that rests only on sources from after the draft's date; and what is open."""
    lang = w.lang
    out: list[Block] = []
    gaps = [f for f in sorted_.gaps if f.obligation not in stated and not f.tailoring]
    if gaps:
        items = []
        for f in gaps:
            requirement = rules.obligation(f.obligation).requirement
            bases = [c for item in requirement.items for o in item.options for c in o.basis] + list(requirement.basis)
            if bases and not any(_cited(c, datum) for c in bases):
                items.append(Said(w("gap_later", title=f.title.get(lang), datum=date_words(datum, lang)), "finding",
                                  source=f.obligation))
            else:
                items.append(Said(f"{f.title.get(lang)}: {_sentence(requirement.description.get(lang))}", "finding",
                                  source=f.obligation))
        out += [Block("heading", w("gaps_h"), level=2), listed("bullets", items)]
    if sorted_.open:
        items = []
        for f in sorted_.open:
            why = " ".join(r.message(lang) for r in f.reasons if r.code == "unknown_traits")
            items.append(Said(f"{f.title.get(lang)}: {why}".rstrip(": "), "finding", source=f.obligation))
        out += [Block("heading", w("open_h"), level=2), listed("bullets", items)]
    return out


def _header(info: ProfileInfo, opts: RemissOptions, datum: dt.date, remiss_title: str, w: Words,
            rules: Ruleset, header: tuple[str, ...]) -> list[Block]:
    to = w("to_board", name=info.name) if info.kind == "bolag" else info.name
    if opts.sammantrade is not None:
        to += f" {date_words(opts.sammantrade, w.lang)}"
    line = " · ".join([header[0], *header[2:], w("handlaggare", name=opts.handlaggare or w("handlaggare_missing"))])
    out = [Block("title", w("doc")), para(Said(line, "form", source="header")), para(w.said("to", to=to))]
    out.append(Block("heading", remiss_title, level=1))
    if rules.remiss is not None:
        out.append(para(w.said("remiss_line", sender=rules.remiss.sent_by.get(w.lang), dnr=rules.remiss.dnr)))
    return out


def _default_forvaltning(info: ProfileInfo) -> str | None:
    if info.kind == "kommunstyrelse":
        return "Stadsledningskontoret"
    if info.kind == "bolag":
        return info.name
    if info.kind == "stadsdelsnamnd" and info.name.endswith("stadsdelsnämnd"):
        return info.name[: -len("stadsdelsnämnd")] + "stadsdelsförvaltning"
    return None


# ------------------------------------------------------------------------------------- from a profile


def as_proposed(rules: Ruleset) -> Ruleset:
    """The ruleset as a remiss presents it: every obligation without the period of its part, and every
    requirement in its first form, not the one after a part it serves was replaced (a remiss is answered
    before the programme applies, and long before any part of it is replaced)."""
    # a ruleset of its own, with a digest of its own: engines and caches keyed by digest must never mix it
    # up with the dated ruleset it comes from
    digest = "sha256:" + hashlib.sha256(f"{rules.digest} as proposed".encode()).hexdigest()

    def first(req: Requirement) -> Requirement:
        return attrs.evolve(req, later=None, later_part=None)

    return attrs.evolve(rules, digest=digest, obligations=tuple(
        attrs.evolve(ob, valid_from=None, valid_to=None, requirement=first(ob.requirement))
        for ob in rules.obligations), grounds=tuple(
        attrs.evolve(g, tailored={k: first(r) for k, r in g.tailored.items()}) for g in rules.grounds))


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
    opts = attrs.evolve(opts, today=today)
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


