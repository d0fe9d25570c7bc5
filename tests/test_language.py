"""Swedish a reviewer would sign, and English too (issue 9, item 5).

Every template table (reasons, explanations, warnings, conditions, renderers' fixed strings, the remiss
draft, the obligation docs, input and usage errors) is found by walking the modules, and each template is
rendered in both languages, for each kind of body, with counts 1 and 2: no identifier and no form the
glossary (docs/ordlista.md) forbids may appear in the Swedish text. Tables added later are covered as long
as they are module-level ``dict[str, Text]`` in one of :data:`MODULES`. The real outputs (the fixtures'
findings, warnings, remiss drafts, the generated docs) are scanned the same way.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import string
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tsp_rules import check as run_check
from tsp_rules.commands.cli import main
from tsp_rules.cycle.remiss import render_remiss
from tsp_rules.cycle.remiss.words import TERMS
from tsp_rules.documents.specs import BODY_KINDS
from tsp_rules.errors import ERRORS, InputError, ProfileError, message
from tsp_rules.model import conditions
from tsp_rules.model.compiler import ruleset_from_text
from tsp_rules.model.i18n import describe
from tsp_rules.model.profile import profile_from_text
from tsp_rules.model.ruleset import Ruleset
from tsp_rules.renderers.common import finding_note
from tsp_rules.texts import DATE_KEYS, Text, count, date_words, error_language, fill, organ, show

from .conftest import FIXTURES, ROOT

MODULES = ("tsp_rules.model.i18n", "tsp_rules.errors", "tsp_rules.renderers.common", "tsp_rules.renderers.markdown",
           "tsp_rules.renderers.html", "tsp_rules.cycle.remiss.words", "tsp_rules.authoring.docgen",
           "tsp_rules.cycle.city", "tsp_rules.model.provenance", "tsp_rules.cycle.due", "tsp_rules.cycle.diff",
           "tsp_rules.cycle.skeleton", "tsp_rules.cycle.questionnaire.layout")
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")


def forbidden_forms() -> list[str]:
    """The first column of the glossary's table of forbidden forms."""
    text = (ROOT / "docs" / "ordlista.md").read_text(encoding="utf-8")
    section = text.split("## Förbjudna former", 1)[1]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


FORBIDDEN = forbidden_forms()


def forbidden_in(text: str) -> list[str]:
    """Forbidden forms in ``text`` (as whole words or phrases, ignoring case)."""
    found = []
    for form in FORBIDDEN:
        left = r"\b" if form[:1].isalnum() else ""
        right = r"\b" if form[-1:].isalnum() else ""
        if re.search(left + re.escape(form) + right, text, flags=re.IGNORECASE):
            found.append(form)
    return found


def test_the_glossary_has_a_machine_readable_table_of_forbidden_forms() -> None:
    assert len(FORBIDDEN) >= 10
    assert "kadens" in FORBIDDEN and "senast 12 månader gammalt" in FORBIDDEN and "summering" in FORBIDDEN
    assert forbidden_in("Summering (1 nämnder och bolag)") == ["summering", "1 nämnder och bolag"]
    assert forbidden_in("Sammanfattning (en nämnd eller ett bolag)") == []
    assert forbidden_in("Sammanfattning (1 nämnd eller bolag)") == ["1 nämnd eller bolag"]


# ------------------------------------------------------------------------------------ the templates


def template_tables() -> dict[str, Mapping[str, Text]]:
    """Every module-level table of bilingual templates in :data:`MODULES`."""
    tables = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, dict) and value and all(isinstance(v, Text) for v in value.values()):
                tables[f"{name}.{attr}"] = value
    return tables


TABLES = template_tables()
SAMPLE = Text("Rutin för rapportering av oönskade händelser", "Routine for reporting incidents")


def sample_values(template: Text, n: int, kind: str) -> dict[str, Any]:
    """A value for every placeholder of ``template``: ``n`` for counts, a date for date keys, the body kind's
    words for the remiss draft's terms, a realistic phrase otherwise."""
    values: dict[str, Any] = {}
    for text in (template.sv, template.en):
        for _, field, spec, _ in string.Formatter().parse(text):
            if not field or field in values:
                continue
            if (spec and spec[:2] in ("d|", "w|", "s|", "m|")) or spec == "n":
                values[field] = n
            elif field in DATE_KEYS:
                values[field] = "2019-09-30"
            else:
                values[field] = SAMPLE
    return values


