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


def read_wildcard(pattern: str) -> tuple[str, str]:
    """How a ``Wildcard`` pattern runs: ("term", w) when it has no ``*`` or
    ``?``, ("prefix", p) when its only one is a last ``*``, else ("pattern",
    its NFC form). Raises ``QueryError`` for a pattern that is not one word of
    letters and digits (``isalnum``) besides its wildcards, or has none.

    Example:
        >>> read_wildcard("*Krise"), read_wildcard("Krise*"), read_wildcard("Krise")
        (('pattern', '*Krise'), ('prefix', 'Krise'), ('term', 'Krise'))
    """
    from stichwort.errors import QueryError

    text = nfc(pattern)
    for c in text:
        if c not in "*?" and not c.isalnum():
            raise QueryError(f"unexpected {c!r} in the wildcard pattern {pattern!r}: a pattern is one word")
    if all(c in "*?" for c in text):
        raise QueryError(f"the wildcard pattern {pattern!r} needs a letter or digit besides '*' and '?'")
    wildcards = sum(c in "*?" for c in pattern)
    if wildcards == 0:
        return "term", pattern
    if wildcards == 1 and pattern.endswith("*"):
        return "prefix", pattern[:-1]
    return "pattern", text


def simple_wildcard(pattern: str) -> tuple[str, str]:
    """:func:`read_wildcard`, a pattern's pieces lower-cased as the simple analyzer's terms are.

    Example:
        >>> simple_wildcard("*KRISE"), simple_wildcard("Krise*")
        (('pattern', '*krise'), ('prefix', 'Krise'))
    """
    kind, text = read_wildcard(pattern)
    if kind != "pattern":
        return kind, text
    return kind, "".join(p.lower() for p in re.split(r"([*?])", text))


def wildcard_regex(spelling: str) -> re.Pattern[str]:
    """A regex that matches a whole term as the wildcard ``spelling`` does
    (``*`` any characters, ``?`` one; use ``fullmatch``)."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in spelling), re.S)
