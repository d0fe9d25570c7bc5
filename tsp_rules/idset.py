"""Profile ids kept compactly: the ids of a run, one after another in one byte buffer, with an array of
where each ends and an open-addressing hash table of their places. A Python ``str`` in a ``dict`` or
``list`` costs about 120–170 bytes per id of 20-odd characters (the object, the table slot, and the
allocator's pools in which these small long-lived objects sit between each profile's temporaries);
here an id costs its UTF-8 bytes plus 8 bytes for its end and 8 to 16 for its hash slot (table at most half
full), so what ``check`` keeps per profile stays well under 0.2 KB at 100,000 profiles
(``benchmarks/parent_memory.py``)."""

from __future__ import annotations

import array
from collections.abc import Iterator


class PackedTexts:
    """Texts one after another in one byte buffer: ``append(text)``, ``self[i]``, ``len(self)``."""

    __slots__ = ("_data", "_ends")

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array.array("q")

    def append(self, text: str) -> None:
        self._data += text.encode("utf-8")
        self._ends.append(len(self._data))

    def raw(self, place: int) -> bytes:
        """The UTF-8 bytes of the text at ``place`` (bytes compare in the order of their texts)."""
        start = self._ends[place - 1] if place else 0
        return bytes(self._data[start:self._ends[place]])

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, place: int) -> str:
        if place < 0:
            place += len(self._ends)
        start = self._ends[place - 1] if place else 0
        return self._data[start:self._ends[place]].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        for place in range(len(self._ends)):
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
        place = len(self._ends)
        self._data += raw
        self._ends.append(len(self._data))
        self._table[slot] = place + 1
        if 2 * (place + 1) > self._mask + 1:
            self._grow()
        return place

    def _grow(self) -> None:
        size = 2 * (self._mask + 1)
        self._table = array.array("i", bytes(4 * size))
        self._mask = size - 1
        for place in range(len(self._ends)):
            slot, _ = self._probe(self.raw(place))
            self._table[slot] = place + 1
