"""Result types shared by every backend.

Example:
    >>> import numpy as np
    >>> h = Hits(np.array([3, 1], dtype=np.uint32), np.array([2.5, 1.0], dtype=np.float32), 7)
    >>> h.total, h.ids.tolist()
    (7, [3, 1])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Hits:
    """Top-k documents of a ranked search.

    ``ids`` (uint32) in rank order, ``scores`` (float32, BM25, descending,
    ties broken by ascending id), ``total`` the number of matching documents.
    """

    ids: np.ndarray
    scores: np.ndarray
    total: int

    def __len__(self) -> int:
        return len(self.ids)
