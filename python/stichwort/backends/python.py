"""The pure-Python reference backend: the oracle the Rust core is tested against.

Plain dicts of postings and brute force; correct above all, speed does not
matter. The rules below are THE definitions the native engine must meet.

Documents
---------
- ``add(text, *, title=None, date=None, fields=None)`` returns ids 0, 1, 2, …
  in insertion order, never reused. ``date`` is a ``datetime.date``, a
  ``datetime`` (its date is kept) or an ISO string; ``fields`` maps str to str
  (metadata keywords). ``add_many`` takes str or dicts with "text" and
  optional "title", "date", "fields" and returns the ids as uint32.
- Visibility: an added document is visible to every read (search,
  statistics, postings, ``num_docs``, ``document``) at once, as in a
  near-real-time index; ``delete(doc_id)`` takes effect at the next
  ``commit()`` (deleting an id twice is a no-op). The *live* documents are
  the added, not (committed-)deleted ones; all statistics are over live
  documents only. ``commit()`` is what makes an on-disk index durable.
- ``close()`` (also at the end of a ``with`` block) ends the index: every
  later call but ``close()`` raises ``ValueError("the index is closed")``.
- Body tokens come from the index analyzer with its positions; the document
  length dl is the number of body tokens (whole words: compound parts do not
  count, see "Compound parts"). The title is analysed separately
  into its own postings, positions and lengths and is searchable only as the
  field "title" (``Term(w, field="title")``, ``Phrase(..., field="title")``,
  ``Prefix(p, field="title")``); any other field name in those raises
  ``SchemaError``. Metadata fields are exact-match keywords
  (``FieldValue(name, value)``); a name that no document was ever added
  with (deleted ones included) raises ``SchemaError``; ``DateRange(start, end)`` is inclusive on both
  ends (``None`` = open) and documents without a date never match it.
- ``doc_freq``, ``coll_freq``, ``postings`` and ``positions`` take terms as
  the index stores them (already analysed) and see body tokens of live
  documents only; ``positions`` of a document that is not live raises
  ``ValueError``.
  ``stats()`` = {num_docs, num_tokens (body tokens of live docs), vocab_size
  (distinct body terms of live docs), num_segments: 1, size_bytes: 0}.

Queries
-------
- Term and phrase words are analysed with the index analyzer, never
  decompounded (its whole-word tokens only). A ``Term``
  whose word gives several tokens is the ``Phrase`` of them (slop 0, same
  field). Zero tokens (punctuation, a stop word) make no clause: a clause
  without terms (such a Term or Phrase, or an And, Or or Not of such
  clauses, a Not by its positive side) is left out of the And, Or or Not
  around it, as Lucene leaves out the stop words its analyzer drops. Alone,
  or as a side of Near, it matches nothing.
- ``Phrase``: the words are joined by single spaces and analysed as one text;
  the tokens t_1..t_k with offsets o_i = position_i - position_1 (gaps from
  dropped stop words kept) form the pattern. A match is a choice of pairwise
  distinct positions p_i of t_i in one document with
  max_i(p_i - o_i) - min_i(p_i - o_i) <= slop (Lucene's sloppy phrase; slop 0
  is the exact phrase). The phrase count of a document is the number of
  distinct p_1 for which a match exists; the *occurrence* anchored at p_1
  covers every position used by any match with that p_1.
- Match *spans* (used by Near, KWIC, snippets, co-occurrence): a Term
  occurrence is the span {p}; a Phrase occurrence is the set of positions it
  covers; ``Prefix`` gives {p} for every position of every matching term
  (a phrase prefix: its occurrences);
  ``And``/``Or`` the union of the spans of their matching clauses; ``Not`` those
  of its positive; ``Near`` those spans of a and b that take part in a
  qualifying pair; ``All``, ``FieldValue`` and ``DateRange`` none. Spans carry
  their field; KWIC, snippets and co-occurrence use body spans only. A span
  {p} of a one-token Term or Phrase whose term is a compound part at p (not
  the whole word there) also names that part ("Match extent").
- ``Near(a, b, k)``: a document matches when a position pa of a's spans and a
  position pb of b's spans satisfy pa != pb and |pa - pb| <= k. a and b must
  be *positional* queries (Term, Phrase, Prefix, Wildcard, Near, or an Or
  of positional queries) on the same field, else ``QueryError``.
- ``Prefix(p)``: p is read as words, the whole-word tokens t_1..t_m the
  analyzer makes of it (query words). With none (``""``, ``"-"``): every
  term starting with normalise(p). With m >= 1 and the last token ending
  after p's last ``isalnum`` character: with m = 1, every term starting with
  normalise(w) or equal to t_1's term, w = p[t_1.start:t_1.end] (so
  punctuation around the word is no part of it: ``"EU-"`` is ``eu*``);
  with m >= 2 a *phrase prefix* (Elasticsearch's ``match_phrase_prefix``):
  an occurrence of the exact pattern t_1..t_{m-1} (whole words, as a
  phrase's) with first position p_1, and at p_1 + (position_m - position_1)
  a whole word whose term starts with normalise(w) or equals t_m's term, w
  the last word as above; its occurrence covers the pattern's positions
  and that one, its score is 1.0 (``Prefix("EU-Kommiss")``,
  ``Prefix("gemeinsame Sitz")``). When p[t_1.start:t_m.end] is one
  hyphenated run the analyzer reads closed (``_closed_form``), the phrase
  prefix is or-ed with the whole words (whole-word occurrences only) whose
  term starts with normalise(the run without its hyphens) or equals the
  closed term (``EUKommission``). A last word that gives no token (a
  dropped stop word, alnum text after the last token) makes the words the
  phrase of t_1..t_m. "Starting with normalise(x)" is starting with one of
  its spellings: NFC(x).lower(); for "german", ``Analyzer.normalise_prefix(x)``:
  also ä→a, ö→o, ü→u, ß→ss (and the ae/oe/ue digraphs read as umlauts)
  when the analyzer folds umlauts or stems (German Snowball folds its
  stems), and where that reads a digraph, x normalised with
  ``umlaut_digraphs=False`` too (words keep a digraph at a compound seam
  and at their end: ``Klimaerw`` is klimarw and klimaerw); never stemmed.
  The empty prefix matches every term. The word's own term counts because a stem need not
  start with its word: ``Prefix("Häuser")`` finds haus. When the analyzer
  stems, so do the stems the last word may have been typed past: each
  spelling[:i] (i >= 4 characters) whose rest spelling[i:] begins an ending
  of ``_ENDINGS`` (``_stems_typed_past``): ``Regieru`` finds regier
  (Regierung), ``eigentl`` eigent (eigentlich).
- ``Wildcard(w)``: w, NFC, must hold only ``*``, ``?`` and characters with
  ``isalnum()``, at least one of those, else ``QueryError``. Without ``*``
  and ``?`` it is ``Term(w)``; when its only wildcard is a last ``*``, it
  is ``Prefix(w[:-1])``. Else it matches as a Prefix does (documents of
  every matching term, parts included; spans at matching whole words;
  score 1.0) the terms that fully match one of its spellings, ``*`` any
  characters (none too), ``?`` one: w split into literal pieces and
  wildcards, each piece replaced by each of its prefix spellings
  (normalise, above), in order, the first 32 combinations. When the
  analyzer stems and w ends in a piece, that piece's spellings also come
  without each ending E the German Snowball stemmer removes (``_ENDINGS``:
  E3+E2+E1, each from its step's list or empty, not all empty; and
  se/sen/ses after "nis") that the spelling ends in, longest E first then
  in code-point order, unless that leaves w with no letter; ``*krise``
  also matches ``*kris`` (finanzkris), ``Kri?e`` ``kri?``. When the
  analyzer stems and w ends in a piece and ``*``, the spellings of w
  without that ``*`` follow (up to 32 in all): ``*krise*`` finds finanzkris.
- ``Not(pos, neg)``: pos and not neg. ``All()``: every live document.
- A ``filter`` (a ``Filter`` or any query) is and-ed with the query and
  leaves scores unchanged.

Ranking (BM25, float64, returned as float32)
--------------------------------------------
k1 = 1.2, b = 0.75; N = number of live documents; df over live documents;
idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)) (Lucene);
avgdl = body tokens of live docs / N (title: title tokens / N, dl = title
tokens) — exact lengths, not Lucene's one-byte norms.
- Term: idf · tf·(k1+1) / (tf + k1·(1 - b + b·dl/avgdl)).
- Phrase: the same with tf = the document's phrase count and idf = the sum
  of the idfs of the pattern terms (a repeated term counts each time).
- And, Or, Near: the sum of the scores of the matching clauses, added in
  clause order starting from 0.0. Not: the positive's score. Prefix: 1.0.
  FieldValue, DateRange, All: 0.0.
- ``search`` ranks by the float64 score descending, equal scores by
  ascending doc id; ``Hits.total`` counts every matching document.
- ``search_batch(queries, limit, threads)``: ``search(q, limit)`` of every
  query, in order; all are parsed first, so a bad one fails the batch.
  ``threads`` (None or >= 1) is checked only.

Concordances and snippets
-------------------------
- ``kwic(q, width, limit)``: one line per body span (spans with the same
  positions are one), ordered by doc id, then by the span's first and last
  position. ``match`` is ``text[start:end]``, the span's *extent*, from the
  first token's start to the last token's end (original offsets);
  ``left``/``right`` the up to ``width`` characters before and after, as they
  are in the text (newlines kept). At most ``limit`` lines.
- Match extent: the tokens of a span are the whole words at its positions;
  for a span of one position p also the compound parts at p that a span
  {p} of the match names (see "Match spans"), so a closed word that found a
  hyphenated run through its catenated part shows the run whole
  (``Klimaerwärmung`` -> ``Klima-Erwärmung``, ``Nordsüdgefälle`` ->
  ``Nord-Süd-Gefälle``; a decompounded part spans its word anyway). Only a
  clause that matches the document names parts (``Klima OR (Klimaerwärmung
  NOT voran)`` shows ``Klima`` where voran is); ``Klima`` alone shows
  ``Klima``, ``Klima OR Klimaerwärmung`` the run once. Patterns of several
  tokens, the terms a Prefix matches (its spans are whole words), Near and
  co-occurrence targets (whole words) name no parts.
- Cuts: a context, and a snippet's window, is cut only at an extended
  grapheme cluster boundary (UAX #29, ``reference_graphemes``); a cluster
  the width would cut through is left out whole, so a piece never has more
  than ``width`` characters (code points) and never shows part of a flag,
  an emoji sequence, a CR LF or a letter without its marks. The match's own
  edges are its tokens' offsets and are not moved.
- ``snippet(q, doc_id, width)``: the extent [start, end) of the first body
  span (by position) is centred in a window of ``width`` characters,
  ``[lo, lo + width)`` with lo = max(0, start - (width - (end - start)) //
  2), shifted left when it runs past the text's end and widened to the whole
  extent when it is longer than ``width``. Each run of overlapping extents
  that lies wholly
  inside the window is wrapped in « and »; "…" is put before the window when
  lo > 0 and after it when it ends before the text does. Without a match:
  the text's first ``width`` characters (plus "…" when cut), no markup.

Co-occurrence
-------------
- The target (a query; a str is parsed) gives occurrences: its body spans in
  the live documents that pass the filter (whole words: "Compound parts").
  Scope "window": for an occurrence with first position f and last position
  l, every token at the positions f-w … l+w of the same document that are
  not in the occurrence counts once for its term (other occurrences of the
  target included; windows never cross documents). f_x = number of
  occurrences (a term's collection frequency, a phrase's number of
  occurrences), f_y = the term's collection frequency, N = n_tokens = body
  tokens, all three over the live documents that pass the filter (the whole
  live index without a filter).
- Scope "document": f_xy = number of documents matching the target that
  contain the term at a position outside the target's spans, f_x = number of
  documents matching the target, f_y = the term's document frequency, N =
  number of documents (reported as ``n_tokens``), over filtered live docs.
- Scope "sentence": as "window", but the positions counted for an
  occurrence are those of the sentences that hold f and l (from the start
  of f's sentence to the end of l's), outside the occurrence. Sentence starts
  come from ``reference_analysis.sentence_starts`` (the rule of
  docs/cooccurrence.md, the same as the Rust analyzer's).
- Measures: count = f_xy; dice = 2·f_xy/(f_x+f_y); logdice = 14 +
  log2(dice); mi = log2(f_xy·N/(f_x·f_y)); mi3 = log2(f_xy³·N/(f_x·f_y));
  tscore = (f_xy - f_x·f_y/N)/sqrt(f_xy); llr = Dunning's G² =
  2·Σ O·ln(O/E) over O11 = f_xy, O12 = max(f_x - f_xy, 0), O21 = max(f_y -
  f_xy, 0), O22 = max(N - O11 - O12 - O21, 0), E_ij = row_i·col_j/total,
  0·ln 0 = 0.
- Terms with f_xy >= min_count, sorted by score descending, then term
  ascending; ``top=None`` keeps all.
- ``cooccurrence_batch(targets, …)``: ``cooccurrence(t, …)`` of every
  target with the same options, in order; all are parsed first, so a bad
  one fails the batch (``cooccurrence`` is the batch of one target).
- ``cooccurrence_matrix(terms, window)``: terms as stored in the index;
  [i, j] = window count of term j around the occurrences of term i (same
  rule; [i, i] counts other occurrences of i), int64 CSR matrix.
- ``timeline(q, by, filter=None)``: matching documents (passing the filter) with a date per bucket (day; week
  = ISO week from Monday; month; year), every bucket from the first to the
  last non-empty one, empty ones as 0; starts as datetime64[D], counts uint32.
- ``ngrams(n, …)``: n in 1..5; tuples of the terms at n consecutive positions of a
  document (no gap), counted over filtered live documents; ``stopwords=False``
  drops n-grams containing a German stop word: a term the index's analyzer
  makes of a word of ``GERMAN_STOP_WORDS`` ("für" -> "fur"; whole words);
  min_count filters counts; sorted by count descending, then tuple ascending.

Compound parts
--------------
An analyzer that decompounds (``Analyzer("german", decompound=True)``, README
"German compounds") gives each whole word its token and adds the terms of its
parts as extra tokens (``is_part``) at the whole word's position and offsets;
one that catenates (``catenate_compounds``, README "german") adds the closed
form of a hyphenated run ("Corona-Pandemie" -> "coronapandemi") as such a
token at the run's first position, spanning the run.
The whole-word tokens of a document are its *forward index*.
- Postings include the parts: ``doc_freq``, ``coll_freq``, ``postings``,
  ``positions``, ``vocab_size`` and every idf count them. Lengths (dl, avgdl,
  ``num_tokens``, N) count whole words, not parts.
- The whole-word rule: a position p of term t is a whole-word occurrence
  when the forward index has t at p. Whole-word occurrences only are seen
  by a pattern of two or more tokens (a Phrase, with or without slop; a Term
  whose word gives several tokens; ``phrase_counts`` of several words) and
  by every Term, Phrase and Prefix under ``Near`` or in a co-occurrence
  target (not in the negative of a ``Not``, which excludes documents as in
  a query); their tf counts those occurrences. Elsewhere a one-token Term or
  Phrase sees parts too: its span is the compound's position, so a KWIC line
  shows the whole compound ("Außenministerium" for "Ministerium") or the
  whole hyphenated run ("Klima-Erwärmung" for "Klimaerwärmung"; "Match
  extent").
- A ``Term`` whose word is one hyphenated run the analyzer reads closed (the
  part token spanning all of the word's tokens over more than one position)
  is ``Or(its pattern, the closed term as a whole word)``, the closed clause
  only when the pattern has terms; a ``Phrase`` never is.
- ``Prefix`` elsewhere matches the documents of every matching term, parts
  included; its spans are always the positions of matching whole words.
- Windows, sentences, collocates, f_y and N of co-occurrence,
  ``cooccurrence_matrix`` and ``ngrams`` read the forward index: whole words.
- Titles follow the same rules with their own tokens.

Bad input: ``TypeError`` for wrong types, ``ValueError`` for wrong values
(negative limits, a doc id never assigned, unknown measure/scope/bucket).

Example:
    >>> from stichwort.query import Phrase, Term
    >>> ix = ReferenceIndex()
    >>> ix.add("Die gemeinsame Sitzung der NATO"), ix.add("NATO und EU")
    (0, 1)
    >>> ix.commit()
    >>> ix.match(Term("nato")).tolist(), ix.count(Phrase("gemeinsame sitzung"))
    ([0, 1], 1)
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np

from stichwort.backends._simple import read_wildcard, wildcard_regex
from stichwort.backends.reference_analysis import sentence_starts, simple_tokens
from stichwort.backends.reference_graphemes import cluster_boundaries
from stichwort.errors import QueryError, SchemaError
from stichwort.query import (
    All,
    And,
    DateRange,
    FieldValue,
    Filter,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    Query,
    QueryLike,
    Term,
    Wildcard,
    _to_date,
    as_query,
)
from stichwort.results import Collocates, Concordance, Hits

__all__ = ["ReferenceIndex", "GERMAN_STOP_WORDS", "MEASURES", "SCOPES", "BUCKETS"]

K1 = 1.2
B = 0.75
MEASURES = ("count", "logdice", "mi", "mi3", "tscore", "llr", "dice")
SCOPES = ("window", "sentence", "document")
BUCKETS = ("day", "week", "month", "year")
BODY, TITLE = "body", "title"

# The German stop words of the Rust analyzer (crates/stichwort-core/src/analysis/german.rs),
# kept here until the extension exposes them as ``stichwort._core.GERMAN_STOP_WORDS``.
_FALLBACK_STOP_WORDS = frozenset(
    """aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anders auch auf aus bei bin bis bist da damit dann das dass dasselbe
    dazu daß dein deine deinem deinen deiner deines dem demselben den denn denselben der derer
    derselbe derselben des desselben dessen dich die dies diese dieselbe dieselben diesem diesen
    dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige einigem
    einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer eures für gegen
    gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem
    ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener
    jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche
    manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss
    musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner
    seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern
    sonst um und uns unser unsere unserem unseren unserer unseres unter viel vom von vor war
    waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden
    wie wieder will wir wird wirst wo wollen wollte während würde würden zu zum zur zwar
    zwischen über""".split()
)


def _german_stop_words() -> frozenset[str]:
    from stichwort import _core

    exposed = getattr(_core, "GERMAN_STOP_WORDS", None)
    return frozenset(exposed) if exposed is not None else _FALLBACK_STOP_WORDS


GERMAN_STOP_WORDS = _german_stop_words()

Token = tuple[str, int, int, int]  # (term, start, end, position)
Analysis = tuple[list[Token], list[Token]]  # (whole words, compound parts)
# (field, sorted positions), and the term of the compound part a one-token
# pattern matched at its one position ("Match extent").
Span = tuple[str, tuple[int, ...]] | tuple[str, tuple[int, ...], str]
Matches = dict[int, tuple[float, frozenset[Span]]]  # doc id -> (score, spans)
Postings = dict[str, dict[int, list[int]]]  # term -> doc id -> positions (ascending)


@dataclass
class _Doc:
    text: str
    title: str | None
    date: _dt.date | None
    fields: dict[str, str]
    tokens: dict[str, list[Token]]  # field (body/title) -> whole words: the forward index
    parts: dict[str, list[Token]]  # field -> compound parts, at their whole word's position


def _cut_start(text: str, i: int, limit: int) -> int:
    """A piece of ``text`` starting at ``i`` (at most up to ``limit``): at the first
    grapheme cluster boundary from ``i`` on, so it does not begin inside a cluster."""
    boundaries = cluster_boundaries(text)
    while i < limit and not boundaries[i]:
        i += 1
    return i


def _cut_end(text: str, i: int, limit: int) -> int:
    """A piece of ``text`` ending before ``i`` (at least at ``limit``): at the last
    grapheme cluster boundary up to ``i``, so it does not end inside a cluster."""
    boundaries = cluster_boundaries(text)
    i = min(i, len(text))
    while i > limit and not boundaries[i]:
        i -= 1
    return i


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got bool")
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{name} must be an int, got {type(value).__name__}") from None
    if number < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {number}")
    return number


def _check_limit(name: str, value: object) -> int | None:
    """A count limit: an int >= 0, or None for no limit."""
    return None if value is None else _check_int(name, value, 0)


def _check_str(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def _check_text(name: str, value: object) -> str:
    """A str of a document, which UTF-8 can hold (no lone surrogate), as native checks."""
    _check_str(name, value)
    assert isinstance(value, str)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            raise ValueError(f"{name}: str contains a lone surrogate at offset {e.start} (not valid Unicode text)") from None
    return value


def _split_parts(tokens: list[Any]) -> Analysis:
    """A native analyzer's tokens as (whole words, compound parts)."""
    words = [(t.text, t.start, t.end, t.position) for t in tokens if not t.is_part]
    parts = [(t.text, t.start, t.end, t.position) for t in tokens if t.is_part]
    return words, parts


