//! Building segments: documents are analysed (in parallel, see
//! [`analyze_doc`]) into per-document term lists, inverted into an in-RAM
//! [`SegmentBuilder`], and sealed into [`SegmentFiles`] by the
//! [`SegmentSerializer`] that merges use too.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::columns::ColumnsData;
use super::docstore::{StoreWriter, encode_record};
use super::file_format::FileKind;
use super::forward::{ForwardWriter, NO_TERM};
use super::postings::PostingsWriter;
use super::segment::{FIELD_PREFIX, SegmentFiles, TITLE_PREFIX, field_key};
use super::termdict::{TermDictWriter, build_fst};
use crate::analysis::Analyzer;
use crate::index::codec::{read_vint, write_vint};
use crate::{Error, Result};

/// A document as the caller gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocInput {
    pub text: String,
    pub title: Option<String>,
    /// Days as Python's `date.toordinal()`.
    pub date: Option<i32>,
    /// Metadata (e.g. `section`), stored and indexed as exact keywords.
    pub fields: Vec<(String, String)>,
}

/// Checks a metadata field name: non-empty, no control characters.
pub fn check_field_name(name: &str) -> Result<()> {
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(Error::Schema(format!(
            "field name {name:?} is not allowed (it must be non-empty and contain no control characters)"
        )));
    }
    Ok(())
}

/// One analysed document, ready for inversion.
pub struct AnalyzedDoc {
    /// Distinct dictionary keys (body terms, `title:` terms, keywords),
    /// concatenated; key `i` is `key_text[key_ends[i-1]..key_ends[i]]`.
    key_text: Vec<u8>,
    key_ends: Vec<u32>,
    /// Per key: its hash (the builder looks keys up by it).
    hashes: Vec<u64>,
    /// Per key: the byte range in `post` of its entry as [`TermBuf`]
    /// stores it after the document delta: `tf, position deltas…`, or `1`
    /// for a keyword. Encoded on the analysing threads, so that inversion,
    /// which runs on one, only copies bytes.
    spans: Vec<(u32, u32)>,
    post: Vec<u8>,
    /// Whole words kept in the body (the BM25 document length).
    body_len: u32,
    /// Per body position: index of its key, or `NO_TERM`.
    forward: Vec<u32>,
    /// Positions where sentences start.
    sentences: Vec<u32>,
    title_len: u32,
    date: Option<i32>,
    record: Vec<u8>,
}

impl AnalyzedDoc {
    fn num_keys(&self) -> usize {
        self.key_ends.len()
    }

    fn key(&self, i: usize) -> &[u8] {
        &self.key_text[key_range(&self.key_ends, i)]
    }

    fn entry(&self, i: usize) -> &[u8] {
        let (a, b) = self.spans[i];
        &self.post[a as usize..b as usize]
    }
}

/// Per-thread buffers reused from one document to the next.
#[derive(Default)]
pub struct Scratch {
    table: HashTable<u32>,
    tokens: Vec<(u32, u32)>,
    /// Per key, where its positions start in `by_key`.
    starts: Vec<u32>,
    by_key: Vec<u32>,
}

fn key_range(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    (if i == 0 { 0 } else { ends[i - 1] as usize })..ends[i] as usize
}

/// Keys in one arena (one allocation for all instead of one each), by
/// index in order of arrival, with their hashes. Handled as bytes (UTF-8
/// by construction): slicing a `str` checks character boundaries, which
/// showed in profiles.
#[derive(Default)]
struct Keys {
    text: Vec<u8>,
    ends: Vec<u32>,
    hashes: Vec<u64>,
}

impl Keys {
    fn len(&self) -> usize {
        self.ends.len()
    }

    #[inline]
    fn get(&self, i: u32) -> &[u8] {
        &self.text[key_range(&self.ends, i as usize)]
    }

