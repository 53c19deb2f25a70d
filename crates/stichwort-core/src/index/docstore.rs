//! Stored documents (text, title, metadata fields), LZ4-compressed in
//! blocks of about 64 KiB (12 % smaller than 16 KiB blocks on news text;
//! reading one document decompresses one block, some tens of microseconds).
//!
//! Payload: `num_docs u32, num_blocks u32, index (per block: first doc u32,
//! offset u64, raw length u32), compressed blocks`. A record in a block:
//! `flags u8 (1 text, 2 title), [text], [title], vint #fields, (name,
//! value)*`, strings as `vint length + UTF-8`.

use super::file_format::{Bad, Blob, ByteReader, Decoded, put_str, put_u32, put_u64};
use super::spill::SpillBuf;
use crate::index::codec::write_vint;

const BLOCK_BYTES: usize = 64 * 1024;
/// Refuse to decompress a block claiming more than this (damaged data).
const MAX_RAW_BLOCK: usize = 1 << 30;

/// What is stored of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredDoc {
    pub text: Option<String>,
    pub title: Option<String>,
    pub date: Option<i32>,
    pub fields: Vec<(String, String)>,
}

/// Serialises one record (without date, which lives in a column).
pub fn encode_record(
    text: Option<&str>,
    title: Option<&str>,
    fields: &[(String, String)],
    out: &mut Vec<u8>,
) {
    out.push(text.is_some() as u8 | (title.is_some() as u8) << 1);
    if let Some(t) = text {
        put_str(out, t);
    }
    if let Some(t) = title {
        put_str(out, t);
    }
    write_vint(out, fields.len() as u64);
    for (k, v) in fields {
        put_str(out, k);
        put_str(out, v);
    }
}

fn decode_record(r: &mut ByteReader<'_>) -> Decoded<StoredDoc> {
    let flags = r.bytes(1)?[0];
    let text = if flags & 1 != 0 {
        Some(r.str()?.to_string())
    } else {
        None
    };
    let title = if flags & 2 != 0 {
        Some(r.str()?.to_string())
    } else {
        None
    };
    let n = r.vint()? as usize;
    let mut fields = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        let k = r.str()?.to_string();
        fields.push((k, r.str()?.to_string()));
    }
    Ok(StoredDoc {
        text,
        title,
        date: None,
        fields,
    })
}

fn skip_record(r: &mut ByteReader<'_>) -> Decoded<()> {
    let flags = r.bytes(1)?[0];
    for bit in [1u8, 2] {
        if flags & bit != 0 {
            r.str()?;
        }
    }
    let n = r.vint()?;
    for _ in 0..n * 2 {
        r.str()?;
    }
    Ok(())
}

/// Writes the store payload. Blocks are cut as records arrive and
/// compressed in parallel (rayon) once `pending_limit` raw bytes wait (a
/// merge). The builder's writer is `deferred`: it compresses everything in
/// `finish`, on the calling thread (the sealing thread, which must not wait
/// on a rayon pool whose worker may be waiting for it).
pub struct StoreWriter {
    num_docs: u32,
    /// Raw records of blocks not yet compressed (the last one may be open).
    raw: Vec<u8>,
    /// Closed, uncompressed blocks: (first doc, end in `raw`).
    closed: Vec<(u32, usize)>,
    block_first: u32,
    block_start: usize,
    pending_limit: usize,
    parallel: bool,
    index: Vec<(u32, u64, u32)>,
    data: SpillBuf,
}

impl Default for StoreWriter {
    fn default() -> Self {
        StoreWriter::with_pending_limit(4 << 20, true)
    }
}

impl StoreWriter {
    /// A writer that compresses only in [`StoreWriter::finish`].
    pub fn deferred() -> Self {
        StoreWriter::with_pending_limit(usize::MAX, false)
    }

    fn with_pending_limit(pending_limit: usize, parallel: bool) -> Self {
        StoreWriter {
            num_docs: 0,
            raw: Vec::new(),
            closed: Vec::new(),
            block_first: 0,
            block_start: 0,
            pending_limit,
            parallel,
            index: Vec::new(),
            data: SpillBuf::default(),
        }
    }

    /// Appends an encoded record (from [`encode_record`]).
    pub fn add_record(&mut self, record: &[u8]) {
        if self.raw.len() == self.block_start {
            self.block_first = self.num_docs;
        }
        self.raw.extend_from_slice(record);
        self.num_docs += 1;
        if self.raw.len() - self.block_start >= BLOCK_BYTES {
            self.close_block();
            if self.raw.len() >= self.pending_limit {
                self.compress_closed();
            }
        }
    }

    fn close_block(&mut self) {
        if self.raw.len() > self.block_start {
            self.closed.push((self.block_first, self.raw.len()));
            self.block_start = self.raw.len();
        }
    }

    /// Compresses the closed blocks and appends them to `data`.
    fn compress_closed(&mut self) {
        use rayon::prelude::*;
        let mut starts = Vec::with_capacity(self.closed.len());
        let mut prev = 0;
        for &(_, end) in &self.closed {
            starts.push(prev);
            prev = end;
        }
        let raw = &self.raw;
        let compress = |(&(_, end), &start): (&(u32, usize), &usize)| {
            lz4_flex::block::compress(&raw[start..end])
        };
        let packed: Vec<Vec<u8>> = if self.parallel {
            self.closed
                .par_iter()
                .zip(starts.par_iter())
                .map(compress)
                .collect()
        } else {
            self.closed
                .iter()
                .zip(starts.iter())
                .map(compress)
                .collect()
        };
        for ((&(first, end), &start), c) in self.closed.iter().zip(&starts).zip(packed) {
            self.index
                .push((first, self.data.offset(), (end - start) as u32));
            self.data.bytes.extend_from_slice(&c);
        }
        self.raw.drain(..prev);
        self.block_start -= prev;
        self.closed.clear();
    }

