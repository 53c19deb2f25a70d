"""What ``catenate_compounds`` costs an index build on 10kGNAD, interleaved.

    python benches/catenate_cost.py [path/to/10kGNAD-test.csv] [rounds]

Builds an in-memory index of the articles with ``Analyzer("german")`` and
with ``catenate_compounds=False`` in turn (the order alternating),
``rounds`` times (default 11),
and prints the median wall-clock and CPU time (``time.process_time``, all
threads) of each, then the tokens and dictionary terms the option adds.
Interleaving keeps the ratio fair on a machine other jobs share.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import GNAD_CSV, read_gnad, require_shared  # noqa: E402

import stichwort  # noqa: E402

OPTIONS = {"on": {}, "off": {"catenate_compounds": False}}


def build(texts: list[str], analyzer: stichwort.Analyzer) -> tuple[float, float, stichwort.Index]:
    wall, cpu = time.perf_counter(), time.process_time()
    ix = stichwort.Index(analyzer=analyzer, threads=2)
    ix.add_many(texts)
    ix.commit()
    return time.perf_counter() - wall, time.process_time() - cpu, ix


def main(csv: Path, rounds: int) -> None:
    texts = [t for _, t in read_gnad(csv)]
    analyzers = {name: stichwort.Analyzer("german", **o) for name, o in OPTIONS.items()}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in OPTIONS}
    indexes = {}
    for r in range(rounds):
        # Alternating the order: the first build of a round pays for freeing the last index.
        for name, analyzer in list(analyzers.items())[:: 1 if r % 2 else -1]:
            wall, cpu, indexes[name] = build(texts, analyzer)
            times[name].append((wall, cpu))
    print(f"{len(texts)} articles, {rounds} rounds, median of each:")
    for name, t in times.items():
        wall, cpu = (statistics.median(x) for x in zip(*t))
        print(f"  catenate_compounds {name:>3}: {wall * 1e3:7.1f} ms wall, {cpu * 1e3:7.1f} ms CPU")
    on, off = (statistics.median(c for _, c in times[n]) for n in ("on", "off"))
    print(f"  CPU ratio on/off: {on / off:.3f}")
    tokens = [t for text in texts for t in analyzers["on"].tokenize(text)]
    closed = [t for t in tokens if t.is_part]
    whole = len(tokens) - len(closed)
    print(f"  tokens: {whole:,} whole words, {len(closed):,} closed forms added ({len(closed) / whole:.2%})")
    vocab = {n: ix.stats()["vocab_size"] for n, ix in indexes.items()}
    print(f"  dictionary: {vocab['off']:,} -> {vocab['on']:,} terms (+{vocab['on'] - vocab['off']:,})")


if __name__ == "__main__":
    main(require_shared(Path(sys.argv[1]) if len(sys.argv) > 1 else GNAD_CSV), int(sys.argv[2]) if len(sys.argv) > 2 else 11)
