"""Query objects: the tree that ``parse`` builds and every backend runs.

Queries are immutable values. Wherever a query is taken, a plain ``str``
means ``parse(str)``; inside ``And``, ``Or``, ``Not`` and ``Near`` a ``str``
is a single ``Term``. Term and phrase words are analysed with the index's
analyzer when the query runs, so ``Term("Ministerien")`` finds what the
index made of that word.

Example:
    >>> from stichwort.query import And, Phrase, Term
    >>> q = And(Term("nato"), Phrase(["gemeinsame", "sitzung"]))
    >>> q
    And(Term('nato'), Phrase(['gemeinsame', 'sitzung'], slop=0))
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "Query",
    "QueryLike",
    "Term",
    "And",
    "Or",
    "Not",
    "Phrase",
    "Near",
    "Prefix",
    "Wildcard",
    "All",
    "FieldValue",
    "DateRange",
    "Filter",
    "as_query",
    "parse",
]


def _child(q: QueryLike) -> Query:
    """A child of a compound query: a ``str`` is one term."""
    if isinstance(q, str):
        return Term(q)
    if isinstance(q, Query):
        return q
    raise TypeError(f"expected a query or str, got {type(q).__name__}")


def _whole_number(name: str, value: object) -> int:
    """An int (numpy's integers too, as everywhere else), never a bool."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got bool")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{name} must be an int, got {type(value).__name__}") from None


def parse(text: str, *, default_operator: str = "AND") -> Query:
    """Parses the Lucene-like query language (docs/query-language.md) into a query tree.

    ``default_operator`` (``"AND"`` or ``"OR"``) is what ``a b`` means.
    Raises ``QueryError`` (a ``ValueError``) naming the character position
    and what was expected there; ``str(query)`` prints a query back.

    Example:
        >>> parse('lawrow AND "gemeinsame sitzung" NOT nato')
        Not(And(Term('lawrow'), Phrase(['gemeinsame', 'sitzung'], slop=0)), Term('nato'))
        >>> parse("merkel macron", default_operator="OR")
        Or(Term('merkel'), Term('macron'))
    """
    from stichwort._core import parse_query

    _check_str("query", text)
    _check_str("default_operator", default_operator)
    return _from_tuple(parse_query(text, default_operator))


def as_query(q: QueryLike) -> Query:
    """A top-level query: a ``str`` is parsed with the query language."""
    if isinstance(q, str):
        return parse(q)
    if isinstance(q, Query):
        return q
    raise TypeError(f"expected a query or str, got {type(q).__name__}")


def _check_str(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


class Query:
    """Base class of all query nodes."""

    __slots__ = ()

    def to_tuple(self) -> tuple:
        """The plain-tuple form the Rust core reads (see ``_from_tuple``)."""
        raise NotImplementedError

    def __str__(self) -> str:
        """The query in the query language; ``parse(str(q)) == q``.

        Example:
            >>> str(Not(All(), Term("nato")))
            'NOT nato'
        """
        from stichwort._core import format_query

        return format_query(self)


@dataclass(frozen=True, slots=True, init=False)
class Term(Query):
    """One word, analysed with the index's analyzer; ``field="title"`` searches titles only."""

    text: str
    field: str | None = None

    def __init__(self, text: str, field: str | None = None) -> None:
        object.__setattr__(self, "text", _check_str("Term text", text))
        if field is not None:
            _check_str("Term field", field)
        object.__setattr__(self, "field", field)

    def __repr__(self) -> str:
        return f"Term({self.text!r})" if self.field is None else f"Term({self.text!r}, field={self.field!r})"

    def to_tuple(self) -> tuple:
        return ("term", self.text, self.field)


def _children(kind: str, qs: tuple[QueryLike, ...]) -> tuple[Query, ...]:
    if len(qs) == 1 and not isinstance(qs[0], (str, Query)) and isinstance(qs[0], Iterable):
        qs = tuple(qs[0])
    if not qs:
        raise ValueError(f"{kind} needs at least one query")
    return tuple(_child(q) for q in qs)


@dataclass(frozen=True, slots=True, init=False)
class And(Query):
    """Documents that match every clause."""

    clauses: tuple[Query, ...]

    def __init__(self, *clauses: QueryLike) -> None:
        object.__setattr__(self, "clauses", _children("And", clauses))

    def __repr__(self) -> str:
        return "And(" + ", ".join(map(repr, self.clauses)) + ")"

    def to_tuple(self) -> tuple:
        return ("and", [c.to_tuple() for c in self.clauses])


@dataclass(frozen=True, slots=True, init=False)
class Or(Query):
    """Documents that match at least one clause."""

    clauses: tuple[Query, ...]

    def __init__(self, *clauses: QueryLike) -> None:
        object.__setattr__(self, "clauses", _children("Or", clauses))

    def __repr__(self) -> str:
        return "Or(" + ", ".join(map(repr, self.clauses)) + ")"

    def to_tuple(self) -> tuple:
        return ("or", [c.to_tuple() for c in self.clauses])


@dataclass(frozen=True, slots=True, init=False)
class Not(Query):
    """Documents that match ``positive`` and not ``negative``; scored by ``positive`` alone."""

    positive: Query
    negative: Query

    def __init__(self, positive: QueryLike, negative: QueryLike) -> None:
        object.__setattr__(self, "positive", _child(positive))
        object.__setattr__(self, "negative", _child(negative))

    def __repr__(self) -> str:
        return f"Not({self.positive!r}, {self.negative!r})"

    def to_tuple(self) -> tuple:
        return ("not", self.positive.to_tuple(), self.negative.to_tuple())


@dataclass(frozen=True, slots=True, init=False)
class Phrase(Query):
    """Words in this order; ``slop`` extra moves allowed (Lucene's sloppy phrase)."""

    words: tuple[str, ...]
    slop: int = 0
    field: str | None = None

    def __init__(self, words: Iterable[str] | str, slop: int = 0, field: str | None = None) -> None:
        if isinstance(words, str):
            words = words.split()
        ws = tuple(_check_str("Phrase word", w) for w in words)
        if not ws:
            raise ValueError("Phrase needs at least one word")
        slop = _whole_number("slop", slop)
        if slop < 0:
            raise ValueError(f"slop must be >= 0, got {slop}")
        if field is not None:
            _check_str("Phrase field", field)
        object.__setattr__(self, "words", ws)
        object.__setattr__(self, "slop", slop)
        object.__setattr__(self, "field", field)

    def __repr__(self) -> str:
        extra = "" if self.field is None else f", field={self.field!r}"
        return f"Phrase({list(self.words)!r}, slop={self.slop}{extra})"

    def to_tuple(self) -> tuple:
        return ("phrase", list(self.words), self.slop, self.field)


@dataclass(frozen=True, slots=True, init=False)
class Near(Query):
    """``a`` and ``b`` at different positions at most ``distance`` apart, in either order."""

    a: Query
    b: Query
    distance: int

    def __init__(self, a: QueryLike, b: QueryLike, distance: int = 5) -> None:
        distance = _whole_number("distance", distance)
        if distance < 1:
            raise ValueError(f"distance must be >= 1, got {distance}")
        object.__setattr__(self, "a", _child(a))
        object.__setattr__(self, "b", _child(b))
        object.__setattr__(self, "distance", distance)

    def __repr__(self) -> str:
        return f"Near({self.a!r}, {self.b!r}, {self.distance})"

    def to_tuple(self) -> tuple:
        return ("near", self.a.to_tuple(), self.b.to_tuple(), self.distance)


@dataclass(frozen=True, slots=True, init=False)
class Prefix(Query):
    """Every indexed term that starts with ``prefix`` (normalised, not
    stemmed), and the prefix's own term when it is one word (a stem need
    not start with its word: "Häuser" is haus). Several words are a phrase
    prefix: the words but the last as a phrase, then a word the last one
    prefixes ("EU-Kommiss" finds EU-Kommission, docs/query-language.md).

    Example:
        >>> import stichwort
        >>> ix = stichwort.Index(analyzer="german")
        >>> _ = ix.add_many(["Die Häuser", "Der Hausbau", "Die Hauptstadt", "Die EU-Kommission"])
        >>> ix.match(Prefix("Häuser")).tolist(), ix.match(Prefix("Haus")).tolist()
        ([0], [0, 1])
        >>> ix.match(Prefix("EU-Kommiss")).tolist()
        [3]
    """

    prefix: str
    field: str | None = None

    def __init__(self, prefix: str, field: str | None = None) -> None:
        object.__setattr__(self, "prefix", _check_str("Prefix", prefix))
        if field is not None:
            _check_str("Prefix field", field)
        object.__setattr__(self, "field", field)

    def __repr__(self) -> str:
        return f"Prefix({self.prefix!r})" if self.field is None else f"Prefix({self.prefix!r}, field={self.field!r})"

    def to_tuple(self) -> tuple:
        return ("prefix", self.prefix, self.field)


@dataclass(frozen=True, slots=True, init=False)
class Wildcard(Query):
    """Every indexed term matching ``pattern``, one word in which ``*``
    stands for any characters (none too) and ``?`` for one: ``*krise``
    finds Finanzkrise and Coronakrisen, ``Me?er`` Meier and Meyer. The
    pattern's letters are normalised as the index's words are; where it
    ends in letters, those are also read as a word is (stemmed, so
    ``*krise`` finds the stem finanzkris). A pattern without wildcards is a
    Term, one ending in its only ``*`` a Prefix (docs/query-language.md).

    Example:
        >>> import stichwort
        >>> ix = stichwort.Index(analyzer="german")
        >>> _ = ix.add_many(["Die Finanzkrise", "Zwei Coronakrisen", "Die Krise", "Der Kristall"])
        >>> ix.match(Wildcard("*krise")).tolist(), ix.match(Wildcard("Kri?e")).tolist()
        ([0, 1, 2], [2])
    """

    pattern: str
    field: str | None = None

    def __init__(self, pattern: str, field: str | None = None) -> None:
        object.__setattr__(self, "pattern", _check_str("Wildcard", pattern))
        if field is not None:
            _check_str("Wildcard field", field)
        object.__setattr__(self, "field", field)

    def __repr__(self) -> str:
        if self.field is None:
            return f"Wildcard({self.pattern!r})"
        return f"Wildcard({self.pattern!r}, field={self.field!r})"

    def to_tuple(self) -> tuple:
        return ("wildcard", self.pattern, self.field)


@dataclass(frozen=True, slots=True)
class All(Query):
    """Every (not deleted) document; what a query of only negations starts from."""

    def to_tuple(self) -> tuple:
        return ("all",)


@dataclass(frozen=True, slots=True)
class FieldValue(Query):
    """Documents whose metadata field ``name`` equals ``value`` exactly
    (``section:Inland``). A ``name`` that no document of the index was ever
    added with raises ``SchemaError`` when the query runs."""

    name: str
    value: str

    def __post_init__(self) -> None:
        _check_str("field name", self.name)
        _check_str("field value", self.value)

    def to_tuple(self) -> tuple:
        return ("field", self.name, self.value)


def _to_date(value: object, name: str) -> _dt.date | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
        try:  # an ISO timestamp keeps its day as written, as a datetime does
            return _dt.datetime.fromisoformat(value).date()
        except ValueError as e:
            raise ValueError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD, or an ISO timestamp)") from e
    raise TypeError(f"{name} must be a date or ISO string, got {type(value).__name__}")


@dataclass(frozen=True, slots=True, init=False)
class DateRange(Query):
    """Documents dated within ``[start, end]`` (both inclusive; ``None`` is open).

    A range whose start is after its end matches nothing (the query
    language and ``Filter`` refuse one, as a slip).
    """

    start: _dt.date | None
    end: _dt.date | None

    def __init__(self, start: _dt.date | str | None = None, end: _dt.date | str | None = None) -> None:
        object.__setattr__(self, "start", _to_date(start, "date start"))
        object.__setattr__(self, "end", _to_date(end, "date end"))

    def to_tuple(self) -> tuple:
        return (
            "date",
            None if self.start is None else self.start.toordinal(),
            None if self.end is None else self.end.toordinal(),
        )


@dataclass(frozen=True, slots=True, init=False)
class Filter:
    """Restricts any query to a date range and to metadata values.

    ``fields`` maps a field name to one value or a list of accepted values;
    a name that no document of the index was ever added with raises
    ``SchemaError`` when the filter is used.

    Example:
        >>> Filter(date_from="2022-01-01", fields={"section": "Inland"}).to_query()
        And(DateRange(start=datetime.date(2022, 1, 1), end=None), FieldValue(name='section', value='Inland'))
    """

    date_from: _dt.date | None = None
    date_to: _dt.date | None = None
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __init__(
        self,
        date_from: _dt.date | str | None = None,
        date_to: _dt.date | str | None = None,
        fields: Mapping[str, str | Iterable[str]] | None = None,
    ) -> None:
        object.__setattr__(self, "date_from", _to_date(date_from, "date_from"))
        object.__setattr__(self, "date_to", _to_date(date_to, "date_to"))
        # A reversed range is a slip (the query language refuses it too), not
        # a wish for no documents.
        if self.date_from is not None and self.date_to is not None and self.date_from > self.date_to:
            raise ValueError(f"filter date_from {self.date_from} is after date_to {self.date_to}")
        if fields is not None and not isinstance(fields, Mapping):
            raise TypeError(f"filter fields must be a mapping of name to values, not {type(fields).__name__}")
        norm: dict[str, tuple[str, ...]] = {}
        for k, v in (fields or {}).items():
            _check_str("filter field name", k)
            if isinstance(v, str):
                vals: tuple[object, ...] = (v,)
            elif isinstance(v, Iterable) and not isinstance(v, (bytes, bytearray, Mapping)):
                vals = tuple(v)
            else:
                raise TypeError(f"filter field {k!r} must map to a str or an iterable of str, "
                                f"got {type(v).__name__}")
            norm[k] = tuple(_check_str(f"filter value of {k}", x) for x in vals)
            if not norm[k]:
                raise ValueError(f"filter field {k!r} has no values")
        object.__setattr__(self, "fields", norm)

    def to_query(self) -> Query | None:
        """The filter as a query tree to be and-ed with the main query (``None``: no restriction)."""
        parts: list[Query] = []
        if self.date_from is not None or self.date_to is not None:
            parts.append(DateRange(self.date_from, self.date_to))
        for name, values in self.fields.items():
            fv = [FieldValue(name, v) for v in values]
            parts.append(fv[0] if len(fv) == 1 else Or(*fv))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(*parts)


QueryLike = Union[Query, str]


def _from_tuple(t: tuple) -> Query:
    """Builds query objects from the tuple form that the Rust parser returns."""
    kind = t[0]
    if kind == "term":
        return Term(t[1], t[2])
    if kind == "and":
        return And(*[_from_tuple(c) for c in t[1]])
    if kind == "or":
        return Or(*[_from_tuple(c) for c in t[1]])
    if kind == "not":
        return Not(_from_tuple(t[1]), _from_tuple(t[2]))
    if kind == "phrase":
        return Phrase(t[1], t[2], t[3])
    if kind == "near":
        return Near(_from_tuple(t[1]), _from_tuple(t[2]), t[3])
    if kind == "prefix":
        return Prefix(t[1], t[2])
    if kind == "wildcard":
        return Wildcard(t[1], t[2])
    if kind == "all":
        return All()
    if kind == "field":
        return FieldValue(t[1], t[2])
    if kind == "date":
        start = None if t[1] is None else _dt.date.fromordinal(t[1])
        end = None if t[2] is None else _dt.date.fromordinal(t[2])
        return DateRange(start, end)
    raise ValueError(f"unknown query node {kind!r}")
