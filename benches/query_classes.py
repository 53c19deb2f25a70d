"""Per-class query latency on indexes built by ``stichwort bench`` (no rebuild).

Opens the kept ``DIR/index-native/build-N/index``, ``DIR/index-tantivy/build-N/index``
and ``DIR/index-sqlite/build-N/index.sqlite`` of a ``stichwort bench --out DIR``
run, runs its query sets (``DIR/queries.json``) and prints, per workload,
mode and band, the median over the queries of each query's median thread
CPU time (ms) of 7 runs, the backends one after the other per class: CPU
time and the short interleaving keep most of a shared machine's load out of
the ratios. The ratios are the first backend's time over each other's
(0.1: the first is 10x faster). Used for the before/after figures in
RESULTS-query.md. (SQLite opens its file for writing, in WAL mode: point
it at a copy when the run's folder must stay untouched.)

Example:
    python benches/query_classes.py /tmp/qbench native,tantivy,sqlite term,and
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from stichwort import Index
from stichwort.query import _from_tuple

BANDS = ("rare", "medium", "frequent")


def _kept_index(d: Path, backend: str, name: str = "index") -> str:
    """The index a bench run keeps for its queries: ``name`` in its last ``build-N`` folder."""
    builds = sorted((d / f"index-{backend}").glob("build-*"), key=lambda p: int(p.name.split("-")[1]))
    if not builds:
        raise FileNotFoundError(f"no build-N folder in {d / f'index-{backend}'}")
    return str(builds[-1] / name)


def _open(d: Path, backend: str) -> Any:
    if backend == "native":
        return Index.open(_kept_index(d, backend))
    if backend == "tantivy":
        from stichwort.backends.tantivy_backend import TantivyIndex

        return TantivyIndex(_kept_index(d, backend))
    if backend == "sqlite":
        from stichwort.backends.sqlite_backend import SqliteIndex

        return SqliteIndex(_kept_index(d, backend, "index.sqlite"))
    raise ValueError(f"unsupported backend {backend!r} (native, tantivy, sqlite)")


def _median_ms(fn: Any, q: Any, repeat: int) -> float:
    fn(q)
    ts = []
    for _ in range(repeat):
        t0 = time.thread_time()
        fn(q)
        ts.append(time.thread_time() - t0)
    return statistics.median(ts) * 1e3


def main(argv: list[str]) -> None:
    d = Path(argv[0])
    backends = (argv[1] if len(argv) > 1 else "native,tantivy").split(",")
    workloads = (argv[2] if len(argv) > 2 else "term,and,or,phrase").split(",")
    sets = json.loads((d / "queries.json").read_text(encoding="utf-8"))
    ixs = {b: _open(d, b) for b in backends}
    ratios = "".join(f"{backends[0] + '/' + b:>16}" for b in backends[1:])
    print(f"{'class':26}" + "".join(f"{b:>12}" for b in backends) + ratios)
    for wl in workloads:
        for mode in ("count", "top10"):
            for band in BANDS:
                qs = [_from_tuple(t) for t in sets[wl][band]]
                meds = []
                for ix in ixs.values():
                    fn = ix.count if mode == "count" else (lambda q, ix=ix: ix.search(q, limit=10))
                    meds.append(statistics.median(_median_ms(fn, q, 7) for q in qs))
                ratio = "".join(f"{meds[0] / m:16.3f}" for m in meds[1:])
                print(f"{wl + '-' + mode + ' ' + band:26}" + "".join(f"{m:12.4f}" for m in meds) + ratio, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
