"""Bad input to the query methods: clear errors, never a crash."""

from __future__ import annotations

import numpy as np
import pytest

import stichwort
from stichwort.query import All, And, FieldValue, Near, Not, Or, Phrase, Prefix, Term


@pytest.fixture
def ix():
    ix = stichwort.Index(analyzer="simple")
    ix.add_many(["die nato tagt", {"text": "nato und eu", "title": "Gipfel", "fields": {"section": "Web"}}])
    return ix


@pytest.mark.parametrize("q", ['"unclosed', "a AND", "(a OR b", "a:", "date:[2020-13-01 TO *]", "NEAR/0 x", ")"])
def test_malformed_query_strings(ix, q):
    with pytest.raises(stichwort.QueryError) as e:
        ix.search(q)
    assert "position" in str(e.value)
    with pytest.raises(ValueError):  # QueryError is a ValueError
        ix.count(q)


@pytest.mark.parametrize("q", [Term("nato", field="body"), Phrase(["a", "b"], field="author"), Prefix("n", field="x")])
def test_unknown_fields(ix, q):
    with pytest.raises(stichwort.SchemaError):
        ix.search(q)
    with pytest.raises(stichwort.SchemaError):
        ix.match(q)


def test_non_positional_near(ix):
    with pytest.raises(stichwort.QueryError):
        ix.match(Near(And("nato", "eu"), "tagt", 2))
    with pytest.raises(stichwort.QueryError):
        ix.match(Near(Term("nato"), Term("gipfel", field="title"), 2))


def test_too_deep_and_large(ix):
    q = Term("nato")
    for _ in range(300):
        q = Or(q, "eu")
    assert ix.count(q) == 2
    assert ix.search_batch([q, q], threads=2)[1].total == 2
    deepest: tuple = ("term", "nato", None)
    for _ in range(512):  # the engine's limit, in the tuple form objects convert to
        deepest = ("and", [deepest])
    assert ix._core.count(deepest, None) == 2
    assert ix._core.search_batch([deepest], 3, 1)[0].total == 2
    with pytest.raises(ValueError, match="deeply"):
        ix._core.count(("and", [deepest]), None)
    for _ in range(2000):
        q = And(q)
    with pytest.raises(ValueError, match="deeply"):
        ix.count(q)
    with pytest.raises(stichwort.QueryError):
        ix.count("(" * 10_000 + "a" + ")" * 10_000)
    wide = Or(*[Term(f"w{i}") for i in range(20_000)], "nato")
    assert ix.count(wide) == 2
    assert ix.search(Prefix("")).total == 2


@pytest.mark.parametrize("bad", [None, 3, b"nato", ["nato"], 1.5])
def test_wrong_query_types(ix, bad):
    with pytest.raises(TypeError):
        ix.search(bad)
    with pytest.raises(TypeError):
        ix.count(bad)


def test_limits_and_widths(ix):
    assert ix.search("nato", limit=0).total == 2 and len(ix.search("nato", limit=0)) == 0
    assert len(ix.search("nato", limit=10**30)) == 2
    assert len(ix.search("nato", limit=None)) == 2
    for call in (lambda: ix.search("nato", limit=-1), lambda: ix.kwic("nato", width=-1), lambda: ix.kwic("nato", limit=-5)):
        with pytest.raises(ValueError):
            call()
    for call in (lambda: ix.search("nato", limit="3"), lambda: ix.search("nato", limit=True), lambda: ix.kwic("nato", width=2.0)):
        with pytest.raises(TypeError):
            call()
    with pytest.raises(ValueError):
        ix.snippet("nato", 0, width=0)
    with pytest.raises(ValueError):
        ix.snippet("nato", 99)
    with pytest.raises(TypeError):
        ix.snippet("nato", "0")
    with pytest.raises(ValueError):
        ix.search_batch(["nato"], threads=0)
    with pytest.raises(TypeError):
        ix.search_batch("nato")
    with pytest.raises(TypeError):
        ix.search("nato", filter=42)


