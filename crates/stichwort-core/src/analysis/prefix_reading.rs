//! A prefix query's text read as words. `Prefix("außen")` is a prefix of
//! terms; `Prefix("EU-Kommiss")` or `Prefix("gemeinsame Sitz")` holds
//! several words, which no term contains: it is read as a phrase prefix
//! (Elasticsearch's `match_phrase_prefix`), the words but the last as a
//! phrase, followed by a word that the last one prefixes.
//!
//! A prefix may stand for two spellings in the dictionary
//! ([`Analyzer::prefix_spellings`]): words have their ae/oe/ue digraphs
//! read as umlauts, except at a compound seam (`Klima|erwärmung`) and at a
//! word's end, which a prefix cannot see (`Klimaerw*` stops inside the
//! second word), so it is looked up read and as written.

use super::catenate::HYPHENS;
use super::endings::stems_typed_past;
use super::tokenize::is_alnum;
use super::{Analyzer, Token, german, normalize, python_lower};

/// How [`Analyzer::read_prefix`] reads a prefix text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrefixReading {
    /// No word in the text (`""`, `"-"`): the text itself is the prefix
    /// (its spellings), as the analyzer never makes a term of it.
    Verbatim { prefixes: Vec<String> },
    /// The last word gave no token (a dropped stop word): these whole-word
    /// tokens, a phrase, as a query's words are read.
    Phrase { tokens: Vec<Token> },
    /// Whole words starting with one of `prefixes`, or having one of
    /// `word_terms`: the last word's term (a stem need not start with its
    /// word: "Häuser" is haus), then when the analyzer stems, the stems
    /// the prefix may have been typed past (`Regieru` is regier and the
    /// start of "ung", as in Regierung: [`stems_typed_past`]), at
    /// `offset` positions after the first of `head`, the phrase of the
    /// words before (empty for a single word; punctuation around a word is
    /// not part of it).
    Words {
        head: Vec<Token>,
        offset: u32,
        prefixes: Vec<String>,
        word_terms: Vec<String>,
        /// The same, for the words read closed, when they are one
        /// hyphenated run the analyzer reads closed (`EU-Kommiss` as
        /// `EUKommiss`): (its prefixes, its term).
        closed: Option<(Vec<String>, String)>,
    },
}

/// `text[start..end]` in characters.
fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let byte = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
    &text[byte(start)..byte(end)]
}

impl Analyzer {
    /// The dictionary prefixes `prefix` stands for: [`Self::normalise_prefix`],
    /// and where that reads an ae/oe/ue digraph, the prefix as written
    /// (lower-cased and folded alike), for the words that keep theirs.
    ///
    /// ```
    /// use stichwort_core::analysis::{Analyzer, AnalyzerConfig};
    /// let a = Analyzer::new(AnalyzerConfig::german()).unwrap();
    /// assert_eq!(a.prefix_spellings("Klimaerw"), ["klimarw", "klimaerw"]);
    /// assert_eq!(a.prefix_spellings("Außen"), ["aussen"]);
    /// ```
    pub fn prefix_spellings(&self, prefix: &str) -> Vec<String> {
        let read = self.normalise_prefix(prefix);
        if !self.reads_digraphs() {
            return vec![read];
        }
        let lower = python_lower(normalize::nfc(prefix).text());
        let mut buf = String::new();
        let written = german::fold_umlauts(&lower, &mut buf);
        if written == read {
            vec![read]
        } else {
            let written = written.to_string();
            vec![read, written]
        }
    }

