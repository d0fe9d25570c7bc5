"""Peak resident memory of ``tsp-check check DIR --format json -o FILE`` (one process, python engine) as
the number of profile files grows: what the parent keeps per profile. Generates the files (not timed) and
runs the command for each size as a child process, reading the child's peak RSS (``ru_maxrss``)::

    python benchmarks/parent_memory.py 1000 100000 [--engine python] [--command check|city]

Prints the peak per size and, between the smallest and the largest size, the growth per profile. To
write 100,000 files quickly, 2,000 distinct synthetic profiles are generated and repeated with fresh ids
(what the parent keeps per profile does not depend on the profile's content).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    import synthetic

    from tsp_rules import load_ruleset

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--engine", default="python")
    parser.add_argument("--command", choices=["check", "city"], default="check")
    parser.add_argument("--ruleset", help="a ruleset file or bundled id (passed to the command)")
    args = parser.parse_args()
    rs = load_ruleset(args.ruleset)
    script = Path(sys.executable).parent / "tsp-check"
    folder = Path(tempfile.mkdtemp(prefix="tsp-memory-"))
    peaks = {}
    try:
        distinct = [text for _, text in synthetic.iter_profile_texts(rs, min(2_000, max(args.sizes)))]
        (folder / "profiles").mkdir(parents=True)
        written = 0
        for size in sorted(args.sizes):
            for i in range(written, size):
                template = distinct[i % len(distinct)]
                own = f"syntetisk-namnd-{i:06d}"
                text = template.replace(f"syntetisk-namnd-{i % len(distinct):06d}", own, 1)
                (folder / "profiles" / f"syntetisk-{i:06d}.yaml").write_text(text, encoding="utf-8")
            written = size
            fmt = ["--format", "json"] if args.command == "check" else ["--format", "html"]
            cmd = [str(script), args.command, str(folder / "profiles"), "--as-of", "2019-11-30", *fmt,
                   "--engine", args.engine, "-o", str(folder / "out")]
            if args.ruleset:
                cmd += ["--ruleset", args.ruleset]
            load = os.getloadavg()[0]
            start = time.perf_counter()
            subprocess.run(cmd, check=False, capture_output=True)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, the largest child so far
            peaks[size] = peak
            print(f"{size:>7} profiles: peak RSS {peak / 1024:.1f} MB, {seconds:.1f} s, load {load:.2f}", flush=True)
        small, large = min(peaks), max(peaks)
        if large > small:
            per = (peaks[large] - peaks[small]) * 1024 / (large - small)
            print(f"growth per profile between {small} and {large}: {per:.0f} bytes ({per / 1024:.3f} KB)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
