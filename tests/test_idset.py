"""The compact id set of a run (tsp_rules.checking.idset) behaves as an insertion-ordered set of texts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tsp_rules.checking.idset import CompactIds, PackedTexts

TEXTS = st.lists(st.text(min_size=0, max_size=12), max_size=300)


@given(TEXTS)
def test_compact_ids_is_an_insertion_ordered_set(texts: list[str]) -> None:
    ids, reference = CompactIds(), {}
    for text in texts:
        place = ids.add(text)
        if text in reference:
            assert place == -1
        else:
            assert place == len(reference)
            reference[text] = place
    assert len(ids) == len(reference)
    assert list(ids) == list(reference)
    assert all(ids.place(t) == p and t in ids for t, p in reference.items())
    assert all(ids[p] == t for t, p in reference.items())
    assert "\x00never-added" not in ids and 3 not in ids


@given(TEXTS)
def test_packed_texts_keep_texts_and_their_order(texts: list[str]) -> None:
    packed = PackedTexts()
    for text in texts:
        packed.append(text)
    assert [packed[i] for i in range(len(packed))] == texts
    assert sorted(range(len(texts)), key=packed.raw) == sorted(range(len(texts)), key=texts.__getitem__)


@given(TEXTS, st.integers(1, 4))
def test_small_chunks_keep_every_text(texts: list[str], chunk: int) -> None:
    """With chunks of a few bytes, texts cross chunk ends and many are longer than a chunk."""
    import tsp_rules.checking.idset as idset

    saved = idset.CHUNK
    idset.CHUNK = chunk
    try:
        packed, ids, ints = PackedTexts(), CompactIds(), idset.ChunkedInts()
        for n, text in enumerate(texts):
            packed.append(text)
            ids.add(text)
            ints.append(n * 7)
        assert list(packed) == texts
        assert list(ids) == list(dict.fromkeys(texts))
        assert [ints[n] for n in range(len(texts))] == [n * 7 for n in range(len(texts))]
    finally:
        idset.CHUNK = saved
