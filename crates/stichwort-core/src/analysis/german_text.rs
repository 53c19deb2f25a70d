//! What "german" leaves out of a text before it finds the words (README,
//! german). Two kinds of characters are only marks inside a word:
//!
//! - a soft hyphen (U+00AD) between two token characters, where a web page
//!   may break a line: "Zu\u{ad}sam\u{ad}men\u{ad}arbeit" is one word;
//! - a gender suffix, with the `gender_forms` option: "Bürger*innen",
//!   "Lehrer:in", "Bürger_innen", "Bürger·innen", "Bürger/-innen" and
//!   "BürgerInnen" are read as their base word "Bürger", so they meet it
//!   (and each other) in searches and counts, and are one token.
//!
//! The soft hyphens go first, then the suffixes. Each kept character stands
//! for itself and the dropped characters right after it, so a token still
//! spans its whole written form in the original text.

use super::tokenize::is_alnum;

/// The soft hyphen: where a word may break across lines.
const SOFT_HYPHEN: char = '\u{ad}';

/// Characters that join a gender suffix to its word. A plain slash is not
/// one: "außen/innen" and "an/in der Schule" are two words each.
const GENDER_MARKERS: [char; 4] = ['*', ':', '_', '\u{b7}'];

/// How an analyzer reads the characters of words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Every character as it is (the "simple" definition).
    Simple,
    /// Without soft hyphens inside words, and with `gender_forms` without
    /// gender suffixes.
    German { gender_forms: bool },
}

impl Reading {
    /// The characters of `text` this reading keeps; None when it keeps them all.
    pub(crate) fn kept_chars(self, text: &str) -> Option<Vec<Kept>> {
        match self {
            Reading::Simple => None,
            Reading::German { gender_forms } => german_kept_chars(text, gender_forms),
        }
    }
}

/// A kept character: the range of original characters it stands for, and itself.
pub(crate) type Kept = (usize, usize, char);

fn german_kept_chars(text: &str, gender_forms: bool) -> Option<Vec<Kept>> {
    let soft = text.contains(SOFT_HYPHEN);
    // (A soft hyphen may join a suffix's letters: then the marking decides.)
    let gender = gender_forms && (soft || may_have_gender_suffix(text));
    if !soft && !gender {
        return None;
    }
    let mut kept: Vec<Kept> = text
        .chars()
        .enumerate()
        .map(|(i, c)| (i, i + 1, c))
        .collect();
    let all = kept.len();
    if soft {
        kept = keep(&kept, soft_hyphens(&kept));
    }
    if gender {
        kept = keep(&kept, gender_suffixes(&kept));
    }
    (kept.len() < all).then_some(kept)
}

/// True when `text` may hold a gender suffix: a marker right before an
/// i (or I), or "Innen" right after a lower-case letter. A cheap byte test
/// that spares most texts the marking ("sagte:" and "Innenminister" pass it).
fn may_have_gender_suffix(text: &str) -> bool {
    let b = text.as_bytes();
    let is_i = |k: usize| matches!(b.get(k), Some(b'i' | b'I'));
    (0..b.len()).any(|k| match b[k] {
        // '·' is C2 B7 in UTF-8.
        b'*' | b':' | b'_' | 0xB7 => is_i(k + 1),
        b'/' => b.get(k + 1) == Some(&b'-') && is_i(k + 2),
        b'I' => {
            k > 0
                && (b[k - 1].is_ascii_lowercase() || b[k - 1] >= 0x80)
                && b[k..].starts_with(b"Innen")
        }
        _ => false,
    })
}

/// The text that `kept` spells.
pub(crate) fn spelled(kept: &[Kept]) -> String {
    kept.iter().map(|&(_, _, c)| c).collect()
}

/// `chars` without those `dropped` marks; a kept character's range reaches
/// over the dropped ones after it.
fn keep(chars: &[Kept], dropped: Vec<bool>) -> Vec<Kept> {
    let mut out: Vec<Kept> = Vec::with_capacity(chars.len());
    for (&(start, end, c), drop) in chars.iter().zip(dropped) {
        match out.last_mut() {
            Some(last) if drop => last.1 = end,
            _ if drop => {}
            _ => out.push((start, end, c)),
        }
    }
    out
}

/// Marks the soft hyphens with a token character on both sides.
fn soft_hyphens(chars: &[Kept]) -> Vec<bool> {
    let at = |i: usize| chars.get(i).map(|&(_, _, c)| c);
    (0..chars.len())
        .map(|i| {
            at(i) == Some(SOFT_HYPHEN)
                && i > 0
                && at(i - 1).is_some_and(is_alnum)
                && at(i + 1).is_some_and(is_alnum)
        })
        .collect()
}

