"""``stichwort bench``: build and query the same corpus with several backends, side by side.

The parent process reads the corpus once, writes it as JSON Lines into the
output folder, computes document frequencies on a sample and draws the
query sets by document-frequency band (rare, medium, frequent) from them.
Each backend then runs in its own subprocess (``python -m stichwort.bench
worker …``), so its peak RSS is its own: it streams the corpus into a fresh
index (build time, documents/s, MB/s, peak RSS, size on disk) and times
every query ``repeat`` times as count and as top-10. The parent compares the
result sets of every backend with native's (Jaccard of ``match`` sets,
overlap of top-10), prints a table with ratios against native, and writes
``bench.json`` (pytest-benchmark's layout: machine_info, commit_info,
benchmarks with stats and raw data) and ``bench.png``.

Example:
    >>> from stichwort.bench import run_bench
    >>> report = run_bench(["Die Sitzung", "Die gemeinsame Sitzung"] * 5,
    ...                    backends=["sqlite"], workloads=["build", "term"],
    ...                    repeat=1, out="/tmp/stichwort-bench-doctest", progress=False,
    ...                    echo=False, chart=False)
    >>> report["stichwort"]["backends"]["sqlite"]["status"]
    'ok'
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stichwort import backends as _backends
from stichwort._args import corpus_spec, integer, positive
from stichwort._render import one_line
from stichwort.backends._simple import simple_terms
from stichwort.query import And, Or, Phrase, Term, _from_tuple

__all__ = ["WORKLOADS", "BANDS", "run_bench", "draw_queries", "main"]

WORKLOADS = ("build", "term", "and", "or", "phrase", "cooc")
QUERY_WORKLOADS = ("term", "and", "or", "phrase")
BANDS = ("rare", "medium", "frequent")
# How each backend keeps its index: a folder, a file, or memory only.
# Builds stop repeating once they have taken this long (a slow backend on a
# large corpus builds once or twice instead of `repeat` times).
BUILD_BUDGET_S = 60.0
_PATH_KIND = {"native": "dir", "tantivy": "dir", "sqlite": "file"}
_SAMPLE_DOCS = 20_000
_MB = 1_000_000


# -- corpus and query sets (parent) ---------------------------------------------
def _json_default(value: object) -> str:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} into the benchmark corpus")


def _as_dict(doc: Any) -> dict[str, Any]:
    return {"text": doc} if isinstance(doc, str) else dict(doc)


def _open_corpus(corpus: str | Iterable[Any], encoding: str) -> tuple[str, Iterable[Any]]:
    if not isinstance(corpus, str):
        return "custom", corpus
    try:
        from stichwort.corpus import read_corpus  # type: ignore[import-not-found]
    except ImportError as e:
        raise RuntimeError("stichwort.corpus is not available, so corpus specs cannot be read") from e
    return corpus, read_corpus(corpus, encoding=encoding)


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


class CorpusStats:
    """Size of the corpus and document frequencies of terms and bigrams on a sample of it."""

    def __init__(self) -> None:
        self.num_docs = 0
        self.num_bytes = 0
        self.sampled = 0
        self.term_df: Counter[str] = Counter()
        self.bigram_df: Counter[tuple[str, str]] = Counter()

    def add(self, doc: dict[str, Any]) -> None:
        self.num_docs += 1
        self.num_bytes += len(doc["text"].encode("utf-8")) + len((doc.get("title") or "").encode("utf-8"))

    def sample(self, doc: dict[str, Any]) -> None:
        terms = simple_terms(doc["text"])
        self.sampled += 1
        self.term_df.update(set(terms))
        self.bigram_df.update(set(zip(terms, terms[1:])))


def write_corpus(docs: Iterable[Any], path: Path, *, progress: bool = True) -> CorpusStats:
    """Writes ``docs`` as JSON Lines to ``path`` and gathers their statistics.

    Document frequencies come from every k-th document, k chosen so that at
    most 20,000 are read (a second pass over the written file).
    """
    stats = CorpusStats()
    it: Iterable[Any] = docs
    if progress:
        from tqdm import tqdm  # type: ignore[import-untyped]

        it = tqdm(docs, desc="corpus", unit="doc")
    with path.open("w", encoding="utf-8") as f:
        for i, raw in enumerate(it):
            doc = _as_dict(raw)
            if not isinstance(doc.get("text"), str):
                raise ValueError(f"corpus document {i} has no 'text' string")
            f.write(json.dumps(doc, ensure_ascii=False, default=_json_default))
            f.write("\n")
            stats.add(doc)
    if stats.num_docs == 0:
        raise ValueError("the corpus has no documents")
    stride = -(-stats.num_docs // _SAMPLE_DOCS)
    for i, doc in enumerate(_read_jsonl(path)):
        if i % stride == 0:
            stats.sample(doc)
    return stats


def _band_limits(n: int) -> dict[str, tuple[int, int]]:
    """Document-frequency ranges (inclusive) on a sample of ``n`` documents."""
    return {
        "rare": (2, max(3, n // 1000)),
        "medium": (max(2, n // 100), max(3, n // 20)),
        "frequent": (max(2, n // 10), max(2, n)),
    }


def _pick(df: Counter[Any], n: int, band: str, k: int, rng: random.Random) -> list[Any]:
    lo, hi = _band_limits(n)[band]
    candidates = sorted(t for t, c in df.items() if lo <= c <= hi)
    return rng.sample(candidates, min(k, len(candidates)))


def draw_queries(stats: CorpusStats, *, per_band: int = 10, seed: int = 0) -> dict[str, dict[str, list[tuple]]]:
    """Query sets ``{workload: {band: [query tuples]}}`` drawn deterministically from the sample.

    term and cooc: single terms; and/or: pairs of terms of one band; phrase:
    two-word phrases seen in the sample, banded by their own document frequency.
    """
    rng = random.Random(seed)
    n = stats.sampled
    out: dict[str, dict[str, list[tuple]]] = {w: {} for w in (*QUERY_WORKLOADS, "cooc")}
    for band in BANDS:
        terms = _pick(stats.term_df, n, band, per_band, rng)
        pairs = _pick(stats.term_df, n, band, 2 * per_band, rng)
        pairs = list(zip(pairs[0::2], pairs[1::2]))
        bigrams = _pick(stats.bigram_df, n, band, per_band, rng)
        out["term"][band] = [Term(t).to_tuple() for t in terms]
        out["cooc"][band] = [Term(t).to_tuple() for t in terms]
        out["and"][band] = [And(a, b).to_tuple() for a, b in pairs]
        out["or"][band] = [Or(a, b).to_tuple() for a, b in pairs]
        out["phrase"][band] = [Phrase(list(b)).to_tuple() for b in bigrams]
    return out


# -- the worker (one backend, its own process) -------------------------------------
def _max_rss_mb() -> float:
    """Peak RSS of this process in MB.

    On Linux, VmHWM of /proc/self/status: ``ru_maxrss`` survives ``exec`` and
    would report the parent's peak for a freshly spawned worker.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / _MB
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / _MB


