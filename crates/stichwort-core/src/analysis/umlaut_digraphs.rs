//! Reading the transliterations ae, oe, ue as ä, ö, ü (Muenchen is München,
//! Oelpreis is Ölpreis), as Snowball 3's German stemmer and Lucene's German
//! normalisation do, with two exceptions measured on the 10kGNAD
//! vocabulary (README.md, "german"): a digraph that ends the word, and one
//! at a compound seam, stay as written.

use super::{decompound, lexicon};

/// Whether the text read is a whole word or the start of one (a prefix
/// query, whose word goes on after its last letter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Extent {
    Word,
    Prefix,
}

/// A vowel to German Snowball.
fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü')
}

/// True when `text` may hold a digraph: a cheap byte test that lets most
/// words skip [`read`].
#[inline]
fn may_have_digraph(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[1] == b'e' && matches!(w[0], b'a' | b'o' | b'u'))
}

/// True when `word` is a compound whose first part ends at byte `end`
/// (just after the a/o/u) and whose second part starts with the e:
/// Klima|erwärmung, Video|einspielungen, Bio|ethanol. Both parts must be
/// words the lexicon knows (the second possibly an inflected noun, its own
/// digraphs read: Klima|erwaermung), the first of at least 3 letters and the
/// second of at least 4, so that a real transliteration (Wu|erde,
/// Ha|euser) is not mistaken for a seam. A word longer than the splitter
/// takes has none (which also keeps [`read`] linear in a huge token).
fn is_seam(word: &str, end: usize) -> bool {
    if word.len() > decompound::MAX_WORD_BYTES {
        return false;
    }
    let (first, second) = word.split_at(end);
    if first.chars().count() < 3 || second.chars().count() < 4 || lexicon::lookup(first).is_none() {
        return false;
    }
    let mut buf = String::new();
    let second = read(second, Extent::Word, &mut buf);
    lexicon::lookup(second).is_some() || decompound::head(second).is_some()
}

/// Writes a lower-cased `text` with the digraphs ae, oe, ue read as ä, ö,
/// ü into `buf`, by Snowball 3's German prelude: a `u` between two vowels
/// is a consonant (Mauer, Steuer, neue keep their ue) and `qu` is one unit
/// (Quelle, Konsequenz). Except that a digraph stays as written
/// - at the end of a word (Joe, Coe, tue, Revue), not of a prefix: a
///   prefix's last digraph is read, since its word goes on (Mue* is mü*);
/// - at a compound seam ([`is_seam`]).
///
/// Returns `text` itself when nothing is read differently.
pub(crate) fn read<'a>(text: &'a str, extent: Extent, buf: &'a mut String) -> &'a str {
    if !may_have_digraph(text) {
        return text;
    }
    buf.clear();
    let mut changed = false;
    let mut prev = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c == 'q' && next == Some('u') {
            chars.next();
            buf.push_str("qu");
            prev = Some('u');
            continue;
        }
        let umlaut = match (c, next) {
            ('a', Some('e')) => 'ä',
            ('o', Some('e')) => 'ö',
            ('u', Some('e')) if !prev.is_some_and(is_vowel) => 'ü',
            _ => {
                buf.push(c);
                prev = Some(c);
                continue;
            }
        };
        let after = i + 2; // a/o/u and e are one byte each
        let ends_word = extent == Extent::Word && after == text.len();
        if ends_word || is_seam(text, i + 1) {
            buf.push(c);
            prev = Some(c);
            continue;
        }
        chars.next();
        buf.push(umlaut);
        prev = Some(umlaut);
        changed = true;
    }
    if changed { buf } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> String {
        read(w, Extent::Word, &mut String::new()).to_string()
    }

    #[test]
    fn transliterations_are_read_as_umlauts() {
        for (w, read) in [
            ("muenchen", "münchen"),
            ("oelpreis", "ölpreis"),
            ("haeuser", "häuser"),
            ("aerztin", "ärztin"),
            ("buerger", "bürger"),
            ("koeln", "köln"),
            ("fuer", "für"),
            ("ueber", "über"),
            ("oesterreich", "österreich"),
            ("zuerich", "zürich"),
            ("wuerde", "würde"),
            ("moegliche", "mögliche"),
            ("oel", "öl"),
        ] {
            assert_eq!(word(w), read, "{w}");
        }
    }

    #[test]
    fn other_vowel_pairs_stay() {
        for w in [
            // u between vowels is a consonant.
            "mauer",
            "steuer",
            "neue",
            "feuer",
            "bauer",
            "dauerte",
            "euer",
            // qu is one unit.
            "quelle",
            "konsequenz",
            "queue",
            // A digraph that ends the word.
            "joe",
            "tue",
            "revue",
            "aloe",
            // A compound seam, also with digraphs after it.
            "klimaerwärmung",
            "videoeinspielungen",
            "bioethanol",
            // No digraph at all.
            "regierung",
            "",
        ] {
            assert_eq!(word(w), w, "{w}");
        }
    }

    #[test]
    fn a_word_longer_than_a_compound_has_no_seam() {
        // Klima|erwärmung, but glued to a scrape's 64+ bytes no compound.
        let long = format!("{}klimaerwaermung", "x".repeat(decompound::MAX_WORD_BYTES));
        assert!(word(&long).ends_with("klimärwärmung"));
    }

    #[test]
    fn a_seam_is_found_before_a_transliterated_second_part() {
        assert_eq!(word("klimaerwaermung"), "klimaerwärmung");
    }

    #[test]
    fn a_prefix_reads_its_last_digraph() {
        let prefix = |p: &str| read(p, Extent::Prefix, &mut String::new()).to_string();
        assert_eq!(prefix("mue"), "mü");
        assert_eq!(prefix("muench"), "münch");
        assert_eq!(prefix("mu"), "mu");
        assert_eq!(word("mue"), "mue");
    }

    #[test]
    fn no_stop_word_is_read_differently() {
        for &w in super::super::german::STOP_WORDS {
            assert_eq!(word(w), w);
        }
    }
}
