"""The query methods of stichwort.Index: types, batches, filters."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stichwort
from stichwort import backends
from stichwort.results import Hits
from stichwort.query import Near, Phrase, Prefix, Term


def _index() -> stichwort.Index:
    ix = stichwort.Index(analyzer="german")
    ix.add_many(
        [
            {"text": "Lawrow und Blinken: die gemeinsame Sitzung der NATO.", "date": "2022-03-01", "fields": {"section": "Inland"}},
            {"text": "Die NATO tagt. NATO-Gipfel in Wien.", "title": "NATO", "date": "2021-05-01"},
            {"text": "Gemeinsame Sitzungen der Außenminister", "fields": {"section": "Web"}},
        ]
    )
    return ix


def test_result_types_and_batches():
    ix = _index()
    hits = ix.search("nato")
    assert isinstance(hits, Hits)
    assert hits.ids.dtype == np.uint32 and hits.scores.dtype == np.float32
    assert hits.ids.tolist() == [1, 0] and hits.total == 2
    assert np.all(np.diff(hits.scores) <= 0)
    assert ix.match("nato").dtype == np.uint32
    queries = ["nato", Phrase("gemeinsame sitzung"), Prefix("außen"), Near("nato", "wien", 3), Term("nato", field="title")]
    batch = ix.search_batch(queries, limit=2, threads=2)
    for q, b in zip(queries, batch):
        one = ix.search(q, limit=2)
        assert b.ids.tolist() == one.ids.tolist() and b.total == one.total
        np.testing.assert_array_equal(b.scores, one.scores)
    assert [h.total for h in ix.search_batch([], limit=3)] == []


def test_filters_restrict_without_scoring():
    ix = _index()
    plain = ix.search("nato")
    inland = ix.search("nato", filter=stichwort.Filter(fields={"section": "Inland"}))
    assert inland.ids.tolist() == [0]
    assert inland.scores[0] == plain.scores[plain.ids.tolist().index(0)]
    assert ix.count("nato", filter=stichwort.Filter(date_from="2022-01-01")) == 1
    assert ix.count("gemeinsame sitzung", filter="section:Web") == 1
    # A reversed date range is refused, as in the query language; one day is fine.
    with pytest.raises(ValueError, match="after date_to"):
        stichwort.Filter(date_from="2022-12-31", date_to="2022-01-01")
    with pytest.raises(stichwort.QueryError, match="ends before it starts"):
        ix.count("nato AND date:[2022-12-31 TO 2022-01-01]")
    one_day = stichwort.Filter(date_from="2022-03-01", date_to="2022-03-01")
    assert ix.match(stichwort.All(), filter=one_day).tolist() == [0]


@pytest.mark.parametrize("backend", ["native", "python"])
def test_a_metadata_field_no_document_has_is_a_schema_error(backend, tmp_path):
    path = str(tmp_path / "ix") if backend == "native" else None
    ix = stichwort.Index(path, analyzer="simple") if path else backends.get(backend, analyzer="simple")
    with pytest.raises(stichwort.SchemaError, match="no document of this index has metadata fields"):
        ix.count("section:Inland")
    ix.add_many([{"text": "nato tagt", "date": "2022-01-01", "fields": {"section": "Inland"}}, "nato und eu"])
    ix.commit()
    misspelt = stichwort.Filter(fields={"Section": "Inland"})
    calls = [
        lambda f: ix.search("nato", filter=f),
        lambda f: ix.count("nato", filter=f),
        lambda f: ix.match("nato", filter=f),
        lambda f: ix.kwic(stichwort.And("nato", f.to_query())),
        lambda f: ix.cooccurrence("nato", filter=f),
        lambda f: ix.timeline("nato", filter=f),
        lambda f: ix.ngrams(2, min_count=1, filter=f),
    ]
    for call in calls:
        with pytest.raises(stichwort.SchemaError, match="'section'|\"section\""):
            call(misspelt)
    # Also where a clause without terms ("!") takes the field's clause out of the query.
    with pytest.raises(stichwort.SchemaError, match="ressort"):
        ix.count(stichwort.Not("!", stichwort.FieldValue("ressort", "Inland")))
    # Near's sides are positional: a field there is a QueryError, as before.
    with pytest.raises(stichwort.QueryError):
        ix.count(stichwort.Near(stichwort.FieldValue("ressort", "x"), stichwort.FieldValue("ressort", "x"), 1))
    # A known field with a value no document has matches nothing.
    assert ix.count("nato", filter=stichwort.Filter(fields={"section": "Sport"})) == 0
    # Still known when its only document is deleted and merged away.
    ix.delete(0)
    ix.commit()
    if path:
        ix.close()
        ix = stichwort.Index.open(path, readonly=True)
    assert ix.count("section:Inland") == 0 and ix.count("nato") == 1
    with pytest.raises(stichwort.SchemaError):
        ix.count("ressort:Inland")


def test_kwic_snippet_and_phrase_counts():
    ix = _index()
    lines = ix.kwic('"gemeinsame sitzung"', width=10)
    # the German stemmer joins the inflected forms
    assert [(c.doc_id, c.match) for c in lines] == [(0, "gemeinsame Sitzung"), (2, "Gemeinsame Sitzungen")]
    text = ix.document(0)["text"]
    assert lines[0].left == text[lines[0].start - 10 : lines[0].start] and text[lines[0].start : lines[0].end] == lines[0].match
    assert "«Wien»" in ix.snippet("wien", 1, width=20)
    ids, counts = ix.phrase_counts(["nato"])
    assert ids.tolist() == [0, 1] and counts.tolist() == [1, 2]


def test_german_prefix_meets_the_folded_stems():
    # Snowball writes "aussenminist" for "Außenminister": the prefix is folded too.
    ix = _index()
    for q in (Prefix("außen"), Prefix("Außenmin"), "außen*", "AUSSENMIN*"):
        assert ix.match(q).tolist() == [2], q
    plain = stichwort.Index(analyzer=stichwort.Analyzer("german", stem=False))
    plain.add("Die Außenminister tagen.")
    assert plain.match("außen*").tolist() == [0] and plain.match("aussen*").tolist() == []


def test_german_prefix_finds_its_own_word():
    # A stem need not start with its word ("Häuser" is haus, "Regierung"
    # regier): a prefix also finds the word itself, as a Term would.
    ix = stichwort.Index(analyzer="german")
    ix.add_many(["Die Häuser", "die Regierung", "Straßen und die Straßenbahn", "Hausbau", {"text": "x", "title": "Häuser"}])
    ix.commit()
    assert ix.match(Prefix("Häuser")).tolist() == ix.match("Häuser*").tolist() == [0]
    assert ix.match(Prefix("Regierung")).tolist() == [1]
    assert ix.match("Straße*").tolist() == [2] and ix.match("Haus*").tolist() == [0, 3]
    assert ix.match(Prefix("Häuser", field="title")).tolist() == [4]
    assert [c.match for c in ix.kwic("Häuser*")] == ["Häuser"]
    # Hyphenated, it is a phrase prefix or the closed word's prefix, which is Häuser.
    assert ix.match(Prefix("Häu-ser")).tolist() == [0]
    assert ix.match(Prefix("Häu ser")).tolist() == []


def test_a_prefix_typed_past_the_stem_finds_the_word():
    # Regierung is regier, eigentlich eigent: "Regieru*" and "eigentl*"
    # found fewer documents than "Regier*" and "eigent*" (none for eigentl*).
    texts = ["Die Regierung tagt", "Die Regierungen", "eigentlich nicht", "regieren", "Das Haus", "Sie hauen ab"]
    for analyzer in ("german", stichwort.Analyzer("german", decompound=True)):
        native = stichwort.Index(analyzer=analyzer)
        ref = backends.get("python", analyzer=analyzer)
        for ix in (native, ref):
            ix.add_many(texts)
            assert ix.match("Regieru*").tolist() == ix.match("Regierun*").tolist() == [0, 1]
            assert ix.match("eigentl*").tolist() == [2]
            assert [c.match for c in ix.kwic("eigentl*")] == ["eigentlich"]
            # No stem shorter than four letters: Haus* is not hau (hauen).
            assert ix.match("Haus*").tolist() == [4]
    simple = stichwort.Index(analyzer="simple")
    simple.add_many(texts)
    assert simple.match("Regieru*").tolist() == [0, 1], "no stems: prefixes of the words only"


def test_a_prefix_with_a_digraph_finds_words_that_keep_it():
    # Words keep ae/oe/ue at a compound seam and at their end; a prefix
    # cannot see either, so it is looked up read and as written.
    docs = ["Die Klimaerwärmung schreitet voran", "Bioethanol", "In München und Muenchen", "Joe", "Spätsommer"]
    ix = stichwort.Index(analyzer="german")
    ref = backends.get("python", analyzer="german")
    for index in (ix, ref):
        index.add_many(docs)
        index.commit()
    for q, expected in [("Klimaerw*", [0]), ("Bioeth*", [1]), ("Mue*", [2]), ("Joe*", [3]), ("Spaet*", [4])]:
        assert ix.match(q).tolist() == ref.match(q).tolist() == expected, q
    plain = stichwort.Index(analyzer=stichwort.Analyzer("german", umlaut_digraphs=False))
    plain.add_many(docs)
    assert plain.match("Spaet*").tolist() == []


def test_a_prefix_of_several_words_is_a_phrase_prefix():
    # "EU-Kommiss*" typed into a search box found nothing: no term holds a hyphen.
    docs = [
        "Die EU-Kommission tagt.",
        "Die EU-Kommissarin sprach.",
        "Die Kommission der EU.",
        "Eine gemeinsame Sitzung, eine gemeinsame sitzt.",
        {"text": "x", "title": "EU-Kommissare"},
        "Die EUKommission",
    ]
    for analyzer, closed in (("simple", []), ("german", [5])):
        ix = stichwort.Index(analyzer=analyzer)
        ix.add_many(docs)
        ix.commit()
        assert ix.match("EU-Kommiss*").tolist() == [0, 1, *closed]
        assert ix.match(Prefix("EU Kommiss")).tolist() == [0, 1]
        assert ix.match(Prefix("EU-Kommiss", field="title")).tolist() == [4]
        assert ix.match(Prefix("Kommission EU")).tolist() == ix.match(Prefix("EU Kommissx")).tolist() == []
        assert [c.match for c in ix.kwic(Prefix("gemeinsame Sitz"))] == ["gemeinsame Sitzung", "gemeinsame sitzt"]
        assert ix.match('"gemeinsame Sitz*"').tolist() == ix.match(Prefix("gemeinsame Sitz")).tolist() == [3]
        assert ix.snippet(Prefix("EU-Kommiss"), 0) == "Die «EU-Kommission» tagt."
        # An occurrence is one span: under Near, and as a co-occurrence target.
        assert ix.match(Near(Prefix("EU-Kommiss"), "tagt", 1)).tolist() == [0]
        assert ix.cooccurrence(Prefix("EU-Kommiss"), window=1, measure="count").terms == ["die", "sprach", "tagt"]
        # Punctuation around a single word is no part of it.
        assert ix.match(Prefix("(Kommiss.")).tolist() == [0, 1, 2]


def test_german_gender_forms_in_a_query_string_find_the_text():
    # "Lehrer:innen" typed into a search box was a filter on a metadata
    # field "Lehrer" (no match), "Bürger*innen" a QueryError.
    ix = stichwort.Index(analyzer="german")
    ix.add_many(
        [
            "Die Lehrer:innen streiken",
            "Viele Bürger*innen kamen",
            {"text": "Kolleg:in gesucht", "fields": {"lage": "innen"}},
            "Die Lehrer streiken innen",
        ]
    )
    ix.commit()
    # "german" reads a gender form as its base word: it meets "Lehrer" too.
    assert ix.match("Lehrer:innen").tolist() == [0, 3]
    assert ix.match("Bürger*innen").tolist() == [1]
    assert ix.match("Kolleg:in OR Lehrer*innen").tolist() == [0, 2, 3]
    assert [c.match for c in ix.kwic("Bürger*innen")] == ["Bürger*innen"]
    assert ix.match('lage:"innen"').tolist() == [2]
    # Pasted with the text's punctuation or in a hyphenated compound, as the
    # analyzer reads it (were a QueryError and a filter on a field "Lehrer").
    assert ix.match("Bürger*innen,").tolist() == [1]
    assert ix.match("Lehrer:innen.").tolist() == [0, 3]
    assert ix.match("Bürger*innen-Versammlung").tolist() == []


@settings(max_examples=400, deadline=None)
@given(
    base=st.sampled_from(["Bürger", "Lehrer", "Ärzt", "Kolleg", "Wähler", "Buerger", "jede", "eine", "x"]
                         + ["BÜRGER", "LEHRER", "ÄRZT", "FUßGÄNGER", "CDU", "B"]),
    marker=st.sampled_from(["*", ":"]),
    suffix=st.sampled_from(["in", "innen", "Innen", "In", "innenrat", "IN", "INNEN", "INNENRAT"]
                           + ["r", "e", "n", "s", "m", "en", "er", "es", "em", "R", "rin"]),
    after=st.sampled_from(["", ",", ".", ";", "?", "-Rat", "/Rat", "'s", "–", "\xad", "…"]),
)
def test_a_gender_form_typed_as_written_reads_as_the_analyzer_reads_it(base, marker, suffix, after):
    # The parser takes the marker into the word exactly where the analyzer
    # reads a gender form (else it is a field, a prefix or an error), so a
    # form pasted from the text finds that text, punctuation and all. (Of
    # the first rule's endings, the parser takes in, innen, Innen after any
    # letter, the analyzer after a lower-case one: "CDU:in" is a word to the
    # parser, two to the analyzer; left out.)
    if base[-1].isupper() and suffix in ("in", "innen", "Innen"):
        return
    written = f"{base}{marker}{suffix}{after}"
    analyzer = stichwort.Analyzer("german")
    form = analyzer.tokenize(written)[0].end > len(base)  # one token across the marker
    try:
        q = stichwort.parse(written)
    except stichwort.QueryError:
        q = None
    assert (q == Term(written)) == form, q
    if form:
        ix = stichwort.Index(analyzer=analyzer)
        ix.add_many([f"Alle {written} tagen", "Alle tagen"])
        ix.commit()
        assert ix.match(written).tolist() == [0]
        assert ix.match(f'"alle {written} tagen"').tolist() == [0]


def test_german_gender_forms_meet_their_base_word():
    # Every way of writing the form is one word, "Bürger": searches, phrases
    # (no extra position) and KWIC (the whole written form) agree.
    ix = stichwort.Index(analyzer="german")
    # Typed as query strings too: "Bürger*Innen" was a QueryError, "Bürger:Innen"
    # a filter on a metadata field "Bürger" (no match).
    forms = ["Bürger*innen", "Bürger:innen", "Bürger_innen", "Bürger·innen", "Bürger/-innen", "BürgerInnen"]
    forms += ["Bürger*Innen", "Bürger:Innen", "Bürger_Innen", "Bürger·Innen", "Bürger/-Innen", "Bürger"]
    ix.add_many(f"Viele {f} kamen" for f in forms)
    ix.add_many(["LinkedIn kamen", "außen/innen kamen"])
    ix.commit()
    everyone = list(range(len(forms)))
    for f in forms:
        assert ix.match(f).tolist() == everyone, f
        assert ix.match(f'"viele {f} kamen"').tolist() == everyone, f
    assert [c.match for c in ix.kwic("Bürger", limit=None)] == forms
    assert ix.match("innen").tolist() == [len(forms) + 1] and ix.match("Linked").tolist() == []
    # Without the option the suffix is a word of its own, as before.
    old = stichwort.Index(analyzer=stichwort.Analyzer("german", gender_forms=False))
    old.add("Viele Bürger*innen kamen")
    assert old.match('"viele Bürger kamen"').tolist() == [] and old.match("innen").tolist() == [0]


def test_german_umlaut_digraphs_meet_the_umlaut_spelling():
    # "Muenchen" as users type it and older wire copy writes it is München:
    # terms, query strings, phrases, prefixes and KWIC agree.
    ix = stichwort.Index(analyzer="german")
    ix.add_many(["Der Ölpreis stieg in München", "Der Oelpreis stieg in Muenchen", "Die Mauer in Mumbai"])
    ix.commit()
    for q in ["München", "Muenchen", Term("Muenchen"), '"in Muenchen"', '"oelpreis stieg"', "Ölpreis AND muenchen"]:
        assert ix.match(q).tolist() == [0, 1], q
    for p in ["Muench", "Münch", "Muenc", "Oel", "Öl"]:
        assert ix.match(Prefix(p)).tolist() == [0, 1], p
    # A prefix's last digraph is read (its word goes on): Mue* is Mü*, which
    # is mu* where terms are folded, as Mu* is.
    for p in ["Mue", "Mü", "Mu"]:
        assert ix.match(Prefix(p)).tolist() == [0, 1, 2], p
    assert ix.match("Mauer").tolist() == [2]
    assert [c.match for c in ix.kwic("München", limit=None)] == ["München", "Muenchen"]
    # Without the option, as before: the spellings stay apart.
    old = stichwort.Index(analyzer=stichwort.Analyzer("german", umlaut_digraphs=False))
    old.add_many(["in München", "in Muenchen"])
    assert old.match("Muenchen").tolist() == [1] and old.match(Prefix("Muench")).tolist() == [1]


def test_a_quote_pasted_from_an_article_searches_as_a_phrase():
    ix = stichwort.Index(analyzer="german")
    ix.add_many(["Sie sagte: „Wir schaffen das.“", "Das schaffen wir", "Wir schaffen es nicht, das"])
    ix.commit()
    assert ix.match("„Wir schaffen das“").tolist() == [0]
    assert ix.match("»wir schaffen das«").tolist() == [0]
    assert [c.match for c in ix.kwic("“Wir schaffen das”")] == ["Wir schaffen das"]


@pytest.mark.parametrize("pad", [0, 1, 2, 62, 63, 64, 65, 127, 128, 129])
def test_kwic_and_snippets_of_long_texts_match_the_reference(pad):
    # The engine keeps a byte offset every 64 characters, not one a character:
    # multi-byte characters (ä, ß, €, emoji) around those marks and at the text's end.
    text = "Bäume " * pad + "Straße 🇩🇪 über € " * 9 + "Ziel ü" + "ß" * (pad % 5) + " Ende"
    ref = backends.get("python", analyzer="german")
    ix = stichwort.Index(analyzer="german")
    for b in (ref, ix):
        b.add(text)
        b.commit()
    for q in ["ziel", "straße", "ende", "über", "bäume"]:
        for width in (1, 5, 40, 1000):
            got = [(c.left, c.match, c.right) for c in ix.kwic(q, width=width)]
            want = [(c.left, c.match, c.right) for c in ref.kwic(q, width=width)]
            assert got == want, (q, width)
            assert ix.snippet(q, 0, width=width) == ref.snippet(q, 0, width=width), (q, width)


def test_a_bad_query_fails_the_whole_batch_naming_the_first():
    ix = _index()
    batch = ["nato"] * 50 + ["ressort:Inland", stichwort.Term("nato", field="autor")] + ["sitzung"] * 50
    for threads in (None, 1, 2):
        with pytest.raises(stichwort.SchemaError, match="ressort"):
            ix.search_batch(batch, threads=threads)
    assert [h.total for h in ix.search_batch(["nato", "sitzung"], threads=2)] == [2, 2]
