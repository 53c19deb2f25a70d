//! Iterators that need no postings of their own terms: nothing, every
//! document, a date range on the date column, and a prefix (the union of
//! every key with the prefix, gathered into a sorted list up front).

use super::{DocIter, Span, TERMINATED};
use crate::index::SegmentReader;
use crate::index::segment::is_body_key;
use crate::query::bm25::Field;

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
/// for titles).
pub struct PrefixIter<'a> {
    seg: &'a SegmentReader,
    field: Field,
    /// Ordinals of the matching keys, ascending.
    ords: Vec<u32>,
    docs: Vec<u32>,
    i: usize,
    buf: Vec<u32>,
}

impl<'a> PrefixIter<'a> {
    pub fn new(seg: &'a SegmentReader, field: Field, key_prefix: &str) -> Self {
        let ords: Vec<u32> = seg
            .terms_with_prefix(key_prefix)
            .filter(|(k, _)| field == Field::Title || is_body_key(k))
            .map(|(_, o)| o)
            .collect();
        let n = seg.num_docs_in_segment() as usize;
        let mut bits = vec![0u64; n.div_ceil(64)];
        for &o in &ords {
            let mut c = seg.postings(o);
            while c.doc() != TERMINATED {
                let d = c.doc() as usize;
                if let Some(w) = bits.get_mut(d / 64) {
                    *w |= 1 << (d % 64);
                }
                c.advance();
            }
        }
        let mut docs = Vec::new();
        for (wi, &w) in bits.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                docs.push((wi * 64) as u32 + w.trailing_zeros());
                w &= w - 1;
            }
        }
        PrefixIter {
            seg,
            field,
            ords,
            docs,
            i: 0,
            buf: Vec::new(),
        }
    }
}

impl DocIter for PrefixIter<'_> {
    fn doc(&self) -> u32 {
        self.docs.get(self.i).copied().unwrap_or(TERMINATED)
    }
    fn next(&mut self) -> u32 {
        if self.i < self.docs.len() {
            self.i += 1;
        }
        self.doc()
    }
    fn seek(&mut self, target: u32) -> u32 {
        if self.doc() < target {
            self.i += self.docs[self.i..].partition_point(|&d| d < target);
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
        match self.field {
            Field::Body => {
                self.seg.forward(doc, &mut self.buf);
                for (p, o) in self.buf.iter().enumerate() {
                    if self.ords.binary_search(o).is_ok() {
                        out.push(Span {
                            field: Field::Body,
                            positions: vec![p as u32],
                        });
                    }
                }
            }
            Field::Title => {
                let mut found = Vec::new();
                for &o in &self.ords {
                    let mut c = self.seg.postings(o);
                    if c.seek(doc) == doc {
                        c.positions(&mut self.buf);
                        found.extend_from_slice(&self.buf);
                    }
                }
                found.sort_unstable();
                found.dedup();
                out.extend(found.into_iter().map(|p| Span {
                    field: Field::Title,
                    positions: vec![p],
                }));
            }
        }
    }
    fn cost(&self) -> u64 {
        self.docs.len() as u64
    }
}
