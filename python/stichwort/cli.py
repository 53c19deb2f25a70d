"""The ``stichwort`` command line.

Example:
    $ stichwort demo
"""

from __future__ import annotations

import argparse
import sys


def _demo(args: argparse.Namespace) -> int:
    """Indexes generated German news (in memory) and prints its statistics."""
    from stichwort import Index
    from stichwort.corpus import synthetic_news

    ix = Index(analyzer="german")
    ix.add_many(synthetic_news(args.docs, seed=args.seed), progress=args.progress)
    ix.commit()
    print(f"indexed {args.docs:,} generated articles")
    for key, value in ix.stats().items():
        print(f"  {key:<13}{value:>14,}")
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
    demo.add_argument("--docs", type=int, default=2000, help="number of generated articles (default 2000)")
    demo.add_argument("--seed", type=int, default=0, help="seed of the generator")
    demo.add_argument("--progress", action="store_true", help="show a progress bar")
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
