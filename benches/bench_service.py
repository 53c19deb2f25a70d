"""Throughput and p95 latency of ``GET /search`` at 1, 4 and 16 concurrent clients.

The server runs as ``stichwort serve`` in a subprocess on the synthetic news
index (100,000 articles; 1,000 under ``--benchmark-disable``); each client is
a thread with its own keep-alive connection sending requests back to back.

Run the full table (prints markdown for benches/RESULTS-service.md):
    python benches/bench_service.py --docs 100000 --requests 2000
Or through pytest-benchmark (figures in extra_info):
    pytest benches/bench_service.py --benchmark-only
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

import stichwort
from stichwort._loadgen import LoadResult, ServerProcess, run_load
from stichwort.corpus import synthetic_news
from stichwort.ingest import BLOCK, prefetch

CLIENTS = (1, 4, 16)
#: Query words of every frequency band of the synthetic corpus, and two-word combinations.
WORDS = ["feuerwehr", "polizei", "regierung", "unfall", "trainer", "minister", "umsatz", "tor", "schaden", "aktie",
         "quartal", "ausstellung", "forscher", "sender", "zuschauer", "nationalrat", "marktanteil", "sportklub",
         "fachjournal", "evakuiert", "bundesregierung", "unschuldsvermutung", "hochwasser", "konjunktur"]


def search_requests(n: int) -> list[tuple[str, dict[str, Any]]]:
    """``n`` /search requests: single words, AND and OR pairs, a phrase; limit 10 with snippets."""
    out: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        a, b = WORDS[i % len(WORDS)], WORDS[(i * 7 + 5) % len(WORDS)]
        q = [a, f"{a} AND {b}", f"{a} OR {b}", '"nach angaben der polizei"'][i % 4]
        out.append(("/search", {"q": q, "limit": 10}))
    return out


def build_index(path: Path, docs: int) -> Path:
    """The synthetic index of ``docs`` articles in ``path`` (reused when it is already complete)."""
    if (path / "MANIFEST").exists() and stichwort.Index.open(path).num_docs == docs:
        return path
    with stichwort.Index(path, analyzer="german") as ix:
        for chunk in prefetch(synthetic_news(docs, seed=0), BLOCK):
            ix.add_many(chunk)
        ix.commit()
    return path


def measure(path: Path, requests: int, clients: tuple[int, ...] = CLIENTS) -> dict[int, LoadResult]:
    """One server, one warm-up pass, then a load run per client count."""
    out: dict[int, LoadResult] = {}
    with ServerProcess(path) as server:
        run_load(server.url, search_requests(min(requests, 200)), clients=4)  # warm the page cache
        for c in clients:
            out[c] = run_load(server.url, search_requests(requests), clients=c)
    return out


# -- pytest-benchmark ------------------------------------------------------------------
@pytest.fixture(scope="module")
def service_index(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not hasattr(stichwort.Index, "search"):
        pytest.skip("query execution is not merged yet")
    quick = bool(request.config.getoption("benchmark_disable", False))
    docs = 1_000 if quick else 100_000
    cache = os.environ.get("STICHWORT_BENCH_CACHE")
    root = Path(cache) if cache else tmp_path_factory.mktemp("service")
    return build_index(root / f"service-synth-{docs}", docs)


@pytest.fixture(scope="module")
def server(service_index: Path):  # type: ignore[no-untyped-def]
    with ServerProcess(service_index) as s:
        yield s


@pytest.mark.parametrize("clients", CLIENTS)
def bench_search_service(benchmark, server, clients, request):  # type: ignore[no-untyped-def]
    quick = bool(request.config.getoption("benchmark_disable", False))
    reqs = search_requests(50 if quick else 2000)
    results: list[LoadResult] = []

    def once() -> None:
        results.append(run_load(server.url, reqs, clients=clients))

    benchmark.group = "service-search"
    benchmark.pedantic(once, rounds=1, iterations=1, warmup_rounds=0 if quick else 1)
    r = results[-1]
    benchmark.extra_info.update(clients=clients, requests=r.requests, req_per_s=round(r.throughput, 1),
                                p50_ms=round(r.percentile(50) * 1000, 2), p95_ms=round(r.percentile(95) * 1000, 2))
    assert r.errors == []


# -- script ----------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, default=100_000)
    p.add_argument("--requests", type=int, default=2000, help="requests per client count")
    p.add_argument("--index", help="index folder (built if missing; default: a temporary folder)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = build_index(Path(args.index or Path(tmp) / "ix"), args.docs)
        results = measure(path, args.requests)
    print(f"| clients | requests | req/s | p50 ms | p95 ms | errors |  ({args.docs:,} articles, {os.cpu_count()} cores)")
    print("|---:|---:|---:|---:|---:|---:|")
    for c, r in results.items():
        print(f"| {c} | {r.requests:,} | {r.throughput:,.0f} | {r.percentile(50) * 1000:.1f} | "
              f"{r.percentile(95) * 1000:.1f} | {len(r.errors)} |")
    return 0 if all(not r.errors for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
