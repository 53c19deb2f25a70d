"""Search backends behind one interface, so they can be compared side by side.

``get(name, **kwargs)`` returns a new, empty index-like object (``add``,
``add_many``, ``commit``, ``search``, ``count``, ``match``, ``stats``,
``size_bytes``, ``close``; ``phrase_counts`` and co-occurrence where the
backend can, else ``NotImplementedError``). ``available()`` lists the
backends that can be imported here; the optional ones (tantivy, bm25s) come
with the ``bench`` extra and are left out silently when missing.

Example:
    >>> from stichwort import backends
    >>> "sqlite" in backends.available()
    True
    >>> ix = backends.get("sqlite")
    >>> ix.add("Die Sitzung beginnt")
    0
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["BACKENDS", "available", "get"]


def _native(**kwargs: Any) -> Any:
    from stichwort import Index  # type: ignore[attr-defined]

    kwargs.setdefault("analyzer", "simple")
    return Index(**kwargs)


def _python(**kwargs: Any) -> Any:
    from stichwort.backends.python import ReferenceIndex  # type: ignore[import-not-found]

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


# name -> (factory, module whose import decides availability, attribute it must have)
BACKENDS: dict[str, tuple[Callable[..., Any], str, str | None]] = {
    "native": (_native, "stichwort", "Index"),
    "python": (_python, "stichwort.backends.python", "ReferenceIndex"),
    "tantivy": (_tantivy, "stichwort.backends.tantivy_backend", None),
    "sqlite": (_sqlite, "stichwort.backends.sqlite_backend", None),
    "bm25s": (_bm25s, "stichwort.backends.bm25s_backend", None),
}


def _importable(module: str, attr: str | None) -> bool:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return attr is None or hasattr(mod, attr)


def available() -> list[str]:
    """Names of the backends that can run here, in a fixed order."""
    return [name for name, (_, module, attr) in BACKENDS.items() if _importable(module, attr)]


def get(name: str, **kwargs: Any) -> Any:
    """A new, empty index of backend ``name``; ``kwargs`` go to its constructor (e.g. ``path``).

    Raises:
        ValueError: ``name`` is not a backend (the message lists the valid ones).
        ImportError: the backend exists but its package is not installed.
    """
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; valid: {', '.join(BACKENDS)}")
    factory, module, attr = BACKENDS[name]
    if not _importable(module, attr):
        raise ImportError(f"backend {name!r} is not available here (install the 'bench' extra)")
    return factory(**kwargs)
