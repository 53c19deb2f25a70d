//! Sentence boundaries, for co-occurrence with `scope="sentence"`.
//!
//! The rule works on the tokens of the "simple" definition (maximal runs of
//! Python-`isalnum` characters of the NFC text; for "german", of the text
//! without the soft hyphens inside words and, with `gender_forms` (and
//! `gender_endings`), the gender suffixes: `german_text`), so its positions are the
//! analyzer's positions whatever its options (dropped stop words keep
//! theirs). Between two consecutive tokens `a` and `b` lies the separator
//! `s` (the text between them). A new sentence starts at `b` when
//!
//! 1. `s` holds two or more line breaks (`'\n'`: a paragraph break), or
//! 2. `s` holds a terminator (`.`, `!` or `?`) with a whitespace character
//!    somewhere after it in `s`, and `b` starts with an uppercase letter
//!    (Unicode `Uppercase`) or `s` holds a line break — unless every
//!    terminator in `s` is a `.` and `a` is an abbreviation: ASCII digits
//!    only ("18. Januar", "3. Liga"), a single character ("z. B.", "J.
//!    Smith"), or one of [`ABBREVIATIONS`] (ASCII, any case: "Dr.",
//!    "bzw.").
//!
//! Whitespace is the Unicode `White_Space` property (listed in
//! [`is_white_space`], fixed so that Python and Rust agree). The pure-Python
//! reference (`stichwort.backends.reference_analysis.sentence_starts`)
//! implements the same rule.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::german_text::{Reading, spelled};
use super::tokenize::is_alnum;

/// Words that a `.` follows without ending the sentence (lower case, no dot).
pub const ABBREVIATIONS: [&str; 23] = [
    "abs", "art", "bspw", "bzw", "ca", "dipl", "dr", "evtl", "fr", "ggf", "hr", "inkl", "ing",
    "jh", "mag", "mio", "mrd", "nr", "prof", "sog", "st", "str", "vgl",
];

/// Unicode `White_Space` (stable since Unicode 4.1).
pub fn is_white_space(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let single = chars.next().is_some() && chars.next().is_none();
    single
        || word.bytes().all(|b| b.is_ascii_digit())
        || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Does a sentence start at token `next`, after token `prev` and separator `sep`?
fn starts_sentence(prev: &str, sep: &str, next: &str) -> bool {
    let breaks = sep.bytes().filter(|&b| b == b'\n').count();
    if breaks >= 2 {
        return true;
    }
    let Some(term_at) = sep.find(['.', '!', '?']) else {
        return false;
    };
    if !sep[term_at + 1..].chars().any(is_white_space) {
        return false;
    }
    if !(breaks > 0 || next.chars().next().is_some_and(char::is_uppercase)) {
        return false;
    }
    sep.contains(['!', '?']) || !is_abbreviation(prev)
}

/// Positions (token indices, ascending, never 0) where a new sentence
/// starts, on the tokens of the text as `reading` reads it.
///
/// Example: `sentence_starts("Er kam am 18. Januar. Dann ging er.", Reading::Simple) == [5]`.
pub fn sentence_starts(text: &str, reading: Reading) -> Vec<u32> {
    let mut owned: String;
    let mut text = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        owned = text.nfc().collect();
        &owned
    };
    if let Some(kept) = reading.kept_chars(text) {
        owned = spelled(&kept);
        text = &owned;
    }
    let mut out = Vec::new();
    // (start, end) byte range of the previous token.
    let mut prev: Option<(usize, usize)> = None;
    let mut start: Option<usize> = None;
    let mut position = 0u32;
    let mut close = |s: usize, e: usize, prev: &mut Option<(usize, usize)>, out: &mut Vec<u32>| {
        if let Some((ps, pe)) = *prev
            && starts_sentence(&text[ps..pe], &text[pe..s], &text[s..e])
        {
            out.push(position);
        }
        *prev = Some((s, e));
        position += 1;
    };
    for (i, c) in text.char_indices() {
        match (is_alnum(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                close(s, i, &mut prev, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        close(s, text.len(), &mut prev, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Reading::{German, Simple};

    #[test]
    fn periods_abbreviations_and_paragraphs() {
        assert_eq!(
            sentence_starts("Er kam am 18. Januar. Dann ging er.", Simple),
            vec![5]
        );
        assert_eq!(
            sentence_starts(
                "Das gilt z. B. für Dr. Müller bzw. Frau Xu. Sie lacht!",
                Simple
            ),
            vec![10]
        );
        assert_eq!(
            sentence_starts("Wirklich? Ja! nein. Doch", Simple),
            vec![1, 3]
        );
        assert_eq!(
            sentence_starts("Version 3.5 ist da. www.example.org", Simple),
            Vec::<u32>::new()
        );
        assert_eq!(
            sentence_starts("Titel ohne Punkt\n\nText beginnt", Simple),
            vec![3]
        );
        assert_eq!(sentence_starts("eins.\nzwei", Simple), vec![1]);
        assert_eq!(
            sentence_starts("Zeile\numbrochen", Simple),
            Vec::<u32>::new()
        );
        assert_eq!(sentence_starts("Er sagte: »Nein.« Dann", Simple), vec![3]);
        assert_eq!(sentence_starts("", Simple), Vec::<u32>::new());
        // "Zu\u{ad}sammen" is two tokens, or one when soft hyphens join.
        const PLAIN: Reading = German {
            gender_forms: false,
            gender_endings: false,
        };
        const FORMS: Reading = German {
            gender_forms: true,
            gender_endings: false,
        };
        const ENDINGS: Reading = German {
            gender_forms: true,
            gender_endings: true,
        };
        let shy = "Die Zu\u{ad}sammen\u{ad}arbeit endet. Neu";
        assert_eq!(sentence_starts(shy, Simple), vec![5]);
        assert_eq!(sentence_starts(shy, PLAIN), vec![3]);
        // A gender suffix is no token of its own with `gender_forms`.
        let gender = "Die Bürger*innen gehen. Neu";
        assert_eq!(sentence_starts(gender, PLAIN), vec![4]);
        assert_eq!(sentence_starts(gender, FORMS), vec![3]);
        // Nor, with `gender_endings`, an all-caps one or a short ending.
        let endings = "DIE BÜRGER*INNEN GEHEN. Jede*r kam. Neu";
        assert_eq!(sentence_starts(endings, FORMS), vec![4, 7]);
        assert_eq!(sentence_starts(endings, ENDINGS), vec![3, 5]);
        // NFC first: "u\u{308}" is one token "ü", as the analyzer sees it.
        assert_eq!(sentence_starts("Mu\u{308}nchen. Berlin", Simple), vec![1]);
    }
}
