//! NFC normalisation that remembers where every normalised character came
//! from, so token offsets can point into the caller's original string.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::german_text::{self, Reading};

/// The NFC form of a text.
pub(crate) enum Normalized<'a> {
    /// The text was already NFC: offsets map one to one.
    Unchanged(&'a str),
    /// NFC changed the text; `spans[i]` is the range of original characters
    /// (start, end) that normalised character `i` came from.
    Changed {
        text: String,
        spans: Vec<(usize, usize)>,
    },
}

impl<'a> Normalized<'a> {
    /// The normalised text.
    pub(crate) fn text(&self) -> &str {
        match self {
            Normalized::Unchanged(t) => t,
            Normalized::Changed { text, .. } => text,
        }
    }

    /// Without the characters `reading` leaves out of words (for "german":
    /// soft hyphens, and gender suffixes with `gender_forms`). Each kept
    /// character's span reaches over the dropped ones after it, so a token
    /// still spans its whole written form in the original text.
    pub(crate) fn read_as(self, reading: Reading) -> Normalized<'a> {
        let Some(kept) = reading.kept_chars(self.text()) else {
            return self;
        };
        let text = german_text::spelled(&kept);
        let spans = match &self {
            Normalized::Unchanged(_) => kept.iter().map(|&(s, e, _)| (s, e)).collect(),
            Normalized::Changed { spans, .. } => kept
                .iter()
                .map(|&(s, e, _)| (spans[s].0, spans[e - 1].1))
                .collect(),
        };
        Normalized::Changed { text, spans }
    }
}

