"""Resumable ``stichwort index`` under repeated interruptions: real subprocesses
killed at varied points, and the sequences in which a rerun is itself interrupted
before its first commit. After the final run every source document must be in
the index exactly once and in source order."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import stichwort
from stichwort.corpus import CorpusWarning, synthetic_news
from stichwort.ingest import SIDECAR, _write_sidecar, ingest

CLI = [sys.executable, "-m", "stichwort.cli", "index"]


def index(*args: str, code: int = 0) -> str:
    """Runs ``stichwort index ARGS --no-progress`` to its end; returns stdout."""
    proc = subprocess.run([*CLI, *args, "--no-progress"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == code, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc.stdout


def texts(path: Path) -> list[str]:
    with stichwort.Index.open(path) as ix:
        return [ix.document(i)["text"] for i in range(ix.num_docs)]


def write_docs(path: Path, n: int, broken: int | None = None) -> None:
    """``n`` JSON lines ``Dokument w{i}``; line ``broken`` (0-based) is not JSON."""
    lines = ("BROKEN" if i == broken else json.dumps({"text": f"Dokument w{i}"}) for i in range(n))
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def died_before_sidecar(out: Path, committed: int) -> None:
    """Rewrites the sidecar as if the process died after committing its current
    source's document ``committed``, before recording the next commit."""
    sidecar = out / SIDECAR
    state = json.loads(sidecar.read_text())
    state["sources"][state["current"]] -= state["index_docs"] - committed
    state["index_docs"] = committed
    sidecar.write_text(json.dumps(state))


def test_sidecar_write_is_durable_file_then_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new sidecar's bytes, then its rename (the folder), reach the disk before the
    next commit can: otherwise a crash could bring back a sidecar naming an older source."""
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    _write_sidecar(tmp_path / SIDECAR, {"sources": {}, "index_docs": 0, "current": None})
    assert synced == ["file", "folder"]
    assert json.loads((tmp_path / SIDECAR).read_text())["index_docs"] == 0
    assert [p.name for p in tmp_path.iterdir()] == [SIDECAR]


def test_rerun_that_fails_before_its_first_commit_keeps_the_correction(tmp_path: Path) -> None:
    """The audit's reproducer: the second run fails on the same bad line before committing."""
    src, out = tmp_path / "f.jsonl", tmp_path / "ix"
    write_docs(src, 5000, broken=4500)
    args = (str(src), "--out", str(out), "--commit-every", "1000", "--strict")
    index(*args, code=1)  # 4,000 committed and recorded
    died_before_sidecar(out, 3000)
    index(*args, code=1)
    state = json.loads((out / SIDECAR).read_text())
    assert (state["index_docs"], state["sources"][state["current"]]) == (4000, 4000)
    write_docs(src, 5000)
    assert "added 1,000 documents" in index(*args)
    assert texts(out) == [f"Dokument w{i}" for i in range(5000)]


