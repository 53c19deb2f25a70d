"""Differential tests: co-occurrence, matrix, timeline and n-grams of the
native index against the pure-Python reference (brute force).

Random corpora over a small vocabulary with sentence punctuation, so that
windows run into document edges (they must not cross), targets repeat
inside one window, phrases overlap, sentences break and abbreviations do
not; random deletes, commits and merges (several segments), filters by date
and metadata, and reopening from disk. Every scope and measure must give the
same terms in the same order with the same counts and the same float64
scores, bit for bit.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stichwort
from stichwort import All, And, DateRange, FieldValue, Filter, Near, Not, Or, Phrase, Prefix, Term
from stichwort.backends.python import MEASURES, ReferenceIndex
from stichwort.backends.reference_analysis import sentence_starts

T = TypeVar("T")

# Upper-case forms start sentences; "z", "dr", "18" are abbreviations; "die", "und" are stop words;
# a soft hyphen (U+00AD) inside a word joins it for "german" and splits it for "simple";
# "haus*innen", "haus:in", "hausInnen" are one word "haus" to "german" (gender forms),
# and so are "HAUS*INNEN", "HAUS:IN" and "jede*r" (with gender_endings, drawn on and off);
# "nato-haus" also gets the closed "natohaus" (catenate_compounds), which a target
# "nato-haus" counts too.
WORDS = [
    "nato", "Nato", "haus", "Haus", "die", "Die", "und", "z", "B", "dr", "18", "eu", "über", "x", "Ha\xadus",
    "in", "innen", "Innen", "hausInnen", "HAUS", "IN", "INNEN", "jede", "r", "en",
]
SEPS = [" ", " ", " ", ". ", "! ", "? ", ", ", "\n", "\n\n", ".\n", " - ", ".", "\xad", ". \xad", "*", ":", "/-", "-", "\xb7", "_"]
DATES = [dt.date(2021, 12, 31), dt.date(2022, 1, 3), dt.date(2022, 2, 28), dt.date(2023, 6, 1)]

text = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=25).map(
    lambda ws: "".join(w + p for w, p in ws)
)
doc = st.fixed_dictionaries(
    {"text": text},
    optional={
        "date": st.sampled_from(DATES),
        "fields": st.fixed_dictionaries({"section": st.sampled_from(["Inland", "Web"])}),
    },
)
op = st.one_of(
    st.tuples(st.just("add"), st.lists(doc, min_size=1, max_size=5)),
    st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True)),
    st.tuples(st.just("commit")),
    st.tuples(st.just("merge"), st.integers(1, 2)),
)

TARGETS = [
    Term("nato"),
    Term("die"),
    Term("haus"),
    Term("nato-haus"),
    Term("natohaus"),
    Phrase(["nato", "haus"]),
    Phrase(["die", "die"]),
    Term("missing"),
    Term("title", field="title"),
    # General queries: their spans, as the query engine defines them.
    Near(Term("nato"), Term("haus"), 2),
    Near(Term("Haus-Nato"), Term("eu"), 3),
    Near(Phrase(["die", "nato"]), Or(Term("eu"), Prefix("ha")), 3),
    Prefix("n"),
    Phrase(["nato", "haus"], slop=2),
    Phrase(["die", "haus", "nato"], slop=1),
    And(Term("nato"), Term("eu")),
    Or(Term("haus"), Phrase(["die", "nato"]), Term("haus")),
    Not(Term("die"), Term("eu")),
    And(Term("haus"), FieldValue("section", "Web")),
]
FILTERS = [
    None,
    Filter(date_from="2022-01-01", date_to="2022-12-31"),
    Filter(fields={"section": "Inland"}),
    Or(FieldValue("section", "Web"), DateRange(dt.date(2023, 1, 1), None)),
    And(Term("eu"), Not(Term("nato"), Term("x"))),
    Near(Term("nato"), Prefix("h"), 3),
    Term("haus-nato"),
    Or(Phrase(["die", "nato"], slop=1), DateRange(None, dt.date(2022, 1, 31))),
    # Clauses without terms (punctuation; stop words when they are dropped)
    # are left out of And, Or and Not, as in a query; alone they match nothing.
    And(Term("haus"), Term("–")),
    Not(Term("haus"), And(Term("die"), Phrase(["–", "!"]))),
    Or(Term("&"), And(All(), Term("die"))),
    Phrase(["…", "|"]),
]


def assert_same_collocates(got: stichwort.results.Collocates, want: stichwort.results.Collocates, what: str) -> None:
    assert got.terms == want.terms, what
    assert got.f_x == want.f_x and got.n_tokens == want.n_tokens, what
    np.testing.assert_array_equal(got.f_xy, want.f_xy, err_msg=what)
    np.testing.assert_array_equal(got.f_y, want.f_y, err_msg=what)
    assert got.scores.dtype == np.float64
    np.testing.assert_array_equal(got.scores, want.scores, err_msg=what)


def paired(native: stichwort.Index, ref: ReferenceIndex, call: Callable[[Any], T]) -> tuple[T, T] | None:
    """(call(native), call(ref)), or None when the reference raises
    SchemaError (a filter on a field that no document was added with):
    native must raise it too."""
    try:
        want = call(ref)
    except stichwort.SchemaError:
        with pytest.raises(stichwort.SchemaError, match="unknown metadata field"):
            call(native)
        return None
    return call(native), want


def compare(native: stichwort.Index, ref: ReferenceIndex, data: st.DataObject) -> None:
    for scope in ("window", "sentence", "document"):
        target = data.draw(st.sampled_from(TARGETS), label="target")
        filt = data.draw(st.sampled_from(FILTERS), label="filter")
        window = data.draw(st.integers(1, 4), label="window")
        top = data.draw(st.sampled_from([None, 0, 1, 3, 50]), label="top")
        min_count = data.draw(st.integers(0, 3), label="min_count")
        for measure in MEASURES:
            kw = dict(window=window, top=top, measure=measure, min_count=min_count, filter=filt, scope=scope)
            if pair := paired(native, ref, lambda ix: ix.cooccurrence(target, **kw)):
                assert_same_collocates(*pair, f"{target} {kw}")
    terms = data.draw(st.lists(st.sampled_from(["nato", "haus", "die", "eu", "missing", "NATO", "Haus"]), max_size=4), label="terms")
    window = data.draw(st.integers(1, 3), label="matrix window")
    np.testing.assert_array_equal(
        native.cooccurrence_matrix(terms, window).toarray(), ref.cooccurrence_matrix(terms, window).toarray()
    )
    by = data.draw(st.sampled_from(["day", "week", "month", "year"]), label="by")
    q = data.draw(st.sampled_from(TARGETS + [FieldValue("section", "Web"), And(Term("nato"), Term("—")), Term("…")]), label="timeline query")
    filt = data.draw(st.sampled_from(FILTERS), label="timeline filter")
    if pair := paired(native, ref, lambda ix: ix.timeline(q, by=by, filter=filt)):
        got, want = pair
        assert got[0].dtype == np.dtype("datetime64[D]") and got[1].dtype == np.uint32
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])
    n = data.draw(st.integers(1, 5), label="n")
    kw = dict(
        min_count=data.draw(st.integers(0, 2), label="ngram min_count"),
        top=data.draw(st.sampled_from([None, 2, 10]), label="ngram top"),
        filter=data.draw(st.sampled_from(FILTERS), label="ngram filter"),
        stopwords=data.draw(st.booleans(), label="stopwords"),
    )
    if pair := paired(native, ref, lambda ix: ix.ngrams(n, **kw)):
        assert pair[0] == pair[1]
    docs = data.draw(st.sampled_from([1, 2, 8]), label="surface docs")
    assert native.surface_forms(terms, docs) == ref.surface_forms(terms, docs)


def run(ops: list[tuple], data: st.DataObject, path: str | None, analyzer: object) -> None:
    native = stichwort.Index(path, analyzer=analyzer)
    ref = ReferenceIndex(analyzer=analyzer)
    n = 0
    for o in ops:
        if o[0] == "add":
            for d in o[1]:
                native.add(d["text"], title="title", date=d.get("date"), fields=d.get("fields"))
                ref.add(d["text"], title="title", date=d.get("date"), fields=d.get("fields"))
            n += len(o[1])
            native.num_docs  # noqa: B018 - a read seals the buffered documents: one more segment
        elif o[0] == "delete" and n:
            native.delete(int(o[1] * n))
            ref.delete(int(o[1] * n))
        elif o[0] == "merge":
            native.merge(o[1])
        elif o[0] == "commit":
            native.commit()
            ref.commit()
    native.commit()
    ref.commit()
    compare(native, ref, data)
    if path is not None:
        native.close()
        compare(stichwort.Index.open(path), ref, data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, max_size=12), st.data())
def test_in_memory_equals_reference(ops: list[tuple], data: st.DataObject) -> None:
    run(ops, data, None, "simple")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, max_size=10), st.data())
def test_german_stopwords_equals_reference(ops: list[tuple], data: st.DataObject) -> None:
    # Stop words leave empty positions: windows and n-grams must skip them.
    endings = data.draw(st.booleans(), label="gender_endings")
    run(ops, data, None, stichwort.Analyzer("german", stopwords=True, gender_endings=endings))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, max_size=10), st.data())
def test_on_disk_equals_reference(ops: list[tuple], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as d:
        run(ops, data, d + "/ix", "simple")


def test_windows_never_cross_documents() -> None:
    ix = stichwort.Index(analyzer="simple")
    ix.add_many(["a b c nato", "d e f", "nato g"])
    c = ix.cooccurrence("nato", window=3, measure="count")
    assert dict(zip(c.terms, c.f_xy.tolist())) == {"a": 1, "b": 1, "c": 1, "g": 1}
    assert (c.f_x, c.n_tokens) == (2, 9)


def test_repeated_targets_and_phrases() -> None:
    ix = stichwort.Index(analyzer="simple")
    ix.add("x nato nato y")
    c = ix.cooccurrence("nato", window=1, measure="count")
    assert dict(zip(c.terms, c.f_xy.tolist())) == {"nato": 2, "x": 1, "y": 1}
    c = ix.cooccurrence(Phrase(["nato", "nato"]), window=1, measure="count")
    assert dict(zip(c.terms, c.f_xy.tolist())) == {"x": 1, "y": 1} and c.f_x == 1


def test_sentence_scope_uses_the_rule() -> None:
    text = "Er traf z. B. die NATO. Dann kam die EU am 18. Januar.\n\nNeuer Absatz"
    assert sentence_starts(text) == [6, 13]
    ix = stichwort.Index(analyzer="simple")
    ix.add(text)
    c = ix.cooccurrence("nato", scope="sentence", measure="count")
    assert sorted(c.terms) == ["b", "die", "er", "traf", "z"]


@pytest.mark.parametrize(
    ("text", "target", "plain_starts", "german_starts", "collocates"),
    [
        # "Zu\xadsam\xadmen\xadarbeit" is one token to "german" ...
        ("Die Zu\xadsam\xadmen\xadarbeit endet. Dann kam die Nato.", "zusammenarbeit", [6], [3], ["die", "endet"]),
        # ... and "Bürger*innen" one token "burg".
        ("Die Bürger*innen gehen. Dann kam die Nato.", "Bürger", [4], [3], ["die", "geh"]),
        # ... and, with gender_endings, "BÜRGER*INNEN" and "Jede*r" one token each.
        ("DIE BÜRGER*INNEN GEHEN. Dann kam die Nato.", "Bürger", [4], [3], ["die", "geh"]),
        ("Jede*r geht. Dann kam die Nato.", "jede", [3], [2], ["geht"]),
    ],
)
def test_sentence_scope_counts_the_tokens_german_reads(
    text: str, target: str, plain_starts: list[int], german_starts: list[int], collocates: list[str]
) -> None:
    # The sentence rule must count one token where "german" reads one word,
    # or sentences end a token early.
    assert sentence_starts(text) == plain_starts
    assert sentence_starts(text, soft_hyphens_join=True, gender_forms=True, gender_endings=True) == german_starts
    ix = stichwort.Index(analyzer="german")
    ix.add(text)
    ref = ReferenceIndex(analyzer="german")
    ref.add(text)
    c = ix.cooccurrence(target, scope="sentence", measure="count")
    assert sorted(c.terms) == collocates
    assert_same_collocates(c, ref.cooccurrence(target, scope="sentence", measure="count"), "german")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"measure": "pmi"}, ValueError),
        ({"scope": "paragraph"}, ValueError),
        ({"window": 0}, ValueError),
        ({"window": 2**40}, ValueError),
        ({"window": "5"}, TypeError),
        ({"top": -1}, ValueError),
        ({"min_count": 1.5}, TypeError),
        ({"filter": 2022}, TypeError),
        ({"measure": None}, TypeError),
    ],
)
def test_bad_arguments(kwargs: dict, error: type) -> None:
    ix = stichwort.Index(analyzer="simple")
    ix.add("a b")
    with pytest.raises(error) as e:
        ix.cooccurrence("a", **kwargs)
    if "measure" in kwargs and error is ValueError:
        assert "logdice" in str(e.value)
    if "scope" in kwargs:
        assert "sentence" in str(e.value)


def test_bad_arguments_of_the_others() -> None:
    ix = stichwort.Index(analyzer="simple")
    ix.add("a b")
    with pytest.raises(ValueError, match="month"):
        ix.timeline("a", by="quarter")
    with pytest.raises(ValueError):
        ix.ngrams(6)
    with pytest.raises(TypeError):
        ix.ngrams(2, stopwords="yes")
    with pytest.raises(TypeError):
        ix.cooccurrence_matrix("ab")
    with pytest.raises(TypeError):
        ix.cooccurrence_matrix([1, 2])
    with pytest.raises(stichwort.SchemaError):
        ix.cooccurrence(Term("a", field="author"))
    with pytest.raises(TypeError):
        ix.surface_forms("ab")
    with pytest.raises(TypeError):
        ix.surface_forms(["a"], docs=1.5)
    with pytest.raises(ValueError):
        ix.surface_forms(["a"], docs=0)


def test_surface_forms_of_stemmed_collocates() -> None:
    # Stems read better as the articles write them; without stored text
    # there is nothing to read.
    docs = ["Die Feuerwehr rückte aus. Der Unfall war tödlich.", "Tödliche Unfälle: die Feuerwehr rückte an"]
    ix = stichwort.Index(analyzer="german")
    ix.add_many(docs)
    terms = ix.cooccurrence("feuerwehr", window=2, measure="count").terms
    assert dict(zip(terms, ix.surface_forms(terms))) == {"ruckt": "rückte", "die": "Die", "aus": "aus", "an": "an", "unfall": "Unfall"}
    assert ix.surface_forms(["Unfällen", "tödlich", "fehlt"]) == ["Unfall", "tödlich", None]
    bare = stichwort.Index(analyzer="german", store_documents=False)
    bare.add_many(docs)
    assert bare.surface_forms(["todlich"]) == [None]


def test_matrix_takes_index_terms_and_words() -> None:
    ix = stichwort.Index(analyzer="german")
    ix.add("Außenminister Lawrow sprach über neue Sanktionen gegen Russland.")
    ix.add("Die Sanktionen treffen Russland.")
    stems = ix.cooccurrence("Sanktionen", window=5, top=None, measure="count").terms
    assert "russland" in stems and "aussenminist" in stems
    # A collocate list feeds straight in (indexed terms are not stemmed again) ...
    by_terms = ix.cooccurrence_matrix(["sanktion", *stems], window=5).toarray()
    # ... and surface words are analysed to the same terms.
    assert ix.cooccurrence_matrix(["Sanktionen", "Russland"], window=5).toarray().tolist() == [
        [0, by_terms[0, 1 + stems.index("russland")]],
        [by_terms[0, 1 + stems.index("russland")], 0],
    ]
    assert by_terms[0, 1 + stems.index("aussenminist")] == 1
    assert by_terms[0, 1 + stems.index("russland")] == 2


@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
def test_timeline_at_the_ends_of_the_date_range(by: str) -> None:
    # The reference stepped past the last bucket, out of the date range at 9999-12-31.
    docs = [
        {"text": "nato", "date": dt.date(9999, 12, 31)},
        {"text": "nato", "date": dt.date(9999, 12, 20)},
        {"text": "nato", "date": dt.date(1, 1, 1)},
        {"text": "nato"},
    ]
    native, ref = stichwort.Index(analyzer="simple"), ReferenceIndex(analyzer="simple")
    for ix in (native, ref):
        ix.add_many(docs)
    cases = [(Filter(date_from="9999-01-01"), 2), (Filter(date_to="0001-01-01"), 1)]
    if by in ("month", "year"):  # days and weeks of the whole range: millions of buckets
        cases.append((None, 3))
    for filt, dated in cases:
        got, want = native.timeline("nato", by=by, filter=filt), ref.timeline("nato", by=by, filter=filt)
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])
        assert int(got[1].sum()) == dated
