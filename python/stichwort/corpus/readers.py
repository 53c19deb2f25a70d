"""Streaming readers for corpora on disk: JSON Lines, CSV, text folders, Parquet.

Every reader returns a :class:`DocumentStream`: an iterator of documents
``{"text": str, "title"?: str, "date"?: str, "fields": {name: str}}`` that
reads lazily, one line (or row, or file) at a time. Text is decoded as UTF-8
unless ``encoding`` names another codec (``"cp1252"`` for Windows and Latin-1
exports). A line that cannot be used (bad JSON, undecodable bytes, a row
without text, a wrong column count) is reported with its file and line
number: by default it is skipped with a :class:`CorpusWarning` and counted in
``stream.skipped``; with ``strict=True`` it raises :class:`CorpusError`.
Nothing else is lost.

Example:
    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = folder / "news.jsonl"
    >>> _ = path.write_text(json.dumps({"text": "Hallo Welt", "section": "Web"}) + "\\n")
    >>> docs = list(read_jsonl(path))
    >>> docs
    [{'text': 'Hallo Welt', 'fields': {'section': 'Web'}}]
"""

from __future__ import annotations

import bz2
import codecs
import csv
import datetime as _dt
import gzip
import io
import json
import lzma
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, NotRequired, TypedDict

from stichwort.errors import StichwortError
from stichwort.query import _to_date

__all__ = [
    "Document",
    "DocumentStream",
    "CorpusError",
    "CorpusWarning",
    "read_jsonl",
    "read_csv",
    "read_gnad",
    "read_text_folder",
    "read_parquet",
    "check_encoding",
]

_RESERVED = ("text", "title", "date", "fields")
_BOM = b"\xef\xbb\xbf"


class Document(TypedDict):
    """One document as the readers yield it and ``Index.add_many`` takes it."""

    text: str
    title: NotRequired[str]
    date: NotRequired[str]
    fields: dict[str, str]


class CorpusError(StichwortError, ValueError):
    """A corpus line that cannot be read, in strict mode; the message names file:line."""


class CorpusWarning(UserWarning):
    """A corpus line was skipped; the message names file:line and the reason."""


Report = Callable[[str, int, str], None]

#: The documents of one source, problems going to the report it is given.
Produce = Callable[[Report], Iterator[Document]]


@dataclass(frozen=True)
class Source:
    """A file to read documents from: its name in reports and how to open its bytes as stored.

    The name's suffixes say how to read it (``news.jsonl.gz``); a file on disk is named by
    its path, a zip member by ``archive.zip/member`` (see :mod:`stichwort.corpus.archives`).
    """

    name: str
    open: Callable[[], AbstractContextManager[IO[bytes]]]

    @classmethod
    def file(cls, path: Path) -> Source:
        """A file on disk."""
        return cls(str(path), lambda: path.open("rb"))

#: Input bytes decompressed at a time: zstd can expand them 30,000-fold at worst.
_ZSTD_CHUNK = 1 << 12


def _zstandard() -> Any:
    """The zstandard module (Python 3.11 has no zstd of its own), or an ImportError saying how to get it."""
    try:
        import zstandard
    except ImportError as e:
        raise ImportError(
            "reading .zst files needs the zstandard package: pip install zstandard (or pip install 'stichwort[zstd]')"
        ) from e
    return zstandard


