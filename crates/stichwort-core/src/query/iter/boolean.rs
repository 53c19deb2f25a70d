//! And (leapfrog; also a query restricted by an unscored filter), Or (union),
//! Not (exclusion). Scores add the matching clauses in clause order; a
//! clause the query repeats is one child, scored once per document and
//! added once per occurrence (see `plan::Clauses`).

use super::{BodyPrefixSpans, BoxIter, DocIter, PartMatch, Span, TERMINATED, leapfrog};

/// The sum of the scores of the clauses in `order` (indices into
/// `scores`, None for a child not on the document), in that order.
fn clause_sum(order: &[usize], scores: &[Option<f64>]) -> f64 {
    let mut s = 0.0;
    for &i in order {
        if let Some(x) = scores[i] {
            s += x;
        }
    }
    s
}

/// The conjunction of its children; the children `order` names give the
/// score and the spans (all for `And`, the query alone for a filtered one).
pub struct AndIter<'a> {
    children: Vec<BoxIter<'a>>,
    /// The scored clauses in query order, as indices into `children`.
    order: Vec<usize>,
    /// The children `order` names, each once, ascending.
    scored: Vec<usize>,
    /// Per child: its score on the current document (scratch).
    scores: Vec<Option<f64>>,
    /// Children by ascending cost: the order of the leapfrog.
    by_cost: Vec<usize>,
    doc: u32,
}

impl<'a> AndIter<'a> {
    /// The And of the clauses `order` names (indices into `children`).
    pub fn new(children: Vec<BoxIter<'a>>, order: Vec<usize>) -> Self {
        let mut by_cost: Vec<usize> = (0..children.len()).collect();
        by_cost.sort_by_key(|&i| children[i].cost());
        let mut scored = order.clone();
        scored.sort_unstable();
        scored.dedup();
        let mut it = AndIter {
            scores: vec![None; children.len()],
            children,
            order,
            scored,
            by_cost,
            doc: 0,
        };
        it.doc = leapfrog(&mut it.children, &it.by_cost, 0);
        it
    }

    /// `query` restricted to the documents of `filter`, scored by `query` alone.
    pub fn filtered(query: BoxIter<'a>, filter: BoxIter<'a>) -> Self {
        Self::new(vec![query, filter], vec![0])
    }
}

impl DocIter for AndIter<'_> {
    fn doc(&self) -> u32 {
        self.doc
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc != TERMINATED && self.doc < target {
            self.doc = leapfrog(&mut self.children, &self.by_cost, target);
        }
        self.doc
    }
    fn score(&mut self) -> f64 {
        for &i in &self.scored {
            self.scores[i] = Some(self.children[i].score());
        }
        clause_sum(&self.order, &self.scores)
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        for &i in &self.scored {
            self.children[i].spans(out);
        }
    }
    fn part_matches(&mut self, out: &mut Vec<PartMatch>) {
        for &i in &self.scored {
            self.children[i].part_matches(out);
        }
    }
    fn cost(&self) -> u64 {
        self.by_cost.first().map_or(0, |&i| self.children[i].cost())
    }
}

pub struct OrIter<'a> {
    children: Vec<BoxIter<'a>>,
    /// The clauses in query order, as indices into `children`.
    order: Vec<usize>,
    /// Per child: its score on the current document, None when it is not
    /// on it (scratch).
    scores: Vec<Option<f64>>,
    /// The spans of the children that are body prefixes, when there are several.
    prefix_spans: Option<BodyPrefixSpans<'a>>,
    doc: u32,
}

impl<'a> OrIter<'a> {
    /// The Or of the clauses `order` names (indices into `children`);
    /// `prefix_spans` gives the spans of the children it covers.
    pub fn new(
        children: Vec<BoxIter<'a>>,
        order: Vec<usize>,
        prefix_spans: Option<BodyPrefixSpans<'a>>,
    ) -> Self {
        let doc = children.iter().map(|c| c.doc()).min().unwrap_or(TERMINATED);
        OrIter {
            scores: vec![None; children.len()],
            children,
            order,
            prefix_spans,
            doc,
        }
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
        for (c, s) in self.children.iter_mut().zip(&mut self.scores) {
            *s = (c.doc() == self.doc).then(|| c.score());
        }
        clause_sum(&self.order, &self.scores)
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        let mut prefix_on_doc = false;
        for (i, c) in self.children.iter_mut().enumerate() {
            if c.doc() != self.doc {
                continue;
            }
            match &self.prefix_spans {
                Some(p) if p.covers(i) => prefix_on_doc = true,
                _ => c.spans(out),
            }
        }
        if prefix_on_doc && let Some(p) = &mut self.prefix_spans {
            p.spans(self.doc, out);
        }
    }
    fn part_matches(&mut self, out: &mut Vec<PartMatch>) {
        for c in &mut self.children {
            if c.doc() == self.doc {
                c.part_matches(out);
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
    fn part_matches(&mut self, out: &mut Vec<PartMatch>) {
        self.positive.part_matches(out)
    }
    fn cost(&self) -> u64 {
        self.positive.cost()
    }
}
