//! The forward index: each document's body as term ordinals in position
//! order (whole words only, never compound parts). A position the analyzer
//! left empty holds [`NO_TERM`].
//!
//! Payload: `num_docs u32, offsets ((n+1) × u64), records`; a record is
//! `vint count, bits u8, packed (ord + 1)` (0 encodes `NO_TERM`).

use super::codec;
use super::file_format::{Bad, Blob, ByteReader, Decoded, put_u32, put_u64, u64_at};
use super::spill::SpillBuf;
use crate::hint::prefetch;

pub const NO_TERM: u32 = u32::MAX;

#[derive(Default)]
pub struct ForwardWriter {
    offsets: Vec<u64>,
    data: SpillBuf,
    scratch: Vec<u32>,
}

impl ForwardWriter {
    pub fn add(&mut self, ords: &[u32]) {
        self.offsets.push(self.data.offset());
        self.scratch.clear();
        self.scratch.extend(ords.iter().map(|&o| o.wrapping_add(1)));
        codec::write_vint(&mut self.data.bytes, ords.len() as u64);
        codec::write_block(&self.scratch, &mut self.data.bytes);
    }

    /// Moves the records written so far to `out` (a merge streaming to
    /// disk): they follow the head that [`Self::finish_parts`] returns.
    pub fn drain(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        self.data.drain(out)
    }

    /// The payload as (head: count and offsets, records not drained).
    pub fn finish_parts(mut self) -> (Vec<u8>, Vec<u8>) {
        let n = self.offsets.len();
        self.offsets.push(self.data.offset());
        let mut head = Vec::with_capacity(4 + 8 * (n + 1));
        put_u32(&mut head, n as u32);
        for o in &self.offsets {
            put_u64(&mut head, *o);
        }
        (head, self.data.bytes)
    }

    pub fn finish(self) -> Vec<u8> {
        let (mut out, data) = self.finish_parts();
        out.extend_from_slice(&data);
        out
    }
}

pub struct Forward {
    offsets: Blob,
    data: Blob,
    num_docs: u32,
}

impl Forward {
    pub fn open(payload: Blob, num_docs: u32) -> Decoded<Forward> {
        let mut r = ByteReader::new(&payload);
        if r.u32()? != num_docs {
            return Err(Bad("forward index document count"));
        }
        let offs = r.bytes((num_docs as usize + 1) * 8)?;
        let data_len = payload.len() - r.pos;
        let mut prev = 0;
        for i in 0..=num_docs as usize {
            let o = u64_at(offs, i).ok_or(Bad("offsets"))?;
            if o < prev || o as usize > data_len {
                return Err(Bad("forward offsets out of order"));
            }
            prev = o;
        }
        Ok(Forward {
            offsets: payload.slice(4, r.pos).ok_or(Bad("bounds"))?,
            data: payload.slice(r.pos, payload.len()).ok_or(Bad("bounds"))?,
            num_docs,
        })
    }

    /// The index as plain slices, for loops over many documents (no
    /// look-through of the mapping at each read).
    #[inline]
    pub fn view(&self) -> ForwardView<'_> {
        ForwardView {
            offsets: &self.offsets,
            data: &self.data,
            num_docs: self.num_docs,
        }
    }

    /// The record of `local`, read once for any number of ranges (empty
    /// when out of range or corrupt).
    pub fn doc(&self, local: u32) -> Record<'_> {
        self.view().doc(local)
    }

    /// Term ordinals of document `local` into `out` (cleared); empty when
    /// out of range.
    pub fn get(&self, local: u32, out: &mut Vec<u32>) {
        self.doc(local).get(out)
    }

    /// Number of positions of document `local` (0 when out of range).
    pub fn len(&self, local: u32) -> usize {
        self.doc(local).len()
    }
}

/// A [`Forward`] index's offsets and records as slices (see
/// [`Forward::view`]).
#[derive(Clone, Copy)]
pub struct ForwardView<'a> {
    offsets: &'a [u8],
    data: &'a [u8],
    num_docs: u32,
}

