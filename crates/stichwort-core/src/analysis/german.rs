//! The German rules on top of "simple": umlaut folding, stop words and
//! Snowball stemming (with a per-thread cache, since news vocabulary repeats).

use std::cell::RefCell;
use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

/// Writes `term` with ä→a, ö→o, ü→u, ß→ss into `buf` (the folding of
/// Lucene's German normalisation, without its ae/oe/ue digraph rule, which
/// would also merge "Israel"/"Isral" or "Poet"/"Pot").
///
/// Returns `term` itself when there is nothing to fold.
#[inline]
pub(crate) fn fold_umlauts<'a>(term: &'a str, buf: &'a mut String) -> &'a str {
    // ä ö ü ß are all encoded with the lead byte 0xC3.
    if !term.as_bytes().contains(&0xC3) {
        return term;
    }
    buf.clear();
    for c in term.chars() {
        match c {
            'ä' => buf.push('a'),
            'ö' => buf.push('o'),
            'ü' => buf.push('u'),
            'ß' => buf.push_str("ss"),
            _ => buf.push(c),
        }
    }
    buf
}

/// German stop words, lower-case, in their proper spelling (function words:
/// articles, pronouns, prepositions, conjunctions, auxiliaries and particles;
/// the same kind of list as Snowball's German one). Sorted for binary search.
pub static STOP_WORDS: &[&str] = &[
    "aber",
    "alle",
    "allem",
    "allen",
    "aller",
    "alles",
    "als",
    "also",
    "am",
    "an",
    "ander",
    "andere",
    "anderem",
    "anderen",
    "anderer",
    "anderes",
    "anderm",
    "andern",
    "anders",
    "auch",
    "auf",
    "aus",
    "bei",
    "bin",
    "bis",
    "bist",
    "da",
    "damit",
    "dann",
    "das",
    "dass",
    "dasselbe",
    "dazu",
    "daß",
    "dein",
    "deine",
    "deinem",
    "deinen",
    "deiner",
    "deines",
    "dem",
    "demselben",
    "den",
    "denn",
    "denselben",
    "der",
    "derer",
    "derselbe",
    "derselben",
    "des",
    "desselben",
    "dessen",
    "dich",
    "die",
    "dies",
    "diese",
    "dieselbe",
    "dieselben",
    "diesem",
    "diesen",
    "dieser",
    "dieses",
    "dir",
    "doch",
    "dort",
    "du",
    "durch",
    "ein",
    "eine",
    "einem",
    "einen",
    "einer",
    "eines",
    "einig",
    "einige",
    "einigem",
    "einigen",
    "einiger",
    "einiges",
    "einmal",
    "er",
    "es",
    "etwas",
    "euch",
    "euer",
    "eure",
    "eurem",
    "euren",
    "eurer",
    "eures",
    "für",
    "gegen",
    "gewesen",
    "hab",
    "habe",
    "haben",
    "hat",
    "hatte",
    "hatten",
    "hier",
    "hin",
    "hinter",
    "ich",
    "ihm",
    "ihn",
    "ihnen",
    "ihr",
    "ihre",
    "ihrem",
    "ihren",
    "ihrer",
    "ihres",
    "im",
    "in",
    "indem",
    "ins",
    "ist",
    "jede",
    "jedem",
    "jeden",
    "jeder",
    "jedes",
    "jene",
    "jenem",
    "jenen",
    "jener",
    "jenes",
    "jetzt",
    "kann",
    "kein",
    "keine",
    "keinem",
    "keinen",
    "keiner",
    "keines",
    "können",
    "könnte",
    "machen",
    "man",
    "manche",
    "manchem",
    "manchen",
    "mancher",
    "manches",
    "mein",
    "meine",
    "meinem",
    "meinen",
    "meiner",
    "meines",
    "mich",
    "mir",
    "mit",
    "muss",
    "musste",
    "nach",
    "nicht",
    "nichts",
    "noch",
    "nun",
    "nur",
    "ob",
    "oder",
    "ohne",
    "sehr",
    "sein",
    "seine",
    "seinem",
    "seinen",
    "seiner",
    "seines",
    "selbst",
    "sich",
    "sie",
    "sind",
    "so",
    "solche",
    "solchem",
    "solchen",
    "solcher",
    "solches",
    "soll",
    "sollte",
    "sondern",
    "sonst",
    "um",
    "und",
    "uns",
    "unser",
    "unsere",
    "unserem",
    "unseren",
    "unserer",
    "unseres",
    "unter",
    "viel",
    "vom",
    "von",
    "vor",
    "war",
    "waren",
    "warst",
    "was",
    "weg",
    "weil",
    "weiter",
    "welche",
    "welchem",
    "welchen",
    "welcher",
    "welches",
    "wenn",
    "werde",
    "werden",
    "wie",
    "wieder",
    "will",
    "wir",
    "wird",
    "wirst",
    "wo",
    "wollen",
    "wollte",
    "während",
    "würde",
    "würden",
    "zu",
    "zum",
    "zur",
    "zwar",
    "zwischen",
    "über",
];

