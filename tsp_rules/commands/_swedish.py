"""The command line in Swedish: click's own messages (usage errors, the help page's headings) and every
command's help text, with English under ``--lang en``.

click words its messages through :func:`gettext.gettext` and :func:`gettext.ngettext`, imported into each
of its modules as ``_`` and ``ngettext``. :func:`install` points those names at :func:`gettext_sv` and
:func:`ngettext_sv`, which answer in the current error language (:func:`tsp_rules.texts.error_language`)
and leave an unknown message as click wrote it. The command modules keep their help texts in English (the
language of the code); :data:`HELP_SV` gives each its Swedish wording, and :func:`swedish_help` puts
those in place while a help page is written. A test holds that every help text and every message below
exists (so that a new option, or a click upgrade that rewords a message, is noticed).

Placeholders (``[OPTIONS]``, ``FILE``, ``PATH``, ``DIR``) are kept as click shows them in the usage line,
so that the help text names what the usage line shows.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import click

from tsp_rules.texts import Lang, Text, current_error_language, error_language

CLICK_SV: dict[str, str] = {
    # errors
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Missing argument": "Saknar argumentet",
    "Missing option": "Saknar alternativet",
    "Missing parameter": "Saknar parametern",
    "Missing {param_type}": "Saknar {param_type}",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "Missing command.": "Kommando saknas.",
    "No such option {name!r}.": "Alternativet {name!r} finns inte.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Could not open file {filename!r}: {message}": "Kunde inte öppna filen {filename!r}: {message}",
    "unknown error": "okänt fel",
    "Aborted!": "Avbrutet.",
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt tal.",
    "{value} is not in the range {range}.": "{value} ligger inte i intervallet {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} är inte ett giltigt sanningsvärde. Godtagna värden: {states}",
    "{value!r} is not a valid UUID.": "{value!r} är inte ett giltigt UUID.",
    "Value must be an iterable.": "Värdet måste vara en följd av värden.",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "Choice({choices})": "Val({choices})",
    "{len_type} values are required, but {len_value} was given.":
        "{len_type} värden krävs, men {len_value} gavs.",
    "{len_type} values are required, but {len_value} were given.":
        "{len_type} värden krävs, men {len_value} gavs.",
    "Unknown standard stream '{name}'": "Okänd standardström '{name}'",
    "Press any key to continue...": "Tryck på valfri tangent för att fortsätta …",
    "Repeat for confirmation": "Upprepa för att bekräfta",
    "Error: The two entered values do not match.": "Fel: De två värdena stämmer inte överens.",
    "Unknown color {colour!r}": "Okänd färg {colour!r}",
    "Error: invalid input": "Fel: ogiltig inmatning",
    "Do you want to continue?": "Vill du fortsätta?",
    "Confirm the action without prompting.": "Bekräfta utan att fråga.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "d": "d",
    "{editor}: Editing failed": "{editor}: Redigeringen misslyckades",
    "{editor}: Editing failed: {e}": "{editor}: Redigeringen misslyckades: {e}",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Komplettering i skalet fungerar inte i Bash äldre än version 4.4.",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Kunde inte avgöra vilken version av Bash som körs; komplettering i skalet fungerar inte.",
    # mistakes in a program's own declarations: never shown to a user of a finished program, but worded too
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Varning: kommandot {name!r} är utgånget.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Varning: {param_type} {name!r} är utgånget.{extra_message}",
    "Could not determine name for option with declarations {decls!r}":
        "Kunde inte avgöra namnet på alternativet med deklarationerna {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? Did you "
    "mean to pass '--{name}'?":
        "Inga alternativ angivna men ett namn ({name}). Menade du ett argument? Menade du '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Ett argument tar exakt en deklaration, fick {length}: {decls}.",
    "Name '{name}' defined twice": "Namnet '{name}' är angivet två gånger",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "Sanningsvärdet {decl!r} kan inte använda samma flagga för sant och falskt.",
    "file": "filen",
    "directory": "katalogen",
    "path": "sökvägen",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en katalog.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva till.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} går inte att köra.",
    "Option {name!r} does not take a value.": "Alternativet {name!r} tar inget värde.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "Invalid start character for option ({option})": "Ogiltigt första tecken i alternativet ({option})",
    # the help page
    "Usage:": "Användning:",
    "Options": "Alternativ",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljövariabel: {var}",
    "required": "obligatoriskt",
    "(dynamic)": "(beräknas)",
    "deprecated": "utgått",
}
"""click's messages (its own English wording, the msgid) and their Swedish."""

