"""Benchmark tsp-rules: cold CLI runs, back-end throughput against a hand-written baseline, and --jobs.

Prints figures (a Markdown table); asserts nothing about time. Rerun everything with::

    python benchmarks/run.py

or a part: ``--only cold``, ``--only throughput --sizes 100 1000``, ``--only jobs --jobs-profiles 2000``,
``--only pipeline --pipeline-profiles 10000``.
Anchors are measured in the same run: the hand-written baseline and durable-rules used raw (the research
note's benchmark, ``raw_durable.py``) beside the back ends, and the I/O floor (read, ``yaml.load``,
``json.dumps``) beside ``check --format json``; ``--json`` writes their ``ratios``.
Every throughput cell runs in a fresh process, so its peak memory (the process's maximum resident set)
is its own. Synthetic profiles are generated deterministically against the ruleset (see synthetic.py);
generating them is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

AS_OF = "2019-11-30"
SINGLE = ROOT / "fixtures" / "stockholm" / "aldrenamnden.yaml"
BACKENDS = ("baseline", "python", "durable", "raw-durable")


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "tsp-check"
    fallback = [sys.executable, "-c", "from tsp_rules.commands.entry import main; main()"]  # as the program
    return [str(script)] if script.exists() else fallback


# ------------------------------------------------------------------------------------ cold start


def _timed(cmd: list[str], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall and CPU seconds of ``runs`` runs of ``cmd`` as a new process (after one untimed run)."""
    subprocess.run(cmd, capture_output=True, check=False, env=env)
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "cpu": statistics.median(cpus)}


def cold(fixtures: list[Path], runs: int, ruleset_source: str | None = None) -> dict[str, Any]:
    """Cold CLI runs over the fixtures, ``tsp-check --version`` and the bare interpreter, each a new
    process. Bytecode is allowed to be cached (as an installed package has it compiled): the environment's
    PYTHONDONTWRITEBYTECODE is dropped for these processes, and one untimed run of each comes first. That run
    also fills the cache of compiled rulesets (docs/cli.md, "Cache"), so the timed runs read the bundled rulesets
    from it, as every run after a user's first does; with ``TSP_RULES_CACHE=off`` they are compiled every time."""
    from tsp_rules.model.ruleset_cache import cache_folder

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONHASHSEED"] = "0"  # the same sets and dicts in every run
    files = sorted(p for f in fixtures for p in ([f] if f.is_file() else f.rglob("*.yaml")))
    folder = cache_folder()
    out: dict[str, Any] = {"files": len(files), "ruleset_cache": str(folder) if folder else "off"}
    out["bare"] = _timed([sys.executable, "-c", "pass"], runs, env)
    out["version"] = _timed([*_cli(), "--version"], runs, env)
    # issue 25's cold start: one file, text, durable, the bundled rulesets chosen by date
    single = [*_cli(), "check", str(SINGLE), "--as-of", AS_OF]
    if ruleset_source:
        single += ["--ruleset", ruleset_source]
    out["single"] = _timed(single, runs, env)
    subprocess.run([*_cli(), "check", *map(str, fixtures), "--as-of", AS_OF], capture_output=True, check=False,
                   env=env)  # compile and cache the bytecode of every module a check imports
    for engine in ("durable", "python"):
        times, cpus = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            cmd = [*_cli(), "check", *map(str, fixtures), "--as-of", AS_OF, "--engine", engine]
            if ruleset_source:
                cmd += ["--ruleset", ruleset_source]
            done = subprocess.run(cmd, capture_output=True, check=False, env=env)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if done.returncode not in (0, 1):
                raise SystemExit(f"tsp-check failed: {done.stderr.decode()}")
        out[engine] = {"median": statistics.median(times), "min": min(times), "max": max(times),
                       "cpu": statistics.median(cpus)}
    return out


# ------------------------------------------------------------------------------------ throughput


