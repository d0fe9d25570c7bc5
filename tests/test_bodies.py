"""Bodies in time: a body that does not exist on the check date is not checked, and the report says so.

Älvsjö and Hägersten-Liljeholmens stadsdelsnämnder end on 2020-06-30; Hägersten-Älvsjö stadsdelsnämnd,
which took over from both, exists from 2020-07-01 (fixtures/README.md says where that was verified).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tsp_rules import Profile, Ruleset, check, load_profile
from tsp_rules.checking.bodies import CODES, date_words
from tsp_rules.checking.check import evaluate
from tsp_rules.checking.schemas import profile_schema
from tsp_rules.commands.cli import main
from tsp_rules.renderers import render

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
STOCKHOLM = ROOT / "fixtures" / "stockholm"
ALVSJO = "alvsjo-stadsdelsnamnd"
HAGERSTEN_LILJEHOLMEN = "hagersten-liljeholmens-stadsdelsnamnd"
HAGERSTEN_ALVSJO = "hagersten-alvsjo-stadsdelsnamnd"
MERGED = {ALVSJO, HAGERSTEN_LILJEHOLMEN}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _json_check(*args: str) -> tuple[int, dict[str, object]]:
    code, out, err = _run("check", *TSP, *args, "--format", "json")
    assert err == "", err
    return code, json.loads(out)


@pytest.fixture(scope="module")
def merger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three district committees of the 2020 merger and one that goes on (Bromma)."""
    folder = tmp_path_factory.mktemp("merger")
    for ident in (ALVSJO, HAGERSTEN_LILJEHOLMEN, HAGERSTEN_ALVSJO, "bromma-stadsdelsnamnd"):
        shutil.copy(STOCKHOLM / f"{ident}.yaml", folder)
    return folder


# ------------------------------------------------------------------------------- the acceptance


def test_as_of_2020_09_01_hagersten_alvsjo_is_checked_and_its_predecessors_are_warned_about() -> None:
    code, report = _json_check(str(STOCKHOLM), "--as-of", "2020-09-01")
    assert code in (0, 1)
    checked = {p["id"] for p in report["profiles"]}  # type: ignore[index, union-attr]
    assert HAGERSTEN_ALVSJO in checked
    assert not checked & MERGED
    assert not {f["profile"] for f in report["findings"]} & MERGED  # type: ignore[union-attr, index]
    warned = {w["profile"]: w for w in report["warnings"] if w["code"] in CODES}  # type: ignore[union-attr, index]
    assert set(warned) == MERGED
    for ident in MERGED:
        assert warned[ident]["code"] == "body_ceased_succeeded"
        assert "upphörde den 30 juni 2020 (ersatt av Hägersten-Älvsjö stadsdelsnämnd)" in warned[ident]["message"]
    code, text, _ = _run("check", *TSP, str(STOCKHOLM), "--as-of", "2020-09-01")
    assert ("Älvsjö stadsdelsnämnd upphörde den 30 juni 2020 (ersatt av Hägersten-Älvsjö stadsdelsnämnd) och "
            "kontrolleras inte per 1 september 2020.") in text
    assert "Hägersten-Liljeholmens stadsdelsnämnd upphörde den 30 juni 2020" in text
    _, english, _ = _run("check", *TSP, str(STOCKHOLM), "--as-of", "2020-09-01", "--lang", "en")
    assert ("Älvsjö stadsdelsnämnd ceased on 30 June 2020 (succeeded by Hägersten-Älvsjö stadsdelsnämnd) and is "
            "not checked as of 1 September 2020.") in english


def test_as_of_2019_11_30_the_predecessors_are_checked_and_hagersten_alvsjo_is_warned_about() -> None:
    _, report = _json_check(str(STOCKHOLM), "--as-of", "2019-11-30")
    checked = {p["id"] for p in report["profiles"]}  # type: ignore[index, union-attr]
    assert checked >= MERGED
    assert HAGERSTEN_ALVSJO not in checked
    assert HAGERSTEN_ALVSJO not in {f["profile"] for f in report["findings"]}  # type: ignore[union-attr, index]
    [warning] = [w for w in report["warnings"] if w["code"] in CODES]  # type: ignore[union-attr, index]
    assert warning["profile"] == HAGERSTEN_ALVSJO
    assert warning["message"] == ("Hägersten-Älvsjö stadsdelsnämnd finns först från den 1 juli 2020 och "
                                  "kontrolleras inte per 30 november 2019.")


# ----------------------------------------------------------------------------------- the boundaries


