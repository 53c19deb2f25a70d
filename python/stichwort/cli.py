"""The ``stichwort`` command line.

Every subcommand has ``--help`` with examples. Exit codes: 0 success,
1 a runtime error (missing or damaged index, bad query, unreadable source),
2 a usage error; 130 after Ctrl-C. Errors are one line on stderr
(``stichwort: error: ...``), never a traceback (set ``STICHWORT_DEBUG=1``
to get one).

Example:
    $ stichwort demo --docs 5000
    $ stichwort index news.jsonl --out news-ix
    $ stichwort search news-ix 'merkel AND "gemeinsame sitzung"' --from 2015-01-01
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from stichwort._args import arg_type, bounded, corpus_spec, date_arg, integer, positive
from stichwort._render import (
    index_stats,
    one_line,
    printable,
    render_collocates,
    render_hits,
    render_kwic,
    render_phrase,
    render_stats,
)
from stichwort._serialize import cooccurrence_answer, count_answer, kwic_answer, phrase_json, search_answer
from stichwort.errors import StichwortError
from stichwort.index import Index
from stichwort.query import Filter, parse

MEASURES = ("logdice", "count", "mi", "mi3", "tscore", "llr", "dice")
SCOPES = ("window", "sentence", "document")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"stichwort: error: {message} (see '{self.prog} --help')\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples in the epilogs as written and shows the defaults that say something."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default not in (None, False, argparse.SUPPRESS) and "default" not in text:
            text += " (default: %(default)s)"
        return text


class UsageError(Exception):
    """A bad combination of arguments found after parsing (exit code 2)."""


# -- small helpers ---------------------------------------------------------
def _print_json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=1)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except UnicodeEncodeError:  # an ASCII or Latin-1 terminal: \u escapes keep the JSON valid and exact
        text = json.dumps(value, indent=1)
    print(text)


def _open(path: str) -> Index:
    return Index.open(path, readonly=True)


def _check_index_folder(out: str) -> None:
    """A usage error when ``out`` (an ``--out`` index folder, created if missing) is a file
    or lies under one, rather than the OS's "File exists" or "Not a directory" later."""
    path = os.path.abspath(out)
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"--out {out} is a file, not an index folder; name a folder (it is created if missing)")
    parent = os.path.dirname(path)
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise UsageError(f"--out {out}: {parent} is a file, not a folder; name a folder (it is created if missing)")


def _check_analyzer(value: str) -> str:
    """An analyzer preset or spec the engine knows (else a ValueError)."""
    with Index(None, analyzer=value):
        return value


def _check_encoding(value: str) -> str:
    from stichwort.corpus import check_encoding

    return check_encoding(value)


def _field_filter(value: str) -> tuple[str, str]:
    name, sep, val = value.partition("=")
    if not sep or not name or not val:
        raise argparse.ArgumentTypeError(f"{value!r} is not FIELD=VALUE (e.g. section=Inland)")
    return name, val


def _filter(args: argparse.Namespace) -> Filter | None:
    fields: dict[str, list[str]] = {}
    for name, val in args.filter or []:
        fields.setdefault(name, []).append(val)
    if not fields and args.date_from is None and args.date_to is None:
        return None
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError(f"--from {args.date_from} is after --to {args.date_to}")
    return Filter(date_from=args.date_from, date_to=args.date_to, fields=fields)


def _add_filter_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--filter", action="append", type=_field_filter, metavar="FIELD=VALUE",
                   help="only documents with this metadata value (repeatable; values of one field are or-ed)")
    p.add_argument("--from", dest="date_from", type=date_arg, metavar="DATE", help="only documents dated on or after DATE")
    p.add_argument("--to", dest="date_to", type=date_arg, metavar="DATE", help="only documents dated on or before DATE")


