"""Type stubs of the Rust extension module ``stichwort._core``."""

__version__: str

def parse_query(text: str, default_operator: str = "AND") -> tuple:
    """Parses a query string into the tuple form of ``stichwort.query`` (raises QueryError)."""

def format_query(query: object) -> str:
    """Prints a query object, tuple form or string in the query language."""
