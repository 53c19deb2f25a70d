//! Building segments: documents are analysed (in parallel, see
//! [`analyze_doc`]) into per-document term lists, inverted into an in-RAM
//! [`SegmentBuilder`], and sealed into [`SegmentFiles`] by the
//! [`SegmentSerializer`] that merges use too.

use rustc_hash::FxHashMap;

use super::columns::ColumnsData;
use super::docstore::{StoreWriter, encode_record};
use super::file_format::{FileKind, seal};
use super::forward::{ForwardWriter, NO_TERM};
use super::postings::PostingsWriter;
use super::segment::{FIELD_PREFIX, SegmentFiles, TITLE_PREFIX, field_key};
use super::termdict::TermDictWriter;
use crate::analysis::{Analyzer, sentence};
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
    /// Distinct dictionary keys (body terms, `title:` terms, keywords).
    keys: Vec<String>,
    /// Per key: its positions in `positions` (empty for keywords).
    spans: Vec<(u32, u32)>,
    positions: Vec<u32>,
    /// Per body position: index into `keys`, or `NO_TERM`.
    forward: Vec<u32>,
    /// Positions where sentences start.
    sentences: Vec<u32>,
    title_len: u32,
    date: Option<i32>,
    record: Vec<u8>,
}

impl AnalyzedDoc {
    /// Rough heap size, for the memory budget.
    pub fn heap_bytes(&self) -> usize {
        self.keys.iter().map(|k| k.len() + 24).sum::<usize>()
            + self.spans.len() * 8
            + (self.positions.len() + self.forward.len() + self.sentences.len()) * 4
            + self.record.len()
    }
}

/// Analyses one document: tokens of the body and title, keyword keys of the
/// fields, and the stored record (text and title only when `store`).
pub fn analyze_doc(analyzer: &Analyzer, doc: &DocInput, store: bool) -> Result<AnalyzedDoc> {
    for (name, _) in &doc.fields {
        check_field_name(name)?;
    }
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut keys: Vec<String> = Vec::new();
    let mut tokens: Vec<(u32, u32)> = Vec::new();
    let mut forward: Vec<u32> = Vec::new();
    let mut intern = |key: &str, keys: &mut Vec<String>| -> u32 {
        if let Some(&i) = ids.get(key) {
            return i;
        }
        let i = keys.len() as u32;
        ids.insert(key.to_string(), i);
        keys.push(key.to_string());
        i
    };
    analyzer.analyze(&doc.text, &mut |t| {
        let k = intern(t.term, &mut keys);
        tokens.push((k, t.position));
        if !t.is_part {
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
        analyzer.analyze(title, &mut |t| {
            key.truncate(TITLE_PREFIX.len());
            key.push_str(t.term);
            let k = intern(&key, &mut keys);
            tokens.push((k, t.position));
            title_len = title_len.max(t.position + 1);
        });
    }
    let first_field = keys.len();
    for (name, value) in &doc.fields {
        intern(&field_key(name, value), &mut keys);
    }
    tokens.sort_unstable();
    tokens.dedup();
    let mut spans = vec![(0u32, 0u32); keys.len()];
    let mut positions = Vec::with_capacity(tokens.len());
    for (k, p) in tokens {
        let s = &mut spans[k as usize];
        if s.1 == 0 {
            s.0 = positions.len() as u32;
        }
        s.1 += 1;
        positions.push(p);
    }
    debug_assert!(spans[first_field..].iter().all(|s| s.1 == 0));
    let mut record = Vec::new();
    if store {
        encode_record(Some(&doc.text), doc.title.as_deref(), &doc.fields, &mut record);
    } else {
        encode_record(None, None, &doc.fields, &mut record);
    }
    let sentences = sentence::sentence_starts(&doc.text);
    Ok(AnalyzedDoc { keys, spans, positions, forward, sentences, title_len, date: doc.date, record })
}

/// Postings of one key while building: `doc, tf, positions…` repeated.
#[derive(Default)]
struct TermBuf {
    data: Vec<u32>,
}

/// The in-RAM inverted index of documents not yet sealed.
#[derive(Default)]
pub struct SegmentBuilder {
    ids: FxHashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
    bufs: Vec<TermBuf>,
    fwd: Vec<u32>,
    fwd_offsets: Vec<usize>,
    sent: ForwardWriter,
    store: StoreWriter,
    store_bytes: usize,
    cols: ColumnsData,
    posting_words: usize,
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
        self.posting_words * 4
            + self.keys.len() * 80
            + self.keys.iter().map(|k| k.len()).sum::<usize>()
            + self.fwd.capacity() * 4
            + self.fwd_offsets.capacity() * 8
            + self.store_bytes
            + self.cols.len() * 16
    }

    /// Inverts an analysed document with global id `global` (ascending).
    pub fn add(&mut self, global: u32, doc: &AnalyzedDoc) {
        let local = self.num_docs();
        let mut map = Vec::with_capacity(doc.keys.len());
        for (i, key) in doc.keys.iter().enumerate() {
            let id = match self.ids.get(key.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.keys.len() as u32;
                    let boxed: Box<str> = key.as_str().into();
                    self.ids.insert(boxed.clone(), id);
                    self.keys.push(boxed);
                    self.bufs.push(TermBuf::default());
                    id
                }
            };
            map.push(id);
            let (start, n) = doc.spans[i];
            let buf = &mut self.bufs[id as usize];
            let before = buf.data.capacity();
            buf.data.push(local);
            if key.starts_with(FIELD_PREFIX) {
                buf.data.push(1);
            } else {
                buf.data.push(n);
                buf.data.extend_from_slice(&doc.positions[start as usize..(start + n) as usize]);
            }
            self.posting_words += buf.data.capacity() - before;
        }
        self.fwd_offsets.push(self.fwd.len());
        self.fwd.extend(doc.forward.iter().map(|&k| if k == NO_TERM { NO_TERM } else { map[k as usize] }));
        self.sent.add(&doc.sentences);
        self.store.add_record(&doc.record);
        self.store_bytes += doc.record.len();
        self.cols.push(global, doc.forward.len() as u32, doc.title_len, doc.date);
    }

    /// Seals the documents into segment files.
    pub fn seal(self) -> SegmentFiles {
        let mut order: Vec<u32> = (0..self.keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.keys[a as usize].cmp(&self.keys[b as usize]));
        let mut ser = SegmentSerializer::new(self.cols);
        let mut remap = vec![NO_TERM; self.keys.len()];
        for &id in &order {
            let key = &self.keys[id as usize];
            let data = &self.bufs[id as usize].data;
            let keyword = key.starts_with(FIELD_PREFIX);
            let mut i = 0;
            while i + 1 < data.len() {
                let (doc, tf) = (data[i], data[i + 1]);
                let np = if keyword { 0 } else { tf as usize };
                ser.postings.add_doc(doc, tf, &data[i + 2..i + 2 + np]);
                i += 2 + np;
            }
            remap[id as usize] = ser.finish_term(key);
        }
        let mut fwd = ForwardWriter::default();
        let mut ords = Vec::new();
        for (d, &start) in self.fwd_offsets.iter().enumerate() {
            let end = self.fwd_offsets.get(d + 1).copied().unwrap_or(self.fwd.len());
            ords.clear();
            ords.extend(self.fwd[start..end].iter().map(|&k| if k == NO_TERM { NO_TERM } else { remap[k as usize] }));
            fwd.add(&ords);
        }
        ser.finish(fwd, self.sent, self.store)
    }
}

