//! Maps engine errors and Rust panics to the exception classes of
//! `stichwort.errors` (defined in Python so that `QueryError` can also be a
//! `ValueError`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyType;
use stichwort_core::Error;

fn exception(py: Python<'_>, class: &str, msg: String) -> PyErr {
    let class = py
        .import("stichwort.errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from));
    match class {
        Ok(class) => PyErr::from_type(class, msg),
        Err(e) => e,
    }
}

/// Maps an engine error to its Python exception.
pub fn to_py(err: Error) -> PyErr {
    let msg = err.to_string();
    Python::attach(|py| match err {
        Error::Corrupt { .. } => exception(py, "CorruptIndexError", msg),
        Error::Locked { .. } => exception(py, "IndexLockedError", msg),
        Error::Schema(_) => exception(py, "SchemaError", msg),
        Error::Query { .. } => exception(py, "QueryError", msg),
        Error::InvalidArgument(_) => PyValueError::new_err(msg),
        Error::Io { source, .. } => match source.raw_os_error() {
            Some(errno) => PyOSError::new_err((errno, msg)),
            None => PyOSError::new_err(msg),
        },
    })
}

/// Runs engine code, turning its errors into Python exceptions and a panic
/// into `stichwort.InternalError` (a `StichwortError`) instead of an abort
/// or a `PanicException`.
pub fn guard<T>(f: impl FnOnce() -> stichwort_core::Result<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(to_py),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(Python::attach(|py| {
                exception(
                    py,
                    "InternalError",
                    format!("internal error (a bug in stichwort): {what}"),
                )
            }))
        }
    }
}
