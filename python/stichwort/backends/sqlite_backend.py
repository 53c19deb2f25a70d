"""SQLite FTS5 (from Python's standard library) behind the stichwort index interface.

One FTS5 table holds body and title (``tokenize="unicode61 remove_diacritics
0"``, full positional detail) with date and section as unindexed columns;
the rowid is the stichwort doc id. Text is NFC-normalised in Python first.
Queries become FTS5 match expressions; FTS5 tokenises the quoted words
itself, so index and query always agree.

Differences from API.md's "simple" analysis and stichwort's semantics:

- unicode61 uses Unicode 6.1 tables: letters assigned later separate tokens.
  It folds case character by character with simple case folding, so
  "ΟΔΟΣ" becomes "οδοσ" and "İ" stays "İ".
- ``bm25()`` is FTS5's: idf = ln((N - n + 0.5) / (n + 0.5)), clamped to
  1e-6 for terms in more than half of the documents (Lucene adds 1 inside
  the log), and document length counts body and title together. Scores are
  returned as ``-bm25()`` (higher is better); ties break by doc id.
- ``Phrase(slop=k)`` with ``k > 0`` of n tokens runs as ``NEAR(t1 t2 … tn,
  k + n - 2)``: the tokens within n + k positions, in any order (a superset
  of the sloppy phrase; NEAR counts every token between the first and the
  last, the pattern's own too). A sloppy phrase that repeats a word raises
  ``NotImplementedError``: NEAR lets one occurrence stand for both (``katze
  katze``~2 would match one "Katze"). ``Near(a, b, k)`` is ``NEAR(a b, k - 1)``, which is exact.
- ``Wildcard`` (``*krise``): FTS5 has no leading or inner wildcards, so the
  terms of the vocabulary (``fts5vocab``, read once after each change) that
  match the pattern are or-ed; a pattern matching no term matches nothing.
- ``phrase_counts`` works for ``slop=0`` (a positional self-join over the
  ``fts5vocab`` instance table, words split with the simple analyzer).
- Date and section filters (``Filter``, ``DateRange``, ``FieldValue``) run as
  SQL conditions on unindexed columns, only at the top level of a query.
- Indexing is single-threaded; FTS5's default automerge shapes the b-trees
  (``optimize()`` merges them into one).

Example:
    >>> from stichwort.backends.sqlite_backend import SqliteIndex
    >>> ix = SqliteIndex()
    >>> ix.add_many(["Die Regierung tagt", "Die gemeinsame Sitzung der Regierung"]).tolist()
    [0, 1]
    >>> ix.commit()
    >>> ix.count("regierung")
    2
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from stichwort.backends._base import ComparisonIndex, checked_limit, without_empty_clauses
from stichwort.backends._docs import as_doc
from stichwort.backends._simple import nfc, simple_terms, simple_wildcard, wildcard_regex
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

__all__ = ["SqliteIndex"]


def _has_fts5() -> bool:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


if not _has_fts5():
    raise ImportError("this Python's sqlite3 is built without FTS5")

_TEXT_FIELDS = ("body", "title")
_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5("
    "body, title, date UNINDEXED, section UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)


def _quote(word: str) -> str:
    return '"' + nfc(word).replace('"', '""') + '"'


def _any_of(terms: list[str]) -> str:
    """An FTS5 OR of ``terms``, nested in halves: FTS5 refuses expression
    trees deeper than 256, which a chain of ORs reaches."""
    if len(terms) == 1:
        return _quote(terms[0])
    mid = len(terms) // 2
    return f"({_any_of(terms[:mid])} OR {_any_of(terms[mid:])})"


def _near(n: int) -> int:
    """A NEAR distance FTS5 reads: it wraps past 2**31 - 1 (NEAR(a b, 2147483648)
    matched nothing); no document holds that many tokens, so larger ones clamp."""
    return min(n, 2**31 - 1)


def _is_meta(q: Query) -> bool:
    """Restrictions on the unindexed columns (what ``Filter.to_query`` builds)."""
    if isinstance(q, (FieldValue, DateRange, All)):
        return True
    if isinstance(q, (And, Or)):
        return all(_is_meta(c) for c in q.clauses)
    return False


class SqliteIndex(ComparisonIndex):
    """An SQLite FTS5 table with the stichwort interface (see the module docstring for the differences).

    Args:
        path: a database file to create or reopen; ``None`` keeps it in memory.
    """

    name = "sqlite"

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._path = None if path is None else Path(path)
        self._db = sqlite3.connect(":memory:" if self._path is None else str(self._path))
        if self._path is not None:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute(_SCHEMA)
        self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS vocab_instance USING fts5vocab(docs, instance)")
        self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS vocab_row USING fts5vocab(docs, row)")
        self._db.commit()
        (last,) = self._db.execute("SELECT max(rowid) FROM docs").fetchone()
        self._next_id = 0 if last is None else last + 1
        # The vocabulary, read at the first wildcard after a change: fts5vocab
        # counts every term's rows on each read, seconds on a large table.
        self._vocab: list[str] | None = None

    # -- building --------------------------------------------------------
    def add(self, text: str, *, title: str | None = None, date: object = None, fields: dict[str, str] | None = None) -> int:
        """Adds one document; returns its doc id (visible to other connections after ``commit``)."""
        return int(self.add_many([as_doc(text, title=title, date=date, fields=fields)._asdict()])[0])

    def add_many(self, docs: Iterable[Any], *, progress: bool = False) -> np.ndarray:
        """Adds documents (str or dicts with "text", "title", "date", "fields"); returns their ids."""
        first = self._next_id
        self._vocab = None
        it: Iterable[Any] = docs
        if progress:
            from tqdm import tqdm  # type: ignore[import-untyped]

            it = tqdm(docs, desc="sqlite add", unit="doc")

        def rows() -> Iterable[tuple[Any, ...]]:
            for raw in it:
                d = as_doc(raw)
                yield (
                    self._next_id,
                    nfc(d.text),
                    None if d.title is None else nfc(d.title),
                    None if d.date is None else d.date.isoformat(),
                    d.fields.get("section"),
                )
                self._next_id += 1

        self._db.executemany("INSERT INTO docs(rowid, body, title, date, section) VALUES (?, ?, ?, ?, ?)", rows())
        return np.arange(first, self._next_id, dtype=np.uint32)

    def commit(self) -> None:
        """Commits the open transaction."""
        self._db.commit()

    def optimize(self) -> None:
        """Merges FTS5's b-trees into one (slow on large tables, faster queries afterwards)."""
        self._db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        self._db.commit()

    # -- query translation ----------------------------------------------------
    @staticmethod
    def _column(field: str | None) -> str:
        if field is None:
            return "body"
        if field not in _TEXT_FIELDS:
            raise SchemaError(f"no text field {field!r} in the sqlite backend (fields: body, title)")
        return field

    def _match(self, q: Query) -> str:
        """The FTS5 match expression of a query over text only."""
        if isinstance(q, Term):
            return f"{self._column(q.field)} : {_quote(q.text)}"
        if isinstance(q, Phrase):
            col = self._column(q.field)
            if q.slop == 0:
                return f"{col} : {_quote(' '.join(q.words))}"
            tokens = simple_terms(" ".join(q.words))
            if len(tokens) < 2:
                return f"{col} : {_quote(' '.join(q.words))}"
            if len(set(tokens)) < len(tokens):
                raise NotImplementedError("the sqlite backend runs a sloppy phrase only of distinct words: NEAR lets one occurrence stand for two")
            # NEAR's N counts every token between the first and the last
            # phrase, the pattern's own too: a sloppy match of n tokens spans
            # at most n - 1 + slop positions, so n - 2 + slop tokens lie between.
            return f"{col} : NEAR({' '.join(_quote(t) for t in tokens)}, {_near(q.slop + len(tokens) - 2)})"
        if isinstance(q, Prefix):
            col = self._column(q.field)
            if q.prefix == "":
                raise NotImplementedError("the sqlite backend cannot run the empty Prefix (every term)")
            tokens = simple_terms(q.prefix)
            if not tokens:
                return f'{col} : ""'  # no word ("-"): no term holds it; "" matches nothing
            # The last token a prefix, the ones before a phrase ("U-B": "u b" *), as native.
            return f"{col} : {_quote(' '.join(tokens))} *"
        if isinstance(q, Wildcard):
            kind, text = simple_wildcard(q.pattern)
            if kind != "pattern":
                return self._match(Term(text, q.field) if kind == "term" else Prefix(text, q.field))
            # FTS5 has no leading or inner wildcards: the vocabulary's terms
            # that match (as GLOB would), or-ed.
            col = self._column(q.field)
            if self._vocab is None:
                self._vocab = [t for (t,) in self._db.execute("SELECT term FROM vocab_row")]
            terms = list(filter(wildcard_regex(text).fullmatch, self._vocab))
            if not terms:
                return f'{col} : ""'
            return f"{col} : {_any_of(terms)}"
        if isinstance(q, Near):
            if not (isinstance(q.a, Term) and isinstance(q.b, Term) and q.a.field == q.b.field):
                raise NotImplementedError("the sqlite backend runs Near only between two terms of one field")
            col = self._column(q.a.field)
            a, b = simple_terms(q.a.text), simple_terms(q.b.text)
            if not a or not b:
                # A side without terms matches nothing; in NEAR FTS5 would drop it,
                # alone a phrase without tokens matches nothing.
                return f"{col} : {_quote(q.b.text if a else q.a.text)}"
            if a == b:
                # NEAR lets both sides match one instance: only adjacent
                # occurrences (distance 1, the phrase "a a") are expressible.
                if q.distance != 1:
                    raise NotImplementedError("the sqlite backend runs Near of a term with itself only at distance 1")
                return f"{col} : {_quote(q.a.text + ' ' + q.b.text)}"
            return f"{col} : NEAR({_quote(q.a.text)} {_quote(q.b.text)}, {_near(q.distance - 1)})"
        if isinstance(q, And):
            return " AND ".join(f"({self._match(c)})" for c in q.clauses)
        if isinstance(q, Or):
            return " OR ".join(f"({self._match(c)})" for c in q.clauses)
        if isinstance(q, Not):
            return f"({self._match(q.positive)}) NOT ({self._match(q.negative)})"
        if _is_meta(q):
            raise NotImplementedError("the sqlite backend takes date/field/all restrictions only at the top level")
        raise NotImplementedError(f"the sqlite backend cannot run {type(q).__name__}")

    def _condition(self, q: Query) -> tuple[str, list[Any]]:
        """An SQL condition for a restriction on the unindexed columns."""
        if isinstance(q, All):
            return "1", []
        if isinstance(q, FieldValue):
            if q.name != "section":
                raise SchemaError(f"the sqlite backend stores only the field 'section', not {q.name!r}")
            return "section = ?", [q.value]
        if isinstance(q, DateRange):
            parts, params = [], []
            if q.start is not None:
                parts.append("date >= ?")
                params.append(q.start.isoformat())
            if q.end is not None:
                parts.append("date <= ?")
                params.append(q.end.isoformat())
            return (" AND ".join(parts) or "1"), params
        assert isinstance(q, (And, Or))
        subs = [self._condition(c) for c in q.clauses]
        op = " AND " if isinstance(q, And) else " OR "
        return op.join(f"({s})" for s, _ in subs), [p for _, ps in subs for p in ps]

    def _plan(self, q: Query) -> tuple[list[str], list[Any]]:
        """SQL conditions on ``docs`` (a MATCH and restrictions) and their parameters."""
        params: list[Any]
        if _is_meta(q):
            cond, params = self._condition(q)
            return [cond], params
        if isinstance(q, And):
            conds: list[str] = []
            params = []
            text = [c for c in q.clauses if not _is_meta(c)]
            if len(text) > 0:
                conds.append("docs MATCH ?")
                params.append(self._match(And(*text)))
            for c in q.clauses:
                if _is_meta(c):
                    cond, ps = self._condition(c)
                    conds.append(cond)
                    params += ps
            return conds, params
        if isinstance(q, Not) and isinstance(q.positive, All):
            return ["rowid NOT IN (SELECT rowid FROM docs WHERE docs MATCH ?)"], [self._match(q.negative)]
        if isinstance(q, Not) and _is_meta(q.negative):
            conds, params = self._plan(q.positive)
            cond, ps = self._condition(q.negative)
            return conds + [f"NOT ({cond})"], params + ps
        return ["docs MATCH ?"], [self._match(q)]

    def _where(self, q: QueryLike, filter: Filter | Query | None) -> tuple[str, list[Any], bool]:
        # Clauses without terms are left out, as in the native engine.
        pruned = without_empty_clauses(as_query(q), lambda text: bool(simple_terms(text)))
        fq = self._filter_query(filter)
        if pruned is None:
            return "0", [], False  # no terms: matches nothing
        query = pruned
        if fq is not None:
            query = And(query, fq)
        conds, params = self._plan(query)
        return " AND ".join(conds), params, "docs MATCH ?" in conds

    # -- queries -----------------------------------------------------------
    def search(self, q: QueryLike, limit: int | None = 10, filter: Filter | Query | None = None) -> Hits:
        """Top ``limit`` documents by FTS5's bm25 (negated: higher is better), ties by doc id."""
        limit = checked_limit(limit)
        where, params, ranked = self._where(q, filter)
        score = "bm25(docs)" if ranked else "0.0"
        # The window count runs over the whole result before LIMIT: total and top-k in one pass.
        rows = self._db.execute(
            f"SELECT rowid, s, count(*) OVER () FROM (SELECT rowid, {score} AS s FROM docs WHERE {where}) "
            "ORDER BY s, rowid LIMIT ?",
            [*params, -1 if limit is None or limit >= 2**63 else max(limit, 1)],  # LIMIT -1: all rows
        ).fetchall()
        total = rows[0][2] if rows else 0
        rows = rows if limit is None else rows[:limit]
        ids = np.array([r[0] for r in rows], dtype=np.uint32)
        scores = -np.array([r[1] for r in rows], dtype=np.float32)
        return Hits(ids, scores, int(total))

    def count(self, q: QueryLike, filter: Filter | Query | None = None) -> int:
        """The number of matching documents."""
        where, params, _ = self._where(q, filter)
        return int(self._db.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()[0])

    def match(self, q: QueryLike, filter: Filter | Query | None = None) -> np.ndarray:
        """Every matching doc id, sorted."""
        where, params, _ = self._where(q, filter)
        rows = self._db.execute(f"SELECT rowid FROM docs WHERE {where} ORDER BY rowid", params).fetchall()
        return np.array(rows, dtype=np.uint32).reshape(-1)

    def phrase_counts(self, terms: Iterable[str] | str, slop: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(doc ids, occurrences of the exact phrase in the body), ``slop=0`` only."""
        if slop != 0:
            raise NotImplementedError("the sqlite backend counts exact phrases only (slop=0)")
        words = [terms] if isinstance(terms, str) else list(terms)
        tokens = [t for w in words for t in simple_terms(w)]
        if not tokens:
            return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint32)
        ctes = ", ".join(
            f"t{i} AS MATERIALIZED (SELECT doc, offset FROM vocab_instance WHERE term = ? AND col = 'body')"
            for i in range(len(tokens))
        )
        joins = "".join(f" JOIN t{i} ON t{i}.doc = t0.doc AND t{i}.offset = t0.offset + {i}" for i in range(1, len(tokens)))
        rows = self._db.execute(
            f"WITH {ctes} SELECT t0.doc, count(*) FROM t0{joins} GROUP BY t0.doc ORDER BY t0.doc", tokens
        ).fetchall()
        arr = np.array(rows, dtype=np.uint32).reshape(-1, 2)
        return arr[:, 0].copy(), arr[:, 1].copy()

    # -- information ---------------------------------------------------------
    @property
    def num_docs(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM docs").fetchone()[0])

    def size_bytes(self) -> int:
        """Bytes on disk (database and write-ahead log), or of the pages in memory."""
        if self._path is None:
            (pages,) = self._db.execute("PRAGMA page_count").fetchone()
            (page,) = self._db.execute("PRAGMA page_size").fetchone()
            return int(pages * page)
        return sum(p.stat().st_size for p in self._path.parent.glob(self._path.name + "*") if p.is_file())

    def stats(self) -> dict[str, int | None]:
        """num_docs, num_tokens, vocab_size (body and title together), num_segments (None), size_bytes."""
        tokens, vocab = self._db.execute("SELECT coalesce(sum(cnt), 0), count(*) FROM vocab_row").fetchone()
        return {
            "num_docs": self.num_docs,
            "num_tokens": int(tokens),
            "vocab_size": int(vocab),
            "num_segments": None,
            "size_bytes": self.size_bytes(),
        }

    def close(self) -> None:
        """Drops the open transaction and closes the database."""
        self._db.rollback()
        self._db.close()
