"""The pure-Python reference backend against answers worked out by hand.

Every expected value below was computed on paper from the definitions in
``stichwort.backends.python`` (BM25 numbers are written as the formula with
the concrete counts of the tiny corpus plugged in, plus the decimal value),
so these tests do not re-run the code they check.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stichwort import QueryError, SchemaError, backends
from stichwort.backends.python import ReferenceIndex
from stichwort.backends.reference_analysis import simple_tokens
from stichwort.query import All, And, DateRange, FieldValue, Filter, Near, Not, Or, Phrase, Prefix, Term
from stichwort.results import Concordance, Hits

LN_1_6 = 0.47000362924573563  # ln(1 + (3 - 2 + 0.5) / (2 + 0.5)): df = 2 of N = 3


def build(*docs: object) -> ReferenceIndex:
    ix = ReferenceIndex()
    for d in docs:
        if isinstance(d, str):
            ix.add(d)
        else:
            ix.add(**d)  # type: ignore[arg-type]
    ix.commit()
    return ix


# --------------------------------------------------------------------------- simple analyzer


def test_simple_tokens_plain() -> None:
    assert simple_tokens("Nord-Süd-Gefälle: 3,5 Prozent") == [
        ("nord", 0, 4, 0),
        ("süd", 5, 8, 1),
        ("gefälle", 9, 16, 2),
        ("3", 18, 19, 3),
        ("5", 20, 21, 4),
        ("prozent", 22, 29, 5),
    ]


def test_simple_tokens_decomposed_umlaut_offsets_point_into_original() -> None:
    text = "in Mu\u0308nchen."
    toks = simple_tokens(text)
    assert toks == [("in", 0, 2, 0), ("münchen", 3, 11, 1)]
    assert text[3:11] == "Mu\u0308nchen"
    # A combining mark at the end of a token belongs to the token's last character.
    assert simple_tokens("Cafe\u0301 au") == [("café", 0, 5, 0), ("au", 6, 8, 1)]


def test_simple_tokens_unicode_lowercasing_and_marks() -> None:
    assert simple_tokens("İstanbul") == [("i\u0307stanbul", 0, 8, 0)]
    assert simple_tokens("ΟΔΟΣ") == [("οδος", 0, 4, 0)]  # str.lower: final sigma ς
    # q has no precomposed form with a diaeresis: the mark stays and separates.
    assert simple_tokens("q\u0308r") == [("q", 0, 1, 0), ("r", 2, 3, 1)]
    # Hangul jamo compose into one syllable spanning both original characters.
    assert simple_tokens("\u1100\u1161 x") == [("\uac00", 0, 2, 0), ("x", 3, 4, 1)]
    assert simple_tokens("") == [] and simple_tokens("--- !") == []
    with pytest.raises(TypeError):
        simple_tokens(b"bytes")  # type: ignore[arg-type]


def runs_of_alnum(text: str) -> list[str]:
    """The definition's token texts, computed another way: group NFC characters by isalnum."""
    nfc = unicodedata.normalize("NFC", text)
    return ["".join(g) for alnum, g in itertools.groupby(nfc, key=str.isalnum) if alnum]


def check_tokens(text: str) -> None:
    toks = simple_tokens(text)
    runs = runs_of_alnum(text)
    assert [t[0] for t in toks] == [r.lower() for r in runs]
    assert [t[3] for t in toks] == list(range(len(toks)))
    for (_, start, end, _), run in zip(toks, runs):
        assert 0 <= start < end <= len(text)
        assert run in unicodedata.normalize("NFC", text[start:end])
    assert [t[1] for t in toks] == sorted(t[1] for t in toks)


# Characters that NFC composes, reorders or rewrites, mixed with letters and separators.
TRICKY = st.sampled_from(list("aeouAOUqxß -.,3İΣ\u0301\u0308\u0323\u0307\u0345\u1100\u1161\u11a8\u212b\u0b47\u0b3e\u0f73"))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.lists(TRICKY, max_size=20).map("".join)))
def test_simple_tokens_match_the_definition_on_any_text(text: str) -> None:
    check_tokens(text)


