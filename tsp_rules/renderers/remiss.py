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
text (:func:`render_remiss_text`) or Word (:mod:`tsp_rules.renderers.remiss_docx`) from the same blocks,
so the three always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from tsp_rules import conditions as C
from tsp_rules import provenance, texts
from tsp_rules.errors import UsageError
from tsp_rules.findings import Finding, ProfileInfo, Report, Status
from tsp_rules.profile import Profile
from tsp_rules.renderers.common import area_label, area_rank, ordered
from tsp_rules.renderers.markdown import md
from tsp_rules.ruleset import Citation, Ground, Lang, Ruleset, Source, Text
from tsp_rules.texts import date_words

Proposal = Literal["tillstyrka", "tillstyrka-med-synpunkter", "avstyrka"]
PROPOSALS: tuple[Proposal, ...] = ("tillstyrka", "tillstyrka-med-synpunkter", "avstyrka")

def organ(text: str, kind: str, lang: Lang) -> str:
    """``text`` with the ruleset's ``{organ}`` / ``{Organ}`` replaced by the body's kind (see
    :func:`tsp_rules.texts.organ`)."""
    return texts.organ(Text(text, text), kind).get(lang)


# ------------------------------------------------------------------------------------------- blocks


@attrs.frozen
class Block:
    """One piece of the draft: ``title`` (the document kind), ``heading`` (with ``level`` 1–3), ``para``
    (with an optional bold ``lead``), ``note`` (a remark to the reader of the draft), ``numbered`` and
    ``bullets`` (``items``), ``table`` (``rows``, the first row the header)."""

    kind: Literal["title", "heading", "para", "note", "numbered", "bullets", "table"]
    text: str = ""
    level: int = 1
    lead: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@attrs.frozen
class Draft:
    blocks: tuple[Block, ...]
    proposal: Proposal
    warnings: tuple[str, ...]
    datum: dt.date
    title: str
    lang: Lang = "sv"


@attrs.frozen
class RemissOptions:
    """What the tjänsteutlåtande needs beyond the findings. ``datum`` is the answer's date (``today`` when
    not given, then warned about when outside the remiss period); ``traits`` are the profile's traits
    (the informational ones decide the "större urskillning" plea)."""

    datum: dt.date | None = None
    proposal: Proposal | None = None
    dnr: str | None = None
    handlaggare: str | None = None
    forvaltning: str | None = None
    sammantrade: dt.date | None = None
    traits: Mapping[str, Any] = attrs.field(factory=dict)
    today: dt.date | None = None


# -------------------------------------------------------------------------------------------- words

