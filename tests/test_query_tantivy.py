"""The native engine's doc-id sets agree with tantivy's on the 10kGNAD articles.

Both use API.md's "simple" analysis (tantivy through a regex tokenizer for
runs of ``[\\p{L}\\p{N}]`` plus its lower-caser, on NFC text). Term, AND, OR,
NOT and phrase queries over words drawn from the articles by document
frequency must give identical sets. Where the definitions differ, results
may differ, and the queries below avoid those cases on purpose:

- tantivy lower-cases character by character, so a word-final capital sigma
  becomes "σ" where Python's ``str.lower`` (and stichwort) gives "ς": Greek
  words in capitals could match differently. The words drawn are Latin.
- Unicode tables: the regex crate's may be newer than the core's (Unicode
  14, as Python 3.11); characters assigned later may tokenise differently.
- tantivy drops terms longer than 65,530 bytes; no such word occurs here.
- Ranking differs (tantivy quantises document lengths to one byte), so only
  the sets are compared, not the order of hits.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

import stichwort
from stichwort import backends
from stichwort.query import And, Not, Or, Phrase, Term

tantivy_backend = pytest.importorskip("stichwort.backends.tantivy_backend")

LATIN = re.compile(r"[a-zäöüß]+")


@pytest.fixture(scope="module")
def indexes(gnad_articles):
    docs = [{"text": text, "fields": {"section": section}} for section, text in gnad_articles]
    native = stichwort.Index(analyzer="simple")
    native.add_many(docs)
    native.commit()
    tv = backends.get("tantivy")
    tv.add_many(docs)
    tv.commit()
    analyzer = stichwort.Analyzer("simple")
    tokens = [analyzer.terms(d["text"]) for d in docs]
    return native, tv, tokens


def _words(native, tokens) -> dict[str, list[str]]:
    """Latin words by document-frequency band (rare, medium, frequent)."""
    vocab = sorted({t for doc in tokens for t in doc if LATIN.fullmatch(t)})
    rng = random.Random(4)
    bands: dict[str, list[str]] = {"rare": [], "medium": [], "frequent": []}
    for w in rng.sample(vocab, min(len(vocab), 3000)):
        df = native.doc_freq(w)
        band = "rare" if df <= 3 else "medium" if df <= 50 else "frequent"
        if len(bands[band]) < 12:
            bands[band].append(w)
    return bands


def _queries(native, tokens) -> list:
    bands = _words(native, tokens)
    words = [w for band in bands.values() for w in band]
    rng = random.Random(7)
    qs: list = [Term(w) for w in words]
    for _ in range(25):
        a, b = rng.sample(words, 2)
        qs += [And(a, b), Or(a, b), Not(Term(a), Term(b))]
    frequent = bands["frequent"]
    qs += [And(*rng.sample(frequent, 3)) for _ in range(5)]
    qs += [Or(*rng.sample(words, 4)) for _ in range(5)]
    # Phrases: consecutive Latin words of the articles, and some that are not there.
    for _ in range(30):
        doc = rng.choice([t for t in tokens if len(t) > 3])
        i = rng.randrange(len(doc) - 2)
        n = rng.choice([2, 2, 3])
        span = doc[i : i + n]
        if all(LATIN.fullmatch(t) for t in span):
            qs.append(Phrase(span))
            qs.append(Phrase(list(reversed(span))))
    return qs


def test_doc_id_sets_agree_with_tantivy(indexes):
    native, tv, tokens = indexes
    queries = _queries(native, tokens)
    assert len(queries) > 150
    nonempty = 0
    for q in queries:
        ours = native.match(q)
        np.testing.assert_array_equal(ours, tv.match(q), err_msg=str(q))
        assert native.count(q) == len(ours)
        nonempty += bool(len(ours))
    assert nonempty > len(queries) // 2


def test_query_strings_agree_with_tantivy(indexes):
    native, tv, _ = indexes
    for q in ['"die bundesregierung"', "regierung AND NOT wien", "wien OR graz", "österreich AND eu"]:
        np.testing.assert_array_equal(native.match(q), tv.match(q), err_msg=q)


def test_a_query_tantivy_will_not_expand_is_not_implemented():
    """tantivy 0.27 refuses a regex phrase past its expansion limit with a
    ValueError ("Phrase query exceeded max expansions"): a limit of the
    backend, which comparisons report as such; other errors pass through."""

    class Refusing:
        def __init__(self, message: str) -> None:
            self.message = message

        def search(self, query: object, **options: object) -> None:
            raise ValueError(self.message)

    query = tantivy_backend.tantivy.Query.all_query()
    with pytest.raises(NotImplementedError, match="exceeded max expansions"):
        tantivy_backend._run(Refusing("An invalid argument was passed: 'Phrase query exceeded max expansions 16683'"), query)
    with pytest.raises(ValueError, match="something else"):
        tantivy_backend._run(Refusing("something else"), query)
