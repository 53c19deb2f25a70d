"""A process forked after `import stichwort` (multiprocessing's default on
Linux) gets a working thread pool: nothing starts the pool at import; one
forked after co-occurrence shared work with helper threads counts alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import stichwort

CHILD = textwrap.dedent(
    """
    import os
    import stichwort

    pid = os.fork()
    if pid == 0:
        ix = stichwort.Index(analyzer="simple")
        ix.add_many([{"text": f"nato tagt {i} die eu und die nato"} for i in range(3000)])
        ix.commit()
        c = ix.cooccurrence("nato", window=2, top=3, measure="count")
        os._exit(0 if c.terms and len(ix.search("nato", limit=5)) == 5 else 1)
    _, status = os.waitpid(pid, 0)
    sys_exit = os.waitstatus_to_exitcode(status)
    raise SystemExit(sys_exit)
    """
)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork on this platform")
def test_a_child_forked_after_import_can_index_and_count() -> None:
    # (Run in its own interpreter: a hang fails by the timeout, not pytest.)
    done = subprocess.run([sys.executable, "-c", CHILD], timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


AFTER_HELPERS = textwrap.dedent(
    """
    import os, sys
    import stichwort

    ix = stichwort.Index(sys.argv[1])
    # Large enough to be shared with helper threads, which a child lacks.
    parent = ix.cooccurrence("nato", window=2, top=5, measure="count")
    pid = os.fork()
    if pid == 0:
        child = ix.cooccurrence("nato", window=2, top=5, measure="count")
        same = child.terms == parent.terms and child.f_xy.tolist() == parent.f_xy.tolist()
        os._exit(0 if same and parent.terms else 1)
    _, status = os.waitpid(pid, 0)
    raise SystemExit(os.waitstatus_to_exitcode(status))
    """
)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork on this platform")
def test_a_child_forked_after_shared_counting_counts_alone(tmp_path: Path) -> None:
    ix = stichwort.Index(tmp_path / "ix", analyzer="simple")
    for _ in range(3):  # several segments
        ix.add_many([{"text": f"nato tagt {i} die eu und die nato"} for i in range(2000)])
        ix.commit()
    ix.close()
    done = subprocess.run(
        [sys.executable, "-c", AFTER_HELPERS, str(tmp_path / "ix")], timeout=120, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
