"""User-facing words in Swedish (default) and English. Identifiers stay English in both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tsp_rules import conditions as C
from tsp_rules.ruleset import Lang, Text

STATUS_LABELS: dict[str, Text] = {
    "met": Text("uppfyllt", "met"),
    "gap": Text("brist", "gap"),
    "not_assessed": Text("ej bedömt", "not assessed"),
    "not_applicable": Text("ej tillämpligt", "not applicable"),
    "waived": Text("undantaget genom beslut", "waived"),
}

FOCUS_AREAS: dict[str, Text] = {
    "ARB": Text("Arbetssätt", "Working methods"),
    "FO1": Text("Fokusområde 1: Förebygga olyckor", "Focus area 1: Preventing accidents"),
    "FO2": Text("Fokusområde 2: Förebygga brott", "Focus area 2: Preventing crime"),
    "FO3": Text("Fokusområde 3: Förebygga otillåten påverkan samt hot och våld",
                "Focus area 3: Preventing undue influence, threats and violence"),
    "FO4": Text("Fokusområde 4: Bygga motståndskraft och krishanteringsförmåga",
                "Focus area 4: Building resilience and crisis management capability"),
    "FO5": Text("Fokusområde 5: Bygga ett gott säkerhetsskydd", "Focus area 5: Building good protective security"),
    "KS": Text("Kommunstyrelsens samordning", "The city executive board's coordination"),
}

CADENCES: dict[str, Text] = {
    "continuous": Text("löpande (ska finnas och vara gällande)", "continuous (must exist and be in force)"),
    "t2": Text("med tertialrapport 2 för året", "with tertialrapport 2 of the year"),
    "term": Text("en gång per mandatperiod", "once per four-year term"),
}

MESSAGES: dict[str, Text] = {
    "scope": Text(
        "Skyldigheten gäller {applies_to}. Enligt profilen: {facts}.",
        "The obligation applies to {applies_to}. According to the profile: {facts}.",
    ),
    "exempt": Text(
        "Undantagsgrund '{ground}' ({title}): {rationale}",
        "Exemption ground '{ground}' ({title}): {rationale}",
    ),
    "waived": Text(
        "Beviljat beslut {reference} av {decided_by} den {decided_on}, giltigt till {valid_until}: {justification}",
        "Decision {reference} granted by {decided_by} on {decided_on}, valid until {valid_until}: {justification}",
    ),
    "unknown_traits": Text(
        "Profilen saknar uppgift om {traits}, som avgör om eller hur skyldigheten gäller. "
        "Saknade uppgifter räknas aldrig som uppfyllda.",
        "The profile does not state {traits}, which decide whether or how the obligation applies. "
        "Missing data never counts as met.",
    ),
    "no_evidence_data": Text(
        "Profilen redovisar inga underlag alls (fältet 'evidence' saknas), så kravet kan inte bedömas.",
        "The profile lists no evidence at all (the 'evidence' field is missing), so the requirement "
        "cannot be assessed.",
    ),
    "tailored": Text(
        "Kravet är anpassat enligt grund '{ground}' ({title}): {requirement}",
        "The requirement is tailored by ground '{ground}' ({title}): {requirement}",
    ),
    "evidence_ok": Text(
        "{kind} '{reference}' ({date}) uppfyller kravet.",
        "{kind} '{reference}' ({date}) meets the requirement.",
    ),
    "no_evidence": Text("Det finns inget underlag av slaget {kinds}.", "There is no evidence of the kind {kinds}."),
    "stale": Text(
        "{kind} '{reference}' är från {date}, {age_days} dagar gammalt; kadensen tillåter högst {max_months} "
        "månader (äldsta godtagbara datum {oldest}).",
        "{kind} '{reference}' is from {date}, {age_days} days old; the cadence allows at most {max_months} "
        "months (oldest acceptable date {oldest}).",
    ),
    "future": Text(
        "{kind} '{reference}' är daterat {date}, efter kontrolldatumet, och räknas inte.",
        "{kind} '{reference}' is dated {date}, after the check date, and does not count.",
    ),
    "expired": Text(
        "{kind} '{reference}' gällde bara till {valid_until}.",
        "{kind} '{reference}' was valid only until {valid_until}.",
    ),
    "t2_year": Text(
        "{kind} '{reference}' avser {year}; tertialrapport 2 för {required_year} krävs (från {t2_date}).",
        "{kind} '{reference}' covers {year}; tertialrapport 2 for {required_year} is required (from {t2_date}).",
    ),
    "term": Text(
        "{kind} '{reference}' ({date}) hör till en tidigare mandatperiod; mandatperioden efter valet "
        "{election_year} började {term_start} och dess analys skulle finnas senast {due}.",
        "{kind} '{reference}' ({date}) belongs to an earlier term; the term after the {election_year} election "
        "began on {term_start} and its analysis was due by {due}.",
    ),
    "content": Text(
        "{kind} '{reference}' ({date}) uppfyller inte innehållskravet: {condition}.",
        "{kind} '{reference}' ({date}) does not meet the content requirement: {condition}.",
    ),
    # warnings
    "waiver_expired": Text(
        "Beslut {reference} för {obligation} gick ut {valid_until} och har inte räknats.",
        "Decision {reference} for {obligation} expired on {valid_until} and was not applied.",
    ),
    "waiver_expiring": Text(
        "Beslut {reference} för {obligation} går ut {valid_until} (om {days_left} dagar).",
        "Decision {reference} for {obligation} expires on {valid_until} (in {days_left} days).",
    ),
    "waiver_not_yet_valid": Text(
        "Beslut {reference} för {obligation} är fattat {decided_on}, efter kontrolldatumet, och har inte räknats.",
        "Decision {reference} for {obligation} was made on {decided_on}, after the check date, and was not applied.",
    ),
    "waiver_superseded": Text(
        "Beslut {reference} för {obligation} ersätts av {by}, som gäller längre.",
        "Decision {reference} for {obligation} is superseded by {by}, which is valid longer.",
    ),
    "waiver_not_applicable": Text(
        "Beslut {reference} gäller {obligation}, som ändå inte är tillämplig för {profile}.",
        "Decision {reference} covers {obligation}, which does not apply to {profile} anyway.",
    ),
    "superseded": Text(
        "Skyldigheten hör till {part}, som gällde till och med {valid_to} och ersattes av {superseded_by}. "
        "Den prövas därför inte mot detta program vid detta kontrolldatum.{law_note}",
        "The obligation belongs to {part}, which applied until {valid_to} and was replaced by {superseded_by}. "
        "It is therefore not checked against this programme on this date.{law_note}",
    ),
    "not_yet_in_force": Text(
        "Skyldigheten hör till {part}, som gäller från och med {valid_from}. Den prövas därför inte vid detta "
        "kontrolldatum.",
        "The obligation belongs to {part}, which applies from {valid_from}. It is therefore not checked on this "
        "date.",
    ),
    "parts_superseded": Text(
        "Per {as_of} hade {part} ersatts av {superseded_by} (från och med {replaced_on}); de skyldigheterna "
        "redovisas som ej tillämpliga.",
        "As of {as_of}, {part} had been replaced by {superseded_by} (from {replaced_on}); those obligations are "
        "reported as not applicable.",
    ),
    "body_ceased": Text(
        "{name} upphörde den {ended} och kontrolleras inte per {as_of_words}.",
        "{name} ceased on {ended} and is not checked as of {as_of_words}.",
    ),
    "body_ceased_succeeded": Text(
        "{name} upphörde den {ended} (ersatt av {successor_name}) och kontrolleras inte per {as_of_words}.",
        "{name} ceased on {ended} (succeeded by {successor_name}) and is not checked as of {as_of_words}.",
    ),
    "body_not_yet_existing": Text(
        "{name} finns först från den {begins} och kontrolleras inte per {as_of_words}.",
        "{name} exists only from {begins} and is not checked as of {as_of_words}.",
    ),
    "no_body_exists": Text(
        "Ingen av de angivna nämnderna och bolagen fanns per {as_of_words}, så ingenting har kontrollerats.",
        "None of the given committees and companies existed on {as_of_words}, so nothing was checked.",
    ),
    "as_of_outside_period": Text(
        "Kontrolldatumet {as_of} ligger utanför regelverkets giltighetstid {valid_from} – {valid_to}.",
        "The check date {as_of} is outside the ruleset's period {valid_from} – {valid_to}.",
    ),
}

EXPLANATIONS: dict[str, Text] = {
    "met": Text("Uppfyllt: {title}.", "Met: {title}."),
    "gap": Text("Brist: {title}. Krav: {requirement}.", "Gap: {title}. Requirement: {requirement}."),
    "not_assessed": Text("Ej bedömt: {title}.", "Not assessed: {title}."),
    "not_applicable": Text("Ej tillämpligt: {title}.", "Not applicable: {title}."),
    "waived": Text("Undantaget genom beslut: {title}.", "Waived by decision: {title}."),
}

WORDS: dict[str, Text] = {
    "and": Text("och", "and"),
    "or": Text("eller", "or"),
    "not": Text("inte", "not"),
    "yes": Text("ja", "yes"),
    "no": Text("nej", "no"),
    "contains": Text("omfattar", "includes"),
    "contains_any": Text("omfattar något av", "includes any of"),
    "one_of": Text("är något av", "is one of"),
    "empty": Text("är tom", "is empty"),
    "nonempty": Text("är inte tom", "is not empty"),
    "unknown": Text("okänt", "unknown"),
    "months": Text("senast {months} månader gammalt", "at most {months} months old"),
    "one_month": Text("senast en månad gammalt", "at most one month old"),
}


def localize(value: Any, lang: Lang) -> Any:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, bool):
        return WORDS["yes" if value else "no"].get(lang)
    if isinstance(value, (list, tuple, frozenset)):
        items = sorted(value) if isinstance(value, frozenset) else value
        return ", ".join(str(localize(v, lang)) for v in items)
    return value


def message(code: str, data: Mapping[str, Any], lang: Lang) -> str:
    template = MESSAGES[code].get(lang)
    return template.format(**{k: localize(v, lang) for k, v in data.items()})


def cadence_label(kind: str, months: int, lang: Lang) -> str:
    if kind == "within":
        if months == 1:
            return WORDS["one_month"].get(lang)
        return WORDS["months"].get(lang).format(months=months)
    return CADENCES[kind].get(lang)


def describe(cond: C.Condition, titles: Mapping[str, Text], lang: Lang) -> str:
    """A condition in words, e.g. 'Geografiskt ansvarsområde: nej och Utövar myndighet: ja'."""
    w = {k: v.get(lang) for k, v in WORDS.items()}
    if isinstance(cond, C.Not):
        return f"{w['not']} ({describe(cond.item, titles, lang)})"
    if isinstance(cond, (C.All, C.AnyOf)):
        joiner = f" {w['and'] if isinstance(cond, C.All) else w['or']} "
        parts = [describe(item, titles, lang) for item in cond.items]
        return joiner.join(f"({p})" if (" och " in p or " and " in p or " eller " in p or " or " in p) else p
                           for p in parts)
    title = titles[cond.subject].get(lang) if cond.subject in titles else cond.subject
    value = localize(cond.value, lang)
    if cond.op == "is":
        return f"{title}: {value}"
    if cond.op == "in":
        return f"{title} {w['one_of']} {value}"
    if cond.op in ("contains", "contains_any"):
        return f"{title} {w[cond.op]} {value}"
    if cond.op == "is_empty":
        return f"{title} {w['empty'] if cond.value else w['nonempty']}"
    symbol = {"lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}[cond.op]
    return f"{title} {symbol} {value}"
