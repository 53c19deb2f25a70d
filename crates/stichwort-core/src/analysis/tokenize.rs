//! The "simple" token boundaries and case folding, exactly as Python defines
//! them: maximal runs of `str.isalnum()` characters, each lowered with
//! `str.lower()` on its own.

use std::cell::Cell;

use super::alnum_table::{ALNUM_RANGES, LATIN1_ALNUM, SIGMA_CASED, SIGMA_IGNORABLE};

fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `isalnum` of every code point below U+10000 as a bitmap (8 KiB), built at
/// compile time from the generated tables: one load instead of a binary
/// search for the letters of Greek, Cyrillic, CJK, ...
static ALNUM_BMP: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut c = 0;
    while c < 0x100 {
        if LATIN1_ALNUM[c] {
            t[c >> 6] |= 1 << (c & 63);
        }
        c += 1;
    }
    let mut r = 0;
    while r < ALNUM_RANGES.len() {
        let (lo, hi) = ALNUM_RANGES[r];
        let mut c = lo;
        while c <= hi && c < 0x10000 {
            t[(c >> 6) as usize] |= 1 << (c & 63);
            c += 1;
        }
        r += 1;
    }
    t
};

/// Python's `c.isalnum()` (Unicode of [`super::UNICODE_VERSION`]).
///
/// Rust's `char::is_alphanumeric` is a different set (it counts combining
/// marks with Other_Alphabetic, e.g. U+0345, and follows the toolchain's
/// Unicode version), so the table is generated from Python's `unicodedata`.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x10000 {
        ALNUM_BMP[(cp >> 6) as usize] & (1 << (cp & 63)) != 0
    } else {
        in_ranges(ALNUM_RANGES, cp)
    }
}

/// Python's Final_Sigma test for the 'Σ' at byte `at` of `token`: a cased
/// letter before it and none after it, skipping case-ignorable characters
/// (tables of Python's Unicode version; Rust's newer ones differ, e.g. on
/// U+0295).
fn is_final_sigma(token: &str, at: usize) -> bool {
    let first_cased = |c: Option<char>| c.is_some_and(|c| in_ranges(SIGMA_CASED, c as u32));
    let ignorable = |c: &char| in_ranges(SIGMA_IGNORABLE, *c as u32);
    first_cased(token[..at].chars().rev().find(|c| !ignorable(c)))
        && !first_cased(token[at + 'Σ'.len_utf8()..].chars().find(|c| !ignorable(c)))
}

/// One token of the (normalised) text: byte and character ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    /// The token has a character beyond ASCII and U+00C0..U+00FF, which
    /// only [`lower`] lowers exactly; without one the folded bytes of the
    /// token are its lower case.
    full: bool,
}

/// Tokens of a text as [`scan`] hands them on, with the text's bytes
/// *folded*: every 'A'..='Z' and 'À'..='Þ' (but '×') lowered in place, a
/// change of one byte that keeps UTF-8 valid and character boundaries
/// where they were.
pub(crate) struct Batch<'a> {
    text: &'a str,
    /// The folded bytes, final for every byte of the tokens in `spans`.
    folded: &'a [u8],
    spans: &'a [Span],
}

