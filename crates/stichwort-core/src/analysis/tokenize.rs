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

/// Python's `c.isalnum()` (Unicode of [`super::UNICODE_VERSION`]).
///
/// Rust's `char::is_alphanumeric` is a different set (it counts combining
/// marks with Other_Alphabetic, e.g. U+0345, and follows the toolchain's
/// Unicode version), so the table is generated from Python's `unicodedata`.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x100 {
        return LATIN1_ALNUM[cp as usize];
    }
    in_ranges(ALNUM_RANGES, cp)
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
}

/// Calls `f` for every maximal run of alphanumeric characters in `text`.
#[inline]
pub(crate) fn scan(text: &str, mut f: impl FnMut(Span)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let (mut i, mut ci) = (0usize, 0usize);
    // Decodes the non-ASCII character at byte `i` (always a char boundary).
    let decode = |i: usize| -> (bool, usize) {
        let c = text[i..].chars().next().unwrap_or('\0');
        (is_alnum(c), c.len_utf8())
    };
    while i < n {
        // Skip separators.
        let b = bytes[i];
        if b < 0x80 {
            if !LATIN1_ALNUM[b as usize] {
                i += 1;
                ci += 1;
                continue;
            }
        } else {
            let (alnum, len) = decode(i);
            if !alnum {
                i += len;
                ci += 1;
                continue;
            }
        }
        // A token starts at `i`; extend it over alphanumerics.
        let (start, cstart) = (i, ci);
        let mut ascii = true;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                if !LATIN1_ALNUM[b as usize] {
                    break;
                }
                i += 1;
            } else {
                let (alnum, len) = decode(i);
                if !alnum {
                    break;
                }
                ascii = false;
                i += len;
            }
            ci += 1;
        }
        f(Span {
            byte_start: start,
            byte_end: i,
            char_start: cstart,
            char_end: ci,
            ascii,
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
        for (i, c) in token.char_indices() {
            match c {
                'Σ' if is_final_sigma(token, i) => buf.push('ς'),
                _ => buf.extend(c.to_lowercase()),
            }
        }
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
}
