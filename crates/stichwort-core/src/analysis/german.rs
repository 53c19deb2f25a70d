//! The German rules on top of "simple": umlaut folding, stop words and
//! Snowball stemming (with a per-thread cache, since news vocabulary repeats).

use std::cell::{RefCell, RefMut};
use std::sync::LazyLock;

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxBuildHasher, FxHashSet};

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
    // Every stop word is 2..=10 bytes long: skip the lookup for most words.
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    (2..=10).contains(&term.len()) && SET.contains(term)
}

/// About the entries a thread keeps before it starts its stem cache afresh.
const STEM_CACHE_LIMIT: usize = 1 << 17;

thread_local! {
    /// (kind, lower-cased word) → its term (see [`CachedStemmer::memo`]).
    static STEM_CACHE: RefCell<StemCache> = RefCell::new(StemCache::default());
}

/// Words and their stems side by side in one buffer, found through a table
/// of small entries: a lookup touches the table and one place in the
/// buffer, not three separate allocations.
#[derive(Default)]
struct StemCache {
    /// `word` then `stem` of every entry, concatenated.
    text: String,
    table: HashTable<StemEntry>,
}

#[derive(Clone, Copy)]
struct StemEntry {
    start: u32,
    word_len: u16,
    stem_len: u16,
}

impl StemCache {
    /// Bytes of `text` before the cache starts afresh (entries are on
    /// average well below 32 bytes, so this also bounds them).
    const LIMIT: usize = STEM_CACHE_LIMIT * 32;

    fn word(&self, e: StemEntry) -> &str {
        let start = e.start as usize;
        &self.text[start..start + e.word_len as usize]
    }

    fn stem(&self, e: StemEntry) -> &str {
        let start = e.start as usize + e.word_len as usize;
        &self.text[start..start + e.stem_len as usize]
    }

    fn get(&self, hash: u64, word: &str) -> Option<&str> {
        let e = self.table.find(hash, |&e| self.word(e) == word)?;
        Some(self.stem(*e))
    }

    /// Remembers `stem` for `word` unless either is too long for an entry.
    fn insert(&mut self, hash: u64, word: &str, stem: &str) {
        let (Ok(word_len), Ok(stem_len)) = (u16::try_from(word.len()), u16::try_from(stem.len()))
        else {
            return;
        };
        if self.text.len() + word.len() + stem.len() > Self::LIMIT {
            self.text.clear();
            self.table.clear();
        }
        let e = StemEntry {
            start: self.text.len() as u32,
            word_len,
            stem_len,
        };
        self.text.push_str(word);
        self.text.push_str(stem);
        let StemCache { text, table } = self;
        table.insert_unique(hash, e, |&e| {
            let start = e.start as usize;
            FxBuildHasher.hash_one(&text[start..start + e.word_len as usize])
        });
    }
}

/// The German Snowball stemmer with a per-thread cache of its results.
pub(crate) struct GermanStemmer(Stemmer);

impl GermanStemmer {
    pub(crate) fn new() -> Self {
        GermanStemmer(Stemmer::create(Algorithm::German))
    }

    /// Runs `f` with this thread's stem cache borrowed, so that a whole
    /// text pays for the thread-local access once, not once per word.
    #[inline]
    pub(crate) fn with_cache<R>(&self, f: impl FnOnce(&mut CachedStemmer<'_>) -> R) -> R {
        STEM_CACHE.with(|cache| {
            f(&mut CachedStemmer {
                stemmer: &self.0,
                // Re-entered from a token sink on this thread: stem uncached.
                cache: cache.try_borrow_mut().ok(),
                key: String::new(),
            })
        })
    }

    /// The stem of one lower-cased `term`, written into `buf` (the analyzer
    /// stems whole texts through [`with_cache`](Self::with_cache)).
    #[cfg(test)]
    pub(crate) fn stem<'a>(&self, term: &str, buf: &'a mut String) -> &'a str {
        self.with_cache(|c| c.memo(0, term, buf, snowball))
    }
}

/// Words longer than this many characters are folded, not stemmed: every
/// replacement rust-stemmers makes (ß→ss, marking a u between vowels, the
/// umlauts) copies the whole word, so Snowball's time grows with the square
/// of a word's length (a token of a million umlauts took a minute). German
/// words stay far below it (the longest in use have about 80 letters).
pub(crate) const MAX_STEMMED_CHARS: usize = 128;

