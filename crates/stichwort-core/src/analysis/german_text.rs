//! What "german" leaves out of a text before it finds the words (README,
//! german). Two kinds of characters are only marks inside a word:
//!
//! - a soft hyphen (U+00AD) between two token characters, where a web page
//!   may break a line: "Zu\u{ad}sam\u{ad}men\u{ad}arbeit" is one word;
//! - a gender suffix, with the `gender_forms` option: "Bürger*innen",
//!   "Lehrer:in", "Bürger_innen", "Bürger·innen", "Bürger/-innen" and
//!   "BürgerInnen" are read as their base word "Bürger", so they meet it
//!   (and each other) in searches and counts, and are one token; with
//!   `gender_endings` too, the all-caps forms ("BÜRGER*INNEN",
//!   "LEHRER:IN") and the short endings after a star or a middle dot
//!   ("jede*r", "ein*e", "Vorsitzende·r").
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

/// The endings read after a lower-case letter and a marker (`gender_forms`).
pub(crate) const LOWER_ENDINGS: &[&str] = &["innen", "Innen", "in"];

/// The endings read after an all-caps word and a marker (`gender_endings`):
/// "BÜRGER*INNEN", "LEHRER:IN".
pub(crate) const CAPS_ENDINGS: &[&str] = &["INNEN", "IN"];

/// The short endings read after a lower-case word of two or more token
/// characters and a star or a middle dot (`gender_endings`): "jede*r",
/// "ein*e", "eine*n", "Vorsitzende·r". Not after `:` (a colon before a word
/// without its space, "sagte:er"; a metadata filter "lang:en" in queries),
/// `_` (identifiers, "title_en") or `/-`.
pub(crate) const SHORT_ENDINGS: &[&str] = &["en", "er", "es", "em", "r", "n", "e", "s", "m"];

/// The markers that take [`SHORT_ENDINGS`].
const SHORT_MARKERS: [char; 2] = ['*', '\u{b7}'];

/// [`LOWER_ENDINGS`] and [`SHORT_ENDINGS`]: what a star or a middle dot
/// takes after a lower-case word of two or more characters with `gender_endings`.
const LOWER_AND_SHORT_ENDINGS: &[&str] = &[
    "innen", "Innen", "in", "en", "er", "es", "em", "r", "n", "e", "s", "m",
];

/// How an analyzer reads the characters of words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Every character as it is (the "simple" definition).
    Simple,
    /// Without soft hyphens inside words, and with `gender_forms` without
    /// gender suffixes; `gender_endings` adds the all-caps and short endings
    /// (it acts only with `gender_forms`).
    German {
        gender_forms: bool,
        gender_endings: bool,
    },
}

impl Reading {
    /// The characters of `text` this reading keeps; None when it keeps them all.
    pub(crate) fn kept_chars(self, text: &str) -> Option<Vec<Kept>> {
        match self {
            Reading::Simple => None,
            Reading::German {
                gender_forms,
                gender_endings,
            } => german_kept_chars(text, gender_forms.then_some(gender_endings)),
        }
    }
}

/// A kept character: the range of original characters it stands for, and itself.
pub(crate) type Kept = (usize, usize, char);

/// `gender`: None without `gender_forms`, else whether `gender_endings` is on.
fn german_kept_chars(text: &str, gender: Option<bool>) -> Option<Vec<Kept>> {
    let soft = text.contains(SOFT_HYPHEN);
    // (A soft hyphen may join a suffix's letters: then the marking decides.)
    let endings = gender == Some(true);
    let gender = gender.is_some() && (soft || may_have_gender_suffix(text, endings));
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
        kept = keep(&kept, gender_suffixes(&kept, endings));
    }
    (kept.len() < all).then_some(kept)
}