class _ZstdReader(io.RawIOBase):
    """The decompressed bytes of a ``.zst`` file, frame after frame (``zstd`` may write
    several, and ``cat a.zst b.zst`` is one valid file).

    zstandard's own stream reader ends quietly where a truncated file ends; this one
    raises ``EOFError`` then, as gzip does, and ``OSError`` for damaged data.
    """

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file  # first: close() needs it, and runs even when __init__ failed
        self._zstd = _zstandard()
        self._frame = self._zstd.ZstdDecompressor().decompressobj()
        self._in_frame = False  # bytes of the current frame were given to it
        self._out = memoryview(b"")  # decompressed, not yet read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._out:
            data = self._file.read(_ZSTD_CHUNK)
            if not data:
                if self._in_frame:
                    raise EOFError("the file ends inside a zstd frame (truncated?)")
                return 0
            self._out = memoryview(self._decompress(data))
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _decompress(self, data: bytes) -> bytes:
        parts = []
        while data:
            self._in_frame = True
            try:
                parts.append(self._frame.decompress(data))
            except self._zstd.ZstdError as e:
                raise OSError(str(e)) from None
            if not self._frame.eof:
                break
            data = self._frame.unused_data  # the next frame's start
            self._frame = self._zstd.ZstdDecompressor().decompressobj()
            self._in_frame = False
        return b"".join(parts)

    def close(self) -> None:
        self._file.close()
        super().close()


#: Compressed files read as they are, by their last suffix (news.jsonl.gz): the
#: decompressed bytes of the compressed ones.
COMPRESSIONS: dict[str, Callable[[IO[bytes]], io.BufferedIOBase]] = {
    ".gz": lambda f: gzip.GzipFile(fileobj=f, mode="rb"),
    ".bz2": lambda f: bz2.BZ2File(f, "rb"),
    ".xz": lambda f: lzma.LZMAFile(f, "rb"),
    ".zst": lambda f: io.BufferedReader(_ZstdReader(f)),
}


@contextmanager
def _open_bytes(source: Source) -> Iterator[IO[bytes] | io.BufferedIOBase]:
    """The bytes of ``source``, decompressed when its suffix says so; a damaged or
    truncated compressed file is a :class:`CorpusError` naming it."""
    decompress = COMPRESSIONS.get(Path(source.name).suffix.lower())
    with source.open() as stored:
        if decompress is None:
            yield stored
            return
        with decompress(stored) as f:
            try:
                yield f
            except (EOFError, OSError, lzma.LZMAError) as e:
                raise CorpusError(f"{source.name}: cannot decompress it: {e}") from None


#: Skipped lines a stream warns about one by one; the rest are only counted
#: (a Latin-1 file gave one warning per line with an umlaut).
MAX_WARNINGS = 20

#: Added to a stream's first invalid-UTF-8 warning: the usual cause. cp1252, not
#: latin-1: it is Latin-1 plus € „ “ – … at 0x80-0x9F, where Latin-1 has control codes.
_ENCODING_HINT = (
    " (an export in Windows-1252 or Latin-1? read it with encoding='cp1252', "
    "on the command line --encoding cp1252)"
)

#: Every ASCII byte and JSON escapes: a codec the readers take decodes them as ASCII
#: does, since lines are split at b"\n" and CSV and JSON syntax is ASCII (UTF-16,
#: UTF-7 and unicode-escape do not).
_ASCII_PROBE = bytes(c for c in range(0x80) if c != 0x5C) + rb'"\u00e4\n\\"'


