"""The HTTP service: a JSON API over one index (``stichwort serve DIR``).

Starlette application served by uvicorn in one process. One read-only
``Index`` is shared by every request; index calls run on a thread pool
(the engine releases the GIL), so concurrent requests use all cores. Before
each call the service checks (one ``stat``) whether the folder's MANIFEST
changed, and if so moves the reader to the new commit with ``reload()``: a
commit by another process becomes visible without a restart.

With ``writable=True`` the service also opens the index as its writer:
``POST /documents`` adds and ``POST /commit`` commits (then the reader
reloads at once), both behind a bearer token compared in constant time.
Writes run on one thread of their own, in arrival order.

Every parameter is checked against the table of its endpoint (type, range,
choices, length); a bad request gets 400 with ``{"error": ..., "status": 400}``.
The OpenAPI description (``/openapi.json``) is built from the same tables.

Example:
    >>> from starlette.testclient import TestClient  # doctest: +SKIP
    >>> client = TestClient(create_app(Service("news-ix")))  # doctest: +SKIP
    >>> client.get("/count", params={"q": "nato"}).json()  # doctest: +SKIP
    {'query': 'nato', 'count': 42}
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from stichwort import __version__
from stichwort._args import parse_date, parse_int
from stichwort._render import index_stats
from stichwort.corpus.readers import has_surrogates
from stichwort._serialize import (
    cooccurrence_answer,
    count_answer,
    document_json,
    kwic_answer,
    phrase_json,
    search_answer,
)
from stichwort.errors import QueryError, SchemaError, StichwortError
from stichwort.index import Index, _shape
from stichwort.query import And, Filter, Near, Not, Or, Phrase, Query, parse

__all__ = ["ApiError", "Service", "create_app", "openapi", "serve"]

T = TypeVar("T")
_log = logging.getLogger("stichwort.server")

MAX_QUERY = 10_000
MAX_LIMIT = 1000
MAX_WINDOW = 50
MAX_DOCS_PER_POST = 10_000
#: Most words of /phrase, and of a sloppy phrase in a query: a sloppy
#: phrase's cost grows much faster than its length (1,000 alternating words
#: with a huge slop took 215 s over one document of 10,000 of them).
MAX_PHRASE_WORDS = 64
#: A word as the analyzers split text: a run of letters and digits.
_WORD = re.compile(r"[^\W_]+")
#: Request line and headers: room for a query of MAX_QUERY characters, each percent-encoded.
_MAX_REQUEST_HEAD = 16 * MAX_QUERY
MEASURES = ("logdice", "count", "mi", "mi3", "tscore", "llr", "dice")
SCOPES = ("window", "sentence", "document")
_REQUIRED = object()


class ApiError(Exception):
    """An error answered as JSON ``{"error": message, "status": status}``."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