def _add_postings(post: Postings, doc: int, tokens: list[Token]) -> None:
    for term, _, _, pos in tokens:
        post.setdefault(term, {}).setdefault(doc, []).append(pos)
    for term in {t[0] for t in tokens}:
        post[term][doc].sort()


_F = TypeVar("_F", bound=Callable[..., Any])


def _open(method: _F) -> _F:
    """``method`` refusing a closed index."""

    @functools.wraps(method)
    def checked(self: ReferenceIndex, *args: Any, **kwargs: Any) -> Any:
        if self._closed:
            raise ValueError("the index is closed")
        return method(self, *args, **kwargs)

    return cast(_F, checked)


def _prefix_or_word(prefixes: list[str], words: list[str]) -> Callable[[str], bool]:
    """Accepts a term starting with one of ``prefixes`` or one of ``words``."""
    return lambda term: term.startswith(tuple(prefixes)) or term in words


# The endings the German Snowball stemmer removes, by step (``Wildcard``).
_STEP1 = ("em", "ern", "er", "e", "en", "es", "s")
_STEP2 = ("en", "er", "est", "st")
_STEP3 = ("end", "ung", "igend", "igung", "ig", "ik", "isch", "lich", "heit", "erlich", "enlich", "erheit", "enheit", "keit", "lichkeit", "igkeit")  # fmt: skip
_ENDINGS = frozenset(a + b + c for a in ("", *_STEP3) for b in ("", *_STEP2) for c in ("", *_STEP1)) - {""}


