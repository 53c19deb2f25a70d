"""Plain-text rendering of results for the command line and the demo.

Example:
    >>> print(render_stats({"num_docs": 1200, "analyzer": "simple"}))
    num_docs       1,200
    analyzer       simple
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from stichwort.index import Index

__all__ = [
    "index_stats",
    "one_line",
    "printable",
    "render_collocates",
    "render_hits",
    "render_kwic",
    "render_phrase",
    "render_stats",
]

#: C0 control characters, DEL and C1 control characters: a terminal acts on them
#: (ESC ] 0 ; ... BEL sets its title, ESC [ 2 J clears the screen, CSI is U+009B).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""``text`` with its control characters (C0, DEL, C1) as visible ``\xNN`` escapes, so that
    text from documents cannot drive the terminal it is printed on.

    Example:
        >>> print(printable("Wien \x1b]0;pwned\x07 Graz\x9b"))
        Wien \x1b]0;pwned\x07 Graz\x9b
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    """White space runs (newlines included) as single spaces, control characters escaped (``printable``)."""
    return printable(re.sub(r"\s+", " ", text).strip())


def render_hits(result: dict[str, Any], query: str, seconds: float) -> str:
    """Ranked hits as text: rank, id, date, section, score, title, snippet."""
    out = [f"{result['total']:,} documents match {query!r} ({seconds * 1000:.1f} ms)"]
    for rank, h in enumerate(result["hits"], 1):
        section = one_line(h["fields"].get("section", ""))
        score = "-" if h["score"] is None else f"{h['score']:.2f}"
        out.append(f"{rank:>3}. [{h['id']}] {h['date'] or '':10} {section:12} score {score}")
        if h["title"]:
            out.append(f"     {one_line(h['title'])}")
        if h.get("snippet"):
            out.append(f"     {one_line(h['snippet'])}")
    return "\n".join(out)


def render_kwic(result: dict[str, Any], width: int) -> str:
    """Concordance lines: left context right-aligned, the match, right context."""
    out = []
    for line in result["lines"]:
        left = one_line(line["left"])[-width:]
        right = one_line(line["right"])[:width]
        out.append(f"{line['id']:>7}  {left:>{width}} [{one_line(line['match'])}] {right}")
    return "\n".join(out) if out else "(no matches)"


def render_collocates(result: dict[str, Any], measure: str, words: Sequence[str | None]) -> str:
    """Collocates as a table: the word as the texts write it (``Index.surface_forms``),
    the term, co-occurrences, term frequency, score."""
    out = [f"target frequency {result['f_x']:,}, corpus {result['n_tokens']:,}",
           f"{'word':20} {'term':20} {'f_xy':>9} {'f_y':>10} {measure:>9}"]
    for c, word in zip(result["collocates"], words):
        score = "-" if c["score"] is None else f"{c['score']:.3f}"
        out.append(f"{one_line(word or c['term']):20} {printable(c['term']):20} {c['f_xy']:>9,} {c['f_y']:>10,} {score:>9}")
    return "\n".join(out)


def render_phrase(result: dict[str, Any]) -> str:
    """Phrase counts: total, documents, the top documents."""
    out = [f"{' '.join(result['words'])!r}: {result['occurrences']:,} occurrences in {result['documents']:,} documents"]
    for row in result["top"]:
        out.append(f"  {row['count']:>5} x [{row['id']}] {one_line(row['title'] or '')}")
    return "\n".join(out)


def render_stats(stats: dict[str, Any]) -> str:
    """Index statistics as aligned lines."""
    return "\n".join(f"{k:14} {v:,}" if isinstance(v, int) else f"{k:14} {printable(str(v))}" for k, v in stats.items())


def index_stats(ix: Index) -> dict[str, Any]:
    """``Index.stats()`` plus the folder and the analyzer."""
    return {"path": ix.path, "analyzer": ix.analyzer_spec, **ix.stats()}
