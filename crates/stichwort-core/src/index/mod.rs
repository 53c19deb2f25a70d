//! The positional inverted index: segments of postings, positions, a
//! forward index, stored documents and columns; an in-RAM builder; merges;
//! atomic commits. See `docs/index.md` for the file format and durability.
//!
//! [`Index`] is the writer (or, opened read-only, a reader that can
//! `reload`); [`Searcher`] is the snapshot that queries read.

pub mod codec;
pub mod columns;
pub mod deletes;
pub mod docstore;
pub mod file_format;
pub mod forward;
pub mod global_terms;
pub mod manifest;
pub mod merge;
pub mod postings;
pub mod searcher;
pub mod segment;
pub mod segment_writer;
pub mod spill;
pub mod termdict;

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use docstore::StoredDoc;
pub use global_terms::GlobalTerms;
pub use postings::{PostingsCursor, TERMINATED, TermInfo};
pub use searcher::{CollectionStats, Searcher};
pub use segment::{FIELD_PREFIX, FIELD_SEP, SegmentReader, TITLE_PREFIX, field_key};
pub use segment_writer::DocInput;

use crate::analysis::{Analyzer, AnalyzerConfig};
use crate::{Error, Result};
use manifest::{Manifest, SegmentEntry};
use segment::{SEGMENT_FILES, SegmentFiles};
use segment_writer::{AnalyzedDoc, Scratch, SegmentBuilder, analyze_doc};

/// Options of a writer.
#[derive(Clone, Debug)]
pub struct IndexOptions {
    /// Bytes the in-RAM builder may use before it is flushed to a segment.
    pub memory_budget: usize,
    /// Threads for analysis and inversion (None: rayon's global pool, all
    /// cores); at most as many are started as a call can use (see
    /// [`MAX_ADD_THREADS`]), when a call first needs them. Sealing a full
    /// builder runs on a background thread of its own (three while it
    /// writes the parts of a segment).
    pub threads: Option<usize>,
    /// Keep text and title of documents (metadata fields are always kept).
    pub store_documents: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            memory_budget: 512 << 20,
            threads: None,
            store_documents: true,
        }
    }
}

/// Index statistics (live documents only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub num_docs: u64,
    pub num_tokens: u64,
    pub vocab_size: u64,
    pub num_segments: u64,
    pub size_bytes: u64,
}

/// A builder being sealed on a background thread, and its documents' ids.
struct Sealing {
    handle: std::thread::JoinHandle<Result<SegmentReader>>,
    ids: std::ops::Range<u32>,
}

/// Documents analysed per step of the analysis/inversion pipeline.
const CHUNK: usize = 256;

/// Most threads an `add_many` keeps busy: a chunk's documents analysed
/// one a thread while the previous chunk is inverted.
const MAX_ADD_THREADS: usize = CHUNK + 1;

pub struct Index {
    dir: Option<PathBuf>,
    _lock: Option<File>,
    readonly: bool,
    analyzer: Analyzer,
    opts: IndexOptions,
    /// The pool of `opts.threads` (None: the global pool, or not started
    /// yet), grown to what the calls so far could use.
    pool: Option<rayon::ThreadPool>,
    generation: u64,
    next_doc_id: u32,
    next_segment_id: u64,
    /// Segments from this id on were made after the last commit, so no
    /// committed manifest names their files.
    first_uncommitted_segment: u64,
    /// Segments in ascending global-id order: committed ones and, after
    /// them, flushed but uncommitted ones.
    segments: Vec<SegmentReader>,
    builder: SegmentBuilder,
    /// The previous builder, being sealed on a background thread (at most
    /// one, so the builder and it together stay within the budget).
    sealing: Option<Sealing>,
    /// Why the writer cannot go on: writing a segment failed, so documents
    /// it had accepted are gone. A later commit must not make the index
    /// look complete without them.
    failed: Option<String>,
    pending_deletes: BTreeSet<u32>,
    /// Every metadata field name a document was ever added with: committed
    /// in the manifest, never shrinking (see [`Searcher::check_metadata_field`]).
    metadata_fields: Arc<BTreeSet<String>>,
    searcher: Option<Searcher>,
}

