"""Streaming: iter_check, the spooled report writer, --jobs and the progress bar."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tsp_rules import Ruleset, check
from tsp_rules.checking.check import iter_check, report_from_results, report_header
from tsp_rules.checking.findings import RulesetInfo
from tsp_rules.commands.cli import main
from tsp_rules.documents import output
from tsp_rules.errors import InputError
from tsp_rules.renderers import RENDERERS
from tsp_rules.renderers.json import pretty, pretty_json
from tsp_rules.renderers.streaming import ReportWriter, render_part
from tsp_rules.renderers.text import ground_sources, obligation_order

TSP = ("--ruleset", "tsp-2018-2021")  # the Stockholm programme alone, not the rulesets in force by date

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

FIXTURES = ROOT / "fixtures" / "stockholm"


@pytest.fixture(scope="module")
def synthetic_folder(tmp_path_factory: pytest.TempPathFactory, ruleset: Ruleset) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    # written in reverse id order, and one file in a sub-folder: output order must not follow files
    for i, (_, text) in enumerate(synthetic.iter_profile_texts(ruleset, 60, seed=7)):
        target = folder / ("sub" if i % 7 == 0 else "") / f"{99 - i:03d}.yaml"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def _streamed(paths: list[Path], ruleset: Ruleset, as_of: dt.date, fmt: str, lang: str) -> str:
    header = RulesetInfo.of(ruleset, "given", as_of)
    out: list[str] = []
    with ReportWriter(fmt, lang, header, as_of, "python", report_header(ruleset, as_of)) as writer:  # type: ignore[arg-type]
        for part in iter_check(paths, ruleset, as_of, "python",
                               transform=functools.partial(render_part, fmt=fmt, lang=lang,
                                                           order=obligation_order(ruleset),
                                                           grounds=ground_sources(ruleset, lang))):
            writer.add(part)
        writer.write(out.append)
    return "".join(out)


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("as_of", [dt.date(2019, 11, 30), dt.date(2023, 3, 1)])
def test_streamed_report_is_byte_identical_to_the_renderer(
    fmt: str, lang: str, as_of: dt.date, ruleset: Ruleset, synthetic_folder: Path
) -> None:
    paths = [synthetic_folder, FIXTURES]
    whole = RENDERERS[fmt](check(paths, ruleset, as_of, "python"), lang)  # type: ignore[arg-type]
    assert _streamed(paths, ruleset, as_of, fmt, lang) == whole


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_streamed_empty_report(fmt: str, ruleset: Ruleset) -> None:
    # checking no profile is a usage error; the writer and the renderers still agree on an empty report
    for as_of in (dt.date(2019, 1, 1), dt.date(2030, 1, 1)):
        header = RulesetInfo.of(ruleset, "given", as_of)
        whole = RENDERERS[fmt](report_from_results([], ruleset, as_of, "python"), "sv")
        out: list[str] = []
        with ReportWriter(fmt, "sv", header, as_of, "python", report_header(ruleset, as_of)) as writer:
            writer.write(out.append)
        assert "".join(out) == whole


def test_iter_check_yields_in_input_order_and_lazily(ruleset: Ruleset, synthetic_folder: Path) -> None:
    files = sorted(synthetic_folder.rglob("*.yaml"))
    seen = []
    for result in iter_check(synthetic_folder, ruleset, "2019-11-30", "python"):
        seen.append(result.file)
        if len(seen) == 3:
            break  # a generator: nothing more is loaded or evaluated
    assert seen == [str(f) for f in files[:3]]


def test_iter_check_reports_bad_files_after_the_good_ones(ruleset: Ruleset, tmp_path: Path) -> None:
    good = tmp_path / "a.yaml"
    good.write_text((FIXTURES / "skarpnacks-stadsdelsnamnd.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("format: tsp-profile/1\nprofile: [\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    results = []
    with pytest.raises(InputError) as caught:
        for result in iter_check(tmp_path, ruleset, "2019-11-30", "python"):
            results.append(result.info.id)
    assert results == ["skarpnacks-stadsdelsnamnd"]
    assert [p.file for p in caught.value.problems] == [str(tmp_path / "b.yaml"), str(tmp_path / "c.yaml")]
    assert "is also used by" in caught.value.problems[1].message
    lines = good.read_text(encoding="utf-8").splitlines()
    id_line = next(n for n, line in enumerate(lines, 1) if line.startswith("  id: "))
    assert (caught.value.problems[1].line, caught.value.problems[1].column) == (id_line, len("  id: ") + 1)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_jobs_give_byte_identical_output(fmt: str, synthetic_folder: Path, tmp_path: Path) -> None:
    outputs = []
    for jobs in (1, 2):
        target = tmp_path / f"report-{jobs}.{fmt}"
        result = CliRunner().invoke(main, ["check", *TSP, str(synthetic_folder), str(FIXTURES), "--as-of", "2019-11-30",
                                           "--format", fmt, "--jobs", str(jobs), "-o", str(target)])
        assert result.exit_code == 1, result.output
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_jobs_report_bad_files_like_one_job(synthetic_folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: tsp-profile/1\nprofile: {id: x, name: X, kind: nämnd}\n", encoding="utf-8")
    results = [CliRunner().invoke(main, ["check", *TSP, str(synthetic_folder), str(bad), "--jobs", str(jobs)])
               for jobs in (1, 2)]
    assert [r.exit_code for r in results] == [2, 2]
    assert results[0].stderr == results[1].stderr
    assert results[0].stderr.startswith(f"{bad}:2:")
    assert results[0].stdout == results[1].stdout == ""


def test_progress_bar_only_on_a_terminal(synthetic_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["check", *TSP, str(synthetic_folder), "--as-of", "2019-11-30", "--engine", "python"]
    quiet = CliRunner().invoke(main, args)
    assert quiet.stderr == ""
    monkeypatch.setattr(output, "stderr_is_tty", lambda: True)
    monkeypatch.setattr(output, "PROGRESS_MIN", 10)
    shown = CliRunner().invoke(main, args)
    assert "tsp-check" in shown.stderr and "60/60" in shown.stderr
    assert shown.stdout == quiet.stdout


JSON_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=25,
)


REPORT_DATA = st.recursive(  # what reports hold: no floats; any text, including control characters
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=25,
)


@given(JSON_DATA)
def test_pretty_json_is_json_dumps(value: object) -> None:
    assert pretty_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
    nested = json.dumps({"a": [value]}, ensure_ascii=False, indent=2)
    assert nested == '{\n  "a": [\n    ' + pretty_json(value, 2) + "\n  ]\n}"


@given(REPORT_DATA)
def test_fast_encoder_is_json_dumps(value: object) -> None:
    """orjson (where it takes the value) and the fallback give json.dumps's bytes, nested or not."""
    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2)
    nested = json.dumps({"a": [value]}, ensure_ascii=False, indent=2)
    assert nested == '{\n  "a": [\n    ' + pretty(value, 2) + "\n  ]\n}"


