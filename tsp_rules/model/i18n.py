"""User-facing words in Swedish (default) and English. Identifiers stay English in both, and stay out of
sentences: a sentence names a thing by its title or label (an id may follow in parentheses).

Every template here is filled by :func:`tsp_rules.texts.fill`: ``{n:d|1 dag|dagar}`` and
``{n:w|en månad|månader}`` agree in number, ISO dates under date keys are written in words. The terms and
the forms to avoid are fixed in ``docs/ordlista.md`` (a test reads its table).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tsp_rules.model import conditions as C
from tsp_rules.texts import Filler, Lang, Text, compiled, fill, organ, quote

if TYPE_CHECKING:
    from tsp_rules.model.ruleset import Ruleset

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
    # the statutory ruleset (lagkrav-kommun)
    "BRF": Text("Brottsförebyggande arbete", "Crime prevention"),
    "KRIS": Text("Krisberedskap och extraordinära händelser", "Crisis preparedness and extraordinary events"),
    "SSK": Text("Säkerhetsskydd", "Protective security"),
    "CYB": Text("Cybersäkerhet", "Cybersecurity"),
    "LSO": Text("Skydd mot olyckor", "Protection against accidents"),
    "AMV": Text("Arbetsmiljö", "Working environment"),
}

CADENCES: dict[str, Text] = {
    "continuous": Text("löpande (ska finnas och vara gällande)", "continuous (must exist and be in force)"),
    "t2": Text("årligen, för det senast rapporterade året", "yearly, for the latest year reported"),
    "term": Text("en gång per mandatperiod", "once per term of office"),
}

MESSAGES: dict[str, Text] = {
    "scope": Text(
        "Skyldigheten gäller {applies_to}. Enligt profilen: {facts}.",
        "The obligation applies to {applies_to}. According to the profile: {facts}.",
    ),
    "exempt": Text(
        "Skyldigheten gäller inte enligt grunden ”{title}”: {rationale}",
        "The obligation does not apply under the ground “{title}”: {rationale}",
    ),
    "waived": Text(
        "Beslut {reference}, fattat av {decided_by} den {decided_on} och giltigt till och med {valid_until}: "
        "{justification}",
        "Decision {reference}, made by {decided_by} on {decided_on} and valid until {valid_until}: "
        "{justification}",
    ),
    "unknown_traits": Text(
        "{said} Uppgifter som saknas räknas aldrig som uppfyllda.",
        "{said} Missing data never counts as met.",
    ),
    "no_evidence_data": Text(
        "Profilen redovisar inga underlag alls (avsnittet ”evidence” saknas), så kravet kan inte bedömas.",
        "The profile lists no evidence at all (the “evidence” section is missing), so the requirement "
        "cannot be assessed.",
    ),
    "tailored": Text(
        "Kravet är anpassat enligt grunden ”{title}”: {requirement}",
        "The requirement is tailored by the ground “{title}”: {requirement}",
    ),
    "evidence_ok": Text(
        "{kind} ”{reference}” ({date}) uppfyller kravet.",
        "{kind} “{reference}” ({date}) meets the requirement.",
    ),
    "evidence_ok_inherited": Text(
        "{kind} ”{reference}” ({date}) uppfyller kravet; dokumentet kommer från {issued_by} och är från tiden "
        "före {merger} {merged_on}.",
        "{kind} “{reference}” ({date}) meets the requirement; the document is from {issued_by} and predates "
        "{merger} on {merged_on}.",
    ),
    "no_evidence": Text("Det finns inget underlag av slaget {kinds}.", "There is no evidence of the kind {kinds}."),
    "stale": Text(
        "{kind} ”{reference}” är från {date}, {age_days:d|1 dag|dagar} före kontrolldatumet; underlaget får vara "
        "högst {max_months:m|en månad|månader} gammalt (det äldsta godtagbara datumet är {oldest}).",
        "{kind} “{reference}” is from {date}, {age_days:d|1 day|days} before the check date; the evidence may "
        "be at most {max_months:m|one month|months} old (the oldest acceptable date is {oldest}).",
    ),
    "future": Text(
        "{kind} ”{reference}” har datumet {date}, som ligger efter kontrolldatumet, och räknas därför inte.",
        "{kind} “{reference}” is dated {date}, after the check date, and does not count.",
    ),
    "expired": Text(
        "{kind} ”{reference}” gällde bara till och med {valid_until}.",
        "{kind} “{reference}” was valid only until {valid_until}.",
    ),
    "t2_year": Text(
        "{kind} ”{reference}” avser {year}; tertialrapport 2 för {required_year} krävs (från {t2_date}).",
        "{kind} “{reference}” covers {year}; tertialrapport 2 for {required_year} is required (from {t2_date}).",
    ),
    "term": Text(
        "{kind} ”{reference}” ({date}) hör till en tidigare mandatperiod; mandatperioden efter valet "
        "{election_year} började {term_start} och dess underlag skulle finnas senast {due}.",
        "{kind} “{reference}” ({date}) belongs to an earlier term; the term after the {election_year} election "
        "began on {term_start} and its evidence was due by {due}.",
    ),
    "content": Text(
        "{kind} ”{reference}” ({date}) uppfyller inte kravet på innehållet, att {condition}.",
        "{kind} “{reference}” ({date}) does not meet the requirement on its contents, that {condition}.",
    ),
    # warnings
    "waiver_expired": Text(
        "Beslutet ”{reference}” om ”{title}” ({obligation}) löpte ut den {valid_until} och har inte beaktats.",
        "The decision “{reference}” on “{title}” ({obligation}) expired on {valid_until} and was not applied.",
    ),
    "waiver_expiring": Text(
        "Beslutet ”{reference}” om ”{title}” ({obligation}) går ut den {valid_until} "
        "(om {days_left:d|1 dag|dagar}).",
        "The decision “{reference}” on “{title}” ({obligation}) expires on {valid_until} "
        "(in {days_left:d|1 day|days}).",
    ),
    "waiver_not_yet_valid": Text(
        "Beslutet ”{reference}” om ”{title}” ({obligation}) är fattat den {decided_on}, efter kontrolldatumet, "
        "och har inte räknats.",
        "The decision “{reference}” on “{title}” ({obligation}) was made on {decided_on}, after the check date, "
        "and was not applied.",
    ),
    "waiver_superseded": Text(
        "Beslutet ”{reference}” om ”{title}” ({obligation}) ersätts av beslutet ”{by}”, som gäller längre.",
        "The decision “{reference}” on “{title}” ({obligation}) is superseded by the decision “{by}”, which is valid "
        "longer.",
    ),
    "action_not_needed": Text(
        "Åtgärden ”{description}” om ”{title}” ({obligation}) behövs inte för {name}: skyldigheten är {status}.",
        "The action “{description}” on “{title}” ({obligation}) is not needed for {name}: the obligation is "
        "{status}.",
    ),
    "waiver_not_applicable": Text(
        "Beslutet ”{reference}” om ”{title}” ({obligation}) har inte behövts för {name}: skyldigheten är inte "
        "tillämplig, eftersom {why}.",
        "The decision “{reference}” on “{title}” ({obligation}) was not needed for {name}: the obligation does not "
        "apply, because {why}.",
    ),
    "superseded": Text(
        "Skyldigheten hör till {part}, som gällde till och med {valid_to}{replaced_words}. {in_check_words}{law_note}",
        "The obligation belongs to {part}, which applied until {valid_to}{replaced_words}. {in_check_words}{law_note}",
    ),
    "not_yet_in_force": Text(
        "Skyldigheten hör till {part}, som gäller från och med {valid_from}. Den prövas därför inte vid detta "
        "kontrolldatum.",
        "The obligation belongs to {part}, which applies from {valid_from}. It is therefore not checked on this "
        "date.",
    ),
    "parts_superseded": Text(
        "Per {as_of} hade {part} ersatts av {superseded_by}; de skyldigheterna redovisas som ej tillämpliga "
        "från och med {replaced_on}.",
        "As of {as_of}, {part} had been replaced by {superseded_by}; those obligations are reported as not "
        "applicable from {replaced_on}.",
    ),
    "profile_data_unused": Text(
        "{name} har uppgifter som inget av regelverken i kontrollen använder ({items}): de hör till {rulesets}, "
        "som inte gäller per {as_of}, och har lämnats utanför kontrollen.",
        "{name} has data that none of the rulesets of the check uses ({items}): it belongs to {rulesets}, which "
        "is not in force as of {as_of}, and was left out of the check.",
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
    "as_of_outside_period_of": Text(
        "Kontrolldatumet {as_of} ligger utanför giltighetstiden för regelverket {ruleset}, {valid_from} – "
        "{valid_to}.",
        "The check date {as_of} is outside the period of the ruleset {ruleset}, {valid_from} – {valid_to}.",
    ),
    "as_of_outside_period": Text(
        "Kontrolldatumet {as_of} ligger utanför regelverkets giltighetstid, {valid_from} – {valid_to}.",
        "The check date {as_of} is outside the ruleset's period, {valid_from} – {valid_to}.",
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
    "yes": Text("ja", "yes"),
    "no": Text("nej", "no"),
    "unknown": Text("okänt", "unknown"),
    "months": Text("inte äldre än {months:m|en månad|månader}", "at most {months:m|one month|months} old"),
}

CONDITIONS: dict[str, Text] = {
    "not": Text("det inte gäller att {item}", "it is not the case that {item}"),
    "is": Text("{noun} är {value}", "{noun} is {value}"),
    "in": Text("{noun} är {value}", "{noun} is {value}"),
    "not_is": Text("{noun} inte är {value}", "{noun} is not {value}"),
    "not_in": Text("{noun} inte är {value}", "{noun} is not {value}"),
    "contains": Text("{noun} omfattar {value}", "{value} is among {noun}"),
    "contains_any": Text("{noun} omfattar {value}", "{value} is among {noun}"),
    "contains_all": Text("{noun} omfattar {value}", "{value} are among {noun}"),
    "not_contains": Text("{noun} inte omfattar {value}", "{value} is not among {noun}"),
    "not_contains_any": Text("{noun} inte omfattar {value}", "{value} is not among {noun}"),
    "empty": Text("ingenting anges för {noun}", "nothing is given for {noun}"),
    "nonempty": Text("något anges för {noun}", "something is given for {noun}"),
    "lt": Text("{noun} är mindre än {value}", "{noun} is less than {value}"),
    "lte": Text("{noun} är högst {value}", "{noun} is at most {value}"),
    "gt": Text("{noun} är större än {value}", "{noun} is greater than {value}"),
    "gte": Text("{noun} är minst {value}", "{noun} is at least {value}"),
    "bool_fallback": Text("uppgiften ”{title}” är {value}", "the item “{title}” is {value}"),
}
"""Condition phrases: ``noun`` is the trait's or field's name in running text, ``value`` its label. Each
is a Swedish subordinate clause (negation before the verb), because a condition always follows "när" or
"att" ("när nämnden inte omfattas av säkerhetsskyddslagen", "kravet att innehållet omfattar …")."""

WHY: dict[str, Text] = {
    "ground": Text("undantagsgrunden ”{ground}” gäller", "the exemption ground “{ground}” holds"),
    "superseded": Text("den hör till {part}, som hade ersatts vid kontrolldatumet",
                       "it belongs to {part}, which had been replaced by the check date"),
    "not_yet_in_force": Text("den hör till {part}, som ännu inte gällde vid kontrolldatumet",
                             "it belongs to {part}, which was not yet in force on the check date"),
    "scope": Text("dess tillämpningsområde inte omfattar {name}", "its scope does not cover {name}"),
}
"""Why a decision's obligation does not apply to the body (the clause after "eftersom" in the warning
``waiver_not_applicable``): an exempting ground, the part of the programme or the law's period, or the
obligation's own scope."""

