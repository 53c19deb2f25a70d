//! Two iterators whose common documents match when a rule on them holds:
//! `Near` ([`super::near::WithinDistance`]: any two spans close enough) and
//! a phrase prefix ([`super::phrase_prefix::FollowedAt`]: the head's spans,
//! then a word of the tail prefix at an offset).

use super::{BoxIter, DocIter, Span, TERMINATED};

/// When a document of both sides matches, with which spans and score.
pub trait PairRule<B> {
    /// Appends to `out` the spans of the match of `a`'s spans and `b` in
    /// the document both stand on; false when they make none. `scratch`
    /// is a buffer of the caller's.
    fn pair(&self, a: &[Span], b: &mut B, scratch: &mut Vec<Span>, out: &mut Vec<Span>) -> bool;
    /// The score of a match (both sides stand on its document).
    fn score(&self, a: &mut BoxIter<'_>, b: &mut B) -> f64;
}

pub struct PairedIter<'a, R, B> {
    a: BoxIter<'a>,
    b: B,
    /// Whether `a` is the cheaper side, which leads the intersection.
    a_leads: bool,
    rule: R,
    doc: u32,
    /// Spans of `doc` that the rule keeps.
    used: Vec<Span>,
    /// `a`'s spans of `doc`, and the rule's scratch.
    spans: Vec<Span>,
    scratch: Vec<Span>,
}

impl<'a, R: PairRule<B>, B: DocIter> PairedIter<'a, R, B> {
    pub fn new(a: BoxIter<'a>, b: B, rule: R) -> Self {
        let mut it = PairedIter {
            a_leads: a.cost() <= b.cost(),
            a,
            b,
            rule,
            doc: 0,
            used: Vec::new(),
            spans: Vec::new(),
            scratch: Vec::new(),
        };
        it.find(0);
        it
    }

    /// The first document `>= target` on which both sides stand.
    fn both_on(&mut self, target: u32) -> u32 {
        let (lead, other): (&mut dyn DocIter, &mut dyn DocIter) = if self.a_leads {
            (&mut *self.a, &mut self.b)
        } else {
            (&mut self.b, &mut *self.a)
        };
        let mut doc = lead.seek(target);
        while doc != TERMINATED {
            let d = other.seek(doc);
            if d == doc {
                break;
            }
            doc = lead.seek(d);
        }
        doc
    }

    fn find(&mut self, mut target: u32) {
        loop {
            let doc = self.both_on(target);
            self.doc = doc;
            if doc == TERMINATED {
                return;
            }
            self.spans.clear();
            self.a.spans(&mut self.spans);
            self.used.clear();
            let (rule, b) = (&self.rule, &mut self.b);
            if rule.pair(&self.spans, b, &mut self.scratch, &mut self.used) {
                return;
            }
            target = doc + 1;
        }
    }
}

impl<R: PairRule<B>, B: DocIter> DocIter for PairedIter<'_, R, B> {
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
        self.rule.score(&mut self.a, &mut self.b)
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        out.extend(self.used.iter().cloned());
    }
    fn cost(&self) -> u64 {
        self.a.cost().min(self.b.cost())
    }
}
