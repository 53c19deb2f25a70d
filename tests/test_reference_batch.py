"""The reference's ``close``, ``search_batch`` and ``cooccurrence_batch``:
the shared interface of ``stichwort.Index`` (/work/shared/API.md), with
the native index's semantics: a batch is the single call of every item in
order, a bad item fails the whole batch, and a closed index refuses every
call with ValueError."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cooccurrence_differential import assert_same_collocates
from test_query_differential import build, ops, query

import stichwort
from stichwort.backends.python import MEASURES, SCOPES, ReferenceIndex
from stichwort.query import Near, Phrase, Prefix, Term

DOCS = ["die nato tagt in wien", "die eu und die nato", "nato nato gipfel. die eu tagt", "wien"]


def pair() -> tuple[stichwort.Index, ReferenceIndex]:
    native, ref = stichwort.Index(analyzer="simple"), ReferenceIndex()
    native.add_many(DOCS)
    ref.add_many(DOCS)
    return native, ref


def same_hits(got: stichwort.results.Hits, want: stichwort.results.Hits) -> None:
    np.testing.assert_array_equal(got.ids, want.ids)
    np.testing.assert_allclose(got.scores, want.scores, rtol=1e-4)
    assert got.total == want.total


def raised(call) -> type[BaseException] | None:
    try:
        call()
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return type(e)
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops, st.lists(query, max_size=6), st.sampled_from([None, 0, 2, 10]))
def test_search_batch_is_search_of_each(ops_list, queries, limit) -> None:
    native, ref, _ = build(ops_list, None)
    if raised(lambda: [ref.search(q) for q in queries]):
        return  # a query error fails the whole batch: test_bad_batches
    got = ref.search_batch(queries, limit=limit)
    assert len(got) == len(queries)
    for q, hits, nhits in zip(queries, got, native.search_batch(queries, limit=limit, threads=2)):
        same_hits(hits, ref.search(q, limit=limit))
        same_hits(nhits, hits)


@pytest.mark.parametrize("scope", SCOPES)
def test_cooccurrence_batch_is_cooccurrence_of_each(scope: str) -> None:
    native, ref = pair()
    targets = ["nato", Term("die"), Phrase(["die", "nato"]), Near("nato", "tagt", 3), Prefix("w"), "missing"]
    for measure in MEASURES:
        kw = dict(window=2, top=None, measure=measure, filter=Term("die"), scope=scope)
        got = ref.cooccurrence_batch(targets, **kw)
        assert len(got) == len(targets)
        for t, c, nc in zip(targets, got, native.cooccurrence_batch(targets, **kw)):
            assert_same_collocates(c, ref.cooccurrence(t, **kw), f"{t} {kw}")
            assert_same_collocates(nc, c, f"{t} {kw}")
    assert ref.cooccurrence_batch([]) == native.cooccurrence_batch([]) == []
    assert ref.search_batch([]) == native.search_batch([]) == []


@pytest.mark.parametrize(("method", "kwargs"), [
    ("search_batch", {"queries": "nato"}),
    ("search_batch", {"queries": Term("nato")}),
    ("search_batch", {"queries": 5}),
    ("search_batch", {"queries": ["nato", 5]}),
    ("search_batch", {"queries": ["nato", "die AND"]}),
    ("search_batch", {"queries": ["nato", Term("x", field="author")]}),
    ("search_batch", {"queries": [], "limit": -1}),
    ("search_batch", {"queries": ["nato"], "threads": 0}),
    ("search_batch", {"queries": ["nato"], "threads": True}),
    ("cooccurrence_batch", {"targets": "nato"}),
    ("cooccurrence_batch", {"targets": ["nato", 5]}),
    ("cooccurrence_batch", {"targets": ["nato", "die AND"]}),
    ("cooccurrence_batch", {"targets": ["nato", Term("x", field="author")]}),
    ("cooccurrence_batch", {"targets": [], "measure": "pmi"}),
    ("cooccurrence_batch", {"targets": [], "scope": "paragraph"}),
    ("cooccurrence_batch", {"targets": [], "window": 0}),
    ("cooccurrence_batch", {"targets": ["nato"], "filter": 2022}),
])
def test_bad_batches(method: str, kwargs: dict) -> None:
    native, ref = pair()
    error = raised(lambda: getattr(native, method)(**kwargs))
    assert error is not None
    with pytest.raises(error):
        getattr(ref, method)(**kwargs)


CALLS = {
    "len": lambda ix: len(ix),
    "num_docs": lambda ix: ix.num_docs,
    "add": lambda ix: ix.add("neu"),
    "add_many": lambda ix: ix.add_many(["neu"]),
    "delete": lambda ix: ix.delete(0),
    "commit": lambda ix: ix.commit(),
    "document": lambda ix: ix.document(0),
    "stats": lambda ix: ix.stats(),
    "doc_freq": lambda ix: ix.doc_freq("nato"),
    "coll_freq": lambda ix: ix.coll_freq("nato"),
    "postings": lambda ix: ix.postings("nato"),
    "positions": lambda ix: ix.positions("nato", 0),
    "match": lambda ix: ix.match("nato"),
    "count": lambda ix: ix.count("nato"),
    "search": lambda ix: ix.search("nato"),
    "search_batch": lambda ix: ix.search_batch(["nato"]),
    "phrase_counts": lambda ix: ix.phrase_counts(["die", "nato"]),
    "kwic": lambda ix: ix.kwic("nato"),
    "snippet": lambda ix: ix.snippet("nato", 0),
    "cooccurrence": lambda ix: ix.cooccurrence("nato"),
    "cooccurrence_batch": lambda ix: ix.cooccurrence_batch(["nato"]),
    "cooccurrence_matrix": lambda ix: ix.cooccurrence_matrix(["nato"]),
    "timeline": lambda ix: ix.timeline("nato"),
    "ngrams": lambda ix: ix.ngrams(),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_closed_index_refuses_every_call(call) -> None:
    native, ref = pair()
    call(ref)  # works while open
    for ix in (native, ref):
        ix.close()
        with pytest.raises(ValueError, match="closed"):
            call(ix)
        ix.close()  # closing again is a no-op


def test_with_block_closes() -> None:
    with ReferenceIndex() as ref:
        ref.add("nato")
        assert ref.count("nato") == 1
    with pytest.raises(ValueError, match="closed"):
        ref.count("nato")
