//! Merging adjacent segments into one (dropping deleted documents), and the
//! policy that picks which to merge.
//!
//! Policy: a segment's level is `floor(log_F(live docs))` with `F =
//! MERGE_FACTOR`; whenever `F` adjacent segments share a level they are
//! merged. Like a base-F counter this keeps at most `F - 1` segments a level,
//! so the count is logarithmic in the index size; merging only neighbours
//! keeps every segment's global ids ascending and disjoint from the others.
//! A merge builds its output in RAM, so the policy merges no run larger
//! than `max_bytes` on disk (a bound the writer derives from its memory
//! budget); segments beyond it are left alone (`Index::merge` still joins
//! them when asked).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::columns::ColumnsData;
use super::docstore::{StoreWriter, encode_record};
use super::forward::{ForwardWriter, NO_TERM};
use super::postings::TERMINATED;
use super::segment::{SegmentFiles, SegmentReader};
use super::segment_writer::SegmentSerializer;
use crate::Result;

pub const MERGE_FACTOR: usize = 8;

fn level(live_docs: u32) -> u32 {
    let mut l = 0;
    let mut n = live_docs as u64;
    while n >= MERGE_FACTOR as u64 {
        n /= MERGE_FACTOR as u64;
        l += 1;
    }
    l
}

/// One segment as the merge policy sees it.
#[derive(Clone, Copy, Debug)]
pub struct SegmentSize {
    pub live_docs: u32,
    pub total_docs: u32,
    pub bytes: u64,
}

/// The next run of adjacent segments to merge (start, end exclusive), if
/// any: `MERGE_FACTOR` neighbours on one level together at most
/// `max_bytes`, or a segment with more than half its documents deleted
/// (rewritten alone to drop them).
pub fn pick_merge(segs: &[SegmentSize], max_bytes: u64) -> Option<(usize, usize)> {
    let levels: Vec<u32> = segs.iter().map(|s| level(s.live_docs)).collect();
    for start in 0..levels.len() {
        let end = start + MERGE_FACTOR;
        if end <= levels.len()
            && levels[start..end].iter().all(|&l| l == levels[start])
            && segs[start..end].iter().map(|s| s.bytes).sum::<u64>() <= max_bytes
        {
            return Some((start, end));
        }
    }
    segs.iter()
        .position(|s| s.live_docs * 2 < s.total_docs)
        .map(|i| (i, i + 1))
}

/// Merges `segs` (adjacent, ascending global ids) into one segment's files,
/// keeping only live documents.
pub fn merge_segments(segs: &[SegmentReader]) -> Result<SegmentFiles> {
    // New local ids of the live documents, and their columns.
    let mut cols = ColumnsData::default();
    let mut doc_maps: Vec<Vec<u32>> = Vec::with_capacity(segs.len());
    for s in segs {
        let mut map = Vec::with_capacity(s.num_docs_in_segment() as usize);
        for local in 0..s.num_docs_in_segment() {
            if s.is_deleted(local) {
                map.push(TERMINATED);
            } else {
                map.push(cols.len() as u32);
                cols.push(
                    s.global_id(local),
                    s.doc_len(local),
                    s.title_len(local),
                    s.date(local),
                );
            }
        }
        doc_maps.push(map);
    }
    let mut ser = SegmentSerializer::new(cols);
    // k-way merge of the sorted dictionaries.
    let mut ord_maps: Vec<Vec<u32>> = segs
        .iter()
        .map(|s| vec![NO_TERM; s.num_terms() as usize])
        .collect();
    let mut heap: BinaryHeap<Reverse<(String, usize, u32)>> = BinaryHeap::new();
    for (i, s) in segs.iter().enumerate() {
        if s.num_terms() > 0 {
            heap.push(Reverse((s.term(0), i, 0)));
        }
    }
    let mut positions = Vec::new();
    let mut holders: Vec<(usize, u32)> = Vec::new();
    while let Some(Reverse((key, _, _))) = heap.peek().cloned() {
        holders.clear();
        while let Some(Reverse((k, i, ord))) = heap.peek() {
            if *k != key {
                break;
            }
            let (i, ord) = (*i, *ord);
            heap.pop();
            holders.push((i, ord));
            if ord + 1 < segs[i].num_terms() {
                heap.push(Reverse((segs[i].term(ord + 1), i, ord + 1)));
            }
        }
        holders.sort_unstable();
        for &(i, ord) in &holders {
            let mut c = segs[i].postings(ord);
            while c.doc() != TERMINATED {
                let new = doc_maps[i]
                    .get(c.doc() as usize)
                    .copied()
                    .unwrap_or(TERMINATED);
                if new != TERMINATED {
                    c.positions(&mut positions);
                    ser.postings.add_doc(new, c.tf(), &positions);
                }
                c.advance();
            }
        }
        if ser.postings.num_docs() > 0 {
            let new_ord = ser.finish_term(&key);
            for &(i, ord) in &holders {
                ord_maps[i][ord as usize] = new_ord;
            }
        }
    }
    let mut fwd = ForwardWriter::default();
    let mut sent = ForwardWriter::default();
    let mut store = StoreWriter::default();
    let mut ords = Vec::new();
    let mut rec = Vec::new();
    for (i, s) in segs.iter().enumerate() {
        for local in 0..s.num_docs_in_segment() {
            if s.is_deleted(local) {
                continue;
            }
            s.forward(local, &mut ords);
            for o in ords.iter_mut() {
                if *o != NO_TERM {
                    *o = ord_maps[i].get(*o as usize).copied().unwrap_or(NO_TERM);
                }
            }
            fwd.add(&ords);
            s.sentence_starts(local, &mut ords);
            sent.add(&ords);
            let d = s.stored(local)?;
            rec.clear();
            encode_record(d.text.as_deref(), d.title.as_deref(), &d.fields, &mut rec);
            store.add_record(&rec);
        }
    }
    Ok(ser.finish(fwd.finish(), sent.finish(), store.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(live: &[u32], total: &[u32]) -> Vec<SegmentSize> {
        live.iter()
            .zip(total)
            .map(|(&live_docs, &total_docs)| SegmentSize {
                live_docs,
                total_docs,
                bytes: total_docs as u64 * 100,
            })
            .collect()
    }

    #[test]
    fn policy_merges_neighbours_on_one_level() {
        let f = MERGE_FACTOR as u32;
        let ones = [1; MERGE_FACTOR - 1];
        assert_eq!(pick_merge(&sizes(&ones, &ones), u64::MAX), None);
        let live = [f * f, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        assert_eq!(
            pick_merge(&sizes(&live, &live), u64::MAX),
            Some((1, 1 + MERGE_FACTOR))
        );
        assert_eq!(
            pick_merge(&sizes(&[10, 3], &[10, 7]), u64::MAX),
            Some((1, 2))
        );
    }

    #[test]
    fn policy_merges_no_run_larger_than_the_bound() {
        let live = [1000; MERGE_FACTOR];
        let segs = sizes(&live, &live);
        let total: u64 = segs.iter().map(|s| s.bytes).sum();
        assert_eq!(pick_merge(&segs, total), Some((0, MERGE_FACTOR)));
        assert_eq!(pick_merge(&segs, total - 1), None);
    }
}
