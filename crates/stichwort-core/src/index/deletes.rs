//! Deletion bitmap of a segment. A commit that deletes documents of a
//! segment writes a new generation of its bitmap (`<segment>.<gen>.del`);
//! the old generation stays valid for readers of the old snapshot.
//!
//! Payload: `num_docs u32, bits (ceil(num_docs / 8) bytes, bit i of byte
//! i / 8 set = deleted)`.

use super::file_format::{Bad, Decoded, put_u32, u32_at};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteSet {
    bits: Vec<u8>,
    num_docs: u32,
    count: u32,
}

impl DeleteSet {
    pub fn new(num_docs: u32) -> Self {
        DeleteSet { bits: vec![0; (num_docs as usize).div_ceil(8)], num_docs, count: 0 }
    }

    #[inline]
    pub fn contains(&self, local: u32) -> bool {
        self.bits.get(local as usize / 8).is_some_and(|b| b & (1 << (local % 8)) != 0)
    }

    /// Marks `local` deleted; false when it already was or is out of range.
    pub fn insert(&mut self, local: u32) -> bool {
        if local >= self.num_docs || self.contains(local) {
            return false;
        }
        self.bits[local as usize / 8] |= 1 << (local % 8);
        self.count += 1;
        true
    }

    pub fn count(&self) -> u32 {
        self.count
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.bits.len());
        put_u32(&mut out, self.num_docs);
        out.extend_from_slice(&self.bits);
        out
    }

    pub fn decode(payload: &[u8], num_docs: u32) -> Decoded<DeleteSet> {
        if u32_at(payload, 0) != Some(num_docs) {
            return Err(Bad("deletion bitmap document count"));
        }
        let bits = payload[4..].to_vec();
        if bits.len() != (num_docs as usize).div_ceil(8) {
            return Err(Bad("deletion bitmap length"));
        }
        if !num_docs.is_multiple_of(8) && bits.last().is_some_and(|&b| b >> (num_docs % 8) != 0) {
            return Err(Bad("bits set past the last document"));
        }
        let count = bits.iter().map(|b| b.count_ones()).sum();
        Ok(DeleteSet { bits, num_docs, count })
    }
}
