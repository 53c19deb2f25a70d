"""The "simple" analyzer in pure Python: the executable definition.

Every backend tokenises with this definition; the Rust core must agree with
it token for token (tests/test_analyzer.py checks that with hypothesis and on
real news). Slow on purpose: clarity over speed.

Definition: NFC normalisation; tokens are the maximal runs of characters for
which ``str.isalnum()`` is true; each token is lowered on its own with
``str.lower()``; positions count tokens from 0. Offsets are indices into the
ORIGINAL string: where NFC rewrote a piece of the text (e.g. ``"u\\u0308"`` →
``"ü"``), every character it produced maps to the whole original piece.
Pieces are split before each character whose canonical decomposition starts
with a starter that never composes with what precedes it (combining class 0
and not NFC_QC=Maybe), so NFC of the text is the concatenation of NFC of its
pieces (UAX #15, stable code points).

Example:
    >>> simple_tokens("Mu\\u0308nchen, 18. Januar")
    [('münchen', 0, 8, 0), ('18', 10, 12, 1), ('januar', 14, 20, 2)]
"""

from __future__ import annotations

import functools
import itertools
import unicodedata

__all__ = [
    "simple_tokens",
    "simple_terms",
    "aligned_nfc",
    "join_soft_hyphens",
    "drop_gender_suffixes",
    "german_tokens",
    "sentence_starts",
    "ABBREVIATIONS",
]


@functools.cache
def _nfc_maybe() -> frozenset[str]:
    """Characters with NFC_QC=Maybe: second characters of primary composites."""
    maybe = {chr(cp) for cp in range(0x1161, 0x1176)} | {chr(cp) for cp in range(0x11A8, 0x11C3)}
    for cp in range(0x110000):
        c = chr(cp)
        d = unicodedata.decomposition(c)
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2 and unicodedata.normalize("NFC", c) == c:
                maybe.add(chr(int(parts[1], 16)))
    return frozenset(maybe)


def _is_stable(c: str) -> bool:
    if c < "\u0300":
        return True
    d = unicodedata.normalize("NFD", c)[0]
    return unicodedata.combining(d) == 0 and d not in _nfc_maybe()


