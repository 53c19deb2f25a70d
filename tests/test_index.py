"""API behaviour of stichwort.Index: documents, titles, fields, dates,
stored documents, visibility, persistence, argument errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

import stichwort
from stichwort import Index


def small() -> Index:
    ix = Index(analyzer="simple")
    ix.add("Die NATO tagt. Die NATO tagt nicht.", title="NATO-Gipfel", date=dt.date(2024, 5, 1), fields={"section": "Inland"})
    ix.add("Lawrow trifft Blinken", date="2024-05-02", fields={"section": "Ausland"})
    ix.add("nato und mehr nato")
    return ix


def test_postings_positions_and_dtypes() -> None:
    ix = small()
    ids, tfs = ix.postings("nato")
    assert ids.dtype == np.uint32 and tfs.dtype == np.uint32
    assert ids.tolist() == [0, 2] and tfs.tolist() == [2, 2]
    assert ix.positions("nato", 0).tolist() == [1, 4]
    assert ix.positions("nato", 1).dtype == np.uint32 and ix.positions("nato", 1).size == 0
    assert ix.doc_freq("nato") == 2 and ix.coll_freq("nato") == 4
    assert ix.doc_freq("missing") == 0 and ix.postings("missing")[0].size == 0
    assert len(ix) == ix.num_docs == 3


def test_title_is_separate_from_body() -> None:
    ix = small()
    assert ix.doc_freq("gipfel") == 0
    assert ix.postings("title:gipfel")[0].tolist() == [0]
    assert ix.positions("title:gipfel", 0).tolist() == [1]  # positions within the title
    assert ix.stats()["num_tokens"] == 7 + 3 + 4


def test_fields_are_keywords_and_dates_round_trip() -> None:
    ix = small()
    assert ix.postings("\x01section\x1fInland")[0].tolist() == [0]
    assert ix.postings("\x01section\x1fAusland")[0].tolist() == [1]
    d = ix.document(0)
    assert d == {
        "text": "Die NATO tagt. Die NATO tagt nicht.",
        "title": "NATO-Gipfel",
        "date": dt.date(2024, 5, 1),
        "fields": {"section": "Inland"},
    }
    assert ix.document(1)["date"] == dt.date(2024, 5, 2)
    assert ix.document(2) == {"text": "nato und mehr nato", "title": None, "date": None, "fields": {}}


def test_store_off_keeps_fields_and_date() -> None:
    ix = Index(analyzer="simple", store_documents=False)
    ix.add("text", title="t", date="2020-01-01", fields={"a": "b"})
    assert ix.document(0) == {"text": None, "title": None, "date": dt.date(2020, 1, 1), "fields": {"a": "b"}}


def test_stats() -> None:
    s = small().stats()
    assert s == {**s, "num_docs": 3, "num_tokens": 14}
    assert s["vocab_size"] == len({"die", "nato", "tagt", "nicht", "lawrow", "trifft", "blinken", "und", "mehr"})
    assert s["num_segments"] >= 1 and s["size_bytes"] > 0


def test_delete_visible_after_commit(tmp_path: Path) -> None:
    ix = Index(tmp_path / "ix", analyzer="simple")
    ix.add_many(["a b", "b c", "c d"])
    ix.delete(1)
    assert ix.postings("b")[0].tolist() == [0, 1]
    ix.commit()
    assert ix.postings("b")[0].tolist() == [0]
    assert ix.num_docs == 2 and ix.stats()["vocab_size"] == 4
    ix.delete(1)  # again: no error
    with pytest.raises(ValueError, match="7"):
        ix.delete(7)
    with pytest.raises(ValueError):
        ix.document(1)
    assert ix.add("e") == 3  # ids never reused
    ix.commit()
    ix.merge(1)
    ix.commit()
    assert ix.stats()["num_segments"] == 1 and ix.postings("c")[0].tolist() == [2]


def test_persist_reopen_and_reader_snapshots(tmp_path: Path) -> None:
    p = tmp_path / "ix"
    w = Index(p, analyzer="simple")
    w.add_many({"text": f"doc {i} x"} for i in range(100))
    w.commit()
    r = Index.open(p)
    assert r.readonly and r.num_docs == 100
    w.add("neu x")
    w.delete(0)
    w.commit()
    assert r.num_docs == 100 and r.doc_freq("neu") == 0  # snapshot kept
    r.reload()
    assert r.num_docs == 100 and r.doc_freq("neu") == 1 and r.doc_freq("0") == 0
    for bad in (lambda: r.add("x"), r.commit, lambda: r.delete(1)):
        with pytest.raises(ValueError, match="read-only"):
            bad()
    w.close()
    with Index(p) as w2:  # reopens with the stored analyzer
        assert w2.analyzer_spec.startswith("simple") and w2.add("y") == 101


def test_second_writer_is_locked(tmp_path: Path) -> None:
    w = Index(tmp_path / "ix")
    with pytest.raises(stichwort.IndexLockedError):
        Index(tmp_path / "ix")
    w.close()
    Index(tmp_path / "ix").close()


def test_not_an_index_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match="not a stichwort index"):
        Index(tmp_path)
    with pytest.raises(ValueError, match="not a stichwort index"):
        Index.open(tmp_path)
    with pytest.raises(FileNotFoundError):
        Index.open(tmp_path / "nope")


def test_analyzer_mismatch_is_schema_error(tmp_path: Path) -> None:
    Index(tmp_path / "ix", analyzer="simple").close()
    german = type("A", (), {"spec": "german"})()  # any object with a spec string
    with pytest.raises(stichwort.SchemaError):
        Index(tmp_path / "ix", analyzer=german)


def test_bad_arguments() -> None:
    ix = Index(analyzer="simple")
    with pytest.raises(TypeError):
        ix.add(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ix.add("x", title=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ISO"):
        ix.add("x", date="1. Mai")
    with pytest.raises(TypeError):
        ix.add("x", date=20240501)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ix.add("x", fields={"a": 1})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="field name"):
        ix.add("x", fields={"a\x01": "b"})
    with pytest.raises(ValueError, match="document 1"):
        ix.add_many(["ok", {"txt": "typo"}])
    with pytest.raises(TypeError):
        ix.add_many("not a list")
    with pytest.raises(TypeError):
        ix.add_many([3])
    with pytest.raises(ValueError):
        ix.positions("x", -1)
    with pytest.raises(TypeError):
        ix.document("0")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Index(memory_budget_mb=0)
    with pytest.raises(ValueError):
        Index(analyzer="klingon")
    with pytest.raises(TypeError):
        Index(analyzer=3)
    # Lone surrogates (a str may hold one, UTF-8 cannot): a ValueError
    # naming the document, its part and the offset.
    later = ["a"] * 5000  # the second batch, after one with a surrogate later on
    for bad, where in (
        (lambda: ix.add("die \ud800 nato"), r"add\(\): text .* offset 4 "),
        (lambda: ix.add("x", title="\udc00"), r"add\(\): title .* offset 0 "),
        (lambda: ix.add("x", fields={"section": "In\ud800land"}), r"add\(\): fields\['section'\] .* offset 2 "),
        (lambda: ix.add_many(["ok", {"text": "ok", "title": "t\ud800"}]), r"add_many: document 1: title .* offset 1 "),
        (lambda: ix.add_many([*later, {"text": "x", "fields": {"s\udc80": "v"}}]), "document 5000: a field name .* offset 1 "),
        # The first document with one, whichever part the core met first.
        (lambda: ix.add_many([{"text": "ok", "title": "ab\udc80"}, "x\udc80"]), "document 0: title .* offset 2 "),
    ):
        with pytest.raises(ValueError, match=where):
            bad()
    ix.commit()
    assert ix.num_docs == 0  # nothing half-added


def test_add_many_streams_generators_in_batches(tmp_path: Path) -> None:
    ix = Index(tmp_path / "ix", analyzer="simple", memory_budget_mb=1, threads=2)
    n = 5000
    ids = ix.add_many(({"text": f"wort{i % 50} gemeinsam text {i}", "title": "t"} for i in range(n)), progress=False)
    assert ids.dtype == np.uint32 and ids.tolist() == list(range(n))
    ix.commit()
    assert ix.doc_freq("gemeinsam") == n and ix.doc_freq("wort7") == n // 50
    assert ix.stats()["num_segments"] < 20
    assert ix.add_many([]).size == 0


def test_closed_index() -> None:
    ix = Index()
    ix.close()
    with pytest.raises(ValueError, match="closed"):
        ix.add("x")

    assert repr(ix) == "<stichwort.Index (closed)>"  # repr never raises
    ix.close()  # closing twice is fine
    with pytest.raises(ValueError, match="closed"):
        ix.search("x")


def test_constructor_option_types() -> None:
    with pytest.raises(TypeError, match="store_documents"):
        Index(store_documents="no")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="store_documents"):
        Index(store_documents=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="memory_budget_mb"):
        Index(memory_budget_mb=2**70)
    assert Index(store_documents=np.bool_(False)).add("x") == 0


@pytest.mark.parametrize("on_disk", [False, True])
def test_add_many_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_disk: bool) -> None:
    """A bad document or a failing source after some batches were indexed
    takes those batches back: nothing of the call is seen or committed."""
    monkeypatch.setattr(stichwort.index, "BATCH_SIZE", 8)
    ix = Index(tmp_path / "ix" if on_disk else None, analyzer="simple")
    ix.add_many(["vorher"] * 3)

    def failing_source():
        yield from (f"teil {i}" for i in range(30))
        raise RuntimeError("source broke")

    bad_inputs = [
        ([f"teil {i}" for i in range(30)] + [{"txt": "typo"}], ValueError),
        ([f"teil {i}" for i in range(30)] + ["lone \ud800"], ValueError),
        (failing_source(), RuntimeError),
    ]
    for docs, error in bad_inputs:
        with pytest.raises(error):
            ix.add_many(docs)
        assert ix.num_docs == 3 and ix.count("teil") == 0
    ix.commit()
    assert ix.num_docs == 3 and ix.count("teil") == 0 and ix.count("vorher") == 3
    # Ids taken back stay used: 3 batches of 8 were indexed by each call.
    assert ix.add("danach") == 3 + 3 * 24
    ix.commit()
    if on_disk:
        ix.close()
        r = Index.open(tmp_path / "ix")
        assert r.num_docs == 4 and r.count("teil") == 0
