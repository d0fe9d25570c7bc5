"""Bodies in time: a nämnd or bolag exists from its ``valid_from`` to its ``valid_to`` (both optional).

A body that does not exist on the check date is not checked: it has no findings, only a warning that
names it, the day it ceased (and its successor, where the profile names one) or the day it begins.
When no given body exists on the check date, the report says so in a warning of its own; that is not
an error, and the exit code is that of a report without findings (0).
"""

from __future__ import annotations

import datetime as dt

from tsp_rules.checking.findings import Warning
from tsp_rules.model.profile import Profile
from tsp_rules.model.ruleset import Text

MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")

CEASED = "body_ceased"
CEASED_SUCCEEDED = "body_ceased_succeeded"
NOT_YET = "body_not_yet_existing"
NONE_EXISTS = "no_body_exists"
CODES = (CEASED, CEASED_SUCCEEDED, NOT_YET)
"""The codes of the warning a body that is not checked gets (one of them)."""


def date_words(day: dt.date) -> Text:
    """A date as Swedish and English prose write it: "1 september 2020", "1 September 2020"."""
    return Text(f"{day.day} {MONTHS_SV[day.month - 1]} {day.year}", f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}")


def existence_warning(profile: Profile, as_of: dt.date) -> Warning | None:
    """The warning for a body that does not exist on ``as_of`` (it is then not checked); None if it exists."""
    if profile.exists_on(as_of):
        return None
    data: dict[str, object] = {"name": profile.name, "as_of_words": date_words(as_of)}
    if profile.valid_from is not None and as_of < profile.valid_from:
        return Warning(NOT_YET, {**data, "begins": date_words(profile.valid_from)}, profile.id)
    assert profile.valid_to is not None
    data["ended"] = date_words(profile.valid_to)
    if profile.successor is None:
        return Warning(CEASED, data, profile.id)
    return Warning(CEASED_SUCCEEDED, {**data, "successor_name": profile.successor_name or profile.successor},
                   profile.id)


def nothing_checked(checked: int, skipped: int, as_of: dt.date) -> list[Warning]:
    """The report's own warning when profiles were given but none of their bodies exists on ``as_of``."""
    if checked or not skipped:
        return []
    return [Warning(NONE_EXISTS, {"as_of_words": date_words(as_of)})]


__all__ = ["CODES", "date_words", "existence_warning", "nothing_checked"]
