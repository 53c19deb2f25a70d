"""Type stubs of the Rust extension module ``stichwort._core``."""

from collections.abc import Iterable, Sequence
from typing import Literal, TypedDict, final

from stichwort.results import Hits

__version__: str
UNICODE_VERSION: str
MAX_THREADS: int
"""Unicode version of the token-boundary table (Python 3.11's, "14.0.0")."""
GERMAN_STOP_WORDS: list[str]
"""The German stop words of the analyzer, sorted."""

class AnalyzerConfig(TypedDict):
    name: Literal["simple", "german"]
    stem: bool
    stopwords: bool
    fold_umlauts: bool
    decompound: bool
    gender_forms: bool
    umlaut_digraphs: bool
    catenate_compounds: bool
    gender_endings: bool

@final
class Token:
    """One token: ``text`` (the term), ``start``/``end`` (character offsets into
    the original string, so ``s[t.start:t.end]`` is the surface form), ``position``.

    Example:
        >>> stichwort.Analyzer("simple").tokenize("Nord-Süd")[1]
        Token('süd', start=5, end=8, position=1)
    """

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def is_part(self) -> bool: ...
    def __init__(
        self, text: str, start: int, end: int, position: int, is_part: bool = False
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Analyzer:
    """Turns text into terms.

    ``"simple"``: NFC, maximal runs of ``str.isalnum()`` characters, each lowered
    with ``str.lower()``. ``"german"``: simple plus Snowball stemming (``stem``,
    default on), German stop words (``stopwords``: dropped, positions kept) and
    ``fold_umlauts`` (ä→a, ö→o, ü→u, ß→ss). Options left as None take the
    preset's defaults; "simple" accepts none. ``decompound`` adds the parts of
    German compounds as extra tokens (``is_part=True``) at the whole word's
    position; query words are never split. With ``stem`` a lexicon step runs
    before Snowball (Gremien→Gremium, Kolleginnen→Kollegin, Seite≠seit); the
    rules are in README.md ("German compounds"). ``gender_forms`` (default on)
    reads a gender form as its base word, one token: "Bürger*innen",
    "Lehrer:in", "Bürger_innen", "Bürger·innen", "Bürger/-innen" and
    "BürgerInnen" are "Bürger" (README, german); with ``gender_endings``
    (default on) the all-caps forms ("BÜRGER*INNEN", "LEHRER:IN") and the
    short endings after a star or a middle dot ("jede*r", "ein*e") too.
    ``umlaut_digraphs`` (default on) reads ae, oe, ue as ä, ö, ü where
    umlauts are folded (``stem`` or ``fold_umlauts``), so "Muenchen" meets
    "München"; Mauer, neue, Quelle, a
    digraph ending the word (Joe) and a compound seam (Klimaerwärmung) stay
    (README, german). ``catenate_compounds`` (default on) adds, for words
    joined by hyphens ("Corona-Pandemie", "Nord-Süd-Gefälle"; letters only,
    no numbers, not en/em dashes), the term of the word written closed as an
    extra token (``is_part=True``) at the first part's position, spanning the
    whole form, so "Coronapandemie" finds "Corona-Pandemie"; a query word
    written with hyphens finds both spellings (README, german). An index
    keeps the options it was built with.

    Raises:
        ValueError: an unknown name (the message lists the valid ones) or options
            "simple" does not take; TypeError: arguments of the wrong type.

    Example:
        >>> stichwort.Analyzer("german").terms("Die Außenministerien")
        ['die', 'aussenministerium']
        >>> [t.text for t in stichwort.Analyzer("german", decompound=True).tokenize("Außenministerien")]
        ['aussenministerium', 'auss', 'ministerium']
        >>> stichwort.Analyzer("german").terms("Bürger*innen und Bürger")
        ['burg', 'und', 'burg']
        >>> stichwort.Analyzer("german").terms("BÜRGER*INNEN: jede*r zählt")
        ['burg', 'jed', 'zahlt']
        >>> stichwort.Analyzer("german").terms("Muenchen München Mauer")
        ['munch', 'munch', 'mau']
        >>> [(t.text, t.is_part) for t in stichwort.Analyzer("german").tokenize("Corona-Pandemie")]
        [('corona', False), ('coronapandemi', True), ('pandemi', False)]
    """

    def __init__(
        self,
        name: Literal["simple", "german"] = "german",
        *,
        stem: bool | None = None,
        stopwords: bool | None = None,
        fold_umlauts: bool | None = None,
        decompound: bool | None = None,
        gender_forms: bool | None = None,
        umlaut_digraphs: bool | None = None,
        catenate_compounds: bool | None = None,
        gender_endings: bool | None = None,
    ) -> None: ...
    @property
    def config(self) -> AnalyzerConfig: ...
    @property
    def spec(self) -> str:
        """Stable one-line form, e.g.
        ``"german stem=1 stopwords=0 fold_umlauts=0 decompound=0 gender_forms=1 umlaut_digraphs=1 catenate_compounds=1 gender_endings=1"``."""
    def split_compound(self, word: str) -> list[str]:
        """The lemmas of the parts of one German compound, ``[]`` when it stays whole.

        Example:
            >>> stichwort.Analyzer("german").split_compound("Arbeitsmarktes")
            ['arbeit', 'markt']
        """
    def normalise_prefix(self, prefix: str) -> str:
        """The dictionary prefix ``Prefix(prefix)`` looks for: lower-cased, with
        umlauts and their digraphs folded where terms are; never stemmed.

        Example:
            >>> stichwort.Analyzer("german").normalise_prefix("Muench")
            'munch'
        """
    def tokenize(self, text: str) -> list[Token]:
        """Tokens with offsets into ``text``; ValueError names a lone surrogate's offset."""
    def terms(self, text: str) -> list[str]:
        """The terms of ``text`` in order."""
    def terms_batch(self, texts: Iterable[str], threads: int | None = None) -> list[list[str]]:
        """``terms`` of every text, in parallel without the GIL; same result as one by one."""

def _panic_for_test() -> None:
    """Panics inside the error guard (tests check it becomes InternalError)."""

def parse_query(text: str, default_operator: str = "AND") -> tuple:
    """Parses a query string into the tuple form of ``stichwort.query`` (raises QueryError)."""

def format_query(query: object) -> str:
    """Prints a query object, tuple form or string in the query language."""

import os

import numpy as np
import numpy.typing as npt

class Index:
    """The engine's index; use ``stichwort.Index`` (python/stichwort/index.py)."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None,
        analyzer_spec: str,
        require_analyzer: bool,
        memory_budget_mb: int,
        threads: int | None,
        store_documents: bool,
    ) -> None: ...
    @staticmethod
    def open_reader(path: str | os.PathLike[str]) -> Index: ...
    def add(self, text: str, title: str | None, date: int | None, fields: list[tuple[str, str]]) -> int: ...
    def add_many(
        self,
        texts: list[str],
        titles: list[str | None],
        dates: list[int | None],
        fields: list[list[tuple[str, str]]],
    ) -> npt.NDArray[np.uint32]: ...
    def commit(self) -> None: ...
    def discard(self, ids: npt.NDArray[np.uint32]) -> None: ...
    def delete(self, doc_id: int) -> None: ...
    def merge(self, max_segments: int) -> None: ...
    def reload(self) -> None: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    @property
    def readonly(self) -> bool: ...
    @property
    def analyzer_spec(self) -> str: ...
    @property
    def store_documents(self) -> bool: ...
    @property
    def memory_budget(self) -> int: ...
    @property
    def path(self) -> str | None: ...
    def num_docs(self) -> int: ...
    def stats(self) -> dict[str, int]: ...
    def doc_freq(self, key: str) -> int: ...
    def coll_freq(self, key: str) -> int: ...
    def postings(self, key: str) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]: ...
    def positions(self, key: str, doc_id: int) -> npt.NDArray[np.uint32]: ...
    def document(self, doc_id: int) -> tuple[str | None, str | None, int | None, list[tuple[str, str]]]: ...
    def is_live(self, doc_id: int) -> bool: ...
    def search(self, query: object, limit: int | None, filter: object | None = None) -> Hits: ...
    def count(self, query: object, filter: object | None = None) -> int: ...
    def match_ids(self, query: object, filter: object | None = None) -> npt.NDArray[np.uint32]: ...
    def phrase_counts(self, words: list[str], slop: int) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]: ...
    def search_batch(self, queries: Sequence[object], limit: int | None, threads: int | None = None) -> list[Hits]: ...
    def kwic(self, query: object, width: int, limit: int | None) -> list[tuple[int, str, str, str, int, int]]: ...
    def snippet(self, query: object, doc_id: int, width: int) -> str: ...
    def cooccurrence(
        self,
        target: object,
        window: int,
        top: int | None,
        measure: str,
        min_count: int,
        filter: object | None,
        scope: str,
    ) -> tuple[
        list[str], npt.NDArray[np.uint64], npt.NDArray[np.uint64], npt.NDArray[np.float64], int, int
    ]: ...
    def cooccurrence_batch(
        self,
        targets: list[object],
        window: int,
        top: int | None,
        measure: str,
        min_count: int,
        filter: object | None,
        scope: str,
    ) -> list[
        tuple[list[str], npt.NDArray[np.uint64], npt.NDArray[np.uint64], npt.NDArray[np.float64], int, int]
    ]: ...
    def cooccurrence_matrix(
        self, terms: list[str], window: int
    ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32], npt.NDArray[np.uint64]]: ...
    def timeline(
        self, query: object, by: str, filter: object | None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint32]]: ...
    def ngrams(
        self, n: int, min_count: int, top: int | None, filter: object | None, stopwords: bool
    ) -> list[tuple[list[str], int]]: ...
    def surface_forms(self, terms: list[str], docs: int) -> list[str | None]: ...