CLICK_SV_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Oväntat extra argument ({args})", "Oväntade extra argument ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Menade du {possibility}?", "(Menade du något av: {possibilities}?)"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} är inte ett tillåtet värde; det enda är {choice}.",
         "{value!r} är inte ett tillåtet värde; välj ett av {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} följer inte formatet {format}.", "{value!r} följer inget av formaten {formats}."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Alternativet {name!r} kräver ett värde.", "Alternativet {name!r} kräver {nargs} värden."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Tar {nargs} värden men ett gavs.", "Tar {nargs} värden men {len} gavs."),
}
"""click's messages with a singular and a plural, and their Swedish."""

HELP_SV: dict[str, str] = {
    "Check nämnder and bolag against Stockholm's trygghets- och säkerhetsprogram and a municipality's "
    "statutory duties.":
        "Kontrollera nämnder och bolag mot Stockholms trygghets- och säkerhetsprogram och mot kommunens "
        "skyldigheter enligt lag.",
    "Show the traceback of an internal error.": "Visa hela spårutskriften (traceback) vid ett internt fel.",
    # check
    "Check profile files, or every *.yaml profile under folders, and report each obligation. A PATH of '-' "
    "reads one profile from standard input. Without --ruleset, the bundled rulesets in force on the check "
    "date are used; --ruleset may be given more than once.":
        "Kontrollera profilfiler, eller varje profil (*.yaml) i mappar, och redovisa varje skyldighet. Är en "
        "PATH '-' läses en profil från standard in. Utan --ruleset används de medföljande regelverk som gäller "
        "på kontrolldatumet; --ruleset kan anges flera gånger.",
    "A ruleset file, or the id of a bundled ruleset; give it more than once to check against several (reported "
    "in the order given). Default: the bundled rulesets in force on the check date.":
        "En regelverksfil, eller id för ett medföljande regelverk; ange flera gånger för att kontrollera mot "
        "flera (de redovisas i den ordning de anges). Standard: de medföljande regelverk som gäller på "
        "kontrolldatumet.",
    "A ruleset file, or the id of a bundled ruleset (default: the bundled ruleset that has the obligation).":
        "En regelverksfil, eller id för ett medföljande regelverk (standard: det medföljande regelverk som har "
        "skyldigheten).",
    "The check date (default: today).": "Kontrolldatumet (standard: i dag).",
    "Output format (xlsx needs -o).": "Rapportens format (xlsx kräver -o).",
    "Language of the report text and of error messages.": "Språk för rapportens text och för felmeddelanden.",
    "The evaluation back end.": "Den motor som utvärderar reglerna.",
    "Write the report to FILE (atomically) instead of standard output ('-': standard output).":
        "Skriv rapporten till FILE (en avbruten körning lämnar en befintlig fil orörd) i stället för till "
        "standard ut ('-': standard ut).",
    "Evaluate profiles in N worker processes (same output as with 1).":
        "Utvärdera profilerna i N arbetsprocesser (samma resultat som med 1).",
    "Exit with 1 on gaps or unassessed obligations (not_assessed), on gaps only (gap), or never (never: exit 0 "
    "whatever the findings; bad input still exits 2, an internal error 3).":
        "Avsluta med kod 1 vid brister eller skyldigheter som inte kunnat bedömas (not_assessed), bara vid "
        "brister (gap) eller aldrig (never: kod 0 oavsett resultat; felaktig indata ger ändå 2, ett internt "
        "fel 3).",
    "With --format csv: rfc4180 (comma, UTF-8, for tools) or excel-sv (semicolon, UTF-8 with BOM, opens "
    "directly in Excel with Swedish settings).":
        "Med --format csv: rfc4180 (komma, UTF-8, för andra verktyg) eller excel-sv (semikolon, UTF-8 med BOM, "
        "öppnas direkt i Excel med svenska inställningar).",
    "No progress bar and no summary: only the report, errors and warnings.":
        "Ingen förloppsindikator och ingen sammanfattning: bara rapporten, fel och varningar.",
    # schema
    "Print the JSON Schema of a profile, a ruleset or the JSON report. A profile's schema holds the traits and "
    "evidence kinds of the rulesets given, or else of every bundled ruleset.":
        "Skriv ut JSON Schema för en profil, ett regelverk eller JSON-rapporten. Profilens schema har "
        "egenskaperna och slagen av underlag i de regelverk som anges, annars i alla medföljande regelverk.",
    "Write the schema to FILE (atomically) instead of standard output ('-': standard output).":
        "Skriv schemat till FILE (en avbruten körning lämnar en befintlig fil orörd) i stället för till standard "
        "ut ('-': standard ut).",
    # city
    "Check every profile under FOLDER and write the city-wide matrix (HTML by default). Without --ruleset, the "
    "bundled rulesets in force on the check date are used; --ruleset may be given more than once.":
        "Kontrollera varje profil i FOLDER och skriv matrisen för hela staden (som standard i HTML). Utan "
        "--ruleset används de medföljande regelverk som gäller på kontrolldatumet; --ruleset kan anges flera "
        "gånger.",
    "How many bodies to list under 'most gaps' in the summary.":
        "Hur många nämnder och bolag som listas under ”Flest brister” i sammanfattningen.",
    # explain
    "Explain an OBLIGATION: its text, who it applies to, its cadence, the evidence that meets it, the "
    "grounds that exempt or tailor it, and its source.":
        "Förklara en skyldighet (OBLIGATION): dess text, vilka den gäller, dess aktualitetskrav, vilka underlag "
        "som uppfyller den, vilka grunder som undantar eller anpassar den, och dess källa.",
    "Language of the explanation and of error messages.": "Språk för förklaringen och för felmeddelanden.",
    # lint
    "Check ruleset files (default: the bundled rulesets) for contradictions, unreachable rules and unused "
    "declarations; each problem is printed as FILE:LINE:COL: CHECK: MESSAGE.":
        "Granska regelverksfiler (standard: de medföljande regelverken) efter motsägelser, regler som aldrig kan "
        "slå till och deklarationer som inte används; varje problem skrivs som FIL:RAD:KOLUMN: KONTROLL: "
        "MEDDELANDE.",
    "Also check the decisions (waivers) in these profile files or folders.":
        "Granska också besluten om undantag i dessa profilfiler eller mappar.",
    "Language of the messages.": "Språk för meddelandena.",
    # remiss
    "Write a draft tjänsteutlåtande answering the programme's remiss for the body of PROFILE ('-': read "
    "the profile from standard input).":
        "Skriv ett utkast till tjänsteutlåtande som svar på remissen av programmet, för nämnden eller bolaget i "
        "PROFILE ('-': läs profilen från standard in).",
    "A ruleset file, or the id of a bundled ruleset, whose remiss is answered (default: the bundled ruleset sent "
    "out for consultation, tsp-2018-2021).":
        "En regelverksfil, eller id för ett medföljande regelverk, vars remiss besvaras (standard: det medföljande "
        "regelverk som skickades på remiss, tsp-2018-2021).",
    "The answer's date (default: today, with a warning when outside the remiss period).":
        "Svarets datum (standard: i dag, med en varning om det ligger utanför remisstiden).",
    "The proposed decision: overlamna (default: submit the report as the answer), or tillstyrka / avstyrka the "
    "proposal and submit the report.":
        "Förslaget till beslut: overlamna (standard: överlämna tjänsteutlåtandet som svar på remissen), eller "
        "tillstyrka / avstyrka förslaget och överlämna tjänsteutlåtandet.",
    "The body's own diary number of the matter (default: a placeholder).":
        "Ärendets diarienummer hos nämnden eller bolaget (standard: en platshållare).",
    "The officer's name (default: a placeholder).": "Handläggarens namn (standard: en platshållare).",
    "The administration writing the report (default: from the body's kind, or a placeholder).":
        "Förvaltningen som skriver utlåtandet (standard: efter slaget av nämnd eller bolag, annars en "
        "platshållare).",
    "The date of the meeting the report goes to.": "Datum för det sammanträde som utlåtandet går till.",
    "markdown (default), text or docx (default from the -o suffix: .docx, .txt).":
        "markdown (standard), text eller docx (standard efter filändelsen i -o: .docx, .txt).",
    # diff
    "Compare two JSON reports (e.g. last year's review and this year's): new gaps, closed gaps, other "
    "status changes, waivers granted and ended, bodies and obligations added or removed.":
        "Jämför två JSON-rapporter (t.ex. förra årets granskning och årets): nya brister, åtgärdade brister, "
        "andra statusändringar, beviljade och upphörda beslut om undantag, tillkomna och borttagna nämnder, "
        "bolag och skyldigheter.",
    "Output format.": "Format för utdata.",
    # due
    "List, in date order, every finding that will change status after --from up to --until if nothing new "
    "is added: evidence ageing past its cadence or expiring, the T2 date, a term's deadline, a decision "
    "running out; and the target dates of open actions, with who is responsible. Without --ruleset, the "
    "bundled rulesets in force on some day of the window are used.":
        "Lista i datumordning varje resultat som byter status efter --from till och med --until om inget nytt "
        "tillkommer: underlag som blir för gammalt eller upphör att gälla, datumet för tertialrapport 2, sista "
        "dagen i en mandatperiod, ett beslut som löper ut; och måldatumen för öppna åtgärder, med vem som är "
        "ansvarig. Utan --ruleset används de inbyggda regelverk som gäller någon dag i perioden.",
    "The start of the window, as a check date (default: today).":
        "Periodens början, som kontrolldatum (standard: i dag).",
    "The last day of the window (e.g. the next review).": "Periodens sista dag (t.ex. nästa granskning).",
    "Output format (ics needs -o).": "Format för utdata (ics kräver -o).",
    "With --format ics: the reminder this many days ahead of each change.":
        "Med --format ics: påminnelsen så här många dagar före varje ändring.",
    "Also write one calendar (ICS) per responsible role, with its open actions' target dates, into FOLDER.":
        "Skriv också en kalender (ICS) per ansvarig roll, med måldatumen för dess öppna åtgärder, i FOLDER.",
    # test
    "Run the scenario tests under DIR (default: the current folder): every folder holding a profile.yaml "
    "and an expected.yaml. Prints a diff of what differs; exit code 1 if any fails. Each scenario is checked as "
    "tsp-check check would check its profile on its as_of: against the rulesets its expected.yaml names "
    "(ruleset:), else those given with --ruleset, else the bundled rulesets in force.":
        "Kör scenariotesterna under DIR (standard: den aktuella mappen): varje mapp med en profile.yaml och en "
        "expected.yaml. Skriver ut det som skiljer; slutkod 1 om något scenario inte går igenom. Varje scenario "
        "kontrolleras så som tsp-check check skulle kontrollera dess profil på dess as_of: mot de regelverk som "
        "anges i dess expected.yaml, annars de som anges med --ruleset, annars de medföljande regelverk som "
        "gäller då.",
    "A ruleset file, or the id of a bundled ruleset; give it more than once for several. Default: for each "
    "scenario, the rulesets its expected.yaml names, else the bundled rulesets in force on its as_of.":
        "En regelverksfil, eller id för ett medföljande regelverk; ange flera gånger för flera. Standard: för "
        "varje scenario de regelverk som dess expected.yaml anger, annars de medföljande regelverk som gäller på "
        "dess as_of.",
    "Show only the scenarios that fail, and the summary.":
        "Visa bara de scenarier som inte går igenom, och sammanfattningen.",
    # new
    "Write a profile skeleton for a new body: every trait with its allowed values (left unassessed), a "
    "commented example of every evidence kind, and an empty list of decisions. Without --ruleset, the bundled "
    "rulesets in force on --as-of (default: today) are used; --ruleset may be given more than once.":
        "Skriv ett profilskelett för en ny nämnd eller ett nytt bolag: varje egenskap med sina tillåtna värden "
        "(obesvarade), ett kommenterat exempel på varje slags underlag och en tom lista med beslut. Utan "
        "--ruleset används de medföljande regelverk som gäller på --as-of (standard: i dag); --ruleset kan anges "
        "flera gånger.",
    "A ruleset file, or the id of a bundled ruleset; give it more than once for several. Default: the bundled "
    "rulesets in force on --as-of.":
        "En regelverksfil, eller id för ett medföljande regelverk; ange flera gånger för flera. Standard: de "
        "medföljande regelverk som gäller på --as-of.",
    "The date whose bundled rulesets the skeleton is for, without --ruleset (default: today).":
        "Det datum vars gällande medföljande regelverk skelettet görs för, utan --ruleset (standard: i dag).",
    "facknamnd, stadsdelsnamnd, kommunstyrelse or bolag (å, ä, ö accepted).":
        "facknamnd, stadsdelsnamnd, kommunstyrelse eller bolag (å, ä och ö går också bra).",
    "The body's name, e.g. 'Miljö- och hälsoskyddsnämnden'.":
        "Nämndens eller bolagets namn, t.ex. 'Miljö- och hälsoskyddsnämnden'.",
    "Language of the comments.": "Språk för kommentarerna.",
    "Write the profile to FILE instead of standard output.":
        "Skriv profilen till FILE i stället för till standard ut.",
    "Overwrite FILE if it exists.": "Skriv över FILE om den finns.",
    # questionnaire
    "Write an Excel questionnaire for one body: traits with dropdowns, evidence, decisions, actions and "
    "instructions; pre-filled from PROFILE, or empty for a new body (--kind and --name). Without --ruleset, the "
    "bundled rulesets in force on --as-of (default: today) are used; --ruleset may be given more than once.":
        "Skriv en enkät i Excel för en nämnd eller ett bolag: egenskaper med listrutor, underlag, beslut, "
        "åtgärder och instruktioner; ifylld från PROFILE, eller tom för en ny nämnd eller ett nytt bolag (--kind "
        "och --name). Utan --ruleset används de medföljande regelverk som gäller på --as-of (standard: i dag); "
        "--ruleset kan anges flera gånger.",
    "Write a draft internkontrollplan for the bodies' gaps, unassessed obligations and open actions: an Excel "
    "workbook (and with --docx a Word appendix) to be adopted by the nämnd. Likelihood and consequence are left "
    "for people to score.":
        "Skriv ett utkast till internkontrollplan för nämndernas och bolagens brister, ej bedömda skyldigheter "
        "och öppna åtgärder: en Excelbok (och med --docx en bilaga i Word) att fastställas av nämnden. "
        "Sannolikhet och konsekvens lämnas åt verksamheten att bedöma.",
    "Also write the plan as a Word appendix (.docx).": "Skriv också planen som en bilaga i Word (.docx).",
    "The date the workbook is made for (default: today): without --ruleset, its bundled rulesets in force are "
    "asked about; with PROFILE, its gaps and unassessed obligations fill the actions sheet; it is also the "
    "workbook's creation date.":
        "Det datum enkäten görs för (standard: i dag): utan --ruleset frågar den efter de medföljande regelverk "
        "som gäller då; med PROFILE fyller bristerna och de ej bedömda skyldigheterna det datumet bladet "
        "Åtgärder; det är också arbetsbokens datum i dokumentegenskaperna.",
    "Without PROFILE: facknamnd, stadsdelsnamnd, kommunstyrelse or bolag.":
        "Utan PROFILE: facknamnd, stadsdelsnamnd, kommunstyrelse eller bolag.",
    "Without PROFILE: the body's name.": "Utan PROFILE: nämndens eller bolagets namn.",
    "Language of the workbook.": "Arbetsbokens språk.",
    "The workbook to write (.xlsx).": "Arbetsboken som skrivs (.xlsx).",
    # import
    "Read a questionnaire (made with tsp-check questionnaire and filled in) and write the profile (YAML); it "
    "is checked like any profile: against the rulesets given with --ruleset, or else against every bundled "
    "ruleset, as check does when it chooses the rulesets by date.":
        "Läs en ifylld enkät (gjord med tsp-check questionnaire) och skriv profilen (YAML); den kontrolleras som "
        "varje annan profil: mot de regelverk som anges med --ruleset, annars mot alla medföljande regelverk, så "
        "som check gör när regelverken väljs efter datum.",
    "A ruleset file, or the id of a bundled ruleset; give it more than once for several. Default: every bundled "
    "ruleset, as check accepts a profile without --ruleset.":
        "En regelverksfil, eller id för ett medföljande regelverk; ange flera gånger för flera. Standard: alla "
        "medföljande regelverk, så som check godtar en profil utan --ruleset.",
    "Language of the comment at the top of the profile.": "Språk för kommentaren överst i profilen.",
    "Write the profile to FILE (atomically) instead of standard output.":
        "Skriv profilen till FILE (en avbruten körning lämnar en befintlig fil orörd) i stället för till "
        "standard ut.",
    # oscal
    "Write OSCAL (JSON): 'catalog', the rulesets as a catalog of controls; or 'results PATH...', the check of "
    "the profiles as assessment results, each finding an observation and a finding with its status, reasons and "
    "source. Without --ruleset, the bundled rulesets in force on the check date are used.":
        "Skriv OSCAL (JSON): 'catalog', regelverken som en katalog över kontroller; eller 'results PATH...', "
        "kontrollen av profilerna som bedömningsresultat, varje resultat en iakttagelse och ett fynd med status, "
        "skäl och källa. Utan --ruleset används de medföljande regelverk som gäller på kontrolldatumet.",
    "Write the OSCAL document to FILE (atomically) instead of standard output ('-': standard output).":
        "Skriv OSCAL-dokumentet till FILE (en avbruten körning lämnar en befintlig fil orörd) i stället för till "
        "standard ut ('-': standard ut).",
    # rulesets, diff-rulesets
    "List the bundled rulesets with their periods and which are in force on the date (default: today).":
        "Lista de medföljande regelverken med deras perioder och vilka som gäller på datumet (standard: i dag).",
    "What changed from ruleset A to ruleset B (each a file or the id of a bundled ruleset).":
        "Visa vad som ändrats från regelverk A till regelverk B (vart och ett en fil eller id för ett medföljande "
        "regelverk).",
}
"""Each command's and option's help text (as the command modules write it, in English, with its white space
run together) in Swedish."""

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils",
                  "_termui_impl", "shell_completion")
