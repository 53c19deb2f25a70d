//! German compound splitting: a best-split search over the noun lemmas and
//! frequency bands of [`super::lexicon`]. The rules, with examples, are in
//! README.md ("German compounds"); in short:
//!
//! - only words of 6 or more letters written with a capital are split;
//! - every part has 4 or more letters, or is one of [`THREE_LETTER_NOUNS`];
//! - the last part is a noun lemma, possibly inflected (Ministeriums,
//!   Märkte, Gremien); earlier parts are noun lemmas, also without their
//!   final -e (Schul-buch, Hilf-s-paket), or one of [`MODIFIERS`];
//! - a linking element ([`LINKS`]) may follow a noun part (Arbeit-s-markt);
//! - a word that is a particle or prepositional prefix plus a known word
//!   stays whole (Aus-sendung, Unter-nehmen, Vor-stand);
//! - among the splits, the fewest parts win, then the most frequent parts;
//! - a split is kept only when no part is rarer than the whole word;
//! - `data/de-nosplit.txt` and `data/de-forcesplit.txt` override all this.

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::lexicon::{self, UNSEEN};

/// Nouns of three letters that may be parts (Amt-s-gericht, Rat-haus).
pub const THREE_LETTER_NOUNS: &[&str] = &[
    "aal", "aas", "akt", "alm", "amt", "arm", "art", "ast", "axt", "bad", "bau", "box", "bus",
    "dom", "ehe", "eid", "eis", "erz", "fan", "fax", "fee", "gas", "hai", "heu", "hof", "hut",
    "job", "kai", "kuh", "kur", "lob", "lok", "mai", "mut", "ohr", "oma", "opa", "ort", "rad",
    "rat", "reh", "ruf", "see", "ski", "tag", "tal", "tat", "tee", "tod", "ton", "tor", "tür",
    "uhr", "uni", "wal", "weg", "wut", "zoo", "zug",
];

/// The closed list of non-noun first parts (Außen-ministerium, Haupt-stadt,
/// Nord-korea, Groß-stadt, Vize-kanzler).
pub const MODIFIERS: &[&str] = &[
    "außen", "innen", "haupt", "neben", "nord", "süd", "ost", "west", "groß", "klein", "hoch",
    "tief", "alt", "neu", "gesamt", "halb", "vize", "sonder", "national", "sozial", "zentral",
    "regional", "privat",
];

/// Linking elements between parts (Arbeit-s-markt, Bund-es-land,
/// Woche-n-ende, Kind-er-garten, Hund-e-hütte, Name-ns-tag, Kollegin-nen-kreis).
pub const LINKS: &[&str] = &["", "s", "es", "n", "en", "er", "e", "ns", "ens", "nen"];

/// Particle and prepositional prefixes: a word made of one and a known word
/// is a derivation, not a compound (Aus-sendung, Unter-nehmen, Bei-spiel).
pub const PARTICLES: &[&str] = &[
    "ab", "an", "auf", "aus", "be", "bei", "dar", "durch", "ein", "emp", "ent", "er", "fort", "ge",
    "gegen", "her", "hin", "hinter", "miss", "mit", "nach", "rück", "über", "um", "unter", "ver",
    "vor", "wider", "zer", "zu", "zurück", "zusammen",
];

/// Endings of an inflected last part (Ministerium-s, Regierung-en, Kind-er).
const INFLECTIONS: &[&str] = &["", "s", "es", "e", "en", "n", "er", "ern", "nen"];
/// Endings after an umlauted last part (Märkt-e, Büch-er, Gärten).
const UMLAUT_INFLECTIONS: &[&str] = &["", "e", "er", "ern", "en", "n"];
/// Longest word (in bytes) the search takes on.
pub(crate) const MAX_WORD_BYTES: usize = 64;

/// Words of fewer letters are never split.
pub const MIN_WORD_CHARS: usize = 6;

static NOSPLIT: &str = include_str!("../../data/de-nosplit.txt");
static FORCESPLIT: &str = include_str!("../../data/de-forcesplit.txt");