    /// Moves the compressed blocks written so far to `out` (a merge
    /// streaming to disk): they follow the head that
    /// [`Self::finish_parts`] returns.
    pub fn drain(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        self.data.drain(out)
    }

    /// The payload as (head: counts and block index, blocks not drained).
    pub fn finish_parts(mut self) -> (Vec<u8>, Vec<u8>) {
        self.close_block();
        self.compress_closed();
        let mut head = Vec::with_capacity(8 + 16 * self.index.len());
        put_u32(&mut head, self.num_docs);
        put_u32(&mut head, self.index.len() as u32);
        for (first, off, raw) in &self.index {
            put_u32(&mut head, *first);
            put_u64(&mut head, *off);
            put_u32(&mut head, *raw);
        }
        (head, self.data.bytes)
    }

    pub fn finish(self) -> Vec<u8> {
        let (mut out, data) = self.finish_parts();
        out.extend_from_slice(&data);
        out
    }
}

pub struct DocStore {
    index: Vec<(u32, u64, u32)>,
    data: Blob,
}

impl DocStore {
    pub fn open(payload: Blob, num_docs: u32) -> Decoded<DocStore> {
        let mut r = ByteReader::new(&payload);
        if r.u32()? != num_docs {
            return Err(Bad("document store count"));
        }
        let nb = r.u32()? as usize;
        if nb > num_docs as usize {
            return Err(Bad("too many store blocks"));
        }
        let mut index = Vec::with_capacity(nb);
        for _ in 0..nb {
            index.push((r.u32()?, r.u64()?, r.u32()?));
        }
        let data = payload.slice(r.pos, payload.len()).ok_or(Bad("bounds"))?;
        for w in index.windows(2) {
            if w[0].0 >= w[1].0 || w[0].1 > w[1].1 {
                return Err(Bad("store index out of order"));
            }
        }
        if index.first().is_some_and(|b| b.0 != 0)
            || index.last().is_some_and(|b| b.1 as usize > data.len())
        {
            return Err(Bad("store index out of bounds"));
        }
        Ok(DocStore { index, data })
    }

    /// The stored record of `local` (date not filled in).
    pub fn get(&self, local: u32) -> Decoded<StoredDoc> {
        let b = self.index.partition_point(|x| x.0 <= local);
        let (first, off, raw) = *self
            .index
            .get(b.checked_sub(1).ok_or(Bad("no such document"))?)
            .ok_or(Bad("no block"))?;
        let end = self.index.get(b).map_or(self.data.len() as u64, |x| x.1);
        let comp = self
            .data
            .get(off as usize..end as usize)
            .ok_or(Bad("store block out of bounds"))?;
        if raw as usize > MAX_RAW_BLOCK {
            return Err(Bad("store block too large"));
        }
        let mut buf = vec![0u8; raw as usize];
        let n = lz4_flex::block::decompress_into(comp, &mut buf)
            .map_err(|_| Bad("store block does not decompress"))?;
        if n != raw as usize {
            return Err(Bad("store block length"));
        }
        let mut r = ByteReader::new(&buf);
        for _ in first..local {
            skip_record(&mut r)?;
        }
        decode_record(&mut r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_round_trip() {
        let mut w = StoreWriter::default();
        let mut docs = Vec::new();
        for i in 0..3000 {
            let d = StoredDoc {
                text: (i % 3 != 0).then(|| format!("Text {i} ") + &"äöü ".repeat(i % 17)),
                title: (i % 2 == 0).then(|| format!("Titel {i}")),
                date: None,
                fields: vec![("section".into(), format!("S{}", i % 5))],
            };
            let mut rec = Vec::new();
            encode_record(d.text.as_deref(), d.title.as_deref(), &d.fields, &mut rec);
            w.add_record(&rec);
            docs.push(d);
        }
        let s = DocStore::open(Blob::from_vec(w.finish()), 3000).unwrap();
        for (i, d) in docs.iter().enumerate() {
            assert_eq!(&s.get(i as u32).unwrap(), d);
        }
        assert!(s.get(3000).is_err());
    }

    #[test]
    fn deferred_and_streaming_writers_write_the_same_bytes() {
        // Sealing compresses all blocks at the end, a merge every few MB:
        // the payloads must not differ.
        let (mut deferred, mut streaming) = (StoreWriter::deferred(), StoreWriter::default());
        streaming.pending_limit = 200_000;
        let mut rec = Vec::new();
        for i in 0..20_000 {
            rec.clear();
            let text = format!("Text {i} ") + &"wort ".repeat(i % 37);
            encode_record(Some(&text), None, &[], &mut rec);
            deferred.add_record(&rec);
            streaming.add_record(&rec);
        }
        assert!(deferred.data.bytes.is_empty() && !streaming.data.bytes.is_empty());
        assert_eq!(deferred.finish(), streaming.finish());
    }
}
