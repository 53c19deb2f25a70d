"""The positional inverted index (``stichwort.Index``).

A thin typed layer over the Rust engine (``stichwort._core.Index``): it
checks and shapes arguments, streams ``add_many`` input in batches, and
returns numpy arrays. The work runs in Rust with the GIL released.

Example:
    >>> import stichwort
    >>> ix = stichwort.Index(analyzer="simple")
    >>> ix.add("Die NATO tagt in Brüssel.", title="NATO", fields={"section": "Inland"})
    0
    >>> ix.doc_freq("nato"), ix.doc_freq("title:nato"), ix.doc_freq("\\x01section\\x1fInland")
    (1, 1, 1)
    >>> ix.positions("brüssel", 0).tolist()
    [4]
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from stichwort import _core
from stichwort.query import Filter, Phrase, Query, QueryLike, _to_date
from stichwort.results import Collocates, Concordance, Hits

__all__ = ["Index"]

#: Results never exceed the number of doc ids, so larger limits are clamped to it.
_MAX_RESULTS = 2**32 - 1

#: Documents sent to Rust per call of ``add_many``, at most.
BATCH_SIZE = 4096
#: A batch also ends once its characters (texts, titles, fields) reach the
#: memory budget over this: two batches are in flight, each held by Python
#: and copied by the engine, beside the builders' 55 % (docs/index.md).
BATCH_BUDGET_SHARE = 16
_DEFAULT_ANALYZER = "german"
_DOC_KEYS = frozenset({"text", "title", "date", "fields"})

Doc = str | Mapping[str, Any]

MEASURES = ("count", "logdice", "mi", "mi3", "tscore", "llr", "dice")
SCOPES = ("window", "sentence", "document")
BUCKETS = ("day", "week", "month", "year")
_U32_MAX = 2**32 - 1
_U64_MAX = 2**64 - 1


def _int(name: str, value: Any, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not minimum <= int(value) <= maximum:
        raise ValueError(f"{name} must be in {minimum}..{maximum}, got {value}")
    return int(value)


def _str_list(name: str, values: Any) -> list[str]:
    """An iterable of str (not one str), as a list."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be an iterable of str")
    values = list(values)
    for v in values:
        if not isinstance(v, str):
            raise TypeError(f"{name} must be str, got {type(v).__name__}")
    return values


def _limit(name: str, value: Any) -> int | None:
    """A count limit: an int >= 0, or None for no limit."""
    return None if value is None else _int(name, value, 0, _U64_MAX)


def _choice(name: str, value: Any, valid: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if value not in valid:
        raise ValueError(f"unknown {name} {value!r}; valid: {', '.join(valid)}")
    return value


def _cooc_options(
    window: Any, top: Any, measure: Any, min_count: Any, scope: Any
) -> tuple[int, int | None, str, int, str]:
    """Checked (window, top, measure, min_count, scope) of ``cooccurrence``;
    the common case in one test (a rare target's whole call takes a few µs)."""
    if (
        type(window) is int
        and 1 <= window <= _U32_MAX
        and (top is None or (type(top) is int and 0 <= top <= _U64_MAX))
        and type(min_count) is int
        and 0 <= min_count <= _U64_MAX
        and type(measure) is str
        and measure in MEASURES
        and type(scope) is str
        and scope in SCOPES
    ):
        return window, top, measure, min_count, scope
    window = _int("window", window, 1, _U32_MAX)
    top = _limit("top", top)
    min_count = _int("min_count", min_count, 0, _U64_MAX)
    return window, top, _choice("measure", measure, MEASURES), min_count, _choice("scope", scope, SCOPES)


def _analyzer_spec(analyzer: Any) -> str:
    """The engine spec of a preset name or an Analyzer object."""
    if isinstance(analyzer, str):
        return analyzer
    for attr in ("spec", "to_spec"):
        value = getattr(analyzer, attr, None)
        if callable(value):
            value = value()
        if isinstance(value, str):
            return value
    config = getattr(analyzer, "config", None)
    if config is not None and config is not analyzer:
        return _analyzer_spec(config)
    raise TypeError(f"analyzer must be a preset name or a stichwort.Analyzer, not {type(analyzer).__name__}")


def _date(value: Any, where: str) -> int | None:
    """``date.toordinal()`` of a date, datetime or ISO string (None stays None)."""
    day = _to_date(value, f"{where}: date")
    return None if day is None else day.toordinal()


def _fields(value: Any, where: str) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise TypeError(f"{where}: fields must be a dict of str to str, not {type(value).__name__}")
    out = []
    for k, v in value.items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise TypeError(f"{where}: fields must map str to str, got {k!r}: {v!r}")
        if not k or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in k):
            raise ValueError(f"{where}: field name {k!r} must be non-empty without control characters")
        out.append((k, v))
    return out


