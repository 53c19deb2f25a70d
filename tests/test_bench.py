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
    ],
)
def test_cli_rejects_bad_names(tmp_path, capsys, args, message):
    assert main(["bench", "--out", str(tmp_path), *args]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--repeat", "0"], "argument --repeat: 0 is less than 1"),
        (["--per-band", "-1"], "argument --per-band: -1 is less than 1"),
        (["--threads", "0"], "argument --threads: 0 is less than 1"),
        (["--seed", "1_0"], "argument --seed: '1_0' is not an integer"),
        (["--corpus", "synth:0"], "generates no articles"),
    ],
)
@pytest.mark.parametrize("entry", ["stichwort", "python -m stichwort.bench"])
def test_bad_option_values_are_usage_errors(tmp_path, capsys, args, message, entry):
    import stichwort.bench

    argv = ["--out", str(tmp_path), *args]
    with pytest.raises(SystemExit) as e:
        main(["bench", *argv]) if entry == "stichwort" else stichwort.bench.main(argv)
    assert e.value.code == 2 and message in capsys.readouterr().err


def _corpus_file(tmp_path, texts):
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    return str(path)


def test_corpus_too_small_for_any_query_is_a_clear_error(tmp_path, capsys):
    corpus = _corpus_file(tmp_path, ["Ein einziger Artikel über Wien."])
    args = ["bench", "--corpus", corpus, "--backends", "python", "--out", str(tmp_path / "b"), "--no-progress", "--no-chart"]
    assert main([*args, "--repeat", "1"]) == 2
    assert "too small to draw queries" in capsys.readouterr().err
    assert main([*args, "--repeat", "1", "--workloads", "build"]) == 0
    out = capsys.readouterr().out
    assert "python" in out and "agreement" not in out  # no table of blank rows


def test_workloads_without_queries_are_named_and_not_shown_as_zero(tmp_path, capsys):
    # Every word is in 2+ documents, but no two-word sequence is: no phrase queries.
    corpus = _corpus_file(tmp_path, ["wien berlin", "berlin graz", "graz wien"])
    with pytest.warns(UserWarning, match=r"no phrase queries: too few"):
        report = run_bench(corpus, backends=["native", "python"], workloads=["build", "term", "phrase"], repeat=1,
                           out=tmp_path / "b", progress=False, chart=False)
    batch_rows = capsys.readouterr().out.split("batch queries/s")[1].splitlines()
    assert [row.split()[-1] for row in batch_rows[2:4]] == ["-", "-"]  # the phrase column: not run, not 0
    assert report["stichwort"]["agreement"]["python"]["term"]["jaccard_mean"] == 1.0


def test_exit_1_when_no_backend_ran(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(backends, "available", lambda: [])
    corpus = _corpus_file(tmp_path, [d["text"] for d in _docs(40)])
    assert main(["bench", "--corpus", corpus, "--backends", "native,sqlite", "--out", str(tmp_path / "b"),
                 "--no-progress", "--no-chart", "--repeat", "1"]) == 1
    assert "stichwort: error: no backend ran (native: skipped, sqlite: skipped)" in capsys.readouterr().err
