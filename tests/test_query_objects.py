"""Query objects as the engine reads them: the nodes of ``stichwort.query``
by their fields (no ``to_tuple()``), anything else through ``to_tuple()``;
and the ``Hits`` the binding builds itself."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stichwort
from stichwort.query import All, And, FieldValue, Near, Not, Or, Phrase, Prefix, Term
from stichwort.results import Hits

from query_strategies import query_trees

_words = st.sampled_from(["nato", "eu", "tagt", "die", "Brüssel", "gipfel", "xyz", "NATO"])
_field = st.sampled_from([None, None, "title"])
_leaves = st.one_of(
    st.builds(Term, _words, _field),
    st.builds(Phrase, st.lists(_words, min_size=1, max_size=3), st.integers(0, 2), _field),
    st.builds(Prefix, st.sampled_from(["n", "br", "t"]), _field),
    st.builds(FieldValue, st.just("section"), st.sampled_from(["Web", "Inland"])),
    st.just(All()),
)
_trees = query_trees(_leaves)


@pytest.fixture(scope="module")
def ix():
    ix = stichwort.Index(analyzer="simple")
    ix.add_many(
        [
            "die nato tagt in brüssel",
            {"text": "nato und eu beraten", "title": "Gipfel in Brüssel", "fields": {"section": "Web"}},
            "die eu tagt ohne die nato",
        ]
    )
    return ix


@settings(max_examples=200, deadline=None)
@given(_trees)
def test_objects_and_their_tuples_give_the_same_results(ix, q: stichwort.Query) -> None:
    core = ix._core
    try:
        expected = core.search(q.to_tuple(), None, None)
    except ValueError as e:  # QueryError and SchemaError are ValueErrors
        with pytest.raises(type(e)):
            core.search(q, None, None)
        return
    got = core.search(q, None, None)
    assert got.ids.tolist() == expected.ids.tolist()
    assert got.scores.tolist() == expected.scores.tolist()
    assert got.total == expected.total == core.count(q, None)


class _MyTerm(Term):
    """A subclass is not read by its fields but through its to_tuple()."""

    __slots__ = ()

    def to_tuple(self) -> tuple:
        return ("term", "eu", None)


def test_subclass_goes_through_to_tuple(ix):
    assert ix.count(_MyTerm("nato")) == 2
    assert ix.count(And(_MyTerm("nato"), "tagt")) == 1


@pytest.mark.parametrize(
    ("node", "field", "value", "error"),
    [
        (Term("nato"), "text", 7, TypeError),
        (Term("nato"), "field", b"title", TypeError),
        (And("nato", "eu"), "clauses", (), ValueError),
        (And("nato", "eu"), "clauses", 3, TypeError),
        (Or("nato", "eu"), "clauses", ("nato",), TypeError),
        (Phrase(["nato", "eu"]), "words", (), ValueError),
        (Phrase(["nato", "eu"]), "slop", -1, ValueError),
        (Near(Term("nato"), Term("eu"), 2), "distance", 0, ValueError),
        (Not(Term("nato"), Term("eu")), "negative", None, TypeError),
    ],
)
def test_tampered_fields_raise(ix, node, field, value, error):
    object.__setattr__(node, field, value)
    with pytest.raises(error):
        ix.count(node)
    with pytest.raises(error):
        ix.search(node)


def test_clauses_may_be_any_iterable(ix):
    q = Or("nato", "eu")
    object.__setattr__(q, "clauses", iter([Term("brüssel"), Term("gipfel", field="title")]))
    assert ix.count(q) == 2


def test_deep_object_trees_raise_value_error(ix):
    q: stichwort.Query = Term("nato")
    for _ in range(600):
        q = Not(q, Term("xyz"))
    with pytest.raises(ValueError, match="deeply"):
        ix.count(q)
    q = Term("nato")
    for _ in range(512):  # the engine's limit
        q = And(q)
    assert ix.count(q) == 3


def test_search_returns_frozen_hits(ix):
    h = ix.search(Or("nato", "eu"), limit=2)
    assert type(h) is Hits
    assert (h.ids.dtype, h.scores.dtype, h.total) == (np.uint32, np.float32, 3)
    assert len(h) == 2 and [i for i, _ in h] == h.ids.tolist()
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.total = 1  # type: ignore[misc]
    assert dataclasses.replace(h, total=5).total == 5
    batch = ix.search_batch(["nato", "eu"], limit=1)
    assert [type(b) for b in batch] == [Hits, Hits]
    assert [b.total for b in batch] == [3, 2]


@given(st.lists(st.integers(0, 2**32 - 2), max_size=5), st.integers(0, 10))
def test_hits_constructor_keeps_its_fields(ids, total):
    a = np.array(ids, dtype=np.uint32)
    s = np.ones(len(ids), dtype=np.float32)
    for h in (Hits(a, s, total), Hits(ids=a, scores=s, total=total)):
        assert h.ids is a and h.scores is s and h.total == total
        assert [f.name for f in dataclasses.fields(h)] == ["ids", "scores", "total"]


def test_numpy_integers_are_whole_numbers_as_everywhere():
    assert Near("a", "b", np.int32(2)) == Near("a", "b", 2)
    assert Phrase(["a", "b"], slop=np.uint8(1)) == Phrase(["a", "b"], slop=1)
    for bad in (True, 2.0, "2", np.float64(2)):
        with pytest.raises(TypeError, match="must be an int"):
            Near("a", "b", bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Near("a", "b", np.int64(0))


# -- Filter ---------------------------------------------------------------------------
@pytest.mark.parametrize("value", [5, None, 2.5, b"Inland", {"Inland": "x"}])
def test_filter_value_of_a_wrong_type_names_the_field_and_the_types(value: object) -> None:
    with pytest.raises(TypeError) as e:
        stichwort.Filter(fields={"section": value})  # type: ignore[dict-item]
    assert str(e.value) == f"filter field 'section' must map to a str or an iterable of str, got {type(value).__name__}"


def test_filter_values_are_a_str_or_any_iterable_of_str() -> None:
    flt = stichwort.Filter(fields={"section": iter(["Inland", "Web"]), "source": "dpa", "topic": ("a",)})
    assert flt.fields == {"section": ("Inland", "Web"), "source": ("dpa",), "topic": ("a",)}
    with pytest.raises(TypeError, match="filter value of section must be a str, got int"):
        stichwort.Filter(fields={"section": [5]})  # type: ignore[list-item]