"""click's modules that word messages (``_winconsole`` too, but it is imported on Windows only)."""

NOUNS: dict[str, Text] = {"file": Text("filen", "file"), "directory": Text("katalogen", "directory"),
                          "path": Text("sökvägen", "path")}
"""What click calls a path argument (``click.Path``'s ``name``), looked up when the message is written."""


class _Noun(str):
    """click's ``_("path")``, asked once when a command is declared (at import, before any language is
    known) and shown capitalised (``.title()``) in a message: a word that takes the language of the moment
    it is shown."""

    __slots__ = ()

    def title(self) -> str:
        word = NOUNS[str(self)].get(current_error_language())
        return word[:1].upper() + word[1:]


_RUNNING: contextvars.ContextVar[bool] = contextvars.ContextVar("tsp_click_running", default=False)
"""True while the command line runs: click's messages are then worded in the error language. Texts click
words while commands are declared (at import: the help of ``--version``) stay English, and the help pages put
them in Swedish (:func:`swedish_help`)."""

_STRAIGHT = re.compile(r"'([^'\s][^'\n]*?)'")


def curly(text: str) -> str:
    """click's straight quotes ('--format', 'pdf', made with repr inside click) as the glossary's ”…”."""
    return _STRAIGHT.sub(lambda m: f"”{m.group(1)}”", text)


