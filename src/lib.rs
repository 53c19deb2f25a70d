//! The PyO3 binding layer: converts Python arguments, delegates to
//! `stichwort_core`, maps errors. No engine logic lives here.

use pyo3::prelude::*;

mod errors;
mod query;

#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    query::register(m)?;
    Ok(())
}
