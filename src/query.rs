//! Queries across the boundary: `parse_query` and `format_query` for Python,
//! and `query_from_py`, which reads what Python passes where a query is
//! taken (a `str` to parse, a query object, or its `to_tuple()` form).

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyString, PyTuple, PyType};
use stichwort_core::query::{self, MAX_TREE_DEPTH, Operator, ParseOptions, Query, date};

use crate::errors;
use crate::text::{Text, opt_string, query_text, string, type_name};

/// Parses a query string into the tuple form of `stichwort.query`.
///
/// Args:
///     text: the query, e.g. `'lawrow AND "gemeinsame sitzung" NOT nato'`.
///     default_operator: `"AND"` or `"OR"`, what `a b` means.
///
/// Raises:
///     QueryError: the query is malformed, too long or nested too deeply.
///
/// Example:
///     >>> parse_query("nato -russland")
///     ('not', ('term', 'nato', None), ('term', 'russland', None))
#[pyfunction]
#[pyo3(signature = (text, default_operator = "AND"))]
fn parse_query<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    default_operator: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let text = query_text(text)?;
    let query = errors::guard(|| {
        let options = ParseOptions {
            default_operator: Operator::from_name(default_operator)?,
            ..ParseOptions::default()
        };
        query::parse(text, &options)
    })?;
    to_tuple(py, &query)
}

/// Prints a query (object, tuple form or string) in the query language, so
/// that `parse(format_query(q)) == q`.
///
/// Example:
///     >>> format_query(("not", ("all",), ("term", "nato", None)))
///     'NOT nato'
#[pyfunction]
fn format_query(query: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(query_from_py(query)?.to_string())
}

/// Adds this module's functions to `stichwort._core`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_query, m)?)?;
    m.add_function(wrap_pyfunction!(format_query, m)?)?;
    Ok(())
}

fn to_tuple<'py>(py: Python<'py>, q: &Query) -> PyResult<Bound<'py, PyTuple>> {
    let children = |qs: &[Query]| -> PyResult<Bound<'py, PyList>> {
        let items = qs
            .iter()
            .map(|c| to_tuple(py, c))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    };
    match q {
        Query::Term { text, field } => ("term", text, field).into_pyobject(py),
        Query::And(qs) => ("and", children(qs)?).into_pyobject(py),
        Query::Or(qs) => ("or", children(qs)?).into_pyobject(py),
        Query::Not { positive, negative } => {
            ("not", to_tuple(py, positive)?, to_tuple(py, negative)?).into_pyobject(py)
        }
        Query::Phrase { words, slop, field } => ("phrase", words, slop, field).into_pyobject(py),
        Query::Near { a, b, distance } => {
            ("near", to_tuple(py, a)?, to_tuple(py, b)?, distance).into_pyobject(py)
        }
        Query::Prefix { prefix, field } => ("prefix", prefix, field).into_pyobject(py),
        Query::Wildcard { pattern, field } => ("wildcard", pattern, field).into_pyobject(py),
        Query::All => ("all",).into_pyobject(py),
        Query::FieldValue { name, value } => ("field", name, value).into_pyobject(py),
        Query::DateRange { start, end } => ("date", start, end).into_pyobject(py),
    }
}

/// Reads a query from Python: a `str` is parsed (default options), a query
/// object is read through its fields (the nodes of `stichwort.query` with
/// children, and `Term` and `Phrase`) or its `to_tuple()`, a tuple is read
/// as that form.
///
/// Raises `TypeError` for wrong types, `ValueError` for malformed trees
/// (unknown node, wrong arity, out-of-range numbers, deeper than
/// `MAX_TREE_DEPTH`) and `QueryError` for strings that do not parse.
pub fn query_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Query> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = query_text(s)?;
        return errors::guard(|| query::parse(text, &ParseOptions::default()));
    }
    read(obj, 0)
}

/// The classes of `stichwort.query` whose objects [`read`] takes apart by
/// their fields: calling `to_tuple()` costs more than the rest of a rare
/// term's conversion, and recursing in Rust keeps the depth check here.
struct Nodes {
    term: Py<PyType>,
    and: Py<PyType>,
    or: Py<PyType>,
    not: Py<PyType>,
    phrase: Py<PyType>,
    near: Py<PyType>,
}

