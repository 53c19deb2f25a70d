//! A wildcard query's pattern read as the dictionary spells its terms.
//! `*krise` finds Finanzkrise and Coronakrisen, `Me?er` Meier and Meyer:
//! `*` stands for any run of characters (none too), `?` for one. The
//! pattern is one word; its literal pieces are normalised as a prefix is
//! ([`Analyzer::prefix_spellings`]). A stemming analyzer's terms have
//! lost their endings ("finanzkrisen" is finanzkris), so where the
//! pattern ends in letters, it is also read without each ending the German
//! Snowball stemmer removes that those letters end in (`*krise` as
//! `*kris`, `*regierung` as `*regier`, `Kri?e` as `kri?`). An ending that
//! would leave no letter is not removed: `*ung` finds the words whose stem
//! keeps "ung", not Regierung (regier); the simple analyzer and
//! `stem=False` keep every ending.

use super::Analyzer;
use super::endings::removable_endings;
use super::normalize;
use super::tokenize::is_alnum;

/// The wildcard characters: any run of characters, one character.
pub const ANY_RUN: char = '*';
pub const ANY_ONE: char = '?';

/// At most this many spellings of one pattern (each piece's spellings
/// multiply).
const MAX_SPELLINGS: usize = 32;

pub fn is_wildcard(c: char) -> bool {
    c == ANY_RUN || c == ANY_ONE
}

/// A pattern's piece: a literal run, or one wildcard character.
#[derive(Debug)]
enum Piece<'a> {
    Literal(&'a str),
    Wild(char),
}

fn pieces(pattern: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in pattern.char_indices() {
        if is_wildcard(c) {
            if start < i {
                out.push(Piece::Literal(&pattern[start..i]));
            }
            out.push(Piece::Wild(c));
            start = i + c.len_utf8();
        }
    }
    if start < pattern.len() {
        out.push(Piece::Literal(&pattern[start..]));
    }
    out
}

/// Why a pattern cannot be searched, with the character offset it names.
#[derive(Debug, PartialEq, Eq)]
pub struct WildcardError {
    pub position: usize,
    pub message: String,
}

/// Checks that `pattern` (NFC) is one word: letters and digits (Python's
/// `isalnum`), `*` and `?`, at least one letter or digit.
pub fn check_wildcard(pattern: &str) -> Result<(), WildcardError> {
    let nfc = normalize::nfc(pattern);
    let text = nfc.text();
    if let Some((i, c)) = (text.chars().enumerate()).find(|&(_, c)| !is_wildcard(c) && !is_alnum(c))
    {
        return Err(WildcardError {
            position: i,
            message: format!(
                "unexpected {c:?} in the wildcard pattern {pattern:?}: a pattern is one word \
                 of letters and digits with '*' (any characters) and '?' (one character)"
            ),
        });
    }
    if text.chars().all(is_wildcard) {
        return Err(WildcardError {
            position: 0,
            message: format!(
                "the wildcard pattern {pattern:?} needs a letter or digit besides '*' and '?'"
            ),
        });
    }
    Ok(())
}

impl Analyzer {
    /// The spellings of a wildcard `pattern` (checked with
    /// [`check_wildcard`]) in the dictionary: each literal piece
    /// normalised ([`Self::prefix_spellings`]); when the analyzer stems, a
    /// last literal piece also without each ending it may have lost, and
    /// one before a last `*` too, that `*` left out: a word that ended
    /// there lost its ending (`*krise*` finds finanzkris). Wildcards are
    /// kept; at most [`MAX_SPELLINGS`].
    ///
    /// ```
    /// use stichwort_core::analysis::{Analyzer, AnalyzerConfig};
    /// let g = Analyzer::new(AnalyzerConfig::german()).unwrap();
    /// assert_eq!(g.wildcard_spellings("*Krise"), ["*krise", "*kris"]);
    /// assert_eq!(g.wildcard_spellings("*Krise*"), ["*krise*", "*krise", "*kris"]);
    /// assert_eq!(g.wildcard_spellings("Me?er*"), ["me?er*", "me?er", "me?"]);
    /// ```
    pub fn wildcard_spellings(&self, pattern: &str) -> Vec<String> {
        let nfc = normalize::nfc(pattern);
        let pieces = pieces(nfc.text());
        let mut spellings = self.combined_spellings(&pieces);
        if let [.., Piece::Literal(_), Piece::Wild(ANY_RUN)] = &pieces[..]
            && self.config().stem
        {
            for s in self.combined_spellings(&pieces[..pieces.len() - 1]) {
                if spellings.len() < MAX_SPELLINGS && !spellings.contains(&s) {
                    spellings.push(s);
                }
            }
        }
        spellings
    }

