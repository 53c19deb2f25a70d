//! Iterators that need no postings of their own terms: nothing, every
//! document, a date range on the date column, and a prefix (the union of
//! every key with the prefix, gathered into a sorted list up front, once
//! per query: see `query::prefix`).

use std::sync::Arc;

use super::{DocIter, Span, TERMINATED};
use crate::analysis::Analyzer;
use crate::index::{SegmentReader, TITLE_PREFIX};
use crate::query::bm25::Field;
use crate::query::prefix::{Expansion, PrefixTerms};

pub struct EmptyIter;

impl DocIter for EmptyIter {
    fn doc(&self) -> u32 {
        TERMINATED
    }
    fn next(&mut self) -> u32 {
        TERMINATED
    }
    fn seek(&mut self, _target: u32) -> u32 {
        TERMINATED
    }
    fn score(&mut self) -> f64 {
        0.0
    }
    fn spans(&mut self, _out: &mut Vec<Span>) {}
    fn cost(&self) -> u64 {
        0
    }
}

/// Local ids `0..n`.
pub struct AllIter {
    doc: u32,
    n: u32,
}

impl AllIter {
    pub fn new(n: u32) -> Self {
        AllIter {
            doc: if n == 0 { TERMINATED } else { 0 },
            n,
        }
    }
}

impl DocIter for AllIter {
    fn doc(&self) -> u32 {
        self.doc
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc < target {
            self.doc = if target < self.n { target } else { TERMINATED };
        }
        self.doc
    }
    fn score(&mut self) -> f64 {
        0.0
    }
    fn spans(&mut self, _out: &mut Vec<Span>) {}
    fn cost(&self) -> u64 {
        self.n as u64
    }
}

/// Documents dated in `start..=end` (undated ones never).
pub struct DateIter<'a> {
    seg: &'a SegmentReader,
    start: i32,
    end: i32,
    doc: u32,
}

impl<'a> DateIter<'a> {
    pub fn new(seg: &'a SegmentReader, start: Option<i32>, end: Option<i32>) -> Self {
        let mut it = DateIter {
            seg,
            start: start.unwrap_or(i32::MIN + 1),
            end: end.unwrap_or(i32::MAX),
            doc: 0,
        };
        it.doc = it.from(0);
        it
    }

    fn from(&self, mut local: u32) -> u32 {
        let n = self.seg.num_docs_in_segment();
        while local < n {
            if self
                .seg
                .date(local)
                .is_some_and(|d| self.start <= d && d <= self.end)
            {
                return local;
            }
            local += 1;
        }
        TERMINATED
    }
}

impl DocIter for DateIter<'_> {
    fn doc(&self) -> u32 {
        self.doc
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc < target {
            self.doc = self.from(target);
        }
        self.doc
    }
    fn score(&mut self) -> f64 {
        0.0
    }
    fn spans(&mut self, _out: &mut Vec<Span>) {}
    fn cost(&self) -> u64 {
        self.seg.num_docs_in_segment() as u64
    }
}

/// Every key of a field with a prefix: scores 1.0; spans are the positions
/// of those keys (from the forward index for the body, from the postings
/// for titles). With whole words only (`whole`, a decompounding index's
/// `Near` operand or co-occurrence target) a document matches only where a
/// whole word has such a key: the body's forward index holds whole words,
/// a stored title is re-analysed (without one, its positions stay
/// unfiltered, as for phrases).
pub struct PrefixIter<'a> {
    seg: &'a SegmentReader,
    terms: PrefixTerms,
    /// The keys and the documents (parts included), shared by the query's
    /// Prefix clauses of the same keys.
    expansion: Arc<Expansion>,
    i: usize,
    whole: Option<&'a Analyzer>,
    /// The span positions of `docs[i]` once [`Self::find_positions`] ran.
    at: Vec<u32>,
    buf: Vec<u32>,
    /// A title's whole-word positions with a matching key, and its document
    /// (for [`Self::has_word_at`]).
    title_words: Option<(u32, Vec<u32>)>,
}

impl<'a> PrefixIter<'a> {
    pub fn new(seg: &'a SegmentReader, terms: &PrefixTerms, whole: Option<&'a Analyzer>) -> Self {
        let mut it = PrefixIter {
            seg,
            terms: terms.clone(),
            expansion: terms.expansion(seg),
            i: 0,
            whole,
            at: Vec::new(),
            buf: Vec::new(),
            title_words: None,
        };
        it.settle();
        it
    }

    /// An upper bound of [`DocIter::cost`] known without gathering the
    /// documents: the matching keys' postings.
    pub fn postings(&self) -> u64 {
        self.expansion.postings(self.seg)
    }

    /// Whether `doc` has a whole word with a matching key at `position`:
    /// one value of the body's forward index, or the title's words
    /// (re-analysed with `analyzer`, once per document).
    pub fn has_word_at(&mut self, doc: u32, position: u32, analyzer: &Analyzer) -> bool {
        if self.terms.field == Field::Body {
            let ord = self.seg.forward_doc(doc).at(position as usize);
            return ord.is_some_and(|o| self.expansion.ords.binary_search(&o).is_ok());
        }
        if self.title_words.as_ref().is_none_or(|(d, _)| *d != doc) {
            let mut words = Vec::new();
            self.title_positions(doc, Some(analyzer), &mut words);
            self.title_words = Some((doc, words));
        }
        (self.title_words.as_ref()).is_some_and(|(_, words)| words.binary_search(&position).is_ok())
    }

