"""Interchangeable index backends behind one interface.

``get(name)`` returns a NEW, empty index-like object: ``"native"`` is the
Rust core (``stichwort.Index`` in memory), ``"python"`` the pure-Python
reference (:class:`stichwort.backends.python.ReferenceIndex`), the oracle of
the differential tests. ``available()`` lists the names whose code imports.

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

from collections.abc import Callable
from typing import Any

__all__ = ["available", "get"]


def _native(**kwargs: Any) -> Any:
    from stichwort import Index  # type: ignore[attr-defined]

    return Index(path=None, **kwargs)


def _python(**kwargs: Any) -> Any:
    from stichwort.backends.python import ReferenceIndex

    return ReferenceIndex(**kwargs)


def _native_importable() -> bool:
    try:
        from stichwort import Index  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return False
    return True


def _python_importable() -> bool:
    return True


# name -> (is importable, factory); in the order available() reports them.
_BACKENDS: dict[str, tuple[Callable[[], bool], Callable[..., Any]]] = {
    "native": (_native_importable, _native),
    "python": (_python_importable, _python),
}


def available() -> list[str]:
    """Names of the backends whose code can be imported here."""
    return [name for name, (importable, _) in _BACKENDS.items() if importable()]


def get(name: str, **kwargs: Any) -> Any:
    """A new, empty index of backend ``name``; ``kwargs`` go to its constructor (e.g. ``analyzer``)."""
    if not isinstance(name, str):
        raise TypeError(f"backend name must be a str, got {type(name).__name__}")
    if name not in _BACKENDS:
        raise ValueError(f"unknown backend {name!r}; valid: {', '.join(_BACKENDS)}")
    return _BACKENDS[name][1](**kwargs)
