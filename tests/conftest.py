"""Shared fixtures: the real news of ../shared/data, when it is there."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
GNAD_CSV = SHARED_DATA / "10kGNAD-test.csv"
COMPOUNDS_TSV = SHARED_DATA / "compounds-de.tsv"


def require_shared(path: Path) -> Path:
    """Return ``path``, or skip the test when ../shared is absent (a user's clone).

    In CI (``CI=true``) the data must be there, so its absence fails.
    """
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not found (../shared/data is not beside this clone)")
    return path


def threads_once_exited(most: int) -> int:
    """This process's thread count once it is at most ``most``, or after
    about 30 s of exiting threads (then the caller's assertion fails)."""
    for _ in range(600):
        n = len(os.listdir("/proc/self/task"))
        if n <= most:
            break
        time.sleep(0.05)
    return n


def read_gnad(path: Path) -> list[tuple[str, str]]:
    """(section, text) of every article, doc id = line number."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(row[0], row[1]) for row in csv.reader(f, delimiter=";", quotechar="'")]


@pytest.fixture(scope="session")
def gnad_articles() -> list[tuple[str, str]]:
    """The 1,028 articles of 10kGNAD-test.csv as (section, text)."""
    return read_gnad(require_shared(GNAD_CSV))


def noun_compounds(path: Path) -> list[tuple[str, list[str]]]:
    """The noun compounds of the gold list: a capitalised word of letters and
    two or more capitalised parts (nouns) that appear in the word in order,
    each maybe without a final -e/-en and followed by a linking element
    (affix and derivation lines such as ``Aachenerin Aachener in`` drop out)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, *parts = line.split("\t")
        if len(parts) < 2 or not (word.isalpha() and word[0].isupper()):
            continue
        if not all(p.isalpha() and p[0].isupper() for p in parts):
            continue
        low, at = word.lower(), 0
        for p in (p.lower() for p in parts):
            forms = [p] + [p[: -len(e)] for e in ("e", "en") if p.endswith(e)]
            hit = next((f for f in forms if low.startswith(f, at)), None)
            if hit is None:
                break
            at += len(hit)
            link = next((lk for lk in ("ens", "nen", "es", "en", "er", "ns", "s", "n", "e") if low.startswith(lk, at)), "")
            if at + len(link) < len(low):
                at += len(link)
        else:
            if at == len(low):
                out.append((word, [p.lower() for p in parts]))
    return out
