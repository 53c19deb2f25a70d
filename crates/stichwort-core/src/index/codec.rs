//! Integer codecs: LEB128 varints and bit-packing of blocks of integers
//! (blocks of 128 in postings and positions, any length in the forward
//! index). Decoders never read past their input: they return `None` when
//! the input is too short.

pub const BLOCK: usize = 128;

pub fn write_vint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Decodes a varint at the start of `buf`: (value, bytes read).
#[inline]
pub fn read_vint(buf: &[u8]) -> Option<(u64, usize)> {
    // Counts and lengths mostly take one or two bytes.
    match *buf {
        [b0, ..] if b0 < 0x80 => return Some((b0 as u64, 1)),
        [b0, b1, ..] if b1 < 0x80 => return Some(((b0 & 0x7f) as u64 | (b1 as u64) << 7, 2)),
        _ => {}
    }
    let mut v = 0u64;
    for (i, &b) in buf.iter().enumerate().take(10) {
        v |= ((b & 0x7f) as u64) << (7 * i);
        if b < 0x80 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Bits needed for the largest value.
#[inline]
pub fn bits_needed(values: &[u32]) -> u8 {
    let m = values.iter().fold(0u32, |a, &b| a | b);
    (32 - m.leading_zeros()) as u8
}

/// Bytes that `n` values of `bits` bits take.
#[inline]
pub fn packed_len(n: usize, bits: u8) -> usize {
    (n * bits as usize).div_ceil(8)
}

/// Appends `values` packed with `bits` bits each (little-endian bit order).
pub fn pack(values: &[u32], bits: u8, out: &mut Vec<u8>) {
    if bits == 0 {
        return;
    }
    let mut acc: u64 = 0;
    let mut n: u32 = 0;
    for &v in values {
        acc |= (v as u64) << n;
        n += bits as u32;
        while n >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            n -= 8;
        }
    }
    if n > 0 {
        out.push(acc as u8);
    }
}

/// Unpacks `n` values of `bits` bits from the start of `buf` into `out`
/// (cleared first); `None` when `buf` is too short or `bits > 32`. Bytes
/// of `buf` after the values may be read and are masked off: a block
/// followed by more data (the next block) is decoded in place to its end,
/// without copying its last group.
pub fn unpack(buf: &[u8], bits: u8, n: usize, out: &mut Vec<u32>) -> Option<()> {
    out.clear();
    // Checked before the buffer grows: `n` may come from damaged data.
    if bits > 32 || buf.len() < packed_len(n, bits) {
        return None;
    }
    out.resize(n, 0);
    unpack_into(buf, bits, out)
}

/// [`unpack`] of `out.len()` values into `out` (left as it is on `None`):
/// straight into a slice of a larger buffer, without a copy.
pub fn unpack_into(buf: &[u8], bits: u8, out: &mut [u32]) -> Option<()> {
    if bits > 32 || buf.len() < packed_len(out.len(), bits) {
        return None;
    }
    if bits == 0 {
        out.fill(0);
        return Some(());
    }
    // One decoder per width, so that every shift and offset is a constant.
    macro_rules! widths {
        ($($w:literal)*) => {
            match bits {
                $($w => unpack_width::<$w>(buf, out),)*
                _ => unreachable!("bits <= 32"),
            }
        };
    }
    widths!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);
    Some(())
}

/// Decodes 8 values of `BITS` bits from `chunk` (`BITS` bytes of data plus
/// 8 readable bytes after them): value `j` starts at bit `j * BITS` and lies
/// in the 8 bytes from its first byte (`j * BITS % 8 + BITS <= 39`).
#[inline(always)]
fn unpack_group<const BITS: usize>(chunk: &[u8], out: &mut [u32]) {
    let mask = if BITS == 32 {
        u32::MAX as u64
    } else {
        (1u64 << BITS) - 1
    };
    let chunk = &chunk[..BITS + 8];
    for (j, o) in out[..8].iter_mut().enumerate() {
        let bit = j * BITS;
        let word = u64::from_le_bytes(chunk[bit / 8..bit / 8 + 8].try_into().expect("8 bytes"));
        *o = ((word >> (bit % 8)) & mask) as u32;
    }
}

/// `out.len()` values of `BITS` bits from the start of `buf` (their bytes,
/// possibly followed by others).
fn unpack_width<const BITS: usize>(buf: &[u8], out: &mut [u32]) {
    let n = out.len();
    let mut g = 0;
    // Whole groups of 8 values (BITS bytes each) read in place while 8
    // bytes beyond the group remain in `buf`.
    while (g + 1) * 8 <= n && (g + 1) * BITS + 8 <= buf.len() {
        unpack_group::<BITS>(&buf[g * BITS..], &mut out[g * 8..]);
        g += 1;
    }
    // The rest through a zero-padded copy of at most one group's bytes.
    while g * 8 < n {
        let from = g * BITS;
        let take = (buf.len() - from).min(BITS);
        let mut tmp = [0u8; 40];
        tmp[..take].copy_from_slice(&buf[from..from + take]);
        let mut vals = [0u32; 8];
        unpack_group::<BITS>(&tmp, &mut vals);
        let m = (n - g * 8).min(8);
        out[g * 8..g * 8 + m].copy_from_slice(&vals[..m]);
        g += 1;
    }
}

