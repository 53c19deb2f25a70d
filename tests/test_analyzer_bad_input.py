"""Bad input to the analyzer: clear errors, never a crash."""

from __future__ import annotations

import os

import pytest
from conftest import threads_once_exited

import stichwort
from stichwort import _core

ANALYZERS = [
    stichwort.Analyzer("simple"),
    stichwort.Analyzer("german", stopwords=True, fold_umlauts=True),
]


@pytest.mark.parametrize("a", ANALYZERS)
@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["a"], 3.5])
def test_non_str_is_type_error(a: stichwort.Analyzer, bad: object) -> None:
    with pytest.raises(TypeError, match="must be str"):
        a.terms(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be str"):
        a.tokenize(bad)  # type: ignore[arg-type]


def test_batch_type_errors() -> None:
    a = ANALYZERS[0]
    with pytest.raises(TypeError, match=r"texts\[1\] must be str"):
        a.terms_batch(["ok", 1])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        a.terms_batch("not a list")
    with pytest.raises(TypeError):
        a.terms_batch(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threads"):
        a.terms_batch(["x"], threads=0)
    with pytest.raises(TypeError):
        a.terms_batch(["x"], threads="2")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not bool"):
        a.terms_batch(["x"], threads=True)
    with pytest.raises(ValueError, match=r"1\.\.=4096, not 1000000"):
        a.terms_batch(["x"], threads=10**6)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc")
def test_batches_of_many_sizes_keep_few_pools() -> None:
    # Each distinct `threads` once started a pool that lived forever.
    a = ANALYZERS[0]
    before = len(os.listdir("/proc/self/task"))
    for k in range(1, 41):
        assert a.terms_batch(["x y"] * 50, threads=k) == [["x", "y"]] * 50
    # At most four pools of at most 40 threads are kept (a dropped pool's
    # threads exit on their own, soon after: waited for, not timed).
    assert threads_once_exited(before + 4 * 40) - before <= 4 * 40
    # More threads than texts: as many as there are texts.
    before = len(os.listdir("/proc/self/task"))
    assert a.terms_batch(["x"], threads=4000) == [["x"]]
    assert len(os.listdir("/proc/self/task")) - before <= 1


def test_constructor_errors() -> None:
    with pytest.raises(ValueError, match='"simple", "german"'):
        stichwort.Analyzer("english")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        stichwort.Analyzer(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        stichwort.Analyzer("german", stem="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="simple analyzer takes no options"):
        stichwort.Analyzer("simple", stem=True)
    with pytest.raises(TypeError):
        stichwort.Analyzer("german", True)  # type: ignore[misc]


@pytest.mark.parametrize("a", ANALYZERS)
def test_lone_surrogates_name_the_offset(a: stichwort.Analyzer) -> None:
    for text, offset in [("\ud800", 0), ("abc\udfffx", 3), ("äöü€😀\ud83d", 5)]:
        with pytest.raises(ValueError, match=f"lone surrogate at offset {offset}") as e:
            a.terms(text)
        assert not isinstance(e.value, UnicodeError)
        with pytest.raises(ValueError, match=f"offset {offset}"):
            a.tokenize(text)
    with pytest.raises(ValueError, match=r"texts\[1\] contains a lone surrogate at offset 1"):
        a.terms_batch(["ok", "x\udc00"])


@pytest.mark.parametrize("a", ANALYZERS)
def test_empty_and_whitespace(a: stichwort.Analyzer) -> None:
    for text in ["", " ", "\t\n\r\x0b\x0c", "\u3000\u00a0\u2028", "---...,,,"]:
        assert a.terms(text) == [] and a.tokenize(text) == []


@pytest.mark.parametrize("a", ANALYZERS)
def test_control_zero_width_and_rtl(a: stichwort.Analyzer) -> None:
    text = "\x00Wien\x01\x7f\u200bGraz\u200d\ufeff\u202eשלום\u200fعربي\u061c\U0010ffff\U000e0001"
    toks = a.tokenize(text)
    assert len(toks) == 4
    assert [text[t.start : t.end] for t in toks] == ["Wien", "Graz", "שלום", "عربي"]


def test_fifty_megabytes() -> None:
    unit = "Die Regierung in Wien beschließt am 18. Januar 3,5 Prozent mehr für Straßen. "
    text = unit * (50_000_000 // len(unit.encode()) + 1)
    assert len(text.encode()) >= 50_000_000
    a = stichwort.Analyzer("german")
    terms = a.terms(text)
    per_unit = a.terms(unit)
    assert len(terms) == len(per_unit) * (len(text) // len(unit))
    assert terms[-len(per_unit) :] == per_unit
    last = a.tokenize(text)[-1]
    assert text[last.start : last.end] == "Straßen" and last.end == len(text) - 2


def test_panic_becomes_internal_error() -> None:
    with pytest.raises(stichwort.InternalError, match="deliberate panic"):
        _core._panic_for_test()
    assert stichwort.Analyzer("simple").terms("still works") == ["still", "works"]
