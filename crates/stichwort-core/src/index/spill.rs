//! The output buffer of a segment file's writer, which a merge streaming to
//! disk empties now and then: offsets stay absolute (the bytes moved out
//! before plus those still held).

#[derive(Default)]
pub struct SpillBuf {
    /// The bytes not moved out yet.
    pub bytes: Vec<u8>,
    moved: u64,
}

impl SpillBuf {
    /// The offset in the whole output of the next byte written.
    pub fn offset(&self) -> u64 {
        self.moved + self.bytes.len() as u64
    }

    /// Moves the bytes held to `out`.
    pub fn drain(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        out.write_all(&self.bytes)?;
        self.moved += self.bytes.len() as u64;
        self.bytes.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_the_bytes_moved_out() {
        let mut buf = SpillBuf::default();
        buf.bytes.extend_from_slice(b"abc");
        let mut out = Vec::new();
        buf.drain(&mut out).unwrap();
        buf.bytes.extend_from_slice(b"de");
        assert_eq!(buf.offset(), 5);
        assert_eq!(out, b"abc");
        assert_eq!(buf.bytes, b"de");
    }
}
