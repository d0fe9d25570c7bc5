"""``tsp-check check --format html`` (and xlsx) over many profiles, streamed: the same bytes as the
whole-report renderer, and peak memory flat in the number of profiles."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules import Ruleset
from tsp_rules.checking.check import iter_check, report_from_results
from tsp_rules.commands._common import selected_rulesets
from tsp_rules.commands.cli import main
from tsp_rules.renderers import render

from .report_samples import tied_profiles

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

STOCKHOLM = ROOT / "fixtures" / "stockholm"
EXEMPEL = ROOT / "fixtures" / "exempelkommun"


def _whole(paths: list[Path], rulesets: tuple[str, ...], as_of: str, fmt: str, lang: str) -> str | bytes:
    """The report as the whole-report renderer makes it (what `check` wrote before it streamed)."""
    day = dt.date.fromisoformat(as_of)
    chosen = selected_rulesets(rulesets, day)
    report = report_from_results(iter_check(paths, None, day, "python", rulesets=chosen), chosen, day, "python")
    return render(report, fmt, lang)  # type: ignore[arg-type]


def _cli(paths: list[Path], rulesets: tuple[str, ...], as_of: str, fmt: str, lang: str, target: Path,
         jobs: str = "1") -> tuple[int, bytes]:
    args = ["check", *(str(p) for p in paths), "--as-of", as_of, "--format", fmt, "--lang", lang,
            "--engine", "python", "--jobs", jobs, "-o", str(target)]
    for r in rulesets:
        args += ["--ruleset", r]
    result = CliRunner().invoke(main, args)
    assert result.stderr == "", result.stderr
    return result.exit_code, target.read_bytes()


CASES = [
    # the Stockholm fixtures: the rulesets in force by date (several), and one ruleset
    ([STOCKHOLM], (), "2019-11-30", "sv"),
    ([STOCKHOLM], ("tsp-2018-2021",), "2019-11-30", "en"),
    ([STOCKHOLM], (), "2021-03-01", "en"),
    ([EXEMPEL], (), "2019-11-30", "sv"),
    # one file: one body
    ([STOCKHOLM / "sisab.yaml"], (), "2019-11-30", "en"),
    # two files, one body formed after the date (Hägersten-Älvsjö, 2020): that body's page, not a matrix
    ([STOCKHOLM / "aldrenamnden.yaml", STOCKHOLM / "hagersten-alvsjo-stadsdelsnamnd.yaml"], (), "2019-11-30", "sv"),
    # two files, both bodies merged into Hägersten-Älvsjö before the date: an empty matrix
    ([STOCKHOLM / "alvsjo-stadsdelsnamnd.yaml", STOCKHOLM / "hagersten-liljeholmens-stadsdelsnamnd.yaml"], (),
     "2021-03-01", "en"),
]


@pytest.mark.parametrize(("paths", "rulesets", "as_of", "lang"), CASES)
def test_streamed_html_is_the_whole_report_page(paths: list[Path], rulesets: tuple[str, ...], as_of: str,
                                                lang: str, tmp_path: Path) -> None:
    expected = _whole(paths, rulesets, as_of, "html", lang)
    assert isinstance(expected, str)
    code, got = _cli(paths, rulesets, as_of, "html", lang, tmp_path / "r.html")
    assert got.decode("utf-8") == expected
    assert code in (0, 1)


@pytest.mark.parametrize(("paths", "rulesets", "as_of", "lang"), CASES)
def test_streamed_workbook_is_the_whole_report_workbook(paths: list[Path], rulesets: tuple[str, ...], as_of: str,
                                                        lang: str, tmp_path: Path) -> None:
    expected = _whole(paths, rulesets, as_of, "xlsx", lang)
    assert isinstance(expected, bytes)
    code, got = _cli(paths, rulesets, as_of, "xlsx", lang, tmp_path / "r.xlsx")
    assert got == expected
    assert code in (0, 1)


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_streamed_with_jobs(fmt: str, tmp_path: Path, ruleset: Ruleset) -> None:
    """Synthetic profiles written in reverse id order, over two worker processes: the same report."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    for i, (_, text) in enumerate(synthetic.iter_profile_texts(ruleset, 40, seed=13)):
        (folder / f"{99 - i:03d}.yaml").write_text(text, encoding="utf-8")
    expected = _whole([folder], ("tsp-2018-2021",), "2019-11-30", fmt, "sv")
    code, got = _cli([folder], ("tsp-2018-2021",), "2019-11-30", fmt, "sv", tmp_path / f"r.{fmt}", jobs="2")
    assert got == (expected.encode("utf-8") if isinstance(expected, str) else expected)
    assert code == 1
    if fmt == "html":
        assert got.count(b'<tr class="body"') == 40


