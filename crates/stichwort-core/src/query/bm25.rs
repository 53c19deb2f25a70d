//! BM25 (k1 = 1.2, b = 0.75, Lucene's idf) and the statistics it reads.
//!
//! The statistics come through [`Statistics`], so that a sharded search can
//! pass global N, document frequencies and lengths and reproduce one index's
//! scores exactly. Every formula is evaluated in the same operation order as
//! the reference backend (`python/stichwort/backends/python.py`), in f64.

use std::sync::Arc;

use crate::index::{Searcher, SegmentReader};

pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;

/// The searchable text fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Body,
    Title,
}

/// Collection statistics over live documents.
pub trait Statistics: Sync {
    /// Live documents (N).
    fn num_docs(&self) -> u64;
    /// Live documents containing the dictionary key (`title:` + term for titles).
    fn doc_freq(&self, key: &str) -> u64;
    /// Sum of the lengths of `field` over live documents.
    fn total_len(&self, field: Field) -> u64;
}

impl Statistics for Searcher {
    fn num_docs(&self) -> u64 {
        self.stats().num_docs
    }
    fn doc_freq(&self, key: &str) -> u64 {
        Searcher::doc_freq(self, key)
    }
    fn total_len(&self, field: Field) -> u64 {
        match field {
            Field::Body => self.stats().num_tokens,
            Field::Title => self.stats().num_title_tokens,
        }
    }
}

/// Lucene's idf: ln(1 + (N - df + 0.5) / (df + 0.5)).
pub fn idf(num_docs: u64, doc_freq: u64) -> f64 {
    let n_minus_df = num_docs as f64 - doc_freq as f64;
    (1.0 + (n_minus_df + 0.5) / (doc_freq as f64 + 0.5)).ln()
}

/// Average length of a field (0 when there are no documents).
pub fn avg_len(stats: &dyn Statistics, field: Field) -> f64 {
    let n = stats.num_docs();
    if n == 0 {
        0.0
    } else {
        stats.total_len(field) as f64 / n as f64
    }
}

/// The BM25 weight of one term (or phrase) in one document.
#[inline]
pub fn bm25(idf: f64, tf: u32, dl: u32, avgdl: f64) -> f64 {
    bm25_normed(idf, tf, length_norm(dl, avgdl))
}

/// The length part of BM25's denominator: K1 * (1 - B + B * dl / avgdl).
#[inline]
pub fn length_norm(dl: u32, avgdl: f64) -> f64 {
    K1 * (1.0 - B + B * dl as f64 / avgdl)
}

/// BM25 from a precomputed [`length_norm`]; the same operations in the
/// same order as [`bm25`], so bit for bit the same value.
#[inline]
pub fn bm25_normed(idf: f64, tf: u32, norm: f64) -> f64 {
    let tf = tf as f64;
    idf * tf * (K1 + 1.0) / (tf + norm)
}

/// The cached length norms of `field` in a segment (see [`length_norm`]).
pub fn norms(seg: &SegmentReader, field: Field, avgdl: f64) -> Arc<[f64]> {
    seg.norm_table(field == Field::Title, avgdl, length_norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_lucene_values() {
        // ln(1 + (10 - 2 + 0.5) / 2.5) = ln(4.4)
        assert!((idf(10, 2) - 4.4f64.ln()).abs() < 1e-15);
        // tf = 1 at average length: idf * 2.2 / 2.2 = idf
        assert!((bm25(1.5, 1, 100, 100.0) - 1.5).abs() < 1e-15);
        assert!(bm25(1.0, 3, 10, 100.0) > bm25(1.0, 3, 200, 100.0));
    }
}
