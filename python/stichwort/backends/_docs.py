"""Turning the documents users pass to ``add``/``add_many`` into one shape.

Example:
    >>> as_doc({"text": "Hallo", "date": "2021-03-04", "fields": {"section": "Inland"}})
    Doc(text='Hallo', title=None, date=datetime.date(2021, 3, 4), fields={'section': 'Inland'})
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from stichwort.query import _to_date


class Doc(NamedTuple):
    text: str
    title: str | None
    date: _dt.date | None
    fields: dict[str, str]


def as_doc(doc: Any, *, title: str | None = None, date: object = None, fields: Mapping[str, str] | None = None) -> Doc:
    """A ``str`` or a dict with "text" and optional "title", "date", "fields" (a mapping of str to str)."""
    if isinstance(doc, str):
        text = doc
    elif isinstance(doc, Mapping):
        if "text" not in doc:
            raise ValueError("a document dict needs a 'text' key")
        text = doc["text"]
        title = doc.get("title", title)
        date = doc.get("date", date)
        fields = doc.get("fields", fields)
    else:
        raise TypeError(f"a document is a str or a dict, got {type(doc).__name__}")
    if not isinstance(text, str):
        raise TypeError(f"document text must be a str, got {type(text).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    flds: dict[str, str] = {}
    for k, v in (fields or {}).items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise TypeError("fields must map str to str")
        flds[k] = v
    return Doc(text, title, _to_date(date, "date"), flds)