def test_simple_tokens_on_real_news(gnad_articles: list[tuple[str, str]]) -> None:
    for _, text in gnad_articles[:200]:
        check_tokens(text)
        for term, start, end, _ in simple_tokens(text):
            assert unicodedata.normalize("NFC", text[start:end]).lower() == term


# --------------------------------------------------------------------------- backends registry


def test_backends_registry() -> None:
    assert "python" in backends.available()
    a, b = backends.get("python"), backends.get("python")
    assert isinstance(a, ReferenceIndex) and a is not b and a.num_docs == 0
    with pytest.raises(ValueError, match="python"):
        backends.get("lucene")
    with pytest.raises(TypeError):
        backends.get(3)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- documents


def test_ids_commit_visibility_and_delete() -> None:
    ix = ReferenceIndex()
    assert ix.add("NATO tagt") == 0
    ids = ix.add_many(["EU tagt", {"text": "NATO und EU", "title": "Gipfel", "date": "2022-03-01"}])
    assert ids.dtype == np.uint32 and ids.tolist() == [1, 2]
    assert ix.num_docs == len(ix) == 3  # adds are visible at once
    assert ix.match(Term("nato")).tolist() == [0, 2]
    ix.commit()
    assert ix.num_docs == len(ix) == 3
    assert ix.match(Term("nato")).tolist() == [0, 2]
    ix.delete(0)
    assert ix.match(Term("nato")).tolist() == [0, 2]  # deletes wait for commit
    ix.commit()
    assert ix.match(Term("nato")).tolist() == [2]
    assert ix.num_docs == 2
    assert ix.add("NATO") == 3  # ids are never reused
    assert ix.match(Term("nato")).tolist() == [2, 3]
    ix.delete(3)  # deleted before it was ever committed
    ix.commit()
    assert ix.match(Term("nato")).tolist() == [2]
    assert ix.document(2) == {
        "text": "NATO und EU",
        "title": "Gipfel",
        "date": dt.date(2022, 3, 1),
        "fields": {},
    }
    with pytest.raises(ValueError):
        ix.document(0)  # deleted
    with pytest.raises(ValueError, match="deleted"):
        ix.positions("nato", 0)  # deleted: not an empty answer
    with pytest.raises(ValueError):
        ix.delete(4)  # never assigned
    with pytest.raises(ValueError):
        ix.delete(-1)
    with pytest.raises(TypeError):
        ix.delete("2")  # type: ignore[arg-type]


