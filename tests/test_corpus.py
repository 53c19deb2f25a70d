"""Corpus readers and the synthetic news generator.

The generator's term statistics are compared with the 10kGNAD test articles
(1,028 real articles): vocabulary size, Heaps' exponent and the Zipf slope.
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import io
import json
import lzma
import re
import sys
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pytest

import stichwort
from stichwort.corpus import (
    SECTIONS,
    CorpusError,
    CorpusWarning,
    read_corpus,
    read_csv,
    read_gnad,
    read_jsonl,
    read_parquet,
    read_text_folder,
    synthetic_news,
)
from stichwort.corpus.readers import MAX_WARNINGS, Source, documents_by_suffix, looks_like_gnad
from conftest import GNAD_CSV, require_shared

TOKEN = re.compile(r"[^\W_]+")
N_ARTICLES = 1028


def term_stats(texts: Iterable[str]) -> dict[str, float]:
    """Vocabulary size, Heaps' β (log V(n) ~ β log n over every token) and the Zipf slope."""
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    growth: list[int] = []
    for text in texts:
        for m in TOKEN.finditer(text):
            word = m.group().lower()
            counts[word] += 1
            seen.add(word)
            growth.append(len(seen))
    n = np.arange(1, len(growth) + 1, dtype=np.float64)
    beta = np.polyfit(np.log(n), np.log(np.asarray(growth, dtype=np.float64)), 1)[0]
    top = np.array(sorted(counts.values(), reverse=True)[:1000], dtype=np.float64)
    slope = np.polyfit(np.log(np.arange(1, len(top) + 1)), np.log(top), 1)[0]
    return {"tokens": len(growth), "vocab": len(seen), "beta": float(beta), "zipf": float(slope)}


@pytest.fixture(scope="module")
def synthetic_articles() -> list[dict[str, object]]:
    return list(synthetic_news(N_ARTICLES, seed=0))


@pytest.fixture(scope="module")
def synthetic_stats(synthetic_articles: list[dict[str, object]]) -> dict[str, float]:
    return term_stats(f"{d['title']}\n{d['text']}" for d in synthetic_articles)


@pytest.fixture(scope="module")
def gnad_stats(gnad_articles: list[tuple[str, str]]) -> dict[str, float]:
    return term_stats(text for _, text in gnad_articles)


# --- the generator's statistics against 10kGNAD --------------------------------


def test_gnad_reference_values(gnad_stats: dict[str, float]) -> None:
    # Measured once; these pin the reference the generator is tuned to.
    assert gnad_stats["tokens"] == 385_814
    assert gnad_stats["vocab"] == 48_285
    assert gnad_stats["beta"] == pytest.approx(0.7177, abs=1e-3)
    assert gnad_stats["zipf"] == pytest.approx(-0.982, abs=1e-3)


def test_vocabulary_and_heaps_within_30_percent(
    synthetic_stats: dict[str, float], gnad_stats: dict[str, float]
) -> None:
    assert synthetic_stats["vocab"] == pytest.approx(gnad_stats["vocab"], rel=0.30)
    assert synthetic_stats["beta"] == pytest.approx(gnad_stats["beta"], rel=0.30)
    # Comparable corpus sizes, or the comparison would mean little.
    assert synthetic_stats["tokens"] == pytest.approx(gnad_stats["tokens"], rel=0.20)


def test_zipf_slope(synthetic_stats: dict[str, float], gnad_stats: dict[str, float]) -> None:
    assert -1.3 <= gnad_stats["zipf"] <= -0.7
    assert -1.3 <= synthetic_stats["zipf"] <= -0.7


def test_heaps_growth_continues() -> None:
    # An open vocabulary: doubling the corpus still adds many new words.
    first = term_stats(d["text"] for d in synthetic_news(300, seed=3))
    both = term_stats(d["text"] for d in synthetic_news(600, seed=3))
    assert both["vocab"] > 1.35 * first["vocab"]


def test_articles_look_like_news(synthetic_articles: list[dict[str, object]]) -> None:
    texts = [str(d["text"]) for d in synthetic_articles]
    lengths = np.array([len(TOKEN.findall(t)) for t in texts])
    assert 250 <= np.median(lengths) <= 600
    joined = " ".join(texts)
    for phrase in ("nach Angaben der Polizei", "am Montag", "in der vergangenen Woche", " Prozent"):
        assert phrase in joined
    assert re.search(r"\b\d+,\d Prozent\b", joined)
    assert re.search(r"\b\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August)\b", joined)
    assert re.search(r"\b[A-ZÄÖÜ][a-zäöüß]+s(regierung|markt|reform)\b", joined)
    for text in texts[:50]:
        assert text.lstrip("„")[0].isupper() and text.rstrip()[-1] in ".“"


def test_sections_and_dates(synthetic_articles: list[dict[str, object]]) -> None:
    sections = Counter(d["fields"]["section"] for d in synthetic_articles)  # type: ignore[index]
    assert set(sections) == set(SECTIONS)
    dates = [dt.date.fromisoformat(str(d["date"])) for d in synthetic_articles]
    assert min(dates) >= dt.date(2000, 1, 1)
    assert max(dates) <= dt.date(2025, 12, 31)
    assert len({d.year for d in dates}) == 26
    assert all(isinstance(d["title"], str) and d["title"] for d in synthetic_articles)


def test_deterministic() -> None:
    assert list(synthetic_news(20, seed=5)) == list(synthetic_news(20, seed=5))
    assert list(synthetic_news(20, seed=5)) != list(synthetic_news(20, seed=6))
    # A prefix of a longer run is the shorter run.
    assert list(synthetic_news(5, seed=5)) == list(synthetic_news(20, seed=5))[:5]


