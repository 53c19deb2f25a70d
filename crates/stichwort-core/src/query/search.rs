//! The query facade over a [`Searcher`]: ranked search, count, matching
//! ids, phrase counts, batches on a thread pool, KWIC and snippets.
//!
//! ```
//! use stichwort_core::analysis::{Analyzer, AnalyzerConfig};
//! use stichwort_core::index::{DocInput, Index, IndexOptions};
//! use stichwort_core::query::{Engine, ParseOptions, parse};
//! let mut ix = Index::in_memory(Analyzer::new(AnalyzerConfig::simple()).unwrap(), IndexOptions::default()).unwrap();
//! for t in ["die gemeinsame Sitzung", "eine Sitzung", "nichts"] {
//!     ix.add(DocInput { text: t.into(), ..Default::default() }).unwrap();
//! }
//! let s = ix.searcher().unwrap();
//! let e = Engine::new(&s);
//! let q = parse("sitzung", &ParseOptions::default()).unwrap();
//! assert_eq!(e.match_ids(&q, None).unwrap(), vec![0, 1]);
//! assert_eq!(e.search(&q, Some(1), None).unwrap().ids, vec![1]);
//! ```

use rayon::prelude::*;

use super::ast::Query;
use super::bm25::{Field, Statistics};
use super::collector::TopK;
use super::iter::{self, AndIter, BoxIter, DocIter, PhraseIter, Span, TERMINATED};
use super::lookups::{Cached, Lookups};
use super::plan::{Plan, Planner, check_fields};
use super::wand;
use crate::index::{Searcher, SegmentReader};
use crate::threads;
use crate::{Error, Result};

/// Ranked results: ids and scores best first, and every matching document counted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopDocs {
    pub ids: Vec<u32>,
    pub scores: Vec<f32>,
    pub total: u64,
}

/// One KWIC line; `start`/`end` are character offsets into the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Concordance {
    pub doc_id: u32,
    pub left: String,
    pub matched: String,
    pub right: String,
    pub start: usize,
    pub end: usize,
}

/// A query and its filter, planned.
pub struct Prepared {
    pub plan: Plan,
    pub filter: Option<Plan>,
    /// The keys looked up while planning (empty with foreign statistics).
    pub(super) lookups: Lookups,
}

/// Trees deeper than this run on a thread with a large stack: iterators
/// and plans recurse once per level, and a rayon or test thread has only
/// 2 MB.
pub(crate) const INLINE_DEPTH: usize = 40;
const DEEP_STACK_BYTES: usize = 512 << 20;

/// Has the tree more than `levels` levels? The recursion stops after
/// `levels`, so it needs no more stack than a shallow tree (and, unlike
/// a count of every level, no allocation: it runs before every query).
pub(crate) fn deeper_than(q: &Query, levels: usize) -> bool {
    let Some(below) = levels.checked_sub(1) else {
        return true;
    };
    match q {
        Query::And(qs) | Query::Or(qs) => qs.iter().any(|c| deeper_than(c, below)),
        Query::Not {
            positive: a,
            negative: b,
        }
        | Query::Near { a, b, .. } => deeper_than(a, below) || deeper_than(b, below),
        _ => false,
    }
}

/// Runs `f` here, or on a fresh thread with a large stack when `q` or
/// `filter` is deep.
pub(crate) fn sized_stack<T: Send>(
    q: &Query,
    filter: Option<&Query>,
    f: impl FnOnce() -> T + Send,
) -> T {
    if !deeper_than(q, INLINE_DEPTH) && !filter.is_some_and(|f| deeper_than(f, INLINE_DEPTH)) {
        return f();
    }
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .stack_size(DEEP_STACK_BYTES)
            .spawn_scoped(s, f)
            .expect("cannot start a thread for a deep query");
        handle
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

/// Runs queries on one snapshot with one statistics source.
pub struct Engine<'a> {
    pub(super) searcher: &'a Searcher,
    stats: &'a dyn Statistics,
    /// `stats` is the searcher's own (its document frequencies can come
    /// from the query's lookups).
    own_stats: bool,
}

