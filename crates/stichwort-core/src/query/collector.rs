//! Collectors of matching documents: the k best by score with ties broken
//! by ascending doc id (never by segment or thread order).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    score: f64,
    id: u32,
}

impl Eq for Entry {}

/// Greater means worse: a lower score, or an equal score and a higher id.
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The `k` best (score, id) pairs seen.
pub struct TopK {
    k: usize,
    heap: BinaryHeap<Entry>,
}

impl TopK {
    pub fn new(k: usize) -> Self {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k.min(4096)),
        }
    }

    /// Offers a document; ids may come in any order.
    #[inline]
    pub fn push(&mut self, score: f64, id: u32) {
        let e = Entry { score, id };
        if self.heap.len() < self.k {
            self.heap.push(e);
        } else if let Some(mut worst) = self.heap.peek_mut()
            && e < *worst
        {
            *worst = e;
        }
    }

    /// The score a new document must beat (with a higher id than all seen,
    /// it must be strictly greater); None while fewer than k are held.
    #[inline]
    pub fn threshold(&self) -> Option<f64> {
        if self.heap.len() < self.k || self.k == 0 {
            if self.k == 0 {
                Some(f64::INFINITY)
            } else {
                None
            }
        } else {
            self.heap.peek().map(|e| e.score)
        }
    }

    /// (ids, scores as f32, as results hold them), best first.
    pub fn into_sorted(self) -> (Vec<u32>, Vec<f32>) {
        let v = self.heap.into_sorted_vec();
        (
            v.iter().map(|e| e.id).collect(),
            v.iter().map(|e| e.score as f32).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_by_id() {
        let mut t = TopK::new(3);
        for (s, id) in [(1.0, 5), (2.0, 9), (1.0, 2), (2.0, 3), (1.0, 1)] {
            t.push(s, id);
        }
        assert_eq!(t.into_sorted(), (vec![3, 9, 1], vec![2.0, 2.0, 1.0]));
        let mut t = TopK::new(0);
        t.push(1.0, 1);
        assert_eq!(t.threshold(), Some(f64::INFINITY));
        assert_eq!(t.into_sorted().0, Vec::<u32>::new());
    }
}
