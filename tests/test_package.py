"""The package imports, exposes its version and its error hierarchy."""

import stichwort


def test_version_is_the_crate_version() -> None:
    assert stichwort.__version__.count(".") == 2


def test_error_hierarchy() -> None:
    assert issubclass(stichwort.QueryError, ValueError)
    for cls in (
        stichwort.QueryError,
        stichwort.CorruptIndexError,
        stichwort.IndexLockedError,
        stichwort.SchemaError,
        stichwort.InternalError,
    ):
        assert issubclass(cls, stichwort.StichwortError)