def child(backend: str, count: int, ruleset_source: str | None) -> None:
    """Runs in its own process: time ``count`` evaluations and print one JSON line."""
    import baseline
    import synthetic

    from tsp_rules import load_ruleset
    from tsp_rules.checking.check import evaluate
    from tsp_rules.engines import get_engine
    from tsp_rules.engines.facts import resolve
    from tsp_rules.model.profile import check_profile

    if backend == "raw-durable":
        import raw_durable

        seconds = raw_durable.run(count)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"backend": backend, "count": count, "seconds": {"verdicts": seconds, "findings": 0.0},
                          "peak_rss_kb": rss, "disagreements": 0, "covered": 0, "obligations": 0}))
        return
    rs = load_ruleset(ruleset_source)
    day = dt.date.fromisoformat(AS_OF)
    engine = get_engine(backend) if backend != "baseline" else None
    covered = [ob for ob in rs.obligation_ids if ob in baseline.COVERS]
    # agreement first: the baseline and both engines must give the same statuses
    disagree = 0
    for i in range(min(count, 300)):
        p = synthetic.profile_object(rs, i)
        want = {f.obligation: f.status.value for f in evaluate(p, rs, day, "python").findings}
        got = baseline.evaluate(p, day) if backend == "baseline" else {
            f.obligation: f.status.value for f in evaluate(p, rs, day, backend).findings}
        wrong = [ob for ob in covered if want[ob] != got.get(ob)]
        if wrong and not disagree:
            print(f"{backend} disagrees with the python engine on {p.id}: "
                  + ", ".join(f"{ob} {got.get(ob)} (python: {want[ob]})" for ob in wrong), file=sys.stderr)
        disagree += bool(wrong)
    timed = {"verdicts": 0.0, "findings": 0.0}
    for i in range(count):
        p = synthetic.profile_object(rs, i)
        check_profile(p, rs)  # not timed: what loading a profile file with the ruleset does
        if engine is None:
            start = time.perf_counter()
            baseline.evaluate(p, day)
            timed["verdicts"] += time.perf_counter() - start
        else:
            start = time.perf_counter()
            engine.decide(resolve(p, rs, day))
            timed["verdicts"] += time.perf_counter() - start
            facts = resolve(p, rs, day)  # decide alone, on facts resolved beforehand (untimed)
            start = time.perf_counter()
            engine.decide(facts)
            timed["decide"] = timed.get("decide", 0.0) + time.perf_counter() - start
            start = time.perf_counter()
            evaluate(p, rs, day, backend)
            timed["findings"] += time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"backend": backend, "count": count, "seconds": timed, "peak_rss_kb": rss,
                      "disagreements": disagree, "covered": len(covered), "obligations": len(rs.obligations)}))


def throughput(sizes: list[int], ruleset_source: str | None) -> list[dict[str, Any]]:
    rows = []
    for count in sizes:
        for backend in BACKENDS:
            cmd = [sys.executable, __file__, "--child", backend, str(count)]
            if ruleset_source:
                cmd += ["--ruleset", ruleset_source]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            sys.stderr.write(done.stderr)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"  {backend:<8} {count:>7} done", file=sys.stderr)
    return rows


# -------------------------------------------------------------------------------------- pipeline


def io_floor(paths: list[Path]) -> float:
    """The strict floor: read each file, ``yaml.load`` it with PyYAML's C safe loader, ``json.dumps`` the
    result (seconds). It dumps the input (about 4 KB a profile), not a report."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in paths:
        json.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=loader), default=str)
    return time.perf_counter() - start


def output_floor(paths: list[Path], report: Any, target: Path) -> float:
    """The output-sized floor: read and ``yaml.load`` each file as the strict floor does, then write the
    report's own data (``report``, as the CLI wrote it) with ``json.dumps(indent=2, ensure_ascii=False)``
    to a file: the least any tool that reads these files and writes this report must do (seconds)."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return time.perf_counter() - start


