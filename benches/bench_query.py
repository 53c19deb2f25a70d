"""Query latency per workload, the backends side by side in one group each.

Run: ``pytest benches --benchmark-only --benchmark-group-by=group``.
Each round runs every query of one document-frequency band once; bench_kwic
asks for the KWIC lines of the term queries.
"""

from __future__ import annotations

import pytest

from stichwort.bench import BANDS
from stichwort.query import _from_tuple

WORKLOADS = ["term", "and", "or", "phrase"]


@pytest.mark.parametrize("band", BANDS)
@pytest.mark.parametrize("mode", ["count", "top10"])
@pytest.mark.parametrize("workload", WORKLOADS)
def bench_query(benchmark, corpus, backend, workload, mode, band):
    queries = [_from_tuple(t) for t in corpus.queries[workload][band]]
    if not queries:
        pytest.skip(f"no {band} {workload} queries in {corpus.name}")
    ix = corpus.index(backend)
    run = (lambda q: ix.count(q)) if mode == "count" else (lambda q: ix.search(q, limit=10))
    try:
        run(queries[0])
    except NotImplementedError as e:
        pytest.skip(f"{backend}: {e}")
    benchmark.group = f"{workload}-{mode}-{corpus.name}"
    benchmark.extra_info.update(backend=backend, band=band, queries=len(queries))
    results = benchmark(lambda: [run(q) for q in queries])
    assert len(results) == len(queries)


@pytest.mark.parametrize("band", BANDS)
def bench_kwic(benchmark, corpus, backend, band):
    """KWIC lines (width 40, at most 100) of every term query of one band."""
    queries = [_from_tuple(t) for t in corpus.queries["term"][band]]
    if not queries:
        pytest.skip(f"no {band} term queries in {corpus.name}")
    ix = corpus.index(backend)
    try:
        ix.kwic(queries[0])
    except NotImplementedError as e:
        pytest.skip(f"{backend}: {e}")
    benchmark.group = f"kwic-{corpus.name}"
    benchmark.extra_info.update(backend=backend, band=band, queries=len(queries))
    lines = benchmark(lambda: [ix.kwic(q, width=40, limit=100) for q in queries])
    assert len(lines) == len(queries)