    /// The index of `key` (whose hash is `hash`), added if new.
    #[inline]
    fn intern(&mut self, table: &mut HashTable<u32>, key: &[u8], hash: u64) -> u32 {
        if let Some(&i) = table.find(hash, |&i| self.get(i) == key) {
            return i;
        }
        let i = self.ends.len() as u32;
        self.text.extend_from_slice(key);
        self.ends.push(self.text.len() as u32);
        self.hashes.push(hash);
        let hashes = &self.hashes;
        table.insert_unique(hash, i, |&j| hashes[j as usize]);
        i
    }

    /// Ids in ascending byte order of their keys. The first eight bytes
    /// (big-endian, zero-padded: the same order) settle most comparisons
    /// without reading the keys.
    fn sorted(&self) -> Vec<u32> {
        let head = |key: &[u8]| {
            let mut b = [0u8; 8];
            let n = key.len().min(8);
            b[..n].copy_from_slice(&key[..n]);
            u64::from_be_bytes(b)
        };
        let mut order: Vec<(u64, u32)> = (0..self.len() as u32)
            .map(|id| (head(self.get(id)), id))
            .collect();
        order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| self.get(a.1).cmp(self.get(b.1))));
        order.into_iter().map(|(_, id)| id).collect()
    }
}

fn hash_key(key: &[u8]) -> u64 {
    FxBuildHasher.hash_one(key)
}

/// Whether `key` is a metadata keyword (postings without positions).
fn is_keyword(key: &[u8]) -> bool {
    key.first() == Some(&(FIELD_PREFIX as u8))
}

/// Key text at which a builder is sealed whatever its budget (offsets in
/// the arena are `u32`; a document adds far less than the other half).
const MAX_KEY_TEXT: usize = 1 << 31;

/// Analyses one document: tokens of the body and title, keyword keys of the
/// fields, and the stored record (text and title only when `store`).
pub fn analyze_doc(
    analyzer: &Analyzer,
    doc: &DocInput,
    store: bool,
    scratch: &mut Scratch,
) -> Result<AnalyzedDoc> {
    for (name, _) in &doc.fields {
        check_field_name(name)?;
    }
    let Scratch {
        table,
        tokens,
        starts,
        by_key,
    } = scratch;
    table.clear();
    tokens.clear();
    let mut keys = Keys {
        text: Vec::with_capacity(doc.text.len() / 2),
        ..Keys::default()
    };
    let mut forward: Vec<u32> = Vec::new();
    // Document length counts whole words that were kept: not compound parts,
    // not the positions of dropped stop words.
    let mut body_len = 0u32;
    analyzer.analyze_with(&doc.text, |t| {
        let term = t.term.as_bytes();
        let k = keys.intern(table, term, hash_key(term));
        tokens.push((k, t.position));
        if !t.is_part {
            body_len += 1;
            let p = t.position as usize;
            if forward.len() <= p {
                forward.resize(p + 1, NO_TERM);
            }
            forward[p] = k;
        }
    });
    let mut title_len = 0u32;
    if let Some(title) = &doc.title {
        let mut key = String::from(TITLE_PREFIX);
        analyzer.analyze_with(title, |t| {
            key.truncate(TITLE_PREFIX.len());
            key.push_str(t.term);
            let k = keys.intern(table, key.as_bytes(), hash_key(key.as_bytes()));
            tokens.push((k, t.position));
            title_len += u32::from(!t.is_part);
        });
    }
    for (name, value) in &doc.fields {
        let key = field_key(name, value);
        keys.intern(table, key.as_bytes(), hash_key(key.as_bytes()));
    }
    // Positions grouped by key (a counting sort: tokens come in position
    // order, so each group is sorted already but for the rare exception).
    starts.clear();
    starts.resize(keys.len() + 1, 0);
    for &(k, _) in tokens.iter() {
        starts[k as usize + 1] += 1;
    }
    for k in 0..keys.len() {
        starts[k + 1] += starts[k];
    }
    by_key.clear();
    by_key.resize(tokens.len(), 0);
    let mut fill = starts.clone();
    for &(k, p) in tokens.iter() {
        by_key[fill[k as usize] as usize] = p;
        fill[k as usize] += 1;
    }
    let mut spans = Vec::with_capacity(keys.len());
    let mut post = Vec::with_capacity(tokens.len() * 2 + keys.len());
    for k in 0..keys.len() {
        let group = &mut by_key[starts[k] as usize..starts[k + 1] as usize];
        if !group.is_sorted() {
            group.sort_unstable();
        }
        let start = post.len() as u32;
        if is_keyword(keys.get(k as u32)) {
            write_vint(&mut post, 1);
        } else {
            // A position counts once (a part may repeat its word's term).
            let tf = 1 + group.windows(2).filter(|w| w[0] != w[1]).count();
            write_vint(&mut post, tf as u64);
            let mut prev = 0;
            for (i, &p) in group.iter().enumerate() {
                if i == 0 || p != prev {
                    write_vint(&mut post, (p - prev) as u64);
                    prev = p;
                }
            }
        }
        spans.push((start, post.len() as u32));
    }
    let mut record = Vec::new();
    if store {
        encode_record(
            Some(&doc.text),
            doc.title.as_deref(),
            &doc.fields,
            &mut record,
        );
    } else {
        encode_record(None, None, &doc.fields, &mut record);
    }
    let sentences = analyzer.sentence_starts(&doc.text);
    Ok(AnalyzedDoc {
        key_text: keys.text,
        key_ends: keys.ends,
        hashes: keys.hashes,
        spans,
        post,
        body_len,
        forward,
        sentences,
        title_len,
        date: doc.date,
        record,
    })
}