def check_encoding(encoding: str) -> str:
    """The codec name of ``encoding`` (``"cp1252"`` for ``"Windows-1252"``), if the readers can decode with it.

    Raises:
        ValueError: no codec has that name, or it does not keep ASCII as it is (UTF-16).

    Example:
        >>> check_encoding("Windows-1252"), check_encoding("latin-1"), check_encoding("utf-8-sig")
        ('cp1252', 'iso8859-1', 'utf-8')
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r} (e.g. utf-8, cp1252, iso8859-15)") from None
    try:
        keeps_ascii = _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (LookupError, ValueError):  # base64 & co. are no text codecs
        keeps_ascii = False
    if not keeps_ascii:
        raise ValueError(
            f"encoding {encoding!r} cannot be read line by line (it does not write ASCII as ASCII); "
            f"convert the file to UTF-8 first: iconv -f {name} -t utf-8 FILE > FILE.utf8"
        )
    return "utf-8" if name == "utf-8-sig" else name  # the readers drop a BOM anyway


#: The bytes Windows-1252 leaves undefined. Windows and browsers (WHATWG's
#: "windows-1252") read each as the C1 control of its value, as Latin-1 does: so a
#: stray 0x81 costs no document, and a Latin-1 file read as cp1252 comes out the same.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _c1_controls_then(fallback: str) -> Callable[[UnicodeError], tuple[str | bytes, int]]:
    """A decode error handler for cp1252: an undefined byte is its C1 control, any
    other error goes to the ``fallback`` handler."""
    other = codecs.lookup_error(fallback)

    def handle(e: UnicodeError) -> tuple[str | bytes, int]:
        if isinstance(e, UnicodeDecodeError) and e.object[e.start] in _CP1252_UNDEFINED:
            return chr(e.object[e.start]), e.start + 1
        return other(e)

    return handle


for _fallback in ("strict", "surrogateescape"):
    codecs.register_error(f"stichwort-cp1252-c1-{_fallback}", _c1_controls_then(_fallback))


def _errors(codec: str, fallback: str) -> str:
    """The decode error handler for ``codec``: ``fallback``, for cp1252 after its undefined bytes."""
    return f"stichwort-cp1252-c1-{fallback}" if codec == "cp1252" else fallback


def _codec(head: bytes, encoding: str) -> str:
    """The codec for a file that starts with ``head``: one starting with the UTF-8 byte order
    mark is UTF-8 whatever ``encoding`` says (browsers decide so too; no cp1252 text starts
    with "ï»¿"), and "utf-8-sig" drops the mark."""
    return "utf-8-sig" if head.startswith(_BOM) else encoding


#: Why a file read with another ``encoding`` was decoded as UTF-8 (see :func:`_codec`).
_BOM_NOTE = " (the file's byte order mark says UTF-8)"


def _invalid(codec: str) -> str:
    """How a line that ``codec`` cannot decode is reported."""
    if codec == "utf-8-sig":
        return "invalid UTF-8" + _BOM_NOTE
    return "invalid UTF-8" if codec.startswith("utf-8") else f"invalid {codec}"


class DocumentStream(Iterator[Document]):
    """A lazy iterator of documents that counts the lines it had to skip.

    Attributes:
        skipped: number of lines (rows, files) skipped so far.
        problems: ``(file, line, reason)`` of each skipped line.
        encoding: the codec the text is decoded with; ``None`` where there are no
            bytes to decode (Parquet holds UTF-8 strings, generated news).

    Example:
        >>> stream = DocumentStream(lambda report: iter([{"text": "a", "fields": {}}]))
        >>> list(stream), stream.skipped
        ([{'text': 'a', 'fields': {}}], 0)
    """

    def __init__(
        self, produce: Callable[[Report], Iterator[Document]], *, strict: bool = False, encoding: str | None = None
    ) -> None:
        self.strict = strict
        self.encoding = encoding
        self.skipped = 0
        self.problems: list[tuple[str, int, str]] = []
        self._hinted = False  # the encoding hint, given once
        self._docs = produce(self._report)

    def _report(self, file: str, line: int, reason: str) -> None:
        message = f"{file}:{line}: {reason}"
        if self.strict:
            raise CorpusError(message)
        self.skipped += 1
        self.problems.append((file, line, reason))
        if self.skipped > MAX_WARNINGS:
            return
        hint = ""
        # Only where another encoding would help: not after --encoding cp1252, nor
        # in a file whose byte order mark makes it UTF-8 whatever the encoding.
        utf8_by_choice = self.encoding == "utf-8" and _BOM_NOTE not in reason
        if utf8_by_choice and reason.startswith("invalid UTF-8") and not self._hinted:
            hint, self._hinted = _ENCODING_HINT, True
        more = "; further skipped lines are counted, not shown" if self.skipped == MAX_WARNINGS else ""
        warnings.warn(f"skipped {message}{hint}{more}", CorpusWarning, stacklevel=3)

    def __iter__(self) -> DocumentStream:
        return self

    def __next__(self) -> Document:
        return next(self._docs)


def _field_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _document(record: dict[str, Any], text_key: str, file: str, line: int, report: Report) -> Document | None:
    """A document from a decoded record, or ``None`` after reporting why not."""
    text = record.get(text_key)
    if text is not None and not isinstance(text, str):
        report(file, line, f"{text_key!r} is not a string but {type(text).__name__}")
        return None
    if not text or not text.strip():
        report(file, line, f"no text in {text_key!r}")
        return None
    fields = {k: _field_value(v) for k, v in record.items() if k not in _RESERVED and k != text_key and v is not None}
    nested = record.get("fields")
    if isinstance(nested, dict):
        fields.update({str(k): _field_value(v) for k, v in nested.items() if v is not None})
    doc: Document = {"text": text, "fields": fields}
    title = record.get("title")
    if isinstance(title, str) and title:
        doc["title"] = title
    date = record.get("date")
    if date is None or date == "":
        return doc
    # A date the index would refuse is this line's fault, not the run's.
    iso = _iso_date(date)
    if iso is None:
        report(file, line, f"unreadable date {date!r} (expected YYYY-MM-DD, an ISO timestamp or DD.MM.YYYY)")
        return None
    doc["date"] = iso
    return doc


_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _iso_date(value: object) -> str | None:
    """``value`` as the index reads dates (ISO), or ``None``: German ``DD.MM.YYYY`` and date objects are converted.

    Numbers are refused rather than guessed at (seconds or milliseconds since 1970, in which zone?).

    Example:
        >>> _iso_date("1.3.2022"), _iso_date("2022-03-01T10:00:00+01:00"), _iso_date(1646128800)
        ('2022-03-01', '2022-03-01T10:00:00+01:00', None)
    """
    if isinstance(value, _dt.date):  # a Parquet date or timestamp column
        return value.isoformat()
    if not isinstance(value, str):
        return None
    german = _GERMAN_DATE.fullmatch(value.strip())
    try:
        if german:
            day, month, year = map(int, german.groups())
            return _dt.date(year, month, day).isoformat()
        _to_date(value, "date")
    except ValueError:
        return None
    return value


def read_jsonl(
    path: str | Path, *, text_key: str = "text", encoding: str = "utf-8", strict: bool = False
) -> DocumentStream:
    """Documents from a JSON Lines file, one JSON object a line.

    ``title`` and ``date`` (strings) are taken as they are; a nested
    ``fields`` object and every other key become ``fields`` (values as
    strings, nested values as JSON). Blank lines are ignored. Lines are
    decoded with ``encoding`` (see :func:`check_encoding`).

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.jsonl"
        >>> _ = p.write_text('{"text": "Erster", "date": "2015-03-01"}\\n')
        >>> [d["date"] for d in read_jsonl(p)]
        ['2015-03-01']
    """
    encoding = check_encoding(encoding)
    return DocumentStream(_jsonl(Source.file(Path(path)), text_key, encoding), strict=strict, encoding=encoding)


def _jsonl(source: Source, text_key: str, encoding: str) -> Produce:
    def produce(report: Report) -> Iterator[Document]:
        with _open_bytes(source) as f:
            codec = encoding
            for number, raw in enumerate(f, 1):
                if number == 1:
                    codec = _codec(raw, encoding)  # Windows tools start UTF-8 files with a BOM
                try:
                    line = raw.decode(codec, _errors(codec, "strict"))
                except UnicodeDecodeError as e:
                    report(source.name, number, f"{_invalid(codec)} at byte {e.start}")
                    continue
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    report(source.name, number, f"bad JSON: {e.msg} at column {e.colno}")
                    continue
                if not isinstance(record, dict):
                    report(source.name, number, f"expected a JSON object, got {type(record).__name__}")
                    continue
                doc = _document(record, text_key, source.name, number, report)
                if doc is not None:
                    yield doc

    return produce


def read_csv(
    path: str | Path,
    *,
    text_column: str = "text",
    columns: list[str] | None = None,
    delimiter: str = ",",
    quotechar: str = '"',
    encoding: str = "utf-8",
    strict: bool = False,
) -> DocumentStream:
    """Documents from a CSV file, one row each.

    The first row names the columns unless ``columns`` gives the names (then
    every row is data). ``title`` and ``date`` columns are taken as such, all
    other columns go to ``fields``. A row with the wrong number of columns,
    without text or with bytes ``encoding`` cannot decode is reported with the
    line it starts on.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
        >>> _ = p.write_text("section,text\\nSport,Ein Tor\\n")
        >>> list(read_csv(p))
        [{'text': 'Ein Tor', 'fields': {'section': 'Sport'}}]
    """
    encoding = check_encoding(encoding)
    produce = _csv(Source.file(Path(path)), text_column, columns, delimiter, quotechar, encoding)
    return DocumentStream(produce, strict=strict, encoding=encoding)


def _csv(
    source: Source, text_column: str, columns: list[str] | None, delimiter: str, quotechar: str, encoding: str
) -> Produce:
    def produce(report: Report) -> Iterator[Document]:
        # A BOM (Excel's "CSV UTF-8") is not part of the first column's name.
        codec = _codec(_head(source), encoding)
        with _open_bytes(source) as raw:
            # (typeshed types zip members as IO[bytes], which TextIOWrapper is not typed to take)
            f = io.TextIOWrapper(  # type: ignore[type-var]
                raw, encoding=codec, errors=_errors(codec, "surrogateescape"), newline=""
            )
            reader = csv.reader(f, delimiter=delimiter, quotechar=quotechar)
            names = columns
            start = 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as e:
                    report(source.name, start, f"bad CSV: {e}")
                    start = reader.line_num + 1
                    continue
                line, start = start, reader.line_num + 1
                if not row:
                    continue
                if any(has_surrogates(cell) for cell in row):  # bytes the codec could not decode
                    report(source.name, line, _invalid(codec))
                    continue
                if names is None:
                    names = row
                    if text_column not in names:
                        raise CorpusError(f"{source.name}:{line}: no column {text_column!r} in the header {names}")
                    continue
                if len(row) != len(names):
                    report(source.name, line, f"expected {len(names)} columns, got {len(row)}")
                    continue
                doc = _document(dict(zip(names, row)), text_column, source.name, line, report)
                if doc is not None:
                    yield doc

    return produce


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds lone surrogates: bytes that were not valid UTF-8, decoded with
    ``surrogateescape`` (or a codec's errors), which no UTF-8 text can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_gnad(path: str | Path, *, encoding: str = "utf-8", strict: bool = False) -> DocumentStream:
    """Documents from a 10kGNAD-style CSV: ``section;'text'`` rows, no header.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.csv"
        >>> _ = p.write_text("Kultur;'Ein Film, der ''bleibt''.'\\n")
        >>> list(read_gnad(p))
        [{'text': "Ein Film, der 'bleibt'.", 'fields': {'section': 'Kultur'}}]
    """
    encoding = check_encoding(encoding)
    return DocumentStream(_gnad(Source.file(Path(path)), encoding), strict=strict, encoding=encoding)


def _gnad(source: Source, encoding: str) -> Produce:
    return _csv(source, "text", ["section", "text"], ";", "'", encoding)


def _head(source: Source) -> bytes:
    """The first line of ``source``, as it is (up to 4 KiB)."""
    with _open_bytes(source) as f:
        return f.readline(4096)


#: Lines looked at for the first line that is not blank (the CSV reader passes over blank lines).
_HEAD_LINES = 8


def _first_line(source: Source) -> bytes:
    """The first line of ``source`` that is not blank, without a BOM and the line break
    (up to 4 KiB of it; ``b""`` when the first lines are all blank)."""
    with _open_bytes(source) as f:
        for number in range(_HEAD_LINES):
            line = f.readline(4096)
            if number == 0:
                line = line.removeprefix(_BOM)
            if line.strip():
                return line.rstrip(b"\r\n")
            if not line:
                break
    return b""


#: The nine sections of 10kGNAD, as its first column writes them.
GNAD_SECTIONS = frozenset(
    (b"Web", b"Panorama", b"International", b"Wirtschaft", b"Sport", b"Inland", b"Etat", b"Wissenschaft", b"Kultur")
)


def _is_gnad_row(line: bytes) -> bool:
    """True when ``line`` (without its line break) is a row ``section;text`` of the 10kGNAD form.

    Unquoted (most rows): the section is one of the nine and the text is several words
    without a ``;``. Quoted (``Section;'text…``): a section of letters, any text. Never
    a line in which the CSV reader would find a column named ``text`` (a header).
    """
    section, sep, text = line.partition(b";")
    if not sep:
        return False
    if text.startswith(b"'"):
        row = section.isalpha()
    else:
        row = section in GNAD_SECTIONS and b";" not in text and len(text.split()) >= 2
    return row and not _names_text_column(line)


def _names_text_column(line: bytes) -> bool:
    """True when the CSV reader, as :func:`documents_by_suffix` starts it, would read ``line``
    as a header with a ``text`` column."""
    delimiter = ";" if line.count(b";") > line.count(b",") else ","
    try:
        fields = next(csv.reader([line.decode("utf-8", "replace")], delimiter=delimiter), [])
    except csv.Error:
        return False
    return "text" in fields


def looks_like_gnad(source: Source) -> bool:
    """True when ``source`` is a CSV of the 10kGNAD form (``section;text`` rows, no header).

    Its first line that is not blank decides, the line a header would be on:

    * ``Section;text`` unquoted, as 10kGNAD writes most rows (minimal quoting: 951 of its
      1,028 test rows): the section is one of the nine of 10kGNAD (Web, Panorama,
      International, Wirtschaft, Sport, Inland, Etat, Wissenschaft, Kultur), the text is
      several words and holds no ``;`` (a text with one is quoted);
    * ``Section;'text…`` quoted with ``'``, as 10kGNAD writes a text with ``;`` or ``'``:
      any section of letters (``Politik;'…'`` too), any text.

    A CSV with a header is never taken for 10kGNAD: a header the CSV reader can use
    names a column ``text``, and a line in which the CSV reader would find one
    (``section;text``, ``text,date``) is never taken for a row. Other headers are not
    either when their first field is no section or their second is one word
    (``section;body``, ``Sport;Tore``). Conversely, a file whose first line is such a
    row would fail at once if read with a header (no ``text`` column), so the first
    line decides; the rows after it may be quoted or not. Up to 4 KiB of the line are
    looked at.

    Example:
        >>> import io
        >>> def first(line): return looks_like_gnad(Source("a.csv", lambda: io.BytesIO(line)))
        >>> first(b"Sport;Rapid gewinnt in Wien.\\n"), first(b"Web;'Neues Video, viral'\\n")
        (True, True)
        >>> first(b"section;text\\n"), first(b"text,date\\n"), first(b"Sport;Tore\\n")
        (False, False, False)
    """
    return _is_gnad_row(_first_line(source))


def header_delimiter(source: Source) -> str:
    """``";"`` when the header line of ``source`` (its first line that is not blank) has more
    semicolons than commas, else ``","``.

    German spreadsheet programs write CSV with semicolons (the comma is the decimal sign).
    """
    head = _first_line(source)
    return ";" if head.count(b";") > head.count(b",") else ","


def read_text_folder(
    path: str | Path, pattern: str = "*.txt", *, encoding: str = "utf-8", strict: bool = False
) -> DocumentStream:
    """Documents from the text files in a folder, in sorted order.

    The file name without suffix becomes the title, the path relative to the
    folder the field ``file``. ``pattern`` is a glob (``"**/*.txt"`` descends).
    An unreadable or empty file, or one that ``encoding`` cannot decode, is
    reported (with the line of the first bad byte).

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "meldung.txt").write_text("Kurze Meldung.")
        >>> list(read_text_folder(d))
        [{'text': 'Kurze Meldung.', 'fields': {'file': 'meldung.txt'}, 'title': 'meldung'}]
    """
    folder = Path(path)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    encoding = check_encoding(encoding)

    def produce(report: Report) -> Iterator[Document]:
        for file in sorted(p for p in folder.glob(pattern) if p.is_file()):
            try:
                data = file.read_bytes()
            except OSError as e:
                report(str(file), 0, f"unreadable: {e.strerror or e}")
                continue
            doc = _text_document(data, str(file), file.relative_to(folder).as_posix(), encoding, report)
            if doc is not None:
                yield doc

    return DocumentStream(produce, strict=strict, encoding=encoding)


def _text_document(data: bytes, name: str, file: str, encoding: str, report: Report) -> Document | None:
    """The document of a text file's bytes ``data`` (``file``, its path in its folder or archive,
    as the field ``file``, its stem as the title), or ``None`` after reporting why not."""
    codec = _codec(data, encoding)
    try:
        text = data.decode(codec, _errors(codec, "strict"))
    except UnicodeDecodeError as e:
        report(name, data[: e.start].count(b"\n") + 1, f"{_invalid(codec)} at byte {e.start}")
        return None
    if not text.strip():
        report(name, 1, "no text")
        return None
    return {"text": text, "fields": {"file": file}, "title": PurePosixPath(file).stem}


#: Formats that may come compressed (news.jsonl.gz); Parquet compresses inside.
TEXT_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")


def documents_by_suffix(source: Source, encoding: str) -> Produce | None:
    """How to read ``source``, as its suffix says, or ``None`` when no reader takes it.

    A compressed file is read by the suffix before (``news.jsonl.gz``). A ``.csv`` is
    looked into: the 10kGNAD form, or ``;`` as the separator of German spreadsheets.
    """
    suffix = Path(source.name).suffix.lower()
    if suffix in COMPRESSIONS:
        suffix = Path(Path(source.name).stem).suffix.lower()
        if suffix not in TEXT_SUFFIXES:
            return None
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl(source, "text", encoding)
    if suffix == ".csv":
        if looks_like_gnad(source):
            return _gnad(source, encoding)
        return _csv(source, "text", None, header_delimiter(source), '"', encoding)
    if suffix == ".tsv":
        return _csv(source, "text", None, "\t", '"', encoding)
    if suffix in PARQUET_SUFFIXES:
        return _parquet(source, "text", 1024)
    return None


def read_parquet(
    path: str | Path, *, text_column: str = "text", batch_size: int = 1024, strict: bool = False
) -> DocumentStream:
    """Documents from a Parquet file, read in record batches (needs pyarrow).

    Rows are numbered from 1 in problem reports. Columns are handled as in
    :func:`read_csv`.

    Raises:
        ImportError: pyarrow is not installed (``pip install 'stichwort[bench]'``).

    Example:
        >>> docs = read_parquet("news.parquet")  # doctest: +SKIP
    """
    return DocumentStream(_parquet(Source.file(Path(path)), text_column, batch_size), strict=strict)


def _parquet(source: Source, text_column: str, batch_size: int) -> Produce:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError as e:
        raise ImportError(
            "read_parquet needs pyarrow; install it with pip install 'stichwort[bench]' (or pip install pyarrow)"
        ) from e

    def produce(report: Report) -> Iterator[Document]:
        with source.open() as f:  # pyarrow seeks: to the footer, then to each row group
            parquet = pq.ParquetFile(f)
            if text_column not in parquet.schema_arrow.names:
                raise CorpusError(f"{source.name}: no column {text_column!r} in {parquet.schema_arrow.names}")
            row = 0
            for batch in parquet.iter_batches(batch_size=batch_size):
                for record in batch.to_pylist():
                    row += 1
                    doc = _document(record, text_column, source.name, row, report)
                    if doc is not None:
                        yield doc

    return produce
