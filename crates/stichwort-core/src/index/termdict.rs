//! The term dictionary of a segment: an FST from term to ordinal (ordinals
//! follow byte order of the terms), the terms by ordinal, and each term's
//! [`TermInfo`].
//!
//! Payload: `num_terms u32, fst_len u64, fst, offsets ((n+1) × u64), term
//! bytes, infos (n × 32 bytes)`.

use fst::{IntoStreamer, Streamer};

use super::file_format::{Bad, Blob, ByteReader, Decoded, put_u32, put_u64, u64_at};
use super::postings::TermInfo;

const INFO_LEN: usize = 32;

/// Builds a dictionary from terms added in ascending byte order.
#[derive(Default)]
pub struct TermDictWriter {
    terms: Vec<u8>,
    offsets: Vec<u64>,
    infos: Vec<u8>,
}

impl TermDictWriter {
    /// Adds the next term (ascending order); its ordinal is the number of
    /// terms added before.
    pub fn add(&mut self, term: &str, info: TermInfo) -> u32 {
        let ord = self.offsets.len() as u32;
        self.offsets.push(self.terms.len() as u64);
        self.terms.extend_from_slice(term.as_bytes());
        put_u32(&mut self.infos, info.doc_freq);
        put_u32(&mut self.infos, info.has_positions as u32);
        put_u64(&mut self.infos, info.coll_freq);
        put_u64(&mut self.infos, info.post_off);
        put_u64(&mut self.infos, info.pos_off);
        ord
    }

    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    pub fn finish(mut self) -> Vec<u8> {
        let n = self.offsets.len();
        let mut b = fst::MapBuilder::memory();
        for i in 0..n {
            let t = &self.terms[self.offsets[i] as usize
                ..self
                    .offsets
                    .get(i + 1)
                    .map_or(self.terms.len(), |&o| o as usize)];
            b.insert(t, i as u64)
                .expect("terms are added in ascending order");
        }
        let fst = b.into_inner().expect("in-memory FST");
        self.offsets.push(self.terms.len() as u64);
        let mut out =
            Vec::with_capacity(fst.len() + self.terms.len() + self.infos.len() + 8 * n + 20);
        put_u32(&mut out, n as u32);
        put_u64(&mut out, fst.len() as u64);
        out.extend_from_slice(&fst);
        for o in &self.offsets {
            put_u64(&mut out, *o);
        }
        out.extend_from_slice(&self.terms);
        out.extend_from_slice(&self.infos);
        out
    }
}

pub struct TermDict {
    fst: fst::Map<Blob>,
    offsets: Blob,
    terms: Blob,
    infos: Blob,
    num_terms: u32,
}

impl TermDict {
    /// Parses and validates a payload (offsets ascending and in bounds, term
    /// bytes UTF-8, one info per term).
    pub fn open(payload: Blob) -> Decoded<TermDict> {
        let mut r = ByteReader::new(&payload);
        let n = r.u32()? as usize;
        let fst_len = r.u64()? as usize;
        let fst_start = r.pos;
        r.bytes(fst_len)?;
        let off_start = r.pos;
        let offs = r.bytes(
            n.checked_add(1)
                .and_then(|x| x.checked_mul(8))
                .ok_or(Bad("size overflow"))?,
        )?;
        let last = u64_at(offs, n).ok_or(Bad("offsets"))? as usize;
        let terms_start = r.pos;
        let terms = r.bytes(last)?;
        let infos_start = r.pos;
        r.bytes(n.checked_mul(INFO_LEN).ok_or(Bad("size overflow"))?)?;
        if !r.is_done() {
            return Err(Bad("trailing bytes in term dictionary"));
        }
        let text = std::str::from_utf8(terms).map_err(|_| Bad("term bytes not UTF-8"))?;
        let mut prev = 0usize;
        for i in 0..=n {
            let o = u64_at(offs, i).ok_or(Bad("offsets"))? as usize;
            if o < prev || o > last || !text.is_char_boundary(o) || (i == 0 && o != 0) {
                return Err(Bad("term offsets out of order"));
            }
            prev = o;
        }
        let slice = |a: usize, b: usize| payload.slice(a, b).ok_or(Bad("out of bounds"));
        let fst = fst::Map::new(slice(fst_start, fst_start + fst_len)?)
            .map_err(|_| Bad("invalid FST"))?;
        if fst.len() != n {
            return Err(Bad("FST and term list disagree"));
        }
        Ok(TermDict {
            fst,
            offsets: slice(off_start, terms_start)?,
            terms: slice(terms_start, infos_start)?,
            infos: slice(infos_start, payload.len())?,
            num_terms: n as u32,
        })
    }

    pub fn num_terms(&self) -> u32 {
        self.num_terms
    }

    pub fn ord(&self, term: &str) -> Option<u32> {
        self.fst
            .get(term)
            .map(|o| o as u32)
            .filter(|&o| o < self.num_terms)
    }

    /// The term of an ordinal ("" when out of range).
    pub fn term(&self, ord: u32) -> &str {
        let (Some(a), Some(b)) = (
            u64_at(&self.offsets, ord as usize),
            u64_at(&self.offsets, ord as usize + 1),
        ) else {
            return "";
        };
        self.terms
            .get(a as usize..b as usize)
            .and_then(|t| std::str::from_utf8(t).ok())
            .unwrap_or("")
    }

    pub fn info(&self, ord: u32) -> TermInfo {
        let Some(b) = self
            .infos
            .get(ord as usize * INFO_LEN..(ord as usize + 1) * INFO_LEN)
        else {
            return TermInfo::default();
        };
        let u32_ = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().expect("4"));
        let u64_ = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8"));
        TermInfo {
            doc_freq: u32_(0),
            has_positions: u32_(4) & 1 == 1,
            coll_freq: u64_(8),
            post_off: u64_(16),
            pos_off: u64_(24),
        }
    }

    /// Terms starting with `prefix`, ascending, with their ordinals.
    pub fn with_prefix(&self, prefix: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        let mut s = self.fst.range().ge(prefix).into_stream();
        while let Some((k, v)) = s.next() {
            if !k.starts_with(prefix.as_bytes()) {
                break;
            }
            out.push((String::from_utf8_lossy(k).into_owned(), v as u32));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dict_round_trip() {
        let mut w = TermDictWriter::default();
        let terms = ["", "au", "außen", "außenminister", "b", "title:x", "zz"];
        for (i, t) in terms.iter().enumerate() {
            let info = TermInfo {
                doc_freq: i as u32,
                has_positions: i % 2 == 0,
                coll_freq: 7,
                post_off: 1,
                pos_off: 2,
            };
            assert_eq!(w.add(t, info), i as u32);
        }
        let d = TermDict::open(Blob::from_vec(w.finish())).unwrap();
        for (i, t) in terms.iter().enumerate() {
            assert_eq!(d.ord(t), Some(i as u32));
            assert_eq!(d.term(i as u32), *t);
            assert_eq!(d.info(i as u32).doc_freq, i as u32);
        }
        assert_eq!(d.ord("nope"), None);
        let p: Vec<_> = d.with_prefix("auß").into_iter().map(|x| x.0).collect();
        assert_eq!(p, vec!["außen", "außenminister"]);
        assert_eq!(d.term(99), "");
    }
}
