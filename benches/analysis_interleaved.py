"""Analyzer against the regex reference, interleaved, for loaded machines.

    python benches/analysis_interleaved.py [rounds]

Runs `terms` one by one, `terms_batch`, `terms_batch(threads=1)` and the
pure-Python reference in turn, `rounds` times (default 11), and prints for
each the minimum wall-clock, and the median CPU time of all threads
(`time.process_time`), with the ratio to the reference of the same run.
Other jobs on the machine slow every function alike, so the ratios stay
comparable where the pytest-benchmark times do not.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import GNAD_CSV, read_gnad, require_shared  # noqa: E402

from bench_analysis import regex_terms  # noqa: E402

import stichwort  # noqa: E402


def main(rounds: int) -> None:
    texts = [t for _, t in read_gnad(require_shared(GNAD_CSV))]
    for name in ["simple", "german"]:
        a = stichwort.Analyzer(name)
        fns: dict[str, Callable[[], object]] = {
            "terms": lambda: [a.terms(t) for t in texts],
            "terms_batch": lambda: a.terms_batch(texts),
            "terms_batch(threads=1)": lambda: a.terms_batch(texts, threads=1),
            "reference": lambda: [regex_terms(t) for t in texts],
        }
        wall: dict[str, list[float]] = {k: [] for k in fns}
        cpu: dict[str, list[float]] = {k: [] for k in fns}
        for f in fns.values():
            f()
        for _ in range(rounds):
            for k, f in fns.items():
                t0, c0 = time.perf_counter(), time.process_time()
                f()
                wall[k].append(time.perf_counter() - t0)
                cpu[k].append(time.process_time() - c0)
        ref_wall, ref_cpu = min(wall["reference"]), statistics.median(cpu["reference"])
        for k in fns:
            w, c = min(wall[k]), statistics.median(cpu[k])
            print(
                f"{name:7s} {k:23s} wall min {w * 1e3:7.1f} ms ({ref_wall / w:4.2f}x)"
                f"  cpu median {c * 1e3:7.1f} ms ({ref_cpu / c:4.2f}x)"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
