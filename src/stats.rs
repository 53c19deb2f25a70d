//! Co-occurrence, matrix, timeline, n-grams and surface forms for `stichwort._core.Index`:
//! reads the query arguments, runs `stichwort_core::stats` on a snapshot
//! with the GIL released, returns numpy arrays. Python checks the other
//! arguments first (python/stichwort/index.py).

use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::PyList;
use stichwort_core::query::Query;
use stichwort_core::stats::{self, Bucket, CoocOptions, Measure, Scope};

use crate::errors::guard;
use crate::index::PyIndex;
use crate::query::query_from_py;

pub type PyCollocates<'py> = (
    Bound<'py, PyList>,
    Bound<'py, PyArray1<u64>>,
    Bound<'py, PyArray1<u64>>,
    Bound<'py, PyArray1<f64>>,
    u64,
    u64,
);
pub type PyTriplets<'py> = (
    Bound<'py, PyArray1<u32>>,
    Bound<'py, PyArray1<u32>>,
    Bound<'py, PyArray1<u64>>,
);

pub type PyTimeline<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<u32>>);

/// Days from 0001-01-01 (Python's ordinal 1) to 1970-01-01.
const EPOCH_ORDINAL: i64 = 719_163;

fn filter_from_py(filter: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Query>> {
    filter.map(query_from_py).transpose()
}

/// The options of `cooccurrence` and `cooccurrence_batch`.
pub struct CoocArgs<'a> {
    pub window: u32,
    pub top: Option<usize>,
    pub measure: &'a str,
    pub min_count: u64,
    pub scope: &'a str,
}

impl CoocArgs<'_> {
    fn options(&self) -> PyResult<CoocOptions> {
        guard(|| {
            Ok(CoocOptions {
                scope: Scope::from_name(self.scope, self.window)?,
                measure: self.measure.parse::<Measure>()?,
                top: self.top,
                min_count: self.min_count,
            })
        })
    }
}

fn to_py(py: Python<'_>, c: stats::Collocates) -> PyResult<PyCollocates<'_>> {
    Ok((
        PyList::new(py, c.terms())?,
        c.f_xy.into_pyarray(py),
        c.f_y.into_pyarray(py),
        c.scores.into_pyarray(py),
        c.f_x,
        c.n,
    ))
}

pub fn cooccurrence<'py>(
    py: Python<'py>,
    ix: &PyIndex,
    target: &Bound<'py, PyAny>,
    args: CoocArgs<'_>,
    filter: Option<&Bound<'py, PyAny>>,
) -> PyResult<PyCollocates<'py>> {
    let target = query_from_py(target)?;
    let filter = filter_from_py(filter)?;
    let opts = args.options()?;
    let c = py.detach(|| {
        guard(|| stats::cooccurrence(&ix.snapshot()?, &target, filter.as_ref(), &opts))
    })?;
    to_py(py, c)
}

/// `cooccurrence` of every target in one call without the GIL.
pub fn cooccurrence_batch<'py>(
    py: Python<'py>,
    ix: &PyIndex,
    targets: Vec<Bound<'py, PyAny>>,
    args: CoocArgs<'_>,
    filter: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<PyCollocates<'py>>> {
    let targets: Vec<Query> = targets.iter().map(query_from_py).collect::<PyResult<_>>()?;
    let filter = filter_from_py(filter)?;
    let opts = args.options()?;
    let cs = py.detach(|| {
        guard(|| stats::cooccurrence_batch(&ix.snapshot()?, &targets, filter.as_ref(), &opts))
    })?;
    cs.into_iter().map(|c| to_py(py, c)).collect()
}

pub fn cooccurrence_matrix<'py>(
    py: Python<'py>,
    ix: &PyIndex,
    terms: Vec<String>,
    window: u32,
) -> PyResult<PyTriplets<'py>> {
    let (r, c, v) =
        py.detach(|| guard(|| stats::cooccurrence_matrix(&ix.snapshot()?, &terms, window)))?;
    Ok((r.into_pyarray(py), c.into_pyarray(py), v.into_pyarray(py)))
}

pub fn timeline<'py>(
    py: Python<'py>,
    ix: &PyIndex,
    query: &Bound<'py, PyAny>,
    by: &str,
    filter: Option<&Bound<'py, PyAny>>,
) -> PyResult<PyTimeline<'py>> {
    let query = query_from_py(query)?;
    let filter = filter_from_py(filter)?;
    let bucket = guard(|| by.parse::<Bucket>())?;
    let (starts, counts) =
        py.detach(|| guard(|| stats::timeline(&ix.snapshot()?, &query, bucket, filter.as_ref())))?;
    let days: Vec<i64> = starts
        .into_iter()
        .map(|d| i64::from(d) - EPOCH_ORDINAL)
        .collect();
    Ok((days.into_pyarray(py), counts.into_pyarray(py)))
}

pub fn surface_forms(
    py: Python<'_>,
    ix: &PyIndex,
    terms: Vec<String>,
    docs: usize,
) -> PyResult<Vec<Option<String>>> {
    py.detach(|| guard(|| stats::surface_forms(&ix.snapshot()?, &terms, docs)))
}

pub fn ngrams(
    py: Python<'_>,
    ix: &PyIndex,
    n: usize,
    min_count: u64,
    top: Option<usize>,
    filter: Option<&Bound<'_, PyAny>>,
    stopwords: bool,
) -> PyResult<Vec<(Vec<String>, u64)>> {
    let filter = filter_from_py(filter)?;
    py.detach(|| {
        guard(|| {
            stats::ngrams(
                &ix.snapshot()?,
                n,
                min_count,
                top,
                filter.as_ref(),
                stopwords,
            )
        })
    })
}
