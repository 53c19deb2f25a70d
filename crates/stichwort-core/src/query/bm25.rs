//! BM25 (k1 = 1.2, b = 0.75, Lucene's idf) and the statistics it reads.
//!
//! The statistics come through [`Statistics`], so that a sharded search can
//! pass global N, document frequencies and lengths and reproduce one index's
//! scores exactly. Every formula is evaluated in the same operation order as
//! the reference backend (`python/stichwort/backends/python.py`), in f64.

use std::sync::Arc;

use crate::Result;
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
    /// See [`Searcher::check_metadata_field`].
    fn check_metadata_field(&self, name: &str) -> Result<()>;
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
    fn check_metadata_field(&self, name: &str) -> Result<()> {
        Searcher::check_metadata_field(self, name)
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

/// BM25's term-frequency saturation `tf / (tf + length_norm(dl, avgdl))`:
/// the weight is `idf * (K1 + 1)` times it (up to rounding).
#[inline]
pub fn saturation(tf: u32, dl: u32, avgdl: f64) -> f64 {
    let tf = tf as f64;
    tf / (tf + length_norm(dl, avgdl))
}

/// The largest [`saturation`] of `(tf, dl)` pairs at `avgdl`, as stored in a
/// postings block's skip entry: rounded up to an f32, so that it is never
/// below the f64 value of any pair.
pub fn max_saturation(pairs: impl Iterator<Item = (u32, u32)>, avgdl: f64) -> f32 {
    let m = pairs
        .map(|(tf, dl)| saturation(tf, dl, avgdl))
        .fold(0.0, f64::max);
    let r = m as f32;
    if (r as f64) < m { r.next_up() } else { r }
}

/// An upper bound of the BM25 weight (at the index-wide average length
/// `avgdl`) of every document of a block whose [`max_saturation`] at the
/// segment's own average length `seg_avgdl` is `max_sat`.
///
/// The saturation of a pair grows with the average length it is taken at.
/// For `avgdl <= seg_avgdl` the stored maximum bounds it already; above,
/// with `r = seg_avgdl / avgdl < 1`, the denominator
/// `tf + K1 (1 - B) + r K1 B dl / seg_avgdl` is at least `r` times the one
/// at `seg_avgdl`, so the saturation is at most `max_sat / r`. The segments
/// of one index have average lengths close to the index's, so the bound
/// stays within a few percent of the best document's weight. Callers add a
/// relative slack for the rounding of the weights they compare it with.
#[inline]
pub fn weight_bound(idf: f64, max_sat: f32, seg_avgdl: f64, avgdl: f64) -> f64 {
    let sat = max_sat as f64;
    // `!(<=)`: an average of 0 or NaN gives an infinite bound (no pruning).
    let sat = if avgdl <= seg_avgdl {
        sat
    } else {
        sat * avgdl / seg_avgdl
    };
    idf * (K1 + 1.0) * sat
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
