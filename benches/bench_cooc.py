"""Co-occurrence speed: top-50 collocates (logDice, window 5) of 20 targets
per document-frequency band, stichwort against a careful pure-Python
computation; plus a 200x200 matrix and a monthly timeline.

The Python side gets every advantage but counting: the target's documents
and positions come from the native index (``postings``/``positions``), the
documents' token lists and the corpus frequencies are precomputed once
(not timed), and windows are counted with ``collections.Counter``. Its
results must equal stichwort's (terms, counts and scores).

tantivy is not compared: tantivy-py exposes no positions (its ``Searcher``
has ``search``, ``doc_freq``, ``doc``, ... but no postings or positions), so
the peer-style "positions + Python count" cannot be written with it.

Measure (release build; without the garbage collector, whose passes land
on either side at random):
    maturin develop --release
    pytest benches/bench_cooc.py --benchmark-only --benchmark-group-by=group --benchmark-disable-gc
CI runs it with ``--benchmark-disable`` on small corpora as a smoke test.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from typing import Any

import numpy as np
import pytest

import stichwort
from stichwort.bench import BANDS, CorpusStats, draw_queries
from stichwort.query import _from_tuple

from conftest import _gnad, _quick, _synth  # benches/conftest.py

WINDOW, TOP, PER_BAND = 5, 50, 20


class CoocCorpus:
    """A native index (simple analyzer), the token list of every document,
    the corpus frequencies, and 20 target terms per band."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.ix = stichwort.Index(analyzer="simple")
        self.ix.add_many(docs)
        self.ix.commit()
        analyzer = stichwort.Analyzer("simple")
        # One str object per distinct term keeps 100,000 token lists in memory.
        canon: dict[str, str] = {}
        self.tokens: list[list[str]] = []
        for i in range(0, len(docs), 5000):
            for toks in analyzer.terms_batch([d["text"] for d in docs[i : i + 5000]]):
                self.tokens.append([canon.setdefault(t, t) for t in toks])
        self.freq: Counter[str] = Counter()
        for toks in self.tokens:
            self.freq.update(toks)
        self.n = sum(self.freq.values())
        stats = CorpusStats()
        for d in docs:
            stats.add(d)
            stats.sample(d)
        drawn = draw_queries(stats, per_band=PER_BAND, seed=0)["cooc"]
        self.targets = {b: [_from_tuple(t).text for t in drawn[b]] for b in BANDS}
        # The first call builds the snapshot's global term ids (once per snapshot).
        t0 = time.perf_counter()
        self.ix.cooccurrence(stichwort.Term("x"), top=1)
        self.first_call_s = time.perf_counter() - t0


_CACHE: dict[str, CoocCorpus] = {}


@pytest.fixture(params=["gnad", "synth"], scope="module")
def cc(request: pytest.FixtureRequest) -> tuple[str, CoocCorpus]:
    name = request.param
    quick = _quick(request.config)
    if name not in _CACHE:
        docs = _gnad(200 if quick else 1028) if name == "gnad" else _synth(300 if quick else 100_000)
        _CACHE[name] = CoocCorpus(docs)
    return name, _CACHE[name]


def python_collocates(c: CoocCorpus, term: str) -> tuple[list[str], list[int], list[float]]:
    """Top-50 logDice collocates in plain Python (the careful way)."""
    ids, _ = c.ix.postings(term)
    counts: Counter[str] = Counter()
    f_x = 0
    for d in ids.tolist():
        toks = c.tokens[d]
        for p in c.ix.positions(term, d).tolist():
            f_x += 1
            counts.update(toks[max(0, p - WINDOW) : p])
            counts.update(toks[p + 1 : p + WINDOW + 1])
    scored = sorted((-(14 + math.log2(2 * k / (f_x + c.freq[t]))), t, k) for t, k in counts.items())[:TOP]
    return [t for _, t, _ in scored], [k for _, _, k in scored], [-s for s, _, _ in scored]


def native_collocates(c: CoocCorpus, term: str) -> tuple[list[str], list[int], list[float]]:
    r = c.ix.cooccurrence(stichwort.Term(term), window=WINDOW, top=TOP, measure="logdice")
    return r.terms, r.f_xy.tolist(), r.scores.tolist()


def native_batch(c: CoocCorpus, terms: list[str]) -> list[tuple[list[str], list[int], list[float]]]:
    rs = c.ix.cooccurrence_batch([stichwort.Term(t) for t in terms], window=WINDOW, top=TOP, measure="logdice")
    return [(r.terms, r.f_xy.tolist(), r.scores.tolist()) for r in rs]


@pytest.mark.parametrize("band", BANDS)
@pytest.mark.parametrize("impl", ["stichwort", "batch", "python"])
def bench_collocates(benchmark, request, cc, impl, band):
    name, c = cc
    targets = c.targets[band]
    if not targets:
        pytest.skip(f"no {band} targets in {name}")
    run = native_collocates if impl == "stichwort" else python_collocates
    benchmark.group = f"cooc-{name}-{band}"
    benchmark.extra_info.update(impl=impl, targets=len(targets), first_call_s=c.first_call_s)
    # Medians of many rounds: on a shared machine single rounds swing by 2x.
    if impl == "batch":
        got = benchmark.pedantic(lambda: native_batch(c, targets), rounds=11, iterations=1)
    else:
        got = benchmark.pedantic(
            lambda: [run(c, t) for t in targets], rounds=5 if impl == "python" else 11, iterations=1
        )
    assert len(got) == len(targets)
    if impl != "python":
        # Identical results: terms, counts and scores.
        assert got == [python_collocates(c, t) for t in targets]


@pytest.mark.parametrize("impl", ["stichwort", "python"])
def bench_matrix_200(benchmark, cc, impl):
    name, c = cc
    terms = [t for t, _ in c.freq.most_common(400)[200:400]] or ["missing"]
    benchmark.group = f"matrix200-{name}"

    def python_matrix() -> np.ndarray:
        col = {t: j for j, t in enumerate(terms)}
        m = np.zeros((len(terms), len(terms)), dtype=np.int64)
        for toks in c.tokens:
            for p, t in enumerate(toks):
                i = col.get(t)
                if i is not None:
                    for q in range(max(0, p - WINDOW), min(len(toks), p + WINDOW + 1)):
                        j = col.get(toks[q])
                        if j is not None and q != p:
                            m[i, j] += 1
        return m

    run = (lambda: c.ix.cooccurrence_matrix(terms, WINDOW).toarray()) if impl == "stichwort" else python_matrix
    got = benchmark.pedantic(run, rounds=1 if impl == "python" else 3, iterations=1)
    if impl == "stichwort":
        np.testing.assert_array_equal(got, python_matrix())


def bench_timeline_monthly(benchmark, cc):
    name, c = cc
    targets = c.targets["frequent"] or ["missing"]
    benchmark.group = f"timeline-{name}"
    starts, counts = benchmark(lambda: c.ix.timeline(stichwort.Term(targets[0]), by="month"))
    assert len(starts) == len(counts)
