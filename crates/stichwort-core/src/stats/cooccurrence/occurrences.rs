//! Where the target occurs: per segment, its documents and the body spans
//! of each, from postings and positions (a term, an exact phrase) or from
//! the query engine (anything else).

use crate::Result;
use crate::analysis::Analyzer;
use crate::index::{Searcher, SegmentReader, TERMINATED};
use crate::query::iter;
use crate::query::plan::{Plan, whole_words_only};
use crate::query::search::{body_spans, sized_stack};
use crate::query::{Engine, Query};
use crate::stats::matches::Pattern;

/// Target occurrences of one segment: the matching documents and the body
/// spans of each (a document may match without body spans).
#[derive(Default)]
pub(super) struct Occurrences {
    pub(super) docs: Vec<u32>,
    /// doc i's spans are `span_ends[doc_ends[i-1]..doc_ends[i]]`.
    doc_ends: Vec<usize>,
    /// span j covers `pos[span_ends[j-1]..span_ends[j]]` (ascending).
    span_ends: Vec<usize>,
    pos: Vec<u32>,
}

impl Occurrences {
    /// Spans of `n` positions each, one after another.
    fn push_spans(&mut self, spans: &[u32], n: usize) {
        if n == 0 {
            return;
        }
        let start = self.pos.len();
        self.pos.extend_from_slice(spans);
        self.span_ends
            .extend((start + n..=self.pos.len()).step_by(n));
    }

    fn end_doc(&mut self, local: u32) {
        self.docs.push(local);
        self.doc_ends.push(self.span_ends.len());
    }

    /// Room for this many documents and spans of one position.
    fn reserve(&mut self, docs: usize, spans: usize) {
        self.docs.reserve(docs);
        self.doc_ends.reserve(docs);
        self.span_ends.reserve(spans);
        self.pos.reserve(spans);
    }

    pub(super) fn num_spans(&self) -> usize {
        self.span_ends.len()
    }

    /// What counting documents `..=d` costs about: documents plus spans.
    pub(super) fn work_through(&self, d: usize) -> usize {
        d + 1 + self.doc_ends[d]
    }

    /// Share `k` of `of` runs of documents of about equal work.
    pub(super) fn share(&self, k: usize, of: usize) -> std::ops::Range<usize> {
        let n = self.docs.len();
        let total = n + self.num_spans();
        // The first document after those whose work reaches j/of of all.
        let cut = |j: usize| match j {
            0 => 0,
            j if j >= of => n,
            j => (0..n)
                .find(|&d| self.work_through(d) * of >= total * j)
                .map_or(n, |d| d + 1),
        };
        cut(k)..cut(k + 1)
    }

    /// The spans of document i.
    pub(super) fn spans(&self, i: usize) -> impl Iterator<Item = &[u32]> {
        let a = if i == 0 { 0 } else { self.doc_ends[i - 1] };
        (a..self.doc_ends[i]).map(move |j| {
            let s = if j == 0 { 0 } else { self.span_ends[j - 1] };
            &self.pos[s..self.span_ends[j]]
        })
    }
}

/// How the target's occurrences are found: a Term or an exact Phrase
/// from postings and positions (its keys' ordinals per segment, None where
/// one is missing), anything else by the query engine's spans.
pub(super) enum Target {
    Pattern(Pattern, Vec<Option<Vec<u32>>>),
    Engine(Plan),
}

impl Target {
    pub(super) fn of(s: &Searcher, q: &Query) -> Result<Target> {
        match q {
            q if Pattern::matches_alone(q, s.analyzer()) => {
                let p = Pattern::target(q, s.analyzer())?;
                let ords = s.segments().iter().map(|seg| p.ords(seg)).collect();
                Ok(Target::Pattern(p, ords))
            }
            // (Occurrences are whole words: a compound's parts are not.)
            _ => sized_stack(q, None, || Engine::new(s).prepare(q, None)).map(|p| {
                let mut plan = p.plan;
                if s.analyzer().config().emits_parts() {
                    whole_words_only(&mut plan);
                }
                Target::Engine(plan)
            }),
        }
    }

    /// At most how many documents of each segment hold the target (None:
    /// not known before reading them).
    pub(super) fn docs_bounds(&self, segs: &[SegmentReader]) -> Option<Vec<u64>> {
        let Target::Pattern(_, ords) = self else {
            return None;
        };
        let rarest = |seg: &SegmentReader, o: &Vec<u32>| {
            o.iter()
                .map(|&o| u64::from(seg.term_info(o).doc_freq))
                .min()
        };
        Some(
            segs.iter()
                .zip(ords)
                .map(|(seg, o)| o.as_ref().and_then(|o| rarest(seg, o)).unwrap_or(0))
                .collect(),
        )
    }

    /// The occurrences in segment `i` of the searcher.
    pub(super) fn occurrences(
        &self,
        i: usize,
        seg: &SegmentReader,
        analyzer: &Analyzer,
        allowed: Option<&[bool]>,
    ) -> Occurrences {
        let mut occ = Occurrences::default();
        let ok = |l: u32| allowed.map_or_else(|| !seg.is_deleted(l), |a| a[l as usize]);
        match self {
            Target::Pattern(p, ords) => {
                let Some(ords) = &ords[i] else {
                    return occ;
                };
                let n = p.keys.len().max(1);
                if let [one] = ords[..] {
                    // Room for its postings (no growing by copies), bounded
                    // in case the counts are damaged: a hint only.
                    let info = seg.term_info(one);
                    let docs = info.doc_freq.min(seg.num_docs_in_segment()) as usize;
                    occ.reserve(docs, (info.coll_freq as usize).min(8 * docs));
                }
                p.for_each_match_of(seg, ords, &ok, &mut |l, spans| {
                    if p.body {
                        occ.push_spans(&spans[..spans.len() / n * n], n);
                    }
                    occ.end_doc(l);
                });
            }
            Target::Engine(plan) => {
                let mut it = iter::build(plan, seg, analyzer);
                while it.doc() != TERMINATED {
                    let l = it.doc();
                    if ok(l) {
                        for s in body_spans(&mut it) {
                            occ.push_spans(&s.positions, s.positions.len());
                        }
                        occ.end_doc(l);
                    }
                    it.next();
                }
            }
        }
        occ
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_the_documents_in_runs_of_equal_work() {
        // Document d has d % 7 spans of one position (some none at all).
        let mut occ = Occurrences::default();
        for d in 0..500u32 {
            let spans: Vec<u32> = (0..d % 7).collect();
            occ.push_spans(&spans, 1);
            occ.end_doc(d);
        }
        let total = 500 + occ.num_spans();
        for of in 1..6 {
            let shares: Vec<_> = (0..of).map(|k| occ.share(k, of)).collect();
            assert_eq!(shares[0].start, 0);
            assert_eq!(shares[of - 1].end, 500);
            for (a, b) in shares.iter().zip(&shares[1..]) {
                assert_eq!(a.end, b.start);
            }
            for r in &shares {
                let work = r.len() + (r.clone()).map(|d| d % 7).sum::<usize>();
                assert!(
                    work.abs_diff(total / of) <= 8,
                    "{of} shares: {r:?} has {work}"
                );
            }
        }
        // No documents: empty shares.
        assert_eq!(Occurrences::default().share(1, 2), 0..0);
    }
}