def test_bad_documents() -> None:
    ix = ReferenceIndex()
    with pytest.raises(TypeError):
        ix.add(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ix.add("x", fields={"section": 3})  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        ix.add("x", date="2022-13-01")
    with pytest.raises(ValueError):
        ix.add_many([{"text": "x", "autor": "y"}])
    with pytest.raises(TypeError):
        ix.add_many([3])
    with pytest.raises(TypeError):
        ReferenceIndex(analyzer=3)


def test_statistics_postings_positions() -> None:
    ix = build("Die NATO und die EU", "NATO NATO Gipfel", "Gipfel in Berlin")
    assert ix.stats() == {"num_docs": 3, "num_tokens": 11, "vocab_size": 7, "num_segments": 1, "size_bytes": 0}
    assert ix.doc_freq("nato") == 2 and ix.coll_freq("nato") == 3
    assert ix.doc_freq("NATO") == 0  # terms are taken as indexed, not analysed
    ids, tfs = ix.postings("nato")
    assert ids.dtype == np.uint32 and tfs.dtype == np.uint32
    assert ids.tolist() == [0, 1] and tfs.tolist() == [1, 2]
    assert ix.positions("die", 0).tolist() == [0, 3]
    assert ix.positions("die", 1).tolist() == []
    ix.delete(0)
    ix.commit()
    assert ix.stats()["num_tokens"] == 6 and ix.stats()["vocab_size"] == 4  # nato gipfel in berlin
    assert ix.doc_freq("die") == 0
    with pytest.raises(ValueError, match="deleted"):
        ix.positions("die", 0)  # as document() and snippet()
    with pytest.raises(ValueError):
        ix.positions("die", 3)


# --------------------------------------------------------------------------- BM25


def test_bm25_term_scores_by_hand() -> None:
    # N = 3, num_tokens = 11, avgdl = 11/3; "nato": df = 2 -> idf = ln 1.6.
    ix = build("Die NATO und die EU", "NATO NATO Gipfel", "Gipfel in Berlin")
    d0 = LN_1_6 * 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 5 / (11 / 3)))  # tf 1, dl 5
    d1 = LN_1_6 * 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 3 / (11 / 3)))  # tf 2, dl 3
    assert d0 == pytest.approx(0.40913985) and d1 == pytest.approx(0.68108310)
    hits = ix.search(Term("NATO"))
    assert isinstance(hits, Hits) and hits.total == 2
    assert hits.ids.dtype == np.uint32 and hits.scores.dtype == np.float32
    assert hits.ids.tolist() == [1, 0]
    assert hits.scores.tolist() == pytest.approx([d1, d0], rel=1e-6)
    assert list(hits) == [(1, pytest.approx(d1, rel=1e-6)), (0, pytest.approx(d0, rel=1e-6))]
    top1 = ix.search(Term("nato"), limit=1)
    assert top1.ids.tolist() == [1] and top1.total == 2 and len(top1) == 1
    assert ix.search(Term("nato"), limit=0).total == 2
    assert ix.search(Term("nato"), limit=None).ids.tolist() == [1, 0]

    # And / Or sum the matching clauses; "gipfel": df = 2 (docs 1, 2), tf 1 each.
    g1 = LN_1_6 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / (11 / 3)))
    g2 = g1  # doc 2 also has dl 3
    hits = ix.search(Or(Term("nato"), Term("gipfel")))
    assert hits.ids.tolist() == [1, 2, 0]  # g2 = 0.5077 > d0 = 0.4091
    assert hits.scores.tolist() == pytest.approx([d1 + g1, g2, d0], rel=1e-6)
    assert ix.search(And("nato", "gipfel")).scores.tolist() == pytest.approx([d1 + g1], rel=1e-6)
    # Not keeps the positive's score.
    assert ix.search(Not("nato", "eu")).scores.tolist() == pytest.approx([d1], rel=1e-6)
    # Deleting doc 0 changes N, df and avgdl: N = 2, df = 1 -> idf = ln 2; avgdl = 3.
    ix.delete(0)
    ix.commit()
    assert ix.search(Term("nato")).scores.tolist() == pytest.approx([math.log(2) * 4.4 / (2 + 1.2)], rel=1e-6)


def test_bm25_phrase_score_sums_idfs() -> None:
    ix = build("Die NATO und die EU", "NATO NATO Gipfel", "Gipfel in Berlin")
    # Phrase "nato gipfel" in doc 1: count 1, idf = ln 1.6 + ln 1.6, dl 3.
    expected = 2 * LN_1_6 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / (11 / 3)))
    hits = ix.search(Phrase(["NATO", "Gipfel"]))
    assert hits.ids.tolist() == [1] and hits.scores.tolist() == pytest.approx([expected], rel=1e-6)
    # A term that analyses to two tokens is that phrase.
    assert ix.search(Term("NATO-Gipfel")).scores.tolist() == pytest.approx([expected], rel=1e-6)
    # A one-word phrase is the term.
    assert ix.search(Phrase(["eu"])).scores.tolist() == ix.search(Term("eu")).scores.tolist()
    # Prefix scores 1.0, field/date/All 0.0.
    assert ix.search(Prefix("gip")).scores.tolist() == [1.0, 1.0]
    assert ix.search(All()).scores.tolist() == [0.0, 0.0, 0.0]
    assert ix.search(All()).ids.tolist() == [0, 1, 2]  # ties by ascending id