/// Postings of one key while building, as varints: `doc delta, tf,
/// position deltas…` repeated (keywords: `doc delta, 1`). A third of the
/// memory of plain `u32`s, so a budget holds three times the postings.
#[derive(Default)]
struct TermBuf {
    data: Vec<u8>,
    last_doc: u32,
    num_docs: u32,
}

impl TermBuf {
    /// Adds a document, given its entry after the document delta.
    fn push(&mut self, doc: u32, entry: &[u8]) {
        write_vint(&mut self.data, (doc - self.last_doc) as u64);
        self.last_doc = doc;
        self.num_docs += 1;
        self.data.extend_from_slice(entry);
    }

    /// Feeds the postings to `out` (`keyword`: no positions).
    fn replay(&self, keyword: bool, positions: &mut Vec<u32>, out: &mut PostingsWriter) {
        let mut data = &self.data[..];
        let mut next = || {
            let (v, n) = read_vint(data).expect("the builder wrote it");
            data = &data[n..];
            v as u32
        };
        let mut doc = 0;
        for _ in 0..self.num_docs {
            doc += next();
            let tf = next();
            positions.clear();
            if !keyword {
                let mut p = 0;
                for _ in 0..tf {
                    p += next();
                    positions.push(p);
                }
            }
            out.add_doc(doc, tf, positions);
        }
    }
}

/// The in-RAM inverted index of documents not yet sealed.
pub struct SegmentBuilder {
    /// The dictionary keys by builder id (in order of arrival).
    keys: Keys,
    table: HashTable<u32>,
    bufs: Vec<TermBuf>,
    /// Builder ids of the keys of the document being added.
    map: Vec<u32>,
    fwd: Vec<u32>,
    fwd_offsets: Vec<usize>,
    sent: ForwardWriter,
    store: StoreWriter,
    store_bytes: usize,
    cols: ColumnsData,
    posting_bytes: usize,
}

impl Default for SegmentBuilder {
    fn default() -> Self {
        SegmentBuilder {
            keys: Keys::default(),
            table: HashTable::new(),
            map: Vec::new(),
            bufs: Vec::new(),
            fwd: Vec::new(),
            fwd_offsets: Vec::new(),
            sent: ForwardWriter::default(),
            // Compressed when sealing, off the inverter's path.
            store: StoreWriter::deferred(),
            store_bytes: 0,
            cols: ColumnsData::default(),
            posting_bytes: 0,
        }
    }
}

impl SegmentBuilder {
    pub fn num_docs(&self) -> u32 {
        self.cols.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.cols.is_empty()
    }

