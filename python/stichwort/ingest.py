"""Resumable bulk indexing: what ``stichwort index`` runs.

Sources are read in the order given and committed every ``commit_every``
documents. After each commit a small JSON sidecar (``ingest.json`` in the
index folder) records, per source, how many of its documents are committed
and how many documents the index held then (a zip archive is one source: its
members' documents, in name order, are one sequence). A rerun after an interruption
skips what is committed: the sidecar's counts, plus any documents that a
commit made durable just before the process died and the sidecar could be
written (the index's own document count tells how many those are). That
correction is written to the sidecar together with the index's count, so a
rerun that is itself interrupted before its first commit does not add it twice.
The sidecar also keeps a digest of each source's committed texts: a rerun on a
source whose first documents are no longer those (an export made anew, sorted
differently) is an error rather than a resume that skips the wrong documents,
and so is a rerun that reads such a source with another encoding (the error
names the one to resume with).

Reading and parsing a source runs in a background thread, so Python work
overlaps the engine's (which runs without the GIL).

Example:
    >>> import tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "ix")
    >>> ingest(["synth:3"], out, analyzer="simple", progress=False).added
    3
    >>> ingest(["synth:3"], out, progress=False).added   # already there
    0
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from stichwort.corpus import Document, DocumentStream, read_corpus
from stichwort.index import Index

__all__ = ["IngestResult", "SIDECAR", "ingest", "prefetch", "source_key"]

#: Name of the progress sidecar inside the index folder.
SIDECAR = "ingest.json"
#: Documents handed to the engine per call (and per progress-bar update).
BLOCK = 2048


@dataclass
class IngestResult:
    """What one ``ingest`` run did: documents added and skipped (already committed) per source."""

    added: int = 0
    skipped: int = 0
    bad_lines: int = 0
    per_source: dict[str, int] = field(default_factory=dict)


def source_key(spec: str) -> str:
    """The name under which a source's progress is kept: absolute path, or ``synth:...`` as given."""
    return spec if spec.startswith("synth:") else str(Path(spec).resolve())


def prefetch(items: Iterable[Any], block: int, depth: int = 2) -> Iterator[list[Any]]:
    """Lists of up to ``block`` items, produced by a background thread ``depth`` lists ahead.

    An exception in the producer is re-raised in the consumer.

    Example:
        >>> [len(b) for b in prefetch(range(5), 2)]
        [2, 2, 1]
    """
    q: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            it = iter(items)
            while not stop.is_set():
                chunk = list(islice(it, block))
                if not chunk:
                    break
                q.put(("items", chunk))
            q.put(("end", None))
        except BaseException as e:  # handed to the consumer, which re-raises it
            q.put(("error", e))

    threading.Thread(target=produce, name="stichwort-prefetch", daemon=True).start()
    try:
        while True:
            kind, value = q.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        while not q.empty():  # unblock a producer waiting on a full queue
            q.get_nowait()


def _digest(h: Any, docs: Iterable[Document]) -> None:
    for doc in docs:
        h.update(doc["text"].encode("utf-8", "surrogatepass"))
        h.update(b"\0")


def _skip_committed(stream: DocumentStream, skip: int, recorded: dict[str, Any] | None, spec: str, out: str | os.PathLike[str]) -> Any:
    """Reads past a source's ``skip`` committed documents; returns the SHA-256 of their texts.

    Resuming by count is right only while the source's first documents are the ones
    indexed (new ones at its end are fine): checked against ``recorded``, the digest of
    the first ``recorded["docs"]`` documents written at the last commit. Read with another
    encoding they may be other texts (then the error says so) or the same (ASCII: fine).
    """
    h = hashlib.sha256()
    for n in range(skip + 1):
        if recorded is not None and n == recorded["docs"] and h.hexdigest() != recorded["sha256"]:
            break
        if n == skip:
            return h
        doc = next(stream, None)
        if doc is None:
            break
        _digest(h, [doc])
    was = recorded.get("encoding", "utf-8") if recorded else None  # sidecars before the option: UTF-8
    if was is not None and stream.encoding is not None and was != stream.encoding:
        raise ValueError(
            f"{spec} was read as {was} when {skip:,} of its documents were indexed into {out}; read as "
            f"{stream.encoding} they are other texts, so resuming would skip the wrong ones: resume with "
            f"the encoding {was} (--encoding {was}), or index it into a new folder"
        )
    raise ValueError(
        f"{spec} changed since {skip:,} of its documents were indexed into {out}: they are not its first "
        f"{skip:,} documents now, so resuming would skip the wrong ones; index it into a new folder"
    )


