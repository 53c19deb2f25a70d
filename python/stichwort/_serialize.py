"""Results as JSON-ready dicts: one shape for ``--json`` output and the HTTP service.

The ``*_answer`` functions (and ``phrase_json``) build the whole body of an
endpoint from parsed arguments; the service and the command line both call
them, so ``stichwort cooc ... --json`` prints what ``/cooccurrence`` answers.

Example:
    >>> import stichwort
    >>> ix = stichwort.Index(analyzer="simple")
    >>> ix.add("hallo welt", title="Gruß", date="2024-05-01", fields={"section": "Web"})
    0
    >>> document_json(ix, 0)["date"]
    '2024-05-01'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from stichwort.index import Index
from stichwort.query import And, Filter, Query, QueryLike, as_query
from stichwort.results import Collocates, Concordance, Hits

__all__ = [
    "collocates_json",
    "cooccurrence_answer",
    "count_answer",
    "document_json",
    "finite",
    "hits_json",
    "kwic_answer",
    "kwic_json",
    "phrase_json",
    "restrict",
    "search_answer",
    "timeline_json",
]


def finite(values: Sequence[float] | np.ndarray) -> list[float | None]:
    """Floats for JSON: NaN and infinities (which JSON cannot carry) become ``None``."""
    seq = values.tolist() if isinstance(values, np.ndarray) else values
    return [float(x) if math.isfinite(x) else None for x in seq]


def document_json(ix: Index, doc_id: int, *, text: bool = True) -> dict[str, Any]:
    """A stored document: id, title, date (ISO), fields and (unless ``text=False``) text."""
    doc = ix.document(doc_id)
    out: dict[str, Any] = {
        "id": int(doc_id),
        "title": doc["title"],
        "date": None if doc["date"] is None else doc["date"].isoformat(),
        "fields": doc["fields"],
    }
    if text:
        out["text"] = doc["text"]
    return out


def hits_json(ix: Index, q: QueryLike, hits: Hits, *, snippet_width: int | None = 160) -> dict[str, Any]:
    """Ranked hits with each document's metadata and (unless ``snippet_width`` is None) a snippet."""
    rows = []
    for (doc_id, score), s in zip(hits, finite(hits.scores)):
        row = document_json(ix, doc_id, text=False)
        row["score"] = s if s is not None else score
        if snippet_width is not None:
            row["snippet"] = ix.snippet(q, doc_id, width=snippet_width)
        rows.append(row)
    return {"total": int(hits.total), "hits": rows}


def phrase_json(ix: Index, words: Sequence[str], slop: int, top: int) -> dict[str, Any]:
    """Occurrences of a phrase: total, documents, and the ``top`` documents by count."""
    ids, counts = ix.phrase_counts(list(words), slop=slop)
    order = np.lexsort((ids, -counts.astype(np.int64)))[:top]  # count descending, then id
    return {
        "words": list(words),
        "slop": slop,
        "occurrences": int(counts.sum()),
        "documents": len(ids),
        "top": [
            {"id": int(ids[i]), "count": int(counts[i]), "title": ix.document(int(ids[i]))["title"]} for i in order
        ],
    }


def collocates_json(c: Collocates) -> dict[str, Any]:
    """Collocates best first, with the counts the measure used."""
    return {
        "f_x": int(c.f_x),
        "n_tokens": int(c.n_tokens),
        "collocates": [
            {"term": t, "f_xy": fxy, "f_y": fy, "score": s}
            for t, fxy, fy, s in zip(c.terms, c.f_xy.tolist(), c.f_y.tolist(), finite(c.scores))
        ],
    }


def kwic_json(lines: Sequence[Concordance]) -> dict[str, Any]:
    """Concordance lines in document order."""
    return {
        "lines": [
            {"id": c.doc_id, "left": c.left, "match": c.match, "right": c.right, "start": c.start, "end": c.end}
            for c in lines
        ]
    }


def timeline_json(starts: np.ndarray, counts: np.ndarray) -> dict[str, Any]:
    """Matching documents per bucket, buckets as ISO dates."""
    return {"buckets": [{"start": str(s), "count": int(n)} for s, n in zip(starts.astype("datetime64[D]"), counts.tolist())]}


def search_answer(ix: Index, q: Query, *, limit: int, filter: Filter | None,
                  snippet_width: int | None) -> dict[str, Any]:
    """The body of ``/search``: the query as parsed, then ``hits_json``."""
    hits = ix.search(q, limit=limit, filter=filter)
    return {"query": str(q), **hits_json(ix, q, hits, snippet_width=snippet_width)}


def count_answer(ix: Index, q: Query, filter: Filter | None) -> dict[str, Any]:
    """The body of ``/count``: the query with its filter, and the number of matching documents."""
    rq = restrict(q, filter)
    return {"query": str(rq), "count": int(ix.count(rq))}


def cooccurrence_answer(ix: Index, target: Query, *, window: int, top: int, measure: str, min_count: int,
                        filter: Filter | None, scope: str) -> dict[str, Any]:
    """The body of ``/cooccurrence``: target and measure, then ``collocates_json``."""
    colls = ix.cooccurrence(target, window=window, top=top, measure=measure, min_count=min_count,
                            filter=filter, scope=scope)
    return {"target": str(target), "measure": measure, **collocates_json(colls)}


def kwic_answer(ix: Index, q: Query, filter: Filter | None, *, width: int, limit: int) -> dict[str, Any]:
    """The body of ``/kwic``: the query with its filter, then ``kwic_json``."""
    rq = restrict(q, filter)
    return {"query": str(rq), **kwic_json(ix.kwic(rq, width=width, limit=limit))}


def restrict(q: QueryLike, flt: Filter | None) -> QueryLike:
    """``q`` and-ed with a filter, for the calls that take no ``filter`` argument."""
    fq = None if flt is None else flt.to_query()
    return q if fq is None else And(as_query(q), fq)
