"""A commented profile skeleton for a new body (``tsp-check new``), and the descriptions of traits and
evidence kinds that the skeleton and the Excel questionnaire share.

The skeleton loads without error: every trait is ``unassessed``, evidence is left out (not assessed: the
obligations that need it are ``not_assessed``) with a commented example of every evidence kind, and
the decisions list is empty.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Sequence

from tsp_rules.errors import UsageError, message
from tsp_rules.model import conditions as C
from tsp_rules.model.ruleset import EvidenceRequirement, Labels, Lang, Requirement, Ruleset, Text
from tsp_rules.texts import and_list

BODY_KINDS: tuple[str, ...] = ("facknamnd", "stadsdelsnamnd", "kommunstyrelse", "bolag")

TEXT: dict[str, Text] = {
    "bool": Text("ja eller nej: true eller false", "yes or no: true or false"),
    "enum": Text("ett av: {values}", "one of: {values}"),
    "set": Text("en lista med inga, ett eller flera av: {values}", "a list of none, one or more of: {values}"),
    "int": Text("ett heltal", "a whole number"),
    "unassessed": Text("unassessed tills det är känt", "unassessed until known"),
    "header": Text(
        "Profil för {name}, skapad med tsp-check new mot {rulesets}.\n"
        "Fyll i egenskaperna och underlagen och kontrollera sedan profilen med: tsp-check check FIL\n"
        "Egenskaper som lämnas som unassessed och underlag som inte har inventerats ger status ej bedömt, aldrig\n"
        "uppfyllt.",
        "Profile of {name}, made with tsp-check new against {rulesets}.\n"
        "Fill in the traits and the evidence, then check the profile with: tsp-check check FILE\n"
        "Traits left unassessed and evidence not yet inventoried give the status not assessed, never met."),
    "traits": Text("Egenskaper: ersätt unassessed med värdet när det är känt.",
                   "Traits: replace unassessed with the value once it is known."),
    "evidence": Text(
        "Underlag: ta bort kommentartecknen framför ett exempel och fyll i datum (ÅÅÅÅ-MM-DD) och referens\n"
        "(diarienummer eller titel), ett exempel per dokument. Lämnas listan tom (evidence: []) betyder det att\n"
        "underlag saknas, vilket ger brister; utan några underlag alls bedöms de inte.",
        "Evidence: uncomment an example and fill in the date (YYYY-MM-DD) and the reference (diarienummer or\n"
        "title), one example per document. An empty list (evidence: []) means no evidence is held, which gives\n"
        "gaps; with no evidence at all it is not assessed."),
    "used_by": Text("krävs för: {obligations}", "needed for: {obligations}"),
    "optional": Text("valfritt", "optional"),
    "decisions": Text(
        "Beslut (anvisningar eller undantag) för enskilda skyldigheter, till exempel:",
        "Decisions (instructions or waivers) for single obligations, for example:"),
    "date": Text("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    "reference": Text("diarienummer eller titel", "diarienummer or title"),
    "valid_until": Text("giltigt till (valfritt)", "valid until (optional)"),
    "decided_by": Text("Stadsledningskontoret", "Stadsledningskontoret"),
    "valid_from": Text("första dagen nämnden eller bolaget finns, om den är ny (valfritt)",
                       "the first day the body exists, if it is new (optional)"),
    "valid_to": Text("sista dagen, om den har upphört (valfritt)", "the last day, if it has ceased (optional)"),
    "successor": Text("id för den som tog över efter sista dagen (valfritt)",
                      "id of the body that took over after the last day (optional)"),
    "justification": Text("varför skyldigheten inte ska gälla", "why the obligation is waived"),
}

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o", "é": "e", "ü": "u"})


def slugify(name: str) -> str:
    """The profile id for a body's name: ASCII, lower case, å and ä → a, ö → o, other runs → one hyphen."""
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD).lower())
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:100].strip("-")


def fold_kind(kind: str) -> str:
    """A kind of body as written (å/ä/ö accepted), or UsageError listing the kinds."""
    folded = kind.strip().lower().translate(_FOLD)
    if folded not in BODY_KINDS:
        raise UsageError(message("unknown_body_kind", kind=repr(kind), items=", ".join(BODY_KINDS)))
    return folded


def ruleset_words(rulesets: Sequence[Ruleset], lang: Lang) -> str:
    """'regelverket tsp-2018-2021 2.2.0' / 'regelverken lagkrav-kommun 1.1.0 och tsp-2018-2021 2.2.0' (English:
    'the ruleset …', 'the rulesets … and …')."""
    names = [f"{rs.id} {rs.version}" for rs in rulesets]
    if lang == "en":
        return ("the ruleset " if len(names) == 1 else "the rulesets ") + and_list(names, lang)
    return ("regelverket " if len(names) == 1 else "regelverken ") + and_list(names, lang)


