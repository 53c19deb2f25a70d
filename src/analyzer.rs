//! `stichwort.Analyzer` and `stichwort.Token`: argument checks and result
//! conversion around `stichwort_core::analysis`.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use hashbrown::HashTable;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString};
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use stichwort_core::analysis::{self, AnalyzerConfig, Preset, TokenRef};
use stichwort_core::threads::MAX_THREADS;

use crate::errors::guard;
use crate::text::{text_arg, type_name};

/// Texts longer than this are analysed with the GIL released.
const DETACH_BYTES: usize = 1 << 16;

/// `terms_batch` splits its texts into this many runs per thread.
const CHUNKS_PER_THREAD: usize = 4;

/// The terms of one or more texts with every distinct term stored once, so
/// that it becomes one Python `str` however often it occurs: a repeat costs
/// a reference count instead of a new object (news text repeats most of its
/// words), and the analysis can run without the GIL.
#[derive(Default)]
struct Terms {
    /// The distinct terms, concatenated; term `k` ends at `ends[k]`.
    buf: String,
    ends: Vec<usize>,
    /// Term ids, found by the hash of the term.
    table: HashTable<u32>,
    /// The term id of every token; the tokens of text `i` end at `text_ends[i]`.
    ids: Vec<u32>,
    text_ends: Vec<usize>,
}

impl Terms {
    /// The terms of `texts`, one after the other.
    fn of(analyzer: &analysis::Analyzer, texts: &[&str]) -> Self {
        // About one token per 7 bytes of German news, about half distinct
        // within an article: room for that spares the rehashing.
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        let mut t = Terms {
            ids: Vec::with_capacity(bytes / 6),
            table: HashTable::with_capacity((bytes / 12).min(1 << 16)),
            ..Terms::default()
        };
        for text in texts {
            analyzer.analyze_with(text, |tok: TokenRef<'_>| t.push(tok.term));
            t.text_ends.push(t.ids.len());
        }
        t
    }

    fn push(&mut self, term: &str) {
        let Terms {
            buf,
            ends,
            table,
            ids,
            ..
        } = self;
        let term_of = |k: u32| {
            let k = k as usize;
            &buf[if k == 0 { 0 } else { ends[k - 1] }..ends[k]]
        };
        let hash = FxBuildHasher.hash_one(term);
        let id = match table.find(hash, |&k| term_of(k) == term) {
            Some(&k) => k,
            None => {
                let k = ends.len() as u32;
                table.insert_unique(hash, k, |&k| FxBuildHasher.hash_one(term_of(k)));
                buf.push_str(term);
                ends.push(buf.len());
                k
            }
        };
        ids.push(id);
    }

    /// One Python list of terms per text.
    fn into_lists<'py>(
        self,
        py: Python<'py>,
        cache: &StrCache,
    ) -> PyResult<Vec<Bound<'py, PyList>>> {
        let mut cache = cache.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut start = 0;
        let strs: Vec<Bound<'py, PyString>> = self
            .ends
            .iter()
            .map(|&end| {
                let term = &self.buf[start..end];
                start = end;
                StrCache::get(py, &mut cache, term)
            })
            .collect();
        let mut first = 0;
        self.text_ends
            .iter()
            .map(|&last| {
                let ids = &self.ids[first..last];
                first = last;
                PyList::new(py, ids.iter().map(|&k| &strs[k as usize]))
            })
            .collect()
    }
}

/// The Python strs of recent terms of one analyzer, so that a frequent
/// term is created once rather than in every call. Only used with the GIL
/// held, so the lock is never contended.
#[derive(Default)]
struct StrCache(Mutex<FxHashMap<Box<str>, Py<PyString>>>);

impl StrCache {
    /// Entries kept before the cache starts afresh.
    const LIMIT: usize = 1 << 16;

    /// The `str` of `term`, made and remembered when it is new.
    fn get<'py>(
        py: Python<'py>,
        cache: &mut FxHashMap<Box<str>, Py<PyString>>,
        term: &str,
    ) -> Bound<'py, PyString> {
        if let Some(s) = cache.get(term) {
            return s.bind(py).clone();
        }
        let s = PyString::new(py, term);
        if cache.len() >= StrCache::LIMIT {
            cache.clear();
        }
        cache.insert(term.into(), s.clone().unbind());
        s
    }

    /// The terms of `text` as a list, analysed with the GIL held: each
    /// token's term goes straight to its cached `str`, with no per-call
    /// table of distinct terms (the per-call cost that dominates short texts).
    fn terms<'py>(
        &self,
        py: Python<'py>,
        analyzer: &analysis::Analyzer,
        text: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::with_capacity(text.len() / 6);
        guard(|| {
            analyzer.analyze_with(text, |tok: TokenRef<'_>| {
                out.push(StrCache::get(py, &mut cache, tok.term))
            });
            Ok(())
        })?;
        PyList::new(py, out)
    }
}