# -- subcommands -------------------------------------------------------------
def _cmd_demo(args: argparse.Namespace) -> int:
    from stichwort.demo import run_demo

    if args.out is not None:
        _check_index_folder(args.out)
        if os.path.isdir(args.out) and os.listdir(args.out):
            raise UsageError(f"--out {args.out} exists and is not empty; the demo creates a new index there: "
                             "name a new folder (or delete this one)")
    run_demo(docs=args.docs, seed=args.seed, out=args.out, threads=args.threads, progress=not args.no_progress)
    return 0


def _cmd_index(args: argparse.Namespace) -> int:
    from stichwort.ingest import ingest, source_key

    _check_index_folder(args.out)
    _check_no_unrecorded_documents(args.out, args.append)
    start = time.perf_counter()
    try:
        result = ingest(
            args.sources,
            args.out,
            analyzer=args.analyzer,
            memory_budget_mb=args.memory,
            threads=args.threads,
            commit_every=args.commit_every,
            progress=not args.no_progress,
            strict=args.strict,
            encoding=args.encoding,
        )
    except KeyboardInterrupt:
        print(f"stichwort: interrupted; committed documents stay in {args.out}, rerun the same command to resume",
              file=sys.stderr)
        return 130
    seconds = time.perf_counter() - start
    for spec in args.sources:
        if result.per_source.get(source_key(spec)) == 0:
            kind = "a folder is read as its .txt files, and it has none" if os.path.isdir(spec) else "it is empty"
            print(f"stichwort: warning: {printable(spec)}: no documents ({kind})", file=sys.stderr)
    print(f"added {result.added:,} documents in {seconds:.1f} s", end="")
    print(f" (skipped {result.skipped:,} committed before)" if result.skipped else "", end="")
    print(f"; {result.bad_lines:,} bad lines skipped" if result.bad_lines else "")
    with _open(args.out) as ix:
        print(render_stats(index_stats(ix)))
    return 0


def _check_no_unrecorded_documents(out: str, append: bool) -> None:
    """A usage error when ``out`` holds committed documents that no ``ingest.json`` accounts for
    (added by the API, or its ``ingest.json`` deleted) and ``--append`` does not say to add anyway:
    without the record every source would be added again, as duplicates."""
    from stichwort.ingest import SIDECAR

    if append or os.path.exists(os.path.join(out, SIDECAR)) or not os.path.isfile(os.path.join(out, "MANIFEST")):
        return
    with _open(out) as ix:
        n = ix.num_docs
    if n:
        raise UsageError(
            f"--out {out} already holds an index of {n:,} documents but no {SIDECAR} (the record of what "
            "'stichwort index' added, which resuming needs), so every source would be added again: index into "
            "a new folder, or add --append to add the sources' documents to these anyway"
        )


def _cmd_search(args: argparse.Namespace) -> int:
    flt = _filter(args)
    with _open(args.index) as ix:
        q = parse(args.query)
        start = time.perf_counter()
        result = search_answer(ix, q, limit=args.limit, filter=flt,
                               snippet_width=None if args.no_snippets else args.width)
        seconds = time.perf_counter() - start
    if args.json:
        _print_json(result)
    else:
        print(render_hits(result, args.query, seconds))
    return 0


def _cmd_count(args: argparse.Namespace) -> int:
    flt = _filter(args)
    with _open(args.index) as ix:
        result = count_answer(ix, parse(args.query), flt)
    if args.json:
        _print_json(result)
    else:
        print(result["count"])
    return 0


def _cmd_phrase(args: argparse.Namespace) -> int:
    with _open(args.index) as ix:
        result = phrase_json(ix, args.words, args.slop, args.top)
    if args.json:
        _print_json(result)
    else:
        print(render_phrase(result))
    return 0


