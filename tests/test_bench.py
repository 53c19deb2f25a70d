"""``stichwort bench`` end to end on a tiny corpus, with the backends installed here."""

from __future__ import annotations

import json

import pytest

from stichwort import backends
from stichwort.bench import BANDS, CorpusStats, draw_queries, run_bench, run_worker
from stichwort.cli import main

WORDS = "regierung sitzung gemeinsame berlin wien nato minister haushalt wahl gericht".split()


def _docs(n: int) -> list[dict[str, str]]:
    # Word i appears in documents whose number is divisible by i + 1: a spread of document frequencies.
    return [{"text": " ".join(w for i, w in enumerate(WORDS) if d % (i + 1) == 0) + " ende"} for d in range(n)]


def test_draw_queries_is_deterministic_and_banded():
    stats = CorpusStats()
    stats.sampled = 1000
    for i, w in enumerate(WORDS):
        stats.term_df[w] = 1000 // (i + 1)
    stats.term_df["selten"] = 2
    stats.bigram_df[("gemeinsame", "sitzung")] = 30
    a = draw_queries(stats, per_band=3, seed=1)
    assert a == draw_queries(stats, per_band=3, seed=1)
    assert set(a) == {"term", "and", "or", "phrase", "cooc"}
    assert set(a["term"]) == set(BANDS)
    assert a["term"]["rare"] == [("term", "selten", None)]
    assert {t[1] for t in a["term"]["frequent"]} <= set(WORDS[:10])
    assert a["phrase"]["medium"] == [("phrase", ["gemeinsame", "sitzung"], 0, None)]


def test_run_bench_end_to_end(tmp_path):
    wanted = [b for b in ("sqlite", "tantivy", "bm25s") if b in backends.available()]
    report = run_bench(
        _docs(300), backends=[*wanted, "python"], workloads=["build", "term", "and", "phrase", "cooc"],
        repeat=2, out=tmp_path, progress=False, echo=False, chart="tantivy" in wanted,
    )  # fmt: skip
    sw = report["stichwort"]
    assert sw["corpus"]["docs"] == 300
    assert sw["reference"] == wanted[0]
    for name in wanted:
        entry = sw["backends"][name]
        assert entry["status"] == "ok", entry
        assert entry["build"]["docs_per_s"] > 0 and entry["build"]["peak_rss_mb"] > 0
        assert "term-top10" in entry["latency"]
    if "python" not in backends.available():
        assert sw["backends"]["python"]["status"] == "skipped"
    sqlite = sw["backends"]["sqlite"]
    assert sqlite["build"]["size_mb"] > 0
    assert "unsupported" in sqlite["latency"]["cooc-top50"]
    if "tantivy" in wanted:
        # On plain ASCII words the two agree exactly.
        agree = sw["agreement"]["tantivy"]
        assert agree["term"]["jaccard_min"] == 1.0 and agree["and"]["jaccard_min"] == 1.0
        assert (tmp_path / "bench.png").stat().st_size > 0
    saved = json.loads((tmp_path / "bench.json").read_text())
    assert {"machine_info", "commit_info", "benchmarks"} <= set(saved)
    bench = next(b for b in saved["benchmarks"] if b["group"] == "term-count")
    assert bench["stats"]["rounds"] == len(bench["stats"]["data"]) > 0
    assert bench["stats"]["min"] <= bench["stats"]["median"] <= bench["stats"]["max"]
    # The build ran `repeat` times, each into a fresh folder; only the last index is kept.
    build = next(b for b in saved["benchmarks"] if b["name"] == "build[sqlite]")
    assert build["stats"]["rounds"] == len(build["stats"]["data"]) == sqlite["build"]["runs"] == 2
    assert sqlite["build"]["seconds"] == pytest.approx(build["stats"]["median"])
    assert sorted(p.name for p in (tmp_path / "index-sqlite").iterdir()) == ["build-1"]


def test_worker_builds_repeat_times_within_budget(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in _docs(50)), encoding="utf-8")
    queries = tmp_path / "queries.json"
    queries.write_text("{}", encoding="utf-8")
    kwargs = {"workloads": ["build"], "threads": None, "progress": False}
    report = run_worker("python", corpus, queries, tmp_path / "w3", tmp_path / "r3.json", repeat=3, **kwargs)
    assert len(report["build_runs"]) == 3
    assert report["build_s"] == sorted(report["build_runs"])[1]
    assert report["num_docs"] == 50 and report["build_rss_mb"] > 0
    assert report["stats"]["num_docs"] == 50
    # Past the time budget the build is not repeated.
    monkeypatch.setattr("stichwort.bench.BUILD_BUDGET_S", 0.0)
    report = run_worker("python", corpus, queries, tmp_path / "w1", tmp_path / "r1.json", repeat=3, **kwargs)
    assert report["build_runs"] == [report["build_s"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--backends", "sqlite,elastic"], "unknown backend 'elastic'; valid: native, python"),
        (["--workloads", "term,fuzzy"], "unknown workload 'fuzzy'; valid: build, term"),
        (["--repeat", "0"], "repeat must be"),
    ],
)
def test_cli_rejects_bad_names(tmp_path, capsys, args, message):
    assert main(["bench", "--out", str(tmp_path), *args]) == 2
    assert message in capsys.readouterr().err