def _text(value: Any, name: str, where: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{where}: {name} must be a str, not {type(value).__name__}")
    return value


def _shape(doc: Any, where: str) -> tuple[str, str | None, int | None, list[tuple[str, str]]]:
    if isinstance(doc, str):
        return doc, None, None, []
    if not isinstance(doc, Mapping):
        raise TypeError(f"{where}: a document is a str or a dict with 'text', not {type(doc).__name__}")
    if "text" not in doc:
        raise ValueError(f"{where}: document dict has no 'text'")
    unknown = set(doc) - _DOC_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown document keys {sorted(unknown)} (allowed: {sorted(_DOC_KEYS)})")
    title = doc.get("title")
    return (
        _text(doc["text"], "text", where),
        None if title is None else _text(title, "title", where),
        _date(doc.get("date"), where),
        _fields(doc.get("fields"), where),
    )


def _with_surrogate_named(
    e: ValueError, where: Callable[[int], str], docs: Iterable[tuple[str, str | None, list[tuple[str, str]]]]
) -> ValueError:
    """The core's "str contains a lone surrogate" error of a document, as
    the error of the first document and part holding one (searched on
    this error path only: the core checks every str anyway)."""
    if not str(e).startswith("str contains a lone surrogate"):
        return e
    for i, (text, title, fields) in enumerate(docs):
        parts = [("text", text), ("title", title or "")]
        parts += [(f"fields[{k!r}]", v) for k, v in fields] + [("a field name", k) for k, _ in fields]
        for name, value in parts:
            at = next((k for k, c in enumerate(value) if "\ud800" <= c <= "\udfff"), None)
            if at is not None:
                return ValueError(f"{where(i)}: {name} contains a lone surrogate at offset {at} (not valid Unicode text)")
    return e


def _doc_id(doc_id: Any) -> int:
    if isinstance(doc_id, bool) or not isinstance(doc_id, (int, np.integer)):
        raise TypeError(f"doc_id must be an int, not {type(doc_id).__name__}")
    if not 0 <= int(doc_id) < 2**32 - 1:
        raise ValueError(f"no document with id {doc_id}")
    return int(doc_id)


def _int_arg(name: str, value: Any, minimum: int) -> int:
    """An int >= ``minimum``, clamped to the doc id range."""
    if type(value) is int and minimum <= value <= _MAX_RESULTS:  # the common case, per query
        return value
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return min(int(value), _MAX_RESULTS)


def _opt_int_arg(name: str, value: Any, minimum: int) -> int | None:
    """Like ``_int_arg``, or None."""
    return None if value is None else _int_arg(name, value, minimum)


def _threads_arg(value: Any) -> int | None:
    """None (all cores) or a number of threads in ``1..=MAX_THREADS``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"threads must be an int or None, not {type(value).__name__}")
    if not 1 <= value <= _core.MAX_THREADS:
        raise ValueError(f"threads must be in 1..={_core.MAX_THREADS}, not {value}")
    return int(value)


def _query(q: Any) -> str | Query:
    """A query string (parsed by the engine, as ``stichwort.parse``) or a
    query object (the engine reads its fields)."""
    if isinstance(q, (str, Query)):
        return q
    raise TypeError(f"a query must be a str or a stichwort query, not {type(q).__name__}")


def _filter(f: Any) -> str | Query | None:
    """A filter in the form the core reads: a Filter, a query or a query string (None: no restriction)."""
    if f is None:
        return None
    if isinstance(f, Filter):
        fq = f.to_query()
        return None if fq is None else _query(fq)
    if isinstance(f, (str, Query)):
        return _query(f)
    raise TypeError(f"filter must be a stichwort.Filter, a query or None, not {type(f).__name__}")


class Index:
    """A positional inverted index, in memory (``path=None``) or in a folder.

    Args:
        path: folder of the index (created if missing; an existing index
            there is opened as its single writer) or None for RAM only.
        analyzer: a preset name ("simple", "german") or a ``stichwort.Analyzer``.
            An existing index keeps the analyzer it was built with; passing a
            different non-default one raises ``SchemaError``.
        memory_budget_mb: RAM for buffered documents before a segment is flushed.
        threads: analysis threads (None: all cores); started when a call needs them,
            no more than it can use (its documents, at most 257).
        store_documents: keep text and title for ``document()``.

    Raises:
        IndexLockedError: another writer holds the folder.
        CorruptIndexError: a file of the index is damaged.
        ValueError: the folder is not empty and not an index.

    Example:
        >>> ix = Index(analyzer="simple")
        >>> ix.add_many(["a b", {"text": "b c", "date": "2024-05-01"}]).tolist()
        [0, 1]
        >>> ids, tfs = ix.postings("b"); ids.tolist(), tfs.dtype.name
        ([0, 1], 'uint32')
    """

    _core: _core.Index

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        analyzer: Any = _DEFAULT_ANALYZER,
        *,
        memory_budget_mb: int = 512,
        threads: int | None = None,
        store_documents: bool = True,
    ) -> None:
        if not isinstance(memory_budget_mb, int) or isinstance(memory_budget_mb, bool):
            raise TypeError("memory_budget_mb must be an int")
        if not 1 <= memory_budget_mb <= _U64_MAX:
            raise ValueError(f"memory_budget_mb must be in 1..{_U64_MAX}, not {memory_budget_mb}")
        if not isinstance(store_documents, (bool, np.bool_)):
            raise TypeError(f"store_documents must be a bool, not {type(store_documents).__name__}")
        threads = _threads_arg(threads)
        spec = _analyzer_spec(analyzer)
        require = not (isinstance(analyzer, str) and analyzer == _DEFAULT_ANALYZER)
        self._core = _core.Index(
            None if path is None else os.fspath(path),
            spec,
            require,
            memory_budget_mb,
            threads,
            bool(store_documents),
        )

    @classmethod
    def open(cls, path: str | os.PathLike[str], readonly: bool = True) -> Index:
        """Opens an existing index: read-only (a snapshot of its last commit;
        ``reload()`` moves to a newer one) or as its writer.

        Example:
            >>> import tempfile, os
            >>> d = os.path.join(tempfile.mkdtemp(), "ix")
            >>> with Index(d, analyzer="simple") as w:
            ...     _ = w.add("hallo welt"); w.commit()
            >>> Index.open(d).doc_freq("welt")
            1
        """
        p = os.fspath(path)
        if not os.path.isdir(p):
            raise FileNotFoundError(f"no index folder {p!r}")
        self = cls.__new__(cls)
        if readonly:
            self._core = _core.Index.open_reader(p)
        else:
            if not os.path.exists(os.path.join(p, "MANIFEST")):
                # The writer would create an index here; the engine tells a
                # folder that is no index from one that lost its MANIFEST.
                _core.Index.open_reader(p)
                raise ValueError(f"{p} is not a stichwort index (no MANIFEST)")
            self._core = _core.Index(p, _DEFAULT_ANALYZER, False, 512, None, True)
        return self

    # -- writing ---------------------------------------------------------
    def add(
        self,
        text: str,
        *,
        title: str | None = None,
        date: _dt.date | str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> int:
        """Adds a document; returns its id (ids count from 0 in insertion order)."""
        where = "add()"
        text = _text(text, "text", where)
        if title is not None:
            title = _text(title, "title", where)
        flds = _fields(fields, where)
        try:
            return int(self._core.add(text, title, _date(date, where), flds))
        except ValueError as e:
            named = _with_surrogate_named(e, lambda _: where, [(text, title, flds)])
            if named is e:
                raise
            raise named from None

    def add_many(self, docs: Iterable[Doc], *, progress: bool = False) -> npt.NDArray[np.uint32]:
        """Adds documents from any iterable (str, or dicts with "text" and
        optional "title", "date", "fields"), streaming them to the engine in
        batches; returns their ids. With ``progress=True`` a tqdm bar shows
        documents per second.

        All or nothing: when a document is bad or the iterable raises, the
        documents this call had added are taken back (deleted at once; their
        ids stay used) and the error is raised.
        """
        if isinstance(docs, (str, bytes, Mapping)):
            raise TypeError("add_many expects an iterable of documents, not a single document")
        bar = None
        if progress:
            from tqdm.auto import tqdm  # type: ignore[import-untyped]

            bar = tqdm(unit="docs", desc="indexing", smoothing=0.1)
        out: list[npt.NDArray[np.uint32]] = []
        texts: list[str] = []
        titles: list[str | None] = []
        dates: list[int | None] = []
        fields: list[list[tuple[str, str]]] = []
        # One batch is indexed in Rust (GIL released) on a worker thread
        # while this thread reads and shapes the next one.
        pending: Future[npt.NDArray[np.uint32]] | None = None
        # The batch being indexed and the number of its first document.
        sent: tuple[int, list[str], list[str | None], list[list[tuple[str, str]]]] = (0, [], [], [])
        first = 0
        # Characters of the batch being read, and the most a batch takes.
        chars = 0
        batch_chars = self._core.memory_budget // BATCH_BUDGET_SHARE

        def collect() -> None:
            nonlocal pending
            if pending is not None:
                try:
                    ids = pending.result()
                except ValueError as e:
                    start, t, ti, f = sent
                    named = _with_surrogate_named(e, lambda i: f"add_many: document {start + i}", zip(t, ti, f))
                    if named is e:
                        raise
                    raise named from None
                pending = None
                out.append(ids)
                if bar is not None:
                    bar.update(len(ids))

        def send() -> None:
            nonlocal pending, texts, titles, dates, fields, sent, first, chars
            collect()
            pending = worker.submit(self._core.add_many, texts, titles, dates, fields)
            sent = (first, texts, titles, fields)
            first += len(texts)
            texts, titles, dates, fields = [], [], [], []
            chars = 0

        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stichwort-add") as worker:
                for i, doc in enumerate(docs):
                    text, title, date, flds = _shape(doc, f"add_many: document {i}")
                    texts.append(text)
                    titles.append(title)
                    dates.append(date)
                    fields.append(flds)
                    chars += len(text) + len(title or "") + sum(len(k) + len(v) for k, v in flds)
                    if len(texts) >= BATCH_SIZE or chars >= batch_chars:
                        send()
                if texts:
                    send()
                collect()
        except BaseException:
            # A bad document, a failing source or an interrupt after some
            # batches were indexed: take those back, so that the call adds
            # all of its documents or none (the pool has finished the last one).
            if pending is not None and pending.exception() is None:
                out.append(pending.result())
            if out:
                self._core.discard(np.concatenate(out))
            raise
        finally:
            if bar is not None:
                bar.close()
        if not out:
            return np.zeros(0, dtype=np.uint32)
        return np.concatenate(out).astype(np.uint32, copy=False)

    def commit(self) -> None:
        """Makes all changes durable (on disk) and visible, applying deletes."""
        self._core.commit()

    def delete(self, doc_id: int) -> None:
        """Deletes a document; searches see it after ``commit()``. Deleting
        a deleted document again does nothing.

        Raises:
            ValueError: no document was ever given this id.
        """
        self._core.delete(_doc_id(doc_id))

    def merge(self, max_segments: int = 1) -> None:
        """Merges adjacent segments down to ``max_segments`` (visible after commit)."""
        self._core.merge(_int_arg("max_segments", max_segments, 1))

    def reload(self) -> None:
        """Moves a read-only index to the newest commit of its folder."""
        self._core.reload()

    def close(self) -> None:
        """Releases files and the writer lock (uncommitted changes are dropped)."""
        self._core.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------
    @property
    def num_docs(self) -> int:
        """Live documents (added ones included, pending deletes not applied)."""
        return int(self._core.num_docs())

    def __len__(self) -> int:
        return self.num_docs

    @property
    def path(self) -> str | None:
        p = self._core.path
        return None if p is None else os.fspath(p)

    @property
    def readonly(self) -> bool:
        return bool(self._core.readonly)

    @property
    def analyzer_spec(self) -> str:
        """The engine spec of the index's analyzer."""
        return str(self._core.analyzer_spec)

    def stats(self) -> dict[str, int]:
        """num_docs, num_tokens, vocab_size (body terms), num_segments, size_bytes."""
        return dict(self._core.stats())

    def doc_freq(self, term: str) -> int:
        """Live documents containing the (already analysed) term."""
        return int(self._core.doc_freq(_text(term, "term", "doc_freq()")))

    def coll_freq(self, term: str) -> int:
        """Occurrences of the (already analysed) term in live documents."""
        return int(self._core.coll_freq(_text(term, "term", "coll_freq()")))

    def postings(self, term: str) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
        """(ids, tfs) of the live documents containing the term, ids ascending."""
        return self._core.postings(_text(term, "term", "postings()"))

    def positions(self, term: str, doc_id: int) -> npt.NDArray[np.uint32]:
        """Positions of the term in a live document's body (empty when absent).

        Raises:
            ValueError: ``doc_id`` was never assigned or is deleted.

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add("die nato und die eu")
            >>> ix.positions("die", 0).tolist()
            [0, 3]
        """
        return self._core.positions(_text(term, "term", "positions()"), _doc_id(doc_id))

    def document(self, doc_id: int) -> dict[str, Any]:
        """The stored document: text, title, date (datetime.date or None), fields.

        text and title are None when the index does not store documents.
        """
        text, title, date, fields = self._core.document(_doc_id(doc_id))
        return {
            "text": text,
            "title": title,
            "date": None if date is None else _dt.date.fromordinal(date),
            "fields": dict(fields),
        }

    # -- queries ---------------------------------------------------------
    def search(self, q: Query | str, limit: int | None = 10, filter: Filter | Query | None = None) -> Hits:
        """The ``limit`` best documents by BM25 (None: all), ties by ascending doc id.

        ``q`` is a query object or a query string; ``filter`` restricts the
        documents without changing scores. ``Hits.total`` counts every match.

        Raises:
            QueryError: the query cannot be run. SchemaError: an unknown field.

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add_many(["nato gipfel", "nato nato", "gipfel"])
            >>> hits = ix.search("nato", limit=1); hits.ids.tolist(), hits.total
            ([1], 2)
        """
        # The common arguments pass inline checks: a call of a checking
        # helper costs a twentieth of a rare query's search.
        lim = limit if type(limit) is int and 0 <= limit <= _MAX_RESULTS else _opt_int_arg("limit", limit, 0)
        qc = q if isinstance(q, Query) else _query(q)
        return self._core.search(qc, lim, None if filter is None else _filter(filter))

    def count(self, q: Query | str, filter: Filter | Query | None = None) -> int:
        """The number of matching documents (nothing is scored)."""
        qc = q if isinstance(q, Query) else _query(q)
        return self._core.count(qc, None if filter is None else _filter(filter))

    def match(self, q: Query | str, filter: Filter | Query | None = None) -> npt.NDArray[np.uint32]:
        """Every matching doc id, ascending.

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add_many(["a b", "b c", "c a"])
            >>> ix.match("a OR c").tolist()
            [0, 1, 2]
        """
        return self._core.match_ids(_query(q), _filter(filter))

    def phrase_counts(
        self, terms: Iterable[str] | str, slop: int = 0
    ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
        """(ids, counts): how often the phrase occurs in every document that has it.

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add_many(["a b a b", "b a"])
            >>> [x.tolist() for x in ix.phrase_counts(["a", "b"])]
            [[0], [2]]
        """
        phrase = Phrase(terms, slop)
        if phrase.slop > _MAX_RESULTS:
            raise ValueError(f"slop must be at most {_MAX_RESULTS}, got {phrase.slop}")
        return self._core.phrase_counts(list(phrase.words), phrase.slop)

    def search_batch(
        self, queries: Iterable[Query | str], limit: int | None = 10, threads: int | None = None
    ) -> list[Hits]:
        """``search`` for every query, run in parallel on ``threads`` threads
        (None: all cores) without the GIL; results in the order of ``queries``."""
        if isinstance(queries, (str, Query)) or not isinstance(queries, Iterable):
            raise TypeError("queries must be an iterable of queries")
        qs = [_query(q) for q in queries]
        lim = _opt_int_arg("limit", limit, 0)
        n = _threads_arg(threads)
        return self._core.search_batch(qs, lim, n)

    def kwic(self, q: Query | str, width: int = 40, limit: int | None = 100) -> list[Concordance]:
        """Concordance lines: every match with up to ``width`` characters of
        context on each side, by doc id and position; at most ``limit`` lines
        (None: all). The match is the matched words as written, a hyphenated
        run whole where a closed word found it ("Klimaerwärmung" shows
        "Klima-Erwärmung"). Contexts are cut between grapheme clusters: a
        flag, an emoji sequence or a letter with its marks is shown whole or
        left out.

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add("Die Straße nach Köln")
            >>> line = ix.kwic("straße", width=4)[0]; line.left, line.match, line.right
            ('Die ', 'Straße', ' nac')
        """
        w = _int_arg("width", width, 0)
        lim = _opt_int_arg("limit", limit, 0)
        return [Concordance(*line) for line in self._core.kwic(_query(q), w, lim)]

    def snippet(self, q: Query | str, doc_id: int, width: int = 160) -> str:
        """About ``width`` characters of a document around its first match,
        matches marked with « », "…" where the text is cut (between grapheme
        clusters, as in :meth:`kwic`).

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add("Der Gipfel der NATO in Wien")
            >>> ix.snippet("nato", 0, width=12)
            '…der «NATO» in …'
        """
        w = _int_arg("width", width, 1)
        return str(self._core.snippet(_query(q), _doc_id(doc_id), w))

    # -- co-occurrence and corpus statistics ------------------------------
    def cooccurrence(
        self,
        target: QueryLike,
        window: int = 5,
        top: int | None = 50,
        measure: str = "logdice",
        min_count: int = 1,
        filter: Filter | Query | None = None,
        scope: str = "window",
    ) -> Collocates:
        """The collocates of ``target`` (any query: its body spans are the
        occurrences; a ``str`` is parsed).

        scope "window": tokens at most ``window`` positions from an
        occurrence (never across documents); "sentence": tokens of the same
        sentence; "document": documents containing both. Measures: count,
        logdice, mi, mi3, tscore, llr, dice (docs/cooccurrence.md). Best
        first: score descending, then term ascending; ``top=None`` keeps all.

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add_many(["die nato tagt", "die nato und die eu"])
            >>> c = ix.cooccurrence("nato", window=1, measure="count")
            >>> list(zip(c.terms, c.f_xy.tolist())), c.f_x, c.n_tokens
            ([('die', 2), ('tagt', 1), ('und', 1)], 2, 8)
        """
        window, top, measure, min_count, scope = _cooc_options(window, top, measure, min_count, scope)
        return Collocates._of(
            self._core.cooccurrence(_query(target), window, top, measure, min_count, _filter(filter), scope)
        )

    def cooccurrence_batch(
        self,
        targets: Iterable[QueryLike],
        window: int = 5,
        top: int | None = 50,
        measure: str = "logdice",
        min_count: int = 1,
        filter: Filter | Query | None = None,
        scope: str = "window",
    ) -> list[Collocates]:
        """``cooccurrence`` of every target with the same options, in one
        call: in parallel without the GIL, the filter and the frequencies
        evaluated once. Results in the order of ``targets``; a bad target
        fails the whole batch.

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add_many(["die nato tagt", "die eu tagt"])
            >>> [c.terms for c in ix.cooccurrence_batch(["nato", "eu"], window=1, measure="count")]
            [['die', 'tagt'], ['die', 'tagt']]
        """
        if isinstance(targets, (str, Query)) or not isinstance(targets, Iterable):
            raise TypeError("targets must be an iterable of queries")
        qs: list[object] = [_query(t) for t in targets]
        window, top, measure, min_count, scope = _cooc_options(window, top, measure, min_count, scope)
        rows = self._core.cooccurrence_batch(qs, window, top, measure, min_count, _filter(filter), scope)
        return [Collocates._of(r) for r in rows]

    def cooccurrence_matrix(self, terms: Iterable[str], window: int = 5) -> Any:
        """scipy.sparse.csr_matrix (int64): [i, j] = window count of ``terms[j]``
        around the occurrences of ``terms[i]``. A term is used as the index
        holds it (so ``Collocates.terms`` feed straight in), else as the
        analyzer makes it from a word ("Sitzung" -> "sitzung") when that is
        one term.

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add("a b a c")
            >>> ix.cooccurrence_matrix(["a", "B"], window=1).toarray().tolist()
            [[0, 2], [2, 0]]
        """
        from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

        terms = _str_list("terms", terms)
        window = _int("window", window, 1, _U32_MAX)
        rows, cols, data = self._core.cooccurrence_matrix(terms, window)
        k = len(terms)
        return csr_matrix((data.astype(np.int64), (rows, cols)), shape=(k, k), dtype=np.int64)

    def timeline(
        self, q: QueryLike, by: str = "month", filter: Filter | Query | None = None
    ) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.uint32]]:
        """(bucket starts as datetime64[D], matching dated documents per bucket);
        every bucket from the first to the last non-empty one (weeks from Monday).

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add_many([{"text": "nato", "date": "2024-01-31"}, {"text": "nato", "date": "2024-03-02"}])
            >>> starts, counts = ix.timeline("nato", by="month")
            >>> [str(s) for s in starts], counts.tolist()
            (['2024-01-01', '2024-02-01', '2024-03-01'], [1, 0, 1])
        """
        by = _choice("by", by, BUCKETS)
        days, counts = self._core.timeline(_query(q), by, _filter(filter))
        return days.astype("datetime64[D]"), counts

    def ngrams(
        self,
        n: int = 2,
        min_count: int = 5,
        top: int | None = 100,
        filter: Filter | Query | None = None,
        stopwords: bool = True,
    ) -> list[tuple[tuple[str, ...], int]]:
        """The most frequent n-grams (n = 1..5): terms at n consecutive positions
        of a document; ``stopwords=False`` drops those with a German stop word
        (as the index's analyzer writes it: "für" -> "fur").

        Example:
            >>> ix = Index(analyzer="simple")
            >>> _ = ix.add_many(["die gemeinsame sitzung", "eine gemeinsame sitzung"])
            >>> ix.ngrams(2, min_count=2)
            [(('gemeinsame', 'sitzung'), 2)]
        """
        n = _int("n", n, 1, 5)
        min_count = _int("min_count", min_count, 0, _U64_MAX)
        top = _limit("top", top)
        if not isinstance(stopwords, bool):
            raise TypeError(f"stopwords must be a bool, not {type(stopwords).__name__}")
        rows = self._core.ngrams(n, min_count, top, _filter(filter), stopwords)
        return [(tuple(g), int(c)) for g, c in rows]

    def surface_forms(self, terms: Iterable[str], docs: int = 16) -> list[str | None]:
        """How the text writes each index term: the form its occurrences in
        its ``docs`` lowest live doc ids use most (ties: the first seen);
        None for a term in no document with stored text. Stems and folded
        terms ("todlich") read better so, e.g. as collocates.

        Example:
            >>> ix = Index(analyzer="german")
            >>> _ = ix.add_many(["Der Unfall war tödlich.", "Sie wurde gerettet"])
            >>> ix.surface_forms(["todlich", "wurd", "fehlt"])
            ['tödlich', 'wurde', None]
        """
        terms = _str_list("terms", terms)
        return self._core.surface_forms(terms, _int("docs", docs, 1, _U32_MAX))

    def __repr__(self) -> str:
        if self._core.closed:  # repr must not raise, also for a closed index
            return "<stichwort.Index (closed)>"
        where = self.path or "memory"
        return f"<stichwort.Index {where} ({self.analyzer_spec})>"
