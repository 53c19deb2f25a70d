"""The "simple" analyzer of API.md, written the plain way, as the oracle.

Definition (API.md): Unicode NFC normalisation; tokens are the maximal runs of
characters ``c`` with ``c.isalnum()``; each run is lower-cased on its own with
``str.lower``; positions count tokens 0, 1, 2, ….

Offsets point into the ORIGINAL string. The text is cut into pieces before
every character whose canonical decomposition starts with a *stable* code
point (combining class 0 and NFC_Quick_Check=Yes, UAX #15): NFC never
combines or reorders across such a cut, so normalising piece by piece gives
exactly NFC of the whole (asserted below). A piece that NFC leaves unchanged
maps character for character; every character of a piece that NFC rewrote
("u\\u0308" → "ü") maps to the whole original piece. A token starts at the
original start of its first character and ends at the original end of its
last one, so ``text[start:end]`` is the surface form.

Example:
    >>> simple_tokens("Mu\\u0308nchen, 3,5 Prozent")
    [('münchen', 0, 8, 0), ('3', 10, 11, 1), ('5', 12, 13, 2), ('prozent', 14, 21, 3)]
"""

from __future__ import annotations

import functools
import sys
import unicodedata

__all__ = ["simple_tokens", "nfc_with_spans"]


@functools.cache
def _nfc_maybe() -> frozenset[str]:
    """Characters with NFC_Quick_Check=Maybe: those that may combine with what precedes.

    They are the second characters of the canonical pairs of primary
    composites (composites that NFC keeps), plus the Hangul vowel and
    trailing-consonant jamo. Built once by scanning every code point.
    """
    maybe = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    for cp in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(cp))
        if not decomposition or decomposition.startswith("<"):
            continue
        parts = decomposition.split()
        if len(parts) == 2 and unicodedata.normalize("NFC", chr(cp)) == chr(cp):
            maybe.add(chr(int(parts[1], 16)))
    return frozenset(maybe)


@functools.cache  # per character: the answer depends on the character alone
def _is_stable(c: str) -> bool:
    """A piece may start before ``c``: its decomposition starts with a stable code point."""
    d = unicodedata.normalize("NFD", c)[0]
    nfc_yes = unicodedata.normalize("NFC", d) == d and d not in _nfc_maybe()
    return unicodedata.combining(d) == 0 and nfc_yes


def nfc_with_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """NFC of ``text`` and, for every normalised character, its (start, end) in ``text``."""
    cuts = [i for i in range(1, len(text)) if _is_stable(text[i])]
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in zip([0, *cuts], [*cuts, len(text)]):
        piece = text[start:end]
        normalised = unicodedata.normalize("NFC", piece)
        out.append(normalised)
        if normalised == piece:
            spans.extend((i, i + 1) for i in range(start, end))
        else:
            spans.extend((start, end) for _ in normalised)
    result = "".join(out)
    assert result == unicodedata.normalize("NFC", text), "piecewise NFC differs from NFC"
    return result, spans


def simple_tokens(text: str) -> list[tuple[str, int, int, int]]:
    """The tokens of the simple analyzer as (term, start, end, position).

    ``start``/``end`` are character offsets into ``text`` as passed in.

    Example:
        >>> simple_tokens("Die NATO-Staaten")
        [('die', 0, 3, 0), ('nato', 4, 8, 1), ('staaten', 9, 16, 2)]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    normalised, spans = nfc_with_spans(text)
    tokens: list[tuple[str, int, int, int]] = []
    i = 0
    while i < len(normalised):
        if not normalised[i].isalnum():
            i += 1
            continue
        j = i
        while j < len(normalised) and normalised[j].isalnum():
            j += 1
        tokens.append((normalised[i:j].lower(), spans[i][0], spans[j - 1][1], len(tokens)))
        i = j
    return tokens
