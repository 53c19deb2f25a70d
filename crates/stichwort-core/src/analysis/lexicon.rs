//! The German word data (compiled by `build.rs` into FSTs) and the lexicon
//! step that runs before Snowball stemming.
//!
//! Data (see README.md, "German compounds"): noun lemmas from Wikidata Lexemes (CC0 1.0);
//! frequency bands from the Leipzig Corpora Collection, corpus
//! deu_news_2023_1M (CC BY 4.0); hand-written lists in `data/`.
//!
//! The lexicon step maps a lower-cased word to the form Snowball should see:
//! - foreign plurals to their singular (gremien → gremium, themen → thema,
//!   konten → konto, viren → virus), also at the end of a compound
//!   (finanzministerien → finanzministerium);
//! - female plurals in -innen to the singular (kolleginnen → kollegin);
//! - words Snowball stems onto an unrelated word to a fixed term that is not
//!   stemmed (seite → "seite", not "seit"; kurs → "kurs", not "kur").

use std::sync::OnceLock;

use fst::Map;
use fst::raw::Fst;
use rustc_hash::FxHashMap;

static WORDS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/de-words.fst"));
static PLURALS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/de-plurals.fst"));
static STEM_EXCEPTIONS: &str = include_str!("../../data/de-stem-exceptions.tsv");

/// Value bit of a noun lemma in the words FST (see build.rs).
const NOUN: u64 = 8;
/// Band of a word the frequency list does not have: rarer than band 6.
pub(crate) const UNSEEN: u8 = 7;
/// Singular endings by plural-FST value (see build.rs).
const ENDINGS: [&str; 5] = ["um", "us", "os", "a", "o"];
/// A plural rewrite at the end of a longer word keeps at least this many
/// bytes in front, so that short words that merely end like a plural stay.
const MIN_PLURAL_PREFIX: usize = 4;

/// What the words FST says about a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// 1 (the most frequent sixth of the news vocabulary) .. 6, or [`UNSEEN`].
    pub band: u8,
    pub noun: bool,
}

impl Entry {
    fn from_value(v: u64) -> Entry {
        Entry {
            band: (v & 7) as u8,
            noun: v & NOUN != 0,
        }
    }
}

struct Data {
    words: Map<&'static [u8]>,
    plurals: Fst<&'static [u8]>,
    stem_exceptions: FxHashMap<&'static str, &'static str>,
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| Data {
        words: Map::new(WORDS_FST).expect("build.rs wrote a valid FST"),
        plurals: Fst::new(PLURALS_FST).expect("build.rs wrote a valid FST"),
        stem_exceptions: STEM_EXCEPTIONS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect(),
    })
}

/// The entry of a lower-cased word, if the data knows it.
pub(crate) fn lookup(word: &str) -> Option<Entry> {
    let words = &data().words;
    match words.get(word) {
        Some(v) => Some(Entry::from_value(v)),
        // The frequency list writes ß as ss.
        None if word.contains('ß') => words.get(word.replace('ß', "ss")).map(Entry::from_value),
        None => None,
    }
}

/// The frequency band of a lower-cased word ([`UNSEEN`] when unknown).
pub(crate) fn band(word: &str) -> u8 {
    lookup(word).map_or(UNSEEN, |e| e.band)
}

/// True when `word` is a noun lemma.
pub(crate) fn is_noun(word: &str) -> bool {
    data().words.get(word).is_some_and(|v| v & NOUN != 0)
}

/// Walks the words FST along `bytes` from its start and calls
/// `f(len, dropped, entry)` for every key that is `bytes[..len]` followed by
/// `dropped` (one of "", "e", "en": Schul(e)-buch, Finanz(en)-amt). Stops
/// where no key goes on.
pub(crate) fn prefixes(bytes: &[u8], mut f: impl FnMut(usize, &'static str, Entry)) {
    let fst = data().words.as_fst();
    let value = |node: fst::raw::Node<'_>, out: fst::raw::Output| {
        Entry::from_value(out.cat(node.final_output()).value())
    };
    // The key `bytes[..len]` + `tail`, if any.
    let extend = |mut node: fst::raw::Node<'static>, mut out: fst::raw::Output, tail: &[u8]| {
        for &b in tail {
            let t = node.transition(node.find_input(b)?);
            out = out.cat(t.out);
            node = fst.node(t.addr);
        }
        node.is_final().then(|| value(node, out))
    };
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    for (i, &b) in bytes.iter().enumerate() {
        let Some(t) = node.find_input(b) else { return };
        let t = node.transition(t);
        out = out.cat(t.out);
        node = fst.node(t.addr);
        if node.is_final() {
            f(i + 1, "", value(node, out));
        }
        if let Some(e) = extend(node, out, b"e") {
            f(i + 1, "e", e);
        }
        if let Some(e) = extend(node, out, b"en") {
            f(i + 1, "en", e);
        }
    }
}

