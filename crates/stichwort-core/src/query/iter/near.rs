//! `Near(a, b, k)`: documents where a position of a's spans and a position
//! of b's spans differ and lie at most k apart, in either order. Its spans
//! are those of a and b that take part in such a pair; its score a + b.

use super::paired::PairRule;
use super::{BoxIter, Span};

/// The rule of `Near(a, b, k)`: k is the distance.
pub struct WithinDistance(pub u32);

impl PairRule<BoxIter<'_>> for WithinDistance {
    fn pair(
        &self,
        a: &[Span],
        b: &mut BoxIter<'_>,
        spans: &mut Vec<Span>,
        out: &mut Vec<Span>,
    ) -> bool {
        spans.clear();
        b.spans(spans);
        pair_up(a, spans, self.0, out)
    }
    fn score(&self, a: &mut BoxIter<'_>, b: &mut BoxIter<'_>) -> f64 {
        let a = a.score();
        a + b.score()
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
