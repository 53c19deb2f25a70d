"""Builds one index in a fresh process and prints its figures as JSON.

Usage: python benches/index_build_worker.py BACKEND CORPUS.jsonl OUT_DIR THREADS

The corpus is loaded before the clock starts; peak RSS is reported above
the RSS after loading (ru_maxrss of this process), so it measures the index
build alone. Wall and CPU seconds (all threads) are both reported: on a
shared machine CPU time is the steadier measure of the work done.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def folder_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main(backend: str, corpus: str, out: str, threads: int) -> None:
    from stichwort import backends

    with open(corpus, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    mb = sum(len(d["text"].encode()) + len((d.get("title") or "").encode()) for d in docs) / 2**20
    base = rss_mb()
    path = Path(out) / backend
    if backend == "native":
        ix = backends.get("native", analyzer="simple", path=path, threads=threads)
    elif backend == "tantivy":
        ix = backends.get("tantivy", path=path, threads=threads)
    else:
        path = Path(out) / "fts5.db"
        ix = backends.get(backend, path=path)
    t0, c0 = time.perf_counter(), time.process_time()
    ix.add_many(docs)
    ix.commit()
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    extra = {}
    if backend == "native":
        fwd = sum(p.stat().st_size for p in path.glob("*.fwd")) / 2**20
        extra = {"forward_mb": fwd, "segments": ix.stats()["num_segments"]}
    n = len(ix)
    if hasattr(ix, "close"):
        ix.close()
    print(json.dumps({
        "backend": backend, "docs": n, "seconds": secs, "cpu_seconds": cpu, "docs_per_s": n / secs, "mb_per_s": mb / secs,
        "peak_rss_mb": peak - base, "size_mb": folder_mb(path), "text_mb": mb, **extra,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
