"""Profile ids kept compactly: the ids of a run, one after another in one byte buffer, with an array of
where each ends and an open-addressing hash table of their places. A Python ``str`` in a ``dict`` or
``list`` costs about 120–170 bytes per id of 20-odd characters (the object, the table slot, and the
allocator's pools in which these small long-lived objects sit between each profile's temporaries);
here an id costs its UTF-8 bytes plus 8 bytes for its place and 8 to 16 for its hash slot (table at most
half full), held in fixed-size chunks that are never reallocated (a growing array that is reallocated
leaves its old blocks in the heap, which the process keeps), so that what ``check`` keeps per profile
stays small at 100,000 profiles (``benchmarks/parent_memory.py``)."""

from __future__ import annotations

import array
from collections.abc import Iterable, Iterator

CHUNK = 4096
"""Entries per chunk of :class:`ChunkedInts` (32 KiB); bytes per chunk of :class:`PackedTexts` is 8 times it."""


class ChunkedInts:
    """A growing sequence of 64-bit integers in fixed-size chunks. Unlike one ``array`` that is reallocated
    as it grows (leaving freed blocks behind in the heap, which the process keeps), chunks are allocated
    once and never moved, so resident memory follows the contents."""

    __slots__ = ("_chunks", "_count")

    def __init__(self) -> None:
        self._chunks: list[array.array[int]] = []
        self._count = 0

    def append(self, value: int) -> None:
        if self._count % CHUNK == 0:
            self._chunks.append(array.array("q", bytes(8 * CHUNK)))
        self._chunks[-1][self._count % CHUNK] = value
        self._count += 1

    def extend(self, values: Iterable[int]) -> None:
        for value in values:
            self.append(value)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._chunks[index // CHUNK][index % CHUNK]


class PackedTexts:
    """Texts one after another in fixed-size byte chunks: ``append(text)``, ``self[i]``, ``len(self)``.

    Each text's place holds one integer: its chunk and where it ends there (it starts where the text
    before it ends, or at 0 in a new chunk); a text longer than a chunk gets a chunk of its own."""

    __slots__ = ("_data", "_fill", "_loc")

    def __init__(self) -> None:
        self._data: list[bytearray] = []
        self._fill = 8 * CHUNK  # bytes used in the last chunk (full: the next text starts a new one)
        self._loc = ChunkedInts()

    def append(self, text: str) -> None:
        raw = text.encode("utf-8")
        if self._fill + len(raw) > 8 * CHUNK or not self._data:
            self._data.append(bytearray(max(8 * CHUNK, len(raw))))
            self._fill = 0
        start, end = self._fill, self._fill + len(raw)
        self._data[-1][start:end] = raw
        self._fill = end
        self._loc.append(((len(self._data) - 1) << 32) | end)

    def raw(self, place: int) -> bytes:
        """The UTF-8 bytes of the text at ``place`` (bytes compare in the order of their texts)."""
        loc = self._loc[place]
        chunk, end = loc >> 32, loc & 0xFFFFFFFF
        start = 0
        if place:
            before = self._loc[place - 1]
            if before >> 32 == chunk:
                start = before & 0xFFFFFFFF
        return bytes(self._data[chunk][start:end])

    def __len__(self) -> int:
        return len(self._loc)

    def __getitem__(self, place: int) -> str:
        if place < 0:
            place += len(self._loc)
        return self.raw(place).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        for place in range(len(self._loc)):
            yield self[place]


class CompactIds(PackedTexts):
    """An insertion-ordered set of texts, stored compactly (see the module docstring).

    ``add(text)`` returns the text's place (its number in insertion order), or -1 if it was already
    there; ``place(text)`` finds it; ``self[i]`` gives the i-th text back."""

    __slots__ = ("_mask", "_table")

    def __init__(self) -> None:
        super().__init__()
        self._table = array.array("i", bytes(4 * 8))  # places + 1; 0 marks an empty slot
        self._mask = 7

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.place(text) >= 0

    def _probe(self, raw: bytes) -> tuple[int, int]:
        """(slot, place) of ``raw``: its place, or -1 and the empty slot where it would go."""
        table, mask = self._table, self._mask
        h = hash(raw)
        slot = h & mask
        perturb = h & 0xFFFFFFFFFFFFFFFF
        while True:
            entry = table[slot]
            if entry == 0:
                return slot, -1
            if self.raw(entry - 1) == raw:
                return slot, entry - 1
            perturb >>= 5
            slot = (5 * slot + 1 + perturb) & mask

    def place(self, text: str) -> int:
        return self._probe(text.encode("utf-8"))[1]

    def add(self, text: str) -> int:
        """Add ``text``; its place, or -1 if it was there already."""
        raw = text.encode("utf-8")
        slot, found = self._probe(raw)
        if found >= 0:
            return -1
        place = len(self)
        PackedTexts.append(self, text)
        self._table[slot] = place + 1
        if 2 * (place + 1) > self._mask + 1:
            self._grow()
        return place

    def _grow(self) -> None:
        size = 2 * (self._mask + 1)
        self._table = array.array("i", bytes(4 * size))
        self._mask = size - 1
        for place in range(len(self)):
            slot, _ = self._probe(self.raw(place))
            self._table[slot] = place + 1
