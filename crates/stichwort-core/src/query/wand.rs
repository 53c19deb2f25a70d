//! Fast paths of ranked search for the common shapes, exact to the score:
//!
//! - one term: block-max pruning. Once k documents are held, a postings
//!   block whose best possible score (from the block's max saturation, see
//!   [`weight_bound`], raised by a relative 1e-9 against rounding) cannot
//!   beat the k-th is skipped without decoding, and in the other blocks a
//!   document whose tf cannot beat it even at the block's smallest length
//!   is passed over without reading its length. `total` is the live
//!   document frequency, so nothing else is read.
//! - an Or of terms: term at a time into a dense score array per segment,
//!   clause by clause, so every document's sum is added in clause order as
//!   the reference adds it (a segment with few postings sorts them by doc
//!   instead, stably, so the order of the sums is the same). `Hits.total`
//!   must count every matching document, so the union is enumerated anyway
//!   and pruning would only save additions that this loop does at memory
//!   speed.
//!
//! - an And of terms: one round of seeks over the raw cursors (no dynamic
//!   dispatch; a seek skips whole blocks by their skip entries), then a
//!   merge of the decoded blocks up to the first block end, summing in
//!   clause order; then the same from that end on. Terms of similar
//!   frequency are merged block by block instead of a seek per document;
//!   a rare term still skips the blocks of a frequent one. Once k documents
//!   are held, a run of blocks whose block-max bound (the sum of their
//!   [`weight_bound`]s) cannot beat the k-th is only counted, so its tfs and
//!   lengths are never read. The decoded blocks of the two rarest terms
//!   are intersected through a slot per document rather than merged (see
//!   `Meet`: the merge was most of a frequent And's time).
//!
//! - a phrase: the generic phrase iterator, with the keys' dictionary
//!   entries from planning (each key looked up once per segment).
//!
//! Anything else (and every filtered search) takes the generic iterators.

use std::sync::Arc;

use super::bm25::{Field, bm25, bm25_normed, norms, weight_bound};
use super::collector::TopK;
use super::iter::{DocIter, PhraseIter, TERMINATED};
use super::lookups::{Entries, Lookups};
use super::plan::{Plan, Words};
use super::search::{Engine, Prepared, TopDocs, finish};
use crate::index::codec::BLOCK;
use crate::index::{PostingsCursor, SegmentReader, TermInfo};

/// Relative margin of block upper bounds over the computed scores.
const SLACK: f64 = 1.0 + 1e-9;

/// An Or whose postings in a segment are fewer than 1/`SPARSE_FACTOR` of
/// its documents is merged by sorting them instead of a dense array.
const SPARSE_FACTOR: usize = 64;

/// The top `k` by a fast path, or None when the query has another shape.
pub fn search(engine: &Engine<'_>, prep: &Prepared, k: usize) -> Option<TopDocs> {
    if prep.filter.is_some() {
        return None;
    }
    let l = &prep.lookups;
    match &prep.plan {
        Plan::Words(w) if w.is_single() => Some(single_term(engine, l, w, k)),
        Plan::Words(w) => Some(phrase(engine, l, w, Some(k))),
        Plan::And(_) => {
            and_terms(&prep.plan).map(|(terms, order)| term_and(engine, l, &terms, order, Some(k)))
        }
        plan => term_clauses(plan).map(|(terms, order)| term_or(engine, l, &terms, order, Some(k))),
    }
}

/// The number of matches of an unfiltered And or Or of terms or phrase
/// (None for other shapes).
pub fn count(engine: &Engine<'_>, prep: &Prepared) -> Option<u64> {
    if prep.filter.is_some() {
        return None;
    }
    let l = &prep.lookups;
    if let Plan::Words(w) = &prep.plan
        && !w.is_single()
    {
        return Some(phrase(engine, l, w, None).total);
    }
    if let Some((terms, order)) = and_terms(&prep.plan) {
        return Some(term_and(engine, l, &terms, order, None).total);
    }
    term_clauses(&prep.plan).map(|(terms, order)| term_or(engine, l, &terms, order, None).total)
}

/// The distinct terms of an And of single terms, and its clauses in query
/// order as indices into them.
fn and_terms(plan: &Plan) -> Option<(Vec<&Words>, &[usize])> {
    let Plan::And(clauses) = plan else {
        return None;
    };
    let terms = clauses
        .distinct
        .iter()
        .map(|c| match c {
            Plan::Words(w) if w.is_single() => Some(w),
            _ => None,
        })
        .collect::<Option<_>>()?;
    Some((terms, &clauses.order))
}

