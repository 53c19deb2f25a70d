//! The term dictionary of a segment: an FST from term to ordinal (ordinals
//! follow byte order of the terms, so the FST also maps an ordinal back to
//! its term, by following the transitions whose outputs add up to it), and
//! per ordinal the term's [`TermInfo`].
//!
//! Payload: `num_terms u32, fst_len u64, fst, num_samples u32, samples,
//! records`. A record is `vint (doc_freq << 1 | has_positions), vint
//! (coll_freq - doc_freq), vint postings-offset delta, vint
//! positions-offset delta` — offsets grow with the ordinal, so deltas to
//! the previous term are small. Every `SAMPLE`-th ordinal has a sample
//! (`u64` record offset and its absolute postings and positions offsets),
//! so a lookup decodes at most `SAMPLE` records: about 5 bytes a term
//! besides the FST, instead of 40 for fixed-width entries.

use std::ops::Range;
use std::sync::OnceLock;

use fst::raw::{CompiledAddr, Output};
use fst::{IntoStreamer, Streamer};
use rustc_hash::FxHashMap;

use super::codec::{read_vint, write_vint};
use super::file_format::{Bad, Blob, ByteReader, Decoded, put_u32, put_u64, u64_at};
use super::postings::TermInfo;
use super::spill::SpillBuf;

const SAMPLE: usize = 32;
const SAMPLE_LEN: usize = 24;

/// Builds a dictionary from terms added in ascending byte order; the FST
/// goes to `W` (RAM, or a scratch file when a merge streams to disk), or is
/// built apart by [`build_fst`] (see [`TermDictWriter::without_fst`]).
pub struct TermDictWriter<W: std::io::Write = Vec<u8>> {
    fst: Option<fst::MapBuilder<Counted<W>>>,
    n: usize,
    samples: Vec<u8>,
    records: SpillBuf,
    prev: (u64, u64),
}

/// A finished dictionary's payload in the order it is laid out: `head`
/// (term count, FST length), the FST, `middle` (samples), then the records
/// drained earlier followed by `tail`.
pub struct DictParts<W> {
    pub head: Vec<u8>,
    pub fst: W,
    pub middle: Vec<u8>,
    pub tail: Vec<u8>,
}

/// A writer that counts the bytes through it (the FST's length).
pub struct Counted<W>(W, u64);

impl<W: std::io::Write> std::io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1 += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Default for TermDictWriter {
    fn default() -> Self {
        TermDictWriter::new(Vec::new()).expect("an in-memory FST")
    }
}

impl<W: std::io::Write> TermDictWriter<W> {
    pub fn new(fst_out: W) -> fst::Result<Self> {
        Ok(Self::with(Some(fst::MapBuilder::new(Counted(fst_out, 0))?)))
    }

    fn with(fst: Option<fst::MapBuilder<Counted<W>>>) -> Self {
        TermDictWriter {
            fst,
            n: 0,
            samples: Vec::new(),
            records: SpillBuf::default(),
            prev: (0, 0),
        }
    }