def test_stable_across_releases() -> None:
    # Pins the output so a platform or Python difference would show up here.
    doc = next(synthetic_news(1, seed=0))
    assert doc["date"] == GOLDEN_FIRST["date"]
    assert doc["fields"] == GOLDEN_FIRST["fields"]
    assert doc["title"] == GOLDEN_FIRST["title"]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        synthetic_news(-1)
    with pytest.raises(TypeError):
        synthetic_news("10")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        synthetic_news(10, seed=1.5)  # type: ignore[arg-type]
    assert list(synthetic_news(0)) == []


# --- readers ---------------------------------------------------------------


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_jsonl_good(tmp_path: Path) -> None:
    lines = [
        {"text": "Erster Text", "title": "Eins", "date": "2015-01-02", "section": "Web"},
        {"text": "Zweiter", "fields": {"section": "Sport", "n": 3}},
    ]
    p = write(tmp_path / "a.jsonl", b"".join(json.dumps(x).encode() + b"\n" for x in lines) + b"\n")
    stream = read_jsonl(p)
    docs = list(stream)
    assert docs == [
        {"text": "Erster Text", "title": "Eins", "date": "2015-01-02", "fields": {"section": "Web"}},
        {"text": "Zweiter", "fields": {"section": "Sport", "n": "3"}},
    ]
    assert stream.skipped == 0


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b'{"text": "kaputt"', "bad JSON"),
        (b'{"text": "\xff\xfe"}', "invalid UTF-8"),
        (b'{"title": "ohne Text"}', "no text"),
        (b'{"text": 12345}', "'text' is not a string but int"),
        (b'{"text": ["Absatz eins", "Absatz zwei"]}', "'text' is not a string but list"),
        (b'{"text": ""}', "no text"),
        (b"[1, 2]", "JSON object"),
        ('{"text": "Gestern", "date": "gestern"}'.encode(), "unreadable date 'gestern'"),
    ],
)
def test_jsonl_malformed_line_is_reported_and_skipped(tmp_path: Path, bad: bytes, reason: str) -> None:
    p = write(tmp_path / "b.jsonl", b'{"text": "eins"}\n' + bad + b'\n{"text": "drei"}\n')
    stream = read_jsonl(p)
    with pytest.warns(CorpusWarning, match=rf"b\.jsonl:2: .*{reason}"):
        docs = list(stream)
    assert [d["text"] for d in docs] == ["eins", "drei"]
    assert stream.skipped == 1
    assert stream.problems[0][1] == 2
    with pytest.raises(CorpusError, match=rf"b\.jsonl:2: .*{reason}"):
        list(read_jsonl(p, strict=True))


def test_a_latin1_export_warns_once_a_line_up_to_a_cap_with_a_hint(tmp_path: Path) -> None:
    # Every line with an umlaut is invalid UTF-8: 50 warnings were printed.
    lines = [json.dumps({"text": f"Zeile {i} über Österreich"}, ensure_ascii=False) for i in range(50)]
    p = write(tmp_path / "l.jsonl", "\n".join(["{\"text\": \"ascii\"}", *lines]).encode("cp1252"))
    stream = read_jsonl(p)
    with pytest.warns(CorpusWarning) as caught:
        docs = list(stream)
    messages = [str(w.message) for w in caught]
    assert [d["text"] for d in docs] == ["ascii"]
    assert stream.skipped == len(stream.problems) == 50
    assert len(messages) == MAX_WARNINGS
    assert "--encoding cp1252" in messages[0] and not any("cp1252" in m for m in messages[1:])
    assert messages[-1].endswith("further skipped lines are counted, not shown")


@pytest.mark.parametrize(
    ("date", "stored"),
    [
        ("2022-03-01", "2022-03-01"),
        ("2022-03-01T10:00:00+01:00", "2022-03-01T10:00:00+01:00"),
        ("01.03.2022", "2022-03-01"),
        ("1.3.2022", "2022-03-01"),
        ("", None),
        (None, None),
    ],
)
def test_jsonl_dates_as_news_exports_write_them(tmp_path: Path, date: str | None, stored: str | None) -> None:
    p = write(tmp_path / "d.jsonl", json.dumps({"text": "Meldung", "date": date}).encode() + b"\n")
    stream = read_jsonl(p, strict=True)
    assert [d.get("date") for d in stream] == [stored]


@pytest.mark.parametrize("date", [1646128800, 1646128800000, True, "31.02.2022", "2022-03-01 morgens"])
def test_jsonl_date_that_is_no_date_is_reported_not_dropped(tmp_path: Path, date: object) -> None:
    p = write(tmp_path / "d.jsonl", b'{"text": "eins"}\n' + json.dumps({"text": "zwei", "date": date}).encode())
    with pytest.warns(CorpusWarning, match=r"d\.jsonl:2: unreadable date"):
        assert [d["text"] for d in read_jsonl(p)] == ["eins"]
    with pytest.raises(CorpusError, match=r"d\.jsonl:2: unreadable date .*DD\.MM\.YYYY"):
        list(read_jsonl(p, strict=True))


