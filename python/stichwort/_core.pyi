"""Type stubs of the Rust extension module ``stichwort._core``."""

__version__: str
