//! Text arguments from Python: a `str` that is valid Unicode, or a clear
//! error. A `str` can hold a lone surrogate, which UTF-8 cannot; PyO3's
//! own conversion then raises `UnicodeEncodeError`, naming neither the
//! argument nor a position in the query.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use stichwort_core::Error;

use crate::errors::to_py;

/// Borrows the UTF-8 of a `str` argument: `TypeError` for other types,
/// `ValueError` naming the offset of the first lone surrogate.
pub fn text_arg<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<&'a str> {
    let s = obj
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be str, not {}", type_name(obj))))?;
    s.to_str().map_err(|_| match surrogate_offset(s) {
        Some(i) => PyValueError::new_err(format!(
            "{what} contains a lone surrogate at offset {i} (not valid Unicode text)"
        )),
        None => PyValueError::new_err(format!("{what} is not valid Unicode text")),
    })
}

/// Borrows the UTF-8 of a query string: a lone surrogate is a
/// `QueryError` at its position, like any other character that cannot be
/// read there.
pub fn query_text<'a>(s: &'a Bound<'_, PyString>) -> PyResult<&'a str> {
    s.to_str().map_err(|_| {
        to_py(Error::Query {
            position: surrogate_offset(s).unwrap_or(0),
            message: "a lone surrogate is not valid Unicode text".into(),
        })
    })
}

/// The character offset of the first lone surrogate of `s`.
fn surrogate_offset(s: &Bound<'_, PyString>) -> Option<usize> {
    // With "surrogatepass" a surrogate becomes ED A0..BF xx, a sequence that
    // valid UTF-8 never contains; characters before it are counted by their
    // lead bytes.
    let bytes = s
        .call_method1("encode", ("utf-8", "surrogatepass"))
        .and_then(|b| b.extract::<Vec<u8>>())
        .ok()?;
    let at = bytes
        .windows(2)
        .position(|w| w[0] == 0xED && w[1] >= 0xA0)?;
    Some(bytes[..at].iter().filter(|&&b| b & 0xC0 != 0x80).count())
}

/// The name of `obj`'s type, for error messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    (obj.get_type().name())
        .map(|n| n.to_string())
        .unwrap_or_default()
}

/// An owned `str` argument (a text, a title, a field, a term) checked as
/// [`text_arg`] does.
pub struct Text(pub String);

impl<'a, 'py> FromPyObject<'a, 'py> for Text {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Text> {
        if !obj.is_instance_of::<PyString>() {
            let msg = format!("expected str, got {}", type_name(&obj));
            return Err(PyTypeError::new_err(msg));
        }
        text_arg(&obj, "str").map(|s| Text(s.to_owned()))
    }
}

impl Text {
    /// The strings of checked texts.
    pub fn all(texts: Vec<Text>) -> Vec<String> {
        texts.into_iter().map(|t| t.0).collect()
    }
}

/// `obj` as an owned `String` ([`Text`]).
pub fn string(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    obj.extract::<Text>().map(|t| t.0)
}

/// `obj` (a `str` or `None`) as an owned `Option<String>` ([`Text`]).
pub fn opt_string(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    obj.extract::<Option<Text>>().map(|t| t.map(|t| t.0))
}
