"""Hyphenated and closed compounds meet (README, german, ``catenate_compounds``):
"Corona-Pandemie" and "Coronapandemie" find each other in every call that
runs a query, while lengths, positions, phrases and counts of whole words
stay those without the option."""

from __future__ import annotations

import numpy as np

import stichwort
from stichwort import Near, Phrase, Term

GERMAN = stichwort.Analyzer("german")
WITHOUT = stichwort.Analyzer("german", catenate_compounds=False)

DOCS = [
    "Die Corona-Pandemie trifft die Schulen hart.",  # 0: hyphenated
    "Die Coronapandemie trifft die Kliniken hart.",  # 1: closed
    "Corona Pandemie, schrieb er, ohne Bindestrich.",  # 2: two words
    "Erst die Coronapandemie, dann wieder die Corona-Pandemie.",  # 3: both
    "Die Pandemie und Corona im Nord-Süd-Gefälle, per E-Mail.",  # 4: neither
]


def index(analyzer: stichwort.Analyzer = GERMAN, docs: list[str] = DOCS) -> stichwort.Index:
    ix = stichwort.Index(analyzer=analyzer)
    ix.add_many(docs)
    ix.commit()
    return ix


def test_the_hyphenated_word_finds_both_spellings_and_the_closed_word_the_hyphenated() -> None:
    ix = index()
    assert ix.match("Corona-Pandemie").tolist() == [0, 1, 2, 3]
    assert ix.match(Term("Corona-Pandemie")).tolist() == [0, 1, 2, 3]
    assert ix.match("Coronapandemie").tolist() == [0, 1, 3]
    assert ix.count("Coronapandemie") == 3
    assert ix.match("Nordsüdgefälle").tolist() == ix.match("Nord-Süd-Gefälle").tolist() == [4]
    assert ix.match("Email").tolist() == [4]
    # Without the option each spelling finds only itself.
    old = index(WITHOUT)
    assert old.match("Corona-Pandemie").tolist() == [0, 2, 3]
    assert old.match("Coronapandemie").tolist() == [1, 3]


def test_each_spelling_is_scored_once() -> None:
    """The hyphenated query word is its phrase OR the closed word (whole
    words only): a hyphenated document is not counted twice, and one with
    both spellings scores highest."""
    ix = index()
    hits = ix.search("Corona-Pandemie", limit=None)
    assert hits.ids[0] == 3
    by_id = dict(zip(hits.ids.tolist(), hits.scores.tolist()))
    phrase = ix.search('"Corona-Pandemie"', limit=None)
    phrase_only = dict(zip(phrase.ids.tolist(), phrase.scores.tolist()))
    assert by_id[0] == phrase_only[0] and by_id[2] == phrase_only[2]
    assert by_id[3] > phrase_only[3]


def test_quoted_phrases_keep_the_parts_at_their_positions() -> None:
    ix = index()
    assert ix.match('"Corona-Pandemie"').tolist() == [0, 2, 3]
    assert ix.match('"die Corona-Pandemie trifft"').tolist() == [0]
    assert ix.match(Phrase(["Corona-Pandemie", "trifft"])).tolist() == [0]
    assert ix.match('"die Coronapandemie trifft"').tolist() == [1]
    # The closed form at the first part's position is no whole word to a phrase.
    assert ix.match('"Coronapandemie trifft"').tolist() == [1]
    assert ix.match('"die Coronapandemie"').tolist() == [1, 3]


def test_kwic_and_snippets_show_the_spelling_found() -> None:
    ix = index()
    assert [(c.doc_id, c.match) for c in ix.kwic("Corona-Pandemie")] == [
        (0, "Corona-Pandemie"),
        (1, "Coronapandemie"),
        (2, "Corona Pandemie"),
        (3, "Coronapandemie"),
        (3, "Corona-Pandemie"),
    ]
    assert ix.snippet("Corona-Pandemie", 1, width=30).startswith("Die «Coronapandemie» trifft")
    assert ix.snippet("Corona-Pandemie", 0, width=30).startswith("Die «Corona-Pandemie» trifft")


def test_near_and_cooccurrence_targets_take_both_spellings() -> None:
    ix = index()
    assert ix.match(Near("Corona-Pandemie", "hart", 4)).tolist() == [0, 1]
    assert ix.match(Near("Coronapandemie", "hart", 4)).tolist() == [1]
    c = ix.cooccurrence("Corona-Pandemie", window=3, measure="count", min_count=1, top=None)
    counts = dict(zip(c.terms, c.f_xy.tolist()))
    assert c.f_x == 5 and counts["trifft"] == 2 and counts["schul"] == 1 and counts["klinik"] == 1
    # The parts of the hyphenated spelling are the occurrence, not collocates.
    assert "pandemi" not in counts or counts["pandemi"] == 0


def test_lengths_positions_and_counts_of_whole_words_are_unchanged(gnad_articles: list[tuple[str, str]]) -> None:
    texts = [text for _, text in gnad_articles[:300]]
    on, off = index(GERMAN, texts), index(WITHOUT, texts)
    assert sum("-" in t for t in texts) > 100
    assert on.stats()["num_tokens"] == off.stats()["num_tokens"]
    assert on.stats()["vocab_size"] > off.stats()["vocab_size"]
    for n in (1, 2, 3):
        np.testing.assert_equal(on.ngrams(n, min_count=2), off.ngrams(n, min_count=2))
    for target in ("Regierung", '"in der"', "SPÖ"):
        a = on.cooccurrence(target, window=4, measure="count", top=None)
        b = off.cooccurrence(target, window=4, measure="count", top=None)
        assert (a.terms, a.f_xy.tolist(), a.f_y.tolist(), a.f_x, a.n_tokens) == (
            b.terms, b.f_xy.tolist(), b.f_y.tolist(), b.f_x, b.n_tokens
        ), target
    for words in (["in", "der"], ["die", "regierung"]):
        np.testing.assert_array_equal(on.phrase_counts(words)[1], off.phrase_counts(words)[1])
    # Whole-word tokens (the forward index) are those without the option.
    for text in texts[:50]:
        assert [t for t in GERMAN.tokenize(text) if not t.is_part] == WITHOUT.tokenize(text)
