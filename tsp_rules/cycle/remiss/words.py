"""The remiss draft's words: templates in Swedish and English, and the terms of each kind of body (who
writes, who decides, who is written about)."""

from __future__ import annotations

from tsp_rules import texts
from tsp_rules.model.ruleset import Lang, Text


def organ(text: str, kind: str, lang: Lang) -> str:
    """``text`` with the ruleset's ``{organ}`` / ``{Organ}`` replaced by the body's kind (see
    :func:`tsp_rules.texts.organ`)."""
    return texts.organ(Text(text, text), kind).get(lang)


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


class Words:
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


