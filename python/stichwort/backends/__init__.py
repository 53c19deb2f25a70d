"""Interchangeable index backends behind one interface.

``get(name)`` returns a NEW, empty index-like object: ``"native"`` is the
Rust core (``stichwort.Index``, in memory unless ``path=`` is given),
``"python"`` the pure-Python reference
(:class:`stichwort.backends.python.ReferenceIndex`), the oracle of the
differential tests, and for comparisons ``"tantivy"`` (tantivy-py),
``"sqlite"`` (SQLite FTS5 from the standard library) and ``"bm25s"``
(ranking only); see docs/bench.md for what each supports. Every backend
has the methods named in :data:`stichwort.backends._base.INTERFACE`; what
one cannot do raises ``NotImplementedError`` naming the backend and the
method. ``available()`` lists the names whose code imports here; the
optional ones (tantivy, bm25s: the ``bench`` extra) are left out silently
when missing.

Example:
    >>> from stichwort import backends
    >>> from stichwort.query import Term
    >>> "python" in backends.available()
    True
    >>> ix = backends.get("python")
    >>> ix.add("Die NATO tagt.")
    0
    >>> ix.commit()
    >>> ix.count(Term("nato"))
    1
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["available", "get", "names"]


def _native(**kwargs: Any) -> Any:
    from stichwort import Index  # type: ignore[attr-defined]

    return Index(**{"path": None, **kwargs})


def _python(**kwargs: Any) -> Any:
    from stichwort.backends.python import ReferenceIndex

    return ReferenceIndex(**kwargs)


def _tantivy(**kwargs: Any) -> Any:
    from stichwort.backends.tantivy_backend import TantivyIndex

    return TantivyIndex(**kwargs)


def _sqlite(**kwargs: Any) -> Any:
    from stichwort.backends.sqlite_backend import SqliteIndex

    return SqliteIndex(**kwargs)


def _bm25s(**kwargs: Any) -> Any:
    from stichwort.backends.bm25s_backend import Bm25sIndex

    return Bm25sIndex(**kwargs)


def _native_importable() -> bool:
    try:
        from stichwort import Index  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return False
    return True


def _python_importable() -> bool:
    return True


def _module_importable(module: str) -> Callable[[], bool]:
    def importable() -> bool:
        try:
            importlib.import_module(module)
        except ImportError:
            return False
        return True

    return importable


# name -> (is importable, factory); in the order available() reports them.
_BACKENDS: dict[str, tuple[Callable[[], bool], Callable[..., Any]]] = {
    "native": (_native_importable, _native),
    "python": (_python_importable, _python),
    "tantivy": (_module_importable("stichwort.backends.tantivy_backend"), _tantivy),
    "sqlite": (_module_importable("stichwort.backends.sqlite_backend"), _sqlite),
    "bm25s": (_module_importable("stichwort.backends.bm25s_backend"), _bm25s),
}


def names() -> list[str]:
    """Every backend name, installed here or not."""
    return list(_BACKENDS)


def available() -> list[str]:
    """Names of the backends whose code can be imported here."""
    return [name for name, (importable, _) in _BACKENDS.items() if importable()]


def get(name: str, **kwargs: Any) -> Any:
    """A new, empty index of backend ``name``; ``kwargs`` go to its constructor (e.g. ``analyzer``, ``path``).

    Raises:
        ValueError: ``name`` is not a backend (the message lists the valid ones).
        ImportError: the backend exists but its package is not installed here.
    """
    if not isinstance(name, str):
        raise TypeError(f"backend name must be a str, got {type(name).__name__}")
    if name not in _BACKENDS:
        raise ValueError(f"unknown backend {name!r}; valid: {', '.join(_BACKENDS)}")
    importable, factory = _BACKENDS[name]
    if not importable():
        raise ImportError(f"backend {name!r} is not available here (install the 'bench' extra)")
    return factory(**kwargs)
