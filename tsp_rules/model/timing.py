"""Resolving cadences against the check date ("as of"), before any fact reaches an engine.

Engines never see the clock: they see, for each evidence item and each cadence the ruleset uses,
whether the item is recent enough. The same functions explain why an item is not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from typing import Any

import attrs

from tsp_rules.model.ruleset import Cadence, Parameters


@functools.lru_cache(maxsize=4096)
def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, clamped to the month's end (2019-03-31 - 1 month = 2019-02-28)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=4096)
def _month_day(year: int, month_day: str) -> dt.date:
    month, day = (int(x) for x in month_day.split("-"))
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=1024)
def _t2_year(as_of: dt.date, t2_date: str | None) -> int | None:
    if not t2_date:
        return None
    return as_of.year if as_of >= _month_day(as_of.year, t2_date) else as_of.year - 1


@functools.lru_cache(maxsize=1024)
def _term(as_of: dt.date, election_years: tuple[int, ...], term_start: str | None, term_due: str | None,
          start_offset: int = 0) -> tuple[int, dt.date, dt.date] | None:
    if not (election_years and term_start and term_due):
        return None
    chosen = election_years[0]
    for year in election_years:
        # "senast den 31 oktober": on the due day itself the previous term's evidence still counts
        if _month_day(year + 1, term_due) < as_of:
            chosen = year
    return chosen, _month_day(chosen + start_offset, term_start), _month_day(chosen + 1, term_due)


@attrs.frozen
class Fit:
    """Whether one evidence item is recent enough for one cadence, and if not, why."""

    ok: bool
    code: str
    data: dict[str, Any] = attrs.field(factory=dict, eq=False)


@attrs.frozen
class Clock:
    as_of: dt.date
    parameters: Parameters

    @property
    def t2_year(self) -> int | None:
        """The year whose tertialrapport 2 is due: this year once its T2 date has passed, else last year."""
        return _t2_year(self.as_of, self.parameters.t2_date)

    def t2_date(self, year: int) -> dt.date | None:
        return _month_day(year, self.parameters.t2_date) if self.parameters.t2_date else None

    @property
    def term(self) -> tuple[int, dt.date, dt.date] | None:
        """(election year, term start, due date) of the term whose analysis is required at the check date.

        A new term's analysis is due by ``term_due`` in the year after its election ("senast", so that day
        included); until then, the previous term's analysis still counts.
        """
        return self.term_for(None)

    def term_for(self, due: str | None) -> tuple[int, dt.date, dt.date] | None:
        """As :attr:`term`, for a term cadence with its own due day (``None``: the parameters' ``term_due``)."""
        p = self.parameters
        offset = 1 if p.term_start_year == "following" else 0
        return _term(self.as_of, p.election_years, p.term_start, due or p.term_due, offset)

    def window(self, cadence: Cadence) -> tuple[str, Any]:
        """What an evidence item that is neither future nor expired must reach to be recent enough for
        ``cadence`` on the check date: ``("any", None)``, ``("date", oldest)`` or ``("period", year)``."""
        if cadence.kind == "continuous":
            return ("any", None)
        if cadence.kind == "within":
            return ("date", months_before(self.as_of, cadence.months))
        if cadence.kind == "t2":
            return ("period", self.t2_year)
        term = self.term_for(cadence.due)
        assert term is not None
        return ("date", term[1])

    def recent(self, cadence: Cadence, date: dt.date, valid_until: dt.date | None, period_year: int) -> bool:
        """What ``fit(...).ok`` says, without making the :class:`Fit` (the reasons of a met item need only this)."""
        return recent_enough(self.window(cadence), self.as_of, date, valid_until, period_year)

    def fit(self, cadence: Cadence, date: dt.date, valid_until: dt.date | None, period_year: int) -> Fit:
        age = (self.as_of - date).days
        base = {"age_days": age, "date": date.isoformat()}
        if date > self.as_of:
            return Fit(False, "future", base)
        if valid_until is not None and valid_until < self.as_of:
            return Fit(False, "expired", {**base, "valid_until": valid_until.isoformat()})
        if cadence.kind == "continuous":
            return Fit(True, "ok", base)
        if cadence.kind == "within":
            start = months_before(self.as_of, cadence.months)
            if date < start:
                return Fit(False, "stale", {**base, "max_months": cadence.months, "oldest": start.isoformat()})
            return Fit(True, "ok", {**base, "max_months": cadence.months})
        if cadence.kind == "t2":
            required = self.t2_year
            assert required is not None
            if period_year < required:
                due = self.t2_date(required)
                return Fit(False, "t2_year", {**base, "year": period_year, "required_year": required,
                                              "t2_date": due.isoformat() if due else None})
            return Fit(True, "ok", {**base, "year": period_year, "required_year": required})
        term = self.term_for(cadence.due)
        assert term is not None
        election, start, due = term
        if date < start:
            return Fit(False, "term", {**base, "election_year": election, "term_start": start.isoformat(),
                                       "due": due.isoformat()})
        return Fit(True, "ok", {**base, "election_year": election})


def recent_enough(window: tuple[str, Any], as_of: dt.date, date: dt.date, valid_until: dt.date | None,
                  period: int) -> bool:
    """Whether an item is recent enough for a cadence's ``window`` (:meth:`Clock.window`): what
    ``Clock.fit(...).ok`` says."""
    if date > as_of or (valid_until is not None and valid_until < as_of):
        return False
    how, limit = window
    if how == "date":
        return bool(date >= limit)
    if how == "period":
        return bool(period >= limit)
    return True
