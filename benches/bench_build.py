"""Index build time per backend, the backends side by side (one round: building is slow)."""

from __future__ import annotations

import pytest

from stichwort import backends
from stichwort.bench import backend_kwargs


def bench_build(benchmark, corpus, backend, tmp_path):
    if backend not in backends.available():
        pytest.skip(f"backend {backend} is not available here")
    benchmark.group = f"build-{corpus.name}"
    benchmark.extra_info.update(backend=backend, docs=len(corpus.docs))
    counter = iter(range(1_000_000))

    def build() -> int:
        kwargs = backend_kwargs(backend)
        if backend in ("native", "tantivy", "sqlite"):
            kwargs["path"] = tmp_path / f"ix{next(counter)}"
        ix = backends.get(backend, **kwargs)
        ix.add_many(corpus.docs)
        ix.commit()
        n = len(ix)
        if hasattr(ix, "close"):
            ix.close()
        return n

    assert benchmark.pedantic(build, rounds=1, iterations=1) == len(corpus.docs)
