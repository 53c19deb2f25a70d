"""stichwort: search and corpus analysis for German news archives.

A Rust core (tokenisation, positional inverted index, queries, co-occurrence)
behind a thin, typed Python API; see ``../shared/API.md`` for the contract.

Example:
    >>> import stichwort
    >>> stichwort.__version__ != ""
    True
"""

from __future__ import annotations

from stichwort import backends  # API.md: `stichwort.backends.available()` after `import stichwort`
from stichwort._core import Analyzer, Token, __version__
from stichwort.errors import (
    CorruptIndexError,
    IndexLockedError,
    InternalError,
    QueryError,
    SchemaError,
    StichwortError,
)
from stichwort.index import Index
from stichwort.query import (
    All,
    And,
    DateRange,
    FieldValue,
    Filter,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    Wildcard,
    Query,
    Term,
    parse,
)

__all__ = [
    "__version__",
    "Analyzer",
    "Token",
    "Index",
    "backends",
    "StichwortError",
    "QueryError",
    "CorruptIndexError",
    "IndexLockedError",
    "SchemaError",
    "InternalError",
    "Query",
    "Term",
    "And",
    "Or",
    "Not",
    "Phrase",
    "Near",
    "Prefix",
    "Wildcard",
    "All",
    "FieldValue",
    "DateRange",
    "Filter",
    "parse",
]