def rendered(template: Text, n: int, kind: str, lang: str) -> str:
    values = sample_values(template, n, kind)
    values.update(TERMS[kind][lang])  # the remiss draft's words for the kind of body
    text = fill(template, lang, **values)  # type: ignore[arg-type]
    return organ(Text(text, text), kind).get(lang)  # type: ignore[arg-type]


CASES = [(table, key) for table, entries in TABLES.items() for key in entries]


def test_every_kind_of_template_table_is_found() -> None:
    names = {t.rsplit(".", 1)[1] for t in TABLES}
    assert {"MESSAGES", "EXPLANATIONS", "CONDITIONS", "ERRORS", "WORDS", "MD", "H", "T", "TEXT"} <= names
    assert len(CASES) > 200


@pytest.mark.parametrize("kind", BODY_KINDS)
@pytest.mark.parametrize("n", [1, 2])
def test_every_template_renders_without_identifiers_or_forbidden_forms(kind: str, n: int) -> None:
    problems = []
    for table, key in CASES:
        template = TABLES[table][key]
        for lang in ("sv", "en"):
            text = rendered(template, n, kind, lang)
            assert "{organ}" not in text and "{Organ}" not in text
            if lang == "en":
                continue
            # an error names the fields of the input file in quotes, as the user must write them
            plain = re.sub(r"”[^”]*”", "”…”", text) if table.endswith("ERRORS") else text
            plain = re.sub(r"`[^`]*`|--[a-z-]+", "", plain)  # code and option names are written as they are
            if IDENTIFIER.search(plain):
                problems.append(f"{table}[{key}] has an identifier: {text}")
            if forbidden_in(plain):
                problems.append(f"{table}[{key}] has {forbidden_in(plain)}: {text}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("n", [1, 2])
def test_counts_agree_in_both_languages(n: int) -> None:
    words = {1: ("en nämnd eller ett bolag", "one committee or company"),  # in words up to twelve (issue 21)
             2: ("två nämnder och bolag", "two committees and companies")}
    from tsp_rules.renderers.common import WORDS

    assert fill(WORDS["bodies"], "sv", n=n) == words[n][0]
    assert fill(WORDS["bodies"], "en", n=n) == words[n][1]
    from tsp_rules.renderers.html import H

    assert fill(H["gaps_n"], "en", n=n) == ("1 gap" if n == 1 else "2 gaps")
    assert fill(H["gaps_n"], "sv", n=n) == ("1 brist" if n == 1 else "2 brister")


def test_numbers_dates_and_values_in_words() -> None:
    assert count(12, "en månad", "månader", "sv", words=True) == "tolv månader"
    assert count(13, "en månad", "månader", "sv", words=True) == "13 månader"
    assert count(1, "1 dag", "dagar", "sv") == "1 dag"
    assert count(10_001, "1 tecken", "tecken", "sv") == "10\u202f001 tecken"
    assert date_words("2019-09-30", "sv") == "30 september 2019"
    assert date_words(dt.date(2019, 9, 30), "en") == "30 September 2019"
    assert show("true", "sv") == "texten ”true”"
    assert show("true", "en") == "the text 'true'"
    long = show("x" * 10_001, "sv")
    assert len(long) < 120 and "… (10\u202f001 tecken)" in long


# ------------------------------------------------------------------------------ body-kind addressing


def test_organ_is_replaced_by_the_kind_of_body_and_other_braces_survive() -> None:
    text = Text("{Organ} har inget område; {organ}s ansvar {x} {}", "{Organ} has no area; {organ}'s remit {x}")
    assert organ(text, "bolag").sv == "Bolaget har inget område; bolagets ansvar {x} {}"
    assert organ(text, "kommunstyrelse").sv.startswith("Styrelsen har")
    assert organ(text, "stadsdelsnamnd").en == "The committee has no area; the committee's remit {x}"
    assert organ(text, "facknamnd").sv.startswith("Nämnden har")
    assert organ(text).sv.startswith("Nämnden eller bolaget har")
    assert organ(text).en.startswith("The committee or company has")


def test_a_rationale_reaches_a_company_as_bolaget(ruleset: Ruleset) -> None:
    ground = next(g for g in ruleset.grounds if "{Organ}" in g.rationale.sv or "{organ}" in g.rationale.sv)
    report = run_check(FIXTURES, ruleset, as_of="2019-11-30")
    kinds = {p.id: p.kind for p in report.profiles}
    seen = set()
    for f in report.findings:
        for reason in f.reasons:
            if reason.data.get("ground") == ground.id and reason.code == "exempt":
                text = reason.message("sv")
                assert "{organ}" not in text.lower()
                expected = {"bolag": "bolaget", "kommunstyrelse": "styrelsen"}.get(kinds[f.profile], "nämnden")
                assert expected in text.lower(), text
                seen.add(kinds[f.profile])
    assert seen, f"no finding cites {ground.id}"


# ------------------------------------------------------------------------------------- real outputs


def _sv_texts(ruleset: Ruleset, as_of: str) -> Iterator[tuple[str, str]]:
    report = run_check(FIXTURES, ruleset, as_of=as_of)
    for f in report.findings:
        yield f"{f.profile}/{f.obligation}", f.explanation("sv")
        yield f"{f.profile}/{f.obligation} note", finding_note(f, "sv")
    for w in report.warnings:
        yield f"warning {w.code}", w.message("sv")


@pytest.mark.parametrize("as_of", ["2019-11-30", "2020-09-01"])
def test_findings_and_warnings_of_the_fixtures_read_as_swedish(ruleset: Ruleset, as_of: str) -> None:
    ground_ids = [g.id for g in ruleset.grounds]
    problems = []
    for where, text in _sv_texts(ruleset, as_of):
        bare = re.sub(r"\([A-Z0-9-]+\)", "", text)  # an obligation id may follow in parentheses
        if IDENTIFIER.search(bare) or any(g in bare for g in ground_ids) or forbidden_in(text):
            problems.append(f"{where}: {text}")
    assert not problems, "\n".join(problems[:20])


def test_every_condition_of_the_ruleset_reads_as_swedish(ruleset: Ruleset) -> None:
    conds = [ob.applies_when for ob in ruleset.obligations] + [g.when for g in ruleset.grounds]
    conds += [o.content for ob in ruleset.obligations for item in ob.requirement.items for o in item.options]
    conds += [o.content for g in ruleset.grounds for req in g.tailored.values() for item in req.items
              for o in item.options]
    for cond in conds:
        if cond == conditions.ALWAYS:
            continue
        for kind in (*BODY_KINDS, None):
            text = describe(cond, ruleset, "sv", kind)
            assert not IDENTIFIER.search(text) and not forbidden_in(text), text
            assert ": " not in text, text  # "Risk för olyckor: low" is a label, not a sentence


def test_remiss_drafts_read_as_swedish(ruleset: Ruleset) -> None:
    for path in sorted(FIXTURES.glob("*.yaml"))[::4]:
        report = run_check(path, ruleset, as_of="2019-11-30")
        if len(report.profiles) != 1:
            continue
        text = render_remiss(report, "sv")
        assert not forbidden_in(text), (path.name, forbidden_in(text))
        assert not IDENTIFIER.search(re.sub(r"`[^`]*`", "", text)), (path.name, IDENTIFIER.findall(text))
        assert not any(f"({g.id})" in text or f" {g.id} " in text for g in ruleset.grounds), path.name


@pytest.mark.parametrize("doc", ["obligations.md"])
def test_generated_swedish_docs_follow_the_glossary(doc: str) -> None:
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    prose = re.sub(r"`[^`]*`", "", text)
    prose = re.sub(r"”[^”]*”", "”…”", prose)  # verbatim quotes from the sources stay as they are
    assert not forbidden_in(prose), forbidden_in(prose)
    assert not IDENTIFIER.search(prose), IDENTIFIER.findall(prose)[:10]


# -------------------------------------------------------------------------------- input errors


def test_errors_are_swedish_by_default_in_the_library() -> None:
    # a fresh interpreter: no test fixture has chosen a language there
    code = ("from tsp_rules import load_ruleset\n"
            "try:\n    load_ruleset('tsp-2018-2022')\nexcept Exception as exc:\n    print(exc)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "det finns ingen regelverksfil" in out and "(menade du ”tsp-2018-2021”?)" in out


def test_lang_chooses_the_language_of_library_errors() -> None:
    bad = "profile: {id: x, name: X, kind: bolag}\ntraits: {employs_staff: \"true\"}\n"
    from tsp_rules import load_ruleset

    rs = load_ruleset()
    with pytest.raises(ProfileError) as sv:
        profile_from_text(bad, "p.yaml", rs, lang="sv")
    with pytest.raises(ProfileError) as en:
        profile_from_text(bad, "p.yaml", rs, lang="en")
    assert "p.yaml:2:25: ”employs_staff”: här ska stå true eller false utan citattecken" in str(sv.value)
    assert "texten ”true”" in str(sv.value)
    assert "the text 'true'" in str(en.value)
    assert en.value.render("sv") == str(sv.value)  # every problem keeps both languages


def test_every_error_template_has_both_languages_and_the_same_placeholders() -> None:
    for code, template in ERRORS.items():
        names = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (template.sv, template.en)]
        assert names[0] == names[1], code
        assert message(code, **dict.fromkeys(names[0], 1)).sv


def test_invalid_utf8_is_located_at_the_character_column(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes("profile:\n  name: Åsa Östlund \xe4\n".encode()[:-3] + b"\xe4\n")
    with pytest.raises(InputError) as caught:
        run_check(path)
    problem = caught.value.problems[0]
    line_text = "  name: Åsa Östlund "
    assert (problem.line, problem.column) == (2, len(line_text) + 1)


def test_a_very_long_value_is_shortened_in_the_error() -> None:
    from tsp_rules import load_ruleset

    bad = "profile: {id: x, name: X, kind: bolag}\ntraits: {crime_risk: " + "x" * 10_001 + "}\n"
    with pytest.raises(ProfileError) as caught:
        profile_from_text(bad, "p.yaml", load_ruleset(), lang="en")
    text = str(caught.value)
    assert len(text) < 400 and "(10,001 characters)" in text


def test_naming_one_file_twice_does_not_blame_the_file_on_itself(tmp_path: Path) -> None:
    source = next(iter(sorted(FIXTURES.glob("*.yaml"))))
    with pytest.raises(ProfileError) as caught, error_language("sv"):
        run_check([source, source], as_of="2019-11-30")
    text = str(caught.value)
    assert "filen är angiven två gånger" in text and "används också av" not in text


def test_ruleset_errors_name_no_model_classes() -> None:
    text = (ROOT / "tests" / "data" / "invalid" / "ruleset-problems.yaml").read_text(encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ruleset_from_text(text.replace("type: boolean", "type: [1]"), "r.yaml", lang="sv")
    assert not re.search(r"[A-Z][a-z]+Spec\b", str(caught.value)), str(caught.value)


def test_every_command_takes_lang_and_reports_errors_in_it(tmp_path: Path) -> None:
    runner = CliRunner()
    for name, command in main.commands.items():
        assert any(p.name == "lang" for p in command.params), f"{name} has no --lang"
    sv = runner.invoke(main, ["check", str(tmp_path / "missing.yaml"), "--as-of", "2019-13-01"])
    en = runner.invoke(main, ["check", str(tmp_path / "missing.yaml"), "--lang", "en", "--as-of", "2019-13-01"])
    assert sv.exit_code == en.exit_code == 2
    sv = runner.invoke(main, ["explain", "FO9-NOPE"])
    en = runner.invoke(main, ["explain", "FO9-NOPE", "--lang", "en"])
    assert "har ingen skyldighet" in sv.stderr and "has no obligation" in en.stderr
    sv = runner.invoke(main, ["schema", "profile", "--ruleset", "nope"])
    en = runner.invoke(main, ["schema", "profile", "--ruleset", "nope", "--lang", "en"])
    assert "nope:1:1: det finns ingen regelverksfil" in sv.stderr
    assert "nope:1:1: no such ruleset file" in en.stderr


# ------------------------------------------------------------------------------ labels of values


def test_value_labels_are_optional_and_checked() -> None:
    base = (ROOT / "tests" / "data" / "lint" / "clean.yaml").read_text(encoding="utf-8")
    without = re.sub(r", value_titles: \{.*\}\}\}", "}", base)
    assert "value_titles" not in without.split("evidence_kinds")[0]
    rs = ruleset_from_text(without)  # an old ruleset without labels still loads
    assert describe(rs.obligations[0].applies_when, rs, "sv") != ""
    wrong = base.replace("low: {sv: låg", "lowest: {sv: låg")
    with pytest.raises(InputError) as caught:
        ruleset_from_text(wrong, "r.yaml", lang="sv")
    assert "”lowest”" in str(caught.value) and "value_titles" in str(caught.value)


def test_describe_uses_labels_and_subordinate_word_order(ruleset: Ruleset) -> None:
    ground = next(g for g in ruleset.grounds if g.when == conditions.Leaf(
        "covered_by_security_protection_act", "is", False))
    assert describe(ground.when, ruleset, "sv", "bolag") == "bolaget inte omfattas av säkerhetsskyddslagen"
    assert describe(ground.when, ruleset, "en") == "the committee or company is not covered by the Protective " \
                                                   "Security Act"
    leaf = conditions.Leaf("crime_risk", "is", "low")
    assert describe(leaf, ruleset, "sv") == "risken för brott är låg"
    assert describe(conditions.Not(leaf), ruleset, "sv") == "risken för brott inte är låg"