/// Builder size at which it is sealed. The builder being filled and the
/// one being sealed (whose term buffers are freed as its postings are
/// written) each get 27 %; batches in flight, flushed segments and the
/// allocator take the rest, keeping the peak within budget + 25 % (at
/// 30 % the 100,000-article build peaked at 629 MB of 640; measured in
/// benches/RESULTS-index.md).
fn builder_limit(memory_budget: usize) -> usize {
    memory_budget / 100 * 27
}

/// Writes a new segment's files into `dir` and opens them, or opens them
/// from RAM for an in-memory index.
fn open_new_segment(dir: Option<&Path>, id: u64, files: SegmentFiles) -> Result<SegmentReader> {
    match dir {
        Some(dir) => {
            files.write_to(dir, id)?;
            SegmentReader::open(dir, id, None)
        }
        None => SegmentReader::from_ram(id, files),
    }
}

/// `Error::Corrupt` naming the first file of `seg` whose CRC-32 is not the
/// one the manifest recorded ([`manifest::check_crc`]): for its deletion
/// file, and for a segment kept from the previous commit.
fn check_crcs(dir: &Path, seg: &SegmentReader, want: &[u32; manifest::NUM_CRCS]) -> Result<()> {
    let mut files: Vec<(PathBuf, u32)> = SEGMENT_FILES
        .iter()
        .zip(seg.file_crcs())
        .map(|(&k, &c)| (seg.file_path(k), c))
        .collect();
    if seg.del_gen() > 0 {
        let name = segment::delete_file_name(seg.id(), seg.del_gen());
        files.push((dir.join(name), seg.del_crc()));
    }
    for ((path, have), &want) in files.iter().zip(want) {
        manifest::check_crc(path, *have, want)?;
    }
    Ok(())
}

/// The error for an index opened with another analyzer than its own: both
/// in full, the stored one with the options an older MANIFEST line leaves
/// out (read as off), and the way out.
fn analyzer_mismatch(
    dir: &Path,
    stored_line: &str,
    stored: &AnalyzerConfig,
    requested: &AnalyzerConfig,
) -> Error {
    let stored_spec = stored.to_spec();
    let older = if stored_spec == stored_line {
        String::new()
    } else {
        format!(
            " (its MANIFEST says {stored_line:?}: the options it leaves out came later and are off)"
        )
    };
    let requested_spec = requested.to_spec();
    // Both specs list the same keys in the same order: name the words that differ.
    let differing: Vec<&str> = stored_spec
        .split(' ')
        .zip(requested_spec.split(' '))
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, _))| {
            if i == 0 {
                "preset"
            } else {
                a.split('=').next().unwrap_or(a)
            }
        })
        .collect();
    Error::Schema(format!(
        "the index in {} uses analyzer {stored_spec:?}{older}, not {requested_spec:?} \
         (they differ in {}); open it without naming an analyzer to use its own, \
         or build a new index to analyse otherwise",
        dir.display(),
        differing.join(", ")
    ))
}

/// The error for a folder without a MANIFEST: not an index, or, when it
/// holds segment files, an index whose MANIFEST was lost.
fn no_manifest(dir: &Path) -> Error {
    let has_segments = std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("seg-"))
    });
    if has_segments {
        file_format::corrupt(
            &manifest::manifest_path(dir),
            "missing (the folder holds index segments, but no MANIFEST names them)",
        )
    } else {
        Error::InvalidArgument(format!(
            "{} is not a stichwort index (no MANIFEST)",
            dir.display()
        ))
    }
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    let mut it = std::fs::read_dir(dir).map_err(|e| file_format::io_err(dir, e))?;
    Ok(it.next().is_none())
}

impl Index {
    /// An index in RAM only.
    pub fn in_memory(analyzer: Analyzer, opts: IndexOptions) -> Result<Index> {
        Self::blank(None, None, analyzer, opts)
    }

    fn blank(
        dir: Option<PathBuf>,
        lock: Option<File>,
        analyzer: Analyzer,
        opts: IndexOptions,
    ) -> Result<Index> {
        if let Some(n) = opts.threads {
            crate::threads::requested(n)?;
        }
        if opts.memory_budget < 1 << 20 {
            return Err(Error::InvalidArgument(
                "memory budget must be at least 1 MB".into(),
            ));
        }
        Ok(Index {
            dir,
            _lock: lock,
            readonly: false,
            analyzer,
            opts,
            pool: None,
            generation: 0,
            next_doc_id: 0,
            next_segment_id: 0,
            first_uncommitted_segment: 0,
            segments: Vec::new(),
            builder: SegmentBuilder::default(),
            sealing: None,
            failed: None,
            pending_deletes: BTreeSet::new(),
            metadata_fields: Arc::default(),
            searcher: None,
        })
    }

