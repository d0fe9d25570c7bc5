"""The remiss draft's words: templates in Swedish and English, and the terms of each kind of body (who
writes, who decides, who is written about)."""

from __future__ import annotations

from tsp_rules import texts
from tsp_rules.cycle.remiss.blocks import Said
from tsp_rules.model.ruleset import Lang, Text


def organ(text: str, kind: str, lang: Lang) -> str:
    """``text`` with the ruleset's ``{organ}`` / ``{Organ}`` replaced by the body's kind (see
    :func:`tsp_rules.texts.organ`)."""
    return texts.organ(Text(text, text), kind).get(lang)


# -------------------------------------------------------------------------------------------- words

T: dict[str, Text] = {
    # the header and the decision (the document's form)
    "doc": Text("Tjänsteutlåtande", "Officer's report"),
    "dnr": Text("Dnr {dnr}", "Ref. {dnr}"),
    "dnr_missing": Text("[diarienummer]", "[reference number]"),
    "handlaggare": Text("Handläggare: {name}", "Officer: {name}"),
    "handlaggare_missing": Text("[handläggarens namn]", "[officer's name]"),
    "forvaltning_missing": Text("[förvaltningens namn]", "[administration's name]"),
    "to": Text("Till {to}", "To {to}"),
    "to_board": Text("styrelsen för {name}", "the board of {name}"),
    "remiss_line": Text("Remiss från {sender}, dnr {dnr}", "Consultation from {sender}, ref. {dnr}"),
    "decision_h": Text("{Author_gen} förslag till beslut", "{Author_gen} proposed decision"),
    "d_overlamna": Text("Överlämna {author_gen} tjänsteutlåtande till {sender} som svar på remissen.",
                        "Submit {author_gen} report to {sender} as the response to the consultation."),
    "d_tillstyrka": Text("Tillstyrka förslaget till {programme}.", "Support the proposed {programme}."),
    "d_avstyrka": Text("Avstyrka förslaget till {programme}.", "Oppose the proposed {programme}."),
    "d_views": Text("Överlämna {author_gen} synpunkter till {sender}.", "Submit {author_gen} views to {sender}."),
    "d_ks": Text("Beakta stadsledningskontorets synpunkter i det fortsatta arbetet med programmet.",
                 "Take the city executive office's views into account in the further work on the programme."),
    "signature": Text("[namn], {head}", "[name], {head}"),
    "summary_h": Text("Sammanfattning", "Summary"),
    "s_intro": Text("{Sender} har remitterat förslaget till {remiss_title} till bland andra {name}.",
                    "{Sender} has sent its proposal, {remiss_title}, for consultation to, among others, {name}."),
    "s_intro_ks": Text("Stadsledningskontoret har tagit fram förslaget till {remiss_title}.",
                       "The city executive office has drafted the proposed {remiss_title}."),
    "s_evidence": Text("Tjänsteutlåtandet redovisar det underlag som {body} har i dag, ordnat efter programmets "
                       "delar.",
                       "This report sets out the evidence {body} has today, by the parts of the programme."),
    "s_placeholder": Text("[Här sammanfattar {author} sin bedömning av förslaget.]",
                          "[Here {author} summarises its assessment of the proposal.]"),
    "background_h": Text("Bakgrund", "Background"),
    "views_h": Text("{Author_gen} synpunkter och förslag", "{Author_gen} views and proposals"),
    "v_evidence": Text("{Body} har i dag följande underlag som rör den här delen av programmet:",
                       "{Body} has the following evidence on this part of the programme today:"),
    "v_placeholder": Text("[Här skriver {author} sina synpunkter på programmet.]",
                          "[Here {author} writes its views on the programme.]"),
    "attachments_h": Text("Bilagor", "Attachments"),
    "no_attachments": Text("Inga bilagor.", "No attachments."),
    # the note for the handläggare (not part of the tjänsteutlåtande)
    "note_h": Text("Anteckning för handläggaren", "Note for the officer"),
    "note_intro": Text(
        "Anteckningen ingår inte i tjänsteutlåtandet och ska tas bort innan det skickas. Den visar vad "
        "tjänsteutlåtandets text vilar på och vad regelverket {ruleset} {version} säger om {body_gen} underlag. "
        "Regelverkets tolkningar och anpassningar är inte {author_gen} ställningstaganden; vill {author} göra dem "
        "till sina, skriver handläggaren in dem i tjänsteutlåtandet.",
        "This note is not part of the report and must be removed before it is sent. It shows what the report's "
        "text rests on and what the ruleset {ruleset} {version} says about {body_gen} evidence. The ruleset's "
        "interpretations and adaptations are not {author_gen} positions; if {author} wants to adopt them, the "
        "officer writes them into the report."),
    "note_draft": Text("Utkastet är skrivet av tsp-check och ska granskas och bearbetas innan det används.",
                       "The draft was written by tsp-check and must be reviewed and edited before use."),
    "note_record": Text("Sammanfattningen och synpunkterna återger {author_gen} remissvar: {document}.",
                        "The summary and views restate {author_gen} consultation answer: {document}."),
    "note_record_later": Text(
        "{Author_gen} remissvar ({document}) kom efter tjänsteutlåtandets datum och används därför inte.",
        "{Author_gen} consultation answer ({document}) is dated after this report and is therefore not used."),
    "illustrative": Text("Profilen är illustrativ: dess underlag är exempel och inte en verklig bedömning.",
                         "The profile is illustrative: its evidence consists of examples, not a real assessment."),
    "outside_period": Text(
        "Kontrollera datumet: tjänsteutlåtandet har datumet {datum} (dagens datum), som ligger utanför remisstiden "
        "{start}–{end}.",
        "Check the date: the report is dated {datum} (today), outside the consultation period {start}–{end}."),
    "period_end_unknown": Text(
        "Kontrollera datumet: tjänsteutlåtandet har datumet {datum} (dagens datum). Remisstiden räknas från {start}, "
        "men när den slutade är okänt, så det går inte att säga om datumet ligger inom den.",
        "Check the date: the report is dated {datum} (today). The consultation period is counted from {start}, but "
        "its end is unknown, so whether the date is within it cannot be said."),
    "before_period_end_unknown": Text(
        "Kontrollera datumet: tjänsteutlåtandet har datumet {datum} (dagens datum), som ligger före remisstiden. "
        "Remisstiden räknas från {start}; när den slutade är okänt.",
        "Check the date: the report is dated {datum} (today), before the consultation period. The period is "
        "counted from {start}; its end is unknown."),
    "rests_h": Text("Vad tjänsteutlåtandets text vilar på", "What the report's text rests on"),
    "rests_remiss": Text("{start} – {document}, avsnitt {section}: {quotes}",
                         "{start} – {document}, section {section}: {quotes}"),
    "rests_evidence": Text("{start} – {body_gen} underlag: {reference}", "{start} – {body_gen} evidence: {reference}"),
    "table_h": Text("Regelverkets bedömning av {body_gen} underlag per {as_of}",
                    "The ruleset's assessment of {body_gen} evidence as of {as_of}"),
    "col_req": Text("Krav i programmet", "Demand of the programme"),
    "col_area": Text("Del av programmet", "Part of the programme"),
    "col_pos": Text("Regelverkets bedömning", "The ruleset's assessment"),
    "col_ev": Text("Underlag", "Evidence"),
    "pos_met": Text("underlaget visar kravet", "the evidence shows the demand"),
    "pos_adapt_met": Text("anpassat krav; underlaget visar det", "adapted demand; the evidence shows it"),
    "pos_adapt": Text("anpassat krav; underlag saknas i profilen", "adapted demand; no evidence in the profile"),
    "pos_na": Text("gäller inte {body} enligt regelverket", "does not apply to {body} by the ruleset"),
    "pos_others": Text("riktar sig till andra", "addressed to others"),
    "pos_gap": Text("underlag saknas i profilen", "no evidence in the profile"),
    "pos_stated": Text("remissvaret anger att det finns", "the consultation answer says it exists"),
    "pos_open": Text("kan inte bedömas: uppgift saknas", "cannot be assessed: information missing"),
    "pos_waived": Text("undantag genom beslut", "waived by decision"),
    "grounds_h": Text("Regelverkets anpassningar för {body}", "The ruleset's adaptations for {body}"),
    "grounds_intro": Text(
        "Regelverket anpassar eller lyfter följande krav för {body}. Det är regelverkets tolkning; den ingår inte i "
        "tjänsteutlåtandet.",
        "The ruleset adapts or lifts the following demands for {body}. This is the ruleset's interpretation; it is "
        "not part of the report."),
    "g_tailor": Text("Kravet {title} avser enligt regelverket: {requirement}.",
                     "By the ruleset, the demand {title} means: {requirement}."),
    "g_lift_one": Text("Kravet {titles} gäller inte {body} enligt regelverket.",
                       "By the ruleset, the demand {titles} does not apply to {body}."),
    "g_lift_many": Text("Kraven {titles} gäller inte {body} enligt regelverket.",
                        "By the ruleset, the demands {titles} do not apply to {body}."),
    "g_sources": Text("Källor (de som fanns {datum}):", "Sources (those that existed on {datum}):"),
    "gaps_h": Text("Krav som profilen saknar underlag för", "Demands the profile has no evidence for"),
    "gap_later": Text("{title}: regelverkets krav på underlag bygger på källor från tiden efter {datum}.",
                      "{title}: the ruleset's evidence demand rests on sources from after {datum}."),
    "open_h": Text("Att utreda innan förvaltningen tar ställning", "To look into before a position is taken"),
    "and": Text(" och ", " and "),
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

    def said(self, key: str, **values: object) -> Said:
        """A text of the document's form: the template ``key`` filled in."""
        return Said(self(key, **values), "form", source=key)

    def quote(self, text: str) -> str:
        return f"”{text}”" if self.lang == "sv" else f"“{text}”"

    def plural(self, n: int, one: str, many: str) -> str:
        return one if n == 1 else many

    def number(self, n: int) -> str:
        """Numbers up to twelve in words, as Swedish prose writes them (the neuter "ett": ett krav, ett fall)."""
        return NUMBER_WORDS[self.lang][n] if 0 <= n <= 12 else str(n)


