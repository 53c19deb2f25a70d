//! Collocates of a target: counts around its occurrences, read from the
//! forward index as lists of segment ordinals (parts of a large target
//! claimed by the calling thread and helper threads, see
//! [`crate::threads::claim_parts`]) sorted or tallied into (ordinal,
//! count), translated to the snapshot's global term ids and added up there
//! in ranges of ids, scored and ranked by id; only the rows kept are named.
//!
//! Counting, exactly as the reference backend (`backends/python.py`):
//! - window w: for an occurrence covering positions f..l, every token at
//!   f-w ..= l+w of the same document outside the occurrence counts once;
//! - sentence: the same over the sentences that hold f and l;
//! - document: a term counts once per matching document when it occurs
//!   outside the target's spans.
//!
//! f_x = occurrences (documents for scope "document"), f_y = the term's
//! whole-word frequency (document frequency), N = tokens (documents), all
//! over the live documents that pass the filter.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::dense::DenseCounts;
use super::matches::{Pattern, allowed_docs};
use super::measures::Measure;
use crate::analysis::Analyzer;
use crate::hint::{AHEAD, prefetch, prefetch_ahead};
use crate::index::forward::{NO_TERM, Record};
use crate::index::{Searcher, SegmentReader, TERMINATED};
use crate::query::iter;
use crate::query::plan::Plan;
use crate::query::search::{body_spans, sized_stack};
use crate::query::{Engine, Query};
use crate::threads;
use crate::{Error, Result};

/// What counts as "together with the target".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Tokens at most this many positions away (at least 1).
    Window(u32),
    /// Tokens of the same sentence.
    Sentence,
    /// Documents containing both.
    Document,
}

impl Scope {
    /// The scope of its name; `window` is the size for "window".
    pub fn from_name(name: &str, window: u32) -> Result<Scope> {
        match name {
            "window" if window == 0 => {
                Err(Error::InvalidArgument("window must be at least 1".into()))
            }
            "window" => Ok(Scope::Window(window)),
            "sentence" => Ok(Scope::Sentence),
            "document" => Ok(Scope::Document),
            _ => Err(Error::InvalidArgument(format!(
                "unknown scope {name:?}; valid: window, sentence, document"
            ))),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct CoocOptions {
    pub scope: Scope,
    pub measure: Measure,
    /// Keep the best `top` (None: all).
    pub top: Option<usize>,
    /// Keep terms with f_xy at least this.
    pub min_count: u64,
}

/// Collocates, best first: score descending, then term ascending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Collocates {
    /// The terms one after another, and where each ends: two allocations
    /// for all the rows, where a `String` a row took a tenth of a rare
    /// target's call ([`Collocates::terms`]).
    names: String,
    name_ends: Vec<usize>,
    pub f_xy: Vec<u64>,
    pub f_y: Vec<u64>,
    pub scores: Vec<f64>,
    pub f_x: u64,
    pub n: u64,
}

impl Collocates {
    /// The terms, best first.
    pub fn terms(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.name_ends.len()).map(|i| {
            let start = if i == 0 { 0 } else { self.name_ends[i - 1] };
            &self.names[start..self.name_ends[i]]
        })
    }
}

/// Hits of one participant in a count: the segment ordinals of the
/// segment being counted (one entry per count; appending is a sequential
/// write), named and added up by global id with the segments before when
/// the segment is done ([`Hits::settle`]).
#[derive(Default)]
struct Hits {
    ords: Vec<u32>,
    /// Ordinals at or above this are dropped: the segment's vocabulary.
    limit: u32,
    /// A counter per segment ordinal.
    tally: DenseCounts<u32>,
    /// A count per global id, of the segments settled so far.
    ids: DenseCounts<u64>,
    /// Whether a segment is settled into `ids`.
    settled: bool,
}

/// Hits fewer than this are sorted, more tallied: a tally's counters
/// are asked for ahead and read back through two levels of bits, which
/// beat an LSD radix sort (~70 instructions a hit) from here on.
/// Session 18: synth:100000 medium 5-10 % faster than with the sort.
const TALLY_HITS: usize = 1024;

/// A segment's hits at least its vocabulary over this are counted by
/// ordinal before they are named ([`Hits::settle`]).
const REPEAT_SHARE: usize = 16;

impl Hits {
    #[inline]
    fn add(&mut self, ord: u32) {
        if ord < self.limit {
            self.ords.push(ord);
        }
    }

    #[inline]
    fn add_all(&mut self, ords: &[u32]) {
        let limit = self.limit;
        self.ords
            .extend(ords.iter().copied().filter(|&o| o < limit));
    }

    /// The (ordinal, count) pairs of the hits in ordinal order: tallied
    /// (fewer than 2^32 hits: no counter overflows), few sorted; leaves
    /// the list empty.
    fn counted(&mut self) -> Vec<(u32, u64)> {
        let n = self.ords.len();
        let out = if n >= TALLY_HITS && u32::try_from(n).is_ok() {
            let mut tally = self.tally.of(self.limit as usize);
            for (i, &o) in self.ords.iter().enumerate() {
                prefetch_ahead(&self.ords, i, tally.values(), |&o| o as usize);
                tally.add(o as usize, 1);
            }
            let mut out = Vec::with_capacity(n.min(self.limit as usize));
            tally.drain(|o, c| out.push((o as u32, u64::from(c))));
            out
        } else {
            self.ords.sort_unstable();
            let mut out = Vec::with_capacity(n);
            out.extend((self.ords.chunk_by(|a, b| a == b)).map(|run| (run[0], run.len() as u64)));
            out
        };
        self.ords.clear();
        out
    }

    /// The (global id, count) pairs of the hits in id order, through `map`
    /// (ordinal → global id, increasing: both follow the terms' byte
    /// order); leaves the list empty.
    fn take_sorted(&mut self, map: &[u32]) -> Vec<(u32, u64)> {
        let mut out = self.counted();
        // Sparse ordinals: each look-up a miss unless asked for ahead.
        let mut kept = 0;
        for i in 0..out.len() {
            prefetch_ahead(&out, i, map, |&(o, _)| o as usize);
            let (o, c) = out[i];
            if let Some(&id) = map.get(o as usize).filter(|&&id| id != NO_TERM) {
                out[kept] = (id, c);
                kept += 1;
            }
        }
        out.truncate(kept);
        out
    }

    /// Adds the hits, ordinals of the segment `map` names, to the counts
    /// by global id (below `space`); leaves the list empty. Many next to
    /// the vocabulary repeat ordinals: counted first, named once per
    /// ordinal; fewer are mostly distinct: named one by one.
    fn settle(&mut self, map: &[u32], space: usize) {
        self.settled = true;
        if self.ords.len() >= self.limit as usize / REPEAT_SHARE {
            let named = self.take_sorted(map);
            let mut ids = self.ids.of(space);
            for (i, &(id, c)) in named.iter().enumerate() {
                prefetch_ahead(&named, i, ids.values(), |&(id, _)| id as usize);
                if (id as usize) < space {
                    ids.add(id as usize, c);
                }
            }
            return;
        }
        // (Ordinals in hit order: each look-up a miss unless asked for
        // ahead; an id's counter is asked for once its name is at hand.)
        let mut ids = self.ids.of(space);
        let id_of = |o: u32| map.get(o as usize).copied().unwrap_or(NO_TERM) as usize;
        for (i, &o) in self.ords.iter().enumerate() {
            prefetch_ahead(&self.ords, i, map, |&o| o as usize);
            if let Some(&o) = self.ords.get(i + AHEAD / 2) {
                prefetch(ids.values(), id_of(o));
            }
            let id = id_of(o);
            if id < space {
                ids.add(id, 1);
            }
        }
        self.ords.clear();
    }