struct Lists {
    nosplit: FxHashSet<&'static str>,
    forcesplit: FxHashMap<&'static str, Vec<&'static str>>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let lines = |text: &'static str| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
        };
        Lists {
            nosplit: lines(NOSPLIT).collect(),
            forcesplit: lines(FORCESPLIT)
                .filter_map(|l| {
                    let mut f = l.split('\t');
                    let word = f.next()?;
                    Some((word, f.collect()))
                })
                .collect(),
        }
    })
}

/// One part of a split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The part's dictionary form (arbeit, schule, außen, ministerium).
    pub lemma: String,
    /// What the analyzer turns into the part's term: the lemma, except for
    /// the last part, which keeps its inflection like any word
    /// (ministeriums), so that it stems as the word alone would.
    pub surface: String,
}

/// The best split of a suffix of the word.
#[derive(Clone, Debug)]
struct Best {
    parts: u32,
    band_sum: u32,
    link_bytes: u32,
    /// Band of the rarest part.
    worst_band: u8,
    /// (end of the part, end after its link, lemma); the last part ends the word.
    first: (usize, usize, String),
    next: Option<usize>,
}

impl Best {
    fn key(&self) -> (u32, u32, u32) {
        (self.parts, self.band_sum, self.link_bytes)
    }
}

fn long_enough(lemma: &str) -> bool {
    lemma.chars().count() >= 4 || THREE_LETTER_NOUNS.contains(&lemma)
}

fn unumlaut_last(s: &str) -> Option<String> {
    let (i, c) = s
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, 'ä' | 'ö' | 'ü'))?;
    let plain = match c {
        'ä' => 'a',
        'ö' => 'o',
        _ => 'u',
    };
    Some(format!("{}{}{}", &s[..i], plain, &s[i + c.len_utf8()..]))
}

/// The lemma and band of `seg` read as an inflected noun (the last part of
/// a compound, or a whole word): the most frequent reading, then the
/// shortest ending.
pub(crate) fn head(seg: &str) -> Option<(String, u8)> {
    let mut best: Option<(String, u8)> = None;
    let mut consider = |lemma: String, band: u8| {
        if long_enough(&lemma) && best.as_ref().is_none_or(|b| band < b.1) {
            best = Some((lemma, band));
        }
    };
    for end in INFLECTIONS {
        if let Some(base) = seg.strip_suffix(end)
            && let Some(e) = lexicon::lookup(base).filter(|e| e.noun)
        {
            consider(base.to_string(), e.band);
        }
    }
    for end in UMLAUT_INFLECTIONS {
        if let Some(base) = seg.strip_suffix(end).and_then(unumlaut_last)
            && let Some(e) = lexicon::lookup(&base).filter(|e| e.noun)
        {
            consider(base, e.band);
        }
    }
    let mut buf = String::new();
    if let Some(lemma) = lexicon::singular_of(seg, &mut buf)
        && let Some(e) = lexicon::lookup(lemma).filter(|e| e.noun)
    {
        consider(lemma.to_string(), e.band);
    }
    best
}

struct Search<'w> {
    word: &'w str,
    memo: Vec<Option<Option<Best>>>,
}

