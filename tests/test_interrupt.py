"""Ctrl-C during a call: a KeyboardInterrupt once the call returns, never a
Rust panic. numpy's C API used to load while the first result of a process
was converted, and a pending interrupt made that fail inside the conversion
(pyo3's PanicException, which is not even an Exception)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import stichwort

SCRIPT = textwrap.dedent(
    """
    import _thread, sys, threading, time
    import stichwort
    ix = stichwort.Index.open(sys.argv[1], readonly=True)
    t0 = time.perf_counter()
    ix.count("a* AND b*")  # no numpy in the result: the first array is the batch's
    per_query = time.perf_counter() - t0
    queries = ["a* AND b*"] * max(20, int(2.0 / max(per_query, 1e-6)))  # about 2 s
    fired = []
    def interrupt():
        fired.append(time.perf_counter())
        _thread.interrupt_main()
    threading.Timer(0.2, interrupt).start()
    try:
        ix.search_batch(queries, limit=10)
        print("no interrupt")
    except KeyboardInterrupt:
        print("KeyboardInterrupt", "during" if fired and fired[0] < time.perf_counter() else "after")
    except BaseException as e:
        print("BUG", type(e).__module__, type(e).__name__)
    """
)


def test_ctrl_c_during_the_first_array_result_is_a_keyboard_interrupt(tmp_path):
    # Built here, opened in a process whose first numpy result is the batch's.
    with stichwort.Index(tmp_path / "ix", analyzer="simple") as ix:
        ix.add_many(" ".join(f"a{i % 997} b{i % 13}" for i in range(k, k + 300)) for k in range(3000))
        ix.commit()
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "ix")], capture_output=True, text=True, timeout=600)
    assert out.stdout.strip().startswith("KeyboardInterrupt"), out.stdout + out.stderr