# -- parameters ------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    """One request parameter: its JSON type, bounds and default (``_REQUIRED``: must be given)."""

    name: str
    kind: str  # "string" | "integer" | "boolean" | "date" | "words" | "filter"
    doc: str
    default: Any = _REQUIRED
    lo: int | None = None
    hi: int | None = None
    choices: tuple[str, ...] | None = None
    max_len: int = MAX_QUERY

    def from_query_string(self, values: list[str]) -> Any:
        """The value from a URL query string (all strings; ``filter`` may repeat)."""
        if self.kind == "filter":
            out: dict[str, list[str]] = {}
            for v in values:
                name, sep, val = v.partition(":")
                if not sep or not name or not val:
                    raise ApiError(400, f"filter: {v!r} is not FIELD:VALUE (e.g. section:Inland)")
                out.setdefault(name, []).append(val)
            return self.check(out)
        if len(values) > 1:
            raise ApiError(400, f"{self.name}: given {len(values)} times")
        raw = values[0]
        if self.kind == "integer":
            try:
                return self.check(parse_int(raw))
            except ValueError as e:
                raise ApiError(400, f"{self.name}: {e}") from None
        if self.kind == "boolean":
            if raw.lower() not in ("true", "false", "1", "0"):
                raise ApiError(400, f"{self.name}: {raw[:50]!r} is not true or false")
            return raw.lower() in ("true", "1")
        if self.kind == "words":
            return self.check(raw.split())
        return self.check(raw)

    def check(self, value: Any) -> Any:
        """The value checked against type and bounds (JSON bodies come here directly)."""
        n = self.name
        if value is None:  # no parameter takes null: "the default" is said by leaving it out
            raise ApiError(400, f"{n}: null is not a value (leave the parameter out for its default)")
        if self.kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ApiError(400, f"{n}: expected an integer, got {_json_type(value)}")
            if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
                raise ApiError(400, f"{n}: {value} is out of range {self.lo}..{self.hi}")
            return value
        if self.kind == "boolean":
            if not isinstance(value, bool):
                raise ApiError(400, f"{n}: expected true or false, got {_json_type(value)}")
            return value
        if self.kind == "words":
            if isinstance(value, str):
                value = value.split()
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise ApiError(400, f"{n}: expected a list of strings or a string, got {_json_type(value)}")
            if not 1 <= len(value) <= MAX_PHRASE_WORDS:
                raise ApiError(400, f"{n}: expected 1..{MAX_PHRASE_WORDS} words, got {len(value)}")
            if sum(len(w) for w in value) > self.max_len:
                raise ApiError(400, f"{n}: longer than {self.max_len} characters")
            return value
        if self.kind == "filter":
            return _check_filter(value)
        if not isinstance(value, str):
            raise ApiError(400, f"{n}: expected a string, got {_json_type(value)}")
        if self.kind == "date":  # read as POST /documents reads a document's date
            try:
                return parse_date(value)
            except ValueError as e:
                raise ApiError(400, f"{n}: {e}") from None
        if len(value) > self.max_len:
            raise ApiError(400, f"{n}: longer than {self.max_len} characters ({len(value)})")
        if self.choices is not None and value not in self.choices:
            raise ApiError(400, f"{n}: {value[:50]!r} is not one of {', '.join(self.choices)}")
        if self.default is _REQUIRED and not value.strip():
            raise ApiError(400, f"{n}: must not be empty")
        return value

    def schema(self) -> dict[str, Any]:
        """The parameter's JSON schema for the OpenAPI description."""
        s: dict[str, Any]
        if self.kind == "date":
            s = {"type": "string", "format": "date"}
        elif self.kind == "words":
            s = {"type": "string", "description": "words separated by spaces (a JSON body may give a list)"}
        elif self.kind == "filter":
            s = {"type": "array", "items": {"type": "string", "pattern": "^[^:]+:.+$"}}
        else:
            s = {"type": self.kind}
        if self.lo is not None:
            s["minimum"] = self.lo
        if self.hi is not None:
            s["maximum"] = self.hi
        if self.choices:
            s["enum"] = list(self.choices)
        if self.kind == "string":
            s["maxLength"] = self.max_len
        if self.default is not _REQUIRED and self.default is not None:
            s["default"] = self.default
        return s


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _check_filter(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise ApiError(400, f"filter: expected an object of field names to a value or a list of values, got {_json_type(value)}")
    out: dict[str, list[str]] = {}
    for name, vals in value.items():
        vals = [vals] if isinstance(vals, str) else vals
        if not isinstance(vals, list) or not vals or not all(isinstance(v, str) for v in vals):
            raise ApiError(400, f"filter: {str(name)[:50]!r} must map to a string or a non-empty list of strings")
        out[name] = vals
    return out


_Q = Param("q", "string", "a query in the query language (docs/query-language.md)")
_FILTERS = (
    Param("from", "date", "only documents dated on or after this day", None),
    Param("to", "date", "only documents dated on or before this day", None),
    Param("filter", "filter", "metadata restriction FIELD:VALUE, repeatable (JSON body: an object)", None),
)
PARAMS: dict[str, tuple[Param, ...]] = {
    "/search": (
        _Q,
        Param("limit", "integer", "hits to return", 10, 1, MAX_LIMIT),
        Param("snippets", "boolean", "add a snippet to every hit", True),
        Param("width", "integer", "snippet length in characters", 160, 20, 1000),
        *_FILTERS,
    ),
    "/count": (_Q, *_FILTERS),
    "/phrase": (
        Param("words", "words", "the words of the phrase", max_len=MAX_QUERY),
        Param("slop", "integer", "extra positions allowed between the words", 0, 0, MAX_WINDOW),
        Param("top", "integer", "documents with the most occurrences to list", 10, 0, MAX_LIMIT),
    ),
    "/cooccurrence": (
        Param("target", "string", "a term, a quoted phrase or a query"),
        Param("window", "integer", "tokens on each side", 5, 1, MAX_WINDOW),
        Param("top", "integer", "collocates to return", 50, 1, MAX_LIMIT),
        Param("measure", "string", "association measure", "logdice", choices=MEASURES),
        Param("min_count", "integer", "least co-occurrences", 1, 1, 2**31 - 1),
        Param("scope", "string", "what counts as co-occurring", "window", choices=SCOPES),
        *_FILTERS,
    ),
    "/kwic": (
        _Q,
        Param("width", "integer", "context characters on each side", 40, 1, 500),
        Param("limit", "integer", "lines to return", 100, 1, MAX_LIMIT),
        *_FILTERS,
    ),
}
_DOCUMENT = (Param("text", "boolean", "include the text", True),)


def _filter_of(p: Mapping[str, Any]) -> Filter | None:
    if p["from"] is None and p["to"] is None and not p["filter"]:
        return None
    if p["from"] is not None and p["to"] is not None and p["from"] > p["to"]:
        raise ApiError(400, f"from {p['from']} is after to {p['to']}")
    return Filter(date_from=p["from"], date_to=p["to"], fields=p["filter"])


def _query(text: str, name: str) -> Query:
    try:
        q = parse(text)
    except QueryError as e:
        raise ApiError(400, f"bad query: {e}") from None
    for phrase in _sloppy_phrases(q):
        words = len(_WORD.findall(" ".join(phrase.words)))
        if words > MAX_PHRASE_WORDS:
            raise ApiError(400, f"{name}: a phrase with a slop has at most {MAX_PHRASE_WORDS} words, "
                                f"this one has {words} (an exact phrase has no such limit)")
    return q


def _sloppy_phrases(q: Query) -> Iterator[Phrase]:
    """The phrases with a slop > 0 anywhere in ``q``."""
    match q:
        case Phrase(slop=slop) if slop > 0:
            yield q
        case And(clauses=cs) | Or(clauses=cs):
            for c in cs:
                yield from _sloppy_phrases(c)
        case Not(positive=a, negative=b) | Near(a=a, b=b):
            yield from _sloppy_phrases(a)
            yield from _sloppy_phrases(b)


# -- the service -------------------------------------------------------------------
def manifest_stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a commit replaces the MANIFEST (it is renamed into place)."""
    try:
        st = os.stat(path / "MANIFEST")
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Service:
    """One index folder served: the shared reader, the optional writer and the thread pools.

    Args:
        path: the index folder (must hold a committed index).
        writable: also open the index as its writer (for POST /documents and /commit).
        token: bearer token the write endpoints require (required when writable).
        workers: threads running read calls.
        timeout: seconds a call may take before the request gets 503.
        max_body: largest accepted request body in bytes.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        writable: bool = False,
        token: str | None = None,
        workers: int | None = None,
        timeout: float = 30.0,
        max_body: int = 16 << 20,
    ) -> None:
        if writable and not token:
            raise ValueError("a writable service needs a token")
        self.path = Path(path)
        self.reader = Index.open(self.path, readonly=True)
        self.writer = Index.open(self.path, readonly=False) if writable else None
        self.token = token
        self.timeout = timeout
        self.max_body = max_body
        self.workers = workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="stichwort-read")
        self._write_pool = ThreadPoolExecutor(1, thread_name_prefix="stichwort-write")
        self._stamp = manifest_stamp(self.path)
        self._reload_lock = threading.Lock()
        self.started = time.time()

    @property
    def writable(self) -> bool:
        return self.writer is not None

    def refresh(self, force: bool = False) -> None:
        """Moves the reader to the newest commit if the MANIFEST changed (one stat when it did not)."""
        stamp = manifest_stamp(self.path)
        if stamp == self._stamp and not force:
            return
        # One thread reloads; the others go on with the commit they have.
        if not self._reload_lock.acquire(blocking=force):
            return
        try:
            stamp = manifest_stamp(self.path)  # read before reloading: a later commit is caught next time
            self.reader.reload()
            self._stamp = stamp
        finally:
            self._reload_lock.release()

    async def read(self, work: Callable[[Index], T]) -> T:
        """Runs ``work(reader)`` on the read pool, on the newest commit."""

        def call() -> T:
            self.refresh()
            return work(self.reader)

        return await self._run(self._pool, call)

    async def write(self, work: Callable[[Index], T]) -> T:
        """Runs ``work(writer)`` on the write thread (writes keep their order)."""
        writer = self.writer
        if writer is None:
            raise ApiError(403, "the service is read-only (start it with --writable)")
        return await self._run(self._write_pool, lambda: work(writer))

    async def _run(self, pool: ThreadPoolExecutor, call: Callable[[], T]) -> T:
        future = asyncio.get_running_loop().run_in_executor(pool, call)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except asyncio.TimeoutError:
            raise ApiError(503, f"the request took longer than {self.timeout:g} s") from None

    def authorize(self, request: Request) -> None:
        """Raises ``ApiError`` unless the request carries the right bearer token."""
        if self.writer is None or self.token is None:
            raise ApiError(403, "the service is read-only (start it with --writable)")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "this endpoint needs 'Authorization: Bearer <token>'",
                           {"WWW-Authenticate": 'Bearer realm="stichwort"'})
        if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(401, "wrong token", {"WWW-Authenticate": 'Bearer realm="stichwort", error="invalid_token"'})

    def close(self) -> None:
        """Stops the pools and closes the indexes (uncommitted documents are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._write_pool.shutdown(wait=True, cancel_futures=True)
        if self.writer is not None:
            self.writer.close()
        self.reader.close()


# -- request handling ----------------------------------------------------------------
async def _body(request: Request, limit: int, empty: Any = _REQUIRED) -> Any:
    """The request's JSON body, read up to ``limit`` bytes; ``empty`` (if given) stands for a blank body."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise ApiError(413, f"the body is larger than {limit:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"the body is larger than {limit:,} bytes")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if empty is not _REQUIRED and not raw.strip():
        return empty
    try:
        return json.loads(raw, object_pairs_hook=_unique_keys)
    except (ValueError, UnicodeDecodeError) as e:
        raise ApiError(400, f"the body is not valid JSON: {e}") from None
    except RecursionError:  # the decoder recurses once per level; no request needs more than three
        raise ApiError(400, "the body is not usable JSON: nested too deeply") from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; a key given twice is an error (as a repeated query-string parameter is)."""
    out = dict(pairs)
    if len(out) < len(pairs):
        key, n = Counter(k for k, _ in pairs).most_common(1)[0]
        raise ApiError(400, f"{key[:50]!r}: given {n} times in the JSON body")
    return out


def _reject_unknown(given: Any, known: Mapping[str, Param]) -> None:
    unknown = sorted(set(given) - set(known))
    if unknown:
        takes = f"known: {sorted(known)}" if known else "this endpoint takes none"
        raise ApiError(400, f"unknown parameters {unknown}; {takes}")


_UTF8_HINT = "percent-encode the UTF-8 bytes of each character"


def _query_string(request: Request) -> dict[str, list[str]]:
    """The query string's parameters, each with its values in order.

    Read here rather than from Starlette's ``request.query_params``, which turns bytes that are
    not UTF-8 into U+FFFD and so would search for something the client did not send.
    """
    # Unescaped bytes above 0x7f (some clients send them) are UTF-8 too; what is not, in
    # either form, is kept as surrogates to be named below.
    text = request.scope.get("query_string", b"").decode("utf-8", "surrogateescape")
    out: dict[str, list[str]] = {}
    for name, value in parse_qsl(text, keep_blank_values=True, errors="surrogateescape"):
        if has_surrogates(name):
            raise ApiError(400, f"the query string is not valid UTF-8: a parameter name has bytes that are not "
                                f"UTF-8 ({_UTF8_HINT})")
        if has_surrogates(value):
            raise ApiError(400, f"{name[:50]}: the value in the query string is not valid UTF-8 ({_UTF8_HINT})")
        out.setdefault(name, []).append(value)
    return out


def _no_query_string(request: Request) -> None:
    """A POST's parameters are its body: a query string on it would otherwise be ignored unseen."""
    given = _query_string(request)
    if given:
        raise ApiError(400, f"unknown parameters {sorted(given)}: a POST takes its parameters "
                            "in the JSON body, not the query string")