/// The German Snowball stem of a lower-cased `term`, appended to `out`; a
/// word of more than [`MAX_STEMMED_CHARS`] characters gets what Snowball
/// does outside its suffixes: ß→ss, ä→a, ö→o, ü→u.
pub(crate) fn snowball(stemmer: &Stemmer, term: &str, out: &mut String) {
    if is_own_stem(term) {
        out.push_str(term);
    } else if term.len() > MAX_STEMMED_CHARS && term.chars().count() > MAX_STEMMED_CHARS {
        let mut folded = String::new();
        out.push_str(fold_umlauts(term, &mut folded));
    } else {
        out.push_str(&stemmer.stem(term));
    }
}

/// The stemmer with this thread's cache borrowed (see [`GermanStemmer::with_cache`]).
pub(crate) struct CachedStemmer<'a> {
    stemmer: &'a Stemmer,
    cache: Option<RefMut<'a, StemCache>>,
    /// The key being looked up: kind byte, then the word.
    key: String,
}

impl CachedStemmer<'_> {
    /// `compute(stemmer, word, buf)` for a lower-cased `word`, remembered
    /// per thread: the whole German step of a word (lexicon, folding,
    /// Snowball) is a pure function of the word and the options, and news
    /// repeats its words. `kind` (< 0x20) tells results of different
    /// options apart: it starts the key, and words have no control
    /// characters.
    #[inline]
    pub(crate) fn memo<'b>(
        &mut self,
        kind: u8,
        word: &str,
        buf: &'b mut String,
        compute: impl FnOnce(&Stemmer, &str, &mut String),
    ) -> &'b str {
        buf.clear();
        let Some(cache) = &mut self.cache else {
            compute(self.stemmer, word, buf);
            return buf;
        };
        self.key.clear();
        self.key.push(char::from(kind));
        self.key.push_str(word);
        let hash = FxBuildHasher.hash_one(self.key.as_str());
        if let Some(term) = cache.get(hash, &self.key) {
            buf.push_str(term);
        } else {
            compute(self.stemmer, word, buf);
            cache.insert(hash, &self.key, buf);
        }
        buf
    }
}

/// Words the German Snowball stemmer provably leaves unchanged: numbers
/// (no suffixes to strip) and ASCII words of at most 3 letters (its region
/// R1 starts at index 3 or later, and every rule removes only suffixes in
/// R1; without ä/ö/ü/ß there is nothing for the prelude and postlude to
/// change). Checked exhaustively in the tests.
#[inline]
fn is_own_stem(term: &str) -> bool {
    (term.len() <= 3 && term.is_ascii()) || term.bytes().all(|b| b.is_ascii_digit())
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

    #[test]
    fn words_beyond_the_stemming_limit_are_folded_not_stemmed() {
        let stemmer = Stemmer::create(Algorithm::German);
        let stem = |w: &str| {
            let mut out = String::new();
            snowball(&stemmer, w, &mut out);
            out
        };
        // At the limit Snowball still strips the suffix ...
        let at_limit = format!("{}straßenbahnen", "ü".repeat(MAX_STEMMED_CHARS - 13));
        assert_eq!(at_limit.chars().count(), MAX_STEMMED_CHARS);
        assert_eq!(stem(&at_limit), stemmer.stem(&at_limit));
        assert!(stem(&at_limit).ends_with("strassenbahn"));
        // ... one character more and the word is only folded, as Snowball
        // folds the letters it does not strip.
        let beyond = format!("ü{at_limit}");
        assert_eq!(
            stem(&beyond),
            format!("{}strassenbahnen", "u".repeat(MAX_STEMMED_CHARS - 12))
        );
        // Runs of what made Snowball quadratic, then a suffix it would strip.
        let runs = format!("{}ungen", "äöüßau".repeat(2_000));
        let mut folded = String::new();
        assert_eq!(stem(&runs), fold_umlauts(&runs, &mut folded));
    }

    #[test]
    fn short_ascii_words_are_their_own_stems() {
        let stemmer = Stemmer::create(Algorithm::German);
        let alphabet: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            for w in &longer {
                assert!(is_own_stem(w));
                assert_eq!(stemmer.stem(w), w.as_str(), "{w:?}");
            }
            words = longer;
        }
        assert!(!is_own_stem("für") && !is_own_stem("haus"));
    }
}
