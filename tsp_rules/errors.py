"""The exception hierarchy: one root, input errors that carry every located problem, internal errors.

Every message of an input or usage error is a template of :data:`ERRORS`, in Swedish and English; a
:class:`Problem` keeps both, and is shown in the error language (:func:`tsp_rules.texts.error_language`,
Swedish unless ``--lang en`` or ``lang="en"`` chose English).
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import Any

import attrs

from tsp_rules.texts import Lang, Text, code_quote, current_error_language, fill_both, shorten, show

T = Text
ERRORS: dict[str, Text] = {
    # reading files
    "too_large": T("filen är {size:n} byte; gränsen är {limit:n} byte",
                   "file is {size} bytes; the limit is {limit}"),
    "skipped_file": T("{path}: hoppades över: {reason}", "{path}: skipped: {reason}"),
    "link_loop": T("symbolisk länk i en slinga", "symbolic link loop"),
    "dangling_link": T("symbolisk länk till något som inte finns ({target})", "dangling symbolic link (to {target})"),
    "not_regular_entry": T("inte en vanlig fil (en namngiven rörledning, en enhet eller en sockel)",
                           "not a regular file (a FIFO, a device or a socket)"),
    "warning_line": T("tsp-check: varning: {text}", "tsp-check: warning: {text}"),
    "over_limit": T("filen är större än gränsen på {limit:n} byte", "file is larger than the limit of {limit} bytes"),
    "unreadable": T("filen kan inte läsas: {reason}", "cannot read the file: {reason}"),
    "not_regular": T("är inte en vanlig fil (en katalog, en enhet eller en namngiven rörledning läses inte)",
                     "is not a regular file (a folder, device or named pipe is not read)"),
    "utf16": T("filen är kodad i UTF-16; spara den som UTF-8 (med eller utan BOM)",
               "the file is UTF-16; save it as UTF-8 (with or without BOM)"),
    "not_utf8": T("filen är inte giltig UTF-8{guess}; spara den som UTF-8 (med eller utan BOM)",
                  "the file is not valid UTF-8{guess}; save it as UTF-8 (with or without BOM)"),
    "latin1_guess": T(" (den ser ut att vara kodad i Latin-1 eller Windows-1252)",
                      " (it looks like Latin-1/Windows-1252)"),
    "nul": T("filen innehåller NUL-byte och är ingen textfil", "the file contains NUL bytes; it is not a text file"),
    # YAML
    "yaml_syntax": T("YAML-syntaxfel: {detail}", "YAML syntax error: {detail}"),
    "control_char": T("styrtecknet U+{code} är inte tillåtet i YAML-text",
                      "control character U+{code} is not allowed in YAML text"),
    "yaml_error": T("YAML-fel: {detail}", "YAML error: {detail}"),
    "too_deep": T("nästlat djupare än {depth} nivåer", "nested deeper than {depth} levels"),
    "empty_file": T("filen är tom", "the file is empty"),
    "too_many_values": T("dokumentet blir mer än {limit:n} värden (YAML-alias räknas varje gång de används)",
                         "the document expands to more than {limit} values (YAML aliases count each time "
                         "they are used)"),
    "recursive_alias": T("alias som refererar till sig självt", "recursive alias"),
    "plain_keys": T("nycklar måste vara vanlig text (sammanslagningsnycklar stöds inte)",
                    "keys must be plain strings (merge keys are not supported)"),
    "duplicate_key": T("nyckeln {key} förekommer två gånger", "duplicate key {key}"),
    "invalid_scalar": T("ogiltigt värde {value}", "invalid value {value}"),
    "tag": T("taggen {tag} stöds inte: bara vanliga YAML-värden (text, tal, true/false, listor och "
             "mappningar) är tillåtna",
             "unsupported tag {tag}: only plain YAML values (text, numbers, true/false, lists, mappings) "
             "are allowed"),
    "node": T("YAML-noden stöds inte", "unsupported YAML node"),
    # fields (schema)
    "unknown_field": T("okänt fält {name}{hint}{listing}", "unknown field {name}{hint}{listing}"),
    "allowed_fields": T("; tillåtna: {items}", "; allowed: {items}"),
    "missing_field": T("fältet {name} saknas men krävs", "missing required field {name}"),
    "want_text": T("{name}: här ska stå en text, men det står {got}", "{name}: a text is expected, got {got}"),
    "want_int": T("{name}: här ska stå ett heltal, men det står {got}",
                  "{name}: a whole number is expected, got {got}"),
    "want_bool": T("{name}: här ska stå true eller false utan citattecken, men det står {got}",
                   "{name}: true or false (without quotes) is expected, got {got}"),
    "want_list": T("{name}: här ska stå en lista, men det står {got}", "{name}: a list is expected, got {got}"),
    "want_mapping": T("{name}: här ska stå en mappning (nycklar och värden), men det står {got}",
                      "{name}: a mapping (keys and values) is expected, got {got}"),
    "too_short_text": T("{name}: texten får inte vara tom", "{name}: the text must not be empty"),
    "too_long_text": T("{name}: texten får vara högst {limit} tecken lång, men har {length}",
                       "{name}: the text may be at most {limit} characters long, but has {length}"),
    "too_few_items": T("{name}: listan ska ha minst {limit:d|1 post|poster}",
                       "{name}: the list needs at least {limit:d|1 item|items}"),
    "too_small": T("{name}: talet ska vara minst {limit}, men är {got}",
                   "{name}: the number must be at least {limit}, but is {got}"),
    "too_big": T("{name}: talet får vara högst {limit}, men är {got}",
                 "{name}: the number may be at most {limit}, but is {got}"),
    "one_of": T("{name}: värdet ska vara ett av {items}, men det står {got}{hint}",
                "{name}: the value must be one of {items}, got {got}{hint}"),
    "pattern_slug": T("{name}: {got} ska skrivas med små ASCII-bokstäver och siffror i ord förenade med "
                      "bindestreck (å, ä → a, ö → o, mellanslag → bindestreck){suggestion}",
                      "{name}: {got} must be lowercase ASCII letters and digits in words joined by hyphens "
                      "(å, ä → a, ö → o, spaces → hyphens){suggestion}"),
    "pattern_ident": T("{name}: {got} ska skrivas med små ASCII-bokstäver, siffror och understreck och börja "
                       "med en bokstav{suggestion}",
                       "{name}: {got} must be lowercase ASCII letters, digits and underscores, starting with a "
                       "letter{suggestion}"),
    "pattern_obligation": T("{name}: {got} ska vara ett skyldighets-id som ”ARB-SYSTEMATIK” (versaler och "
                            "siffror i delar förenade med bindestreck)",
                            "{name}: {got} must be an obligation id such as 'ARB-SYSTEMATIK' (capitals and "
                            "digits, parts joined by hyphens)"),
    "pattern_version": T("{name}: {got} ska vara en version skriven STÖRRE.MINDRE.RÄTTELSE, t.ex. ”1.0.0”",
                         "{name}: {got} must be a version written MAJOR.MINOR.PATCH, e.g. '1.0.0'"),
    "pattern_month_day": T("{name}: {got} ska vara månad och dag skrivna MM-DD, t.ex. ”09-30” för 30 september",
                           "{name}: {got} must be a month and day written MM-DD, e.g. '09-30' for 30 September"),
    "pattern": T("{name}: {got} har inte den form som krävs", "{name}: {got} does not have the required form"),
    "perhaps": T(" (kanske ”{candidate}”)", " (perhaps '{candidate}')"),
    "did_you_mean": T(" (menade du ”{match}”?)", " (did you mean '{match}'?)"),
    "invalid_generic": T("{name}: ogiltigt värde {got} ({detail})", "{name}: invalid value {got} ({detail})"),
    "date_format": T("{name}: ett datum ska skrivas ÅÅÅÅ-MM-DD, men det står {got}",
                     "{name}: a date must be written YYYY-MM-DD, got {got}"),
    "date_unreal": T("{name}: {got} är inget verkligt datum", "{name}: {got} is not a real calendar date"),
    "month_day_unreal": T("{name}: {got} är ingen verklig månad och dag (MM-DD)",
                          "{name}: {got} is not a real month and day (MM-DD)"),
    "values_needed": T("{name}: typen {type} behöver en lista med minst ett värde under ”values”",
                       "{name}: a {type} needs a non-empty list under 'values'"),
    "values_refused": T("{name}: typen {type} tar inga värden (”values”)", "{name}: a {type} takes no 'values'"),
    "values_distinct": T("{name}: värdena måste vara olika", "{name}: the values must be distinct"),
    "value_titles_unknown": T("{name}: benämningen gäller {value}, som inte är ett av värdena {items}",
                              "{name}: the label is for {value}, which is not one of the values {items}"),
    "any_of_alone": T("ett underlagskrav med ”any_of” har inga egna ”kinds”, ”cadence” eller ”content”; ange dem i "
                      "varje alternativ",
                      "an evidence requirement with 'any_of' takes no 'kinds', 'cadence' or 'content' of its own; put "
                      "them in each option"),
    "kinds_and_cadence": T("ett underlagskrav behöver ”kinds” och ”cadence” (eller ”any_of” med alternativ)",
                           "an evidence requirement needs 'kinds' and 'cadence' (or 'any_of' with options)"),
    "tailored_needs_requirement": T("en anpassning (”tailored”) behöver det nya kravet under ”requirement”",
                                    "a tailored effect needs the re-scoped 'requirement'"),
    "na_takes_no_requirement": T("verkan ”not_applicable” tar inget ”requirement”",
                                 "a 'not_applicable' effect takes no 'requirement'"),
    "valid_to_before_from": T("”valid_to” ({valid_to}) ligger före ”valid_from” ({valid_from})",
                              "'valid_to' ({valid_to}) is before 'valid_from' ({valid_from})"),
    "valid_until_before_decided": T("”valid_until” ({valid_until}) ligger före ”decided_on” ({decided_on})",
                                    "'valid_until' ({valid_until}) is before 'decided_on' ({decided_on})"),
    "target_before_decided": T("”target_date” ({target_date}) ligger före ”decided_on” ({decided_on})",
                               "'target_date' ({target_date}) is before 'decided_on' ({decided_on})"),
    "done_before_decided": T("”done_on” ({done_on}) ligger före ”decided_on” ({decided_on})",
                             "'done_on' ({done_on}) is before 'decided_on' ({decided_on})"),
    "done_on_not_done": T("”done_on” hör till en åtgärd med status ”done”",
                          "'done_on' belongs to an action with status 'done'"),
    "needs_reasoning": T("en tolkning behöver sitt resonemang under ”reasoning”",
                         "an interpretation needs its 'reasoning'"),
    "reasoning_refused": T("”reasoning” hör till en tolkning (provenance: interpretation)",
                           "'reasoning' belongs to an interpretation (provenance: interpretation)"),
    "citation_needs": T("en hänvisning behöver ”source” och ”section” (eller provenance: interpretation med "
                        "”reasoning”)",
                        "a citation needs 'source' and 'section' (or provenance: interpretation with 'reasoning')"),
    "one_cadence_rule": T("ett aktualitetskrav har exakt en av ”within_months”, ”continuous”, ”t2” och ”term”",
                          "a cadence takes exactly one of 'within_months', 'continuous', 't2' or 'term'"),
    "successor_needs_end": T("”successor” kräver ”valid_to”: den sista dagen innan efterträdaren tog över",
                             "successor needs valid_to: the last day before the successor took over"),
    "successor_self": T("”successor” är nämndens eller bolagets eget id", "successor is the body's own id"),
    "successor_name_alone": T("”successor_name” kräver ”successor” (efterträdarens id)",
                              "successor_name needs successor (the successor's id)"),
    "predecessor_self": T("”predecessors” innehåller nämndens eller bolagets eget id",
                          "predecessors include the body's own id"),
    "predecessor_twice": T("”predecessors” nämner samma nämnd eller bolag två gånger",
                           "predecessors name a body twice"),
    # rulesets
    "ruleset_not_mapping": T("ett regelverk måste vara en YAML-mappning", "a ruleset must be a YAML mapping"),
    "unknown_source": T("okänd källa {source}{hint}; kända källor: {items}",
                        "unknown source {source}{hint}; declared: {items}"),
    "kind_builtin": T("egenskapen ”kind” är inbyggd (profilens typ av nämnd eller bolag); ange den inte i regelverket",
                      "trait 'kind' is built in (the profile's kind); do not declare it"),
    "unknown_obligation": T("okänd skyldighet {obligation}{hint}", "unknown obligation {obligation}{hint}"),
    "ground_twice": T("grunden {ground} nämner {obligation} två gånger", "ground {ground} names {obligation} twice"),
    "field_differs": T("innehållsfältet {field} är definierat på annat sätt i underlagstypen {kind}; ett fältnamn "
                       "måste ha samma typ och värden i alla underlagstyper",
                       "content field {field} is declared differently in evidence kind {kind}; a field name "
                       "must have the same type and values in every kind"),
    "duplicate_id": T("id:t {ident} används redan av en annan {what}", "duplicate {what} id {ident}"),
    "unknown_kind": T("okänd underlagstyp {kind}{hint}; kända underlagstyper: {items}",
                      "unknown evidence kind {kind}{hint}; declared: {items}"),
    "cadence_needs_parameter": T("aktualitetskravet {cadence} behöver parametern {parameter}",
                                 "cadence {cadence} needs parameter {parameter}"),
    "provenance_other": T("källan {source} är av slaget ”other”: citera den från en tolkning (provenance: "
                          "interpretation, med resonemanget)",
                          "source {source} is of kind 'other': cite it from an interpretation (provenance: "
                          "interpretation, with its reasoning)"),
    "provenance_mismatch": T("ursprunget {provenance} passar inte källan {source}, som är av slaget {kind}",
                             "provenance {provenance} does not fit source {source}, which is of kind {kind}"),
    "part_dates": T("”valid_to” ligger före ”valid_from”", "'valid_to' is before 'valid_from'"),
    "after_part_open": T("programdelen {part} har inget slutdatum, så ett krav kan inte gälla efter den",
                         "the part {part} has no end date, so no requirement can apply after it"),
    "superseded_dated_open": T("programdelen {part} har inget slutdatum (”valid_to”), så inget kan ha ersatt den "
                               "från ett datum",
                               "the part {part} has no end date ('valid_to'), so nothing can have replaced it from "
                               "a date"),
    "superseded_first_day": T("den första texten ska gälla från dagen efter programdelens ”valid_to” ({end}), "
                              "alltså {day}, inte {got}",
                              "the first text must hold from the day after the part's 'valid_to' ({end}), that is "
                              "{day}, not {got}"),
    "superseded_order": T("”from” ({got}) måste ligga efter föregående texts ”from” ({before})",
                          "'from' ({got}) must be after the previous text's 'from' ({before})"),
    "unknown_part": T("okänd programdel {part}{hint}; kända programdelar: {items}",
                      "unknown part {part}{hint}; declared: {items}"),
    "must_cite": T("{obligation}: skyldighetens text måste citera en källa (en tolkning kan komplettera den men "
                   "inte ersätta den)",
                   "{obligation}: the obligation's text must cite a source (an interpretation may accompany it, not "
                   "replace it)"),
    "unknown_cadence": T("okänt aktualitetskrav {cadence}{hint}; kända: {items}",
                         "unknown cadence {cadence}{hint}; known: {items}"),
    "no_ruleset": T("det finns ingen regelverksfil eller inbyggt regelverk med det namnet{hint}; inbyggda: {items}",
                    "no such ruleset file or bundled ruleset{hint}; bundled: {items}"),
    # conditions
    "condition_form": T("ett villkor ska vara en mappning som {{all: [...]}}, {{any: [...]}}, {{not: ...}} eller "
                        "{{{key}: NAMN, OPERATOR: VÄRDE}}",
                        "a condition must be a mapping such as {{all: [...]}}, {{any: [...]}}, {{not: ...}} or "
                        "{{{key}: NAME, OPERATOR: VALUE}}"),
    "condition_alone": T("{word} måste stå ensamt i sin mappning", "{word} must stand alone in its mapping"),
    "condition_list": T("{word} tar en lista med villkor", "{word} takes a list of conditions"),
    "condition_unknown_form": T("okänd form av villkor med nycklarna {keys}{hint}; förväntade ”all”, ”any”, ”not” "
                                "eller ”{key}”",
                                "unknown condition form with keys {keys}{hint}; expected 'all', 'any', 'not' "
                                "or '{key}'"),
    "condition_unknown_subject": T("{subject} är inte {key}{hint}; regelverket har: {items}",
                                   "unknown {key} {subject}{hint}; declared: {items}"),
    "condition_operator": T("{subject} (typ {type}) tar exakt en operator av {items}; fick {got}{hint}",
                            "{subject} ({type}) takes exactly one operator of {items}; got {got}{hint}"),
    "is_empty_bool": T("”is_empty” tar true eller false, men det står {got}",
                       "'is_empty' takes true or false, got {got}"),
    "operator_list": T("{op} tar en lista med minst ett värde", "{op} takes a non-empty list"),
    "condition_bool": T("{subject} är true eller false, men det står {got}", "{subject} is true or false; got {got}"),
    "condition_int": T("{subject} är ett heltal, men det står {got}", "{subject} is a whole number; got {got}"),
    "condition_value": T("{got} är inte ett värde för {subject}{hint}; tillåtna: {items}",
                         "{got} is not a value of {subject}{hint}; allowed: {items}"),
    # profiles
    "profile_not_mapping": T("en profil ska vara en YAML-mappning med ”profile”, ”traits”, ”evidence” och ”decisions”",
                             "a profile must be a YAML mapping with 'profile', 'traits', 'evidence' and 'decisions'"),
    "profile_is_ruleset": T("filen är ett regelverk ({format}), inte en profil; ange regelverk med --ruleset",
                            "this file is a ruleset ({format}), not a profile; give rulesets with --ruleset"),
    "kind_under_profile": T("”kind” hör hemma under ”profile”, inte under ”traits”",
                            "'kind' belongs under 'profile', not 'traits'"),
    "unknown_trait": T("okänd egenskap {trait}{hint}; regelverket {ruleset} känner till: {items}",
                       "unknown trait {trait}{hint}; ruleset {ruleset} declares: {items}"),
    "unknown_trait_union": T("okänd egenskap {trait}{hint}; regelverken {rulesets} känner tillsammans till: {items}",
                             "unknown trait {trait}{hint}; the rulesets {rulesets} together declare: {items}"),
    "trait_bool": T("{name}: här ska stå true eller false utan citattecken (eller unassessed), men det står {got}",
                    "{name} must be true or false without quotes (or 'unassessed'), got {got}"),
    "trait_int": T("{name}: här ska stå ett heltal, men det står {got}", "{name} must be a whole number, got {got}"),
    "trait_enum": T("{name}: värdet ska vara ett av {items}, men det står {got}{hint}",
                    "{name} must be one of {items}; got {got}{hint}"),
    "trait_set": T("{name}: här ska stå en lista med värden bland {items}, men det står {got}",
                   "{name} must be a list of {items}; got {got}"),
    "trait_set_value": T("{name}: {got} hör inte till de tillåtna värdena{hint}; tillåtna: {items}",
                         "{name} has value {got} outside its domain{hint}; allowed: {items}"),
    "unknown_content_field": T("okänt innehållsfält {field} för underlagstypen {kind}{hint}; kända fält: {items}",
                               "unknown content field {field} for evidence kind {kind}{hint}; declared: {items}"),
    "none_declared": T("inga", "none"),
    "decision_unknown_obligation": T("beslutet gäller en okänd skyldighet {obligation}{hint}",
                                     "decision names unknown obligation {obligation}{hint}"),
    "action_unknown_obligation": T("åtgärden gäller en okänd skyldighet {obligation}{hint}",
                                   "action names unknown obligation {obligation}{hint}"),
    "duplicate_profile": T("profil-id:t {ident} används också av {other}",
                           "profile id {ident} is also used by {other}"),
    "file_named_twice": T("filen är angiven två gånger", "the file is named twice"),
    # usage
    "as_of_format": T("kontrolldatumet ska skrivas ÅÅÅÅ-MM-DD, men det står {got}",
                      "the check date must be written YYYY-MM-DD, got {got}"),
    "jobs_range": T("antalet processer (jobs) ska vara mellan 1 och {limit}, men är {got}",
                    "jobs must be between 1 and {limit}, got {got}"),
    "cannot_write": T("kan inte skriva {file}: {reason}; rapporten skrevs inte",
                      "cannot write {file}: {reason}; the report was not written"),
    "output_not_file": T("{file}: kan inte skriva hit: {what}; ange en vanlig fil, eller -o - för standard output",
                         "{file}: cannot write here: {what}; give a regular file, or -o - for standard output"),
    "output_is_dir": T("det är en katalog", "it is a folder"),
    "output_is_device": T("det är en enhetsfil", "it is a device"),
    "output_is_fifo": T("det är en namngiven rörledning (FIFO)", "it is a named pipe (FIFO)"),
    "output_is_socket": T("det är en sockel (socket)", "it is a socket"),
    "output_link_dangling": T("det är en symbolisk länk till {target}, som inte finns",
                              "it is a symbolic link to {target}, which does not exist"),
    "output_link_loop": T("det är en symbolisk länk i en slinga", "it is a symbolic link in a loop"),
    "output_is_input": T("{file} är också en av indatafilerna ({input}); välj en annan utfil så att indata inte "
                         "skrivs över", "{file} is also one of the inputs ({input}); choose another output file "
                         "so that the input is not overwritten"),
    "cannot_write_stdout": T("kan inte skriva till standard output: {reason}",
                             "cannot write to standard output: {reason}"),
    "binary_to_file": T("ett binärt format skrivs bara till fil: ange -o FILE",
                        "a binary format is written to a file only: give -o FILE"),
    "binary_format": T("--format {fmt} skriver en binär fil: ange -o FILE (t.ex. -o rapport.{fmt})",
                       "--format {fmt} writes a binary file: give -o FILE (e.g. -o report.{fmt})"),
    "interrupted": T("avbruten", "interrupted"),
    "internal": T("internt fel: {detail} (kör med --debug för att se spårutskriften)",
                  "internal error: {detail} (run with --debug for the traceback)"),
    "remiss_needs_rules": T("remissutkastet behöver rapportens regelverk (gör rapporten med bibliotekets "
                            "funktion check)",
                            "the remiss draft needs the report's ruleset (make the report with tsp_rules.check)"),
    "remiss_one_body": T("remissutkastet gäller en nämnd eller ett bolag; rapporten har {n:w|en|stycken}",
                         "the remiss draft is for one body; the report has {n:w|one|}"),
    "unknown_engine": T("okänd motor {name}{hint}; välj en av {items}",
                        "unknown engine {name}{hint}; choose one of {items}"),
    "explain_unknown": T("regelverket {ruleset} {version} har ingen skyldighet {wanted}{hint}",
                         "ruleset {ruleset} {version} has no obligation {wanted}{hint}"),
    "known_obligations": T("; kända skyldigheter: {items}", "; known obligations: {items}"),
    "nearest_obligation": T(" (närmast: ”{id}” – {title})", " (nearest: '{id}' – {title})"),
    "lint_count": T("{n:d|1 problem|problem}", "{n:d|1 problem|problems}"),
    "unknown_body_kind": T("okänd typ av nämnd eller bolag {kind}; välj en av {items}",
                           "unknown kind of body {kind}; choose one of {items}"),
    "empty_name": T("namnet på nämnden eller bolaget får inte vara tomt", "the body's name must not be empty"),
    "no_slug": T("namnet {name} ger inget profil-id: det behöver bokstäver eller siffror",
                 "cannot make a profile id from the name {name}: it needs letters or digits"),
    "profile_or_name": T("ange antingen PROFIL eller --kind och --name, inte båda",
                         "give either PROFILE or --kind and --name, not both"),
    "profile_or_name_missing": T("ange en PROFIL att fylla i, eller --kind och --name för en ny nämnd eller ett nytt "
                                 "bolag", "give a PROFILE to pre-fill, or --kind and --name for a new body"),
    "ics_to_file": T("--format ics skriver en kalenderfil: ange -o FILE (t.ex. -o frister.ics)",
                     "--format ics writes a calendar file: give -o FILE (e.g. -o due.ics)"),
    "until_before_from": T("--until {until} ligger före --from {start}", "--until {until} is before --from {start}"),
    "no_profiles_in": T("inga profiler (*.yaml, *.yml) i {paths}", "no profiles (*.yaml, *.yml) in {paths}"),
    "no_scenarios": T("inga scenarier (kataloger med en expected.yaml) under {where}",
                      "no scenarios (folders with an expected.yaml) under {where}"),
    "output_exists": T("{output} finns redan; ange --force för att skriva över den",
                       "{output} exists; give --force to overwrite it"),
    "date_not_iso": T("{what} ska skrivas ÅÅÅÅ-MM-DD och vara ett giltigt datum, inte {got}",
                      "{what} must be a date written YYYY-MM-DD, got {got}"),
    "date_too_late": T("{what} {day} ligger för sent: kontrollerna räknar upp till tio år framåt från "
                       "kontrolldatumet, så det senaste datum som godtas är {latest}",
                       "{what} {day} is too late: the checks count up to ten years ahead of the check date, so the "
                       "latest accepted is {latest}"),
    "date_too_early": T("{what} {day} ligger för tidigt: kontrollerna räknar upp till tio år bakåt från "
                        "kontrolldatumet, så det tidigaste datum som godtas är {earliest}",
                        "{what} {day} is too early: the checks count up to ten years back from the check date, so "
                        "the earliest accepted is {earliest}"),
    "stdin_once": T("standard in ('-') kan bara anges en gång", "standard input ('-') can be named only once"),
    "remiss_none_bundled": T("inget medföljande regelverk har skickats på remiss; ange ett med --ruleset",
                             "no bundled ruleset was sent out for consultation; give one with --ruleset"),
    "oscal_catalog_paths": T("katalogen görs av regelverken, inte av profiler: ange inga sökvägar (för en kontroll: "
                             "tsp-check oscal results PATH …)",
                             "the catalog is made from the rulesets, not from profiles: give no paths (for a check: "
                             "tsp-check oscal results PATH …)"),
    "oscal_results_paths": T("ange profilerna som ska kontrolleras: tsp-check oscal results PATH …",
                             "give the profiles to check: tsp-check oscal results PATH …"),
    "remiss_suffix": T("{file}: filändelsen {suffix} är inget format remissutkastet skrivs i; välj .md, .txt eller "
                       ".docx, eller ange --format", "{file}: the remiss draft is not written as {suffix}; choose .md, "
                       ".txt or .docx, or give --format"),
    "docx_to_file": T("ett Word-dokument skrivs bara till fil: ange -o FILE (t.ex. -o svar.docx)",
                      "a Word document is written to a file only: give -o FILE (e.g. -o svar.docx)"),
    # reading a scenario (tsp-check test): expected.yaml beside profile.yaml
    "sc_not_mapping": T("{file} ska vara en mappning med kontrolldatumet under ”as_of” och de förväntade "
                        "resultaten under ”obligations”",
                        "{file} must be a mapping with the check date under 'as_of' and the expected findings "
                        "under 'obligations'"),
    "sc_profile_missing": T("profilen saknas: ett scenario behöver en {profile} bredvid sin {expected}",
                            "the profile is missing: a scenario needs a {profile} beside its {expected}"),
    "sc_ruleset": T("”ruleset” ska vara id:t för ett medföljande regelverk eller en fil, eller en lista med minst "
                    "ett sådant, men det står {got}",
                    "'ruleset' must be the id of a bundled ruleset or a file, or a list of at least one, got {got}"),
    "sc_ruleset_unknown": T("{name} är varken ett medföljande regelverk ({items}) eller en fil bredvid {file}",
                            "{name} is neither a bundled ruleset ({items}) nor a file beside {file}"),
    "sc_as_of": T("”as_of” ska vara kontrolldatumet, skrivet ÅÅÅÅ-MM-DD, men det står {got}",
                  "'as_of' must be the check date, written YYYY-MM-DD, got {got}"),
    "sc_exit_code": T("”exit_code” ska vara 0 eller 1, men det står {got}", "'exit_code' must be 0 or 1, got {got}"),
    "sc_obligations": T("”obligations” ska ge varje skyldighets förväntade status, t.ex. {example}",
                        "'obligations' must map each obligation id to its expected status, e.g. {example}"),
    "sc_finding": T("{obligation}: här ska stå en mappning som {example}, men det står {got}",
                    "{obligation}: a mapping such as {example} is expected, got {got}"),
    "sc_text_or_null": T("{name}: här ska stå en text eller null, men det står {got}",
                         "{name}: a text or null is expected, got {got}"),
    "sc_reasons": T("{name}: här ska stå en lista med skälens koder, t.ex. {example}, men det står {got}",
                    "{name}: a list of reason codes such as {example} is expected, got {got}"),
    "sc_warnings": T("”warnings” ska vara en lista som {example}, men det står {got}",
                     "'warnings' must be a list such as {example}, got {got}"),
    "sc_warning": T("en varning ska vara en mappning med åtminstone sin kod, t.ex. {example}, men det står {got}",
                    "a warning must be a mapping with at least its code, e.g. {example}, got {got}"),
    "sc_warning_code": T("varningens kod saknas under ”code”", "the warning's code is missing under 'code'"),
    # reading a JSON report (tsp-check diff)
    "json_syntax": T("inte JSON: {detail}", "not JSON: {detail}"),
    "json_too_deep": T("JSON nästlat djupare än {depth} nivåer", "JSON nested deeper than {depth} levels"),
    "report_not_object": T("ingen JSON-rapport från tsp-check: översta nivån ska vara ett objekt",
                           "not a tsp-check JSON report: the top level must be an object"),
    "report_field": T("ingen JSON-rapport från tsp-check: {field} ska vara {what}",
                      "not a tsp-check JSON report: {field} must be {what}"),
    "report_schema": T("rapportens schemaversion {got} läses inte; den här versionen läser 1.x",
                       "unsupported report schema_version {got}; this version reads 1.x"),
    "report_status": T("okänd status {got}; tillåtna: {items}", "unknown status {got}; expected one of {items}"),
    "report_body_missing": T("resultat för nämnden eller bolaget {got}, som inte finns under profiles",
                             "finding for body {got}, which is not in profiles"),
    "report_twice": T("två resultat för {body} och {obligation}", "two findings for {body} and {obligation}"),
    # reading a questionnaire (tsp-check import): each problem is located by sheet and cell
    "q_unpacked_too_large": T("arbetsboken packas upp till {size:n} byte; högst {limit:n} byte läses",
                              "the workbook unpacks to {size:n} bytes; at most {limit:n} bytes are read"),
    "q_too_many_parts": T("arbetsboken har {members:n} delar; högst {most:n} läses",
                          "the workbook has {members:n} parts; at most {most:n} are read"),
    "q_far_cell": T("ett värde utanför enkätens område (rad 1–{rows:n}, kolumn A–{columns}); flytta det in i "
                    "tabellen eller ta bort det", "a value outside the questionnaire's area (rows 1–{rows:n}, "
                    "columns A–{columns}); move it into the table or delete it"),
    "q_yes_no": T("svara ja eller nej ({words}), inte {got}", "answer yes or no ({words}), not {got}"),
    "q_yes_no_field": T("{field}: svara ja eller nej ({words}), inte {got}",
                        "{field}: answer yes or no ({words}), not {got}"),
    "q_body_field_missing": T("{what} saknas", "{what} is missing"),
    "q_not_a_date": T("{got} är inget datum (ÅÅÅÅ-MM-DD)", "{got} is not a date (YYYY-MM-DD)"),
    "q_yes_no_for_value": T("{trait}: svara ja eller nej ({words}) för värdet {value}, inte {got}",
                            "{trait}: answer yes or no ({words}) for {value}, not {got}"),
    "q_all_or_none": T("{trait}: svara ja eller nej för varje värde, eller lämna alla tomma om det inte är känt",
                       "{trait}: answer yes or no for every value, or leave all of them blank if it is not known"),
    "q_yes_no_unknown": T("{trait}: svara ja, nej eller ej bedömt ({words}), inte {got}",
                          "{trait}: answer yes, no or not assessed ({words}), not {got}"),
    "q_not_one_of": T("{field}: {got} är inte något av {items}", "{field}: {got} is not one of {items}"),
    "q_not_whole_number": T("{field}: {got} är inget heltal", "{field}: {got} is not a whole number"),
    "q_row_2_keys": T("i rad 2 saknas nycklarna {items}; ändra inte rad 2",
                      "the keys in row 2 are missing {items}; do not change row 2"),
    "q_evidence_kind_missing": T("slaget av underlag saknas: välj det i listan",
                                 "the kind of evidence is missing: choose it from the list"),
    "q_unknown_evidence_kind": T("okänt slag av underlag {got}: välj det i listan",
                                 "unknown kind of evidence {got}: choose it from the list"),
    "q_date_missing": T("datumet saknas (ÅÅÅÅ-MM-DD)", "the date is missing (YYYY-MM-DD)"),
    "q_not_text": T("{field}: här ska stå en text (diarienummer eller titel), inte sanningsvärdet {got}",
                    "{field}: must be text (a diarienummer or title), not the truth value {got}"),
    "q_implausible_year": T("{field}: {got} är inget rimligt årtal (mellan {first} och {last})",
                            "{field}: {got} is not a plausible year (between {first} and {last})"),
    "q_reference_missing": T("referensen (diarienummer eller titel) saknas",
                             "the reference (diarienummer or title) is missing"),
    "q_unknown_column": T("okänd innehållskolumn {got} i rad 2", "unknown content column {got} in row 2"),
    "q_column_of_another_kind": T("kolumnen gäller bara {owner}; radens slag av underlag är {kind}",
                                  "this column is for {owner} only; the row's kind is {kind}"),
    "q_not_among": T("{field}: {got} finns inte bland {items}", "{field}: {got} not among {items}"),
    "q_decision_value_missing": T("kolumnen {key} saknar ett värde", "{key} is missing"),
    "q_action_status": T("status ska vara planerad, pågående eller klar, inte {got}",
                         "the status must be planned, in progress or done, not {got}"),
    "q_evidence_not_inventoried": T("underlag står i bladet Underlag, men svaret här säger att underlagen inte har "
                                    "inventerats", "evidence is listed in the evidence sheet, but the answer here "
                                    "says it has not been inventoried"),
    "q_not_a_questionnaire": T("inte en enkät från tsp-check: bladen {sheets} saknas (gör en med tsp-check "
                               "questionnaire)", "not a tsp-check questionnaire: the sheets {sheets} are missing "
                               "(make one with tsp-check questionnaire)"),
    "q_not_xlsx": T("inte en Excel-arbetsbok (.xlsx): {detail}", "not an Excel workbook (.xlsx): {detail}"),
    "q_unreadable_workbook": T("arbetsboken kan inte läsas: {detail}", "cannot read the workbook: {detail}"),
    "bad_date_option": T("{got} är inget datum skrivet ÅÅÅÅ-MM-DD", "{got} is not a date written YYYY-MM-DD"),
}
del T


def message(code: str, /, **values: Any) -> Text:
    """The error template ``code`` filled in, in both languages."""
    return fill_both(ERRORS[code], **values)


_OS_REASONS: dict[int, Text] = {
    errno.ENOENT: Text("filen eller katalogen finns inte", "no such file or directory"),
    errno.EACCES: Text("åtkomst nekas", "permission denied"),
    errno.EPERM: Text("åtgärden är inte tillåten", "operation not permitted"),
    errno.EISDIR: Text("det är en katalog", "is a directory"),
    errno.ENOTDIR: Text("en del av sökvägen är inte en katalog", "not a directory"),
    errno.ENOSPC: Text("inget utrymme kvar på enheten", "no space left on device"),
    errno.EROFS: Text("filsystemet är skrivskyddat", "read-only file system"),
    errno.ENAMETOOLONG: Text("filnamnet är för långt", "file name too long"),
    errno.ELOOP: Text("för många nivåer av symboliska länkar", "too many levels of symbolic links"),
    errno.EEXIST: Text("filen finns redan", "file exists"),
    errno.EFBIG: Text("filen är för stor", "file too large"),
    errno.EDQUOT: Text("diskkvoten är överskriden", "disk quota exceeded"),
    errno.EIO: Text("in- eller utmatningsfel", "input/output error"),
    errno.EPIPE: Text("mottagaren har stängt röret", "broken pipe (the reader has gone)"),
    errno.EBADF: Text("filbeskrivaren är stängd eller ogiltig", "bad file descriptor"),
}


def os_reason(exc: OSError) -> Text:
    """Why the operating system refused, in both languages (the system's own words for a rarer reason)."""
    known = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if known is not None:
        return known
    text = str(exc.strerror or exc)
    return Text(text, text)


def format_path(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string (English; see :func:`hint`)."""
    return hint(word, choices).en


_NO_HINT = Text("", "")


def hint(word: Any, choices: Iterable[str]) -> Text:
    """`` (menade du ”x”?)`` / `` (did you mean “x”?)`` for the closest choice, or empty texts."""
    if not isinstance(word, str):
        return _NO_HINT
    import difflib  # only when a name is wrong: a check with none does not import it

    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return message("did_you_mean", match=match[0]) if match else _NO_HINT


def _printable(text: str) -> str:
    """``text`` with each unprintable character (a newline in a YAML key) escaped, so a message stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def q(name: Any) -> Text:
    """A name from a file (a field, a trait, an id) quoted as the language quotes it."""
    name = _printable(str(name))
    return Text(code_quote(name, "sv"), code_quote(name, "en"))


def q_short(text: str) -> Text:
    """A text from a file quoted, shortened when long (an error never echoes a whole 10,000-character value)."""
    return Text(code_quote(shorten(text, "sv"), "sv"), code_quote(shorten(text, "en"), "en"))


def listing(items: Iterable[Any]) -> Text:
    """Names quoted and joined: ”a”, ”b”, ”c”."""
    items = list(items)
    if not items:
        return message("none_declared")
    return Text(", ".join(code_quote(str(i), "sv") for i in items), ", ".join(code_quote(str(i), "en") for i in items))


def shown(value: Any) -> Text:
    """A value from a file as error messages name it (its kind of value said, long text shortened)."""
    return Text(show(value, "sv"), show(value, "en"))


def _as_text(message: str | Text) -> Text:
    return message if isinstance(message, Text) else Text(message, message)


@attrs.frozen
class Problem:
    """One thing wrong with an input file, located as precisely as the file allows.

    ``text`` holds the message in both languages (a plain string is taken as both); :attr:`message` is it
    in the current error language.
    """

    file: str
    line: int
    column: int
    text: Text = attrs.field(converter=_as_text)
    field: str = ""

    @property
    def message(self) -> str:
        return self.text.get(current_error_language())

    def render(self, lang: Lang | None = None) -> str:
        """``file:line:col: message [field]`` in ``lang`` (default: the current error language)."""
        where = f" [{self.field}]" if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {self.text.get(lang or current_error_language())}{where}"

    def __str__(self) -> str:
        return self.render()


class TspError(Exception):
    """Root of every error raised by tsp_rules."""


class InputError(TspError):
    """Bad input: one or more located problems. The CLI prints each and exits with code 2."""

    kind = "input"

    def __init__(self, problems: Iterable[Problem], lang: Lang | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.file, p.line, p.column, p.text.en))
        )
        if not self.problems:
            raise ValueError("an InputError needs at least one problem")
        self.lang: Lang = lang or current_error_language()
        super().__init__(self.render(self.lang))

    def render(self, lang: Lang) -> str:
        return "\n".join(p.render(lang) for p in self.problems)


