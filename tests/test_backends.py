"""The comparison backends (tantivy, SQLite FTS5, bm25s) through the one index interface.

Every expected doc set below is worked out by hand from ``DOCS``.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from stichwort import backends
from stichwort.errors import SchemaError
from stichwort.query import All, And, Filter, Near, Not, Or, Phrase, Prefix, Term

DOCS = [
    {"text": "Die Regierung tagt in Berlin", "date": "2021-01-05", "fields": {"section": "Inland"}},
    {"text": "Die gemeinsame Sitzung der Regierung", "date": "2021-06-01", "fields": {"section": "Inland"}},
    {"text": "Eine gemeinsame Erklärung, keine Sitzung", "date": "2022-03-10", "fields": {"section": "International"}},
    {"text": "Sitzung gemeinsame Sitzung", "title": "Regierung", "date": "2023-01-01"},
    {"text": "Straße und Straßenbahn in Wien", "date": "2023-07-07", "fields": {"section": "Panorama"}},
]

BOOLEAN_BACKENDS = ["tantivy", "sqlite"]


def _make(name: str, **kwargs: object):
    if name not in backends.available():
        pytest.skip(f"backend {name} is not installed")
    return backends.get(name, **kwargs)


@pytest.fixture(params=BOOLEAN_BACKENDS)
def ix(request):
    index = _make(request.param)
    assert index.add_many(DOCS).tolist() == [0, 1, 2, 3, 4]
    index.commit()
    yield index
    index.close()


CASES = [
    (Term("regierung"), [0, 1]),
    (Term("REGIERUNG"), [0, 1]),  # queries are analysed: lower-cased
    (Term("Erkla\u0308rung"), [2]),  # decomposed umlaut: NFC first
    (Term("regierung", field="title"), [3]),
    (Term("nirgends"), []),
    (And("gemeinsame", "sitzung"), [1, 2, 3]),
    (And("regierung", "wien"), []),
    (Or("regierung", "wien"), [0, 1, 4]),
    (Not("sitzung", "regierung"), [2, 3]),
    (Not(All(), "sitzung"), [0, 4]),
    (Phrase(["gemeinsame", "sitzung"]), [1, 3]),
    (Phrase(["Gemeinsame", "Sitzung"], slop=2), [1, 2, 3]),
    (Phrase(["sitzung", "gemeinsame"]), [3]),
    (Near("regierung", "tagt", 1), [0]),
    (Near("tagt", "regierung", 1), [0]),  # either order
    (Near("regierung", "berlin", 2), []),
    (Near("regierung", "berlin", 3), [0]),
    (Prefix("straß"), [4]),
    (Or(Phrase(["in", "berlin"]), And("gemeinsame", Not("erklärung", "regierung"))), [0, 2]),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[repr(q) for q, _ in CASES])
def test_match_and_count(ix, query, expected):
    ids = ix.match(query)
    assert ids.dtype == np.uint32
    assert ids.tolist() == expected
    assert ix.count(query) == len(expected)


def test_search_ranks_by_bm25_and_breaks_ties_by_id(ix):
    hits = ix.search(Term("sitzung"), limit=10)
    assert hits.ids.dtype == np.uint32 and hits.scores.dtype == np.float32
    assert hits.total == 3
    assert sorted(hits.ids.tolist()) == [1, 2, 3]
    assert np.all(np.diff(hits.scores) <= 0)
    # Doc 3 holds "sitzung" twice in the shortest body: first under any BM25.
    assert hits.ids[0] == 3
    assert len(ix.search(Term("sitzung"), limit=1).ids) == 1
    assert ix.search(Term("sitzung"), limit=0).total == 3


@pytest.mark.parametrize("name", BOOLEAN_BACKENDS)
def test_ties_break_by_doc_id(name):
    index = _make(name)
    index.add_many(["alpha beta"] * 6 + ["beta"] + ["alpha beta"] * 6)
    index.commit()
    hits = index.search(Term("alpha"), limit=4)
    assert hits.ids.tolist() == [0, 1, 2, 3]
    assert hits.total == 12
    assert len(set(hits.scores.tolist())) == 1


def test_filters(ix):
    f = Filter(date_from="2021-06-01", fields={"section": ["Inland", "International"]})
    assert ix.match(Term("gemeinsame"), filter=f).tolist() == [1, 2]
    assert ix.search(Term("gemeinsame"), filter=f).total == 2
    assert ix.count(Term("die"), filter=Filter(date_to="2021-01-31")) == 1


@pytest.mark.parametrize("name", BOOLEAN_BACKENDS)
def test_dates_of_every_year(name):
    # stichwort's dates run from 0001 to 9999; tantivy's date type ends at 1677 and 2262.
    index = _make(name)
    index.add_many([{"text": "nato", "date": d} for d in ("0001-01-01", "1600-05-05", "1969-12-31", "9999-12-31")])
    index.commit()
    assert index.match("nato", filter=Filter(date_to="1676-12-31")).tolist() == [0, 1]
    assert index.match("nato", filter=Filter(date_from="2300-01-01")).tolist() == [3]
    assert index.count("nato", filter=Filter(date_from="1969-12-31", date_to="9999-12-31")) == 2


# Clauses without terms (punctuation only) are left out of the And, Or or Not
# around them, as in the native engine; alone or beside Near they match nothing.
EMPTY_CLAUSE_CASES = [
    (And("sitzung", "!"), [1, 2, 3]),
    (And("!", Phrase(["-", "?"])), []),
    (Or("wien", "."), [4]),
    (Not("!", "sitzung"), []),
    (Not("wien", "!"), [4]),
    (And(Not("!", "regierung"), "wien"), [4]),
    (Near("regierung", "!", 3), []),
    (And("regierung", Near("!", "tagt", 2)), []),
    (Or("wien", Near("regierung", "?", 2)), [4]),
    (Term("..."), []),
]


@pytest.mark.parametrize(("query", "expected"), EMPTY_CLAUSE_CASES, ids=[repr(q) for q, _ in EMPTY_CLAUSE_CASES])
def test_clauses_without_terms_as_native(ix, query, expected):
    native = backends.get("native", analyzer="simple")
    native.add_many(DOCS)
    assert native.match(query).tolist() == expected
    assert ix.match(query).tolist() == expected
    assert ix.count(query) == ix.search(query).total == len(expected)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("U-B", [5]), ("u b", [5]), ("u-", [4, 5]), ("U-Bx", []), ("b-u", []), ("-", []), ("", [0, 1, 2, 3, 4, 5]), ("Ge", [1, 2, 3])],
)
def test_prefixes_as_native(ix, prefix, expected):
    # Several words are a phrase prefix, punctuation around one word is no
    # part of it; no word matches nothing, the empty prefix every term.
    native = backends.get("native", analyzer="simple")
    native.add_many(DOCS + [{"text": "U-Bahn"}])
    assert native.match(Prefix(prefix)).tolist() == expected
    ix.add_many([{"text": "U-Bahn"}])
    ix.commit()
    if prefix == "" and ix.name == "sqlite":
        with pytest.raises(NotImplementedError, match="empty Prefix"):
            ix.match(Prefix(prefix))
        return
    assert ix.match(Prefix(prefix)).tolist() == expected
    assert ix.match(Or("wien", Prefix(prefix))).tolist() == sorted(set(expected) | {4})


PHRASE_PREFIX_TEXTS = [
    "die gemeinsame Sitzung",
    "gemeinsame Sitzungen und gemeinsames Sitzen",
    "Sitzung gemeinsame",
    "a a a b",
    "Straße Straßenbahn, Straßen",
    "die EU-Kommission",
]


@pytest.mark.parametrize("name", BOOLEAN_BACKENDS)
@pytest.mark.parametrize(
    "prefix", ["gemeinsame Sitz", "gemeinsame sitzungen u", "a a", "a a a", "a, a b", "straße straßen", "EU-K", "sitzung gem"]
)
def test_phrase_prefixes_as_native(name, prefix):
    # The phrase of the words but the last, then a word the last one prefixes,
    # as SQLite's '"…" *' and tantivy's regex phrase run it.
    native = backends.get("native", analyzer="simple")
    ix = _make(name)
    for index in (native, ix):
        index.add_many(PHRASE_PREFIX_TEXTS)
        index.commit()
    expected = native.match(Prefix(prefix)).tolist()
    assert expected, prefix
    assert ix.match(Prefix(prefix)).tolist() == expected
    assert ix.count(Prefix(prefix)) == len(expected)


@pytest.mark.parametrize("name", BOOLEAN_BACKENDS)
def test_sloppy_phrases_of_many_tokens_find_native_matches(name):
    # SQLite's NEAR counts the pattern's own tokens between its first and
    # last: NEAR(…, slop) missed the sloppy (and the exact) phrase of 3+ tokens.
    docs = ["Streiks beim US-Versandhändler Amazon", "beim Amazon US-Versandhändler", "beim x y z Amazon", "a b c d e"]
    native = backends.get("native", analyzer="simple")
    native.add_many(docs)
    index = _make(name)
    index.add_many(docs)
    index.commit()
    for q in (
        Phrase(["beim", "US-Versandhändler", "Amazon"], slop=1),
        Phrase(["beim", "US-Versandhändler", "Amazon"], slop=3),
        Phrase(["a", "b", "c", "d", "e"], slop=1),
        Phrase(["a", "c", "b"], slop=2),
    ):
        want = set(native.match(q).tolist())
        assert want, q
        assert want <= set(index.match(q).tolist()), q


@pytest.mark.parametrize("name", BOOLEAN_BACKENDS)
def test_huge_slop_and_distance_match_everywhere(name):
    # FTS5 wrapped NEAR distances past 2**31 - 1 (matched nothing); tantivy's slop is a u32.
    index = _make(name)
    index.add_many(["a b", "a", "b x a"])
    index.commit()
    for q in (Phrase(["a", "b"], slop=2**31), Phrase(["a", "b"], slop=2**40), Near("a", "b", 2**31), Near("a", "b", 2**40)):
        assert index.match(q).tolist() == [0, 2], q


def test_tantivy_sloppy_phrases_with_repeated_words_as_native():
    # tantivy's sloppy phrase let one occurrence stand for two equal words.
    docs = ["a b", "a", "b x a", "a a", "a b a", "a x a", "b a", "a b b", "a x y a b", "b b a a"]
    native = backends.get("native", analyzer="simple")
    native.add_many(docs)
    index = _make("tantivy")
    index.add_many(docs)
    index.commit()
    for words in (["a", "a"], ["a", "b", "a"], ["b", "a", "a"], ["a", "b", "b"]):
        for slop in (1, 2, 3):
            q = Phrase(words, slop=slop)
            assert index.match(q).tolist() == native.match(q).tolist(), q
    assert index.match(Phrase(["a", "a"], slop=1)).tolist() == [3, 4, 5, 9]
    with pytest.raises(NotImplementedError, match="placements"):
        index.match(Phrase(["a", "a"], slop=2**31))


@pytest.mark.parametrize("name", BOOLEAN_BACKENDS)
def test_near_of_a_term_with_itself_needs_two_positions(name):
    index = _make(name)
    index.add_many(["sitzung", "sitzung sitzung", "sitzung x sitzung", "Sitzung x y sitzung"])
    index.commit()
    assert index.match(Near("sitzung", "SITZUNG", 1)).tolist() == [1]
    if name == "sqlite":  # FTS5's NEAR lets both sides match one token
        with pytest.raises(NotImplementedError, match="itself"):
            index.match(Near("sitzung", "sitzung", 2))
    else:
        assert index.match(Near("sitzung", "sitzung", 2)).tolist() == [1, 2]
        assert index.match(Near("sitzung", "sitzung", 3)).tolist() == [1, 2, 3]


def test_sqlite_refuses_a_sloppy_phrase_that_repeats_a_word():
    # NEAR("katze" "katze", 2) matches a single "Katze": a wrong answer, so none.
    index = _make("sqlite")
    index.add_many(["die Katze schläft", "die Katze und die Maus", "der Hund"])
    index.commit()
    for words in (["katze", "katze"], ["die", "katze", "die"]):
        with pytest.raises(NotImplementedError, match="distinct words"):
            index.match(Phrase(words, slop=2))
    assert index.match(Phrase(["die", "katze"], slop=2)).tolist() == [0, 1]


@pytest.mark.parametrize("limit", [None, 2**40, 2**64])
def test_search_limit_none_or_huge_gives_every_match(ix, limit):
    # tantivy reserved room for `limit` hits: 2**40 aborted the interpreter.
    hits = ix.search(Term("sitzung"), limit=limit)
    assert sorted(hits.ids.tolist()) == [1, 2, 3] and hits.total == 3
    assert np.all(np.diff(hits.scores) <= 0)


def test_unknown_field_is_a_schema_error(ix):
    with pytest.raises(SchemaError):
        ix.match(Term("x", field="autor"))


def test_bad_arguments(ix):
    with pytest.raises(ValueError):
        ix.search(Term("sitzung"), limit=-1)
    with pytest.raises(TypeError):
        ix.add_many([42])
    with pytest.raises(ValueError):
        ix.add("text", date="gestern")
    with pytest.raises(TypeError):
        ix.match(Term("sitzung"), filter={"section": "Inland"})


def test_phrase_counts_sqlite():
    index = _make("sqlite")
    index.add_many(DOCS + ["gemeinsame Sitzung, gemeinsame Sitzung und gemeinsame sitzung"])
    index.commit()
    ids, counts = index.phrase_counts(["gemeinsame", "sitzung"])
    assert ids.tolist() == [1, 3, 5]
    assert counts.tolist() == [1, 1, 3]
    with pytest.raises(NotImplementedError):
        index.phrase_counts(["gemeinsame", "sitzung"], slop=1)


def test_phrase_counts_unsupported_by_tantivy():
    index = _make("tantivy")
    with pytest.raises(NotImplementedError):
        index.phrase_counts(["gemeinsame", "sitzung"])


@pytest.mark.parametrize(("name", "where"), [("tantivy", "folder"), ("sqlite", "db.sqlite")])
def test_persist_and_reopen(tmp_path, name, where):
    path = tmp_path / where
    index = _make(name, path=path)
    index.add_many(DOCS)
    index.commit()
    assert index.size_bytes() > 0
    stats = index.stats()
    assert stats["num_docs"] == 5 and stats["vocab_size"] > 10
    index.close()
    again = backends.get(name, path=path)
    assert again.num_docs == 5
    assert again.add("Noch eine Sitzung") == 5
    again.commit()
    assert again.match(Term("sitzung")).tolist() == [1, 2, 3, 5]
    again.close()


def test_sqlite_in_memory_size():
    index = _make("sqlite")
    index.add_many(DOCS)
    index.commit()
    assert index.size_bytes() > 0
    assert index.stats()["num_tokens"] == sum(len(d["text"].split()) for d in DOCS) + 1  # + the one title word


def test_bm25s_ranks_terms_and_or_only():
    index = _make("bm25s")
    index.add_many(DOCS)
    index.commit()
    hits = index.search(Or("regierung", "wien"))
    assert sorted(hits.ids.tolist()) == [0, 1, 4] and hits.total == 3
    assert index.search(Term("sitzung")).ids[0] == 3
    assert sorted(index.search(Term("sitzung"), limit=None).ids.tolist()) == [1, 2, 3]
    for call in (lambda: index.count(Term("sitzung")), lambda: index.search(And("a", "b"))):
        with pytest.raises(NotImplementedError):
            call()


def test_available_lists_importable_backends():
    names = backends.available()
    assert "sqlite" in names
    assert names == [n for n in backends.names() if n in names]
    try:
        import tantivy  # noqa: F401
    except ImportError:
        assert "tantivy" not in names
    else:
        assert "tantivy" in names


def test_unknown_backend_names_the_valid_ones():
    with pytest.raises(ValueError, match="valid: .*tantivy.*sqlite"):
        backends.get("lucene")


def test_missing_optional_backend_is_left_out(monkeypatch):
    # A None entry in sys.modules makes ``import tantivy`` raise ImportError.
    monkeypatch.setitem(sys.modules, "tantivy", None)
    monkeypatch.delitem(sys.modules, "stichwort.backends.tantivy_backend", raising=False)
    assert "tantivy" not in backends.available()
    with pytest.raises(ImportError, match="not available"):
        backends.get("tantivy")