_ENDING_STARTS = frozenset(e[:i] for e in _ENDINGS for i in range(1, len(e) + 1))


def _stems_typed_past(prefix: str) -> list[str]:
    """The stems a prefix may have been typed past (``Prefix``): prefix[:i], i >= 4,
    when prefix[i:] begins an ending in ``_ENDINGS`` ("regieru" -> regier)."""
    return [prefix[:i] for i in range(len(prefix) - 1, 3, -1) if prefix[i:] in _ENDING_STARTS]


def _removable_endings(spelling: str) -> list[str]:
    """The endings a stem may have lost at the end of ``spelling``, longest first."""
    endings = {e for e in _ENDINGS if spelling.endswith(e)}
    endings |= {e for e in ("se", "sen", "ses") if spelling.endswith("nis" + e)}
    return sorted(endings, key=lambda e: (-len(e), e))


def _bm25(idf: float, tf: int, dl: int, avgdl: float) -> float:
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avgdl))


def _phrase_occurrences(plists: list[list[int]], offsets: list[int], slop: int) -> dict[int, set[int]]:
    """p_1 -> every position covered by a match anchored at p_1 (brute force over all choices)."""
    occurrences: dict[int, set[int]] = {}
    for p1 in plists[0]:
        covered: set[int] = set()
        # max(d) - min(d) <= slop with d_i = p_i - o_i  <=>  all d_i in [m, m + slop] for an m
        # with m <= d_1 = p_1 <= m + slop.
        for m in range(p1 - slop, p1 + 1):
            candidates = [[p for p in plist if m <= p - o <= m + slop] for plist, o in zip(plists[1:], offsets[1:])]
            for rest in itertools.product(*candidates):
                chosen = (p1, *rest)
                if len(set(chosen)) == len(chosen):
                    covered.update(chosen)
        if covered:
            occurrences[p1] = covered
    return occurrences


