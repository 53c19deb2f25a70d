"""Zip archives as corpora: every member read as its suffix says, in name order, streaming.

Exports often come as one zip of many files. :func:`read_zip` reads such an
archive as it is, without unpacking it: each member that holds a file is read
by the reader its suffix names (``.jsonl``, ``.csv``, ``news.jsonl.gz``, ...,
as :func:`stichwort.corpus.read_corpus` reads files) or, for ``.txt``, as one
document (as in a text folder). Problems are reported as
``archive.zip/member:line``.

Example:
    >>> import tempfile, pathlib, zipfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.zip"
    >>> with zipfile.ZipFile(path, "w") as z:
    ...     z.writestr("b/meldung.txt", "Kurze Meldung.")
    ...     z.writestr("a.jsonl", '{"text": "Hallo Welt"}\\n')
    >>> [d["text"] for d in read_zip(path)]
    ['Hallo Welt', 'Kurze Meldung.']
"""

from __future__ import annotations

import lzma
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO

from stichwort.corpus.readers import (
    PARQUET_SUFFIXES,
    TEXT_SUFFIXES,
    CorpusError,
    Document,
    DocumentStream,
    Report,
    Source,
    _text_document,
    _zstandard,
    check_encoding,
    documents_by_suffix,
)

__all__ = ["read_zip"]

#: What zipfile raises for damaged bytes: bad headers or checksums, bad compressed data
#: (zlib, lzma; bz2 raises OSError), a file that ends early, an unknown compression method.
_DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, NotImplementedError)

#: Why a member is skipped that no reader takes.
_UNKNOWN = (
    f"not a corpus file: members read are {', '.join(TEXT_SUFFIXES)} (each also .gz, .bz2, .xz or .zst), "
    f"{', '.join(PARQUET_SUFFIXES)} and .txt"
)


def _name(path: Path, info: zipfile.ZipInfo) -> str:
    """How reports name a member: ``archive.zip/folder/file.jsonl``."""
    return f"{path}/{info.filename}"


def _is_junk(member: str) -> bool:
    """Files that archive tools add beside the data: macOS resource forks and folder settings, Windows thumbnails."""
    parts = member.split("/")
    return parts[0] == "__MACOSX" or parts[-1] in (".DS_Store", "Thumbs.db") or parts[-1].startswith("._")


@contextmanager
def _open_archive(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError) as e:
        raise CorpusError(f"{path}: not a zip archive, or a damaged or truncated one ({e})") from None
    with archive:
        yield archive


def _members(archive: zipfile.ZipFile, path: Path) -> list[zipfile.ZipInfo]:
    """The members that hold files, in name order (as paths: a folder's files together); junk left out.

    Raises:
        CorpusError: an encrypted member, or an archive inside the archive (unzipping it here
            would mean decompressing it once per member inside it).
        ImportError: a ``.zst`` member without the zstandard package.
    """
    files = (i for i in archive.infolist() if not i.is_dir() and not _is_junk(i.filename))
    members = sorted(files, key=lambda i: i.filename.split("/"))
    for info in members:
        name = _name(path, info)
        if info.flag_bits & 0x1:
            raise CorpusError(f"{name}: the member is encrypted; unzip {path} with its password and index the files")
        suffix = PurePosixPath(info.filename).suffix.lower()
        if suffix == ".zip":
            raise CorpusError(f"{name}: a zip archive inside the zip archive; unzip {path} and index what it holds")
        if suffix == ".zst":
            _zstandard()
    return members


@contextmanager
def _member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[IO[bytes]]:
    """The stored bytes of a member, read as they are needed; damage is a :class:`CorpusError` naming it."""
    try:
        member = archive.open(info)
    except (*_DAMAGED, ValueError) as e:  # ValueError: a header offset outside the file
        raise CorpusError(f"{name}: cannot read it from the archive: {e}") from None
    with member:
        try:
            yield member
        except _DAMAGED as e:
            raise CorpusError(f"{name}: cannot read it from the archive: {e}") from None


def read_zip(path: str | Path, *, encoding: str = "utf-8", strict: bool = False) -> DocumentStream:
    """Documents from the members of a zip archive, in name order, each read as its suffix says.

    ``.jsonl``/``.ndjson``, ``.csv``/``.tsv`` (each also ``.gz``, ``.bz2``, ``.xz``,
    ``.zst``) and ``.parquet``/``.pq`` members are read as :func:`read_corpus` reads
    such files, streaming; a ``.txt`` member is one document, as in a text folder (title
    the file name without suffix, field ``file`` the member's path). Folders, ``__MACOSX/``,
    ``.DS_Store``, ``._*`` and ``Thumbs.db`` are passed over; any other member is a bad
    line (line 0): skipped with a warning, or with ``strict=True`` an error. Text members
    are decoded with ``encoding``. Members may be stored or compressed with deflate,
    bzip2 or lzma, in zip64 archives too.

    Raises:
        CorpusError: the file is not a zip archive or is damaged or truncated; a member is
            encrypted or itself a zip archive (these at once); a member's bytes are damaged
            (when it is read). The message names the archive and the member.

    Example:
        >>> stream = read_zip("export.zip", encoding="cp1252")  # doctest: +SKIP
    """
    path = Path(path)
    encoding = check_encoding(encoding)
    with _open_archive(path) as archive:
        _members(archive, path)  # damage and members that cannot be read: an error before any document

    def produce(report: Report) -> Iterator[Document]:
        with _open_archive(path) as archive:
            for info in _members(archive, path):
                name = _name(path, info)
                source = Source(name, partial(_member_bytes, archive, info, name))
                if PurePosixPath(info.filename).suffix.lower() == ".txt":
                    with source.open() as f:
                        data = f.read()  # the document is the whole member
                    doc = _text_document(data, name, info.filename, encoding, report)
                    if doc is not None:
                        yield doc
                    continue
                documents = documents_by_suffix(source, encoding)
                if documents is None:
                    report(name, 0, _UNKNOWN)
                    continue
                yield from documents(report)

    return DocumentStream(produce, strict=strict, encoding=encoding)
