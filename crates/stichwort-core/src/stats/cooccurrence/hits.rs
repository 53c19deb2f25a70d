//! One participant's hits in a count: segment ordinals, tallied or sorted
//! into (ordinal, count), named by global id and added up segment by
//! segment in one dense array per thread.

use crate::hint::{AHEAD, prefetch, prefetch_ahead};
use crate::index::forward::NO_TERM;
use crate::stats::dense::DenseCounts;

/// Hits of one participant in a count: the segment ordinals of the
/// segment being counted (one entry per count; appending is a sequential
/// write), named and added up by global id with the segments before when
/// the segment is done ([`Hits::settle`]).
#[derive(Default)]
pub(super) struct Hits {
    pub(super) ords: Vec<u32>,
    /// Ordinals at or above this are dropped: the segment's vocabulary.
    pub(super) limit: u32,
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
    pub(super) fn add(&mut self, ord: u32) {
        if ord < self.limit {
            self.ords.push(ord);
        }
    }

    #[inline]
    pub(super) fn add_all(&mut self, ords: &[u32]) {
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
    pub(super) fn settle(&mut self, map: &[u32], space: usize) {
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
    pub(super) fn take_all(&mut self, map: &[u32], space: usize) -> Vec<(u32, u64)> {
        if !self.settled {
            return self.take_sorted(map);
        }
        self.settle(map, space);
        self.settled = false;
        let mut out = Vec::new();
        self.ids.of(space).drain(|id, c| out.push((id as u32, c)));
        out
    }

    /// Frees the counters when they take more than `keep` bytes (all are
    /// 0 between calls, so a later call starts afresh).
    pub(super) fn give_back_large(&mut self, keep: usize) {
        self.tally.give_back_large(keep);
        self.ids.give_back_large(keep);
    }

    /// Forgets what a call that failed may have left.
    pub(super) fn clear(&mut self) {
        self.ords.clear();
        if std::mem::take(&mut self.settled) {
            self.ids.clear();
        }
    }
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
}
