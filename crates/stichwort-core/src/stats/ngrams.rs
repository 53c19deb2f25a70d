//! The most frequent n-grams: the terms at n consecutive positions of one
//! document (no position without a term in between), counted over the live
//! documents that pass a filter; sorted by count descending, then by the
//! tuple of terms ascending. Counted over the snapshot's global term ids,
//! which follow the terms' order, so only the rows kept are named.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::matches::allowed_docs;
use crate::analysis::STOP_WORDS;
use crate::index::forward::NO_TERM;
use crate::index::{GlobalTerms, Searcher, SegmentReader};
use crate::query::Query;
use crate::query::plan::check_fields;
use crate::{Error, Result};

/// Longest n-gram.
pub const MAX_N: usize = 5;

type Gram = [u32; MAX_N];

/// Counts of segment `i` by n-gram of global ids; `usable[id]`: may the
/// term take part (stop words out when asked).
fn count_segment(
    seg: &SegmentReader,
    map: &[u32],
    n: usize,
    allowed: &[bool],
    usable: &[bool],
) -> FxHashMap<Gram, u64> {
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
                    let id = map.get(fwd[p] as usize).copied().unwrap_or(NO_TERM);
                    fwd[p] = id;
                    run = if usable.get(id as usize) == Some(&true) {
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

/// Per global id: may it take part in an n-gram? A stop word is the term
/// the index's analyzer makes of a word of [`STOP_WORDS`] ("für" -> "fur",
/// "anderem" -> "and"), not its spelling: a stem that is spelled like one
/// ("Änderung" -> "ander") is a content word.
fn usable_ids(s: &Searcher, g: &GlobalTerms, keep_stop: bool) -> Vec<bool> {
    let mut usable = vec![true; g.len()];
    if !keep_stop {
        for w in STOP_WORDS {
            for term in s.analyzer().analyze_query_word(w) {
                for (i, seg) in s.segments().iter().enumerate() {
                    if let Some(u) = seg
                        .term_ord(&term)
                        .and_then(|o| usable.get_mut(g.map(i)[o as usize] as usize))
                    {
                        *u = false;
                    }
                }
            }
        }
    }
    usable
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
    check_fields(s, filter)?;
    let segs = s.segments();
    let g = s.global_terms();
    let usable = usable_ids(s, g, stopwords);
    let per_seg: Vec<FxHashMap<Gram, u64>> = segs
        .par_iter()
        .enumerate()
        .map(|(i, seg)| {
            let allowed = allowed_docs(s, seg, filter)?;
            Ok(count_segment(seg, g.map(i), n, &allowed, &usable))
        })
        .collect::<Result<_>>()?;
    let total = per_seg.into_iter().reduce(|mut a, b| {
        for (k, v) in b {
            *a.entry(k).or_default() += v;
        }
        a
    });
    let mut rows: Vec<(Gram, u64)> = total
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.1 >= min_count)
        .collect();
    // Ids follow the terms' order: tuples of ids sort as tuples of terms.
    let by_rank = |a: &(Gram, u64), b: &(Gram, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    if let Some(k) = top
        && k < rows.len()
    {
        if k > 0 {
            rows.select_nth_unstable_by(k - 1, by_rank);
        }
        rows.truncate(k);
    }
    rows.sort_unstable_by(by_rank);
    Ok(rows
        .into_iter()
        .map(|(gram, c)| {
            (
                gram[..n].iter().map(|&id| g.name(id).to_string()).collect(),
                c,
            )
        })
        .collect())
}