T: dict[str, Text] = {
    "doc": Text("Tjänsteutlåtande", "Officer's report"),
    "dnr": Text("Dnr {dnr}", "Ref. {dnr}"),
    "dnr_missing": Text("[diarienummer]", "[reference number]"),
    "handlaggare": Text("Handläggare: {name}", "Officer: {name}"),
    "handlaggare_missing": Text("[handläggarens namn]", "[officer's name]"),
    "forvaltning_missing": Text("[förvaltningens namn]", "[administration's name]"),
    "to": Text("Till {to}", "To {to}"),
    "to_board": Text("styrelsen för {name}", "the board of {name}"),
    "remiss_line": Text("Remiss från {sender}, dnr {dnr}", "Consultation from {sender}, ref. {dnr}"),
    "draft_note": Text(
        "Utkast skrivet av tsp-check ur regelverket {ruleset} {version} och {body_gen} profil. Det ska granskas "
        "och bearbetas innan det används.",
        "Draft written by tsp-check from the ruleset {ruleset} {version} and {body_gen} profile. It must be "
        "reviewed and edited before use."),
    "illustrative": Text("Profilen är illustrativ: dess underlag är exempel och inte en verklig bedömning.",
                         "The profile is illustrative: its evidence consists of examples, not a real assessment."),
    "outside_period": Text(
        "Kontrollera datumet: tjänsteutlåtandet har datumet {datum} (dagens datum), som ligger utanför remisstiden "
        "{start}–{end}.",
        "Check the date: the report is dated {datum} (today), outside the consultation period {start}–{end}."),
    "decision_h": Text("{Author_gen} förslag till beslut", "{Author_gen} proposed decision"),
    "p_tillstyrka": Text("Tillstyrka förslaget till {programme}.", "Support the proposed {programme}."),
    "p_avstyrka": Text("Avstyrka förslaget till {programme}.", "Oppose the proposed {programme}."),
    "p_views": Text("Överlämna {author_gen} synpunkter till {sender}.",
                    "Submit {author_gen} views to {sender}."),
    "p_report": Text("Överlämna tjänsteutlåtandet till {sender} som svar på remissen.",
                     "Submit this report to {sender} as the response to the consultation."),
    "p_views_ks": Text("Beakta {author_gen} synpunkter i det fortsatta arbetet med programmet.",
                       "Take {author_gen} views into account in the further work on the programme."),
    "signature": Text("[namn], {head}", "[name], {head}"),
    "summary_h": Text("Sammanfattning", "Summary"),
    "s_intro": Text("{Sender} har remitterat förslaget till {remiss_title} till bland andra {name}.",
                    "{Sender} has sent its proposal, {remiss_title}, for consultation to, among others, {name}."),
    "s_intro_ks": Text(
        "Stadsledningskontoret har tagit fram förslaget till {remiss_title}. Tjänsteutlåtandet gäller programmets "
        "krav på kommunstyrelsen i dess egen verksamhet.",
        "The city executive office has drafted the proposed {remiss_title}. This report concerns the programme's "
        "demands on the city executive board in its own operations."),
    "s_tillstyrka": Text("{Author} föreslår att {decider} tillstyrker förslaget.",
                         "{Author} proposes that {decider} support the proposal."),
    "s_tillstyrka_views": Text(
        "{Author} föreslår att {decider} tillstyrker förslaget och lämnar synpunkter på hur kraven ska "
        "tillämpas för {body}.",
        "{Author} proposes that {decider} support the proposal and comment on how its demands should apply to "
        "{body}."),
    "s_avstyrka": Text("{Author} föreslår att {decider} avstyrker förslaget.",
                       "{Author} proposes that {decider} oppose the proposal."),
    "s_agree": Text(
        "Av de {total} krav i programmet som riktar sig till {body} arbetar {body} redan i dag på det sätt som "
        "programmet anger i {n} fall.",
        "Of the programme's {total} {demands} on {body}, {body} already works as the programme asks in {n} "
        "{cases}."),
    "s_adapt": Text("För {n} krav föreslår {author} en anpassning till {body_gen} uppdrag och förutsättningar: "
                    "{titles}.",
                    "For {n} {demands}, {author} proposes an adaptation to {body_gen} remit and circumstances: "
                    "{titles}."),
    "s_na": Text("{Body} berörs inte av {n} krav.", "{Body} is not concerned by {n} {demands}."),
    "s_gap": Text("I {n} fall behöver {body} ta fram eller förnya underlag för att visa att kravet uppfylls.",
                  "In {n} {cases}, {body} needs to produce or renew evidence to show that the demand is met."),
    "s_open": Text("Innan {author} kan ta ställning behöver {n} krav utredas.",
                   "Before {author} can take a position, {n} {demands} must be looked into."),
    "s_plea": Text(
        "Enligt {body_gen} profil är risken för både olyckor och brott i verksamheten låg. {Author} föreslår "
        "därför att programmets krav ställs med större urskillning, så att de nämnder och bolag som har en mer "
        "betydande risk för olyckor och brott också är de som omfattas av kraven.",
        "According to {body_gen} profile, the risk of both accidents and crime in its operations is low. {Author} "
        "therefore proposes that "
        "the programme's demands be set with greater discernment, so that the committees and companies with a "
        "more significant risk of accidents and crime are the ones the demands cover."),
    "background_h": Text("Bakgrund", "Background"),
    "b_areas": Text("Programmet är indelat i arbetssätt och fem fokusområden:",
                    "The programme is divided into working methods and five focus areas:"),
    "matter_h": Text("Ärendet", "The matter"),
    "m_remiss": Text("{Sender} har gett {name} tillfälle att yttra sig över förslaget (dnr {dnr}).",
                     "{Sender} has invited {name} to comment on the proposal (ref. {dnr})."),
    "m_structure": Text(
        "Tjänsteutlåtandet följer programmets indelning: först arbetssätten, sedan fokusområdena. För varje del "
        "redovisas var {body} redan arbetar så som programmet anger, var {author} föreslår en anpassning och "
        "vilka krav som inte berör {body}.",
        "The report follows the programme's structure: first the working methods, then the focus areas. For "
        "each part it shows where {body} already works as the programme asks, where {author} proposes an "
        "adaptation, and which demands do not concern {body}."),
    "m_assessed": Text("{Body_gen} underlag är bedömda per {as_of}.", "{Body_gen} evidence is assessed as of {as_of}."),
    "views_h": Text("{Author_gen} synpunkter och förslag", "{Author_gen} views and proposals"),
    "v_intro": Text(
        "Synpunkterna följer programmets indelning och koncentreras till de delar där {body} är särskilt {concerned}.",
        "The views follow the programme's structure and concentrate on the parts that particularly concern "
        "{body}."),
    "v_agree": Text("Här arbetar {body} redan så som programmet anger.", "Here {body} already works as the "
                    "programme asks."),
    "v_adapt": Text("Här föreslår {author} en anpassning.", "Here {author} proposes an adaptation."),
    "v_na": Text("Här berörs {body} inte.", "Here {body} is not concerned."),
    "v_gap": Text("Här behöver {body} ta fram eller förnya underlag för att visa att kraven uppfylls:",
                  "Here {body} needs to produce or renew evidence to show that the demands are met:"),
    "v_open": Text("Här behöver frågan utredas innan {author} tar ställning:",
                   "Here the matter must be looked into before {author} takes a position:"),
    "v_others": Text("Följande krav riktar sig enligt programmet till andra och berör inte {body} direkt:",
                     "By the programme, the following demands are addressed to others and do not directly "
                     "concern {body}:"),
    "programme_says": Text("Programmet anger:", "The programme says:"),
    "views": Text("{Author_gen} synpunkter:", "{Author_gen} views:"),
    "reasons": Text("Skäl för förslaget:", "Reasons for the proposal:"),
    "proposal": Text("{Author_gen} förslag:", "{Author_gen} proposal:"),
    "support": Text("Stöd:", "Basis:"),
    "own_quotes": Text("Ur {author_gen} remissvar:", "From {author_gen} consultation answer:"),
    "other_quotes": Text("Ur remissvaret från {other}:", "From the consultation answer of {other}:"),
    "voice_other": Text(
        "{Author} föreslår samma anpassning som {other} begärde i sitt remissvar, på samma grund.",
        "{Author} proposes the adaptation {other} asked for in its consultation answer, on the same grounds."),
    "voice_other_na": Text(
        "{Author} gör samma bedömning som {other} gjorde i sitt remissvar, på samma grund.",
        "{Author} makes the same assessment as {other} did in its consultation answer, on the same grounds."),
    "voice_programme": Text("Förslaget bygger på programmets egen text.",
                            "The proposal rests on the programme's own text."),
    "voice_interpretation": Text("Förslaget bygger på regelverkets tolkning av programmet, inte på ett remissvar.",
                                 "The proposal rests on the ruleset's interpretation of the programme, not on a "
                                 "consultation answer."),
    "see_above": Text("Skälen framgår under {area}.", "The reasons are given under {area}."),
    "tailor": Text("Kravet {title} anpassas så att det avser: {requirement}.",
                   "The demand {title} is adapted to mean: {requirement}."),
    "tailor_met": Text("{Body} uppfyller redan det anpassade kravet ({evidence}).",
                       "{Body} already meets the adapted demand ({evidence})."),
    "tailor_gap": Text("{Body} har ännu inte underlag som visar det anpassade kravet.",
                       "{Body} does not yet have evidence showing the adapted demand."),
    "na_one": Text("Kravet {titles} bör inte gälla för {body}.", "The demand {titles} should not apply to {body}."),
    "na_many": Text("Kraven {titles} bör inte gälla för {body}.", "The demands {titles} should not apply to {body}."),
    "scope": Text("{title}: kravet gäller {applies_to}.", "{title}: the demand applies to {applies_to}."),
    "waived": Text("{title}: undantaget genom beslut {reference}.", "{title}: waived by decision {reference}."),
    "and": Text(" och ", " and "),
    "table_h": Text("Programmets krav för {body}", "The programme's demands on {body}"),
    "col_req": Text("Krav", "Demand"),
    "col_area": Text("Del av programmet", "Part of the programme"),
    "col_pos": Text("Ställningstagande", "Position"),
    "col_ev": Text("Underlag", "Evidence"),
    "pos_agree": Text("arbetar redan så", "already works this way"),
    "pos_adapt": Text("anpassning föreslås", "adaptation proposed"),
    "pos_adapt_met": Text("anpassning föreslås; uppfylls redan", "adaptation proposed; already met"),
    "pos_na": Text("berörs inte", "not concerned"),
    "pos_others": Text("riktar sig till andra", "addressed to others"),
    "pos_gap": Text("underlag behövs", "evidence needed"),
    "pos_open": Text("att utreda", "to look into"),
    "pos_waived": Text("undantag genom beslut", "waived by decision"),
    "sources_h": Text("Källor", "Sources"),
    "attachments_h": Text("Bilagor", "Attachments"),
    "no_attachments": Text("Inga bilagor.", "No attachments."),
}

NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    "sv": ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"),
    "en": ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
}

# Who writes, who decides and who is written about, by kind of body.
_NAMND = {
    "sv": {"Author": "Förvaltningen", "author": "förvaltningen", "author_gen": "förvaltningens",
           "Author_gen": "Förvaltningens", "body": "nämnden", "Body": "Nämnden", "body_gen": "nämndens",
           "Body_gen": "Nämndens", "decider": "nämnden", "concerned": "berörd",
           "head": "förvaltningschef"},
    "en": {"Author": "The administration", "author": "the administration", "author_gen": "the administration's",
           "Author_gen": "The administration's", "body": "the committee", "Body": "The committee",
           "body_gen": "the committee's", "Body_gen": "The committee's", "decider": "the committee",
           "concerned": "concerned", "head": "head of administration"},
}
TERMS: dict[str, dict[str, dict[str, str]]] = {
    "facknamnd": _NAMND,
    "stadsdelsnamnd": _NAMND,
    "kommunstyrelse": {
        "sv": {"Author": "Stadsledningskontoret", "author": "stadsledningskontoret",
               "author_gen": "stadsledningskontorets", "Author_gen": "Stadsledningskontorets",
               "body": "kommunstyrelsen", "Body": "Kommunstyrelsen", "body_gen": "kommunstyrelsens",
               "Body_gen": "Kommunstyrelsens", "decider": "kommunstyrelsen", "concerned": "berörd",
               "head": "stadsdirektör"},
        "en": {"Author": "The city executive office", "author": "the city executive office",
               "author_gen": "the city executive office's", "Author_gen": "The city executive office's",
               "body": "the city executive board", "Body": "The city executive board",
               "body_gen": "the city executive board's", "Body_gen": "The city executive board's",
               "decider": "the city executive board", "concerned": "concerned", "head": "city director"}},
    "bolag": {
        "sv": {"Author": "Bolaget", "author": "bolaget", "author_gen": "bolagets", "Author_gen": "Bolagets",
               "body": "bolaget", "Body": "Bolaget", "body_gen": "bolagets", "Body_gen": "Bolagets",
               "decider": "styrelsen", "concerned": "berört", "head": "verkställande direktör"},
        "en": {"Author": "The company", "author": "the company", "author_gen": "the company's",
               "Author_gen": "The company's", "body": "the company", "Body": "The company",
               "body_gen": "the company's", "Body_gen": "The company's", "decider": "the board",
               "concerned": "concerned", "head": "managing director"}},
}


