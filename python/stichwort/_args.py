"""Integers and dates from text: one reading for the HTTP service and the command line.

``/search?limit=`` and ``stichwort search --limit`` accept and refuse the same
text: an integer is ASCII ``-?[0-9]+`` (no ``+``, no ``1_0``, no spaces, no
Arabic-Indic or fullwidth digits, all of which Python's ``int()`` takes), and a
date is what ``Index.add`` takes as a document's date.

Example:
    >>> parse_int("-12")
    -12
    >>> parse_int("1_0")
    Traceback (most recent call last):
    ...
    ValueError: '1_0' is not an integer (ASCII digits 0-9, optionally after a '-')
    >>> parse_date("2024-W18-3"), parse_date("20240501")
    (datetime.date(2024, 5, 1), datetime.date(2024, 5, 1))
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import cast

from stichwort.query import _to_date

__all__ = ["parse_date", "parse_int"]

_INTEGER = re.compile(r"-?[0-9]+")


def parse_int(text: str) -> int:
    """``text`` as an integer if it is ASCII ``-?[0-9]+``; else a ``ValueError`` (whose message
    the caller prefixes with the parameter's name)."""
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"{text[:50]!r} is not an integer (ASCII digits 0-9, optionally after a '-')")
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise ValueError(f"{text[:20]}... ({len(text):,} digits) is out of range") from None


def parse_date(text: str) -> _dt.date:
    """``text`` as a day, read as a document's date is (``Index.add``): an ISO 8601 date
    (2024-05-01, 20240501, 2024-W18-3) or the day of an ISO timestamp; else a ``ValueError``
    (whose message the caller prefixes with the parameter's name)."""
    try:
        return cast(_dt.date, _to_date(text, "date"))  # a str never gives None
    except ValueError:
        raise ValueError(f"{text[:50]!r} is not a date (ISO 8601: 2024-05-01, 20240501, "
                         "2024-W18-3, or a timestamp)") from None