/// True for a lower-cased word of [`STOP_WORDS`].
#[inline]
pub(crate) fn is_stop_word(term: &str) -> bool {
    // Every stop word is 2..=9 bytes long: skip the search for most words.
    (2..=10).contains(&term.len()) && STOP_WORDS.binary_search(&term).is_ok()
}

/// Entries a thread keeps before it starts its stem cache afresh.
const STEM_CACHE_LIMIT: usize = 1 << 17;

thread_local! {
    /// lower-cased (and possibly folded) word → its German Snowball stem.
    static STEM_CACHE: RefCell<HashMap<Box<str>, Box<str>>> = RefCell::new(HashMap::new());
}

/// The German Snowball stemmer with a per-thread cache of its results.
pub(crate) struct GermanStemmer(Stemmer);

impl GermanStemmer {
    pub(crate) fn new() -> Self {
        GermanStemmer(Stemmer::create(Algorithm::German))
    }

    /// The stem of a lower-cased `term`, written into `buf`.
    #[inline]
    pub(crate) fn stem<'a>(&self, term: &str, buf: &'a mut String) -> &'a str {
        buf.clear();
        if term.bytes().all(|b| b.is_ascii_digit()) {
            buf.push_str(term); // numbers have no suffixes to strip
            return buf;
        }
        STEM_CACHE.with(|cache| match cache.try_borrow_mut() {
            Ok(mut cache) => {
                if let Some(stem) = cache.get(term) {
                    buf.push_str(stem);
                } else {
                    let stem = self.0.stem(term);
                    buf.push_str(&stem);
                    if cache.len() >= STEM_CACHE_LIMIT {
                        cache.clear();
                    }
                    cache.insert(term.into(), stem.into());
                }
            }
            // Re-entered from a token sink on this thread: stem uncached.
            Err(_) => buf.push_str(&self.0.stem(term)),
        });
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_sorted_and_lowercase() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            STOP_WORDS
                .iter()
                .all(|w| w.to_lowercase() == *w && (2..=10).contains(&w.len()))
        );
        assert!(is_stop_word("und") && is_stop_word("über") && !is_stop_word("nato"));
    }

    #[test]
    fn folding() {
        let mut buf = String::new();
        assert_eq!(
            fold_umlauts("außenministerium", &mut buf),
            "aussenministerium"
        );
        assert_eq!(fold_umlauts("gefälle", &mut buf), "gefalle");
        assert_eq!(fold_umlauts("nato", &mut buf), "nato");
        assert_eq!(fold_umlauts("çé", &mut buf), "çé");
    }

    #[test]
    fn stems_are_stable_with_and_without_cache() {
        let s = GermanStemmer::new();
        let mut buf = String::new();
        let first = s.stem("außenministeriums", &mut buf).to_string();
        assert_eq!(s.stem("außenministeriums", &mut buf), first);
        assert_eq!(s.stem("2015", &mut buf), "2015");
        assert_eq!(s.stem("prozent", &mut buf), "prozent");
    }
}