DAYS = st.dates(dt.date(2017, 1, 1), dt.date(2024, 12, 31))


@given(valid_from=st.none() | DAYS, length=st.none() | st.integers(0, 2000), as_of=DAYS,
       successor=st.sampled_from([None, ("ny-namnd", None), ("ny-namnd", "Ny nämnd")]))
def test_a_body_is_checked_exactly_on_the_days_it_exists(
    valid_from: dt.date | None, length: int | None, as_of: dt.date, successor: tuple[str, str | None] | None,
    ruleset: Ruleset,
) -> None:
    start = valid_from or dt.date(2016, 1, 1)
    valid_to = None if length is None else start + dt.timedelta(days=length)
    if valid_to is None:
        successor = None
    profile = Profile("namnd", "Prövad nämnd", "facknamnd", True, None, {}, (), (), valid_from=valid_from,
                      valid_to=valid_to, successor=successor[0] if successor else None,
                      successor_name=successor[1] if successor else None)
    result = evaluate(profile, ruleset, as_of, "python")
    exists = (valid_from is None or valid_from <= as_of) and (valid_to is None or as_of <= valid_to)
    assert result.checked is exists
    if exists:
        assert len(result.findings) == len(ruleset.obligations)
        assert not {w.code for w in result.warnings} & set(CODES)
        return
    assert result.findings == ()
    [warning] = result.warnings
    message = warning.message("sv")
    assert warning.profile == "namnd"
    assert message.startswith("Prövad nämnd ")
    assert message.endswith(f"och kontrolleras inte per {date_words(as_of).sv}.")
    if valid_from is not None and as_of < valid_from:
        assert warning.code == "body_not_yet_existing"
        assert f"finns först från den {date_words(valid_from).sv}" in message
    else:
        assert valid_to is not None
        assert f"upphörde den {date_words(valid_to).sv}" in message
        assert warning.code == ("body_ceased_succeeded" if successor else "body_ceased")
        if successor:
            assert f"(ersatt av {successor[1] or successor[0]})" in message


def test_date_words() -> None:
    assert date_words(dt.date(2020, 6, 30)).sv == "30 juni 2020"
    assert date_words(dt.date(2020, 9, 1)).en == "1 September 2020"
    assert date_words(dt.date(2021, 3, 23)).sv == "23 mars 2021"


# ------------------------------------------------------------------- the same through every path


@pytest.mark.parametrize("as_of", ["2019-11-30", "2020-09-01"])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_streamed_parallel_and_whole_reports_agree(
    as_of: str, fmt: str, lang: str, merger: Path, tmp_path: Path, ruleset: Ruleset,
) -> None:
    whole = check([merger], ruleset=ruleset, as_of=as_of, engine="python")
    expected = render(whole, fmt, lang)  # type: ignore[arg-type]
    for jobs in ("1", "2"):
        target = tmp_path / f"report-{jobs}.{fmt}"
        code, _, err = _run("check", *TSP, str(merger), "--as-of", as_of, "--engine", "python", "--format", fmt,
                            "--lang", lang, "--jobs", jobs, "-o", str(target))
        assert (code, err) == (whole.exit_code(), "")
        assert target.read_text(encoding="utf-8") == expected
    absent = {p.id for p in whole.absent}
    assert absent == ({HAGERSTEN_ALVSJO} if as_of == "2019-11-30" else MERGED)
    shown = [w.message(lang) for w in whole.warnings if w.profile in absent]
    assert len(shown) == len(absent)
    for message in shown:  # every format that shows warnings shows these
        assert (html.escape(message) if fmt == "html" else message) in expected


@pytest.mark.parametrize("as_of", ["2019-11-30", "2020-09-01"])
def test_both_engines_give_the_same_report(as_of: str, merger: Path, ruleset: Ruleset) -> None:
    durable = check([merger], ruleset=ruleset, as_of=as_of, engine="durable")
    python = check([merger], ruleset=ruleset, as_of=as_of, engine="python")
    assert [f.to_data() for f in durable.findings] == [f.to_data() for f in python.findings]
    assert [w.to_data() for w in durable.warnings] == [w.to_data() for w in python.warnings]
    assert (durable.profiles, durable.absent) == (python.profiles, python.absent)


