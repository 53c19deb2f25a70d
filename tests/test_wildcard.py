"""Wildcard queries: ``*`` and ``?`` anywhere in a word (``*krise``, ``Me?er``),
on the engine, the reference, and SQLite and tantivy, with their bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stichwort
from stichwort import backends
from stichwort.errors import QueryError
from stichwort.query import Near, Prefix, Term, Wildcard, parse

NEWS = [
    "Die Finanzkrise traf die Banken.",
    "Zwei Coronakrisen in einem Jahr",
    "Die Krise der Regierung",
    "Der Kristall im Krisengebiet",
    "Herr Meyer und Frau Meier",
    "Die Landesregierungen tagten.",
    "Ergebnisse der Wahl",
    "Die Zeitung meldet die Regierungskrise",
]


def both(analyzer: object) -> tuple[stichwort.Index, object]:
    native = stichwort.Index(analyzer=analyzer)
    ref = backends.get("python", analyzer=analyzer)
    for ix in (native, ref):
        ix.add_many(NEWS)
    return native, ref


@pytest.mark.parametrize(
    ("pattern", "german", "simple"),
    [
        # Stems lost their endings: "finanzkrise" is finanzkris, found as *kris.
        ("*krise", [0, 1, 2, 7], [0, 2, 7]),
        ("*krise*", [0, 1, 2, 3, 7], [0, 1, 2, 3, 7]),
        ("Kri?e", [2], [2]),
        ("Me?er", [4], [4]),
        ("*regierung", [2, 5], [2]),
        ("Fin*krise", [0], [0]),
        ("*gebnis*", [6], [6]),
        # An ending that takes the only letters is kept: Regierung is regier.
        ("*ung", [7], [2, 7]),
        ("KRIS*", [2, 3], [2, 3]),
    ],
)
def test_german_words_by_their_ends(pattern, german, simple):
    for analyzer, expected in (("german", german), ("simple", simple)):
        native, ref = both(analyzer)
        assert native.match(Wildcard(pattern)).tolist() == expected, (analyzer, pattern)
        assert ref.match(Wildcard(pattern)).tolist() == expected, (analyzer, pattern)
        assert native.match(pattern).tolist() == expected, "the query string reads the same"


def test_without_stemming_every_ending_is_kept():
    native, ref = both(stichwort.Analyzer("german", stem=False))
    for ix in (native, ref):
        assert ix.match("*ung").tolist() == [2, 7]
        assert ix.match("*regierung*").tolist() == [2, 5, 7]


def test_a_wildcard_without_wildcards_is_a_term_and_a_last_star_a_prefix():
    native, _ = both("german")
    assert native.match(Wildcard("Krise")).tolist() == native.match(Term("Krise")).tolist()
    assert native.match(Wildcard("Krise*")).tolist() == native.match(Prefix("Krise")).tolist()
    assert native.search(Wildcard("*krise")).scores.tolist() == [1.0] * 4


def test_parsed_and_printed():
    assert parse("*krise") == Wildcard("*krise")
    assert parse("title:Me?er") == Wildcard("Me?er", "title")
    assert parse("krise*") == Prefix("krise")
    assert parse("warum?") == Term("warum?"), "a question mark ends a question"
    for q in (Wildcard("*krise?"), Wildcard("F?n*", "title"), Term("a?b"), Prefix("x?")):
        assert parse(str(q)) == q, str(q)
    assert repr(Wildcard("*k", "title")) == "Wildcard('*k', field='title')"


def test_positions_spans_and_collocates_are_whole_words():
    native, ref = both("german")
    for ix in (native, ref):
        lines = ix.kwic("*krise", width=10)
        assert [c.match for c in lines] == ["Finanzkrise", "Coronakrisen", "Krise", "Regierungskrise"]
        assert ix.match(Near(Wildcard("*krise"), "Banken", 3)).tolist() == [0]
    for scope in ("window", "document"):
        a = native.cooccurrence(Wildcard("*krise"), window=2, measure="count", scope=scope, top=None)
        b = ref.cooccurrence(Wildcard("*krise"), window=2, measure="count", scope=scope, top=None)
        assert (a.terms, a.f_xy.tolist(), a.f_x) == (b.terms, b.f_xy.tolist(), b.f_x)


@pytest.mark.parametrize(
    ("pattern", "needle"),
    [("EU-*", "one word"), ("*", "letter or digit"), ("?*?", "letter or digit"), ("", "letter or digit")],
)
def test_a_pattern_is_one_word_with_a_letter(pattern, needle):
    native, ref = both("german")
    for ix in (native, ref):
        with pytest.raises(QueryError):
            ix.match(Wildcard(pattern))
    with pytest.raises(QueryError, match=needle):
        native.count(Wildcard(pattern))


def test_bad_query_strings_and_types_fail_clearly():
    with pytest.raises(QueryError, match="position 2"):
        parse("EU-*krise")
    with pytest.raises(QueryError, match="escaped"):
        parse(r"*a\*b")
    with pytest.raises(QueryError, match="not on 'section:'"):
        parse("section:*land")
    with pytest.raises(TypeError):
        Wildcard(b"*krise")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Wildcard("*krise", field=1)  # type: ignore[arg-type]


def test_a_huge_pattern_and_odd_text_answer():
    native, ref = both("german")
    long = "*" + "a?" * 5000 + "*"
    assert native.count(Wildcard(long)) == ref.count(Wildcard(long)) == 0
    with pytest.raises((QueryError, ValueError)):
        native.count(Wildcard("*kr\ud800se"))


@pytest.mark.parametrize("name", ["sqlite", "tantivy"])
@pytest.mark.parametrize("pattern", ["*krise", "*krise*", "Me?er", "*ung", "Fin*krise", "*e", "?", "a*b*c", "K?is*"])
def test_peer_backends_find_what_native_finds(name, pattern):
    if name not in backends.available():
        pytest.skip(f"backend {name} is not installed")
    native = backends.get("native", analyzer="simple")
    peer = backends.get(name)
    for ix in (native, peer):
        ix.add_many(NEWS * 3)
        ix.commit()
    expected = native.match(parse(pattern)).tolist()
    assert peer.match(parse(pattern)).tolist() == expected
    assert peer.count(parse(pattern)) == len(expected)


@pytest.mark.parametrize("name", ["sqlite", "tantivy"])
def test_peer_backends_see_terms_added_after_a_wildcard(name):
    if name not in backends.available():
        pytest.skip(f"backend {name} is not installed")
    peer = backends.get(name)
    peer.add_many(["Die Finanzkrise"])
    peer.commit()
    assert peer.match("*krise").tolist() == [0]
    peer.add_many(["Die Ölkrise"])
    peer.commit()
    assert peer.match("*krise").tolist() == [0, 1]


WORDS = ["Krise", "Finanzkrise", "krisen", "Meier", "Meyer", "Straße", "strasse", "Häuser", "Regierungen", "a", "ab"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["simple", "german"]),
    st.lists(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join), min_size=1, max_size=6),
    st.lists(st.text("aeiKkrsnäßgu*?", min_size=1, max_size=7), min_size=1, max_size=4),
)
def test_any_pattern_matches_as_the_reference(analyzer, texts, patterns):
    native = stichwort.Index(analyzer=analyzer)
    ref = backends.get("python", analyzer=analyzer)
    for ix in (native, ref):
        ix.add_many(texts)
    for pattern in patterns:
        q = Wildcard(pattern)
        try:
            expected = ref.match(q)
        except QueryError:
            with pytest.raises(QueryError):
                native.match(q)
            continue
        np.testing.assert_array_equal(native.match(q), expected, err_msg=pattern)
        assert [c.match for c in native.kwic(q)] == [c.match for c in ref.kwic(q)]
