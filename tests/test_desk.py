"""Issue 24, at the desk: headings that fit what was checked, an accessible printable HTML matrix, and the
wording people read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tsp_rules import check
from tsp_rules.renderers import html, markdown

ROOT = Path(__file__).resolve().parent.parent
EXEMPEL = ROOT / "fixtures" / "exempelkommun"
STOCKHOLM = ROOT / "fixtures" / "stockholm"


@pytest.fixture(scope="module")
def lagkrav_report():  # type: ignore[no-untyped-def]
    return check([EXEMPEL], "lagkrav-kommun", as_of="2026-06-01", engine="python")


@pytest.fixture(scope="module")
def both_report():  # type: ignore[no-untyped-def]
    paths = [STOCKHOLM / "kulturnamnden.yaml", STOCKHOLM / "valnamnden.yaml"]
    return check(paths, as_of="2019-11-30", engine="python")


def _title(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page)
    assert found
    return found.group(1)


def test_a_statutory_report_is_not_titled_after_the_programme(lagkrav_report) -> None:  # type: ignore[no-untyped-def]
    page = html.render(lagkrav_report, "sv")
    assert _title(page) == "Lägesbild: efterlevnad av lagkraven om trygghet, säkerhet och beredskap"
    assert "<h2>Status per område</h2>" in page and "<label>Område <select" in page
    assert "programmet" not in page.lower().split("</h1>")[0] and "fokusområde" not in page.lower()
    english = html.render(lagkrav_report, "en")
    assert _title(english) == ("Situation picture: compliance with the statutory duties on safety, security and "
                               "preparedness")
    one = check([EXEMPEL / "miljonamnden.yaml"], "lagkrav-kommun", as_of="2026-06-01", engine="python")
    assert markdown.render(one, "sv").startswith(
        "# Granskningsunderlag: lagkraven om trygghet, säkerhet och beredskap\n")


def test_a_programme_report_keeps_its_focus_areas_and_both_name_both(both_report) -> None:  # type: ignore[no-untyped-def]
    tsp = check([STOCKHOLM / "kulturnamnden.yaml", STOCKHOLM / "valnamnden.yaml"], "tsp-2018-2021",
                as_of="2019-11-30", engine="python")
    page = html.render(tsp, "sv")
    assert _title(page) == "Lägesbild: efterlevnad av trygghets- och säkerhetsprogrammet"
    assert "<h2>Status per fokusområde</h2>" in page
    page = html.render(both_report, "sv")
    assert _title(page) == ("Lägesbild: efterlevnad av trygghets- och säkerhetsprogrammet och lagkraven om "
                            "trygghet, säkerhet och beredskap")
    assert "<h2>Status per område</h2>" in page  # the two rulesets' words differ: the general word


CODES = {"met", "gap", "not_assessed", "not_applicable", "waived", "true", "false", "facknamnd", "stadsdelsnamnd",
         "kommunstyrelse", "bolag_", "profile_name", "kind_label", "focus_area_label", "citation_quote"}


def test_the_csv_for_people_has_swedish_headers_and_values(both_report) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    from tsp_rules.renderers import csv as csv_renderer

    text = csv_renderer.render(both_report, "sv", "excel-sv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows[0][:7] == ["Nämnd eller bolag", "Skyldighet", "Rubrik", "Status", "Förklaring", "Typ", "Område"]
    people = {name: i for i, (name, _) in enumerate(csv_renderer.PEOPLE)}
    for column in ("status_label", "kind_label", "illustrative", "exemption", "tailoring", "focus_area_label"):
        values = {r[people[column]] for r in rows[1:]}
        assert not values & CODES, (column, values & CODES)
    assert {r[people["illustrative"]] for r in rows[1:]} == {"ja"}
    assert {r[people["status_label"]] for r in rows[1:]} <= {"uppfyllt", "brist", "ej bedömt", "ej tillämpligt",
                                                              "undantaget genom beslut"}
    exempt = [r[people["exemption"]] for r in rows[1:] if r[people["exemption"]]]
    assert exempt and all(" " in e for e in exempt)  # a ground's title, not its id
    machine = list(csv.reader(io.StringIO(csv_renderer.render(both_report, "sv"), newline="")))
    assert machine[0] == list(csv_renderer.FIELDS)  # the machine CSV keeps its codes
