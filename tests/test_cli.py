"""The command line, run as a subprocess: every command, exit codes, one-line
errors, and resumable indexing after the process is killed mid-way."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

import stichwort
from stichwort.corpus import synthetic_news
from stichwort.ingest import SIDECAR

N_DOCS = 400

needs_query = pytest.mark.skipif(not hasattr(stichwort.Index, "search"), reason="query execution is not merged yet")
needs_cooc = pytest.mark.skipif(not hasattr(stichwort.Index, "cooccurrence"), reason="co-occurrence is not merged yet")


def run(*args: str, code: int | None = 0, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs ``stichwort ARGS``; checks the exit code unless ``code`` is None."""
    env = {**os.environ, **(env or {}), "PYTHONWARNINGS": "default"}
    proc = subprocess.run(
        [sys.executable, "-m", "stichwort.cli", *args],
        capture_output=True,
        encoding=env.get("PYTHONIOENCODING", "utf-8"),
        env=env,
        timeout=600,
    )
    if code is not None:
        assert proc.returncode == code, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The single ``stichwort: error: ...`` line on stderr (and no traceback)."""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("stichwort: error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "ix"
    proc = run("index", f"synth:{N_DOCS}", "--out", str(out), "--no-progress", "--commit-every", "150")
    assert f"added {N_DOCS:,} documents" in proc.stdout
    return out


@pytest.fixture(scope="module")
def ix(index_dir: Path) -> stichwort.Index:
    return stichwort.Index.open(index_dir)


def as_json(proc: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(proc.stdout)


# -- help and usage ---------------------------------------------------------------
COMMANDS = ["demo", "index", "search", "count", "phrase", "cooc", "kwic", "stats", "bench", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_examples(command: str) -> None:
    out = run(command, "--help").stdout
    assert f"usage: stichwort {command}" in out
    assert "examples:" in out and f"stichwort {command}" in out.split("examples:")[1]


def test_top_level_help_lists_every_command() -> None:
    out = run("--help").stdout
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["search", "only-a-dir"],
        ["search", "ix", "q", "--limit", "0"],
        ["search", "ix", "q", "--limit", "many"],
        ["search", "ix", "q", "--from", "2020-13-01"],
        ["search", "ix", "q", "--filter", "no-equals-sign"],
        ["cooc", "ix", "t", "--window", "51"],
        ["cooc", "ix", "t", "--measure", "magic"],
        ["kwic", "ix", "q", "--width", "-1"],
        ["index", "synth:10"],
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    line = one_error_line(run(*args, code=2))
    assert "--help" in line


def test_bench_usage_error_is_one_line(tmp_path: Path) -> None:
    line = one_error_line(run("bench", "--corpus", "synth:10", "--backends", "nope", "--out", str(tmp_path / "b"), code=2))
    assert "unknown backend 'nope'" in line


@pytest.mark.parametrize(("encoding", "message"), [("klingon", "unknown encoding 'klingon'"),
                                                   ("utf-16", "encoding 'utf-16' cannot be read line by line")])
def test_an_encoding_the_readers_cannot_use_is_a_usage_error(tmp_path: Path, encoding: str, message: str) -> None:
    line = one_error_line(run("index", "synth:3", "--out", str(tmp_path / "ix"), "--encoding", encoding, code=2))
    assert message in line and "--help" in line
    assert not (tmp_path / "ix").exists()
    line = one_error_line(run("bench", "--corpus", "synth:3", "--encoding", encoding, "--out", str(tmp_path / "b"),
                              code=2))
    assert message in line


def test_from_after_to_is_a_usage_error(index_dir: Path) -> None:
    line = one_error_line(run("count", str(index_dir), "x", "--from", "2022-01-01", "--to", "2021-01-01", code=2))
    assert "after" in line


def test_writable_serve_needs_a_token(index_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "STICHWORT_TOKEN"}
    proc = subprocess.run([sys.executable, "-m", "stichwort.cli", "serve", str(index_dir), "--writable"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert "token" in one_error_line(proc)


# -- runtime errors ----------------------------------------------------------------
def test_missing_index_is_exit_1(tmp_path: Path) -> None:
    line = one_error_line(run("stats", str(tmp_path / "nothing"), code=1))
    assert "nothing" in line


def test_folder_that_is_not_an_index_is_exit_1(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hallo")
    one_error_line(run("stats", str(tmp_path), code=1))


def test_damaged_index_is_exit_1(tmp_path: Path, index_dir: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in index_dir.iterdir():
        if f.name != "LOCK":
            (broken / f.name).write_bytes(f.read_bytes())
    manifest = broken / "MANIFEST"
    manifest.write_bytes(manifest.read_bytes()[:20])
    one_error_line(run("stats", str(broken), code=1))


@needs_query
def test_bad_query_is_exit_1_naming_the_position(index_dir: Path) -> None:
    line = one_error_line(run("search", str(index_dir), "feuerwehr AND (", code=1))
    assert "position" in line


def test_serve_missing_index_is_exit_1(tmp_path: Path) -> None:
    line = one_error_line(run("serve", str(tmp_path / "nothing"), "--port", "0", code=1))
    assert "nothing" in line


def test_locked_index_is_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "ix"
    with stichwort.Index(out, analyzer="simple"):
        line = one_error_line(run("index", "synth:5", "--out", str(out), "--no-progress", code=1))
    assert "locked" in line


def test_missing_source_is_exit_1(tmp_path: Path) -> None:
    line = one_error_line(run("index", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "ix"), code=1))
    assert "nope.jsonl" in line


# -- query commands ----------------------------------------------------------------
def test_stats(index_dir: Path, ix: stichwort.Index) -> None:
    got = as_json(run("stats", str(index_dir), "--json"))
    assert {k: got[k] for k in ix.stats()} == ix.stats()
    assert got["num_docs"] == N_DOCS and got["analyzer"].startswith("german")
    text = run("stats", str(index_dir)).stdout
    assert f"num_docs       {N_DOCS:,}" in text


@needs_query
def test_search_json_matches_the_api(index_dir: Path, ix: stichwort.Index) -> None:
    got = as_json(run("search", str(index_dir), "feuerwehr AND unfall", "--limit", "7", "--json"))
    hits = ix.search("feuerwehr AND unfall", limit=7)
    assert got["total"] == hits.total > 7
    assert [h["id"] for h in got["hits"]] == hits.ids.tolist()
    assert [h["score"] for h in got["hits"]] == pytest.approx(hits.scores.tolist())
    first = got["hits"][0]
    assert first["title"] == ix.document(first["id"])["title"]
    assert "«" in first["snippet"]


@needs_query
def test_search_text_shows_titles_and_snippets(index_dir: Path, ix: stichwort.Index) -> None:
    out = run("search", str(index_dir), "feuerwehr", "--limit", "3").stdout
    hits = ix.search("feuerwehr", limit=3)
    assert f"{hits.total:,} documents match" in out
    for doc_id in hits.ids.tolist():
        assert f"[{doc_id}]" in out
        assert ix.document(doc_id)["title"].split()[0] in out
    assert out.count("«") >= 3


@needs_query
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_output_on_a_terminal_that_cannot_show_german_text(index_dir: Path, ix: stichwort.Index, encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding}
    got = as_json(run("search", str(index_dir), "straße OR bürger", "--limit", "5", "--json", env=env))
    hits = ix.search("straße OR bürger", limit=5)
    assert [h["title"] for h in got["hits"]] == [ix.document(i)["title"] for i in hits.ids.tolist()]
    assert any(not h["snippet"].isascii() for h in got["hits"])
    text = run("search", str(index_dir), "straße OR bürger", "--limit", "5", env=env).stdout
    assert text.count("«") + text.count("\\xab") >= 5
    kwic = run("kwic", str(index_dir), "straße", "--limit", "3", env=env).stdout
    assert len(kwic.splitlines()) == 3

@needs_query
def test_search_filters(index_dir: Path, ix: stichwort.Index) -> None:
    got = as_json(run("search", str(index_dir), "polizei", "--filter", "section=Panorama", "--from", "2005-01-01",
                      "--to", "2020-12-31", "--limit", "1000", "--json", "--no-snippets"))
    flt = stichwort.Filter(date_from="2005-01-01", date_to="2020-12-31", fields={"section": "Panorama"})
    assert got["total"] == ix.search("polizei", limit=1, filter=flt).total > 0
    assert got["total"] < ix.count("polizei")
    for h in got["hits"]:
        assert h["fields"]["section"] == "Panorama" and "2005-01-01" <= h["date"] <= "2020-12-31"
        assert "snippet" not in h


@needs_query
def test_count(index_dir: Path, ix: stichwort.Index) -> None:
    assert int(run("count", str(index_dir), "feuerwehr OR polizei").stdout) == ix.count("feuerwehr OR polizei")
    got = as_json(run("count", str(index_dir), "polizei", "--filter", "section=Panorama", "--json"))
    assert got["count"] == ix.count(stichwort.And(stichwort.parse("polizei"), stichwort.FieldValue("section", "Panorama")))


@needs_query
def test_phrase(index_dir: Path, ix: stichwort.Index) -> None:
    got = as_json(run("phrase", str(index_dir), "nach", "angaben", "der", "polizei", "--top", "3", "--json"))
    ids, counts = ix.phrase_counts(["nach", "angaben", "der", "polizei"])
    assert got["occurrences"] == int(counts.sum()) > 0 and got["documents"] == len(ids)
    assert [r["count"] for r in got["top"]] == sorted(counts.tolist(), reverse=True)[:3]
    out = run("phrase", str(index_dir), "nach", "angaben", "der", "polizei").stdout
    assert f"{int(counts.sum()):,} occurrences in {len(ids):,} documents" in out


@needs_cooc
def test_cooc(index_dir: Path, ix: stichwort.Index) -> None:
    got = as_json(run("cooc", str(index_dir), "feuerwehr", "--window", "3", "--top", "8", "--measure", "llr",
                      "--min-count", "1", "--json"))
    want = ix.cooccurrence("feuerwehr", window=3, top=8, measure="llr", min_count=1)
    assert [c["term"] for c in got["collocates"]] == want.terms
    assert [c["f_xy"] for c in got["collocates"]] == want.f_xy.tolist()
    assert got["f_x"] == want.f_x
    out = run("cooc", str(index_dir), "feuerwehr", "--top", "5").stdout
    assert "logdice" in out and len(out.splitlines()) == 2 + 5
    # Each row starts with the word as the articles write it, then the term.
    terms = ix.cooccurrence("feuerwehr", top=5).terms
    rows = [line.split()[:2] for line in out.splitlines()[2:]]
    assert rows == [[w, t] for w, t in zip(ix.surface_forms(terms), terms)]


@needs_query
def test_kwic(index_dir: Path, ix: stichwort.Index) -> None:
    got = as_json(run("kwic", str(index_dir), '"schwer verletzt"', "--limit", "5", "--width", "30", "--json"))
    want = ix.kwic('"schwer verletzt"', width=30, limit=5)
    assert [(line["id"], line["match"]) for line in got["lines"]] == [(c.doc_id, c.match) for c in want]
    out = run("kwic", str(index_dir), '"schwer verletzt"', "--limit", "5").stdout
    assert out.count("[schwer verletzt]") == 5


# -- index ------------------------------------------------------------------------
def test_index_every_source_kind_and_rerun_adds_nothing(tmp_path: Path) -> None:
    docs = list(synthetic_news(30, seed=3))
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs[:10]) + "{broken\n", encoding="utf-8")
    with (tmp_path / "b.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "date", "text", "section"])
        for d in docs[10:20]:
            w.writerow([d["title"], d["date"], d["text"], d["fields"]["section"]])
    folder = tmp_path / "texts"
    folder.mkdir()
    for i, d in enumerate(docs[20:]):
        (folder / f"{i:02}.txt").write_text(d["text"], encoding="utf-8")
    out = tmp_path / "ix"
    sources = [str(jsonl), str(tmp_path / "b.csv"), str(folder)]
    proc = run("index", *sources, "--out", str(out), "--no-progress", "--analyzer", "simple", "--threads", "1",
               "--memory", "64")
    assert "added 30 documents" in proc.stdout and "1 bad lines skipped" in proc.stdout
    warnings = [line for line in proc.stderr.splitlines() if "a.jsonl:11" in line]
    assert len(warnings) == 1 and warnings[0].startswith("stichwort: warning: ")
    ix = stichwort.Index.open(out)
    assert ix.num_docs == 30 and ix.analyzer_spec.startswith("simple")
    assert [ix.document(i)["text"] for i in range(30)] == [d["text"] for d in docs]
    assert ix.document(12)["title"] == docs[12]["title"] and ix.document(12)["fields"]["section"] == docs[12]["fields"]["section"]
    ix.close()
    again = run("index", *sources, "--out", str(out), "--no-progress")
    assert "added 0 documents" in again.stdout and "skipped 30" in again.stdout
    assert stichwort.Index.open(out).num_docs == 30


def test_index_a_cp1252_export_with_the_encoding_and_zst(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    texts = ["Über „Spaß“ für 5 € – Straße", "Größere Öffnung… ‚ja‘"]
    csv_file = tmp_path / "s.csv"  # as Excel on Windows saves "CSV": semicolons, cp1252
    csv_file.write_bytes(("title;text\r\n" + "".join(f'Grüße;"{t}"\r\n' for t in texts)).encode("cp1252"))
    zst = tmp_path / "n.jsonl.zst"
    zst.write_bytes(zstandard.ZstdCompressor().compress(
        "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts).encode("cp1252")))
    sources, out = [str(csv_file), str(zst)], tmp_path / "ix"
    proc = run("index", *sources, "--out", str(out), "--no-progress", "--encoding", "cp1252")
    assert "added 4 documents" in proc.stdout and "bad lines" not in proc.stdout
    with stichwort.Index.open(out) as ix:
        assert [ix.document(i)["text"] for i in range(4)] == texts * 2
        assert ix.document(0)["title"] == "Grüße"
    # Without the option, UTF-8 as before: the lines are skipped, and the warning names the option.
    proc = run("index", *sources, "--out", str(tmp_path / "utf8"), "--no-progress")
    assert "added 0 documents" in proc.stdout and "4 bad lines skipped" in proc.stdout
    assert "--encoding cp1252" in proc.stderr.splitlines()[0]


def test_index_a_zip_export_and_a_damaged_zip_is_exit_1(tmp_path: Path) -> None:
    docs = list(synthetic_news(10, seed=6))
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for i, d in enumerate(docs[6:]):
            z.writestr(f"texte/{i:02}.txt", d["text"])
        z.writestr("__MACOSX/._a.jsonl", b"\x00\x05\x16\x07")
        z.writestr("a.jsonl", "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs[:6]) + "{broken\n")
    out = tmp_path / "ix"
    proc = run("index", str(archive), "--out", str(out), "--no-progress", "--analyzer", "simple")
    assert "added 10 documents" in proc.stdout and "1 bad lines skipped" in proc.stdout
    assert proc.stderr.startswith(f"stichwort: warning: skipped {archive}/a.jsonl:7: bad JSON")
    with stichwort.Index.open(out) as ix:
        assert [ix.document(i)["text"] for i in range(10)] == [d["text"] for d in docs]
        assert ix.document(6)["fields"]["file"] == "texte/00.txt"
    assert "added 0 documents" in run("index", str(archive), "--out", str(out), "--no-progress").stdout
    archive.write_bytes(archive.read_bytes()[:-30])  # a download cut short
    line = one_error_line(run("index", str(archive), "--out", str(out), "--no-progress", code=1))
    assert f"{archive}: not a zip archive, or a damaged or truncated one" in line


@pytest.mark.parametrize("reverse", [False, True], ids=["unquoted-first", "quoted-first"])
def test_index_10kgnad_rows_quoted_or_not(tmp_path: Path, reverse: bool) -> None:
    rows = ["Sport;Rapid gewinnt in Wien.\n", "Web;'Neues Video, viral'\n"]
    expected = [("Sport", "Rapid gewinnt in Wien."), ("Web", "Neues Video, viral")]
    if reverse:
        rows, expected = rows[::-1], expected[::-1]
    source = tmp_path / "g.csv"
    source.write_text("".join(rows), encoding="utf-8")
    proc = run("index", str(source), "--out", str(tmp_path / "ix"), "--no-progress", "--analyzer", "simple")
    assert "added 2 documents" in proc.stdout and proc.stderr == ""
    with stichwort.Index.open(tmp_path / "ix") as ix:
        assert [(ix.document(i)["fields"]["section"], ix.document(i)["text"]) for i in range(2)] == expected


def test_index_out_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("nicht überschreiben")
    line = one_error_line(run("index", "synth:3", "--out", str(taken), "--no-progress", code=2))
    assert line == f"stichwort: error: --out {taken} is a file, not an index folder; name a folder (it is created if missing)"
    line = one_error_line(run("index", "synth:3", "--out", str(taken / "ix"), "--no-progress", code=2))
    assert line == (f"stichwort: error: --out {taken / 'ix'}: {taken} is a file, not a folder; "
                    "name a folder (it is created if missing)")
    line = one_error_line(run("demo", "--docs", "5", "--out", str(taken), "--no-progress", code=2))
    assert "is a file, not an index folder" in line
    assert taken.read_text() == "nicht überschreiben"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_index_a_folder_warns_about_the_corpus_files_it_skips(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "a.txt").write_text("Erste Meldung aus Wien.", encoding="utf-8")
    (folder / "b.txt").write_text("Zweite Meldung aus Graz.", encoding="utf-8")
    (folder / "news.csv").write_text("text\nNicht gelesen.\n", encoding="utf-8")
    (folder / "news.jsonl").write_text('{"text": "Nicht gelesen."}\n', encoding="utf-8")
    with zipfile.ZipFile(folder / "more.zip", "w") as z:
        z.writestr("c.txt", "Nicht gelesen.")
    (folder / "README.md").write_text("kein Korpus", encoding="utf-8")
    out = tmp_path / "ix"
    proc = run("index", str(folder), "--out", str(out), "--no-progress", "--analyzer", "simple")
    assert "added 2 documents" in proc.stdout and "bad lines" not in proc.stdout
    assert proc.stderr.splitlines() == [
        f"stichwort: warning: {folder}: a folder is read as its .txt files; skipped 3 other corpus files in it "
        "(more.zip, news.csv, news.jsonl): to index them, name them as sources of their own"
    ]
    with stichwort.Index.open(out) as ix:
        assert [ix.document(i)["text"] for i in range(ix.num_docs)] == ["Erste Meldung aus Wien.", "Zweite Meldung aus Graz."]
    # Named as sources of their own, they are read.
    proc = run("index", str(folder / "news.csv"), str(folder / "news.jsonl"), "--out", str(tmp_path / "ix2"),
               "--no-progress", "--analyzer", "simple")
    assert "added 2 documents" in proc.stdout and proc.stderr == ""


def test_zst_without_zstandard_is_exit_1_saying_how_to_get_it(tmp_path: Path) -> None:
    (tmp_path / "zstandard.py").write_text("raise ImportError('not installed here')\n")
    source = tmp_path / "n.jsonl.zst"
    source.write_bytes(b"\x28\xb5\x2f\xfd")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    line = one_error_line(run("index", str(source), "--out", str(tmp_path / "ix"), code=1, env=env))
    assert "pip install zstandard" in line


def _titles(path: Path) -> list[str]:
    ix = stichwort.Index.open(path)
    return [ix.document(i)["title"] for i in range(ix.num_docs)]


def test_index_resumes_after_kill(tmp_path: Path) -> None:
    n = 3000
    out = tmp_path / "ix"
    args = [sys.executable, "-m", "stichwort.cli", "index", f"synth:{n}:5", "--out", str(out), "--no-progress",
            "--commit-every", "250", "--analyzer", "simple"]
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sidecar = out / SIDECAR
    try:
        for _ in range(60_000):  # until at least one commit is recorded (bounded: the child may finish)
            if child.poll() is not None:
                break
            if sidecar.exists() and json.loads(sidecar.read_text()).get("index_docs", 0) > 0:
                break
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    committed = stichwort.Index.open(out).num_docs
    if committed == n:
        pytest.skip("the child finished before it could be killed")  # pragma: no cover - timing
    assert 0 < committed < n and committed % 250 == 0
    proc = run("index", f"synth:{n}:5", "--out", str(out), "--no-progress", "--commit-every", "250")
    assert f"added {n - committed:,} documents" in proc.stdout
    assert _titles(out) == [d["title"] for d in synthetic_news(n, 5)]


def test_index_resumes_when_killed_between_commit_and_sidecar(tmp_path: Path) -> None:
    """A commit that the sidecar does not record yet is found from the index's document count."""
    out = tmp_path / "ix"
    run("index", "synth:40:2", "synth:30:4", "--out", str(out), "--no-progress", "--commit-every", "10")
    sidecar = out / SIDECAR
    state = json.loads(sidecar.read_text())
    # As if the process died right after committing the second source's third batch.
    state["sources"]["synth:30:4"] = 20
    state["index_docs"] = 60
    state["current"] = "synth:30:4"
    sidecar.write_text(json.dumps(state))
    proc = run("index", "synth:40:2", "synth:30:4", "--out", str(out), "--no-progress")
    assert "added 0 documents" in proc.stdout
    want = [d["title"] for d in synthetic_news(40, 2)] + [d["title"] for d in synthetic_news(30, 4)]
    assert _titles(out) == want