/// An And of terms by block merges over the raw cursors (see the module
/// comment); scored (summed in the clause `order`, indices into `terms`)
/// when `k` is given, else only counted.
fn term_and(
    engine: &Engine<'_>,
    lookups: &Lookups,
    terms: &[&Words],
    order: &[usize],
    k: Option<usize>,
) -> TopDocs {
    let mut top = TopK::new(k.unwrap_or(0));
    let mut total = 0u64;
    // The keys' entries and the buffers, shared by the segments and kept
    // by the thread between queries (a rare And is mostly fixed cost).
    let mut scratch = AND_SCRATCH.take();
    let AndScratch {
        entries,
        cursors: pool,
        lens,
        seg_avg,
        by_freq,
        bounds,
        idx,
        meet,
    } = &mut scratch;
    entries.extend(
        terms
            .iter()
            .map(|w| lookups.entries(engine.searcher, &w.keys[0])),
    );
    // One cursor per term, moved from segment to segment (and query to
    // query) with its buffers.
    let mut pool: Vec<PostingsCursor<'_>> = std::mem::take(pool);
    for (i, seg) in engine.searcher.segments().iter().enumerate() {
        let info =
            |e: &[Option<(u32, TermInfo)>]| e.get(i).copied().flatten().map(|(_, info)| info);
        if entries.iter().any(|e| info(e).is_none()) {
            continue;
        }
        for (j, e) in entries.iter().enumerate() {
            let info = info(e).expect("checked above");
            match pool.get_mut(j) {
                Some(c) => seg.reopen_postings(c, info),
                None => pool.push(seg.postings_of(info)),
            }
        }
        let cursors = &mut pool[..terms.len()];
        lens.clear();
        if k.is_some() {
            lens.extend(terms.iter().map(|w| norms(seg, w.field, w.avgdl)));
        }
        seg_avg.clear();
        seg_avg.extend(
            terms
                .iter()
                .map(|w| seg.bound_avg_len(w.field == Field::Title)),
        );
        by_freq.clear();
        by_freq.extend(0..cursors.len());
        by_freq.sort_by_key(|&i| cursors[i].term_info().doc_freq);
        meet.reset(seg.num_docs_in_segment() as usize);
        let Some(&lead) = by_freq.first() else {
            continue;
        };
        // Per cursor: the last doc of the block its bound is for, and the
        // bound (from the block's max saturation, see `weight_bound`).
        bounds.clear();
        bounds.resize(cursors.len(), (TERMINATED, 0.0));
        let mut target = 0;
        loop {
            // Every cursor to the largest doc seen so far, the rarest first
            // (then the rarest once more, so that the merge starts there).
            for &c in by_freq.iter() {
                target = cursors[c].seek(target);
            }
            target = cursors[lead].seek(target);
            if target == TERMINATED {
                break;
            }
            // Block-max: while no document of the current blocks can beat
            // the k-th, their intersection is only counted, in the decoded
            // blocks, without reading tfs or lengths.
            let count_only = k.is_none()
                || top.threshold().is_some_and(|th| {
                    for (((w, c), b), &a) in terms
                        .iter()
                        .zip(cursors.iter())
                        .zip(bounds.iter_mut())
                        .zip(seg_avg.iter())
                    {
                        if b.0 != c.block_last_doc() {
                            let sat = c.block_max_sat();
                            *b = (c.block_last_doc(), weight_bound(w.idf, sat, a, w.avgdl));
                        }
                    }
                    let ub: f64 = order.iter().map(|&t| bounds[t].1).sum();
                    ub * SLACK <= th
                });
            let last = cursors.iter().map(|c| c.block_last_doc()).min();
            let last = last.unwrap_or(TERMINATED);
            if count_only {
                match by_freq[..] {
                    // Two terms without deletions (the common case): the
                    // docs where they meet need no look.
                    [a, b] if seg.deletes().count() == 0 => {
                        total += meet.meet(&cursors[a], &cursors[b], last).len() as u64;
                    }
                    _ => each_in_blocks(cursors, by_freq, last, (idx, meet), |x, _| {
                        total += !seg.is_deleted(x) as u64;
                    }),
                }
            } else {
                // Score the intersection of the decoded blocks, summing in
                // clause order (a repeated term once per occurrence),
                // without a seek per document. (Leaving a
                // document once its partial sum plus the other clauses'
                // bounds cannot beat the k-th was slower: the branch after
                // each division serializes them and mispredicts.)
                if !cursors.iter_mut().all(|c| c.decode_block_tfs()) {
                    break;
                }
                let cursors = &*cursors;
                each_in_blocks(cursors, by_freq, last, (idx, meet), |x, at| {
                    if !seg.is_deleted(x) {
                        total += 1;
                        let mut s = 0.0;
                        for &t in order {
                            let tf = cursors[t].block_tfs()[at[t]];
                            s += bm25_normed(terms[t].idf, tf, lens[t][x as usize]);
                        }
                        top.push(s, seg.global_id(x));
                    }
                });
            }
            if last == TERMINATED {
                break;
            }
            target = last + 1;
        }
    }
    // A few cursors kept (an And of many terms would keep their buffers).
    pool.truncate(KEPT_CURSORS);
    scratch.cursors = pool.into_iter().map(PostingsCursor::detach).collect();
    // The entries and norm tables belong to this query's snapshot.
    scratch.entries.clear();
    scratch.lens.clear();
    AND_SCRATCH.set(scratch);
    finish(top, total)
}