/// Marks the gender suffixes: after a lower-case letter, a marker (`*`,
/// `:`, `_`, `·`, `/-`) and "in", "innen" or "Innen", or "Innen" alone
/// (the "Binnen-I"), ending the word. A capital singular "In" is none:
/// "LinkedIn" stays, and so does "Berlin:In der Nacht" (a missing space).
fn gender_suffixes(chars: &[Kept]) -> Vec<bool> {
    let c: Vec<char> = chars.iter().map(|&(_, _, c)| c).collect();
    let mut dropped = vec![false; c.len()];
    let mut i = 1;
    while i < c.len() {
        match gender_suffix_at(&c, i) {
            Some(end) => {
                dropped[i..end].fill(true);
                i = end;
            }
            None => i += 1,
        }
    }
    dropped
}

/// The end of a gender suffix starting at `i`, if one does.
fn gender_suffix_at(c: &[char], i: usize) -> Option<usize> {
    let prev = c[i - 1];
    if !(prev.is_lowercase() && is_alnum(prev)) {
        return None;
    }
    let rest = &c[i..];
    const AFTER_MARKER: &[&str] = &["innen", "Innen", "in"];
    let (marker_len, forms): (usize, &[&str]) = match rest {
        ['/', '-', ..] => (2, AFTER_MARKER),
        [m, ..] if GENDER_MARKERS.contains(m) => (1, AFTER_MARKER),
        ['I', ..] => (0, &["Innen"]),
        _ => return None,
    };
    let tail = &rest[marker_len..];
    forms.iter().find_map(|form| {
        let len = form.len(); // ASCII
        let matches = tail.len() >= len
            && tail.iter().zip(form.chars()).all(|(&t, f)| t == f)
            && !tail.get(len).is_some_and(|&t| is_alnum(t));
        matches.then_some(i + marker_len + len)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, gender_forms: bool) -> String {
        german_kept_chars(text, gender_forms).map_or_else(|| text.to_string(), |k| spelled(&k))
    }

    #[test]
    fn soft_hyphens_inside_words_are_dropped() {
        assert_eq!(
            read("Zu\u{ad}sam\u{ad}men \u{ad}x y\u{ad} a\u{ad}\u{ad}b", false),
            "Zusammen \u{ad}x y\u{ad} a\u{ad}\u{ad}b"
        );
        assert!(german_kept_chars("a \u{ad}", true).is_none());
        assert!(Reading::Simple.kept_chars("Zu\u{ad}sam*innen").is_none());
    }

    #[test]
    fn gender_suffixes_are_dropped() {
        for (text, want) in [
            ("Bürger*innen und Lehrer:in", "Bürger und Lehrer"),
            (
                "Bürger_innen, Bürger·innen, Bürger/-innen.",
                "Bürger, Bürger, Bürger.",
            ),
            ("BürgerInnen Kolleg*Innen", "Bürger Kolleg"),
            ("Ärzt*innen", "Ärzt"),
        ] {
            assert_eq!(read(text, true), want, "{text:?}");
            assert_eq!(read(text, false), text, "{text:?} without the option");
        }
    }

    #[test]
    fn the_byte_test_passes_every_suffix() {
        for text in [
            "a*in",
            "a:Innen",
            "a_in",
            "a\u{b7}in",
            "a/-in",
            "aInnen",
            "äInnen",
        ] {
            assert!(may_have_gender_suffix(text), "{text:?}");
        }
        for text in [
            "Er sagte: nein",
            "Innenminister",
            "EU-Innenminister",
            "LinkedIn",
            "an/in",
        ] {
            assert!(!may_have_gender_suffix(text), "{text:?}");
        }
    }

    #[test]
    fn look_alikes_are_kept() {
        for text in [
            "LinkedIn",
            "außen/innen",
            "an/in der Schule",
            "Bürger*innenrat",
            "CDU:in",
            "Berlin:In",
            "x*inner",
            "BürgerINNEN",
            "Bürger*",
            "*innen",
            "9*in",
            "nach innen",
            "LehrerIn",
            "Bürger/innen",
        ] {
            assert_eq!(read(text, true), text, "{text:?}");
        }
    }

    #[test]
    fn kept_characters_span_what_was_dropped() {
        let kept = german_kept_chars("Lehrer:in Zu\u{ad}sam\u{ad}men*in", true).unwrap();
        assert_eq!(spelled(&kept), "Lehrer Zusammen");
        // "r" stands for "r:in"; the last "n" for "n*in".
        assert_eq!(kept[5], (5, 9, 'r'));
        assert_eq!(kept.last(), Some(&(19, 23, 'n')));
        // "u" stands for "u" and the soft hyphen after it.
        assert_eq!(kept[8], (11, 13, 'u'));
    }
}
