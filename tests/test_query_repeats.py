"""Queries that repeat clauses: the engine plans a repeated And/Or clause
once and expands a repeated prefix once per segment, yet every result stays
that of the query as written — the reference's (which evaluates every
clause), bit for bit in the scores, and that of the same query with its
repeats wrapped so that nothing is merged. Every place that runs a query
is checked: search, count, match, KWIC, snippets, co-occurrence targets,
timelines and filters.
"""

from __future__ import annotations

import numpy as np
import pytest

import stichwort
from stichwort import backends
from stichwort.corpus import synthetic_news
from stichwort.query import And, Near, Not, Or, Phrase, Prefix, Query, Term, parse


@pytest.fixture(scope="module")
def pair() -> tuple[stichwort.Index, object]:
    """The native and reference index of 40 synthetic articles, in two segments and with a delete."""
    docs = list(synthetic_news(40, seed=3))
    native = stichwort.Index(analyzer="german")
    ref = backends.get("python", analyzer="german")
    for ix in (native, ref):
        ix.add_many(docs[:25])
        ix.commit()
        ix.add_many(docs[25:])
        ix.delete(7)
        ix.commit()
    return native, ref


def joined(clause: str, op: str, n: int) -> Query:
    return parse(f" {op} ".join([clause] * n))


REPEATED = [
    joined("s*", "OR", 40),
    joined("s*", "AND", 40),
    joined("regierung", "OR", 40),
    joined("regierung", "AND", 40),
    joined('"die regierung"', "OR", 30),
    parse("S* OR s* OR regierung OR s* OR ST* OR regierung OR st*"),
    parse("(s* OR wien) AND (s* OR wien) AND (s* OR berlin) AND NOT (s* AND kanzler*)"),
    parse("title:s* OR title:s* OR s*"),
    Or(*[Phrase(["die", "regierung"], slop=1)] * 20),
    Near(Or(Term("wien"), Prefix("s"), Term("wien")), Or(Prefix("s"), Prefix("S")), 3),
    Not(joined("s*", "OR", 10), Or(Term("wien"), Term("wien"))),
]


def unreduced(q: Query) -> Query:
    """``q`` with its k-th repeat of a clause wrapped k times in a one-clause
    And/Or: the same score bits (0.0 + s is s), but no clauses to merge."""
    if isinstance(q, (And, Or)):
        seen: dict[Query, int] = {}
        clauses = []
        for c in q.clauses:
            wrapped = unreduced(c)
            for _ in range(seen.get(c, 0)):
                wrapped = type(q)(wrapped)
            seen[c] = seen.get(c, 0) + 1
            clauses.append(wrapped)
        return type(q)(*clauses)
    if isinstance(q, Not):
        return Not(unreduced(q.positive), unreduced(q.negative))
    if isinstance(q, Near):
        return Near(unreduced(q.a), unreduced(q.b), q.distance)
    return q


def results(ix: object, q: Query) -> tuple:
    """Everything a query gives, scores as bits."""
    hits = [ix.search(q, limit=limit) for limit in (5, None)]
    ids = ix.match(q)
    return (
        ids.tolist(),
        ix.count(q),
        [(h.ids.tolist(), h.scores.view(np.uint32).tolist(), h.total) for h in hits],
        ix.kwic(q, width=12, limit=50),
        [ix.snippet(q, int(d), width=40) for d in ids[:3]],
        [ix.match("wien", filter=q).tolist()],
    )


@pytest.mark.parametrize("q", REPEATED, ids=lambda q: str(q)[:60])
def test_repeated_clauses_give_the_reference_results(pair, q):
    native, ref = pair
    assert results(native, q) == results(ref, q)


@pytest.mark.parametrize("q", REPEATED, ids=lambda q: str(q)[:60])
def test_repeated_clauses_give_the_unreduced_results(pair, q):
    native, _ = pair
    assert results(native, q) == results(native, unreduced(q))


@pytest.mark.parametrize("q", [joined("s*", "OR", 30), parse("(s* OR wien) AND (s* OR wien OR wien)")], ids=str)
def test_repeated_target_gives_the_reference_cooccurrence_and_timeline(pair, q):
    native, ref = pair
    got, want = native.cooccurrence(q, window=3, top=20), ref.cooccurrence(q, window=3, top=20)
    assert got.terms == want.terms
    np.testing.assert_array_equal(got.f_xy, want.f_xy)
    np.testing.assert_array_equal(got.scores, want.scores)
    for a, b in zip(native.timeline(q, by="year"), ref.timeline(q, by="year")):
        np.testing.assert_array_equal(a, b)


def test_nested_repeats_score_each_occurrence(pair):
    # 3**8 occurrences of s*, each scoring 1.0: merged at every level, the
    # sum is still the count of occurrences.
    native, _ = pair
    q: Query = Prefix("s")
    for _ in range(8):
        q = Or(q, q, q)
    hits = native.search(q, limit=None)
    np.testing.assert_array_equal(hits.ids, np.sort(native.match("s*")))
    assert (hits.scores == 3.0**8).all()
