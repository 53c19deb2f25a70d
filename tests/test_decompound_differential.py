"""Differential tests on a decompounding analyzer: the native index against
the pure-Python reference, both with ``Analyzer("german", decompound=True)``,
on real German news (10kGNAD, read from ../shared/data).

README.md ("German compounds") defines what compound parts do and the
reference's module docstring ("Compound parts") models it: parts are
postings at their word's position, lengths count positions, query words are
never split, patterns of several tokens, Near and co-occurrence targets see
whole words only, and windows, collocates and n-grams read whole words.

Each example indexes a few articles (cut short, with titles, sections,
dates, a delete and several segments) and draws its queries from their
words: compounds, the parts they split into (which a one-word query finds
inside the compounds), the word before a compound followed by its head (the
phrase that decompounding must not spoil) and prefixes of both.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cooccurrence_differential import assert_same_collocates
from test_query_differential import same_concordances, same_results

import stichwort
from stichwort import And, Filter, Near, Not, Or, Phrase, Prefix, Term
from stichwort.backends.python import MEASURES, ReferenceIndex

DC = stichwort.Analyzer("german", decompound=True)
DATES = [dt.date(2016, 1, 4), dt.date(2016, 2, 29), dt.date(2017, 6, 1)]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(docs: list[dict], delete: int | None, **options: bool) -> tuple[stichwort.Index, ReferenceIndex]:
    def analyzer() -> stichwort.Analyzer:
        return stichwort.Analyzer("german", decompound=True, **options)

    native, ref = stichwort.Index(analyzer=analyzer()), ReferenceIndex(analyzer=analyzer())
    for doc in docs:
        np.testing.assert_array_equal(native.add_many([doc]), ref.add_many([doc]))
        native.num_docs  # noqa: B018 - a read seals the buffered document: one more segment
    if delete is not None:
        native.delete(delete)
        ref.delete(delete)
    native.commit()
    ref.commit()
    return native, ref


@st.composite
def corpora(draw: st.DrawFn, articles: list[tuple[str, str]]) -> tuple[list[dict], int | None, dict[str, bool]]:
    """A few articles, each cut after 200-1500 characters, its first words as title; analyzer options."""
    picked = draw(st.lists(st.integers(0, len(articles) - 1), min_size=1, max_size=5, unique=True))
    docs = []
    for i in picked:
        section, text = articles[i]
        body = text[: draw(st.integers(200, 1500))]
        doc: dict = {"text": body, "fields": {"section": section}, "date": draw(st.sampled_from(DATES))}
        if draw(st.booleans()):
            doc["title"] = " ".join(body.split()[:6])
        docs.append(doc)
    delete = draw(st.one_of(st.none(), st.integers(0, len(docs) - 1)))
    # Stop words leave gaps between positions; folding changes prefixes; the
    # closed forms of hyphenated words are parts too.
    options = draw(
        st.fixed_dictionaries(
            {"stopwords": st.booleans(), "fold_umlauts": st.booleans(), "catenate_compounds": st.booleans()}
        )
    )
    return docs, delete, options


class Words:
    """Query material drawn from the words of a corpus.

    Stop words alone make no query clause: what an And, Or or Not does with
    such a clause is another rule (README, "german"), so none is drawn.
    """

    def __init__(self, docs: list[dict], options: dict[str, bool]) -> None:
        self.terms = stichwort.Analyzer("german", **options).terms
        self.runs = [re.findall(r"\w+", d["text"]) for d in docs]
        self.words = sorted({w for run in self.runs for w in run if self.terms(w)}) or ["leer"]
        # Compound -> the parts it splits into, as capitalised words ("Außenministerium" -> "Ministerium").
        self.parts = {w: [p.capitalize() for p in DC.split_compound(w)] for w in self.words}
        self.compounds = [w for w in self.words if self.parts[w]] or self.words
        self.heads = sorted({p for w in self.compounds for p in self.parts[w]}) or self.words
        # Hyphenated words as written ("Ukraine-Krieg") and closed ("Ukrainekrieg").
        hyphenated = sorted({w for d in docs for w in re.findall(r"\w+(?:-\w+)+", d["text"])})
        closed = [w.split("-")[0] + "".join(p.lower() for p in w.split("-")[1:]) for w in hyphenated]
        self.hyphenated = hyphenated + closed or self.words

    def word(self, draw: st.DrawFn) -> str:
        pool = draw(st.sampled_from([self.compounds, self.heads, self.heads, self.words, self.hyphenated]))
        return draw(st.sampled_from(pool))

    def phrase(self, draw: st.DrawFn) -> list[str]:
        """The word before a compound and the compound's head, or 1-3 words of a text."""
        run = draw(st.sampled_from([r for r in self.runs if r] or [["leer"]]))
        before = [k for k in range(len(run) - 1) if self.parts.get(run[k + 1])]
        if before and draw(st.booleans()):
            i = draw(st.sampled_from(before))
            return [run[i], self.parts[run[i + 1]][-1]]
        i = draw(st.integers(0, len(run) - 1))
        end = i + draw(st.integers(1, 3))
        while end < len(run) and not self.terms(" ".join(run[i:end])):
            end += 1  # up to a word that is not a stop word
        return run[i:end] if self.terms(" ".join(run[i:end])) else self.words[:1]

    def prefix(self, draw: st.DrawFn) -> str:
        """A word's prefix, or a phrase's (a phrase prefix: "Kanzlerin Mer")."""
        text = self.word(draw) if draw(st.booleans()) else " ".join(self.phrase(draw))
        return text[: draw(st.integers(1, max(1, len(text) - 1)))]

    def positional(
        self, draw: st.DrawFn, depth: int = 0, field: str | None = None, near: bool = False, prefix: bool = True
    ) -> stichwort.Query:
        """``near``: under a Near; ``prefix``: a Prefix may be drawn (not where native
        departs from README: test_prefixes_under_near_see_whole_words)."""
        if depth == 0:  # one field for the whole tree, as Near requires
            field = draw(st.sampled_from([None, None, None, "title"]))
        kinds = ["term", "phrase", "prefix", "near", "or"][: 5 if depth < 2 else 3]
        if not prefix:
            kinds.remove("prefix")
        kind = draw(st.sampled_from(kinds))
        if kind == "term":
            return Term(self.word(draw), field=field)
        if kind == "phrase":
            return Phrase(self.phrase(draw), slop=draw(st.integers(0, 2)), field=field)
        if kind == "prefix":
            return Prefix(self.prefix(draw), field=field)
        if kind == "near" and field is None and draw(st.integers(0, 2)):
            return self.near_by(draw)
        if kind == "near":
            a, b = (self.positional(draw, depth + 1, field, True, field is None) for _ in "ab")
            return Near(a, b, draw(st.integers(1, 4)))
        a, b = (self.positional(draw, depth + 1, field, near, prefix and not near) for _ in "ab")
        return Or(a, b)

    def near_by(self, draw: st.DrawFn) -> Near:
        """Near of two words of a text a few positions apart, each as itself, one of its parts or a prefix."""
        run = draw(st.sampled_from([r for r in self.runs if r] or [["leer"]]))
        compounds = [k for k, w in enumerate(run) if self.parts.get(w)]
        i = draw(st.sampled_from(compounds) if compounds and draw(st.booleans()) else st.integers(0, len(run) - 1))
        d = draw(st.integers(-4, 4).filter(bool))
        pair = [self.form(draw, w) for w in (run[i], run[min(max(i + d, 0), len(run) - 1)])]
        return Near(*pair, draw(st.integers(max(1, abs(d) - 1), abs(d) + 1)))

    def form(self, draw: st.DrawFn, word: str) -> stichwort.Query:
        kind = draw(st.sampled_from(["word", "part", "part", "prefix"]))
        if kind == "part" and self.parts.get(word):
            return Term(draw(st.sampled_from(self.parts[word])))
        if kind == "prefix":
            return Prefix(word[: draw(st.integers(1, len(word)))])
        return Term(word)

    def target(self, draw: st.DrawFn, scope: str) -> stichwort.Query:
        """A positional co-occurrence target, but none of those where native counts
        parts (test_targets_see_whole_words): an Or on top, a one-word phrase with
        slop (one term: stop words drop), a Prefix in document scope."""
        q = self.positional(draw)
        while isinstance(q, Or):
            q = q.clauses[0]
        if isinstance(q, Phrase) and len(self.terms(" ".join(q.words))) == 1:
            q = Phrase(q.words, field=q.field)
        if isinstance(q, Prefix) and scope == "document":
            q = Term(q.prefix, field=q.field)
        return q

    def query(self, draw: st.DrawFn, depth: int = 0) -> stichwort.Query:
        kind = draw(st.sampled_from(["positional", "positional", "and", "or", "not"] if depth < 2 else ["positional"]))
        if kind == "positional":
            return self.positional(draw)
        if kind == "not":
            return Not(self.query(draw, depth + 1), self.query(draw, depth + 1))
        clauses = [self.query(draw, depth + 1) for _ in range(draw(st.integers(1, 3)))]
        return And(*clauses) if kind == "and" else Or(*clauses)

    def filter(self, draw: st.DrawFn) -> Filter | stichwort.Query | None:
        # A filter Term sees parts too.
        return draw(st.sampled_from([None, Filter(date_from=DATES[1]), Term(self.heads[0]), Filter(fields={"section": "Inland"})]))