def test_damaged_sidecar_is_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "ix"
    run("index", "synth:5", "--out", str(out), "--no-progress")
    (out / SIDECAR).write_text("{not json")
    assert SIDECAR in one_error_line(run("index", "synth:5", "--out", str(out), "--no-progress", code=1))


# -- demo -------------------------------------------------------------------------
@needs_query
@needs_cooc
def test_demo_runs_every_step(tmp_path: Path) -> None:
    out = tmp_path / "demo-ix"
    proc = run("demo", "--docs", "600", "--no-progress", "--out", str(out))
    text = proc.stdout
    for step in ["[1/8] Generate 600", "[2/8] Index statistics", "[3/8] Ranked search", "[4/8] Phrase count",
                 "[5/8] Keyword in context", "[6/8] Collocates", "[7/8] Timeline", "[8/8] Compound query"]:
        assert step in text
    assert text.count("(") > 8 and "done in" in text
    assert "num_docs       600" in text
    assert "[schwer verletzt]" in text and "█" in text
    assert stichwort.Index.open(out).num_docs == 600
    # The kept index answers the CLI.
    assert int(run("count", str(out), "feuerwehr").stdout) > 0


def test_docs_name_the_demo_compound_query() -> None:
    from stichwort.demo import COMPOUND

    docs = (Path(__file__).parents[1] / "docs" / "service.md").read_text(encoding="utf-8")
    section = docs.split("### `stichwort demo`")[1].split("###")[0]
    assert f"compound query: the one word `{COMPOUND}`" in " ".join(section.split())


