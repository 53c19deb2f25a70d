//! `stichwort._core.Index`: the engine's `Index` behind a mutex. Converts
//! arguments, runs the work with the GIL released, returns numpy arrays.
//! The typed user-facing class is `python/stichwort/index.py`.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use pyo3::{ffi, intern};
use stichwort_core::analysis::{Analyzer, AnalyzerConfig};
use stichwort_core::index::{DocInput, Index, IndexOptions, Searcher};
use stichwort_core::query::{Engine, Query, TopDocs};
use stichwort_core::{Error, Result};

use crate::errors::guard;
use crate::query::query_from_py;
use crate::stats;
use crate::text::Text;

type Fields = Vec<(String, String)>;
/// Fields as they come from Python, checked ([`Text`]).
type FieldArgs = Vec<(Text, Text)>;
type Ids<'py> = Bound<'py, PyArray1<u32>>;
/// (doc_id, left, match, right, start, end) of a KWIC line.
type PyLine = (u32, String, String, String, usize, usize);

/// `stichwort.results.Hits`.
static HITS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A `stichwort.results.Hits`, its fields put into its `__dict__` as its
/// `__init__` would: calling the class from Python (and unpacking a tuple
/// to do so) costs a tenth of a rare query's search.
fn hits(py: Python<'_>, t: TopDocs) -> PyResult<Bound<'_, PyAny>> {
    let class = HITS.get_or_try_init(py, || -> PyResult<_> {
        let class = py.import("stichwort.results")?.getattr("Hits")?;
        Ok(class.cast_into::<PyType>()?.unbind())
    })?;
    // What `object.__new__(Hits)` does (Hits is a plain Python class: its
    // tp_alloc is the generic one), and its `__dict__`, without two calls
    // through Python that cost as much as the rest of building the Hits.
    // SAFETY: both calls take valid objects (the GIL is held) and return
    // a new reference or NULL with an exception set.
    let h = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyType_GenericAlloc(class.bind(py).as_type_ptr(), 0),
        )?
    };
    let d = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyObject_GenericGetDict(h.as_ptr(), std::ptr::null_mut()),
        )?
    }
    .cast_into::<PyDict>()?;
    d.set_item(intern!(py, "ids"), to_array(py, t.ids))?;
    d.set_item(intern!(py, "scores"), to_array(py, t.scores))?;
    d.set_item(intern!(py, "total"), t.total)?;
    Ok(h)
}

/// A Vec as a numpy array: a few values copied into an array numpy owns
/// (handing a Vec over costs a Python object to own it, more than copying
/// the ten values of a top 10), many handed over without a copy.
fn to_array<T: numpy::Element>(py: Python<'_>, v: Vec<T>) -> Bound<'_, PyArray1<T>> {
    if v.len() <= 1024 {
        PyArray1::from_slice(py, &v)
    } else {
        v.into_pyarray(py)
    }
}

fn filter_from_py(filter: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Query>> {
    filter
        .filter(|f| !f.is_none())
        .map(query_from_py)
        .transpose()
}

#[pyclass(name = "Index", module = "stichwort._core", frozen)]
pub struct PyIndex {
    inner: Mutex<Option<Index>>,
}

fn closed() -> Error {
    Error::InvalidArgument("the index is closed".into())
}

fn analyzer_from_spec(spec: &str) -> Result<Analyzer> {
    Analyzer::new(AnalyzerConfig::from_spec(spec)?)
}

impl PyIndex {
    /// Runs `f` on the current snapshot with the GIL released (the index
    /// lock is held only to take the snapshot).
    fn query<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Engine<'_>) -> Result<T> + Send,
    ) -> PyResult<T> {
        py.detach(|| {
            guard(|| {
                let s: Searcher = self.with(|ix| ix.searcher())?;
                f(&Engine::new(&s))
            })
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Index) -> Result<T>) -> Result<T> {
        let mut g: MutexGuard<'_, Option<Index>> = self.inner.lock().map_err(|_| {
            Error::InvalidArgument("the index is unusable after an internal error".into())
        })?;
        f(g.as_mut().ok_or_else(closed)?)
    }

    /// The current snapshot; statistics run on it without holding the lock.
    pub(crate) fn snapshot(&self) -> Result<Searcher> {
        self.with(|ix| ix.searcher())
    }
}