def test_audit_cases() -> None:
    """The three disagreements an audit found, before the reference modelled parts."""
    native, ref = build([{"text": t} for t in ["Die Nichtannahme der Angebote", "Das Außenministerium teilte mit",
                                                 "Das Ministerium teilte heute mit"]], None)
    assert native.match("Nichtannahme").tolist() == ref.match("Nichtannahme").tolist() == [0]  # query words are not split
    assert native.stats()["num_tokens"] == ref.stats()["num_tokens"] == 13  # positions, not parts
    same_results(native, ref, "ministerium", None)
    assert ref.search("ministerium").ids.tolist() == [1, 2]
    native, ref = build([{"text": "das Außenministerium teilte mit"}, {"text": "das Ministerium teilte mit"}], None)
    for ix in (native, ref):
        c = ix.cooccurrence("teilte", window=1, measure="count")
        assert list(zip(c.terms, c.f_xy.tolist())) == [("mit", 2), ("aussenministerium", 1), ("ministerium", 1)]
        assert c.n_tokens == 8


SMALL = ["das Außenministerium teilte mit", "das Ministerium teilte mit", "haus Außenministerium"]
# Targets and Near operands that see whole words only: "Ministerium" and "minis*" in document 1 only.
TARGETS = [Term("Ministerium"), Phrase(["Ministerium"]), Phrase(["Ministerium"], slop=2), Prefix("minis"),
           Near("Ministerium", "teilte", 2), Or("Ministerium"), Or("Ministerium", "fehlt"),
           And("Ministerium", "teilte"), Not("Ministerium", "haus")]


