//! Text analysis: NFC normalisation, tokenisation and case folding exactly as
//! Python defines them ("simple"), plus German rules ("german").
//!
//! Pipeline for one text: [`normalize`] (NFC, skipped when the text is
//! already NFC, with an alignment back to the original characters) → for
//! "german": [`german_text`] (soft hyphens inside words and, with
//! `gender_forms` and `gender_endings`, gender suffixes left out) → [`tokenize`] (maximal runs of Python-`isalnum` characters, each lowered
//! with Python's `str.lower`) → for "german": [`umlaut_digraphs`] (ae, oe,
//! ue read as ä, ö, ü, where umlauts are folded) → stop words (optional) →
//! the lexicon step and [`german::fold_umlauts`] (optional) → Snowball
//! stemming (optional) → compound parts (optional) → a hyphenated run's
//! closed form ([`catenate`], optional), which goes through the same steps.
//!
//! Unicode tables: token boundaries use a table generated from Python 3.11's
//! `unicodedata` ([`UNICODE_VERSION`], Unicode 14.0.0), so they do not move
//! when the Rust toolchain updates; lower-casing uses Rust std's
//! `char::to_lowercase`/`str::to_lowercase` (the toolchain's Unicode
//! version), which agrees with Python on every character Unicode 14 assigns.
//!
//! Offsets are character (code point) offsets into the caller's original
//! text, i.e. Python `str` indices. Positions count tokens from 0; a dropped
//! stop word still uses up its position, so phrase and proximity distances
//! stay those of the original text.

mod alnum_table;
mod catenate;
mod decompound;
mod endings;
mod german;
mod german_text;
mod lexicon;
mod normalize;
mod prefix_reading;
pub mod sentence;
mod tokenize;
mod umlaut_digraphs;
mod wildcard_reading;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rayon::prelude::*;

pub use alnum_table::UNICODE_VERSION;
pub use decompound::{Part as CompoundPart, split as split_compound};
pub use german::STOP_WORDS;
pub use german_text::Reading;
pub(crate) use german_text::{
    CAPS_ENDINGS, LOWER_ENDINGS, SHORT_ENDINGS, ends_all_caps_word, ends_lower_word,
};
pub use prefix_reading::PrefixReading;
pub use wildcard_reading::{WildcardError, check_wildcard, is_wildcard};

/// The part lemmas of one word as the analyzer splits it (`[]` when it stays
/// whole): NFC first, as for any text, so "Bu\u{308}rgermeister" splits as
/// "Bürgermeister" does, and with the umlaut digraphs read, as the default
/// "german" reads them ("Buergermeister" too); only a word written with a
/// capital is split.
pub fn compound_lemmas(word: &str) -> Vec<String> {
    let normalized = normalize::nfc(word).read_as(Reading::German {
        gender_forms: false,
        gender_endings: false,
    });
    let word = normalized.text();
    if !word.starts_with(char::is_uppercase) {
        return Vec::new();
    }
    let lower = python_lower(word);
    let mut buf = String::new();
    let read = umlaut_digraphs::read(&lower, umlaut_digraphs::Extent::Word, &mut buf);
    decompound::split(read)
        .map(|parts| parts.into_iter().map(|p| p.lemma).collect())
        .unwrap_or_default()
}

/// Python's `str.lower()` of a whole string (full Unicode lower-casing with
/// the final-sigma rule), as the analyzer lower-cases each token.
pub fn python_lower(text: &str) -> String {
    let mut buf = String::new();
    tokenize::lower(text, text.is_ascii(), &mut buf).to_string()
}

use crate::{Error, Result};

/// The named analyzer definitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// The reference definition every backend shares (see the module docs).
    Simple,
    /// Simple plus German stemming, stop words, umlaut folding.
    German,
}

impl Preset {
    /// Every preset, in the order error messages list them.
    pub const ALL: [Preset; 2] = [Preset::Simple, Preset::German];

    /// The preset's name as users write it.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Simple => "simple",
            Preset::German => "german",
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Preset::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Preset::ALL
                    .iter()
                    .map(|p| format!("{:?}", p.name()))
                    .collect();
                Error::InvalidArgument(format!(
                    "unknown analyzer {s:?}; valid names: {}",
                    names.join(", ")
                ))
            })
    }
}

