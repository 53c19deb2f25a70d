"""The merge policy keeps the segment count logarithmic for any sequence of
commit sizes (docs/index.md, Merges), and merges lose no document."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import stichwort

MERGE_FACTOR = 8


def level(n: int) -> int:
    """floor(log8(n)), the policy's level of a segment of n live documents."""
    lv = 0
    while n >= MERGE_FACTOR:
        n //= MERGE_FACTOR
        lv += 1
    return lv


def most_segments(num_docs: int) -> int:
    """At most F - 1 segments a level, levels 0 ..= level(num_docs)."""
    return (MERGE_FACTOR - 1) * (level(num_docs) + 1)


def commit_sizes(pattern: str, n: int) -> list[int]:
    rng = random.Random(7)
    if pattern == "alternating":
        return [1 if i % 2 else 8 for i in range(n)]
    if pattern == "alternating_wide":
        return [1 if i % 2 else 300 for i in range(n)]
    if pattern == "rising":
        return [1 + i for i in range(n)]
    if pattern == "falling":
        return [n - i for i in range(n)]
    assert pattern == "random"
    return [1 + rng.randrange(1 << rng.randrange(10)) for _ in range(n)]


def test_alternating_commit_sizes_keep_few_segments() -> None:
    # The audit's repro: commits of 8 and 1 documents in turn kept one
    # segment per commit (400 after 400 commits; 8 with a constant size).
    ix = stichwort.Index(analyzer="simple")
    total = 0
    for i in range(400):
        n = 1 if i % 2 else 8
        ix.add_many(["wien"] * n)
        ix.commit()
        total += n
        assert ix.stats()["num_segments"] <= most_segments(total), i
    assert ix.stats()["num_segments"] <= 10
    ids, tfs = ix.postings("wien")
    assert ids.tolist() == list(range(total)) and set(tfs.tolist()) == {1}


@pytest.mark.parametrize("pattern", ["alternating", "alternating_wide", "rising", "falling", "random"])
def test_any_commit_sizes_keep_a_logarithmic_segment_count(tmp_path: Path, pattern: str) -> None:
    path = tmp_path / "ix"
    ix = stichwort.Index(path, analyzer="simple")
    total = 0
    for n in commit_sizes(pattern, 120):
        ix.add_many([f"w{(total + k) % 13} d{total + k}" for k in range(n)])
        ix.commit()
        total += n
        segments = ix.stats()["num_segments"]
        assert segments <= most_segments(total), (pattern, total, segments)
        # Only the committed segments' files stay.
        names = {f.name.split(".")[0] for f in path.iterdir() if f.name.startswith("seg-")}
        assert len(names) == segments
    ix.close()
    reader = stichwort.Index.open(path)
    assert reader.num_docs == total
    assert [reader.count(f"d{i}") for i in (0, total // 2, total - 1)] == [1, 1, 1]
    assert sum(reader.doc_freq(f"w{k}") for k in range(13)) == total


def test_merges_after_deletes_keep_the_right_documents() -> None:
    ix = stichwort.Index(analyzer="simple")
    rng = random.Random(3)
    live: set[int] = set()
    total = 0
    for i in range(150):
        n = 1 if i % 2 else 8
        ids = ix.add_many([f"doc d{total + k}" for k in range(n)])
        live.update(ids.tolist())
        total += n
        for d in rng.sample(sorted(live), min(len(live), rng.randrange(3))):
            ix.delete(d)
            live.discard(d)
        ix.commit()
        assert ix.stats()["num_segments"] <= most_segments(total)
    assert ix.num_docs == len(live)
    assert ix.postings("doc")[0].tolist() == sorted(live)
