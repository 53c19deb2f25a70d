"""Latency of pathological queries: many repeated or expanding clauses,
through every call that runs a query.

Builds an in-memory index of a corpus (German analyzer) and times each
query class with search, count, match, kwic, snippet, cooccurrence (as
target) and timeline: the median wall time (ms) of ``--repeat`` calls, or
of fewer once a class has spent ``--budget`` seconds on one call (the
slow builds of before a fix). Prints one row per class, a column per call.
Used for the before/after figures in README.md ("Pathological queries");
run it once per build (``PYTHONPATH`` pointing at the other build's
``python`` folder) and compare the tables.

Example:
    python benches/pathological_queries.py ../shared/data/10kGNAD-test.csv --clauses 1000
"""

from __future__ import annotations

import argparse
import statistics
import string
import time
from collections.abc import Callable
from typing import Any

from stichwort import Index
from stichwort.corpus import read_corpus
from stichwort.query import Or, Phrase, Query


def query_classes(n: int) -> dict[str, str | Query]:
    """The classes, each with ``n`` clauses (the nested one as deep as the parser allows)."""
    letters = [f"{c}*" for c in string.ascii_lowercase]
    nested = "s*"
    for _ in range(60):
        nested = f"s* OR ({nested})"
    return {
        "s* OR s* ...": " OR ".join(["s*"] * n),
        "nato OR nato ...": " OR ".join(["nato"] * n),
        "s* AND s* ...": " AND ".join(["s*"] * n),
        "a* OR b* ... z* OR a* ...": " OR ".join(letters[i % len(letters)] for i in range(n)),
        "s* OR (s* OR (... 60 deep": nested,
        "Or(Phrase x n)": Or(*[Phrase(["die", "regierung"])] * n),
    }


def calls(ix: Index) -> dict[str, Callable[[Any], Any]]:
    return {
        "search": lambda q: ix.search(q, limit=10),
        "count": ix.count,
        "match": ix.match,
        "kwic": lambda q: ix.kwic(q, limit=100),
        "snippet": lambda q: ix.snippet(q, 5),
        "cooc": ix.cooccurrence,
        "timeline": ix.timeline,
    }


def median_ms(call: Callable[[Any], Any], q: Any, repeat: int, budget: float) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call(q)
        times.append(time.perf_counter() - t0)
        if times[-1] > budget:
            break
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="a corpus stichwort.corpus.read_corpus reads")
    ap.add_argument("--clauses", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--budget", type=float, default=3.0, help="seconds of one call after which a class stops")
    args = ap.parse_args()
    ix = Index(analyzer="german")
    ix.add_many(read_corpus(args.corpus))
    ix.commit()
    ops = calls(ix)
    print(f"{len(ix)} documents, {args.clauses} clauses; median ms of {args.repeat} calls")
    print("| query | " + " | ".join(ops) + " |")
    print("|---|" + "---:|" * len(ops))
    for name, q in query_classes(args.clauses).items():
        row = [f"{median_ms(call, q, args.repeat, args.budget):.1f}" for call in ops.values()]
        print(f"| `{name}` | " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
