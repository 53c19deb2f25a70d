"""tantivy (through tantivy-py) behind the stichwort index interface, for comparisons.

The body and the title are indexed with positions and an analyzer as close
to API.md's "simple" one as tantivy allows: a regex tokenizer for runs of
``[\\p{L}\\p{N}]`` (Python's ``isalnum``) followed by tantivy's lower-caser;
the text is NFC-normalised in Python first. Query words go through the same
tantivy analyzer, so index and queries always agree.

Differences from the simple analyzer that remain (shown in the bench report):

- tantivy lower-cases character by character, so a final capital sigma
  becomes "σ" where Python's ``str.lower`` gives "ς" ("ΟΔΟΣ" -> "οδοσ").
- The regex crate's Unicode tables may be newer than Python's.
- Terms longer than 65,530 bytes are dropped by tantivy.

Query semantics: ``Phrase(slop=k)`` is tantivy's sloppy phrase (Lucene's:
a transposition costs 2); ``Near(a, b, k)`` on two terms is the union of the
sloppy phrases ``a b`` and ``b a`` with slop ``k - 1``, which is exactly
"at most k apart, either order" (a term with itself: the exact phrases
"a _ … a" with 0 … k-1 tokens between); ``Prefix`` is a regex query over the term
dictionary and scores every hit 1.0 (tantivy gives prefixes a constant
score); one of several words is a regex phrase query (its last token
``tok.*``), scored 1.0 too. A ``Term`` whose text analyses to several tokens ("U-Bahn") becomes
the phrase of those tokens. BM25 is tantivy's (k1 = 1.2, b = 0.75, Lucene's
idf) with document lengths quantised to one byte, so scores differ slightly
from exact BM25. Ties in ``search`` break by doc id. Only the metadata field
``section`` is indexed; other fields are ignored. ``phrase_counts`` and
co-occurrence are not available through tantivy-py.

Example:
    >>> from stichwort.backends.tantivy_backend import TantivyIndex
    >>> ix = TantivyIndex()
    >>> ix.add_many(["Die Regierung tagt", "Die gemeinsame Sitzung der Regierung"]).tolist()
    [0, 1]
    >>> ix.commit()
    >>> ix.match("regierung").tolist()
    [0, 1]
"""

from __future__ import annotations

import datetime as _dt
import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from stichwort.backends._base import ComparisonIndex, checked_limit, without_empty_clauses
from stichwort.backends._docs import as_doc
from stichwort.backends._simple import nfc, simple_wildcard, wildcard_regex
from stichwort.errors import SchemaError
from stichwort.query import (
    All,
    And,
    DateRange,
    FieldValue,
    Filter,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    QueryLike,
    Term,
    Wildcard,
    as_query,
)
from stichwort.results import Hits

__all__ = ["TantivyIndex"]

_TOKENIZER = "stichwort_simple"
_TEXT_FIELDS = ("body", "title")
_EMPTY_IDS = np.zeros(0, dtype=np.uint32)
#: Near(a, a, k) runs as k phrases; beyond this k it is not supported.
_MAX_SAME_TERM_NEAR = 256
#: A sloppy phrase with repeated words runs as at most this many exact phrases.
_MAX_PLACEMENTS = 1024
#: tantivy's slop is a u32; no document has more positions, so larger ones clamp to it.
_MAX_SLOP = 2**32 - 1


def _analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"[\p{L}\p{N}]+")).filter(tantivy.Filter.lowercase()).build()


def _schema(store: bool) -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in _TEXT_FIELDS:
        sb.add_text_field(name, stored=store, tokenizer_name=_TOKENIZER, index_option="position")
    # The day number (date.toordinal()), not a date field: tantivy's dates
    # are nanoseconds in an i64 (1677..2262), stichwort's are 0001..9999.
    sb.add_integer_field("date", stored=store, indexed=True, fast=True)
    sb.add_text_field("section", stored=store, tokenizer_name="raw", index_option="basic")
    return sb.build()


def _day(d: _dt.date) -> int:
    return d.toordinal()



def _run(searcher: Any, query: tantivy.Query, **options: Any) -> Any:
    """``searcher.search``; a query that tantivy refuses to expand (a phrase
    prefix past its limit of terms, "exceeded max expansions" in tantivy
    0.27: ``die lan*`` on 100,000 synthetic articles) raises
    ``NotImplementedError``, a limit of this backend."""
    try:
        return searcher.search(query, **options)
    except ValueError as e:
        if "max expansions" in str(e):
            raise NotImplementedError(f"the tantivy backend cannot run this query: {e}") from None
        raise

