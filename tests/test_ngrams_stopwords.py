"""``ngrams(stopwords=False)`` on analyzers that rewrite stop words.

The German analyzer stems and folds ("für" -> "fur", "unter anderem" ->
"unt and", "werden" -> "werd"), so a stop word is recognised by the term the
index's analyzer makes of it, not by its spelling; and a content word whose
stem happens to be spelled like a stop word ("Änderung" -> "ander") stays.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stichwort
from stichwort._core import GERMAN_STOP_WORDS
from stichwort.backends.python import ReferenceIndex

NEWS = [
    "Unter anderem werden Flüchtlinge für alle Länder erwartet.",
    "Die Änderung der Verfassung kommt immer wieder zur Sprache.",
    "Über die Änderung der Verfassung wird unter anderem morgen beraten.",
]
ANALYZERS = [
    "simple",
    "german",
    stichwort.Analyzer("german", stem=False, fold_umlauts=True),
    stichwort.Analyzer("german", stopwords=True),
]


def stop_terms(analyzer: object) -> set[str]:
    a = stichwort.Analyzer(analyzer) if isinstance(analyzer, str) else analyzer
    return {t.text for w in GERMAN_STOP_WORDS for t in a.tokenize(w) if not t.is_part}


@pytest.mark.parametrize("analyzer", ANALYZERS, ids=str)
@pytest.mark.parametrize("backend", ["native", "python"])
def test_no_ngram_holds_an_analysed_stop_word(analyzer: object, backend: str) -> None:
    ix = stichwort.Index(analyzer=analyzer) if backend == "native" else ReferenceIndex(analyzer=analyzer)
    ix.add_many(NEWS)
    ix.commit()
    stops = stop_terms(analyzer)
    for n in (1, 2, 3):
        grams = ix.ngrams(n, min_count=1, top=None, stopwords=False)
        assert not [g for g, _ in grams if set(g) & stops]


def test_german_news_bigrams_without_stop_words() -> None:
    ix = stichwort.Index(analyzer="german")
    ix.add_many(NEWS)
    bigrams = [g for g, _ in ix.ngrams(2, min_count=1, top=None, stopwords=False)]
    # "unter anderem", "immer wieder", "für alle": stop words only
    assert {("unt", "and"), ("imm", "wied"), ("fur", "all")}.isdisjoint(bigrams)
    assert ("land", "erwartet") in bigrams
    # "Änderung" is stemmed to "ander", the spelling of the stop word "ander" (whose term is "and")
    words = [g[0] for g, _ in ix.ngrams(1, min_count=1, top=None, stopwords=False)]
    assert "ander" in words and "verfass" in words


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["für", "Über", "unter", "anderem", "Änderung", "werden", "Haus", "alle", "die"]), max_size=12),
        min_size=1,
        max_size=6,
    )
)
def test_equals_reference_on_stop_word_heavy_text(docs: list[list[str]]) -> None:
    texts = [" ".join(d) for d in docs]
    for analyzer in ("german", "simple"):
        native, ref = stichwort.Index(analyzer=analyzer), ReferenceIndex(analyzer=analyzer)
        native.add_many(texts)
        ref.add_many(texts)
        for n in (1, 2, 3):
            kw = {"min_count": 1, "top": None, "stopwords": False}
            assert native.ngrams(n, **kw) == ref.ngrams(n, **kw)
