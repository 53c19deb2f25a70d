"""Damaged indexes: truncating or flipping bytes in any file, a foreign
file, a missing file, or a folder that is no index gives a clear error
(CorruptIndexError naming the file), never a crash or a wrong answer."""

from __future__ import annotations

import functools
import random
import re
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

import stichwort

KINDS = ["MANIFEST", ".cols", ".terms", ".post", ".pos", ".fwd", ".store", ".sent", ".del"]


def build(path: Path, text: Callable[[int], str], deleted: int, n: int = 400) -> Path:
    """An index of ``n`` documents with titles and fields, one of them deleted."""
    with stichwort.Index(path, analyzer="simple") as ix:
        ix.add_many({"text": text(i), "title": f"t{i}", "fields": {"s": str(i % 2)}} for i in range(n))
        ix.commit()
        ix.delete(deleted)
        ix.commit()
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("corrupt") / "ix", lambda i: f"wort{i % 17} text nummer {i} " * (1 + i % 4), 5)


def files_of(path: Path, kind: str) -> list[Path]:
    out = sorted(p for p in path.iterdir() if p.name == kind or (kind.startswith(".") and p.name.endswith(kind)))
    assert out, kind
    return out


def damaged_copy(built: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(built, dst)
    (dst / "LOCK").unlink(missing_ok=True)
    return dst


def assert_corrupt(path: Path, name: str) -> None:
    with pytest.raises(stichwort.CorruptIndexError, match=name.replace(".", r"\.")):
        stichwort.Index.open(path)
    with pytest.raises(stichwort.CorruptIndexError, match=name.replace(".", r"\.")):
        stichwort.Index(path, analyzer="simple")


@pytest.mark.parametrize("kind", KINDS)
def test_truncated(built: Path, tmp_path: Path, kind: str) -> None:
    rng = random.Random(kind)
    for cut in ("empty", "header", "random", "last byte"):
        dst = damaged_copy(built, tmp_path / cut)
        f = files_of(dst, kind)[0]
        data = f.read_bytes()
        n = {"empty": 0, "header": 10, "random": rng.randrange(len(data)), "last byte": len(data) - 1}[cut]
        f.write_bytes(data[:n])
        assert_corrupt(dst, f.name)


@pytest.mark.parametrize("kind", KINDS)
def test_flipped_bytes(built: Path, tmp_path: Path, kind: str) -> None:
    rng = random.Random(kind)
    src = files_of(built, kind)[0]
    size = src.stat().st_size
    for k, at in enumerate([0, 9, 13, size // 2, size - 5, size - 1] + [rng.randrange(size) for _ in range(4)]):
        dst = damaged_copy(built, tmp_path / str(k))
        f = dst / src.name
        data = bytearray(f.read_bytes())
        data[at] ^= 1 << rng.randrange(8)
        f.write_bytes(bytes(data))
        assert_corrupt(dst, f.name)


def test_foreign_and_swapped_files(built: Path, tmp_path: Path) -> None:
    dst = damaged_copy(built, tmp_path / "a")
    post = files_of(dst, ".post")[0]
    post.write_bytes(b"PK\x03\x04 this is a zip file, not an index " * 20)
    assert_corrupt(dst, post.name)
    dst = damaged_copy(built, tmp_path / "b")
    pos, post = files_of(dst, ".pos")[0], files_of(dst, ".post")[0]
    shutil.copy(pos, post)  # a valid file of the wrong kind
    assert_corrupt(dst, post.name)


def test_older_format_version(built: Path, tmp_path: Path) -> None:
    """An index of an older format (1: postings without block saturations) is refused by name, checksum or not."""
    dst = damaged_copy(built, tmp_path)
    post = files_of(dst, ".post")[0]
    data = bytearray(post.read_bytes())
    assert int.from_bytes(data[12:16], "little") > 1
    data[12:16] = (1).to_bytes(4, "little")
    data[-8:-4] = zlib.crc32(bytes(data[:-8])).to_bytes(4, "little")
    post.write_bytes(bytes(data))
    assert_corrupt(dst, post.name)
    with pytest.raises(stichwort.CorruptIndexError, match=r"unsupported format version 1 \(this build reads \d+\)"):
        stichwort.Index.open(dst)


def test_missing_file(built: Path, tmp_path: Path) -> None:
    dst = damaged_copy(built, tmp_path)
    victim = files_of(dst, ".fwd")[0]
    victim.unlink()
    assert_corrupt(dst, victim.name)


def test_undamaged_copy_opens(built: Path, tmp_path: Path) -> None:
    ix = stichwort.Index.open(damaged_copy(built, tmp_path))
    assert ix.num_docs == 399 and ix.doc_freq("nummer") == 399


def test_not_an_index(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x;y\n")
    with pytest.raises(ValueError, match="not a stichwort index"):
        stichwort.Index(tmp_path)
    with pytest.raises(ValueError, match="not a stichwort index"):
        stichwort.Index.open(tmp_path)


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index shaped like ``built`` (same documents, segments, deletions
    and fields), with other words and sentences, so that every cross-check
    but the files' checksums agrees."""
    return build(tmp_path_factory.mktemp("other") / "ix", lambda i: f"Satz{i % 13}. Anderer Text, Zahl {i}. " * (1 + i % 4), 6)


@pytest.fixture(scope="module")
def smaller(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of fewer documents: its files fail this one's cross-checks
    between files too (a dictionary's offsets against the postings' length)."""
    return build(tmp_path_factory.mktemp("smaller") / "ix", lambda i: f"kurz {i}", 3, n=250)


@pytest.mark.parametrize("source", ["other", "smaller"])
@pytest.mark.parametrize("kind", [k for k in KINDS if k != "MANIFEST"])
def test_valid_file_of_another_index(built: Path, tmp_path: Path, kind: str, source: str, request: pytest.FixtureRequest) -> None:
    """A file that is valid in itself but belongs to another index (or
    segment) is refused by the checksum the MANIFEST records for it,
    instead of being read as this segment's (wrong results); the error
    names that file, not one read with it."""
    dst = damaged_copy(built, tmp_path)
    victim = files_of(dst, kind)[0]
    foreign = request.getfixturevalue(source) / victim.name
    assert foreign.read_bytes() != victim.read_bytes()
    shutil.copy(foreign, victim)
    assert_corrupt(dst, victim.name)


def test_missing_manifest(built: Path, tmp_path: Path) -> None:
    """A folder of segments whose MANIFEST is gone is a damaged index (not
    'no index'), and opening it changes nothing in it."""
    dst = damaged_copy(built, tmp_path)
    (dst / "MANIFEST").unlink()
    before = sorted(p.name for p in dst.iterdir())
    assert_corrupt(dst, "MANIFEST")
    with pytest.raises(stichwort.CorruptIndexError, match="MANIFEST"):
        stichwort.Index.open(dst, readonly=False)
    assert sorted(p.name for p in dst.iterdir()) == before


def rewrite_manifest(index: Path, edit: Callable[[str], str]) -> None:
    """Writes the MANIFEST anew, each of its lines passed through ``edit``,
    with a valid checksum: the MANIFEST an older build would have written."""
    m = index / "MANIFEST"
    data = m.read_bytes()
    lines = data[16:-16].decode().splitlines()
    payload = "".join(edit(line) + "\n" for line in lines).encode()
    head = data[:16] + payload + len(payload).to_bytes(8, "little")
    m.write_bytes(head + zlib.crc32(head).to_bytes(4, "little") + b"TWND")


def test_manifest_without_checksums_still_opens(built: Path, tmp_path: Path) -> None:
    """A MANIFEST of an older build (segment lines without file checksums) is read as before."""
    dst = damaged_copy(built, tmp_path)
    segment_lines = [line for line in (dst / "MANIFEST").read_bytes()[16:-16].decode().splitlines() if line.startswith("segment ")]
    assert segment_lines and all(len(line.split()) > 5 for line in segment_lines)
    rewrite_manifest(dst, lambda line: " ".join(line.split()[:5]) if line.startswith("segment ") else line)
    ix = stichwort.Index.open(dst)
    assert ix.num_docs == 399 and ix.doc_freq("nummer") == 399


def older_build_index(path: Path, texts: list[str], **options: bool) -> stichwort.Analyzer:
    """A "german" index of ``texts`` with ``options``, its MANIFEST as a build
    before the options that are off wrote it (without their keys); its analyzer."""
    analyzer = stichwort.Analyzer("german", **options)
    with stichwort.Index(path, analyzer=analyzer) as ix:
        ix.add_many(texts)
        ix.commit()
    off = [f" {name}=0" for name, on in options.items() if not on]
    rewrite_manifest(path, lambda line: functools.reduce(lambda text, key: text.replace(key, ""), off, line))
    return analyzer


def test_analyzer_spec_of_an_older_build_keeps_its_analysis(tmp_path: Path) -> None:
    """An older build wrote no key for options added since (they were off
    then): its index keeps reading "Bürger*innen" as two words, for the
    documents it has, the ones added later, and queries."""
    path = tmp_path / "ix"
    older = older_build_index(path, ["Die Bürger*innen tagen."], gender_forms=False, umlaut_digraphs=False)
    assert "gender_forms" not in (path / "MANIFEST").read_bytes()[16:-16].decode()
    with stichwort.Index(path) as ix:
        assert ix.analyzer_spec == older.spec
        ix.add("Alle Bürger*innen tagen.")
        ix.commit()
        # Read as now ("Bürger*innen" one word), the phrase would not match.
        assert ix.match('"Bürger*innen tagen"').tolist() == [0, 1]
        assert ix.doc_freq("inn") == 2
    assert stichwort.Index.open(path).count('"Bürger*innen tagen"') == 2


def test_another_analyzer_on_an_older_index_names_what_differs_and_the_way_out(tmp_path: Path) -> None:
    # The message showed the MANIFEST line as stored, without the options it
    # leaves out, beside today's spec with them: the difference was not said.
    path = tmp_path / "ix"
    older_build_index(path, ["Die Bürger*innen tagen."], gender_forms=False, umlaut_digraphs=False)
    with pytest.raises(stichwort.SchemaError) as caught:
        stichwort.Index(path, analyzer=stichwort.Analyzer("german"))
    message = str(caught.value)
    assert "gender_forms=0 umlaut_digraphs=0" in message and "came later and are off" in message
    assert re.search(r"differ in gender_forms, umlaut_digraphs\b", message)
    assert "open it without naming an analyzer" in message
    with pytest.raises(stichwort.SchemaError, match=r"differ in preset, stem\b"):
        stichwort.Index(path, analyzer="simple")


@pytest.mark.parametrize("with_gender_forms", [False, True])
def test_index_of_a_build_before_umlaut_digraphs_keeps_its_analysis(tmp_path: Path, with_gender_forms: bool) -> None:
    """A MANIFEST without the umlaut_digraphs key (written before the option,
    after gender_forms or before it too) keeps "Muenchen" apart from
    "München": for its documents, the ones added later, queries and prefixes."""
    path = tmp_path / "ix"
    older = older_build_index(
        path, ["Gipfel in München", "Gipfel in Muenchen"], gender_forms=with_gender_forms, umlaut_digraphs=False
    )
    assert "umlaut_digraphs" not in (path / "MANIFEST").read_bytes()[16:-16].decode()
    with stichwort.Index(path) as ix:
        assert ix.analyzer_spec == older.spec
        ix.add("Später wieder in Muenchen")
        ix.commit()
        assert ix.match("Muenchen").tolist() == [1, 2]
        assert ix.match("München").tolist() == [0]
        assert ix.match(stichwort.Prefix("Muench")).tolist() == [1, 2]
        assert ix.doc_freq("muench") == 2
    reopened = stichwort.Index.open(path)
    assert reopened.count("Muenchen") == 2 and reopened.count('"in München"') == 1
    # Asking for today's "german" on it says the analysis differs.
    with pytest.raises(stichwort.SchemaError, match="umlaut_digraphs=0"):
        stichwort.Index(path, analyzer=stichwort.Analyzer("german"))


def test_index_of_a_build_before_catenate_compounds_keeps_its_analysis(tmp_path: Path) -> None:
    """A MANIFEST without the catenate_compounds key (written before the
    option) keeps "Corona-Pandemie" two words only: its documents, the ones
    added later and its queries do not meet "Coronapandemie"."""
    path = tmp_path / "ix"
    older = older_build_index(path, ["Die Corona-Pandemie endet", "Die Coronapandemie endet"], catenate_compounds=False)
    assert "catenate_compounds" not in (path / "MANIFEST").read_bytes()[16:-16].decode()
    with stichwort.Index(path) as ix:
        assert ix.analyzer_spec == older.spec
        ix.add("Nach der Corona-Pandemie")
        ix.commit()
        assert ix.match("Corona-Pandemie").tolist() == [0, 2]
        assert ix.match("Coronapandemie").tolist() == [1]
        assert ix.doc_freq("coronapandemi") == 1
    reopened = stichwort.Index.open(path)
    assert reopened.count("Coronapandemie") == 1 and reopened.count("Corona-Pandemie") == 2
    with pytest.raises(stichwort.SchemaError, match="catenate_compounds=0"):
        stichwort.Index(path, analyzer=stichwort.Analyzer("german"))


def test_index_of_a_build_before_gender_endings_keeps_its_analysis(tmp_path: Path) -> None:
    """A MANIFEST without the gender_endings key (written with gender_forms,
    before its all-caps forms and short endings) keeps reading "BÜRGER*INNEN"
    and "jede*r" as two words each: its documents, the ones added later, its
    queries and its sentences."""
    path = tmp_path / "ix"
    older = older_build_index(path, ["DIE BÜRGER*INNEN TAGEN. Jede*r kam.", "Die Bürger tagen."], gender_endings=False)
    manifest = (path / "MANIFEST").read_bytes()[16:-16].decode()
    assert "gender_endings" not in manifest and "gender_forms=1" in manifest
    with stichwort.Index(path) as ix:
        assert ix.analyzer_spec == older.spec
        ix.add("ALLE BÜRGER*INNEN TAGEN.")
        ix.commit()
        # Read as now (one word each), the phrases would find other documents.
        assert ix.match('"BÜRGER*INNEN TAGEN"').tolist() == [0, 2]
        assert ix.match('"Bürger tagen"').tolist() == [1]
        assert ix.match('"jede*r kam"').tolist() == ix.match("jede*r").tolist() == [0]
        assert ix.doc_freq("inn") == 2 and ix.doc_freq("r") == 1
        c = ix.cooccurrence("kam", scope="sentence", measure="count")
        assert sorted(c.terms) == ["jed", "r"]
    assert stichwort.Index.open(path).count('"BÜRGER*INNEN TAGEN"') == 2
    with pytest.raises(stichwort.SchemaError, match=r"gender_endings=0.*differ in gender_endings\b"):
        stichwort.Index(path, analyzer=stichwort.Analyzer("german"))