def _measure(measure: str, f_xy: int, f_x: int, f_y: int, n: int) -> float:
    if measure == "count":
        return float(f_xy)
    if measure == "dice":
        return 2 * f_xy / (f_x + f_y)
    if measure == "logdice":
        return 14 + math.log2(2 * f_xy / (f_x + f_y))
    if measure == "mi":
        return math.log2(f_xy * n / (f_x * f_y))
    if measure == "mi3":
        return math.log2(f_xy**3 * n / (f_x * f_y))
    if measure == "tscore":
        return (f_xy - f_x * f_y / n) / math.sqrt(f_xy)
    # llr: Dunning's G² over the 2x2 contingency table.
    o11 = f_xy
    o12 = max(f_x - f_xy, 0)
    o21 = max(f_y - f_xy, 0)
    o22 = max(n - o11 - o12 - o21, 0)
    total = o11 + o12 + o21 + o22
    rows = (o11 + o12, o21 + o22)
    cols = (o11 + o21, o12 + o22)
    g2 = 0.0
    for (i, j), o in zip(((0, 0), (0, 1), (1, 0), (1, 1)), (o11, o12, o21, o22)):
        if o > 0:
            g2 += o * math.log(o / (rows[i] * cols[j] / total))
    return 2 * g2


def _bucket_start(d: _dt.date, by: str) -> _dt.date:
    if by == "day":
        return d
    if by == "week":
        return d - _dt.timedelta(days=d.weekday())
    if by == "month":
        return d.replace(day=1)
    return d.replace(month=1, day=1)