    /// Estimated heap bytes in use.
    pub fn memory(&self) -> usize {
        self.posting_bytes
            + self.bufs.len() * 64
            + self.keys.text.len()
            + self.fwd.capacity() * 4
            + self.fwd_offsets.capacity() * 8
            + self.store_bytes
            + self.cols.len() * 16
    }

    /// Whether the builder must be sealed before more documents come:
    /// it uses `limit` bytes or more (see [`Self::memory`]), or its key
    /// arena is half full.
    pub fn is_full(&self, limit: usize) -> bool {
        self.memory() >= limit || self.keys.text.len() >= MAX_KEY_TEXT
    }

    /// Inverts an analysed document with global id `global` (ascending).
    pub fn add(&mut self, global: u32, doc: &AnalyzedDoc) {
        let local = self.num_docs();
        let mut map = std::mem::take(&mut self.map);
        map.clear();
        for i in 0..doc.num_keys() {
            let id = self.keys.intern(&mut self.table, doc.key(i), doc.hashes[i]);
            if id as usize == self.bufs.len() {
                self.bufs.push(TermBuf::default());
            }
            map.push(id);
            let buf = &mut self.bufs[id as usize];
            let before = buf.data.capacity();
            buf.push(local, doc.entry(i));
            self.posting_bytes += buf.data.capacity() - before;
        }
        self.fwd_offsets.push(self.fwd.len());
        self.fwd.extend(doc.forward.iter().map(|&k| {
            if k == NO_TERM {
                NO_TERM
            } else {
                map[k as usize]
            }
        }));
        self.map = map;
        self.sent.add(&doc.sentences);
        self.store.add_record(&doc.record);
        self.store_bytes += doc.record.len();
        self.cols
            .push(global, doc.body_len, doc.title_len, doc.date);
    }

    /// Seals the documents into segment files: postings, the term FST,
    /// the forward index and the store are written on four threads, and
    /// each term's buffer is freed once encoded, so sealing needs little
    /// more memory than the builder held. Uses no rayon pool (it runs on
    /// the sealing thread, which an indexing pool's worker may be waiting
    /// for).
    pub fn seal(self) -> SegmentFiles {
        let SegmentBuilder {
            mut keys,
            table,
            mut bufs,
            map,
            fwd,
            fwd_offsets,
            sent,
            store,
            cols,
            ..
        } = self;
        // Lookups are over: free their memory before the segment's is taken.
        drop((table, map));
        let order = keys.sorted();
        keys.hashes = Vec::new();
        // Ordinals are ranks in byte order, known before any postings are
        // written, so the forward index and the FST are built at the same time.
        let mut remap = vec![NO_TERM; bufs.len()];
        for (ord, &id) in order.iter().enumerate() {
            remap[id as usize] = ord as u32;
        }
        let (remap, keys, order) = (&remap, &keys, &order);
        let (fwd, store, fst, ser) = std::thread::scope(|s| {
            let fwd = s.spawn(move || forward(fwd, &fwd_offsets, remap));
            let store = s.spawn(move || store.finish());
            let fst = s.spawn(move || build_fst(order.iter().map(|&id| keys.get(id))));
            let mut ser = SegmentSerializer::new(cols);
            let mut positions = Vec::new();
            for &id in order {
                let key = keys.get(id);
                let buf = std::mem::take(&mut bufs[id as usize]);
                buf.replay(is_keyword(key), &mut positions, &mut ser.postings);
                drop(buf);
                let ord = ser.finish_term(key);
                debug_assert_eq!(ord, remap[id as usize]);
            }
            let join = |h: std::thread::ScopedJoinHandle<'_, Vec<u8>>| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            };
            (join(fwd), join(store), join(fst), ser)
        });
        ser.finish(fwd, sent.finish(), store, fst)
    }
}

