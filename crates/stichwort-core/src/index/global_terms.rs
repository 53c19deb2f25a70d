//! Global body-term ids of a snapshot: the segments' dictionaries merged
//! (one FST stream union) into ids that follow the terms' byte order (so
//! also Python's string order), with each segment's `ordinal → id` array
//! and the whole-word frequencies over the live documents per id.
//!
//! Statistics count into dense arrays over these ids, so results of
//! several segments add up as arrays and no term string is touched until
//! the final rows are named. Built once per [`Searcher`](super::Searcher).

use fst::Streamer;
use fst::map::OpBuilder;
use rayon::prelude::*;

use super::forward::NO_TERM;
use super::segment::{SegmentReader, is_body_key};

#[derive(Debug, Default)]
pub struct GlobalTerms {
    /// Per segment: ordinal → global id ([`NO_TERM`] for title terms and keywords).
    to_global: Vec<Vec<u32>>,
    /// The terms one after another (naming a row is a slice, not a walk
    /// through a segment's FST, nor a UTF-8 check).
    names: String,
    /// Per global id: the end of its term in `names`.
    name_ends: Vec<usize>,
    /// Occurrences per id in live documents (whole words).
    pub cf: Vec<u64>,
    /// Live documents per id.
    pub df: Vec<u64>,
}

impl GlobalTerms {
    pub fn build(segs: &[SegmentReader]) -> GlobalTerms {
        // Frequencies per segment in parallel (cached with the readers).
        segs.par_iter().for_each(|s| {
            s.body_freqs();
        });
        let mut g = GlobalTerms {
            to_global: segs
                .iter()
                .map(|s| vec![NO_TERM; s.num_terms() as usize])
                .collect(),
            ..Default::default()
        };
        let mut op = OpBuilder::new();
        for s in segs {
            op = op.add(s.term_fst());
        }
        let mut stream = op.union();
        while let Some((key, hits)) = stream.next() {
            let Some(key) = std::str::from_utf8(key).ok().filter(|k| is_body_key(k)) else {
                continue;
            };
            let id = g.name_ends.len() as u32;
            let (mut cf, mut df) = (0, 0);
            for h in hits {
                let (seg, ord) = (h.index, h.value as usize);
                g.to_global[seg][ord] = id;
                let f = segs[seg].body_freqs();
                cf += f.cf[ord];
                df += u64::from(f.df[ord]);
            }
            g.names.push_str(key);
            g.name_ends.push(g.names.len());
            g.cf.push(cf);
            g.df.push(df);
        }
        g
    }

    /// Number of global ids.
    pub fn len(&self) -> usize {
        self.name_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.name_ends.is_empty()
    }

    /// Ordinal → global id of segment `seg` (index into the searcher's segments).
    pub fn map(&self, seg: usize) -> &[u32] {
        &self.to_global[seg]
    }

    /// The term of a global id (empty when out of range).
    pub fn name(&self, id: u32) -> &str {
        let i = id as usize;
        let Some(&end) = self.name_ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.name_ends[i - 1] };
        self.names.get(start..end).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analyzer, AnalyzerConfig};
    use crate::index::{DocInput, Index, IndexOptions};

    #[test]
    fn merges_segments_in_term_order() {
        let an = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        let mut ix = Index::in_memory(an, IndexOptions::default()).unwrap();
        let doc = |t: &str| DocInput {
            text: t.into(),
            title: Some("kopf".into()),
            ..Default::default()
        };
        ix.add(doc("b c c")).unwrap();
        ix.commit().unwrap();
        ix.add(doc("a c")).unwrap();
        ix.add(doc("d")).unwrap();
        ix.commit().unwrap();
        ix.delete(2).unwrap();
        ix.commit().unwrap();
        let s = ix.searcher().unwrap();
        assert_eq!(s.segments().len(), 2);
        let g = s.global_terms();
        let names: Vec<String> = (0..g.len() as u32).map(|i| g.name(i).to_string()).collect();
        assert_eq!(names, ["a", "b", "c", "d"]);
        assert_eq!(g.cf, [1, 1, 3, 0]);
        assert_eq!(g.df, [1, 1, 2, 0]);
        let seg1 = &s.segments()[1];
        let c = seg1.term_ord("c").unwrap();
        assert_eq!(g.map(1)[c as usize], 2);
        let title = seg1.term_ord("title:kopf").unwrap();
        assert_eq!(g.map(1)[title as usize], u32::MAX);
    }
}
