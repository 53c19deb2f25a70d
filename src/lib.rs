//! The PyO3 binding layer: converts Python arguments, delegates to
//! `stichwort_core`, maps errors. No engine logic lives here.

use pyo3::prelude::*;

mod errors;
mod index;

#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<index::PyIndex>()?;
    Ok(())
}