/// The singular of a foreign plural at the end of `word` (the whole word, or,
/// unless `whole_only`, a suffix with at least [`MIN_PLURAL_PREFIX`] bytes
/// before it), written into `buf`.
fn singular<'a>(word: &str, whole_only: bool, buf: &'a mut String) -> Option<&'a str> {
    if !word.ends_with("en") {
        return None;
    }
    let fst = &data().plurals;
    let bytes = word.as_bytes();
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    let mut found = None;
    for (i, &b) in bytes.iter().rev().enumerate() {
        let Some(t) = node.find_input(b) else { break };
        let t = node.transition(t);
        out = out.cat(t.out);
        node = fst.node(t.addr);
        let start = bytes.len() - i - 1;
        if node.is_final() && (start == 0 || (!whole_only && start >= MIN_PLURAL_PREFIX)) {
            // The longest plural wins (it is the most specific).
            found = Some(out.cat(node.final_output()).value() as usize);
        }
    }
    let ending = ENDINGS[found?];
    buf.clear();
    buf.push_str(&word[..word.len() - 2]);
    buf.push_str(ending);
    Some(buf)
}

/// The lexicon step for a lower-cased `word`: `Some((form, stem_it))` when it
/// rewrites the word, where `stem_it` says whether Snowball still runs on
/// `form`. `buf` holds a rewritten form.
pub(crate) fn rewrite<'a>(word: &'a str, buf: &'a mut String) -> Option<(&'a str, bool)> {
    let d = data();
    if let Some(&term) = d.stem_exceptions.get(word) {
        return Some((term, false));
    }
    if let Some(base) = word.strip_suffix("nen") {
        // kolleginnen → kollegin, when "kollegin" is a noun with at least
        // three letters before its -in (keeps spinnen and beginnen).
        if base.ends_with("in") && base.len() >= 5 && is_noun(base) {
            return Some((base, true));
        }
    }
    singular(word, false, buf).map(|s| (s, true))
}

/// The singular when the whole of `word` is a foreign plural (viren → virus).
pub(crate) fn singular_of<'a>(word: &str, buf: &'a mut String) -> Option<&'a str> {
    singular(word, true, buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(word: &str) -> Option<(String, bool)> {
        let mut buf = String::new();
        rewrite(word, &mut buf).map(|(s, b)| (s.to_string(), b))
    }

    #[test]
    fn data_loads() {
        assert!(is_noun("regierung") && is_noun("markt") && !is_noun("und"));
        assert_eq!(band("regierung"), 1);
        assert_eq!(band("außen"), 1, "ß is looked up as ss");
        assert_eq!(band("xqzzy"), UNSEEN);
    }

    #[test]
    fn plurals_and_exceptions() {
        for (w, s) in [
            ("gremien", "gremium"),
            ("museen", "museum"),
            ("themen", "thema"),
            ("konten", "konto"),
            ("finanzministerien", "finanzministerium"),
            ("kolleginnen", "kollegin"),
        ] {
            assert_eq!(rw(w), Some((s.to_string(), true)), "{w}");
        }
        assert_eq!(rw("seiten"), Some(("seite".to_string(), false)));
        for w in [
            "seit",
            "spinnen",
            "beginnen",
            "kommen",
            "personen",
            "studien",
            "regierung",
        ] {
            assert_eq!(rw(w), None, "{w}");
        }
    }

    #[test]
    fn prefix_walk() {
        let mut found = Vec::new();
        prefixes(b"arbeitsmarkt", |n, d, e| found.push((n, d, e.noun)));
        assert!(found.contains(&(6, "", true)), "{found:?}");
        found.clear();
        prefixes(b"schulbuch", |n, d, e| found.push((n, d, e.noun)));
        assert!(found.contains(&(5, "e", true)), "{found:?}");
    }
}
