"""Shared fixtures: the real news of ../shared/data, when it is there."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
GNAD_CSV = SHARED_DATA / "10kGNAD-test.csv"
COMPOUNDS_TSV = SHARED_DATA / "compounds-de.tsv"


def require_shared(path: Path) -> Path:
    """Return ``path``, or skip the test when ../shared is absent (a user's clone).

    In CI (``CI=true``) the data must be there, so its absence fails.
    """
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not found (../shared/data is not beside this clone)")
    return path


def read_gnad(path: Path) -> list[tuple[str, str]]:
    """(section, text) of every article, doc id = line number."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(row[0], row[1]) for row in csv.reader(f, delimiter=";", quotechar="'")]


@pytest.fixture(scope="session")
def gnad_articles() -> list[tuple[str, str]]:
    """The 1,028 articles of 10kGNAD-test.csv as (section, text)."""
    return read_gnad(require_shared(GNAD_CSV))
