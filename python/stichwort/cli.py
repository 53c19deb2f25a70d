"""The ``stichwort`` command line.

Example:
    $ stichwort demo
"""

from __future__ import annotations

import argparse
import sys


def _demo(args: argparse.Namespace) -> int:
    """Indexes generated German news and shows ranked search, a phrase count and KWIC lines."""
    import stichwort
    from stichwort.corpus import synthetic_news

    ix = stichwort.Index(analyzer="german")
    ix.add_many(synthetic_news(args.docs, seed=0))
    ix.commit()
    print(f"indexed {ix.num_docs:,} generated articles ({ix.stats()['num_tokens']:,} tokens)\n")
    query = 'regierung AND "keine angaben"'
    hits = ix.search(query, limit=5, filter=stichwort.Filter(date_from="2022-01-01"))
    print(f"search {query!r} (dated 2022 or later): {hits.total:,} matches, best 5:")
    for doc_id, score in hits:
        print(f"  {doc_id:>6}  {score:6.3f}  {ix.document(doc_id)['title']}")
    ids, counts = ix.phrase_counts(["keine", "angaben"])
    print(f"\nphrase 'keine angaben': {int(counts.sum()):,} times in {len(ids):,} articles")
    print("\nKWIC 'angaben':")
    for line in ix.kwic("angaben", width=30, limit=5):
        left = line.left.replace("\n", " ")
        right = line.right.replace("\n", " ")
        print(f"  {left:>30} [{line.match}] {right}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from stichwort.bench import run_from_args

    return run_from_args(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="stichwort",
        description="Search and corpus analysis for German news archives.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="index generated German news and query it")
    demo.add_argument("--docs", type=int, default=5000, help="articles to generate (default 5000)")
    demo.set_defaults(func=_demo)
    from stichwort.bench import add_arguments as bench_arguments

    bench = sub.add_parser("bench", help="compare search backends on one corpus (build, queries, agreement)")
    bench_arguments(bench)
    bench.set_defaults(func=_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``stichwort`` script; returns the exit code."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