/// What an [`Analyzer`] does; stored in index manifests via [`to_spec`](Self::to_spec).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzerConfig {
    pub preset: Preset,
    /// German Snowball stemming.
    pub stem: bool,
    /// Drop German stop words (their positions stay used).
    pub stopwords: bool,
    /// ä→a, ö→o, ü→u, ß→ss before stemming.
    pub fold_umlauts: bool,
    /// Add the parts of German compounds at the whole word's position.
    pub decompound: bool,
    /// Read a gender form ("Bürger*innen", "Lehrer:in", "BürgerInnen") as
    /// its base word, one token (`german_text`).
    pub gender_forms: bool,
    /// Read the transliterations ae, oe, ue as ä, ö, ü (Muenchen is
    /// München) whenever the analyzer folds umlauts (`stem` or
    /// `fold_umlauts`); see `umlaut_digraphs`.
    pub umlaut_digraphs: bool,
    /// Add the term of a hyphenated run written closed ("Corona-Pandemie"
    /// as "Coronapandemie") at its first part's position; see `catenate`.
    pub catenate_compounds: bool,
    /// With `gender_forms`, read the all-caps forms ("BÜRGER*INNEN",
    /// "LEHRER:IN") and the short endings after a star or a middle dot
    /// ("jede*r", "ein*e") as their base word too (`german_text`).
    pub gender_endings: bool,
}

impl AnalyzerConfig {
    /// The reference definition: no options.
    pub fn simple() -> Self {
        AnalyzerConfig {
            preset: Preset::Simple,
            stem: false,
            stopwords: false,
            fold_umlauts: false,
            decompound: false,
            gender_forms: false,
            umlaut_digraphs: false,
            catenate_compounds: false,
            gender_endings: false,
        }
    }

    /// The German defaults: stemming, gender forms (with their all-caps
    /// and short endings), umlaut digraphs and catenated compounds on,
    /// everything else off.
    pub fn german() -> Self {
        AnalyzerConfig {
            preset: Preset::German,
            stem: true,
            gender_forms: true,
            umlaut_digraphs: true,
            catenate_compounds: true,
            gender_endings: true,
            ..AnalyzerConfig::simple()
        }
    }

    /// The defaults of `preset`.
    pub fn preset(preset: Preset) -> Self {
        match preset {
            Preset::Simple => AnalyzerConfig::simple(),
            Preset::German => AnalyzerConfig::german(),
        }
    }

    /// A stable one-line form, e.g.
    /// `"german stem=1 stopwords=0 fold_umlauts=0 decompound=0 gender_forms=1 umlaut_digraphs=1 catenate_compounds=1 gender_endings=1"`.
    pub fn to_spec(&self) -> String {
        let b = |v: bool| if v { 1 } else { 0 };
        format!(
            "{} stem={} stopwords={} fold_umlauts={} decompound={} gender_forms={} \
             umlaut_digraphs={} catenate_compounds={} gender_endings={}",
            self.preset,
            b(self.stem),
            b(self.stopwords),
            b(self.fold_umlauts),
            b(self.decompound),
            b(self.gender_forms),
            b(self.umlaut_digraphs),
            b(self.catenate_compounds),
            b(self.gender_endings)
        )
    }

    /// Parses [`to_spec`](Self::to_spec)'s form; options left out keep the
    /// preset's defaults, so `"german"` alone is valid.
    pub fn from_spec(spec: &str) -> Result<Self> {
        Self::parse_spec(spec, AnalyzerConfig::preset)
    }

    /// Parses a spec stored in an index manifest. An older build wrote no
    /// key for the options added since, and they were off then: a stored
    /// spec without one reads it as off, so the index keeps its analysis.
    pub fn from_stored_spec(spec: &str) -> Result<Self> {
        Self::parse_spec(spec, |preset| AnalyzerConfig {
            gender_forms: false,
            umlaut_digraphs: false,
            catenate_compounds: false,
            gender_endings: false,
            ..AnalyzerConfig::preset(preset)
        })
    }