    /// The (global id, count) pairs of every segment's hits, the last
    /// one's named through `map`, in id order; leaves everything empty.
    /// (Hits of one segment only are not added up: no pass over `ids`.)
    fn take_all(&mut self, map: &[u32], space: usize) -> Vec<(u32, u64)> {
        if !self.settled {
            return self.take_sorted(map);
        }
        self.settle(map, space);
        self.settled = false;
        let mut out = Vec::new();
        self.ids.of(space).drain(|id, c| out.push((id as u32, c)));
        out
    }

    /// Forgets what a call that failed may have left.
    fn clear(&mut self) {
        self.ords.clear();
        if std::mem::take(&mut self.settled) {
            self.ids.clear();
        }
    }
}

/// Adds up lists of (id, count), each sorted by id, into one: in a dense
/// array ([`add_up`]) when their ids lie close, else two in one pass, more
/// by a stable sort of their concatenation, which merges the sorted runs
/// it finds (n log k, where merging pairwise in turn copied the growing
/// list again and again).
fn merge_sorted<'a>(lists: &[&'a [(u32, u64)]]) -> Cow<'a, [(u32, u64)]> {
    let full: Vec<&[(u32, u64)]> = lists.iter().copied().filter(|l| !l.is_empty()).collect();
    // (A target counted in one chunk, e.g. found in one segment: no copy, no sort.)
    let (lo, hi) = match full[..] {
        [] => return Cow::Borrowed(&[]),
        [only] => return Cow::Borrowed(only),
        _ => (
            full.iter().map(|l| l[0].0).min().unwrap_or(0),
            full.iter().map(|l| l[l.len() - 1].0).max().unwrap_or(0),
        ),
    };
    let (width, entries) = (
        (hi - lo) as usize + 1,
        full.iter().map(|l| l.len()).sum::<usize>(),
    );
    // (Reading the dense array back looks at a word per 4,096 ids: at most
    // one an entry.)
    if width <= DENSE_IDS && width / 4096 <= entries {
        return Cow::Owned(Scratch::with(|s| add_up(&mut s.sums, &full, lo, width)));
    }
    // (Two, e.g. a caller's and a helper's: one pass, no sort.)
    if let [a, b] = full[..] {
        return Cow::Owned(merge_two(a, b));
    }
    let mut all = full.concat();
    all.sort_by_key(|e| e.0);
    let mut kept = 0;
    for i in 0..all.len() {
        if kept > 0 && all[kept - 1].0 == all[i].0 {
            all[kept - 1].1 += all[i].1;
        } else {
            all[kept] = all[i];
            kept += 1;
        }
    }
    all.truncate(kept);
    Cow::Owned(all)
}

/// Two lists sorted by id added up, in one pass.
fn merge_two(a: &[(u32, u64)], b: &[(u32, u64)]) -> Vec<(u32, u64)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => {
                out.push(x);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(y);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((x.0, x.1 + y.1));
                (i, j) = (i + 1, j + 1);
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Widest range of ids whose lists [`merge_sorted`] adds up in a dense
/// array (8 bytes an id, per thread).
const DENSE_IDS: usize = 1 << 20;

/// `lists` (ids in `lo..lo + width`) added up in `sums`, in id order: an
/// addition an entry and no branch on the ids, where merging them
/// mispredicted about every other entry (~9 ns an entry; a third of a
/// 10kGNAD frequent call on two threads).
fn add_up(
    sums: &mut DenseCounts<u64>,
    lists: &[&[(u32, u64)]],
    lo: u32,
    width: usize,
) -> Vec<(u32, u64)> {
    let mut sums = sums.of(width);
    for l in lists {
        for (i, &(id, c)) in l.iter().enumerate() {
            prefetch_ahead(l, i, sums.values(), |&(id, _)| (id - lo) as usize);
            sums.add((id - lo) as usize, c);
        }
    }
    let mut out = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
    sums.drain(|i, c| out.push((lo + i as u32, c)));
    out
}

/// `lists` (each sorted by id) cut into `parts` ranges of ids of about the
/// same number of entries (by the longest list's): per range, the range
/// of each list's entries in it.
fn id_ranges(lists: &[IdCounts], parts: usize) -> Vec<Vec<std::ops::Range<usize>>> {
    let longest = lists
        .iter()
        .max_by_key(|l| l.len())
        .map_or(&[][..], |l| &l[..]);
    // Range r holds the ids in bounds[r]..bounds[r + 1].
    let mut bounds: Vec<u32> = (1..parts)
        .map(|r| longest[r * longest.len() / parts].0)
        .collect();
    bounds.dedup();
    bounds.insert(0, 0);
    let cut = |l: &[(u32, u64)], id: u32| l.partition_point(|e| e.0 < id);
    (0..bounds.len())
        .map(|r| {
            lists
                .iter()
                .map(|l| {
                    let end = bounds.get(r + 1).map_or(l.len(), |&b| cut(l, b));
                    cut(l, bounds[r])..end
                })
                .collect()
        })
        .collect()
}

/// Per-thread arrays, reused from call to call (rayon's threads live as
/// long as the process): the hit list of segment ordinals, document
/// stamps for counting a term once per document.
#[derive(Default)]
struct Scratch {
    counts: Hits,
    /// Sums by id ([`add_up`]).
    sums: DenseCounts<u64>,
    stamp: Vec<u32>,
    epoch: u32,
    fwd: Vec<u32>,
    sent: Vec<u32>,
    inside: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Scratch {
    fn with<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
        SCRATCH.with_borrow_mut(f)
    }

    /// Counting in `seg` next, the hits so far kept.
    fn enter(&mut self, seg: &SegmentReader) {
        let n = seg.num_terms() as usize;
        self.counts.limit = seg.num_terms();
        if self.stamp.len() < n {
            self.stamp.resize(n, 0);
        }
    }

    /// A fresh stamp for the next document.
    fn next_doc(&mut self) -> u32 {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.fill(0);
            self.epoch = 1;
        }
        self.epoch
    }
}

/// Is `ord` seen for the first time in the current document?
#[inline]
fn first_in_doc(stamp: &mut [u32], epoch: u32, ord: u32) -> bool {
    let s = &mut stamp[ord as usize];
    let first = *s != epoch;
    *s = epoch;
    first
}

/// f_y per ordinal and N over the allowed documents of `seg`.
fn filtered_freqs(seg: &SegmentReader, allowed: &[bool], per_doc: bool) -> (Vec<u64>, u64) {
    let mut f = vec![0u64; seg.num_terms() as usize];
    let mut stamp = vec![0u32; f.len()];
    let (mut n, mut fwd) = (0u64, Vec::new());
    for (local, _) in allowed.iter().enumerate().filter(|a| *a.1) {
        seg.forward(local as u32, &mut fwd);
        n += if per_doc {
            1
        } else {
            fwd.iter().filter(|&&o| o != NO_TERM).count() as u64
        };
        for &o in &fwd {
            if let Some(c) = f.get_mut(o as usize)
                && (!per_doc || stamp[o as usize] != local as u32 + 1)
            {
                *c += 1;
                stamp[o as usize] = local as u32 + 1;
            }
        }
    }
    (f, n)
}