def _swedish_show(original: Any) -> Any:
    def show(self: click.ClickException, file: Any = None) -> None:
        if current_error_language() != "sv":
            original(self, file)
            return
        buffer = io.StringIO()
        original(self, buffer)
        click.echo(curly(buffer.getvalue()), file=file if file is not None else sys.stderr, nl=False)

    show.__wrapped__ = original  # type: ignore[attr-defined]
    return show


def gettext_sv(message: str) -> str:
    """click's ``_``: ``message`` in the current error language (a path's noun: in the language of the
    moment it is shown, see :class:`_Noun`)."""
    if message in NOUNS:
        return _Noun(message)
    if _RUNNING.get() and current_error_language() == "sv":
        return CLICK_SV.get(message, message)
    return message


def ngettext_sv(singular: str, plural: str, n: int) -> str:
    """click's ``ngettext``: the singular or plural of a message in the current error language."""
    if _RUNNING.get() and current_error_language() == "sv" and (singular, plural) in CLICK_SV_PLURAL:
        singular, plural = CLICK_SV_PLURAL[(singular, plural)]
    return singular if n == 1 else plural


def install() -> None:
    """Point click's message functions at the Swedish ones (idempotent)."""
    import importlib

    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext_sv  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext_sv  # type: ignore[attr-defined]
    for cls in (click.ClickException, click.UsageError):  # every error click writes goes through show()
        if not hasattr(cls.__dict__["show"], "__wrapped__"):
            cls.show = _swedish_show(cls.__dict__["show"])  # type: ignore[method-assign]