def test_title_field_has_its_own_statistics() -> None:
    ix = build(
        {"text": "Treffen", "title": "Gipfel in Rom"},
        {"text": "Treffen", "title": "Rom"},
        {"text": "Rom"},
    )
    # Body "rom" only in doc 2; title "rom" in docs 0, 1 (title tokens 3 + 1 + 0, avgdl 4/3).
    assert ix.match(Term("rom")).tolist() == [2]
    hits = ix.search(Term("Rom", field="title"))
    t0 = LN_1_6 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 3 / (4 / 3)))
    t1 = LN_1_6 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 1 / (4 / 3)))
    assert t0 == pytest.approx(0.31097984) and t1 == pytest.approx(0.52354835)
    assert hits.ids.tolist() == [1, 0] and hits.scores.tolist() == pytest.approx([t1, t0], rel=1e-6)
    assert ix.match(Phrase("gipfel in", field="title")).tolist() == [0]
    assert ix.match(Prefix("ro", field="title")).tolist() == [0, 1]
    assert ix.doc_freq("gipfel") == 0  # statistics are body only
    with pytest.raises(SchemaError):
        ix.match(Term("rom", field="autor"))


# --------------------------------------------------------------------------- phrases


def test_phrase_slop_and_counts() -> None:
    ix = build("a x b", "b a", "a b a b", "a a a", "a x a", "a")
    assert ix.match(Phrase("a b")).tolist() == [2]
    assert ix.match(Phrase("a b", slop=1)).tolist() == [0, 2]  # "a x b": one extra move
    assert ix.match(Phrase("a b", slop=2)).tolist() == [0, 1, 2]  # "b a": reversed needs 2
    ids, counts = ix.phrase_counts(["a", "b"])
    assert ids.tolist() == [2] and counts.tolist() == [2] and counts.dtype == np.uint32
    # Repeated pattern terms need distinct positions: "a a a" has starts 0 and 1.
    assert ix.phrase_counts("a a")[0].tolist() == [3] and ix.phrase_counts("a a")[1].tolist() == [2]
    # slop 1 on "a x a": start 0 (p2 = 2, spread 1) matches; start 2 (p2 = 0, spread 3) does not;
    # "a a a" gains nothing new: starts 0, 1, 2 (2 with p2 = 1: spread 2) -> 0 and 1 only.
    ids, counts = ix.phrase_counts("a a", slop=1)
    assert dict(zip(ids.tolist(), counts.tolist())) == {2: 1, 3: 2, 4: 1}
    # "a b a b", slop 1: starts 0 and 2 (exact) -> count 2.
    # slop 2 also accepts p1 = 2, p2 = 1 (spread 2), still 2 distinct starts.
    assert dict(zip(*[a.tolist() for a in ix.phrase_counts("a b", slop=2)]))[2] == 2
    # Punctuation-only words analyse to nothing: no match.
    assert ix.count(Term("!!!")) == 0 and ix.count(Phrase(["?"])) == 0


# --------------------------------------------------------------------------- boolean, near, prefix, filters


