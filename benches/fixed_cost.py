"""Per-call fixed cost of the rare band on an index kept by ``stichwort bench``.

For each workload, loops ``ix.search(q, limit=10)``, ``ix._core.search(q, 10)``,
``ix.count(q)`` and ``ix._core.count(q)`` over the band's queries (objects
made once) and prints µs per call: thread CPU time of a loop of ``N`` calls,
the minimum of 7 loops (the least disturbed on a shared machine).

With ``--markers`` it runs each loop once between two ``os.getppid()``
calls instead, for exact instruction counts under callgrind, one profile
part per loop (``--dump-before=os_getppid``; part 2k is the k-th loop, in
the order printed)::

    PYTHONHASHSEED=0 valgrind --tool=callgrind --dump-before=os_getppid \\
        python benches/fixed_cost.py DIR term,and,or 300 --markers
    grep -h "^summary\\|^totals" callgrind.out.*.2   # Ir of the first loop

Example:
    python benches/fixed_cost.py /tmp/qbench term,and 2000
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stichwort import Index
from stichwort.query import _from_tuple


def _loop(fn: Callable[[Any], Any], qs: list[Any], n: int) -> float:
    t0 = time.thread_time()
    for i in range(n):
        fn(qs[i % len(qs)])
    return (time.thread_time() - t0) / n * 1e6


def main(argv: list[str]) -> None:
    d = Path(argv[0])
    workloads = (argv[1] if len(argv) > 1 else "term,and,or").split(",")
    n = int(argv[2]) if len(argv) > 2 else 2000
    markers = "--markers" in argv
    sets = json.loads((d / "queries.json").read_text(encoding="utf-8"))
    builds = sorted((d / "index-native").glob("build-*"), key=lambda p: int(p.name.split("-")[1]))
    ix = Index.open(str(builds[-1] / "index"))
    core = ix._core
    calls: dict[str, Callable[[Any], Any]] = {
        "search": lambda q: ix.search(q, limit=10),
        "core.search": lambda q: core.search(q, 10, None),
        "count": lambda q: ix.count(q),
        "core.count": lambda q: core.count(q, None),
    }
    for wl in workloads:
        qs = [_from_tuple(t) for t in sets[wl]["rare"]]
        row = []
        for name, fn in calls.items():
            _loop(fn, qs, len(qs))  # warm: first calls import and page in
            if markers:
                os.getppid()
                _loop(fn, qs, n)
                os.getppid()
                row.append(name)
            else:
                row.append(f"{name} {min(_loop(fn, qs, n) for _ in range(7)):.2f}")
        print(wl, "  ".join(row), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
