"""Analyzer throughput through the Python API on the 10kGNAD articles.

    python -m pytest benches/bench_analysis.py --benchmark-group-by=group \
        --benchmark-columns=min,mean,rounds

MB/s = 2.7 MB of UTF-8 text / time per round (see benches/RESULTS-analysis.md).
Under ``--benchmark-disable`` every function runs once on a few articles.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

import stichwort

# The data helpers of tests/conftest.py, loaded under their own name:
# "conftest" is benches/conftest.py here.
_spec = importlib.util.spec_from_file_location(
    "_tests_conftest", Path(__file__).resolve().parents[1] / "tests" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tests)
GNAD_CSV, read_gnad, require_shared = _tests.GNAD_CSV, _tests.read_gnad, _tests.require_shared

WORD = re.compile(r"[^\W_]+")


def regex_terms(text: str) -> list[str]:
    """The pure-Python reference tokeniser: the regex on NFC text, lowered."""
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


@pytest.fixture(scope="module")
def texts(request: pytest.FixtureRequest) -> list[str]:
    articles = [t for _, t in read_gnad(require_shared(GNAD_CSV))]
    if request.config.getoption("benchmark_disable"):
        return articles[:20]
    return articles


def one_by_one(f: Callable[[str], list[str]], texts: list[str]) -> int:
    return sum(len(f(t)) for t in texts)


@pytest.mark.parametrize("name", ["simple", "german"])
def test_terms(benchmark, texts: list[str], name: str) -> None:
    benchmark.group = f"analysis-{name}"
    a = stichwort.Analyzer(name)  # type: ignore[arg-type]
    assert benchmark(one_by_one, a.terms, texts) > 0


@pytest.mark.parametrize("name", ["simple", "german"])
def test_terms_batch(benchmark, texts: list[str], name: str) -> None:
    benchmark.group = f"analysis-{name}"
    a = stichwort.Analyzer(name)  # type: ignore[arg-type]
    assert len(benchmark(a.terms_batch, texts)) == len(texts)


@pytest.mark.parametrize("name", ["simple", "german"])
def test_python_regex_reference(benchmark, texts: list[str], name: str) -> None:
    benchmark.group = f"analysis-{name}"
    assert benchmark(one_by_one, regex_terms, texts) > 0


@pytest.mark.parametrize("name", ["simple", "german"])
def test_tantivy_tokenizer(benchmark, texts: list[str], name: str) -> None:
    tantivy = pytest.importorskip("tantivy")
    benchmark.group = f"analysis-{name}"
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(
        tantivy.Filter.lowercase()
    )
    if name == "german":
        builder = builder.filter(tantivy.Filter.stemmer("german"))
    analyzer = builder.build()
    assert benchmark(one_by_one, analyzer.analyze, texts) > 0
