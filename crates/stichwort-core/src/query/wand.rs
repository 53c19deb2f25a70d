//! Fast paths of ranked search for the common shapes, exact to the score:
//!
//! - one term: block-max pruning. Once k documents are held, a postings
//!   block whose best possible score (BM25 of the block's largest tf and
//!   smallest length, raised by a relative 1e-9 against rounding) cannot
//!   beat the k-th is skipped without decoding, and in the other blocks a
//!   document whose tf cannot beat it even at the block's smallest length
//!   is passed over without reading its length. `total` is the live
//!   document frequency, so nothing else is read.
//! - an Or of terms: term at a time into a dense score array per segment,
//!   clause by clause, so every document's sum is added in clause order as
//!   the reference adds it. `Hits.total` must count every matching
//!   document, so the union is enumerated anyway and pruning would only
//!   save additions that this loop does at memory speed.
//!
//! - an And of terms: leapfrog over the raw cursors (no dynamic dispatch),
//!   summing in clause order; once k documents are held, a document whose
//!   block-max bound (the sum of its blocks' best BM25) cannot beat the k-th
//!   is only counted, so its tfs and lengths are never read.
//!
//! Anything else (and every filtered search) takes the generic iterators.

use super::bm25::bm25;
use super::collector::TopK;
use super::iter::{TERMINATED, field_len, leapfrog};
use super::plan::{Plan, Words};
use super::search::{Engine, Prepared, TopDocs, finish};

/// Relative margin of block upper bounds over the computed scores.
const SLACK: f64 = 1.0 + 1e-9;

/// The top `k` by a fast path, or None when the query has another shape.
pub fn search(engine: &Engine<'_>, prep: &Prepared, k: usize) -> Option<TopDocs> {
    if prep.filter.is_some() {
        return None;
    }
    match &prep.plan {
        Plan::Words(w) if w.is_single() => Some(single_term(engine, w, k)),
        Plan::And(_) => and_terms(&prep.plan).map(|terms| term_and(engine, &terms, Some(k))),
        plan => term_clauses(plan).map(|terms| term_or(engine, &terms, Some(k))),
    }
}

/// The number of matches of an unfiltered Or of terms (None for other shapes).
pub fn count(engine: &Engine<'_>, prep: &Prepared) -> Option<u64> {
    if prep.filter.is_some() {
        return None;
    }
    if let Some(terms) = and_terms(&prep.plan) {
        return Some(term_and(engine, &terms, None).total);
    }
    term_clauses(&prep.plan).map(|terms| term_or(engine, &terms, None).total)
}

/// The clauses of an And of single terms.
fn and_terms(plan: &Plan) -> Option<Vec<&Words>> {
    let Plan::And(clauses) = plan else {
        return None;
    };
    clauses
        .iter()
        .map(|c| match c {
            Plan::Words(w) if w.is_single() => Some(w),
            _ => None,
        })
        .collect()
}

/// An And of terms by leapfrog over the raw cursors; scored (summed in
/// clause order) when `k` is given, else only counted.
fn term_and(engine: &Engine<'_>, terms: &[&Words], k: Option<usize>) -> TopDocs {
    let mut top = TopK::new(k.unwrap_or(0));
    let mut total = 0u64;
    for seg in engine.searcher.segments() {
        let Some(mut cursors) = terms
            .iter()
            .map(|w| seg.term_ord(&w.keys[0]).map(|o| seg.postings(o)))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let mut order: Vec<usize> = (0..cursors.len()).collect();
        order.sort_by_key(|&i| cursors[i].term_info().doc_freq);
        // Per cursor: the last doc of the block its bound is for, and the
        // bound (BM25 of the block's largest tf and smallest length).
        let mut bounds: Vec<(u32, f64)> = vec![(TERMINATED, 0.0); cursors.len()];
        let mut d = leapfrog(&mut cursors, &order, 0);
        while d != TERMINATED {
            if !seg.is_deleted(d) {
                total += 1;
                // Block-max: a document whose bound cannot beat the k-th is
                // counted without reading its tfs or lengths.
                let skip = k.is_none()
                    || top.threshold().is_some_and(|th| {
                        let mut ub = 0.0;
                        for ((w, c), b) in terms.iter().zip(&cursors).zip(&mut bounds) {
                            if b.0 != c.block_last_doc() {
                                let tf = c.block_max_tf();
                                *b = (
                                    c.block_last_doc(),
                                    bm25(w.idf, tf, c.block_min_len(), w.avgdl),
                                );
                            }
                            ub += b.1;
                        }
                        ub * SLACK <= th
                    });
                if !skip {
                    let mut s = 0.0;
                    for (w, c) in terms.iter().zip(&mut cursors) {
                        s += bm25(w.idf, c.tf(), field_len(seg, w.field, d), w.avgdl);
                    }
                    top.push(s, seg.global_id(d));
                }
            }
            d = leapfrog(&mut cursors, &order, d + 1);
        }
    }
    finish(top, total)
}

