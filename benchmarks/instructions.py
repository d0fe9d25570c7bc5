"""One mode of the engine measurements for an instruction counter (issue 25), e.g.

    valgrind --tool=callgrind python benchmarks/instructions.py setup 100
    valgrind --tool=callgrind python benchmarks/instructions.py decide 100

The Ir of a mode minus the Ir of its setup is what the mode's loop costs, deterministic whatever the
load of the machine (wall time on a shared machine is not). Modes, over N generated profiles bound to the
ruleset (what loading a profile file does) after one warm-up decision:

* ``setup`` (facts resolved beforehand) and ``decide``: durable ``decide`` alone on the resolved facts;
* ``setup0`` (nothing resolved) and ``verdicts``: ``resolve()`` and durable ``decide`` per profile;
* ``pysetup``/``pydecide`` and ``pysetup0``/``pyverdicts``: the same with the python engine;
* ``basesetup`` and ``baseline``: the hand-written baseline (``baseline.py``) over the same profiles;
* ``rawsetup`` and ``raw``: raw durable-rules (``raw_durable.py``) over N entities;
* ``pysetup0`` and ``pyfindings``: ``evaluate()`` per profile with the python engine (resolve, decide, build
  the findings: what ``run.py`` times as *python findings*);
* ``rendersetup`` and ``render``: the findings of every profile made beforehand, then each profile's part of
  the JSON report rendered (``render_part``: reasons worked out, messages, JSON text) as ``check`` does.

Prints nothing; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

MODES = ("setup", "decide", "setup0", "verdicts", "pysetup", "pydecide", "pysetup0", "pyverdicts", "basesetup",
         "baseline", "rawsetup", "raw", "pyfindings", "rendersetup", "render")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("count", type=int)
    parser.add_argument("--ruleset", default="tsp-2018-2021")
    args = parser.parse_args()
    mode, count = args.mode, args.count
    if mode.startswith("raw"):
        import raw_durable

        evaluator = raw_durable.DurableEvaluator(raw_durable.make_rules())
        entities = raw_durable.make_entities(count)
        evaluator.evaluate("warm", *entities[0][1:])
        if mode == "raw":
            for sid, attrs, exempt in entities:
                evaluator.evaluate(sid.replace("-", "_"), attrs, exempt)
        return
    import synthetic

    from tsp_rules import load_ruleset
    from tsp_rules.engines import get_engine
    from tsp_rules.engines.facts import resolve
    from tsp_rules.model.profile import check_profile

    rs = load_ruleset(args.ruleset)
    day = synthetic.AS_OF
    profiles = [synthetic.profile_object(rs, i) for i in range(count)]
    for p in profiles:
        check_profile(p, rs)
    if mode.startswith("base"):
        import baseline

        baseline.evaluate(profiles[0], day)
        if mode == "baseline":
            for p in profiles:
                baseline.evaluate(p, day)
        return
    if mode in ("pyfindings", "rendersetup", "render"):
        from tsp_rules.checking.check import evaluate
        from tsp_rules.renderers.streaming import render_part

        render_part(evaluate(profiles[0], rs, day, "python"), "json", "sv")  # warm-up: caches per ruleset
        if mode == "pyfindings":
            for p in profiles:
                evaluate(p, rs, day, "python")
            return
        results = [evaluate(p, rs, day, "python") for p in profiles]
        if mode == "render":
            for result in results:
                render_part(result, "json", "sv")
        return
    engine = get_engine("python" if mode.startswith("py") else "durable")
    engine.decide(resolve(profiles[0], rs, day))
    base = mode.removeprefix("py")
    if base in ("setup", "decide"):
        resolved = [resolve(p, rs, day) for p in profiles]
        if base == "decide":
            for facts in resolved:
                engine.decide(facts)
    elif base == "verdicts":
        for p in profiles:
            engine.decide(resolve(p, rs, day))


if __name__ == "__main__":
    main()