/// The forward index of the builder's documents (`fwd` holds builder term
/// ids, `remap` turns them into ordinals).
fn forward(fwd: Vec<u32>, offsets: &[usize], remap: &[u32]) -> Vec<u8> {
    let mut out = ForwardWriter::default();
    let mut ords = Vec::new();
    for (d, &start) in offsets.iter().enumerate() {
        let end = offsets.get(d + 1).copied().unwrap_or(fwd.len());
        ords.clear();
        ords.extend(fwd[start..end].iter().map(|&k| {
            if k == NO_TERM {
                NO_TERM
            } else {
                remap[k as usize]
            }
        }));
        out.add(&ords);
    }
    drop(fwd);
    out.finish()
}

/// Writes the files of one segment: terms in ascending order with their
/// postings, then the forward index and store built by the caller. The
/// term dictionary's FST goes to `W`: RAM, or a scratch file when a merge
/// streams to disk (see `merge.rs`).
pub struct SegmentSerializer<W: std::io::Write = Vec<u8>> {
    pub postings: PostingsWriter,
    dict: TermDictWriter<W>,
    cols: ColumnsData,
    ones: Vec<u32>,
    /// The columns' average body and title lengths (for the block bounds).
    avg_lens: [f64; 2],
}

impl SegmentSerializer {
    /// A serializer whose term FST is built apart ([`build_fst`] over the
    /// same keys) and given to [`Self::finish`].
    pub fn new(cols: ColumnsData) -> Self {
        SegmentSerializer::with_dict(cols, TermDictWriter::without_fst())
    }

    /// Ends the postings added for `key` (keys ascending); returns its ordinal.
    pub fn finish_term(&mut self, key: &[u8]) -> u32 {
        self.try_finish_term(key).expect("no FST to write")
    }

    /// The segment's files, given the payloads of its forward index,
    /// sentence starts, store and term FST.
    pub fn finish(self, fwd: Vec<u8>, sent: Vec<u8>, store: Vec<u8>, fst: Vec<u8>) -> SegmentFiles {
        let num_docs = self.cols.len() as u32;
        let files = vec![
            (FileKind::Columns, self.cols.encode()),
            (FileKind::Terms, self.dict.finish_with_fst(fst)),
            (FileKind::Postings, self.postings.post),
            (FileKind::Positions, self.postings.pos),
            (FileKind::Forward, fwd),
            (FileKind::Store, store),
            (FileKind::Sentences, sent),
        ];
        SegmentFiles { files, num_docs }
    }
}

impl<W: std::io::Write> SegmentSerializer<W> {
    pub fn with_dict(cols: ColumnsData, dict: TermDictWriter<W>) -> Self {
        let ones = vec![1; cols.len()];
        let avg_lens = [cols.avg_len(false), cols.avg_len(true)];
        SegmentSerializer {
            postings: PostingsWriter::default(),
            dict,
            cols,
            ones,
            avg_lens,
        }
    }

    pub fn cols(&self) -> &ColumnsData {
        &self.cols
    }

    /// [`SegmentSerializer::finish_term`]; an error only comes from
    /// writing the FST.
    pub fn try_finish_term(&mut self, key: &[u8]) -> fst::Result<u32> {
        // Keywords are never scored: their bound is unused.
        let (has_pos, lens, avgdl) = if is_keyword(key) {
            (false, &self.ones, 1.0)
        } else if key.starts_with(TITLE_PREFIX.as_bytes()) {
            (true, &self.cols.title_lens, self.avg_lens[1])
        } else {
            (true, &self.cols.doc_lens, self.avg_lens[0])
        };
        let info = self.postings.finish_term(has_pos, lens, avgdl);
        self.dict.try_add(key, info)
    }

    /// Moves the postings, positions and dictionary records of the
    /// finished terms out (a merge streaming to disk).
    pub fn drain(
        &mut self,
        post: &mut impl std::io::Write,
        pos: &mut impl std::io::Write,
        records: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        self.postings.drain(post, pos)?;
        self.dict.drain(records)
    }

    /// The columns and the dictionary (postings must have been drained).
    pub fn into_parts(self) -> (ColumnsData, TermDictWriter<W>) {
        debug_assert!(self.postings.post.is_empty() && self.postings.pos.is_empty());
        (self.cols, self.dict)
    }
}
