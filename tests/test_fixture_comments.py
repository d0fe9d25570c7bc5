"""Each fixture's comment says what checking it gives, and that is checked, with both engines.

Every fixture opens with a prose ``# I exemplet:`` comment (what differs from "all in order") followed
by one or more expectation lines in a fixed form that still reads as Swedish::

    # Förväntat per 2019-11-30: brist i ARB-HANDELSERAPPORTERING, FO3-FORTROENDEVALDA; ej bedömt: FO5-X
    # Förväntat per 2019-11-30: inga brister; undantaget genom beslut: ARB-RISKKOMMUNIKATION
    # Förväntat per 2020-09-01: kontrolleras inte (upphörde 2020-06-30)

The first part is ``inga brister`` or ``brist i`` and the obligations with a gap; ``ej bedömt:`` (not
assessed) and ``undantaget genom beslut:`` (waived) follow when there are any, and their absence means
none. ``kontrolleras inte`` (with any note in parentheses) says the body does not exist on that date.
A long line may go on in lines that begin with ``#`` and three spaces. When the ruleset changes, a
failing test names each fixture, date and obligation that differ, and the line as the results now read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import attrs
import pytest

from tsp_rules import Report, Ruleset, Status, check

ROOT = Path(__file__).resolve().parent.parent
STOCKHOLM = ROOT / "fixtures" / "stockholm"
REFERENCE_DATE = dt.date(2019, 11, 30)

PREFIX = "# Förväntat per "
CONTINUATION = "#   "
ID = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+"
IDS = re.compile(rf"^{ID}(?:, {ID})*$")
NOT_CHECKED = re.compile(r"^kontrolleras inte(?: \([^()]+\))?$")
PARTS = {"ej bedömt: ": "not_assessed", "undantaget genom beslut: ": "waived"}


@attrs.frozen
class Expectation:
    """What a fixture's comment says of one date: the body is not checked, or these statuses."""

    file: Path
    line: int
    day: dt.date
    checked: bool = True
    gap: frozenset[str] = frozenset()
    not_assessed: frozenset[str] = frozenset()
    waived: frozenset[str] = frozenset()

    def where(self) -> str:
        return f"{self.file.relative_to(ROOT) if self.file.is_relative_to(ROOT) else self.file}:{self.line}"


class CommentError(ValueError):
    pass


def _ids(text: str, where: str) -> frozenset[str]:
    if not IDS.match(text):
        raise CommentError(f"{where}: expected obligation ids separated by ', ', got {text!r}")
    ids = text.split(", ")
    if len(set(ids)) != len(ids):
        raise CommentError(f"{where}: an obligation is named twice in {text!r}")
    return frozenset(ids)


def parse_line(text: str, file: Path, line: int) -> Expectation:
    """One expectation line (continuations already joined); raises CommentError naming file and line."""
    where = f"{file.name}:{line}"
    match = re.fullmatch(r"# Förväntat per (\d{4}-\d{2}-\d{2}): (.+)", text)
    if match is None:
        raise CommentError(f"{where}: expected '# Förväntat per YYYY-MM-DD: …', got {text!r}")
    try:
        day = dt.date.fromisoformat(match[1])
    except ValueError:
        raise CommentError(f"{where}: {match[1]!r} is not a date") from None
    rest = match[2]
    if NOT_CHECKED.match(rest):
        return Expectation(file, line, day, checked=False)
    first, *others = rest.split("; ")
    if first == "inga brister":
        gap: frozenset[str] = frozenset()
    elif first.startswith("brist i "):
        gap = _ids(first.removeprefix("brist i "), where)
    else:
        raise CommentError(f"{where}: the expectation begins with 'inga brister' or 'brist i …', got {first!r}")
    found: dict[str, frozenset[str]] = {}
    for part in others:
        head = next((h for h in PARTS if part.startswith(h)), None)
        if head is None or PARTS[head] in found:
            raise CommentError(f"{where}: expected 'ej bedömt: …' or 'undantaget genom beslut: …' once each, "
                               f"got {part!r}")
        found[PARTS[head]] = _ids(part.removeprefix(head), where)
    if list(found) != [v for v in PARTS.values() if v in found]:
        raise CommentError(f"{where}: 'ej bedömt' comes before 'undantaget genom beslut'")
    return Expectation(file, line, day, True, gap, found.get("not_assessed", frozenset()),
                       found.get("waived", frozenset()))


