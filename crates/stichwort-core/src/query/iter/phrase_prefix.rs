//! A phrase prefix (`EU-Kommiss*`): documents where an occurrence of the
//! head pattern is followed, `offset` positions after its first position,
//! by a whole word that the tail prefix matches. An occurrence covers the
//! head's positions and the tail's; the score is a Prefix's, 1.

use super::paired::PairRule;
use super::{BoxIter, DocIter, PrefixIter, Span, TERMINATED};
use crate::analysis::Analyzer;

/// The tail prefix as a side of the pair. When its keys have fewer
/// postings than the head has documents, the documents holding one, which
/// then lead; else every document (the rule checks the word where the head
/// puts it), so a large expansion's documents are never gathered.
pub struct Tail<'a> {
    words: PrefixIter<'a>,
    leads: bool,
    /// The document stood on when not leading.
    doc: u32,
}

impl<'a> Tail<'a> {
    pub fn new(words: PrefixIter<'a>, head: &BoxIter<'_>) -> Self {
        Tail {
            leads: words.postings() < head.cost(),
            words,
            doc: 0,
        }
    }
}

impl DocIter for Tail<'_> {
    fn doc(&self) -> u32 {
        if self.leads {
            self.words.doc()
        } else {
            self.doc
        }
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.leads {
            return self.words.seek(target);
        }
        self.doc = self.doc.max(target);
        self.doc
    }
    fn score(&mut self) -> f64 {
        1.0
    }
    fn spans(&mut self, _: &mut Vec<Span>) {}
    fn cost(&self) -> u64 {
        if self.leads {
            self.words.cost()
        } else {
            u64::from(TERMINATED)
        }
    }
}

/// The rule of a phrase prefix (the sides: the head pattern, the tail):
/// its last word stands `offset` positions after the head's first, a
/// whole word checked where it must stand (one value of the forward
/// index), not found among all the tail's words.
pub struct FollowedAt<'a> {
    pub offset: u32,
    /// Re-analyses titles, which have no forward index.
    pub analyzer: &'a Analyzer,
}

impl<'t> PairRule<Tail<'t>> for FollowedAt<'_> {
    fn pair(
        &self,
        heads: &[Span],
        tail: &mut Tail<'t>,
        _: &mut Vec<Span>,
        out: &mut Vec<Span>,
    ) -> bool {
        let (before, doc) = (out.len(), tail.doc());
        for head in heads {
            let Some(&first) = head.positions.first() else {
                continue;
            };
            let next = first.saturating_add(self.offset);
            if tail.words.has_word_at(doc, next, self.analyzer) {
                let mut positions = head.positions.clone();
                positions.push(next);
                out.push(Span {
                    field: head.field,
                    positions,
                });
            }
        }
        out.len() > before
    }
    fn score(&self, _: &mut BoxIter<'_>, _: &mut Tail<'t>) -> f64 {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::{PrefixIter, build};
    use super::Tail;
    use crate::analysis::{Analyzer, AnalyzerConfig};
    use crate::index::{DocInput, Index, IndexOptions};
    use crate::query::plan::Plan;
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
        // The tail leads where its keys have fewer postings than the head
        // has documents (kommissarin: 1 against eu's 5), else the head.
        let seg = &searcher.segments()[0];
        for (text, leads, ids) in [
            ("EU-Kommissa*", true, vec![2]),
            ("EU-Kommiss*", false, vec![0, 2, 4]),
        ] {
            let q = parse(text, &ParseOptions::default()).unwrap();
            let Plan::PhrasePrefix { head, tail, .. } = e.prepare(&q, None).unwrap().plan else {
                panic!("{text} is a phrase prefix")
            };
            let head = build(&head, seg, searcher.analyzer());
            let tail = Tail::new(PrefixIter::new(seg, &tail, None), &head);
            assert_eq!(tail.leads, leads, "{text}");
            assert_eq!(e.match_ids(&q, None).unwrap(), ids, "{text}");
        }
    }
}
