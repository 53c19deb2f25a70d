"""Hyphenated and closed compounds meet (README, german, ``catenate_compounds``):
"Corona-Pandemie" and "Coronapandemie" find each other in every call that
runs a query, while lengths, positions, phrases and counts of whole words
stay those without the option."""

from __future__ import annotations

import numpy as np
import pytest

import stichwort
from stichwort import Near, Not, Or, Phrase, Prefix, Term
from stichwort.backends.python import ReferenceIndex

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


RUNS = [
    {"text": "Die Klima-Erwärmung schreitet voran."},  # 0
    {"text": "Klima-Erwärmung"},  # 1: the run is the whole text
    {"text": "Das Nord-Süd-Gefälle und der Süden"},  # 2: three parts
    {"text": "Die Klimaerwärmung"},  # 3: closed
    {"text": "Nichts davon.", "title": "Die Klima-Erwärmung"},  # 4: in the title only
]


@pytest.fixture(params=["native", "reference"])
def runs(request: pytest.FixtureRequest) -> stichwort.Index | ReferenceIndex:
    ix = stichwort.Index(analyzer=GERMAN) if request.param == "native" else ReferenceIndex(analyzer=GERMAN)
    ix.add_many(RUNS)
    ix.commit()
    return ix


def test_a_closed_word_highlights_the_run_it_matched(runs: stichwort.Index | ReferenceIndex) -> None:
    """README, "kwic": a one-word Term or Phrase that matched a hyphenated run
    through its closed form shows the run whole; nothing else does."""

    def lines(q: stichwort.Query | str, width: int = 4) -> list[tuple[int, str, str, str]]:
        return [(c.doc_id, c.left, c.match, c.right) for c in runs.kwic(q, width=width, limit=None)]

    found = [
        (0, "Die ", "Klima-Erwärmung", " sch"), (1, "", "Klima-Erwärmung", ""), (3, "Die ", "Klimaerwärmung", "")
    ]
    klima = [(0, "Die ", "Klima", "-Erw"), (1, "", "Klima", "-Erw")]
    assert lines("Klimaerwärmung") == lines(Phrase(["Klimaerwärmung"])) == lines("Klima-Erwärmung") == found
    # One line per span: the run once, whichever clause found it.
    assert lines("Klima OR Klimaerwärmung") == lines(Or("Klimaerwärmung", Term("Klima"))) == found
    assert lines("Klima") == klima
    # Only where the closed word's clause matches the document.
    assert lines(Or("Klima", Not("Klimaerwärmung", "voran"))) == [klima[0], *found[1:]]
    # Phrases of several words, prefixes and Near read whole words.
    assert lines('"die Klimaerwärmung"') == [(3, "", "Die Klimaerwärmung", "")]
    assert lines(Prefix("klima")) == [*klima, found[2]]
    assert lines(Near("Klimaerwärmung", "voran", 3)) == []
    assert lines("Nordsüdgefälle OR Süd") == [
        (2, "Das ", "Nord-Süd-Gefälle", " und"), (2, "ord-", "Süd", "-Gef"), (2, "der ", "Süden", "")
    ]
    # The width cuts the contexts, never the run; offsets are the run's.
    assert lines("Nordsüdgefälle", width=0) == [(2, "", "Nord-Süd-Gefälle", "")]
    first = runs.kwic("Klimaerwärmung", limit=1)[0]
    assert (first.start, first.end) == (4, 19)
    # Titles are never shown.
    assert lines(Term("Klimaerwärmung", field="title")) == []
    assert runs.snippet(Term("Klimaerwärmung", field="title"), 4, width=8) == "Nichts d…"


def test_a_snippet_marks_the_run_it_matched(runs: stichwort.Index | ReferenceIndex) -> None:
    assert runs.snippet("Klimaerwärmung", 0, width=40) == "Die «Klima-Erwärmung» schreitet voran."
    assert runs.snippet("Klimaerwärmung", 1, width=40) == "«Klima-Erwärmung»"
    # A run longer than the width is the window.
    assert runs.snippet("Klimaerwärmung", 0, width=5) == "…«Klima-Erwärmung»…"
    assert runs.snippet("Klima", 0, width=5) == "…«Klima»…"
    # Overlapping matches are one mark.
    assert runs.snippet("Nordsüdgefälle OR Süd", 2, width=30) == "Das «Nord-Süd-Gefälle» und der S…"


def test_cooccurrence_of_a_closed_word_reads_whole_words(runs: stichwort.Index | ReferenceIndex) -> None:
    # A target's occurrences are whole words: the runs are none.
    c = runs.cooccurrence("Klimaerwärmung", window=2, measure="count", min_count=1, top=None)
    assert (c.f_x, c.terms) == (1, ["die"])


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
