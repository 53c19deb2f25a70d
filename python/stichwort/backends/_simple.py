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
