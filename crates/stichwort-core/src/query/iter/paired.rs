//! Two positional iterators whose common documents match when a rule on
//! their spans holds: `Near` ([`super::near::WithinDistance`]) and a phrase
//! prefix ([`super::phrase_prefix::FollowedAt`]).

use super::{BoxIter, DocIter, Span, TERMINATED, leapfrog};

/// When a document of both sides matches, with which spans and score.
pub trait PairRule {
    /// Appends to `out` the spans of the match of `a`'s and `b`'s spans in
    /// one document; false when they make none.
    fn pair(&self, a: &[Span], b: &[Span], out: &mut Vec<Span>) -> bool;
    /// The score of a match (the sides stand on its document).
    fn score(&self, sides: &mut [BoxIter<'_>; 2]) -> f64;
}

pub struct PairedIter<'a, R> {
    sides: [BoxIter<'a>; 2],
    /// The sides by cost, the cheaper leading.
    order: [usize; 2],
    rule: R,
    doc: u32,
    /// Spans of `doc` that the rule keeps.
    used: Vec<Span>,
    /// Each side's spans of `doc` (scratch).
    spans: [Vec<Span>; 2],
}

impl<'a, R: PairRule> PairedIter<'a, R> {
    pub fn new(a: BoxIter<'a>, b: BoxIter<'a>, rule: R) -> Self {
        let order = if b.cost() < a.cost() { [1, 0] } else { [0, 1] };
        let mut it = PairedIter {
            sides: [a, b],
            order,
            rule,
            doc: 0,
            used: Vec::new(),
            spans: [Vec::new(), Vec::new()],
        };
        it.find(0);
        it
    }

    fn find(&mut self, mut target: u32) {
        loop {
            let doc = leapfrog(&mut self.sides, &self.order, target);
            self.doc = doc;
            if doc == TERMINATED {
                return;
            }
            for (side, spans) in self.sides.iter_mut().zip(&mut self.spans) {
                spans.clear();
                side.spans(spans);
            }
            self.used.clear();
            if (self.rule).pair(&self.spans[0], &self.spans[1], &mut self.used) {
                return;
            }
            target = doc + 1;
        }
    }
}

impl<R: PairRule> DocIter for PairedIter<'_, R> {
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
        self.rule.score(&mut self.sides)
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        out.extend(self.used.iter().cloned());
    }
    fn cost(&self) -> u64 {
        self.sides[0].cost().min(self.sides[1].cost())
    }
}
