"""Durability: a writer killed with SIGKILL at random moments (while adding,
flushing, merging or committing) leaves an index that opens at its last
commit, with everything of that commit and nothing of a later one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import stichwort

sys.path.insert(0, str(Path(__file__).parent))
from index_child import deleted, text  # noqa: E402

CHILD = Path(__file__).parent / "index_child.py"


def spawn(path: Path, log: Path, batch: int = 300) -> subprocess.Popen[bytes]:
    with open(str(log) + ".err", "wb") as err:
        return subprocess.Popen([sys.executable, str(CHILD), str(path), str(log), str(batch)], stderr=err)


def wait_for_start(log: Path, child: subprocess.Popen[bytes]) -> None:
    for _ in range(2000):
        if log.exists() and log.stat().st_size > 0:
            return
        if child.poll() is not None:
            raise AssertionError(Path(str(log) + ".err").read_text())
        time.sleep(0.005)
    raise AssertionError("child did not start")


def check(path: Path, log: Path) -> int:
    lines = log.read_text().split()
    committed = [int(v) for k, v in zip(lines[::2], lines[1::2]) if k == "committed"]
    attempts = [int(v) for k, v in zip(lines[::2], lines[1::2]) if k == "committing"]
    last = committed[-1] if committed else 0
    allowed = {last} | ({attempts[-1]} if attempts and attempts[-1] > last else set())
    ix = stichwort.Index.open(path)
    ids, _ = ix.postings("alle")
    expected = [i for i in range(max(allowed)) if not deleted(i)]
    # Every live id below the committed count, in order, and nothing else.
    got = ids.tolist()
    assert got == expected[: len(got)]
    total = [t for t in allowed if [i for i in range(t) if not deleted(i)] == got]
    assert total, f"index has {len(got)} live docs; log allows totals {allowed}"
    assert ix.num_docs == len(got)
    for i in random.Random(len(got)).sample(got, min(5, len(got))):
        d = ix.document(i)
        assert d["text"] == text(i) and d["title"] == f"titel {i}" and d["fields"] == {"k": str(i % 3)}
    assert ix.doc_freq("gemeinsam") == len(got)
    assert ix.stats()["vocab_size"] >= min(len(got), 1)
    ix.close()
    # The writer can reopen it and go on.
    w = stichwort.Index(path, analyzer="simple")
    w.add("danach")
    w.commit()
    w.close()
    # Scratch parts of a merge killed midway are removed with other orphans.
    assert not [p.name for p in path.iterdir() if p.name.endswith(".part")]
    return len(got)


def kill_run(tmp_path: Path, seed: int, batch: int = 300) -> None:
    rng = random.Random(seed)
    path, log = tmp_path / f"ix{seed}", tmp_path / f"log{seed}"
    child = spawn(path, log, batch)
    wait_for_start(log, child)
    time.sleep(rng.uniform(0.0, 1.5))
    child.send_signal(signal.SIGKILL)
    child.wait()
    check(path, log)


@pytest.mark.parametrize("seed", range(8))
def test_kill_at_random_points(tmp_path: Path, seed: int) -> None:
    kill_run(tmp_path, seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(8, 60))
def test_kill_sweep(tmp_path: Path, seed: int) -> None:
    kill_run(tmp_path, seed)


@pytest.mark.parametrize("seed", range(100, 104))
def test_kill_while_a_segment_seals_in_the_background(tmp_path: Path, seed: int) -> None:
    # Batches of 6,000 under the child's 1 MB budget fill the builder
    # (27 % of the budget, ~2,800 of these documents) twice a batch, so
    # most moments of add_many have a segment sealing on the background
    # thread while the next builder fills.
    kill_run(tmp_path, seed, batch=6000)


def test_second_writer_in_another_process_is_locked(tmp_path: Path) -> None:
    path, log = tmp_path / "ix", tmp_path / "log"
    child = spawn(path, log)
    try:
        wait_for_start(log, child)
        with pytest.raises(stichwort.IndexLockedError):
            stichwort.Index(path, analyzer="simple")
        # Readers are not locked out, and see a consistent commit.
        r = stichwort.Index.open(path)
        ids, tfs = r.postings("gemeinsam")
        assert np.all(tfs == 1) and ids.size == r.num_docs
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    stichwort.Index(path, analyzer="simple").close()  # the lock dies with the process


# A writer whose disk fills up: files larger than RLIMIT_FSIZE fail with
# EFBIG (SIGXFSZ ignored), in a child so that the limit stays there.
DISK_FULL = r"""
import resource, signal, sys
import stichwort

path, what = sys.argv[1], sys.argv[2]
ix = stichwort.Index(path, analyzer="simple")
ix.add_many(f"erste {i}" for i in range(2000))
ix.commit()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (100, resource.RLIM_INFINITY))
if what == "segment":
    ix.add_many(f"zweite {i}" for i in range(500))
else:
    ix.delete(7)
    ix.delete(1500)
try:
    ix.commit()
    sys.exit("the commit did not fail")
except OSError as e:
    assert e.errno == 27, e  # EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
if what == "segment":
    # The added documents are gone with the failed segment: no later call
    # may commit the index as if they had been written.
    for call in (ix.commit, lambda: ix.add("x"), lambda: ix.delete(0), lambda: ix.search("erste")):
        try:
            call()
            sys.exit(f"{call} went on after the lost segment")
        except ValueError as e:
            assert "documents 2000..2499 were lost" in str(e), e
else:
    ix.commit()  # the deletes were kept for the retry
ix.close()
print("ok")
"""


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize("what", ["segment", "deletes"])
def test_a_failed_write_loses_nothing_silently(tmp_path: Path, what: str) -> None:
    path = tmp_path / "ix"
    out = subprocess.run([sys.executable, "-c", DISK_FULL, str(path), what], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
    ix = stichwort.Index.open(path)
    if what == "segment":
        assert ix.num_docs == 2000 and ix.count("zweite") == 0
    else:
        assert ix.num_docs == 1998 and ix.match("erste").tolist() == [i for i in range(2000) if i not in (7, 1500)]
    ix.close()
    with stichwort.Index(path, analyzer="simple") as w:
        assert w.add("danach") == 2000  # ids never committed are handed out again
