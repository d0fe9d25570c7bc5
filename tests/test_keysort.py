"""Records sorted on disk (tsp_rules.documents.keysort) come back as sorted() gives them, whether they fit in
one run, in a few, or in more runs than are merged at once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tsp_rules.documents.keysort as keysort
from tsp_rules.documents.keysort import SortedRecords

RECORDS = st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1), st.text(max_size=12), st.binary(max_size=6),
                             st.integers(0, 3)), max_size=200)


@given(RECORDS, st.integers(1, 9), st.integers(2, 4))
def test_records_come_back_sorted(records: list[tuple[int, str, bytes, int]], run: int, fan_in: int) -> None:
    with SortedRecords("isbi", run=run, fan_in=fan_in) as spool:
        for record in records:
            spool.add(record)
        assert len(spool) == len(records)
        assert list(spool.sorted()) == sorted(records)
        assert list(spool.sorted()) == sorted(records)  # again, after the runs were merged into fewer


def test_many_runs_are_merged_a_few_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 records in runs of 7, merged 3 at a time (143 runs, merged into longer ones until 3 are left),
    with texts longer than a block read at once: the same order as sorted()."""
    monkeypatch.setattr(keysort, "BLOCK", 5)
    records = [((i * 7919) % 1000 - 500, "ö" * (i % 13) + str(i % 17), i) for i in range(1000)]
    with SortedRecords("isi", run=7, fan_in=3) as spool:
        for record in records:
            spool.add(record)
        assert len(spool._runs) == 142 and len(spool._buffer) == 6
        assert list(spool.sorted()) == sorted(records)
        assert len(spool._runs) <= 3


def test_all_in_memory_writes_no_file() -> None:
    with SortedRecords("si") as spool:
        for i in range(100):
            spool.add((f"{-i}", i))
        assert [r[1] for r in spool.sorted()][:4] == [1, 10, 11, 12]  # "-1" < "-10" < "-11" < "-12"
        assert spool._file is None


@pytest.mark.parametrize(("shape", "record", "error"), [
    ("i", ("x",), TypeError), ("s", (1,), TypeError), ("b", ("x",), TypeError), ("s", (b"x",), TypeError),
    ("i", (True,), TypeError), ("ii", (1,), ValueError)])
def test_a_record_of_the_wrong_shape_is_refused(shape: str, record: tuple[object, ...], error: type) -> None:
    with SortedRecords(shape, run=1) as spool, pytest.raises(error):
        spool.add(record)  # type: ignore[arg-type]


@pytest.mark.parametrize(("shape", "run", "fan_in"), [("", 1, 2), ("ix", 1, 2), ("i", 0, 2), ("i", 1, 1)])
def test_bad_settings_are_refused(shape: str, run: int, fan_in: int) -> None:
    with pytest.raises(ValueError):
        SortedRecords(shape, run=run, fan_in=fan_in)
