"""Integers and dates from text: one reading for the HTTP service and the command line
(``parse_int``, ``parse_date``, and the argparse types built on them).

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

import argparse
import datetime as _dt
import os
import re
from collections.abc import Callable
from typing import TypeVar, cast

from stichwort.query import _to_date

__all__ = ["arg_type", "bounded", "corpus_spec", "date_arg", "integer", "parse_date", "parse_int", "positive"]

_INTEGER = re.compile(r"-?[0-9]+")
T = TypeVar("T")


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


# -- argparse types: the command line's options, read as the service reads parameters --------
def arg_type(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type of ``parse``: its ``ValueError`` becomes the usage error that names the option.

    Example:
        >>> arg_type(parse_int)("7")
        7
    """

    def parse_arg(value: str) -> T:
        try:
            return parse(value)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None

    return parse_arg


#: A date as the service's ``from``/``to`` and ``Index.add`` read one.
date_arg = arg_type(parse_date)
#: An integer as the service reads one (ASCII ``-?[0-9]+``).
integer = arg_type(parse_int)


def bounded(lo: int, hi: int | None = None) -> Callable[[str], int]:
    """An argparse type: an integer (``integer``) in ``lo..hi`` (no upper bound if ``hi`` is None).

    Example:
        >>> bounded(1, 10)("7")
        7
    """

    def parse_bounded(value: str) -> int:
        n = integer(value)
        if n < lo or (hi is not None and n > hi):
            raise argparse.ArgumentTypeError(f"{n} is less than {lo}" if hi is None else f"{n} is not in {lo}..{hi}")
        return n

    return parse_bounded


positive = bounded(1)


def corpus_spec(value: str) -> str:
    """An argparse type: a corpus source, checked where a slip would otherwise index nothing or
    something else: ``synth:N[:SEED]`` with integers and N >= 1, and not an index folder."""
    if value.startswith("synth:"):
        try:
            numbers = [parse_int(part) for part in value.split(":")[1:]]
        except ValueError:
            numbers = []
        if len(numbers) not in (1, 2):
            raise argparse.ArgumentTypeError(f"{value!r} is not synth:N or synth:N:SEED with integers")
        if numbers[0] < 1:
            raise argparse.ArgumentTypeError(f"{value!r} generates no articles: N must be at least 1")
    elif os.path.isfile(os.path.join(value, "MANIFEST")):
        raise argparse.ArgumentTypeError(f"{value} is a stichwort index folder, not a corpus; name the files to "
                                         "index (.jsonl, .csv, a folder of .txt files, ...)")
    return value