def test_parquet_date_and_timestamp_columns(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    day = dt.date(2022, 3, 1)
    for column in (pa.array([day], pa.date32()), pa.array([dt.datetime(2022, 3, 1, 10, 0)], pa.timestamp("s"))):
        pq.write_table(pa.table({"text": ["Meldung"], "date": column}), tmp_path / "d.parquet")
        docs = list(read_parquet(tmp_path / "d.parquet", strict=True))
        assert dt.date.fromisoformat(docs[0]["date"][:10]) == day
        with stichwort.Index(analyzer="simple") as ix:
            ix.add_many(docs)
            ix.commit()
            assert ix.count("meldung", filter=stichwort.Filter(date_from=day, date_to=day)) == 1

def test_csv_good_and_malformed(tmp_path: Path) -> None:
    data = (
        "title,text,section\n"
        'Eins,"Ein Text, mit Komma",Web\n'
        'Zwei,"über\nzwei Zeilen",Sport\n'
        "Drei,,Kultur\n"
        "Vier,zu,viele,Spalten\n"
    ).encode() + b"F\xfcnf,kaputt,Web\nSechs,gut,Inland\n"
    p = write(tmp_path / "c.csv", data)
    stream = read_csv(p)
    with pytest.warns(CorpusWarning) as record:
        docs = list(stream)
    assert [d["title"] for d in docs] == ["Eins", "Zwei", "Sechs"]
    assert docs[1] == {"text": "über\nzwei Zeilen", "title": "Zwei", "fields": {"section": "Sport"}}
    assert [line for _, line, _ in stream.problems] == [5, 6, 7]
    assert [str(w.message).split(": ", 1)[1] for w in record] == [
        "no text in 'text'",
        "expected 3 columns, got 4",
        "invalid UTF-8 (an export in Windows-1252 or Latin-1? read it with encoding='cp1252', "
        "on the command line --encoding cp1252)",
    ]
    with pytest.raises(CorpusError, match=r"c\.csv:5: "):
        list(read_csv(p, strict=True))


def test_csv_without_text_column(tmp_path: Path) -> None:
    p = write(tmp_path / "d.csv", b"a,b\n1,2\n")
    with pytest.raises(CorpusError, match="no column 'text'"):
        list(read_csv(p))
    assert list(read_csv(p, text_column="b")) == [{"text": "2", "fields": {"a": "1"}}]


def test_gnad_form(tmp_path: Path) -> None:
    p = write(tmp_path / "g.csv", "Sport;'Das ''Spiel'' endet 2:1.'\nKultur;''\nWeb;'Neu'\n".encode())
    stream = read_corpus(p)
    with pytest.warns(CorpusWarning, match=r"g\.csv:2: no text"):
        docs = list(stream)
    assert docs == [
        {"text": "Das 'Spiel' endet 2:1.", "fields": {"section": "Sport"}},
        {"text": "Neu", "fields": {"section": "Web"}},
    ]
    with pytest.raises(CorpusError, match=r"g\.csv:2: no text"):
        list(read_gnad(p, strict=True))


def test_read_corpus_on_10kgnad(gnad_articles: list[tuple[str, str]]) -> None:
    stream = read_corpus(require_shared(GNAD_CSV))
    docs = list(stream)
    assert stream.skipped == 0
    assert len(docs) == 1028
    assert [(d["fields"]["section"], d["text"]) for d in docs] == gnad_articles
    assert {d["fields"]["section"] for d in docs} == set(SECTIONS)


def _memory_source(name: str, data: bytes) -> Source:
    return Source(name, lambda: io.BytesIO(data))


def test_10kgnad_without_its_first_line(tmp_path: Path, gnad_articles: list[tuple[str, str]]) -> None:
    lines = require_shared(GNAD_CSV).read_bytes().splitlines(keepends=True)
    assert lines[0].startswith(b"Wirtschaft;'") and lines[1].startswith(b"Sport;Franzosen ")  # now unquoted first
    p = write(tmp_path / "ohne-erste.csv", b"".join(lines[1:]))
    stream = read_corpus(p)
    docs = list(stream)
    assert stream.skipped == 0
    assert [(d["fields"]["section"], d["text"]) for d in docs] == gnad_articles[1:]


def test_every_10kgnad_row_alone_is_read_as_10kgnad(gnad_articles: list[tuple[str, str]]) -> None:
    """Each of the 1,028 rows, quoted (77) or not (951), as a file of its own: taken for 10kGNAD, read exactly."""
    lines = require_shared(GNAD_CSV).read_bytes().splitlines(keepends=True)
    assert len(lines) == len(gnad_articles) == 1028
    quoted = 0
    for line, (section, text) in zip(lines, gnad_articles):
        source = _memory_source("row.csv", line)
        assert looks_like_gnad(source), line[:80]
        produce = documents_by_suffix(source, "utf-8")
        assert produce is not None
        stream = stichwort.corpus.DocumentStream(produce, strict=True)
        assert list(stream) == [{"text": text, "fields": {"section": section}}]
        quoted += line.split(b";", 1)[1].startswith(b"'")
    assert quoted == 77


@pytest.mark.parametrize("reverse", [False, True], ids=["unquoted-first", "quoted-first"])
def test_10kgnad_rows_quoted_or_not_in_either_order(tmp_path: Path, reverse: bool) -> None:
    rows = [b"Sport;Rapid gewinnt in Wien.\n", b"Web;'Neues Video, viral'\n"]
    expected = [
        {"text": "Rapid gewinnt in Wien.", "fields": {"section": "Sport"}},
        {"text": "Neues Video, viral", "fields": {"section": "Web"}},
    ]
    if reverse:
        rows, expected = rows[::-1], expected[::-1]
    p = write(tmp_path / "g.csv", b"".join(rows))
    assert list(read_corpus(p, strict=True)) == expected


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffSport;Rapid gewinnt in Wien.\r\n".encode(),  # a BOM, CRLF
        b"\n\r\nSport;Rapid gewinnt in Wien.\n",  # blank lines first, as the CSV reader passes them over
        b"Sport;Rapid gewinnt in Wien.",  # no line break at the end
        b"Sport;'Rapid gewinnt in Wien.'\n",
        b"Sport;Rapid gewinnt in 'Wien'.\n",  # a ' inside an unquoted text is a letter
        b"Politik;'Rapid gewinnt in Wien.'\n",  # quoted: any section, as before
    ],
)
def test_10kgnad_first_lines(tmp_path: Path, data: bytes) -> None:
    section = "Politik" if data.startswith(b"Politik") else "Sport"
    text = "Rapid gewinnt in 'Wien'." if b"'Wien'" in data else "Rapid gewinnt in Wien."
    p = write(tmp_path / "g.csv", data)
    assert list(read_corpus(p, strict=True)) == [{"text": text, "fields": {"section": section}}]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"section;text\nSport;Rapid gewinnt in Wien.\n",
         [{"text": "Rapid gewinnt in Wien.", "fields": {"section": "Sport"}}]),
        ("text,date\nRapid gewinnt in Wien.,2015-03-01\n".encode(),
         [{"text": "Rapid gewinnt in Wien.", "fields": {}, "date": "2015-03-01"}]),
        (b"title;date;text\nSport;2015-03-01;Rapid gewinnt in Wien.\n",
         [{"text": "Rapid gewinnt in Wien.", "fields": {}, "title": "Sport", "date": "2015-03-01"}]),
        (b"Sport;Tore\nSport;Rapid gewinnt in Wien.\n", None),
        # Header lines shaped like rows, naming a text column: headers.
        (b"Sport;text\nWeb;Neues Video\n", [{"text": "Neues Video", "fields": {"Sport": "Web"}}]),
        (b"Sport;'Rapid gewinnt',text\nx,Ein Tor\n", [{"text": "Ein Tor", "fields": {"Sport;'Rapid gewinnt'": "x"}}]),
    ],
    ids=["section-text", "text-date", "title-date-text", "one-word", "text-column", "quoted-text-column"],
)
def test_a_csv_with_a_header_is_not_taken_for_10kgnad(tmp_path: Path, data: bytes, expected: list[dict] | None) -> None:
    assert not looks_like_gnad(_memory_source("h.csv", data))
    p = write(tmp_path / "h.csv", data)
    if expected is None:  # a header naming no text column, not rows: an error naming it
        with pytest.raises(CorpusError, match=r"no column 'text' in the header \['Sport', 'Tore'\]"):
            list(read_corpus(p))
    else:
        assert list(read_corpus(p, strict=True)) == expected