    /// Appends the positions in `doc`'s title with a matching key, ascending:
    /// of whole words where `analyzer` re-analyses a stored title, else
    /// from the postings (parts included, as for phrases).
    fn title_positions(&mut self, doc: u32, analyzer: Option<&Analyzer>, out: &mut Vec<u32>) {
        if let Some(analyzer) = analyzer
            && let Some(title) = self.seg.stored(doc).ok().and_then(|d| d.title)
        {
            let mut key = String::new();
            analyzer.analyze(&title, &mut |t| {
                key.clear();
                key.push_str(TITLE_PREFIX);
                key.push_str(t.term);
                if !t.is_part && self.terms.accepts(&key) {
                    out.push(t.position);
                }
            });
            return;
        }
        for &o in &self.expansion.ords {
            let mut c = self.seg.postings(o);
            if c.seek(doc) == doc {
                c.positions(&mut self.buf);
                out.extend_from_slice(&self.buf);
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// With whole words only, moves on to the first document from `i` on
    /// where a whole word matches (its positions left in `at`).
    fn settle(&mut self) {
        if self.whole.is_none() {
            return;
        }
        while let Some(&doc) = self.expansion.docs(self.seg).get(self.i) {
            self.find_positions(doc);
            if !self.at.is_empty() {
                return;
            }
            self.i += 1;
        }
    }

    /// The span positions of `doc` into `at`, ascending.
    fn find_positions(&mut self, doc: u32) {
        self.at.clear();
        if self.terms.field == Field::Body {
            let positions = self.expansion.body_positions(self.seg, doc, &mut self.buf);
            self.at.extend_from_slice(&positions);
            return;
        }
        let mut at = std::mem::take(&mut self.at);
        self.title_positions(doc, self.whole, &mut at);
        self.at = at;
    }
}

impl DocIter for PrefixIter<'_> {
    fn doc(&self) -> u32 {
        self.expansion
            .docs(self.seg)
            .get(self.i)
            .copied()
            .unwrap_or(TERMINATED)
    }
    fn next(&mut self) -> u32 {
        if self.i < self.expansion.docs(self.seg).len() {
            self.i += 1;
            self.settle();
        }
        self.doc()
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc() < target {
            self.i += self.expansion.docs(self.seg)[self.i..].partition_point(|&d| d < target);
            self.settle();
        }
        self.doc()
    }
    fn score(&mut self) -> f64 {
        1.0
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        let doc = self.doc();
        if doc == TERMINATED {
            return;
        }
        if self.whole.is_none() {
            self.find_positions(doc);
        }
        out.extend(self.at.iter().map(|&p| Span {
            field: self.terms.field,
            positions: smallvec::smallvec![p],
        }));
    }
    fn cost(&self) -> u64 {
        self.expansion.docs(self.seg).len() as u64
    }
}

/// The body spans of the Prefix clauses of one Or, found in one scan of a
/// document's forward index for all of them (a scan per clause cost an Or
/// of many prefixes, `a* OR b* OR …`, clauses × length per document). A
/// position whose key matches one of them is a span of every such clause
/// on the document, so the union is exact.
pub struct BodyPrefixSpans<'a> {
    seg: &'a SegmentReader,
    /// The Or's children that are body prefixes, ascending.
    children: Vec<usize>,
    /// Their keys' ordinals, ascending, without repeats.
    ords: Vec<u32>,
    buf: Vec<u32>,
}

impl<'a> BodyPrefixSpans<'a> {
    /// The spans of `children` (indices of the Or's children), body
    /// prefixes with the `expansions`.
    pub fn new(
        seg: &'a SegmentReader,
        children: Vec<usize>,
        expansions: &[Arc<Expansion>],
    ) -> Self {
        let mut ords: Vec<u32> = expansions
            .iter()
            .flat_map(|e| e.ords.iter().copied())
            .collect();
        ords.sort_unstable();
        ords.dedup();
        BodyPrefixSpans {
            seg,
            children,
            ords,
            buf: Vec::new(),
        }
    }

    /// Is child `i` of the Or one of these prefixes?
    pub fn covers(&self, i: usize) -> bool {
        self.children.binary_search(&i).is_ok()
    }

    /// Appends the spans of `doc`, on which one of the prefixes stands.
    pub fn spans(&mut self, doc: u32, out: &mut Vec<Span>) {
        self.seg.forward(doc, &mut self.buf);
        let ords = &self.ords;
        out.extend(
            (self.buf.iter().enumerate())
                .filter(|(_, o)| ords.binary_search(o).is_ok())
                .map(|(p, _)| Span {
                    field: Field::Body,
                    positions: smallvec::smallvec![p as u32],
                }),
        );
    }
}