impl<'a> Batch<'a> {
    pub fn spans(&self) -> &'a [Span] {
        self.spans
    }

    /// Python's `str.lower()` of the token `span` (one of [`spans`](Self::spans)):
    /// its folded bytes, or [`lower`] into `buf` for the rare token that
    /// needs more.
    #[inline]
    pub fn lowered<'s>(&'s self, span: &Span, buf: &'s mut String) -> &'s str {
        let range = span.byte_start..span.byte_end;
        if span.full {
            return lower(&self.text[range], false, buf);
        }
        let bytes = &self.folded[range];
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: `span` came from `scan`, so `range` lies on character
        // boundaries of `text` and inside the folded part of `folded`;
        // folding changes only ASCII letters (to ASCII letters) and the
        // continuation byte after 0xC3 within 0x80..=0x9E (to 0xA0..=0xBE,
        // still a continuation byte), so the bytes are valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

/// Bytes the scan looks at in one step.
const BLOCK: usize = 64;

/// Per-byte facts about one block, bit `j` for byte `j`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Masks {
    /// May belong to a token: an ASCII alphanumeric or any byte >= 0x80
    /// (non-ASCII characters are classified exactly later).
    tok: u64,
    /// A byte >= 0x80.
    high: u64,
    /// A UTF-8 continuation byte (0x80..=0xBF): not the start of a character.
    cont: u64,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// [`Masks`] of eight bytes (little-endian `w`), SWAR: a byte below 0x80
/// plus `0x80 - k` has its high bit set exactly when it is >= k and stays
/// below 0x100, so no carry crosses bytes. Returns the high bit of every
/// byte, in place, for: token bytes, ASCII upper case, high bytes,
/// continuation bytes.
#[inline]
fn swar8(w: u64) -> (u64, u64, u64, u64) {
    let low7 = w & !HIGH_BITS;
    let ascii = !w & HIGH_BITS;
    let ge = |x: u64, k: u8| x + ONES * (0x80 - k as u64);
    let within = |x: u64, lo: u8, hi: u8| ge(x, lo) & !ge(x, hi + 1);
    // `| 0x20` maps 'A'..='Z' onto 'a'..='z' and nothing else onto them.
    let folded = low7 | (ONES * 0x20);
    let upper = within(low7, b'A', b'Z') & ascii;
    let alnum = (within(low7, b'0', b'9') | within(folded, b'a', b'z')) & ascii;
    let high = w & HIGH_BITS;
    // Continuation bytes are 0b10xx_xxxx: bit 6 (moved up to bit 7) clear.
    let cont = high & !(w << 1);
    (alnum | high, upper, high, cont)
}

/// The high bits of the eight bytes of `x` (nothing else set) as 8 bits:
/// the multiplication moves bit `8i + 7` to bit `56 + i`, no two partial
/// products meet, so there are no carries.
#[inline]
fn pack8(x: u64) -> u64 {
    x.wrapping_mul(0x0002_0408_1020_4081) >> 56
}

/// [`Masks`] of one block, eight bytes at a time (portable); writes the
/// block with ASCII upper case lowered to `folded`.
#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
#[inline]
fn masks_swar(block: &[u8; BLOCK], folded: &mut [u8; BLOCK]) -> Masks {
    let mut m = Masks::default();
    for (k, (word, out)) in block
        .chunks_exact(8)
        .zip(folded.chunks_exact_mut(8))
        .enumerate()
    {
        let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        let (tok, upper, high, cont) = swar8(w);
        // Bit 7 of an upper-case letter moved to bit 5 adds 0x20: no carry.
        out.copy_from_slice(&(w + (upper >> 2)).to_le_bytes());
        let at = 8 * k;
        m.tok |= pack8(tok) << at;
        m.high |= pack8(high) << at;
        m.cont |= pack8(cont) << at;
    }
    m
}

/// [`Masks`] of one block, 16 bytes at a time with SSE2 (part of every
/// x86_64 CPU). Signed compares: bytes >= 0x80 are negative, so they fall
/// outside every ASCII range and `movemask` alone finds them.
#[cfg(target_arch = "x86_64")]
#[inline]
fn masks(block: &[u8; BLOCK], folded: &mut [u8; BLOCK]) -> Masks {
    use std::arch::x86_64::*;
    let mut m = Masks::default();
    for (k, (chunk, out)) in block
        .chunks_exact(16)
        .zip(folded.chunks_exact_mut(16))
        .enumerate()
    {
        // SAFETY: SSE2 is enabled on every x86_64 target; `loadu` and
        // `storeu` read the 16 bytes of `chunk` and write the 16 bytes of
        // `out` without alignment requirements.
        let (tok, high, cont) = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let within = |x: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(x, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(x, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            // `| 0x20` maps 'A'..='Z' onto 'a'..='z' and nothing else onto them.
            let folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let alnum = _mm_or_si128(within(v, b'0', b'9'), within(folded, b'a', b'z'));
            let upper = within(v, b'A', b'Z');
            let lowered = _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
            _mm_storeu_si128(out.as_mut_ptr().cast(), lowered);
            let high = _mm_movemask_epi8(v) as u32 as u64;
            // Continuation bytes 0x80..=0xBF are -128..=-65 as i8.
            let cont = _mm_cmplt_epi8(v, _mm_set1_epi8(-0x40));
            (
                _mm_movemask_epi8(alnum) as u32 as u64 | high,
                high,
                _mm_movemask_epi8(cont) as u32 as u64,
            )
        };
        let at = 16 * k;
        m.tok |= tok << at;
        m.high |= high << at;
        m.cont |= cont << at;
    }
    m
}

#[cfg(not(target_arch = "x86_64"))]
use masks_swar as masks;

/// The low `k` bits (`k < 64`).
#[inline]
fn below(k: u32) -> u64 {
    (1 << k) - 1
}

/// Tokens [`scan`] collects before it hands them on.
const BATCH: usize = 256;

/// Calls `f` with the maximal runs of alphanumeric characters in `text`,
/// in order, a batch at a time (one call site for the caller's per-token
/// work, and no buffer that grows with the text beyond the folded bytes).
///
/// A block of 64 bytes at a time becomes bit masks (and folded bytes);
/// runs of "token bytes" are found with `trailing_zeros`, not a branch per
/// byte. A run without non-ASCII bytes is a token as it is; one with them
/// is split exactly by [`split_run`] (a '–' or '„' is not alphanumeric).
#[inline]
pub(crate) fn scan(text: &str, mut f: impl FnMut(&Batch<'_>)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    thread_local! {
        /// The buffers of the last text, reused: zeroing a fresh folded
        /// buffer for every text costs more than the folding.
        static BUFS: Cell<(Vec<u8>, Vec<Span>)> = const { Cell::new((Vec::new(), Vec::new())) };
    }
    // Whole blocks, up to and including the one at `n`; each block is
    // written before it is read. (A `scan` inside `f` gets fresh buffers.)
    let (mut folded, mut out) = BUFS.take();
    // Grown only: `resize` would zero again what a shorter text cut off.
    let need = (n / BLOCK + 1) * BLOCK;
    if folded.len() < need {
        folded.resize(need, 0);
    }
    out.clear();
    out.reserve(BATCH + BLOCK);
    // The run being read: start byte and character, and whether it has
    // non-ASCII bytes so far. It may go on over blocks.
    let mut open: Option<(usize, usize)> = None;
    let mut high = false;
    // Continuation bytes counted so far: all before `base`, plus those of
    // the block no longer in `cont`. The character index of byte `base + k`
    // is `base + k - extra` once the bits of `cont` below `k` are counted
    // (rarely any: only non-ASCII between tokens; no popcount instruction
    // in the x86_64 baseline).
    let mut extra = 0usize;
    let mut base = 0usize;
    // Up to and including the block at `n` (all padding when 64 divides
    // `n`), so that the last block always ends a run.
    while base <= n {
        let dst = folded[base..]
            .first_chunk_mut::<BLOCK>()
            .expect("`folded` holds whole blocks");
        let m = match bytes[base..].first_chunk::<BLOCK>() {
            Some(block) => masks(block, dst),
            None => {
                // The tail, padded with separators.
                let mut block = [0u8; BLOCK];
                block[..n - base].copy_from_slice(&bytes[base..]);
                masks(&block, dst)
            }
        };
        let mut cont = m.cont;
        let mut char_at = |k: u32| {
            if cont & below(k) != 0 {
                extra += (cont & below(k)).count_ones() as usize;
                cont &= !below(k);
            }
            base + k as usize - extra
        };
        let mut tok = m.tok;
        // Where in this block the open run goes on from.
        let mut from = 0;
        loop {
            if open.is_none() {
                if tok == 0 {
                    break;
                }
                from = tok.trailing_zeros();
                open = Some((base + from as usize, char_at(from)));
                high = false;
            }
            // The run's bits in this block: the trailing ones of `tok`
            // with the bits before `from` set (`x & !(x + 1)`: no branch
            // for a run that reaches the end of the block).
            let x = tok | below(from);
            let ones = x & !x.wrapping_add(1);
            high |= m.high & ones & !below(from) != 0;
            if ones == u64::MAX {
                break;
            }
            let end = ones.trailing_ones();
            let (start, cstart) = open.take().expect("a run is open");
            let end_byte = base + end as usize;
            if high {
                split_run(text, &mut folded, start, end_byte, cstart, &mut out);
            } else {
                out.push(Span {
                    byte_start: start,
                    byte_end: end_byte,
                    char_start: cstart,
                    char_end: cstart + (end_byte - start),
                    full: false,
                });
            }
            tok &= !ones;
        }
        if out.len() >= BATCH {
            f(&Batch {
                text,
                folded: &folded,
                spans: &out,
            });
            out.clear();
        }
        extra += cont.count_ones() as usize;
        base += BLOCK;
    }
    if !out.is_empty() {
        f(&Batch {
            text,
            folded: &folded,
            spans: &out,
        });
    }
    // The folded buffer of a huge text is not worth keeping.
    if folded.len() <= 1 << 20 {
        BUFS.set((folded, out));
    }
}

/// Splits the run `text[start..end]` (ASCII alphanumerics and non-ASCII
/// characters, starting at character `cstart`) into the tokens it holds,
/// the maximal runs of characters that are alphanumeric, onto `out`, and
/// folds its upper-case letters of U+00C0..U+00DE in `folded`.
#[inline(never)]
fn split_run(
    text: &str,
    folded: &mut [u8],
    start: usize,
    end: usize,
    cstart: usize,
    out: &mut Vec<Span>,
) {
    let bytes = &text.as_bytes()[..end];
    // Continuation bytes before `i`: the character index of `i` is `i - extra`.
    let mut extra = start - cstart;
    // The token being read: its start byte and character.
    let mut token: Option<(usize, usize)> = None;
    let mut full = false;
    let mut close = |(from, cfrom): (usize, usize), to: usize, extra: usize, full: bool| {
        out.push(Span {
            byte_start: from,
            byte_end: to,
            char_start: cfrom,
            char_end: to - extra,
            full,
        })
    };
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII bytes of a run are all alphanumeric: skip them at once.
            if token.is_none() {
                token = Some((i, i - extra));
                full = false;
            }
            i += 1;
            while bytes.get(i).is_some_and(|&b| b < 0x80) {
                i += 1;
            }
            continue;
        }
        // `rare`: a character beyond ASCII and U+00C0..U+00FF.
        let (alnum, len, rare) = if b == 0xC3 {
            // U+00C0..=U+00FF (ä ö ü ß ...): all alphanumeric but × and ÷;
            // À..Þ but × lower by adding 0x20 to the second byte.
            let next = bytes[i + 1];
            if (0x80..=0x9E).contains(&next) && next != 0x97 {
                folded[i + 1] = next + 0x20;
            }
            (!matches!(next, 0x97 | 0xB7), 2, false)
        } else {
            let (c, len) = decode(bytes, i);
            (is_alnum(c), len, true)
        };
        if alnum {
            if token.is_none() {
                token = Some((i, i - extra));
                full = false;
            }
            full |= rare;
        } else if let Some(open) = token.take() {
            close(open, i, extra, full);
        }
        i += len;
        extra += len - 1;
    }
    if let Some(open) = token {
        close(open, end, extra, full);
    }
}

