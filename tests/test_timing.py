"""Cadences resolved against the check date."""

from __future__ import annotations

import datetime as dt

from tsp_rules.model.ruleset import Cadence, Parameters
from tsp_rules.model.timing import Clock, months_before

P = Parameters("09-30", (2014, 2018, 2022), "10-15", "10-31", 60)
D = dt.date


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(D(2019, 3, 31), 1) == D(2019, 2, 28)
    assert months_before(D(2020, 2, 29), 12) == D(2019, 2, 28)
    assert months_before(D(2019, 1, 15), 1) == D(2018, 12, 15)


def test_yearly_reports_age_and_limit() -> None:
    fit = Clock(D(2019, 11, 30), P).fit(Cadence("within", 12), D(2018, 9, 3), None, 2018)
    assert not fit.ok and fit.code == "stale" and fit.data["age_days"] == 453 and fit.data["oldest"] == "2018-11-30"
    assert Clock(D(2019, 11, 30), P).fit(Cadence("within", 12), D(2018, 11, 30), None, 2018).ok


def test_t2_year_switches_on_the_t2_date() -> None:
    assert Clock(D(2019, 9, 29), P).t2_year == 2018
    assert Clock(D(2019, 9, 30), P).t2_year == 2019
    t2 = Cadence("t2")
    assert Clock(D(2019, 9, 29), P).fit(t2, D(2018, 9, 20), None, 2018).ok
    late = Clock(D(2019, 10, 1), P).fit(t2, D(2018, 9, 20), None, 2018)
    assert not late.ok and late.code == "t2_year" and late.data["required_year"] == 2019


def test_term_switches_on_the_due_date() -> None:
    # "senast den 31 oktober": the due day itself still belongs to the previous term
    assert Clock(D(2019, 10, 31), P).term == (2014, D(2014, 10, 15), D(2015, 10, 31))
    assert Clock(D(2019, 11, 1), P).term == (2018, D(2018, 10, 15), D(2019, 10, 31))
    rsa_2016 = D(2016, 3, 1)
    assert Clock(D(2019, 10, 31), P).fit(Cadence("term"), rsa_2016, None, 2016).ok
    assert Clock(D(2019, 11, 1), P).fit(Cadence("term"), rsa_2016, None, 2016).code == "term"


def test_future_and_expired_evidence_never_counts() -> None:
    clock = Clock(D(2019, 6, 1), P)
    assert clock.fit(Cadence("continuous"), D(2019, 6, 2), None, 2019).code == "future"
    assert clock.fit(Cadence("continuous"), D(2018, 1, 1), D(2019, 5, 31), 2018).code == "expired"
    assert clock.fit(Cadence("continuous"), D(2010, 1, 1), D(2019, 6, 1), 2010).ok

