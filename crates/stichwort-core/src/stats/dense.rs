//! Counters over a range of ids read back in id order at a cost of the
//! counters touched, not of the range: a bit marks each counter touched,
//! and a second bit each 64 of those marks with a bit set. Reading back a
//! single bitmap went through a word every 64 ids however few were
//! touched, which made sparse counts cheaper to sort than to tally.

use std::ops::AddAssign;

/// Counters, reused from call to call: all 0 between uses.
#[derive(Default)]
pub(super) struct DenseCounts<T> {
    values: Vec<T>,
    touched: Vec<u64>,
    /// A bit per word of `touched` with a bit set.
    words: Vec<u64>,
}

impl<T: Copy + Default + AddAssign + PartialEq> DenseCounts<T> {
    /// The counters of ids `0..n`.
    pub(super) fn of(&mut self, n: usize) -> Counters<'_, T> {
        let touched = n.div_ceil(64);
        let words = touched.div_ceil(64);
        grow(&mut self.values, n);
        grow(&mut self.touched, touched);
        grow(&mut self.words, words);
        Counters {
            values: &mut self.values[..n],
            touched: &mut self.touched[..touched],
            words: &mut self.words[..words],
        }
    }

    /// Frees the counters when they take more than `keep` bytes (they are
    /// all 0 between uses, so none is lost).
    pub(super) fn give_back_large(&mut self, keep: usize) {
        if self.values.len() * size_of::<T>() > keep {
            *self = DenseCounts {
                values: Vec::new(),
                touched: Vec::new(),
                words: Vec::new(),
            };
        }
    }

    /// Sets every counter to 0 (after a use cut short).
    pub(super) fn clear(&mut self) {
        self.values.fill(T::default());
        self.touched.fill(0);
        self.words.fill(0);
    }

    /// Whether every counter is 0 (and no bit set).
    #[cfg(test)]
    pub(super) fn is_clear(&self) -> bool {
        self.values.iter().all(|&v| v == T::default())
            && self.touched.iter().chain(&self.words).all(|&b| b == 0)
    }
}

/// `v` at least `n` long. Every counter is 0 between uses, so a longer
/// array is a fresh zeroed one: its pages are mapped when first touched
/// (a rare target's counts by id touch a few of millions), where
/// growing in place wrote every one.
fn grow<T: Copy + Default>(v: &mut Vec<T>, n: usize) {
    if v.len() < n {
        *v = vec![T::default(); n];
    }
}

/// The counters of one use ([`DenseCounts::of`]).
pub(super) struct Counters<'a, T> {
    values: &'a mut [T],
    touched: &'a mut [u64],
    words: &'a mut [u64],
}

impl<T: Copy + Default + AddAssign> Counters<'_, T> {
    /// The counters, to ask for ahead of [`Self::add`].
    pub(super) fn values(&self) -> &[T] {
        self.values
    }

    /// Adds `c` to the counter of `id` (below the `n` asked for).
    #[inline(always)]
    pub(super) fn add(&mut self, id: usize, c: T) {
        self.values[id] += c;
        self.touched[id >> 6] |= 1 << (id & 63);
        self.words[id >> 12] |= 1 << ((id >> 6) & 63);
    }

    /// Calls `f(id, count)` for every counter touched, in id order, and
    /// clears them.
    pub(super) fn drain(self, mut f: impl FnMut(usize, T)) {
        for (k, word) in self.words.iter_mut().enumerate() {
            let mut w = std::mem::take(word);
            while w != 0 {
                let j = k * 64 + w.trailing_zeros() as usize;
                w &= w - 1;
                let mut b = std::mem::take(&mut self.touched[j]);
                while b != 0 {
                    let id = j * 64 + b.trailing_zeros() as usize;
                    b &= b - 1;
                    f(id, std::mem::take(&mut self.values[id]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_drain_in_id_order_and_leave_all_clear() {
        let mut d = DenseCounts::<u64>::default();
        // Ids in one word, across words, across 4096-id groups, the last.
        let ids = [70_000usize, 3, 4095, 4096, 3, 64, 63, 200_000 - 1, 130_000];
        for round in 0..2 {
            let mut c = d.of(200_000);
            for (k, &id) in ids.iter().enumerate() {
                c.add(id, k as u64 + 1);
            }
            let mut got = Vec::new();
            c.drain(|id, n| got.push((id, n)));
            let want = [
                (3, 2 + 5),
                (63, 7),
                (64, 6),
                (4095, 3),
                (4096, 4),
                (70_000, 1),
                (130_000, 9),
                (199_999, 8),
            ];
            assert_eq!(got, want, "round {round}");
            assert!(d.is_clear());
        }
        // A smaller range after a larger one; a use cut short, cleared.
        let mut c = d.of(10);
        c.add(9, 1);
        d.clear();
        assert!(d.is_clear());
        let mut got = Vec::new();
        d.of(10).drain(|id, n| got.push((id, n)));
        assert!(got.is_empty());
    }

    #[test]
    fn large_counters_are_given_back_and_start_afresh() {
        let mut d = DenseCounts::<u64>::default();
        d.of(1000).add(999, 5);
        d.of(1000).drain(|_, _| ());
        d.give_back_large(8 * 1000);
        assert_eq!(d.values.capacity(), 1000, "within the bytes kept");
        d.give_back_large(8 * 999);
        assert_eq!(
            d.values.capacity() + d.touched.capacity() + d.words.capacity(),
            0
        );
        let mut c = d.of(70_000);
        c.add(69_999, 2);
        let mut got = Vec::new();
        c.drain(|id, n| got.push((id, n)));
        assert_eq!(got, [(69_999, 2)]);
    }
}
