//! Counting around the target's occurrences: each document's forward
//! record read in batches, the tokens of each window (sentence, document)
//! added to the participant's hits, the work cut into parts that this
//! thread and the helpers claim ([`crate::threads::claim_parts`]).

use std::sync::{Arc, OnceLock};

use super::Scope;
use super::hits::Hits;
use super::occurrences::{Occurrences, Target};
use super::sums::IdCounts;
use crate::index::forward::{NO_TERM, Record};
use crate::index::{Searcher, SegmentReader};

/// Per-thread arrays, reused from call to call (rayon's threads live as
/// long as the process): the hit list of segment ordinals, document
/// stamps for counting a term once per document.
#[derive(Default)]
struct Scratch {
    counts: Hits,
    stamp: Vec<u32>,
    epoch: u32,
    fwd: Vec<u32>,
    sent: Vec<u32>,
    inside: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Bytes a per-thread buffer keeps between calls; a larger one (a huge
/// document's count) is given back after its call: kept, one count of a
/// 25 MB document held 200 MB for the life of the process.
const KEEP_BYTES: usize = 32 << 20;

/// `v` given back when it holds more than [`KEEP_BYTES`].
fn give_back_large<T>(v: &mut Vec<T>) {
    if v.capacity() * size_of::<T>() > KEEP_BYTES {
        *v = Vec::new();
    }
}

impl Scratch {
    fn with<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
        SCRATCH.with_borrow_mut(|s| {
            let out = f(s);
            s.give_back_large();
            out
        })
    }

    /// Frees the buffers that one large count grew (see [`KEEP_BYTES`]).
    fn give_back_large(&mut self) {
        for v in [
            &mut self.counts.ords,
            &mut self.fwd,
            &mut self.sent,
            &mut self.inside,
        ] {
            give_back_large(v);
        }
        give_back_large(&mut self.stamp);
        self.counts.give_back_large(KEEP_BYTES);
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

/// How many documents' forward records are loaded together (see
/// [`ForwardView::records`](crate::index::forward::ForwardView::records)),
/// then their windows, then counted: each step waits for a miss once a
/// batch (32 → 64: synth:100000 frequent batch 65 → 61 ms, session 17).
const RECORD_BATCH: usize = 64;

/// Work (documents plus target occurrences) of a chunk claimed at a
/// time: ~12 µs, fine enough for a helper that wakes late to share.
const CLAIM_WORK: usize = 128;

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
/// start after the call is over ([`crate::threads::claim_parts`]).
pub(super) struct CountJob {
    pub(super) searcher: Searcher,
    pub(super) occ: Vec<Occurrences>,
    /// (segment, documents of its occurrences) of about [`CLAIM_WORK`]
    /// each, in segment order.
    pub(super) chunks: Vec<(usize, std::ops::Range<usize>)>,
    pub(super) scope: Scope,
}

impl CountJob {
    /// `occ` (a segment each) cut into chunks of about [`CLAIM_WORK`]
    /// (documents plus occurrences).
    pub(super) fn chunks(occ: &[Occurrences]) -> Vec<(usize, std::ops::Range<usize>)> {
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
    pub(super) fn count(&self, claim: &dyn Fn() -> Option<usize>) -> IdCounts {
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
pub(super) fn f_x(occ: &[Occurrences], scope: Scope) -> u64 {
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
/// ([`crate::threads::claim_parts`]): the first parts read the occurrences of a
/// segment each, the rest count share k % [`SEGMENT_PARTS`] of the
/// documents of segment k / [`SEGMENT_PARTS`] (in `order`). Reads claimed
/// first: a count waits for its segment's read only when that is the last
/// one running (claimed by segment, the second share of every segment
/// slept through the first share's read, and paid a wake after it).
pub(super) struct ReadJob {
    /// The segments, largest first: the last parts are short.
    pub(super) order: Vec<usize>,
    pub(super) searcher: Searcher,
    pub(super) target: Arc<Target>,
    pub(super) allowed: Arc<Vec<Option<Vec<bool>>>>,
    pub(super) scope: Scope,
    pub(super) occ: Vec<OnceLock<Occurrences>>,
}

impl ReadJob {
    pub(super) fn parts(&self) -> usize {
        self.order.len() * (1 + SEGMENT_PARTS)
    }

    /// The occurrences in segment `i`, read by the first to ask.
    pub(super) fn occurrences(&self, i: usize) -> &Occurrences {
        self.occ[i].get_or_init(|| {
            let seg = &self.searcher.segments()[i];
            let allowed = self.allowed[i].as_deref();
            (self.target).occurrences(i, seg, self.searcher.analyzer(), allowed)
        })
    }

    /// f_x and the counts by global id of the parts `claim` hands out.
    pub(super) fn count(&self, claim: &dyn Fn() -> Option<usize>) -> (u64, IdCounts) {
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