/// How many documents' forward records are loaded together (see
/// [`ForwardView::records`](crate::index::forward::ForwardView::records)),
/// then their windows, then counted: each step waits for a miss once a
/// batch (32 → 64: synth:100000 frequent batch 65 → 61 ms, session 17).
const RECORD_BATCH: usize = 64;

/// Fewest documents of a target whose segments are read (not only
/// counted) in parts shared with the helpers ([`ReadJob`]); fewer are read in
/// the calling thread, then counted ([`CountJob`]).
const PARALLEL_DOCS: usize = 1024;

/// Work (documents plus target occurrences) of a chunk claimed at a
/// time: ~12 µs, fine enough for a helper that wakes late to share.
const CLAIM_WORK: usize = 128;

/// Least work of a target counted with the helpers (and least documents
/// of a batch whose targets are shared with them).
const PARALLEL_WORK: usize = 256;

/// Fewest counted entries (id, count) added up and scored in parallel, a
/// range of ids a thread.
const PARALLEL_ENTRIES: usize = 2048;

/// Most counted entries of a range of ids added up and scored together:
/// more ranges keep each narrow enough to add up in a dense array
/// ([`DENSE_IDS`]), fewer raise fewer cuts. (Session 17: a range a
/// thread and these: synth:100000 medium per call 6.5 → 5.7 ms against 4
/// ranges a thread from 32,768 entries; 8 ranges a thread from 2,048 were
/// slower still.)
const RANGE_ENTRIES: usize = 32768;

/// Target occurrences of one segment: the matching documents and the body
/// spans of each (a document may match without body spans).
#[derive(Default)]
struct Occurrences {
    docs: Vec<u32>,
    /// doc i's spans are `span_ends[doc_ends[i-1]..doc_ends[i]]`.
    doc_ends: Vec<usize>,
    /// span j covers `pos[span_ends[j-1]..span_ends[j]]` (ascending).
    span_ends: Vec<usize>,
    pos: Vec<u32>,
}

impl Occurrences {
    /// Spans of `n` positions each, one after another.
    fn push_spans(&mut self, spans: &[u32], n: usize) {
        if n == 0 {
            return;
        }
        let start = self.pos.len();
        self.pos.extend_from_slice(spans);
        self.span_ends
            .extend((start + n..=self.pos.len()).step_by(n));
    }

    fn end_doc(&mut self, local: u32) {
        self.docs.push(local);
        self.doc_ends.push(self.span_ends.len());
    }

    /// Room for this many documents and spans of one position.
    fn reserve(&mut self, docs: usize, spans: usize) {
        self.docs.reserve(docs);
        self.doc_ends.reserve(docs);
        self.span_ends.reserve(spans);
        self.pos.reserve(spans);
    }

    fn num_spans(&self) -> usize {
        self.span_ends.len()
    }

    /// What counting documents `..=d` costs about: documents plus spans.
    fn work_through(&self, d: usize) -> usize {
        d + 1 + self.doc_ends[d]
    }

    /// Share `k` of `of` runs of documents of about equal work.
    fn share(&self, k: usize, of: usize) -> std::ops::Range<usize> {
        let n = self.docs.len();
        let total = n + self.num_spans();
        // The first document after those whose work reaches j/of of all.
        let cut = |j: usize| match j {
            0 => 0,
            j if j >= of => n,
            j => (0..n)
                .find(|&d| self.work_through(d) * of >= total * j)
                .map_or(n, |d| d + 1),
        };
        cut(k)..cut(k + 1)
    }

    /// The spans of document i.
    fn spans(&self, i: usize) -> impl Iterator<Item = &[u32]> {
        let a = if i == 0 { 0 } else { self.doc_ends[i - 1] };
        (a..self.doc_ends[i]).map(move |j| {
            let s = if j == 0 { 0 } else { self.span_ends[j - 1] };
            &self.pos[s..self.span_ends[j]]
        })
    }
}

/// How the target's occurrences are found: a Term or an exact Phrase
/// from postings and positions (its keys' ordinals per segment, None where
/// one is missing), anything else by the query engine's spans.
enum Target {
    Pattern(Pattern, Vec<Option<Vec<u32>>>),
    Engine(Plan),
}

impl Target {
    fn of(s: &Searcher, q: &Query) -> Result<Target> {
        match q {
            Query::Term { .. } | Query::Phrase { slop: 0, .. } => {
                let p = Pattern::target(q, s.analyzer())?;
                let ords = s.segments().iter().map(|seg| p.ords(seg)).collect();
                Ok(Target::Pattern(p, ords))
            }
            _ => sized_stack(q, None, || Engine::new(s).prepare(q, None))
                .map(|p| Target::Engine(p.plan)),
        }
    }

    /// At most how many documents of each segment hold the target (None:
    /// not known before reading them).
    fn docs_bounds(&self, segs: &[SegmentReader]) -> Option<Vec<u64>> {
        let Target::Pattern(_, ords) = self else {
            return None;
        };
        let rarest = |seg: &SegmentReader, o: &Vec<u32>| {
            o.iter()
                .map(|&o| u64::from(seg.term_info(o).doc_freq))
                .min()
        };
        Some(
            segs.iter()
                .zip(ords)
                .map(|(seg, o)| o.as_ref().and_then(|o| rarest(seg, o)).unwrap_or(0))
                .collect(),
        )
    }

    /// The occurrences in segment `i` of the searcher.
    fn occurrences(
        &self,
        i: usize,
        seg: &SegmentReader,
        analyzer: &Analyzer,
        allowed: Option<&[bool]>,
    ) -> Occurrences {
        let mut occ = Occurrences::default();
        let ok = |l: u32| allowed.map_or_else(|| !seg.is_deleted(l), |a| a[l as usize]);
        match self {
            Target::Pattern(p, ords) => {
                let Some(ords) = &ords[i] else {
                    return occ;
                };
                let n = p.keys.len().max(1);
                if let [one] = ords[..] {
                    // Room for its postings (no growing by copies), bounded
                    // in case the counts are damaged: a hint only.
                    let info = seg.term_info(one);
                    let docs = info.doc_freq.min(seg.num_docs_in_segment()) as usize;
                    occ.reserve(docs, (info.coll_freq as usize).min(8 * docs));
                }
                p.for_each_match_of(seg, ords, &ok, &mut |l, spans| {
                    if p.body {
                        occ.push_spans(&spans[..spans.len() / n * n], n);
                    }
                    occ.end_doc(l);
                });
            }
            Target::Engine(plan) => {
                let mut it = iter::build(plan, seg, analyzer);
                while it.doc() != TERMINATED {
                    let l = it.doc();
                    if ok(l) {
                        for s in body_spans(&mut it) {
                            occ.push_spans(&s.positions, s.positions.len());
                        }
                        occ.end_doc(l);
                    }
                    it.next();
                }
            }
        }
        occ
    }
}

/// Calls `f(a, b)` for the runs of positions `a..b` of `lo..=hi` that lie
/// outside `span` (ascending): the runs between its positions.
#[inline]
fn outside_span(lo: usize, hi: usize, span: &[u32], mut f: impl FnMut(usize, usize)) {
    let mut from = lo;
    for &q in span {
        let q = q as usize;
        if (from..=hi).contains(&q) {
            f(from, q);
            from = q + 1;
        }
    }
    f(from, hi + 1);
}

