//! And (leapfrog; also a query restricted by an unscored filter), Or (union),
//! Not (exclusion). Scores add the matching clauses in clause order.

use super::{BoxIter, DocIter, Span, TERMINATED, leapfrog};

/// The conjunction of its children; the first `scored` of them give the
/// score and the spans (all for `And`, the query alone for a filtered one).
pub struct AndIter<'a> {
    children: Vec<BoxIter<'a>>,
    scored: usize,
    /// Children by ascending cost: the order of the leapfrog.
    order: Vec<usize>,
    doc: u32,
}

impl<'a> AndIter<'a> {
    pub fn new(children: Vec<BoxIter<'a>>) -> Self {
        let scored = children.len();
        Self::with_scored(children, scored)
    }

    /// `query` restricted to the documents of `filter`, scored by `query` alone.
    pub fn filtered(query: BoxIter<'a>, filter: BoxIter<'a>) -> Self {
        Self::with_scored(vec![query, filter], 1)
    }

    fn with_scored(children: Vec<BoxIter<'a>>, scored: usize) -> Self {
        let mut order: Vec<usize> = (0..children.len()).collect();
        order.sort_by_key(|&i| children[i].cost());
        let mut it = AndIter {
            children,
            scored,
            order,
            doc: 0,
        };
        it.doc = leapfrog(&mut it.children, &it.order, 0);
        it
    }
}

impl DocIter for AndIter<'_> {
    fn doc(&self) -> u32 {
        self.doc
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc != TERMINATED && self.doc < target {
            self.doc = leapfrog(&mut self.children, &self.order, target);
        }
        self.doc
    }
    fn score(&mut self) -> f64 {
        let mut s = 0.0;
        for c in &mut self.children[..self.scored] {
            s += c.score();
        }
        s
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        for c in &mut self.children[..self.scored] {
            c.spans(out);
        }
    }
    fn cost(&self) -> u64 {
        self.order.first().map_or(0, |&i| self.children[i].cost())
    }
}

pub struct OrIter<'a> {
    children: Vec<BoxIter<'a>>,
    doc: u32,
}

impl<'a> OrIter<'a> {
    pub fn new(children: Vec<BoxIter<'a>>) -> Self {
        let doc = children.iter().map(|c| c.doc()).min().unwrap_or(TERMINATED);
        OrIter { children, doc }
    }
}

impl DocIter for OrIter<'_> {
    fn doc(&self) -> u32 {
        self.doc
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc == TERMINATED || self.doc >= target {
            return self.doc;
        }
        let mut min = TERMINATED;
        for c in &mut self.children {
            let d = if c.doc() < target {
                c.seek(target)
            } else {
                c.doc()
            };
            min = min.min(d);
        }
        self.doc = min;
        min
    }
    fn score(&mut self) -> f64 {
        let mut s = 0.0;
        for c in &mut self.children {
            if c.doc() == self.doc {
                s += c.score();
            }
        }
        s
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        for c in &mut self.children {
            if c.doc() == self.doc {
                c.spans(out);
            }
        }
    }
    fn cost(&self) -> u64 {
        self.children.iter().map(|c| c.cost()).sum()
    }
}

pub struct NotIter<'a> {
    positive: BoxIter<'a>,
    negative: BoxIter<'a>,
    doc: u32,
}

impl<'a> NotIter<'a> {
    pub fn new(positive: BoxIter<'a>, negative: BoxIter<'a>) -> Self {
        let mut it = NotIter {
            positive,
            negative,
            doc: 0,
        };
        it.doc = it.settle(it.positive.doc());
        it
    }

    /// The first positive doc from `doc` on that the negative lacks.
    fn settle(&mut self, mut doc: u32) -> u32 {
        while doc != TERMINATED && self.negative.seek(doc) == doc {
            doc = self.positive.next();
        }
        doc
    }
}

impl DocIter for NotIter<'_> {
    fn doc(&self) -> u32 {
        self.doc
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc != TERMINATED && self.doc < target {
            let d = self.positive.seek(target);
            self.doc = self.settle(d);
        }
        self.doc
    }
    fn score(&mut self) -> f64 {
        self.positive.score()
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        self.positive.spans(out)
    }
    fn cost(&self) -> u64 {
        self.positive.cost()
    }
}
