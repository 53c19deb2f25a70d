//! The read side: a [`Searcher`] is a cheap-to-clone snapshot of the
//! segments of an index with the analyzer and the collection statistics.
//! The query engine and the co-occurrence helpers work on it; it never
//! changes, whatever the writer does afterwards.
//!
//! Per segment, use [`SegmentReader`]: local ids `0..num_docs_in_segment()`
//! map to ascending global ids; `term_info` counts deleted documents,
//! `live_freqs` does not; cursors yield deleted documents too, so check
//! `is_deleted(local)`.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use super::docstore::StoredDoc;
use super::global_terms::GlobalTerms;
use super::postings::TERMINATED;
use super::segment::{SegmentReader, is_body_key};
use crate::analysis::Analyzer;
use crate::{Error, Result};

/// Collection statistics of live documents (for BM25).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CollectionStats {
    /// Live documents.
    pub num_docs: u64,
    /// Sum of body lengths of live documents.
    pub num_tokens: u64,
    /// `num_tokens / num_docs` (0 for an empty index).
    pub avg_doc_len: f64,
    /// Sum of title lengths of live documents.
    pub num_title_tokens: u64,
}

/// One `Arc`: a query takes a snapshot (a clone) and drops it, so a clone
/// is one reference count, not one per part.
#[derive(Clone)]
pub struct Searcher(Arc<Inner>);

struct Inner {
    segments: Box<[SegmentReader]>,
    analyzer: Analyzer,
    stats: CollectionStats,
    /// Every metadata field name a document was ever added with (kept
    /// when those documents are deleted, so a filter's error is stable).
    metadata_fields: Arc<BTreeSet<String>>,
    vocab: OnceLock<u64>,
    global_terms: OnceLock<GlobalTerms>,
}

impl Searcher {
    pub fn new(
        segments: Vec<SegmentReader>,
        analyzer: Analyzer,
        metadata_fields: Arc<BTreeSet<String>>,
    ) -> Searcher {
        let mut st = CollectionStats::default();
        for s in &segments {
            for local in 0..s.num_docs_in_segment() {
                if !s.is_deleted(local) {
                    st.num_docs += 1;
                    st.num_tokens += s.doc_len(local) as u64;
                    st.num_title_tokens += s.title_len(local) as u64;
                }
            }
        }
        st.avg_doc_len = if st.num_docs == 0 {
            0.0
        } else {
            st.num_tokens as f64 / st.num_docs as f64
        };
        Searcher(Arc::new(Inner {
            segments: segments.into(),
            analyzer,
            stats: st,
            metadata_fields,
            vocab: OnceLock::new(),
            global_terms: OnceLock::new(),
        }))
    }

    /// Segments in ascending order of global ids.
    pub fn segments(&self) -> &[SegmentReader] {
        &self.0.segments
    }
    pub fn analyzer(&self) -> &Analyzer {
        &self.0.analyzer
    }
    pub fn stats(&self) -> CollectionStats {
        self.0.stats
    }
    pub fn size_bytes(&self) -> u64 {
        self.0.segments.iter().map(|s| s.size_bytes()).sum()
    }

    /// `Error::Schema` unless a document was added with metadata field
    /// `name` (a filter on a misspelt field would match nothing, silently).
    pub fn check_metadata_field(&self, name: &str) -> Result<()> {
        let known = &self.0.metadata_fields;
        if known.contains(name) {
            return Ok(());
        }
        const LISTED: usize = 20;
        let has = if known.is_empty() {
            "no document of this index has metadata fields".to_string()
        } else {
            let mut names: Vec<String> = known
                .iter()
                .take(LISTED)
                .map(|n| format!("{n:?}"))
                .collect();
            if known.len() > LISTED {
                names.push(format!("and {} more", known.len() - LISTED));
            }
            format!("the index has the metadata fields {}", names.join(", "))
        };
        Err(Error::Schema(format!(
            "unknown metadata field {name:?}: {has} (names are case-sensitive)"
        )))
    }

