"""Deterministic synthetic profiles for any ruleset: benchmarks and scale tests.

Every profile is marked ``illustrative: true`` and named "Syntetisk nämnd N": the data is made up to
exercise the engines, never an assessment of a real body. The generator reads only what the ruleset
declares (traits, evidence kinds and their content fields), so it keeps working when the ruleset grows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tsp_rules.documents.specs import BODY_KINDS
from tsp_rules.model.conditions import Domain
from tsp_rules.model.profile import Decision, Evidence, Profile
from tsp_rules.model.ruleset import Ruleset

AS_OF = dt.date(2019, 11, 30)


def _value(domain: Domain, rng: random.Random) -> Any:
    if domain.type == "bool":
        return rng.random() < 0.5
    if domain.type == "int":
        return rng.choice([2017, 2018, 2019, 2019, 2020])
    if domain.type == "enum":
        return rng.choice(domain.values)
    return sorted(rng.sample(list(domain.values), rng.randint(0, len(domain.values))))


def profile_data(ruleset: Ruleset, index: int, seed: int = 2019, as_of: dt.date = AS_OF) -> dict[str, Any]:
    """The YAML data of synthetic profile number ``index`` (the same for the same arguments)."""
    rng = random.Random(f"{seed}:{index}")
    traits: dict[str, Any] = {}
    for name, trait in sorted(ruleset.traits.items()):
        if name == "kind":
            continue
        roll = rng.random()
        traits[name] = None if roll < 0.04 else "unassessed" if roll < 0.06 else _value(trait.domain, rng)
    data: dict[str, Any] = {
        "format": "tsp-profile/1",
        "profile": {"id": f"syntetisk-namnd-{index:06d}", "name": f"Syntetisk nämnd {index}",
                    "kind": rng.choice(BODY_KINDS), "illustrative": True,
                    "note": "Syntetisk profil för prestandamätning; inte en verklig bedömning."},
        "traits": traits,
    }
    if rng.random() < 0.05:
        return data  # evidence not assessed at all
    evidence = []
    for kind_id, kind in sorted(ruleset.evidence_kinds.items()):
        if rng.random() < 0.3:
            continue
        day = as_of - dt.timedelta(days=rng.randint(-20, 900))
        item: dict[str, Any] = {"kind": kind_id, "date": day.isoformat(),
                                "reference": f"Syntetiskt underlag {index}/{kind_id}"}
        content = {f: _value(d, rng) for f, d in sorted(kind.content.items()) if rng.random() < 0.9}
        if content:
            item["content"] = content
        evidence.append(item)
    data["evidence"] = evidence
    if ruleset.obligations and rng.random() < 0.1:
        ob = rng.choice(ruleset.obligations)
        start = as_of - dt.timedelta(days=rng.randint(0, 400))
        data["decisions"] = [{"obligation": ob.id, "reference": f"SYNT {index}", "decided_by": "Syntetisk nämnd",
                              "decided_on": start.isoformat(),
                              "valid_until": (start + dt.timedelta(days=rng.randint(30, 800))).isoformat(),
                              "justification": "Syntetiskt beslut för prestandamätning."}]
    return data


def profile_text(ruleset: Ruleset, index: int, seed: int = 2019) -> str:
    return "# SYNTETISK PROFIL – illustrativ, inte en verklig bedömning.\n" + yaml.safe_dump(
        profile_data(ruleset, index, seed), allow_unicode=True, sort_keys=False)


def iter_profile_texts(ruleset: Ruleset, count: int, seed: int = 2019) -> Iterator[tuple[str, str]]:
    """``(file name, YAML text)`` of ``count`` synthetic profiles."""
    for i in range(count):
        yield f"syntetisk-{i:06d}.yaml", profile_text(ruleset, i, seed)


def write_profiles(ruleset: Ruleset, folder: Path, count: int, seed: int = 2019) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in iter_profile_texts(ruleset, count, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def profile_object(ruleset: Ruleset, index: int, seed: int = 2019, as_of: dt.date = AS_OF) -> Profile:
    """Synthetic profile number ``index`` built directly as a :class:`Profile` (no YAML, no validation):
    for timing the back ends without the cost of reading files."""
    data = profile_data(ruleset, index, seed, as_of)
    ident = data["profile"]
    evidence = None
    if "evidence" in data:
        evidence = tuple(
            Evidence(e["kind"], dt.date.fromisoformat(e["date"]), e["reference"], None, e.get("content", {}))
            for e in data["evidence"])
    decisions = tuple(
        Decision(d["obligation"], d["reference"], d["decided_by"], dt.date.fromisoformat(d["decided_on"]),
                 dt.date.fromisoformat(d["valid_until"]), d["justification"])
        for d in data.get("decisions", ()))
    return Profile(ident["id"], ident["name"], ident["kind"], True, ident["note"], data["traits"], evidence,
                   decisions, f"<synthetic {index}>")