/// Calls `f` with values `a..b` of a packed run of `bits` bits (clamped to
/// the bytes of `buf`) in order: a window of a long record read without
/// decoding the rest.
#[inline]
pub fn for_each_in_range(buf: &[u8], bits: u8, a: usize, b: usize, mut f: impl FnMut(u32)) {
    let w = usize::from(bits);
    if a < b && (1..=32).contains(&w) && (b - 1) * w / 8 + 8 <= buf.len() {
        // Every value's 8 bytes in place: the width checked once, not per value.
        let mask = u64::MAX >> (64 - w);
        for i in a..b {
            let bit = i * w;
            let word = u64::from_le_bytes(buf[bit / 8..bit / 8 + 8].try_into().expect("8 bytes"));
            f(((word >> (bit % 8)) & mask) as u32);
        }
    } else {
        (a..b).for_each(|i| f(unpack_one(buf, bits, i)));
    }
}

/// Value `i` of a packed run of `bits` bits (bytes past the end of `buf`
/// read as 0; 0 for a width of 0 or above 32).
#[inline]
pub fn unpack_one(buf: &[u8], bits: u8, i: usize) -> u32 {
    if bits == 0 || bits > 32 {
        return 0;
    }
    let bits = bits as usize;
    let mask = if bits == 32 {
        u32::MAX as u64
    } else {
        (1u64 << bits) - 1
    };
    let o = i * bits;
    let at = o / 8;
    let word = match buf.get(at..at + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().expect("8 bytes")),
        None => buf
            .iter()
            .skip(at)
            .take(8)
            .enumerate()
            .fold(0u64, |w, (k, &x)| w | (x as u64) << (8 * k)),
    };
    ((word >> (o % 8)) & mask) as u32
}

/// Writes a block: one byte of bit width, then the packed values.
pub fn write_block(values: &[u32], out: &mut Vec<u8>) {
    let bits = bits_needed(values);
    out.push(bits);
    pack(values, bits, out);
}

/// Reads a block of `n` values written by [`write_block`]; returns the
/// bytes consumed.
pub fn read_block(buf: &[u8], n: usize, out: &mut Vec<u32>) -> Option<usize> {
    let bits = *buf.first()?;
    unpack(&buf[1..], bits, n, out)?;
    Some(1 + packed_len(n, bits))
}

/// [`read_block`] of `out.len()` values into `out`.
pub fn read_block_into(buf: &[u8], out: &mut [u32]) -> Option<usize> {
    let bits = *buf.first()?;
    unpack_into(&buf[1..], bits, out)?;
    Some(1 + packed_len(out.len(), bits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn vint_round_trip(v in any::<u64>()) {
            let mut b = Vec::new();
            write_vint(&mut b, v);
            prop_assert_eq!(read_vint(&b), Some((v, b.len())));
            prop_assert_eq!(read_vint(&b[..b.len() - 1]), None);
        }

        #[test]
        fn block_round_trip(values in proptest::collection::vec(any::<u32>(), 0..300), shift in 0u32..32) {
            let values: Vec<u32> = values.into_iter().map(|v| v >> shift).collect();
            let mut b = Vec::new();
            write_block(&values, &mut b);
            let mut out = Vec::new();
            prop_assert_eq!(read_block(&b, values.len(), &mut out), Some(b.len()));
            prop_assert_eq!(&out, &values);
            let (lo, hi) = (values.len() / 3, values.len() - values.len() / 4);
            let range = |b: &[u8], lo, hi| {
                let mut out = Vec::new();
                for_each_in_range(&b[1..], bits_needed(&values), lo, hi, |v| out.push(v));
                out
            };
            prop_assert_eq!(&range(&b, lo, hi)[..], &values[lo..hi]);
            if b.len() > 1 && bits_needed(&values) > 0 {
                prop_assert_eq!(read_block(&b[..b.len() - 1], values.len(), &mut out), None);
            }
            // Data after the block (the next one) is not part of its values.
            let used = b.len();
            b.extend(std::iter::repeat_n(0xffu8, 1 + shift as usize));
            prop_assert_eq!(read_block(&b, values.len(), &mut out), Some(used));
            prop_assert_eq!(&out, &values);
            // A range read in place (8 bytes past each value) or near the end.
            for (lo, hi) in [(0, values.len()), (values.len() / 2, values.len())] {
                prop_assert_eq!(&range(&b, lo, hi)[..], &values[lo..hi]);
            }
            // Into a slice of a larger buffer, the values around it kept.
            let mut wide = vec![7u32; values.len() + 2];
            prop_assert_eq!(read_block_into(&b, &mut wide[1..values.len() + 1]), Some(used));
            prop_assert_eq!(&wide[1..values.len() + 1], &values[..]);
            prop_assert_eq!((wide[0], wide[values.len() + 1]), (7, 7));
            prop_assert_eq!(read_block_into(&b[..1], &mut wide[1..values.len() + 1]).is_some(), bits_needed(&values) == 0 || values.is_empty());
        }
    }

    /// A count read from damaged data (far more values than the bytes
    /// hold) is refused before the output grows: no huge allocation.
    #[test]
    fn unpack_refuses_a_count_its_bytes_cannot_hold() {
        let mut out = vec![5u32];
        assert_eq!(unpack(&[1, 2, 3], 8, 1 << 40, &mut out), None);
        assert!(out.is_empty());
        assert_eq!(unpack(&[1, 2, 3], 8, 3, &mut out), Some(()));
        assert_eq!(out, [1, 2, 3]);
    }
}
