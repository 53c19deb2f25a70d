"""Start ``stichwort serve`` in a subprocess and put load on it (for the tests and the service benchmark).

Example:
    >>> with ServerProcess("news-ix") as server:  # doctest: +SKIP
    ...     result = run_load(server.url, [("/search", {"q": "nato"})] * 2000, clients=16)
    ...     print(result.summary())
    2,000 requests, 16 clients: 850 req/s, p50 15.2 ms, p95 30.1 ms, 0 errors
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

__all__ = ["LoadResult", "ServerProcess", "run_load"]

_READY = re.compile(r"stichwort: serving .* on (http://\S+)")


class ServerProcess:
    """``stichwort serve PATH --port 0 ARGS`` in a subprocess; ``url`` once it listens.

    Output goes to files (never a pipe that could fill up and block the server).
    """

    def __init__(self, path: str | os.PathLike[str], *args: str, env: dict[str, str] | None = None,
                 start_timeout: float = 120.0) -> None:
        self._logs = tempfile.TemporaryDirectory(prefix="stichwort-serve-")
        self.stdout_path = Path(self._logs.name) / "stdout"
        self.stderr_path = Path(self._logs.name) / "stderr"
        cmd = [sys.executable, "-m", "stichwort.cli", "serve", os.fspath(path), "--port", "0", "--log-level", "warning",
               *args]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        self.url = self._wait_ready(start_timeout)

    def _wait_ready(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = _READY.search(self.stdout_path.read_text(encoding="utf-8", errors="replace"))
            if m:
                return m.group(1)
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}: {self.stderr()}")
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"the server did not start within {timeout:g} s: {self.stderr()}")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """SIGTERM (graceful), SIGKILL if it does not end; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._logs.cleanup()
        return self.proc.returncode

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class LoadResult:
    """Latencies (seconds) of every request, the wall time, and the failures."""

    clients: int
    latencies: np.ndarray
    seconds: float
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def percentile(self, p: float) -> float:
        return float(np.percentile(self.latencies, p)) if self.requests else 0.0

    def summary(self) -> str:
        return (f"{self.requests:,} requests, {self.clients} clients: {self.throughput:,.0f} req/s, "
                f"p50 {self.percentile(50) * 1000:.1f} ms, p95 {self.percentile(95) * 1000:.1f} ms, "
                f"{len(self.errors)} errors")


def run_load(url: str, requests: Sequence[tuple[str, dict[str, Any]]], clients: int) -> LoadResult:
    """Sends ``requests`` (GET path, query parameters) from ``clients`` threads, each with its own connection.

    Every request must answer 200; anything else is recorded in ``errors``.
    """
    latencies = np.zeros(len(requests))
    errors: list[str] = []
    next_index = iter(range(len(requests)))
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while True:
                with lock:
                    i = next(next_index, None)
                if i is None:
                    return
                path, params = requests[i]
                start = time.perf_counter()
                try:
                    r = http.get(path, params=params)
                    if r.status_code != 200:
                        errors.append(f"{path} {params}: {r.status_code} {r.text[:200]}")
                except httpx.HTTPError as e:
                    errors.append(f"{path} {params}: {type(e).__name__} {e}")
                latencies[i] = time.perf_counter() - start

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadResult(clients, latencies, time.perf_counter() - start, errors)