def test_parts_by_the_readme() -> None:
    """README's example and its whole-word table, on the reference alone."""
    _, ref = build([{"text": t} for t in SMALL], None)
    assert ref.match("Ministerium").tolist() == [0, 1, 2]
    assert ref.match(Phrase("das Ministerium")).tolist() == [1]
    assert ref.match(Near("das", "Ministerium", 1)).tolist() == [1]
    assert ref.positions("ministerium", 0).tolist() == [1]
    assert [line.match for line in ref.kwic("Ministerium")] == ["Außenministerium", "Ministerium", "Außenministerium"]
    assert ref.match(Prefix("minis")).tolist() == [0, 1, 2] and len(ref.kwic(Prefix("minis"))) == 1
    assert [x.tolist() for x in ref.phrase_counts(["Ministerium"])] == [[0, 1, 2], [1, 1, 1]]
    c = ref.cooccurrence("Ministerium", window=1, measure="count")
    assert (c.terms, c.f_x, c.n_tokens) == (["das", "teilt"], 1, 10)
    for target in TARGETS:
        assert ref.cooccurrence(target, window=1, scope="document").f_x == 1, target
    # A Not's negative excludes documents as in a query, parts included.
    assert ref.cooccurrence(Not("teilte", "Ministerium"), window=1).f_x == 0
    # A Prefix under Near scores only where it matches a whole word.
    near = ref.search(Near(Or(Prefix("minis"), "teilte"), "mit", 1))
    assert near.ids.tolist() == [1, 0] and near.scores[0] - near.scores[1] == pytest.approx(1.0)
    assert ref.ngrams(1, min_count=2) == [(("aussenministerium",), 2), (("das",), 2), (("mit",), 2), (("teilt",), 2)]
    # A word the analyzer cuts in two is a phrase: whole words only.
    native, ref = build([{"text": "Die Außenministeriums-Sprecherin"}, {"text": "Die Ministeriums-Sprecherin"}], None)
    assert ref.match("Ministeriums-Sprecherin").tolist() == native.match("Ministeriums-Sprecherin").tolist() == [1]


@pytest.mark.parametrize("target", TARGETS, ids=repr)
def test_targets_see_whole_words(target: stichwort.Query) -> None:
    # README: "the target, a Term too: its occurrences (f_x, the windows) are whole words".
    native, ref = build([{"text": t} for t in SMALL], None)
    for scope in ("window", "sentence", "document"):
        kw = dict(window=1, measure="count", scope=scope)
        assert_same_collocates(native.cooccurrence(target, **kw), ref.cooccurrence(target, **kw), f"{target} {scope}")


