"""stichwort: search and corpus analysis for German news archives.

A Rust core (tokenisation, positional inverted index, queries, co-occurrence)
behind a thin, typed Python API; see ``../shared/API.md`` for the contract.

Example:
    >>> import stichwort
    >>> stichwort.__version__ != ""
    True
"""

from __future__ import annotations

from stichwort._core import __version__
from stichwort.index import Index
from stichwort.errors import (
    CorruptIndexError,
    IndexLockedError,
    InternalError,
    QueryError,
    SchemaError,
    StichwortError,
)

__all__ = [
    "__version__",
    "Index",
    "StichwortError",
    "QueryError",
    "CorruptIndexError",
    "IndexLockedError",
    "SchemaError",
    "InternalError",
]