    /// The snapshot's global body-term ids (built on first use, then shared
    /// by every clone of this searcher).
    pub fn global_terms(&self) -> &GlobalTerms {
        self.0
            .global_terms
            .get_or_init(|| GlobalTerms::build(&self.0.segments))
    }

    /// Distinct body keys (whole words and the parts indexed with them)
    /// with at least one live posting.
    pub fn vocab_size(&self) -> u64 {
        *self.0.vocab.get_or_init(|| {
            let mut terms: Vec<String> = Vec::new();
            for s in self.0.segments.iter() {
                for ord in 0..s.num_terms() {
                    let t = s.term(ord);
                    if is_body_key(&t) && s.term_is_live(ord) {
                        terms.push(t);
                    }
                }
            }
            terms.sort_unstable();
            terms.dedup();
            terms.len() as u64
        })
    }

    /// The segment index and local id of a global id (deleted or not).
    pub fn locate(&self, global: u32) -> Option<(usize, u32)> {
        let i = self
            .0
            .segments
            .partition_point(|s| s.last_global().is_some_and(|l| l < global));
        let s = self.0.segments.get(i)?;
        s.local_of(global).map(|l| (i, l))
    }

    /// Is `global` a live document of this snapshot?
    pub fn is_live(&self, global: u32) -> bool {
        self.locate(global)
            .is_some_and(|(i, l)| !self.0.segments[i].is_deleted(l))
    }

    /// Live documents containing `key` (a dictionary key: an analysed term,
    /// `title:` + term, or a field key).
    pub fn doc_freq(&self, key: &str) -> u64 {
        self.0
            .segments
            .iter()
            .filter_map(|s| s.term_ord(key).map(|o| s.live_freqs(o).0 as u64))
            .sum()
    }

    /// Occurrences of `key` in live documents.
    pub fn coll_freq(&self, key: &str) -> u64 {
        self.0
            .segments
            .iter()
            .filter_map(|s| s.term_ord(key).map(|o| s.live_freqs(o).1))
            .sum()
    }

    /// Global ids (ascending) and term frequencies of the live documents
    /// containing `key`.
    pub fn postings(&self, key: &str) -> (Vec<u32>, Vec<u32>) {
        let (mut ids, mut tfs) = (Vec::new(), Vec::new());
        for s in self.0.segments.iter() {
            let Some(ord) = s.term_ord(key) else { continue };
            let mut c = s.postings(ord);
            while c.doc() != TERMINATED {
                if !s.is_deleted(c.doc()) {
                    ids.push(s.global_id(c.doc()));
                    tfs.push(c.tf());
                }
                c.advance();
            }
        }
        (ids, tfs)
    }

    /// Positions of `key` in document `global` (empty when the term or a
    /// live document of that id is absent).
    pub fn positions(&self, key: &str, global: u32) -> Result<Vec<u32>> {
        let mut out = Vec::new();
        let (i, local) = self.live(global)?;
        let s = &self.0.segments[i];
        if let Some(ord) = s.term_ord(key) {
            let mut c = s.postings(ord);
            if c.seek(local) == local {
                c.positions(&mut out);
            }
        }
        Ok(out)
    }

    /// The stored document of live `global`.
    pub fn document(&self, global: u32) -> Result<StoredDoc> {
        let (i, local) = self.live(global)?;
        self.0.segments[i].stored(local)
    }

    fn live(&self, global: u32) -> Result<(usize, u32)> {
        match self.locate(global) {
            Some((i, l)) if !self.0.segments[i].is_deleted(l) => Ok((i, l)),
            _ => Err(Error::InvalidArgument(format!(
                "document {global} is deleted or not in this snapshot"
            ))),
        }
    }

    /// Ids of all live documents, ascending.
    pub fn live_ids(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for s in self.0.segments.iter() {
            out.extend(
                (0..s.num_docs_in_segment())
                    .filter(|&l| !s.is_deleted(l))
                    .map(|l| s.global_id(l)),
            );
        }
        out
    }
}
