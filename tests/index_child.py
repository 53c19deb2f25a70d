"""Child process of the durability tests: adds, deletes, commits and merges
deterministically until killed, logging each commit before and after."""

from __future__ import annotations

import os
import sys

import stichwort


def text(i: int) -> str:
    return f"doc{i} alle wort{i % 13} gemeinsam " + "füllwort " * (i % 5)


def deleted(i: int) -> bool:
    return i % 7 == 3


def main(path: str, log: str, batch: int) -> None:
    ix = stichwort.Index(path, analyzer="simple", memory_budget_mb=1)
    n = 0
    with open(log, "a", buffering=1) as f:
        while True:
            ids = ix.add_many({"text": text(i), "title": f"titel {i}", "fields": {"k": str(i % 3)}} for i in range(n, n + batch))
            assert ids.tolist() == list(range(n, n + batch))
            for i in range(n, n + batch):
                if deleted(i):
                    ix.delete(i)
            n += batch
            if n % (batch * 5) == 0:
                ix.merge(1)
            f.write(f"committing {n}\n")
            f.flush()
            os.fsync(f.fileno())
            ix.commit()
            f.write(f"committed {n}\n")
            f.flush()
            os.fsync(f.fileno())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