    fn parse_spec(spec: &str, defaults: impl FnOnce(Preset) -> AnalyzerConfig) -> Result<Self> {
        let bad =
            |why: String| Error::InvalidArgument(format!("bad analyzer spec {spec:?}: {why}"));
        let mut words = spec.split_ascii_whitespace();
        let preset: Preset = words.next().ok_or_else(|| bad("empty".into()))?.parse()?;
        let mut config = defaults(preset);
        for word in words {
            let (key, value) = word
                .split_once('=')
                .ok_or_else(|| bad(format!("{word:?}")))?;
            let value = match value {
                "1" => true,
                "0" => false,
                _ => return Err(bad(format!("{key} must be 0 or 1, not {value:?}"))),
            };
            match key {
                "stem" => config.stem = value,
                "stopwords" => config.stopwords = value,
                "fold_umlauts" => config.fold_umlauts = value,
                "decompound" => config.decompound = value,
                "gender_forms" => config.gender_forms = value,
                "umlaut_digraphs" => config.umlaut_digraphs = value,
                "catenate_compounds" => config.catenate_compounds = value,
                "gender_endings" => config.gender_endings = value,
                _ => return Err(bad(format!("unknown option {key:?}"))),
            }
        }
        Ok(config)
    }

    /// True when the analyzer adds `is_part` tokens (compound parts or
    /// closed forms of hyphenated runs), so that whole-word occurrences
    /// differ from all postings.
    pub fn emits_parts(&self) -> bool {
        self.decompound || self.catenate_compounds
    }
}

/// One token, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The term as indexed.
    pub term: String,
    /// Character offsets into the original text: `text[start:end]` in Python.
    pub start: usize,
    pub end: usize,
    pub position: u32,
    /// A part of a compound at its whole word's position (decompounding).
    pub is_part: bool,
}

/// One token as the analyzer hands it to a sink; `term` lives in a buffer
/// that the next token reuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenRef<'a> {
    pub term: &'a str,
    pub start: usize,
    pub end: usize,
    pub position: u32,
    pub is_part: bool,
}

impl TokenRef<'_> {
    pub fn to_token(&self) -> Token {
        Token {
            term: self.term.to_string(),
            start: self.start,
            end: self.end,
            position: self.position,
            is_part: self.is_part,
        }
    }
}

struct Inner {
    config: AnalyzerConfig,
    stemmer: Option<german::GermanStemmer>,
}

/// Turns text into terms with offsets and positions. `Send + Sync`; clones
/// share one definition.
///
/// ```
/// use stichwort_core::analysis::{Analyzer, AnalyzerConfig};
/// let a = Analyzer::new(AnalyzerConfig::german()).unwrap();
/// assert_eq!(a.terms("Die Außenministeriums"), ["die", "aussenministerium"]);
/// ```
#[derive(Clone)]
pub struct Analyzer(Arc<Inner>);

impl fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Analyzer({})", self.0.config.to_spec())
    }
}

impl Analyzer {
    /// Checks `config` and builds the analyzer.
    ///
    /// Errors: [`Error::InvalidArgument`] for German options on "simple".
    pub fn new(config: AnalyzerConfig) -> Result<Self> {
        if config.preset == Preset::Simple
            && (config.stem
                || config.stopwords
                || config.fold_umlauts
                || config.decompound
                || config.gender_forms
                || config.umlaut_digraphs
                || config.catenate_compounds
                || config.gender_endings)
        {
            return Err(Error::InvalidArgument(
                "the simple analyzer takes no options; use \"german\" for stem, stopwords, \
                 fold_umlauts, decompound, gender_forms, umlaut_digraphs, catenate_compounds \
                 and gender_endings"
                    .into(),
            ));
        }
        let stemmer = config.stem.then(german::GermanStemmer::new);
        Ok(Analyzer(Arc::new(Inner { config, stemmer })))
    }

    pub fn config(&self) -> &AnalyzerConfig {
        &self.0.config
    }

    /// True when terms have ä/ö/ü/ß folded: by `fold_umlauts`, or by
    /// German Snowball, which folds the stems it writes.
    fn folds_umlauts(&self) -> bool {
        self.0.config.fold_umlauts || self.0.config.stem
    }

    /// True when words are read with [`umlaut_digraphs`]: only where umlauts
    /// are folded anyway, so that with both off a word stays as written.
    fn reads_digraphs(&self) -> bool {
        self.0.config.umlaut_digraphs && self.folds_umlauts()
    }

