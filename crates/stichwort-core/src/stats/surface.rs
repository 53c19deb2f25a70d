//! Surface forms: how the text writes a term. With stemming and folding an
//! index term is no word ("todlich", "wurd"); a list of collocates reads
//! better with the form the articles use ("tödlich", "wurde"). The stored
//! texts of a term's first documents are analysed again and the whole-word
//! tokens of the term counted by their written form.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::matrix::dictionary_term;
use crate::Result;
use crate::index::{Searcher, TERMINATED};
use crate::query::Field;
use crate::query::plan::key_of;

/// The written form of each body term in `terms` that its occurrences in
/// its `docs` lowest live document ids use most (ties: the one seen
/// first, in document and position order); None for a term in no live
/// document with stored text. A term the index does not hold is taken as
/// the analyzer makes it from a word, as by the matrix
/// ([`dictionary_term`]). Each document is analysed once for all the terms
/// that want it (frequent terms share their first documents), documents
/// in parallel. ("todlich" → "tödlich" in "Der Unfall war tödlich.")
pub fn surface_forms(s: &Searcher, terms: &[String], docs: usize) -> Result<Vec<Option<String>>> {
    let terms: Vec<String> = terms.iter().map(|w| dictionary_term(s, w)).collect();
    // Which terms want each document.
    let mut wanted: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, term) in terms.iter().enumerate() {
        for id in first_docs(s, term, docs) {
            wanted.entry(id).or_default().push(i);
        }
    }
    let wanted: Vec<(u32, Vec<usize>)> = wanted.into_iter().collect();
    // Per document, in position order: (term index, written form).
    let found: Vec<Vec<(usize, String)>> = wanted
        .par_iter()
        .map(|(id, want)| forms_in(s, *id, want, &terms))
        .collect::<Result<_>>()?;
    // Counted in document order, so that the first seen is known.
    let mut counts: Vec<HashMap<String, (u32, usize)>> = vec![HashMap::new(); terms.len()];
    for (i, form) in found.into_iter().flatten() {
        let seen = counts[i].len();
        counts[i].entry(form).or_insert((0, seen)).0 += 1;
    }
    Ok(counts
        .into_iter()
        .map(|c| {
            (c.into_iter())
                .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
                .map(|(form, _)| form)
        })
        .collect())
}

/// The whole-word tokens of document `id` whose term is one of `want`
/// (indices into `terms`), with their written forms, in position order.
fn forms_in(
    s: &Searcher,
    id: u32,
    want: &[usize],
    terms: &[String],
) -> Result<Vec<(usize, String)>> {
    let mut out = Vec::new();
    let Some(text) = s.document(id)?.text else {
        return Ok(out);
    };
    // Char offsets → byte offsets of this text.
    let bytes: Vec<usize> = (text.char_indices().map(|(b, _)| b))
        .chain([text.len()])
        .collect();
    // Term → its indices (a term asked for twice has two).
    let mut by_term: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in want {
        by_term.entry(terms[i].as_str()).or_default().push(i);
    }
    s.analyzer().analyze_with(&text, |t| {
        if let Some(indices) = by_term.get(t.term).filter(|_| !t.is_part) {
            let form = &text[bytes[t.start]..bytes[t.end]];
            out.extend(indices.iter().map(|&i| (i, form.to_string())));
        }
    });
    Ok(out)
}

/// The `docs` lowest live ids holding body term `term`.
fn first_docs(s: &Searcher, term: &str, docs: usize) -> Vec<u32> {
    let key = key_of(Field::Body, term);
    let mut ids = Vec::new();
    for seg in s.segments() {
        let Some(ord) = seg.term_ord(&key) else {
            continue;
        };
        let (mut c, mut taken) = (seg.postings(ord), 0);
        while c.doc() != TERMINATED && taken < docs {
            if !seg.is_deleted(c.doc()) {
                ids.push(seg.global_id(c.doc()));
                taken += 1;
            }
            c.advance();
        }
    }
    ids.sort_unstable();
    ids.truncate(docs);
    ids
}
