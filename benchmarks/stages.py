"""Where the time of ``tsp-check check DIR --format json`` goes, stage by stage, per profile file.

Generates N synthetic profile files (not timed), then runs the same steps as the command with the python
engine, timing each stage separately in one process: reading the file, YAML with positions, the pydantic
models, binding (checking the profile against the ruleset), resolving, deciding, building the findings,
rendering the JSON part and spooling it. Beside it, the I/O floor of the issue: read each file,
``yaml.load`` it with PyYAML's C safe loader, ``json.dumps`` the result. Medians of ``--runs`` runs (each
stage's total over all files, divided by N). Asserts nothing about time::

    python benchmarks/stages.py --profiles 10000 --runs 3 [--json stages.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
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

STAGES = ("reading", "yaml", "pydantic", "binding", "resolving", "deciding", "findings", "rendering", "spooling")


def floor(paths: list[Path]) -> float:
    """The I/O floor: read, parse with libyaml's safe loader, encode as JSON (seconds for all files)."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in paths:
        json.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=loader), default=str)
    return time.perf_counter() - start


def one_run(paths: list[Path], ruleset: Any, day: dt.date, engine_name: str) -> dict[str, float]:
    from tsp_rules.checking.check import ProfileResult, _warning_key, evaluate_findings
    from tsp_rules.checking.findings import ProfileInfo, RulesetInfo
    from tsp_rules.documents.loading import check_document, parse_yaml, read_text
    from tsp_rules.documents.profile_specs import ProfileSpec
    from tsp_rules.engines import get_engine
    from tsp_rules.engines.facts import resolve
    from tsp_rules.model.profile import check_profile, profile_from_spec
    from tsp_rules.renderers.streaming import ReportWriter, render_part

    engine = get_engine(engine_name)
    totals = dict.fromkeys(STAGES, 0.0)
    clock = time.perf_counter
    header = RulesetInfo(ruleset.id, ruleset.version, ruleset.digest, ruleset.title)
    with ReportWriter("json", "sv", header, day, engine.name) as writer:
        for path in paths:
            t0 = clock()
            text = read_text(path)
            t1 = clock()
            doc = parse_yaml(text, str(path), lenient=True)
            t2 = clock()
            spec, problems = check_document(doc, ProfileSpec)
            assert spec is not None, problems
            profile = profile_from_spec(spec, doc)
            t3 = clock()
            check_profile(profile, ruleset)
            t4 = clock()
            facts = resolve(profile, ruleset, day)
            t5 = clock()
            verdicts = engine.decide(facts)
            t6 = clock()
            found, warned = evaluate_findings(facts, verdicts)
            result = ProfileResult(ProfileInfo(profile.id, profile.name, profile.kind, profile.illustrative),
                                   profile.file, tuple(sorted(found, key=lambda f: f.obligation)),
                                   tuple(sorted(warned, key=_warning_key)))
            t7 = clock()
            part = render_part(result, "json", "sv")
            t8 = clock()
            writer.add(part)
            t9 = clock()
            for name, a, b in zip(STAGES, (t0, t1, t2, t3, t4, t5, t6, t7, t8), (t1, t2, t3, t4, t5, t6, t7, t8, t9),
                                  strict=True):
                totals[name] += b - a
        start = clock()
        sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        with sink:
            writer.write(sink.write)
        totals["writing"] = clock() - start
    return totals


def main() -> None:
    import synthetic

    from tsp_rules import load_ruleset

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", default="python")
    parser.add_argument("--ruleset")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rs = load_ruleset(args.ruleset)
    day = synthetic.AS_OF
    folder = Path(tempfile.mkdtemp(prefix="tsp-stages-"))
    try:
        paths = synthetic.write_profiles(rs, folder, args.profiles)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        runs = []
        floors = []
        for _ in range(args.runs):
            floors.append(floor(paths))
            runs.append(one_run(paths, rs, day, args.engine))
        n = len(paths)
        medians = {name: statistics.median(r[name] for r in runs) / n * 1000 for name in runs[0]}
        io_floor = statistics.median(floors) / n * 1000
        total = sum(medians[s] for s in STAGES) + medians["writing"]
        out = {"profiles": n, "engine": args.engine, "load_before": load,
               "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
               "ms_per_profile": medians, "total_ms": total, "io_floor_ms": io_floor,
               "floor_vs_total": io_floor / total}
        print(f"{n} profiles, engine {args.engine}, load {load} -> {out['load_after']}")
        print("| stage | ms per profile | share |")
        print("|---|---:|---:|")
        for name, ms in medians.items():
            print(f"| {name} | {ms:.3f} | {ms / total:.0%} |")
        print(f"| **all stages** | **{total:.3f}** | |")
        print(f"| I/O floor (read, `yaml.load` with CSafeLoader, `json.dumps`) | {io_floor:.3f} | "
              f"{io_floor / total:.2f}× of all stages |")
        if args.json:
            args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
