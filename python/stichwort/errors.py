"""The exception hierarchy of stichwort.

Every error stichwort raises on purpose is a :class:`StichwortError`;
``QueryError`` is also a ``ValueError`` so that generic handlers catch it.

Example:
    >>> import stichwort
    >>> issubclass(stichwort.QueryError, ValueError)
    True
"""

from __future__ import annotations

__all__ = [
    "StichwortError",
    "QueryError",
    "CorruptIndexError",
    "IndexLockedError",
    "SchemaError",
    "InternalError",
]


class StichwortError(Exception):
    """Base class of every error stichwort raises on purpose."""


class QueryError(StichwortError, ValueError):
    """A query that cannot be run; the message names the position and what was expected."""


class CorruptIndexError(StichwortError):
    """A damaged, truncated or foreign file in an index folder; the message names the file."""


class IndexLockedError(StichwortError):
    """A second writer tried to open a folder that another writer holds."""


class SchemaError(StichwortError):
    """A field or option that the index does not have: a text field other
    than the body and "title", a metadata field that no document was ever
    added with, an analyzer that differs from the stored one."""


class InternalError(StichwortError):
    """A bug inside stichwort (a Rust panic caught at the boundary); please report it."""