    /// The dictionary prefix a prefix query looks for: NFC, Python's
    /// `str.lower()`, and where terms are folded, the ae/oe/ue digraphs
    /// read as words read them (except that the prefix's last digraph is
    /// always read: its word goes on) and ä→a, ö→o, ü→u, ß→ss. Never
    /// stemmed.
    ///
    /// ```
    /// use stichwort_core::analysis::{Analyzer, AnalyzerConfig};
    /// let a = Analyzer::new(AnalyzerConfig::german()).unwrap();
    /// assert_eq!(a.normalise_prefix("Muench"), "munch");
    /// assert_eq!(a.normalise_prefix("Außen"), "aussen");
    /// ```
    pub fn normalise_prefix(&self, prefix: &str) -> String {
        let lower = python_lower(normalize::nfc(prefix).text());
        if !self.folds_umlauts() {
            return lower;
        }
        let (mut read_buf, mut fold_buf) = (String::new(), String::new());
        let read = if self.reads_digraphs() {
            umlaut_digraphs::read(&lower, umlaut_digraphs::Extent::Prefix, &mut read_buf)
        } else {
            &lower
        };
        german::fold_umlauts(read, &mut fold_buf).to_string()
    }

    /// Calls `sink` for every token of `text`, positions from 0. No
    /// allocation per token beyond buffers reused for the whole text.
    pub fn analyze(&self, text: &str, sink: &mut dyn FnMut(TokenRef<'_>)) {
        self.run(text, 0, sink);
    }

    /// [`analyze`](Self::analyze) with the sink's type known, so that the
    /// call per token is inlined (for hot callers: index writer, bindings).
    ///
    /// ```
    /// use stichwort_core::analysis::{Analyzer, AnalyzerConfig};
    /// let a = Analyzer::new(AnalyzerConfig::simple()).unwrap();
    /// let mut ends = Vec::new();
    /// a.analyze_with("Der Ölpreis", |t| ends.push(t.end));
    /// assert_eq!(ends, [3, 11]);
    /// ```
    pub fn analyze_with<F: FnMut(TokenRef<'_>)>(&self, text: &str, mut sink: F) {
        self.run(text, 0, &mut sink);
    }

    /// Like [`analyze`](Self::analyze) with positions from `first_position`;
    /// returns the next free position (one past the last token's, counting
    /// dropped stop words).
    pub fn analyze_from(
        &self,
        text: &str,
        first_position: u32,
        sink: &mut dyn FnMut(TokenRef<'_>),
    ) -> u32 {
        self.run(text, first_position, sink)
    }

    /// All tokens of `text`, owned.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.run(text, 0, &mut |t: TokenRef<'_>| out.push(t.to_token()));
        out
    }

    /// The terms of `text` in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.run(text, 0, &mut |t: TokenRef<'_>| out.push(t.term.to_string()));
        out
    }

    /// [`terms`](Self::terms) of every text, in parallel on the current
    /// rayon pool; identical to calling it one by one.
    pub fn terms_batch(&self, texts: &[&str]) -> Vec<Vec<String>> {
        texts.par_iter().map(|t| self.terms(t)).collect()
    }