/// Adds the tokens of `rec` at `lo..=hi` that lie outside `span`, decoded
/// straight into the hit list.
#[inline]
fn count_window(rec: &Record<'_>, lo: usize, hi: usize, span: &[u32], c: &mut Hits) {
    outside_span(lo, hi, span, |a, b| {
        rec.append_below(a, b, c.limit, &mut c.ords)
    });
}

/// [`count_window`] over ordinals already decoded (`fwd`, the whole
/// record).
fn count_decoded(fwd: &[u32], lo: usize, hi: usize, span: &[u32], c: &mut Hits) {
    outside_span(lo, hi, span, |a, b| {
        c.add_all(&fwd[a.min(fwd.len())..b.min(fwd.len())])
    });
}

/// Counts around the occurrences of docs `range` of `occ` into `s.counts`
/// (a hit list of segment ordinals), [`RECORD_BATCH`] documents at a time.
fn count_docs(
    seg: &SegmentReader,
    occ: &Occurrences,
    range: std::ops::Range<usize>,
    scope: Scope,
    s: &mut Scratch,
) {
    let fwd = seg.forward_view();
    let mut records = Vec::with_capacity(RECORD_BATCH.min(range.len()));
    for first in range.clone().step_by(RECORD_BATCH) {
        let batch = first..(first + RECORD_BATCH).min(range.end);
        fwd.records(&occ.docs[batch.clone()], &mut records);
        // The bytes read next, asked for before the first is read.
        for (i, rec) in batch.clone().zip(&records) {
            match scope {
                Scope::Window(w) => {
                    for sp in occ.spans(i) {
                        let (f, l) = (sp[0] as usize, sp[sp.len() - 1] as usize);
                        rec.prefetch_range(f.saturating_sub(w as usize), l + w as usize + 1);
                    }
                }
                Scope::Document | Scope::Sentence => rec.prefetch_range(0, rec.len()),
            }
        }
        for (i, rec) in batch.zip(&records) {
            count_doc(seg, occ, i, rec, scope, s);
        }
    }
}

/// Counts around the occurrences of doc `i` of `occ` (its forward record
/// `rec`) into `s.counts`.
fn count_doc(
    seg: &SegmentReader,
    occ: &Occurrences,
    i: usize,
    rec: &Record<'_>,
    scope: Scope,
    s: &mut Scratch,
) {
    let len = rec.len();
    if len == 0 {
        return;
    }
    match scope {
        Scope::Document => {
            rec.get(&mut s.fwd);
            let epoch = s.next_doc();
            s.inside.clear();
            for sp in occ.spans(i) {
                s.inside.extend_from_slice(sp);
            }
            s.inside.sort_unstable();
            let mut k = 0;
            for (p, &o) in s.fwd.iter().enumerate() {
                while k < s.inside.len() && (s.inside[k] as usize) < p {
                    k += 1;
                }
                if o != NO_TERM
                    && !(k < s.inside.len() && s.inside[k] as usize == p)
                    && first_in_doc(&mut s.stamp, epoch, o)
                {
                    s.counts.add(o);
                }
            }
        }
        Scope::Window(w) => {
            let w = w as usize;
            // Windows decoded where they are (many overlapping ones decode
            // values again, but only in long runs of the target).
            for sp in occ.spans(i) {
                let (f, l) = (sp[0] as usize, sp[sp.len() - 1] as usize);
                let (lo, hi) = (f.saturating_sub(w), l.saturating_add(w).min(len - 1));
                if lo <= hi {
                    count_window(rec, lo, hi, sp, &mut s.counts);
                }
            }
        }
        Scope::Sentence => {
            rec.get(&mut s.fwd);
            seg.sentence_starts(occ.docs[i], &mut s.sent);
            for sp in occ.spans(i) {
                let (f, l) = (sp[0] as usize, sp[sp.len() - 1] as usize);
                let a = s.sent.partition_point(|&x| x as usize <= f);
                let b = s.sent.partition_point(|&x| x as usize <= l);
                let lo = if a == 0 { 0 } else { s.sent[a - 1] as usize };
                let hi = s.sent.get(b).map_or(len, |&x| x as usize).min(len) - 1;
                if lo <= hi {
                    count_decoded(&s.fwd, lo, hi, sp, &mut s.counts);
                }
            }
        }
    }
}

/// The counting of one target, owned: shared with helper threads that may
/// start after the call is over ([`threads::claim_parts`]).
struct CountJob {
    searcher: Searcher,
    occ: Vec<Occurrences>,
    /// (segment, documents of its occurrences) of about [`CLAIM_WORK`]
    /// each, in segment order.
    chunks: Vec<(usize, std::ops::Range<usize>)>,
    scope: Scope,
}

impl CountJob {
    /// `occ` (a segment each) cut into chunks of about [`CLAIM_WORK`]
    /// (documents plus occurrences).
    fn chunks(occ: &[Occurrences]) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut out = Vec::new();
        for (i, o) in occ.iter().enumerate() {
            let (mut from, mut done) = (0, 0);
            for d in 0..o.docs.len() {
                if o.work_through(d) - done >= CLAIM_WORK {
                    out.push((i, from..d + 1));
                    (from, done) = (d + 1, o.work_through(d));
                }
            }
            if from < o.docs.len() {
                out.push((i, from..o.docs.len()));
            }
        }
        out
    }

    /// Counts the chunks `claim` hands out, by global id (see
    /// [`Hits::settle`]).
    fn count(&self, claim: &dyn Fn() -> Option<usize>) -> IdCounts {
        let segs = self.searcher.segments();
        let settled = Settled {
            searcher: &self.searcher,
        };
        Scratch::with(|s| {
            let mut open = None;
            while let Some(k) = claim() {
                let (i, ref docs) = self.chunks[k];
                if open != Some(i) {
                    settled.segment(s, open, i);
                    open = Some(i);
                }
                count_docs(&segs[i], &self.occ[i], docs.clone(), self.scope, s);
            }
            settled.finish(s, open)
        })
    }
}

/// A participant's counts, segment by segment ([`Hits::settle`]).
struct Settled<'a> {
    searcher: &'a Searcher,
}

impl Settled<'_> {
    /// Settles the hits of segment `done` (if any) and starts on `next`.
    fn segment(&self, s: &mut Scratch, done: Option<usize>, next: usize) {
        let g = self.searcher.global_terms();
        match done {
            Some(j) => s.counts.settle(g.map(j), g.len()),
            // (A first segment: nothing left over from a call that failed.)
            None => s.counts.clear(),
        }
        s.enter(&self.searcher.segments()[next]);
    }

    /// The counts by global id, the hits of segment `last` (if any)
    /// settled.
    fn finish(&self, s: &mut Scratch, last: Option<usize>) -> IdCounts {
        let g = self.searcher.global_terms();
        last.map_or_else(Vec::new, |j| s.counts.take_all(g.map(j), g.len()))
    }
}

/// Occurrences (documents for scope "document") of the target in `occ`.
fn f_x(occ: &[Occurrences], scope: Scope) -> u64 {
    if scope == Scope::Document {
        occ.iter().map(|o| o.docs.len() as u64).sum()
    } else {
        occ.iter().map(|o| o.num_spans() as u64).sum()
    }
}