def backend_kwargs(backend: str) -> dict[str, Any]:
    """Constructor arguments that put ``backend`` on API.md's "simple" analysis (native defaults to "german")."""
    return {"analyzer": "simple"} if backend in ("native", "python") else {}


def _time_calls(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        fn()
        out.append((time.perf_counter_ns() - t0) / 1e9)
    return out


def _unsupported(e: BaseException) -> dict[str, str]:
    return {"unsupported": str(e) or type(e).__name__}


def run_worker(
    backend: str,
    corpus_file: Path,
    queries_file: Path,
    workdir: Path,
    result_file: Path,
    *,
    workloads: Sequence[str],
    repeat: int,
    threads: int | None,
    progress: bool,
) -> dict[str, Any]:
    """Builds one backend's index and times the workloads; writes JSON and an ``.npz`` of result sets."""
    from tqdm import tqdm  # type: ignore[import-untyped]

    kwargs = backend_kwargs(backend)
    kind = _PATH_KIND.get(backend)
    if threads is not None and backend == "tantivy":
        kwargs["threads"] = threads
    report: dict[str, Any] = {"backend": backend, "rss_start_mb": _max_rss_mb()}

    # Reading alone, so the build time can be told apart from JSON decoding (also warms the page cache).
    t0 = time.perf_counter()
    num_docs = sum(1 for _ in _read_jsonl(corpus_file))
    report["read_s"] = time.perf_counter() - t0

    # The build runs `repeat` times (fewer once BUILD_BUDGET_S is spent), each
    # into a fresh folder; the last index is kept for the queries.
    build_times: list[float] = []
    ix: Any = None
    while True:
        run_dir = workdir / f"build-{len(build_times)}"
        run_dir.mkdir(parents=True)
        if kind == "dir":
            kwargs["path"] = str(run_dir / "index")
        elif kind == "file":
            kwargs["path"] = str(run_dir / "index.sqlite")
        ix = _backends.get(backend, **kwargs)
        docs: Iterable[dict[str, Any]] = _read_jsonl(corpus_file)
        if progress:
            docs = tqdm(docs, total=num_docs, desc=f"{backend} build", unit="doc", leave=False)
        t0 = time.perf_counter()
        ix.add_many(docs)
        ix.commit()
        build_times.append(time.perf_counter() - t0)
        if len(build_times) == 1:
            # Peak RSS of one build, as a single build would report it.
            report["build_rss_mb"] = _max_rss_mb()
        if len(build_times) >= repeat or sum(build_times) >= BUILD_BUDGET_S:
            break
        if hasattr(ix, "close"):
            ix.close()
        ix = None
        gc.collect()
        shutil.rmtree(run_dir)
    report["build_runs"] = build_times
    # The builds leave dirty pages behind (GBs on a large corpus): written
    # back now, not by the kernel's flusher threads while queries are timed.
    if hasattr(os, "sync"):
        os.sync()
    report["build_s"] = float(np.median(build_times))
    report["num_docs"] = num_docs
    # An index kept in memory has no size on disk to compare.
    report["size_bytes"] = None if kind is None else ix.size_bytes() if hasattr(ix, "size_bytes") else ix.stats().get("size_bytes")
    try:
        report["stats"] = {k: v for k, v in ix.stats().items() if isinstance(v, (int, float, type(None)))}
    except NotImplementedError:
        report["stats"] = {}

    sets = json.loads(queries_file.read_text(encoding="utf-8"))
    timings: dict[str, Any] = {}
    batch: dict[str, Any] = {}
    arrays: dict[str, np.ndarray] = {}
    todo = [w for w in workloads if w in sets]
    for wl in tqdm(todo, desc=f"{backend} queries", leave=False, disable=not progress):
        timings[wl] = _run_workload(ix, wl, sets[wl], repeat, arrays)
        if wl in QUERY_WORKLOADS and hasattr(ix, "search_batch"):
            queries = [_from_tuple(t) for band in BANDS for t in sets[wl].get(band, [])]
            if queries:
                try:
                    ix.search_batch(queries, limit=10)
                except NotImplementedError:  # the comparison backends: no batch row
                    continue
                raw = _time_calls(lambda: ix.search_batch(queries, limit=10), repeat)
                batch[wl] = {"queries": len(queries), "data": raw, "qps": len(queries) / float(np.median(raw))}
    report["timings"] = timings
    report["batch"] = batch
    report["rss_end_mb"] = _max_rss_mb()
    if hasattr(ix, "close"):
        ix.close()
    np.savez_compressed(result_file.with_suffix(".npz"), **arrays)  # type: ignore[arg-type]
    result_file.write_text(json.dumps(report), encoding="utf-8")
    return report


def _run_workload(ix: Any, wl: str, bands: dict[str, list], repeat: int, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    if wl == "cooc":
        if not hasattr(ix, "cooccurrence"):
            return {"top50": _unsupported(NotImplementedError("no cooccurrence"))}
        modes: dict[str, Callable[[Any], Any]] = {
            "top50": lambda q: ix.cooccurrence(q, window=5, top=50),
        }
    else:
        modes = {"count": ix.count, "top10": lambda q: ix.search(q, limit=10)}
    out: dict[str, Any] = {}
    for mode, fn in modes.items():
        per_band: dict[str, Any] = {}
        try:
            for band in BANDS:
                raw: list[float] = []
                for i, t in enumerate(bands.get(band, [])):
                    q = _from_tuple(t)
                    result = fn(q)  # warm-up, and the result set for the agreement check
                    key = f"{wl}__{band}__{i}"
                    if mode == "count":
                        try:
                            arrays[key + "__match"] = np.asarray(ix.match(q), dtype=np.uint32)
                        except NotImplementedError:
                            pass
                    elif mode == "top10":
                        arrays[key + "__top"] = np.asarray(result.ids, dtype=np.uint32)
                    raw += _time_calls(lambda: fn(q), repeat)
                per_band[band] = raw
        except NotImplementedError as e:
            per_band = _unsupported(e)
        out[mode] = per_band
    return out


# -- statistics and agreement (parent) ----------------------------------------------
def bench_stats(data: Sequence[float]) -> dict[str, Any]:
    """pytest-benchmark's stats fields (seconds) for raw timings, plus p95."""
    a = np.asarray(data, dtype=np.float64)
    if a.size == 0:
        return {"rounds": 0, "data": []}
    q1, median, q3, p95 = (float(x) for x in np.percentile(a, [25, 50, 75, 95]))
    iqr = q3 - q1
    mean = float(a.mean())
    std = float(a.std(ddof=1)) if a.size > 1 else 0.0
    lo = a[a >= q1 - 1.5 * iqr]
    hi = a[a <= q3 + 1.5 * iqr]
    iqr_out = int(((a < q1 - 1.5 * iqr) | (a > q3 + 1.5 * iqr)).sum())
    std_out = int(((a < mean - std) | (a > mean + std)).sum())
    return {
        "min": float(a.min()),
        "max": float(a.max()),
        "mean": mean,
        "stddev": std,
        "rounds": int(a.size),
        "median": median,
        "iqr": iqr,
        "q1": q1,
        "q3": q3,
        "iqr_outliers": iqr_out,
        "stddev_outliers": std_out,
        "outliers": f"{std_out};{iqr_out}",
        "ld15iqr": float(lo.min()) if lo.size else float(a.min()),
        "hd15iqr": float(hi.max()) if hi.size else float(a.max()),
        "ops": 1.0 / mean if mean > 0 else 0.0,
        "total": float(a.sum()),
        "iterations": 1,
        "p95": p95,
        "data": a.tolist(),
    }


def _agreement(ref: dict[str, np.ndarray], other: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    """Mean Jaccard of match sets and mean top-10 overlap per workload, over the queries both ran."""
    jac: dict[str, list[float]] = {}
    top: dict[str, list[float]] = {}
    for key, a in ref.items():
        if key not in other:
            continue
        wl = key.split("__")[0]
        b = other[key]
        if key.endswith("__match"):
            union = np.union1d(a, b).size
            jac.setdefault(wl, []).append(1.0 if union == 0 else np.intersect1d(a, b).size / union)
        else:
            denom = max(a.size, b.size)
            top.setdefault(wl, []).append(1.0 if denom == 0 else np.intersect1d(a, b).size / denom)
    out: dict[str, dict[str, float]] = {}
    for wl in sorted(set(jac) | set(top)):
        out[wl] = {}
        if wl in jac:
            out[wl]["jaccard_mean"] = float(np.mean(jac[wl]))
            out[wl]["jaccard_min"] = float(np.min(jac[wl]))
            out[wl]["queries"] = len(jac[wl])
        if wl in top:
            out[wl]["top10_overlap_mean"] = float(np.mean(top[wl]))
    return out


def machine_info() -> dict[str, Any]:
    """The machine_info block of pytest-benchmark's JSON."""
    uname = platform.uname()
    return {
        "node": uname.node,
        "processor": uname.processor or uname.machine,
        "machine": uname.machine,
        "python_compiler": platform.python_compiler(),
        "python_implementation": platform.python_implementation(),
        "python_implementation_version": platform.python_version(),
        "python_version": platform.python_version(),
        "python_build": list(platform.python_build()),
        "release": uname.release,
        "system": uname.system,
        "cpu": {"count": os.cpu_count(), "brand_raw": _cpu_brand()},
    }


def _cpu_brand() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def commit_info() -> dict[str, Any]:
    """The commit_info block of pytest-benchmark's JSON (empty fields outside a git checkout)."""
    here = Path(__file__).resolve().parent

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=here, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "id": git("rev-parse", "HEAD"),
        "time": git("log", "-1", "--format=%cI"),
        "dirty": bool(git("status", "--porcelain")),
        "project": "stichwort",
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
    }


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": platform.python_version()}
    for pkg in ("stichwort", "tantivy", "bm25s", "numpy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    import sqlite3

    out["sqlite"] = sqlite3.sqlite_version
    return out


# -- the run (parent) --------------------------------------------------------------
def _check_names(kind: str, names: Sequence[str], valid: Sequence[str]) -> list[str]:
    names = list(names)
    bad = [n for n in names if n not in valid]
    if bad:
        raise ValueError(f"unknown {kind} {', '.join(map(repr, bad))}; valid: {', '.join(valid)}")
    if not names:
        raise ValueError(f"no {kind} given; valid: {', '.join(valid)}")
    return names


def run_bench(
    corpus: str | Iterable[Any] = "synth:100000",
    *,
    backends: Sequence[str] = ("native", "tantivy", "sqlite", "python"),
    workloads: Sequence[str] = WORKLOADS,
    repeat: int = 5,
    out: str | os.PathLike[str] = "bench-out",
    threads: int | None = None,
    per_band: int = 10,
    seed: int = 0,
    progress: bool = True,
    echo: bool = True,
    chart: bool = True,
    encoding: str = "utf-8",
) -> dict[str, Any]:
    """Runs the benchmark; returns the report that it also writes to ``out/bench.json``.

    Args:
        corpus: a corpus spec for ``stichwort.corpus.read_corpus`` ("synth:N",
            a path) or an iterable of documents (str or dicts with "text").
        backends: backend names; unknown ones raise ``ValueError``, ones not
            installed here are reported as skipped.
        workloads: any of build, term, and, or, phrase, cooc (build always runs).
        repeat: timed runs of every query.
        out: folder for the corpus copy, indexes, bench.json and bench.png.
        threads: indexing threads for tantivy and native (``RAYON_NUM_THREADS``);
            None leaves each backend's default.
        per_band: queries per document-frequency band and workload.
        echo: print the tables to stdout.
        chart: write bench.png (needs matplotlib).
        encoding: the codec of a text corpus file ("cp1252" for Windows and Latin-1 exports).
    """
    names = _check_names("backend", backends, _backends.names())
    wls = _check_names("workload", workloads, WORKLOADS)
    for option, value in (("repeat", repeat), ("per_band", per_band), ("threads", threads)):
        if (value is not None or option != "threads") and (not isinstance(value, int) or value < 1):
            raise ValueError(f"{option} must be an int >= 1, got {value!r}")
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    label, docs = _open_corpus(corpus, encoding)
    corpus_file = outdir / "corpus.jsonl"
    stats = write_corpus(docs, corpus_file, progress=progress)
    queries = draw_queries(stats, per_band=per_band, seed=seed)
    _check_drawn(queries, wls, stats)
    queries_file = outdir / "queries.json"
    queries_file.write_text(json.dumps(queries, ensure_ascii=False, indent=1), encoding="utf-8")

    present = set(_backends.available())
    results: dict[str, Any] = {}
    for name in names:
        if name not in present:
            results[name] = {"status": "skipped", "reason": "not installed here"}
            continue
        results[name] = _spawn(name, outdir, corpus_file, queries_file, wls, repeat, threads, progress)

    ref = "native" if results.get("native", {}).get("status") == "ok" else next(
        (n for n in names if results[n].get("status") == "ok"), None
    )
    agreement: dict[str, Any] = {}
    if ref is not None:
        ref_sets = _load_sets(outdir, ref)
        for name in names:
            if name != ref and results[name].get("status") == "ok":
                agreement[name] = _agreement(ref_sets, _load_sets(outdir, name))

    report = _assemble(label, stats, names, wls, results, agreement, ref, repeat, threads)
    (outdir / "bench.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    if echo:
        from stichwort._bench_report import format_tables

        print(format_tables(report))
    if chart:
        from stichwort._bench_report import plot

        plot(report, outdir / "bench.png")
    return report


def _check_drawn(queries: dict[str, dict[str, list[tuple]]], workloads: Sequence[str], stats: CorpusStats) -> None:
    """Says which workloads got no queries: a term (or two-word sequence) must be in 2+ sampled documents.

    Raises:
        ValueError: no query workload got any, so nothing but the build could be compared.
    """
    empty = [w for w in workloads if w in queries and not any(queries[w].values())]
    if not empty:
        return
    reason = f"too few words (two-word sequences for phrase) are in 2 or more of the {stats.sampled:,} documents sampled"
    if len(empty) == len([w for w in workloads if w in queries]):
        raise ValueError(f"the corpus is too small to draw queries from: {reason}; run --workloads build alone")
    warnings.warn(f"no {', '.join(empty)} queries: {reason}", stacklevel=3)


def _spawn(
    name: str,
    outdir: Path,
    corpus_file: Path,
    queries_file: Path,
    workloads: Sequence[str],
    repeat: int,
    threads: int | None,
    progress: bool,
) -> dict[str, Any]:
    workdir = outdir / f"index-{name}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    result_file = outdir / f"result-{name}.json"
    cmd = [
        sys.executable, "-m", "stichwort.bench", "worker",
        "--backend", name, "--corpus-file", str(corpus_file), "--queries", str(queries_file),
        "--workdir", str(workdir), "--result", str(result_file), "--repeat", str(repeat),
        "--workloads", ",".join(workloads),
    ]  # fmt: skip
    if threads is not None:
        cmd += ["--threads", str(threads)]
    if not progress:
        cmd.append("--no-progress")
    env = dict(os.environ)
    if threads is not None:
        env["RAYON_NUM_THREADS"] = str(threads)
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=None if progress else subprocess.PIPE, text=True)
    if proc.returncode != 0:
        err = (proc.stderr or "").strip().splitlines()[-5:]
        return {"status": "failed", "reason": f"worker exited with {proc.returncode}", "stderr": err}
    res = json.loads(result_file.read_text(encoding="utf-8"))
    res["status"] = "ok"
    return res


def _load_sets(outdir: Path, name: str) -> dict[str, np.ndarray]:
    with np.load(outdir / f"result-{name}.npz") as z:
        return {k: z[k] for k in z.files}


def _assemble(
    label: str,
    stats: CorpusStats,
    names: Sequence[str],
    wls: Sequence[str],
    results: dict[str, Any],
    agreement: dict[str, Any],
    ref: str | None,
    repeat: int,
    threads: int | None,
) -> dict[str, Any]:
    benchmarks: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    for name in names:
        res = results[name]
        entry: dict[str, Any] = {"status": res["status"]}
        if res["status"] != "ok":
            entry.update({k: v for k, v in res.items() if k != "status"})
            summary[name] = entry
            continue
        build_s = res["build_s"]
        entry["build"] = {
            "seconds": build_s,
            "runs": len(res.get("build_runs", [build_s])),
            "read_seconds": res["read_s"],
            "docs_per_s": stats.num_docs / build_s if build_s > 0 else None,
            "mb_per_s": stats.num_bytes / _MB / build_s if build_s > 0 else None,
            "peak_rss_mb": res["build_rss_mb"],
            "start_rss_mb": res["rss_start_mb"],
            "size_mb": None if res["size_bytes"] is None else res["size_bytes"] / _MB,
            "index_stats": res["stats"],
        }
        benchmarks.append(_bench_entry("build", name, None, bench_stats(res.get("build_runs", [build_s]))))
        entry["latency"] = {}
        for wl, modes in res["timings"].items():
            for mode, per_band in modes.items():
                group = f"{wl}-{mode}"
                if "unsupported" in per_band:
                    entry["latency"][group] = {"unsupported": per_band["unsupported"]}
                    continue
                everything = [x for band in BANDS for x in per_band.get(band, [])]
                s_all = bench_stats(everything)
                entry["latency"][group] = {
                    "median": s_all.get("median"),
                    "p95": s_all.get("p95"),
                    "bands": {},
                }
                for band in BANDS:
                    s = bench_stats(per_band.get(band, []))
                    if s["rounds"]:
                        entry["latency"][group]["bands"][band] = {"median": s["median"], "p95": s["p95"]}
                        benchmarks.append(_bench_entry(group, name, band, s))
        entry["batch_qps"] = {wl: b["qps"] for wl, b in res["batch"].items()}
        for wl, b in res["batch"].items():
            benchmarks.append(_bench_entry(f"{wl}-batch", name, None, bench_stats(b["data"]), queries=b["queries"]))
        summary[name] = entry
    return {
        "machine_info": machine_info(),
        "commit_info": commit_info(),
        "benchmarks": benchmarks,
        "datetime": _dt.datetime.now(_dt.timezone.utc).isoformat(),
        "version": _versions().get("stichwort", ""),
        "stichwort": {
            "corpus": {"spec": label, "docs": stats.num_docs, "bytes": stats.num_bytes, "sampled": stats.sampled},
            "workloads": list(wls),
            "repeat": repeat,
            "threads": threads,
            "reference": ref,
            "versions": _versions(),
            "backends": summary,
            "agreement": agreement,
        },
    }


def _bench_entry(group: str, backend: str, band: str | None, stats: dict[str, Any], **extra: Any) -> dict[str, Any]:
    param = backend if band is None else f"{backend}-{band}"
    params = {"backend": backend} if band is None else {"backend": backend, "band": band}
    return {
        "group": group,
        "name": f"{group}[{param}]",
        "fullname": f"stichwort.bench::{group}[{param}]",
        "params": params,
        "param": param,
        "extra_info": extra,
        "options": {"timer": "perf_counter_ns", "disable_gc": False},
        "stats": stats,
    }


# -- command line ------------------------------------------------------------------
def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``stichwort bench`` (shared with ``python -m stichwort.bench``)."""
    p.add_argument("--corpus", type=corpus_spec, default="synth:100000", help="synth:N or a path (default synth:100000)")
    p.add_argument("--encoding", default="utf-8", metavar="CODEC",
                   help="text encoding of a corpus file: cp1252 for Windows and Latin-1 exports (default utf-8)")
    p.add_argument("--backends", default="native,tantivy,sqlite,python", help=f"comma list of {', '.join(_backends.names())}")
    p.add_argument("--workloads", default=",".join(WORKLOADS), help=f"comma list of {', '.join(WORKLOADS)}")
    p.add_argument("--repeat", type=positive, default=5, help="timed runs of every query (default 5)")
    p.add_argument("--out", default="bench-out", help="output folder (default bench-out)")
    p.add_argument("--threads", type=positive, default=None, help="indexing threads for native and tantivy")
    p.add_argument("--per-band", type=positive, default=10, help="queries per frequency band and workload")
    p.add_argument("--seed", type=integer, default=0)
    p.add_argument("--no-chart", action="store_true", help="do not write bench.png")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")


def run_from_args(args: argparse.Namespace) -> int:
    """Runs ``stichwort bench`` from parsed arguments; returns the exit code."""
    try:
        report = run_bench(
            args.corpus,
            backends=[b.strip() for b in args.backends.split(",") if b.strip()],
            workloads=[w.strip() for w in args.workloads.split(",") if w.strip()],
            repeat=args.repeat,
            out=args.out,
            threads=args.threads,
            per_band=args.per_band,
            seed=args.seed,
            progress=not args.no_progress,
            chart=not args.no_chart,
            encoding=args.encoding,
        )
    except (ValueError, RuntimeError) as e:
        print(f"stichwort: error: {one_line(str(e))}", file=sys.stderr)  # the form of every command's errors
        return 2
    states = {name: b["status"] for name, b in report["stichwort"]["backends"].items()}
    if "ok" not in states.values():  # tables without a single result are no benchmark
        print(f"stichwort: error: no backend ran ({', '.join(f'{n}: {s}' for n, s in states.items())})", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m stichwort.bench [options]`` runs the benchmark; ``… worker …`` is one backend's process."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["worker"]:
        p = argparse.ArgumentParser(prog="stichwort.bench worker")
        p.add_argument("--backend", required=True)
        p.add_argument("--corpus-file", type=Path, required=True)
        p.add_argument("--queries", type=Path, required=True)
        p.add_argument("--workdir", type=Path, required=True)
        p.add_argument("--result", type=Path, required=True)
        p.add_argument("--repeat", type=int, default=5)
        p.add_argument("--workloads", default=",".join(WORKLOADS))
        p.add_argument("--threads", type=int, default=None)
        p.add_argument("--no-progress", action="store_true")
        a = p.parse_args(argv[1:])
        run_worker(
            a.backend,
            a.corpus_file,
            a.queries,
            a.workdir,
            a.result,
            workloads=a.workloads.split(","),
            repeat=a.repeat,
            threads=a.threads,
            progress=not a.no_progress,
        )
        return 0
    p = argparse.ArgumentParser(prog="stichwort bench", description="Compare search backends on one corpus.")
    add_arguments(p)
    return run_from_args(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