    /// The terms one query word becomes (never compound parts; empty for a
    /// stop word when stop words are on; several for "Nord-Süd").
    pub fn analyze_query_word(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.run(word, 0, &mut |t: TokenRef<'_>| {
            if !t.is_part {
                out.push(t.term.to_string())
            }
        });
        out
    }

    /// The term of a query word's closed form when the word is one
    /// hyphenated run this analyzer reads closed ("Corona-Pandemie" → the
    /// term of "Coronapandemie"), else None. It is the `is_part` token that
    /// spans all of the word's tokens, from its first to its last position
    /// (a compound part spans one word only), so the reference backend
    /// finds it from the tokens alike.
    ///
    /// ```
    /// use stichwort_core::analysis::{Analyzer, AnalyzerConfig};
    /// let a = Analyzer::new(AnalyzerConfig::german()).unwrap();
    /// assert_eq!(a.closed_form("Corona-Pandemie").as_deref(), Some("coronapandemi"));
    /// assert_eq!(a.closed_form("Corona Pandemie"), None);
    /// ```
    pub fn closed_form(&self, word: &str) -> Option<String> {
        if !self.0.config.catenate_compounds {
            return None;
        }
        let mut tokens: Vec<Token> = Vec::new();
        self.run(word, 0, &mut |t: TokenRef<'_>| tokens.push(t.to_token()));
        let start = tokens.iter().map(|t| t.start).min()?;
        let end = tokens.iter().map(|t| t.end).max()?;
        let positions = tokens.iter().map(|t| t.position);
        if positions.clone().min() == positions.max() {
            return None;
        }
        let closed = tokens
            .into_iter()
            .find(|t| t.is_part && (t.start, t.end) == (start, end))?;
        Some(closed.term)
    }

    /// Sentence starts of `text` ([`sentence::sentence_starts`]) on the
    /// tokens this analyzer sees: its positions.
    pub fn sentence_starts(&self, text: &str) -> Vec<u32> {
        sentence::sentence_starts(text, self.reading())
    }

    /// "german" reads a word hyphenated with soft hyphens as one, and with
    /// `gender_forms` (and `gender_endings`) a gender form as its base
    /// ([`german_text`]); "simple" is Python's definition, where they separate.
    pub fn reading(&self) -> Reading {
        match self.0.config.preset {
            Preset::Simple => Reading::Simple,
            Preset::German => Reading::German {
                gender_forms: self.0.config.gender_forms,
                gender_endings: self.0.config.gender_endings,
            },
        }
    }

    /// The text as tokenised: NFC, soft hyphens joined for "german".
    fn prepare<'t>(&self, text: &'t str) -> normalize::Normalized<'t> {
        normalize::nfc(text).read_as(self.reading())
    }

    fn run<F: FnMut(TokenRef<'_>) + ?Sized>(&self, text: &str, first: u32, sink: &mut F) -> u32 {
        match &self.0.stemmer {
            Some(s) => s.with_cache(|stemmer| self.run_with(text, first, Some(stemmer), sink)),
            None => self.run_with(text, first, None, sink),
        }
    }

    fn run_with<F: FnMut(TokenRef<'_>) + ?Sized>(
        &self,
        text: &str,
        first: u32,
        mut stemmer: Option<&mut german::CachedStemmer<'_>>,
        sink: &mut F,
    ) -> u32 {
        let config = &self.0.config;
        let normalized = self.prepare(text);
        let (norm, spans) = match &normalized {
            normalize::Normalized::Unchanged(t) => (*t, None),
            normalize::Normalized::Changed { text, spans } => (text.as_str(), Some(spans)),
        };
        let mut lower_buf = String::new();
        // Original character offsets of the normalised characters `start..end`.
        let offsets = |start: usize, end: usize| match spans {
            None => (start, end),
            Some(s) => (s[start].0, s[end - 1].1),
        };
        let mut position = first;
        // Every word is its own term ("simple"): the tight loop, with no
        // per-token test of German options.
        let plain = stemmer.is_none() && !config.fold_umlauts;
        if plain && !config.stopwords && !config.decompound && !config.catenate_compounds {
            tokenize::scan(norm, |batch| {
                for span in batch.spans() {
                    let (start, end) = offsets(span.char_start, span.char_end);
                    sink(TokenRef {
                        term: batch.lowered(span, &mut lower_buf),
                        start,
                        end,
                        position,
                        is_part: false,
                    });
                    position = position.saturating_add(1);
                }
            });
            return position;
        }
        let (mut bufs, mut part_bufs) = (TermBufs::default(), TermBufs::default());
        let mut emitted: Vec<String> = Vec::new();
        let mut catenated = CatenateBufs::default();
        let reads_digraphs = self.reads_digraphs();
        let mut digraph_buf = String::new();
        tokenize::scan(norm, |batch| {
            for span in batch.spans() {
                let this = position;
                position = position.saturating_add(1);
                // A hyphenated run's closed form, at its first part's
                // position, after that part's tokens (stop word or not).
                let run = (config.catenate_compounds
                    && catenate::hyphen_may_follow(norm, span.byte_end))
                .then(|| catenate::run_at(norm, span.byte_start))
                .flatten();
                let mut lowered = batch.lowered(span, &mut lower_buf);
                // Before everything else, so that stop words, the lexicon
                // and the splitter see "fuer" and "Haeuser" as "für", "häuser".
                if reads_digraphs {
                    lowered = umlaut_digraphs::read(
                        lowered,
                        umlaut_digraphs::Extent::Word,
                        &mut digraph_buf,
                    );
                }
                if !(config.stopwords && german::is_stop_word(lowered)) {
                    let term = if plain {
                        lowered
                    } else {
                        word_term(config, &mut stemmer, lowered, &mut bufs)
                    };
                    let (start, end) = offsets(span.char_start, span.char_end);
                    sink(TokenRef {
                        term,
                        start,
                        end,
                        position: this,
                        is_part: false,
                    });
                    // Compound parts: same position and offsets as the whole word.
                    if config.decompound
                        && lowered.len() >= decompound::MIN_WORD_CHARS
                        && norm[span.byte_start..].starts_with(char::is_uppercase)
                    {
                        emitted.clear();
                        decompound::for_each_part(lowered, |part| {
                            let t = word_term(config, &mut stemmer, part, &mut part_bufs);
                            if t != term && !emitted.iter().any(|e| e == t) {
                                emitted.push(t.to_string());
                                sink(TokenRef {
                                    term: t,
                                    start,
                                    end,
                                    position: this,
                                    is_part: true,
                                });
                            }
                        });
                    }
                }
                if let Some(run) = run {
                    let (start, end) = offsets(span.char_start, span.char_start + run.chars);
                    let text = &norm[span.byte_start..run.byte_end];
                    if let Some(term) = self.closed_term(text, &mut stemmer, &mut catenated) {
                        sink(TokenRef {
                            term,
                            start,
                            end,
                            position: this,
                            is_part: true,
                        });
                    }
                }
            }
        });
        position
    }
}

