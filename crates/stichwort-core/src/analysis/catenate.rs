//! Hyphenated compounds read as closed ones too (README.md, german,
//! `catenate_compounds`): news writes Corona-Pandemie and Coronapandemie,
//! Ukraine-Krieg and Ukrainekrieg, so a run of words joined by hyphens also
//! gets the term of the word written without them (Lucene's
//! `word_delimiter_graph` with `catenate_words`).
//!
//! A run is a maximal sequence of two or more tokens joined by exactly one
//! hyphen each, with no space around it; it is read closed when every part
//! is letters only ("Covid-19", "G7-Gipfel", "2015-2016" and
//! "Covid-19-Pandemie" are not: nobody writes a number into a closed
//! word). En and em dashes are no hyphens (they mark ranges and asides:
//! "Berlin–Hamburg").

use super::tokenize::is_alnum;

/// The hyphens inside a word: hyphen-minus, hyphen, non-breaking hyphen.
pub(crate) const HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// The longest run (in characters, hyphens included) that is read closed:
/// words as long as those stemmed ([`super::german::MAX_STEMMED_CHARS`]);
/// a longer run is a scrape ("a-b-c-…"), not a compound.
const MAX_RUN_CHARS: usize = super::german::MAX_STEMMED_CHARS;

/// A hyphenated run found by [`run_at`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    /// Byte offset just past its last part.
    pub byte_end: usize,
    /// Its length in characters, hyphens included.
    pub chars: usize,
}

/// True when a hyphen may follow the token ending at byte `end`: a cheap
/// byte test that lets most tokens skip [`run_at`] (every hyphen starts
/// with `-` or 0xE2).
#[inline]
pub(crate) fn hyphen_may_follow(text: &str, end: usize) -> bool {
    matches!(text.as_bytes().get(end), Some(b'-' | 0xE2))
}

/// The run that starts with the token at byte `start` of `text` (the text
/// as tokenised), when that token starts one (no hyphen joins it to a
/// token before) and it is read closed; None otherwise.
pub(crate) fn run_at(text: &str, start: usize) -> Option<Run> {
    let mut before = text[..start].chars().rev();
    if before.next().is_some_and(|h| HYPHENS.contains(&h)) && before.next().is_some_and(is_alnum) {
        return None;
    }
    let mut chars = text[start..].char_indices().peekable();
    let (mut parts, mut chars_read, mut letters_only, mut byte_end) = (0, 0, true, 0);
    loop {
        while let Some((i, c)) = chars.next_if(|&(_, c)| is_alnum(c)) {
            letters_only &= !c.is_numeric();
            chars_read += 1;
            byte_end = start + i + c.len_utf8();
        }
        parts += 1;
        // A hyphen with a token character right after it joins the next part.
        match chars.next() {
            Some((_, h))
                if HYPHENS.contains(&h) && chars.peek().is_some_and(|&(_, c)| is_alnum(c)) =>
            {
                chars_read += 1
            }
            _ => break,
        }
        if chars_read > MAX_RUN_CHARS {
            return None;
        }
    }
    (parts >= 2 && letters_only && chars_read <= MAX_RUN_CHARS).then_some(Run {
        byte_end,
        chars: chars_read,
    })
}

/// The parts of a run's text (`text[start..run.byte_end]`).
pub(crate) fn parts(run_text: &str) -> impl Iterator<Item = &str> {
    run_text.split(HYPHENS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run starting at the first token of `text`, as text.
    fn run(text: &str) -> Option<&str> {
        run_at(text, 0).map(|r| {
            assert_eq!(r.chars, text[..r.byte_end].chars().count());
            &text[..r.byte_end]
        })
    }

    #[test]
    fn words_joined_by_single_hyphens_are_a_run() {
        assert_eq!(run("Corona-Pandemie"), Some("Corona-Pandemie"));
        assert_eq!(run("Nord-Süd-Gefälle."), Some("Nord-Süd-Gefälle"));
        assert_eq!(run("E\u{2010}Mail und"), Some("E\u{2010}Mail"));
        assert_eq!(run("CDU\u{2011}Chef"), Some("CDU\u{2011}Chef"));
    }

    #[test]
    fn other_joins_are_no_run() {
        for text in [
            "Corona",
            "Corona- und Klimakrise",
            "Corona -Pandemie",
            "Corona--Pandemie",
            "Berlin–Hamburg",
            "Krieg—Frieden",
            "Covid-19",
            "G7-Gipfel",
            "2015-2016",
            "Covid-19-Pandemie",
            "Ukraine-Krieg-2022",
            "Corona-",
            "",
        ] {
            assert_eq!(run(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_run_longer_than_a_stemmed_word_is_none() {
        let long = vec!["ab"; MAX_RUN_CHARS].join("-");
        assert_eq!(run(&long), None);
        let fits = vec!["a"; MAX_RUN_CHARS / 2].join("-");
        assert_eq!(run(&fits), Some(fits.as_str()));
    }

    #[test]
    fn a_later_part_starts_no_run() {
        let text = "Nord-Süd-Gefälle";
        assert_eq!(run_at(text, "Nord-".len()), None);
        assert_eq!(run_at("Covid-19-Pandemie-Welle", "Covid-19-".len()), None);
        assert!(run_at("x -Nord-Süd", 3).is_some());
    }

    #[test]
    fn parts_split_at_every_hyphen() {
        let got: Vec<_> = parts("Nord-Süd\u{2010}Gefälle").collect();
        assert_eq!(got, ["Nord", "Süd", "Gefälle"]);
    }
}
