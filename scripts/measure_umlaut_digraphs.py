"""Measure what ``umlaut_digraphs`` does to a vocabulary (README.md, "german").

Reads the distinct words of the 10kGNAD test split (``../shared/data`` seen
from the project's root, or the path given), analyses each with
``Analyzer("german")`` with and without the option, and prints how many
words change term, which groups of formerly different terms now merge
(right when the digraph word is a transliteration of its umlaut partner,
wrong otherwise: judge by eye), which former groups split, and how many
prefixes miss the word they begin (a prefix query is looked up read and as
written, ``Analyzer.prefix_spellings`` in the core; the count compares that
with the read spelling alone), typed as written and, for umlaut words, with
digraphs:

    python scripts/measure_umlaut_digraphs.py [path/to/10kGNAD-test.csv]
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import stichwort

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/10kGNAD-test.csv"


def vocabulary(path: Path) -> list[str]:
    """The distinct lower-cased words with a letter (no numbers) of the articles."""
    simple = stichwort.Analyzer("simple")
    with path.open(newline="", encoding="utf-8") as f:
        texts = [row[1] for row in csv.reader(f, delimiter=";", quotechar="'")]
    words = {w for terms in simple.terms_batch(texts) for w in terms}
    return sorted(w for w in words if any(c.isalpha() for c in w))


def groups(terms: dict[str, str]) -> dict[str, set[str]]:
    """Words by term."""
    out: dict[str, set[str]] = defaultdict(set)
    for word, term in terms.items():
        out[term].add(word)
    return out


def main() -> None:
    words = vocabulary(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)

    def term_of(analyzer: stichwort.Analyzer) -> dict[str, str]:
        return {w: "+".join(t) for w, t in zip(words, analyzer.terms_batch(words))}

    before = term_of(stichwort.Analyzer("german", umlaut_digraphs=False))
    after = term_of(stichwort.Analyzer("german", umlaut_digraphs=True))
    changed = sorted(w for w in words if before[w] != after[w])
    print(f"{len(words):,} distinct words, {len(changed):,} change term:")
    print(" ".join(f"{w}:{before[w]}->{after[w]}" for w in changed))
    merges = {t: ws for t, ws in groups(after).items() if len({before[w] for w in ws}) > 1}
    print(f"\n{len(merges)} merges (groups of words whose terms were different):")
    for term, ws in sorted(merges.items()):
        print(f"  {term}: {', '.join(sorted(ws))}")
    splits = {t: ws for t, ws in groups(before).items() if len({after[w] for w in ws}) > 1}
    print(f"\n{len(splits)} splits (groups of words whose terms were one):")
    for term, ws in sorted(splits.items()):
        print(f"  {term}: {', '.join(f'{w}->{after[w]}' for w in sorted(ws))}")
    prefix_misses(words)


DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def prefix_misses(words: list[str]) -> None:
    """Prefixes (of 3+ characters) of each word, typed as written and, for
    words with an umlaut, with ae/oe/ue: how many miss the word's term with
    the read spelling alone and with both spellings."""
    german = stichwort.Analyzer("german")
    written = stichwort.Analyzer("german", umlaut_digraphs=False)
    term = dict(zip(words, ("+".join(t) for t in german.terms_batch(words))))
    typed = {"as written": [(w, w) for w in words]}
    typed["with digraphs"] = [(w, w.translate(DIGRAPHS)) for w in words if w != w.translate(DIGRAPHS)]
    for name, pairs in typed.items():
        prefixes = [(w, t[:k]) for w, t in pairs for k in range(3, len(t))]
        own = dict(zip((p for _, p in prefixes), ("+".join(t) for t in german.terms_batch([p for _, p in prefixes]))))
        read_only = both = 0
        missed: list[str] = []
        for w, p in prefixes:
            read = german.normalise_prefix(p)
            hit_read = term[w].startswith(read) or own[p] == term[w]
            hit_both = hit_read or term[w].startswith(written.normalise_prefix(p))
            read_only += not hit_read
            both += not hit_both
            if hit_both and not hit_read and len(missed) < 12:
                missed.append(f"{p}*:{w}")
        print(f"\n{len(prefixes):,} prefixes {name}: {read_only:,} miss read only, {both:,} read and as written")
        print("  found now:", " ".join(missed))


if __name__ == "__main__":
    main()