    /// Every combination of the pieces' spellings, in order, the first
    /// [`MAX_SPELLINGS`]; a last literal piece also without its endings
    /// when the analyzer stems (unless that leaves no letter).
    fn combined_spellings(&self, pieces: &[Piece<'_>]) -> Vec<String> {
        let last = pieces.len().saturating_sub(1);
        let letters_before = (pieces[..last].iter()).any(|p| matches!(p, Piece::Literal(_)));
        let stems = self.config().stem;
        let choices: Vec<Vec<String>> = (pieces.iter().enumerate())
            .map(|(i, piece)| match piece {
                Piece::Wild(c) => vec![c.to_string()],
                Piece::Literal(text) => {
                    let mut spellings = self.prefix_spellings(text);
                    if i == last && stems {
                        for spelling in spellings.clone() {
                            for ending in removable_endings(&spelling) {
                                let kept = &spelling[..spelling.len() - ending.len()];
                                if (letters_before || !kept.is_empty())
                                    && !spellings.iter().any(|s| s == kept)
                                {
                                    spellings.push(kept.to_string());
                                }
                            }
                        }
                    }
                    spellings
                }
            })
            .collect();
        let mut out = vec![String::new()];
        for choice in &choices {
            let mut next = Vec::with_capacity(out.len() * choice.len());
            for so_far in &out {
                for c in choice {
                    if next.len() < MAX_SPELLINGS {
                        next.push(format!("{so_far}{c}"));
                    }
                }
            }
            out = next;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::AnalyzerConfig;
    use super::*;

    #[test]
    fn a_pattern_is_one_word_with_a_letter() {
        assert!(check_wildcard("*krise").is_ok());
        assert!(check_wildcard("Me?er").is_ok());
        assert!(check_wildcard("Mu\u{308}n*").is_ok(), "NFC first");
        let err = check_wildcard("EU-*krise").unwrap_err();
        assert_eq!(err.position, 2);
        assert!(err.message.contains("one word"), "{}", err.message);
        assert!(
            check_wildcard("*?*")
                .unwrap_err()
                .message
                .contains("letter")
        );
        assert!(check_wildcard("").is_err());
    }

    #[test]
    fn pieces_are_normalised_and_a_last_one_read_as_a_word() {
        let g = Analyzer::new(AnalyzerConfig::german()).unwrap();
        assert_eq!(g.wildcard_spellings("*KRISE"), ["*krise", "*kris"]);
        assert_eq!(g.wildcard_spellings("Stra?e"), ["stra?e", "stra?"]);
        assert_eq!(g.wildcard_spellings("*straße"), ["*strasse", "*strass"]);
        assert_eq!(
            g.wildcard_spellings("*regierungen"),
            ["*regierungen", "*regier", "*regierung"]
        );
        assert_eq!(
            g.wildcard_spellings("*ergebnisse"),
            ["*ergebnisse", "*ergebnis", "*ergebniss"]
        );
        // An ending never takes a pattern's only letters.
        assert_eq!(g.wildcard_spellings("*ung"), ["*ung"]);
        assert_eq!(g.wildcard_spellings("?e"), ["?e"]);
        // A digraph is looked up read and as written, as in a prefix.
        assert_eq!(g.wildcard_spellings("*Mue?"), ["*mu?", "*mue?"]);
        let s = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        assert_eq!(s.wildcard_spellings("*Krise"), ["*krise"]);
        assert_eq!(s.wildcard_spellings("F?n*KRISE"), ["f?n*krise"]);
    }
}