    /// Adds the next term (ascending order); its ordinal is the number of
    /// terms added before. An error only comes from writing the FST.
    pub fn try_add(&mut self, term: &[u8], info: TermInfo) -> fst::Result<u32> {
        let ord = self.n;
        if let Some(fst) = &mut self.fst {
            fst.insert(term, ord as u64)?;
        }
        if ord.is_multiple_of(SAMPLE) {
            put_u64(&mut self.samples, self.records.offset());
            put_u64(&mut self.samples, info.post_off);
            put_u64(&mut self.samples, info.pos_off);
            self.prev = (info.post_off, info.pos_off);
        }
        write_vint(
            &mut self.records.bytes,
            (info.doc_freq as u64) << 1 | info.has_positions as u64,
        );
        write_vint(
            &mut self.records.bytes,
            info.coll_freq - info.doc_freq as u64,
        );
        write_vint(&mut self.records.bytes, info.post_off - self.prev.0);
        write_vint(&mut self.records.bytes, info.pos_off - self.prev.1);
        self.prev = (info.post_off, info.pos_off);
        self.n += 1;
        Ok(ord as u32)
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Moves the records written so far to `out`; they go after the
    /// samples (see [`DictParts`]).
    pub fn drain(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        self.records.drain(out)
    }

    /// The parts of the payload (the writer must build its FST).
    pub fn finish_parts(mut self) -> fst::Result<DictParts<W>> {
        let builder = self.fst.take().expect("a writer that builds its FST");
        let Counted(fst, fst_len) = builder.into_inner()?;
        Ok(self.parts(fst, fst_len))
    }

    fn parts(self, fst: W, fst_len: u64) -> DictParts<W> {
        let mut head = Vec::with_capacity(12);
        put_u32(&mut head, self.n as u32);
        put_u64(&mut head, fst_len);
        let mut middle = Vec::with_capacity(4 + self.samples.len());
        put_u32(&mut middle, (self.samples.len() / SAMPLE_LEN) as u32);
        middle.extend_from_slice(&self.samples);
        DictParts {
            head,
            fst,
            middle,
            tail: self.records.bytes,
        }
    }
}

/// The FST of a dictionary of `keys` (ascending): the one
/// [`TermDictWriter`] builds, from the keys alone, as ordinals are ranks.
/// When the keys are known before their postings (sealing a builder), it
/// can be built on a thread of its own.
pub fn build_fst<'a>(keys: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut b = fst::MapBuilder::memory();
    for (ord, key) in keys.into_iter().enumerate() {
        b.insert(key, ord as u64).expect("keys in ascending order");
    }
    b.into_inner().expect("an in-memory FST")
}

impl TermDictWriter {
    /// [`Self::try_add`], which cannot fail in RAM.
    pub fn add(&mut self, term: &[u8], info: TermInfo) -> u32 {
        self.try_add(term, info)
            .expect("terms are added in ascending order")
    }

    /// A writer of the records only; its FST comes to
    /// [`Self::finish_with_fst`] from [`build_fst`] over the same keys.
    pub fn without_fst() -> Self {
        Self::with(None)
    }

    pub fn finish(self) -> Vec<u8> {
        Self::concat(self.finish_parts().expect("an in-memory FST"))
    }

    /// The payload of a writer made by [`Self::without_fst`].
    pub fn finish_with_fst(self, fst: Vec<u8>) -> Vec<u8> {
        debug_assert!(self.fst.is_none(), "the writer built an FST of its own");
        let len = fst.len() as u64;
        Self::concat(self.parts(fst, len))
    }

    fn concat(p: DictParts<Vec<u8>>) -> Vec<u8> {
        let mut out = p.head;
        out.reserve(p.fst.len() + p.middle.len() + p.tail.len());
        out.extend_from_slice(&p.fst);
        out.extend_from_slice(&p.middle);
        out.extend_from_slice(&p.tail);
        out
    }
}

pub struct TermDict {
    fst: fst::Map<Blob>,
    /// Built at the first exact lookup (opening, merging and statistics
    /// need none).
    jump: OnceLock<JumpTable>,
    /// Every key in ordinal order, built at the first wildcard scan.
    keys: OnceLock<KeyList>,
    samples: Blob,
    records: Blob,
    num_terms: u32,
}

/// The keys one after another: a wildcard reads every key, which the FST
/// streams at about 250 ns a key and this list at a few.
#[derive(Default)]
struct KeyList {
    text: String,
    /// Per ordinal: the end of its key in `text`.
    ends: Vec<usize>,
}

impl KeyList {
    fn key(&self, ord: usize) -> &str {
        let start = if ord == 0 { 0 } else { self.ends[ord - 1] };
        &self.text[start..self.ends[ord]]
    }
}

