"""Describing obligations in words: ``tsp-check explain`` and the generated ``docs/obligations*.md``.

Everything here is read from the compiled ruleset, so the documentation cannot drift from the rules:
``python -m tsp_rules.authoring.docgen --lang sv > docs/obligations.md`` regenerates the Swedish file (``--lang en``
the English one, ``docs/obligations.en.md``), and a test fails when a committed file is out of step.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tsp_rules.model import conditions as C
from tsp_rules.model import i18n, provenance
from tsp_rules.model.compiler import load_ruleset
from tsp_rules.model.ruleset import Citation, EvidenceRequirement, Ground, Lang, Obligation, Requirement, Ruleset, Text
from tsp_rules.texts import date_words, fill, month_day_words, organ

WORDS: dict[str, Text] = {
    "obligation": Text("Skyldighet", "Obligation"),
    "applies_to": Text("Gäller", "Applies to"),
    "condition": Text("enligt profilen, när", "by the profile, when"),
    "requirement": Text("Krav", "Requirement"),
    "evidence": Text("Underlag som uppfyller kravet", "Evidence that meets it"),
    "cadence": Text("aktualitetskrav", "how recent"),
    "content": Text("krav på innehållet: att", "required contents: that"),
    "grounds": Text("Undantag och anpassningar", "Exemptions and tailoring"),
    "no_grounds": Text("Inga undantagsgrunder gäller denna skyldighet.",
                       "No exemption ground affects this obligation."),
    "not_applicable": Text("ej tillämplig", "not applicable"),
    "tailored": Text("anpassat krav", "tailored requirement"),
    "when": Text("när", "when"),
    "rationale": Text("Motivering", "Rationale"),
    "citation": Text("Källa", "Source"),
    "text_basis": Text("Källa för texten", "Source of the text"),
    "scope_basis": Text("Grund för vem den gäller", "Basis of whom it applies to"),
    "evidence_basis": Text("grund för underlaget", "basis of the evidence"),
    "cadence_basis": Text("grund för aktualitetskravet", "basis of the interval"),
    "tailoring_basis": Text("Grund för anpassningen", "Basis of the tailoring"),
    "after_part": Text("Från och med {date}, sedan {part} hade ersatts", "From {date}, once {part} had been replaced"),
    "period": Text("Giltig", "In force"),
    "section": Text("avsnitt", "section"),
    "or": Text("eller", "or"),
    "all_of": Text("alla dessa krävs", "all of these are required"),
    "precedence": Text(
        "Ordning: en grund som gör skyldigheten ej tillämplig går före ett beviljat beslut och en anpassning; "
        "saknas uppgiften som en grund bygger på blir skyldigheten ej bedömd.",
        "Precedence: a ground that makes the obligation not applicable comes before a granted decision and a "
        "tailoring; where the profile lacks the trait a ground rests on, the obligation is not assessed.",
    ),
    "t2_detail": Text("rapporteras med tertialrapport 2; före {date} varje år krävs föregående års rapport",
                      "reported with tertialrapport 2; before {date} each year, the previous year's report is "
                      "required"),
    "term_detail": Text(
        "mandatperiodens underlag, senast {due} året efter valet (val {years}); dessförinnan räknas förra periodens",
        "the term's evidence, due by {due} in the year after the election (elections {years}); until then the "
        "previous term's counts",
    ),
    "ruleset_line": Text("Regelverk {id} {version}, giltigt {valid_from} – {valid_to}.",
                         "Ruleset {id} {version}, valid {valid_from} – {valid_to}."),
}


def word(key: str, lang: Lang) -> str:
    return WORDS[key].get(lang)


def cadence_text(option: EvidenceRequirement, ruleset: Ruleset, lang: Lang) -> str:
    cad, params = option.cadence, ruleset.parameters
    label = i18n.cadence_label(cad.kind, cad.months, lang)
    if cad.kind == "t2" and params.t2_date:
        return f"{label} ({word('t2_detail', lang).format(date=month_day_words(params.t2_date, lang))})"
    if cad.kind == "term" and (cad.due or params.term_due):
        years = ", ".join(str(y) for y in params.election_years)
        due = month_day_words(cad.due or params.term_due or "", lang)
        return f"{label} ({word('term_detail', lang).format(due=due, years=years)})"
    return label


def option_text(option: EvidenceRequirement, ruleset: Ruleset, lang: Lang) -> str:
    kinds = " / ".join(ruleset.evidence_kinds[k].title.get(lang) for k in option.kinds)
    out = f"{kinds} — {word('cadence', lang)}: {cadence_text(option, ruleset, lang)}"
    if option.content != C.ALWAYS:
        out += f"; {word('content', lang)} {i18n.describe(option.content, ruleset, lang)}"
    if option.description is not None:
        out += f" ({organ(option.description).get(lang)})"
    if option.basis:
        out += f"; {word('evidence_basis', lang)}: {provenance.citations_text(option.basis, lang)}"
    if option.cadence.basis:
        out += f"; {word('cadence_basis', lang)}: {provenance.citations_text(option.cadence.basis, lang)}"
    return out


def requirement_lines(req: Requirement, ruleset: Ruleset, lang: Lang, indent: str = "") -> list[str]:
    """The requirement's description, then one line per evidence item (alternatives joined by 'or')."""
    lines = [f"{indent}{organ(req.description).get(lang)}."]
    for item in req.items:
        alternatives = [option_text(o, ruleset, lang) for o in item.options]
        lines.append(f"{indent}- " + f" **{word('or', lang)}** ".join(alternatives))
    if req.basis:
        lines.append(f"{indent}- {word('evidence_basis', lang).capitalize()}: "
                     f"{provenance.citations_text(req.basis, lang)}")
    if req.later is not None and req.later_from is not None and req.later_part is not None:
        after = word("after_part", lang).format(date=date_words(req.later_from, lang),
                                                part=req.later_part.title.get(lang))
        lines.append(f"{indent}- {after}:")
        lines.extend(requirement_lines(req.later, ruleset, lang, indent=f"{indent}  "))
    return lines


