"""Large targets against the pure-Python reference.

The differential tests of test_cooccurrence_differential.py draw corpora
too small for the engine's parallel paths. Here targets hold thousands of
occurrences, so that their counting is cut into chunks that the calling
thread and helper threads claim (one segment and several, hits named
as global ids), and targets in over 1,024 documents of several segments
are read and counted segment by segment in one parallel step; with
deletions and filters; and vocabularies wide enough that the counts are
added up and scored in several ranges of ids. Results must equal the
reference's bit for bit.
"""

from __future__ import annotations

import random

import pytest

import stichwort
from stichwort import Filter, Near, Or, Phrase, Term
from stichwort.backends.python import ReferenceIndex

from test_cooccurrence_differential import DATES, SEPS, WORDS, assert_same_collocates

TARGETS = [
    Term("nato"),
    Term("die"),
    Phrase(["nato", "haus"]),
    Near(Term("nato"), Term("haus"), 2),
    Or(Term("eu"), Phrase(["die", "x"])),
]
FILTERS = [None, Filter(fields={"section": "Inland"}), Filter(date_from="2022-01-01", date_to="2022-12-31")]


def corpus(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        words = rng.randint(0, 60)
        docs.append(
            {
                "text": "".join(rng.choice(WORDS) + rng.choice(SEPS) for _ in range(words)),
                "date": rng.choice(DATES),
                "fields": {"section": rng.choice(["Inland", "Web"])},
            }
        )
    return docs


def build(docs: list[dict], segments: int) -> tuple[stichwort.Index, ReferenceIndex]:
    native, ref = stichwort.Index(analyzer="simple"), ReferenceIndex(analyzer="simple")
    per = -(-len(docs) // segments)
    for i, d in enumerate(docs):
        for ix in (native, ref):
            ix.add(d["text"], title="title", date=d["date"], fields=d["fields"])
        if (i + 1) % per == 0:
            native.commit()
            ref.commit()
    for k in range(0, len(docs), 7):
        native.delete(k)
        ref.delete(k)
    native.commit()
    ref.commit()
    return native, ref


@pytest.fixture(scope="module", params=[1, 4], ids=["one-segment", "four-segments"])
def indexes(request: pytest.FixtureRequest) -> tuple[stichwort.Index, ReferenceIndex]:
    native, ref = build(corpus(2000, seed=request.param), request.param)
    assert native.stats()["num_segments"] == request.param
    return native, ref


@pytest.mark.parametrize("scope", ["window", "sentence", "document"])
@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_large_targets_equal_reference(indexes: tuple, target: object, scope: str) -> None:
    native, ref = indexes
    for filt, measure, top in zip(FILTERS, ("logdice", "llr", "count"), (50, None, 3)):
        kw = dict(window=4, top=top, measure=measure, scope=scope, filter=filt)
        want = ref.cooccurrence(target, **kw)
        assert_same_collocates(native.cooccurrence(target, **kw), want, f"{target} {kw}")


def test_batch_equals_reference(indexes: tuple) -> None:
    # The batch computes each target whole in one thread, largest first:
    # the same results, in the order of the targets.
    native, ref = indexes
    kw = dict(window=3, top=20, measure="mi")
    targets = TARGETS + TARGETS[::-1]
    got = native.cooccurrence_batch(targets, **kw)
    assert len(got) == len(targets)
    for c, t in zip(got, targets):
        assert_same_collocates(c, ref.cooccurrence(t, **kw), f"batch {t} {kw}")
    assert native.cooccurrence_batch([], **kw) == []


def test_a_bad_target_fails_the_batch(indexes: tuple) -> None:
    native, _ = indexes
    with pytest.raises(stichwort.QueryError):
        native.cooccurrence_batch(["die", "(die OR"])
    with pytest.raises(stichwort.SchemaError):
        native.cooccurrence_batch(["die", Term("die", field="author")])
    with pytest.raises(TypeError):
        native.cooccurrence_batch(["die", 3])
    with pytest.raises(TypeError):
        native.cooccurrence_batch("die")


def test_targets_are_large_enough(indexes: tuple) -> None:
    # The paths this file is for: thousands of occurrences, over 1,024 documents.
    native, _ = indexes
    c = native.cooccurrence(Term("die"), top=1)
    assert c.f_x > 2000
    assert native.cooccurrence(Term("die"), top=1, scope="document").f_x > 1024


def wide_corpus(n: int, seed: int) -> list[dict]:
    """Documents of made-up words from a vocabulary of 80,000, with "die"
    one token in ten and "nato" one in a hundred: tens of thousands of
    distinct collocates, so that their counts are added up and scored in
    several ranges of ids (and, per call, shared)."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(80_000)]

    def token() -> str:
        x = rng.random()
        return "die" if x < 0.1 else "nato" if x < 0.11 else rng.choice(vocab)

    return [
        {"text": " ".join(token() for _ in range(80)), "date": rng.choice(DATES), "fields": {"section": "Inland"}}
        for _ in range(n)
    ]


@pytest.fixture(scope="module", params=[1, 3], ids=["one-segment", "three-segments"])
def wide_indexes(request: pytest.FixtureRequest) -> tuple[stichwort.Index, ReferenceIndex]:
    return build(wide_corpus(3000, seed=request.param), request.param)


def test_wide_vocabularies_equal_reference(wide_indexes: tuple) -> None:
    native, ref = wide_indexes
    calls = [
        (Term("die"), dict(window=4, top=None, measure="count")),
        (Term("die"), dict(window=4, top=50, measure="logdice")),
        (Term("nato"), dict(window=3, top=None, measure="dice", min_count=2)),
        (Term("nato"), dict(window=5, top=20, measure="tscore", filter=FILTERS[2])),
    ]
    for target, kw in calls:
        want = ref.cooccurrence(target, **kw)
        assert_same_collocates(native.cooccurrence(target, **kw), want, f"{target} {kw}")
        # A batch of two ranks each target alone in its thread, in fewer ranges.
        for got in native.cooccurrence_batch([target, target], **kw):
            assert_same_collocates(got, want, f"batch {target} {kw}")
    # The paths this test is for: more distinct collocates than one range holds.
    assert len(native.cooccurrence(Term("die"), window=4, top=None, measure="count")) > 32_768
    assert 2048 < len(native.cooccurrence(Term("nato"), window=3, top=None, measure="count")) < 32_768