/// At most this many bytes of a key are jumped over (a prefix is a `u64`).
const MAX_JUMP: usize = 8;
/// Walks kept at most, also at most half the keys (building the table
/// takes a few ms per 100,000 keys).
const MAX_JUMP_WALKS: usize = 1 << 18;

/// The FST walks of every key prefix of `depth` bytes: the node each
/// reaches and the output summed on the way. An exact lookup (every word
/// of every query, per segment) starts there instead of at the root,
/// skipping the nodes near the root, which have the most transitions to
/// search and decode. `depth` is the largest (up to [`MAX_JUMP`]) whose
/// prefixes fit the budget.
struct JumpTable {
    depth: usize,
    walks: FxHashMap<u64, (CompiledAddr, u64)>,
}

/// A prefix of up to 8 bytes as a `u64` (zero-padded; the table's
/// prefixes all have the same length).
fn prefix_key(head: &[u8]) -> u64 {
    // A full 8 bytes (every large dictionary's table) as one load, not
    // a copy of a run-time length.
    if let Ok(b) = <[u8; MAX_JUMP]>::try_from(head) {
        return u64::from_le_bytes(b);
    }
    let mut b = [0u8; MAX_JUMP];
    b[..head.len()].copy_from_slice(head);
    u64::from_le_bytes(b)
}

impl JumpTable {
    fn build(fst: &fst::raw::Fst<Blob>) -> JumpTable {
        let budget = (fst.len() / 2).min(MAX_JUMP_WALKS);
        let mut level = vec![(0u64, fst.root().addr(), Output::zero())];
        let mut depth = 0;
        'deeper: while depth < MAX_JUMP {
            let mut next = Vec::with_capacity(level.len());
            for &(key, addr, out) in &level {
                for t in fst.node(addr).transitions() {
                    if next.len() == budget {
                        break 'deeper;
                    }
                    next.push((key | (t.inp as u64) << (8 * depth), t.addr, out.cat(t.out)));
                }
            }
            level = next;
            depth += 1;
        }
        let walks = level
            .into_iter()
            .map(|(key, addr, out)| (key, (addr, out.value())))
            .collect();
        JumpTable { depth, walks }
    }
}

/// One decoded record: the term's info and where the next record starts.
struct Record {
    info: TermInfo,
    next: usize,
}

fn read_record(buf: &[u8], at: usize, base: (u64, u64)) -> Option<Record> {
    let rest = buf.get(at..)?;
    // Most records (rare terms) are four one-byte vints.
    let ([df_flag, extra, dpost, dpos], len) = match rest.first_chunk::<4>() {
        Some(&[a, b, c, d]) if (a | b | c | d) < 0x80 => ([a, b, c, d].map(u64::from), 4),
        _ => {
            let mut v = [0u64; 4];
            let mut len = 0;
            for x in &mut v {
                let (y, k) = read_vint(&rest[len..])?;
                *x = y;
                len += k;
            }
            (v, len)
        }
    };
    let df = u32::try_from(df_flag >> 1).ok()?;
    Some(Record {
        info: TermInfo {
            doc_freq: df,
            has_positions: df_flag & 1 == 1,
            coll_freq: (df as u64).checked_add(extra)?,
            post_off: base.0.checked_add(dpost)?,
            pos_off: base.1.checked_add(dpos)?,
        },
        next: at + len,
    })
}

/// The high bit of every byte.
const HIGH_BITS: u128 = u128::from_le_bytes([0x80; 16]);

/// The sum of the low bytes of the four 4-byte lanes of `w`.
#[inline]
fn lane_sum(w: u128) -> u64 {
    const LOW: u128 =
        u128::from_le_bytes([0xff, 0, 0, 0, 0xff, 0, 0, 0, 0xff, 0, 0, 0, 0xff, 0, 0, 0]);
    let x = w & LOW;
    // Two lanes of at most 2 * 255 each, then their sum.
    let y = x as u64 + (x >> 64) as u64;
    (y & 0xffff_ffff) + (y >> 32)
}