    /// Creates an index in `dir` (created if missing, must be empty) or
    /// opens the index there as its single writer. An existing index keeps
    /// its own analyzer and `store_documents`; `analyzer` is used for a new
    /// one (and when `require_analyzer`, must equal the existing one's).
    pub fn create_or_open(
        dir: &Path,
        analyzer: Analyzer,
        require_analyzer: bool,
        opts: IndexOptions,
    ) -> Result<Index> {
        std::fs::create_dir_all(dir).map_err(|e| file_format::io_err(dir, e))?;
        let m = Manifest::load(dir);
        let m = match m {
            Ok(Some(m)) => m,
            Ok(None) => {
                if !is_empty_dir(dir)? {
                    return Err(no_manifest(dir));
                }
                let lock = manifest::lock(dir)?;
                let mut ix = Self::blank(Some(dir.to_path_buf()), Some(lock), analyzer, opts)?;
                ix.write_manifest()?;
                return Ok(ix);
            }
            Err(e) => return Err(e),
        };
        let lock = manifest::lock(dir)?;
        // Reload under the lock: another writer may have committed meanwhile.
        let m = Manifest::load(dir)?.unwrap_or(m);
        let stored = Analyzer::new(AnalyzerConfig::from_stored_spec(&m.analyzer_spec).map_err(
            |e| {
                file_format::corrupt(
                    &manifest::manifest_path(dir),
                    format!("bad analyzer spec: {e}"),
                )
            },
        )?)?;
        if require_analyzer && stored.config() != analyzer.config() {
            return Err(analyzer_mismatch(
                dir,
                &m.analyzer_spec,
                stored.config(),
                analyzer.config(),
            ));
        }
        let opts = IndexOptions {
            store_documents: m.store_documents,
            ..opts
        };
        let mut ix = Self::blank(Some(dir.to_path_buf()), Some(lock), stored, opts)?;
        ix.load_manifest(&m, &[])?;
        manifest::collect_garbage(dir, &m);
        Ok(ix)
    }

    /// Opens the last commit of `dir` for reading (no lock; `reload` moves
    /// to a newer commit).
    pub fn open_reader(dir: &Path) -> Result<Index> {
        let mut ix = Self::blank(
            Some(dir.to_path_buf()),
            None,
            Analyzer::new(AnalyzerConfig::simple())?,
            IndexOptions::default(),
        )?;
        ix.readonly = true;
        ix.reload()?;
        Ok(ix)
    }

    fn load_manifest(&mut self, m: &Manifest, reuse: &[SegmentReader]) -> Result<()> {
        let dir = self
            .dir
            .clone()
            .ok_or_else(|| Error::InvalidArgument("in-memory index".into()))?;
        let mp = manifest::manifest_path(&dir);
        let spec = AnalyzerConfig::from_stored_spec(&m.analyzer_spec)
            .map_err(|e| file_format::corrupt(&mp, format!("bad analyzer spec: {e}")))?;
        let mut segs = Vec::with_capacity(m.segments.len());
        let mut last: Option<u32> = None;
        for e in &m.segments {
            let base = match reuse.iter().find(|s| s.id() == e.id) {
                Some(s) if s.del_gen() == e.del_gen => s.clone(),
                Some(s) => s.load_deletes(e.del_gen)?,
                None => SegmentReader::open(&dir, e.id, e.crcs.as_ref().map(|c| &c[..]))?
                    .load_deletes(e.del_gen)?,
            };
            if base.num_docs_in_segment() != e.num_docs || base.deletes().count() != e.num_deleted {
                return Err(file_format::corrupt(
                    &mp,
                    format!("segment {} does not match its files", e.id),
                ));
            }
            if let Some(want) = &e.crcs {
                check_crcs(&dir, &base, want)?;
            }
            if base
                .first_global()
                .is_some_and(|f| last.is_some_and(|l| f <= l))
                || base.last_global().is_some_and(|l| l >= m.next_doc_id)
            {
                return Err(file_format::corrupt(
                    &mp,
                    "segments overlap or exceed next_doc_id",
                ));
            }
            last = base.last_global().or(last);
            segs.push(base);
        }
        let metadata_fields = match &m.metadata_fields {
            Some(names) => names.iter().cloned().collect(),
            // A manifest of an older build: the names the segments hold.
            None => segs.iter().flat_map(|s| s.metadata_field_names()).collect(),
        };
        self.metadata_fields = Arc::new(metadata_fields);
        self.analyzer = Analyzer::new(spec)?;
        self.opts.store_documents = m.store_documents;
        self.generation = m.generation;
        self.next_doc_id = m.next_doc_id;
        self.next_segment_id = m.next_segment_id;
        self.first_uncommitted_segment = m.next_segment_id;
        self.segments = segs;
        self.searcher = None;
        Ok(())
    }

