"""Result values shared by every backend: ranked hits, concordance lines, collocates.

Example:
    >>> import numpy as np
    >>> from stichwort.results import Hits
    >>> h = Hits(np.array([3, 1], dtype=np.uint32), np.array([2.5, 1.0], dtype=np.float32), total=7)
    >>> [(int(i), float(s)) for i, s in h], len(h), h.total
    ([(3, 2.5), (1, 1.0)], 2, 7)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

import numpy as np

__all__ = ["Hits", "Concordance", "Collocates"]


@dataclass(frozen=True, eq=False, init=False)  # numpy fields: == would be ambiguous
class Hits:
    """Top-k documents of a ranked search.

    ``ids`` (uint32) and ``scores`` (float32) are in rank order: scores
    descending, equal scores by ascending doc id. ``total`` is the number of
    matching documents, which may exceed ``len(ids)``.
    """

    ids: np.ndarray
    scores: np.ndarray
    total: int

    def __init__(self, ids: np.ndarray, scores: np.ndarray, total: int) -> None:
        # Straight into the instance dict (as the engine's binding builds
        # its Hits): the frozen dataclass's own __init__ sets each field
        # through object.__setattr__, twice the cost, once per search.
        d = self.__dict__
        d["ids"] = ids
        d["scores"] = scores
        d["total"] = total

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[tuple[int, float]]:
        return iter(zip(self.ids.tolist(), self.scores.tolist()))


@dataclass(frozen=True)
class Concordance:
    """One KWIC line: ``text[start:end]`` of document ``doc_id`` is ``match``.

    ``left`` and ``right`` are the original text just before ``start`` and
    just after ``end``, at most ``width`` characters each.
    """

    doc_id: int
    left: str
    match: str
    right: str
    start: int
    end: int


@dataclass(frozen=True, eq=False)  # numpy fields: == would be ambiguous
class Collocates:
    """The collocates of a target, best first (score descending, then term ascending).

    ``f_xy[i]`` is the co-occurrence count of ``terms[i]`` with the target,
    ``f_y[i]`` the term's own frequency, ``f_x`` the target's frequency and
    ``n_tokens`` the corpus size N used by the measure (for scope="document"
    all four count documents instead of tokens).
    """

    terms: list[str]
    f_xy: np.ndarray
    f_y: np.ndarray
    scores: np.ndarray
    f_x: int
    n_tokens: int

    @classmethod
    def _of(cls, row: tuple[list[str], np.ndarray, np.ndarray, np.ndarray, int, int]) -> Collocates:
        """From the engine's (terms, f_xy, f_y, scores, f_x, n) as they are
        (already typed): the frozen dataclass's ``__init__`` sets each field
        through ``object.__setattr__``, a quarter of a rare target's call."""
        c = object.__new__(cls)
        c.__dict__.update(zip(_COLLOCATES_FIELDS, row))
        return c

    def __len__(self) -> int:
        return len(self.terms)


_COLLOCATES_FIELDS = tuple(f.name for f in fields(Collocates))  # the engine's order
