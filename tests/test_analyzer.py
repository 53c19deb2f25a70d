"""The Rust analyzer against the pure-Python definition, and its German rules."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stichwort
from stichwort import _core
from stichwort.backends.reference_analysis import german_tokens, simple_terms, simple_tokens

SIMPLE = stichwort.Analyzer("simple")

# Characters both the core's tables and this Python know: all of Python's
# assigned characters when the Unicode versions match (Python 3.11), else
# those already assigned in Unicode 3.2.
if unicodedata.unidata_version == _core.UNICODE_VERSION:
    def known(c: str) -> bool:
        return unicodedata.category(c) != "Cn"
else:  # pragma: no cover - other Python versions
    def known(c: str) -> bool:
        return unicodedata.ucd_3_2_0.category(c) != "Cn"

unicode_text = st.text(
    st.characters(blacklist_categories=("Cs",)).filter(known)
    | st.sampled_from("aäöüßẞΣİ \u0308\u0301\u0323-.,\u200b\u1100\u1161\u11a8\u0a59"),
    max_size=60,
)


def rust_tokens(a: stichwort.Analyzer, text: str) -> list[tuple[str, int, int, int]]:
    return [(t.text, t.start, t.end, t.position) for t in a.tokenize(text)]


@settings(max_examples=1500, deadline=None)
@given(unicode_text)
def test_simple_matches_reference_on_arbitrary_unicode(text: str) -> None:
    assert rust_tokens(SIMPLE, text) == simple_tokens(text)
    assert SIMPLE.terms(text) == simple_terms(text)


def test_every_character_like_python() -> None:
    """Exhaustive: every known character alone, and every alphanumeric in
    each Final_Sigma context."""
    chars = [chr(cp) for cp in range(0x110000) if (0xD800 > cp or cp > 0xDFFF)]
    chars = [c for c in chars if known(c)]
    texts = chars + [f.format(c) for c in chars if c.isalnum() for f in ("a{}Σ", "{}Σ", "Σ{}a")]
    assert SIMPLE.terms_batch(texts) == [simple_terms(t) for t in texts]


def test_all_gnad_articles_token_for_token(gnad_articles: list[tuple[str, str]]) -> None:
    assert len(gnad_articles) == 1028
    for _, text in gnad_articles:
        assert rust_tokens(SIMPLE, text) == simple_tokens(text)


def test_readme_examples() -> None:
    g = stichwort.Analyzer("german")
    assert SIMPLE.terms("des Außenministeriums") == ["des", "außenministeriums"]
    assert g.terms("des Außenministeriums") == ["des", "aussenministerium"]
    assert SIMPLE.terms("STRAẞE") == ["straße"]
    assert g.terms("STRAẞE") == ["strass"]
    assert SIMPLE.terms("Nord-Süd-Gefälle") == ["nord", "süd", "gefälle"]
    # The closed form follows the first part, at its position (catenate_compounds).
    assert g.terms("Nord-Süd-Gefälle") == ["nord", "nordsudgefall", "sud", "gefall"]
    assert SIMPLE.terms("GPA-djp") == ["gpa", "djp"]
    assert g.terms("3,5 Prozent") == ["3", "5", "prozent"]
    assert g.terms("am 18. Januar") == ["am", "18", "januar"]
    assert SIMPLE.terms("İstanbul ΟΔΟΣ") == ["i\u0307stanbul", "οδος"]


def test_offsets_with_decomposed_umlauts_and_folding() -> None:
    text = "in Mu\u0308nchen an der Straße"
    fold = stichwort.Analyzer("german", stem=False, fold_umlauts=True)
    toks = fold.tokenize(text)
    assert [t.text for t in toks] == ["in", "munchen", "an", "der", "strasse"]
    assert [text[t.start : t.end] for t in toks] == ["in", "Mu\u0308nchen", "an", "der", "Straße"]
    assert toks[1] == stichwort.Token("munchen", 3, 11, 1)


def test_umlaut_folding_meets_ascii_spelling() -> None:
    fold = stichwort.Analyzer("german", fold_umlauts=True)
    assert fold.terms("Außenminister") == fold.terms("Aussenminister")
    assert stichwort.Analyzer("german", stem=False).terms("Außenminister") == ["außenminister"]


def test_a_word_beyond_128_characters_is_folded_not_stemmed() -> None:
    # Snowball's time grows with the square of a word's length, so a longer
    # token (a run of umlauts, a glued-together scrape) is only folded.
    g = stichwort.Analyzer("german")
    at_limit = "Ü" * 115 + "Straßenbahnen"
    assert g.terms(at_limit) == ["u" * 115 + "strassenbahn"]
    beyond = "Ü" + at_limit
    assert g.terms(beyond) == ["u" * 116 + "strassenbahnen"]
    text = "Die " + "äöüßau" * 50_000 + "ungen fuhren."
    toks = g.tokenize(text)
    assert [(t.start, t.end) for t in toks] == [(0, 3), (4, 300_009), (300_010, 300_016)]
    assert toks[1].text == "aoussau" * 50_000 + "ungen"
    ix = stichwort.Index(analyzer=g)
    ix.add(text)
    ix.commit()
    assert ix.count(stichwort.Term("äöüßau" * 50_000 + "UNGEN")) == 1


def test_stop_words_dropped_positions_kept() -> None:
    a = stichwort.Analyzer("german", stem=False, stopwords=True)
    toks = a.tokenize("Die Regierung und der Kanzler")
    assert [(t.text, t.position) for t in toks] == [("regierung", 1), ("kanzler", 4)]


def test_terms_batch_equals_one_by_one(gnad_articles: list[tuple[str, str]]) -> None:
    texts = [t for _, t in gnad_articles[:300]] + ["", "Mu\u0308nchen", "ΣΑΣ"]
    for a in (SIMPLE, stichwort.Analyzer("german", stopwords=True, fold_umlauts=True)):
        one = [a.terms(t) for t in texts]
        assert a.terms_batch(texts) == one
        assert a.terms_batch(texts, threads=1) == one
        assert a.terms_batch(iter(texts), threads=3) == one
    assert SIMPLE.terms_batch([]) == []


def test_config_repr_and_token() -> None:
    a = stichwort.Analyzer("german", stopwords=True)
    assert a.config == {
        "name": "german",
        "stem": True,
        "stopwords": True,
        "fold_umlauts": False,
        "decompound": False,
        "gender_forms": True,
        "umlaut_digraphs": True,
        "catenate_compounds": True,
        "gender_endings": True,
    }
    assert a.spec == (
        "german stem=1 stopwords=1 fold_umlauts=0 decompound=0 gender_forms=1 umlaut_digraphs=1 catenate_compounds=1"
        " gender_endings=1"
    )
    assert repr(a) == (
        "Analyzer('german', stem=True, stopwords=True, fold_umlauts=False, decompound=False, gender_forms=True, "
        "umlaut_digraphs=True, catenate_compounds=True, gender_endings=True)"
    )
    assert repr(SIMPLE) == "Analyzer('simple')" and stichwort.Analyzer().config["name"] == "german"
    t = SIMPLE.tokenize("Nord-Süd")[1]
    assert (t.text, t.start, t.end, t.position, t.is_part) == ("süd", 5, 8, 1, False)
    assert repr(t) == "Token('süd', start=5, end=8, position=1)"
    assert t == stichwort.Token("süd", 5, 8, 1) and t != stichwort.Token("süd", 5, 8, 2)
    assert len({t, stichwort.Token("süd", 5, 8, 1)}) == 1


TRANSLITERATIONS = [
    ("Muenchen", "München"),
    ("Oelpreis", "Ölpreis"),
    ("Haeuser", "Häuser"),
    ("Aerztin", "Ärztin"),
    ("Buerger", "Bürger"),
    ("Koeln", "Köln"),
    ("Zuerich", "Zürich"),
]
# u between vowels, qu, a digraph ending the word, a compound seam.
NOT_TRANSLITERATIONS = ["Mauer", "Steuer", "neue", "Quelle", "Feuer", "Bauer", "Konsequenz", "Joe", "Klimaerwärmung"]


def test_german_reads_umlaut_digraphs_as_umlauts() -> None:
    g = stichwort.Analyzer("german")
    before = stichwort.Analyzer("german", umlaut_digraphs=False)
    for digraphs, umlauts in TRANSLITERATIONS:
        assert g.terms(digraphs) == g.terms(umlauts), digraphs
        assert before.terms(digraphs) != before.terms(umlauts), digraphs
    assert g.terms("Muenchen München Häuser Haeuser") == ["munch", "munch", "haus", "haus"]
    for word in NOT_TRANSLITERATIONS:
        assert g.terms(word) == before.terms(word), word
    # Folding without stemming reads them too; with neither, words stay as written.
    assert stichwort.Analyzer("german", stem=False, fold_umlauts=True).terms("Muenchen München") == ["munchen"] * 2
    assert stichwort.Analyzer("german", stem=False).terms("Muenchen") == ["muenchen"]
    with pytest.raises(ValueError, match="simple analyzer takes no options"):
        stichwort.Analyzer("simple", umlaut_digraphs=True)


def test_umlaut_digraphs_reach_stop_words_and_compound_parts() -> None:
    assert stichwort.Analyzer("german", stopwords=True).terms("fuer Buerger ueber") == ["burg"]
    dc = stichwort.Analyzer("german", decompound=True)
    assert [t.text for t in dc.tokenize("Buergermeister")] == [t.text for t in dc.tokenize("Bürgermeister")]
    assert len(dc.tokenize("Buergermeister")) == 3
    assert dc.split_compound("Buergermeister") == dc.split_compound("Bürgermeister") == ["bürger", "meister"]


def test_prefixes_read_umlaut_digraphs() -> None:
    g = stichwort.Analyzer("german")
    assert [g.normalise_prefix(p) for p in ["Muench", "Münch", "Mue", "Mu", "Außen"]] == [
        "munch",
        "munch",
        "mu",
        "mu",
        "aussen",
    ]
    assert stichwort.Analyzer("german", umlaut_digraphs=False).normalise_prefix("Muench") == "muench"
    assert SIMPLE.normalise_prefix("MÜNCH") == "münch"


def test_decompound_flag_is_accepted_by_german_only() -> None:
    assert stichwort.Analyzer("german", decompound=True).config["decompound"] is True
    with pytest.raises(ValueError, match="simple analyzer takes no options"):
        stichwort.Analyzer("simple", decompound=True)


@pytest.mark.skipif(sys.maxsize < 2**40, reason="needs a 64-bit build")
def test_reference_module_doc_example() -> None:
    assert simple_tokens("Mu\u0308nchen, 18. Januar") == [
        ("münchen", 0, 8, 0),
        ("18", 10, 12, 1),
        ("januar", 14, 20, 2),
    ]


def test_german_reads_soft_hyphenated_words_whole() -> None:
    # Web pages hyphenate with U+00AD; "simple" (Python's isalnum) splits there.
    text = "Die Zu\xadsam\xadmen\xadar\xadbeit endet"
    german = stichwort.Analyzer("german", stem=False)
    assert [(t.text, text[t.start : t.end]) for t in german.tokenize(text)] == [
        ("die", "Die"),
        ("zusammenarbeit", "Zu\xadsam\xadmen\xadar\xadbeit"),
        ("endet", "endet"),
    ]
    assert stichwort.Analyzer("simple").terms(text)[1:3] == ["zu", "sam"]
    ix = stichwort.Index(analyzer="german")
    ix.add_many([text, "Zusammenarbeit beginnt"])
    ix.commit()
    assert ix.match("Zusammenarbeit").tolist() == [0, 1]
    assert ix.phrase_counts(["die", "zusammenarbeit", "endet"])[0].tolist() == [0]
    assert [c.match for c in ix.kwic("zusammenarbeit", limit=1)] == ["Zu\xadsam\xadmen\xadar\xadbeit"]


# German gender forms (README, german, gender_forms): the words "german" reads
# before its word steps, against the reference, with every combination of
# gender_forms and gender_endings. The text mixes forms of either rule,
# all-caps and lower-case words, every marker, the short endings and their
# look-alikes, soft hyphens and decomposed umlauts.
GENDER_PIECES = st.sampled_from(
    ["Bürger", "BÜRGER", "FUßGÄNGER", "jede", "ein", "x", "B", "CDU", "Ä", "A\u0308RZT", "Mu\u0308ller", "ǅ"]
    + ["in", "innen", "Innen", "In", "IN", "INNEN", "r", "e", "n", "s", "m", "en", "er", "es", "em", "R", "rin"]
    + ["*", ":", "_", "\xb7", "/-", "/", "\xad", " ", ". ", "-", "9", "ß", "\u24d0"]
)
GENDER_TEXT = st.lists(GENDER_PIECES, max_size=14).map("".join)


def german_reading(gender_forms: bool, gender_endings: bool) -> stichwort.Analyzer:
    """The words "german" reads, lower-cased and nothing else."""
    return stichwort.Analyzer(
        "german", stem=False, catenate_compounds=False, gender_forms=gender_forms, gender_endings=gender_endings
    )


READINGS = {(f, e): german_reading(f, e) for f in (False, True) for e in (False, True)}


@settings(max_examples=1500, deadline=None)
@given(GENDER_TEXT | unicode_text)
def test_german_reading_matches_reference(text: str) -> None:
    for (forms, endings), a in READINGS.items():
        assert rust_tokens(a, text) == german_tokens(text, forms, endings), (forms, endings)


def test_german_reading_on_all_gnad_articles(gnad_articles: list[tuple[str, str]]) -> None:
    # Real text, and each article once more with gender forms of both rules spliced in.
    forms = " BÜRGER*INNEN LEHRER:IN jede*r ein\xb7e Bürger/-innen x*n sagte:er LOG_IN "
    texts = [t for _, t in gnad_articles]
    texts += [t[: len(t) // 2] + forms + t[len(t) // 2 :] for t in texts[:200]]
    for (forms_on, endings), a in READINGS.items():
        for text in texts:
            assert rust_tokens(a, text) == german_tokens(text, forms_on, endings)


def test_german_reads_all_caps_forms_and_short_endings() -> None:
    g = stichwort.Analyzer("german")
    text = "BÜRGER*INNEN fragen: Wer ist jede*r? LEHRER:IN ein·e Neue*r"
    assert [(t.text, text[t.start : t.end]) for t in g.tokenize(text)] == [
        ("burg", "BÜRGER*INNEN"),
        ("frag", "fragen"),
        ("wer", "Wer"),
        ("ist", "ist"),
        ("jed", "jede*r"),
        ("lehr", "LEHRER:IN"),
        ("ein", "ein·e"),
        ("neu", "Neue*r"),
    ]
    # Without gender_endings (an index built before it), the first rule only.
    assert stichwort.Analyzer("german", gender_endings=False).terms("BÜRGER*INNEN jede*r") == ["burg", "inn", "jed", "r"]
    # Look-alikes: no marker, a colon or underscore before a short ending, a one-letter word.
    for text, terms in [
        ("LINKEDIN", ["linkedin"]),
        ("sagte:er", ["sagt", "er"]),
        ("title_en", ["titl", "en"]),
        ("x*n", ["x", "n"]),
        ("Berlin:IN", ["berlin", "in"]),
        ("BÜRGER*INNENRAT", ["burg", "innenrat"]),
    ]:
        assert g.terms(text) == terms, text
