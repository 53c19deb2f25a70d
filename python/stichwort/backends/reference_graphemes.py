"""Extended grapheme cluster boundaries (UAX #29) in pure Python: where the
reference may cut a KWIC context or a snippet.

The rules GB1-GB999 below are the standard's, in its order, for Unicode
15.0.0 (the property tables in ``_grapheme_table``, generated from that
UCD). Rule GB9c (no break inside Indic conjuncts, Unicode 15.1) is not
applied: its Indic_Conjunct_Break property is not in the 15.0.0 UCD.
"""

from __future__ import annotations

import bisect
import functools

from stichwort.backends._grapheme_table import BREAK_RANGES, PICTOGRAPHIC_RANGES, UNICODE_VERSION

__all__ = ["UNICODE_VERSION", "cluster_boundaries"]

_BREAK_FIRSTS = [first for first, _, _ in BREAK_RANGES]
_PICTOGRAPHIC_FIRSTS = [first for first, _ in PICTOGRAPHIC_RANGES]
_HANGUL_FIRST, _HANGUL_LAST, _HANGUL_T_COUNT = 0xAC00, 0xD7A3, 28
_CONTROLS = ("Control", "CR", "LF")


def _break_value(ch: str) -> str:
    """The character's Grapheme_Cluster_Break value."""
    cp = ord(ch)
    if _HANGUL_FIRST <= cp <= _HANGUL_LAST:
        return "LV" if (cp - _HANGUL_FIRST) % _HANGUL_T_COUNT == 0 else "LVT"
    i = bisect.bisect_right(_BREAK_FIRSTS, cp) - 1
    if i >= 0 and cp <= BREAK_RANGES[i][1]:
        return BREAK_RANGES[i][2]
    return "Other"


def _is_pictographic(ch: str) -> bool:
    cp = ord(ch)
    i = bisect.bisect_right(_PICTOGRAPHIC_FIRSTS, cp) - 1
    return i >= 0 and cp <= PICTOGRAPHIC_RANGES[i][1]


def _breaks_between(text: str, values: list[str], i: int) -> bool:
    """Is there a boundary between ``text[i - 1]`` and ``text[i]`` (0 < i < len)?"""
    before, after = values[i - 1], values[i]
    if before == "CR" and after == "LF":  # GB3
        return False
    if before in _CONTROLS or after in _CONTROLS:  # GB4, GB5
        return True
    if before == "L" and after in ("L", "V", "LV", "LVT"):  # GB6
        return False
    if before in ("LV", "V") and after in ("V", "T"):  # GB7
        return False
    if before in ("LVT", "T") and after == "T":  # GB8
        return False
    if after in ("Extend", "ZWJ"):  # GB9
        return False
    if after == "SpacingMark":  # GB9a
        return False
    if before == "Prepend":  # GB9b
        return False
    if before == "ZWJ" and _is_pictographic(text[i]):  # GB11: ExtPict Extend* ZWJ x ExtPict
        j = i - 2
        while j >= 0 and values[j] == "Extend":
            j -= 1
        if j >= 0 and _is_pictographic(text[j]):
            return False
    if before == "Regional_Indicator" and after == "Regional_Indicator":  # GB12, GB13
        run = 0  # regional indicators right before text[i]
        while run < i and values[i - 1 - run] == "Regional_Indicator":
            run += 1
        return run % 2 == 0
    return True  # GB999


@functools.lru_cache(maxsize=64)
def cluster_boundaries(text: str) -> tuple[bool, ...]:
    """For every i in 0..len(text): is i an extended grapheme cluster boundary?"""
    values = [_break_value(ch) for ch in text]
    inner = (_breaks_between(text, values, i) for i in range(1, len(text)))
    return (True, *inner, True) if text else (True,)  # GB1, GB2
