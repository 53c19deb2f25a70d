"""KWIC contexts and snippet windows are cut on extended grapheme cluster
boundaries (UAX #29), in the engine and the reference alike: a cluster the
width would cut through is left out whole (a cut inside a flag showed
another flag, one inside a ZWJ family another person)."""

from __future__ import annotations

import pytest

import stichwort
from stichwort import backends

from grapheme_samples import CLUSTERS


@pytest.fixture(params=["native", "python"])
def make_index(request):
    def make(text: str):
        if request.param == "native":
            ix = stichwort.Index(analyzer="simple")
        else:
            ix = backends.get("python", analyzer="simple")
        ix.add(text)
        return ix

    return make


def fitting(pieces: list[str], width: int) -> list[str]:
    """The leading ``pieces`` whose total length is at most ``width``."""
    out: list[str] = []
    for piece in pieces:
        if sum(map(len, out)) + len(piece) > width:
            break
        out.append(piece)
    return out


@pytest.mark.parametrize("kind", CLUSTERS)
def test_kwic_contexts_keep_clusters_whole(make_index, kind):
    clusters = CLUSTERS[kind]
    seq = "".join(clusters)
    ix = make_index(f"{seq} nato {seq}")
    for width in range(len(seq) + 3):
        [line] = ix.kwic("nato", width=width)
        left = "".join(reversed(fitting([" ", *reversed(clusters)], width)))
        right = "".join(fitting([" ", *clusters], width))
        assert (line.left, line.right) == (left, right), (kind, width)


@pytest.mark.parametrize("kind", CLUSTERS)
def test_snippet_windows_keep_clusters_whole(make_index, kind):
    clusters = CLUSTERS[kind]
    pieces = [*clusters, " ", *"nato", " ", *clusters]
    text = "".join(pieces)
    whole = {"".join(pieces[a:b]) for a in range(len(pieces)) for b in range(a, len(pieces) + 1)}
    ix = make_index(text)
    for width in range(1, len(text) + 2):
        window = ix.snippet("nato", 0, width=width).strip("…").replace("«", "").replace("»", "")
        assert "nato" in window and window in whole and len(window) <= max(width, len("nato")), (kind, width)
        assert ix.snippet("missing", 0, width=width).rstrip("…") == "".join(fitting(pieces, width)), (kind, width)
