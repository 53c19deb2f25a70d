"""API.md: ``date`` is a ``datetime.date`` or an ISO string. News archives
carry ISO 8601 timestamps ("2015-03-01T12:34:56+01:00"); like a ``datetime``
object, such a string keeps the day as written (no time-zone conversion)."""

from __future__ import annotations

import datetime as dt

import pytest

import stichwort
from stichwort.backends.python import ReferenceIndex

STAMPS = {
    "2015-03-01T12:34:56+01:00": dt.date(2015, 3, 1),
    "2015-03-01T23:59:59Z": dt.date(2015, 3, 1),
    "2015-12-31T23:30:00-05:00": dt.date(2015, 12, 31),
    "2016-01-01 00:00": dt.date(2016, 1, 1),
    "2016-02-29T08:00:00.123456": dt.date(2016, 2, 29),
}


@pytest.mark.parametrize("make", [lambda: stichwort.Index(analyzer="simple"), lambda: ReferenceIndex()])
def test_iso_timestamps_are_dates(make) -> None:  # type: ignore[no-untyped-def]
    ix = make()
    ids = ix.add_many({"text": "nato", "date": s} for s in STAMPS)
    ix.commit()
    assert [ix.document(i)["date"] for i in ids.tolist()] == list(STAMPS.values())
    starts, counts = ix.timeline("nato", by="year")
    assert [str(s) for s in starts] == ["2015-01-01", "2016-01-01"] and counts.tolist() == [3, 2]
    f = stichwort.Filter(date_from="2015-12-31T00:00:00+01:00", date_to="2016-01-01T12:00")
    assert ix.match("nato", filter=f).tolist() == [2, 3]


@pytest.mark.parametrize("bad", ["2015-13-01T10:00:00", "gestern", "2015-03-01T25:00", " 2015-03-01", ""])
def test_bad_iso_strings_still_raise_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="ISO"):
        stichwort.Index().add("x", date=bad)