@pytest.mark.parametrize(
    "first_line",
    [b"Sport;Tore", b"section;body", b"Politik;Rapid gewinnt in Wien.", b"sport;Rapid gewinnt in Wien.",
     b"Sport;Rapid gewinnt; in Wien.", b"Sport,Rapid gewinnt in Wien.", b"Rapid gewinnt in Wien."],
)
def test_lines_that_are_no_10kgnad_rows(first_line: bytes) -> None:
    """One word, a section not of 10kGNAD unquoted, a lower-case one, a ';' in an unquoted text, no ';'."""
    assert not looks_like_gnad(_memory_source("x.csv", first_line + b"\nWeb;Neues Video, viral\n"))


def test_a_folder_warns_about_the_corpus_files_it_does_not_read(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Erste Meldung.".encode())
    write(tmp_path / "b.csv", b"text\nZweite Meldung.\n")
    write(tmp_path / "c.jsonl.gz", gzip.compress(b'{"text": "Dritte Meldung."}\n'))
    write_zip(tmp_path / "d.zip", {"e.txt": b"Vierte Meldung."})
    write(tmp_path / "notiz.md", b"kein Korpus")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "f.csv", b"text\nF\n")  # below the folder: not read, not named
    with pytest.warns(CorpusWarning) as caught:
        stream = read_corpus(tmp_path)
    assert [str(w.message) for w in caught] == [
        f"{tmp_path}: a folder is read as its .txt files; skipped 3 other corpus files in it "
        "(b.csv, c.jsonl.gz, d.zip): to index them, name them as sources of their own"
    ]
    assert [d["text"] for d in stream] == ["Erste Meldung."]
    assert stream.skipped == 0  # files, not bad lines


def test_a_folder_of_text_files_gives_no_warning(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Erste Meldung.".encode())
    write(tmp_path / "notiz.md", b"kein Korpus")
    write(tmp_path / "bild.png", b"\x89PNG")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [d["text"] for d in read_corpus(tmp_path)] == ["Erste Meldung."]


def test_text_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "b.txt", "Zweite Meldung.\n".encode())
    write(tmp_path / "a.txt", "Erste Meldung.".encode())
    write(tmp_path / "sub" / "c.txt", "Dritte.".encode())
    write(tmp_path / "leer.txt", b"  \n")
    write(tmp_path / "kaputt.txt", b"Zeile eins\nZeile zwei \xff\n")
    write(tmp_path / "notiz.md", b"kein Text")
    stream = read_text_folder(tmp_path)
    with pytest.warns(CorpusWarning):
        docs = list(stream)
    assert [(d["title"], d["fields"]["file"]) for d in docs] == [("a", "a.txt"), ("b", "b.txt")]
    assert sorted((Path(f).name, line) for f, line, _ in stream.problems) == [("kaputt.txt", 2), ("leer.txt", 1)]
    deep = list(read_text_folder(tmp_path, "**/c.txt"))
    assert deep == [{"text": "Dritte.", "fields": {"file": "sub/c.txt"}, "title": "c"}]
    with pytest.raises(CorpusError, match=r"kaputt\.txt:2: invalid UTF-8"):
        list(read_corpus(tmp_path, strict=True))
    with pytest.raises(NotADirectoryError):
        read_text_folder(tmp_path / "a.txt")


def test_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"text": ["eins", None, "drei"], "section": ["Web", "Sport", None]})
    p = tmp_path / "t.parquet"
    pq.write_table(table, p)
    stream = read_corpus(p)
    with pytest.warns(CorpusWarning, match=r"t\.parquet:2: no text"):
        docs = list(stream)
    assert docs == [{"text": "eins", "fields": {"section": "Web"}}, {"text": "drei", "fields": {}}]
    with pytest.raises(CorpusError, match=r"t\.parquet:2"):
        list(read_parquet(p, strict=True))


def test_parquet_without_pyarrow(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"stichwort\[bench\]"):
        read_parquet(tmp_path / "x.parquet")