/// The clauses of an Or of single terms (None: absent terms).
fn term_clauses(plan: &Plan) -> Option<Vec<Option<&Words>>> {
    let Plan::Or(clauses) = plan else { return None };
    clauses
        .iter()
        .map(|c| match c {
            Plan::Words(w) if w.is_single() => Some(Some(w)),
            Plan::Nothing => Some(None),
            _ => None,
        })
        .collect()
}

fn single_term(engine: &Engine<'_>, w: &Words, k: usize) -> TopDocs {
    let mut top = TopK::new(k);
    let total = engine.searcher.doc_freq(&w.keys[0]);
    for seg in engine.searcher.segments() {
        let Some(ord) = seg.term_ord(&w.keys[0]) else {
            continue;
        };
        let mut c = seg.postings(ord);
        let mut first = 0;
        for b in 0..c.num_blocks() {
            let Some(skip) = c.skip_entry(b) else { break };
            let start = first;
            first = skip.last_doc.saturating_add(1);
            // The smallest tf that can beat the k-th in this block (its
            // shortest document is the best case); skipped blocks are never
            // decoded, only their skip entries are read.
            let mut min_tf = 0;
            if let Some(th) = top.threshold() {
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
                    let s = bm25(w.idf, c.tf(), field_len(seg, w.field, d), w.avgdl);
                    top.push(s, seg.global_id(d));
                }
                c.advance();
            }
        }
    }
    finish(top, total)
}

/// Term at a time; with `k` None only the matches are counted.
fn term_or(engine: &Engine<'_>, terms: &[Option<&Words>], k: Option<usize>) -> TopDocs {
    let scored = k.is_some();
    let mut top = TopK::new(k.unwrap_or(0));
    let mut total = 0u64;
    let mut acc: Vec<f64> = Vec::new();
    let mut hit: Vec<u64> = Vec::new();
    for seg in engine.searcher.segments() {
        let n = seg.num_docs_in_segment() as usize;
        acc.clear();
        if scored {
            acc.resize(n, 0.0);
        }
        hit.clear();
        hit.resize(n.div_ceil(64), 0);
        let mut any = false;
        for w in terms.iter().flatten() {
            let Some(ord) = seg.term_ord(&w.keys[0]) else {
                continue;
            };
            any = true;
            let mut c = seg.postings(ord);
            while c.doc() != TERMINATED {
                let d = c.doc();
                if scored {
                    acc[d as usize] += bm25(w.idf, c.tf(), field_len(seg, w.field, d), w.avgdl);
                }
                hit[d as usize / 64] |= 1 << (d % 64);
                c.advance();
            }
        }
        if !any {
            continue;
        }
        for (wi, &word) in hit.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let d = (wi * 64) as u32 + bits.trailing_zeros();
                bits &= bits - 1;
                if !seg.is_deleted(d) {
                    total += 1;
                    if scored {
                        top.push(acc[d as usize], seg.global_id(d));
                    }
                }
            }
        }
    }
    finish(top, total)
}
