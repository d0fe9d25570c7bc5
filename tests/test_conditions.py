"""Three-valued evaluation: missing data never decides a condition by accident."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tsp_rules.model.conditions import All, AnyOf, Leaf, Not, Truth, evaluate

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
A = Leaf("a", "is", True)
B = Leaf("b", "is", True)


def values(a: bool | None, b: bool | None) -> dict[str, bool]:
    return {k: v for k, v in (("a", a), ("b", b)) if v is not None}


def test_kleene_tables() -> None:
    assert evaluate(All((A, B)), values(True, None)) is U
    assert evaluate(All((A, B)), values(False, None)) is F
    assert evaluate(AnyOf((A, B)), values(True, None)) is T
    assert evaluate(AnyOf((A, B)), values(False, None)) is U
    assert evaluate(Not(A), values(None, None)) is U
    assert evaluate(All(()), {}) is T and evaluate(AnyOf(()), {}) is F


def test_operators() -> None:
    s = Leaf("s", "contains", "x")
    assert evaluate(s, {"s": frozenset({"x"})}) is T and evaluate(s, {"s": frozenset()}) is F
    assert evaluate(Leaf("s", "contains_any", ("y", "x")), {"s": frozenset({"x"})}) is T
    assert evaluate(Leaf("s", "is_empty", True), {"s": frozenset()}) is T
    assert evaluate(Leaf("n", "lt", 3), {"n": 2}) is T and evaluate(Leaf("n", "gte", 3), {"n": 2}) is F
    assert evaluate(Leaf("e", "in", ("p", "q")), {"e": "q"}) is T
    assert evaluate(Leaf("n", "is", 1), {"n": True}) is F  # a bool is never equal to an int


@given(st.sampled_from([True, False, None]), st.sampled_from([True, False, None]))
def test_knowing_more_never_flips_a_decided_condition(a: bool | None, b: bool | None) -> None:
    cond = AnyOf((All((A, Not(B))), Not(A)))
    partial = evaluate(cond, values(a, b))
    full = evaluate(cond, values(True if a is None else a, False if b is None else b))
    if partial is not U:
        assert full is partial
