"""Wildcard queries (`*krise`, `*krise*`, `Me?er`, `Fin*krise`) in every backend that runs them.

Builds the native index, SQLite FTS5 (the terms of its vocabulary, read
once, that match the pattern, or-ed: FTS5 has no leading wildcard) and tantivy (a regex query
over its term dictionary, scored 1) on one corpus with the "simple"
analysis, draws patterns of four kinds from its words (a word's last 4-6
letters after `*`; 3-4 letters inside a word between two `*`; a word with
one inner letter as `?`; a word's first 2 and last 3-4 letters around
`*`), checks that every backend matches the same documents, and prints the
median time of ``count`` and of ``search(limit=10)`` per kind and backend.

Example:
    python benches/wildcard.py ../shared/data/10kGNAD-test.csv --per-kind 20
"""

from __future__ import annotations

import random

from backend_table import main

from stichwort.backends._simple import simple_terms
from stichwort.query import Wildcard


def draw(texts: list[str], per_kind: int, seed: int) -> dict[str, list[Wildcard]]:
    """``per_kind`` patterns of each kind from the corpus's words of 7+ letters."""
    words = sorted({t for text in texts for t in simple_terms(text) if len(t) >= 7 and t.isalpha()})
    rng = random.Random(seed)

    def suffix(w: str) -> str:
        return "*" + w[-rng.randint(4, 6) :]

    def infix(w: str) -> str:
        start = rng.randint(1, len(w) - 5)
        return "*" + w[start : start + rng.randint(3, 4)] + "*"

    def one_letter(w: str) -> str:
        i = rng.randint(1, len(w) - 2)
        return w[:i] + "?" + w[i + 1 :]

    def around(w: str) -> str:
        return w[:2] + "*" + w[-rng.randint(3, 4) :]

    kinds = {"*suffix": suffix, "*infix*": infix, "one ?": one_letter, "pre*suffix": around}
    return {kind: [Wildcard(make(w)) for w in rng.sample(words, per_kind)] for kind, make in kinds.items()}


if __name__ == "__main__":
    main(__doc__, draw, "kind", repeat=9)
