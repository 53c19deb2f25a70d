"""The index at scale: threads, memory and disk a big call may take."""

from __future__ import annotations

import os

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
