//! A phrase prefix (`EU-Kommiss*`): documents where an occurrence of the
//! head pattern is followed, `offset` positions after its first position,
//! by a whole word that the tail prefix matches. An occurrence covers the
//! head's positions and the tail's; the score is a Prefix's, 1.

use super::paired::PairRule;
use super::{BoxIter, Span};

/// The rule of a phrase prefix whose last word stands this many positions
/// after the head's first (the sides: head, tail).
pub struct FollowedAt(pub u32);

impl PairRule for FollowedAt {
    fn pair(&self, heads: &[Span], tails: &[Span], out: &mut Vec<Span>) -> bool {
        let mut at: Vec<u32> = tails
            .iter()
            .flat_map(|s| s.positions.iter().copied())
            .collect();
        at.sort_unstable();
        let before = out.len();
        for head in heads {
            let Some(&first) = head.positions.first() else {
                continue;
            };
            let next = first.saturating_add(self.0);
            if at.binary_search(&next).is_ok() {
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
    fn score(&self, _: &mut [BoxIter<'_>; 2]) -> f64 {
        1.0
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
