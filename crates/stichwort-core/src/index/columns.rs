//! Per-document columns of a segment: global doc id, body length, title
//! length and date (days since 0001-01-01 as Python's `date.toordinal()`,
//! `NO_DATE` when absent).
//!
//! Payload: `num_docs u32`, then four arrays of `num_docs` little-endian
//! u32/i32 in that order. Global ids must ascend strictly.

use super::file_format::{Bad, Blob, Decoded, put_u32, u32_at};

pub const NO_DATE: i32 = i32::MIN;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnsData {
    pub global_ids: Vec<u32>,
    pub doc_lens: Vec<u32>,
    pub title_lens: Vec<u32>,
    pub dates: Vec<i32>,
}

impl ColumnsData {
    pub fn push(&mut self, global: u32, doc_len: u32, title_len: u32, date: Option<i32>) {
        self.global_ids.push(global);
        self.doc_lens.push(doc_len);
        self.title_lens.push(title_len);
        self.dates.push(date.unwrap_or(NO_DATE));
    }

    pub fn len(&self) -> usize {
        self.global_ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.global_ids.is_empty()
    }

    /// Average body (or title) length of the segment's documents, deleted
    /// ones included: the average that the block bounds of its postings are
    /// taken at (see `PostingsWriter::finish_term`), computed the same way
    /// when the segment is written and when it is read.
    pub fn avg_len(&self, title: bool) -> f64 {
        let lens = if title {
            &self.title_lens
        } else {
            &self.doc_lens
        };
        let total: u64 = lens.iter().map(|&l| l as u64).sum();
        if lens.is_empty() {
            0.0
        } else {
            total as f64 / lens.len() as f64
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + 16 * self.len());
        put_u32(&mut out, self.len() as u32);
        for col in [&self.global_ids, &self.doc_lens, &self.title_lens] {
            for &v in col.iter() {
                put_u32(&mut out, v);
            }
        }
        for &d in &self.dates {
            put_u32(&mut out, d as u32);
        }
        out
    }

    /// Decodes into RAM (the columns are small: 16 bytes a document) and
    /// validates that global ids ascend.
    pub fn decode(payload: &Blob) -> Decoded<ColumnsData> {
        let n = u32_at(payload, 0).ok_or(Bad("too short"))? as usize;
        if payload.len() != 4 + 16 * n {
            return Err(Bad("column length does not match document count"));
        }
        let col = |k: usize| -> Vec<u32> {
            let base = 4 + 4 * n * k;
            payload[base..base + 4 * n]
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes(c.try_into().expect("4")))
                .collect()
        };
        let c = ColumnsData {
            global_ids: col(0),
            doc_lens: col(1),
            title_lens: col(2),
            dates: col(3).into_iter().map(|d| d as i32).collect(),
        };
        if c.global_ids.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Bad("global ids not ascending"));
        }
        Ok(c)
    }
}