def domain_help(domain: C.Domain, lang: Lang, labels: Labels | None = None) -> str:
    """What values a trait or content field takes, in words; an enum or set value with a label in the ruleset
    (``value_titles``) is followed by it, e.g. "energy (energi)"."""
    def value(v: str) -> str:
        label = labels.values.get(v) if labels is not None and domain.type in ("enum", "set") else None
        return f"{v} ({label.get(lang)})" if label is not None else v
    return TEXT[domain.type].get(lang).format(values=", ".join(value(v) for v in domain.values))


def traits(ruleset: Ruleset) -> list[str]:
    """The traits a profile gives (``kind`` is the profile's own, not a trait to fill in)."""
    return [name for name in ruleset.traits if name != "kind"]


def _requirement_kinds(req: Requirement) -> Iterator[str]:
    def items(item: EvidenceRequirement) -> Iterator[str]:
        yield from item.kinds
        for alt in item.alternatives:
            yield from items(alt)

    for item in req.items:
        yield from items(item)


def kind_users(ruleset: Ruleset) -> dict[str, list[str]]:
    """For each evidence kind, the obligations whose requirement (or a tailored one) names it, in order."""
    users: dict[str, list[str]] = {k: [] for k in ruleset.evidence_kinds}
    for ob in ruleset.obligations:
        reqs = [ob.requirement, *(g.tailored[ob.id] for g in ruleset.grounds if ob.id in g.tailored)]
        for req in reqs:
            for kind in _requirement_kinds(req):
                if kind in users and ob.id not in users[kind]:
                    users[kind].append(ob.id)
    return users


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines()]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def skeleton(ruleset: Ruleset, kind: str, name: str, lang: Lang = "sv", *, rulesets: Sequence[Ruleset] = ()
             ) -> str:
    """The commented YAML skeleton of a profile for the body ``name`` of ``kind``; ``ruleset`` may be the union
    of several (``rulesets``, named in the header)."""
    kind = fold_kind(kind)
    if not name.strip():
        raise UsageError(message("empty_name"))
    slug = slugify(name)
    if not slug:
        raise UsageError(message("no_slug", name=repr(name)))
    t = {k: v.get(lang) for k, v in TEXT.items()}
    lines = _comment(t["header"].format(name=name.strip(), rulesets=ruleset_words(rulesets or (ruleset,), lang)))
    lines += ["format: tsp-profile/1", "profile:", f"  id: {slug}", f"  name: {_q(name.strip())}",
              f"  kind: {kind}", "  illustrative: false",
              f"  # valid_from: {t['date']}    # {t['valid_from']}",
              f"  # valid_to: {t['date']}      # {t['valid_to']}",
              f"  # successor: id         # {t['successor']}", "", *_comment(t["traits"]), "traits:"]
    for trait_name in traits(ruleset):
        trait = ruleset.traits[trait_name]
        lines += _comment(trait.title.get(lang), "  ")
        lines += _comment(domain_help(trait.domain, lang, trait.labels), "  ")
        if trait.description:
            lines += _comment(trait.description.get(lang), "  ")
        lines.append(f"  {trait_name}: unassessed")
    lines += ["", *_comment(t["evidence"]), "evidence:"]
    users = kind_users(ruleset)
    for kind_id, ev in ruleset.evidence_kinds.items():
        lines.append(f"  # {ev.title.get(lang)}")
        if users[kind_id]:
            lines.append(f"  # ({t['used_by'].format(obligations=', '.join(users[kind_id]))})")
        lines += [f"  # - kind: {kind_id}", f"  #   date: {t['date']}", f"  #   reference: {_q(t['reference'])}",
                  f"  #   valid_until: {t['date']}    # {t['optional']}"]
        if ev.content:
            lines.append("  #   content:")
            for field, domain in ev.content.items():
                lines.append(f"  #     {field}:     # {domain_help(domain, lang)}")
    first = ruleset.obligations[0].id if ruleset.obligations else "OBLIGATION-ID"
    lines += ["", *_comment(t["decisions"]),
              f"#   - obligation: {first}", f"#     reference: {_q(t['reference'])}",
              f"#     decided_by: {t['decided_by']}", f"#     decided_on: {t['date']}",
              f"#     valid_until: {t['date']}", f"#     justification: {_q(t['justification'])}",
              "decisions: []"]
    return "\n".join(lines) + "\n"


__all__ = ["BODY_KINDS", "domain_help", "fold_kind", "kind_users", "ruleset_words", "skeleton", "slugify",
           "traits"]