#[pymethods]
impl PyIndex {
    /// Creates an index (in memory when `path` is None) or opens the one in
    /// `path` as its writer; `analyzer_spec` is an analyzer spec string.
    #[new]
    #[pyo3(signature = (path, analyzer_spec, require_analyzer, memory_budget_mb, threads, store_documents))]
    fn new(
        py: Python<'_>,
        path: Option<PathBuf>,
        analyzer_spec: String,
        require_analyzer: bool,
        memory_budget_mb: usize,
        threads: Option<usize>,
        store_documents: bool,
    ) -> PyResult<Self> {
        let opts = IndexOptions {
            memory_budget: memory_budget_mb.saturating_mul(1 << 20),
            threads,
            store_documents,
        };
        let ix = py.detach(|| {
            guard(|| {
                let analyzer = analyzer_from_spec(&analyzer_spec)?;
                match path {
                    None => Index::in_memory(analyzer, opts),
                    Some(p) => Index::create_or_open(&p, analyzer, require_analyzer, opts),
                }
            })
        })?;
        Ok(PyIndex {
            inner: Mutex::new(Some(ix)),
        })
    }

    /// Opens the last commit of `path` read-only.
    #[staticmethod]
    fn open_reader(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let ix = py.detach(|| guard(|| Index::open_reader(&path)))?;
        Ok(PyIndex {
            inner: Mutex::new(Some(ix)),
        })
    }

    #[pyo3(signature = (text, title, date, fields))]
    fn add(
        &self,
        py: Python<'_>,
        text: Text,
        title: Option<Text>,
        date: Option<i32>,
        fields: FieldArgs,
    ) -> PyResult<u32> {
        py.detach(|| guard(|| self.with(|ix| ix.add(doc_input(text, title, date, fields)))))
    }