class _Words:
    """The draft's words in one language, with the terms of one kind of body filled in."""

    def __init__(self, lang: Lang, kind: str, sender: str) -> None:
        self.lang = lang
        self.kind = kind
        self.terms = {**TERMS.get(kind, _NAMND)[lang], "sender": sender, "Sender": sender[:1].upper() + sender[1:]}

    def __call__(self, key: str, **values: object) -> str:
        return T[key].get(self.lang).format(**{**self.terms, **values})

    def quote(self, text: str) -> str:
        return f"”{text}”" if self.lang == "sv" else f"“{text}”"

    def plural(self, n: int, one: str, many: str) -> str:
        return one if n == 1 else many

    def number(self, n: int) -> str:
        """Numbers up to twelve in words, as Swedish prose writes them (the neuter "ett": ett krav, ett fall)."""
        return NUMBER_WORDS[self.lang][n] if 0 <= n <= 12 else str(n)


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


def _quote_text(quote: str, w: _Words) -> str:
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
    """The draft for the one body of ``report`` (made by :func:`tsp_rules.check` with its ruleset)."""
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
    w = _Words(lang, info.kind, sender)
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


def _header(info: ProfileInfo, opts: RemissOptions, datum: dt.date, remiss_title: str, w: _Words,
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


def _position(f: Finding, area: _Area, w: _Words) -> str:
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


def _area_blocks(key: str, area: _Area, rules: Ruleset, info: ProfileInfo, datum: dt.date, w: _Words,
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


def _ground_blocks(group: _Group, area_key: str, rules: Ruleset, info: ProfileInfo, datum: dt.date, w: _Words,
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
    from tsp_rules.check import check
    from tsp_rules.profile import load_profile
    from tsp_rules.ruleset import load_ruleset

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


def to_markdown(draft: Draft) -> str:
    """The draft as Markdown. Every text is escaped (profile text such as a body's name or an evidence
    reference must render as that text, never as markup or live HTML), so the draft's structure comes
    only from the blocks."""
    lines: list[str] = []
    for b in draft.blocks:
        text, lead = md(b.text), md(b.lead)
        if b.kind == "title":
            lines += [f"# {text}", ""]
        elif b.kind == "heading":
            lines += [f"{'#' * (b.level + 1)} {text}", ""]
        elif b.kind == "para":
            lines += [f"**{lead}** {text}" if b.lead else text, ""]
        elif b.kind == "note":
            lines += [f"> {text}", ""]
        elif b.kind in ("numbered", "bullets"):
            if b.lead:
                lines += [f"**{lead}**", ""]
            marks = [f"{i}." for i in range(1, len(b.items) + 1)] if b.kind == "numbered" else ["-"] * len(b.items)
            lines += [f"{m} {md(item)}" for m, item in zip(marks, b.items, strict=True)] + [""]
        elif b.kind == "table":
            head, *body = b.rows
            lines.append("| " + " | ".join(md(c) for c in head) + " |")
            lines.append("|" + "---|" * len(head))
            lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in body]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_text(draft: Draft) -> str:
    lines: list[str] = []
    for b in draft.blocks:
        if b.kind == "title":
            lines += [b.text.upper(), "=" * len(b.text), ""]
        elif b.kind == "heading":
            underline = {1: "=", 2: "-"}.get(b.level)
            lines += [b.text] + ([underline * len(b.text)] if underline else []) + [""]
        elif b.kind == "para":
            lines += [f"{b.lead} {b.text}" if b.lead else b.text, ""]
        elif b.kind == "note":
            mark = "OBS" if draft.lang == "sv" else "NOTE"
            lines += [f"{mark}: {b.text}" if b.text in draft.warnings else f"[{b.text}]", ""]
        elif b.kind in ("numbered", "bullets"):
            if b.lead:
                lines.append(b.lead)
            marks = [f"{i}." for i in range(1, len(b.items) + 1)] if b.kind == "numbered" else ["-"] * len(b.items)
            lines += [f"  {m} {item}" for m, item in zip(marks, b.items, strict=True)] + [""]
        elif b.kind == "table":
            head, *body = b.rows
            for row in body:
                lines.append(f"- {row[0]}")
                lines += [f"    {h}: {c}" for h, c in zip(head[1:], row[1:], strict=True)]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_remiss(report: Report, lang: Lang = "sv", options: RemissOptions | None = None) -> str:
    """The draft in Markdown."""
    return to_markdown(remiss_draft(report, lang, options))


def render_remiss_text(report: Report, lang: Lang = "sv", options: RemissOptions | None = None) -> str:
    """The draft in plain text."""
    return to_text(remiss_draft(report, lang, options))


def render_remiss_docx(report: Report, lang: Lang = "sv", options: RemissOptions | None = None) -> bytes:
    """The draft as a Word document (python-docx is imported on first use)."""
    from tsp_rules.renderers.remiss_docx import to_docx

    return to_docx(remiss_draft(report, lang, options), lang)


def plain_texts(draft: Draft) -> Iterable[str]:
    """Every text of the draft, in order (for comparing the formats)."""
    for b in draft.blocks:
        if b.lead:
            yield b.lead
        if b.text:
            yield b.text
        yield from b.items
        for row in b.rows:
            yield from row


__all__ = ["PROPOSALS", "Block", "Draft", "Proposal", "RemissOptions", "as_proposed", "date_words",
           "default_proposal", "draft_for_profile",
           "is_addressee_ground", "is_own", "organ", "plain_texts", "remiss_draft", "render_remiss",
           "render_remiss_docx", "render_remiss_text", "to_markdown", "to_text"]
