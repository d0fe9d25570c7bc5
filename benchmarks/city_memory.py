"""Peak memory of ``tsp-check city`` (the report held, then the HTML matrix rendered) per number of profiles.

Run: ``python benchmarks/city_memory.py [N ...] [--jobs J]`` (default 150 and 1500 profiles, jobs 1).
Each size runs in a fresh process, so that peaks do not carry over. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

AS_OF = dt.date(2019, 11, 30)


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def measure(folder: Path, jobs: int) -> None:
    """In this process: evaluate ``folder`` as ``city`` does, then render the matrix; print the peaks."""
    from tsp_rules import load_ruleset
    from tsp_rules.commands.city import city_report
    from tsp_rules.renderers.html import render_matrix

    report = city_report(folder, load_ruleset(), AS_OF, "python", jobs)
    held = _peak_mb()
    page = render_matrix(report, "sv")
    print(f"{len(report.profiles):>8,} {len(report.findings):>9,} {held:>10} MB {_peak_mb():>10} MB "
          f"{len(page.encode('utf-8')) / 2**20:>8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[150, 1500])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.measure, args.jobs)
        return
    import synthetic

    from tsp_rules import load_ruleset

    ruleset = load_ruleset()
    print(f"{'profiles':>8} {'findings':>9} {'report held':>13} {'after HTML':>13} {'page':>11}")
    with tempfile.TemporaryDirectory(prefix="tsp-city-memory-") as tmp:
        for n in args.sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            for i, (_, text) in enumerate(synthetic.iter_profile_texts(ruleset, n, seed=3)):
                (folder / f"{i:06d}.yaml").write_text(text, encoding="utf-8")
            subprocess.run([sys.executable, __file__, "--measure", str(folder), "--jobs", str(args.jobs)],
                           check=True)


if __name__ == "__main__":
    main()