    /// Adds documents given as parallel lists; returns their ids.
    fn add_many<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<Text>,
        titles: Vec<Option<Text>>,
        dates: Vec<Option<i32>>,
        fields: Vec<FieldArgs>,
    ) -> PyResult<Bound<'py, PyArray1<u32>>> {
        let n = texts.len();
        if titles.len() != n || dates.len() != n || fields.len() != n {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "add_many: lists of different lengths",
            ));
        }
        let docs: Vec<DocInput> = texts
            .into_iter()
            .zip(titles)
            .zip(dates)
            .zip(fields)
            .map(|(((text, title), date), fields)| doc_input(text, title, date, fields))
            .collect();
        let ids = py.detach(|| guard(|| self.with(|ix| ix.add_many(docs))))?;
        Ok(ids.into_pyarray(py))
    }

    /// Takes back uncommitted documents (deleted at once; see `Index::discard`).
    fn discard(&self, py: Python<'_>, ids: numpy::PyReadonlyArray1<'_, u32>) -> PyResult<()> {
        let ids = ids.as_array().to_vec();
        py.detach(|| guard(|| self.with(|ix| ix.discard(&ids))))
    }

    fn commit(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| guard(|| self.with(|ix| ix.commit())))
    }

    fn delete(&self, py: Python<'_>, doc_id: u32) -> PyResult<()> {
        py.detach(|| guard(|| self.with(|ix| ix.delete(doc_id))))
    }

    fn merge(&self, py: Python<'_>, max_segments: usize) -> PyResult<()> {
        py.detach(|| guard(|| self.with(|ix| ix.merge(max_segments))))
    }

    fn reload(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| guard(|| self.with(|ix| ix.reload())))
    }

    fn close(&self) -> PyResult<()> {
        guard(|| {
            let mut g = self.inner.lock().map_err(|_| closed())?;
            g.take();
            Ok(())
        })
    }

    #[getter]
    fn closed(&self) -> bool {
        self.inner.lock().map(|g| g.is_none()).unwrap_or(true)
    }

    #[getter]
    fn readonly(&self) -> PyResult<bool> {
        guard(|| self.with(|ix| Ok(ix.is_readonly())))
    }

    #[getter]
    fn analyzer_spec(&self) -> PyResult<String> {
        guard(|| self.with(|ix| Ok(ix.analyzer().config().to_spec())))
    }

    #[getter]
    fn store_documents(&self) -> PyResult<bool> {
        guard(|| self.with(|ix| Ok(ix.store_documents())))
    }

    /// Bytes the writer's in-RAM builder may use.
    #[getter]
    fn memory_budget(&self) -> PyResult<usize> {
        guard(|| self.with(|ix| Ok(ix.memory_budget())))
    }

    #[getter]
    fn path(&self) -> PyResult<Option<PathBuf>> {
        guard(|| self.with(|ix| Ok(ix.path().map(|p| p.to_path_buf()))))
    }

    fn num_docs(&self, py: Python<'_>) -> PyResult<u64> {
        py.detach(|| guard(|| self.with(|ix| ix.num_docs())))
    }

    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = py.detach(|| guard(|| self.with(|ix| ix.stats())))?;
        let d = PyDict::new(py);
        d.set_item("num_docs", s.num_docs)?;
        d.set_item("num_tokens", s.num_tokens)?;
        d.set_item("vocab_size", s.vocab_size)?;
        d.set_item("num_segments", s.num_segments)?;
        d.set_item("size_bytes", s.size_bytes)?;
        Ok(d)
    }

    fn doc_freq(&self, py: Python<'_>, key: Text) -> PyResult<u64> {
        py.detach(|| guard(|| self.with(|ix| Ok(ix.searcher()?.doc_freq(&key.0)))))
    }

    fn coll_freq(&self, py: Python<'_>, key: Text) -> PyResult<u64> {
        py.detach(|| guard(|| self.with(|ix| Ok(ix.searcher()?.coll_freq(&key.0)))))
    }

    #[allow(clippy::type_complexity)]
    fn postings<'py>(
        &self,
        py: Python<'py>,
        key: Text,
    ) -> PyResult<(Bound<'py, PyArray1<u32>>, Bound<'py, PyArray1<u32>>)> {
        let (ids, tfs) =
            py.detach(|| guard(|| self.with(|ix| Ok(ix.searcher()?.postings(&key.0)))))?;
        Ok((ids.into_pyarray(py), tfs.into_pyarray(py)))
    }

    fn positions<'py>(
        &self,
        py: Python<'py>,
        key: Text,
        doc_id: u32,
    ) -> PyResult<Bound<'py, PyArray1<u32>>> {
        let p = py.detach(|| {
            guard(|| {
                self.with(|ix| {
                    ix.check_id(doc_id)?;
                    ix.searcher()?.positions(&key.0, doc_id)
                })
            })
        })?;
        Ok(p.into_pyarray(py))
    }

    /// (text, title, date ordinal, fields) of a live document.
    #[allow(clippy::type_complexity)]
    fn document(
        &self,
        py: Python<'_>,
        doc_id: u32,
    ) -> PyResult<(Option<String>, Option<String>, Option<i32>, Fields)> {
        let d = py.detach(|| {
            guard(|| {
                self.with(|ix| {
                    ix.check_id(doc_id)?;
                    ix.searcher()?.document(doc_id)
                })
            })
        })?;
        Ok((d.text, d.title, d.date, d.fields))
    }

    fn is_live(&self, py: Python<'_>, doc_id: u32) -> PyResult<bool> {
        py.detach(|| guard(|| self.with(|ix| Ok(ix.searcher()?.is_live(doc_id)))))
    }

    /// Ranked search: a `stichwort.results.Hits`.
    #[pyo3(signature = (query, limit, filter=None))]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: &Bound<'py, PyAny>,
        limit: Option<usize>,
        filter: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let q = query_from_py(query)?;
        let f = filter_from_py(filter)?;
        let t = self.query(py, |e| e.search(&q, limit, f.as_ref()))?;
        hits(py, t)
    }

    #[pyo3(signature = (query, filter=None))]
    fn count(
        &self,
        py: Python<'_>,
        query: &Bound<'_, PyAny>,
        filter: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u64> {
        let q = query_from_py(query)?;
        let f = filter_from_py(filter)?;
        self.query(py, |e| e.count(&q, f.as_ref()))
    }

    #[pyo3(signature = (query, filter=None))]
    fn match_ids<'py>(
        &self,
        py: Python<'py>,
        query: &Bound<'py, PyAny>,
        filter: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Ids<'py>> {
        let q = query_from_py(query)?;
        let f = filter_from_py(filter)?;
        Ok(self
            .query(py, |e| e.match_ids(&q, f.as_ref()))?
            .into_pyarray(py))
    }

    fn phrase_counts<'py>(
        &self,
        py: Python<'py>,
        words: Vec<Text>,
        slop: u32,
    ) -> PyResult<(Ids<'py>, Ids<'py>)> {
        let words = Text::all(words);
        let (ids, counts) = self.query(py, |e| e.phrase_counts(&words, slop))?;
        Ok((ids.into_pyarray(py), counts.into_pyarray(py)))
    }

    #[pyo3(signature = (queries, limit, threads=None))]
    fn search_batch<'py>(
        &self,
        py: Python<'py>,
        queries: Vec<Bound<'py, PyAny>>,
        limit: Option<usize>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let qs = queries
            .iter()
            .map(query_from_py)
            .collect::<PyResult<Vec<Query>>>()?;
        let all = self.query(py, |e| e.search_batch(&qs, limit, threads))?;
        all.into_iter().map(|t| hits(py, t)).collect()
    }

    fn kwic(
        &self,
        py: Python<'_>,
        query: &Bound<'_, PyAny>,
        width: usize,
        limit: Option<usize>,
    ) -> PyResult<Vec<PyLine>> {
        let q = query_from_py(query)?;
        let lines = self.query(py, |e| e.kwic(&q, width, limit))?;
        Ok(lines
            .into_iter()
            .map(|c| (c.doc_id, c.left, c.matched, c.right, c.start, c.end))
            .collect())
    }

    fn snippet(
        &self,
        py: Python<'_>,
        query: &Bound<'_, PyAny>,
        doc_id: u32,
        width: usize,
    ) -> PyResult<String> {
        let q = query_from_py(query)?;
        py.detach(|| {
            guard(|| {
                let s = self.with(|ix| {
                    ix.check_id(doc_id)?;
                    ix.searcher()
                })?;
                Engine::new(&s).snippet(&q, doc_id, width)
            })
        })
    }

    /// Collocates: (terms, f_xy, f_y, scores, f_x, n_tokens); see `stats.rs`.
    #[pyo3(signature = (target, window, top, measure, min_count, filter, scope))]
    #[allow(clippy::too_many_arguments)]
    fn cooccurrence<'py>(
        &self,
        py: Python<'py>,
        target: &Bound<'py, PyAny>,
        window: u32,
        top: Option<usize>,
        measure: &str,
        min_count: u64,
        filter: Option<&Bound<'py, PyAny>>,
        scope: &str,
    ) -> PyResult<stats::PyCollocates<'py>> {
        let args = stats::CoocArgs {
            window,
            top,
            measure,
            min_count,
            scope,
        };
        stats::cooccurrence(py, self, target, args, filter)
    }

    /// `cooccurrence` of every target (same options), in parallel.
    #[pyo3(signature = (targets, window, top, measure, min_count, filter, scope))]
    #[allow(clippy::too_many_arguments)]
    fn cooccurrence_batch<'py>(
        &self,
        py: Python<'py>,
        targets: Vec<Bound<'py, PyAny>>,
        window: u32,
        top: Option<usize>,
        measure: &str,
        min_count: u64,
        filter: Option<&Bound<'py, PyAny>>,
        scope: &str,
    ) -> PyResult<Vec<stats::PyCollocates<'py>>> {
        let args = stats::CoocArgs {
            window,
            top,
            measure,
            min_count,
            scope,
        };
        stats::cooccurrence_batch(py, self, targets, args, filter)
    }

    /// (rows, cols, counts) of the window co-occurrence matrix of `terms`.
    fn cooccurrence_matrix<'py>(
        &self,
        py: Python<'py>,
        terms: Vec<Text>,
        window: u32,
    ) -> PyResult<stats::PyTriplets<'py>> {
        stats::cooccurrence_matrix(py, self, Text::all(terms), window)
    }

    /// (bucket starts as days since 1970-01-01, documents per bucket).
    #[pyo3(signature = (query, by, filter))]
    fn timeline<'py>(
        &self,
        py: Python<'py>,
        query: &Bound<'py, PyAny>,
        by: &str,
        filter: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<stats::PyTimeline<'py>> {
        stats::timeline(py, self, query, by, filter)
    }

    /// The most frequent written form of each body term (None: not found).
    fn surface_forms(
        &self,
        py: Python<'_>,
        terms: Vec<Text>,
        docs: usize,
    ) -> PyResult<Vec<Option<String>>> {
        stats::surface_forms(py, self, Text::all(terms), docs)
    }

    /// [(terms, count)] of the most frequent n-grams.
    #[pyo3(signature = (n, min_count, top, filter, stopwords))]
    fn ngrams(
        &self,
        py: Python<'_>,
        n: usize,
        min_count: u64,
        top: Option<usize>,
        filter: Option<&Bound<'_, PyAny>>,
        stopwords: bool,
    ) -> PyResult<Vec<(Vec<String>, u64)>> {
        stats::ngrams(py, self, n, min_count, top, filter, stopwords)
    }
}

/// A document to add, from its checked arguments.
fn doc_input(text: Text, title: Option<Text>, date: Option<i32>, fields: FieldArgs) -> DocInput {
    DocInput {
        text: text.0,
        title: title.map(|t| t.0),
        date,
        fields: fields.into_iter().map(|(k, v)| (k.0, v.0)).collect(),
    }
}