impl<'a> Engine<'a> {
    /// An engine scoring with the searcher's own statistics.
    pub fn new(searcher: &'a Searcher) -> Self {
        Engine {
            searcher,
            stats: searcher,
            own_stats: true,
        }
    }

    /// An engine scoring with other statistics (e.g. global ones of a shard set).
    pub fn with_statistics(searcher: &'a Searcher, stats: &'a dyn Statistics) -> Self {
        Engine {
            searcher,
            stats,
            own_stats: false,
        }
    }

    fn planner(&self) -> Planner<'_> {
        Planner::new(self.searcher.analyzer(), self.stats)
    }

    /// Plans a query and its filter (the filter first, as the reference checks it).
    pub fn prepare(&self, q: &Query, filter: Option<&Query>) -> Result<Prepared> {
        let lookups = Lookups::default();
        let cached = Cached {
            searcher: self.searcher,
            lookups: &lookups,
        };
        let stats: &dyn Statistics = if self.own_stats { &cached } else { self.stats };
        let p = Planner::new(self.searcher.analyzer(), stats);
        let filter_plan = filter.map(|f| p.plan(f)).transpose()?;
        let plan = p.plan(q)?;
        check_fields(self.searcher, filter)?;
        check_fields(self.searcher, Some(q))?;
        Ok(Prepared {
            plan,
            filter: filter_plan,
            lookups,
        })
    }

    /// The iterator of a prepared query over one segment.
    pub(super) fn iter<'s>(&self, prep: &Prepared, seg: &'s SegmentReader) -> BoxIter<'s>
    where
        'a: 's,
    {
        let q = iter::build(&prep.plan, seg, self.searcher.analyzer());
        match &prep.filter {
            None => q,
            Some(f) => Box::new(AndIter::filtered(
                q,
                iter::build(f, seg, self.searcher.analyzer()),
            )),
        }
    }

    /// Calls `f(segment, iterator)` on the live matches, segment by segment.
    fn each_match(&self, prep: &Prepared, mut f: impl FnMut(&SegmentReader, &mut BoxIter<'_>)) {
        for seg in self.searcher.segments() {
            let mut it = self.iter(prep, seg);
            while it.doc() != TERMINATED {
                if !seg.is_deleted(it.doc()) {
                    f(seg, &mut it);
                }
                it.next();
            }
        }
    }

    /// Number of matching live documents (nothing scored).
    pub fn count(&self, q: &Query, filter: Option<&Query>) -> Result<u64> {
        sized_stack(q, filter, || {
            let prep = self.prepare(q, filter)?;
            Ok(self.count_prepared(&prep))
        })
    }

    pub fn count_prepared(&self, prep: &Prepared) -> u64 {
        if let (Plan::Words(w), None) = (&prep.plan, &prep.filter)
            && w.is_single()
        {
            return prep.lookups.doc_freq(self.searcher, &w.keys[0]);
        }
        if let Some(n) = wand::count(self, prep) {
            return n;
        }
        let mut n = 0;
        self.each_match(prep, |_, _| n += 1);
        n
    }

    /// Global ids of every matching live document, ascending.
    pub fn match_ids(&self, q: &Query, filter: Option<&Query>) -> Result<Vec<u32>> {
        sized_stack(q, filter, || {
            let prep = self.prepare(q, filter)?;
            let mut ids = Vec::new();
            self.each_match(&prep, |seg, it| ids.push(seg.global_id(it.doc())));
            Ok(ids)
        })
    }

    /// The `limit` best documents by BM25 (None: all), ties by ascending id.
    pub fn search(
        &self,
        q: &Query,
        limit: Option<usize>,
        filter: Option<&Query>,
    ) -> Result<TopDocs> {
        sized_stack(q, filter, || {
            let prep = self.prepare(q, filter)?;
            Ok(self.search_prepared(&prep, limit))
        })
    }

    pub fn search_prepared(&self, prep: &Prepared, limit: Option<usize>) -> TopDocs {
        let k = limit.unwrap_or(usize::MAX);
        if let Some(top) = wand::search(self, prep, k) {
            return top;
        }
        let mut top = TopK::new(k);
        let mut total = 0u64;
        self.each_match(prep, |seg, it| {
            total += 1;
            top.push(it.score(), seg.global_id(it.doc()));
        });
        finish(top, total)
    }

    /// Many searches on `threads` threads (None: rayon's global pool, all
    /// cores); a bad query fails them all (the first bad one in order
    /// names the error). Each query is planned where it runs and its plan
    /// dropped after: planned all before any ran, a batch of 1,600 `a*`
    /// held 1.4 GB of expansions at once. Deep queries get a pool whose
    /// threads have large stacks.
    pub fn search_batch(
        &self,
        queries: &[Query],
        limit: Option<usize>,
        threads: Option<usize>,
    ) -> Result<Vec<TopDocs>> {
        let deep = queries.iter().any(|q| deeper_than(q, INLINE_DEPTH));
        let run = || -> Vec<Result<TopDocs>> {
            (queries.par_iter())
                .map(|q| Ok(self.search_prepared(&self.prepare(q, None)?, limit)))
                .collect()
        };
        let done = if threads.is_none() && !deep {
            run()
        } else {
            let n = match threads {
                Some(n) => threads::requested(n)?,
                None => rayon::current_num_threads(),
            };
            let mut builder =
                rayon::ThreadPoolBuilder::new().num_threads(n.min(queries.len()).max(1));
            if deep {
                builder = builder.stack_size(DEEP_STACK_BYTES);
            }
            let pool = builder
                .build()
                .map_err(|e| Error::InvalidArgument(format!("cannot start {n} threads: {e}")))?;
            pool.install(run)
        };
        done.into_iter().collect()
    }

    /// (ids, counts): the phrase count of every live document where it is > 0
    /// (a single word counts its occurrences).
    pub fn phrase_counts(&self, words: &[String], slop: u32) -> Result<(Vec<u32>, Vec<u32>)> {
        let (mut ids, mut counts) = (Vec::new(), Vec::new());
        let Plan::Words(w) = self.planner().words(&words.join(" "), slop, Field::Body) else {
            return Ok((ids, counts));
        };
        for seg in self.searcher.segments() {
            let mut push = |local: u32, n: u32| {
                if !seg.is_deleted(local) {
                    ids.push(seg.global_id(local));
                    counts.push(n);
                }
            };
            if w.is_plain_term() {
                let Some(ord) = seg.term_ord(&w.keys[0]) else {
                    continue;
                };
                let mut c = seg.postings(ord);
                while c.doc() != TERMINATED {
                    push(c.doc(), c.tf());
                    c.advance();
                }
            } else if let Some(mut it) = PhraseIter::open(seg, &w, self.searcher.analyzer()) {
                while it.doc() != TERMINATED {
                    push(it.doc(), it.count());
                    it.next();
                }
            }
        }
        Ok((ids, counts))
    }

    /// `f(segment, iterator)` with the iterator on a live document the
    /// query matches (None when it does not match).
    pub(super) fn on_doc<T>(
        &self,
        prep: &Prepared,
        global: u32,
        f: impl FnOnce(&SegmentReader, &mut BoxIter<'_>) -> T,
    ) -> Option<T> {
        let (i, local) = self.searcher.locate(global)?;
        let seg = &self.searcher.segments()[i];
        if seg.is_deleted(local) {
            return None;
        }
        let mut it = self.iter(prep, seg);
        if it.seek(local) != local {
            return None;
        }
        Some(f(seg, &mut it))
    }
}

/// The distinct body spans of the current document, by first and last
/// position, then positions.
pub(crate) fn body_spans(it: &mut BoxIter<'_>) -> Vec<Span> {
    let mut spans = Vec::new();
    it.spans(&mut spans);
    spans.retain(|s| s.field == Field::Body && !s.positions.is_empty());
    spans.sort_by(|a, b| {
        let key = |s: &Span| (s.positions[0], *s.positions.last().expect("non-empty"));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.positions.cmp(&b.positions))
    });
    spans.dedup();
    spans
}

pub(super) fn finish(top: TopK, total: u64) -> TopDocs {
    let (ids, scores) = top.into_sorted();
    TopDocs { ids, scores, total }
}