static NODES: PyOnceLock<Option<Nodes>> = PyOnceLock::new();

fn nodes(py: Python<'_>) -> &Option<Nodes> {
    NODES.get_or_init(py, || {
        let m = py.import("stichwort.query").ok()?;
        let class = |name: &str| -> Option<Py<PyType>> {
            Some(m.getattr(name).ok()?.cast_into::<PyType>().ok()?.unbind())
        };
        Some(Nodes {
            term: class("Term")?,
            and: class("And")?,
            or: class("Or")?,
            not: class("Not")?,
            phrase: class("Phrase")?,
            near: class("Near")?,
        })
    })
}

/// A query object or tuple form at `depth` of the tree.
fn read<'py>(obj: &Bound<'py, PyAny>, depth: usize) -> PyResult<Query> {
    if obj.is_instance_of::<PyTuple>() {
        return node(obj, depth);
    }
    check_depth(depth)?;
    let py = obj.py();
    if let Some(n) = nodes(py) {
        let ty = obj.get_type();
        let field = |name: &Bound<'py, PyString>| obj.getattr(name);
        if ty.is(&n.term) {
            return Ok(Query::Term {
                text: string(&field(intern!(py, "text"))?)?,
                field: opt_string(&field(intern!(py, "field"))?)?,
            });
        }
        if ty.is(&n.and) || ty.is(&n.or) {
            let and = ty.is(&n.and);
            let qs = clauses(
                &field(intern!(py, "clauses"))?,
                if and { "and" } else { "or" },
                depth,
                read,
            )?;
            return Ok(if and { Query::And(qs) } else { Query::Or(qs) });
        }
        if ty.is(&n.phrase) {
            return phrase(
                &field(intern!(py, "words"))?,
                &field(intern!(py, "slop"))?,
                &field(intern!(py, "field"))?,
            );
        }
        if ty.is(&n.not) {
            return Ok(Query::Not {
                positive: Box::new(read(&field(intern!(py, "positive"))?, depth + 1)?),
                negative: Box::new(read(&field(intern!(py, "negative"))?, depth + 1)?),
            });
        }
        if ty.is(&n.near) {
            return Ok(Query::Near {
                a: Box::new(read(&field(intern!(py, "a"))?, depth + 1)?),
                b: Box::new(read(&field(intern!(py, "b"))?, depth + 1)?),
                distance: count(&field(intern!(py, "distance"))?, "distance", 1)?,
            });
        }
    }
    match obj.getattr_opt(intern!(py, "to_tuple"))? {
        Some(method) => node(&method.call0()?, depth),
        None => Err(PyTypeError::new_err(format!(
            "expected a query or str, got {}",
            type_name(obj)
        ))),
    }
}

fn check_depth(depth: usize) -> PyResult<()> {
    if depth > MAX_TREE_DEPTH {
        // A query that cannot be run: QueryError (a ValueError), as from a string.
        return Err(errors::to_py(stichwort_core::Error::Query {
            position: 0,
            message: format!("query tree nested too deeply (more than {MAX_TREE_DEPTH} levels)"),
        }));
    }
    Ok(())
}