class RulesetError(InputError):
    """A ruleset file is malformed or inconsistent."""

    kind = "ruleset"


class ProfileError(InputError):
    """A profile file (traits, evidence or decisions) is malformed or does not fit the ruleset."""

    kind = "profile"


class UsageError(TspError):
    """The library was called with arguments that cannot work (e.g. an unknown engine name)."""

    def __init__(self, message: str | Text) -> None:
        self.text = message if isinstance(message, Text) else Text(message, message)
        super().__init__(self.text.get(current_error_language()))

    def render(self, lang: Lang) -> str:
        return self.text.get(lang)


class EvaluationError(TspError):
    """An engine failed or contradicted itself: an internal error, never a verdict on a profile."""


class SkippedFileWarning(UserWarning):
    """A file under a named folder that looks like a profile (``*.yaml``, ``*.yml``) but was not read: a
    dangling symbolic link, a symbolic link loop, or not a regular file (a FIFO, a device, a socket).

    Issued with :func:`warnings.warn`, so that a body cannot vanish from a review without a word; the
    command line prints it on standard error, once per entry: :attr:`entry` (device and inode of the entry
    itself, None if unknown) is the same when a linked folder shows the entry under a second path."""

    def __init__(self, text: str, entry: tuple[int, int] | None = None) -> None:
        super().__init__(text)
        self.entry = entry