def aligned_nfc(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """NFC of ``text`` and, when it differs, the original range of each character."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    starts = [0] + [i for i in range(1, len(text)) if _is_stable(text[i])] + [len(text)]
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(starts):
        piece = text[a:b]
        norm = unicodedata.normalize("NFC", piece)
        if norm == piece:
            spans.extend((i, i + 1) for i in range(a, b))
        else:
            spans.extend([(a, b)] * len(norm))
        out.append(norm)
    return "".join(out), spans


def simple_tokens(text: str) -> list[tuple[str, int, int, int]]:
    """(term, start, end, position) of every token of ``text`` (see the module doc)."""
    norm, spans = aligned_nfc(text)
    tokens: list[tuple[str, int, int, int]] = []
    i = 0
    for is_alnum, run in itertools.groupby(norm, str.isalnum):
        n = len(list(run))
        if is_alnum:
            start, end = (i, i + n) if spans is None else (spans[i][0], spans[i + n - 1][1])
            tokens.append((norm[i : i + n].lower(), start, end, len(tokens)))
        i += n
    return tokens


def simple_terms(text: str) -> list[str]:
    """The terms of ``text``: ``[t[0] for t in simple_tokens(text)]``."""
    return [t[0] for t in simple_tokens(text)]


# The sentence rule of crates/stichwort-core/src/analysis/sentence.rs, in plain Python.
ABBREVIATIONS = frozenset(
    "abs art bspw bzw ca dipl dr evtl fr ggf hr inkl ing jh mag mio mrd nr prof sog st str vgl".split()
)
# Unicode White_Space (stable): both implementations use exactly this set.
_WHITE_SPACE = frozenset(
    [chr(c) for c in range(0x9, 0xE)]
    + [" ", "\x85", "\xa0", "\u1680"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
)


def _is_abbreviation(word: str) -> bool:
    ascii_word = word.isascii()
    return len(word) == 1 or (ascii_word and word.isdigit()) or (ascii_word and word.lower() in ABBREVIATIONS)


def _starts_sentence(prev: str, sep: str, nxt: str) -> bool:
    breaks = sep.count("\n")
    if breaks >= 2:
        return True
    term_at = min((i for i, c in enumerate(sep) if c in ".!?"), default=None)
    if term_at is None or not any(c in _WHITE_SPACE for c in sep[term_at + 1 :]):
        return False
    if not (breaks > 0 or nxt[0].isupper()):
        return False
    only_periods = "!" not in sep and "?" not in sep
    return not (only_periods and _is_abbreviation(prev))


def _soft_hyphens(text: str) -> list[bool]:
    """Marks the soft hyphens (U+00AD) of ``text`` between two ``isalnum`` characters."""
    return [
        c == "\xad" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
        for i, c in enumerate(text)
    ]


def join_soft_hyphens(text: str) -> str:
    """``text`` without the soft hyphens (U+00AD) between two ``isalnum``
    characters: how "german" reads "Zu\\xadsam\\xadmen\\xadarbeit".

    Example:
        >>> join_soft_hyphens("Zu\\xadsammen \\xadarbeit")
        'Zusammen \\xadarbeit'
    """
    return "".join(c for c, dropped in zip(text, _soft_hyphens(text)) if not dropped)


_MARKERS = "*:_\u00b7"
_LOWER_ENDINGS = ("innen", "Innen", "in")
_CAPS_ENDINGS = ("INNEN", "IN")
_SHORT_ENDINGS = ("en", "er", "es", "em", "r", "n", "e", "s", "m")


def drop_gender_suffixes(text: str, endings: bool = False) -> str:
    """``text`` without the gender suffixes: how "german" with
    ``gender_forms`` reads "Bürger*innen" (as "Bürger").

    A suffix follows a character that is lowercase and ``isalnum``: a marker
    (``*``, ``:``, ``_``, ``·`` or ``/-``) and "innen", "Innen" or "in", or
    "Innen" alone; no ``isalnum`` character follows it. With ``endings``
    (``gender_endings``) also: after an all-caps word (the ``isalnum`` run
    before the marker has two or more characters, none lowercase but "ß",
    the last uppercase) a marker and "INNEN" or "IN"; and after a lowercase
    ``isalnum`` character with another ``isalnum`` one before it, ``*`` or
    ``·`` and one of r, n, e, s, m, en, er, es, em.

    Example:
        >>> drop_gender_suffixes("Lehrer:innen, BürgerInnen, LinkedIn, an/in")
        'Lehrer, Bürger, LinkedIn, an/in'
        >>> drop_gender_suffixes("LEHRER:INNEN, jede*r, jede:r", endings=True)
        'LEHRER, jede, jede:r'
    """
    return "".join(c for c, dropped in zip(text, _gender_suffixes(text, endings)) if not dropped)


def _gender_suffixes(text: str, endings: bool) -> list[bool]:
    """Marks the characters of the gender suffixes of ``text``."""
    dropped = [False] * len(text)
    i = 1
    while i < len(text):
        end = _gender_suffix_end(text, i, endings)
        if end is None:
            i += 1
        else:
            dropped[i:end] = [True] * (end - i)
            i = end
    return dropped


def _gender_suffix_end(text: str, i: int, endings: bool) -> int | None:
    forms: tuple[str, ...]
    prev = text[i - 1]
    lower = prev.islower() and prev.isalnum()
    if lower:
        if text.startswith("/-", i):
            start, forms = i + 2, _LOWER_ENDINGS
        elif endings and text[i] in "*\u00b7" and i >= 2 and text[i - 2].isalnum():
            start, forms = i + 1, _LOWER_ENDINGS + _SHORT_ENDINGS
        elif text[i] in _MARKERS:
            start, forms = i + 1, _LOWER_ENDINGS
        elif text[i] == "I":
            start, forms = i, ("Innen",)
        else:
            return None
    elif endings and prev.isupper():
        if text.startswith("/-", i):
            start, forms = i + 2, _CAPS_ENDINGS
        elif text[i] in _MARKERS:
            start, forms = i + 1, _CAPS_ENDINGS
        else:
            return None
    else:
        return None
    for form in forms:
        end = start + len(form)
        if text.startswith(form, start) and not (end < len(text) and text[end].isalnum()):
            return end if lower or _ends_all_caps_word(text[:i]) else None
    return None


def _ends_all_caps_word(before: str) -> bool:
    """Does ``before`` end in an all-caps word: its last ``isalnum`` run has
    two or more characters, none lowercase but "ß", and the last uppercase?"""
    j = len(before)
    while j > 0 and before[j - 1].isalnum():
        j -= 1
    word = before[j:]
    return len(word) >= 2 and word[-1].isupper() and not any(c.islower() and c != "ß" for c in word)


def german_tokens(text: str, gender_forms: bool = False, gender_endings: bool = False) -> list[tuple[str, int, int, int]]:
    """(word, start, end, position) of every token as "german" reads
    ``text`` before its word steps (stemming, stop words, folding, digraphs,
    parts): ``Analyzer("german", stem=False, catenate_compounds=False)``
    with these two options. The ``isalnum`` runs of NFC(text) without its
    soft hyphens (``join_soft_hyphens``) and, with ``gender_forms``, its
    gender suffixes (``drop_gender_suffixes``, with ``gender_endings`` its
    endings), each lowered on its own; a kept character stands for itself
    and the dropped ones right after it, so offsets span the whole written
    form in the original text.

    Example:
        >>> german_tokens("Die BÜRGER*INNEN, jede*r", gender_forms=True, gender_endings=True)
        [('die', 0, 3, 0), ('bürger', 4, 16, 1), ('jede', 18, 24, 2)]
    """
    norm, spans = aligned_nfc(text)
    # (start, end, character): the original range each character stands for.
    chars = [(a, b, c) for (a, b), c in zip(spans or [(i, i + 1) for i in range(len(norm))], norm)]
    chars = _keep(chars, _soft_hyphens(norm))
    if gender_forms:
        chars = _keep(chars, _gender_suffixes("".join(c for _, _, c in chars), gender_endings))
    tokens: list[tuple[str, int, int, int]] = []
    for is_alnum, run in itertools.groupby(chars, lambda k: k[2].isalnum()):
        if is_alnum:
            word = list(run)
            tokens.append(("".join(c for _, _, c in word).lower(), word[0][0], word[-1][1], len(tokens)))
    return tokens


def _keep(chars: list[tuple[int, int, str]], dropped: list[bool]) -> list[tuple[int, int, str]]:
    """``chars`` without the ``dropped`` ones; a kept character's range reaches over those after it."""
    out: list[tuple[int, int, str]] = []
    for (start, end, c), drop in zip(chars, dropped):
        if not drop:
            out.append((start, end, c))
        elif out:
            out[-1] = (out[-1][0], end, out[-1][2])
    return out


def sentence_starts(
    text: str, soft_hyphens_join: bool = False, gender_forms: bool = False, gender_endings: bool = False
) -> list[int]:
    """Positions (ascending, never 0) where a new sentence starts.

    Tokens are the ``isalnum`` runs of NFC(text) (with ``soft_hyphens_join``
    of ``join_soft_hyphens(NFC(text))``, as "german" tokenises, and with
    ``gender_forms`` then ``drop_gender_suffixes``, with ``gender_endings``
    its endings); a sentence starts at token b after token a and separator s
    when s holds two line breaks, or a terminator (. ! ?) with whitespace
    after it and b starts uppercase or s holds a line break, unless s has
    only periods and a is an abbreviation (ASCII digits, one character, or
    one of ``ABBREVIATIONS``).

    Example:
        >>> sentence_starts("Er kam am 18. Januar. Dann ging er.")
        [5]
    """
    norm = unicodedata.normalize("NFC", text)
    if soft_hyphens_join:
        norm = join_soft_hyphens(norm)
    if gender_forms:
        norm = drop_gender_suffixes(norm, gender_endings)
    runs: list[tuple[int, int]] = []
    i = 0
    for is_alnum, run in itertools.groupby(norm, str.isalnum):
        n = len(list(run))
        if is_alnum:
            runs.append((i, i + n))
        i += n
    return [
        k
        for k in range(1, len(runs))
        if _starts_sentence(norm[runs[k - 1][0] : runs[k - 1][1]], norm[runs[k - 1][1] : runs[k][0]], norm[runs[k][0] : runs[k][1]])
    ]
