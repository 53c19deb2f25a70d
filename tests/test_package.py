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


def test_backends_reachable_after_import_stichwort_alone() -> None:
    # API.md writes `stichwort.backends.available()`; a fresh interpreter
    # (no other test has imported the submodule) must find it.
    import subprocess
    import sys

    code = "import stichwort; print(stichwort.backends.available()[:2])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['native', 'python']"
