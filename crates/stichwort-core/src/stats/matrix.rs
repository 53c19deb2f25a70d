//! Window counts among a list of terms, in one pass over the documents
//! that hold any of them: entry (i, j) counts the tokens of `terms[j]` at
//! most `window` positions from an occurrence of `terms[i]` (the same
//! document, the occurrence's own position excluded; (i, i) counts other
//! occurrences of `terms[i]`). A term is taken as the dictionary has it
//! when the index holds it (so a collocate list feeds straight in), else as
//! the analyzer makes it from a query word ("Sitzung" -> "sitzung") when
//! that is one term; repeated terms get equal rows and columns.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::index::{Searcher, SegmentReader, TERMINATED};
use crate::{Error, Result};

/// Sparse result: (row, column, count) sorted by row, then column.
pub type Triplets = (Vec<u32>, Vec<u32>, Vec<u64>);

/// Largest number of distinct terms counted in a dense `k × k` array.
const DENSE_MAX: usize = 2048;

/// Counts by cell `u * k + v`: dense for up to [`DENSE_MAX`] terms, else hashed.
enum Cells {
    Dense(Vec<u64>),
    Sparse(FxHashMap<usize, u64>),
}

impl Cells {
    fn new(k: usize) -> Cells {
        if k <= DENSE_MAX {
            Cells::Dense(vec![0; k * k])
        } else {
            Cells::Sparse(FxHashMap::default())
        }
    }

    #[inline]
    fn add(&mut self, cell: usize, n: u64) {
        match self {
            Cells::Dense(v) => v[cell] += n,
            Cells::Sparse(m) => *m.entry(cell).or_default() += n,
        }
    }

    fn merge(mut self, other: Cells) -> Cells {
        for (cell, n) in other.nonzero() {
            self.add(cell, n);
        }
        self
    }

    fn nonzero(&self) -> Vec<(usize, u64)> {
        match self {
            Cells::Dense(v) => v.iter().copied().enumerate().filter(|e| e.1 > 0).collect(),
            Cells::Sparse(m) => m.iter().map(|(&c, &n)| (c, n)).collect(),
        }
    }
}

/// Counts of one segment over the indexes into `uniq`.
fn count_segment(seg: &SegmentReader, uniq: &[&str], window: usize) -> Cells {
    let k = uniq.len();
    // Segment ordinal -> index into `uniq` (u32::MAX: not listed).
    let mut col = vec![u32::MAX; seg.num_terms() as usize];
    let mut has_doc = vec![false; seg.num_docs_in_segment() as usize];
    for (u, t) in uniq.iter().enumerate() {
        let Some(ord) = seg.term_ord(t) else { continue };
        col[ord as usize] = u as u32;
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
        .fold(
            || (Cells::new(k), Vec::new(), Vec::new()),
            |(mut m, mut fwd, mut hits), chunk| {
                for &local in chunk {
                    seg.forward(local, &mut fwd);
                    hits.clear();
                    // NO_TERM is out of `col`'s range.
                    hits.extend(fwd.iter().enumerate().filter_map(|(p, &o)| {
                        col.get(o as usize)
                            .filter(|&&u| u != u32::MAX)
                            .map(|&u| (p, u as usize))
                    }));
                    // Each pair of listed tokens at most `window` apart counts for both.
                    for (a, &(p, u)) in hits.iter().enumerate() {
                        for &(_, v) in hits[a + 1..].iter().take_while(|(q, _)| q - p <= window) {
                            m.add(u * k + v, 1);
                            m.add(v * k + u, 1);
                        }
                    }
                }
                (m, fwd, hits)
            },
        )
        .map(|acc| acc.0)
        .reduce(|| Cells::new(k), Cells::merge)
}

/// `word` itself when the index holds it, else its analysed form when the
/// analyzer makes exactly one term of it; stemming is not idempotent, so an
/// indexed term must not be analysed again.
pub(super) fn dictionary_term(s: &Searcher, word: &str) -> String {
    if s.doc_freq(word) > 0 {
        return word.to_string();
    }
    match s.analyzer().analyze_query_word(word).as_slice() {
        [one] => one.clone(),
        _ => word.to_string(),
    }
}

/// The window co-occurrence matrix of `terms` as triplets.
pub fn cooccurrence_matrix(s: &Searcher, terms: &[String], window: u32) -> Result<Triplets> {
    if window == 0 {
        return Err(Error::InvalidArgument("window must be at least 1".into()));
    }
    let terms: Vec<String> = terms.iter().map(|w| dictionary_term(s, w)).collect();
    let mut uniq: Vec<&str> = terms.iter().map(String::as_str).collect();
    uniq.sort_unstable();
    uniq.dedup();
    let k = uniq.len();
    let total = s
        .segments()
        .par_iter()
        .map(|seg| count_segment(seg, &uniq, window as usize))
        .reduce(|| Cells::new(k), Cells::merge);
    // Every position of each unique term in `terms`.
    let mut at: Vec<Vec<u32>> = vec![Vec::new(); uniq.len()];
    for (i, t) in terms.iter().enumerate() {
        let u = uniq.binary_search(&t.as_str()).expect("from terms");
        at[u].push(i as u32);
    }
    let mut cells: Vec<(u32, u32, u64)> = Vec::new();
    for (uv, c) in total.nonzero() {
        for &i in &at[uv / k] {
            cells.extend(at[uv % k].iter().map(|&j| (i, j, c)));
        }
    }
    cells.sort_unstable();
    Ok((
        cells.iter().map(|c| c.0).collect(),
        cells.iter().map(|c| c.1).collect(),
        cells.iter().map(|c| c.2).collect(),
    ))
}
