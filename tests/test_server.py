"""The HTTP service: the real server in a subprocess on a free loopback port,
spoken to over HTTP. Every endpoint, bad requests, tokens, reads during
writes and commits (by the service and by another process), and a load run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import stichwort
from stichwort.corpus import synthetic_news

for _module in ("httpx", "starlette", "uvicorn"):
    pytest.importorskip(_module, reason="the 'serve' extra is not installed")

import httpx  # noqa: E402

from stichwort._loadgen import ServerProcess, run_load  # noqa: E402

N_DOCS = 500
TOKEN = "test-token-0123456789"
needs_query = pytest.mark.skipif(not hasattr(stichwort.Index, "search"), reason="query execution is not merged yet")
needs_cooc = pytest.mark.skipif(not hasattr(stichwort.Index, "cooccurrence"), reason="co-occurrence is not merged yet")


@pytest.fixture(scope="module")
def base_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("srv") / "ix"
    with stichwort.Index(path, analyzer="german") as ix:
        ix.add_many(synthetic_news(N_DOCS, seed=1))
        ix.commit()
    return path


@pytest.fixture(scope="module")
def ix(base_index: Path) -> stichwort.Index:
    return stichwort.Index.open(base_index)


@pytest.fixture(scope="module")
def server(base_index: Path) -> Iterator[ServerProcess]:
    with ServerProcess(base_index, "--max-body-mb", "1") as s:
        yield s


@pytest.fixture(scope="module")
def http(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


@pytest.fixture()
def copy(base_index: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "ix"
    shutil.copytree(base_index, dst, ignore=shutil.ignore_patterns("LOCK"))
    return dst


def ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


# -- endpoints ------------------------------------------------------------------------
def test_health_and_stats(http: httpx.Client, ix: stichwort.Index) -> None:
    assert ok(http.get("/health"))["status"] == "ok"
    assert ok(http.get("/health"))["num_docs"] == N_DOCS
    stats = ok(http.get("/stats"))
    assert {k: stats[k] for k in ix.stats()} == ix.stats()
    assert stats["writable"] is False and stats["analyzer"] == ix.analyzer_spec


def test_document(http: httpx.Client, ix: stichwort.Index) -> None:
    got = ok(http.get("/documents/17"))
    want = ix.document(17)
    assert got["text"] == want["text"] and got["title"] == want["title"]
    assert got["date"] == want["date"].isoformat() and got["fields"] == want["fields"]
    assert "text" not in ok(http.get("/documents/17", params={"text": "false"}))


@pytest.mark.parametrize("doc_id", [str(N_DOCS), "4294967295", "9999999999"])
def test_unknown_document_is_404(http: httpx.Client, doc_id: str) -> None:
    assert ok(http.get(f"/documents/{doc_id}"), 404)["error"]


@needs_query
def test_search_get_and_post_match_the_api(http: httpx.Client, ix: stichwort.Index) -> None:
    hits = ix.search("feuerwehr AND unfall", limit=7)
    for r in (http.get("/search", params={"q": "feuerwehr AND unfall", "limit": 7}),
              http.post("/search", json={"q": "feuerwehr AND unfall", "limit": 7})):
        got = ok(r)
        assert got["total"] == hits.total
        assert [h["id"] for h in got["hits"]] == hits.ids.tolist()
        assert [h["score"] for h in got["hits"]] == pytest.approx(hits.scores.tolist())
        assert all("«" in h["snippet"] and h["title"] for h in got["hits"])


@needs_query
def test_search_filters(http: httpx.Client, ix: stichwort.Index) -> None:
    flt = stichwort.Filter(date_from="2005-01-01", date_to="2020-12-31", fields={"section": ["Inland", "Panorama"]})
    want = ix.search("polizei", limit=1000, filter=flt)
    got = ok(http.get("/search", params=[("q", "polizei"), ("limit", "1000"), ("from", "2005-01-01"), ("to", "2020-12-31"),
                                         ("filter", "section:Inland"), ("filter", "section:Panorama"),
                                         ("snippets", "false")]))
    assert got["total"] == want.total > 0 and [h["id"] for h in got["hits"]] == want.ids.tolist()
    assert all(h["fields"]["section"] in ("Inland", "Panorama") and "snippet" not in h for h in got["hits"])
    posted = ok(http.post("/search", json={"q": "polizei", "limit": 1000, "from": "2005-01-01", "to": "2020-12-31",
                                           "filter": {"section": ["Inland", "Panorama"]}}))
    assert posted["total"] == want.total


@needs_query
def test_count(http: httpx.Client, ix: stichwort.Index) -> None:
    assert ok(http.get("/count", params={"q": "feuerwehr OR polizei"}))["count"] == ix.count("feuerwehr OR polizei")
    got = ok(http.get("/count", params={"q": "polizei", "filter": "section:Panorama"}))["count"]
    assert got == ix.count(stichwort.And(stichwort.parse("polizei"), stichwort.FieldValue("section", "Panorama")))


@needs_query
def test_phrase(http: httpx.Client, ix: stichwort.Index) -> None:
    ids, counts = ix.phrase_counts(["nach", "angaben", "der", "polizei"])
    for r in (http.get("/phrase", params={"words": "nach angaben der polizei", "top": 4}),
              http.post("/phrase", json={"words": ["nach", "angaben", "der", "polizei"], "top": 4})):
        got = ok(r)
        assert got["occurrences"] == int(counts.sum()) > 0 and got["documents"] == len(ids)
        assert [t["count"] for t in got["top"]] == sorted(counts.tolist(), reverse=True)[:4]


@needs_cooc
def test_cooccurrence(http: httpx.Client, ix: stichwort.Index) -> None:
    want = ix.cooccurrence("feuerwehr", window=4, top=12, measure="mi3", min_count=2)
    got = ok(http.get("/cooccurrence", params={"target": "feuerwehr", "window": 4, "top": 12, "measure": "mi3",
                                               "min_count": 2}))
    assert [c["term"] for c in got["collocates"]] == want.terms
    assert [c["score"] for c in got["collocates"]] == pytest.approx(want.scores.tolist())
    assert got["f_x"] == want.f_x and got["n_tokens"] == want.n_tokens


@needs_query
def test_kwic(http: httpx.Client, ix: stichwort.Index) -> None:
    want = ix.kwic('"schwer verletzt"', width=25, limit=9)
    got = ok(http.get("/kwic", params={"q": '"schwer verletzt"', "width": 25, "limit": 9}))
    assert [(c["id"], c["left"], c["match"], c["right"]) for c in got["lines"]] == \
        [(c.doc_id, c.left, c.match, c.right) for c in want]


# The same request to the command line (--json) and to the service: the same JSON.
SAME = [
    pytest.param(["search", "feuerwehr AND unfall", "--limit", "7", "--filter", "section=Panorama", "--from", "2005-01-01"],
                 "/search", {"q": "feuerwehr AND unfall", "limit": 7, "filter": "section:Panorama", "from": "2005-01-01"},
                 marks=needs_query, id="search"),
    pytest.param(["count", "polizei", "--filter", "section=Panorama", "--to", "2020-12-31"],
                 "/count", {"q": "polizei", "filter": "section:Panorama", "to": "2020-12-31"}, marks=needs_query, id="count"),
    pytest.param(["phrase", "nach", "angaben", "der", "polizei", "--slop", "1", "--top", "4"],
                 "/phrase", {"words": "nach angaben der polizei", "slop": 1, "top": 4}, marks=needs_query, id="phrase"),
    pytest.param(["cooc", "feuerwehr", "--window", "3", "--top", "8", "--measure", "llr", "--min-count", "1",
                  "--scope", "sentence", "--filter", "section=Panorama"],
                 "/cooccurrence", {"target": "feuerwehr", "window": 3, "top": 8, "measure": "llr", "min_count": 1,
                                   "scope": "sentence", "filter": "section:Panorama"}, marks=needs_cooc, id="cooc"),
    pytest.param(["kwic", '"schwer verletzt"', "--width", "30", "--limit", "5", "--from", "2005-01-01"],
                 "/kwic", {"q": '"schwer verletzt"', "width": 30, "limit": 5, "from": "2005-01-01"},
                 marks=needs_query, id="kwic"),
    pytest.param(["stats"], "/stats", {}, id="stats"),
]


@pytest.mark.parametrize(("args", "path", "params"), SAME)
def test_cli_json_is_the_service_answer(http: httpx.Client, base_index: Path, args: list[str], path: str,
                                        params: dict[str, Any]) -> None:
    command, *rest = args
    proc = subprocess.run([sys.executable, "-m", "stichwort.cli", command, str(base_index), *rest, "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    printed, answer = json.loads(proc.stdout), ok(http.get(path, params=params))
    if path == "/stats":  # less what only a service has
        answer = {k: v for k, v in answer.items() if k not in ("writable", "workers", "version")}
    assert printed == answer


def test_openapi_describes_every_endpoint(http: httpx.Client) -> None:
    spec = ok(http.get("/openapi.json"))
    assert spec["openapi"].startswith("3.")
    for path in ["/search", "/count", "/phrase", "/cooccurrence", "/kwic", "/documents/{doc_id}", "/stats", "/health"]:
        assert path in spec["paths"]
    limit = next(p for p in spec["paths"]["/search"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10}
    assert "/documents" not in spec["paths"]  # read-only service: no write endpoints


# -- bad requests ---------------------------------------------------------------------
BAD = [
    ("GET", "/search", {"q": "feuerwehr AND ("}, "position"),
    ("GET", "/search", {"q": '"unclosed'}, "bad query"),
    ("GET", "/search", {}, "missing parameter 'q'"),
    ("GET", "/search", {"q": "   "}, "empty"),
    ("GET", "/search", {"q": "x" * 10_001}, "longer than 10000"),
    ("GET", "/search", {"q": "nato", "limit": 1001}, "out of range"),
    ("GET", "/search", {"q": "nato", "limit": 0}, "out of range"),
    ("GET", "/search", {"q": "nato", "limit": "ten"}, "not an integer"),
    ("GET", "/search", {"q": "nato", "limit": "1e3"}, "not an integer"),
    ("GET", "/search", {"q": "nato", "snippets": "maybe"}, "true or false"),
    ("GET", "/search", {"q": "nato", "from": "2020-02-30"}, "not a date"),
    ("GET", "/search", {"q": "nato", "from": "2021-01-01", "to": "2020-01-01"}, "after"),
    ("GET", "/search", {"q": "nato", "filter": "section"}, "FIELD:VALUE"),
    ("GET", "/search", {"q": "nato", "colour": "red"}, "unknown parameters"),
    ("POST", "/search", {"q": "nato", "limit": "10"}, "expected an integer"),
    ("POST", "/search", {"q": "nato", "limit": True}, "expected an integer"),
    ("POST", "/search", {"q": ["nato"]}, "expected a string"),
    ("POST", "/search", {"q": "nato", "filter": ["section:Inland"]}, "expected an object"),
    ("POST", "/search", {"q": "nato", "filter": {"section": []}}, "non-empty list"),
    ("POST", "/search", ["nato"], "JSON object"),
    ("POST", "/search", {"q": None}, "q: null is not a value"),
    ("POST", "/search", {"q": "nato", "from": None}, "from: null is not a value"),
    ("POST", "/search", {"q": "nato", "filter": None}, "filter: null is not a value"),
    ("POST", "/search", {"q": "nato", "snippets": None}, "snippets: null is not a value"),
    ("POST", "/phrase", {"words": None}, "words: null is not a value"),
    ("POST", "/cooccurrence", {"target": "feuerwehr", "window": None}, "window: null is not a value"),
    ("POST", "/cooccurrence", {"target": "feuerwehr", "top": None}, "top: null is not a value"),
    ("GET", "/health", {"x": "1"}, "unknown parameters ['x']; this endpoint takes none"),
    ("GET", "/stats", {"x": "1"}, "unknown parameters ['x']; this endpoint takes none"),
    ("GET", "/openapi.json", {"writable": "1"}, "unknown parameters ['writable']"),
    ("GET", "/documents/1", {"text": "false", "x": "1"}, "unknown parameters ['x']; known: ['text']"),
    ("GET", "/count", {"q": "a NEAR/0 b"}, "bad query"),
    ("GET", "/phrase", {"words": ""}, "1..64 words"),
    ("POST", "/phrase", {"words": [1, 2]}, "list of strings"),
    ("GET", "/phrase", {"words": "a b", "slop": -1}, "out of range"),
    ("GET", "/cooccurrence", {"target": "feuerwehr", "window": 51}, "out of range"),
    ("GET", "/cooccurrence", {"target": "feuerwehr", "window": 0}, "out of range"),
    ("GET", "/cooccurrence", {"target": "feuerwehr", "measure": "magic"}, "not one of"),
    ("GET", "/cooccurrence", {"target": "feuerwehr", "scope": "page"}, "not one of"),
    ("GET", "/cooccurrence", {"target": "feuerwehr", "top": 100_000}, "out of range"),
    ("GET", "/kwic", {"q": "feuerwehr", "width": 501}, "out of range"),
    ("GET", "/documents/-1", {}, "not a non-negative integer"),
    ("GET", "/documents/abc", {}, "document id: 'abc' is not an integer"),
    ("GET", "/documents/1", {"text": "yes"}, "true or false"),
]


@pytest.mark.parametrize(("method", "path", "params", "message"), BAD, ids=[f"{m} {p} {prm}"[:60] for m, p, prm, _ in BAD])
def test_bad_requests_are_400_with_a_message(http: httpx.Client, method: str, path: str, params: Any, message: str) -> None:
    r = http.get(path, params=params) if method == "GET" else http.post(path, json=params)
    got = ok(r, 400)
    assert message in got["error"] and got["status"] == 400


# -- strict integers, UTF-8 query strings, dates ----------------------------------------
#: What Python's int() takes and the service does not: digit-group underscores, a sign or
#: spaces, Arabic-Indic and fullwidth digits, and what int() refuses too.
LOOSE_INTEGERS = ["1_0", "+3", " 3", "3 ", "\u0663", "\uff15", "0x10", "3.0", ""]
INTEGER_PARAMS = [("/search", {"q": "polizei", "snippets": "false"}, "limit"), ("/search", {"q": "polizei"}, "width"),
                  ("/cooccurrence", {"target": "polizei"}, "window"), ("/cooccurrence", {"target": "polizei"}, "top"),
                  ("/cooccurrence", {"target": "polizei"}, "min_count"), ("/phrase", {"words": "die polizei"}, "slop"),
                  ("/phrase", {"words": "die polizei"}, "top"), ("/kwic", {"q": "polizei"}, "width"),
                  ("/kwic", {"q": "polizei"}, "limit")]


@pytest.mark.parametrize("value", LOOSE_INTEGERS)
def test_integer_parameters_are_ascii_digits_only(http: httpx.Client, value: str) -> None:
    for path, params, name in INTEGER_PARAMS:
        got = ok(http.get(path, params={**params, name: value}), 400)
        assert got["error"] == f"{name}: {value!r} is not an integer (ASCII digits 0-9, optionally after a '-')"


def test_integer_parameters_take_ascii_digits_and_a_minus(http: httpx.Client) -> None:
    assert len(ok(http.get("/search", params={"q": "polizei", "limit": "03", "snippets": "false"}))["hits"]) == 3
    assert ok(http.get("/phrase", params={"words": "die polizei", "slop": "-1"}), 400)["error"] == "slop: -1 is out of range 0..50"


@pytest.mark.parametrize("doc_id", ["+5", "1_0", "%EF%BC%95", "%D9%A5", "5%20", "%205", "-5_0"])
def test_document_id_is_ascii_digits_only(http: httpx.Client, doc_id: str) -> None:
    error = ok(http.get(f"/documents/{doc_id}"), 400)["error"]
    assert error.startswith("document id: ") and error.endswith("is not an integer (ASCII digits 0-9, optionally after a '-')")


def test_document_id_with_leading_zeros(http: httpx.Client, ix: stichwort.Index) -> None:
    assert ok(http.get("/documents/007"))["title"] == ix.document(7)["title"]


@pytest.mark.parametrize(("method", "url", "message"), [
    ("GET", "/search?q=%ff%fe", "q: the value in the query string is not valid UTF-8"),
    ("GET", "/count?q=wien%ff", "q: the value in the query string is not valid UTF-8"),
    ("GET", "/count?q=wien&filter=section:Inland%C3", "filter: the value in the query string is not valid UTF-8"),
    ("GET", "/cooccurrence?target=%ED%A0%80", "target: the value in the query string is not valid UTF-8"),  # a surrogate
    ("GET", "/kwic?%ff=1&q=wien", "the query string is not valid UTF-8: a parameter name has bytes that are not UTF-8"),
    ("GET", "/documents/1?text=%c3%28", "text: the value in the query string is not valid UTF-8"),
    ("GET", "/health?x=%80", "x: the value in the query string is not valid UTF-8"),
    ("POST", "/count?q=%ff", "q: the value in the query string is not valid UTF-8"),
])
def test_a_query_string_that_is_not_utf8_is_400(http: httpx.Client, method: str, url: str, message: str) -> None:
    r = http.get(url) if method == "GET" else http.post(url, json={"q": "wien"})
    error = ok(r, 400)["error"]
    assert error.startswith(message) and "percent-encode the UTF-8 bytes of each character" in error


@needs_query
def test_a_utf8_query_string_is_read_as_before(http: httpx.Client, ix: stichwort.Index) -> None:
    got = ok(http.get("/count?q=%C3%BCber+OR+stra%C3%9Fe&filter=section%3AInland"))
    assert "über" in got["query"] and "straße" in got["query"]
    flt = stichwort.Filter(fields={"section": "Inland"})
    assert got["count"] == ix.search("über OR straße", limit=1, filter=flt).total


@needs_query
@pytest.mark.parametrize(("date_from", "date_to"), [("2005-01-03", "2020-12-31"), ("20050103", "20201231"),
                                                    ("2005-W01-1", "2020-W53-4"), ("2005-01-03T08:00", "2020-12-31T23:59:59")])
def test_from_and_to_are_read_as_a_document_date_is(http: httpx.Client, ix: stichwort.Index, date_from: str,
                                                     date_to: str) -> None:
    import datetime as dt

    want = ix.search("polizei", limit=1, filter=stichwort.Filter(date_from=dt.date(2005, 1, 3),
                                                                 date_to=dt.date(2020, 12, 31))).total
    assert want > 0
    params = {"q": "polizei", "limit": 1, "snippets": False, "from": date_from, "to": date_to}
    assert ok(http.get("/search", params=params))["total"] == want
    assert ok(http.post("/search", json=params))["total"] == want


@needs_query
def test_longest_query_fits_in_a_get(http: httpx.Client) -> None:
    got = ok(http.get("/count", params={"q": " OR ".join(["überraschungsü"] * 555)[:10_000]}))  # ~55 KB encoded
    assert got["count"] == 0


#: 65 words: one more than a sloppy phrase in a query may have.
LONG_PHRASE = '"' + " ".join(["die", "polizei"] * 32 + ["meldete"]) + '"'


@needs_query
@pytest.mark.parametrize(("path", "key"), [("/search", "q"), ("/count", "q"), ("/kwic", "q"), ("/cooccurrence", "target")])
def test_a_sloppy_phrase_of_more_than_64_words_is_400(http: httpx.Client, path: str, key: str) -> None:
    # Such a phrase with a huge slop kept a worker busy for minutes over one crafted document.
    for q in (LONG_PHRASE + "~1", f"nato OR (polizei AND NOT {LONG_PHRASE}~4294967295)",
              '"' + "-".join(["polizei"] * 65) + '"~2'):
        got = ok(http.get(path, params={key: q}), 400)
        assert "a phrase with a slop has at most 64 words, this one has 65" in got["error"], q
    # The same phrase exact, and 64 words with a slop, run.
    assert ok(http.get("/count", params={"q": LONG_PHRASE}))["count"] == 0
    assert ok(http.get("/count", params={"q": LONG_PHRASE.replace(" meldete", "") + "~3"}))["count"] == 0


def test_repeated_parameter_is_400(http: httpx.Client) -> None:
    assert "given 2 times" in ok(http.get("/search", params=[("q", "a"), ("limit", "1"), ("limit", "2")]), 400)["error"]


def test_malformed_json_body_is_400(http: httpx.Client) -> None:
    r = http.post("/search", content=b'{"q": "nato",', headers={"content-type": "application/json"})
    assert "not valid JSON" in ok(r, 400)["error"]


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"target": "nato", "x": ' + b"[" * 3000 + b"]" * 3000 + b"}",
    b'{"target": "nato", "filter": {"section": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3001 + b"}",
])
def test_deeply_nested_json_body_is_400(http: httpx.Client, body: bytes) -> None:
    r = http.post("/cooccurrence", content=body, headers={"content-type": "application/json"})
    assert "nested too deeply" in ok(r, 400)["error"]


@pytest.mark.parametrize(("path", "body", "key"), [
    ("/cooccurrence", b'{"target": "feuerwehr", "target": "polizei"}', "'target': given 2 times"),
    ("/search", b'{"q": "nato", "limit": 1, "limit": 2, "limit": 3}', "'limit': given 3 times"),
    ("/search", b'{"q": "nato", "filter": {"section": "Inland", "section": "Etat"}}', "'section': given 2 times"),
])
def test_duplicate_json_key_is_400(http: httpx.Client, path: str, body: bytes, key: str) -> None:
    r = http.post(path, content=body, headers={"content-type": "application/json"})
    assert key in ok(r, 400)["error"]


def test_query_string_on_a_post_is_400(http: httpx.Client) -> None:
    r = http.post("/search", params={"limit": "5"}, json={"q": "nato"})
    assert "a POST takes its parameters in the JSON body" in ok(r, 400)["error"]


def test_blank_post_body_has_no_parameters(http: httpx.Client) -> None:
    assert "missing parameter 'q'" in ok(http.post("/search"), 400)["error"]


def test_oversized_body_is_413(http: httpx.Client) -> None:
    r = http.post("/search", content=b'{"q": "' + b"a" * (2 << 20) + b'"}')
    assert ok(r, 413)["status"] == 413


def test_unknown_path_and_method_are_json(http: httpx.Client) -> None:
    assert ok(http.get("/nowhere"), 404)["status"] == 404
    assert ok(http.delete("/search"), 405)["status"] == 405


def test_read_only_service_refuses_writes(http: httpx.Client) -> None:
    for path in ("/documents", "/commit"):
        r = http.post(path, json={"text": "x"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert "read-only" in ok(r, 403)["error"]


# -- writes -----------------------------------------------------------------------------
@pytest.fixture()
def writable(copy: Path) -> Iterator[tuple[ServerProcess, httpx.Client]]:
    with ServerProcess(copy, "--writable", "--max-body-mb", "2", env={"STICHWORT_TOKEN": TOKEN}) as s, \
            httpx.Client(base_url=s.url, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        yield s, client


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "needs 'Authorization: Bearer"),
        ({"Authorization": "Bearer"}, "needs 'Authorization: Bearer"),
        ({"Authorization": f"Basic {TOKEN}"}, "needs 'Authorization: Bearer"),
        ({"Authorization": "Bearer wrong-token-0123456789"}, "wrong token"),
        ({"Authorization": f"Bearer {TOKEN}x"}, "wrong token"),
    ],
)
def test_writes_need_the_token(writable: tuple[ServerProcess, httpx.Client], headers: dict[str, str], message: str) -> None:
    server, _ = writable
    with httpx.Client(base_url=server.url, timeout=60) as anon:
        for path in ("/documents", "/commit"):
            r = anon.post(path, json={"text": "x"}, headers=headers)
            assert message in ok(r, 401)["error"]
            assert r.headers["www-authenticate"].startswith("Bearer")
        assert ok(anon.get("/health"))["num_docs"] == N_DOCS


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "no text"}, "no 'text'"),
        ({"text": 5}, "text must be a str"),
        ({"text": "a", "date": "yesterday"}, "ISO date"),
        ({"text": "a", "fields": {"section": 1}}, "fields must map str to str"),
        ({"text": "a", "colour": "red"}, "unknown document keys"),
        ([], "1..10,000 documents"),
        ([{"text": "fine"}, "not an object"], "document 1"),
        ("just a string", "expected an object"),
    ],
)
def test_bad_documents_are_400_and_add_nothing(writable: tuple[ServerProcess, httpx.Client], body: Any, message: str) -> None:
    _, client = writable
    assert message in ok(client.post("/documents", json=body), 400)["error"]
    ok(client.post("/commit"))
    assert ok(client.get("/health"))["num_docs"] == N_DOCS


def test_writes_take_no_unknown_parameters(writable: tuple[ServerProcess, httpx.Client]) -> None:
    _, client = writable
    assert "unknown parameters ['x']" in ok(client.post("/commit", params={"x": "1"}), 400)["error"]
    assert "unknown parameters ['x']" in ok(client.post("/commit", json={"x": 1}), 400)["error"]
    assert "unknown parameters ['x']" in ok(client.post("/documents", params={"x": "1"}, json={"text": "a"}), 400)["error"]
    assert ok(client.post("/commit", json={})) == {"committed": True, "num_docs": N_DOCS}  # nothing was added


@needs_query
def test_added_documents_are_searchable_after_commit(writable: tuple[ServerProcess, httpx.Client]) -> None:
    _, client = writable
    one = ok(client.post("/documents", json={"text": "Der Zaubertrank wirkt.", "title": "Asterix", "date": "2024-05-01",
                                             "fields": {"section": "Kultur"}}), 201)
    assert one == {"ids": [N_DOCS], "committed": False}
    many = ok(client.post("/documents", json=[{"text": f"Zaubertrank Nummer {i}"} for i in range(3)]), 201)
    assert many["ids"] == [N_DOCS + 1, N_DOCS + 2, N_DOCS + 3]
    assert ok(client.get("/count", params={"q": "zaubertrank"}))["count"] == 0  # not committed yet
    assert ok(client.post("/commit")) == {"committed": True, "num_docs": N_DOCS + 4}
    assert ok(client.get("/count", params={"q": "zaubertrank"}))["count"] == 4
    doc = ok(client.get(f"/documents/{N_DOCS}"))
    assert doc["title"] == "Asterix" and doc["date"] == "2024-05-01" and doc["fields"] == {"section": "Kultur"}


@needs_query
def test_concurrent_searches_while_adding_and_committing(writable: tuple[ServerProcess, httpx.Client]) -> None:
    server, client = writable
    stop = threading.Event()
    failures: list[str] = []
    seen: list[list[int]] = [[] for _ in range(8)]

    def searcher(k: int) -> None:
        queries = ["feuerwehr", "polizei AND unfall", '"nach angaben"', "markierung", "regierung OR minister"]
        with httpx.Client(base_url=server.url, timeout=60) as c:
            i = 0
            while not stop.is_set():
                q = queries[(i + k) % len(queries)]
                r = c.get("/search", params={"q": q, "limit": 5})
                if r.status_code != 200:
                    failures.append(f"{q}: {r.status_code} {r.text[:200]}")
                elif q == "markierung":
                    seen[k].append(r.json()["total"])
                i += 1

    threads = [threading.Thread(target=searcher, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    committed: list[int] = []
    try:
        for batch in range(12):
            docs = [{"text": f"Die Markierung {batch}-{i} steht im Text.", "title": f"M {batch}-{i}"} for i in range(25)]
            committed += ok(client.post("/documents", json=docs), 201)["ids"]
            ok(client.post("/commit"))
            # The committing service's reader has moved on: every committed document counts.
            assert ok(client.get("/count", params={"q": "markierung"}))["count"] == len(committed)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == []
    for totals in seen:  # each client sees the total grow, never step back
        assert totals == sorted(totals) and all(t % 25 == 0 and t <= len(committed) for t in totals)
    assert ok(client.get("/count", params={"q": "markierung"}))["count"] == len(committed) == 300
    for doc_id in committed[::37]:
        assert ok(client.get(f"/documents/{doc_id}"))["title"].startswith("M ")


@needs_query
def test_commit_by_another_process_is_picked_up(copy: Path) -> None:
    with ServerProcess(copy) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        assert ok(client.get("/count", params={"q": "fremdschrift"}))["count"] == 0
        with stichwort.Index(copy) as writer:  # the read-only service holds no lock
            writer.add_many([{"text": f"Fremdschrift {i}"} for i in range(10)])
            writer.commit()
        count = 0
        for _ in range(3000):  # the service checks the MANIFEST before every call
            count = ok(client.get("/count", params={"q": "fremdschrift"}))["count"]
            if count == 10:
                break
        assert count == 10
        assert ok(client.get("/health"))["num_docs"] == N_DOCS + 10


# -- load ------------------------------------------------------------------------------
@needs_query
def test_load_2000_requests_16_clients(server: ServerProcess, capsys: pytest.CaptureFixture[str]) -> None:
    words = ["feuerwehr", "polizei", "regierung", "unfall", "trainer", "minister", "umsatz", "tor", "schaden", "aktie"]
    requests: list[tuple[str, dict[str, Any]]] = []
    for i in range(2000):
        a, b = words[i % len(words)], words[(i * 7 + 3) % len(words)]
        kind = i % 4
        if kind == 0:
            requests.append(("/search", {"q": a, "limit": 10}))
        elif kind == 1:
            requests.append(("/search", {"q": f"{a} OR {b}", "limit": 10, "snippets": "false"}))
        elif kind == 2:
            requests.append(("/count", {"q": f"{a} AND {b}"}))
        else:
            requests.append(("/kwic", {"q": a, "limit": 5}))
    result = run_load(server.url, requests, clients=16)
    with capsys.disabled():
        print(f"\nload: {result.summary()}")
    assert result.errors == []
    assert result.requests == 2000 and (result.latencies > 0).all()


def test_listening_socket_gets_tcp_nodelay_connections() -> None:
    """asyncio sets TCP_NODELAY on accepted connections only for sockets whose proto is TCP;
    without it every keep-alive answer waits for a delayed ACK (~40 ms)."""
    import socket

    from stichwort.server import _listen

    sock = _listen("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP and sock.getsockname()[1] > 0
    finally:
        sock.close()