/// Cursors a thread keeps for the next And.
const KEPT_CURSORS: usize = 8;

/// The buffers of [`term_and`], kept by a thread between queries: their
/// allocations were a measurable part of a rare And's few µs.
#[derive(Default)]
struct AndScratch {
    /// Per term: its dictionary entries (empty between queries).
    entries: Vec<Entries>,
    /// Cursors on no term, with their decode buffers.
    cursors: Vec<PostingsCursor<'static>>,
    /// Per term: the length norms of the current segment (empty between queries).
    lens: Vec<Arc<[f64]>>,
    /// Per term: the average length its block bounds are taken at.
    seg_avg: Vec<f64>,
    /// The terms by ascending doc freq.
    by_freq: Vec<usize>,
    /// Per term: the last doc of the block its bound is for, and the bound.
    bounds: Vec<(u32, f64)>,
    /// Per term: a doc's index in its block (see [`each_in_blocks`]).
    idx: Vec<usize>,
    /// Its slots need no clearing, so a query does not pay for zeroing a
    /// byte per document of a segment. Holds one byte per document of the
    /// largest segment seen.
    meet: Meet,
}

thread_local! {
    static AND_SCRATCH: std::cell::Cell<AndScratch> = std::cell::Cell::new(AndScratch::default());
}

/// Where two cursors meet, found without a merge: a merge's steps each
/// wait for the compare before (or mispredict a branch), so a frequent And
/// spent most of its time there. Instead each doc of the rarer block notes
/// its index in a slot per doc of the segment, and each doc of the other
/// block reads its slot and checks that index: no step depends on another.
/// The slots are never cleared: a stale index fails the check.
#[derive(Default)]
struct Meet {
    /// Per local doc id: an index into the rarer block (valid if it points back).
    slot: Vec<u8>,
    /// Index pairs found by [`Meet::meet`].
    pairs: Vec<(u32, u32)>,
}

impl Meet {
    /// Makes room for the doc ids of a segment.
    fn reset(&mut self, num_docs: usize) {
        if self.slot.len() < num_docs {
            self.slot.resize(num_docs, 0);
        }
        self.pairs.resize(BLOCK, (0, 0));
    }

    /// The docs two cursors share up to `last`, the smallest last doc of
    /// their current blocks (`a` the rarer): their indices in
    /// `a.block_docs()` and `b.block_docs()`, ascending.
    fn meet(&mut self, a: &PostingsCursor<'_>, b: &PostingsCursor<'_>, last: u32) -> &[(u32, u32)] {
        let a = a.block_docs();
        // At most BLOCK (so an index fits a u8) but for damaged data.
        let a = &a[..a.partition_point(|&x| x <= last).min(BLOCK)];
        let b = b.block_docs();
        let b = &b[..b.partition_point(|&y| y <= last)];
        for (i, &x) in a.iter().enumerate() {
            if let Some(s) = self.slot.get_mut(x as usize) {
                *s = i as u8;
            }
        }
        let mut n = 0;
        for (j, &y) in b.iter().enumerate().take(BLOCK) {
            let i = self.slot.get(y as usize).map_or(0, |&i| i as usize);
            // Written always, kept on a match: no branch on it (n <= j < BLOCK).
            self.pairs[n] = (i as u32, j as u32);
            n += (a.get(i) == Some(&y)) as usize;
        }
        &self.pairs[..n]
    }
}