impl Search<'_> {
    /// The best split of `word[i..]` into one or more parts.
    fn best(&mut self, i: usize) -> Option<Best> {
        if let Some(m) = &self.memo[i] {
            return m.clone();
        }
        let word = self.word;
        let n = word.len();
        let mut best: Option<Best> = None;
        let offer = |cand: Best, best: &mut Option<Best>| {
            if best.as_ref().is_none_or(|b| cand.key() < b.key()) {
                *best = Some(cand);
            }
        };
        // The whole word as one part is no split.
        if let Some((lemma, band)) = (i > 0).then(|| head(&word[i..])).flatten() {
            let one = Best {
                parts: 1,
                band_sum: band as u32,
                link_bytes: 0,
                worst_band: band,
                first: (n, n, lemma),
                next: None,
            };
            offer(one, &mut best);
        }
        // Earlier parts: (end of part, lemma, band, links allowed, bytes of
        // the lemma dropped in the compound).
        let mut starts: Vec<(usize, String, u8, &[&str], u32)> = Vec::new();
        lexicon::prefixes(&word.as_bytes()[i..], |len, dropped, e| {
            let end = i + len;
            if !e.noun || end >= n || !word.is_char_boundary(end) {
                return;
            }
            let lemma = format!("{}{dropped}", &word[i..end]);
            // A shortened part still has 4 letters (Schul-, not Maß- of Maße).
            let short = !dropped.is_empty() && word[i..end].chars().count() < 4;
            if short || !long_enough(&lemma) {
                return;
            }
            // After a dropped ending only -s links (Hilf(e)-s-paket).
            let links: &[&str] = if dropped.is_empty() {
                LINKS
            } else {
                &["", "s"]
            };
            starts.push((end, lemma, e.band, links, dropped.len() as u32));
        });
        for m in MODIFIERS {
            if word[i..].starts_with(m) && i + m.len() < n {
                starts.push((i + m.len(), m.to_string(), lexicon::band(m), &[""], 0));
            }
        }
        for (end, lemma, band, links, dropped) in starts {
            for link in links {
                let next = end + link.len();
                if next >= n || !word[end..].starts_with(link) {
                    continue;
                }
                let Some(rest) = self.best(next) else {
                    continue;
                };
                // "-ende" is an ending (Vorsitz-ende) unless a link marks a
                // compound (Woche-n-ende, Jahr-es-ende).
                if link.is_empty() && rest.parts == 1 && rest.first.2 == "ende" {
                    continue;
                }
                let cand = Best {
                    parts: rest.parts + 1,
                    band_sum: rest.band_sum + band as u32,
                    link_bytes: rest.link_bytes + link.len() as u32 + dropped,
                    worst_band: rest.worst_band.max(band),
                    first: (end, next, lemma.clone()),
                    next: Some(next),
                };
                offer(cand, &mut best);
            }
        }
        self.memo[i] = Some(best.clone());
        best
    }

    fn parts(&mut self, from: usize) -> Vec<Part> {
        let mut out = Vec::new();
        let mut at = Some(from);
        while let Some(i) = at {
            let Some(b) = self.best(i) else { break };
            let surface = match b.next {
                Some(_) => b.first.2.clone(),
                None => self.word[i..].to_string(),
            };
            out.push(Part {
                lemma: b.first.2.clone(),
                surface,
            });
            at = b.next;
        }
        out
    }
}

/// True when `word` is a particle prefix plus a known word (Aussendung,
/// Unternehmen, Vorstand): such words stay whole.
fn is_particle_derivation(word: &str) -> bool {
    PARTICLES.iter().any(|p| {
        word.strip_prefix(p)
            .filter(|rest| rest.len() >= 4)
            .is_some_and(|rest| head(rest).is_some() || lexicon::lookup(rest).is_some())
    })
}

/// True when `word` is an inflected form of a known word that is not a noun
/// (ebenfalls, zahlreiche at the start of a sentence).
fn is_known_non_noun(word: &str) -> bool {
    ["", "e", "en", "er", "es", "em", "n", "s"]
        .iter()
        .any(|end| {
            word.strip_suffix(end)
                .and_then(lexicon::lookup)
                .is_some_and(|e| !e.noun)
        })
}