def test_read_corpus_dispatch(tmp_path: Path) -> None:
    assert len(list(read_corpus("synth:4:9"))) == 4
    assert list(read_corpus("synth:4:9")) == list(synthetic_news(4, seed=9))
    for bad in ("synth:", "synth:x", "synth:1:2:3"):
        with pytest.raises(ValueError, match="synth:N"):
            read_corpus(bad)
    with pytest.raises(FileNotFoundError):
        read_corpus(tmp_path / "fehlt.jsonl")
    with pytest.raises(ValueError, match="unknown corpus format"):
        read_corpus(write(tmp_path / "x.xml", b"<a/>"))
    with pytest.raises(ValueError, match=r"must be \.jsonl, \.ndjson, \.csv or \.tsv inside, not '\.parquet'"):
        read_corpus(write(tmp_path / "x.parquet.gz", gzip.compress(b"PAR1")))
    p = write(tmp_path / "t.tsv", b"text\tsection\nHallo\tWeb\n")
    assert list(read_corpus(p)) == [{"text": "Hallo", "fields": {"section": "Web"}}]
    p = write(tmp_path / "n.ndjson", b'{"text": "x"}\n')
    assert list(read_corpus(p)) == [{"text": "x", "fields": {}}]



def zstd_compress(data: bytes) -> bytes:
    return pytest.importorskip("zstandard").ZstdCompressor().compress(data)  # type: ignore[no-any-return]


COMPRESSORS = {gzip.compress: ".gz", bz2.compress: ".bz2", lzma.compress: ".xz", zstd_compress: ".zst"}


@pytest.mark.parametrize("compress", COMPRESSORS, ids=[s[1:] for s in COMPRESSORS.values()])
def test_compressed_exports_are_read_as_they_are(tmp_path: Path, compress: Callable[[bytes], bytes]) -> None:
    suffix = COMPRESSORS[compress]
    sources = {
        "n.jsonl": "\ufeff".encode() + '{"text": "Über Wien", "section": "Web"}\n{"text": "Graz"}\n'.encode(),
        "s.csv": "text;section\nÜber Wien;Web\n".encode(),
        "g.csv": "Web;'Über Wien'\n".encode(),
        "t.tsv": "text\tsection\nÜber Wien\tWeb\n".encode(),
    }
    for name, data in sources.items():
        plain, packed = list(read_corpus(write(tmp_path / name, data))), write(tmp_path / (name + suffix), compress(data))
        assert list(read_corpus(packed)) == plain and plain[0]["text"] == "Über Wien", name
    # A damaged one is an error naming the file, not a traceback from the decompressor.
    cut = write(tmp_path / ("cut.jsonl" + suffix), compress(b'{"text": "Graz"}\n' * 2000)[:-20])
    with pytest.raises(CorpusError, match=rf"cut\.jsonl\{suffix}: cannot decompress it"):
        list(read_corpus(cut))


def test_zst_of_several_frames_is_read_whole(tmp_path: Path) -> None:
    # zstd writes large inputs as several frames, and concatenated .zst files are one valid file.
    frames = zstd_compress(b'{"text": "eins"}\n') + zstd_compress(b'{"text": "zwei"}\n' * 3000)
    docs = list(read_corpus(write(tmp_path / "f.jsonl.zst", frames)))
    assert [d["text"] for d in docs] == ["eins"] + ["zwei"] * 3000


@pytest.mark.parametrize("data", [b"kein zstd", b"\x28\xb5\x2f\xfd\x00\x00\x00\x00"], ids=["garbage", "bad-frame"])
def test_damaged_zst_is_an_error_naming_it(tmp_path: Path, data: bytes) -> None:
    pytest.importorskip("zstandard")
    with pytest.raises(CorpusError, match=r"d\.jsonl\.zst: cannot decompress it"):
        list(read_corpus(write(tmp_path / "d.jsonl.zst", data)))


def test_zst_without_zstandard_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    p = write(tmp_path / "x.jsonl.zst", b"\x28\xb5\x2f\xfd")
    monkeypatch.setitem(sys.modules, "zstandard", None)
    with pytest.raises(ImportError, match=r"pip install zstandard \(or pip install 'stichwort\[zstd\]'\)"):
        read_corpus(p)  # at once, not when the stream is first read
    with pytest.raises(ImportError, match="pip install zstandard"):
        list(read_jsonl(p))


# --- zip archives ---------------------------------------------------------