/// Parts a segment's counting is cut into for a target in many documents:
/// with whole segments, 5 equal ones and a small one left one of 2
/// threads a segment behind.
const SEGMENT_PARTS: usize = 2;

/// The reading and counting of a target in many documents, owned
/// ([`threads::claim_parts`]): the first parts read the occurrences of a
/// segment each, the rest count share k % [`SEGMENT_PARTS`] of the
/// documents of segment k / [`SEGMENT_PARTS`] (in `order`). Reads claimed
/// first: a count waits for its segment's read only when that is the last
/// one running (claimed by segment, the second share of every segment
/// slept through the first share's read, and paid a wake after it).
struct ReadJob {
    /// The segments, largest first: the last parts are short.
    order: Vec<usize>,
    searcher: Searcher,
    target: Arc<Target>,
    allowed: Arc<Vec<Option<Vec<bool>>>>,
    scope: Scope,
    occ: Vec<OnceLock<Occurrences>>,
}

impl ReadJob {
    fn parts(&self) -> usize {
        self.order.len() * (1 + SEGMENT_PARTS)
    }

    /// The occurrences in segment `i`, read by the first to ask.
    fn occurrences(&self, i: usize) -> &Occurrences {
        self.occ[i].get_or_init(|| {
            let seg = &self.searcher.segments()[i];
            let allowed = self.allowed[i].as_deref();
            (self.target).occurrences(i, seg, self.searcher.analyzer(), allowed)
        })
    }

    /// f_x and the counts by global id of the parts `claim` hands out.
    fn count(&self, claim: &dyn Fn() -> Option<usize>) -> (u64, IdCounts) {
        let segs = self.searcher.segments();
        let reads = self.order.len();
        let settled = Settled {
            searcher: &self.searcher,
        };
        Scratch::with(|s| {
            let (mut f_x_sum, mut open) = (0, None);
            while let Some(k) = claim() {
                if k < reads {
                    let occ = self.occurrences(self.order[k]);
                    f_x_sum += f_x(std::slice::from_ref(occ), self.scope);
                    continue;
                }
                let k = k - reads;
                let (i, share) = (self.order[k / SEGMENT_PARTS], k % SEGMENT_PARTS);
                let occ = self.occurrences(i);
                if open != Some(i) {
                    settled.segment(s, open, i);
                    open = Some(i);
                }
                count_docs(
                    &segs[i],
                    occ,
                    occ.share(share, SEGMENT_PARTS),
                    self.scope,
                    s,
                );
            }
            (f_x_sum, settled.finish(s, open))
        })
    }
}

/// The snapshot-wide part of a call, shared by every target of a batch:
/// allowed documents per segment, and what scoring needs.
/// Owned: shared with helper threads by a batch.
struct Context {
    allowed: Arc<Vec<Option<Vec<bool>>>>,
    scoring: Scoring,
}

impl Context {
    fn new(s: &Searcher, filter: Option<&Query>, opts: &CoocOptions) -> Result<Context> {
        if let Scope::Window(0) = opts.scope {
            return Err(Error::InvalidArgument("window must be at least 1".into()));
        }
        let segs = s.segments();
        let per_doc = opts.scope == Scope::Document;
        let Some(filter) = filter else {
            let n = if per_doc {
                segs.iter().map(|x| u64::from(x.num_live_docs())).sum()
            } else {
                segs.iter().map(|x| x.body_freqs().num_tokens).sum()
            };
            return Ok(Context {
                allowed: Arc::new(vec![None; segs.len()]),
                scoring: Scoring {
                    searcher: s.clone(),
                    filtered: None,
                    n,
                    opts: *opts,
                },
            });
        };
        let allowed: Vec<Vec<bool>> = segs
            .par_iter()
            .map(|seg| allowed_docs(s, seg, Some(filter)))
            .collect::<Result<_>>()?;
        let per_seg: Vec<(Vec<u64>, u64)> = segs
            .par_iter()
            .zip(&allowed)
            .map(|(seg, a)| filtered_freqs(seg, a, per_doc))
            .collect();
        let g = s.global_terms();
        let mut f_y = vec![0u64; g.len()];
        let mut n = 0;
        for (i, (f, sn)) in per_seg.iter().enumerate() {
            n += sn;
            for (&id, &c) in g.map(i).iter().zip(f) {
                if let Some(t) = f_y.get_mut(id as usize) {
                    *t += c;
                }
            }
        }
        Ok(Context {
            allowed: Arc::new(allowed.into_iter().map(Some).collect()),
            scoring: Scoring {
                searcher: s.clone(),
                filtered: Some(Arc::new(f_y)),
                n,
                opts: *opts,
            },
        })
    }

    fn s(&self) -> &Searcher {
        &self.scoring.searcher
    }

    /// At most how many documents of each segment hold `t`, when they are
    /// enough to read its segments in parallel (known from its postings).
    fn parallel_docs(&self, t: &Target) -> Option<Vec<u64>> {
        let segs = self.s().segments();
        t.docs_bounds(segs)
            .filter(|d| segs.len() > 1 && d.iter().sum::<u64>() > PARALLEL_DOCS as u64)
    }

    /// The occurrences of `target` (found as `t`) in every segment.
    fn occurrences_of(&self, t: &Target, target: &Query) -> Vec<Occurrences> {
        let n = self.s().segments().len();
        // Iterators recurse once per level: deep ones get a large stack.
        sized_stack(target, None, || {
            (0..n).map(|i| self.occurrences_in(t, i)).collect()
        })
    }

    fn occurrences_in(&self, t: &Target, i: usize) -> Occurrences {
        let seg = &self.s().segments()[i];
        t.occurrences(i, seg, self.s().analyzer(), self.allowed[i].as_deref())
    }

    /// The counts around `occ`: lists each sorted by id, an id in several
    /// of them. A large job is shared with the helpers as they come free
    /// ([`threads::claim_parts`]); a small one, or one of a batch's
    /// targets, stays in this thread.
    fn count(&self, occ: Vec<Occurrences>) -> Vec<IdCounts> {
        let work: usize = occ.iter().map(|o| o.docs.len() + o.num_spans()).sum();
        let job = CountJob {
            chunks: CountJob::chunks(&occ),
            searcher: self.s().clone(),
            occ,
            scope: self.scoring.opts.scope,
        };
        let parts = job.chunks.len();
        if work < PARALLEL_WORK {
            return vec![threads::claim_alone(&job, parts, CountJob::count)];
        }
        threads::claim_parts(job, parts, CountJob::count)
    }

    /// The collocates of one target. One in many documents of several
    /// segments (known from its postings) is read and counted a segment a
    /// part, the parts claimed by this thread and the helpers
    /// ([`ReadJob`]); any other is read here, then counted ([`Self::count`]).
    fn collocates(&self, target: &Query) -> Result<Collocates> {
        let t = Arc::new(Target::of(self.s(), target)?);
        Ok(self.collocates_found(t, target))
    }

