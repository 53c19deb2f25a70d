//! The most frequent n-grams: the terms at n consecutive positions of one
//! document (no position without a term in between), counted over the live
//! documents that pass a filter; sorted by count descending, then by the
//! tuple of terms ascending.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::matches::allowed_docs;
use crate::analysis::STOP_WORDS;
use crate::index::forward::NO_TERM;
use crate::index::{Searcher, SegmentReader};
use crate::query::Query;
use crate::{Error, Result};

/// Longest n-gram.
pub const MAX_N: usize = 5;

type Gram = [u32; MAX_N];

fn count_segment(
    seg: &SegmentReader,
    n: usize,
    allowed: &[bool],
    keep_stop: bool,
) -> FxHashMap<Gram, u64> {
    // Ordinals that may take part (stop words out when asked).
    let mut usable = vec![true; seg.num_terms() as usize];
    if !keep_stop {
        for w in STOP_WORDS {
            if let Some(o) = seg.term_ord(w) {
                usable[o as usize] = false;
            }
        }
    }
    let docs: Vec<u32> = (0..allowed.len() as u32)
        .filter(|&l| allowed[l as usize])
        .collect();
    docs.par_chunks(512)
        .map(|chunk| {
            let mut m: FxHashMap<Gram, u64> = FxHashMap::default();
            let mut fwd = Vec::new();
            for &local in chunk {
                seg.forward(local, &mut fwd);
                // `run` = usable terms ending at p.
                let mut run = 0;
                for p in 0..fwd.len() {
                    let o = fwd[p];
                    run = if o != NO_TERM && usable.get(o as usize) == Some(&true) {
                        run + 1
                    } else {
                        0
                    };
                    if run >= n {
                        let mut g = [NO_TERM; MAX_N];
                        g[..n].copy_from_slice(&fwd[p + 1 - n..=p]);
                        *m.entry(g).or_default() += 1;
                    }
                }
            }
            m
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        })
}

/// The n-grams with count >= `min_count`, best `top` (None: all).
pub fn ngrams(
    s: &Searcher,
    n: usize,
    min_count: u64,
    top: Option<usize>,
    filter: Option<&Query>,
    stopwords: bool,
) -> Result<Vec<(Vec<String>, u64)>> {
    if !(1..=MAX_N).contains(&n) {
        return Err(Error::InvalidArgument(format!(
            "n must be in 1..={MAX_N}, got {n}"
        )));
    }
    let segs = s.segments();
    let per_seg: Vec<FxHashMap<Gram, u64>> = segs
        .par_iter()
        .map(|seg| {
            Ok(count_segment(
                seg,
                n,
                &allowed_docs(s, seg, filter)?,
                stopwords,
            ))
        })
        .collect::<Result<_>>()?;
    let words = |seg: &SegmentReader, g: &Gram| -> Vec<String> {
        g[..n].iter().map(|&o| seg.term(o)).collect()
    };
    let mut rows: Vec<(Vec<String>, u64)> = if segs.len() == 1 {
        per_seg[0]
            .iter()
            .filter(|e| *e.1 >= min_count)
            .map(|(g, &c)| (words(&segs[0], g), c))
            .collect()
    } else {
        // Segments number their terms differently: add up by the words.
        let mut total: FxHashMap<Vec<String>, u64> = FxHashMap::default();
        for (seg, m) in segs.iter().zip(&per_seg) {
            for (g, &c) in m {
                *total
                    .entry(g[..n].iter().map(|&o| seg.term(o)).collect())
                    .or_default() += c;
            }
        }
        total.into_iter().filter(|e| e.1 >= min_count).collect()
    };
    let by_rank =
        |a: &(Vec<String>, u64), b: &(Vec<String>, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    if let Some(k) = top
        && k < rows.len()
    {
        if k > 0 {
            rows.select_nth_unstable_by(k - 1, by_rank);
        }
        rows.truncate(k);
    }
    rows.sort_unstable_by(by_rank);
    Ok(rows)
}