def language_of(args: Sequence[str]) -> Lang:
    """The language asked for on the command line (``--lang en`` or ``--lang=en``; Swedish otherwise). Read
    before click parses anything, so that its own errors are worded in it too."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang=en" or (arg == "--lang" and i + 1 < len(args) and args[i + 1] == "en"):
            return "en"
    return "sv"


def asks_for_help(args: Sequence[str], help_names: Sequence[str]) -> bool:
    """Whether this command line shows a help page (a help option, or a group called without a command, perhaps
    with ``--lang`` alone)."""
    rest = [arg for i, arg in enumerate(args)
            if not (arg.startswith("--lang=") or arg == "--lang" or (i and args[i - 1] == "--lang"))]
    return not rest or any(arg in help_names for arg in args if arg != "--")


def help_key(text: str) -> str:
    """A help text as :data:`HELP_SV` knows it: white space (a docstring's line breaks) run together."""
    return " ".join(text.split())


def help_sv(text: str) -> str:
    """The Swedish of a help text (click's own, for ``--version``, or a command's); as it is if unknown."""
    key = help_key(text)
    return HELP_SV.get(key) or CLICK_SV.get(key) or text


def _commands(group: click.Command) -> Iterator[click.Command]:
    yield group
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            yield from _commands(group.commands[name])


@contextlib.contextmanager
def swedish_help(group: click.Command) -> Iterator[None]:
    """Every command's and option's help text in Swedish while the block runs (put back afterwards)."""
    saved: list[tuple[Any, str, Any]] = []

    def swap(obj: Any, attr: str, value: Any) -> None:
        saved.append((obj, attr, getattr(obj, attr)))
        setattr(obj, attr, value)

    try:
        for command in _commands(group):
            if command.help:
                swap(command, "help", help_sv(command.help))
            for param in command.params:
                text = getattr(param, "help", None)
                if text:
                    swap(param, "help", help_sv(text))
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


class SwedishGroup(click.Group):
    """A group whose command line speaks Swedish unless ``--lang en`` is given: click's own messages, the
    usage line and the help pages."""

    def main(self, args: Sequence[str] | None = None, *pos: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = language_of(argv)
        install()
        help_names = self.context_settings.get("help_option_names", ["--help"])
        token = _RUNNING.set(True)
        with error_language(lang), contextlib.ExitStack() as stack:
            stack.callback(_RUNNING.reset, token)
            if lang == "sv" and asks_for_help(argv, help_names):
                stack.enter_context(swedish_help(self))
            return super().main(argv, *pos, **kwargs)


install()  # before any command declares a click.Path: its noun must be a _Noun