impl Analyzer {
    /// The term of a hyphenated run's text written closed (its parts
    /// joined, then lowered and read as one word), None when that is a
    /// dropped stop word or the term of one of its parts ("Haus-e").
    fn closed_term<'b>(
        &self,
        run: &str,
        stemmer: &mut Option<&mut german::CachedStemmer<'_>>,
        bufs: &'b mut CatenateBufs,
    ) -> Option<&'b str> {
        let config = &self.0.config;
        let CatenateBufs {
            joined,
            read,
            term,
            part_read,
            part_term,
        } = bufs;
        let digraphs = self.reads_digraphs();
        joined.clear();
        joined.extend(catenate::parts(run));
        let closed_word = read.read(joined, digraphs);
        if config.stopwords && german::is_stop_word(closed_word) {
            return None;
        }
        let closed = word_term(config, stemmer, closed_word, term);
        let same_as_a_part = catenate::parts(run).any(|p| {
            let p = part_read.read(p, digraphs);
            word_term(config, stemmer, p, part_term) == closed
        });
        (!same_as_a_part).then_some(closed)
    }
}

/// Buffers [`Analyzer::closed_term`] writes into, reused for a whole text.
#[derive(Default)]
struct CatenateBufs {
    joined: String,
    read: ReadBufs,
    term: TermBufs,
    part_read: ReadBufs,
    part_term: TermBufs,
}

/// Buffers for reading a word apart from the tokeniser's batches.
#[derive(Default)]
struct ReadBufs {
    lower: String,
    digraphs: String,
}

impl ReadBufs {
    /// `word` lower-cased and, with `digraphs`, its umlaut digraphs read,
    /// as the analyzer reads a token.
    fn read<'a>(&'a mut self, word: &'a str, digraphs: bool) -> &'a str {
        let lowered = tokenize::lower(word, word.is_ascii(), &mut self.lower);
        if digraphs {
            umlaut_digraphs::read(lowered, umlaut_digraphs::Extent::Word, &mut self.digraphs)
        } else {
            lowered
        }
    }
}

/// Buffers [`word_term`] writes into, reused for a whole text.
#[derive(Default)]
struct TermBufs {
    lex: String,
    fold: String,
    stem: String,
}

/// The term of one lower-cased word (or compound part) under the German
/// options: the lexicon step (with stemming only), umlaut folding, stemming.
/// With stemming the whole step is cached per word (see
/// [`german::CachedStemmer::memo`]).
#[inline]
fn word_term<'a>(
    config: &AnalyzerConfig,
    stemmer: &mut Option<&mut german::CachedStemmer<'_>>,
    word: &'a str,
    bufs: &'a mut TermBufs,
) -> &'a str {
    let TermBufs { lex, fold, stem } = bufs;
    let fold_umlauts = config.fold_umlauts;
    match stemmer {
        Some(stemmer) => stemmer.memo(1 + fold_umlauts as u8, word, stem, |snowball, word, out| {
            let (mut term, mut stem_it) = (word, true);
            if let Some((form, s)) = lexicon::rewrite(word, lex) {
                (term, stem_it) = (form, s);
            }
            if fold_umlauts {
                term = german::fold_umlauts(term, fold);
            }
            if stem_it {
                german::snowball(snowball, term, out);
            } else {
                out.push_str(term);
            }
        }),
        None if fold_umlauts => german::fold_umlauts(word, fold),
        None => word,
    }
}

#[cfg(test)]
mod tests;
