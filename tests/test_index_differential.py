"""Differential tests: the native index against the pure-Python reference.

Random corpora over a small vocabulary (so terms repeat), random deletes,
commits, merges and (on disk) reopenings; after every commit every term's
postings, positions, doc_freq, coll_freq, the stats and the stored documents
must equal the reference's (``stichwort.backends.get("python")``).
"""

from __future__ import annotations

import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stichwort

backends = pytest.importorskip("stichwort.backends")

# ASCII and German letters only: both analyzers agree on them.
WORDS = ["a", "b", "c", "nato", "haus", "über", "straße", "x1", "2024", "b"]
PUNCT = [" ", " ", " ", ", ", ". ", " - ", "\n"]
PROBE = sorted(set(WORDS)) + ["missing", "title:nato"]

text = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCT)), max_size=30).map(
    lambda ws: "".join(w + p for w, p in ws)
)
doc = st.fixed_dictionaries(
    {"text": text},
    optional={
        "title": st.one_of(st.none(), text),
        "fields": st.dictionaries(st.sampled_from(["section", "src"]), st.sampled_from(["Inland", "Web"]), max_size=2),
        "date": st.dates().map(lambda d: d.isoformat()),
    },
)
op = st.one_of(
    st.tuples(st.just("add"), st.lists(doc, min_size=1, max_size=6)),
    st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True)),
    st.tuples(st.just("commit")),
    st.tuples(st.just("merge"), st.integers(1, 3)),
    st.tuples(st.just("reopen")),
)


def compare(native: stichwort.Index, ref: object, n_ids: int) -> None:
    assert native.num_docs == ref.num_docs  # type: ignore[attr-defined]
    ns, rs = native.stats(), ref.stats()  # type: ignore[attr-defined]
    for key in ("num_docs", "num_tokens", "vocab_size"):
        assert ns[key] == rs[key], key
    for term in PROBE:
        n_ids_arr, n_tfs = native.postings(term)
        if term.startswith("title:"):
            continue  # the reference keeps titles in their own field
        r_ids, r_tfs = ref.postings(term)  # type: ignore[attr-defined]
        assert n_ids_arr.dtype == np.uint32 and n_tfs.dtype == np.uint32
        np.testing.assert_array_equal(n_ids_arr, r_ids, err_msg=term)
        np.testing.assert_array_equal(n_tfs, r_tfs, err_msg=term)
        assert native.doc_freq(term) == ref.doc_freq(term)  # type: ignore[attr-defined]
        assert native.coll_freq(term) == ref.coll_freq(term)  # type: ignore[attr-defined]
        for i in range(n_ids):
            try:
                want = ref.positions(term, i)  # type: ignore[attr-defined]
            except ValueError:  # a deleted document, in both
                with pytest.raises(ValueError, match="deleted"):
                    native.positions(term, i)
                continue
            got = native.positions(term, i)
            assert got.dtype == np.uint32
            np.testing.assert_array_equal(got, want, err_msg=f"{term} in {i}")
    live = set(native.postings("a")[0].tolist())
    for i in sorted(live)[:5]:
        assert native.document(i) == ref.document(i)  # type: ignore[attr-defined]


def run(ops: list[tuple], path: str | None) -> None:
    native = stichwort.Index(path, analyzer="simple")
    ref = backends.get("python", analyzer="simple")
    n = 0
    for o in ops:
        if o[0] == "add":
            ids = native.add_many(o[1])
            np.testing.assert_array_equal(ids, ref.add_many(o[1]))
            n += len(o[1])
        elif o[0] == "delete" and n:
            victim = int(o[1] * n)
            native.delete(victim)
            ref.delete(victim)
        elif o[0] == "merge":
            native.merge(o[1])
        elif o[0] == "reopen" and path is not None:
            native.commit()
            ref.commit()
            native.close()
            native = stichwort.Index.open(path, readonly=False)
            compare(native, ref, n)
            compare(stichwort.Index.open(path), ref, n)
        elif o[0] == "commit":
            native.commit()
            ref.commit()
            compare(native, ref, n)
    native.commit()
    ref.commit()
    compare(native, ref, n)
    if path is not None:
        native.close()
        compare(stichwort.Index.open(path), ref, n)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, max_size=25))
def test_in_memory_equals_reference(ops: list[tuple]) -> None:
    run(ops, None)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, max_size=25))
def test_on_disk_equals_reference(ops: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as d:
        run(ops, d + "/ix")