/// Steps over `n` records from `at` with the offsets `base` before them:
/// where the next record starts and the offsets it adds to. Only the
/// offset deltas are decoded; the frequencies are passed over by their
/// bytes (a lookup steps over up to `SAMPLE - 1` records).
fn skip_records(
    buf: &[u8],
    at: usize,
    mut base: (u64, u64),
    n: usize,
) -> Option<(usize, (u64, u64))> {
    // One slice walked forward, no index re-checked per byte: this runs in
    // every lookup of a query's words, segment by segment.
    let mut rest = buf.get(at..)?;
    let mut left = n;
    while left > 0 {
        // Most records (rare terms) are four one-byte vints: four of them
        // are 16 bytes without a high bit, their offset deltas bytes 2 and
        // 3 of each 4-byte lane (one test instead of four).
        if left >= 4
            && let Some(b) = rest.first_chunk::<16>()
            && u128::from_le_bytes(*b) & HIGH_BITS == 0
        {
            let w = u128::from_le_bytes(*b);
            base.0 = base.0.checked_add(lane_sum(w >> 16))?;
            base.1 = base.1.checked_add(lane_sum(w >> 24))?;
            rest = &rest[16..];
            left -= 4;
            continue;
        }
        // Two such records: 8 bytes.
        if left >= 2
            && let Some(b) = rest.first_chunk::<8>()
            && u64::from_le_bytes(*b) & HIGH_BITS as u64 == 0
        {
            let w = u64::from_le_bytes(*b);
            base.0 = base.0.checked_add((w >> 16 & 0xff) + (w >> 48 & 0xff))?;
            base.1 = base.1.checked_add((w >> 24 & 0xff) + (w >> 56))?;
            rest = &rest[8..];
            left -= 2;
            continue;
        }
        left -= 1;
        if let [a, b, c, d, ..] = *rest
            && (a | b | c | d) < 0x80
        {
            base.0 = base.0.checked_add(c as u64)?;
            base.1 = base.1.checked_add(d as u64)?;
            rest = &rest[4..];
            continue;
        }
        for _ in 0..2 {
            let last = rest.iter().position(|&b| b < 0x80)?;
            rest = &rest[last + 1..];
        }
        for off in [&mut base.0, &mut base.1] {
            let (v, k) = match rest {
                [b, ..] if *b < 0x80 => (*b as u64, 1),
                _ => read_vint(rest)?,
            };
            *off = off.checked_add(v)?;
            rest = &rest[k..];
        }
    }
    Some((buf.len() - rest.len(), base))
}

impl TermDict {
    /// Parses and validates a payload: every record decodes, samples agree
    /// with the records, offsets stay within the postings (`post_len`) and
    /// positions (`pos_len`) payloads. (Terms are checked as UTF-8 where
    /// they are read.)
    pub fn open(payload: Blob, post_len: usize, pos_len: usize) -> Decoded<TermDict> {
        let mut r = ByteReader::new(&payload);
        let n = r.u32()? as usize;
        let fst_len = r.u64()? as usize;
        let fst_start = r.pos;
        r.bytes(fst_len)?;
        let ns = r.u32()? as usize;
        if ns != n.div_ceil(SAMPLE) {
            return Err(Bad("sample count"));
        }
        let samples_start = r.pos;
        r.bytes(ns.checked_mul(SAMPLE_LEN).ok_or(Bad("size overflow"))?)?;
        let slice = |a: usize, b: usize| payload.slice(a, b).ok_or(Bad("out of bounds"));
        let fst = fst::Map::new(slice(fst_start, fst_start + fst_len)?)
            .map_err(|_| Bad("invalid FST"))?;
        let dict = TermDict {
            jump: OnceLock::new(),
            keys: OnceLock::new(),
            fst,
            samples: slice(samples_start, r.pos)?,
            records: slice(r.pos, payload.len())?,
            num_terms: n as u32,
        };
        if dict.fst.len() != n {
            return Err(Bad("FST and term list disagree"));
        }
        let mut at = 0;
        let mut base = (0, 0);
        for ord in 0..n {
            if ord.is_multiple_of(SAMPLE) {
                let s = dict.sample(ord / SAMPLE).ok_or(Bad("sample"))?;
                if s.0 != at as u64 {
                    return Err(Bad("sample points to the wrong record"));
                }
                base = (s.1, s.2);
            }
            let rec = read_record(&dict.records, at, base).ok_or(Bad("bad term record"))?;
            if rec.info.post_off as usize > post_len || rec.info.pos_off as usize > pos_len {
                return Err(Bad(
                    "a term points past the end of the postings or positions",
                ));
            }
            base = (rec.info.post_off, rec.info.pos_off);
            at = rec.next;
        }
        if at != dict.records.len() {
            return Err(Bad("trailing bytes in term dictionary"));
        }
        Ok(dict)
    }