def citation_text(citation: Citation, lang: Lang) -> str:
    return provenance.citation_text(citation, lang)


def condition_text(cond: C.Condition, ruleset: Ruleset, lang: Lang) -> str:
    """The condition in words, addressing no body in particular ("nämnden eller bolaget")."""
    return i18n.describe(cond, ruleset, lang)


def ground_lines(ground: Ground, ob: Obligation, ruleset: Ruleset, lang: Lang) -> list[str]:
    effect = word("not_applicable", lang) if ob.id in ground.not_applicable else word("tailored", lang)
    lines = [f"- **{ground.title.get(lang)}** (`{ground.id}`): {effect}, {word('when', lang)} "
             f"{condition_text(ground.when, ruleset, lang)}."]
    if ob.id in ground.tailored:
        lines.append(f"  - {word('tailored', lang).capitalize()}:")
        lines.extend(requirement_lines(ground.tailored[ob.id], ruleset, lang, indent="    "))
        if ground.tailored[ob.id].basis:
            lines.append(f"  - {word('tailoring_basis', lang)}: "
                         f"{provenance.citations_text(ground.tailored[ob.id].basis, lang)}")
    lines.append(f"  - {word('rationale', lang)}: {organ(ground.rationale).get(lang)}")
    lines.append(f"  - {word('citation', lang)}: {provenance.citations_text(ground.citations, lang)}")
    return lines


