"""Corpora for stichwort: streaming readers and a synthetic German news generator.

:func:`read_corpus` opens a corpus from a spec string: a ``.jsonl`` /
``.ndjson`` file, a ``.csv`` / ``.tsv`` file (the 10kGNAD form
``section;'text'`` is recognised), each also compressed (``.gz``, ``.bz2``,
``.xz``, ``.zst``: ``news.jsonl.gz``), a ``.parquet`` file, a folder of ``.txt``
files, a ``.zip`` archive of such files and ``.txt`` files (:func:`read_zip`), or
``synth:N[:seed]`` for :func:`synthetic_news`.

Example:
    >>> from stichwort.corpus import read_corpus
    >>> docs = list(read_corpus("synth:3:42"))
    >>> len(docs), docs[0]["fields"]["section"] in SECTIONS
    (3, True)
"""

from __future__ import annotations

import warnings
from pathlib import Path

from stichwort.corpus.archives import read_zip
from stichwort.corpus.readers import (
    COMPRESSIONS,
    PARQUET_SUFFIXES,
    TEXT_SUFFIXES,
    CorpusError,
    CorpusWarning,
    Document,
    DocumentStream,
    Source,
    _zstandard,
    check_encoding,
    documents_by_suffix,
    read_csv,
    read_gnad,
    read_jsonl,
    read_parquet,
    read_text_folder,
)
from stichwort.corpus.synthetic import SECTIONS, synthetic_news

__all__ = [
    "SECTIONS",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "DocumentStream",
    "check_encoding",
    "read_corpus",
    "read_csv",
    "read_gnad",
    "read_jsonl",
    "read_parquet",
    "read_text_folder",
    "read_zip",
    "synthetic_news",
]


def _synthetic(spec: str) -> DocumentStream:
    parts = spec.split(":")
    try:
        if len(parts) not in (2, 3):
            raise ValueError
        n = int(parts[1])
        seed = int(parts[2]) if len(parts) == 3 else 0
    except ValueError:
        raise ValueError(f"bad corpus spec {spec!r}: expected synth:N or synth:N:SEED with integers") from None
    docs = synthetic_news(n, seed)
    return DocumentStream(lambda report: docs)  # type: ignore[arg-type,return-value]


def _corpus_files(folder: Path) -> list[Path]:
    """The files in ``folder`` (not below it) that are corpora of their own: files read by
    their suffix, compressed ones, zip archives; not ``.txt`` files."""

    def corpus_file(path: Path) -> bool:
        suffix = path.suffix.lower()
        if suffix in COMPRESSIONS:
            suffix = Path(path.stem).suffix.lower()
            return suffix in TEXT_SUFFIXES
        return suffix in TEXT_SUFFIXES + PARQUET_SUFFIXES + (".zip",)

    return sorted(p for p in folder.iterdir() if corpus_file(p) and p.is_file())


def _read_folder(path: Path, encoding: str, strict: bool) -> DocumentStream:
    """The ``.txt`` files of the folder ``path``, with a :class:`CorpusWarning` naming
    the corpus files in it that are passed over."""
    passed_over = _corpus_files(path)
    if passed_over:
        names = ", ".join(p.name for p in passed_over[:3]) + (", ..." if len(passed_over) > 3 else "")
        warnings.warn(
            f"{path}: a folder is read as its .txt files; skipped {len(passed_over)} "
            f"other corpus file{'s' if len(passed_over) > 1 else ''} in it ({names}): "
            "to index them, name them as sources of their own",
            CorpusWarning,
            stacklevel=3,
        )
    return read_text_folder(path, encoding=encoding, strict=strict)


def read_corpus(spec: str | Path, *, encoding: str = "utf-8", strict: bool = False) -> DocumentStream:
    """Open a corpus by file suffix, folder, or ``synth:N[:seed]``.

    A ``.zip`` is read member after member in name order, each as its suffix says
    (:func:`read_zip`). A folder is read as its ``.txt`` files (:func:`read_text_folder`);
    other corpus files in it (``.csv``, ``.jsonl``, ``.zip``, ...) are not read, and a
    :class:`CorpusWarning` says how many and names them.

    Args:
        spec: a path or ``synth:N[:seed]``.
        encoding: the codec of text files (JSON Lines, CSV, text folders, such
            members of a zip): ``"cp1252"`` for Windows and Latin-1 exports. Parquet holds UTF-8.
        strict: raise :class:`CorpusError` on the first bad line instead of
            skipping it with a :class:`CorpusWarning`.

    Raises:
        FileNotFoundError: the path does not exist.
        ValueError: a suffix no reader knows, a malformed ``synth:`` spec, or an
            encoding the readers cannot use (:func:`check_encoding`).
        ImportError: a ``.zst`` file (or zip member) without the zstandard package.
        CorpusError: a ``.zip`` that is damaged or truncated, or has an encrypted
            member or a zip inside; the message names the archive and the member.

    Example:
        >>> stream = read_corpus("synth:2")
        >>> [sorted(d) for d in stream][0]
        ['date', 'fields', 'text', 'title']
    """
    encoding = check_encoding(encoding)  # a bad name is an error for every kind of source
    if isinstance(spec, str) and spec.startswith("synth:"):
        return _synthetic(spec)
    path = Path(spec)
    if not path.exists():
        raise FileNotFoundError(f"corpus {str(spec)!r} not found")
    if path.is_dir():
        return _read_folder(path, encoding, strict)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return read_zip(path, encoding=encoding, strict=strict)
    if suffix == ".zst":
        _zstandard()  # not installed: say so before any source is read
    if suffix in COMPRESSIONS:
        inner = Path(path.stem).suffix.lower()
        if inner not in TEXT_SUFFIXES:
            raise ValueError(f"{path}: a compressed corpus must be .jsonl, .ndjson, .csv or .tsv inside, not {inner!r}")
    produce = documents_by_suffix(Source.file(path), encoding)
    if produce is None:
        known = " ".join(TEXT_SUFFIXES + PARQUET_SUFFIXES)
        raise ValueError(f"unknown corpus format {suffix!r} of {path}: use one of {known}, .zip, a folder, or synth:N[:seed]")
    parquet = suffix in PARQUET_SUFFIXES  # holds UTF-8 strings: nothing is decoded
    return DocumentStream(produce, strict=strict, encoding=None if parquet else encoding)
