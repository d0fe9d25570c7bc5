"""A well-mannered library: no threads or I/O at import, thread-safe check(), flat memory over many runs."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tsp_rules import Profile, Ruleset, check
from tsp_rules.model.profile import profile_from_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

FIXTURES = ROOT / "fixtures" / "stockholm"

IMPORT_PROBE = r"""
import json, sys, threading
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import tsp_rules
import tsp_rules.commands.cli
print(json.dumps({"threads": threading.active_count(), "opened": opened,
                  "names": [t.name for t in threading.enumerate()]}))
"""

CODE_SUFFIXES = (".py", ".pyc", ".so", ".pth", ".zip")


def _is_code_or_metadata(path: str) -> bool:
    return path.endswith(CODE_SUFFIXES) or "-info/" in path or "__path_hook__" in path  # dist-info, egg-info


def test_import_starts_no_threads_and_reads_no_data() -> None:
    done = subprocess.run([sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True,
                          cwd=ROOT, timeout=60)
    probe = json.loads(done.stdout)
    assert probe["threads"] == 1, probe["names"]
    assert probe["opened"], "the audit hook saw nothing: the probe is broken"
    data = [p for p in probe["opened"] if not _is_code_or_metadata(p)]
    assert data == [], f"importing tsp_rules opened data files: {data}"
    assert not any(part in p for p in probe["opened"] for part in ("/fixtures/", "/rulesets/", "/bundled/"))


def _profiles(ruleset: Ruleset, count: int, seed: int) -> list[Profile]:
    return [profile_from_text(text, name, ruleset) for name, text in synthetic.iter_profile_texts(ruleset, count, seed)]


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_check_from_eight_threads_equals_serial(engine: str, ruleset: Ruleset) -> None:
    batches = [_profiles(ruleset, 12, seed) for seed in range(8)]
    serial = [check(batch, ruleset, "2019-11-30", engine).to_json() for batch in batches]
    serial.append(check(FIXTURES, ruleset, "2019-11-30", engine).to_json())
    barrier = threading.Barrier(8)

    def run(i: int) -> list[str]:
        barrier.wait()
        out = [check(batches[i], ruleset, "2019-11-30", engine).to_json() for _ in range(3)]
        out.append(check(FIXTURES, ruleset, "2019-11-30", engine).to_json())
        return out

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, range(8)))
    for i, out in enumerate(results):
        assert out[:3] == [serial[i]] * 3
        assert out[3] == serial[8]


MEMORY_PROBE = r"""
import json, sys, threading
sys.path.insert(0, sys.argv[1])
import synthetic
from tsp_rules import load_ruleset
from tsp_rules.checking.check import evaluate
from tsp_rules.model.profile import profile_from_text
import datetime as dt

def rss_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

rs = load_ruleset()
profiles = [profile_from_text(t, n, rs) for n, t in synthetic.iter_profile_texts(rs, 50, 11)]
day = dt.date(2019, 11, 30)
marks = {}
threads = set()
for i in range(1, 10_001):
    evaluate(profiles[i % len(profiles)], rs, day, "durable")
    threads.add(threading.active_count())
    if i in (2_000, 6_000, 10_000):
        marks[i] = rss_kb()
print(json.dumps({"rss": marks, "threads": sorted(threads)}))
"""


def test_ten_thousand_durable_evaluations_keep_memory_and_threads_flat() -> None:
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(ROOT / "benchmarks")], capture_output=True,
                          text=True, check=True, cwd=ROOT, timeout=300)
    probe = json.loads(done.stdout)
    rss = {int(k): v for k, v in probe["rss"].items()}
    assert probe["threads"] == [1]
    assert rss[10_000] <= rss[2_000] * 1.10, rss