def test_rerun_killed_before_its_first_commit_keeps_the_correction(tmp_path: Path) -> None:
    """The same with SIGKILL: the source is a FIFO nobody writes to, so the rerun
    reconciles, writes the sidecar and then waits for input that never comes."""
    src, out = tmp_path / "f.jsonl", tmp_path / "ix"
    write_docs(src, 4000)
    index(str(src), "--out", str(out), "--commit-every", "1000")
    died_before_sidecar(out, 3000)
    before = (out / SIDECAR).read_text()
    src.unlink()
    os.mkfifo(src)
    child = subprocess.Popen([*CLI, str(src), "--out", str(out), "--no-progress"], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while (out / SIDECAR).read_text() == before:  # until the rerun's first write
            assert child.poll() is None and time.monotonic() < deadline, "the rerun never wrote the sidecar"
            time.sleep(0.01)
    finally:
        child.kill()
        child.wait()
    assert stichwort.Index.open(out).num_docs == 4000
    src.unlink()
    write_docs(src, 5000)
    assert "added 1,000 documents" in index(str(src), "--out", str(out), "--commit-every", "1000")
    assert texts(out) == [f"Dokument w{i}" for i in range(5000)]


def test_rerun_on_a_source_exported_anew_is_an_error_not_a_wrong_resume(tmp_path: Path) -> None:
    """A rerun skips a source's first N documents: after the export was made anew with the
    newest articles first, those are other documents, and the old ones would come again."""
    src, out = tmp_path / "f.jsonl", tmp_path / "ix"
    write_docs(src, 30)
    args = (str(src), "--out", str(out), "--commit-every", "10")
    index(*args)
    lines = [json.dumps({"text": f"Neu {i}"}) + "\n" for i in range(5)]
    src.write_text("".join(lines) + src.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run([*CLI, *args, "--no-progress"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1
    assert f"stichwort: error: {src} changed since 30 of its documents were indexed" in proc.stderr
    assert texts(out) == [f"Dokument w{i}" for i in range(30)]


def test_rerun_after_new_documents_at_the_end_adds_them(tmp_path: Path) -> None:
    src, out = tmp_path / "f.jsonl", tmp_path / "ix"
    write_docs(src, 25)
    args = (str(src), "--out", str(out), "--commit-every", "10")
    index(*args)
    write_docs(src, 40)
    assert "added 15 documents" in index(*args)
    assert texts(out) == [f"Dokument w{i}" for i in range(40)]


def test_rerun_on_a_source_corrected_within_its_committed_part(tmp_path: Path) -> None:
    """Stopped by a bad line after 4 commits, then a committed document's text is corrected:
    the source is no longer what was committed (fixing the bad line alone is fine, see above)."""
    from stichwort.ingest import ingest

    src, out = tmp_path / "f.jsonl", tmp_path / "ix"
    write_docs(src, 5000, broken=4500)
    index(str(src), "--out", str(out), "--commit-every", "1000", "--strict", code=1)  # 4,000 committed
    docs = [f"Dokument w{i}" for i in range(5000)]
    docs[3] = "Dokument w3, korrigiert"
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in docs), encoding="utf-8")
    with pytest.raises(ValueError, match="changed since 4,000 of its documents"):
        ingest([str(src)], out, commit_every=1000, progress=False)
    assert texts(out) == [f"Dokument w{i}" for i in range(4000)]


def write_zip(path: Path, members: dict[str, list[str]]) -> None:
    """A zip of JSON Lines members, each the given texts (a line ``BROKEN`` is not JSON)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, lines in members.items():
            archive.writestr(name, "".join(t if t == "BROKEN" else json.dumps({"text": t}) + "\n" for t in lines))


def test_zip_resumes_across_its_members_without_duplicates(tmp_path: Path) -> None:
    """A zip is one source: its documents, member after member, are counted as one
    sequence, so a rerun resumes exactly also when the commit fell in a later member."""
    src, out = tmp_path / "export.zip", tmp_path / "ix"
    a, b = [f"A{i}" for i in range(2500)], [f"B{i}" for i in range(4000)]
    write_zip(src, {"b.jsonl": [*b[:3000], "BROKEN", *b[3000:]], "a.jsonl": a})
    args = (str(src), "--out", str(out), "--commit-every", "1000", "--strict")
    proc = subprocess.run([*CLI, *args, "--no-progress"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1 and f"stichwort: error: {src}/b.jsonl:3001: bad JSON" in proc.stderr
    died_before_sidecar(out, 3000)  # 4,000 committed (a.jsonl, 1,500 of b.jsonl), 3,000 recorded
    write_zip(src, {"b.jsonl": b, "a.jsonl": a})  # the bad line fixed
    assert "added 2,500 documents" in index(*args)
    assert texts(out) == a + b
    assert json.loads((out / SIDECAR).read_text())["sources"] == {str(src.resolve()): 6500}


def test_zip_rerun_reads_new_members_named_after_the_committed_ones_only(tmp_path: Path) -> None:
    src, out = tmp_path / "export.zip", tmp_path / "ix"
    write_zip(src, {"2024.jsonl": ["alt"] * 20})
    args = (str(src), "--out", str(out), "--commit-every", "10")
    index(*args)
    write_zip(src, {"2024.jsonl": ["alt"] * 20, "2025.jsonl": ["neu"] * 5})
    assert "added 5 documents" in index(*args)
    write_zip(src, {"2023.jsonl": ["älter"] * 3, "2024.jsonl": ["alt"] * 20, "2025.jsonl": ["neu"] * 5})
    with pytest.raises(ValueError, match=f"{src} changed since 25 of its documents were indexed"):
        ingest([str(src)], out, progress=False)
    assert texts(out) == ["alt"] * 20 + ["neu"] * 5


def write_cp1252(path: Path, n: int, ascii_every: int = 0) -> list[str]:
    """``n`` JSON lines in Windows-1252 with umlauts and €, except every ``ascii_every``-th; returns the texts."""
    docs = [f"Bericht {i}" if ascii_every and i % ascii_every == 0 else f"Bericht {i}: Grüße für 5 €" for i in range(n)]
    path.write_bytes("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in docs).encode("cp1252"))
    return docs


def test_rerun_with_the_encoding_of_the_first_run_resumes_with_another_is_an_error(tmp_path: Path) -> None:
    src, out = tmp_path / "w.jsonl", tmp_path / "ix"
    write_cp1252(src, 25)
    assert ingest([str(src)], out, commit_every=10, progress=False, encoding="cp1252").added == 25
    docs = write_cp1252(src, 40)
    # Read as UTF-8, every line is a bad line: the committed documents are not there.
    with pytest.warns(CorpusWarning), pytest.raises(ValueError, match=(
        rf"{src} was read as cp1252 when 25 of its documents were indexed into {out}; read as utf-8 they are "
        r"other texts, so resuming would skip the wrong ones: resume with the encoding cp1252 \(--encoding cp1252\)"
    )):
        ingest([str(src)], out, commit_every=10, progress=False)
    result = ingest([str(src)], out, commit_every=10, progress=False, encoding="Windows-1252")  # the same codec
    assert (result.skipped, result.added) == (25, 15)
    assert texts(out) == docs


def test_a_utf8_run_that_skipped_cp1252_lines_cannot_be_resumed_as_cp1252(tmp_path: Path) -> None:
    """The first run warned about the umlaut lines and indexed the others; read as cp1252
    now, the source has documents before those: resuming by count would skip them."""
    src, out = tmp_path / "w.jsonl", tmp_path / "ix"
    docs = write_cp1252(src, 30, ascii_every=3)
    with pytest.warns(CorpusWarning) as caught:
        assert ingest([str(src)], out, commit_every=4, progress=False).added == 10
    assert "--encoding cp1252" in str(caught[0].message)
    # As a sidecar of an earlier version, which read everything as UTF-8, has it.
    state = json.loads((out / SIDECAR).read_text())
    assert [d.pop("encoding") for d in state["digests"].values()] == ["utf-8"]
    (out / SIDECAR).write_text(json.dumps(state))
    with pytest.raises(ValueError, match=r"was read as utf-8 when 10 of .* resume with the encoding utf-8"):
        ingest([str(src)], out, progress=False, encoding="cp1252")
    assert texts(out) == docs[::3]


def test_an_ascii_source_resumes_under_any_encoding(tmp_path: Path) -> None:
    # Its texts are the same either way, so the committed ones are skipped rightly.
    src, out = tmp_path / "f.jsonl", tmp_path / "ix"
    write_docs(src, 20)
    ingest([str(src)], out, commit_every=10, progress=False)
    write_docs(src, 30)
    assert ingest([str(src)], out, commit_every=10, progress=False, encoding="cp1252").added == 10
    assert texts(out) == [f"Dokument w{i}" for i in range(30)]
    assert json.loads((out / SIDECAR).read_text())["digests"][str(src.resolve())]["encoding"] == "cp1252"

def version(path: Path) -> tuple[int, int] | None:
    """Tells one write of ``path`` from the next (an inode number alone may be reused)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def sidecar_writes(sidecar: Path, child: subprocess.Popen[bytes], n: int, timeout: float = 60) -> None:
    """Waits until the child replaced ``sidecar`` ``n`` times (each write is a new file) or ended."""
    seen, last = 0, version(sidecar)
    deadline = time.monotonic() + timeout
    while seen < n and child.poll() is None and time.monotonic() < deadline:
        now = version(sidecar)
        if now != last:
            seen, last = seen + 1, now
        time.sleep(0.001)


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "zipped"), [(0, False), (1, False), (2, False), (3, True), (4, True)])
def test_repeated_kills_at_varied_points(tmp_path: Path, seed: int, zipped: bool) -> None:
    """Runs killed (mostly SIGKILL, sometimes Ctrl-C) after a random number of
    sidecar writes plus a random delay: before, between and right after commits,
    and across the switch from one source to the next (``zipped``: from one member
    of a zip to the next)."""
    rng = random.Random(seed)
    sources = [("synth:500:1", 500, 1), ("synth:700:2", 700, 2)]
    specs = [spec for spec, _, _ in sources]
    if zipped:
        specs = [str(tmp_path / "export.zip")]
        with zipfile.ZipFile(specs[0], "w", zipfile.ZIP_DEFLATED) as archive:
            for _, n, seed_of in sources:
                archive.writestr(f"teil-{seed_of}.jsonl", "".join(json.dumps(d) + "\n" for d in synthetic_news(n, seed_of)))
    opts = [*specs, "--out", str(tmp_path / "ix"), "--commit-every", "100", "--analyzer", "simple"]
    for _ in range(6):
        child = subprocess.Popen([*CLI, *opts, "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            sidecar_writes(tmp_path / "ix" / SIDECAR, child, rng.randint(0, 6))
            time.sleep(rng.uniform(0, 0.05))
            child.send_signal(rng.choice([signal.SIGKILL, signal.SIGKILL, signal.SIGINT]))
        finally:
            child.wait()
    index(*opts)
    assert texts(tmp_path / "ix") == [d["text"] for _, n, seed in sources for d in synthetic_news(n, seed)]


@pytest.mark.parametrize(
    "junk",
    ["", "{not json", "[]", "3", '{"sources": 3}', '{"sources": {"a": -5}}', '{"sources": {}, "index_docs": "a"}',
     '{"sources": {"a": 1.5}}', '{"sources": {}, "current": 7}', b"\xff\xfe".decode("latin-1"),
     '{"sources": {}, "digests": {"a": {"docs": 1, "sha256": "0", "encoding": 7}}}'],
)
def test_damaged_sidecar_is_named(tmp_path: Path, junk: str) -> None:
    """Any damaged ingest.json is the one error naming it (never a TypeError
    from inside), and the index is left as it was."""
    from stichwort.ingest import ingest

    src = tmp_path / "a.jsonl"
    write_docs(src, 3)
    out = tmp_path / "ix"
    ingest([str(src)], out)
    (out / SIDECAR).write_text(junk, encoding="latin-1")
    with pytest.raises(ValueError, match=f"{SIDECAR} is damaged"):
        ingest([str(src)], out)
    assert texts(out) == [f"Dokument w{i}" for i in range(3)]
