"""``tsp-check city`` over many profiles: one at a time through iter_check, --jobs, the progress bar."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsp_rules import Ruleset, check
from tsp_rules.commands.cli import main
from tsp_rules.cycle.city import city_report, city_summary
from tsp_rules.documents import output
from tsp_rules.renderers import render
from tsp_rules.renderers.html import render_matrix

from .report_samples import tied_profiles

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

FIXTURES = ROOT / "fixtures" / "stockholm"
AS_OF = "2019-11-30"


@pytest.fixture(scope="module")
def city_folder(tmp_path_factory: pytest.TempPathFactory, ruleset: Ruleset) -> Path:
    """60 synthetic profiles (files in reverse id order, some in a sub-folder) and the Stockholm fixtures."""
    folder = tmp_path_factory.mktemp("city")
    for i, (_, text) in enumerate(synthetic.iter_profile_texts(ruleset, 60, seed=11)):
        target = folder / ("sub" if i % 7 == 0 else "") / f"{99 - i:03d}.yaml"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.copytree(FIXTURES, folder / "stockholm")
    return folder


def _city(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["city", *TSP, *args])
    return result.exit_code, result.stdout, result.stderr


def test_city_report_is_the_whole_check_report(city_folder: Path, ruleset: Ruleset) -> None:
    """Evaluating one profile at a time gives the matrix and summary that check() of the folder gives."""
    whole = check([city_folder], ruleset, AS_OF, "python")
    target = city_folder.parent / "city-whole.html"
    code, out, err = _city(str(city_folder), "--as-of", AS_OF, "--engine", "python", "-o", str(target))
    assert (code, err) == (whole.exit_code(), "")
    assert target.read_text(encoding="utf-8") == render_matrix(whole, "sv")
    assert out == city_summary(whole, "sv")
    assert len(whole.profiles) + len(whole.absent) == 60 + len(list(FIXTURES.glob("*.yaml")))
    assert [p.id for p in whole.absent] == ["hagersten-alvsjo-stadsdelsnamnd"]  # formed 2020-07-01


@pytest.mark.parametrize(("fmt", "lang"), [("html", "sv"), ("markdown", "en"), ("json", "sv")])
def test_jobs_give_byte_identical_output(fmt: str, lang: str, city_folder: Path, tmp_path: Path) -> None:
    outputs, summaries = [], []
    for jobs in ("1", "2"):
        target = tmp_path / f"city-{jobs}.{fmt}"
        code, out, err = _city(str(city_folder), "--as-of", AS_OF, "--format", fmt, "--lang", lang,
                               "--jobs", jobs, "-o", str(target))
        assert (code, err) == (1, "")
        outputs.append(target.read_bytes())
        summaries.append(out)
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10_000
    assert summaries[0] == summaries[1] and "1. " in summaries[0]


def test_jobs_share_what_profiles_have_in_common(city_folder: Path, ruleset: Ruleset) -> None:
    """Results from worker processes come back as copies; the report keeps one title, citation and
    summary object per distinct value, as a run in one process does."""
    day = dt.date.fromisoformat(AS_OF)
    one = city_report(city_folder, ruleset, day, "python", jobs=1)
    two = city_report(city_folder, ruleset, day, "python", jobs=2)
    assert two == one
    assert render(two, "json") == render(one, "json")
    for report in (one, two):
        assert len({id(f.title) for f in report.findings}) == len(ruleset.obligations)
        assert len({id(f.citation) for f in report.findings}) == len({f.citation for f in report.findings})
    # in one process a summary is memoised per (status, obligation, tailoring); from workers, per value
    assert len({id(f.summary) for f in two.findings}) == len({f.summary for f in two.findings})
    assert len({id(f.summary) for f in one.findings}) < len(one.findings) // 10


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_all_bad_files_are_reported_and_nothing_is_written(jobs: str, city_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "city"
    shutil.copytree(city_folder, folder)
    (folder / "000-bad.yaml").write_text("format: tsp-profile/1\nprofile: {id: x, name: X, kind: nämnd}\n",
                                         encoding="utf-8")
    (folder / "sub" / "zzz-bad.yaml").write_text("format: tsp-profile/1\nprofile: [\n", encoding="utf-8")
    target = tmp_path / "city.html"
    code, out, err = _city(str(folder), "--as-of", AS_OF, "--engine", "python", "--jobs", jobs,
                           "-o", str(target))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"{folder / '000-bad.yaml'}:2:")
    assert any(line.startswith(f"{folder / 'sub' / 'zzz-bad.yaml'}:") for line in lines)
    assert "Traceback" not in err and not target.exists()


@pytest.mark.parametrize("fmt", ["csv", "html"])  # from the whole report; streamed
def test_progress_bar_only_on_a_terminal(fmt: str, city_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = [str(city_folder), "--as-of", AS_OF, "--engine", "python", "--format", fmt]
    quiet = _city(*args)
    assert "tsp-check city [" not in quiet[2]
    monkeypatch.setattr(output, "stderr_is_tty", lambda: True)
    monkeypatch.setattr(output, "PROGRESS_MIN", 10)
    code, out, err = _city(*args)
    total = 60 + len(list(FIXTURES.glob("*.yaml")))
    assert "tsp-check city [" in err and f"{total}/{total}" in err
    assert (code, out) == (quiet[0], quiet[1])
    assert err.endswith(quiet[2])  # the bar is erased before the summary is printed


def test_jobs_out_of_range_is_a_usage_error(city_folder: Path) -> None:
    code, out, err = _city(str(city_folder), "--jobs", "0")
    assert code == 2 and out == "" and "--jobs" in err


def test_streamed_matrix_with_run_warnings_in_english(city_folder: Path, ruleset: Ruleset) -> None:
    """The HTML matrix is streamed (rows spooled, findings not held): same bytes and summary as from the
    whole report, here with a check date after the security parts were replaced (a warning about the run itself)."""
    whole = check([city_folder], ruleset, "2021-03-01", "python")
    assert any(w.code == "parts_superseded" and w.profile is None for w in whole.warnings)
    code, out, err = _city(str(city_folder), "--as-of", "2021-03-01", "--engine", "python", "--lang", "en",
                           "--top", "3")
    assert code == whole.exit_code()
    assert out == render_matrix(whole, "en")
    assert err == city_summary(whole, "en", 3)
    assert err.count("\n  ") == 3


def test_streamed_matrix_keeps_only_the_bodies_with_most_gaps_it_shows(ruleset: Ruleset, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """`--top 15` with 20 bodies tied on name and number of gaps (the most, 21) and row keys sorted on disk
    in runs of 4: the summary lists 15 of them, by id, and the page its ten; the same as from the whole report."""
    import tsp_rules.documents.keysort as keysort

    monkeypatch.setattr(keysort, "RUN", 4)
    tied_profiles(tmp_path, ruleset, 19)
    whole = check([tmp_path], ruleset, AS_OF, "python")
    target = tmp_path.parent / f"{tmp_path.name}.html"
    code, out, err = _city(str(tmp_path), "--as-of", AS_OF, "--engine", "python", "--top", "15", "-o", str(target))
    assert (code, err) == (whole.exit_code(), "")
    assert target.read_text(encoding="utf-8") == render_matrix(whole, "sv")
    assert out == city_summary(whole, "sv", 15)
    listed = out.split("\n  1. ")[1].splitlines()
    assert len(listed) == 15 and all("Syntetisk nämnd 10 [" in line and line.endswith(": 21") for line in listed)
    assert "[kopia-14]" in listed[-1]


CITY_PROBE = r"""
import io, json, resource, sys, contextlib
from tsp_rules.commands.cli import main
with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):
    main(["city", "--ruleset", "tsp-2018-2021", sys.argv[1], "--as-of", "2019-11-30", "--engine", "python",
          "-o", sys.argv[2]], standalone_mode=False)
print(json.dumps({"rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def test_city_html_memory_does_not_grow_with_the_profiles(ruleset: Ruleset, tmp_path: Path) -> None:
    """Peak memory of `city` (HTML) for 100 and 800 profiles: within 15 MB, where the whole report and its
    page in memory grow by about 130 KB per profile (some 90 MB here; docs/performance.md)."""
    import json
    import subprocess

    peaks = []
    for n in (100, 800):
        folder = tmp_path / str(n)
        folder.mkdir()
        for i, (_, text) in enumerate(synthetic.iter_profile_texts(ruleset, n, seed=5)):
            (folder / f"{i:05d}.yaml").write_text(text, encoding="utf-8")
        target = tmp_path / f"{n}.html"
        done = subprocess.run([sys.executable, "-c", CITY_PROBE, str(folder), str(target)], capture_output=True,
                              text=True, check=True)
        assert target.stat().st_size > n * 20_000
        peaks.append(json.loads(done.stdout)["rss"] / 1024)
    assert peaks[1] - peaks[0] < 15, peaks