/// The parts of a lower-cased word under the rules of the module docs
/// (without the capital-letter test, which needs the original spelling), or
/// `None` when it stays whole.
pub fn split(word: &str) -> Option<Vec<Part>> {
    let lists = lists();
    if let Some(parts) = lists.forcesplit.get(word) {
        let last = parts.len() - 1;
        return Some(
            parts
                .iter()
                .enumerate()
                .map(|(k, p)| Part {
                    lemma: p.to_string(),
                    surface: if k == last {
                        word[word.rfind(p).unwrap_or(0)..].to_string()
                    } else {
                        p.to_string()
                    },
                })
                .collect(),
        );
    }
    // The lists name lemmas; a genitive -s (Frankreichs) is looked through.
    let listed = |w: &str| lists.nosplit.contains(w);
    if listed(word)
        || word.strip_suffix('s').is_some_and(listed)
        || word.len() > MAX_WORD_BYTES
        || word.chars().count() < MIN_WORD_CHARS
        || is_particle_derivation(word)
    {
        return None;
    }
    let whole = head(word);
    if whole.is_none() && is_known_non_noun(word) {
        return None;
    }
    // An inflected noun is split as its lemma, so that the split cannot cut
    // into the lemma (Regierungen is not Regie-rungen); the last part then
    // takes the word's own ending (Finanz-ministerien).
    let lemma = whole.as_ref().map_or(word, |(l, _)| l.as_str());
    let mut search = Search {
        word: lemma,
        memo: vec![None; lemma.len() + 1],
    };
    let best = search.best(0)?;
    let whole_band = lexicon::band(word).min(whole.as_ref().map_or(UNSEEN, |h| h.1));
    if best.worst_band > whole_band {
        return None; // a part rarer than the word: Mann-schaft, Wirt-schaft
    }
    let mut parts = search.parts(0);
    let last = parts.last_mut()?;
    let start = lemma.len() - last.surface.len();
    last.surface = word.get(start..)?.to_string();
    Some(parts)
}

/// Entries a thread keeps before it starts its split cache afresh.
const CACHE_LIMIT: usize = 1 << 16;

/// The surfaces of a word's parts (empty: it stays whole).
type Surfaces = Box<[Box<str>]>;

thread_local! {
    /// lower-cased word → the surfaces of its parts.
    static CACHE: RefCell<FxHashMap<Box<str>, Surfaces>> = RefCell::default();
}

/// Calls `f` with the surface of every part of the lower-cased `word`
/// (nothing when it stays whole), through a per-thread cache.
pub(crate) fn for_each_part(word: &str, mut f: impl FnMut(&str)) {
    let compute = || -> Surfaces {
        split(word)
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.surface.into_boxed_str())
            .collect()
    };
    let parts = CACHE.with(|cache| match cache.try_borrow_mut() {
        Ok(mut cache) => {
            if let Some(parts) = cache.get(word) {
                return parts.clone();
            }
            let parts = compute();
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
            cache.insert(word.into(), parts.clone());
            parts
        }
        Err(_) => compute(),
    });
    for p in parts.iter() {
        f(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemmas(word: &str) -> Vec<String> {
        split(word).map_or_else(
            || vec![word.to_string()],
            |p| p.into_iter().map(|p| p.lemma).collect(),
        )
    }

    #[test]
    fn lists_are_sorted_sets() {
        assert!(THREE_LETTER_NOUNS.iter().all(|w| w.chars().count() == 3));
        for l in [THREE_LETTER_NOUNS, MODIFIERS, PARTICLES] {
            let set: FxHashSet<_> = l.iter().collect();
            assert_eq!(set.len(), l.len());
        }
    }

    #[test]
    fn real_cases() {
        assert_eq!(lemmas("außenministerium"), ["außen", "ministerium"]);
        assert_eq!(lemmas("außenministeriums"), ["außen", "ministerium"]);
        assert_eq!(lemmas("arbeitsmarkt"), ["arbeit", "markt"]);
        assert_eq!(lemmas("bundesregierung"), ["bund", "regierung"]);
        assert_eq!(lemmas("schulbuch"), ["schule", "buch"]);
        assert_eq!(lemmas("wochenende"), ["woche", "ende"]);
        for whole in [
            "unternehmen",
            "millionen",
            "dollar",
            "vorsitzende",
            "aussendung",
            "mannschaft",
        ] {
            assert_eq!(lemmas(whole), [whole], "{whole}");
        }
    }

    #[test]
    fn parts_keep_the_last_inflection() {
        let parts = split("finanzministerien").unwrap();
        assert_eq!(parts[1].lemma, "ministerium");
        assert_eq!(parts[1].surface, "ministerien");
    }
}