/// True when `text` may hold a gender suffix: a marker right before an
/// i (or I), or "Innen" right after a lower-case letter; with `endings`
/// also a star or a middle dot between a lower-case letter and the first
/// letter of a short ending. A cheap byte test that spares most texts the
/// marking ("sagte:", "Innenminister" and "*sehr*" do not pass it).
fn may_have_gender_suffix(text: &str, endings: bool) -> bool {
    let b = text.as_bytes();
    let is_i = |k: usize| matches!(b.get(k), Some(b'i' | b'I'));
    // (Any byte of a non-ASCII character may end a lower-case letter.)
    let after_lower = |k: usize| k > 0 && (b[k - 1].is_ascii_lowercase() || b[k - 1] >= 0x80);
    let is_short = |k: usize| matches!(b.get(k), Some(b'e' | b'r' | b'n' | b's' | b'm'));
    (0..b.len()).any(|k| match b[k] {
        // '·' is C2 B7 in UTF-8.
        b'*' | 0xB7 => is_i(k + 1) || (endings && after_lower(k) && is_short(k + 1)),
        b':' | b'_' => is_i(k + 1),
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
/// With `endings` also: after an all-caps word, a marker and "INNEN" or
/// "IN" ("BÜRGER*INNEN"); after a lower-case word of two or more
/// characters, `*` or `·` and a short ending ("jede*r", "ein·e").
fn gender_suffixes(chars: &[Kept], endings: bool) -> Vec<bool> {
    let c: Vec<char> = chars.iter().map(|&(_, _, c)| c).collect();
    let mut dropped = vec![false; c.len()];
    let mut i = 1;
    while i < c.len() {
        match gender_suffix_at(&c, i, endings) {
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
fn gender_suffix_at(c: &[char], i: usize, endings: bool) -> Option<usize> {
    // Only a marker or the I of a Binnen-I starts one: most characters stop here.
    if !matches!(c[i], '*' | ':' | '_' | '\u{b7}' | '/' | 'I') {
        return None;
    }
    let prev = c[i - 1];
    let rest = &c[i..];
    let lower = prev.is_lowercase() && is_alnum(prev);
    let (marker_len, forms): (usize, &[&str]) = if lower {
        match rest {
            ['/', '-', ..] => (2, LOWER_ENDINGS),
            [m, ..] if endings && SHORT_MARKERS.contains(m) && ends_lower_word(&c[..i]) => {
                (1, LOWER_AND_SHORT_ENDINGS)
            }
            [m, ..] if GENDER_MARKERS.contains(m) => (1, LOWER_ENDINGS),
            ['I', ..] => (0, &["Innen"]),
            _ => return None,
        }
    } else if endings && prev.is_uppercase() {
        match rest {
            ['/', '-', ..] => (2, CAPS_ENDINGS),
            [m, ..] if GENDER_MARKERS.contains(m) => (1, CAPS_ENDINGS),
            _ => return None,
        }
    } else {
        return None;
    };
    let len = ending_len(&rest[marker_len..], forms)?;
    // The whole word before is looked at only when an ending follows (rare).
    if !lower && !ends_all_caps_word(&c[..i]) {
        return None;
    }
    Some(i + marker_len + len)
}

/// The length of the one of `forms` that `tail` starts with and that no
/// token character follows (at most one can: each is the whole run).
fn ending_len(tail: &[char], forms: &[&str]) -> Option<usize> {
    forms.iter().find_map(|form| {
        let len = form.len(); // ASCII
        let matches = tail.len() >= len
            && tail.iter().zip(form.chars()).all(|(&t, f)| t == f)
            && !tail.get(len).is_some_and(|&t| is_alnum(t));
        matches.then_some(len)
    })
}

/// Does `before` end in an all-caps word: its last run of token
/// characters has two or more, none lower case but ß (all-caps text often
/// keeps "STRAßE"), and the last is upper case?
pub(crate) fn ends_all_caps_word(before: &[char]) -> bool {
    let mut n = 0;
    for &c in before.iter().rev().take_while(|&&c| is_alnum(c)) {
        if c.is_lowercase() && c != 'ß' {
            return false;
        }
        n += 1;
    }
    n >= 2 && before.last().is_some_and(|c| c.is_uppercase())
}

/// Does `before` end in a lower-case word of two or more token characters,
/// the word that a short ending follows ("jede" of "jede*r"; not "x*n")?
pub(crate) fn ends_lower_word(before: &[char]) -> bool {
    match before {
        [.., a, b] => is_alnum(*a) && is_alnum(*b) && b.is_lowercase(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first rule (`gender_forms`), and with `gender_endings` too.
    const FORMS: Option<bool> = Some(false);
    const ENDINGS: Option<bool> = Some(true);

    fn read(text: &str, gender: Option<bool>) -> String {
        german_kept_chars(text, gender).map_or_else(|| text.to_string(), |k| spelled(&k))
    }

    #[test]
    fn soft_hyphens_inside_words_are_dropped() {
        assert_eq!(
            read("Zu\u{ad}sam\u{ad}men \u{ad}x y\u{ad} a\u{ad}\u{ad}b", None),
            "Zusammen \u{ad}x y\u{ad} a\u{ad}\u{ad}b"
        );
        assert!(german_kept_chars("a \u{ad}", ENDINGS).is_none());
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
            ("x*in a:innen", "x a"),
        ] {
            assert_eq!(read(text, FORMS), want, "{text:?}");
            assert_eq!(read(text, ENDINGS), want, "{text:?} with the endings");
            assert_eq!(read(text, None), text, "{text:?} without the option");
        }
    }

    #[test]
    fn all_caps_forms_and_short_endings_with_gender_endings() {
        for (text, want) in [
            ("BÜRGER*INNEN, LEHRER:INNEN", "BÜRGER, LEHRER"),
            (
                "BÜRGER_INNEN BÜRGER·IN BÜRGER/-INNEN",
                "BÜRGER BÜRGER BÜRGER",
            ),
            ("BÜRGER*IN-RAT DIE ÄRZT:IN.", "BÜRGER-RAT DIE ÄRZT."),
            ("FUßGÄNGER*INNEN", "FUßGÄNGER"),
            ("CDU:IN", "CDU"),
            (
                "jede*r ein*e eine*n keine*r diese*s",
                "jede ein eine keine diese",
            ),
            (
                "einem*r jede·r Vorsitzende*r Kolleg*en",
                "einem jede Vorsitzende Kolleg",
            ),
            ("die*der neue*n, gute*s.", "die*der neue, gute."),
        ] {
            assert_eq!(read(text, ENDINGS), want, "{text:?}");
            assert_eq!(read(text, FORMS), text, "{text:?} without the endings");
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
            "AB*IN",
            "AB:INNEN",
            "AB/-IN",
        ] {
            assert!(may_have_gender_suffix(text, false), "{text:?}");
        }
        for text in ["ab*r", "ab*e", "ab*n", "ab*s", "ab*m", "ab\u{b7}en", "ä*r"] {
            assert!(may_have_gender_suffix(text, true), "{text:?}");
            assert!(!may_have_gender_suffix(text, false), "{text:?}");
        }
        for text in [
            "Er sagte: nein",
            "Innenminister",
            "EU-Innenminister",
            "LinkedIn",
            "an/in",
            "sagte:er",
            "a_en",
            "2*3 Sterne*",
            "ganz *sehr* wichtig",
            "A*e",
        ] {
            assert!(!may_have_gender_suffix(text, true), "{text:?}");
        }
    }

    #[test]
    fn look_alikes_are_kept() {
        for text in [
            "LinkedIn",
            "LINKEDIN",
            "außen/innen",
            "an/in der Schule",
            "Bürger*innenrat",
            "BÜRGER*INNENRAT",
            "CDU:in",
            "Berlin:In",
            "x*inner",
            "BürgerINNEN",
            "Bürger*IN",
            "B*IN",
            "BÜRGER*innen",
            "BÜRGERin*IN",
            "Ⓐ*IN",
            "Bürger*",
            "*innen",
            "9*in",
            "9*IN",
            "nach innen",
            "LehrerIn",
            "Bürger/innen",
            "jede:r",
            "jede_r",
            "jede/-r",
            "jede/r",
            "x*n",
            "JEDE*R",
            "jede*R",
            "jede*rin",
            "jede*ren",
            "2*e",
            "title_en",
        ] {
            assert_eq!(read(text, ENDINGS), text, "{text:?}");
        }
    }

    #[test]
    fn kept_characters_span_what_was_dropped() {
        let kept = german_kept_chars("Lehrer:in Zu\u{ad}sam\u{ad}men*in", FORMS).unwrap();
        assert_eq!(spelled(&kept), "Lehrer Zusammen");
        // "r" stands for "r:in"; the last "n" for "n*in".
        assert_eq!(kept[5], (5, 9, 'r'));
        assert_eq!(kept.last(), Some(&(19, 23, 'n')));
        // "u" stands for "u" and the soft hyphen after it.
        assert_eq!(kept[8], (11, 13, 'u'));
        // "R" of "LEHRER" stands for "R:IN", "e" of "jede" for "e*r".
        let kept = german_kept_chars("LEHRER:IN jede*r", ENDINGS).unwrap();
        assert_eq!(spelled(&kept), "LEHRER jede");
        assert_eq!(kept[5], (5, 9, 'R'));
        assert_eq!(kept.last(), Some(&(13, 16, 'e')));
    }

    #[test]
    fn the_word_before_the_marker() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        for (word, caps, lower) in [
            ("BÜRGER", true, false),
            ("ÖFB", true, false),
            ("GROß", false, true),
            ("FUßGÄNGER", true, false),
            ("x-AB", true, false),
            ("A", false, false),
            ("-A", false, false),
            ("aB", false, false),
            ("A1B", true, false),
            ("jede", false, true),
            ("Kolleg", false, true),
            ("ab", false, true),
            ("x", false, false),
            (" x", false, false),
            ("", false, false),
        ] {
            assert_eq!(ends_all_caps_word(&chars(word)), caps, "{word:?}");
            assert_eq!(ends_lower_word(&chars(word)), lower, "{word:?}");
        }
    }
}