def write_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED,
              zip64: bool = False) -> Path:
    """A zip of ``members`` in the order given (folders: names ending in "/")."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            with archive.open(name, "w", force_zip64=zip64) as f:
                f.write(data)
    return path


def jsonl(*texts: str) -> bytes:
    return "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts).encode()


# Written out of order, with the junk of macOS and Windows zip tools and folder entries.
MIXED_MEMBERS = {
    "sub/": b"",
    "sub/z.txt": "Meldung im Ordner.".encode(),
    "c.csv": "title;text;section\r\nDrei;Über csv;Web\r\n".encode(),
    "__MACOSX/._c.csv": b"\x00\x05\x16\x07 resource fork",
    ".DS_Store": b"\x00\x00\x00\x01Bud1",
    "sub/.DS_Store": b"\x00\x00\x00\x01Bud1",
    "sub/._z.txt": b"\x00\x05\x16\x07",
    "Thumbs.db": b"\xd0\xcf\x11\xe0",
    "a.jsonl": jsonl("eins", "zwei"),
    "b/g.csv.gz": gzip.compress("Kultur;'Ein Film'\n".encode()),
    "b/t.tsv": b"text\tsection\nvier\tSport\n",
    "b.ndjson.bz2": bz2.compress(jsonl("fünf")),
}
MIXED_DOCS = [
    {"text": "eins", "fields": {}},
    {"text": "zwei", "fields": {}},
    {"text": "Ein Film", "fields": {"section": "Kultur"}},
    {"text": "vier", "fields": {"section": "Sport"}},
    {"text": "fünf", "fields": {}},
    {"text": "Über csv", "title": "Drei", "fields": {"section": "Web"}},
    {"text": "Meldung im Ordner.", "fields": {"file": "sub/z.txt"}, "title": "z"},
]


def test_zip_members_of_mixed_types_in_name_order_junk_passed_over(tmp_path: Path) -> None:
    # Name order as paths (a folder's files together: b/ before b.ndjson.bz2), each member by its own suffix.
    stream = read_corpus(write_zip(tmp_path / "export.zip", MIXED_MEMBERS))
    assert list(stream) == MIXED_DOCS
    assert (stream.skipped, stream.encoding) == (0, "utf-8")
    # Each member reads as the same file unpacked would.
    for name in ("a.jsonl", "b/g.csv.gz", "b/t.tsv", "b.ndjson.bz2", "c.csv"):
        docs = list(read_corpus(write(tmp_path / name.replace("/", "_"), MIXED_MEMBERS[name])))
        assert docs and all(doc in MIXED_DOCS for doc in docs), name


@pytest.mark.parametrize("zip64", [False, True], ids=["zip", "zip64"])
@pytest.mark.parametrize(
    "compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA],
    ids=["stored", "deflate", "bzip2", "lzma"],
)
def test_zip_members_stored_or_compressed_as_zip_tools_write_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compression: int, zip64: bool
) -> None:
    with monkeypatch.context() as m:
        if zip64:  # written from 4 GiB or 65,535 members on: as if these were reached
            m.setattr(zipfile, "ZIP64_LIMIT", 16)
            m.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
        archive = write_zip(tmp_path / "x.zip", MIXED_MEMBERS, compression, zip64)
    with zipfile.ZipFile(archive) as z:  # the archive is what the test means it to be
        assert {i.compress_type for i in z.infolist() if not i.is_dir()} == {compression}
    assert (b"PK\x06\x06" in archive.read_bytes()) == zip64  # the zip64 end of central directory record
    assert list(read_corpus(archive)) == MIXED_DOCS


def test_zip_parquet_member(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"text": ["eins", None, "drei"], "section": ["Web", "Sport", None]}), tmp_path / "t.parquet")
    archive = write_zip(tmp_path / "p.zip", {"t.parquet": (tmp_path / "t.parquet").read_bytes()})
    stream = read_corpus(archive)
    with pytest.warns(CorpusWarning, match=r"p\.zip/t\.parquet:2: no text"):
        assert list(stream) == [{"text": "eins", "fields": {"section": "Web"}}, {"text": "drei", "fields": {}}]


def test_zip_members_are_read_streaming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never unpacked to disk, never a whole member read at once (members of 2.5 MB)."""
    n = 100_000
    archive = write_zip(tmp_path / "big.zip", {
        "a.jsonl": jsonl(*(f"Dokument {i}" for i in range(n))),
        "b.csv": ("text\n" + "".join(f"Zeile {i}\n" for i in range(n))).encode(),
        "c.jsonl.gz": gzip.compress(jsonl(*(f"Gepackt {i}" for i in range(n)))),
    })
    sizes: list[int] = []
    for method in ("read", "read1"):
        real = getattr(zipfile.ZipExtFile, method)
        monkeypatch.setattr(zipfile.ZipExtFile, method,
                            lambda self, size=-1, real=real: sizes.append(size) or real(self, size))
    assert sum(1 for _ in read_corpus(archive, strict=True)) == 3 * n
    assert sizes and 0 < min(sizes) and max(sizes) <= 64 * 1024
    assert [p.name for p in tmp_path.iterdir()] == ["big.zip"]


def test_zip_bad_lines_and_unknown_members_name_archive_member_and_line(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "x.zip", {
        "a.jsonl": b'{"text": "eins"}\n{"text": "kaputt"\n{"text": "drei"}\n',
        "b/notiz.md": b"# Notiz",
        "c/s.csv": b"text,section\neins,Web\nzu,viele,Spalten\n",
        "d.txt": b"  \n",
    })
    stream = read_corpus(archive)
    with pytest.warns(CorpusWarning) as caught:
        assert [d["text"] for d in stream] == ["eins", "drei", "eins"]
    assert stream.problems == [
        (f"{archive}/a.jsonl", 2, "bad JSON: Expecting ',' delimiter at column 1"),
        (f"{archive}/b/notiz.md", 0, "not a corpus file: members read are .jsonl, .ndjson, .csv, .tsv "
                                     "(each also .gz, .bz2, .xz or .zst), .parquet, .pq and .txt"),
        (f"{archive}/c/s.csv", 3, "expected 2 columns, got 3"),
        (f"{archive}/d.txt", 1, "no text"),
    ]
    assert str(caught[0].message).startswith(f"skipped {archive}/a.jsonl:2: bad JSON")
    with pytest.raises(CorpusError, match=rf"x\.zip/a\.jsonl:2: bad JSON"):
        list(read_corpus(archive, strict=True))
    unknown = write_zip(tmp_path / "y.zip", {"a.jsonl": jsonl("eins"), "b/notiz.md": b"# Notiz"})
    with pytest.raises(CorpusError, match=r"y\.zip/b/notiz\.md:0: not a corpus file"):
        list(read_corpus(unknown, strict=True))


@pytest.mark.parametrize("members", [{}, {"__MACOSX/._a.jsonl": b"x", ".DS_Store": b"x", "leer/": b""}],
                         ids=["no-members", "only-junk"])
def test_empty_zip_has_no_documents(tmp_path: Path, members: dict[str, bytes]) -> None:
    stream = read_corpus(write_zip(tmp_path / "leer.zip", members))
    assert list(stream) == [] and stream.skipped == 0


def test_zip_in_a_zip_is_refused_naming_it(tmp_path: Path) -> None:
    inner = write_zip(tmp_path / "inner.zip", {"a.jsonl": jsonl("eins")}).read_bytes()
    archive = write_zip(tmp_path / "outer.zip", {"a.jsonl": jsonl("eins"), "2019/Archiv.ZIP": inner})
    with pytest.raises(CorpusError, match=r"outer\.zip/2019/Archiv\.ZIP: a zip archive inside the zip archive; unzip"):
        read_corpus(archive)  # at once, before any document


