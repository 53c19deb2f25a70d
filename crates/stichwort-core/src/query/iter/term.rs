//! One term's postings: a scored term and an unscored keyword.

use super::{DocIter, PartMatch, Span, field_len};
use crate::index::{PostingsCursor, SegmentReader};
use crate::query::bm25::{Field, bm25};

pub struct TermIter<'a> {
    cur: PostingsCursor<'a>,
    /// The term's ordinal in `seg`.
    ord: u32,
    seg: &'a SegmentReader,
    field: Field,
    idf: f64,
    avgdl: f64,
    buf: Vec<u32>,
    /// The current document's whole words (scratch of `part_matches`).
    words: Vec<u32>,
}

impl<'a> TermIter<'a> {
    /// The postings of term `ord` of `seg`.
    pub fn new(ord: u32, seg: &'a SegmentReader, field: Field, idf: f64, avgdl: f64) -> Self {
        TermIter {
            cur: seg.postings(ord),
            ord,
            seg,
            field,
            idf,
            avgdl,
            buf: Vec::new(),
            words: Vec::new(),
        }
    }
}

impl DocIter for TermIter<'_> {
    fn doc(&self) -> u32 {
        self.cur.doc()
    }
    fn next(&mut self) -> u32 {
        self.cur.advance()
    }
    fn seek(&mut self, target: u32) -> u32 {
        self.cur.seek(target)
    }
    fn score(&mut self) -> f64 {
        let dl = field_len(self.seg, self.field, self.cur.doc());
        bm25(self.idf, self.cur.tf(), dl, self.avgdl)
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        self.cur.positions(&mut self.buf);
        out.extend(self.buf.iter().map(|&p| Span {
            field: self.field,
            positions: smallvec::smallvec![p],
        }));
    }
    /// The positions whose whole word (in the forward index, which only
    /// the body has) is another term.
    fn part_matches(&mut self, out: &mut Vec<PartMatch>) {
        if self.field != Field::Body {
            return;
        }
        self.cur.positions(&mut self.buf);
        self.seg.forward(self.cur.doc(), &mut self.words);
        let (ord, words) = (self.ord, &self.words);
        out.extend(
            (self.buf.iter())
                .filter(|&&p| words.get(p as usize) != Some(&ord))
                .map(|&position| PartMatch { position, ord }),
        );
    }
    fn cost(&self) -> u64 {
        self.cur.term_info().doc_freq as u64
    }
}

/// A metadata keyword: matches, scores 0, no spans.
pub struct KeyIter<'a> {
    cur: PostingsCursor<'a>,
}

impl<'a> KeyIter<'a> {
    pub fn new(cur: PostingsCursor<'a>) -> Self {
        KeyIter { cur }
    }
}

impl DocIter for KeyIter<'_> {
    fn doc(&self) -> u32 {
        self.cur.doc()
    }
    fn next(&mut self) -> u32 {
        self.cur.advance()
    }
    fn seek(&mut self, target: u32) -> u32 {
        self.cur.seek(target)
    }
    fn score(&mut self) -> f64 {
        0.0
    }
    fn spans(&mut self, _out: &mut Vec<Span>) {}
    fn cost(&self) -> u64 {
        self.cur.term_info().doc_freq as u64
    }
}
