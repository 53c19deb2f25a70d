"""Corpora and built indexes for the pytest-benchmark suites.

Under ``--benchmark-disable`` (CI) the corpora are small, so the suites run
in seconds and only prove that nothing has rotted; measure with
``pytest benches --benchmark-only --benchmark-group-by=group``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stichwort import backends
from stichwort.bench import CorpusStats, backend_kwargs, draw_queries

GNAD_CSV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "10kGNAD-test.csv"
BACKENDS = ["native", "tantivy", "sqlite", "python"]
CORPORA = ["gnad", "synth"]


def _quick(config: pytest.Config) -> bool:
    return bool(config.getoption("benchmark_disable", False))


def _gnad(limit: int) -> list[dict[str, Any]]:
    if not GNAD_CSV.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{GNAD_CSV} is missing in CI")
        pytest.skip(f"{GNAD_CSV} not found (../shared/data is not beside this clone)")
    with GNAD_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";", quotechar="'"))
    return [{"text": text, "fields": {"section": section}} for section, text in rows[:limit]]


def _synth(n: int) -> list[dict[str, Any]]:
    try:
        from stichwort.corpus import synthetic_news  # type: ignore[import-not-found]
    except ImportError:
        pytest.skip("stichwort.corpus (synthetic_news) is not merged yet")
    return list(synthetic_news(n, seed=0))


class Corpus:
    """Documents, their query sets and one built index per backend (built on first use)."""

    def __init__(self, name: str, docs: list[dict[str, Any]]) -> None:
        self.name = name
        self.docs = docs
        stats = CorpusStats()
        for d in docs:
            stats.add(d)
            stats.sample(d)
        self.queries = draw_queries(stats, per_band=5, seed=0)
        self._indexes: dict[str, Any] = {}

    def index(self, backend: str) -> Any:
        if backend not in backends.available():
            pytest.skip(f"backend {backend} is not available here")
        if backend not in self._indexes:
            ix = backends.get(backend, **backend_kwargs(backend))
            ix.add_many(self.docs)
            ix.commit()
            self._indexes[backend] = ix
        return self._indexes[backend]


_CACHE: dict[str, Corpus] = {}


@pytest.fixture(params=CORPORA, scope="session")
def corpus(request: pytest.FixtureRequest) -> Corpus:
    quick = _quick(request.config)
    name = request.param
    if name not in _CACHE:
        load: Callable[[int], list[dict[str, Any]]] = _gnad if name == "gnad" else _synth
        _CACHE[name] = Corpus(name, load((200 if quick else 1028) if name == "gnad" else (300 if quick else 10_000)))
    return _CACHE[name]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param
