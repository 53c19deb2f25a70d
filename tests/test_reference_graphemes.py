"""The reference's grapheme cluster rules against the UCD's own conformance
test, GraphemeBreakTest.txt of the Unicode version of its tables (Debian's
``unicode-data`` package installs it; without it the test is skipped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stichwort.backends.reference_graphemes import UNICODE_VERSION, cluster_boundaries

BREAK_TEST = Path("/usr/share/unicode/auxiliary/GraphemeBreakTest.txt")


def conformance_cases(path: Path) -> list[tuple[str, list[bool]]]:
    """(text, boundary before each of its characters and at its end) per test line."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#")[0].split()
        if fields:
            text = "".join(chr(int(f, 16)) for f in fields[1::2])
            cases.append((text, [f == "÷" for f in fields[0::2]]))
    return cases


def test_reference_passes_the_unicode_grapheme_break_test():
    if not BREAK_TEST.exists():
        pytest.skip(f"{BREAK_TEST} not found (apt-get install unicode-data)")
    header = BREAK_TEST.read_text(encoding="utf-8").splitlines()[0]
    if f"-{UNICODE_VERSION}.txt" not in header:
        pytest.skip(f"{BREAK_TEST} is not of Unicode {UNICODE_VERSION}: {header}")
    cases = conformance_cases(BREAK_TEST)
    assert len(cases) > 600
    for text, boundaries in cases:
        assert list(cluster_boundaries(text)) == boundaries, [hex(ord(c)) for c in text]