@pytest.mark.parametrize("q", [
    Near(Prefix("minis"), "teilte", 1),
    Near(Prefix("aussen"), "teilte", 1),
    # An Or's Prefix scores only where a whole word matches; a title is re-analysed.
    Near(Or(Prefix("minis"), "teilte"), "mit", 1),
    Near(Prefix("kult", field="title"), Term("eine", field="title"), 1),
    Near(Prefix("kult", field="title"), Prefix("willk", field="title"), 1),
], ids=repr)
def test_prefixes_under_near_see_whole_words(q: stichwort.Query) -> None:
    # README: "both operands of Near" see whole words only; titles too.
    native, ref = build([{"text": "das Außenministerium teilte mit"},
                         {"text": "x", "title": "Für eine Willkommenskultur"}], None)
    same_results(native, ref, q, None)


def drawn(
    gnad_articles: list[tuple[str, str]], data: st.DataObject
) -> tuple[stichwort.Index, ReferenceIndex, Words, int]:
    """A drawn corpus built both ways, its query material and its size."""
    docs, delete, options = data.draw(corpora(gnad_articles), label="corpus")
    native, ref = build(docs, delete, **options)
    return native, ref, Words(docs, options), len(docs)


@SETTINGS
@given(st.data())
def test_queries_equal_reference(gnad_articles: list[tuple[str, str]], data: st.DataObject) -> None:
    native, ref, words, n_docs = drawn(gnad_articles, data)
    for _ in range(6):
        q = words.query(data.draw)
        same_results(native, ref, q, words.filter(data.draw))
        same_concordances(native, ref, q, n_docs)
    for _ in range(3):
        phrase, slop = words.phrase(data.draw), data.draw(st.integers(0, 2))
        for got, want in zip(native.phrase_counts(phrase, slop), ref.phrase_counts(phrase, slop)):
            np.testing.assert_array_equal(got, want, err_msg=str(phrase))


@SETTINGS
@given(st.data())
def test_statistics_equal_reference(gnad_articles: list[tuple[str, str]], data: st.DataObject) -> None:
    native, ref, words, n_docs = drawn(gnad_articles, data)
    ns, rs = native.stats(), ref.stats()
    for key in ("num_docs", "num_tokens", "vocab_size"):
        assert ns[key] == rs[key], key
    # The terms of compounds and of their parts.
    terms = {t.text for w in words.compounds[:20] + words.heads[:20] for t in DC.tokenize(w)}
    for term in sorted(terms) + ["missing"]:
        for got, want in zip(native.postings(term), ref.postings(term)):
            np.testing.assert_array_equal(got, want, err_msg=term)
        assert (native.doc_freq(term), native.coll_freq(term)) == (ref.doc_freq(term), ref.coll_freq(term)), term
        for i in range(n_docs):
            try:
                want = ref.positions(term, i)
            except ValueError:  # the deleted document, in both
                with pytest.raises(ValueError, match="deleted"):
                    native.positions(term, i)
                continue
            np.testing.assert_array_equal(native.positions(term, i), want, err_msg=f"{term} in {i}")
    for n in (1, 2, 3):
        kw = dict(min_count=data.draw(st.integers(1, 2)), top=data.draw(st.sampled_from([None, 20])),
                  filter=words.filter(data.draw), stopwords=data.draw(st.booleans()))
        assert native.ngrams(n, **kw) == ref.ngrams(n, **kw)
    q = words.positional(data.draw)
    for got, want in zip(native.timeline(q, by="month"), ref.timeline(q, by="month")):
        np.testing.assert_array_equal(got, want)


@SETTINGS
@given(st.data())
def test_cooccurrence_equals_reference(gnad_articles: list[tuple[str, str]], data: st.DataObject) -> None:
    native, ref, words, n_docs = drawn(gnad_articles, data)
    for scope in ("window", "sentence", "document"):
        for _ in range(2):
            target = words.target(data.draw, scope)
            kw = dict(window=data.draw(st.integers(1, 4)), top=data.draw(st.sampled_from([None, 5])),
                      min_count=data.draw(st.integers(0, 2)), filter=words.filter(data.draw), scope=scope)
            for measure in MEASURES:
                assert_same_collocates(native.cooccurrence(target, measure=measure, **kw),
                                       ref.cooccurrence(target, measure=measure, **kw), f"{target} {measure} {kw}")
    # The terms (parts too) of a few neighbouring words, so that they meet in windows.
    terms = sorted({t.text for w in words.phrase(data.draw) + [words.word(data.draw)] for t in DC.tokenize(w)})
    window = data.draw(st.integers(1, 3))
    np.testing.assert_array_equal(native.cooccurrence_matrix(terms, window).toarray(),
                                  ref.cooccurrence_matrix(terms, window).toarray())
