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
    """And/Or (min_children..3 children), Not and Near trees over ``leaves``;
    ``near_operand`` keeps the operands a Near accepts."""

    def compound(inner: st.SearchStrategy[Query]) -> st.SearchStrategy[Query]:
        children = st.lists(inner, min_size=min_children, max_size=3)
        operand = inner.filter(near_operand)
        return st.one_of(
            children.map(lambda qs: And(*qs)),
            children.map(lambda qs: Or(*qs)),
            st.builds(Not, inner, inner),
            st.builds(Near, operand, operand, st.integers(1, max_slop)),
        )

    return st.recursive(leaves, compound, max_leaves=max_leaves)