impl<'a> ForwardView<'a> {
    /// The record of `local`, read once for any number of ranges (empty
    /// when out of range or corrupt).
    pub fn doc(&self, local: u32) -> Record<'a> {
        self.record(local).unwrap_or_default()
    }

    /// Asks the CPU to start loading the first bytes of `local`'s record
    /// (a hint; no effect on results).
    #[inline]
    fn prefetch(&self, local: u32) {
        if let Some(a) = u64_at(self.offsets, local as usize)
            && let Some(rec) = self.data.get(a as usize..)
        {
            prefetch(rec, 0);
            prefetch(rec, 64);
        }
    }

    /// The records of `docs` into `out` (cleared), loaded in steps: every
    /// offset is asked for, then every record's head, then they are read.
    /// Far-apart records (a few documents of many) miss the cache at each
    /// step; asked for together, their misses overlap instead of following
    /// each other.
    pub fn records(&self, docs: &[u32], out: &mut Vec<Record<'a>>) {
        for &doc in docs {
            prefetch(self.offsets, doc as usize * 8);
        }
        for &doc in docs {
            self.prefetch(doc);
        }
        out.clear();
        out.extend(docs.iter().map(|&doc| self.doc(doc)));
    }

    #[inline]
    fn record(&self, local: u32) -> Option<Record<'a>> {
        if local >= self.num_docs {
            return None;
        }
        let a = u64_at(self.offsets, local as usize)?;
        let b = u64_at(self.offsets, local as usize + 1)?;
        let rec = self.data.get(a as usize..b as usize)?;
        let (n, used) = codec::read_vint(rec)?;
        let bits = *rec.get(used)?;
        let packed = rec.get(used + 1..)?;
        (packed.len() >= codec::packed_len(n as usize, bits)).then_some(Record {
            n: n as usize,
            bits,
            packed,
        })
    }
}

/// One document's forward record: number of values, bit width, packed
/// bytes (checked to hold them).
#[derive(Clone, Copy, Default)]
pub struct Record<'a> {
    n: usize,
    bits: u8,
    packed: &'a [u8],
}

impl Record<'_> {
    /// Number of positions.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Every ordinal into `out` (cleared).
    pub fn get(&self, out: &mut Vec<u32>) {
        if codec::unpack(self.packed, self.bits, self.n, out).is_none() {
            out.clear();
            return;
        }
        for o in out.iter_mut() {
            *o = o.wrapping_sub(1);
        }
    }

    /// Starts loading the bytes of positions `a..b` (cut at the end): for
    /// the windows of the next document while this one is counted.
    pub fn prefetch_range(&self, a: usize, b: usize) {
        let (a, b) = (a.min(self.n), b.min(self.n));
        if a >= b {
            return;
        }
        let bits = usize::from(self.bits);
        let last = ((b * bits).div_ceil(8)).saturating_sub(1);
        let mut at = a * bits / 8;
        while at <= last {
            prefetch(self.packed, at);
            at = (at | 63) + 1;
        }
    }

    /// Starts loading the bytes of position `i` (a hint for [`Self::at`]).
    #[inline]
    pub fn prefetch_at(&self, i: usize) {
        prefetch(self.packed, i * usize::from(self.bits) / 8);
    }

    /// The ordinal at position `i` (None past the end), decoded alone.
    #[inline]
    pub fn at(&self, i: usize) -> Option<u32> {
        (i < self.n).then(|| codec::unpack_one(self.packed, self.bits, i).wrapping_sub(1))
    }

    /// Appends to `out` the ordinals at positions `a..b` (cut at the end)
    /// that are below `limit` ([`NO_TERM`] never is): a window counted
    /// straight from the record.
    #[inline]
    pub fn append_below(&self, a: usize, b: usize, limit: u32, out: &mut Vec<u32>) {
        let (a, b) = (a.min(self.n), b.min(self.n));
        out.reserve(b.saturating_sub(a));
        codec::for_each_in_range(self.packed, self.bits, a, b, |v| {
            let o = v.wrapping_sub(1);
            if o < limit {
                out.push(o);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_round_trip() {
        let docs: Vec<Vec<u32>> = vec![vec![], vec![5, 0, NO_TERM, 5], vec![1 << 20, 3]];
        let mut w = ForwardWriter::default();
        for d in &docs {
            w.add(d);
        }
        let f = Forward::open(Blob::from_vec(w.finish()), 3).unwrap();
        let mut out = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            f.get(i as u32, &mut out);
            assert_eq!(&out, d);
        }
        f.get(3, &mut out);
        assert!(out.is_empty());
        // A window from position 1 to past the end: NO_TERM and ordinals
        // at or above the limit left out.
        out.clear();
        f.doc(1).append_below(1, 9, 5, &mut out);
        assert_eq!(out, [0]);
        f.doc(1).append_below(0, 4, 6, &mut out);
        assert_eq!(out, [0, 5, 0, 5]);
        assert_eq!(f.len(1), 4);
        assert!(f.doc(3).is_empty());
        out.clear();
        f.doc(2).append_below(1, 2, u32::MAX, &mut out);
        assert_eq!(out, [3]);
        let r = f.doc(1);
        let each: Vec<_> = (0..5).map(|i| r.at(i)).collect();
        assert_eq!(each, [Some(5), Some(0), Some(NO_TERM), Some(5), None]);
    }
}