/// A rayon pool of `n` threads, built once per size. A few sizes are
/// kept: a caller that asks for many different sizes must not leave a
/// pool of threads alive for each.
fn pool(n: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    const KEPT: usize = 4;
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(p) = pools.get(&n) {
        return Ok(p.clone());
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("stichwort-{i}"))
        .build()
        .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}")))?;
    let p = Arc::new(p);
    if pools.len() >= KEPT {
        // (A pool still in use lives on until its caller is done.)
        pools.clear();
    }
    pools.insert(n, p.clone());
    Ok(p)
}

/// A number of threads from Python: an int (not a bool) in `1..=MAX_THREADS`.
fn threads_arg(n: &Bound<'_, PyAny>) -> PyResult<usize> {
    if n.is_instance_of::<PyBool>() || !n.is_instance_of::<PyInt>() {
        let kind = type_name(n);
        return Err(PyTypeError::new_err(format!(
            "threads must be an int or None, not {kind}"
        )));
    }
    (n.extract::<usize>().ok())
        .filter(|n| (1..=MAX_THREADS).contains(n))
        .ok_or_else(|| {
            PyValueError::new_err(format!("threads must be in 1..={MAX_THREADS}, not {n}"))
        })
}

/// One token: the term, where it stands in the original text, its position.
#[pyclass(module = "stichwort", frozen, eq, hash, get_all)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Token {
    /// The term as indexed (lower-cased, maybe folded and stemmed).
    text: String,
    /// Character offsets into the original string: `text[start:end]`.
    start: usize,
    end: usize,
    /// Token number in the document (stop words count).
    position: u32,
    /// A compound part at its whole word's position.
    is_part: bool,
}

#[pymethods]
impl Token {
    #[new]
    #[pyo3(signature = (text, start, end, position, is_part=false))]
    fn new(text: String, start: usize, end: usize, position: u32, is_part: bool) -> Self {
        Token {
            text,
            start,
            end,
            position,
            is_part,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let part = if self.is_part { ", is_part=True" } else { "" };
        Ok(format!(
            "Token({}, start={}, end={}, position={}{part})",
            PyString::new(py, &self.text).repr()?,
            self.start,
            self.end,
            self.position
        ))
    }
}

/// Turns text into terms: `"simple"` (the reference definition) or
/// `"german"` (with stemming and optional stop words and umlaut folding).
#[pyclass(module = "stichwort", frozen, name = "Analyzer")]
pub struct PyAnalyzer {
    pub inner: analysis::Analyzer,
    strings: StrCache,
}

#[pymethods]
impl PyAnalyzer {
    #[new]
    // One parameter per keyword option: that is the Python signature.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (name="german", *, stem=None, stopwords=None, fold_umlauts=None, decompound=None, gender_forms=None, umlaut_digraphs=None, catenate_compounds=None, gender_endings=None))]
    fn new(
        name: &str,
        stem: Option<bool>,
        stopwords: Option<bool>,
        fold_umlauts: Option<bool>,
        decompound: Option<bool>,
        gender_forms: Option<bool>,
        umlaut_digraphs: Option<bool>,
        catenate_compounds: Option<bool>,
        gender_endings: Option<bool>,
    ) -> PyResult<Self> {
        guard(|| {
            let preset: Preset = name.parse()?;
            let mut c = AnalyzerConfig::preset(preset);
            c.stem = stem.unwrap_or(c.stem);
            c.stopwords = stopwords.unwrap_or(c.stopwords);
            c.fold_umlauts = fold_umlauts.unwrap_or(c.fold_umlauts);
            c.decompound = decompound.unwrap_or(c.decompound);
            c.gender_forms = gender_forms.unwrap_or(c.gender_forms);
            c.umlaut_digraphs = umlaut_digraphs.unwrap_or(c.umlaut_digraphs);
            c.catenate_compounds = catenate_compounds.unwrap_or(c.catenate_compounds);
            c.gender_endings = gender_endings.unwrap_or(c.gender_endings);
            Ok(PyAnalyzer {
                inner: analysis::Analyzer::new(c)?,
                strings: StrCache::default(),
            })
        })
    }

    /// The preset name and options, as a dict.
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = self.inner.config();
        let d = PyDict::new(py);
        d.set_item("name", c.preset.name())?;
        d.set_item("stem", c.stem)?;
        d.set_item("stopwords", c.stopwords)?;
        d.set_item("fold_umlauts", c.fold_umlauts)?;
        d.set_item("decompound", c.decompound)?;
        d.set_item("gender_forms", c.gender_forms)?;
        d.set_item("umlaut_digraphs", c.umlaut_digraphs)?;
        d.set_item("catenate_compounds", c.catenate_compounds)?;
        d.set_item("gender_endings", c.gender_endings)?;
        Ok(d)
    }