def _child_run(cmd: list[str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, peak RSS (KiB) and exit code of ``cmd`` run as a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"tsp-check failed: {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def pipeline(count: int, runs: int, ruleset_source: str | None) -> dict[str, Any]:
    """``tsp-check check DIR --format json -o FILE --engine python`` against both floors on the same files,
    with the rulesets chosen by date (no ``--ruleset``) and with one ruleset (``ruleset_source``, default
    tsp-2018-2021), in alternating rounds (floor, CLI by date, floor, CLI with one ruleset, output floor),
    median of ``runs`` each; wall and CPU time, and the load average around each round."""
    import synthetic

    from tsp_rules import load_ruleset

    one = ruleset_source or "tsp-2018-2021"
    rs = load_ruleset(one)
    folder = Path(tempfile.mkdtemp(prefix="tsp-bench-"))
    try:
        paths = synthetic.write_profiles(rs, folder / "profiles", count)
        figures: dict[str, list[tuple[float, float]]] = {k: [] for k in
                                                         ("floor", "cli_by_date", "cli_one", "output_floor")}
        loads = []
        for _ in range(runs):
            loads.append(_load())
            for name, extra in (("cli_by_date", []), ("cli_one", ["--ruleset", one])):
                cpu0 = time.process_time()
                wall = io_floor(paths)
                figures["floor"].append((wall, time.process_time() - cpu0))
                cmd = [*_cli(), "check", str(folder / "profiles"), "--as-of", AS_OF, "--format", "json",
                       "--engine", "python", "-o", str(folder / f"{name}.json"), *extra]
                wall, cpu, _, _ = _child_run(cmd)
                figures[name].append((wall, cpu))
            report = json.loads((folder / "cli_one.json").read_text(encoding="utf-8"))  # not timed
            cpu0 = time.process_time()
            wall = output_floor(paths, report, folder / "floor.json")
            figures["output_floor"].append((wall, time.process_time() - cpu0))
            del report
        loads.append(_load())
        out: dict[str, Any] = {"profiles": count, "runs": runs, "ruleset": one, "loads": loads,
                               "report_bytes": (folder / "cli_one.json").stat().st_size,
                               "report_bytes_by_date": (folder / "cli_by_date.json").stat().st_size}
        for name, pairs in figures.items():
            out[name] = statistics.median(w for w, _ in pairs)
            out[f"{name}_cpu"] = statistics.median(c for _, c in pairs)
            out[f"{name}_ms"] = out[name] / count * 1000
        out["cli"] = out["cli_by_date"]  # the name earlier JSON files used
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


FORMATS = ("json", "html", "xlsx", "csv", "markdown", "text", "junit")


def memory(sizes: list[int], formats: list[str], ruleset_source: str | None) -> list[dict[str, Any]]:
    """Peak RSS of ``tsp-check check DIR --format F -o FILE`` (python engine, one ruleset) per format and
    number of profiles: a report that streams stays flat as the number grows. One run per cell."""
    import synthetic

    from tsp_rules import load_ruleset
    from tsp_rules.renderers import xlsx

    one = ruleset_source or "tsp-2018-2021"
    rs = load_ruleset(one)
    rows = []
    folder = Path(tempfile.mkdtemp(prefix="tsp-bench-"))
    try:
        for count in sizes:
            shutil.rmtree(folder / "profiles", ignore_errors=True)
            synthetic.write_profiles(rs, folder / "profiles", count)
            for fmt in formats:
                if fmt == "xlsx" and count * len(rs.obligations) >= xlsx.MAX_ROWS:  # refused: one sheet is too small
                    print(f"  memory {fmt:<8} {count:>7} skipped: more findings than an Excel sheet holds",
                          file=sys.stderr)
                    continue
                target = folder / f"report.{fmt}"
                load = _load()
                cmd = [*_cli(), "check", str(folder / "profiles"), "--as-of", AS_OF, "--format", fmt,
                       "--engine", "python", "--ruleset", one, "-q", "-o", str(target)]
                wall, cpu, rss, _ = _child_run(cmd)
                rows.append({"profiles": count, "format": fmt, "wall": wall, "cpu": cpu, "peak_rss_kb": rss,
                             "bytes": target.stat().st_size, "load": load})
                target.unlink()
                print(f"  memory {fmt:<8} {count:>7} done", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


# ------------------------------------------------------------------------------------------ jobs


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def capacity() -> float:
    """How much faster 2 processes finish a pure-Python busy loop than 1: the parallelism the machine
    offers right now (about 2 on an idle 2-core machine; about 1 when another process holds a core)."""
    import multiprocessing

    walls = []
    for n in (1, 2):
        with multiprocessing.get_context("spawn").Pool(n) as pool:
            pool.map(_burn, [1_000])  # start the workers before timing
            start = time.perf_counter()
            pool.map(_burn, [2_000_000] * 8)
            walls.append(time.perf_counter() - start)
    return walls[0] / walls[1]


def jobs(count: int, runs: int, ruleset_source: str | None) -> dict[str, Any]:
    import synthetic

    from tsp_rules import load_ruleset

    rs = load_ruleset(ruleset_source)
    folder = Path(tempfile.mkdtemp(prefix="tsp-bench-"))
    try:
        synthetic.write_profiles(rs, folder / "profiles", count)
        out: dict[str, Any] = {"profiles": count, "cpus": os.cpu_count()}
        outputs = {}
        for n in (1, 2):
            times, cpus = [], []
            for _ in range(runs):
                target = folder / f"report-{n}.json"
                cmd = [*_cli(), "check", str(folder / "profiles"), "--as-of", AS_OF, "--format", "json",
                       "--jobs", str(n), "-o", str(target)]
                if ruleset_source:
                    cmd += ["--ruleset", ruleset_source]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(cmd, capture_output=True, check=False)
                times.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                outputs[n] = target.read_bytes()
            out[f"jobs{n}"] = statistics.median(times)
            out[f"cpu{n}"] = statistics.median(cpus)
        out["identical"] = outputs[1] == outputs[2]
        out["capacity"] = capacity()
        out["speedup"] = out["jobs1"] / out["jobs2"]
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------- report


def _rate(row: dict[str, Any], what: str) -> float:
    seconds = row["seconds"][what]
    return row["count"] / seconds if seconds else float("nan")


def ratios(results: dict[str, Any]) -> dict[str, float]:
    """The figures the targets are stated in, each against an anchor measured in the same run (for the
    throughput ratios: at the largest size measured)."""
    out: dict[str, float] = {}
    rows = results.get("throughput")
    if rows:
        count = max(r["count"] for r in rows)
        by = {r["backend"]: r for r in rows if r["count"] == count}
        if "baseline" in by and "python" in by:
            base = _rate(by["baseline"], "verdicts")
            out["python_verdicts_vs_baseline"] = _rate(by["python"], "verdicts") / base
            out["python_findings_vs_baseline"] = _rate(by["python"], "findings") / base
        if "durable" in by and "raw-durable" in by:
            raw = _rate(by["raw-durable"], "verdicts")
            out["durable_verdicts_vs_raw_durable"] = _rate(by["durable"], "verdicts") / raw
            if by["durable"]["seconds"].get("decide"):
                out["durable_decide_vs_raw_durable"] = _rate(by["durable"], "decide") / raw
    if "pipeline" in results:
        p = results["pipeline"]
        out["cli_json_vs_io_floor"] = p["floor"] / p["cli_by_date"]
        if "cli_one" in p:
            out["cli_json_one_ruleset_vs_io_floor"] = p["floor"] / p["cli_one"]
            out["cli_json_one_ruleset_vs_output_floor"] = p["output_floor"] / p["cli_one"]
            out["cli_json_vs_io_floor_cpu"] = p["floor_cpu"] / p["cli_by_date_cpu"]
            out["cli_json_one_ruleset_vs_io_floor_cpu"] = p["floor_cpu"] / p["cli_one_cpu"]
    if "cold" in results and "cpu" in results["cold"].get("python", {}):
        out["cold_check_cpu_seconds_python"] = results["cold"]["python"]["cpu"]
        out["cold_check_cpu_seconds_durable"] = results["cold"]["durable"]["cpu"]
    if "cold" in results and "single" in results["cold"]:
        out["cold_single_file_check_cpu_seconds"] = results["cold"]["single"]["cpu"]
    for row in results.get("memory", []):
        out[f"peak_rss_mb_{row['format']}_{row['profiles']}"] = row["peak_rss_kb"] / 1024
    return out


def report(results: dict[str, Any]) -> str:
    lines = [f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
             f"load average before the run {results['load']}, after it {results.get('load_after', '?')}.", ""]
    if "cold" in results:
        c = results["cold"]
        lines += ["| cold CLI run (`tsp-check check` over the fixtures) | median wall | min | max | median CPU |",
                  "|---|---|---|---|---|"]
        for engine in ("durable", "python"):
            e = c[engine]
            cpu = f"{e['cpu']:.3f} s" if "cpu" in e else "–"
            lines.append(f"| {c['files']} fixture files, --engine {engine} | {e['median']:.3f} s | {e['min']:.3f} s "
                         f"| {e['max']:.3f} s | {cpu} |")
        for key, label in (("single", f"one file (`check {SINGLE.relative_to(ROOT)} --as-of {AS_OF}`, text, durable)"),
                           ("version", "`tsp-check --version`"), ("bare", "bare interpreter (`python -c pass`)")):
            if key in c:
                e = c[key]
                lines.append(f"| {label} | {e['median']:.3f} s | {e['min']:.3f} s | {e['max']:.3f} s "
                             f"| {e['cpu']:.3f} s |")
        cache = c.get("ruleset_cache", "off")
        lines += ["", "Bundled rulesets compiled on every run (`TSP_RULES_CACHE=off`)." if cache == "off" else
                  f"Bundled rulesets read from the warm cache of compiled rulesets (`{cache}`), filled by the untimed "
                  "first run; `TSP_RULES_CACHE=off` times them compiled.", ""]
    if "throughput" in results:
        rows = results["throughput"]
        first = rows[0]
        lines += [f"Throughput in profiles/s (ruleset with {first['obligations']} obligations; the baseline "
                  f"covers {first['covered']} of them). *verdicts*: resolve the profile and decide every "
                  "obligation (what the baseline does); *findings*: also build the explained findings (what "
                  "`check` does). Ratios are against the baseline.", "",
                  "| profiles | baseline | python verdicts | python findings | durable verdicts | durable findings "
                  "| raw durable-rules (50-rule benchmark) | peak RSS baseline / python / durable |",
                  "|---|---|---|---|---|---|---|---|"]
        by = {(r["backend"], r["count"]): r for r in rows}
        for count in sorted({r["count"] for r in rows}):
            base = _rate(by["baseline", count], "verdicts")
            cells = [f"{count:,}", f"{base:,.0f}"]
            for backend in ("python", "durable"):
                r = by[backend, count]
                for what in ("verdicts", "findings"):
                    rate = _rate(r, what)
                    cells.append(f"{rate:,.0f} ({rate / base:.2f}×)")
            raw = _rate(by["raw-durable", count], "verdicts") if ("raw-durable", count) in by else float("nan")
            durable = _rate(by["durable", count], "verdicts")
            cells.append(f"{raw:,.0f} entities/s (durable verdicts: {durable / raw:.2f}×)")
            mem = " / ".join(f"{by[b, count]['peak_rss_kb'] / 1024:.0f} MB" for b in BACKENDS[:3])
            cells.append(mem)
            lines.append("| " + " | ".join(cells) + " |")
        bad = [r for r in rows if r["disagreements"]]
        lines += ["", "Agreement with the python engine on the covered obligations: "
                  + ("all back ends agree." if not bad else f"DISAGREEMENTS in {len(bad)} runs!"), ""]
    if "pipeline" in results and "cli_one" in results["pipeline"]:
        p = results["pipeline"]
        lines += [f"`check DIR --format json -o FILE`, python engine, {p['profiles']:,} profiles, medians of "
                  f"{p['runs']} alternating rounds; load average around the rounds: {' → '.join(p['loads'])}.", "",
                  "| run | wall s | CPU s | ms per profile (wall) |", "|---|---|---|---|"]
        for key, label in (("cli_by_date", "the CLI, rulesets chosen by date (both)"),
                           ("cli_one", f"the CLI, `--ruleset {p['ruleset']}`"),
                           ("floor", "strict I/O floor (read, `yaml.load` CSafeLoader, `json.dumps` of the input)"),
                           ("output_floor", "output-sized floor (read, `yaml.load`, `json.dumps(indent=2)` of the "
                                            f"report's data, {p['report_bytes'] / p['profiles'] / 1024:.0f} KB a "
                                            "profile, to a file)")):
            lines.append(f"| {label} | {p[key]:.2f} | {p[key + '_cpu']:.2f} | {p[key + '_ms']:.3f} |")
        lines.append("")
    if results.get("memory"):
        rows = results["memory"]
        sizes = sorted({r["profiles"] for r in rows})
        lines += ["Peak RSS of `check DIR --format F -o FILE` (python engine, one ruleset), one run per cell:", "",
                  "| format | " + " | ".join(f"{n:,} profiles" for n in sizes) + " |",
                  "|---|" + "---|" * len(sizes)]
        by = {(r["format"], r["profiles"]): r for r in rows}
        for fmt in dict.fromkeys(r["format"] for r in rows):
            cells = [f"{by[fmt, n]['peak_rss_kb'] / 1024:,.0f} MB ({by[fmt, n]['cpu']:.1f} s CPU, load "
                     f"{by[fmt, n]['load'].split()[0]})" if (fmt, n) in by else "–" for n in sizes]
            lines.append(f"| {fmt} | " + " | ".join(cells) + " |")
        lines.append("")
    if results.get("ratios"):
        lines += ["| ratio (same run) | value |", "|---|---|"]
        lines += [f"| `{name}` | {value:.2f} |" for name, value in results["ratios"].items()]
        lines.append("")
    if "jobs" in results:
        j = results["jobs"]
        lines += ["| `tsp-check check` of generated profile files, JSON to a file | wall seconds | CPU seconds "
                  "(all processes) | CPU / wall |", "|---|---|---|---|"]
        for n in (1, 2):
            lines.append(f"| {j['profiles']:,} profiles, --jobs {n} | {j[f'jobs{n}']:.2f} | {j[f'cpu{n}']:.2f} "
                         f"| {j[f'cpu{n}'] / j[f'jobs{n}']:.2f} |")
        lines += [f"| speed-up of --jobs 2 | {j['speedup']:.2f}× | | |",
                  f"| for comparison: speed-up of a busy loop in 2 processes instead of 1 | {j['capacity']:.2f}× | | |",
                  "",
                  f"The two reports are byte-identical: {j['identical']}. A CPU/wall ratio well below 2 for "
                  "--jobs 2 means the workers did not get two free cores (other processes were running).", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["cold", "throughput", "pipeline", "jobs", "memory"], action="append")
    parser.add_argument("--memory-sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--memory-formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--pipeline-profiles", type=int, default=10_000)
    parser.add_argument("--pipeline-runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000, 100_000])
    parser.add_argument("--cold-runs", type=int, default=9)
    parser.add_argument("--jobs-profiles", type=int, default=10_000)
    parser.add_argument("--jobs-runs", type=int, default=3)
    parser.add_argument("--fixtures", type=Path, nargs="+", default=[ROOT / "fixtures" / "stockholm"])
    parser.add_argument("--ruleset", help="a ruleset file or bundled id (default: the bundled one)")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--child", nargs=2, metavar=("BACKEND", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.ruleset)
        return
    parts = args.only or ["cold", "throughput", "pipeline", "jobs", "memory"]
    results: dict[str, Any] = {"load": _load()}
    if "cold" in parts:
        results["cold"] = cold(args.fixtures, args.cold_runs, args.ruleset)
    if "throughput" in parts:
        results["throughput"] = throughput(args.sizes, args.ruleset)
    if "pipeline" in parts or "throughput" in parts:  # --only throughput writes every ratio too
        results["pipeline"] = pipeline(args.pipeline_profiles, args.pipeline_runs, args.ruleset)
    if "jobs" in parts:
        results["jobs"] = jobs(args.jobs_profiles, args.jobs_runs, args.ruleset)
    if "memory" in parts:
        results["memory"] = memory(args.memory_sizes, args.memory_formats, args.ruleset)
    results["ratios"] = ratios(results)
    results["load_after"] = _load()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))


if __name__ == "__main__":
    main()