@needs_query
@needs_cooc
def test_demo_in_a_temporary_folder_cleans_up(tmp_path: Path) -> None:
    env = {"TMPDIR": str(tmp_path)}
    run("demo", "--docs", "200", "--no-progress", env=env)
    assert list(tmp_path.iterdir()) == []


# -- ingest.json, sources, exit codes, strict values, control characters --------------------
def _jsonl(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def test_index_refuses_a_folder_with_documents_but_no_ingest_record(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "r1.jsonl", [{"text": "Artikel eins über Wien"}, {"text": "Artikel zwei über Graz"}])
    out = tmp_path / "ix"
    run("index", str(source), "--out", str(out), "--no-progress")
    (out / SIDECAR).unlink()  # what a user might do with a damaged one
    line = one_error_line(run("index", str(source), "--out", str(out), "--no-progress", code=2))
    assert f"--out {out} already holds an index of 2 documents but no {SIDECAR}" in line and "--append" in line
    assert stichwort.Index.open(out).num_docs == 2
    # --append says to add them anyway; from then on the record is kept and reruns resume.
    assert "added 2 documents" in run("index", str(source), "--out", str(out), "--no-progress", "--append").stdout
    assert "added 0 documents" in run("index", str(source), "--out", str(out), "--no-progress").stdout
    assert stichwort.Index.open(out).num_docs == 4


def test_index_refuses_an_index_built_with_the_api_and_takes_an_empty_one(tmp_path: Path) -> None:
    built, empty = tmp_path / "built", tmp_path / "empty"
    with stichwort.Index(built, analyzer="simple") as ix:
        ix.add_many(["eins", "zwei", "drei"])
        ix.commit()
    stichwort.Index(empty, analyzer="simple").close()
    line = one_error_line(run("index", "synth:5", "--out", str(built), "--no-progress", code=2))
    assert "already holds an index of 3 documents" in line
    assert "added 5 documents" in run("index", "synth:5", "--out", str(empty), "--no-progress").stdout


def test_docs_give_the_advice_of_the_damaged_sidecar_error(tmp_path: Path) -> None:
    out = tmp_path / "ix"
    run("index", "synth:5", "--out", str(out), "--no-progress")
    (out / SIDECAR).write_text("{not json")
    advice = one_error_line(run("index", "synth:5", "--out", str(out), "--no-progress", code=1)).split("; ")[-1]
    assert advice == "delete the index folder and index from scratch"
    docs = " ".join((Path(__file__).parents[1] / "docs" / "service.md").read_text(encoding="utf-8").split())
    assert f"A damaged one is an error that names the file: {advice}." in docs
    assert "delete it to start over" not in docs


#: What Python's int() takes and the command line does not (as the service does not).
LOOSE_INTEGERS = ["1_0", "+3", " 3", "\u0663", "\uff15"]


@pytest.mark.parametrize("value", LOOSE_INTEGERS)
@pytest.mark.parametrize("args", [["search", "IX", "q", "--limit"], ["kwic", "IX", "q", "--width"],
                                  ["cooc", "IX", "t", "--window"], ["phrase", "IX", "w", "--slop"],
                                  ["index", "synth:3", "--out", "OUT", "--commit-every"], ["demo", "--docs", "5", "--seed"],
                                  ["bench", "--corpus", "synth:10", "--backends", "python", "--out", "OUT", "--repeat"],
                                  ["bench", "--corpus", "synth:10", "--backends", "python", "--out", "OUT", "--per-band"],
                                  ["serve", "IX", "--port"]],
                         ids=lambda a: " ".join(a[:1] + a[-1:]) if isinstance(a, list) else None)
def test_integer_options_are_ascii_digits_only(tmp_path: Path, args: list[str], value: str) -> None:
    args = [str(tmp_path / "ix") if a == "IX" else str(tmp_path / "out") if a == "OUT" else a for a in args]
    line = one_error_line(run(*args, value, code=2))
    assert f"argument {args[-1]}: {value!r} is not an integer (ASCII digits 0-9, optionally after a '-')" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["index", "synth:3", "--analyzer", "klingon"], "argument --analyzer: unknown analyzer \"klingon\""),
    (["index", "synth:x"], "argument SOURCE: 'synth:x' is not synth:N or synth:N:SEED with integers"),
    (["index", "synth:1_0"], "argument SOURCE: 'synth:1_0' is not synth:N or synth:N:SEED with integers"),
    (["index", "synth:3:x"], "argument SOURCE: 'synth:3:x' is not synth:N or synth:N:SEED with integers"),
    (["index", "synth:0"], "argument SOURCE: 'synth:0' generates no articles: N must be at least 1"),
    (["index", "synth:-5"], "argument SOURCE: 'synth:-5' generates no articles: N must be at least 1"),
    (["bench", "--corpus", "synth:x"], "argument --corpus: 'synth:x' is not synth:N or synth:N:SEED with integers"),
    (["bench", "--corpus", "synth:0"], "argument --corpus: 'synth:0' generates no articles: N must be at least 1"),
])
def test_bad_argument_values_are_usage_errors_in_every_command(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out"
    line = one_error_line(run(*args, "--out", str(out), "--no-progress", code=2))
    assert message in line and "--help" in line
    assert not out.exists()


def test_a_source_that_is_an_index_folder_is_a_usage_error(tmp_path: Path, index_dir: Path) -> None:
    for args in (["index", str(index_dir)], ["bench", "--corpus", str(index_dir)]):
        line = one_error_line(run(*args, "--out", str(tmp_path / "out"), "--no-progress", code=2))
        assert f"{index_dir} is a stichwort index folder, not a corpus" in line
    assert not (tmp_path / "out").exists()


def test_a_source_without_documents_is_warned_about(tmp_path: Path) -> None:
    empty_folder, empty_file = tmp_path / "empty", tmp_path / "none.jsonl"
    empty_folder.mkdir()
    empty_file.write_text("")
    proc = run("index", str(empty_folder), str(empty_file), "synth:2", "--out", str(tmp_path / "ix"), "--no-progress")
    assert "added 2 documents" in proc.stdout
    assert proc.stderr.splitlines() == [
        f"stichwort: warning: {empty_folder}: no documents (a folder is read as its .txt files, and it has none)",
        f"stichwort: warning: {empty_file}: no documents (it is empty)",
    ]


def test_demo_refuses_an_existing_folder_that_is_not_empty(tmp_path: Path, index_dir: Path) -> None:
    n = stichwort.Index.open(index_dir).num_docs
    line = one_error_line(run("demo", "--docs", "5", "--out", str(index_dir), "--no-progress", code=2))
    assert line == (f"stichwort: error: --out {index_dir} exists and is not empty; the demo creates a new index "
                    "there: name a new folder (or delete this one)")
    assert stichwort.Index.open(index_dir).num_docs == n
    (tmp_path / "notes.txt").write_text("behalten")
    one_error_line(run("demo", "--docs", "5", "--out", str(tmp_path), "--no-progress", code=2))
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


CONTROL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\x7f\x00"
SHOWN = "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x7f\\x00"


@pytest.fixture(scope="module")
def control_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("control")
    doc = {"title": f"Titel {CONTROL} Ende", "date": "2024-05-01", "fields": {"section": f"Wien{CONTROL}"},
           "text": f"Harmlos {CONTROL} Wien {CONTROL} Ende"}
    source = _jsonl(folder / "esc.jsonl", [doc])
    run("index", str(source), "--out", str(folder / "ix"), "--no-progress", "--analyzer", "simple")
    return folder / "ix"


@needs_query
@pytest.mark.parametrize(("args", "shown"), [(["search", "wien"], SHOWN), (["kwic", "wien"], SHOWN),
                                             (["phrase", "wien"], SHOWN), (["stats"], None),
                                             (["search", "wien \x1b\x07\x9b"], "wien \\x1b\\x07\\x9b")],
                         ids=["search", "kwic", "phrase", "stats", "query-echo"])
def test_text_output_escapes_control_characters(control_index: Path, args: list[str], shown: str | None) -> None:
    out = run(args[0], str(control_index), *args[1:]).stdout
    assert shown is None or shown in out
    assert not [c for c in out if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0]


@needs_query
def test_json_output_keeps_control_characters(control_index: Path) -> None:
    hit = as_json(run("search", str(control_index), "wien", "--json"))["hits"][0]
    assert hit["title"] == f"Titel {CONTROL} Ende" and hit["fields"]["section"] == f"Wien{CONTROL}"
