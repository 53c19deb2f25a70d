//! The terms of a Prefix or Wildcard clause: the keys of a field starting
//! with it (and matching its pattern), and the documents holding them,
//! expanded per segment once per query. Every such plan of one planning
//! with the same field and keys shares one [`PrefixTerms`], so a prefix
//! that a query repeats (`s* AND (s* OR x)`, `S* OR s*`) reads the
//! dictionary and the postings of its keys once per segment, not once per
//! occurrence.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use super::bm25::Field;
use super::glob::Glob;
use crate::index::segment::is_body_key;
use crate::index::{FIELD_PREFIX, SegmentReader, TERMINATED, TITLE_PREFIX};

/// A prefix's keys in one segment.
#[derive(Debug, Default)]
pub struct Expansion {
    /// Ordinals of the matching keys, ascending.
    pub ords: Vec<u32>,
    /// Documents with a posting of a matching key (compound parts
    /// included), ascending: gathered on first use ([`Self::docs`]), since
    /// a phrase prefix's tail may never need them.
    docs: OnceLock<Vec<u32>>,
    /// The document whose body positions were asked for last, and those:
    /// the clauses of one query that share the expansion ask for the same
    /// document in turn (`s* OR (x AND s*)`), and the forward index scan
    /// is the cost of a prefix's spans.
    last_body: Mutex<Option<(u32, Arc<[u32]>)>>,
}

impl Expansion {
    /// The documents with a posting of a matching key, ascending.
    pub fn docs(&self, seg: &SegmentReader) -> &[u32] {
        self.docs.get_or_init(|| {
            let mut bits = vec![0u64; (seg.num_docs_in_segment() as usize).div_ceil(64)];
            for &o in &self.ords {
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
            docs
        })
    }

    /// The postings of the matching keys: at least as many as their
    /// documents, known without gathering those.
    pub fn postings(&self, seg: &SegmentReader) -> u64 {
        (self.ords.iter())
            .map(|&o| u64::from(seg.term_info(o).doc_freq))
            .sum()
    }

    /// The positions of `doc`'s whole words (the forward index's) with a
    /// matching key, ascending; `buf` is scratch.
    pub fn body_positions(&self, seg: &SegmentReader, doc: u32, buf: &mut Vec<u32>) -> Arc<[u32]> {
        let lock = || self.last_body.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((d, positions)) = &*lock()
            && *d == doc
        {
            return positions.clone();
        }
        seg.forward(doc, buf);
        let positions: Arc<[u32]> = (buf.iter().enumerate())
            .filter(|(_, o)| self.ords.binary_search(o).is_ok())
            .map(|(p, _)| p as u32)
            .collect();
        *lock() = Some((doc, positions.clone()));
        positions
    }
}

/// A key's term: the key of a body term is the term, a title's has a prefix.
fn term_of(field: Field, key: &str) -> Option<&str> {
    match field {
        Field::Body => Some(key),
        Field::Title => key.strip_prefix(TITLE_PREFIX),
    }
}

/// The keys of `field` starting with one of `key_prefixes` (which include
/// the field's dictionary prefix: a prefix's spellings,
/// [`crate::analysis::Analyzer::prefix_spellings`]), and `word_keys`,
/// the keys of the prefix as a word (a stemmed word need not start with
/// its prefix: "Häuser" is haus; nor a prefix typed past a stem with it:
/// `Regieru` and regier);
/// their expansion per segment is computed on first use and kept for the
/// plan's lifetime. A plan is made for one index, whose segment ids are
/// unique. A wildcard's keys also match one of `globs` (a term of the
/// field, without its key prefix).
#[derive(Clone)]
pub struct PrefixTerms {
    pub field: Field,
    pub key_prefixes: Vec<String>,
    pub word_keys: Vec<String>,
    pub globs: Vec<Glob>,
    by_segment: Arc<Mutex<FxHashMap<u64, Arc<Expansion>>>>,
}

impl PrefixTerms {
    pub fn new(field: Field, key_prefixes: Vec<String>, word_keys: Vec<String>) -> Self {
        PrefixTerms {
            field,
            key_prefixes,
            word_keys,
            globs: Vec::new(),
            by_segment: Arc::default(),
        }
    }

