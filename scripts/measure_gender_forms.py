"""Measure what ``gender_endings`` does to real text (README.md, "german", gender_forms).

Reads the articles of the 10kGNAD test split (``../shared/data`` seen from
the project's root, or the path given) and prints

- every place where a gender marker (``*``, ``:``, ``_``, ``·``, ``/-``)
  is followed right away by a letter, by marker, with its context: the
  candidates of every rule, whatever the case and the ending;
- of those, the ones ending in ``in``/``innen``/``Innen``/``INNEN``/``IN`` or
  a short ending (r, n, e, s, m, en, er, es, em) before no letter or digit;
- the all-caps words (two or more characters, none lower case but ß, the
  last upper case) and what follows them when it is a marker;
- every token that ``Analyzer("german")`` reads differently with and
  without ``gender_endings`` (the rule's whole effect on this text):

    python scripts/measure_gender_forms.py [path/to/10kGNAD-test.csv]
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

import stichwort

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/10kGNAD-test.csv"
MARKER = r"(?:[*:_\u00b7]|/-)"
ENDING = r"(?:innen|Innen|in|INNEN|IN|en|er|es|em|r|n|e|s|m)"


def articles(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        return [row[1] for row in csv.reader(f, delimiter=";", quotechar="'")]


def context(text: str, start: int, end: int, width: int = 30) -> str:
    return repr(text[max(0, start - width) : end + width])


def is_all_caps(word: str) -> bool:
    return len(word) >= 2 and word[-1].isupper() and not any(c.islower() and c != "ß" for c in word)


def main() -> None:
    texts = articles(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
    print(f"{len(texts):,} articles, {sum(map(len, texts)):,} characters")

    totals = {m: sum(t.count(m) for t in texts) for m in ["*", ":", "_", "\u00b7", "/-"]}
    print(f"markers in all: {totals}")
    candidates = [(d, m) for d, t in enumerate(texts) for m in re.finditer(rf"{MARKER}(?=[^\W\d_])", t)]
    by_marker = Counter(m.group(0) for _, m in candidates)
    print(f"\n{len(candidates)} markers followed right away by a letter: {dict(by_marker)}")
    endings = []
    for d, m in candidates:
        t = texts[d]
        before = re.search(r"[^\W_]*$", t[: m.start()]).group(0)
        after = re.match(r"[^\W_]*", t[m.end() :]).group(0)
        print(f"  doc {d}: {before}{m.group(0)}{after!s:.30} in {context(t, m.start(), m.end())}")
        if re.fullmatch(ENDING, after):
            endings.append(f"doc {d}: {before}{m.group(0)}{after}")
    print(f"\n{len(endings)} of them a marker and an ending of any rule (any case before it):")
    print("".join(f"  {e}\n" for e in endings), end="")

    caps = Counter()
    after_caps = Counter()
    for t in texts:
        for m in re.finditer(r"[^\W_]+", t):
            if is_all_caps(m.group(0)):
                caps[m.group(0)] += 1
                nxt = t[m.end() : m.end() + 2]
                if re.match(MARKER, nxt):
                    after_caps[nxt] += 1
    print(f"\n{sum(caps.values()):,} all-caps words ({len(caps):,} distinct; most common: "
          f"{', '.join(w for w, _ in caps.most_common(12))}); followed by a marker: {dict(after_caps)}")

    before = stichwort.Analyzer("german", gender_endings=False)
    after = stichwort.Analyzer("german")
    changed = 0
    for d, (old, new) in enumerate(zip(before.terms_batch(texts), after.terms_batch(texts))):
        if old != new:
            changed += 1
            print(f"  doc {d}: {' '.join(old)[:200]!r} -> {' '.join(new)[:200]!r}")
    n_tokens = sum(len(t) for t in after.terms_batch(texts))
    print(f"\narticles whose terms gender_endings changes: {changed} (of {len(texts):,}; {n_tokens:,} tokens)")


if __name__ == "__main__":
    main()