def parse_comments(path: Path) -> tuple[str, list[Expectation]]:
    """The prose ``# I exemplet:`` comment and the expectation lines of a fixture's leading comments."""
    example: list[str] = []
    found: list[Expectation] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        text = lines[i]
        if text.startswith("# I exemplet:"):
            if example:
                raise CommentError(f"{path.name}:{i + 1}: a second '# I exemplet:' comment")
            example.append(text.removeprefix("# I exemplet:").strip())
            while (i + 1 < len(lines) and lines[i + 1].startswith("# ")
                   and not lines[i + 1].lower().startswith("# förväntat")):
                i += 1
                example.append(lines[i][2:].strip())
        elif text.startswith(PREFIX):
            start = i
            while i + 1 < len(lines) and lines[i + 1].startswith(CONTINUATION):
                i += 1
                text += " " + lines[i].removeprefix(CONTINUATION).strip()
            found.append(parse_line(text, path, start + 1))
        elif text.lower().startswith("# förväntat"):
            raise CommentError(f"{path.name}:{i + 1}: write the expectation as '{PREFIX}YYYY-MM-DD: …'")
        i += 1
    days = [e.day for e in found]
    if len(set(days)) != len(days):
        raise CommentError(f"{path.name}: two expectation lines for one date")
    return " ".join(example), found


def expectation_line(report: Report, profile: str, day: dt.date) -> str:
    """The expectation line as the results read: what the lead copies after reading the changed rules."""
    if any(p.id == profile for p in report.absent):
        return f"{PREFIX}{day.isoformat()}: kontrolleras inte"
    by: dict[Status, list[str]] = defaultdict(list)
    for f in report.for_profile(profile):
        by[f.status].append(f.obligation)
    parts = [f"brist i {', '.join(sorted(by[Status.GAP]))}" if by[Status.GAP] else "inga brister"]
    parts += [f"{head}{', '.join(sorted(by[status]))}" for head, status in
              (("ej bedömt: ", Status.NOT_ASSESSED), ("undantaget genom beslut: ", Status.WAIVED)) if by[status]]
    return f"{PREFIX}{day.isoformat()}: {'; '.join(parts)}"


def differences(expected: Expectation, report: Report, profile: str, engine: str) -> list[str]:
    """What differs between a comment and the report, one message naming fixture, date and obligations."""
    head = f"{expected.where()}: per {expected.day.isoformat()} ({engine})"
    absent = any(p.id == profile for p in report.absent)
    if not expected.checked or absent:
        if expected.checked == (not absent):
            return []
        said, got = ("is not checked", "was checked") if not expected.checked else ("is checked", "was not checked")
        return [f"{head}: the comment says the body {said}, but it {got}; the line as the results read now:\n"
                f"    {expectation_line(report, profile, expected.day)}"]
    actual = {s: frozenset(f.obligation for f in report.for_profile(profile) if f.status is s)
              for s in (Status.GAP, Status.NOT_ASSESSED, Status.WAIVED)}
    said = {Status.GAP: expected.gap, Status.NOT_ASSESSED: expected.not_assessed, Status.WAIVED: expected.waived}
    parts = []
    for status in actual:
        missing, extra = sorted(actual[status] - said[status]), sorted(said[status] - actual[status])
        if missing:
            parts.append(f"{status.value}, not in the comment: {', '.join(missing)}")
        if extra:
            parts.append(f"in the comment as {status.value}, but {status.value} is not what was found: "
                         f"{', '.join(extra)}")
    if not parts:
        return []
    return [f"{head}: " + "; ".join(parts) + "; the line as the results read now:\n"
            f"    {expectation_line(report, profile, expected.day)}"]


def fixture_files() -> list[Path]:
    return sorted(STOCKHOLM.glob("*.yaml"))


def all_expectations() -> list[Expectation]:
    return [e for path in fixture_files() for e in parse_comments(path)[1]]


# --------------------------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_each_fixture_says_what_it_shows_and_what_to_expect_on_the_reference_date(path: Path) -> None:
    example, expectations = parse_comments(path)
    assert example, f"{path.name}: no '# I exemplet:' comment"
    days = [e.day for e in expectations]
    assert REFERENCE_DATE in days, f"{path.name}: no '{PREFIX}{REFERENCE_DATE.isoformat()}: …' line"