    /// [`Self::collocates`] of `target`, found as `t`.
    fn collocates_found(&self, t: Arc<Target>, target: &Query) -> Collocates {
        let Some(docs) = self.parallel_docs(&t) else {
            return self.collocates_of(self.occurrences_of(&t, target));
        };
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(docs[i]));
        let job = ReadJob {
            occ: (0..order.len()).map(|_| OnceLock::new()).collect(),
            order,
            searcher: self.s().clone(),
            target: t,
            allowed: Arc::clone(&self.allowed),
            scope: self.scoring.opts.scope,
        };
        let parts = job.parts();
        let counted = threads::claim_parts(job, parts, ReadJob::count);
        let f_x = counted.iter().map(|c| c.0).sum();
        self.rank_counts(counted.into_iter().map(|c| c.1).collect(), f_x)
    }

    fn collocates_of(&self, occ: Vec<Occurrences>) -> Collocates {
        let f_x = f_x(&occ, self.scoring.opts.scope);
        self.rank_counts(self.count(occ), f_x)
    }

    /// The collocates of counts `lists` (each sorted by id) around `f_x`
    /// occurrences: added up, scored, ranked, named.
    fn rank_counts(&self, lists: Vec<IdCounts>, f_x: u64) -> Collocates {
        let entries: usize = lists.iter().map(|l| l.len()).sum();
        // Adding up and scoring in ranges of ids, each range's best kept:
        // shared for a large target, where it took a third of a call.
        let threads = threads::threads();
        let shared = if entries < PARALLEL_ENTRIES {
            1
        } else {
            threads
        };
        let parts = shared.max(entries.div_ceil(RANGE_ENTRIES));
        let rows: Vec<Row> = if parts == 1 {
            // (One range, e.g. a rare target's: no job to share.)
            let all: Vec<&[(u32, u64)]> = lists.iter().map(Vec::as_slice).collect();
            self.scoring.best_of(&all, f_x)
        } else {
            let job = RankJob {
                ranges: id_ranges(&lists, parts),
                lists,
                scoring: self.scoring.clone(),
                f_x,
            };
            let parts = job.ranges.len();
            (threads::claim_parts(job, parts, RankJob::rows).into_iter())
                .flatten()
                .collect()
        };
        let (opts, g) = (&self.scoring.opts, self.s().global_terms());
        let rows = rank(rows, opts.top);
        let mut names = String::with_capacity(rows.iter().map(|r| g.name(r.1).len()).sum());
        let name_ends = (rows.iter())
            .map(|r| {
                names.push_str(g.name(r.1));
                names.len()
            })
            .collect();
        Collocates {
            names,
            name_ends,
            f_xy: rows.iter().map(|r| r.2).collect(),
            f_y: rows.iter().map(|r| r.3).collect(),
            scores: rows.iter().map(|r| r.0).collect(),
            f_x,
            n: self.scoring.n,
        }
    }
}

/// The adding up and scoring of counts, owned ([`threads::claim_parts`]):
/// part k adds up the slices `ranges[k]` of `lists` (one a list) and keeps
/// its best rows.
struct RankJob {
    lists: Vec<IdCounts>,
    ranges: Vec<Vec<std::ops::Range<usize>>>,
    scoring: Scoring,
    f_x: u64,
}

impl RankJob {
    /// The best rows of the parts `claim` hands out (unordered; those of all
    /// parts hold the best `top` of the whole).
    fn rows(&self, claim: &dyn Fn() -> Option<usize>) -> Vec<Row> {
        let mut rows = Vec::new();
        while let Some(k) = claim() {
            let part: Vec<&[(u32, u64)]> = (self.lists.iter())
                .zip(&self.ranges[k])
                .map(|(l, r)| &l[r.clone()])
                .collect();
            rows.extend(self.scoring.best_of(&part, self.f_x));
        }
        rows
    }
}

/// What scoring needs, owned (shared with helper threads): the snapshot,
/// f_y per global id where a filter changed them, N, the options.
#[derive(Clone)]
struct Scoring {
    searcher: Searcher,
    filtered: Option<Arc<Vec<u64>>>,
    n: u64,
    opts: CoocOptions,
}

impl Scoring {
    /// f_y per global id.
    fn f_y(&self) -> &[u64] {
        let g = self.searcher.global_terms();
        match &self.filtered {
            Some(f) => f,
            None if self.opts.scope == Scope::Document => &g.df,
            None => &g.cf,
        }
    }

    /// [`Self::best_rows`] of `lists` added up.
    fn best_of(&self, lists: &[&[(u32, u64)]], f_x: u64) -> Vec<Row> {
        self.best_rows(&merge_sorted(lists), f_x)
    }

    /// The rows of `counts` (by id) that pass `min_count`, scored, cut to
    /// the best `top` (unordered): those of all ranges hold the best `top`
    /// of the whole. Log measures are ranked by their ratio first: only
    /// the rows near the top get a logarithm.
    fn best_rows(&self, counts: &[(u32, u64)], f_x: u64) -> Vec<Row> {
        let (n, m) = (self.n, self.opts.measure);
        // One loop per measure: the key's formula compiled into it.
        let ratio_of = |m: Measure| {
            #[inline(always)]
            move |f_xy, f_y| m.log_ratio(f_xy, f_x, f_y, n).unwrap_or(0.0)
        };
        let mut rows = match m {
            Measure::LogDice => self.near_top(counts, LOG_MARGIN, ratio_of(Measure::LogDice)),
            Measure::Mi => self.near_top(counts, LOG_MARGIN, ratio_of(Measure::Mi)),
            Measure::Mi3 => self.near_top(counts, LOG_MARGIN, ratio_of(Measure::Mi3)),
            _ => self.near_top(counts, 0.0, |f_xy, f_y| m.score(f_xy, f_x, f_y, n)),
        };
        if m.log_ratio(1, 1, 1, 1).is_some() {
            for r in &mut rows {
                r.0 = m.of_log_ratio(r.0);
            }
        }
        best_unordered(rows, self.opts.top)
    }

    /// The rows of `counts` that pass `min_count` and can rank in the best
    /// `top` by `key(f_xy, f_y)` ([`NearTop`]).
    #[inline(always)]
    fn near_top(
        &self,
        counts: &[(u32, u64)],
        margin: f64,
        key: impl Fn(u64, u64) -> f64,
    ) -> Vec<Row> {
        let all_f_y = self.f_y();
        let mut best = NearTop::new(self.opts.top, margin, counts.len());
        for (i, &(id, f_xy)) in counts.iter().enumerate() {
            prefetch_ahead(counts, i, all_f_y, |&(id, _)| id as usize);
            if f_xy >= self.opts.min_count {
                let f_y = all_f_y[id as usize];
                best.offer((key(f_xy, f_y), id, f_xy, f_y));
            }
        }
        best.finish()
    }
}

/// The collocates of `target` (any query; its body spans are the
/// occurrences) over the live documents that match `filter`.
pub fn cooccurrence(
    s: &Searcher,
    target: &Query,
    filter: Option<&Query>,
    opts: &CoocOptions,
) -> Result<Collocates> {
    Context::new(s, filter, opts)?.collocates(target)
}

