"""Queries on a decompounding index (docs/german.md): a one-word query also
finds the compounds; phrases, Near, KWIC and co-occurrence see whole words
only, so they return exactly what they return without decompounding."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stichwort
from stichwort import Analyzer, Index, Near, Phrase, Term

SMALL = [
    "das Außenministerium teilte mit",
    "das Finanzministerium prüft die Arbeitsmarktreform",
    "das Ministerium prüft den neuen Arbeitsmarkt",
    "der Arbeitsmarkt und die neue Arbeitsmarktreform",
    "ein Ministerium ohne Reform",
]


def build(texts: list[str], decompound: bool) -> Index:
    ix = Index(analyzer=Analyzer("german", decompound=decompound))
    ix.add_many(texts)
    ix.commit()
    return ix


@pytest.fixture(scope="module")
def small() -> tuple[Index, Index]:
    return build(SMALL, False), build(SMALL, True)


def ids(ix: Index, q: stichwort.Query | str) -> list[int]:
    return [int(i) for i in ix.match(q)]


def counts(ix: Index, words: list[str], slop: int) -> tuple[list[int], list[int]]:
    i, c = ix.phrase_counts(words, slop=slop)
    return [int(x) for x in i], [int(x) for x in c]


def kwic(ix: Index, q: stichwort.Query | str) -> list[tuple[int, str, str, str]]:
    return [(c.doc_id, c.left, c.match, c.right) for c in ix.kwic(q, width=30, limit=None)]


def test_one_word_query_finds_compounds(small: tuple[Index, Index]) -> None:
    plain, split = small
    assert ids(split, "Ministerium") == [0, 1, 2, 4]
    assert ids(plain, "Ministerium") == [2, 4]
    assert ids(split, "Reform") == [1, 3, 4]
    assert ids(split, Term("Markt")) == [2, 3]
    # KWIC of a one-word query shows the whole compounds it matched.
    assert [c.match for c in split.kwic("Ministerium", limit=None)] == [
        "Außenministerium", "Finanzministerium", "Ministerium", "Ministerium"]


def test_phrases_near_and_kwic_see_whole_words(small: tuple[Index, Index]) -> None:
    plain, split = small
    queries: list[stichwort.Query] = [
        Phrase("das Ministerium"), Phrase("das Ministerium", slop=2), Phrase("neue Arbeitsmarkt"),
        Phrase("neuen Arbeitsmarkt"), Phrase("die Reform", slop=3), Phrase("Ministerium ohne Reform"),
        Near("das", "Ministerium", 1), Near("Ministerium", "Reform", 3), Near(Phrase("das Ministerium"), "prüft", 2),
    ]
    for q in queries:
        assert ids(split, q) == ids(plain, q), q
        assert kwic(split, q) == kwic(plain, q), q
        assert split.count(q) == plain.count(q), q
    assert ids(split, Phrase("das Ministerium")) == [2]
    assert ids(split, Near("die", "Reform", 2)) == []
    assert counts(split, ["das", "Ministerium"], 1) == counts(plain, ["das", "Ministerium"], 1)


def test_document_lengths_are_positions(small: tuple[Index, Index]) -> None:
    plain, split = small
    assert split.stats()["num_tokens"] == plain.stats()["num_tokens"]
    # A term no compound holds scores the same: equal lengths and average length.
    for word in ["prüft", "das", "neue"]:
        a, b = plain.search(word, limit=None), split.search(word, limit=None)
        assert list(a.ids) == list(b.ids) and list(a.scores) == list(b.scores), word


def test_cooccurrence_target_sees_whole_words(small: tuple[Index, Index]) -> None:
    plain, split = small
    for target in ["Ministerium", Phrase("das Ministerium")]:
        a = plain.cooccurrence(target, window=2, measure="count", min_count=1)
        b = split.cooccurrence(target, window=2, measure="count", min_count=1)
        assert list(a.terms) == list(b.terms)
        assert list(a.f_xy) == list(b.f_xy)


# -- 10kGNAD: phrases drawn from the articles ------------------------------------

@pytest.fixture(scope="module")
def gnad(gnad_articles: list[tuple[str, str]]) -> tuple[list[str], Index, Index]:
    texts = [t for _, t in gnad_articles]
    return texts, build(texts, False), build(texts, True)


def drawn_phrases(texts: list[str], n: int, seed: int) -> list[list[str]]:
    """Phrases of 2-3 words from the articles, each holding a long capitalised
    word (a likely compound)."""
    rng = random.Random(seed)
    out: list[list[str]] = []
    while len(out) < n:
        words = re.findall(r"\w+", rng.choice(texts))
        starts = [i for i, w in enumerate(words) if len(w) >= 10 and w[0].isupper() and i > 0]
        if not starts:
            continue
        i = rng.choice(starts)
        out.append(words[i - 1:i + rng.randint(1, 2)])
    return out


def test_gnad_phrases_match_exactly_as_without_decompounding(gnad: tuple[list[str], Index, Index]) -> None:
    texts, plain, split = gnad
    phrases = drawn_phrases(texts, 40, 7)
    # The compound's head alone after the preceding word: the case decompounding would spoil.
    heads = [[ws[0], Analyzer("german").split_compound(ws[1])[-1].capitalize()] for ws in phrases
             if len(Analyzer("german").split_compound(ws[1])) > 1]
    assert len(heads) >= 10
    spoilable = 0
    for ws in phrases + heads:
        for slop in (0, 2):
            q = Phrase(ws, slop=slop)
            got = ids(split, q)
            assert got == ids(plain, q), (ws, slop)
            spoilable += len(set(ids(split, Term(ws[-1]))) - set(ids(plain, Term(ws[-1]))))
        assert counts(split, ws, 1) == counts(plain, ws, 1), ws
        near = Near(ws[0], ws[-1], 3)
        assert ids(split, near) == ids(plain, near), ws
    # The one-word queries do find more documents with decompounding.
    assert spoilable > 0
    for ws in phrases[:10]:
        assert kwic(split, Phrase(ws)) == kwic(plain, Phrase(ws)), ws


def test_gnad_lengths_identical(gnad: tuple[list[str], Index, Index]) -> None:
    _, plain, split = gnad
    assert split.stats()["num_tokens"] == plain.stats()["num_tokens"]
    q = Phrase("der Bundesregierung")
    assert [h for h in split.search(q, limit=None).ids] == [h for h in plain.search(q, limit=None).ids]


# -- hypothesis: sentences from a compound-rich vocabulary -----------------------

VOCAB = ["das", "die", "neue", "Ministerium", "Außenministerium", "Finanzministerium", "Arbeitsmarkt",
         "Arbeitsmarktreform", "Reform", "Markt", "Arbeit", "Bundesregierung", "Regierung", "Bund", "und"]


@settings(max_examples=40, deadline=None)
@given(docs=st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=12), min_size=1, max_size=12),
       phrase=st.lists(st.sampled_from(VOCAB), min_size=2, max_size=3), slop=st.integers(0, 3),
       distance=st.integers(1, 4))
def test_generated_phrases_match_exactly(docs: list[list[str]], phrase: list[str], slop: int,
                                         distance: int) -> None:
    texts = [" ".join(d) for d in docs]
    plain, split = build(texts, False), build(texts, True)
    for q in [Phrase(phrase, slop=slop), Near(phrase[0], phrase[1], distance),
              Near(Phrase(phrase[:2]), phrase[-1], distance)]:
        assert ids(split, q) == ids(plain, q), q
        assert kwic(split, q) == kwic(plain, q), q
    assert counts(split, phrase, slop) == counts(plain, phrase, slop)
    assert split.stats()["num_tokens"] == plain.stats()["num_tokens"]