def _read_sidecar(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"sources": {}, "index_docs": 0, "current": None, "digests": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        data = None

    def count(v: Any) -> bool:
        return type(v) is int and v >= 0

    def digest(v: Any) -> bool:
        return (isinstance(v, dict) and count(v.get("docs")) and isinstance(v.get("sha256"), str)
                and isinstance(v.get("encoding", ""), (str, type(None))))

    # Every value the resume logic reads, checked, so a damaged file is
    # this error rather than a TypeError deep inside.
    if not (
        isinstance(data, dict)
        and isinstance(data.get("sources"), dict)
        and all(isinstance(k, str) and count(v) for k, v in data["sources"].items())
        and count(data.get("index_docs", 0))
        and (data.get("current") is None or isinstance(data.get("current"), str))
        and isinstance(data.setdefault("digests", {}), dict)  # absent in sidecars of earlier versions
        and all(isinstance(k, str) and digest(v) for k, v in data["digests"].items())
    ):
        # (Deleting only the sidecar would make a rerun add every source again.)
        raise ValueError(
            f"{path} is damaged, so what is committed per source is unknown; "
            "delete the index folder and index from scratch"
        )
    return data


def _write_sidecar(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    # The rename must be durable before the next commit is: an old sidecar after a
    # crash would credit that commit's documents to the wrong source.
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reconcile(state: dict[str, Any], num_docs: int) -> None:
    """Brings the sidecar's counts in line with an index holding ``num_docs`` documents.

    Documents committed after the sidecar was last written belong to the source then in
    progress. The index's count is recorded with them, so that reconciling again (after a
    rerun that stopped before its first commit) finds nothing more to add.

    Example:
        >>> state = {"sources": {"a": 3000}, "index_docs": 3000, "current": "a"}
        >>> _reconcile(state, 4000); _reconcile(state, 4000); state["sources"], state["index_docs"]
        ({'a': 4000}, 4000)
    """
    lost = num_docs - int(state.get("index_docs", 0))
    if lost > 0 and state.get("current") in state["sources"]:
        state["sources"][state["current"]] += lost
    state["index_docs"] = num_docs


def ingest(
    sources: Sequence[str],
    out: str | os.PathLike[str],
    *,
    analyzer: str = "german",
    memory_budget_mb: int = 512,
    threads: int | None = None,
    commit_every: int = 10_000,
    progress: bool = True,
    strict: bool = False,
    encoding: str = "utf-8",
) -> IngestResult:
    """Indexes ``sources`` (paths or ``synth:N[:seed]``) into the folder ``out``, resumably.

    ``encoding`` is the codec of the text sources (see ``stichwort.corpus.read_corpus``).

    Raises:
        FileNotFoundError, ValueError: a source cannot be opened, its committed documents
            changed or are read with another encoding now, or the encoding is unknown.
        ImportError: a ``.zst`` source without the zstandard package.
        CorpusError: with ``strict=True``, the first bad line; a damaged compressed file or zip
            archive, or an encrypted zip member.
        IndexLockedError: another writer holds ``out``.
    """
    if not isinstance(commit_every, int) or commit_every < 1:
        raise ValueError(f"commit_every must be a positive int, not {commit_every!r}")
    # Every source opened first: a bad path or encoding fails before anything is indexed.
    streams = [(source_key(s), read_corpus(s, encoding=encoding, strict=strict)) for s in sources]
    sidecar = Path(out) / SIDECAR
    result = IngestResult()
    with Index(out, analyzer=analyzer, memory_budget_mb=memory_budget_mb, threads=threads) as ix:
        state = _read_sidecar(sidecar)
        done: dict[str, int] = state["sources"]
        _reconcile(state, ix.num_docs)
        _write_sidecar(sidecar, state)
        bar = None
        if progress:
            from tqdm.auto import tqdm  # type: ignore[import-untyped]

            bar = tqdm(unit="docs", desc="indexing", smoothing=0.1)
        try:
            for spec, (key, stream) in zip(sources, streams):
                skip = done.get(key, 0)
                digest = _skip_committed(stream, skip, state["digests"].get(key), spec, out)
                done[key] = skip
                state["current"] = key
                _write_sidecar(sidecar, state)
                result.skipped += skip
                pending = 0
                for chunk in prefetch(stream, BLOCK):
                    while chunk:  # commits land exactly on multiples of commit_every
                        part, chunk = chunk[: commit_every - pending], chunk[commit_every - pending :]
                        ix.add_many(part)
                        _digest(digest, part)
                        pending += len(part)
                        if bar is not None:
                            bar.update(len(part))
                        if pending == commit_every:
                            _commit(ix, sidecar, state, key, pending, digest, stream.encoding)
                            result.added += pending
                            pending = 0
                _commit(ix, sidecar, state, key, pending, digest, stream.encoding)
                result.added += pending
                result.per_source[key] = done[key]
                result.bad_lines += stream.skipped
        finally:
            if bar is not None:
                bar.close()
    return result


def _commit(ix: Index, sidecar: Path, state: dict[str, Any], key: str, pending: int, digest: Any,
            encoding: str | None) -> None:
    """Commits, then records the new counts (the index first, so the sidecar never runs ahead)."""
    ix.commit()
    state["sources"][key] += pending
    state["index_docs"] = ix.num_docs
    state["digests"][key] = {"docs": state["sources"][key], "sha256": digest.hexdigest(), "encoding": encoding}
    _write_sidecar(sidecar, state)
