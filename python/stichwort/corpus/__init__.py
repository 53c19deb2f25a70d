"""Corpora for stichwort: streaming readers and a synthetic German news generator.

:func:`read_corpus` opens a corpus from a spec string: a ``.jsonl`` /
``.ndjson`` file, a ``.csv`` / ``.tsv`` file (the 10kGNAD form
``section;'text'`` is recognised), each also compressed (``.gz``, ``.bz2``,
``.xz``, ``.zst``: ``news.jsonl.gz``), a ``.parquet`` file, a folder of ``.txt``
files, or ``synth:N[:seed]`` for :func:`synthetic_news`.

Example:
    >>> from stichwort.corpus import read_corpus
    >>> docs = list(read_corpus("synth:3:42"))
    >>> len(docs), docs[0]["fields"]["section"] in SECTIONS
    (3, True)
"""

from __future__ import annotations

from pathlib import Path

from stichwort.corpus.readers import (
    COMPRESSIONS,
    CorpusError,
    CorpusWarning,
    Document,
    DocumentStream,
    _zstandard,
    check_encoding,
    header_delimiter,
    looks_like_gnad,
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
    "synthetic_news",
]

_SUFFIXES = ".jsonl .ndjson .csv .tsv .parquet .pq"
_UNREAD_COMPRESSIONS = (".zip",)


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


def read_corpus(spec: str | Path, *, encoding: str = "utf-8", strict: bool = False) -> DocumentStream:
    """Open a corpus by file suffix, folder, or ``synth:N[:seed]``.

    Args:
        spec: a path or ``synth:N[:seed]``.
        encoding: the codec of text files (JSON Lines, CSV, text folders):
            ``"cp1252"`` for Windows and Latin-1 exports. Parquet holds UTF-8.
        strict: raise :class:`CorpusError` on the first bad line instead of
            skipping it with a :class:`CorpusWarning`.

    Raises:
        FileNotFoundError: the path does not exist.
        ValueError: a suffix no reader knows, a malformed ``synth:`` spec, or an
            encoding the readers cannot use (:func:`check_encoding`).
        ImportError: a ``.zst`` file without the zstandard package.

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
        return read_text_folder(path, encoding=encoding, strict=strict)
    suffix = path.suffix.lower()
    if suffix in _UNREAD_COMPRESSIONS:
        raise ValueError(f"{path} is compressed ({suffix}): decompress it first (unzip), or use gzip, bzip2, xz or zstd")
    if suffix == ".zst":
        _zstandard()  # not installed: say so before any source is read
    if suffix in COMPRESSIONS:
        # news.jsonl.gz: the format is the suffix before; Parquet compresses inside.
        suffix = Path(path.stem).suffix.lower()
        if suffix not in (".jsonl", ".ndjson", ".csv", ".tsv"):
            raise ValueError(f"{path}: a compressed corpus must be .jsonl, .ndjson, .csv or .tsv inside, not {suffix!r}")
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl(path, encoding=encoding, strict=strict)
    if suffix == ".csv":
        if looks_like_gnad(path):
            return read_gnad(path, encoding=encoding, strict=strict)
        return read_csv(path, delimiter=header_delimiter(path), encoding=encoding, strict=strict)
    if suffix == ".tsv":
        return read_csv(path, delimiter="\t", encoding=encoding, strict=strict)
    if suffix in (".parquet", ".pq"):
        return read_parquet(path, strict=strict)
    raise ValueError(f"unknown corpus format {suffix!r} of {path}: use one of {_SUFFIXES}, a folder, or synth:N[:seed]")
