//! The PyO3 binding layer: converts Python arguments, delegates to
//! `stichwort_core`, maps errors. No engine logic lives here.

use pyo3::prelude::*;

mod analyzer;
mod errors;
mod index;
mod query;
mod stats;
mod text;

#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Helper threads on their own CPUs (stichwort_core::threads) unless the
    // user leaves them to the scheduler.
    if std::env::var_os("STICHWORT_PIN_THREADS").is_some_and(|v| v == "0") {
        stichwort_core::threads::set_pinning(false);
    }
    // numpy's C API loaded now, not while the first result is converted:
    // a Ctrl-C pending then made loading it fail there, a panic.
    m.py().import("numpy")?;
    numpy::PyArray1::<u32>::zeros(m.py(), 0, false);
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_THREADS", stichwort_core::threads::MAX_THREADS)?;
    m.add("UNICODE_VERSION", stichwort_core::analysis::UNICODE_VERSION)?;
    m.add(
        "GERMAN_STOP_WORDS",
        stichwort_core::analysis::STOP_WORDS.to_vec(),
    )?;
    m.add_class::<analyzer::PyAnalyzer>()?;
    m.add_class::<analyzer::Token>()?;
    m.add_function(wrap_pyfunction!(analyzer::_panic_for_test, m)?)?;
    query::register(m)?;
    m.add_class::<index::PyIndex>()?;
    Ok(())
}
