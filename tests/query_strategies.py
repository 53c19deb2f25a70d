"""Hypothesis strategies shared by the query tests: trees of query objects."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from stichwort.query import And, Near, Not, Or, Query


def query_trees(
    leaves: st.SearchStrategy[Query],
    *,
    min_children: int = 1,
    near_operand: Callable[[Query], bool] = lambda q: True,
    max_slop: int = 4,
    max_leaves: int = 8,
) -> st.SearchStrategy[Query]:
    """And/Or (min_children..3 children, some drawn again: ``a OR b OR a``),
    Not and Near trees over ``leaves``; ``near_operand`` keeps the operands a
    Near accepts."""

    def with_repeats(drawn: tuple[list[Query], list[int]]) -> list[Query]:
        """The clauses, then again those the indices pick (``a OR b OR a``)."""
        qs, again = drawn
        return qs + [qs[i % len(qs)] for i in again] if qs else qs

    def compound(inner: st.SearchStrategy[Query]) -> st.SearchStrategy[Query]:
        clauses = st.lists(inner, min_size=min_children, max_size=3)
        children = st.tuples(clauses, st.lists(st.integers(0, 2), max_size=3)).map(with_repeats)
        operand = inner.filter(near_operand)
        return st.one_of(
            children.map(lambda qs: And(*qs)),
            children.map(lambda qs: Or(*qs)),
            st.builds(Not, inner, inner),
            st.builds(Near, operand, operand, st.integers(1, max_slop)),
        )

    return st.recursive(leaves, compound, max_leaves=max_leaves)