class TantivyIndex(ComparisonIndex):
    """A tantivy index with the stichwort interface (see the module docstring for the differences).

    Args:
        path: a folder to create or reopen; ``None`` keeps the index in memory.
        threads: indexing threads of the tantivy writer (0: tantivy's choice).
        heap_size: the writer's memory budget in bytes, split between threads.
        store: keep the text, title, date and section in tantivy's document store.
    """

    name = "tantivy"

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        threads: int = 0,
        heap_size: int = 512_000_000,
        store: bool = True,
    ) -> None:
        if not isinstance(threads, int) or threads < 0:
            raise ValueError(f"threads must be an int >= 0, got {threads!r}")
        if not isinstance(heap_size, int) or heap_size <= 0:
            raise ValueError(f"heap_size must be a positive int, got {heap_size!r}")
        self._path = None if path is None else Path(path)
        self._threads = threads
        self._heap_size = heap_size
        self._schema = _schema(store)
        if self._path is None:
            self._index = tantivy.Index(self._schema)
        else:
            self._path.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self._schema, str(self._path), reuse=True)
        self._analyzer = _analyzer()
        self._index.register_tokenizer(_TOKENIZER, self._analyzer)
        self._writer: Any = None
        self._index.reload()
        self._next_id = self._max_id() + 1

    # -- building --------------------------------------------------------
    def _max_id(self) -> int:
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return -1
        res = searcher.search(tantivy.Query.all_query(), limit=1, count=False, order_by_field="id", order=tantivy.Order.Desc)
        return int(res.hits[0][0])

    def _get_writer(self) -> Any:
        if self._writer is None:
            self._writer = self._index.writer(self._heap_size, self._threads)
        return self._writer

    def add(self, text: str, *, title: str | None = None, date: object = None, fields: dict[str, str] | None = None) -> int:
        """Adds one document; returns its doc id (visible after ``commit``)."""
        return int(self.add_many([as_doc(text, title=title, date=date, fields=fields)._asdict()])[0])

    def add_many(self, docs: Iterable[Any], *, progress: bool = False) -> np.ndarray:
        """Adds documents (str or dicts with "text", "title", "date", "fields"); returns their ids."""
        writer = self._get_writer()
        first = self._next_id
        it: Iterable[Any] = docs
        if progress:
            from tqdm import tqdm  # type: ignore[import-untyped]

            it = tqdm(docs, desc="tantivy add", unit="doc")
        for raw in it:
            d = as_doc(raw)
            fields: dict[str, Any] = {"id": self._next_id, "body": nfc(d.text)}
            if d.title is not None:
                fields["title"] = nfc(d.title)
            if d.date is not None:
                fields["date"] = _day(d.date)
            if "section" in d.fields:
                fields["section"] = d.fields["section"]
            writer.add_document(tantivy.Document.from_dict(fields, self._schema))
            self._next_id += 1
        return np.arange(first, self._next_id, dtype=np.uint32)

    def commit(self) -> None:
        """Makes the added documents searchable; waits for tantivy's merges so queries see a settled index."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self._index.reload()

    # -- queries -----------------------------------------------------------
    def _tokens(self, text: str) -> list[str]:
        return list(self._analyzer.analyze(nfc(text)))

    def _field(self, field: str | None) -> str:
        if field is None:
            return "body"
        if field not in _TEXT_FIELDS:
            raise SchemaError(f"no text field {field!r} in the tantivy backend (fields: body, title)")
        return field

    def _words(self, field: str, tokens: list[str], slop: int = 0) -> tantivy.Query:
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1:
            return tantivy.Query.term_query(self._schema, field, tokens[0])
        if slop > 0 and len(set(tokens)) < len(tokens):
            return self._sloppy_with_repeats(field, tokens, slop)
        words: list[str | tuple[int, str]] = list(tokens)
        return tantivy.Query.phrase_query(self._schema, field, words, slop)

    def _sloppy_with_repeats(self, field: str, tokens: list[str], slop: int) -> tantivy.Query:
        """A sloppy phrase whose tokens repeat, as the exact phrases of every
        placement the rule allows: token i at i + d_i with max(d) - min(d) <=
        slop and the positions distinct. (tantivy's sloppy phrase lets one
        occurrence stand for two tokens: "a a"~1 matched a lone "a".)"""
        placements = set()
        for shifts in itertools.product(range(min(slop, len(tokens) * _MAX_PLACEMENTS) + 1), repeat=len(tokens)):
            if min(shifts) != 0:
                continue  # the same placement as the one shifted down to 0
            positions = [i + d for i, d in enumerate(shifts)]
            if len(set(positions)) == len(positions):
                low = min(positions)
                placements.add(tuple(sorted((p - low, t) for p, t in zip(positions, tokens))))
            if len(placements) > _MAX_PLACEMENTS:
                raise NotImplementedError(
                    f"the tantivy backend runs a sloppy phrase with repeated words only up to {_MAX_PLACEMENTS} placements"
                )
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.phrase_query(self._schema, field, list(pl))) for pl in sorted(placements)]
        )

    def _compile(self, q: Query) -> tantivy.Query:
        Q = tantivy.Query
        if isinstance(q, Term):
            return self._words(self._field(q.field), self._tokens(q.text))
        if isinstance(q, Phrase):
            tokens = [t for w in q.words for t in self._tokens(w)]
            return self._words(self._field(q.field), tokens, min(q.slop, _MAX_SLOP))
        if isinstance(q, And):
            return Q.boolean_query([(tantivy.Occur.Must, self._compile(c)) for c in q.clauses])
        if isinstance(q, Or):
            return Q.boolean_query([(tantivy.Occur.Should, self._compile(c)) for c in q.clauses])
        if isinstance(q, Not):
            return Q.boolean_query(
                [(tantivy.Occur.Must, self._compile(q.positive)), (tantivy.Occur.MustNot, self._compile(q.negative))]
            )
        if isinstance(q, Prefix):
            field = self._field(q.field)
            if q.prefix == "":
                return Q.regex_query(self._schema, field, ".*")  # every term, as native
            tokens = self._tokens(q.prefix)
            if not tokens:
                return Q.empty_query()  # no word ("-"): no term holds it
            # Analysed tokens are alphanumeric, so none is a regex metacharacter.
            if len(tokens) == 1:
                return Q.regex_query(self._schema, field, tokens[0] + ".*")
            # The tokens before the last a phrase ("U-B": "u b*"), scored as a Prefix.
            words: list[str | tuple[int, str]] = [*tokens[:-1], tokens[-1] + ".*"]
            return Q.const_score_query(Q.regex_phrase_query(self._schema, field, words), 1.0)
        if isinstance(q, Wildcard):
            kind, text = simple_wildcard(q.pattern)
            if kind != "pattern":
                return self._compile(Term(text, q.field) if kind == "term" else Prefix(text, q.field))
            regex = wildcard_regex(text).pattern
            return Q.const_score_query(Q.regex_query(self._schema, self._field(q.field), regex), 1.0)
        if isinstance(q, Near):
            if not (isinstance(q.a, Term) and isinstance(q.b, Term) and q.a.field == q.b.field):
                raise NotImplementedError("the tantivy backend runs Near only between two terms of one field")
            field = self._field(q.a.field)
            a, b = self._tokens(q.a.text), self._tokens(q.b.text)
            if not a or not b:
                return Q.empty_query()  # a side without terms matches nothing
            if len(a) != 1 or len(b) != 1:
                raise NotImplementedError("the tantivy backend runs Near only between single-token terms")
            if a == b:
                # A sloppy phrase of one term twice matches a single occurrence;
                # two different positions d = 1..k apart are k exact phrases.
                if q.distance > _MAX_SAME_TERM_NEAR:
                    raise NotImplementedError(
                        f"the tantivy backend runs Near of a term with itself up to distance {_MAX_SAME_TERM_NEAR}"
                    )
                return Q.boolean_query(
                    [
                        (tantivy.Occur.Should, Q.phrase_query(self._schema, field, [(0, a[0]), (d, a[0])]))
                        for d in range(1, q.distance + 1)
                    ]
                )
            return Q.boolean_query(
                [
                    (tantivy.Occur.Should, Q.phrase_query(self._schema, field, [a[0], b[0]], min(q.distance - 1, _MAX_SLOP))),
                    (tantivy.Occur.Should, Q.phrase_query(self._schema, field, [b[0], a[0]], min(q.distance - 1, _MAX_SLOP))),
                ]
            )
        if isinstance(q, All):
            return Q.all_query()
        if isinstance(q, FieldValue):
            if q.name != "section":
                raise SchemaError(f"the tantivy backend indexes only the field 'section', not {q.name!r}")
            return Q.term_query(self._schema, "section", q.value, index_option="basic")
        if isinstance(q, DateRange):
            return Q.range_query(
                self._schema,
                "date",
                tantivy.FieldType.Integer,
                None if q.start is None else _day(q.start),
                None if q.end is None else _day(q.end),
            )
        raise NotImplementedError(f"the tantivy backend cannot run {type(q).__name__}")

    def _query(self, q: QueryLike, filter: Filter | Query | None = None) -> tantivy.Query:
        # Clauses without terms are left out, as in the native engine.
        pruned = without_empty_clauses(as_query(q), lambda text: bool(self._tokens(text)))
        query = tantivy.Query.empty_query() if pruned is None else self._compile(pruned)
        fq = self._filter_query(filter)
        if fq is None:
            return query
        # A filter restricts without adding to the score.
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, tantivy.Query.const_score_query(self._compile(fq), 0.0))]
        )

    def search(self, q: QueryLike, limit: int | None = 10, filter: Filter | Query | None = None) -> Hits:
        """Top ``limit`` documents by BM25, ties by doc id."""
        limit = checked_limit(limit)
        query = self._query(q, filter)
        searcher = self._index.searcher()
        # At most every document (None: all, as native's): tantivy allocates
        # room for `limit` hits up front and aborts the process when it cannot.
        limit = searcher.num_docs if limit is None else min(limit, searcher.num_docs)
        if limit == 0 or searcher.num_docs == 0:
            return Hits(_EMPTY_IDS, np.zeros(0, dtype=np.float32), self._count(searcher, query))
        # tantivy breaks ties by segment order: fetch past the last tie, then sort by (score, id).
        fetch = limit + 1
        while True:
            res = _run(searcher, query, limit=fetch, count=True)
            hits = res.hits
            if len(hits) < fetch or hits[-1][0] != hits[limit - 1][0]:
                break
            fetch = min(fetch * 4, searcher.num_docs + 1)
        ids = np.asarray(searcher.fast_field_values("id", [a for _, a in hits]), dtype=np.uint32)
        scores = np.asarray([s for s, _ in hits], dtype=np.float32)
        order = np.lexsort((ids, -scores))[:limit]
        return Hits(ids[order], scores[order], int(res.count))  # type: ignore[attr-defined]

    @staticmethod
    def _count(searcher: Any, query: tantivy.Query) -> int:
        # Ordering by a fast field lets tantivy skip scoring.
        res = _run(searcher, query, limit=1, count=True, order_by_field="id")
        return int(res.count)  # type: ignore[attr-defined]  # missing from tantivy-py's stubs

    def count(self, q: QueryLike, filter: Filter | Query | None = None) -> int:
        """The number of matching documents (unscored)."""
        return self._count(self._index.searcher(), self._query(q, filter))

    def match(self, q: QueryLike, filter: Filter | Query | None = None) -> np.ndarray:
        """Every matching doc id, sorted (unscored)."""
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return _EMPTY_IDS
        res = _run(
            searcher, self._query(q, filter), limit=searcher.num_docs, count=False, order_by_field="id", order=tantivy.Order.Asc
        )
        return np.sort(np.fromiter((k for k, _ in res.hits), dtype=np.uint32, count=len(res.hits)))

    # -- information ---------------------------------------------------------
    @property
    def num_docs(self) -> int:
        return int(self._index.searcher().num_docs)

    def size_bytes(self) -> int | None:
        """Bytes of the index folder (``None`` in memory)."""
        if self._path is None:
            return None
        return sum(f.stat().st_size for f in _files(self._path))

    def stats(self) -> dict[str, int | None]:
        """num_docs, num_tokens (not exposed by tantivy-py: None), vocab_size (body), num_segments, size_bytes."""
        searcher = self._index.searcher()
        return {
            "num_docs": int(searcher.num_docs),
            "num_tokens": None,
            "vocab_size": len(searcher.terms_with_prefix("body", "")),
            "num_segments": int(searcher.num_segments),
            "size_bytes": self.size_bytes(),
        }

    def close(self) -> None:
        """Drops uncommitted documents and releases the writer."""
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None


def _files(root: Path) -> Iterator[Path]:
    for p in root.rglob("*"):
        if p.is_file():
            yield p
