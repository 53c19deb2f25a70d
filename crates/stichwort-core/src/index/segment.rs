//! A segment: its files (sealed byte buffers, in RAM or on disk) and the
//! reader over them. Segments are immutable except for their deletion
//! bitmap, which is replaced as a whole (a new generation).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::columns::ColumnsData;
use super::deletes::DeleteSet;
use super::docstore::{DocStore, StoredDoc};
use super::file_format::{self, Bad, Blob, FileKind};
use super::forward::{Forward, ForwardView, Record};
use super::postings::{PostingsCursor, TermInfo};
use super::termdict::TermDict;
use crate::{Error, Result};

/// The immutable file kinds of a segment, in the order they are written.
pub const SEGMENT_FILES: [FileKind; 7] = [
    FileKind::Columns,
    FileKind::Terms,
    FileKind::Postings,
    FileKind::Positions,
    FileKind::Forward,
    FileKind::Store,
    FileKind::Sentences,
];

/// Dictionary prefix of title terms.
pub const TITLE_PREFIX: &str = "title:";
/// Dictionary prefix of metadata keywords: `"\u{1}" + name + "\u{1f}" + value`.
pub const FIELD_PREFIX: char = '\u{1}';
pub const FIELD_SEP: char = '\u{1f}';

/// Is this dictionary key a body term (not a title term or keyword)?
pub fn is_body_key(key: &str) -> bool {
    !key.starts_with(TITLE_PREFIX) && !key.starts_with(FIELD_PREFIX)
}

/// The dictionary key of a metadata value.
pub fn field_key(name: &str, value: &str) -> String {
    format!("{FIELD_PREFIX}{name}{FIELD_SEP}{value}")
}

pub fn segment_file_name(id: u64, kind: FileKind) -> String {
    format!("seg-{id:010}.{}", kind.ext())
}

pub fn delete_file_name(id: u64, generation: u64) -> String {
    format!("seg-{id:010}.{generation}.del")
}

/// The payloads of a new segment's files (without envelopes), before they
/// are written to disk or opened from RAM.
pub struct SegmentFiles {
    pub files: Vec<(FileKind, Vec<u8>)>,
    pub num_docs: u32,
}

impl SegmentFiles {
    /// Writes and fsyncs every file into `dir` (the caller syncs `dir`).
    pub fn write_to(&self, dir: &Path, id: u64) -> Result<()> {
        for (kind, payload) in &self.files {
            file_format::write_file(&dir.join(segment_file_name(id, *kind)), *kind, payload)?;
        }
        Ok(())
    }

    pub fn size_bytes(&self) -> u64 {
        let env = (file_format::HEADER_LEN + file_format::FOOTER_LEN) as u64;
        self.files.iter().map(|(_, b)| b.len() as u64 + env).sum()
    }
}

struct SegmentCore {
    id: u64,
    /// Folder of the files, or None for a RAM segment (names still used in errors).
    dir: Option<PathBuf>,
    num_docs: u32,
    cols: ColumnsData,
    dict: TermDict,
    post: Blob,
    pos: Blob,
    fwd: Forward,
    /// Sentence starts per document (same layout as the forward index).
    sent: Forward,
    store: DocStore,
    sizes: Vec<(FileKind, u64)>,
    size_bytes: u64,
    /// Every file's bytes, for [`SegmentReader::release_pages`].
    files: Vec<Blob>,
    /// CRC-32 of each file, in the order of [`SEGMENT_FILES`] (the manifest
    /// records them).
    crcs: [u32; SEGMENT_FILES.len()],
    /// Per-document length norms of BM25, by (title field, average length
    /// bits): built once and reused by every query of the same statistics.
    norms: Mutex<Vec<NormTable>>,
    /// Per body ordinal: does the term occur as a compound part somewhere
    /// (computed on demand by [`SegmentReader::occurs_as_part`]).
    parts: OnceLock<Vec<bool>>,
    /// The body and title averages the postings' block bounds are taken
    /// at ([`ColumnsData::avg_len`], as when the segment was written).
    avg_lens: [f64; 2],
}