def test_city_leaves_out_the_bodies_that_did_not_exist(merger: Path, tmp_path: Path) -> None:
    pages = []
    for jobs in ("1", "2"):
        target = tmp_path / f"city-{jobs}.html"
        code, _, err = _run("city", *TSP, str(merger), "--as-of", "2020-09-01", "--jobs", jobs, "-o", str(target))
        assert (code, err) == (1, "")  # Hägersten-Älvsjö has a gap
        pages.append(target.read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
    assert f'data-profile="{HAGERSTEN_ALVSJO}"' in pages[0]
    for ident in MERGED:
        assert f'data-profile="{ident}"' not in pages[0]
    assert "Älvsjö stadsdelsnämnd upphörde den 30 juni 2020" in pages[0]
    whole = check([merger], "tsp-2018-2021", as_of="2020-09-01", engine="durable")
    assert pages[0] == render(whole, "html", "sv")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_one_body_with_one_that_did_not_exist_shows_both_and_the_warning(fmt: str) -> None:
    paths = [str(STOCKHOLM / f"{ALVSJO}.yaml"), str(STOCKHOLM / "bromma-stadsdelsnamnd.yaml")]
    code, out, err = _run("check", *TSP, *paths, "--as-of", "2020-09-01", "--format", fmt)
    assert (code, err) == (1, "")  # Bromma's evidence is stale by then
    assert "Bromma stadsdelsnämnd" in out
    message = ("Älvsjö stadsdelsnämnd upphörde den 30 juni 2020 (ersatt av Hägersten-Älvsjö stadsdelsnämnd) och "
               "kontrolleras inte per 1 september 2020.")
    assert (html.escape(message) if fmt == "html" else message) in out


# -------------------------------------------------------------------------------- no body on the date


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_when_no_given_body_exists_the_report_says_so_and_it_is_not_an_error(fmt: str, lang: str) -> None:
    paths = [str(STOCKHOLM / f"{ident}.yaml") for ident in sorted(MERGED)]
    code, out, err = _run("check", *TSP, *paths, "--as-of", "2020-09-01", "--format", fmt, "--lang", lang)
    assert (code, err) == (0, "")
    said = {"sv": "Ingen av de angivna nämnderna och bolagen fanns per 1 september 2020, så ingenting har "
                  "kontrollerats.",
            "en": "None of the given committees and companies existed on 1 September 2020, so nothing was checked."}
    assert said[lang] in out
    for ident in MERGED:
        name = load_profile(STOCKHOLM / f"{ident}.yaml").name
        assert name in out
    if fmt == "json":
        data = json.loads(out)
        assert data["profiles"] == [] and data["findings"] == []
        assert data["summary"]["profiles"] == 0
        assert [w["code"] for w in data["warnings"]] == ["no_body_exists", "parts_superseded",
                                                         *(["body_ceased_succeeded"] * 2)]


def test_the_remiss_draft_of_a_body_that_did_not_exist_is_refused_with_the_reason(tmp_path: Path) -> None:
    target = tmp_path / "remiss.md"
    code, out, err = _run("remiss", str(STOCKHOLM / f"{ALVSJO}.yaml"), "--as-of", "2020-09-01", "-o", str(target))
    assert (code, out) == (2, "")
    assert "Älvsjö stadsdelsnämnd upphörde den 30 juni 2020" in err
    assert not target.exists()


# ------------------------------------------------------------------------------------ format and schema


def test_the_profile_schema_describes_the_lifetime_and_accepts_the_fixtures(ruleset: Ruleset) -> None:
    schema = profile_schema(ruleset)
    identity = schema["$defs"]["IdentitySpec"]["properties"]
    assert {"valid_from", "valid_to", "successor", "successor_name", "predecessors"} <= set(identity)
    for ident in (ALVSJO, HAGERSTEN_ALVSJO):
        data = yaml.safe_load((STOCKHOLM / f"{ident}.yaml").read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as the text they are written as
        jsonschema.validate(data, schema)


def test_the_fixtures_successors_and_predecessors_agree() -> None:
    profiles = {p.stem: load_profile(p) for p in STOCKHOLM.glob("*.yaml")}
    successor = profiles[HAGERSTEN_ALVSJO]
    assert successor.valid_from == dt.date(2020, 7, 1)
    assert set(successor.predecessors) == MERGED
    for ident in MERGED:
        before = profiles[ident]
        assert (before.valid_to, before.successor, before.successor_name) == (
            dt.date(2020, 6, 30), HAGERSTEN_ALVSJO, successor.name)
    for profile in profiles.values():  # a successor in the set carries the name the warning gives it
        if profile.successor in profiles:
            assert profile.successor_name == profiles[profile.successor].name
            assert profile.valid_to is not None
            assert profile.valid_to + dt.timedelta(days=1) == profiles[profile.successor].valid_from