@pytest.mark.parametrize("engine", ["durable", "python"])
def test_fixture_comments_match_the_results(engine: str, ruleset: Ruleset) -> None:
    by_day: dict[dt.date, list[Expectation]] = defaultdict(list)
    for e in all_expectations():
        by_day[e.day].append(e)
    problems: list[str] = []
    for day, expectations in sorted(by_day.items()):
        report = check([e.file for e in expectations], ruleset=ruleset, as_of=day, engine=engine)
        for e in expectations:
            problems += differences(e, report, e.file.stem, engine)
    assert not problems, (f"{len(problems)} fixture comment(s) do not match the results; after reading the "
                          "changed rules, correct the comment (and its '# I exemplet:' prose):\n"
                          + "\n".join(problems))


def test_the_comments_cover_every_status_and_a_body_out_of_existence() -> None:
    found = all_expectations()
    assert any(e.gap for e in found) and any(e.not_assessed for e in found) and any(e.waived for e in found)
    assert any(not e.gap and e.checked for e in found)
    assert any(not e.checked for e in found)


def test_a_wrong_comment_is_reported_by_fixture_date_and_obligation(tmp_path: Path, ruleset: Ruleset) -> None:
    source = STOCKHOLM / "miljo-och-halsoskyddsnamnden.yaml"
    text = source.read_text(encoding="utf-8")
    _, [original] = parse_comments(source)
    line = text.splitlines()[original.line - 1]
    assert "FO2-FUNKTION" in line  # a gap ruleset 2.0.0 brought (the function is no longer tailored away)
    wrong = line.replace("FO2-FUNKTION, ", "") + "; ej bedömt: FO4-RSA"
    target = tmp_path / source.name
    target.write_text(text.replace(line, wrong), encoding="utf-8")
    _, [expected] = parse_comments(target)
    report = check([target], ruleset=ruleset, as_of=expected.day, engine="python")
    [message] = differences(expected, report, "miljo-och-halsoskyddsnamnden", "python")
    assert message.startswith(f"{target}:{original.line}: per 2019-11-30 (python): ")
    assert "gap, not in the comment: FO2-FUNKTION" in message
    assert "in the comment as not_assessed, but not_assessed is not what was found: FO4-RSA" in message
    assert message.endswith(line)  # the line as the results read now is the fixture's own


@pytest.mark.parametrize("bad", [
    "# Förväntat per 2019-11-31: inga brister",  # not a date
    "# Förväntat per 2019-11-30: brist i",
    "# Förväntat per 2019-11-30: brist i arb-t2-rapport",
    "# Förväntat per 2019-11-30: brist i ARB-T2-RAPPORT,FO4-RSA",
    "# Förväntat per 2019-11-30: brist i FO4-RSA, FO4-RSA",
    "# Förväntat per 2019-11-30: bristande ARB-T2-RAPPORT",
    "# Förväntat per 2019-11-30: inga brister; ej bedömt:",
    "# Förväntat per 2019-11-30: inga brister; undantaget genom beslut: FO4-RSA; ej bedömt: FO4-RSA",
    "# Förväntat per 2019-11-30: inga brister; ej bedömt: FO4-RSA; ej bedömt: FO4-CIVILT-FORSVAR",
    "# Förväntat per 2019-11-30: inga brister; gäller inte: FO4-RSA",
    "# Förväntat per 2019-11-30: kontrolleras inte alls",
    "# Förväntat 2019-11-30: inga brister",
])
def test_a_malformed_expectation_is_refused_with_its_file_and_line(bad: str, tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text(f"# ILLUSTRATIV PROFIL\n# I exemplet: något.\n{bad}\nformat: tsp-profile/1\n", encoding="utf-8")
    with pytest.raises(CommentError, match=r"^x\.yaml:3"):
        parse_comments(target)


def test_an_expectation_may_go_on_over_several_lines(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("# I exemplet: två brister.\n# Förväntat per 2019-11-30: brist i ARB-T2-RAPPORT,\n"
                      "#   FO4-RSA; ej bedömt: FO5-SAKERHETSSKYDDSANALYS\nformat: tsp-profile/1\n", encoding="utf-8")
    example, [e] = parse_comments(target)
    assert example == "två brister."
    assert (e.line, e.gap, e.not_assessed, e.waived) == (2, {"ARB-T2-RAPPORT", "FO4-RSA"},
                                                          {"FO5-SAKERHETSSKYDDSANALYS"}, frozenset())