def test_bad_phrase_counts(ix):
    with pytest.raises(ValueError):
        ix.phrase_counts([])
    with pytest.raises(ValueError):
        ix.phrase_counts(["nato"], slop=-1)
    with pytest.raises(TypeError):
        ix.phrase_counts([1, 2])
    ids, counts = ix.phrase_counts("nato und", slop=2**40 - 1 if False else 5)
    assert ids.tolist() == [1] and counts.tolist() == [1]


def test_deleted_and_filtered(ix):
    ix.delete(1)
    ix.commit()
    assert ix.match("nato").tolist() == [0]
    with pytest.raises(ValueError):
        ix.snippet("nato", 1)
    with pytest.raises(ValueError, match="deleted"):
        ix.positions("nato", 1)
    assert ix.positions("nato", 0).tolist() == [1]
    assert ix.count(All(), filter=stichwort.Filter(fields={"section": "Web"})) == 0
    assert ix.count(Not(All(), FieldValue("section", "Web"))) == 1
    assert ix.search("nato", filter=FieldValue("section", "x")).ids.dtype == np.uint32


def test_lone_surrogates_in_queries(ix):
    # A query string: a QueryError at the surrogate, like any character
    # that cannot be read there (it was a bare UnicodeEncodeError).
    for run in (stichwort.parse, ix.search, ix.count, ix.match, ix.kwic):
        with pytest.raises(stichwort.QueryError, match="position 5: a lone surrogate"):
            run("nato \ud800 eu")
    # In query objects, terms and lookups: a ValueError naming the offset.
    for run in (
        lambda: ix.search(Term("na\udc00to")),
        lambda: ix.search(And("nato", Phrase(["a", "b\ud800"]))),
        lambda: ix.phrase_counts(["nato", "\ud800"]),
        lambda: ix.doc_freq("x\ud800"),
        lambda: ix.postings("x\ud800"),
        lambda: ix.cooccurrence_matrix(["nato", "\ud800"]),
    ):
        with pytest.raises(ValueError, match="lone surrogate at offset"):
            run()


def test_out_of_range_counts_report_the_value_given(ix):
    with pytest.raises(ValueError, match="slop must be in 0..=4294967295, got 10{30}"):
        ix.search(Phrase(["a", "b"], slop=10**30))
    with pytest.raises(ValueError, match="distance must be in 1..=4294967295, got 10{30}"):
        ix.search(Near("a", "b", 10**30))


def test_wrong_argument_types(ix):
    with pytest.raises(TypeError, match="mapping"):
        stichwort.Filter(fields=[("section", "Inland")])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bool"):
        ix.merge(True)
    with pytest.raises(TypeError, match="bool"):
        ix.search_batch(["nato"], threads=True)
    with pytest.raises(ValueError, match="threads must be in 1..=4096"):
        ix.search_batch(["nato"], threads=5000)
    with pytest.raises(TypeError, match="bool"):
        stichwort.Index(threads=True)
    with pytest.raises(ValueError, match="threads must be in 1..=4096"):
        stichwort.Index(threads=10**6)


def test_phrase_prefixes_of_odd_text(ix):
    # Several words, none of them, a huge phrase, a bad character: an answer or a clear error.
    assert ix.match(Prefix("die na")).tolist() == [0]
    assert ix.match(Prefix("-")).tolist() == ix.match(Prefix(" ")).tolist() == []
    assert ix.match(Prefix("die " * 20_000 + "na")).tolist() == []
    assert ix.match(Prefix("nato-" * 5_000)).tolist() == []
    with pytest.raises(ValueError, match="lone surrogate at offset"):
        ix.match(Prefix("die \ud800na"))
    with pytest.raises(stichwort.QueryError, match="takes no slop"):
        ix.match('"die na*"~2')