    /// The words of a prefix query's text.
    ///
    /// ```
    /// use stichwort_core::analysis::{Analyzer, AnalyzerConfig, PrefixReading};
    /// let a = Analyzer::new(AnalyzerConfig::simple()).unwrap();
    /// let PrefixReading::Words { head, offset, prefixes, .. } = a.read_prefix("EU-Kommiss") else {
    ///     panic!()
    /// };
    /// assert_eq!((head[0].term.as_str(), offset, prefixes), ("eu", 1, vec!["kommiss".into()]));
    /// ```
    pub fn read_prefix(&self, text: &str) -> PrefixReading {
        let mut tokens: Vec<Token> = Vec::new();
        self.analyze_with(text, |t| {
            if !t.is_part {
                tokens.push(t.to_token());
            }
        });
        let Some(last) = tokens.pop() else {
            return PrefixReading::Verbatim {
                prefixes: self.prefix_spellings(text),
            };
        };
        let last_alnum = (text.chars().enumerate())
            .filter(|&(_, c)| is_alnum(c))
            .last()
            .map(|(i, _)| i);
        if last_alnum.is_some_and(|i| last.end <= i) {
            tokens.push(last);
            return PrefixReading::Phrase { tokens };
        }
        let first = tokens.first().unwrap_or(&last);
        let offset = last.position - first.position;
        let closed = (!tokens.is_empty())
            .then(|| char_slice(text, first.start, last.end))
            .and_then(|run| {
                let term = self.closed_form(run)?;
                let joined: String = run.chars().filter(|c| !HYPHENS.contains(c)).collect();
                Some((self.prefix_spellings(&joined), term))
            });
        let prefixes = self.prefix_spellings(char_slice(text, last.start, last.end));
        let mut word_terms = vec![last.term];
        if self.config().stem {
            for stem in prefixes.iter().flat_map(|p| stems_typed_past(p)) {
                if !word_terms.contains(&stem) {
                    word_terms.push(stem);
                }
            }
        }
        PrefixReading::Words {
            offset,
            prefixes,
            word_terms,
            closed,
            head: tokens,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::AnalyzerConfig;
    use super::*;

    fn words(a: &Analyzer, text: &str) -> (Vec<String>, u32, String, String) {
        match a.read_prefix(text) {
            PrefixReading::Words {
                head,
                offset,
                mut prefixes,
                mut word_terms,
                ..
            } => (
                head.into_iter().map(|t| t.term).collect(),
                offset,
                prefixes.remove(0),
                word_terms.remove(0),
            ),
            other => panic!("{text:?} read as {other:?}"),
        }
    }

    #[test]
    fn one_word_is_a_prefix_without_the_punctuation_around_it() {
        let a = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        let one = |t: &str, p: &str| assert_eq!(words(&a, t), (vec![], 0, p.into(), p.into()));
        one("außen", "außen");
        one("EU-", "eu");
        one("(Kommiss.", "kommiss");
        one("-kom", "kom");
    }

    #[test]
    fn several_words_are_a_phrase_and_the_last_word_prefix() {
        let a = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        let got = words(&a, "gemeinsame  Sitz");
        assert_eq!(
            got,
            (vec!["gemeinsame".into()], 1, "sitz".into(), "sitz".into())
        );
        let got = words(&a, "a-b-C ");
        assert_eq!(
            got,
            (vec!["a".into(), "b".into()], 2, "c".into(), "c".into())
        );
    }

    #[test]
    fn no_word_is_verbatim_and_a_dropped_last_word_a_phrase() {
        let a = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        assert_eq!(
            a.read_prefix("-"),
            PrefixReading::Verbatim {
                prefixes: vec!["-".into()]
            }
        );
        let mut config = AnalyzerConfig::german();
        config.stopwords = true;
        let g = Analyzer::new(config).unwrap();
        let PrefixReading::Phrase { tokens } = g.read_prefix("Kommission die") else {
            panic!("a dropped last word")
        };
        assert_eq!(tokens.len(), 1);
        // A stop word inside keeps its gap; one in front is dropped.
        assert_eq!(words(&g, "Kommission der Eu").1, 2);
        assert_eq!(words(&g, "die Kommiss").0, Vec::<String>::new());
    }

    #[test]
    fn a_hyphenated_run_is_read_closed_too() {
        let g = Analyzer::new(AnalyzerConfig::german()).unwrap();
        let PrefixReading::Words {
            closed, word_terms, ..
        } = g.read_prefix("Corona-Impf")
        else {
            panic!("several words")
        };
        assert_eq!(word_terms, ["impf"]);
        assert_eq!(
            closed,
            Some((vec!["coronaimpf".into()], "coronaimpf".into()))
        );
        let PrefixReading::Words { closed, .. } = g.read_prefix("Corona Impf") else {
            panic!("several words")
        };
        assert_eq!(closed, None);
    }

    #[test]
    fn a_prefix_typed_past_its_stem_also_finds_the_stem() {
        let g = Analyzer::new(AnalyzerConfig::german()).unwrap();
        let terms = |p: &str| match g.read_prefix(p) {
            PrefixReading::Words { word_terms, .. } => word_terms,
            other => panic!("{other:?}"),
        };
        // Regierung is regier, eigentlich eigent, Entscheidung entscheid.
        assert_eq!(terms("Regieru"), ["regieru", "regier"]);
        assert_eq!(terms("Regierun"), ["regierun", "regier"]);
        assert_eq!(terms("eigentl"), ["eigentl", "eigent"]);
        assert_eq!(terms("Entscheidu"), ["entscheidu", "entscheid"]);
        // No stem shorter than four letters: Haus* does not find hau (hauen).
        assert_eq!(terms("Haus"), ["haus"]);
        assert_eq!(terms("Hausb"), ["hausb"]);
        let s = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        let PrefixReading::Words { word_terms, .. } = s.read_prefix("Regieru") else {
            panic!()
        };
        assert_eq!(word_terms, ["regieru"], "no stems, nothing cut");
    }

    #[test]
    fn a_prefix_with_a_digraph_is_looked_up_read_and_as_written() {
        let g = Analyzer::new(AnalyzerConfig::german()).unwrap();
        assert_eq!(g.prefix_spellings("Mue"), ["mu", "mue"]);
        assert_eq!(g.prefix_spellings("Muench"), ["munch", "muench"]);
        assert_eq!(g.prefix_spellings("München"), ["munchen"]);
        let plain = AnalyzerConfig {
            stem: false,
            ..AnalyzerConfig::german()
        };
        // Umlauts not folded: no digraph is read, words are as written.
        let plain = Analyzer::new(plain).unwrap();
        assert_eq!(plain.prefix_spellings("Mue"), ["mue"]);
        let simple = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        assert_eq!(simple.prefix_spellings("Mue"), ["mue"]);
    }
}