    /// The keys of `field` whose term matches one of `globs`.
    pub fn wildcard(field: Field, globs: Vec<Glob>) -> Self {
        let mut key_prefixes: Vec<String> = (globs.iter())
            .map(|g| super::plan::key_of(field, &g.literal_head()))
            .collect();
        key_prefixes.sort_unstable();
        key_prefixes.dedup();
        PrefixTerms {
            globs,
            ..PrefixTerms::new(field, key_prefixes, Vec::new())
        }
    }

    /// The expansion in `seg`, computed on the first call for it.
    pub fn expansion(&self, seg: &SegmentReader) -> Arc<Expansion> {
        let cached = |map: &FxHashMap<u64, Arc<Expansion>>| map.get(&seg.id()).cloned();
        let lock = || self.by_segment.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = cached(&lock()) {
            return e;
        }
        // Expanded without the lock: other threads expand other segments
        // meanwhile (a race on one segment only computes it twice).
        let e = Arc::new(self.expand(seg));
        lock().entry(seg.id()).or_insert(e).clone()
    }

    fn expand(&self, seg: &SegmentReader) -> Expansion {
        let mut ords: Vec<u32> = if self.globs.is_empty() {
            (self.key_prefixes.iter())
                .flat_map(|p| self.field_keys(seg, p))
                .collect()
        } else {
            let matches = |k: &str| self.of_field(k) && self.matches_globs(k);
            (self.key_prefixes.iter())
                .flat_map(|p| seg.scan_term_ords(p, matches))
                .collect()
        };
        ords.extend(
            (self.word_keys.iter())
                .filter(|k| self.of_field(k))
                .filter_map(|k| seg.term_ord(k)),
        );
        ords.sort_unstable();
        ords.dedup();
        Expansion {
            ords,
            docs: OnceLock::new(),
            last_body: Mutex::default(),
        }
    }

    /// Is `key` one of the keys, as [`Self::expansion`] finds them?
    pub fn accepts(&self, key: &str) -> bool {
        let by_prefix = self
            .key_prefixes
            .iter()
            .any(|p| key.starts_with(p.as_str()));
        self.of_field(key)
            && ((by_prefix && self.matches_globs(key)) || self.word_keys.iter().any(|k| k == key))
    }

    /// Does `key`'s term match one of the globs (when there are any)?
    fn matches_globs(&self, key: &str) -> bool {
        self.globs.is_empty()
            || term_of(self.field, key).is_some_and(|t| self.globs.iter().any(|g| g.matches(t)))
    }

    /// Is `key` a key of the field (a body key of the body)?
    fn of_field(&self, key: &str) -> bool {
        self.field == Field::Title || is_body_key(key)
    }

    /// The ordinals of the keys of the field starting with `key_prefix`:
    /// its range, for the body without the title and metadata keys in it
    /// (`t*` reaches `title:…`), which are ranges too.
    fn field_keys(&self, seg: &SegmentReader, key_prefix: &str) -> Vec<u32> {
        let range = seg.term_range(key_prefix);
        if self.field == Field::Title {
            return range.collect();
        }
        let field_start = FIELD_PREFIX.to_string();
        let others = [seg.term_range(TITLE_PREFIX), seg.term_range(&field_start)];
        range
            .filter(|o| !others.iter().any(|r| r.contains(o)))
            .collect()
    }
}

/// Equal when they name the same keys (the cache is not compared).
impl PartialEq for PrefixTerms {
    fn eq(&self, other: &Self) -> bool {
        (self.field, &self.key_prefixes, &self.word_keys, &self.globs)
            == (
                other.field,
                &other.key_prefixes,
                &other.word_keys,
                &other.globs,
            )
    }
}

impl Eq for PrefixTerms {}

impl Hash for PrefixTerms {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.field, &self.key_prefixes, &self.word_keys, &self.globs).hash(state);
    }
}

impl fmt::Debug for PrefixTerms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrefixTerms")
            .field("field", &self.field)
            .field("key_prefixes", &self.key_prefixes)
            .field("word_keys", &self.word_keys)
            .field("globs", &self.globs)
            .finish()
    }
}
