"""German decompounding: throughput, split quality, index size and build time.

    python -m pytest benches/bench_decompound.py --benchmark-group-by=group \
        --benchmark-columns=min,mean,rounds -s

Throughput: 10kGNAD articles (2.7 MB) through ``Analyzer.terms_batch`` on one
thread, with and without ``decompound``. Quality: exact-split precision and
recall on the noun compounds of compounds-de.tsv for stichwort's splitter and
a naive longest-match splitter over the same noun list (printed with ``-s``).
Index: size and build time of an in-memory index of the articles with and
without decompounding. Under ``--benchmark-disable`` everything runs once on
a few articles. Figures: benches/RESULTS-decompound.md.
"""

from __future__ import annotations

import gzip
import importlib.util
import time
from pathlib import Path

import pytest

import stichwort

ROOT = Path(__file__).resolve().parents[1]
# tests/conftest.py by path: benches/ has a conftest module of its own.
_spec = importlib.util.spec_from_file_location("tests_conftest", ROOT / "tests" / "conftest.py")
assert _spec and _spec.loader
shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shared)

NOUNS = ROOT / "crates" / "stichwort-core" / "data" / "de-nouns.txt.gz"


@pytest.fixture(scope="module")
def texts(request: pytest.FixtureRequest) -> list[str]:
    articles = [t for _, t in shared.read_gnad(shared.require_shared(shared.GNAD_CSV))]
    return articles[:20] if request.config.getoption("benchmark_disable") else articles


def longest_match(word: str, nouns: set[str]) -> list[str]:
    """The naive splitter: repeatedly take the longest noun (>= 3 letters) that
    starts the rest of the word; no linking elements, no frequencies."""
    low, parts, at = word.lower(), [], 0
    while at < len(low):
        end = next((e for e in range(len(low), at + 2, -1) if low[at:e] in nouns and (at, e) != (0, len(low))), None)
        if end is None:
            return []
        parts.append(low[at:end])
        at = end
    return parts if len(parts) > 1 else []


def score(gold: list[tuple[str, list[str]]], split) -> tuple[float, float]:
    made = [(g, s) for w, g in gold if (s := split(w))]
    exact = sum(1 for g, s in made if s == g)
    return exact / max(len(made), 1), exact / len(gold)


@pytest.mark.parametrize("decompound", [False, True])
def test_throughput(benchmark, texts: list[str], decompound: bool) -> None:
    benchmark.group = "decompound-throughput"
    a = stichwort.Analyzer("german", decompound=decompound)
    assert sum(map(len, benchmark(a.terms_batch, texts, threads=1))) > 0


def test_split_quality(benchmark) -> None:
    benchmark.group = "decompound-quality"
    gold = shared.noun_compounds(shared.require_shared(shared.COMPOUNDS_TSV))
    a = stichwort.Analyzer("german")
    p, r = benchmark.pedantic(score, (gold, a.split_compound), rounds=1, iterations=1)
    nouns = set(gzip.decompress(NOUNS.read_bytes()).decode("utf-8").split())
    np_, nr = score(gold, lambda w: longest_match(w, nouns))
    print(f"\nnoun compounds: {len(gold)}")
    print(f"stichwort splitter: precision {p:.3f} recall {r:.3f}")
    print(f"naive longest match: precision {np_:.3f} recall {nr:.3f}")
    assert p >= 0.9 and r >= 0.8


@pytest.mark.parametrize("decompound", [False, True])
def test_index_size_and_build(benchmark, texts: list[str], decompound: bool) -> None:
    benchmark.group = "decompound-index"
    a = stichwort.Analyzer("german", decompound=decompound)

    def build() -> stichwort.Index:
        ix = stichwort.Index(analyzer=a)
        ix.add_many(texts)
        ix.commit()
        return ix

    t = time.perf_counter()
    ix = benchmark.pedantic(build, rounds=3 if not benchmark.disabled else 1, iterations=1)
    stats = ix.stats()
    print(f"\ndecompound={decompound}: {stats['size_bytes']} bytes, vocab {stats['vocab_size']}, "
          f"{(time.perf_counter() - t):.2f} s for the rounds")
    assert stats["num_docs"] == len(texts)