    /// Moves a read-only index to the newest commit of its folder.
    pub fn reload(&mut self) -> Result<()> {
        let dir = self
            .dir
            .clone()
            .ok_or_else(|| Error::InvalidArgument("an in-memory index cannot reload".into()))?;
        if !self.readonly {
            return Err(Error::InvalidArgument(
                "reload() is for read-only indexes; the writer is always current".into(),
            ));
        }
        let mut tries = 0;
        loop {
            let m = Manifest::load(&dir)?.ok_or_else(|| no_manifest(&dir))?;
            let reuse = std::mem::take(&mut self.segments);
            match self.load_manifest(&m, &reuse) {
                // A commit may have removed the files of the manifest we read: read it again.
                Err(Error::Corrupt { reason, .. })
                    if reason == file_format::MISSING && tries < 10 =>
                {
                    self.segments = reuse;
                    tries += 1;
                }
                Err(e) => {
                    self.segments = reuse;
                    return Err(e);
                }
                Ok(()) => return Ok(()),
            }
        }
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }
    pub fn path(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
    pub fn is_readonly(&self) -> bool {
        self.readonly
    }
    pub fn generation(&self) -> u64 {
        self.generation
    }
    pub fn store_documents(&self) -> bool {
        self.opts.store_documents
    }
    /// Bytes the in-RAM builder may use (see [`IndexOptions`]).
    pub fn memory_budget(&self) -> usize {
        self.opts.memory_budget
    }

    fn check_writable(&self) -> Result<()> {
        if self.readonly {
            return Err(Error::InvalidArgument(
                "this index is open read-only".into(),
            ));
        }
        self.check_not_failed()
    }

    fn check_not_failed(&self) -> Result<()> {
        match &self.failed {
            Some(why) => Err(Error::InvalidArgument(format!(
                "{why}; the index keeps its last commit: close it and open it again"
            ))),
            None => Ok(()),
        }
    }

    /// Adds one document; returns its id.
    pub fn add(&mut self, doc: DocInput) -> Result<u32> {
        Ok(self.add_many(vec![doc])?[0])
    }

    /// Adds documents (analysed on all threads of the pool while the
    /// previous chunk is inverted); returns their ids. All are validated
    /// before any is added.
    pub fn add_many(&mut self, docs: Vec<DocInput>) -> Result<Vec<u32>> {
        self.check_writable()?;
        let mut new_fields = BTreeSet::new();
        for d in &docs {
            for (name, _) in &d.fields {
                segment_writer::check_field_name(name)?;
                if !self.metadata_fields.contains(name) {
                    new_fields.insert(name.clone());
                }
            }
        }
        let n = docs.len() as u32;
        let first = self.next_doc_id;
        if first.checked_add(n).is_none_or(|e| e == u32::MAX) {
            return Err(Error::InvalidArgument(
                "an index holds at most 2^32 - 1 documents".into(),
            ));
        }
        let store = self.opts.store_documents;
        let analyzer = self.analyzer.clone();
        let analyze = |chunk: &[DocInput]| -> Vec<AnalyzedDoc> {
            chunk
                .par_iter()
                .map_init(Scratch::default, |scratch, d| {
                    analyze_doc(&analyzer, d, store, scratch).expect("fields validated")
                })
                .collect()
        };
        let chunks: Vec<&[DocInput]> = docs.chunks(CHUNK).collect();
        let mut result: Result<()> = Ok(());
        self.grow_pool(docs.len())?;
        let pool = self.pool.take();
        let mut run = || {
            let mut ready = chunks.first().map(|c| analyze(c));
            for i in 0..chunks.len() {
                let cur = ready.take().expect("analysed chunk");
                let next = chunks.get(i + 1);
                let (nxt, res) = rayon::join(|| next.map(|c| analyze(c)), || self.invert(&cur));
                if let Err(e) = res {
                    result = Err(e);
                    return;
                }
                ready = nxt;
            }
        };
        match &pool {
            Some(p) => p.install(run),
            None => run(),
        }
        self.pool = pool;
        if !new_fields.is_empty() {
            Arc::make_mut(&mut self.metadata_fields).append(&mut new_fields);
        }
        result?;
        Ok((first..first + n).collect())
    }

    /// Makes the pool of `opts.threads` as large as a call adding `docs`
    /// documents can use: never more threads than documents, nor than
    /// [`MAX_ADD_THREADS`] (threads=4096 for 3 documents started 4096).
    fn grow_pool(&mut self, docs: usize) -> Result<()> {
        let Some(requested) = self.opts.threads else {
            return Ok(());
        };
        let n = requested.min(docs).clamp(1, MAX_ADD_THREADS);
        if self
            .pool
            .as_ref()
            .is_some_and(|p| p.current_num_threads() >= n)
        {
            return Ok(());
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| Error::InvalidArgument(format!("cannot start {n} threads: {e}")))?;
        self.pool = Some(pool);
        Ok(())
    }

    fn invert(&mut self, docs: &[AnalyzedDoc]) -> Result<()> {
        for d in docs {
            self.builder.add(self.next_doc_id, d);
            self.next_doc_id += 1;
            if self.builder.is_full(builder_limit(self.opts.memory_budget)) {
                self.flush()?;
            }
        }
        self.searcher = None;
        Ok(())
    }

    /// Hands the builder to a background thread that seals it into a
    /// segment (on disk, uncommitted until the next commit, or in RAM for
    /// an in-memory index), after waiting for the previous one.
    fn flush(&mut self) -> Result<()> {
        if self.builder.is_empty() {
            return Ok(());
        }
        self.finish_sealing()?;
        let builder = std::mem::take(&mut self.builder);
        let ids = self.next_doc_id - builder.num_docs()..self.next_doc_id;
        let id = self.next_segment_id;
        self.next_segment_id += 1;
        let dir = self.dir.clone();
        let handle =
            std::thread::spawn(move || open_new_segment(dir.as_deref(), id, builder.seal()));
        self.sealing = Some(Sealing { handle, ids });
        self.searcher = None;
        Ok(())
    }

    /// Waits for the segment being sealed, adds it and merges by the policy.
    fn finish_sealing(&mut self) -> Result<()> {
        let Some(Sealing { handle, ids }) = self.sealing.take() else {
            return Ok(());
        };
        let seg = match handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        {
            Ok(seg) => seg,
            Err(e) => {
                self.failed = Some(format!(
                    "documents {}..{} were lost when writing their segment failed ({e})",
                    ids.start,
                    ids.end - 1
                ));
                return Err(e);
            }
        };
        self.segments.push(seg);
        self.searcher = None;
        self.maybe_merge()
    }

    /// Seals the builder and waits until its segment is in place.
    fn flush_all(&mut self) -> Result<()> {
        self.flush()?;
        self.finish_sealing()
    }

    fn maybe_merge(&mut self) -> Result<()> {
        loop {
            let sizes: Vec<merge::SegmentSize> = self
                .segments
                .iter()
                .map(|s| merge::SegmentSize {
                    live_docs: s.num_live_docs(),
                    total_docs: s.num_docs_in_segment(),
                    bytes: s.size_bytes(),
                })
                .collect();
            // A merge on disk streams its output with bounded memory; in
            // an in-memory index it is built in RAM next to a full builder.
            let max_bytes = match self.dir {
                Some(_) => u64::MAX,
                None => builder_limit(self.opts.memory_budget) as u64,
            };
            let Some((a, b)) = merge::pick_merge(&sizes, max_bytes) else {
                return Ok(());
            };
            self.merge_range(a, b)?;
        }
    }

    fn merge_range(&mut self, a: usize, b: usize) -> Result<()> {
        let id = self.next_segment_id;
        self.next_segment_id += 1;
        let merged = merge::merge_segments(&self.segments[a..b], self.dir.as_deref(), id)?;
        let inputs: Vec<SegmentReader> = self.segments.splice(a..b, merged).collect();
        self.remove_uncommitted(inputs);
        self.searcher = None;
        Ok(())
    }

    /// Drops the segments without live documents.
    fn drop_empty_segments(&mut self) {
        let empty: Vec<SegmentReader> = self
            .segments
            .extract_if(.., |s| s.num_live_docs() == 0)
            .collect();
        self.remove_uncommitted(empty);
    }

    /// Removes the files of `dropped` segments made since the last commit
    /// (merged away or emptied): no manifest names them, and left to the
    /// next commit they piled up, every level of a bulk build's merges at
    /// once (30,000 documents with a 1 MB budget: 523 segments' files, 2.6
    /// times the index). A file that cannot be removed is left to the
    /// next commit's garbage collection.
    fn remove_uncommitted(&self, dropped: Vec<SegmentReader>) {
        let Some(dir) = &self.dir else {
            return;
        };
        for s in dropped
            .iter()
            .filter(|s| s.id() >= self.first_uncommitted_segment)
        {
            let deletions = (1..=s.del_gen()).map(|g| segment::delete_file_name(s.id(), g));
            let files = SEGMENT_FILES
                .iter()
                .map(|&k| segment::segment_file_name(s.id(), k));
            for name in files.chain(deletions) {
                let _ = std::fs::remove_file(dir.join(name));
            }
        }
    }

    /// Merges all segments into at most `max_segments` (adjacent ones,
    /// dropping deleted documents). Visible to readers after `commit`.
    pub fn merge(&mut self, max_segments: usize) -> Result<()> {
        self.check_writable()?;
        if max_segments == 0 {
            return Err(Error::InvalidArgument(
                "max_segments must be at least 1".into(),
            ));
        }
        self.flush_all()?;
        while self.segments.len() > max_segments {
            // Merge the neighbours with the fewest documents together.
            let k = (self.segments.len() - max_segments + 1).min(self.segments.len());
            let sizes: Vec<u64> = self
                .segments
                .iter()
                .map(|s| s.num_docs_in_segment() as u64)
                .collect();
            let a = (0..=sizes.len() - k)
                .min_by_key(|&i| sizes[i..i + k].iter().sum::<u64>())
                .expect("k <= len");
            self.merge_range(a, a + k)?;
        }
        Ok(())
    }

    /// Marks a document deleted; visible after `commit`. Deleting a
    /// deleted document again does nothing; an id never assigned is an error.
    pub fn delete(&mut self, global: u32) -> Result<()> {
        self.check_writable()?;
        self.check_id(global)?;
        self.pending_deletes.insert(global);
        Ok(())
    }

    /// Ids handed out so far (the next document gets this id).
    pub fn next_doc_id(&self) -> u32 {
        self.next_doc_id
    }

    /// `InvalidArgument` unless `global` has been assigned.
    pub fn check_id(&self, global: u32) -> Result<()> {
        if global >= self.next_doc_id {
            return Err(Error::InvalidArgument(format!(
                "unknown document id {global} (ids assigned so far: {})",
                if self.next_doc_id == 0 {
                    "none".to_string()
                } else {
                    format!("0..{}", self.next_doc_id - 1)
                }
            )));
        }
        Ok(())
    }

    /// Makes everything durable and visible: flushes the builder, applies
    /// pending deletes, merges by the policy, writes the manifest atomically.
    pub fn commit(&mut self) -> Result<()> {
        self.check_writable()?;
        self.flush_all()?;
        self.apply_deletes()?;
        self.drop_empty_segments();
        self.maybe_merge()?;
        self.generation += 1;
        if self.dir.is_some() {
            self.write_manifest()?;
        }
        self.searcher = None;
        Ok(())
    }

    /// Takes back documents added but not yet committed (Python's
    /// `add_many` failing midway on a bad document takes back what it had
    /// added): they are deleted at once, so no read sees them and no commit
    /// keeps them; their ids stay used.
    pub fn discard(&mut self, ids: &[u32]) -> Result<()> {
        self.check_writable()?;
        if ids.is_empty() {
            return Ok(());
        }
        for &g in ids {
            self.check_id(g)?;
        }
        self.flush_all()?;
        let ids: BTreeSet<u32> = ids.iter().copied().collect();
        self.write_deletes(&ids)?;
        self.drop_empty_segments();
        self.searcher = None;
        Ok(())
    }

    /// Writes the pending deletes as new deletion generations. They stay
    /// pending until all are written, so a commit that fails here (the
    /// disk is full) loses none; applying one again changes nothing.
    fn apply_deletes(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.pending_deletes);
        let res = self.write_deletes(&pending);
        if res.is_err() {
            self.pending_deletes = pending;
        }
        res
    }