/// The clauses of an And or Or at `depth`, each read by `each` (a list or
/// tuple is walked directly, any other iterable through the iterator
/// protocol).
fn clauses(
    items: &Bound<'_, PyAny>,
    kind: &str,
    depth: usize,
    each: fn(&Bound<'_, PyAny>, usize) -> PyResult<Query>,
) -> PyResult<Vec<Query>> {
    let qs = if let Ok(l) = items.cast::<PyList>() {
        l.iter()
            .map(|c| each(&c, depth + 1))
            .collect::<PyResult<Vec<_>>>()?
    } else if let Ok(t) = items.cast::<PyTuple>() {
        t.iter()
            .map(|c| each(&c, depth + 1))
            .collect::<PyResult<Vec<_>>>()?
    } else {
        items
            .try_iter()?
            .map(|c| each(&c?, depth + 1))
            .collect::<PyResult<Vec<_>>>()?
    };
    if qs.is_empty() {
        return Err(PyValueError::new_err(format!(
            "{kind:?} needs at least one query"
        )));
    }
    Ok(qs)
}

fn phrase(
    words: &Bound<'_, PyAny>,
    slop: &Bound<'_, PyAny>,
    field: &Bound<'_, PyAny>,
) -> PyResult<Query> {
    let words = Text::all(words.extract()?);
    if words.is_empty() {
        return Err(PyValueError::new_err("a phrase needs at least one word"));
    }
    Ok(Query::Phrase {
        words,
        slop: count(slop, "slop", 0)?,
        field: opt_string(field)?,
    })
}

/// A non-negative count (slop, distance) within `min..=u32::MAX`.
fn count(item: &Bound<'_, PyAny>, what: &str, min: u32) -> PyResult<u32> {
    let value = match item.extract::<i64>() {
        Ok(v) => u32::try_from(v).ok(),
        Err(e) if e.is_instance_of::<PyOverflowError>(item.py()) => None,
        Err(e) => return Err(e),
    };
    value.filter(|v| *v >= min).ok_or_else(|| {
        // (The value as given: an int too large for i64 is not clamped.)
        let given = item.str().map(|s| s.to_string()).unwrap_or_default();
        PyValueError::new_err(format!(
            "{what} must be in {min}..={}, got {given}",
            u32::MAX
        ))
    })
}

fn ordinal(item: &Bound<'_, PyAny>) -> PyResult<Option<i32>> {
    if item.is_none() {
        return Ok(None);
    }
    let value = count(item, "date ordinal", 1)?;
    match i32::try_from(value) {
        Ok(day) if day <= date::MAX_ORDINAL => Ok(Some(day)),
        _ => Err(PyValueError::new_err(format!(
            "date ordinal must be in 1..={}, got {value}",
            date::MAX_ORDINAL
        ))),
    }
}

/// A node of the tuple form at `depth`.
fn node(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Query> {
    check_depth(depth)?;
    let t = obj.cast::<PyTuple>().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected a query node tuple, got {}",
            type_name(obj)
        ))
    })?;
    if t.is_empty() {
        return Err(PyValueError::new_err("empty query node tuple"));
    }
    let kind = t.get_item(0)?;
    let kind = kind.cast::<PyString>()?.to_str()?;
    let arity = match kind {
        "all" => 1,
        "and" | "or" => 2,
        "term" | "not" | "prefix" | "wildcard" | "field" | "date" => 3,
        "phrase" | "near" => 4,
        _ => {
            return Err(PyValueError::new_err(format!(
                "unknown query node {kind:?}"
            )));
        }
    };
    if t.len() != arity {
        return Err(PyValueError::new_err(format!(
            "query node {kind:?} needs {arity} items, got {}",
            t.len()
        )));
    }
    let item = |i: usize| t.get_item(i);
    let child = |i: usize| -> PyResult<Box<Query>> { Ok(Box::new(node(&item(i)?, depth + 1)?)) };
    Ok(match kind {
        "term" => Query::Term {
            text: string(&item(1)?)?,
            field: opt_string(&item(2)?)?,
        },
        "and" => Query::And(clauses(&item(1)?, kind, depth, node)?),
        "or" => Query::Or(clauses(&item(1)?, kind, depth, node)?),
        "not" => Query::Not {
            positive: child(1)?,
            negative: child(2)?,
        },
        "phrase" => phrase(&item(1)?, &item(2)?, &item(3)?)?,
        "near" => Query::Near {
            a: child(1)?,
            b: child(2)?,
            distance: count(&item(3)?, "distance", 1)?,
        },
        "prefix" => Query::Prefix {
            prefix: string(&item(1)?)?,
            field: opt_string(&item(2)?)?,
        },
        "wildcard" => Query::Wildcard {
            pattern: string(&item(1)?)?,
            field: opt_string(&item(2)?)?,
        },
        "field" => Query::FieldValue {
            name: string(&item(1)?)?,
            value: string(&item(2)?)?,
        },
        "date" => Query::DateRange {
            start: ordinal(&item(1)?)?,
            end: ordinal(&item(2)?)?,
        },
        _ => Query::All,
    })
}
