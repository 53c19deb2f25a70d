//! A phrase prefix (`EU-Kommiss*`): documents where an occurrence of the
//! head pattern is followed, `offset` positions after its first position,
//! by a whole word that the tail prefix matches. An occurrence covers the
//! head's positions and the tail's; the score is a Prefix's, 1.

use super::{BoxIter, DocIter, Span, TERMINATED, leapfrog};

pub struct PhrasePrefixIter<'a> {
    /// The head pattern and the tail prefix (whole words).
    sides: [BoxIter<'a>; 2],
    order: [usize; 2],
    offset: u32,
    doc: u32,
    /// The occurrences in `doc`.
    found: Vec<Span>,
}

impl<'a> PhrasePrefixIter<'a> {
    pub fn new(head: BoxIter<'a>, tail: BoxIter<'a>, offset: u32) -> Self {
        let order = if tail.cost() < head.cost() {
            [1, 0]
        } else {
            [0, 1]
        };
        let mut it = PhrasePrefixIter {
            sides: [head, tail],
            order,
            offset,
            doc: 0,
            found: Vec::new(),
        };
        it.find(0);
        it
    }

    fn find(&mut self, mut target: u32) {
        let (mut heads, mut tails) = (Vec::new(), Vec::new());
        loop {
            let doc = leapfrog(&mut self.sides, &self.order, target);
            self.doc = doc;
            if doc == TERMINATED {
                return;
            }
            heads.clear();
            tails.clear();
            self.sides[0].spans(&mut heads);
            self.sides[1].spans(&mut tails);
            let mut at: Vec<u32> = tails.iter().flat_map(|s| s.positions.clone()).collect();
            at.sort_unstable();
            self.found.clear();
            for head in heads.drain(..) {
                let Some(&first) = head.positions.first() else {
                    continue;
                };
                let next = first.saturating_add(self.offset);
                if at.binary_search(&next).is_ok() {
                    let mut positions = head.positions;
                    positions.push(next);
                    self.found.push(Span {
                        field: head.field,
                        positions,
                    });
                }
            }
            if !self.found.is_empty() {
                return;
            }
            target = doc + 1;
        }
    }
}

impl DocIter for PhrasePrefixIter<'_> {
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
        1.0
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        out.extend(self.found.iter().cloned());
    }
    fn cost(&self) -> u64 {
        self.sides[0].cost().min(self.sides[1].cost())
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analyzer, AnalyzerConfig};
    use crate::index::{DocInput, Index, IndexOptions};
    use crate::query::{Engine, ParseOptions, parse};

    #[test]
    fn a_head_occurrence_then_a_word_the_last_one_prefixes() {
        let analyzer = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        let mut ix = Index::in_memory(analyzer, IndexOptions::default()).unwrap();
        for text in [
            "die EU-Kommission tagt",
            "EU und Kommission",
            "eu kommissarin, eu kommission",
            "Kommission der EU",
            "die EU-Kommission",
        ] {
            let doc = DocInput {
                text: text.into(),
                ..Default::default()
            };
            ix.add(doc).unwrap();
        }
        ix.commit().unwrap();
        let searcher = ix.searcher().unwrap();
        let e = Engine::new(&searcher);
        let q = parse("EU-Kommiss*", &ParseOptions::default()).unwrap();
        assert_eq!(e.match_ids(&q, None).unwrap(), vec![0, 2, 4]);
        let lines: Vec<(u32, String)> = (e.kwic(&q, 0, None).unwrap().into_iter())
            .map(|c| (c.doc_id, c.matched))
            .collect();
        let expected = [
            (0, "EU-Kommission"),
            (2, "eu kommissarin"),
            (2, "eu kommission"),
            (4, "EU-Kommission"),
        ];
        assert_eq!(lines, expected.map(|(d, m)| (d, m.to_string())));
        let none = parse("Kommission-EU*", &ParseOptions::default()).unwrap();
        assert!(e.match_ids(&none, None).unwrap().is_empty());
    }
}