/// True when `text` is certainly NFC, decided without normalising it.
pub(crate) fn is_nfc_fast(text: &str) -> bool {
    // Every code point below U+0300 is NFC_QC=Yes with combining class 0, and
    // in UTF-8 exactly those code points use only bytes below 0xCC, so only
    // the rare characters from U+0300 on (in German news: dashes, quotes,
    // the euro sign) are looked up.
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(skip) = position_ge_cc(&bytes[i..]) {
        i += skip;
        let c = text[i..].chars().next().unwrap_or('\0');
        if canonical_combining_class(c) != 0
            || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
        {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// The index of the first byte >= 0xCC, eight bytes at a time (SWAR: a
/// byte >= 0x80 has its low seven bits >= 0x4C exactly when adding 0x34
/// to them sets bit 7, and the sum stays below 0x100, so no carry crosses
/// bytes); most text has no such byte.
#[inline]
fn position_ge_cc(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        let hits = ((w & !HIGH) + ONES * 0x34) & w & HIGH;
        if hits != 0 {
            return Some(at + hits.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b >= 0xCC)
        .map(|p| at + p)
}

/// A character before which the text can be split and each piece
/// normalised on its own: its canonical decomposition starts with a stable
/// code point (UAX #15: NFC_QC=Yes and combining class 0), which NFC never
/// combines with or reorders against what comes before. Splitting also
/// before decomposing starters (e.g. U+0A59) keeps pieces, and so offsets,
/// as small as possible.
fn is_stable(c: char) -> bool {
    if (c as u32) < 0x300 {
        return true;
    }
    let mut first = None;
    decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    let d = first.unwrap_or(c);
    canonical_combining_class(d) == 0 && is_nfc_quick(std::iter::once(d)) == IsNormalized::Yes
}

/// Normalises `text` to NFC, keeping an alignment to the original characters.
///
/// Pieces that NFC leaves alone map character for character; the characters
/// of a piece that NFC rewrote (e.g. "u\u{308}" → "ü") all map to the whole
/// original piece.
pub(crate) fn nfc(text: &str) -> Normalized<'_> {
    if is_nfc_fast(text) {
        return Normalized::Unchanged(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut spans = Vec::with_capacity(text.len());
    let mut piece = String::new();
    let mut changed = false;
    let mut flush = |byte_range: std::ops::Range<usize>, first_char: usize| {
        let orig = &text[byte_range];
        piece.clear();
        piece.extend(orig.nfc());
        if piece == orig {
            spans.extend(
                (first_char..)
                    .take(orig.chars().count())
                    .map(|i| (i, i + 1)),
            );
            out.push_str(orig);
        } else {
            changed = true;
            let end = first_char + orig.chars().count();
            spans.extend(piece.chars().map(|_| (first_char, end)));
            out.push_str(&piece);
        }
    };
    let (mut piece_byte, mut piece_char) = (0, 0);
    for (char_idx, (byte_idx, c)) in text.char_indices().enumerate() {
        if char_idx > 0 && is_stable(c) {
            flush(piece_byte..byte_idx, piece_char);
            (piece_byte, piece_char) = (byte_idx, char_idx);
        }
    }
    if piece_byte < text.len() {
        flush(piece_byte..text.len(), piece_char);
    }
    if changed {
        Normalized::Changed { text: out, spans }
    } else {
        Normalized::Unchanged(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(text: &str) -> (String, Vec<(usize, usize)>) {
        match nfc(text) {
            Normalized::Changed { text, spans } => (text, spans),
            Normalized::Unchanged(_) => panic!("expected a change for {text:?}"),
        }
    }

    #[test]
    fn first_byte_ge_cc_at_every_place() {
        for b in 0..=255u8 {
            for fill in [b'a', 0x80, 0xCB, 0xFF] {
                let mut bytes = [if fill >= 0xCC { b'a' } else { fill }; 19];
                for at in 0..bytes.len() {
                    let keep = bytes[at];
                    bytes[at] = b;
                    let want = bytes.iter().position(|&x| x >= 0xCC);
                    assert_eq!(position_ge_cc(&bytes), want, "{b:#x} at {at}");
                    bytes[at] = keep;
                }
            }
        }
    }

    #[test]
    fn already_nfc_is_borrowed() {
        for t in ["", "München", "Straße ẞ", "Ελλάδα", "가나", "x\u{301}"] {
            assert!(
                matches!(nfc(t), Normalized::Unchanged(s) if s == t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn decomposed_umlaut_maps_to_its_two_characters() {
        let (text, spans) = changed("Mu\u{308}nchen");
        assert_eq!(text, "München");
        assert_eq!(&spans[..3], &[(0, 1), (1, 3), (3, 4)]);
        assert_eq!(spans.last(), Some(&(7, 8)));
    }

    #[test]
    fn singleton_decomposition_and_hangul() {
        let (text, spans) = changed("\u{212B}x");
        assert_eq!(text, "\u{C5}x");
        assert_eq!(spans, vec![(0, 1), (1, 2)]);
        let (text, spans) = changed("\u{A59}\u{9DC}");
        assert_eq!(text, "\u{A16}\u{A3C}\u{9A1}\u{9BC}");
        assert_eq!(spans, vec![(0, 1), (0, 1), (1, 2), (1, 2)]);
        let (text, spans) = changed("\u{1100}\u{1161}\u{11A8}!");
        assert_eq!(text, "\u{AC01}!");
        assert_eq!(spans, vec![(0, 3), (3, 4)]);
    }

    #[test]
    fn soft_hyphens_between_token_characters_are_dropped() {
        const GERMAN: Reading = Reading::German {
            gender_forms: false,
            gender_endings: false,
        };
        let (text, spans) =
            match nfc("Zu\u{ad}sam\u{ad}men \u{ad}x y\u{ad} a\u{ad}\u{ad}b").read_as(GERMAN) {
                Normalized::Changed { text, spans } => (text, spans),
                Normalized::Unchanged(_) => panic!("expected a change"),
            };
        // Only those with a token character on both sides.
        assert_eq!(text, "Zusammen \u{ad}x y\u{ad} a\u{ad}\u{ad}b");
        // "u" stands for itself and the soft hyphen after it.
        assert_eq!(&spans[..4], &[(0, 1), (1, 3), (3, 4), (4, 5)]);
        assert_eq!(spans[7], (9, 10));
        assert_eq!(spans.len(), text.chars().count());
        // After NFC: the spans compose ("u\u{308}" is one character).
        match nfc("Mu\u{308}\u{ad}ller").read_as(GERMAN) {
            Normalized::Changed { text, spans } => {
                assert_eq!(text, "Müller");
                assert_eq!(&spans[..3], &[(0, 1), (1, 4), (4, 5)]);
            }
            Normalized::Unchanged(_) => panic!("expected a change"),
        }
        assert!(matches!(
            nfc("a \u{ad}").read_as(Reading::German {
                gender_forms: true,
                gender_endings: true
            }),
            Normalized::Unchanged(_)
        ));
    }

    #[test]
    fn agrees_with_whole_text_nfc() {
        let t = "a\u{301}\u{323}b\u{212B}\u{344}e\u{300}\u{300}q\u{1100}\u{1161}";
        let (text, spans) = changed(t);
        assert_eq!(text, t.nfc().collect::<String>());
        assert_eq!(spans.len(), text.chars().count());
    }
}
