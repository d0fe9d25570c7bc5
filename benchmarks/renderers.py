"""Renderer time per body at growing report sizes: is each format linear in the findings?

    python benchmarks/renderers.py                       # 43, 430 and 4,300 bodies, every format
    python benchmarks/renderers.py --sizes 43 430 --formats xlsx csv --repeat 5

For each size a report is made once (synthetic profiles, python engine; not timed), then each format is
rendered ``--repeat`` times (median; one run at the largest size unless asked) and the time per body is
printed as a Markdown table: the CPU time of this process (``time.process_time``), which other work on a
shared machine disturbs much less than the wall time (printed beside it). A renderer linear in the
findings keeps its time per body flat as the report grows. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

from tsp_rules import check, load_ruleset
from tsp_rules.renderers import render

FORMATS = ("xlsx", "csv", "junit", "markdown", "html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[43, 430, 4300])
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell (median); the largest size runs once "
                        "unless --repeat-largest")
    parser.add_argument("--repeat-largest", action="store_true")
    args = parser.parse_args()
    ruleset = load_ruleset()
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.2f}; {os.cpu_count()} cores; ruleset {ruleset.id} {ruleset.version}")
    print()
    print("CPU ms per body (wall ms per body in brackets)")
    print()
    print("| bodies | findings | " + " | ".join(args.formats) + " |")
    print("|---:|---:|" + "---:|" * len(args.formats))
    largest = max(args.sizes)
    for size in args.sizes:
        profiles = [synthetic.profile_object(ruleset, i) for i in range(size)]
        report = check(profiles, ruleset=ruleset, as_of=synthetic.AS_OF, engine="python")
        runs = 1 if size == largest and not args.repeat_largest else args.repeat
        cells = []
        for fmt in args.formats:
            cpu, wall = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                render(report, fmt, "sv")
                cpu.append(time.process_time() - start_cpu)
                wall.append(time.perf_counter() - start)
            cells.append(f"{statistics.median(cpu) / size * 1000:.2f} ({statistics.median(wall) / size * 1000:.1f})")
        print(f"| {size:,} | {len(report.findings):,} | " + " | ".join(cells) + " |", flush=True)
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
