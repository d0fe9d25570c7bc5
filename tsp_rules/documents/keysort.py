"""Records sorted on disk (an external merge sort), so that putting many profiles in order keeps memory flat.

A streamed report must give its profiles back in an order of their own (the matrix's rows by kind, name and
id; the workbook's by id), not in the order they were checked. Holding one sort key per profile (a tuple of
a few texts: some 300 bytes each, and a list of them to sort at the end) grows with the number of profiles;
:class:`SortedRecords` holds at most :data:`RUN` records at a time: each full batch is sorted and written to a
temporary file as one sorted run, and at the end the runs are merged (:func:`heapq.merge`), reading each run
a block at a time (at most :data:`FAN_IN` runs at once: more are first merged into longer runs on the same
file). The order is that of the records as Python tuples: ``sorted`` of them all."""

from __future__ import annotations

import heapq
import struct
import tempfile
from collections.abc import Iterator
from typing import IO

RUN = 4096
"""Records held in memory before they are sorted and written out as a run."""
FAN_IN = 64
"""Runs merged at once."""
BLOCK = 16 * 1024
"""Bytes read from a run at a time while merging."""

Record = tuple[int | str | bytes, ...]

_INT = struct.Struct("<q")
_LEN = struct.Struct("<I")


class SortedRecords:
    """Records of one ``shape`` (a letter per field: ``i`` a 64-bit integer, ``s`` a text, ``b`` bytes),
    added in any order with :meth:`add`, given back sorted by :meth:`sorted` (as often as asked, until
    :meth:`close`)."""

    def __init__(self, shape: str, run: int | None = None, fan_in: int | None = None) -> None:
        run = RUN if run is None else run
        fan_in = FAN_IN if fan_in is None else fan_in
        if not shape or set(shape) - {"i", "s", "b"}:
            raise ValueError(f"a record's shape is made of 'i', 's' and 'b', not {shape!r}")
        if run < 1 or fan_in < 2:
            raise ValueError("a run holds at least 1 record and at least 2 runs are merged at once")
        self.shape, self._run, self._fan_in = shape, run, fan_in
        self._buffer: list[Record] = []
        self._file: IO[bytes] | None = None
        self._end = 0  # where the next run is written
        self._runs: list[tuple[int, int]] = []  # start and end of each sorted run in the file
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __enter__(self) -> SortedRecords:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def add(self, record: Record) -> None:
        if len(record) != len(self.shape):
            raise ValueError(f"a record of shape {self.shape!r} has {len(self.shape)} fields, not {len(record)}")
        self._buffer.append(record)
        self._count += 1
        if len(self._buffer) >= self._run:
            self._spill()

    def _encode(self, record: Record) -> bytes:
        out = []
        for kind, value in zip(self.shape, record, strict=True):
            if kind == "i":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise TypeError(f"a field of kind 'i' cannot be {type(value).__name__}")
                out.append(_INT.pack(value))
            elif kind == "s" and isinstance(value, str):
                raw = value.encode("utf-8")
                out += [_LEN.pack(len(raw)), raw]
            elif kind == "b" and isinstance(value, bytes):
                out += [_LEN.pack(len(value)), value]
            else:
                raise TypeError(f"a field of kind {kind!r} cannot be {type(value).__name__}")
        return b"".join(out)

    def _write_run(self, records: Iterator[Record]) -> None:
        """Write ``records`` (already in order) after the runs written so far, as one more run."""
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="tsp-sort-")  # noqa: SIM115 - closed by close()
        start = pos = self._end
        pending: list[bytes] = []
        size = 0
        for record in records:
            data = self._encode(record)
            pending.append(data)
            size += len(data)
            if size >= BLOCK:
                self._file.seek(pos)
                self._file.write(b"".join(pending))
                pos += size
                pending, size = [], 0
        if pending:
            self._file.seek(pos)
            self._file.write(b"".join(pending))
            pos += size
        self._end = pos
        self._runs.append((start, pos))

    def _spill(self) -> None:
        self._buffer.sort()
        self._write_run(iter(self._buffer))
        self._buffer = []

    def _read(self, start: int, end: int) -> Iterator[Record]:
        """The records of the run between ``start`` and ``end``, a block at a time (the file is shared by
        the runs being merged, so each read seeks first)."""
        assert self._file is not None
        data, at, pos = b"", 0, start
        shape = self.shape
        while True:
            fields: list[int | str | bytes] = []
            for kind in shape:
                need = 8 if kind == "i" else 4
                if len(data) - at < need:
                    data, at, pos = self._more(data, at, pos, end, need)
                if kind == "i":
                    fields.append(_INT.unpack_from(data, at)[0])
                    at += 8
                else:
                    (n,) = _LEN.unpack_from(data, at)
                    at += 4
                    if len(data) - at < n:
                        data, at, pos = self._more(data, at, pos, end, n)
                    raw = data[at:at + n]
                    fields.append(raw.decode("utf-8") if kind == "s" else raw)
                    at += n
            yield tuple(fields)
            if at == len(data) and pos == end:
                return

    def _more(self, data: bytes, at: int, pos: int, end: int, need: int) -> tuple[bytes, int, int]:
        """The unread rest of ``data`` followed by the next block of the run (at least ``need`` bytes)."""
        assert self._file is not None
        self._file.seek(pos)
        block = self._file.read(min(end - pos, max(BLOCK, need - (len(data) - at))))
        if len(data) - at + len(block) < need:
            raise OSError("a sorted run ends in the middle of a record: the temporary file was changed")
        return data[at:] + block, 0, pos + len(block)

    def sorted(self) -> Iterator[Record]:
        """Every record added, in order."""
        if not self._runs:  # all of them in memory: no file
            self._buffer.sort()
            yield from self._buffer
            return
        if self._buffer:
            self._spill()
        while len(self._runs) > self._fan_in:  # merge the oldest runs into one, until few enough are left
            merged, self._runs = self._runs[:self._fan_in], self._runs[self._fan_in:]  # the new run goes last
            self._write_run(heapq.merge(*(self._read(s, e) for s, e in merged if e > s)))
        yield from heapq.merge(*(self._read(s, e) for s, e in self._runs if e > s))


__all__ = ["BLOCK", "FAN_IN", "RUN", "SortedRecords"]