TABLES: dict[str, Mapping[str, Text]] = {
    "messages": MESSAGES, "explanations": EXPLANATIONS, "conditions": CONDITIONS, "cadences": CADENCES,
    "words": WORDS, "status": STATUS_LABELS, "why": WHY,
}
"""Every template table of this module (the language test renders each)."""


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
    """The message of a reason or warning with this code, filled with ``data`` (each template compiled once
    per language: :func:`tsp_rules.texts.compiled`)."""
    filler = _MESSAGE_FILLERS.get((code, lang))
    if filler is None:
        filler = _MESSAGE_FILLERS[code, lang] = compiled(MESSAGES[code].get(lang), lang)
    return filler(data)


_MESSAGE_FILLERS: dict[tuple[str, Lang], Filler] = {}


def cadence_label(kind: str, months: int, lang: Lang) -> str:
    if kind == "within":
        return fill(WORDS["months"], lang, months=months)
    return CADENCES[kind].get(lang)


def join_words(items: list[str], lang: Lang, word: str = "and") -> str:
    """'a, b och c' / 'a, b and c' (no serial comma in either)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {WORDS[word].get(lang)} {items[-1]}"


def value_label(ruleset: Ruleset | None, name: str, value: Any, lang: Lang) -> str:
    """A trait's or field's value as its label says it (never the value's identifier where a label exists)."""
    if isinstance(value, (frozenset, tuple, list)):
        items = sorted(value) if isinstance(value, frozenset) else list(value)
        return join_words([value_label(ruleset, name, v, lang) for v in items], lang)
    labels = ruleset.labels(name).values if ruleset is not None else {}
    if isinstance(value, bool):
        return WORDS["yes" if value else "no"].get(lang)
    if str(value) in labels:
        return labels[str(value)].get(lang)
    return str(value)


def title_of(ruleset: Ruleset | None, name: str, lang: Lang) -> str:
    title = ruleset.labels(name).title if ruleset is not None else None
    return title.get(lang) if title is not None else name


def noun_of(ruleset: Ruleset | None, name: str, lang: Lang) -> str:
    labels = ruleset.labels(name) if ruleset is not None else None
    if labels is not None and labels.noun is not None:
        return labels.noun.get(lang)
    return quote(title_of(ruleset, name, lang), lang)


def describe(cond: C.Condition, ruleset: Ruleset | None, lang: Lang, kind: str | None = None) -> str:
    """A condition in words, e.g. 'nämnden har inget geografiskt ansvarsområde och risken för olyckor är
    låg'. ``kind`` is the body's kind where one is known ({organ} in value labels), else a neutral form."""
    if isinstance(cond, C.Not):
        inner = cond.item
        if isinstance(inner, C.Leaf) and (isinstance(inner.value, bool) or f"not_{inner.op}" in CONDITIONS):
            return _leaf(inner, ruleset, lang, kind, negated=True)
        return fill(CONDITIONS["not"], lang, item=describe(inner, ruleset, lang, kind))
    if isinstance(cond, (C.All, C.AnyOf)):
        word = "and" if isinstance(cond, C.All) else "or"
        parts = []
        for item in _merge_contains(cond.items):
            if isinstance(item, list):  # one field's values, said once: "innehållet omfattar a och b"
                shown = join_words([value_label(ruleset, item[0].subject, leaf.value, lang) for leaf in item],
                                   lang, word)
                parts.append(fill(CONDITIONS["contains_all" if word == "and" else "contains_any"], lang,
                                  noun=noun_of(ruleset, item[0].subject, lang), value=shown))
                continue
            text = describe(item, ruleset, lang, kind)
            parts.append(f"({text})" if isinstance(item, (C.All, C.AnyOf)) and len(item.items) > 1 else text)
        return join_words(parts, lang, word)
    return _leaf(cond, ruleset, lang, kind)


def _merge_contains(items: tuple[C.Condition, ...]) -> list[C.Condition | list[C.Leaf]]:
    """The items, with two or more ``contains`` leaves on one field (single values) gathered in a list at the
    place of the first, so that the field is named once."""
    groups: dict[str, list[C.Leaf]] = {}
    for item in items:
        if isinstance(item, C.Leaf) and item.op == "contains" and not isinstance(item.value, tuple):
            groups.setdefault(item.subject, []).append(item)
    out: list[C.Condition | list[C.Leaf]] = []
    for item in items:
        if isinstance(item, C.Leaf) and len(groups.get(item.subject, ())) > 1 and item in groups[item.subject]:
            if item is groups[item.subject][0]:
                out.append(groups[item.subject])
            continue
        out.append(item)
    return out


def _leaf(cond: C.Leaf, ruleset: Ruleset | None, lang: Lang, kind: str | None, negated: bool = False) -> str:
    name, value = cond.subject, cond.value
    labels = ruleset.labels(name).values if ruleset is not None else {}
    if cond.op == "is_empty" and isinstance(value, bool) and negated:
        value, negated = not value, False
    if cond.op == "is" and isinstance(value, bool):
        if negated:
            value = not value
        key = "true" if value else "false"
        if key in labels:
            return organ(labels[key], kind).get(lang)
        return fill(CONDITIONS["bool_fallback"], lang, title=title_of(ruleset, name, lang),
                    value=WORDS["yes" if value else "no"].get(lang))
    noun = noun_of(ruleset, name, lang)
    if cond.op == "is_empty":
        return fill(CONDITIONS["empty" if value else "nonempty"], lang, noun=noun)
    if isinstance(value, tuple):
        shown = join_words([value_label(ruleset, name, v, lang) for v in value], lang, "or")
    else:
        shown = value_label(ruleset, name, value, lang)
    return fill(CONDITIONS[f"not_{cond.op}" if negated else cond.op], lang, noun=noun, value=shown)
