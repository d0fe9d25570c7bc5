"""How far rendering work alone can take ``check --format json`` against the I/O floor (issue 25): a measured
bound, not an estimate.

On the same generated files, in alternating rounds (median of ``--runs``), CPU seconds of:

* the strict I/O floor of ``run.py`` (read, ``yaml.load`` with the C safe loader, ``json.dumps`` the input);
* ``tsp-check check DIR --format json -o FILE --engine python`` as shipped, with one ruleset and with the
  rulesets chosen by date;
* the same command with every finding written as nothing (a prototype, never shipped:
  ``tsp_rules.renderers.streaming.finding_items`` replaced by a function that returns ``""`` for each finding
  in the child process), so no reason, message or JSON text of a finding is made. Everything else runs as shipped:
  reading, YAML, the models, evaluation, the counts, the profile entries, spooling and writing.

If the floor's time over the third figure is below a target, no work on findings and their rendering can meet
that target: the rest of the run alone is too slow. Prints a Markdown table; asserts nothing::

    python benchmarks/bounds.py --profiles 10000 --runs 3 [--json bounds.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import AS_OF, _child_run, _cli, _load, io_floor  # noqa: E402

NO_FINDINGS = (
    "import sys\n"
    "import tsp_rules.renderers.streaming as streaming\n"
    "streaming.finding_items = lambda findings, lang: [b'' for _ in findings]  # the prototype: findings cost nothing\n"
    "from tsp_rules.commands.entry import main\n"
    "sys.argv = ['tsp-check', *sys.argv[1:]]\n"
    "main()\n"
)


def main() -> None:
    import synthetic

    from tsp_rules import load_ruleset

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ruleset", default="tsp-2018-2021")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rs = load_ruleset(args.ruleset)
    folder = Path(tempfile.mkdtemp(prefix="tsp-bounds-"))
    try:
        paths = synthetic.write_profiles(rs, folder / "profiles", args.profiles)
        shipped = _cli()
        prototype = [sys.executable, "-c", NO_FINDINGS]
        runs: dict[str, list[float]] = {}
        loads = [_load()]
        for _ in range(args.runs):
            cpu0 = time.process_time()
            io_floor(paths)
            runs.setdefault("floor", []).append(time.process_time() - cpu0)
            for name, cmd, extra in (("one", shipped, ["--ruleset", args.ruleset]),
                                     ("one_no_findings", prototype, ["--ruleset", args.ruleset]),
                                     ("both", shipped, []), ("both_no_findings", prototype, [])):
                full = [*cmd, "check", str(folder / "profiles"), "--as-of", AS_OF, "--format", "json",
                        "--engine", "python", "-o", str(folder / f"{name}.json"), *extra]
                _, cpu, _, _ = _child_run(full)
                runs.setdefault(name, []).append(cpu)
            loads.append(_load())
        n = len(paths)
        cpu = {name: statistics.median(values) for name, values in runs.items()}
        out: dict[str, Any] = {"profiles": n, "runs": args.runs, "ruleset": args.ruleset, "loads": loads,
                               "cpu_seconds": cpu, "ms_per_profile": {k: v / n * 1000 for k, v in cpu.items()},
                               "ratios": {k: cpu["floor"] / v for k, v in cpu.items() if k != "floor"}}
        print(f"{n} profiles, ruleset {args.ruleset} (one) or chosen by date (both), {args.runs} rounds, "
              f"load {' → '.join(loads)}")
        print("| run | CPU s | ms per profile | floor / run |")
        print("|---|---:|---:|---:|")
        for name in ("floor", "one", "one_no_findings", "both", "both_no_findings"):
            ratio = "" if name == "floor" else f"{out['ratios'][name]:.2f}"
            print(f"| {name} | {cpu[name]:.2f} | {out['ms_per_profile'][name]:.3f} | {ratio} |")
        if args.json:
            args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    main()