    /// The stable one-line form stored in index manifests.
    #[getter]
    fn spec(&self) -> String {
        self.inner.config().to_spec()
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        let py_bool = |b: bool| if b { "True" } else { "False" };
        match c.preset {
            Preset::Simple => "Analyzer('simple')".to_string(),
            Preset::German => format!(
                "Analyzer('german', stem={}, stopwords={}, fold_umlauts={}, decompound={}, \
                 gender_forms={}, umlaut_digraphs={}, catenate_compounds={}, gender_endings={})",
                py_bool(c.stem),
                py_bool(c.stopwords),
                py_bool(c.fold_umlauts),
                py_bool(c.decompound),
                py_bool(c.gender_forms),
                py_bool(c.umlaut_digraphs),
                py_bool(c.catenate_compounds),
                py_bool(c.gender_endings)
            ),
        }
    }

    /// The lemmas of the parts the German splitter finds in one word (the
    /// rules of `decompound=True`, whatever this analyzer's options); an
    /// empty list when the word stays whole.
    fn split_compound(&self, word: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let word = text_arg(word, "word")?;
        guard(|| Ok(analysis::compound_lemmas(word)))
    }

    /// The dictionary prefix `Prefix(prefix)` looks for under this analyzer
    /// (lower-cased, with umlauts and their digraphs folded where terms are;
    /// never stemmed).
    fn normalise_prefix(&self, prefix: &Bound<'_, PyAny>) -> PyResult<String> {
        let prefix = text_arg(prefix, "prefix")?;
        guard(|| Ok(self.inner.normalise_prefix(prefix)))
    }

    /// Every token of `text` with offsets and position.
    fn tokenize(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Vec<Token>> {
        let text = text_arg(text, "text")?;
        let run = || {
            guard(|| {
                Ok(self
                    .inner
                    .tokenize(text)
                    .into_iter()
                    .map(|t| Token {
                        text: t.term,
                        start: t.start,
                        end: t.end,
                        position: t.position,
                        is_part: t.is_part,
                    })
                    .collect())
            })
        };
        if text.len() > DETACH_BYTES {
            py.detach(run)
        } else {
            run()
        }
    }

    /// The terms of `text`, in order.
    fn terms<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let text = text_arg(text, "text")?;
        if text.len() <= DETACH_BYTES {
            return self.strings.terms(py, &self.inner, text);
        }
        let terms = py.detach(|| guard(|| Ok(Terms::of(&self.inner, &[text]))))?;
        let mut lists = terms.into_lists(py, &self.strings)?;
        Ok(lists.pop().unwrap_or_else(|| PyList::empty(py)))
    }

    /// `terms` of every text, computed in parallel with the GIL released.
    /// `threads`: None uses the shared pool (all cores), n a pool of n threads.
    #[pyo3(signature = (texts, threads=None))]
    fn terms_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "texts must be a sequence of str, not a str",
            ));
        }
        let threads = threads.map(threads_arg).transpose()?;
        let items: Vec<Bound<'py, PyAny>> = texts
            .try_iter()
            .map_err(|_| PyTypeError::new_err("texts must be an iterable of str"))?
            .collect::<PyResult<_>>()?;
        let strs: Vec<&str> = items
            .iter()
            .enumerate()
            .map(|(i, t)| text_arg(t, &format!("texts[{i}]")))
            .collect::<PyResult<_>>()?;
        // (More threads than texts would have nothing to do.)
        let pool = (threads.map(|n| pool(n.min(strs.len()).max(1)))).transpose()?;
        let analyzer = &self.inner;
        // Runs of texts are analysed on the pool (a few per thread, so that
        // threads finishing early can steal; each run shares one set of
        // distinct terms) while this thread, holding the GIL, turns the runs
        // already done into lists, in order.
        let (tx, rx) = mpsc::channel::<(usize, PyResult<Terms>)>();
        let strs = &strs;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let work = || {
                    let runs = rayon::current_num_threads() * CHUNKS_PER_THREAD;
                    let len = strs.len().div_ceil(runs).max(1);
                    strs.par_chunks(len)
                        .enumerate()
                        .for_each_with(tx, |tx, (i, run)| {
                            // The receiver only goes away after this scope.
                            let _ = tx.send((i, guard(|| Ok(Terms::of(analyzer, run)))));
                        });
                };
                match &pool {
                    Some(p) => p.install(work),
                    None => work(),
                }
            });
            let mut lists = Vec::with_capacity(strs.len());
            // Runs done but not yet turned into lists; `next` is the next in order.
            let mut done: BTreeMap<usize, Terms> = BTreeMap::new();
            let mut next = 0;
            let mut rx = rx;
            loop {
                // Wait without the GIL; `None` once every run is sent.
                let got;
                (rx, got) = py.detach(move || {
                    let got = rx.recv().ok();
                    (rx, got)
                });
                let Some((i, terms)) = got else { break };
                done.insert(i, terms?);
                while let Some(terms) = done.remove(&next) {
                    next += 1;
                    lists.extend(terms.into_lists(py, &self.strings)?);
                }
            }
            PyList::new(py, lists)
        })
    }
}

/// Panics inside `guard`, so tests can check a panic becomes InternalError.
#[pyfunction]
pub fn _panic_for_test() -> PyResult<()> {
    guard(|| -> stichwort_core::Result<()> { panic!("deliberate panic for a test") })
}
