"""Differential tests of query execution: the native engine against the
pure-Python reference (``stichwort.backends.get("python")``), whose module
docstring defines every query's semantics.

Random small corpora (a small vocabulary so terms and phrases repeat; titles,
dates, sections; deletes, commits and merges, so there are several segments
and deleted documents) and random queries of every kind: identical match
sets and counts, identical top-k order, scores within 1e-4 relative,
identical phrase counts, KWIC lines and snippets, in memory and after
persisting and reopening.
"""

from __future__ import annotations

import datetime as dt
import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stichwort
from stichwort import backends
from stichwort.backends.reference_graphemes import cluster_boundaries
from stichwort.query import All, And, DateRange, FieldValue, Filter, Near, Not, Or, Phrase, Prefix, Term, Wildcard

from grapheme_samples import CLUSTERS
from query_strategies import query_trees

WORDS = ["a", "b", "c", "nato", "haus", "über", "straße", "x1", "b", "a"]
# Separators with grapheme clusters of several code points (emoji sequences,
# flags, Hangul jamo, CR LF, ...), glued to the word before or not, so KWIC
# and snippet cuts fall inside them; one list, as one sampled_from.
PUNCT = [" ", " ", " ", ", ", ". ", " - ", "\n"] + [
    sep for seq in CLUSTERS.values() for sep in (" " + "".join(seq) + " ", "".join(seq) + " ")
]
SECTIONS = ["Inland", "Web", "Sport"]
DAY0 = dt.date(2022, 1, 1)


