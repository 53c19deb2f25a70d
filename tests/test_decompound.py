"""German compound splitting (Analyzer("german", decompound=True)) and the
lexicon step before stemming; rules in README.md ("German compounds")."""

from __future__ import annotations

import unicodedata

import pytest

import stichwort
from conftest import COMPOUNDS_TSV, noun_compounds, require_shared

DC = stichwort.Analyzer("german", decompound=True)
GERMAN = stichwort.Analyzer("german")


def test_gold_precision_and_recall() -> None:
    gold = noun_compounds(require_shared(COMPOUNDS_TSV))
    assert len(gold) > 3000
    splits = [(g, DC.split_compound(w)) for w, g in gold]
    made = [(g, s) for g, s in splits if s]
    exact = sum(1 for g, s in made if s == g)
    precision, recall = exact / len(made), exact / len(gold)
    assert precision >= 0.90, precision
    assert recall >= 0.80, recall


def test_share_of_split_tokens_on_news(gnad_articles: list[tuple[str, str]]) -> None:
    texts = [t for _, t in gnad_articles]
    tokens = split = 0
    for text in texts:
        toks = DC.tokenize(text)
        tokens += sum(1 for t in toks if not t.is_part)
        split += len({t.position for t in toks if t.is_part})
    assert 0.03 <= split / tokens <= 0.08, split / tokens


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Außenministerium", ["außen", "ministerium"]),
        ("Außenministeriums", ["außen", "ministerium"]),
        ("Arbeitsmarkt", ["arbeit", "markt"]),
        ("Bundesregierung", ["bund", "regierung"]),
        ("Bundesregierungen", ["bund", "regierung"]),
        ("Schulbuch", ["schule", "buch"]),
        ("Finanzministerien", ["finanzen", "ministerium"]),
        ("Wochenende", ["woche", "ende"]),
        ("Unternehmen", []),
        ("Millionen", []),
        ("Dollar", []),
        ("Vorsitzende", []),
        ("Aussendung", []),
        ("Regierungen", []),
        ("Mannschaft", []),
        ("Sonntag", []),  # do-not-split list
        ("arbeitsmarkt", []),  # only capitalised words
        ("Wahlamt", ["wahl", "amt"]),  # a three-letter noun of the list
    ],
)
def test_real_cases(word: str, parts: list[str]) -> None:
    assert DC.split_compound(word) == parts


@pytest.mark.parametrize("word", ["Bürgermeister", "Übergangsregierung", "Flüchtlingsheim", "Bundesländer", "Kindergärten"])
def test_split_compound_normalises_like_tokenize(word: str) -> None:
    # A decomposed umlaut (NFD, as macOS file names and some feeds give it)
    # is the same word: split_compound applies NFC as tokenize does.
    nfd = unicodedata.normalize("NFD", word)
    assert nfd != word
    assert DC.split_compound(nfd) == DC.split_compound(word)
    assert [(t.text, t.is_part) for t in DC.tokenize(nfd)] == [(t.text, t.is_part) for t in DC.tokenize(word)]


def test_parts_share_position_and_offsets_and_stem_like_words() -> None:
    text = "Der Arbeitsmarkt des Außenministeriums"
    toks = DC.tokenize(text)
    assert [(t.text, t.position, t.is_part) for t in toks] == [
        ("der", 0, False),
        ("arbeitsmarkt", 1, False),
        ("arbeit", 1, True),
        ("markt", 1, True),
        ("des", 2, False),
        ("aussenministerium", 3, False),
        ("auss", 3, True),
        ("ministerium", 3, True),
    ]
    assert all(text[t.start : t.end] == "Außenministeriums" for t in toks if t.position == 3)
    # "Arbeits-" and "Arbeit" meet; a part's term is the word's own term.
    assert GERMAN.terms("Arbeit Markt Ministeriums Außen") == ["arbeit", "markt", "ministerium", "auss"]


def test_whole_words_unchanged_by_decompounding(gnad_articles: list[tuple[str, str]]) -> None:
    """Phrases, Near, KWIC and co-occurrence read whole words: with parts left
    out, the token stream is exactly the one without decompounding."""
    for _, text in gnad_articles[:200]:
        whole = [(t.text, t.start, t.end, t.position) for t in DC.tokenize(text) if not t.is_part]
        assert whole == [(t.text, t.start, t.end, t.position) for t in GERMAN.tokenize(text) if not t.is_part]


def test_lexicon_step() -> None:
    pairs = [
        ("Gremien", "Gremium"),
        ("Museen", "Museum"),
        ("Themen", "Thema"),
        ("Konten", "Konto"),
        ("Kolleginnen", "Kollegin"),
        ("Finanzministerien", "Finanzministerium"),
        ("Viren", "Virus"),
    ]
    for a, b in pairs:
        assert GERMAN.terms(a) == GERMAN.terms(b), (a, b)
    for a, b in [("Seite", "seit"), ("Seiten", "seit"), ("Kurs", "Kur"), ("Handel", "handeln")]:
        assert GERMAN.terms(a) != GERMAN.terms(b), (a, b)
    assert GERMAN.terms("Seite Seiten Kurs Kurse") == ["seite", "seite", "kurs", "kurs"]
    # Without stemming there is no lexicon step.
    assert stichwort.Analyzer("german", stem=False).terms("Gremien") == ["gremien"]


def test_index_parts_are_postings_at_the_whole_words_position() -> None:
    docs = ["Das Außenministerium teilte mit", "Das Ministerium teilte mit", "Der Arbeitsmarkt"]
    plain, dc = stichwort.Index(analyzer=GERMAN), stichwort.Index(analyzer=DC)
    for ix in (plain, dc):
        ix.add_many(docs)
        ix.commit()
    # A one-word query term finds the whole word and the compounds.
    assert plain.postings("ministerium")[0].tolist() == [1]
    assert dc.postings("ministerium")[0].tolist() == [0, 1]
    assert dc.positions("ministerium", 0).tolist() == [1]
    assert dc.positions("aussenministerium", 0).tolist() == [1]
    # Whole words and document lengths are those without decompounding.
    assert dc.stats()["num_tokens"] == plain.stats()["num_tokens"]
    for term in ("das", "aussenministerium", "teilt", "mit", "arbeitsmarkt"):
        assert dc.postings(term)[0].tolist() == plain.postings(term)[0].tolist()
        for d in plain.postings(term)[0].tolist():
            assert dc.positions(term, d).tolist() == plain.positions(term, d).tolist()