    fn sample(&self, i: usize) -> Option<(u64, u64, u64)> {
        let s: &[u8; SAMPLE_LEN] = self.samples.get(i * SAMPLE_LEN..)?.first_chunk()?;
        let u64_at = |k: usize| u64_at(s, k).expect("within the sample");
        Some((u64_at(0), u64_at(1), u64_at(2)))
    }

    fn record(&self, ord: u32) -> Option<Record> {
        if ord >= self.num_terms {
            return None;
        }
        let (at, post, pos) = self.sample(ord as usize / SAMPLE)?;
        let (at, base) = skip_records(
            &self.records,
            at as usize,
            (post, pos),
            ord as usize % SAMPLE,
        )?;
        read_record(&self.records, at, base)
    }

    pub fn num_terms(&self) -> u32 {
        self.num_terms
    }

    pub fn ord(&self, term: &str) -> Option<u32> {
        self.get(term.as_bytes())
            .map(|o| o as u32)
            .filter(|&o| o < self.num_terms)
    }

    /// `fst::Map::get`, the walk started from the jump table.
    fn get(&self, key: &[u8]) -> Option<u64> {
        let jump = self
            .jump
            .get_or_init(|| JumpTable::build(self.fst.as_fst()));
        let Some((head, rest)) = key.split_at_checked(jump.depth) else {
            return self.fst.get(key);
        };
        let &(addr, out) = jump.walks.get(&prefix_key(head))?;
        let fst = self.fst.as_fst();
        let mut node = fst.node(addr);
        let mut out = Output::new(out);
        for &b in rest {
            let t = node.transition(node.find_input(b)?);
            out = out.cat(t.out);
            node = fst.node(t.addr);
        }
        node.is_final()
            .then(|| out.cat(node.final_output()).value())
    }

    /// The term of an ordinal (empty when out of range), read from the FST:
    /// at each node take the last transition whose output does not exceed
    /// what is left of the ordinal.
    pub fn term(&self, ord: u32) -> String {
        let mut out = Vec::new();
        if ord >= self.num_terms {
            return String::new();
        }
        let fst = self.fst.as_fst();
        let mut node = fst.root();
        let mut left = ord as u64;
        // A key is at most as long as the FST has bytes; bounds a damaged walk.
        for _ in 0..=fst.as_bytes().len() {
            if node.is_final() && node.final_output().value() == left {
                return String::from_utf8(out).unwrap_or_default();
            }
            let Some(t) = node
                .transitions()
                .take_while(|t| t.out.value() <= left)
                .last()
            else {
                break;
            };
            left -= t.out.value();
            out.push(t.inp);
            node = fst.node(t.addr);
        }
        String::new()
    }

    /// The FST from term to ordinal (for merging dictionaries).
    pub fn fst(&self) -> &fst::Map<Blob> {
        &self.fst
    }

    pub fn info(&self, ord: u32) -> TermInfo {
        self.record(ord).map(|r| r.info).unwrap_or_default()
    }

