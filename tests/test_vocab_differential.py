"""vocab_size, doc_freq, coll_freq and postings after deletes: the native
index against the pure-Python reference, with the analyzers that index
parts (the closed form of a hyphenated word, compound parts with
decompound) besides whole words.

After deletes, native vocab_size counted only whole words with a live
document (it read the forward index, which holds no parts):
"Die Corona-Pandemie" with one other document deleted gave 3, not 4.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stichwort

backends = pytest.importorskip("stichwort.backends")

WORDS = [
    "Die",
    "Corona-Pandemie",
    "Pandemie",
    "Finanzkrise",
    "Krise",
    "Bundestag",
    "Tag",
    "NATO-Gipfel",
    "Gipfel",
    "Baden-Württemberg",
    "Haus",
    "Straße",
    "E-Mail",
    "x1",
    "2024",
]
PUNCT = [" ", " ", ", ", ". ", " - "]
ANALYZERS = {
    "simple": lambda: "simple",
    "german": lambda: "german",
    "german_decompound": lambda: stichwort.Analyzer("german", decompound=True),
}

text = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCT)), max_size=12).map(
    lambda ws: "".join(w + p for w, p in ws)
)
op = st.one_of(
    st.tuples(st.just("add"), st.lists(text, min_size=1, max_size=5)),
    st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True)),
    st.tuples(st.just("commit")),
)


def terms_of(analyzer: object) -> list[str]:
    """Every key the words index under an analyzer, parts included."""
    a = analyzer if isinstance(analyzer, stichwort.Analyzer) else stichwort.Analyzer(analyzer)
    return sorted({t.text for w in WORDS for t in a.tokenize(w)}) + ["missing"]


def compare(native: stichwort.Index, ref: object, terms: list[str]) -> None:
    ns, rs = native.stats(), ref.stats()  # type: ignore[attr-defined]
    for key in ("num_docs", "num_tokens", "vocab_size"):
        assert ns[key] == rs[key], key
    live_terms = 0
    for term in terms:
        got, want = native.postings(term), ref.postings(term)  # type: ignore[attr-defined]
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w, err_msg=term)
        assert native.doc_freq(term) == ref.doc_freq(term), term  # type: ignore[attr-defined]
        assert native.coll_freq(term) == ref.coll_freq(term), term  # type: ignore[attr-defined]
        live_terms += got[0].size > 0
    # Every body key comes from WORDS, so the live ones are the vocabulary.
    assert ns["vocab_size"] == live_terms


@pytest.mark.parametrize("name", sorted(ANALYZERS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(op, max_size=25))
def test_vocab_and_frequencies_after_deletes_equal_reference(name: str, ops: list[tuple]) -> None:
    native = stichwort.Index(analyzer=ANALYZERS[name]())
    ref = backends.get("python", analyzer=ANALYZERS[name]())
    terms = terms_of(ANALYZERS[name]())
    n = 0
    for o in ops:
        if o[0] == "add":
            got = native.add_many(o[1])
            want = ref.add_many(o[1])
            assert list(got) == list(want)
            n += len(o[1])
        elif o[0] == "delete" and n:
            d = int(o[1] * n)
            native.delete(d)
            ref.delete(d)
        elif o[0] == "commit":
            native.commit()
            ref.commit()
            compare(native, ref, terms)
    native.commit()
    ref.commit()
    compare(native, ref, terms)


@pytest.mark.parametrize(("decompound", "want"), [(False, 4), (True, 4)])
def test_parts_of_a_live_document_count_after_a_delete(decompound: bool, want: int) -> None:
    # The audit's repro: 5 before the delete (corona, coronapandemi, die,
    # pandemi, x), 3 after it.
    ix = stichwort.Index(analyzer=stichwort.Analyzer("german", decompound=decompound))
    ix.add_many(["Die Corona-Pandemie", "x"])
    ix.commit()
    assert ix.stats()["vocab_size"] == 5
    ix.delete(1)
    ix.commit()
    assert ix.stats()["vocab_size"] == want
    assert ix.doc_freq("coronapandemi") == 1 and ix.doc_freq("x") == 0
