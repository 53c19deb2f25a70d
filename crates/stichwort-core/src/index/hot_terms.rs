//! A segment's most frequent body terms, numbered in ordinal order: a
//! bitset over the ordinals with a rank per 64-bit word.
//!
//! By Zipf, a few thousand terms are most of the running tokens. Counting
//! them in a dense array of that size stays in the cache, where the
//! segment's ordinals (alphabetical, ~300 k) spread every term's counter
//! far from the others'. Bitset and ranks are ~47 KB for 300 k ordinals,
//! so telling a hot ordinal's slot costs a cached load and a popcount.

/// The hot set of a segment (see the module docs).
#[derive(Debug, Default)]
pub struct HotTerms {
    /// Bit o: ordinal o is hot.
    words: Vec<u64>,
    /// Per word: hot ordinals in the words before it (the slot of its first).
    rank: Vec<u16>,
    /// Per slot: the ordinal (ascending).
    ords: Vec<u32>,
}

/// Hot terms per segment: their u64 counters (32 KB) stay in L1/L2 next
/// to the bitset.
pub const HOT_TERMS: usize = 4096;

/// Most hot terms a set holds (its ranks are u16).
pub const MAX_HOT: usize = u16::MAX as usize;

impl HotTerms {
    /// No hot terms.
    pub const EMPTY: HotTerms = HotTerms {
        words: Vec::new(),
        rank: Vec::new(),
        ords: Vec::new(),
    };

    /// The `size` ordinals of largest `cf` (ties: the smaller ordinal),
    /// at most [`MAX_HOT`]; terms that never occur are left out.
    pub fn build(cf: &[u64], size: usize) -> HotTerms {
        let mut by_freq: Vec<u32> = (0..cf.len() as u32)
            .filter(|&o| cf[o as usize] > 0)
            .collect();
        let size = size.min(MAX_HOT).min(by_freq.len());
        let key = |&o: &u32| (std::cmp::Reverse(cf[o as usize]), o);
        if size < by_freq.len() && size > 0 {
            by_freq.select_nth_unstable_by_key(size - 1, key);
        }
        by_freq.truncate(size);
        by_freq.sort_unstable();
        let mut words = vec![0u64; cf.len().div_ceil(64)];
        for &o in &by_freq {
            words[o as usize / 64] |= 1 << (o % 64);
        }
        let mut rank = Vec::with_capacity(words.len());
        let mut before = 0u16;
        for w in &words {
            rank.push(before);
            // (At most MAX_HOT bits set in all: no overflow before the last word.)
            before = before.wrapping_add(w.count_ones() as u16);
        }
        HotTerms {
            words,
            rank,
            ords: by_freq,
        }
    }

    /// Number of hot terms (slots).
    pub fn len(&self) -> usize {
        self.ords.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ords.is_empty()
    }

    /// The slot of `ord` when it is hot (slots follow the ordinals' order).
    #[inline]
    pub fn slot(&self, ord: u32) -> Option<usize> {
        let w = (ord / 64) as usize;
        let word = *self.words.get(w)?;
        let bit = 1u64 << (ord % 64);
        (word & bit != 0)
            .then(|| usize::from(self.rank[w]) + (word & (bit - 1)).count_ones() as usize)
    }

    /// The ordinal of a slot.
    pub fn ord(&self, slot: usize) -> u32 {
        self.ords[slot]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_frequent_ordinals_get_slots_in_ordinal_order() {
        let cf: Vec<u64> = (0..300u64).map(|o| (o * 7919) % 101).collect();
        for size in [0, 1, 5, 64, 100, 299, 300, 1000] {
            let h = HotTerms::build(&cf, size);
            let occurring = cf.iter().filter(|&&c| c > 0).count();
            assert_eq!(h.len(), size.min(occurring));
            let hot: Vec<u32> = (0..300).filter(|&o| h.slot(o).is_some()).collect();
            // Every hot term is at least as frequent as every cold one.
            let coldest = hot.iter().map(|&o| cf[o as usize]).min();
            for o in 0..300u32 {
                if h.slot(o).is_none()
                    && let Some(c) = coldest
                {
                    assert!(cf[o as usize] <= c, "size {size}: {o} is cold");
                }
            }
            for (s, &o) in hot.iter().enumerate() {
                assert_eq!(h.slot(o), Some(s));
                assert_eq!(h.ord(s), o);
            }
            assert_eq!(h.slot(300), None);
            assert_eq!(h.slot(u32::MAX), None);
        }
        assert!(HotTerms::default().slot(0).is_none());
    }
}
