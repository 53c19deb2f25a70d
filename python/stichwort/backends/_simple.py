"""The "simple" analysis of API.md in plain Python, for backends that cannot run it themselves.

Python's ``re`` defines ``\\w`` as ``str.isalnum() or "_"``, so ``[^\\W_]+`` is
exactly the maximal runs of alphanumeric characters.

Example:
    >>> simple_terms("Die U-Bahn fährt, ΟΔΟΣ!")
    ['die', 'u', 'bahn', 'fährt', 'οδος']
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[^\W_]+")


def nfc(text: str) -> str:
    """NFC form of ``text``, without copying text that already is NFC."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def simple_terms(text: str) -> list[str]:
    """The terms of ``text`` under the "simple" analyzer, in order."""
    return [t.lower() for t in _TOKEN.findall(nfc(text))]


def simple_wildcard(pattern: str) -> tuple[str, str]:
    """A ``Wildcard`` pattern as the simple analyzer reads it: ("term", w) when
    it has no ``*`` or ``?``, ("prefix", p) when its only one is a last ``*``,
    else ("pattern", its pieces NFC and lower-cased, ``*`` and ``?`` kept).
    Raises ``QueryError`` for a pattern that is not one word.

    Example:
        >>> simple_wildcard("*KRISE"), simple_wildcard("Krise*")
        (('pattern', '*krise'), ('prefix', 'Krise'))
    """
    from stichwort.errors import QueryError

    text = nfc(pattern)
    if any(c not in "*?" and not c.isalnum() for c in text) or all(c in "*?" for c in text):
        raise QueryError(f"the wildcard pattern {pattern!r} must be one word of letters and digits with '*' and '?'")
    wildcards = sum(c in "*?" for c in pattern)
    if wildcards == 0:
        return "term", pattern
    if wildcards == 1 and pattern.endswith("*"):
        return "prefix", pattern[:-1]
    return "pattern", "".join(p.lower() for p in re.split(r"([*?])", text))