/// [`cooccurrence`] of many targets with the same options, in parallel;
/// the filter and the frequencies are evaluated once. A bad target fails
/// the batch. Whole targets are claimed by this thread and the helpers
/// ([`threads::claim_parts`]), the largest first (known from their
/// postings; others first of all), so that the last ones are short.
pub fn cooccurrence_batch(
    s: &Searcher,
    targets: &[Query],
    filter: Option<&Query>,
    opts: &CoocOptions,
) -> Result<Vec<Collocates>> {
    let ctx = Context::new(s, filter, opts)?;
    let found: Vec<(Query, Arc<Target>)> = (targets.iter())
        .map(|q| Ok((q.clone(), Arc::new(Target::of(s, q)?))))
        .collect::<Result<_>>()?;
    let sizes: Vec<u64> = (found.iter())
        .map(|(_, t)| {
            t.docs_bounds(s.segments())
                .map_or(u64::MAX, |b| b.iter().sum())
        })
        .collect();
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let job = BatchJob {
        ctx,
        targets: found,
        order,
    };
    // (Rare targets only: waking a helper costs more than they do.)
    let total = sizes.iter().fold(0u64, |a, &b| a.saturating_add(b));
    let mut done = if total < PARALLEL_WORK as u64 {
        threads::claim_alone(&job, targets.len(), BatchJob::collocates)
    } else {
        threads::claim_parts(job, targets.len(), BatchJob::collocates)
            .into_iter()
            .flatten()
            .collect()
    };
    done.sort_unstable_by_key(|d| d.0);
    Ok(done.into_iter().map(|d| d.1).collect())
}

/// The targets of a batch, owned ([`threads::claim_parts`]): part k is
/// target `order[k]`, computed whole by the participant that claims it.
struct BatchJob {
    ctx: Context,
    targets: Vec<(Query, Arc<Target>)>,
    order: Vec<usize>,
}

impl BatchJob {
    fn collocates(&self, claim: &dyn Fn() -> Option<usize>) -> Vec<(usize, Collocates)> {
        let mut done = Vec::new();
        while let Some(k) = claim() {
            let i = self.order[k];
            let (q, t) = &self.targets[i];
            done.push((i, self.ctx.collocates_found(Arc::clone(t), q)));
        }
        done
    }
}

/// (score, global id, f_xy, f_y).
type Row = (f64, u32, u64, u64);

/// (global id, count) of the terms counted in a chunk, by id.
type IdCounts = Vec<(u32, u64)>;

/// Score descending (never NaN; -0.0 equals 0.0, as in Python), then term
/// ascending: global ids follow the terms' byte order, which is Python's
/// string order.
fn by_rank(a: &Row, b: &Row) -> std::cmp::Ordering {
    b.0.partial_cmp(&a.0)
        .unwrap_or(std::cmp::Ordering::Equal)
        .then_with(|| a.1.cmp(&b.1))
}

/// Relative margin below the `top`-th ratio of a log measure within which
/// rows are kept: a row clearly below has `c + log2(ratio)` below the
/// `top`-th score by ~1e-9, far more than the logarithm's rounding
/// (< 1e-15 relative), so it cannot rank in the top and needs no logarithm.
const LOG_MARGIN: f64 = 1e-9;

/// The rows that can rank in the best `top` by key (row.0), gathered
/// while scoring: a row below the running cut costs one comparison, where
/// keeping every row and selecting once cost ~100 instructions a row. The
/// cut (the `top`-th key so far, less `margin` of it) only rises, so no
/// row of the final best is ever dropped; ties at the cut all stay, for
/// the ranking by term.
struct NearTop {
    top: Option<usize>,
    margin: f64,
    cut: f64,
    rows: Vec<Row>,
    /// The cut is raised when this many rows are kept.
    raise_at: usize,
}

impl NearTop {
    /// For at most `len` rows (room for all that may be kept up front).
    fn new(top: Option<usize>, margin: f64, len: usize) -> NearTop {
        let raise_at = top.map_or(usize::MAX, |k| (2 * k).max(64));
        NearTop {
            top,
            margin,
            cut: f64::NEG_INFINITY,
            rows: Vec::with_capacity(raise_at.min(len)),
            raise_at,
        }
    }

    #[inline]
    fn offer(&mut self, row: Row) {
        if row.0 >= self.cut {
            self.rows.push(row);
            if self.rows.len() >= self.raise_at {
                self.raise();
            }
        }
    }

    /// Drops the rows below the `top`-th key (less the margin).
    fn raise(&mut self) {
        let Some(k) = self.top.filter(|&k| k < self.rows.len()) else {
            return;
        };
        if k == 0 {
            self.rows.clear();
            self.cut = f64::INFINITY;
            return;
        }
        let mut keys: Vec<f64> = self.rows.iter().map(|r| r.0).collect();
        let (_, kth, _) = keys.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
        self.cut = *kth - kth.abs() * self.margin;
        self.rows.retain(|r| r.0 >= self.cut);
        // (Many ties at the cut: room to grow before the next raise.)
        self.raise_at = 2 * self.rows.len().max(k);
    }

    fn finish(mut self) -> Vec<Row> {
        self.raise();
        self.rows
    }
}

/// The best `top` rows (all for None), in no order.
fn best_unordered(mut rows: Vec<Row>, top: Option<usize>) -> Vec<Row> {
    if let Some(k) = top
        && k < rows.len()
    {
        if k == 0 {
            return Vec::new();
        }
        rows.select_nth_unstable_by(k - 1, by_rank);
        rows.truncate(k);
    }
    rows
}