/// The non-ASCII character starting at byte `i` of valid UTF-8, and its
/// length (decoded by hand: cheaper than slicing the `str` there).
#[inline]
fn decode(bytes: &[u8], i: usize) -> (char, usize) {
    let b0 = bytes[i] as u32;
    let cont = |k: usize| (bytes[i + k] & 0x3F) as u32;
    let (cp, len) = if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    (char::from_u32(cp).unwrap_or('\0'), len)
}

/// Python's `token.lower()` written into `buf` (callers pass a token with
/// nothing to lower on as it is). Rare since the folded bytes serve
/// most tokens: kept out of line, so that [`Batch::lowered`] inlines.
#[cold]
#[inline(never)]
pub(crate) fn lower<'a>(token: &'a str, ascii: bool, buf: &'a mut String) -> &'a str {
    buf.clear();
    if ascii {
        buf.push_str(token);
        buf.make_ascii_lowercase();
    } else {
        // Byte by byte into the buffer's own bytes: ASCII and U+00C0..U+00FF
        // (lead byte 0xC3; À-Þ but not × move up by 0x20, as in ASCII)
        // directly, other characters through `char::to_lowercase`.
        let mut out = std::mem::take(buf).into_bytes();
        let bytes = token.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                out.push(b.to_ascii_lowercase());
                i += 1;
            } else if b == 0xC3 {
                let next = bytes[i + 1];
                let upper = (0x80..=0x9E).contains(&next) && next != 0x97;
                out.extend_from_slice(&[0xC3, if upper { next + 0x20 } else { next }]);
                i += 2;
            } else {
                let c = token[i..].chars().next().unwrap_or_default();
                let mut utf8 = [0; 4];
                match c {
                    'Σ' if is_final_sigma(token, i) => {
                        out.extend_from_slice('ς'.encode_utf8(&mut utf8).as_bytes())
                    }
                    _ => {
                        for l in c.to_lowercase() {
                            out.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
                        }
                    }
                }
                i += c.len_utf8();
            }
        }
        *buf = String::from_utf8(out).expect("lower-casing whole characters keeps UTF-8 valid");
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(&str, usize, usize)> {
        let mut out = Vec::new();
        scan(text, |batch| {
            for s in batch.spans() {
                out.push((&text[s.byte_start..s.byte_end], s.char_start, s.char_end))
            }
        });
        out
    }

    #[test]
    fn runs_and_char_offsets() {
        assert_eq!(
            spans("Nord-Süd-Gefälle, 3,5 Prozent"),
            vec![
                ("Nord", 0, 4),
                ("Süd", 5, 8),
                ("Gefälle", 9, 16),
                ("3", 18, 19),
                ("5", 20, 21),
                ("Prozent", 22, 29)
            ]
        );
        assert_eq!(spans(""), vec![]);
        assert_eq!(spans(" \t\n\u{200B}\u{200F}\0"), vec![]);
        assert_eq!(spans("a_b"), vec![("a", 0, 1), ("b", 2, 3)]);
    }

    #[test]
    fn python_isalnum_not_rust_is_alphanumeric() {
        // U+0345 is Alphabetic in Rust but category Mn, so not isalnum().
        assert!('\u{345}'.is_alphanumeric() && !is_alnum('\u{345}'));
        assert!(is_alnum('²') && is_alnum('½') && is_alnum('Ⅻ') && is_alnum('ª'));
        assert!(!is_alnum('_') && !is_alnum('\u{301}') && !is_alnum('\u{10FFFF}'));
    }

    #[test]
    fn lower_matches_python() {
        let mut buf = String::new();
        assert_eq!(lower("İstanbul", false, &mut buf), "i\u{307}stanbul");
        assert_eq!(
            lower("ΟΔΟΣ", false, &mut buf),
            "\u{3bf}\u{3b4}\u{3bf}\u{3c2}"
        );
        assert_eq!(lower("ΣΑΣ", false, &mut buf), "\u{3c3}\u{3b1}\u{3c2}");
        assert_eq!(lower("Σ", false, &mut buf), "\u{3c3}");
        assert_eq!(lower("\u{295}Σ", false, &mut buf), "\u{295}\u{3c2}");
        assert_eq!(lower("AʰΣʰ", false, &mut buf), "aʰ\u{3c2}ʰ");
        assert_eq!(lower("STRAẞE", false, &mut buf), "straße");
        assert_eq!(lower("nato", true, &mut buf), "nato");
        assert_eq!(lower("NATO", true, &mut buf), "nato");
    }

    #[test]
    fn latin1_fast_paths_agree_with_std() {
        let mut buf = String::new();
        for c in '\0'..='\u{24F}' {
            let want: String = "é".chars().chain(c.to_lowercase()).collect();
            assert_eq!(lower(&format!("é{c}"), false, &mut buf), want, "{c:?}");
        }
        for c in '\0'..=char::MAX {
            let cp = c as u32;
            let want = if cp < 0x100 {
                LATIN1_ALNUM[cp as usize]
            } else {
                in_ranges(ALNUM_RANGES, cp)
            };
            assert_eq!(is_alnum(c), want, "U+{cp:04X}");
        }
    }

    /// The masks and ASCII-lowered bytes of one block byte by byte, from
    /// the definitions.
    fn masks_bytewise(block: &[u8; BLOCK]) -> (Masks, [u8; BLOCK]) {
        let mut m = Masks::default();
        for (j, &b) in block.iter().enumerate() {
            let bit = |yes: bool| (yes as u64) << j;
            m.tok |= bit(b >= 0x80 || LATIN1_ALNUM[b as usize]);
            m.high |= bit(b >= 0x80);
            m.cont |= bit((0x80..0xC0).contains(&b));
        }
        (m, block.map(|b| b.to_ascii_lowercase()))
    }

    #[test]
    fn block_masks_agree_with_byte_classes() {
        // Every byte at every place, among neighbours that could spoil a
        // carry or a shift.
        for b in 0..=255u8 {
            for fill in [b'k', b'Z', b' ', 0x80, 0xC3, 0xFF, 0x7F, 0] {
                let mut block = [fill; BLOCK];
                for at in 0..BLOCK {
                    block[at] = b;
                    let want = masks_bytewise(&block);
                    for f in [masks, masks_swar] {
                        let mut folded = [0xEE; BLOCK];
                        let m = f(&block, &mut folded);
                        assert_eq!((m, folded), want, "{b:#x} at {at} in {fill:#x}");
                    }
                    block[at] = fill;
                }
            }
        }
    }

    /// The tokens by the definition, one character at a time.
    fn spans_slow(text: &str) -> Vec<(&str, usize, usize)> {
        let mut out = Vec::new();
        let mut token: Option<(usize, usize)> = None;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (ci, &(bi, c)) in chars
            .iter()
            .enumerate()
            .chain([(chars.len(), &(text.len(), ' '))])
        {
            match (is_alnum(c) && bi < text.len(), token) {
                (true, None) => token = Some((bi, ci)),
                (false, Some((b0, c0))) => {
                    out.push((&text[b0..bi], c0, ci));
                    token = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn runs_across_blocks_and_tails() {
        // Tokens that start, end or change from ASCII to non-ASCII at and
        // around every place of a 64-byte block, in texts of every length
        // near a multiple of the block.
        let pieces = [
            "a", "Z", "ä", "Ä", "–", "„", " ", "€", "9", "ß", "𝐀", "\u{301}", "Σ", "_",
        ];
        for len in [0usize, 1, 2, 63, 64, 65, 127, 128, 129, 200] {
            for (k, p) in pieces.iter().enumerate() {
                for (l, q) in pieces.iter().enumerate() {
                    for at in [0usize, 1, 60, 61, 62, 63, 64, 65, 126, 127, 128] {
                        let mut text = String::new();
                        while text.len() < at {
                            text.push(if (text.len() + k + l).is_multiple_of(7) {
                                ' '
                            } else {
                                'x'
                            });
                        }
                        text.push_str(p);
                        text.push_str(q);
                        while text.len() < len {
                            text.push(if text.len().is_multiple_of(5) {
                                'Ö'
                            } else {
                                'y'
                            });
                        }
                        assert_eq!(spans(&text), spans_slow(&text), "{text:?}");
                    }
                }
            }
        }
        let long =
            "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenträgerinnen".repeat(3);
        assert_eq!(spans(&long), vec![(long.as_str(), 0, long.chars().count())]);
    }

    #[test]
    fn every_character_inside_runs() {
        // Each character between ASCII and non-ASCII letters, so that the
        // exact split of mixed runs sees it.
        let mut text = String::new();
        for c in ('\u{80}'..='\u{3000}').chain(('\u{3001}'..=char::MAX).step_by(97)) {
            text.clear();
            text.extend(['a', c, 'ä', c, c, 'Z', ' ', c, 'b']);
            assert_eq!(spans(&text), spans_slow(&text), "{c:?}");
        }
    }

    /// The lowered tokens of `text` as the analyzer takes them, and
    /// whether each took the folded bytes.
    fn lowered(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut buf = String::new();
        scan(text, |batch| {
            for s in batch.spans() {
                out.push((batch.lowered(s, &mut buf).to_string(), !s.full))
            }
        });
        out
    }

    #[test]
    fn folded_bytes_are_python_lower() {
        // Every character inside an ASCII and a Latin-1 word, at the start
        // and end of a token, and across a block boundary.
        let mut buf = String::new();
        for c in '\0'..=char::MAX {
            if !is_alnum(c) {
                continue;
            }
            let mut text = format!("Ä{c}Z {c}x É{c} ");
            let pad = BLOCK - 1 - text.len() % BLOCK;
            text.extend(std::iter::repeat_n(' ', pad));
            text.push_str(&format!("Q{c}Ö{c}"));
            for (got, word) in lowered(&text).iter().zip(spans(&text)) {
                assert_eq!(got.0, lower(word.0, false, &mut buf), "{c:?} in {text:?}");
            }
        }
    }

    #[test]
    fn only_rare_characters_take_the_full_path() {
        assert_eq!(
            lowered("nato NATO Süd SÜSS 2015 € çà ÉÀ×Þ ΑΒ İx µ"),
            [
                ("nato".into(), true),
                ("nato".into(), true),
                ("süd".into(), true),
                ("süss".into(), true),
                ("2015".into(), true),
                ("çà".into(), true),
                ("éà".into(), true),
                ("þ".into(), true),
                ("αβ".into(), false),
                ("i\u{307}x".into(), false),
                ("µ".into(), false),
            ]
        );
    }
}