type NormTable = (bool, u64, Arc<[f64]>);

/// Norm tables kept per segment (more only with changing statistics).
const MAX_NORM_TABLES: usize = 4;

/// Whole-word frequencies of the body terms of a segment's live documents,
/// counted from the forward index (so compound parts never count).
#[derive(Debug, Default)]
pub struct BodyFreqs {
    /// Occurrences per term ordinal.
    pub cf: Vec<u64>,
    /// Documents per term ordinal.
    pub df: Vec<u32>,
    /// Tokens of the live documents (positions holding a term).
    pub num_tokens: u64,
}

/// Reader of one segment: the immutable core plus a deletion bitmap.
#[derive(Clone)]
pub struct SegmentReader {
    core: Arc<SegmentCore>,
    deletes: Arc<DeleteSet>,
    del_gen: u64,
    /// CRC-32 of the deletion file of `del_gen` (0 for none or in RAM).
    del_crc: u32,
    /// Per ordinal: has the term a live posting (computed on demand).
    live_terms: Arc<OnceLock<Vec<bool>>>,
    /// Computed on demand by [`SegmentReader::body_freqs`].
    body_freqs: Arc<OnceLock<BodyFreqs>>,
}

fn file_path(dir: Option<&Path>, id: u64, kind: FileKind) -> PathBuf {
    let name = segment_file_name(id, kind);
    match dir {
        Some(d) => d.join(name),
        None => PathBuf::from(format!("<memory>/{name}")),
    }
}

impl SegmentReader {
    /// Opens a segment from the files of [`SegmentFiles`] kept in RAM.
    pub fn from_ram(id: u64, files: SegmentFiles) -> Result<SegmentReader> {
        let mut blobs = Vec::new();
        for (kind, payload) in files.files {
            let path = file_path(None, id, kind);
            let sealed = Blob::from_vec(file_format::seal(kind, &payload));
            drop(payload);
            let crc = file_format::footer_crc(&sealed);
            blobs.push((
                kind,
                path.clone(),
                file_format::open_blob(&path, kind, sealed)?,
                crc,
            ));
        }
        Self::assemble(id, None, blobs)
    }

    /// Maps a segment's files from `dir`. With the CRC-32s the MANIFEST
    /// `recorded` for them (in the order of [`SEGMENT_FILES`]), each file
    /// is checked as it is opened, so that a valid file of another segment
    /// or index in its place is named, not a file read with it later.
    pub fn open(dir: &Path, id: u64, recorded: Option<&[u32]>) -> Result<SegmentReader> {
        let mut blobs = Vec::new();
        for (i, kind) in SEGMENT_FILES.into_iter().enumerate() {
            let path = file_path(Some(dir), id, kind);
            let (b, crc) = file_format::open_file_crc(&path, kind)?;
            if let Some(&want) = recorded.and_then(|r| r.get(i)) {
                super::manifest::check_crc(&path, crc, want)?;
            }
            blobs.push((kind, path, b, crc));
        }
        Self::assemble(id, Some(dir.to_path_buf()), blobs)
    }

