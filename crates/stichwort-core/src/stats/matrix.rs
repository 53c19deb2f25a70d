//! Window counts among a list of terms, in one pass over the documents
//! that hold any of them: entry (i, j) counts the tokens of `terms[j]` at
//! most `window` positions from an occurrence of `terms[i]` (the same
//! document, the occurrence's own position excluded; (i, i) counts other
//! occurrences of `terms[i]`). Terms are dictionary terms (already
//! analysed); repeated terms get equal rows and columns.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::index::{Searcher, SegmentReader, TERMINATED};
use crate::{Error, Result};

/// Sparse result: (row, column, count) sorted by row, then column.
pub type Triplets = (Vec<u32>, Vec<u32>, Vec<u64>);

fn count_segment(seg: &SegmentReader, uniq: &[&str], window: usize) -> FxHashMap<(u32, u32), u64> {
    // Segment ordinal -> index into `uniq`.
    let mut col: FxHashMap<u32, u32> = FxHashMap::default();
    let mut has_doc = vec![false; seg.num_docs_in_segment() as usize];
    for (u, t) in uniq.iter().enumerate() {
        let Some(ord) = seg.term_ord(t) else { continue };
        col.insert(ord, u as u32);
        let mut c = seg.postings(ord);
        while c.doc() != TERMINATED {
            has_doc[c.doc() as usize] = !seg.is_deleted(c.doc());
            c.advance();
        }
    }
    let docs: Vec<u32> = (0..has_doc.len() as u32)
        .filter(|&l| has_doc[l as usize])
        .collect();
    docs.par_chunks(256)
        .map(|chunk| {
            let mut m: FxHashMap<(u32, u32), u64> = FxHashMap::default();
            let mut fwd = Vec::new();
            for &local in chunk {
                seg.forward(local, &mut fwd);
                // NO_TERM is never a key of `col`.
                let hits: Vec<(usize, u32)> = fwd
                    .iter()
                    .enumerate()
                    .filter_map(|(p, o)| col.get(o).map(|&u| (p, u)))
                    .collect();
                // Each pair of listed tokens at most `window` apart counts for both.
                for (a, &(p, u)) in hits.iter().enumerate() {
                    for &(_, v) in hits[a + 1..].iter().take_while(|(q, _)| q - p <= window) {
                        *m.entry((u, v)).or_default() += 1;
                        *m.entry((v, u)).or_default() += 1;
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

/// The window co-occurrence matrix of `terms` as triplets.
pub fn cooccurrence_matrix(s: &Searcher, terms: &[String], window: u32) -> Result<Triplets> {
    if window == 0 {
        return Err(Error::InvalidArgument("window must be at least 1".into()));
    }
    let mut uniq: Vec<&str> = terms.iter().map(String::as_str).collect();
    uniq.sort_unstable();
    uniq.dedup();
    let per_seg: Vec<FxHashMap<(u32, u32), u64>> = s
        .segments()
        .par_iter()
        .map(|seg| count_segment(seg, &uniq, window as usize))
        .collect();
    let mut total: FxHashMap<(u32, u32), u64> = FxHashMap::default();
    for m in per_seg {
        for (k, v) in m {
            *total.entry(k).or_default() += v;
        }
    }
    // Every position of each unique term in `terms`.
    let mut at: Vec<Vec<u32>> = vec![Vec::new(); uniq.len()];
    for (i, t) in terms.iter().enumerate() {
        let u = uniq.binary_search(&t.as_str()).expect("from terms");
        at[u].push(i as u32);
    }
    let mut cells: Vec<(u32, u32, u64)> = Vec::new();
    for ((u, v), c) in total {
        for &i in &at[u as usize] {
            cells.extend(at[v as usize].iter().map(|&j| (i, j, c)));
        }
    }
    cells.sort_unstable();
    Ok((
        cells.iter().map(|c| c.0).collect(),
        cells.iter().map(|c| c.1).collect(),
        cells.iter().map(|c| c.2).collect(),
    ))
}