def test_near_prefix_fields_dates_filters() -> None:
    ix = build(
        {"text": "a b c d e", "date": "2022-01-15", "fields": {"section": "Inland"}},
        {"text": "a a", "date": dt.date(2022, 3, 2), "fields": {"section": "Ausland"}},
        {"text": "Außenminister trifft Mu\u0308ller", "fields": {"section": "Inland"}},
    )
    assert ix.match(Near("a", "e", 4)).tolist() == [0]
    assert ix.match(Near("e", "a", 4)).tolist() == [0]  # either order
    assert ix.match(Near("a", "e", 3)).tolist() == []
    assert ix.match(Near("a", "a", 1)).tolist() == [1]  # two different positions needed
    assert ix.match(Near(Phrase("a b"), "d", 2)).tolist() == [0]  # b (pos 1) to d (pos 3)
    assert ix.match(Near(Or("x", "e"), "c", 2)).tolist() == [0]
    with pytest.raises(QueryError):
        ix.match(Near(And("a", "b"), "c", 2))
    with pytest.raises(QueryError):
        ix.match(Near(Term("a", field="title"), "c", 2))
    assert ix.match(Prefix("AUSSEN")).tolist() == []  # simple analyzer: no folding
    assert ix.match(Prefix("Außen")).tolist() == [2]
    assert ix.match(Prefix("mü")).tolist() == [2]  # indexed from a decomposed ü
    assert ix.match(Prefix("")).tolist() == [0, 1, 2]
    assert ix.match(FieldValue("section", "Inland")).tolist() == [0, 2]
    assert ix.match(FieldValue("section", "inland")).tolist() == []  # exact keywords
    assert ix.match(DateRange("2022-01-15", "2022-03-01")).tolist() == [0]  # inclusive start
    assert ix.match(DateRange(None, "2022-03-02")).tolist() == [0, 1]  # inclusive end; 2 has no date
    assert ix.match(Not(All(), "a")).tolist() == [2]
    f = Filter(fields={"section": "Inland"})
    assert ix.match(Term("a"), filter=f).tolist() == [0]
    assert ix.count(All(), filter=Filter(date_from="2022-02-01")) == 1
    assert ix.count(All(), filter=FieldValue("section", "Ausland")) == 1
    unfiltered = ix.search(Term("a"))
    filtered = ix.search(Term("a"), filter=f)
    assert filtered.total == 1 and filtered.scores[0] == unfiltered.scores[unfiltered.ids.tolist().index(0)]
    with pytest.raises(TypeError):
        ix.match(Term("a"), filter=2022)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ix.match(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ix.search(Term("a"), limit=-1)


# --------------------------------------------------------------------------- KWIC and snippets


def test_kwic_lines_use_original_text() -> None:
    ix = build("Die Gemeinsame Sitzung. Dann: gemeinsame  sitzung!", "in Mu\u0308nchen heute")
    lines = ix.kwic(Phrase("gemeinsame sitzung"), width=5)
    assert lines == [
        Concordance(0, "Die ", "Gemeinsame Sitzung", ". Dan", 4, 22),
        Concordance(0, "ann: ", "gemeinsame  sitzung", "!", 30, 49),
    ]
    assert len(ix.kwic(Phrase("gemeinsame sitzung"), width=5, limit=1)) == 1
    (line,) = ix.kwic(Term("München"), width=3)
    assert (line.doc_id, line.left, line.match, line.right) == (1, "in ", "Mu\u0308nchen", " he")
    # Or of two terms: one line per occurrence, by doc then position.
    assert [(c.doc_id, c.match) for c in ix.kwic(Or("sitzung", "die", "heute"), width=0)] == [
        (0, "Die"),
        (0, "Sitzung"),
        (0, "sitzung"),
        (1, "heute"),
    ]
    with pytest.raises(ValueError):
        ix.kwic(Term("die"), width=-1)


def test_snippet_window_and_markup() -> None:
    text = "aaaa bbbb cccc dddd eeee"  # 24 characters
    ix = build(text)
    # cccc = [10, 14): lo = 10 - (10 - 4) // 2 = 7, window [7, 17).
    assert ix.snippet(Term("cccc"), 0, width=10) == "…bb «cccc» dd…"
    # eeee = [20, 24): lo = 17 runs past the end, shifted to [14, 24).
    assert ix.snippet(Term("eeee"), 0, width=10) == "… dddd «eeee»"
    assert ix.snippet(Or("bbbb", "cccc"), 0, width=30) == "aaaa «bbbb» «cccc» dddd eeee"
    assert ix.snippet(Phrase("bbbb cccc"), 0, width=30) == "aaaa «bbbb cccc» dddd eeee"
    assert ix.snippet(Term("zzzz"), 0, width=10) == "aaaa bbbb …"
    # A span longer than the width is shown whole.
    assert ix.snippet(Phrase("aaaa bbbb cccc"), 0, width=5) == "«aaaa bbbb cccc»…"


# --------------------------------------------------------------------------- co-occurrence


EDGE_DOCS = ("x a b", "c d x", "a x a x")
# window 2 around x: doc 0 pos 0 -> a, b; doc 1 pos 2 -> c, d (nothing from doc 2);
# doc 2 pos 1 -> a, a, x; pos 3 -> x, a.  f_xy: a 4, x 2, b 1, c 1, d 1.
# f_x = 4, N = 10, f_y: a 3, b 1, c 1, d 1, x 4.


def test_window_counts_at_document_edges() -> None:
    ix = build(*EDGE_DOCS)
    col = ix.cooccurrence(Term("x"), window=2, measure="count", top=None)
    assert col.terms == ["a", "x", "b", "c", "d"]
    assert col.f_xy.tolist() == [4, 2, 1, 1, 1] and col.f_xy.dtype == np.uint64
    assert col.f_y.tolist() == [3, 4, 1, 1, 1]
    assert col.scores.tolist() == [4.0, 2.0, 1.0, 1.0, 1.0] and col.scores.dtype == np.float64
    assert (col.f_x, col.n_tokens) == (4, 10)
    assert ix.cooccurrence(Term("x"), window=2, measure="count", top=2).terms == ["a", "x"]
    assert ix.cooccurrence(Term("x"), window=2, measure="count", min_count=2).terms == ["a", "x"]


def test_measures_by_hand() -> None:
    ix = build(*EDGE_DOCS)

    def score(measure: str, term: str) -> float:
        col = ix.cooccurrence(Term("x"), window=2, measure=measure, top=None)
        return col.scores[col.terms.index(term)]

    assert score("dice", "x") == pytest.approx(2 * 2 / (4 + 4))
    assert score("logdice", "a") == pytest.approx(14 + math.log2(8 / 7))
    assert score("logdice", "x") == pytest.approx(13.0)
    assert score("mi", "b") == pytest.approx(math.log2(1 * 10 / (4 * 1)))
    assert score("mi3", "a") == pytest.approx(math.log2(64 * 10 / (4 * 3)))
    assert score("tscore", "a") == pytest.approx((4 - 4 * 3 / 10) / 2)  # 1.4
    # G² for a: O = [[4, 0], [0, 6]], E11 = 4*4/10 = 1.6, E22 = 6*6/10 = 3.6.
    assert score("llr", "a") == pytest.approx(2 * (4 * math.log(4 / 1.6) + 6 * math.log(6 / 3.6)))
    assert score("llr", "a") == pytest.approx(13.46023334)
    logdice = ix.cooccurrence(Term("x"), window=2, top=None)  # default measure logdice
    assert logdice.terms == ["a", "x", "b", "c", "d"]  # b, c, d tie: by term


def test_cooccurrence_filter_and_deletes() -> None:
    ix = build(
        {"text": "x a b", "date": "2021-05-01"},
        {"text": "c d x", "date": "2021-06-01"},
        {"text": "a x a x", "date": "2022-01-01"},
    )
    col = ix.cooccurrence(Term("x"), window=2, measure="count", filter=Filter(date_from="2022-01-01"))
    # Only doc 2: a 3 (pos 0, 2 around x@1; pos 2 around x@3), x 2; f_x 2, N 4; f_y within the filter.
    assert col.terms == ["a", "x"] and col.f_xy.tolist() == [3, 2]
    assert col.f_y.tolist() == [2, 2] and (col.f_x, col.n_tokens) == (2, 4)
    ix.delete(2)
    ix.commit()
    col = ix.cooccurrence(Term("x"), window=2, measure="count")
    assert dict(zip(col.terms, col.f_xy.tolist())) == {"a": 1, "b": 1, "c": 1, "d": 1}
    assert (col.f_x, col.n_tokens) == (2, 6)


def test_phrase_and_query_targets() -> None:
    ix = build("a b x y b a", "x q y")
    # Phrase positions {2, 3} excluded; window 2 from first and last: 0..5.
    col = ix.cooccurrence(Phrase("x y"), window=2, measure="count")
    assert dict(zip(col.terms, col.f_xy.tolist())) == {"a": 2, "b": 2} and col.f_x == 1
    col = ix.cooccurrence(Phrase("x y"), window=1, measure="count")
    assert dict(zip(col.terms, col.f_xy.tolist())) == {"b": 2}
    # A query target: every span of the match, in matching documents only (doc 1 here):
    # q@1 sees x@0 and y@2; x@0 sees q; y@2 sees q -> q 2, x 1, y 1; f_x = 3 spans.
    col = ix.cooccurrence(And("q", Or("x", "y")), window=1, measure="count")
    assert dict(zip(col.terms, col.f_xy.tolist())) == {"q": 2, "x": 1, "y": 1} and col.f_x == 3
    # Or(q, x): doc 0 x@2 sees b, y; doc 1 q@1 sees x, y and x@0 sees q.
    col = ix.cooccurrence(Or(Term("q"), Term("x")), window=1, measure="count")
    assert dict(zip(col.terms, col.f_xy.tolist())) == {"y": 2, "b": 1, "q": 1, "x": 1} and col.f_x == 3


def test_document_scope() -> None:
    ix = build("x a b", "c d x", "a x a x", "a b")
    col = ix.cooccurrence(Term("x"), scope="document", measure="count", top=None)
    # Docs with x: 0, 1, 2 (f_x 3, N 4); x itself never lies outside x's own spans.
    assert dict(zip(col.terms, col.f_xy.tolist())) == {"a": 2, "b": 1, "c": 1, "d": 1}
    assert dict(zip(col.terms, col.f_y.tolist())) == {"a": 3, "b": 2, "c": 1, "d": 1}
    assert (col.f_x, col.n_tokens) == (3, 4)


def test_sentence_scope() -> None:
    ix = build("Wir sahen x und eu. Dann b x! c", "ab x\n\nB", "z. B. x")
    col = ix.cooccurrence(Term("x"), scope="sentence", measure="count", top=None)
    # Sentences: [wir sahen x und eu] [dann b x c] ("! c": c is lower case); [ab x] [b];
    # [z b x] (abbreviations).
    assert dict(zip(col.terms, col.f_xy.tolist())) == {
        "wir": 1, "sahen": 1, "und": 1, "eu": 1, "dann": 1, "b": 2, "c": 1, "ab": 1, "z": 1
    }
    assert (col.f_x, col.n_tokens) == (4, 15)


def test_cooccurrence_bad_arguments() -> None:
    ix = build("x a")
    with pytest.raises(ValueError, match="logdice"):
        ix.cooccurrence(Term("x"), measure="pmi")
    with pytest.raises(ValueError, match="document"):
        ix.cooccurrence(Term("x"), scope="paragraph")
    with pytest.raises(ValueError):
        ix.cooccurrence(Term("x"), window=0)
    with pytest.raises(TypeError):
        ix.cooccurrence(Term("x"), top="10")  # type: ignore[arg-type]


def test_cooccurrence_matrix() -> None:
    ix = build(*EDGE_DOCS)
    m = ix.cooccurrence_matrix(["x", "a", "zz"], window=2)
    # [x, x] = 2, [x, a] = 4; around a: doc 0 pos 1 -> x; doc 2 pos 0 -> x, a; pos 2 -> a, x, x.
    assert m.shape == (3, 3)
    assert m.toarray().tolist() == [[2, 4, 0], [4, 2, 0], [0, 0, 0]]
    # Words the index does not hold are analysed: "X" is the term "x".
    assert ix.cooccurrence_matrix(["X", "a"], window=2).toarray().tolist() == [[2, 4], [4, 2]]


# --------------------------------------------------------------------------- timeline and n-grams


def test_timeline_buckets_with_empty_ones() -> None:
    ix = build(
        {"text": "nato", "date": "2022-01-15"},  # a Saturday: ISO week from Mon 2022-01-10
        {"text": "nato", "date": "2022-01-20"},  # week from 2022-01-17
        {"text": "nato", "date": "2022-03-02"},  # week from 2022-02-28
        {"text": "nato"},  # no date: not counted
        {"text": "eu", "date": "2023-01-01"},  # no match
    )
    starts, counts = ix.timeline(Term("nato"), by="month")
    assert starts.dtype == np.dtype("datetime64[D]") and counts.dtype == np.uint32
    assert starts.tolist() == [dt.date(2022, 1, 1), dt.date(2022, 2, 1), dt.date(2022, 3, 1)]
    assert counts.tolist() == [2, 0, 1]
    starts, counts = ix.timeline(Term("nato"), by="week")
    assert starts[0] == np.datetime64("2022-01-10") and starts[-1] == np.datetime64("2022-02-28")
    assert counts.tolist() == [1, 1, 0, 0, 0, 0, 0, 1]
    starts, counts = ix.timeline(Term("nato"), by="year")
    assert starts.tolist() == [dt.date(2022, 1, 1)] and counts.tolist() == [3]
    starts, counts = ix.timeline(Term("nato"), by="day")
    assert len(starts) == 47 and counts.sum() == 3  # 2022-01-15 .. 2022-03-02
    starts, counts = ix.timeline(All(), by="year")
    assert starts.tolist() == [dt.date(2022, 1, 1), dt.date(2023, 1, 1)] and counts.tolist() == [3, 1]
    assert ix.timeline(Term("nix"))[0].tolist() == []
    with pytest.raises(ValueError, match="month"):
        ix.timeline(Term("nato"), by="quarter")


def test_timeline_month_across_new_year() -> None:
    ix = build({"text": "a", "date": "2021-12-31"}, {"text": "a", "date": "2022-02-01"})
    starts, counts = ix.timeline(Term("a"))
    assert starts.tolist() == [dt.date(2021, 12, 1), dt.date(2022, 1, 1), dt.date(2022, 2, 1)]
    assert counts.tolist() == [1, 0, 1]


def test_ngrams() -> None:
    ix = build({"text": "der rote Ball und der rote Ball", "date": "2020-01-01"}, "rote Ball")
    assert ix.ngrams(2, min_count=1) == [
        (("rote", "ball"), 3),
        (("der", "rote"), 2),
        (("ball", "und"), 1),
        (("und", "der"), 1),
    ]  # no ("ball", "rote") across the two documents
    assert ix.ngrams(2, min_count=2, top=1) == [(("rote", "ball"), 3)]
    assert ix.ngrams(2, min_count=1, stopwords=False) == [(("rote", "ball"), 3)]
    assert ix.ngrams(3, min_count=1) == [
        (("der", "rote", "ball"), 2),
        (("ball", "und", "der"), 1),
        (("rote", "ball", "und"), 1),
        (("und", "der", "rote"), 1),
    ]
    assert ix.ngrams(2, min_count=2, filter=Filter(date_from="2019-01-01")) == [
        (("der", "rote"), 2),  # equal counts: by tuple
        (("rote", "ball"), 2),
    ]
    with pytest.raises(ValueError):
        ix.ngrams(0)
    with pytest.raises(ValueError):
        ix.ngrams(2, top=-1)


def test_near_spans_are_the_participating_occurrences() -> None:
    ix = build("a x b y a z z z z b")  # a@0 b@2 a@4 b@9
    # Pairs within 2: (a@0, b@2), (a@4, b@2); b@9 is 5 away from a@4 and takes no part.
    lines = ix.kwic(Near("a", "b", 2), width=0)
    assert [(c.match, c.start) for c in lines] == [("a", 0), ("b", 4), ("a", 8)]
    # Near's score is the sum of both sides' scores.
    near = ix.search(Near("a", "b", 2)).scores[0]
    assert near == pytest.approx(ix.search(Term("a")).scores[0] + ix.search(Term("b")).scores[0], rel=1e-6)
    ix.delete(0)
    ix.commit()
    with pytest.raises(ValueError):
        ix.snippet(Term("a"), 0)


def test_reference_add_many_is_all_or_nothing() -> None:
    """As native: a bad document (a lone surrogate too) adds nothing of its call."""
    from stichwort.backends.python import ReferenceIndex

    ix = ReferenceIndex()
    ix.add_many(["vorher"])
    for bad in (["a", "b", {"txt": 1}], ["a", "b", "c\ud800"], ["a", {"text": "b", "fields": {"k": "\udc00"}}]):
        with pytest.raises(ValueError):
            ix.add_many(bad)
        assert ix.num_docs == 1 and ix.count("a") == 0
    with pytest.raises(ValueError, match="lone surrogate at offset 2"):
        ix.add("ab\ud800")
    assert ix.add("danach") == 1