def with_encryption_flag(data: bytes) -> bytes:
    """The zip of one member ``data``, with the member marked encrypted (general purpose flag bit 0)
    in its local header and the central directory, as an encrypting zip tool writes it."""
    out = bytearray(data)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + flags_at
        out[at] |= 0x01
    return bytes(out)


def test_encrypted_member_is_an_error_naming_it(tmp_path: Path) -> None:
    plain = write_zip(tmp_path / "plain.zip", {"geheim.jsonl": jsonl("eins")}, zipfile.ZIP_STORED).read_bytes()
    archive = write(tmp_path / "secret.zip", with_encryption_flag(plain))
    with zipfile.ZipFile(archive) as z, pytest.raises(RuntimeError, match="encrypted, password required"):
        z.open("geheim.jsonl")  # zipfile sees what an encrypted member looks like
    with pytest.raises(CorpusError, match=r"secret\.zip/geheim\.jsonl: the member is encrypted; unzip .* password"):
        read_corpus(archive)


@pytest.mark.parametrize("cut", [0.5, 0.99], ids=["half", "end-missing"])
def test_truncated_zip_is_an_error_naming_it(tmp_path: Path, cut: float) -> None:
    data = write_zip(tmp_path / "x.zip", MIXED_MEMBERS).read_bytes()
    archive = write(tmp_path / "cut.zip", data[: int(len(data) * cut)])
    with pytest.raises(CorpusError, match=r"cut\.zip: not a zip archive, or a damaged or truncated one"):
        read_corpus(archive)
    with pytest.raises(CorpusError, match=r"n\.jsonl\.zip: not a zip archive"):
        read_corpus(write(tmp_path / "n.jsonl.zip", b"PK\x03\x04"))


@pytest.mark.parametrize(
    "compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA],
    ids=["stored", "deflate", "bzip2", "lzma"],
)
def test_damaged_member_is_an_error_naming_archive_and_member(tmp_path: Path, compression: int) -> None:
    n = 20_000
    members = {"a.jsonl": jsonl("eins"), "b.jsonl": jsonl(*(f"Dokument {i}" for i in range(n)))}
    data = bytearray(write_zip(tmp_path / "x.zip", members, compression).read_bytes())
    with zipfile.ZipFile(tmp_path / "x.zip") as z:
        info = z.getinfo("b.jsonl")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle : middle + 8] = bytes(b ^ 0x55 for b in data[middle : middle + 8])
    stream = read_corpus(write(tmp_path / "damaged.zip", bytes(data)))
    assert next(stream)["text"] == "eins"
    with warnings.catch_warnings():  # stored: the damaged line is a bad line before the checksum is checked
        warnings.simplefilter("ignore", CorpusWarning)
        with pytest.raises(CorpusError, match=r"damaged\.zip/b\.jsonl: cannot read it from the archive"):
            list(stream)


# A Windows-1252 export: umlauts, ß, the euro sign and German quotes (the last three
# are in 0x80-0x9F, where Latin-1 has control codes).
CP1252_TEXTS = ["Über „Spaß“ für 5 € – Straße", "Größere Öffnung… ‚ja‘"]
CP1252_SOURCES = {
    "a.jsonl": "".join(json.dumps({"text": t, "title": "Grüße"}, ensure_ascii=False) + "\n" for t in CP1252_TEXTS),
    "s.csv": "title;text\r\n" + "".join(f'Grüße;"{t}"\r\n' for t in CP1252_TEXTS),
    "t.tsv": "title\ttext\n" + "".join(f"Grüße\t{t}\n" for t in CP1252_TEXTS),
}


@pytest.mark.parametrize("name", CP1252_SOURCES)
def test_a_cp1252_export_is_read_with_the_encoding(tmp_path: Path, name: str) -> None:
    p = write(tmp_path / name, CP1252_SOURCES[name].encode("cp1252"))
    for encoding in ("cp1252", "Windows-1252"):
        stream = read_corpus(p, encoding=encoding)
        assert [(d["title"], d["text"]) for d in stream] == [("Grüße", t) for t in CP1252_TEXTS]
        assert stream.skipped == 0 and stream.encoding == "cp1252"
    # By default, still UTF-8: every line is skipped, with the hint to the option.
    stream = read_corpus(p)
    with pytest.warns(CorpusWarning) as caught:
        assert list(stream) == []
    assert "invalid UTF-8" in str(caught[0].message) and "--encoding cp1252" in str(caught[0].message)
    assert stream.skipped == len(CP1252_TEXTS)


def test_a_cp1252_text_folder_and_10kgnad_form(tmp_path: Path) -> None:
    write(tmp_path / "meldung.txt", CP1252_TEXTS[0].encode("cp1252"))
    assert [d["text"] for d in read_text_folder(tmp_path, encoding="cp1252")] == CP1252_TEXTS[:1]
    gnad = write(tmp_path / "g.csv", f"Kultur;'{CP1252_TEXTS[1]}'\n".encode("cp1252"))
    assert list(read_corpus(gnad, encoding="cp1252")) == [{"text": CP1252_TEXTS[1], "fields": {"section": "Kultur"}}]


def test_a_zip_of_cp1252_exports_is_read_with_the_encoding(tmp_path: Path) -> None:
    members = {name: CP1252_SOURCES[name].encode("cp1252") for name in CP1252_SOURCES}
    members["meldung.txt"] = CP1252_TEXTS[0].encode("cp1252")
    archive = write_zip(tmp_path / "w.zip", members)
    stream = read_corpus(archive, encoding="cp1252")
    # a.jsonl, meldung.txt, s.csv, t.tsv
    assert [d["text"] for d in stream] == CP1252_TEXTS + CP1252_TEXTS[:1] + CP1252_TEXTS * 2
    assert stream.skipped == 0 and stream.encoding == "cp1252"
    # By default UTF-8: one warning a bad line, the first with the hint to the option.
    stream = read_corpus(archive)
    with pytest.warns(CorpusWarning) as caught:
        assert list(stream) == []
    assert str(caught[0].message).startswith(f"skipped {archive}/a.jsonl:1: invalid UTF-8")
    assert "--encoding cp1252" in str(caught[0].message)
    assert not any("--encoding" in str(w.message) for w in caught[1:])
    assert stream.skipped == 3 * len(CP1252_TEXTS) + 1