    /// Deletes `ids` from the segments holding them, each changed segment
    /// getting a new deletion generation (a file, on disk).
    fn write_deletes(&mut self, pending: &BTreeSet<u32>) -> Result<()> {
        for i in 0..self.segments.len() {
            let s = &self.segments[i];
            let (Some(lo), Some(hi)) = (s.first_global(), s.last_global()) else {
                continue;
            };
            let mine: Vec<u32> = pending
                .range(lo..=hi)
                .filter_map(|&g| s.local_of(g))
                .collect();
            if mine.is_empty() {
                continue;
            }
            let mut d = s.deletes().clone();
            let mut changed = false;
            for l in mine {
                changed |= d.insert(l);
            }
            if !changed {
                continue;
            }
            let generation = s.del_gen() + 1;
            let crc = match &self.dir {
                Some(dir) => {
                    let path = dir.join(segment::delete_file_name(s.id(), generation));
                    file_format::write_file(&path, file_format::FileKind::Deletes, &d.encode())?
                }
                None => 0,
            };
            self.segments[i] = s.with_deletes(d, generation, crc);
        }
        Ok(())
    }

    fn write_manifest(&mut self) -> Result<()> {
        let Some(dir) = self.dir.clone() else {
            return Ok(());
        };
        let m = Manifest {
            generation: self.generation,
            next_doc_id: self.next_doc_id,
            next_segment_id: self.next_segment_id,
            store_documents: self.opts.store_documents,
            analyzer_spec: self.analyzer.config().to_spec(),
            metadata_fields: Some(self.metadata_fields.iter().cloned().collect()),
            segments: self
                .segments
                .iter()
                .map(|s| {
                    let mut crcs = [0u32; manifest::NUM_CRCS];
                    crcs[..SEGMENT_FILES.len()].copy_from_slice(s.file_crcs());
                    crcs[SEGMENT_FILES.len()] = s.del_crc();
                    SegmentEntry {
                        id: s.id(),
                        num_docs: s.num_docs_in_segment(),
                        del_gen: s.del_gen(),
                        num_deleted: s.deletes().count(),
                        crcs: Some(crcs),
                    }
                })
                .collect(),
        };
        // New segment and deletion files must be durable before the manifest names them.
        file_format::sync_dir(&dir)?;
        m.store(&dir)?;
        self.first_uncommitted_segment = self.next_segment_id;
        manifest::collect_garbage(&dir, &m);
        Ok(())
    }

