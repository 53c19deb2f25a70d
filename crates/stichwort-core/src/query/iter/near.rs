//! `Near(a, b, k)`: documents where a position of a's spans and a position
//! of b's spans differ and lie at most k apart, in either order. Its spans
//! are those of a and b that take part in such a pair; its score a + b.

use super::{BoxIter, DocIter, Span, TERMINATED, leapfrog};

pub struct NearIter<'a> {
    sides: [BoxIter<'a>; 2],
    order: [usize; 2],
    distance: u32,
    doc: u32,
    /// Spans of `doc` that take part in a pair.
    used: Vec<Span>,
}

impl<'a> NearIter<'a> {
    pub fn new(a: BoxIter<'a>, b: BoxIter<'a>, distance: u32) -> Self {
        let order = if b.cost() < a.cost() { [1, 0] } else { [0, 1] };
        let mut it = NearIter {
            sides: [a, b],
            order,
            distance,
            doc: 0,
            used: Vec::new(),
        };
        it.find(0);
        it
    }

    fn find(&mut self, mut target: u32) {
        let (mut sa, mut sb) = (Vec::new(), Vec::new());
        loop {
            let doc = leapfrog(&mut self.sides, &self.order, target);
            self.doc = doc;
            if doc == TERMINATED {
                return;
            }
            sa.clear();
            sb.clear();
            self.sides[0].spans(&mut sa);
            self.sides[1].spans(&mut sb);
            self.used.clear();
            if pair_up(&sa, &sb, self.distance, &mut self.used) {
                return;
            }
            target = doc + 1;
        }
    }
}

fn positions(spans: &[Span]) -> Vec<u32> {
    let mut p: Vec<u32> = spans
        .iter()
        .flat_map(|s| s.positions.iter().copied())
        .collect();
    p.sort_unstable();
    p.dedup();
    p
}

/// Positions of `mine` having a partner in `other` (different, within `k`).
fn partnered(mine: &[u32], other: &[u32], k: u32) -> Vec<u32> {
    mine.iter()
        .copied()
        .filter(|&x| {
            let lo = other.partition_point(|&y| y < x.saturating_sub(k));
            let hi = other.partition_point(|&y| y <= x.saturating_add(k));
            let n = hi - lo;
            n > 1 || (n == 1 && other[lo] != x)
        })
        .collect()
}

/// Appends to `used` the spans of a and b in a qualifying pair; false when none.
fn pair_up(sa: &[Span], sb: &[Span], k: u32, used: &mut Vec<Span>) -> bool {
    let (pa, pb) = (positions(sa), positions(sb));
    let ua = partnered(&pa, &pb, k);
    if ua.is_empty() {
        return false;
    }
    let ub = partnered(&pb, &pa, k);
    let touches = |s: &Span, u: &[u32]| s.positions.iter().any(|p| u.binary_search(p).is_ok());
    used.extend(sa.iter().filter(|s| touches(s, &ua)).cloned());
    used.extend(sb.iter().filter(|s| touches(s, &ub)).cloned());
    true
}

impl DocIter for NearIter<'_> {
    fn doc(&self) -> u32 {
        self.doc
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc != TERMINATED && self.doc < target {
            self.find(target);
        }
        self.doc
    }
    fn score(&mut self) -> f64 {
        let a = self.sides[0].score();
        a + self.sides[1].score()
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        out.extend(self.used.iter().cloned());
    }
    fn cost(&self) -> u64 {
        self.sides[0].cost().min(self.sides[1].cost())
    }
}
