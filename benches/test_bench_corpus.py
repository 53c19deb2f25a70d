"""Throughput of the synthetic news generator and of the readers.

Run: ``pytest benches/test_bench_corpus.py --benchmark-only --benchmark-group-by=group``
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from stichwort.corpus import read_corpus, synthetic_news

GNAD_CSV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "10kGNAD-test.csv"


def _consume(n: int) -> None:
    deque(synthetic_news(n, seed=1), maxlen=0)


@pytest.mark.benchmark(group="corpus-generate")
def test_generate_10000(benchmark: BenchmarkFixture) -> None:
    next(synthetic_news(1))  # build the tables outside the timing
    benchmark(_consume, 10_000)


@pytest.mark.benchmark(group="corpus-read")
def test_read_gnad(benchmark: BenchmarkFixture) -> None:
    if not GNAD_CSV.exists():
        pytest.skip("../shared/data is not beside this clone")
    docs = benchmark(lambda: list(read_corpus(GNAD_CSV)))
    assert len(docs) == 1028
