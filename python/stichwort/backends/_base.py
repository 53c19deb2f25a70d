"""The shared interface of the index backends, and the base of the comparison ones.

:data:`INTERFACE` names what every backend offers, with the signatures of
``stichwort.Index`` (the native backend); the management methods of the
native index (``merge``, ``reload``, ``path``, ...) are not part of it.
:class:`ComparisonIndex` is the base of the tantivy, sqlite and bm25s
backends: every interface method one of them does not implement raises
``NotImplementedError`` naming the backend and the method (not an
``AttributeError``), so callers such as ``stichwort bench`` can report it as
unsupported.

Example:
    >>> class Tiny(ComparisonIndex):
    ...     name = "tiny"
    ...     num_docs = 0
    ...     def close(self) -> None: ...
    >>> Tiny().kwic("nato")
    Traceback (most recent call last):
    ...
    NotImplementedError: the tiny backend does not support kwic()
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

from stichwort.query import And, Filter, Not, Or, Phrase, Query, QueryLike, Term
from stichwort.results import Collocates, Concordance, Hits

__all__ = ["INTERFACE", "ComparisonIndex", "checked_limit", "without_empty_clauses"]

#: The methods (and the ``num_docs`` property) every backend has; a backend
#: that cannot do one raises ``NotImplementedError`` when it is called.
INTERFACE = (
    "add",
    "add_many",
    "commit",
    "close",
    "num_docs",
    "__len__",
    "stats",
    "search",
    "count",
    "match",
    "phrase_counts",
    "search_batch",
    "delete",
    "document",
    "doc_freq",
    "coll_freq",
    "postings",
    "positions",
    "kwic",
    "snippet",
    "cooccurrence",
    "cooccurrence_batch",
    "cooccurrence_matrix",
    "timeline",
    "ngrams",
    "surface_forms",
)

_Ids = npt.NDArray[np.uint32]


def checked_limit(limit: Any) -> int | None:
    """A search ``limit`` as the backends take it: an int >= 0, or None for
    every match (ValueError otherwise).

    Example:
        >>> checked_limit(10), checked_limit(None)
        (10, None)
    """
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be an int >= 0 or None, got {limit!r}")
    return limit


def without_empty_clauses(q: Query, has_tokens: Callable[[str], bool]) -> Query | None:
    """``q`` without its clauses that have no terms (a Term or Phrase whose
    words analyse to no token, an And or Or of only such clauses, a Not whose
    positive is one), as the reference leaves them out of the And, Or or Not
    around them; None when ``q`` itself has no terms (it matches nothing).
    ``has_tokens(text)``: whether the backend's analyzer makes a token of text.

    Example:
        >>> without_empty_clauses(And("nato", Not("!", "eu")), lambda t: t.isalnum())
        And(Term('nato'))
    """
    if isinstance(q, Term):
        return q if has_tokens(q.text) else None
    if isinstance(q, Phrase):
        return q if has_tokens(" ".join(q.words)) else None
    if isinstance(q, (And, Or)):
        kept = [c for c in (without_empty_clauses(c, has_tokens) for c in q.clauses) if c is not None]
        return type(q)(*kept) if kept else None
    if isinstance(q, Not):
        positive = without_empty_clauses(q.positive, has_tokens)
        if positive is None:
            return None
        negative = without_empty_clauses(q.negative, has_tokens)
        return positive if negative is None else Not(positive, negative)
    return q  # Near, Prefix, All, FieldValue, DateRange: have terms (a term-less side of Near matches nothing)


class ComparisonIndex(ABC):
    """Base of the comparison backends: what a subclass does not override raises NotImplementedError."""

    #: The backend's name in ``stichwort.backends``, used in the error messages.
    name: ClassVar[str]

    @property
    @abstractmethod
    def num_docs(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __len__(self) -> int:
        return self.num_docs

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _unsupported(self, method: str) -> NotImplementedError:
        return NotImplementedError(f"the {self.name} backend does not support {method}()")

    def _filter_query(self, filter: Filter | Query | None) -> Query | None:
        """The restriction of a ``Filter`` as a query (None: none). A query as filter,
        which the native index takes, is beyond the comparison backends."""
        if filter is None or isinstance(filter, Filter):
            return None if filter is None else filter.to_query()
        if isinstance(filter, (str, Query)):
            raise NotImplementedError(f"the {self.name} backend takes a stichwort.Filter as filter, not a query")
        raise TypeError(f"filter must be a stichwort.Filter or None, not {type(filter).__name__}")

    # -- the rest of the interface: unsupported unless a subclass implements it --
    def count(self, q: QueryLike, filter: Filter | Query | None = None) -> int:
        raise self._unsupported("count")

    def match(self, q: QueryLike, filter: Filter | Query | None = None) -> _Ids:
        raise self._unsupported("match")

    def phrase_counts(self, terms: Iterable[str] | str, slop: int = 0) -> tuple[_Ids, _Ids]:
        raise self._unsupported("phrase_counts")

    def search_batch(
        self, queries: Iterable[QueryLike], limit: int | None = 10, threads: int | None = None
    ) -> list[Hits]:
        raise self._unsupported("search_batch")

    def delete(self, doc_id: int) -> None:
        raise self._unsupported("delete")

    def document(self, doc_id: int) -> dict[str, Any]:
        raise self._unsupported("document")

    def doc_freq(self, term: str) -> int:
        raise self._unsupported("doc_freq")

    def coll_freq(self, term: str) -> int:
        raise self._unsupported("coll_freq")

    def postings(self, term: str) -> tuple[_Ids, _Ids]:
        raise self._unsupported("postings")

    def positions(self, term: str, doc_id: int) -> _Ids:
        raise self._unsupported("positions")

    def kwic(self, q: QueryLike, width: int = 40, limit: int | None = 100) -> list[Concordance]:
        raise self._unsupported("kwic")

    def snippet(self, q: QueryLike, doc_id: int, width: int = 160) -> str:
        raise self._unsupported("snippet")

    def cooccurrence(
        self,
        target: QueryLike,
        window: int = 5,
        top: int | None = 50,
        measure: str = "logdice",
        min_count: int = 1,
        filter: Filter | Query | None = None,
        scope: str = "window",
    ) -> Collocates:
        raise self._unsupported("cooccurrence")

    def cooccurrence_batch(
        self,
        targets: Iterable[QueryLike],
        window: int = 5,
        top: int | None = 50,
        measure: str = "logdice",
        min_count: int = 1,
        filter: Filter | Query | None = None,
        scope: str = "window",
    ) -> list[Collocates]:
        raise self._unsupported("cooccurrence_batch")

    def cooccurrence_matrix(self, terms: Iterable[str], window: int = 5) -> Any:
        raise self._unsupported("cooccurrence_matrix")

    def timeline(
        self, q: QueryLike, by: str = "month", filter: Filter | Query | None = None
    ) -> tuple[npt.NDArray[np.datetime64], _Ids]:
        raise self._unsupported("timeline")

    def ngrams(
        self,
        n: int = 2,
        min_count: int = 5,
        top: int | None = 100,
        filter: Filter | Query | None = None,
        stopwords: bool = True,
    ) -> list[tuple[tuple[str, ...], int]]:
        raise self._unsupported("ngrams")

    def surface_forms(self, terms: Iterable[str], docs: int = 16) -> list[str | None]:
        raise self._unsupported("surface_forms")
