"""Peak memory of ``tsp-check city`` per number of profiles and format.

Run: ``python benchmarks/city_memory.py [N ...] [--jobs J] [--formats html,whole-html,markdown]``
(default 150 and 1500 profiles, jobs 1; "whole-html" is the matrix rendered from the whole report).
Each size runs in a fresh process, so that peaks do not carry over. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

AS_OF = dt.date(2019, 11, 30)


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def measure(folder: Path, jobs: int, fmt: str) -> None:
    """In this process: run ``tsp-check city`` on ``folder`` (html: streamed; other formats: from the whole
    report); print the peak. With ``fmt`` "whole-html", build the whole report and render the matrix from
    it, as ``city`` did before it streamed."""
    from tsp_rules import load_ruleset

    if fmt == "whole-html":
        from tsp_rules.commands.city import city_report
        from tsp_rules.renderers.html import render_matrix

        report = city_report(folder, load_ruleset(), AS_OF, "python", jobs)
        size = len(render_matrix(report, "sv").encode("utf-8"))
    else:
        from tsp_rules.commands.cli import main as cli

        target = folder.parent / f"{folder.name}.{fmt}"
        with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):  # not the summary
            cli(["city", str(folder), "--as-of", AS_OF.isoformat(), "--engine", "python", "--format", fmt,
                 "--jobs", str(jobs), "-o", str(target)], standalone_mode=False)
        size = target.stat().st_size
    print(f"{fmt:>10} {sum(1 for _ in folder.glob('*.yaml')):>8,} {_peak_mb():>10} MB {size / 2**20:>8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[150, 1500])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--formats", default="html,whole-html,markdown")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.measure, args.jobs, args.formats)
        return
    import synthetic

    from tsp_rules import load_ruleset

    ruleset = load_ruleset()
    print(f"{'format':>10} {'profiles':>8} {'peak':>13} {'output':>11}")
    with tempfile.TemporaryDirectory(prefix="tsp-city-memory-") as tmp:
        for n in args.sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            for i, (_, text) in enumerate(synthetic.iter_profile_texts(ruleset, n, seed=3)):
                (folder / f"{i:06d}.yaml").write_text(text, encoding="utf-8")
            for fmt in args.formats.split(","):
                subprocess.run([sys.executable, __file__, "--measure", str(folder), "--jobs", str(args.jobs),
                                "--formats", fmt], check=True)


if __name__ == "__main__":
    main()
