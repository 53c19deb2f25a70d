"""bm25s behind the stichwort interface, for ranking only.

bm25s scores bags of words, so this backend runs ``search`` for ``Term`` and
``Or`` of terms (the documents that contain any of the words, ranked by the
sum of their BM25 scores: ``method="lucene"``, k1 = 1.2, b = 0.75). Documents
are analysed with the "simple" analyzer in Python; the index is built from
all documents at ``commit``, so adding after a commit rebuilds it. ``count``,
``match``, phrases and co-occurrence raise ``NotImplementedError``. Ties
break by doc id.

Example:
    >>> from stichwort.backends.bm25s_backend import Bm25sIndex
    >>> from stichwort.query import Term
    >>> ix = Bm25sIndex()
    >>> ix.add_many(["die Sitzung", "die gemeinsame Sitzung der Regierung"]).tolist()
    [0, 1]
    >>> ix.commit()
    >>> ix.search(Term("regierung")).ids.tolist()
    [1]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import bm25s  # type: ignore[import-untyped]
import numpy as np

from stichwort.backends._base import ComparisonIndex, checked_limit
from stichwort.backends._docs import as_doc
from stichwort.backends._simple import simple_terms
from stichwort.query import Filter, Or, Query, QueryLike, Term, as_query
from stichwort.results import Hits

__all__ = ["Bm25sIndex"]


class Bm25sIndex(ComparisonIndex):
    """A bm25s retriever over the body text (ranking only)."""

    name = "bm25s"

    def __init__(self, *, k1: float = 1.2, b: float = 0.75) -> None:
        self._k1 = k1
        self._b = b
        self._docs: list[list[str]] = []
        self._retriever: Any = None
        self._vocab: set[str] = set()
        self._built = 0

    def add(self, text: str, *, title: str | None = None, date: object = None, fields: dict[str, str] | None = None) -> int:
        """Adds one document; returns its doc id (searchable after ``commit``)."""
        return int(self.add_many([as_doc(text, title=title, date=date, fields=fields).text])[0])

    def add_many(self, docs: Iterable[Any], *, progress: bool = False) -> np.ndarray:
        """Adds documents (str or dicts with "text"); returns their ids."""
        first = len(self._docs)
        self._docs.extend(simple_terms(as_doc(d).text) for d in docs)
        return np.arange(first, len(self._docs), dtype=np.uint32)

    def commit(self) -> None:
        """(Re)builds the bm25s index over every document added so far."""
        if self._built == len(self._docs):
            return
        self._retriever = bm25s.BM25(k1=self._k1, b=self._b, method="lucene")
        self._retriever.index(self._docs, show_progress=False)
        self._vocab = set(self._retriever.vocab_dict)
        self._built = len(self._docs)

    def _words(self, q: Query) -> list[str]:
        if isinstance(q, Term) and q.field is None:
            return simple_terms(q.text)
        if isinstance(q, Or):
            return [w for c in q.clauses for w in self._words(c)]
        raise NotImplementedError(f"bm25s ranks bags of words: Term and Or only, not {type(q).__name__}")

    def search(self, q: QueryLike, limit: int | None = 10, filter: Filter | Query | None = None) -> Hits:
        """Top ``limit`` documents containing any query word, by BM25, ties by doc id (None: all)."""
        limit = checked_limit(limit)
        if filter is not None:
            raise NotImplementedError("bm25s has no filters")
        words = [w for w in self._words(as_query(q)) if w in self._vocab]
        if not words or self._retriever is None:
            return Hits(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32), 0)
        scores = np.asarray(self._retriever.get_scores(words), dtype=np.float32)
        hit = np.flatnonzero(scores > 0)
        order = hit[np.lexsort((hit, -scores[hit]))][:limit]  # [:None]: all
        return Hits(order.astype(np.uint32), scores[order], int(hit.size))

    @property
    def num_docs(self) -> int:
        return len(self._docs)

    def size_bytes(self) -> None:
        """In memory only: None."""
        return None

    def stats(self) -> dict[str, int | None]:
        """num_docs, num_tokens, vocab_size of the built index; no segments, no file."""
        return {
            "num_docs": len(self._docs),
            "num_tokens": sum(map(len, self._docs)),
            "vocab_size": len(self._vocab),
            "num_segments": None,
            "size_bytes": None,
        }

    def close(self) -> None:
        self._docs = []
        self._retriever = None