    /// The ordinals of the terms starting with `prefix` that `keep`
    /// accepts, ascending, read from the list of every key (built on the
    /// first call): for a scan of most keys, where `keep` rejects most.
    pub fn scan_keys(&self, prefix: &str, mut keep: impl FnMut(&str) -> bool) -> Vec<u32> {
        let keys = self.keys.get_or_init(|| {
            let mut list = KeyList::default();
            let mut s = self.fst.stream();
            while let Some((k, _)) = s.next() {
                // Keys are UTF-8 (the writer takes `&str`); a damaged one is empty.
                list.text
                    .push_str(std::str::from_utf8(k).unwrap_or_default());
                list.ends.push(list.text.len());
            }
            list
        });
        // The first key not below `prefix` (keys ascend with their ordinals).
        let (mut first, mut end) = (0, keys.ends.len());
        while first < end {
            let mid = (first + end) / 2;
            if keys.key(mid) < prefix {
                first = mid + 1;
            } else {
                end = mid;
            }
        }
        (first..keys.ends.len())
            .map(|o| (o, keys.key(o)))
            .take_while(|(_, k)| k.starts_with(prefix))
            .filter(|(_, k)| keep(k))
            .map(|(o, _)| o as u32)
            .collect()
    }

    /// The ordinals of the terms starting with `prefix`: ordinals follow
    /// the terms' byte order, so they are one range, found with two
    /// lookups of the FST however many terms it holds.
    pub fn prefix_range(&self, prefix: &str) -> Range<u32> {
        let first_from = |key: &[u8]| {
            let mut s = self.fst.range().ge(key).into_stream();
            s.next().map_or(self.num_terms, |(_, v)| v as u32)
        };
        // The first key above every key with the prefix: its last byte
        // below 0xFF raised by one, the bytes after it dropped.
        let mut above = prefix.as_bytes().to_vec();
        while above.last() == Some(&0xFF) {
            above.pop();
        }
        let end = match above.last_mut() {
            Some(b) => {
                *b += 1;
                first_from(&above)
            }
            None => self.num_terms,
        };
        first_from(prefix.as_bytes())..end
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Mostly values of one vint byte, else up to `max` (so that runs of
    /// four one-byte records, stepped over at once, are common too).
    fn small_or(max: u64) -> impl Strategy<Value = u64> {
        prop_oneof![15 => 0u64..64, 1 => 0..max]
    }

    proptest! {
        /// Every ordinal's info, with frequencies and offset steps of one
        /// to six vint bytes, runs of one-byte records among them (a lookup
        /// skips up to `SAMPLE - 1` records).
        #[test]
        fn info_of_every_ordinal(
            rows in proptest::collection::vec(
                (small_or(1 << 27), small_or(1 << 40), small_or(1 << 35), small_or(1 << 35), any::<bool>()),
                1..3 * SAMPLE,
            ),
        ) {
            let rows: Vec<_> = rows
                .into_iter()
                .map(|(df, extra, dpost, dpos, p)| (df as u32, extra, dpost, dpos, p))
                .collect();
            let mut w = TermDictWriter::default();
            let (mut post, mut pos) = (0u64, 0u64);
            let mut infos = Vec::new();
            for (i, &(df, extra, dpost, dpos, has_positions)) in rows.iter().enumerate() {
                post += dpost;
                pos += dpos;
                let info = TermInfo {
                    doc_freq: df,
                    has_positions,
                    coll_freq: df as u64 + extra,
                    post_off: post,
                    pos_off: pos,
                };
                w.add(format!("t{i:04}").as_bytes(), info);
                infos.push(info);
            }
            let d = TermDict::open(Blob::from_vec(w.finish()), post as usize, pos as usize).unwrap();
            for (i, info) in infos.iter().enumerate() {
                prop_assert_eq!(d.info(i as u32), *info);
            }
        }
    }

    /// Keys of up to 7 characters from an alphabet of one- to four-byte
    /// UTF-8 characters, so many keys are prefixes of others.
    fn key() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec!['a', 'b', 'z', '{', 'ä', 'ß', '€', '𝄞']),
            0..8,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// The lookup through the jump table gives the FST's own answer
        /// for present and absent keys (the empty key, prefixes and
        /// extensions of present keys, keys shorter than the table).
        #[test]
        fn ord_agrees_with_the_fst(
            keys in proptest::collection::btree_set(key(), 0..200),
            probes in proptest::collection::vec(key(), 0..50),
        ) {
            let mut w = TermDictWriter::default();
            for k in &keys {
                w.add(k.as_bytes(), TermInfo::default());
            }
            let d = TermDict::open(Blob::from_vec(w.finish()), 0, 0).unwrap();
            let cut = |k: &String, n: usize| String::from_utf8_lossy(&k.as_bytes()[..n.min(k.len())]).into_owned();
            let all = keys
                .iter()
                .flat_map(|k| [k.clone(), format!("{k}a"), format!("{k}ß"), cut(k, 3), cut(k, 4)])
                .chain(probes)
                .chain([String::new()]);
            for p in all {
                prop_assert_eq!(d.ord(&p), d.fst().get(&p).map(|o| o as u32), "{:?}", p);
            }
            for (i, k) in keys.iter().enumerate() {
                prop_assert_eq!(d.ord(k), Some(i as u32));
            }
        }
    }

