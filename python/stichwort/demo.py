"""``stichwort demo``: generate a German news archive, index it, and show what stichwort does.

Each step prints its result and the time it took. The archive comes from
:func:`stichwort.corpus.synthetic_news`; generation runs in a background
thread while the engine indexes (without the GIL).

Example:
    $ stichwort demo --docs 5000
"""

from __future__ import annotations

import collections
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from stichwort._render import index_stats, render_collocates, render_hits, render_kwic, render_phrase, render_stats
from stichwort._serialize import collocates_json, hits_json, kwic_json, phrase_json
from stichwort.corpus import synthetic_news
from stichwort._core import Analyzer
from stichwort.index import Index
from stichwort.ingest import BLOCK, prefetch
from stichwort.query import Filter, parse

__all__ = ["run_demo"]

T = TypeVar("T")

#: The queries of the demo, chosen to hit the generator's vocabulary.
SEARCH = 'trainer AND (tor OR sieg)'
SEARCH_FILTER = Filter(fields={"section": "Sport"})
PHRASE = ["nach", "angaben", "der", "polizei"]
KWIC = '"schwer verletzt"'
COLLOCATE_TARGET = "feuerwehr"
TIMELINE = "unfall"
#: One word; the index splits compounds, so it also finds Arbeitsreform, Bundesreform, ...
COMPOUND = "Reform"


class _Steps:
    """Numbered step headers with their elapsed time."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.n = 0

    def run(self, title: str, work: Callable[[], T]) -> tuple[T, float]:
        self.n += 1
        print(f"\n[{self.n}/{self.total}] {title}", flush=True)
        start = time.perf_counter()
        value = work()
        return value, time.perf_counter() - start

    @staticmethod
    def took(seconds: float) -> None:
        print(f"      ({_duration(seconds)})", flush=True)


def _duration(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


@contextmanager
def _folder(out: str | None) -> Iterator[Path]:
    if out is not None:
        yield Path(out)
        return
    tmp = tempfile.mkdtemp(prefix="stichwort-demo-")
    try:
        yield Path(tmp) / "index"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _build(path: Path, docs: int, seed: int, threads: int | None, progress: bool) -> None:
    bar: Any = None
    if progress:
        from tqdm.auto import tqdm  # type: ignore[import-untyped]

        bar = tqdm(total=docs, unit="docs", desc="generating + indexing", smoothing=0.1, file=sys.stderr)
    try:
        with Index(path, analyzer=Analyzer("german", decompound=True), threads=threads) as ix:
            for chunk in prefetch(synthetic_news(docs, seed), BLOCK):
                ix.add_many(chunk)
                if bar is not None:
                    bar.update(len(chunk))
            ix.commit()
    finally:
        if bar is not None:
            bar.close()


def _bars(rows: list[tuple[str, int]], width: int = 40) -> str:
    top = max((n for _, n in rows), default=0) or 1
    return "\n".join(f"      {label}  {'█' * round(width * n / top):<{width}} {n:,}" for label, n in rows)


def run_demo(*, docs: int = 20_000, seed: int = 0, out: str | None = None, threads: int | None = None,
             progress: bool = True) -> None:
    """Runs the demo (printing to stdout); ``out`` keeps the index, otherwise a temporary folder is used."""
    steps = _Steps(8)
    total_start = time.perf_counter()
    with _folder(out) as path:
        _, t = steps.run(f"Generate {docs:,} German news articles (seed {seed}) and index them into {path}",
                         lambda: _build(path, docs, seed, threads, progress))
        print(f"      {docs / t:,.0f} articles/s")
        steps.took(t)
        with Index.open(path) as ix:
            stats, t = steps.run("Index statistics", lambda: index_stats(ix))
            print("\n".join("      " + line for line in render_stats(stats).splitlines()))
            steps.took(t)

            q = parse(SEARCH)

            def search() -> dict[str, Any]:
                return hits_json(ix, q, ix.search(q, limit=5, filter=SEARCH_FILTER), snippet_width=140)

            result, t = steps.run(f"Ranked search (BM25), section Sport: {SEARCH}", search)
            print(_indent(render_hits(result, SEARCH, t)))
            steps.took(t)

            phrase, t = steps.run(f"Phrase count: \"{' '.join(PHRASE)}\"", lambda: phrase_json(ix, PHRASE, 0, 3))
            print(_indent(render_phrase(phrase)))
            steps.took(t)

            lines, t = steps.run(f"Keyword in context: {KWIC}", lambda: kwic_json(ix.kwic(parse(KWIC), width=35, limit=8)))
            print(render_kwic(lines, 35))
            steps.took(t)

            def collocates() -> tuple[dict[str, Any], list[str | None]]:
                colls = collocates_json(ix.cooccurrence(COLLOCATE_TARGET, window=5, top=200, measure="logdice",
                                                        min_count=5))
                # The index keeps stop words; for the show, list words of four letters or more.
                colls["collocates"] = [c for c in colls["collocates"] if len(c["term"]) >= 4 and c["term"].isalpha()][:10]
                return colls, ix.surface_forms([c["term"] for c in colls["collocates"]])

            (colls, words), t = steps.run(f"Collocates of '{COLLOCATE_TARGET}' (window 5, logDice; content words, "
                                          "as the articles write them)", collocates)
            print(_indent(render_collocates(colls, "logdice", words)))
            steps.took(t)

            (starts, counts), t = steps.run(f"Timeline: documents with '{TIMELINE}' per year",
                                            lambda: ix.timeline(parse(TIMELINE), by="year"))
            print(_bars([(str(s)[:4], int(n)) for s, n in zip(starts, counts)]))
            steps.took(t)

            def compounds() -> tuple[int, int, collections.Counter[str]]:
                lines = ix.kwic(parse(COMPOUND), width=0, limit=None)
                forms = collections.Counter(c.match for c in lines)
                # Without decompounding only the word itself (any inflection) would match.
                plain = Analyzer("german")
                word = [t.text for t in plain.tokenize(COMPOUND)]
                own = {f for f in forms if [t.text for t in plain.tokenize(f)] == word}
                alone = len({c.doc_id for c in lines if c.match in own})
                return ix.count(COMPOUND), alone, collections.Counter({f: c for f, c in forms.items() if f not in own})

            (n, alone, forms), t = steps.run(
                f"Compound query: {COMPOUND} (parts of compounds match; phrases still see whole words)", compounds)
            print(f"      {n:,} documents ({alone:,} without decompounding), {len(forms):,} compounds; "
                  "most frequent:")
            print("      " + ", ".join(f"{w} ({c:,})" for w, c in forms.most_common(12)))
            steps.took(t)
    print(f"\ndone in {_duration(time.perf_counter() - total_start)}"
          + (f"; the index is in {out} (try: stichwort search {out} 'feuerwehr AND unfall')" if out else ""))


def _indent(text: str) -> str:
    return "\n".join("   " + line for line in text.splitlines())
