"""Index build: stichwort vs tantivy-py (positions on) vs SQLite FTS5.

Each build runs in its own process (so peak RSS is the build's own), on the
10kGNAD articles and a synthetic corpus (``stichwort.corpus.synthetic_news``;
100,000 articles when measuring, a few hundred under --benchmark-disable).
Figures go to ``extra_info``; the table in benches/RESULTS-index.md comes
from ``python benches/bench_index.py`` (same code, printed as markdown).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stichwort import backends

HERE = Path(__file__).resolve().parent
WORKER = HERE / "index_build_worker.py"
GNAD_CSV = HERE.parents[1] / "shared" / "data" / "10kGNAD-test.csv"
THREADS = 2


def write_corpus(name: str, n: int, dst: Path) -> Path:
    path = dst / f"{name}-{n}.jsonl"
    if path.exists():
        return path
    if name == "gnad":
        if not GNAD_CSV.exists():
            pytest.skip(f"{GNAD_CSV} not found")
        with GNAD_CSV.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter=";", quotechar="'"))[:n]
        docs: Any = ({"text": t, "fields": {"section": s}} for s, t in rows)
    else:
        from stichwort.corpus import synthetic_news

        docs = synthetic_news(n, seed=0)
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


def build(backend: str, corpus: Path, out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    # Idle OpenBLAS threads (numpy) would spin on the cores the build uses.
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    r = subprocess.run(
        [sys.executable, str(WORKER), backend, str(corpus), str(out), str(THREADS)],
        capture_output=True, text=True, check=False, env=env,
    )
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("backend", ["native", "tantivy", "sqlite"])
@pytest.mark.parametrize("corpus_name", ["gnad", "synth"])
def bench_index_build(benchmark: Any, backend: str, corpus_name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    if backend not in backends.available():
        pytest.skip(f"backend {backend} is not available here")
    quick = benchmark.disabled
    n = (100 if quick else 1028) if corpus_name == "gnad" else (300 if quick else 100_000)
    corpus = write_corpus(corpus_name, n, tmp_path_factory.getbasetemp())
    benchmark.group = "build"
    res: dict[str, Any] = {}

    def run() -> None:
        res.update(build(backend, corpus, tmp_path_factory.mktemp(backend)))

    benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info.update(corpus=corpus_name, **res)
    assert res["docs"] == n and res["size_mb"] > 0


def main() -> None:
    """Prints the markdown table: python benches/bench_index.py [SYNTH_N]."""
    import tempfile

    synth_n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        print("| corpus | backend | docs | wall s | CPU s | docs/s | MB/s | peak RSS MB | size MB | forward MB |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, n in (("gnad", 1028), ("synth", synth_n)):
            corpus = write_corpus(name, n, tmp)
            for b in ("native", "tantivy", "sqlite"):
                r = build(b, corpus, tmp / f"{name}-{b}")
                fwd = f"{r['forward_mb']:.1f}" if "forward_mb" in r else ""
                print(
                    f"| {name} | {b} | {r['docs']:,} | {r['seconds']:.2f} | {r['cpu_seconds']:.2f} | {r['docs_per_s']:,.0f} | "
                    f"{r['mb_per_s']:.2f} | {r['peak_rss_mb']:.0f} | {r['size_mb']:.1f} | {fwd} |",
                    flush=True,
                )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