/// Calls `f(doc, at)` for every doc on which all cursors meet up to `last`,
/// the smallest last doc of their current blocks, ascending; `at[c]` is
/// the doc's index in cursor c's `block_docs()`. The two rarest cursors
/// [`Meet`] (every cursor's block holds a doc at or after any candidate);
/// the others are checked on each of those docs; the cursors do not move.
fn each_in_blocks(
    cursors: &[PostingsCursor<'_>],
    order: &[usize],
    last: u32,
    (at, meet): (&mut Vec<usize>, &mut Meet),
    mut f: impl FnMut(u32, &[usize]),
) {
    let Some((&lead, rest)) = order.split_first() else {
        return;
    };
    at.clear();
    at.resize(cursors.len(), 0);
    let a = cursors[lead].block_docs();
    let Some((&second, rest)) = rest.split_first() else {
        for (i, &x) in a.iter().take_while(|&&x| x <= last).enumerate() {
            at[lead] = i;
            f(x, at);
        }
        return;
    };
    for &(i, j) in meet.meet(&cursors[lead], &cursors[second], last) {
        let x = a[i as usize];
        at[lead] = i as usize;
        at[second] = j as usize;
        let all = rest.iter().all(|&c| {
            let docs = cursors[c].block_docs();
            let mut k = at[c];
            while docs.get(k).is_some_and(|&y| y < x) {
                k += 1;
            }
            at[c] = k;
            docs.get(k) == Some(&x)
        });
        if all {
            f(x, at);
        }
    }
}

/// A phrase (as the generic iterators run it, with the keys' dictionary
/// entries from the query's lookups); scored when `k` is given.
fn phrase(engine: &Engine<'_>, lookups: &Lookups, w: &Words, k: Option<usize>) -> TopDocs {
    let mut top = TopK::new(k.unwrap_or(0));
    let mut total = 0u64;
    let analyzer = engine.searcher.analyzer();
    for (i, seg) in engine.searcher.segments().iter().enumerate() {
        let Some(entries) = w
            .keys
            .iter()
            .map(|key| lookups.entry(engine.searcher, i, key))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let mut it = PhraseIter::with_entries(seg, w, analyzer, &entries);
        while it.doc() != TERMINATED {
            if !seg.is_deleted(it.doc()) {
                total += 1;
                if k.is_some() {
                    top.push(it.score(), seg.global_id(it.doc()));
                }
            }
            it.next();
        }
    }
    finish(top, total)
}

/// The distinct clauses of an Or of single terms (None: an absent term),
/// and its clauses in query order as indices into them.
fn term_clauses(plan: &Plan) -> Option<(Vec<Option<&Words>>, &[usize])> {
    let Plan::Or(clauses) = plan else { return None };
    let terms = clauses
        .distinct
        .iter()
        .map(|c| match c {
            Plan::Words(w) if w.is_single() => Some(Some(w)),
            Plan::Nothing => Some(None),
            _ => None,
        })
        .collect::<Option<_>>()?;
    Some((terms, &clauses.order))
}

fn single_term(engine: &Engine<'_>, lookups: &Lookups, w: &Words, k: usize) -> TopDocs {
    let mut top = TopK::new(k);
    let total = lookups.doc_freq(engine.searcher, &w.keys[0]);
    for (i, seg) in engine.searcher.segments().iter().enumerate() {
        let Some(mut c) = lookups.postings(engine.searcher, i, seg, &w.keys[0]) else {
            continue;
        };
        let lens = norms(seg, w.field, w.avgdl);
        let seg_avg = seg.bound_avg_len(w.field == Field::Title);
        let mut first = 0;
        for b in 0..c.num_blocks() {
            let Some(skip) = c.skip_entry(b) else { break };
            let start = first;
            first = skip.last_doc.saturating_add(1);
            // A block whose bound cannot beat the k-th is skipped; in the
            // others, the smallest tf that can (its shortest document is the
            // best case). Skipped blocks are never decoded, only their skip
            // entries are read.
            let mut min_tf = 0;
            if let Some(th) = top.threshold() {
                if weight_bound(w.idf, skip.max_sat, seg_avg, w.avgdl) * SLACK <= th {
                    continue;
                }
                let beats = |tf: u32| bm25(w.idf, tf, skip.min_len, w.avgdl) * SLACK > th;
                min_tf = (1..=skip.max_tf).find(|&tf| beats(tf)).unwrap_or(u32::MAX);
                if min_tf == u32::MAX {
                    continue;
                }
            }
            c.seek(start);
            while c.doc() <= skip.last_doc {
                let d = c.doc();
                if c.tf() >= min_tf && !seg.is_deleted(d) {
                    let s = bm25_normed(w.idf, c.tf(), lens[d as usize]);
                    top.push(s, seg.global_id(d));
                }
                c.advance();
            }
        }
    }
    finish(top, total)
}

/// Term at a time, in the clause `order` (indices into `terms`); with `k`
/// None only the matches are counted.
fn term_or(
    engine: &Engine<'_>,
    lookups: &Lookups,
    terms: &[Option<&Words>],
    order: &[usize],
    k: Option<usize>,
) -> TopDocs {
    let scored = k.is_some();
    let mut top = TopK::new(k.unwrap_or(0));
    let mut total = 0u64;
    let mut acc: Vec<f64> = Vec::new();
    let mut hit: Vec<u64> = Vec::new();
    let mut sparse: Vec<(u32, f64)> = Vec::new();
    for (i, seg) in engine.searcher.segments().iter().enumerate() {
        let n = seg.num_docs_in_segment() as usize;
        let mut cursors: Vec<Option<(&Words, PostingsCursor<'_>)>> = terms
            .iter()
            .map(|w| {
                let w = (*w)?;
                let c = lookups.postings(engine.searcher, i, seg, &w.keys[0]);
                c.map(|c| (w, c))
            })
            .collect();
        let postings: usize = order
            .iter()
            .filter_map(|&t| cursors[t].as_ref())
            .map(|(_, c)| c.term_info().doc_freq as usize)
            .sum();
        if postings == 0 {
            continue;
        }
        let mut push = |d: u32, s: f64| {
            if !seg.is_deleted(d) {
                total += 1;
                if scored {
                    top.push(s, seg.global_id(d));
                }
            }
        };
        let clauses = ClausePostings { seg, order, scored };
        if postings.saturating_mul(SPARSE_FACTOR) < n {
            // Few postings: sorting them by doc (stable, so each doc's
            // scores stay in clause order) beats clearing a dense array.
            sparse.clear();
            clauses.each(&mut cursors, |d, s| sparse.push((d, s)));
            sparse.sort_by_key(|&(d, _)| d);
            let mut i = 0;
            while i < sparse.len() {
                let d = sparse[i].0;
                let mut s = 0.0;
                while i < sparse.len() && sparse[i].0 == d {
                    s += sparse[i].1;
                    i += 1;
                }
                push(d, s);
            }
            continue;
        }
        acc.clear();
        if scored {
            acc.resize(n, 0.0);
        }
        hit.clear();
        hit.resize(n.div_ceil(64), 0);
        clauses.each(&mut cursors, |d, s| {
            if scored {
                acc[d as usize] += s;
            }
            hit[d as usize / 64] |= 1 << (d % 64);
        });
        for (wi, &word) in hit.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let d = (wi * 64) as u32 + bits.trailing_zeros();
                bits &= bits - 1;
                push(d, acc.get(d as usize).copied().unwrap_or(0.0));
            }
        }
    }
    finish(top, total)
}