def texts(words: list[str], seps: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Words, each followed by a separator."""
    return st.lists(st.tuples(st.sampled_from(words), st.sampled_from(seps)), max_size=max_size).map(
        lambda ws: "".join(w + p for w, p in ws)
    )


def docs(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict]:
    """Documents of ``text`` with an optional title, section and date."""
    return st.fixed_dictionaries(
        {"text": text},
        optional={
            "title": text,
            "fields": st.dictionaries(st.sampled_from(["section"]), st.sampled_from(SECTIONS), max_size=1),
            "date": st.integers(0, 30).map(lambda d: (DAY0 + dt.timedelta(days=d)).isoformat()),
        },
    )


text = texts(WORDS, PUNCT, 25)
doc = docs(text)
op = st.one_of(
    st.tuples(st.just("add"), st.lists(doc, min_size=1, max_size=6)),
    st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True)),
    st.tuples(st.just("commit")),
    st.tuples(st.just("merge"), st.integers(1, 3)),
)
ops = st.lists(op, min_size=1, max_size=12)

field = st.sampled_from([None, None, None, "title"])
word = st.sampled_from(WORDS + ["missing", "Nato", "a b", "STRASSE"])
term = st.builds(Term, word, field)
phrase = st.builds(Phrase, st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), st.integers(0, 3), field)
# (Whole words too: a stem need not start with its word, "straße" is strass.
# Several words are a phrase prefix; punctuation around one word is dropped.)
prefix = st.builds(
    Prefix,
    st.sampled_from(
        ["", "n", "st", "Ü", "x", "ha", "q", "Straße", "Häuser", "nato"]
        + ["a b", "nato h", "b-n", "über-Str", "haus-", "-st", "a b c", "x1 a", "b, ", "c a-"]
    ),
    field,
)


# Wildcards anywhere (no wildcard: a Term; only a last '*': a Prefix).
wildcard = st.builds(
    Wildcard,
    st.sampled_from(["*a", "n?to", "*s*", "h*s", "?b", "*ß*", "*STRASSE", "Stra?e", "x?", "*1", "ü*r", "*e?", "a", "nato*", "?*?a"]),
    field,
)


def _positional(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(Near, children, children, st.integers(1, 4)),
        st.builds(lambda cs: Or(*cs), st.lists(children, min_size=1, max_size=2)),
    )


positional = st.recursive(st.one_of(term, phrase, prefix, wildcard), _positional, max_leaves=4)
date_range = st.builds(
    DateRange,
    st.one_of(st.none(), st.integers(0, 30).map(lambda d: DAY0 + dt.timedelta(days=d))),
    st.one_of(st.none(), st.integers(0, 30).map(lambda d: DAY0 + dt.timedelta(days=d))),
)
leaf = st.one_of(
    term, term, phrase, prefix, wildcard, positional, st.just(All()), st.builds(FieldValue, st.just("section"), st.sampled_from(SECTIONS)), date_range
)


def _compound(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(lambda cs: And(*cs), st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda cs: Or(*cs), st.lists(children, min_size=1, max_size=3)),
        st.builds(Not, children, children),
    )


query = st.recursive(leaf, _compound, max_leaves=6)
filters = st.one_of(
    st.none(),
    st.builds(
        Filter,
        date_from=st.one_of(st.none(), st.just(DAY0 + dt.timedelta(days=10))),
        fields=st.one_of(st.none(), st.just({"section": ["Inland", "Web"]})),
    ),
)


def indexed(analyzer: object, texts: list) -> tuple[stichwort.Index, object]:
    """An in-memory native index and a reference index of ``texts``."""
    native = stichwort.Index(analyzer=analyzer)
    ref = backends.get("python", analyzer=analyzer)
    for ix in (native, ref):
        ix.add_many(texts)
    return native, ref


def build(ops_list: list, path: str | None, analyzer: str = "simple") -> tuple[stichwort.Index, object, int]:
    native = stichwort.Index(path, analyzer=analyzer)
    ref = backends.get("python", analyzer=analyzer)
    n = 0
    for o in ops_list:
        if o[0] == "add":
            a = native.add_many(o[1])
            b = ref.add_many(o[1])
            np.testing.assert_array_equal(a, b)
            n += len(o[1])
        elif o[0] == "delete" and n:
            i = int(o[1] * n)
            native.delete(i)
            ref.delete(i)
        elif o[0] == "commit":
            native.commit()
            ref.commit()
        elif o[0] == "merge":
            native.merge(o[1])
    return native, ref, n


def outcome(call):
    try:
        return "ok", call()
    except (stichwort.QueryError, stichwort.SchemaError) as e:
        return "error", type(e)


def same_results(native, ref, q, flt) -> None:
    kind, r = outcome(lambda: ref.match(q, filter=flt))
    if kind == "error":
        with pytest.raises(r):
            native.match(q, filter=flt)
        with pytest.raises(r):
            native.search(q, filter=flt)
        return
    np.testing.assert_array_equal(native.match(q, filter=flt), r, err_msg=str(q))
    assert native.count(q, filter=flt) == len(r)
    for limit in (3, None):
        nh, rh = native.search(q, limit=limit, filter=flt), ref.search(q, limit=limit, filter=flt)
        assert nh.total == rh.total
        assert nh.ids.dtype == np.uint32 and nh.scores.dtype == np.float32
        np.testing.assert_allclose(nh.scores, rh.scores, rtol=1e-4, err_msg=str(q))
        np.testing.assert_array_equal(nh.ids, rh.ids, err_msg=str(q))


def same_concordances(native, ref, q, n) -> None:
    kind, r = outcome(lambda: ref.kwic(q, width=7, limit=20))
    if kind == "error":
        return
    assert native.kwic(q, width=7, limit=20) == r, str(q)
    for line in r:  # each context ends on a grapheme cluster boundary or at the match
        boundaries = cluster_boundaries(ref.document(line.doc_id)["text"])
        first, last = line.start - len(line.left), line.end + len(line.right)
        assert (first == line.start or boundaries[first]) and (last == line.end or boundaries[last]), line
    for d in ref.match(q)[:3].tolist() + ([0] if n and 0 in ref.match(All()) else []):
        assert native.snippet(q, d, width=15) == ref.snippet(q, d, width=15), (str(q), d)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops, st.lists(st.tuples(query, filters), min_size=1, max_size=6))
def test_queries_match_reference(ops_list, queries):
    native, ref, n = build(ops_list, None)
    for q, flt in queries:
        same_results(native, ref, q, flt)
        same_concordances(native, ref, q, n)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops, st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), st.integers(0, 4))
def test_phrase_counts_match_reference(ops_list, words, slop):
    native, ref, _ = build(ops_list, None)
    for got, want in zip(native.phrase_counts(words, slop), ref.phrase_counts(words, slop)):
        np.testing.assert_array_equal(got, want)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops, st.lists(st.tuples(query, filters), min_size=1, max_size=4))
def test_persisted_index_matches_reference(ops_list, queries):
    with tempfile.TemporaryDirectory() as d:
        native, ref, _ = build(ops_list, d + "/ix")
        native.commit()
        ref.commit()
        native.close()
        reopened = stichwort.Index.open(d + "/ix")
        for q, flt in queries:
            same_results(reopened, ref, q, flt)
        reopened.close()


GERMAN_DOCS = [
    {"text": "Die Außenminister trafen sich in Wien zur gemeinsamen Sitzung.", "title": "Gipfel"},
    {"text": "Der Außenminister sagte, die Sitzung sei gemeinsam geplant.", "fields": {"section": "Inland"}},
    {"text": "Straßenbahn und Strasse: die Straße nach Köln ist gesperrt.", "date": "2022-05-01"},
    {"text": "Über den Gipfel der NATO in Brüssel wurde berichtet."},
    {"text": "Ein Gipfel, zwei Gipfel: die Gipfeltreffen der Minister."},
    {"text": "Die Corona-Pandemie und der Ukraine-Krieg prägen den Gipfel.", "title": "Coronapandemie"},
    {"text": "Nach der Coronapandemie kam die Klimakrise, nach der Corona-Pandemie der Ukrainekrieg."},
    {"text": "Corona Pandemie, Klima-Krise: eine E-Mail an das Nord-Süd-Gefälle."},
]
GERMAN_QUERIES = [
    "Außenministers",
    '"gemeinsame Sitzung"',
    '"gemeinsamen sitzung"~3',
    "strasse OR straße",
    "gipfel AND NOT nato",
    "auß*",
    "stra*",
    "title:gipfel",
    Near("gipfel", "nato", 3),
    '"der nato"',
    "über",
    "Corona-Pandemie",
    "Coronapandemie",
    "title:Corona-Pandemie",
    '"Corona-Pandemie"',
    '"die Corona-Pandemie"',
    "Ukraine-Krieg OR Klima-Krise",
    "Klimakrise",
    "Email",
    "Nord-Süd-Gefälle",
    Near("Corona-Pandemie", "Ukrainekrieg", 6),
    Near("Coronapandemie", "Ukraine-Krieg", 6),
]


@pytest.mark.parametrize("q", GERMAN_QUERIES, ids=str)
def test_german_analyzer_matches_reference(q):
    native, ref = indexed("german", GERMAN_DOCS)
    np.testing.assert_array_equal(native.match(q), ref.match(q))
    nh, rh = native.search(q, limit=None), ref.search(q, limit=None)
    np.testing.assert_array_equal(nh.ids, rh.ids)
    np.testing.assert_allclose(nh.scores, rh.scores, rtol=1e-4)
    assert native.kwic(q, width=10) == ref.kwic(q, width=10)
    for d in ref.match(q).tolist():
        assert native.snippet(q, d, width=30) == ref.snippet(q, d, width=30)


def test_decomposed_characters_highlight_right():
    # "Straße" with a decomposed "ü" before it: offsets are into the original string.
    text = "Mu\u0308ller geht u\u0308ber die Straße nach Köln"
    native, ref = indexed("simple", [text])
    for q in ["müller", "über", "straße", '"über die straße"', "kö*"]:
        assert native.kwic(q, width=5) == ref.kwic(q, width=5)
        assert native.snippet(q, 0, width=12) == ref.snippet(q, 0, width=12)
    line = native.kwic("über")[0]
    assert line.match == "u\u0308ber" and text[line.start : line.end] == line.match


def test_cuts_keep_decomposed_letters_whole():
    # A context or window cut never parts a letter from its combining marks:
    # "Ko\u0308ln" cut after its "o" showed "Ko", and a cut before the mark
    # began the left context with a bare U+0308.
    text = "Die Stadt Mu\u0308nchen und Wien und Ko\u0308ln"
    native, ref = indexed("german", [text])
    for ix in (native, ref):
        assert [(c.left, c.right) for c in ix.kwic("Wien", width=7)] == [("en und ", " und K")]
        assert [(c.left, c.right) for c in ix.kwic("Wien", width=8)] == [("hen und ", " und Ko\u0308")]
        assert [(c.left, c.right) for c in ix.kwic("Wien", width=11)] == [("nchen und ", " und Ko\u0308ln")]
        assert ix.snippet("Wien", 0, width=17) == "…n und «Wien» und K…"
        assert ix.snippet("Wien", 0, width=25) == "…nchen und «Wien» und Ko\u0308ln"
        assert ix.snippet("nato", 0, width=12) == "Die Stadt M…"
    for width in range(0, 40):
        assert native.kwic("Wien OR Köln OR München", width=width) == ref.kwic("Wien OR Köln OR München", width=width)
        for q in ("Wien", "Köln", "München", "nato"):
            assert native.snippet(q, 0, width=width + 1) == ref.snippet(q, 0, width=width + 1), (q, width)


# Hyphenated runs, their words and their closed forms: a closed query word
# finds a run through its catenated part (README, german,
# catenate_compounds), and KWIC lines and snippets show the run whole.
RUN_WORDS = [
    "Klima-Erwärmung", "Klimaerwärmung", "Klima", "Erwärmung", "Nord-Süd-Gefälle", "Nordsüdgefälle", "Nord-Süd",
    "Nordsüd", "Süd", "Gefälle", "die", "voran",
]
_run_leaf = st.one_of(
    # The closed forms again: the words under test.
    st.builds(Term, st.sampled_from(RUN_WORDS + ["Klimaerwärmung", "Nordsüdgefälle", "Nordsüd"])),
    st.builds(Phrase, st.lists(st.sampled_from(RUN_WORDS), min_size=1, max_size=2), st.integers(0, 1)),
    st.builds(Prefix, st.sampled_from(["klima", "Klimaerwärmung", "nord", "Süd"])),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.booleans(),
    # "-" joins the words before and after it into another run.
    st.lists(texts(RUN_WORDS, [" ", " ", " ", ", ", "-", ". "], 8), min_size=1, max_size=5),
    st.lists(query_trees(_run_leaf, max_leaves=5), min_size=1, max_size=4),
)
def test_closed_words_highlight_runs_as_reference(decompound, bodies, queries):
    native, ref = indexed(stichwort.Analyzer("german", decompound=decompound), bodies)
    for q in queries:
        same_results(native, ref, q, None)
        same_concordances(native, ref, q, len(bodies))


# Stop words dropped by the analyzer: a clause left without terms is left
# out of the And, Or or Not around it (as Lucene does), alone it matches
# nothing; phrases keep the stop words' gaps.
STOP_MIX = ["der", "die", "und", "nato", "haus", "kanzler", "a"]
_stop_leaf = st.one_of(
    st.builds(Term, st.sampled_from(STOP_MIX + ["der die", ", "])),
    st.builds(Phrase, st.lists(st.sampled_from(STOP_MIX), min_size=1, max_size=3), st.integers(0, 2)),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(STOP_MIX), max_size=15).map(" ".join), min_size=1, max_size=8),
    st.lists(query_trees(_stop_leaf, near_operand=lambda q: isinstance(q, (Term, Phrase, Or))), min_size=1, max_size=5),
)
def test_clauses_without_terms_match_reference(texts, queries):
    native, ref = indexed(stichwort.Analyzer("german", stopwords=True), texts)
    for ix in (native, ref):
        ix.commit()
    for q in queries:
        same_results(native, ref, q, None)
        same_concordances(native, ref, q, len(texts))


def test_clauses_without_terms_are_left_out():
    native = stichwort.Index(analyzer=stichwort.Analyzer("german", stopwords=True))
    native.add_many(["Die Regierung und der Kanzler", "der Kanzler reist", "die Regierung tagt"])
    native.commit()
    assert native.match("der Kanzler").tolist() == [0, 1]
    assert native.match("Kanzler NOT der").tolist() == [0, 1]
    assert native.match("der").tolist() == []
    np.testing.assert_array_equal(native.search("der Kanzler").scores, native.search("Kanzler").scores)


# Adversarial German text: decomposed umlauts, ẞ/ß, ligatures, full-width
# letters, soft hyphens, zero-width characters, dashes, apostrophes, numbers
# with separators, abbreviations, emoji, other scripts; every German option.
ADV_WORDS = [
    "Straße", "STRAẞE", "Strasse", "Mu\u0308nchen", "München", "ﬁnanzen", "Ｍünchen", "Bundes\u00adregierung",
    "E-Mail", "US-Präsident", "-Wende", "Merkel’s", "z.B.", "Dr.", "1.000,50", "2022/23", "😀", "İstanbul",
    "ΟΔΟΣ", "e\u0301\u0327", "Außenministerium", "Ministerium", "Häuser", "der", "die", "und", "nato", "NATO",
    "Corona-Pandemie", "Coronapandemie", "Corona", "Email", "Nord-Süd-Gefälle", "Covid-19", "Hin-und-Her",
]
ADV_SEPS = [" ", " ", ". ", ", ", "\n", "\n\n", " – ", "\u00a0", "\u200b", "\u200d", "\ufeff", "-", "! ", "'"]
adv_text = texts(ADV_WORDS, ADV_SEPS, 12)
adv_doc = docs(adv_text)
adv_ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.lists(adv_doc, min_size=1, max_size=5)),
        st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True)),
        st.tuples(st.just("commit")),
    ),
    min_size=1,
    max_size=8,
)
adv_analyzer = st.one_of(
    st.just("simple"),
    st.builds(
        lambda *o: stichwort.Analyzer(
            "german", stem=o[0], stopwords=o[1], fold_umlauts=o[2], decompound=o[3], catenate_compounds=o[4]
        ),
        st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans(),
    ),
)
adv_word = st.sampled_from(
    ADV_WORDS + ["u\u0308ber", "strasse", "MÜNCHEN", "e-mail", "missing", "corona-Pandemie", "Nord-Süd", "Süd-Gefälle"]
)
adv_leaf = st.one_of(
    st.builds(Term, adv_word, field),
    st.builds(Phrase, st.lists(adv_word, min_size=1, max_size=3), st.integers(0, 2), field),
    st.builds(Prefix, st.sampled_from(["", "stra", "STRAẞ", "Mu\u0308n", "mün", "ﬁ", "i\u0307", "ο", "1", "au"]), field),
    st.builds(
        Wildcard,
        st.sampled_from(
            ["*straße", "STRA?E", "*ü*", "M?n*", "*ﬁ*", "*pandemie", "Corona*e", "*ministerium", "*İst*", "*ο?", "*häuser"]
            + ["Mu\u0308n*n", "*erium*", "*ei?", "*ungen", "E?mail"]
        ),
        field,
    ),
    st.builds(FieldValue, st.just("section"), st.sampled_from(SECTIONS)),
    date_range,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adv_analyzer, adv_ops, st.lists(st.tuples(query_trees(adv_leaf, max_slop=3), filters, st.booleans()), min_size=1, max_size=5))
def test_adversarial_text_matches_reference(analyzer, ops_list, queries):
    native = stichwort.Index(analyzer=analyzer)
    ref = backends.get("python", analyzer=analyzer)
    n = 0
    for o in ops_list:
        if o[0] == "add":
            np.testing.assert_array_equal(native.add_many(o[1]), ref.add_many(o[1]))
            n += len(o[1])
        elif o[0] == "delete" and n:
            native.delete(int(o[1] * n))
            ref.delete(int(o[1] * n))
        else:
            native.commit()
            ref.commit()
    for q, flt, as_string in queries:
        # The query language form too, where the tree has one (str(q) round-trips).
        if as_string:
            try:
                q = str(q)
            except ValueError:
                pass
        same_results(native, ref, q, flt)
        same_concordances(native, ref, q, n)