UNDEFINED_IN_CP1252 = b"\x81\x8d\x8f\x90\x9d"


@pytest.mark.parametrize("name", ["u.jsonl", "u.csv", "u.txt"])
def test_a_byte_undefined_in_cp1252_is_its_c1_control(tmp_path: Path, name: str) -> None:
    # Windows and browsers read 0x81, 0x8D, 0x8F, 0x90, 0x9D as U+0081 ...: the
    # document is kept (it was skipped), as a Latin-1 reading would keep it.
    text = "Grüße".encode("cp1252") + UNDEFINED_IN_CP1252
    body = {"u.jsonl": b'{"text": "' + text + b'"}\n', "u.csv": b"text\r\n" + text + b"\r\n", "u.txt": text}[name]
    folder = tmp_path / "in"
    folder.mkdir()
    p = write(folder / name, body)
    stream = read_corpus(folder if name.endswith(".txt") else p, encoding="cp1252", strict=True)
    assert [d["text"] for d in stream] == ["Grüße\x81\x8d\x8f\x90\x9d"] == [text.decode("latin-1")]
    assert stream.skipped == 0


def test_an_undefined_byte_of_another_codec_still_makes_a_bad_line(tmp_path: Path) -> None:
    # Only cp1252 reads its holes as Windows does; cp1253 leaves 0x81 undefined too.
    p = write(tmp_path / "u.jsonl", b'{"text": "a"}\n{"text": "\x81"}\n')
    with pytest.raises(CorpusError, match=r"u\.jsonl:2: invalid cp1253 at byte 10"):
        list(read_jsonl(p, encoding="cp1253", strict=True))


@pytest.mark.parametrize("name", ["a.jsonl", "s.csv"])
def test_a_utf8_file_with_bom_stays_utf8_whatever_the_encoding(tmp_path: Path, name: str) -> None:
    # Excel's "CSV UTF-8" beside cp1252 exports in one run: its mark says what it is.
    p = write(tmp_path / name, BOM + CP1252_SOURCES[name].encode())
    assert [d["text"] for d in read_corpus(p, encoding="cp1252")] == CP1252_TEXTS


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
@pytest.mark.parametrize("name", ["a.jsonl", "s.csv"])
def test_a_bad_line_in_a_file_with_bom_says_why_it_was_read_as_utf8(tmp_path: Path, name: str, encoding: str) -> None:
    # A cp1252 line in a file with the mark: the warning said to read the file
    # with --encoding cp1252, also to a run that did (the mark wins either way).
    lines = CP1252_SOURCES[name].splitlines(keepends=True)
    p = write(tmp_path / name, BOM + "".join(lines[:-1]).encode() + lines[-1].encode("cp1252"))
    stream = read_corpus(p, encoding=encoding)
    with pytest.warns(CorpusWarning) as caught:
        assert [d["text"] for d in stream] == CP1252_TEXTS[:-1]
    message = str(caught[0].message)
    assert "invalid UTF-8 (the file's byte order mark says UTF-8)" in message and "--encoding" not in message


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("klingon", "unknown encoding 'klingon'"),
        ("", "unknown encoding ''"),
        ("utf-16", "encoding 'utf-16' cannot be read line by line"),
        ("base64", "encoding 'base64' cannot be read line by line"),
    ],
)
def test_an_encoding_the_readers_cannot_use_is_named(tmp_path: Path, encoding: str, message: str) -> None:
    p = write(tmp_path / "a.jsonl", b'{"text": "eins"}\n')
    for read in (read_corpus, read_jsonl, read_csv, lambda p, encoding: read_text_folder(tmp_path, encoding=encoding)):
        with pytest.raises(ValueError, match=re.escape(message)):
            read(p, encoding=encoding)
    with pytest.raises(ValueError, match=re.escape(message)):
        read_corpus("synth:3", encoding=encoding)  # meaningless there, but a typo all the same


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.jsonl", b'{"text": "Erste", "section": "Web"}\r\n{"text": "Zweite", "section": "Web"}'),
        ("a.csv", b"text,section\r\nErste,Web\r\nZweite,Web\r\n"),
        ("a.tsv", b"text\tsection\nErste\tWeb\nZweite\tWeb\n"),
        ("g.csv", b"Web;'Erste'\nWeb;'Zweite'\n"),
    ],
)
def test_utf8_bom_is_not_part_of_the_first_record(tmp_path: Path, name: str, data: bytes) -> None:
    stream = read_corpus(write(tmp_path / name, BOM + data))
    assert list(stream) == [{"text": t, "fields": {"section": "Web"}} for t in ("Erste", "Zweite")]
    assert stream.skipped == 0


def test_utf8_bom_is_not_part_of_a_text_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BOM + "Meldung über Wien".encode())
    assert [d["text"] for d in read_corpus(tmp_path)] == ["Meldung über Wien"]


def test_csv_with_semicolons_as_spreadsheets_write_it(tmp_path: Path) -> None:
    p = write(tmp_path / "s.csv", BOM + 'title;text;preis\r\nEins;"Ein Text; mit Semikolon";3,50\r\n'.encode())
    assert list(read_corpus(p)) == [{"text": "Ein Text; mit Semikolon", "title": "Eins", "fields": {"preis": "3,50"}}]
    comma = write(tmp_path / "c.csv", b'title,text\nZwei,"a; b; c"\n')
    assert [d["text"] for d in read_corpus(comma)] == ["a; b; c"]

GOLDEN_FIRST: dict[str, object] = {
    "date": "2022-10-27",
    "fields": {"section": "Etat"},
    "title": "Bundesauto in Altbrunn fordert den Arbeitssendungserfolg",
}
