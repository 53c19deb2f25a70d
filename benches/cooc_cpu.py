"""Co-occurrence CPU time per band on a prebuilt index, for loaded machines.

    python benches/cooc_cpu.py INDEX CORPUS.jsonl [rounds] [bands]

Opens the index written by ``stichwort bench`` (or any index of the
corpus; opening it may take its lock, so use a copy of an index others
read), draws the 20 targets per band as ``bench_cooc.py`` does (cached
in the working folder as ``cooc-targets-<corpus folder>.json``), makes
the first call (the snapshot's global term ids), then `rounds` times
(default 7) runs per band the 20 ``cooccurrence`` calls and one
``cooccurrence_batch`` (top 50, logDice, window 5) and prints the
minimum and median CPU time of all threads (``time.process_time``) of
each. Run it alternately with two builds on the same index (copy each
build's ``_core.abi3.so`` into ``python/stichwort/``): other jobs on the
machine slow wall-clock time much more than CPU time.

With ``rounds`` 0 it makes the 20 calls of each band once between two
``os.getppid()`` calls, for instruction counts that no load changes::

    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --dump-before=os_getppid \
        python benches/cooc_cpu.py INDEX CORPUS.jsonl 0 medium
    callgrind_annotate callgrind.out.<pid>.2 | grep TOTALS
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import stichwort
from stichwort.bench import BANDS, CorpusStats, draw_queries
from stichwort.query import _from_tuple

WINDOW, TOP, PER_BAND = 5, 50, 20


def targets(corpus: Path) -> dict[str, list[str]]:
    cache = Path(f"cooc-targets-{corpus.parent.name}.json")
    if cache.exists():
        return json.loads(cache.read_text())
    stats = CorpusStats()
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            stats.add(d)
            stats.sample(d)
    drawn = draw_queries(stats, per_band=PER_BAND, seed=0)["cooc"]
    out = {b: [_from_tuple(t).text for t in drawn[b]] for b in BANDS}
    cache.write_text(json.dumps(out))
    return out


def cpu(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def main(index: str, corpus: str, rounds: int, bands: list[str]) -> None:
    ix = stichwort.Index(index)
    ix.cooccurrence(stichwort.Term("x"), top=1)
    drawn = targets(Path(corpus))
    kw = {"window": WINDOW, "top": TOP, "measure": "logdice"}
    for band in bands:
        terms = drawn[band]
        queries = [stichwort.Term(t) for t in terms]
        if rounds == 0:
            [ix.cooccurrence(q, **kw) for q in queries]  # warm-up
            os.getppid()
            [ix.cooccurrence(q, **kw) for q in queries]
            os.getppid()
            continue
        calls: list[float] = []
        batch: list[float] = []
        for _ in range(rounds):
            calls.append(cpu(lambda: [ix.cooccurrence(q, **kw) for q in queries]))
            batch.append(cpu(lambda: ix.cooccurrence_batch(queries, **kw)))
        print(
            f"{band:9} per call min {min(calls) * 1e3:8.2f} ms  median {statistics.median(calls) * 1e3:8.2f} ms"
            f" | batch min {min(batch) * 1e3:8.2f} ms  median {statistics.median(batch) * 1e3:8.2f} ms"
            f"  ({len(terms)} targets)"
        )


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], int(a[2]) if len(a) > 2 else 7, a[3].split(",") if len(a) > 3 else list(BANDS))
