//! The "simple" token boundaries and case folding, exactly as Python defines
//! them: maximal runs of `str.isalnum()` characters, each lowered with
//! `str.lower()` on its own.

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
    /// The token is pure ASCII (lets lower-casing take the fast path).
    pub ascii: bool,
    /// The token has an ASCII upper-case letter (an ASCII token without
    /// one is its own lower case).
    pub upper: bool,
}

/// Byte classes of the scan: ASCII alphanumeric, ASCII upper case, and
/// bytes of non-ASCII characters (decoded and looked up).
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const HIGH: u8 = 4;

static CLASS: [u8; 256] = {
    let mut t = [HIGH; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = if LATIN1_ALNUM[b] { ALNUM } else { 0 };
        if (b as u8).is_ascii_uppercase() {
            t[b] |= UPPER;
        }
        b += 1;
    }
    t
};

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

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The ASCII alphanumerics and upper-case letters among the eight bytes of
/// `w` (little-endian), as the high bit of each byte. SWAR: a byte below
/// 0x80 plus `0x80 - k` has its high bit set exactly when it is >= k, and
/// stays below 0x100. Bytes >= 0x80 are never alphanumeric here; their
/// carries can only spoil the bytes after them, which the caller ignores.
#[inline]
fn ascii_alnum8(w: u64) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ge = |k: u64| w.wrapping_add(ONES * (0x80 - k));
    let within = |lo: u64, hi: u64| ge(lo) & !ge(hi + 1);
    let upper = within(b'A' as u64, b'Z' as u64) & !w & HIGH_BITS;
    let alnum =
        (within(b'0' as u64, b'9' as u64) | within(b'a' as u64, b'z' as u64)) & !w & HIGH_BITS
            | upper;
    (alnum, upper)
}

/// Calls `f` for every maximal run of alphanumeric characters in `text`.
#[inline]
pub(crate) fn scan(text: &str, mut f: impl FnMut(Span)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0usize;
    // Bytes before `i` that do not start a character: the character index
    // of byte `i` is `i - extra`, so ASCII needs no counting.
    let mut extra = 0usize;
    'text: loop {
        // Skip separators.
        loop {
            if i >= n {
                break 'text;
            }
            let class = CLASS[bytes[i] as usize];
            if class & ALNUM != 0 {
                break;
            }
            if class == 0 {
                i += 1;
                continue;
            }
            let (c, len) = decode(bytes, i);
            if is_alnum(c) {
                break;
            }
            i += len;
            extra += len - 1;
        }
        // A token starts at `i`; extend it over alphanumerics.
        let (start, cstart) = (i, i - extra);
        let mut seen = 0u8;
        loop {
            // Eight bytes at a time while they are ASCII alphanumerics.
            while let Some(word) = bytes.get(i..).and_then(|b| b.first_chunk::<8>()) {
                let (alnum, upper) = ascii_alnum8(u64::from_le_bytes(*word));
                let stop = !alnum & HIGH_BITS;
                // Bytes before the first that is not an ASCII alphanumeric.
                let k = stop.trailing_zeros() / 8;
                let before = if k == 8 { u64::MAX } else { (1 << (k * 8)) - 1 };
                if upper & before != 0 {
                    seen |= UPPER;
                }
                i += k as usize;
                if k < 8 {
                    break;
                }
            }
            while i < n {
                let class = CLASS[bytes[i] as usize];
                if class & ALNUM == 0 {
                    break;
                }
                seen |= class;
                i += 1;
            }
            if i >= n || bytes[i] < 0x80 {
                break;
            }
            let (c, len) = decode(bytes, i);
            if !is_alnum(c) {
                break;
            }
            seen |= HIGH;
            i += len;
            extra += len - 1;
        }
        f(Span {
            byte_start: start,
            byte_end: i,
            char_start: cstart,
            char_end: i - extra,
            ascii: seen & HIGH == 0,
            upper: seen & UPPER != 0,
        });
    }
}

/// Python's `token.lower()`: the token itself when it has nothing to lower,
/// otherwise its full lower-casing written into `buf`.
#[inline]
pub(crate) fn lower<'a>(token: &'a str, ascii: bool, buf: &'a mut String) -> &'a str {
    buf.clear();
    if ascii {
        if !token.bytes().any(|b| b.is_ascii_uppercase()) {
            return token;
        }
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
        scan(text, |s| {
            out.push((&text[s.byte_start..s.byte_end], s.char_start, s.char_end))
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

    #[test]
    fn eight_byte_scan_agrees_with_byte_classes() {
        // Every byte at every place after alphanumerics, with every byte
        // after it (which must not change the answer for the bytes before).
        for b in 0..=255u8 {
            for at in 0..8 {
                for next in [b'a', b'Z', b' ', 0x80, 0xFF] {
                    let mut word = [b'k'; 8];
                    word[at] = b;
                    if at < 7 {
                        word[at + 1] = next;
                    }
                    word[0] = if at == 0 { b } else { b'Q' };
                    let (alnum, upper) = ascii_alnum8(u64::from_le_bytes(word));
                    for (j, &x) in word[..=at].iter().enumerate() {
                        let bit = |m: u64| m >> (8 * j + 7) & 1 == 1;
                        assert_eq!(bit(alnum), CLASS[x as usize] & ALNUM != 0, "{word:?} {j}");
                        assert_eq!(bit(upper), CLASS[x as usize] & UPPER != 0, "{word:?} {j}");
                    }
                }
            }
        }
    }

    #[test]
    fn spans_flag_ascii_and_upper_case() {
        let mut flags = Vec::new();
        scan("nato NATO Süd süß 2015 €", |s| {
            flags.push((s.ascii, s.upper))
        });
        assert_eq!(
            flags,
            [
                (true, false),
                (true, true),
                (false, true),
                (false, false),
                (true, false)
            ]
        );
    }
}