/// The postings of an Or's terms in one segment, clause by clause.
struct ClausePostings<'a> {
    seg: &'a SegmentReader,
    /// The clauses in query order, as indices into the cursors.
    order: &'a [usize],
    /// Scores wanted (else 0.0 is passed).
    scored: bool,
}

impl ClausePostings<'_> {
    /// Calls `f(doc, score)` for every posting of every clause in clause
    /// order (None: an absent term). A term the Or repeats is decoded and
    /// scored once; its later clauses replay what the first one kept.
    fn each(
        &self,
        cursors: &mut [Option<(&Words, PostingsCursor<'_>)>],
        mut f: impl FnMut(u32, f64),
    ) {
        let mut uses = vec![0usize; cursors.len()];
        for &t in self.order {
            uses[t] += 1;
        }
        let mut kept: Vec<Option<Vec<(u32, f64)>>> = vec![None; cursors.len()];
        for &t in self.order {
            if let Some(postings) = &kept[t] {
                postings.iter().for_each(|&(d, s)| f(d, s));
                continue;
            }
            let Some((w, c)) = &mut cursors[t] else {
                continue;
            };
            let lens = self.scored.then(|| norms(self.seg, w.field, w.avgdl));
            let mut keep = (uses[t] > 1).then(Vec::new);
            while c.doc() != TERMINATED {
                let d = c.doc();
                let s = lens
                    .as_ref()
                    .map_or(0.0, |n| bm25_normed(w.idf, c.tf(), n[d as usize]));
                if let Some(k) = &mut keep {
                    k.push((d, s));
                }
                f(d, s);
                c.advance();
            }
            kept[t] = keep;
        }
    }
}