async def _params(request: Request, spec: tuple[Param, ...], limit: int) -> dict[str, Any]:
    """The endpoint's parameters from the query string (GET) or a JSON object body (POST).

    Every endpoint calls it, those without parameters with an empty ``spec``, so none ignores
    an unknown one. A blank POST body gives no parameters.
    """
    known = {p.name: p for p in spec}
    out: dict[str, Any] = {}
    if request.method == "POST":
        _no_query_string(request)
        body = await _body(request, limit, empty={})
        if not isinstance(body, dict):
            raise ApiError(400, f"the body must be a JSON object of parameters, got {_json_type(body)}")
        _reject_unknown(body, known)
        for name, value in body.items():
            out[name] = known[name].check(value)
    else:
        given = _query_string(request)
        _reject_unknown(given, known)
        for name, values in given.items():
            out[name] = known[name].from_query_string(values)
    for p in spec:
        if p.name not in out:
            if p.default is _REQUIRED:
                raise ApiError(400, f"missing parameter {p.name!r}")
            out[p.name] = p.default
    return out


Handler = Callable[["Service", Request], Awaitable[Any]]


def _endpoint(service: Service, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wraps a handler: its value as JSON; errors as JSON with the right status, never a traceback."""

    async def endpoint(request: Request) -> Response:
        try:
            value = await handler(service, request)
        except ApiError as e:
            return _error(e.status, e.message, e.headers)
        except (QueryError, SchemaError, ValueError, TypeError) as e:
            return _error(400, str(e))
        except StichwortError as e:
            return _error(500, f"{type(e).__name__}: {e}")
        except Exception as e:  # a bug: answered as JSON, logged with its traceback
            _log.exception("internal error in %s %s", request.method, request.url.path)
            return _error(500, f"internal error {type(e).__name__}: {e}")
        return value if isinstance(value, Response) else JSONResponse(value)

    return endpoint


async def _search(service: Service, request: Request) -> dict[str, Any]:
    p = await _params(request, PARAMS["/search"], service.max_body)
    q, flt = _query(p["q"], "q"), _filter_of(p)
    width = p["width"] if p["snippets"] else None
    return await service.read(lambda ix: search_answer(ix, q, limit=p["limit"], filter=flt, snippet_width=width))


async def _count(service: Service, request: Request) -> dict[str, Any]:
    p = await _params(request, PARAMS["/count"], service.max_body)
    q, flt = _query(p["q"], "q"), _filter_of(p)
    return await service.read(lambda ix: count_answer(ix, q, flt))


async def _phrase(service: Service, request: Request) -> dict[str, Any]:
    p = await _params(request, PARAMS["/phrase"], service.max_body)
    return await service.read(lambda ix: phrase_json(ix, p["words"], p["slop"], p["top"]))


async def _cooccurrence(service: Service, request: Request) -> dict[str, Any]:
    p = await _params(request, PARAMS["/cooccurrence"], service.max_body)
    target, flt = _query(p["target"], "target"), _filter_of(p)

    def work(ix: Index) -> dict[str, Any]:
        return cooccurrence_answer(ix, target, window=p["window"], top=p["top"], measure=p["measure"],
                                   min_count=p["min_count"], filter=flt, scope=p["scope"])

    return await service.read(work)


async def _kwic(service: Service, request: Request) -> dict[str, Any]:
    p = await _params(request, PARAMS["/kwic"], service.max_body)
    q, flt = _query(p["q"], "q"), _filter_of(p)
    return await service.read(lambda ix: kwic_answer(ix, q, flt, width=p["width"], limit=p["limit"]))


async def _document(service: Service, request: Request) -> dict[str, Any]:
    try:
        doc_id = parse_int(request.path_params["doc_id"])
    except ValueError as e:
        raise ApiError(400, f"document id: {e}") from None
    if doc_id < 0:
        raise ApiError(400, f"document id {doc_id} is not a non-negative integer")
    text = (await _params(request, _DOCUMENT, service.max_body))["text"]

    def work(ix: Index) -> dict[str, Any]:
        try:
            return document_json(ix, doc_id, text=text)
        except ValueError:
            raise ApiError(404, f"no document with id {doc_id}") from None

    return await service.read(work)


async def _stats(service: Service, request: Request) -> dict[str, Any]:
    await _params(request, (), service.max_body)
    stats = await service.read(index_stats)
    return {**stats, "writable": service.writable, "workers": service.workers, "version": __version__}


async def _health(service: Service, request: Request) -> dict[str, Any]:
    await _params(request, (), service.max_body)
    num_docs = await service.read(lambda ix: ix.num_docs)
    return {"status": "ok", "num_docs": num_docs, "uptime_s": round(time.time() - service.started, 1)}


async def _add_documents(service: Service, request: Request) -> JSONResponse:
    service.authorize(request)
    _no_query_string(request)
    body = await _body(request, service.max_body)
    docs = body if isinstance(body, list) else [body]
    if not 1 <= len(docs) <= MAX_DOCS_PER_POST:
        raise ApiError(400, f"send 1..{MAX_DOCS_PER_POST:,} documents per request, not {len(docs):,}")
    for i, doc in enumerate(docs):  # all checked before any is added
        if not isinstance(doc, dict):
            raise ApiError(400, f"document {i}: expected an object with 'text', got {_json_type(doc)}")
        _shape(doc, f"document {i}")
    ids = await service.write(lambda ix: ix.add_many(docs))
    return JSONResponse({"ids": ids.tolist(), "committed": False}, status_code=201)


async def _commit(service: Service, request: Request) -> dict[str, Any]:
    service.authorize(request)
    await _params(request, (), service.max_body)

    def work(ix: Index) -> int:
        ix.commit()
        service.refresh(force=True)
        return ix.num_docs

    return {"committed": True, "num_docs": await service.write(work)}


async def _openapi(service: Service, request: Request) -> dict[str, Any]:
    await _params(request, (), service.max_body)
    return openapi(writable=service.writable)


# -- OpenAPI ---------------------------------------------------------------------------
_ERROR = {"description": "bad request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_SUMMARIES = {
    "/search": "Ranked search (BM25): hits with title, date, fields and snippet",
    "/count": "Number of matching documents",
    "/phrase": "Occurrences of a phrase, and the documents with the most",
    "/cooccurrence": "Collocates of a term, phrase or query",
    "/kwic": "Keyword in context: every match with its surroundings",
}


def _query_parameter(p: Param) -> dict[str, Any]:
    return {"name": p.name, "in": "query", "required": p.default is _REQUIRED, "description": p.doc,
            "schema": p.schema(), **({"explode": True} if p.kind == "filter" else {})}


def _operation(path: str, method: str) -> dict[str, Any]:
    params = PARAMS[path]
    op: dict[str, Any] = {"summary": _SUMMARIES[path], "responses": {"200": {"description": "ok"}, "400": _ERROR}}
    if method == "get":
        op["parameters"] = [_query_parameter(p) for p in params]
    else:
        props = {p.name: {**p.schema(), "description": p.doc} for p in params}
        props.get("filter", {}).update({"type": "object", "additionalProperties": {"oneOf": [
            {"type": "string"}, {"type": "array", "items": {"type": "string"}}]}})
        props.get("filter", {}).pop("items", None)
        if "words" in props:
            props["words"] = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                              "description": params[0].doc}
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": False, "properties": props,
            "required": [p.name for p in params if p.default is _REQUIRED]}}}}
        op["summary"] += " (parameters in a JSON body)"
    return op


def openapi(writable: bool = True) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the service (write endpoints only when ``writable``)."""
    paths: dict[str, Any] = {path: {"get": _operation(path, "get"), "post": _operation(path, "post")} for path in PARAMS}
    paths["/documents/{doc_id}"] = {"get": {
        "summary": "A stored document: id, title, date, fields, text",
        "parameters": [
            {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}},
            *map(_query_parameter, _DOCUMENT),
        ],
        "responses": {"200": {"description": "the document"}, "404": {**_ERROR, "description": "no such document"}},
    }}
    paths["/stats"] = {"get": {"summary": "Index statistics", "responses": {"200": {"description": "ok"}}}}
    paths["/health"] = {"get": {"summary": "Liveness and document count", "responses": {"200": {"description": "ok"}}}}
    if writable:
        auth: list[dict[str, list[str]]] = [{"bearer": []}]
        denied = {"401": {**_ERROR, "description": "missing or wrong token"}}
        doc = {"type": "object", "required": ["text"], "additionalProperties": False, "properties": {
            "text": {"type": "string"}, "title": {"type": "string"}, "date": {"type": "string", "format": "date"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}
        paths["/documents"] = {"post": {
            "summary": f"Add one document or a list of up to {MAX_DOCS_PER_POST:,} (searchable after POST /commit)",
            "security": auth,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "oneOf": [doc, {"type": "array", "items": doc, "minItems": 1, "maxItems": MAX_DOCS_PER_POST}]}}}},
            "responses": {"201": {"description": "their ids"}, "400": _ERROR, "413": _ERROR, **denied},
        }}
        paths["/commit"] = {"post": {"summary": "Make added documents durable and searchable", "security": auth,
                                     "responses": {"200": {"description": "committed"}, **denied}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "stichwort", "version": __version__,
                 "description": "Search and corpus analysis for German news archives."},
        "paths": paths,
        "components": {
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


# -- the application -------------------------------------------------------------------
async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    headers = exc.headers if isinstance(exc, HTTPException) else None
    return _error(status, f"{detail}: {request.method} {request.url.path}", headers)


def create_app(service: Service) -> Starlette:
    """The Starlette application serving ``service``."""

    def route(path: str, handler: Handler, methods: list[str]) -> Route:
        return Route(path, _endpoint(service, handler), methods=methods)

    read = ["GET", "POST"]
    routes = [
        route("/search", _search, read),
        route("/count", _count, read),
        route("/phrase", _phrase, read),
        route("/cooccurrence", _cooccurrence, read),
        route("/kwic", _kwic, read),
        route("/documents/{doc_id}", _document, ["GET"]),
        route("/documents", _add_documents, ["POST"]),
        route("/commit", _commit, ["POST"]),
        route("/stats", _stats, ["GET"]),
        route("/health", _health, ["GET"]),
        route("/openapi.json", _openapi, ["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: _http_error, Exception: _http_error})


def _listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket. The protocol is named explicitly: asyncio sets TCP_NODELAY only on
    sockets whose ``proto`` is IPPROTO_TCP, and without it every keep-alive response waits ~40 ms
    for a delayed ACK (``socket.create_server`` leaves ``proto`` 0)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def serve(
    path: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    writable: bool = False,
    token: str | None = None,
    workers: int | None = None,
    timeout: float = 30.0,
    max_body_mb: int = 16,
    log_level: str = "info",
) -> None:
    """Serves the index in ``path`` until SIGINT/SIGTERM. ``port=0`` takes any free port.

    Prints one line ``stichwort: serving ... on http://HOST:PORT`` when ready.
    """
    import uvicorn

    service = Service(path, writable=writable, token=token, workers=workers, timeout=timeout,
                      max_body=max_body_mb << 20)
    try:
        sock = _listen(host, port)
        bound = sock.getsockname()[1]
        config = uvicorn.Config(create_app(service), log_level=log_level, timeout_graceful_shutdown=5,
                                limit_concurrency=4096, access_log=log_level in ("info", "debug"),
                                h11_max_incomplete_event_size=_MAX_REQUEST_HEAD)
        mode = "writable" if writable else "read-only"
        url_host = f"[{host}]" if ":" in host else host
        print(f"stichwort: serving {service.path} ({service.reader.num_docs:,} documents, {mode}, "
              f"{service.workers} workers) on http://{url_host}:{bound}", flush=True)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        service.close()
