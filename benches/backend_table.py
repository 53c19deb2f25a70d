"""One table of query speed across backends: build each backend on one
corpus ("simple" analysis), check that every backend matches the same
documents for every query, and time ``count`` and ``search(limit=10)`` per
group of queries (all queries of a group in a row, ``repeat`` rounds,
backends in turn; medians, ms a query). ``main`` is the command line of
``phrase_prefix.py`` and ``wildcard.py``: a corpus, how many queries a
group, rounds, seed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Mapping
from typing import Any

from stichwort import backends
from stichwort.bench import backend_kwargs
from stichwort.corpus import read_corpus
from stichwort.query import Query

Draw = Callable[[list[str], int, int], Mapping[str, list[Query]]]


def median_s(call: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def build(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """native, sqlite and tantivy (those installed), each holding ``docs``."""
    indexes = {}
    for name in ("native", "sqlite", "tantivy"):
        if name in backends.available():
            ix = backends.get(name, **backend_kwargs(name))
            ix.add_many(docs)
            ix.commit()
            indexes[name] = ix
    return indexes


def print_table(indexes: Mapping[str, Any], groups: Mapping[str, list[Query]], repeat: int, label: str) -> None:
    """The markdown table: a row per group, count and top-10 per backend."""
    names = list(indexes)
    print(f"median ms per query over {repeat} rounds; backends: {', '.join(names)}")
    print(f"| {label} | queries | docs matched (mean) | " + " | ".join(f"{n} count | {n} top-10" for n in names) + " |")
    print("|---|---:|---:|" + "---:|---:|" * len(names))
    for group, qs in groups.items():
        matched = [indexes["native"].match(q).tolist() for q in qs]
        cells = []
        for name, ix in indexes.items():
            try:
                assert [ix.match(q).tolist() for q in qs] == matched, f"{name} matches other documents ({group})"
            except NotImplementedError:  # a query of the group the backend cannot run
                cells += ["n/a", "n/a"]
                continue
            for call in (lambda q, ix=ix: ix.count(q), lambda q, ix=ix: ix.search(q, limit=10)):
                seconds = median_s(lambda call=call: [call(q) for q in qs], repeat)
                cells.append(f"{seconds / len(qs) * 1e3:.3f}")
        mean = statistics.mean(len(m) for m in matched) if matched else 0
        print(f"| {group} | {len(qs)} | {mean:.1f} | " + " | ".join(cells) + " |")


def main(doc: str | None, draw: Draw, group: str, repeat: int) -> None:
    """Reads the command line (``CORPUS --per-<group> N --repeat R --seed S``),
    draws the queries (``draw(texts, per_group, seed)``) and prints the table."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument(f"--per-{group}", type=int, default=20, dest="per_group")
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    docs = list(read_corpus(args.corpus))
    indexes = build(docs)
    queries = draw([d["text"] for d in docs], args.per_group, args.seed)
    print(f"{len(docs):,} documents")
    print_table(indexes, queries, args.repeat, group)