    fn assemble(
        id: u64,
        dir: Option<PathBuf>,
        blobs: Vec<(FileKind, PathBuf, Blob, u32)>,
    ) -> Result<Self> {
        let env = (file_format::HEADER_LEN + file_format::FOOTER_LEN) as u64;
        let sizes: Vec<(FileKind, u64)> = blobs
            .iter()
            .map(|b| (b.0, b.2.len() as u64 + env))
            .collect();
        let size_bytes = sizes.iter().map(|s| s.1).sum();
        let mut crcs = [0u32; SEGMENT_FILES.len()];
        for (i, k) in SEGMENT_FILES.iter().enumerate() {
            crcs[i] = blobs.iter().find(|b| b.0 == *k).map_or(0, |b| b.3);
        }
        let get = |k: FileKind| {
            blobs
                .iter()
                .find(|b| b.0 == k)
                .map(|b| (b.1.clone(), b.2.clone()))
        };
        let need = |k: FileKind| {
            get(k).ok_or_else(|| file_format::corrupt(&file_path(dir.as_deref(), id, k), "missing"))
        };
        fn ctx(path: &Path) -> impl Fn(Bad) -> Error + '_ {
            move |e: Bad| file_format::corrupt(path, e.0)
        }
        let (cp, cb) = need(FileKind::Columns)?;
        let cols = ColumnsData::decode(&cb).map_err(ctx(&cp))?;
        let n = cols.len() as u32;
        let (_, post) = need(FileKind::Postings)?;
        let (_, pos) = need(FileKind::Positions)?;
        let (tp, tb) = need(FileKind::Terms)?;
        // Offsets into postings/positions are checked against their lengths;
        // the error names the dictionary, which holds the offsets.
        let dict = TermDict::open(tb, post.len(), pos.len()).map_err(ctx(&tp))?;
        let (fp, fb) = need(FileKind::Forward)?;
        let fwd = Forward::open(fb, n).map_err(ctx(&fp))?;
        let (np, nb) = need(FileKind::Sentences)?;
        let sent = Forward::open(nb, n).map_err(ctx(&np))?;
        let (sp, sb) = need(FileKind::Store)?;
        let store = DocStore::open(sb, n).map_err(ctx(&sp))?;
        let avg_lens = [cols.avg_len(false), cols.avg_len(true)];
        let core = SegmentCore {
            id,
            dir,
            num_docs: n,
            avg_lens,
            cols,
            dict,
            post,
            pos,
            fwd,
            sent,
            store,
            sizes,
            size_bytes,
            files: blobs.iter().map(|b| b.2.clone()).collect(),
            crcs,
            norms: Mutex::new(Vec::new()),
            parts: OnceLock::new(),
        };
        Ok(SegmentReader {
            core: Arc::new(core),
            deletes: Arc::new(DeleteSet::new(n)),
            del_gen: 0,
            del_crc: 0,
            live_terms: Arc::new(OnceLock::new()),
            body_freqs: Arc::new(OnceLock::new()),
        })
    }

    /// Drops the mapped pages of the segment's files from the resident set
    /// (see [`Blob::release_pages`]).
    pub fn release_pages(&self) {
        for b in &self.core.files {
            b.release_pages();
        }
    }

    /// Loads deletion bitmap generation `generation` from the segment's folder.
    pub fn load_deletes(&self, generation: u64) -> Result<SegmentReader> {
        if generation == 0 {
            return Ok(self.clone());
        }
        let dir = self
            .core
            .dir
            .as_deref()
            .ok_or_else(|| Error::InvalidArgument("RAM segment has no files".into()))?;
        let path = dir.join(delete_file_name(self.core.id, generation));
        let (b, crc) = file_format::open_file_crc(&path, FileKind::Deletes)?;
        let d = DeleteSet::decode(&b, self.core.num_docs)
            .map_err(|e| file_format::corrupt(&path, e.0))?;
        Ok(self.with_deletes(d, generation, crc))
    }

    /// The same segment with another deletion bitmap (`crc`: its file's CRC-32).
    pub fn with_deletes(&self, deletes: DeleteSet, generation: u64, crc: u32) -> SegmentReader {
        SegmentReader {
            core: self.core.clone(),
            deletes: Arc::new(deletes),
            del_gen: generation,
            del_crc: crc,
            live_terms: Arc::new(OnceLock::new()),
            body_freqs: Arc::new(OnceLock::new()),
        }
    }

    pub fn id(&self) -> u64 {
        self.core.id
    }
    pub fn del_gen(&self) -> u64 {
        self.del_gen
    }
    pub fn deletes(&self) -> &DeleteSet {
        &self.deletes
    }
    /// CRC-32 of each file, in the order of [`SEGMENT_FILES`].
    pub fn file_crcs(&self) -> &[u32; SEGMENT_FILES.len()] {
        &self.core.crcs
    }
    /// CRC-32 of the current deletion file (0 without one).
    pub fn del_crc(&self) -> u32 {
        self.del_crc
    }
    /// The path of this segment's file of `kind` (a RAM segment's name for errors).
    pub fn file_path(&self, kind: FileKind) -> PathBuf {
        file_path(self.core.dir.as_deref(), self.core.id, kind)
    }
    pub fn is_on_disk(&self) -> bool {
        self.core.dir.is_some()
    }
    pub fn size_bytes(&self) -> u64 {
        self.core.size_bytes
    }
    /// Bytes of each file kind (envelopes included), for size reports.
    pub fn file_sizes(&self) -> &[(FileKind, u64)] {
        &self.core.sizes
    }

    /// Documents in the segment, deleted ones included (local ids `0..n`).
    pub fn num_docs_in_segment(&self) -> u32 {
        self.core.num_docs
    }
    /// Documents not deleted.
    pub fn num_live_docs(&self) -> u32 {
        self.core.num_docs - self.deletes.count()
    }
    pub fn global_id(&self, local: u32) -> u32 {
        self.core
            .cols
            .global_ids
            .get(local as usize)
            .copied()
            .unwrap_or(u32::MAX)
    }
    pub fn global_ids(&self) -> &[u32] {
        &self.core.cols.global_ids
    }
    pub fn first_global(&self) -> Option<u32> {
        self.core.cols.global_ids.first().copied()
    }
    pub fn last_global(&self) -> Option<u32> {
        self.core.cols.global_ids.last().copied()
    }
    pub fn local_of(&self, global: u32) -> Option<u32> {
        self.core
            .cols
            .global_ids
            .binary_search(&global)
            .ok()
            .map(|l| l as u32)
    }
    pub fn is_deleted(&self, local: u32) -> bool {
        self.deletes.contains(local)
    }
    pub fn doc_len(&self, local: u32) -> u32 {
        self.core
            .cols
            .doc_lens
            .get(local as usize)
            .copied()
            .unwrap_or(0)
    }
    pub fn title_len(&self, local: u32) -> u32 {
        self.core
            .cols
            .title_lens
            .get(local as usize)
            .copied()
            .unwrap_or(0)
    }
    /// `norm(len, avgdl)` of every document's body (or title) length,
    /// cached: the table is computed on the first call for an `avgdl`.
    pub fn norm_table(&self, title: bool, avgdl: f64, norm: fn(u32, f64) -> f64) -> Arc<[f64]> {
        let key = avgdl.to_bits();
        let mut tables = self.core.norms.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, _, t)) = tables.iter().find(|(f, k, _)| *f == title && *k == key) {
            return t.clone();
        }
        let cols = &self.core.cols;
        let lens = if title {
            &cols.title_lens
        } else {
            &cols.doc_lens
        };
        let t: Arc<[f64]> = lens.iter().map(|&l| norm(l, avgdl)).collect();
        if tables.len() >= MAX_NORM_TABLES {
            tables.remove(0);
        }
        tables.push((title, key, t.clone()));
        t
    }
    /// The average body (or title) length the block bounds of this
    /// segment's postings are taken at (see `query::bm25::weight_bound`).
    pub fn bound_avg_len(&self, title: bool) -> f64 {
        self.core.avg_lens[title as usize]
    }
    pub fn doc_lens(&self) -> &[u32] {
        &self.core.cols.doc_lens
    }
    pub fn date(&self, local: u32) -> Option<i32> {
        self.core
            .cols
            .dates
            .get(local as usize)
            .copied()
            .filter(|&d| d != super::columns::NO_DATE)
    }
    pub fn num_terms(&self) -> u32 {
        self.core.dict.num_terms()
    }
    pub fn term_ord(&self, key: &str) -> Option<u32> {
        self.core.dict.ord(key)
    }
    /// The key of an ordinal (empty when out of range).
    pub fn term(&self, ord: u32) -> String {
        self.core.dict.term(ord)
    }
    /// The dictionary's FST (key -> ordinal), for merging dictionaries.
    pub fn term_fst(&self) -> &fst::Map<super::file_format::Blob> {
        self.core.dict.fst()
    }
    /// The ordinals of the keys starting with `prefix`: one range.
    pub fn term_range(&self, prefix: &str) -> std::ops::Range<u32> {
        self.core.dict.prefix_range(prefix)
    }
    /// The metadata field names of this segment's keywords, sorted: a
    /// dictionary lookup a name, not one a value.
    pub fn metadata_field_names(&self) -> Vec<String> {
        let keywords = self.term_range(&FIELD_PREFIX.to_string());
        let (mut names, mut ord) = (Vec::new(), keywords.start);
        while ord < keywords.end {
            let key = self.term(ord);
            let name = key[FIELD_PREFIX.len_utf8()..].split(FIELD_SEP).next();
            let name = name.unwrap_or_default().to_string();
            // Past this name's values (the range holds `key`, so it ends after `ord`).
            ord = self.term_range(&field_key(&name, "")).end.max(ord + 1);
            names.push(name);
        }
        names
    }
    /// The ordinals of the keys starting with `prefix` that `keep`
    /// accepts, read from a list of every key (kept with the segment once
    /// built): for wildcards, which read most keys.
    pub fn scan_term_ords(&self, prefix: &str, keep: impl FnMut(&str) -> bool) -> Vec<u32> {
        self.core.dict.scan_keys(prefix, keep)
    }
    /// doc_freq and coll_freq of the term IN THIS SEGMENT, deleted
    /// documents included (see [`SegmentReader::live_freqs`]).
    pub fn term_info(&self, ord: u32) -> TermInfo {
        self.core.dict.info(ord)
    }
    /// The cursor of a term whose info was looked up before.
    pub fn postings_of(&self, info: TermInfo) -> PostingsCursor<'_> {
        PostingsCursor::new(&self.core.post, &self.core.pos, info)
    }
    /// Moves `cursor` to the postings of `info` in this segment, keeping
    /// its buffers ([`PostingsCursor::reopen`]).
    pub fn reopen_postings<'s>(&'s self, cursor: &mut PostingsCursor<'s>, info: TermInfo) {
        cursor.reopen(&self.core.post, &self.core.pos, info)
    }
    /// Live documents containing a term whose info was looked up before.
    pub fn live_doc_freq(&self, ord: u32, info: TermInfo) -> u32 {
        if self.deletes.count() == 0 {
            info.doc_freq
        } else {
            self.live_freqs(ord).0
        }
    }
    pub fn postings(&self, ord: u32) -> PostingsCursor<'_> {
        PostingsCursor::new(&self.core.post, &self.core.pos, self.core.dict.info(ord))
    }
    /// (doc_freq, coll_freq) over live documents of this segment.
    pub fn live_freqs(&self, ord: u32) -> (u32, u64) {
        let info = self.term_info(ord);
        if self.deletes.count() == 0 {
            return (info.doc_freq, info.coll_freq);
        }
        let mut c = self.postings(ord);
        let (mut df, mut cf) = (0, 0);
        while c.doc() != super::postings::TERMINATED {
            if !self.is_deleted(c.doc()) {
                df += 1;
                cf += c.tf() as u64;
            }
            c.advance();
        }
        (df, cf)
    }
    /// Does any live document have a posting of this key? Read from the
    /// postings, not the forward index: the forward index holds a
    /// document's whole words only, not the parts indexed with them (the
    /// closed form and parts of a hyphenated word, compound parts with
    /// `decompound`), nor title or metadata keys. (Answered for every key
    /// on first use after deletions, then cached with this reader.)
    pub fn term_is_live(&self, ord: u32) -> bool {
        if self.deletes.count() == 0 {
            return ord < self.num_terms();
        }
        let live = self.live_terms.get_or_init(|| {
            let mut c = self.postings(0);
            (0..self.num_terms())
                .map(|o| {
                    self.reopen_postings(&mut c, self.term_info(o));
                    while c.doc() != super::postings::TERMINATED {
                        if !self.is_deleted(c.doc()) {
                            return true;
                        }
                        c.advance();
                    }
                    false
                })
                .collect()
        });
        live.get(ord as usize).copied().unwrap_or(false)
    }
    /// Whole-word term frequencies over the live documents (one pass over
    /// the forward index on first use, then cached with this reader).
    pub fn body_freqs(&self) -> &BodyFreqs {
        self.body_freqs.get_or_init(|| {
            let n = self.num_terms() as usize;
            let mut f = BodyFreqs {
                cf: vec![0; n],
                df: vec![0; n],
                num_tokens: 0,
            };
            let mut buf = Vec::new();
            // Document number + 1 that last counted each term (df once per document).
            let mut seen = vec![0u32; n];
            for local in 0..self.core.num_docs {
                if self.is_deleted(local) {
                    continue;
                }
                self.forward(local, &mut buf);
                for &o in &buf {
                    let Some(cf) = f.cf.get_mut(o as usize) else {
                        continue;
                    };
                    *cf += 1;
                    f.num_tokens += 1;
                    if seen[o as usize] != local + 1 {
                        seen[o as usize] = local + 1;
                        f.df[o as usize] += 1;
                    }
                }
            }
            f
        })
    }
    /// True when body term `ord` occurs somewhere in the segment (deleted
    /// documents included) as a compound part at a position whose whole
    /// word differs: its positions are more than its whole-word ones in
    /// the forward index. A pattern of keys that never do needs no
    /// whole-word check. Title and keyword keys (no forward index) say true.
    pub fn occurs_as_part(&self, ord: u32) -> bool {
        let parts = self.core.parts.get_or_init(|| {
            let mut whole = vec![0u64; self.num_terms() as usize];
            let mut buf = Vec::new();
            for local in 0..self.core.num_docs {
                self.forward(local, &mut buf);
                for &o in &buf {
                    if let Some(n) = whole.get_mut(o as usize) {
                        *n += 1;
                    }
                }
            }
            (0..whole.len())
                .map(|o| self.term_info(o as u32).coll_freq != whole[o])
                .collect()
        });
        parts.get(ord as usize).copied().unwrap_or(true)
    }
    /// Body term ordinals of `local` in position order (see `forward`).
    pub fn forward(&self, local: u32, out: &mut Vec<u32>) {
        self.core.fwd.get(local, out)
    }
    /// The forward index as slices, for loops over many documents.
    pub fn forward_view(&self) -> ForwardView<'_> {
        self.core.fwd.view()
    }
    /// `local`'s forward record, to read several ranges of it.
    pub fn forward_doc(&self, local: u32) -> Record<'_> {
        self.core.fwd.doc(local)
    }
    /// Positions where a new sentence starts in `local` (ascending, never
    /// 0; see [`crate::analysis::sentence`]) into `out`.
    pub fn sentence_starts(&self, local: u32, out: &mut Vec<u32>) {
        self.core.sent.get(local, out)
    }
    /// The stored document (text and title are None when not stored).
    pub fn stored(&self, local: u32) -> Result<StoredDoc> {
        if local >= self.core.num_docs {
            return Err(Error::InvalidArgument(format!("no local document {local}")));
        }
        let mut d = self.core.store.get(local).map_err(|e| {
            file_format::corrupt(
                &file_path(self.core.dir.as_deref(), self.core.id, FileKind::Store),
                e.0,
            )
        })?;
        d.date = self.date(local);
        Ok(d)
    }
}