    /// The current snapshot (seals buffered documents into a segment first).
    pub fn searcher(&mut self) -> Result<Searcher> {
        self.check_not_failed()?;
        if !self.builder.is_empty() || self.sealing.is_some() {
            self.flush_all()?;
        }
        if self.searcher.is_none() {
            self.searcher = Some(Searcher::new(
                self.segments.clone(),
                self.analyzer.clone(),
                Arc::clone(&self.metadata_fields),
            ));
        }
        Ok(self.searcher.clone().expect("just set"))
    }

    pub fn stats(&mut self) -> Result<IndexStats> {
        let s = self.searcher()?;
        let st = s.stats();
        Ok(IndexStats {
            num_docs: st.num_docs,
            num_tokens: st.num_tokens,
            vocab_size: s.vocab_size(),
            num_segments: s.segments().len() as u64,
            size_bytes: s.size_bytes(),
        })
    }

    /// Live documents (buffered ones included; pending deletes not applied).
    pub fn num_docs(&mut self) -> Result<u64> {
        Ok(self.searcher()?.stats().num_docs)
    }
}

impl Drop for Index {
    /// A segment still being sealed is finished (it stays uncommitted)
    /// before the writer's lock is released.
    fn drop(&mut self) {
        if let Some(s) = self.sealing.take() {
            let _ = s.handle.join();
        }
    }
}