def obligation_lines(ob: Obligation, ruleset: Ruleset, lang: Lang, heading: str = "##") -> list[str]:
    """One obligation in Markdown: text, scope, requirement, grounds, citation."""
    focus = i18n.FOCUS_AREAS[ob.focus_area].get(lang) if ob.focus_area in i18n.FOCUS_AREAS else ob.focus_area
    lines = [f'<a id="{ob.id.lower()}"></a>', "", f"{heading} {ob.id}: {ob.title.get(lang)}", "", f"*{focus}*", "",
             f"**{word('obligation', lang)}.** {ob.text.get(lang)}", "",
             f"**{word('applies_to', lang)}:** {organ(ob.applies_to).get(lang)}"]
    if ob.applies_when != C.ALWAYS:
        lines[-1] += f" ({word('condition', lang)} {condition_text(ob.applies_when, ruleset, lang)})"
    lines += ["", f"**{word('requirement', lang)}** ({word('evidence', lang).lower()}):", ""]
    lines += requirement_lines(ob.requirement, ruleset, lang)
    grounds = [*ruleset.exempting(ob.id), *ruleset.tailoring(ob.id)]
    lines += ["", f"**{word('grounds', lang)}:**", ""]
    if grounds:
        for ground in grounds:
            lines += ground_lines(ground, ob, ruleset, lang)
    else:
        lines.append(word("no_grounds", lang))
    lines += ["", f"**{word('text_basis', lang)}:** {provenance.citations_text(ob.citations, lang)}", ""]
    if ob.applies_basis:
        lines += [f"**{word('scope_basis', lang)}:** {provenance.citations_text(ob.applies_basis, lang)}", ""]
    if ob.part is not None:
        start, end = (date_words(d, lang) if d else "" for d in (ob.valid_from, ob.valid_to))
        period = f"{start} – {end}"
        lines += [f"**{word('period', lang)}:** {period} ({ob.part.title.get(lang)})", ""]
    return lines


TITLES: dict[str, Text] = {
    "doc": Text("Skyldigheter", "Obligations"),
    "generated": Text(
        "Genererad från regelverket med `python -m tsp_rules.authoring.docgen --lang sv`; redigera regelverket, "
        "inte denna fil.",
        "Generated from the ruleset with `python -m tsp_rules.authoring.docgen --lang en`; edit the ruleset, "
        "not this file.",
    ),
    "overview": Text("Översikt", "Overview"),
    "columns": Text("| Id | Skyldighet | Gäller | Aktualitetskrav |", "| Id | Obligation | Applies to | How recent |"),
    "grounds": Text("Undantagsgrunder", "Exemption grounds"),
    "effects": Text("Verkan", "Effect"),
}


def render(ruleset: Ruleset, lang: Lang) -> str:
    """The whole Markdown document for ``ruleset`` in ``lang``."""
    t = {k: v.get(lang) for k, v in TITLES.items()}
    lines = [f"# {t['doc']}: {ruleset.title.get(lang)}", "",
             f"<!-- {t['generated']} -->", "",
             fill(WORDS["ruleset_line"], lang, id=f"`{ruleset.id}`", version=ruleset.version,
                  valid_from=ruleset.valid_from, valid_to=ruleset.valid_to), "",
             word("precedence", lang), "",
             f"## {t['overview']}", "", t["columns"], "|---|---|---|---|"]
    for ob in ruleset.obligations:
        cadences = sorted({i18n.cadence_label(o.cadence.kind, o.cadence.months, lang)
                           for item in ob.requirement.items for o in item.options})
        lines.append(f"| [{ob.id}](#{ob.id.lower()}) | {ob.title.get(lang)} | {organ(ob.applies_to).get(lang)} | "
                     f"{'; '.join(cadences)} |")
    lines.append("")
    for ob in ruleset.obligations:
        lines += obligation_lines(ob, ruleset, lang)
    lines += [f"## {t['grounds']}", ""]
    for ground in ruleset.grounds:
        effects = ", ".join(
            f"{oid} ({word('not_applicable', lang) if oid in ground.not_applicable else word('tailored', lang)})"
            for oid in [*ground.not_applicable, *ground.tailored])
        lines += [f"### {ground.id}: {ground.title.get(lang)}", "",
                  f"- {word('when', lang).capitalize()}: {condition_text(ground.when, ruleset, lang)}",
                  f"- {t['effects']}: {effects}",
                  f"- {word('rationale', lang)}: {organ(ground.rationale).get(lang)}",
                  f"- {word('citation', lang)}: {provenance.citations_text(ground.citations, lang)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tsp_rules.authoring.docgen", description=__doc__)
    parser.add_argument("--lang", choices=["sv", "en"], default="sv")
    parser.add_argument("--ruleset", default=None, help="a ruleset file or bundled id (default: tsp-2018-2021)")
    args = parser.parse_args(argv)
    lang: Lang = "en" if args.lang == "en" else "sv"
    sys.stdout.write(render(load_ruleset(args.ruleset), lang))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
