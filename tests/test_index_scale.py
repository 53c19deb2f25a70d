"""The index at scale: threads, memory and disk a big call may take."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import threads_once_exited

import stichwort

#: Most threads an add_many keeps busy: a chunk of 256 documents analysed
#: while the previous chunk is inverted (docs/index.md, Memory).
MAX_ADD_THREADS = 257


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc")
def test_an_index_starts_only_the_threads_its_calls_can_use() -> None:
    # threads=4096 started 4096 OS threads when the index was created.
    before = os_threads()
    ix = stichwort.Index(analyzer="simple", threads=4096)
    assert os_threads() <= before
    ix.add_many(["a b", "b c", "c d"])
    # (add_many's own worker and the sealing thread exit after the call.)
    assert threads_once_exited(before + 3) - before <= 3
    ix.add_many(["x y"] * 2000)
    assert threads_once_exited(before + MAX_ADD_THREADS) - before <= MAX_ADD_THREADS
    assert ix.count("x") == 2000
    with pytest.raises(ValueError, match="threads must be in 1..=4096"):
        stichwort.Index(threads=4097)


class RecordingCore:
    """An index's core that records the documents of each add_many batch."""

    def __init__(self, core: object) -> None:
        self.core = core
        self.batches: list[int] = []

    def add_many(self, texts: list[str], *rest: object) -> object:
        self.batches.append(len(texts))
        return self.core.add_many(texts, *rest)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.core, name)


def test_add_many_batches_are_bounded_by_the_memory_budget(tmp_path: Path) -> None:
    # Batches were 4,096 documents whatever their size: 6,000 documents of
    # 100 KB with a budget of 16 MB held two batches of 400 MB (2 GB resident).
    ix = stichwort.Index(tmp_path / "ix", analyzer="simple", memory_budget_mb=1)
    recording = RecordingCore(ix._core)
    ix._core = recording  # type: ignore[assignment]
    doc = " ".join(f"w{i}" for i in range(20_000))  # 128,889 characters
    ids = ix.add_many({"text": doc, "title": "t", "fields": {"n": str(i)}} for i in range(40))
    # A 1 MB budget takes batches of 65,536 characters: each document alone.
    assert recording.batches == [1] * 40
    assert ids.tolist() == list(range(40))
    # Small documents still go 4,096 at a time.
    recording.batches.clear()
    ix.add_many(["kurz"] * 5000)
    assert recording.batches == [4096, 904]
    assert ix.count("w19999") == 40 and ix.count("kurz") == 5000


def segment_ids_on_disk(path: Path) -> set[str]:
    return {f.name.split(".")[0] for f in path.iterdir() if f.name.startswith("seg-")}


def test_segments_merged_before_a_commit_leave_no_files(tmp_path: Path) -> None:
    # Merged-away segments stayed on disk until the commit: 30,000 documents
    # with a 1 MB budget left 523 segments' files, 2.6 times the index.
    path = tmp_path / "ix"
    ix = stichwort.Index(path, analyzer="simple", memory_budget_mb=1)
    ix.add_many(f"doc{i} " + " ".join(f"w{(i * 7 + j) % 5000}" for j in range(200)) for i in range(30_000))
    segments = ix.stats()["num_segments"]
    assert len(segment_ids_on_disk(path)) == segments < 30
    # Documents taken back empty a segment: its files go too.
    with pytest.raises(ValueError, match="document 1"):
        ix.add_many(["neu", {"txt": "kaputt"}])
    assert len(segment_ids_on_disk(path)) == ix.stats()["num_segments"]
    ix.commit()
    ix.close()
    reader = stichwort.Index.open(path)
    assert reader.num_docs == 30_000 and reader.count("neu") == 0
    assert [reader.count(f"doc{i}") for i in (0, 17_017, 29_999)] == [1, 1, 1]
    assert len(segment_ids_on_disk(path)) == reader.stats()["num_segments"]
