"""The shared backend interface: on every backend installed here, every method of
``INTERFACE`` either works or raises ``NotImplementedError`` (never
``AttributeError``), and docs/bench.md lists exactly that interface."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stichwort import backends
from stichwort.backends._base import INTERFACE
from stichwort.query import Filter, Term

DOCS = [
    {"text": "Die Regierung tagt in Berlin", "date": "2021-01-05", "fields": {"section": "Inland"}},
    {"text": "Die gemeinsame Sitzung der Regierung", "date": "2021-06-01", "fields": {"section": "Inland"}},
    {"text": "Sitzung gemeinsame Sitzung", "title": "Regierung", "date": "2023-01-01"},
]

#: A call of each interface method with arguments every backend accepts.
CALLS: dict[str, Callable[[Any], Any]] = {
    "add": lambda ix: ix.add("Noch eine Sitzung"),
    "add_many": lambda ix: ix.add_many(["Noch eine Sitzung", {"text": "und noch eine"}]),
    "commit": lambda ix: ix.commit(),
    "close": lambda ix: ix.close(),
    "num_docs": lambda ix: ix.num_docs,
    "__len__": len,
    "stats": lambda ix: ix.stats(),
    "search": lambda ix: ix.search(Term("sitzung"), limit=2),
    "count": lambda ix: ix.count(Term("sitzung")),
    "match": lambda ix: ix.match(Term("sitzung")),
    "phrase_counts": lambda ix: ix.phrase_counts(["gemeinsame", "sitzung"]),
    "search_batch": lambda ix: ix.search_batch([Term("sitzung"), Term("regierung")]),
    "delete": lambda ix: ix.delete(0),
    "document": lambda ix: ix.document(0),
    "doc_freq": lambda ix: ix.doc_freq("sitzung"),
    "coll_freq": lambda ix: ix.coll_freq("sitzung"),
    "postings": lambda ix: ix.postings("sitzung"),
    "positions": lambda ix: ix.positions("sitzung", 1),
    "kwic": lambda ix: ix.kwic(Term("sitzung")),
    "snippet": lambda ix: ix.snippet(Term("sitzung"), 1),
    "cooccurrence": lambda ix: ix.cooccurrence(Term("sitzung")),
    "cooccurrence_batch": lambda ix: ix.cooccurrence_batch([Term("sitzung")]),
    "cooccurrence_matrix": lambda ix: ix.cooccurrence_matrix(["sitzung", "gemeinsame"]),
    "timeline": lambda ix: ix.timeline(Term("sitzung")),
    "ngrams": lambda ix: ix.ngrams(2, min_count=1),
    "surface_forms": lambda ix: ix.surface_forms(["sitzung"]),
}

_BASICS = {"add", "add_many", "commit", "close", "num_docs", "__len__", "stats", "search"}
#: What each backend implements (docs/bench.md's table); the rest must raise NotImplementedError.
SUPPORTED = {
    "native": set(INTERFACE),
    "python": set(INTERFACE),
    "tantivy": _BASICS | {"count", "match"},
    "sqlite": _BASICS | {"count", "match", "phrase_counts"},
    "bm25s": _BASICS,
}

# The python reference lacks a few methods; they are being added in backends/python.py.
def test_calls_cover_the_interface() -> None:
    assert list(CALLS) == list(INTERFACE)
    assert set(SUPPORTED) == set(backends.names())


def _built(name: str) -> Any:
    if name not in backends.available():
        pytest.skip(f"backend {name} is not installed")
    ix = backends.get(name)
    ix.add_many(DOCS)
    ix.commit()
    return ix


@pytest.mark.parametrize("method", INTERFACE)
@pytest.mark.parametrize("name", list(SUPPORTED))
def test_every_method_works_or_raises_not_implemented(name: str, method: str) -> None:
    ix = _built(name)
    try:
        CALLS[method](ix)
    except NotImplementedError as e:
        assert method not in SUPPORTED[name], f"{name} should support {method}: {e}"
        assert str(e) == f"the {name} backend does not support {method}()"
    else:
        assert method in SUPPORTED[name], f"{name} runs {method}, but docs/bench.md says it cannot"


@pytest.mark.parametrize("name", ["tantivy", "sqlite"])
def test_a_query_as_filter_is_not_implemented(name: str) -> None:
    """The native index takes a query as filter; the comparison backends only a Filter."""
    ix = _built(name)
    assert ix.count(Term("sitzung"), filter=Filter(fields={"section": "Inland"})) == 1
    for call in (ix.count, ix.match, ix.search):
        with pytest.raises(NotImplementedError, match=f"the {name} backend takes a stichwort.Filter"):
            call(Term("sitzung"), filter=Term("regierung"))
        with pytest.raises(TypeError):
            call(Term("sitzung"), filter={"section": "Inland"})


@pytest.mark.parametrize("name", ["tantivy", "sqlite", "bm25s"])
def test_comparison_backends_are_context_managers(name: str) -> None:
    with _built(name) as ix:
        assert len(ix) == ix.num_docs == len(DOCS)


def test_docs_list_the_interface() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "bench.md").read_text(encoding="utf-8")
    para = text[text.index("(`INTERFACE` in") : text.index("What a backend cannot do")]
    listed = re.findall(r"`([\w()]+)`", para.split(":", 1)[1])
    assert [n.replace("len()", "__len__") for n in listed] == list(INTERFACE)