def _tied_folder(folder: Path, ruleset: Ruleset) -> Path:
    """:func:`tied_profiles` with 25 copies, in a new folder."""
    folder.mkdir()
    return tied_profiles(folder, ruleset, 25)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streamed_html_with_ties_and_keys_sorted_on_disk(jobs: str, tmp_path: Path, ruleset: Ruleset,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of 4 keys merged 2 at a time (the row keys and the warnings go through several files' worth of
    merging), bodies tied on name and number of gaps: the same page as the whole report's."""
    import tsp_rules.documents.keysort as keysort

    monkeypatch.setattr(keysort, "RUN", 4)
    monkeypatch.setattr(keysort, "FAN_IN", 2)
    folder = _tied_folder(tmp_path / "profiles", ruleset)
    expected = _whole([folder], ("tsp-2018-2021",), "2019-11-30", "html", "en")
    assert isinstance(expected, str)
    code, got = _cli([folder], ("tsp-2018-2021",), "2019-11-30", "html", "en", tmp_path / "r.html", jobs=jobs)
    assert got.decode("utf-8") == expected
    most = expected.split('<ol id="most-gaps">')[1].split("</ol>")[0]
    assert most.count("<li") == 10 and most.count("Syntetisk nämnd 10: 21 gaps") == 10
    assert 'data-profile="kopia-00"' in most and 'data-profile="kopia-10"' not in most
    assert expected.count('<tr class="body"') == 55 and '<section id="warnings">' in expected
    assert code == 1


def test_streamed_workbook_with_ids_sorted_on_disk(tmp_path: Path, ruleset: Ruleset,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbook's profiles put in id order in runs of 4, merged 2 at a time: the same bytes."""
    import tsp_rules.documents.keysort as keysort

    monkeypatch.setattr(keysort, "RUN", 4)
    monkeypatch.setattr(keysort, "FAN_IN", 2)
    folder = _tied_folder(tmp_path / "profiles", ruleset)
    expected = _whole([folder], ("tsp-2018-2021",), "2019-11-30", "xlsx", "sv")
    code, got = _cli([folder], ("tsp-2018-2021",), "2019-11-30", "xlsx", "sv", tmp_path / "r.xlsx")
    assert got == expected
    assert code == 1


PROBE = r"""
import io, json, resource, sys, datetime as dt
from pathlib import Path
from tsp_rules import load_ruleset
from tsp_rules.commands.check import run_streaming

sys.stdout = io.StringIO()
code = run_streaming([Path(sys.argv[1])], load_ruleset(), dt.date(2019, 11, 30), sys.argv[2], "sv", "python",
                     Path(sys.argv[3]), 1)
sys.stdout = sys.__stdout__
print(json.dumps({"rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "code": code}))
"""


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_check_memory_does_not_grow_with_the_profiles(fmt: str, ruleset: Ruleset, tmp_path: Path) -> None:
    """Peak memory of `check` for 100 and 800 profiles: within a few MB, where holding the report grew
    by about 0.24 MB (html) and 0.55 MB (xlsx) per profile (some 170 and 385 MB here)."""
    import json
    import subprocess

    peaks = {}
    for count in (100, 800):
        folder = tmp_path / str(count)
        synthetic.write_profiles(ruleset, folder, count, seed=3)
        target = tmp_path / f"{count}.{fmt}"
        done = subprocess.run([sys.executable, "-c", PROBE, str(folder), fmt, str(target)],
                              capture_output=True, text=True, check=True, timeout=600)
        peaks[count] = json.loads(done.stdout)["rss"] / 1024
        assert target.stat().st_size > count * 5_000
    assert peaks[800] - peaks[100] < 8, peaks


@pytest.mark.parametrize(("lang", "words"), [("sv", "fler rader än ett Excelblad rymmer"),
                                             ("en", "more rows than an Excel sheet holds")])
def test_a_workbook_over_the_sheet_limit_is_refused_and_nothing_is_written(
        lang: str, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Excel's sheet holds 1,048,576 rows: more findings than that is a usage error (exit 2) with a way out, not a
    traceback, and no file. The limit is lowered here so that the Stockholm fixtures (46 profiles, 25 or more
    findings each with the programme alone) cross it."""
    from tsp_rules.renderers import xlsx
    monkeypatch.setattr(xlsx, "MAX_ROWS", 100)
    target = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["check", str(STOCKHOLM), "--as-of", "2019-11-30", "--format", "xlsx",
                                       "--ruleset", "tsp-2018-2021", "--lang", lang, "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "--format csv" in result.stderr
    assert "Traceback" not in result.stderr and "ignored" not in result.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_the_whole_report_workbook_has_the_same_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from tsp_rules.errors import UsageError
    from tsp_rules.renderers import xlsx
    day = dt.date(2019, 11, 30)
    chosen = selected_rulesets(("tsp-2018-2021",), day)
    report = report_from_results(iter_check([STOCKHOLM / "sisab.yaml"], None, day, "python", rulesets=chosen),
                                 chosen, day, "python")
    monkeypatch.setattr(xlsx, "MAX_ROWS", len(report.findings) + 1)  # exactly fits: the header and the findings
    assert render(report, "xlsx", "sv")
    monkeypatch.setattr(xlsx, "MAX_ROWS", len(report.findings))
    with pytest.raises(UsageError):
        render(report, "xlsx", "sv")