def _cmd_cooc(args: argparse.Namespace) -> int:
    flt = _filter(args)
    with _open(args.index) as ix:
        result = cooccurrence_answer(ix, parse(args.target), window=args.window, top=args.top, measure=args.measure,
                                     min_count=args.min_count, filter=flt, scope=args.scope)
        # For people: how the articles write each (stemmed) term.
        words = None if args.json else ix.surface_forms([c["term"] for c in result["collocates"]])
    if words is None:
        _print_json(result)
    else:
        print(render_collocates(result, result["measure"], words))
    return 0


def _cmd_kwic(args: argparse.Namespace) -> int:
    flt = _filter(args)
    with _open(args.index) as ix:
        result = kwic_answer(ix, parse(args.query), flt, width=args.width, limit=args.limit)
    if args.json:
        _print_json(result)
    else:
        print(render_kwic(result, args.width))
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    with _open(args.index) as ix:
        stats = index_stats(ix)
    if args.json:
        _print_json(stats)
    else:
        print(render_stats(stats))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        from stichwort.server import serve
    except ImportError as e:
        raise UsageError(f"the service needs the 'serve' extra (pip install 'stichwort[serve]'): {e}") from None
    token = args.token or os.environ.get("STICHWORT_TOKEN") or None
    if args.writable and not token:
        raise UsageError("--writable needs a token: --token T or the environment variable STICHWORT_TOKEN")
    if token and len(token) < 8:
        raise UsageError("the token must be at least 8 characters")
    serve(args.index, host=args.host, port=args.port, writable=args.writable, token=token, workers=args.workers,
          timeout=args.timeout, max_body_mb=args.max_body_mb, log_level=args.log_level)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from stichwort.bench import run_from_args

    return run_from_args(args)