def test_fast_encoder_falls_back() -> None:
    """Values orjson refuses (huge integers, lone surrogates, keys that are not text) take the direct printer."""
    for value in ({"n": 2**70}, ["\ud800x"], {"k": [2**64, "a"]}):
        assert pretty(value, 1) == pretty_json(value, 1)
        assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        pretty({1: "x"})


STREAM_PROBE = r"""
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


@pytest.mark.parametrize("fmt", ["json"])
def test_streaming_memory_does_not_grow_with_the_number_of_profiles(fmt: str, ruleset: Ruleset,
                                                                     tmp_path: Path) -> None:
    import json as json_module
    import subprocess

    peaks = {}
    for count in (150, 1_500):
        folder = tmp_path / str(count)
        synthetic.write_profiles(ruleset, folder, count, seed=3)
        done = subprocess.run([sys.executable, "-c", STREAM_PROBE, str(folder), fmt, str(tmp_path / f"{count}.out")],
                              capture_output=True, text=True, check=True, timeout=300)
        peaks[count] = json_module.loads(done.stdout)["rss"]
        assert (tmp_path / f"{count}.out").stat().st_size > count * 2_000
    # ten times the profiles (and ten times the report) within a few MB of the same peak
    assert peaks[1_500] <= peaks[150] + 4 * 1024, peaks


def test_a_reader_that_leaves_early_ends_the_check_quietly(ruleset: Ruleset, tmp_path: Path) -> None:
    """No traceback and no message; exit 2 like any failed write to standard output (docs/errors.md)."""
    import subprocess

    synthetic.write_profiles(ruleset, tmp_path, 200, seed=5)
    cli = [sys.executable, "-c", "from tsp_rules.commands.cli import main; main()"]
    proc = subprocess.Popen([*cli, "check", *TSP, str(tmp_path), "--as-of", "2019-11-30", "--engine", "python"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(200)
    proc.stdout.close()  # like `| head -c 200`
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 2
    assert head.startswith(b"Kontroll mot")
    assert stderr == ""


def _tree(tmp_path: Path) -> list[Path]:
    """Profiles in nested folders, with names that sort in tricky ways; the YAML files in sorted path order."""
    names = ["b.yaml", "a.yaml", "a/z.yaml", "a/b/c.yml", "a.yaml.d/x.yaml", "a-b/q.yaml", "A/x.yaml", "ä/y.yaml",
             "n.txt", "a/.hidden.yaml", "10.yaml", "9.yaml", "a b/c.yaml", "deep/er/est/f.yaml", "x.YAML"]
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "folder.yaml").mkdir()  # a folder with a YAML suffix is walked, not listed
    (tmp_path / "folder.yaml" / "in.yaml").write_text("x: 1\n", encoding="utf-8")
    return sorted(p for p in tmp_path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def test_folders_are_walked_in_sorted_path_order(tmp_path: Path) -> None:
    """The lazy walk gives the files of ``sorted(folder.rglob("*"))``, in that order, without a list."""
    from tsp_rules.model.profile import iter_profile_paths

    expected = _tree(tmp_path)
    assert list(iter_profile_paths([tmp_path])) == expected
    assert len(expected) == 14


def test_folders_of_many_entries_are_sorted_on_disk_in_the_same_order(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory of more entries than are sorted in memory has its names sorted on disk (here from 3
    entries on, in runs of 2): the same files in the same order, nested folders included."""
    import tsp_rules.documents.keysort as keysort
    from tsp_rules.model import profile
    from tsp_rules.model.profile import iter_profile_paths

    expected = _tree(tmp_path)
    assert len(expected) == 14
    monkeypatch.setattr(profile, "_FOLDER_IN_MEMORY", 2)
    monkeypatch.setattr(keysort, "RUN", 2)
    monkeypatch.setattr(keysort, "FAN_IN", 2)
    assert list(iter_profile_paths([tmp_path])) == expected
    walk = iter_profile_paths([tmp_path])
    assert next(walk) == expected[0]
    walk.close()  # left early: the temporary files of the folders being walked are closed


