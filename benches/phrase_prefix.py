"""Phrase prefixes (`Prefix("gemeinsame Sitz")`, `EU-Kommiss*`) in every backend that runs them.

Builds the native index, SQLite FTS5 (`"gemeinsame sitz" *`) and tantivy (a
regex phrase query, `sitz.*` last) on one corpus with the "simple" analysis,
draws phrase prefixes from its adjacent word pairs (the first word and the
first 3-5 characters of the second) in three bands of matching documents,
checks that every backend matches the same documents, and prints the median
time of ``count`` and of ``search(limit=10)`` per band and backend (all
queries of a band in a row, ``--repeat`` rounds, backends in turn).

Example:
    python benches/phrase_prefix.py ../shared/data/10kGNAD-test.csv --per-band 20
"""

from __future__ import annotations

import random
from collections import Counter

from backend_table import main

from stichwort.backends._simple import simple_terms
from stichwort.query import Prefix

BANDS = {"rare (1-3 docs)": (1, 3), "medium (4-30)": (4, 30), "frequent (31+)": (31, 10**9)}


def draw(texts: list[str], per_band: int, seed: int) -> dict[str, list[Prefix]]:
    """Phrase prefixes "w1 w2[:k]" by the number of documents holding the pair (before matching more)."""
    df: Counter[tuple[str, str]] = Counter()
    for text in texts:
        terms = simple_terms(text)
        df.update({(a, b) for a, b in zip(terms, terms[1:]) if len(b) > 3 and b.isalpha()})
    rng = random.Random(seed)
    out = {}
    for band, (lo, hi) in BANDS.items():
        pairs = sorted(p for p, n in df.items() if lo <= n <= hi)
        picked = rng.sample(pairs, min(per_band, len(pairs)))
        out[band] = [Prefix(f"{a} {b[: rng.randint(3, min(5, len(b) - 1))]}") for a, b in picked]
    return out


if __name__ == "__main__":
    main(__doc__, draw, "band", repeat=15)