# -- the parser ----------------------------------------------------------------
def _sub(sub: Any, name: str, help: str, epilog: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                                                epilog="examples:\n" + epilog, formatter_class=_Formatter)
    p.set_defaults(func=func)
    return p


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = _Parser(
        prog="stichwort",
        description="Search and corpus analysis for German news archives.",
        epilog="Run 'stichwort COMMAND --help' for the options and examples of a command.\n"
        "Exit codes: 0 ok, 1 runtime error (bad index, bad query), 2 usage error.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _sub(sub, "demo", "generate a German news archive, index it and query it", """\
  stichwort demo                      # 20,000 articles in a temporary folder
  stichwort demo --docs 5000          # quicker
  stichwort demo --out demo-ix        # keep the index for 'stichwort search demo-ix ...'
""", _cmd_demo)
    p.add_argument("--docs", type=positive, default=20_000, help="articles to generate")
    p.add_argument("--seed", type=integer, default=0, help="seed of the generator")
    p.add_argument("--out", help="index folder to create (default: a temporary folder, removed afterwards)")
    p.add_argument("--threads", type=positive, help="indexing threads (default: all cores)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = _sub(sub, "index", "index documents into a folder (resumable)", """\
  stichwort index news.jsonl --out news-ix
  stichwort index 10kGNAD-train.csv 10kGNAD-test.csv --out gnad-ix --analyzer german
  stichwort index articles/ --out ix --memory 1024 --threads 4   # a folder of .txt files
  stichwort index synth:100000 --out synth-ix                   # generated news
  stichwort index archiv-2004.csv --out ix --encoding cp1252    # a Windows/Latin-1 export
  stichwort index export.zip --out ix                           # its files, in name order
Sources: .jsonl/.ndjson, .csv/.tsv (10kGNAD form and ; separators recognised; each also
as .gz/.bz2/.xz, or .zst with pip install zstandard), .parquet, a folder of .txt files,
a .zip of such files and .txt files (read as they are, without unpacking), or
synth:N[:SEED]. Text is UTF-8 unless --encoding names another codec: cp1252 for
Windows and Latin-1 exports (a file starting with a UTF-8 BOM stays UTF-8); lines it
cannot decode are skipped with a warning. The index is committed every --commit-every
documents; after an interruption, rerun the same command (with the same --encoding):
committed documents are skipped (progress is kept in OUT/ingest.json). A folder OUT
that holds documents but no ingest.json (added through the API, or the file deleted) is
refused, since every source would be added again; --append adds them anyway. A damaged
ingest.json is an error: delete the index folder and index from scratch.
""", _cmd_index)
    p.add_argument("sources", nargs="+", type=corpus_spec, metavar="SOURCE",
                   help="files, folders, zip archives or synth:N[:SEED]")
    p.add_argument("--out", required=True, metavar="DIR", help="index folder (created if missing)")
    p.add_argument("--analyzer", type=arg_type(_check_analyzer), default="german", help="analyzer preset or spec; an existing index keeps its own, and one named other than the default must match it")
    p.add_argument("--memory", type=positive, default=512, metavar="MB", help="RAM for buffered documents")
    p.add_argument("--threads", type=positive, help="analysis threads (default: all cores)")
    p.add_argument("--commit-every", type=positive, default=10_000, metavar="N", help="commit after N documents")
    p.add_argument("--strict", action="store_true", help="stop at the first bad line instead of skipping it")
    p.add_argument("--append", action="store_true",
                   help="add to a folder that holds documents but no ingest.json (refused without it: they "
                        "may be these sources' documents, which would then be there twice)")
    p.add_argument("--encoding", type=arg_type(_check_encoding), default="utf-8", metavar="CODEC",
                   help="text encoding of the sources: cp1252 for Windows and Latin-1 exports, iso8859-15, ...")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = _sub(sub, "search", "ranked search (BM25) with titles and snippets", """\
  stichwort search ix 'nato AND russland'
  stichwort search ix '"gemeinsame sitzung"~2 -nato' --limit 20
  stichwort search ix bundesregierung --filter section=Inland --from 2022-01-01 --to 2022-12-31
  stichwort search ix 'außen*' --json | jq '.hits[].title'
The query language is described in docs/query-language.md.
""", _cmd_search)
    p.add_argument("index", metavar="DIR", help="index folder")
    p.add_argument("query", metavar="QUERY", help="a query in the query language")
    p.add_argument("--limit", type=bounded(1, 10_000), default=10, help="hits to show")
    p.add_argument("--width", type=bounded(20, 2000), default=160, help="snippet length in characters")
    p.add_argument("--no-snippets", action="store_true", help="titles only")
    _add_filter_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _sub(sub, "count", "count the matching documents", """\
  stichwort count ix 'nato OR russland'
  stichwort count ix flüchtlinge --filter section=Inland --from 2015-01-01
""", _cmd_count)
    p.add_argument("index", metavar="DIR", help="index folder")
    p.add_argument("query", metavar="QUERY", help="a query in the query language")
    _add_filter_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _sub(sub, "phrase", "count the occurrences of a phrase", """\
  stichwort phrase ix nach angaben der polizei
  stichwort phrase ix gemeinsame sitzung --slop 2 --top 20
""", _cmd_phrase)
    p.add_argument("index", metavar="DIR", help="index folder")
    p.add_argument("words", nargs="+", metavar="WORD", help="the words of the phrase")
    p.add_argument("--slop", type=bounded(0, 50), default=0, help="extra positions allowed between the words")
    p.add_argument("--top", type=bounded(0, 10_000), default=10, help="documents with most occurrences to list")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _sub(sub, "cooc", "collocates of a term, phrase or query", """\
  stichwort cooc ix trainer
  stichwort cooc ix '"europäische union"' --window 3 --measure llr --top 30
  stichwort cooc ix flüchtlinge --scope document --from 2015-01-01 --to 2016-12-31
""", _cmd_cooc)
    p.add_argument("index", metavar="DIR", help="index folder")
    p.add_argument("target", metavar="TARGET", help="a term, a quoted phrase or a query")
    p.add_argument("--window", type=bounded(1, 50), default=5, help="tokens on each side")
    p.add_argument("--measure", choices=MEASURES, default="logdice", help="association measure")
    p.add_argument("--top", type=bounded(1, 10_000), default=20, help="collocates to show")
    p.add_argument("--min-count", type=bounded(1, 2**31), default=2, help="least co-occurrences")
    p.add_argument("--scope", choices=SCOPES, default="window", help="what counts as co-occurring")
    _add_filter_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _sub(sub, "kwic", "keyword in context: every match with its surroundings", """\
  stichwort kwic ix bundeskanzler
  stichwort kwic ix '"nach angaben"' --width 50 --limit 40
  stichwort kwic ix 'arbeitsmarkt*' --filter section=Wirtschaft
""", _cmd_kwic)
    p.add_argument("index", metavar="DIR", help="index folder")
    p.add_argument("query", metavar="QUERY", help="a query in the query language")
    p.add_argument("--width", type=bounded(1, 500), default=40, help="context characters on each side")
    p.add_argument("--limit", type=bounded(1, 100_000), default=25, help="lines to show")
    _add_filter_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _sub(sub, "stats", "size and vocabulary of an index", """\
  stichwort stats ix
  stichwort stats ix --json
""", _cmd_stats)
    p.add_argument("index", metavar="DIR", help="index folder")
    p.add_argument("--json", action="store_true", help="print JSON")

    from stichwort.bench import add_arguments as bench_arguments

    p = _sub(sub, "bench", "compare search backends on one corpus (build, queries, agreement)", """\
  stichwort bench --corpus synth:20000 --backends native,tantivy
  stichwort bench --corpus ../shared/data/10kGNAD-test.csv --out bench-gnad
""", _cmd_bench)
    bench_arguments(p)

    p = _sub(sub, "serve", "serve an index over HTTP (JSON API)", """\
  stichwort serve ix                                  # read-only, http://127.0.0.1:8080
  curl 'http://127.0.0.1:8080/search?q=nato&limit=5'
  STICHWORT_TOKEN=s3cret-token stichwort serve ix --writable --port 9000
  curl -H 'Authorization: Bearer s3cret-token' -d '{"text": "..."}' http://127.0.0.1:9000/documents
The endpoints are described at /openapi.json and in docs/service.md.
""", _cmd_serve)
    p.add_argument("index", metavar="DIR", help="index folder")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=bounded(0, 65535), default=8080, help="port (0: any free port, printed at start)")
    p.add_argument("--writable", action="store_true", help="accept POST /documents and POST /commit (needs a token)")
    p.add_argument("--token", help="bearer token for writes (better: the environment variable STICHWORT_TOKEN)")
    p.add_argument("--workers", type=bounded(1, 256), default=os.cpu_count() or 1,
                   help="threads running index calls (one process and one index serve all requests)")
    p.add_argument("--timeout", type=bounded(1, 3600), default=30, help="seconds before a request gets 503")
    p.add_argument("--max-body-mb", type=bounded(1, 1024), default=16, help="largest accepted request body")
    p.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info",
                   help="uvicorn log level")
    return parser


def _warning_line(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  line: str | None = None) -> str:
    return f"stichwort: warning: {printable(str(message))}\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``stichwort`` script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    warnings.formatwarning = _warning_line
    # German text on a terminal that cannot show it (PYTHONIOENCODING=ascii, a Latin-1
    # locale) is printed with escapes rather than ending the command with an error.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        return int(args.func(args))
    except UsageError as e:
        print(f"stichwort: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stichwort: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head & co.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (StichwortError, OSError, ValueError, TypeError, LookupError, NotImplementedError, ImportError) as e:
        if os.environ.get("STICHWORT_DEBUG"):
            raise
        print(f"stichwort: error: {one_line(str(e)) or type(e).__name__}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug: still one line, with a hint how to see more
        if os.environ.get("STICHWORT_DEBUG"):
            raise
        print(f"stichwort: error: internal error {type(e).__name__}: {one_line(str(e))} "
              "(set STICHWORT_DEBUG=1 for a traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