/// Writes the files of one segment: terms in ascending order with their
/// postings, then the forward index and store built by the caller.
pub struct SegmentSerializer {
    pub postings: PostingsWriter,
    dict: TermDictWriter,
    cols: ColumnsData,
    ones: Vec<u32>,
}

impl SegmentSerializer {
    pub fn new(cols: ColumnsData) -> Self {
        let ones = vec![1; cols.len()];
        SegmentSerializer { postings: PostingsWriter::default(), dict: TermDictWriter::default(), cols, ones }
    }

    pub fn cols(&self) -> &ColumnsData {
        &self.cols
    }

    /// Ends the postings added for `key` (keys ascending); returns its ordinal.
    pub fn finish_term(&mut self, key: &str) -> u32 {
        let (has_pos, lens) = if key.starts_with(FIELD_PREFIX) {
            (false, &self.ones)
        } else if key.starts_with(TITLE_PREFIX) {
            (true, &self.cols.title_lens)
        } else {
            (true, &self.cols.doc_lens)
        };
        let info = self.postings.finish_term(has_pos, lens);
        self.dict.add(key, info)
    }

    pub fn finish(self, fwd: ForwardWriter, sent: ForwardWriter, store: StoreWriter) -> SegmentFiles {
        let num_docs = self.cols.len() as u32;
        let files = vec![
            (FileKind::Columns, seal(FileKind::Columns, &self.cols.encode())),
            (FileKind::Terms, seal(FileKind::Terms, &self.dict.finish())),
            (FileKind::Postings, seal(FileKind::Postings, &self.postings.post)),
            (FileKind::Positions, seal(FileKind::Positions, &self.postings.pos)),
            (FileKind::Forward, seal(FileKind::Forward, &fwd.finish())),
            (FileKind::Store, seal(FileKind::Store, &store.finish())),
            (FileKind::Sentences, seal(FileKind::Sentences, &sent.finish())),
        ];
        SegmentFiles { files, num_docs }
    }
}