    #[test]
    fn dict_round_trip() {
        let mut w = TermDictWriter::default();
        // More than one sample block; offsets grow with the ordinal.
        let short = ["", "au", "außen", "außenminister", "b", "title:x", "zz"];
        let terms: Vec<String> = (0..100)
            .map(|i| format!("w{i:03}"))
            .chain(short.iter().map(|t| format!("{{{t}")))
            .collect();
        for (i, t) in terms.iter().enumerate() {
            let n = i as u64;
            let info = TermInfo {
                doc_freq: i as u32,
                has_positions: i % 2 == 0,
                coll_freq: 7 + n,
                post_off: 3 * n,
                pos_off: 5 * n,
            };
            assert_eq!(w.add(t.as_bytes(), info), i as u32);
        }
        let d = TermDict::open(Blob::from_vec(w.finish()), 1000, 1000).unwrap();
        for (i, t) in terms.iter().enumerate() {
            assert_eq!(d.ord(t), Some(i as u32));
            assert_eq!(d.term(i as u32), *t);
            let info = d.info(i as u32);
            assert_eq!(
                (info.doc_freq, info.coll_freq, info.post_off, info.pos_off),
                (i as u32, 7 + i as u64, 3 * i as u64, 5 * i as u64)
            );
            assert_eq!(info.has_positions, i % 2 == 0);
        }
        assert_eq!(d.ord("nope"), None);
        let mut seen = Vec::new();
        let kept = d.scan_keys("{auß", |t| {
            seen.push(t.to_string());
            t.ends_with('n')
        });
        assert_eq!(seen, vec!["{außen", "{außenminister"]);
        assert_eq!(kept, vec![d.ord("{außen").unwrap()]);
        // A prefix's range holds the keys that start with it, no others.
        for prefix in [
            "",
            "{auß",
            "{außenminister",
            "{z",
            "~",
            "{",
            "{außenministerin",
        ] {
            let range: Vec<u32> = d.prefix_range(prefix).collect();
            assert_eq!(range, d.scan_keys(prefix, |_| true), "{prefix:?}");
        }
        assert_eq!(d.term(999), "");

        // The FST built apart gives the same bytes.
        let mut apart = TermDictWriter::without_fst();
        for (i, t) in terms.iter().enumerate() {
            apart.add(t.as_bytes(), d.info(i as u32));
        }
        let fst = build_fst(terms.iter().map(String::as_bytes));
        let mut whole = TermDictWriter::default();
        for (i, t) in terms.iter().enumerate() {
            whole.add(t.as_bytes(), d.info(i as u32));
        }
        assert_eq!(apart.finish_with_fst(fst), whole.finish());
    }
}
