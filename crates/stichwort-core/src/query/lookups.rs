//! The dictionary entries of one query's keys, per segment, looked up once
//! and shared by its planning (document frequencies for the idfs) and its
//! execution (postings cursors): a key costs one FST walk and one term
//! record decode per segment instead of two. Kept per query, never across
//! queries.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::bm25::{Field, Statistics};
use crate::Result;
use crate::index::{PostingsCursor, Searcher, SegmentReader, TermInfo};

/// Per segment of the searcher: the key's ordinal and info, if present.
pub type Entries = Arc<[Option<(u32, TermInfo)>]>;

/// The looked-up keys of one query (see the module comment).
#[derive(Default)]
pub struct Lookups(Mutex<FxHashMap<String, Entries>>);

impl Lookups {
    /// Per segment of the searcher: the ordinal and info of `key`, if present.
    pub fn entries(&self, searcher: &Searcher, key: &str) -> Entries {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = map.get(key) {
            return e.clone();
        }
        let e: Entries = searcher
            .segments()
            .iter()
            .map(|s| s.term_ord(key).map(|o| (o, s.term_info(o))))
            .collect();
        map.insert(key.to_string(), e.clone());
        e
    }

    /// Live documents containing `key` (as `Searcher::doc_freq`).
    pub fn doc_freq(&self, searcher: &Searcher, key: &str) -> u64 {
        let e = self.entries(searcher, key);
        searcher
            .segments()
            .iter()
            .zip(e.iter())
            .filter_map(|(s, e)| e.map(|(o, info)| s.live_doc_freq(o, info) as u64))
            .sum()
    }

    /// The ordinal and info of `key` in segment `i` of the searcher.
    pub fn entry(&self, searcher: &Searcher, i: usize, key: &str) -> Option<(u32, TermInfo)> {
        self.entries(searcher, key).get(i).copied().flatten()
    }

    /// The cursor of `key` in segment `i` of the searcher (None: absent).
    pub fn postings<'s>(
        &self,
        searcher: &Searcher,
        i: usize,
        seg: &'s SegmentReader,
        key: &str,
    ) -> Option<PostingsCursor<'s>> {
        let e = self.entries(searcher, key);
        e.get(i)
            .copied()
            .flatten()
            .map(|(_, info)| seg.postings_of(info))
    }
}

/// The searcher's own statistics, with document frequencies from the lookups.
pub struct Cached<'a> {
    pub searcher: &'a Searcher,
    pub lookups: &'a Lookups,
}

impl Statistics for Cached<'_> {
    fn num_docs(&self) -> u64 {
        Statistics::num_docs(self.searcher)
    }
    fn doc_freq(&self, key: &str) -> u64 {
        self.lookups.doc_freq(self.searcher, key)
    }
    fn total_len(&self, field: Field) -> u64 {
        Statistics::total_len(self.searcher, field)
    }
    fn check_metadata_field(&self, name: &str) -> Result<()> {
        self.searcher.check_metadata_field(name)
    }
}