def _next_bucket(d: _dt.date, by: str) -> _dt.date:
    if by == "day":
        return d + _dt.timedelta(days=1)
    if by == "week":
        return d + _dt.timedelta(days=7)
    if by == "month":
        return d.replace(year=d.year + d.month // 12, month=d.month % 12 + 1)
    return d.replace(year=d.year + 1)


class ReferenceIndex:
    """An in-memory index in plain Python with the semantics of the module docstring.

    ``analyzer``: "simple" (the reference tokenizer of
    :mod:`stichwort.backends.reference_analysis`), or any other preset name or
    a ``stichwort.Analyzer``, whose native ``tokenize`` is then used (the
    reference checks index logic, not analysis).
    """

    def __init__(self, analyzer: Any = "simple") -> None:
        self._joins_soft_hyphens = False
        self._drops_gender_suffixes = False
        self._gender_endings = False
        self._stems = False
        self._analyze: Callable[[str], Analysis]
        self._prefix_spellings: Callable[[str], list[str]]
        if isinstance(analyzer, str) and analyzer == "simple":
            self._analyze = lambda text: (simple_tokens(text), [])
            self._prefix_spellings = lambda prefix: [unicodedata.normalize("NFC", prefix).lower()]
        else:
            native = self._native_analyzer(analyzer)
            self._analyze = lambda text: _split_parts(native.tokenize(text))
            config = native.config
            self._prefix_spellings = self._spellings_of(native, config)
            # "german" reads a word with soft hyphens as one (README, german).
            self._joins_soft_hyphens = config["name"] == "german"
            # ... and with gender_forms, "Bürger*innen" as "Bürger".
            self._drops_gender_suffixes = bool(config.get("gender_forms"))
            self._gender_endings = bool(config.get("gender_endings"))
            self._stems = bool(config.get("stem"))
        # Stop words as this analyzer writes them ("für" -> "fur"), for ngrams(stopwords=False).
        self._stop_terms = frozenset(t[0] for w in GERMAN_STOP_WORDS for t in self._words(w))
        self._docs: list[_Doc] = []
        self._field_names: set[str] = set()  # of every document ever added
        self._deleted: set[int] = set()  # committed deletions
        self._pending_deletes: set[int] = set()
        self._closed = False
        self._rebuild()

    def _words(self, text: str) -> list[Token]:
        """The tokens of a query's words: whole words only, queries are never decompounded."""
        return self._analyze(text)[0]

    @staticmethod
    def _spellings_of(native: Any, config: dict[str, Any]) -> Callable[[str], list[str]]:
        """A prefix's spellings (module docstring, ``Prefix``): folded and with
        its digraphs read as the analyzer's terms are, and as written."""
        if not config.get("umlaut_digraphs"):
            return lambda prefix: [native.normalise_prefix(prefix)]
        import stichwort

        options = {k: v for k, v in config.items() if k != "name"}
        written = stichwort.Analyzer(config["name"], **{**options, "umlaut_digraphs": False})
        return lambda prefix: list(dict.fromkeys([native.normalise_prefix(prefix), written.normalise_prefix(prefix)]))

    @staticmethod
    def _native_analyzer(analyzer: Any) -> Any:
        """A ``stichwort.Analyzer`` for a preset name, or the one given."""
        import stichwort

        analyzer_cls = getattr(stichwort, "Analyzer", None)
        if isinstance(analyzer, str):
            if analyzer_cls is None:
                raise ValueError(f"analyzer {analyzer!r} needs stichwort.Analyzer; only 'simple' is built in")
            return analyzer_cls(analyzer)
        if analyzer_cls is None or not isinstance(analyzer, analyzer_cls):
            raise TypeError(f"analyzer must be a preset name or an Analyzer, got {type(analyzer).__name__}")
        return analyzer

    # ------------------------------------------------------------------ documents

    @_open
    def add(
        self,
        text: str,
        *,
        title: str | None = None,
        date: _dt.date | str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> int:
        """Adds a document (visible at once) and returns its id."""
        return self._append(self._prepare(text, title, date, fields))

    def _prepare(self, text: Any, title: Any, date: Any, fields: Any) -> _Doc:
        """A checked and analysed document, not yet added."""
        _check_text("text", text)
        if title is not None:
            _check_text("title", title)
        day = _to_date(date, "date")
        if fields is None:
            fields = {}
        if not isinstance(fields, Mapping):
            raise TypeError(f"fields must be a mapping of str to str, got {type(fields).__name__}")
        kept = {_check_text("field name", k): _check_text(f"field {k!r}", v) for k, v in fields.items()}
        body, title_tokens = self._analyze(text), self._analyze(title) if title is not None else ([], [])
        tokens = {BODY: body[0], TITLE: title_tokens[0]}
        parts = {BODY: body[1], TITLE: title_tokens[1]}
        return _Doc(text, title, day, kept, tokens, parts)

    def _append(self, doc: _Doc) -> int:
        self._docs.append(doc)
        self._field_names.update(doc.fields)
        doc_id = len(self._docs) - 1
        self._index_doc(doc_id)
        return doc_id

    @_open
    def add_many(self, docs: Iterable[str | Mapping[str, Any]], *, progress: bool = False) -> np.ndarray:
        """Adds every document of ``docs`` (str or dict with "text", "title", "date", "fields"):
        all of them, or none when one is bad or the iterable raises (as native)."""
        if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
            raise TypeError("docs must be an iterable of str or dicts")
        ready = []
        for doc in docs:
            if isinstance(doc, str):
                ready.append(self._prepare(doc, None, None, None))
            elif isinstance(doc, Mapping):
                unknown = set(doc) - {"text", "title", "date", "fields"}
                if unknown:
                    raise ValueError(f"unknown document keys {sorted(map(str, unknown))}; valid: text, title, date, fields")
                if "text" not in doc:
                    raise ValueError("a document dict needs a 'text'")
                ready.append(self._prepare(doc["text"], doc.get("title"), doc.get("date"), doc.get("fields")))
            else:
                raise TypeError(f"a document must be a str or a dict, got {type(doc).__name__}")
        return np.array([self._append(d) for d in ready], dtype=np.uint32)

    def close(self) -> None:
        """Ends the index: every later call (but ``close``) raises ValueError, as native's."""
        self._closed = True

    def __enter__(self) -> ReferenceIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_doc_id(self, doc_id: object) -> int:
        number = _check_int("doc_id", doc_id, 0)
        if number >= len(self._docs):
            raise ValueError(f"unknown doc id {number} (ids assigned so far: 0..{len(self._docs) - 1})")
        return number

    @_open
    def delete(self, doc_id: int) -> None:
        """Marks a document deleted; searches stop seeing it at the next ``commit()``."""
        self._pending_deletes.add(self._check_doc_id(doc_id))

    @_open
    def commit(self) -> None:
        """Makes every delete since the last commit visible."""
        self._deleted |= self._pending_deletes
        self._pending_deletes = set()
        self._rebuild()

    def _rebuild(self) -> None:
        """Builds the postings of the live documents from scratch."""
        self._live: list[int] = []
        self._live_set: set[int] = set()
        # field -> term -> doc -> positions (ascending): every token, compound parts too ...
        self._post: dict[str, Postings] = {BODY: {}, TITLE: {}}
        # ... and the whole words only (the occurrences the whole-word rule keeps).
        self._whole: dict[str, Postings] = {BODY: {}, TITLE: {}}
        self._lengths: dict[str, dict[int, int]] = {BODY: {}, TITLE: {}}
        for i in range(len(self._docs)):
            if i not in self._deleted:
                self._index_doc(i)

    def _index_doc(self, i: int) -> None:
        """Adds live document ``i`` (the highest id so far) to the postings."""
        self._live.append(i)
        self._live_set.add(i)
        doc = self._docs[i]
        for field in (BODY, TITLE):
            words = doc.tokens[field]
            self._lengths[field][i] = len(words)  # parts share their word's position: not counted
            _add_postings(self._whole[field], i, words)
            _add_postings(self._post[field], i, words + doc.parts[field])

    @property
    @_open
    def num_docs(self) -> int:
        """Number of live documents."""
        return len(self._live)

    @_open
    def __len__(self) -> int:
        return len(self._live)

    @_open
    def document(self, doc_id: int) -> dict[str, Any]:
        """The stored document: text, title, date (datetime.date or None), fields."""
        i = self._check_doc_id(doc_id)
        if i not in self._live_set:
            raise ValueError(f"document {i} is deleted")
        d = self._docs[i]
        return {"text": d.text, "title": d.title, "date": d.date, "fields": dict(d.fields)}

    @_open
    def stats(self) -> dict[str, int]:
        return {
            "num_docs": self.num_docs,
            "num_tokens": sum(self._lengths[BODY].values()),
            "vocab_size": len(self._post[BODY]),
            "num_segments": 1,
            "size_bytes": 0,
        }

    @_open
    def doc_freq(self, term: str) -> int:
        return len(self._post[BODY].get(_check_str("term", term), {}))

    @_open
    def coll_freq(self, term: str) -> int:
        return sum(len(p) for p in self._post[BODY].get(_check_str("term", term), {}).values())

    @_open
    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        by_doc = self._post[BODY].get(_check_str("term", term), {})
        ids = sorted(by_doc)
        return np.array(ids, dtype=np.uint32), np.array([len(by_doc[i]) for i in ids], dtype=np.uint32)

    @_open
    def positions(self, term: str, doc_id: int) -> np.ndarray:
        i = self._check_doc_id(doc_id)
        if i not in self._live_set:
            raise ValueError(f"document {i} is deleted")
        return np.array(self._post[BODY].get(_check_str("term", term), {}).get(i, []), dtype=np.uint32)

    # ------------------------------------------------------------------ query evaluation

    def _field(self, field: str | None) -> str:
        if field is None:
            return BODY
        if field == TITLE:
            return TITLE
        raise SchemaError(f"unknown field {field!r}: the index has the text (no field) and 'title'")

    def _idf(self, field: str, term: str) -> float:
        n = len(self._live)
        df = len(self._post[field].get(term, {}))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _avgdl(self, field: str) -> float:
        return sum(self._lengths[field].values()) / len(self._live)

    def _eval(self, q: Query, whole: bool = False) -> Matches:
        """doc id -> (score, spans) of every live document that matches ``q``.

        ``whole``: Terms, Phrases and Prefixes see whole-word occurrences only
        (under Near and in co-occurrence targets; the module docstring's "Compound parts").
        """
        if isinstance(q, Term):
            field = self._field(q.field)
            words = self._eval_words(q.text, 0, field, whole)
            closed = self._closed_form(q.text)
            if closed is None or not self._words(q.text):
                return words
            # Both spellings: the hyphenated one as its phrase, the closed one as a whole word.
            closed_matches = self._eval_pattern([closed], 0, field, whole=True)
            both = [words, closed_matches]
            return {d: self._combine([m[d] for m in both if d in m]) for d in set(words) | set(closed_matches)}
        if isinstance(q, Phrase):
            return self._eval_words(" ".join(q.words), q.slop, self._field(q.field), whole)
        if isinstance(q, And):
            parts = [self._eval(c, whole) for c in q.clauses if self._has_terms(c)]
            if not parts:
                return {}
            docs = set.intersection(*(set(p) for p in parts))
            return {d: self._combine([p[d] for p in parts]) for d in docs}
        if isinstance(q, Or):
            parts = [self._eval(c, whole) for c in q.clauses if self._has_terms(c)]
            docs = set().union(*parts)
            return {d: self._combine([p[d] for p in parts if d in p]) for d in docs}
        if isinstance(q, Not):
            pos = self._eval(q.positive, whole)
            if not self._has_terms(q.negative):
                return pos
            # The negative gives no occurrences: it excludes documents as a query does.
            neg = self._eval(q.negative)
            return {d: m for d, m in pos.items() if d not in neg}
        if isinstance(q, Near):
            return self._eval_near(q)
        if isinstance(q, Prefix):
            return self._eval_prefix(q, whole)
        if isinstance(q, Wildcard):
            return self._eval_wildcard(q, whole)
        if isinstance(q, All):
            return {d: (0.0, frozenset()) for d in self._live}
        if isinstance(q, FieldValue):
            if q.name not in self._field_names:
                names = ", ".join(map(repr, sorted(self._field_names)))
                has = f"the index has the metadata fields {names}" if names else "no document of this index has metadata fields"
                raise SchemaError(f"unknown metadata field {q.name!r}: {has}")
            return {d: (0.0, frozenset()) for d in self._live if self._docs[d].fields.get(q.name) == q.value}
        if isinstance(q, DateRange):
            return {d: (0.0, frozenset()) for d in self._live if self._in_range(self._docs[d].date, q)}
        raise TypeError(f"unsupported query node {type(q).__name__}")

    def _has_terms(self, q: Query) -> bool:
        """Whether ``q`` has a term: not a Term or Phrase of stop words or
        punctuation only, nor an And, Or or Not of such clauses."""
        if isinstance(q, Term):
            return bool(self._words(q.text))
        if isinstance(q, Phrase):
            return bool(self._words(" ".join(q.words)))
        if isinstance(q, (And, Or)):
            return any(self._has_terms(c) for c in q.clauses)
        if isinstance(q, Not):
            return self._has_terms(q.positive)
        return True

    @staticmethod
    def _combine(matches: list[tuple[float, frozenset[Span]]]) -> tuple[float, frozenset[Span]]:
        score = 0.0
        spans: frozenset[Span] = frozenset()
        for s, sp in matches:
            score += s
            spans |= sp
        return score, spans

    @staticmethod
    def _in_range(day: _dt.date | None, q: DateRange) -> bool:
        if day is None:
            return False
        return (q.start is None or q.start <= day) and (q.end is None or day <= q.end)

    def _closed_form(self, word: str) -> Token | None:
        """The closed form of a query word that is one hyphenated run the
        analyzer reads closed ("Corona-Pandemie" -> "Coronapandemie"): the
        part token spanning all of the word's tokens over more than one
        position (a compound part spans one word only); None otherwise."""
        words, parts = self._analyze(word)
        tokens = words + parts
        if not parts or len({t[3] for t in tokens}) < 2:
            return None
        start, end = min(t[1] for t in tokens), max(t[2] for t in tokens)
        return next((t for t in parts if (t[1], t[2]) == (start, end)), None)

    def _phrase_matches(
        self, text: str, slop: int, field: str, whole: bool = False
    ) -> tuple[float, dict[int, dict[int, set[int]]]]:
        """``text`` analysed into a pattern: (sum of the pattern's idfs, doc -> occurrences)."""
        return self._pattern_occurrences(self._words(text), slop, field, whole)

    def _pattern_occurrences(
        self, tokens: list[Token], slop: int, field: str, whole: bool
    ) -> tuple[float, dict[int, dict[int, set[int]]]]:
        """(sum of the pattern's idfs, doc -> occurrences) of analysed ``tokens``.

        A pattern of several tokens, and any under ``whole``, sees whole words only.
        """
        post = self._whole[field] if whole or len(tokens) > 1 else self._post[field]
        if not tokens or any(t[0] not in post for t in tokens):
            return 0.0, {}
        terms = [t[0] for t in tokens]
        offsets = [t[3] - tokens[0][3] for t in tokens]
        idf = 0.0
        for t in terms:
            idf += self._idf(field, t)  # document frequencies count parts, even here
        found = {}
        for d in set.intersection(*(set(post[t]) for t in terms)):
            occurrences = _phrase_occurrences([post[t][d] for t in terms], offsets, slop)
            if occurrences:
                found[d] = occurrences
        return idf, found

    def _eval_words(self, text: str, slop: int, field: str, whole: bool) -> Matches:
        """A Term (slop 0) or a Phrase, scored with tf = the phrase count."""
        return self._eval_pattern(self._words(text), slop, field, whole)

    def _eval_pattern(self, tokens: list[Token], slop: int, field: str, whole: bool) -> Matches:
        """Analysed ``tokens`` as a pattern, scored with tf = the phrase count."""
        idf, found = self._pattern_occurrences(tokens, slop, field, whole)
        if not found:
            return {}
        avgdl = self._avgdl(field)
        return {
            d: (_bm25(idf, len(occ), self._lengths[field][d], avgdl), self._pattern_spans(tokens, field, d, occ))
            for d, occ in found.items()
        }

    def _pattern_spans(
        self, tokens: list[Token], field: str, doc: int, occurrences: dict[int, set[int]]
    ) -> frozenset[Span]:
        """The spans of a pattern's occurrences in ``doc``; a one-token pattern's
        at a compound part, where the whole word is another term, names the part."""
        spans = [(field, tuple(sorted(c))) for c in occurrences.values()]
        if len(tokens) > 1:
            return frozenset(spans)
        term = tokens[0][0]
        whole = self._whole[field].get(term, {}).get(doc, [])
        return frozenset(s if s[1][0] in whole else (field, s[1], term) for s in spans)

    def _eval_prefix(self, q: Prefix, whole: bool) -> Matches:
        """A Prefix, its text read as words (module docstring, ``Prefix``)."""
        field = self._field(q.field)
        tokens = self._words(q.prefix)
        if not tokens:
            return self._prefix_matches(field, self._prefix_spellings(q.prefix), [], whole)
        last = tokens[-1]
        if any(c.isalnum() for c in q.prefix[last[2] :]):
            # The last word gave no token (a dropped stop word): the words are a phrase.
            return self._eval_pattern(tokens, 0, field, whole)
        spellings = self._prefix_spellings(q.prefix[last[1] : last[2]])
        words = [last[0]]
        if self._stems:
            words += [s for p in spellings for s in _stems_typed_past(p) if s != last[0]]
        tail = (spellings, words)
        if len(tokens) == 1:
            return self._prefix_matches(field, *tail, whole)
        head, offset = tokens[:-1], last[3] - tokens[0][3]
        found = self._phrase_prefix_matches(field, head, offset, *tail)
        run = q.prefix[tokens[0][1] : last[2]]
        closed = self._closed_form(run)
        if closed is None:
            return found
        joined = "".join(c for c in run if c not in "-\u2010\u2011")
        closed_found = self._prefix_matches(field, self._prefix_spellings(joined), [closed[0]], whole=True)
        both = [found, closed_found]
        return {d: self._combine([m[d] for m in both if d in m]) for d in set(found) | set(closed_found)}

    def _eval_wildcard(self, q: Wildcard, whole: bool) -> Matches:
        """A Wildcard (module docstring, ``Wildcard``)."""
        kind, pattern = read_wildcard(q.pattern)
        if kind == "term":
            return self._eval(Term(pattern, q.field), whole)
        if kind == "prefix":
            return self._eval(Prefix(pattern, q.field), whole)
        pieces = [p for p in re.split(r"([*?])", pattern) if p]
        spellings = self._combined_spellings(pieces)
        if self._stems and len(pieces) >= 2 and pieces[-1] == "*" and pieces[-2] not in ("*", "?"):
            for extra in self._combined_spellings(pieces[:-1]):
                if len(spellings) < 32 and extra not in spellings:
                    spellings.append(extra)
        regexes = [wildcard_regex(s) for s in spellings]
        return self._term_matches(self._field(q.field), lambda t: any(r.fullmatch(t) for r in regexes), whole)

    def _combined_spellings(self, pieces: list[str]) -> list[str]:
        """Every combination of the pieces' spellings (``Wildcard``), the first 32."""
        choices: list[list[str]] = []
        for i, piece in enumerate(pieces):
            if piece in ("*", "?"):
                choices.append([piece])
                continue
            spellings = self._prefix_spellings(piece)
            if i == len(pieces) - 1 and self._stems:
                letters_before = any(p not in ("*", "?") for p in pieces[:-1])
                for spelling in list(spellings):
                    for ending in _removable_endings(spelling):
                        kept = spelling[: len(spelling) - len(ending)]
                        if (letters_before or kept) and kept not in spellings:
                            spellings.append(kept)
            choices.append(spellings)
        return ["".join(c) for c in itertools.islice(itertools.product(*choices), 32)]

    def _prefix_matches(self, field: str, prefixes: list[str], words: list[str], whole: bool) -> Matches:
        """The documents of every term starting with one of ``prefixes`` or one of
        ``words`` (parts too unless ``whole``), scored 1; spans at whole words only."""
        return self._term_matches(field, _prefix_or_word(prefixes, words), whole)

    def _term_matches(self, field: str, accepts: Callable[[str], bool], whole: bool) -> Matches:
        """The documents of every term that ``accepts`` takes (parts too
        unless ``whole``), scored 1; spans at whole words only."""
        source = self._whole[field] if whole else self._post[field]
        docs: set[int] = set()
        spans: dict[int, set[Span]] = defaultdict(set)
        for d, p in self._term_positions(field, accepts):
            spans[d].add((field, (p,)))
        for term in self._post[field]:
            if accepts(term):
                docs.update(source.get(term, {}))
        return {d: (1.0, frozenset(spans[d])) for d in docs}

    def _term_positions(self, field: str, accepts: Callable[[str], bool]) -> Iterable[tuple[int, int]]:
        """(doc, position) of every whole word whose term ``accepts`` takes."""
        for term, by_doc in self._whole[field].items():
            if accepts(term):
                for d, plist in by_doc.items():
                    for p in plist:
                        yield d, p

    def _phrase_prefix_matches(
        self, field: str, head: list[Token], offset: int, prefixes: list[str], words: list[str]
    ) -> Matches:
        """Occurrences of the ``head`` pattern (whole words) followed, ``offset``
        positions after their first, by a whole word matching the prefix; scored 1."""
        _, occurrences = self._pattern_occurrences(head, 0, field, whole=True)
        tails = set(self._term_positions(field, _prefix_or_word(prefixes, words)))
        found: Matches = {}
        for d, occ in occurrences.items():
            spans = frozenset(
                (field, tuple(sorted(cover | {p1 + offset}))) for p1, cover in occ.items() if (d, p1 + offset) in tails
            )
            if spans:
                found[d] = (1.0, spans)
        return found

    def _positional_field(self, q: Query) -> str:
        """The field of a positional query (one Near can take); QueryError for any other."""
        if isinstance(q, (Term, Phrase, Prefix, Wildcard)):
            return self._field(q.field)
        if isinstance(q, Near):
            return self._positional_field(q.a)
        if isinstance(q, Or):
            fields = {self._positional_field(c) for c in q.clauses}
            if len(fields) == 1:
                return fields.pop()
            raise QueryError("an Or inside Near must search one field")
        raise QueryError(
            f"Near needs positional queries (Term, Phrase, Prefix, Wildcard, Or, Near), got {type(q).__name__}"
        )

    def _eval_near(self, q: Near) -> Matches:
        if self._positional_field(q.a) != self._positional_field(q.b):
            raise QueryError("the two sides of Near must search the same field")
        a, b = self._eval(q.a, whole=True), self._eval(q.b, whole=True)
        result: Matches = {}
        for d in set(a) & set(b):
            pa = {p for s in a[d][1] for p in s[1]}
            pb = {p for s in b[d][1] for p in s[1]}
            pairs = [(x, y) for x in pa for y in pb if x != y and abs(x - y) <= q.distance]
            if not pairs:
                continue
            used_a = {x for x, _ in pairs}
            used_b = {y for _, y in pairs}
            spans = frozenset(s for s in a[d][1] if used_a & set(s[1])) | frozenset(
                s for s in b[d][1] if used_b & set(s[1])
            )
            result[d] = (a[d][0] + b[d][0], spans)
        return result

    def _filter_docs(self, filter: Filter | QueryLike | None) -> set[int] | None:
        """The documents a filter admits: a Filter, a query or a query string (None: all)."""
        if filter is None:
            return None
        if isinstance(filter, Filter):
            fq = filter.to_query()
            return None if fq is None else set(self._eval(fq))
        if isinstance(filter, (Query, str)):
            return set(self._eval(as_query(filter)))
        raise TypeError(f"filter must be a Filter, a query, a query string or None, got {type(filter).__name__}")

    def _run(self, q: QueryLike, filter: Filter | Query | None) -> Matches:
        query = as_query(q)
        allowed = self._filter_docs(filter)
        matches = self._eval(query)
        if allowed is None:
            return matches
        return {d: m for d, m in matches.items() if d in allowed}

    # ------------------------------------------------------------------ search

    @_open
    def match(self, q: QueryLike, filter: Filter | Query | None = None) -> np.ndarray:
        """Every matching live document, ids ascending."""
        return np.array(sorted(self._run(q, filter)), dtype=np.uint32)

    @_open
    def count(self, q: QueryLike, filter: Filter | Query | None = None) -> int:
        return len(self._run(q, filter))

    @_open
    def search(self, q: QueryLike, limit: int | None = 10, filter: Filter | Query | None = None) -> Hits:
        """The ``limit`` best documents by BM25 (``None``: all)."""
        limit = _check_limit("limit", limit)
        matches = self._run(q, filter)
        ranked = sorted(matches, key=lambda d: (-matches[d][0], d))
        top = ranked if limit is None else ranked[:limit]
        return Hits(
            ids=np.array(top, dtype=np.uint32),
            scores=np.array([matches[d][0] for d in top], dtype=np.float64).astype(np.float32),
            total=len(matches),
        )

    @_open
    def search_batch(
        self, queries: Iterable[QueryLike], limit: int | None = 10, threads: int | None = None
    ) -> list[Hits]:
        """``search`` of every query, in the order of ``queries``; a bad query fails the
        whole batch. ``threads`` (None or >= 1) is checked; the reference runs on one."""
        if isinstance(queries, (str, Query)) or not isinstance(queries, Iterable):
            raise TypeError("queries must be an iterable of queries")
        parsed = [as_query(q) for q in queries]
        limit = _check_limit("limit", limit)
        if threads is not None:
            _check_int("threads", threads, 1)
        return [self.search(q, limit) for q in parsed]

    @_open
    def phrase_counts(self, words: Iterable[str] | str, slop: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(ids, counts): the phrase count of every body document where it is > 0."""
        phrase = Phrase(words, slop)
        _, found = self._phrase_matches(" ".join(phrase.words), phrase.slop, BODY)
        ids = sorted(found)
        counts = [len(found[d]) for d in ids]
        return np.array(ids, dtype=np.uint32), np.array(counts, dtype=np.uint32)

    # ------------------------------------------------------------------ concordances

    def _char_span(self, doc: int, positions: tuple[int, ...], parts: set[tuple[int, str]]) -> tuple[int, int]:
        """The characters of a body span: its whole words, and for a span of one
        position the compound parts matched there (``parts``: (position, term))."""
        toks = [t for t in self._docs[doc].tokens[BODY] if t[3] in positions]
        if len(positions) == 1:
            toks += [t for t in self._docs[doc].parts[BODY] if (t[3], t[0]) in parts and t[3] in positions]
        return min(t[1] for t in toks), max(t[2] for t in toks)

    @staticmethod
    def _body_spans(spans: frozenset[Span]) -> list[tuple[int, ...]]:
        """The distinct positions of the body spans, by first and last position."""
        return sorted({s[1] for s in spans if s[0] == BODY}, key=lambda s: (s[0], s[-1], s))

    @staticmethod
    def _body_parts(spans: frozenset[Span]) -> set[tuple[int, str]]:
        """(position, term) of the compound parts the body spans matched."""
        return {(s[1][0], s[2]) for s in spans if s[0] == BODY and len(s) == 3}

    @_open
    def kwic(self, q: QueryLike, width: int = 40, limit: int | None = 100) -> list[Concordance]:
        """One concordance line per match occurrence, by doc id then position."""
        width = _check_int("width", width, 0)
        limit = _check_limit("limit", limit)
        matches = self._run(q, None)
        lines: list[Concordance] = []
        for d in sorted(matches):
            text = self._docs[d].text
            parts = self._body_parts(matches[d][1])
            for span in self._body_spans(matches[d][1]):
                if limit is not None and len(lines) >= limit:
                    return lines
                start, end = self._char_span(d, span, parts)
                left, right = _cut_start(text, max(0, start - width), start), _cut_end(text, end + width, end)
                lines.append(Concordance(d, text[left:start], text[start:end], text[end:right], start, end))
        return lines

    @_open
    def snippet(self, q: QueryLike, doc_id: int, width: int = 160) -> str:
        """About ``width`` characters around the first match, matches in «», "…" where cut."""
        i = self._check_doc_id(doc_id)
        width = _check_int("width", width, 1)
        if i not in self._live_set:
            raise ValueError(f"document {i} is deleted")
        text = self._docs[i].text
        match = self._run(q, None).get(i)
        spans, parts = (match[1], self._body_parts(match[1])) if match else (frozenset(), set())
        chars = sorted(self._char_span(i, s, parts) for s in self._body_spans(spans))
        if not chars:
            end = _cut_end(text, min(width, len(text)), 0)
            return text[:end] + ("…" if end < len(text) else "")
        s, e = chars[0]  # the first span by position is also the first in the text
        if e - s >= width:
            lo, hi = s, e
        else:
            lo = max(0, s - (width - (e - s)) // 2)
            hi = min(len(text), lo + width)
            lo = _cut_start(text, max(0, hi - width), s)
            hi = _cut_end(text, hi, e)
        # Merge overlapping spans, keep the runs wholly inside the window.
        runs: list[list[int]] = []
        for cs, ce in chars:
            if runs and cs < runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], ce)
            else:
                runs.append([cs, ce])
        out = ["…"] if lo > 0 else []
        cursor = lo
        for rs, re_ in runs:
            if rs >= lo and re_ <= hi:
                out += [text[cursor:rs], "«", text[rs:re_], "»"]
                cursor = re_
        out.append(text[cursor:hi])
        if hi < len(text):
            out.append("…")
        return "".join(out)

    # ------------------------------------------------------------------ co-occurrence

    def _occurrences(self, target: Query, allowed: set[int] | None) -> dict[int, list[tuple[int, ...]]]:
        """doc -> body spans of the target (whole words), in live documents that pass the filter."""
        matches = self._eval(target, whole=True)
        return {d: self._body_spans(m[1]) for d, m in matches.items() if allowed is None or d in allowed}

    def _tokens_at(self, doc: int) -> dict[int, list[str]]:
        at: dict[int, list[str]] = defaultdict(list)
        for term, _, _, pos in self._docs[doc].tokens[BODY]:
            at[pos].append(term)
        return at

    @_open
    def cooccurrence(
        self,
        target: QueryLike,
        window: int = 5,
        top: int | None = 50,
        measure: str = "logdice",
        min_count: int = 1,
        filter: Filter | Query | None = None,
        scope: str = "window",
    ) -> Collocates:
        """The collocates of ``target`` (see the module docstring for every count and measure)."""
        return self.cooccurrence_batch([target], window, top, measure, min_count, filter, scope)[0]

    @_open
    def cooccurrence_batch(
        self,
        targets: Iterable[QueryLike],
        window: int = 5,
        top: int | None = 50,
        measure: str = "logdice",
        min_count: int = 1,
        filter: Filter | Query | None = None,
        scope: str = "window",
    ) -> list[Collocates]:
        """``cooccurrence`` of every target with the same options, in the order of
        ``targets``; a bad target fails the whole batch."""
        if isinstance(targets, (str, Query)) or not isinstance(targets, Iterable):
            raise TypeError("targets must be an iterable of queries")
        queries = [as_query(t) for t in targets]
        window = _check_int("window", window, 1)
        top = _check_limit("top", top)
        min_count = _check_int("min_count", min_count, 0)
        if _check_str("measure", measure) not in MEASURES:
            raise ValueError(f"unknown measure {measure!r}; valid: {', '.join(MEASURES)}")
        if _check_str("scope", scope) not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; valid: {', '.join(SCOPES)}")
        allowed = self._filter_docs(filter)
        return [self._collocates(q, window, top, measure, min_count, allowed, scope) for q in queries]

    def _collocates(
        self, target: Query, window: int, top: int | None, measure: str, min_count: int, allowed: set[int] | None, scope: str
    ) -> Collocates:
        docs = [d for d in self._live if allowed is None or d in allowed]
        occurrences = self._occurrences(target, allowed)
        f_xy: Counter[str] = Counter()
        f_y: Counter[str] = Counter()
        if scope in ("window", "sentence"):
            for d in docs:
                f_y.update(t[0] for t in self._docs[d].tokens[BODY])
            n = sum(f_y.values())
            f_x = sum(len(spans) for spans in occurrences.values())
            for d, spans in occurrences.items():
                at = self._tokens_at(d)
                starts = sentence_starts(self._docs[d].text, self._joins_soft_hyphens, self._drops_gender_suffixes, self._gender_endings) if scope == "sentence" else []
                for span in spans:
                    if scope == "window":
                        lo, hi = span[0] - window, span[-1] + window
                    else:
                        lo = max([0] + [s for s in starts if s <= span[0]])
                        hi = min([s for s in starts if s > span[-1]], default=max(at, default=0) + 1) - 1
                    for pos in range(lo, hi + 1):
                        if pos not in span:
                            f_xy.update(at.get(pos, []))
        else:
            for d in docs:
                f_y.update({t[0] for t in self._docs[d].tokens[BODY]})
            n = len(docs)
            f_x = len(occurrences)
            for d, spans in occurrences.items():
                inside = {p for span in spans for p in span}
                f_xy.update({t[0] for t in self._docs[d].tokens[BODY] if t[3] not in inside})
        kept = [(t, c) for t, c in f_xy.items() if c >= min_count]
        scored = sorted(((-_measure(measure, c, f_x, f_y[t], n), t, c) for t, c in kept))
        if top is not None:
            scored = scored[:top]
        return Collocates(
            terms=[t for _, t, _ in scored],
            f_xy=np.array([c for _, _, c in scored], dtype=np.uint64),
            f_y=np.array([f_y[t] for _, t, _ in scored], dtype=np.uint64),
            scores=np.array([-s for s, _, _ in scored], dtype=np.float64),
            f_x=f_x,
            n_tokens=n,
        )

    @_open
    def cooccurrence_matrix(self, terms: Iterable[str], window: int = 5) -> Any:
        """scipy.sparse.csr_matrix: [i, j] = window count of terms[j] around terms[i].

        A term is used as the index holds it, else as the analyzer makes it
        from a word ("Sitzung" -> "sitzung") when that is one term.
        """
        from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

        terms = self._dictionary_terms(terms)
        window = _check_int("window", window, 1)
        dense = np.zeros((len(terms), len(terms)), dtype=np.int64)
        for i, x in enumerate(terms):
            for d, plist in self._whole[BODY].get(x, {}).items():
                at = self._tokens_at(d)
                for p in plist:
                    for pos in range(p - window, p + window + 1):
                        if pos == p:
                            continue
                        for y in at.get(pos, []):
                            for j, t in enumerate(terms):
                                if t == y:
                                    dense[i, j] += 1
        return csr_matrix(dense)

    def _dictionary_terms(self, words: Any) -> list[str]:
        """``_dictionary_term`` of each of ``words`` (an iterable of str, not one str)."""
        if isinstance(words, str) or not isinstance(words, Iterable):
            raise TypeError("terms must be an iterable of str")
        return [self._dictionary_term(_check_str("term", w)) for w in words]

    def _dictionary_term(self, word: str) -> str:
        """``word`` when the index holds it, else its analysed form when that is one term."""
        if word in self._post[BODY]:
            return word
        terms = [t[0] for t in self._words(word)]
        return terms[0] if len(terms) == 1 else word

    @_open
    def timeline(
        self, q: QueryLike, by: str = "month", filter: Filter | Query | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(bucket starts as datetime64[D], matching dated documents per bucket as uint32)."""
        if _check_str("by", by) not in BUCKETS:
            raise ValueError(f"unknown bucket {by!r}; valid: {', '.join(BUCKETS)}")
        per_bucket = Counter(
            _bucket_start(self._docs[d].date, by)  # type: ignore[arg-type]
            for d in self._run(q, filter)
            if self._docs[d].date is not None
        )
        starts: list[_dt.date] = []
        if per_bucket:
            bucket, last = min(per_bucket), max(per_bucket)
            starts.append(bucket)
            # Stepping past the last bucket could leave the date range (9999-12-31).
            while bucket < last:
                bucket = _next_bucket(bucket, by)
                starts.append(bucket)
        return (
            np.array(starts, dtype="datetime64[D]"),
            np.array([per_bucket.get(b, 0) for b in starts], dtype=np.uint32),
        )

    @_open
    def surface_forms(self, terms: Iterable[str], docs: int = 16) -> list[str | None]:
        """The written form each term's whole-word occurrences in its ``docs``
        lowest live doc ids use most (ties: the first seen); None when it has none.
        A term the index does not hold is taken as the analyzer makes it from a word."""
        terms = self._dictionary_terms(terms)
        docs = _check_int("docs", docs, 1)
        forms: list[str | None] = []
        for term in terms:
            counts: dict[str, int] = {}
            for d in self.postings(term)[0][:docs].tolist():
                doc = self._docs[d]
                for t in doc.tokens[BODY]:
                    if t[0] == term:
                        form = doc.text[t[1] : t[2]]
                        counts[form] = counts.get(form, 0) + 1
            # max() keeps the first of equal counts: the form seen first.
            forms.append(max(counts, key=lambda f: counts[f]) if counts else None)
        return forms

    @_open
    def ngrams(
        self,
        n: int = 2,
        min_count: int = 5,
        top: int | None = 100,
        filter: Filter | Query | None = None,
        stopwords: bool = True,
    ) -> list[tuple[tuple[str, ...], int]]:
        """The most frequent n-grams: terms at n consecutive positions of one document."""
        n = _check_int("n", n, 1)
        if n > 5:
            raise ValueError(f"n must be in 1..5, got {n}")
        min_count = _check_int("min_count", min_count, 0)
        top = _check_limit("top", top)
        if not isinstance(stopwords, bool):
            raise TypeError(f"stopwords must be a bool, got {type(stopwords).__name__}")
        allowed = self._filter_docs(filter)
        counts: Counter[tuple[str, ...]] = Counter()
        for d in self._live:
            if allowed is not None and d not in allowed:
                continue
            at = self._tokens_at(d)
            for p in at:
                if all(p + k in at for k in range(n)):
                    gram = tuple(at[p + k][0] for k in range(n))
                    if stopwords or not any(w in self._stop_terms for w in gram):
                        counts[gram] += 1
        ranked = sorted(((g, c) for g, c in counts.items() if c >= min_count), key=lambda gc: (-gc[1], gc[0]))
        return ranked if top is None else ranked[:top]