@pytest.mark.parametrize(("as_of", "folders"), [(dt.date(2019, 11, 30), ("exempelkommun", "stockholm")),
                                               (dt.date(2024, 6, 1), ("exempelkommun",)),
                                               (dt.date(2026, 6, 1), ("exempelkommun",))])
def test_one_pass_tally_counts_as_the_report_does(as_of: dt.date, folders: tuple[str, ...]) -> None:
    """``streaming._tally`` (statuses, replaced and action standings in one pass) gives what the report's own
    counts give, for the fixtures with actions on track, overdue and done, and parts replaced."""
    from collections import Counter

    from tsp_rules.checking.findings import ACTION_STANDINGS, STATUSES, action_counts, replaced_count
    from tsp_rules.model.selection import select_rulesets
    from tsp_rules.renderers.streaming import _tally

    rulesets = [c.ruleset.id for c in select_rulesets(None, as_of)]
    seen: Counter[str] = Counter()
    report = check([ROOT / "fixtures" / f for f in folders], rulesets=rulesets, as_of=as_of, engine="python")
    for share in report.parts() if report.multi else (report,):
        for profile in sorted({f.profile for f in share.findings}):
            mine = share.for_profile(profile)
            statuses = Counter(f.status for f in mine)
            stood = action_counts(mine)
            assert _tally(mine) == ((*(statuses.get(s, 0) for s in STATUSES), replaced_count(mine)),
                                    tuple(stood[k] for k in ACTION_STANDINGS))
            seen.update(k for k, n in stood.items() if n)
            seen["replaced"] += replaced_count(mine)
    assert seen["none"] and (seen["on_track"] or seen["overdue"] or seen["done_unverified"])
    assert seen["replaced"] or as_of.year > 2019  # 2019: the statutory ruleset's parts replaced since


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_write_bytes_gives_the_bytes_of_write(fmt: str, ruleset: Ruleset, synthetic_folder: Path) -> None:
    """The report written to a file (``write_bytes``: the spooled parts passed on as they were spooled) is
    ``write``'s text in UTF-8, for the synthetic profiles and the fixtures (” – å in every part)."""
    paths = [synthetic_folder, FIXTURES]
    as_of = dt.date(2019, 11, 30)
    header = RulesetInfo.of(ruleset, "given", as_of)
    with ReportWriter(fmt, "sv", header, as_of, "python", report_header(ruleset, as_of)) as writer:  # type: ignore[arg-type]
        for part in iter_check(paths, ruleset, as_of, "python",
                               transform=functools.partial(render_part, fmt=fmt, lang="sv",
                                                           order=obligation_order(ruleset),
                                                           grounds=ground_sources(ruleset, "sv"))):
            writer.add(part)
        text: list[str] = []
        raw: list[bytes] = []
        writer.write(text.append)
        writer.write_bytes(raw.append)
    assert "”" in "".join(text)
    assert b"".join(raw) == "".join(text).encode("utf-8")


def test_the_collector_is_settled_while_checking_and_restored_after(synthetic_folder: Path, tmp_path: Path) -> None:
    """``check`` freezes what is alive and collects the youngest generation less often while it streams; the
    process's own settings come back when it ends (a test runner calling the command keeps them)."""
    import gc

    from tsp_rules.commands._common import GC_YOUNG_THRESHOLD, settled_collector

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with settled_collector():
        assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD and gc.get_freeze_count() > frozen
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)
    gc.freeze()  # a process that froze objects of its own keeps them frozen
    try:
        mine = gc.get_freeze_count()
        with settled_collector():
            assert gc.get_freeze_count() == mine
        assert (gc.get_threshold(), gc.get_freeze_count()) == (before, mine)
    finally:
        gc.unfreeze()
    result = CliRunner().invoke(main, ["check", str(synthetic_folder), "--as-of", "2019-11-30", "--format", "json",
                                       "-o", str(tmp_path / "out.json")])
    assert result.exit_code in (0, 1), result.output
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)