/// The best `top` rows (all for None), best first.
fn rank(rows: Vec<Row>, top: Option<usize>) -> Vec<Row> {
    let mut rows = best_unordered(rows, top);
    rows.sort_unstable_by(by_rank);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drained_counts_follow_the_ids_every_way() {
        // Ordinal o has id 2o, except ordinal 2, a title term (no id).
        let map: Vec<u32> = (0..100_000u32)
            .map(|o| if o == 2 { NO_TERM } else { 2 * o })
            .collect();
        let drain = |vocab: u32, ords: &[u32]| {
            let mut h = Hits {
                limit: vocab,
                ..Hits::default()
            };
            for &o in ords {
                h.add(o);
            }
            let out = h.take_sorted(&map);
            assert!(h.ords.is_empty());
            assert!(h.tally.is_clear());
            out
        };
        // Few: sorted by comparison; beyond the vocabulary: dropped.
        assert_eq!(
            drain(5000, &[7, 3, 7, 2, 0, 5000, NO_TERM]),
            [(0, 1), (6, 1), (14, 2)]
        );
        let many: Vec<u32> = (0..4999).rev().chain([7, 2, 4999, 4999]).collect();
        let mut expect: Vec<(u32, u64)> =
            (0..5000).filter(|&o| o != 2).map(|o| (2 * o, 1)).collect();
        expect[6].1 = 2;
        expect.last_mut().unwrap().1 = 2;
        assert_eq!(expect[6].0, 14);
        // Many (tallied) in a vocabulary large or small, and again (the
        // counters were left clear).
        assert_eq!(drain(1_000_000, &many), expect);
        assert_eq!(drain(5000, &many), expect);
        assert_eq!(drain(5000, &many), expect);
        // Hits of three segments, few (named one by one) and many (counted
        // by ordinal first), added up by id: the same as counting each
        // segment and adding up. Ids past the space are dropped.
        let map_b: Vec<u32> = (0..5000u32).map(|o| 3 * o + 1).collect();
        let mut h = Hits {
            limit: 5000,
            ..Hits::default()
        };
        let space = 10_001;
        let mut want: std::collections::BTreeMap<u32, u64> = expect.iter().copied().collect();
        for id in [14, 14, 9998, 9998, 1, 16, 16] {
            *want.entry(id).or_default() += 1;
        }
        h.ords.extend([7, 2, 7, 4999, 4999]);
        h.settle(&map, space);
        h.ords.extend(&many);
        h.settle(&map, space);
        h.ords.extend([0, 5, 5, 4999]);
        let got = h.take_all(&map_b, space);
        assert_eq!(got, want.into_iter().collect::<Vec<_>>());
        assert!(h.ords.is_empty() && h.tally.is_clear() && h.ids.is_clear());
        // One segment's hits only: the same as take_sorted.
        h.ords.extend(&many);
        assert_eq!(h.take_all(&map, space), expect);
        assert!(h.ids.is_clear());
    }

    fn near_top(rows: &[Row], top: Option<usize>, margin: f64) -> Vec<u32> {
        let mut best = NearTop::new(top, margin, rows.len());
        rows.iter().for_each(|&r| best.offer(r));
        let mut ids: Vec<u32> = best.finish().iter().map(|r| r.1).collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn only_rows_near_the_top_ratio_are_kept() {
        let row = |r: f64, id: u32| (r, id, 1, 1);
        let rows = [
            row(0.5, 0),
            row(0.25, 1),
            row(0.25 * (1.0 - 1e-12), 2),
            row(0.25 * (1.0 - 1e-6), 3),
            row(0.75, 4),
        ];
        assert_eq!(near_top(&rows, Some(2), LOG_MARGIN), [0, 4]);
        assert_eq!(near_top(&rows, None, LOG_MARGIN), [0, 1, 2, 3, 4]);
        // The 2nd ratio is 0.25: its near-tie (1e-12 lower) stays too;
        // without a margin only exact ties do.
        let rows = [
            row(0.5, 0),
            row(0.25, 1),
            row(0.25 * (1.0 - 1e-12), 2),
            row(0.1, 3),
        ];
        assert_eq!(near_top(&rows, Some(2), LOG_MARGIN), [0, 1, 2]);
        assert_eq!(near_top(&rows, Some(2), 0.0), [0, 1]);
        // Never fewer than asked; top >= len keeps everything, 0 nothing.
        let few = [row(0.5, 0), row(0.1, 1)];
        assert_eq!(near_top(&few, Some(2), LOG_MARGIN), [0, 1]);
        assert_eq!(near_top(&few, Some(0), LOG_MARGIN), []);
    }

    #[test]
    fn rows_gathered_near_the_top_rank_as_all_rows_do() {
        // Enough rows for the cut to rise many times on the way, in an
        // order that is neither sorted nor reversed, with many ties.
        let rows = |k: u64| (k * 7919 % 5003 + 1, k * 31 % 101 + 1);
        for m in Measure::ALL {
            let logs = m.log_ratio(1, 1, 1, 1).is_some();
            let all: Vec<Row> = (1..5000u64)
                .map(|k| {
                    let (f_xy, f_y) = (rows(k).1 % 17 + 1, rows(k).0);
                    (m.score(f_xy, 40, f_y, 100_000), k as u32, f_xy, f_y)
                })
                .collect();
            for top in [Some(1), Some(10), Some(50), Some(200), None] {
                let mut best = NearTop::new(top, if logs { LOG_MARGIN } else { 0.0 }, all.len());
                for r in &all {
                    let key = m.log_ratio(r.2, 40, r.3, 100_000).unwrap_or(r.0);
                    best.offer((key, r.1, r.2, r.3));
                }
                let mut kept = best.finish();
                if logs {
                    kept.iter_mut().for_each(|r| r.0 = m.of_log_ratio(r.0));
                }
                assert_eq!(rank(kept, top), rank(all.clone(), top), "{m} top {top:?}");
            }
        }
    }

    #[test]
    fn shares_cover_the_documents_in_runs_of_equal_work() {
        // Document d has d % 7 spans of one position (some none at all).
        let mut occ = Occurrences::default();
        for d in 0..500u32 {
            let spans: Vec<u32> = (0..d % 7).collect();
            occ.push_spans(&spans, 1);
            occ.end_doc(d);
        }
        let total = 500 + occ.num_spans();
        for of in 1..6 {
            let shares: Vec<_> = (0..of).map(|k| occ.share(k, of)).collect();
            assert_eq!(shares[0].start, 0);
            assert_eq!(shares[of - 1].end, 500);
            for (a, b) in shares.iter().zip(&shares[1..]) {
                assert_eq!(a.end, b.start);
            }
            for r in &shares {
                let work = r.len() + (r.clone()).map(|d| d % 7).sum::<usize>();
                assert!(
                    work.abs_diff(total / of) <= 8,
                    "{of} shares: {r:?} has {work}"
                );
            }
        }
        // No documents: empty shares.
        assert_eq!(Occurrences::default().share(1, 2), 0..0);
    }

    #[test]
    fn merged_lists_add_up_equal_ids() {
        let a = vec![(1, 2), (4, 1), (9, 3)];
        let b = vec![(0, 1), (4, 5), (10, 1)];
        let c = vec![(4, 1), (9, 1)];
        assert_eq!(
            *merge_sorted(&[&a, &b, &c]),
            [(0, 1), (1, 2), (4, 7), (9, 4), (10, 1)]
        );
        // Two lists, merged in one pass: either one running out first.
        assert_eq!(
            *merge_sorted(&[&a, &[], &b]),
            [(0, 1), (1, 2), (4, 6), (9, 3), (10, 1)]
        );
        assert_eq!(*merge_sorted(&[&c, &a]), [(1, 2), (4, 2), (9, 4)]);
        assert_eq!(*merge_sorted(&[&a, &[]]), a);
        assert_eq!(*merge_sorted(&[&[], &a]), a);
        assert_eq!(*merge_sorted(&[]), []);
        // Cut into ranges of ids, every entry lands in exactly one, and
        // the ranges added up are the whole.
        let lists = [a.to_vec(), b.to_vec(), c.to_vec()];
        for parts in 1..6 {
            let ranges = id_ranges(&lists, parts);
            assert!(!ranges.is_empty() && ranges.len() <= parts);
            let joined: Vec<(u32, u64)> = ranges
                .iter()
                .flat_map(|r| {
                    let part: Vec<&[(u32, u64)]> =
                        lists.iter().zip(r).map(|(l, r)| &l[r.clone()]).collect();
                    merge_sorted(&part).into_owned()
                })
                .collect();
            assert_eq!(joined, *merge_sorted(&[&a, &b, &c]));
        }
    }

    #[test]
    fn lists_add_up_alike_dense_or_sparse() {
        // Ids spread ever wider: a dense array, then merging (two lists)
        // or sorting (three), past DENSE_IDS and past 64 ids an entry.
        for spread in [1u32, 7, 64, 1000, 1 << 16, 1 << 22] {
            let list = |seed: u32, n: u32| -> Vec<(u32, u64)> {
                let mut ids: Vec<u32> = (0..n)
                    .map(|i| (i.wrapping_mul(2_654_435_761) ^ seed) % (n * spread) + 5)
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter()
                    .map(|id| (id, u64::from(id % 7 + 1)))
                    .collect()
            };
            let (a, b, c) = (list(1, 300), list(2, 200), list(3, 50));
            for lists in [vec![&a[..], &b[..]], vec![&a[..], &b[..], &c[..]]] {
                let mut want = std::collections::BTreeMap::new();
                for &(id, n) in lists.iter().flat_map(|l| l.iter()) {
                    *want.entry(id).or_insert(0) += n;
                }
                let want: Vec<(u32, u64)> = want.into_iter().collect();
                assert_eq!(*merge_sorted(&lists), want, "spread {spread}");
                // (The dense array is left clear for the next use.)
                assert_eq!(*merge_sorted(&lists), want, "spread {spread}, again");
            }
        }
    }
}
